"""The drivers build each TTP template once and reuse it (building costs ~20× a parse): reuse must
answer exactly as a fresh parser would, call after call and from many collector threads at once."""

from __future__ import annotations

import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from driver_replay import fixture_text
from ttp import ttp

from napalm_netassess_linux import probes
from napalm_netassess_linux.ttp_parse import parse_ttp_file

PING = Path(probes.__file__).parent / "templates" / "ping.ttp"
PINGS = ["ping 10.0.12.2", "ping 2001:db8:12::2", "ping 192.168.1.99"]


def fresh_parse(template: Path, text: str) -> dict:
    parser = ttp(data=text, template=template.read_text())
    parser.parse()
    result = parser.result()[0][0]
    return result if isinstance(result, dict) else {}


def test_a_reused_parser_answers_each_text_as_a_fresh_parser_does() -> None:
    texts = [fixture_text(name) for name in PINGS]
    expected = [fresh_parse(PING, text) for text in texts]
    assert all(expected), "the fixtures must parse to something, or this compares nothing"
    for _ in range(2):  # the second round parses with a parser that has already parsed every text
        assert [parse_ttp_file(PING, text) for text in texts] == expected


def test_an_earlier_parse_leaves_nothing_behind_for_the_next() -> None:
    parse_ttp_file(PING, fixture_text("ping 10.0.12.2"))
    assert parse_ttp_file(PING, "") == {}
    assert probes.ping_result("ping: connect: Network is unreachable\n", 5)["error"].endswith("Network is unreachable")


def test_parsers_shared_by_collector_threads_keep_each_answer_apart() -> None:
    texts = [fixture_text(name) for name in PINGS] * 200
    expected = [fresh_parse(PING, text) for text in texts[:3]] * 200
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as Python can, so a shared parser would be caught mid-parse
    try:
        with ThreadPoolExecutor(max_workers=32) as pool:
            assert list(pool.map(lambda text: parse_ttp_file(PING, text), texts)) == expected
    finally:
        sys.setswitchinterval(interval)
