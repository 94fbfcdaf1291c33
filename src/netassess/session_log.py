"""``--session-log DIR``: what went over each device's SSH session, with every secret masked.

netmiko can log a session, but it writes raw channel text: a ``show running-config`` would put
a BGP or SNMP secret on disk. This sink takes what netmiko (and our own exec channels) would
write, holds it until a line is complete, masks the line with the collection filters
(``netassess.sanitise``) and the login password by value, then appends it. A secret split across
two reads is still masked, since nothing is written before its line ends. The file is 0600.
Imported by the NAPALM drivers (napalm_frr, napalm_netassess_linux), so it needs nothing but ``sanitise``.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

from netassess.sanitise import REMOVED, sanitise_message


class MaskedSessionLog(io.BufferedIOBase):
    """A write-only byte sink for netmiko's ``session_log``; also takes our own notes (``note``)."""

    def __init__(self, path: str | Path, secrets: list[str] | None = None) -> None:
        super().__init__()
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        self._file = os.fdopen(fd, "w", encoding="utf-8", errors="replace")
        self._secrets = sorted({s for s in secrets or [] if s}, key=len, reverse=True)
        self._pending = ""

    def writable(self) -> bool:
        return True

    def write(self, data: bytes | bytearray | memoryview | str) -> int:  # type: ignore[override]
        text = data if isinstance(data, str) else bytes(data).decode("utf-8", errors="replace")
        if self.closed:
            return len(data)
        lines = (self._pending + text.replace("\r\n", "\n").replace("\r", "")).split("\n")
        self._pending = lines.pop()
        for line in lines:
            self._file.write(self.mask(line) + "\n")
        self._file.flush()
        return len(data)

    def note(self, text: str) -> None:
        """A line of our own (an exec-channel command and its output), on a line boundary."""
        if self._pending:
            self.write("\n")
        self.write(text if text.endswith("\n") else text + "\n")

    def mask(self, line: str) -> str:
        for secret in self._secrets:
            line = line.replace(secret, REMOVED)
        return sanitise_message(line)

    def flush(self) -> None:
        if not self.closed:
            self._file.flush()

    def close(self) -> None:
        if self.closed:
            return
        if self._pending:  # the last prompt, without its newline
            self._file.write(self.mask(self._pending) + "\n")
            self._pending = ""
        super().close()  # flushes first
        self._file.close()
