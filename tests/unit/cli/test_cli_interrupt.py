"""Ctrl-C (or SIGTERM, which the long commands turn into Ctrl-C) at any moment: exit 130 with one
line, never a traceback, and never a wait for worker threads still blocked on a silent device."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest


def python(code: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=60, env=env)


@pytest.mark.parametrize(("args", "module"), [(["--help"], "netassess.cli.checks"),  # all commands load
                                               (["validate", "t.yaml"], "netassess.cli.validate")])  # its module alone
def test_ctrl_c_while_the_commands_load_is_one_line_and_exit_130(args: list[str], module: str) -> None:
    proc = python(f"""
        import sys

        class Interrupt:  # Ctrl-C arriving while netassess imports its command modules
            def find_spec(self, name, path=None, target=None):
                if name == {module!r}:
                    raise KeyboardInterrupt
                return None

        sys.meta_path.insert(0, Interrupt())
        sys.argv = ["netassess", *{args!r}]
        from netassess.cli import main
        main()
    """)
    assert proc.returncode == 130, proc.stderr
    assert proc.stderr == "error: interrupted\n"


def test_ctrl_c_in_a_command_exits_130_at_once_even_with_a_worker_thread_still_blocked() -> None:
    proc = python("""
        import sys, threading, time
        from netassess import cli

        @cli.app.command("wait-on-device")
        def wait_on_device() -> None:
            threading.Thread(target=time.sleep, args=(600,)).start()  # a collector thread on a silent router
            raise KeyboardInterrupt

        sys.argv = ["netassess", "wait-on-device"]
        cli.main()
    """)
    assert proc.returncode == 130, proc.stderr
    assert proc.stderr.strip() == "error: interrupted" and "Traceback" not in proc.stderr
