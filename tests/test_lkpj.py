"""The LKPJ annual capaian table as a form kind of its own (issue 20): FISIK TARGET | REAL | % and KEUANGAN
ALOKASI | REAL | % ("REAL", "Real.", "Realisasi"), the input form's letter numbering row with its formula label,
and a region-wide sheet whose OPD header rows give each agency its own result in the rekap.  Every computed %
right, no row with figures missing from the rekap, the exported zeros no filled row."""

import openpyxl
import pytest

from xlsx_lkjip.api import complete_workbook
from xlsx_lkjip.forms import vocabulary as V
from tests import lkpj_shapes as S
from tests.conftest import invoke
from tests.renja_shapes import sheet_values


@pytest.mark.parametrize("real", [("REAL", "REAL"), ("Real.", "Realisasi"), ("Realisasi Target", "REAL")])
def test_region_export_fisik_and_keuangan(tmp_path, real):
    src = S.build_lkpj_region(tmp_path / "Semua OPD 2024.xlsx", real=real)
    out = tmp_path / "out.xlsx"
    res = complete_workbook(src, out)
    (sheet,) = res.sheets
    assert sheet.form == "LKPJ" and [r.row for r in sheet.rows] == S.REGION_DATA_ROWS
    after = sheet_values(out)
    for ref, value in S.REGION_EXPECTED.items():
        assert after[ref] == value, ref
    before = sheet_values(src)
    changed = {ref for ref in set(before) | set(after) if before.get(ref) != after.get(ref)}
    assert changed == set(S.REGION_EXPECTED) - {"H7", "K7", "K11"}   # 80, 90 and 100 were typed right already
    # each agency its own result; the predikat on the fisik capaian
    assert {a: (n, float(f), p, float(k)) for a, (n, f, p, k) in sheet.agencies.items()} == S.REGION_AGENCIES
    assert [r.predikat for r in sheet.rows] == ["Tinggi", "Sangat Tinggi", "Sedang"]
    assert {k: float(v) for k, v in res.average.items()} == {"K": 93.33, "Rp": 80.0}
    [replaced] = [p for p in res.problems if p.code == "value-replaced"]
    assert replaced.cell == "H11" and "70" in replaced.message and "75,00" in replaced.message


def test_each_agency_its_own_row_in_the_rekap(tmp_path):
    (tmp_path / "in").mkdir()
    S.build_lkpj_region(tmp_path / "in" / "Semua OPD 2024.xlsx")
    result = invoke(["run", tmp_path / "in", "-o", tmp_path / "out"])
    assert result.exit_code in (0, 1), result.output
    wb = openpyxl.load_workbook(tmp_path / "out" / "rekap.xlsx")
    rows = list(wb["Capaian Tahunan OPD"].iter_rows(values_only=True))
    head = rows[0]
    got = {r[head.index("Perangkat Daerah")]: (r[head.index("Capaian fisik (%)")], r[head.index("Predikat")])
           for r in rows[1:] if r[0]}
    assert got == {"DINAS PENDIDIKAN": (102.5, "Sangat Tinggi"), "DINAS KESEHATAN": (75, "Sedang")}
    indicators = list(wb["Capaian Tahunan"].iter_rows(values_only=True))
    assert sorted(r[indicators[0].index("Baris")] for r in indicators[1:] if r[0]) == S.REGION_DATA_ROWS


def test_input_form_with_a_letter_numbering_row(tmp_path):
    src = S.build_lkpj_input(tmp_path / "Capaian Dinas Sosial 2024.xlsx")
    out = tmp_path / "out.xlsx"
    res = complete_workbook(src, out)
    (sheet,) = res.sheets
    assert sheet.form == "LKPJ" and [r.row for r in sheet.rows] == [10]     # the zeros of row 11 are no row
    row = sheet.rows[0]
    assert (float(row.capaian), row.predikat, float(row.serapan)) == (80.0, "Tinggi", 95.83)
    assert sheet_values(out)["J10"] == 95.83
    assert not [p for p in res.problems if p.level != "info"], res.problems


def test_a_letter_label_that_contradicts_its_heading(tmp_path):
    src = S.build_lkpj_input(tmp_path / "a.xlsx", label="k = ( j / h ) * 100")
    res = complete_workbook(src, tmp_path / "out.xlsx")
    [w] = [p for p in res.problems if p.code == "label-heading"]
    assert w.cell == "J8" and "k = ( j / h ) * 100" in w.message and "k = j / i x 100" in w.message
    assert sheet_values(tmp_path / "out.xlsx")["J10"] == 95.83     # the heading's formula


@pytest.mark.parametrize("text,role", [("REAL", V.LKPJ_REAL), ("Real.", V.LKPJ_REAL), ("Realisasi Target", V.LKPJ_REAL),
                                       ("TARGET", V.LKPJ_TARGET), ("ALOKASI", V.LKPJ_ALOKASI), ("%", V.LKPJ_PERCENT),
                                       ("PERSENTASE [ % ]", V.LKPJ_PERCENT)])
def test_lkpj_words(text, role):
    assert role.match(V.lkpj_heading(text)[0])


def test_a_capaian_above_the_plausible_bound_is_said_and_left_out_as_in_renja_and_pk(tmp_path):
    """With batas_capaian = 101, row 8's 125 % is warned at its cell and leaves the agency's and the sheet's
    averages (Dinas Pendidikan 80,00 instead of 102,50; the sheet (80 + 75) / 2 = 77,50)."""
    import dataclasses
    from decimal import Decimal

    from xlsx_lkjip.config import DEFAULT

    src = S.build_lkpj_region(tmp_path / "Semua OPD 2024.xlsx")
    res = complete_workbook(src, tmp_path / "out.xlsx", config=dataclasses.replace(DEFAULT, capaian_bound=Decimal(101)))
    (sheet,) = res.sheets
    [said] = [p for p in res.problems if p.code == "implausible-capaian"]
    assert said.cell == "H8" and "125,00 %" in said.message and "tidak ikut rata-rata" in said.message
    assert sheet.agencies["DINAS PENDIDIKAN"][1:3] == (Decimal("80.00"), "Tinggi")
    assert res.average["K"] == Decimal("77.50")
