"""Wall time and SSH sessions per device of ``netassess run`` on 4, 16 and 32 FRR routers.

For each size a ring of FRR routers comes up in network namespaces (OSPF on point-to-point
links), a generated task puts 10 checks on every router, and:
- the engine (plan → one NAPALM session per device → evaluate → score) is timed in-process
  (best and median of ``--repeats``), and ``netassess run`` once as a command (interpreter start,
  imports, report and files included);
- a naive baseline is timed in the same run: sequential netmiko, connect / one show command /
  disconnect, per check per router.

Sessions are counted twice: by the collector (``Snapshot.sessions``) and independently by an
nftables counter of TCP SYNs to port 22 inside every router's namespace.

Targets: 1 session per device per collection; 4 routers ≤ 1.5 s; 32 routers ≤ 5 s; ≥ 10× faster
than the baseline at 32. Needs root, FRR and openssh-server. Prints figures; asserts nothing.

    .venv/bin/python benchmarks/run_scale.py [--sizes 4,16,32] [--baseline-sizes 4,16,32]
"""

from __future__ import annotations

import argparse
import ipaddress
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from netassess.assessment import run_assessment
from netassess.collect.inventory import DEFAULT_TIMEOUT, DEFAULT_WORKERS, build_nornir
from netassess.lab.runtime import get_runtime
from netassess.lab.state import LabState
from netassess.lab.subnets import free_mgmt_subnet
from netassess.results import Status
from netassess.spec.loader import load_task

DAEMONS = "zebra=yes\nospfd=yes\nstaticd=yes\nbgpd=no\nospf6d=no\nripd=no\nripngd=no\nisisd=no\npimd=no\nldpd=no\n" \
          "nhrpd=no\neigrpd=no\nbabeld=no\nsharpd=no\npbrd=no\nbfdd=no\nfabricd=no\nvrrpd=no\npathd=no\nvtysh_enable=yes\n"

# The 10 checks every router gets, and the one show command the naive baseline sends for each.
CHECKS: list[tuple[dict, str]] = [
    ({"id": "hostname", "type": "hostname"}, "show running-config"),
    ({"id": "links-up", "type": "interface_up", "args": {"interfaces": ["eth1", "eth2"]}}, "show interface"),
    ({"id": "ospf-adjacencies", "type": "ospf_neighbor", "args": {"count": 2}, "wait": {"timeout": 30, "interval": 2}},
     "show ip ospf neighbor json"),
    ({"id": "ospf-interfaces", "type": "ospf_interface",
      "args": {"interfaces": {"eth1": {"area": 0, "network_type": "point-to-point"},
                              "eth2": {"area": 0, "network_type": "point-to-point"}}}}, "show ip ospf interface json"),
    ({"id": "ospf-configured", "type": "config_contains", "args": {"lines": ["router ospf"]}}, "show running-config"),
    ({"id": "no-plain-passwords", "type": "config_absent", "args": {"lines": ["password \\S+"]}}, "show running-config"),
    ({"id": "p2p-eth1", "type": "config_contains",
      "args": {"section": "interface eth1", "lines": ["ip ospf network point-to-point"]}}, "show running-config"),
    ({"id": "loopback-r1", "type": "route", "args": {"prefix": "10.255.0.1/32"}}, "show ip route json"),
    ({"id": "passive-lo", "type": "passive_interfaces", "args": {"passive": ["lo"]}}, "show ip ospf interface json"),
    ({"id": "reach-r1", "type": "reachability", "args": {"destination": "10.255.0.1", "count": 3}}, "ping 10.255.0.1"),
]


def free_subnet() -> str:
    return free_mgmt_subnet(ipaddress.IPv4Network("172.31.0.0/16"))


def write_project(root: Path, n: int) -> Path:
    """A ring of ``n`` routers: r_i eth1 ── eth2 r_(i+1), link i is 10.1.i.0/30, loopbacks 10.255.0.i/32."""
    (root / "containerlab" / "ring").mkdir(parents=True)
    (root / "templates" / "frr").mkdir(parents=True)
    (root / "tasks").mkdir()
    (root / "containerlab" / "daemons").write_text(DAEMONS)
    nodes, links = {}, []
    for i in range(1, n + 1):
        nxt, prev = i % n + 1, (i - 2) % n + 1
        conf = [f"hostname r{i}", "service integrated-vtysh-config", "!"]
        for ifname, link, side in (("eth1", i, 1), ("eth2", prev, 2)):
            conf += [f"interface {ifname}", f" ip address 10.1.{link}.{side}/30", " ip ospf network point-to-point",
                     " ip ospf hello-interval 1", " ip ospf dead-interval 4", "exit", "!"]
        conf += ["interface lo", f" ip address 10.255.0.{i}/32", "exit", "!", "router ospf",
                 f" ospf router-id 10.255.0.{i}", " passive-interface lo", " network 10.1.0.0/16 area 0",
                 f" network 10.255.0.{i}/32 area 0", "exit", ""]
        (root / "containerlab" / "ring" / f"r{i}.conf").write_text("\n".join(conf))
        nodes[f"r{i}"] = {"binds": [f"ring/r{i}.conf:/etc/frr/frr.conf"]}
        links.append({"endpoints": [f"r{i}:eth1", f"r{nxt}:eth2"]})
    topo = {"name": "ring", "topology": {"kinds": {"linux": {"image": "quay.io/frrouting/frr:9.1.0",
                                                             "binds": ["daemons:/etc/frr/daemons"]}},
                                         "defaults": {"kind": "linux"}, "nodes": nodes, "links": links}}
    (root / "containerlab" / "ring.clab.yml").write_text(yaml.safe_dump(topo, sort_keys=False))
    (root / "templates" / "frr" / "none.j2").write_text("!\n")
    task = {
        "apiVersion": "netassess/v1", "kind": "Task", "id": f"bench-ring-{n}", "title": f"Benchmark ring of {n}",
        "version": "1", "skills": ["S2", "S4"], "brief": "Benchmark.", "topology": "../containerlab/ring.clab.yml",
        "stages": {"setup": {"templates": {"frr": "templates/frr/none.j2"}},
                   "solution": {"templates": {"frr": "templates/frr/none.j2"}}},
        "checks": [dict(c) for c, _ in CHECKS],
        "scoring": {"pass_mark": 50},
    }
    path = root / "tasks" / "bench.yaml"
    path.write_text(yaml.safe_dump(task, sort_keys=False))
    return path


def ssh_counter(state: LabState, action: str) -> dict[str, int]:
    """nftables (install | read): count TCP SYNs to port 22 inside each router namespace (independent of the collector)."""
    out: dict[str, int] = {}
    for name, node in state.nodes.items():
        ns = ["ip", "netns", "exec", node.namespace, "nft"]
        if action == "install":
            subprocess.run([*ns, "-f", "-"], check=True, text=True, input=(
                "table inet nabench { chain input { type filter hook input priority 0; "
                "tcp dport 22 tcp flags & (syn | ack) == syn counter; }; }\n"))
        else:
            text = subprocess.run([*ns, "list", "table", "inet", "nabench"], check=True, capture_output=True, text=True).stdout
            out[name] = int(text.split("packets ")[1].split()[0])
    return out


def baseline(state: LabState, password: str) -> float:
    """Sequential netmiko: for every check on every router, connect, send its command, disconnect."""
    from netmiko import ConnectHandler

    user = state.credentials.login_user
    start = time.perf_counter()
    for node in state.nodes.values():
        for _, command in CHECKS:
            conn = ConnectHandler(device_type="cisco_ios", host=node.mgmt_ipv4, username=user, password=password,
                                  fast_cli=True, ssh_config_file=None, allow_agent=False, use_keys=False)
            conn.send_command(command)
            conn.disconnect()
    return time.perf_counter() - start


def wait_converged(loaded, lab: str, workers: int, timeout: float = 90) -> None:
    """Untimed warm-up: wait until OSPF is Full everywhere, so the timed runs judge a steady network."""
    deadline = time.monotonic() + timeout
    while True:
        nr = build_nornir(lab=lab, workers=workers, interactive=False, timeout=DEFAULT_TIMEOUT)
        res = run_assessment(loaded, nr).result
        bad = [r for r in res.results if r.status is not Status.PASS]
        if not bad or time.monotonic() > deadline:
            if bad:
                print(f"  warning: {len(bad)} results still not pass after warm-up, e.g. {bad[0].check_id}@{bad[0].target}: {bad[0].message}")
            return
        time.sleep(1)


def bench(n: int, workers: int, with_baseline: bool, repeats: int) -> dict[str, float | str]:
    runtime = get_runtime("netns")
    root = Path(tempfile.mkdtemp(prefix=f"na-bench{n}-"))
    name = f"bench{n}{secrets.token_hex(2)}"
    row: dict[str, float | str] = {"routers": n}
    try:
        task = write_project(root, n)
        t0 = time.perf_counter()
        state = runtime.up(root / "containerlab" / "ring.clab.yml", name=name, mgmt_subnet=free_subnet(), wait=180)
        row["lab_up_s"] = time.perf_counter() - t0
        loaded = load_task(task)
        wait_converged(loaded, name, workers)
        ssh_counter(state, "install")
        times, sessions, checks = [], [], 0
        for _ in range(repeats):
            before = ssh_counter(state, "read")  # rule counters are cumulative: take the difference
            t0 = time.perf_counter()
            nr = build_nornir(lab=name, workers=workers, interactive=False, timeout=DEFAULT_TIMEOUT)
            assessment = run_assessment(loaded, nr)
            times.append(time.perf_counter() - t0)
            after = ssh_counter(state, "read")
            sessions.append(max(after[n] - before[n] for n in after))
            snap_sessions = set(assessment.snapshot.sessions.values())
            checks = len(assessment.result.results)
            row["snapshot_sessions_per_device"] = ",".join(str(s) for s in sorted(snap_sessions))
            row["passed"] = f"{sum(r.status is Status.PASS for r in assessment.result.results)}/{checks}"
        row["check_results"] = checks
        cli_times = []
        for i in range(repeats):  # the command as a user types it: interpreter start, imports, report, files
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-m", "netassess", "run", str(task), "--lab", name, "-o", str(root / f"out{i}"),
                            "--format", "json"], check=True, capture_output=True)
            cli_times.append(time.perf_counter() - t0)
        row["cli_s"] = min(cli_times)
        row["cli_median_s"] = sorted(cli_times)[len(cli_times) // 2]
        row["engine_s"] = min(times)
        row["engine_median_s"] = sorted(times)[len(times) // 2]
        row["ssh_syns_per_device_max"] = max(sessions)
        if with_baseline:
            row["baseline_s"] = baseline(state, "admin")
            row["speedup"] = row["baseline_s"] / row["cli_s"]  # type: ignore[operator]  # whole command vs baseline
            row["speedup_engine"] = row["baseline_s"] / row["engine_s"]  # type: ignore[operator]
    finally:
        try:
            runtime.down(name)
        finally:
            shutil.rmtree(root, ignore_errors=True)
    return row


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="4,16,32")
    ap.add_argument("--baseline-sizes", default="4,16,32")
    ap.add_argument("--workers", type=int, default=DEFAULT_WORKERS)
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    with_base = {int(s) for s in args.baseline_sizes.split(",") if s}
    rows = []
    for n in sizes:
        print(f"== {n} routers …", flush=True)
        row = bench(n, args.workers, n in with_base, args.repeats)
        print("   " + ", ".join(f"{k}={v:.2f}" if isinstance(v, float) else f"{k}={v}" for k, v in row.items()), flush=True)
        rows.append(row)
    targets = {4: 1.5, 32: 5.0}
    print("\nrouters  checks  engine best/median  `netassess run` best/median  SSH SYNs/device  sessions/device (snapshot)  baseline  speedup command (engine)  target")
    for r in rows:
        n = int(r["routers"])
        target = f"<= {targets[n]} s" if n in targets else ""
        base = f"{r['baseline_s']:.1f} s" if "baseline_s" in r else "-"
        speed = f"{r['speedup']:.0f}x ({r['speedup_engine']:.0f}x)" if "speedup" in r else "-"
        print(f"{n:>7}  {r['check_results']:>6}  {r['engine_s']:>7.2f} / {r['engine_median_s']:.2f} s  "
              f"{r['cli_s']:>15.2f} / {r['cli_median_s']:.2f} s  {r['ssh_syns_per_device_max']:>15}  "
              f"{r['snapshot_sessions_per_device']:>26}  {base:>8}  {speed:>7}  {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
