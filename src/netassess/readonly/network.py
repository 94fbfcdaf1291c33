"""Network OSes: one ``show`` (or ``display``) command, piped only through the platform's own
output filters, which only select lines of the output.

Everything else is refused by name: other verbs and their abbreviations (``conf t``, ``do``,
``write``, ``copy``, ``clear``, ``debug``), an abbreviated verb (``sh``), pipes that write files
(IOS ``| redirect``/``| tee``/``| append``, Junos ``| save``, EOS ``| tee``, IOS-XR ``| file``),
redirection (EOS/NX-OS ``> file``), chaining (``;``, ``&&``), shell expansion, and any control
character (a newline would type a second command at the device's prompt).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from netassess.readonly.errors import CommandRefused

MAX_LENGTH = 512
#: never needed by a read-only command on any network OS; each is chaining, redirection or expansion somewhere
FORBIDDEN = ("&", ";", "`", "$(", "${", ">", "<")

Arg = Literal["none", "text", "number", "optional_number", "format"]
_FORMATS = ("json", "xml", "set")


def _spellings(arg: Arg, *names: str) -> dict[str, Arg]:
    return dict.fromkeys(names, arg)


# IOS-style line filters and their accepted abbreviations (none is a prefix of a writing pipe)
_IOS_LINES = {**_spellings("text", "include", "inc", "incl", "i"), **_spellings("text", "exclude", "exc", "excl", "e"),
              **_spellings("text", "begin", "beg", "b"), **_spellings("text", "section", "sec", "s")}


@dataclass(frozen=True)
class NetworkPolicy:
    platform: str
    filters: Mapping[str, Arg]
    verb: str = "show"
    writing: tuple[str, ...] = field(default=())  # pipes of this OS that write files: named in the refusal

    def check(self, command: str) -> None:
        """Raise ``CommandRefused`` naming the first word that is not provably read-only."""
        _plain_text(command)
        head, *pipes = command.split("|")
        words = head.split()
        if not words:
            raise CommandRefused(command.strip() or command, f"empty command; give a '{self.verb} …' command")
        if words[0] != self.verb:
            hint = (f"write '{self.verb}' in full" if self.verb.startswith(words[0].lower())
                    else f"only '{self.verb} …' commands are read-only")
            raise CommandRefused(words[0], f"{hint} on {self.platform}")
        if len(words) == 1:
            raise CommandRefused(self.verb, f"say what to {self.verb} (e.g. '{self.verb} version')")
        for pipe in pipes:
            self._filter(pipe)

    def _filter(self, pipe: str) -> None:
        parts = pipe.split()
        if not parts:
            raise CommandRefused("|", "nothing after '|'")
        name, args = parts[0], parts[1:]
        kind = self.filters.get(name)
        if kind is None:
            allowed = ", ".join(sorted({n for n in self.filters if len(n) > 2}))
            why = "writes files" if name.lower() in self.writing else "is not an output filter allowed"
            raise CommandRefused(name, f"'| {name}' {why} on {self.platform} (allowed: {allowed})")
        if kind == "none" and args:
            raise CommandRefused(args[0], f"'| {name}' takes no argument on {self.platform}")
        if kind == "text" and not args:
            raise CommandRefused(name, f"'| {name}' needs a pattern")
        if kind in ("number", "optional_number") and (len(args) > 1 or (args and not args[0].isdigit())
                                                      or (kind == "number" and not args)):
            raise CommandRefused(args[0] if args else name, f"'| {name}' takes one number")
        if kind == "format" and (len(args) != 1 or args[0] not in _FORMATS):
            raise CommandRefused(args[0] if args else name, f"'| {name}' takes one of {', '.join(_FORMATS)}")


def _plain_text(command: str) -> None:
    if len(command) > MAX_LENGTH:
        raise CommandRefused(command[:40] + "…", f"longer than {MAX_LENGTH} characters")
    for char in command:
        if not " " <= char <= "~":
            raise CommandRefused(char, "control or non-ASCII character (a newline or Ctrl-key would type more "
                                       "than this one command)")
    for token in FORBIDDEN:
        if token in command:
            raise CommandRefused(token, "chaining, redirection or shell expansion; a read-only command needs none")
    if "?" in command:
        raise CommandRefused("?", "asks an interactive CLI for help instead of running the command")


NETWORK_POLICIES: dict[str, NetworkPolicy] = {p.platform: p for p in (
    # FRR 8.4 vtysh knows exactly one output filter; every other '| word' is "% Unknown action".
    NetworkPolicy("frr", _spellings("text", "include")),
    NetworkPolicy("ios", {**_IOS_LINES, **_spellings("text", "count")}, writing=("redirect", "tee", "append", "format")),
    NetworkPolicy("eos", {**_IOS_LINES, **_spellings("none", "json", "no-more", "nz")},
                  writing=("redirect", "tee", "append")),
    NetworkPolicy("nxos", {**_spellings("text", "include", "exclude", "begin", "section"),
                           **_spellings("none", "json", "xml", "no-more", "count"),
                           **_spellings("optional_number", "last")}, writing=("tee", "email", "vsh")),
    NetworkPolicy("iosxr", {n: a for n, a in _IOS_LINES.items() if not n.startswith("s")}, writing=("file", "utility")),
    NetworkPolicy("junos", {**_spellings("text", "match", "except", "find"), **_spellings("none", "count", "no-more"),
                            **_spellings("optional_number", "last"), **_spellings("number", "trim"),
                            **_spellings("format", "display")}, writing=("save", "append", "tee", "request")),
    NetworkPolicy("huawei_vrp", {n: a for n, a in _IOS_LINES.items() if not n.startswith("s")}, verb="display"),
)}
NETWORK_POLICIES["nxos_ssh"] = NETWORK_POLICIES["nxos"]
