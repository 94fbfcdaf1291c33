"""``--session-log DIR``: one file per device, every secret masked, even split across reads."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from netassess.session_log import MaskedSessionLog


def test_a_config_secret_split_across_two_reads_is_masked(tmp_path: Path) -> None:
    path = tmp_path / "r1.log"
    log = MaskedSessionLog(path)
    log.write(b"r1# show running-config\r\nrouter bgp 65001\r\n neighbor 10.0.0.2 pass")
    log.write(b"word s3cr")
    log.write(b"et-bgp\r\n key-string Chain-Secret\r\nr1# ")
    log.close()
    text = path.read_text()
    assert "s3cr" not in text and "Chain-Secret" not in text
    assert " neighbor 10.0.0.2 password <removed>" in text and " key-string <removed>" in text
    assert text.endswith("r1# \n")  # the last prompt is kept when the session closes
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_the_login_password_is_masked_by_value_anywhere_in_a_line(tmp_path: Path) -> None:
    path = tmp_path / "r1.log"
    log = MaskedSessionLog(path, ["Pa55-login", ""])
    log.write("echo Pa55-login\n")
    log.note("[exec] $ ip -j addr\n[]\n[exec] exit 0")
    log.close()
    text = path.read_text()
    assert "Pa55-login" not in text and "echo <removed>" in text and "[exec] $ ip -j addr\n" in text


def test_session_logs_land_in_the_directory_one_per_device_with_safe_names(tmp_path: Path) -> None:
    from netassess.cli import _logging
    from netassess.collect.inventory import build_nornir

    inv = tmp_path / "inv"
    inv.mkdir()
    (inv / "hosts.yaml").write_text("r1:\n  hostname: 192.0.2.1\n  platform: frr\n"
                                    "'../evil':\n  hostname: 192.0.2.2\n  platform: frr\n")
    (inv / "defaults.yaml").write_text("username: u\npassword: p\n")
    nr = build_nornir(inventory_dir=inv, interactive=False, timeout=5)
    _logging.set_session_log_dir(tmp_path / "logs")
    try:
        _logging.attach_session_logs(nr)
    finally:
        _logging.set_session_log_dir(None)
    paths = {name: h.get_connection_parameters("napalm").extras["optional_args"]["session_log"]
             for name, h in nr.inventory.hosts.items()}
    assert paths["r1"] == str((tmp_path / "logs" / "r1.log").resolve())
    assert Path(paths["../evil"]).parent == (tmp_path / "logs").resolve()
    assert all(h.get_connection_parameters("napalm").extras["timeout"] == 5 for h in nr.inventory.hosts.values())


def test_without_session_log_the_connection_options_are_untouched(tmp_path: Path) -> None:
    from netassess.cli import _logging

    class Untouchable:
        @property
        def inventory(self) -> None:
            pytest.fail("attach_session_logs looked at the inventory without --session-log")

    _logging.attach_session_logs(Untouchable())
