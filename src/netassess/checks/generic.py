"""Escape hatches: assert on any NAPALM getter, or on any show command parsed with TTP or JSON.

Both use the operator engine in ``_compare`` (full-match regex, real eq/ne, strict lists), and
both stay read-only: only ``get_*``/``ping``/``traceroute`` getters, and only commands the
per-platform allow-list of ``netassess.readonly`` accepts (checked when the task is validated,
for each target's platform, and again before anything is sent).
"""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from netassess.checks import _compare
from netassess.checks._common import (
    command_json,
    command_output,
    find_template,
    parse_ttp,
    platform_of,
)
from netassess.checks.base import (
    CheckArgs,
    CheckType,
    DeviceContext,
    EvalContext,
    StateUnavailable,
    StateView,
    Target,
    Unsupported,
    Verdict,
    register_check,
)
from netassess.readonly import CommandRefused, check_command, platforms, why_refused_everywhere
from netassess.snapshot import StateRequest

_READ_ONLY_GETTER = r"get_[a-z0-9_]+|ping|traceroute"

# TTP tags that execute Python (<macro>, <vars>), read or write files (<input>, <output>, <lookup>,
# <extend>) or nest templates: a task file's inline template must not run code on the assessor's machine.
_TTP_ACTIVE_TAGS = r"(?i)<\s*(macro|vars|input|output|lookup|extend|template|doc)\b"


class AssertionArgs(CheckArgs):
    """Where to look and what to expect; shared by ``getter`` and ``command``."""

    path: str | list[str | int] = Field("", description='e.g. global.peers["10.0.0.2"].is_up; * fans out')
    operator: Literal[_compare.OPERATORS + ("absent",)] = "eq"  # type: ignore[valid-type]
    value: Any = None
    quantifier: Literal["all", "any"] = "all"
    strict: bool = Field(False, description="matches: extra list items / keys are differences too")

    @model_validator(mode="after")
    def _value_fits(self) -> AssertionArgs:
        if self.operator == "range" and not (isinstance(self.value, list) and len(self.value) == 2):
            raise ValueError("operator range needs value: [low, high]")
        if self.operator == "regex":
            if not isinstance(self.value, str):
                raise ValueError("operator regex needs a string value")
            try:
                re.compile(self.value)
            except re.error as exc:
                raise ValueError(f"{self.value!r} is not a valid regular expression: {exc}") from None
        if self.operator == "matches":
            _check_leaf_regexes(self.value)
        if self.operator in ("in", "not_in") and not isinstance(self.value, list | str | dict):
            raise ValueError(f"operator {self.operator} needs a list value")
        try:
            _compare.parse_path(self.path)
        except ValueError as exc:
            raise ValueError(str(exc)) from None
        return self


def _check_leaf_regexes(expected: Any) -> None:
    """``{"$regex": …}`` leaves of a ``matches`` value compile now (a spec error), not mid-run (an internal error)."""
    if isinstance(expected, dict):
        for key, sub in expected.items():
            if key == "$regex":
                try:
                    re.compile(str(sub))
                except re.error as exc:
                    raise ValueError(f"$regex {sub!r} is not a valid regular expression: {exc}") from None
            else:
                _check_leaf_regexes(sub)
    elif isinstance(expected, list):
        for item in expected:
            _check_leaf_regexes(item)


def judge(args: AssertionArgs, data: Any, what: str) -> Verdict:
    """Apply the assertion to ``data``; a missing path is the candidate's ``fail`` (unless ``absent``)."""
    shown_path = args.path if isinstance(args.path, str) else ".".join(map(str, args.path))
    where = f"{what} {shown_path}".strip()
    try:
        found = _compare.resolve(data, args.path)
    except _compare.PathError as exc:
        if args.operator == "absent":
            return Verdict.ok(f"{where} is absent")
        return Verdict.fail(f"expected {where} {_compare.describe(args.operator, args.value)}, but {exc}")
    if args.operator == "absent":
        return Verdict.fail(f"expected {where} absent, found {_compare._show(found[0][1])}")
    results = [(w, *_compare.apply(args.operator, v, args.value, args.strict)) for w, v in found]
    ok = _compare.all_or_any((r[1] for r in results), args.quantifier)
    expected = _compare.describe(args.operator, args.value)
    if ok:
        return Verdict.ok(f"{where} {expected}")
    bad = [f"{w}: {f}" for w, good, f in results if not good][:5]
    scope = "" if len(found) == 1 else f" ({args.quantifier} of {len(found)})"
    return Verdict.fail(f"expected {where} {expected}{scope}, found {'; '.join(bad) or 'nothing'}")


@register_check
class Getter(CheckType):
    """Any NAPALM getter, a path into its result, and an operator: ``eq ne lt le gt ge in not_in
    contains regex`` (FULL match) ``range exists absent matches`` (structure: expected is a subset
    of found unless ``strict``; leaves may be ``{"$regex": …}``/``{"$ge": …}``…).

    ```yaml
    - id: bgp-peer-up
      type: getter
      targets: [edge]
      args:
        getter: get_bgp_neighbors
        path: 'global.peers["10.0.12.2"].is_up'
        operator: eq
        value: true
    ```
    """

    class Args(AssertionArgs):
        getter: str
        getter_args: dict[str, Any] = Field(default_factory=dict)

        @field_validator("getter")
        @classmethod
        def _read_only(cls, value: str) -> str:
            if not re.fullmatch(_READ_ONLY_GETTER, value):
                raise ValueError(f"{value!r} is not a read-only NAPALM getter (get_*, ping, traceroute)")
            return value

    name = "getter"
    skills = ()

    def requests(self, args: CheckArgs, device: DeviceContext) -> list[StateRequest]:
        return [StateRequest.getter(args.getter, **args.getter_args)]  # type: ignore[attr-defined]

    def evaluate(self, args: Args, target: Target, state: StateView, ctx: EvalContext) -> Verdict:
        data = state.get(target.devices[0], StateRequest.getter(args.getter, **args.getter_args))
        return judge(args, data, args.getter)


@register_check
class Command(CheckType):
    """Any read-only CLI command (``show …``; on Linux hosts ``ip``, ``ping -c N``, ``ss``… as listed
    under Read-only commands), parsed as JSON (``parse: json``, e.g. FRR's ``show … json``), with a
    TTP template from ``checks/`` (``{platform}`` in its name is replaced, so one check serves
    several platforms), or kept as text; then the same assertion as ``getter``. ``command`` may be
    a mapping platform -> command. A device answering that the feature is not configured is a fail.

    ```yaml
    - id: ospf-full
      type: command
      targets: [core]
      args:
        command: {frr: "show ip ospf neighbor", ios: "show ip ospf neighbor"}
        template: "ttp/{platform}/show_ip_ospf_neighbor.ttp"
        path: "neighbors.*.state"
        operator: regex
        value: "(?i)full"
    ```
    """

    class Args(AssertionArgs):
        command: str | dict[str, str]
        parse: Literal["json", "ttp", "text"] | None = None
        template: str | None = None
        template_text: str | None = None

        @field_validator("command")
        @classmethod
        def _read_only(cls, value: str | dict[str, str]) -> str | dict[str, str]:
            if isinstance(value, str):
                if refused := why_refused_everywhere(value):
                    raise ValueError(f"{refused} (no platform's read-only allow-list accepts {value!r}; "
                                     "see 'Read-only commands' in docs/checks.md)")
                return value
            for platform, cmd in value.items():
                if platform not in platforms():
                    raise ValueError(f"{platform!r} is no platform with a read-only command policy "
                                     f"(known: {', '.join(platforms())})")
                try:
                    check_command(platform, cmd)
                except CommandRefused as exc:
                    raise ValueError(f"{platform}: {exc}") from None
            return value

        @model_validator(mode="after")
        def _parser(self) -> Command.Args:
            if self.template and self.template_text:
                raise ValueError("give template or template_text, not both")
            if self.parse is None:
                self.parse = "ttp" if (self.template or self.template_text) else "text"
            if self.parse == "ttp" and not (self.template or self.template_text):
                raise ValueError("parse: ttp needs template or template_text")
            if self.template and (self.template.startswith(("/", "\\")) or ".." in self.template.replace("\\", "/").split("/")):
                raise ValueError(f"template {self.template!r}: name a template under checks/ (e.g. ttp/{{platform}}/x.ttp), "
                                 "not an absolute path or one leaving the checks folders")
            if self.template_text and (tag := re.search(_TTP_ACTIVE_TAGS, self.template_text)):
                raise ValueError(f"template_text: <{tag.group(1)}> runs Python or touches files in TTP; "
                                 "only <group> and match variables are allowed inline (put the rest under checks/ttp/)")
            return self

    name = "command"
    skills = ()
    platform_field = "command"

    @staticmethod
    def command_for(args: Args, platform: str) -> str:
        if isinstance(args.command, str):
            return args.command
        if platform not in args.command:
            raise Unsupported(f"no command given for platform {platform!r} (given: {', '.join(args.command)})")
        return args.command[platform]

    def platform_problem(self, args: CheckArgs, platform: str) -> str | None:
        if isinstance(args.command, dict) and platform not in args.command:  # type: ignore[attr-defined]
            return None  # no command for this platform: 'unsupported' at run time, as for any check
        try:
            check_command(platform, self.command_for(args, platform))  # type: ignore[arg-type]
        except CommandRefused as exc:
            return f"not read-only on {platform}: {exc}"
        return None

    def requests(self, args: CheckArgs, device: DeviceContext) -> list[StateRequest]:
        command = self.command_for(args, device.platform)  # type: ignore[arg-type]
        if problem := self.platform_problem(args, device.platform):
            raise Unsupported(f"command {command!r} is {problem}")  # a rack device of another platform than the topology's
        return [StateRequest.cmd(command)]

    def evaluate(self, args: Args, target: Target, state: StateView, ctx: EvalContext) -> Verdict:
        device = target.devices[0]
        platform = platform_of(ctx, device)
        request = StateRequest.cmd(self.command_for(args, platform))
        try:
            return self._judge_output(args, state, device, platform, request)
        except StateUnavailable as exc:
            if exc.kind != "refused":
                raise
            # The device understood the command and said the feature is not configured: the candidate's fail.
            return Verdict.fail(f"{device} answered {request.name!r} with: {exc.reason}")

    def _judge_output(self, args: Args, state: StateView, device: str, platform: str, request: StateRequest) -> Verdict:
        if args.parse == "json":
            return judge(args, command_json(state, device, request), request.name)
        text = command_output(state, device, request)
        data: Any = text
        if args.parse == "ttp":
            if args.template_text:
                data = parse_ttp(text, args.template_text, inline=True)
            else:
                name = args.template.replace("{platform}", platform)  # type: ignore[union-attr]
                try:
                    find_template(name)
                except FileNotFoundError as exc:
                    raise Unsupported(str(exc)) from None
                data = parse_ttp(text, name)
        return judge(args, data, request.name)
