"""The one way netassess reads YAML written by someone else: bounded in size, depth and expansion.

Task files, topologies and inventories are shared between colleges, so they are untrusted input.
PyYAML's ``safe_load`` refuses Python objects but not exhaustion: a 6 KB "billion laughs" file of
nested aliases is cheap to parse yet expands to billions of nodes as soon as anything walks it
(line mapping, pydantic, a report), and a 5000-digit integer raises a bare ``ValueError``. So
before anything is constructed, one pass over the parser's events (the parser is a state machine,
so deep nesting cannot overflow a stack here) measures the document and refuses, at the offending
line, anything past the limits below. (The composer that runs afterwards recurses, so the depth
limit also keeps it far from Python's recursion limit.) The refusal is a ``yaml.MarkedYAMLError``,
so every caller's existing "file:line: malformed YAML" handling reports it as one line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

MAX_BYTES = 2 * 1024 * 1024  # the biggest shipped task is ~10 KB; a rack inventory ~100 KB
MAX_DEPTH = 64  # nesting of mappings and sequences; real files stay under 10
MAX_NODES = 200_000  # scalars + collections once every alias is expanded
MAX_ALIAS_NODES = 10_000  # nodes that aliases add (a merge key `<<: *defaults` adds a few dozen)
MAX_INT_DIGITS = 100  # no port, AS number, cost or count needs more

# Measuring uses libyaml's parser where present (fast, and also a state machine). So does composing
# and constructing; but a document libyaml refuses is read again with PyYAML's own parser, whose
# error wording is what netassess has always reported. (PyYAML's parser took 15 ms of a 20 ms task
# load, a tenth of `validate`: issue 15.)
_Scanner: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _MarkedConstructErrors:
    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        """A value the constructor cannot build (``2024-13-45``) is a marked error, not a bare ``ValueError``."""
        try:
            return super().construct_object(node, deep=deep)  # type: ignore[misc]
        except (ValueError, OverflowError, TypeError) as exc:
            raise yaml.constructor.ConstructorError(None, None, f"cannot read {node.value!r}: {exc}"[:300], node.start_mark) from None


class _Loader(_MarkedConstructErrors, yaml.SafeLoader):
    pass


_FastLoader: type | None = (type("_FastLoader", (_MarkedConstructErrors, yaml.CSafeLoader), {})
                            if hasattr(yaml, "CSafeLoader") else None)

_INT_TAG = "tag:yaml.org,2002:int"


class YamlLimitError(yaml.MarkedYAMLError):
    """A document past one of the limits above; ``problem_mark`` is where it was noticed."""


def read_capped(path: Path, limit: int = MAX_BYTES) -> str:
    """The file's text, refusing files larger than ``limit`` before reading them whole."""
    with path.open("rb") as fh:
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise YamlLimitError(problem=f"the file is larger than {limit // 1024} KiB; this is not a netassess input file")
    return data.decode("utf-8")


def check_limits(text: str, scanner: type = _Scanner) -> None:
    """Walk the parser's events once and refuse a document past the limits, naming the line."""
    if len(text) > MAX_BYTES:
        raise YamlLimitError(problem=f"the document is larger than {MAX_BYTES // 1024} KiB")
    loader = scanner(text)
    try:
        # One frame per open collection: [expanded size so far, anchor]. Anchored sizes are
        # remembered so an alias costs what it expands to, without expanding it.
        stack: list[list[Any]] = [[0, None]]
        anchors: dict[str, int] = {}
        alias_nodes = 0
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                stack.append([1, event.anchor])
                if len(stack) - 1 > MAX_DEPTH:
                    _refuse(event, f"nested more than {MAX_DEPTH} levels deep")
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                size, anchor = stack.pop()
                if anchor is not None:
                    anchors[anchor] = size
                stack[-1][0] += size
            elif isinstance(event, yaml.ScalarEvent):
                _check_scalar(loader, event)
                if event.anchor is not None:
                    anchors[event.anchor] = 1
                stack[-1][0] += 1
            elif isinstance(event, yaml.AliasEvent):
                size = anchors.get(event.anchor, 1)
                alias_nodes += size
                stack[-1][0] += size
                if alias_nodes > MAX_ALIAS_NODES:
                    _refuse(event, f"aliases (*{event.anchor}) expand to more than {MAX_ALIAS_NODES} nodes")
            elif isinstance(event, yaml.DocumentEndEvent):
                anchors.clear()  # anchors do not cross documents
            if stack[0][0] > MAX_NODES:
                _refuse(event, f"the document holds more than {MAX_NODES} values")
    except YamlLimitError:
        raise
    except yaml.YAMLError:
        if scanner is not yaml.SafeLoader:
            # libyaml may stop early (its own nesting cap, a read-ahead error): measure the way
            # the composer will read it, so nothing it composes went unmeasured.
            check_limits(text, yaml.SafeLoader)
        # else a syntax error: the composer reports it in its own words; what came before was measured
    finally:
        loader.dispose()


def _check_scalar(loader: Any, event: yaml.ScalarEvent) -> None:
    tag = event.tag if event.tag not in (None, "!") else loader.resolve(yaml.ScalarNode, event.value, event.implicit)
    if tag == _INT_TAG and sum(ch.isalnum() for ch in event.value) > MAX_INT_DIGITS + 2:  # + 2 for 0x, 0o
        _refuse(event, f"an integer of more than {MAX_INT_DIGITS} digits")


def _refuse(event: yaml.Event, what: str) -> None:
    raise YamlLimitError(problem=f"refused: {what}", problem_mark=event.start_mark)


def safe_load(text: str) -> Any:
    """``yaml.safe_load`` within the limits (raises ``yaml.YAMLError``, a ``YamlLimitError`` included)."""
    return load_with_nodes(text)[1]


def load_with_nodes(text: str) -> tuple[yaml.Node | None, Any]:
    """The node tree (with line marks, for error messages) and the data, within the limits."""
    check_limits(text)
    if _FastLoader is not None:
        try:
            return _compose_and_construct(_FastLoader, text)
        except yaml.YAMLError:
            pass  # read again below, for PyYAML's wording and marks
    return _compose_and_construct(_Loader, text)


def _compose_and_construct(loader_class: type, text: str) -> tuple[yaml.Node | None, Any]:
    loader = loader_class(text)
    try:
        root = loader.get_single_node()
        return root, (loader.construct_document(root) if root is not None else None)
    finally:
        loader.dispose()


def safe_load_file(path: Path) -> Any:
    """Read ``path`` (size-capped) and ``safe_load`` it. Raises ``yaml.YAMLError``, ``OSError``, ``UnicodeDecodeError``."""
    return safe_load(read_capped(path))


def describe(path: Path | str, exc: BaseException) -> str:
    """One line for a failed read: ``file:line: malformed YAML: what; how to fix``."""
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        where = f"{path}:{mark.line + 1}" if mark is not None else str(path)
        what = " ".join(part for part in (exc.context, exc.problem) if part)
        if isinstance(exc, YamlLimitError):
            return f"{where}: {what}"
        return f"{where}: malformed YAML: {what}; fix the syntax (indentation, quotes, colons)"
    if isinstance(exc, UnicodeDecodeError):
        return f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})"
    if isinstance(exc, OSError):
        return f"{path}: cannot read the file: {exc.strerror or exc}"
    first = (str(exc).splitlines() or [type(exc).__name__])[0]
    return f"{path}: malformed YAML: {first}"


LOAD_ERRORS = (yaml.YAMLError, OSError, UnicodeDecodeError, ValueError, RecursionError)


__all__ = [
    "LOAD_ERRORS", "MAX_ALIAS_NODES", "MAX_BYTES", "MAX_DEPTH", "MAX_INT_DIGITS", "MAX_NODES",
    "YamlLimitError", "check_limits", "describe", "load_with_nodes", "read_capped", "safe_load", "safe_load_file",
]
