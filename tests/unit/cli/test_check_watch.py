"""``check --watch`` is the issue's other spelling of ``practice``: the same loop, not a copy of it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from test_cli_conventions import cli
from typer.testing import CliRunner

from netassess.cli import app
from netassess.errors import ExitCode


@pytest.fixture
def practice_calls(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Replaces the practice loop (it needs a running lab) and records how it was called."""
    calls: list[dict[str, Any]] = []

    def fake(task: str, **kwargs: Any) -> ExitCode:
        calls.append({"task": task, **kwargs})
        return ExitCode.BELOW_PASS_MARK

    monkeypatch.setattr("netassess.cli.practice.practice", fake)
    return calls


def test_check_watch_runs_the_practice_loop_on_the_given_lab_and_exits_with_its_code(
        monkeypatch: pytest.MonkeyPatch, practice_calls: list[dict[str, Any]], tmp_path: Path) -> None:
    code = cli(monkeypatch, "check", "s2-ospf-triangle", "--watch", "--lab", "mylab", "--candidate", "c01",
               "--param", "area=1", "--timeout", "7", "-o", tmp_path, "--no-history")
    assert code == ExitCode.BELOW_PASS_MARK
    [call] = practice_calls
    assert call["task"] == "s2-ospf-triangle" and call["lab"] == "mylab" and call["candidate"] == "c01"
    assert call["params"] == ["area=1"] and call["timeout"] == 7 and call["output"] == tmp_path
    assert call["history"] is None


def test_check_without_watch_never_enters_the_practice_loop(
        monkeypatch: pytest.MonkeyPatch, practice_calls: list[dict[str, Any]], tmp_path: Path) -> None:
    code = cli(monkeypatch, "check", str(tmp_path / "missing.yaml"), "--lab", "mylab")
    assert code == ExitCode.USAGE and practice_calls == []


@pytest.mark.parametrize("extra", [["-i", "inv"], ["--map", "core=a"], ["--evidence", "ev"], ["--device", "r1"],
                                   ["--format", "json"]])
def test_check_watch_with_an_option_practice_cannot_honour_is_one_line_and_exit_2(
        monkeypatch: pytest.MonkeyPatch, practice_calls: list[dict[str, Any]], capsys: pytest.CaptureFixture[str],
        extra: list[str]) -> None:
    code = cli(monkeypatch, "check", "s2-ospf-triangle", "--watch", *extra)
    err = capsys.readouterr().err
    assert code == ExitCode.USAGE and practice_calls == []
    assert "check --watch runs `netassess practice`" in err and extra[0] in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_check_help_points_watch_users_at_practice() -> None:
    out = CliRunner().invoke(app, ["check", "--help"], env={"COLUMNS": "200"}).output
    assert "--watch" in out and "netassess practice" in out
