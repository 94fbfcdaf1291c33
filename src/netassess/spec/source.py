"""Safe YAML loading that remembers where every value came from.

PyYAML's ``SafeLoader`` is used for the data (no arbitrary objects). A second pass over the
composed node tree maps each location (``("checks", 2, "args")``) to its line, so an error in
pydantic's terms can be reported in the author's terms: file and line. The same pass catches
duplicate mapping keys, which PyYAML would otherwise resolve silently (the last one wins).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from netassess.safe_yaml import YamlLimitError, load_with_nodes, read_capped
from netassess.spec.problems import Loc, Problem


@dataclass
class YamlSource:
    path: Path
    text: str
    data: Any = None
    lines: dict[Loc, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def line_of(self, loc: Loc) -> int | None:
        """Line of the deepest known prefix of ``loc`` (pydantic locations may go deeper than YAML)."""
        for end in range(len(loc), -1, -1):
            line = self.lines.get(tuple(loc[:end]))
            if line is not None:
                return line
        return None

    def problem(self, loc: Loc, message: str) -> Problem:
        return Problem(self.path, message, self.line_of(loc), tuple(loc))


def _walk(node: yaml.Node, loc: Loc, src: YamlSource) -> None:
    src.lines.setdefault(loc, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.start_mark)
            line = key_node.start_mark.line + 1
            if key in seen:
                src.problems.append(
                    Problem(src.path, f"duplicate key {key!r} (first on line {seen[key]}); keep one", line, loc)
                )
            seen[key] = line
            # A key's location points at the key's own line: that is where a reader looks.
            src.lines[(*loc, key)] = line
            _walk(value_node, (*loc, key), src)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, (*loc, index), src)


def load_yaml(path: Path) -> YamlSource:
    """Parse ``path`` safely. Syntax errors become a ``Problem`` (``data`` stays ``None``)."""
    try:
        text = read_capped(path)
    except (OSError, UnicodeDecodeError, YamlLimitError) as exc:
        src = YamlSource(path, "")
        src.problems.append(Problem(path, f"cannot read the file: {getattr(exc, 'problem', None) or exc}"))
        return src
    src = YamlSource(path, text)
    try:
        root, src.data = load_with_nodes(text)  # bombs, depth, huge integers refused before anything expands them
    except YamlLimitError as exc:
        mark = exc.problem_mark
        src.problems.append(Problem(path, f"{exc.problem}; this is not a task file netassess can read", mark.line + 1 if mark else None))
        return src
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        what = " ".join(part for part in (exc.context, exc.problem) if part)
        src.problems.append(Problem(path, f"malformed YAML: {what}; fix the syntax (indentation, quotes, colons)", line))
        src.data = None
        return src
    except yaml.YAMLError as exc:
        src.problems.append(Problem(path, f"malformed YAML: {exc}"))
        return src
    if root is not None:
        _walk(root, (), src)
    return src
