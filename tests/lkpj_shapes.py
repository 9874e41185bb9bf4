"""Workbooks in the shapes of the LKPJ annual capaian tables (issue 20), built here (nothing is copied from
../shared/real/, only the layout):

* build_lkpj_region - a region-wide export: no title, KODE | KEBIJAKAN | OPD/PROGRAM/KEG/SUB KEGIATAN |
  INDIKATOR | SATUAN | FISIK (TARGET | REAL | %) | KEUANGAN (ALOKASI | REAL | %) | PERMASALAHAN, an OPD header
  row (kode "1.01" stored as a number, the agency's name, no figures) before each agency's programs, and a row
  of exported zeros that is no filled row.
* build_lkpj_input - an input form: one header row (TARGET | REALISASI TARGET | ALOKASI [ Rp ] | REALISASI
  [ Rp ] | PERSENTASE [ % ]) over a letter numbering row "a c d e f g h i j k = ( j / i ) * 100 l m n" (the
  letter b skipped, so j / i is column I over column H).
"""

from __future__ import annotations

from pathlib import Path

import openpyxl

# row -> (kode, name, indikator, satuan, target, real, typed %, alokasi, real Rp, typed %)
REGION_ROWS = {
    4: (1.01, "DINAS PENDIDIKAN", None, None, None, None, None, None, None, None),
    5: ("1.01.02", "PROGRAM PENGELOLAAN PENDIDIKAN", None, None, None, None, None, None, None, None),
    6: ("1.01.02.2.01", "Pengelolaan Pendidikan Sekolah Dasar", None, None, None, None, None, None, None, None),
    7: ("1.01.02.2.01.0001", "Pembangunan Ruang Kelas", "Jumlah ruang kelas", "Ruang", 10, 8, 80, 1_000_000,
        900_000, 90),
    8: ("1.01.02.2.01.0002", "Rehabilitasi Ruang Kelas", "Jumlah ruang kelas", "Ruang", 4, 5, None, 2_000_000,
        1_000_000, None),
    9: (1.02, "DINAS KESEHATAN", None, None, None, None, None, None, None, None),
    10: ("1.02.02", "PROGRAM PEMENUHAN UPAYA KESEHATAN", None, None, None, None, None, None, None, None),
    11: ("1.02.02.2.01.0001", "Pembangunan Puskesmas", "Jumlah puskesmas", "Unit", 20, 15, 70, 500_000, 500_000,
         100),
    12: ("1.02.02.2.01.0002", "Pengadaan Ambulans", "Jumlah ambulans", "Unit", None, None, 0, 0, 0, 0),   # zeros
}
# fisik = REAL / TARGET, keuangan = REAL / ALOKASI (x 100): row 7 8/10 = 80, 0,9/1 = 90; row 8 5/4 = 125,
# 1/2 = 50; row 11 15/20 = 75 (the typed 70 is replaced, with a warning), 0,5/0,5 = 100
REGION_EXPECTED = {"H7": 80, "K7": 90, "H8": 125, "K8": 50, "H11": 75, "K11": 100}
REGION_DATA_ROWS = [7, 8, 11]
# each agency's own: PENDIDIKAN fisik (80 + 125) / 2 = 102,5 (Sangat Tinggi), keuangan (90 + 50) / 2 = 70;
# KESEHATAN 75 (Sedang), 100; the sheet (80 + 125 + 75) / 3 = 93,33, (90 + 50 + 100) / 3 = 80
REGION_AGENCIES = {"DINAS PENDIDIKAN": (2, 102.5, "Sangat Tinggi", 70.0),
                   "DINAS KESEHATAN": (1, 75.0, "Sedang", 100.0)}


def build_lkpj_region(path: Path, real=("REAL", "REAL")) -> Path:
    """`real`: how the FISIK and KEUANGAN realisation columns are headed ("REAL", "Real.", "Realisasi")."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    for c, text in enumerate(["KODE", "KEBIJAKAN", "OPD/PROGRAM/KEG/SUB KEGIATAN", "INDIKATOR", "SATUAN"], 1):
        ws.cell(2, c, text)
        ws.merge_cells(start_row=2, start_column=c, end_row=3, end_column=c)
    ws["F2"], ws["I2"], ws["L2"] = "FISIK", "KEUANGAN", "PERMASALAHAN"
    ws.merge_cells("F2:H2")
    ws.merge_cells("I2:K2")
    ws["F3"], ws["G3"], ws["H3"], ws["I3"], ws["J3"], ws["K3"] = "TARGET", real[0], "%", "ALOKASI", real[1], "%"
    for r, (kode, name, ind, sat, t, re_, pct, alo, rp, pct_rp) in REGION_ROWS.items():
        for col, v in zip("ACDEFGHIJK", (kode, name, ind, sat, t, re_, pct, alo, rp, pct_rp)):
            if v is not None:
                ws[f"{col}{r}"] = v
    wb.save(path)
    return Path(path)


def build_lkpj_input(path: Path, label: str = "k = ( j / i ) * 100") -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws["A1"] = "FORMULIR INPUT DATA CAPAIAN KINERJA"
    ws["A3"], ws["A4"], ws["A5"] = "ID OPD", "NAMA OPD", "TAHUN ANGGARAN"
    heads = ["idCapai", "KD", "PROGRAM/KEG/SUB KEGIATAN", "INDIKATOR", "SATUAN", "TARGET", "REALISASI TARGET",
             "ALOKASI                         [ Rp ]", "REALISASI                                 [ Rp ]",
             "PERSENTASE                          [ % ]", "PERMASALAHAN", "UPAYA MENGATASI PERMASALAHAN",
             "TINDAK LANJUT REKOMENDASI"]
    letters = ["a", "c", "d", "e", "f", "g", "h", "i", "j", label, "l", "m", "n"]
    for c, (h, x) in enumerate(zip(heads, letters), 1):
        ws.cell(7, c, h)
        ws.cell(8, c, x)
    rows = {9: (1, "X.XX.01", "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH", None, None, None, None, None, None,
                None),
            10: (2, "X.XX.01.202.01", "Penyediaan Gaji dan Tunjangan ASN", "Jumlah orang", "Orang/bulan", 5, 4,
                 120_000_000, 115_000_000, 96),
            11: (3, "X.XX.01.202.02", "Penyediaan Administrasi", None, None, None, None, 0, 0, 0)}
    for r, values in rows.items():
        for c, v in enumerate(values, 1):
            if v is not None:
                ws.cell(r, c, v)
    wb.save(path)
    return Path(path)


# row 10: keuangan 115 / 120 = 95,833… -> 95,83 (the typed 96 is that rounded: replaced silently); fisik 4 / 5 =
# 80 (no column for it: in the results and the rekap only)
INPUT_EXPECTED = {"J10": 95.83}
