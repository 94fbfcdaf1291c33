"""Jinja rendering for briefs, stage templates and check arguments.

All rendering uses ``StrictUndefined``: a misspelt variable in a template must fail validation,
not push ``ip address  255.255.255.252`` to a router. Template errors carry the template file and
line so ``netassess validate`` can point at them. Task templates are shared, so they are untrusted:
they render in ``netassess.spec.sandbox`` (no escape into Python, bounded time and memory), and an
``{% include %}`` or ``{% import %}`` resolving (through a symlink too) outside the project root is
refused unless paths are trusted (``--trust-paths``).
"""

from __future__ import annotations

import functools
import ipaddress
import re
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import jinja2

from netassess.spec.parameters import to_plain
from netassess.spec.paths import PathEscape, resolve_inside
from netassess.spec.sandbox import MAX_STRING, BoundedNativeSandbox, BoundedSandbox, Budget, RenderAborted, RenderLimit

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
IPIface = ipaddress.IPv4Interface | ipaddress.IPv6Interface


class RenderError(Exception):
    """A template failed to render; ``file``/``line`` point into the template when known."""

    def __init__(self, message: str, file: Path | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message, self.file, self.line = message, file, line


def _network(value: Any) -> IPNetwork:
    if isinstance(value, (ipaddress.IPv4Network, ipaddress.IPv6Network)):
        return value
    if isinstance(value, (ipaddress.IPv4Interface, ipaddress.IPv6Interface)):
        return value.network
    return ipaddress.ip_network(str(value), strict=False)


def nth_subnet(value: Any, prefixlen: int, index: int) -> IPNetwork:
    """The ``index``-th (0-based) subnet of length ``prefixlen`` inside ``value``."""
    net = _network(value)
    if prefixlen < net.prefixlen:
        raise ValueError(f"nth_subnet: /{prefixlen} is larger than {net}")
    size = 1 << (net.max_prefixlen - prefixlen)
    count = 1 << (prefixlen - net.prefixlen)
    if not 0 <= index < count:
        raise ValueError(f"nth_subnet: {net} holds {count} /{prefixlen} subnets; index {index} is out of range")
    return ipaddress.ip_network((int(net.network_address) + index * size, prefixlen))


def nth_host(value: Any, index: int) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    """The ``index``-th address of ``value`` counted from the network address (1 = first usable)."""
    net = _network(value)
    if not 0 <= index < net.num_addresses:
        raise ValueError(f"nth_host: {net} has no address number {index}")
    return net.network_address + index


def host_interface(value: Any, index: int) -> IPIface:
    """``10.0.0.0/30 | host_interface(1)`` → ``10.0.0.1/30`` (address with the network's length)."""
    net = _network(value)
    return ipaddress.ip_interface(f"{nth_host(net, index)}/{net.prefixlen}")


def netmask(value: Any) -> str:
    """Dotted mask, as IOS writes it: ``10.0.0.0/30`` → ``255.255.255.252``."""
    return str(_network(value).netmask)


def wildcard(value: Any) -> str:
    """Inverse mask for IOS ``network … area`` and ACLs: ``10.0.0.0/30`` → ``0.0.0.3``."""
    return str(_network(value).hostmask)


def address(value: Any) -> str:
    """Address part of an interface or network: ``10.0.0.1/30`` → ``10.0.0.1``."""
    if isinstance(value, (ipaddress.IPv4Interface, ipaddress.IPv6Interface)):
        return str(value.ip)
    if isinstance(value, (ipaddress.IPv4Network, ipaddress.IPv6Network)):
        return str(value.network_address)
    return str(value).split("/", 1)[0]


def prefixlen(value: Any) -> int:
    return _network(value).prefixlen


FILTERS: dict[str, Callable[..., Any]] = {
    "nth_subnet": nth_subnet,
    "nth_host": nth_host,
    "host_interface": host_interface,
    "netmask": netmask,
    "wildcard": wildcard,
    "address": address,
    "prefixlen": prefixlen,
    "network": _network,
    "regex_escape": lambda value: re.escape(str(value)),
}
GLOBALS: dict[str, Any] = {"ip_network": _network, "ip_interface": ipaddress.ip_interface, "ip_address": ipaddress.ip_address}


def _configure(env: jinja2.Environment) -> jinja2.Environment:
    env.filters.update(FILTERS)
    env.globals.update(GLOBALS)
    return env


class _ContainedLoader(jinja2.FileSystemLoader):
    """Templates by name under the project root; a name resolving outside it (``..``, a symlink) is refused."""

    def __init__(self, root: Path) -> None:
        super().__init__(str(root))
        self.root = root

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        try:
            resolve_inside(self.root, self.root, template)
        except PathEscape as exc:
            raise RenderLimit(f"template {template}: {exc}") from None
        return super().get_source(environment, template)


# Task files are shared and validated in CI, so their Jinja is untrusted: the sandbox refuses
# `''.__class__.__mro__…` style escapes into Python (a SecurityError, reported as a template error).
@functools.lru_cache(maxsize=16)
def template_env(root: Path) -> jinja2.Environment:
    """Stage templates: loaded from the project root, so includes name ``templates/frr/_base.j2``.

    One environment per root, so each template compiles once per process (Jinja reloads a file
    that changed on disk); validate renders every stage for every node.
    """
    return _configure(
        BoundedSandbox(
            loader=_ContainedLoader(root),
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            autoescape=False,
        )
    )


_TEXT_ENV = _configure(
    BoundedSandbox(
        undefined=jinja2.StrictUndefined, keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True, autoescape=False
    )
)
# Check args keep their types: "{{ loopbacks }}" stays a list, "{{ cost }}" an int.
_NATIVE_ENV = _configure(BoundedNativeSandbox(undefined=jinja2.StrictUndefined))


def _template_line(exc: BaseException, filename: str | None) -> int | None:
    """Jinja rewrites tracebacks so template frames carry template line numbers."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return exc.lineno
    line = None
    tb = exc.__traceback__ if filename else sys.exc_info()[2]
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == (filename or "<template>"):
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _describe(exc: Exception) -> str:
    if isinstance(exc, RenderLimit):
        return f"refused: {exc.message}"
    if isinstance(exc, jinja2.UndefinedError):
        return f"{exc.message}; define it as a task parameter or fix the spelling"
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return f"Jinja syntax error: {exc.message}"
    return f"{type(exc).__name__}: {exc}"


def _bounded(render: Callable[[], Any], file: Path | None = None) -> Any:
    """Run ``render`` within the time and memory budget; past it, a ``RenderError``."""
    budget = Budget()
    try:
        with budget:
            return render()
    except RenderAborted:
        raise RenderError(f"refused: the template {budget.reason}; templates build router configs, not loops of this size", file) from None
    except (RecursionError, MemoryError) as exc:
        what = "recursed too deeply" if isinstance(exc, RecursionError) else "ran out of memory"
        raise RenderError(f"refused: the template {what}", file) from None


def _joined(chunks: Any) -> str:
    """The rendered text, refused as soon as it passes ``MAX_STRING`` characters."""
    out, size = [], 0
    for chunk in chunks:
        size += len(chunk)
        if size > MAX_STRING:
            raise RenderLimit(f"the rendered text would exceed {MAX_STRING:,} characters")
        out.append(chunk)
    return "".join(out)


@functools.lru_cache(maxsize=512)
def _inline(env: jinja2.Environment, text: str) -> jinja2.Template:
    """An inline template compiled once per process: the same ``{{ area }}`` recurs across checks and tasks."""
    return env.from_string(text)


def _is_plain(text: str) -> bool:
    """Text Jinja would return unchanged (no markup, no ``\r`` to normalise, within ``MAX_STRING``)."""
    return not any(mark in text for mark in ("{{", "{%", "{#", "\r")) and len(text) <= MAX_STRING


def render_text(text: str, context: Mapping[str, Any]) -> str:
    """Render an inline template (the brief, a message); errors carry the line within ``text``."""
    if _is_plain(text):  # most hints and messages: compiling them cost validate a millisecond each (issue 15)
        return text
    try:
        return _bounded(lambda: _joined(_inline(_TEXT_ENV, text).generate(context)))
    except jinja2.TemplateError as exc:
        raise RenderError(_describe(exc), None, _template_line(exc, None)) from None
    except (ValueError, TypeError, ArithmeticError) as exc:
        raise RenderError(_describe(exc), None, _template_line(exc, None)) from None


def _reject_undefined(value: Any) -> None:
    """A native render of ``{{ name }}`` returns the Undefined object itself instead of raising."""
    if isinstance(value, jinja2.Undefined):
        value._fail_with_undefined_error()
    if isinstance(value, (list, tuple)):
        for item in value:
            _reject_undefined(item)
    elif isinstance(value, dict):
        for item in value.values():
            _reject_undefined(item)


def render_value(value: Any, context: Mapping[str, Any]) -> Any:
    """Render every string in ``value`` (recursively) that holds Jinja markup, keeping native types."""
    if isinstance(value, str):
        if "{{" not in value and "{%" not in value:
            return value
        try:
            result = _bounded(lambda: _inline(_NATIVE_ENV, value).render(context))
            _reject_undefined(result)
            return to_plain(result)  # check args are YAML-like data: addresses as strings
        except jinja2.TemplateError as exc:
            raise RenderError(_describe(exc)) from None
        except (ValueError, TypeError, ArithmeticError) as exc:
            raise RenderError(_describe(exc)) from None
    if isinstance(value, list):
        return [render_value(item, context) for item in value]
    if isinstance(value, dict):
        return {key: render_value(item, context) for key, item in value.items()}
    return value


def render_file(env: jinja2.Environment, root: Path, template: Path, context: Mapping[str, Any]) -> str:
    """Render a template file (``template`` lies inside ``root``)."""
    name = template.relative_to(root.resolve()).as_posix()
    try:
        tmpl = env.get_template(name)
    except RenderLimit as exc:
        raise RenderError(_describe(exc), template) from None
    except jinja2.TemplateNotFound as exc:
        raise RenderError(f"template {exc.name} not found; create it or fix the path", template) from None
    except jinja2.TemplateSyntaxError as exc:
        raise RenderError(_describe(exc), Path(exc.filename) if exc.filename else template, exc.lineno) from None
    try:
        return _bounded(lambda: _joined(tmpl.generate(context)), template)
    except jinja2.TemplateNotFound as exc:
        raise RenderError(f"included template {exc.name} not found", template) from None
    except jinja2.TemplateSyntaxError as exc:
        raise RenderError(_describe(exc), Path(exc.filename) if exc.filename else template, exc.lineno) from None
    except (jinja2.TemplateError, ValueError, TypeError, ArithmeticError) as exc:
        tb = exc.__traceback__
        file, line = template, None
        while tb is not None:  # the innermost template frame (an include may be the culprit)
            co = tb.tb_frame.f_code.co_filename
            if co.startswith(str(root.resolve())) and not co.endswith(".py"):
                file, line = Path(co), tb.tb_lineno
            tb = tb.tb_next
        raise RenderError(_describe(exc), file, line) from None
