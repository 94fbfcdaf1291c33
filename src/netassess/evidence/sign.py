"""manifest.sig: an Ed25519 signature over the exact bytes of manifest.json.

The file carries the signer's public key too, so verify can name who signed even when that key is
not trusted ("signed by SHA256:…, which is not one of your keys") and check the signature is at
least self-consistent. Trust comes only from the verifier's own public keys (``--key``); the key
in the file is never trusted by itself, since anyone can make a key pair.
"""

from __future__ import annotations

import base64
import binascii
import json

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from pydantic import BaseModel, ConfigDict

from netassess import safe_json
from netassess.evidence.keys import fingerprint, raw_public

ALGORITHM = "Ed25519"
LEGACY_ALGORITHM = "HMAC-SHA256"  # format /1 bundles; never trusted now (see docs/reports.md)


class Signature(BaseModel):
    model_config = ConfigDict(extra="forbid")

    algorithm: str = ALGORITHM
    public_key: str  # base64 of the 32 raw bytes
    fingerprint: str
    signature: str  # base64 of the 64-byte signature


class BadSignatureFile(ValueError):
    """manifest.sig is not a well-formed Ed25519 signature file."""


def sign(manifest: bytes, key: Ed25519PrivateKey) -> Signature:
    public = key.public_key()
    return Signature(public_key=base64.b64encode(raw_public(public)).decode(), fingerprint=fingerprint(public),
                     signature=base64.b64encode(key.sign(manifest)).decode())


def signature_bytes(sig: Signature) -> bytes:
    return (json.dumps(sig.model_dump(), indent=2, sort_keys=True) + "\n").encode()


def parse(raw: bytes) -> tuple[Signature, Ed25519PublicKey, bytes]:
    """The signature file, the public key it names and the raw signature, or BadSignatureFile."""
    try:
        sig = Signature.model_validate(safe_json.loads(raw))
    except ValueError as exc:  # pydantic's ValidationError and json's errors are ValueErrors
        raise BadSignatureFile("not a valid signature file") from exc
    if sig.algorithm != ALGORITHM:
        raise BadSignatureFile(f"algorithm {sig.algorithm!r}, not {ALGORITHM}")
    try:
        public = Ed25519PublicKey.from_public_bytes(base64.b64decode(sig.public_key, validate=True))
        signature = base64.b64decode(sig.signature, validate=True)
    except (ValueError, binascii.Error) as exc:
        raise BadSignatureFile("public key or signature is not valid base64 of the right length") from exc
    if fingerprint(public) != sig.fingerprint:
        raise BadSignatureFile("its fingerprint does not belong to its public key")
    return sig, public, signature


def valid(manifest: bytes, signature: bytes, key: Ed25519PublicKey) -> bool:
    try:
        key.verify(signature, manifest)
    except InvalidSignature:
        return False
    return True
