"""Practice: the task's lab, the brief, and a live view re-assessed whenever a device's config changes."""

from netassess.practice.attempt import Attempt, start_attempt
from netassess.practice.view import Frame, PlainView, RecordingView, RichView, View
from netassess.practice.watch import ConfigFingerprints, practise

__all__ = ["Attempt", "ConfigFingerprints", "Frame", "PlainView", "RecordingView", "RichView", "View", "practise", "start_attempt"]
