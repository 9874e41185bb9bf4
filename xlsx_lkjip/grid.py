"""Worksheet XML -> a grid of cells (value, kind, style, formula flag) and merged ranges.
Knows nothing of what the cells mean.  The parsed tree is kept so the writer edits the same tree."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from lxml import etree

from .package import NS_MAIN, parse_xml

_C = f"{{{NS_MAIN}}}c"
_ROW = f"{{{NS_MAIN}}}row"
_V = f"{{{NS_MAIN}}}v"
_F = f"{{{NS_MAIN}}}f"
_IS = f"{{{NS_MAIN}}}is"
_T = f"{{{NS_MAIN}}}t"
_R = f"{{{NS_MAIN}}}r"
_SHEETDATA = f"{{{NS_MAIN}}}sheetData"
_MERGECELLS = f"{{{NS_MAIN}}}mergeCells"

_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")


def col_index(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + (ord(ch) - 64)
    return n


def col_letters(index: int) -> str:
    out = ""
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out


def address(row: int, col: int) -> str:
    return f"{col_letters(col)}{row}"


def parse_ref(ref: str) -> tuple[int, int]:
    m = _REF.match(ref)
    if not m:
        raise ValueError(ref)
    return int(m.group(2)), col_index(m.group(1))


@dataclass(slots=True)
class Cell:
    row: int
    col: int
    value: object          # str, Decimal, bool or None
    kind: str              # "s" text, "n" number, "b" boolean, "e" error, "d" ISO date, "" empty
    formula: bool
    style: int
    el: etree._Element


@dataclass
class Grid:
    root: etree._Element
    cells: dict[tuple[int, int], Cell] = field(default_factory=dict)
    rows: dict[int, etree._Element] = field(default_factory=dict)
    hidden_rows: set[int] = field(default_factory=set)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    max_row: int = 0
    max_col: int = 0
    row_cols: dict[int, list[int]] = field(default_factory=dict)

    def get(self, row: int, col: int) -> Cell | None:
        return self.cells.get((row, col))

    def value(self, row: int, col: int):
        c = self.cells.get((row, col))
        return None if c is None else c.value

    def filled(self, row: int, col: int) -> bool:
        """The cell holds something other than blank text."""
        c = self.cells.get((row, col))
        if c is None or c.value is None:
            return False
        return not isinstance(c.value, str) or bool(c.value.strip())

    def text(self, row: int, col: int) -> str:
        v = self.value(row, col)
        if v is None:
            return ""
        if isinstance(v, Decimal):
            return _decimal_text(v)
        return str(v).strip()

    def row_cells(self, row: int) -> list[Cell]:
        """The cells present in `row`, left to right."""
        return [self.cells[(row, c)] for c in self.row_cols.get(row, ())]

    def merge_span(self, row: int, col: int) -> tuple[int, int, int, int] | None:
        for m in self.merges:
            if m[0] <= row <= m[2] and m[1] <= col <= m[3]:
                return m
        return None


def _decimal_text(v: Decimal) -> str:
    if v == v.to_integral_value():
        return str(int(v))
    return format(v.normalize(), "f")


def read_grid(xml: bytes | etree._Element, shared_strings: list[str], part: str = "") -> Grid:
    """The cells of one worksheet part (its XML bytes, parsed safely here, or an already parsed root)."""
    xml_root = parse_xml(xml, part) if isinstance(xml, (bytes, bytearray)) else xml
    grid = Grid(root=xml_root)
    sheet_data = xml_root.find(_SHEETDATA)
    if sheet_data is None:
        return grid
    cells = grid.cells
    row_cols = grid.row_cols
    last_row = 0
    max_col = 0
    n_strings = len(shared_strings)
    col_cache: dict[str, int] = {}
    for row_el in sheet_data:
        if row_el.tag != _ROW:
            continue
        r_attr = row_el.get("r")
        r = int(r_attr) if r_attr else last_row + 1
        last_row = r
        grid.rows[r] = row_el
        if row_el.get("hidden") in ("1", "true"):
            grid.hidden_rows.add(r)
        cols = []
        last_col = 0
        # A tight loop: this runs for every cell of every sheet, so each lxml call counts.
        for c_el in row_el:
            if c_el.tag != _C:
                continue
            ref = c_el.get("r")
            if ref:
                letters = ref.rstrip("0123456789$").lstrip("$")
                col = col_cache.get(letters)
                if col is None:
                    col = col_cache[letters] = col_index(letters)
            else:
                col = last_col + 1
            last_col = col
            st = c_el.get("s")
            formula = False
            raw = None
            is_el = None
            if not len(c_el):   # a styled blank: most cells of a form
                cells[(r, col)] = Cell(r, col, None, "", False, int(st) if st and st.isdigit() else 0, c_el)
                cols.append(col)
                continue
            t = c_el.get("t", "n")
            for ch in c_el:
                tag = ch.tag
                if tag == _V:
                    raw = ch.text
                elif tag == _F:
                    formula = True
                elif tag == _IS:
                    is_el = ch
            value: object = None
            kind = ""
            if t == "inlineStr":
                if is_el is not None:
                    tt = is_el.find(_T)
                    value = (tt.text or "") if tt is not None else "".join((x.findtext(_T) or "") for x in is_el.iterfind(_R))
                    kind = "s"
            elif raw is not None:
                if t == "n":
                    try:
                        value, kind = Decimal(raw), "n"
                    except InvalidOperation:
                        value, kind = raw, "s"
                elif t == "s":
                    try:
                        idx = int(raw)
                        value = shared_strings[idx] if 0 <= idx < n_strings else ""
                    except ValueError:
                        value = ""
                    kind = "s"
                elif t == "str":
                    value, kind = raw, "s"
                elif t == "b":
                    value, kind = raw.strip() in ("1", "true"), "b"
                elif t == "e":
                    value, kind = raw, "e"
                elif t == "d":
                    value, kind = raw, "d"
                else:
                    try:
                        value, kind = Decimal(raw), "n"
                    except InvalidOperation:
                        value, kind = raw, "s"
            cells[(r, col)] = Cell(r, col, value, kind, formula, int(st) if st and st.isdigit() else 0, c_el)
            cols.append(col)
        if cols:
            row_cols[r] = cols
            if cols[-1] > max_col:
                max_col = cols[-1]
    grid.max_row = last_row
    grid.max_col = max_col
    mc = xml_root.find(_MERGECELLS)
    if mc is not None:
        for m in mc:
            ref = m.get("ref", "")
            if ":" in ref:
                a, b = ref.split(":", 1)
                try:
                    (r1, c1), (r2, c2) = parse_ref(a), parse_ref(b)
                except ValueError:
                    continue
                grid.merges.append((min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)))
    return grid
