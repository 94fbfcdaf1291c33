"""Configuration diffs by FRR's own frr-reload.py logic, not a hand-rolled differ.

frr-reload.py (package frr-pythontools) is GPL-2.0, so it is loaded from the FRR install at run
time rather than copied here. Its Config objects want text "marked" by `vtysh -m` (vtysh parses
the config with its full command tree and marks where each context ends); marking also reports
the first line vtysh does not know, which is how candidates are validated before any change.
Marking runs with the local vtysh when FRR is installed here, else on the router's Linux shell.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

DEFAULT_FRR_RELOAD = "/usr/lib/frr/frr-reload.py"
HEADER_LINES = {"Building configuration...", "Current configuration:"}
# vtysh -m errors look like "line 3: % Unknown command: ip ospf cots 10"
MARK_ERROR = re.compile(r"line (\d+): %\s*(.+)")

_modules: dict[str, ModuleType] = {}


class CandidateError(ValueError):
    """vtysh rejected a candidate line while parsing it (nothing was sent to the router)."""

    def __init__(self, line: str, message: str):
        super().__init__(f"'{line}': {message}")
        self.line, self.message = line, message


def load_frr_reload(path: str = DEFAULT_FRR_RELOAD) -> ModuleType:
    if path not in _modules:
        if not Path(path).is_file():
            raise FileNotFoundError(
                f"{path} not found: install FRR's frr-pythontools here (apt-get install frr-pythontools) "
                "or set optional_args frr_reload to its path"
            )
        spec = importlib.util.spec_from_file_location("frr_reload", path)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        with warnings.catch_warnings():  # its regexes use "\s" in plain strings
            warnings.simplefilter("ignore", DeprecationWarning)
            warnings.simplefilter("ignore", SyntaxWarning)
            spec.loader.exec_module(module)
        _modules[path] = module
    return _modules[path]


def strip_header(running: str) -> str:
    return "\n".join(line for line in running.splitlines() if line.strip() not in HEADER_LINES)


Marker = Callable[[str], tuple[int, str]]  # text -> (exit code, marked text or errors)


def local_marker() -> Marker | None:
    vtysh = shutil.which("vtysh") or ("/usr/bin/vtysh" if Path("/usr/bin/vtysh").exists() else None)
    if vtysh is None:
        return None

    def mark(text: str) -> tuple[int, str]:
        done = subprocess.run([vtysh, "-m", "-f", "-"], input=text, capture_output=True, text=True, timeout=30)
        return done.returncode, done.stdout if done.returncode == 0 else done.stdout + done.stderr

    return mark


class _Marked:
    """Stands in for frr-reload's Vtysh object: hands back text we already marked."""

    def __init__(self, marked: str):
        self.marked = marked

    def mark_file(self, filename: str, stdin: Any = None) -> str:
        return self.marked

    def mark_show_run(self, daemon: Any = None) -> str:
        return self.marked


@dataclass
class ReloadPlan:
    """What commit will type: `no ...` blocks first, then the added blocks (context lines included)."""

    deletes: list[list[str]] = field(default_factory=list)
    adds: list[list[str]] = field(default_factory=list)

    def text(self) -> str:
        """The plan as config text; consecutive blocks under the same context share one header."""
        out: list[str] = []
        context: list[str] | None = None
        for block in self.deletes + self.adds:
            head = block[:-1]
            if head and head == context:
                out.append(block[-1])
            else:
                out.extend(block)
                context = head or None
        return "\n".join(out)

    def __bool__(self) -> bool:
        return bool(self.deletes or self.adds)


class FrrReloadDiff:
    def __init__(self, marker: Marker, frr_reload_path: str = DEFAULT_FRR_RELOAD):
        self.marker = marker
        self.module = load_frr_reload(frr_reload_path)

    def mark(self, text: str) -> str:
        rc, out = self.marker(text.rstrip("\n") + "\n")
        if rc == 0:
            return out
        found = MARK_ERROR.search(out)
        if found:
            number = int(found.group(1))
            lines = text.splitlines()
            line = lines[number - 1].strip() if 0 < number <= len(lines) else "?"
            raise CandidateError(line, found.group(2).strip())
        raise CandidateError("?", f"vtysh -m failed: {out.strip()[:200]}")

    def _config(self, text: str, running: bool) -> Any:
        config = self.module.Config(_Marked(self.mark(strip_header(text))))
        if running:
            config.load_from_show_running(None)
        else:
            config.load_from_file("-")
        return config

    def plan(self, target: str, running: str, with_deletes: bool = True) -> ReloadPlan:
        """Lines that turn `running` into `target`; merge plans leave deletes out."""
        current = self._config(running, True)
        to_add, to_del = self.module.compare_context_objects(self._config(target, False), current)
        to_del = _interface_lines(to_del, current)
        plan = ReloadPlan()
        if with_deletes:
            plan.deletes = [_no_exit(self.module.lines_to_config(k, line, True)) for k, line in to_del if line != "!"]
        plan.adds = [_no_exit(self.module.lines_to_config(k, line, False)) for k, line in to_add if line != "!"]
        return plan


def _interface_lines(to_del: list[tuple[Any, Any]], running: Any) -> list[tuple[Any, Any]]:
    """A whole interface block to delete, as its lines. FRR 10's frr-reload.py deletes such a block
    with `no interface X`, which FRR refuses for an interface that exists ("only inactive interfaces
    can be deleted"); 8.4's removed the lines one by one, which every release accepts."""
    out: list[tuple[Any, Any]] = []
    for keys, line in to_del:
        context = running.contexts.get(keys) if line is None and len(keys) == 1 else None
        if context is not None and keys[0].startswith("interface "):
            out.extend((keys, ln) for ln in context.lines)
        else:
            out.append((keys, line))
    return out


def _no_exit(block: list[str]) -> list[str]:
    """A block without the `exit` lines FRR 10's frr-reload.py closes each context with (8.4's adds
    none). Each block is typed in its own `vtysh -c`, which leaves the contexts anyway; without them
    a refusal FRR 10 reports only when the context closes falls on the block's real last line."""
    while len(block) > 1 and block[-1].strip() == "exit":
        block = block[:-1]
    return block
