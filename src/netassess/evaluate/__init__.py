"""Evaluate: snapshot + planned checks → one ``CheckResult`` per check × target (pure, no I/O).

``judge`` applies check types to targets; ``targets`` expands a check's scope into targets;
``retry`` re-collects and re-judges checks that ``wait`` for a converging protocol.
"""

from netassess.evaluate.judge import evaluate_all, evaluate_check
from netassess.evaluate.retry import retry_waiting, waits_cut
from netassess.evaluate.targets import expand_targets

__all__ = ["evaluate_all", "evaluate_check", "expand_targets", "retry_waiting", "waits_cut"]
