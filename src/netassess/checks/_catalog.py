"""The check catalogue, generated from the check classes themselves (docstring + Args model).

``docs/checks.md`` is this module's output; a unit test fails when it drifts, and
``python -m netassess.checks._catalog > docs/checks.md`` regenerates it.
"""

from __future__ import annotations

import inspect
import re
from typing import Any

from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from netassess.checks.base import CHECKS, CheckType, DeviceContext, Unsupported
from netassess.readonly.linux import USAGE
from netassess.readonly.network import NETWORK_POLICIES
from netassess.safe_yaml import safe_load

PLATFORMS = ("frr", "linux", "ios", "eos", "junos")

FAMILY_TITLES = {
    "interfaces": "Interfaces and identity",
    "cabling": "Cabling",
    "ospf": "OSPF",
    "bgp": "BGP",
    "routing": "Routing table",
    "reachability": "Reachability",
    "switching": "Switching (VLANs)",
    "security": "Configuration statements",
    "hardening": "Management hardening",
    "change": "Change control",
    "addressing": "Addressing",
    "ipv6": "IPv6",
    "generic": "Generic escape hatches",
}


def example(check: type[CheckType]) -> list[dict[str, Any]]:
    """The ready-to-paste YAML example of a check's docstring, parsed."""
    doc = inspect.getdoc(check) or ""
    m = re.search(r"```yaml\n(.*?)```", doc, re.DOTALL)
    if m is None:
        raise ValueError(f"check {check.name!r} has no ```yaml example in its docstring")
    return safe_load(m.group(1))


def _type_name(field: FieldInfo) -> str:
    text = str(field.annotation).replace("typing.", "").replace("NoneType", "None")
    text = re.sub(r"<class '([\w.]+)'>", lambda m: m.group(1).rsplit(".", 1)[-1], text)
    text = re.sub(r"[\w.]+\.(\w+)", r"\1", text)
    return text


def _default(field: FieldInfo) -> str:
    if field.is_required():
        return "required"
    if field.default_factory is not None:
        return f"`{field.get_default(call_default_factory=True)!r}`"
    return "" if field.default is PydanticUndefined else f"`{field.default!r}`"


def _args_table(check: type[CheckType]) -> list[str]:
    fields = check.Args.model_fields
    if not fields:
        return ["No arguments."]
    rows = ["| argument | type | default | notes |", "|---|---|---|---|"]
    for name, field in fields.items():
        cells = [f"`{name}`", f"`{_type_name(field)}`", _default(field), field.description or ""]
        rows.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return rows


def support(check: type[CheckType], platform: str) -> str:
    """What the check's docstring example asks ``platform`` for, or why it cannot."""
    args = check.parse_args(example(check)[0].get("args"))
    try:
        reqs = check().requests(args, DeviceContext("r1", platform))
    except Unsupported:
        return "unsupported"
    return "<br>".join(dict.fromkeys(f"`{r.key.split('?')[0]}`" for r in reqs))


def _support_table() -> list[str]:
    rows = ["| type | " + " | ".join(PLATFORMS) + " |", "|---|" + "---|" * len(PLATFORMS)]
    for name, cls in CHECKS.items():
        rows.append(f"| `{name}` | " + " | ".join(support(cls, p).replace("|", "\\|") for p in PLATFORMS) + " |")
    return rows


def _read_only_section() -> list[str]:
    """The allow-lists of ``netassess.readonly``, so the page and the policy cannot drift apart."""
    rows = ["| platform | command | output filters after `\\|` |", "|---|---|---|"]
    for platform, policy in sorted(NETWORK_POLICIES.items()):
        filters = ", ".join(f"`{name}`" for name in policy.filters)
        rows.append(f"| `{platform}` | `{policy.verb} …` | {filters} |")
    linux = [f"- `{usage}`" for usage in USAGE.values()]
    return ["", "## Read-only commands", "",
            "`run` and `check` never change a device. A `command` check's command must be read-only on every",
            "target's platform: `validate` refuses anything else (exit 2, file:line, naming the offending word),",
            "and the collector and the `frr`/`linux` drivers refuse it again before sending. Network OSes get one",
            "show command piped only through their own line filters (never `| redirect`, `| tee`, `| append`,",
            "`| save`, `> file`, `;`, a newline or an abbreviated verb); a platform not listed gets none.", "",
            *rows, "",
            "Linux hosts (`linux`) get these programs only, run as an argv with every word quoted (no shell",
            "syntax at all: no pipes, redirection, quoting, `;`, `&`, `$`, globs):", "", *linux, "",
            "A device that understands a command but answers that the feature is not configured (FRR:",
            "`% OSPF is not enabled in vrf default`, `% BGP instance not found`, `isisd is not running`) gives the",
            "`command` check a `fail` with the device's words; a command it does not know stays an `error`."]


def render_markdown() -> str:
    """The whole ``docs/checks.md``: one section per family, one entry per check type."""
    by_family: dict[str, list[type[CheckType]]] = {}
    for cls in map(CHECKS.get, CHECKS.names()):
        family = cls.__module__.rsplit(".", 1)[-1]
        by_family.setdefault(family, []).append(cls)
    out = [
        "# Check types",
        "",
        "<!-- generated by `python -m netassess.checks._catalog > docs/checks.md`; do not edit by hand -->",
        "",
        "Every check declares the state it needs (NAPALM getters or show commands), is judged purely from the",
        "collected snapshot, and returns pass/fail with partial credit and a message saying what was expected",
        "and what was found. Missing state, an unreachable device or an unsupported platform is an `error`,",
        "never a fail and never a pass. Regexes are always FULL-match. Configs are judged after sanitising:",
        "no check reads or echoes a secret.",
        "",
        "Adding a check type is adding one class (see `src/netassess/checks/base.py`): a docstring with a YAML",
        "example (this page is generated from it), a nested pydantic `Args` (`extra=\"forbid\"`), `requests()`",
        "naming the getters/commands it needs per platform (raise `Unsupported` where it cannot), and a pure",
        "`evaluate()` returning a `Verdict`; decorate it with `@register_check`. Put it in a module of",
        "`netassess.checks`, or in your own package registered under the `netassess.checks` entry-point group.",
        "Show output is parsed with TTP templates from `checks/ttp/<platform>/` (see `checks/README.md`).",
        "",
        "| type | family | scope | skills |",
        "|---|---|---|---|",
    ]
    order = [f for f in FAMILY_TITLES if f in by_family] + sorted(f for f in by_family if f not in FAMILY_TITLES)
    for family in order:
        for cls in by_family[family]:
            out.append(f"| [`{cls.name}`](#{cls.name}) | {FAMILY_TITLES.get(family, family)} | {cls.scope} | "
                       f"{', '.join(cls.skills) or '-'} |")
    out += ["", "## State read per platform", "",
            "What each check (with its example's arguments) asks a device for; `getter:` is a NAPALM getter,",
            "`cmd:` a show command parsed with the TTP templates in `checks/ttp/<platform>/`. Linux hosts",
            "(`napalm_netassess_linux`) answer the standard getters and `ping`. An unsupported platform is an `error` result.",
            "", *_support_table(), *_read_only_section()]
    for family in order:
        out += ["", f"## {FAMILY_TITLES.get(family, family)}", ""]
        for cls in by_family[family]:
            doc = inspect.getdoc(cls) or ""
            out += [f"### {cls.name}", "",
                    f"Scope: {cls.scope}. Skills: {', '.join(cls.skills) or 'as the task says'}.", "",
                    doc, "", *_args_table(cls), ""]
    return "\n".join(out).rstrip() + "\n"


if __name__ == "__main__":
    print(render_markdown(), end="")
