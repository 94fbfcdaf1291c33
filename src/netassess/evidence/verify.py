"""Verify a bundle: every byte as written, nothing added or removed, signature from our key.

Exit codes (``netassess report verify``), documented in docs/reports.md:
  0 intact: every file matches the manifest and the HMAC verifies with NETASSESS_SIGNING_KEY;
  1 modified: a file changed, appeared or vanished, the manifest or zip container was edited,
    or the signature does not verify (wrong key or forged) — the problems name the files;
  3 unsigned: intact, but there is no signature, or no key was given to check it with;
  2 usage: the path does not exist (a folder or file without a readable manifest is 1: a removed
    manifest is tampering too).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from pydantic import ValidationError

from netassess.errors import ExitCode
from netassess.safe_json import loads
from netassess.evidence import archive
from netassess.evidence.manifest import CONTROL_FILES, MANIFEST, MANIFEST_SUM, SIGNATURE, Manifest, manifest_sum, sha256
from netassess.evidence.sign import KEY_ENV, Signature, check, key_from_env, key_id


class Verdict(StrEnum):
    INTACT = "intact"
    MODIFIED = "modified"
    WRONG_KEY = "wrong-key"
    UNSIGNED = "unsigned"


EXIT_CODES = {
    Verdict.INTACT: ExitCode.OK,
    Verdict.MODIFIED: ExitCode.BELOW_PASS_MARK,
    Verdict.WRONG_KEY: ExitCode.BELOW_PASS_MARK,
    Verdict.UNSIGNED: ExitCode.INCOMPLETE,
}


@dataclass
class VerifyReport:
    verdict: Verdict
    problems: list[str] = field(default_factory=list)  # each names a file
    notes: list[str] = field(default_factory=list)
    manifest: Manifest | None = None

    @property
    def exit_code(self) -> ExitCode:
        return EXIT_CODES[self.verdict]


def _check_files(files: dict[str, bytes], manifest: Manifest, corrupt: dict[str, str]) -> list[str]:
    problems = []
    for name, entry in manifest.files.items():
        if name in corrupt:
            problems.append(f"{name}: modified (zip CRC-32 mismatch)")
        elif name not in files:
            problems.append(f"{name}: removed")
        elif sha256(files[name]) != entry.sha256 or len(files[name]) != entry.bytes:
            problems.append(f"{name}: modified (SHA-256 differs from the manifest)")
    for name in sorted((set(files) | set(corrupt)) - set(manifest.files) - CONTROL_FILES):
        problems.append(f"{name}: added (not in the manifest)")
    return problems


def _check_signature(files: dict[str, bytes], key: bytes | None) -> tuple[Verdict | None, list[str], list[str]]:
    """(verdict if the signature decides it, problems, notes)."""
    raw = files.get(SIGNATURE)
    if raw is None:
        return Verdict.UNSIGNED, [], ["no manifest.sig: the bundle is unsigned, so who made it cannot be proven"]
    try:
        sig = Signature.model_validate(loads(raw))
    except (ValueError, ValidationError):
        return Verdict.MODIFIED, [f"{SIGNATURE}: modified (not a valid signature file)"], []
    if key is None:
        return Verdict.UNSIGNED, [], [f"signed (key id {sig.key_id}) but {KEY_ENV} is not set, so the signature was not checked"]
    if check(files[MANIFEST], sig, key):
        return None, [], [f"signature verified (HMAC-SHA256, key id {sig.key_id})"]
    if sig.key_id != key_id(key):
        return Verdict.WRONG_KEY, [f"{SIGNATURE}: signed with key id {sig.key_id}, not with this key ({key_id(key)})"], []
    return Verdict.MODIFIED, [f"{MANIFEST}: signature does not match (manifest or {SIGNATURE} edited)"], []


def verify_files(files: dict[str, bytes], key: bytes | None, corrupt: dict[str, str] | None = None) -> VerifyReport:
    corrupt = corrupt or {}
    if MANIFEST in corrupt or MANIFEST_SUM in corrupt or SIGNATURE in corrupt:
        return VerifyReport(Verdict.MODIFIED, [f"{name}: modified (zip CRC-32 mismatch)" for name in sorted(corrupt)])
    if MANIFEST not in files:
        return VerifyReport(Verdict.MODIFIED, [f"{MANIFEST}: removed (or this is not an evidence bundle)"])
    problems: list[str] = []
    if files.get(MANIFEST_SUM) != manifest_sum(files[MANIFEST]):
        what = "removed" if MANIFEST_SUM not in files else "does not match manifest.json"
        problems.append(f"{MANIFEST_SUM}: {what} (manifest.json or its checksum edited)")
    try:
        manifest = Manifest.model_validate(loads(files[MANIFEST]))
    except (ValueError, ValidationError):
        return VerifyReport(Verdict.MODIFIED, [*problems, f"{MANIFEST}: modified (no longer a valid manifest)"])
    if manifest.to_bytes() != files[MANIFEST]:
        problems.append(f"{MANIFEST}: modified (not in the form netassess writes)")
    problems += _check_files(files, manifest, corrupt)
    verdict, sig_problems, notes = _check_signature(files, key)
    problems += sig_problems
    if problems:
        final = Verdict.WRONG_KEY if verdict is Verdict.WRONG_KEY and len(problems) == len(sig_problems) else Verdict.MODIFIED
        return VerifyReport(final, problems, notes, manifest)
    return VerifyReport(verdict or Verdict.INTACT, [], notes, manifest)


def verify_bundle(path: Path, key: bytes | None = None) -> VerifyReport:
    """Verify a bundle directory or zip; ``key`` defaults to ``NETASSESS_SIGNING_KEY``."""
    key = key if key is not None else key_from_env()
    try:
        files, corrupt, container = archive.load(path)
    except archive.CorruptArchive as exc:
        return VerifyReport(Verdict.MODIFIED, [f"{path.name}: {exc}"])
    report = verify_files(files, key, corrupt)
    if container is not None and not corrupt and archive.zip_bytes(files) != container:
        report.problems.append(f"{path.name}: zip container modified (headers, comment or member order)")
        report.verdict = Verdict.MODIFIED
    return report
