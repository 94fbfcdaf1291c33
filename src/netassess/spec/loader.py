"""Load a task file into a ``LoadedTask``, or explain exactly what is wrong with it.

``analyse_task`` collects every problem it can find (``netassess validate`` prints them all);
``load_task`` raises the first one as a single-line ``SpecError``. The checks, in order:
YAML syntax and duplicate keys → the pydantic models (unknown keys, types) → paths inside the
project → the topology → roles → parameters → the brief → each check (type, rendered args,
targets, skills, unique id) → each stage template rendered for every node and platform → scoring.
"""

from __future__ import annotations

import hashlib
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from netassess.errors import NetassessError, SpecError
from netassess.spec.diagnostics import problems_from_validation
from netassess.spec.loaded import LoadedCheck, LoadedTask
from netassess.spec.models import CheckSpec, Task
from netassess.spec.parameters import PARAMETER_GENERATORS, coerce, raw_value
from netassess.spec.paths import PathEscape, project_root, resolve_inside
from netassess.spec.points import target_count
from netassess.spec.problems import Problem
from netassess.spec.render import RenderError, render_text, render_value
from netassess.spec.source import YamlSource, load_yaml
from netassess.spec.stages import base_context, render_stage, stage_nodes

ASSESSED_PROBLEM_LIMIT = 200  # a wildly wrong file should not print thousands of lines


@dataclass
class Analysis:
    path: Path
    loaded: LoadedTask | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and self.loaded is not None


def load_task(path: Path | str, params: Mapping[str, Any] | None = None, *, candidate: str | None = None) -> LoadedTask:
    """Load and fully validate a task. Raises ``SpecError`` (one line: file:line, location, fix)."""
    analysis = analyse_task(Path(path), params, candidate=candidate)
    if analysis.problems:
        first = str(analysis.problems[0])
        more = len(analysis.problems) - 1
        if more:
            first += f" (and {more} more problem{'s' if more > 1 else ''}: run netassess validate {analysis.path})"
        raise SpecError(first)
    assert analysis.loaded is not None
    return analysis.loaded


def analyse_task(path: Path, params: Mapping[str, Any] | None = None, *, candidate: str | None = None) -> Analysis:
    """Every problem of the task at ``path`` (empty when it is sound) and, when sound, the loaded task."""
    analysis = Analysis(path)
    if not path.is_file():
        analysis.problems.append(Problem(path, "task file not found; check the path"))
        return analysis
    src = load_yaml(path)
    analysis.problems.extend(src.problems)
    if src.data is None:
        if not src.problems:
            analysis.problems.append(Problem(path, "the file is empty; start from a shipped task in tasks/"))
        return analysis
    if not isinstance(src.data, dict):
        analysis.problems.append(Problem(path, "the top level must be a mapping (apiVersion, kind, id, …)", 1))
        return analysis
    try:
        task = Task.model_validate(src.data)
    except ValidationError as exc:
        analysis.problems.extend(problems_from_validation(exc, src, Task))
        return analysis
    try:
        _Semantics(analysis, src, task, params or {}, candidate).run()
    except NetassessError as exc:  # e.g. the check registry failing to import
        analysis.problems.append(Problem(path, str(exc)))
    del analysis.problems[ASSESSED_PROBLEM_LIMIT:]
    return analysis


class _Semantics:
    """The checks that need more than the models: files, topology, registry, rendering."""

    def __init__(self, analysis: Analysis, src: YamlSource, task: Task, overrides: Mapping[str, Any], candidate: str | None):
        self.analysis, self.src, self.task = analysis, src, task
        self.overrides, self.candidate = dict(overrides), candidate
        self.path = src.path.resolve()
        self.root = project_root(self.path)

    def problem(self, loc: tuple[str | int, ...], message: str) -> None:
        self.analysis.problems.append(self.src.problem(loc, message))

    def run(self) -> None:
        topology = self._topology()
        if topology is None:
            return
        topology_path, topo = topology
        loaded = LoadedTask(
            task=self.task,
            path=self.path,
            root=self.root,
            sha256=hashlib.sha256(self.path.read_bytes()).hexdigest(),
            params={},
            brief="",
            checks=[],
            topology_path=topology_path,
            topology=topo,
            warnings=list(topo.warnings),
        )
        self._roles(loaded)
        if not self._parameters(loaded):
            return  # everything below renders with the parameters
        context = base_context(loaded)
        try:
            loaded.brief = render_text(self.task.brief, context)
        except RenderError as exc:
            self.problem(("brief",), f"{exc.message}{f' (brief line {exc.line})' if exc.line else ''}")
        self._checks(loaded, context)
        self._measured(loaded, context)
        self._stages(loaded)
        self._scoring(loaded)
        if not self.analysis.problems:
            self.analysis.loaded = loaded

    def _topology(self) -> tuple[Path, Any] | None:
        from netassess.lab.topology import load_topology

        try:
            topology_path = resolve_inside(self.root, self.path.parent, self.task.topology)
        except PathEscape as exc:
            self.problem(("topology",), str(exc))
            return None
        if not topology_path.is_file():
            self.problem(("topology",), f"topology file {self.task.topology} not found (looked for {topology_path}); fix the path, "
                f"relative to this task file")
            return None
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                # The containerlab runtime accepts every kind: a task may target a Cisco lab.
                return topology_path, load_topology(topology_path, runtime="containerlab")
        except SpecError as exc:
            self.problem(("topology",), f"the topology is invalid: {exc}")
            return None

    def _roles(self, loaded: LoadedTask) -> None:
        nodes = loaded.topology.nodes
        for role in self.task.roles:
            for index, node in enumerate(self.task.role_nodes(role)):
                if node not in nodes:
                    loc = ("roles", role) if isinstance(self.task.roles[role], str) else ("roles", role, index)
                    self.problem(loc, f"node {node!r} is not in the topology (nodes: {', '.join(nodes)}); fix the name")

    def _parameters(self, loaded: LoadedTask) -> bool:
        ok = True
        for name in self.overrides:
            if name not in self.task.parameters:
                known = ", ".join(self.task.parameters) or "none"
                self.analysis.problems.append(Problem(self.path, f"parameter {name!r} given on the command line is not declared by the "
                    f"task (declared: {known})"))
                ok = False
        generated = [n for n, p in self.task.parameters.items() if p.generate is not None and n not in self.overrides]
        if self.candidate is not None and generated:
            from netassess.spec.generators import cohort_secret  # only for generated parameters (issue 15)

            try:
                cohort_secret()
            except NetassessError as exc:  # one line, not one per generated parameter
                self.analysis.problems.append(Problem(self.path, f"candidate {self.candidate!r}: {exc}"))
                return False
        for name, param in self.task.parameters.items():
            if name in generated and self.candidate is None and not self._generator_ok(name, param):
                ok = False
                continue
            try:
                raw = raw_value(name, param, self.overrides, self.candidate, self.task.id)
            except NetassessError as exc:
                self.problem(("parameters", name, "generate"), str(exc))
                ok = False
                continue
            if raw is None:
                self.problem(("parameters", name), "no value: give it a default or pass --param " + f"{name}=VALUE")
                ok = False
                continue
            try:
                loaded.params[name] = coerce(param, raw)
            except ValueError as exc:
                origin = "command line" if name in self.overrides else "generated" if name in generated and self.candidate else "default"
                self.problem(("parameters", name, "default"), f"{origin} value {exc}")
                ok = False
        return ok

    def _generator_ok(self, name: str, param: Any) -> bool:
        """Without a candidate the default is used; still run the generator once (throwaway key) so
        `validate` catches an unknown generator, bad args, or values the parameter's type refuses."""
        assert param.generate is not None
        from netassess.spec.generators import Draw  # registers the built-in generators

        try:
            generator = PARAMETER_GENERATORS.get(param.generate.generator)
            coerce(param, generator(Draw(self.task.id, "(validate)", name, b"validate" * 4), param, param.generate.args))
        except (NetassessError, ValueError) as exc:
            self.problem(("parameters", name, "generate"), str(exc))
            return False
        return True

    def _checks(self, loaded: LoadedTask, context: dict[str, Any]) -> None:
        from netassess.checks.base import CHECKS

        seen: dict[str, int] = {}
        for index, spec in enumerate(self.task.checks):
            loc = ("checks", index)
            if spec.id in seen:
                self.problem((*loc, "id"), f"duplicate check id {spec.id!r} (also checks[{seen[spec.id]}]); ids must be unique")
            seen.setdefault(spec.id, index)
            for t_index, selector in enumerate(spec.targets):
                try:
                    loaded.resolve_targets([selector])
                except KeyError:
                    self.problem((*loc, "targets", t_index), f"target {selector!r} is no role, node or group of the topology (known: "
                        f"{', '.join(loaded.selector_names())})")
            if spec.type not in CHECKS:  # only the modules of the types used are imported (issue 15)
                known = CHECKS.names()
                self.problem((*loc, "type"), f"unknown check type {spec.type!r}; known: {', '.join(known) or 'none registered'}")
                continue
            check_type = CHECKS.get(spec.type)
            try:
                rendered = render_value(spec.args, context)
            except RenderError as exc:
                self.problem((*loc, "args"), exc.message)
                continue
            try:
                args = check_type.parse_args(rendered)
            except ValidationError as exc:
                self.analysis.problems.extend(problems_from_validation(exc, self.src, check_type.Args, (*loc, "args"), rendered))
                continue
            self._platform_problems(loaded, spec, check_type, args, loc)
            skills = self._check_skills(spec.skills, check_type.skills, loc)
            spec = self._render_messages(spec, context, loc)
            loaded.checks.append(LoadedCheck(spec=spec, check_type=check_type, args=args, skills=skills))

    def _measured(self, loaded: LoadedTask, context: dict[str, Any]) -> None:
        """Mutations and the change window: rendered, and checked against the topology (``spec.measured``)."""
        from netassess.spec.measured import render_mutations, render_window

        for index, spec in enumerate(self.task.checks):
            rendered, problems = render_mutations(spec.mutations, loaded.topology, context, ("checks", index))
            if rendered:
                loaded.mutations[spec.id] = rendered
            for loc, message in problems:
                self.problem(loc, message)
        if self.task.window is not None:
            loaded.window, problems = render_window(self.task.window, loaded.topology, context)
            for loc, message in problems:
                self.problem(loc, message)

    def _platform_problems(self, loaded: LoadedTask, spec: CheckSpec, check_type: Any, args: Any,
                           loc: tuple[str | int, ...]) -> None:
        """Arguments a target's platform must not run (e.g. a command not read-only there), per platform."""
        try:
            nodes = loaded.resolve_targets(spec.targets)
        except KeyError:
            return  # reported above
        for platform in sorted({loaded.topology.nodes[n].platform for n in nodes}):
            problem = check_type().platform_problem(args, platform)
            if problem:
                on = ", ".join(n for n in nodes if loaded.topology.nodes[n].platform == platform)
                field = check_type.platform_field
                self.problem((*loc, "args", field) if field else (*loc, "args"), f"{problem} (targets {on})")

    def _render_messages(self, spec: CheckSpec, context: dict[str, Any], loc: tuple[str | int, ...]) -> CheckSpec:
        """Hints and pass/fail messages speak the task's parameters ("area {{ area }}") to learners."""
        update = {}
        for name, key in (("hint", "hint"), ("pass_message", "pass"), ("fail_message", "fail"), ("description", "description")):
            text = getattr(spec, name)
            if text is None:
                continue
            try:
                update[name] = render_text(text, context)
            except RenderError as exc:
                self.problem((*loc, key), exc.message)
        return spec.model_copy(update=update)

    def _check_skills(self, explicit: list[str] | None, type_skills: tuple[str, ...], loc: tuple[str | int, ...]) -> list[str]:
        task_skills = self.task.skills
        if explicit:
            for s_index, code in enumerate(explicit):
                if code not in task_skills:
                    self.problem((*loc, "skills", s_index), f"{code} is not among the task's skills ({', '.join(task_skills)}); add it "
                        f"there or here use one of those")
            return list(explicit)
        within = [code for code in type_skills if code in task_skills]
        return within or list(task_skills)

    def _stages(self, loaded: LoadedTask) -> None:
        for stage_name in ("setup", "solution"):
            stage = loaded.stage(stage_name)
            for t_index, selector in enumerate(stage.targets):
                try:
                    loaded.resolve_targets([selector])
                except KeyError:
                    self.problem(("stages", stage_name, "targets", t_index), f"target {selector!r} is no role, node or group of the "
                        f"topology (known: {', '.join(loaded.selector_names())})")
                    return
            for platform in stage.modes:
                if platform not in stage.templates:
                    self.problem(("stages", stage_name, "modes", platform), f"no {platform} template in this stage; remove the mode or "
                        f"add templates.{platform}")
            for platform, rel in stage.templates.items():
                loc = ("stages", stage_name, "templates", platform)
                try:
                    template = resolve_inside(self.root, self.root, rel)
                except PathEscape as exc:
                    self.problem(loc, str(exc))
                    continue
                if not template.is_file():
                    self.problem(loc, f"template {rel} not found under {self.root}; paths are relative to the project root (the folder "
                        f"holding templates/)")
                    continue
                nodes = stage_nodes(loaded, stage_name, platform)
                if not nodes:
                    self.problem(loc, f"no node of the stage's targets runs {platform}; remove it or fix stages.{stage_name}.targets")
                for node in nodes:
                    try:
                        render_stage(loaded, stage_name, node, platform)
                    except RenderError as exc:
                        where = exc.file or template
                        line = f":{exc.line}" if exc.line else ""
                        try:
                            where_text = str(where.relative_to(self.root))
                        except ValueError:
                            where_text = str(where)
                        self.problem(loc, f"{where_text}{line} (rendering for {node}): {exc.message}")
                        break  # one node is enough to show a template bug

    def _scoring(self, loaded: LoadedTask) -> None:
        scored = {code for check in loaded.checks if check.spec.level != "warning" for code in check.skills}
        for code in self.task.scoring.skill_minimums:
            if code not in scored:
                self.problem(("scoring", "skill_minimums", code), f"no scored check counts toward {code}; remove the minimum or add "
                    f"checks for it")
        if loaded.checks and not any(check.spec.level != "warning" for check in loaded.checks):
            self.problem(("checks",), "every check is a warning, so nothing scores; make at least one required")
        for index, check in enumerate(loaded.checks):
            try:
                count = target_count(loaded, check)
            except KeyError:
                continue  # an unknown target, reported by _checks already
            if count == 0:
                what = "no topology link joins two of its targets" if check.check_type.scope == "link" else "its targets match no node"
                self.problem(("checks", index, "targets"), f"check {check.id!r} judges nothing on this topology: {what}; fix targets")
