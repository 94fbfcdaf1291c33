"""ping and traceroute command lines (iputils / Debian traceroute) and their output in NAPALM's shape.

Output is parsed with the TTP templates beside this file; shared by the linux and frr drivers.
"""

from __future__ import annotations

import ipaddress
import shlex
import statistics
from pathlib import Path
from typing import Any

from napalm_netassess_linux.ttp_parse import parse_ttp_file

TEMPLATES = Path(__file__).parent / "templates"


def parse_ttp(template: str, text: str) -> dict[str, Any]:
    """Parse text with one of our templates."""
    return parse_ttp_file(TEMPLATES / template, text)


def _is_v6(destination: str) -> bool:
    try:
        return ipaddress.ip_address(destination).version == 6
    except ValueError:
        return False


def _operands(*words: str) -> None:
    """A destination or source from a task file ('-f', '-O…') must not become an option of ping/traceroute."""
    for word in words:
        if word.startswith("-"):
            raise ValueError(f"{word!r} is not an address or name (it would be read as an option)")


def ping_argv(destination: str, source: str = "", ttl: int = 255, timeout: int = 2, size: int = 100,
              count: int = 5, vrf: str = "", interval: float = 0.2) -> list[str]:
    """iputils ping; the interval is short so five probes take a second, not five."""
    _operands(destination, source, vrf)
    argv = ["ping", "-n", "-c", str(count), "-W", str(timeout), "-s", str(size), "-t", str(ttl), "-i", str(interval)]
    if source:
        argv += ["-I", source]
    argv.append(destination)
    if vrf:
        argv = ["ip", "vrf", "exec", vrf, *argv]
    return argv


def ping_result(text: str, count: int) -> dict[str, Any]:
    parsed = parse_ttp("ping.ttp", text)
    summary = parsed.get("summary")
    if not summary:
        return {"error": text.strip().splitlines()[-1] if text.strip() else "ping produced no output"}
    replies = parsed.get("replies", [])
    if isinstance(replies, dict):
        replies = [replies]
    rtts = [float(r["rtt"]) for r in replies]
    sent = int(summary["sent"]) or count
    return {
        "success": {
            "probes_sent": sent,
            "packet_loss": sent - int(summary["received"]),
            "rtt_min": min(rtts) if rtts else 0.0,
            "rtt_max": max(rtts) if rtts else 0.0,
            "rtt_avg": statistics.fmean(rtts) if rtts else 0.0,
            "rtt_stddev": statistics.pstdev(rtts) if rtts else 0.0,
            "results": [{"ip_address": str(r["ip_address"]), "rtt": float(r["rtt"])} for r in replies],
        }
    }


def traceroute_argv(destination: str, source: str = "", ttl: int = 30, timeout: int = 2, vrf: str = "") -> list[str]:
    _operands(destination, source, vrf)
    argv = ["traceroute", "-n", "-q", "3", "-w", str(timeout), "-m", str(ttl)]
    if _is_v6(destination):
        argv.append("-6")
    if source:
        argv += ["-s", source]
    argv.append(destination)
    if vrf:
        argv = ["ip", "vrf", "exec", vrf, *argv]
    return argv


def _probes(row: str) -> dict[int, dict[str, Any]]:
    """' 10.0.0.1  0.2 ms * 10.0.0.5  0.3 ms' -> per-probe address and rtt; '*' is a lost probe."""
    probes: dict[int, dict[str, Any]] = {}
    address = host = ""
    tokens = row.split()
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token == "*":
            host = ""
            probes[len(probes) + 1] = {"rtt": 0.0, "ip_address": "*", "host_name": "*"}
        elif i + 1 < len(tokens) and tokens[i + 1] == "ms":
            probes[len(probes) + 1] = {"rtt": float(token), "ip_address": address, "host_name": host or address}
            i += 1
        elif token.startswith("(") and token.endswith(")"):  # without -n: "name (address)"
            address = token.strip("()")
        elif not token.startswith("!"):
            address = host = token
        i += 1
    return probes


def traceroute_result(text: str) -> dict[str, Any]:
    hops = parse_ttp("traceroute.ttp", text).get("hops", [])
    if isinstance(hops, dict):
        hops = [hops]
    if not hops:
        return {"error": text.strip().splitlines()[-1] if text.strip() else "traceroute produced no output"}
    return {"success": {int(h["hop"]): {"probes": _probes(str(h["probes"]))} for h in hops}}


def shell_line(argv: list[str]) -> str:
    return shlex.join(argv)
