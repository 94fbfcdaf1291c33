"""A task after loading: the validated spec plus everything derived from it once.

The engine, the push command and the reports take a ``LoadedTask`` rather than re-reading the
YAML, so every consumer sees the same parameters, rendered brief, parsed check arguments and
file digest (the digest goes into each result so a report names exactly the task it scored).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from netassess.spec.models import CheckSpec, Stage, Task
from netassess.spec.parameters import to_plain

if TYPE_CHECKING:
    from netassess.checks.base import CheckArgs, CheckType
    from netassess.lab.topology import Topology
    from netassess.spec.measured import RenderedMutation, RenderedWindow

ALL = ("all", "*")


@dataclass
class LoadedCheck:
    spec: CheckSpec
    check_type: type[CheckType]
    args: CheckArgs  # parsed by the check type's Args model, after Jinja rendering
    skills: list[str]  # effective: explicit, else the type's (within the task's), else the task's

    @property
    def id(self) -> str:
        return self.spec.id


@dataclass
class LoadedTask:
    task: Task
    path: Path  # resolved task file
    root: Path  # project root: templates and the topology must lie inside it
    sha256: str  # of the task file's bytes
    params: dict[str, Any]  # typed values (ipaddress objects for address types)
    brief: str  # Markdown, rendered with the parameters
    checks: list[LoadedCheck]
    topology_path: Path
    topology: Topology
    warnings: list[str] = field(default_factory=list)
    mutations: dict[str, list[RenderedMutation]] = field(default_factory=dict)  # check id -> its mutations
    window: RenderedWindow | None = None  # the change window's probes, rendered

    @property
    def id(self) -> str:
        return self.task.id

    def check(self, check_id: str) -> LoadedCheck:
        for check in self.checks:
            if check.id == check_id:
                return check
        raise KeyError(check_id)

    def params_plain(self) -> dict[str, Any]:
        """Parameters as JSON-friendly values (for results and reports); ``secret`` ones masked."""
        return {name: "<removed>" if name in self._secret_names() else to_plain(value) for name, value in self.params.items()}

    def secret_values(self) -> list[str]:
        """Values of the ``secret`` parameters: never written anywhere (``netassess.redact``)."""
        return [str(value) for name, value in self.params.items() if name in self._secret_names()]

    def _secret_names(self) -> set[str]:
        return {name for name, param in self.task.parameters.items() if param.type == "secret"}

    def stage(self, name: str) -> Stage:
        return getattr(self.task.stages, name)

    def stage_template(self, stage: str, platform: str) -> Path | None:
        """Resolved template of ``stage`` for ``platform``; None if the stage has none for it."""
        rel = self.stage(stage).templates.get(platform)
        return (self.root / rel).resolve() if rel is not None else None

    def roles(self) -> dict[str, list[str]]:
        return {role: self.task.role_nodes(role) for role in self.task.roles}

    def node_roles(self, node: str) -> list[str]:
        return sorted(role for role, nodes in self.roles().items() if node in nodes)

    def topology_groups(self) -> dict[str, list[str]]:
        groups: dict[str, list[str]] = {}
        for node in self.topology.nodes.values():
            if node.group:
                groups.setdefault(node.group, []).append(node.name)
        return groups

    def resolve_targets(self, selectors: list[str]) -> list[str]:
        """Topology nodes named by roles, node names, groups or ``all`` (in topology order).

        Raises ``KeyError`` naming the unknown selector. Against a rack inventory, the engine's
        ``netassess.collect.roles.RoleMap`` does the same job with ``--map`` applied.
        """
        roles, groups = self.roles(), self.topology_groups()
        chosen: set[str] = set()
        for sel in selectors:
            if sel in ALL:
                chosen.update(self.topology.nodes)
            elif sel in roles:
                chosen.update(roles[sel])
            elif sel in self.topology.nodes:
                chosen.add(sel)
            elif sel in groups:
                chosen.update(groups[sel])
            else:
                raise KeyError(sel)
        return [name for name in self.topology.nodes if name in chosen]

    def selector_names(self) -> list[str]:
        """Everything a target may name, for error messages."""
        return sorted({*ALL[:1], *self.roles(), *self.topology.nodes, *self.topology_groups()})
