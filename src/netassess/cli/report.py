"""``netassess report``: render a saved results file, verify an evidence bundle, merge a cohort;
and ``netassess schema results`` (added to the spec helper's ``schema`` group)."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from netassess.errors import UsageError
from netassess.report.base import parse_formats
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
    format: str = typer.Option("json,junit,md,html", "--format", "-f", help="comma-separated: json, junit, md, html"),  # noqa: A002
    output: Path = typer.Option(Path("."), "--output", "-o", help="directory to write results.<ext> into"),
    topology: Path | None = typer.Option(None, "--topology", help="containerlab file for the HTML diagram"),
    snapshot: Path | None = typer.Option(None, "--snapshot", help="snapshot.json, for the final configs in the HTML"),
    hints: bool = typer.Option(True, "--hints/--no-hints", help="show hints for failed checks"),
) -> None:
    """Render RESULTS.json into report files (results.json, results.xml, results.md, results.html)."""
    from netassess.collect.snapshot import Snapshot
    from netassess.report.base import ReportContext, write_reports

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


@report_app.command("verify")
def verify_cmd(
    bundle: Path = typer.Argument(..., metavar="BUNDLE", help="evidence bundle directory or .zip"),
    as_json: bool = typer.Option(False, "--json", help="print the verdict as JSON"),
) -> None:
    """Check every file of an evidence bundle against its manifest and signature.

    Exit 0 intact (signature verified with NETASSESS_SIGNING_KEY); 1 modified, naming the files
    (also a signature from another key); 3 unsigned, or signed but no key given to check it.
    """
    from netassess.evidence.verify import verify_bundle

    report = verify_bundle(bundle)
    if as_json:
        typer.echo(json.dumps({"bundle": str(bundle), "verdict": report.verdict.value, "exit_code": int(report.exit_code),
                               "problems": report.problems, "notes": report.notes}, indent=2))
    else:
        typer.echo(f"{bundle}: {report.verdict.value.upper()}")
        for problem in report.problems:
            typer.echo(f"  ✗ {problem}")
        for note in report.notes:
            typer.echo(f"  · {note}")
        if report.manifest is not None:
            m = report.manifest
            typer.echo(f"  · task {m.task.id} v{m.task.version}, candidate {m.candidate or '—'}, "
                       f"made {m.created:%Y-%m-%d %H:%M:%S} UTC by {m.created_by.user}@{m.created_by.host}, "
                       f"netassess {m.tool_version}")
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
    return RunResult.model_json_schema()


def _add_results_schema() -> None:
    """``netassess schema results``, through the spec helper's schema group."""
    from netassess.cli.schema import SCHEMA_PRODUCERS, add_schema_command

    if "results" not in SCHEMA_PRODUCERS:
        add_schema_command("results", _results_schema, "The results.json shape (RunResult); see docs/results-schema.md.")


_add_results_schema()


def register(app: typer.Typer) -> None:
    app.add_typer(report_app, name="report")
