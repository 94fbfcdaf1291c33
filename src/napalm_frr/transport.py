"""How the driver reaches vtysh: one SSH session (netmiko) or `docker exec` command lines.

Why a persistent interactive vtysh: every `vtysh -c` costs ~75 ms over SSH (a new session and a
new vtysh), while a command on an open vtysh prompt costs ~2 ms. So the SSH transport keeps one
vtysh open and reads each reply up to the next prompt. Linux-level commands (ip -j, ping with
options, lldpcli) go over separate exec channels of the same SSH connection, which only exist
when the account has a Linux shell.
"""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Protocol

from napalm.base.exceptions import CommandErrorException, ConnectionClosedException, ConnectionException

from napalm_netassess_linux.session import connect_netmiko, exec_on

# "r1# ", "r1(config-router)# ", "r1> "; hostnames never contain blanks, '#' or '>'.
VTYSH_PROMPT = re.compile(r"(?:^|\n)[^\s#>()]+(?:\([^)\s]*\))?[#>] ?$")
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\r")
# vtysh prefixes every refusal with '%': "% Unknown command", "% Invalid input", "% Command incomplete"...
REFUSAL = re.compile(r"^\s*%\s*(.+)$", re.MULTILINE)
# ...of which these mean vtysh did not understand the command (the rest: it understood, but cannot answer)
SYNTAX_REFUSAL = re.compile(r"(Unknown command|Command incomplete|Ambiguous command|Unknown action|Invalid input"
                            r"|There is no matched command)\b")
NOT_RUNNING = re.compile(r"[a-z0-9]+d is not running")  # the daemon answering the command is not started
# One line of vtysh input: a control character (newline, Ctrl-C, Ctrl-Z) would type more than this command.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def command_refused(host: str, command: str, said: str) -> CommandErrorException:
    """The exception for a vtysh refusal, keeping vtysh's own words (``said``) for ``cli()``."""
    exc = CommandErrorException(f"{host}: '{command}' refused: {said}")
    exc.said = said  # type: ignore[attr-defined]
    return exc


def one_line(host: str, command: str) -> str:
    """``command`` if it is a single line; otherwise refuse to type it at the prompt at all."""
    if _CONTROL.search(command):
        raise CommandErrorException(f"{host}: refused to type {command!r}: it holds a control character (a newline "
                                    "would type a second command)")
    return command


class SessionTimeout(ConnectionException, TimeoutError):
    """vtysh gave no prompt in time. The session is out of step from then on (a late answer would be
    read as the next command's), so the transport refuses further commands on it. A TimeoutError,
    so callers can tell "the device stopped answering" from "the device refused the command"."""


class LinuxShellUnavailable(NotImplementedError):
    """Raised for Linux-level data when the login lands in vtysh (no shell to run `ip`, `ping -c`)."""


@dataclass
class ConfigOutcome:
    """What happened when lines were typed in configure mode."""

    applied: list[str] = field(default_factory=list)
    failed_line: str | None = None
    message: str = ""

    @property
    def ok(self) -> bool:
        return self.failed_line is None


class VtyshTransport(Protocol):
    host: str
    shell: str  # "vtysh" or "linux"

    def open(self) -> None: ...
    def close(self) -> None: ...
    def is_alive(self) -> bool: ...
    def show(self, command: str, timeout: float | None = None) -> str: ...
    def configure(self, lines: list[str]) -> ConfigOutcome: ...
    def linux(self, command: str, stdin: str | None = None, timeout: float | None = None) -> tuple[int, str]: ...
    def interrupt_after(self, command: str, seconds: float) -> str: ...


def refusal(output: str) -> str | None:
    """The first '% ...' message vtysh printed, if any."""
    found = REFUSAL.search(output)
    return found.group(1).strip() if found else None


def outcome_of(lines: list[str], rc: int, out: str) -> ConfigOutcome:
    """Read `vtysh -c` results: lines before the refused one were applied."""
    noise = ("vtysh_pam:",)  # PAM chatter of vtysh as a login shell, not a refusal
    text = "\n".join(line for line in out.splitlines() if not line.startswith(noise)).strip()
    if rc == 0:
        return ConfigOutcome(applied=list(lines))
    named = re.search(r"%[^:\n]*:\s*(.+)$", text, re.MULTILINE)
    failed = named.group(1).strip() if named else ""
    index = next((i for i, line in enumerate(lines) if failed and line.strip() == failed), len(lines) - 1)
    index = max(index, 0)
    return ConfigOutcome(applied=lines[:index], failed_line=lines[index] if lines else failed,
                         message=text or f"vtysh exited {rc}")


def show_json(transport: VtyshTransport, command: str) -> Any:
    """Run a `... json` show command; FRR prints `{}` (or nothing) when the daemon has no data."""
    text = transport.show(command).strip()
    if not text:
        return {}
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise CommandErrorException(f"{transport.host}: '{command}' did not return JSON: {text[:120]!r}") from exc


def vtysh_argv(optional_args: dict[str, Any]) -> list[str]:
    """vtysh and its pathspace, as a Linux shell must call it."""
    argv = [str(optional_args.get("vtysh", "vtysh"))]
    if optional_args.get("pathspace"):
        argv += ["-N", str(optional_args["pathspace"])]
    return argv


class SSHTransport:
    """netmiko SSH session kept at a vtysh prompt; exec channels for Linux commands."""

    def __init__(self, host: str, username: str, password: str | None, timeout: int, optional_args: dict[str, Any]):
        self.host = host
        self.username = username
        self.password = password
        self.timeout = timeout
        self.args = optional_args
        self.shell = str(optional_args.get("shell", "auto"))
        self.conn: Any = None
        self.lock = threading.RLock()  # the revert_in timer shares this session
        self.broken: str | None = None  # why the session can no longer be trusted (set by a timeout)

    # -- session ------------------------------------------------------------------------------
    def open(self) -> None:
        self.broken = None
        self.conn = connect_netmiko(self.host, self.username, self.password, self.timeout, self.args)
        try:
            self._reach_vtysh()
        except Exception:
            self.close()
            raise

    def _reach_vtysh(self) -> None:
        """Land at a vtysh prompt whichever shell the login gave us."""
        shell = self._sync()
        if self.shell == "auto":
            self.shell = shell
        if self.shell == "linux":
            # exec: leaving vtysh ends the channel instead of dropping to a shell we would misread.
            # Read-only means no file written either: bash saves its history at exec and vtysh
            # appends every command to ~/.history_frr, unless told otherwise.
            argv = ["exec", "env", "VTYSH_PAGER=cat", *vtysh_argv(self.args), "--histfile", "/dev/null"]
            self.conn.write_channel("unset HISTFILE; " + shlex.join(argv) + "\n")
            out = self._read_until(VTYSH_PROMPT, self.timeout)
            if not VTYSH_PROMPT.search(out):
                raise ConnectionException(f"{self.host}: '{shlex.join(argv[3:])}' gave no vtysh prompt: {out[-200:]!r}")
        self.show("terminal length 0")

    def _sync(self) -> str:
        """Send a marker and read past its answer: that consumes the login banner and any stray
        prompts, and the answer tells the shells apart (vtysh refuses `echo`, a Linux shell prints)."""
        marker = f"netassess{int(time.monotonic() * 1000) % 100000}"
        self.conn.write_channel(f"echo {marker}\n")
        answered = re.compile(rf"(?:% Unknown command: echo {marker}|(?:^|\n){marker}\n)(?:.*\n)*?.*[#>$] ?$")
        out = self._read_until(answered, self.timeout)
        return "vtysh" if f"% Unknown command: echo {marker}" in out else "linux"

    def close(self) -> None:
        if self.conn is not None:
            try:
                self.conn.disconnect()
            except Exception:
                pass
            self.conn = None

    def is_alive(self) -> bool:
        try:
            return bool(self.conn and self.conn.remote_conn.get_transport().is_active())
        except Exception:
            return False

    # -- vtysh --------------------------------------------------------------------------------
    def _read_until(self, pattern: re.Pattern[str], timeout: float) -> str:
        buf = ""
        deadline = time.monotonic() + timeout
        delay = 0.0005
        while time.monotonic() < deadline:
            chunk = self.conn.read_channel()
            if chunk:
                buf += ANSI.sub("", chunk)
                if pattern.search(buf):
                    return buf
                delay = 0.0005
            elif self._channel_closed():  # the device hung up: say so now, not after the timeout
                raise ConnectionClosedException(f"{self.host}: the device closed the session; last output {buf[-200:]!r}")
            else:
                time.sleep(delay)
                delay = min(delay * 2, 0.02)
        self.broken = f"no prompt within {timeout}s"
        raise SessionTimeout(f"{self.host}: no prompt within {timeout}s; last output {buf[-200:]!r}")

    def _channel_closed(self) -> bool:
        chan = getattr(self.conn, "remote_conn", None)
        try:
            return bool(chan is not None and (chan.closed or chan.eof_received) and not chan.recv_ready())
        except AttributeError:  # not a paramiko channel (a test double): rely on the timeout
            return False

    def _exchange(self, line: str, timeout: float | None = None) -> str:
        with self.lock:
            return self._exchange_locked(line, timeout)

    def _exchange_locked(self, line: str, timeout: float | None = None) -> str:
        if self.conn is None:
            raise ConnectionException(f"{self.host}: session is closed; call open() first")
        if self.broken:
            raise ConnectionClosedException(f"{self.host}: session abandoned after an earlier timeout ({self.broken})")
        self.conn.write_channel(line + "\n")
        raw = self._read_until(VTYSH_PROMPT, timeout or float(self.args.get("read_timeout", self.timeout)))
        body = raw.split("\n", 1)[1] if "\n" in raw else ""  # drop the echoed command
        return VTYSH_PROMPT.sub("", body)

    def show(self, command: str, timeout: float | None = None) -> str:
        out = self._exchange(one_line(self.host, command), timeout)
        problem = refusal(out)
        if problem and out.lstrip().startswith("%"):
            raise command_refused(self.host, command, problem)
        return out

    def configure(self, lines: list[str]) -> ConfigOutcome:
        """Apply lines with `vtysh -c` on an exec channel, as frr-reload.py does.

        vtysh -c stops at the first refused line and exits non-zero, which is the only reliable
        refusal signal: some refusals print no '%' ("There is already same network statement.")
        and some accepted lines print notes. The interactive prompt gives no exit status.
        """
        text = "\n".join(["configure terminal", *lines])
        command = text if self.shell == "vtysh" else shlex.join([*vtysh_argv(self.args), "-c", text])
        with self.lock:
            rc, out = exec_on(self.conn, command, float(self.args.get("read_timeout", self.timeout)))
        return outcome_of(lines, rc, out)

    def interrupt_after(self, command: str, seconds: float) -> str:
        """Run a vtysh command that only stops on Ctrl-C (vtysh's `ping WORD`), then interrupt it."""
        with self.lock:
            self.conn.write_channel(one_line(self.host, command) + "\n")
            time.sleep(seconds)
            self.conn.write_channel("\x03")
            raw = self._read_until(VTYSH_PROMPT, self.timeout)
        return VTYSH_PROMPT.sub("", raw.split("\n", 1)[1] if "\n" in raw else "")

    # -- Linux --------------------------------------------------------------------------------
    def linux(self, command: str, stdin: str | None = None, timeout: float | None = None) -> tuple[int, str]:
        if self.shell != "linux":
            raise LinuxShellUnavailable(
                f"{self.host}: '{command.split()[0]}' needs a Linux shell but {self.username!r} logs into vtysh; "
                "connect with the automation account (Linux shell) to get this data"
            )
        return exec_on(self.conn, command, timeout or self.timeout, stdin)


class DockerTransport:
    """`docker exec <container> vtysh -c ...` for containerlab FRR nodes without sshd.

    Every call is one process, so there is no session to keep: `open()` only checks the container
    answers. Command lines are built by the `*_argv` methods, which the unit tests pin down.
    """

    def __init__(self, host: str, timeout: int, optional_args: dict[str, Any]):
        self.host = host
        self.container = str(optional_args.get("container", host))
        self.docker = str(optional_args.get("docker", "docker"))
        self.timeout = timeout
        self.args = optional_args
        self.shell = "linux"  # docker exec can run any binary in the container

    def show_argv(self, command: str) -> list[str]:
        return [self.docker, "exec", self.container, *vtysh_argv(self.args), "-c", command]

    def configure_argv(self, lines: list[str]) -> list[str]:
        argv = [self.docker, "exec", self.container, *vtysh_argv(self.args), "-c", "configure terminal"]
        for line in lines:
            argv += ["-c", line]
        return argv

    def linux_argv(self, command: str, stdin: bool = False) -> list[str]:
        return [self.docker, "exec", *(["-i"] if stdin else []), self.container, "sh", "-c", command]

    def _run(self, argv: list[str], stdin: str | None = None, timeout: float | None = None) -> tuple[int, str]:
        try:
            done = subprocess.run(argv, input=stdin, capture_output=True, text=True, timeout=timeout or self.timeout)
        except FileNotFoundError as exc:
            raise ConnectionException(f"{self.host}: '{self.docker}' is not installed") from exc
        except subprocess.TimeoutExpired as exc:
            raise ConnectionException(f"{self.host}: docker exec timed out after {self.timeout}s") from exc
        return done.returncode, done.stdout + done.stderr

    def open(self) -> None:
        rc, out = self._run(self.show_argv("show version"))
        if rc != 0:
            raise ConnectionException(f"{self.host}: docker exec into {self.container!r} failed: {out.strip()[:200]}")

    def close(self) -> None:
        return None

    def is_alive(self) -> bool:
        return self._run(self.show_argv("show version"))[0] == 0

    def show(self, command: str, timeout: float | None = None) -> str:
        rc, out = self._run(self.show_argv(command), timeout=timeout)
        problem = refusal(out)
        if problem and out.lstrip().startswith("%"):
            raise command_refused(self.host, command, problem)
        if rc != 0:
            if NOT_RUNNING.fullmatch(out.strip()):  # vtysh's words, as the SSH transport returns them
                raise command_refused(self.host, command, out.strip())
            raise CommandErrorException(f"{self.host}: '{command}' failed: {out.strip()[:200]}")
        return out

    def configure(self, lines: list[str]) -> ConfigOutcome:
        rc, out = self._run(self.configure_argv(lines))
        return outcome_of(lines, rc, out)

    def linux(self, command: str, stdin: str | None = None, timeout: float | None = None) -> tuple[int, str]:
        return self._run(self.linux_argv(command, stdin is not None), stdin=stdin, timeout=timeout)

    def interrupt_after(self, command: str, seconds: float) -> str:
        raise NotImplementedError("docker transport runs ping/traceroute through the container shell")
