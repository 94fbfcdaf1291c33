"""``-v`` / ``--debug`` / ``--session-log``: what netassess and the device libraries say while working.

By default nothing but netassess's own one-line errors reaches stderr: device libraries
(paramiko, netmiko, napalm, nornir…) log failures with tracebacks that the user gets as one
clear line instead. ``-v`` shows netassess's own INFO lines, ``-vv`` its DEBUG lines, ``--debug``
also the libraries'. Every line passes through the secret filters first: a library at DEBUG
prints device output and could otherwise echo a password.
"""

from __future__ import annotations

import logging
import os
import re
import sys
from pathlib import Path

# Libraries whose loggers stay silent (NullHandler, no propagation to a configured root) unless --debug.
QUIET_LOGGERS = ("paramiko", "netmiko", "napalm", "ncclient", "nornir", "scrapli")
OWN_LOGGERS = ("netassess", "napalm_frr", "napalm_netassess_linux", "napalm_ovs")
FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"


def quiet_library_loggers() -> None:
    for name in QUIET_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
            logger.addHandler(logging.NullHandler())


class MaskSecrets(logging.Filter):
    """Mask config-style secrets and the inventory password (by value) in every formatted record."""

    def __init__(self) -> None:
        super().__init__()
        password = os.environ.get("NETASSESS_PASSWORD")
        self.values = [password] if password else []

    def filter(self, record: logging.LogRecord) -> bool:
        from netassess.sanitise import REMOVED, sanitise_message

        text = sanitise_message(record.getMessage())
        for value in self.values:
            text = text.replace(value, REMOVED)
        record.msg, record.args = text, None
        if record.exc_info and not record.exc_text:  # a traceback quotes messages too: format it now, masked
            record.exc_text = sanitise_message(logging.Formatter().formatException(record.exc_info))
        return True


def configure_logging(verbose: int, debug: bool) -> None:
    """Attach one stderr handler: netassess at INFO (-v) or DEBUG (-vv, --debug); libraries only with --debug."""
    if not verbose and not debug:
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter(FORMAT, "%H:%M:%S"))
    handler.addFilter(MaskSecrets())
    level = logging.DEBUG if debug or verbose > 1 else logging.INFO
    for name in OWN_LOGGERS:
        logger = logging.getLogger(name)
        logger.setLevel(level)
        logger.addHandler(handler)
        logger.propagate = False
    if debug:
        for name in QUIET_LOGGERS:
            logger = logging.getLogger(name)
            logger.setLevel(logging.DEBUG)
            logger.addHandler(handler)
            logger.propagate = False


_session_log_dir: Path | None = None
_SAFE = re.compile(r"[^A-Za-z0-9._-]|^\.")  # a device name is a file name here: no "/" or "..", no dot file


def set_session_log_dir(path: Path | None) -> None:
    """Remember ``--session-log DIR`` for the commands that open device sessions."""
    global _session_log_dir
    _session_log_dir = path


def session_log_dir() -> Path | None:
    return _session_log_dir


def attach_session_logs(nr: object) -> None:
    """With ``--session-log DIR``, ask each device's driver to log its SSH session to DIR/<device>.log.

    The drivers (napalm_frr, napalm_netassess_linux) mask secrets in what they write; this only names the file,
    through the NAPALM connection's ``optional_args`` (``session_log``)."""
    if _session_log_dir is None:
        return
    from nornir.core.inventory import ConnectionOptions

    _session_log_dir.mkdir(parents=True, exist_ok=True)
    for host in nr.inventory.hosts.values():  # type: ignore[attr-defined]
        params = host.get_connection_parameters("napalm")
        extras = dict(params.extras or {})
        optional = dict(extras.get("optional_args") or {})
        optional["session_log"] = str((_session_log_dir / f"{_SAFE.sub('_', host.name)}.log").resolve())
        extras["optional_args"] = optional
        host.connection_options["napalm"] = ConnectionOptions(
            hostname=params.hostname, port=params.port, username=params.username, password=params.password,
            platform=params.platform, extras=extras,
        )
