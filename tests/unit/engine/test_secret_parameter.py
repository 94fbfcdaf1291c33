"""A `secret` task parameter is used (check args, commands) but its value is never written anywhere.

The value is echoed by a device in a syntax no sanitise rule knows, quoted by a check's message,
and part of a command (so of a request key). Every artifact of a run, a practice check, a re-score
and a baseline is then searched for it: results in every format, the console, snapshot, baseline,
the evidence bundle as a folder and as a zip.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
import yaml
from engine_fakes import FakeDevices, write_inventory
from engine_project import write_project
from test_engine_cli import cli

from netassess.errors import SpecError
from netassess.spec.loader import load_task

SECRET = "Rack-Key/99"
FORMS = [SECRET.encode(), json.dumps(SECRET)[1:-1].encode(), b"Rack-Key"]  # raw, JSON-escaped, its stem


def _project(tmp_path: Path, devices: FakeDevices) -> tuple[Path, Path]:
    command = f"show key-ring {SECRET}"  # what the rendered check args will ask for
    devices.add("r1", values={"interfaces": {"eth1": True}},
                config=f"hostname r1\ndescription uplink keyed {SECRET}\n",
                commands={"show banner": f"Authorised access only, ring {SECRET}", command: f"ring {SECRET} active"})
    devices.add("r2", values={"interfaces": {"eth1": True, "eth2": True}})
    devices.add("r3", values={"interfaces": {"eth1": True}})
    checks = [
        {"id": "eth1-up", "type": "engine_fake_value", "targets": ["all"], "args": {"key": "eth1", "expect": True}, "points": 2},
        {"id": "ring-on", "type": "engine_fake_command", "targets": ["edge"], "points": 1, "skills": ["S4"],
         "args": {"command": "show key-ring {{ lab_key }}", "contains": "active"}},
        {"id": "ring-wrong", "type": "engine_fake_command", "targets": ["edge"], "points": 1, "skills": ["S4"],
         "args": {"command": "show banner", "contains": "ring {{ lab_key }}!"}, "fail": "expected ring {{ lab_key }}!",
         "hint": "set ring {{ lab_key }}"},
    ]
    task = write_project(tmp_path / "proj", checks=checks)
    data = yaml.safe_load(task.read_text())
    data["parameters"] = {"lab_key": {"type": "secret", "default": "DefaultKey1"}}
    task.write_text(yaml.safe_dump(data, sort_keys=False))
    inventory = write_inventory(tmp_path / "inv", {n: {"hostname": n} for n in ("r1", "r2", "r3")})
    return task, inventory


def _leaks(paths: list[Path], *texts: str) -> list[str]:
    found = []
    for path in paths:
        blobs = [path.read_bytes()]
        if path.suffix == ".zip":
            with zipfile.ZipFile(path) as zf:
                blobs += [zf.read(name) for name in zf.namelist()] + [name.encode() for name in zf.namelist()]
        if any(form in blob for form in FORMS for blob in [*blobs, str(path).encode()]):
            found.append(str(path))
    found += [f"console: {text[:60]}" for text in texts if any(form.decode() in text for form in FORMS)]
    return found


def test_a_secret_parameter_works_in_check_args_but_no_artifact_or_output_holds_it(
        tmp_path: Path, devices: FakeDevices, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    task, inventory = _project(tmp_path, devices)
    param = ("--param", f"lab_key={SECRET}")
    base, out, practice, rescored = (tmp_path / d for d in ("base", "out", "practice", "rescored"))
    assert cli(monkeypatch, "baseline", task, "-i", inventory, "-o", base, *param) == 0
    assert cli(monkeypatch, "run", task, "-i", inventory, "-o", out, *param, "--format", "table,json,junit,md,html",
               "--evidence", tmp_path / "evidence", "--baseline", base / "baseline.json") == 0
    assert cli(monkeypatch, "check", task, "-i", inventory, "-o", practice, *param, "--format", "table,md",
               "--evidence", tmp_path / "evidence-zip", "--evidence-zip") == 0
    assert cli(monkeypatch, "score", out / "snapshot.json", task, "-o", rescored, *param, "--format", "table,json,junit,md,html") == 0
    console = capsys.readouterr()

    results = json.loads((out / "results.json").read_text())
    status = {r["check_id"]: r["status"] for r in results["results"]}
    # the secret reached the checks: ring-on asked the device for its key ring by it. No check can see the
    # value in device output, though: it is masked at collection, as every secret is (judge its effect).
    assert status == {"eth1-up": "pass", "ring-on": "pass", "ring-wrong": "fail"}
    assert json.loads((rescored / "results.json").read_text())["score"] == results["score"]  # re-scoring agrees
    files = [p for p in tmp_path.rglob("*") if p.is_file() and "proj" not in p.parts and "inv" not in p.parts]
    assert len(files) > 20
    assert _leaks(files, console.out, console.err) == []
    assert "<removed>" in (out / "results.json").read_text()  # masked, not dropped: the assessor sees where


def test_a_secret_given_on_the_command_line_is_never_quoted_by_an_error(tmp_path: Path, devices: FakeDevices) -> None:
    task, _ = _project(tmp_path, devices)
    data = yaml.safe_load(task.read_text())
    data["parameters"]["lab_key"]["choices"] = ["ChoiceOne", "ChoiceTwo"]
    task.write_text(yaml.safe_dump(data, sort_keys=False))
    with pytest.raises(SpecError) as info:
        load_task(task, {"lab_key": SECRET})
    assert "lab_key" in str(info.value) and SECRET not in str(info.value) and "ChoiceOne" not in str(info.value)
    with pytest.raises(SpecError, match="a secret needs at least 4 characters") as info:
        load_task(task, {"lab_key": "ab1"})
    assert "ab1" not in str(info.value)
