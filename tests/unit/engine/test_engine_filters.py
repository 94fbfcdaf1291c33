"""``run --device/--check/--tag``: part of a task, said so in results, reports and a re-score."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from engine_fakes import FakeDevices, write_inventory
from engine_project import cli, default_checks, write_project


@pytest.fixture
def project(tmp_path: Path, devices: FakeDevices) -> tuple[Path, Path]:
    devices.add("r1", values={"interfaces": {"eth1": True}}, commands={"show banner": "Authorised access only"})
    devices.add("r2", values={"interfaces": {"eth1": True, "eth2": True}})
    devices.add("r3", values={"interfaces": {"eth1": True}})
    checks = default_checks()
    checks[0]["tags"] = ["interfaces", "quick"]
    checks[1]["tags"] = ["security"]
    task = write_project(tmp_path / "proj", checks=checks)
    inv = write_inventory(tmp_path / "inv", {n: {"hostname": n} for n in ("r1", "r2", "r3")})
    return task, inv


def _results(out: Path) -> dict:
    return json.loads((out / "results.json").read_text())


def test_device_filter_contacts_only_that_device_and_marks_the_run_filtered(
        tmp_path: Path, devices: FakeDevices, project: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    task, inv = project
    out = tmp_path / "out"
    assert cli(monkeypatch, "run", task, "-i", inv, "-o", out, "--device", "r2", "-f", "table,json,md,csv") == 0
    res = _results(out)
    assert {(r["check_id"], r["target"]) for r in res["results"]} == {("eth1-up", "r2")}
    assert res["filters"]["devices"] == ["r2"] and res["filters"]["skipped_checks"] == ["banner", "links"]
    assert dict(devices.opens) == {"r2": 1}
    assert "FILTERED" in capsys.readouterr().out
    assert "| Filtered | **yes**" in (out / "results.md").read_text()
    assert (out / "results.csv").read_text().splitlines()[1].split(",")[6] == "true"  # the filtered column


def test_check_glob_and_tag_pick_checks_and_score_rejudges_the_same_part(
        tmp_path: Path, project: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    task, inv = project
    out = tmp_path / "out"
    assert cli(monkeypatch, "run", task, "-i", inv, "-o", out, "--check", "eth*", "--tag", "quick") == 0
    res = _results(out)
    assert {r["check_id"] for r in res["results"]} == {"eth1-up"} and res["filters"]["checks"] == ["eth*"]
    assert cli(monkeypatch, "score", out / "snapshot.json", task, "-o", tmp_path / "again") == 0
    again = _results(tmp_path / "again")
    assert again["filters"] == res["filters"] and len(again["results"]) == len(res["results"])


def test_a_full_run_has_no_filters(tmp_path: Path, project: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    task, inv = project
    assert cli(monkeypatch, "run", task, "-i", inv, "-o", tmp_path / "out") == 0
    assert _results(tmp_path / "out")["filters"] is None


@pytest.mark.parametrize("args, said", [
    (["--check", "nope*"], "no check of the task matches --check nope*"),
    (["--tag", "routing"], "tags: interfaces, quick, security"),
    (["--device", "r9"], "--device r9: not a device of this inventory"),
    (["--check", "banner", "--device", "r3"], "none of the selected checks targets these devices"),
])
def test_a_filter_that_matches_nothing_is_one_line_and_exit_2(
        tmp_path: Path, devices: FakeDevices, project: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, capsys,
        args: list[str], said: str) -> None:
    task, inv = project
    assert cli(monkeypatch, "run", task, "-i", inv, "-o", tmp_path / "out", *args) == 2
    err = capsys.readouterr().err
    assert said in err and err.count("\n") == 1
    assert not (tmp_path / "out" / "results.json").exists() and dict(devices.opens) == {}
