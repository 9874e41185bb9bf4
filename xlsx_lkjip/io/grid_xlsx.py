"""The completed workbook of a foreign input (.xls, .ods, HTML "xls"), written as a new .xlsx: a foreign file
cannot be edited in place like an .xlsx package, so its grids are written out with the same cell edits
evaluate/ made (io/cell_writer.Edit), applied to the values.  Nothing is computed here.

What the output keeps: every sheet (hidden ones hidden), every value (formulas' cached values; no formula is
written), merged ranges (their top-left text wrapped and centred, as "Merge & Center" shows it), column widths,
hidden columns, row heights set by hand and hidden rows where the reader knows them, and the number format of
each cell; computed capaian get two decimals (0.00, or 0.00% in a cell formatted as percent, like the .xlsx
writer).  What it does not keep: fonts, fills, borders, comments, pictures, charts, print settings.
Deterministic: fixed document properties, cells and formats in a fixed order.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from decimal import Decimal
from typing import BinaryIO, NamedTuple

import xlsxwriter

from .cell_writer import Edit
from .foreign import GENERAL, Book, is_date_code, is_percent_code

FIXED_DATE = _dt.datetime(2000, 1, 1)
MAX_TEXT = 32767                       # characters in one Excel cell
_TWO_DECIMALS = re.compile(r"\.00(?!0)")


class ExtraSheet(NamedTuple):
    """A sheet of plain values to add at the end (the agency's "Ringkasan lkjip")."""
    name: str
    rows: list[list]
    widths: dict                       # 1-based column -> width
    links: list                        # (row, col, sheet, cell): an internal hyperlink, 1-based


def _two_decimals(code: str) -> bool:
    return bool(_TWO_DECIMALS.search(code.split(";")[0]))


def _number(v: Decimal):
    """A figure as a double; one beyond the range of a double stays exact, as text (like the rekap)."""
    f = float(v)
    return f if math.isfinite(f) else None


def _datetime(text: str):
    try:
        if "T" in text or len(text) == 10:
            return _dt.datetime.fromisoformat(text), "dd/mm/yyyy" if len(text) == 10 else "dd/mm/yyyy hh:mm:ss"
        if re.match(r"^\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$", text):
            return _dt.time.fromisoformat(text.zfill(8) if len(text) < 8 else text), "hh:mm:ss"
    except ValueError:
        return None
    return None


class _Formats:
    """xlsxwriter formats made once per (number format, wrap, merged) combination."""

    def __init__(self, wb):
        self.wb = wb
        self.made: dict[tuple[str, bool, bool], object] = {}

    def get(self, code: str, wrap: bool = False, merged: bool = False):
        if code == GENERAL and not wrap and not merged:
            return None
        key = (code, wrap, merged)
        fmt = self.made.get(key)
        if fmt is None:
            props = {}
            if code != GENERAL:
                props["num_format"] = code
            if wrap or merged:
                props["text_wrap"] = True
            if merged:
                props.update(align="center", valign="vcenter")
            fmt = self.made[key] = self.wb.add_format(props)
        return fmt


def _apply(cells: dict, codes: list[str], edits: list[Edit]) -> dict:
    """Cell (row, col) -> (value, kind, code) after the edits, as io/cell_writer would store them."""
    out = {k: (t[0], t[1], codes[t[3]] if 0 <= t[3] < len(codes) else GENERAL) for k, t in cells.items()}
    for e in edits:
        key = (e.row, e.col)
        old = out.get(key)
        if old is not None:
            code = old[2]
        elif e.style_from is not None and 0 <= e.style_from < len(codes):
            code = codes[e.style_from]
        else:
            code = GENERAL
        if e.kind == "clear":
            out[key] = (None, "", code)
        elif e.kind == "text":
            out[key] = (str(e.value), "s", code)
        elif e.kind == "number":
            out[key] = (e.value, "n", code)
        elif e.kind == "percent":
            if is_percent_code(code):          # a cell formatted as percent keeps that meaning: 50,00 -> 0.5
                out[key] = (e.value / 100, "n", code if _two_decimals(code) else "0.00%")
            else:
                out[key] = (e.value, "n", code if _two_decimals(code) and not is_date_code(code) else "0.00")
        else:
            raise ValueError(f"unknown edit kind {e.kind!r}")
    return out


def write_book(book: Book, edits: dict[str, list[Edit]], out: BinaryIO, extra: list[ExtraSheet] = ()) -> None:
    """Write `book` with `edits` (sheet name -> its edits) and the `extra` sheets to the binary file `out`."""
    wb = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False,
                                   "strings_to_urls": False, "nan_inf_to_errors": False})
    wb.set_properties({"title": "", "author": "lkjip", "created": FIXED_DATE})
    fmts = _Formats(wb)
    extra_names = {x.name.casefold() for x in extra}
    sheets = [s for s in book.sheets if s.name.casefold() not in extra_names]   # ours, from an earlier run
    first_visible = next((i for i, s in enumerate(sheets) if s.state == "visible"), 0)
    for i, sheet in enumerate(sheets):
        ws = wb.add_worksheet(sheet.name)
        if i == first_visible:
            ws.activate()
        elif sheet.state != "visible":
            ws.hide()
        _write_sheet(ws, sheet, book.formats.codes, edits.get(sheet.name, []), fmts)
    for x in extra:
        ws = wb.add_worksheet(x.name)
        for c, width in sorted(x.widths.items()):
            ws.set_column(c - 1, c - 1, width)
        for r, values in enumerate(x.rows):
            for c, v in enumerate(values):
                _put(ws, r, c, v, "n" if isinstance(v, (int, float, Decimal)) and not isinstance(v, bool) else "s",
                     GENERAL, fmts)
        for r, c, sheet_name, cell in x.links:
            ws.write_url(r - 1, c - 1, "internal:'" + sheet_name.replace("'", "''") + "'!" + cell, string=cell)
    wb.close()


def _write_sheet(ws, sheet, codes: list[str], edits: list[Edit], fmts: _Formats) -> None:
    grid = sheet.grid
    cells = _apply(grid.cells, codes, edits)
    hidden_cols = sheet.hidden_cols
    for c in sorted(set(sheet.col_widths) | set(hidden_cols)):
        ws.set_column(c - 1, c - 1, sheet.col_widths.get(c), None, {"hidden": True} if c in hidden_cols else {})
    for r in sorted(set(sheet.row_heights) | grid.hidden_rows):
        ws.set_row(r - 1, sheet.row_heights.get(r), None, {"hidden": True} if r in grid.hidden_rows else {})
    anchors = set()
    for r1, c1, r2, c2 in grid.merges:
        t = cells.get((r1, c1))
        ws.merge_range(r1 - 1, c1 - 1, r2 - 1, c2 - 1, None, fmts.get(t[2] if t else GENERAL, merged=True))
        anchors.add((r1, c1))
    for (r, c) in sorted(cells):
        value, kind, code = cells[(r, c)]
        _put(ws, r - 1, c - 1, value, kind, code, fmts, (r, c) in anchors)


def _put(ws, r: int, c: int, value, kind: str, code: str, fmts: _Formats, merged: bool = False) -> None:
    if value is None or value == "":
        ws.write_blank(r, c, None, fmts.get(code, merged=merged))
    elif kind == "n" and not isinstance(value, bool):
        f = _number(value if isinstance(value, Decimal) else Decimal(value))
        if f is None:
            ws.write_string(r, c, str(value), fmts.get(code, merged=merged))
        else:
            ws.write_number(r, c, f, fmts.get(code, merged=merged))
    elif kind == "b":
        ws.write_boolean(r, c, bool(value), fmts.get(code, merged=merged))
    elif kind == "d" and (got := _datetime(str(value))) is not None:
        when, default = got
        ws.write_datetime(r, c, when, fmts.get(code if is_date_code(code) else default, merged=merged))
    else:
        text = str(value)[:MAX_TEXT]
        ws.write_string(r, c, text, fmts.get(code, "\n" in text, merged))
