"""Tamper-evident evidence bundles: write one after a run, verify it later, merge a cohort.

``write_bundle`` (the run command's ``--evidence DIR``) writes results, report, task, snapshot,
sanitised configs, raw outputs and a manifest of SHA-256 hashes, HMAC-signed when
``NETASSESS_SIGNING_KEY`` is set. ``verify_bundle`` detects any changed, added or removed byte.
"""

from netassess.evidence.bundle import write_bundle
from netassess.evidence.verify import Verdict, VerifyReport, verify_bundle

__all__ = ["Verdict", "VerifyReport", "verify_bundle", "write_bundle"]
