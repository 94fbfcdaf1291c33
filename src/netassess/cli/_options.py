"""What the assessing commands share (``run``, ``check``, ``practice``, ``watch``, pods, ``demo``,
``push``): their options, defaults and the small steps around an assessment. A module of its own,
below every command module, so the commands import it and never each other."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from netassess.errors import UsageError

if TYPE_CHECKING:
    from rich.console import Console

    from netassess.report.base import ReportContext

# The engine (nornir, napalm, the check library) is imported when a command runs, not when the
# CLI starts, so `netassess --help` and the other commands stay quick.
DEFAULT_WORKERS = 128  # netassess.collect.inventory.DEFAULT_WORKERS (a test keeps them equal)

DEFAULT_FORMATS = "table,json"

TaskArg = typer.Argument(..., metavar="TASK", help="task file (tasks/s2-ospf-triangle.yaml) or task id (s2-ospf-triangle)")
LabOpt = typer.Option(None, "--lab", help="name of a running built-in lab (netassess lab up)")
InvOpt = typer.Option(None, "-i", "--inventory", help="Nornir SimpleInventory directory (hosts.yaml, groups.yaml, defaults.yaml)")
ClabOpt = typer.Option(None, "--clab-inventory", help="containerlab's nornir-simple-inventory.yml")
NornirOpt = typer.Option(None, "--nornir-config", help="Nornir config file: any inventory plugin (NetBoxInventory2, NautobotInventory …)")
MapOpt = typer.Option([], "--map", help="ROLE=dev[,dev] or NODE=dev: which inventory devices play a task role or topology node "
                                         "(repeatable)")
CandOpt = typer.Option(None, "--candidate", help="candidate id, recorded in the results; generated parameters take "
                       "this candidate's values (cohort secret from $NETASSESS_COHORT_SECRET[_FILE])")
AssessorOpt = typer.Option(None, "--assessor", help="assessor id, recorded in the results")
OutOpt = typer.Option(None, "--output", "-o", help="output directory (default ./out/<task-id>-<timestamp>/)")
FmtOpt = typer.Option(DEFAULT_FORMATS, "--format", "-f", help="comma-separated report formats (table, json, junit, …)")
WorkersOpt = typer.Option(DEFAULT_WORKERS, "--workers", min=1, help="devices collected in parallel")
ParamOpt = typer.Option([], "--param", help="k=v task parameter (repeatable)")
DEFAULT_TIMEOUT = 20  # netassess.collect.inventory.DEFAULT_TIMEOUT (a test keeps them equal)
TimeoutOpt = typer.Option(DEFAULT_TIMEOUT, "--timeout", min=1, help="seconds for a device to answer (connect, each getter)")
BaselineOpt = typer.Option(None, "--baseline", help="pre-change snapshot (netassess baseline) that S7 checks compare with")
WindowOpt = typer.Option(None, "--window", help="change window file (netassess watch, or baseline --window; default: "
                         "window.json beside --baseline): a running window is stopped and scored")
EvidenceOpt = typer.Option(None, "--evidence", help="write a tamper-evident evidence bundle to this new directory "
                           "(check it with netassess report verify)")
EvidenceZipOpt = typer.Option(False, "--evidence-zip", help="write the evidence bundle as DIR.zip instead of a directory")
DeviceOpt = typer.Option([], "--device", metavar="NAME", help="assess only these devices (repeatable or comma-separated); "
                         "the results say the run was filtered")
CheckOpt = typer.Option([], "--check", metavar="ID", help="run only checks whose id matches (glob, e.g. 'ospf-*'; repeatable)")
TagOpt = typer.Option([], "--tag", metavar="TAG", help="run only checks carrying this tag (repeatable)")
SignKeyOpt = typer.Option(None, "--sign-key", envvar="NETASSESS_SIGN_KEY",
                          help="Ed25519 private key (netassess report keygen) to sign the evidence bundle; "
                               "passphrase from NETASSESS_KEY_PASSPHRASE or a prompt")
HistoryOpt = typer.Option(None, "--history-db", envvar="NETASSESS_HISTORY",
                          help="attempt history database (default $XDG_DATA_HOME/netassess/history.sqlite)")
NoHistoryOpt = typer.Option(False, "--no-history", help="do not record this attempt in the history")
MaxWaitOpt = typer.Option(None, "--max-wait", min=0, metavar="SECONDS",
                          help="cap every check's wait (its retries while a protocol converges) at SECONDS; 0 judges "
                               "each check once. For a lab known to have settled; the results say the waits were cut")


def history_path(history_db: Path | None, no_history: bool) -> Path | None:
    """Where to record attempts: None when history is off."""
    if no_history:
        return None
    from netassess.history import default_history_path

    return history_db or default_history_path()


def signing_key(evidence: Path | None, sign_key: Path | None) -> Any:
    """The evidence signing key, loaded before the run so a bad key or passphrase costs no assessment.

    Without --evidence there is nothing to sign (NETASSESS_SIGN_KEY may be set for every run)."""
    if evidence is None:
        return None
    if os.environ.get("NETASSESS_SIGNING_KEY"):
        raise UsageError("NETASSESS_SIGNING_KEY (a shared HMAC key) is no longer used: make a key pair with "
                         "netassess report keygen and sign with --sign-key (see docs/reports.md)")
    if sign_key is None:
        return None
    from netassess.evidence.keys import load_private

    return load_private(sign_key)


def load_task(task: str | Path, params: dict[str, Any] | None, candidate: str | None = None) -> Any:
    """A task by path or id (the same lookup as every other command); with a candidate, their instance."""
    from netassess.spec.catalog import find_task
    from netassess.spec.loader import load_task as _load

    return _load(find_task(str(task)), params=params or None, candidate=candidate)


def load_snapshot(path: Path, what: str = "snapshot") -> Any:
    from netassess.safe_json import load_file
    from netassess.snapshot import Snapshot

    if not path.is_file():
        raise UsageError(f"{path}: {what} not found; netassess run saves <output>/snapshot.json, netassess baseline <output>/baseline.json")
    try:
        raw = load_file(path)
        if not isinstance(raw, dict) or "schema_version" not in raw or "devices" not in raw:
            raise ValueError("it has no schema_version and devices; give the snapshot.json that netassess run wrote")
        return Snapshot.model_validate(raw)
    except (ValueError, OSError) as exc:
        raise UsageError(f"{path}: not a netassess {what}: {str(exc).splitlines()[0]}") from None


def default_output(task_id: str, suffix: str = "") -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    return Path("out") / f"{task_id}-{stamp}{suffix}"


def write_outputs(ctx: ReportContext, formats: list[str], outdir: Path, console: Console) -> list[Path]:
    """Print the table if asked, write every other format, and always write results.json."""
    from netassess.report.base import write_reports
    from netassess.report.console import print_report

    if "table" in formats:
        print_report(ctx, console)
    file_formats = [f for f in formats if f != "table"]
    if "json" not in file_formats:
        file_formats.append("json")
    return write_reports(ctx, file_formats, outdir)


class RetryNotice:
    """Say which checks are still converging, once per change of that set, not every round."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.last: tuple[str, ...] = ()

    def __call__(self, ids: list[str]) -> None:
        from rich.markup import escape

        if tuple(ids) != self.last:
            self.last = tuple(ids)
            self.console.print(f"[dim]waiting for {escape(', '.join(ids))} to converge: re-collecting…[/]")
