"""Workbooks for the LKjIP tables (`lkjip laporan`, issue 16), after the seeds' Bab III tables.

* Binjai 2022 (seed 000): the bundled PK sample (Tabel 3.1's indicators) and an E.81 Renja whose three program
  rows carry the pagu and realisasi of Tabel 3.10 (5.041.021.092 / 4.822.581.003 …, total 7.193.500.570 /
  6.689.036.989), with kegiatan rows under them whose Rp must not be added again.
* Binjai 2021: last year's PK (seed 000 Tabel 3.2's 2021 column: 47/10, 75/70,98), one indicator spelled with
  other case and punctuation (still the same indicator), one renamed (shown unmatched).
* Blitar 2021 (seed 001): a PK with Anggaran / Realisasi Anggaran per indicator and a "Target Akhir Renstra"
  column standing left of the annual target (Tabel 3.1.1, 3.1.3, 3.2.2, 3.13); Blitar 2020, last year's.
The quarterly splits are invented (they add up, or end at, the seeds' annual figures).
"""

from __future__ import annotations

from pathlib import Path

from tests.mini import e81_row, e81_workbook
from tests.pk_builders import BKPSDM_BINJAI, build_binjai_pk, build_pk

BLITAR = "Badan Kepegawaian Daerah Kota Blitar"

# Seed 000, Tabel 3.10: program -> (kode, pagu, realisasi Rp per TW I..IV (adding up to the year's))
BINJAI_PROGRAMS = [
    ("5.03.01", "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota", 5041021092,
     (1100000000, 1200000000, 1250000000, 1272581003)),
    ("5.03.02", "Program Kepegawaian Daerah", 707072493, (100000000, 120000000, 150000000, 150209500)),
    ("5.03.03", "Program Pengembangan Sumber Daya Aparatur Sipil Negara", 1445406985,
     (300000000, 340000000, 350000000, 356246486)),
]
BINJAI_RENJA = "Evaluasi Renja BKPSDM Binjai TW IV 2022.xlsx"


def binjai_renja(path: Path, *, triwulan: str = "IV", agency: str = BKPSDM_BINJAI) -> Path:
    rows = []
    for i, (kode, name, pagu, quarters) in enumerate(BINJAI_PROGRAMS, 1):
        rows.append(e81_row(i, kode, name, f"Persentase capaian {name.lower()}", t8=(100, pagu),
                            q=tuple((25, rp) for rp in quarters)))
        # a kegiatan under it: its Rp is part of the program's, never added to the table's total again
        rows.append(e81_row(None, f"{kode}.2.01", f"Kegiatan pendukung {i}", "Jumlah dokumen", t8=(4, pagu // 3),
                            q=tuple((1, rp // 3) for rp in quarters)))
    header = [["EVALUASI TERHADAP HASIL RENJA PERANGKAT DAERAH"], [f"Perangkat Daerah : {agency}"],
              [f"Periode Pelaksanaan : Triwulan {triwulan} Tahun 2022"], []]
    return e81_workbook(path, rows, header=header)


def binjai_2022(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    build_binjai_pk(folder / "PK BKPSDM Binjai 2022.xlsx")
    binjai_renja(folder / BINJAI_RENJA)
    return folder


_B_S1 = "Meningkatnya keikutsertaan ASN mengikuti Diklat Kompetensi, Diklat Teknis dan Diklat Fungsional"
_B_S2 = "Meningkatnya Pemahaman ASN dalam menyusun dan melaporkan Sasaran Kinerja Pegawai (SKP)"
_B_S3 = "Meningkatnya Minat ASN Dalam Meningkatkan Pendidikan Formal (S1 dan S2)"
BINJAI_2021_RENAMED = "Jumlah ASN yang mengikuti Bimbingan Teknis"   # renamed: only "mirip"
BINJAI_2021_RESPELLED = "JUMLAH ASN MENGIKUTI PENDIDIKAN FORMAL - TUGAS BELAJAR."


def binjai_2021(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    rows = [
        {"sasaran": _B_S1, "indikator": "Jumlah Pejabat yang mengikuti Diklat sesuai dengan jenjang kompetensi jabatan",
         "satuan": "orang", "polaritas": "Positif", "target": 47, "realisasi": [2, 3, 2, 3]},           # 21,28
        {"sasaran": _B_S1, "indikator": BINJAI_2021_RENAMED, "satuan": "orang", "polaritas": "Positif",
         "target": 232, "realisasi": [0, 0, 0, 0]},
        {"sasaran": _B_S2, "indikator": "Persentase ASN menyusun dan melaporkan SKP setiap tahun", "satuan": "%",
         "polaritas": "Positif", "target": 75, "realisasi": [60, 65, 68, "70,98"]},                      # 94,64
        {"sasaran": _B_S3, "indikator": BINJAI_2021_RESPELLED, "satuan": "orang", "polaritas": "Positif",
         "target": 1, "realisasi": [0, 1, 0, 1]},                                                      # 200,00
    ]
    build_pk(folder / "PK BKPSDM Binjai 2021.xlsx", rows, sheet="PK 2021",
             title_rows=("PERJANJIAN KINERJA DAN RENCANA AKSI TAHUN 2021", f"Perangkat Daerah : {BKPSDM_BINJAI}",
                         "Periode : Triwulan IV", None))
    return folder


_L_S1 = "Meningkatnya Professionalisme Aparatur Sipil Negara"
_L_S2 = "Meningkatnya Sistem Mutasi dan Promosi Berdasarkan Kompetensi"
_L_S3 = "Meningkatnya Kualitas Kinerja Aparatur Sipil Negara"
BLITAR_IP = "Indeks Profesionalitas Aparatur Sipil Negara"
BLITAR_MUTASI = "Persentase Aparatur Sipil Negara yang Ditempatkan dan Dipromosikan Berdasarkan Kompetensi"
BLITAR_SKP = "Persentase Aparatur Sipil Negara yang Menyusun Sasaran Kinerja Pegawai Sesuai Standart"
RENSTRA = "Target Akhir Renstra"


def _blitar(path: Path, year: int, figures, *, anggaran: bool, renstra: bool, triwulan: str = "IV") -> Path:
    """figures: per indicator (target, realisasi TW I..IV, pagu, realisasi anggaran)."""
    names = [(_L_S1, BLITAR_IP, "indeks"), (_L_S2, BLITAR_MUTASI, "%"), (_L_S3, BLITAR_SKP, "%")]
    rows = []
    for (sasaran, name, unit), (target, real, pagu, spent) in zip(names, figures):
        row = {"sasaran": sasaran, "indikator": name, "satuan": unit, "polaritas": "Positif", "target": target,
               "realisasi": real}
        if anggaran:
            row["pagu"], row["realisasi_anggaran"] = pagu, spent
        if renstra:
            row[RENSTRA] = target     # 2021 is the Renstra's last year: its target is the year's (seed 001)
        rows.append(row)
    build_pk(path, rows, sheet=f"PK {year}", anggaran=anggaran, extra_cols=(RENSTRA,) if renstra else (),
             # the Renstra column left of the annual target: the trap of issue 16
             order=["no", "sasaran", "indikator", "satuan", "polaritas", RENSTRA, "target"] if renstra else None,
             title_rows=(f"PERJANJIAN KINERJA DAN RENCANA AKSI TAHUN {year}", f"Perangkat Daerah : {BLITAR}",
                         f"Periode : Triwulan {triwulan}", None))
    return path


def blitar_2021(folder: Path, *, triwulan: str = "IV") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    _blitar(folder / "PK BKD Blitar 2021.xlsx", 2021, [
        (80, [None, None, None, "78,54"], None, None),                         # 98,18 (the seed prints 98,17)
        (95, [90.1, 92.4, 94, "95,80"], 4165853900, 2723990945),              # 100,84; serapan 65,39; 1,54
        (50, [40, 60, 80, "97,18"], 2462284500, 2204169390),                  # 194,36; serapan 89,52; 2,17
    ], anggaran=True, renstra=True, triwulan=triwulan)
    return folder


def blitar_2020(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    _blitar(folder / "PK BKD Blitar 2020.xlsx", 2020, [
        (78, [None, None, None, "78,54"], None, None),                         # 100,69
        (90, [None, None, None, "90,58"], None, None),                         # 100,64
        (30, [None, None, None, "35,87"], None, None),                         # 119,57
    ], anggaran=False, renstra=False)
    return folder
