"""Cohort pods: time to bring N pods of a 3-router task up (in the setup stage, every node answering)
and to assess all of them at once, plus memory per router, on this machine.

Targets (issue 13): 12 pods of a 3-router task up ≤ 15 s, all 12 assessed ≤ 10 s. The figures
docs/scale.md quotes come from here: routers per GB (from PSS per router) and assessments per
minute. Run as root: `make bench` or `.venv/bin/python benchmarks/pods.py [N]` (N pods, default 12).
Everything runs in a private state dir and is torn down at the end.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

from lab_up import router_memory_mb

from netassess.cohort_run import assess_pods
from netassess.lab.node_exec import vtysh
from netassess.lab.prereq import netns_problem
from netassess.lab.runtime import get_runtime
from netassess.lab.state import list_labs
from netassess.pods import candidate_ids, find_pods, pods_up
from netassess.spec.catalog import find_task

TASK = "s2-ospf-triangle"  # three FRR routers in a triangle; every pod boots into its setup stage
TARGET_UP, TARGET_ASSESS = 15.0, 10.0


def solve(task_path: Path, pods: list) -> None:  # type: ignore[type-arg]
    """Push the reference solution to every pod and wait (untimed) until OSPF is Full everywhere."""
    from concurrent.futures import ThreadPoolExecutor

    from netassess.push import assume_yes, push_stage
    from netassess.spec.loader import load_task

    loaded = load_task(task_path)
    with ThreadPoolExecutor(max_workers=len(pods)) as pool:
        list(pool.map(lambda p: push_stage(loaded, "solution", lab=p.name, confirm=assume_yes), pods))
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        full = [json.loads(vtysh(p, n, "show ip ospf neighbor json") or "{}") for p in pods for n in p.nodes]
        if all(sum(1 for lst in d.get("neighbors", {}).values() for x in lst
                   if str(x.get("nbrState", x.get("state", ""))).startswith("Full")) >= 2 for d in full):
            return
        time.sleep(1)
    print("pods: warning: OSPF not Full in every pod after 120 s; the assessment will wait for it")


def main(argv: list[str]) -> int:
    problem = netns_problem()
    if problem:
        print(f"pods: skipped: {problem}")
        return 0
    count = int(argv[0]) if argv else 12
    task_path = find_task(TASK)
    with tempfile.TemporaryDirectory(prefix="netassess-bench-pods-") as tmp:
        os.environ["NETASSESS_STATE_DIR"] = str(Path(tmp) / "labs")
        os.environ["NETASSESS_HISTORY"] = str(Path(tmp) / "history.sqlite")
        try:
            load_at_start = os.getloadavg()[0]
            start = time.monotonic()
            outcomes = pods_up(task_path, candidate_ids(count, None), wait=300)
            up = time.monotonic() - start
            failed = [o for o in outcomes if o.error is not None]
            if failed:
                print(f"pods: {len(failed)} of {count} pods failed: {failed[0].error}")
                return 1
            pods = find_pods(TASK)
            time.sleep(1.0)
            _, pss = router_memory_mb(pods[0])
            solve(task_path, pods)  # every candidate finished: the assessment's waits pass, not time out
            start = time.monotonic()
            run = assess_pods(str(task_path), pods, Path(tmp) / "out", workers=32)
            assessed = time.monotonic() - start
        finally:
            for state in list_labs():
                get_runtime("netns").down(state.name)
        routers = sum(len(p.nodes) for p in pods)
        booted = sum(o.setup_booted for o in outcomes)
        print(f"{count} pods × 3 routers ({routers} routers) up in their setup stage: {up:.1f} s "
              f"(target ≤ {TARGET_UP:.0f} s: {'met' if up <= TARGET_UP else 'MISSED'}); {booted} of {count} pods booted "
              f"into it, {count - booted} had it pushed; per pod, slowest: nodes ready {max(o.up_s for o in outcomes):.1f} s, "
              f"setup push {max(o.setup_s for o in outcomes):.1f} s; load average {load_at_start:.1f} at start, "
              f"{os.getloadavg()[0]:.1f} at the end")
        print(f"all {count} (solved) assessed at once: {assessed:.1f} s "
              f"(target ≤ {TARGET_ASSESS:.0f} s: {'met' if assessed <= TARGET_ASSESS else 'MISSED'}); "
              f"{sum(p.result is not None for p in run.pods)} results, {len(run.written)} cohort files")
        print(f"PSS per router {pss:.1f} MB → about {1024 / pss:.0f} routers per GB; "
              f"{60 * count / assessed:.0f} assessments per minute; {os.cpu_count()} CPUs")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
