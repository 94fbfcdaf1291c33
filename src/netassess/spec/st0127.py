"""The ST0127 (Network Engineer, Level 4) skill codes a task may claim.

Codes are validated so a typo such as ``S41`` cannot silently create a skill that no
assessment plan knows. Only the four practical skills netassess assesses are described;
the rest exist so a task can also credit related knowledge and behaviours.
"""

from __future__ import annotations

KNOWLEDGE = tuple(f"K{i}" for i in range(1, 22))
SKILLS = tuple(f"S{i}" for i in range(1, 15))
BEHAVIOURS = tuple(f"B{i}" for i in range(1, 7))
CODES: tuple[str, ...] = KNOWLEDGE + SKILLS + BEHAVIOURS
CODE_SET = frozenset(CODES)
CODES_SUMMARY = "K1–K21, S1–S14, B1–B6"

# A task must exercise at least one of the practical skills the tool can observe on a device.
# The descriptions are netassess's paraphrases, not the standard's wording, and which S-numbers the
# standard gives these skills is unverified: docs/tasks.md "The ST0127 wording behind each skill".
ASSESSED_SKILLS: dict[str, str] = {
    "S2": "install and configure network components",
    "S4": "apply security to network components",
    "S7": "apply and test changes, minimising downtime",
    "S13": "plan and apply IP addressing",
}


def check_code(code: str) -> str:
    """Return ``code`` if it is an ST0127 code, else raise ``ValueError`` with the valid ranges."""
    if code not in CODE_SET:
        raise ValueError(f"unknown ST0127 skill code {code!r}; use one of {CODES_SUMMARY}")
    return code
