"""validate: a command check that is not read-only on a target's platform is a spec error (exit 2, file:line)."""

from __future__ import annotations

import pytest
from spec_project import Project
from test_spec_cli import run_cli


def command_check(project: Project, args: str) -> int:
    """Turn probe-two (targets: all = routers r1-r3 on FRR, host h1 on Linux) into a command check."""
    project.edit_task("    type: hostname", "    type: command")
    project.edit_task("    args: {}", f"    args: {args}")
    return project.line_of("    args: {command")


@pytest.mark.parametrize(("command", "word"), [
    ("ping -c1 x | find / -exec rm -rf {} +", "|"),
    ("head /etc/shadow", "head"),
    ("show running-config | redirect flash:x", "redirect"),
    ("configure terminal", "configure"),
])
def test_a_command_no_platform_allows_is_a_spec_error_at_its_line_naming_the_word(
        project: Project, capsys, monkeypatch, command: str, word: str) -> None:
    line = command_check(project, f'{{command: "{command}", operator: exists}}')
    code, out, _ = run_cli(["validate", "tasks/probe.yaml"], capsys, monkeypatch, project.root)
    assert code == 2
    [error] = [ln for ln in out.splitlines() if ln.startswith("error ")]
    assert error.startswith(f"error tasks/probe.yaml:{line}: checks[1].args.command: {word!r}: "), error


def test_a_show_command_aimed_at_a_linux_host_is_a_spec_error_naming_the_host(project: Project, capsys, monkeypatch) -> None:
    line = command_check(project, '{command: "show ip route", operator: exists}')
    code, out, _ = run_cli(["validate", "tasks/probe.yaml"], capsys, monkeypatch, project.root)
    assert code == 2
    [error] = [ln for ln in out.splitlines() if ln.startswith("error ")]
    assert error.startswith(f"error tasks/probe.yaml:{line}: checks[1].args.command: not read-only on linux: 'show': ")
    assert error.endswith("(targets h1)")


def test_a_mapping_gives_routers_and_hosts_each_their_own_read_only_command(project: Project, capsys, monkeypatch) -> None:
    command_check(project, '{command: {frr: "show ip route json", linux: "ip -j route show"}, parse: json, operator: exists}')
    code, out, _ = run_cli(["validate", "tasks/probe.yaml"], capsys, monkeypatch, project.root)
    assert code == 0, out


def test_a_mapping_entry_that_writes_is_refused_for_its_platform(project: Project, capsys, monkeypatch) -> None:
    line = command_check(project, '{command: {frr: "show ip route", linux: "ss -tln -D /tmp/x"}, operator: exists}')
    code, out, _ = run_cli(["validate", "tasks/probe.yaml"], capsys, monkeypatch, project.root)
    assert code == 2
    assert f"error tasks/probe.yaml:{line}: checks[1].args.command: linux: '-D': " in out


def test_a_mapping_key_that_is_no_known_platform_is_refused(project: Project, capsys, monkeypatch) -> None:
    command_check(project, '{command: {frr: "show ip route", cisco: "show ip route"}, operator: exists}')
    code, out, _ = run_cli(["validate", "tasks/probe.yaml"], capsys, monkeypatch, project.root)
    assert code == 2 and "'cisco' is no platform with a read-only command policy" in out
