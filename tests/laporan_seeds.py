"""Workbooks for the LKjIP tables of issue 23, filled with the seeds' own figures (beyond laporan_builders.py).

* Blitar 2021, IKU only (seed 001 §3.2.3): the PK's key indicator (Indeks Profesionalitas ASN, 80 -> 78,54) and a
  Renja whose programs add up to the agency's budget, 15.580.243.976, realised 13.352.689.779 (85,70 %): the
  agency's efficiency 98,18 ÷ 85,70 = 1,15 "Efisien" (the seed prints 1,14).
* Dumai 2023 (seed 002): the PK of Tabel 2.4 / Tabel 4 (four percentage indicators of one sasaran) and a Renja
  whose three programs carry the DPPA pagu of Tabel 2.6 (total 10.070.867.140) and whose sub-kegiatan rows are
  the three rows DOMAIN.md checks (108,26 % / 95,16 %, 100,00 % / 98,54 %, 178,00 %).
The quarterly splits and the program realisations are invented (they add up to the seeds' annual figures).
"""

from __future__ import annotations

from pathlib import Path

from tests.laporan_builders import BLITAR, BLITAR_IP, _L_S1
from tests.mini import e81_row, e81_workbook
from tests.pk_builders import build_pk

# Seed 001: three programs whose pagu and realisasi add up to the APBD figures of §3.2
BLITAR_PROGRAMS = [
    ("4.01.01", "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota", 8952105676, 7881320000),
    ("4.01.02", "Program Kepegawaian Daerah", 4165853900, 3267200389),
    ("4.01.03", "Program Pengembangan Sumber Daya Manusia", 2462284400, 2204169390),
]


def blitar_iku(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    build_pk(folder / "PK IKU BKD Blitar 2021.xlsx", [
        {"sasaran": _L_S1, "indikator": BLITAR_IP, "satuan": "indeks", "polaritas": "Positif", "target": 80,
         "realisasi": [None, None, None, "78,54"]}], sheet="PK 2021",
        title_rows=("PERJANJIAN KINERJA DAN RENCANA AKSI TAHUN 2021", f"Perangkat Daerah : {BLITAR}",
                    "Periode : Triwulan IV", None))
    rows = []
    for i, (kode, name, pagu, real) in enumerate(BLITAR_PROGRAMS, 1):
        part = real // 4
        rows.append(e81_row(i, kode, name, f"Persentase capaian {name.lower()}", t8=(100, pagu),
                            q=((25, part), (25, part), (25, part), (25, real - 3 * part))))
    e81_workbook(folder / "Evaluasi Renja BKD Blitar TW IV 2021.xlsx", rows, header=[
        ["EVALUASI TERHADAP HASIL RENJA PERANGKAT DAERAH"], [f"Perangkat Daerah : {BLITAR}"],
        ["Periode Pelaksanaan : Triwulan IV Tahun 2021"], []])
    return folder


DUMAI = "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia Kota Dumai"
DUMAI_SASARAN = ("Meningkatnya kualitas pelayanan administrasi kepegawaian dan profesionalisme sumber daya "
                 "aparatur")
DUMAI_TUJUAN = "Meningkatkan kualitas pelayanan administrasi kepegawaian dan profesionalisme sumber daya aparatur"
# the tujuan's indicator (seed 002 Tabel 4 and the Perubahan PK): 84 -> 92,29 is 109,87 %; the seed prints 118,2 %
DUMAI_KEPUASAN = "Indeks Kepuasan Aparatur"
# Seed 002 Tabel 4: indicator -> (target, realisasi): 85,80 %, 117,98 %, 106,95 %, 756,00 %
DUMAI_PK = [
    ("Persentase pelayanan kepegawaian yang diselesaikan tepat waktu", 100, "85,8"),
    ("Persentase Pejabat Pimpinan Tinggi, Administrator, dan Fungsional sesuai dengan Peta Jabatan", 84, "99,1"),
    ("Persentase Penyelesaian Kasus Pelanggaran Disiplin", "93,5", 100),
    ("Persentase Pengembangan Kompetensi ASN melalui Pendidikan dan Pelatihan", 5, "37,8"),
]
# Seed 002 Tabel 2.6 (DPPA): program -> (kode, pagu); realisasi invented
DUMAI_PROGRAMS = [
    ("5.03.01", "Program Penunjang Urusan Pemerintahan Daerah Kab/Kota", 6427109297, 6100000000),
    ("5.03.02", "Program Kepegawaian Daerah", 2006492743, 1900000000),
    ("5.03.03", "Program Pengembangan Sumber Daya Manusia", 1637265100, 1500000000),
]
# DOMAIN.md's checked rows of seed 002: name -> (target K, TW K, pagu, TW Rp)
DUMAI_SUB = [
    ("5.03.02.2.01.03", "Koordinasi Pelaksanaan Administrasi Pemberhentian", "dokumen", 121, (26, 30, 32, 43),
     79747000, (20000000, 20000000, 20000000, 15884000)),
    ("5.03.02.2.01.02", "Koordinasi dan Fasilitasi Pengadaan PNS dan PPPK", "dokumen", 2, ("0,25", "0,25", "0,5", 1),
     409979243, (100000000, 100000000, 100000000, 103988150)),
    ("5.03.02.2.02.01", "Pengelolaan Mutasi ASN", "dokumen", 150, (29, 36, 75, 127), None, (None,) * 4),
]


def dumai_2023(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    build_pk(folder / "PK BKPSDM Dumai 2023.xlsx", [
        {"sasaran": DUMAI_TUJUAN, "indikator": DUMAI_KEPUASAN, "satuan": "indeks", "polaritas": "Positif",
         "target": 84, "realisasi": [None, None, None, "92,29"]}] + [
        {"sasaran": DUMAI_SASARAN, "indikator": name, "satuan": "%", "polaritas": "Positif", "target": target,
         "realisasi": [None, None, None, real]} for name, target, real in DUMAI_PK], sheet="PK 2023",
        title_rows=("PERJANJIAN KINERJA TAHUN 2023", f"Perangkat Daerah : {DUMAI}", "Periode : Triwulan IV", None))
    rows = []
    for i, (kode, name, pagu, real) in enumerate(DUMAI_PROGRAMS, 1):
        part = real // 4
        rows.append(e81_row(i, kode, name, f"Persentase capaian {name.lower()}", t8=(100, pagu),
                            q=((25, part), (25, part), (25, part), (25, real - 3 * part))))
        if kode == "5.03.02":
            for sub, sname, unit, target, tw, spagu, trp in DUMAI_SUB:
                rows.append(e81_row(None, sub, sname, f"Jumlah {unit} {sname.lower()}", t8=(target, spagu),
                                    q=tuple(zip(tw, trp))))
    e81_workbook(folder / "Evaluasi Renja BKPSDM Dumai TW IV 2023.xlsx", rows, header=[
        ["EVALUASI TERHADAP HASIL RENJA PERANGKAT DAERAH"], [f"Perangkat Daerah : {DUMAI}"],
        ["Periode Pelaksanaan : Triwulan IV Tahun 2023"], []])
    return folder
