"""Check packs in checks/packs/ are real, valid checks (so pasting one into a task cannot break it)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from netassess.checks._common import CHECKS_DIR
from netassess.checks.base import CHECKS
from netassess.spec.models import CheckSpec

PACKS = sorted((CHECKS_DIR / "packs").glob("*.yaml"))


def test_packs_exist():
    assert {p.name for p in PACKS} >= {"ospf-health.yaml", "secure-management.yaml", "change-hygiene.yaml"}


@pytest.mark.parametrize("pack", PACKS, ids=lambda p: p.name)
def test_pack_checks_validate(pack: Path):
    items = yaml.safe_load(pack.read_text())
    specs = [CheckSpec.model_validate(item) for item in items]
    assert len({s.id for s in specs}) == len(specs)
    for spec in specs:
        CHECKS.get(spec.type).parse_args(spec.args)
