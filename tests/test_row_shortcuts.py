"""The per-row helpers of the Renja evaluation take shortcuts for the usual rows (a kode of digits and dots, a
unit matched against a set, a rising check without a generator).  Each must answer exactly what its plain
rule answers, for any input: hypothesis compares them with the rule written out here."""

from __future__ import annotations

import re
from decimal import Decimal

import openpyxl
from hypothesis import HealthCheck, example, given, settings, strategies as st

from xlsx_lkjip.config import AVERAGE_RULES, DEFAULT, Config
from xlsx_lkjip.evaluate import compute
from xlsx_lkjip.evaluate.renja import kode_of


def kode_rule(parts: list[str]) -> str:
    """The kode as the separators split it: every run of dots, commas and spaces is one separator."""
    return ".".join(seg for p in parts for seg in re.split(r"[.,\s]+", p.strip()) if seg)


def cumulative_rule(quarters, target) -> bool:
    reported = [q for q in quarters if q is not None]
    if len(reported) < 3 or target is None or target <= 0:
        return False
    rising = all(b > a for a, b in zip(reported, reported[1:]))
    return rising and abs(reported[-1] - target) <= target / 20 and sum(reported, Decimal(0)) >= target * 2


def level_unit_rule(unit: str, config: Config) -> bool:
    u = unit.strip().lower()
    return any(u == w or u.startswith(w + " ") or (w == "%" and u.startswith("%")) for w in config.level_units)


kode_part = st.text(alphabet="0123456789., \t٣５a", max_size=8)


@settings(max_examples=600, deadline=None)
@given(st.lists(kode_part, max_size=6))
@example(["5", "03", "01", "2.01", "01"])
@example(["5.03.01.2.01.01"])
@example(["5..03", "01"])
@example([".5", "03."])
@example(["5", "", "01"])
@example([])
def test_kode_of_is_the_separator_rule(parts):
    assert kode_of(parts) == kode_rule(parts)


figure = st.one_of(st.none(), st.decimals(min_value=-200, max_value=400, allow_nan=False, places=2))


@settings(max_examples=600, deadline=None)
@given(st.lists(figure, min_size=4, max_size=4), figure)
@example([Decimal(25), Decimal(50), Decimal(75), Decimal(100)], Decimal(100))   # typed to date
@example([Decimal(29), Decimal(36), Decimal(75), Decimal(127)], Decimal(150))   # seed 002: a real year
@example([Decimal(25), Decimal(50), Decimal(50), Decimal(100)], Decimal(100))   # not rising
def test_looks_cumulative_is_its_rule(quarters, target):
    assert compute.looks_cumulative(quarters, target) == cumulative_rule(quarters, target)


unit_text = st.text(alphabet="% indeksrasio/ptahun", max_size=12)


@settings(max_examples=400, deadline=None)
@given(unit_text, st.lists(st.sampled_from(["%", "indeks", "rasio", "persen", "nilai", "skor"]), max_size=4))
@example("%/tahun", ["%"])
@example("% penduduk", ["%"])
@example("indeks kepuasan", ["indeks"])
@example("indeksasi", ["indeks"])
def test_level_units_match_as_the_rule(unit, words):
    config = Config(level_units=tuple(words)) if words else DEFAULT
    expected = compute.AKHIR if level_unit_rule(unit, config) else compute.KUMULATIF
    assert compute.accumulation_of("Jumlah kegiatan", unit, "", config) == expected


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="JjTtGgSsubomlahr :.\u0130\u017f1", min_size=1, max_size=24))
@example("Jumlah")
@example("SUB TOTAL:")
@example("Grand total")
@example("1 Jumlah")
def test_totals_prefilter_never_drops_a_totals_label(label):
    from xlsx_lkjip.forms.renja import _TOTALS_FIRST
    from xlsx_lkjip.forms.vocabulary import is_totals_label

    label = label.strip() or "x"
    if is_totals_label(label):
        assert label[0].lower()[:1] in _TOTALS_FIRST


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(st.none(), st.decimals(allow_nan=True, allow_infinity=True).filter(lambda d: not d.is_snan()),
                          st.sampled_from([Decimal("1E+400"), Decimal("-1E+400"), Decimal("1E+308"), Decimal("-0")])),
                max_size=8))
def test_sheet_numbers_are_each_figures_sheet_number(values):
    from xlsx_lkjip import speedups
    from xlsx_lkjip.evaluate.form_kind import sheet_number, sheet_numbers

    speedups.use(False)   # (the Python path; the C one is compared in test_speedups)
    try:
        assert repr(sheet_numbers(values)) == repr([sheet_number(v) for v in values])
    finally:
        speedups.use(True)


def evaluate_rule(formulas, values, decimals):
    """evaluate() written out: each sum of the known parts (None once a computed part is empty), each ratio as
    compute.ratio gives it, a sum beyond a double left empty."""
    known, out, reasons = dict(values), {}, {}
    for f in formulas:
        if f.kind == "sum":
            parts = [known.get(p) for p in f.parts]
            if any(v is None and p in out for p, v in zip(f.parts, parts)):
                result = None
            else:
                result = compute.add(parts)
            if result is not None and abs(result) > compute.MAX_DOUBLE:
                result, reasons[f.target] = None, "too-large"
        else:
            got = compute.ratio(known.get(f.parts[0]), known.get(f.parts[1]), percent=f.percent, decimals=decimals)
            result = got.value
            if got.reason:
                reasons[f.target] = got.reason
        known[f.target] = out[f.target] = result
    return out, reasons


FIGURE = st.one_of(st.none(), st.decimals(allow_nan=False, allow_infinity=False, places=3, min_value=-10**9,
                                          max_value=10**9),
                   st.sampled_from([Decimal(0), Decimal("-0"), Decimal("1E+300"), Decimal("1E-30"), Decimal("7"),
                                    Decimal("1E+24"), Decimal("123456789012345678901234.5"), Decimal("3")]))


@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["sum", "ratio"]), st.lists(st.integers(1, 9), min_size=2, max_size=4),
                          st.booleans()), max_size=6),
       st.dictionaries(st.integers(1, 9), FIGURE, max_size=9), st.sampled_from([0, 2, 4]))
def test_python_evaluate_is_the_formulas_written_out(specs, values, decimals):
    from xlsx_lkjip.forms.formula import Formula

    formulas = [Formula(target=10 + i if i % 3 else parts[0], kind=kind, parts=tuple(parts), percent=percent)
                for i, (kind, parts, percent) in enumerate(specs)]
    got = compute._evaluate(formulas, values, decimals)   # (the Python code; the C one is compared in test_speedups)
    want = evaluate_rule(formulas, values, decimals)
    # str: Decimal("1.50") == Decimal("1.5"), but a cell shows its digits
    assert [(k, str(v)) for k, v in got[0].items()] == [(k, str(v)) for k, v in want[0].items()]
    assert got[1] == want[1]


CAPAIAN = st.one_of(st.none(), st.decimals(allow_nan=False, min_value=-10, max_value=2000, places=2),
                    st.sampled_from([Decimal("Infinity"), Decimal("-Infinity"), Decimal("150"), Decimal("150.00"),
                                     Decimal("150.01")]))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["", "urusan", "program", "kegiatan", "sub kegiatan", "jumlah"]), CAPAIAN,
                          CAPAIAN), max_size=12),
       st.sampled_from([*AVERAGE_RULES, "kegiatan"]), st.sampled_from(["K", "Rp", ""]),
       st.sampled_from([Decimal(150), Decimal("150.00"), Decimal(0), Decimal("Infinity")]))
def test_counted_capaian_is_counts_for_average_asked_of_each_row(rows, rule, side, bound):
    """The capaian the averages take (counted_capaian: the rule asked once for all rows) are the rows'
    capaian that counts_for_average lets in, in order: totals rows never, the averaging rule's level, and on
    the K side none above the plausible bound."""
    from dataclasses import replace

    from xlsx_lkjip.evaluate.renja import RenjaRowResult, counted_capaian, counts_for_average

    config = replace(DEFAULT, average_rule=rule, capaian_bound=bound)
    results = [RenjaRowResult(row=i, level=level, capaian={"K": k, "Rp": rp}) for i, (level, k, rp) in enumerate(rows)]
    got = counted_capaian(results, config, side)
    want = [r.capaian.get(side) for r in results if counts_for_average(r, config, side)]
    assert len(got) == len(want) and all(a is b for a, b in zip(got, want))


# -- form finding's shortcuts (forms/renja.py) against their plain rules, on the builder's E.81 with its text
# columns (No, kode, program, indicator) and first column typed over
LABEL_VALUES = st.one_of(st.none(), st.integers(-3, 12), st.floats(allow_nan=True, width=32), st.booleans(),
                         st.decimals(min_value=-2, max_value=2, places=3),
                         st.sampled_from(["Jumlah", " jumlah total ", "Total Keseluruhan", "TOTAL", "Grand Total",
                                          "Sub Total", " ", "", "1", "(1)", " 1 ", "J", "Target", "2.01", "-"]))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, 5), st.integers(1, 9), LABEL_VALUES), max_size=14),
       st.lists(st.tuples(st.integers(0, 5), st.integers(1, 9), LABEL_VALUES), max_size=3),
       st.tuples(st.integers(-1, 5), st.sampled_from([1, "1", "(1)", " 1", 1.0, True, 2])))
def test_totals_rows_and_data_rows_are_their_plain_rules(tmp_path_factory, typed, totals, header):
    """_totals_rows skips a row whose first text is a number's (no totals word starts with a digit, "-",
    "n" or "i"), _numbered_cells reads the row's cells without a Cell each, _data_rows compares a value with 1
    before reading its text: the rows found are what the plain rules find (the label of every text column
    joined and asked is_totals_label; a repeated header row is one whose first cell reads "1" or "(1)" and
    whose cells number the columns)."""
    from tests.builders import build_e81
    from xlsx_lkjip.forms import vocabulary as vocab
    from xlsx_lkjip.forms.renja import _numbered_cells, find_renja_layout
    from xlsx_lkjip.io.package import Package
    from xlsx_lkjip.io.xlsx_sheet import read_grid

    tmp = tmp_path_factory.mktemp("totals")
    src = tmp / "Evaluasi Renja Dinas T 2024.xlsx"
    build_e81(src, n_rows=6, seed=5, quarters=2)
    wb = openpyxl.load_workbook(src)
    ws = wb.active
    for dr, col, value in typed:
        cell = ws.cell(13 + dr, col)
        if type(cell).__name__ != "MergedCell":
            cell.value = float(value) if isinstance(value, Decimal) and dr % 2 else value
    for dr, col, value in totals:   # a row whose text columns hold a totals word, after a value or none
        for c in range(1, 10):
            ws.cell(13 + dr, c).value = None
        ws.cell(13 + dr, col).value, ws.cell(13 + dr, col + 1).value = value, "Jumlah"
    if header[0] >= 0:   # the numbered header repeated among the data rows, its first cell typed as drawn
        for c in range(1, ws.max_column + 1):
            ws.cell(13 + header[0], c).value = ws.cell(11, c).value
        ws.cell(13 + header[0], 1).value = header[1]
    wb.save(src)
    with Package(src) as pkg:
        grid = read_grid(pkg.read(pkg.sheets[0].part), pkg.shared_strings)
    layout = find_renja_layout(grid)
    assert layout is not None
    first_figure = min(c for col in layout.columns.values() for c in col.sides.values())
    skip = {layout.roles.unit_pd, layout.roles.satuan}
    text_cols = [c for n, col in sorted(layout.columns.items()) if not col.sides and n not in skip
                 for c in col.physical if c < first_figure]
    want = {}
    for r in layout.data_rows:
        label = " ".join(t for t in (grid.text(r, c) for c in text_cols) if t)
        if label and vocab.is_totals_label(label):
            want[r] = " ".join(label.split())
    assert layout.totals_rows == want
    first = layout.columns[min(layout.columns)].first
    for r in sorted(grid.row_cols):
        assert _numbered_cells(grid, r) == numbered_rule(grid, r)
        if r in layout.data_rows:   # no data row is the header repeated
            assert not (grid.text(r, first) in ("1", "(1)") and numbered_rule(grid, r) is not None)


def numbered_rule(grid, row):
    """forms/renja._numbered_cells as it was written: a Cell per cell of the row, grid.text of each."""
    from xlsx_lkjip.forms.renja import _LABEL

    found, nonempty = [], 0
    for cell in grid.row_cells(row):
        text = grid.text(row, cell.col)
        if not text:
            continue
        nonempty += 1
        m = _LABEL.match(text)
        if m:
            found.append((cell.col, int(m.group(1) or m.group(2)), text if m.group(3) else ""))
    if len(found) < 5 or found[0][1] != 1 or len(found) != nonempty:
        return None
    if any(not (a < b <= a + 2) for (_, a, _), (_, b, _) in zip(found, found[1:])):
        return None
    return found
