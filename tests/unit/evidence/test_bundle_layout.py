"""write_bundle: what an assessor finds in the bundle, and the manifest that pins it."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from evidence_fixtures import KEY, TASK, TRUSTED, WHEN

from netassess.errors import UsageError
from netassess.evidence import write_bundle
from netassess.evidence.keys import fingerprint
from netassess.evidence.reader import read_zip
from netassess.report.base import ReportContext


def test_bundle_holds_results_report_task_snapshot_configs_raw_and_manifest(ctx: ReportContext, tmp_path: Path) -> None:
    out = write_bundle(ctx, TASK, tmp_path / "ev", key=KEY, now=WHEN)
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert files == [
        "configs/after/r1.cfg", "configs/after/r2.cfg", "configs/before/r1.cfg", "configs/before/r2.cfg",
        "manifest.json", "manifest.json.sha256", "manifest.sig",
        "raw/r1/show-running-config.txt", "raw/r2/show-running-config.txt",
        "report.html", "results.json", "snapshot.json", "task/ospf-triangle-secure.yaml", "topology/triangle.clab.yml",
    ]


def test_manifest_hashes_every_file_and_says_who_and_when(ctx: ReportContext, tmp_path: Path) -> None:
    out = write_bundle(ctx, TASK, tmp_path / "ev", now=WHEN)
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["format"] == "netassess-evidence/2"
    assert manifest["created"] == "2026-03-02T10:00:00Z"
    assert manifest["created_by"]["assessor"] == "assessor-07" and manifest["created_by"]["user"]
    assert manifest["candidate"] == "apprentice-042"
    assert manifest["task"]["id"] == "ospf-triangle-secure" and manifest["task"]["file"] == "task/ospf-triangle-secure.yaml"
    for name, entry in manifest["files"].items():
        data = (out / name).read_bytes()
        assert entry == {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}
    assert set(manifest["files"]) == {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()} - {
        "manifest.json", "manifest.json.sha256"}
    digest = hashlib.sha256((out / "manifest.json").read_bytes()).hexdigest()
    assert (out / "manifest.json.sha256").read_text() == f"{digest}  manifest.json\n"


def test_unsigned_without_a_key_and_the_manifest_says_so(ctx: ReportContext, tmp_path: Path) -> None:
    out = write_bundle(ctx, TASK, tmp_path / "a")
    assert not (out / "manifest.sig").exists()
    assert json.loads((out / "manifest.json").read_text())["signer"] is None


def test_signed_bundle_names_its_signer_in_the_manifest_and_signs_it_with_ed25519(ctx: ReportContext, tmp_path: Path) -> None:
    import base64

    out = write_bundle(ctx, TASK, tmp_path / "b", key=KEY)
    fp = fingerprint(KEY.public_key())
    assert json.loads((out / "manifest.json").read_text())["signer"] == {"algorithm": "Ed25519", "fingerprint": fp}
    sig = json.loads((out / "manifest.sig").read_text())
    assert (sig["algorithm"], sig["fingerprint"]) == ("Ed25519", fp)
    KEY.public_key().verify(base64.b64decode(sig["signature"]), (out / "manifest.json").read_bytes())  # raises if not


def test_manifest_records_versions_of_tool_libraries_and_devices_in_utc(ctx: ReportContext, tmp_path: Path) -> None:
    from importlib import metadata

    from netassess import __version__

    manifest = json.loads((write_bundle(ctx, TASK, tmp_path / "ev", now=WHEN) / "manifest.json").read_text())
    versions = manifest["versions"]
    assert versions["netassess"] == __version__ and versions["python"] and versions["os"]
    assert versions["libraries"]["napalm"] == metadata.version("napalm")
    assert versions["libraries"]["cryptography"] == metadata.version("cryptography")
    # r1/r2 answered get_facts (FRRouting 8.4.4); r3 was unreachable and the manifest says why
    assert versions["devices"]["r1"] == "FRRouting 8.4.4"
    assert versions["devices"]["r3"].startswith("frr (no facts: unreachable")
    assert manifest["run"]["started"].endswith("Z") and manifest["created"].endswith("Z")


def test_task_copy_is_verbatim(ctx: ReportContext, tmp_path: Path) -> None:
    out = write_bundle(ctx, TASK, tmp_path / "ev")
    assert (out / "task" / TASK.name).read_bytes() == TASK.read_bytes()


def test_results_json_in_the_bundle_is_the_canonical_results(ctx: ReportContext, tmp_path: Path) -> None:
    out = write_bundle(ctx, TASK, tmp_path / "ev")
    assert json.loads((out / "results.json").read_text()) == ctx.result.model_dump(mode="json")


def test_zip_bundle_is_deterministic_and_holds_the_same_tree(ctx: ReportContext, tmp_path: Path) -> None:
    first = write_bundle(ctx, TASK, tmp_path / "one", zip=True, key=KEY, now=WHEN)
    second = write_bundle(ctx, TASK, tmp_path / "two", zip=True, key=KEY, now=WHEN)
    assert first.name == "one.zip" and first.read_bytes() == second.read_bytes()
    tree = write_bundle(ctx, TASK, tmp_path / "tree", key=KEY, now=WHEN)
    on_disk = {p.relative_to(tree).as_posix(): p.read_bytes() for p in tree.rglob("*") if p.is_file()}
    assert read_zip(first.read_bytes()).files == on_disk


def test_refuses_a_non_empty_directory(ctx: ReportContext, tmp_path: Path) -> None:
    (tmp_path / "ev").mkdir()
    (tmp_path / "ev" / "stale.txt").write_text("old")
    with pytest.raises(UsageError, match="not empty"):
        write_bundle(ctx, TASK, tmp_path / "ev")


def test_without_snapshot_or_task_the_bundle_still_verifies(ctx: ReportContext, tmp_path: Path) -> None:
    from netassess.evidence import verify_bundle

    bare = ReportContext(result=ctx.result)
    out = write_bundle(bare, None, tmp_path / "ev", key=KEY)
    assert {p.name for p in out.iterdir()} == {"results.json", "report.html", "manifest.json", "manifest.json.sha256",
                                             "manifest.sig"}
    assert verify_bundle(out, TRUSTED).verdict.value == "intact"


def test_raw_outputs_of_failed_commands_are_kept_as_errors(ctx: ReportContext, tmp_path: Path) -> None:
    from netassess.snapshot import StateEntry

    ctx.snapshot.put("r1", "cmd:show ip ospf neighbor json", StateEntry(error="timed out after 10s", error_kind="timeout"))
    ctx.snapshot.put("r2", "cmd:show ip ospf neighbor json", StateEntry(data={"neighbors": {}}))
    out = write_bundle(ctx, TASK, tmp_path / "ev")
    assert (out / "raw/r1/show-ip-ospf-neighbor-json.error.txt").read_text() == "timeout: timed out after 10s\n"
    assert json.loads((out / "raw/r2/show-ip-ospf-neighbor-json.json").read_text()) == {"neighbors": {}}
