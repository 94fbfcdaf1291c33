"""Suite-wide policy: live tests need root and FRR. Under `make test` as root
(NETASSESS_REQUIRE_LIVE=1) a missing prerequisite fails the test instead of skipping it,
so CI can never go green by skipping the live lab."""

from __future__ import annotations

import os
import shutil

import pytest


def live_unavailable_reason() -> str | None:
    if os.geteuid() != 0:
        return "live lab tests need root (network namespaces)"
    for tool in ("ip", "sshd", "unshare"):
        if shutil.which(tool) is None and not os.path.exists(f"/usr/sbin/{tool}"):
            return f"{tool} is not installed"
    if not os.path.exists("/usr/lib/frr/zebra"):
        return "FRR is not installed (apt-get install frr)"
    return None


def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.get_closest_marker("live") is None:
        return
    reason = live_unavailable_reason()
    if reason is None:
        return
    if os.environ.get("NETASSESS_REQUIRE_LIVE") == "1":
        pytest.fail(f"live test required but cannot run: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(autouse=True, scope="session")
def _private_history(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Every run/check records its attempt (netassess.history): keep the suite's attempts out of the
    user's own history database. Exported, so CLI subprocesses use it too."""
    if "NETASSESS_HISTORY" not in os.environ:
        os.environ["NETASSESS_HISTORY"] = str(tmp_path_factory.mktemp("history") / "history.sqlite")
