"""The HTML report: self-contained, escaped, with the diagram, device facts and config diffs."""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser

from netassess.report.base import ReportContext, render
from netassess.report.html import PRINT_SCRIPT
from netassess.results import RunResult


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        for name, value in attrs:
            if name in ("src", "href", "xlink:href", "action", "data", "poster") and value is not None:
                self.urls.append(value)


def _parse(html: str) -> _Collect:
    parser = _Collect()
    parser.feed(html)
    return parser


def test_page_references_no_external_asset(full_ctx: ReportContext) -> None:
    html = render("html", full_ctx)
    parser = _parse(html)
    assert all(url.startswith("data:") for url in parser.urls), parser.urls
    assert not re.search(r"url\((?!\s*['\"]?data:)", html), "CSS must not load anything"
    assert "@import" not in html
    tags = {tag for tag, _ in parser.tags}
    assert not tags & {"iframe", "object", "embed", "img", "frame"}
    assert [attrs.get("rel") for tag, attrs in parser.tags if tag == "link"] == ["icon"]


def test_content_security_policy_allows_only_the_inline_print_script(full_ctx: ReportContext) -> None:
    html = render("html", full_ctx)
    digest = base64.b64encode(hashlib.sha256(PRINT_SCRIPT.encode()).digest()).decode()
    csp = next(a["content"] for t, a in _parse(html).tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    assert f"script-src 'sha256-{digest}'" in csp
    assert csp.startswith("default-src 'none';")
    assert f"<script>{PRINT_SCRIPT}</script>" in html


def test_untrusted_check_messages_are_escaped(full_ctx: ReportContext) -> None:
    html = render("html", full_ctx)
    assert "&lt;b&gt;check&lt;/b&gt;" in html
    assert "<b>check</b>" not in html


def test_hostile_device_name_and_message_cannot_inject_markup(result: RunResult) -> None:
    evil = result.model_copy(deep=True)
    evil.results[0].message = '<script>alert(1)</script><img src="http://x">'
    evil.results[3].target = '"><svg onload=alert(1)>'
    html = render("html", ReportContext(result=evil))
    assert "<script>alert(1)" not in html and "<img" not in html and "<svg onload" not in html


def test_score_grade_and_per_skill_table(full_ctx: ReportContext) -> None:
    html = render("html", full_ctx)
    assert '<div class="percent">52.5%</div>' in html
    # the fixture run had errors: an incomplete run never headlines as a bare grade
    assert '<div class="grade">INCOMPLETE, grade so far FAIL</div>' in html
    assert 'scorecard grade-incomplete' in html
    skills = re.search(r'<table class="skills">.*?</table>', html, re.S).group(0)
    for code in ("S2", "S4", "S7", "S13"):
        assert f"<strong>{code}</strong>" in skills
    assert 'class="unmet"' in skills  # S4 is below its 50 % minimum


def test_every_check_target_is_listed_with_status_message_and_hint(full_ctx: ReportContext) -> None:
    html = render("html", full_ctx)
    checks = re.search(r'<section id="checks">.*?</section>', html, re.S).group(0)
    rows = re.findall(r'<tr class="row-(pass|fail|error|skip)">', checks)
    assert len(rows) == len(full_ctx.result.results)
    assert "Enable `service password-encryption`" in html
    assert "r3: unreachable: TCP connection to 172.20.20.13:22 timed out after 10s" in html


def test_hints_are_hidden_when_the_context_says_so(full_ctx: ReportContext) -> None:
    full_ctx.show_hints = False
    assert 'class="hint"' not in render("html", full_ctx)


def test_device_facts_come_from_get_facts_and_errors_are_shown(full_ctx: ReportContext) -> None:
    html = render("html", full_ctx)
    devices = re.search(r'<table class="devices">.*?</table>', html, re.S).group(0)
    assert "FRRouting" in devices and "8.4.4" in devices and "FRR (netns)" in devices and "r2-0002" in devices
    assert 'class="row-error"' in devices and "timed out after 10s" in devices


def test_topology_svg_colours_nodes_and_links_by_results(full_ctx: ReportContext) -> None:
    html = render("html", full_ctx)
    svg = re.search(r"<svg .*?</svg>", html, re.S).group(0)
    nodes = {name: status for status, name in re.findall(r'<g class="node status-([a-z-]+)" data-node="([^"]+)"', svg)}
    assert nodes == {"r1": "fail", "r2": "fail", "r3": "error"}
    links = {name: status for status, name in re.findall(r'<g class="link status-([a-z-]+)" data-link="([^"]+)"', svg)}
    assert links == {"r1:eth1--r2:eth1": "pass", "r1:eth2--r3:eth1": "error", "r2:eth2--r3:eth2": "error"}


def test_diagram_falls_back_to_what_the_results_name_without_a_topology(result: RunResult) -> None:
    html = render("html", ReportContext(result=result))
    assert 'data-node="r3"' in html
    assert 'data-link="r1:eth1--r2:eth1"' in html


def test_config_diffs_are_collapsible_highlighted_and_masked(full_ctx: ReportContext) -> None:
    html = render("html", full_ctx)
    details = re.findall(r'<details class="diff".*?</details>', html, re.S)
    assert len(details) == 2
    r1 = details[0]
    assert "<strong>r1</strong>" in r1
    assert '<span class="dl dl-add">+ ip ospf message-digest-key 1 md5 &lt;removed&gt;</span>' in r1
    assert '<span class="dl dl-add">+ passive-interface lo</span>' in r1
    assert "Seeded" not in html


def test_final_configs_come_from_the_snapshot_when_not_given(full_ctx: ReportContext) -> None:
    full_ctx.configs_after = {}
    html = render("html", full_ctx)
    assert html.count('<details class="diff"') == 2
    assert "+ passive-interface lo" in html


def test_print_css_keeps_colours_and_avoids_splitting_checks(full_ctx: ReportContext) -> None:
    html = render("html", full_ctx)
    assert "@media print" in html and "@page" in html
    assert "print-color-adjust: exact" in html
    assert "window.addEventListener(\"beforeprint\"" in html
