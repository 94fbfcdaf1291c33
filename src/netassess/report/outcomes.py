"""What every human-readable format needs from a run: counts, worst status, groups, configs.

Kept apart from any one format so markdown, JUnit and HTML tell the same story.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from netassess.report.base import ReportContext
from netassess.results import CheckResult, RunResult, Status
from netassess.sanitise import sanitise_config
from netassess.snapshot import Snapshot

# Worst first: a red node means the candidate got something wrong there; purple means we could not tell.
SEVERITY = (Status.FAIL, Status.ERROR, Status.PASS, Status.SKIP)
RUNNING_CONFIG_KEYS = ("getter:get_config?retrieve=running", "getter:get_config")


def worst(statuses: Iterable[Status]) -> Status | None:
    """The most severe status present, or None when there is none."""
    present = set(statuses)
    return next((s for s in SEVERITY if s in present), None)


def status_counts(results: Iterable[CheckResult]) -> dict[Status, int]:
    counts = Counter(r.status for r in results)
    return {s: counts.get(s, 0) for s in (Status.PASS, Status.FAIL, Status.ERROR, Status.SKIP)}


def headline(result: RunResult) -> str:
    """The verdict a reader sees first: an incomplete run never headlines as PASS or DISTINCTION."""
    grade = result.score.grade.value.upper()
    text = grade if result.complete else f"INCOMPLETE, grade so far {grade}"
    text = text if result.filters is None else f"{text} (FILTERED: part of the task)"
    return text if result.max_wait is None else f"{text} (WAITS CAPPED at {result.max_wait:g} s)"


def waits_capped(max_wait: float) -> str:
    """What ``--max-wait`` did to a run, for a reader who must know a check may have been judged early."""
    if max_wait == 0:
        return "--max-wait 0: each check judged once, without its wait for convergence"
    return f"--max-wait {max_wait:g}: no check waited more than {max_wait:g} s for convergence"


def fmt_points(points: float) -> str:
    return f"{points:g}" if points == round(points, 2) else f"{points:.2f}"


def percent(awarded: float, possible: float) -> float | None:
    return round(100.0 * awarded / possible, 1) if possible else None


@dataclass
class CheckGroup:
    """All targets of one check, in run order."""

    check_id: str
    type: str
    skills: list[str]
    results: list[CheckResult] = field(default_factory=list)

    @property
    def status(self) -> Status | None:
        return worst(r.status for r in self.results)

    @property
    def awarded(self) -> float:
        return sum(r.points_awarded for r in self.results)

    @property
    def possible(self) -> float:
        return sum(r.points_possible for r in self.results)


def group_by_check(results: Iterable[CheckResult]) -> list[CheckGroup]:
    groups: dict[str, CheckGroup] = {}
    for r in results:
        group = groups.setdefault(r.check_id, CheckGroup(r.check_id, r.type, []))
        group.results.append(r)
        group.skills.extend(s for s in r.skills if s not in group.skills)
    return list(groups.values())


def link_key(a: str, b: str) -> frozenset[str]:
    """A link named by its two ``device:interface`` ends, whichever way round."""
    return frozenset((a, b))


def device_statuses(result: RunResult) -> dict[str, Status]:
    """Per device: the worst status of the checks judged on that device alone (plus session errors)."""
    found: dict[str, list[Status]] = {}
    for r in result.results:
        if r.target_kind == "device":
            found.setdefault(r.target, []).append(r.status)
    for name, info in result.devices.items():
        if info.error:
            found.setdefault(name, []).append(Status.ERROR)
    return {name: s for name, statuses in found.items() if (s := worst(statuses)) is not None}


def link_statuses(result: RunResult) -> dict[frozenset[str], Status]:
    """Per link (``{"r1:eth1", "r2:eth1"}``): the worst status of the link checks on it."""
    found: dict[frozenset[str], list[Status]] = {}
    for r in result.results:
        if r.target_kind == "link" and "--" in r.target:
            a, _, b = r.target.partition("--")
            found.setdefault(link_key(a, b), []).append(r.status)
    return {key: s for key, statuses in found.items() if (s := worst(statuses)) is not None}


def configs_from_snapshot(snapshot: Snapshot | None) -> dict[str, str]:
    """Running configs the collector stored (NAPALM ``get_config`` shape), per device."""
    configs: dict[str, str] = {}
    if snapshot is None:
        return configs
    for device, entries in snapshot.devices.items():
        for key in RUNNING_CONFIG_KEYS:
            entry = entries.get(key)
            if entry is not None and entry.ok and isinstance(entry.data, dict) and entry.data.get("running"):
                configs[device] = str(entry.data["running"])
                break
    return configs


def final_configs(ctx: ReportContext) -> dict[str, str]:
    """The configs at the end of the run: as given, else what the snapshot holds."""
    return dict(ctx.configs_after) or configs_from_snapshot(ctx.snapshot)


def sanitised_configs(ctx: ReportContext) -> tuple[dict[str, str], dict[str, str]]:
    """Baseline and final configs, masked again: the collector already did, but a report must
    never be the place a secret leaks if some caller handed it raw text."""

    def platform(device: str) -> str | None:
        info = ctx.result.devices.get(device)
        return info.platform if info else None

    before = {d: sanitise_config(text, platform(d)) for d, text in ctx.configs_before.items()}
    after = {d: sanitise_config(text, platform(d)) for d, text in final_configs(ctx).items()}
    return before, after
