"""netassess push without devices: which device plays which node, what it is sent, and the
all-or-nothing commit (with NAPALM drivers replaced by recording fakes at the one seam, ``_conn``)."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from napalm.base.exceptions import ConnectionException, MergeConfigException
from nornir.core import Nornir
from nornir.plugins.runners import SerialRunner
from push_fakes import fakes, hub_spoke_lab, nornir_for, triangle_lab  # noqa: F401 - fakes is a fixture

from netassess.collect.assign import assign_nodes
from netassess.collect.inventory import load_simple_inventory
from netassess.collect.roles import build_role_map
from netassess.errors import ExitCode, UsageError
from netassess.push import PushFailed, assume_yes, plan_push, push_stage
from netassess.spec.loader import load_task

REPO = Path(__file__).resolve().parents[3]
S2 = REPO / "tasks/s2-ospf-triangle.yaml"
S4 = REPO / "tasks/s4-harden-hub-spoke.yaml"


def rack() -> Nornir:
    return Nornir(inventory=load_simple_inventory(REPO / "inventories/rack-example"), runner=SerialRunner())


# --- who plays which node, and what they are sent ------------------------------------------------

def test_rack_devices_play_their_data_node_with_their_own_names_and_interfaces() -> None:
    loaded = load_task(S2)
    plans = plan_push(loaded, "solution", rack())
    assert [(p.host, p.node, p.platform, p.mode) for p in plans] == [
        ("rtr-01", "r1", "ios", "merge"), ("rtr-02", "r2", "ios", "merge"), ("rtr-03", "r3", "ios", "merge"),
    ]  # the switch plays no node: never configured
    config = plans[0].config or ""
    assert "hostname rtr-01\n" in config
    assert "interface GigabitEthernet0/0/0\n description to r2\n ip address 10.0.12.1 255.255.255.252" in config
    assert "passive-interface Loopback0" in config


def test_stage_mode_is_per_platform_replace_on_frr_merge_on_ios() -> None:
    loaded = load_task(S2)
    assert {p.mode for p in plan_push(loaded, "setup", triangle_lab())} == {"replace"}
    assert {p.mode for p in plan_push(loaded, "setup", rack())} == {"merge"}


def test_map_role_pairs_devices_with_the_role_nodes_in_order() -> None:
    loaded = load_task(S2)
    nr = nornir_for({n: {"hostname": "x", "platform": "ios"} for n in ("a", "b", "c")})
    assert assign_nodes(loaded, nr.inventory, {"core": ["c", "b", "a"]}) == {"r1": "c", "r2": "b", "r3": "a"}
    assert assign_nodes(loaded, nr.inventory, {"r2": ["a"]}) == {"r2": "a"}


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        ({"core": ["a", "b"]}, "role core has 3 node(s) (r1, r2, r3); give 3 device(s)"),
        ({"edge": ["a"]}, "'edge' is neither a role nor a node of task s2-ospf-triangle"),
        ({"r1": ["zz"]}, "'zz' is not in the inventory"),
        ({"r1": ["b"], "core": ["a", "b", "c"]}, "node r1 is already played by b"),
        ({"r1": ["a"], "r2": ["a"]}, "a already plays node r1; one device plays one node"),
    ],
)
def test_bad_maps_are_usage_errors_that_say_what_to_fix(mapping: dict, message: str) -> None:
    loaded = load_task(S2)
    nr = nornir_for({n: {"hostname": "x", "platform": "ios"} for n in ("a", "b", "c")})
    with pytest.raises(UsageError, match=message.replace("(", r"\(").replace(")", r"\)")):
        assign_nodes(loaded, nr.inventory, mapping)


def test_a_router_no_device_plays_is_a_usage_error_naming_the_fix() -> None:
    loaded = load_task(S2)
    nr = nornir_for({"r1": {"hostname": "x", "platform": "frr"}})
    with pytest.raises(UsageError, match=r"no device plays r2, r3 .* add --map r2=<device>"):
        plan_push(loaded, "setup", nr)


def test_linux_hosts_have_no_stage_template_and_are_skipped_with_the_reason() -> None:
    loaded = load_task(S4)
    plans = plan_push(loaded, "setup", hub_spoke_lab())
    assert [p.host for p in plans] == ["hub", "spoke1", "spoke2"]  # stage targets: hub, spoke roles
    nr = hub_spoke_lab()
    nr.inventory.hosts["spoke2"].platform = "junos"
    skipped = {p.host: p.skip for p in plan_push(loaded, "setup", nr)}
    assert skipped["spoke2"] == "stage setup has no junos template" and skipped["hub"] is None


def test_engine_role_map_resolves_topology_nodes_through_data_node() -> None:
    role_map = build_role_map(rack().inventory, load_task(S2).task.roles)
    assert role_map.resolve(["r2"], "test") == ["rtr-02"]
    assert role_map.resolve(["core"], "test") == ["rtr-01", "rtr-02", "rtr-03"]


# --- the all-or-nothing push ------------------------------------------------------------------------

def test_push_backs_up_privately_masks_secrets_and_commits_every_device(fakes, tmp_path: Path) -> None:
    devices, _ = fakes
    result = push_stage(load_task(S4), "solution", hub_spoke_lab(), confirm=assume_yes, backup_root=tmp_path)
    assert result.changed == ["hub", "spoke1", "spoke2"]
    for name, device in devices.items():
        assert device.calls == ["get_config", "load_merge", "compare", "commit"], name
    hub = next(d for d in result.devices if d.host == "hub")
    assert "md5 <removed>" in hub.diff and "lab-ospf-key" not in hub.diff
    assert hub.backup is not None and hub.backup.read_text() == "hostname hub\npassword plain-secret\n"
    assert stat.S_IMODE(hub.backup.stat().st_mode) == 0o600 and stat.S_IMODE(hub.backup.parent.stat().st_mode) == 0o700
    assert hub.backup_sanitised is not None and "plain-secret" not in hub.backup_sanitised.read_text()


def test_a_refused_commit_rolls_back_the_committed_devices_and_exits_5(fakes, tmp_path: Path) -> None:
    devices, failures = fakes
    failures["r3"] = {"commit": MergeConfigException("r3: FRR refused ' ip address 224.0.0.5/24': % Invalid address")}
    with pytest.raises(PushFailed) as info:
        push_stage(load_task(S2), "solution", triangle_lab(), confirm=assume_yes, backup_root=tmp_path)
    assert info.value.exit_code == ExitCode.DEVICE
    assert str(info.value) == (
        "r3: r3: FRR refused ' ip address 224.0.0.5/24': % Invalid address; rolled back r1, r2"
    )
    assert devices["r1"].calls[-1] == "rollback" and devices["r2"].calls[-1] == "rollback"
    assert "rollback" not in devices["r3"].calls  # the refusing device restores itself (NAPALM contract)


def test_a_candidate_refused_at_load_changes_nothing_anywhere(fakes, tmp_path: Path) -> None:
    devices, failures = fakes
    failures["r2"] = {"load_merge": MergeConfigException("r2: FRR does not accept candidate line 'bogus'")}
    with pytest.raises(PushFailed, match="^r2: .*bogus.*; nothing was changed on any device$") as info:
        push_stage(load_task(S2), "solution", triangle_lab(), confirm=assume_yes, backup_root=tmp_path)
    assert info.value.exit_code == ExitCode.DEVICE
    assert not any("commit" in d.calls for d in devices.values())
    assert devices["r1"].calls[-1] == "discard" and devices["r3"].calls[-1] == "discard"


def test_an_unreachable_device_is_an_environment_error_exit_4(fakes, tmp_path: Path) -> None:
    devices, failures = fakes
    failures["r1"] = {"get_config": ConnectionException("r1: connection refused")}
    with pytest.raises(PushFailed) as info:
        push_stage(load_task(S2), "solution", triangle_lab(), confirm=assume_yes, backup_root=tmp_path)
    assert info.value.exit_code == ExitCode.ENVIRONMENT
    assert not any("commit" in d.calls for d in devices.values())


def test_dry_run_commits_nothing_and_writes_no_backup(fakes, tmp_path: Path) -> None:
    devices, _ = fakes
    result = push_stage(load_task(S2), "setup", triangle_lab(), dry_run=True, confirm=assume_yes, backup_root=tmp_path)
    assert result.changed == [] and all(d.changes for d in result.devices)
    assert all(d.calls == ["load_replace", "compare", "discard"] for d in devices.values())
    assert list(tmp_path.iterdir()) == []


def test_a_device_already_in_the_target_state_is_not_committed(fakes, tmp_path: Path) -> None:
    devices, failures = fakes
    failures["r2"] = {"nodiff": RuntimeError()}
    result = push_stage(load_task(S2), "solution", triangle_lab(), confirm=assume_yes, backup_root=tmp_path)
    assert result.changed == ["r1", "r3"] and devices["r2"].calls[-1] == "discard"


def test_a_secret_parameter_is_masked_in_push_diffs_and_in_a_refusal_that_quotes_it(fakes, tmp_path: Path) -> None:
    devices, failures = fakes
    loaded = load_task(S4, {"ospf_key": "Rack7Key"})
    loaded.task.parameters["ospf_key"] = loaded.task.parameters["ospf_key"].model_copy(update={"type": "secret"})
    result = push_stage(loaded, "solution", hub_spoke_lab(), dry_run=True, backup_root=tmp_path, confirm=assume_yes)
    assert "Rack7Key" in devices["hub"].candidate  # the template used it…
    assert all("Rack7Key" not in d.diff for d in result.devices)  # …no diff shows it
    devices.clear()
    failures["spoke1"] = {"load_merge": MergeConfigException("spoke1: refused 'description Rack7Key link'")}
    with pytest.raises(PushFailed) as info:
        push_stage(loaded, "solution", hub_spoke_lab(), backup_root=tmp_path, confirm=assume_yes)
    assert "Rack7Key" not in str(info.value) and "<removed>" in str(info.value)
    assert all("Rack7Key" not in (d.error or "") for d in info.value.result.devices)
