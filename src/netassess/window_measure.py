"""The change window's measurements: the snapshot's optional ``window`` section (version 1).

Pure: replies' timestamps in, outages out. A probe's outage is the longest time with no reply,
counting from the window's start to the first reply and from the last reply to its end, less one
ping interval (pings answered every interval are no outage at all).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

WINDOW_SECTION_VERSION: Literal["1"] = "1"


class ProbeSeries(BaseModel):
    """Pings from one node to one address across the window."""

    model_config = ConfigDict(extra="forbid", defer_build=True)  # built on first use: not at CLI start

    source: str = Field(description="topology node the pings were sent from")
    device: str = Field("", description="the inventory device playing it")
    target: str = Field(description="address pinged")
    replies: int = 0
    longest_outage: float = Field(0.0, ge=0, description="seconds without a reply, less one interval")
    outage_from: datetime | None = Field(None, description="when the longest outage began (the last reply before it)")
    error: str | None = Field(None, description="why this probe measured nothing")


class WindowMeasurement(BaseModel):
    """What a change window measured: probes, and adjacency uptimes at its start and end."""

    model_config = ConfigDict(extra="forbid", defer_build=True)  # built on first use: not at CLI start

    version: Literal["1"] = WINDOW_SECTION_VERSION
    started: datetime
    finished: datetime
    interval: float
    probes: list[ProbeSeries] = Field(default_factory=list)
    adjacencies: dict[str, dict[str, list[dict[str, Any]]]] = Field(
        default_factory=dict, description="'start'/'end' -> device -> OSPF neighbours (neighbor_id, state, uptime)")

    @property
    def seconds(self) -> float:
        return (self.finished - self.started).total_seconds()


def longest_outage(replies: list[float], start: float, end: float, interval: float) -> tuple[float, float]:
    """``(seconds, began_at)``: the longest stretch without a reply inside ``[start, end]``, less one interval."""
    points = [start, *sorted(t for t in replies if start <= t <= end), end]
    gap, began = max(((b - a, a) for a, b in zip(points, points[1:], strict=False)), default=(0.0, start))
    return max(0.0, gap - interval), began


def reply_times(text: str) -> list[float]:
    """Reply timestamps from ``ping -D`` lines (``[1733061234.123456] 64 bytes from …``) or bare numbers."""
    return [t for t, kind in events(text) if kind == "reply"]


def events(text: str) -> list[tuple[float, str]]:
    """``(timestamp, "reply" | "lost")`` from ``ping -D -O`` lines; other lines are skipped."""
    out = []
    for line in text.splitlines():
        word = line.strip().split(" ", 1)[0].strip("[]")
        try:
            stamp = float(word)
        except ValueError:
            continue
        out.append((stamp, "lost" if "no answer" in line else "reply"))
    return out


def probe_span(text: str, interval: float, start: float, end: float) -> tuple[float, float]:
    """When the ping itself started and stopped sending, within the window: its first event (a
    ``no answer yet`` line comes one interval after its ping was sent) and its last; so the seconds
    SSH and process start-up take are never counted as an outage."""
    found = events(text)
    if not found:
        return start, end
    first, kind = found[0]
    begun = first if kind == "reply" else first - interval
    return max(start, begun), min(end, found[-1][0])
