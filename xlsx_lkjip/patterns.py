"""Regular expressions compiled on first use.  lkjip's vocabulary and readers hold ~180 module-level patterns;
compiling them all at import cost ~40 ms of every start, while a `check` of one Renja workbook uses a third of
them.  `lazy_re(pattern, flags)` stands for `re.compile(pattern, flags)`: the first attribute asked of it
compiles the pattern and puts the compiled pattern's methods on the object, so later calls cost what a
compiled pattern's do."""

from __future__ import annotations

import re

_COPIED = ("match", "search", "fullmatch", "sub", "subn", "split", "findall", "finditer", "pattern", "flags",
           "groups", "groupindex")


class LazyPattern:
    def __init__(self, pattern: str, flags: int = 0):
        self._source = (pattern, flags)

    def __getattr__(self, name: str):
        # reached only for what is not on the object yet: before the first use, or a rare attribute
        if name.startswith("__"):
            raise AttributeError(name)
        compiled = re.compile(*self._source)
        for attr in _COPIED:
            self.__dict__[attr] = getattr(compiled, attr)
        self.__dict__["compiled"] = compiled
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"lazy_re({self._source[0]!r})"


def lazy_re(pattern: str, flags: int = 0) -> LazyPattern:
    return LazyPattern(pattern, flags)
