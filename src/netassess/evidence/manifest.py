"""manifest.json: what the bundle holds (SHA-256 and size of every file), who made it, when, with what.

The manifest itself is protected twice: ``manifest.json.sha256`` (``sha256sum -c`` format, so
an unsigned bundle still catches an accidental edit) and, when signed, ``manifest.sig`` (Ed25519).
The manifest names its signer's fingerprint, so stripping the signature is itself a visible edit.

Format ``/2`` is current; ``/1`` (HMAC-signed, before Ed25519) is still read for integrity only.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Final, Literal

from pydantic import BaseModel, ConfigDict, Field

from netassess import safe_json

BUNDLE_FORMAT: Final = "netassess-evidence/2"
LEGACY_FORMAT = "netassess-evidence/1"
MANIFEST = "manifest.json"
MANIFEST_SUM = "manifest.json.sha256"
SIGNATURE = "manifest.sig"
CONTROL_FILES = frozenset({MANIFEST, MANIFEST_SUM, SIGNATURE})


class FileEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sha256: str
    bytes: int


class CreatedBy(BaseModel):
    model_config = ConfigDict(extra="forbid")

    assessor: str | None = None
    user: str
    host: str


class TaskEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    version: str
    sha256: str
    file: str | None = Field(None, description="the copy of the task file in this bundle")
    file_sanitised: bool = Field(False, description="true when secrets were masked in the copy, so its hash differs")


class RunEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    started: datetime
    finished: datetime
    percent: float
    grade: str
    complete: bool


class Signer(BaseModel):
    model_config = ConfigDict(extra="forbid")

    algorithm: str = "Ed25519"
    fingerprint: str = Field(description="SHA256:<base64> of the raw public key (netassess report keygen prints it)")


class Versions(BaseModel):
    """What produced the evidence, so a later reader can judge it (and reproduce the run)."""

    model_config = ConfigDict(extra="forbid")

    netassess: str
    python: str
    libraries: dict[str, str] = Field(description="napalm, netmiko, nornir, cryptography, … as installed")
    os: str = Field(description="the assessing machine's OS (platform.platform())")
    devices: dict[str, str] = Field(default_factory=dict, description="device -> vendor and OS version it reported")


class _ManifestBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    created: datetime
    created_by: CreatedBy
    candidate: str | None = None
    task: TaskEntry
    run: RunEntry
    files: dict[str, FileEntry]

    def to_bytes(self) -> bytes:
        return (json.dumps(self.model_dump(mode="json"), indent=2, sort_keys=True) + "\n").encode()


class Manifest(_ManifestBody):
    format: Literal["netassess-evidence/2"] = BUNDLE_FORMAT
    versions: Versions
    signer: Signer | None = Field(None, description="who signed manifest.sig; None for an unsigned bundle")

    @property
    def tool_version(self) -> str:
        return self.versions.netassess


class LegacyManifest(_ManifestBody):
    """Format /1: HMAC-signed. Its files are still checked; its HMAC is never trusted."""

    format: Literal["netassess-evidence/1"]
    tool_version: str


def parse_manifest(raw: bytes) -> Manifest | LegacyManifest:
    """The manifest in whichever format it declares (ValueError when it is neither)."""
    data = safe_json.loads(raw)
    if isinstance(data, dict) and data.get("format") == LEGACY_FORMAT:
        return LegacyManifest.model_validate(data)
    return Manifest.model_validate(data)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_entries(files: dict[str, bytes]) -> dict[str, FileEntry]:
    return {name: FileEntry(sha256=sha256(data), bytes=len(data)) for name, data in sorted(files.items())}


def manifest_sum(manifest: bytes) -> bytes:
    return f"{sha256(manifest)}  {MANIFEST}\n".encode()
