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
                headings: dict[str, str] | None = None, quarter_names=("I", "II", "III", "IV"),
                merged_quarters: bool = True) -> Path:
    """`headings`: header texts to put in place of the template's (letter -> text; "" leaves it empty).
    `merged_quarters=False`: "Realisasi Kinerja pada Triwulan" and each quarter's name stand in one cell, not
    merged over their columns (centred across the selection, as some templates do)."""
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
    if merged_quarters:
        ws.merge_cells("K2:R2")
    for q, (a, b) in zip(quarter_names, (("K", "L"), ("M", "N"), ("O", "P"), ("Q", "R"))):
        ws[f"{a}3"] = q or None
        if merged_quarters:
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


# -- two program blocks, each with its own footer -------------------------------------------------------------
# E.81 numbering 1..17 with the standard labels: No A, Sasaran B, Kode C, Program D, Indikator E, 6..16 K | Rp
# from F (6: F:G … 16: Z:AA), 17 AB.
def e81_letter(n: int, side: str = "K") -> str:
    return openpyxl.utils.get_column_letter(6 + 2 * (n - 6) + (side == "Rp"))


E81_LABELS = {13: "13=9+10+11+12", 14: "14=13/8x100%", 15: "15=7+13", 16: "16=15/6x100%"}
# row -> (kode, name, (6 K, 6 Rp), (7 K, 7 Rp), (8 K, 8 Rp), TW I (K, Rp), TW II (K, Rp))
BLOCK_ROWS = {
    10: ("1.06.02", "Program Rehabilitasi Sosial", (100, 5e9), (40, 2e9), (60, 1e9), (10, 2e8), (20, 3e8)),
    11: ("1.06.02.2.01", "Rehabilitasi Sosial Dasar Penyandang Disabilitas Terlantar", (10, 1e9), (4, 4e8),
         (6, 2e8), (3, 5e7), (3, 1e8)),
    12: ("1.06.02.2.01.0001", "Penyediaan Permakanan", (20, 1e9), (8, 4e8), (12, 2e8), (4, 5e7), (5, 5e7)),
    19: ("1.06.03", "Program Perlindungan dan Jaminan Sosial", (200, 8e9), (80, 3e9), (50, 2e9), (20, 4e8),
         (10, 6e8)),
    # a kegiatan written with its program's kode
    20: ("1.06.03", "Pengelolaan Data Fakir Miskin Cakupan Daerah Kabupaten/Kota", (12, 6e8), (5, 2e8), (8, 4e8),
         (4, 1e8), (4, 2e8)),
    21: ("1.06.03.2.01.0001", "Pengumpulan Data Fakir Miskin", (30, 6e8), (10, 2e8), (10, 4e8), (3, 1e8),
         (4, 1e8)),
}
TAIL_ROW = 25
TAIL_FIGURES = ("1.06.03.2.01.0002", "Verifikasi Data Fakir Miskin", (10, 1e8), (2, 1e7), (4, 4e7), (2, 1e7),
                (2, 1e7))
# 13 = TW I + TW II; 14 = 13/8; 15 = 7 + 13; 16 = 15/6 (K and Rp), worked out per row
BLOCK_COMPUTED = {
    10: ((30, 5e8), (50, 50), (70, 2.5e9), (70, 50)),
    11: ((6, 1.5e8), (100, 75), (10, 5.5e8), (100, 55)),
    12: ((9, 1e8), (75, 50), (17, 5e8), (85, 50)),
    19: ((30, 1e9), (60, 50), (110, 4e9), (55, 50)),
    20: ((8, 3e8), (100, 75), (13, 5e8), (108.33, 83.33)),    # 13/12 = 108,333…; 5/6 = 83,333…
    21: ((7, 2e8), (70, 50), (17, 4e8), (56.67, 66.67)),      # 17/30 = 56,666…; 4/6 = 66,666…
    TAIL_ROW: ((4, 2e7), (100, 50), (6, 3e7), (60, 30)),
}
BLOCK_EXPECTED = {f"{e81_letter(n, side)}{r}": figs[i][j]
                  for r, figs in BLOCK_COMPUTED.items() if r != TAIL_ROW
                  for i, n in enumerate((13, 14, 15, 16)) for j, side in enumerate(("K", "Rp"))}
# block 1: K (50 + 100 + 75) / 3 = 75 (Sedang), Rp (50 + 75 + 50) / 3 = 58,33 (Rendah);
# block 2: K (60 + 100 + 70) / 3 = 76,67 (Tinggi), Rp 58,33 (Rendah)
BLOCK_FOOTERS = {"V13": 75, "W13": 58.33, "V14": "Sedang", "W14": "Rendah",
                 "V22": 76.67, "W22": 58.33, "V23": "Tinggi", "W23": "Rendah"}


def build_two_blocks(path: Path, *, tail: bool = False, agency_line: bool = True,
                     title_lines: tuple[str, ...] = ("EVALUASI TERHADAP HASIL RENJA PERANGKAT DAERAH",),
                     unit_pd: str = "") -> Path:
    """`tail`: a row with figures under the second footer, without a footer of its own.  `agency_line`: the
    "Perangkat Daerah : Dinas Sosial" line.  `unit_pd`: a text for column 17 (Perangkat Daerah Penanggung
    Jawab) on every data row."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "E81"
    for i, line in enumerate(title_lines, 1):
        ws[f"A{i}"] = line
    if agency_line:
        ws["A4"] = "Perangkat Daerah : Dinas Sosial"
    ws["A5"] = "Triwulan II Tahun 2025"
    heads = {1: "No", 2: "Sasaran", 3: "Kode", 4: "Urusan/Bidang Urusan Pemerintahan Daerah dan Program/Kegiatan",
             5: "Indikator Kinerja Program (outcome)/ Kegiatan (output)",
             6: HEADING_WORDINGS[V.TARGET_RENSTRA][0], 7: HEADING_WORDINGS[V.REALISASI_RENSTRA_LALU][1],
             8: HEADING_WORDINGS[V.TARGET][1], 9: "Realisasi Kinerja Pada Triwulan",
             13: HEADING_WORDINGS[V.REALISASI][0], 14: HEADING_WORDINGS[V.CAPAIAN][0],
             15: HEADING_WORDINGS[V.REALISASI_RENSTRA][0], 16: HEADING_WORDINGS[V.CAPAIAN_RENSTRA][0],
             17: "Unit Perangkat Daerah Penanggung Jawab"}
    for n in range(1, 18):
        letter = "ABCDE"[n - 1] if n <= 5 else ("AB" if n == 17 else e81_letter(n))
        if n in heads:
            ws[f"{letter}6"] = heads[n]
        ws[f"{letter}8"] = E81_LABELS.get(n, n)
        if 6 <= n <= 16:
            ws[f"{letter}9"] = "K"
            ws[f"{e81_letter(n, 'Rp')}9"] = "Rp"
        if 9 <= n <= 12:
            ws[f"{letter}7"] = ("I", "II", "III", "IV")[n - 9]
    rows = dict(BLOCK_ROWS)
    if tail:
        rows[TAIL_ROW] = TAIL_FIGURES
    for r, (kode, name, *figs) in rows.items():
        ws[f"C{r}"], ws[f"D{r}"], ws[f"E{r}"] = kode, name, f"Jumlah {name.split()[0].lower()}"
        for n, (k, rp) in zip((6, 7, 8, 9, 10), figs):
            ws[f"{e81_letter(n)}{r}"], ws[f"{e81_letter(n, 'Rp')}{r}"] = k, rp
        if r >= 19:   # the agency's own formulas in the second block's computed cells
            ws[f"{e81_letter(13)}{r}"] = f"={e81_letter(9)}{r}+{e81_letter(10)}{r}"
            ws[f"{e81_letter(14)}{r}"] = f"={e81_letter(13)}{r}/{e81_letter(8)}{r}*100"
        if unit_pd:
            ws[f"AB{r}"] = unit_pd
    for footer in (13, 22):
        ws[f"A{footer}"] = "Rata-rata capaian kinerja (%)"
        ws[f"A{footer + 1}"] = "Predikat kinerja"
        ws[f"A{footer + 2}"] = "Faktor pendorong keberhasilan kinerja:"
    ws["F15"] = "1. Dukungan anggaran yang cukup"     # a footer line's text in a figure column: never data
    ws["A16"] = "Faktor penghambat pencapaian kinerja:"
    ws["A17"] = "Tindak lanjut yang diperlukan dalam triwulan berikutnya:"
    ws["X27"] = "Kota Contoh, Juli 2025"
    ws["X28"] = "KEPALA DINAS SOSIAL"
    ws["X31"] = "NIP. 19700101 199503 1 001"
    wb.save(path)
    return Path(path)
