"""The measured change window (S7, "minimising downtime"): while the candidate works, lab nodes ping
lab addresses and adjacency uptimes are sampled; ``change_downtime`` scores the longest outage.

    run = start_window(loaded, nr)          # pings start inside the nodes (nohup'd, PIDs recorded)
    ...                                     # the change
    measured = stop_window(loaded, nr, run) # pings stopped, replies collected, outages computed

The pings run inside the lab nodes over the automation account's Linux shell (SSH), towards the
addresses the task lists; nothing is sent from the host. ``WindowRun`` is plain data, so
``baseline --window`` can save it and ``run`` stop it from another process.
"""

from netassess.window.probes import WINDOW_FILE, WindowRun, load_window_file, start_window, stop_window
from netassess.window_measure import ProbeSeries, WindowMeasurement, longest_outage, reply_times

__all__ = [
    "WINDOW_FILE", "ProbeSeries", "WindowMeasurement", "WindowRun", "load_window_file", "longest_outage", "reply_times",
    "start_window", "stop_window",
]
