"""`--nornir-config FILE`: a Nornir config file as Nornir users write it, any inventory plugin.

NetBox is played by a local HTTP server on 127.0.0.1 answering with a recorded NetBox 2.8.9
`/api/dcim/devices/` response (nornir_netbox's own test data, see tests/fixtures/SOURCES.md), read
by the real `nornir_netbox` NetBoxInventory2 plugin.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from netassess.collect.inventory import build_nornir, require_napalm_drivers
from netassess.errors import EnvironmentProblem, ExitCode, UsageError

REPO = Path(__file__).resolve().parents[3]
DEVICES = (REPO / "tests/fixtures/netbox/dcim_devices__2.8.9.json").read_bytes()
TOKEN = "0123456789abcdef0123456789abcdef01234567"


class FakeNetBox(BaseHTTPRequestHandler):
    """Answers the devices list to the right token, 403 otherwise, as NetBox does."""

    paths: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        FakeNetBox.paths.append(self.path)
        ok = self.headers.get("Authorization") == f"Token {TOKEN}" and self.path.startswith("/api/dcim/devices/")
        body = DEVICES if ok else b'{"detail": "Invalid token"}'
        self.send_response(200 if ok else 403)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def netbox() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeNetBox)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    FakeNetBox.paths = []
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def netbox_config(tmp_path: Path, url: str, token: str = TOKEN) -> Path:
    config = tmp_path / "config.yaml"
    config.write_text(f"inventory:\n  plugin: NetBoxInventory2\n  options:\n    nb_url: {url}\n    nb_token: {token}\n")
    return config


@pytest.fixture
def credentials(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("NETASSESS_USERNAME", "auditor")
    monkeypatch.setenv("NETASSESS_PASSWORD", "not-in-netbox")
    monkeypatch.chdir(tmp_path)


@pytest.mark.usefixtures("credentials")
def test_a_netbox_inventory_is_read_through_nornir_with_platforms_in_napalm_words(netbox: str, tmp_path: Path) -> None:
    nr = build_nornir(nornir_config=netbox_config(tmp_path, netbox), workers=5, interactive=False)
    hosts = nr.inventory.hosts
    assert {n: (h.hostname, h.platform) for n, h in hosts.items()} == {
        "1-Core": ("10.0.1.1", "junos"), "2-Distribution": ("172.16.2.1", None),
        "3-Access": ("192.168.3.1", "ios"), "4": ("10.0.1.4", "junos"),
    }  # NetBox's platform names juniper_junos / cisco_ios, as netutils maps them
    assert hosts["1-Core"]["site"]["slug"] == "sunnyvale-ca"  # NetBox's own data stays on the host
    assert hosts["3-Access"].get_connection_parameters("napalm").username == "auditor"
    assert nr.runner.num_workers == 5
    assert FakeNetBox.paths and all(p.startswith("/api/dcim/devices/") for p in FakeNetBox.paths)
    assert not (tmp_path / "nornir.log").exists()  # Nornir's own log would quote failures verbatim
    require_napalm_drivers(nr, ["1-Core", "3-Access"])


@pytest.mark.usefixtures("credentials")
def test_a_netbox_device_without_a_platform_is_refused_only_when_the_task_uses_it(netbox: str, tmp_path: Path) -> None:
    nr = build_nornir(nornir_config=netbox_config(tmp_path, netbox), interactive=False)
    with pytest.raises(UsageError, match="inventory host 2-Distribution: has no platform"):
        require_napalm_drivers(nr, ["1-Core", "2-Distribution"])


@pytest.mark.usefixtures("credentials")
def test_a_refused_token_is_exit_4_in_one_line_that_does_not_hold_it(netbox: str, tmp_path: Path) -> None:
    wrong = "f" * 40
    with pytest.raises(EnvironmentProblem) as caught:
        build_nornir(nornir_config=netbox_config(tmp_path, netbox, wrong), interactive=False)
    message = str(caught.value)
    assert caught.value.exit_code == ExitCode.ENVIRONMENT and "\n" not in message
    assert "NetBoxInventory2' could not load the inventory" in message and wrong not in message


@pytest.mark.usefixtures("credentials")
def test_nornirs_own_simple_inventory_plugin_works_from_a_config_file(tmp_path: Path) -> None:
    (tmp_path / "inv").mkdir()
    (tmp_path / "inv/hosts.yaml").write_text("r1: {hostname: 192.0.2.1, platform: cisco_xe}\n")
    config = tmp_path / "config.yaml"
    config.write_text("inventory:\n  plugin: SimpleInventory\n  options: {host_file: inv/hosts.yaml}\n"
                      "runner: {plugin: serial}\n")  # netassess keeps its own runner: --workers
    nr = build_nornir(nornir_config=config, workers=3, interactive=False)
    assert nr.inventory.hosts["r1"].platform == "ios" and nr.runner.num_workers == 3


@pytest.mark.usefixtures("credentials")
@pytest.mark.parametrize(("text", "message"), [
    ("inventory:\n  plugin: NautobotInventory\n", "inventory plugin 'NautobotInventory' is not installed; pip install nornir_nautobot"),
    ("inventory:\n  plugin: SimpleInventory\n  options: {hots_file: h.yaml}\n", "unexpected keyword argument 'hots_file'"),
    ("inventory: {}\n", "inventory.plugin: name the Nornir inventory plugin"),
    ("inventry:\n  plugin: SimpleInventory\n", "config.yaml:1: unknown key 'inventry'"),
    ("inventory: [SimpleInventory]\n", "config.yaml:1: inventory must be a mapping, not a list"),
])
def test_a_bad_nornir_config_is_a_usage_error_naming_the_file(tmp_path: Path, text: str, message: str) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(text)
    with pytest.raises(UsageError, match=message.replace("(", r"\(").replace("[", r"\[")):
        build_nornir(nornir_config=config, interactive=False)


def test_check_with_an_unreachable_netbox_exits_4_with_one_line_and_no_traceback(tmp_path: Path) -> None:
    config = netbox_config(tmp_path, "http://127.0.0.1:9")  # discard port: nothing listens
    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "NETASSESS_USERNAME": "a", "NETASSESS_PASSWORD": "b"}
    done = subprocess.run([sys.executable, "-m", "netassess", "check", "s2-ospf-triangle", "--nornir-config", str(config),
                           "-o", str(tmp_path / "out")], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 4, done.stderr
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert TOKEN not in done.stderr + done.stdout
