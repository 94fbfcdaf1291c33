"""The farm's layering: no package imports one that sits above it (docs/architecture.md).

Each rule runs a fresh interpreter so modules other tests imported cannot hide an import. The
last rules pin what ``netassess validate`` of one task imports (issue 15: CLI start).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
SRC = REPO / "src"


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


def _loaded_after_validate(task: str) -> list[str]:
    """Every module a fresh interpreter holds after ``netassess validate TASK`` succeeded."""
    code = (
        "import json, sys\n"
        f"sys.argv = ['netassess', 'validate', {task!r}]\n"
        "from netassess.cli import main\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    assert not exc.code, exc.code\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(SRC), os.environ.get("PYTHONPATH")]))}
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=REPO, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


VALIDATE_NEVER_IMPORTS = (
    # device libraries and the heavy output ones
    "napalm", "nornir", "netmiko", "paramiko", "ttp", "netutils", "rich", "markdown_it", "cryptography",
    # the engine, reports, labs, evidence and history: validate only reads task files
    "netassess.collect", "netassess.evaluate", "netassess.assessment", "netassess.scoring", "netassess.report",
    "netassess.push", "netassess.lab.runtime", "netassess.lab.runtimes", "netassess.evidence", "netassess.history",
    "netassess.proof", "netassess.window",
)


def test_validating_one_task_imports_no_device_library_engine_report_or_lab_runtime() -> None:
    loaded = _loaded_after_validate("tasks/s2-ospf-triangle.yaml")
    assert "netassess.spec.loader" in loaded  # the probe itself worked
    leaked = [m for m in loaded for f in VALIDATE_NEVER_IMPORTS if m == f or m.startswith(f + ".")]
    assert leaked == [], f"validate loaded {leaked}"


def test_validating_one_task_imports_only_the_check_families_it_uses() -> None:
    from netassess.checks.base import builtin_check_modules
    from netassess.safe_yaml import safe_load_file

    task = "tasks/s2-ospf-triangle.yaml"
    used = {builtin_check_modules()[check["type"]] for check in safe_load_file(REPO / task)["checks"]}
    loaded = _loaded_after_validate(task)
    families = {m for m in loaded if m.startswith("netassess.checks.") and not m.rsplit(".", 1)[1].startswith("_")}
    assert families - {"netassess.checks.base"} == used


def test_validating_a_task_without_generated_parameters_skips_the_generators_ctypes_and_result_models() -> None:
    from netassess.safe_yaml import safe_load_file

    task = "tasks/s2-ospf-triangle.yaml"
    assert all("generate" not in p for p in safe_load_file(REPO / task).get("parameters", {}).values())
    loaded = _loaded_after_validate(task)
    assert "netassess.spec.loader" in loaded  # the probe itself worked
    # generators: only a task with `generate:` parameters needs them; ctypes: only an overrunning render;
    # the result models: a task needs only the Level word (netassess.verdicts)
    assert {"netassess.spec.generators", "ctypes", "netassess.results"} & set(loaded) == set()
