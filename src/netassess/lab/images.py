"""Root filesystems for lab nodes, built from Debian packages with mmdebstrap and cached.

A containerlab topology names container images (``quay.io/frrouting/frr:10.2.1``); the netns
runtime has no container engine, so it runs each node over a root filesystem built here instead.
An image is a Debian suite plus a package list; its cache key hashes both (and a format version),
so a second build of the same image is free and a changed package list is a new image. Builds go
into a temporary folder that is renamed into place, under a per-key lock, so two concurrent
``lab up``s build an image once and nobody ever sees half an image.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from netassess.errors import LabError, UsageError

FORMAT_VERSION = 1  # bump when the way images are built changes: every key changes with it
DEFAULT_CACHE = Path("/var/cache/netassess/images")
DEFAULT_MIRROR = "http://deb.debian.org/debian"
BUILD_TIMEOUT = 900.0  # seconds; a first build here takes under a minute

_ROUTER_PACKAGES = ["frr", "frr-pythontools", "openssh-server", "iproute2", "iputils-ping", "traceroute", "procps", "lldpd"]
_HOST_PACKAGES = ["openssh-server", "iproute2", "iputils-ping", "traceroute", "tcpdump", "curl", "iperf3", "procps", "lldpd"]
# Open vSwitch on its userspace datapath (the kernel here has no openvswitch module); libxdp1 is a
# dependency of ovs-vswitchd that bookworm's package does not pull in by itself.
_SWITCH_PACKAGES = ["openvswitch-switch", "openvswitch-common", "libxdp1", "openssh-server", "iproute2", "iputils-ping",
                    "procps", "lldpd"]
_NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,39}$")


class ImageSpec(BaseModel):
    """What an image is made of. ``role`` says whether nodes on it are FRR routers, Linux hosts or OVS switches."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str
    suite: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    packages: tuple[str, ...]
    role: str = Field(pattern=r"^(router|host|switch)$")
    description: str = ""

    @property
    def key(self) -> str:
        """Hash of format version + suite + sorted package list: the image's identity in the cache."""
        text = json.dumps([FORMAT_VERSION, self.suite, sorted(set(self.packages))])
        return hashlib.sha256(text.encode()).hexdigest()[:16]


BUILTIN_IMAGES: dict[str, ImageSpec] = {
    spec.name: spec
    for spec in (
        ImageSpec(name="frr10", suite="trixie", packages=tuple(_ROUTER_PACKAGES), role="router",
                  description="FRR 10.3 from Debian 13 (trixie)"),
        ImageSpec(name="frr8", suite="bookworm", packages=tuple(_ROUTER_PACKAGES), role="router",
                  description="FRR 8.4 from Debian 12 (bookworm)"),
        ImageSpec(name="host", suite="bookworm", packages=tuple(_HOST_PACKAGES), role="host",
                  description="Linux host: iproute2, ping, traceroute, tcpdump, curl, iperf3"),
        ImageSpec(name="ovs", suite="bookworm", packages=tuple(_SWITCH_PACKAGES), role="switch",
                  description="Open vSwitch 3.1 switch (userspace datapath) from Debian 12 (bookworm)"),
    )
}


class BuiltImage(BaseModel):
    """An image in the cache, as recorded in its ``image.json``."""

    model_config = ConfigDict(extra="forbid")
    name: str
    key: str
    suite: str
    packages: list[str]
    role: str
    built: str
    build_seconds: float
    size_mb: int
    frr_version: str | None = None
    path: str  # the root filesystem (the shared, read-only lower layer of every node on it)


Progress = Callable[[str, float], None]  # (stage, fraction done 0..1)


def cache_dir() -> Path:
    """``$NETASSESS_IMAGE_DIR``, else /var/cache/netassess/images."""
    return Path(os.environ.get("NETASSESS_IMAGE_DIR") or DEFAULT_CACHE)


def rootfs_of(spec: ImageSpec) -> Path:
    return cache_dir() / spec.key / "rootfs"


def _meta_path(key: str) -> Path:
    return cache_dir() / key / "image.json"


def lookup(spec: ImageSpec) -> BuiltImage | None:
    """The cached build of ``spec``, or None."""
    try:
        return BuiltImage.model_validate_json(_meta_path(spec.key).read_text())
    except (OSError, ValueError):
        return None


def list_images() -> list[BuiltImage]:
    """Every image in the cache, newest first."""
    root = cache_dir()
    out: list[BuiltImage] = []
    for meta in sorted(root.glob("*/image.json")) if root.is_dir() else []:
        try:
            out.append(BuiltImage.model_validate_json(meta.read_text()))
        except ValueError:
            continue
    return sorted(out, key=lambda b: b.built, reverse=True)


@contextmanager
def _key_lock(key: str) -> Iterator[None]:
    root = cache_dir()
    root.mkdir(parents=True, exist_ok=True)
    with open(root / f".{key}.lock", "a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


# mmdebstrap's stage lines (on stderr, "I: ...") and how far along each one is
_STAGES = [
    ("running apt-get update", 0.05, "apt update"),
    ("downloading packages", 0.15, "download"),
    ("extracting archives", 0.35, "extract"),
    ("installing essential", 0.45, "essential"),
    ("installing remaining", 0.65, "install"),
    ("cleaning package lists", 0.95, "clean"),
]


def _mirror() -> str:
    return os.environ.get("NETASSESS_DEBIAN_MIRROR") or DEFAULT_MIRROR


def mmdebstrap_argv(spec: ImageSpec, target: Path) -> list[str]:
    """The build command. ``--customize-hook`` drops lldpcli's setuid bit: inside a node the lab's
    socket is group-readable instead (as with the host's unpacked lldpd)."""
    return [
        "mmdebstrap", "--variant=minbase",
        f"--include={','.join(sorted(set(spec.packages)))}",
        "--customize-hook=if [ -e \"$1/usr/sbin/lldpcli\" ]; then chmod 0755 \"$1/usr/sbin/lldpcli\"; fi",
        spec.suite, str(target), _mirror(),
    ]


def _frr_version(rootfs: Path) -> str | None:
    status = rootfs / "var/lib/dpkg/status"
    try:
        text = status.read_text()
    except OSError:
        return None
    found = re.search(r"^Package: frr\n(?:[^\n]+\n)*?Version: (\S+)", text, re.M)
    return found.group(1) if found else None


def _du_mb(path: Path) -> int:
    total = 0
    for dirpath, _dirs, files in os.walk(path):
        for f in files:
            try:
                total += os.lstat(os.path.join(dirpath, f)).st_size
            except OSError:
                pass
    return total // (1024 * 1024)


def build(spec: ImageSpec, progress: Progress | None = None, force: bool = False) -> BuiltImage:
    """Build ``spec`` into the cache unless it is there already; return the cached image."""
    if not force and (found := lookup(spec)) is not None:
        return found
    if shutil.which("mmdebstrap") is None:
        raise LabError("building lab images needs mmdebstrap: apt-get install -y mmdebstrap (or run `make images`)")
    with _key_lock(spec.key):
        if not force and (found := lookup(spec)) is not None:  # built by someone else while we waited
            return found
        final = cache_dir() / spec.key
        tmp = cache_dir() / f".build-{spec.key}-{os.getpid()}"
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        started = time.monotonic()
        try:
            _run_mmdebstrap(spec, tmp / "rootfs", progress)
            meta = BuiltImage(
                name=spec.name, key=spec.key, suite=spec.suite, packages=sorted(set(spec.packages)), role=spec.role,
                built=datetime.now(UTC).isoformat(timespec="seconds"),
                build_seconds=round(time.monotonic() - started, 1), size_mb=_du_mb(tmp / "rootfs"),
                frr_version=_frr_version(tmp / "rootfs"), path=str(final / "rootfs"),
            )
            (tmp / "image.json").write_text(meta.model_dump_json(indent=2) + "\n")
            if final.exists():  # a forced rebuild: the old one goes only once the new one is whole
                old = cache_dir() / f".old-{spec.key}-{os.getpid()}"
                final.rename(old)
                shutil.rmtree(old, ignore_errors=True)
            tmp.rename(final)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    if progress:
        progress("done", 1.0)
    return meta


_RUNNING: set[subprocess.Popen[str]] = set()  # builds under way in this process (several, two at a time)


def stop_builds() -> None:
    """Kill every build this process is running (Ctrl-C while other threads build): each then fails
    in its own thread and removes its half-built folder."""
    for proc in list(_RUNNING):
        try:
            os.killpg(proc.pid, 9)
        except ProcessLookupError:
            pass


def _run_mmdebstrap(spec: ImageSpec, target: Path, progress: Progress | None) -> None:
    proc = subprocess.Popen(mmdebstrap_argv(spec, target), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)
    assert proc.stderr is not None
    _RUNNING.add(proc)
    tail: list[str] = []
    deadline = time.monotonic() + BUILD_TIMEOUT
    try:
        for line in proc.stderr:
            tail = (tail + [line.rstrip()])[-5:]
            for needle, fraction, stage in _STAGES:
                if needle in line and progress:
                    progress(stage, fraction)
            if time.monotonic() > deadline:
                raise LabError(f"building image {spec.name}: mmdebstrap took over {BUILD_TIMEOUT:.0f}s")
        rc = proc.wait(timeout=max(1.0, deadline - time.monotonic()))
    except BaseException:
        os.killpg(proc.pid, 9)
        proc.wait()
        raise
    finally:
        _RUNNING.discard(proc)
    if rc != 0:
        last = next((t for t in reversed(tail) if t.startswith("E:")), tail[-1] if tail else "no output")
        raise LabError(f"building image {spec.name} ({spec.suite}) failed (mmdebstrap exit {rc}): {last[:200]}")


def remove(name_or_key: str, in_use: set[str] | None = None) -> list[BuiltImage]:
    """Delete cached images by name or key; refuse one a running lab's nodes use (``in_use``: keys)."""
    matches = [b for b in list_images() if name_or_key in (b.name, b.key)]
    if not matches:
        raise UsageError(f"no cached image {name_or_key!r} (see `netassess lab images list`)")
    busy = [b for b in matches if b.key in (in_use or set())]
    if busy:
        raise LabError(f"image {busy[0].name} ({busy[0].key}) is the root of a running lab's nodes; bring the lab down first")
    for b in matches:
        with _key_lock(b.key):
            doomed = cache_dir() / f".rm-{b.key}-{os.getpid()}"
            (cache_dir() / b.key).rename(doomed)
            shutil.rmtree(doomed, ignore_errors=True)
    return matches


def check_name(name: str) -> str:
    if not _NAME.match(name):
        raise UsageError(f"image name {name!r}: use up to 40 lower-case letters, digits, '_', '.', '-'")
    return name
