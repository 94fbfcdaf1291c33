"""SSH host-key verification for both drivers, expressed as netmiko's own options.

netmiko builds a paramiko ``SSHClient``: ``system_host_keys`` loads ``~/.ssh/known_hosts``,
``alt_host_keys`` + ``alt_key_file`` load another file, and ``ssh_strict`` picks paramiko's
``RejectPolicy`` (unknown host: refuse) over ``AutoAddPolicy`` (unknown host: accept). A key
that differs from a loaded entry is refused by paramiko under either policy
(``BadHostKeyException``). So this module only chooses those options and turns paramiko's
refusal, which netmiko wraps in ``NetmikoTimeoutException``, into a one-line message; the key
comparison itself stays paramiko's.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from napalm.base.exceptions import ConnectionException

SYSTEM_KNOWN_HOSTS = "~/.ssh/known_hosts"  # what paramiko's load_system_host_keys() reads


def _flag(args: dict[str, Any], name: str) -> bool | None:
    """A boolean optional_arg; YAML and env-derived inventories may hand over strings."""
    value = args.get(name)
    if value is None or isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in {"1", "true", "yes", "on"}:
        return True
    if text in {"0", "false", "no", "off", ""}:
        return False
    raise ConnectionException(f"optional_args {name} must be true or false, not {value!r}")


def known_hosts_file(args: dict[str, Any]) -> str | None:
    """The known_hosts file host keys are checked against, or None when keys go unchecked."""
    if args.get("known_hosts"):
        return str(Path(str(args["known_hosts"])).expanduser())
    if _flag(args, "ssh_strict"):
        return str(Path(SYSTEM_KNOWN_HOSTS).expanduser())
    return None


def host_key_params(host: str, args: dict[str, Any]) -> dict[str, Any]:
    """netmiko ConnectHandler arguments for ``optional_args`` known_hosts / ssh_strict.

    * ``known_hosts: PATH`` — only that file is trusted; unknown or changed keys are refused.
      ``ssh_strict: false`` beside it relaxes only the unknown-host case (changed keys are
      still refused, by paramiko).
    * ``ssh_strict: true`` alone — the user's ``~/.ssh/known_hosts``, strictly.
    * neither — any key is accepted (lab-friendly default, as before).
    """
    strict = _flag(args, "ssh_strict")
    if args.get("known_hosts"):
        path = Path(str(args["known_hosts"])).expanduser()
        if not path.is_file():
            # netmiko would skip a missing file silently and then refuse every host as unknown
            raise ConnectionException(f"{host}: known_hosts file {path} not found (optional_args known_hosts)")
        return {"ssh_strict": strict is not False, "system_host_keys": False,
                "alt_host_keys": True, "alt_key_file": str(path)}
    if strict:
        return {"ssh_strict": True, "system_host_keys": True, "alt_host_keys": False}
    return {"ssh_strict": False, "system_host_keys": False, "alt_host_keys": False}


def lines_for(text: str, label: str) -> str:
    """The known_hosts lines paramiko can match against ``label`` (``host`` or ``[host]:port``).

    paramiko's ``HostKeys.load`` looks every name of every line up in what it has read so far, and
    each lookup builds a class: a lab's one line naming 128 routers cost ~10 ms per connection, paid
    by every connection (O(n²) over a run). paramiko only matches a name exactly or by its hash, so
    a line of plain names that lacks ``label`` can never match and is left out, and one that has it
    is cut down to ``label`` alone. Lines with hashed names, patterns or markers are kept whole."""
    kept = []
    for line in text.splitlines():
        fields = line.split()
        if not fields or fields[0].startswith("#"):
            continue
        names = fields[0].split(",")
        if fields[0].startswith("@") or any(n.startswith("|") or set(n) & set("*?!") for n in names):
            kept.append(line.strip())
        elif label in names:
            kept.append(" ".join([label, *fields[1:]]))
    return "".join(f"{line}\n" for line in kept)


@contextmanager
def host_key_options(host: str, args: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """``host_key_params`` for one connection attempt, with known_hosts as a private copy of the
    lines for this host (``lines_for``). A copy also keeps relaxed mode (known_hosts with ssh_strict
    false) from writing: its AutoAddPolicy saves every new key into the file it loaded, which would
    rewrite the user's known_hosts (dropping lines paramiko cannot parse), concurrently from every
    Nornir worker."""
    params = host_key_params(host, args)
    if not params.get("alt_host_keys"):
        yield params
        return
    port = int(args.get("port", 22))
    label = host if port == 22 else f"[{host}]:{port}"
    fd, copy = tempfile.mkstemp(prefix="netassess-known_hosts-")
    try:
        with os.fdopen(fd, "w") as out:
            out.write(lines_for(Path(params["alt_key_file"]).read_text(errors="replace"), label))
        yield {**params, "alt_key_file": copy}
    finally:
        os.unlink(copy)


def host_key_refusal(host: str, port: int, args: dict[str, Any], exc: BaseException) -> ConnectionException | None:
    """The ConnectionException for a host key paramiko refused, or None if ``exc`` is another failure.

    netmiko raises NetmikoTimeoutException inside its ``except SSHException``, so paramiko's own
    exception is on the context chain.
    """
    import paramiko

    where = known_hosts_file(args)
    if where is None:
        return None
    label = host if port == 22 else f"[{host}]:{port}"  # how paramiko looks the host up
    seen: set[int] = set()
    cause: BaseException | None = exc
    while cause is not None and id(cause) not in seen:
        seen.add(id(cause))
        if isinstance(cause, paramiko.BadHostKeyException):
            offered = cause.key
            return ConnectionException(
                f"{host}: SSH host key has CHANGED: {label} offered {offered.get_name()} {offered.fingerprint}, "
                f"which differs from its entry in known_hosts file {where}; if the device was rebuilt, replace that entry")
        if isinstance(cause, paramiko.hostkeys.InvalidHostKey):
            return ConnectionException(
                f"{host}: known_hosts file {where} has a line paramiko cannot read ({str(cause.line).strip()[:60]!r}); "
                "remove it, or point optional_args known_hosts at a file of plain host key lines")
        if isinstance(cause, paramiko.SSHException) and "not found in known_hosts" in str(cause):
            return ConnectionException(
                f"{host}: SSH host key is UNKNOWN: {label} has no entry in known_hosts file {where}; "
                "add its key (e.g. ssh-keyscan) or point optional_args known_hosts at the right file")
        cause = cause.__cause__ or cause.__context__
    return None
