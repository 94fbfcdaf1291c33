"""A node's own root filesystem: the image's root as a shared read-only lower layer, an upper
layer per node, joined by overlayfs inside the node's private mount namespace.

The overlay, /proc, /sys, a minimal /dev and a tmpfs /run are mounted by the node's anchor before it
``chroot``s into the result, so the host never sees those mounts and they vanish with the node.
Whatever the node writes (``exec:`` output, a ``write memory``, files an apprentice makes) lands in
its upper layer, which ``lab down`` deletes with the lab directory. The lab directory itself is
bound at its own path inside the node, so the sshd config, pid files and logs the runtime reads
from the host are the same files the node writes.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from pathlib import Path

from netassess.lab.state import NodeState

_DEVICES = ("null", "zero", "full", "random", "urandom", "tty")


@dataclass(frozen=True)
class NodeRoot:
    lower: Path  # the image's rootfs, shared read-only by every node on it
    node_dir: Path
    lab_dir: Path

    @property
    def upper(self) -> Path:
        return self.node_dir / "upper"

    @property
    def work(self) -> Path:
        return self.node_dir / "work"

    @property
    def merged(self) -> Path:
        """The mount point; only ever mounted inside the node's own mount namespace."""
        return self.node_dir / "root"

    def prepare(self) -> None:
        for d in (self.upper, self.work, self.merged):
            d.mkdir(parents=True, exist_ok=True)

    def inside(self, path: str | Path) -> str:
        """Where ``path`` (as the node sees it) is from the anchor, before it chroots."""
        return str(self.merged) + "/" + str(path).lstrip("/")


_FSTAB_ESCAPES = str.maketrans({" ": "\\040", "\t": "\\011", "\n": "\\012", "\\": "\\134"})


def fstab_entry(source: str | Path, target: str | Path, fstype: str = "none", options: str = "bind") -> str:
    """One fstab(5) line for ``mount --all --fstab``, whitespace in its fields octal-escaped as mount(8) reads it."""
    fields = (str(source), str(target), fstype, options)
    return " ".join(f.translate(_FSTAB_ESCAPES) for f in fields) + " 0 0"


def root_fstab(root: NodeRoot) -> list[str]:
    """First stage of the node's root (mounted in order by one ``mount --all``): the overlay, /proc,
    /sys and an empty tmpfs /dev. One mount(8) process instead of one per mount: each exec costs
    5–20 ms here, times every node of the lab."""
    m = root.merged
    return [
        fstab_entry("overlay", m, "overlay", f"lowerdir={root.lower},upperdir={root.upper},workdir={root.work}"),
        fstab_entry("proc", f"{m}/proc", "proc", "defaults"),
        fstab_entry("sysfs", f"{m}/sys", "sysfs", "ro"),
        fstab_entry("tmpfs", f"{m}/dev", "tmpfs", "mode=755,size=1m"),
    ]


def dev_stub_lines(root: NodeRoot) -> list[str]:
    """Shell lines (builtins only, no process) making the files the devices are bound over, and /dev/ptmx."""
    m = shlex.quote(str(root.merged))
    return [f": > {m}/dev/{dev}" for dev in (*_DEVICES, "ptmx")]


def root_fstab_after_dev(root: NodeRoot) -> list[str]:
    """Second stage, once ``dev_stub_lines`` ran: the devices, a private devpts (its ptmx bound over
    /dev/ptmx), /dev/shm, a tmpfs /run and the lab dir at its own path."""
    m = root.merged
    lines = [fstab_entry(f"/dev/{dev}", f"{m}/dev/{dev}") for dev in _DEVICES]
    return lines + [
        fstab_entry("devpts", f"{m}/dev/pts", "devpts", "newinstance,ptmxmode=0666,mode=620,X-mount.mkdir"),
        fstab_entry(f"{m}/dev/pts/ptmx", f"{m}/dev/ptmx"),
        fstab_entry("tmpfs", f"{m}/dev/shm", "tmpfs", "mode=1777,size=16m,X-mount.mkdir"),
        fstab_entry("tmpfs", f"{m}/run", "tmpfs", "mode=755,size=64m"),
        fstab_entry(root.lab_dir, root.inside(root.lab_dir), options="bind,X-mount.mkdir"),
    ]


def chroot_line(root: NodeRoot) -> str:
    """The anchor's last act: hold the namespaces from inside the node's root (the image's sleep)."""
    return f"exec chroot {shlex.quote(str(root.merged))} sleep infinity </dev/null >/dev/null 2>&1"


def enter_flags(node: NodeState) -> list[str]:
    """nsenter flags beyond -n -m -u: a node on an image is entered at its own root and working dir."""
    return ["-r", "-w"] if node.rootfs else []


@dataclass(frozen=True)
class Account:
    name: str
    uid: int
    gid: int
    gecos: str
    home: str
    shell: str


@dataclass(frozen=True)
class Group:
    name: str
    gid: int
    members: tuple[str, ...]


def read_accounts(root: Path) -> tuple[list[Account], list[Group]]:
    """The accounts and groups of the system at ``root`` (the host's, or an image's: uids differ)."""
    users = []
    for line in (root / "etc/passwd").read_text().splitlines():
        f = line.split(":")
        if len(f) == 7 and f[2].isdigit() and f[3].isdigit():
            users.append(Account(f[0], int(f[2]), int(f[3]), f[4], f[5], f[6]))
    groups = []
    for line in (root / "etc/group").read_text().splitlines():
        f = line.split(":")
        if len(f) == 4 and f[2].isdigit():
            groups.append(Group(f[0], int(f[2]), tuple(m for m in f[3].split(",") if m)))
    return users, groups


def frr_ids(root: Path) -> tuple[int, int]:
    """(uid, gid) of ``frr`` in the system at ``root``."""
    users, _ = read_accounts(root)
    for u in users:
        if u.name == "frr":
            return u.uid, u.gid
    raise KeyError(f"no frr account in {root}/etc/passwd")
