"""Constants and builders shared by the evidence tests (a plain module: test dirs are not packages)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from netassess.evidence.keys import fingerprint
from netassess.report.base import ReportContext
from netassess.results import RunResult
from netassess.snapshot import Snapshot

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "results"
TASK = FIXTURES / "ospf-triangle-secure.yaml"
# Fixed test keys (made here, not secrets of anyone): Ed25519 signatures are deterministic, so a
# bundle signed with KEY at WHEN is byte-identical every time.
KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
OTHER_KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(100, 132)))
WHEN = datetime(2026, 3, 2, 10, 0, 0, tzinfo=UTC)


def configs(when: str) -> dict[str, str]:
    return {p.stem: p.read_text() for p in sorted((FIXTURES / "configs" / when).glob("*.cfg"))}


def full_context() -> ReportContext:
    return ReportContext(
        result=RunResult.model_validate_json((FIXTURES / "triangle.results.json").read_text()),
        snapshot=Snapshot.load(FIXTURES / "triangle.snapshot.json"),
        topology=FIXTURES / "triangle.clab.yml",
        task_path=TASK,
        configs_before=configs("before"),
        configs_after=configs("after"),
    )


def trusted(*keys: Ed25519PrivateKey) -> dict[str, Ed25519PublicKey]:
    """What a verifier holding these keys' public halves trusts (keys.load_trusted's shape)."""
    return {fingerprint(k.public_key()): k.public_key() for k in keys}


TRUSTED = trusted(KEY)
