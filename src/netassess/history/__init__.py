"""Attempt history: every ``run`` and ``check`` recorded in an embedded SQLite database, so an
apprentice (and their assessor) can see progress per skill over attempts."""

from netassess.history.db import Attempt, HistoryDB, default_history_path
from netassess.history.record import record_attempt

__all__ = ["Attempt", "HistoryDB", "default_history_path", "record_attempt"]
