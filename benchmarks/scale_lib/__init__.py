"""Helpers of benchmarks/run_scale.py (a folder, so `make bench` does not run them as benchmarks)."""
