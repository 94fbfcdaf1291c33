"""Linux hosts: a fixed set of programs and options, returned as an argv the driver runs without
a shell (each word quoted, so the remote login shell sees only literal words).

Each program below only reads: ``ip`` with the verbs show/list (and ``route get``), ``ping`` /
``traceroute`` / ``tracepath`` with a bounded number of probes (they send packets, never write
files), ``ss`` without ``-K`` (kill) or ``-D`` (dump to a file), ``hostname`` and ``uname`` with
options only (an operand would set the hostname), and ``cat`` of a fixed list of /proc, /proc/sys
and /etc files (``cat`` opens them for reading only). Quoting, pipes, redirection, globbing and
variables are refused before the words are even looked at.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable

from netassess.readonly.errors import CommandRefused

_WORD = re.compile(r"[A-Za-z0-9._:/,=@%+-]+")  # no quotes, $, `, *, ?, ~, ;, &, |, <, >, \, brackets
_IFNAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.@-]{0,14}")
_HOSTNAME = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252})")
_IFACE_CONF = r"(?:all|default|[A-Za-z0-9_][A-Za-z0-9_.-]{0,14})"
READABLE_FILES = re.compile(
    r"/proc/net/(?:arp|route|ipv6_route|if_inet6|dev|snmp|snmp6|netstat|sockstat6?|tcp6?|udp6?|igmp6?|fib_trie)"
    r"|/proc/sys/net/ipv4/(?:ip_forward|ip_default_ttl|icmp_echo_ignore_all)"
    rf"|/proc/sys/net/ipv[46]/conf/{_IFACE_CONF}/(?:forwarding|rp_filter|accept_redirects|disable_ipv6)"
    r"|/etc/(?:hostname|hosts|resolv\.conf)"
)
#: each allowed program's accepted form, for the documentation (the grammars below are the rule)
USAGE = {
    "ip": "ip [-j -4 -6 -br -s -d -o -p …] addr|link|route|neigh|rule [show|list] [dev IF] [table T] [PREFIX|IF] "
          "· ip route get ADDRESS",
    "ping": "ping -c 1..10 [-W 1..10] [-w 1..20] [-s SIZE] [-t TTL] [-i 0.2..1] [-I SOURCE] [-M do|dont|want|probe] "
            "[-4 -6 -n -q] DESTINATION",
    "traceroute": "traceroute [-4 -6 -n -I] [-m 1..64] [-q 1..5] [-w 1..10] [-f N] [-s ADDRESS] [-i IF] DESTINATION",
    "tracepath": "tracepath [-4 -6 -n] [-m 1..64] DESTINATION",
    "ss": "ss [-tuwxlaneomis46HO] (no -K kill, -D dump, -F file, -p, -N)",
    "hostname": "hostname [-f|-s|-d|-i|-I|-A]",
    "uname": "uname [-asnrvmpio]",
    "cat": "cat FILE, FILE one of /proc/net/{arp,route,dev,snmp,tcp,udp,…}, /proc/sys/net/ipv4/ip_forward, "
           "/proc/sys/net/ipv{4,6}/conf/IF/{forwarding,rp_filter,…}, /etc/{hostname,hosts,resolv.conf}",
}
ALLOWED_PROGRAMS = tuple(USAGE)


def linux_argv(command: str) -> list[str]:
    """The argv of an allowed read-only command, or ``CommandRefused`` naming the offending word."""
    if len(command) > 512:
        raise CommandRefused(command[:40] + "…", "longer than 512 characters")
    for char in command:
        if char != " " and not _WORD.fullmatch(char):
            raise CommandRefused(char, "no shell runs this command: quoting, pipes, redirection, ;, &, $, `, "
                                       "globs and control characters are refused")
    argv = command.split()
    if not argv:
        raise CommandRefused(command, f"empty command; give one of {', '.join(ALLOWED_PROGRAMS)}")
    grammar = _GRAMMARS.get(argv[0])
    if grammar is None:
        raise CommandRefused(argv[0], f"not a read-only program on Linux hosts (allowed: {', '.join(ALLOWED_PROGRAMS)})")
    grammar(argv[1:])
    return argv


# --- values -------------------------------------------------------------------------------------

def _number(word: str, option: str, low: float, high: float, integer: bool = True) -> None:
    try:
        value = int(word) if integer else float(word)
    except ValueError:
        raise CommandRefused(word, f"{option} takes a number") from None
    if not low <= value <= high:
        raise CommandRefused(word, f"{option} takes {low:g}..{high:g}")


def _address(word: str) -> None:
    try:
        ipaddress.ip_address(word.split("%")[0])
    except ValueError:
        raise CommandRefused(word, "expected an IP address") from None


def _prefix(word: str) -> None:
    if word in ("default", "all"):
        return
    try:
        ipaddress.ip_network(word, strict=False)
    except ValueError:
        raise CommandRefused(word, "expected an address or prefix") from None


def _ifname(word: str) -> None:
    if not _IFNAME.fullmatch(word):
        raise CommandRefused(word, "expected an interface name")


def _destination(word: str) -> None:
    if word.startswith("-") or not (_HOSTNAME.fullmatch(word) or _is_address(word)):
        raise CommandRefused(word, "expected one destination address or host name")


def _is_address(word: str) -> bool:
    try:
        ipaddress.ip_address(word)
    except ValueError:
        return False
    return True


def _source(word: str) -> None:
    if not (_is_address(word) or _IFNAME.fullmatch(word)):
        raise CommandRefused(word, "expected a source address or interface")


def _table(word: str) -> None:
    if word not in ("main", "local", "default", "all") and not word.isdigit():
        raise CommandRefused(word, "expected a table: main, local, all or a number")


# --- programs -----------------------------------------------------------------------------------

Value = Callable[[str], None]
_IP_OPTIONS = ("-j", "-json", "-p", "-pretty", "-4", "-6", "-d", "-details", "-s", "-stats", "-statistics",
               "-br", "-brief", "-o", "-oneline")
_IP_OBJECTS = {"address": "addr", "addr": "addr", "a": "addr", "link": "link", "l": "link", "route": "route",
               "r": "route", "ro": "route", "neighbour": "neigh", "neighbor": "neigh", "neigh": "neigh", "n": "neigh",
               "rule": "rule", "ru": "rule"}
_IP_SELECTORS: dict[str, Value] = {"dev": _ifname, "table": _table, "from": _address, "oif": _ifname, "to": _prefix}
_IP_POSITIONAL: dict[str, Value] = {"route": _prefix, "link": _ifname, "addr": _ifname}
_IP_CHANGING = ("add", "del", "delete", "change", "replace", "append", "prepend", "set", "flush", "save", "restore",
                "exec", "monitor")


def _ip(args: list[str]) -> None:
    """``ip [options] OBJECT [show|list] [selectors]`` and ``ip [options] route get ADDRESS``."""
    rest = list(args)
    while rest and rest[0].startswith("-"):
        if rest[0] not in _IP_OPTIONS:
            raise CommandRefused(rest[0], f"not an allowed ip option (allowed: {' '.join(_IP_OPTIONS)})")
        rest.pop(0)
    if not rest or rest[0] not in _IP_OBJECTS:
        word = rest[0] if rest else "ip"
        raise CommandRefused(word, "ip reads only: addr, link, route, neigh, rule")
    obj = _IP_OBJECTS[rest.pop(0)]
    if changing := next((w for w in rest if w in _IP_CHANGING), None):
        raise CommandRefused(changing, f"'ip {obj} {changing}' changes the host or never ends; only show/list "
                                       "(and 'ip route get') are allowed")
    verb = rest.pop(0) if rest and rest[0] in ("show", "list", "get") else "show"
    if verb == "get":
        if obj != "route" or not rest:
            raise CommandRefused("get", "only 'ip route get ADDRESS' is allowed")
        _address(rest.pop(0))
    positional = _IP_POSITIONAL.get(obj) if verb != "get" else None
    while rest:
        word = rest.pop(0)
        if word in _IP_SELECTORS:
            if not rest:
                raise CommandRefused(word, f"{word} needs a value")
            _IP_SELECTORS[word](rest.pop(0))
        elif word == "up" and obj in ("link", "addr"):
            continue
        elif positional is not None:
            positional(word)
            positional = None
        else:
            raise CommandRefused(word, f"not an allowed word of 'ip {obj} {verb}' (only show/list, get, "
                                       f"{', '.join(_IP_SELECTORS)}, up; changing verbs such as add/del/set/flush are refused)")


def _options(args: list[str], flags: tuple[str, ...], valued: dict[str, Value], program: str) -> list[str]:
    """Consume ``-x`` flags and ``-x VALUE`` options (each a word of its own); return the operands."""
    rest = list(args)
    while rest and rest[0].startswith("-"):
        option = rest.pop(0)
        if option in flags:
            continue
        if option in valued:
            if not rest:
                raise CommandRefused(option, f"{option} needs a value")
            valued[option](rest.pop(0))
        else:
            allowed = " ".join([*flags, *(f"{o} N" for o in valued)])
            raise CommandRefused(option, f"not an allowed {program} option (allowed, each a word of its own: {allowed})")
    return rest


def _probe(program: str, flags: tuple[str, ...], valued: dict[str, Value], required: tuple[str, ...] = ()) -> Callable[[list[str]], None]:
    def grammar(args: list[str]) -> None:
        operands = _options(args, flags, valued, program)
        for option in required:
            if option not in args:
                raise CommandRefused(program, f"{program} needs {option} N (without it, it never stops)")
        if len(operands) != 1:
            raise CommandRefused(operands[1] if len(operands) > 1 else program, f"{program} takes one destination, last")
        _destination(operands[0])
    return grammar


def _ping_interval(word: str) -> None:
    _number(word, "-i", 0.2, 1, integer=False)


def _letters(program: str, allowed: str) -> Callable[[list[str]], None]:
    """Programs taking only flag letters (``ss -tlnH``, ``uname -a``), no operands."""
    def grammar(args: list[str]) -> None:
        for word in args:
            letters = word[1:] if word.startswith("-") and not word.startswith("--") else ""
            bad = next((c for c in letters if c not in allowed), None) if letters else word
            if bad is not None:
                raise CommandRefused(word, f"{program} takes only the flags -{allowed} here")
    return grammar


def _hostname(args: list[str]) -> None:
    if len(args) > 1 or (args and args[0] not in ("-f", "-s", "-d", "-i", "-I", "-A", "--fqdn", "--short")):
        raise CommandRefused(args[-1], "hostname takes one read option at most (an operand would set the hostname)")


def _cat(args: list[str]) -> None:
    if len(args) != 1 or not READABLE_FILES.fullmatch(args[0]):
        word = args[0] if args else "cat"
        raise CommandRefused(word, "cat reads only one of the network files under /proc/net, /proc/sys/net, "
                                   "and /etc/hostname, /etc/hosts, /etc/resolv.conf")


_GRAMMARS: dict[str, Callable[[list[str]], None]] = {
    "ip": _ip,
    "ping": _probe("ping", ("-4", "-6", "-n", "-q"), {
        "-c": lambda w: _number(w, "-c", 1, 10), "-W": lambda w: _number(w, "-W", 1, 10),
        "-w": lambda w: _number(w, "-w", 1, 20), "-s": lambda w: _number(w, "-s", 0, 65507),
        "-t": lambda w: _number(w, "-t", 1, 255), "-i": _ping_interval, "-I": _source,
        "-M": lambda w: None if w in ("do", "dont", "want", "probe") else _refuse(w, "-M takes do, dont, want or probe"),
    }, required=("-c",)),
    "traceroute": _probe("traceroute", ("-4", "-6", "-n", "-I"), {
        "-m": lambda w: _number(w, "-m", 1, 64), "-q": lambda w: _number(w, "-q", 1, 5),
        "-w": lambda w: _number(w, "-w", 1, 10), "-f": lambda w: _number(w, "-f", 1, 64),
        "-s": _address, "-i": _ifname,
    }),
    "tracepath": _probe("tracepath", ("-4", "-6", "-n"), {"-m": lambda w: _number(w, "-m", 1, 64)}),
    "ss": _letters("ss", "tuwxlaneomis46HO"),
    "uname": _letters("uname", "asnrvmpio"),
    "hostname": _hostname,
    "cat": _cat,
}


def _refuse(word: str, reason: str) -> None:
    raise CommandRefused(word, reason)
