"""``netassess lab images …``: the root filesystems lab nodes run on (see netassess.lab.images)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from netassess.lab.images import BuiltImage, ImageSpec

images_app = typer.Typer(help="Root filesystems for lab nodes, built from Debian packages and cached.", no_args_is_help=True)


class _LazyConsole:
    """A rich Console made on first use, so importing the CLI does not import rich's console."""

    def __init__(self, **kwargs: Any) -> None:
        self.kwargs = kwargs
        self.console: Any = None

    def real(self) -> Any:
        """The Console itself, for rich widgets (Live, Progress) that take one."""
        if self.console is None:
            from rich.console import Console

            self.console = Console(**self.kwargs)
        return self.console

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real(), name)


console: Any = _LazyConsole()
err: Any = _LazyConsole(stderr=True)
BUILDS_AT_ONCE = 2


def build_with_bar(specs: list[ImageSpec], force: bool = False) -> list[BuiltImage]:
    """Build each image (skipping cached ones unless ``force``) behind a progress bar on stderr."""
    from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait

    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from netassess.lab.images import build, stop_builds

    with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.fields[stage]}"), TimeElapsedColumn(),
                  console=err.real(), transient=False) as bar:
        specs = list({spec.key: spec for spec in specs}.values())  # one build per image, however often named
        tasks = {spec.key: bar.add_task(f"image {spec.name} ({spec.suite})", total=1.0, stage="waiting",
                                           start=False) for spec in specs}

        def one(spec: ImageSpec) -> BuiltImage:
            task = tasks[spec.key]
            bar.start_task(task)  # its clock counts its own build, not the wait for a free slot
            bar.update(task, stage="")
            image = build(spec, lambda stage, done: bar.update(task, completed=done, stage=stage), force=force)
            bar.update(task, completed=1.0, stage="ready")
            return image

        # two at a time: a build alternates downloads, dpkg's unpacking and its scripts, so two share
        # 2 cores well (4 fresh images: 139 s one by one); each has its own lock and build folder
        pool = ThreadPoolExecutor(max_workers=BUILDS_AT_ONCE)
        try:
            futures = [pool.submit(one, spec) for spec in specs]
            wait(futures, return_when=FIRST_EXCEPTION)
            failed = next((f.exception() for f in futures if f.done() and f.exception()), None)
            if failed is not None:
                raise failed
            return [f.result() for f in futures]
        except BaseException:  # Ctrl-C, or one build failed: stop the others now, not when they finish
            pool.shutdown(wait=False, cancel_futures=True)  # none starts from here on
            stop_builds()
            raise
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


@images_app.command("build")
def build_cmd(
    names: list[str] = typer.Argument(None, metavar="[NAME]...", help="Images to build (default: every known image)."),
    force: bool = typer.Option(False, "--force", help="Rebuild even when cached."),
) -> None:
    """Build images into the cache (a cached image is not built again)."""
    from netassess.lab.image_map import load_catalogue

    catalogue = load_catalogue()
    specs = [catalogue.get(n) for n in names] if names else list(catalogue.images.values())
    for b in build_with_bar(specs, force=force):
        console.print(f"{b.name}: {b.path} ({b.size_mb} MB{', FRR ' + b.frr_version if b.frr_version else ''})")


@images_app.command("list")
def list_cmd(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Known images and whether each is built, with the cached ones' sizes and FRR versions."""
    from rich.table import Table

    from netassess.lab.image_map import load_catalogue
    from netassess.lab.images import cache_dir, list_images, lookup

    catalogue = load_catalogue()
    cached = {b.key: b for b in list_images()}
    rows = []
    for spec in catalogue.images.values():
        b = lookup(spec)
        rows.append({"name": spec.name, "key": spec.key, "suite": spec.suite, "role": spec.role, "built": b is not None,
                     "frr_version": b.frr_version if b else None, "size_mb": b.size_mb if b else None,
                     "description": spec.description})
        cached.pop(spec.key, None)
    rows += [{"name": b.name, "key": b.key, "suite": b.suite, "role": b.role, "built": True, "frr_version": b.frr_version,
              "size_mb": b.size_mb, "description": "stale: no longer defined (remove with `lab images rm KEY`)"}
             for b in cached.values()]
    if as_json:
        typer.echo(json.dumps(rows, indent=2))
        return
    table = Table(title=f"lab images ({cache_dir()})", show_edge=False)
    for col in ("name", "key", "suite", "role", "built", "FRR", "MB", "description"):
        table.add_column(col)
    for r in rows:
        table.add_row(str(r["name"]), str(r["key"]), str(r["suite"]), str(r["role"]), "yes" if r["built"] else "no",
                      str(r["frr_version"] or "-"), str(r["size_mb"] or "-"), str(r["description"]))
    console.print(table)


@images_app.command("rm")
def rm_cmd(name: str = typer.Argument(..., metavar="NAME_OR_KEY", help="Image name or cache key.")) -> None:
    """Delete a cached image (refused while a lab's nodes run on it)."""
    from netassess.lab.images import list_images, remove
    from netassess.lab.state import list_labs

    in_use = {n.rootfs for s in list_labs() for n in s.nodes.values() if n.rootfs}
    keys = {b.key for b in list_images() if b.path in in_use}
    for b in remove(name, in_use=keys):
        console.print(f"removed {b.name} ({b.key})")
