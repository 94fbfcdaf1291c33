"""The attempt history database: schema, keyed parameter hashes, concurrency, the chart."""

from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from netassess.errors import UsageError
from netassess.history import db as history_db
from netassess.history.chart import progress_svg
from netassess.history.db import MIGRATIONS, Attempt, HistoryDB


def attempt(n: int = 0, candidate: str | None = "c1", task: str = "t1", skills: dict | None = None) -> Attempt:
    skills = skills if skills is not None else {"S2": (n, 4.0), "S13": (1.0, 2.0)}
    awarded = sum(a for a, _ in skills.values())
    possible = sum(p for _, p in skills.values()) or 1.0
    return Attempt(started=datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=n), duration_s=3.5, mode="assess",
                   candidate=candidate, task_id=task, task_version="1", task_sha256="ab" * 32, params_hash="h",
                   awarded=awarded, possible=possible, percent=round(100 * awarded / possible, 1), grade="fail",
                   complete=True, skills=skills)


def test_new_database_is_at_the_latest_schema_version_with_a_migration_row_each(tmp_path: Path) -> None:
    db = HistoryDB(tmp_path / "h" / "history.sqlite")
    assert db.schema_version() == len(MIGRATIONS)
    with sqlite3.connect(db.path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert [r[0] for r in conn.execute("SELECT version FROM schema_migrations")] == list(range(1, len(MIGRATIONS) + 1))


def test_database_from_a_newer_netassess_is_refused_not_misread(tmp_path: Path) -> None:
    db = HistoryDB(tmp_path / "history.sqlite")
    db.schema_version()
    with sqlite3.connect(db.path) as conn:
        conn.execute("INSERT INTO schema_migrations VALUES (?, 'later')", (len(MIGRATIONS) + 1,))
    with pytest.raises(UsageError, match="newer than this netassess"):
        db.attempts()


def test_attempts_round_trip_with_skill_scores_oldest_first_and_filtered(tmp_path: Path) -> None:
    db = HistoryDB(tmp_path / "history.sqlite")
    for n in (2, 0, 1):
        db.add(attempt(n))
    db.add(attempt(5, candidate="c2"))
    db.add(attempt(6, task="t2"))
    mine = db.attempts(candidate="c1", task="t1")
    assert [a.skills["S2"][0] for a in mine] == [0, 1, 2]
    assert mine[0].skill_percent("S13") == 50.0 and mine[2].skill_percent("S2") == 50.0
    assert mine[0].skill_percent("S4") is None
    assert {a.candidate for a in db.attempts(task="t1")} == {"c1", "c2"}
    assert len(db.attempts()) == 5


def test_parameter_hash_is_keyed_per_database_so_a_short_secret_cannot_be_guessed_from_a_copy(tmp_path: Path) -> None:
    one, two = HistoryDB(tmp_path / "a.sqlite"), HistoryDB(tmp_path / "b.sqlite")
    params = {"ospf_key": "abc", "area": 0}
    assert one.params_hash(params) == one.params_hash(dict(reversed(params.items())))
    assert one.params_hash(params) != one.params_hash({**params, "ospf_key": "abd"})
    assert one.params_hash(params) != two.params_hash(params)  # another key: an unkeyed dictionary attack fails
    assert one.key_path.stat().st_mode & 0o777 == 0o600
    assert "abc" not in one.params_hash(params)


def test_concurrent_writers_lose_no_attempt(tmp_path: Path) -> None:
    db = HistoryDB(tmp_path / "history.sqlite")
    db.schema_version()

    def write(worker: int) -> None:
        for n in range(5):
            HistoryDB(db.path).add(attempt(n, candidate=f"c{worker}"))

    threads = [threading.Thread(target=write, args=(w,)) for w in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(db.attempts()) == 40
    with sqlite3.connect(db.path) as conn:
        assert conn.execute("SELECT COUNT(*) FROM skill_scores").fetchone()[0] == 80


def test_a_locked_database_raises_after_the_busy_timeout_instead_of_hanging(tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(history_db, "BUSY_TIMEOUT_MS", 100)
    db = HistoryDB(tmp_path / "history.sqlite")
    db.schema_version()
    holder = sqlite3.connect(db.path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            db.add(attempt())
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_progress_chart_draws_one_series_per_skill_plus_overall_and_escapes_labels() -> None:
    attempts = [attempt(0, skills={"S2": (0.0, 4.0), "<b>": (1.0, 1.0)}), attempt(1, skills={"S2": (4.0, 4.0)})]
    svg = str(progress_svg(attempts))
    assert svg.count('class="series"') == 3
    assert 'data-series="overall"' in svg and 'data-series="S2"' in svg
    assert "<b>" not in svg and "&lt;b&gt;" in svg
    assert "http" not in svg.replace("http://www.w3.org/2000/svg", "")  # no external reference
    assert "S2: 0%" in svg and "S2: 100%" in svg
