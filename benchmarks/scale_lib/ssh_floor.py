"""The SSH floor of a lab: the least any SSH-based tool could spend reaching every router once.

asyncssh (one event loop, no threads) opens a session to every router at once, as the same
account with the same key and known_hosts as ``netassess run``, runs one vtysh command and
closes. On a small machine this is bound by the CPU of the key exchanges (ours and every
router's sshd), so it is the yardstick ``netassess run`` is held to: its overhead is the time
above this floor plus the probes' own time (a 3-probe ping waits about 2 s whatever the size).
"""

from __future__ import annotations

import asyncio
import time

from netassess.lab.state import LabState

COMMAND = "vtysh -c 'show version'"


async def _one(node_ip: str, user: str, key: str, known_hosts: str) -> None:
    import asyncssh  # dev dependency: only the benchmark needs it

    async with asyncssh.connect(node_ip, username=user, client_keys=[key], known_hosts=known_hosts,
                                agent_path=None, config=[]) as conn:
        result = await conn.run(COMMAND, check=True)
        if "FRRouting" not in str(result.stdout):
            raise RuntimeError(f"{node_ip}: unexpected answer to {COMMAND!r}: {str(result.stdout)[:80]!r}")


async def _all(state: LabState) -> None:
    cred = state.credentials
    if not cred.key_file or not cred.known_hosts:
        raise RuntimeError(f"lab {state.name} has no key or known_hosts: the floor logs in as netassess does")
    await asyncio.gather(*(_one(node.mgmt_ipv4, cred.automation_user, cred.key_file, cred.known_hosts)
                           for node in state.nodes.values()))


def ssh_floor(state: LabState) -> float:
    """Seconds to connect to every router of ``state`` at once and run one command on each."""
    start = time.perf_counter()
    asyncio.run(_all(state))
    return time.perf_counter() - start


async def _probe(node_ip: str, user: str, key: str, known_hosts: str, command: str) -> float:
    import asyncssh

    async with asyncssh.connect(node_ip, username=user, client_keys=[key], known_hosts=known_hosts,
                                agent_path=None, config=[]) as conn:
        start = time.perf_counter()
        await conn.run(command, check=True)
        return time.perf_counter() - start


def probe_seconds(state: LabState, node: str, command: str) -> float:
    """The probe's own time: ``command`` (the ping the check sends) on one router, connection excluded."""
    cred = state.credentials
    return asyncio.run(_probe(state.nodes[node].mgmt_ipv4, cred.automation_user, str(cred.key_file),
                              str(cred.known_hosts), command))
