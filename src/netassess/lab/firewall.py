"""Keep a lab's management bridge a dead end for the host: nftables, one table per lab.

The bridge's sysctls (routing off, IPv6 off; see ``iproute.bridge_add``) are the first fence, but
any later write of the host's global ``net.ipv4.ip_forward`` (docker starting, say) resets them.
This table is the second, and it survives that: nothing is forwarded into or out of the bridge,
and nodes cannot open connections to the host (its sshd, its services) — the host may still open
connections to the nodes, which is all the tool needs. The table is named after the bridge, so
``lab down`` finds it from the state file without recording anything else.
"""

from __future__ import annotations

import shutil
import subprocess

NFT = "nft"


def table_name(bridge: str) -> str:
    return f"netassess_{bridge}"


def _nft(script: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([NFT, "-f", "-"], input=script, capture_output=True, text=True, timeout=30)


def isolate(bridge: str) -> str | None:
    """Install the table; return a warning (not an error) when nftables is unavailable here."""
    if shutil.which(NFT) is None:
        return f"nftables (nft) not installed: bridge {bridge} relies on its sysctls only (apt-get install nftables)"
    table = table_name(bridge)
    proc = _nft(
        f"table inet {table} {{\n"
        f"  chain forward {{ type filter hook forward priority -10; policy accept;\n"
        # node to node across the bridge stays allowed (br_netfilter shows it here as bridge to bridge)
        f'    iifname "{bridge}" oifname != "{bridge}" drop\n'
        f'    oifname "{bridge}" iifname != "{bridge}" drop\n'
        f"  }}\n"
        f"  chain input {{ type filter hook input priority -10; policy accept;\n"
        f'    iifname "{bridge}" ct state established,related accept\n'
        f'    iifname "{bridge}" drop\n'
        f"  }}\n"
        f"}}\n"
    )
    if proc.returncode != 0:
        reason = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        return f"nftables table {table} not installed ({reason}): bridge {bridge} relies on its sysctls only"
    return None


def release(bridge: str) -> None:
    """Remove the lab's table if it is there (idempotent: `down` may run twice)."""
    if shutil.which(NFT) is None:
        return
    table = table_name(bridge)
    listed = subprocess.run([NFT, "list", "table", "inet", table], capture_output=True, text=True, timeout=30)
    if listed.returncode == 0:
        subprocess.run([NFT, "delete", "table", "inet", table], capture_output=True, text=True, timeout=30)


def installed(bridge: str) -> bool:
    if shutil.which(NFT) is None:
        return False
    proc = subprocess.run([NFT, "list", "table", "inet", table_name(bridge)], capture_output=True, text=True, timeout=30)
    return proc.returncode == 0
