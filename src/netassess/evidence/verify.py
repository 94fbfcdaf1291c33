"""Verify a bundle: every byte as written, nothing added or removed, signed by a key you trust.

Exit codes (``netassess report verify``), documented in docs/reports.md and docs/exit-codes.md:
  0 intact: every file matches the manifest and the Ed25519 signature verifies with a trusted key;
  1 modified: a file changed, appeared or vanished, the manifest, signature or zip container was
    edited, the signature was stripped or made by another key than the manifest names, or the
    bundle crossed a reading bound (zip bomb, too many files) or holds symlinks, FIFOs or empty
    folders — the problems name the entries;
  1 wrong-key: intact and validly signed, but by a key that is not trusted;
  3 unsigned: intact, but unsigned (or signed and no trusted key given, or an old HMAC bundle), so
    anyone could have made it; with ``require_signed`` this is 1;
  2 usage: the path does not exist, a key file is bad, or --require-signed without a key.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from netassess.errors import ExitCode, UsageError
from netassess.evidence import archive, reader
from netassess.evidence.manifest import (
    CONTROL_FILES,
    MANIFEST,
    MANIFEST_SUM,
    SIGNATURE,
    LegacyManifest,
    Manifest,
    manifest_sum,
    parse_manifest,
    sha256,
)
from netassess.evidence.sign import BadSignatureFile, parse, valid

ANYONE = "integrity only, anyone could have made it"


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
    manifest: Manifest | LegacyManifest | None = None
    require_signed: bool = False

    @property
    def exit_code(self) -> ExitCode:
        if self.verdict is Verdict.UNSIGNED and self.require_signed:
            return ExitCode.BELOW_PASS_MARK
        return EXIT_CODES[self.verdict]

    @property
    def headline(self) -> str:
        """The one line that says why: the first problem (and how many more), else the first note."""
        if self.problems:
            more = f" (+{len(self.problems) - 1} more)" if len(self.problems) > 1 else ""
            return self.problems[0] + more
        return self.notes[0] if self.notes else ""


def _check_files(files: dict[str, bytes], manifest: Manifest | LegacyManifest, odd: dict[str, str]) -> list[str]:
    problems = []
    for name, entry in manifest.files.items():
        if name in odd:
            problems.append(f"{name}: {odd[name]}")
        elif name not in files:
            problems.append(f"{name}: removed")
        elif sha256(files[name]) != entry.sha256 or len(files[name]) != entry.bytes:
            problems.append(f"{name}: modified (SHA-256 differs from the manifest)")
    for name in sorted((set(files) | set(odd)) - set(manifest.files) - CONTROL_FILES):
        problems.append(f"{name}: {odd.get(name, 'added (not in the manifest)')}")
    return problems


Outcome = tuple[Verdict | None, list[str], list[str]]  # (verdict if the signature decides it, problems, notes)


def _check_signature(files: dict[str, bytes], manifest: Manifest | LegacyManifest,
                     trusted: dict[str, Ed25519PublicKey]) -> Outcome:
    raw = files.get(SIGNATURE)
    if isinstance(manifest, LegacyManifest):
        held = "an HMAC manifest.sig, not checked" if raw is not None else "no signature"
        return Verdict.UNSIGNED, [], [f"format /1 bundle with {held}: {ANYONE} (a shared HMAC key lets every "
                                      "verifier forge, so it proves nothing; re-run to get an Ed25519-signed bundle)"]
    signer = manifest.signer
    if raw is None:
        if signer is not None:
            return Verdict.MODIFIED, [f"{SIGNATURE}: removed (the manifest says {signer.fingerprint} signed it)"], []
        return Verdict.UNSIGNED, [], [f"no manifest.sig: {ANYONE}"]
    try:
        sig, public, signature = parse(raw)
    except BadSignatureFile as exc:
        return Verdict.MODIFIED, [f"{SIGNATURE}: modified ({exc})"], []
    if signer is None:
        return Verdict.MODIFIED, [f"{SIGNATURE}: added, but the manifest names no signer"], []
    if sig.fingerprint != signer.fingerprint:
        return Verdict.MODIFIED, [f"{SIGNATURE}: re-signed by {sig.fingerprint}, but the manifest names "
                                  f"{signer.fingerprint}"], []
    if not valid(files[MANIFEST], signature, public):
        return Verdict.MODIFIED, [f"{MANIFEST}: signature does not match (the manifest or {SIGNATURE} was edited, "
                                  "or the signature comes from another bundle)"], []
    if not trusted:
        return Verdict.UNSIGNED, [], [f"signed by {sig.fingerprint}, but no trusted public key was given (--key): {ANYONE}"]
    key = trusted.get(sig.fingerprint)
    if key is None or not valid(files[MANIFEST], signature, key):
        return Verdict.WRONG_KEY, [f"{SIGNATURE}: signed by {sig.fingerprint}, which is not a trusted key "
                                   f"(trusted: {', '.join(sorted(trusted))})"], []
    return None, [], [f"signature verified: Ed25519 by trusted key {sig.fingerprint}"]


def verify_files(files: dict[str, bytes], trusted: dict[str, Ed25519PublicKey] | None = None,
                 odd: dict[str, str] | None = None) -> VerifyReport:
    odd, trusted = odd or {}, trusted or {}
    if any(name in odd for name in CONTROL_FILES):
        return VerifyReport(Verdict.MODIFIED, [f"{name}: {odd[name]}" for name in sorted(CONTROL_FILES & set(odd))])
    if MANIFEST not in files:
        return VerifyReport(Verdict.MODIFIED, [f"{MANIFEST}: removed (or this is not an evidence bundle)"])
    problems: list[str] = []
    if files.get(MANIFEST_SUM) != manifest_sum(files[MANIFEST]):
        what = "removed" if MANIFEST_SUM not in files else "does not match manifest.json"
        problems.append(f"{MANIFEST_SUM}: {what} (manifest.json or its checksum edited)")
    try:
        manifest = parse_manifest(files[MANIFEST])
    except ValueError:  # json's errors and pydantic's ValidationError
        return VerifyReport(Verdict.MODIFIED, [*problems, f"{MANIFEST}: modified (no longer a valid manifest)"])
    if manifest.to_bytes() != files[MANIFEST]:
        problems.append(f"{MANIFEST}: modified (not in the form netassess writes)")
    problems += _check_files(files, manifest, odd)
    verdict, sig_problems, notes = _check_signature(files, manifest, trusted)
    problems += sig_problems
    if problems:
        final = Verdict.WRONG_KEY if verdict is Verdict.WRONG_KEY and len(problems) == len(sig_problems) else Verdict.MODIFIED
        return VerifyReport(final, problems, notes, manifest)
    return VerifyReport(verdict or Verdict.INTACT, [], notes, manifest)


def verify_bundle(path: Path, trusted: dict[str, Ed25519PublicKey] | None = None, *, require_signed: bool = False,
                  limits: reader.Limits | None = None) -> VerifyReport:
    """Verify a bundle directory or zip against ``trusted`` public keys (``keys.load_trusted``)."""
    if require_signed and not trusted:
        raise UsageError("--require-signed needs the signer's public key: give --key PUB.pem (or a trusted-keys file or folder)")
    try:
        loaded = reader.load(path, limits)
    except reader.CorruptArchive as exc:
        return VerifyReport(Verdict.MODIFIED, [f"{path.name}: {exc}"], require_signed=require_signed)
    report = verify_files(loaded.files, trusted, loaded.odd)
    report.require_signed = require_signed
    if loaded.container is not None and not loaded.odd and archive.zip_bytes(loaded.files) != loaded.container:
        report.problems.append(f"{path.name}: zip container modified (headers, comment or member order)")
        report.verdict = Verdict.MODIFIED
    return report
