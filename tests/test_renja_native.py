"""The C parts of the Renja evaluation (speedups.renja_side: the end of a side of a row; renja_record_rows and
renja_indikator_rows: a sheet's rows as the record and the rekap take them) give what the Python code gives.
Workbooks staff might send - the builder's E.81 with cells typed over at random: totals typed, capaian typed,
targets missing, text in figure columns, a pagu below its realisasi - are completed both ways and every
figure, edit, problem and output byte compared; random rows are rendered both ways."""

from __future__ import annotations

from decimal import Decimal

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from tests.builders import build_e81
from xlsx_lkjip import speedups
from xlsx_lkjip.batch.workbook import complete_workbook
from xlsx_lkjip.evaluate.renja import RenjaRowResult, RenjaSheetResult, _indikator_rows, _record_rows

needs_native = pytest.mark.skipif(speedups._native is None, reason="the C speedups are not built (or turned off)")

TYPED = st.one_of(st.none(), st.integers(-5, 2000), st.decimals(min_value=0, max_value=500, places=2),
                  st.sampled_from(["-", "0", "Rp 5 juta", "85%", "1.500", "abc", "", 0.5, 1e300]))
MUTATIONS = st.lists(st.tuples(st.integers(0, 13), st.integers(1, 30), TYPED), max_size=12)


def _completed(src, out, on: bool):
    try:
        speedups.use(on)
        result = complete_workbook(src, out)
    finally:
        speedups.use(True)
    sheets = [(s.sheet, repr(s.record_rows()), [tuple(e) for e in s.edits], repr(s.average))
              for s in result.sheets]
    problems = [(p.code, p.level, p.sheet, p.cell, p.message) for p in result.problems]
    return sheets, problems, out.read_bytes() if out.exists() else None


@needs_native
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(st.integers(0, 10**6), st.integers(1, 4), st.sampled_from([1, 5]), MUTATIONS)
def test_typed_over_workbooks_complete_alike_with_and_without_the_c_rows(tmp_path_factory, seed, quarters,
                                                                         kode_columns, mutations):
    tmp = tmp_path_factory.mktemp("native")
    src = tmp / "Evaluasi Renja TW II 2024.xlsx"
    build_e81(src, n_rows=12, seed=seed, quarters=quarters, kode_columns=kode_columns)
    if mutations:
        wb = openpyxl.load_workbook(src)
        ws = wb.active
        first = next(r for r in range(1, 40) if ws.cell(r, 1).value in (1, "1"))   # the numbering row
        for dr, col, value in mutations:
            cell = ws.cell(first + 1 + dr, col)
            if type(cell).__name__ != "MergedCell":   # (a footer's merged label: read-only)
                cell.value = value
        wb.save(src)
    on = _completed(src, tmp / "on.xlsx", True)
    off = _completed(src, tmp / "off.xlsx", False)
    assert on == off


def _row(i, figures, quarters, progress):
    k, rp = figures[:2], figures[2:4]
    return RenjaRowResult(row=i, kode=f"1.{i}", level="program", sasaran="S", program=f"P{i}", indicator="I",
                          unit="%", target={"K": k[0], "Rp": rp[0]}, realisasi={"K": k[1], "Rp": rp[1]},
                          capaian={"K": figures[4], "Rp": figures[5]}, quarters=quarters, predikat="Tinggi",
                          progress=progress, renstra_target={"K": figures[6]}, renstra_realisasi={},
                          renstra_capaian={"Rp": figures[7]})


FIGURE = st.one_of(st.none(), st.decimals(allow_nan=False, allow_infinity=False, places=3, min_value=-10**6,
                                          max_value=10**6),
                   st.sampled_from([Decimal("1E+400"), Decimal("-0.00"), Decimal("Infinity"), Decimal("0.1") ** 30]))
QUARTER_LISTS = st.one_of(st.none(), st.lists(FIGURE, max_size=6))
ROWS = st.lists(st.tuples(st.lists(FIGURE, min_size=8, max_size=8),
                          st.dictionaries(st.sampled_from(["K", "Rp", "X"]), QUARTER_LISTS),
                          st.dictionaries(st.sampled_from(["I", "II", "III", "IV"]), FIGURE)), max_size=5)


@needs_native
@settings(max_examples=300, deadline=None)
@given(ROWS)
def test_random_rows_become_the_same_record_and_rekap_rows(rows):
    made = [_row(i, f, q, p) for i, (f, q, p) in enumerate(rows)]
    sheet = RenjaSheetResult(sheet="Renja", layout=None, rows=made)

    class _Info:
        agency = "Dinas X"

    class _Result:
        info = _Info()
        name = "a.xlsx"

    def run():
        try:
            indikator = repr(list(_indikator_rows(_Result(), sheet)))
        except Exception as exc:   # the same error both ways
            indikator = type(exc).__name__
        return repr(_record_rows(made)), indikator

    try:
        speedups.use(True)
        on = run()
        speedups.use(False)
        off = run()
    finally:
        speedups.use(True)
    assert on == off



QUARTER = st.integers(-1, 400).map(lambda v: None if v < 0 else v)
E81_FIRST_ROW, E81_INDICATOR, E81_TARGET_K, E81_QUARTERS_K = 13, 9, 14, (16, 18, 20, 22)   # build_e81's layout


@needs_native
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, 300), st.lists(QUARTER, min_size=4, max_size=4),
                          st.sampled_from(["Jumlah dokumen", "Persentase dokumen tepat waktu"])),
                min_size=1, max_size=4))
def test_the_checks_before_a_side_decide_alike_with_and_without_the_c_rows(tmp_path_factory, rows):
    """The checks renja_side makes in C before it evaluates a side (a level summed past 100, quarters typed to
    date: rising, the last within 5 % of the target, their sum at least twice it), at and around their bounds:
    the builder's E.81 (computed columns empty, so the C side runs) with targets and quarters drawn so that sums
    pass 100 and the last quarter lands near the target."""
    tmp = tmp_path_factory.mktemp("checks")
    src = tmp / "Evaluasi Renja Dinas C TW IV 2024.xlsx"
    build_e81(src, n_rows=4, seed=7, quarters=4)
    wb = openpyxl.load_workbook(src)
    ws = wb.active
    for i, (target, quarters, indicator) in enumerate(rows):
        # every other row: quarters typed to date, rising to the target give or take up to 12 %
        if target and quarters[0] is not None and quarters[0] % 2:
            last = target + (quarters[0] % 25 - 12) * target // 100
            quarters = [last * k // 4 for k in (1, 2, 3)] + [last]
        r = E81_FIRST_ROW + i
        ws.cell(r, E81_INDICATOR).value = indicator
        ws.cell(r, E81_TARGET_K).value = target
        for c, q in zip(E81_QUARTERS_K, quarters):
            ws.cell(r, c).value = q
    wb.save(src)
    assert _completed(src, tmp / "on.xlsx", True) == _completed(src, tmp / "off.xlsx", False)


@needs_native
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, 3), st.sampled_from([14, 15, *E81_QUARTERS_K, 17, 19, 21, 23]),
                          st.sampled_from(["-", " - ", "--", "-1", 5, None])), min_size=1, max_size=10),
       st.sampled_from([None, 1, 2, 3]))
def test_a_dash_in_a_figure_cell_reads_alike_with_and_without_the_c_rows(tmp_path_factory, cells, triwulan):
    """A lone "-" (the usual "nothing" of a figure cell) is read by the C row reader as the Python loop reads it:
    0 without a word; in a quarter after the monitoring round (triwulan) the Python loop says so.  Dashes typed
    in target, pagu and quarter cells, K and Rp, beside other texts."""
    from dataclasses import replace

    from xlsx_lkjip.config import DEFAULT

    tmp = tmp_path_factory.mktemp("dash")
    src = tmp / "Evaluasi Renja Dinas D 2024.xlsx"
    build_e81(src, n_rows=4, seed=3, quarters=4)
    wb = openpyxl.load_workbook(src)
    ws = wb.active
    for i, col, value in cells:
        ws.cell(E81_FIRST_ROW + i, col).value = value
    wb.save(src)
    config = replace(DEFAULT, triwulan=triwulan)
    got = []
    for on in (True, False):
        try:
            speedups.use(on)
            result = complete_workbook(src, tmp / f"{on}.xlsx", config)
        finally:
            speedups.use(True)
        got.append(([(s.sheet, repr(s.record_rows()), [tuple(e) for e in s.edits]) for s in result.sheets],
                     [(p.code, p.cell, p.message) for p in result.problems], (tmp / f"{on}.xlsx").read_bytes()))
    assert got[0] == got[1]
