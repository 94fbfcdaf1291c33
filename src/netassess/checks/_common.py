"""Small pieces several check families share: state access, config trees, TTP parsing, names, prefixes.

Nothing here talks to a device: it only reads what the collector stored in the snapshot.
"""

from __future__ import annotations

import ipaddress
import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from netassess.checks.base import (
    DeviceContext,
    EvalContext,
    StateUnavailable,
    StateView,
    Unsupported,
    Verdict,
)
from netassess.content import content_dir
from netassess.snapshot import StateRequest

GET_CONFIG = StateRequest.getter("get_config")
GET_FACTS = StateRequest.getter("get_facts")
GET_INTERFACES = StateRequest.getter("get_interfaces")
GET_INTERFACES_IP = StateRequest.getter("get_interfaces_ip")
GET_BGP_NEIGHBORS = StateRequest.getter("get_bgp_neighbors")

CONFIG_PLATFORMS = ("frr", "ios", "eos", "junos")
#: where ``ttp/<platform>/<name>.ttp`` templates and check packs live, searched in order
CHECKS_DIR = content_dir("checks")


def platform_of(ctx: EvalContext, device: str) -> str:
    dev = ctx.devices.get(device)
    return dev.platform if dev else ""


def require_platform(device: DeviceContext, platforms: Iterable[str], what: str) -> None:
    allowed = tuple(platforms)
    if device.platform not in allowed:
        raise Unsupported(f"{what} is not available on platform {device.platform!r} (supported: {', '.join(allowed)})")


# --- Interface names -------------------------------------------------------------------------

def canonical(name: str) -> str:
    """``Gi0/1`` and ``GigabitEthernet0/1`` are the same interface; Linux names stay as they are.

    netutils is imported here, when a check judges, not when tasks are validated (CLI start)."""
    from netutils.interface import canonical_interface_name

    try:
        return canonical_interface_name(name)
    except (ValueError, KeyError, IndexError, TypeError):  # names netutils cannot split stay verbatim
        return name


def find_interface(table: dict[str, Any], name: str) -> str | None:
    """The key of ``table`` naming interface ``name`` (abbreviations allowed), or None."""
    if name in table:
        return name
    want = canonical(name).lower()
    return next((k for k in table if canonical(k).lower() == want), None)


# --- Addresses -------------------------------------------------------------------------------

@dataclass(frozen=True)
class IfAddress:
    device: str
    interface: str
    address: ipaddress.IPv4Interface | ipaddress.IPv6Interface

    def __str__(self) -> str:
        return f"{self.device}:{self.interface} {self.address.with_prefixlen}"


def interface_addresses(device: str, data: dict[str, Any], family: str | None = None) -> Iterator[IfAddress]:
    """Flatten NAPALM ``get_interfaces_ip`` into addresses (``family``: ipv4, ipv6 or both)."""
    for ifname, fams in sorted(data.items()):
        for fam in ("ipv4", "ipv6"):
            if family and fam != family:
                continue
            for addr, info in sorted((fams or {}).get(fam, {}).items()):
                yield IfAddress(device, ifname, ipaddress.ip_interface(f"{addr}/{info['prefix_length']}"))


def is_loopback_name(name: str) -> bool:
    return re.fullmatch(r"(?i)(lo\d*|loopback\d*|lo0(\.\d+)?)", name) is not None


# --- Configuration text -----------------------------------------------------------------------

@dataclass(frozen=True)
class ConfigLine:
    """One configuration statement with the statements it sits under (outermost first)."""

    parents: tuple[str, ...]
    text: str
    banner: bool = False  # a line of banner text, not a statement

    @property
    def path(self) -> tuple[str, ...]:
        return (*self.parents, self.text)

    def __str__(self) -> str:
        return " > ".join(self.path)


_NOISE = re.compile(
    r"(!.*|#.*|end|exit|exit-address-family|exit-vrf|exit-vni|quit|Building configuration.*|"
    r"Current configuration.*|frr version .*|frr defaults .*|version \S+|Last configuration change.*|"
    r"NVRAM config last updated.*|## Last commit.*|## Last changed.*)"
)


def parse_config(text: str, platform: str = "ios") -> list[ConfigLine]:
    """Indentation-style (IOS, EOS, FRR) or brace-style (Junos) config into statements with parents.

    Section terminators (``exit``, ``!``, ``end``) and version chatter are dropped, so two configs
    that differ only in those compare equal. A multi-line banner's text becomes children of its
    ``banner …`` statement instead of being read as statements.
    """
    if platform == "junos" or (platform not in ("ios", "eos", "frr") and re.search(r"\{\s*$", text, re.MULTILINE)):
        return _parse_braces(text)
    lines: list[ConfigLine] = []
    stack: list[tuple[int, str]] = []
    banner: tuple[str, str] | None = None  # (statement, closing delimiter) while inside a banner
    for raw in text.splitlines():
        stripped = raw.strip()
        if banner is not None:
            body = stripped.split(banner[1])[0].strip()
            if body:
                lines.append(ConfigLine((banner[0],), body, banner=True))
            if banner[1] in raw:
                banner = None
            continue
        if not stripped or _NOISE.fullmatch(stripped):
            continue
        indent = len(raw) - len(raw.lstrip(" "))
        while stack and stack[-1][0] >= indent:
            stack.pop()
        lines.append(ConfigLine(tuple(t for _, t in stack), stripped))
        stack.append((indent, stripped))
        if m := re.fullmatch(r"banner \S+(?: (\^C|\S)(.*))?", stripped):
            delimiter = m.group(1) or "EOF"  # IOS: banner motd ^C…^C; EOS: banner login … EOF
            if m.group(1) is None or delimiter not in (m.group(2) or ""):
                banner = (stripped, delimiter)
    return lines


def _parse_braces(text: str) -> list[ConfigLine]:
    lines: list[ConfigLine] = []
    stack: list[str] = []
    for raw in text.splitlines():
        stripped = re.sub(r"\s*##.*$", "", raw).strip()  # Junos marks secrets with "## SECRET-DATA"
        if not stripped or stripped.startswith(("#", "/*")) or _NOISE.fullmatch(stripped):
            continue
        if stripped.endswith("{"):
            head = stripped[:-1].strip()
            lines.append(ConfigLine(tuple(stack), head))
            stack.append(head)
        elif stripped == "}":
            if stack:
                stack.pop()
        else:
            lines.append(ConfigLine(tuple(stack), stripped.rstrip(";")))
    return lines


def config_text(state: StateView, device: str, source: str = "running") -> str:
    """The (already sanitised) ``running``/``startup`` config from NAPALM ``get_config``."""
    data = state.get(device, GET_CONFIG)
    text = (data or {}).get(source) if isinstance(data, dict) else None
    if not text:
        raise StateUnavailable(device, GET_CONFIG.key, f"the device returned no {source} config")
    return str(text)


def sections(lines: list[ConfigLine], pattern: str | None) -> list[tuple[str, list[ConfigLine]]]:
    """The config sections whose header full-matches ``pattern`` (any depth), with their descendants.

    With no pattern, the whole config is one section named ``<config>``, banner text left out (a
    banner saying "no ip http server" is not that statement); name a ``banner …`` section to search it.
    """
    if pattern is None:
        return [("<config>", [ln for ln in lines if not ln.banner])]
    rx = re.compile(pattern)
    found: list[tuple[str, list[ConfigLine]]] = []
    for line in lines:
        if rx.fullmatch(line.text):
            prefix = line.path
            body = [ln for ln in lines if ln.parents[: len(prefix)] == prefix]
            found.append((str(line), body))
    return found


def matching(lines: Iterable[ConfigLine], pattern: str) -> list[ConfigLine]:
    rx = re.compile(pattern)
    return [ln for ln in lines if rx.fullmatch(ln.text)]


# --- Command output ---------------------------------------------------------------------------

def command_output(state: StateView, device: str, request: StateRequest) -> str:
    """Raw text of a ``cmd:`` request (the driver's ``cli()`` answer for that command)."""
    data = state.get(device, request)
    if isinstance(data, dict):  # tolerate a stored ``cli()`` mapping {command: output}
        data = data.get(request.name, next(iter(data.values()), ""))
    if not isinstance(data, str):
        raise StateUnavailable(device, request.key, f"expected text output, got {type(data).__name__}")
    return data


def command_json(state: StateView, device: str, request: StateRequest) -> Any:
    text = command_output(state, device, request)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        first = text.strip().splitlines()[0] if text.strip() else "empty output"
        raise StateUnavailable(device, request.key, f"output is not JSON ({exc.msg}): {first[:80]}", "command") from None


def template_search_path() -> list[Path]:
    """``$NETASSESS_CHECKS_PATH`` folders first (a college's own checks), then the shipped ``checks/``."""
    extra = [Path(p) for p in os.environ.get("NETASSESS_CHECKS_PATH", "").split(os.pathsep) if p]
    return [*extra, Path.cwd() / "checks", *([CHECKS_DIR] if CHECKS_DIR else [])]


def find_template(name: str) -> Path:
    """Resolve ``ttp/ios/show_ip_ospf_neighbor.ttp`` (or an absolute path) against the search path."""
    path = Path(name)
    if path.is_absolute():
        if path.is_file():
            return path
    else:
        for base in template_search_path():
            if (base / path).is_file():
                return base / path
    searched = ", ".join(str(p) for p in template_search_path())
    raise FileNotFoundError(f"TTP template {name!r} not found (searched {searched}); put it under checks/ttp/<platform>/")


@lru_cache(maxsize=64)
def _template_text(path: str) -> str:
    return Path(path).read_text()


def parse_ttp(text: str, template: str, *, inline: bool = False) -> Any:
    """Parse ``text`` with a TTP template (a name on the search path, or inline template text)."""
    from ttp import (
        ttp,  # imported lazily: ttp is slow to import and most checks never need it
    )

    tpl = template if inline else _template_text(str(find_template(template)))
    parser = ttp(data=text, template=tpl)
    parser.parse()
    result = parser.result(structure="flat_list")
    return result[0] if len(result) == 1 else result


def as_list(value: Any) -> list[Any]:
    """TTP gives a dict for one match and a list for several; callers want a list."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def default_vrf(data: dict[str, Any], vrf: str = "default") -> Any:
    """NAPALM getters key VRFs as ``global`` or ``default``; accept either."""
    for key in (vrf, "global" if vrf == "default" else vrf, "default"):
        if key in data:
            return data[key]
    return None


def counted(n: int, singular: str, plural: str | None = None) -> str:
    """``1 neighbour``, ``2 neighbours``: messages are read by learners."""
    return f"{n} {singular if n == 1 else plural or singular + 's'}"


# --- Verdicts ---------------------------------------------------------------------------------

def tally(items: list[tuple[bool, str]], passed: str, *, empty: str | None = None) -> Verdict:
    """Partial credit over independent items: the share that passed; the message lists what failed.

    ``items`` are (ok, description) pairs; a description of a failed item says expected vs found.
    With no items at all the verdict fails with ``empty`` (nothing to judge is never a pass).
    """
    if not items:
        return Verdict.fail(empty or "nothing to judge: no matching items found")
    bad = [msg for ok, msg in items if not ok]
    if not bad:
        return Verdict.ok(passed)
    good = len(items) - len(bad)
    head = f"{len(bad)} of {len(items)} wrong: " if len(items) > 1 else ""
    return Verdict.fail(head + "; ".join(bad), fraction=good / len(items))


def valid_regex(pattern: str) -> str:
    """For pydantic validators: a bad regex is a ValueError naming the pattern, not a crash."""
    try:
        re.compile(pattern)
    except re.error as exc:
        raise ValueError(f"{pattern!r} is not a valid regular expression: {exc}") from None
    return pattern
