"""Issue 5, workbooks in every state: where the form sits, what the cells hold, which program saved the file.
Each test makes the workbook, runs `lkjip run`, and checks the exit code, the console, the rekap (Rekap OPD and
Masalah) and, through the `guard` fixture, that the input is byte-identical afterwards."""

from __future__ import annotations

import datetime
import os
import shutil
import subprocess
import zipfile
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.badfiles import (CONSOLE_MARK, DUMAI_CAPAIAN, ROW9_CAPAIAN, SHEET1, assert_valid_workbook, capaian, fill, form_rows,
                            form_workbook, form_workbook_xlsxwriter, guard, patch_cells, read_cells,
                            ref, run_cli, shared_to_inline, sheet_part, sheet_rows, summary)
from tests.conftest import (make_dumai, make_lock_file, make_non_form, make_random_bytes, make_truncated,
                            pariwisata_rows, soffice_path)
from tests.mini import e81_row
from tests.zipedit import read_entries, rewrite
from xlsx_lkjip.api import DENGAN_PERINGATAN, GAGAL, SELESAI

__all__ = ["guard"]

SHEET = "Evaluasi"
L9, M9 = ref(9, "K", 9), ref(9, "Rp", 9)          # realisasi TW I of row 9 (K, Rp)
V9, W9 = ref(14, "K", 9), ref(14, "Rp", 9)        # capaian of row 9 (K, Rp)


def one(tmp_path: Path, guard, name: str, make) -> tuple:
    """INPUT holding the one workbook made by `make(path)`; returns (run, output workbook path)."""
    src = tmp_path / "in"
    src.mkdir()
    make(src / name)
    guard.watch(src)
    out = tmp_path / "out"
    return run_cli(src, out), out / name


def warnings_for(run, name: str, code: str = "not-a-number") -> dict[str, dict]:
    return {p["Sel"]: p for p in run.problems(name) if p["Kode"] == code}


def rows_workbook(rows: list[list]):
    """A maker of a workbook holding `rows` on the form's sheet (openpyxl)."""
    def make(path):
        from openpyxl import Workbook
        wb = Workbook()
        wb.active.title = SHEET
        fill(wb.active, rows)
        wb.save(path)
    return make


def assert_completed(run, name: str, status: str = SELESAI) -> None:
    assert run.exit_code == 0, run.output
    assert run.status(name) == status, (run.opd[name], run.masalah)
    assert f"{name}: {CONSOLE_MARK[status]}" in run.output


# -- where the form is ------------------------------------------------------------------------------------

def test_form_on_the_third_sheet(tmp_path, guard):
    def make(path):
        def before(wb, ws):
            cover = wb.create_sheet("Sampul", 0)
            cover["A1"] = "LAPORAN EVALUASI RENJA"
            cover["A2"] = 2024
            guide = wb.create_sheet("Petunjuk", 1)
            guide.append(["Kolom", "Isi"])
            guide.append([1, "Nomor"])
            guide.append([2, "Sasaran"])
        form_workbook(path, customize=before)

    run, out = one(tmp_path, guard, "Renja tiga sheet.xlsx", make)
    assert_completed(run, "Renja tiga sheet.xlsx")
    assert load_workbook(out).sheetnames == ["Sampul", "Petunjuk", SHEET, "Ringkasan lkjip"]
    for row, expected in DUMAI_CAPAIAN.items():
        assert capaian(out, row, SHEET) == expected
    # the other sheets are copied byte for byte
    src = tmp_path / "in" / "Renja tiga sheet.xlsx"
    before, after = read_entries(src), read_entries(out)
    for i in (0, 1):
        part = sheet_part(src, i)
        assert after[part] == before[part], part


def test_two_forms_in_one_workbook(tmp_path, guard):
    def make(path):
        def second(wb, ws):
            fill(wb.create_sheet("Renja TW II"), form_rows(pariwisata_rows()))
        form_workbook(path, customize=second)

    run, out = one(tmp_path, guard, "Renja dua formulir.xlsx", make)
    assert_completed(run, "Renja dua formulir.xlsx")
    assert capaian(out, 9, SHEET) == ROW9_CAPAIAN
    assert capaian(out, 8, "Renja TW II") == (70.24, 50)
    assert capaian(out, 9, "Renja TW II") == (18.75, 25)
    indikator = sheet_rows(tmp_path / "out" / "rekap.xlsx", "Indikator")
    assert sorted({(r["Sheet"], r["Baris"]) for r in indikator}) == [
        (SHEET, 9), (SHEET, 10), (SHEET, 11), ("Renja TW II", 8), ("Renja TW II", 9)]
    assert run.opd["Renja dua formulir.xlsx"]["Baris data"] == 5


def test_headers_but_no_data_rows(tmp_path, guard):
    run, out = one(tmp_path, guard, "Renja kosong.xlsx",
                   lambda p: form_workbook(p, data_rows=[e81_row(None, "5.03.01", "Program Kepegawaian Daerah", "")]))
    name = "Renja kosong.xlsx"
    assert run.exit_code == 0, run.output
    assert run.status(name) == DENGAN_PERINGATAN
    problems = run.problems(name)
    assert [p["Kode"] for p in problems] == ["no-data-rows"], problems
    assert problems[0]["Sel"] and problems[0]["Sheet"] == SHEET and problems[0]["Yang perlu dilakukan"]
    assert run.opd[name]["Baris data"] == 0
    assert_valid_workbook(out)


def test_missing_target_column(tmp_path, guard):
    """Figure 8 (the target) deleted: "14=13/8x100%" cannot be computed; a warning names the label's cell."""
    def make(path):
        form_workbook(path, customize=lambda wb, ws: ws.delete_cols(10, 2))      # J:K, figure 8 K and Rp

    run, out = one(tmp_path, guard, "Renja tanpa target.xlsx", make)
    name = "Renja tanpa target.xlsx"
    assert run.exit_code == 0, run.output
    assert run.status(name) == DENGAN_PERINGATAN
    problems = run.problems(name)
    assert [(p["Kode"], p["Sel"]) for p in problems] == [("unknown-label", "T6")], problems
    assert "14=13/8x100%" in problems[0]["Pesan"]
    assert_valid_workbook(out)


def test_missing_computed_columns_is_no_form(tmp_path, guard):
    """The numbered row stops at 12 (figures 13-17 deleted): nothing to compute, so not the form."""
    def make(path):
        form_workbook(path, customize=lambda wb, ws: ws.delete_cols(20, 9))      # T:AB, figures 13-17

    run, out = one(tmp_path, guard, "Renja tanpa kolom.xlsx", make)
    name = "Renja tanpa kolom.xlsx"
    assert run.exit_code == 1, run.output
    assert [p["Kode"] for p in run.problems(name)] == ["no-form"]
    assert not out.exists()


# -- merged cells, formulas, error values ----------------------------------------------------------------------

def test_merged_cells_across_data(tmp_path, guard):
    L10, L11 = ref(9, "K", 10), ref(9, "K", 11)
    merges = ["D9:D10", f"{L10}:{L11}", f"{V9}:{W9}", "A13:E13"]

    def make(path):
        def merge(wb, ws):
            for m in merges:
                ws.merge_cells(m)      # openpyxl, like Excel, empties every cell of the range but its top-left
        form_workbook(path, customize=merge)

    run, out = one(tmp_path, guard, "Renja gabung.xlsx", make)
    assert_completed(run, "Renja gabung.xlsx", DENGAN_PERINGATAN)
    wb = load_workbook(out)
    ws = wb[SHEET]
    assert sorted(str(m) for m in ws.merged_cells.ranges) == sorted(merges)
    assert ws[V9].value == 108.26                     # the anchor of the merged capaian
    assert ws[ref(14, "K", 10)].value == 100          # row 10 reads its own TW I K (the merge anchor)
    # row 11's TW I K lies under the merge anchored in row 10: an empty cell, so (36 + 75 + 127) of 150
    assert ws[ref(14, "K", 11)].value == round((36 + 75 + 127) / 150 * 100, 2)
    # both figures under a merge are said; the text merges (D9:D10, A13:E13) are not figures
    merged = {p["Sel"]: p for p in run.problems("Renja gabung.xlsx") if p["Kode"] == "merged-figure"}
    assert sorted(merged) == [L11, W9], run.masalah
    assert f"{L10}:{L11}" in merged[L11]["Pesan"] and "dianggap kosong" in merged[L11]["Pesan"]
    assert "tidak terlihat" in merged[W9]["Pesan"] and merged[W9]["Tingkat"] == "peringatan"
    assert merged[W9]["Yang perlu dilakukan"].startswith("Batalkan penggabungan")


def test_input_formula_with_cached_value_is_used_and_kept(tmp_path, guard):
    run, out = one(tmp_path, guard, "Renja rumus.xlsx",
                   lambda p: patch_cells(form_workbook(p), {L9: f'<c r="{L9}"><f>20+6</f><v>26</v></c>'}))
    assert_completed(run, "Renja rumus.xlsx")
    assert capaian(out, 9) == ROW9_CAPAIAN
    xml = read_entries(out)[SHEET1]
    assert f'<c r="{L9}"><f>20+6</f><v>26</v></c>'.encode() in xml    # an input: left exactly as it was


def test_input_formula_without_cached_value_is_a_warning_naming_the_cell(tmp_path, guard):
    def make(path):
        def formula(wb, ws):
            ws[L9] = "=20+6"                              # openpyxl writes no cached value
        form_workbook(path, customize=formula)

    run, out = one(tmp_path, guard, "Renja rumus.xlsx", make)
    assert_completed(run, "Renja rumus.xlsx", DENGAN_PERINGATAN)
    w = warnings_for(run, "Renja rumus.xlsx")
    assert list(w) == [L9] and w[L9]["Sheet"] == SHEET and "rumus" in w[L9]["Pesan"], run.masalah
    assert capaian(out, 9)[0] == round((30 + 32 + 43) / 121 * 100, 2)  # TW I K not reported


@pytest.mark.parametrize("error", ["#DIV/0!", "#REF!", "#N/A", "#VALUE!"])
def test_error_values_in_inputs_are_warnings_naming_the_cell(tmp_path, guard, error):
    run, out = one(tmp_path, guard, "Renja galat.xlsx", lambda p: patch_cells(form_workbook(p), {
        L9: f'<c r="{L9}" t="e"><v>{error}</v></c>',
        M9: f'<c r="{M9}" t="e"><f>1/0</f><v>{error}</v></c>'}))
    assert_completed(run, "Renja galat.xlsx", DENGAN_PERINGATAN)
    w = warnings_for(run, "Renja galat.xlsx")
    assert set(w) == {L9, M9}, run.masalah
    assert all(error in p["Pesan"] and p["Tingkat"] == "peringatan" for p in w.values())
    assert capaian(out, 9) == (round((30 + 32 + 43) / 121 * 100, 2), round((19 + 20 + 18.884) / 79.747 * 100, 2))


def test_error_value_in_a_computed_cell_is_replaced(tmp_path, guard):
    run, out = one(tmp_path, guard, "Renja galat hitung.xlsx", lambda p: patch_cells(form_workbook(p), {
        V9: f'<c r="{V9}" t="e"><f>T9/J9*100</f><v>#DIV/0!</v></c>'}))
    assert run.exit_code == 0, run.output
    assert capaian(out, 9) == ROW9_CAPAIAN
    assert b"T9/J9" not in read_entries(out)[SHEET1]


# -- values of the wrong type ---------------------------------------------------------------------------------

@pytest.mark.parametrize("kind, xml, word", [
    ("boolean", f'<c r="{L9}" t="b"><v>1</v></c>', "boolean"),
    ("ISO date", f'<c r="{L9}" t="d"><v>2024-03-01T00:00:00</v></c>', "tanggal"),
])
def test_booleans_and_dates_where_numbers_belong(tmp_path, guard, kind, xml, word):
    run, out = one(tmp_path, guard, "Renja tipe.xlsx", lambda p: patch_cells(form_workbook(p), {L9: xml}))
    assert_completed(run, "Renja tipe.xlsx", DENGAN_PERINGATAN)
    w = warnings_for(run, "Renja tipe.xlsx")
    assert list(w) == [L9] and word in w[L9]["Pesan"], run.masalah


def test_excel_date_where_a_number_belongs_is_a_warning(tmp_path, guard):
    def make(path):
        def date(wb, ws):
            ws[L9] = datetime.datetime(2024, 3, 1)
        form_workbook(path, customize=date)

    run, out = one(tmp_path, guard, "Renja tanggal.xlsx", make)
    assert_completed(run, "Renja tanggal.xlsx", DENGAN_PERINGATAN)
    w = warnings_for(run, "Renja tanggal.xlsx")
    assert list(w) == [L9], run.masalah
    assert capaian(out, 9)[0] == round((30 + 32 + 43) / 121 * 100, 2)


def test_numbers_as_text_with_spaces_nbsp_and_comma_thousands(tmp_path, guard):
    rows = form_rows()
    data = rows[8]                      # sheet row 9, list index 8
    data[9] = "\u00a0121\u00a0dokumen "           # target K with NBSP
    data[10] = "79,747,000"                       # target Rp, the other convention
    data[11] = " 26 "                             # TW I K with stray spaces
    data[12] = "18,000,000\u00a0"                 # TW I Rp
    data[14] = "\u202f19.000.000\t"               # TW II Rp, narrow NBSP and tab

    make = rows_workbook(rows)

    run, out = one(tmp_path, guard, "Renja teks.xlsx", make)
    assert_completed(run, "Renja teks.xlsx")
    assert capaian(out, 9) == ROW9_CAPAIAN
    assert run.masalah == []


def test_negative_realisasi(tmp_path, guard):
    run, out = one(tmp_path, guard, "Renja negatif.xlsx",
                   lambda p: patch_cells(form_workbook(p), {L9: f'<c r="{L9}"><v>-26</v></c>'}))
    """Counted as typed (the sum is what the sheet shows), and a warning names the cell: a Renja figure is
    never negative, so a minus sign is most likely a typo."""
    assert_completed(run, "Renja negatif.xlsx", DENGAN_PERINGATAN)
    problems = run.problems("Renja negatif.xlsx")
    assert [(p["Kode"], p["Sel"]) for p in problems] == [("negative-figure", L9)], run.masalah
    assert "-26" in problems[0]["Pesan"] and problems[0]["Yang perlu dilakukan"]
    assert capaian(out, 9)[0] == round((-26 + 30 + 32 + 43) / 121 * 100, 2)
    assert read_cells(out, 0, (ref(13, "K", 9),))[ref(13, "K", 9)] == 79


def test_huge_numbers_stay_exact(tmp_path, guard):
    run, out = one(tmp_path, guard, "Renja besar.xlsx", lambda p: patch_cells(form_workbook(p), {
        ref(8, "Rp", 9): f'<c r="{ref(8, "Rp", 9)}"><v>4E+20</v></c>',
        M9: f'<c r="{M9}"><v>1E+20</v></c>'}))
    assert_completed(run, "Renja besar.xlsx")
    assert run.problems("Renja besar.xlsx") == []
    xml = read_entries(out)[SHEET1].decode()
    # 1e20 + 19 000 000 + 20 000 000 + 18 884 000 exactly, never in float or exponent form
    assert f'<c r="{ref(13, "Rp", 9)}"' in xml and "100000000000057884000" in xml
    assert capaian(out, 9) == (108.26, 25)
    rekap = {r["Baris"]: r for r in sheet_rows(tmp_path / "out" / "rekap.xlsx", "Indikator")}
    assert rekap[9]["Target Rp"] == 4e20


def test_sum_beyond_the_double_range_does_not_break_the_rekap(tmp_path, guard):
    run, out = one(tmp_path, guard, "Renja raksasa.xlsx", lambda p: patch_cells(form_workbook(p), {
        M9: f'<c r="{M9}"><v>1E+308</v></c>', ref(10, "Rp", 9): f'<c r="{ref(10, "Rp", 9)}"><v>1E+308</v></c>'}))
    """1E+308 is a double, but four of them overflow a sum: figures from 1E+308 up are not counted, each
    named as not a number (a figure that size is a typing error in any Renja)."""
    assert_completed(run, "Renja raksasa.xlsx", DENGAN_PERINGATAN)
    assert sorted(warnings_for(run, "Renja raksasa.xlsx")) == sorted([M9, ref(10, "Rp", 9)]), run.masalah
    assert {p["Kode"] for p in run.problems("Renja raksasa.xlsx")} == {"not-a-number"}
    assert read_cells(out, 0, (M9,))[M9] == 1e308     # the agency's cell is left as it was


def test_sum_no_spreadsheet_can_hold_is_not_written(tmp_path, guard):
    """Two figures each a double, whose sum is not (9E+307 + 9E+307 > 1.8E+308): the sum and the capaian
    over it are not written (Excel would call the workbook corrupt); a warning names the sum's cell."""
    run, out = one(tmp_path, guard, "Renja meluap.xlsx", lambda p: patch_cells(form_workbook(p), {
        M9: f'<c r="{M9}"><v>9E+307</v></c>', ref(10, "Rp", 9): f'<c r="{ref(10, "Rp", 9)}"><v>9E+307</v></c>'}))
    assert_completed(run, "Renja meluap.xlsx", DENGAN_PERINGATAN)
    problems = run.problems("Renja meluap.xlsx")
    assert [(p["Kode"], p["Sel"]) for p in problems] == [("too-large", ref(13, "Rp", 9))], run.masalah
    cells = read_cells(out, 0, (ref(13, "Rp", 9), W9, ref(13, "K", 9)))
    assert cells == {ref(13, "Rp", 9): None, W9: None, ref(13, "K", 9): 131}
    rekap = {r["Baris"]: r for r in sheet_rows(tmp_path / "out" / "rekap.xlsx", "Indikator")}
    assert (rekap[9]["Capaian K (%)"], rekap[9]["Capaian Rp (%)"], rekap[9]["Realisasi Rp"]) == (108.26, None, None)


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity", "1E+400"])
def test_number_cell_no_spreadsheet_can_hold_is_kept_as_text(tmp_path, guard, value):
    """<v>NaN</v> (lexically a valid xsd:double) makes Excel call the file corrupt and openpyxl refuse it: the
    figure is not counted, the output keeps the characters as a text cell, and one warning names the cell."""
    run, out = one(tmp_path, guard, "Renja aneh.xlsx",
                   lambda p: patch_cells(form_workbook(p), {M9: f'<c r="{M9}"><v>{value}</v></c>'}))
    assert_completed(run, "Renja aneh.xlsx", DENGAN_PERINGATAN)
    assert list(warnings_for(run, "Renja aneh.xlsx")) == [M9], run.masalah
    assert "disimpan sebagai teks" in warnings_for(run, "Renja aneh.xlsx")[M9]["Pesan"]
    assert not warnings_for(run, "Renja aneh.xlsx", "invalid-number-cell")   # one warning for the cell, not two
    ws = load_workbook(out)[SHEET]           # assert_completed has opened every output with openpyxl
    assert (ws[M9].value, ws[M9].data_type) == (value, "s")
    # TW I Rp not counted: (19 000 000 + 20 000 000 + 18 884 000) / 79 747 000 = 72,58 %
    assert capaian(out, 9) == (108.26, 72.58)


def test_unreadable_number_outside_the_form_is_kept_as_text(tmp_path, guard):
    """The same cell outside the form's figures (a note column, another sheet): still repaired, still said."""
    def make(path):
        form_workbook(path, customize=lambda wb, ws: wb.create_sheet("Catatan").__setitem__("B2", 1))
        patch_cells(path, {"Z30": '<c r="Z30" s="0"><v>Infinity</v></c>'})
        patch_cells(path, {"B2": '<c r="B2"><v>NaN</v></c>'}, part=sheet_part(path, 1))

    run, out = one(tmp_path, guard, "Renja catatan.xlsx", make)
    assert_completed(run, "Renja catatan.xlsx", DENGAN_PERINGATAN)
    found = {(p["Sheet"], p["Sel"]): p for p in run.problems("Renja catatan.xlsx") if p["Kode"] == "invalid-number-cell"}
    assert sorted(found) == [("Catatan", "B2"), (SHEET, "Z30")], run.masalah
    assert all(p["Tingkat"] == "peringatan" and p["Yang perlu dilakukan"] for p in found.values())
    wb = load_workbook(out)
    assert wb[SHEET]["Z30"].value == "Infinity" and wb["Catatan"]["B2"].value == "NaN"
    assert capaian(out, 9) == ROW9_CAPAIAN


# -- hidden things, long text -----------------------------------------------------------------------------------

def test_hidden_sheet_is_computed_and_reported_as_info(tmp_path, guard):
    def make(path):
        def hide(wb, ws):
            wb.create_sheet("Sampul")["A1"] = "Sampul"
            ws.sheet_state = "hidden"
        form_workbook(path, customize=hide)

    run, out = one(tmp_path, guard, "Renja tersembunyi.xlsx", make)
    assert_completed(run, "Renja tersembunyi.xlsx")
    assert capaian(out, 9, SHEET) == ROW9_CAPAIAN
    info = [p for p in run.problems("Renja tersembunyi.xlsx") if p["Tingkat"] == "info"]
    assert info and info[0]["Sheet"] == SHEET and "tersembunyi" in info[0]["Pesan"], run.masalah
    assert load_workbook(out)[SHEET].sheet_state == "hidden"


def _hidden_row(path):
    def hide(wb, ws):
        ws.row_dimensions[10].hidden = True
    form_workbook(path, customize=hide)


def test_hidden_row_is_computed(tmp_path, guard):
    run, out = one(tmp_path, guard, "Renja baris.xlsx", _hidden_row)
    assert run.exit_code == 0, run.output
    assert capaian(out, 10) == DUMAI_CAPAIAN[10]
    assert load_workbook(out)[SHEET].row_dimensions[10].hidden


def test_hidden_row_is_reported_as_info(tmp_path, guard):
    run, out = one(tmp_path, guard, "Renja baris.xlsx", _hidden_row)
    assert_completed(run, "Renja baris.xlsx")       # information only: the workbook is complete
    info = [p for p in run.problems("Renja baris.xlsx") if p["Tingkat"] == "info"]
    assert info and any("10" in (p["Sel"] or "") + p["Pesan"] for p in info), run.masalah


def test_very_long_text(tmp_path, guard):
    long_indicator = ("Jumlah dokumen pemberhentian " * 1200)[:32767]
    long_figure = "belum ada data " * 2000

    rows = form_rows()
    rows[8][4] = long_indicator                 # row 9, indicator
    rows[9][11] = long_figure[:32767]           # row 10, TW I K: text, not a number
    run, out = one(tmp_path, guard, "Renja panjang.xlsx", rows_workbook(rows))
    assert_completed(run, "Renja panjang.xlsx", DENGAN_PERINGATAN)
    assert capaian(out, 9) == ROW9_CAPAIAN
    w = warnings_for(run, "Renja panjang.xlsx")
    assert list(w) == [ref(9, "K", 10)] and len(w[ref(9, "K", 10)]["Pesan"]) < 300, run.masalah
    indikator = {r["Baris"]: r for r in sheet_rows(tmp_path / "out" / "rekap.xlsx", "Indikator")}
    assert indikator[9]["Indikator"] == long_indicator.strip()


# -- who saved the file ------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def libreoffice_copy(tmp_path_factory) -> Path:
    soffice = soffice_path()
    if soffice is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is required under CI")
        pytest.skip("LibreOffice (soffice) not installed")
    folder = tmp_path_factory.mktemp("lo")
    (folder / "asal").mkdir()
    src = form_workbook(folder / "asal" / "Renja LibreOffice.xlsx")
    dest = folder / "hasil"
    profile = folder / "lo_bad"          # a profile of its own: never shared with another soffice running now
    proc = subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                           "--convert-to", "xlsx", "--outdir", str(dest), str(src)], capture_output=True, text=True,
                          timeout=180)
    out = dest / "Renja LibreOffice.xlsx"
    assert out.is_file(), proc.stdout + proc.stderr
    return out


def _saved_by(kind: str, libreoffice_copy=None):
    def make(path):
        if kind == "openpyxl":
            form_workbook(path)
        elif kind == "xlsxwriter":
            form_workbook_xlsxwriter(path)
        elif kind == "xlsxwriter, inline strings":
            shared_to_inline(form_workbook_xlsxwriter(path))
        else:
            shutil.copy(libreoffice_copy, path)
    return make


@pytest.mark.parametrize("kind", ["openpyxl", "xlsxwriter", "xlsxwriter, inline strings"])
def test_saved_by_different_writers_gives_the_same_figures(tmp_path, guard, kind):
    run, out = one(tmp_path, guard, "Renja.xlsx", _saved_by(kind))
    assert_completed(run, "Renja.xlsx")
    for row, expected in DUMAI_CAPAIAN.items():
        assert capaian(out, row) == expected
    assert (run.opd["Renja.xlsx"]["Rata-rata capaian K (%)"], run.opd["Renja.xlsx"]["Rata-rata capaian Rp (%)"]) == \
        (128.75, 94.57)


def test_saved_by_libreoffice(tmp_path, guard, libreoffice_copy):
    entries = read_entries(libreoffice_copy)
    assert b"LibreOffice" in entries.get("docProps/app.xml", b""), "not a LibreOffice-saved package"
    run, out = one(tmp_path, guard, "Renja.xlsx", _saved_by("libreoffice", libreoffice_copy))
    assert_completed(run, "Renja.xlsx")
    for row, expected in DUMAI_CAPAIAN.items():
        assert capaian(out, row) == expected


# -- .xlsm with VBA; files that are not .xlsx ----------------------------------------------------------------------

VBA = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 64       # an OLE-looking vbaProject.bin


def _xlsm(path: Path) -> Path:
    form_workbook(path)
    e = read_entries(path)
    ct = e["[Content_Types].xml"].decode()
    ct = ct.replace("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                    "application/vnd.ms-excel.sheet.macroEnabled.main+xml")
    ct = ct.replace("<Default ", '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
                                 "<Default ", 1)
    rels = e["xl/_rels/workbook.xml.rels"].decode().replace(
        "</Relationships>", '<Relationship Id="rIdVBA" Type="http://schemas.microsoft.com/office/2006/relationships/'
                            'vbaProject" Target="vbaProject.bin"/></Relationships>')
    rewrite(path, {"[Content_Types].xml": ct.encode(), "xl/_rels/workbook.xml.rels": rels.encode(),
                   "xl/vbaProject.bin": VBA})
    return path


def _raw(path: Path, name: str) -> tuple[int, int, bytes]:
    """(method, CRC, compressed bytes) of one entry as stored."""
    import struct
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo(name)
        zf.fp.seek(info.header_offset)
        head = zf.fp.read(30)
        n, m = struct.unpack("<HH", head[26:30])
        zf.fp.seek(info.header_offset + 30 + n + m)
        return info.compress_type, info.CRC, zf.fp.read(info.compress_size)


def test_xlsm_keeps_its_vba_part_byte_identical(tmp_path, guard):
    run, out = one(tmp_path, guard, "Renja makro.xlsm", _xlsm)
    assert_completed(run, "Renja makro.xlsm")
    src = tmp_path / "in" / "Renja makro.xlsm"
    assert out.suffix == ".xlsm" and out.is_file()
    assert read_entries(out)["xl/vbaProject.bin"] == VBA
    assert _raw(out, "xl/vbaProject.bin") == _raw(src, "xl/vbaProject.bin")
    # every content type of the input is kept (the summary sheet only adds its own override)
    src_ct, out_ct = read_entries(src)["[Content_Types].xml"], read_entries(out)["[Content_Types].xml"]
    for decl in re.findall(rb"<(?:Default|Override)\b[^>]*/>", src_ct):
        assert decl in out_ct, decl
    assert b"macroEnabled.main+xml" in out_ct
    assert capaian(out, 9) == ROW9_CAPAIAN


@pytest.mark.parametrize("name, data, says", [
    ("Renja Dinas.ods", None, "content.xml bukan XML yang sah"),
    ("Renja Dinas.csv", "No;Program;Target;Realisasi\n1;Pelayanan;100;90\n".encode(), "simpan ulang sebagai .xlsx"),
    ("Renja Dinas.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504, "berkas .xls terpotong atau rusak"),
])
def test_other_spreadsheet_formats_in_the_folder_are_reported(tmp_path, guard, name, data, says):
    """A broken .ods / .xls, and a .csv, are reported with what is wrong; the batch goes on."""
    def make(path):
        make_dumai(path.with_name("A baik.xlsx"))
        if data is None:       # an OpenDocument package whose content.xml is not XML (no namespaces)
            with zipfile.ZipFile(path, "w") as zf:
                zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
                zf.writestr("content.xml", "<office:document-content/>")
        else:
            path.write_bytes(data)

    run, out = one(tmp_path, guard, name, make)
    assert run.exit_code == 1, run.output
    assert f"{name}: gagal" in run.output and says in run.output, run.output
    assert run.status(name) == GAGAL and run.status("A baik.xlsx") == SELESAI
    problems = run.problems(name)
    assert problems and all(p["Tingkat"] == "galat" and p["Yang perlu dilakukan"] for p in problems)
    assert {p["Kode"] for p in problems} == {"not-a-workbook"}
    assert not out.exists() and not out.with_suffix(".xlsx").exists()


# -- the batch goes on ---------------------------------------------------------------------------------------------

def test_every_kind_of_bad_file_in_one_folder(tmp_path, guard):
    """One folder holding everything at once: every file named in the rekap with its status, the good ones
    completed, no traceback, exit 1, inputs untouched."""
    src = tmp_path / "in"
    src.mkdir()
    good = make_dumai(src / "01 baik.xlsx")
    form_workbook_xlsxwriter(src / "02 baik xlsxwriter.xlsx")
    _xlsm(src / "03 makro.xlsm")
    patch_cells(form_workbook(src / "04 peringatan.xlsx"), {L9: f'<c r="{L9}" t="e"><v>#REF!</v></c>'})
    (src / "05 kosong.xlsx").write_bytes(b"")
    (src / "06 teks.xlsx").write_text("ini bukan workbook", encoding="utf-8")
    make_random_bytes(src / "07 acak.xlsx")
    make_truncated(src / "08 terpotong.xlsx", good)
    make_non_form(src / "09 daftar hadir.xlsx")
    (src / "10 lama.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)
    (src / "11 data.csv").write_text("a;b\n1;2\n", encoding="utf-8")
    with zipfile.ZipFile(src / "12 bukan ooxml.xlsx", "w") as zf:
        zf.writestr("catatan.txt", "bukan workbook")
    rewrite(shutil.copy(good, src / "13 dtd.xlsx"),
            {SHEET1: b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "a">]><worksheet/>'})
    form_workbook(src / "14 tanpa data.xlsx", data_rows=[])
    make_lock_file(src / "~$01 baik.xlsx")
    guard.watch(src)
    out = tmp_path / "out"
    run = run_cli(src, out)

    expected = {"01 baik.xlsx": SELESAI, "02 baik xlsxwriter.xlsx": SELESAI, "03 makro.xlsm": SELESAI,
                "04 peringatan.xlsx": DENGAN_PERINGATAN, "05 kosong.xlsx": GAGAL, "06 teks.xlsx": GAGAL,
                "07 acak.xlsx": GAGAL, "08 terpotong.xlsx": GAGAL, "09 daftar hadir.xlsx": GAGAL,
                "10 lama.xls": GAGAL, "11 data.csv": GAGAL, "12 bukan ooxml.xlsx": GAGAL, "13 dtd.xlsx": GAGAL,
                "14 tanpa data.xlsx": DENGAN_PERINGATAN}
    assert run.exit_code == 1, run.output
    assert {k: v["Status"] for k, v in run.opd.items()} == expected
    assert summary(run.output) == (3, 2, 9, 14)
    for name, status in expected.items():
        if status == GAGAL:
            assert f"{name}: gagal: " in run.output
            assert any(p["Tingkat"] == "galat" and p["Pesan"] and p["Yang perlu dilakukan"]
                       for p in run.problems(name)), name
            assert not (out / name).exists()
        else:
            assert (out / name).is_file()
    assert not any(p["Kode"] == "internal-error" for p in run.masalah), run.masalah
    assert "~$" not in run.output
    # each failure says what kind it is
    codes = {name: {p["Kode"] for p in run.problems(name) if p["Tingkat"] == "galat"}
             for name, status in expected.items() if status == GAGAL}
    assert codes == {"05 kosong.xlsx": {"not-a-workbook"}, "06 teks.xlsx": {"not-a-workbook"},
                     "07 acak.xlsx": {"not-a-workbook"}, "08 terpotong.xlsx": {"not-a-workbook"},
                     "09 daftar hadir.xlsx": {"no-form"}, "10 lama.xls": {"not-a-workbook"}, "11 data.csv": {"not-a-workbook"},
                     "12 bukan ooxml.xlsx": {"not-a-workbook"}, "13 dtd.xlsx": {"unsafe-package"}}, codes


def test_merged_target_in_a_pk_sheet(tmp_path, guard):
    """PK: a target merged over two indicators reaches only the first; the sasaran merged down its indicators
    (how PK sheets are written) is text, not a figure, and says nothing."""
    from tests.pk_builders import build_pk, pk_cell
    rows = [dict(sasaran="Meningkatnya kapasitas ASN", indikator=f"Indikator {i}", satuan="%", target=80,
                 realisasi=[20, 40, 60, 80]) for i in (1, 2, 3)]

    def make(path):
        layout = build_pk(path, rows)
        wb = load_workbook(path)
        wb[layout["sheet"]].merge_cells(f"{pk_cell(layout, 'target', 0)}:{pk_cell(layout, 'target', 1)}")
        wb.save(path)
        make.layout = layout

    run, out = one(tmp_path, guard, "PK gabung.xlsx", make)
    assert_completed(run, "PK gabung.xlsx", DENGAN_PERINGATAN)
    merged = [p for p in run.problems("PK gabung.xlsx") if p["Kode"] == "merged-figure"]
    second = pk_cell(make.layout, "target", 1)
    assert [p["Sel"] for p in merged] == [second], run.masalah
    assert "kolom Target" in merged[0]["Pesan"] and "dianggap kosong" in merged[0]["Pesan"]
    assert {p["Kode"] for p in run.problems("PK gabung.xlsx")} == {"merged-figure", "no-target"}


def _stated(quarter: str) -> list[list]:
    return [["EVALUASI TERHADAP HASIL RENJA PERANGKAT DAERAH"], ["Perangkat Daerah : BKPSDM Kota Dumai"],
            [f"Periode Pelaksanaan : Triwulan {quarter} Tahun 2023"], []]


def test_realisasi_after_the_quarter_the_title_states(tmp_path, guard):
    """A title left at "Triwulan II" over figures up to TW IV (a copied file, or figures in the wrong column):
    one warning for the sheet; every figure still counts (only --triwulan limits the round)."""
    run, out = one(tmp_path, guard, "Renja judul lama.xlsx", lambda p: form_workbook(p, header=_stated("II")))
    assert_completed(run, "Renja judul lama.xlsx", DENGAN_PERINGATAN)
    problems = run.problems("Renja judul lama.xlsx")
    assert [(p["Kode"], p["Sheet"]) for p in problems] == [("beyond-stated-round", SHEET)], run.masalah
    assert "Triwulan II" in problems[0]["Pesan"] and "sampai Triwulan IV" in problems[0]["Pesan"]
    assert capaian(out, 9) == ROW9_CAPAIAN


def test_zeros_in_the_quarters_to_come_are_not_realisasi(tmp_path, guard):
    """A TW I report with 0 typed in TW II-IV (as published reports do): nothing to say."""
    rows = form_rows(header=_stated("I"))
    for r in rows[8:11]:                 # sheet rows 9-11: TW II-IV K and Rp set to 0
        for c in range(13, 19):
            r[c] = 0
    make = rows_workbook(rows)

    run, _ = one(tmp_path, guard, "Renja TW I.xlsx", make)
    assert_completed(run, "Renja TW I.xlsx")
    assert run.problems("Renja TW I.xlsx") == []


def test_with_the_round_set_the_title_is_not_second_guessed(tmp_path, guard):
    run, _ = one(tmp_path, guard, "Renja judul lama.xlsx", lambda p: form_workbook(p, header=_stated("II")))
    src = tmp_path / "in"
    run = run_cli(src, tmp_path / "out2", "--triwulan", "II")
    codes = {p["Kode"] for p in run.problems("Renja judul lama.xlsx")}
    assert codes == {"after-round"}, run.masalah


def test_each_sheet_is_held_to_its_own_title(tmp_path, guard):
    """One workbook, a sheet per round: the TW II sheet's figures are not measured against the TW I title."""
    def round_rows(quarter: str, last: int) -> list[list]:
        rows = form_rows(header=_stated(quarter))
        for r in rows[8:11]:
            for c in range(11 + 2 * last, 19):     # quarters after `last` left empty
                r[c] = None
        return rows

    def make(path):
        from openpyxl import Workbook
        wb = Workbook()
        for title, quarter, last in (("TW I", "I", 1), ("TW II", "II", 2)):
            ws = wb.active if title == "TW I" else wb.create_sheet()
            ws.title = title
            fill(ws, round_rows(quarter, last))
        wb.save(path)

    run, _ = one(tmp_path, guard, "Renja dua putaran.xlsx", make)
    # No sheet is measured against the other's title; but both rounds' figures enter the agency's average,
    # which is said once (tests/test_mixed_copies.py).
    assert_completed(run, "Renja dua putaran.xlsx", DENGAN_PERINGATAN)
    assert [p["Kode"] for p in run.problems("Renja dua putaran.xlsx")] == ["mixed-copies"]
