"""The evidence tests reuse the report tests' fixed triangle run (see evidence_fixtures)."""

from __future__ import annotations

import pytest
from evidence_fixtures import full_context

from netassess.report.base import ReportContext


@pytest.fixture
def ctx() -> ReportContext:
    return full_context()


@pytest.fixture(autouse=True)
def _no_ambient_key(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests choose their keys explicitly; keys in the developer's environment must not leak in."""
    for name in ("NETASSESS_SIGNING_KEY", "NETASSESS_SIGN_KEY", "NETASSESS_KEY_PASSPHRASE"):
        monkeypatch.delenv(name, raising=False)
