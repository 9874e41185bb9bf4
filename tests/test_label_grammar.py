"""The label grammar of the numbered row, the sub-column labels and the quarter headers (forms/vocabulary.py):
parentheses, × X x * for multiply, / and : for divide, spaces anywhere, "%" or "x 100" or a "(%)" header for a
percentage; K | % | Rp, K | Satuan | Rp and every money and indicator label; "Il", "Ill", "lV", "TW.1", …"""

from decimal import Decimal as D

import pytest

from xlsx_lkjip.api import complete_workbook
from xlsx_lkjip.forms import vocabulary as V
from xlsx_lkjip.forms.renja import _parse_expr
from tests.mini import E81_SIDES, e81_numbered, e81_row, write_rows


@pytest.mark.parametrize("expr, parsed", [
    ("(7/6)", ("ratio", (7, 6), False)),
    ("(5+7+9)", ("sum", (5, 7, 9), False)),
    ("(10/4)", ("ratio", (10, 4), False)),
    (" ( 13 / 8 ) x 100 % ", ("ratio", (13, 8), True)),
    ("12/7*100", ("ratio", (12, 7), True)),
    ("14 / 6 x 100", ("ratio", (14, 6), True)),
    ("13 : 8 × 100%", ("ratio", (13, 8), True)),
    ("13÷8x100", ("ratio", (13, 8), True)),
    ("13/8 %", ("ratio", (13, 8), True)),
    ("13 X 100 / 8", ("ratio", (13, 8), True)),
    ("100 x 13 / 8", ("ratio", (13, 8), True)),
    ("8 + 9 + 10 + 11", ("sum", (8, 9, 10, 11), False)),
    ("(9+10) + (11+12)", ("sum", (9, 10, 11, 12), False)),
    ("(7+6)/2", None),                 # a ratio of a sum: not something a form declares
    ("13/8/2", None),
    ("rata-rata 9 s/d 12", None),
    ("9 s.d 12", None),
])
def test_label_expressions(expr, parsed):
    assert _parse_expr(expr) == parsed


def _form(tmp_path, labels: dict[int, str], heads: dict[int, str] | None = None):
    numbered = e81_numbered(labels=False)
    for n, label in labels.items():
        numbered[numbered.index(n)] = label
    head = ["No", "Sasaran", "Kode", "Program/Kegiatan", "Indikator"] + [None] * 23
    for n, h in (heads or {}).items():
        head[numbered.index(labels.get(n, n))] = h
    rows = [["Perangkat Daerah : Dinas A"], ["Tahun 2024"], [], head, numbered, E81_SIDES,
            e81_row(1, "5", "x", "y", t6=(200, 1000), t7=(100, 500), t8=(4, 100),
                    q=((1, 10), (1, 20), (None, None), (None, None)))]
    return complete_workbook(write_rows(tmp_path / "a.xlsx", rows), tmp_path / "out.xlsx")


def test_header_percent_wins_over_a_bare_ratio_label(tmp_path):
    # "14=13/8" under "Tingkat capaian (%)": a percentage (2 of 4 -> 50 %, not 0,5)
    res = _form(tmp_path, {13: "13=9+10+11+12", 14: "14=13/8", 15: "15=7+13", 16: "16 = 15 : 6"},
                {14: "Tingkat Capaian Kinerja (%)", 16: "Rasio Renstra"})
    row = res.sheets[0].rows[0]
    assert row.capaian == {"K": D("50.00"), "Rp": D("30.00")}
    sixteen = next(f for f in res.sheets[0].layout.formulas if f.target == 16)
    assert not sixteen.percent           # a ratio label under a header without "(%)" stays a ratio


def test_label_percent_wins_over_a_header_without_it(tmp_path):
    res = _form(tmp_path, {13: "13=9+10+11+12", 14: "14 = (13/8) x 100", 15: "15=7+13", 16: "16=15/6x100%"},
                {14: "Tingkat Capaian Kinerja"})
    assert res.sheets[0].rows[0].capaian["K"] == D("50.00")


def test_unknown_label_stays_a_warning(tmp_path):
    res = _form(tmp_path, {13: "13=9+10+11+12", 14: "14=13/8x100%", 15: "15=7+13", 16: "16 = rata-rata (15)"})
    assert [p.code for p in res.problems if p.level != "info"] == ["unknown-label"]


@pytest.mark.parametrize("label, role", [
    *[(t, V.K) for t in ("K", "k", "Kinerja", "Fisik", "Vol", "Vol.", "Volume", "Target", "K (%)")],
    *[(t, V.RP) for t in ("Rp", "Rp.", "RP", "Rp. (000)", "Rp (Juta)", "(Rp)", "Anggaran", "Keuangan", "Pagu",
                          "Rp (000)", "Rp.(Ribu)", "Rp (%)")],
    ("%", V.PROGRESS), ("(%)", V.PROGRESS), ("Satuan", V.SATUAN), ("Sat.", V.SATUAN),
    ("Realisasi", None), ("Keterangan", None), ("", None), ("Kode", None),
])
def test_sub_column_roles(label, role):
    assert V.subcolumn_role(label) == role


@pytest.mark.parametrize("label, scale", [("Rp", 1), ("Rp. (000)", 1000), ("Rp (Ribu)", 1000),
                                          ("Rp (Juta)", 1000000), ("Anggaran (Rp Miliar)", 10 ** 9)])
def test_money_scale(label, scale):
    assert V.money_scale(label) == scale


@pytest.mark.parametrize("text, quarter", [
    ("Realisasi Kinerja Pada Triwulan I", 1), ("Realisasi Kinerja Pada Triwulan Il", 2),
    ("Realisasi Kinerja Pada Triwulan Ill", 3), ("Realisasi Kinerja Pada Triwulan lV", 4),
    ("TW.1", 1), ("Tw I", 1), ("Triwulan 1", 1), ("Trw. II", 2), ("TW-3", 3), ("Triwulan ke-4", 4),
    ("TW IV", 4), ("Realisasi Triwulan (Rp) III", 3),
    ("Realisasi Kinerja Pada Triwulan", None), ("Triwulan ini", None), ("Network", None), ("TW V", None),
])
def test_quarter_headers_with_typos(text, quarter):
    assert V.quarter_of_header(text) == quarter
