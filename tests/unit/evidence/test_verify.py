"""verify: intact (0), modified naming the files (1), untrusted key (1), unsigned (3); any 1-byte edit is caught.

The tamper matrix (strip, re-sign, swap, bombs, FIFOs, …) is in test_tamper_matrix.py."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from evidence_fixtures import KEY, OTHER_KEY, TASK, TRUSTED, WHEN, trusted
from typer.testing import CliRunner

from netassess.cli import app
from netassess.evidence import Verdict, verify_bundle, write_bundle
from netassess.report.base import ReportContext


@pytest.fixture
def signed(ctx: ReportContext, tmp_path: Path) -> Path:
    return write_bundle(ctx, TASK, tmp_path / "signed", key=KEY, now=WHEN)


@pytest.fixture
def unsigned(ctx: ReportContext, tmp_path: Path) -> Path:
    return write_bundle(ctx, TASK, tmp_path / "unsigned", now=WHEN)


def _flip(path: Path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset % len(data)] ^= 0x20
    path.write_bytes(bytes(data))


def test_untouched_signed_bundle_is_intact_with_the_right_key(signed: Path) -> None:
    report = verify_bundle(signed, TRUSTED)
    assert (report.verdict, int(report.exit_code), report.problems) == (Verdict.INTACT, 0, [])


def test_untouched_unsigned_bundle_is_unsigned_exit_3(unsigned: Path) -> None:
    report = verify_bundle(unsigned, TRUSTED)
    assert (report.verdict, int(report.exit_code)) == (Verdict.UNSIGNED, 3)


def test_signed_bundle_without_a_key_to_check_is_unsigned_exit_3(signed: Path) -> None:
    report = verify_bundle(signed, None)
    assert (report.verdict, int(report.exit_code)) == (Verdict.UNSIGNED, 3)
    assert "no trusted public key was given" in report.notes[0]


def test_wrong_key_is_reported_as_such_exit_1(signed: Path) -> None:
    report = verify_bundle(signed, trusted(OTHER_KEY))
    assert (report.verdict, int(report.exit_code)) == (Verdict.WRONG_KEY, 1)
    assert report.problems[0].startswith("manifest.sig: signed by SHA256:")
    assert "which is not a trusted key" in report.problems[0]


def test_edited_file_is_named(signed: Path) -> None:
    _flip(signed / "configs/after/r2.cfg", 100)
    report = verify_bundle(signed, TRUSTED)
    assert (report.verdict, int(report.exit_code)) == (Verdict.MODIFIED, 1)
    assert report.problems == ["configs/after/r2.cfg: modified (SHA-256 differs from the manifest)"]


def test_added_and_removed_files_are_named(signed: Path) -> None:
    (signed / "raw/r1/show-running-config.txt").unlink()
    (signed / "raw/r1/extra.txt").write_text("planted")
    report = verify_bundle(signed, TRUSTED)
    assert report.verdict is Verdict.MODIFIED
    assert report.problems == ["raw/r1/show-running-config.txt: removed", "raw/r1/extra.txt: added (not in the manifest)"]


def test_rewritten_manifest_with_fresh_checksum_fails_the_signature(signed: Path) -> None:
    """An editor who changes a file and re-hashes everything still cannot forge the signature."""
    import hashlib

    (signed / "results.json").write_text((signed / "results.json").read_text().replace('"fail"', '"pass"', 1))
    manifest = json.loads((signed / "manifest.json").read_text())
    data = (signed / "results.json").read_bytes()
    manifest["files"]["results.json"] = {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}
    raw = (json.dumps(manifest, indent=2, sort_keys=True) + "\n").encode()
    (signed / "manifest.json").write_bytes(raw)
    (signed / "manifest.json.sha256").write_text(f"{hashlib.sha256(raw).hexdigest()}  manifest.json\n")
    report = verify_bundle(signed, TRUSTED)
    assert (report.verdict, int(report.exit_code)) == (Verdict.MODIFIED, 1)
    assert report.problems == ["manifest.json: signature does not match (the manifest or manifest.sig was edited, "
                               "or the signature comes from another bundle)"]


@pytest.mark.parametrize("bundle_fixture", ["signed", "unsigned"])
def test_one_byte_edit_in_any_file_of_a_directory_bundle_is_detected(bundle_fixture: str, request: pytest.FixtureRequest,
                                                                     tmp_path: Path) -> None:
    pristine: Path = request.getfixturevalue(bundle_fixture)
    names = sorted(p.relative_to(pristine).as_posix() for p in pristine.rglob("*") if p.is_file())
    for name in names:
        size = (pristine / name).stat().st_size
        for offset in (0, size // 2, size - 1):
            work = tmp_path / "work"
            shutil.rmtree(work, ignore_errors=True)
            shutil.copytree(pristine, work)
            _flip(work / name, offset)
            report = verify_bundle(work, TRUSTED)
            assert report.verdict is not Verdict.INTACT and report.exit_code == 1, (name, offset, report)
            assert any(p.startswith(name) or "manifest" in p for p in report.problems), (name, report.problems)


def test_one_byte_edit_anywhere_in_a_zip_bundle_is_detected(ctx: ReportContext, tmp_path: Path) -> None:
    bundle = write_bundle(ctx, TASK, tmp_path / "ev", zip=True, key=KEY, now=WHEN)
    pristine = bundle.read_bytes()
    assert verify_bundle(bundle, TRUSTED).verdict is Verdict.INTACT
    step = 29  # a prime stride covers headers, every member and the central directory
    for offset in range(0, len(pristine), step):
        data = bytearray(pristine)
        data[offset] ^= 0x01
        bundle.write_bytes(bytes(data))
        report = verify_bundle(bundle, TRUSTED)
        assert report.verdict is Verdict.MODIFIED and report.exit_code == 1, (offset, report.problems)
    bundle.write_bytes(pristine + b"\x00")
    assert verify_bundle(bundle, TRUSTED).verdict is Verdict.MODIFIED


def test_zip_member_edit_names_the_member(ctx: ReportContext, tmp_path: Path) -> None:
    bundle = write_bundle(ctx, TASK, tmp_path / "ev", zip=True, key=KEY, now=WHEN)
    data = bundle.read_bytes()
    at = data.index(b"hostname r1")
    bundle.write_bytes(data[:at] + b"hostname r9" + data[at + 11:])
    report = verify_bundle(bundle, TRUSTED)
    assert report.verdict is Verdict.MODIFIED
    assert any(p.startswith(("configs/", "raw/")) for p in report.problems), report.problems


class TestVerifyCommand:
    runner = CliRunner()

    @pytest.fixture
    def pub(self, tmp_path: Path) -> Path:
        from cryptography.hazmat.primitives import serialization

        path = tmp_path / "centre.pub.pem"
        path.write_bytes(KEY.public_key().public_bytes(serialization.Encoding.PEM,
                                                       serialization.PublicFormat.SubjectPublicKeyInfo))
        return path

    def test_intact_exit_0(self, signed: Path, pub: Path) -> None:
        res = self.runner.invoke(app, ["report", "verify", str(signed), "--key", str(pub)])
        assert res.exit_code == 0 and res.output.startswith(f"{signed}: INTACT: signature verified: Ed25519")

    def test_modified_exit_1_names_file_on_the_first_line(self, signed: Path, pub: Path) -> None:
        _flip(signed / "report.html", 10)
        res = self.runner.invoke(app, ["report", "verify", str(signed), "--key", str(pub)])
        assert res.exit_code == 1
        assert res.output.splitlines()[0] == f"{signed}: MODIFIED: report.html: modified (SHA-256 differs from the manifest)"

    def test_unsigned_exit_3(self, unsigned: Path) -> None:
        res = self.runner.invoke(app, ["report", "verify", str(unsigned), "--json"])
        assert res.exit_code == 3 and json.loads(res.output)["verdict"] == "unsigned"
        assert "anyone could have made it" in json.loads(res.output)["notes"][0]

    def test_wrong_key_exit_1(self, signed: Path, tmp_path: Path) -> None:
        from netassess.evidence.keys import generate

        generate(tmp_path / "other.pem", tmp_path / "other.pub.pem")
        res = self.runner.invoke(app, ["report", "verify", str(signed), "--json", "--key", str(tmp_path / "other.pub.pem")])
        assert res.exit_code == 1 and json.loads(res.output)["verdict"] == "wrong-key"

    def test_missing_bundle_is_a_usage_error(self, tmp_path: Path) -> None:
        from netassess.errors import UsageError

        res = self.runner.invoke(app, ["report", "verify", str(tmp_path / "nope")])
        assert isinstance(res.exception, UsageError)


def test_one_byte_edit_in_any_zip_header_byte_is_detected_not_a_crash(ctx: ReportContext, tmp_path: Path) -> None:
    """Every byte of every local header and of the central directory (flags, sizes, CRCs, names):
    an edited flag can mark a member 'encrypted', which zipfile reports by raising RuntimeError."""
    import zipfile

    bundle = write_bundle(ctx, TASK, tmp_path / "ev", zip=True, key=KEY, now=WHEN)
    pristine = bundle.read_bytes()
    with zipfile.ZipFile(bundle) as zf:
        infos = zf.infolist()
        central = zf.start_dir
    offsets = [o for i in infos for o in range(i.header_offset, i.header_offset + 30 + len(i.filename))]
    offsets += range(central, len(pristine))
    for offset in offsets:
        data = bytearray(pristine)
        data[offset] ^= 0x01
        bundle.write_bytes(bytes(data))
        report = verify_bundle(bundle, TRUSTED)
        assert report.verdict is Verdict.MODIFIED, (offset, report.problems)
