"""A Jinja sandbox that also bounds time and memory, for templates in shared task files.

Jinja's ``SandboxedEnvironment`` stops escapes into Python (``''.__class__.__mro__``) but not
exhaustion: ``{{ 'a' * 10**9 }}`` allocates a gigabyte in one step and nested ``range(100000)``
loops run for hours. Two layers stop that:

1. Every operation that can build a large value in one C call is measured first: ``*``, ``**``,
   ``+``, ``%`` and ``~``; string and list methods (``center``, ``replace``, ``join``, ``extend``);
   the size-taking filters; turning a value into output text. ``range`` is small, and all ranges
   of one render share an iteration budget.
2. Whatever grows step by step (a loop doubling a string) is stopped by a watchdog thread that
   raises ``RenderAborted`` inside the rendering thread, between two bytecodes, once the render
   passes its time or memory budget.

Either way the caller gets ``RenderLimit`` (a ``SecurityError``) or ``RenderAborted`` and reports one line.
"""

from __future__ import annotations

import os
import string
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import jinja2
from jinja2.compiler import CodeGenerator
from jinja2.exceptions import SecurityError
from jinja2.nativetypes import NativeCodeGenerator, NativeEnvironment
from jinja2.sandbox import SandboxedEnvironment

MAX_STRING = 1_000_000  # characters in one value (a router config is a few KB)
MAX_ITEMS = 100_000  # items in one list or dict
MAX_RANGE = 10_000  # numbers in one range()
MAX_ITERATIONS = 200_000  # range() iterations of one render, all loops together
MAX_INT_BITS = 4096  # results of * and ** on integers
RENDER_SECONDS = 5.0  # wall clock for one render
RENDER_MEMORY = 256 * 1024 * 1024  # growth of the process's resident memory during one render


class RenderLimit(SecurityError):
    """A template operation refused before it could run past a limit."""


class RenderAborted(BaseException):
    """Raised into the rendering thread by the watchdog (a BaseException: no ``except Exception`` swallows it)."""


def weight(value: Any, budget: int = MAX_STRING) -> int:
    """Characters and items ``value`` would print as, counted until past ``budget`` (iterative)."""
    total, stack = 0, [value]
    while stack and total <= budget:
        item = stack.pop()
        if isinstance(item, (str, bytes)):
            total += len(item)
        elif isinstance(item, dict):
            total += len(item)
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, (list, tuple, set, frozenset)):
            total += len(item)
            stack.extend(item)
        else:
            total += 8  # a number, an address, None
    return total


def _refuse_over(size: int, limit: int, what: str) -> None:
    if size > limit:
        raise RenderLimit(f"{what} would exceed {limit:,}; templates build router configs, not bulk data")


def _check_binop(operator: str, left: Any, right: Any) -> None:
    if operator == "*":
        for seq, count in ((left, right), (right, left)):
            if isinstance(seq, (str, list, tuple)) and isinstance(count, int):
                _refuse_over(weight(seq) * max(count, 0), MAX_STRING, f"{type(seq).__name__} * {count}")
        if isinstance(left, int) and isinstance(right, int):
            _refuse_over(left.bit_length() + right.bit_length(), MAX_INT_BITS, "an integer product (bits)")
    elif operator == "**" and isinstance(left, int) and isinstance(right, int) and abs(left) > 1 and right > 0:
        _refuse_over(left.bit_length() * right, MAX_INT_BITS, f"{left} ** {right} (bits)")
    elif operator == "+" and isinstance(left, (str, list, tuple)) and isinstance(right, (str, list, tuple)):
        _refuse_over(weight(left) + weight(right), MAX_STRING, "a concatenation")
    elif operator == "%" and isinstance(left, str):
        _check_format(left, right if isinstance(right, tuple) else (right,), {})


def _check_format(fmt: str, args: Any, kwargs: dict[str, Any]) -> None:
    """``'%0999999999d' % 1`` and ``'{:>999999999}'.format(1)`` allocate in one C call."""
    digits = "".join(ch if ch.isdigit() else " " for ch in fmt).split()
    if any(len(run) > 6 for run in digits) or ("{" in fmt and "{" in "".join(_format_specs(fmt))):
        raise RenderLimit("a format width or precision over 999,999 (or a nested width) is refused")
    fields = fmt.count("%") + fmt.count("{")
    biggest = max((weight(a) for a in (*args, *kwargs.values())), default=0) if not isinstance(args, dict) else weight(args)
    _refuse_over(len(fmt) + fields * biggest, MAX_STRING, "a formatted string")


def _format_specs(fmt: str) -> list[str]:
    try:
        return [spec or "" for _, _, spec, _ in string.Formatter().parse(fmt)]
    except ValueError:
        return []  # str.format reports the malformed string itself


_GROWING_METHODS = {"append", "extend", "insert", "update", "add", "setdefault", "__iadd__"}


def _check_call(obj: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, ...]:
    """Calls of methods on str, list and dict, which the sandbox otherwise allows unmeasured.

    Returns the arguments to call with: an iterator given to ``join`` is measured as a list.
    """
    owner = getattr(obj, "__self__", None)
    name = getattr(obj, "__name__", "")
    if isinstance(owner, str):
        if name in ("format", "format_map"):
            _check_format(owner, args if name == "format" else (), kwargs if name == "format" else (args[0] if args else {}))
        elif name == "replace" and len(args) >= 2:
            _check_replace(owner, args[0], args[1])
        elif name == "join" and args:
            items = args[0] if isinstance(args[0], (str, list, tuple)) else list(args[0])
            _refuse_over(weight(items) + len(owner) * len(items), MAX_STRING, "a joined string")
            args = (items, *args[1:])
        elif name in ("center", "ljust", "rjust", "zfill", "expandtabs"):
            for value in (*args, *kwargs.values()):
                if isinstance(value, int):
                    _refuse_over(value, MAX_STRING, f"str.{name}({value})")
    elif isinstance(owner, (list, dict, set)) and name in _GROWING_METHODS:
        added = sum(len(a) if hasattr(a, "__len__") else 1 for a in (*args, *kwargs.values()))
        _refuse_over(len(owner) + added, MAX_ITEMS, f"{type(owner).__name__}.{name}()")
    return args


def _check_replace(text: str, old: Any, new: Any) -> None:
    if isinstance(old, str) and isinstance(new, str):
        hits = text.count(old) if old else len(text) + 1
        _refuse_over(len(text) + hits * len(new), MAX_STRING, "a replaced string")


class CountedRange:
    """``range`` for templates: at most ``MAX_RANGE`` numbers, iterations charged to the render's budget."""

    def __init__(self, *args: int) -> None:
        self._range = range(*args)
        _refuse_over(len(self._range), MAX_RANGE, f"range{args}")

    def __iter__(self) -> Iterator[int]:
        budget = _budget()
        for number in self._range:
            budget[0] += 1
            if budget[0] > MAX_ITERATIONS:
                raise RenderLimit(f"loops over range() ran more than {MAX_ITERATIONS:,} times in one template")
            yield number

    def __len__(self) -> int:
        return len(self._range)

    def __getitem__(self, index: Any) -> Any:
        return self._range[index]

    def __contains__(self, value: object) -> bool:
        return value in self._range

    def __repr__(self) -> str:
        return repr(self._range)


_local = threading.local()


def _budget() -> list[int]:
    if not hasattr(_local, "iterations"):
        _local.iterations = [0]
    return _local.iterations


def _bounded_filter(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    """A builtin filter whose size arguments and result are measured before it runs."""

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        given = [a for a in args if not isinstance(a, (jinja2.runtime.Context, jinja2.nodes.EvalContext, jinja2.Environment))]
        value, rest = (given[0] if given else None), [*given[1:], *kwargs.values()]
        sizes = [a for a in rest if isinstance(a, int) and not isinstance(a, bool)]
        if name in ("center", "indent", "batch", "slice", "wordwrap", "truncate"):
            for count in sizes:
                _refuse_over(count, MAX_ITEMS if name in ("batch", "slice") else MAX_STRING, f"|{name}({count})")
        if name == "indent" and isinstance(value, str):
            width = next((a for a in rest if isinstance(a, (int, str)) and not isinstance(a, bool)), 4)
            _refuse_over(len(value) + (value.count("\n") + 1) * (width if isinstance(width, int) else len(width)), MAX_STRING, "|indent")
        elif name == "replace" and isinstance(value, str) and len(rest) >= 2:
            _check_replace(value, rest[0], rest[1])
        elif name == "format" and isinstance(value, str):
            _check_format(value, tuple(given[1:]), kwargs)
        elif name in ("join", "string", "tojson", "pprint", "list", "sum", "xmlattr", "urlencode"):
            sep = next((a for a in rest if isinstance(a, str)), "")
            sized = len(value) if isinstance(value, (str, list, tuple, dict, set)) else 0
            _refuse_over(weight(value) + len(sep) * sized, MAX_STRING, f"|{name}")
        return fn(*args, **kwargs)

    for attr in ("jinja_pass_arg",):  # keep Jinja's pass_context / pass_eval_context markers
        if hasattr(fn, attr):
            setattr(wrapper, attr, getattr(fn, attr))
    return wrapper


class _BoundedConcat(CodeGenerator):
    def visit_Concat(self, node: jinja2.nodes.Concat, frame: Any) -> None:  # type: ignore[override]
        """``a ~ b`` goes through ``environment.bounded_concat`` so its result is measured first."""
        self.write("environment.bounded_concat((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


class _BoundedNativeConcat(_BoundedConcat, NativeCodeGenerator):
    pass


def _finalize(value: Any) -> Any:
    """Every ``{{ … }}`` passes here before it becomes text: a huge value is refused, not printed."""
    if isinstance(value, (list, tuple, dict, set, str)):
        _refuse_over(weight(value), MAX_STRING, "a printed value")
    return value


class BoundedSandbox(SandboxedEnvironment):
    """The sandbox every netassess template renders in."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})
    code_generator_class = _BoundedConcat

    def __init__(self, **options: Any) -> None:
        options.setdefault("finalize", _finalize)
        super().__init__(**options)
        self.globals["range"] = CountedRange
        self.globals.pop("lipsum", None)
        for name, fn in list(self.filters.items()):
            self.filters[name] = _bounded_filter(name, fn)

    def call_binop(self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any) -> Any:
        _check_binop(operator, left, right)
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: jinja2.runtime.Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        args = _check_call(getattr(__obj, "__wrapped__", __obj), args, kwargs)  # str.format arrives wrapped
        return super().call(__context, __obj, *args, **kwargs)

    def bounded_concat(self, parts: tuple[Any, ...]) -> str:
        _refuse_over(sum(weight(p) for p in parts), MAX_STRING, "a ~ concatenation")
        return "".join(map(str, parts))


class BoundedNativeSandbox(BoundedSandbox, NativeEnvironment):
    """Native types (check args keep lists and ints), bounded the same way."""

    code_generator_class = _BoundedNativeConcat


def _rss() -> int:
    try:
        with open("/proc/self/statm", "rb") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0  # no /proc: the time budget still applies


def _raise_in(thread_id: int, exc: type[BaseException] | None) -> None:
    import ctypes  # only when a render overruns: every `validate` would pay ~0.5 % for it (issue 15)

    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), ctypes.py_object(exc) if exc else None)


class Budget:
    """``with Budget() as b:`` a render; past its time or memory it raises ``RenderAborted`` (``b.reason`` says why)."""

    def __init__(self, seconds: float = RENDER_SECONDS, memory: int = RENDER_MEMORY) -> None:
        self.seconds, self.memory = seconds, memory
        self.reason: str | None = None
        self._lock = threading.Lock()
        self._active = False

    def __enter__(self) -> Budget:
        self._target = threading.get_ident()
        self._deadline = time.monotonic() + self.seconds
        self._base = _rss()
        _budget()[0] = 0
        self._active = True
        _WATCHDOG.watch(self)
        return self

    def overrun(self) -> bool:
        """The watchdog's test: past the budget, ``RenderAborted`` is raised in the rendering thread."""
        if time.monotonic() > self._deadline:
            reason = f"ran longer than {self.seconds:g} s"
        elif _rss() - self._base > self.memory:
            reason = f"used more than {self.memory // (1024 * 1024)} MiB"
        else:
            return False
        with self._lock:
            if self._active:
                self.reason = reason
                _raise_in(self._target, RenderAborted)
        return True

    def __exit__(self, *exc: object) -> None:
        with self._lock:  # once inactive, the watchdog cannot raise into this thread any more
            self._active = False
            if self.reason is not None:
                _raise_in(self._target, None)  # withdraw an exception not delivered yet
        _WATCHDOG.forget(self)


class _Watchdog:
    """One daemon thread checks every render in progress, every 20 ms. A thread per render cost a
    start and a join each (validate of one task renders about 50 times), and on a busy machine each
    join waited for that thread to be scheduled (issue 15: CLI start)."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._budgets: set[Budget] = set()
        self._thread: threading.Thread | None = None

    def watch(self, budget: Budget) -> None:
        with self._cond:
            self._budgets.add(budget)
            if self._thread is None or not self._thread.is_alive():  # first render (or a forked child)
                self._thread = threading.Thread(target=self._run, name="netassess-render-budget", daemon=True)
                self._thread.start()
            self._cond.notify()

    def forget(self, budget: Budget) -> None:
        with self._cond:
            self._budgets.discard(budget)

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._budgets:
                    self._cond.wait()
                budgets = list(self._budgets)
            for budget in budgets:
                if budget.overrun():
                    self.forget(budget)
            time.sleep(0.02)


_WATCHDOG = _Watchdog()
