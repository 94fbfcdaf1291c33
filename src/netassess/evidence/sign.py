"""HMAC-SHA256 over the exact bytes of manifest.json, keyed by ``NETASSESS_SIGNING_KEY``.

The signature file also carries a key id (an HMAC of a fixed label, so it reveals nothing of
the key) so verify can say "signed with a different key" rather than just "bad signature".
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os

from pydantic import BaseModel, ConfigDict

KEY_ENV = "NETASSESS_SIGNING_KEY"
ALGORITHM = "HMAC-SHA256"
_KEY_ID_LABEL = b"netassess evidence key id v1"


class Signature(BaseModel):
    model_config = ConfigDict(extra="forbid")

    algorithm: str = ALGORITHM
    key_id: str
    signature: str


def key_from_env() -> bytes | None:
    """The signing key (UTF-8 bytes of the variable), or None when unset or empty."""
    value = os.environ.get(KEY_ENV, "")
    return value.encode() if value else None


def key_id(key: bytes) -> str:
    return hmac.new(key, _KEY_ID_LABEL, hashlib.sha256).hexdigest()[:16]


def sign(manifest: bytes, key: bytes) -> Signature:
    return Signature(key_id=key_id(key), signature=hmac.new(key, manifest, hashlib.sha256).hexdigest())


def signature_bytes(sig: Signature) -> bytes:
    return (json.dumps(sig.model_dump(), indent=2, sort_keys=True) + "\n").encode()


def check(manifest: bytes, sig: Signature, key: bytes) -> bool:
    expected = hmac.new(key, manifest, hashlib.sha256).hexdigest()
    return sig.algorithm == ALGORITHM and hmac.compare_digest(expected, sig.signature)
