"""An evidence bundle from a REAL run: secrets seeded into live FRR configs never reach it, and it verifies.

A two-router lab (containerlab/line.clab.yml, our own lab: we change its config) gets plain-text
passwords, an OSPF MD5 key, a key-chain key-string and a BGP neighbour password through vtysh.
We assess it the way ``netassess run`` does (task → Nornir over the lab → snapshot → score), write
a bundle signed with a fresh Ed25519 key (directory and zip), verify both with the library and with
``netassess report verify --require-signed --key``, and grep every byte of both for the seeded secrets.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from netassess.evidence import Verdict, verify_bundle, write_bundle
from netassess.evidence.keys import generate, load_private, load_trusted
from netassess.evidence.reader import read_zip
from netassess.lab.node_exec import vtysh
from netassess.lab.state import LabState
from netassess.report.base import ReportContext

pytestmark = pytest.mark.live

SECRETS = ["SeededLiveVty", "SeededLiveEnable", "SeededLiveMd5", "SeededLiveKeyString", "SeededLiveBgp"]
PEER = {"r1": ("10.0.12.2", 65001, 65002), "r2": ("10.0.12.1", 65002, 65001)}


def seed_commands(node: str) -> list[str]:
    peer, local_as, remote_as = PEER[node]
    return [
        "configure terminal",
        "password SeededLiveVty",
        "enable password SeededLiveEnable",
        "key chain LIVE",
        "key 1",
        "key-string SeededLiveKeyString",
        "exit",
        "exit",
        "interface eth1",
        "ip ospf message-digest-key 1 md5 SeededLiveMd5",
        "exit",
        f"router bgp {local_as}",
        f"neighbor {peer} remote-as {remote_as}",
        f"neighbor {peer} password SeededLiveBgp",
        "end",
    ]
TASK = {
    "apiVersion": "netassess/v1", "kind": "Task", "id": "evidence-live", "title": "Evidence live test", "version": "1",
    "skills": ["S2", "S4"], "brief": "OSPF on a line, no plain-text passwords.", "topology": "../containerlab/line.clab.yml",
    "stages": {"setup": {"templates": {"frr": "templates/frr/none.j2"}},
               "solution": {"templates": {"frr": "templates/frr/none.j2"}}},
    "checks": [
        {"id": "hostname", "type": "hostname"},
        {"id": "adjacency", "type": "ospf_neighbor", "args": {"count": 1}, "points": 2, "wait": {"timeout": 30, "interval": 1}},
        {"id": "no-plain-passwords", "type": "config_absent", "args": {"lines": ["password \\S+"]}},
    ],
    "scoring": {"pass_mark": 60},
}


@pytest.fixture(scope="module")
def keypair(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A key pair made for this run (private 0600, public PEM), as `netassess report keygen` makes one."""
    folder = tmp_path_factory.mktemp("keys")
    generate(folder / "centre.pem", folder / "centre.pub.pem")
    return folder / "centre.pem", folder / "centre.pub.pem"


@pytest.fixture(scope="module")
def project(task_project) -> Path:
    return task_project(TASK)


@pytest.fixture(scope="module")
def seeded_lab(lab_factory, project: Path) -> LabState:
    state = lab_factory.start(project / "containerlab" / "line.clab.yml")
    for node in ("r1", "r2"):
        vtysh(state, node, *seed_commands(node))
        running = vtysh(state, node, "show running-config")
        assert "SeededLiveMd5" in running and "password SeededLiveVty" in running  # the device really holds them
    return state


@pytest.fixture(scope="module")
def live_ctx(seeded_lab: LabState, project: Path, tmp_path_factory: pytest.TempPathFactory) -> ReportContext:
    from netassess.assessment import run_assessment
    from netassess.collect.inventory import build_nornir
    from netassess.spec.loader import load_task

    task_path = project / "tasks" / "evidence-live.yaml"
    loaded = load_task(task_path)
    env = {"NETASSESS_USERNAME": "", "NETASSESS_PASSWORD": ""}
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        nr = build_nornir(lab=seeded_lab.name, inventory_dir=None, clab_inventory=None,
                          topology=getattr(loaded, "topology_path", None), workers=4)
        assessment = run_assessment(loaded, nr, candidate="live-candidate", assessor="live-assessor",
                                    output=tmp_path_factory.mktemp("run"))
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return ReportContext(result=assessment.result, snapshot=assessment.snapshot,
                         topology=project / "containerlab" / "line.clab.yml", task_path=task_path)


def _grep(name: str, data: bytes) -> None:
    for secret in SECRETS:
        assert secret.encode() not in data, f"{secret} leaked into {name}"


def test_real_run_judged_the_seeded_plain_text_passwords(live_ctx: ReportContext) -> None:
    by = {(r.check_id, r.target): r for r in live_ctx.result.results}
    assert by[("adjacency", "r1")].status == "pass"
    assert by[("no-plain-passwords", "r1")].status == "fail"
    assert live_ctx.result.devices["r1"].facts and live_ctx.result.devices["r1"].facts["hostname"] == "r1"


def test_bundle_from_a_real_run_verifies_and_holds_no_secret(live_ctx: ReportContext, keypair: tuple[Path, Path],
                                                              tmp_path: Path) -> None:
    private, public = keypair
    out = write_bundle(live_ctx, live_ctx.task_path, tmp_path / "evidence", key=load_private(private))
    files = [p for p in out.rglob("*") if p.is_file()]
    names = {p.relative_to(out).as_posix() for p in files}
    assert {"results.json", "report.html", "snapshot.json", "manifest.json", "manifest.sig",
            "configs/after/r1.cfg", "configs/after/r2.cfg", "task/evidence-live.yaml"} <= names
    for path in files:
        _grep(str(path.relative_to(out)), path.read_bytes())
    after = (out / "configs/after/r1.cfg").read_text()
    assert "password <removed>" in after and "ip ospf message-digest-key 1 md5 <removed>" in after
    assert "neighbor 10.0.12.2 password <removed>" in after and "key-string <removed>" in after
    assert verify_bundle(out, load_trusted([public])).verdict is Verdict.INTACT
    # the devices' own OS versions, as they reported them, are on record
    devices = json.loads((out / "manifest.json").read_text())["versions"]["devices"]
    assert devices["r1"].startswith("FRRouting ") and devices["r1"].split()[-1][0].isdigit(), devices

    verify = [sys.executable, "-m", "netassess", "report", "verify", str(out), "--require-signed", "--key", str(public)]
    proc = subprocess.run(verify, capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == 0 and "INTACT" in proc.stdout, proc.stdout + proc.stderr
    (out / "configs/after/r2.cfg").write_text((out / "configs/after/r2.cfg").read_text().replace("r2", "r9", 1))
    proc = subprocess.run(verify, capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == 1 and "configs/after/r2.cfg: modified" in proc.stdout


def test_zip_bundle_from_a_real_run_verifies_and_holds_no_secret(live_ctx: ReportContext, keypair: tuple[Path, Path],
                                                                  tmp_path: Path) -> None:
    private, public = keypair
    bundle = write_bundle(live_ctx, live_ctx.task_path, tmp_path / "evidence", zip=True, key=load_private(private))
    _grep(bundle.name, bundle.read_bytes())
    for name, data in read_zip(bundle.read_bytes()).files.items():
        _grep(name, data)
    assert verify_bundle(bundle, load_trusted([public])).verdict is Verdict.INTACT
    generate(tmp_path / "other.pem", tmp_path / "other.pub.pem")
    assert verify_bundle(bundle, load_trusted([tmp_path / "other.pub.pem"])).verdict is Verdict.WRONG_KEY


EXTRA_FRR_SECRETS = {
    "ip ospf authentication-key PlainKey": "ip ospf authentication-key <removed>",
    "ip ospf message-digest-key 2 md5 SecondMd5Key": "ip ospf message-digest-key 2 md5 <removed>",
    "ipv6 ospf6 authentication key-id 1 hash-algo hmac-sha-256 key Ospf6AuthKey": "key <removed>",
}


def test_real_frr_running_config_is_masked_line_by_line(seeded_lab: LabState) -> None:
    """Our filters against FRR 8.4's own rendering of every secret it holds, plain and encrypted."""
    from netassess.sanitise import sanitise_config

    vtysh(seeded_lab, "r2", "configure terminal", "interface eth1", *EXTRA_FRR_SECRETS, "end")
    plain = vtysh(seeded_lab, "r2", "show running-config")
    for command in EXTRA_FRR_SECRETS:
        assert command.split()[-1] in plain, f"FRR did not keep {command!r}:\n{plain}"
    masked = sanitise_config(plain, "frr")
    for secret in [*SECRETS, "PlainKey", "SecondMd5Key", "Ospf6AuthKey"]:
        assert secret not in masked, f"{secret} survived sanitising FRR's running config"
    for expected in EXTRA_FRR_SECRETS.values():
        assert expected in masked
    assert "\npassword <removed>\n" in masked and "\nenable password <removed>\n" in masked

    vtysh(seeded_lab, "r2", "configure terminal", "service password-encryption", "end")
    encrypted = vtysh(seeded_lab, "r2", "show running-config")
    masked = sanitise_config(encrypted, "frr")
    assert "\npassword 8 <removed>\n" in masked and "\nenable password 8 <removed>\n" in masked
    for line in encrypted.splitlines():
        if line.strip().startswith(("password 8 ", "enable password 8 ")):
            assert line.split()[-1] not in masked


def test_netassess_run_with_evidence_writes_every_format_and_a_signed_bundle(
    seeded_lab: LabState, project: Path, keypair: tuple[Path, Path], tmp_path: Path
) -> None:
    """The assessor's command line end to end: one run, every report format, a bundle that verifies."""
    private, public = keypair
    env = {k: v for k, v in os.environ.items() if k not in ("NETASSESS_USERNAME", "NETASSESS_PASSWORD", "NETASSESS_SIGNING_KEY")}
    env.update({"NETASSESS_SIGN_KEY": str(private), "COLUMNS": "200"})
    out, evidence = tmp_path / "out", tmp_path / "evidence"
    proc = subprocess.run(
        [sys.executable, "-m", "netassess", "run", str(project / "tasks" / "evidence-live.yaml"), "--lab", seeded_lab.name,
         "--candidate", "cli-candidate", "--format", "table,json,junit,md,html", "-o", str(out), "--evidence", str(evidence)],
        capture_output=True, text=True, timeout=180, env=env, cwd=project,
    )
    # 3 of 4 points: the seeded plain-text passwords fail one check, the rest pass -> above the 60% mark.
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "no-plain-passwords" in proc.stdout and "FAIL" in proc.stdout
    assert {p.name for p in out.iterdir()} >= {"results.json", "results.xml", "results.md", "results.html", "snapshot.json"}
    for path in [*out.rglob("*"), *evidence.rglob("*")]:
        if path.is_file():
            _grep(str(path), path.read_bytes())
    verify = subprocess.run([sys.executable, "-m", "netassess", "report", "verify", str(evidence), "--require-signed",
                             "--key", str(public)], capture_output=True, text=True, timeout=60, env=env, check=False)
    assert verify.returncode == 0 and "INTACT" in verify.stdout, verify.stdout + verify.stderr
    again = subprocess.run(
        [sys.executable, "-m", "netassess", "run", str(project / "tasks" / "evidence-live.yaml"), "--lab", seeded_lab.name,
         "-o", str(tmp_path / "out2"), "--evidence", str(evidence)],
        capture_output=True, text=True, timeout=180, env=env, cwd=project,
    )
    assert again.returncode == 2 and "new or empty directory" in again.stderr
