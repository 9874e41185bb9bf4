"""Issue 5, folder and file-system faults, interrupts, and the batch guarantees: output not writable, disk full
in the middle of a write, same names in sub-folders, long and non-ASCII names, OUTPUT inside INPUT, a file still
being copied, Ctrl+C / SIGTERM mid-batch, and an unexpected internal error.

Faults are injected for real where the OS allows it (a path under a regular file, a read-only /proc, a folder in
the way) and by replacing `open` for the output folder only where it does not (ENOSPC).  Tests that replace a
function run with `--workers 1` so the replacement is in the process that does the work."""

from __future__ import annotations

import builtins
import errno
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.badfiles import (DUMAI_CAPAIAN, ROW9_CAPAIAN, assert_outputs_complete, assert_valid_workbook, capaian,
                            form_workbook, guard, run_cli, sheet_rows, summary, temp_files)
from tests.conftest import PYTHON, invoke, make_dumai, make_pariwisata, sha256_tree, subprocess_env
from tests.processes import SIGNAL_INSIDE, slow_writes
from tests.mini import e81_row
from xlsx_lkjip.api import GAGAL, SELESAI

__all__ = ["guard"]

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def three(tmp_path: Path, guard) -> Path:
    src = tmp_path / "in"
    src.mkdir()
    make_dumai(src / "A Renja BKPSDM.xlsx")
    form_workbook(src / "B Renja Kominfo.xlsx")
    make_pariwisata(src / "C Renja Pariwisata.xlsx")
    guard.watch(src)
    return src


def assert_no_traceback(text: str) -> None:
    assert "Traceback" not in text, text


# -- output folder not writable ------------------------------------------------------------------------------

def test_output_under_a_regular_file(tmp_path, guard):
    """OUTPUT cannot be created (a path component is a file): the root-proof 'not writable'."""
    src = three(tmp_path, guard)
    (tmp_path / "berkas").write_text("bukan folder", encoding="utf-8")
    result = invoke(["run", src, "-o", tmp_path / "berkas" / "hasil"])
    assert result.exit_code == 2, result.output
    assert "OUTPUT" in result.output and "tidak dapat dibuat" in result.output, result.output


@pytest.mark.skipif(IS_ROOT or sys.platform == "win32", reason="chmod does not stop root (and not on Windows)")
def test_output_folder_read_only(tmp_path, guard):
    src = three(tmp_path, guard)
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o555)
    try:
        result = invoke(["run", src, "-o", out])
        assert result.exit_code in (1, 2), result.output
        assert "tidak dapat ditulis" in result.output or "tidak dapat dibuat" in result.output, result.output
        assert not temp_files(out) and not list(out.iterdir())
    finally:
        out.chmod(0o755)


UNWRITABLE = Path("/proc")     # an existing folder that even root cannot write to


@pytest.mark.skipif(not (sys.platform.startswith("linux") and UNWRITABLE.is_dir()), reason="needs Linux /proc")
def test_output_folder_that_cannot_be_written_even_by_root(tmp_path, guard):
    src = three(tmp_path, guard)
    result = invoke(["run", src, "-o", UNWRITABLE, "--workers", "1"])
    # the folder exists, so this is not a usage error (exit 1); refused before any workbook is read, with the
    # folder named, rather than every workbook failing on its own
    assert result.exit_code == 1, result.output
    assert f"folder OUTPUT {UNWRITABLE} tidak dapat ditulisi" in result.output, result.output
    for name in ("A Renja BKPSDM.xlsx", "B Renja Kominfo.xlsx", "C Renja Pariwisata.xlsx"):
        assert name not in result.output
        assert not (UNWRITABLE / name).exists()


@pytest.mark.skipif(not (sys.platform.startswith("linux") and UNWRITABLE.is_dir()), reason="needs Linux /proc")
def test_no_pointer_to_a_rekap_that_was_not_written(tmp_path, guard):
    src = three(tmp_path, guard)
    result = invoke(["run", src, "-o", UNWRITABLE, "--workers", "1"])
    assert "tidak dapat ditulisi" in result.output
    assert "pada rekap" not in result.output and "Rekap:" not in result.output, result.output


# -- disk full in the middle of a write ---------------------------------------------------------------------------

class _FullDisk:
    """A binary file that accepts half of the first write, then fails with ENOSPC (the disk is full)."""

    def __init__(self, fh):
        self._fh = fh

    def write(self, data) -> int:
        data = bytes(data)
        self._fh.write(data[: len(data) // 2])
        self._fh.flush()
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def __getattr__(self, name):
        return getattr(self._fh, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._fh.close()
        return False


def fill_disk(monkeypatch, folder: Path, when) -> list[str]:
    """Every file opened for writing inside `folder` whose final name satisfies `when(name)` runs out of space
    midway.  Returns the list of file names it failed."""
    real_open = builtins.open
    folder = Path(folder).resolve()
    failed: list[str] = []

    def fake_open(file, mode="r", *args, **kwargs):
        fh = real_open(file, mode, *args, **kwargs)
        if isinstance(file, (str, os.PathLike)) and any(m in mode for m in "wax"):
            p = Path(file).resolve()
            if folder in p.parents and when(p.name):
                failed.append(p.name)
                return _FullDisk(fh)
        return fh

    monkeypatch.setattr(builtins, "open", fake_open)
    return failed


def test_disk_full_mid_write_leaves_no_partial_file(tmp_path, guard, monkeypatch):
    src = three(tmp_path, guard)
    out = tmp_path / "out"
    failed = fill_disk(monkeypatch, out, lambda n: "Kominfo" in n)
    run = run_cli(src, out, "--workers", "1")
    monkeypatch.undo()
    assert failed, "the fault was never injected: the output is not written with open()"
    assert run.exit_code == 1, run.output
    assert summary(run.output) == (2, 0, 1, 3)
    assert re.search(r"B Renja Kominfo\.xlsx: gagal: .*(No space left|ruang)", run.output), run.output
    assert not (out / "B Renja Kominfo.xlsx").exists() and not temp_files(out)
    assert {n: r["Status"] for n, r in run.opd.items()} == {
        "A Renja BKPSDM.xlsx": SELESAI, "B Renja Kominfo.xlsx": GAGAL, "C Renja Pariwisata.xlsx": SELESAI}
    problem = run.problems("B Renja Kominfo.xlsx")
    assert [p["Kode"] for p in problem] == ["write-failed"] and "disk" in problem[0]["Yang perlu dilakukan"]
    assert capaian(out / "A Renja BKPSDM.xlsx", 9) == ROW9_CAPAIAN


def test_disk_full_keeps_the_previous_complete_output(tmp_path, guard, monkeypatch):
    src = three(tmp_path, guard)
    out = tmp_path / "out"
    run_cli(src, out, "--workers", "1")
    before = sha256_tree(out)
    fill_disk(monkeypatch, out, lambda n: "Kominfo" in n)
    run = run_cli(src, out, "--workers", "1")
    monkeypatch.undo()
    assert run.exit_code == 1
    after = sha256_tree(out)
    # the old complete file is still there, byte for byte: never a half-written one in its place
    assert after["B Renja Kominfo.xlsx"] == before["B Renja Kominfo.xlsx"]
    assert_valid_workbook(out / "B Renja Kominfo.xlsx")


def test_disk_full_while_writing_the_rekap(tmp_path, guard, monkeypatch):
    src = three(tmp_path, guard)
    out = tmp_path / "out"
    fill_disk(monkeypatch, out, lambda n: "rekap" in n)
    result = invoke(["run", src, "-o", out, "--workers", "1"])
    monkeypatch.undo()
    assert result.exit_code == 1, result.output
    assert "rekap tidak dapat ditulis" in result.output, result.output
    assert "ruang disk penuh" in result.output and "tutup" not in result.output, result.output
    assert not (out / "rekap.xlsx").exists()
    assert_outputs_complete(out)
    assert sorted(p.name for p in out.iterdir() if p.name != ".lkjip") == ["A Renja BKPSDM.xlsx", "B Renja Kominfo.xlsx",
                                                     "C Renja Pariwisata.xlsx"]


# -- an output file that is open (locked) -----------------------------------------------------------------------

def lock_on_replace(monkeypatch, marker: str) -> list[str]:
    """Windows' lock on a file open in Excel: renaming the finished temp file over a destination whose name
    holds `marker` fails with EACCES (what os.replace does there).  atomic_write renames with `os.replace`
    looked up on fsutil's `os`; returns the destination names it refused."""
    import xlsx_lkjip.files as fsutil

    real_replace = fsutil.os.replace
    refused: list[str] = []

    def replace(src, dst, *args, **kwargs):
        if marker in Path(dst).name:
            refused.append(Path(dst).name)
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(dst))
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(fsutil.os, "replace", replace)
    return refused


def test_output_file_open_in_excel_fails_that_workbook_only(tmp_path, guard, monkeypatch):
    """A locked output fails its own workbook with advice to close it; the others complete."""
    src = three(tmp_path, guard)
    out = tmp_path / "out"
    refused = lock_on_replace(monkeypatch, "Kominfo")
    run = run_cli(src, out, "--workers", "1")
    monkeypatch.undo()
    assert refused == ["B Renja Kominfo.xlsx"], "the fault was never injected: atomic_write no longer uses os.replace"
    assert run.exit_code == 1, run.output
    assert "[2/3] B Renja Kominfo.xlsx: gagal: workbook keluaran tidak dapat ditulis" in run.output, run.output
    assert "tidak dapat ditulis: akses ditolak (berkas sedang dibuka di Excel" in run.output, run.output
    assert re.search(r"^\[1/3\] A Renja BKPSDM\.xlsx: selesai", run.output, re.M), run.output
    assert re.search(r"^\[3/3\] C Renja Pariwisata\.xlsx: selesai", run.output, re.M), run.output
    assert summary(run.output) == (2, 0, 1, 3)
    assert {n: r["Status"] for n, r in run.opd.items()} == {
        "A Renja BKPSDM.xlsx": SELESAI, "B Renja Kominfo.xlsx": GAGAL, "C Renja Pariwisata.xlsx": SELESAI}
    problem = run.problems("B Renja Kominfo.xlsx")
    assert [p["Kode"] for p in problem] == ["write-failed"], problem
    assert "sedang dibuka" in problem[0]["Yang perlu dilakukan"], problem
    assert sorted(p.name for p in out.iterdir() if p.name != ".lkjip") == ["A Renja BKPSDM.xlsx", "C Renja Pariwisata.xlsx", "rekap.xlsx"]
    assert not temp_files(out)


@pytest.mark.parametrize("name, marker", [("B Renja Kominfo.xlsx", "Kominfo"), ("rekap.xlsx", "rekap")])
def test_file_open_in_excel_is_kept_as_it_was(tmp_path, guard, monkeypatch, name, marker):
    """The realistic case: last run's output (a workbook, or the rekap) is open in Excel; it stays byte for
    byte, never half-replaced."""
    src = three(tmp_path, guard)
    out = tmp_path / "out"
    run_cli(src, out, "--workers", "1")
    before = sha256_tree(out)[name]
    lock_on_replace(monkeypatch, marker)
    run = run_cli(src, out, "--workers", "1")
    monkeypatch.undo()
    assert run.exit_code == 1, run.output
    assert sha256_tree(out)[name] == before
    assert not temp_files(out)


def test_rekap_open_in_excel(tmp_path, guard, monkeypatch):
    """rekap.xlsx locked: every workbook is still written, the rekap failure is said in Bahasa, exit 1."""
    src = three(tmp_path, guard)
    out = tmp_path / "out"
    refused = lock_on_replace(monkeypatch, "rekap")
    result = invoke(["run", src, "-o", out, "--workers", "1"])
    monkeypatch.undo()
    assert refused == ["rekap.xlsx"]
    assert result.exit_code == 1, result.output
    assert summary(result.output) == (3, 0, 0, 3)
    assert f"Galat: rekap tidak dapat ditulis ke {out / 'rekap.xlsx'}" in result.output, result.output
    assert "Rekap:" not in result.output and "pada rekap" not in result.output, result.output
    assert sorted(p.name for p in out.iterdir() if p.name != ".lkjip") == ["A Renja BKPSDM.xlsx", "B Renja Kominfo.xlsx",
                                                     "C Renja Pariwisata.xlsx"]
    assert_outputs_complete(out)


def test_rekap_open_in_excel_says_what_to_do(tmp_path, guard, monkeypatch):
    """The usual cause on Windows is rekap.xlsx open in Excel; the message should say to close it."""
    src = three(tmp_path, guard)
    lock_on_replace(monkeypatch, "rekap")
    result = invoke(["run", src, "-o", tmp_path / "out", "--workers", "1"])
    monkeypatch.undo()
    line = next(l for l in result.output.splitlines() if "rekap tidak dapat ditulis" in l)
    assert re.search(r"sedang dibuka|tutup", line), line


# -- names -----------------------------------------------------------------------------------------------------

def test_same_file_name_in_two_sub_folders(tmp_path, guard):
    src = tmp_path / "in"
    for folder in ("Bidang Mutasi", "Bidang Pariwisata Ω", "Bidang Mutasi/2024"):
        (src / folder).mkdir(parents=True)
    make_dumai(src / "Bidang Mutasi" / "Renja.xlsx")
    make_pariwisata(src / "Bidang Pariwisata Ω" / "Renja.xlsx")
    form_workbook(src / "Bidang Mutasi" / "2024" / "Renja.xlsx",
                  data_rows=[e81_row(1, "5.03.01.2.01.01", "Administrasi", "Jumlah dokumen", t6=(10, 100),
                                     t7=(2, 20), t8=(4, 40), q=((1, 10), (1, 10), (None, None), (None, None)))])
    form_workbook(src / "Renja.xlsx")
    guard.watch(src)
    out = tmp_path / "out"
    run = run_cli(src, out, "--recursive")
    assert run.exit_code == 0, run.output
    names = ["Bidang Mutasi/2024/Renja.xlsx", "Bidang Mutasi/Renja.xlsx", "Bidang Pariwisata Ω/Renja.xlsx",
             "Renja.xlsx"]
    assert sorted(run.opd) == names
    assert all(run.status(n) == SELESAI for n in names)
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.xlsx") if p.name != "rekap.xlsx") == names
    # every output is its own input completed, not another one with the same name
    assert capaian(out / "Bidang Mutasi" / "Renja.xlsx", 9) == ROW9_CAPAIAN
    assert capaian(out / "Bidang Pariwisata Ω" / "Renja.xlsx", 8) == (70.24, 50)
    assert capaian(out / "Bidang Mutasi" / "2024" / "Renja.xlsx", 8) == (50, 50)
    assert capaian(out / "Renja.xlsx", 10) == DUMAI_CAPAIAN[10]


def test_names_that_differ_only_in_unicode_normalisation(tmp_path, guard):
    src = tmp_path / "in"
    src.mkdir()
    nfc = unicodedata.normalize("NFC", "Renja Évaluasi.xlsx")
    nfd = unicodedata.normalize("NFD", "Renja Évaluasi.xlsx")
    assert nfc != nfd
    make_dumai(src / nfc)
    make_pariwisata(src / nfd)
    if len(list(src.iterdir())) != 2:
        pytest.skip("the file system folds Unicode normalisation")
    guard.watch(src)
    out = tmp_path / "out"
    run = run_cli(src, out)
    assert run.exit_code == 0, run.output
    assert sorted(run.opd) == sorted([nfc, nfd])
    assert capaian(out / nfc, 9) == ROW9_CAPAIAN and capaian(out / nfd, 8) == (70.24, 50)


def _long_name(n_bytes: int) -> str:
    stem = "Renja Dinas Pekerjaan Umum dan Penataan Ruang "
    return (stem + "x" * n_bytes)[: n_bytes - len(".xlsx")] + ".xlsx"


@pytest.mark.parametrize("n_bytes", [200, 240])
def test_long_file_names(tmp_path, guard, n_bytes):
    src = tmp_path / "in"
    src.mkdir()
    name = _long_name(n_bytes)
    assert len(name.encode()) == n_bytes
    make_dumai(src / name)
    guard.watch(src)
    run = run_cli(src, tmp_path / "out")
    assert run.exit_code == 0, run.output
    assert capaian(tmp_path / "out" / name, 9) == ROW9_CAPAIAN


def test_file_name_near_the_name_limit(tmp_path, guard):
    src = tmp_path / "in"
    src.mkdir()
    name = _long_name(250)
    make_dumai(src / name)
    guard.watch(src)
    run = run_cli(src, tmp_path / "out")
    assert run.exit_code == 0, run.output
    assert capaian(tmp_path / "out" / name, 9) == ROW9_CAPAIAN


# -- OUTPUT inside INPUT ----------------------------------------------------------------------------------------

def test_output_inside_input_refused_with_recursive(tmp_path, guard):
    src = three(tmp_path, guard)
    (src / "sub").mkdir()
    result = invoke(["run", src, "-o", src / "sub" / "hasil", "--recursive"])
    assert result.exit_code == 2, result.output
    assert "di dalam folder INPUT" in result.output
    assert not (src / "sub" / "hasil").exists()


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks")
def test_output_inside_input_through_a_symlink_refused(tmp_path, guard):
    src = three(tmp_path, guard)
    (tmp_path / "pintasan").symlink_to(src, target_is_directory=True)
    result = invoke(["run", src, "-o", tmp_path / "pintasan" / "hasil"])
    assert result.exit_code == 2, result.output
    assert not (src / "hasil").exists()


# -- a file still being copied ------------------------------------------------------------------------------------

class SlowCopy(threading.Thread):
    """Copies `data` into `path` a few bytes at a time, the way a slow network copy grows a file."""

    def __init__(self, path: Path, data: bytes, start: int, chunk: int = 32, pause: float = 0.1):
        super().__init__(daemon=True)
        self.path, self.data, self.pos, self.chunk, self.pause = path, data, start, chunk, pause
        self.stop = threading.Event()
        path.write_bytes(data[:start])

    def run(self) -> None:
        while self.pos < len(self.data) and not self.stop.is_set():
            with open(self.path, "ab") as fh:
                fh.write(self.data[self.pos:self.pos + self.chunk])
            self.pos += self.chunk
            time.sleep(self.pause)

    @property
    def done(self) -> bool:
        return self.pos >= len(self.data)


def _copying(tmp_path: Path, guard):
    src = tmp_path / "in"
    src.mkdir()
    for i in range(6):
        make_dumai(src / f"A{i} Renja.xlsx")
    good = make_dumai(tmp_path / "asli.xlsx").read_bytes()
    copy = SlowCopy(src / "Z sedang disalin.xlsx", good, start=len(good) // 3)
    guard.watch(src, exclude=("Z sedang disalin.xlsx",))
    return src, copy


def _run_while_copying(tmp_path: Path, guard):
    """`lkjip run` over the folder while its last file is still being copied in."""
    src, copy = _copying(tmp_path, guard)
    copy.start()
    try:
        run = run_cli(src, tmp_path / "out", "--workers", "1")
    finally:
        copy.stop.set()
        copy.join()
    assert not copy.done, "the copy finished before the run looked at it; slow the copy down"
    return run


def test_file_still_being_copied_is_never_half_read(tmp_path, guard):
    """Today's behaviour, the floor: no traceback, nothing half-written; the file is named in the rekap."""
    run = _run_while_copying(tmp_path, guard)
    assert run.exit_code == 1, run.output
    assert "Z sedang disalin.xlsx" in run.opd
    assert run.status("Z sedang disalin.xlsx") == GAGAL
    assert not (tmp_path / "out" / "Z sedang disalin.xlsx").exists()
    assert all(run.status(f"A{i} Renja.xlsx") == SELESAI for i in range(6))


def test_file_still_being_copied_is_skipped_with_a_message(tmp_path, guard):
    run = _run_while_copying(tmp_path, guard)
    assert run.exit_code == 1, run.output
    messages = " ".join(p["Pesan"] for p in run.problems("Z sedang disalin.xlsx"))
    assert re.search(r"disalin|berubah|sedang ditulis", messages), messages
    assert re.search(r"Z sedang disalin\.xlsx: .*(disalin|berubah)", run.output), run.output


# -- interrupt --------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def many(tmp_path_factory) -> Path:
    """240 copies of a workbook: more than the 200 after which results are spilled to a temp folder."""
    src = tmp_path_factory.mktemp("banyak") / "in"
    src.mkdir()
    first = form_workbook(src / "Renja 000.xlsx")
    for i in range(1, 240):
        shutil.copy(first, src / f"Renja {i:03d}.xlsx")
    return src


def _start(src: Path, out: Path, tmpdir: Path, *extra: str, code: str | None = None, **env_extra: str) -> subprocess.Popen:
    env = subprocess_env() | env_extra
    env["TMPDIR"] = str(tmpdir)          # where the batch may put its own temp files
    args = [PYTHON, "-c", code, "run", str(src), "-o", str(out), *extra] if code else \
        [PYTHON, "-m", "xlsx_lkjip", "run", str(src), "-o", str(out), *extra]
    return subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True,
                            encoding="utf-8", start_new_session=True)


def _wait_for_progress(proc: subprocess.Popen, n: int) -> None:
    """Read progress lines until the n-th workbook is done (mid-batch, not during start-up)."""
    for line in proc.stdout:
        if line.startswith(f"[{n}/"):
            return
    raise AssertionError("the batch ended before the interrupt")


def _interrupt(proc: subprocess.Popen, sig: int) -> tuple[str, str]:
    os.killpg(proc.pid, sig)          # like Ctrl+C in a terminal: the whole process group (workers too)
    try:
        out, err = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        raise
    return out, err


# what the CLI says on stderr when a run is stopped (cli.run_cmd)
STOPPED = "Proses dihentikan"
NO_REKAP = "rekap.xlsx dan catatan putaran masih dari putaran sebelumnya"


def _assert_said_interrupted(out_dir: Path, stdout: str, stderr: str, returncode: int, sig: int) -> None:
    """Exit 128 + signal (130 Ctrl+C, 143 SIGTERM), the stop said in Bahasa, and no rekap of a half batch."""
    assert returncode == 128 + sig, (returncode, stdout[-2000:], stderr)
    assert STOPPED in stderr and NO_REKAP in stderr, stderr
    assert not (out_dir / "rekap.xlsx").exists(), "the CLI says the rekap is not written, but one was"


def _assert_interrupted_cleanly(out_dir: Path, tmpdir: Path, stdout: str, stderr: str, returncode: int,
                                sig: int) -> None:
    _assert_said_interrupted(out_dir, stdout, stderr, returncode, sig)
    assert_no_traceback(stdout + stderr)
    assert_outputs_complete(out_dir)                # every output present is a complete, valid workbook
    leftovers = [p for p in tmpdir.rglob("*")]
    assert not leftovers, f"temp files left behind: {leftovers[:5]}"


SIGNALS = [pytest.param(signal.SIGINT, id="SIGINT"), pytest.param(signal.SIGTERM, id="SIGTERM")]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize("workers", ["1", "2"])
def test_ctrl_c_mid_batch(many, tmp_path, workers):
    out, tmpdir = tmp_path / "out", tmp_path / "tmp"
    tmpdir.mkdir()
    before = sha256_tree(many)
    proc = _start(many, out, tmpdir, "--workers", workers)
    _wait_for_progress(proc, 10)
    stdout, stderr = _interrupt(proc, signal.SIGINT)
    _assert_interrupted_cleanly(out, tmpdir, stdout, stderr, proc.returncode, signal.SIGINT)
    assert 10 <= len(list(out.glob("Renja *.xlsx"))) < 240
    assert sha256_tree(many) == before


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize("sig", SIGNALS)
def test_interrupt_exit_code_says_interrupted(many, tmp_path, sig):
    """Ctrl+C exits 130 and SIGTERM 143, each saying the run was stopped and the round not finished."""
    out, tmpdir = tmp_path / "out", tmp_path / "tmp"
    tmpdir.mkdir()
    proc = _start(many, out, tmpdir, "--workers", "1")
    _wait_for_progress(proc, 5)
    stdout, stderr = _interrupt(proc, sig)
    _assert_said_interrupted(out, stdout, stderr, proc.returncode, sig)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize("where, at", [("threading", 1), ("zipfile", 5), ("zipfile", 60)],
                         ids=["zipfile-lock", "zipfile-init", "zipfile-entry"])
def test_sigterm_mid_batch_leaves_valid_outputs(many, tmp_path, where, at):
    """SIGTERM sent from inside zipfile as the 12th workbook is read (the moment that once printed "Exception
    ignored in ZipFile.__del__"): the run stops after that workbook, says so, no traceback, every output whole."""
    out, tmpdir = tmp_path / "out", tmp_path / "tmp"
    tmpdir.mkdir()
    before = sha256_tree(many)
    proc = _start(many, out, tmpdir, "--workers", "1", code=SIGNAL_INSIDE, LKJIP_STOP_ARM=".Renja 010.xlsx.",
                  LKJIP_STOP_IN=where, LKJIP_STOP_AT=str(at), LKJIP_STOP_SIG=str(int(signal.SIGTERM)))
    stdout, stderr = proc.communicate(timeout=120)
    _assert_said_interrupted(out, stdout, stderr, proc.returncode, signal.SIGTERM)
    assert_no_traceback(stdout + stderr)
    assert "Exception ignored" not in stderr, stderr
    assert_outputs_complete(out)
    # the workbook in hand when the stop came is finished (the 12th), none after it is begun
    assert sorted(p.name for p in out.glob("Renja *.xlsx")) == [f"Renja {i:03d}.xlsx" for i in range(12)]
    assert sha256_tree(many) == before


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_sigterm_mid_batch_leaves_no_temp_files(many, tmp_path):
    out, tmpdir = tmp_path / "out", tmp_path / "tmp"
    tmpdir.mkdir()
    proc = _start(many, out, tmpdir, "--workers", "1")
    _wait_for_progress(proc, 10)
    stdout, stderr = _interrupt(proc, signal.SIGTERM)
    _assert_interrupted_cleanly(out, tmpdir, stdout, stderr, proc.returncode, signal.SIGTERM)


# Every write into OUTPUT takes 0.4 s, so the signal lands while a temp output file is open.
_SLOW_WRITES = slow_writes("str(file).startswith(sys.argv[4])", 0.4)


def _signal_during_a_write(many: Path, tmp_path: Path, sig: int) -> tuple[Path, subprocess.CompletedProcess]:
    out, tmpdir = tmp_path / "out", tmp_path / "tmp"
    tmpdir.mkdir()
    proc = _start(many, out, tmpdir, "--workers", "1", code=_SLOW_WRITES)
    deadline = time.monotonic() + 60
    while not temp_files(out) if out.exists() else True:      # wait for a temp output file to exist
        assert proc.poll() is None and time.monotonic() < deadline, proc.stderr.read() if proc.stderr else ""
        time.sleep(0.01)
    stdout, stderr = _interrupt(proc, sig)
    return out, subprocess.CompletedProcess(proc.args, proc.returncode, stdout, stderr)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_ctrl_c_during_a_write_removes_the_temp_file(many, tmp_path):
    out, done = _signal_during_a_write(many, tmp_path, signal.SIGINT)
    _assert_said_interrupted(out, done.stdout, done.stderr, done.returncode, signal.SIGINT)
    assert_no_traceback(done.stdout + done.stderr)
    assert_outputs_complete(out)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_sigterm_during_a_write_removes_the_temp_file(many, tmp_path):
    out, done = _signal_during_a_write(many, tmp_path, signal.SIGTERM)
    _assert_said_interrupted(out, done.stdout, done.stderr, done.returncode, signal.SIGTERM)
    assert_no_traceback(done.stdout + done.stderr)
    assert_outputs_complete(out)


# -- unexpected internal errors ------------------------------------------------------------------------------------

def _internal_error_folder(tmp_path: Path, guard) -> Path:
    src = tmp_path / "in"
    src.mkdir()
    make_dumai(src / "A Renja BKPSDM.xlsx")
    form_workbook(src / "B Renja Kominfo.xlsx")
    make_pariwisata(src / "C Renja Pariwisata.xlsx")
    guard.watch(src)
    return src


def _break_on_marker(set_attribute, target: str) -> None:
    """Make `target` (module:function) raise while the workbook whose name holds "Kominfo" is processed (the
    name is taken from the pool's complete_workbook, so the arguments of `target` do not matter).  `set_attribute`
    is monkeypatch.setattr in a test, the builtin setattr in a child process."""
    import importlib

    import xlsx_lkjip.batch.pool as pool
    module_name, func = target.split(":")
    module = importlib.import_module(module_name)
    real, real_complete = getattr(module, func), pool.complete_workbook
    current = {"name": ""}

    def complete(source, *args, **kwargs):
        current["name"] = Path(source).name
        return real_complete(source, *args, **kwargs)

    def broken(*args, **kwargs):
        if "Kominfo" in current["name"]:
            raise ZeroDivisionError("simulated bug deep inside")
        return real(*args, **kwargs)

    set_attribute(pool, "complete_workbook", complete)
    set_attribute(module, func, broken)


INTERNALS = ["xlsx_lkjip.batch.workbook:read_grid", "xlsx_lkjip.evaluate.renja:_footer", "xlsx_lkjip.evaluate.compute:evaluate",
             "xlsx_lkjip.forms.renja:read_header"]


@pytest.mark.parametrize("target", INTERNALS)
def test_internal_error_is_reported_per_file_and_the_batch_continues(tmp_path, guard, monkeypatch, target):
    src = _internal_error_folder(tmp_path, guard)
    _break_on_marker(monkeypatch.setattr, target)
    run = run_cli(src, tmp_path / "out", "--workers", "1")
    assert run.exit_code == 1, run.output
    assert summary(run.output) == (2, 0, 1, 3)
    assert re.search(r"B Renja Kominfo\.xlsx: gagal: galat internal .*B Renja Kominfo\.xlsx", run.output), run.output
    assert {n: r["Status"] for n, r in run.opd.items()} == {
        "A Renja BKPSDM.xlsx": SELESAI, "B Renja Kominfo.xlsx": GAGAL, "C Renja Pariwisata.xlsx": SELESAI}
    problem = run.problems("B Renja Kominfo.xlsx")
    assert [p["Kode"] for p in problem] == ["internal-error"], problem
    assert "galat internal" in problem[0]["Pesan"] and problem[0]["Yang perlu dilakukan"]
    assert "Traceback" not in problem[0]["Pesan"]
    assert not (tmp_path / "out" / "B Renja Kominfo.xlsx").exists()


def test_debug_shows_the_traceback(tmp_path, guard, monkeypatch):
    src = _internal_error_folder(tmp_path, guard)
    _break_on_marker(monkeypatch.setattr, INTERNALS[0])
    from xlsx_lkjip.cli import main
    result = CliRunner().invoke(main, ["run", str(src), "-o", str(tmp_path / "out"), "--workers", "1", "--debug"])
    assert result.exit_code == 1, result.output
    assert "Traceback (most recent call last)" in result.output
    assert "ZeroDivisionError: simulated bug deep inside" in result.output
    assert summary(result.output) == (2, 0, 1, 3)
    problems = [p for p in sheet_rows(tmp_path / "out" / "rekap.xlsx", "Masalah")
                if p["Berkas"] == "B Renja Kominfo.xlsx"]
    assert [p["Kode"] for p in problems] == ["internal-error"], problems


@pytest.mark.parametrize("where", ["add", "close"])
def test_internal_error_while_building_the_rekap_is_not_a_traceback(tmp_path, guard, monkeypatch, where):
    """A bug in the rekap, while its rows are written as results come ("add") or at the end ("close"): every
    workbook is still completed, no rekap (nor a temporary one) is left, the run says so and fails."""
    src = three(tmp_path, guard)
    import xlsx_lkjip.report.rekap as rekap

    def broken(*args, **kwargs):
        raise ValueError("simulated bug in the rekap")

    monkeypatch.setattr(rekap.RekapWriter, where, broken)
    out = tmp_path / "out"
    result = invoke(["run", src, "-o", out, "--workers", "1"])
    assert result.exit_code == 1
    assert "galat internal" in result.output and "rekap" in result.output
    assert_no_traceback(result.output)
    assert summary(result.output) == (3, 0, 0, 3)
    assert sorted(p.name for p in out.iterdir() if p.name != ".lkjip") == sorted(p.name for p in src.iterdir())   # no rekap.xlsx
    assert_outputs_complete(out)


_BREAK_IN_WORKERS = r"""
import sys
from tests.test_filesystem_faults import _break_on_marker
_break_on_marker(setattr, "xlsx_lkjip.evaluate.compute:evaluate")
from xlsx_lkjip.cli import main
main(["run", sys.argv[1], "-o", sys.argv[2], "--workers", "2"])
"""


@pytest.mark.skipif(sys.platform == "win32", reason="the patched bug reaches pool workers by fork")
def test_internal_error_in_a_pool_worker(tmp_path, guard):
    """With a process pool the bug happens in a worker process: its traceback must not reach the console
    (stdout or stderr) either, and the other workbooks are completed."""
    src = tmp_path / "in"
    src.mkdir()
    make_dumai(src / "A Renja BKPSDM.xlsx")
    form_workbook(src / "B Renja Kominfo.xlsx")
    make_pariwisata(src / "C Renja Pariwisata.xlsx")
    form_workbook(src / "D Renja Dumai.xlsx")    # four files for two workers: the pool is used
    guard.watch(src)
    out = tmp_path / "out"
    proc = subprocess.run([PYTHON, "-c", _BREAK_IN_WORKERS, str(src), str(out)], capture_output=True, text=True,
                          env=subprocess_env(), timeout=120)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert_no_traceback(proc.stdout + proc.stderr)
    assert re.search(r"B Renja Kominfo\.xlsx: gagal: galat internal", proc.stdout), proc.stdout
    assert summary(proc.stdout) == (3, 0, 1, 4)
    problems = [p for p in sheet_rows(out / "rekap.xlsx", "Masalah") if p["Kode"] == "internal-error"]
    assert [p["Berkas"] for p in problems] == ["B Renja Kominfo.xlsx"]
    assert_outputs_complete(out)
