"""Issue 22, finding 1: one writer per output folder.  The lock `OUTPUT/.lkjip/kunci` (batch/lock.py) is held by
`run` and `watch`; a second writer waits a few seconds, then refuses and names the holder; a dead holder never
blocks the folder; readers (`rekap`, `laporan`) say they read the last complete round while a writer works."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import PYTHON, invoke, sha256_tree, subprocess_env, two_agencies
from xlsx_lkjip.batch import lock as lk
from xlsx_lkjip.batch.results import UsageError

HOLD = """
import sys, time
from xlsx_lkjip.batch.lock import FolderLock
lock = FolderLock(sys.argv[1], sys.argv[2]).acquire()
print("held", flush=True)
time.sleep(120)
"""


def hold_in_child(folder: Path, command: str = "watch") -> subprocess.Popen:
    """Another process holding the folder's lock (as `lkjip watch` would)."""
    child = subprocess.Popen([PYTHON, "-c", HOLD, str(folder), command], stdout=subprocess.PIPE, text=True,
                             env=subprocess_env())
    assert child.stdout.readline().strip() == "held"
    return child


def end(child: subprocess.Popen) -> None:
    child.kill()
    child.wait(timeout=10)


def two_workbooks(tmp_path: Path) -> Path:
    return two_agencies(tmp_path / "in")


def test_a_second_writer_in_the_same_process_waits_then_refuses_naming_the_holder(tmp_path):
    import threading

    with lk.FolderLock(tmp_path, "run"):
        caught, took = [], []

        def second():    # another thread of this process (a server's): a rival writer
            started = time.monotonic()
            try:
                lk.FolderLock(tmp_path, "watch", wait=0.5).acquire()
            except lk.FolderBusy as exc:
                caught.append(exc)
            took.append(time.monotonic() - started)

        t = threading.Thread(target=second)
        t.start()
        t.join()
        assert caught and took[0] >= 0.5          # it waited before refusing
        caught = caught[0]
        text = str(caught)
        assert f"sedang ditulis oleh lkjip run (proses {os.getpid()}" in text, text
        assert "sejak" in text and "jalankan lagi" in text, text
        assert isinstance(caught, UsageError)         # library callers catching UsageError still do
        assert lk.holder(tmp_path).pid == os.getpid()
    assert lk.holder(tmp_path) is None                      # released on exit
    assert (tmp_path / ".lkjip" / "kunci").read_bytes() == b""   # the file stays, saying nobody


def test_a_writer_waiting_gets_the_folder_when_the_holder_finishes(tmp_path):
    child = hold_in_child(tmp_path, "run")
    try:
        lock = lk.FolderLock(tmp_path, "run", wait=30)
        subprocess.Popen([sys.executable, "-c", f"import os, time; time.sleep(0.5); os.kill({child.pid}, 9)"])
        lock.acquire()       # within the wait: the holder ended half a second later
        assert lock.held and lk.holder(tmp_path).pid == os.getpid()
        lock.release()
    finally:
        end(child)


def test_a_killed_holder_never_blocks_the_folder(tmp_path):
    child = hold_in_child(tmp_path)
    assert lk.holder(tmp_path).pid == child.pid and lk.holder(tmp_path).command == "watch"
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=10)
    assert lk.holder(tmp_path) is None
    with lk.FolderLock(tmp_path, "run", wait=0):           # taken over at once, nothing to clean by hand
        pass


def test_without_file_system_locks_the_holder_process_decides(tmp_path, monkeypatch):
    """A network share without locks: a recorded holder that no longer runs is taken over; a live one is not,
    and the message says how to free the folder if that process is gone."""
    def no_locks(fd):
        raise lk._NoLocks()

    monkeypatch.setattr(lk, "_try_lock", no_locks)
    path = tmp_path / ".lkjip" / "kunci"
    path.parent.mkdir()
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        path.write_text(f'{{"pid": {sleeper.pid}, "host": "{socket.gethostname()}", "command": "watch", '
                        f'"since": "2026-01-02T03:04:05+00:00"}}')
        with pytest.raises(lk.FolderBusy) as caught:
            lk.FolderLock(tmp_path, "run", wait=0.2).acquire()
        assert f"lkjip watch (proses {sleeper.pid}" in str(caught.value)
        assert "hapus berkas" in str(caught.value)
    finally:
        sleeper.kill()
        sleeper.wait()
    with lk.FolderLock(tmp_path, "run", wait=0.2):          # that process is gone now
        assert lk.holder(tmp_path).pid == os.getpid()


def test_run_refuses_a_folder_another_lkjip_writes_and_changes_nothing(tmp_path):
    src, out = two_workbooks(tmp_path), tmp_path / "out"
    child = hold_in_child(out, "watch")
    try:
        res = invoke(["run", src, "-o", out, "--workers", "1"])
    finally:
        end(child)
    assert res.exit_code == 1, res.output          # not a wrong command (2): the folder is busy
    assert f"sedang ditulis oleh lkjip watch (proses {child.pid}" in res.output, res.output
    assert sorted(p.name for p in out.iterdir()) == [".lkjip"]
    assert sorted(p.name for p in (out / ".lkjip").iterdir()) == ["kunci"]


def test_watch_refuses_a_folder_another_lkjip_writes(tmp_path):
    src, out = two_workbooks(tmp_path), tmp_path / "out"
    child = hold_in_child(out, "run")
    try:
        res = invoke(["watch", src, "-o", out, "--poll"])
    finally:
        end(child)
    assert res.exit_code == 1, res.output
    assert f"sedang ditulis oleh lkjip run (proses {child.pid}" in res.output, res.output
    assert not (out / "rekap.xlsx").exists()


def test_readers_say_they_read_the_last_complete_round_while_a_writer_works(tmp_path):
    src, out = two_workbooks(tmp_path), tmp_path / "out"
    assert invoke(["run", src, "-o", out, "--workers", "1"]).exit_code == 0
    child = hold_in_child(out, "run")
    try:
        lap = invoke(["laporan", out])
        rek = invoke(["rekap", out, "-o", tmp_path / "tahunan.xlsx"])
    finally:
        end(child)
    for res in (lap, rek):
        assert res.exit_code == 0, res.output
        assert f"sedang ditulis oleh lkjip run (proses {child.pid}" in res.output, res.output
        assert "putaran lengkap terakhir" in res.output, res.output
    again = invoke(["laporan", out])          # once the writer is gone: nothing to say
    assert "sedang ditulis" not in again.output, again.output


def test_readers_refuse_a_first_round_while_it_is_written(tmp_path):
    # no record yet (the folder's first round): the workbooks there are a part of a round, never recomputed
    # and shown as the round (rekap said "TW I 2024: 122 workbook" of a run at 122 of 254)
    src, out = two_workbooks(tmp_path), tmp_path / "out"
    assert invoke(["run", src, "-o", out, "--workers", "1"]).exit_code == 0
    (out / ".lkjip" / "putaran.json").unlink()
    (out / "Renja Pariwisata.xlsx").unlink()     # the first workbook is written, the second not yet
    child = hold_in_child(out, "run")
    try:
        rek = invoke(["rekap", out, "-o", tmp_path / "tahunan.xlsx"])
        lap = invoke(["laporan", out])
    finally:
        end(child)
    for res in (rek, lap):
        assert res.exit_code == 1, res.output
        assert f"sedang ditulis oleh lkjip run (proses {child.pid}" in res.output, res.output
        assert "belum memiliki putaran lengkap" in res.output and "Traceback" not in res.output, res.output
    assert not (tmp_path / "tahunan.xlsx").exists() and not (out / "laporan").exists()


def _tree(folder: Path) -> dict[str, str]:
    return {k: v for k, v in sha256_tree(folder).items() if not k.startswith(".lkjip/kunci")}


def test_two_runs_with_different_settings_into_one_folder_never_mix(tmp_path):
    """Finding 1: two `lkjip run` with different settings into one folder.  Whatever the timing, the folder is
    wholly one run's: every completed workbook, the rekap and the record byte-equal to that run alone."""
    src = two_workbooks(tmp_path)
    def run(out: Path, tw: str) -> subprocess.Popen:
        return subprocess.Popen([PYTHON, "-m", "xlsx_lkjip", "run", str(src), "-o", str(out), "--triwulan", tw,
                                 "--workers", "1"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                env=subprocess_env())

    refs = {tw: tmp_path / f"ref{tw}" for tw in ("II", "IV")}
    for tw, ref in refs.items():
        assert run(ref, tw).wait(timeout=120) == 0
    assert _tree(refs["II"]) != _tree(refs["IV"])
    out = tmp_path / "out"
    children = [run(out, tw) for tw in ("II", "IV")]
    outputs = [c.communicate(timeout=120)[0] for c in children]
    codes = [c.returncode for c in children]
    assert 0 in codes, outputs
    for code, text in zip(codes, outputs):
        assert code == 0 or (code == 1 and "sedang ditulis oleh lkjip run" in text), (code, text)
        assert "Traceback" not in text
    assert _tree(out) in (_tree(refs["II"]), _tree(refs["IV"]))


def test_the_thread_holding_a_folder_may_run_into_it_but_another_thread_waits(tmp_path):
    """A server holding the folder calls run() (nested); a second thread is a rival writer and is refused."""
    import threading

    from xlsx_lkjip import api

    src = two_workbooks(tmp_path)
    out = tmp_path / "out"
    refused = []
    with lk.FolderLock(out, "serve"):
        report = api.run(src, out)               # the same thread: nested, not a rival
        assert report.rekap is not None and lk.holder(out).command == "serve"

        def rival():
            try:
                lk.FolderLock(out, "run", wait=0.3).acquire()
            except lk.FolderBusy as exc:
                refused.append(str(exc))

        t = threading.Thread(target=rival)
        t.start()
        t.join()
        assert refused and "lkjip serve" in refused[0]
        assert lk.holder(out).command == "serve"   # the nested run's release did not let it go
    assert lk.holder(out) is None
