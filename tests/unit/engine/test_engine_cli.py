"""``netassess run`` / ``check`` / ``score`` end to end against the fake device farm."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from engine_fakes import FakeDevices, write_inventory
from engine_project import cli, default_checks, write_project


def _farm(devices: FakeDevices, *, r3_down: bool = False, banner: str = "Authorised access only") -> None:
    devices.add("r1", values={"interfaces": {"eth1": True}}, commands={"show banner": banner})
    devices.add("r2", values={"interfaces": {"eth1": True, "eth2": True}})
    devices.add("r3", values={"interfaces": {"eth1": True}}, unreachable=r3_down)


def _inv(tmp_path: Path) -> Path:
    return write_inventory(tmp_path / "inv", {n: {"hostname": n} for n in ("r1", "r2", "r3")})


def _results(out: Path) -> dict:
    return json.loads((out / "results.json").read_text())


def test_run_all_pass_exits_0_and_writes_results_and_snapshot(tmp_path: Path, devices: FakeDevices,
                                                            monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    _farm(devices)
    task = write_project(tmp_path / "proj")
    out = tmp_path / "out"
    assert cli(monkeypatch, "run", task, "-i", _inv(tmp_path), "-o", out, "--candidate", "c-42") == 0
    res = _results(out)
    assert res["complete"] is True and res["score"]["grade"] == "distinction" and res["candidate"] == "c-42"
    assert {(r["check_id"], r["target"]) for r in res["results"]} == {
        ("eth1-up", "r1"), ("eth1-up", "r2"), ("eth1-up", "r3"), ("banner", "r1"), ("links", "r1:eth1--r2:eth1")}
    assert res["score"]["possible"] == 8
    assert (out / "snapshot.json").exists()
    shown = capsys.readouterr().out
    assert "[eth1-up]" in shown and "PASS" in shown and "eth1 up (eth1 is True)" in shown and "grade DISTINCTION" in shown
    assert dict(devices.opens) == {"r1": 1, "r2": 1, "r3": 1} and devices.writes == []


def test_unreachable_router_yields_error_and_exit_3_while_others_are_scored(
        tmp_path: Path, devices: FakeDevices, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    _farm(devices, r3_down=True)
    out = tmp_path / "out"
    assert cli(monkeypatch, "run", write_project(tmp_path / "proj"), "-i", _inv(tmp_path), "-o", out) == 3
    res = _results(out)
    status = {(r["check_id"], r["target"]): r["status"] for r in res["results"]}
    assert status[("eth1-up", "r3")] == "error" and status[("eth1-up", "r1")] == "pass"
    assert res["complete"] is False and res["devices"]["r3"]["error"].startswith("unreachable")
    assert "INCOMPLETE" in capsys.readouterr().out


def test_below_pass_mark_exits_1_and_check_mode_shows_hints(tmp_path: Path, devices: FakeDevices,
                                                            monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    _farm(devices, banner="nothing")
    devices.state["r1"]["values"]["interfaces"]["eth1"] = False
    devices.state["r2"]["values"]["interfaces"]["eth1"] = False
    task = write_project(tmp_path / "proj")
    assert cli(monkeypatch, "run", task, "-i", _inv(tmp_path), "-o", tmp_path / "a") == 1
    assert "hint:" not in capsys.readouterr().out
    assert cli(monkeypatch, "check", task, "-i", _inv(tmp_path), "-o", tmp_path / "b") == 1
    shown = capsys.readouterr().out
    assert "hint: no shutdown on eth1" in shown
    assert _results(tmp_path / "b")["mode"] == "practice"


def test_rescoring_a_saved_snapshot_gives_identical_results(tmp_path: Path, devices: FakeDevices,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    _farm(devices, r3_down=True, banner="nope")
    task = write_project(tmp_path / "proj")
    assert cli(monkeypatch, "run", task, "-i", _inv(tmp_path), "-o", tmp_path / "run") == 3
    devices.state.clear()  # nothing to talk to: score must not need a device
    assert cli(monkeypatch, "score", tmp_path / "run" / "snapshot.json", task, "-o", tmp_path / "again") == 3
    first, again = _results(tmp_path / "run"), _results(tmp_path / "again")
    strip = lambda rs: [{k: v for k, v in r.items() if k not in ("started", "finished")} for r in rs]  # noqa: E731
    assert strip(again["results"]) == strip(first["results"])
    assert again["score"] == first["score"] and again["skills"] == first["skills"] and again["mode"] == "rescore"


def test_role_map_override_points_a_role_at_another_device(tmp_path: Path, devices: FakeDevices,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    _farm(devices)
    devices.state["r2"]["commands"] = {"show banner": "Authorised"}
    out = tmp_path / "out"
    cli(monkeypatch, "run", write_project(tmp_path / "proj"), "-i", _inv(tmp_path), "-o", out, "--map", "edge=r2")
    assert [r["target"] for r in _results(out)["results"] if r["check_id"] == "banner"] == ["r2"]


def test_usage_errors_exit_2(tmp_path: Path, devices: FakeDevices, monkeypatch: pytest.MonkeyPatch) -> None:
    task = write_project(tmp_path / "proj")
    assert cli(monkeypatch, "run", task) == 2  # no inventory source
    assert cli(monkeypatch, "run", task, "-i", _inv(tmp_path), "--format", "pdf") == 2
    assert cli(monkeypatch, "run", tmp_path / "missing.yaml", "-i", _inv(tmp_path)) == 2
    bad = write_project(tmp_path / "bad", checks=[{**default_checks()[0], "targets": ["nosuchrole"]}])
    assert cli(monkeypatch, "run", bad, "-i", _inv(tmp_path)) == 2
    assert cli(monkeypatch, "score", tmp_path / "nosnap.json", task) == 2


def test_score_refuses_a_snapshot_of_another_task(tmp_path: Path, devices: FakeDevices,
                                                  monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    import yaml

    _farm(devices)
    task = write_project(tmp_path / "proj")
    out = tmp_path / "out"
    assert cli(monkeypatch, "run", task, "-i", _inv(tmp_path), "-o", out) == 0
    other = yaml.safe_load(task.read_text()) | {"id": "other-task"}
    task.with_name("other-task.yaml").write_text(yaml.safe_dump(other, sort_keys=False))
    capsys.readouterr()
    assert cli(monkeypatch, "score", out / "snapshot.json", task.with_name("other-task.yaml")) == 2
    assert "collected for task 'engine-test', not 'other-task'" in capsys.readouterr().err


def test_score_refuses_a_baseline_as_the_snapshot(tmp_path: Path, devices: FakeDevices,
                                                  monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    _farm(devices)
    task = write_project(tmp_path / "proj")
    assert cli(monkeypatch, "baseline", task, "-i", _inv(tmp_path), "-o", tmp_path / "base") == 0
    capsys.readouterr()
    assert cli(monkeypatch, "score", tmp_path / "base" / "baseline.json", task) == 2
    assert "this is a baseline" in capsys.readouterr().err


@pytest.mark.parametrize("text", ["{}", "[]", "not json", '{"schema_version": "1.0"}'])
def test_score_on_a_file_that_is_not_a_snapshot_exits_2_naming_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                   capsys, text: str) -> None:
    task = write_project(tmp_path / "proj")
    junk = tmp_path / "junk.json"
    junk.write_text(text)
    assert cli(monkeypatch, "score", junk, task) == 2
    assert f"{junk}: not a netassess snapshot" in capsys.readouterr().err


def test_cli_defaults_match_the_collectors() -> None:
    from netassess.cli import _options as assess
    from netassess.collect import inventory

    assert (assess.DEFAULT_WORKERS, assess.DEFAULT_TIMEOUT) == (inventory.DEFAULT_WORKERS, inventory.DEFAULT_TIMEOUT)
    from netassess import proof
    from netassess.cli import validate

    assert validate.LATE_SECONDS == proof.LATE_SECONDS


def test_max_wait_judges_a_converging_check_early_and_the_results_say_so(
        tmp_path: Path, devices: FakeDevices, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    _farm(devices)
    devices.state["r2"]["values"]["interfaces_sequence"] = [{"eth1": False}, {"eth1": False}, {"eth1": True}]
    checks = [{**default_checks()[0], "wait": {"timeout": 5, "interval": 0.1}}, default_checks()[1]]
    out = tmp_path / "out"
    task = write_project(tmp_path / "proj", checks=checks)
    # one fail: still above the pass mark
    assert cli(monkeypatch, "run", task, "-i", _inv(tmp_path), "-o", out, "--max-wait", "0", "-f", "table,json,md") == 0
    result = _results(out)
    eth1 = {r["target"]: r for r in result["results"] if r["check_id"] == "eth1-up"}
    assert eth1["r2"]["status"] == "fail" and eth1["r2"]["attempts"] == 1  # judged once, before it converged
    assert result["max_wait"] == 0
    table = capsys.readouterr().out
    assert "WAITS CAPPED: --max-wait 0: each check judged once" in table and "(WAITS CAPPED at 0 s)" in table
    assert "| Waits capped | **yes**" in (out / "results.md").read_text()
    assert cli(monkeypatch, "score", out / "snapshot.json", task, "-o", tmp_path / "rescored") == 0
    assert _results(tmp_path / "rescored")["max_wait"] == 0  # the snapshot carries it: re-scoring says so too
    assert cli(monkeypatch, "run", task, "-i", _inv(tmp_path), "-o", tmp_path / "again", "--max-wait", "60") == 0
    assert _results(tmp_path / "again")["max_wait"] is None  # a cap that cut no wait is not worth a warning


def test_a_waiting_check_recollects_only_its_state_from_only_the_failing_device(
        tmp_path: Path, devices: FakeDevices, monkeypatch: pytest.MonkeyPatch) -> None:
    _farm(devices)
    devices.state["r2"]["values"]["interfaces_sequence"] = [{"eth1": False}, {"eth1": False}, {"eth1": True}]
    checks = [{**default_checks()[0], "wait": {"timeout": 5, "interval": 0.1}}, default_checks()[1]]
    out = tmp_path / "out"
    assert cli(monkeypatch, "run", write_project(tmp_path / "proj", checks=checks), "-i", _inv(tmp_path), "-o", out) == 0
    eth1 = {r["target"]: r for r in _results(out)["results"] if r["check_id"] == "eth1-up"}
    assert eth1["r2"]["status"] == "pass" and eth1["r2"]["attempts"] == 3 and eth1["r1"]["attempts"] == 1
    snapshot = json.loads((out / "snapshot.json").read_text())
    assert snapshot["sessions"] == {"r1": 1, "r2": 3, "r3": 1}  # one session per device per round
    assert devices.calls[("r2", "get_interfaces")] == 3 and devices.calls[("r2", "get_facts")] == 1
    assert devices.calls[("r1", "cli")] == 1  # the banner command (no wait) was never fetched again


def test_baseline_is_captured_then_compared_and_travels_with_the_snapshot(
        tmp_path: Path, devices: FakeDevices, monkeypatch: pytest.MonkeyPatch) -> None:
    _farm(devices)
    task = write_project(tmp_path / "proj", checks=[{"id": "unchanged", "type": "engine_fake_unchanged", "targets": ["all"]}],
                         skills=["S7", "S2"], scoring={"pass_mark": 90})
    assert cli(monkeypatch, "baseline", task, "-i", _inv(tmp_path), "-o", tmp_path / "base") == 0
    assert (tmp_path / "base" / "baseline.json").exists()
    devices.state["r2"]["values"]["interfaces"] = {"eth1": False}  # the "change"
    out = tmp_path / "out"
    assert cli(monkeypatch, "run", task, "-i", _inv(tmp_path), "-o", out, "--baseline", tmp_path / "base" / "baseline.json") == 1
    status = {r["target"]: r["status"] for r in _results(out)["results"]}
    assert status == {"r1": "pass", "r2": "fail", "r3": "pass"}
    assert (out / "baseline.json").exists()
    assert cli(monkeypatch, "score", out / "snapshot.json", task, "-o", tmp_path / "again") == 1  # finds baseline.json itself
    assert {r["target"]: r["status"] for r in _results(tmp_path / "again")["results"]} == status
    assert cli(monkeypatch, "run", task, "-i", _inv(tmp_path), "-o", tmp_path / "nobase") == 3  # no baseline: error, not fail


def test_a_rack_whose_devices_play_topology_nodes_is_assessed_in_its_own_names(
        tmp_path: Path, devices: FakeDevices, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("rtr-01", "rtr-02", "rtr-03"):
        devices.add(name, values={"interfaces": {"Gi0/0": True, "Gi0/1": True}}, commands={"show banner": "Authorised"})
    hosts = {name: {"hostname": name, "data": {"node": node, "interface_map": {"eth1": "Gi0/0", "eth2": "Gi0/1"}}}
             for name, node in (("rtr-01", "r1"), ("rtr-02", "r2"), ("rtr-03", "r3"))}
    inv = write_inventory(tmp_path / "rack", hosts)
    checks = [{"id": "r1-only", "type": "engine_fake_value", "targets": ["r1"], "args": {"key": "Gi0/0", "expect": True}},
              default_checks()[1], default_checks()[2]]
    out = tmp_path / "out"
    assert cli(monkeypatch, "run", write_project(tmp_path / "proj", checks=checks), "-i", inv, "-o", out) == 0
    targets = {(r["check_id"], r["target"]) for r in _results(out)["results"]}
    assert targets == {("r1-only", "rtr-01"), ("banner", "rtr-01"), ("links", "rtr-01:Gi0/0--rtr-02:Gi0/0")}
    assert cli(monkeypatch, "score", out / "snapshot.json", tmp_path / "proj" / "tasks" / "engine-test.yaml",
               "-o", tmp_path / "again") == 0
    assert {(r["check_id"], r["target"]) for r in _results(tmp_path / "again")["results"]} == targets


def test_reports_get_the_baseline_configs_as_before_and_the_snapshot_as_after(
        tmp_path: Path, devices: FakeDevices, monkeypatch: pytest.MonkeyPatch) -> None:
    from netassess.assessment import rescore
    from netassess.snapshot import Snapshot
    from netassess.spec.loader import load_task

    _farm(devices)
    task = write_project(tmp_path / "proj", checks=[{"id": "unchanged", "type": "engine_fake_unchanged"}], skills=["S7", "S2"])
    cli(monkeypatch, "baseline", task, "-i", _inv(tmp_path), "-o", tmp_path / "base")
    devices.state["r1"]["config"] = "hostname r1\ninterface eth9\n"
    cli(monkeypatch, "run", task, "-i", _inv(tmp_path), "-o", tmp_path / "out", "--baseline", tmp_path / "base" / "baseline.json")
    snap_path = tmp_path / "out" / "snapshot.json"
    ctx = rescore(load_task(task), Snapshot.load(snap_path), snap_path).report_context()
    assert ctx.configs_before["r1"].startswith("hostname r1\nusername admin")
    from netassess.report.outcomes import final_configs

    assert final_configs(ctx)["r1"] == "hostname r1\ninterface eth9\n"


def test_a_secret_task_parameter_reaches_no_output_file(tmp_path: Path, devices: FakeDevices,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    import yaml

    _farm(devices)
    task = write_project(tmp_path / "proj")
    data = yaml.safe_load(task.read_text())
    data["parameters"] = {"ospf_key": {"type": "str", "default": "lab-key"}}
    task.write_text(yaml.safe_dump(data, sort_keys=False))
    out, evidence = tmp_path / "out", tmp_path / "evidence"
    assert cli(monkeypatch, "run", task, "-i", _inv(tmp_path), "-o", out, "--param", "ospf_key=RealRackKey99",
               "--format", "json,junit,md,html", "--evidence", evidence) == 0
    files = [p for p in [*out.rglob("*"), *evidence.rglob("*")] if p.is_file()]
    assert files and [p for p in files if b"RealRackKey99" in p.read_bytes()] == []
    assert cli(monkeypatch, "score", out / "snapshot.json", task, "-o", tmp_path / "re") == 0


def test_interface_names_in_check_arguments_become_each_rack_devices_own(
        tmp_path: Path, devices: FakeDevices, monkeypatch: pytest.MonkeyPatch) -> None:
    def port(up: bool, enabled: bool) -> dict[str, object]:
        return {"is_up": up, "is_enabled": enabled, "description": "", "last_flapped": -1.0, "speed": 0.0,
                "mtu": 1500, "mac_address": ""}

    for name in ("rtr-01", "rtr-02", "rtr-03"):
        devices.add(name, values={"interfaces": {"Gi0/0": port(True, True), "Gi0/1": port(False, False)}})
    hosts = {name: {"hostname": name, "data": {"node": node, "interface_map": {"eth1": "Gi0/0", "eth2": "Gi0/1"}}}
             for name, node in (("rtr-01", "r1"), ("rtr-02", "r2"), ("rtr-03", "r3"))}
    checks = [{"id": "ports", "type": "interface_up", "targets": ["r1"], "args": {"interfaces": ["eth1", "eth2"]}}]
    out = tmp_path / "out"
    assert cli(monkeypatch, "run", write_project(tmp_path / "proj", checks=checks), "-i",
               write_inventory(tmp_path / "rack", hosts), "-o", out) == 1
    [result] = _results(out)["results"]
    assert result["target"] == "rtr-01" and result["points_awarded"] == 0.5 * result["points_possible"]
    assert "Gi0/1: expected up, found admin_down" in result["message"]  # the device's names, not eth2
    assert cli(monkeypatch, "score", out / "snapshot.json", tmp_path / "proj" / "tasks" / "engine-test.yaml",
               "-o", tmp_path / "again") == 1  # re-scoring offline renames the same way
    assert _results(tmp_path / "again")["results"][0]["message"] == result["message"]


def test_run_signs_the_evidence_with_an_encrypted_key_and_it_verifies_with_the_public_key(
        tmp_path: Path, devices: FakeDevices, monkeypatch: pytest.MonkeyPatch) -> None:
    from netassess.evidence.keys import generate

    _farm(devices)
    monkeypatch.setenv("NETASSESS_KEY_PASSPHRASE", "centre passphrase")
    generate(tmp_path / "centre.pem", tmp_path / "centre.pub.pem", encrypt=True)
    evidence = tmp_path / "evidence"
    assert cli(monkeypatch, "run", write_project(tmp_path / "proj"), "-i", _inv(tmp_path), "-o", tmp_path / "out",
               "--evidence", evidence, "--sign-key", tmp_path / "centre.pem") == 0
    monkeypatch.delenv("NETASSESS_KEY_PASSPHRASE")
    assert cli(monkeypatch, "report", "verify", evidence, "--require-signed", "--key", tmp_path / "centre.pub.pem") == 0


def test_run_with_evidence_refuses_a_bad_key_or_the_old_hmac_variable_before_collecting(
        tmp_path: Path, devices: FakeDevices, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    from netassess.evidence.keys import generate

    _farm(devices)
    task, inv = write_project(tmp_path / "proj"), _inv(tmp_path)
    monkeypatch.setenv("NETASSESS_KEY_PASSPHRASE", "right")
    generate(tmp_path / "centre.pem", tmp_path / "centre.pub.pem", encrypt=True)
    monkeypatch.setenv("NETASSESS_KEY_PASSPHRASE", "wrong")
    assert cli(monkeypatch, "run", task, "-i", inv, "-o", tmp_path / "out", "--evidence", tmp_path / "ev",
               "--sign-key", tmp_path / "centre.pem") == 2
    assert "wrong passphrase" in capsys.readouterr().err and not (tmp_path / "out").exists()
    monkeypatch.setenv("NETASSESS_SIGNING_KEY", "old-shared-secret")
    assert cli(monkeypatch, "run", task, "-i", inv, "-o", tmp_path / "out", "--evidence", tmp_path / "ev") == 2
    err = capsys.readouterr().err
    assert "NETASSESS_SIGNING_KEY (a shared HMAC key) is no longer used" in err and "old-shared-secret" not in err
    assert not (tmp_path / "out").exists()
