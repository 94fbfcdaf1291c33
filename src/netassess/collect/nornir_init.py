"""Every Nornir a run talks through is made by Nornir's own ``InitNornir``.

So any Nornir inventory plugin works: ``--nornir-config FILE`` is a Nornir config file as Nornir
users write it (``inventory: {plugin: NetBoxInventory2, options: …}``), and netassess's own
sources are inventory plugins registered with Nornir like any other:

- ``netassess.Lab`` (``name``): a lab this machine runs;
- ``netassess.SimpleInventory`` (``directory``): a SimpleInventory directory, validated with file:line errors;
- ``netassess.ContainerlabInventory`` (``inventory_file``, ``topology``): containerlab's generated inventory.

netassess always sets the runner (threaded, ``--workers``) and turns Nornir's own logging off:
Nornir would otherwise write ``nornir.log`` into the working folder, with every failed task's
traceback quoted verbatim (a refused ``neighbor … password`` line included).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from nornir import InitNornir
from nornir.core import Nornir
from nornir.core.exceptions import PluginNotRegistered
from nornir.core.inventory import Inventory
from nornir.core.plugins.inventory import InventoryPluginRegister

from netassess.collect.inventory_files import inventory_from_dict
from netassess.errors import EnvironmentProblem, LabError, NetassessError, UsageError, one_line

LAB_PLUGIN = "netassess.Lab"
SIMPLE_PLUGIN = "netassess.SimpleInventory"
CLAB_PLUGIN = "netassess.ContainerlabInventory"
_CONFIG_KEYS = {"inventory", "ssh", "logging", "core", "runner", "user_defined"}
# Where the inventory plugins Nornir users reach for come from, for the "not installed" line.
_PLUGIN_PACKAGES = {"NetBoxInventory2": "nornir_netbox", "NBInventory": "nornir_netbox",
                    "NautobotInventory": "nornir_nautobot"}


class LabInventory:
    """A lab this machine runs (``netassess lab up``), as Nornir sees it."""

    def __init__(self, name: str) -> None:
        self.name = name

    def load(self) -> Inventory:
        try:
            from netassess.lab.inventory import nornir_inventory
            from netassess.lab.state import load_state
        except ImportError as exc:
            raise LabError(f"the lab runtime is not available ({exc}); use -i INVENTORY_DIR or --clab-inventory FILE") from None
        return inventory_from_dict(nornir_inventory(load_state(self.name)))


class ValidatedSimpleInventory:
    """Nornir's SimpleInventory files, each host, group and the defaults checked with file:line errors."""

    def __init__(self, directory: str) -> None:
        self.directory = Path(directory)

    def load(self) -> Inventory:
        from netassess.collect.inventory_files import load_simple_inventory

        return load_simple_inventory(self.directory)


class ContainerlabInventory:
    """containerlab's ``nornir-simple-inventory.yml``, FRR nodes recognised by image."""

    def __init__(self, inventory_file: str, topology: str | None = None) -> None:
        self.inventory_file = Path(inventory_file)
        self.topology = Path(topology) if topology else None

    def load(self) -> Inventory:
        from netassess.collect.inventory_files import load_clab_inventory

        return load_clab_inventory(self.inventory_file, self.topology)


def register_plugins() -> None:
    """Make netassess's sources known to Nornir by name (repeat calls are harmless)."""
    for name, plugin in ((LAB_PLUGIN, LabInventory), (SIMPLE_PLUGIN, ValidatedSimpleInventory),
                         (CLAB_PLUGIN, ContainerlabInventory)):
        InventoryPluginRegister.register(name, plugin)


def read_nornir_config(path: Path) -> dict[str, Any]:
    """A Nornir config file read as untrusted input (bounded YAML, one line per mistake)."""
    from netassess.collect.inventory_files import read_mapping

    if not path.is_file():
        raise UsageError(f"{path}: Nornir config file not found; --nornir-config takes a Nornir config.yaml")
    data, lines = read_mapping(path, "a Nornir config file")
    unknown = sorted(set(data) - _CONFIG_KEYS)
    if unknown:
        raise UsageError(f"{path}:{lines.get(unknown[0], 1)}: unknown key {unknown[0]!r}; a Nornir config has "
                         f"{', '.join(sorted(_CONFIG_KEYS))}")
    for key in _CONFIG_KEYS & set(data):
        if data[key] is not None and not isinstance(data[key], dict):
            raise UsageError(f"{path}:{lines.get(key, 1)}: {key} must be a mapping, not a {type(data[key]).__name__}")
    plugin = (data.get("inventory") or {}).get("plugin")
    if not isinstance(plugin, str) or not plugin:
        raise UsageError(f"{path}: inventory.plugin: name the Nornir inventory plugin (e.g. NetBoxInventory2)")
    return {k: v for k, v in data.items() if v is not None}


def init_nornir(*, workers: int, inventory: dict[str, Any] | None = None, config_file: Path | None = None) -> Nornir:
    """``InitNornir`` with netassess's runner and logging, from an inventory plugin spec or a config file."""
    register_plugins()
    settings: dict[str, Any] = read_nornir_config(config_file) if config_file else {"inventory": inventory}
    settings["runner"] = {"plugin": "threaded", "options": {"num_workers": workers}}
    settings["logging"] = {"enabled": False}
    where = str(config_file) if config_file else "inventory"
    plugin = settings["inventory"].get("plugin")
    try:
        return InitNornir(**settings)
    except PluginNotRegistered:
        package = _PLUGIN_PACKAGES.get(plugin)
        hint = f"pip install {package}" if package else "install the package that provides it"
        raise UsageError(f"{where}: inventory plugin {plugin!r} is not installed; {hint}") from None
    except TypeError as exc:  # an option the plugin does not take, or a wrong shape of config
        raise UsageError(f"{where}: {one_line(str(exc))}; fix the Nornir config") from None
    except NetassessError:  # netassess's own plugins already said it in one line
        raise
    except Exception as exc:  # noqa: BLE001 - a third-party plugin's failure (server down, refused token)
        raise EnvironmentProblem(f"{where}: inventory plugin {plugin!r} could not load the inventory: "
                                 f"{type(exc).__name__}: {one_line(str(exc))[:300]}") from None


__all__ = [
    "CLAB_PLUGIN", "LAB_PLUGIN", "SIMPLE_PLUGIN", "ContainerlabInventory", "LabInventory", "ValidatedSimpleInventory",
    "init_nornir", "read_nornir_config", "register_plugins",
]
