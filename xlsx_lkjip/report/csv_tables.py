"""Tidy CSV tables of a run, for BI tools and for a province-level merge: the same columns as the rekap
sheets, one file per table, UTF-8, dot decimals.  Written a row at a time with the csv module, so memory stays
flat.  Numbers as the rekap holds them: exact decimals without a trailing ".0" (9722008231, 0.25), capaian
and other percentages with the decimals the rekap rounds them to (15.80), an empty cell empty."""

from __future__ import annotations

import csv
import io
import math
from decimal import Decimal
from pathlib import Path

from ..evaluate.kinds import rekap_tables
from ..files import atomic_write_set
from .rekap import (MASALAH_COLS, OPD_COLS, PCT, PROGRAM_COLS, RATIO, _full, _masalah_row, _masalah_rows, _program_rows,
                    _rekap_opd_rows, duplicates_of, kind_rows, program_order)


def _each(rows_of):
    """A rekap table's rows of one result -> the rows of the whole report."""
    return lambda report: (row for r in _full(report) for row in rows_of(r))


def programs(report):
    """Per Program as in the rekap: of the workbooks that count (one of an agency's duplicates)."""
    dup = duplicates_of(report)
    rows = (row for i, r in enumerate(_full(report)) if dup.counts(i) for row in _program_rows(r))
    return sorted(rows, key=program_order)


def problems(report):
    """Masalah as in the rekap: every workbook's problems, then the batch's (duplicates)."""
    yield from _each(_masalah_rows)(report)
    for p in duplicates_of(report).problems:
        yield _masalah_row(p)


def tables() -> dict:
    """{name: (columns, rows of a report)}: the CSV files, in order; between per_program and masalah the tables
    the form kinds declare (evaluate/kinds.py: indikator of Renja, indikator_pk)."""
    return {"rekap_opd": (OPD_COLS, _rekap_opd_rows), "per_program": (PROGRAM_COLS, programs),
            **{t.csv: (list(t.cols), _each(kind_rows(t))) for t in rekap_tables()},
            "masalah": (MASALAH_COLS, problems)}


def number_text(v, places: int | None = None) -> str:
    """A figure of the rekap as CSV text: `places` decimals when given (percentages, ratios); else the
    shortest text that gives the same number back, without exponent or trailing ".0"."""
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return "" if v is None else str(v)
    if isinstance(v, int):
        return str(v)
    if not math.isfinite(v):
        return str(v)
    if places is not None:
        return f"{v:.{places}f}"
    text = format(Decimal(repr(v)), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def write_csv(report, folder: Path) -> list[Path]:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    decimals = getattr(getattr(report, "config", None), "decimals", 2)
    written = []
    items = []   # written as one set (files.atomic_write_set): a failure leaves the previous set whole
    for name, (cols, rows_of) in tables().items():
        places = [decimals if c.kind in (PCT, RATIO) else None for c in cols]

        def write(fh, rows_of=rows_of, cols=cols, places=places):
            text = io.TextIOWrapper(fh, encoding="utf-8", newline="")
            out = csv.writer(text, lineterminator="\n")
            out.writerow([c.header for c in cols])
            for row in rows_of(report):
                out.writerow([number_text(v, p) for v, p in zip(row, places)])
            text.flush()
            text.detach()

        path = folder / f"{name}.csv"
        items.append((path, write))
        written.append(path)
    atomic_write_set(items)
    return written
