"""Stop requests (Ctrl+C = SIGINT, SIGTERM, Ctrl+Break = SIGBREAK on Windows) for `lkjip run`.

The signal handler only notes the request.  A batch stops at its own safe points (`check()`: before each
workbook, once every workbook is in), never inside a library: an exception raised from a handler can land in
the middle of zipfile, xlsxwriter or lxml, which then print "Exception ignored in …" on their way out or leave
an object half made.  The workbook being completed is finished first (its atomic write lands whole).

While the round is committed (its rekap, record and mark: batch/run.py) and after it, stops are `deferred`: the
request is noted and said at the end, the round is whole either way.  A second request outside such a
stretch stops at once: the temporary files and folders being written are removed (files.remove_live_temps),
then the `force` given to install_stop_handlers ends the process (the CLI: its message, exit 128 + signal).
Without one (library use) the stop is raised from the handler, and atomic_write removes its temporary file on
the way out.  Either way no file under its real name is ever half-written."""

from __future__ import annotations

import signal
from typing import Callable

from ..files import remove_live_temps


class Stopped(BaseException):
    """A stop request (SIGTERM, Ctrl+Break) at a safe point, so temp files are removed on the way out.  Ctrl+C
    is KeyboardInterrupt, as everywhere in Python."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


REQUESTED: int | None = None   # the first signal that asked to stop, None while none has
_COUNT = 0                      # how many requests came
_DEFER = 0                      # > 0: inside a stretch where stops wait (`deferred`)
_FORCE: Callable[[int], None] | None = None   # ends the process at a second request (install_stop_handlers)


def exception(signum: int) -> BaseException:
    return KeyboardInterrupt() if signum == signal.SIGINT else Stopped(signum)


def request(signum: int) -> None:
    """Note a stop request (what the handler does; a pool worker's own SIGTERM handler too, batch/pool.py)."""
    global REQUESTED, _COUNT
    _COUNT += 1
    if REQUESTED is None:
        REQUESTED = signum


def _handler(signum, frame) -> None:
    request(signum)
    if _COUNT > 1 and not _DEFER:   # asked again while stopping: now
        if _FORCE is None:
            raise exception(signum)
        remove_live_temps()
        _FORCE(signum)


def install_stop_handlers(force: Callable[[int], None] | None = None) -> None:
    """Note SIGTERM, Ctrl+C and Ctrl+Break as stop requests (`check()` acts on them).  `force(signum)` ends the
    process at a second request (after the temporary files are removed); without it that request is raised.
    From the main thread only: elsewhere (library use from a thread) the caller's own handling stays."""
    global _FORCE
    _FORCE = force
    for name in ("SIGTERM", "SIGBREAK", "SIGINT"):
        sig = getattr(signal, name, None)
        if sig is not None:
            try:
                signal.signal(sig, _handler)
            except (ValueError, OSError):   # not the main thread
                pass


def check() -> None:
    """A safe point: raise Stopped (KeyboardInterrupt for Ctrl+C) when a stop was requested, unless deferred."""
    if REQUESTED is not None and not _DEFER:
        raise exception(REQUESTED)


class deferred:
    """`with deferred():` stop requests are noted, never raised (not even a second one), until the block ends."""

    def __enter__(self):
        global _DEFER
        _DEFER += 1
        return self

    def __exit__(self, *exc):
        global _DEFER
        _DEFER -= 1
        return False


def defer_from_now() -> None:
    """Stops are noted, not raised, for the rest of the process (the work is done; the summary is printed)."""
    global _DEFER
    _DEFER += 1
