"""Per-lab SSH material: one client key (for both lab users), one host key, a known_hosts file.

The lab password only ever exists as a SHA-512 crypt hash inside the nodes' private shadow files.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from netassess.errors import LabError

DEFAULT_USER = "admin"
DEFAULT_PASSWORD = "admin"  # documented lab default, like containerlab's FRR examples
AUTOMATION_USER = "netassess"


def hash_password(password: str) -> str:
    proc = subprocess.run(["openssl", "passwd", "-6", "-stdin"], input=password, capture_output=True, text=True)
    if proc.returncode != 0 or not proc.stdout.startswith("$6$"):
        raise LabError("could not hash the lab password with `openssl passwd -6` (apt-get install openssl)")
    return proc.stdout.strip()


def make_keypair(path: Path, comment: str) -> str:
    """Generate an ed25519 key at ``path`` (0600) and return the public key line."""
    path.unlink(missing_ok=True)
    Path(f"{path}.pub").unlink(missing_ok=True)
    proc = subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", str(path)], capture_output=True, text=True
    )
    if proc.returncode != 0:
        raise LabError(f"ssh-keygen failed for {path}: {proc.stderr.strip()[:200]}")
    os.chmod(path, 0o600)
    return Path(f"{path}.pub").read_text().strip()


def write_known_hosts(path: Path, host_public_key: str, addresses: list[str]) -> None:
    key_type, key = host_public_key.split()[:2]
    path.write_text(f"{','.join(addresses)} {key_type} {key}\n")
    os.chmod(path, 0o644)
