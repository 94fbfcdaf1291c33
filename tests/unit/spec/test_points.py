"""What `validate` and `tasks show` call a full score follows the scoring rules exactly."""

from __future__ import annotations

from spec_project import Project

from netassess.spec.loader import load_task
from netassess.spec.points import points_summary


def test_required_checks_make_the_total_per_target(project: Project) -> None:
    points = points_summary(load_task(project.task))
    # probe-one: 2 points on r1, r2, r3; probe-two: 1 point on every node (r1, r2, r3, h1)
    assert points.per_check == {"probe-one": 6, "probe-two": 4}
    assert (points.total, points.bonus) == (10, 0)
    assert points.per_skill == {"S2": 6, "S13": 4}


def test_optional_checks_are_bonus_and_warnings_score_nothing(project: Project) -> None:
    project.edit_task("    skills: [S13]\n", "    skills: [S13]\n    level: optional\n")
    points = points_summary(load_task(project.task))
    assert (points.total, points.bonus) == (6, 4)
    assert points.per_skill == {"S2": 6}
    project.edit_task("    level: optional\n", "    level: warning\n")
    points = points_summary(load_task(project.task))
    assert (points.total, points.bonus) == (6, 0)
    assert "probe-two" not in points.per_check


def test_validate_reports_a_link_check_whose_targets_share_no_link(project: Project) -> None:
    from netassess.spec.loader import analyse_task

    project.edit_task("checks:\n", "checks:\n  - id: lonely-link\n    type: link_subnet_match\n    targets: [r1, r3]\n")
    problems = [str(p) for p in analyse_task(project.task).problems]
    assert len(problems) == 1 and "lonely-link" in problems[0] and "no topology link joins two of its targets" in problems[0]
