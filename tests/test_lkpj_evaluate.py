"""The LKPJ annual capaian table (issue 20): its finder and evaluator on the shapes of tests/lkpj_shapes.py
(FISIK TARGET | REAL | % and KEUANGAN ALOKASI | REAL | % with "REAL", "Real.", "Realisasi"; the input form's
letter numbering row; a region-wide sheet whose OPD header rows give each agency its own result).  These read the sheets directly
(finder and evaluator alone); tests/test_lkpj.py runs the registered kind through complete_workbook and run."""

from decimal import Decimal as D

import pytest

from xlsx_lkjip.config import DEFAULT
from xlsx_lkjip.evaluate.lkpj import evaluate_lkpj_sheet
from xlsx_lkjip.forms import vocabulary as V
from xlsx_lkjip.forms.lkpj import find_lkpj_layout
from xlsx_lkjip.io.package import Package
from xlsx_lkjip.io.xlsx_sheet import read_grid
from tests import lkpj_shapes as S


def _evaluate(path):
    with Package(path) as pkg:
        ref = pkg.sheets[0]
        grid = read_grid(pkg.read(ref.part), pkg.shared_strings, ref.part)
    layout = find_lkpj_layout(grid)
    assert layout is not None
    return evaluate_lkpj_sheet(grid, layout, ref.name, DEFAULT, lambda style: False)


@pytest.mark.parametrize("real", [("REAL", "REAL"), ("Real.", "Realisasi"), ("Realisasi Target", "REAL")])
def test_region_export_fisik_and_keuangan(tmp_path, real):
    res = _evaluate(S.build_lkpj_region(tmp_path / "Semua OPD 2024.xlsx", real=real))
    assert [r.row for r in res.rows] == S.REGION_DATA_ROWS          # the exported zeros of row 12 are no row
    written = {f"{'H' if e.col == 8 else 'K'}{e.row}": float(e.value) for e in res.edits}
    assert written == {k: float(v) for k, v in S.REGION_EXPECTED.items()}
    assert {a: (n, float(f), p, float(k)) for a, (n, f, p, k) in res.agencies.items()} == S.REGION_AGENCIES
    assert [r.predikat for r in res.rows] == ["Tinggi", "Sangat Tinggi", "Sedang"]
    assert res.average == {"K": D("93.33"), "Rp": D("80.00")}
    [replaced] = [p for p in res.problems if p.code == "value-replaced"]
    assert replaced.cell == "H11" and "75,00" in replaced.message


def test_input_form_with_a_letter_numbering_row(tmp_path):
    res = _evaluate(S.build_lkpj_input(tmp_path / "Capaian Dinas Sosial 2024.xlsx"))
    assert [r.row for r in res.rows] == [10]
    row = res.rows[0]
    assert (row.capaian, row.predikat, row.serapan) == (D("80.00"), "Tinggi", D("95.83"))
    assert [(e.row, e.col, e.value) for e in res.edits] == [(10, 10, D("95.83"))]
    assert not [p for p in res.problems if p.level != "info"], res.problems


def test_a_letter_label_that_contradicts_its_heading(tmp_path):
    res = _evaluate(S.build_lkpj_input(tmp_path / "a.xlsx", label="k = ( j / h ) * 100"))
    [w] = [p for p in res.problems if p.code == "label-heading"]
    assert w.cell == "J8" and "k = ( j / h ) * 100" in w.message and "k = j / i x 100" in w.message
    assert [(e.row, e.col, e.value) for e in res.edits] == [(10, 10, D("95.83"))]     # the heading's formula


@pytest.mark.parametrize("text,role", [("REAL", V.LKPJ_REAL), ("Real.", V.LKPJ_REAL), ("Realisasi Target", V.LKPJ_REAL),
                                       ("TARGET", V.LKPJ_TARGET), ("ALOKASI", V.LKPJ_ALOKASI), ("%", V.LKPJ_PERCENT),
                                       ("PERSENTASE [ % ]", V.LKPJ_PERCENT)])
def test_lkpj_words(text, role):
    assert role.match(V.lkpj_heading(text)[0])
