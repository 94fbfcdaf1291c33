"""The fuzz suite reuses the spec tests' small task project (tasks/, templates/, containerlab/)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "spec"))
