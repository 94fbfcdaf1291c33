"""reader: bounds on what verify reads from a folder (the zip bounds are in test_tamper_matrix)."""

from __future__ import annotations

from pathlib import Path

import pytest

from netassess.evidence.reader import Limits, Refused, read_dir, read_zip


def _tree(root: Path, files: dict[str, bytes]) -> Path:
    for name, data in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    return root


def test_folder_with_more_entries_than_the_bound_is_refused(tmp_path: Path) -> None:
    root = _tree(tmp_path / "b", {f"raw/f{i:03}.txt": b"x" for i in range(60)})
    with pytest.raises(Refused, match="more than 50 entries"):
        read_dir(root, Limits(entries=50))


def test_folder_nested_too_deep_is_refused(tmp_path: Path) -> None:
    root = _tree(tmp_path / "b", {"/".join(["d"] * 12) + "/x.txt": b"x"})
    with pytest.raises(Refused, match=r"d/x.txt is more than 12 path levels deep"):
        read_dir(root, Limits())


def test_file_over_the_per_file_bound_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    root = _tree(tmp_path / "b", {"results.json": bytes(3 * 1024 * 1024)})
    with pytest.raises(Refused, match="results.json is over the per-file limit of 2 MiB"):
        read_dir(root, Limits(file_bytes=2 * 1024 * 1024))


def test_folder_over_the_total_bound_is_refused(tmp_path: Path) -> None:
    root = _tree(tmp_path / "b", {f"f{i}": bytes(1024 * 1024) for i in range(3)})
    with pytest.raises(Refused, match="expands to over 2 MiB"):
        read_dir(root, Limits(total_bytes=2 * 1024 * 1024))


def test_symlink_loop_is_reported_not_followed(tmp_path: Path) -> None:
    root = _tree(tmp_path / "b", {"results.json": b"{}"})
    (root / "loop").symlink_to("loop")
    assert read_dir(root, Limits()).odd == {"loop": "symlink to loop (a loop; never followed, netassess writes none)"}


def test_symlink_inside_the_bundle_is_reported_but_not_followed(tmp_path: Path) -> None:
    root = _tree(tmp_path / "b", {"results.json": b"{}"})
    (root / "copy.json").symlink_to("results.json")
    loaded = read_dir(root, Limits())
    assert loaded.files == {"results.json": b"{}"}
    assert loaded.odd == {"copy.json": "symlink to results.json (inside the bundle; never followed, netassess writes none)"}


def test_zip_with_an_empty_folder_entry_is_reported() -> None:
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("results.json", b"{}")
        zf.writestr(zipfile.ZipInfo("raw/"), b"")
    loaded = read_zip(buf.getvalue())
    assert loaded.odd == {"raw/": "empty folder (netassess writes none)"} and loaded.files == {"results.json": b"{}"}
