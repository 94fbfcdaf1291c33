"""Per-candidate parameters: the same inputs give the same instance, different candidates different
but equally hard ones, and a missing cohort secret is one clear error."""

from __future__ import annotations

import ipaddress
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spec_project import Project
from test_spec_cli import run_cli

from netassess.errors import SpecError, UsageError
from netassess.spec.generators import Draw, asn, choice, int_range, ipv4_block, ipv6_block, password, use_secret_file
from netassess.spec.loader import analyse_task, load_task
from netassess.spec.models import Parameter

KEY = b"cohort-2026-spring-secret"
SECRET = Parameter(type="secret")
NET = Parameter(type="ipv4_network")


def draw(candidate: str, name: str = "p", task: str = "t1", key: bytes = KEY) -> Draw:
    return Draw(task, candidate, name, key)


@pytest.fixture(autouse=True)
def cohort_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NETASSESS_COHORT_SECRET", KEY.decode())
    monkeypatch.delenv("NETASSESS_COHORT_SECRET_FILE", raising=False)
    use_secret_file(None)


def test_same_task_candidate_and_secret_always_give_the_same_value() -> None:
    args = {"pool": "10.0.0.0/8", "prefixlen": 24}
    assert ipv4_block(draw("alice"), NET, args) == ipv4_block(draw("alice"), NET, args)
    assert password(draw("alice"), SECRET, {}) == password(draw("alice"), SECRET, {})


def test_candidates_get_different_values_over_many_ids() -> None:
    args = {"pool": "10.0.0.0/8", "prefixlen": 24}
    blocks = {ipv4_block(draw(f"c{i}"), NET, args) for i in range(200)}
    assert len(blocks) >= 195  # 65536 slots: a handful of collisions at most
    assert len({asn(draw(f"c{i}"), Parameter(type="int"), {}) for i in range(200)}) >= 150
    assert len({password(draw(f"c{i}"), SECRET, {}) for i in range(200)}) == 200


def test_another_cohort_secret_or_task_gives_another_instance() -> None:
    args = {"pool": "10.0.0.0/8", "prefixlen": 24}
    mine = [ipv4_block(draw(f"c{i}"), NET, args) for i in range(20)]
    assert mine != [ipv4_block(draw(f"c{i}", key=b"another-cohort-secret!"), NET, args) for i in range(20)]
    assert mine != [ipv4_block(draw(f"c{i}", task="t2"), NET, args) for i in range(20)]


@given(candidate=st.text(min_size=1, max_size=20), prefixlen=st.integers(16, 30), picks=st.integers(2, 8))
@settings(max_examples=60, deadline=None)
def test_blocks_have_the_asked_length_inside_the_pool_and_distinct_picks_never_overlap(candidate: str, prefixlen: int,
                                                                                       picks: int) -> None:
    pool = ipaddress.ip_network("10.64.0.0/12")
    nets = [ipaddress.ip_network(ipv4_block(draw(candidate), NET, {"pool": str(pool), "prefixlen": prefixlen, "pick": k}))
            for k in range(picks)]
    assert all(net.prefixlen == prefixlen and net.subnet_of(pool) for net in nets)
    assert not any(a.overlaps(b) for i, a in enumerate(nets) for b in nets[i + 1:])


@given(candidate=st.text(min_size=1, max_size=20))
@settings(max_examples=60, deadline=None)
def test_ranges_respect_bounds_and_exclusions_and_picks_differ(candidate: str) -> None:
    args = {"min": 1, "max": 12, "exclude": [1, 2, 5]}
    values = [int_range(draw(candidate), Parameter(type="int"), {**args, "pick": k}) for k in range(9)]
    assert sorted(values) == [3, 4, 6, 7, 8, 9, 10, 11, 12]  # nine allowed values, nine picks: each once
    two = [asn(draw(candidate), Parameter(type="int"), {"pick": k}) for k in range(2)]
    assert two[0] != two[1] and all(64512 <= a <= 65534 for a in two)


def test_ipv6_block_and_choice() -> None:
    net = ipaddress.ip_network(ipv6_block(draw("bob"), Parameter(type="ipv6_network"), {"pool": "2001:db8::/32", "prefixlen": 48}))
    assert net.prefixlen == 48 and net.subnet_of(ipaddress.ip_network("2001:db8::/32"))
    assert choice(draw("bob"), Parameter(), {"options": ["a", "b", "c"]}) in {"a", "b", "c"}


def test_password_has_the_length_and_alphabet_and_needs_a_secret_parameter() -> None:
    value = password(draw("carol"), SECRET, {"length": 20})
    assert len(value) == 20 and value.isalnum()
    with pytest.raises(UsageError, match="needs type: secret"):
        password(draw("carol"), Parameter(type="str"), {})


@pytest.mark.parametrize(("generator", "args", "message"), [
    (ipv4_block, {"pool": "10.0.0.0/24", "prefixlen": 16}, "does not fit"),
    (ipv4_block, {"pool": "10.0.0.0/24", "prefixlen": 26, "pick": 4}, "holds only 4"),
    (ipv4_block, {"pool": "2001:db8::/32", "prefixlen": 48}, "is not IPv4"),
    (int_range, {"min": 5, "max": 1}, "above max"),
    (int_range, {"min": 1, "max": 2, "exclude": [1, 2]}, "every value"),
    (int_range, {"min": 1, "max": 9, "colour": 3}, "colour"),
])
def test_bad_generator_args_are_one_clear_error(generator, args, message) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UsageError, match=message):
        generator(draw("dave"), NET, args)


GENERATED = """\
  p2p:
    type: ipv4_network
    default: 10.0.0.0/24
    generate: {generator: ipv4_block, args: {pool: 10.0.0.0/8, prefixlen: 24}}
  key:
    type: secret
    default: default-key
    generate: {generator: password, args: {length: 12}}
"""


def generated_project(project: Project) -> Path:
    return project.edit_task("  p2p:\n    type: ipv4_network\n    default: 10.0.0.0/24\n", GENERATED)


def test_a_candidate_instance_feeds_brief_and_checks_and_the_default_stays_without_one(project: Project) -> None:
    path = generated_project(project)
    plain = load_task(path)
    alice = load_task(path, candidate="alice")
    assert str(plain.params["p2p"]) == "10.0.0.0/24"
    assert alice.params["p2p"] != plain.params["p2p"] and str(alice.params["p2p"]) in alice.brief
    assert len(alice.params["key"]) == 12 and alice.params_plain()["key"] == "<removed>"
    assert load_task(path, candidate="alice").params == alice.params  # the assessor reproduces it
    assert load_task(path, {"p2p": "10.9.9.0/24"}, candidate="alice").params["p2p"] == ipaddress.ip_network("10.9.9.0/24")


def test_a_candidate_without_the_cohort_secret_is_one_clear_error(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    path = generated_project(project)
    monkeypatch.delenv("NETASSESS_COHORT_SECRET")
    with pytest.raises(SpecError) as caught:
        load_task(path, candidate="alice")
    assert "needs the cohort secret" in str(caught.value) and "more problem" not in str(caught.value)
    load_task(path)  # no candidate: the defaults, no secret needed


def test_a_short_cohort_secret_is_refused(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NETASSESS_COHORT_SECRET", "short")
    with pytest.raises(SpecError, match="too short"):
        load_task(generated_project(project), candidate="alice")


def test_validate_catches_an_unknown_generator_or_bad_args_without_a_candidate(project: Project) -> None:
    path = project.edit_task("  p2p:\n    type: ipv4_network\n    default: 10.0.0.0/24\n",
                             "  p2p:\n    type: ipv4_network\n    default: 10.0.0.0/24\n"
                             "    generate: {generator: ipv4_blok, args: {pool: 10.0.0.0/8, prefixlen: 24}}\n")
    assert "unknown parameter generator 'ipv4_blok'" in str(analyse_task(path).problems[0])
    path.write_text(path.read_text().replace("ipv4_blok, args: {pool: 10.0.0.0/8, prefixlen: 24}",
                                             "ipv4_block, args: {pool: 10.0.0.0/8}"))
    assert "prefixlen" in str(analyse_task(path).problems[0])


def test_tasks_show_prints_the_candidates_own_brief_from_a_secret_file(
        project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    path = generated_project(project)
    alice = str(load_task(path, candidate="alice").params["p2p"])
    monkeypatch.delenv("NETASSESS_COHORT_SECRET")
    secret = tmp_path / "cohort.secret"
    secret.write_text(KEY.decode() + "\n")
    code, out, _ = run_cli(["tasks", "show", str(path), "--candidate", "alice", "--cohort-secret-file", str(secret)],
                           capsys, monkeypatch, tmp_path)
    assert code == 0, out
    assert "candidate: alice" in out and alice in out and "10.0.0.0/24" not in out
    code, out, err = run_cli(["tasks", "show", str(path), "--candidate", "alice"], capsys, monkeypatch, tmp_path)
    assert code == 2 and "needs the cohort secret" in out + err


def test_lab_up_stages_a_candidate_only_from_a_task_and_needs_the_secret_first(
        project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    path = generated_project(project)
    monkeypatch.setenv("NETASSESS_STATE_DIR", str(tmp_path / "state"))
    code, out, err = run_cli(["lab", "up", str(project.root / "containerlab" / "tri.clab.yml"), "--candidate", "ann"],
                             capsys, monkeypatch, tmp_path)
    assert code == 2 and "--candidate goes with a task file" in out + err
    monkeypatch.delenv("NETASSESS_COHORT_SECRET")
    code, out, err = run_cli(["lab", "up", str(path), "--candidate", "ann"], capsys, monkeypatch, tmp_path)
    assert code == 2 and "needs the cohort secret" in out + err  # refused before any lab is built
    assert not (tmp_path / "state").exists() or not any((tmp_path / "state").iterdir())
