"""Tidy CSV tables of a run (pandas), for BI tools and for a province-level merge: the same columns as
the rekap sheets, one file per table, UTF-8, dot decimals.  Written in chunks so memory stays flat."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..files import atomic_write
from .rekap import (INDIKATOR_COLS, MASALAH_COLS, OPD_COLS, PK_COLS, PROGRAM_COLS, _full, _indikator_rows,
                    _masalah_row, _masalah_rows, _pk_rows, _program_rows, _rekap_opd_rows, duplicates_of,
                    program_order)


def _each(rows_of):
    """A rekap table's rows of one result -> the rows of the whole report."""
    return lambda report: (row for r in _full(report) for row in rows_of(r))


def _programs(report):
    """Per Program as in the rekap: of the workbooks that count (one of an agency's duplicates)."""
    dup = duplicates_of(report)
    rows = (row for i, r in enumerate(_full(report)) if dup.counts(i) for row in _program_rows(r))
    return sorted(rows, key=program_order)


def _problems(report):
    yield from _each(_masalah_rows)(report)
    for p in duplicates_of(report).problems:
        yield _masalah_row(p)


TABLES = {
    "rekap_opd": (OPD_COLS, _rekap_opd_rows),
    "per_program": (PROGRAM_COLS, _programs),
    "indikator": (INDIKATOR_COLS, _each(_indikator_rows)),
    "indikator_pk": (PK_COLS, _each(_pk_rows)),
    "masalah": (MASALAH_COLS, _problems),
}
CHUNK = 10_000


def write_csv(report, folder: Path) -> list[Path]:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, (cols, rows_of) in TABLES.items():
        headers = [c.header for c in cols]

        def write(fh, rows_of=rows_of, headers=headers):
            chunk: list = []
            first = True
            for row in rows_of(report):
                chunk.append(row)
                if len(chunk) >= CHUNK:
                    pd.DataFrame(chunk, columns=headers).to_csv(fh, index=False, header=first, lineterminator="\n")
                    chunk, first = [], False
            if chunk or first:
                pd.DataFrame(chunk, columns=headers).to_csv(fh, index=False, header=first, lineterminator="\n")

        path = folder / f"{name}.csv"
        atomic_write(path, lambda fh, write=write: _text(fh, write))
        written.append(path)
    return written


def _text(binary_fh, write) -> None:
    import io

    text = io.TextIOWrapper(binary_fh, encoding="utf-8", newline="")
    write(text)
    text.flush()
    text.detach()
