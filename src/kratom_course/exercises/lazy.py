"""An answer computed from data/ only when it is first needed, so that an exercise module imports without
reading data/ (and without a course folder).

A choice exercise whose correct option depends on the data (the most common level, the worst paragraph)
passes `correct=LazyOption(function)`: it compares, hashes, prints and formats as the option the function
returns at that moment, like the plain string the engine expects. Slips that depend on the data pass
`slips=LazyMapping(function)`, a read-only mapping computed when it is read.
"""

from __future__ import annotations

from collections import UserString
from collections.abc import Callable, Iterator, Mapping


class LazyOption(UserString):
    """A string whose value is `compute()`, evaluated each time it is read (data/ is cached by its loader)."""

    def __init__(self, compute: Callable[[], str]):  # no super().__init__: `data` is computed, never stored
        self._compute = compute

    @property
    def data(self) -> str:
        return str(self._compute())

    def __format__(self, spec: str) -> str:
        return format(self.data, spec)


class LazyMapping(Mapping):
    """A read-only mapping whose items are `compute()`, evaluated each time it is read."""

    def __init__(self, compute: Callable[[], dict]):
        self._compute = compute

    def __getitem__(self, key):
        return self._compute()[key]

    def __iter__(self) -> Iterator:
        return iter(self._compute())

    def __len__(self) -> int:
        return len(self._compute())
