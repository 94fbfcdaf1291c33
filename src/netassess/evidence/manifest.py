"""manifest.json: what the bundle holds (SHA-256 and size of every file), who made it and when.

The manifest itself is protected twice: ``manifest.json.sha256`` (``sha256sum -c`` format, so
an unsigned bundle still catches an accidental edit) and, when a key is set, ``manifest.sig``.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

BUNDLE_FORMAT = "netassess-evidence/1"
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


class Manifest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    format: str = BUNDLE_FORMAT
    tool_version: str
    created: datetime
    created_by: CreatedBy
    candidate: str | None = None
    task: TaskEntry
    run: RunEntry
    files: dict[str, FileEntry]

    def to_bytes(self) -> bytes:
        return (json.dumps(self.model_dump(mode="json"), indent=2, sort_keys=True) + "\n").encode()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_entries(files: dict[str, bytes]) -> dict[str, FileEntry]:
    return {name: FileEntry(sha256=sha256(data), bytes=len(data)) for name, data in sorted(files.items())}


def manifest_sum(manifest: bytes) -> bytes:
    return f"{sha256(manifest)}  {MANIFEST}\n".encode()
