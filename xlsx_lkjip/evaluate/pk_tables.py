"""The rekap's and the CSV tables' table of PK results (PkSheetResult.REKAP_TABLES), declared without
evaluate/pk.py: every rekap has the sheet "Indikator PK", and a batch without a PK sheet then writes it without
loading PK's modules (~4 ms of every `lkjip run`, evaluate/kinds.py rekap_tables).  Its rows come from
pk.py, loaded by then: they are asked only of a PK sheet's result."""

from __future__ import annotations

import importlib

from .form_kind import ID, NUM, PCT, PREDIKAT, RATIO, Col, RekapTable

ROMAN = ("I", "II", "III", "IV")


def _indikator_rows(r, s):
    return importlib.import_module(".pk", __package__).indikator_rows(r, s)


PK_COLS = ((Col("Perangkat Daerah", 30), Col("Berkas", 30), Col("Sheet", 16), Col("Baris", 7, ID),
            Col("Sasaran", 35), Col("Indikator", 45), Col("Satuan", 10), Col("Polaritas", 10), Col("Akumulasi", 11),
            Col("Target", 12, NUM))
           + tuple(Col(f"Realisasi TW {q}", 12, NUM) for q in ROMAN)
           + tuple(Col(f"Capaian TW {q} (%)", 12, PCT) for q in ROMAN)
           + (Col("Realisasi Tahunan", 12, NUM), Col("Capaian Tahunan (%)", 12, PCT), Col("Predikat", 14, PREDIKAT),
              Col("Anggaran", 16, NUM),
              Col("Realisasi Anggaran", 16, NUM), Col("Serapan Anggaran (%)", 12, PCT), Col("Efisiensi", 10, RATIO),
              Col("Kategori Efisiensi", 16)))
REKAP_TABLES = (RekapTable("Indikator PK", "indikator_pk", PK_COLS, _indikator_rows),)
