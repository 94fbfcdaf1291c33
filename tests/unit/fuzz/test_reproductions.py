"""The exact reproductions of the trust issue (issue 9, item 5), each now one line and exit 2.

The bombs run in a child process under RLIMIT_AS (2 GiB) and a timeout, so a regression fails
the test instead of taking the machine down with it.
"""

from __future__ import annotations

import io
import logging
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from harness import run_cli
from spec_project import Project
from strategies import BILLION_LAUGHS

from netassess import safe_json
from netassess.cli import quiet_library_loggers

MEMORY_CAP = 2 * 1024 * 1024 * 1024


def run_capped(*args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``netassess ARGS`` in a child limited to 2 GiB of address space and 60 s."""

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))

    return subprocess.run([sys.executable, "-m", "netassess", *map(str, args)], capture_output=True, text=True, timeout=60,
                          preexec_fn=cap, cwd=cwd, env={**os.environ, "COLUMNS": "300", "NO_COLOR": "1", **(env or {})})


def assert_one_line_exit_2(proc: subprocess.CompletedProcess[str], *needles: str) -> None:
    both = proc.stdout + proc.stderr
    assert proc.returncode == 2, both[-2000:]
    assert "Traceback" not in both
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    for needle in needles:
        assert needle in both, both


def task_with(project: Project, **changes: object) -> Path:
    data = yaml.safe_load(project.task.read_text())
    for dotted, value in changes.items():
        *parents, last = dotted.split("__")
        node = data
        for part in parents:
            node = node[int(part)] if part.isdigit() else node[part]
        node[last] = value
    project.task.write_text(yaml.safe_dump(data, sort_keys=False))
    return project.task


def test_six_kb_yaml_alias_bomb_is_refused_at_its_line_with_exit_2(project: Project) -> None:
    assert len(BILLION_LAUGHS) < 6 * 1024
    project.task.write_text(BILLION_LAUGHS)
    proc = run_capped("validate", project.task)
    assert "refused: aliases" in proc.stdout and ":5:" in proc.stdout  # the line where expansion passed the cap
    assert_one_line_exit_2(proc)


def test_nested_range_100000_template_stops_instead_of_hanging_validate(project: Project) -> None:
    project.write("templates/frr/base.j2", "{% for a in range(100000) %}{% for b in range(100000) %}x{% endfor %}{% endfor %}\n")
    assert_one_line_exit_2(run_capped("validate", project.task), "templates/frr/base.j2", "range(100000,) would exceed")


def test_nested_range_1000_template_stops_on_the_iteration_budget(project: Project) -> None:
    project.write("templates/frr/base.j2", "{% for a in range(1000) %}{% for b in range(1000) %}{{ a }}{% endfor %}{% endfor %}\n")
    assert_one_line_exit_2(run_capped("validate", project.task), "ran more than 200,000 times")


def test_a_gigabyte_string_multiplication_is_refused_before_allocating(project: Project) -> None:
    task = task_with(project, brief="{{ 'a' * 10**9 }}")
    assert_one_line_exit_2(run_capped("validate", task), "str * 1000000000 would exceed")


def test_a_string_doubling_loop_is_stopped(project: Project) -> None:
    project.write("templates/frr/base.j2", "{% set ns = namespace(v='ab') %}{% for i in range(64) %}{% set ns.v = ns.v ~ ns.v %}{% endfor "
        "%}{{ ns.v }}\n")
    assert_one_line_exit_2(run_capped("validate", project.task), "templates/frr/base.j2")


def test_a_template_looping_over_strings_is_stopped_by_the_time_budget(project: Project) -> None:
    project.write("templates/frr/base.j2", "{% for a in 'x' * 100000 %}{% for b in 'y' * 100000 %}{% endfor %}{% endfor %}\n")
    assert_one_line_exit_2(run_capped("validate", project.task), "ran longer than 5 s")


def test_deep_yaml_nesting_is_one_line_not_a_recursion_traceback(project: Project) -> None:
    project.task.write_text("x: " + "[" * 5000 + "]" * 5000 + "\n")
    assert_one_line_exit_2(run_capped("validate", project.task), "nested more than 64 levels deep")


def test_a_5000_digit_integer_in_a_task_is_one_line(project: Project) -> None:
    task = project.edit_task("points: 2", "points: " + "9" * 5000)
    assert_one_line_exit_2(run_capped("validate", task), "an integer of more than 100 digits")


def test_deep_json_and_5000_digit_integers_in_a_snapshot_are_one_line(project: Project, tmp_path: Path) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text('{"schema_version": "1.0", "devices": ' + "[" * 100000 + "]" * 100000 + "}")
    big = tmp_path / "big.json"
    big.write_text('{"schema_version": "1.0", "devices": {}, "sessions": {"r1": ' + "9" * 5000 + "}}")
    for snapshot, needle in ((deep, "nested more than 64 levels"), (big, "an integer of 5000 digits")):
        assert_one_line_exit_2(run_capped("score", snapshot, project.task, "-o", tmp_path / "out"), needle)
    with pytest.raises(ValueError, match="64 levels"):
        safe_json.loads("[" * 65 + "]" * 65)


def test_rich_markup_in_a_path_is_printed_verbatim_not_a_crash(tmp_path: Path) -> None:
    folder = tmp_path / "a["
    folder.mkdir()
    outcome = run_cli("score", folder / "b].json", "some-task")  # the path holds the closing tag [/b]
    outcome.assert_contract({2})
    assert "a[/b].json" in outcome.err


def test_rich_markup_in_a_lab_name_or_device_message_is_printed_verbatim(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NETASSESS_STATE_DIR", str(tmp_path / "state"))
    outcome = run_cli("lab", "down", "[/x]")
    outcome.assert_contract({2, 4})
    assert "[/x]" in outcome.err


def test_non_mapping_inventory_is_exit_2_naming_the_file(tmp_path: Path, project: Project) -> None:
    (tmp_path / "hosts.yaml").write_text("- r1\n- r2\n")
    outcome = run_cli("run", project.task, "-i", tmp_path)
    outcome.assert_contract({2})
    assert "hosts.yaml:1: a hosts file must be a mapping" in outcome.err and "'list' object" not in outcome.err


def test_port_twenty_two_is_an_inventory_error_naming_file_and_host_not_unreachable(tmp_path: Path, project: Project) -> None:
    (tmp_path / "hosts.yaml").write_text("r1:\n  hostname: 192.0.2.1\n  platform: frr\nr2:\n  hostname: 192.0.2.2\n  port: twenty-two\n")
    outcome = run_cli("run", project.task, "-i", tmp_path)  # refused before any connection is tried
    outcome.assert_contract({2})
    assert "hosts.yaml:4: host r2: port:" in outcome.err and "'twenty-two'" in outcome.err


def test_a_password_never_appears_in_an_inventory_error(tmp_path: Path, project: Project) -> None:
    (tmp_path / "hosts.yaml").write_text("r1:\n  hostname: 192.0.2.1\n  platform: frr\n  password: [hunter2]\n")
    outcome = run_cli("run", project.task, "-i", tmp_path)
    outcome.assert_contract({2})
    assert "host r1: password" in outcome.err and "hunter2" not in outcome.err


def test_device_library_loggers_print_no_traceback_on_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    quiet_library_loggers()
    stream = io.StringIO()
    logging.lastResort = logging.StreamHandler(stream)  # where Python prints records nobody handles
    try:
        for name in ("paramiko.transport", "netmiko", "napalm", "ncclient.transport.ssh"):
            try:
                raise OSError("Error reading SSH protocol banner")
            except OSError:
                logging.getLogger(name).exception("Exception (client): Error reading SSH protocol banner")
    finally:
        logging.lastResort = logging._StderrHandler(logging.WARNING)  # type: ignore[attr-defined]
    assert stream.getvalue() == ""
    assert "Traceback" not in capsys.readouterr().err


def test_a_topology_bind_outside_the_project_is_refused_unless_trusted(project: Project, tmp_path: Path) -> None:
    topology = project.root / "containerlab" / "tri.clab.yml"
    topology.write_text(topology.read_text().replace("r3: {kind: linux}", "r3: {kind: linux, binds: ['/etc/shadow:/etc/frr/frr.conf']}"))
    outcome = run_cli("validate", project.task)
    outcome.assert_contract({2})
    assert "bind /etc/shadow:/etc/frr/frr.conf resolves to /etc/shadow, outside the project" in outcome.out
    assert "--trust-paths" in outcome.out
    run_cli("--trust-paths", "validate", project.task).assert_contract({0})


def test_a_startup_config_reached_through_a_symlink_is_refused(project: Project) -> None:
    (project.root / "containerlab" / "r3.conf").symlink_to("/etc/passwd")
    topology = project.root / "containerlab" / "tri.clab.yml"
    topology.write_text(topology.read_text().replace("r3: {kind: linux}", "r3: {kind: linux, startup-config: r3.conf}"))
    outcome = run_cli("validate", project.task)
    outcome.assert_contract({2})
    assert "startup-config resolves to /etc/passwd" in outcome.out


@pytest.mark.parametrize("command", ["rm -rf /", "ip netns exec other sh", "sysctl -w kernel.panic=1", "ip addr; id", "cat /etc/shadow"])
def test_exec_beyond_the_nodes_network_is_refused_unless_trusted(project: Project, command: str) -> None:
    topology = project.root / "containerlab" / "tri.clab.yml"
    host = "h1: {kind: linux, image: alpine:3}"
    topology.write_text(topology.read_text().replace(host, f"h1: {{kind: linux, image: alpine:3, exec: [{command!r}]}}"))
    outcome = run_cli("validate", project.task)
    outcome.assert_contract({2})
    assert "h1.exec[0]" in outcome.out and "--trust-paths" in outcome.out
    run_cli("--trust-paths", "validate", project.task).assert_contract({0})


def test_network_exec_commands_of_shipped_topologies_need_no_trust(project: Project) -> None:
    topology = project.root / "containerlab" / "tri.clab.yml"
    commands = ["ip addr add 192.168.1.10/24 dev eth1", "ip route add 10.0.0.0/8 via 192.168.1.1", "sysctl -w net.ipv4.ip_forward=1"]
    host = "h1: {kind: linux, image: alpine:3}"
    topology.write_text(topology.read_text().replace(host, f"h1: {{kind: linux, image: alpine:3, exec: {commands!r}}}"))
    run_cli("validate", project.task).assert_contract({0})


def test_a_template_include_through_a_symlink_outside_the_project_is_refused(project: Project, tmp_path: Path) -> None:
    outside = tmp_path / "outside.j2"
    outside.write_text("secret {{ hostname }}\n")
    (project.root / "templates" / "frr" / "_evil.j2").symlink_to(outside)
    project.write("templates/frr/base.j2", "{% include 'templates/frr/_evil.j2' %}\n")
    outcome = run_cli("validate", project.task)
    outcome.assert_contract({2})
    assert "templates/frr/_evil.j2" in outcome.out and "outside the project root" in outcome.out
    run_cli("--trust-paths", "validate", project.task).assert_contract({0})


def test_a_bomb_task_in_the_tasks_folder_does_not_block_run_of_another_id(project: Project) -> None:
    (project.root / "tasks" / "aaa-bomb.yaml").write_text(BILLION_LAUGHS)
    project.write("tasks/bbb-slow.yaml", project.task.read_text().replace("id: probe-task", "id: slow-task")
                  .replace("Address the links", "{% for a in 'x' * 100000 %}{% for b in 'y' * 100000 %}{% endfor %}{% endfor %}"))
    outcome = run_cli("tasks", "show", "probe-task", cwd=project.root)  # resolved by id through ./tasks
    outcome.assert_contract({0})
    assert outcome.seconds < 5  # the slow sibling (5 s render budget) was never rendered
    missing = run_cli("tasks", "show", "aaa-bomb", cwd=project.root)
    missing.assert_contract({2})
    assert "aaa-bomb.yaml is not a readable task file" in missing.err
