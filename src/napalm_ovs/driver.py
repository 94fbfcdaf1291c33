"""NAPALM driver for the lab's Open vSwitch switch (platform ``ovs``).

It logs in to the switch's Linux shell (the lab's automation account, a member of the group that
owns the switch's OVS sockets) over the same SSH session code as ``napalm_netassess_linux``, reads the
switch's state from OVS's database and writes configuration in the language of
``napalm_ovs.candidate`` through one ``ovs-vsctl`` transaction. A candidate is checked line by
line against the running state before anything is sent: a bad line raises Merge/ReplaceConfigException
and leaves the switch untouched.
"""

from __future__ import annotations

from typing import Any

from napalm.base.exceptions import (
    CommitError,
    MergeConfigException,
    ReplaceConfigException,
)

from napalm_netassess_linux import ip_json
from napalm_netassess_linux.driver import FACTS_COMMAND, SPEEDS_COMMAND, LinuxDriver, parse_speeds
from napalm_ovs import candidate, ovsdb

# the userspace datapath's own tap device: plumbing, not a port anyone cabled
_HIDDEN = {"ovs-netdev"}


class OVSDriver(LinuxDriver):
    """optional_args: as ``napalm_netassess_linux`` (port, key_file, use_keys, known_hosts, ssh_strict, lldpcli).

    The switch is a Linux system underneath, so the session, LLDP, ``cli()`` (Linux's read-only
    allow-list), ping and ARP are ``napalm_netassess_linux``'s; this class adds the switch."""

    platform = "ovs"

    def __init__(self, hostname: str, username: str, password: str, timeout: int = 60,
                 optional_args: dict[str, Any] | None = None) -> None:
        super().__init__(hostname, username, password, timeout, optional_args)
        self._candidate: candidate.SwitchConfig | None = None
        self._candidate_text = ""
        self._rollback_point: str | None = None

    def _state(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
        ports, interfaces, bridges = ovsdb.tables(self._run(ovsdb.READ_COMMAND))
        return ports, interfaces, bridges

    def _running(self) -> candidate.SwitchConfig:
        ports, _, bridges = self._state()
        return ovsdb.running_config(ports, bridges)

    # ---- getters -------------------------------------------------------------------------
    def get_facts(self) -> dict[str, Any]:
        lines = self._run(FACTS_COMMAND).splitlines()
        hostname, fqdn, _kernel, _machine, uptime, _pretty = (lines + [""] * 6)[:6]
        version = self._run("ovs-vsctl --version").splitlines()[0].split()[-1]
        return {
            "hostname": hostname, "fqdn": fqdn or hostname, "vendor": "Open vSwitch",
            "model": "OVS userspace switch", "serial_number": "", "os_version": f"Open vSwitch {version}",
            "uptime": float(uptime) if uptime else -1.0,
            "interface_list": sorted(self.get_interfaces(), key=candidate.port_sort_key),
        }

    def get_interfaces(self) -> dict[str, Any]:
        links = [link for link in ip_json.loads(self._run(ip_json.IP_LINK)) if link.get("ifname") not in _HIDDEN]
        return ip_json.interfaces(links, parse_speeds(self._run(SPEEDS_COMMAND)))

    def get_vlans(self) -> dict[int, dict[str, Any]]:
        """NAPALM's VLAN model: every VLAN with the ports that carry it (access ports and trunks)."""
        cfg = self._running()
        out: dict[int, dict[str, Any]] = {vid: {"name": name, "interfaces": []} for vid, name in sorted(cfg.vlans.items())}
        for name in sorted(cfg.ports, key=candidate.port_sort_key):
            port = cfg.ports[name]
            carried = {port.access_vlan} if port.mode == "access" else (port.allowed or set(out))
            for vid in sorted(carried):
                if vid in out:
                    out[vid]["interfaces"].append(name)
        return out

    def get_switchports(self) -> dict[str, dict[str, Any]]:
        """Switchport modes in the shape ``netassess.checks._switch_state`` reads (as IOS's
        ``show interfaces switchport``): admin/oper mode, access and native VLAN, trunk VLANs."""
        cfg = self._running()
        out = {}
        for name, port in cfg.ports.items():
            trunk = "ALL" if port.allowed is None else candidate.vlan_list(port.allowed)
            out[name] = {"admin_mode": port.mode, "oper_mode": "down" if port.shutdown else port.mode,
                         "access_vlan": str(port.access_vlan), "access_vlan_name": cfg.vlans.get(port.access_vlan, ""),
                         "native_vlan": str(port.native), "trunk_vlans": trunk}
        return out

    def get_mac_address_table(self) -> list[dict[str, Any]]:
        _, interfaces, _ = self._state()
        ofports = {int(p): i["name"] for i in interfaces for p in ovsdb.as_list(i.get("ofport")) if isinstance(p, int)}
        return ovsdb.mac_table(self._run(ovsdb.FDB_COMMAND), ofports)

    def get_config(self, retrieve: str = "all", full: bool = False, sanitized: bool = False,
                   format: str = "text") -> dict[str, str]:
        """running and startup are the same text: OVS keeps its database on disk, so what runs is what boots."""
        text = candidate.render(self._running()) if retrieve in ("all", "running", "startup") else ""
        return {
            "running": text if retrieve in ("all", "running") else "",
            "startup": text if retrieve in ("all", "startup") else "",
            "candidate": self._candidate_text if retrieve in ("all", "candidate") else "",
        }

    # ---- configuration -------------------------------------------------------------------
    def _load(self, filename: str | None, config: str | None, replace: bool) -> None:
        error = ReplaceConfigException if replace else MergeConfigException
        if filename is not None:
            try:
                with open(filename) as fh:
                    config = fh.read()
            except OSError as exc:
                raise error(f"{self.hostname}: cannot read {filename}: {exc}") from None
        if config is None:
            raise error(f"{self.hostname}: give a config or a filename")
        running = self._running()
        try:
            self._candidate = (candidate.replace_all if replace else candidate.merge)(config, running)
        except candidate.CandidateError as exc:
            self.discard_config()
            raise error(f"{self.hostname}: {exc}") from None
        self._candidate_text = config

    def load_merge_candidate(self, filename: str | None = None, config: str | None = None) -> None:
        self._load(filename, config, replace=False)

    def load_replace_candidate(self, filename: str | None = None, config: str | None = None) -> None:
        self._load(filename, config, replace=True)

    def compare_config(self) -> str:
        if self._candidate is None:
            return ""
        return candidate.diff_lines(self._running(), self._candidate)

    def discard_config(self) -> None:
        self._candidate, self._candidate_text = None, ""

    def commit_config(self, message: str = "", revert_in: int | None = None) -> None:
        if revert_in is not None:
            raise NotImplementedError("commit confirm (revert_in) is not supported by the ovs driver")
        if self._candidate is None:
            raise CommitError(f"{self.hostname}: no candidate loaded")
        running = self._running()
        self._apply(running, self._candidate)
        self._rollback_point = candidate.render(running)
        self.discard_config()

    def _apply(self, running: candidate.SwitchConfig, target: candidate.SwitchConfig) -> None:
        args = ovsdb.transaction(running, target)
        lines = ([ovsdb.vsctl_line(args)] if args else []) + ovsdb.link_commands(running, target)
        if not lines:
            return
        rc, out = self.session.run(" && ".join(lines))
        if rc != 0:
            if args:  # the transaction went in but a port's link state did not follow: undo it whole
                self.session.run(" ; ".join([ovsdb.vsctl_line(ovsdb.transaction(target, running)),
                                             *ovsdb.link_commands(target, running)]))
            raise CommitError(f"{self.hostname}: commit failed and was undone: {out.strip()[:200]}")

    def rollback(self) -> None:
        """Back to the configuration before the last commit of this session."""
        if self._rollback_point is None:
            raise CommitError(f"{self.hostname}: nothing to roll back (no commit in this session)")
        running = self._running()
        self._apply(running, candidate.replace_all(self._rollback_point, running))
        self._rollback_point = None

    def has_pending_commit(self) -> bool:
        return False
