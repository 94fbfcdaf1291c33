"""What ``validate --live`` reports: a per-task table (checks, proven pass, proven fail, mutation
score, time) and JUnit XML written by the report's own JUnit writer (``report.junit``).

Per check (all its targets together): *proven pass* when every target passes on the solution;
*proven fail* when some target was seen failing, on the setup or under a mutation; *broken* when
one of its own mutations made it fail. The mutation score is broken checks over checks.
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.etree import ElementTree as ET

from rich.console import Console
from rich.table import Table

from netassess.proof import TaskProof
from netassess.report.junit import Case, add_suite, to_xml
from netassess.results import Status


@dataclass(frozen=True)
class CheckRow:
    check_id: str
    proven_pass: bool
    proven_fail: bool
    mutations: int
    broken: bool


def check_rows(proof: TaskProof) -> list[CheckRow]:
    rows = []
    for check_id in dict.fromkeys(c.check_id for c in proof.checks):
        pairs = [c for c in proof.checks if c.check_id == check_id]
        own = [m for m in proof.mutations if m.check_id == check_id]
        broken = check_id in proof.broken()
        passes = all(c.solution is not None and c.solution.status is Status.PASS for c in pairs)
        failed_on_setup = any(c.setup is not None and c.setup.status is Status.FAIL for c in pairs)
        rows.append(CheckRow(check_id, passes, failed_on_setup or broken, len(own), broken))
    return rows


def unbroken(proof: TaskProof) -> list[str]:
    """Checks no mutation of theirs broke (with ``--mutate``): nothing shows they can catch a mistake."""
    return [r.check_id for r in check_rows(proof) if r.proven_pass and not r.broken]


def mutation_score(proof: TaskProof) -> str:
    rows = check_rows(proof)
    broken = sum(r.broken for r in rows)
    return f"{broken}/{len(rows)} ({100 * broken / len(rows):.0f} %)" if rows else "-"


def table(proofs: list[TaskProof], mutate: bool) -> Table:
    out = Table(title="live proof", show_lines=False)
    for name in ("task", "checks", "proven pass", "proven fail", *(["mutation score"] if mutate else []), "time"):
        out.add_column(name, justify="left" if name == "task" else "right")
    for proof in proofs:
        if proof.error is not None:
            out.add_row(proof.task_id, "-", "-", "-", *(["-"] if mutate else []), f"{proof.seconds:.0f} s (not proven)")
            continue
        rows = check_rows(proof)
        out.add_row(proof.task_id, str(len(rows)), str(sum(r.proven_pass for r in rows)), str(sum(r.proven_fail for r in rows)),
                    *([mutation_score(proof)] if mutate else []), f"{proof.seconds:.0f} s")
    return out


def print_table(proofs: list[TaskProof], mutate: bool, console: Console) -> None:
    console.print(table(proofs, mutate))


def junit_xml(proofs: list[TaskProof], strict: bool = False, mutate: bool = False) -> str:
    """A suite per task: a case per check and target (a reference answer that fails is a failure; one
    never seen failing is skipped, a failure with ``strict``), and with ``mutate`` a case per mutation
    (one that does not break its check is a failure)."""
    root = ET.Element("testsuites", name="netassess validate --live")
    for proof in proofs:
        cases: list[Case] = []
        if proof.error is not None:  # no proof could be made: one errored case says why
            cases.append(Case(proof.task_id, "proof", "error", type(proof.error).__name__, str(proof.error),
                              seconds=proof.seconds))
        unproven = proof.unproven()
        for check in proof.checks:
            outcome = "failure" if check.is_problem or (strict and check in unproven) else "skipped" if check in unproven else "pass"
            cases.append(Case(proof.task_id, f"{check.check_id}@{check.target}", outcome,  # type: ignore[arg-type]
                              check.verdict if outcome == "failure" else check.line(), check.line()))
        for m in proof.mutations:
            outcome = "error" if m.error else "pass" if m.broke else "failure" if strict else "skipped"
            cases.append(Case(f"{proof.task_id}.mutations", f"{m.check_id}: {m.mutation.describe()}", outcome,  # type: ignore[arg-type]
                              "" if m.broke else (m.error or "the mutation did not break the check"), m.line(), seconds=m.seconds))
        if mutate:
            cases += [Case(f"{proof.task_id}.mutations", f"{cid}: no mutation", "failure" if strict else "skipped",
                           "no mutation is declared for this check") for cid in unbroken(proof)
                      if not any(m.check_id == cid for m in proof.mutations)]
        add_suite(root, proof.task_id, cases or [Case(proof.task_id, "proof")], seconds=proof.seconds)
    return to_xml(root)
