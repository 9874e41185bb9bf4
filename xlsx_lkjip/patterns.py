"""Regular expressions compiled on first use, and kept compiled between processes (compiled.py).

lkjip's vocabulary and readers hold ~180 module-level patterns; compiling them all at import cost ~40 ms of every
start, while a `check` of one Renja workbook uses a third of them.  `lazy_re(pattern, flags)` stands for
`re.compile(pattern, flags)`: the first attribute asked of it compiles the pattern and puts the compiled
pattern's methods on the object, so later calls cost what a compiled pattern's do.

re's compiler is pure Python: the ~50 patterns a `check` compiles still cost ~9 ms of each start.  What it makes
of a pattern (the program `_sre.compile` takes) is therefore kept (compiled.py) under the pattern's text and
flags, exactly what re.compile hands `_sre.compile`, so the pattern read back is the same (Pattern objects
compare their programs: the tests check it for every pattern of lkjip): ~0,005 ms a pattern.  Where this Python's
re has other internals (re._parser, re._compiler and _sre.compile are those of CPython 3.11-3.13), patterns are
compiled as re.compile does."""

from __future__ import annotations

import re

from . import compiled

_COPIED = ("match", "search", "fullmatch", "sub", "subn", "split", "findall", "finditer", "pattern", "flags",
           "groups", "groupindex")


class LazyPattern:
    def __init__(self, pattern: str, flags: int = 0):
        self._source = (pattern, flags)

    def __getattr__(self, name: str):
        # reached only for what is not on the object yet: before the first use, or a rare attribute
        if name.startswith("__"):
            raise AttributeError(name)
        made = compile_pattern(*self._source)
        for attr in _COPIED:
            self.__dict__[attr] = getattr(made, attr)
        self.__dict__["compiled"] = made
        return getattr(made, name)

    def __repr__(self) -> str:
        return f"lazy_re({self._source[0]!r})"


def lazy_re(pattern: str, flags: int = 0) -> LazyPattern:
    return LazyPattern(pattern, flags)


_internals = None     # (re._parser, re._compiler, _sre), or () where re is not as expected


def _re_internals():
    global _internals
    if _internals is None:
        try:
            import _sre
            from re import _compiler, _parser

            if not (callable(getattr(_compiler, "_code", None)) and callable(getattr(_sre, "compile", None))):
                raise ImportError("re's compiler has other internals")
            _internals = (_parser, _compiler, _sre)
        except ImportError:
            _internals = ()
    return _internals


def _compiled_parts(pattern: str | bytes, flags: int) -> tuple:
    """What re._compiler.compile hands _sre.compile for this pattern (after the pattern itself)."""
    parser, compiler, _sre = _internals
    parsed = parser.parse(pattern, flags)
    code = compiler._code(parsed, flags)
    groupindex = parsed.state.groupdict
    indexgroup = [None] * parsed.state.groups
    for k, i in groupindex.items():
        indexgroup[i] = k
    # plain ints and a plain dict: what marshal writes (the opcodes are an int subclass)
    return (int(flags | parsed.state.flags), [int(op) for op in code], parsed.state.groups - 1, dict(groupindex),
            tuple(indexgroup))


def compile_pattern(pattern: str | bytes, flags: int = 0, fallback=re.compile) -> re.Pattern:
    """re.compile(pattern, flags), from what an earlier process compiled when it is kept; `fallback(pattern,
    flags)` compiles it where that cannot be done (re's own compiler, for the hook below)."""
    flags = int(flags)
    if not isinstance(pattern, (str, bytes)) or flags & re.DEBUG or not _re_internals():
        return fallback(pattern, flags)
    key = ("re", pattern, flags)
    parts = compiled.get(key)
    if isinstance(parts, tuple):
        try:
            return _internals[2].compile(pattern, *parts)
        except Exception:   # an entry that is not a program of this _sre: compiled anew below
            pass
    try:
        parts = _compiled_parts(pattern, flags)
        made = _internals[2].compile(pattern, *parts)
    except re.error:
        raise
    except Exception:   # re's internals not as expected after all
        return fallback(pattern, flags)
    compiled.put(key, parts)
    return made


def keep_every_pattern() -> None:
    """From now on every pattern this process compiles, its libraries' too (click, xlsxwriter, json, lxml's
    helpers: ~60 patterns, ~7 ms of a `run` and ~4 ms of a `check`), is read back as lkjip's own are.  For the
    `lkjip` program's own process only (program.py): it changes re for everything in the process.  re.compile
    keeps its own cache and checks; only the step that turns a pattern's text into a program is replaced, by
    one giving the same program (tests/test_compiled_store.py compares them)."""
    if not _re_internals():
        return
    compiler = _internals[1]
    original = compiler.compile
    if getattr(original, "lkjip_kept", False):
        return

    def compile(p, flags=0):
        if not isinstance(p, (str, bytes)):   # a parsed pattern (re.Scanner): re's own way
            return original(p, flags)
        return compile_pattern(p, flags, original)

    compile.lkjip_kept = True
    compiler.compile = compile
