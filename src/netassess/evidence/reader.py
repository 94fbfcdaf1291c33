"""Read a bundle someone handed us, within bounds: it may be hostile.

A bundle comes from outside (a candidate's USB stick, an upload), so verify must not let it
exhaust memory or hang: a 7 MB zip of zeros once expanded to 1.5 GB. Every read is capped:
total and per-file uncompressed bytes, entry count, path depth and (zips) compression ratio.
Member bytes are read in chunks and counted as they arrive, never trusting declared sizes.
Crossing a bound stops reading (``Refused``). Entries netassess never writes are reported, not
opened or followed: symlinks (saying when they point outside the bundle), FIFOs, sockets,
devices, empty folders, unsafe zip names. Files are opened ``O_NOFOLLOW | O_NONBLOCK``, so a file
swapped for a symlink or FIFO after the listing is still never followed or waited on.
"""

from __future__ import annotations

import io
import os
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO

from netassess.errors import UsageError

MiB = 1024 * 1024
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class Limits:
    """Bounds on what verify reads; the defaults are far above any real bundle (a few MiB)."""

    total_bytes: int = 100 * MiB
    file_bytes: int = 50 * MiB
    entries: int = 10_000
    depth: int = 12
    ratio: int = 50  # uncompressed : compressed; netassess writes stored zips (1 : 1)


class CorruptArchive(Exception):
    """The zip cannot be read back; the message names what."""


class Refused(CorruptArchive):
    """A bound was crossed, so reading stopped; the message names the bound and the entry."""


@dataclass
class Loaded:
    """Regular files by POSIX path, entries that are not plain readable files (name -> problem)
    and, for a zip, its own bytes (so verify can rebuild it and compare)."""

    files: dict[str, bytes] = field(default_factory=dict)
    odd: dict[str, str] = field(default_factory=dict)
    container: bytes | None = None


class _Budget:
    def __init__(self, limits: Limits) -> None:
        self.limits, self.total, self.entries = limits, 0, 0

    def entry(self, name: str) -> None:
        self.entries += 1
        if self.entries > self.limits.entries:
            raise Refused(f"refused: more than {self.limits.entries} entries (at {name})")
        if len(PurePosixPath(name).parts) > self.limits.depth:
            raise Refused(f"refused: {name} is more than {self.limits.depth} path levels deep")

    def read(self, name: str, fh: IO[bytes]) -> bytes:
        """Read ``fh`` in chunks, stopping as soon as a per-file or total bound is crossed."""
        buf = bytearray()
        while chunk := fh.read(_CHUNK):
            buf += chunk
            if len(buf) > self.limits.file_bytes:
                raise Refused(f"refused: {name} is over the per-file limit of {self.limits.file_bytes // MiB} MiB")
            if self.total + len(buf) > self.limits.total_bytes:
                raise Refused(f"refused: the bundle expands to over {self.limits.total_bytes // MiB} MiB (at {name})")
        self.total += len(buf)
        return bytes(buf)


def _kind(mode: int) -> str | None:
    """What a non-regular, non-directory entry is, for the problem line (None for regular files)."""
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    if stat.S_ISLNK(mode):
        return "symlink"
    if stat.S_ISFIFO(mode):
        return "FIFO"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "device file"


def _symlink_problem(root: Path, link: Path, target: str) -> str:
    try:
        inside = (link.parent / target).resolve().is_relative_to(root.resolve())
        where = "inside the bundle" if inside else "OUTSIDE the bundle"
    except (OSError, RuntimeError):  # a symlink loop
        where = "a loop"
    return f"symlink to {target} ({where}; never followed, netassess writes none)"


def read_dir(root: Path, limits: Limits) -> Loaded:
    out, budget = Loaded(), _Budget(limits)
    stack = [root]
    while stack:
        folder = stack.pop()
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
        if not entries and folder != root:
            out.odd[folder.relative_to(root).as_posix() + "/"] = "empty folder (netassess writes none)"
        for entry in entries:
            path = Path(entry.path)
            name = path.relative_to(root).as_posix()
            budget.entry(name)
            mode = entry.stat(follow_symlinks=False).st_mode
            if stat.S_ISDIR(mode):
                stack.append(path)
            elif stat.S_ISLNK(mode):
                out.odd[name] = _symlink_problem(root, path, os.readlink(path))
            elif (kind := _kind(mode)) is not None:
                out.odd[name] = f"{kind}, not a regular file (never opened)"
            else:
                _read_file(root, path, name, budget, out)
    return out


def _read_file(root: Path, path: Path, name: str, budget: _Budget, out: Loaded) -> None:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as exc:  # ELOOP: swapped for a symlink since the listing
        out.odd[name] = f"unreadable ({exc.strerror})"
        return
    with os.fdopen(fd, "rb") as fh:
        kind = _kind(os.fstat(fd).st_mode)
        if kind is not None:
            out.odd[name] = f"{kind}, not a regular file (never opened)"
            return
        out.files[name] = budget.read(name, fh)


def _unsafe(name: str) -> bool:
    parts = name.rstrip("/").split("/")
    return name.startswith("/") or "\\" in name or any(p in ("", ".", "..") for p in parts)


def _check_zip_entry(info: zipfile.ZipInfo, limits: Limits) -> None:
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise Refused(f"refused: {info.filename} uses compression method {info.compress_type} (netassess writes stored zips)")
    if info.file_size > limits.file_bytes:
        raise Refused(f"refused: {info.filename} declares {info.file_size // MiB} MiB, over the per-file limit "
                      f"of {limits.file_bytes // MiB} MiB")
    if info.file_size > max(info.compress_size, 1) * limits.ratio:
        raise Refused(f"refused: {info.filename} expands {info.file_size // max(info.compress_size, 1)}:1 "
                      f"(limit {limits.ratio}:1): a zip bomb")


def _read_container(path: Path, limits: Limits) -> bytes:
    size = path.stat().st_size
    if size > limits.total_bytes:
        raise Refused(f"refused: the zip is {size // MiB} MiB, over the {limits.total_bytes // MiB} MiB limit")
    with path.open("rb") as fh:
        return fh.read(limits.total_bytes + 1)


def read_zip(data: bytes, limits: Limits | None = None) -> Loaded:
    """Members by name, and the members that fail their CRC or are not regular files."""
    limits = limits or Limits()
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise CorruptArchive(f"not a readable zip ({exc})") from None
    out, budget = Loaded(container=data), _Budget(limits)
    with zf:
        infos = zf.infolist()
        names = [i.filename for i in infos]
        if len(names) != len(set(names)):
            raise CorruptArchive("duplicate member names in the zip")
        if len(infos) > limits.entries:
            raise Refused(f"refused: the zip holds {len(infos)} entries, over the limit of {limits.entries}")
        if sum(i.file_size for i in infos) > limits.total_bytes:
            raise Refused(f"refused: the zip declares over {limits.total_bytes // MiB} MiB uncompressed")
        for info in infos:
            _read_member(zf, info, names, budget, out)
    return out


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, names: list[str], budget: _Budget, out: Loaded) -> None:
    name = info.filename
    budget.entry(name)
    if _unsafe(name):
        out.odd[name] = "unsafe member name (absolute, '..', '.', empty part or backslash)"
        return
    if info.is_dir():
        if not any(other != name and other.startswith(name) for other in names):
            out.odd[name] = "empty folder (netassess writes none)"
        return
    _check_zip_entry(info, budget.limits)
    mode = info.external_attr >> 16  # Unix mode when made on Unix; no type bits (0) from many zip tools
    kind = _kind(mode) if stat.S_IFMT(mode) else None
    try:
        with zf.open(info) as fh:
            if kind is not None:
                target = fh.read(4096).decode(errors="replace") if kind == "symlink" else ""
                out.odd[name] = (f"symlink to {target} (never followed, netassess writes none)" if target
                                 else f"{kind}, not a regular file (never extracted)")
                return
            out.files[name] = budget.read(name, fh)
    # RuntimeError: an edited flags byte can mark a member "encrypted"; still just corrupt
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError, RuntimeError) as exc:
        out.odd[name] = f"modified (zip CRC-32 mismatch or damaged header: {exc})"


def load(path: Path, limits: Limits | None = None) -> Loaded:
    """A bundle directory or zip, read within ``limits``; a missing path is a usage error."""
    limits = limits or Limits()
    if path.is_dir():
        return read_dir(path, limits)
    if path.is_file():
        return read_zip(_read_container(path, limits), limits)
    if path.exists():
        raise UsageError(f"{path}: neither a folder nor a regular file; give the evidence directory or .zip")
    raise UsageError(f"{path}: no such evidence bundle (give the directory or the .zip that --evidence wrote)")
