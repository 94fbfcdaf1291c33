"""CLI conventions (issue 14): a light start, completion, environment variables in --help,
JSON listings, offline validate formats, logging with secrets masked, plain progress lines."""

from __future__ import annotations

import io
import json
import logging
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from rich.console import Console

from netassess.cli import ENVIRONMENT, main
from netassess.cli._logging import OWN_LOGGERS, QUIET_LOGGERS, configure_logging
from netassess.cli._progress import CollectionProgress

REPO = Path(__file__).resolve().parents[3]
SRC = REPO / "src"
HEAVY = ("napalm", "nornir", "netmiko", "paramiko", "jinja2", "rich", "pydantic", "ruamel", "netutils", "napalm_frr",
         "napalm_netassess_linux", "cryptography", "markdown_it", "ttp")


def cli(monkeypatch: pytest.MonkeyPatch, *args: str | Path) -> int:
    monkeypatch.setattr(sys, "argv", ["netassess", *map(str, args)])
    try:
        return main() or 0  # type: ignore[func-returns-value]
    except SystemExit as exc:
        return int(exc.code or 0)


def loaded_top_modules(code: str) -> set[str]:
    """The top-level packages a fresh interpreter has imported after running ``code``."""
    probe = code + "\nimport json, sys\nprint(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=REPO,
                         env={**os.environ, "PYTHONPATH": str(SRC)}).stdout
    return set(json.loads(out.strip().splitlines()[-1]))


def test_importing_the_cli_loads_no_engine_device_library_or_rich() -> None:
    assert loaded_top_modules("import netassess.cli") & set(HEAVY) == set()


def test_validating_one_task_loads_no_device_library_nor_rich() -> None:
    code = ("import sys\nsys.argv = ['netassess', 'validate', 'tasks/s2-ospf-triangle.yaml']\nfrom netassess.cli import main\n"
            "try:\n    main()\nexcept SystemExit as exc:\n    assert not exc.code, exc.code")
    loaded = loaded_top_modules(code)
    assert loaded & {"napalm", "nornir", "netmiko", "paramiko", "rich", "napalm_frr", "napalm_netassess_linux", "netutils"} == set()
    assert "pydantic" in loaded  # it did validate


def test_root_help_lists_every_environment_variable_netassess_reads(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    read = set()
    for path in (SRC / "netassess").rglob("*.py"):
        read |= set(re.findall(r"\b(NETASSESS_[A-Z_]+)\b", path.read_text()))
    internal = {"NETASSESS_NODE", "NETASSESS_SIGNING_KEY"}  # an anchor marker; a retired variable refused by name
    documented = {v.strip() for key in ENVIRONMENT for v in key.split("/")}
    assert read - internal <= documented
    assert cli(monkeypatch, "--help") == 0
    shown = capsys.readouterr().out
    assert "Environment variables" in shown and all(v in shown for v in documented)


def completion(**env: str) -> subprocess.CompletedProcess[str]:
    """What a shell's completion function runs (Click's protocol), without detecting the user's shell."""
    return subprocess.run([sys.executable, "-m", "netassess"], capture_output=True, text=True, cwd=REPO, timeout=60,
                          env={**os.environ, "PYTHONPATH": str(SRC), **env})


def test_shell_completion_script_is_available_for_bash() -> None:
    proc = completion(_NETASSESS_COMPLETE="source_bash")
    assert proc.returncode == 0, proc.stderr
    assert "complete -o default -F _netassess_completion netassess" in proc.stdout


def test_completion_completes_commands_and_subcommands() -> None:
    assert completion(_NETASSESS_COMPLETE="complete_bash", COMP_WORDS="netassess ru", COMP_CWORD="1").stdout.split() == ["run"]
    sub = completion(_NETASSESS_COMPLETE="complete_bash", COMP_WORDS="netassess tasks l", COMP_CWORD="2")
    assert sub.stdout.split() == ["list"]


def test_tasks_list_json_lists_the_shipped_tasks(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.chdir(REPO)
    assert cli(monkeypatch, "tasks", "list", "--json") == 0
    rows = json.loads(capsys.readouterr().out)
    triangle = next(r for r in rows if r["id"] == "s2-ospf-triangle")
    assert triangle["valid"] is True and triangle["checks"] > 0 and "S2" in triangle["skills"]


def test_checks_list_json_lists_every_check_type(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    from netassess.checks.base import CHECKS

    assert cli(monkeypatch, "checks", "list", "--json") == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["type"] for r in rows] == list(CHECKS.names()) and all(r["scope"] in ("device", "link", "lab") for r in rows)


@pytest.fixture
def broken_task(tmp_path: Path) -> Path:
    path = tmp_path / "tasks" / "broken.yaml"
    path.parent.mkdir()
    path.write_text("apiVersion: netassess/v1\nkind: Task\nid: broken\ncolour: blue\n")
    return path


def test_validate_json_lists_each_problem_with_its_location_and_exits_2(
        monkeypatch: pytest.MonkeyPatch, capsys, broken_task: Path) -> None:
    monkeypatch.chdir(REPO)
    assert cli(monkeypatch, "validate", "-f", "json", "tasks/s2-ospf-triangle.yaml", broken_task) == 2
    captured = capsys.readouterr()
    doc = json.loads(captured.out)
    ok, bad = doc["files"]
    assert doc["valid"] is False and ok["ok"] and ok["id"] == "s2-ospf-triangle" and not bad["ok"]
    assert any(p["location"] == "colour" for p in bad["problems"]) and doc["problems"] == len(bad["problems"])
    assert captured.err.count("\n") == 1  # the one-line summary on stderr


def test_validate_junit_fails_the_broken_task_only(monkeypatch: pytest.MonkeyPatch, capsys, broken_task: Path) -> None:
    monkeypatch.chdir(REPO)
    assert cli(monkeypatch, "validate", "--format", "junit", "tasks/s2-ospf-triangle.yaml", broken_task) == 2
    suite = ET.fromstring(capsys.readouterr().out).find("testsuite")
    assert suite is not None and suite.get("tests") == "2" and suite.get("failures") == "1"
    failed = [c.get("classname") for c in suite.iter("testcase") if c.find("failure") is not None]
    assert failed == [str(broken_task)] or failed[0].endswith("broken.yaml")


def test_validate_format_with_live_is_a_usage_error(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    assert cli(monkeypatch, "validate", "--live", "-f", "json", "tasks/s2-ospf-triangle.yaml") == 2
    assert "--format json|junit is for the offline check" in capsys.readouterr().err


@pytest.fixture
def clean_logging() -> Iterator[None]:
    names = (*OWN_LOGGERS, *QUIET_LOGGERS)
    saved = {n: (logging.getLogger(n).handlers[:], logging.getLogger(n).level, logging.getLogger(n).propagate) for n in names}
    yield
    for name, (handlers, level, propagate) in saved.items():
        logger = logging.getLogger(name)
        logger.handlers[:] = handlers
        logger.setLevel(level)
        logger.propagate = propagate


def test_verbose_shows_netassess_info_with_config_secrets_masked(clean_logging: None, capsys) -> None:
    configure_logging(verbose=1, debug=False)
    logging.getLogger("netassess.test").info("pushing 'neighbor 10.0.0.2 password s3cret'")
    logging.getLogger("netassess.test").debug("not at -v")
    logging.getLogger("paramiko.transport").warning("library line")
    err = capsys.readouterr().err
    assert "password <removed>" in err and "s3cret" not in err
    assert "not at -v" not in err and "library line" not in err


def test_debug_also_shows_library_logs_and_masks_the_login_password(
        clean_logging: None, capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NETASSESS_PASSWORD", "Hunter2-login")
    configure_logging(verbose=0, debug=True)
    logging.getLogger("netmiko").debug("write_channel: b'Hunter2-login\\n'")
    logging.getLogger("netassess.x").debug("own debug")
    err = capsys.readouterr().err
    assert "write_channel" in err and "Hunter2-login" not in err and "own debug" in err


def test_without_a_terminal_progress_is_one_plain_line_per_device() -> None:
    buf = io.StringIO()
    with CollectionProgress(Console(file=buf, force_terminal=False)) as progress:
        progress.expect({"r1": [1, 2], "r2": [1]})
        progress("r1", 1, 2)
        progress("r2", 1, 1)
        progress("r1", 2, 2)
        progress("r1", 2, 2)  # a repeat does not count twice
    lines = buf.getvalue().splitlines()
    assert [re.sub(r"at [\d.]+s", "at Ts", line) for line in lines] == ["[1/2] r2 collected at Ts", "[2/2] r1 collected at Ts"]
