"""The tamper matrix: every way to alter a bundle yields its one line and its exit code.

Each case starts from an intact bundle signed by the centre's key, tampers with it one way, and
runs ``netassess report verify BUNDLE --require-signed --key centre.pub.pem`` as an external body
would. The first output line names what happened; the exit code is 1 (docs/exit-codes.md).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from evidence_fixtures import KEY, OTHER_KEY, TASK, WHEN
from typer.testing import CliRunner

from netassess.cli import app
from netassess.evidence import write_bundle
from netassess.evidence.keys import fingerprint
from netassess.evidence.sign import sign, signature_bytes
from netassess.report.base import ReportContext

FP = fingerprint(KEY.public_key())
OTHER_FP = fingerprint(OTHER_KEY.public_key())
FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "evidence"


def _pem(key) -> bytes:  # noqa: ANN001 - an Ed25519 private key
    return key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


def _rewrite_manifest(bundle: Path, edit: Callable[[dict], None], signer=None) -> None:  # noqa: ANN001
    """What a forger can do without the centre's key: edit, re-hash, and (optionally) sign with their own."""
    manifest = json.loads((bundle / "manifest.json").read_text())
    edit(manifest)
    raw = (json.dumps(manifest, indent=2, sort_keys=True) + "\n").encode()
    (bundle / "manifest.json").write_bytes(raw)
    (bundle / "manifest.json.sha256").write_text(f"{hashlib.sha256(raw).hexdigest()}  manifest.json\n")
    if signer is not None:
        (bundle / "manifest.sig").write_bytes(signature_bytes(sign(raw, signer)))


def _rehash(manifest: dict, bundle: Path, name: str) -> None:
    data = (bundle / name).read_bytes()
    manifest["files"][name] = {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}


def modify_a_file(b: Path, tmp: Path) -> None:
    (b / "results.json").write_text((b / "results.json").read_text().replace('"fail"', '"pass"', 1))


def add_a_file(b: Path, tmp: Path) -> None:
    (b / "configs/after/r3.cfg").write_text("hostname r3\n")


def remove_a_file(b: Path, tmp: Path) -> None:
    (b / "configs/before/r1.cfg").unlink()


def edit_the_manifest(b: Path, tmp: Path) -> None:
    _rewrite_manifest(b, lambda m: m.update(candidate="apprentice-999"))


def edit_a_file_and_rehash_everything(b: Path, tmp: Path) -> None:
    modify_a_file(b, tmp)
    _rewrite_manifest(b, lambda m: _rehash(m, b, "results.json"))


def strip_the_signature(b: Path, tmp: Path) -> None:
    (b / "manifest.sig").unlink()


def strip_signature_and_signer(b: Path, tmp: Path) -> None:
    """The forger's best: a bundle that looks like an honest unsigned one."""
    modify_a_file(b, tmp)
    (b / "manifest.sig").unlink()
    _rewrite_manifest(b, lambda m: (_rehash(m, b, "results.json"), m.update(signer=None)))


def resign_with_another_key(b: Path, tmp: Path) -> None:
    modify_a_file(b, tmp)
    _rewrite_manifest(b, lambda m: (_rehash(m, b, "results.json"), m.update(signer={"algorithm": "Ed25519",
                                                                                     "fingerprint": OTHER_FP})),
                      signer=OTHER_KEY)


def resign_keeping_the_signer_name(b: Path, tmp: Path) -> None:
    _rewrite_manifest(b, lambda m: m.update(candidate="apprentice-999"), signer=OTHER_KEY)


def swap_signature_from_another_bundle(b: Path, tmp: Path) -> None:
    other = tmp / "other"
    _rewrite_manifest(other, lambda m: m.update(candidate="apprentice-999"), signer=KEY)  # genuine, another bundle
    shutil.copy(other / "manifest.sig", b / "manifest.sig")


def garbage_signature(b: Path, tmp: Path) -> None:
    (b / "manifest.sig").write_text('{"algorithm": "Ed25519", "signature": "AAAA"}\n')


def symlink_out_of_the_bundle(b: Path, tmp: Path) -> None:
    (b / "configs/after/r1.cfg").unlink()
    (b / "configs/after/r1.cfg").symlink_to("/etc/passwd")


def fifo_in_the_bundle(b: Path, tmp: Path) -> None:
    os.mkfifo(b / "raw/r1/pipe")


def empty_folder(b: Path, tmp: Path) -> None:
    (b / "raw/r3").mkdir()


CASES: dict[str, tuple[Callable[[Path, Path], None], str]] = {
    "modify a file": (modify_a_file, "MODIFIED: results.json: modified (SHA-256 differs from the manifest)"),
    "add a file": (add_a_file, "MODIFIED: configs/after/r3.cfg: added (not in the manifest)"),
    "remove a file": (remove_a_file, "MODIFIED: configs/before/r1.cfg: removed"),
    "edit the manifest": (edit_the_manifest, "MODIFIED: manifest.json: signature does not match"),
    "edit a file, re-hash everything": (edit_a_file_and_rehash_everything, "MODIFIED: manifest.json: signature does not match"),
    "strip the signature": (strip_the_signature, f"MODIFIED: manifest.sig: removed (the manifest says {FP} signed it)"),
    "strip signature and signer": (strip_signature_and_signer, "UNSIGNED: no manifest.sig: integrity only, anyone could"),
    "re-sign with another key": (resign_with_another_key, f"WRONG-KEY: manifest.sig: signed by {OTHER_FP}, which is not a trusted key"),
    "re-sign, keep signer name": (resign_keeping_the_signer_name, f"MODIFIED: manifest.sig: re-signed by {OTHER_FP}, but the manifest "
        f"names {FP}"),
    "swap signature between bundles": (swap_signature_from_another_bundle, "MODIFIED: manifest.json: signature does not match"),
    "garbage signature": (garbage_signature, "MODIFIED: manifest.sig: modified (not a valid signature file)"),
    "symlink out of the bundle": (symlink_out_of_the_bundle, "MODIFIED: configs/after/r1.cfg: symlink to /etc/passwd (OUTSIDE the bundle"),
    "FIFO in the bundle": (fifo_in_the_bundle, "MODIFIED: raw/r1/pipe: FIFO, not a regular file (never opened)"),
    "empty folder": (empty_folder, "MODIFIED: raw/r3/: empty folder"),
}


@pytest.fixture
def keys(tmp_path: Path) -> dict[str, Path]:
    centre, other = tmp_path / "centre.pub.pem", tmp_path / "other.pub.pem"
    centre.write_bytes(_pem(KEY))
    other.write_bytes(_pem(OTHER_KEY))
    return {"centre": centre, "other": other}


def _verify(bundle: Path, *args: str) -> tuple[int, str]:
    res = CliRunner().invoke(app, ["report", "verify", str(bundle), *args])
    assert res.exception is None or isinstance(res.exception, SystemExit), res.exception
    return res.exit_code, res.output.splitlines()[0]


@pytest.mark.parametrize("case", list(CASES))
def test_tampered_bundle_fails_require_signed_with_its_one_line_and_exit_1(
    case: str, ctx: ReportContext, tmp_path: Path, keys: dict[str, Path]
) -> None:
    tamper, expected = CASES[case]
    bundle = write_bundle(ctx, TASK, tmp_path / "bundle", key=KEY, now=WHEN)
    write_bundle(ctx, TASK, tmp_path / "other", key=KEY, now=WHEN)
    assert _verify(bundle, "--require-signed", "--key", str(keys["centre"]))[0] == 0  # intact before
    tamper(bundle, tmp_path)
    code, line = _verify(bundle, "--require-signed", "--key", str(keys["centre"]))
    assert (code, line.startswith(f"{bundle}: {expected}")) == (1, True), line


def test_wrong_public_key_fails_with_exit_1(ctx: ReportContext, tmp_path: Path, keys: dict[str, Path]) -> None:
    bundle = write_bundle(ctx, TASK, tmp_path / "bundle", key=KEY, now=WHEN)
    code, line = _verify(bundle, "--require-signed", "--key", str(keys["other"]))
    assert code == 1 and line == f"{bundle}: WRONG-KEY: manifest.sig: signed by {FP}, which is not a trusted key (trusted: {OTHER_FP})"


def test_unsigned_bundle_fails_require_signed_but_is_only_exit_3_without_it(ctx: ReportContext, tmp_path: Path,
                                                                            keys: dict[str, Path]) -> None:
    bundle = write_bundle(ctx, TASK, tmp_path / "bundle", now=WHEN)
    line = f"{bundle}: UNSIGNED: no manifest.sig: integrity only, anyone could have made it"
    assert _verify(bundle, "--require-signed", "--key", str(keys["centre"])) == (1, line)
    assert _verify(bundle) == (3, line)


def test_signed_bundle_without_a_key_is_exit_3_and_require_signed_without_a_key_is_a_usage_error(
    ctx: ReportContext, tmp_path: Path
) -> None:
    bundle = write_bundle(ctx, TASK, tmp_path / "bundle", key=KEY, now=WHEN)
    code, line = _verify(bundle)
    assert code == 3 and line.endswith(f"signed by {FP}, but no trusted public key was given (--key): integrity only, "
                                       "anyone could have made it")
    res = CliRunner().invoke(app, ["report", "verify", str(bundle), "--require-signed"])
    assert "--require-signed needs the signer's public key" in str(res.exception)


def test_a_trusted_keys_folder_holding_the_signer_verifies(ctx: ReportContext, tmp_path: Path, keys: dict[str, Path]) -> None:
    folder = tmp_path / "trusted"
    folder.mkdir()
    shutil.copy(keys["other"], folder / "other.pem")
    shutil.copy(keys["centre"], folder / "centre.pub")
    bundle = write_bundle(ctx, TASK, tmp_path / "bundle", key=KEY, now=WHEN)
    assert _verify(bundle, "--require-signed", "--key", str(folder))[0] == 0


def _zip(path: Path, members: dict[str, bytes], compression: int = zipfile.ZIP_STORED) -> Path:
    with zipfile.ZipFile(path, "w", compression=compression) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def test_zip_bomb_is_refused_before_it_is_expanded(tmp_path: Path, keys: dict[str, Path]) -> None:
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as zf, zf.open("results.json", "w") as fh:
        for _ in range(20):
            fh.write(bytes(1024 * 1024))  # 20 MiB of zeros deflate to ~20 KiB
    assert bomb.stat().st_size < 100_000
    code, line = _verify(bomb, "--require-signed", "--key", str(keys["centre"]))
    assert code == 1 and line.startswith(f"{bomb}: MODIFIED: bomb.zip: refused: results.json expands ") and "zip bomb" in line


def test_zip_larger_than_the_bound_once_expanded_is_refused(tmp_path: Path, keys: dict[str, Path]) -> None:
    big = _zip(tmp_path / "big.zip", {"a.bin": os.urandom(3 * 1024 * 1024)})
    code, line = _verify(big, "--max-size", "2", "--require-signed", "--key", str(keys["centre"]))
    assert (code, line) == (1, f"{big}: MODIFIED: big.zip: refused: the zip is 3 MiB, over the 2 MiB limit")


def test_huge_file_count_is_refused(tmp_path: Path, keys: dict[str, Path]) -> None:
    many = _zip(tmp_path / "many.zip", {f"raw/f{i}.txt": b"" for i in range(10_001)})
    code, line = _verify(many, "--require-signed", "--key", str(keys["centre"]))
    assert (code, line) == (1, f"{many}: MODIFIED: many.zip: refused: the zip holds 10001 entries, over the limit of 10000")


def test_zip_member_escaping_with_dotdot_is_named_not_extracted(ctx: ReportContext, tmp_path: Path,
                                                                keys: dict[str, Path]) -> None:
    bundle = write_bundle(ctx, TASK, tmp_path / "ev", zip=True, key=KEY, now=WHEN)
    with zipfile.ZipFile(bundle, "a") as zf:
        zf.writestr("../../etc/cron.d/evil", b"* * * * * root sh\n")
    code, line = _verify(bundle, "--require-signed", "--key", str(keys["centre"]))
    assert (code, line) == (1, f"{bundle}: MODIFIED: ../../etc/cron.d/evil: unsafe member name "
                               "(absolute, '..', '.', empty part or backslash)")
    assert not (tmp_path.parent.parent / "etc/cron.d/evil").exists()


def test_zip_symlink_member_is_reported(ctx: ReportContext, tmp_path: Path, keys: dict[str, Path]) -> None:
    bundle = write_bundle(ctx, TASK, tmp_path / "ev", zip=True, key=KEY, now=WHEN)
    info = zipfile.ZipInfo("configs/after/link.cfg")
    info.create_system, info.external_attr = 3, 0o120777 << 16
    with zipfile.ZipFile(bundle, "a") as zf:
        zf.writestr(info, "/etc/shadow")
    code, line = _verify(bundle, "--require-signed", "--key", str(keys["centre"]))
    assert (code, line) == (1, f"{bundle}: MODIFIED: configs/after/link.cfg: symlink to /etc/shadow "
                               "(never followed, netassess writes none)")


def test_old_hmac_bundle_is_read_for_integrity_only(tmp_path: Path, keys: dict[str, Path]) -> None:
    """A real format /1 bundle (written by netassess before Ed25519): files checked, HMAC never trusted."""
    old = FIXTURES / "v1-hmac.zip"
    code, line = _verify(old)
    assert code == 3 and line.startswith(f"{old}: UNSIGNED: format /1 bundle with an HMAC manifest.sig, not checked: "
                                         "integrity only, anyone could have made it")
    assert _verify(old, "--require-signed", "--key", str(keys["centre"]))[0] == 1
    edited = tmp_path / "v1.zip"
    edited.write_bytes(old.read_bytes().replace(b"hostname r1", b"hostname r9", 1))
    code, line = _verify(edited)
    assert code == 1 and "MODIFIED" in line
