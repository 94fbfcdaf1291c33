"""CLI start time: `netassess --version`, `--help` and `validate` of one task, beside a bare Python.

Target (issue 15): each <= 0.3 s. The engine, NAPALM, Nornir and the report code are imported only
when a command needs them; this prints the figures so a regression shows. Each command runs
ROUNDS times in a fresh interpreter; the minimum is the figure least disturbed by other load on
the machine, the median shows the spread. Run: `.venv/bin/python benchmarks/cli_start.py [ROUNDS]`.

`--against REV` also times the sources of git revision REV (e.g. `--against main`), each round
running both trees back to back, so a before/after comparison shares whatever load the machine has.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TARGET = 0.3
COMMANDS: dict[str, list[str]] = {
    "python -c pass (floor)": ["-c", "pass"],
    "netassess --version": ["-m", "netassess", "--version"],
    "netassess --help": ["-m", "netassess", "--help"],
    "netassess validate <one task>": ["-m", "netassess", "validate", "tasks/s2-ospf-triangle.yaml"],
}
TREE_CONTENT = ("src", "tasks", "templates", "containerlab")  # what `validate` of the task reads


def _cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def timed(argv: list[str], tree: Path, env: dict[str, str]) -> tuple[float, float]:
    """Wall-clock and CPU seconds (user + system) of one run. On a busy machine the wall clock
    includes waiting for a core; the CPU time is what the command itself costs."""
    cpu, start = _cpu(), time.perf_counter()
    done = subprocess.run([sys.executable, *argv], cwd=tree, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          check=False)
    elapsed, cpu = time.perf_counter() - start, _cpu() - cpu
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv[2:])} exited {done.returncode}: {done.stderr.decode()[-300:]}")
    return elapsed, cpu


def _tree_of(rev: str, into: Path) -> Path:
    """The files `validate` needs, as they were at ``rev``, unpacked under ``into``."""
    archive = subprocess.run(["git", "archive", rev, *TREE_CONTENT], cwd=REPO, capture_output=True, check=False)
    if archive.returncode != 0:
        raise SystemExit(f"git archive {rev}: {archive.stderr.decode().strip()}")
    with tarfile.open(fileobj=BytesIO(archive.stdout)) as tar:
        tar.extractall(into, filter="data")
    return into


def _env(tree: Path, cache: str) -> dict[str, str]:
    # Bytecode is cached (in a private folder per tree), as it is for an installed netassess; one
    # warm-up run per command writes it, so no round pays for compiling the sources.
    env = {**os.environ, "PYTHONPATH": str(tree / "src"), "COLUMNS": "100", "PYTHONPYCACHEPREFIX": cache}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def main(rounds: int, against: str | None) -> None:
    with tempfile.TemporaryDirectory(prefix="netassess-bench-") as tmp:
        trees = {"": REPO} if against is None else {"now": REPO, against: _tree_of(against, Path(tmp) / "against")}
        envs = {label: _env(tree, f"{tmp}/pyc-{index}") for index, (label, tree) in enumerate(trees.items())}
        for label, tree in trees.items():
            for argv in COMMANDS.values():
                timed(argv, tree, envs[label])
        runs: dict[tuple[str, str], list[tuple[float, float]]] = {}
        for _ in range(rounds):
            for command, argv in COMMANDS.items():
                for label, tree in trees.items():
                    runs.setdefault((command, label), []).append(timed(argv, tree, envs[label]))
    print(f"CLI start, {rounds} rounds each (seconds; target <= {TARGET}; load average {os.getloadavg()[0]:.1f})")
    for (command, label), measured in runs.items():
        wall, cpu = [w for w, _ in measured], [c for _, c in measured]
        verdict = "" if command.startswith("python") else ("  ok" if min(wall) <= TARGET else "  OVER TARGET")
        name = f"{command} [{label}]" if label else command
        print(f"  {name:<44} wall min {min(wall):.3f} median {statistics.median(wall):.3f}  "
              f"cpu min {min(cpu):.3f}{verdict}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rounds", nargs="?", type=int, default=10)
    parser.add_argument("--against", metavar="REV", help="also time this git revision's sources, interleaved")
    args = parser.parse_args()
    main(args.rounds, args.against)
