"""`lkjip watch`: a real `python -m xlsx_lkjip watch` subprocess on temporary folders, with files dropped the
ways staff drop them (plain copy, slow copy in chunks, Excel's temp-then-rename save, lock files, a corrupt
file, a deletion), restarts, SIGTERM; and the state files' round trip.

Every wait polls the file system with a bounded timeout.  A completed workbook is checked byte for byte
against `complete_workbook` run here on the same content (outputs are deterministic)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from tests.mini import e81_row, e81_workbook
from xlsx_lkjip.batch import watch_results as st
from xlsx_lkjip.batch import watch as watch_mod
from xlsx_lkjip.api import Report, complete_workbook
from xlsx_lkjip.cli import main
from xlsx_lkjip.config import DEFAULT
from xlsx_lkjip.report.rekap import build_rekap

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "input"
SETTLE = "0.3"
TIMEOUT = 10.0
MODES = [pytest.param([], id="events"), pytest.param(["--poll"], id="poll")]
posix_only = pytest.mark.skipif(sys.platform == "win32",
                                reason="SIGTERM/SIGINT delivery differs on Windows (see xlsx_lkjip/watch.py)")


# -- workbooks ----------------------------------------------------------------------------------------------
def workbook_bytes(tmp: Path, done: int, agency: str = "Dinas Contoh") -> bytes:
    """An E.81 workbook: target K 10, realisasi K `done` (capaian K = done x 10 %)."""
    path = tmp / f".build-{agency}-{done}.xlsx"
    header = [["EVALUASI TERHADAP HASIL RENJA"], [f"Perangkat Daerah : {agency}"],
              ["Periode Pelaksanaan : Triwulan I Tahun 2024"], []]
    e81_workbook(path, [e81_row(1, "5.03.01.2.01.01", "Koordinasi Pelaksanaan", "Jumlah dokumen",
                                t6=(100, "1.000.000"), t7=(40, "400.000"), t8=(10, "100.000"),
                                q=((done, "50.000"), (None, None), (None, None), (None, None)))],
                 header=header)
    data = path.read_bytes()
    path.unlink()
    return data


def expected_output(tmp: Path, data: bytes, name: str) -> bytes:
    """What `lkjip` makes of this content (the same function watch calls)."""
    ref = tmp / ".ref"
    ref.mkdir(exist_ok=True)
    (ref / name).write_bytes(data)
    complete_workbook(ref / name, ref / ("out-" + name), DEFAULT, name=name)
    out = (ref / ("out-" + name)).read_bytes()
    shutil.rmtree(ref)
    return out


def rekap_rows(out: Path, sheets=(("Rekap OPD", 0), ("Indikator", 1), ("Masalah", 0))) -> dict:
    """{sheet: {Berkas: [rows]}} of OUTPUT/rekap.xlsx ({} while it does not exist)."""
    path = out / "rekap.xlsx"
    if not path.exists():
        return {}
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    found: dict[str, dict[str, list[tuple]]] = {}
    for sheet, col in sheets:
        rows = list(wb[sheet].iter_rows(min_row=2, values_only=True))
        found[sheet] = {}
        for r in rows:
            if r and r[col]:
                found[sheet].setdefault(r[col], []).append(r)
    wb.close()
    return found


def opd(out: Path) -> dict[str, tuple]:
    return {k: v[0] for k, v in rekap_rows(out, (("Rekap OPD", 0),)).get("Rekap OPD", {}).items()}


# -- the watch process --------------------------------------------------------------------------------------
class Watch:
    def __init__(self, tmp: Path, inp: Path, out: Path, *args: str):
        self.log_path = tmp / f"watch-{time.monotonic_ns()}.log"
        self.log_file = open(self.log_path, "wb")
        env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]))
        self.proc = subprocess.Popen([sys.executable, "-m", "xlsx_lkjip", "watch", str(inp), "-o", str(out),
                                      "--settle", SETTLE, *args],
                                     stdout=self.log_file, stderr=subprocess.STDOUT, cwd=tmp, env=env)
        self.wait_for(lambda: "memantau" in self.log, "the start line")

    @property
    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def wait_for(self, cond, what: str, timeout: float = TIMEOUT):
        end = time.monotonic() + timeout
        while True:
            value = cond()
            if value:
                return value
            if self.proc.poll() is not None:
                raise AssertionError(f"watch exited ({self.proc.returncode}) waiting for {what}:\n{self.log}")
            if time.monotonic() > end:
                raise AssertionError(f"timed out after {timeout} s waiting for {what}:\n{self.log}")
            time.sleep(0.05)

    def wait_line(self, text: str, count: int = 1):
        return self.wait_for(lambda: self.log.count(text) >= count, f"{count} x {text!r}")

    def stop(self, sig=signal.SIGTERM) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            rc = self.proc.wait(timeout=TIMEOUT)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
            self.log_file.close()
        return rc


@pytest.fixture
def folders(tmp_path):
    inp, out = tmp_path / "masuk", tmp_path / "keluar"
    inp.mkdir()
    started: list[Watch] = []

    def start(*args: str) -> Watch:
        w = Watch(tmp_path, inp, out, *args)
        started.append(w)
        return w

    yield tmp_path, inp, out, start
    for w in started:
        if w.proc.poll() is None:
            w.proc.kill()
            w.proc.wait()
        w.log_file.close()


def no_temp_files(out: Path) -> list[Path]:
    return [p for p in out.rglob("*") if p.name.endswith(".tmp")]


# -- drops --------------------------------------------------------------------------------------------------
@posix_only
@pytest.mark.parametrize("mode", MODES)
def test_plain_copy_is_completed_and_recapped(folders, mode):
    tmp, inp, out, start = folders
    w = start(*mode)
    data = workbook_bytes(tmp, 5)
    (tmp / "Renja Dinas A.xlsx").write_bytes(data)
    shutil.copy(tmp / "Renja Dinas A.xlsx", inp / "Renja Dinas A.xlsx")
    w.wait_for(lambda: "Renja Dinas A.xlsx" in opd(out), "the recap row")
    assert (out / "Renja Dinas A.xlsx").read_bytes() == expected_output(tmp, data, "Renja Dinas A.xlsx")
    row = opd(out)["Renja Dinas A.xlsx"]
    assert row[1] == "Dinas Contoh" and row[6] == pytest.approx(50.0) and row[11] == "selesai"
    log = w.log
    assert "diterima: Renja Dinas A.xlsx" in log and "selesai: Renja Dinas A.xlsx (1 baris" in log
    assert "rekap diperbarui (1 workbook lengkap)" in log
    assert w.stop() == 0


@posix_only
def test_a_rekap_of_lkjip_dropped_in_is_skipped_and_not_recorded(folders):
    """Issue 14 §4 under watch: a rekap lkjip wrote (here renamed) is said and skipped; it is neither a row of
    the rekap nor a workbook of the round record."""
    tmp, inp, out, start = folders
    data = workbook_bytes(tmp, 5)
    first = tmp / "first"
    (tmp / "src").mkdir()
    (tmp / "src" / "Renja Dinas A.xlsx").write_bytes(data)
    assert CliRunner().invoke(main, ["run", str(tmp / "src"), "-o", str(first)]).exit_code == 0
    w = start()
    shutil.copy(tmp / "src" / "Renja Dinas A.xlsx", inp / "Renja Dinas A.xlsx")
    w.wait_for(lambda: "Renja Dinas A.xlsx" in opd(out), "the recap row")
    shutil.copy(first / "rekap.xlsx", inp / "rekap lama.xlsx")
    w.wait_line("dilewati: rekap lama.xlsx")
    w.wait_line("rekap diperbarui (1 workbook", 2)
    assert set(opd(out)) == {"Renja Dinas A.xlsx"}
    record = json.loads((out / ".lkjip" / "putaran.json").read_text(encoding="utf-8"))
    assert [wb["name"] for wb in record["workbooks"]] == ["Renja Dinas A.xlsx"]
    assert w.stop() == 0


@posix_only
@pytest.mark.parametrize("mode", MODES)
def test_slow_copy_in_chunks_is_taken_only_when_complete(folders, mode):
    tmp, inp, out, start = folders
    w = start(*mode)
    data = workbook_bytes(tmp, 7)
    target = inp / "Lambat.xlsx"
    chunks = [data[i:i + len(data) // 6 + 1] for i in range(0, len(data), len(data) // 6 + 1)]
    with open(target, "wb") as fh:
        for i, chunk in enumerate(chunks):
            fh.write(chunk)
            fh.flush()
            # one pause longer than the settle time: stable but not yet a valid package
            time.sleep(0.6 if i == 2 else 0.1)
            assert not (out / "Lambat.xlsx").exists(), "taken half-written"
    w.wait_for(lambda: "Lambat.xlsx" in opd(out), "the recap row")
    assert (out / "Lambat.xlsx").read_bytes() == expected_output(tmp, data, "Lambat.xlsx")
    assert opd(out)["Lambat.xlsx"][6] == pytest.approx(70.0)
    assert "gagal" not in w.log
    assert w.log.count("diterima: Lambat.xlsx") == 1
    assert w.stop() == 0


@posix_only
@pytest.mark.parametrize("mode", MODES)
def test_excel_save_temp_then_rename_and_lock_files(folders, mode):
    tmp, inp, out, start = folders
    v1, v2 = workbook_bytes(tmp, 3), workbook_bytes(tmp, 9)
    (inp / "Renja.xlsx").write_bytes(v1)
    w = start(*mode)
    w.wait_for(lambda: "Renja.xlsx" in opd(out), "the first version")
    assert opd(out)["Renja.xlsx"][6] == pytest.approx(30.0)
    # Excel opens the file: lock file (owner name, 165 bytes); LibreOffice's lock too.
    (inp / "~$Renja.xlsx").write_bytes(b"\x05Staff" + b" " * 159)
    (inp / ".~lock.Renja.xlsx#").write_text("staff,PC,12345;")
    # Excel saves: new content to a temporary name, original renamed away, temporary renamed over it.
    (inp / "A1B2C3D4").write_bytes(v2)
    os.replace(inp / "Renja.xlsx", inp / "~WRL0001.tmp")
    os.replace(inp / "A1B2C3D4", inp / "Renja.xlsx")
    (inp / "~WRL0001.tmp").unlink()
    w.wait_for(lambda: opd(out).get("Renja.xlsx", [None] * 7)[6] == pytest.approx(90.0), "the saved version")
    assert (out / "Renja.xlsx").read_bytes() == expected_output(tmp, v2, "Renja.xlsx")
    time.sleep(1.0)    # lock files present well past settle + grace: still nothing happens
    log = w.log
    assert "dihapus:" not in log and "gagal" not in log and "~$" not in log and ".~lock" not in log
    assert log.count("diterima: Renja.xlsx") == 2
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == ["Renja.xlsx", "rekap.xlsx"]
    assert list(opd(out)) == ["Renja.xlsx"]
    assert w.stop() == 0


@posix_only
@pytest.mark.parametrize("mode", MODES)
def test_corrupt_file_is_reported_and_watching_continues(folders, mode):
    tmp, inp, out, start = folders
    w = start(*mode)
    good = workbook_bytes(tmp, 4)
    (inp / "Rusak.xlsx").write_bytes(good[: len(good) // 2])       # a truncated package
    (inp / "Teks.xlsx").write_bytes(b"ini bukan workbook\n")         # not a package at all
    w.wait_line("gagal: Rusak.xlsx:")
    w.wait_line("gagal: Teks.xlsx:")
    (inp / "Baik.xlsx").write_bytes(good)
    w.wait_for(lambda: {"Rusak.xlsx", "Teks.xlsx", "Baik.xlsx"} <= set(opd(out)), "three recap rows")
    rows = rekap_rows(out)
    assert rows["Rekap OPD"]["Rusak.xlsx"][0][11] == "gagal"
    assert rows["Rekap OPD"]["Baik.xlsx"][0][11] == "selesai"
    assert "Rusak.xlsx" in rows["Masalah"] and "Teks.xlsx" in rows["Masalah"]
    assert rows["Masalah"]["Rusak.xlsx"][0][3] == "galat"
    assert not (out / "Rusak.xlsx").exists() and (out / "Baik.xlsx").exists()
    # the console counts failed files apart from completed workbooks
    w.wait_line("rekap diperbarui (1 workbook lengkap, 2 berkas gagal)")
    assert w.stop() == 0


@posix_only
@pytest.mark.parametrize("mode", MODES)
def test_deleted_input_removes_output_and_recap_rows(folders, mode):
    tmp, inp, out, start = folders
    (inp / "A.xlsx").write_bytes(workbook_bytes(tmp, 2, "Dinas A"))
    (inp / "B.xlsx").write_bytes(workbook_bytes(tmp, 6, "Dinas B"))
    w = start(*mode)
    w.wait_for(lambda: {"A.xlsx", "B.xlsx"} <= set(opd(out)), "both recap rows")
    assert rekap_rows(out)["Indikator"].keys() == {"A.xlsx", "B.xlsx"}
    (inp / "A.xlsx").unlink()
    w.wait_for(lambda: set(opd(out)) == {"B.xlsx"}, "A.xlsx gone from the recap")
    rows = rekap_rows(out)
    assert "A.xlsx" not in rows["Indikator"] and "A.xlsx" not in rows["Masalah"]
    assert not (out / "A.xlsx").exists() and (out / "B.xlsx").exists()
    assert not st.state_path(out, "A.xlsx").exists() and st.state_path(out, "B.xlsx").exists()
    assert "dihapus: A.xlsx" in w.log
    assert w.stop() == 0


# -- restarts and stopping ----------------------------------------------------------------------------------
@posix_only
def test_restart_recomputes_only_what_changed(folders):
    tmp, inp, out, start = folders
    (inp / "Tetap.xlsx").write_bytes(workbook_bytes(tmp, 5, "Dinas Tetap"))
    (inp / "Ubah.xlsx").write_bytes(workbook_bytes(tmp, 1, "Dinas Ubah"))
    (inp / "Hapus.xlsx").write_bytes(workbook_bytes(tmp, 8, "Dinas Hapus"))
    w = start()
    w.wait_for(lambda: len(opd(out)) == 3, "three recap rows")
    assert w.stop(signal.SIGINT) == 0           # Ctrl+C
    assert "berhenti" in w.log
    stamps = {p.name: p.stat().st_mtime_ns for p in out.glob("*.xlsx") if p.name != "rekap.xlsx"}
    state_stamps = {p.name: p.stat().st_mtime_ns for p in st.state_dir(out).iterdir()}

    # 1. nothing changed: nothing recomputed, nothing rewritten
    w = start()
    w.wait_line("rekap diperbarui (3 workbook lengkap)")
    assert "3 workbook tidak berubah; tidak dihitung ulang" in w.log
    assert "diterima" not in w.log
    assert {p.name: p.stat().st_mtime_ns for p in out.glob("*.xlsx") if p.name != "rekap.xlsx"} == stamps
    assert {p.name: p.stat().st_mtime_ns for p in st.state_dir(out).iterdir()} == state_stamps
    assert w.stop() == 0

    # 2. while stopped: one input changed, one deleted, one only touched
    changed = workbook_bytes(tmp, 10, "Dinas Ubah")
    (inp / "Ubah.xlsx").write_bytes(changed)
    (inp / "Hapus.xlsx").unlink()
    os.utime(inp / "Tetap.xlsx", ns=(time.time_ns(), time.time_ns()))
    w = start()
    w.wait_for(lambda: set(opd(out)) == {"Tetap.xlsx", "Ubah.xlsx"}
               and opd(out)["Ubah.xlsx"][6] == pytest.approx(100.0), "the updated recap")
    log = w.log
    assert "1 workbook tidak berubah" in log and "diterima: Ubah.xlsx" in log and "dihapus: Hapus.xlsx" in log
    assert "diterima: Tetap.xlsx" not in log
    assert (out / "Tetap.xlsx").stat().st_mtime_ns == stamps["Tetap.xlsx"]
    assert (out / "Ubah.xlsx").read_bytes() == expected_output(tmp, changed, "Ubah.xlsx")
    assert not (out / "Hapus.xlsx").exists() and not st.state_path(out, "Hapus.xlsx").exists()
    assert w.stop() == 0

    # 3. other settings (--config): every result is recomputed
    (tmp / "lain.toml").write_text("desimal = 1\n", encoding="utf-8")
    w = start("--config", str(tmp / "lain.toml"))
    w.wait_for(lambda: w.log.rfind("rekap diperbarui (2 workbook lengkap)") > w.log.rfind("selesai: ")
               and w.log.count("selesai: ") == 2, "both recomputed and recapped")
    assert "diterima: Tetap.xlsx" in w.log and "diterima: Ubah.xlsx" in w.log
    assert w.stop() == 0


@posix_only
def test_sigterm_while_completing_stops_cleanly_and_a_restart_finishes(folders):
    from tests.builders import build_e81

    tmp, inp, out, start = folders
    build_e81(tmp / "besar.xlsx", 600)            # big enough to take a noticeable time to complete
    w = start("--poll")
    for i in range(2):
        shutil.copy(tmp / "besar.xlsx", inp / f"OPD {i}.xlsx")
    w.wait_line("diterima: OPD 0.xlsx")
    assert w.stop(signal.SIGTERM) == 0            # the workbook being completed is finished, no other one taken
    log = w.log
    assert "selesai: OPD 0.xlsx" in log and "diterima: OPD 1.xlsx" not in log
    assert log.rstrip().splitlines()[-1].endswith("berhenti: pemantauan dihentikan; 1 workbook tercatat di rekap")
    assert no_temp_files(out) == []
    assert set(opd(out)) == {"OPD 0.xlsx"}        # the recap was brought up to date before exiting

    w = start("--poll")
    w.wait_line("diterima: OPD 1.xlsx")
    w.proc.send_signal(signal.SIGTERM)
    time.sleep(0.05)
    assert w.stop(signal.SIGTERM) == 0            # a second signal: stop now, half-written files removed
    assert "dihentikan paksa" in w.log
    assert "Traceback" not in w.log and "Exception ignored" not in w.log, w.log   # never raised into a library
    assert no_temp_files(out) == []

    w = start("--poll")
    w.wait_for(lambda: len(opd(out)) == 2, "two recap rows")
    assert "diterima: OPD 0.xlsx" not in w.log
    assert w.stop() == 0
    assert no_temp_files(out) == []
    assert len(list(st.state_dir(out).glob("*.json"))) == 2


def test_usage_errors_exit_2(tmp_path):
    inp = tmp_path / "masuk"
    inp.mkdir()
    (inp / "x.xlsx").write_bytes(b"")
    runner = CliRunner()
    cases = [[str(tmp_path / "tidak-ada"), "-o", str(tmp_path / "o")],
             [str(inp), "-o", str(inp)],
             [str(inp), "-o", str(inp / "keluar")],
             [str(inp / "x.xlsx"), "-o", str(tmp_path / "o")]]
    for args in cases:
        result = runner.invoke(main, ["watch", *args])
        assert result.exit_code == 2 and "Galat:" in result.output, (args, result.output)
    assert runner.invoke(main, ["watch", str(inp)]).exit_code == 2       # -o is required
    assert not (inp / "keluar").exists()


# -- in-process: a file saved again while it is being completed ---------------------------------------------
def test_file_changed_while_processing_is_processed_again(tmp_path, monkeypatch):
    inp, out = tmp_path / "masuk", tmp_path / "keluar"
    inp.mkdir()
    v1, v2 = workbook_bytes(tmp_path, 2), workbook_bytes(tmp_path, 8)
    real = watch_mod.complete_workbook
    calls = []

    def slow_complete(src, dst, config, name):
        calls.append(name)
        result = real(src, dst, config, name=name)
        if len(calls) == 1:                 # staff save again while the first version is being completed
            Path(src).write_bytes(v2)
        return result

    monkeypatch.setattr(watch_mod, "complete_workbook", slow_complete)
    lines: list[str] = []
    w = watch_mod.Watcher(inp, out, DEFAULT, settle=0.2, echo=lines.append)
    thread = threading.Thread(target=w.run)
    thread.start()
    try:
        (inp / "Dua kali.xlsx").write_bytes(v1)
        end = time.monotonic() + TIMEOUT
        while not (len(calls) >= 2 and not w.pending and not w.rekap_dirty) and time.monotonic() < end:
            time.sleep(0.05)
    finally:
        w.stop()
        thread.join(TIMEOUT)
    text = "\n".join(lines)
    assert len(calls) == 2, text
    assert "berubah saat diproses: Dua kali.xlsx" in text
    assert (out / "Dua kali.xlsx").read_bytes() == expected_output(tmp_path, v2, "Dua kali.xlsx")
    entry = st.load(st.state_path(out, "Dua kali.xlsx"))
    assert entry.sha256 == st.file_sha256(inp / "Dua kali.xlsx")
    assert entry.result.average["K"] == Decimal("80.00")
    assert lines[-1].endswith("1 workbook tercatat di rekap")


# -- state files --------------------------------------------------------------------------------------------
def test_state_round_trip_gives_byte_identical_rekap(tmp_path):
    samples = sorted(p for p in SAMPLES.glob("*.xlsx"))
    assert samples, "bundled samples missing"
    results = [complete_workbook(p, None, DEFAULT, name=p.name) for p in samples]
    results.append(complete_workbook(_corrupt(tmp_path), None, DEFAULT, name="rusak.xlsx"))
    forms = {s.form for r in results for s in r.sheets}
    assert "Renja" in forms
    restored = [st.from_json(json.loads(json.dumps(st.to_json(r)))) for r in results]
    for a, b in zip(results, restored):
        assert st.to_json(a) == st.to_json(b)
        assert [type(s) for s in a.sheets] == [type(s) for s in b.sheets]
        assert all(s.layout is None for s in b.sheets)
    original = build_rekap(Report(SAMPLES, tmp_path, results), DEFAULT)
    again = build_rekap(Report(SAMPLES, tmp_path, restored), DEFAULT)
    assert original == again


def test_state_file_save_and_load(tmp_path):
    sample = sorted(SAMPLES.glob("*.xlsx"))[0]
    result = complete_workbook(sample, tmp_path / "o" / sample.name, DEFAULT, name=sample.name)
    entry = st.Entry(name=sample.name, sha256=st.file_sha256(sample), size=sample.stat().st_size,
                     mtime_ns=sample.stat().st_mtime_ns, settings=st.settings_fingerprint(DEFAULT),
                     output=sample.name, result=result)
    path = st.save(tmp_path / "o", entry)
    assert path.parent == tmp_path / "o" / ".lkjip" / "hasil" and not no_temp_files(tmp_path)
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["name"] == sample.name and doc["sha256"] == entry.sha256
    back = st.load(path)
    assert back.result.average == result.average and back.result.problems == result.problems
    assert st.to_json(back.result) == st.to_json(result)
    path.write_text("{rusak", encoding="utf-8")
    entries, bad = st.load_all(tmp_path / "o")
    assert entries == {} and len(bad) == 1


def _corrupt(tmp: Path) -> Path:
    path = tmp / "rusak.xlsx"
    path.write_bytes(b"PK\x03\x04 bukan zip")
    return path
