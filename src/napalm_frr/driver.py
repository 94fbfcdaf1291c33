"""The NAPALM network driver for FRRouting: session life-cycle and cli().

The getters live in mixins grouped by family (system, routing, OSPF, tools) and configuration
management in its own mixin, so each module stays readable on its own.
"""

from __future__ import annotations

from typing import Any

from napalm.base import NetworkDriver
from napalm.base.exceptions import CommandErrorException, ConnectionException

from napalm_frr.config_session import ConfigSessionMixin
from napalm_frr.getters_ospf import OSPFGettersMixin
from napalm_frr.getters_routing import RoutingGettersMixin
from napalm_frr.getters_system import SystemGettersMixin
from napalm_frr.tools import ToolsMixin
from napalm_frr.transport import SYNTAX_REFUSAL, DockerTransport, SSHTransport, VtyshTransport
from netassess.readonly import CommandRefused, check_command


class FRRDriver(
    SystemGettersMixin, RoutingGettersMixin, OSPFGettersMixin, ToolsMixin, ConfigSessionMixin, NetworkDriver
):
    """NAPALM driver for FRRouting (platform `frr`).

    optional_args:
      transport: "ssh" (default) or "docker"
      port, key_file, use_keys, allow_agent, ssh_config_file: SSH connection
      known_hosts: OpenSSH known_hosts file; a host whose key is missing or differs is refused
      ssh_strict: true without known_hosts checks ~/.ssh/known_hosts strictly (default: any key)
      shell: "auto" (default), "vtysh" (login lands in vtysh) or "linux" (Linux shell; vtysh is wrapped)
      vtysh: path of vtysh on the node (default "vtysh"); pathspace: vtysh -N NAME
      container, docker: for transport docker
      read_timeout: seconds to wait for one command (default: timeout)
      save_config: write memory after commit (default True)
      frr_reload: path of FRR's frr-reload.py used to diff configurations
      lldpcli: the command reaching the node's lldpd (default: lldpcli on PATH or in /usr/sbin)
      session_log: file to append the SSH session to, secrets masked (netassess --session-log)
    """

    platform = "frr"

    def __init__(
        self,
        hostname: str,
        username: str,
        password: str,
        timeout: int = 60,
        optional_args: dict[str, Any] | None = None,
    ) -> None:
        self.hostname = hostname
        self.username = username
        self.password = password
        self.timeout = timeout
        self.optional_args: dict[str, Any] = dict(optional_args or {})
        self.transport: VtyshTransport = self._make_transport()
        self._init_config_session()

    def _make_transport(self) -> VtyshTransport:
        kind = str(self.optional_args.get("transport", "ssh"))
        if kind == "docker":
            return DockerTransport(self.hostname, self.timeout, self.optional_args)
        if kind != "ssh":
            raise ValueError(f"optional_args.transport must be 'ssh' or 'docker', not {kind!r}")
        return SSHTransport(self.hostname, self.username, self.password, self.timeout, self.optional_args)

    def open(self) -> None:
        self.transport.open()

    def close(self) -> None:
        self._settle_pending_commit_on_close()
        self.transport.close()

    def is_alive(self) -> dict[str, bool]:
        return {"is_alive": self.transport.is_alive()}

    def cli(self, commands: list[str], encoding: str = "text") -> dict[str, str]:
        """Run read-only vtysh commands (``netassess.readonly``'s FRR allow-list: ``show …`` piped only
        through ``| include``); anything else is answered ``Invalid command: …`` and never sent.

        vtysh's own refusals: one it did not understand ("% Unknown command") is ``Invalid command: …``
        as other drivers do; one it understood but cannot answer because the feature is not
        configured ("% OSPF is not enabled in vrf default") is returned as vtysh's line, for a check to judge.
        """
        if encoding != "text":
            raise NotImplementedError(f"cli() encoding {encoding!r}: FRR returns text (add 'json' to the command)")
        if isinstance(commands, str):
            raise TypeError("cli() takes a list of commands")
        result: dict[str, str] = {}
        for command in commands:
            try:
                check_command("frr", command)
            except CommandRefused as exc:
                result[command] = f"Invalid command: {self.hostname}: not read-only: {exc}"
                continue
            try:
                result[command] = self.transport.show(command)
            except ConnectionException:
                raise  # the session is gone or out of step: no later command can be answered either
            except CommandErrorException as exc:
                said = getattr(exc, "said", None)
                result[command] = f"% {said}" if said and not SYNTAX_REFUSAL.match(said) else f"Invalid command: {exc}"
            except Exception as exc:  # napalm's contract: report a refused command, don't abort the batch
                result[command] = f"Invalid command: {exc}"
        return result
