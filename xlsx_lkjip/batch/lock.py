"""One writer per output folder: the folder lock `OUTPUT/.lkjip/kunci`.

Every command that writes a round folder (`lkjip run`, `lkjip watch`, and a server that runs them) holds the
lock for as long as it writes; a second writer waits a few seconds for it, then refuses with a message that
names the holder.  Readers (`lkjip rekap`, `lkjip laporan`) never take it: they ask `holder()` and say that
they read the previous complete round while another process writes.

API
    with FolderLock(output, "run"):             # or lock = FolderLock(...).acquire(); ...; lock.release()
        ...                                     # FolderBusy (a UsageError) when another process holds it
    holder(output) -> Holder | None             who writes the folder now (None: nobody)
    Holder.text()                               "lkjip watch (proses 1234 di komputer X, sejak 07-12-2026 pukul 09.50)"

How it works.  The lock is an operating-system lock on the file (flock on POSIX, msvcrt.locking on Windows),
so it ends with the process that holds it, however that process ends (a kill, a power cut, a crash): a dead
holder never blocks the folder, and there is nothing to clean up by hand.  Processes forked by the holder (the
pool's workers) share it until they end too.  The file itself stays; while held it says who holds it (JSON:
pid, host, command, since), and it is emptied on release.  It is never deleted, so two processes can never
lock two different files of the same name.  Where the file system has no locks (some network shares), the
holder's process id decides: a process of this computer that no longer runs has left the lock, and it is
taken over.  The lock is per open file, so two writers in one process (threads of a server) exclude each
other too; the thread that holds a folder may take it again (a server holding the folder calls `run()`), and
only the outermost release lets it go.
"""

from __future__ import annotations

import errno
import json
import os
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

from ..files import host_name, os_reason, pid_alive
from . import stop
from .results import OutputError
from ..records import record

LOCK_PATH = Path(".lkjip") / "kunci"
WAIT = 3.0            # seconds a second writer waits for the lock before it refuses
_POLL = 0.1
_WIN_OFFSET = 1 << 30   # Windows: the byte locked lies beyond the holder's text, which stays readable


class FolderBusy(OutputError):
    """Another process writes the folder.  `holder` says who, when it could be read."""

    def __init__(self, message: str, holder: "Holder | None" = None):
        super().__init__(message)
        self.holder = holder


@record(frozen=True)
class Holder:
    pid: int
    host: str
    command: str
    since: str      # ISO 8601, UTC

    def text(self) -> str:
        """Who holds the lock, in Bahasa: the command, its process, computer and start time."""
        if not self.pid:
            return "proses lkjip lain"
        when = ""
        try:
            t = datetime.fromisoformat(self.since).astimezone()
            when = f", sejak {t:%d-%m-%Y} pukul {t:%H.%M}"
        except (ValueError, TypeError):
            pass
        where = f" di komputer {self.host}" if self.host else ""
        return f"lkjip {self.command or '(perintah tidak diketahui)'} (proses {self.pid}{where}{when})"

    def here(self) -> bool:
        return self.host == host_name()


# Folders this process holds: key -> (thread that holds it, how many nested holds).  A thread holding a folder
# may take it again (nested); any other thread or process waits for it.
_HELD: dict[str, tuple[int, int]] = {}
_HELD_GUARD = threading.Lock()


def _key(path: Path) -> str:
    return os.path.normcase(os.path.realpath(path))


def lock_path(output) -> Path:
    return Path(output) / LOCK_PATH


def _parse(raw: bytes) -> Holder | None:
    try:
        doc = json.loads(raw.decode("utf-8"))
        return Holder(int(doc["pid"]), str(doc.get("host") or ""), str(doc.get("command") or ""),
                      str(doc.get("since") or ""))
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def _read_holder(path: Path) -> Holder | None:
    try:
        with open(path, "rb") as fh:
            return _parse(fh.read(4096))
    except OSError:
        return None


# -- the operating system's lock ----------------------------------------------------------------------------
class _NoLocks(Exception):
    """The file system offers no locks (some network shares): the holder's process id decides instead."""


if os.name == "nt":   # pragma: no cover - exercised on Windows
    import msvcrt

    def _try_lock(fd: int) -> bool:
        os.lseek(fd, _WIN_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError as exc:
            if exc.errno in (errno.EACCES, errno.EDEADLK) or getattr(exc, "winerror", None) in (33, 36):
                return False
            raise _NoLocks() from exc
        finally:
            os.lseek(fd, 0, os.SEEK_SET)

    def _unlock(fd: int) -> None:
        os.lseek(fd, _WIN_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        finally:
            os.lseek(fd, 0, os.SEEK_SET)
else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except OSError as exc:
            if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                return False
            raise _NoLocks() from exc     # ENOLCK, EOPNOTSUPP, ENOSYS: no locks on this file system

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


def _open(path: Path) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOINHERIT", 0)
    return os.open(path, flags, 0o666)


def _stale(h: Holder | None) -> bool:
    """Without OS locks: whether the recorded holder is gone (a process of this computer that has ended)."""
    return h is None or (h.here() and not pid_alive(h.pid))


class FolderLock:
    """The lock of one output folder, held by `command` ("run", "watch", "serve", …) of this process."""

    def __init__(self, output, command: str, *, wait: float = WAIT):
        self.output = Path(output)
        self.path = lock_path(output)
        self.command = command
        self.wait = wait
        self._fd: int | None = None
        self._nested = False
        self._os_lock = True
        self._me = Holder(os.getpid(), host_name(), command,
                          datetime.now(timezone.utc).isoformat(timespec="seconds"))

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> "FolderLock":
        if self._fd is not None or self._nested:
            return self
        key = _key(self.path)
        with _HELD_GUARD:
            mine = _HELD.get(key)
            if mine is not None and mine[0] == threading.get_ident():
                # this thread holds the folder already (a server holding it calls run()): nested, not a rival
                _HELD[key] = (mine[0], mine[1] + 1)
                self._nested = True
                return self
        try:
            fd = _open(self.path)
        except OSError as exc:
            raise OutputError(f"folder OUTPUT {self.output} tidak dapat ditulisi (kunci {LOCK_PATH.as_posix()} tidak "
                              f"dapat dibuat): {os_reason(exc)}") from None
        deadline = time.monotonic() + self.wait
        try:
            while True:
                if self._take(fd):
                    break
                if time.monotonic() >= deadline:
                    raise self._busy()
                time.sleep(_POLL)
                stop.check()     # Ctrl+C while waiting for the other writer: nothing was written yet
            self._write_me(fd)
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd
        with _HELD_GUARD:
            _HELD[key] = (threading.get_ident(), 1)
        return self

    def _take(self, fd: int) -> bool:
        if self._os_lock:
            try:
                return _try_lock(fd)
            except _NoLocks:
                self._os_lock = False
        return _stale(_read_holder(self.path))

    def _write_me(self, fd: int) -> None:
        data = json.dumps({"pid": self._me.pid, "host": self._me.host, "command": self._me.command,
                           "since": self._me.since}).encode("utf-8")
        os.lseek(fd, 0, os.SEEK_SET)
        os.ftruncate(fd, 0)
        os.write(fd, data)

    def _busy(self) -> FolderBusy:
        h = _read_holder(self.path)
        who = h.text() if h else "proses lkjip lain"
        hint = "" if self._os_lock else (f" Bila proses itu sudah tidak berjalan, hapus berkas {self.path}.")
        return FolderBusy(f"folder {self.output} sedang ditulis oleh {who}. Tunggu sampai selesai (atau hentikan "
                          f"proses itu), lalu jalankan lagi.{hint}", h)

    def release(self) -> None:
        key = _key(self.path)
        if self._nested:
            self._nested = False
            with _HELD_GUARD:
                owner, count = _HELD[key]
                _HELD[key] = (owner, count - 1)
            return
        fd, self._fd = self._fd, None
        if fd is None:
            return
        with _HELD_GUARD:
            _HELD.pop(key, None)
        try:
            os.ftruncate(fd, 0)   # says "nobody" to readers; the file stays (see the module's doc)
        except OSError:
            pass
        try:
            if self._os_lock:
                _unlock(fd)
        except OSError:
            pass
        finally:
            os.close(fd)

    def __enter__(self) -> "FolderLock":
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()


def holder(output) -> Holder | None:
    """Who writes the folder `output` now, or None when nobody does (a reader's question; never blocks)."""
    path = lock_path(output)
    if not path.is_file():
        return None
    try:
        fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOINHERIT", 0))
    except OSError:        # cannot open it for writing (a read-only copy of a folder): nobody writes there
        return None
    try:
        try:
            free = _try_lock(fd)
        except _NoLocks:
            h = _read_holder(path)
            return None if _stale(h) else h
        if free:
            _unlock(fd)
            return None
        return _read_holder(path) or Holder(0, "", "", "")
    finally:
        os.close(fd)


def busy_note(folder) -> str | None:
    """For a reader of the round in `folder` (lkjip rekap, lkjip laporan): what it reads while another process
    writes there, or None when nobody does.  The record is replaced in one step when a round is complete, so
    a reader always gets one whole round: the last one finished."""
    h = holder(folder)
    if h is None:
        return None
    return (f"folder {folder} sedang ditulis oleh {h.text()}; yang dibaca adalah putaran lengkap terakhir yang "
            "tercatat di sana, bukan putaran yang sedang berjalan. Jalankan lagi setelah proses itu selesai untuk "
            "membaca putaran terbaru")
