"""A task's setup stage as its routers' startup config, so a new task lab boots into it.

Pushing the setup stage to a lab that has just come up costs a NAPALM session, a backup and two
``frr-reload.py`` runs per router: on 2 cores that was most of a cohort's bring-up (12 pods:
nodes ready 12 s, setup push 21 s). A lab this run creates can instead boot each router with
the rendered stage as its ``startup-config`` and need no push at all. It must end up running
exactly what the push would have left (a live test compares the two):

- ``replace`` stage: the router boots the rendered stage alone (the push replaced everything);
- ``merge`` stage: the topology's own startup config, then the rendered stage (what the push
  merged onto).

The push stays for attaching to a running lab, and is used whenever booting cannot be shown to
be the same: a stage template for a node that is not an FRR router (hosts, switches), or a
rendered stage holding a ``secret`` parameter value (it would sit on disk in clear while the lab
boots; a push sends it over SSH only).
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from netassess.lab.topology import Topology, load_topology

BOOT_PLATFORM = "frr"  # the only platform the built-in lab boots from a startup config we write


def setup_startup_configs(loaded: Any) -> dict[str, str] | None:
    """Per router, the startup config that equals its setup stage pushed; None: push the setup instead."""
    from netassess.spec.render import RenderError
    from netassess.spec.stages import render_stage

    spec = loaded.stage("setup")
    secrets = [s for s in loaded.secret_values() if s]
    configs: dict[str, str] = {}
    for name in loaded.resolve_targets(spec.targets):
        node = loaded.topology.nodes[name]
        try:
            text = render_stage(loaded, "setup", name, node.platform, hostname=name)
        except RenderError:  # loading the task renders every stage, so rare: the push reports it in its words
            return None
        if text is None:
            continue  # no template for its platform: the push skips it too
        if node.platform != BOOT_PLATFORM or node.role != "router" or any(s in text for s in secrets):
            return None
        if spec.mode_for(node.platform) == "merge":
            base = node.startup_config.read_text() if node.startup_config else f"hostname {name}\n"
            text = base + ("" if base.endswith("\n") else "\n") + "!\n" + text
        configs[name] = text
    return configs


@contextmanager
def booting_into(topology_path: Path, configs: dict[str, str], mgmt_subnet: str | None) -> Iterator[Topology]:
    """The topology with each configured router's startup config replaced by its setup config.

    The files live only while the lab comes up (the runtime copies a startup config into the
    node's own /etc/frr, never binds it)."""
    topology = load_topology(topology_path, runtime="netns", mgmt_subnet=mgmt_subnet)
    with tempfile.TemporaryDirectory(prefix="netassess-setup-") as tmp:
        nodes = dict(topology.nodes)
        for name, text in configs.items():
            path = Path(tmp) / f"{name}.conf"
            path.write_text(text)
            nodes[name] = nodes[name].model_copy(update={"startup_config": path})
        yield topology.model_copy(update={"nodes": nodes})
