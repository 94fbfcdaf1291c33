"""Hypothesis strategies: values a hostile or careless author could put in any netassess input.

Every strategy mixes ordinary shapes (mappings, lists, numbers, text) with the specific inputs
that once broke netassess: Rich markup, Jinja bombs and escapes, path escapes, huge and
non-numeric numbers, and raw YAML bombs spliced into otherwise valid files.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

BILLION_LAUGHS = "\n".join(
    [f'l0: &l0 ["{"lol"}"]'] + [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, 10)]
) + "\n"
YAML_BOMBS = {
    "alias bomb": BILLION_LAUGHS,
    "deep nesting": "x: " + "[" * 300 + "]" * 300 + "\n",
    "deep mapping": "x:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 200)) + "  " * 200 + "v: 1\n",
    "5000-digit integer": "x: " + "9" * 5000 + "\n",
    "hex integer": "x: 0x" + "f" * 3000 + "\n",
    "bad timestamp": "x: 2024-13-45\n",
    "python object": "x: !!python/object/apply:os.system ['true']\n",
    "tab indentation": "x:\n\t- 1\n",
    "unhashable key": "? [a, b]\n: 1\n",
    "two documents": "a: 1\n---\nb: 2\n",
    "not utf-8": "x: caf\udce9\n",
}
TEMPLATE_BOMBS = [
    "{{ 'a' * 10**9 }}",
    "{% for a in range(100000) %}{% for b in range(100000) %}x{% endfor %}{% endfor %}",
    "{% for a in range(1000) %}{% for b in range(1000) %}{{ a }}{% endfor %}{% endfor %}",
    "{{ 10 ** 10 ** 10 }}",
    "{{ '%0999999999d' % 1 }}",
    "{{ '{:>999999999}'.format(1) }}",
    "{{ 'a' | center(999999999) }}",
    "{% set ns = namespace(v='ab') %}{% for i in range(64) %}{% set ns.v = ns.v ~ ns.v %}{% endfor %}{{ ns.v }}",
    "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ cycler.__init__.__globals__.os }}",
    "{% include '../../../../etc/passwd' %}",
    "{{ undefined_name }}",
    "{% for %}",
]
NASTY_TEXT = [
    "[/x]", "[bold red]x[/]", "[/]", "twenty-two", "../../../etc/passwd", "/etc/shadow", "", " ", "\x00", "é" * 50,
    "-1", "0", "65536", "1e999", "nan", "~", "null", "yes", "*", "&a", "<<", "{{", "{%", "%}", "\\", "'", '"',
    "a" * 5000, "\n\n", "S2", "all", "frr", "ios", "r1", "edge", *TEMPLATE_BOMBS,
]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=24),
    st.sampled_from(NASTY_TEXT),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(st.text(max_size=8), st.sampled_from(["id", "type", "args", "targets", "port"])), inner, max_size=4),
    ),
    max_leaves=10,
)


def paths_of(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every location inside nested dicts and lists, the root included."""
    out = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            out.extend(paths_of(value, (*prefix, key)))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            out.extend(paths_of(value, (*prefix, index)))
    return out


def _parent(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path[:-1]:
        data = data[part]
    return data


@st.composite
def mutated(draw: st.DrawFn, base: Any, rounds: int = 3) -> Any:
    """``base`` (a deep copy) with up to ``rounds`` values replaced, keys removed or keys added."""
    import copy

    data = copy.deepcopy(base)
    for _ in range(draw(st.integers(min_value=1, max_value=rounds))):
        locations = paths_of(data)
        path = draw(st.sampled_from(locations))
        action = draw(st.sampled_from(["replace", "replace", "delete", "add"]))
        if not path:
            if action == "replace":
                data = draw(values)
            continue
        parent = _parent(data, path)
        if action == "replace":
            parent[path[-1]] = draw(values)
        elif action == "delete":
            del parent[path[-1]]
        elif isinstance(parent, dict):
            parent[draw(st.sampled_from(["extra", "id", "port", "binds", "exec", "groups", "data"]))] = draw(values)
    return data


@st.composite
def text_damage(draw: st.DrawFn, text: str) -> str:
    """``text`` truncated, with a character spliced in, or with a YAML bomb appended or replacing it."""
    how = draw(st.sampled_from(["keep", "keep", "truncate", "splice", "bomb"]))
    if how == "truncate":
        return text[: draw(st.integers(min_value=0, max_value=len(text)))]
    if how == "splice":
        at = draw(st.integers(min_value=0, max_value=len(text)))
        return text[:at] + draw(st.sampled_from([":", "-", "[", "{", "'", "\t", "&x", "*x", "\n  ", "!!int"])) + text[at:]
    if how == "bomb":
        return draw(st.sampled_from(sorted(YAML_BOMBS.values())))
    return text
