"""CLI start time: `netassess --version`, `--help` and `validate` of one task, beside a bare Python.

Target (issue 15): each <= 0.3 s. The engine, NAPALM, Nornir and the report code are imported only
when a command needs them; this prints the figures so a regression shows. Each command runs
ROUNDS times in a fresh interpreter; the minimum is the figure least disturbed by other load on
the machine, the median shows the spread. Run: `.venv/bin/python benchmarks/cli_start.py [ROUNDS]`.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TARGET = 0.3
COMMANDS: dict[str, list[str]] = {
    "python -c pass (floor)": [sys.executable, "-c", "pass"],
    "netassess --version": [sys.executable, "-m", "netassess", "--version"],
    "netassess --help": [sys.executable, "-m", "netassess", "--help"],
    "netassess validate <one task>": [sys.executable, "-m", "netassess", "validate", "tasks/s2-ospf-triangle.yaml"],
}


def _cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall-clock and CPU seconds (user + system) of one run. On a busy machine the wall clock
    includes waiting for a core; the CPU time is what the command itself costs."""
    cpu, start = _cpu(), time.perf_counter()
    done = subprocess.run(argv, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    elapsed, cpu = time.perf_counter() - start, _cpu() - cpu
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv[2:])} exited {done.returncode}: {done.stderr.decode()[-300:]}")
    return elapsed, cpu


def main(rounds: int) -> None:
    # Bytecode is cached (in a private folder), as it is for an installed netassess; one warm-up run
    # per command writes it, so no round pays for compiling the sources.
    cache = tempfile.mkdtemp(prefix="netassess-bench-pyc-")
    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "COLUMNS": "100", "PYTHONPYCACHEPREFIX": cache}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    for argv in COMMANDS.values():
        timed(argv, env)
    print(f"CLI start, {rounds} rounds each (seconds; target <= {TARGET}; load average {os.getloadavg()[0]:.1f})")
    for label, argv in COMMANDS.items():
        runs = [timed(argv, env) for _ in range(rounds)]
        wall, cpu = [w for w, _ in runs], [c for _, c in runs]
        verdict = "" if label.startswith("python") else ("  ok" if min(wall) <= TARGET else "  OVER TARGET")
        print(f"  {label:<32} wall min {min(wall):.3f} median {statistics.median(wall):.3f}  "
              f"cpu min {min(cpu):.3f}{verdict}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10)
