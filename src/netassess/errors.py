"""Exceptions that carry their documented exit code, so the CLI maps every failure the same way."""

from __future__ import annotations

from enum import IntEnum


def one_line(text: str) -> str:
    """``text`` with control characters escaped: a newline (or ``\\x1e``) in a key or a device's
    reply must not split a one-line message."""
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


class ExitCode(IntEnum):
    """Exit codes shared by every command (documented in docs/exit-codes.md)."""

    OK = 0  # success; for run/check/score: at or above the pass mark
    BELOW_PASS_MARK = 1  # run/check/score: complete but below the pass mark; report verify: modified
    USAGE = 2  # bad command line, task spec, topology, inventory or template
    INCOMPLETE = 3  # errors (unreachable, auth, timeout, unsupported) prevented a full assessment
    ENVIRONMENT = 4  # this machine cannot do it: not root, frr/sshd missing, lab runtime failure
    DEVICE = 5  # a device refused a change (push rejected and rolled back)
    INTERRUPTED = 130  # Ctrl-C or SIGTERM, after the command undid or removed what it had changed


class NetassessError(Exception):
    """Base error: its message is a single line meant for the user."""

    exit_code: ExitCode = ExitCode.USAGE

    def __init__(self, message: str, *, exit_code: ExitCode | None = None) -> None:
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code


class UsageError(NetassessError):
    """Bad command-line arguments or input files."""

    exit_code = ExitCode.USAGE


class SpecError(NetassessError):
    """A task spec, topology, inventory or template is invalid."""

    exit_code = ExitCode.USAGE


class EnvironmentProblem(NetassessError):
    """The machine lacks something (root, frr, sshd, a kernel feature)."""

    exit_code = ExitCode.ENVIRONMENT


class LabError(NetassessError):
    """The lab runtime failed to bring up, inspect or tear down a lab."""

    exit_code = ExitCode.ENVIRONMENT


class DeviceError(NetassessError):
    """A device refused an operation (connection, auth, rejected config)."""

    exit_code = ExitCode.DEVICE


class Interrupted(NetassessError):
    """A signal stopped the command after it settled every device (a push says what it undid)."""

    exit_code = ExitCode.INTERRUPTED
