"""The command-line contract of issue 3: `lkjip run [INPUT] [-o OUTPUT] [--recursive]`."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.badfiles import sheet_rows, summary
from tests.conftest import (PYTHON, invoke, make_dumai, make_lock_file, make_non_form, make_pariwisata,
                            make_random_bytes, make_truncated, sha256_tree, subprocess_env)

NO_FORM = "tidak ditemukan formulir Evaluasi Renja atau PK"


def output_files(folder: Path) -> set[str]:
    """The files of an output folder, lkjip's round record (.lkjip/) aside."""
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*")
            if p.is_file() and p.relative_to(folder).parts[0] != ".lkjip"}


def computed_capaian(path: Path, row: int) -> tuple:
    """(capaian K, capaian Rp) written in column 14 of the mini E.81 layout (V, W)."""
    wb = load_workbook(path)
    ws = wb.active
    return ws.cell(row, 22).value, ws.cell(row, 23).value


@pytest.fixture
def two_good(tmp_path) -> Path:
    src = tmp_path / "input"
    src.mkdir()
    make_dumai(src / "Renja BKPSDM Dumai.xlsx")
    make_pariwisata(src / "Renja Dinas Pariwisata.xlsx")
    return src


# -- the happy path --------------------------------------------------------------------------------------

def test_run_folder_completes_every_workbook(two_good, tmp_path):
    out = tmp_path / "output"
    result = invoke(["run", two_good, "-o", out])
    assert result.exit_code == 0, result.output
    assert output_files(out) == {"Renja BKPSDM Dumai.xlsx", "Renja Dinas Pariwisata.xlsx", "rekap.xlsx"}
    # one progress line per workbook, then the summary
    assert re.search(r"\[1/2\] Renja BKPSDM Dumai\.xlsx: selesai", result.output), result.output
    assert re.search(r"\[2/2\] Renja Dinas Pariwisata\.xlsx: selesai", result.output), result.output
    assert summary(result.output) == (2, 0, 0, 2)
    assert "rekap.xlsx" in result.output
    assert computed_capaian(out / "Renja BKPSDM Dumai.xlsx", 9) == (108.26, 95.16)
    assert computed_capaian(out / "Renja Dinas Pariwisata.xlsx", 8) == (70.24, 50)


def test_single_file_as_input(two_good, tmp_path):
    out = tmp_path / "hasil"
    result = invoke(["run", two_good / "Renja BKPSDM Dumai.xlsx", "-o", out])
    assert result.exit_code == 0, result.output
    assert output_files(out) == {"Renja BKPSDM Dumai.xlsx", "rekap.xlsx"}
    assert summary(result.output) == (1, 0, 0, 1)
    assert [r["Berkas"] for r in sheet_rows(out / "rekap.xlsx", "Rekap OPD")] == ["Renja BKPSDM Dumai.xlsx"]


def test_defaults_input_and_output(tmp_path, monkeypatch):
    (tmp_path / "input").mkdir()
    make_dumai(tmp_path / "input" / "Renja A.xlsx")
    monkeypatch.chdir(tmp_path)
    result = invoke(["run"])
    assert result.exit_code == 0, result.output
    assert output_files(tmp_path / "output") == {"Renja A.xlsx", "rekap.xlsx"}


def test_default_output_with_explicit_input(tmp_path, monkeypatch):
    src = tmp_path / "laporan"
    src.mkdir()
    make_dumai(src / "Renja A.xlsx")
    monkeypatch.chdir(tmp_path)
    result = invoke(["run", "laporan"])
    assert result.exit_code == 0, result.output
    assert output_files(tmp_path / "output") == {"Renja A.xlsx", "rekap.xlsx"}


def test_xlsm_taken_other_files_not_processed_but_named(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    make_dumai(src / "Renja makro.xlsm")
    make_pariwisata(src / "Renja B.XLSX")
    (src / "catatan.txt").write_text("bukan workbook", encoding="utf-8")
    (src / "Renja.pdf").write_bytes(b"%PDF-1.4\n")
    result = invoke(["run", src, "-o", out])
    assert result.exit_code == 0, result.output
    assert output_files(out) == {"Renja makro.xlsm", "Renja B.XLSX", "rekap.xlsx"}
    # not processed, not counted; named once so a PDF an agency sent does not vanish without a word
    assert [ln for ln in result.output.splitlines() if "catatan" in ln or "pdf" in ln] == [
        "Dilewati (bukan workbook): catatan.txt, Renja.pdf"]
    assert summary(result.output) == (2, 0, 0, 2)


def test_lock_and_hidden_files_are_skipped_silently(two_good, tmp_path):
    make_lock_file(two_good / "~$Renja BKPSDM Dumai.xlsx")
    make_dumai(two_good / ".Renja tersembunyi.xlsx")          # even a valid workbook, when hidden
    make_random_bytes(two_good / ".~lock.Renja Dinas Pariwisata.xlsx#")
    out = tmp_path / "output"
    result = invoke(["run", two_good, "-o", out])
    assert result.exit_code == 0, result.output
    assert summary(result.output) == (2, 0, 0, 2)
    assert "~$" not in result.output and "tersembunyi" not in result.output
    assert output_files(out) == {"Renja BKPSDM Dumai.xlsx", "Renja Dinas Pariwisata.xlsx", "rekap.xlsx"}
    names = [r["Berkas"] for r in sheet_rows(out / "rekap.xlsx", "Rekap OPD")]
    assert names == ["Renja BKPSDM Dumai.xlsx", "Renja Dinas Pariwisata.xlsx"]
    assert sheet_rows(out / "rekap.xlsx", "Masalah") == []


def test_not_recursive_unless_asked(tmp_path):
    src = tmp_path / "in"
    (src / "Bidang Mutasi" / "2024").mkdir(parents=True)
    (src / ".arsip").mkdir()
    make_dumai(src / "Renja Induk.xlsx")
    make_dumai(src / "Bidang Mutasi" / "Renja Mutasi.xlsx")
    make_pariwisata(src / "Bidang Mutasi" / "2024" / "Renja TW II.xlsx")
    make_dumai(src / ".arsip" / "lama.xlsx")                   # hidden folder: skipped

    flat = invoke(["run", src, "-o", tmp_path / "flat"])
    assert flat.exit_code == 0, flat.output
    assert output_files(tmp_path / "flat") == {"Renja Induk.xlsx", "rekap.xlsx"}
    assert summary(flat.output)[3] == 1

    deep = invoke(["run", src, "-o", tmp_path / "deep", "--recursive"])
    assert deep.exit_code == 0, deep.output
    assert output_files(tmp_path / "deep") == {"Renja Induk.xlsx", "Bidang Mutasi/Renja Mutasi.xlsx",
                                                "Bidang Mutasi/2024/Renja TW II.xlsx", "rekap.xlsx"}
    assert summary(deep.output) == (3, 0, 0, 3)
    names = {r["Berkas"] for r in sheet_rows(tmp_path / "deep" / "rekap.xlsx", "Rekap OPD")}
    assert names == {"Renja Induk.xlsx", "Bidang Mutasi/Renja Mutasi.xlsx", "Bidang Mutasi/2024/Renja TW II.xlsx"}
    assert computed_capaian(tmp_path / "deep" / "Bidang Mutasi" / "2024" / "Renja TW II.xlsx", 8) == (70.24, 50)


def test_empty_folder(tmp_path):
    """Issue 14 §6: an empty folder is most likely the wrong folder: said, exit 1, no (empty) rekap."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "catatan.txt").write_text("bukan workbook")   # files that are no workbook do not count either
    result = invoke(["run", src, "-o", tmp_path / "out"])
    assert result.exit_code == 1, result.output
    assert "tidak ada workbook" in result.output
    assert not (tmp_path / "out").exists()      # nothing written: no rekap, no round record
    check = invoke(["check", src])
    assert check.exit_code == 1 and "tidak ada workbook" in check.output


def test_warnings_still_exit_zero(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    from tests.mini import e81_row, e81_workbook
    e81_workbook(src / "Renja peringatan.xlsx", [
        e81_row(1, "1.02.01.2.01.01", "Pelayanan Kesehatan", "Jumlah layanan", t6=(100, 1000), t7=(10, 100),
                t8=(50, 500), q=((10, 100), ("belum ada data", None), (None, None), (None, None))),
        e81_row(2, "1.02.01.2.01.02", "Penyuluhan", "Jumlah penyuluhan", t6=(10, 100), t7=(1, 10),
                t8=(None, 100), q=((3, 50), (None, None), (None, None), (None, None))),
    ])
    result = invoke(["run", src, "-o", tmp_path / "out"])
    assert result.exit_code == 0, result.output
    assert "Renja peringatan.xlsx: selesai, ada peringatan" in result.output
    assert summary(result.output) == (0, 1, 0, 1)
    assert (tmp_path / "out" / "Renja peringatan.xlsx").is_file()


# -- usage errors: exit 2, Bahasa Indonesia, nothing written ----------------------------------------------

def _assert_usage_error(result):
    assert result.exit_code == 2, result.output
    assert "Galat" in result.output or "tidak" in result.output, result.output
    assert "Traceback" not in result.output
    assert "Error:" not in result.output          # click's English usage banner


def test_missing_input_is_usage_error(tmp_path):
    result = invoke(["run", tmp_path / "tidak-ada", "-o", tmp_path / "out"])
    _assert_usage_error(result)
    assert "tidak ditemukan" in result.output
    assert not (tmp_path / "out").exists()


def test_missing_default_input_is_usage_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke(["run"])
    _assert_usage_error(result)
    assert "tidak ditemukan" in result.output
    assert not (tmp_path / "output").exists()


def test_output_equal_to_input_is_usage_error(two_good):
    before = sha256_tree(two_good)
    result = invoke(["run", two_good, "-o", two_good])
    _assert_usage_error(result)
    assert "tidak boleh sama" in result.output
    assert sha256_tree(two_good) == before


def test_output_equal_to_input_spelled_differently(two_good, monkeypatch):
    monkeypatch.chdir(two_good)
    before = sha256_tree(two_good)
    result = invoke(["run", ".", "-o", f"../{two_good.name}/"])
    _assert_usage_error(result)
    assert sha256_tree(two_good) == before


def test_single_file_output_into_its_own_folder_is_usage_error(two_good):
    before = sha256_tree(two_good)
    result = invoke(["run", two_good / "Renja BKPSDM Dumai.xlsx", "-o", two_good])
    _assert_usage_error(result)
    assert sha256_tree(two_good) == before


def test_output_inside_input_is_usage_error(two_good):
    before = sha256_tree(two_good)
    result = invoke(["run", two_good, "-o", two_good / "hasil"])
    _assert_usage_error(result)
    assert "di dalam folder INPUT" in result.output
    assert not (two_good / "hasil").exists()
    assert sha256_tree(two_good) == before


def test_output_is_a_file_is_usage_error(two_good, tmp_path):
    (tmp_path / "out.xlsx").write_bytes(b"x")
    result = invoke(["run", two_good, "-o", tmp_path / "out.xlsx"])
    _assert_usage_error(result)


# -- a bad folder: exit 1, good ones completed, bad ones named --------------------------------------------

@pytest.fixture
def mixed(tmp_path) -> Path:
    src = tmp_path / "input"
    src.mkdir()
    good_a = make_dumai(src / "A Renja BKPSDM.xlsx")
    make_pariwisata(src / "B Renja Pariwisata.xlsx")
    make_random_bytes(src / "C acak.xlsx")
    make_truncated(src / "D terpotong.xlsx", good_a)
    make_non_form(src / "E daftar hadir.xlsx")
    make_lock_file(src / "~$A Renja BKPSDM.xlsx")
    return src


BAD = ["C acak.xlsx", "D terpotong.xlsx", "E daftar hadir.xlsx"]
GOOD = ["A Renja BKPSDM.xlsx", "B Renja Pariwisata.xlsx"]


def test_mixed_folder(mixed, tmp_path):
    out = tmp_path / "output"
    before = sha256_tree(mixed)
    result = invoke(["run", mixed, "-o", out])
    assert result.exit_code == 1, result.output
    assert summary(result.output) == (2, 0, 3, 5)

    # the good ones completed, nothing written for the bad ones, the rekap written, no temp files
    assert output_files(out) == set(GOOD) | {"rekap.xlsx"}
    assert computed_capaian(out / GOOD[0], 9) == (108.26, 95.16)
    assert not list(out.rglob("*.tmp")) and [p.name for p in out.rglob(".*")] == [".lkjip"]

    # the bad ones named on the console, the lock file not at all
    for name in BAD:
        assert re.search(rf"{re.escape(name)}: gagal", result.output), result.output
    assert f"E daftar hadir.xlsx: gagal: {NO_FORM}" in result.output
    assert "~$" not in result.output
    assert "Masalah" in result.output

    opd = {r["Berkas"]: r for r in sheet_rows(out / "rekap.xlsx", "Rekap OPD")}
    assert sorted(opd) == sorted(GOOD + BAD)
    for name in BAD:
        assert opd[name]["Status"] == "gagal"
    for name in GOOD:
        assert opd[name]["Status"] == "selesai"

    problems = sheet_rows(out / "rekap.xlsx", "Masalah")
    by_file = {}
    for p in problems:
        by_file.setdefault(p["Berkas"], []).append(p)
    assert sorted(by_file) == sorted(BAD)
    for name in BAD:
        assert any(p["Tingkat"] == "galat" and p["Pesan"] and p["Yang perlu dilakukan"] for p in by_file[name])
    assert any(NO_FORM in p["Pesan"] for p in by_file["E daftar hadir.xlsx"])

    assert sha256_tree(mixed) == before


def _rewrite_zip(good: Path, path: Path, changes: dict[str, bytes | None]) -> Path:
    import zipfile
    with zipfile.ZipFile(good) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename in changes:
                if changes[info.filename] is not None:
                    zout.writestr(info.filename, changes[info.filename])
            else:
                zout.writestr(info, zin.read(info))
    return path


def _broken(kind: str, path: Path, good: Path) -> Path:
    import zipfile
    if kind == "empty":
        path.write_bytes(b"")
    elif kind == "zip-not-ooxml":
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("catatan.txt", "bukan workbook")
    elif kind == "old-xls-renamed":
        path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + b"Workbook".ljust(64, b"\x00"))
    elif kind == "encrypted":
        path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "EncryptionInfo".encode("utf-16-le"))
    elif kind == "broken-sheet-xml":
        _rewrite_zip(good, path, {"xl/worksheets/sheet1.xml": b"<?xml version='1.0'?><worksheet><sheetData><row>"})
    elif kind == "doctype":
        _rewrite_zip(good, path, {"xl/workbook.xml": b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>'
                                                      b"<workbook>&a;</workbook>"})
    elif kind == "no-workbook-part":
        _rewrite_zip(good, path, {"xl/workbook.xml": None})
    elif kind == "missing-sheet-part":
        _rewrite_zip(good, path, {"xl/worksheets/sheet1.xml": None})
    return path


# kind -> (Masalah code, text the console line must hold): what tells the staff member what is wrong and
# what to do, beyond "GAGAL"
SPECIFIC = {
    "encrypted": ("encrypted", "kata sandi"),
    "old-xls-renamed": ("not-a-workbook", "berkas .xls terpotong atau rusak"),   # a broken OLE file: read as .xls
}


@pytest.mark.parametrize("kind", ["empty", "zip-not-ooxml", "old-xls-renamed", "encrypted", "broken-sheet-xml",
                                  "doctype", "no-workbook-part", "missing-sheet-part"])
def test_broken_files_fail_cleanly(kind, tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    good = make_dumai(src / "A baik.xlsx")
    _broken(kind, src / "B rusak.xlsx", good)
    before = sha256_tree(src)
    result = invoke(["run", src, "-o", out])
    assert result.exit_code == 1, result.output
    assert re.search(r"B rusak\.xlsx: gagal: \S", result.output), result.output
    assert summary(result.output) == (1, 0, 1, 2)
    assert output_files(out) == {"A baik.xlsx", "rekap.xlsx"}
    problems = [r for r in sheet_rows(out / "rekap.xlsx", "Masalah") if r["Berkas"] == "B rusak.xlsx"]
    assert problems and all(p["Tingkat"] == "galat" and p["Yang perlu dilakukan"] for p in problems)
    assert not any("internal" in p["Pesan"] for p in problems), problems
    if kind in SPECIFIC:
        code, text = SPECIFIC[kind]
        assert [p["Kode"] for p in problems] == [code], problems
        line = next(l for l in result.output.splitlines() if "B rusak.xlsx: gagal" in l)
        assert text in line, line
    assert sha256_tree(src) == before


def test_failed_rows_fall_back_to_file_name_for_agency(mixed, tmp_path):
    out = tmp_path / "output"
    invoke(["run", mixed, "-o", out])
    opd = {r["Berkas"]: r for r in sheet_rows(out / "rekap.xlsx", "Rekap OPD")}
    assert opd["E daftar hadir.xlsx"]["Perangkat Daerah"] == "E daftar hadir"


def test_unreadable_file_rows_fall_back_to_file_name_for_agency(mixed, tmp_path):
    out = tmp_path / "output"
    invoke(["run", mixed, "-o", out])
    opd = {r["Berkas"]: r for r in sheet_rows(out / "rekap.xlsx", "Rekap OPD")}
    assert opd["C acak.xlsx"]["Perangkat Daerah"] == "C acak"
    assert opd["D terpotong.xlsx"]["Perangkat Daerah"] == "D terpotong"


def _make_numbered_table(path: Path) -> Path:
    """A list of employees whose columns are numbered 1..6 under the headings, as every Indonesian table
    is: a numbered row, but nothing to compute (no formula labels, no K/Rp, not the 17 E.81 columns)."""
    from openpyxl import Workbook
    wb = Workbook()
    ws = wb.active
    ws.append(["DAFTAR NOMINATIF PEGAWAI"])
    ws.append(["No", "Nama", "NIP", "Pangkat", "Jabatan", "Unit"])
    ws.append([1, 2, 3, 4, 5, 6])
    ws.append([1, "Budi", "198001012005011001", "Penata", "Analis", "Bidang Mutasi"])
    ws.append([2, "Sari", "198502022010012002", "Penata Muda", "Pengelola", "Bidang Diklat"])
    wb.save(path)
    return path


def test_numbered_table_without_anything_to_compute_is_not_a_form(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    _make_numbered_table(src / "nominatif pegawai.xlsx")
    result = invoke(["run", src, "-o", out])
    assert result.exit_code == 1, result.output
    assert f"nominatif pegawai.xlsx: gagal: {NO_FORM}" in result.output
    assert output_files(out) == {"rekap.xlsx"}


def test_rekap_write_failure_is_reported_without_traceback(two_good, tmp_path):
    out = tmp_path / "output"
    (out / "rekap.xlsx").mkdir(parents=True)   # the recap's name is taken by a folder
    result = invoke(["run", two_good, "-o", out])
    assert result.exit_code != 0, result.output
    assert "rekap tidak dapat ditulis" in result.output
    assert (out / "Renja BKPSDM Dumai.xlsx").is_file()
    assert not list(out.rglob("*.tmp"))


def test_write_failure_is_a_failed_workbook_and_leaves_no_temp_file(two_good, tmp_path):
    out = tmp_path / "output"
    (out / "Renja BKPSDM Dumai.xlsx").mkdir(parents=True)   # the target name is taken by a folder
    result = invoke(["run", two_good, "-o", out])
    assert result.exit_code == 1, result.output
    assert "Renja BKPSDM Dumai.xlsx: gagal" in result.output
    assert summary(result.output) == (1, 0, 1, 2)
    assert (out / "Renja Dinas Pariwisata.xlsx").is_file() and (out / "rekap.xlsx").is_file()
    assert not list(out.rglob("*.tmp"))
    opd = {r["Berkas"]: r["Status"] for r in sheet_rows(out / "rekap.xlsx", "Rekap OPD")}
    assert opd == {"Renja BKPSDM Dumai.xlsx": "gagal", "Renja Dinas Pariwisata.xlsx": "selesai"}


def test_input_named_rekap_does_not_hide_the_recap(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    make_dumai(src / "rekap.xlsx")
    out = tmp_path / "out"
    result = invoke(["run", src, "-o", out])
    assert result.exit_code == 0, result.output
    files = output_files(out)
    assert "rekap.xlsx" in files and len(files) == 2
    wb = load_workbook(out / "rekap.xlsx", read_only=True)
    assert "Rekap OPD" in wb.sheetnames
    wb.close()


# -- the input is never touched; outputs are deterministic ------------------------------------------------

def test_input_folder_byte_identical_after_run(mixed, tmp_path):
    (mixed / "sub").mkdir()
    make_dumai(mixed / "sub" / "Renja sub.xlsx")
    before = sha256_tree(mixed)
    stats = {p: p.stat().st_mtime_ns for p in mixed.rglob("*")}
    invoke(["run", mixed, "-o", tmp_path / "o1"])
    invoke(["run", mixed, "-o", tmp_path / "o2", "--recursive"])
    assert sha256_tree(mixed) == before
    assert {p: p.stat().st_mtime_ns for p in mixed.rglob("*")} == stats


def test_second_run_gives_byte_identical_outputs(mixed, tmp_path):
    (mixed / "sub").mkdir()
    make_pariwisata(mixed / "sub" / "Renja sub.xlsx")
    first = tmp_path / "o1"
    invoke(["run", mixed, "-o", first, "--recursive"])
    one = sha256_tree(first)
    assert "rekap.xlsx" in one and "sub/Renja sub.xlsx" in one
    # into another folder, and again into the same folder
    invoke(["run", mixed, "-o", tmp_path / "o2", "--recursive"])
    assert sha256_tree(tmp_path / "o2") == one
    invoke(["run", mixed, "-o", first, "--recursive"])
    assert sha256_tree(first) == one
    # the same files in another folder, under another name: the same bytes
    moved = tmp_path / "salinan masukan"
    shutil.copytree(mixed, moved)
    invoke(["run", moved, "-o", tmp_path / "o3", "--recursive"])
    assert sha256_tree(tmp_path / "o3") == one


def test_names_with_spaces_and_non_ascii(tmp_path):
    src = tmp_path / "masukan laporan"
    src.mkdir()
    name = "Évaluasi Dinas Pariwisata TW I.xlsx"
    make_pariwisata(src / name, header=[["EVALUASI TERHADAP HASIL RENJA"], []])
    make_dumai(src / "Renja Dinas Perhubungan – Ω.xlsx")
    before = sha256_tree(src)
    out = tmp_path / "keluaran ä"
    result = invoke(["run", src, "-o", out])
    assert result.exit_code == 0, result.output
    assert sha256_tree(src) == before
    assert name in result.output
    assert output_files(out) == {name, "Renja Dinas Perhubungan – Ω.xlsx", "rekap.xlsx"}
    assert computed_capaian(out / name, 6) == (70.24, 50)
    opd = {r["Berkas"]: r for r in sheet_rows(out / "rekap.xlsx", "Rekap OPD")}
    assert opd[name]["Perangkat Daerah"] == "Évaluasi Dinas Pariwisata"   # file-name fall-back, without its round
    assert opd[name]["Triwulan"] == "I"


# -- a real process --------------------------------------------------------------------------------------

def test_python_m_help_subprocess():
    proc = subprocess.run([PYTHON, "-m", "xlsx_lkjip", "--help"], capture_output=True, text=True,
                          encoding="utf-8", env=subprocess_env(), timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "run" in proc.stdout and "Traceback" not in proc.stdout + proc.stderr
    proc = subprocess.run([PYTHON, "-m", "xlsx_lkjip", "run", "--help"], capture_output=True, text=True,
                          encoding="utf-8", env=subprocess_env(), timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "--recursive" in proc.stdout and "--output" in proc.stdout


def test_python_m_run_subprocess(mixed, tmp_path):
    out = tmp_path / "output"
    proc = subprocess.run([PYTHON, "-m", "xlsx_lkjip", "run", mixed.name, "-o", out.name], cwd=tmp_path,
                          capture_output=True, text=True, encoding="utf-8", env=subprocess_env(), timeout=120)
    both = proc.stdout + proc.stderr
    assert proc.returncode == 1, both
    assert "Traceback" not in both
    assert summary(proc.stdout) == (2, 0, 3, 5)
    assert len(re.findall(r"^\[\d/5\] ", proc.stdout, re.M)) == 5
    assert output_files(out) == set(GOOD) | {"rekap.xlsx"}


def test_python_m_usage_error_subprocess(tmp_path):
    proc = subprocess.run([PYTHON, "-m", "xlsx_lkjip", "run", "tidak-ada"], cwd=tmp_path, capture_output=True,
                          text=True, encoding="utf-8", env=subprocess_env(), timeout=60)
    assert proc.returncode == 2
    assert "tidak ditemukan" in proc.stderr + proc.stdout
    assert "Traceback" not in proc.stderr + proc.stdout


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_interactive_terminal_progress_bar(mixed, tmp_path):
    """On a terminal a progress bar replaces the per-workbook lines; failures are still named."""
    import pty

    master, slave = pty.openpty()
    try:
        proc = subprocess.run([PYTHON, "-m", "xlsx_lkjip", "run", mixed.name, "-o", "out"], cwd=tmp_path,
                              stdin=subprocess.DEVNULL, stdout=slave, stderr=subprocess.PIPE, env=subprocess_env(),
                              timeout=120)
        os.close(slave)
        chunks = []
        while True:
            try:
                data = os.read(master, 65536)
            except OSError:
                break
            if not data:
                break
            chunks.append(data)
    finally:
        os.close(master)
    stdout = b"".join(chunks).decode("utf-8", "replace")
    stderr = proc.stderr.decode("utf-8", "replace")
    assert proc.returncode == 1, stdout + stderr
    assert "Traceback" not in stdout + stderr
    assert summary(stdout) == (2, 0, 3, 5)
    for name in BAD:
        assert name in stderr
    assert output_files(tmp_path / "out") == set(GOOD) | {"rekap.xlsx"}
