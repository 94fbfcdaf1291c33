"""The operator engine shared by ``getter``, ``command`` and any check comparing values.

It fixes NAPALM validate's known flaws on purpose:
- regexes are FULL-match (``Vlan5`` never matches ``Vlan5554``);
- ``eq``/``ne`` are really applied (values compared, not just keys found);
- in structural comparison, extra list items and dict keys are REPORTED when ``strict`` is set,
  never silently ignored.

Paths into nested data: a list of keys, or a string split on ``.`` where a segment may be
bracketed to keep dots or slashes in a key: ``global.peers["10.0.0.2"].is_up``, ``[0]`` for list
index, ``*`` for every item (the check then applies ``quantifier`` all/any).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, Literal

Operator = Literal["eq", "ne", "lt", "le", "gt", "ge", "in", "not_in", "contains", "regex", "range", "exists", "matches"]
OPERATORS: tuple[str, ...] = Operator.__args__  # type: ignore[attr-defined]

_MISSING = object()
_SEGMENT = re.compile(r'\[(?:"([^"]*)"|\'([^\']*)\'|(-?\d+)|(\*))\]|([^.\[\]]+)')


class PathError(LookupError):
    """The path does not exist in the data (the message says where it stopped)."""


def parse_path(path: str | list[str | int]) -> list[str | int]:
    """``'a.b["10.0.0.2"][0].*'`` -> ``['a', 'b', '10.0.0.2', 0, '*']``."""
    if isinstance(path, list):
        return list(path)
    out: list[str | int] = []
    pos = 0
    while pos < len(path):
        if path[pos] == ".":
            pos += 1
            continue
        m = _SEGMENT.match(path, pos)
        if m is None:
            raise ValueError(f"bad path {path!r} at character {pos}")
        dq, sq, idx, star, bare = m.groups()
        if idx is not None:
            out.append(int(idx))
        elif star is not None:
            out.append("*")
        else:
            out.append(dq if dq is not None else sq if sq is not None else bare)
        pos = m.end()
    return out


def resolve(data: Any, path: str | list[str | int]) -> list[tuple[str, Any]]:
    """All ``(where, value)`` the path reaches; ``*`` fans out. Raises PathError if a step is missing."""
    found: list[tuple[str, Any]] = [("", data)]
    for seg in parse_path(path):
        nxt: list[tuple[str, Any]] = []
        for where, value in found:
            if seg == "*":
                items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else None
                if items is None:
                    raise PathError(f"{where or '<root>'} is not a list or mapping, cannot apply *")
                nxt.extend((f"{where}[{k!r}]" if isinstance(k, str) else f"{where}[{k}]", v) for k, v in items)
                continue
            got = _step(value, seg)
            if got is _MISSING:
                keys = ", ".join(map(str, list(value)[:8])) if isinstance(value, dict) else type(value).__name__
                raise PathError(f"{where or '<root>'} has no {seg!r} (has: {keys})")
            nxt.append((f"{where}.{seg}" if isinstance(seg, str) else f"{where}[{seg}]", got))
        found = nxt
    return [(w.lstrip(".") or "<root>", v) for w, v in found]


def _step(value: Any, seg: str | int) -> Any:
    if isinstance(value, dict):
        return value[seg] if seg in value else value.get(str(seg), _MISSING)
    if isinstance(value, list):
        try:
            i = int(seg)
        except ValueError:
            return _MISSING
        return value[i] if -len(value) <= i < len(value) else _MISSING
    return _MISSING


def full_match(pattern: str, value: Any) -> bool:
    """Anchored at both ends: the whole value must match."""
    return re.fullmatch(pattern, str(value)) is not None


def apply(op: str, actual: Any, expected: Any, strict: bool = False) -> tuple[bool, str]:
    """Apply one operator; returns (ok, what was found in words)."""
    if op == "exists":
        return True, f"{_show(actual)}"
    if op == "matches":
        diffs = compare_structure(expected, actual, strict)
        return not diffs, "; ".join(diffs) if diffs else "matches"
    try:
        ok = _OPS[op](actual, expected)
    except TypeError:
        return False, f"{_show(actual)} (cannot compare {type(actual).__name__} with {type(expected).__name__})"
    return ok, _show(actual)


def _in(a: Any, e: Any) -> bool:
    return a in e


def _contains(a: Any, e: Any) -> bool:
    if isinstance(a, dict):
        return e in a
    if isinstance(a, str):
        return str(e) in a
    return e in a


def _range(a: Any, e: Any) -> bool:
    lo, hi = e
    return lo <= a <= hi


_OPS = {
    "eq": lambda a, e: a == e,
    "ne": lambda a, e: a != e,
    "lt": lambda a, e: a < e,
    "le": lambda a, e: a <= e,
    "gt": lambda a, e: a > e,
    "ge": lambda a, e: a >= e,
    "in": _in,
    "not_in": lambda a, e: not _in(a, e),
    "contains": _contains,
    "regex": lambda a, e: full_match(e, a),
    "range": _range,
}


def describe(op: str, expected: Any) -> str:
    words = {
        "eq": "==", "ne": "!=", "lt": "<", "le": "<=", "gt": ">", "ge": ">=",
        "in": "in", "not_in": "not in", "contains": "contains", "regex": "full-matches",
    }
    if op == "range":
        return f"within {expected[0]}..{expected[1]}"
    if op == "exists":
        return "present"
    if op == "matches":
        return f"matches {_show(expected)}"
    return f"{words[op]} {_show(expected)}"


def _show(value: Any, limit: int = 80) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


# Structural comparison (the ``matches`` operator): expected is a subset of actual unless strict.
# A scalar in ``expected`` may be an operator mapping such as ``{"$regex": "Gi0/[0-3]"}`` or ``{"$ge": 3}``.

def _operator_leaf(expected: Any) -> tuple[str, Any] | None:
    if isinstance(expected, dict) and len(expected) == 1:
        (key, val), = expected.items()
        if isinstance(key, str) and key.startswith("$") and key[1:] in _OPS:
            return key[1:], val
    return None


def compare_structure(expected: Any, actual: Any, strict: bool = False, where: str = "") -> list[str]:
    """Every difference between ``expected`` and ``actual``, as readable lines."""
    here = where or "<root>"
    leaf = _operator_leaf(expected)
    if leaf is not None:
        ok, found = apply(leaf[0], actual, leaf[1])
        return [] if ok else [f"{here}: expected {describe(*leaf)}, found {found}"]
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [f"{here}: expected a mapping, found {_show(actual)}"]
        diffs: list[str] = []
        for key, sub in expected.items():
            if key not in actual:
                diffs.append(f"{here}: missing key {key!r}")
            else:
                diffs.extend(compare_structure(sub, actual[key], strict, f"{where}.{key}" if where else str(key)))
        if strict:
            diffs.extend(f"{here}: unexpected key {k!r}" for k in actual if k not in expected)
        return diffs
    if isinstance(expected, list):
        if not isinstance(actual, list):
            return [f"{here}: expected a list, found {_show(actual)}"]
        return _compare_lists(expected, actual, strict, here)
    if expected != actual:
        return [f"{here}: expected {_show(expected)}, found {_show(actual)}"]
    return []


def _compare_lists(expected: list[Any], actual: list[Any], strict: bool, here: str) -> list[str]:
    """Each expected item must match a distinct actual item; leftovers are reported when strict."""
    unused = list(range(len(actual)))
    diffs: list[str] = []
    for item in expected:
        match = next((i for i in unused if not compare_structure(item, actual[i], strict)), None)
        if match is None:
            diffs.append(f"{here}: no item matches {_show(item)}")
        else:
            unused.remove(match)
    if strict:
        diffs.extend(f"{here}: unexpected item {_show(actual[i])}" for i in unused)
    return diffs


def all_or_any(results: Iterable[bool], quantifier: Literal["all", "any"]) -> bool:
    items = list(results)
    return bool(items) and (all(items) if quantifier == "all" else any(items))
