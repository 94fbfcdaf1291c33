"""netassess: real-device network automation and assessment for ST0127 apprentices."""

__version__ = "0.1.0"
