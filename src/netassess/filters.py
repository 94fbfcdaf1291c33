"""``--device`` / ``--check`` / ``--tag``: run part of a task, and say so in every result.

A filtered run is not a full assessment: its ``RunResult.filters`` is set (reports show it), and the
snapshot keeps the selection so ``netassess score`` judges the same part again. Filters narrow; they
never widen: a check is run when its id matches a ``--check`` glob (any, if none given) and it carries
a ``--tag`` (any, if none given), on the ``--device`` devices among its targets (all, if none given).
A filter that matches nothing is a usage error (exit 2), not an empty pass.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import Any

from netassess.errors import UsageError
from netassess.results import RunFilters


@dataclass(frozen=True)
class Selection:
    devices: tuple[str, ...] = ()
    checks: tuple[str, ...] = ()  # globs on check ids
    tags: tuple[str, ...] = ()

    @classmethod
    def of(cls, devices: Sequence[str] = (), checks: Sequence[str] = (), tags: Sequence[str] = ()) -> Selection:
        """From repeatable options; each may also hold comma-separated values (``--device r1,r2``)."""
        def split(values: Sequence[str]) -> tuple[str, ...]:
            return tuple(dict.fromkeys(v.strip() for value in values for v in value.split(",") if v.strip()))

        return cls(split(devices), split(checks), split(tags))

    @classmethod
    def from_context(cls, saved: Any) -> Selection:
        """The selection a filtered run stored in its snapshot's context (none for a full run)."""
        if not isinstance(saved, dict):
            return cls()
        return cls(*(tuple(str(v) for v in saved.get(k) or ()) for k in ("devices", "checks", "tags")))

    def __bool__(self) -> bool:
        return bool(self.devices or self.checks or self.tags)

    def context(self) -> dict[str, list[str]]:
        return {"devices": list(self.devices), "checks": list(self.checks), "tags": list(self.tags)}

    def pick_checks(self, loaded_checks: list[Any]) -> list[Any]:
        """The task's checks (``LoadedCheck``) whose id matches a --check glob and that carry a --tag."""
        picked = [c for c in loaded_checks
                  if (not self.checks or any(fnmatchcase(c.spec.id, g) for g in self.checks))
                  and (not self.tags or set(self.tags) & set(c.spec.tags))]
        if not picked:
            known = ", ".join(c.spec.id for c in loaded_checks)
            tags = sorted({t for c in loaded_checks for t in c.spec.tags})
            raise UsageError(f"no check of the task matches {self._describe_checks()} "
                             f"(checks: {known}; tags: {', '.join(tags) or 'none'})")
        return picked

    def pick_devices(self, planned: list[Any], known: Mapping[str, Any], links: Sequence[Any] = ()) -> list[Any]:
        """Planned checks narrowed to the --device devices; checks left with no target are dropped
        (a link check needs both ends of a link among the devices)."""
        from netassess.evaluate.targets import expand_targets

        if not self.devices:
            return planned
        unknown = [d for d in self.devices if d not in known]
        if unknown:
            raise UsageError(f"--device {', '.join(unknown)}: not a device of this inventory that the task uses "
                             f"(devices: {', '.join(known)})")
        chosen = set(self.devices)
        narrowed = [dataclasses.replace(c, devices=[d for d in c.devices if d in chosen]) for c in planned]
        kept = [c for c in narrowed if expand_targets(c.check.scope, c.devices, links)]
        if not kept:
            raise UsageError(f"--device {', '.join(self.devices)}: none of the selected checks targets these devices")
        return kept

    def record(self, task_check_ids: list[str], run_check_ids: list[str]) -> RunFilters | None:
        """What goes into ``RunResult.filters``: the selection and the task checks it left out."""
        if not self:
            return None
        ran = set(run_check_ids)
        return RunFilters(devices=list(self.devices), checks=list(self.checks), tags=list(self.tags),
                          skipped_checks=[c for c in task_check_ids if c not in ran])

    def _describe_checks(self) -> str:
        parts = ([f"--check {', '.join(self.checks)}"] if self.checks else []) + \
                ([f"--tag {', '.join(self.tags)}"] if self.tags else [])
        return " and ".join(parts)
