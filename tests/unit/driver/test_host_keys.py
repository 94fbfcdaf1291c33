"""optional_args known_hosts / ssh_strict become netmiko's host-key options, and a key paramiko
refuses becomes a one-line ConnectionException naming the host and the known_hosts file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import paramiko
import pytest
from napalm.base.exceptions import ConnectionException
from netmiko.exceptions import NetmikoTimeoutException

from napalm_netassess_linux.host_keys import host_key_params, host_key_refusal, lines_for
from napalm_netassess_linux.session import connect_netmiko


@pytest.fixture
def known_hosts(tmp_path: Path) -> Path:
    path = tmp_path / "known_hosts"
    key = paramiko.ECDSAKey.generate()
    path.write_text(f"192.0.2.1 {key.get_name()} {key.get_base64()}\n")
    return path


def test_without_options_any_host_key_is_accepted_as_before() -> None:
    assert host_key_params("r1", {}) == {"ssh_strict": False, "system_host_keys": False, "alt_host_keys": False}


def test_known_hosts_trusts_only_that_file_and_rejects_unknown_hosts(known_hosts: Path) -> None:
    assert host_key_params("r1", {"known_hosts": str(known_hosts)}) == {
        "ssh_strict": True, "system_host_keys": False, "alt_host_keys": True, "alt_key_file": str(known_hosts)}


def test_known_hosts_with_ssh_strict_false_only_accepts_unknown_hosts(known_hosts: Path) -> None:
    params = host_key_params("r1", {"known_hosts": str(known_hosts), "ssh_strict": "false"})
    assert (params["ssh_strict"], params["alt_key_file"]) == (False, str(known_hosts))


def test_ssh_strict_alone_uses_the_users_known_hosts_strictly() -> None:
    assert host_key_params("r1", {"ssh_strict": True}) == {
        "ssh_strict": True, "system_host_keys": True, "alt_host_keys": False}


def test_missing_known_hosts_file_is_refused_naming_host_and_path(tmp_path: Path) -> None:
    with pytest.raises(ConnectionException, match=r"^r1: known_hosts file .*/nope not found"):
        host_key_params("r1", {"known_hosts": str(tmp_path / "nope")})


def test_ssh_strict_that_is_not_a_boolean_is_refused() -> None:
    with pytest.raises(ConnectionException, match="ssh_strict must be true or false"):
        host_key_params("r1", {"ssh_strict": "maybe"})


def _as_netmiko_raises(paramiko_exc: Exception) -> NetmikoTimeoutException:
    """netmiko's establish_connection wraps paramiko's SSHException exactly like this."""
    try:
        try:
            raise paramiko_exc
        except paramiko.SSHException as e:
            raise NetmikoTimeoutException(  # noqa: B904 - exactly as netmiko raises it, context and all
                f"A paramiko SSHException occurred during connection creation:\n\n{e}")
    except NetmikoTimeoutException as wrapped:
        return wrapped


def test_changed_key_maps_to_one_line_error_naming_host_fingerprint_and_file(known_hosts: Path) -> None:
    offered, expected = paramiko.ECDSAKey.generate(), paramiko.ECDSAKey.generate()
    exc = _as_netmiko_raises(paramiko.BadHostKeyException("192.0.2.1", offered, expected))
    refusal = host_key_refusal("192.0.2.1", 22, {"known_hosts": str(known_hosts)}, exc)
    assert refusal is not None
    message = str(refusal)
    assert "\n" not in message
    assert message.startswith("192.0.2.1: SSH host key has CHANGED")
    assert offered.fingerprint in message and str(known_hosts) in message


def test_unknown_host_maps_to_error_naming_bracketed_host_port_and_file(known_hosts: Path) -> None:
    exc = _as_netmiko_raises(paramiko.SSHException("Server '[192.0.2.9]:2222' not found in known_hosts"))
    refusal = host_key_refusal("192.0.2.9", 2222, {"known_hosts": str(known_hosts)}, exc)
    assert refusal is not None
    assert str(refusal) == (f"192.0.2.9: SSH host key is UNKNOWN: [192.0.2.9]:2222 has no entry in known_hosts file "
                            f"{known_hosts}; add its key (e.g. ssh-keyscan) or point optional_args known_hosts at the right file")


def test_ssh_strict_refusal_names_the_users_known_hosts() -> None:
    exc = _as_netmiko_raises(paramiko.SSHException("Server '192.0.2.9' not found in known_hosts"))
    refusal = host_key_refusal("192.0.2.9", 22, {"ssh_strict": True}, exc)
    assert refusal is not None and str(Path("~/.ssh/known_hosts").expanduser()) in str(refusal)


def test_other_ssh_failures_are_not_called_host_key_problems(known_hosts: Path) -> None:
    exc = _as_netmiko_raises(paramiko.SSHException("Error reading SSH protocol banner"))
    assert host_key_refusal("192.0.2.1", 22, {"known_hosts": str(known_hosts)}, exc) is None
    unchecked = _as_netmiko_raises(paramiko.SSHException("Server '192.0.2.1' not found in known_hosts"))
    assert host_key_refusal("192.0.2.1", 22, {}, unchecked) is None


def test_connect_netmiko_hands_netmiko_the_host_key_options_and_maps_its_refusal(
        known_hosts: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import netmiko

    seen: dict[str, Any] = {}

    def refuse(**params: Any) -> None:
        seen.update(params, copied=Path(params["alt_key_file"]).read_text())
        raise _as_netmiko_raises(paramiko.SSHException("Server '192.0.2.1' not found in known_hosts"))

    monkeypatch.setattr(netmiko, "ConnectHandler", refuse)
    with pytest.raises(ConnectionException, match=r"^192\.0\.2\.1: SSH host key is UNKNOWN"):
        connect_netmiko("192.0.2.1", "netassess", None, 5, {"known_hosts": str(known_hosts), "key_file": "/k"})
    assert (seen["ssh_strict"], seen["alt_host_keys"], seen["system_host_keys"]) == (True, True, False)
    # paramiko reads a private copy holding this host's line, removed once the attempt is over
    assert seen["copied"] == known_hosts.read_text() and not Path(seen["alt_key_file"]).exists()


def _lookup(text: str, tmp_path: Path, label: str) -> dict[str, str] | None:
    path = tmp_path / "kh"
    path.write_text(text)
    keys = paramiko.HostKeys(str(path))
    found = keys.lookup(label)
    return {name: found[name].get_base64() for name in found} if found else None


def test_the_copy_for_one_host_finds_exactly_what_the_whole_file_finds(tmp_path: Path) -> None:
    keys = [paramiko.ECDSAKey.generate() for _ in range(4)]
    line = lambda names, key: f"{names} {key.get_name()} {key.get_base64()}"  # noqa: E731
    hashed = paramiko.HostKeys.hash_host("192.0.2.7")
    text = "\n".join([
        "# a comment",
        line(",".join(f"192.0.2.{i}" for i in range(1, 129)), keys[0]),  # a lab's one line for every router
        line("[192.0.2.5]:2222", keys[1]),
        line(hashed, keys[2]),
        line("192.0.2.200,other.example", keys[3]),
    ]) + "\n"
    for label in ("192.0.2.5", "192.0.2.128", "[192.0.2.5]:2222", "192.0.2.7", "192.0.2.200", "192.0.2.201"):
        assert _lookup(lines_for(text, label), tmp_path, label) == _lookup(text, tmp_path, label), label
    assert lines_for(text, "192.0.2.5") == line("192.0.2.5", keys[0]) + "\n" + line(hashed, keys[2]) + "\n"
