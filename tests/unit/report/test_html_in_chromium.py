"""The HTML report opened in real headless Chromium (Debian's ``chromium``).

It must render with no console errors or CSP violations, show the SVG diagram, and a
screenshot must be a real, non-blank picture. Under ``make test`` as root
(NETASSESS_REQUIRE_LIVE=1) a missing chromium fails these tests instead of skipping them.
"""

from __future__ import annotations

import io
import os
from collections import Counter
from pathlib import Path

import png
import pytest
from headless_chromium import Browser, chromium_path

from netassess.report.base import render

pytestmark = pytest.mark.browser

ARTIFACTS = Path(os.environ.get("NETASSESS_ARTIFACTS", "")) if os.environ.get("NETASSESS_ARTIFACTS") else None


@pytest.fixture(scope="module")
def browser():
    if chromium_path() is None:
        if os.environ.get("NETASSESS_REQUIRE_LIVE") == "1":
            pytest.fail("chromium is required for the HTML report tests (make deps-test-apt)", pytrace=False)
        pytest.skip("chromium is not installed (apt-get install chromium)")
    with Browser() as b:
        yield b


@pytest.fixture(scope="module")
def opened(browser: Browser, tmp_path_factory: pytest.TempPathFactory):
    from report_fixtures import full_context

    page = tmp_path_factory.mktemp("html") / "report.html"
    page.write_text(render("html", full_context()))
    browser.open(page)
    return browser


def _decode(data: bytes) -> tuple[int, int, Counter]:
    width, height, rows, _ = png.Reader(file=io.BytesIO(data)).asRGBA8()
    colours: Counter = Counter()
    for y, row in enumerate(rows):
        if y % 4:
            continue
        for x in range(0, width * 4, 16):
            colours[tuple(row[x:x + 3])] += 1
    return width, height, colours


def test_report_renders_without_console_errors_or_csp_violations(opened: Browser) -> None:
    assert opened.problems() == []


def test_topology_svg_is_in_the_rendered_dom_with_every_node_and_link(opened: Browser) -> None:
    nodes = opened.evaluate(
        "[...document.querySelectorAll('svg.topology g.node')].map(g => g.dataset.node + ':' + g.classList[1])"
    )
    assert sorted(nodes) == ["r1:status-fail", "r2:status-fail", "r3:status-error"]
    assert opened.evaluate("document.querySelectorAll('svg.topology g.link line').length") == 3
    box = opened.evaluate(
        "(() => { const r = document.querySelector('svg.topology').getBoundingClientRect(); return [r.width, r.height]; })()"
    )
    assert box[0] > 400 and box[1] > 200


def test_page_loaded_nothing_from_outside(opened: Browser) -> None:
    urls = opened.evaluate("performance.getEntriesByType('resource').map(e => e.name)")
    assert urls == []


def test_screenshot_is_a_real_non_blank_picture(opened: Browser) -> None:
    shot = opened.screenshot()
    if ARTIFACTS:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        (ARTIFACTS / "report.png").write_bytes(shot)
    width, height, colours = _decode(shot)
    assert width == 1280 and height > 1800, (width, height)
    assert len(colours) > 50, "a blank or nearly blank page"
    white = colours[(255, 255, 255)] / sum(colours.values())
    assert white < 0.9
    red, green, purple = (198, 40, 40), (46, 125, 50), (123, 31, 162)
    for colour in (red, green, purple):  # fail / pass / error colours of badges and the diagram
        assert colours[colour] > 0, f"colour {colour} missing from the screenshot"


def test_printing_opens_the_config_diffs_and_gives_a_pdf(opened: Browser) -> None:
    pdf = opened.print_pdf()
    assert pdf.startswith(b"%PDF-") and len(pdf) > 10_000
    if ARTIFACTS:
        (ARTIFACTS / "report.pdf").write_bytes(pdf)
    opened.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert opened.evaluate("[...document.querySelectorAll('details')].every(d => d.open)")
    opened.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert opened.evaluate("[...document.querySelectorAll('details')].filter(d => d.open).length") == 1


def test_the_console_check_does_catch_errors_and_csp_violations(browser: Browser, tmp_path: Path) -> None:
    """Guard for the first test: a page with a console error and a blocked inline script is reported."""
    page = tmp_path / "bad.html"
    page.write_text(
        "<!DOCTYPE html><html><head><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'\">"
        "<link rel=\"icon\" href=\"data:,\"></head><body><script>console.error('boom')</script></body></html>"
    )
    browser.events.clear()
    browser.open(page)
    problems = browser.problems()
    assert any("Content Security Policy" in p or "Content-Security-Policy" in p for p in problems), problems
