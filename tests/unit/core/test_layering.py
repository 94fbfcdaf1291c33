"""The farm's layering: no package imports one that sits above it (docs/architecture.md).

Each rule runs a fresh interpreter so modules other tests imported cannot hide an import.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[3] / "src"


def _loaded_after_import(*modules: str) -> list[str]:
    """Every ``netassess`` module a fresh interpreter holds after importing ``modules``."""
    code = (
        "import importlib, json, sys\n"
        f"for m in {list(modules)!r}: importlib.import_module(m)\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('netassess'))))\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(SRC), os.environ.get("PYTHONPATH")]))}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


@pytest.mark.parametrize(
    ("importer", "forbidden"),
    [
        # The read-only engine must not even load the package that writes to devices.
        ("netassess.assessment", "netassess.push"),
        ("netassess.collect", "netassess.push"),
        ("netassess.collect.collector", "netassess.push"),
        ("netassess.evaluate", "netassess.push"),
        # Checks judge a snapshot; collecting it is the layer above them.
        ("netassess.checks", "netassess.collect"),
        ("netassess.checks", "netassess.spec"),
        ("netassess.snapshot", "netassess.collect"),
        ("netassess.snapshot", "netassess.window"),  # the window's probes sit above the contract they fill
        # Nothing below the CLI imports it.
        ("netassess.push", "netassess.cli"),
        ("netassess.assessment", "netassess.cli"),
    ],
)
def test_lower_layer_never_imports_a_higher_one(importer: str, forbidden: str) -> None:
    loaded = _loaded_after_import(importer)
    assert importer in loaded  # the probe itself worked
    leaked = [m for m in loaded if m == forbidden or m.startswith(forbidden + ".")]
    assert leaked == [], f"importing {importer} loaded {leaked}"
