"""Issue 22, finding 7: processes and signals.  SIGKILL of the main `lkjip run` process left its pool workers
waiting forever (holding stdout: `lkjip run | tee log` never ended); a signal while the record was written said
"rekap tidak ditulis" although it was; one after everything was written gave exit 1 and a traceback
("Stopped: 15"); temp files of a killed run stayed.  POSIX only (signals, process groups)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.badfiles import form_workbook
from tests.conftest import PYTHON, subprocess_env
from tests.processes import MARK, SIGNAL_INSIDE, live_in_group, round_inputs, slow_writes, temps, tree
from xlsx_lkjip.batch import round_record as rr

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="POSIX signals, /proc")


@pytest.fixture(scope="module")
def forty(tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("empatpuluh") / "in"
    src.mkdir()
    first = form_workbook(src / "Renja 00.xlsx")
    for i in range(1, 40):
        shutil.copy(first, src / f"Renja {i:02d}.xlsx")
    return src


def start(args: list[str], code: str | None = None, **env: str) -> subprocess.Popen:
    cmd = [PYTHON, "-c", code, *args] if code else [PYTHON, "-m", "xlsx_lkjip", *args]
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=subprocess_env() | env,
                            text=True, encoding="utf-8", start_new_session=True)


def test_workers_end_when_the_main_process_is_killed_and_stdout_is_released(forty, tmp_path):
    out = tmp_path / "out"
    proc = start(["run", str(forty), "-o", str(out), "--workers", "2"])
    for line in proc.stdout:
        if line.startswith("[3/"):
            break
    workers = [p for p in live_in_group(proc.pid) if p != proc.pid]
    assert workers, "no pool workers to orphan"
    os.kill(proc.pid, signal.SIGKILL)        # the main process alone, as the OOM killer or `kill -9 PID` does
    started = time.monotonic()
    rest = proc.stdout.read()                # EOF only once every worker has let stdout go
    proc.wait(timeout=10)
    assert time.monotonic() - started < 10, "the workers held stdout"
    deadline = time.monotonic() + 10
    while live_in_group(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not live_in_group(proc.pid), f"workers left: {live_in_group(proc.pid)}"
    assert "Traceback" not in rest
    # their temp files are removed by the next run (their processes are gone)
    again = subprocess.run([PYTHON, "-m", "xlsx_lkjip", "run", str(forty), "-o", str(out), "--workers", "1"],
                           capture_output=True, text=True, env=subprocess_env(), timeout=120)
    assert again.returncode == 0 and "tidak selesai" in again.stdout, again.stdout + again.stderr
    assert not [p for p in out.rglob("*.tmp")]


# The pool's workers are slow to start (as on a loaded machine): each first sleeps, before its initializer runs.
LATE_WORKERS = r"""
import sys, time
from xlsx_lkjip.batch import pool
real_init = pool._worker_init
def late_init(*args):
    print("pekerja-lahir", flush=True)
    time.sleep(1.5)
    real_init(*args)
pool._worker_init = late_init
from xlsx_lkjip.cli import main
main(sys.argv[1:], prog_name="lkjip")
"""


def test_workers_end_when_the_main_process_is_killed_before_they_first_ran(forty, tmp_path):
    """The CI flake of stop 27: killed between a worker's fork and its first step, the main process was gone
    before the worker asked who its parent was, so it watched init and waited for work forever."""
    proc = start(["run", str(forty), "-o", str(tmp_path / "out"), "--workers", "2"], LATE_WORKERS)
    for line in proc.stdout:
        if line.startswith("pekerja-lahir"):
            break
    os.kill(proc.pid, signal.SIGKILL)        # the workers are still asleep before their initializer
    proc.wait(timeout=10)
    deadline = time.monotonic() + 10
    while live_in_group(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = live_in_group(proc.pid)
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert not left, f"workers left: {left}"


# Writes of rekap.xlsx are slow (0.3 s a write), so a signal lands while the round is being committed.
SLOW_REKAP = slow_writes('".rekap.xlsx." in str(file)', 0.3)


# The process signals itself as it prints its summary: a stop after everything is written.
STOP_AT_SUMMARY = r"""
import os, signal, sys
import click
real_echo = click.echo
def echo(message=None, *a, **k):
    if isinstance(message, str) and message.startswith("Selesai:"):
        os.kill(os.getpid(), int(os.environ["SIGNAL_AT_SUMMARY"]))
    return real_echo(message, *a, **k)
click.echo = echo
from xlsx_lkjip.cli import main
main(sys.argv[1:], prog_name="lkjip")
"""


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_stop_while_the_round_is_saved_waits_for_it_and_says_so(forty, tmp_path, sig):
    out = tmp_path / "out"
    proc = start(["run", str(forty), "-o", str(out), "--workers", "1"], code=SLOW_REKAP)
    deadline = time.monotonic() + 120
    while not list(out.glob(".rekap.xlsx.*.tmp")):
        assert proc.poll() is None and time.monotonic() < deadline, proc.communicate()
        time.sleep(0.01)
    os.killpg(proc.pid, sig)
    stdout, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 0, (proc.returncode, stdout[-1500:], stderr)
    assert "Traceback" not in stdout + stderr
    assert "permintaan berhenti diterima saat putaran sedang disimpan" in stderr, stderr
    assert "rekap.xlsx dan catatan putaran masih dari putaran sebelumnya" not in stderr
    assert (out / "rekap.xlsx").is_file() and not (out / ".lkjip" / "putaran-berjalan.json").exists()
    assert rr.read(out).rekap_sha256 is not None


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_stop_after_everything_is_written_gives_the_run_exit_code_and_no_traceback(forty, tmp_path, sig):
    out = tmp_path / "out"
    proc = start(["run", str(forty), "-o", str(out), "--workers", "1"], code=STOP_AT_SUMMARY,
                 SIGNAL_AT_SUMMARY=str(int(sig)))
    stdout, stderr = proc.communicate(timeout=120)
    assert "Traceback" not in stdout + stderr, stderr
    assert proc.returncode == 0, (proc.returncode, stderr)
    assert "Selesai: 40 lengkap" in stdout and "permintaan berhenti diterima" in stderr, (stdout, stderr)
    assert rr.read(out).round_id


def test_a_stop_during_the_batch_says_the_round_is_not_finished(forty, tmp_path):
    out = tmp_path / "out"
    first = subprocess.run([PYTHON, "-m", "xlsx_lkjip", "run", str(forty), "-o", str(out), "--workers", "1"],
                           capture_output=True, env=subprocess_env(), timeout=120)
    assert first.returncode == 0
    record = rr.record_path(out).read_bytes()
    proc = start(["run", str(forty), "-o", str(out), "--workers", "2"])
    for line in proc.stdout:
        if line.startswith("[5/"):
            break
    os.killpg(proc.pid, signal.SIGTERM)
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 128 + signal.SIGTERM, stderr
    assert "Proses dihentikan sebelum putaran selesai" in stderr and "Traceback" not in stderr, stderr
    assert "rekap.xlsx dan catatan putaran masih dari putaran sebelumnya" in stderr
    assert rr.record_path(out).read_bytes() == record and (out / ".lkjip" / "putaran-berjalan.json").is_file()


# -- a stop at a chosen point, inside a library call -------------------------------------------------------------
# A signal handler that raised made the stop land wherever Python was: inside ZipFile.__init__ it left a ZipFile
# without `_writing`, and "Exception ignored in ZipFile.__del__ … AttributeError" came out on stderr (a run under
# load, now and then).  The handler only notes the request now (batch/stop.py).  Here the child signals its own
# process group (as Ctrl+C does) from inside a library call at each point below, so every run stops exactly there.

ROUND_N = 12
BEFORE, COMMITTED = "stopped before the round is committed", "the round is committed first"
# (id, LKJIP_STOP_ARM, LKJIP_STOP_IN, LKJIP_STOP_AT, signal, workers, what the run ends with, extra env)
POINTS = [
    ("mark-write", ".putaran-berjalan.json.", "", 1, signal.SIGTERM, "1", BEFORE, {}),
    ("first-read", ".putaran-berjalan.json.", "zipfile", 1, signal.SIGTERM, "1", BEFORE, {}),
    ("zipfile-init-of-7th", ".Renja 005.xlsx.", "zipfile", 5, signal.SIGTERM, "1", BEFORE, {}),
    # ZipFile.__init__ taking its lock, before it sets `_writing`: the stop that printed "Exception ignored"
    ("zipfile-init-lock-of-7th", ".Renja 005.xlsx.", "threading", 1, signal.SIGTERM, "1", BEFORE, {}),
    ("zipfile-contents-of-7th", ".Renja 005.xlsx.", "zipfile", 7, signal.SIGTERM, "1", BEFORE, {}),
    ("zipfile-entries-of-4th", ".Renja 002.xlsx.", "zipfile", 100, signal.SIGTERM, "1", BEFORE, {}),
    ("ctrl-c-in-zipfile-init", ".Renja 005.xlsx.", "threading", 2, signal.SIGINT, "1", BEFORE, {}),
    ("9th-workbook-write", ".Renja 008.xlsx.", "", 3, signal.SIGTERM, "1", BEFORE, {}),
    ("last-workbook-write", ".Renja 011.xlsx.", "", 3, signal.SIGTERM, "1", BEFORE, {}),
    ("pool-worker-zipfile", ".Renja 005.xlsx.", "threading", 1, signal.SIGTERM, "2", BEFORE, {}),
    ("pool-ctrl-c", ".Renja 004.xlsx.", "zipfile", 30, signal.SIGINT, "2", BEFORE, {}),
    ("rekap-xlsxwriter", ".rekap.xlsx.", "xlsxwriter", 1, signal.SIGTERM, "1", COMMITTED, {}),
    ("rekap-zipfile", ".rekap.xlsx.", "zipfile", 400, signal.SIGTERM, "1", COMMITTED, {}),
    ("record-json", ".putaran.json.", "json", 1, signal.SIGTERM, "1", COMMITTED, {}),
    ("csv-set", ".rekap_opd.csv.", "csv", 5, signal.SIGINT, "1", COMMITTED, {}),
    ("second-signal-in-zipfile", ".Renja 005.xlsx.", "threading", 1, signal.SIGTERM, "1", BEFORE,
     {"LKJIP_STOP_AGAIN": "1"}),
    ("second-signal-in-a-write", ".Renja 006.xlsx.", "", 2, signal.SIGTERM, "1", BEFORE, {"LKJIP_STOP_AGAIN": "5"}),
]


@pytest.fixture(scope="module")
def two_rounds(tmp_path_factory):
    """Two rounds of ROUND_N workbooks and what a whole run of each writes (OUTPUT and the --csv folder)."""
    base = tmp_path_factory.mktemp("duaputaran")
    rounds = {}
    for v in (1, 2):
        round_inputs(base / f"in{v}", v, ROUND_N)
        out, csv = base / f"ref{v}", base / f"csv{v}"
        done = subprocess.run([PYTHON, "-m", "xlsx_lkjip", "run", str(base / f"in{v}"), "-o", str(out), "--csv",
                               str(csv), "--workers", "1"], capture_output=True, text=True, env=subprocess_env(),
                              timeout=120)
        assert done.returncode == 0, done.stdout + done.stderr
        rounds[v] = (base / f"in{v}", out, csv, rr.read(out).round_id)
    assert tree(rounds[1][1]) != tree(rounds[2][1]) and rounds[1][3] != rounds[2][3]
    return rounds


@pytest.mark.parametrize("point", [pytest.param(p, id=p[0]) for p in POINTS])
def test_a_stop_anywhere_ends_with_its_message_and_old_or_new_complete_files(two_rounds, tmp_path, point):
    _id, arm, where, at, sig, workers, ends, extra = point
    (_in1, ref1, csv1, id1), (in2, ref2, csv2, id2) = two_rounds[1], two_rounds[2]
    out, csv, tmpdir = tmp_path / "out", tmp_path / "csv", tmp_path / "tmp"
    shutil.copytree(ref1, out)
    shutil.copytree(csv1, csv)
    tmpdir.mkdir()
    proc = start(["run", str(in2), "-o", str(out), "--csv", str(csv), "--workers", workers], code=SIGNAL_INSIDE,
                 LKJIP_STOP_ARM=arm, LKJIP_STOP_IN=where, LKJIP_STOP_AT=str(at), LKJIP_STOP_SIG=str(int(sig)),
                 TMPDIR=str(tmpdir), **extra)
    stdout, stderr = proc.communicate(timeout=120)
    said = stdout + stderr
    assert "Exception ignored" not in said and "Traceback" not in said, stderr
    deadline = time.monotonic() + 10
    while live_in_group(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not live_in_group(proc.pid), "processes of the run left"

    record = rr.read(out)          # whole: its checksum and its figures hold
    if ends == BEFORE:
        assert proc.returncode == 128 + sig, (proc.returncode, stdout[-1500:], stderr)
        assert "Proses dihentikan sebelum putaran selesai" in stderr, stderr
        assert record.round_id == id1 and (out / MARK).is_file()
        assert tree(csv) == tree(csv1)
    else:
        assert proc.returncode == 0, (proc.returncode, stdout[-1500:], stderr)
        assert "permintaan berhenti diterima saat putaran sedang disimpan" in stderr, stderr
        assert "Proses dihentikan" not in stderr
        assert record.round_id == id2 and tree(out) == tree(ref2) and tree(csv) == tree(csv2)
    old, new = tree(ref1), tree(ref2)
    for rel, digest in tree(out).items():   # every file under its real name the old or the new one, whole
        assert rel == MARK or digest in (old.get(rel), new.get(rel)), f"{rel} is neither round's"
    assert not temps(out) and not temps(csv) and not list(tmpdir.iterdir()), (temps(out), list(tmpdir.iterdir()))


def test_ctrl_c_while_lkjip_is_still_starting_is_said_without_a_traceback(forty, tmp_path):
    """A hurried Ctrl+C right after Enter lands while the command's modules are imported (click here): it ends
    the command with click's own word for it, exit 130, nothing written and no traceback."""
    out = tmp_path / "out"
    proc = start(["run", str(forty), "-o", str(out)], code=SIGNAL_INSIDE, LKJIP_STOP_ARM="",
                 LKJIP_STOP_IN=f"{os.sep}click{os.sep}", LKJIP_STOP_AT="1", LKJIP_STOP_SIG=str(int(signal.SIGINT)))
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 128 + signal.SIGINT, (proc.returncode, stderr)
    assert "Dibatalkan." in stderr and "Traceback" not in stdout + stderr, stderr
    assert not out.exists()
