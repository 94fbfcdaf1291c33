"""Reading inventory files (``-i DIR``, ``--clab-inventory FILE``) as untrusted input.

Nornir's own loader takes whatever YAML it finds: a list where hosts belong fails deep inside
with "'list' object has no attribute 'items'", and ``port: twenty-two`` passes through to the
SSH library, so a typo is reported as an unreachable router (exit 3) instead of a bad inventory
(exit 2). Here every file goes through the bounded YAML loader and every host, group and the
defaults through a pydantic model, so each mistake is one line naming the file, line and host.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import yaml
from nornir.core.inventory import ConnectionOptions, Defaults, Group, Groups, Host, Hosts, Inventory, ParentGroups
from pydantic import BaseModel, ConfigDict, Field, StrictStr, ValidationError

from netassess.errors import UsageError
from netassess.platforms import is_frr_image, napalm_platform
from netassess.safe_yaml import LOAD_ERRORS, describe, load_with_nodes, read_capped

Port = Annotated[int, Field(ge=1, le=65535, strict=False)]
# A password or username written as a bare number (password: 1234) is still text, not a typo.
Text = Annotated[StrictStr | int, Field(union_mode="left_to_right")]

class _Connection(BaseModel):
    model_config = ConfigDict(extra="forbid")
    hostname: StrictStr | None = None
    port: Port | None = None
    username: Text | None = None
    password: Text | None = None
    platform: StrictStr | None = None
    extras: dict[str, Any] | None = None


class _Element(_Connection):
    """A host, a group or the defaults, with the keys Nornir's SimpleInventory reads."""

    groups: list[StrictStr] | None = None
    data: dict[str, Any] | None = None
    connection_options: dict[str, _Connection | None] | None = None
    extras: None = None  # only connection options carry extras


class _ClabHost(_Element):
    model_config = ConfigDict(extra="ignore")  # containerlab's own file: newer versions may add keys


def _plain(element: _Element) -> dict[str, Any]:
    """The element as Nornir's loader expects it: numbers written for text become text."""
    out = element.model_dump(exclude_none=True, exclude={"extras"})
    for key in ("username", "password"):
        if key in out:
            out[key] = str(out[key])
    for name, options in (out.get("connection_options") or {}).items():
        out["connection_options"][name] = options or {}
    return out


def _fail(path: Path, line: int | None, what: str, exc: ValidationError) -> UsageError:
    err = exc.errors()[0]
    loc = [str(p) for p in err["loc"]]
    while len(loc) > 1 and (loc[-1] in ("str", "int", "bool") or "[" in loc[-1]):
        loc.pop()  # pydantic's union branch names, not the author's keys
    field = ".".join(loc)
    # The value is shown for the fields a typo hides in, never for a username or password.
    shown = f" (got {err['input']!r})" if err["loc"] and err["loc"][-1] in ("port", "hostname", "platform") else ""
    msg = err["msg"].replace("Input should be", "should be").replace("Extra inputs are not permitted", "unknown key")
    where = f"{path}:{line}" if line else str(path)
    return UsageError(f"{where}: {what}: {field}: {msg}{shown}; fix the inventory")


def read_mapping(path: Path, what: str) -> tuple[dict[str, Any], dict[str, int]]:
    """``path`` as a mapping (empty file: empty mapping) and the line of each top-level key."""
    try:
        root, data = load_with_nodes(read_capped(path))
    except LOAD_ERRORS as exc:
        raise UsageError(describe(path, exc)) from None
    if data is None:
        return {}, {}
    if not isinstance(data, dict) or not isinstance(root, yaml.MappingNode):
        raise UsageError(f"{path}:1: {what} must be a mapping (name: settings), not a {type(data).__name__}; fix the inventory")
    lines = {str(k.value): k.start_mark.line + 1 for k, _ in root.value if isinstance(k, yaml.ScalarNode)}
    return {str(k): v for k, v in data.items()}, lines


def elements(path: Path, kind: str, model: type[_Element] = _Element) -> dict[str, dict[str, Any]]:
    """Every host (or group) of ``path``, validated: ``{name: settings}``."""
    raw, lines = read_mapping(path, f"a {kind}s file")
    out = {}
    for name, value in raw.items():
        if value is not None and not isinstance(value, dict):
            raise UsageError(f"{path}:{lines.get(name, 1)}: {kind} {name}: must be a mapping of settings, not a {type(value).__name__}; "
                f"fix the inventory")
        try:
            out[name] = _plain(model.model_validate(value or {}))
        except ValidationError as exc:
            raise _fail(path, lines.get(name), f"{kind} {name}", exc) from None
    return out


def defaults_of(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {}
    raw, _ = read_mapping(path, "defaults.yaml")
    try:
        element = _Element.model_validate(raw)
    except ValidationError as exc:
        raise _fail(path, None, "defaults", exc) from None
    if element.groups:
        raise UsageError(f"{path}: defaults: groups: defaults belong to no group; move the groups to the hosts")
    return _plain(element)


def _options(data: dict[str, Any]) -> dict[str, ConnectionOptions]:
    return {name: ConnectionOptions(hostname=o.get("hostname"), port=o.get("port"), username=o.get("username"),
                                    password=o.get("password"), platform=o.get("platform"), extras=o.get("extras"))
            for name, o in (data.get("connection_options") or {}).items()}


def _element(cls: type[Any], name: str, data: dict[str, Any], defaults: Defaults) -> Any:
    return cls(name=name, hostname=data.get("hostname"), port=data.get("port"), username=data.get("username"),
               password=data.get("password"), platform=data.get("platform"), data=data.get("data"),
               groups=None, defaults=defaults, connection_options=_options(data))


def inventory_from_dict(data: dict[str, Any]) -> Inventory:
    """A Nornir Inventory from SimpleInventory-shaped data: ``{hosts, groups, defaults}`` or a flat hosts map."""
    if isinstance(data.get("hosts"), dict):
        hosts_d, groups_d, defaults_d = data["hosts"], data.get("groups") or {}, data.get("defaults") or {}
    else:
        hosts_d, groups_d, defaults_d = data, {}, {}
    defaults = Defaults(hostname=defaults_d.get("hostname"), port=defaults_d.get("port"),
                        username=defaults_d.get("username"), password=defaults_d.get("password"),
                        platform=defaults_d.get("platform"), data=defaults_d.get("data"),
                        connection_options=_options(defaults_d))
    groups = Groups({name: _element(Group, name, g or {}, defaults) for name, g in groups_d.items()})
    for name, g in groups_d.items():
        groups[name].groups = ParentGroups([groups[p] for p in (g or {}).get("groups") or []])
    hosts = Hosts()
    for name, h in hosts_d.items():
        host = _element(Host, name, h or {}, defaults)
        parents = (h or {}).get("groups") or []
        for p in parents:  # containerlab's nornir-group labels name groups it never defines
            groups.setdefault(p, Group(name=p, defaults=defaults))
        host.groups = ParentGroups([groups[p] for p in parents])
        hosts[name] = host
    return Inventory(hosts=hosts, groups=groups, defaults=defaults)


def load_simple_inventory(directory: Path) -> Inventory:
    """A Nornir SimpleInventory directory (hosts.yaml, groups.yaml, defaults.yaml), validated."""
    def pick(stem: str) -> Path:
        for ext in ("yaml", "yml"):
            if (directory / f"{stem}.{ext}").exists():
                return directory / f"{stem}.{ext}"
        return directory / f"{stem}.yaml"

    if not directory.is_dir():
        raise UsageError(f"{directory}: inventory directory not found; pass -i DIR holding hosts.yaml (and groups.yaml, defaults.yaml)")
    hosts_file, groups_file = pick("hosts"), pick("groups")
    if not hosts_file.exists():
        raise UsageError(f"{directory}: no hosts.yaml; a SimpleInventory directory needs hosts.yaml")
    hosts = elements(hosts_file, "host")
    groups = elements(groups_file, "group") if groups_file.exists() else {}
    defaults = defaults_of(pick("defaults"))
    for kind, members, source in (("host", hosts, hosts_file), ("group", groups, groups_file)):
        for name, element in members.items():
            missing = [g for g in element.get("groups") or [] if g not in groups]
            if missing:
                raise UsageError(f"{source}: {kind} {name} names group {missing[0]!r} that groups.yaml does not define; add it there")
    return inventory_from_dict({"hosts": hosts, "groups": groups, "defaults": defaults})


def _clab_platform(platform: str | None, kind: str | None, image: str | None) -> str | None:
    """containerlab names platforms after kinds (FRR images are ``linux``): the NAPALM platform that speaks to them."""
    if is_frr_image(image):
        return "frr"
    return napalm_platform(platform) or napalm_platform(kind) or platform


def _clab_node_facts(inventory_file: Path, topology: Path | None) -> dict[str, dict[str, str]]:
    """Per node ``{kind, image, longname}`` from topology-data.json beside the inventory, or the topology file."""
    from netassess.safe_json import load_file

    facts: dict[str, dict[str, str]] = {}
    exported = inventory_file.parent / "topology-data.json"
    if exported.exists():
        try:
            for short, node in (load_file(exported).get("nodes") or {}).items():
                facts[short] = {k: str(node.get(k) or "") for k in ("kind", "image", "longname")}
        except (ValueError, AttributeError, OSError, json.JSONDecodeError):
            pass  # a damaged export: the topology file (or the inventory's own platforms) still tell
    if topology is not None and topology.exists():
        from netassess.lab.topology import load_topology

        topo = load_topology(topology)  # containerlab inheritance: defaults → kinds → groups → node
        for short, node in topo.nodes.items():
            entry = facts.setdefault(short, {})
            entry.setdefault("kind", node.kind)
            if not entry.get("image"):
                entry["image"] = node.image or ""
            entry.setdefault("longname", topo.container_name(short))
    return facts


def load_clab_inventory(path: Path, topology: Path | None = None) -> Inventory:
    """Read containerlab's ``nornir-simple-inventory.yml``: short host names, FRR nodes as platform ``frr``."""
    if not path.is_file():
        raise UsageError(f"{path}: containerlab inventory not found; it is clab-<lab>/nornir-simple-inventory.yml in the lab directory")
    raw, _ = read_mapping(path, "a containerlab inventory")
    if isinstance(raw.get("hosts"), dict):
        raw = {str(k): v for k, v in raw["hosts"].items()}
    facts = _clab_node_facts(path, topology)
    by_long = {f.get("longname"): short for short, f in facts.items() if f.get("longname")}
    hosts: dict[str, Any] = {}
    for name, value in raw.items():
        if value is not None and not isinstance(value, dict):
            raise UsageError(f"{path}: host {name}: must be a mapping of settings, not a {type(value).__name__}; fix the inventory")
        try:
            host = _plain(_ClabHost.model_validate(value or {}))
        except ValidationError as exc:
            raise _fail(path, None, f"host {name}", exc) from None
        short = by_long.get(name, name)
        f = facts.get(short, {})
        host["platform"] = _clab_platform(host.get("platform"), f.get("kind"), f.get("image"))
        data = dict(host.get("data") or {})
        data.setdefault("clab_name", name)
        data.setdefault("netassess", {"push": "allowed", "lab": True})  # containerlab nodes are lab equipment
        host["data"] = data
        hosts[short] = host
    return inventory_from_dict({"hosts": hosts})
