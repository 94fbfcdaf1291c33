"""The read-only command policy: real bypass attempts are refused by name, real read-only commands pass.

The tables are the specification; the hypothesis tests then throw dangerous tokens at every
position of every accepted command and require a refusal each time.
"""

from __future__ import annotations

import shlex

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from netassess.readonly import LINUX_SHELLS, CommandRefused, accepted_on, check_command, linux_argv, platforms

# (platform, command, the word the refusal must name)
BYPASSES = [
    # Linux hosts: the issue's own examples, then every way out of "one read-only argv"
    ("linux", "ping -c1 x | find / -exec rm -rf {} +", "|"),
    ("linux", "ping -c 1 10.0.0.1 | find / -exec rm -rf {} +", "|"),
    ("linux", "find . -delete", "find"),
    ("linux", "find / -name x -delete", "find"),
    ("linux", "find . -fprint FILE", "find"),
    ("linux", "head /etc/shadow", "head"),
    ("linux", "cat /etc/shadow", "/etc/shadow"),
    ("linux", "cat /proc/net/../../etc/shadow", "/proc/net/../../etc/shadow"),
    ("linux", "cat /proc/net/arp /etc/shadow", "/proc/net/arp"),
    ("linux", "cat /proc/sys/net/ipv4/conf/../../../../etc/shadow/forwarding", "/proc/sys/net/ipv4/conf/../../../../etc/shadow/forwarding"),
    ("linux", "ip route add 10.9.0.0/24 via 10.0.0.1", "add"),
    ("linux", "ip link set eth1 down", "set"),
    ("linux", "ip addr flush dev eth1", "flush"),
    ("linux", "ip addr del 10.0.0.1/24 dev eth1", "del"),
    ("linux", "ip neigh replace 10.0.0.9 lladdr 00:00:00:00:00:01 dev eth1", "replace"),
    ("linux", "ip route save table main", "save"),
    ("linux", "ip monitor", "monitor"),
    ("linux", "ip -b /tmp/cmds", "-b"),
    ("linux", "ip -batch /tmp/cmds", "-batch"),
    ("linux", "ip -force route show", "-force"),
    ("linux", "ip -n other addr show", "-n"),
    ("linux", "ip netns exec x id", "netns"),
    ("linux", "ip vrf exec red id", "vrf"),
    ("linux", "ss -K", "-K"),
    ("linux", "ss -tlnK", "-tlnK"),
    ("linux", "ss -D /tmp/x", "-D"),
    ("linux", "ss -F /etc/shadow", "-F"),
    ("linux", "ss -tlnp", "-tlnp"),
    ("linux", "hostname pwned", "pwned"),
    ("linux", "hostname -F /etc/x", "/etc/x"),
    ("linux", "ping 10.0.0.1", "ping"),
    ("linux", "ping -c 100000 10.0.0.1", "100000"),
    ("linux", "ping -f -c 1 10.0.0.1", "-f"),
    ("linux", "ping -c1 10.0.0.1", "-c1"),
    ("linux", "ping -c 1 -- -f", "--"),
    ("linux", "ping -c 1 -i 0.001 10.0.0.1", "0.001"),
    ("linux", "ping -c 1 10.0.0.1 10.0.0.2", "10.0.0.2"),
    ("linux", "traceroute -O x 10.0.0.1", "-O"),
    ("linux", "traceroute 10.0.0.1 -w 1", "-w"),
    ("linux", "ping -c 1 10.0.0.1; rm -rf /", ";"),
    ("linux", "ping -c 1 10.0.0.1 && reboot", "&"),
    ("linux", "ping -c 1 10.0.0.1 || reboot", "|"),
    ("linux", "ping -c 1 $(reboot)", "$"),
    ("linux", "ping -c 1 `reboot`", "`"),
    ("linux", "ping -c 1 ${IFS}x", "$"),
    ("linux", "ping -c 1 10.0.0.1\nreboot", "\n"),
    ("linux", "ping -c 1 10.0.0.1\rreboot", "\r"),
    ("linux", "ping -c 1 10.0.0.1 > /tmp/x", ">"),
    ("linux", "ip addr show 2>/tmp/x", ">"),
    ("linux", "ip addr show < /dev/zero", "<"),
    ("linux", "ip addr show &", "&"),
    ("linux", "ping -c 1 *", "*"),
    ("linux", "cat /etc/host?", "?"),
    ("linux", "ip addr show ~", "~"),
    ("linux", "ip addr show 'dev' eth1", "'"),
    ("linux", 'ip addr show "$HOME"', '"'),
    ("linux", "ip addr show \\; id", "\\"),
    ("linux", "sh -c id", "sh"),
    ("linux", "bash -c id", "bash"),
    ("linux", "env ip addr show", "env"),
    ("linux", "sudo ip addr show", "sudo"),
    ("linux", "/sbin/ip addr show", "/sbin/ip"),
    ("linux", "busybox rm -rf /tmp", "busybox"),
    ("linux", "tee /tmp/x", "tee"),
    ("linux", "dd if=/dev/zero of=/tmp/x", "dd"),
    ("linux", "touch /tmp/x", "touch"),
    ("linux", "rm -rf /", "rm"),
    ("linux", "curl -o /tmp/x http://10.0.0.1/", "curl"),
    ("linux", "sysctl -w net.ipv4.ip_forward=0", "sysctl"),
    ("linux", "lldpcli configure system hostname x", "lldpcli"),
    ("linux", "", ""),
    # FRR vtysh
    ("frr", "configure terminal", "configure"),
    ("frr", "conf t", "conf"),
    ("frr", "do show running-config", "do"),
    ("frr", "write memory", "write"),
    ("frr", "write", "write"),
    ("frr", "wr", "wr"),
    ("frr", "copy running-config startup-config", "copy"),
    ("frr", "clear ip ospf process", "clear"),
    ("frr", "clear bgp *", "clear"),
    ("frr", "debug ospf event", "debug"),
    ("frr", "no debug all", "no"),
    ("frr", "terminal monitor", "terminal"),
    ("frr", "start-shell", "start-shell"),
    ("frr", "start-shell bash", "start-shell"),
    ("frr", "reload", "reload"),
    ("frr", "exit", "exit"),
    ("frr", "sh run", "sh"),
    ("frr", "SHOW running-config", "SHOW"),
    ("frr", "show", "show"),
    ("frr", "show running-config\nconfigure terminal", "\n"),
    ("frr", "show running-config\rconf t", "\r"),
    ("frr", "show version\x1a", "\x1a"),
    ("frr", "show version\x03", "\x03"),
    ("frr", "show version\tx", "\t"),
    ("frr", "show version; configure terminal", ";"),
    ("frr", "show version && write", "&"),
    ("frr", "show running-config | tee /tmp/x", "tee"),
    ("frr", "show running-config | redirect /tmp/x", "redirect"),
    ("frr", "show running-config | grep x", "grep"),
    ("frr", "show running-config | include x | cat", "cat"),
    ("frr", "show running-config | exclude x", "exclude"),
    ("frr", "show running-config |", "|"),
    ("frr", "show running-config | include", "include"),
    ("frr", "show running-config > /tmp/x", ">"),
    ("frr", "show running-config >> /tmp/x", ">"),
    ("frr", "show running-config $(id)", "$("),
    ("frr", "show running-config `id`", "`"),
    ("frr", "show running-config ?", "?"),
    ("frr", "show ip route \u037e x", "\u037e"),  # Greek question mark, a semicolon look-alike
    # IOS and IOS-XE: pipes that write files, and everything but show
    ("ios", "show running-config | redirect flash:x", "redirect"),
    ("ios", "show running-config | tee flash:x", "tee"),
    ("ios", "show running-config | append flash:x", "append"),
    ("ios", "show running-config | format flash:x.odm", "format"),
    ("ios", "show tech-support | redirect tftp://10.0.0.9/x", "redirect"),
    ("ios", "show running-config | include x | redirect flash:y", "redirect"),
    ("ios", "show running-config | r flash:x", "r"),
    ("ios", "show running-config | t flash:x", "t"),
    ("ios", "show running-config > flash:x", ">"),
    ("ios", "copy running-config startup-config", "copy"),
    ("ios", "write memory", "write"),
    ("ios", "reload in 5", "reload"),
    ("ios", "clear counters", "clear"),
    ("ios", "debug all", "debug"),
    ("ios", "conf t", "conf"),
    ("ios", "do show run", "do"),
    ("ios", "sh run", "sh"),
    ("ios", "show running-config | include a|b", "b"),
    # EOS
    ("eos", "show running-config > flash:x", ">"),
    ("eos", "show running-config >> flash:x", ">"),
    ("eos", "show running-config | tee flash:x", "tee"),
    ("eos", "show running-config | redirect flash:x", "redirect"),
    ("eos", "show running-config | append flash:x", "append"),
    ("eos", "bash timeout 1 id", "bash"),
    ("eos", "show running-config | grep -f /etc/shadow", "grep"),
    ("eos", "enable", "enable"),
    # Junos
    ("junos", "show configuration | save /var/tmp/x", "save"),
    ("junos", "show configuration | append /var/tmp/x", "append"),
    ("junos", "show configuration | tee /var/tmp/x", "tee"),
    ("junos", "show configuration | display set | save /var/tmp/x", "save"),
    ("junos", "show route | request message all message x", "request"),
    ("junos", "show route | display json extra", "json"),
    ("junos", "show route | compare rollback 1", "compare"),
    ("junos", "request system reboot", "request"),
    ("junos", "configure", "configure"),
    ("junos", "set system host-name x", "set"),
    ("junos", "commit", "commit"),
    ("junos", "file delete /var/tmp/x", "file"),
    ("junos", "start shell", "start"),
    # IOS-XR and NX-OS
    ("iosxr", "show running-config | file disk0:x", "file"),
    ("iosxr", "show running-config | utility egrep x", "utility"),
    ("iosxr", "run rm /tmp/x", "run"),
    ("nxos", "show running-config > bootflash:x", ">"),
    ("nxos", "show running-config | tee bootflash:x", "tee"),
    ("nxos", "show running-config | email x@example.org", "email"),
    ("nxos", "show running-config | vsh", "vsh"),
    ("nxos", "run bash id", "run"),
    # Huawei VRP: display, never the IOS verb or its own writers
    ("huawei_vrp", "show current-configuration", "show"),
    ("huawei_vrp", "save", "save"),
    # A platform without a policy gets nothing at all
    ("vyos", "show interfaces", "vyos"),
]

READ_ONLY = [
    ("frr", "show ip ospf neighbor"), ("frr", "show ip ospf neighbor json"), ("frr", "show bgp summary json"),
    ("frr", "show running-config | include ^hostname"), ("frr", "show ip route 10.0.0.0/24 json"),
    ("frr", "show interface eth1"), ("frr", "show running-config | include router | include ospf"),
    ("frr", "show ip ospf vrf default neighbor"), ("frr", "show bgp ipv4 unicast 10.0.0.0/24 json"),
    ("ios", "show ip ospf neighbor"), ("ios", "show ip ospf interface brief"),
    ("ios", "show running-config | include ^hostname$"), ("ios", "show running-config | section router ospf"),
    ("ios", "show ip interface brief | i up"), ("ios", "show running-config | count interface"),
    ("ios", "show ip bgp regexp _65001$"),
    ("eos", "show ip ospf neighbor"), ("eos", "show version | json"), ("eos", "show running-config | no-more"),
    ("eos", "show running-config | section router ospf"),
    ("junos", "show ospf neighbor"), ("junos", "show configuration | display json"),
    ("junos", "show route | match 10.0.0 | count"), ("junos", "show log messages | last 20"),
    ("junos", "show interfaces terse | except down | no-more"),
    ("nxos", "show ip ospf neighbors | json"), ("nxos_ssh", "show ip route | include 10.0"),
    ("iosxr", "show route | include 10.0"), ("huawei_vrp", "display current-configuration | include sysname"),
    ("linux", "ip -j addr show"), ("linux", "ip addr show"), ("linux", "ip -j route show"),
    ("linux", "ip route show table main"), ("linux", "ip route get 10.0.0.1"), ("linux", "ip -4 -br addr"),
    ("linux", "ip -j link show eth1"), ("linux", "ip -s link show dev eth1"), ("linux", "ip neigh show dev eth1"),
    ("linux", "ip -6 route show"), ("linux", "ip route show 192.168.0.0/16"), ("linux", "ip rule show"),
    ("linux", "ping -c 3 -W 1 192.168.2.10"), ("linux", "ping -c 1 -I eth1 -s 1472 -M do 10.0.0.2"),
    ("linux", "ping -6 -c 2 fe80::1%eth1"), ("linux", "ping -c 2 -q h2"),
    ("linux", "traceroute -n -m 5 -w 1 10.0.0.1"), ("linux", "tracepath -n 10.0.0.1"),
    ("linux", "ss -tln"), ("linux", "ss -tulnH"), ("linux", "hostname"), ("linux", "hostname -f"), ("linux", "uname -a"),
    ("linux", "cat /proc/net/route"), ("linux", "cat /proc/sys/net/ipv4/ip_forward"),
    ("linux", "cat /proc/sys/net/ipv6/conf/eth1/forwarding"), ("linux", "cat /etc/resolv.conf"),
]


@pytest.mark.parametrize(("platform", "command", "word"), BYPASSES, ids=[f"{p}:{c!r}" for p, c, _ in BYPASSES])
def test_bypass_attempt_is_refused_naming_the_offending_word(platform: str, command: str, word: str) -> None:
    with pytest.raises(CommandRefused) as refused:
        check_command(platform, command)
    assert refused.value.word == word, str(refused.value)


@pytest.mark.parametrize(("platform", "command"), READ_ONLY, ids=[f"{p}:{c}" for p, c in READ_ONLY])
def test_real_read_only_command_is_accepted(platform: str, command: str) -> None:
    check_command(platform, command)


# Refused on their own platform, but read-only words on another OS (its verb, its filter): nothing else may be.
HARMLESS_ELSEWHERE = {
    "show current-configuration": "IOS-family show", "show interfaces": "show on every network OS",
    "show running-config | exclude x": "exclude is a line filter on IOS, EOS, NX-OS and IOS-XR",
}


def test_no_bypass_is_accepted_on_any_other_platform_either() -> None:
    """A plain-string command serves every target, so a bypass must be refused everywhere."""
    accepted_elsewhere = {cmd for _, cmd, _ in BYPASSES if accepted_on(cmd)}
    assert accepted_elsewhere == set(HARMLESS_ELSEWHERE)


def test_a_linux_command_runs_as_exactly_the_words_it_was_given() -> None:
    argv = linux_argv("ping -c 3 -W 1 192.168.2.10")
    assert argv == ["ping", "-c", "3", "-W", "1", "192.168.2.10"]
    assert shlex.split(shlex.join(argv)) == argv


# --- property tests ------------------------------------------------------------------------------

DANGEROUS = [";", "&&", "||", "&", "`id`", "$(id)", "${IFS}", "\n", "\r", "\x00", "\x03", "\x1a", "\x1b[A",
             ">", ">>", "<", "2>", "> /tmp/x", "| tee /tmp/x", "| redirect flash:x", "| save /var/tmp/x",
             "| append flash:x", "| sh", "| bash", "| xargs rm", "; conf t", "\nconfigure terminal",
             "| file disk0:x", "| utility egrep x", "?", "\u2028", "\u037e"]
# meaningless to a network OS (Junos '| find' is its line filter), refused on Linux hosts
SHELL = ["*", "~", "'", '"', "\\", "|", "#", "{a,b}", "[a]", "| find / -delete"]


@settings(max_examples=600, deadline=None, database=None)
@given(accepted=st.sampled_from(READ_ONLY), token=st.sampled_from(DANGEROUS + SHELL), where=st.integers(0, 200))
def test_a_dangerous_token_anywhere_in_a_read_only_command_is_refused(accepted: tuple[str, str], token: str,
                                                                       where: int) -> None:
    platform, command = accepted
    if token in SHELL and platform != "linux":
        return
    at = where % (len(command) + 1)
    for spaced in (token, f" {token} "):
        with pytest.raises(CommandRefused):
            check_command(platform, command[:at] + spaced + command[at:])


WORDS = ["show", "ip", "route", "running-config", "include", "exclude", "redirect", "tee", "save", "append", "file",
         "utility", "ping", "-c", "1", "10.0.0.1", "cat", "/etc/shadow", "/proc/net/arp", "find", "-delete", "ss", "-K",
         "-tln", "add", "del", "set", "dev", "eth1", "|", ";", "&", ">", "$(", "`", "\n", "display", "json", "conf", "t"]
WRITERS = {"redirect", "tee", "save", "append", "file", "utility", "-delete", "-K", "add", "del", "set", "find"}


@settings(max_examples=1500, deadline=None, database=None)
@given(words=st.lists(st.sampled_from(WORDS), min_size=1, max_size=9), platform=st.sampled_from(platforms()))
def test_whatever_is_accepted_has_no_writer_chaining_or_control_character(words: list[str], platform: str) -> None:
    command = " ".join(words)
    try:
        check_command(platform, command)
    except CommandRefused:
        return
    assert not any(ch in command for ch in ";&>`\n") and "$(" not in command
    if platform in LINUX_SHELLS:  # linux, and the lab switch's Linux shell
        assert "|" not in command and not WRITERS & set(command.split())
        assert shlex.split(shlex.join(command.split())) == command.split()
    else:
        assert command.split()[0] in ("show", "display")
        assert not WRITERS & {pipe.split()[0] for pipe in command.split("|")[1:]}  # no pipe into a writer
