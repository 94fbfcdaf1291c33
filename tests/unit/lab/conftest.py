"""Shared by the lab unit tests: a lab's written inventory, loaded the way a user's Nornir loads it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from netassess.lab.inventory import write_inventory
from netassess.lab.state import LabState


@pytest.fixture
def nornir_of(tmp_path: Path) -> Callable[[LabState], object]:
    """``nornir_of(state)``: write the lab's SimpleInventory files, then InitNornir on them."""
    def load(state: LabState) -> object:
        from nornir import InitNornir

        paths = write_inventory(state, tmp_path / "inv")
        return InitNornir(
            inventory={"plugin": "SimpleInventory", "options": {
                "host_file": str(paths["hosts"]), "group_file": str(paths["groups"]),
                "defaults_file": str(paths["defaults"])}},
            logging={"enabled": False},
        )

    return load
