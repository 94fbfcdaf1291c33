"""Mask secrets in device configs and collected state, at collection time.

The collector passes everything it stores through ``sanitise_data``, so no snapshot,
report, bundle or log ever holds a password, secret, key or SNMP community.

Masking keeps the keywords and the encryption-type token and replaces only the secret
value with ``<removed>`` (``enable secret 9 <removed>``, ``neighbor 10.0.0.2 password
<removed>``): security checks judge the sanitised text and must still tell a plain-text
password (``password <removed>``) from an encrypted one (``password 7 <removed>``).

The filters are applied through ``netutils.config.clean.sanitize_config``. netutils ships
the engine but no filters for FRR, so the list below covers FRR, Cisco IOS, Arista EOS and
Junos. Every filter runs whatever the platform: a wrong or missing platform must never
leak a secret, and each pattern is anchored on keywords of its own dialect.
"""

from __future__ import annotations

import json
import re
from typing import Any

from netutils.config.clean import sanitize_config

REMOVED = "<removed>"

# An optional encryption/hash type between keyword and value: IOS/EOS/FRR digits, EOS names.
_TYPE = r"(?:\s+(?:\d|sha512|sha256|md5|scrypt)(?=\s))?+"
# The value must not already be masked (keeps the filters idempotent).
_VAL = r"\s+(?!\"?<removed>)(?!(?:\d|sha512|sha256|md5|hmac-md5|scrypt|clear|text)\s+\"?<removed>)"
_TO_EOL = _VAL + r"\S.*$"
_TOKEN = _VAL + r"(?:\"[^\"]*\"|[^\s;]+)"

_SUB = r"\1 " + REMOVED

# The general rule's secret keywords: a whole word (not `password-encryption`, `nopassword`,
# `passwords`, `key-chain`), any hyphenated word ending in `-key`, or key-string.
_KEYWORD = (
    r"(?<![\w-])(?:(?:[a-z0-9]+-)*(?:password|passwd|secret|passphrase|psk)|(?:[a-z0-9]+-)+key|key-string"
    r"|auth_pass|auth-pass)(?![\w-])"
)
_GENERAL_TYPE = r"(?:\s+(?:\d|sha512|sha256|md5|hmac-md5|scrypt|clear|text|ascii-text|hexadecimal)(?=\s))?+"
_ASSIGNED = r"(?i:password|passwd|secret|psk|passphrase|pre_shared_key|auth_pass|auth_string|auth_key)"
_SUB_QUOTED = r'\1 "' + REMOVED + '"'


def _rule(regex: str, replace: str = _SUB) -> dict[str, str]:
    return {"regex": regex, "replace": replace}


# Order matters only where two rules could see the same line: the specific one comes first,
# and the masked value it leaves behind stops the general one (``_VAL``'s look-ahead).
SANITISE_FILTERS: list[dict[str, str]] = [
    # --- EOS `management security / session shared-secret profile P`: `secret <id> <type> <secret>` --
    # (before the Junos `secret` rule, which would take the id for the secret and leave it behind)
    _rule(r"^(\s*secret\s+\d+\s+(?:[078]a?|sha512))" + _TOKEN),
    # --- Junos: `show configuration` marks every secret with ## SECRET-DATA -----------------
    _rule(r'^(.*?\S)\s+(?:"(?!<removed>)[^"]*"|(?!<removed>)[^\s;"]+)(;\s*## SECRET-DATA.*)$', r'\1 "<removed>"\2'),
    _rule(
        r"^(\s*(?:encrypted-password|authentication-key|simple-password|hello-authentication-key"
        r"|plain-text-password-value|secret(?!\s+\d+\s)|pre-shared-key\s+(?:ascii-text|hexadecimal)|md5\s+\d+\s+key))"
        + _TOKEN + r"(?=\s*;)",  # a Junos statement ends with `;`; IOS `authentication-key 7 X` is not one
        _SUB_QUOTED,
    ),
    _rule(
        r"^(set\s.*?\s(?:encrypted-password|authentication-key|simple-password|hello-authentication-key"
        r"|plain-text-password-value|secret|ascii-text|hexadecimal|key))" + _TOKEN,
        _SUB_QUOTED,
    ),
    _rule(r"^(set\s+snmp\s+community)" + _TOKEN),
    _rule(r"^(\s*community)" + _TOKEN + r"(?=\s*\{)"),
    # --- users and enable (IOS, EOS, FRR) ---------------------------------------------------------
    _rule(r"^(\s*username\s+\S+.*?\s(?:secret|password)" + _TYPE + ")" + _TO_EOL),
    _rule(r"^(\s*(?:enable\s+)?(?:algorithm-type\s+\S+\s+)?(?:password|secret)(?:\s+level\s+\d+)?+" + _TYPE + ")" + _TO_EOL),
    # --- routing protocol authentication --------------------------------------------------------
    _rule(r"^(\s*(?:mpls\s+ldp\s+)?neighbor\s+\S+\s+password" + _TYPE + ")" + _TO_EOL),
    _rule(r"^(\s*(?:.*?\s)?message-digest-key\s+\d+\s+md5" + _TYPE + ")" + _TOKEN),
    _rule(r"^(\s*(?:ip\s+ospf\s+|area\s+\S+\s+virtual-link\s+\S+\s+)authentication-key" + _TYPE + ")" + _TOKEN),
    _rule(r"^(\s*(?:.*?\s)?key-string" + _TYPE + ")" + _TO_EOL),
    _rule(r"^(\s*ipv6\s+ospf6\s+authentication\s.*?\skey)" + _TOKEN),
    _rule(r"^(\s*(?:isis\s+password|area-password|domain-password)(?:\s+(?:clear|md5|hmac-md5|text))?+)" + _TOKEN),
    _rule(r"^(\s*(?:isis\s+)?authentication\s+key" + _TYPE + ")" + _TOKEN),
    _rule(r"^(\s*ip\s+rip\s+authentication\s+string)" + _TOKEN),
    _rule(r"^(\s*ip\s+nhrp\s+authentication)" + _TOKEN),
    _rule(r"^(\s*standby(?:\s+\d+)?\s+authentication(?:\s+text)?+)\s+(?!md5\b)(?!<removed>)\S+"),
    _rule(r"^(\s*(?:.*?\s)?authentication\s+text" + _TYPE + ")" + _TOKEN),  # vrrp, glbp, EOS `vrrp N peer`
    _rule(r"^(\s*ntp\s+authentication-key\s+\d+\s+\S+" + _TYPE + ")" + _TOKEN),
    # --- SNMP -------------------------------------------------------------------------------------
    _rule(r"^(\s*snmp-server\s+community)" + _TOKEN),
    _rule(
        r"^(\s*snmp-server\s+host\s+\S+(?:\s+(?:informs|traps))?+"
        r"(?:\s+version\s+(?:1|2c|3\s+(?:auth|noauth|priv)))?+(?:\s+vrf\s+\S+)?+)" + _TOKEN
    ),
    _rule(r"^(\s*snmp-server\s+user\s.*?\sauth\s+\S+)" + _TOKEN),
    _rule(r"^(\s*snmp-server\s+user\s.*?\spriv\s+(?>3des|des|aes\s+\d+|aes\d*))" + _TOKEN),
    # Linux net-snmp snmpd.conf: `rocommunity SECRET [source]`, `com2sec NAME SOURCE SECRET`,
    # `createUser NAME SHA AUTHPASS AES PRIVPASS`
    _rule(r"^(\s*r[ow]community6?)" + _TOKEN),
    _rule(r"^(\s*com2sec6?\s+(?:-Cn\s+\S+\s+)?\S+\s+\S+)" + _TOKEN),
    _rule(r"^(\s*createUser\s+(?:-e\s+\S+\s+)?\S+\s+(?:MD5|SHA\S*))" + _TOKEN),
    _rule(r"^(\s*createUser\s.*?\s(?:DES|AES\S*))" + _TOKEN),
    # --- AAA servers, VPN keys, the rest of IOS -------------------------------------------------
    _rule(r"^(\s*(?:tacacs-server|radius-server|server-private)\b.*?\skey" + _TYPE + ")" + _TOKEN),
    _rule(r"^(\s+key(?:\s+[067](?=\s))?+)\s+(?!<removed>)(?!\{)(?!\d+\s*$)\S.*$"),
    _rule(r"^(\s*crypto\s+isakmp\s+key" + _TYPE + ")" + _TOKEN),
    _rule(r"^(\s*pre-shared-key\b.*?\skey" + _TYPE + ")" + _TOKEN),
    _rule(
        r"^(\s*pre-shared-key(?:\s+(?:local|remote))?+" + _TYPE + r")\s+"
        r"(?!\"?<removed>|address\b|hostname\b|ascii-text\b|hexadecimal\b)\S.*$"
    ),
    _rule(r"^(\s*ppp\s+(?:chap|pap)\s.*?password" + _TYPE + ")" + _TO_EOL),
    _rule(r"^(\s*ip\s+(?:ftp|http\s+client)\s+password" + _TYPE + ")" + _TO_EOL),
    _rule(r"^(\s*wpa-psk\s+(?:ascii|hex)" + _TYPE + ")" + _TO_EOL),
    _rule(r"^(\s*key\s+config-key\s+password-encrypt)" + _TO_EOL),
    _rule(r"^(\s*aaa\s+root\s+secret" + _TYPE + ")" + _TO_EOL),
    # --- the general rule: `<keyword> [type] <secret>` anywhere in a statement ---------------------
    # Whatever a vendor puts before it (`l2tp tunnel password 0 X`, `shared-key 7 X`, Junos
    # `privacy-password X`), a secret keyword followed by a value is a secret; the specific rules
    # above only exist to keep more of the line (secrets with spaces, trailing options), so a line
    # one of them has masked already is left alone (`enable secret level 15 5 <removed>`).
    _rule(r"^(?!.*<removed>)(.*?" + _KEYWORD + _GENERAL_TYPE + ")" + _TOKEN),
    # `name=value` and YAML `name: value` (Linux daemons: wpa_supplicant, netplan, ppp, keepalived).
    _rule(r"^(\s*(?:-\s+)?[\w.-]*?" + _ASSIGNED + r"\s*[=:]\s*+)(?!\"?<removed>)(?:\"[^\"]*\"|'[^']*'|[^\s;]+)", r"\1" + REMOVED),
]

# Crypt-style hashes and Junos $9$ strings are secrets wherever they appear (shadow lines,
# getter output, logs): a last, context-free pass.
_CRYPT = re.compile(r"\$(?:1|2[abxy]?|5|6|7|8|9|y|sha1)\$[^\s\"';,}]+")
# URL userinfo (`scp://user:PW@host/file`, `copy ftp://u:PW@…`) in any line: keep the user, mask the password.
_URL_PASSWORD = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://[^\s/:@<>\"']*:)(?!<removed>@)[^\s/@<>\"']+(?=@)")

# Cheap pre-check: most strings in a snapshot (counters, addresses) hold no secret keyword.
_MAYBE_SECRET = re.compile(
    r"pass|secret|community|key|psk|pre-shared|authentication|auth_|snmp|SECRET-DATA|\$\w+\$|://", re.IGNORECASE
)


def sanitise_config(text: str, platform: str | None = None) -> str:
    """Mask every secret value in config text or CLI output, keeping keywords and type digits.

    ``platform`` (``frr``, ``ios``, ``eos``, ``junos``, …) is accepted for callers' symmetry;
    every dialect's filters run regardless, so a mislabelled device still leaks nothing.
    """
    del platform  # see docstring: the union of filters is applied on purpose
    if not text or not _MAYBE_SECRET.search(text):
        return text
    if _PREFIXED.search(text):  # first, so the specific rule for the statement wins over the general one
        text = "\n".join(_unprefixed(line) for line in text.split("\n"))
    masked = sanitize_config(text, SANITISE_FILTERS)
    return _URL_PASSWORD.sub(r"\1" + REMOVED, _CRYPT.sub(REMOVED, masked))


# Diffs (`compare_config`: `+ neighbor … password x`, `-snmp-server community y`) and negations
# (`no neighbor … password x`, which a merge diff deletes with) put a token before the statement,
# so the statement-anchored filters above miss them: mask the statement behind the token.
_PREFIXED = re.compile(r"^(?:[+\-<>] ?|[+\-<>]? ?\s*no\s)", re.MULTILINE)
_PREFIX_SPLIT = re.compile(r"^([+\-<>]?)(\s*)((?:no\s+)?)(.*)$", re.DOTALL)


def _unprefixed(line: str) -> str:
    m = _PREFIX_SPLIT.match(line)
    if m is None or not (m.group(1) or m.group(3)) or not _MAYBE_SECRET.search(line):
        return line
    marker, indent, negation, rest = m.groups()
    statement = indent + rest
    masked = sanitize_config(statement, SANITISE_FILTERS)
    if masked == statement or not masked.startswith(indent):
        return line
    return marker + indent + negation + masked[len(indent):]


_SECRET_TOKENS = {
    "password", "passwd", "pass", "secret", "secrets", "community", "communities", "key", "keys",
    "psk", "passphrase", "token", "credential", "credentials", "md5", "apikey", "passwords", "pwd",
    "passwds", "passphrases", "psks", "tokens",
}  # fmt: skip
# `auth_string`, `authText`, `auth_data`: an authentication word with a value word is a secret too.
_AUTH_TOKENS = {"auth", "authentication"}
_AUTH_VALUE_TOKENS = {"string", "text", "value", "data", "pass"}
# A key that merely describes a secret (``key_id``, ``password_encryption``) is not one.
_DESCRIPTIVE_TOKENS = {
    "id", "ids", "chain", "name", "type", "length", "encryption", "encrypted", "set", "configured",
    "enabled", "algorithm", "mode", "level", "count", "index", "policy", "file", "path", "sha256",
}  # fmt: skip
_SPLIT = re.compile(r"[^0-9a-zA-Z]+|(?<=[a-z])(?=[A-Z])")


def _key_kind(key: object) -> str | None:
    """``community`` (its dict's KEYS are the secrets), ``secret``, or None."""
    if not isinstance(key, str):
        return None
    tokens = {t.lower() for t in _SPLIT.split(key) if t}
    secret = tokens & _SECRET_TOKENS or (tokens & _AUTH_TOKENS and tokens & _AUTH_VALUE_TOKENS)
    if not secret or tokens & _DESCRIPTIVE_TOKENS:
        return None
    return "community" if tokens & {"community", "communities"} else "secret"


def _sanitise_string(text: str, platform: str | None) -> str:
    if not _MAYBE_SECRET.search(text):
        return text
    stripped = text.lstrip()
    if stripped[:1] in ("{", "["):
        try:
            parsed = json.loads(text)
        except ValueError:
            pass
        else:
            indent = 2 if "\n" in text else None
            return json.dumps(_walk(parsed, platform, secret=False), indent=indent)
    return sanitise_config(text, platform)


def _walk(obj: Any, platform: str | None, *, secret: bool) -> Any:
    if isinstance(obj, dict):
        out: dict[Any, Any] = {}
        for key, value in obj.items():
            kind = _key_kind(key)
            if kind == "community" and isinstance(value, dict):
                # NAPALM get_snmp_information: {"community": {"public": {"mode": "ro", ...}}}
                out[key] = {
                    f"{REMOVED}-{i}": _walk(inner, platform, secret=False)
                    for i, inner in enumerate(value.values(), start=1)
                }
            else:
                out[key] = _walk(value, platform, secret=secret or kind is not None)
        return out
    if isinstance(obj, (list, tuple)):
        return type(obj)(_walk(item, platform, secret=secret) for item in obj)
    if isinstance(obj, str):
        if secret:
            return REMOVED if obj else obj
        return _sanitise_string(obj, platform)
    if secret and isinstance(obj, (int, float)) and not isinstance(obj, bool):
        return REMOVED
    return obj


def sanitise_data(obj: Any, platform: str | None = None) -> Any:
    """Return a copy of ``obj`` (dicts, lists, strings, scalars) with every secret masked.

    Strings are sanitised as config/CLI text (JSON text is parsed and walked, so its shape
    survives); values under secret-looking keys (``password``, ``secret``, ``authentication_key``,
    ``community``…) become ``<removed>``; under ``community`` the dict keys, which NAPALM uses
    for the community strings themselves, are replaced by ``<removed>-N``.
    """
    return _walk(obj, platform, secret=False)


_QUOTED = re.compile(r"'([^'\n]*)'|\"([^\"\n]*)\"")


def sanitise_message(text: str, platform: str | None = None) -> str:
    """Mask secrets in a one-line error message that quotes a config line.

    Drivers name the line they refused (``r1: FRR does not accept candidate line 'neighbor 10.0.0.2
    password s3cret': …``); the config filters are anchored at the start of a statement, so each
    quoted part is sanitised as a statement of its own, then the whole text as config.
    """

    def one(m: re.Match[str]) -> str:
        quote = "'" if m.group(1) is not None else '"'
        inner = m.group(1) if m.group(1) is not None else m.group(2)
        masked = sanitise_config(inner.strip(), platform)
        return m.group(0) if masked == inner.strip() else quote + masked + quote

    if not text or not _MAYBE_SECRET.search(text):
        return text
    return sanitise_config(_QUOTED.sub(one, text), platform)
