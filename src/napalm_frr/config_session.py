"""Candidate configuration, compare, commit (with revert_in / confirm), rollback and discard.

Semantics, in FRR terms:
- a candidate is checked by vtysh's parser when loaded: an unknown line raises at once and
  nothing is sent to the router;
- compare_config shows exactly what commit will type: for merge the lines to add, for replace
  the `no ...` remediation and the added lines, both computed by FRR's frr-reload.py logic;
- commit types those lines in configure mode, one by one. If the router refuses one, the lines
  already applied are undone (by planning back to the running config captured before commit)
  and Merge/ReplaceConfigException names the refused line;
- revert_in=N arms a timer that rolls back unless confirm_commit() comes first. FRR has no
  commit-confirm of its own, so the timer runs in this process (closing the driver with a
  commit still pending reverts it at once: never leave an unconfirmed change behind);
- commit and confirm save to startup (`write memory`) unless optional_args save_config=False.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any

from napalm.base.exceptions import (
    CommitConfirmException,
    CommitError,
    MergeConfigException,
    ReplaceConfigException,
)

from napalm_frr import device_frr
from napalm_frr.reload_diff import (
    CandidateError,
    FrrReloadDiff,
    ReloadPlan,
    strip_header,
)
from napalm_frr.transport import LinuxShellUnavailable

log = logging.getLogger(__name__)


class ConfigSessionMixin:
    transport: Any
    hostname: str
    optional_args: dict[str, Any]

    def _init_config_session(self) -> None:
        self._candidate: str | None = None
        self._replace = False
        self._rollback_text: str | None = None
        self._revert_timer: threading.Timer | None = None
        self._differ: FrrReloadDiff | None = None
        self._config_lock = threading.RLock()

    # -- helpers ----------------------------------------------------------------------------
    def _diff_engine(self) -> FrrReloadDiff:
        """The router's own FRR checks and diffs candidates (see device_frr)."""
        if self._differ is None:
            marker, reload_path = device_frr.choose(self.transport, self.optional_args, self.hostname)
            self._differ = FrrReloadDiff(marker, reload_path)
        return self._differ

    def _running(self) -> str:
        return self.transport.show("show running-config")

    @staticmethod
    def _read(filename: str | None, config: str | None) -> str:
        if filename:
            return Path(filename).read_text()
        if config is None:
            raise ValueError("give a filename or a config string")
        return config

    def _load(self, filename: str | None, config: str | None, replace: bool) -> None:
        error = ReplaceConfigException if replace else MergeConfigException
        # a saved `show running-config` is a fine candidate: drop vtysh's header lines
        text = strip_header(self._read(filename, config))
        try:
            self._diff_engine().mark(text)
        except CandidateError as exc:
            raise error(f"{self.hostname}: FRR does not accept candidate line '{exc.line}': {exc.message}") from exc
        self._candidate, self._replace = text, replace

    def _plan(self, running: str) -> ReloadPlan:
        assert self._candidate is not None
        return self._diff_engine().plan(self._candidate, running, with_deletes=self._replace)

    def _apply(self, plan: ReloadPlan) -> tuple[str, str] | None:
        """Type a plan; return (refused line, message) or None. Deletes retry shorter like frr-reload."""
        for block in plan.deletes:
            attempt = list(block)
            while True:
                outcome = self.transport.configure(attempt)
                if outcome.ok:
                    break
                words = attempt[-1].split()
                # `no ip ospf authentication message-digest` may need to be `no ip ospf authentication`
                if len(words) <= 2:
                    return outcome.failed_line or attempt[-1], outcome.message
                attempt[-1] = attempt[-1][: len(attempt[-1]) - len(attempt[-1].lstrip())] + " ".join(words[:-1])
        for block in plan.adds:
            outcome = self.transport.configure(block)
            if not outcome.ok:
                return outcome.failed_line or block[-1], outcome.message
        return None

    def _converge(self, target: str) -> None:
        """Replace the running config with `target` (restore / rollback); two passes as frr-reload does."""
        differ = self._diff_engine()
        for _ in range(2):
            plan = differ.plan(target, self._running())
            if not plan:
                return
            refused = self._apply(plan)
            if refused:
                log.warning("%s: restoring config, FRR refused %r: %s", self.hostname, *refused)

    def _save(self) -> None:
        if not self.optional_args.get("save_config", True):
            return
        out = self.transport.show("write memory")
        if "[OK]" not in out and "saved to" not in out:
            log.warning("%s: write memory did not confirm: %s", self.hostname, out.strip()[-200:])

    def _cancel_timer(self) -> None:
        if self._revert_timer is not None:
            self._revert_timer.cancel()
            self._revert_timer = None

    # -- NAPALM API -------------------------------------------------------------------------
    def load_merge_candidate(self, filename: str | None = None, config: str | None = None) -> None:
        self._load(filename, config, replace=False)

    def load_replace_candidate(self, filename: str | None = None, config: str | None = None) -> None:
        self._load(filename, config, replace=True)

    def compare_config(self) -> str:
        if self._candidate is None:
            return ""
        return self._plan(self._running()).text()

    def discard_config(self) -> None:
        self._candidate = None
        self._replace = False

    def commit_config(self, message: str = "", revert_in: int | None = None) -> None:
        if self.has_pending_commit():
            raise CommitConfirmException(f"{self.hostname}: a commit is waiting for confirm_commit() or rollback()")
        if self._candidate is None:
            raise CommitError(
                f"{self.hostname}: no candidate loaded; call load_merge_candidate or load_replace_candidate"
            )
        error = ReplaceConfigException if self._replace else MergeConfigException
        with self._config_lock:
            before = self._running()
            refused = self._apply(self._plan(before))
            if refused:
                self._converge(before)
                intact = self._running() == before
                raise error(
                    f"{self.hostname}: FRR refused '{refused[0].strip()}': {refused[1]}; "
                    + ("running config restored" if intact else "running config could NOT be fully restored")
                )
            self._rollback_text = before
            self.discard_config()
            if revert_in:
                self._revert_timer = threading.Timer(float(revert_in), self._revert_unconfirmed)
                self._revert_timer.daemon = True
                self._revert_timer.start()
            else:
                self._save()

    def _revert_unconfirmed(self) -> None:
        with self._config_lock:
            if self._revert_timer is None:
                return  # confirmed meanwhile
            try:
                if not self.transport.is_alive():
                    self.transport.close()
                    self.transport.open()
                assert self._rollback_text is not None
                self._converge(self._rollback_text)
                log.warning("%s: commit not confirmed in time; reverted", self.hostname)
            except Exception:
                log.exception("%s: automatic revert failed", self.hostname)
            finally:
                # only now: has_pending_commit() must not say False before the revert is done
                self._revert_timer = None

    def has_pending_commit(self) -> bool:
        return self._revert_timer is not None

    def confirm_commit(self) -> None:
        with self._config_lock:
            if not self.has_pending_commit():
                raise CommitConfirmException(f"{self.hostname}: no commit is waiting for confirmation")
            self._cancel_timer()
            self._save()

    def rollback(self) -> None:
        with self._config_lock:
            if self._rollback_text is None:
                raise CommitError(f"{self.hostname}: nothing to roll back (no commit in this session)")
            self._cancel_timer()
            self._converge(self._rollback_text)
            self._save()

    def _settle_pending_commit_on_close(self) -> None:
        if self.has_pending_commit():
            log.warning("%s: closing with an unconfirmed commit; reverting it now", self.hostname)
            self._revert_timer_fire_now()

    def _revert_timer_fire_now(self) -> None:
        timer = self._revert_timer
        if timer is not None:
            timer.cancel()
            self._revert_unconfirmed()

    # -- get_config -------------------------------------------------------------------------
    def get_config(self, retrieve: str = "all", full: bool = False, sanitized: bool = False,
                   format: str = "text") -> dict[str, str]:
        if format != "text":
            raise NotImplementedError(f"get_config format {format!r}: FRR configs are text")
        result = {"running": "", "startup": "", "candidate": ""}
        if retrieve in ("all", "running"):
            result["running"] = self._running()
        if retrieve in ("all", "startup"):
            result["startup"] = self._startup()
        if retrieve in ("all", "candidate"):
            result["candidate"] = self._candidate or ""
        if sanitized:
            from netassess.sanitise import sanitise_config

            result = {k: sanitise_config(v, "frr") for k, v in result.items()}
        return result

    def _startup(self) -> str:
        """/etc/frr/frr.conf on the node. vtysh cannot show it (its `show startup-config` asks each
        daemon for the file it was started with, and FRR daemons start without one), so a
        vtysh-only login gets "" here, as NAPALM does for what a platform cannot report."""
        try:
            rc, out = self.transport.linux("cat /etc/frr/frr.conf")
        except LinuxShellUnavailable:
            return ""
        return out if rc == 0 else ""
