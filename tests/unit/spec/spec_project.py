"""A small, self-contained task project (tasks/, templates/, containerlab/) for spec tests.

The checks use two real check types (ospf_neighbor, hostname): registering a test double in the
global CHECKS registry would leak into every other test of the session (e.g. the checks catalogue).
"""

from __future__ import annotations

import textwrap
from pathlib import Path

TOPOLOGY = """\
name: tri
topology:
  kinds:
    linux:
      image: quay.io/frrouting/frr:8.4.1
  nodes:
    r1: {kind: linux, group: core}
    r2: {kind: linux, group: core}
    r3: {kind: linux}
    h1: {kind: linux, image: alpine:3}
  links:
    - endpoints: ["r1:eth1", "r2:eth1"]
    - endpoints: ["r2:eth2", "r3:eth1"]
    - endpoints: ["r3:eth2", "h1:eth1"]
"""

FRR_TEMPLATE = """\
hostname {{ hostname }}
{% for l in links %}
interface {{ l.interface }}
 ip address {{ p2p | nth_subnet(30, l.index - 1) | host_interface(l.side + 1) }}
{% endfor %}
"""

IOS_TEMPLATE = """\
hostname {{ hostname }}
{% for l in links %}
interface {{ l.ifname }}
 ip address {{ p2p | nth_subnet(30, l.index - 1) | host_interface(l.side + 1) | address }} {{ p2p | nth_subnet(30, l.index - 1) | netmask }}
{% endfor %}
"""

PROBE = "ospf_neighbor"

TASK = """\
# yaml-language-server: $schema=../docs/schema/task.schema.json
apiVersion: netassess/v1
kind: Task
id: probe-task
title: Probe task
version: "1.0"
skills: [S2, S13]
brief: |
  Address the links from {{ p2p }}.
topology: ../containerlab/tri.clab.yml
roles:
  edge: r1
  core: [r2, r3]
parameters:
  p2p:
    type: ipv4_network
    default: 10.0.0.0/24
  count:
    type: int
    default: 2
stages:
  setup:
    templates: {frr: templates/frr/base.j2, ios: templates/ios/base.j2}
    targets: [edge, core]
  solution:
    mode: replace
    templates: {frr: templates/frr/base.j2}
    targets: [edge, core]
checks:
  - id: probe-one
    type: ospf_neighbor
    targets: [edge, core]
    args:
      peers: [10.255.0.2]
      count: "{{ count }}"
    points: 2
    wait: 30
  - id: probe-two
    type: hostname
    targets: [all]
    skills: [S13]
    args: {}
scoring:
  pass_mark: 60
  distinction_mark: 85
  time_limit: 1h30m
"""


class Project:
    def __init__(self, root: Path) -> None:
        self.root = root
        (root / "tasks").mkdir(parents=True)
        (root / "templates" / "frr").mkdir(parents=True)
        (root / "templates" / "ios").mkdir(parents=True)
        (root / "containerlab").mkdir()
        self.write("containerlab/tri.clab.yml", TOPOLOGY)
        self.write("templates/frr/base.j2", FRR_TEMPLATE)
        self.write("templates/ios/base.j2", IOS_TEMPLATE)
        self.task = self.write("tasks/probe.yaml", TASK)

    def write(self, rel: str, text: str) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
        return path

    def edit_task(self, old: str, new: str) -> Path:
        text = self.task.read_text()
        assert old in text, f"test setup: {old!r} not in task"
        self.task.write_text(text.replace(old, new, 1))
        return self.task

    def line_of(self, needle: str) -> int:
        for number, line in enumerate(self.task.read_text().splitlines(), start=1):
            if needle in line:
                return number
        raise AssertionError(f"{needle!r} not in task")
