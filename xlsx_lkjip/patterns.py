"""Regular expressions compiled on first use, and kept compiled on disk as Python keeps compiled modules.

lkjip's vocabulary and readers hold ~180 module-level patterns; compiling them all at import cost ~40 ms of every
start, while a `check` of one Renja workbook uses a third of them.  `lazy_re(pattern, flags)` stands for
`re.compile(pattern, flags)`: the first attribute asked of it compiles the pattern and puts the compiled
pattern's methods on the object, so later calls cost what a compiled pattern's do.

re's compiler is pure Python: the ~50 patterns a `check` compiles still cost ~9 ms of each start.  What it makes
of a pattern (the program `_sre.compile` takes) is therefore kept in a file beside this module's bytecode (its
__pycache__ folder, or PYTHONPYCACHEPREFIX's), named for the interpreter and for _sre's MAGIC, and read back by
the next process: ~0,005 ms a pattern.  Each entry is the pattern's own text and flags with exactly what
re.compile hands `_sre.compile`, so the pattern is the same (Pattern objects compare their programs: the tests
check it for every pattern of lkjip).  Where this Python's re has other internals (re._parser, re._compiler and
_sre.compile are those of CPython 3.11-3.13), or the file cannot be read or written (a read-only install,
PYTHONDONTWRITEBYTECODE), patterns are compiled as re.compile does; a file that does not read back whole is
ignored and replaced."""

from __future__ import annotations

import os
import re
import sys

_COPIED = ("match", "search", "fullmatch", "sub", "subn", "split", "findall", "finditer", "pattern", "flags",
           "groups", "groupindex")


class LazyPattern:
    def __init__(self, pattern: str, flags: int = 0):
        self._source = (pattern, flags)

    def __getattr__(self, name: str):
        # reached only for what is not on the object yet: before the first use, or a rare attribute
        if name.startswith("__"):
            raise AttributeError(name)
        compiled = compile_pattern(*self._source)
        for attr in _COPIED:
            self.__dict__[attr] = getattr(compiled, attr)
        self.__dict__["compiled"] = compiled
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"lazy_re({self._source[0]!r})"


def lazy_re(pattern: str, flags: int = 0) -> LazyPattern:
    return LazyPattern(pattern, flags)


# (pattern, flags) -> the arguments of _sre.compile after the pattern; None until first needed, {} without a file
_store: dict | None = None
_added = False        # entries compiled by this process, not in the file yet
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


def store_path():
    """The file of compiled patterns, or None where there is no bytecode folder for this module."""
    internals = _re_internals()
    if not internals:
        return None
    try:
        from importlib.util import cache_from_source

        pyc = cache_from_source(__file__)
    except (NotImplementedError, ValueError):   # an interpreter without a cache tag
        return None
    return os.path.join(os.path.dirname(pyc), f"lkjip-patterns.{sys.implementation.cache_tag}-"
                                              f"{internals[2].MAGIC}.marshal")


def _read(path: str) -> dict:
    import marshal

    try:
        with open(path, "rb") as fh:
            data = marshal.loads(fh.read())
    except (OSError, EOFError, ValueError, TypeError):   # none yet, unreadable or cut short: compiled anew
        return {}
    return data if isinstance(data, dict) else {}


def _load() -> dict:
    global _store
    if _store is None:
        path = store_path()
        _store = _read(path) if path is not None else {}
    return _store


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


def compile_pattern(pattern: str | bytes, flags: int = 0) -> re.Pattern:
    """re.compile(pattern, flags), from the file of compiled patterns when it holds this one."""
    global _added
    flags = int(flags)
    if not isinstance(pattern, (str, bytes)) or flags & re.DEBUG or not _re_internals():
        return re.compile(pattern, flags)
    store = _load()
    key = (pattern, flags)
    parts = store.get(key)
    if parts is not None:
        try:
            return _internals[2].compile(pattern, *parts)
        except Exception:   # an entry that is not a program of this _sre: compiled anew below
            pass
    try:
        parts = _compiled_parts(pattern, flags)
        compiled = _internals[2].compile(pattern, *parts)
    except re.error:
        raise
    except Exception:   # re's internals not as expected after all
        return re.compile(pattern, flags)
    store[key] = parts
    if not _added:
        _added = True
        import atexit

        atexit.register(save_compiled)
    return compiled


def save_compiled() -> None:
    """Write the patterns this process compiled (with those read) to the file, if any were compiled and bytecode
    may be written.  Atomic: a reader sees the old file or the new one.  Called at exit (and by the `lkjip`
    program, which ends without the interpreter's exit)."""
    global _added
    if not _added or sys.dont_write_bytecode:
        return
    _added = False
    path = store_path()
    if path is None:
        return
    import marshal

    on_disk = _read(path)   # what other processes (a pool's workers) wrote since this one read the file
    if on_disk.keys() >= _store.keys():
        return
    temp = f"{path}.{os.getpid()}.tmp"
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(temp, "wb") as fh:
            fh.write(marshal.dumps({**on_disk, **_store}))
        os.replace(temp, path)
    except (OSError, ValueError):   # a read-only install, a full disk: the patterns are compiled next time too
        try:
            os.remove(temp)
        except OSError:
            pass
