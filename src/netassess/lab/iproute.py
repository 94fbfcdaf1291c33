"""Thin wrappers over iproute2 (``ip``, ``ip -j``, ``ip -batch``) for namespaces, veths and bridges.

We use the ``ip`` command rather than netlink bindings throughout the runtime: one ``ip -batch``
call creates every link of a lab, veth ends are created directly inside their namespaces
(``ip link add eth1 netns A type veth peer name eth1 netns B``) so no temporary names exist on
the host, and every failure comes back as iproute2's own one-line message.
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
import os
import subprocess
from collections.abc import Sequence

from netassess.errors import LabError

IFNAMSIZ = 15


def run(cmd: Sequence[str], *, input: str | None = None, check: bool = True, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run a command; on failure raise LabError with the command and its first error line."""
    proc = subprocess.run(list(cmd), input=input, capture_output=True, text=True, timeout=timeout)
    if check and proc.returncode != 0:
        detail = (proc.stderr.strip() or proc.stdout.strip() or f"exit {proc.returncode}").splitlines()[0]
        raise LabError(f"`{' '.join(cmd)[:120]}` failed: {detail}")
    return proc


def short_name(prefix: str, *parts: str) -> str:
    """A stable, lab-unique interface name of at most 15 characters: prefix + hash of the parts."""
    if len(prefix) > 5:
        raise ValueError(f"interface name prefix {prefix!r} is longer than 5 characters")
    digest = hashlib.sha1("\0".join(parts).encode()).hexdigest()
    return (prefix + digest)[:IFNAMSIZ]


def host_routes() -> list[ipaddress.IPv4Network]:
    """Every IPv4 destination the host routes, in any table, except the default route."""
    out = run(["ip", "-j", "-4", "route", "show", "table", "all"]).stdout
    nets: list[ipaddress.IPv4Network] = []
    for route in json.loads(out or "[]"):
        dst = route.get("dst", "")
        if dst in ("default", "0.0.0.0/0", ""):
            continue
        try:
            nets.append(ipaddress.IPv4Network(dst if "/" in dst else f"{dst}/32", strict=False))
        except ValueError:
            continue
    return nets


def overlapping_route(subnet: ipaddress.IPv4Network) -> ipaddress.IPv4Network | None:
    for net in host_routes():
        if net.overlaps(subnet):
            return net
    return None


def netns_list() -> set[str]:
    try:
        return set(os.listdir("/run/netns"))
    except FileNotFoundError:
        return set()


def netns_pids(ns: str) -> list[int]:
    proc = run(["ip", "netns", "pids", ns], check=False)
    return [int(p) for p in proc.stdout.split() if p.isdigit()]


def link_exists(name: str) -> bool:
    return os.path.exists(f"/sys/class/net/{name}")


def bridge_add(name: str, gateway: ipaddress.IPv4Interface) -> None:
    """The management bridge, with the host's gateway address on it and routing off.

    The host must never route lab traffic: a node given a default route via the gateway (a startup
    config, an ``exec:`` line, an apprentice) must not reach the host's LAN or another lab, and
    nothing outside may reach the lab's sshd (lab passwords) through the host. So IPv4 forwarding is
    off for packets arriving on the bridge (replies included) and IPv6 is off on it; the host still
    talks to the nodes itself. Both settings vanish with the bridge. Caveat: writing the host's
    global ``net.ipv4.ip_forward`` later resets every interface's value (see docs/lab.md).
    """
    run(["ip", "link", "add", name, "type", "bridge"])
    _sysctl(f"net/ipv4/conf/{name}/forwarding", "0")
    _sysctl(f"net/ipv6/conf/{name}/disable_ipv6", "1", required=False)  # absent when IPv6 is off
    run(["ip", "-batch", "-"], input=(
        f"addr add {gateway.with_prefixlen} dev {name}\n"
        f"link set {name} up\n"
    ))


def _sysctl(key: str, value: str, *, required: bool = True) -> None:
    path = f"/proc/sys/{key}"
    if not required and not os.path.exists(path):
        return
    try:
        with open(path, "w") as fh:
            fh.write(value)
    except OSError as exc:
        raise LabError(f"cannot set {key.replace('/', '.')}={value} ({exc.strerror}); is /proc/sys writable (root)?") from None


def link_del(name: str) -> None:
    if link_exists(name):
        run(["ip", "link", "del", name], check=False)


def netns_add(ns: str) -> None:
    run(["ip", "netns", "add", ns])


def netns_del(ns: str) -> None:
    if ns in netns_list():
        run(["ip", "netns", "del", ns], check=False)


def mgmt_veth(host_if: str, bridge: str, ns: str) -> None:
    """The node's eth0: a veth whose host end joins the management bridge."""
    run(["ip", "-batch", "-"], input=(
        f"link add {host_if} type veth peer name eth0 netns {ns}\n"
        f"link set {host_if} master {bridge}\n"
        f"link set {host_if} up\n"
    ))


def veth_lines(ns_a: str, if_a: str, ns_b: str, if_b: str) -> str:
    """One ``ip -batch`` line creating both ends of a data link inside their namespaces."""
    return f"link add {if_a} netns {ns_a} type veth peer name {if_b} netns {ns_b}\n"


def batch(lines: str, *, netns: str | None = None) -> None:
    if not lines:
        return
    cmd = ["ip", "-n", netns, "-batch", "-"] if netns else ["ip", "-batch", "-"]
    run(cmd, input=lines)
