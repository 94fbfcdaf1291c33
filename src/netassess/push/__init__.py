"""Push a task stage (``setup`` or ``solution``) to devices: render → back up → load → diff → commit.

    from netassess.push import push_stage
    result = push_stage(loaded, "setup", nornir)   # raises DeviceError (exit 5) after rolling back

``netassess push`` and ``netassess lab up TASK.yaml`` both call ``push_stage``.
"""

from netassess.push.apply import DevicePush, PushFailed, PushResult, plan_push, push_stage
from netassess.push.assign import assign_nodes

__all__ = ["DevicePush", "PushFailed", "PushResult", "assign_nodes", "plan_push", "push_stage"]
