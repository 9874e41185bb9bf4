"""The recap workbook (xlsxwriter) from the per-workbook results: "Rekap OPD", "Indikator", "Masalah".
Figures come from the results as computed once; nothing is recomputed here.  Output is deterministic:
fixed document properties, fixed ordering."""

from __future__ import annotations

import io
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import xlsxwriter

from .config import Config, describe
from .fsutil import atomic_write

FIXED_DATE = datetime(2000, 1, 1)


def _num(v: Decimal | None):
    return None if v is None else float(v)


def build_rekap(report, config: Config) -> bytes:
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False,
                                   "strings_to_urls": False})
    wb.set_properties({"title": "Rekap evaluasi kinerja", "author": "lkjip", "created": FIXED_DATE})
    head = wb.add_format({"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#DDEBF7", "border": 1})
    pct = wb.add_format({"num_format": "0.00"})
    whole = wb.add_format({"num_format": "#,##0"})
    frac = wb.add_format({"num_format": "#,##0.00##"})
    wrap = wb.add_format({"text_wrap": True, "valign": "top"})

    def sheet(name: str, headers: list[tuple[str, int]]):
        ws = wb.add_worksheet(name)
        for c, (h, width) in enumerate(headers):
            ws.write_string(0, c, h, head)
            ws.set_column(c, c, width)
        ws.freeze_panes(1, 0)
        return ws

    def put(ws, r, c, v, fmt=None):
        if v is None or v == "":
            ws.write_blank(r, c, None, fmt)
        elif isinstance(v, (int, float)):
            ws.write_number(r, c, v, fmt)
        else:
            ws.write_string(r, c, str(v), fmt)

    opd = sheet("Rekap OPD", [("Berkas", 40), ("Perangkat Daerah", 40), ("Formulir", 10), ("Triwulan", 9),
                              ("Tahun", 7), ("Baris data", 10), ("Rata-rata capaian K (%)", 14),
                              ("Rata-rata capaian Rp (%)", 14), ("Predikat K", 14), ("Predikat Rp", 14),
                              ("Peringatan", 11), ("Status", 18)])
    for i, r in enumerate(report.results, 1):
        tahun = int(r.info.tahun) if r.info.tahun.isdigit() else r.info.tahun
        row = [r.name, r.info.agency, r.form, r.info.triwulan, tahun, r.data_rows,
               _num(r.average.get("K")), _num(r.average.get("Rp")), r.predikat.get("K", ""),
               r.predikat.get("Rp", ""), r.count("peringatan"), r.status]
        for c, v in enumerate(row):
            put(opd, i, c, v, pct if c in (6, 7) else None)
    opd.autofilter(0, 0, max(1, len(report.results)), 11)

    ind_headers = [("Perangkat Daerah", 30), ("Berkas", 30), ("Sheet", 18), ("Baris", 7), ("Kode", 18),
                   ("Tingkat", 12), ("Program / Kegiatan", 45), ("Indikator", 45), ("Satuan", 12),
                   ("Target K", 12), ("Target Rp", 16)]
    for q in ("I", "II", "III", "IV"):
        ind_headers += [(f"Realisasi TW {q} K", 12), (f"Realisasi TW {q} Rp", 16)]
    ind_headers += [("Realisasi K", 12), ("Realisasi Rp", 16), ("Capaian K (%)", 12), ("Capaian Rp (%)", 12),
                    ("Predikat", 14)]
    ind = sheet("Indikator", ind_headers)
    n = 0
    for r in report.results:
        for s in r.sheets:
            if s.form != "Renja":
                continue
            for row in s.rows:
                n += 1
                values = [r.info.agency, r.name, s.sheet, row.row, row.kode, row.level, row.program, row.indicator,
                          row.unit, _num(row.target.get("K")), _num(row.target.get("Rp"))]
                for q in range(4):
                    for side in ("K", "Rp"):
                        qs = row.quarters.get(side) or []
                        values.append(_num(qs[q]) if q < len(qs) else None)
                values += [_num(row.realisasi.get("K")), _num(row.realisasi.get("Rp")),
                           _num(row.capaian.get("K")), _num(row.capaian.get("Rp")), row.predikat]
                for c, v in enumerate(values):
                    if c in (len(values) - 3, len(values) - 2):
                        fmt = pct
                    elif isinstance(v, float):
                        fmt = whole if v.is_integer() else frac
                    else:
                        fmt = None
                    put(ind, n, c, v, fmt)
    ind.autofilter(0, 0, max(1, n), len(ind_headers) - 1)

    pk_headers = [("Perangkat Daerah", 30), ("Berkas", 30), ("Sheet", 16), ("Baris", 7), ("Sasaran", 35),
                  ("Indikator", 45), ("Satuan", 10), ("Polaritas", 10), ("Akumulasi", 11), ("Target", 12)]
    pk_headers += [(f"Realisasi TW {q}", 12) for q in ("I", "II", "III", "IV")]
    pk_headers += [(f"Capaian TW {q} (%)", 12) for q in ("I", "II", "III", "IV")]
    pk_headers += [("Capaian Tahunan (%)", 12), ("Predikat", 14), ("Anggaran", 16), ("Realisasi Anggaran", 16),
                   ("Serapan Anggaran (%)", 12), ("Efisiensi", 10), ("Kategori Efisiensi", 16)]
    pk = sheet("Indikator PK", pk_headers)
    ratio2 = wb.add_format({"num_format": "0.00"})
    n = 0
    for r in report.results:
        for s in r.sheets:
            if s.form != "PK":
                continue
            for row in s.rows:
                n += 1
                values = [r.info.agency, r.name, s.sheet, row.row, row.sasaran, row.indicator, row.unit,
                          row.polaritas, row.accumulation if row.applicable else "tidak berlaku", _num(row.target)]
                values += [_num(v) for v in row.realisasi] + [_num(v) for v in row.capaian]
                values += [_num(row.tahunan), row.predikat, _num(row.pagu), _num(row.realisasi_anggaran),
                           _num(row.serapan), _num(row.efisiensi), row.efisiensi_kategori]
                for c, v in enumerate(values):
                    if 14 <= c <= 18 or c == 22:
                        fmt = pct
                    elif c == 23:
                        fmt = ratio2
                    elif isinstance(v, float):
                        fmt = whole if v.is_integer() else frac
                    else:
                        fmt = None
                    put(pk, n, c, v, fmt)
    pk.autofilter(0, 0, max(1, n), len(pk_headers) - 1)

    mas = sheet("Masalah", [("Berkas", 40), ("Sheet", 18), ("Sel", 8), ("Tingkat", 11), ("Kode", 16),
                            ("Pesan", 70), ("Yang perlu dilakukan", 70)])
    n = 0
    for r in report.results:
        for p in r.problems:
            n += 1
            for c, v in enumerate([p.file or r.name, p.sheet, p.cell, p.level, p.code, p.message, p.fix]):
                put(mas, n, c, v, wrap if c >= 5 else None)
    mas.autofilter(0, 0, max(1, n), 6)

    # How the figures were computed, so a printed recap carries its own settings.
    cfg = sheet("Pengaturan", [("Pengaturan", 42), ("Nilai", 90)])
    lines = describe(config, getattr(report, "config_source", None))
    for i, (name, value) in enumerate(lines, 1):
        cfg.write_string(i, 0, name)
        cfg.write_string(i, 1, value, wrap)
    cfg.autofilter(0, 0, len(lines), 1)
    wb.close()
    return buf.getvalue()


def write_rekap(report, path: Path, config: Config) -> None:
    data = build_rekap(report, config)
    atomic_write(Path(path), lambda fh: fh.write(data))
