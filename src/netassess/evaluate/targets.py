"""Expand a check into the targets it is judged on: devices, topology links, or the whole lab."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from netassess.checks.base import LinkEnd, Target


def expand_targets(
    scope: str,
    devices: Sequence[str],
    links: Iterable[tuple[LinkEnd, LinkEnd]],
) -> list[Target]:
    """``device``: one target per device; ``link``: each topology link with both ends among
    ``devices``; ``lab``: one target covering all of them."""
    if scope == "device":
        return [Target.device(d) for d in devices]
    if scope == "link":
        chosen = set(devices)
        return [Target.for_link(a, b) for a, b in links if a.device in chosen and b.device in chosen]
    if scope == "lab":
        return [Target.lab(tuple(devices))] if devices else []
    raise ValueError(f"unknown check scope {scope!r}")
