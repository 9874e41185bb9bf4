"""The grid a form is found on: cells (value, kind, style, formula flag) by row and column, merged ranges,
and cell addresses.  Every sheet reader (io/xlsx_sheet.py for .xlsx) yields one; it knows nothing of what
the cells mean, nor of the file format they came from."""

from __future__ import annotations

from dataclasses import field
from decimal import Decimal

from lxml import etree
from ..records import record
from ..patterns import lazy_re

_REF = lazy_re(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")


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


@record(slots=True)
class Cell:
    """One cell as the form finders and evaluation read it."""

    row: int
    col: int
    value: object          # str, Decimal, bool or None
    kind: str              # "s" text, "n" number, "b" boolean, "e" error, "d" ISO date, "" empty
    formula: bool
    style: int
    el: etree._Element | None   # the lxml reader's element; None from the fast reader


# What the grid keeps of a cell: (value, kind, formula, style), a plain tuple - cheaper to make than a Cell
# (a sheet has thousands), and untracked by the garbage collector.  Grid.get() gives a Cell.
VALUE, KIND, FORMULA, STYLE = range(4)


@record
class Grid:
    """One sheet's cells, rows, merges and what its reader kept to write the sheet back."""

    root: etree._Element | None          # the lxml reader's tree; None from the fast reader
    cells: dict[tuple[int, int], tuple] = field(default_factory=dict)   # (row, col) -> (value, kind, formula, style)
    rows: dict[int, object] = field(default_factory=dict)   # row -> lxml element, or FastRow
    hidden_rows: set[int] = field(default_factory=set)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    max_row: int = 0
    max_col: int = 0
    row_cols: dict[int, list[int]] = field(default_factory=dict)
    fast: object = None                   # the fast reader's spans (xlsx_sheet.FastSheet), for the splice writer
    source: bytes | None = None           # the worksheet bytes (when read from bytes)
    shared_strings: list[str] | None = None
    part: str = ""
    els: dict[tuple[int, int], etree._Element] = field(default_factory=dict)   # the lxml reader's elements
    # number cells whose <v> no spreadsheet number can hold (NaN, Infinity, 1E+400, "12 abc"): Excel and
    # openpyxl refuse such a sheet, so the output keeps their text as a text cell instead
    invalid_numbers: list[tuple[int, int]] = field(default_factory=list)

    def get(self, row: int, col: int) -> Cell | None:
        t = self.cells.get((row, col))
        if t is None:
            return None
        return Cell(row, col, t[0], t[1], t[2], t[3], self.els.get((row, col)) if self.els else None)

    def value(self, row: int, col: int):
        t = self.cells.get((row, col))
        return None if t is None else t[0]

    def filled(self, row: int, col: int) -> bool:
        """The cell holds something other than blank text."""
        t = self.cells.get((row, col))
        if t is None or t[0] is None:
            return False
        return not isinstance(t[0], str) or bool(t[0].strip())

    def text(self, row: int, col: int) -> str:
        t = self.cells.get((row, col))
        if t is None:
            return ""
        v = t[0]
        if type(v) is str:
            return v.strip()
        if v is None:
            return ""
        if isinstance(v, Decimal):
            return _decimal_text(v)
        return str(v).strip()

    def row_cells(self, row: int) -> list[Cell]:
        """The cells present in `row`, left to right."""
        return [self.get(row, c) for c in self.row_cols.get(row, ())]

    def covered(self, rows, cols) -> dict[tuple[int, int], tuple[int, int, int, int]]:
        """The cells of `rows` x `cols` hidden under a merged range (inside it, not its top-left cell),
        with their range.  Excel shows, and keeps when merging, only the top-left cell's value."""
        found = {}
        if not self.merges or not rows or not cols:
            return found
        lo, hi = min(rows), max(rows)
        col_list = sorted(cols)
        for m in self.merges:
            r1, c1, r2, c2 = m
            if r2 < lo or r1 > hi or (r1 == r2 and c1 == c2):
                continue
            in_cols = [c for c in col_list if c1 <= c <= c2]
            if not in_cols:
                continue
            for r in rows:
                if r1 <= r <= r2:
                    for c in in_cols:
                        if (r, c) != (r1, c1):
                            found[(r, c)] = m
        return found

    def merge_span(self, row: int, col: int) -> tuple[int, int, int, int] | None:
        for m in self.merges:
            if m[0] <= row <= m[2] and m[1] <= col <= m[3]:
                return m
        return None


def _decimal_text(v: Decimal) -> str:
    if v == v.to_integral_value():
        return str(int(v))
    return format(v.normalize(), "f")

