"""The optional C speedups (xlsx_lkjip/_speedups.c) give what the pure-Python code gives: random worksheet XML
read both ways (and by the lxml reference reader) makes the same grid, random edits spliced both ways the same
bytes, random rekap rows the same XML.  Whole workbooks are compared both ways by the autouse fixture in
conftest.py; the switch itself (LKJIP_NO_SPEEDUPS) is tried in a child process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from lxml import etree

from tests.builders import build_e81
from tests.conftest import REPO, subprocess_env
from xlsx_lkjip import speedups
from xlsx_lkjip.evaluate import compute
from xlsx_lkjip.forms.formula import Formula
from xlsx_lkjip.io.cell_writer import Edit, Styles, apply_edits
from xlsx_lkjip.io.grid import col_letters
from xlsx_lkjip.io.package import Package, PackageError, parse_xml
from xlsx_lkjip.io.xlsx_sheet import _CELL_RE, _read_grid_lxml, read_grid
from xlsx_lkjip.io.xml_text import _checked_text
from xlsx_lkjip.report.rekap_xml import render

needs_native = pytest.mark.skipif(speedups._native is None, reason="the C speedups are not built (or turned off)")

HEAD = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet '
        'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
        'xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac">'
        '<dimension ref="A1:H40"/><sheetData>')
TAIL = '</sheetData><mergeCells count="1"><mergeCell ref="A1:C1"/></mergeCells></worksheet>'
SHARED = ["Program", "  Kegiatan  ", "Rata-rata capaian", "1.905.955.200", "R&D", ""]

NUMBERS = st.one_of(
    st.integers(-10**17, 10**17).map(str),
    st.decimals(allow_nan=False, allow_infinity=False, places=4, min_value=-10**9, max_value=10**9).map(str),
    st.floats(allow_nan=False, allow_infinity=False, width=64).map(repr),      # 15-17 digit noise, 1e-05, 1e+22
    st.sampled_from(["0.30000000000000004", "99.99999999999999", "100.00000000000001", "-0", "007", "1.",
                     ".5", "1E+400", "NaN", "Infinity", "12 abc", " 12", "1_000", "+3", "-", "", "1&#46;5"]))
TEXTS = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\ufffe\uffff"), max_size=12)


def _escape(text: str) -> str:
    return "".join(c if c not in "&<>\"\r\t\n" and (c >= " " or c in "\t\n\r") else f"&#{ord(c)};"
                   for c in text if c >= " " or c in "\t\n\r")


@st.composite
def cell_xml(draw, ref: str, plain: bool = False, row_loop: bool = False, odd: bool = False) -> str:
    """`row_loop`: only what the C row loop reads (a <v> or no element); `odd`: attributes it leaves to Python."""
    s = draw(st.sampled_from(["", ' s="1"', ' s="3"', ' s="0"', ' s="70"']))
    kind = draw(st.sampled_from(["num", "n", "blank", "num"] if plain else
                                ["num", "n", "s", "blank", "empty", "typed", "text"] if row_loop else
                                ["num", "n", "s", "str", "inline", "rich", "e", "b", "blank", "empty", "formula",
                                 "typed", "text", *(["odd"] if odd else [])]))
    if kind == "blank":
        return f'<c r="{ref}"{s}/>'
    if kind == "empty":
        return f'<c r="{ref}"{s}></c>'
    if kind == "typed":   # a <v> of any type without a formula (the C row loop asks _value_of for it)
        t = draw(st.sampled_from(["str", "e", "b", "d", "inlineStr", "x", "n", "s"]))
        v = draw(st.one_of(NUMBERS, TEXTS.map(_escape), st.sampled_from(["#N/A", "1", "true", "2024-01-31",
                                                                          "9999999999", "a\r\nb", "&amp;"])))
        return f'<c r="{ref}"{s} t="{t}"><v>{v}</v></c>'
    if kind == "text":    # content without an element: a blank to both readers
        return f'<c r="{ref}"{s}>{draw(st.sampled_from(["  ", "abc", "&amp;"]))}</c>'
    if kind == "odd":     # attributes the C loop leaves to the Python loop
        attrs = draw(st.sampled_from([' t="n" s="1"', ' s="1" cm="1"', ' s="1" ', ' s="1234567890123"', ' s="0012"',
                                      ' t="s"', ' s="200" t="n"', " s='1'"]))
        return f'<c r="{ref}"{attrs}><v>{draw(st.sampled_from(["1", "2.5", "0"]))}</v></c>'
    if kind in ("num", "n"):
        t = ' t="n"' if kind == "n" else ""
        return f'<c r="{ref}"{s}{t}><v>{_escape(draw(NUMBERS))}</v></c>'
    if kind == "s":
        return f'<c r="{ref}"{s} t="s"><v>{draw(st.sampled_from(["0", "1", "2", "3", "4", "5", "9", "x", "01"]))}</v></c>'
    if kind == "str":
        return f'<c r="{ref}"{s} t="str"><f>A1&amp;"x"</f><v>{_escape(draw(TEXTS))}</v></c>'
    if kind == "inline":
        return f'<c r="{ref}"{s} t="inlineStr"><is><t>{_escape(draw(TEXTS))}</t></is></c>'
    if kind == "rich":
        return f'<c r="{ref}"{s} t="inlineStr"><is><r><t>a</t></r><r><t xml:space="preserve"> {_escape(draw(TEXTS))}</t></r></is></c>'
    if kind == "e":
        return f'<c r="{ref}"{s} t="e"><f>1/0</f><v>#DIV/0!</v></c>'
    if kind == "b":
        return f'<c r="{ref}"{s} t="b"><v>{draw(st.sampled_from(["1", "0", "true"]))}</v></c>'
    return f'<c r="{ref}"{s}><f>SUM(A1:A2)</f><v>{_escape(draw(NUMBERS))}</v></c>'


@st.composite
def sheet_xml(draw, plain: bool = False) -> bytes:
    """A worksheet of random rows; `plain`: numbers and blanks only (what the C splice loop takes)."""
    rows = []
    r = 0
    odd = not plain and draw(st.integers(0, 4)) == 0   # a sheet the fast reader may hand to the lxml reader
    for _ in range(draw(st.integers(0, 10))):
        r += draw(st.integers(1, 2)) if not odd or draw(st.integers(0, 8)) else draw(st.sampled_from([-1, 0, 998]))
        cols = sorted(draw(st.sets(st.integers(1, 8) if plain else st.sampled_from([1, 2, 3, 8, 27, 703, 16384]),
                                   max_size=8)))
        if odd and len(cols) > 1 and not draw(st.integers(0, 8)):
            cols = draw(st.sampled_from([cols[::-1], cols + cols[-1:]]))   # out of order, repeated: the lxml reader's
        row_loop = draw(st.booleans())
        cells = [draw(cell_xml(f"{col_letters(c)}{r}", plain, row_loop, odd)) for c in cols]
        sep = "" if row_loop else draw(st.sampled_from(["", "", "", " ", "\n  "]))  # whitespace between cells
        attrs = draw(st.sampled_from(["", ' spans="1:8"', ' hidden="1"', ' ht="30" customHeight="1"', ' hidden="true"',
                                      ' hidden="0"', ' x14ac:dyDescent="0.25"', ' spans="1:8" hidden="1" s="3"',
                                      ' ht="é"', *([' hidden="&#49;"', ' xmlns:q="urn:q"', ' q:x="1"', ' spans="1" spans="2"',
                                                           ' xmlnsx="1"'] if odd else [])]))
        head = draw(st.sampled_from([f'<row r="{r}"{attrs}', f'<row r="{r}"{attrs}', f'<row\n r = "{r}"{attrs} ',
                                     f'<row{attrs} r="{r}"', f'<row r="{r:03d}"{attrs}',
                                     *([f'<row{attrs}'] if odd else [])]))   # (no r: the lxml reader's)
        end = draw(st.sampled_from(["/>", "></row>"])) if not cells else f">{sep.join(cells)}</row>"
        rows.append(head + end + draw(st.sampled_from(["", "", "\n", "\r\n "])))
    return (HEAD + "".join(rows) + TAIL).encode("utf-8")


def _grid_facts(grid) -> tuple:
    return (grid.cells, grid.row_cols, grid.hidden_rows, grid.merges, grid.invalid_numbers, grid.max_row,
            grid.max_col)


def _both(fn, *args):
    """fn(*args) with the speedups on, then off."""
    try:
        speedups.use(True)
        on = fn(*args)
        speedups.use(False)
        off = fn(*args)
    finally:
        speedups.use(True)
    return on, off


@needs_native
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sheet_xml())
def test_random_sheet_xml_gives_the_same_grid_with_and_without_speedups(xml):
    on, off = _both(_read_or_refuse, xml)
    if isinstance(on, PackageError) or isinstance(off, PackageError):   # XML no parser takes: refused both ways
        assert repr(on) == repr(off)
        return
    assert _grid_facts(on) == _grid_facts(off)
    assert list(on.cells) == list(off.cells)
    assert (on.fast is None) == (off.fast is None)
    if on.fast is not None:   # where the rows and cells lie, and the cell tokens the splice writer uses
        assert _rows_facts(on) == _rows_facts(off)
    reference = _read_grid_lxml(parse_xml(xml, "x"), SHARED)   # and the lxml reader, the reference of both
    assert _grid_facts(on)[:3] == _grid_facts(reference)[:3]


# Rows the C row loop must leave to the Python loop (which reads them, or hands the sheet to the lxml reader, or
# the parser refuses it), each between two rows the C loop reads.
HANDED_OVER = {
    "undeclared prefix": '<row r="2" q:x="1"><c r="A2"><v>1</v></c></row>',
    "namespace declaration": '<row r="2" xmlns:q="urn:q"><c r="A2"><v>1</v></c></row>',
    "xmlns-like name": '<row r="2" xmlnsx="1"><c r="A2"><v>1</v></c></row>',
    "repeated attribute": '<row r="2" spans="1:2" spans="1:3"><c r="A2"><v>1</v></c></row>',
    "entity in hidden": '<row r="2" hidden="&#49;"><c r="A2"><v>1</v></c></row>',
    "no r": '<row spans="1:2"><c r="A2"><v>1</v></c></row>',
    "r not digits": '<row r="2a"><c r="A2"><v>1</v></c></row>',
    "r of 20 digits": '<row r="18446744073709551619"><c r="A2"><v>1</v></c></row>',
    "row before the last": '<row r="1"><c r="A2"><v>1</v></c></row>',
    "repeated cell": '<row r="2"><c r="A2"><v>1</v></c><c r="A2"><v>2</v></c></row>',
    "cells out of order": '<row r="2"><c r="B2"><v>1</v></c><c r="A2"><v>2</v></c></row>',
    "whitespace between cells": '<row r="2"><c r="A2"><v>1</v></c>\n <c r="B2"><v>2</v></c></row>',
    "whitespace before the cells": '<row r="2"> <c r="A2"><v>1</v></c></row>',
    "formula": '<row r="2"><c r="A2"><f>1+1</f><v>2</v></c><c r="B2"><v>3</v></c></row>',
    "inline string": '<row r="2"><c r="A2" t="inlineStr"><is><t>x</t></is></c></row>',
    "empty v": '<row r="2"><c r="A2"><v/></c></row>',
    "t before s": '<row r="2"><c r="A2" t="n" s="1"><v>1</v></c></row>',
    "other cell attribute": '<row r="2"><c r="A2" s="1" cm="1"><v>1</v></c></row>',
    "style of 13 digits": '<row r="2"><c r="A2" s="1234567890123"><v>1</v></c></row>',
    "single quotes": "<row r='2'><c r=\"A2\"><v>1</v></c></row>",
    "four column letters": '<row r="2"><c r="AAAA2"><v>1</v></c></row>',
    "no </row>": '<row r="2"><c r="A2"><v>1</v></c>',
    "text after the row": '<row r="2"><c r="A2"><v>1</v></c></row>x',
}


@pytest.mark.parametrize("name", sorted(HANDED_OVER))
def test_rows_the_c_loop_hands_over_read_as_without_it(name):
    xml = (HEAD + '<row r="1"><c r="A1"><v>1</v></c></row>' + HANDED_OVER[name]
           + '<row r="5"><c r="A5" t="s"><v>4</v></c></row>' + TAIL).encode()
    on, off = _both(_read_or_refuse, xml)
    if isinstance(on, PackageError) or isinstance(off, PackageError):
        assert repr(on) == repr(off)
        return
    assert _grid_facts(on) == _grid_facts(off) and (on.fast is None) == (off.fast is None)
    if on.fast is not None:
        assert _rows_facts(on) == _rows_facts(off)


def _read_or_refuse(xml: bytes):
    try:
        return read_grid(xml, SHARED, "xl/worksheets/sheet1.xml")
    except PackageError as exc:
        return exc


def _rows_facts(grid) -> tuple:
    rows = grid.fast.rows
    filled = {r: (f.start, f.end, f.body_start, f.body_end, f.closed, f.cells, list(f.offsets),
                  [f.token(i) for i in range(len(f.cells))]) for r, f in rows.filled.items()}
    every = {r: (f.start, f.end, f.body_start, f.body_end, f.closed, f.cells, list(f.offsets)) for r, f in rows.items()}
    return filled, every, list(rows.order), list(rows.starts), list(rows.ends), list(rows.body_starts)


@pytest.mark.parametrize("wide", [False, True])
def test_c_row_loop_reads_every_row_of_a_builder_workbook(tmp_path, wide):
    """What Excel and the builders write is the C loop's (no row left to the Python loop), with the grid and
    the rows of the Python loop."""
    path = tmp_path / "e81.xlsx"
    build_e81(path, n_rows=30)
    with Package(path) as pkg:
        data, strings = pkg.read(pkg.sheets[0].part), pkg.shared_strings
    if wide:   # one character beyond Latin-1 makes the sheetData text 2 bytes a character (the loop's other build)
        data = data.replace(b"</sheetData>", '<row r="9999"><c r="A9999" t="inlineStr"><is><t>Rp 5 € ✓</t></is>'
                            '</c></row></sheetData>'.encode())
    on, off = _both(read_grid, data, strings, "xl/worksheets/sheet1.xml")
    assert on.fast.text.isascii() is not wide
    assert on.fast is not None and on.fast.rows.filled
    if speedups._native is not None:   # offsets only: the C loop's rows (but the inline string's)
        assert all((f._cells is None) is (r != 9999) for r, f in on.fast.rows.filled.items())
    # without them too: the tokens are made again where the writer asks (fewer objects to keep and free)
    assert all(f._cells is None for f in off.fast.rows.filled.values())
    assert _grid_facts(on) == _grid_facts(off) and list(on.cells) == list(off.cells)
    assert _rows_facts(on) == _rows_facts(off)


@needs_native
@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=40), st.integers(0, 50), st.integers(0, 50))
def test_plain_region_only_where_the_text_checks_have_nothing_to_say(data, start, end):
    if speedups._native.plain_region(data, start, end):
        assert 0 <= start <= end <= len(data)
        region = data[start:end]
        assert region.isascii() and "&" not in region.decode() and b"]" not in region
        assert all(c >= 0x20 or c in b"\t\n" for c in region)
        assert _checked_text(data, start, end) == region.decode("ascii")


@needs_native
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sheet_xml())
def test_random_sheets_give_the_same_row_texts_with_and_without_speedups(xml):
    from xlsx_lkjip.forms.renja import _row_strings, _strings_by_row

    grid = _read_or_refuse(xml)
    if isinstance(grid, PackageError):   # (sheet_xml makes some XML no parser takes)
        return
    rows = sorted(grid.row_cols) + [10**6]   # and a row the sheet does not have
    on, off = _both(lambda: [_row_strings(grid, r) for r in rows])
    assert on == off
    for first in (0, 2, 5):   # every row's texts at once (the footer search), in any order
        by_row = speedups._native.strings_by_row(grid.cells, first)
        assert by_row == _strings_by_row(grid.cells, first)
        # the same texts as a row's look-ups, where the grid's cells and row_cols agree (a broken sheet read by
        # lxml, with a cell repeated or a ref outside its row, may not: the one pass reads the cells)
        if {(r, c) for r, cs in grid.row_cols.items() for c in cs} == set(grid.cells):
            assert {r: set(v) for r, v in by_row.items()} == \
                   {r: set(v) for r in rows if r >= first and (v := _row_strings(grid, r))}


@needs_native
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sheet_xml(), st.lists(st.integers(1, 8), max_size=6), st.lists(st.integers(1, 8), max_size=6))
def test_random_sheets_give_the_same_cell_texts_and_exported_zeros_with_and_without_speedups(xml, rows, cols):
    from xlsx_lkjip.evaluate.renja import _exported_zeros

    grid = _read_or_refuse(xml)
    if isinstance(grid, PackageError):   # (sheet_xml makes some XML no parser takes)
        return
    texts = [speedups._native.cell_texts(grid.cells, r, cols, grid.text) for r in rows]
    assert texts == [[grid.text(r, c) for c in cols] for r in rows]
    on, off = _both(lambda: _exported_zeros(grid, rows, cols))
    assert on == off


@needs_native
@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(st.sampled_from('<c r="A1" s/>v</c>tf 9\n'), max_size=40), max_size=3).map("".join))
def test_row_scanner_is_the_cell_pattern_where_the_cells_cover_the_row(body):
    found = speedups._native.scan_row(body)
    expected = _CELL_RE.findall(body)
    if found is not None:
        assert found == expected
    covered = sum(len(t[0]) for t in expected) == len(body)
    if covered and all(body.startswith(t[0], sum(len(x[0]) for x in expected[:i])) for i, t in enumerate(expected)):
        assert found == expected


@pytest.fixture(scope="module")
def e81_styles(tmp_path_factory) -> bytes:
    path = tmp_path_factory.mktemp("styles") / "e81.xlsx"
    build_e81(path, n_rows=12)
    with Package(path) as pkg:
        return etree.tostring(pkg.xml(pkg.part_of_type("/styles")))


# mostly numbers into the cells of the sheet (what the C loop takes), some of everything else
EDITS = st.lists(st.tuples(st.integers(1, 14), st.integers(1, 9),
                           st.sampled_from(["number", "percent", "number", "percent", "clear", "text"]),
                           st.one_of(st.decimals(allow_nan=False, allow_infinity=False, places=3,
                                                 min_value=-10**6, max_value=10**6),
                                     st.sampled_from([Decimal("-0.00"), Decimal("1E+2"), Decimal("123456789.123456789123"),
                                                      Decimal("0.000"), Decimal("5")])),
                           st.sampled_from([None, 0, 1, 3])), max_size=25)


@needs_native
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(sheet_xml(), sheet_xml(plain=True)), EDITS)
def test_random_edits_splice_the_same_bytes_with_and_without_speedups(e81_styles, xml, raw_edits):
    edits = [Edit(r, c, kind, (str(v) if kind == "text" else v) if kind != "clear" else None, style)
             for r, c, kind, v, style in raw_edits]

    def splice():
        styles = Styles(etree.fromstring(e81_styles))
        grid = _read_or_refuse(xml)
        if isinstance(grid, PackageError):
            return repr(grid)
        try:
            out = apply_edits(grid, styles, edits)
        except ValueError as exc:   # lxml refusing a text: the same both ways
            return type(exc)
        return out, etree.tostring(styles.root)

    on, off = _both(splice)
    assert on == off


class _Format:
    def __init__(self, n: int):
        self.n = n

    def _get_xf_index(self) -> int:
        return self.n


FORMATS = [_Format(i) for i in range(5)]


def _style_of(kind, v):
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return FORMATS[1] if kind == "pct" else (FORMATS[2] if float(v).is_integer() else FORMATS[3])
    return FORMATS[4] if kind == "wrap" else None


VALUES = st.one_of(st.none(), st.just(""), st.booleans(), st.integers(-10**20, 10**20),
                   st.floats(allow_nan=True, allow_infinity=True), st.decimals(allow_nan=False, places=2),
                   # whole figures about where "%d" (both loops) gives way to .16G
                   st.sampled_from([-0.0, 0.0, -1.0, 1e16, -1e16, 9999999999999998.0, -9999999999999998.0, 2.0 ** 53 + 2,
                                    -(2.0 ** 53) - 2, 10 ** 16 - 1, -(10 ** 16) + 1, 2 ** 63, -(2 ** 63)]),
                   st.text(max_size=80), st.sampled_from(["_x0041_", " lead", "trail ", "a&b", "<r>x</r>", "\t",
                                                          "x\x01y", "plain text", "_", "a_xb", "é", "x" * 70,
                                                          "berkas \udcff.xlsx"]))  # (a file name os.fsdecode made)


@needs_native
@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.lists(VALUES, min_size=0, max_size=6),
                          # rows that repeat their texts and figures, as a rekap's do (the Python loop keeps their cells)
                          st.lists(st.sampled_from(["", None, "Dinas", "a&b", 12.0, -3.0, 0.5, 7, 1e16]), max_size=6)),
                max_size=10), st.booleans())
def test_random_rekap_rows_render_the_same_with_and_without_speedups(rows, heights):
    letters, kinds = ["A", "B", "C", "D", "E"], ["text", "pct", "num", "wrap", "text"]
    height_of = (lambda values: 30.0 if len(values) > 3 else None) if heights else None
    on, off = _both(lambda: render(rows, letters, kinds, _style_of, height_of))
    assert on == off


FIGURES = st.one_of(st.none(), st.decimals(allow_nan=False),
                    st.sampled_from([Decimal(0), Decimal("0.00"), Decimal("-0"), Decimal("1E+400"), Decimal("-1E+400"),
                                     Decimal("1E-30"), Decimal("Infinity"), Decimal("-Infinity"), Decimal("12.345"),
                                     Decimal("99999999999999999999999999.995"), Decimal("0.005"), Decimal("-2.5")]),
                    st.integers(-10**6, 10**6), st.floats(allow_nan=False, allow_infinity=False, width=32))


def _formula(kind_parts_percent, target):
    kind, parts, percent = kind_parts_percent
    return Formula(target=target, kind=kind, parts=tuple(parts), percent=percent)


FORMULAS = st.lists(st.tuples(st.sampled_from(["sum", "ratio"]), st.lists(st.integers(1, 9), min_size=2, max_size=4),
                              st.booleans()), max_size=6)


@needs_native
@settings(max_examples=500, deadline=None)
@given(FORMULAS, st.dictionaries(st.integers(1, 9), FIGURES, max_size=9), st.sampled_from([0, 2, 4]))
def test_random_formulas_evaluate_the_same_with_and_without_speedups(specs, values, decimals):
    formulas = [_formula(spec, 10 + i if i % 3 else spec[1][0]) for i, spec in enumerate(specs)]

    def run():
        try:
            out, reasons = compute.evaluate(formulas, values, decimals)
        except Exception as exc:   # the same error both ways (a float beyond a Decimal's reach …)
            return type(exc).__name__
        # str: Decimal("1.50") == Decimal("1.5"), but a cell shows its digits
        return [(k, type(v).__name__, str(v)) for k, v in out.items()], reasons

    on, off = _both(run)
    assert on == off


@needs_native
@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=60), st.integers(0, 10), st.lists(st.tuples(st.integers(0, 8), st.integers(0, 4),
                                                                       st.text(max_size=6)), max_size=6),
       st.booleans())
def test_spliced_stretches_join_the_same_with_and_without_speedups(data, base, steps, ordered):
    from xlsx_lkjip.io.cell_writer import _join_events

    events, at = [], 0
    for gap, length, xml in steps:   # sorted, not overlapping (what the splice makes), unless `ordered` is off
        start = at + gap if ordered else gap
        events.append((start, 1, 0, start + length, xml))
        at = start + length
    stop = len(data)
    fits = base <= stop and all(base + e[3] <= stop for e in events) and \
        all(b[0] >= a[3] for a, b in zip(events, events[1:])) and all(e[3] >= e[0] for e in events)
    joined = speedups._native.join_events(data, base, events, stop)
    if fits:
        assert joined == _join_events(data, base, events, stop)
    else:
        assert joined is None   # the Python loop joins what the splice never makes


@needs_native
@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(FIGURES, st.decimals(allow_nan=True, allow_infinity=True),
                          st.sampled_from([Decimal("sNaN"), Decimal("-NaN"), Decimal("1E-400"), Decimal("-0.000"),
                                           Decimal("9" * 40), Decimal("0.1") ** 30]), st.text(max_size=3)),
                max_size=12))
def test_random_figures_become_the_same_rekap_and_record_values_with_and_without_speedups(values):
    from xlsx_lkjip.batch.round_record import _record_rows
    from xlsx_lkjip.evaluate.form_kind import sheet_numbers

    def run():
        numbers = [v for v in values if not isinstance(v, str)]
        try:
            converted = sheet_numbers(numbers)
        except Exception as exc:   # sNaN: the same error both ways
            converted = type(exc).__name__
        # repr: -0.0 == 0.0 but is written "-0"
        return repr(converted), repr(_record_rows([values, values[::-1]]))

    on, off = _both(run)
    assert on == off


# Decimals as the forms hold them: up to 17 significant digits, the point anywhere (a figure's text of at most
# 15 digits and 22 places takes the C code's short way, the rest strtod's)
SHORT_DECIMALS = st.builds(lambda digits, places, neg: Decimal(f"{'-' if neg else ''}{digits}").scaleb(-places),
                           st.integers(0, 10 ** 17), st.integers(-3, 25), st.booleans())


@needs_native
@settings(max_examples=2000, deadline=None)
@given(st.lists(SHORT_DECIMALS, min_size=1, max_size=8))
def test_decimals_become_the_nearest_float_with_and_without_speedups(values):
    from xlsx_lkjip.evaluate.form_kind import sheet_numbers

    on, off = _both(lambda: repr(sheet_numbers(values)))
    assert on == off == repr([float(v) for v in values])


@needs_native
@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.one_of(FIGURES, st.text(max_size=6), st.booleans(), st.integers(-10**30, 10**30),
                                   st.sampled_from(['"', "\\", "\n\r\t\b\f", "\x00\x1f\x7f", "\u2028é€😀"])),
                         max_size=8).map(lambda v: tuple(v) if len(v) % 3 == 1 else v), max_size=5))
def test_random_record_rows_become_the_same_json_with_and_without_speedups(rows):
    """The round record's rows as JSON text: written at once in C, or json.dumps of the figures as texts; a
    value the C function does not write (a float) hands the whole rows to the Python function."""
    from xlsx_lkjip.batch.round_record import _record_rows, _rows_json

    on, off = _both(_rows_json, rows)
    assert on == off == json.dumps(_record_rows(rows), ensure_ascii=False, separators=(",", ":"))


@needs_native
def test_every_c_function_is_named_and_switched():
    """speedups.NAMES is the extension's functions, no more and no less: each can be turned off in-process (and
    is, by the differential fixture), and none is left unreachable."""
    assert set(speedups.NAMES) == {n for n in dir(speedups._native) if not n.startswith("_")}


@needs_native
def test_no_speedups_switch_turns_them_off_in_a_new_process():
    code = "from xlsx_lkjip import speedups; print(speedups.ACTIVE, speedups.read_cells is None)"
    env = subprocess_env()
    on = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=REPO)
    off = subprocess.run([sys.executable, "-c", code], env={**env, "LKJIP_NO_SPEEDUPS": "1"}, capture_output=True,
                         text=True, cwd=REPO)
    assert on.stdout.split() == ["True", "False"]
    assert off.stdout.split() == ["False", "True"]


def test_ci_builds_the_speedups_for_the_first_pass():
    """.ci/run builds the extension in the checkout and runs the suite with it, then again with
    LKJIP_NO_SPEEDUPS=1: under CI the first pass must not silently run pure Python only."""
    if not os.environ.get("CI") or os.environ.get("LKJIP_NO_SPEEDUPS", "") not in ("", "0"):
        pytest.skip("the CI pass with the speedups")
    assert speedups.ACTIVE, "CI: the C speedups were not built (python setup.py build_ext --inplace)"
