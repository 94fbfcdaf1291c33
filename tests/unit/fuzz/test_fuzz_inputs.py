"""Fuzzing every input format through the real CLI: bad input is one line and a documented exit code.

Seeded (``derandomize``), so a run is reproducible; 2,460 inputs per run (the session's last line
counts them by outcome). Each
case is held to ``harness.Outcome.assert_contract``: exit code in {0..5}, no traceback, at most
one ``error:`` line on stderr, under the per-case time and memory bounds.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from harness import TALLY, run_cli
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from spec_project import Project
from strategies import YAML_BOMBS, mutated, text_damage, values

from netassess import safe_json, safe_yaml
from netassess.collect.inventory import InventorySource, load_inventory
from netassess.errors import NetassessError

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "results"
_SEEDED = {"derandomize": True, "deadline": None, "database": None, "suppress_health_check": list(HealthCheck),
           "phases": (Phase.explicit, Phase.generate)}  # no shrinking: a failure shows the input as generated


def fuzz(examples: int) -> settings:
    """Seeded settings: the same inputs every run, so a failure reproduces."""
    return settings(max_examples=examples, **_SEEDED)

pytestmark = pytest.mark.filterwarnings("ignore")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    return Project(tmp_path_factory.mktemp("fuzz") / "proj")


def write(path: Path, text: str) -> Path:
    path.write_bytes(text.encode("utf-8", "surrogateescape"))
    return path


def dump(data: Any) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


@fuzz(250)
@given(data=st.data())
def test_fuzzed_task_files_validate_to_one_line_per_problem(project: Project, data: st.DataObject) -> None:
    base = yaml.safe_load(project.task.read_text())
    text = data.draw(text_damage(dump(data.draw(mutated(base)))))
    task = write(project.root / "tasks" / "fuzzed.yaml", text)
    outcome = run_cli("validate", task)
    outcome.assert_contract({0, 2})
    assert all(line.startswith(("error ", "ok ", "1 task file")) for line in outcome.out.splitlines()), outcome.out


@fuzz(60)
@given(data=st.data())
def test_fuzzed_task_files_show_or_fail_in_one_line(project: Project, data: st.DataObject) -> None:
    base = yaml.safe_load(project.task.read_text())
    task = write(project.root / "tasks" / "shown.yaml", data.draw(text_damage(dump(data.draw(mutated(base))))))
    run_cli("tasks", "show", task).assert_contract({0, 2})


@fuzz(100)
@given(data=st.data())
def test_fuzzed_topologies_validate_to_one_line_per_problem(project: Project, data: st.DataObject) -> None:
    topo_file = project.root / "containerlab" / "tri.clab.yml"
    original = topo_file.read_text()
    base = yaml.safe_load(original)
    try:
        write(topo_file, data.draw(text_damage(dump(data.draw(mutated(base))))))
        run_cli("validate", project.task).assert_contract({0, 2})
    finally:
        topo_file.write_text(original)


HOSTS = {"r1": {"hostname": "192.0.2.1", "port": 22, "platform": "frr", "groups": ["core"], "data": {"roles": ["edge"]}},
         "r2": {"hostname": "192.0.2.2", "platform": "ios", "connection_options": {"napalm": {"extras": {"optional_args": {}}}}}}
GROUPS = {"core": {"platform": "frr", "username": "admin"}}
DEFAULTS = {"username": "netassess", "password": "lab-only", "port": 22}


@fuzz(500)
@given(data=st.data())
def test_fuzzed_inventories_load_or_fail_with_exit_2_naming_the_file(tmp_path_factory: pytest.TempPathFactory, data: st.DataObject) -> None:
    folder = tmp_path_factory.mktemp("inv")
    damaged = data.draw(st.sampled_from(["hosts", "groups", "defaults"]))  # the other two stay sound
    for name, base in (("hosts", HOSTS), ("groups", GROUPS), ("defaults", DEFAULTS)):
        text = data.draw(text_damage(dump(data.draw(mutated(base, rounds=1))))) if name == damaged else dump(base)
        write(folder / f"{name}.yaml", text)
    try:
        inv = load_inventory(InventorySource(inventory_dir=folder))
    except NetassessError as exc:
        TALLY["inventory refused (exit 2)"] += 1
        assert int(exc.exit_code) == 2
        assert "\n" not in str(exc) and str(folder) in str(exc), str(exc)
        assert "lab-only" not in str(exc)  # a password never appears in an error
        return
    TALLY["inventory loaded"] += 1
    for host in inv.hosts.values():  # what loaded is what NAPALM can use
        assert host.port is None or (isinstance(host.port, int) and 1 <= host.port <= 65535)
        assert host.hostname is None or isinstance(host.hostname, str)
    shutil.rmtree(folder)


@pytest.fixture(scope="module")
def snapshot_base(project: Project) -> dict[str, Any]:
    snap = json.loads((FIXTURES / "triangle.snapshot.json").read_text())
    snap.setdefault("context", {})["task"] = "probe-task"
    return snap


@fuzz(150)
@given(data=st.data())
def test_fuzzed_snapshots_rescore_or_fail_in_one_line(project: Project, snapshot_base: dict[str, Any], data: st.DataObject) -> None:
    snap = data.draw(mutated(snapshot_base, rounds=4))
    how = data.draw(st.sampled_from(["json", "json", "truncated", "deep", "big int"]))
    text = json.dumps(snap, default=str)
    if how == "truncated":
        text = text[: data.draw(st.integers(min_value=0, max_value=len(text)))]
    elif how == "deep":
        text = '{"schema_version": "1.0", "devices": ' + "[" * 3000 + "]" * 3000 + "}"
    elif how == "big int":
        text = text.replace('"sessions": {', '"sessions": {"x": ' + "9" * 5000 + ", ", 1)
    out = project.root / "out"
    outcome = run_cli("score", write(project.root / "snap.json", text), project.task, "-o", out, "-f", "json")
    outcome.assert_contract({0, 1, 2, 3})


@fuzz(100)
@given(data=st.data())
def test_fuzzed_results_render_or_fail_in_one_line(tmp_path_factory: pytest.TempPathFactory, data: st.DataObject) -> None:
    base = json.loads((FIXTURES / "triangle.results.json").read_text())
    folder = tmp_path_factory.mktemp("results")
    results = write(folder / "results.json", json.dumps(data.draw(mutated(base, rounds=4)), default=str))
    outcome = run_cli("report", "render", results, "-o", folder / "out", "-f", "json,md")
    outcome.assert_contract({0, 2})
    shutil.rmtree(folder)


@fuzz(1000)
@given(st.one_of(st.text(max_size=200), st.builds(lambda d: dump(d), values), st.sampled_from(sorted(YAML_BOMBS.values()))))
def test_the_yaml_loader_returns_data_or_a_marked_error(text: str) -> None:
    try:
        safe_yaml.safe_load(text)
        TALLY["yaml loaded"] += 1
    except safe_yaml.LOAD_ERRORS as exc:
        TALLY["yaml refused"] += 1
        message = safe_yaml.describe("x.yaml", exc)
        assert message.startswith("x.yaml") and "\n" not in message


@fuzz(300)
@given(st.one_of(st.text(max_size=200), st.builds(lambda d: json.dumps(d, default=str), values)))
def test_the_json_loader_returns_data_or_a_value_error(text: str) -> None:
    try:
        safe_json.loads(text)
        TALLY["json loaded"] += 1
    except ValueError as exc:
        TALLY["json refused"] += 1
        assert str(exc)


def test_value_strategy_reaches_every_nasty_shape() -> None:
    """The strategies themselves: a fuzz run that never produced a bomb would prove nothing."""
    seen: set[str] = set()

    @fuzz(300)
    @given(values)
    def collect(value: Any) -> None:
        seen.add(type(value).__name__)
        if isinstance(value, str) and ("{{" in value or "[/" in value):
            seen.add("nasty")

    collect()
    assert {"dict", "list", "str", "int", "nasty"} <= seen
