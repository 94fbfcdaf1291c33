"""Bundles as a directory or a deterministic zip.

The zip is uncompressed, sorted, with fixed timestamps and permissions, so the same files
always give the same bytes. Verify rebuilds it from its members and compares byte for byte:
an edit to a zip header or comment is caught, not only an edit to a member.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from netassess.errors import UsageError

_EPOCH = (1980, 1, 1, 0, 0, 0)


def zip_bytes(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_STORED) as zf:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=_EPOCH)
            info.create_system = 3
            info.external_attr = 0o100644 << 16
            info.compress_type = zipfile.ZIP_STORED
            zf.writestr(info, files[name])
    return buf.getvalue()


def write_dir(root: Path, files: dict[str, bytes]) -> None:
    root.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def read_dir(root: Path) -> dict[str, bytes]:
    """Every regular file under ``root`` by its POSIX relative path (symlinks are not followed)."""
    files: dict[str, bytes] = {}
    for path in sorted(root.rglob("*")):
        if path.is_symlink():
            files[path.relative_to(root).as_posix()] = b"symlink -> " + str(path.readlink()).encode()
        elif path.is_file():
            files[path.relative_to(root).as_posix()] = path.read_bytes()
    return files


class CorruptArchive(Exception):
    """The zip cannot be read back, or a member fails its CRC; the message names what."""


def read_zip(data: bytes) -> tuple[dict[str, bytes], dict[str, str]]:
    """Members by name, plus the members that fail their CRC (name -> reason)."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise CorruptArchive(f"not a readable zip ({exc})") from None
    files: dict[str, bytes] = {}
    corrupt: dict[str, str] = {}
    with zf:
        names = zf.namelist()
        if len(names) != len(set(names)):
            raise CorruptArchive("duplicate member names in the zip")
        for name in names:
            if name.endswith("/"):
                continue
            try:
                files[name] = zf.read(name)
            # RuntimeError: an edited flags byte can mark a member "encrypted"; still just corrupt
            except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError, RuntimeError) as exc:
                corrupt[name] = str(exc)
    return files, corrupt


def load(path: Path) -> tuple[dict[str, bytes], dict[str, str], bytes | None]:
    """Files of a bundle dir or zip, unreadable members, and the zip's own bytes (None for a directory)."""
    if path.is_dir():
        return read_dir(path), {}, None
    if path.is_file():
        data = path.read_bytes()
        files, corrupt = read_zip(data)
        return files, corrupt, data
    raise UsageError(f"{path}: no such evidence bundle (give the directory or the .zip that --evidence wrote)")
