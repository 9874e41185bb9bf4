"""`lkjip watch INPUT -o OUTPUT`: a drop folder that completes workbooks as agencies deliver them, and
keeps the rekap current.  Completing is complete_workbook's; this module only decides when and what.

How a file is taken
    Every hint that a file may have changed (a watchdog event, a poll scan, the safety scan) puts its name in
    `pending` with its (size, mtime).  A pending file is taken only when it is complete: its size and mtime have
    not changed for `settle` seconds AND, for .xlsx/.xlsm, it opens as a valid package
    (``zipfile.ZipFile(...).testzip() is None``).  A stable file that is still not a valid package is waited for
    `3 x settle` more, then completed anyway so the failure is reported (``gagal``) and kept in the recap.
    A missing file must also stay missing for `settle` seconds before it counts as deleted: Excel saves by
    writing a temporary file and renaming it over the original, so the original is briefly absent.
    Lock files (``~$…``), hidden files (``.…``, Windows hidden attribute) and temporary files (``~…``, any
    suffix other than .xlsx/.xlsm/.xls/.ods/.csv) never become pending.

What is kept
    Each result is saved in OUTPUT/.lkjip/hasil/ (see watch_results.py) with the sha256 of the content computed.  Before
    and after completing, the input is hashed: a file changed while it was being processed stays pending and is
    processed again.  On start, inputs whose hash (and settings) match their saved result are not recomputed;
    results whose input is gone are removed together with their completed workbook.

The recap
    ``OUTPUT/rekap.xlsx`` is rebuilt from the saved results only, after work has stopped for `min(1 s, settle)`
    (a burst of files gives one rebuild), atomically (temporary file + rename), and with it the round's record
    ``OUTPUT/.lkjip/putaran.json`` (round_record.py), which `lkjip rekap` and `lkjip laporan` read back.

Stopping
    SIGINT (Ctrl+C) and SIGTERM (systemd, docker, kill) set a flag: the workbook being completed is finished and
    its atomic writes land (or a half-written temporary file is removed), the recap is brought up to date, a
    closing line is printed, exit 0.  A second Ctrl+C stops at once: the temporary files being written are
    removed and `force` ends the process (the CLI), never an exception raised into zipfile or lxml.  On Windows there is no SIGTERM from another process (TerminateProcess cannot be caught): Ctrl+C
    (SIGINT) and Ctrl+Break (SIGBREAK, also what ``GenerateConsoleCtrlEvent(CTRL_BREAK_EVENT)`` sends to a
    process group) stop cleanly; a process ended with TerminateProcess (Task Manager, Task Scheduler's "End")
    may leave a ``.name.PID.tmp`` file, which the next start removes.

Events or polling
    By default watchdog's native Observer (inotify, FSEvents, ReadDirectoryChangesW) reports changes at once, and
    a full scan every 30 s catches anything missed (event queue overflow, a folder that went away and came back).
    With ``poll=True`` (network shares: SMB/NFS mounts do not deliver events reliably) the folder is scanned
    every `poll_interval` seconds instead.  If the folder itself cannot be read, nothing is treated as deleted.
"""

from __future__ import annotations

import os
import signal
import stat
import threading
import time
import zipfile
import zlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Callable

from ..config import DEFAULT, Config, decimal_text
from ..files import (INPUT_SUFFIXES, WORKBOOK_SUFFIXES, file_sha256, is_hidden, os_reason, remove_live_temps,
                     remove_stale_temp, sync_folder)
from ..problems import GALAT, PERINGATAN
from . import record_seal, round_record, round_state
from . import watch_results as st
from .lock import FolderLock
from .results import DILEWATI, GAGAL, REKAP_NAME, Report, UsageError, WorkbookResult
from .run import check_folders, output_path
from .workbook import complete_workbook

SAFETY_SCAN = 30.0     # seconds between full scans when events are used
RETRY = 5.0            # seconds before retrying a write that failed (e.g. the output is open in Excel)
_UNKNOWN = object()    # stat failed for a reason other than "not there" (permissions, network hiccup)


def wanted(name: str) -> bool:
    """Whether a file name in INPUT is something to complete (or to report as not a workbook)."""
    if not name or name.startswith((".", "~")):
        return False
    return Path(name).suffix.lower() in INPUT_SUFFIXES


def _id(x: float) -> str:
    return decimal_text(f"{x:g}")


def output_for(output: Path, name: str, names=()) -> Path:
    """Where the completed workbook of input `name` goes, among the inputs `names` (as in run(): an .xls/.ods
    as `<stem>.xlsx`, kept apart from a real `<stem>.xlsx`; an input named rekap.xlsx never takes the recap's
    place)."""
    return output_path(output, name, names)


def _sig(path: Path):
    """(size, mtime_ns) of a regular file; None when it is not there; _UNKNOWN when it cannot be told."""
    try:
        s = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError:
        return _UNKNOWN
    if not stat.S_ISREG(s.st_mode):
        return None
    return (s.st_size, s.st_mtime_ns)


def package_complete(path: Path, config: Config) -> bool | None:
    """True when the file is a whole zip package whose entries all pass their CRC check; False when it is not
    (half-written, or not a zip at all); None when it cannot be read right now."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            if sum(i.file_size for i in infos) > config.max_package_size:
                return True          # complete enough: complete_workbook reports it as unsafe
            return zf.testzip() is None
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError, RuntimeError):
        return False
    except OSError:
        return None


@dataclass
class Pending:
    sig: object          # (size, mtime_ns), None (missing) or _UNKNOWN
    since: float         # when sig last changed (monotonic)
    not_before: float = 0.0
    told: bool = False   # a failure already printed for this streak
    invalid: bool = False  # stable but not (yet) a valid package: not checked again until it changes


class Watcher:
    """Watch one folder (not its subfolders, like `lkjip run` without --recursive).  `run()` blocks until
    `stop()` or a signal; it returns the exit code (0)."""

    def __init__(self, input_dir, output, config: Config = DEFAULT, *, poll: bool = False, settle: float = 2.0,
                 poll_interval: float | None = None, config_source: Path | None = None,
                 echo: Callable[[str], None] = print, clock: Callable[[], float] = time.monotonic,
                 force: Callable[[str], None] | None = None):
        self.input = Path(input_dir)
        self.output = Path(output)
        self.config = config
        self.config_source = config_source
        self.poll = poll
        self.settle = max(0.0, float(settle))
        self.grace = 3 * self.settle                      # extra wait for a stable file that is not a package
        self.rekap_delay = min(1.0, self.settle)
        self.poll_interval = poll_interval or min(max(self.settle / 2, 0.2), 1.0)
        self.tick = max(0.02, min(0.1, self.settle / 4))
        self.fingerprint = st.settings_fingerprint(config)
        self.echo = echo
        self.clock = clock
        # ends the process at a second stop request, given the closing line (the CLI); None: it is raised
        self.force = force
        self.entries: dict[str, st.Entry] = {}
        self.pending: dict[str, Pending] = {}
        self.rekap_dirty = False
        self.last_work = 0.0
        self.rekap_retry_at = 0.0
        self.folder_ok = True
        self._hints: set[str] = set()
        self._scan_requested = False
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._signals = 0
        self._observer = None
        self._duplicates_said: list[str] = []
        self._marked = False      # round_state's mark is ours to remove once the rekap and record are written

    # -- console ----------------------------------------------------------------------------------------
    def say(self, text: str) -> None:
        self.echo(f"[{datetime.now():%H:%M:%S}] {text}")

    # -- control ----------------------------------------------------------------------------------------
    def stop(self) -> None:
        """Ask the loop to stop after the current workbook (thread-safe)."""
        self._stop.set()
        self._wake.set()

    def _on_signal(self, signum, frame) -> None:
        self._signals += 1
        if self._signals > 1:            # a second Ctrl+C: stop now
            if self.force is None:
                raise KeyboardInterrupt  # (library use) atomic_write removes its temp file on the way out
            # never raised into whatever library code runs now: its temp files go, then the process ends
            remove_live_temps()
            self.force(self._closing(forced=True))
        self.stop()

    def _closing(self, forced: bool) -> str:
        return (f"[{datetime.now():%H:%M:%S}] berhenti: pemantauan dihentikan{' paksa' if forced else ''}; "
                f"{len(self.entries)} workbook tercatat di rekap")

    def _install_signals(self) -> dict:
        previous = {}
        if threading.current_thread() is not threading.main_thread():
            return previous              # library use from a thread: the caller stops us with stop()
        # SIGTERM: systemd/docker/kill on POSIX.  SIGBREAK: Ctrl+Break / CTRL_BREAK_EVENT on Windows.
        for name in ("SIGINT", "SIGTERM", "SIGBREAK"):
            signum = getattr(signal, name, None)
            if signum is None:
                continue
            try:
                previous[signum] = signal.signal(signum, self._on_signal)
            except (ValueError, OSError):
                pass
        return previous

    def hint(self, path: str) -> None:
        """Called from the observer thread: a file in INPUT may have changed."""
        name = os.path.basename(os.fsdecode(path))
        if wanted(name):
            with self._lock:
                self._hints.add(name)
            self._wake.set()

    def request_scan(self) -> None:
        with self._lock:
            self._scan_requested = True
        self._wake.set()

    # -- the loop ---------------------------------------------------------------------------------------
    def run(self) -> int:
        try:
            self.output.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UsageError(f"folder OUTPUT tidak dapat dibuat: {os_reason(exc)}") from None
        lock = FolderLock(self.output, "watch").acquire()   # one writer per output folder (batch/lock.py)
        previous = self._install_signals()
        forced = False
        try:
            self._clean_temp()
            if not self.poll:
                self._start_observer()
            self._startup()
            next_scan = self.clock() + (self.poll_interval if self._observer is None else SAFETY_SCAN)
            while not self._stop.is_set():
                with self._lock:
                    hints, self._hints = self._hints, set()
                    scan, self._scan_requested = self._scan_requested, False
                for name in sorted(hints):
                    self._hinted(name)
                now = self.clock()
                if scan or now >= next_scan:
                    self._scan()
                    next_scan = now + (self.poll_interval if self._observer is None else SAFETY_SCAN)
                self._process_ready()
                self._maybe_rekap()
                if self._stop.is_set():
                    break
                busy = self.pending or self.rekap_dirty
                self._wake.wait(self.tick if busy else max(0.0, min(1.0, next_scan - self.clock())))
                self._wake.clear()
        except KeyboardInterrupt:
            forced = True
        finally:
            try:
                self._stop_observer()
                if self.rekap_dirty and not forced:
                    self._write_rekap(final=True)
            except KeyboardInterrupt:
                forced = True
            for signum, handler in previous.items():
                try:
                    signal.signal(signum, handler)
                except (ValueError, OSError, TypeError):
                    pass
            lock.release()
        self.echo(self._closing(forced))
        return 0

    # -- observer ---------------------------------------------------------------------------------------
    def _start_observer(self) -> None:
        try:
            from watchdog.events import FileSystemEventHandler
            from watchdog.observers import Observer
        except ImportError:   # pragma: no cover - watchdog is a dependency
            self.say("peringatan: paket watchdog tidak terpasang; beralih ke pemeriksaan berkala (--poll)")
            return
        watcher = self

        class Handler(FileSystemEventHandler):
            def on_any_event(self, event):
                # Opening/reading a file (our own hashing included) must never count as a change.
                if event.event_type not in ("created", "modified", "moved", "deleted", "closed"):
                    return
                if event.is_directory:
                    if event.event_type in ("deleted", "moved"):
                        watcher.request_scan()   # INPUT itself went away or was renamed
                    return
                watcher.hint(event.src_path)
                if getattr(event, "dest_path", ""):
                    watcher.hint(event.dest_path)

        try:
            observer = Observer()
            observer.schedule(Handler(), str(self.input), recursive=False)
            observer.start()
        except Exception as exc:   # e.g. the inotify watch limit: polling still works
            self.say(f"peringatan: peristiwa berkas tidak tersedia ({exc}); beralih ke pemeriksaan berkala")
            self._observer = None
            return
        self._observer = observer

    def _stop_observer(self) -> None:
        if self._observer is not None:
            try:
                self._observer.stop()
                self._observer.join(timeout=5)
            except Exception:
                pass
            self._observer = None

    # -- finding work -----------------------------------------------------------------------------------
    def _list(self) -> dict[str, tuple[int, int]] | None:
        """name -> (size, mtime_ns) of every candidate in INPUT; None when INPUT cannot be read."""
        try:
            names = os.listdir(self.input)
        except OSError:
            return None
        found = {}
        for name in names:
            if not wanted(name):
                continue
            path = self.input / name
            sig = _sig(path)
            if sig is None or sig is _UNKNOWN:
                continue
            try:
                if is_hidden(path):
                    continue
            except OSError:
                continue
            found[name] = sig
        return found

    def _names(self) -> set[str]:
        """The inputs now in INPUT (for the output names), or those known when it cannot be read."""
        found = self._list()
        return set(found) if found is not None else set(self.entries)

    def _claimed(self, name: str) -> set[Path]:
        """The completed workbooks of inputs other than `name`: never deleted for `name`."""
        return {self.output / e.output for n, e in self.entries.items() if n != name and e.output}

    def _mark(self, name: str) -> None:
        now = self.clock()
        sig = _sig(self.input / name)
        p = self.pending.get(name)
        if p is None:
            self.pending[name] = Pending(sig, now)
        else:
            p.sig, p.since, p.invalid = sig, now, False

    def _hinted(self, name: str) -> None:
        if name not in self.pending:
            entry = self.entries.get(name)
            sig = _sig(self.input / name)
            if entry is not None and sig == (entry.size, entry.mtime_ns) and self._current(entry):
                return       # an attribute change (atime) or a repeated event: nothing new
            if sig is not None and sig is not _UNKNOWN:
                try:
                    if is_hidden(self.input / name):
                        return
                except OSError:
                    pass
        self._mark(name)

    def _scan(self) -> None:
        found = self._list()
        if found is None:
            if self.folder_ok:
                self.say(f"peringatan: folder INPUT {self.input} tidak dapat dibaca; menunggu (tidak ada yang dihapus)")
                self.folder_ok = False
            return
        if not self.folder_ok:
            self.folder_ok = True
            self.say(f"folder INPUT {self.input} dapat dibaca lagi")
            if not self.poll:
                self._stop_observer()
                self._start_observer()
        for name, sig in found.items():
            if name in self.pending:
                continue
            entry = self.entries.get(name)
            if entry is None or (entry.size, entry.mtime_ns) != sig or not self._current(entry):
                self._mark(name)
        for name in self.entries:
            if name not in found and name not in self.pending:
                self._mark(name)

    def _current(self, entry: st.Entry, verify: bool = False) -> bool:
        """The saved result still stands for its content: same settings, completed workbook still there (and,
        with `verify`, byte for byte the one written: cut to 0 bytes or restored from elsewhere is redone)."""
        if entry.settings != self.fingerprint:
            return False
        if entry.output is None:
            return True
        path = self.output / entry.output
        if not path.is_file():
            return False
        if verify and entry.result.output_sha256:
            try:
                return st.file_sha256(path) == entry.result.output_sha256
            except OSError:
                return False
        return True

    # -- start ------------------------------------------------------------------------------------------
    def _clean_temp(self) -> None:
        """Remove temporary files of atomic_write left by a process that no longer runs (killed, power cut)."""
        for folder in (self.output, st.state_dir(self.output), round_record.record_path(self.output).parent):
            remove_stale_temp(folder)

    def _startup(self) -> None:
        entries, bad = st.load_all(self.output)
        for path, why in bad:
            self.say(f"peringatan: {why}; workbook terkait dihitung ulang")
            try:
                path.unlink()
            except OSError:
                pass
        self.entries = entries
        found = self._list()
        if found is None:
            raise UsageError(f"folder INPUT tidak dapat dibaca: {self.input}")
        mode = "pemeriksaan berkala" if self._observer is None else "peristiwa berkas"
        self.say(f"memantau {self.input} -> {self.output} ({mode}; berkas diambil setelah "
                 f"{_id(self.settle)} detik tidak berubah). Hentikan dengan Ctrl+C.")
        earlier = round_state.unfinished(self.output)
        if earlier is not None:
            self.say(f"peringatan: {round_state.unfinished_text(earlier)}; rekap dan catatan putaran disusun ulang")
        unchanged = 0
        damaged = []
        for name in sorted(set(found) | set(entries)):
            entry = entries.get(name)
            if name in found and entry is not None and self._current(entry) and not self._current(entry, verify=True):
                damaged.append(entry.output)     # cut, emptied or replaced since it was written: redone
            elif name in found and entry is not None and self._current(entry):
                try:
                    same = st.file_sha256(self.input / name) == entry.sha256
                except OSError:
                    same = False
                if same:
                    unchanged += 1
                    if (entry.size, entry.mtime_ns) != found[name]:   # touched or copied again: same content
                        entry.size, entry.mtime_ns = found[name]
                        self._save(entry)
                    continue
            self._mark(name)
        if damaged:
            self.say(f"peringatan: {len(damaged)} workbook lengkap di {self.output} tidak sama dengan yang ditulis "
                     f"(rusak, terpotong atau diubah): {', '.join(damaged[:5])}"
                     + (f" dan {len(damaged) - 5} lagi" if len(damaged) > 5 else "") + "; dilengkapi ulang")
        if unchanged:
            self.say(f"{unchanged} workbook tidak berubah; tidak dihitung ulang")
        if self.pending:
            self.say(f"{len(self.pending)} berkas baru, berubah atau hilang akan diperiksa")
        self._changed()            # the recap always matches the saved results, even after a crash
        if self.pending:           # ... but first let the files found at start settle and be completed
            self.last_work = self.clock() + self.settle

    # -- processing -------------------------------------------------------------------------------------
    def _process_ready(self) -> None:
        for name in sorted(self.pending, key=lambda n: (n.casefold(), n)):
            if self._stop.is_set():
                return
            p = self.pending.get(name)
            if p is None:
                continue
            now = self.clock()
            sig = _sig(self.input / name)
            if sig is _UNKNOWN:
                continue
            if sig != p.sig:
                p.sig, p.since, p.invalid = sig, now, False
                continue
            if now - p.since < self.settle or now < p.not_before:
                continue
            if sig is None:
                self._gone(name, p)
            else:
                self._take(name, p)

    def _gone(self, name: str, p: Pending) -> None:
        if not self.input.is_dir():      # a share that went away: never delete results for it
            p.not_before = self.clock() + RETRY
            return
        entry = self.entries.get(name)
        targets = {output_for(self.output, name, self._names())}
        if entry is not None and entry.output:
            targets.add(self.output / entry.output)
        claimed = self._claimed(name)
        removed = False
        try:
            for target in sorted(targets):
                if target not in claimed and target.is_file():
                    target.unlink()
                    removed = True
            st.remove(self.output, name)
        except OSError as exc:
            if not p.told:
                self.say(f"peringatan: {name}: keluaran tidak dapat dihapus ({os_reason(exc)}); dicoba lagi")
                p.told = True
            p.not_before = self.clock() + RETRY
            return
        del self.pending[name]
        if entry is not None or removed:
            self.entries.pop(name, None)
            self.say(f"dihapus: {name}")
            self._changed()

    def _take(self, name: str, p: Pending) -> None:
        path = self.input / name
        now = self.clock()
        if Path(name).suffix.lower() in WORKBOOK_SUFFIXES | {".ods"}:
            if p.invalid and now - p.since < self.settle + self.grace:
                return                               # checked already; unchanged since
            complete = package_complete(path, self.config)
            if complete is None:                     # cannot be read right now (locked, share hiccup)
                p.not_before = now + max(self.settle, 0.5)
                return
            if not complete and now - p.since < self.settle + self.grace:
                p.invalid = True                     # probably still being written: wait a little longer
                return
        try:
            before = st.file_sha256(path)
        except OSError:
            p.since = now
            return
        entry = self.entries.get(name)
        dst = output_for(self.output, name, self._names() | {name})
        if entry is not None and entry.sha256 == before and self._current(entry, verify=True) and (
                entry.output is None or self.output / entry.output == dst):   # an .xls renamed apart: redo
            if isinstance(p.sig, tuple) and (entry.size, entry.mtime_ns) != p.sig:
                entry.size, entry.mtime_ns = p.sig  # saved again without changes: nothing to compute
                self._save(entry)
            del self.pending[name]
            return
        if not p.told:
            self.say(f"diterima: {name}")
        result = complete_workbook(path, dst, self.config, name=name)
        sig = _sig(path)
        try:
            after = st.file_sha256(path)
        except OSError:
            after = None
        if after != before or not isinstance(sig, tuple):
            self.say(f"berubah saat diproses: {name}; diproses lagi setelah selesai ditulis")
            p.sig, p.since, p.told, p.invalid = sig, self.clock(), False, False
            self.last_work = self.clock()
            return
        if any(pr.code == "write-failed" for pr in result.problems):
            if not p.told:               # e.g. the completed workbook is open in Excel (Windows)
                self._report(result)
                self.say(f"peringatan: {name}: dicoba lagi setiap {_id(RETRY)} detik")
                p.told = True
            p.not_before = self.clock() + RETRY
            return
        if result.output is None and dst.is_file() and dst not in self._claimed(name):
            try:
                dst.unlink()                 # the old completed workbook no longer matches its input
            except OSError:
                pass
        if entry is not None and entry.output and self.output / entry.output != result.output and \
                self.output / entry.output not in self._claimed(name):
            try:
                (self.output / entry.output).unlink()   # its completed workbook had another name before
            except OSError:
                pass
        for other in sorted(n for n, e in self.entries.items() if n != name and e.output and
                            self.output / e.output == dst):
            self._mark(other)                # an .xls completed as <stem>.xlsx before the real <stem>.xlsx came
        out_rel = Path(result.output).relative_to(self.output).as_posix() if result.output else None
        entry = st.Entry(name=name, sha256=before, size=sig[0], mtime_ns=sig[1], settings=self.fingerprint,
                         output=out_rel, result=result)
        if not self._save(entry):
            p.not_before = self.clock() + RETRY
            p.told = True
            return
        self.entries[name] = entry
        del self.pending[name]
        self._report(result)
        self._changed()

    def _save(self, entry: st.Entry) -> bool:
        try:
            st.save(self.output, entry)
            return True
        except Exception as exc:   # disk full, permissions, ...: the workbook stays pending and is retried
            self.say(f"gagal: {entry.name}: hasil tidak dapat disimpan di {st.state_dir(self.output)} "
                     f"({os_reason(exc)}); dicoba lagi")
            return False

    def _changed(self) -> None:
        if not self._marked:   # the folder's round is unfinished until its rekap and record are rewritten
            try:
                round_state.begin(self.output, "watch")
                self._marked = True
            except OSError:
                pass           # said when the rekap cannot be written either
        self.rekap_dirty = True
        self.last_work = self.clock()

    def _report(self, result: WorkbookResult) -> None:
        issues = [p for p in result.problems if p.level in (GALAT, PERINGATAN)]
        if result.status == DILEWATI:   # a rekap of lkjip dropped into the folder: not an agency
            self.say(f"dilewati: {result.name}: rekap yang ditulis lkjip, bukan workbook OPD; tidak dihitung")
            return
        if result.status == GAGAL:
            first = next((p for p in result.problems if p.level == GALAT), None)
            self.say(f"gagal: {result.name}: {first.message if first else 'tidak dapat dilengkapi'}")
            return
        extra = [f"{result.data_rows} baris"]
        for side in ("K", "Rp"):
            avg = result.average.get(side)
            if avg is not None:
                extra.append(f"{result.average_text(side)} {decimal_text(avg)} % "
                             f"({result.predikat.get(side, '')})")
        if issues:
            extra.append(f"{len(issues)} peringatan")
        self.say(f"selesai: {result.name} ({'; '.join(extra)})")
        if issues:
            more = f" (dan {len(issues) - 1} lainnya)" if len(issues) > 1 else ""
            where = "/".join(x for x in (issues[0].sheet, issues[0].cell) if x)
            self.say(f"peringatan: {result.name}: {where + ': ' if where else ''}{issues[0].message}{more}; "
                     f"rincian di sheet Masalah pada rekap")

    # -- the recap --------------------------------------------------------------------------------------
    def _maybe_rekap(self) -> None:
        if not self.rekap_dirty:
            return
        now = self.clock()
        if now - self.last_work < self.rekap_delay or now < self.rekap_retry_at:
            return
        self._write_rekap()

    def _write_rekap(self, final: bool = False) -> None:
        from ..report.duplicates import decide
        from ..report.rekap import write_rekap

        names = sorted((n for n, e in self.entries.items() if e.result.status != DILEWATI),   # not a rekap of ours
                       key=lambda n: (n.casefold(), n))
        results = []
        for n in names:
            result = self.entries[n].result
            if result.mtime_ns is None:   # a result saved by an older lkjip: the input's time as recorded
                result.mtime_ns = self.entries[n].mtime_ns
            results.append(result)
        report = Report(self.input, self.output, results=results, config=self.config,
                        config_source=self.config_source)
        report.duplicates = decide(results)
        if self.config.roster is not None:   # who was expected, who has sent (the rekap's Status OPD, the record)
            from ..report.status import round_status

            report.status = round_status(results, report.duplicates, self.config.roster)
        said = [p.message for p in report.duplicates.problems]
        if said != self._duplicates_said:   # said once, and again only when it changes
            for message in said:
                self.say(f"peringatan: {message}")
            self._duplicates_said = said
        report.round_id = record_seal.round_id(self.fingerprint, [(n, self.entries[n].sha256) for n in names])
        putaran = {"id": report.round_id, "rekap": None, "outputs": {}}
        failed = False
        try:
            for n in names:   # what the round wrote, as the record lists it (an older lkjip's result: hashed now)
                e = self.entries[n]
                if e.output:
                    putaran["outputs"][e.output] = e.result.output_sha256 or file_sha256(self.output / e.output)
            sync_folder(self.output)   # the completed workbooks' names on disk before the record lists them
            write_rekap(report, self.output / REKAP_NAME, self.config)
            putaran["rekap"] = file_sha256(self.output / REKAP_NAME)
        except Exception as exc:   # open in Excel on Windows, disk full, ...: the results are kept; retry
            self.say(f"gagal: {REKAP_NAME}: rekap tidak dapat ditulis ({os_reason(exc)})"
                     + ("" if final else f"; dicoba lagi dalam {_id(RETRY)} detik"))
            failed = True
        if not failed:   # the record only with its rekap: a reader never gets figures the rekap does not show
            try:   # the round as the rekap shows it, for `lkjip rekap` and `lkjip laporan`
                round_record.write_record(self.output, results, self.config, source=self.config_source,
                                          command="watch", dup=report.duplicates, putaran=putaran,
                                          status=report.status)
            except Exception as exc:
                self.say(f"gagal: catatan putaran {round_record.record_path(self.output)} tidak dapat ditulis "
                         f"({os_reason(exc)})" + ("" if final else f"; dicoba lagi dalam {_id(RETRY)} detik"))
                failed = True
        if failed:
            self.rekap_retry_at = self.clock() + RETRY
            return
        if self._marked:
            round_state.finish(self.output)
            self._marked = False
        self.rekap_dirty = False
        n_failed = sum(1 for r in report.results if r.status == GAGAL)
        self.say(f"rekap diperbarui ({len(names) - n_failed} workbook lengkap"
                 + (f", {n_failed} berkas gagal" if n_failed else "") + ")")


def watch(input_path, output, config: Config = DEFAULT, *, poll: bool = False, settle: float = 2.0,
          config_source: Path | None = None, echo: Callable[[str], None] = print,
          force: Callable[[str], None] | None = None) -> int:
    """Watch `input_path` until stopped; the usage checks of `run` apply (UsageError).  Returns the exit code.
    `force(closing line)` ends the process at a second Ctrl+C (SIGTERM), once the temp files are removed."""
    input_path, output = Path(input_path), Path(output)
    check_folders(input_path, output)
    if not input_path.is_dir():
        raise UsageError(f"INPUT harus berupa folder: {input_path}")
    return Watcher(input_path, output, config, poll=poll, settle=settle, config_source=config_source,
                   echo=echo, force=force).run()
