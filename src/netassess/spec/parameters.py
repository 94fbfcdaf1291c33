"""Typed task parameters: defaults, command-line overrides and the per-candidate generation hook.

Values are converted to their declared type once, here, so templates and checks see real
objects (``ipaddress.IPv4Network`` has ``.network_address``, ``.subnets()``…) rather than strings
that each template would parse differently.
"""

from __future__ import annotations

import ipaddress
import math
from collections.abc import Callable, Mapping
from typing import Any

from netassess.registry import Registry
from netassess.spec.models import Parameter

# A generator turns (a keyed Draw for one task, candidate and parameter; the parameter; its generator
# args) into a raw value. The built-ins are in netassess.spec.generators; a college can register
# more via the ``netassess.parameter_generators`` entry-point group.
ParameterGenerator = Callable[[Any, Parameter, Mapping[str, Any]], Any]
PARAMETER_GENERATORS: Registry[ParameterGenerator] = Registry("parameter_generators", noun="parameter generator")

_TRUE = {"true", "yes", "on", "1"}
_FALSE = {"false", "no", "off", "0"}


def _to_bool(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, str) and raw.lower() in _TRUE | _FALSE:
        return raw.lower() in _TRUE
    raise ValueError(f"{raw!r} is not a boolean; use true or false")


def _to_int(raw: Any) -> int:
    if isinstance(raw, bool):
        raise ValueError(f"{raw!r} is not an integer")
    if isinstance(raw, float) and not raw.is_integer():
        raise ValueError(f"{raw!r} is not an integer")
    return int(raw)


def _to_float(raw: Any) -> float:
    """A finite float: ``nan`` or ``inf`` in a template or check arg is never what an author meant."""
    value = float(raw)
    if not math.isfinite(value):
        raise ValueError("not a finite number")
    return value


def _to_secret(raw: Any) -> str:
    """A string long enough to mask safely: every occurrence of it is removed from what we write."""
    from netassess.redact import MIN_SECRET_LENGTH

    value = str(raw)
    if len(value) < MIN_SECRET_LENGTH:
        raise ValueError(f"a secret needs at least {MIN_SECRET_LENGTH} characters")
    return value


_SCALARS: dict[str, Callable[[Any], Any]] = {
    "str": str,
    "secret": _to_secret,
    "int": _to_int,
    "float": _to_float,
    "bool": _to_bool,
    "ipv4_network": lambda raw: ipaddress.IPv4Network(str(raw), strict=True),
    "ipv4_address": lambda raw: ipaddress.IPv4Address(str(raw)),
    "ipv4_interface": lambda raw: ipaddress.IPv4Interface(str(raw)),
    "ipv6_network": lambda raw: ipaddress.IPv6Network(str(raw), strict=True),
    "ipv6_address": lambda raw: ipaddress.IPv6Address(str(raw)),
    "ipv6_interface": lambda raw: ipaddress.IPv6Interface(str(raw)),
}


def coerce(param: Parameter, raw: Any) -> Any:
    """Convert ``raw`` (YAML value or command-line string) to ``param.type``; ``ValueError`` says why not."""
    shown = "(hidden)" if param.type == "secret" else repr(raw)  # an error line must not quote a secret
    if param.type == "dict":
        if not isinstance(raw, Mapping):
            raise ValueError(f"{raw!r} is not a mapping")
        value: Any = dict(raw)
    elif param.type == "list":
        items = [part.strip() for part in raw.split(",") if part.strip()] if isinstance(raw, str) else raw
        if not isinstance(items, list):
            raise ValueError(f"{raw!r} is not a list")
        convert = _SCALARS[param.items] if param.items else (lambda item: item)
        value = [convert(item) for item in items]
    else:
        try:
            value = _SCALARS[param.type](raw)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"{shown} is not a valid {param.type} ({exc})") from None
    if param.choices is not None:
        allowed = [coerce(param.model_copy(update={"choices": None}), choice) for choice in param.choices]
        if value not in allowed:
            raise ValueError(f"{shown} is not one of the allowed values" if param.type == "secret"
                             else f"{raw!r} is not one of {param.choices}")
    return value


def to_plain(value: Any) -> Any:
    """JSON-friendly copy of a parameter value (ipaddress objects become strings)."""
    if isinstance(value, (ipaddress.IPv4Network, ipaddress.IPv6Network, ipaddress.IPv4Address,
                          ipaddress.IPv6Address, ipaddress.IPv4Interface, ipaddress.IPv6Interface)):  # fmt: skip
        return str(value)
    if isinstance(value, list):
        return [to_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: to_plain(item) for key, item in value.items()}
    return value


def raw_value(name: str, param: Parameter, overrides: Mapping[str, Any], candidate: str | None,
              task_id: str = "") -> Any:
    """Where a value comes from, in priority order: override, generator (with a candidate), default."""
    if name in overrides:
        return overrides[name]
    if param.generate is not None and candidate is not None:
        from netassess.spec.generators import Draw, cohort_secret  # registers the built-in generators

        generator = PARAMETER_GENERATORS.get(param.generate.generator)
        return generator(Draw(task_id, candidate, name, cohort_secret()), param, param.generate.args)
    return param.default


def parse_param_options(items: list[str]) -> dict[str, str]:
    """``["area=0", "p2p=10.0.0.0/24"]`` from ``--param`` → a dict (typed later, by ``coerce``)."""
    from netassess.errors import UsageError

    out: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise UsageError(f"--param {item!r}: expected name=value")
        out[key.strip()] = value
    return out
