"""Write an evidence bundle: everything an end-point assessor needs to re-check a run.

Layout (directory, or the same tree in a deterministic zip)::

    results.json              canonical results (the ``json`` format)
    report.html               the self-contained HTML report
    task/<task file>          the task file as run (secrets masked if it held any)
    topology/<clab file>      the containerlab topology, when the run had one
    snapshot.json             every collected state entry (sanitised)
    configs/before/<dev>.cfg  running config at the start (sanitised)
    configs/after/<dev>.cfg   running config at the end (sanitised)
    raw/<dev>/<command>.txt   raw CLI output per ``cmd:`` request (.json when parsed, .error.txt when it failed)
    manifest.json             SHA-256 + size of every file above; versions, signer, who and when
    manifest.json.sha256      SHA-256 of manifest.json (``sha256sum -c`` format)
    manifest.sig              Ed25519 signature over manifest.json, when signed with a private key

Everything is passed through ``netassess.sanitise`` once more on the way in: the collector
already masked secrets, and the bundle must stay clean even if a caller handed it raw text.
"""

from __future__ import annotations

import getpass
import json
import platform
import re
import socket
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from netassess import __version__
from netassess.errors import UsageError
from netassess.evidence import archive
from netassess.evidence.keys import fingerprint
from netassess.evidence.manifest import (
    MANIFEST,
    MANIFEST_SUM,
    SIGNATURE,
    CreatedBy,
    Manifest,
    RunEntry,
    Signer,
    TaskEntry,
    Versions,
    file_entries,
    manifest_sum,
)
from netassess.evidence.sign import sign, signature_bytes
from netassess.report.base import ReportContext, render
from netassess.report.outcomes import sanitised_configs
from netassess.sanitise import sanitise_config, sanitise_data

_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")


def safe_name(text: str, limit: int = 80) -> str:
    """A file name from a device name or command: no separators, no leading dot, bounded length."""
    name = _UNSAFE.sub("-", text).strip("-.") or "unnamed"
    return name[:limit]


def _platform(ctx: ReportContext, device: str) -> str | None:
    info = ctx.result.devices.get(device)
    if info is not None:
        return info.platform
    return ctx.snapshot.platforms.get(device) if ctx.snapshot else None


def _raw_outputs(ctx: ReportContext) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    if ctx.snapshot is None:
        return files
    for device, entries in sorted(ctx.snapshot.devices.items()):
        for key, entry in sorted(entries.items()):
            if not key.startswith("cmd:"):
                continue
            stem = f"raw/{safe_name(device)}/{safe_name(key[4:])}"
            while any(name.startswith(stem + ".") for name in files):
                stem += "_"
            platform = _platform(ctx, device)
            if not entry.ok:
                files[f"{stem}.error.txt"] = f"{entry.error_kind or 'error'}: {entry.error}\n".encode()
            elif isinstance(entry.data, str):
                files[f"{stem}.txt"] = sanitise_data(entry.data, platform).encode()  # JSON text too
            else:
                clean = sanitise_data(entry.data, platform)
                files[f"{stem}.json"] = (json.dumps(clean, indent=2, sort_keys=True) + "\n").encode()
    return files


def _task_copy(ctx: ReportContext, task_path: Path | None) -> tuple[dict[str, bytes], TaskEntry]:
    task = ctx.result.task
    entry = TaskEntry(id=task.id, version=task.version, sha256=task.sha256)
    if task_path is None:
        return {}, entry
    if not task_path.is_file():
        raise UsageError(f"{task_path}: task file not found for the evidence bundle")
    text = task_path.read_text()
    clean = sanitise_config(text)
    name = f"task/{safe_name(task_path.name)}"
    entry.file, entry.file_sanitised = name, clean != text
    return {name: clean.encode()}, entry


def bundle_files(ctx: ReportContext, task_path: Path | None) -> tuple[dict[str, bytes], TaskEntry]:
    """The bundle's payload (everything but the manifest files), by relative path."""
    files: dict[str, bytes] = {
        "results.json": render("json", ctx).encode(),
        "report.html": render("html", ctx).encode(),
    }
    task_files, task_entry = _task_copy(ctx, task_path)
    files.update(task_files)
    if ctx.topology is not None and ctx.topology.is_file():
        files[f"topology/{safe_name(ctx.topology.name)}"] = sanitise_config(ctx.topology.read_text()).encode()
    if ctx.snapshot is not None:
        snap: dict[str, Any] = ctx.snapshot.model_dump(mode="json")
        snap["devices"] = {
            dev: sanitise_data(entries, _platform(ctx, dev)) for dev, entries in snap.get("devices", {}).items()
        }
        files["snapshot.json"] = (json.dumps(snap, indent=2) + "\n").encode()
    before, after = sanitised_configs(ctx)
    for when, configs in (("before", before), ("after", after)):
        for device, text in sorted(configs.items()):
            files[f"configs/{when}/{safe_name(device)}.cfg"] = text.encode()
    files.update(_raw_outputs(ctx))
    return files, task_entry


def _who(ctx: ReportContext) -> CreatedBy:
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no passwd entry for this uid (containers)
        user = "unknown"
    return CreatedBy(assessor=ctx.result.assessor, user=user, host=socket.gethostname())


_LIBRARIES = ("napalm", "netmiko", "nornir", "ttp", "pydantic", "cryptography")


def _versions(ctx: ReportContext) -> Versions:
    libraries = {}
    for name in _LIBRARIES:
        try:
            libraries[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            libraries[name] = "not installed"
    devices = {}
    for device, info in sorted(ctx.result.devices.items()):
        facts = info.facts or {}
        seen = " ".join(str(facts[k]) for k in ("vendor", "os_version") if facts.get(k))
        devices[device] = seen or f"{info.platform} (no facts: {info.error or 'not collected'})"
    return Versions(netassess=__version__, python=platform.python_version(), libraries=libraries,
                    os=platform.platform(), devices=devices)


def _utc(when: datetime) -> datetime:
    return when.astimezone(UTC) if when.tzinfo else when.replace(tzinfo=UTC)


def write_bundle(
    ctx: ReportContext,
    task_path: Path | None,
    dir: Path,  # noqa: A002 - the name the run command's --evidence DIR maps to
    *,
    zip: bool = False,  # noqa: A002
    key: Ed25519PrivateKey | None = None,
    now: datetime | None = None,
) -> Path:
    """Write the bundle to ``dir`` (or ``dir`` + ``.zip`` when ``zip``) and return that path.

    With ``key`` (see ``keys.load_private``) the manifest names its fingerprint and manifest.sig
    holds the Ed25519 signature; without one the bundle is unsigned (integrity only: verify exits
    3, or 1 with --require-signed). ``dir`` must be new or empty so no stale file enters the manifest.
    """
    files, task_entry = bundle_files(ctx, task_path)
    r = ctx.result
    manifest = Manifest(
        created=_utc(now or datetime.now(UTC)),
        created_by=_who(ctx),
        candidate=r.candidate,
        task=task_entry,
        run=RunEntry(started=_utc(r.started), finished=_utc(r.finished), percent=r.score.percent,
                     grade=r.score.grade.value, complete=r.complete),
        versions=_versions(ctx),
        signer=Signer(fingerprint=fingerprint(key.public_key())) if key is not None else None,
        files=file_entries(files),
    )
    manifest_bytes = manifest.to_bytes()
    files[MANIFEST] = manifest_bytes
    files[MANIFEST_SUM] = manifest_sum(manifest_bytes)
    if key is not None:
        files[SIGNATURE] = signature_bytes(sign(manifest_bytes, key))
    if zip:
        target = dir if dir.suffix == ".zip" else dir.with_name(dir.name + ".zip")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(archive.zip_bytes(files))
        return target
    if dir.exists() and any(dir.iterdir()):
        raise UsageError(f"{dir}: evidence directory is not empty; give a new directory so nothing stale is bundled")
    archive.write_dir(dir, files)
    return dir
