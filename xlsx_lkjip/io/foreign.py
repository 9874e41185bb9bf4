"""What the readers of workbooks that are not .xlsx share (io/xls_sheet.py for BIFF .xls, io/ods_sheet.py for
OpenDocument .ods, io/html_sheet.py for an HTML table saved as ".xls"): the Book and Sheet they return, the
Builder that turns read cells into the same Grid the .xlsx reader yields, the number formats that stand in for
styles.xml, numbers read from doubles as Excel shows them, and the caps that keep a hostile file from taking
the machine.  Knows nothing of forms.

A foreign grid is read-only for the .xlsx writer (no XML tree, no byte spans): its completed workbook is written
as a new .xlsx by io/grid_xlsx.py.  Its cells are (value, kind, formula, style) like the .xlsx reader's, where
`style` indexes the book's Formats (0 = General).
"""

from __future__ import annotations

import bisect
import datetime as _dt
import heapq
import math
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from types import MappingProxyType
from typing import Mapping, NamedTuple

from ..config import MAX_EXPONENT
from ..files import os_reason
from .grid import Grid
from .package import PackageError
from ..patterns import lazy_re

# -- caps (measured in tests/test_foreign_safety.py; real agency files are well under 1 MB) ---------------
MAX_FILE_SIZE = 64 * 1024 * 1024       # an .xls read into memory whole
MAX_HTML_SIZE = 5 * 1024 * 1024        # an HTML "xls" (e-SAKIP/e-Monev exports are < 1 MB)
MAX_CELLS = 1_000_000                  # non-empty cells per workbook, every reader
MAX_DENSE_CELLS = 4_000_000            # python-calamine holds an .xls sheet as a dense rows x cols array
MAX_MERGES = 50_000                    # merged ranges per sheet (real forms: tens)
MAX_ROWS = 1_048_576                   # the .xlsx limits the output must fit in
MAX_COLS = 16_384

GENERAL = "General"


class Formats:
    """The number-format codes of a foreign workbook, indexed by the grid's style numbers (0 is General).
    is_percent / is_date answer what Styles.is_percent / is_date answer for an .xlsx."""

    def __init__(self):
        self.codes: list[str] = [GENERAL]
        self._index: dict[str, int] = {GENERAL: 0}

    def add(self, code: str) -> int:
        code = code or GENERAL
        i = self._index.get(code)
        if i is None:
            i = self._index[code] = len(self.codes)
            self.codes.append(code)
        return i

    def code(self, style: int) -> str:
        return self.codes[style] if 0 <= style < len(self.codes) else GENERAL

    def is_percent(self, style: int) -> bool:
        return is_percent_code(self.code(style))

    def is_date(self, style: int) -> bool:
        return is_date_code(self.code(style))


def _bare(code: str) -> str:
    """A format code without its quoted text and escaped characters ("0 \\"%\\"" is not a percent)."""
    return re.sub(r'"[^"]*"|\\.', "", code)


def is_percent_code(code: str) -> bool:
    return "%" in _bare(code)


def is_date_code(code: str) -> bool:
    """The code shows a number as a date or time (the same test as io/cell_writer for custom formats)."""
    if code == GENERAL:
        return False
    bare = re.sub(r"\[[^\]]*\]", "", _bare(code.split(";")[0])).lower()
    return bool(re.search(r"[dmyhs]", bare)) and not re.search(r"[0#?]", bare)


class Sheet(NamedTuple):
    name: str
    grid: Grid
    state: str = "visible"                           # "visible" | "hidden" | "veryHidden", as in SheetRef
    col_widths: Mapping = MappingProxyType({})       # 1-based column -> width in characters, where known
    row_heights: Mapping = MappingProxyType({})      # 1-based row -> height in points, where set by hand
    hidden_cols: frozenset = frozenset()


@dataclass
class Book:
    """A foreign workbook as read: its sheets and the number formats their cells' styles index."""
    kind: str                                        # "xls" | "ods" | "html"
    sheets: list[Sheet] = field(default_factory=list)
    formats: Formats = field(default_factory=Formats)


def error(code: str, variant: str = "", **facts) -> PackageError:
    return PackageError(code, variant, **facts)


def too_many_cells() -> PackageError:
    return error("unsafe-package", "too-many-cells", cells=f"{MAX_CELLS:,}".replace(",", "."))


def read_capped(path, cap: int, what: str) -> bytes:
    """The whole file, refused when larger than `cap` (read one byte past it, never the rest)."""
    try:
        with open(path, "rb") as fh:
            data = fh.read(cap + 1)
    except OSError as exc:
        raise error("not-a-workbook", "unopenable", reason=os_reason(exc)) from None
    if len(data) > cap:
        raise error("unsafe-package", "file-too-large", kind=what, megabytes=cap // (1024 * 1024))
    if not data:
        raise error("not-a-workbook", "empty")
    return data


_BAD_SHEET_CHARS = lazy_re(r"[\[\]:*?/\\\x00-\x1f]")


def sheet_names(names: list[str]) -> list[str]:
    """Names Excel accepts for the output's sheets: none of []:*?/\\, 1-31 characters, no leading or trailing
    apostrophe, unique regardless of case (an .ods or an HTML caption can break each rule)."""
    out, seen = [], set()
    for i, name in enumerate(names, 1):
        base = _BAD_SHEET_CHARS.sub("_", name).strip().strip("'")[:31].strip() or f"Sheet{i}"
        candidate, n = base, 2
        while candidate.casefold() in seen:
            suffix = f" ({n})"
            candidate, n = base[:31 - len(suffix)] + suffix, n + 1
        seen.add(candidate.casefold())
        out.append(candidate)
    return out


# -- values -------------------------------------------------------------------------------------------

def decimal_from_double(x) -> Decimal | None:
    """A spreadsheet number as Decimal: ints exactly, doubles to 15 significant digits, as Excel shows them and
    LibreOffice writes them into .ods (99.99999999999999 -> 100, 0.1 + 0.2 -> 0.3).  Rounded half up from the
    shortest text that reads back as the same double: rounding the exact binary value instead differs from
    LibreOffice's files in the last digit (144.3773738238765 -> LibreOffice writes 144.377373823877).
    None for NaN, infinities and magnitudes beyond what the .xlsx reader takes (config.MAX_EXPONENT)."""
    if isinstance(x, bool):
        raise TypeError("a boolean is not a number")
    if isinstance(x, int):
        return Decimal(x) if abs(x) < 10 ** (MAX_EXPONENT + 1) else None
    if not math.isfinite(x):
        return None
    d = Decimal(repr(x))
    if len(d.as_tuple().digits) > 15:
        d = d.quantize(Decimal(1).scaleb(d.adjusted() - 14), ROUND_HALF_UP)
    if d and d.adjusted() > MAX_EXPONENT:
        return None
    if d == d.to_integral_value() and d.adjusted() < 15:
        return Decimal(int(d))          # Decimal('1905955200'), not Decimal('1.9059552E+9'); -0.0 -> 0
    return d.normalize() if d.as_tuple().exponent < 0 else d


def duration_text(td: _dt.timedelta) -> str:
    secs = int(td.total_seconds())
    sign, secs = ("-", -secs) if secs < 0 else ("", secs)
    return f"{sign}{secs // 3600:02d}:{secs // 60 % 60:02d}:{secs % 60:02d}"


# -- building a grid ----------------------------------------------------------------------------------

class Builder:
    """Collects the cells of one sheet and makes its Grid; counts cells against the workbook's cap (a list
    [cells left] shared by the sheets of one workbook)."""

    def __init__(self, budget: list[int]):
        self.cells: dict[tuple[int, int], tuple] = {}
        self.merges: list[tuple[int, int, int, int]] = []
        self.hidden_rows: set[int] = set()
        self.hidden_ranges: list[tuple[int, int]] = []    # runs of hidden rows (an .ods repeats them)
        self.budget = budget

    def put(self, row: int, col: int, value, kind: str, formula: bool = False, style: int = 0) -> None:
        if not (1 <= row <= MAX_ROWS and 1 <= col <= MAX_COLS):
            return
        if (row, col) not in self.cells:
            self.budget[0] -= 1
            if self.budget[0] < 0:
                raise too_many_cells()
        self.cells[(row, col)] = (value, kind, formula, style)

    def grid(self) -> Grid:
        g = Grid(root=None)
        g.cells = self.cells
        row_cols: dict[int, list[int]] = {}
        for r, c in self.cells:
            row_cols.setdefault(r, []).append(c)
        for cols in row_cols.values():
            cols.sort()
        g.row_cols = dict(sorted(row_cols.items()))
        g.max_row = max(row_cols, default=0)
        g.max_col = max((cols[-1] for cols in row_cols.values()), default=0)
        g.merges = _disjoint(self.merges)
        for m in g.merges:             # a merge may reach past the last value (an empty merged header)
            g.max_row, g.max_col = max(g.max_row, m[2]), max(g.max_col, m[3])
        hidden = {r for r in self.hidden_rows if r <= g.max_row}
        for first, last in self.hidden_ranges:      # clipped to the used rows: never a million entries
            hidden.update(range(first, min(last, g.max_row) + 1))
        g.hidden_rows = hidden
        return g


def _disjoint(merges) -> list[tuple[int, int, int, int]]:
    """Merged ranges without duplicates, single cells or overlaps (Excel refuses overlapping merges; a
    hand-made HTML table or a damaged file can declare them): the first in reading order wins.  A sweep down
    the rows: the ranges still open at a range's first row all cover that row, so they are column-disjoint
    and sorted by first column, and one bisection finds a clash."""
    if len(merges) > MAX_MERGES:
        raise error("unsafe-package", "too-many-merges", merges=MAX_MERGES)
    kept: list[tuple[int, int, int, int]] = []
    starts: list[int] = []                 # first columns of the open ranges, sorted
    ends: list[int] = []                   # their last columns, in the same order
    closing: list[tuple[int, int]] = []    # heap of (last row, first column) of the open ranges
    for m in sorted(set(merges)):
        r1, c1, r2, c2 = m
        if (r1, c1) == (r2, c2) or r1 > r2 or c1 > c2:
            continue
        while closing and closing[0][0] < r1:
            _, col = heapq.heappop(closing)
            i = bisect.bisect_left(starts, col)
            del starts[i], ends[i]
        i = bisect.bisect_right(starts, c2)
        if i and ends[i - 1] >= c1:
            continue
        kept.append(m)
        starts.insert(i, c1)
        ends.insert(i, c2)
        heapq.heappush(closing, (r2, c1))
    return kept
