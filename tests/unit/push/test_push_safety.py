"""A push cannot hurt a rack by accident: opt-in per device before any connection, replace only on
lab equipment, one question after every diff, signals that undo instead of abandoning a commit,
and backup files that stay in their folder whatever a host is called."""

from __future__ import annotations

import io
import os
import signal
import socket
import threading
from pathlib import Path
from typing import Any

import pytest
import yaml
from push_fakes import LAB, fakes, nornir_for, triangle_lab  # noqa: F401 - fakes is a fixture
from rich.console import Console

from netassess.cli._push_display import ask_on_terminal, printer
from netassess.collect.inventory import load_clab_inventory, load_simple_inventory
from netassess.errors import ExitCode, UsageError
from netassess.lab.inventory import nornir_inventory
from netassess.lab.state import Credentials, LabState, NodeState
from netassess.push import DeferredSignals, PushInterrupted, assume_yes, push_stage
from netassess.push.backup import BackupSet, safe_name
from netassess.push.policy import host_policy
from netassess.spec.loader import load_task

REPO = Path(__file__).resolve().parents[3]
S2 = REPO / "tasks/s2-ospf-triangle.yaml"  # setup: replace on frr, merge on ios


def triangle(data: dict[str, Any] | None = None, platform: str = "frr", **rest: Any):  # type: ignore[no-untyped-def]
    hosts = {n: {"hostname": "x", "platform": platform, **({"data": data} if data is not None else {})}
             for n in ("r1", "r2", "r3")}
    return nornir_for(hosts, **rest)


def refused(nornir, stage: str = "setup", **kwargs: Any) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(UsageError) as info:
        push_stage(load_task(S2), stage, nornir, confirm=assume_yes, **kwargs)
    assert info.value.exit_code == ExitCode.USAGE and "\n" not in str(info.value)
    return str(info.value)


# --- opt-in, before any connection -----------------------------------------------------------------

def test_a_rack_inventory_without_opt_in_is_refused_before_any_connection_exit_2(fakes, tmp_path: Path) -> None:
    devices, _ = fakes
    rack = load_simple_inventory(REPO / "inventories/rack-example")
    from nornir.core import Nornir
    from nornir.plugins.runners import SerialRunner

    message = refused(Nornir(inventory=rack, runner=SerialRunner()), "solution", backup_root=tmp_path)
    assert message.startswith("push refused: rtr-01, rtr-02, rtr-03 are not opted in")
    assert "data.netassess.push: allowed" in message
    assert devices == {} and list(tmp_path.iterdir()) == []  # no session, no backup folder


def test_a_host_that_says_push_denied_overrides_its_group(fakes, tmp_path: Path) -> None:
    devices, _ = fakes
    nr = triangle(groups={"lab": {"data": LAB}})
    for name in ("r1", "r2", "r3"):
        nr.inventory.hosts[name].groups.append(nr.inventory.groups["lab"])
    nr.inventory.hosts["r2"].data["netassess"] = {"push": "denied"}
    assert "r2 is not opted in" in refused(nr, backup_root=tmp_path)
    assert devices == {}


def test_replace_on_a_device_not_marked_lab_equipment_is_refused_naming_the_flag(fakes, tmp_path: Path) -> None:
    devices, _ = fakes
    message = refused(triangle({"netassess": {"push": "allowed"}}), backup_root=tmp_path)  # S2 setup replaces on frr
    assert "mode replace" in message and "data.netassess.lab: true" in message and "r1, r2, r3 are" in message
    assert devices == {}


def test_merge_on_an_opted_in_device_needs_no_lab_mark(fakes, tmp_path: Path) -> None:
    result = push_stage(load_task(S2), "setup", triangle({"netassess": {"push": "allowed"}}, platform="ios"),
                        confirm=assume_yes, backup_root=tmp_path)
    assert result.changed == ["r1", "r2", "r3"]


def test_group_and_defaults_levels_opt_in_key_by_key() -> None:
    nr = triangle({"netassess": {"lab": True}}, groups={"g": {"data": {"netassess": {"push": "allowed"}}}},
                  defaults={"data": {"netassess": {"push": "denied", "lab": False}}})
    host = nr.inventory.hosts["r1"]
    assert host_policy(host, nr.inventory).model_dump() == {"push": "denied", "lab": True}  # no group yet
    host.groups.append(nr.inventory.groups["g"])
    assert host_policy(host, nr.inventory).model_dump() == {"push": "allowed", "lab": True}


@pytest.mark.parametrize(("value", "fragment"), [
    ({"push": "yes"}, "data.netassess.push: Input should be 'allowed' or 'denied'"),
    ({"pushh": "allowed"}, "data.netassess.pushh: Extra inputs are not permitted"),
    ("allowed", "data.netassess: Input should be a valid dictionary"),
])
def test_a_malformed_opt_in_is_an_inventory_error_naming_host_and_key(fakes, tmp_path: Path, value: Any,
                                                                         fragment: str) -> None:
    message = refused(triangle({"netassess": value}), backup_root=tmp_path)
    assert message.startswith("inventory host r1: ") and fragment in message


def test_a_dry_run_changes_nothing_so_it_needs_no_opt_in(fakes, tmp_path: Path) -> None:
    result = push_stage(load_task(S2), "setup", triangle(), dry_run=True, confirm=assume_yes, backup_root=tmp_path)
    assert result.changed == [] and all(d.changes for d in result.devices)


def test_built_in_and_containerlab_lab_hosts_are_marked_lab_equipment(tmp_path: Path) -> None:
    node = NodeState(name="r1", kind="router", platform="frr", namespace="clab-l-r1", mgmt_ipv4="172.30.9.11")
    state = LabState(name="l", topology="/x/t.clab.yml", runtime="netns", mgmt_subnet="172.30.9.0/24",
                     nodes={"r1": node}, credentials=Credentials(key_file="/k", known_hosts="/kh"))
    assert nornir_inventory(state)["hosts"]["r1"]["data"]["netassess"] == {"push": "allowed", "lab": True}
    clab = tmp_path / "nornir-simple-inventory.yml"
    clab.write_text("clab-t-r1:\n  hostname: 172.20.20.2\n  platform: linux\n")
    inv = load_clab_inventory(clab)
    assert host_policy(inv.hosts["clab-t-r1"], inv).model_dump() == {"push": "allowed", "lab": True}


# --- one question, after every diff ------------------------------------------------------------------

def test_the_question_comes_after_every_diff_and_no_commits_nothing(fakes, tmp_path: Path, monkeypatch) -> None:
    devices, _ = fakes
    console = Console(record=True, width=120, force_terminal=False)
    monkeypatch.setattr("builtins.input", lambda *_: "n")
    result = push_stage(load_task(S2), "setup", triangle_lab(), confirm=ask_on_terminal(console),
                        console=console, show=printer(console), backup_root=tmp_path)
    text = console.export_text()
    question = text.index("Commit stage setup to 3 device(s)?")
    assert all(text.index(f"r{i} (r{i}, frr, replace): to commit") < question for i in (1, 2, 3))
    assert result.declined and result.changed == []
    assert all("commit" not in d.calls and d.calls[-1] == "discard" for d in devices.values())


def test_yes_at_the_question_commits_and_does_not_repeat_the_diffs(fakes, tmp_path: Path, monkeypatch) -> None:
    console = Console(record=True, width=120, force_terminal=False)
    monkeypatch.setattr("builtins.input", lambda *_: "y")
    result = push_stage(load_task(S2), "setup", triangle_lab(), confirm=ask_on_terminal(console),
                        console=console, show=printer(console), backup_root=tmp_path)
    text = console.export_text()
    assert result.changed == ["r1", "r2", "r3"] and text.count("hostname r1") == 1
    assert "r1 (r1, frr, replace): committed" in text


def test_ctrl_c_at_the_question_changes_nothing_and_exits_130(fakes, tmp_path: Path, monkeypatch) -> None:
    devices, _ = fakes

    def ctrl_c(*_: object) -> str:
        os.kill(os.getpid(), signal.SIGINT)
        raise AssertionError("the signal should have raised at the question")

    monkeypatch.setattr("builtins.input", ctrl_c)
    console = Console(file=io.StringIO())
    with pytest.raises(PushInterrupted, match="interrupted by SIGINT before any commit; nothing was changed"):
        push_stage(load_task(S2), "setup", triangle_lab(), confirm=ask_on_terminal(console), backup_root=tmp_path)
    assert all("commit" not in d.calls for d in devices.values())
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # handlers restored


# --- signals during the push (SerialRunner: devices commit one after another in this thread) ----

def kill_self(signum: int) -> Any:
    return lambda: os.kill(os.getpid(), signum)


def test_a_signal_while_backing_up_commits_nothing_anywhere(fakes, tmp_path: Path) -> None:
    devices, failures = fakes
    failures["r2"] = {"get_config": kill_self(signal.SIGTERM)}
    with pytest.raises(PushInterrupted, match="^push setup interrupted by SIGTERM before any commit; nothing was"):
        push_stage(load_task(S2), "setup", triangle_lab(), confirm=assume_yes, backup_root=tmp_path)
    assert all("commit" not in d.calls and d.calls[-1] == "discard" for d in devices.values())


def test_a_signal_mid_commit_finishes_that_device_then_rolls_it_back_and_holds_the_rest(fakes, tmp_path: Path) -> None:
    devices, failures = fakes
    failures["r2"] = {"commit": kill_self(signal.SIGINT)}
    with pytest.raises(PushInterrupted) as info:
        push_stage(load_task(S2), "setup", triangle_lab(), confirm=assume_yes, backup_root=tmp_path)
    assert str(info.value) == "push setup interrupted by SIGINT; rolled back r1, r2; nothing else was changed"
    assert devices["r1"].calls[-2:] == ["commit", "rollback"] and devices["r2"].calls[-2:] == ["commit", "rollback"]
    assert "commit" not in devices["r3"].calls and devices["r3"].calls[-1] == "discard"
    outcome = {d.host: d for d in info.value.result.devices}
    assert outcome["r3"].held and info.value.result.changed == []


def test_a_failed_rollback_after_a_signal_exits_5_naming_the_backups(fakes, tmp_path: Path) -> None:
    devices, failures = fakes
    failures["r1"] = {"commit": kill_self(signal.SIGTERM), "rollback": RuntimeError("session lost")}
    with pytest.raises(Exception) as info:
        push_stage(load_task(S2), "setup", triangle_lab(), confirm=assume_yes, backup_root=tmp_path)
    assert getattr(info.value, "exit_code", None) == ExitCode.DEVICE
    assert "ROLLBACK FAILED on r1: restore from" in str(info.value)


class SignalOnOutcome:
    """A console file that sends SIGTERM when the outcome panels print: after the last commit."""

    def __init__(self) -> None:
        self.sent = False

    def write(self, text: str) -> int:
        if not self.sent and "replace): committed" in text:
            self.sent = True
            os.kill(os.getpid(), signal.SIGTERM)
        return len(text)

    def flush(self) -> None:
        pass


def test_a_signal_after_the_last_commit_leaves_the_push_standing(fakes, tmp_path: Path) -> None:
    devices, _ = fakes
    with DeferredSignals(notify=lambda _: None) as signals:  # the CLI holds signals to its exit
        console = Console(file=SignalOnOutcome(), width=200)
        result = push_stage(load_task(S2), "setup", triangle_lab(), confirm=assume_yes, backup_root=tmp_path,
                            signals=signals, console=console, show=printer(console))
    assert signals.received == signal.SIGTERM and result.changed == ["r1", "r2", "r3"]
    assert not any("rollback" in d.calls for d in devices.values())
    with pytest.raises(KeyboardInterrupt) as info:  # a caller that holds no signals stops once the push stands
        console = Console(file=SignalOnOutcome(), width=200)
        push_stage(load_task(S2), "setup", triangle_lab(), confirm=assume_yes, backup_root=tmp_path,
                   console=console, show=printer(console))
    assert not isinstance(info.value, PushInterrupted)
    assert not any("rollback" in d.calls for d in devices.values())


# --- backup files stay in their folder ---------------------------------------------------------------

@pytest.mark.parametrize("host", ["../../x", "..", ".", "a/b", "/etc/passwd", "r1\x00", "~root", "-", ".hidden"])
def test_backup_files_of_any_host_name_stay_inside_the_backup_folder(tmp_path: Path, host: str) -> None:
    backups = BackupSet(tmp_path / "backups", "s2-ospf-triangle", "setup")
    saved = backups.save(host, "hostname x\n", "frr")
    for path in (saved.raw, saved.sanitised):
        assert path.parent == backups.folder and path.resolve().is_relative_to(backups.folder.resolve())
    assert [p.name for p in tmp_path.iterdir()] == ["backups"]


def test_safe_names_keep_safe_names_and_never_collide() -> None:
    assert safe_name("rtr-01") == "rtr-01" and safe_name("core_1") == "core_1"
    assert safe_name("../../x").startswith("x-") and "/" not in safe_name("../../x")
    assert safe_name("a/b") != safe_name("a_b") and safe_name("a/b") != safe_name("a:b")


# --- the command line ---------------------------------------------------------------------------------

def cli(args: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    from netassess.cli import main

    monkeypatch.chdir(REPO)
    monkeypatch.setattr("sys.argv", ["netassess", *args])
    monkeypatch.setenv("COLUMNS", "250")
    monkeypatch.setenv("NETASSESS_USERNAME", "assessor")
    monkeypatch.setenv("NETASSESS_PASSWORD", "not-used")
    try:
        main()
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    return code, capsys.readouterr().err


def test_without_a_terminal_and_without_yes_the_push_refuses_in_one_line_exit_2(fakes, capsys, monkeypatch) -> None:
    devices, _ = fakes
    code, err = cli(["push", "s2-ospf-triangle", "--stage", "solution", "-i", "inventories/rack-example"], capsys,
                    monkeypatch)
    assert code == 2 and err.count("\n") == 1 and "stdin is not a terminal" in err and "--yes" in err
    assert devices == {}


def test_yes_on_a_rack_not_opted_in_is_refused_in_one_line_exit_2(fakes, capsys, monkeypatch) -> None:
    devices, _ = fakes
    code, err = cli(["push", "s2-ospf-triangle", "--stage", "solution", "-i", "inventories/rack-example", "--yes",
                     "--backup-dir", "/nonexistent/never-written"], capsys, monkeypatch)
    assert code == 2 and err.count("\n") == 1 and "data.netassess.push: allowed" in err
    assert devices == {}


def test_push_timeout_reaches_every_napalm_session(monkeypatch, capsys) -> None:
    seen: dict[str, Any] = {}

    def stop(loaded, stage, nornir, **_: Any):  # type: ignore[no-untyped-def]
        seen.update({h: nornir.inventory.hosts[h].get_connection_parameters("napalm").extras["timeout"]
                     for h in nornir.inventory.hosts})
        raise UsageError("stop here")

    monkeypatch.setattr("netassess.push.push_stage", stop)
    code, _ = cli(["push", "s2-ospf-triangle", "--stage", "setup", "-i", "inventories/rack-example", "--yes",
                   "--timeout", "3"], capsys, monkeypatch)
    assert code == 2 and seen and set(seen.values()) == {3}


@pytest.fixture
def silent_ssh() -> Any:
    """A loopback TCP port that accepts and never says a word (an SSH server that hangs)."""
    server = socket.create_server(("127.0.0.1", 0))
    accepted: list[socket.socket] = []
    server.settimeout(0.2)
    stop = False

    def serve() -> None:
        while not stop:
            try:
                accepted.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop = True
    thread.join(timeout=5)
    for conn in accepted:
        conn.close()
    server.close()


@pytest.mark.parametrize("mode", ["--dry-run", "--yes"])
def test_a_silent_device_fails_after_the_push_timeout_with_exit_4(silent_ssh: int, tmp_path: Path, capsys,
                                                                   monkeypatch, mode: str) -> None:
    hosts = {n: {"hostname": "127.0.0.1", "port": silent_ssh, "platform": "frr", "data": LAB} for n in ("r1", "r2", "r3")}
    (tmp_path / "hosts.yaml").write_text(yaml.safe_dump(hosts))
    code, err = cli(["push", str(S2), "--stage", "setup", "-i", str(tmp_path), "--timeout", "1", mode,
                     "--backup-dir", str(tmp_path / "backups")], capsys, monkeypatch)
    assert code == 4 and "timed out after 1s" in err and "nothing was changed on any device" in err
