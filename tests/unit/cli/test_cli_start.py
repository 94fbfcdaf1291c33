"""What the CLI skips to start quickly (issue 15), without changing what it says: ``netassess CMD …``
builds only CMD's Click command and says exactly what the app with every command would say (same
help, errors and exit codes); pydantic's plugin scan is off unless the user asks for it."""

from __future__ import annotations

import os
import sys

import pytest
import typer.main
from typer.testing import CliRunner

from netassess.cli import _app_for, _invoked_command, app, main


def _names(typer_app: typer.Typer) -> set[str]:
    group = typer.main.get_command(typer_app)
    assert isinstance(group, typer.core.TyperGroup)
    return set(group.commands)


ALL = sorted(_names(app))


def test_every_command_is_found_after_the_root_options() -> None:
    assert _invoked_command(["validate", "x.yaml"]) == "validate"
    assert _invoked_command(["-vv", "--debug", "--trust-paths", "--session-log", "logs", "run", "t"]) == "run"
    assert _invoked_command(["--verbose", "-v", "--session-log=logs", "lab", "up"]) == "lab"


def test_version_first_builds_no_command() -> None:
    assert _invoked_command(["-v", "--version", "validate", "x"]) == "--version"
    assert _names(_app_for(["--version"])) == set()


@pytest.mark.parametrize("args", [[], ["--help", "validate"], ["--", "validate"], ["--bogus", "validate"],
                                  ["-vx", "validate"], ["--session-log"], ["--show-completion", "validate"]])
def test_root_help_unknown_options_and_no_command_name_no_command(args: list[str]) -> None:
    assert _invoked_command(args) is None


@pytest.mark.parametrize("name", ALL)
def test_a_command_is_built_alone(name: str) -> None:
    assert _names(_app_for([name, "--help"])) == {name}


@pytest.mark.parametrize("args", [["valdate", "x"], ["--help"], [], ["--bogus"]])
def test_typos_root_help_and_errors_get_every_command(args: list[str]) -> None:
    assert _app_for(args) is app


def test_completion_gets_every_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("_NETASSESS_COMPLETE", "complete_bash")
    assert _app_for(["validate"]) is app


@pytest.mark.parametrize(
    "args",
    [[name, "--help"] for name in ALL]
    + [["validate"], ["validate", "--bogus", "x"], ["lab", "images", "--help"], ["lab", "nope"], ["-v", "run"],
       ["--version"], ["--version", "nope"], ["--version", "--bogus"], ["--version", "--session-log"]],
)
def test_one_command_says_what_the_whole_app_says(args: list[str]) -> None:
    runner = CliRunner()
    whole = runner.invoke(app, args, prog_name="netassess", env={"COLUMNS": "120"})
    alone = runner.invoke(_app_for(args), args, prog_name="netassess", env={"COLUMNS": "120"})
    assert (alone.output, alone.exit_code) == (whole.output, whole.exit_code)


def _version(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "argv", ["netassess", "--version"])
    main()  # returns: --version exits 0
    assert capsys.readouterr().out.startswith("netassess ")


def test_the_cli_turns_pydantic_plugins_off(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("PYDANTIC_DISABLE_PLUGINS", raising=False)
    _version(monkeypatch, capsys)
    assert os.environ["PYDANTIC_DISABLE_PLUGINS"] == "1"


def test_a_users_pydantic_plugin_setting_wins(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("PYDANTIC_DISABLE_PLUGINS", "")
    _version(monkeypatch, capsys)
    assert os.environ["PYDANTIC_DISABLE_PLUGINS"] == ""
