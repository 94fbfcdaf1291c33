"""Change downtime (S7, "minimising downtime"): the longest outage the change window measured.

The window (``window:`` in the task; ``baseline --window`` then ``run``, or ``netassess watch``)
pings lab addresses from lab nodes throughout the change; this check scores what it saw, read
from the snapshot's ``window`` section, never from a device.
"""

from __future__ import annotations

from pydantic import Field, model_validator

from netassess.checks.base import (
    CheckArgs,
    CheckType,
    DeviceContext,
    EvalContext,
    StateUnavailable,
    StateView,
    Target,
    Verdict,
    register_check,
)
from netassess.snapshot import StateRequest

MAX_SECONDS = 3600.0


@register_check
class ChangeDowntime(CheckType):
    """The change cut traffic for at most ``max_outage`` seconds: the longest gap in the replies to
    the window's pings sent from this node (each target address, or only those in ``targets``).
    Full marks up to ``max_outage``; partial credit falling linearly to none at ``zero_at``
    (default ten times ``max_outage``). Needs a change window (``window:`` in the task).

    ```yaml
    - id: no-outage
      type: change_downtime
      targets: [r2]
      args: {max_outage: 1}
    ```
    """

    class Args(CheckArgs):
        max_outage: float = Field(gt=0, le=MAX_SECONDS, description="seconds of outage still worth full marks")
        zero_at: float | None = Field(None, gt=0, le=MAX_SECONDS, description="seconds of outage worth nothing")
        targets: list[str] = Field(default_factory=list, description="only these probed addresses (default: all)")

        @model_validator(mode="after")
        def _zero_after_full(self) -> ChangeDowntime.Args:
            if self.zero_at is not None and self.zero_at <= self.max_outage:
                raise ValueError(f"zero_at {self.zero_at} must be above max_outage {self.max_outage}")
            return self

    name = "change_downtime"
    skills = ("S7",)
    reads_window = True  # judged from the window alone: re-collecting device state cannot change it

    def requests(self, args: CheckArgs, device: DeviceContext) -> list[StateRequest]:
        return []  # judged from the window's measurements, which the window collected itself

    def evaluate(self, args: Args, target: Target, state: StateView, ctx: EvalContext) -> Verdict:
        device = target.devices[0]
        window = state.snapshot.window
        if window is None:
            raise StateUnavailable(device, "window", "this run has no change window measurement: take the baseline "
                                                     "with --window (or use netassess watch) and run again")
        series = [p for p in window.probes if (p.device or p.source) == device and (not args.targets or p.target in args.targets)]
        if not series:
            raise StateUnavailable(device, "window", "the window sent no probe from this device")
        broken = [p for p in series if p.error]
        if broken:
            raise StateUnavailable(device, "window", f"probe to {broken[0].target}: {broken[0].error}")
        worst = max(series, key=lambda p: p.longest_outage)
        zero_at = args.zero_at or args.max_outage * 10
        seen = ", ".join(f"{p.target} {p.longest_outage:.1f}s" for p in series)
        where = f" from {worst.outage_from:%H:%M:%S}Z" if worst.outage_from and worst.longest_outage > 0 else ""
        evidence = f"window {window.started:%H:%M:%S}–{window.finished:%H:%M:%S}Z ({window.seconds:.0f} s): {seen}"
        if worst.longest_outage <= args.max_outage:
            verdict = Verdict.ok(f"longest outage {worst.longest_outage:.1f} s (at most {args.max_outage:g} s); {evidence}")
        else:
            fraction = max(0.0, min(0.99, (zero_at - worst.longest_outage) / (zero_at - args.max_outage)))
            verdict = Verdict.fail(f"expected outages of at most {args.max_outage:g} s, found {worst.longest_outage:.1f} s "
                                   f"to {worst.target}{where}; {evidence}", fraction=fraction)
        verdict.evidence.append(f"window:{device}")
        return verdict
