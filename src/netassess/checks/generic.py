"""Escape hatches: assert on any NAPALM getter, or on any show command parsed with TTP or JSON.

Both use the operator engine in ``_compare`` (full-match regex, real eq/ne, strict lists), and
both stay read-only: only ``get_*``/``ping``/``traceroute`` getters and ``show``-style commands.
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
    StateView,
    Target,
    Unsupported,
    Verdict,
    register_check,
)
from netassess.collect.snapshot import StateRequest

_READ_ONLY_GETTER = r"get_[a-z0-9_]+|ping|traceroute"
# A show command, with no shell metacharacters (the linux driver runs commands in a shell, so
# `ping x; rm …` would run both) and only output filters after a pipe: IOS `| redirect`/`| tee`/
# `| append`, EOS `> flash:`, Junos `| save` all WRITE files and are refused.
_ARGS = r"(?:[^;&`$<>\r\n|]|\$(?![({]))*"  # `$` ends a regex (include ^x$); `$(`/`${` would be shell expansion
_READ_ONLY_COMMAND = r"(show|display|ping|traceroute)\s" + _ARGS
_PIPE_FILTER = (r"(include|exclude|begin|section|count|json|match|except|find|display\s+(json|xml|set)|no-more|last"
                r"|inc|incl|exc|excl|beg|sec|i|e|b|s|grep|head|tail|wc)(\s" + _ARGS + ")?")


# TTP tags that execute Python (<macro>, <vars>), read or write files (<input>, <output>, <lookup>,
# <extend>) or nest templates: a task file's inline template must not run code on the assessor's machine.
_TTP_ACTIVE_TAGS = r"(?i)<\s*(macro|vars|input|output|lookup|extend|template|doc)\b"


def is_read_only_command(command: str) -> bool:
    """A show-style command, optionally piped through read-only output filters only."""
    first, *pipes = command.strip().split("|")
    return re.fullmatch(_READ_ONLY_COMMAND, first.strip()) is not None and all(
        re.fullmatch(_PIPE_FILTER, p.strip()) for p in pipes)


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
    """Any read-only CLI command (``show …``), parsed as JSON (``parse: json``, e.g. FRR's
    ``show … json``), with a TTP template from ``checks/`` (``{platform}`` in its name is
    replaced, so one check serves several platforms), or kept as text; then the same assertion as
    ``getter``. ``command`` may be a mapping platform -> command.

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
            for cmd in [value] if isinstance(value, str) else value.values():
                if not is_read_only_command(cmd):
                    raise ValueError(f"{cmd!r}: only read-only commands (show …, display …, piped only through "
                                     "output filters such as include/exclude/section) are allowed")
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

    @staticmethod
    def command_for(args: Args, platform: str) -> str:
        if isinstance(args.command, str):
            return args.command
        if platform not in args.command:
            raise Unsupported(f"no command given for platform {platform!r} (given: {', '.join(args.command)})")
        return args.command[platform]

    def requests(self, args: CheckArgs, device: DeviceContext) -> list[StateRequest]:
        return [StateRequest.cmd(self.command_for(args, device.platform))]  # type: ignore[arg-type]

    def evaluate(self, args: Args, target: Target, state: StateView, ctx: EvalContext) -> Verdict:
        device = target.devices[0]
        platform = platform_of(ctx, device)
        request = StateRequest.cmd(self.command_for(args, platform))
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
