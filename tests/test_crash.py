"""Issue 22: the crash test.  A child `lkjip run --workers 2` on a 100-workbook folder is killed with SIGKILL (of
its whole process group, or of the main process alone) at 32 points spread over the run: at times spread evenly
from start to end, and at the moment each write begins or lands (the mark of an unfinished round, the first and
the 50th completed workbook, the rekap, the record, the mark's removal), seen through inotify.  The folder holds
the previous round; the run writes the next (other figures).  After each kill:

- no process of the run is left (the pool's workers end when the main process dies), and its stdout is closed;
- every file under its real name is the previous or the next round's version, byte for byte;
- the record is one round's (its checksum holds) and `lkjip rekap` / `lkjip laporan` read that round, saying
  so when the folder holds an unfinished one; the record is the next round's only once every output is;
- a rerun repairs: the folder is then byte for byte the next round's, without temp files or the mark.

Linux only (SIGKILL of a process group, /proc for the processes left)."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import PYTHON, invoke, subprocess_env
from tests.processes import MARK, live_in_group, round_inputs, temps, tree
from xlsx_lkjip.batch import laporan as laporan_module
from xlsx_lkjip.batch import round_record as rr
from xlsx_lkjip.batch.round_state import reader_notes

pytestmark = [pytest.mark.skipif(not sys.platform.startswith("linux"), reason="SIGKILL of a process group, /proc"),
              pytest.mark.slow]

N = 100
WORKBOOK_TEMP = re.compile(r"^\.Renja \d+\.xlsx\.\d+\.tmp$")


def make_inputs(folder: Path, version: int) -> None:
    round_inputs(folder, version, N)


class Child:
    def __init__(self, inp: Path, out: Path, cwd: Path):
        self.proc = subprocess.Popen([PYTHON, "-m", "xlsx_lkjip", "run", str(inp), "-o", str(out), "--workers", "2"],
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=subprocess_env(),
                                     cwd=cwd, start_new_session=True)
        self.output = b""
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        self.killed = threading.Event()

    def _read(self):
        self.output = self.proc.stdout.read()    # returns at EOF: when no process holds the pipe any more

    def kill(self, whole_group: bool) -> None:
        if self.killed.is_set():
            return
        self.killed.set()
        try:
            if whole_group:
                os.killpg(self.proc.pid, signal.SIGKILL)
            else:
                os.kill(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def run_to_end(inp: Path, out: Path, cwd: Path) -> tuple[int, str]:
    done = subprocess.run([PYTHON, "-m", "xlsx_lkjip", "run", str(inp), "-o", str(out), "--workers", "2"],
                          capture_output=True, env=subprocess_env(), cwd=cwd, timeout=300)
    return done.returncode, (done.stdout + done.stderr).decode("utf-8", "replace")


# The writes a kill lands in (or right after): (name, test on an inotify event (kind, file name))
EVENTS = [
    ("mark being written", lambda kind, name: kind == "created" and name.startswith(".putaran-berjalan.json.")),
    ("mark in place", lambda kind, name: kind in ("created", "moved") and name == "putaran-berjalan.json"),
    ("first workbook being written", lambda kind, name: kind == "created" and WORKBOOK_TEMP.match(name)),
    ("50th workbook being written", "50"),
    ("rekap being written", lambda kind, name: kind == "created" and name.startswith(".rekap.xlsx.")),
    ("rekap in place", lambda kind, name: kind == "moved" and name == "rekap.xlsx"),
    ("record being written", lambda kind, name: kind == "created" and name.startswith(".putaran.json.")),
    ("record in place", lambda kind, name: kind == "moved" and name == "putaran.json"),
    ("mark removed", lambda kind, name: kind == "deleted" and name == "putaran-berjalan.json"),
]


def watch_and_kill(out: Path, child: Child, test, whole_group: bool):
    from watchdog.events import FileSystemEventHandler
    from watchdog.observers import Observer

    count = [0]

    class Handler(FileSystemEventHandler):
        def on_any_event(self, event):
            if event.is_directory or child.killed.is_set():
                return
            name = os.path.basename(getattr(event, "dest_path", "") or event.src_path)
            if test == "50":
                if event.event_type == "created" and WORKBOOK_TEMP.match(name):
                    count[0] += 1
                    if count[0] == 50:
                        child.kill(whole_group)
            elif test(event.event_type, name):
                child.kill(whole_group)

    observer = Observer()
    observer.schedule(Handler(), str(out), recursive=True)
    observer.start()
    return observer


@pytest.fixture(scope="module")
def rounds(tmp_path_factory):
    # In memory where the system offers it: the kills are what is tested here, not the disk, and 60 runs of
    # 100 workbooks each syncing every file would take minutes (the power-cut guarantees: test_durable.py)
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK):
        import tempfile

        base = Path(tempfile.mkdtemp(prefix="lkjip-crash-", dir=shm))
        yield from _rounds(base)
        shutil.rmtree(base, ignore_errors=True)
    else:
        yield from _rounds(tmp_path_factory.mktemp("crash"))


def _rounds(base: Path):
    versions = {v: base / f"v{v}" for v in (1, 2)}
    for v, folder in versions.items():
        make_inputs(folder, v)
    inp = base / "input"
    refs, seconds = {}, []
    for v in (1, 2):
        if inp.exists():
            shutil.rmtree(inp)
        shutil.copytree(versions[v], inp)
        refs[v] = base / f"ref{v}"
        started = time.monotonic()
        code, text = run_to_end(inp, refs[v], base)
        seconds.append(time.monotonic() - started)
        assert code == 0, text
    # the shorter run: a kill timed from it lands before any later run ends (the first run also compiles the
    # bytecode; with the speedups a run is over before the last kills of the slower one would fire)
    yield base, versions, inp, refs, min(seconds)


def test_a_run_killed_anywhere_leaves_one_round_or_the_other_and_a_rerun_repairs(rounds):
    base, versions, inp, refs, seconds = rounds
    trees = {v: tree(refs[v]) for v in (1, 2)}
    assert trees[1] != trees[2] and not (refs[1] / MARK).exists()
    ids = {v: rr.read(refs[v]).round_id for v in (1, 2)}
    assert ids[1] != ids[2]
    out = base / "out"
    shutil.copytree(refs[1], out)
    points = [("time", f) for f in [(k + 0.5) / 14 for k in range(14)]] + [("event", e) for e in EVENTS]
    plan = [(kind, what, whole) for (kind, what) in points for whole in ((True, False) if kind == "event" else
                                                                         ((True,) if int(what * 14) % 2 else (False,)))]
    assert len(plan) >= 30
    prev = 1
    hits, unfinished_seen, laporan_said = 0, 0, False
    for kind, what, whole in plan:
        nxt = 3 - prev
        shutil.rmtree(inp)
        shutil.copytree(versions[nxt], inp)
        child = Child(inp, out, base)
        observer = None
        if kind == "time":
            timer = threading.Timer(what * seconds, child.kill, args=(whole,))
            timer.start()
        else:
            observer = watch_and_kill(out, child, what[1], whole)
        code = child.proc.wait(timeout=120)
        if kind == "time":
            timer.cancel()
        else:
            observer.stop()
            observer.join()
        label = f"{kind} {what if kind == 'time' else what[0]} ({'group' if whole else 'main only'})"
        hits += code == -signal.SIGKILL

        # no process left, stdout closed
        deadline = time.monotonic() + 15
        while live_in_group(child.proc.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not live_in_group(child.proc.pid), f"{label}: processes left {live_in_group(child.proc.pid)}"
        child.reader.join(timeout=15)
        assert not child.reader.is_alive(), f"{label}: stdout still held open"
        assert b"Traceback" not in child.output, child.output.decode()

        # every file the old or the new version; the record one round's, the new one only once all is new
        now = tree(out)
        for rel, digest in now.items():
            if rel == MARK:
                continue
            assert digest in (trees[prev].get(rel), trees[nxt].get(rel)), f"{label}: {rel} is neither round's"
        record = rr.read(out)                    # whole: its checksum and figures hold
        assert record.round_id in (ids[prev], ids[nxt]), label
        marked = (out / MARK).exists()
        if record.round_id == ids[nxt]:
            assert {k: v for k, v in now.items() if k != MARK} == trees[nxt], f"{label}: new record, old files"
        elif {k: v for k, v in now.items() if k != MARK} != trees[prev]:
            assert marked, f"{label}: files of the new round beside the old record, and no mark says so"
        unfinished_seen += marked

        # the readers: one round, and they say when the folder holds an unfinished one
        res = invoke(["rekap", out, "-o", base / "tahunan.xlsx", "--force"])
        assert res.exit_code == 0, res.output
        assert ("tidak selesai" in res.output) == marked, (label, res.output)
        read = laporan_module._record(out, "folder OUTPUT")            # what lkjip laporan reads
        assert read.round_id == record.round_id
        assert any("tidak selesai" in n for n in reader_notes(out, read)) == marked
        laporan_said |= marked and any("Jalankan lkjip run lagi" in n for n in reader_notes(out, read))

        # a rerun repairs, byte for byte
        code, text = run_to_end(inp, out, base)
        assert code == 0, f"{label}: {text}"
        assert tree(out) == trees[nxt], label
        assert not temps(out) and not (out / MARK).exists(), (label, temps(out))
        prev = nxt
    assert hits >= len(plan) - 6, f"only {hits} of {len(plan)} kills landed before the run ended"
    assert unfinished_seen >= 5 and laporan_said
