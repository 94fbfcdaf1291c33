"""The task spec (``apiVersion: netassess/v1``, ``kind: Task``) as pydantic models.

Every model forbids unknown keys: a misspelt ``pionts:`` must be an error, never a check that
silently scores nothing. These models check structure and single-field rules; rules that need
the file system, the topology or the check registry (targets, templates, check args) live in
``netassess.spec.loader``, which also turns pydantic's errors into file:line problems.

The JSON Schema published for editors (``netassess schema task``) is generated from these models,
so descriptions here are what a task author sees on hover.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from netassess.spec.st0127 import ASSESSED_SKILLS, CODES, check_code
from netassess.verdicts import Level

API_VERSION = "netassess/v1"

SkillCode = Annotated[
    str,
    AfterValidator(check_code),
    WithJsonSchema({"type": "string", "enum": list(CODES), "description": "ST0127 code: K1–K21, S1–S14, B1–B6"}),
]
Slug = Annotated[str, Field(pattern=r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$", max_length=64)]
Name = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:/@-]*$", max_length=128)]
PlatformName = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", description="NAPALM platform: frr, linux, ios, eos, junos…")]
Percent = Annotated[float, Field(ge=0, le=100)]
# Bounds on every number a task author controls: each is finite (SpecModel refuses .inf and .nan,
# which would otherwise turn a failed check into a NaN score that ``min(100, nan)`` grades 100 %).
MAX_POINTS = 1000.0  # per target; far above any real task, far below float trouble
MAX_WAIT_SECONDS = 3600.0
MAX_INTERVAL_SECONDS = 600.0
MAX_TIME_LIMIT_MINUTES = 7 * 24 * 60  # a week: time_limit is informational, but must be sane
MAX_MUTATIONS = 8  # per check: each costs a settle-and-restore on a live lab
MAX_WINDOW_SECONDS = 4 * 3600.0  # probes stop themselves after this, even if nobody stops them

ParamType = Literal[
    "str",
    "secret",
    "int",
    "float",
    "bool",
    "ipv4_network",
    "ipv4_address",
    "ipv4_interface",
    "ipv6_network",
    "ipv6_address",
    "ipv6_interface",
    "list",
    "dict",
]
ItemType = Literal[
    "str", "int", "float", "bool",
    "ipv4_network", "ipv4_address", "ipv4_interface", "ipv6_network", "ipv6_address", "ipv6_interface",
]  # fmt: skip


class SpecModel(BaseModel):
    model_config = ConfigDict(extra="forbid", serialize_by_alias=True, allow_inf_nan=False)


class Generate(SpecModel):
    """Per-candidate generation of a parameter value (``netassess.spec.generators``)."""

    generator: Slug = Field(description="a registered parameter generator: ipv4_block, ipv6_block, asn, int_range, "
                            "choice, password (or a plugin's)")
    args: dict[str, Any] = Field(default_factory=dict, description="arguments for the generator")


class Parameter(SpecModel):
    """A typed task parameter. Its value feeds the brief, the templates and check args via Jinja."""

    type: ParamType = Field(
        "str",
        description="value type; addresses become Python ipaddress objects in Jinja; secret: a string (a lab key, "
        "a password) usable in templates and check args but masked in every result, snapshot, report and bundle",
    )
    default: Any = Field(None, description="value used unless the command line or a generator gives one")
    description: str = Field("", description="what the parameter means, for task authors and assessors")
    items: ItemType | None = Field(None, description="element type when type is list")
    choices: list[Any] | None = Field(None, description="allowed values (after conversion)")
    generate: Generate | None = Field(None, description="generate a value per candidate (with --candidate and the "
                                      "cohort secret); the default is used otherwise")

    @model_validator(mode="after")
    def _items_only_for_lists(self) -> Parameter:
        if self.items is not None and self.type != "list":
            raise ValueError(f"'items' applies to type list only, not {self.type}; remove it")
        return self


def _wait_from_number(value: Any) -> Any:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return {"timeout": value}
    return value


class Wait(SpecModel):
    """Retry a check (re-collecting only its state) until it passes or ``timeout`` seconds pass."""

    timeout: float = Field(gt=0, le=MAX_WAIT_SECONDS, description="seconds to keep retrying")
    interval: float = Field(2.0, gt=0, le=MAX_INTERVAL_SECONDS, description="seconds between attempts")

    @model_validator(mode="after")
    def _interval_within_timeout(self) -> Wait:
        if self.interval > self.timeout:
            raise ValueError(f"interval {self.interval}s is longer than timeout {self.timeout}s; shorten it")
        return self


WaitField = Annotated[Wait, BeforeValidator(_wait_from_number, json_schema_input_type=float | Wait)]


InterfaceName = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:/-]*$", max_length=32)]


class Mutation(SpecModel):
    """A small change that must break the check it is declared on (``validate --live --mutate``):
    applied on top of the solution, then undone. Exactly one of ``config`` or ``link_down``."""

    node: Name = Field(description="topology node the change is made on (router, switch or host)")
    config: str | None = Field(None, min_length=1, max_length=4000, description="config lines in the node's own "
                               "language merged on top of the solution (an FRR router: vtysh lines, `no …` removes one; "
                               "the lab switch: its candidate format, docs/lab.md, Switches; a Linux host's driver "
                               "cannot merge); Jinja-rendered with the parameters; restored afterwards")
    link_down: InterfaceName | None = Field(None, description="topology interface of the node to shut (its link goes "
                                            "down at both ends); brought back up afterwards")

    @model_validator(mode="after")
    def _one_change(self) -> Mutation:
        if (self.config is None) == (self.link_down is None):
            raise ValueError("give exactly one of config or link_down")
        return self


class CheckSpec(SpecModel):
    """One check: a registered check type applied to each target, worth ``points`` per target."""

    id: Slug = Field(description="unique within the task; appears in every report")
    type: str = Field(description="registered check type, e.g. ospf_neighbor (see `netassess checks list`)")
    targets: list[Name] = Field(
        default_factory=lambda: ["all"],
        min_length=1,
        description="roles, node names, topology groups, or 'all'",
    )
    args: dict[str, Any] = Field(
        default_factory=dict, description="check-type arguments; strings are Jinja-rendered with the parameters"
    )
    points: float = Field(1.0, gt=0, le=MAX_POINTS, description=f"points per target (at most {MAX_POINTS:g})")
    skills: list[SkillCode] | None = Field(None, description="skills these points count toward; default: the check type's")
    hint: str | None = Field(None, description="shown to apprentices in practice mode when the check fails")
    pass_message: str | None = Field(None, alias="pass", description="message when the check passes")
    fail_message: str | None = Field(None, alias="fail", description="message when the check fails (learner-facing)")
    wait: WaitField | None = Field(None, description="seconds, or {timeout, interval}: retry until pass or timeout")
    level: Level = Field(Level.REQUIRED, description="required: scores; optional: scores, never gates; warning: no score")
    description: str | None = Field(None, description="what the check proves, for assessors")
    mutations: list[Mutation] = Field(default_factory=list, max_length=MAX_MUTATIONS,
                                      description="changes that must make this check fail (validate --live --mutate)")
    tags: list[Slug] = Field(default_factory=list, description="labels for `run --tag` / `check --tag`, e.g. [ospf, quick]")


class Stage(SpecModel):
    """Config pushed to reach a state: ``setup`` (the starting point) or ``solution`` (a reference answer)."""

    templates: dict[PlatformName, str] = Field(
        min_length=1,
        description="platform -> Jinja template path under the project's templates/ folder",
    )
    mode: Literal["merge", "replace"] = Field("merge", description="NAPALM load_merge_candidate or load_replace_candidate")
    modes: dict[PlatformName, Literal["merge", "replace"]] = Field(
        default_factory=dict,
        description="per-platform override of mode, e.g. replace on frr but merge on ios, where a replace "
        "must carry the whole device config (users, vty, keys) or it cuts off management access",
    )
    targets: list[Name] = Field(
        default_factory=lambda: ["all"], min_length=1, description="roles, nodes or groups this stage configures"
    )


    def mode_for(self, platform: str) -> Literal["merge", "replace"]:
        return self.modes.get(platform, self.mode)


class Probe(SpecModel):
    """Pings from one lab node to lab addresses for the whole change window."""

    source: Name = Field(alias="from", description="topology node (router or host) the pings are sent from")
    to: list[str] = Field(min_length=1, max_length=16, description="lab addresses to ping (Jinja-rendered)")


class Window(SpecModel):
    """A measured change window (S7): probes run while the candidate works, and adjacency uptimes are
    sampled at its start and end; ``change_downtime`` scores the longest outage."""

    probes: list[Probe] = Field(min_length=1, max_length=16)
    interval: float = Field(0.2, ge=0.2, le=5.0, description="seconds between pings (at least 0.2)")
    max_duration: float = Field(1800.0, ge=10, le=MAX_WINDOW_SECONDS,
                                description="seconds after which the probes stop by themselves")


class Stages(SpecModel):
    setup: Stage
    solution: Stage


def _minutes(value: Any) -> Any:
    """``90``, ``"90m"``, ``"1h30m"`` → minutes (int)."""
    if isinstance(value, str):
        match = re.fullmatch(r"\s*(?:(\d+)\s*h)?\s*(?:(\d+)\s*m(?:in)?)?\s*", value)
        if not match or not any(match.groups()):
            raise ValueError(f"time_limit {value!r} is not a duration; write minutes (45) or '1h30m'")
        return int(match.group(1) or 0) * 60 + int(match.group(2) or 0)
    return value


def _positive(value: int) -> int:
    if not 0 < value <= MAX_TIME_LIMIT_MINUTES:
        raise ValueError(f"time_limit must be between 1 and {MAX_TIME_LIMIT_MINUTES} minutes (a week)")
    return value


Minutes = Annotated[
    int,
    BeforeValidator(_minutes),
    AfterValidator(_positive),
    WithJsonSchema(
        {"anyOf": [{"type": "integer", "exclusiveMinimum": 0, "maximum": MAX_TIME_LIMIT_MINUTES},
                   {"type": "string", "pattern": r"^\s*(\d+\s*h)?\s*(\d+\s*m(in)?)?\s*$"}]}
    ),
]


class Scoring(SpecModel):
    pass_mark: Percent = Field(description="percent of possible points needed to pass")
    distinction_mark: Percent | None = Field(None, description="percent needed for a distinction")
    skill_minimums: dict[SkillCode, Percent] = Field(
        default_factory=dict, description="per-skill minimum percent; missing one fails the run"
    )
    time_limit: Minutes | None = Field(None, description="minutes (or '1h30m'); informational for now")

    @model_validator(mode="after")
    def _distinction_above_pass(self) -> Scoring:
        if self.distinction_mark is not None and self.distinction_mark < self.pass_mark:
            raise ValueError(
                f"distinction_mark {self.distinction_mark} is below pass_mark {self.pass_mark}; raise it"
            )
        return self


class Task(SpecModel):
    """An assessment task: the ticket an apprentice works, how to stage it, and how it is scored."""

    model_config = ConfigDict(
        extra="forbid",
        serialize_by_alias=True,
        allow_inf_nan=False,
        title="netassess task",
        json_schema_extra={"$id": "https://netassess.dev/schema/task.schema.json"},
    )

    api_version: Literal["netassess/v1"] = Field(alias="apiVersion")
    kind: Literal["Task"]
    id: Slug = Field(description="stable identifier, e.g. s2-ospf-triangle")
    title: str = Field(min_length=1)
    version: str = Field(min_length=1, description="task version; recorded in every result")
    skills: list[SkillCode] = Field(min_length=1, description="ST0127 codes; at least one of S2, S4, S7, S13")
    brief: str = Field(min_length=1, description="Markdown job ticket, Jinja-rendered with the parameters")
    topology: str = Field(description="containerlab topology file, relative to this task file")
    roles: dict[Slug, Name | list[Name]] = Field(
        default_factory=dict, description="role -> node name(s); remap on a rack with --map role=device"
    )
    parameters: dict[Annotated[str, Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")], Parameter] = Field(
        default_factory=dict
    )
    stages: Stages
    window: Window | None = Field(None, description="measure the change: probes between baseline and run (S7)")
    checks: list[CheckSpec] = Field(min_length=1)
    scoring: Scoring

    @field_validator("skills")
    @classmethod
    def _assesses_a_practical_skill(cls, skills: list[str]) -> list[str]:
        if not set(skills) & set(ASSESSED_SKILLS):
            raise ValueError(f"skills must include at least one of {', '.join(ASSESSED_SKILLS)}; add one")
        if len(set(skills)) != len(skills):
            raise ValueError("skills lists a code twice; remove the duplicate")
        return skills

    def role_nodes(self, role: str) -> list[str]:
        nodes = self.roles[role]
        return [nodes] if isinstance(nodes, str) else list(nodes)
