"""Workbooks in the shapes real agencies send (issue 13), built here: nothing is copied from the real files in
../shared/real/, only their layout.  Each builder returns the path; the `*_EXPECTED` tables hold what the
completed workbook must carry, computed by hand in the comments.

* build_k_pct_rp - the Deli Serdang "Evaluasi Terhadap Hasil RKPD" shape: quarter blocks K | % | Rp with K a
  formula on the %, only the Renstra capaian declared (13 = 9+10+11+12, 14 = 7+13, 15 = 14/6 x 100), the year
  in the title against "Tahun 2030" in a column header, the agency line under the numbered row, cached
  formula values with binary noise, no footer and a signature block merged over the figure columns.
  xlsxwriter (it writes a formula's cached value).
* build_rkpd_satuan - the RKPD/RPJMD variant: K | Satuan | Rp. (000) in the target block, labels
  12 = 8+9+10+11, 13 = 12/7*100, 14 = 6 + 12, 15 = 14/5*100, the agency's formulas in every computed column.
* build_j1 - the older regulation's J-1: 8=(7/6), 10=(5+7+9), 11=(10/4), no K/Rp split, no quarters.
* build_e81_2018 - the 2018 E.81 (15 columns) with "I, Il, Ill, IV" quarter headers: filled, or blank with
  {placeholders} and a signature block.
* build_emonev_export - a peer e-Monev app's ExcelJS export: "(1)".."(15)", no labels, 0 in computed cells
  and empty quarters, "Periode Pelaksanaan: 2021 - 2026".
"""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import xlsxwriter
from openpyxl.utils import column_index_from_string, get_column_letter

# -- checking a completed workbook -------------------------------------------------------------------------


def sheet_values(path: Path, sheet: str | None = None) -> dict[str, object]:
    """Every non-empty cell of a sheet as openpyxl reads it (formulas as their text)."""
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet] if sheet else wb.worksheets[0]
    return {c.coordinate: c.value for row in ws.iter_rows() for c in row if c.value is not None}


def cells(cols: str, rows) -> set[str]:
    """"X:Y AB", [12, 13] -> {"X12", "Y12", "AB12", …}: column letters or ranges of letters."""
    out = set()
    for part in cols.split():
        a, _, b = part.partition(":")
        for c in range(column_index_from_string(a), column_index_from_string(b or a) + 1):
            out |= {f"{get_column_letter(c)}{r}" for r in rows}
    return out


def check_completed(src: Path, out: Path, result, expected: dict[str, object], *, computed: set[str],
                    footer: dict[str, object] | None = None, never_data: set[int] = frozenset(),
                    never_data_text: tuple[str, ...] = (), sheet: str | None = None) -> None:
    """The acceptance of issue 13 for one shape: every computed cell right (K and Rp), no formula left in a
    computed column of a data row, nothing else changed (but the footer cells given), and no problem about
    a row that is never data or its text."""
    before, after = sheet_values(src, sheet), sheet_values(out, sheet)
    assert set(expected) == computed, sorted(set(expected) ^ computed)
    for ref, value in sorted(expected.items()):
        got = after.get(ref)
        assert not (isinstance(got, str) and got.startswith("=")), f"{ref}: formula left: {got}"
        if isinstance(value, float):
            assert isinstance(got, (int, float)) and abs(got - value) < 1e-9, f"{ref}: {got!r} != {value!r}"
        else:
            assert got == value, f"{ref}: {got!r} != {value!r}"
    footer = footer or {}
    for ref, value in footer.items():
        assert after.get(ref) == value, f"footer {ref}: {after.get(ref)!r} != {value!r}"
    changed = {ref for ref in set(before) | set(after) if before.get(ref) != after.get(ref)}
    assert changed <= computed | set(footer), sorted(changed - computed - set(footer))
    for p in result.problems:
        row = int(re.sub(r"\D", "", p.cell)) if p.cell else None
        assert row not in never_data, p
        assert not any(t in p.message for t in never_data_text), p


# -- 1. K | % | Rp quarter blocks, signature block, no footer (Deli Serdang 2025) ----------------------------

K_PCT_RP_AGENCY = "Badan Perencanaan Pembangunan Daerah, Penelitian dan Pengembangan (BAPPEDALITBANG)"
K_PCT_RP_DATA_ROWS = [12, 13, 14]
K_PCT_RP_SIGNATURE = ["Lubuk Pakam,      Desember 2025", "KEPALA BADAN PERENCANAAN PEMBANGUNAN",
                      "DAERAH, PENELITIAN DAN PENGEMBANGAN", "KABUPATEN CONTOH", "Dr. Ir. NAMA PEJABAT, M.Si",
                      "PEMBINA UTAMA MUDA", "NIP. 19700101 199503 1 001"]
K_PCT_RP_SIGNATURE_ROWS = set(range(18, 28))
# 13 = 9 + 10 + 11 + 12 (K in X, Rp in Y), 14 = 7 + 13 (Z, AA), 15 = 14 / 6 x 100 (AB, AC)
K_PCT_RP_EXPECTED = {
    # row 12: K quarters 2 + 0,8 + 1,2 + 0 = 4 (cached 0.7999999999999998 and 1.2000000000000002);
    # Rp 8.416.000 + 12.490.000 + 2.688.000 + 25.427.000 = 49.021.000; 14: 3 + 4 = 7, 73.848.000 + 49.021.000;
    # 15: 7 / 3 = 233,33 %, 122.869.000 / 85.102.670 = 144,377… %
    "X12": 4, "Y12": 49021000, "Z12": 7, "AA12": 122869000, "AB12": 233.33, "AC12": 144.38,
    # row 13: 0 + 0 + 0 + 1 = 1; 9.028.000 + 12.357.000 = 21.385.000; 0,75 + 1 = 1,75; 32.835.500 + 21.385.000;
    # 1,75 / 1 = 175 %; 54.220.500 / 46.480.452 = 116,652… %
    "X13": 1, "Y13": 21385000, "Z13": 1.75, "AA13": 54220500, "AB13": 175, "AC13": 116.65,
    # row 14: the cached quarters 14.987244897959181 + 13.507653061224497 + 21.033163265306122 +
    # 50.47193877551019 add up to 99.99999999999999 in exact decimals, but Excel shows each to 15 digits and
    # their sum as 100; Rp 8.378.098.135; 14: 200 and 16.140.589.380; 15: 200 % and 131,463… %
    "X14": 100, "Y14": 8378098135, "Z14": 200, "AA14": 16140589380, "AB14": 200, "AC14": 131.46,
}
# the footer goes on the two empty rows under the table; the average rests on column 15 and says so
K_PCT_RP_FOOTER = {"A15": "Rata-rata capaian kinerja (%) — kolom 15, tingkat capaian Renstra",
                   "AB15": 202.78,   # (233,33 + 175 + 200) / 3 = 202,776…
                   "AC15": 130.83,   # (144,38 + 116,65 + 131,46) / 3 = 130,83
                   "A16": "Predikat kinerja", "AB16": "Sangat Tinggi", "AC16": "Sangat Tinggi"}
K_PCT_RP_PROGRESS = {12: {"I": 50, "II": 70, "III": 100, "IV": 100}, 13: {"I": 25, "II": 50, "III": 75, "IV": 100}}


def build_k_pct_rp(path: Path, *, title_year: str = "Tahun 2025") -> Path:
    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    ws = wb.add_worksheet("Realisasi TW IV")
    pct = wb.add_format({"num_format": "0%"})
    acc = wb.add_format({"num_format": '_(* #,##0_);_(* \\(#,##0\\);_(* "-"_);_(@_)'})
    ws.merge_range("A1:AC1", "Evaluasi Terhadap Hasil RKPD")
    ws.merge_range("A2:AC2", "Kabupaten Contoh ")
    ws.merge_range("A3:AC3", title_year)
    heads = [("A6:A7", "No"), ("B6:B7", "Sasaran Perangkat daerah"),
             ("C6:C7", "Urusan/Bidang Urusan Pemerintahan Daerah dan Program/Kegiatan"),
             ("D6:D7", "Indikator Kinerja Program (Outcome)/Kegiatan (Output)"), ("E6:E7", "Satuan"),
             ("F6:G7", "Target Renstra Perangkat Daerah Pada Tahun 2030  (Akhir Periode Renstra Perangkat Daerah)"),
             ("H6:I7", "Realisasi Capaian Kinerja Renstra Perangkat Daerah sampai dengan Renja Perangkat Daerah "
                       "Tahun 2024"),
             ("J6:K7", "Target Kinerja dan Anggaran Renja Perangkat Daerah Tahun Berjalan (Tahun 2025) yang "
                       "dievaluasi"),
             ("L6:W6", "Realisasi Kinerja Pada Triwulan"),
             ("X6:Y7", "Realisasi Capaian Kinerja dan Anggaran Renja Perangkat Daerah yang Dievaluasi"),
             ("Z6:AA7", "Realisasi Kinerja dan Anggaran Renstra Perangkat Daerah  s/d Tahun 2025 (Akhir Tahun "
                        "Pelaksanaan Renja Perangkat Daerah)"),
             ("AB6:AC7", "Tingkat Capaian Kinerja dan Realisasi Anggaran Renstra Perangkat Daerah s/d Tahun 2030 "
                         "(%)"),
             ("L7:N7", "I"), ("O7:Q7", "II"), ("R7:T7", "III"), ("U7:W7", "IV")]
    for rng, text in heads:
        ws.merge_range(rng, text)
    numbered = {"A": 1, "B": 2, "C": 3, "D": 4, "E": 5, "F": 6, "H": 7, "J": 8, "L": 9, "O": 10, "R": 11, "U": 12,
                "X": "13 = 9 + 10 + 11 + 12", "Z": "14 = 7 + 13", "AB": "15 = 14 / 6 x 100"}
    for col, v in numbered.items():
        ws.write(f"{col}8", v)
    sides = {"F": "K", "G": "Rp.", "H": "K", "I": "Rp.", "J": "K", "K": "Rp.", "X": "K", "Y": "Rp.", "Z": "K",
             "AA": "Rp.", "AB": "K", "AC": "Rp."}
    for q, (k, p, rp) in enumerate((("L", "M", "N"), ("O", "P", "Q"), ("R", "S", "T"), ("U", "V", "W"))):
        sides.update({k: "K", p: "%", rp: "Rp."})
    for col, v in sides.items():
        ws.write(f"{col}9", v)
    ws.write("A10", " ")
    ws.write("B10", f"Perangkat Daerah : {K_PCT_RP_AGENCY}")
    ws.write("A11", 1)
    ws.write("C11", "PERENCANAAN")

    def row(r, name, ind, unit, t6, t7, t8, quarters, cached):
        """quarters: (K as a formula on the % or a number, cached K, %, Rp); cached: X..AC agency values."""
        ws.write(f"A{r}", r - 10)
        ws.write(f"C{r}", name)
        ws.write(f"D{r}", ind)
        ws.write(f"E{r}", unit)
        for (k, rp), (vk, vrp) in zip((("F", "G"), ("H", "I"), ("J", "K")), (t6, t7, t8)):
            ws.write_number(f"{k}{r}", vk, acc)
            ws.write_number(f"{rp}{r}", vrp, acc)
        for (k, p, rp), (fk, ck, vp, vrp) in zip((("L", "M", "N"), ("O", "P", "Q"), ("R", "S", "T"),
                                                  ("U", "V", "W")), quarters):
            if isinstance(fk, str):
                ws.write_formula(f"{k}{r}", fk.replace("#", str(r)), None, ck)
            else:
                ws.write_number(f"{k}{r}", fk)
            ws.write_number(f"{p}{r}", vp, pct)
            ws.write_number(f"{rp}{r}", vrp)
        formulas = {"X": "=L#+O#+R#+U#", "Y": "=N#+Q#+T#+W#", "Z": "=H#+X#", "AA": "=I#+Y#", "AB": "=(Z#/F#)*100",
                    "AC": "=AA#/G#*100"}
        for col, f in formulas.items():
            ws.write_formula(f"{col}{r}", f.replace("#", str(r)), acc, cached[col])

    row(12, "Penyusunan Dokumen Perencanaan Perangkat Daerah", "Jumlah Dokumen Perencanaan Perangkat Daerah", "Dok",
        (3, 85102670), (3, 73848000), (4, 73945400),
        (("=M#*J#", 2, 0.5, 8416000), ("=P#*J#-L#", 0.7999999999999998, 0.7, 12490000),
         ("=S#*J#-L#-O#", 1.2000000000000002, 1, 2688000), ("=V#*J#-L#-O#-R#", 0, 1, 25427000)),
        {"X": 4, "Y": 49021000, "Z": 7, "AA": 122869000, "AB": 233.33333333333334, "AC": 144.3773738238765})
    row(13, "Koordinasi dan Penyusunan Dokumen RKA-SKPD", "Jumlah Dokumen RKA-SKPD", "Dok",
        (1, 46480452), (0.75, 32835500), (1, 33606137),
        ((0, 0, 0.25, 0), (0, 0, 0.5, 0), (0, 0, 0.75, 9028000), ("=V#*J#-L#-O#-R#", 1, 1, 12357000)),
        {"X": 1, "Y": 21385000, "Z": 1.75, "AA": 54220500, "AB": 175, "AC": 116.6522649134307})
    row(14, "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota", "Nilai LHE AKIP Perangkat Daerah",
        "Nilai", (100, 12277627611), (100, 7762491245), (100, 9972206125),
        (("=M#*J#", 14.987244897959181, 0.14987244897959182, 1854185339),
         ("=P#*J#-L#", 13.507653061224497, 0.2849489795918368, 1997093079),
         ("=S#*J#-L#-O#", 21.033163265306122, 0.49528061224489794, 2107919683),
         ("=V#*J#-L#-O#-R#", 50.47193877551019, 1, 2418900034)),
        {"X": 99.99999999999999, "Y": 8378098135, "Z": 199.99999999999999, "AA": 16140589380, "AB": 200,
         "AC": 131.46342185471585})
    # rows 15-17 empty; the signature block, each line merged over the figure columns T:AB
    for r, text in zip((18, 20, 21, 22, 25, 26, 27), K_PCT_RP_SIGNATURE):
        ws.merge_range(f"T{r}:AB{r}", text)
    wb.close()
    return Path(path)


# -- 2. RKPD/RPJMD variant: K | Satuan | Rp. (000) in the target block --------------------------------------

RKPD_DATA_ROWS = [10, 11]
# 12 = 8+9+10+11 (T, U), 13 = 12/7*100 (V, W), 14 = 6 + 12 (X, Y), 15 = 14/5*100 (Z, AA)
RKPD_EXPECTED = {
    # row 10: K 0 + 1 + 0,5 + 0,5 = 2; Rp 200.000 + 400.000 + 300.000 + 550.000 = 1.450.000 (thousands);
    # 13: 2 / 2 = 100 %, 1.450.000 / 1.500.000 = 96,666… %; 14: 4 + 2 = 6, 2.000.000 + 1.450.000;
    # 15: 6 / 10 = 60 %, 3.450.000 / 5.000.000 = 69 %
    "T10": 2, "U10": 1450000, "V10": 100, "W10": 96.67, "X10": 6, "Y10": 3450000, "Z10": 60, "AA10": 69,
    # row 11: 5 + 8 + 7 + 12 = 32; 3.000.000 + 4.500.000 + "5.250.000" + "-" = 12.750.000; 32 / 30 = 106,666… %;
    # 12.750.000 / 20.000.000 = 63,75 %; 40 + 32 = 72, 42.750.000; 72 / 120 = 60 %; 42.750.000 / 80.000.000 =
    # 53,4375 -> 53,44 (half up)
    "T11": 32, "U11": 12750000, "V11": 106.67, "W11": 63.75, "X11": 72, "Y11": 42750000, "Z11": 60, "AA11": 53.44,
}
# the average of column 13 (the yearly capaian): K (100 + 106,67) / 2 = 103,335 -> 103,34; Rp (96,67 + 63,75) / 2
RKPD_FOOTER = {"A12": "Rata-rata capaian kinerja (%)", "V12": 103.34, "W12": 80.21,
               "A13": "Predikat kinerja", "V13": "Sangat Tinggi", "W13": "Tinggi"}
# sub-column labels agencies use: every money label and every indicator label works
SIDE_LABELS = [("K", "Rp"), ("Kinerja", "Rp."), ("Fisik", "Rp. (000)"), ("Vol", "Rp (Juta)"), ("Volume", "(Rp)"),
               ("Target", "Anggaran"), ("K", "Keuangan"), ("Kinerja", "Pagu")]


def build_rkpd_satuan(path: Path, k: str = "K", rp: str = "Rp. (000)") -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Evaluasi RKPD"
    ws["A1"] = "EVALUASI TERHADAP HASIL RKPD KABUPATEN CONTOH"
    ws["A2"] = "Perangkat Daerah : Dinas Pekerjaan Umum dan Penataan Ruang"
    ws["A3"] = "Periode Pelaksanaan : Triwulan IV Tahun 2024"
    heads = {"A5": "No", "B5": "Kode", "C5": "Program/Kegiatan", "D5": "Indikator Kinerja",
             "E5": "Target Kinerja dan Anggaran RPJMD pada Akhir Periode (2026)",
             "H5": "Realisasi Capaian Kinerja RPJMD s/d Tahun Lalu", "J5": "Target Kinerja dan Anggaran RKPD 2024",
             "L5": "Realisasi Kinerja Triwulan", "T5": "Realisasi Capaian Kinerja dan Anggaran RKPD 2024",
             "V5": "Tingkat Capaian Kinerja dan Realisasi Anggaran RKPD 2024 (%)",
             "X5": "Realisasi Kinerja dan Anggaran RPJMD s/d Tahun 2024",
             "Z5": "Tingkat Capaian Kinerja dan Realisasi Anggaran RPJMD (%)", "AB5": "SKPD Penanggung Jawab",
             "L6": "I", "N6": "II", "P6": "III", "R6": "IV"}
    for ref, v in heads.items():
        ws[ref] = v
    for rng in ("E5:G6", "H5:I6", "J5:K6", "L5:S5", "L6:M6", "N6:O6", "P6:Q6", "R6:S6", "T5:U6", "V5:W6", "X5:Y6",
                "Z5:AA6"):
        ws.merge_cells(rng)
    numbered = {"A": 1, "B": 2, "C": 3, "D": 4, "E": 5, "H": 6, "J": 7, "L": 8, "N": 9, "P": 10, "R": 11,
                "T": "12 = 8+9+10+11", "V": "13 = 12/7*100", "X": "14 = 6 + 12", "Z": "15 = 14/5*100", "AB": 16}
    for col, v in numbered.items():
        ws[f"{col}7"] = v
    ws["E8"], ws["F8"], ws["G8"] = k, "Satuan", rp
    for c in range(8, 28, 2):
        ws.cell(8, c, k)
        ws.cell(8, c + 1, rp)
    ws["B9"], ws["C9"] = "1.03.10", "PROGRAM PENYELENGGARAAN JALAN"

    def row(r, kode, name, ind, t5, unit, t6, t7, quarters):
        values = [r - 9, kode, name, ind, t5[0], unit, t5[1], *t6, *t7]
        for q in quarters:
            values += list(q)
        for c, v in enumerate(values, 1):
            ws.cell(r, c, v)
        # the agency's own formulas in every computed cell (no cached values: openpyxl writes none)
        formulas = {"T": "=L#+N#+P#+R#", "U": "=M#+O#+Q#+S#", "V": "=T#/J#*100", "W": "=U#/K#*100", "X": "=H#+T#",
                    "Y": "=I#+U#", "Z": "=X#/E#*100", "AA": "=Y#/G#*100"}
        for col, f in formulas.items():
            ws[f"{col}{r}"] = f.replace("#", str(r))
        ws[f"AB{r}"] = "Dinas PUPR"

    row(10, "1.03.10.2.01.01", "Penyusunan Rencana, Kebijakan, Strategi dan Teknis Sistem Jaringan Jalan",
        "Jumlah Dokumen Perencanaan Jalan", (10, 5000000), "Dokumen", (4, 2000000), (2, 1500000),
        ((0, 200000), (1, 400000), (0.5, 300000), (0.5, 550000)))
    row(11, "1.03.10.2.02.01", "Pembangunan Jalan", "Panjang Jalan yang Dibangun", (120, 80000000), "km",
        (40, 30000000), (30, 20000000), ((5, 3000000), (8, 4500000), (7, "5.250.000"), (12, "-")))
    wb.save(path)
    return Path(path)


# -- 3. J-1 of the older regulation: parenthesised labels, no K/Rp split, no quarters ---------------------

J1_DATA_ROWS = [14, 17, 21]
# 8=(7/6) under "Tingkat Realisasi (%)": a percentage; 10=(5+7+9); 11=(10/4) under "(%)"
J1_EXPECTED = {
    "N14": 75, "P14": 3.5, "Q14": 87.5,       # 1,5 / 2; 1 + 1,5 + 1; 3,5 / 4
    "N17": 100, "P17": 8, "Q17": 80,          # 2 / 2; 3 + 2 + 3; 8 / 10
    "N21": 125, "P21": 4.5, "Q21": 90,        # "2,5" / "2"; 1 + 2,5 + 1; 4,5 / 5
}
J1_FOOTER = {"B22": "Rata-rata capaian kinerja (%)", "N22": 100, "B23": "Predikat kinerja",
             "N23": "Sangat Tinggi"}         # (75 + 100 + 125) / 3


def build_j1(path: Path) -> Path:
    wb = openpyxl.Workbook()
    wb.active.title = "Sheet"
    wb.active["A1"] = "Review terhadap Rancangan Awal RKPD"
    ws = wb.create_sheet("J-1")
    for ref, v in {"Q1": "J-1", "B2": "Tabel", "B3": "Rekapitulasi Evaluasi Hasil Pelaksanaan Renja OPD dan ",
                   "B4": "Pencapaian Renstra OPD s/d Tahun 2014", "B5": "Provinsi Jawa Barat",
                   "B7": "SKPD : Biro Bina Produksi ", "B8": "Kode",
                   "G8": "Urusan/Bidang Urusan Pemerintahan Daerah dan Program/Kegiatan",
                   "H8": "Indikator Kinerja Program (outcomes)/ Kegiatan (output)",
                   "J8": "Target Kinerja Capaian Program (Renstra SKPD) Tahun 2013",
                   "K8": "Realisasi Target Kinerja Hasil Program dan Keluaran Kegiatan s/d Tahun 2014",
                   "L8": "Target dan Realisasi Kinerja Program dan Kegiatan Tahun 2014",
                   "O8": "Target Program dan Kegiatan (Renja SKPD 2013)",
                   "P8": "Perkiraan Realisasi Capaian Target Renstra SKPD s/d 2014",
                   "L9": "Target Renja SKPD Tahun 2014", "M9": "Realisasi Renja SKPD Tahun 2014",
                   "N9": "Tingkat Realisasi (%)", "P9": "Realisasi Capaian Program dan Kegiatan s/d tahun 2014",
                   "Q9": "Tingkat Capaian Realisasi Target Renstra (%)"}.items():
        ws[ref] = v
    for rng in ("B8:F9", "G8:G9", "H8:I9", "J8:J9", "K8:K9", "L8:N8", "O8:O9", "P8:Q8", "B10:F10"):
        ws.merge_cells(rng)
    for ref, v in {"B10": 1, "G10": 2, "I10": 3, "J10": 4, "K10": 5, "L10": 6, "M10": 7, "N10": "8=(7/6)", "O10": 9,
                   "P10": "10=(5+7+9)", "Q10": "11=(10/4)"}.items():
        ws[ref] = v
    ws["B11"], ws["G11"] = 1, "Urusan wajib "
    ws["B12"], ws["C12"], ws["G12"] = 1, 20, "Bidang Otonomi Daerah"
    for r, kode, name, ind, figs in (
            (14, (1, 20, "03", 53, "04"), "Penyelenggaraan Administrasi Perkantoran", "Koordinasi kegiatan operasional",
             (4, 1, 2, 1.5, 1)),
            # rows 15-16 empty: the table goes on after them (it has figures)
            (17, (1, 20, "03", 59, "04"), "Perencanaan, Evaluasi dan Pelaporan", "Penyusunan dokumen pelaksanaan APBD",
             (10, 3, 2, 2, 3)),
            (21, (1, 20, "03", 50, 19), "Fasilitasi Ketahanan Pangan", "Kebijakan umum ketahanan pangan",
             (5, "1", "2", "2,5", 1))):
        for c, v in zip("BCDEF", kode):
            ws[f"{c}{r}"] = v
        ws[f"G{r}"], ws[f"H{r}"], ws[f"I{r}"] = name, "-", ind
        for c, v in zip("JKLMO", figs):
            ws[f"{c}{r}"] = v
        # the agency's own (inverted) formulas: replaced by what the labels say
        ws[f"N{r}"], ws[f"P{r}"], ws[f"Q{r}"] = f"=(L{r}/M{r})*100", f"=K{r}+M{r}+O{r}", f"=(P{r}/J{r})*100"
    ws["B20"], ws["C20"], ws["D20"], ws["E20"] = 1, 20, "03", 50   # a heading after two empty rows (18, 19)
    wb.save(path)
    return Path(path)


# -- 4. E.81 of 2018 (15 columns), quarter headers "I, Il, Ill, IV" --------------------------------------

E81_2018_HEADERS = [
    ("A12:A13", "No "), ("B12:B13", "Sasaran "), ("C12:C13", "Program/ Kegiatan"),
    ("D12:D13", "Indikator Kinerja Program (Outcome)/Kegiatan (Output)"),
    ("E12:F13", "Target Renstra Perangkat Daerah  pada Tahun ….. (Akhir Periode Renstra Perangkat Daerah) "),
    ("G12:H13", "Realisasi Capaian Kinerja Renstra Perangkat Daerah sampai dengan Renja Perangkat Daerah Tahun Lalu "
                "(n-1) "),
    ("I12:J13", "Target Kinerja dan Anggaran Renja Perangkat Daerah Tahun Berjalan (Tahun n) yang Dievaluasi"),
    ("K12:R12", "Realisasi Kinerja Pada Triwulan"),
    ("S12:T13", "Realisasi Capaian Kinerja dan Anggaran Renja Perangkat Daerah yang Dievaluasi"),
    ("U12:V13", "Realisasi Kinerja dan Anggaran Renstra Perangkat Daerah s/d Tahun ……. (Akhir Tahun Pelaksanaan "
                "Renja Perangkat Daerah tahun...)"),
    ("W12:X13", "Tingkat Capaian Kinerja dan Realisasi Anggaran Renstra Perangkat daerah s/d Tahun…                  "
                "   (%)"),
    ("Y12:Y13", "unit Perangkat Daerah Penanggu Jawab")]
E81_2018_QUARTER_CELLS = ("K13:L13", "M13:N13", "O13:P13", "Q13:R13")
E81_2018_LABELS = {"S": "12 = 8+9+10+11", "U": "13 = 6 + 12", "W": "14=13/5 x100%"}
# (5) target Renstra, (6) realisasi s/d tahun lalu, (7) target tahun n, (8)-(11) quarters: K, Rp
E81_2018_FIGURES = {
    17: ((100, 2000000000), (40, 700000000), (20, 450000000), (5, 100000000), (7, 120000000), (0, 0), (0, 0)),
    18: ((50, 1000000000), (20, 350000000), (10, 200000000), (3, 50000000), (2, 60000000), (0, 0), (0, 0)),
}
# 12 = 8+9+10+11 (S, T); 13 = 6 + 12 (U, V); 14 = 13/5 x 100 (W, X)
E81_2018_EXPECTED = {
    "S17": 12, "T17": 220000000, "U17": 52, "V17": 920000000, "W17": 52, "X17": 46,   # 52/100; 920/2000
    "S18": 5, "T18": 110000000, "U18": 25, "V18": 460000000, "W18": 50, "X18": 46,    # 25/50; 460/1000
}
# the average rests on column 14 (tingkat capaian Renstra): (52 + 50) / 2 = 51 -> Rendah; Rp 46 -> Sangat Rendah


def _e81_2018_sheet(ws, quarters=("I ", "Il ", "Ill ", "IV "), *, labels: bool = True, title=None,
                    numbers=None):
    for ref, v in {"U1": "Lampiran 1 :", "V1": "Surat Kepala Bappeda Kota Contoh", "V2": "Nomor", "W2": ":",
                   "V3": "Tanggal", "W3": ": April  2018", "A5": "Formulir E.81",
                   "A6": "Evaluasi Terhadap Hasil Renja Perangkat daerah Lingkup Kabupaten /Kota "}.items():
        ws[ref] = v
    for ref, v in (title or {"A7": "Renja Perangkat Daerah {skpd} Kabupaten/kota Contoh",
                             "A8": "Periode Pelaksanaan {tahun}"}).items():
        ws[ref] = v
    ws["A10"] = "Indikator dan Target Kinerja Perangkat daerah Kabupaten/Kota yang mengacu pada sasaran:"
    for rng in ("A5:Y5", "A6:Y6", "A7:Y7", "A8:Y8", "A10:Y10"):
        ws.merge_cells(rng)
    for rng, text in E81_2018_HEADERS:
        ws[rng.split(":")[0]] = text
        ws.merge_cells(rng)
    for rng, text in zip(E81_2018_QUARTER_CELLS, quarters):
        ws[rng.split(":")[0]] = text
        ws.merge_cells(rng)
    cols = "ABCDEGIKMOQSUWY"
    for i, c in enumerate(cols, 1):
        ws[f"{c}14"] = numbers[i - 1] if numbers else (E81_2018_LABELS.get(c, i) if labels else i)
    for c in range(5, 25):
        ws.cell(15, c, "K" if c % 2 else "Rp")


def build_e81_2018(path: Path, quarters=("I ", "Il ", "Ill ", "IV ")) -> Path:
    """The 2018 template filled by an agency (data rows 17-18 under a sasaran line), with its footer."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Formulir E.81"
    _e81_2018_sheet(ws, quarters, title={"A7": "Renja Perangkat Daerah Dinas Kesehatan Kota Contoh",
                                         "A8": "Periode Pelaksanaan Triwulan II Tahun 2024"})
    ws["B16"] = "Meningkatnya derajat kesehatan masyarakat"
    ws.merge_cells("B16:Y16")
    for r, figs in E81_2018_FIGURES.items():
        ws[f"A{r}"], ws[f"C{r}"], ws[f"D{r}"] = r - 16, f"Kegiatan {r - 16}", f"Jumlah layanan {r - 16}"
        c = 5
        for k, rp in figs:
            ws.cell(r, c, k)
            ws.cell(r, c + 1, rp)
            c += 2
        ws[f"Y{r}"] = "Dinas Kesehatan"
    ws["A19"], ws["A20"] = "Rata-rata capaian kinerja (%)", "Predikat kinerja"
    ws.merge_cells("A19:J19")
    ws.merge_cells("A20:J20")
    wb.save(path)
    return Path(path)


def build_e81_2018_blank(path: Path) -> Path:
    """The 2018 template as the app keeps it: {placeholders}, footer, a signature block; no data."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Formulir E.81"
    _e81_2018_sheet(ws)
    ws["B16"] = "{skpd}"
    ws.merge_cells("B16:Y16")
    for ref, v in {"A18": "Rata-rata capaian kinerja (%)", "A19": "Predikat kinerja",
                   "A20": "Faktor pendorong keberhasilan kinerja: \n{pendorong}",
                   "A21": "Faktor penghambat pencapain kinerja: \n{penghambat}",
                   "A22": "Tindak lanjut yang diperlukan dalam triwulan berikutnya:\n{triwulan}",
                   "A23": "Tindak lanjut yang diperlukan dalam Renja Perangkat Daerah Kabupaten/Kota beritkutnya:\n{renja}",
                   "Q26": "Disusun", "V26": "Disetujui", "Q27": "Kota Contoh", "S27": "Tanggal",
                   "T27": "{tanggalsusun}", "V27": "Kota Contoh", "X27": "Tanggal", "Y27": "{tanggalsetuju}",
                   "Q28": "{kepala}", "V28": "KEPALA BAPPEDA", "Q34": "{kepalaskpd}", "V34": "NAMA PEJABAT",
                   "Q35": "NIP. {nipkepala}", "V35": "NIP. 19700101 199803 1 007"}.items():
        ws[ref] = v
    for rng in ("A18:J18", "A19:J19", "A20:Y20", "A21:Y21", "A22:Y22", "A23:Y23", "Q26:T26", "V26:X26",
                "Q28:T28", "V28:X28", "Q34:T34", "V34:X34", "Q35:T35", "V35:X35"):
        ws.merge_cells(rng)
    wb.save(path)
    return Path(path)


# -- 5. A peer e-Monev app's ExcelJS export: "(1)".."(15)", no labels, zeros ---------------------------------

EMONEV_AGENCY = "Dinas Komunikasi dan Informatika Kabupaten Bengkulu Utara"
# the 2018 figures; 12, 13, 14 computed from the headers; III and IV exported as 0
EMONEV_EXPECTED = dict(E81_2018_EXPECTED)


def build_emonev_export(path: Path, quarters=("I", "II", "III", "IV"), *, unreadable: str | None = None) -> Path:
    """`unreadable`: a header text put over column (13) instead of its own, which nothing can read."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "E81"
    _e81_2018_sheet(ws, quarters, numbers=[f"({i})" for i in range(1, 16)],
                    title={"A7": f"Renja Perangkat Daerah {EMONEV_AGENCY}",
                           "A8": "Periode Pelaksanaan: 2021 - 2026"})
    if unreadable:
        ws["U12"] = unreadable
    for r, figs in E81_2018_FIGURES.items():
        ws[f"A{r}"], ws[f"C{r}"], ws[f"D{r}"] = r - 16, f"Kegiatan {r - 16}", f"Jumlah layanan {r - 16}"
        c = 5
        for k, rp in figs + ((0, 0),) * 3:   # the computed (12), (13), (14) exported as 0
            ws.cell(r, c, k)
            ws.cell(r, c + 1, rp)
            c += 2
        ws[f"Y{r}"] = "Diskominfo"
    wb.save(path)
    return Path(path)
