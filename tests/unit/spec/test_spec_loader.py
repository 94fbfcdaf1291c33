"""The spec loader: a sound task loads completely; every kind of mistake is one clear line."""

from __future__ import annotations

import hashlib
import ipaddress

import pytest
from spec_project import PROBE, Project

from netassess.errors import ExitCode, SpecError
from netassess.spec.loader import analyse_task, load_task


def problems(project: Project, params: dict | None = None) -> list[str]:
    return [str(p) for p in analyse_task(project.task, params).problems]


def only_problem(project: Project) -> str:
    found = problems(project)
    assert len(found) == 1, found
    return found[0]


def test_sound_task_loads_with_rendered_brief_typed_params_digest_and_parsed_args(project: Project) -> None:
    loaded = load_task(project.task)
    assert loaded.task.id == "probe-task"
    assert loaded.brief == "Address the links from 10.0.0.0/24.\n"
    assert loaded.params == {"p2p": ipaddress.IPv4Network("10.0.0.0/24"), "count": 2}
    assert loaded.sha256 == hashlib.sha256(project.task.read_bytes()).hexdigest()
    first, second = loaded.checks
    assert first.args.count == 2 and first.args.peers == ["10.255.0.2"]  # "{{ count }}" rendered, then typed by Args
    assert first.spec.wait is not None and first.spec.wait.timeout == 30 and first.spec.wait.interval == 2
    assert first.skills == ["S2"]  # the type's skills (S2) within the task's
    assert second.skills == ["S13"]
    assert loaded.task.scoring.time_limit == 90
    assert loaded.resolve_targets(["edge", "core"]) == ["r1", "r2", "r3"]
    assert loaded.resolve_targets(["all"]) == ["r1", "r2", "r3", "h1"]


def test_parameter_overrides_are_typed_and_unknown_ones_rejected(project: Project) -> None:
    loaded = load_task(project.task, {"p2p": "192.168.0.0/24", "count": "5"})
    assert loaded.params["p2p"] == ipaddress.IPv4Network("192.168.0.0/24") and loaded.checks[0].args.count == 5
    with pytest.raises(SpecError, match="parameter 'colour' given on the command line is not declared"):
        load_task(project.task, {"colour": "red"})
    with pytest.raises(SpecError, match=r"parameters\.p2p\.default: command line value '10.0.0.1/24' is not a valid ipv4_network"):
        load_task(project.task, {"p2p": "10.0.0.1/24"})


def test_load_task_raises_one_line_spec_error_with_exit_code_2(project: Project) -> None:
    project.edit_task("points: 2", "pionts: 2")
    with pytest.raises(SpecError) as info:
        load_task(project.task)
    assert "\n" not in str(info.value)
    assert info.value.exit_code == ExitCode.USAGE


def test_malformed_yaml_names_the_line(project: Project) -> None:
    project.edit_task("  edge: r1", "  edge: [r1")
    message = only_problem(project)
    assert "malformed YAML" in message and "tasks/probe.yaml:" in message
    assert int(message.split("probe.yaml:")[1].split(":")[0]) >= project.line_of("edge: [r1")


def test_unknown_key_names_the_key_its_line_and_the_allowed_keys(project: Project) -> None:
    project.edit_task("points: 2", "pionts: 2")
    line = project.line_of("pionts")
    message = only_problem(project)
    assert f"probe.yaml:{line}: checks[0].pionts: unknown key 'pionts'" in message
    assert "allowed here: id, type, targets, args, points" in message


def test_unknown_top_level_key_is_rejected(project: Project) -> None:
    project.edit_task("kind: Task", "kind: Task\nauthor: me")
    assert "author: unknown key 'author'" in only_problem(project)


def test_wrong_type_names_location_and_value(project: Project) -> None:
    project.edit_task("pass_mark: 60", "pass_mark: sixty")
    line = project.line_of("pass_mark")
    assert f":{line}: scoring.pass_mark: Input should be a valid number" in only_problem(project)


def test_wrong_api_version_says_what_is_expected(project: Project) -> None:
    project.edit_task("apiVersion: netassess/v1", "apiVersion: netassess/v2")
    assert "apiVersion: got 'netassess/v2'; expected 'netassess/v1'" in only_problem(project)


def test_unknown_check_type_lists_the_known_ones(project: Project) -> None:
    project.edit_task(f"type: {PROBE}", "type: ospf_neighbour")
    message = only_problem(project)
    assert "checks[0].type: unknown check type 'ospf_neighbour'; known: " in message and "ospf_neighbor" in message


def test_unknown_skill_code_names_the_valid_ranges(project: Project) -> None:
    project.edit_task("skills: [S2, S13]", "skills: [S2, S41]")
    assert "skills[1]: unknown ST0127 skill code 'S41'; use one of K1–K21, S1–S14, B1–B6" in only_problem(project)


def test_task_must_assess_one_of_s2_s4_s7_s13(project: Project) -> None:
    project.edit_task("skills: [S2, S13]", "skills: [K5, B1]")
    project.edit_task("skills: [S13]", "skills: [K5]")
    assert "skills: skills must include at least one of S2, S4, S7, S13" in problems(project)[0]


def test_check_skill_outside_the_task_skills_is_rejected(project: Project) -> None:
    project.edit_task("skills: [S13]", "skills: [S4]")
    assert "checks[1].skills[0]: S4 is not among the task's skills (S2, S13)" in only_problem(project)


def test_unknown_target_is_rejected_with_the_known_names(project: Project) -> None:
    project.edit_task("targets: [all]", "targets: [distribution]")
    line = project.line_of("distribution")
    message = only_problem(project)
    assert f":{line}: checks[1].targets[0]: target 'distribution' is no role, node or group" in message
    assert "core" in message and "edge" in message and "r1" in message


def test_topology_group_is_a_valid_target(project: Project) -> None:
    project.edit_task("targets: [all]", "targets: [core, h1]")
    assert problems(project) == []


def test_role_naming_a_node_missing_from_the_topology_is_rejected(project: Project) -> None:
    project.edit_task("edge: r1", "edge: r9")
    assert "roles.edge: node 'r9' is not in the topology (nodes: r1, r2, r3, h1)" in problems(project)[0]


def test_missing_topology_file_says_paths_are_relative_to_the_task(project: Project) -> None:
    project.edit_task("../containerlab/tri.clab.yml", "../containerlab/nope.clab.yml")
    assert "topology: topology file ../containerlab/nope.clab.yml not found" in only_problem(project)


@pytest.mark.parametrize(
    ("old", "new", "loc"),
    [
        ("../containerlab/tri.clab.yml", "../../../../../../etc/passwd", "topology"),
        ("frr: templates/frr/base.j2, ios", "frr: ../../../etc/passwd, ios", "stages.setup.templates.frr"),
        ("frr: templates/frr/base.j2, ios", "frr: /etc/passwd, ios", "stages.setup.templates.frr"),
    ],
)
def test_paths_escaping_the_project_root_are_refused(project: Project, old: str, new: str, loc: str) -> None:
    project.edit_task(old, new)
    message = only_problem(project)
    assert f"{loc}: " in message and "outside the project root" in message


def test_missing_template_file_is_reported_at_the_stage(project: Project) -> None:
    (project.root / "templates/ios/base.j2").unlink()
    assert "stages.setup.templates.ios: template templates/ios/base.j2 not found" in only_problem(project)


def test_template_syntax_error_names_the_template_line(project: Project) -> None:
    project.write("templates/ios/base.j2", "hostname {{ hostname }}\n{% for x in links %}\n")
    message = only_problem(project)
    assert "stages.setup.templates.ios: templates/ios/base.j2:2" in message and "Jinja syntax error" in message


def test_undefined_template_variable_names_the_variable_and_line(project: Project) -> None:
    project.write("templates/frr/base.j2", "hostname {{ hostname }}\nrouter ospf\n ospf router-id {{ router_id }}\n")
    found = problems(project)
    # the frr template serves both stages: each stage reports it once (first failing node)
    assert len(found) == 2
    assert "templates/frr/base.j2:3 (rendering for r1): 'router_id' is undefined" in found[0]


def test_undefined_variable_in_the_brief_is_reported(project: Project) -> None:
    project.edit_task("Address the links from {{ p2p }}.", "Address the links from {{ p2p_block }}.")
    assert "brief: 'p2p_block' is undefined" in only_problem(project)


def test_check_args_are_validated_by_the_check_type_after_rendering(project: Project) -> None:
    project.edit_task("peers: [10.255.0.2]", "peerz: [10.255.0.2]")
    line = project.line_of("peerz")
    message = only_problem(project)
    assert f":{line}: checks[0].args.peerz: unknown key 'peerz'" in message and "allowed here: peers, state, count" in message


def test_check_args_with_a_rendered_value_of_the_wrong_type_are_rejected(project: Project) -> None:
    project.edit_task('count: "{{ count }}"', 'count: "{{ p2p }}"')
    assert "checks[0].args.count: Input should be a valid integer" in only_problem(project)


def test_undefined_variable_in_check_args_is_reported(project: Project) -> None:
    project.edit_task('count: "{{ count }}"', 'count: "{{ cnt }}"')
    assert "checks[0].args: 'cnt' is undefined" in only_problem(project)


def test_duplicate_check_ids_are_rejected(project: Project) -> None:
    project.edit_task("id: probe-two", "id: probe-one")
    line = project.line_of("id: probe-one") + 0
    message = only_problem(project)
    assert "checks[1].id: duplicate check id 'probe-one' (also checks[0])" in message
    assert f":{line}:" not in message  # points at the second one


def test_duplicate_yaml_keys_are_rejected_not_silently_overridden(project: Project) -> None:
    project.edit_task("    points: 2\n", "    points: 2\n    points: 3\n")
    assert "duplicate key 'points'" in problems(project)[0]


def test_yaml_tags_that_build_python_objects_are_refused(project: Project) -> None:
    project.edit_task("title: Probe task", "title: !!python/object/apply:os.system ['true']")
    assert "malformed YAML" in only_problem(project)


def test_distinction_below_pass_mark_is_rejected(project: Project) -> None:
    project.edit_task("distinction_mark: 85", "distinction_mark: 50")
    assert "scoring: distinction_mark 50.0 is below pass_mark 60.0" in only_problem(project)


def test_skill_minimum_for_a_skill_without_checks_is_rejected(project: Project) -> None:
    project.edit_task("time_limit: 1h30m", "time_limit: 1h30m\n  skill_minimums: {S2: 50, B2: 10}")
    assert problems(project) == [p for p in problems(project) if "B2" in p]
    assert "scoring.skill_minimums.B2: no scored check counts toward B2" in problems(project)[0]


def test_wait_interval_longer_than_timeout_is_rejected(project: Project) -> None:
    project.edit_task("wait: 30", "wait: {timeout: 5, interval: 10}")
    assert "checks[0].wait: interval 10.0s is longer than timeout 5.0s" in only_problem(project)


def test_parameter_default_of_the_wrong_type_is_rejected(project: Project) -> None:
    project.edit_task("default: 10.0.0.0/24", "default: 10.0.0.0/33")
    assert "parameters.p2p.default: default value '10.0.0.0/33' is not a valid ipv4_network" in only_problem(project)


def test_parameter_without_a_value_asks_for_one(project: Project) -> None:
    project.edit_task("    default: 2\n", "")
    assert "parameters.count: no value: give it a default or pass --param count=VALUE" in only_problem(project)


def test_stage_template_for_a_platform_no_node_runs_is_rejected(project: Project) -> None:
    project.edit_task("    templates: {frr: templates/frr/base.j2}\n", "    templates: {frr: templates/frr/base.j2, linux: "
        "templates/frr/base.j2}\n")
    assert "stages.solution.templates.linux: no node of the stage's targets runs linux" in only_problem(project)


def test_missing_task_file_and_empty_file(project: Project) -> None:
    assert "task file not found" in str(analyse_task(project.root / "tasks/nope.yaml").problems[0])
    project.task.write_text("# nothing\n")
    assert "the file is empty" in only_problem(project)


def test_hints_and_messages_are_rendered_with_the_parameters(project: Project) -> None:
    project.edit_task("    wait: 30\n", "    wait: 30\n    hint: Address from {{ p2p }}\n    fail: Fewer than {{ count }} neighbours\n")
    first = load_task(project.task).checks[0].spec
    assert first.hint == "Address from 10.0.0.0/24" and first.fail_message == "Fewer than 2 neighbours"
    project.edit_task("Address from {{ p2p }}", "Address from {{ p3p }}")
    assert "checks[0].hint: 'p3p' is undefined" in only_problem(project)


ESCAPE = "{{ ''.__class__.__mro__[1].__subclasses__() }}"


def test_jinja_in_a_task_cannot_reach_python_internals(project: Project) -> None:
    # task files are shared and validated in CI: their templates run sandboxed
    project.write("templates/frr/base.j2", f"hostname {ESCAPE}\n")
    assert any("unsafe" in p for p in problems(project))


def test_jinja_in_check_args_and_brief_is_sandboxed_too(project: Project) -> None:
    project.edit_task('count: "{{ count }}"', f'count: "{ESCAPE}"')
    assert "unsafe" in only_problem(project)


@pytest.mark.parametrize(("old", "new", "where", "why"), [
    ("points: 2", "points: .inf", "checks[0].points", "finite"),
    ("points: 2", "points: 1e999", "checks[0].points", "finite"),
    ("points: 2", "points: .nan", "checks[0].points", "finite"),
    ("points: 2", "points: 1001", "checks[0].points", "less than or equal to 1000"),
    ("points: 2", "points: 0", "checks[0].points", "greater than 0"),
    ("pass_mark: 60", "pass_mark: .nan", "scoring.pass_mark", "finite"),
    ("pass_mark: 60", "pass_mark: 101", "scoring.pass_mark", "less than or equal to 100"),
    ("distinction_mark: 85", "distinction_mark: .inf", "scoring.distinction_mark", "finite"),
    ("time_limit: 1h30m", "time_limit: 1h30m\n  skill_minimums: {S2: .nan}", "scoring.skill_minimums.S2", "finite"),
    ("time_limit: 1h30m", "time_limit: 1h30m\n  skill_minimums: {S2: -5}", "scoring.skill_minimums.S2", "greater than or equal to 0"),
    ("time_limit: 1h30m", "time_limit: 99999999", "scoring.time_limit", "between 1 and 10080 minutes"),
    ("time_limit: 1h30m", "time_limit: .nan", "scoring.time_limit", "finite"),
    ("wait: 30", "wait: .inf", "checks[0].wait", "finite"),
    ("wait: 30", "wait: {timeout: 30, interval: .nan}", "checks[0].wait.interval", "finite"),
    ("wait: 30", "wait: 3601", "checks[0].wait", "less than or equal to 3600"),
])
def test_every_number_a_task_author_sets_is_finite_and_bounded_one_line_with_file_and_line(
        project: Project, old: str, new: str, where: str, why: str) -> None:
    project.edit_task(old, new)
    line = project.line_of(new.splitlines()[-1].strip())
    message = only_problem(project)
    assert f"probe.yaml:{line}: {where}:" in message and why in message


def test_a_float_parameter_must_be_finite(project: Project) -> None:
    project.edit_task("  count:\n    type: int\n    default: 2", "  count:\n    type: int\n    default: 2\n  ratio:\n    type: float\n    "
        "default: .nan")
    assert "parameters.ratio.default: default value nan is not a valid float (not a finite number)" in only_problem(project)
