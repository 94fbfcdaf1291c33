"""The task catalogue: four tasks or more per assessed skill, most of them generated per candidate,
and every candidate's instance valid, equally hard and renderable for IOS and FRR."""

from __future__ import annotations

import ipaddress
import os
from collections import Counter
from functools import cache
from pathlib import Path

import pytest
from ios_render import IOS_IFNAME, TASKS, parse

from netassess.spec.loader import analyse_task, load_task
from netassess.spec.points import points_summary
from netassess.spec.stages import render_stage, stage_nodes

SHIPPED = sorted(TASKS.glob("*.yaml"))
GENERATED = [p for p in SHIPPED if any(param.generate for param in load_task(p).task.parameters.values())]

CANDIDATES = [f"apprentice-{n:03d}" for n in range(5)]
NETWORKS = (ipaddress.IPv4Network, ipaddress.IPv6Network)
COHORT = "catalogue-test-cohort-secret"


@cache
def analysed(path: Path, candidate: str | None):  # type: ignore[no-untyped-def]
    """Loading renders every template: each instance once for the whole module."""
    saved = os.environ.get("NETASSESS_COHORT_SECRET")
    os.environ["NETASSESS_COHORT_SECRET"] = COHORT
    try:
        return analyse_task(path, candidate=candidate)
    finally:
        if saved is None:
            del os.environ["NETASSESS_COHORT_SECRET"]
        else:
            os.environ["NETASSESS_COHORT_SECRET"] = saved


def instance(path: Path, candidate: str | None = None):  # type: ignore[no-untyped-def]
    loaded = analysed(path, candidate).loaded
    assert loaded is not None, [str(p) for p in analysed(path, candidate).problems]
    return loaded


def test_every_assessed_skill_has_four_tasks_or_more() -> None:
    primary = Counter(instance(p).task.skills[0] for p in SHIPPED)
    assert all(primary[skill] >= 4 for skill in ("S2", "S4", "S7", "S13")), primary
    assert len(SHIPPED) >= 16


def test_at_least_half_the_tasks_generate_parameters_per_candidate() -> None:
    assert len(GENERATED) * 2 >= len(SHIPPED)


@pytest.mark.parametrize("path", GENERATED, ids=lambda p: p.stem)
def test_every_candidate_instance_validates_clean(path) -> None:
    for candidate in CANDIDATES:
        problems = analysed(path, candidate).problems
        assert [str(p) for p in problems] == [], candidate


@pytest.mark.parametrize("path", GENERATED, ids=lambda p: p.stem)
def test_candidates_get_different_instances_of_equal_difficulty(path) -> None:
    default = instance(path)
    instances = [instance(path, c) for c in CANDIDATES]
    generated = [n for n, p in default.task.parameters.items() if p.generate]
    distinct = {tuple(str(i.params[n]) for n in generated) for i in instances}
    assert len(distinct) >= len(CANDIDATES) // 2, "candidates should rarely share an instance"
    for one in instances:
        assert points_summary(one) == points_summary(default)  # same checks, same marks
        assert len(one.checks) == len(default.checks)
        for name in generated:  # same shape: a block as large, a key as long, a value of the same type
            mine, base = one.params[name], default.params[name]
            assert type(mine) is type(base), name
            if isinstance(base, NETWORKS):
                assert mine.prefixlen == base.prefixlen, name
            if default.task.parameters[name].type == "secret":
                assert len(mine) == len(base) or len(mine) >= 12, name


@pytest.mark.parametrize("path", GENERATED, ids=lambda p: p.stem)
def test_generated_blocks_never_overlap_another_block_of_the_task(path) -> None:
    for candidate in CANDIDATES:
        loaded = instance(path, candidate)
        nets = {n: v for n, v in loaded.params.items() if isinstance(v, NETWORKS)}
        generated = [n for n in nets if loaded.task.parameters[n].generate]
        for name in generated:
            for other, net in nets.items():
                if other != name and net.version == nets[name].version:
                    assert not nets[name].overlaps(net), f"{candidate}: {name} {nets[name]} overlaps {other} {net}"


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_ios_stages_of_each_instance_parse_as_ios_with_ios_interface_names(path) -> None:
    for candidate in (None, *CANDIDATES[:3]):
        loaded = instance(path, candidate)
        for stage in ("setup", "solution"):
            for node in stage_nodes(loaded, stage, "ios"):
                config = parse(render_stage(loaded, stage, node, "ios") or "")
                for child in config.get_children(startswith="interface "):
                    assert IOS_IFNAME.match(child.text.split(" ", 1)[1]), f"{stage} {node}: {child.text}"


def ios_solution(task_id: str, node: str, candidate: str = "apprentice-007") -> tuple[object, str]:
    loaded = instance(TASKS / f"{task_id}.yaml", candidate)
    text = render_stage(loaded, "solution", node, "ios") or ""
    parse(text)
    return loaded, text


def test_ios_floating_static_carries_the_candidates_distance_on_the_backup_only() -> None:
    loaded, text = ios_solution("s2-floating-static-triangle", "r1")
    block = loaded.params["p2p_block"]
    primary, backup = (list(block.subnets(new_prefix=30))[i].network_address + 2 for i in (0, 1))
    assert f"ip route 0.0.0.0 0.0.0.0 {primary}\n" in text
    assert f"ip route 0.0.0.0 0.0.0.0 {backup} {loaded.params['backup_distance']}\n" in text


def test_ios_bgp_peering_solution_has_password_limit_and_inbound_filter() -> None:
    loaded, text = ios_solution("s4-bgp-secure-line", "r1")
    peer = loaded.params["link_block"].network_address + 2
    for line in (f"neighbor {peer} password {loaded.params['bgp_password']}",
                 f"neighbor {peer} maximum-prefix {loaded.params['max_prefixes']}",
                 f"neighbor {peer} prefix-list TRANSIT-IN in", "ip prefix-list TRANSIT-IN seq 5 deny 0.0.0.0/0"):
        assert line in text


def test_ios_ospf_md5_uses_the_candidates_key_id_on_every_link() -> None:
    loaded, text = ios_solution("s4-ospf-auth-triangle", "r2")
    assert text.count(f"ip ospf message-digest-key {loaded.params['key_id']} md5 ") == 2


def test_ios_cost_change_touches_only_the_direct_link() -> None:
    loaded, r1 = ios_solution("s7-ospf-cost-path", "r1")
    assert "interface GigabitEthernet0/2\n ip ospf cost" in r1 and "GigabitEthernet0/1" not in r1
    assert f"ip ospf cost {loaded.params['cost']}" in r1


def test_ios_readdress_moves_the_link_and_its_network_statement() -> None:
    loaded, r3 = ios_solution("s7-readdress-link", "r3")
    new = loaded.params["new_link"]
    assert f"ip address {new.network_address + 2} {new.netmask}" in r3
    assert f"network {new.network_address} {new.hostmask} area 0" in r3


def test_ios_multiarea_summarises_the_candidates_site_block() -> None:
    loaded, text = ios_solution("s2-ospf-multiarea-hub-spoke", "spoke2")
    site = loaded.params["site2_block"]
    assert f"area {loaded.params['area_spoke2']} range {site.network_address} {site.netmask}" in text


def test_ios_fault_fixes_restore_the_plan() -> None:
    loaded, hub = ios_solution("s13-fix-faults-hub-spoke", "hub")
    link = list(loaded.params["p2p_block"].subnets(new_prefix=30))[1]
    assert f"ip address {link.network_address + 1} 255.255.255.252" in hub
    _, spoke2 = ios_solution("s13-fix-faults-hub-spoke", "spoke2")
    assert f"no ip address {loaded.params['loopback_block'].network_address + 1} 255.255.255.255 secondary" in spoke2
