"""Versioned result models: the contract between evaluate/score and every report format.

A results file written today must still load next year, so fields are only ever added
(with defaults) within a schema version; renames or removals bump ``RESULTS_SCHEMA_VERSION``.
The models forbid unknown fields (what we write is exactly this); reading a file goes through
``read_run_result``, which ignores the fields a newer minor version added and refuses a newer major.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, ConfigDict, Field

from netassess import __version__
from netassess.errors import UsageError
from netassess.verdicts import Grade, Level, Status

RESULTS_SCHEMA_VERSION = "1.0"


class _Model(BaseModel):
    # A results file is also input (``cohort``, ``report render``): NaN or inf points in one would
    # otherwise reach a percent, where every comparison with NaN is false.
    # defer_build: validators are built on first use, not on import (issue 15, CLI start).
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, defer_build=True)


class CheckResult(_Model):
    """One check applied to one target (a device, a link ``r1:eth1--r2:eth1``, or ``lab``)."""

    check_id: str
    type: str
    target: str
    target_kind: Literal["device", "link", "lab"] = "device"
    devices: list[str] = Field(default_factory=list, description="devices the target involves")
    status: Status
    level: Level = Level.REQUIRED
    points_awarded: float = Field(0.0, ge=0)
    points_possible: float = Field(0.0, ge=0)
    message: str = Field("", description="what was expected and what was found")
    hint: str | None = None
    skills: list[str] = Field(default_factory=list)
    evidence: list[str] = Field(default_factory=list, description="keys into the snapshot: 'device/request_key'")
    attempts: int = 1
    started: datetime
    finished: datetime


class TaskRef(_Model):
    id: str
    version: str
    title: str = ""
    sha256: str
    path: str | None = None


class DeviceInfo(_Model):
    """What we learnt about a device: its facts (NAPALM get_facts) or why we could not."""

    platform: str
    host: str | None = None
    role: list[str] = Field(default_factory=list)
    facts: dict[str, Any] | None = None
    error: str | None = None


class SkillScore(_Model):
    awarded: float = Field(0.0, ge=0)
    possible: float = Field(0.0, ge=0)
    minimum: float | None = Field(None, description="per-skill minimum percent, when the task sets one")
    met: bool = True


class Score(_Model):
    awarded: float = Field(ge=0)
    possible: float = Field(ge=0)
    percent: float = Field(ge=0, le=100)
    grade: Grade
    pass_mark: float
    distinction_mark: float | None = None


class RunResult(_Model):
    """The canonical record of one assessment run (``results.json``)."""

    schema_version: str = RESULTS_SCHEMA_VERSION
    tool_version: str = __version__
    mode: Literal["assess", "practice", "rescore"] = "assess"
    task: TaskRef
    candidate: str | None = None
    assessor: str | None = None
    parameters: dict[str, Any] = Field(default_factory=dict, description="the task instance's parameters (per "
                                       "candidate when generated); secret ones masked")
    started: datetime
    finished: datetime
    topology: str | None = Field(None, description="containerlab topology path the task names")
    devices: dict[str, DeviceInfo] = Field(default_factory=dict)
    results: list[CheckResult] = Field(default_factory=list)
    skills: dict[str, SkillScore] = Field(default_factory=dict)
    score: Score
    complete: bool = Field(description="false when any result is an error")
    snapshot: str | None = Field(None, description="path of the snapshot file this run evaluated")
    filters: RunFilters | None = Field(None, description="set when --device/--check/--tag narrowed the run: "
                                       "not a full assessment, whatever its score")
    max_wait: float | None = Field(None, ge=0, description="set when --max-wait cut a check's retry window to "
                                   "this many seconds (0: judged once): a converging protocol may not have had its time")


class RunFilters(_Model):
    """What a filtered run (``run``/``check`` with ``--device``, ``--check``, ``--tag``) left out."""

    devices: list[str] = Field(default_factory=list, description="only these devices were assessed")
    checks: list[str] = Field(default_factory=list, description="only checks whose id matches one of these globs")
    tags: list[str] = Field(default_factory=list, description="only checks carrying one of these tags")
    skipped_checks: list[str] = Field(default_factory=list, description="task checks not run at all")

    def describe(self) -> str:
        parts = [f"{what} {', '.join(values)}" for what, values in
                 (("devices", self.devices), ("checks", self.checks), ("tags", self.tags)) if values]
        return "filtered run (" + "; ".join(parts) + "): not a full assessment"


# RunResult names RunFilters before it is defined: deferred building resolves it on first use.


def _known_fields(annotation: Any, data: Any) -> Any:
    """``data`` with only the fields ``annotation`` (a model, or a list/dict/union of them) knows, recursively."""
    origin = get_origin(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if not isinstance(data, dict):
            return data
        fields = annotation.model_fields
        return {k: _known_fields(fields[k].annotation, v) for k, v in data.items() if k in fields}
    if origin is list and isinstance(data, list):
        (inner,) = get_args(annotation) or (Any,)
        return [_known_fields(inner, item) for item in data]
    if origin is dict and isinstance(data, dict):
        inner = (get_args(annotation) or (Any, Any))[1]
        return {k: _known_fields(inner, v) for k, v in data.items()}
    if origin is Union or type(annotation).__name__ == "UnionType":
        models = [a for a in get_args(annotation) if isinstance(a, type) and issubclass(a, BaseModel)]
        return _known_fields(models[0], data) if len(models) == 1 and isinstance(data, dict) else data
    return data


def read_run_result(raw: Any, where: str = "results") -> RunResult:
    """A results.json as read from disk: a newer minor version's extra fields are ignored; a newer major
    version (a renamed or removed field) is a UsageError (exit 2) saying to upgrade."""
    if isinstance(raw, dict):
        version = str(raw.get("schema_version", RESULTS_SCHEMA_VERSION))
        major = version.split(".")[0]
        ours = RESULTS_SCHEMA_VERSION.split(".")[0]
        if not major.isdigit():
            raise ValueError(f"schema_version {version!r} is not MAJOR.MINOR")
        if int(major) > int(ours):
            raise UsageError(f"{where}: written by a newer netassess (results schema {version}; this one reads "
                             f"{ours}.x): upgrade netassess to read it")
        raw = _known_fields(RunResult, raw)
    return RunResult.model_validate(raw)
