"""Every run and check lands in the history; ``netassess history`` and the HTML report show progress."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from engine_fakes import FakeDevices, write_inventory
from engine_project import write_project
from test_engine_cli import cli


def _farm(devices: FakeDevices, eth1: bool) -> None:
    for name in ("r1", "r2", "r3"):
        devices.add(name, values={"interfaces": {"eth1": eth1, "eth2": True}}, commands={"show banner": "Authorised"})


def test_each_run_and_check_is_recorded_and_history_shows_progress_per_skill(
        tmp_path: Path, devices: FakeDevices, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "h.sqlite"
    task = write_project(tmp_path / "proj")
    inv = write_inventory(tmp_path / "inv", {n: {"hostname": n} for n in ("r1", "r2", "r3")})
    _farm(devices, eth1=False)
    assert cli(monkeypatch, "check", task, "-i", inv, "-o", tmp_path / "a", "--candidate", "ann", "--history-db", db) == 1
    _farm(devices, eth1=True)
    assert cli(monkeypatch, "run", task, "-i", inv, "-o", tmp_path / "b", "--candidate", "ann", "--history-db", db,
               "-f", "json,html") == 0
    assert cli(monkeypatch, "run", task, "-i", inv, "-o", tmp_path / "c", "--candidate", "bob", "--no-history",
               "--history-db", db) == 0
    capsys.readouterr()
    assert cli(monkeypatch, "history", "--candidate", "ann", "--json", "--history-db", db) == 0
    [group] = json.loads(capsys.readouterr().out)
    assert group["candidate"] == "ann" and group["task"] == "engine-test"
    first, second = group["attempts"]
    assert (first["mode"], second["mode"]) == ("practice", "assess")
    assert first["percent"] < second["percent"] == 100
    assert first["skills"]["S2"]["percent"] < second["skills"]["S2"]["percent"] == 100
    assert first["params_hash"] == second["params_hash"] and second["output"] == str(tmp_path / "b")
    html = (tmp_path / "b" / "results.html").read_text()
    assert 'id="progress"' in html and 'data-series="S2"' in html and "2 attempts" in html
    assert cli(monkeypatch, "history", "--history-db", db, "--html", tmp_path / "h.html") == 0
    shown = capsys.readouterr().out
    assert "ann" in shown and "bob" not in shown and "2 attempts" in shown
    assert 'data-series="overall"' in (tmp_path / "h.html").read_text()


def test_a_broken_history_database_warns_in_one_line_and_still_writes_the_results(
        tmp_path: Path, devices: FakeDevices, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.sqlite"
    broken.write_bytes(b"this is not a database" * 100)
    _farm(devices, eth1=True)
    inv = write_inventory(tmp_path / "inv", {n: {"hostname": n} for n in ("r1", "r2", "r3")})
    out = tmp_path / "out"
    assert cli(monkeypatch, "run", write_project(tmp_path / "proj"), "-i", inv, "-o", out, "--history-db", broken) == 0
    assert json.loads((out / "results.json").read_text())["complete"] is True
    err = capsys.readouterr().err
    warnings = [line for line in err.splitlines() if "history not recorded" in line]
    assert len(warnings) == 1 and "results are written as usual" in err and "Traceback" not in err


def test_history_of_an_unreadable_database_exits_2_and_of_none_yet_says_so(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(monkeypatch, "history", "--history-db", tmp_path / "none.sqlite") == 0
    assert "no attempts recorded" in capsys.readouterr().out
    broken = tmp_path / "broken.sqlite"
    broken.write_bytes(b"garbage" * 1000)
    assert cli(monkeypatch, "history", "--history-db", broken) == 2
    assert "not a readable netassess history" in capsys.readouterr().err
