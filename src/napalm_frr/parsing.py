"""Shared parsing helpers for the FRR getters: TTP templates beside this file, FRR's quirks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from napalm_netassess_linux.ttp_parse import parse_ttp_file

TEMPLATES = Path(__file__).parent / "templates"


def parse_ttp(template: str, text: str) -> dict[str, Any]:
    """Parse text with a template from templates/."""
    return parse_ttp_file(TEMPLATES / template, text)


def as_list(value: Any) -> list[Any]:
    """TTP returns a dict for one match and a list for several."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def hms_to_seconds(text: str) -> float:
    """FRR uptimes: '00:03:49', '1d02h03m', '2w3d04h', '1m31s', '6.663s'; -1.0 if unreadable."""
    text = text.strip()
    if not text or text in {"never", "-"}:
        return -1.0
    if ":" in text:
        seconds = 0.0
        for part in text.split(":"):
            seconds = seconds * 60 + float(part)
        return seconds
    units = {"w": 604800, "d": 86400, "h": 3600, "m": 60, "s": 1}
    total, number = 0.0, ""
    for char in text:
        if char.isdigit() or char == ".":
            number += char
        elif char in units and number:
            total += float(number) * units[char]
            number = ""
        else:
            return -1.0
    return total if not number else -1.0
