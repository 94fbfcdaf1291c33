"""``netassess lab …``: bring containerlab topologies up as real routers, inspect them, reach them."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
import threading
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from netassess.cli._signals import terminate_like_ctrl_c
from netassess.cli.lab_images import console, err, images_app
from netassess.errors import LabError, NetassessError, UsageError

if TYPE_CHECKING:
    from rich.live import Live
    from rich.table import Table

    from netassess.lab.state import LabState

# The lab machinery (runtimes, topology, images) is imported inside each command: CLI start stays light.
lab_app = typer.Typer(help="Run containerlab topologies as real FRR routers and Linux hosts.", no_args_is_help=True)

_STAGES = ["namespace", "frr", "sshd", "started", "ready"]


def resolve_lab(name: str | None) -> LabState:
    """The named lab, or the only lab that is up; a usage error naming the choices otherwise."""
    from netassess.lab.state import list_labs, load_state, state_dir

    if name:
        return load_state(name)
    labs = list_labs()
    if len(labs) == 1:
        return labs[0]
    if not labs:
        raise LabError(f"no labs are up (state dir {state_dir()}); start one with `netassess lab up FILE.clab.yml`")
    raise UsageError(f"several labs are up ({', '.join(s.name for s in labs)}); name one with --lab NAME")


class _NodeProgress:
    """A live per-node table fed from the runtime's worker threads."""

    def __init__(self, nodes: list[str]) -> None:
        self.stage = dict.fromkeys(nodes, "waiting")
        self.lock = threading.Lock()
        self.live: Live | None = None

    def render(self) -> Table:
        from rich.table import Table

        table = Table(title="lab up", show_edge=False)
        table.add_column("node")
        table.add_column("stage")
        for node, stage in self.stage.items():
            style = "green" if stage == "ready" else "yellow"
            table.add_row(node, f"[{style}]{stage}[/]")
        return table

    def __call__(self, node: str, stage: str) -> None:
        with self.lock:
            self.stage[node] = stage
            if self.live is not None:
                self.live.update(self.render())


def _summary(state: LabState) -> Table:
    from rich.table import Table

    table = Table(title=f"lab {state.name} ({state.runtime}) is up", show_edge=False)
    for col in ("node", "kind", "platform", "mgmt IPv4", "login"):
        table.add_column(col)
    for name, node in sorted(state.nodes.items()):
        table.add_row(name, node.kind, node.platform, node.mgmt_ipv4, f"ssh {state.credentials.login_user}@{node.mgmt_ipv4}")
    return table


@lab_app.command("up")
def up(
    topology: Path = typer.Argument(..., metavar="TOPOLOGY", help="A containerlab topology file (*.clab.yml), or a task file "
                                    "(tasks/*.yaml): its topology comes up and its setup stage is pushed."),
    runtime: str = typer.Option("auto", "--runtime", help="auto | netns | containerlab"),
    wait: float = typer.Option(60.0, "--wait", help="Seconds to wait for every node to answer SSH and vtysh."),
    reconfigure: bool = typer.Option(False, "--reconfigure", help="Tear the lab down first if it exists."),
    name: str | None = typer.Option(None, "--name", help="Lab name (default: the topology's name)."),
    mgmt_subnet: str | None = typer.Option(None, "--mgmt-subnet", help="Override mgmt.ipv4-subnet (netns)."),
    user: str = typer.Option("admin", "--user", help="Lab login user (router login shell: vtysh)."),
    password: str = typer.Option("admin", "--password", envvar="NETASSESS_LAB_PASSWORD", show_default=False,
                                 help="Lab login password (default admin; or env NETASSESS_LAB_PASSWORD)."),
    lldp: bool = typer.Option(False, "--lldp", help="Run lldpd on every node (netns; `make lldpd` provides it). "
                              'Per node: the label netassess.lldp: "on" / "off".'),
    frr_image: str | None = typer.Option(None, "--frr-image", help="Run every FRR router on this lab image (frr10, frr8, "
                                         "hostfs…) whatever its image tag says (netns; see `lab images list`)."),
    pods: int | None = typer.Option(None, "--pods", help="With a task: one pod per candidate c01…cNN, each its own lab "
                                    "(<task>-<candidate>), subnet, key and parameters."),
    candidates: str | None = typer.Option(None, "--candidates", help="With a task: one pod per candidate id (c1,c2,…)."),
    params: list[str] = typer.Option([], "--param", help="k=v task parameter for every pod (repeatable)."),
    candidate: str | None = typer.Option(None, "--candidate", help="With a task file: stage this candidate's own "
                                         "instance (generated parameters; needs the cohort secret)."),
    secret_file: Path | None = typer.Option(None, "--cohort-secret-file", help="File holding the cohort secret "
                                            "(default: $NETASSESS_COHORT_SECRET)."),
) -> None:
    """Bring a lab up; returns when every node answers SSH and every FRR daemon answers vtysh.

    Given a task file, bring up the task's topology and push its setup stage (the apprentice's
    starting point), as `netassess push TASK --stage setup --lab NAME` would.
    """
    from rich.live import Live
    from rich.markup import escape

    from netassess.cli.lab_images import build_with_bar
    from netassess.lab.image_map import missing_images, plan_images
    from netassess.lab.runtime import get_runtime
    from netassess.lab.runtimes.netns import LabAlreadyUp
    from netassess.lab.topology import TopologyWarning, load_topology

    if pods is not None or candidates is not None:
        from netassess.cli._pods import up_pods
        from netassess.spec.parameters import parse_param_options

        up_pods(str(topology), pods, candidates, parse_param_options(params), wait=max(wait, 120.0), runtime=runtime)
        return
    rt = get_runtime(runtime)
    task = _load_task_file(topology, candidate, secret_file)
    if candidate is not None and task is None:
        raise UsageError("--candidate goes with a task file (tasks/ID.yaml), whose setup stage it personalises")
    if task is not None:
        topology = task.topology_path
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", TopologyWarning)
        topo = load_topology(topology, runtime=rt.name, mgmt_subnet=mgmt_subnet)
    for w in caught:
        err.print(f"[yellow]warning:[/] {escape(str(w.message))}", highlight=False)
    # SIGTERM (a CI timeout, `kill`) unwinds like Ctrl-C, so `up` removes what it made before exiting
    terminate_like_ctrl_c()
    if rt.name == "netns":  # a missing image is built once, here, with a progress bar
        build_with_bar(missing_images(plan_images(list(topo.nodes.values()), frr_image=frr_image)[0]))
    progress = _NodeProgress(list(topo.nodes))
    kwargs: dict[str, Any] = ({"username": user, "password": password, "lldp_all": lldp, "frr_image": frr_image}
                              if rt.name == "netns" else {})
    if lldp and rt.name != "netns":
        err.print("[yellow]warning:[/] --lldp is for the built-in lab; containerlab nodes run what their image runs")
    try:
        with Live(progress.render(), console=err.real(), transient=True, refresh_per_second=8) as live:
            progress.live = live
            state = rt.up(topo, name=name, wait=wait, progress=progress, reconfigure=reconfigure, **kwargs)
    except LabAlreadyUp as exc:
        console.print(str(exc))
        console.print(_summary(exc.state))
        return
    console.print(_summary(state))
    for warning in state.warnings:
        err.print(f"[yellow]warning:[/] {escape(warning)}", highlight=False)  # config text is not markup
    if task is not None:
        from netassess.cli._push_display import printer
        from netassess.push import assume_yes, push_stage

        console.print(f"pushing the setup stage of {task.task.id} …", markup=False)
        push_stage(task, "setup", lab=state.name, confirm=assume_yes, console=console,
                   show=printer(console))  # the lab it just made
        who = f" --candidate {candidate}" if candidate is not None else ""
        console.print(f"ready: the brief is `netassess tasks show {task.task.id}{who}`; "
                      f"assess with `netassess check {task.path} --lab {state.name}{who}`", markup=False)
    console.print(f"inventory: netassess lab inventory {state.name} -o inventory/{state.name}", markup=False)


def _load_task_file(path: Path, candidate: str | None = None, secret_file: Path | None = None) -> Any:
    """The loaded task when ``path`` is a netassess task file (``kind: Task``), else None."""
    from netassess.safe_yaml import LOAD_ERRORS, safe_load_file

    if ".clab." in path.name or path.suffix not in (".yaml", ".yml") or not path.is_file():
        return None
    try:
        head = safe_load_file(path)
    except LOAD_ERRORS:
        return None  # load_topology reports the YAML error with its location
    if not (isinstance(head, dict) and head.get("kind") == "Task"):
        return None
    from netassess.spec.generators import use_secret_file
    from netassess.spec.loader import load_task

    use_secret_file(secret_file)
    return load_task(path, candidate=candidate)


@lab_app.command("down")
def down(
    name: str | None = typer.Argument(None, metavar="NAME", help="Lab name (default: the only lab that is up)."),
    all_labs: bool = typer.Option(False, "--all", help="Tear down every lab in the state dir."),
    pods: str | None = typer.Option(None, "--pods", metavar="TASK", help="Tear down every pod of this task id."),
) -> None:
    """Remove exactly what `up` created, from the state file (also after a crash or a half-finished up)."""
    from rich.markup import escape

    from netassess.lab.runtime import get_runtime
    from netassess.lab.state import list_labs

    if sum((all_labs, bool(name), pods is not None)) > 1:
        raise UsageError("give a lab name, --all or --pods TASK, not more than one")
    if pods is not None:
        from netassess.pods import find_pods

        all_labs, targets = True, find_pods(pods)  # like --all: one pod that cannot go must not keep the others up
    else:
        targets = list_labs() if all_labs else [resolve_lab(name)]
    if all_labs and not targets:
        console.print("no labs to tear down")
    failed: list[NetassessError] = []
    for state in targets:
        try:
            get_runtime(state.runtime).down(state.name)
        except NetassessError as exc:
            if not all_labs:
                raise
            failed.append(exc)  # --all: one lab that cannot go now must not keep the others up
            err.print(f"[red]error:[/] {escape(str(exc))}", highlight=False)
            continue
        console.print(f"lab {state.name} is down")
    if failed:
        raise NetassessError(f"{len(failed)} of {len(targets)} labs not torn down (see above); "
                             "run `netassess lab down --all` again once the cause is fixed", exit_code=failed[0].exit_code)


def _status_rows(state: LabState) -> list[dict[str, object]]:
    from netassess.lab.iproute import link_exists
    from netassess.lab.readiness import NON_FRR, NodeHealth, node_health

    # Probe only while the lab's bridge exists: with it gone (a stale state file) the mgmt subnet
    # may route elsewhere, and status must not send traffic outside the lab.
    probe = state.runtime == "netns" and bool(state.bridge) and link_exists(state.bridge or "")
    rows: list[dict[str, object]] = []
    for name, node in sorted(state.nodes.items()):
        health = None if state.runtime != "netns" else (
            node_health(node) if probe else NodeHealth(ssh=False, daemons=dict.fromkeys(node.pids.keys() - NON_FRR, False)))
        rows.append({
            "node": name, "kind": node.kind, "platform": node.platform, "mgmt_ipv4": node.mgmt_ipv4,
            "namespace": node.namespace,
            "ssh": None if health is None else health.ssh,
            "daemons": None if health is None else health.daemons,
        })
    return rows


@lab_app.command("status")
def status(
    name: str | None = typer.Argument(None, metavar="NAME", help="Lab name (default: every lab)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Per node: kind, mgmt IP, SSH reachable, FRR daemons alive."""
    from rich.table import Table

    from netassess.lab.state import list_labs, load_state, state_dir

    labs = [load_state(name)] if name else list_labs()
    report: list[dict[str, Any]] = [{"lab": s.name, "runtime": s.runtime, "status": s.status, "topology": s.topology,
               "mgmt_subnet": s.mgmt_subnet, "pod": s.pod.model_dump() if s.pod else None, "nodes": _status_rows(s)}
              for s in labs]
    if as_json:
        typer.echo(json.dumps(report, indent=2))
        return
    if not labs:
        console.print(f"no labs (state dir {state_dir()})", markup=False)
    from netassess.cli._pods import login_line

    by_name = {s.name: s for s in labs}
    for lab in report:
        pod = lab["pod"]
        whose = f" — pod of candidate {pod['candidate']} for {pod['task']}" if pod else ""
        table = Table(title=f"lab {lab['lab']} ({lab['runtime']}, {lab['status']}, mgmt {lab['mgmt_subnet']}){whose}",
                      show_edge=False)
        for col in ("node", "kind", "mgmt IPv4", "SSH", "FRR daemons", *(["login"] if pod else [])):
            table.add_column(col)
        for row in lab["nodes"]:
            ssh = "?" if row["ssh"] is None else ("[green]yes[/]" if row["ssh"] else "[red]no[/]")
            daemons = row["daemons"] or {}
            alive = [d for d, ok in daemons.items() if ok]
            dead = [d for d, ok in daemons.items() if not ok]
            frr = "-" if not daemons else (f"[green]{len(alive)}/{len(daemons)}[/]" if not dead else f"[red]down: {', '.join(dead)}[/]")
            login = [login_line(by_name[str(lab["lab"])], str(row["node"]))] if pod else []
            table.add_row(str(row["node"]), str(row["kind"]), str(row["mgmt_ipv4"]), ssh, frr, *login)
        console.print(table, soft_wrap=True)


@lab_app.command("exec", context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def exec_(
    node: str = typer.Argument(..., metavar="NODE", help="Node name."),
    command: list[str] = typer.Argument(None, metavar="COMMAND", help="Command to run after --; default: an interactive shell."),
    lab: str | None = typer.Option(None, "--lab", help="Lab name (default: the only lab that is up)."),
) -> None:
    """Run a command inside a node (its network, mount and UTS namespaces), like `docker exec`."""
    from netassess.lab.node_exec import enter_argv

    state = resolve_lab(lab)
    argv = [*enter_argv(state, node), *(command or ["bash", "-l"])]
    raise typer.Exit(subprocess.call(argv))


def ssh_command(state: LabState, node: str, automation: bool = False) -> list[str]:
    ns = state.nodes.get(node)
    if ns is None:
        raise UsageError(f"lab {state.name} has no node {node!r} (nodes: {', '.join(sorted(state.nodes))})")
    creds = state.credentials
    argv = ["ssh"]
    if creds.known_hosts:
        argv += ["-o", f"UserKnownHostsFile={creds.known_hosts}", "-o", "StrictHostKeyChecking=yes"]
    if automation and creds.key_file:
        argv += ["-i", creds.key_file, "-o", "IdentitiesOnly=yes"]
    user = creds.automation_user if automation else creds.login_user
    return [*argv, f"{user}@{ns.mgmt_ipv4}"]


@lab_app.command("ssh")
def ssh(
    node: str = typer.Argument(..., metavar="NODE", help="Node name."),
    lab: str | None = typer.Option(None, "--lab", help="Lab name (default: the only lab that is up)."),
    automation: bool = typer.Option(False, "--automation", help="Log in as the automation user (Linux shell, lab key)."),
    print_only: bool = typer.Option(False, "--print", help="Only print the command."),
) -> None:
    """Open an SSH session to a node as an apprentice would (or print the command)."""
    state = resolve_lab(lab)
    argv = ssh_command(state, node, automation)
    if print_only or not sys.stdin.isatty():
        typer.echo(shlex.join(argv))
        if not automation and state.credentials.password_is_default:
            typer.echo("password: admin (the documented lab default)")
        return
    os.execvp(argv[0], argv)


@lab_app.command("inventory")
def inventory(
    name: str = typer.Argument(..., metavar="NAME", help="Lab name."),
    output: Path = typer.Option(..., "-o", "--output", help="Directory for hosts.yaml, groups.yaml, defaults.yaml."),
) -> None:
    """Write a Nornir SimpleInventory for the lab, with platforms set for NAPALM and netmiko."""
    from netassess.lab.inventory import write_inventory
    from netassess.lab.state import load_state

    paths = write_inventory(load_state(name), output)
    for path in paths.values():
        console.print(str(path))


def register(app: typer.Typer) -> None:
    lab_app.add_typer(images_app, name="images")
    app.add_typer(lab_app, name="lab")
