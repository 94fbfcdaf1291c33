"""Management-plane hardening (S4), per platform, from the sanitised running config.

Masking keeps keywords and encryption-type digits (``password 8 <removed>``, ``enable secret 9
<removed>``), so "is this password stored in plain text?" is still answerable, and no value is
ever read or echoed.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from pydantic import Field, field_validator

from netassess.checks._common import (
    CONFIG_PLATFORMS,
    GET_CONFIG,
    ConfigLine,
    config_text,
    matching,
    parse_config,
    platform_of,
    require_platform,
    sections,
    tally,
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

Rule = Callable[[list[ConfigLine]], tuple[bool, str]]

# A secret written in clear: "password X" / "password 0 X" (not "password 7 X"), same for md5 keys.
_PLAINTEXT = r"(?:.*\s)?(?:password|secret|md5|authentication-key)(?: 0)? (?!\d+ )\S+.*"
# FRR can only encrypt its login passwords (OSPF/BGP keys are always stored as typed), so judge those.
_FRR_PLAINTEXT = r"(?:enable )?password(?: 0)? (?!\d+ )\S+"


def _present(pattern: str, what: str) -> Rule:
    def rule(cfg: list[ConfigLine]) -> tuple[bool, str]:
        return bool(matching(cfg, pattern)), f"expected {what}, not configured"
    return rule


def _no_plaintext(pattern: str) -> Rule:
    def rule(cfg: list[ConfigLine]) -> tuple[bool, str]:
        hits = matching(cfg, pattern)
        # quote only the statement up to its keyword, never what follows it
        shown = ", ".join(sorted({re.sub(r"((?:password|secret|md5|authentication-key)(?: 0)?) .*", r"\1 …", str(h))
                                  for h in hits}))
        return not hits, f"expected no plain-text passwords, found {len(hits)}: {shown}"
    return rule


def _vty_access_class(cfg: list[ConfigLine]) -> tuple[bool, str]:
    vtys = sections(cfg, r"line vty.*")
    if not vtys:
        return False, "expected an access-class on the vty lines, no 'line vty' section"
    missing = [name for name, body in vtys if not matching(body, r"access-class \S+( in)?( vrf-also)?")]
    return not missing, f"expected an access-class on every vty section, missing in {', '.join(missing)}"


def _ios_no_telnet(cfg: list[ConfigLine]) -> tuple[bool, str]:
    vtys = sections(cfg, r"line vty.*")
    if not vtys:
        return False, "expected 'transport input ssh' on the vty lines, no 'line vty' section"
    bad = [name for name, body in vtys if not matching(body, r"transport input (ssh|none)")]
    return not bad, f"expected 'transport input ssh' (no telnet) on every vty section, not so in {', '.join(bad)}"


def _ios_enable_secret(cfg: list[ConfigLine]) -> tuple[bool, str]:
    secret = matching(cfg, r"enable secret .*")
    password = matching(cfg, r"enable password .*")
    if secret and not password:
        return True, ""
    found = "an 'enable password' as well" if password and secret else "'enable password' instead" if password else "neither"
    return False, f"expected 'enable secret' and no 'enable password', found {found}"


def _eos_no_telnet(cfg: list[ConfigLine]) -> tuple[bool, str]:
    telnet = sections(cfg, r"management telnet")
    enabled = [name for name, body in telnet if matching(body, r"no shutdown")]
    return not enabled, "expected telnet disabled ('management telnet' shut), found it enabled"


def _junos_absent(parent_path: tuple[str, ...], what: str) -> Rule:
    def rule(cfg: list[ConfigLine]) -> tuple[bool, str]:
        hit = [ln for ln in cfg if ln.path[: len(parent_path)] == parent_path]
        return not hit, f"expected no {what}, found {hit[0] if hit else ''}"
    return rule


def _junos_present(parent_path: tuple[str, ...], what: str) -> Rule:
    def rule(cfg: list[ConfigLine]) -> tuple[bool, str]:
        hit = [ln for ln in cfg if ln.path[: len(parent_path)] == parent_path]
        return bool(hit), f"expected {what}, not configured"
    return rule


def _junos_statement(parents: tuple[str, ...], pattern: str, what: str) -> Rule:
    """A statement FULL-matching ``pattern`` directly under ``parents`` (a prefix test would take any
    ``system login user …`` for a banner)."""
    def rule(cfg: list[ConfigLine]) -> tuple[bool, str]:
        hit = [ln for ln in cfg if ln.parents == parents and re.fullmatch(pattern, ln.text)]
        return bool(hit), f"expected {what}, not configured"
    return rule


RULES: dict[str, dict[str, Rule]] = {
    "frr": {
        "password_encryption": _present(r"service password-encryption", "'service password-encryption'"),
        "no_plaintext_passwords": _no_plaintext(_FRR_PLAINTEXT),
        "vty_access_class": _vty_access_class,
    },
    "ios": {
        "no_telnet": _ios_no_telnet,
        "ssh_v2": _present(r"ip ssh version 2", "'ip ssh version 2'"),
        "enable_secret": _ios_enable_secret,
        "banner": _present(r"banner (motd|login|exec) .*", "a login/motd banner"),
        "password_encryption": _present(r"service password-encryption", "'service password-encryption'"),
        "no_plaintext_passwords": _no_plaintext(_PLAINTEXT),
        "vty_access_class": _vty_access_class,
    },
    "eos": {
        "no_telnet": _eos_no_telnet,
        "enable_secret": _present(r"enable (password|secret) (sha512|5|8a) .*", "a hashed enable secret"),
        "banner": _present(r"banner (motd|login)", "a login/motd banner"),
        "no_plaintext_passwords": _no_plaintext(_PLAINTEXT),
    },
    "junos": {
        "no_telnet": _junos_absent(("system", "services", "telnet"), "telnet service"),
        "root_authentication": _junos_present(("system", "root-authentication"), "root authentication"),
        "banner": _junos_statement(("system", "login"), r"message .+", "a login banner (system login message)"),
    },
}
ALL_RULES = sorted({name for rules in RULES.values() for name in rules})


@register_check
class ManagementHardening(CheckType):
    """The management plane is hardened the way the platform allows. Partial credit per rule:

    - FRR: ``password_encryption``, ``no_plaintext_passwords``, ``vty_access_class``;
    - IOS: ``no_telnet`` (vty ``transport input ssh``), ``ssh_v2``, ``enable_secret`` (and no
      ``enable password``), ``banner``, ``password_encryption``, ``no_plaintext_passwords``,
      ``vty_access_class``;
    - EOS: ``no_telnet``, ``enable_secret``, ``banner``, ``no_plaintext_passwords``;
    - Junos: ``no_telnet``, ``root_authentication``, ``banner`` (Junos never stores a secret in clear).

    ``skip`` leaves rules out (for a task that does not teach them); ``only`` keeps just those.

    ```yaml
    - id: harden-mgmt
      type: management_hardening
      targets: [all]
      args:
        skip: [banner]
    ```
    """

    class Args(CheckArgs):
        skip: list[str] = Field(default_factory=list)
        only: list[str] = Field(default_factory=list)

        @field_validator("skip", "only")
        @classmethod
        def _known(cls, value: list[str]) -> list[str]:
            unknown = [v for v in value if v not in ALL_RULES]
            if unknown:
                raise ValueError(f"unknown rule(s) {', '.join(unknown)}; known: {', '.join(ALL_RULES)}")
            return value

    name = "management_hardening"
    skills = ("S4",)

    def requests(self, args: CheckArgs, device: DeviceContext) -> list[StateRequest]:
        require_platform(device, CONFIG_PLATFORMS, "management_hardening")
        return [GET_CONFIG]

    def evaluate(self, args: Args, target: Target, state: StateView, ctx: EvalContext) -> Verdict:
        device = target.devices[0]
        platform = platform_of(ctx, device)
        cfg = [ln for ln in parse_config(config_text(state, device), platform) if not ln.banner]
        rules = {n: r for n, r in RULES[platform].items() if n not in args.skip and (not args.only or n in args.only)}
        items = []
        for rule_name, rule in rules.items():
            ok, why = rule(cfg)
            items.append((ok, f"{rule_name}: {why}"))
        return tally(items, f"hardened: {', '.join(rules)}", empty=f"no hardening rule left to judge on {platform}")
