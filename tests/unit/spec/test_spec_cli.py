"""validate / tasks / schema commands: output lines, exit codes, and the committed schema."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml
from spec_project import Project

from netassess.cli import main
from netassess.spec.schema import builtin_check_types, dumps, task_schema

REPO = Path(__file__).resolve().parents[3]


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, cwd: Path) -> tuple[int, str, str]:
    monkeypatch.chdir(cwd)
    monkeypatch.setattr(sys, "argv", ["netassess", *args])
    monkeypatch.setenv("COLUMNS", "250")
    code = 0
    try:
        main()
    except SystemExit as exc:
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_committed_task_schema_is_up_to_date() -> None:
    committed = (REPO / "docs/schema/task.schema.json").read_text()
    current = dumps(task_schema(builtin_check_types()))
    assert committed == current, "run: netassess schema task > docs/schema/task.schema.json"


def test_every_shipped_task_matches_the_committed_schema_jinja_args_included() -> None:
    schema = json.loads((REPO / "docs/schema/task.schema.json").read_text())
    validator = jsonschema.Draft202012Validator(schema)
    for path in sorted((REPO / "tasks").glob("*.yaml")):
        errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(yaml.safe_load(path.read_text()))]
        assert errors == [], path.name


def test_schema_checks_args_by_check_type() -> None:
    validator = jsonschema.Draft202012Validator(task_schema(builtin_check_types()))
    task = yaml.safe_load((REPO / "tasks/s2-ospf-triangle.yaml").read_text())
    check = next(c for c in task["checks"] if c["type"] == "interface_up")
    check["args"]["interfacez"] = ["eth1"]  # interface_up has no such argument
    assert any("interfacez" in e.message for e in validator.iter_errors(task))
    check["args"] = {"interfaces": "{{ uplinks }}"}  # Jinja is accepted where a list is expected
    assert list(validator.iter_errors(task)) == []


def test_schema_task_prints_a_valid_draft_2020_12_schema_that_accepts_a_sound_task(project: Project, capsys, monkeypatch) -> None:
    code, out, _ = run_cli(["schema", "task"], capsys, monkeypatch, project.root)
    assert code == 0
    schema = json.loads(out)
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(yaml.safe_load(project.task.read_text()))
    broken = yaml.safe_load(project.task.read_text()) | {"colour": "red"}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(schema).validate(broken)


def test_validate_clean_task_exits_0_with_a_summary(project: Project, capsys, monkeypatch) -> None:
    code, out, _ = run_cli(["validate", "tasks/probe.yaml"], capsys, monkeypatch, project.root)
    assert code == 0
    assert "ok tasks/probe.yaml: probe-task v1.0: 2 checks, 10 points (S2 6, S13 4) on 4 nodes" in out
    assert "1 task file valid" in out


def test_validate_prints_one_line_per_problem_and_exits_2(project: Project, capsys, monkeypatch) -> None:
    project.edit_task("points: 2", "pionts: 2")
    project.edit_task("pass_mark: 60", "pass_mark: sixty")
    code, out, err = run_cli(["validate", "tasks"], capsys, monkeypatch, project.root)
    assert code == 2
    errors = [line for line in out.splitlines() if line.startswith("error ")]
    assert len(errors) == 2
    assert all(line.startswith("error tasks/probe.yaml:") for line in errors)
    assert "2 problems in 1 task file" in err


def test_validate_reports_broken_and_clean_files_together(project: Project, capsys, monkeypatch) -> None:
    copy = project.task.read_text().replace("id: probe-task", "id: probe-copy").replace("skills: [S2, S13]", "skills: [S99]")
    (project.root / "tasks/copy.yaml").write_text(copy)
    code, out, _ = run_cli(["validate", "tasks/probe.yaml", "tasks/copy.yaml"], capsys, monkeypatch, project.root)
    assert code == 2
    assert "ok tasks/probe.yaml" in out and "error tasks/copy.yaml:" in out and "S99" in out


def test_live_only_options_without_live_are_a_usage_error(project: Project, capsys, monkeypatch) -> None:
    for option in (["--strict"], ["--late", "0"]):
        code, _, err = run_cli(["validate", *option, "tasks/probe.yaml"], capsys, monkeypatch, project.root)
        assert code == 2 and "go with --live" in err, option


def test_live_proof_refuses_a_task_with_offline_problems_before_any_lab(project: Project, capsys, monkeypatch) -> None:
    monkeypatch.setattr("netassess.proof.prove_task", lambda *a, **k: pytest.fail("no lab for a broken task"))
    code, out, _ = run_cli(["validate", "--live", "--param", "p2p=10.0.0.1/24", "tasks/probe.yaml"], capsys,
                           monkeypatch, project.root)
    assert code == 2 and "is not a valid ipv4_network" in out


def test_validate_param_override_is_applied(project: Project, capsys, monkeypatch) -> None:
    code, out, _ = run_cli(["validate", "--param", "p2p=10.0.0.1/24", "tasks/probe.yaml"], capsys, monkeypatch, project.root)
    assert code == 2 and "is not a valid ipv4_network" in out


def test_tasks_list_shows_id_title_skills_points_and_checks(project: Project, capsys, monkeypatch) -> None:
    code, out, _ = run_cli(["tasks", "list"], capsys, monkeypatch, project.root)
    assert code == 0
    row = next(line for line in out.splitlines() if "probe-task" in line)
    cells = [cell.strip() for cell in row.split("│")]
    assert cells[1:6] == ["probe-task", "Probe task", "S2 S13", "10", "2"]


def test_tasks_list_flags_an_invalid_task_and_exits_2(project: Project, capsys, monkeypatch) -> None:
    project.edit_task("points: 2", "pionts: 2")
    code, out, _ = run_cli(["tasks", "list"], capsys, monkeypatch, project.root)
    assert code == 2 and "invalid:" in out and "pionts" in out


def test_tasks_show_renders_the_brief_checks_and_scoring(project: Project, capsys, monkeypatch) -> None:
    code, out, _ = run_cli(["tasks", "show", "probe-task"], capsys, monkeypatch, project.root)
    assert code == 0
    assert "Address the links from 10.0.0.0/24." in out
    assert "probe-one" in out and "2 × 3" in out
    assert "total 10 points (S2 6, S13 4); pass 60%, distinction 85%; time limit 90 min" in out


def test_tasks_show_unknown_id_lists_known_ids_and_exits_2(project: Project, capsys, monkeypatch) -> None:
    code, _, err = run_cli(["tasks", "show", "nope"], capsys, monkeypatch, project.root)
    assert code == 2 and "no task with id 'nope'" in err and "probe-task" in err


def test_push_rejects_an_unknown_stage_and_a_missing_device_source_with_exit_2(project: Project, capsys, monkeypatch) -> None:
    code, _, err = run_cli(["push", "tasks/probe.yaml", "--stage", "final", "--lab", "x"], capsys, monkeypatch, project.root)
    assert code == 2 and "'final' is not one of 'setup', 'solution'" in err
    code, _, err = run_cli(["push", "tasks/probe.yaml", "--stage", "setup"], capsys, monkeypatch, project.root)
    assert code == 2 and "exactly one of --lab NAME, -i INVENTORY_DIR, --clab-inventory FILE or --nornir-config FILE" in err


def test_tasks_show_masks_parameters_that_hold_secrets(capsys, monkeypatch) -> None:
    code, out, _ = run_cli(["tasks", "show", "s4-harden-hub-spoke", "--param", "ospf_key=rack-key-9"], capsys, monkeypatch, REPO)
    parameters = next(line for line in out.splitlines() if line.startswith("parameters:"))
    assert code == 0 and "ospf_key=<removed>" in parameters and "weak_password=<removed>" in parameters
    assert "rack-key-9" not in parameters and "vty_acl=VTY-MGMT" in parameters


def test_jobs_start_the_own_subnet_task_first_then_the_longest_expected_proofs(capsys, monkeypatch) -> None:
    import threading

    from netassess.proof import TaskProof

    started: list[str] = []
    clear: dict[str, frozenset[str]] = {}
    third = threading.Event()

    def fake_prove(loaded, **kwargs):  # type: ignore[no-untyped-def]
        started.append(loaded.task.id)
        clear[loaded.task.id] = kwargs["keep_clear"]
        if len(started) == 3:
            third.set()
        if loaded.task.id == "s13-address-hub-spoke":  # holds its worker until the other has taken the next task
            assert third.wait(10)
        return TaskProof(loaded.task.id, Path(loaded.path), "")

    monkeypatch.setattr("netassess.proof.prove_task", fake_prove)
    repo = Path(__file__).resolve().parents[3]
    tasks = ["tasks/s2-floating-static-triangle.yaml", "tasks/s2-ospf-triangle.yaml", "tasks/s13-address-hub-spoke.yaml",
             "tasks/s4-mgmt-plane-line.yaml"]
    run_cli(["validate", "--live", "--mutate", "--jobs", "2", *tasks], capsys, monkeypatch, repo)
    assert set(started[:2]) == {"s4-mgmt-plane-line", "s13-address-hub-spoke"}
    assert started[2:] == ["s2-ospf-triangle", "s2-floating-static-triangle"]
    from netassess.spec.loader import load_task

    line = str(load_task(repo / "tasks/s4-mgmt-plane-line.yaml").topology.mgmt_subnet)
    # whichever lab comes up first, no other task takes the subnet the vty-ACL task needs
    assert clear.pop("s4-mgmt-plane-line") == frozenset() and set(clear.values()) == {frozenset({line})}


def test_a_proof_keeps_off_a_subnet_held_for_another_task(monkeypatch) -> None:
    from netassess import proof
    from netassess.spec.loader import load_task

    monkeypatch.setattr("netassess.lab.subnets.free_mgmt_subnet", lambda: "172.29.9.0/24")
    monkeypatch.setattr("netassess.lab.subnets.subnet_taken", lambda subnet: None)  # nothing on this host has it
    loaded = load_task(Path(__file__).resolve().parents[3] / "tasks/s2-ospf-triangle.yaml")
    own = str(loaded.topology.mgmt_subnet)
    assert proof._subnet_for(loaded, print) == own
    assert proof._subnet_for(loaded, print, frozenset({own})) == "172.29.9.0/24"
