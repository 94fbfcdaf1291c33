"""One TTP entry point for both drivers (napalm_frr builds on napalm_netassess_linux, never the reverse).

Building a TTP parser compiles its template (regexes, function table): ~10 ms, against ~0.5 ms to
parse a ping's output with it. At 128 routers that build was a third of the run's CPU, so each of
our template files is built once and reused. A TTP object holds the input and results of one
parse, so each parser has its own lock (the collector calls it from many threads at once). Our
templates keep no state between parses (no ``record``/``set`` variables), so reuse is exact.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from ttp import ttp

_PARSERS: dict[Path, tuple[threading.Lock, Any]] = {}
_BUILD = threading.Lock()


def _parser(template: Path) -> tuple[threading.Lock, Any]:
    """The parser built from ``template`` (a file shipped with a driver: a small, fixed set)."""
    with _BUILD:
        if template not in _PARSERS:
            _PARSERS[template] = (threading.Lock(), ttp(template=template.read_text()))
        return _PARSERS[template]


def parse_ttp_file(template: Path, text: str) -> dict[str, Any]:
    """Parse ``text`` with the template file; TTP nests results per input and per template."""
    lock, parser = _parser(template)
    with lock:
        parser.clear_result()
        parser.set_input(text, template_name="_all_")
        try:
            parser.parse(one=True)
            results = parser.result()
            # taken out before clearing: result() hands back the parser's own lists, which clear_result() empties
            result = results[0][0] if results and results[0] else {}
        finally:
            parser.clear_input()
            parser.clear_result()
    return result if isinstance(result, dict) else {}
