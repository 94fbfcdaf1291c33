"""``netassess report``: render a saved results file, make signing keys, verify an evidence bundle, merge a cohort;
and ``netassess schema results`` (added to the spec helper's ``schema`` group)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from netassess.errors import UsageError

if TYPE_CHECKING:
    from netassess.evidence.verify import VerifyReport
    from netassess.results import RunResult

report_app = typer.Typer(
    name="report",
    help="Render saved results, verify evidence bundles, summarise a cohort.",
    no_args_is_help=True,
    add_completion=False,
)


def _load_result(path: Path) -> RunResult:
    from netassess.evidence.cohort import load_results

    return load_results([path])[0][1]


@report_app.command("render")
def render_cmd(
    results: Path = typer.Argument(..., metavar="RESULTS", help="results.json written by `netassess run`"),
    format: str = typer.Option("json,junit,md,html", "--format", "-f", help="comma-separated: json, junit, md, html, csv"),  # noqa: A002
    output: Path = typer.Option(Path("."), "--output", "-o", help="directory to write results.<ext> into"),
    topology: Path | None = typer.Option(None, "--topology", help="containerlab file for the HTML diagram"),
    snapshot: Path | None = typer.Option(None, "--snapshot", help="snapshot.json, for the final configs in the HTML"),
    hints: bool = typer.Option(True, "--hints/--no-hints", help="show hints for failed checks"),
) -> None:
    """Render RESULTS.json into report files (results.json, results.xml, results.md, results.html)."""
    from netassess.report.base import ReportContext, parse_formats, write_reports
    from netassess.snapshot import Snapshot

    result = _load_result(results)
    snap = None
    if snapshot is not None:
        if not snapshot.is_file():
            raise UsageError(f"{snapshot}: snapshot file not found")
        try:
            snap = Snapshot.load(snapshot)
        except ValueError as exc:
            raise UsageError(f"{snapshot}: not a netassess snapshot ({str(exc).splitlines()[0]})") from None
    if topology is not None and not topology.is_file():
        raise UsageError(f"{topology}: topology file not found")
    if topology is None and result.topology:  # the file the run used, as written or next to the results
        named = Path(result.topology)
        topology = next((p for p in (named, results.parent / named) if p.is_file()), None)
    ctx = ReportContext(result=result, snapshot=snap, topology=topology, show_hints=hints)
    for path in write_reports(ctx, parse_formats(format), output):
        typer.echo(str(path))


@report_app.command("keygen")
def keygen_cmd(
    private: Path = typer.Argument(..., metavar="PRIVATE", help="new private key file to write (0600), e.g. centre.pem"),
    public: Path | None = typer.Option(None, "--public", help="public key file (default: PRIVATE's name + .pub.pem)"),
    encrypt: bool = typer.Option(False, "--encrypt", help="encrypt the private key with a passphrase "
                                 "(from NETASSESS_KEY_PASSPHRASE, else asked twice)"),
) -> None:
    """Make an Ed25519 key pair for signing evidence: keep PRIVATE secret, give the public key to verifiers.

    Never overwrites a file. Exit 0 written, 2 a file exists or cannot be written, or no passphrase.
    """
    from netassess.evidence.keys import generate

    public = public or private.with_name(private.stem + ".pub.pem")
    fp = generate(private, public, encrypt=encrypt)
    typer.echo(f"private key: {private} (0600{', encrypted' if encrypt else ''}; sign with run --evidence DIR --sign-key {private})")
    typer.echo(f"public key:  {public} (verify with report verify BUNDLE --require-signed --key {public})")
    typer.echo(f"fingerprint: {fp}")


def _print_verdict(bundle: Path, report: VerifyReport) -> None:
    typer.echo(f"{bundle}: {report.verdict.value.upper()}: {report.headline}")
    for problem in report.problems[1:]:
        typer.echo(f"  ✗ {problem}")
    for note in report.notes[1 if not report.problems else 0:]:
        typer.echo(f"  · {note}")
    m = report.manifest
    if m is not None:
        typer.echo(f"  · task {m.task.id} v{m.task.version}, candidate {m.candidate or '—'}, "
                   f"made {m.created:%Y-%m-%d %H:%M:%S} UTC by {m.created_by.user}@{m.created_by.host}, "
                   f"netassess {m.tool_version}")


@report_app.command("verify")
def verify_cmd(
    bundle: Path = typer.Argument(..., metavar="BUNDLE", help="evidence bundle directory or .zip"),
    key: list[Path] = typer.Option([], "--key", metavar="PUB", help="trusted public key: a .pub.pem, a file of several PEM keys, "
                                   "or a folder of *.pem/*.pub (repeatable)"),
    require_signed: bool = typer.Option(False, "--require-signed", help="fail (exit 1) unless signed by a trusted key"),
    max_size: int = typer.Option(100, "--max-size", min=1, metavar="MIB",
                                 help="refuse bundles that expand to more than this (one file: half of it)"),
    as_json: bool = typer.Option(False, "--json", help="print the verdict as JSON"),
) -> None:
    """Check every file of an evidence bundle against its manifest and its Ed25519 signature.

    Exit 0 intact and signed by a --key; 1 modified (naming the files), signed by an untrusted key,
    or (with --require-signed) unsigned; 3 intact but unsigned, so anyone could have made it;
    2 no such bundle, a bad key file, or --require-signed without --key.
    """
    from netassess.evidence.keys import load_trusted
    from netassess.evidence.reader import Limits, MiB
    from netassess.evidence.verify import verify_bundle

    limits = Limits(total_bytes=max_size * MiB, file_bytes=max(max_size * MiB // 2, 1))
    report = verify_bundle(bundle, load_trusted(key), require_signed=require_signed, limits=limits)
    if as_json:
        typer.echo(json.dumps({"bundle": str(bundle), "verdict": report.verdict.value, "exit_code": int(report.exit_code),
                               "problems": report.problems, "notes": report.notes}, indent=2))
    else:
        _print_verdict(bundle, report)
    raise typer.Exit(int(report.exit_code))


@report_app.command("merge")
def merge_cmd(
    results: list[Path] = typer.Argument(..., metavar="RESULTS", help="results.json files, one or more per candidate"),
    output: Path = typer.Option(..., "--output", "-o", help="directory for cohort.csv and cohort.html"),
) -> None:
    """Summarise a cohort: one row per candidate, per-skill columns, as CSV and HTML."""
    from netassess.evidence.cohort import write_cohort

    for path in write_cohort(list(results), output):
        typer.echo(str(path))


def _results_schema() -> dict:
    from netassess.results import RunResult

    return RunResult.model_json_schema()


def _add_results_schema() -> None:
    """``netassess schema results``, through the spec helper's schema group."""
    from netassess.cli.schema import SCHEMA_PRODUCERS, add_schema_command

    if "results" not in SCHEMA_PRODUCERS:
        add_schema_command("results", _results_schema, "The results.json shape (RunResult); see docs/results-schema.md.")


_add_results_schema()


def register(app: typer.Typer) -> None:
    app.add_typer(report_app, name="report")
