"""Tiny workbook builders for focused tests (real .xlsx files written with openpyxl)."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

E81_NUMBERS = [1, 2, 3, 4, 5, 6, None, 7, None, 8, None, 9, None, 10, None, 11, None, 12, None, 13, None,
               14, None, 15, None, 16, None, 17]
E81_LABELS = {13: "13=9+10+11+12", 14: "14=13/8x100%", 15: "15=7+13", 16: "16=15/6x100%"}
E81_SIDES = [None] * 5 + ["K", "Rp"] * 11
# physical column (1-based) of each figure in the E.81 layout built here: number -> (K col, Rp col)
E81_COL = {n: (6 + 2 * (n - 6), 7 + 2 * (n - 6)) for n in range(6, 17)}


def write_rows(path: Path, rows: list[list], *, sheet: str = "Evaluasi", merges: tuple[str, ...] = (),
               extra_sheets: dict[str, list[list]] | None = None, number_formats: dict[str, str] | None = None):
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    for r, row in enumerate(rows, 1):
        for c, v in enumerate(row, 1):
            if v is not None:
                ws.cell(r, c, v)
    for m in merges:
        ws.merge_cells(m)
    for ref, fmt in (number_formats or {}).items():
        ws[ref].number_format = fmt
    for name, srows in (extra_sheets or {}).items():
        ws2 = wb.create_sheet(name)
        for r, row in enumerate(srows, 1):
            for c, v in enumerate(row, 1):
                if v is not None:
                    ws2.cell(r, c, v)
    wb.save(path)
    return path


def e81_numbered(labels: bool = True) -> list:
    return [E81_LABELS.get(n, n) if (labels and n) else n for n in E81_NUMBERS]


def e81_row(no=None, kode="", program="", indicator="", *, t6=(None, None), t7=(None, None), t8=(None, None),
            q=((None, None),) * 4, computed: dict | None = None, unit17=None) -> list:
    row = [no, None, kode, program, indicator]
    for pair in (t6, t7, t8, *q):
        row += list(pair)
    comp = computed or {}
    for n in (13, 14, 15, 16):
        row += list(comp.get(n, (None, None)))
    row.append(unit17)
    return row


def e81_workbook(path: Path, data_rows: list[list], *, labels: bool = True, footer: bool = True,
                 header: list[list] | None = None, **kw) -> Path:
    rows = list(header if header is not None else [["EVALUASI TERHADAP HASIL RENJA"],
                                                   ["Perangkat Daerah : Dinas Contoh"],
                                                   ["Periode Pelaksanaan : Triwulan I Tahun 2024"], []])
    rows += [["No", "Sasaran", "Kode", "Program/Kegiatan", "Indikator", "Target Renstra"]]
    rows += [e81_numbered(labels), E81_SIDES]
    rows += data_rows
    if footer:
        rows += [["Rata-rata capaian kinerja (%)"], ["Predikat kinerja"], ["Faktor pendorong keberhasilan kinerja :"]]
    return write_rows(path, rows, **kw)
