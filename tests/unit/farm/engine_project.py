"""A throwaway task project (task, topology, templates) using the fake check types."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from netassess.cli import main

TOPOLOGY = {
    "name": "enginetest",
    "topology": {
        "kinds": {"linux": {"image": "quay.io/frrouting/frr:9.1.0"}},
        "nodes": {"r1": {"kind": "linux", "group": "core"}, "r2": {"kind": "linux", "group": "core"},
                  "r3": {"kind": "linux"}},
        "links": [{"endpoints": ["r1:eth1", "r2:eth1"]}, {"endpoints": ["r2:eth2", "r3:eth1"]}],
    },
}


def default_checks() -> list[dict[str, Any]]:
    return [
        {"id": "eth1-up", "type": "engine_fake_value", "targets": ["all"], "args": {"key": "eth1", "expect": True},
         "points": 2, "hint": "no shutdown on eth1", "pass": "eth1 up", "fail": "eth1 must be up"},
        {"id": "banner", "type": "engine_fake_command", "targets": ["edge"], "args": {"command": "show banner", "contains": "Authorised"},
         "points": 1, "skills": ["S4"]},
        {"id": "links", "type": "engine_fake_link", "targets": ["core"], "points": 1},
    ]


def write_project(root: Path, checks: list[dict[str, Any]] | None = None, scoring: dict[str, Any] | None = None,
                  skills: list[str] | None = None) -> Path:
    (root / "containerlab").mkdir(parents=True, exist_ok=True)
    (root / "templates" / "frr").mkdir(parents=True, exist_ok=True)
    (root / "tasks").mkdir(exist_ok=True)
    (root / "containerlab" / "enginetest.clab.yml").write_text(yaml.safe_dump(TOPOLOGY))
    (root / "templates" / "frr" / "setup.j2").write_text("hostname {{ node }}\n")
    task = {
        "apiVersion": "netassess/v1", "kind": "Task", "id": "engine-test", "title": "Engine test", "version": "1",
        "skills": skills or ["S2", "S4", "S13"], "brief": "Bring eth1 up.", "topology": "../containerlab/enginetest.clab.yml",
        "roles": {"edge": "r1"},
        "stages": {"setup": {"templates": {"frr": "templates/frr/setup.j2"}},
                   "solution": {"templates": {"frr": "templates/frr/setup.j2"}}},
        "checks": checks if checks is not None else default_checks(),
        "scoring": scoring or {"pass_mark": 60, "distinction_mark": 90},
    }
    path = root / "tasks" / "engine-test.yaml"
    path.write_text(yaml.safe_dump(task, sort_keys=False))
    return path


def cli(monkeypatch: pytest.MonkeyPatch, *args: str | Path) -> int:
    """``netassess ARGS`` in this process (fake devices stay reachable); its exit code."""
    monkeypatch.setattr(sys, "argv", ["netassess", *map(str, args)])
    try:
        main()
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0
