"""Files that make a namespace feel like a container: its own accounts, sshd, FRR directories
and the scripts that start it.

Accounts: each node gets private copies of /etc/passwd, /etc/shadow and /etc/group, bind-mounted
inside the node's mount namespace only. The host's files are never modified. Two lab accounts:

* the *login user* (``admin``/``admin`` by default): a router's login shell is vtysh, as on a real
  router; a Linux host's is bash. Password or the lab key.
* the *automation user* (``netassess``): bash, key only (no password), member of ``frr`` and
  ``frrvty`` so it can run vtysh, ``frr-reload.py`` and write /etc/frr/frr.conf, and otherwise
  unprivileged: ``ip -j`` reads state, ping works through ``net.ipv4.ping_group_range``, but it
  cannot change kernel state except through FRR.

Every other account (root, frr, sshd…) is copied with its password replaced by ``*``, so no host
password hash ever lands in a lab file.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
from dataclasses import dataclass
from pathlib import Path

from netassess.lab.rootfs import (
    NodeRoot,
    chroot_line,
    dev_stub_lines,
    frr_ids,
    fstab_entry,
    read_accounts,
    root_fstab,
    root_fstab_after_dev,
)
from netassess.lab.switch import anchor_lines as switch_anchor_lines
from netassess.lab.topology import Node

FRR_LIB = Path("/usr/lib/frr")
DEFAULT_DAEMONS = ("ospfd", "ospf6d", "bgpd")
FIRST_LAB_UID = 61000
LLDPD_USER = "_lldpd"  # lldpd's compiled-in privilege-separation user and group
OVS_GROUP = "openvswitch"  # on a switch: owns the OVS sockets; both lab users are members


@dataclass(frozen=True)
class LabAccounts:
    login_user: str
    password_hash: str  # SHA-512 crypt; the clear text is never written anywhere
    automation_user: str
    public_key: str  # the lab key, authorised for both users


@dataclass(frozen=True)
class NodePaths:
    """Where one node's files live on the host."""

    node_dir: Path
    etc_frr: Path  # bound over /etc/frr inside the node
    run_frr: Path  # bound over /run/frr inside the node
    root: NodeRoot | None = None  # the node's own root filesystem (None: it shares the host's)

    @property
    def base(self) -> Path:
        """The system whose accounts and binaries the node uses: its image's, or the host's."""
        return self.root.lower if self.root else Path("/")

    @property
    def sshd_config(self) -> Path:
        return self.node_dir / "sshd_config"

    @property
    def sshd_pid(self) -> Path:
        return self.node_dir / "sshd.pid"


def _free_uids(count: int, base: Path) -> list[int]:
    users, groups = read_accounts(base)
    used = {p.uid for p in users} | {g.gid for g in groups}
    uids: list[int] = []
    uid = FIRST_LAB_UID
    while len(uids) < count:
        if uid not in used:
            uids.append(uid)
        uid += 1
    return uids


def write_accounts(node: Node, paths: NodePaths, accounts: LabAccounts, lldp: bool = False) -> None:
    """Write the node's passwd/shadow/group and the lab users' homes with the lab key.

    With ``lldp``, lldpd's privilege-separation account ``_lldpd`` exists in the node (made here
    when the host has none) and the automation user is in its group, which owns lldpd's socket."""
    login_uid, auto_uid, lldpd_uid, ovs_gid = _free_uids(4, paths.base)
    host_users, host_group_list = read_accounts(paths.base)
    login_shell = "/usr/bin/vtysh" if node.role == "router" else "/bin/bash"  # a switch: bash, to run ovs-vsctl
    homes = paths.node_dir / "home"
    homes.mkdir(parents=True, exist_ok=True)
    os.chmod(homes, 0o755)
    users = [
        (accounts.login_user, login_uid, login_shell, accounts.password_hash),
        (accounts.automation_user, auto_uid, "/bin/bash", "*"),
    ]
    passwd = [f"{p.name}:x:{p.uid}:{p.gid}:{p.gecos}:{p.home}:{p.shell}" for p in host_users
              if p.name not in {u[0] for u in users}]
    shadow = [f"{p.name}:*:19000:0:99999:7:::" for p in host_users if p.name not in {u[0] for u in users}]
    # On routers the lab users' primary group is frr: a `write memory` by one of them leaves
    # /etc/frr/frr.conf group-readable by the other and by FRR, as the frr package intends.
    frr_gid = frr_ids(paths.base)[1] if node.role == "router" else None
    for name, uid, shell, pw_hash in users:
        passwd.append(f"{name}:x:{uid}:{frr_gid or uid}:netassess lab user:/home/{name}:{shell}")
        shadow.append(f"{name}:{pw_hash}:19000:0:99999:7:::")
    frr_groups = {"frr", "frrvty"} if node.role == "router" else set()
    host_groups = {g.name for g in host_group_list}
    if lldp and LLDPD_USER not in {p.name for p in host_users}:
        passwd.append(f"{LLDPD_USER}:x:{lldpd_uid}:{lldpd_uid}::/run/lldpd:/usr/sbin/nologin")
        shadow.append(f"{LLDPD_USER}:*:19000:0:99999:7:::")
    groups: list[str] = []
    for g in host_group_list:
        members = [m for m in g.members if m not in {u[0] for u in users}]
        if g.name in frr_groups:
            members += [accounts.login_user, accounts.automation_user]
        if lldp and g.name == LLDPD_USER:
            members.append(accounts.automation_user)
        groups.append(f"{g.name}:x:{g.gid}:{','.join(members)}")
    if lldp and LLDPD_USER not in host_groups:
        groups.append(f"{LLDPD_USER}:x:{lldpd_uid}:{accounts.automation_user}")
    if node.role == "switch" and OVS_GROUP not in host_groups:
        groups.append(f"{OVS_GROUP}:x:{ovs_gid}:{accounts.login_user},{accounts.automation_user}")
    for name, uid, _shell, _pw in users:
        groups.append(f"{name}:x:{uid}:")
    _write(paths.node_dir / "passwd", "\n".join(passwd) + "\n", 0o644)
    _write(paths.node_dir / "group", "\n".join(groups) + "\n", 0o644)
    _write(paths.node_dir / "shadow", "\n".join(shadow) + "\n", 0o600)
    for name, uid, _shell, _pw in users:
        ssh_dir = homes / name / ".ssh"
        ssh_dir.mkdir(parents=True, exist_ok=True)
        _write(ssh_dir / "authorized_keys", accounts.public_key.strip() + "\n", 0o600)
        for p in (homes / name, ssh_dir, ssh_dir / "authorized_keys"):
            os.chown(p, uid, uid)
        os.chmod(homes / name, 0o755)
        os.chmod(ssh_dir, 0o700)


# A refused startup-config line is echoed in boot.log, in LabState.warnings and on the console.
# It is invalid, so device sanitisers (anchored on valid syntax: `neighbor X password Y`) miss a
# typo'd `neighbr X password Y`: mask everything after the first secret-bearing keyword instead.
_SECRET_TAIL = re.compile(r"(?i)\b(password|secret|key|key-string|authentication-key|md5|community)\b.*$")


def mask_secrets(line: str) -> str:
    """``neighbr 10.0.0.2 password s3cret`` -> ``neighbr 10.0.0.2 password <removed>``."""
    return _SECRET_TAIL.sub(r"\1 <removed>", line)


def _write(path: Path, text: str, mode: int) -> None:
    path.write_text(text)
    os.chmod(path, mode)


def daemon_set(node: Node, base: Path = Path("/")) -> list[str]:
    """zebra, staticd (and mgmtd where FRR has it), then the daemons file's ``x=yes``, else the defaults.
    ``base``: the root whose FRR the node runs (its image's), which decides what "has it" means."""
    lib = base / str(FRR_LIB).lstrip("/")
    wanted: list[str] = []
    if node.daemons_file is not None:
        for line in node.daemons_file.read_text().splitlines():
            key, sep, value = line.strip().partition("=")
            if sep and value.strip().strip('"').lower() == "yes" and (lib / key).exists():
                wanted.append(key)
    else:
        wanted = [d for d in DEFAULT_DAEMONS if (lib / d).exists()]
    first = [d for d in ("mgmtd", "zebra", "staticd") if (lib / d).exists()]
    return first + [d for d in wanted if d not in first]


def write_frr_dirs(node: Node, paths: NodePaths, accounts: LabAccounts, pathspace: str | None = None) -> None:
    """The router's /etc/frr (startup config copied, never bound: `write memory` must not edit the topology).

    Inside the node these directories are /etc/frr and /run/frr; a ``<pathspace> -> .`` link in each
    lets daemons started with ``-N <pathspace>`` find them there too.
    """
    frr_uid, frr_gid = frr_ids(paths.base)
    for d in (paths.etc_frr, paths.run_frr):
        d.mkdir(parents=True, exist_ok=True)
        os.chown(d, frr_uid, frr_gid)
        os.chmod(d, 0o775)
        if pathspace:
            link = d / pathspace
            if not link.is_symlink():
                link.symlink_to(".")
    # `username X nopassword`: the login already authenticated the lab users; without it vtysh
    # asks PAM again and prints "vtysh_pam: Failed in account validation" on every session.
    users = "".join(f"username {u} nopassword\n" for u in (accounts.login_user, accounts.automation_user))
    files = {"vtysh.conf": "service integrated-vtysh-config\n" + users}
    startup = node.startup_config.read_text() if node.startup_config else f"hostname {node.name}\n"
    # vtysh shows its `username` lines in the running config and `write memory` saves them, so the
    # node's startup copy carries them too (appended, so boot warnings keep the user's line numbers):
    # an untouched router then has startup == running.
    files["frr.conf"] = startup + ("" if startup.endswith("\n") else "\n") + users
    if node.daemons_file is not None:
        files["daemons"] = node.daemons_file.read_text()
    for name, text in files.items():
        _write(paths.etc_frr / name, text, 0o660)
        os.chown(paths.etc_frr / name, frr_uid, frr_gid)


def write_empty_frr_dirs(paths: NodePaths) -> None:
    """Hosts get empty /etc/frr and /run/frr so nothing inside them reaches the host's FRR."""
    for d in (paths.etc_frr, paths.run_frr):
        d.mkdir(parents=True, exist_ok=True)


def write_sshd_config(node: Node, paths: NodePaths, accounts: LabAccounts, host_key: Path) -> None:
    text = f"""# netassess lab node {node.name}: this node's own sshd (the host's sshd is untouched)
ListenAddress {node.mgmt_ipv4}
Port 22
HostKey {host_key}
PidFile {paths.sshd_pid}
UsePAM no
PasswordAuthentication yes
KbdInteractiveAuthentication no
PubkeyAuthentication yes
AuthorizedKeysFile .ssh/authorized_keys
PermitRootLogin no
AllowUsers {accounts.login_user} {accounts.automation_user}
PrintMotd no
PrintLastLog no
UseDNS no
MaxStartups 64:30:128
MaxSessions 32
Subsystem sftp internal-sftp
"""
    _write(paths.sshd_config, text, 0o600)


DEFAULT_MAX_FDS = 1024  # FRR's own suggestion (MAX_FDS in its daemons file) for a router this size
_MAX_FDS = re.compile(r"^\s*MAX_FDS=[\"']?(\d+)[\"']?\s*$", re.M)


def max_fds(node: Node) -> int:
    """The daemons' ``--limit-fds``: a bound daemons file's ``MAX_FDS``, else 1024. FRR sizes its
    per-fd tables by this limit (else by ``ulimit -n``): at this host's 20000 that cost ~8 MB RSS
    per FRR 10 router; 1024 descriptors is far more than a lab router's sessions and peers use."""
    if node.daemons_file is not None:
        found = _MAX_FDS.findall(node.daemons_file.read_text())
        if found and int(found[-1]) > 0:
            return int(found[-1])
    return DEFAULT_MAX_FDS


def new_boot_log(paths: NodePaths) -> Path:
    """An empty boot.log, 0600 from its creation: it echoes refused config lines and exec output."""
    log = paths.node_dir / "boot.log"
    fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.fchmod(fd, 0o600)
    finally:
        os.close(fd)
    return log


def anchor_script(node: Node, paths: NodePaths, lldp_run: Path | None = None, ovs_run: Path | None = None) -> str:
    """Runs as ``unshare --mount --uts`` inside the node's netns and then holds those namespaces.
    ``lldp_run``: the node's own /run/lldpd (lldpd's chroot and socket), for nodes running lldpd;
    ``ovs_run``: a switch's /run/openvswitch (see ``netassess.lab.switch``).

    Writes the node's fstab files (``fstab.root``, ``fstab``) beside it: the mounts are made by one
    ``mount --all`` per stage rather than a process per mount, and the hostname is set by writing
    /proc/sys/kernel/hostname (per UTS namespace) rather than running hostname(1)."""
    binds = [
        (paths.node_dir / "passwd", "/etc/passwd"),
        (paths.node_dir / "shadow", "/etc/shadow"),
        (paths.node_dir / "group", "/etc/group"),
        # homes are bound over /home so the lab users never traverse the (possibly 0700) state dir
        (paths.node_dir / "home", "/home"),
        (paths.etc_frr, "/etc/frr"),
        (paths.run_frr, "/run/frr"),
    ]
    if lldp_run is not None:
        binds.append((lldp_run, "/run/lldpd"))
    if ovs_run is not None:
        binds.append((ovs_run, "/run/openvswitch"))
    root = paths.root
    where = root.inside if root else str
    fstab = root_fstab_after_dev(root) if root else []
    for src, dst in binds:
        mkdir = dst.startswith("/run/") or (root is not None and dst == "/etc/frr")
        fstab.append(fstab_entry(src, where(dst), options="bind,X-mount.mkdir" if mkdir else "bind"))
    q = shlex.quote
    lines = ["set -e"]
    if root:
        _write(paths.node_dir / "fstab.root", "\n".join(root_fstab(root)) + "\n", 0o644)
        lines += [f"mount --all --fstab {q(str(paths.node_dir / 'fstab.root'))}", *dev_stub_lines(root)]
        if ovs_run is not None:
            lines += switch_anchor_lines(root.inside("/dev"))
    _write(paths.node_dir / "fstab", "\n".join(fstab) + "\n", 0o644)
    lines += [f"mount --all --fstab {q(str(paths.node_dir / 'fstab'))}",
              f"printf '%s' {q(node.name)} > /proc/sys/kernel/hostname", "echo ready"]
    lines.append(chroot_line(root) if root else "exec sleep infinity </dev/null >/dev/null 2>&1")
    return "\n".join(lines)


def boot_script(node: Node, paths: NodePaths, daemons: list[str], pathspace: str | None = None,
                services: list[str] | None = None) -> str:
    """Runs inside the node (net + mount + UTS namespaces): sysctls, FRR, startup config, sshd, exec.

    Daemons run with ``-N <pathspace>`` so ``ps`` names the router each belongs to; the
    ``<pathspace> -> .`` links made by ``write_frr_dirs`` point that at the node's own directories.
    """
    log = shlex.quote(str(paths.node_dir / "boot.log"))  # made private by ``new_boot_log`` beforehand
    lines = ["set -u"]
    sysctls = {"net/ipv4/ping_group_range": "0 2147483647"}
    if node.role == "router":
        sysctls |= {"net/ipv4/ip_forward": "1", "net/ipv6/conf/all/forwarding": "1"}
    # the node's own netns values: /proc/sys/net follows the writer's netns (a builtin, no sysctl process)
    writes = " && ".join(f"echo {shlex.quote(v)} > /proc/sys/{k}" for k, v in sysctls.items())
    # keep_addr_on_down: a router keeps its IPv6 addresses on a shut or unplugged interface; Linux
    # flushes them by default and FRR 8.4 does not put them back when the link returns (where IPv6 is on)
    keep = "[ ! -d /proc/sys/net/ipv6 ] || echo 1 > /proc/sys/net/ipv6/conf/all/keep_addr_on_down"
    lines.append(f"{{ {writes} && {{ {keep}; }}; }} >> {log} 2>&1 || exit 10")
    fds = max_fds(node)
    for d in daemons:
        extra = f" --limit-fds {fds}"
        extra += " -s 16777216" if d == "zebra" else ""
        extra += f" -N {shlex.quote(pathspace)}" if pathspace else ""
        lines.append(
            f"{FRR_LIB / d} -d -P 0 -i /run/frr/{d}.pid --log file:/run/frr/{d}.log{extra} >> {log} 2>&1 "
            f"|| {{ echo 'FRR {d} failed to start' >> {log}; exit 11; }}"
        )
    if daemons:
        lines.append(f"vtysh -b >> {log} 2>&1 || echo 'vtysh -b: startup config had errors (exit '$?')' >> {log}")
    lines.append("mkdir -p /run/sshd")  # sshd's privilege-separation directory (the host's, shared)
    sshd = "/usr/sbin/sshd" if paths.root else shutil.which("sshd") or "/usr/sbin/sshd"
    lines.append(f"{sshd} -f {paths.sshd_config} -E {paths.node_dir / 'sshd.log'} >> {log} 2>&1 || exit 12")
    lines += services or []  # e.g. lldpd; before exec, which may already want to query it
    env = " ".join(f"{k}={shlex.quote(v)}" for k, v in node.env.items())
    for cmd in node.exec:
        lines.append(f"echo {shlex.quote('exec: ' + cmd)} >> {log}")
        lines.append(f"env {env} sh -c {shlex.quote(cmd)} >> {log} 2>&1 "
                     f"|| printf 'exec failed with %s: %s\\n' \"$?\" {shlex.quote(cmd)} >> {log}")
    return "\n".join(lines) + "\n"
