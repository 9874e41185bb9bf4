"""Issue 22, finding 6 under `lkjip watch`: on restart it said "20 workbook tidak berubah" about completed
workbooks cut to 0 bytes.  Now it checks each completed workbook against the sha256 saved with its result and
completes again the ones that differ; a watch stopped before its rekap caught up leaves the round marked
unfinished, and the next start says so and finishes it; temp files of processes that are gone are removed at
once (not only when over 60 s old), another running process's are left alone."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import two_agencies
from xlsx_lkjip import api
from xlsx_lkjip.batch import round_state
from xlsx_lkjip.batch.watch import Watcher


def watch_until_quiet(inp: Path, out: Path, lines: list[str], until=None) -> None:
    """Run a Watcher in a thread until its rekap is written and `until()` holds, then stop it cleanly."""
    w = Watcher(inp, out, settle=0.0, poll=True, echo=lines.append)
    t = threading.Thread(target=w.run)
    t.start()
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if not w.rekap_dirty and not w.pending and (out / "rekap.xlsx").is_file() and (until is None or until()):
                break
            time.sleep(0.05)
        else:
            raise AssertionError("\n".join(lines))
    finally:
        w.stop()
        t.join(timeout=30)


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def two(tmp_path: Path) -> tuple[Path, Path]:
    return two_agencies(tmp_path / "masuk"), tmp_path / "keluar"


def test_watch_redoes_completed_workbooks_that_were_cut_or_changed(tmp_path):
    inp, out = two(tmp_path)
    lines: list[str] = []
    watch_until_quiet(inp, out, lines)
    good = {n: sha(out / n) for n in ("Renja BKPSDM.xlsx", "Renja Pariwisata.xlsx")}
    (out / "Renja BKPSDM.xlsx").write_bytes(b"")                 # cut to 0 bytes (a power cut, a bad copy)
    with open(out / "Renja Pariwisata.xlsx", "r+b") as fh:       # one byte changed, same size
        fh.seek(100)
        byte = fh.read(1)
        fh.seek(100)
        fh.write(bytes([byte[0] ^ 0xFF]))
    lines.clear()
    watch_until_quiet(inp, out, lines, until=lambda: all(sha(out / n) == d for n, d in good.items()))
    text = "\n".join(lines)
    assert "2 workbook lengkap di" in text and "tidak sama dengan yang ditulis" in text and "dilengkapi ulang" in text
    assert "tidak berubah; tidak dihitung ulang" not in text, text
    assert api.read_round(out).outputs == good


def test_watch_stopped_before_its_rekap_leaves_the_round_marked_and_the_next_start_finishes_it(tmp_path):
    inp, out = two(tmp_path)
    lines: list[str] = []
    watch_until_quiet(inp, out, lines)
    # as a watch killed between a completed workbook and its rekap leaves the folder
    round_state.begin(out, "watch")
    assert round_state.reader_notes(out, api.read_round(out))      # readers say the round is unfinished
    lines.clear()
    watch_until_quiet(inp, out, lines, until=lambda: not round_state.mark_path(out).exists())
    assert any("tidak selesai" in line and "disusun ulang" in line for line in lines), lines
    assert not round_state.mark_path(out).exists()
    assert round_state.reader_notes(out, api.read_round(out)) == []


def test_temp_files_of_processes_that_are_gone_are_removed_at_once(tmp_path):
    inp, out = two(tmp_path)
    out.mkdir()
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        dead_tmp = out / f".Renja BKPSDM.xlsx.{gone.pid}.tmp"
        live_tmp = out / f".rekap.xlsx.{live.pid}.tmp"
        for p in (dead_tmp, live_tmp):
            p.write_bytes(b"setengah")
            os.utime(p, (time.time(), time.time()))                # fresh: the old 60 s rule kept these
        assert api.run(inp, out, workers=1).record is not None
        assert not dead_tmp.exists()
        assert live_tmp.exists()                                     # another process may still be writing it
        dead_tmp.write_bytes(b"setengah")
        lines: list[str] = []
        watch_until_quiet(inp, out, lines)
        assert not dead_tmp.exists() and live_tmp.exists()
    finally:
        live.kill()
        live.wait()


@pytest.mark.skipif(not sys.platform.startswith(("linux", "win")), reason="process start times: /proc or Windows")
def test_temp_files_older_than_the_process_now_holding_their_pid_are_removed(tmp_path):
    """After a power cut and a restart the PID in a temp file's name often belongs to another, live process: the
    file was written before that process started, so it is not its and goes too."""
    inp, out = two(tmp_path)
    out.mkdir()
    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        before_boot = out / f".rekap.xlsx.{live.pid}.tmp"
        before_boot.write_bytes(b"setengah")
        an_hour_ago = time.time() - 3600
        os.utime(before_boot, (an_hour_ago, an_hour_ago))
        its_own = out / f".putaran.json.{live.pid}.tmp"
        its_own.write_bytes(b"setengah")                              # written while it runs: may be its own
        assert api.run(inp, out, workers=1).record is not None
        assert not before_boot.exists() and its_own.exists()
        before_boot.write_bytes(b"setengah")
        os.utime(before_boot, (an_hour_ago, an_hour_ago))
        watch_until_quiet(inp, out, [])
        assert not before_boot.exists() and its_own.exists()
    finally:
        live.kill()
        live.wait()
