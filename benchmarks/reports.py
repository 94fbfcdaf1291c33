"""Sanitising, rendering and bundling cost for a cohort-sized run, printed (no assertions).

Builds a synthetic run of N FRR routers (each with a ~600-line running config holding secrets,
10 check results and a JSON command output), then times: sanitise_data over the snapshot; each
report format; write_bundle (directory and zip); verify_bundle. Targets: sanitising a 32-router
snapshot < 1 s; the HTML report < 1 s; bundle + verify of 32 routers < 3 s.
Run: `make bench` or `.venv/bin/python benchmarks/reports.py [N …]`.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from netassess.evidence import verify_bundle, write_bundle
from netassess.report.base import ReportContext, render
from netassess.results import CheckResult, DeviceInfo, Grade, RunResult, Score, SkillScore, Status, TaskRef
from netassess.sanitise import sanitise_data
from netassess.snapshot import Snapshot, StateEntry

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def config(n: int) -> str:
    lines = [f"hostname r{n}", "password Bench1", "enable password Bench2", "!"]
    for i in range(1, 60):
        lines += [f"interface eth{i}", f" description link {i}", f" ip address 10.{n % 250}.{i}.1/30",
                  " ip ospf network point-to-point", f" ip ospf message-digest-key 1 md5 Key{i}", " ip ospf hello-interval 2",
                  " ip ospf dead-interval 8", "exit", "!"]
    lines += ["router ospf", f" ospf router-id 10.255.0.{n % 250}", " network 10.0.0.0/8 area 0", "exit", "end"]
    return "\n".join(lines) + "\n"


def build(n: int) -> ReportContext:
    snap = Snapshot(started=T0, finished=T0 + timedelta(seconds=5))
    results, devices = [], {}
    for d in range(1, n + 1):
        name = f"r{d}"
        devices[name] = DeviceInfo(platform="frr", host=f"172.20.20.{d}", facts={"hostname": name, "vendor": "FRRouting",
                                   "model": "FRR", "os_version": "8.4.4", "serial_number": "", "uptime": 100.0})
        snap.platforms[name] = "frr"
        snap.put(name, "getter:get_config?retrieve=running", StateEntry(data={"running": config(d), "startup": "", "candidate": ""}))
        snap.put(name, "cmd:show ip ospf neighbor json", StateEntry(data=json.dumps({"neighbors": {f"10.0.0.{i}": [{"state": "Full"}]
                                                                                  for i in range(20)}})))
        for c in range(10):
            results.append(CheckResult(check_id=f"check-{c}", type="ospf_neighbor", target=name, devices=[name],
                                       status=Status.PASS if (c + d) % 4 else Status.FAIL, points_awarded=1, points_possible=1,
                                       message="found 2 Full neighbours", skills=["S2"], started=T0, finished=T0))
    result = RunResult(task=TaskRef(id="bench", version="1", sha256="0" * 64), started=T0, finished=T0 + timedelta(seconds=9),
                       devices=devices, results=results, skills={"S2": SkillScore(awarded=7 * n, possible=10 * n)},
                       score=Score(awarded=7 * n, possible=10 * n, percent=70, grade=Grade.PASS, pass_mark=60), complete=True)
    return ReportContext(result=result, snapshot=snap)


def timed(label: str, fn) -> object:
    start = time.perf_counter()
    out = fn()
    print(f"  {label:<34} {1000 * (time.perf_counter() - start):8.1f} ms")
    return out


def main(sizes: list[int]) -> None:
    for n in sizes:
        ctx = build(n)
        print(f"== {n} routers, {len(ctx.result.results)} results")
        raw = {d: {k: e.model_dump(mode="json") for k, e in entries.items()} for d, entries in ctx.snapshot.devices.items()}
        timed("sanitise_data(snapshot)", lambda: {d: sanitise_data(v, "frr") for d, v in raw.items()})
        for fmt in ("json", "junit", "md", "html"):
            timed(f"render {fmt}", lambda fmt=fmt: render(fmt, ctx))
        with tempfile.TemporaryDirectory() as tmp:
            out = timed("write_bundle (directory)", lambda: write_bundle(ctx, None, Path(tmp) / "b", key=b"k"))
            timed("verify_bundle (directory)", lambda: verify_bundle(out, b"k"))
            z = timed("write_bundle (zip)", lambda: write_bundle(ctx, None, Path(tmp) / "z", zip=True, key=b"k"))
            timed("verify_bundle (zip)", lambda: verify_bundle(z, b"k"))
            print(f"  zip size {z.stat().st_size / 1e6:.2f} MB")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [4, 32])
