"""Ed25519 key pairs for evidence bundles: the centre signs with its private key, anyone verifies.

With a shared HMAC key whoever can verify can also forge; with Ed25519 an external body holds
only the public key, which lets it check a bundle but never make one.

- the private key is PEM (PKCS#8), written 0600 and refused when group or others can read it,
  optionally encrypted with a passphrase from ``NETASSESS_KEY_PASSPHRASE`` or a prompt (never an
  argument, which ``ps`` and shell history would show);
- the public key is PEM (SubjectPublicKeyInfo); a trusted-keys file may hold several, and a folder
  of ``*.pem`` / ``*.pub`` files is read as one set;
- the fingerprint is ``SHA256:`` + unpadded base64 of SHA-256 over the 32 raw public-key bytes
  (RFC 8032 encoding), the form OpenSSH uses to show key hashes.
"""

from __future__ import annotations

import base64
import getpass
import hashlib
import os
import re
import stat
import sys
from collections.abc import Callable
from pathlib import Path

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from netassess.errors import UsageError

PASSPHRASE_ENV = "NETASSESS_KEY_PASSPHRASE"
MAX_KEY_FILE = 64 * 1024  # a PEM key is a few hundred bytes; a trusted-keys file a few KiB
_PEM_PUBLIC = re.compile(rb"-----BEGIN PUBLIC KEY-----.*?-----END PUBLIC KEY-----", re.DOTALL)

Prompt = Callable[[str], str]


def raw_public(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def fingerprint_raw(raw: bytes) -> str:
    return "SHA256:" + base64.b64encode(hashlib.sha256(raw).digest()).decode().rstrip("=")


def fingerprint(key: Ed25519PublicKey) -> str:
    return fingerprint_raw(raw_public(key))


def _tty_prompt(label: str) -> str:
    return getpass.getpass(f"{label}: ")


def _passphrase(*, confirm: bool, prompt: Prompt | None) -> bytes:
    value = os.environ.get(PASSPHRASE_ENV)
    if value:
        return value.encode()
    if prompt is None or (prompt is _tty_prompt and not sys.stdin.isatty()):
        raise UsageError(f"the key passphrase is needed: set {PASSPHRASE_ENV} or run on a terminal to be asked")
    first = prompt("Key passphrase")
    if not first:
        raise UsageError("an empty passphrase encrypts nothing; give one, or leave out --encrypt")
    if confirm and prompt("Repeat the passphrase") != first:
        raise UsageError("the two passphrases differ; nothing was written")
    return first.encode()


def _write_new(path: Path, data: bytes, mode: int) -> None:
    """Create ``path`` with ``mode`` from the start (no window where a private key is world-readable)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    except FileExistsError:
        raise UsageError(f"{path}: already exists; keygen never overwrites a key (move it away or pick another name)") from None
    except OSError as exc:
        raise UsageError(f"{path}: cannot write the key ({exc.strerror})") from None
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)


def generate(private_path: Path, public_path: Path, *, encrypt: bool = False,
             prompt: Prompt | None = _tty_prompt) -> str:
    """Write a new key pair (private 0600, public 0644) and return its fingerprint."""
    for path in (private_path, public_path):
        if path.exists():
            raise UsageError(f"{path}: already exists; keygen never overwrites a key (move it away or pick another name)")
    algorithm: serialization.KeySerializationEncryption = serialization.NoEncryption()
    if encrypt:
        algorithm = serialization.BestAvailableEncryption(_passphrase(confirm=True, prompt=prompt))
    key = Ed25519PrivateKey.generate()
    private_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, algorithm)
    public_pem = key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    private_path.parent.mkdir(parents=True, exist_ok=True)
    public_path.parent.mkdir(parents=True, exist_ok=True)
    _write_new(private_path, private_pem, 0o600)
    _write_new(public_path, public_pem, 0o644)
    return fingerprint(key.public_key())


def _read_small(path: Path, what: str) -> bytes:
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise UsageError(f"{path}: not a regular file; give the {what} PEM file")
        if info.st_size > MAX_KEY_FILE:
            raise UsageError(f"{path}: {info.st_size} bytes is too big for a {what} file (limit {MAX_KEY_FILE})")
        return path.read_bytes()
    except FileNotFoundError:
        raise UsageError(f"{path}: {what} file not found") from None
    except PermissionError:
        raise UsageError(f"{path}: {what} file not readable by this user") from None


def load_private(path: Path, *, prompt: Prompt | None = _tty_prompt) -> Ed25519PrivateKey:
    """The signing key; refused when others can read the file, as ssh refuses such keys."""
    data = _read_small(path, "private key")
    if path.stat().st_mode & 0o077:
        raise UsageError(f"{path}: private key is readable by group or others; run chmod 600 {path}")
    encrypted = data.lstrip().startswith(b"-----BEGIN ENCRYPTED PRIVATE KEY-----")
    password = _passphrase(confirm=False, prompt=prompt) if encrypted else None
    try:
        key = serialization.load_pem_private_key(data, password=password)
    except (ValueError, TypeError, UnsupportedAlgorithm) as exc:
        reason = "wrong passphrase or not a PEM private key" if password else str(exc).splitlines()[0]
        raise UsageError(f"{path}: cannot load the private key ({reason}); make one with netassess report keygen") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise UsageError(f"{path}: a {type(key).__name__.removesuffix('PrivateKey').removeprefix('_')} key, not Ed25519; "
                         "make one with netassess report keygen")
    return key


def _public_from_pem(block: bytes, path: Path) -> Ed25519PublicKey:
    try:
        key = serialization.load_pem_public_key(block)
    except (ValueError, UnsupportedAlgorithm) as exc:
        raise UsageError(f"{path}: not a PEM public key ({str(exc).splitlines()[0]})") from None
    if not isinstance(key, Ed25519PublicKey):
        raise UsageError(f"{path}: holds a public key that is not Ed25519; give the .pub.pem from netassess report keygen")
    return key


def load_trusted(paths: list[Path]) -> dict[str, Ed25519PublicKey]:
    """Trusted public keys by fingerprint, from PEM files (one or more keys each) or folders of them."""
    trusted: dict[str, Ed25519PublicKey] = {}
    for path in paths:
        if path.is_dir():
            files = sorted(p for p in path.iterdir() if p.suffix in (".pem", ".pub") and not p.is_dir())
            if not files:
                raise UsageError(f"{path}: no *.pem or *.pub public key files in this folder")
        else:
            files = [path]
        for file in files:
            data = _read_small(file, "public key")
            if b"PRIVATE KEY" in data:
                raise UsageError(f"{file}: this is a private key; verify needs only the public key (the .pub.pem)")
            blocks = _PEM_PUBLIC.findall(data)
            if not blocks:
                raise UsageError(f"{file}: no PEM public key in it (-----BEGIN PUBLIC KEY-----)")
            for block in blocks:
                key = _public_from_pem(block, file)
                trusted[fingerprint(key)] = key
    return trusted
