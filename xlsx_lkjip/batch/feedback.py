"""`lkjip run --umpan-balik FOLDER`: the feedback workbook of every agency of the roster and the chase list,
written atomically into FOLDER (report/feedback.py builds them).  Names: "Umpan balik <KODE> <round>.xlsx"
and "Daftar tindak lanjut <round>.xlsx"."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from ..files import atomic_write
from ..problems import GALAT, PERINGATAN, grouped
from ..report.feedback import agency_workbook, chase_workbook
from .laporan import safe_stem


def round_label(results) -> str:
    """The round most workbooks state ("TW I 2024"), for titles and file names."""
    stated = Counter((r.info.triwulan, r.info.tahun) for r in results if r.info.triwulan or r.info.tahun)
    if not stated:
        return ""
    tw, th = max(stated, key=lambda k: (stated[k], k[1], k[0]))
    return " ".join(x for x in (f"TW {tw}" if tw else "", th) if x)


def write_feedback(report, folder: Path) -> list[Path]:
    """The files for the round of `report` (which carries the status, report.status); returns their paths."""
    status = report.status
    folder.mkdir(parents=True, exist_ok=True)
    label = round_label(report.results)
    shown = {row.index for row in status.rows if row.index is not None}
    problems: dict[int, list] = {}
    for i, r in enumerate(report.full_results()):
        if i in shown:
            problems[i] = [(r.name, line) for line in grouped([p for p in r.problems if p.level in (GALAT, PERINGATAN)])]
    title = label or "putaran ini"
    written = []
    by_agency: dict[str, list] = {}
    for row in status.rows:
        if row.kode:
            by_agency.setdefault(row.kode, []).append(row)
    for kode, rows in by_agency.items():
        found = [p for row in rows if row.index is not None for p in problems.get(row.index, [])]
        path = folder / f"{safe_stem(f'Umpan balik {kode} {label}'.strip())}.xlsx"
        atomic_write(path, lambda fh: agency_workbook(fh, rows[0].nama, kode, title, rows, found))
        written.append(path)
    path = folder / f"{safe_stem(f'Daftar tindak lanjut {label}'.strip())}.xlsx"
    atomic_write(path, lambda fh: chase_workbook(fh, status, title, lambda i: problems.get(i, [])))
    written.append(path)
    return written
