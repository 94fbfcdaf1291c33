"""An external body verifies a bundle with nothing but the bundle and the centre's public key.

"Another machine" here: a fresh process, an empty HOME, an empty working folder holding only the
zip and the .pub.pem, and no NETASSESS_* variable — nothing of the centre's setup or private key.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from evidence_fixtures import TASK, WHEN

import netassess
from netassess.evidence import write_bundle
from netassess.evidence.keys import generate, load_private
from netassess.report.base import ReportContext


def _verify_elsewhere(machine: Path, *args: str) -> subprocess.CompletedProcess[str]:
    (machine / "home").mkdir(exist_ok=True)
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(machine / "home"),
           "PYTHONPATH": str(Path(netassess.__file__).resolve().parents[1]), "LANG": "C.UTF-8"}
    return subprocess.run([sys.executable, "-m", "netassess", "report", "verify", *args], cwd=machine, env=env,
                          capture_output=True, text=True, timeout=120, check=False)


def test_intact_bundle_verifies_on_another_machine_with_only_the_public_key(ctx: ReportContext, tmp_path: Path) -> None:
    centre = tmp_path / "centre"
    centre.mkdir()
    fp = generate(centre / "centre.pem", centre / "centre.pub.pem")
    bundle = write_bundle(ctx, TASK, centre / "C042-evidence", zip=True, key=load_private(centre / "centre.pem"), now=WHEN)

    machine = tmp_path / "machine2"
    machine.mkdir()
    (machine / "C042-evidence.zip").write_bytes(bundle.read_bytes())
    (machine / "centre.pub.pem").write_bytes((centre / "centre.pub.pem").read_bytes())
    proc = _verify_elsewhere(machine, "C042-evidence.zip", "--require-signed", "--key", "centre.pub.pem")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.splitlines()[0] == f"C042-evidence.zip: INTACT: signature verified: Ed25519 by trusted key {fp}"
    assert list((machine / "home").iterdir()) == []  # nothing read from or left in HOME

    data = bytearray(bundle.read_bytes())
    at = data.index(b'"candidate": "apprentice-042"')
    data[at + 26] ^= 0x01  # one candidate id byte, inside results.json or the manifest
    (machine / "C042-evidence.zip").write_bytes(bytes(data))
    proc = _verify_elsewhere(machine, "C042-evidence.zip", "--require-signed", "--key", "centre.pub.pem")
    assert proc.returncode == 1 and proc.stdout.startswith("C042-evidence.zip: MODIFIED: "), proc.stdout + proc.stderr
