"""Lab images: keys, the cache (list, rm, in-use refusal), which image a node's clab ``image:``
picks, the user mapping file, and the anchor script of a node on its own root filesystem."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_node_files import ACCOUNTS, router

from netassess.errors import LabError, SpecError, UsageError
from netassess.lab import image_map, images
from netassess.lab.image_map import HOSTFS, ImageCatalogue, load_catalogue, missing_images, plan_images
from netassess.lab.node_files import NodePaths, anchor_script, daemon_set, write_accounts, write_frr_dirs
from netassess.lab.rootfs import NodeRoot
from netassess.lab.topology import Node


def node(name: str, image: str | None, role: str = "router", kind: str = "linux") -> Node:
    return Node(name=name, kind=kind, role=role, platform="frr" if role == "router" else "linux",  # type: ignore[arg-type]
                image=image, mgmt_ipv4="172.30.9.11")  # type: ignore[arg-type]


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NETASSESS_IMAGE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("NETASSESS_IMAGE_MAP", raising=False)
    monkeypatch.setattr(image_map, "DEFAULT_MAP", tmp_path / "no-map.yaml")  # not the user's own file
    monkeypatch.setattr(images, "_run_mmdebstrap", _fake_build)
    return tmp_path / "cache"


BUILDS: list[str] = []
REAL_RUN = images._run_mmdebstrap


def _fake_build(spec: images.ImageSpec, target: Path, progress: object) -> None:
    """Stands in for mmdebstrap: a root with the files the lab reads (passwd, group, dpkg status)."""
    BUILDS.append(spec.name)
    (target / "etc").mkdir(parents=True)
    (target / "etc/passwd").write_text("root:x:0:0:root:/root:/bin/bash\nfrr:x:997:996::/nonexistent:/bin/sh\n")
    (target / "etc/group").write_text("root:x:0:\nfrr:x:996:\nfrrvty:x:995:frr\n")
    (target / "var/lib/dpkg").mkdir(parents=True)
    (target / "var/lib/dpkg/status").write_text("Package: frr\nStatus: install ok installed\nVersion: 10.3-3+deb13u1\n\n")
    for d in ("zebra", "staticd", "mgmtd", "ospfd", "bgpd"):
        (target / "usr/lib/frr").mkdir(parents=True, exist_ok=True)
        (target / "usr/lib/frr" / d).touch()


def test_the_key_depends_on_suite_and_package_set_not_their_order() -> None:
    a = images.ImageSpec(name="a", suite="trixie", packages=("frr", "iproute2"), role="router")
    b = images.ImageSpec(name="b", suite="trixie", packages=("iproute2", "frr", "frr"), role="router")
    c = images.ImageSpec(name="a", suite="bookworm", packages=("frr", "iproute2"), role="router")
    assert a.key == b.key != c.key


def test_a_second_build_is_free_and_the_cache_lists_what_was_built(cache: Path) -> None:
    BUILDS.clear()
    spec = images.BUILTIN_IMAGES["frr10"]
    first = images.build(spec)
    again = images.build(spec)
    assert BUILDS == ["frr10"] and first == again
    assert first.frr_version == "10.3-3+deb13u1" and Path(first.path) == cache / spec.key / "rootfs"
    assert [b.name for b in images.list_images()] == ["frr10"]
    assert not [p for p in cache.iterdir() if p.name.startswith(".build-")]  # the temp dir was renamed away


def test_a_failed_build_leaves_no_image_behind(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(spec: images.ImageSpec, target: Path, progress: object) -> None:
        target.mkdir(parents=True)
        raise LabError("building image frr10 (trixie) failed (mmdebstrap exit 1): E: network down")

    monkeypatch.setattr(images, "_run_mmdebstrap", broken)
    with pytest.raises(LabError, match="E: network down"):
        images.build(images.BUILTIN_IMAGES["frr10"])
    assert images.list_images() == [] and [p.name for p in cache.iterdir() if not p.name.endswith(".lock")] == []


def test_rm_deletes_by_name_but_refuses_an_image_a_running_lab_uses(cache: Path) -> None:
    built = images.build(images.BUILTIN_IMAGES["frr8"])
    with pytest.raises(LabError, match="running lab"):
        images.remove("frr8", in_use={built.key})
    assert images.remove("frr8")[0].key == built.key
    assert images.list_images() == []
    with pytest.raises(UsageError, match="no cached image 'frr8'"):
        images.remove("frr8")


@pytest.mark.parametrize(("image", "expected", "warns"), [
    ("quay.io/frrouting/frr:10.3.1", "frr10", False),
    ("quay.io/frrouting/frr:10.2.1", "frr10", True),
    ("quay.io/frrouting/frr:v8.4.1", "frr8", False),
    ("quay.io/frrouting/frr:9.1.0", "frr8", True),
    ("frrouting/frr", "frr10", True),  # no tag: containerlab pulls latest, an FRR 10
])
def test_frr_tags_pick_the_nearest_debian_frr_and_say_when_it_is_not_exact(image: str, expected: str, warns: bool) -> None:
    spec, warning = ImageCatalogue().resolve(node("r1", image))
    assert spec is not None and spec.name == expected
    assert (warning is not None) == warns
    if warning:
        assert warning.startswith("node r1: ")


def test_linux_host_images_run_on_the_host_image() -> None:
    for image in ("ghcr.io/hellt/network-multitool:latest", "alpine:3", None):
        spec, warning = ImageCatalogue().resolve(node("h1", image, role="host"))
        assert spec is not None and spec.name == "host" and warning is None


def test_a_user_mapping_file_adds_images_and_overrides_the_rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    mapping = tmp_path / "images.yaml"
    mapping.write_text("images:\n  frr-bgp: {suite: trixie, packages: [frr, openssh-server], role: router}\n"
                       "map:\n  'registry.example/frr:*': frr-bgp\n  'quay.io/frrouting/frr:8.*': hostfs\n")
    monkeypatch.setenv("NETASSESS_IMAGE_MAP", str(mapping))
    catalogue = load_catalogue()
    assert catalogue.resolve(node("r1", "registry.example/frr:custom"))[0].name == "frr-bgp"  # type: ignore[union-attr]
    assert catalogue.resolve(node("r2", "quay.io/frrouting/frr:8.4.1")) == (None, None)  # the host's own FRR
    assert catalogue.resolve(node("r3", "quay.io/frrouting/frr:10.3.1"))[0].name == "frr10"  # type: ignore[union-attr]


@pytest.mark.parametrize(("text", "message"), [
    ("map: {'x:*': nosuch}\n", "no such image"),
    ("images: {bad: {suite: trixie, packages: [], role: router}}\n", "images.bad.packages"),
    ("colour: blue\n", "colour: Extra inputs are not permitted"),
    ("map: [\n", "not valid YAML"),
])
def test_a_bad_mapping_file_is_one_spec_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, message: str) -> None:
    mapping = tmp_path / "images.yaml"
    mapping.write_text(text)
    monkeypatch.setenv("NETASSESS_IMAGE_MAP", str(mapping))
    with pytest.raises(SpecError, match=message):
        load_catalogue()


def test_frr_image_override_sends_every_router_to_one_image_and_hosts_stay(cache: Path) -> None:
    plan, notes = plan_images([node("r1", "quay.io/frrouting/frr:9.1.0"), node("h1", "alpine:3", role="host")],
                              frr_image="frr10")
    assert {n: s.name if s else None for n, s in plan.items()} == {"r1": "frr10", "h1": "host"} and notes == []
    assert [s.name for s in missing_images(plan)] == ["frr10", "host"]
    assert plan_images([node("r1", "quay.io/frrouting/frr:9.1.0")], frr_image=HOSTFS)[0] == {"r1": None}
    with pytest.raises(SpecError, match="a host image"):
        plan_images([node("r1", None)], frr_image="host")


def test_a_node_on_an_image_mounts_its_root_binds_the_lab_dir_and_chroots(tmp_path: Path, cache: Path) -> None:
    lower = Path(images.build(images.BUILTIN_IMAGES["frr10"]).path)
    node_dir = tmp_path / "lab" / "nodes" / "r1"
    node_dir.mkdir(parents=True)
    root = NodeRoot(lower, node_dir, tmp_path / "lab")
    paths = NodePaths(node_dir, node_dir / "etc-frr", node_dir / "run-frr", root)
    script = anchor_script(router(tmp_path), paths)
    merged = str(root.merged)
    first = (node_dir / "fstab.root").read_text().splitlines()
    assert first[0] == f"overlay {merged} overlay lowerdir={lower},upperdir={root.upper},workdir={root.work} 0 0"
    assert first[-1] == f"tmpfs {merged}/dev tmpfs mode=755,size=1m 0 0"  # an empty /dev, never the host's
    then = (node_dir / "fstab").read_text()
    targets = [line.split()[1] for line in then.splitlines()]
    for target in ("/etc/passwd", "/etc/frr", "/run/frr", "/home", "/dev/null", "/dev/pts", "/dev/ptmx"):
        assert f"{merged}{target}" in targets  # inside the node's root, never over the host's
    assert targets.index(f"{merged}/run") < targets.index(f"{merged}/run/frr")
    assert f"/dev/null {merged}/dev/null none bind 0 0\n" in then
    lines = script.splitlines()
    # the device files exist (made by the shell, no process) between the two stages
    assert lines.index(f"mount --all --fstab {node_dir}/fstab.root") < lines.index(f": > {merged}/dev/null") \
        < lines.index(f"mount --all --fstab {node_dir}/fstab")
    assert script.rstrip().endswith(f"exec chroot {merged} sleep infinity </dev/null >/dev/null 2>&1")
    assert daemon_set(router(tmp_path), lower) == ["mgmtd", "zebra", "staticd", "ospfd", "bgpd"]


def test_accounts_and_frr_dirs_use_the_images_uids_not_the_hosts(tmp_path: Path, cache: Path) -> None:
    lower = Path(images.build(images.BUILTIN_IMAGES["frr10"]).path)
    node_dir = tmp_path / "lab" / "nodes" / "r1"
    node_dir.mkdir(parents=True)
    paths = NodePaths(node_dir, node_dir / "etc-frr", node_dir / "run-frr", NodeRoot(lower, node_dir, tmp_path / "lab"))
    write_accounts(router(tmp_path), paths, ACCOUNTS)
    passwd = {line.split(":")[0]: line.split(":") for line in (node_dir / "passwd").read_text().splitlines()}
    assert passwd["admin"][3] == "996" and passwd["frr"][2] == "997"  # the image's frr group and user
    assert "frrvty:x:995:frr,admin,netassess" in (node_dir / "group").read_text()
    write_frr_dirs(router(tmp_path), paths, ACCOUNTS, pathspace="clab-l-r1")
    assert (paths.etc_frr.stat().st_uid, paths.etc_frr.stat().st_gid) == (997, 996)


def test_build_all_runs_two_builds_at_once_and_each_image_once(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    from netassess.cli.lab_images import BUILDS_AT_ONCE, build_with_bar

    running, peak, lock = [0], [0], threading.Lock()
    pair = threading.Barrier(BUILDS_AT_ONCE, timeout=10)  # a build waits until another runs beside it

    def overlapping(spec: images.ImageSpec, target: Path, progress: object) -> None:
        with lock:
            running[0] += 1
            peak[0] = max(peak[0], running[0])
        pair.wait()
        _fake_build(spec, target, progress)
        with lock:
            running[0] -= 1

    monkeypatch.setattr(images, "_run_mmdebstrap", overlapping)
    BUILDS.clear()
    specs = list(images.BUILTIN_IMAGES.values())
    assert len(specs) % BUILDS_AT_ONCE == 0  # else the last build would wait for a partner that never comes
    built = build_with_bar([*specs, specs[0]])
    assert [b.name for b in built] == [s.name for s in specs] and sorted(BUILDS) == sorted(s.name for s in specs)
    assert peak[0] == BUILDS_AT_ONCE


def test_a_failed_build_stops_the_one_beside_it_and_leaves_no_half_built_folder(
        cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    from netassess.cli.lab_images import build_with_bar

    slow, broken = images.BUILTIN_IMAGES["frr10"], images.BUILTIN_IMAGES["frr8"]
    scripts = {slow.name: "echo started >&2; exec sleep 300", broken.name: "sleep 1; echo 'E: Unable to locate package' >&2; exit 1"}
    monkeypatch.setattr(images, "_run_mmdebstrap", REAL_RUN)  # the real runner, on a stand-in command
    monkeypatch.setattr(images, "mmdebstrap_argv", lambda spec, target: ["sh", "-c", scripts[spec.name]])
    started = time.monotonic()
    with pytest.raises(LabError, match="building image frr8 .* failed .*Unable to locate package"):
        build_with_bar([slow, broken])
    assert time.monotonic() - started < 60  # the 300 s build beside it was stopped, not waited for
    assert not images._RUNNING and not list(cache.glob(".build-*")) and images.list_images() == []
