"""Run the real ``netassess`` entry point in-process and hold its answer to the input contract.

``main()`` is what the console script runs: every error mapped to one line and a documented
exit code. Anything else escaping it (an exception) fails the test with its traceback, which is
exactly what the contract forbids a user ever to see.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

DOCUMENTED_EXIT_CODES = {0, 1, 2, 3, 4, 5}
CASE_SECONDS = 15.0  # the render budget is 5 s; no single input may take longer than a few of those
CASE_MEMORY = 300 * 1024 * 1024  # resident growth one input may cause
# Per run: how many inputs ended how ("exit 0", "exit 2", "loader error", …); printed at the end of
# the session by conftest.py, so a run reports what it exercised.
TALLY: Counter[str] = Counter()


@dataclass
class Outcome:
    code: int
    out: str
    err: str
    seconds: float
    grown: int

    def assert_contract(self, allowed: set[int] = DOCUMENTED_EXIT_CODES) -> None:
        """Exit code documented; no traceback; every stderr problem on one line; time and memory bounded."""
        both = self.out + self.err
        assert self.code in allowed, f"exit {self.code} not in {sorted(allowed)}:\n{both[-2000:]}"
        assert "Traceback" not in both, both[-3000:]
        problems = [line for line in self.err.splitlines() if line.strip()]
        assert all(line.startswith(("error:", "warning:")) or "Warning" in line or line.startswith("  ") for line in problems), self.err
        assert sum(line.startswith("error:") for line in problems) <= 1, self.err
        assert self.seconds < CASE_SECONDS, f"took {self.seconds:.1f} s"
        assert self.grown < CASE_MEMORY, f"resident memory grew {self.grown >> 20} MiB"


def rss() -> int:
    with open("/proc/self/statm", "rb") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def run_cli(*args: str | Path, cwd: Path | None = None) -> Outcome:
    """``netassess ARGS`` through ``netassess.cli.main``, stdout/stderr captured, exit code returned."""
    from netassess.cli import main

    out, err = io.StringIO(), io.StringIO()
    old_argv, old_cwd = sys.argv, Path.cwd()
    sys.argv = ["netassess", *map(str, args)]
    before, start = rss(), time.monotonic()
    code = 0
    try:
        if cwd is not None:
            os.chdir(cwd)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                main()
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        sys.argv = old_argv
        os.chdir(old_cwd)
    TALLY[f"exit {code}"] += 1
    return Outcome(code, out.getvalue(), err.getvalue(), time.monotonic() - start, rss() - before)
