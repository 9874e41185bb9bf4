"""A totals row inside a Renja table ("Jumlah", "TOTAL", "Jumlah Total", "Total Keseluruhan", no kode and no
indicator) is the agency's sum of other rows, not an indicator: its computed cells are still written, but
it never enters the footer average, the predikat counts, Per Program or the LKjIP tables, and it is said
once per sheet (info).  A row of sums without those words cannot be told from an indicator and stays one.

Figures of the sheet built here (TW I, capaian 14 = 13 / 8 x 100):
  row 8  program 1.02.02     K 50/100 = 50,00   Rp 400.000/1.000.000 = 40,00
  row 9  sub kegiatan        K 8/10   = 80,00   Rp 1.500.000/2.000.000 = 75,00
  row 10 sub kegiatan        K 5/20   = 25,00   Rp 100.000/1.000.000 = 10,00
  row 11 "Jumlah"            K 63/130 = 48,46   Rp 2.000.000/4.000.000 = 50,00
Footer: K (50 + 80 + 25) / 3 = 51,67 and Rp (40 + 75 + 10) / 3 = 41,67; counted as a fourth indicator the
Jumlah row would make them (155 + 48,46) / 4 = 50,87 and (125 + 50) / 4 = 43,75.
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from openpyxl import load_workbook

from tests.conftest import invoke
from tests.mini import E81_COL, e81_row, e81_workbook
from xlsx_lkjip.api import complete_workbook
from xlsx_lkjip.config import AVERAGE_RULES
from xlsx_lkjip.evaluate.renja import TOTALS, RenjaRowResult, counts_for_average
from xlsx_lkjip.report.lkjip_build import build_laporan
from xlsx_lkjip.report.lkjip_tables import RoundFigures

FIRST = 8          # first data row of tests/mini.e81_workbook
FOOTER = FIRST + 4


def _rows(label_row: list, *, t6: bool = False) -> list[list]:
    renstra = dict(t6=(200, "2.000.000"), t7=(0, 0)) if t6 else {}
    return [
        e81_row(1, "1.02.02", "Program Pelayanan", "Persentase layanan", t8=(100, "1.000.000"),
                q=((50, "400.000"), (None, None), (None, None), (None, None)), **renstra),
        e81_row(2, "1.02.02.2.01.01", "Sub Kegiatan A", "Jumlah dokumen", t8=(10, "2.000.000"),
                q=((8, "1.500.000"), (None, None), (None, None), (None, None)), **renstra),
        e81_row(3, "1.02.02.2.01.02", "Sub Kegiatan B", "Jumlah laporan", t8=(20, "1.000.000"),
                q=((5, "100.000"), (None, None), (None, None), (None, None)), **renstra),
        label_row,
    ]


def _totals(name: str = "Jumlah", *, no=None, t6: bool = False) -> list:
    renstra = dict(t6=(600, "6.000.000"), t7=(0, 0)) if t6 else {}
    return e81_row(no, "", name, "", t8=(130, "4.000.000"), q=((63, "2.000.000"), (None, None), (None, None),
                                                              (None, None)), **renstra)


def _footer(path) -> tuple:
    ws = load_workbook(path).active
    return tuple(ws.cell(FOOTER, c).value for c in E81_COL[14])


@pytest.mark.parametrize("label", ["Jumlah", "JUMLAH", "Total", "Jumlah Total", "Total Keseluruhan", "JUMLAH :",
                                   "  jumlah   total "])
def test_a_totals_row_is_computed_but_not_averaged(tmp_path, label):
    src = e81_workbook(tmp_path / "Renja.xlsx", _rows(_totals(label)))
    out = tmp_path / "out.xlsx"
    result = complete_workbook(src, out)
    sheet = result.sheets[0]
    assert sheet.average == {"K": D("51.67"), "Rp": D("41.67")}
    assert _footer(out) == (pytest.approx(51.67), pytest.approx(41.67))
    totals = next(row for row in sheet.rows if row.row == FIRST + 3)
    assert totals.level == TOTALS and totals.predikat == ""
    # its computed cells are the agency's sums completed: written like any row's
    assert totals.capaian == {"K": D("48.46"), "Rp": D("50.00")}
    ws = load_workbook(out).active
    assert [ws.cell(FIRST + 3, c).value for c in E81_COL[13]] == [63, 2_000_000]
    assert [ws.cell(FIRST + 3, c).value for c in E81_COL[14]] == [pytest.approx(48.46), pytest.approx(50.0)]
    said = [p for p in result.problems if p.code == "totals-row"]
    assert len(said) == 1 and said[0].level == "info" and said[0].cell == f"A{FIRST + 3}", said
    assert f"baris {FIRST + 3} adalah baris jumlah" in said[0].message
    assert "tidak masuk rata-rata capaian" in said[0].message


def test_a_totals_label_merged_over_the_name_columns(tmp_path):
    """"JUMLAH" typed in the No column and merged over A:E, as printed forms do."""
    src = e81_workbook(tmp_path / "Renja.xlsx", _rows(_totals("", no="JUMLAH")), merges=(f"A{FIRST + 3}:E{FIRST + 3}",))
    result = complete_workbook(src, tmp_path / "out.xlsx")
    assert result.sheets[0].average == {"K": D("51.67"), "Rp": D("41.67")}
    assert [p.message for p in result.problems if p.code == "totals-row"] == [
        f"baris {FIRST + 3} adalah baris jumlah (\"JUMLAH\"), bukan indikator: kolom hitungnya tetap diisi, tetapi "
        "tidak masuk rata-rata capaian, jumlah predikat, Per Program maupun tabel LKjIP"]


def test_two_totals_rows_are_said_once(tmp_path):
    rows = _rows(_totals("Sub Total")) + [_totals("Total Keseluruhan")]
    src = e81_workbook(tmp_path / "Renja.xlsx", rows)
    result = complete_workbook(src, tmp_path / "out.xlsx")
    assert result.sheets[0].average == {"K": D("51.67"), "Rp": D("41.67")}
    (said,) = [p for p in result.problems if p.code == "totals-row"]
    assert f"baris {FIRST + 3}, {FIRST + 4} adalah baris jumlah (\"Sub Total\")" in said.message


@pytest.mark.parametrize("name,indicator,kode", [
    ("Jumlah dokumen", "", ""),                       # more than the word: a name
    ("Jumlah", "Jumlah laporan", ""),                 # an indicator beside it
    ("Jumlah", "", "1.02.02.2.01.03"),                # a kode beside it
    ("", "", ""),                                     # an unlabelled sum (Deli Serdang's row 113): no guess
])
def test_rows_that_are_not_totals_rows_stay_indicators(tmp_path, name, indicator, kode):
    row = e81_row(None, kode, name, indicator, t8=(130, "4.000.000"),
                  q=((63, "2.000.000"), (None, None), (None, None), (None, None)))
    result = complete_workbook(e81_workbook(tmp_path / "Renja.xlsx", _rows(row)), tmp_path / "out.xlsx")
    assert result.sheets[0].average == {"K": D("50.87"), "Rp": D("43.75")}
    assert not [p for p in result.problems if p.code == "totals-row"]


@pytest.mark.parametrize("rule", AVERAGE_RULES)
def test_a_totals_row_counts_under_no_average_rule(rule):
    assert not counts_for_average(RenjaRowResult(row=1, level=TOTALS), rule)


def test_average_rule_sub_kegiatan_with_a_totals_row(tmp_path):
    (tmp_path / "lkjip.toml").write_text('rata_rata = "sub kegiatan"\n', encoding="utf-8")
    src = tmp_path / "input"
    src.mkdir()
    e81_workbook(src / "Renja.xlsx", _rows(_totals()))
    check = invoke(["check", "--json", "--config", tmp_path / "lkjip.toml", src])
    assert check.exit_code == 0, check.output
    assert '"K": "52.50"' in check.output and '"Rp": "42.50"' in check.output   # (80 + 25) / 2, (75 + 10) / 2


def test_the_rekap_lists_it_but_counts_no_predikat_and_no_program(tmp_path):
    src, out = tmp_path / "input", tmp_path / "output"
    src.mkdir()
    e81_workbook(src / "Renja Dinas Contoh.xlsx", _rows(_totals()))
    run = invoke(["run", src, "-o", out])
    assert run.exit_code == 0, run.output
    assert f"baris {FIRST + 3} adalah baris jumlah" in run.output      # said on the console too
    wb = load_workbook(out / "rekap.xlsx", read_only=True)
    ind = list(wb["Indikator"].iter_rows(values_only=True))
    head = ind[0]
    levels = [dict(zip(head, r))["Tingkat"] for r in ind[1:]]
    assert levels == ["program", "sub kegiatan", "sub kegiatan", TOTALS]
    prog = list(wb["Per Program"].iter_rows(values_only=True))
    assert [r[2] for r in prog[1:]] == ["Program Pelayanan"]
    ring = list(wb["Ringkasan"].iter_rows(values_only=True))
    i = next(k for k, x in enumerate(ring) if x[:2] == ("Predikat", "Jumlah indikator"))
    counts = {}
    for x in ring[i + 1:]:
        if not x[0]:
            break
        counts[x[0]] = x[1]
    assert {k: v for k, v in counts.items() if v} == {"Sangat Rendah": 2, "Tinggi": 1}   # 50, 25; 80 (not 48,46)
    own = list(load_workbook(out / "Renja Dinas Contoh.xlsx")["Ringkasan lkjip"].iter_rows(values_only=True))
    i = next(k for k, x in enumerate(own) if x[:2] == ("Predikat", "Jumlah indikator"))
    assert {x[0]: x[1] for x in own[i + 1:i + 3]} == {"Sangat Rendah": 2, "Tinggi": 1}


def test_the_laporan_tables_take_no_totals_row(tmp_path):
    """The Renstra table falls back on every row when there is no program row: never on the Jumlah row; the
    budget table lists programs only."""
    rows = _rows(_totals(t6=True), t6=True)
    result = complete_workbook(e81_workbook(tmp_path / "Renja.xlsx", rows), tmp_path / "out.xlsx")
    (lap,) = build_laporan(RoundFigures([result]))
    tables = {t.key: t for t in lap.tables}
    renstra = [r.cells for r in tables["renstra"].rows]
    assert [c[2] for c in renstra] == ["Program Pelayanan"]
    anggaran = [r.cells for r in tables["anggaran"].rows if r.kind == "data"]
    assert [c for c in anggaran if "Jumlah" in c] == []
    # without a program row the Renstra table shows the sub kegiatan, still not the Jumlah row
    rows = _rows(_totals(t6=True), t6=True)[1:]
    result = complete_workbook(e81_workbook(tmp_path / "Renja2.xlsx", rows), tmp_path / "out2.xlsx")
    (lap,) = build_laporan(RoundFigures([result]))
    renstra = [r.cells for r in next(t for t in lap.tables if t.key == "renstra").rows]
    assert [c[2] for c in renstra] == ["Sub Kegiatan A", "Sub Kegiatan B"]
