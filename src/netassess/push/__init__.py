"""Push a task stage (``setup`` or ``solution``) to devices: render → back up → load → diff → commit.

    from netassess.push import assume_yes, push_stage
    result = push_stage(loaded, "setup", nornir, confirm=assume_yes)   # DeviceError (exit 5) after rolling back

``netassess push``, ``netassess lab up TASK.yaml``, ``demo`` and ``validate --live`` call ``push_stage``;
only the CLI asks a person and prints diffs (``cli._push_display``, passed in as ``confirm`` and
``show``); the others push to labs they made.
"""

from netassess.push.apply import PushFailed, assume_yes, plan_push, push_stage
from netassess.push.outcome import Confirm, DevicePush, PushResult, Show
from netassess.push.signals import DeferredSignals, PushInterrupted

__all__ = [
    "Confirm", "DeferredSignals", "DevicePush", "PushFailed", "PushInterrupted", "PushResult", "Show", "assume_yes",
    "plan_push", "push_stage",
]
