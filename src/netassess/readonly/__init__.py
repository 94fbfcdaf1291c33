"""What ``run`` and ``check`` may send to a device: an exact allow-list per platform, nothing else.

Network OSes get ``show`` (``display``) commands piped only through their own output filters;
Linux hosts get a fixed set of programs and options, run as an argv without a shell. The same
policy is applied twice: when a task is validated (a refused command is a spec error naming the
offending word, exit 2) and again when commands are sent (the collector and our own drivers
refuse too), so no path from a task file to a device can change it.

The NAPALM drivers import this package, so it imports nothing of the assessment engine.
"""

from __future__ import annotations

from netassess.readonly.errors import CommandRefused
from netassess.readonly.linux import linux_argv
from netassess.readonly.network import NETWORK_POLICIES

LINUX = "linux"
LINUX_SHELLS = (LINUX, "ovs")  # the lab's Open vSwitch switch is a Linux shell too (napalm_ovs's cli() is napalm_netassess_linux's)


def platforms() -> tuple[str, ...]:
    """Every platform with a policy; a command for any other platform is refused."""
    return (*sorted(NETWORK_POLICIES), *LINUX_SHELLS)


def check_command(platform: str, command: str) -> None:
    """Raise ``CommandRefused`` unless ``command`` is read-only on ``platform``."""
    if platform in LINUX_SHELLS:
        linux_argv(command)
        return
    policy = NETWORK_POLICIES.get(platform)
    if policy is None:
        raise CommandRefused(platform, f"no read-only command policy for platform {platform!r} "
                                       f"(known: {', '.join(platforms())})")
    policy.check(command)


def accepted_on(command: str) -> list[str]:
    """The platforms whose policy accepts ``command`` (empty: no device may run it)."""
    accepted = []
    for platform in platforms():
        try:
            check_command(platform, command)
        except CommandRefused:
            continue
        accepted.append(platform)
    return accepted


def why_refused_everywhere(command: str) -> CommandRefused | None:
    """None if some platform accepts ``command``; else the refusal that explains it best.

    A ``show …`` command is explained by a network OS policy, anything else by the Linux one."""
    if accepted_on(command):
        return None
    first = command.strip().split(" ", 1)[0].lower()
    explain = {"show": "ios", "display": "huawei_vrp"}.get(first, LINUX)
    try:
        check_command(explain, command)
    except CommandRefused as exc:
        return exc
    return None  # pragma: no cover - accepted_on said every platform refuses


__all__ = ["CommandRefused", "LINUX", "accepted_on", "check_command", "linux_argv", "platforms", "why_refused_everywhere"]
