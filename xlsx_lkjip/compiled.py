"""What every lkjip process compiles that Python's bytecode cache does not keep, kept beside that bytecode.

Two things are compiled at each start: the programs re makes of lkjip's patterns (patterns.py: re's compiler is
pure Python, ~9 ms of a `check`) and the `__init__` of each @record class (records.py, ~4 ms).  `get(key)`
gives what an earlier process `put` under that key, read from one file beside this module's bytecode (its
__pycache__ folder, or PYTHONPYCACHEPREFIX's), named for the interpreter, its bytecode and _sre's MAGIC, as
Python keeps compiled modules: the next process reads the whole file in ~0,3 ms.  Keys hold the whole source of
what was compiled (a pattern's text and flags, an __init__'s text), so an entry is what compiling that source
gives; the callers check that what they read is of the right kind and compile anew otherwise.

The file is written at exit (atexit, the `lkjip` program before its quick exit, a pool's worker after each
task) when the process compiled something new: merged with what other processes wrote meanwhile, atomically.
Nothing is written where Python writes no bytecode (PYTHONDONTWRITEBYTECODE) and nothing is kept where the
folder cannot be written (a read-only install): everything is then compiled as before.  A file that does not
read back whole is ignored and replaced."""

from __future__ import annotations

import os
import sys

_store: dict | None = None   # key -> value; None until first needed, {} without a file
_added = False               # entries made by this process that are not in the file yet
# At most this many entries: the `lkjip` program keeps every pattern of its process (patterns.keep_every_pattern),
# and a few are made from data (a roster's kode): past this, what is new is compiled each time instead.
MAX_ENTRIES = 2000


def store_path() -> str | None:
    """The file, or None where there is no bytecode folder for this module (no cache tag)."""
    try:
        import _sre
        from importlib.util import MAGIC_NUMBER, cache_from_source

        pyc = cache_from_source(__file__)
        magic = getattr(_sre, "MAGIC", 0)
    except (ImportError, NotImplementedError, ValueError):
        return None
    return os.path.join(os.path.dirname(pyc),
                        f"lkjip-compiled.{sys.implementation.cache_tag}-{MAGIC_NUMBER.hex()}-{magic}.marshal")


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


def get(key: tuple):
    """What was put under `key` (by this process or one before it), or None."""
    return _load().get(key)


def put(key: tuple, value) -> None:
    """Keep `value` (of what marshal writes) under `key`, for this process and, once saved, the next ones."""
    global _added
    store = _load()
    if len(store) >= MAX_ENTRIES and key not in store:
        return
    store[key] = value
    if not _added:
        _added = True
        import atexit

        atexit.register(save)


def save() -> None:
    """Write what this process added (with what the file holds now) to the file, if anything was added and
    bytecode may be written.  Atomic: a reader sees the old file or the new one."""
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
    except (OSError, ValueError):   # a read-only install, a full disk: compiled anew next time
        try:
            os.remove(temp)
        except OSError:
            pass
