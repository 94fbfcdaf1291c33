"""The cross-issue contracts: registries, request keys, verdicts, result models."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest

from netassess.checks.base import StateUnavailable, StateView, Verdict
from netassess.errors import ExitCode, SpecError, UsageError
from netassess.registry import Registry
from netassess.results import CheckResult, RunResult, Score, Status, TaskRef
from netassess.snapshot import Snapshot, StateEntry, StateRequest


def test_request_keys_are_stable_and_sorted_by_argument_name() -> None:
    a = StateRequest.getter("get_route_to", protocol="ospf", destination="10.0.0.0/24")
    b = StateRequest.getter("get_route_to", destination="10.0.0.0/24", protocol="ospf")
    assert a == b
    assert a.key == "getter:get_route_to?destination=10.0.0.0/24&protocol=ospf"
    assert StateRequest.cmd("show ip ospf neighbor json").key == "cmd:show ip ospf neighbor json"
    assert StateRequest.getter("get_facts").key == "getter:get_facts"


def test_registry_rejects_unknown_names_with_the_known_ones_listed() -> None:
    reg: Registry[int] = Registry("widgets")
    reg.add("alpha", 1)
    with pytest.raises(UsageError, match="unknown widgets 'beta'; known: alpha"):
        reg.get("beta")


def test_registry_refuses_two_plugins_under_one_name() -> None:
    reg: Registry[int] = Registry("widgets")
    reg.add("alpha", 1)
    with pytest.raises(ValueError, match="registered twice"):
        reg.add("alpha", 2)


def test_registry_imports_only_the_module_locate_names_for_a_known_name(monkeypatch: pytest.MonkeyPatch) -> None:
    imported: list[str] = []
    reg: Registry[int] = Registry("widgets", "netassess.nowhere", locate=lambda name: {"alpha": "pkg.alpha"}.get(name))
    monkeypatch.setattr("netassess.registry.importlib.import_module", lambda name: imported.append(name) or reg.add("alpha", 1))
    assert reg.get("alpha") == 1 and "alpha" in reg
    assert imported == ["pkg.alpha"] and not reg._loaded  # no full load, no entry points read


def test_registry_loads_everything_for_a_name_locate_does_not_place() -> None:
    reg: Registry[int] = Registry("widgets", locate=lambda name: None)
    reg.add("alpha", 1)
    assert "beta" not in reg and reg._loaded
    with pytest.raises(UsageError, match="known: alpha"):
        reg.get("beta")


def test_threads_asking_a_registry_while_it_loads_wait_and_all_find_the_plugin(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pkg = tmp_path / "slowplugins"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "a_first.py").write_text("import time\ntime.sleep(0.3)\n")  # the loader is still importing …
    (pkg / "b_widget.py").write_text("from regtest_shared import REG\nREG.add('json', 1)\n")  # … when others ask
    (tmp_path / "regtest_shared.py").write_text("from netassess.registry import Registry\nREG = Registry('widgets', 'slowplugins')\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    from regtest_shared import REG  # type: ignore[import-not-found]

    found: list[object] = []
    errors: list[BaseException] = []

    def ask() -> None:
        try:
            found.append(REG.get("json"))
        except BaseException as exc:  # noqa: BLE001 - collected for the assertion
            errors.append(exc)

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and found == [1] * 8


def test_error_verdict_never_earns_points() -> None:
    assert Verdict(Status.ERROR, "unreachable", fraction=1.0).fraction == 0.0
    assert Verdict.ok("fine").fraction == 1.0
    assert Verdict.fail("half", fraction=0.5).fraction == 0.5
    with pytest.raises(ValueError):
        Verdict.fail("too much", fraction=1.5)


def test_a_fail_verdict_never_earns_full_points() -> None:
    with pytest.raises(ValueError, match="fail cannot earn full points"):
        Verdict.fail("wrong but generous", fraction=1.0)


def test_state_view_turns_missing_errored_and_unreachable_state_into_state_unavailable() -> None:
    snap = Snapshot(device_errors={"r3": "connection refused"})
    req = StateRequest.getter("get_facts")
    snap.put("r1", req, StateEntry(data={"hostname": "r1"}))
    snap.put("r2", req, StateEntry(error="timed out", error_kind="timeout"))
    view = StateView(snap)
    assert view.get("r1", req) == {"hostname": "r1"}
    with pytest.raises(StateUnavailable) as exc:
        view.get("r2", req)
    assert exc.value.kind == "timeout"
    with pytest.raises(StateUnavailable) as exc:
        view.get("r3", req)
    assert exc.value.kind == "unreachable"
    with pytest.raises(StateUnavailable, match="not collected"):
        view.get("r1", StateRequest.getter("get_interfaces"))
    assert view.used == ["r1/getter:get_facts", "r2/getter:get_facts"]


def test_snapshot_round_trips_through_json(tmp_path) -> None:
    snap = Snapshot(platforms={"r1": "frr"})
    snap.put("r1", StateRequest.cmd("show version"), StateEntry(data="FRRouting 8.4.4"))
    path = tmp_path / "snap.json"
    snap.save(path)
    assert Snapshot.load(path) == snap


def test_run_result_forbids_unknown_fields_so_typos_in_results_files_are_caught() -> None:
    t = datetime(2026, 1, 1, tzinfo=UTC)
    base = dict(
        task=TaskRef(id="t", version="1", sha256="0" * 64),
        started=t,
        finished=t,
        score=Score(awarded=0, possible=0, percent=0, grade="fail", pass_mark=60),
        complete=True,
    )
    RunResult(**base)
    with pytest.raises(ValueError):
        RunResult(**base, grade="pass")
    r = CheckResult(check_id="c", type="hostname", target="r1", status="pass", started=t, finished=t)
    assert r.status is Status.PASS


def test_exit_codes_are_the_documented_ones() -> None:
    assert [int(c) for c in ExitCode] == [0, 1, 2, 3, 4, 5, 130]  # 130: Ctrl-C or SIGTERM (docs/exit-codes.md)
    assert SpecError("x").exit_code == ExitCode.USAGE
