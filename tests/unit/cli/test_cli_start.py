"""What the CLI skips to start quickly (issue 15), without changing what it says: ``netassess CMD …``
builds only CMD's Click command and says exactly what the app with every command would say (same
help, errors and exit codes); pydantic's plugin scan is off unless the user asks for it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from netassess.cli import COMMAND_MODULES, _app_for, _invoked_command, _module_app, app, main


def _names(typer_app: typer.Typer) -> set[str]:
    group = typer.main.get_command(typer_app)
    assert isinstance(group, typer.core.TyperGroup)
    return set(group.commands)


ALL = sorted(_names(app))
REPO = Path(__file__).resolve().parents[3]


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


def test_every_command_is_mapped_to_the_module_that_registers_it() -> None:
    assert set(COMMAND_MODULES) == set(ALL) - {"schema"}  # other modules add schemas: it loads them all
    for name, module in COMMAND_MODULES.items():
        assert name in _names(_module_app(module)), f"{module} does not register {name}"


def test_running_one_command_imports_no_other_command_module() -> None:
    code = ("import sys\nsys.argv = ['netassess', 'validate', 'tasks/s2-ospf-triangle.yaml']\n"
            "from netassess.cli import main\ntry:\n    main()\nexcept SystemExit as exc:\n    assert not exc.code\n"
            "print(sorted(m for m in sys.modules if m.startswith('netassess.cli.') and '._' not in m))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO,
                         env={**os.environ, "PYTHONPATH": str(REPO / "src")}).stdout
    assert out.strip().splitlines()[-1] == "['netassess.cli.validate']"


@pytest.mark.parametrize("args", [["valdate", "x"], ["--help"], [], ["--bogus"]])
def test_typos_root_help_and_errors_get_every_command(args: list[str]) -> None:
    assert _app_for(args) is app


def test_completion_gets_every_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("_NETASSESS_COMPLETE", "complete_bash")
    assert _app_for(["validate"]) is app


@pytest.mark.parametrize(
    "args",
    [[name, "--help"] for name in ALL]
    + [["validate"], ["validate", "--bogus", "x"], ["lab", "images", "--help"], ["lab", "nope"], ["run"],
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


@pytest.mark.parametrize("name", ALL)
def test_a_fresh_netassess_cmd_help_is_the_whole_apps(name: str) -> None:
    """In a fresh interpreter, so a command another module adds to (as report adds `schema results`) shows."""
    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "COLUMNS": "120"}
    fresh = subprocess.run([sys.executable, "-m", "netassess", name, "--help"], capture_output=True, text=True,
                           cwd=REPO, env=env, check=False)
    whole = CliRunner().invoke(app, [name, "--help"], prog_name="netassess", env={"COLUMNS": "120"})
    assert (fresh.stdout, fresh.returncode) == (whole.output, whole.exit_code)
