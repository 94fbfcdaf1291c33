"""Name → plugin registries, in the Nornir style: adding a plugin is adding a file.

Built-in plugins live in a package (e.g. ``netassess.checks``) and register themselves
on import; ``Registry.load()`` imports every module of that package once, then any
third-party module named by the ``netassess.<kind>`` entry-point group.

Looking one name up (``get``, ``in``) need not load them all: a name already registered is
answered at once, and a ``locate`` function (e.g. a scan of the package's sources) may name the
one built-in module that registers it, which is then imported alone. Only a name neither finds
loads everything. That keeps ``netassess validate`` of one task from importing every check family
and reading every installed package's entry points (issue 15: CLI start); a third-party plugin
reusing a built-in name is still refused, by the first full load.
"""

from __future__ import annotations

import importlib
import pkgutil
import threading
from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

from netassess.errors import UsageError

T = TypeVar("T")


class Registry(Generic[T]):
    """A named collection of plugins of one kind (check types, report formats, runtimes…)."""

    def __init__(
        self, kind: str, package: str | None = None, noun: str | None = None, locate: Callable[[str], str | None] | None = None
    ) -> None:
        self.kind = kind  # also the entry-point group: netassess.<kind>
        self.noun = noun or kind  # what one plugin is called in messages ("check type", "report format")
        self.package = package
        self.locate = locate  # name -> the built-in module registering it (None: unknown); a hint only
        self._items: dict[str, T] = {}
        self._loaded = False
        self._loading = False
        self._lock = threading.RLock()

    def register(self, name: str) -> Callable[[T], T]:
        """Decorator: ``@REGISTRY.register("ospf_neighbor")``."""

        def deco(obj: T) -> T:
            if name in self._items and self._items[name] is not obj:
                raise ValueError(f"{self.noun} {name!r} registered twice")
            self._items[name] = obj
            return obj

        return deco

    def add(self, name: str, obj: T) -> None:
        self.register(name)(obj)

    def load(self) -> None:
        """Import built-in plugin modules and entry points, once.

        Threads that ask while another is loading wait for it (12 pods assessed at once each ask
        for their report formats first: without the lock one saw a half-filled registry)."""
        if self._loaded:
            return
        with self._lock:
            if self._loaded or self._loading:  # _loading: a plugin module asked again while being imported
                return
            self._loading = True
            try:
                if self.package:
                    pkg = importlib.import_module(self.package)
                    for mod in pkgutil.iter_modules(pkg.__path__):
                        if not mod.name.startswith("_"):
                            importlib.import_module(f"{self.package}.{mod.name}")
                from importlib.metadata import entry_points  # reads every installed package's metadata: only here

                for ep in entry_points(group=f"netassess.{self.kind}"):
                    ep.load()
            finally:
                self._loading = False
            self._loaded = True

    def _find(self, name: str) -> T | None:
        """``name`` without a full load when it is registered already or ``locate`` knows its module."""
        if name not in self._items and not self._loaded and self.locate is not None:
            module = self.locate(name)
            if module is not None:
                importlib.import_module(module)
        return self._items.get(name)

    def get(self, name: str) -> T:
        found = self._find(name)
        if found is not None:
            return found
        self.load()
        try:
            return self._items[name]
        except KeyError:
            known = ", ".join(sorted(self._items)) or "none"
            raise UsageError(f"unknown {self.noun} {name!r}; known: {known}") from None

    def __contains__(self, name: object) -> bool:
        if isinstance(name, str) and self._find(name) is not None:
            return True
        self.load()
        return name in self._items

    def names(self) -> list[str]:
        self.load()
        return sorted(self._items)

    def items(self) -> Iterator[tuple[str, T]]:
        self.load()
        yield from sorted(self._items.items())
