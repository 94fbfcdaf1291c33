"""The router's own FRR checks candidates: the local FRR stands in only when it is the same release."""

from __future__ import annotations

import pytest
from napalm.base.exceptions import CommitError

from napalm_frr import device_frr

# first line of `show version` on the lab's FRR 10 image (Debian trixie's frr 10.3-3+deb13u1)
FRR10_SHOW_VERSION = "FRRouting 10.3 (r1) on Linux(6.18.44-fc-v973).\nCopyright 1996-2005 Kunihiro Ishiguro, et al.\n"


class VtyshOnly:
    shell = "vtysh"

    def show(self, command: str, timeout: float | None = None) -> str:
        assert command == "show version"
        return FRR10_SHOW_VERSION


def test_release_reads_major_and_minor_from_show_version() -> None:
    assert device_frr.release(FRR10_SHOW_VERSION) == "10.3"
    assert device_frr.release("% Unknown command") is None


def test_vtysh_only_login_to_a_newer_frr_is_refused_with_how_to_connect(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(device_frr, "local_release", lambda: "8.4")
    monkeypatch.setattr(device_frr, "local_marker", lambda: (lambda text: (0, text)))
    with pytest.raises(CommitError, match=r"r1: .*FRR 10.3 there, FRR 8.4 here.*automation account"):
        device_frr.choose(VtyshOnly(), {}, "r1")


def test_vtysh_only_login_uses_the_local_frr_when_it_is_the_same_release(monkeypatch: pytest.MonkeyPatch) -> None:
    local = lambda text: (0, text)  # noqa: E731
    monkeypatch.setattr(device_frr, "local_release", lambda: "10.3")
    monkeypatch.setattr(device_frr, "local_marker", lambda: local)
    marker, path = device_frr.choose(VtyshOnly(), {}, "r1")
    assert marker is local and path == device_frr.DEFAULT_FRR_RELOAD


def test_a_router_without_frr_reload_and_none_here_is_a_commit_error(tmp_path) -> None:
    class Shell:
        shell = "linux"

        def linux(self, command: str, stdin: str | None = None, timeout: float | None = None) -> tuple[int, str]:
            return 1, "cat: /nowhere/frr-reload.py: No such file or directory"

    with pytest.raises(CommitError, match="needs frr-reload.py"):
        device_frr.choose(Shell(), {"frr_reload": str(tmp_path / "nowhere.py")}, "r1")
