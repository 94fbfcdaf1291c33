"""A practice attempt's start is kept with the lab: a resume counts time from the real start."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

from rich.console import Console
from test_practice_loop import Script, SteppingStop

from netassess.practice import PlainView, RecordingView, practise, start_attempt
from netassess.practice.attempt import RECORD
from netassess.results import Status


class FakeClock:
    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


START = datetime(2026, 3, 2, 14, 2, tzinfo=UTC)


def test_first_start_is_recorded_and_a_resume_reads_it_back_with_the_real_start(tmp_path: Path) -> None:
    clock = FakeClock(START)
    first = start_attempt(tmp_path, "s2-ospf-triangle", "c01", now=clock)
    assert (first.started, first.resumed, first.warning, first.note()) == (START, False, None, "")
    assert (tmp_path / RECORD).is_file()
    clock.now = START + timedelta(minutes=25)
    again = start_attempt(tmp_path, "s2-ospf-triangle", "c01", now=clock)
    assert again.resumed and again.started == START
    assert again.elapsed_s(clock.now) == 25 * 60
    assert again.note() == f"resumed; started {START.astimezone().strftime('%H:%M')}"


def test_restart_timer_begins_a_fresh_attempt_that_later_resumes_count_from(tmp_path: Path) -> None:
    clock = FakeClock(START)
    start_attempt(tmp_path, "t", None, now=clock)
    clock.now = START + timedelta(hours=1)
    fresh = start_attempt(tmp_path, "t", None, restart=True, now=clock)
    assert not fresh.resumed and fresh.started == clock.now
    clock.now += timedelta(minutes=5)
    assert start_attempt(tmp_path, "t", None, now=clock).elapsed_s(clock.now) == 5 * 60


def test_each_candidate_and_task_on_one_lab_has_its_own_attempt(tmp_path: Path) -> None:
    clock = FakeClock(START)
    start_attempt(tmp_path, "t", "ann", now=clock)
    clock.now = START + timedelta(minutes=10)
    bob = start_attempt(tmp_path, "t", "bob", now=clock)
    other_task = start_attempt(tmp_path, "u", "ann", now=clock)
    assert not bob.resumed and not other_task.resumed
    assert start_attempt(tmp_path, "t", "ann", now=clock).started == START


def test_an_unreadable_record_or_no_lab_dir_warns_and_counts_from_now(tmp_path: Path) -> None:
    (tmp_path / RECORD).write_text("{not json")
    clock = FakeClock(START)
    broken = start_attempt(tmp_path, "t", None, now=clock)
    assert not broken.resumed and broken.started == START
    assert broken.warning is not None and "unreadable practice record" in broken.warning
    nowhere = start_attempt(None, "t", None, now=clock)
    assert not nowhere.resumed and nowhere.warning is not None and "counts from now" in nowhere.warning


def test_a_resumed_loop_shows_time_left_from_the_real_start_and_says_it_resumed() -> None:
    stop = SteppingStop()
    script = Script([{"r1": "a"}] * 2, [{"c": Status.FAIL}], stop)
    view = RecordingView()
    practise(script.assess, script, view, stop=stop, interval=1, time_limit_s=3600, clock=script.clock,
             elapsed_before=1500, note="resumed; started 14:02")
    first = view.frames[0]
    assert first.elapsed_s >= 1500 and first.time_left_s is not None and 2000 < first.time_left_s <= 2100
    assert all(f.note == "resumed; started 14:02" for f in view.frames)
    plain = Console(record=True, width=200)
    stop.clear()
    practise(Script([{"r1": "a"}], [{"c": Status.FAIL}], stop).assess, Script([{"r1": "a"}], [{}], stop),
             PlainView(plain), stop=stop, interval=1, time_limit_s=3600, elapsed_before=3700, note="resumed; started 14:02")
    assert "over time (resumed; started 14:02)" in plain.export_text()


def test_candidates_starting_at_once_on_one_lab_each_keep_their_start(tmp_path: Path) -> None:
    clock = FakeClock(START)
    threads = [threading.Thread(target=start_attempt, args=(tmp_path, "t", f"c{i}"), kwargs={"now": clock})
               for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(start_attempt(tmp_path, "t", f"c{i}", now=clock).resumed for i in range(8))
