"""SSH to a Linux shell through netmiko, running each command on its own exec channel.

Exec channels give exit codes and clean output (no prompt scraping) for `ip -j`, ping and
traceroute; netmiko still owns the connection so auth, keys, timeouts and ssh_config behave
as in every other netmiko/nornir tool.
"""

from __future__ import annotations

import socket
from typing import Any

from napalm.base.exceptions import ConnectionException

from napalm_netassess_linux.host_keys import host_key_options, host_key_refusal


def connect_netmiko(host: str, username: str, password: str | None, timeout: int, args: dict[str, Any]) -> Any:
    """Open a netmiko session with no device-specific preparation; map failures to NAPALM's.

    Host keys are checked as ``optional_args`` known_hosts / ssh_strict say (see host_keys).
    """
    from netmiko import ConnectHandler
    from netmiko.exceptions import NetmikoAuthenticationException, NetmikoTimeoutException

    port = int(args.get("port", 22))
    params: dict[str, Any] = {
        "device_type": "terminal_server",  # no session preparation: callers find their own prompt
        "host": host,
        "username": username,
        "password": password or "",
        "port": port,
        "conn_timeout": timeout,
        "auth_timeout": timeout,
        "banner_timeout": timeout,
        "fast_cli": True,
        "allow_agent": bool(args.get("allow_agent", False)),
        "use_keys": bool(args.get("key_file") or args.get("use_keys", False)),
        "key_file": args.get("key_file"),
        "ssh_config_file": args.get("ssh_config_file"),
    }
    params = {k: v for k, v in params.items() if v is not None}
    log = _session_log(args, password)
    if log is not None:
        params["session_log"] = log
    try:
        with host_key_options(host, args) as host_keys:
            conn = ConnectHandler(**params, **host_keys)
    except ConnectionException:
        raise
    except NetmikoAuthenticationException as exc:
        raise ConnectionException(f"{host}: SSH authentication failed for {username!r}: {exc}") from exc
    except NetmikoTimeoutException as exc:
        if (refusal := host_key_refusal(host, port, args, exc)) is not None:
            raise refusal from exc
        raise ConnectionException(f"{host}: SSH connection timed out after {timeout}s: {exc}") from exc
    except Exception as exc:  # refused, unreachable, key file unreadable, a known_hosts line paramiko cannot read...
        if (refusal := host_key_refusal(host, port, args, exc)) is not None:
            raise refusal from exc
        raise ConnectionException(f"{host}: cannot open SSH session: {exc}") from exc
    _no_delay(conn)
    if log is not None:
        _close_log_on_disconnect(conn, log)
    return conn


def _session_log(args: dict[str, Any], password: str | None) -> Any:
    """``optional_args.session_log`` (a file path, netassess --session-log): a masked log, or None."""
    path = args.get("session_log")
    if not path:
        return None
    from netassess.session_log import MaskedSessionLog

    return MaskedSessionLog(path, [password or "", str(args.get("secret") or "")])


def _close_log_on_disconnect(conn: Any, log: Any) -> None:
    """netmiko closes only the log files it opened itself; ours closes with the session."""
    disconnect = conn.disconnect

    def disconnect_and_close() -> None:
        try:
            disconnect()
        finally:
            log.close()

    conn.disconnect = disconnect_and_close
    conn.netassess_session_log = log


def _no_delay(conn: Any) -> None:
    """Small SSH requests otherwise wait out the peer's delayed ACK (~40 ms per exec channel)."""
    try:
        conn.remote_conn_pre.get_transport().sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    except (AttributeError, OSError):
        pass  # proxied / non-TCP transports: nothing to tune


def exec_on(conn: Any, command: str, timeout: float, stdin: str | None = None) -> tuple[int, str]:
    """Run one command on a new exec channel of an open netmiko connection."""
    client = conn.remote_conn_pre
    stdin_f, stdout_f, stderr_f = client.exec_command(command, timeout=timeout)
    if stdin is not None:
        stdin_f.write(stdin)
    stdin_f.channel.shutdown_write()
    out = stdout_f.read().decode(errors="replace")
    err = stderr_f.read().decode(errors="replace")
    rc = stdout_f.channel.recv_exit_status()
    answer = out if rc == 0 or not err else out + err
    log = getattr(conn, "netassess_session_log", None)
    if log is not None:  # stdin (a config being loaded) is never logged, only its size
        fed = f" (stdin: {len(stdin)} characters, not logged)" if stdin is not None else ""
        log.note(f"[exec] $ {command}{fed}\n{answer}[exec] exit {rc}")
    return rc, answer


class LinuxSession:
    """One SSH connection to a Linux host."""

    def __init__(self, host: str, username: str, password: str | None, timeout: int, args: dict[str, Any]):
        self.host, self.username, self.password, self.timeout, self.args = host, username, password, timeout, args
        self.conn: Any = None

    def open(self) -> None:
        self.conn = connect_netmiko(self.host, self.username, self.password, self.timeout, self.args)

    def close(self) -> None:
        if self.conn is not None:
            try:
                self.conn.disconnect()
            finally:
                self.conn = None

    def is_alive(self) -> bool:
        try:
            return bool(self.conn and self.conn.remote_conn_pre.get_transport().is_active())
        except Exception:
            return False

    def run(self, command: str, timeout: float | None = None, stdin: str | None = None) -> tuple[int, str]:
        if self.conn is None:
            raise ConnectionException(f"{self.host}: session is closed; call open() first")
        return exec_on(self.conn, command, timeout or self.timeout, stdin)
