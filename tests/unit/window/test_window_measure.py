"""The change window's arithmetic: outages from `ping -D -O` lines, and `change_downtime`'s verdicts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from netassess.checks.base import StateUnavailable, StateView, Target
from netassess.checks.downtime import ChangeDowntime
from netassess.results import Status
from netassess.snapshot import Snapshot
from netassess.window_measure import ProbeSeries, WindowMeasurement, longest_outage, probe_span, reply_times

T0 = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)


def test_pings_answered_every_interval_are_no_outage_and_a_gap_is_its_length_less_one_interval() -> None:
    replies = [100.0 + 0.2 * i for i in range(10)] + [104.0 + 0.2 * i for i in range(5)]
    assert longest_outage(replies[:10], 100.0, 101.8, 0.2)[0] == pytest.approx(0.0, abs=1e-9)
    seconds, began = longest_outage(replies, 100.0, 104.8, 0.2)
    assert seconds == pytest.approx(104.0 - 101.8 - 0.2) and began == pytest.approx(101.8)


def test_no_reply_at_all_is_an_outage_of_the_whole_window() -> None:
    assert longest_outage([], 10.0, 25.0, 0.2)[0] == pytest.approx(14.8)


def test_ping_lines_give_replies_and_the_probe_span_skips_start_up_time() -> None:
    text = ("[1733050000.400000] no answer yet for icmp_seq=1\n"
            "[1733050000.600000] 64 bytes from 10.255.0.3: icmp_seq=2 ttl=63 time=0.1 ms\n"
            "PING 10.255.0.3 (10.255.0.3) 56(84) bytes of data.\n"
            "[1733050000.800000] 64 bytes from 10.255.0.3: icmp_seq=3 ttl=63 time=0.1 ms\n")
    assert reply_times(text) == [1733050000.6, 1733050000.8]
    assert probe_span(text, 0.2, 1733049990.0, 1733050010.0) == pytest.approx((1733050000.2, 1733050000.8))


def _judge(window: WindowMeasurement | None, **args: object):  # type: ignore[no-untyped-def]
    check = ChangeDowntime()
    parsed = check.parse_args({"max_outage": 1, **args})
    return check.evaluate(parsed, Target("device", "r2", ("r2",)), StateView(Snapshot(window=window)), None)  # type: ignore[arg-type]


def window(*outages: float) -> WindowMeasurement:
    probes = [ProbeSeries(source="r2", device="r2", target=f"10.255.0.{i}", replies=50, longest_outage=o, outage_from=T0)
              for i, o in enumerate(outages, 3)]
    return WindowMeasurement(started=T0, finished=T0 + timedelta(seconds=30), interval=0.2, probes=probes)


def test_an_outage_within_max_outage_passes_and_a_longer_one_earns_partial_credit_down_to_none() -> None:
    assert _judge(window(0.4, 0.9)).status is Status.PASS
    partial = _judge(window(0.2, 5.5))
    assert partial.status is Status.FAIL and partial.fraction == pytest.approx(0.5) and "5.5 s to 10.255.0.4" in partial.message
    assert _judge(window(12.0)).fraction == 0.0


def test_a_run_without_a_window_cannot_be_judged_and_says_how_to_get_one() -> None:
    with pytest.raises(StateUnavailable, match="baseline\\s+with --window"):
        _judge(None)
