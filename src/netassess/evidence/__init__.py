"""Tamper-evident evidence bundles: write one after a run, verify it later, merge a cohort.

``write_bundle`` (the run command's ``--evidence DIR``) writes results, report, task, snapshot,
sanitised configs, raw outputs and a manifest of SHA-256 hashes, signed with Ed25519 when given a
private key (``--sign-key``, see ``keys``). ``verify_bundle`` detects any changed, added or removed
byte, and checks the signature against public keys the verifier trusts.
"""

from netassess.evidence.bundle import write_bundle
from netassess.evidence.verify import Verdict, VerifyReport, verify_bundle

__all__ = ["Verdict", "VerifyReport", "verify_bundle", "write_bundle"]
