"""Workbooks in the shapes of issue 20, built here (nothing is copied from ../shared/real/, only the layout):
forms whose computed columns are read by what their headings mean.

* build_rpjmd - the RKPD-evaluation template with RPJMD targets (numbering 1..17, K | Rp under 7..16): column 6
  a single target column (no K | Rp split), column 13 without a formula label, 14 and 15 labelled, and 16
  labelled as the caller says (the published template says "16 = 14/6*100" under a heading meaning 15/6).
* build_two_blocks - a Renja evaluation holding two program blocks, each followed by its own footer
  (rata-rata, predikat, faktor pendorong / penghambat); the second block's kegiatan carries its program's kode.

Every `*_EXPECTED` figure is worked out by hand in the comments.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl

# -- the RKPD / RPJMD template ---------------------------------------------------------------------------------

RPJMD_HEADINGS = {
    "A": "No", "B": "Sasaran", "C": "Kode", "D": "Urusan / Program / Kegiatan",
    "E": "Indikator Kinerja Program (Outcome)/ Kegiatan (Output)",
    "F": "Target RPJMD Kabupaten/Kota pada Tahun 2026",
    "G": "Realisasi Capaian Kinerja RPJMD Kabupaten/Kota sampai dengan RKPD Kabupaten/Kota Tahun 2024",
    "I": "Target Kinerja dan Anggaran RKPD Kabupaten/Kota Tahun 2025 yang dievaluasi",
    "K": "Realisasi Kinerja pada Triwulan",
    "S": "Realisasi Capaian Kinerja dan Anggaran RKPD Kabupaten/Kota yang Dievaluasi",
    "U": "Tingkat Capaian Kinerja dan Realisasi Anggaran RKPD Kabupaten/Kota yang Dievaluasi",
    "W": "Realisasi Kinerja dan Anggaran RPJMD Kabupaten/Kota s/d Tahun 2025",
    "Y": "Tingkat Capaian Kinerja dan Realisasi Anggaran RPJMD Kabupaten/Kota s/d tahun 2025 (%)",
    "AA": "Perangkat Daerah Penanggung Jawab",
}
# column number -> first physical column letter (F alone: the single target column)
RPJMD_NUMBERS = {1: "A", 2: "B", 3: "C", 4: "D", 5: "E", 6: "F", 7: "G", 8: "I", 9: "K", 10: "M", 11: "O",
                 12: "Q", 13: "S", 14: "U", 15: "W", 16: "Y", 17: "AA"}
RPJMD_AGENCY = "Dinas Sosial"
# rows 6-8: (6 K, 7 K, 7 Rp, 8 K, 8 Rp, quarters (K, Rp) x 4)
RPJMD_FIGURES = {
    6: (200, 90, 15_000_000_000, 100, 4_000_000_000,
        ((20, 500_000_000), (25, 800_000_000), (22, 700_000_000), (25, 900_000_000))),
    7: (50, 10, 1_000_000_000, 20, 500_000_000, ((5, 100_000_000), (5, 150_000_000), (None, None), (None, None))),
    # nothing reported yet in any quarter: 13, 14, 15 and 16 stay empty
    8: (10, 3, 100_000_000, 4, 200_000_000, ((None, None),) * 4),
}
RPJMD_EXPECTED = {
    # row 6: 13 = 20+25+22+25 = 92, Rp 0,5+0,8+0,7+0,9 = 2,9 miliar; 14 = 92/100 = 92 %, 2,9/4 = 72,5 %;
    # 15 = 90 + 92 = 182, 15 + 2,9 = 17,9 miliar; 16 = 182/200 = 91 % (K only: column 6 has no Rp)
    "S6": 92, "T6": 2_900_000_000, "U6": 92, "V6": 72.5, "W6": 182, "X6": 17_900_000_000, "Y6": 91,
    # row 7: 13 = 5+5 = 10, Rp 250 juta; 14 = 10/20 = 50 %, 250/500 = 50 %; 15 = 20, 1,25 miliar; 16 = 20/50 = 40 %
    "S7": 10, "T7": 250_000_000, "U7": 50, "V7": 50, "W7": 20, "X7": 1_250_000_000, "Y7": 40,
}
RPJMD_COMPUTED = {"S", "T", "U", "V", "W", "X", "Y"}
RPJMD_DATA_ROWS = [6, 7, 8]


def _col(letter: str) -> int:
    return openpyxl.utils.column_index_from_string(letter)


def build_rpjmd(path: Path, *, label13: str | None = None, label14: str = "14 = 13/8*100",
                label16: str = "16 = 14/6*100", agency_column: str = RPJMD_AGENCY,
                title: str = "EVALUASI TERHADAP HASIL RKPD PEMERINTAH KABUPATEN CONTOH TAHUN 2025",
                headings: dict[str, str] | None = None, quarter_names=("I", "II", "III", "IV")) -> Path:
    """`headings`: header texts to put in place of the template's (letter -> text; "" leaves it empty)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws["A1"] = title
    ws.merge_cells("A1:AA1")
    for letter, text in {**RPJMD_HEADINGS, **(headings or {})}.items():
        ws[f"{letter}2"] = text or None
    for letter in "ABCDEF":
        ws.merge_cells(f"{letter}2:{letter}3")
        ws.merge_cells(f"{letter}4:{letter}5")
    for a, b in (("G", "H"), ("I", "J"), ("S", "T"), ("U", "V"), ("W", "X"), ("Y", "Z")):
        ws.merge_cells(f"{a}2:{b}3")
        ws.merge_cells(f"{a}4:{b}4")
    ws.merge_cells("K2:R2")
    for q, (a, b) in zip(quarter_names, (("K", "L"), ("M", "N"), ("O", "P"), ("Q", "R"))):
        ws[f"{a}3"] = q or None
        ws.merge_cells(f"{a}3:{b}3")
        ws.merge_cells(f"{a}4:{b}4")
    ws.merge_cells("AA2:AA3")
    ws.merge_cells("AA4:AA5")
    labels = {13: label13, 14: label14, 15: "15 = 7+13", 16: label16}
    for n, letter in RPJMD_NUMBERS.items():
        ws[f"{letter}4"] = labels.get(n) or n
        if 7 <= n <= 16:
            ws.cell(5, _col(letter), "K")
            ws.cell(5, _col(letter) + 1, "Rp")
    for r, (t6, k7, rp7, k8, rp8, quarters) in RPJMD_FIGURES.items():
        ws[f"A{r}"], ws[f"C{r}"] = r - 5, f"1.06.02.2.01.{r:02d}"
        ws[f"D{r}"], ws[f"E{r}"] = f"Sub kegiatan {r - 5}", f"Jumlah layanan {r - 5}"
        ws[f"F{r}"], ws[f"G{r}"], ws[f"H{r}"], ws[f"I{r}"], ws[f"J{r}"] = t6, k7, rp7, k8, rp8
        for i, (k, rp) in enumerate(quarters):
            c = _col("K") + 2 * i
            if k is not None:
                ws.cell(r, c, k)
            if rp is not None:
                ws.cell(r, c + 1, rp)
        if agency_column:
            ws[f"AA{r}"] = agency_column
    wb.save(path)
    return Path(path)


# -- the headings of the E.81 family, as the real layouts word them (../shared/real: A1 Deli Serdang 2025, A2
# the 2018 Kota Bandung E.81, C1 the Jember RKPD template, J-1 of the older regulation), by the role each
# means.  test_heading_vocabulary checks each against forms/vocabulary.py; the hypothesis test draws from them.
from xlsx_lkjip.forms import vocabulary as V  # noqa: E402

HEADING_WORDINGS = {
    V.TARGET_RENSTRA: [
        "Target Renstra Perangkat Daerah Pada Tahun 2030 (Akhir Periode Renstra Perangkat Daerah)",      # A1
        "Target Renstra Perangkat Daerah pada Tahun ….. (Akhir Periode Renstra Perangkat Daerah)",       # A2
        "Target RPJMD Kabupaten/Kota pada Tahun 2021",                                                   # C1
        "Target Kinerja Capaian Program (Renstra SKPD) Tahun 2013",                                      # J-1
    ],
    V.REALISASI_RENSTRA_LALU: [
        "Realisasi Capaian Kinerja Renstra Perangkat Daerah sampai dengan Renja Perangkat Daerah Tahun 2024",
        "Realisasi Capaian Kinerja Renstra Perangkat Daerah sampai dengan Renja Perangkat Daerah Tahun Lalu (n-1)",
        "Realisasi Capaian Kinerja RPJMD Kabupaten/Kota sampai dengan RKPD Kabupaten/Kota Tahun 2019",
    ],
    V.TARGET: [
        "Target Kinerja dan Anggaran Renja Perangkat Daerah Tahun Berjalan (Tahun 2025) yang dievaluasi",
        "Target Kinerja dan Anggaran Renja Perangkat Daerah Tahun Berjalan (Tahun n) yang Dievaluasi",
        "Target Kinerja dan Anggaran RKPD Kabupaten/Kota Tahun 2020 yang dievaluasi",
    ],
    V.REALISASI: [
        "Realisasi Capaian Kinerja dan Anggaran Renja Perangkat Daerah yang Dievaluasi",
        "Realisasi Capaian Kinerja dan Anggaran RKPD Kabupaten/Kota yang Dievaluasi",
        "Realisasi Kinerja dan Anggaran Renja Perangkat Daerah yang dievaluasi",
    ],
    V.CAPAIAN: [
        "Tingkat Capaian Kinerja dan Realisasi Anggaran Renja Perangkat Daerah yang Dievaluasi (%)",
        "Tingkat Capaian Kinerja dan Realisasi Anggaran RKPD Kabupaten/K ota yang Dievaluasi",
        "Tingkat Realisasi (%)",                                                                          # J-1
    ],
    V.REALISASI_RENSTRA: [
        "Realisasi Kinerja dan Anggaran Renstra Perangkat Daerah s/d Tahun 2025 (Akhir Tahun Pelaksanaan Renja "
        "Perangkat Daerah)",
        "Realisasi Kinerja dan Anggaran Renstra Perangkat Daerah s/d Tahun ……. (Akhir Tahun Pelaksanaan Renja "
        "Perangkat Daerah tahun...)",
        "Realisasi Kinerja dan Anggaran RPJMD Kabupaten/Kota s/d Tahun 2020",
    ],
    V.CAPAIAN_RENSTRA: [
        "Tingkat Capaian Kinerja dan Realisasi Anggaran Renstra Perangkat Daerah s/d Tahun 2030 (%)",
        "Tingkat Capaian Kinerja dan Realisasi Anggaran Renstra Perangkat daerah s/d Tahun… (%)",
        "Tingkat Capaian Kinerja dan Realisasi Anggaran RPJMD Kabupaten/Kota s/d tahun 2020 (%)",
        "Tingkat Capaian Realisasi Target Renstra (%)",                                                   # J-1
    ],
}
# "Realisasi Kinerja pada Triwulan" over the quarter names, as the layouts write them
QUARTER_HEADING = "Realisasi Kinerja pada Triwulan"
QUARTER_NAMES = [("I", "II", "III", "IV"), ("I", "Il", "Ill", "IV"), ("TW I", "TW II", "TW III", "TW IV")]
