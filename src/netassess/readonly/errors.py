"""The one exception of the read-only policy: which word was refused, and why."""

from __future__ import annotations


class CommandRefused(ValueError):
    """A command that is not provably read-only on the platform; ``word`` is what gave it away."""

    def __init__(self, word: str, reason: str) -> None:
        super().__init__(f"{word!r}: {reason}")
        self.word, self.reason = word, reason
