"""The rekap's and the CSV tables' tables of LKPJ results (LkpjSheetResult.REKAP_TABLES), declared without
evaluate/lkpj.py: every rekap has their sheets, and a batch without an LKPJ sheet then writes them without
loading LKPJ's modules (evaluate/kinds.py rekap_tables).  Their rows come from lkpj.py, loaded by then: they are
asked only of an LKPJ sheet's result."""

from __future__ import annotations

import importlib

from .form_kind import ID, INT, NUM, PCT, PREDIKAT, Col, RekapTable


def _indicator_rows(r, s):
    return importlib.import_module(".lkpj", __package__).indicator_rows(r, s)


def _agency_rows(r, s):
    return importlib.import_module(".lkpj", __package__).agency_rows(r, s)


REKAP_TABLES = (
    RekapTable("Capaian Tahunan", "capaian_tahunan",
               (Col("Perangkat Daerah", 30), Col("Berkas", 30), Col("Sheet", 16), Col("Baris", 7, ID),
                Col("Kode", 18), Col("Program / Kegiatan", 45), Col("Indikator", 45), Col("Satuan", 10),
                Col("Target", 12, NUM), Col("Realisasi", 12, NUM), Col("Capaian fisik (%)", 12, PCT),
                Col("Predikat", 14, PREDIKAT), Col("Alokasi", 16, NUM), Col("Realisasi keuangan", 16, NUM),
                Col("Serapan keuangan (%)", 12, PCT)),
               _indicator_rows),
    RekapTable("Capaian Tahunan OPD", "capaian_tahunan_opd",
               (Col("Perangkat Daerah", 30), Col("Berkas", 30), Col("Sheet", 16), Col("Baris data", 10, INT),
                Col("Capaian fisik (%)", 12, PCT), Col("Predikat", 14, PREDIKAT),
                Col("Serapan keuangan (%)", 12, PCT)),
               _agency_rows),
)
