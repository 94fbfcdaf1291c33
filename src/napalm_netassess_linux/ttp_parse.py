"""One TTP entry point for both drivers (napalm_frr builds on napalm_netassess_linux, never the reverse)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ttp import ttp


def parse_ttp_file(template: Path, text: str) -> dict[str, Any]:
    """Parse ``text`` with the template file; TTP nests results per input and per template."""
    parser = ttp(data=text, template=template.read_text())
    parser.parse()
    results = parser.result()
    result = results[0][0] if results and results[0] else {}
    return result if isinstance(result, dict) else {}
