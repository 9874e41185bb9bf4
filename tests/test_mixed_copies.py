"""Several sheets of one form in a workbook that look like copies (a hidden old draft, one sheet per quarter):
their figures are all averaged into the agency's figure, which no sheet shows, so a warning says it.  Sheets
of one round, all visible (one per bidang), are parts of the report and say nothing."""

from pathlib import Path

import openpyxl
import pytest

from xlsx_lkjip.api import complete_workbook
from xlsx_lkjip.templates import write_template


def _renja(tmp_path: Path, name: str, second, *, tw2_on_second: bool = False, hide: bool = False) -> Path:
    path = tmp_path / name
    write_template("renja", path, opd="Dinas Uji", triwulan="", tahun="2025")
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    for r in (11, 12):
        ws.cell(r, 3, f"1.01.0{r - 10}")
        ws.cell(r, 8, f"Sub Kegiatan {r}")
        ws.cell(r, 9, "Jumlah laporan")
        ws[f"N{r}"], ws[f"O{r}"], ws[f"P{r}"], ws[f"Q{r}"] = 10, 1000, 5, 500      # 50 % each
    copy = wb.copy_worksheet(ws)
    copy.title = second
    if tw2_on_second:
        for r in (11, 12):
            copy[f"R{r}"], copy[f"S{r}"] = 5, 500                                 # TW I + II: 100 %
    if hide:
        copy.sheet_state = "hidden"
        for r in (11, 12):
            copy[f"P{r}"], copy[f"Q{r}"] = 10, 1000                               # the old draft: 100 %
    wb.save(path)
    return path


def _mixed(res):
    return [p for p in res.problems if p.code == "mixed-copies"]


def test_a_hidden_old_copy_is_said(tmp_path):
    res = complete_workbook(_renja(tmp_path, "Renja Dinas Uji 2025.xlsx", "Draft lama", hide=True), None)
    assert res.average["K"] == 75    # 50 and 100 averaged: what the warning is about
    (p,) = _mixed(res)
    assert p.level == "peringatan" and "\"Draft lama\"" in p.message and "tersembunyi" in p.message
    assert "hapus sheet lama" in p.fix.lower()


def test_one_sheet_per_quarter_is_said(tmp_path):
    res = complete_workbook(_renja(tmp_path, "Renja Dinas Uji 2025.xlsx", "TW II", tw2_on_second=True), None)
    (p,) = _mixed(res)
    assert "triwulan I)" in p.message and "triwulan II)" in p.message and "2 sheet formulir Renja" in p.message


@pytest.mark.parametrize("second", ["Bidang Pembinaan"])
def test_visible_sheets_of_one_round_say_nothing(tmp_path, second):
    res = complete_workbook(_renja(tmp_path, "Renja Dinas Uji 2025.xlsx", second), None)
    assert len(res.sheets) == 2 and not _mixed(res)
