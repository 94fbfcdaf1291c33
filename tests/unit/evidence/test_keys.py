"""keygen and key loading: private keys 0600 and never overwritten, passphrases never on the command line,
bad key files one clear line (exit 2)."""

from __future__ import annotations

import base64
import hashlib
import stat
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from typer.testing import CliRunner

from netassess.cli import app
from netassess.errors import UsageError
from netassess.evidence.keys import PASSPHRASE_ENV, fingerprint, generate, load_private, load_trusted


def _no_prompt(label: str) -> str:
    raise AssertionError(f"unexpected prompt: {label}")


def test_keygen_writes_a_0600_private_and_a_public_pem_and_prints_the_fingerprint(tmp_path: Path) -> None:
    res = CliRunner().invoke(app, ["report", "keygen", str(tmp_path / "keys" / "centre.pem")])
    assert res.exit_code == 0, res.output
    private, public = tmp_path / "keys" / "centre.pem", tmp_path / "keys" / "centre.pub.pem"
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    assert private.read_bytes().startswith(b"-----BEGIN PRIVATE KEY-----")
    assert public.read_bytes().startswith(b"-----BEGIN PUBLIC KEY-----")
    [key] = load_trusted([public]).values()
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    expected = "SHA256:" + base64.b64encode(hashlib.sha256(raw).digest()).decode().rstrip("=")
    assert f"fingerprint: {expected}" in res.output and fingerprint(load_private(private).public_key()) == expected


def test_keygen_never_overwrites_a_key(tmp_path: Path) -> None:
    generate(tmp_path / "k.pem", tmp_path / "k.pub.pem")
    before = (tmp_path / "k.pem").read_bytes()
    res = CliRunner().invoke(app, ["report", "keygen", str(tmp_path / "k.pem")])
    assert isinstance(res.exception, UsageError) and "already exists" in str(res.exception)
    assert (tmp_path / "k.pem").read_bytes() == before


def test_encrypted_key_takes_its_passphrase_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PASSPHRASE_ENV, "correct horse battery staple")
    fp = generate(tmp_path / "k.pem", tmp_path / "k.pub.pem", encrypt=True, prompt=_no_prompt)
    data = (tmp_path / "k.pem").read_bytes()
    assert data.startswith(b"-----BEGIN ENCRYPTED PRIVATE KEY-----") and b"correct horse" not in data
    assert fingerprint(load_private(tmp_path / "k.pem", prompt=_no_prompt).public_key()) == fp
    monkeypatch.setenv(PASSPHRASE_ENV, "wrong")
    with pytest.raises(UsageError, match="wrong passphrase"):
        load_private(tmp_path / "k.pem", prompt=_no_prompt)


def test_encrypted_key_asks_twice_on_a_terminal_and_refuses_a_mismatch(tmp_path: Path) -> None:
    answers = iter(["one passphrase", "another"])
    with pytest.raises(UsageError, match="differ; nothing was written"):
        generate(tmp_path / "k.pem", tmp_path / "k.pub.pem", encrypt=True, prompt=lambda label: next(answers))
    assert not (tmp_path / "k.pem").exists()
    answers = iter(["same", "same", "same"])
    generate(tmp_path / "k.pem", tmp_path / "k.pub.pem", encrypt=True, prompt=lambda label: next(answers))
    load_private(tmp_path / "k.pem", prompt=lambda label: next(answers))


def test_encrypted_key_without_passphrase_or_terminal_is_one_line_exit_2(tmp_path: Path) -> None:
    res = CliRunner().invoke(app, ["report", "keygen", str(tmp_path / "k.pem"), "--encrypt"])
    assert isinstance(res.exception, UsageError) and res.exception.exit_code == 2
    assert str(res.exception) == f"the key passphrase is needed: set {PASSPHRASE_ENV} or run on a terminal to be asked"


def test_private_key_readable_by_others_is_refused(tmp_path: Path) -> None:
    generate(tmp_path / "k.pem", tmp_path / "k.pub.pem")
    (tmp_path / "k.pem").chmod(0o644)
    with pytest.raises(UsageError, match="readable by group or others; run chmod 600"):
        load_private(tmp_path / "k.pem")


def test_non_ed25519_and_non_key_files_are_one_clear_line(tmp_path: Path) -> None:
    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    rsa_pem = tmp_path / "rsa.pem"
    rsa_pem.write_bytes(rsa_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                              serialization.NoEncryption()))
    rsa_pem.chmod(0o600)
    with pytest.raises(UsageError, match="not Ed25519"):
        load_private(rsa_pem)
    rsa_pub = tmp_path / "rsa.pub.pem"
    rsa_pub.write_bytes(rsa_key.public_key().public_bytes(serialization.Encoding.PEM,
                                                          serialization.PublicFormat.SubjectPublicKeyInfo))
    with pytest.raises(UsageError, match="not Ed25519"):
        load_trusted([rsa_pub])
    with pytest.raises(UsageError, match="this is a private key; verify needs only the public key"):
        load_trusted([rsa_pem])
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(UsageError, match="no PEM public key in it"):
        load_trusted([tmp_path / "notes.txt"])
    with pytest.raises(UsageError, match="public key file not found"):
        load_trusted([tmp_path / "missing.pem"])


def test_a_trusted_keys_file_may_hold_several_keys(tmp_path: Path) -> None:
    fps = [generate(tmp_path / f"{n}.pem", tmp_path / f"{n}.pub.pem") for n in ("a", "b")]
    bundle = tmp_path / "trusted-keys.pem"
    bundle.write_bytes(b"# centre A\n" + (tmp_path / "a.pub.pem").read_bytes() + b"# centre B\n"
                       + (tmp_path / "b.pub.pem").read_bytes())
    assert sorted(load_trusted([bundle])) == sorted(fps)
