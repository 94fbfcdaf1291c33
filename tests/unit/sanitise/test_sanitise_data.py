"""sanitise_data: collected state keeps its shape, loses its secrets."""

from __future__ import annotations

import json

from netassess.sanitise import REMOVED, sanitise_data


def test_napalm_get_config_strings_are_sanitised_as_config() -> None:
    data = {"running": "hostname r1\npassword VtyPw\n", "startup": "", "candidate": ""}
    out = sanitise_data(data, "frr")
    assert out == {"running": "hostname r1\npassword <removed>\n", "startup": "", "candidate": ""}


def test_get_users_password_values_are_masked_and_levels_kept() -> None:
    data = {"admin": {"level": 15, "password": "$1$salt$hash", "sshkeys": ["ssh-rsa AAAAB3Nza admin@lab"]}}
    out = sanitise_data(data, "ios")
    assert out["admin"]["password"] == REMOVED
    assert out["admin"]["level"] == 15
    assert out["admin"]["sshkeys"] == ["ssh-rsa AAAAB3Nza admin@lab"]


def test_snmp_community_names_which_napalm_uses_as_keys_are_masked() -> None:
    data = {"chassis_id": "", "community": {"PubComm": {"acl": "N/A", "mode": "ro"}}, "contact": "", "location": ""}
    out = sanitise_data(data)
    assert "PubComm" not in json.dumps(out)
    assert out["community"] == {f"{REMOVED}-1": {"acl": "N/A", "mode": "ro"}}


def test_bgp_config_authentication_key_is_masked_but_descriptive_keys_kept() -> None:
    data = {"neighbors": {"10.0.0.2": {"authentication_key": "BgpKey", "remote_as": 65002, "key_id": 3}}}
    out = sanitise_data(data)
    assert out["neighbors"]["10.0.0.2"] == {"authentication_key": REMOVED, "remote_as": 65002, "key_id": 3}


def test_ospf_interface_authentication_mode_is_not_a_secret() -> None:
    data = {"eth1": {"authentication": "message-digest", "passive": False}}
    assert sanitise_data(data, "frr") == data


def test_numeric_and_nested_secret_values_are_masked() -> None:
    data = {"tacacsKey": 12345, "secrets": [{"value": "NestedSecret"}], "passwordEncryption": True}
    out = sanitise_data(data)
    assert out == {"tacacsKey": REMOVED, "secrets": [{"value": REMOVED}], "passwordEncryption": True}


def test_json_text_output_is_parsed_masked_and_stays_json() -> None:
    raw = json.dumps({"neighbors": [{"peer": "10.0.0.2", "password": "JsonPw"}]}, indent=2)
    out = sanitise_data({"cmd:show bgp neighbors json": raw})
    text = out["cmd:show bgp neighbors json"]
    assert "JsonPw" not in text
    assert json.loads(text) == {"neighbors": [{"peer": "10.0.0.2", "password": REMOVED}]}


def test_cli_output_in_lists_is_sanitised() -> None:
    out = sanitise_data(["interface eth1", " ip ospf message-digest-key 1 md5 ListKey"])
    assert out == ["interface eth1", " ip ospf message-digest-key 1 md5 <removed>"]


def test_input_is_not_modified_in_place() -> None:
    data = {"password": "KeepMe"}
    sanitise_data(data)
    assert data == {"password": "KeepMe"}


def test_empty_secret_stays_empty_so_checks_can_see_none_is_set() -> None:
    assert sanitise_data({"password": ""}) == {"password": ""}
