"""Shared helpers for the end-to-end tests (CLI, rekap, LibreOffice).

Workbooks are real .xlsx files written into tmp_path: small hand-computed ones with tests/mini.py, and the
realistic messy ones from tests/builders.py when that module is present.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import sys
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import Workbook

from tests.mini import e81_row, e81_workbook

REPO = Path(__file__).resolve().parents[1]

try:  # realistic builders, written by a colleague; optional until they land
    from tests import builders  # type: ignore
except ImportError:  # pragma: no cover - depends on the checkout
    builders = None


# -- hand-computed workbooks -------------------------------------------------------------------------
# Seed 002 (Dumai 2023) figures in the E.81 layout of tests/mini.py.  Rows 8 (program heading, no
# figures), 9, 10, 11 (data); Renstra columns 6/7 filled so a clean run has no warning at all.
DUMAI_HEADER = [["EVALUASI TERHADAP HASIL RENJA PERANGKAT DAERAH"],
                ["Perangkat Daerah : BKPSDM Kota Dumai"],
                ["Periode Pelaksanaan : Triwulan IV Tahun 2023"], []]
DUMAI_FIRST_DATA_ROW = 9


def dumai_rows() -> list[list]:
    return [
        e81_row(None, "5.03.01", "Program Kepegawaian Daerah", ""),
        e81_row(1, "5.03.01.2.01.01", "Koordinasi Pelaksanaan Administrasi Pemberhentian", "Jumlah dokumen pemberhentian",
                t6=(600, "400.000.000"), t7=(300, "200.000.000"), t8=("121 dokumen", "79.747.000"),
                q=((26, "18.000.000"), (30, "19.000.000"), (32, "20.000.000"), (43, "18.884.000"))),
        e81_row(2, "5.03.01.2.01.02", "Koordinasi dan Fasilitasi Pengadaan PNS dan PPPK", "Jumlah dokumen pengadaan",
                t6=(10, "2.000.000.000"), t7=(4, "800.000.000"), t8=(2, "409.979.243"),
                q=(("0,25", "100.000.000"), ("0,25", "100.000.000"), ("0,5", "100.000.000"), (1, "103.988.150"))),
        e81_row(3, "5.03.01.2.02.01", "Pengelolaan Mutasi ASN", "Jumlah dokumen mutasi",
                t6=(700, "1.000.000.000"), t7=(300, "500.000.000"), t8=("150 dokumen", "250.000.000"),
                q=((29, "50.000.000"), (36, "60.000.000"), (75, "55.000.000"), (127, "60.000.000"))),
    ]


# What those rows must give (computed by hand, see DOMAIN.md "Checked figures").
DUMAI_EXPECTED = {
    "Koordinasi Pelaksanaan Administrasi Pemberhentian": dict(
        kode="5.03.01.2.01.01", target=(121, 79_747_000), quarters=((26, 18_000_000), (30, 19_000_000),
                                                                    (32, 20_000_000), (43, 18_884_000)),
        realisasi=(131, 75_884_000), capaian=(108.26, 95.16), predikat="Sangat Tinggi"),
    "Koordinasi dan Fasilitasi Pengadaan PNS dan PPPK": dict(
        kode="5.03.01.2.01.02", target=(2, 409_979_243), quarters=((0.25, 100_000_000), (0.25, 100_000_000),
                                                                   (0.5, 100_000_000), (1, 103_988_150)),
        realisasi=(2, 403_988_150), capaian=(100.0, 98.54), predikat="Sangat Tinggi"),
    "Pengelolaan Mutasi ASN": dict(
        kode="5.03.01.2.02.01", target=(150, 250_000_000), quarters=((29, 50_000_000), (36, 60_000_000),
                                                                     (75, 55_000_000), (127, 60_000_000)),
        realisasi=(267, 225_000_000), capaian=(178.0, 90.0), predikat="Sangat Tinggi"),
}
# (108.26 + 100.00 + 178.00) / 3 = 128.7533 -> 128.75 ; (95.16 + 98.54 + 90.00) / 3 = 94.5667 -> 94.57
DUMAI_AVERAGE = (128.75, 94.57)


def make_dumai(path: Path, header: list[list] | None = None) -> Path:
    """A clean E.81 workbook with the Dumai figures: completes with status "selesai"."""
    return e81_workbook(Path(path), dumai_rows(), header=DUMAI_HEADER if header is None else header)


# A TW II round of a second agency (seed 003 IKU figures): 59 of 84 -> 70,24 % Sedang; 18 of 96 -> 18,75 %
# Sangat Rendah; quarters III and IV not reported yet.  Average K (70.24 + 18.75) / 2 = 44.495 -> 44.50
# (half-up on the decimal value; a float round() would give 44.49).
PARIWISATA_HEADER = [["EVALUASI TERHADAP HASIL RENJA"], ["Nama OPD : Dinas Pariwisata"],
                     ["Periode Pelaksanaan : Triwulan II Tahun 2024"], []]


def pariwisata_rows() -> list[list]:
    return [
        e81_row(1, "3.26.02.2.01.01", "Pengembangan Daya Tarik Wisata", "Jumlah kunjungan wisatawan (ribu)",
                t6=(400, "5.000.000.000"), t7=(160, "2.000.000.000"), t8=(84, "1.500.000.000"),
                q=((30, "300.000.000"), (29, "450.000.000"), (None, None), (None, None))),
        e81_row(2, "3.26.02.2.01.02", "Promosi Pariwisata", "Jumlah event promosi",
                t6=(500, "1.000.000.000"), t7=(200, "400.000.000"), t8=(96, "Rp 200.000.000"),
                q=((8, "Rp 50.000.000"), (10, "-"), (None, None), (None, None))),
    ]


PARIWISATA_AVERAGE = (44.50, 37.50)   # Rp: 750/1500 = 50,00 ; 50/200 = 25,00 -> 37,50


def make_pariwisata(path: Path, header: list[list] | None = None) -> Path:
    return e81_workbook(Path(path), pariwisata_rows(), header=PARIWISATA_HEADER if header is None else header)


def two_agencies(src: Path) -> Path:
    """A folder of two clean workbooks of two agencies (Dumai TW IV 2023, Pariwisata TW II 2024)."""
    src = Path(src)
    src.mkdir(parents=True, exist_ok=True)
    make_dumai(src / "Renja BKPSDM.xlsx")
    make_pariwisata(src / "Renja Pariwisata.xlsx")
    return src


def make_non_form(path: Path) -> Path:
    """A real workbook that holds no Evaluasi Renja / PK form."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Daftar Hadir"
    ws.append(["Daftar hadir rapat koordinasi"])
    ws.append(["Nama", "Jabatan", "Tanda tangan"])
    ws.append(["Budi", "Kepala Bidang", ""])
    ws.append(["Sari", "Analis", 3])
    wb.save(path)
    return Path(path)


def make_random_bytes(path: Path, n: int = 4096, seed: int = 86) -> Path:
    data = random.Random(seed).randbytes(n)
    Path(path).write_bytes(b"\x00\x01" + data)   # never starts with "PK"
    return Path(path)


def make_truncated(path: Path, good: Path) -> Path:
    data = Path(good).read_bytes()
    Path(path).write_bytes(data[: len(data) // 2])
    return Path(path)


def make_lock_file(path: Path) -> Path:
    # what Excel leaves next to an open workbook: a small owner file, not a zip
    Path(path).write_bytes(b"\x0bPegawai Bappeda" + b"\x00" * 40 + b" " * 110)
    return Path(path)


# -- realistic workbooks (tests/builders.py when present) ----------------------------------------------
def _call_builder(name: str, path: Path, *args):
    fn = getattr(builders, name, None) if builders is not None else None
    if fn is None:
        return None
    out = fn(Path(path), *args)
    return Path(out) if isinstance(out, (str, os.PathLike)) else Path(path)


def build_sumenep(path: Path) -> Path:
    """The Sumenep E.81 workbook from tests/builders.py, or the mini Dumai workbook as a stand-in."""
    return _call_builder("build_sumenep_e81", path) or make_dumai(path)


def build_dumai(path: Path) -> Path:
    """The Dumai RKPD-style workbook from tests/builders.py, or the mini Pariwisata workbook as a stand-in."""
    return _call_builder("build_dumai_rkpd", path) or make_pariwisata(path)


# -- files and the CLI -------------------------------------------------------------------------------
def sha256_tree(folder: Path) -> dict[str, str]:
    """relative path -> sha256 of every file below `folder` (hidden files included)."""
    folder = Path(folder)
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def invoke(args: list[str], **kw):
    """Run `lkjip ARGS` through click's CliRunner.  Any exception other than SystemExit is a test failure
    (a user must never see a traceback)."""
    from xlsx_lkjip.cli import main

    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=True, **kw)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        import traceback
        tb = "".join(traceback.format_exception(*result.exc_info))
        raise AssertionError(f"lkjip {' '.join(map(str, args))} raised:\n{tb}\noutput:\n{result.output}")
    assert "Traceback" not in result.output, result.output
    return result


def subprocess_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(REPO)] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
    env.setdefault("PYTHONIOENCODING", "utf-8")
    return env


PYTHON = sys.executable


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def need_soffice(purpose: str) -> str:
    """LibreOffice's path; the test skips (saying it is needed for `purpose`) where it is absent, except under CI
    (CI set), where .ci/run must have installed it and its absence fails the test."""
    exe = soffice_path()
    if exe is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is not on PATH but CI is set: .ci/run must install it "
                        "(apt-get update && apt-get install -y libreoffice-calc)")
        pytest.skip(f"LibreOffice (soffice/libreoffice) is not on PATH; install it to run {purpose}")
    return exe



# -- the C speedups, differential ------------------------------------------------------------------------
# Every workbook a test completes in this process (run, watch, check, the API) is completed a second time
# with the speedups (xlsx_lkjip/_speedups.c) switched the other way, and the two outputs must be
# byte-identical; every rekap rendering likewise.  With LKJIP_NO_SPEEDUPS=1 (the second pass of .ci/run) or
# without a built extension there is nothing to compare against, and the tests run the pure-Python code.

class SpeedupsDiffer(BaseException):
    """Raised where the two ways differ: a BaseException, so the batch's `except Exception` lets it through, and
    importable, so a pool worker can send it back."""


@pytest.fixture(autouse=True)
def same_bytes_without_speedups(monkeypatch):
    import copy

    from xlsx_lkjip import speedups

    if speedups._native is None or not speedups.ACTIVE:
        yield
        return
    from xlsx_lkjip.batch import workbook
    from xlsx_lkjip.io.package import Package
    from xlsx_lkjip.report.rekap import RekapWriter

    complete, render = workbook._complete, RekapWriter.render

    def other_way(fn, *args):
        on = speedups.read_cells is not None
        speedups.use(not on)
        try:
            return fn(*args)
        finally:
            speedups.use(on)

    def complete_twice(pkg, result, config, destination, summary_sheet):
        before = copy.deepcopy(result)    # what the result holds already (problems of the conversion …)
        complete(pkg, result, config, destination, summary_sheet)
        if destination is None or result.output is None:
            return
        dst = Path(tempfile.mkdtemp(prefix="other-way-")) / Path(destination).name

        def redo():
            with Package(pkg.path, config, getattr(pkg, "data", None)) as again_pkg:   # the bytes read, not the file now
                complete(again_pkg, before, config, dst, summary_sheet)
        try:
            other_way(redo)
            same = dst.read_bytes() == Path(destination).read_bytes()
        finally:
            shutil.rmtree(dst.parent, ignore_errors=True)
        if not same:
            raise SpeedupsDiffer(f"{result.name}: the completed workbook differs without the speedups")
        if [(p.code, p.sheet, p.cell, p.message) for p in result.problems] != \
                [(p.code, p.sheet, p.cell, p.message) for p in before.problems]:
            raise SpeedupsDiffer(f"{result.name}: the problems differ without the speedups")

    def render_twice(self, r):
        rendered = render(self, r)
        if other_way(render, self, r) != rendered:
            raise SpeedupsDiffer(f"{r.name}: the rekap rows differ without the speedups")
        return rendered

    monkeypatch.setattr(workbook, "_complete", complete_twice)
    monkeypatch.setattr(RekapWriter, "render", render_twice)
    yield
