"""No seeded secret reaches any report file or bundle file, even when a caller hands raw configs.

The fixture configs and snapshot carry ``Seeded…`` secrets in plain text (password, enable
password, OSPF MD5 key, key-string); here we add a BGP password and SNMP community to the
snapshot, render every format, write directory and zip bundles, and grep every byte.
"""

from __future__ import annotations

from pathlib import Path

from evidence_fixtures import KEY, TASK

from netassess.evidence import write_bundle
from netassess.evidence.reader import read_zip
from netassess.report.base import REPORTS, ReportContext, write_reports
from netassess.snapshot import StateEntry

SECRETS = [b"SeededVtyPw", b"SeededEnablePw", b"SeededMd5Key", b"SeededKeyString", b"SeededBgpPw", b"SeededCommunity",
           b"SeededUserHash"]


def _seed_more(ctx: ReportContext) -> None:
    bgp = "router bgp 65001\n neighbor 10.0.12.2 password SeededBgpPw\n"
    ctx.snapshot.put("r1", "cmd:show running-config bgpd", StateEntry(data=bgp))
    snmp = {"community": {"SeededCommunity": {"acl": "", "mode": "ro"}}}
    ctx.snapshot.put("r1", "getter:get_snmp_information", StateEntry(data=snmp))
    users = {"admin": {"level": 15, "password": "$6$salt$SeededUserHash", "sshkeys": []}}
    ctx.snapshot.put("r2", "getter:get_users", StateEntry(data=users))
    ctx.snapshot.put("r2", "cmd:show bgp neighbors json", StateEntry(data='{"10.0.12.1": {"password": "SeededBgpPw"}}'))


def _assert_clean(name: str, data: bytes) -> None:
    for secret in SECRETS:
        assert secret not in data, f"{secret.decode()} leaked into {name}"


def test_fixture_really_is_seeded(ctx: ReportContext) -> None:
    assert "SeededMd5Key" in ctx.configs_after["r1"]
    assert "SeededVtyPw" in ctx.snapshot.devices["r1"]["cmd:show running-config"].data


def test_every_report_format_is_free_of_secrets(ctx: ReportContext, tmp_path: Path) -> None:
    _seed_more(ctx)
    for path in write_reports(ctx, REPORTS.names(), tmp_path):
        _assert_clean(path.name, path.read_bytes())


def test_every_bundle_file_is_free_of_secrets(ctx: ReportContext, tmp_path: Path) -> None:
    _seed_more(ctx)
    out = write_bundle(ctx, TASK, tmp_path / "ev", key=KEY)
    files = [p for p in out.rglob("*") if p.is_file()]
    assert len(files) >= 14
    for path in files:
        _assert_clean(str(path.relative_to(out)), path.read_bytes())
    assert b"neighbor 10.0.12.2 password <removed>" in (out / "raw/r1/show-running-config-bgpd.txt").read_bytes()


def test_zip_bundle_is_free_of_secrets(ctx: ReportContext, tmp_path: Path) -> None:
    _seed_more(ctx)
    bundle = write_bundle(ctx, TASK, tmp_path / "ev", zip=True, key=KEY)
    _assert_clean(bundle.name, bundle.read_bytes())
    for name, data in read_zip(bundle.read_bytes()).files.items():
        _assert_clean(name, data)
