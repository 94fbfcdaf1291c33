"""The CLI shell: version, help, and how errors become one line and an exit code."""

from __future__ import annotations

import os
import subprocess
import sys


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-m", "netassess", *args], capture_output=True, text=True, timeout=60, env=env)


def test_version_prints_the_package_version() -> None:
    from netassess import __version__

    proc = run("--version")
    assert proc.returncode == 0
    assert proc.stdout.strip() == f"netassess {__version__}"


def test_unknown_command_is_a_usage_error_with_exit_2() -> None:
    proc = run("no-such-command")
    assert proc.returncode == 2
    assert "No such command" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_help_teaches_the_exit_codes() -> None:
    proc = run("--help")
    assert proc.returncode == 0
    assert "3 incomplete" in proc.stdout
