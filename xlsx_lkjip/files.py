"""File-system helpers: atomic writes, which files a run takes, and OS errors in Bahasa.  Knows nothing
of workbooks."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import Callable, BinaryIO
from .patterns import lazy_re

WORKBOOK_SUFFIXES = {".xlsx", ".xlsm"}
# Read by their own readers (by content: an ".xls" may be BIFF, an HTML table or an .xlsx renamed); their
# completed workbook is written as a new .xlsx (output_name).
CONVERTED_SUFFIXES = {".xls", ".ods"}
# Not workbooks we can complete, but staff do drop them in the folder: reported, never silently ignored.
OTHER_SUFFIXES = {".csv"}
INPUT_SUFFIXES = WORKBOOK_SUFFIXES | CONVERTED_SUFFIXES | OTHER_SUFFIXES


def output_name(name: str, names=()) -> str:
    """The completed workbook's name (relative, "/"-separated like `name`) for input `name` among the inputs
    `names`: an .xls/.ods becomes `<stem>.xlsx`, or `<stem> (dari xls).xlsx` when another input in its folder
    would get `<stem>.xlsx` too (a real `<stem>.xlsx`, or the same stem as .ods), so neither overwrites the
    other; every other input keeps its name.  The same names give the same answer whatever their order."""
    folder, _, file = name.rpartition("/")
    stem, dot, suffix = file.rpartition(".")
    if not dot or "." + suffix.lower() not in CONVERTED_SUFFIXES:
        return name
    plain = f"{stem}.xlsx"
    clash = False
    for other in names:
        if other == name:
            continue
        o_folder, _, o_file = other.rpartition("/")
        if o_folder != folder:
            continue
        o_stem, o_dot, o_suffix = o_file.rpartition(".")
        if o_dot and "." + o_suffix.lower() in {".xlsx"} | CONVERTED_SUFFIXES and \
                o_stem.casefold() == stem.casefold():
            clash = True
            break
    file = f"{stem} (dari {suffix.lower()}).xlsx" if clash else plain
    return f"{folder}/{file}" if folder else file


# The temporary files and folders this process is writing right now, so a stop that cannot wait (a second
# Ctrl+C: batch/stop.py) removes them before it ends the process.  Files under their real names are never here.
_LIVE: dict[Path, bool] = {}     # path -> is a folder (an insertion-ordered set)


def track_temp(path: Path, folder: bool = False) -> None:
    _LIVE[Path(path)] = folder


def forget_temp(path: Path) -> None:
    _LIVE.pop(Path(path), None)


def remove_live_temps() -> None:
    """Remove every temporary file and folder this process is writing (atomic_write, temp_folder): what a
    process that ends at once, inside a write, does first.  Never raises."""
    import shutil

    for path, folder in list(_LIVE.items()):
        try:
            if folder:
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink()
        except OSError:
            pass
    _LIVE.clear()


def _temp_of(path: Path) -> Path:
    """The temporary file `path` is written through, in its folder; the name is shortened so a legal 255-byte
    file name still leaves room for the temp name."""
    return path.with_name(f".{_short(path.name)}.{os.getpid()}.tmp")


def _write_temp(tmp: Path, write: Callable[[BinaryIO], None], durable: bool) -> None:
    with open(tmp, "wb") as fh:
        write(fh)
        if durable:
            fh.flush()
            os.fsync(fh.fileno())


def _unlink_quietly(tmp: Path) -> None:
    try:
        tmp.unlink()
    except OSError:
        pass


def atomic_write(path: Path, write: Callable[[BinaryIO], None], *, durable: bool = True,
                 sync_dir: bool = True) -> None:
    """Write through a temporary file in the same folder, then rename over `path`: the target is either
    the old file, absent, or the complete new file; never half-written.  `durable`: the data reaches the disk
    (fsync) before the rename, so a power cut never leaves an empty or cut file under the real name (ext4 and
    others may otherwise commit the rename before the data), and with `sync_dir` the rename too (the folder
    synced) before this returns.  A batch writing many files passes sync_dir=False and syncs each folder once
    before its commit (batch/run.py): a power cut before that leaves each file old or new, both whole.
    Measured on ext4 (SSD): 0.5 ms a file without, 5.6 ms with the file's fsync, 11 ms with the folder's too."""
    path = Path(path)
    tmp = _temp_of(path)
    track_temp(tmp)
    try:
        _write_temp(tmp, write, durable)
        os.replace(tmp, path)
    except BaseException:
        _unlink_quietly(tmp)
        raise
    finally:
        forget_temp(tmp)
    if durable and sync_dir:
        sync_folder(path.parent)


def atomic_write_set(items) -> None:
    """Write several files as one set: every one to its temporary file first (synced), and only when all are
    written are they renamed over their targets.  A failure on any (a full disk) removes every temporary file
    and leaves the old set whole.  `items`: (path, write) pairs as for atomic_write."""
    done: list[tuple[Path, Path]] = []
    try:
        for path, write in items:
            path = Path(path)
            tmp = _temp_of(path)
            done.append((tmp, path))
            track_temp(tmp)
            _write_temp(tmp, write, True)
        for tmp, path in done:
            os.replace(tmp, path)
    except BaseException:
        for tmp, _path in done:
            _unlink_quietly(tmp)
        raise
    finally:
        for tmp, _path in done:
            forget_temp(tmp)
    for folder in {path.parent for _tmp, path in done}:
        sync_folder(folder)


TEMP_PATTERN = lazy_re(r"^\..+\.(\d+)\.tmp$")   # atomic_write's temporary files: .NAME.PID.tmp


def sync_folder(folder: Path) -> None:
    """Make the renames and removals in `folder` durable (fsync of the directory).  Windows has no such call
    (NTFS journals its metadata); some file systems refuse it: then nothing more can be done."""
    if os.name == "nt":   # pragma: no cover - Windows
        return
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def remove_stale_temp(folder: Path) -> list[Path]:
    """Remove the temporary files of atomic_write in `folder` left by processes that no longer run (killed,
    or a power cut); another running process's are left alone.  After a restart a PID is often someone else's:
    a file last written before the process now holding its PID started is not that process's either.
    Returns the files removed."""
    removed = []
    try:
        names = os.listdir(folder)
    except OSError:
        return removed
    for name in names:
        m = TEMP_PATTERN.match(name)
        if not m:
            continue
        pid = int(m.group(1))
        path = Path(folder) / name
        if pid != os.getpid() and pid_alive(pid) and not _written_before_start(path, pid):
            continue
        try:
            if path.is_file():
                path.unlink()
                removed.append(path)
        except OSError:
            pass
    return removed


def _written_before_start(path: Path, pid: int) -> bool:
    """Whether `path` was last written before process `pid` started (so that process never wrote it).  Start
    times are known to a second or so: a margin keeps a live writer's file safe; unknown start: False."""
    started = pid_started(pid)
    try:
        return started is not None and path.stat().st_mtime < started - 3
    except OSError:
        return False


def pid_started(pid: int) -> float | None:
    """When process `pid` started (seconds since the epoch), where the system says it: Linux /proc, Windows
    GetProcessTimes; elsewhere None."""
    if os.name == "nt":   # pragma: no cover - Windows
        import ctypes
        from ctypes import wintypes

        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
        handle = kernel32.OpenProcess(0x1000, False, pid)   # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return None
        try:
            times = [wintypes.FILETIME() for _ in range(4)]
            if not kernel32.GetProcessTimes(handle, *[ctypes.byref(t) for t in times]):
                return None
            ticks = (times[0].dwHighDateTime << 32) | times[0].dwLowDateTime   # 100 ns since 1601
            return ticks / 1e7 - 11644473600
        finally:
            kernel32.CloseHandle(handle)
    try:
        ticks = int(_proc_stat(pid)[19])          # field 22 of /proc/PID/stat: start time, ticks after boot
        boot = next(int(line.split()[1]) for line in Path("/proc/stat").read_text().splitlines()
                    if line.startswith("btime "))
        return boot + ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, StopIteration, AttributeError):
        return None


def host_name() -> str:
    """This computer's name: socket.gethostname, taken from the _socket module it comes from, without loading
    socket.py (its enum tables cost ~3 ms of every `lkjip run`)."""
    try:
        from _socket import gethostname
    except ImportError:   # (an interpreter without _socket)
        from socket import gethostname
    return gethostname()


def pid_alive(pid: int) -> bool:
    """Whether process `pid` of this computer still runs (an unknown answer counts as running)."""
    if pid <= 0:
        return False
    if os.name == "nt":   # pragma: no cover - Windows
        import ctypes

        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
        handle = kernel32.OpenProcess(0x1000, False, pid)   # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return ctypes.get_last_error() == 5             # access denied: it exists
        try:
            code = ctypes.c_ulong()
            if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
                return True
            return code.value == 259                        # STILL_ACTIVE
        finally:
            kernel32.CloseHandle(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:       # EPERM: another user's process, alive
        return True
    try:   # Linux: a killed process nobody has reaped yet (a zombie) no longer runs
        return _proc_stat(pid)[0] not in ("Z", "X")
    except (OSError, ValueError, IndexError):
        return True


def _proc_stat(pid: int) -> list[str]:
    """Linux: the fields of /proc/PID/stat after the command name (which may hold spaces and parentheses):
    [0] the state, [19] the start time."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    return stat[stat.rindex(")") + 2:].split()


def _short(name: str, limit: int = 120) -> str:
    raw = name.encode("utf-8")
    return name if len(raw) <= limit else raw[:limit].decode("utf-8", "ignore")


def file_sha256(path: Path) -> str:
    import hashlib   # (not loaded by `check`, which hashes nothing)

    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def file_state(path: Path) -> tuple[int, int] | None:
    """(size, mtime) of a file, to notice one that is still being copied while it is read."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


# Files the operating system leaves in a folder; never an agency's.
_SYSTEM_FILES = {"thumbs.db", "desktop.ini"}


def is_hidden(path: Path) -> bool:
    if path.name.startswith(".") or path.name.startswith("~$"):
        return True
    attrs = getattr(os.stat(path), "st_file_attributes", 0)  # Windows only
    return bool(attrs & getattr(stat, "FILE_ATTRIBUTE_HIDDEN", 0))


def list_inputs(folder: Path, recursive: bool, *, others: bool = False) -> list[Path]:
    """Workbooks (and look-alikes to report) in `folder`, in a fixed order independent of the file system.
    `others`: instead, the files a run does not take (a PDF or Word file an agency sent), so they can be named."""
    pattern = "**/*" if recursive else "*"
    found = []
    for p in folder.glob(pattern):
        try:
            if not p.is_file() or is_hidden(p):
                continue
            if recursive and any(part.startswith(".") for part in p.relative_to(folder).parts[:-1]):
                continue
        except OSError:
            continue
        if (p.suffix.lower() in INPUT_SUFFIXES) != others and p.name.lower() not in _SYSTEM_FILES:
            found.append(p)
    return sorted(found, key=lambda p: (str(p.relative_to(folder)).casefold(), str(p.relative_to(folder))))


class TempFolderError(OSError):
    """An OS error in the temporary folder (TMPDIR), not in the folder being written: said as such."""


def _temp_error(exc: OSError) -> TempFolderError:
    import tempfile   # (here: `check` and `--help` start without it)

    return TempFolderError(exc.errno, exc.strerror, tempfile.gettempdir())


class _TempFile:
    """A temporary file whose OS errors say they come from the temporary folder (a full TMPDIR is not a full
    OUTPUT)."""

    def __init__(self, fh):
        self._fh = fh

    def __getattr__(self, name):
        attr = getattr(self._fh, name)
        if not callable(attr):
            return attr

        def call(*args, **kwargs):
            try:
                return attr(*args, **kwargs)
            except TempFolderError:
                raise
            except OSError as exc:
                raise _temp_error(exc) from exc
        return call

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._fh.close()
        return False


def temp_file():
    """tempfile.TemporaryFile() whose OS errors are TempFolderError."""
    import tempfile

    try:
        return _TempFile(tempfile.TemporaryFile())
    except OSError as exc:
        raise _temp_error(exc) from exc


def temp_folder(prefix: str) -> Path:
    """tempfile.mkdtemp() whose OS errors are TempFolderError."""
    import tempfile

    try:
        path = Path(tempfile.mkdtemp(prefix=prefix))
    except OSError as exc:
        raise _temp_error(exc) from exc
    track_temp(path, folder=True)   # its owner calls forget_temp once it has removed it
    return path


# What an OS error means for a staff member, in their language; the system's own text is English (or the
# Windows locale's) and says nothing about what to do.
_REASONS = {
    errno.EACCES: "akses ditolak (berkas sedang dibuka di Excel, atau folder tidak boleh ditulisi)",
    errno.EPERM: "akses ditolak (berkas sedang dibuka di Excel, atau folder tidak boleh ditulisi)",
    errno.ENOSPC: "ruang disk penuh",
    errno.ENOENT: "folder atau berkas tidak ditemukan",
    errno.ENOTDIR: "jalurnya melewati sesuatu yang bukan folder",
    errno.EISDIR: "yang dituju adalah folder, bukan berkas",
    errno.EROFS: "disk hanya dapat dibaca",
    errno.ENAMETOOLONG: "nama berkas atau jalur terlalu panjang",
    errno.EBUSY: "berkas sedang dipakai program lain",
    errno.EEXIST: "berkas dengan nama itu sudah ada",
}
if hasattr(errno, "EDQUOT"):
    _REASONS[errno.EDQUOT] = "kuota disk habis"


def os_reason(exc: BaseException, *, reading: bool = False) -> str:
    """An OS error in Bahasa Indonesia ("akses ditolak (…)"), the system's text only when unknown.
    `reading`: the error came from reading a file (its cause is never a folder that cannot be written)."""
    if isinstance(exc, TempFolderError):
        base = _REASONS.get(exc.errno) or str(exc.strerror or exc)
        return (f"{base} di folder sementara {exc.filename} (TMPDIR), bukan di folder tujuan; kosongkan folder "
                "itu atau atur TMPDIR ke folder di disk yang masih lega")
    winerror = getattr(exc, "winerror", None)
    if reading and (isinstance(exc, PermissionError) or winerror == 5) and winerror not in (32, 33):
        return "akses ditolak: pengguna ini tidak diizinkan membaca berkas itu (periksa izin berkas atau folder)"
    if isinstance(exc, PermissionError) or winerror in (5, 32, 33):
        return _REASONS[errno.EACCES]       # Windows: access denied, sharing/lock violation (open in Excel)
    reason = _REASONS.get(getattr(exc, "errno", None))
    if reason:
        return reason
    return str(getattr(exc, "strerror", None) or exc)
