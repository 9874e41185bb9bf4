"""What a form kind is to the rest of lkjip: its FormKind entry (how to find, head and evaluate it; the
registry, evaluate/kinds.py, keeps them in finder order) and the rekap tables its results declare
(RekapTable, with the Col of the rekap's columns).  The result interface itself is FormResult's
(evaluate/sheet.py).  Nothing here knows a particular kind."""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Callable, Iterable

from .. import speedups
from ..records import record

# How a rekap / CSV column shows its values (report/rekap.py formats them; report/frames.py types them).
TEXT, INT, NUM, PCT, RATIO, PREDIKAT = "text", "int", "num", "pct", "ratio", "predikat"
WRAP = "wrap"          # text wrapped in its column; the row is made as high as the text needs
ID = "id"              # a whole number that is a name, not a quantity (a year, a row number): no thousands mark


@record(frozen=True)
class Col:
    """One column of a rekap table: its header, width and how its values show."""

    header: str
    width: float
    kind: str = TEXT


@record(frozen=True)
class RekapTable:
    """A table of the rekap a kind's results fill: one sheet of rekap.xlsx (`sheet`), one CSV file (`csv`,
    also the key of frames()), its columns, and `rows(result, sheet)`: the rows one sheet result of the kind
    adds (`result`, the WorkbookResult, gives the agency and file name).  A rekap lacking the sheet (written
    before the kind existed) reads as an empty table."""
    sheet: str
    csv: str
    cols: tuple[Col, ...]
    rows: Callable[[object, object], Iterable[list]]


@record(frozen=True)
class FormKind:
    """One form kind.  `name` is what results, the round record and the rekap call it ("Renja", "PK");
    `title` how the rekap names it ("Evaluasi Renja"); `measure` what its average is ("rata-rata capaian K").
    `find(grid)` gives the kind's layout on a sheet or None; `plan(layout)` the (row, col) naming a layout
    that holds only a plan (nothing to compute: said when no kind finds a form), else None; `header(grid,
    layout)` the HeaderInfo (agency, triwulan, tahun) above it (forms.header.read_header); `evaluate(grid, layout, sheet, config, is_percent_style, hidden, is_date_style,
    stated_round)` its FormResult, of type `result`.  `fallback`: the finder accepts so wide a shape that
    every other kind goes first (PK's plan-only tables: any table with an Indikator and a Target)."""
    name: str
    title: str
    measure: str
    find: Callable
    header: Callable
    evaluate: Callable
    result: type
    plan: Callable = lambda layout: None
    fallback: bool = False

    def average_label(self, side: str) -> str:
        """How the console names a workbook's average on `side` (the result type decides)."""
        return self.result.average_label(side)


def sheet_number(v: Decimal | None):
    """A figure as a rekap / CSV cell: a float; one beyond the range of a double stays exact, as text."""
    if v is None:
        return None
    f = float(v)
    return f if math.isfinite(f) else str(v)


def sheet_numbers(values: list) -> list:
    """[sheet_number(v) for v in values] (C: the Decimals converted without a call each)."""
    if speedups.sheet_numbers is not None:
        return speedups.sheet_numbers(values, Decimal, sheet_number)
    # every figure's float at once; only when one is not finite (their sum is not), each as sheet_number says
    floats = [None if v is None else float(v) for v in values]
    return floats if math.isfinite(sum(filter(None, floats))) else list(map(sheet_number, values))
