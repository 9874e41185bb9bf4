"""The PK footer ("Rata-rata capaian kinerja" and "Predikat" under the table): the sheet's own average and
predikat are written there, and a typed one is compared like any typed capaian (evaluate/pk.py _footer).
Workbooks are written here with openpyxl (tests/mini.write_rows), tests/pk_builders.build_pk and
`lkjip template pk`."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import openpyxl
import pytest

from tests.conftest import invoke
from tests.mini import write_rows
from tests.pk_builders import _BINJAI_OPTIONS, BINJAI_ROWS, build_pk
from xlsx_lkjip.api import complete_workbook
from xlsx_lkjip.templates import PK_LAYOUT, pk_column

HEAD = ["No", "Sasaran Strategis", "Indikator Kinerja", "Satuan", "Polaritas", "Target", "Realisasi", None, None,
        None, "Capaian (%)", None, None, None, "Capaian Tahunan (%)", "Predikat", "Keterangan"]
SUB = [None] * 6 + ["TW I", "TW II", "TW III", "TW IV"] * 2
MERGES = ("G4:J4", "K4:N4")
# 30 + 40 of 100 (Kumulatif) is 70,00; 53 of 80 (%, Akhir) is 66,25: the average is 68,125 -> 68,13, Sedang
DATA = [[1, "S1", "Jumlah dokumen", "Dokumen", "Positif", 100, 30, 40],
        [2, "S1", "Persentase ASN terlatih", "%", "Positif", 80, 40, 53]]
FOOTER, PREDIKAT = 8, 9        # the rows under the data rows 6-7
AVG, PRED = "O", "P"           # Capaian Tahunan, Predikat


def pk_file(path: Path, footer: list[list], *, data=DATA, merges=(), sheet="PK",
            title="Perjanjian Kinerja Triwulan II Tahun 2025") -> Path:
    rows = [["Perangkat Daerah : Dinas Contoh"], [title], [], HEAD, SUB, *data, *footer]
    return write_rows(path, rows, sheet=sheet, merges=MERGES + tuple(merges))


def footer_row(label="Rata-rata capaian kinerja", average=None, predikat=None) -> list:
    return [label] + [None] * 13 + [average, predikat]


def complete(p: Path):
    out = p.with_name("out_" + p.name)
    res = complete_workbook(p, out)
    return res, openpyxl.load_workbook(out).active


def footer_problems(res, *rows: int) -> list:
    return [x for x in res.problems if x.cell and any(x.cell[1:] == str(r) or x.cell[2:] == str(r) for r in rows)]


@pytest.mark.parametrize("typed", [95, "95 %", "Sangat Tinggi"])
def test_a_typed_wrong_average_is_replaced_with_a_warning(tmp_path, typed):
    p = pk_file(tmp_path / "pk.xlsx", [footer_row(average=typed), ["Predikat"] + [None] * 13 + ["Sangat Tinggi"]])
    res, ws = complete(p)
    sheet = res.sheets[0]
    assert (sheet.average["K"], sheet.predikat["K"]) == (D("68.13"), "Sedang")
    assert ws[f"{AVG}{FOOTER}"].value == 68.13 and ws[f"{AVG}{PREDIKAT}"].value == "Sedang"
    said = footer_problems(res, FOOTER, PREDIKAT)
    assert [(x.code, x.cell) for x in said] == [("value-replaced", f"{AVG}{FOOTER}")]
    assert "68,13" in said[0].message and "rata-rata Capaian Tahunan" in said[0].group
    assert ws[f"A{FOOTER}"].value == "Rata-rata capaian kinerja" and ws[f"A{PREDIKAT}"].value == "Predikat"
    assert ws[f"{PRED}{FOOTER}"].value is None and ws[f"{PRED}{PREDIKAT}"].value is None   # nothing else written


@pytest.mark.parametrize("typed", [68.13, "68,13", "68,1", 68, "68,13 %", 68.125, None, "-", 0, "{rata_rata}"])
def test_an_agreeing_empty_or_placeholder_average_is_written_silently(tmp_path, typed):
    p = pk_file(tmp_path / "pk.xlsx", [footer_row(average=typed), ["Predikat kinerja"]])
    res, ws = complete(p)
    assert ws[f"{AVG}{FOOTER}"].value == 68.13 and ws[f"{AVG}{PREDIKAT}"].value == "Sedang"
    assert footer_problems(res, FOOTER, PREDIKAT) == []


def test_a_formula_average_is_replaced_by_its_value(tmp_path):
    p = pk_file(tmp_path / "pk.xlsx", [footer_row(average="=AVERAGE(O6:O7)"), ["Predikat"]])
    res, ws = complete(p)
    assert ws[f"{AVG}{FOOTER}"].value == 68.13 and ws[f"{AVG}{PREDIKAT}"].value == "Sedang"
    assert ws[f"{AVG}{FOOTER}"].data_type == "n"


def test_without_a_predikat_row_the_predikat_goes_to_the_footer_rows_predikat_column(tmp_path):
    p = pk_file(tmp_path / "pk.xlsx", [footer_row("Rata-rata (%)", 99, "Sangat Tinggi"), [], ["Mengetahui,"]])
    res, ws = complete(p)
    assert (ws[f"{AVG}{FOOTER}"].value, ws[f"{PRED}{FOOTER}"].value) == (68.13, "Sedang")
    assert ws[f"A{FOOTER + 2}"].value == "Mengetahui," and ws[f"{AVG}{FOOTER + 2}"].value is None


def test_the_footer_may_follow_an_unreported_indicator_and_a_total_row(tmp_path):
    data = DATA + [[3, "S1", "Jumlah laporan", "Laporan"], [None, None, "Jumlah", None, None, 180]]
    p = pk_file(tmp_path / "pk.xlsx", [footer_row(average=95), ["Predikat"]], data=data)
    res, ws = complete(p)
    assert ws[f"{AVG}{FOOTER + 2}"].value == 68.13 and ws[f"{AVG}{PREDIKAT + 2}"].value == "Sedang"


def test_a_rata_rata_below_other_text_is_not_the_footer(tmp_path):
    p = pk_file(tmp_path / "pk.xlsx", [["Catatan: data sementara"], footer_row(average=95)])
    res, ws = complete(p)
    assert ws[f"{AVG}{FOOTER + 1}"].value == 95 and footer_problems(res, FOOTER + 1) == []


def test_an_indicator_named_rata_rata_is_a_data_row_not_the_footer(tmp_path):
    data = DATA + [[3, "S1", "Rata-rata Lama Sekolah", "Tahun", "Positif", 8, 7, 7.6]]   # 95,00
    p = pk_file(tmp_path / "pk.xlsx", [footer_row(average=1), ["Predikat"]], data=data)
    res, ws = complete(p)
    assert [r.row for r in res.sheets[0].rows] == [6, 7, 8]
    assert ws[f"{AVG}{FOOTER}"].value == 95                   # the indicator's own capaian
    assert ws[f"{AVG}{FOOTER + 1}"].value == 77.08 and ws[f"{AVG}{FOOTER + 2}"].value == "Tinggi"   # 231,25 / 3


def test_a_label_merged_over_the_capaian_column_leaves_the_footer_as_typed(tmp_path):
    p = pk_file(tmp_path / "pk.xlsx", [["Rata-rata capaian kinerja 95 %"], ["Predikat"] + [None] * 14 + ["x"]],
                merges=(f"A{FOOTER}:{AVG}{FOOTER}",))
    res, ws = complete(p)
    assert ws[f"A{FOOTER}"].value == "Rata-rata capaian kinerja 95 %"
    assert [ws.cell(r, c).value for r in (FOOTER, PREDIKAT) for c in range(2, 18)] == [None] * 30 + ["x", None]
    assert footer_problems(res, FOOTER, PREDIKAT) == []


def test_without_a_capaian_tahunan_column_the_footer_is_left_alone(tmp_path):
    p = tmp_path / "pk.xlsx"
    lay = build_pk(p, [{"indikator": "Jumlah dokumen", "satuan": "Dokumen", "target": 100, "realisasi": [30, 40]}],
                   capaian_cols="tw", footer=True)
    wb = openpyxl.load_workbook(p)
    r = lay["footer_row"]
    wb.active[f"{lay['cols']['capaian_tw'][1]}{r}"] = 95
    wb.active[f"{lay['cols']['predikat']}{r}"] = "Sangat Tinggi"
    wb.save(p)
    res, ws = complete(p)
    assert res.sheets[0].average["K"] == D("70.00")
    assert ws[f"{lay['cols']['capaian_tw'][1]}{r}"].value == 95
    assert ws[f"{lay['cols']['predikat']}{r}"].value == "Sangat Tinggi"


def test_each_sheet_gets_its_own_average(tmp_path):
    p = pk_file(tmp_path / "pk.xlsx", [footer_row(average=50), ["Predikat"]], sheet="PK 1")
    wb = openpyxl.load_workbook(p)
    ws2 = wb.create_sheet("PK 2")
    rows = [["Perangkat Daerah : Dinas Contoh"], ["Perjanjian Kinerja Triwulan II Tahun 2025"], [], HEAD, SUB,
            [1, "S2", "Jumlah kegiatan", "Kegiatan", "Positif", 10, 2, 3], footer_row(average=50), ["Predikat"]]
    for r, row in enumerate(rows, 1):
        for c, v in enumerate(row, 1):
            if v is not None:
                ws2.cell(r, c, v)
    ws2.merge_cells("G4:J4")
    ws2.merge_cells("K4:N4")
    wb.save(p)
    out = tmp_path / "out.xlsx"
    res = complete_workbook(p, out)
    assert [s.average["K"] for s in res.sheets] == [D("68.13"), D("50.00")]
    assert res.average["K"] == D("62.08")                     # (70 + 66,25 + 50) / 3: the workbook's
    wb = openpyxl.load_workbook(out)
    assert (wb["PK 1"]["O8"].value, wb["PK 1"]["O9"].value) == (68.13, "Sedang")
    assert (wb["PK 2"]["O7"].value, wb["PK 2"]["O8"].value) == (50, "Sangat Rendah")
    assert [x.cell for x in res.problems if x.code == "value-replaced"] == ["O8"]   # PK 1's 50; PK 2's agrees


def test_the_bundled_binjai_sample_with_a_footer_shows_104_76(tmp_path):
    p = tmp_path / "pk.xlsx"
    lay = build_pk(p, BINJAI_ROWS, **{**_BINJAI_OPTIONS, "footer": True})
    res = complete_workbook(p, tmp_path / "out.xlsx")
    assert (res.sheets[0].average["K"], res.sheets[0].predikat["K"]) == (D("104.76"), "Sangat Tinggi")
    ws = openpyxl.load_workbook(tmp_path / "out.xlsx")[lay["sheet"]]
    r = lay["footer_row"]
    assert ws[f"{lay['cols']['capaian_tahunan']}{r}"].value == 104.76
    assert ws[f"{lay['cols']['predikat']}{r}"].value == "Sangat Tinggi"     # no Predikat row under it
    assert ws[f"{lay['cols']['indikator']}{r}"].value == "Rata-rata Capaian Kinerja"


def test_the_pk_template_footer_typed_by_staff_is_recomputed(tmp_path):
    """The template has no footer of its own; staff add one under their rows (as an adversarial tester did:
    A24/T24 "99,5", A25/T25 "Sangat Tinggi")."""
    folder = tmp_path / "in"
    folder.mkdir()
    p = folder / "PK Dinas Tiga TW II 2025.xlsx"
    assert invoke(["template", "pk", "-o", p, "--opd", "Dinas Tiga", "--triwulan", "II", "--tahun", "2025"]
                  ).exit_code == 0
    wb = openpyxl.load_workbook(p)
    ws = wb[PK_LAYOUT["sheet"]]
    first = PK_LAYOUT["first_data_row"]
    for i, (name, unit, target, real) in enumerate([("Jumlah dokumen", "Dokumen", 100, (30, 40)),
                                                     ("Persentase ASN terlatih", "%", 80, (40, 53))]):
        r = first + i
        ws[f"A{r}"], ws[f"B{r}"], ws[f"{pk_column('indikator')}{r}"] = i + 1, "S1", name
        ws[f"{pk_column('satuan')}{r}"], ws[f"{pk_column('target')}{r}"] = unit, target
        for q, v in enumerate(real, 1):
            ws[f"{pk_column('realisasi', q)}{r}"] = v
    avg, pred = f"{pk_column('capaian_tahunan')}{first + 3}", f"{pk_column('capaian_tahunan')}{first + 4}"
    ws[f"A{first + 3}"], ws[avg] = "Rata-rata capaian kinerja (%)", "99,5"
    ws[f"A{first + 4}"], ws[pred] = "Predikat kinerja", "Sangat Tinggi"
    wb.save(p)
    out = tmp_path / "out"
    result = invoke(["run", folder, "-o", out])
    assert result.exit_code == 0, result.output
    assert f"{avg}: nilai diganti: 99,5 → 68,13" in result.output
    done = openpyxl.load_workbook(out / p.name)[PK_LAYOUT["sheet"]]
    assert (done[avg].value, done[pred].value) == (68.13, "Sedang")
    assert done[f"{pk_column('predikat')}{first + 3}"].value is None
