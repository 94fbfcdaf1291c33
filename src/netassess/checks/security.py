"""Configuration statements present or absent (S4), judged on the sanitised running config.

Every pattern is a FULL-match regex against one statement with its indentation stripped, so
``ip ssh version 2`` never matches ``ip ssh version 2 something``, and ``Vlan5`` never ``Vlan5554``.
``section`` (a FULL-match regex too) limits the search to the statements under matching headers
(``interface eth1``, ``router ospf``, ``line vty``…), at any depth.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from netassess.checks._common import (
    CONFIG_PLATFORMS,
    GET_CONFIG,
    config_text,
    counted,
    matching,
    parse_config,
    platform_of,
    require_platform,
    sections,
    tally,
    valid_regex,
)
from netassess.checks.base import (
    CheckArgs,
    CheckType,
    DeviceContext,
    EvalContext,
    StateView,
    Target,
    Verdict,
    register_check,
)
from netassess.snapshot import StateRequest


class ConfigMatchArgs(CheckArgs):
    lines: list[str] = Field(min_length=1, description="FULL-match regexes, one per statement")
    section: str | None = Field(None, description="FULL-match regex of the section header(s) to search")
    every_section: bool = Field(False, description="with section: each matching section must satisfy the lines")
    source: Literal["running", "startup"] = "running"

    @field_validator("lines")
    @classmethod
    def _regexes(cls, value: list[str]) -> list[str]:
        return [valid_regex(v) for v in value]

    @field_validator("section")
    @classmethod
    def _section(cls, value: str | None) -> str | None:
        return valid_regex(value) if value is not None else None


class _ConfigCheck(CheckType):
    skills = ("S4",)
    Args = ConfigMatchArgs

    def requests(self, args: CheckArgs, device: DeviceContext) -> list[StateRequest]:
        require_platform(device, CONFIG_PLATFORMS, self.name)
        return [GET_CONFIG]

    def _sections(self, args: ConfigMatchArgs, target: Target, state: StateView, ctx: EvalContext) -> list:
        device = target.devices[0]
        cfg = parse_config(config_text(state, device, args.source), platform_of(ctx, device))
        return sections(cfg, args.section)


@register_check
class ConfigContains(_ConfigCheck):
    """Each pattern matches at least one statement (in ``section`` if given; in every matching
    section with ``every_section``). Partial credit per pattern.

    ```yaml
    - id: ssh-only
      type: config_contains
      targets: [edge]
      args:
        section: "line vty .*"
        lines: ["transport input ssh", "access-class \\\\S+ in"]
    ```
    """

    name = "config_contains"

    def evaluate(self, args: ConfigMatchArgs, target: Target, state: StateView, ctx: EvalContext) -> Verdict:
        secs = self._sections(args, target, state, ctx)
        where = f" under {args.section!r}" if args.section else ""
        if not secs:
            return Verdict.fail(f"expected a section matching {args.section!r}, found none")
        items = []
        for rx in args.lines:
            hits = [name for name, body in secs if matching(body, rx)]
            ok = len(hits) == len(secs) if args.every_section else bool(hits)
            missing = [name for name, body in secs if not matching(body, rx)]
            found = f"missing in {', '.join(missing)}" if args.every_section and missing else "not found"
            items.append((ok, f"expected a statement matching {rx!r}{where}, {found}"))
        return tally(items, f"{counted(len(args.lines), 'statement')} present{where}")


@register_check
class ConfigAbsent(_ConfigCheck):
    """No statement matches any pattern (in ``section`` if given). A missing section counts as absent.
    The offending statements are quoted from the sanitised config, so no secret is ever echoed.

    ```yaml
    - id: no-telnet
      type: config_absent
      targets: [edge]
      args:
        lines: ["transport input (telnet|all|.*telnet.*)", "ip http server"]
    ```
    """

    name = "config_absent"

    def evaluate(self, args: ConfigMatchArgs, target: Target, state: StateView, ctx: EvalContext) -> Verdict:
        secs = self._sections(args, target, state, ctx)
        where = f" under {args.section!r}" if args.section else ""
        items = []
        for rx in args.lines:
            hits = [ln for _, body in secs for ln in matching(body, rx)]
            shown = "; ".join(str(h) for h in hits[:3]) + (f" (+{len(hits) - 3} more)" if len(hits) > 3 else "")
            items.append((not hits, f"expected no statement matching {rx!r}{where}, found {shown}"))
        return tally(items, f"none of {counted(len(args.lines), 'pattern')} present{where}")
