"""Points a task can award on its own topology: per check, per skill, in total.

The engine awards points per target: one per device for device checks, one per topology link
for link checks (both ends among the targets), one for lab-wide checks. ``validate`` and
``tasks list`` use the same rule on the task's topology to show what a full score is worth.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from netassess.spec.loaded import LoadedCheck, LoadedTask
from netassess.verdicts import Level


def target_count(loaded: LoadedTask, check: LoadedCheck) -> int:
    nodes = set(loaded.resolve_targets(check.spec.targets))
    scope = getattr(check.check_type, "scope", "device")
    if scope == "lab":
        return 1
    if scope == "link":
        return sum(1 for link in loaded.topology.links if link.a.device in nodes and link.b.device in nodes)
    return len(nodes)


@dataclass
class PointsSummary:
    total: float = 0.0
    bonus: float = 0.0  # optional checks: awarded on top, never part of the possible total
    per_check: dict[str, float] = field(default_factory=dict)
    per_skill: dict[str, float] = field(default_factory=dict)


def points_summary(loaded: LoadedTask) -> PointsSummary:
    """Possible points, by the rules of ``netassess.scoring``: a required check counts fully toward
    each of its skills; optional checks are bonus points; warnings score nothing."""
    summary = PointsSummary()
    for check in loaded.checks:
        if check.spec.level == Level.WARNING:
            continue
        possible = check.spec.points * target_count(loaded, check)
        summary.per_check[check.id] = possible
        if check.spec.level == Level.OPTIONAL:
            summary.bonus += possible
            continue
        summary.total += possible
        for code in check.skills:
            summary.per_skill[code] = summary.per_skill.get(code, 0.0) + possible
    return summary
