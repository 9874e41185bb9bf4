"""Workbooks made the way a hurried staff member makes them: `lkjip template renja|pk`, filled in with
openpyxl (text where staff type text), saved under the name they chose.  Used by the "one figure, one meaning"
tests (issue 21) and their property test."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl

from xlsx_lkjip.templates import PK_LAYOUT, RENJA_LAYOUT, pk_column, renja_column, template_bytes

ROMAN = ("I", "II", "III", "IV")


def _open(kind: str, opd: str, triwulan: str, tahun: str):
    wb = openpyxl.load_workbook(io.BytesIO(template_bytes(kind, opd=opd, triwulan=triwulan, tahun=tahun)))
    return wb, wb[(RENJA_LAYOUT if kind == "renja" else PK_LAYOUT)["sheet"]]


def renja_workbook(path: Path, rows: list[dict], *, opd: str = "Dinas Contoh", triwulan: str = "II",
                   tahun: str = "2025", title_tahun: str | None = None) -> Path:
    """rows: {"kode", "program", "indicator", "target": (K, Rp), "q": [(K, Rp) x up to 4], "typed": {n: (K, Rp)},
    "unit"}.  `title_tahun`: the year the title states when it differs from the one the file is made for."""
    wb, ws = _open("renja", opd, triwulan, title_tahun or tahun)
    first = RENJA_LAYOUT["first_data_row"]
    kode_cols = RENJA_LAYOUT["kode_columns"]
    for i, spec in enumerate(rows):
        r = first + i
        ws[f"{renja_column(1)}{r}"] = i + 1
        # kode over the five kode columns: urusan, bidang, program, kegiatan ("2.01"), sub kegiatan
        for c, part in zip(kode_cols, spec.get("kode", ("5", "01", "01", "2.01", f"{i + 1:02d}"))):
            ws[f"{c}{r}"] = part
        ws[f"{renja_column(4)}{r}"] = spec.get("program", f"Sub kegiatan {i + 1}")
        ws[f"{renja_column(5)}{r}"] = spec.get("indicator", f"Jumlah dokumen {i + 1}")
        if spec.get("unit"):
            ws[f"{renja_column(17)}{r}"] = spec["unit"]
        figures = {8: spec.get("target", (None, None))}
        for k, pair in enumerate(spec.get("q", [])):
            figures[9 + k] = pair
        figures.update(spec.get("typed", {}))
        for n, pair in figures.items():
            for side, v in zip(("K", "Rp"), pair):
                if v is not None:
                    ws[f"{renja_column(n, side)}{r}"] = v
    wb.save(path)
    return path


def pk_workbook(path: Path, rows: list[dict], *, opd: str = "Dinas Contoh", triwulan: str = "II",
                tahun: str = "2025", title_tahun: str | None = None) -> Path:
    """rows: {"indicator", "unit", "polaritas", "sifat", "target", "target_tw": [..4], "realisasi": [..4],
    "pagu", "realisasi_anggaran"}."""
    wb, ws = _open("pk", opd, triwulan, title_tahun or tahun)
    first = PK_LAYOUT["first_data_row"]
    for i, spec in enumerate(rows):
        r = first + i
        ws[f"{pk_column('no')}{r}"] = i + 1
        ws[f"{pk_column('sasaran')}{r}"] = spec.get("sasaran", "Meningkatnya kinerja")
        ws[f"{pk_column('indikator')}{r}"] = spec.get("indicator", f"Jumlah laporan {i + 1}")
        for name in ("unit", "polaritas", "sifat", "target", "pagu", "realisasi_anggaran"):
            col = "satuan" if name == "unit" else name
            if spec.get(name) is not None:
                ws[f"{pk_column(col)}{r}"] = spec[name]
        for name in ("target_tw", "realisasi"):
            for k, v in enumerate(spec.get(name, [])):
                if v is not None:
                    ws[f"{pk_column(name, k + 1)}{r}"] = v
    wb.save(path)
    return path


def mixed_workbook(path: Path, renja_rows: list[dict], pk_rows: list[dict], *, opd: str = "Dinas Contoh",
                   triwulan: str = "II", tahun: str = "2025") -> Path:
    """One workbook holding both forms, as an agency sends it: the filled Renja template with the filled PK
    template's sheet copied in beside it (values, number formats and merged cells, as a copy in Excel keeps)."""
    renja_workbook(path, renja_rows, opd=opd, triwulan=triwulan, tahun=tahun)
    pk_path = path.with_name(path.stem + " (pk).xlsx")
    pk_workbook(pk_path, pk_rows, opd=opd, triwulan=triwulan, tahun=tahun)
    wb, src = openpyxl.load_workbook(path), openpyxl.load_workbook(pk_path)[PK_LAYOUT["sheet"]]
    ws = wb.create_sheet(PK_LAYOUT["sheet"])
    for row in src.iter_rows():
        for c in row:
            if c.value is not None:
                ws.cell(c.row, c.column, c.value).number_format = c.number_format
    for merged in src.merged_cells.ranges:
        ws.merge_cells(str(merged))
    wb.save(path)
    pk_path.unlink()
    return path


def renja_name(opd: str, triwulan: str, tahun: str) -> str:
    return f"Evaluasi Renja {opd} TW {triwulan} {tahun}.xlsx"


def pk_name(opd: str, triwulan: str, tahun: str) -> str:
    return f"Perjanjian Kinerja {opd} TW {triwulan} {tahun}.xlsx"


def cell_of(path: Path, ref: str, sheet: str | None = None):
    wb = openpyxl.load_workbook(path, data_only=True)
    return wb[sheet or wb.sheetnames[0]][ref].value


def table(path: Path, sheet: str) -> list[dict]:
    rows = list(openpyxl.load_workbook(path, data_only=True)[sheet].iter_rows(values_only=True))
    return [dict(zip(rows[0], r)) for r in rows[1:]]


def ringkasan_lkjip(path: Path) -> dict[str, tuple]:
    """The "Ringkasan lkjip" sheet of a completed workbook: label -> (average, predikat) of its average lines."""
    ws = openpyxl.load_workbook(path, data_only=True)["Ringkasan lkjip"]
    return {r[0]: (r[1], r[2]) for r in ws.iter_rows(values_only=True)
            if r and isinstance(r[0], str) and r[0].startswith("Rata-rata capaian")}


def rekap_ringkasan_lines(path: Path) -> dict[str, tuple]:
    """The rekap's Ringkasan: its region lines ("Evaluasi Renja, Triwulan II Tahun 2025" -> (average, predikat))
    and its ranking rows (agency -> (average, predikat) per form: keyed (form title, agency))."""
    ws = openpyxl.load_workbook(path, data_only=True)["Ringkasan"]
    out, section = {}, ""
    for r in ws.iter_rows(values_only=True):
        if not r or r[0] is None:
            continue
        if isinstance(r[0], str) and r[0].startswith("Peringkat OPD:"):
            section = r[0]
        elif isinstance(r[0], str) and r[0].startswith(("Evaluasi Renja, ", "Perjanjian Kinerja, ")) and not section:
            out[r[0]] = (r[1], r[2])
        elif section and isinstance(r[1], (int, float)) and isinstance(r[2], str):
            out[(section, r[0])] = (r[1], r[2])
    return out


def footer(path: Path) -> tuple:
    """The Renja template's footer: (average K, predikat K) under column 14."""
    wb = openpyxl.load_workbook(path, data_only=True)
    ws = wb[RENJA_LAYOUT["sheet"]]
    col = renja_column(14, "K")
    return ws[f"{col}{RENJA_LAYOUT['footer_row']}"].value, ws[f"{col}{RENJA_LAYOUT['predikat_row']}"].value
