"""libyaml reads task files (issue 15: CLI start), yet what netassess reports stays PyYAML's.

``safe_yaml.load_with_nodes`` composes with libyaml and falls back to PyYAML's own parser when
libyaml refuses a document; these tests hold both halves of that to the pure-PyYAML reading.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from netassess import safe_yaml
from netassess.spec.source import YamlSource, _walk

REPO = Path(__file__).resolve().parents[3]
SHIPPED = sorted([*REPO.glob("tasks/*.yaml"), *REPO.glob("containerlab/*.yml"), *REPO.glob("inventories/**/*.yaml")])


def _read(text: str, loader: type) -> tuple[object, dict, list[str]]:
    root, data = safe_yaml._compose_and_construct(loader, text)
    src = YamlSource(Path("x.yaml"), text)
    if root is not None:
        _walk(root, (), src)
    return data, src.lines, [str(p) for p in src.problems]


pytestmark = pytest.mark.skipif(safe_yaml._FastLoader is None, reason="PyYAML built without libyaml")


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: str(p.relative_to(REPO)))
def test_libyaml_reads_every_shipped_file_to_the_same_data_and_lines_as_pyyaml(path: Path) -> None:
    text = path.read_text()
    assert _read(text, safe_yaml._FastLoader) == _read(text, safe_yaml._Loader)


def test_duplicate_keys_are_found_on_the_same_lines_either_way() -> None:
    text = "a: 1\nb:\n  c: 2\n  c: 3\na: 4\n"
    data, lines, problems = _read(text, safe_yaml._FastLoader)
    assert (data, lines, problems) == _read(text, safe_yaml._Loader) and len(problems) == 2


@pytest.mark.parametrize("text", ["a: [1, 2\n", "a: b: c\n", "- a\nb: 1\n", "a: 'open\n", "x: !!python/object:os.system ls\n"])
def test_a_document_libyaml_refuses_is_reported_in_pyyaml_words(text: str) -> None:
    with pytest.raises(yaml.YAMLError) as fast:
        safe_yaml.load_with_nodes(text)
    with pytest.raises(yaml.YAMLError) as pure:
        safe_yaml._compose_and_construct(safe_yaml._Loader, text)
    assert safe_yaml.describe("t.yaml", fast.value) == safe_yaml.describe("t.yaml", pure.value)
