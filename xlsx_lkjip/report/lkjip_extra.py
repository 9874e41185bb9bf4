"""The LKjIP tables beyond the five of issue 16 (issue 23), each from figures the round recorded; pure.

Bab II: the Perjanjian Kinerja (seed 000 Tabel 2.2, 001 2.2.1, 002 2.4) and the programs with their pagu
(000 2.3, 001 2.2.2, 002 2.6-2.7).  Bab III: the capaian per sasaran with the agency's average and predikat and
the scale printed (002 3.1-3.2, 003 3.1), one sub-table per sasaran (000 3.3-3.9), the budget hierarchy with
kode and sisa (000 3.12), the budget share per sasaran (001 3.2.1), the agency's efficiency (001 3.2.3), the
comparison with national targets (001 3.1.4, 002 3.6-3.8) and the faktor table (003 3.3-3.4), the last two with
cells marked FILL for what no round holds.

Where the seeds differ the tables follow one and say so:
- a sasaran's capaian is the mean of its indicators' capaian (seed 003);
- the agency's capaian is the mean over all its applicable indicators, the figure the PK footer ("Rata-rata
  capaian kinerja") and the rekap show, never a mean of sasaran means (one figure everywhere);
- a sasaran's budget share is its budget over the sum of the sasaran budgets (seed 001 3.2.1: 62,85 / 37,15);
- the agency's efficiency is its capaian over its budget absorption (seed 001: 98,18 ÷ 85,70 = 1,15).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from ..config import Config, Scale
from ..evaluate import compute
from ..evaluate.pk import counts_for_average as pk_counts_for_average
from ..evaluate.renja import TOTALS
from .lkjip_tables import (DATA, FIGURE, FILL, GROUP, PERCENT, RATIO, RUPIAH, TEXT, TOTAL, Chart, Column, Row, Table,
                           _Agency, _grouped, _Indicator, _plain, _target_cell, budget_rows, match_years)

NAMES = {
    "pk": "Perjanjian Kinerja",
    "program": "Program dan Pagu Anggaran",
    "pendukung": "Program, Kegiatan dan Sub Kegiatan Pendukung Sasaran",
    "sasaran": "Capaian Kinerja per Sasaran Strategis",
    "persasaran": "Capaian Sasaran",
    "hierarki": "Realisasi Anggaran per Program, Kegiatan dan Sub Kegiatan",
    "alokasi": "Alokasi Anggaran per Sasaran",
    "efisiensi_opd": "Efisiensi Penggunaan Sumber Daya Perangkat Daerah",
    "nasional": "Perbandingan Realisasi Kinerja dengan Target Nasional",
    "faktor": "Faktor Pendorong dan Penghambat Pencapaian Kinerja",
    "faktor_program": "Faktor Pendorong, Penghambat dan Tindak Lanjut per Program",
    "tren": "Perkembangan Realisasi dan Capaian Kinerja",
}


def scale_from_text(text: str) -> Scale | None:
    """The predikat scale a round's settings describe ("Sangat Tinggi ≥ 91; …; Sangat Rendah di bawahnya")."""
    steps, below = [], ""
    for part in (p.strip() for p in (text or "").split(";")):
        m = re.fullmatch(r"(.+?)\s*≥\s*([\d.,]+)", part)
        if m:
            try:
                steps.append((Decimal(m.group(2).replace(",", ".")), m.group(1).strip()))
            except InvalidOperation:
                return None
        elif part.endswith("di bawahnya"):
            below = part[: -len("di bawahnya")].strip()
    return Scale(tuple(steps), below) if steps and below else None


def scale_note(scale: Scale) -> str:
    parts = []
    upper = None
    for threshold, name in scale.steps:
        parts.append(f"{name}: {_plain(threshold)} ≤ capaian" + (f" < {_plain(upper)}" if upper is not None else ""))
        upper = threshold
    parts.append(f"{scale.below}: capaian < {_plain(upper)}")
    return "Skala predikat yang dipakai putaran ini: " + "; ".join(parts) + " (nilai dibulatkan dua desimal)."


def _capaian(items: list[_Indicator], config: Config) -> list:
    """The capaian an average takes, as the PK sheet's own average takes them."""
    return [it.row.tahunan for it in items if pk_counts_for_average(it.row, config)]


_DEPTH = {"program": 0, "kegiatan": 1, "sub kegiatan": 2}     # indentation of a budget row's name


# -- Bab II --------------------------------------------------------------------------------------------------
def table_pk(a: _Agency, items: list[_Indicator]) -> Table:
    renstra = any(it.row.target_renstra is not None for it in items)
    tujuan = any(getattr(it.row, "tujuan", "") for it in items)
    cols = [Column("No", TEXT, 0.9)] + ([Column("Tujuan", TEXT, 3.5)] if tujuan else []) + [
        Column("Indikator Kinerja", TEXT, 7.0), Column("Target", FIGURE, 1.8),
        Column("Satuan", TEXT, 1.8)] + ([Column("Target Akhir Renstra", FIGURE, 2.0)] if renstra else [])

    def make(it):
        row = it.row
        return ([row.tujuan] if tujuan else []) + [
            row.indicator, row.target if row.target is not None else _target_cell(row), row.unit] + (
            [row.target_renstra] if renstra else [])

    rows = _grouped(items, lambda it: it.row.sasaran, make)
    t = Table("pk", "", f"{NAMES['pk']} {a.name} Tahun {a.tahun}".strip(), cols, rows)
    t.notes.append("Sumber: Perjanjian Kinerja (" + ("tujuan, " if tujuan else "") + "sasaran strategis, indikator "
                   "kinerja, target tahunan dan satuan" + (", target akhir Renstra" if renstra else "") + ")."
                   + ("" if tujuan else " Kolom Tujuan tidak ada di PK (templat `lkjip template pk` memuatnya)."))
    return t


def table_program(a: _Agency) -> Table | None:
    programs, _ = budget_rows(a)
    if not programs:
        return None
    cols = [Column("No", TEXT, 0.8), Column("Kode", TEXT, 1.7), Column("Program", TEXT, 6.0),
            Column("Pagu Murni / DPA (Rp)", RUPIAH, 2.8), Column("Pagu Renja (Rp)", RUPIAH, 2.8)]
    rows = [Row([i, row.kode, row.program, FILL, row.target.get("Rp")]) for i, row in enumerate(programs, 1)]
    total = sum((row.target.get("Rp") or Decimal(0) for row in programs), Decimal(0))
    rows.append(Row(["", "", "Jumlah", None, total], TOTAL))
    t = Table("program", "", f"{NAMES['program']} {a.name} Tahun {a.tahun}".strip(), cols, rows)
    t.notes.append("Sumber: Evaluasi Renja, baris program, kolom 8 (Rp): pagu yang berlaku pada putaran ini (pagu "
                   "perubahan/DPPA bila anggaran sudah diubah, seed 002 Tabel 2.6). Formulir memuat satu pagu per "
                   f"program: isi pagu murni (DPA, seed 002 Tabel 2.5) pada sel bertanda {FILL}.")
    return t


def table_pendukung(a: _Agency) -> Table | None:
    """Programs, kegiatan and sub-kegiatan under the sasaran they support, with indicator, target and pagu
    (seed 003 Tabel 2.4), from every Renja row of those levels."""
    rows_in = [r for _, s in a.renja if not s.capaian_renstra for r in s.rows
               if r.level in _DEPTH and (r.indicator or r.target.get("K") is not None or r.target.get("Rp") is not None)]
    if not rows_in:
        return None
    cols = [Column("Kode", TEXT, 2.2), Column("Program / Kegiatan / Sub Kegiatan", TEXT, 5.0),
            Column("Indikator", TEXT, 4.5), Column("Target", FIGURE, 1.5), Column("Satuan", TEXT, 1.5),
            Column("Pagu (Rp)", RUPIAH, 2.7)]
    rows: list[Row] = []
    current = None
    for r in rows_in:
        if (r.sasaran or "") != current:
            current = r.sasaran or ""
            if current:
                rows.append(Row([current], GROUP, current))
        rows.append(Row([r.kode, "\u00a0\u00a0\u00a0" * _DEPTH[r.level] + r.program, r.indicator, r.target.get("K"),
                         r.unit, r.target.get("Rp")], DATA, current))
    t = Table("pendukung", "", f"{NAMES['pendukung']} {a.name} Tahun {a.tahun}".strip(), cols, rows)
    t.notes.append("Sumber: Evaluasi Renja (kolom 2 sasaran, 3-5 kode, program/kegiatan dan indikator, kolom 8 "
                   "target K dan pagu Rp).")
    return t


# -- Bab III: sasaran ----------------------------------------------------------------------------------------
def agency_capaian(items: list[_Indicator], config: Config) -> Decimal | None:
    """The agency's capaian: the mean over its applicable indicators, as the PK footer and the rekap."""
    return compute.average(_capaian(items, config), config.decimals)


def _sasaran_order(items: list[_Indicator]) -> list[tuple[str, list[_Indicator]]]:
    out: dict[str, list[_Indicator]] = {}
    for it in items:
        out.setdefault(it.row.sasaran or "", []).append(it)
    return list(out.items())


def table_sasaran(a: _Agency, items: list[_Indicator], config: Config, scale: Scale, period: str) -> Table:
    d = config.decimals
    cols = [Column("No", TEXT, 0.9), Column("Sasaran Strategis", TEXT, 8.0), Column("Jumlah Indikator", FIGURE, 1.6),
            Column("Capaian (%)", PERCENT, 1.9), Column("Predikat", TEXT, 2.2, nowrap=True)]
    rows = []
    for i, (sasaran, its) in enumerate(_sasaran_order(items), 1):
        value = compute.average(_capaian(its, config), d)
        rows.append(Row([i, sasaran or "(tanpa sasaran)", Decimal(len(its)), value,
                         compute.predikat(value, scale, d)], DATA, sasaran))
    total = agency_capaian(items, config)
    rows.append(Row(["", "Rata-rata capaian kinerja Perangkat Daerah", Decimal(len(items)), total,
                     compute.predikat(total, scale, d)], TOTAL))
    t = Table("sasaran", "", f"{NAMES['sasaran']} {a.name} {period}".strip(), cols, rows,
              chart=Chart(f"Capaian per Sasaran Strategis {period}".strip(), 1, (3,), reference=100.0,
                          axis="Capaian (%)"))
    t.notes.append("Capaian sasaran = rata-rata capaian indikatornya (seed 003). Rata-rata Perangkat Daerah = "
                   "rata-rata capaian semua indikator, angka yang sama dengan baris Rata-rata capaian kinerja di "
                   "workbook dan di rekap (bukan rata-rata capaian sasaran).")
    t.notes.append(scale_note(scale))
    return t


def tables_per_sasaran(a: _Agency, items: list[_Indicator], config: Config, scale: Scale,
                       period: str) -> list[Table]:
    d = config.decimals
    out = []
    groups = [(s, its) for s, its in _sasaran_order(items) if s]
    for k, (sasaran, its) in enumerate(groups, 1):
        cols = [Column("No", TEXT, 0.9), Column("Indikator Kinerja", TEXT, 6.5), Column("Satuan", TEXT, 1.6),
                Column("Target", FIGURE, 1.7), Column("Realisasi", FIGURE, 1.7), Column("Capaian (%)", PERCENT, 1.8),
                Column("Predikat", TEXT, 1.9, nowrap=True)]
        rows = [Row([i, it.row.indicator, it.row.unit, _target_cell(it.row), it.row.realisasi_tahunan,
                     it.row.tahunan, it.row.predikat], DATA, sasaran) for i, it in enumerate(its, 1)]
        value = compute.average(_capaian(its, config), d)
        rows.append(Row(["", "Capaian sasaran (rata-rata indikator)", "", None, None, value,
                         compute.predikat(value, scale, d)], TOTAL, sasaran))
        out.append(Table("persasaran", "", f"{NAMES['persasaran']} {k}: {sasaran} {period}".strip(), cols, rows))
    return out


# -- Bab III: budget ------------------------------------------------------------------------------------------


def table_hierarki(a: _Agency, config: Config, period: str) -> Table | None:
    rows_in, _ = budget_rows(a, ("program", "kegiatan", "sub kegiatan"))
    rows_in = [r for r in rows_in if r.level != TOTALS]
    if not rows_in or not any(r.level == "program" for r in rows_in):
        return None
    d = config.decimals
    cols = [Column("Kode", TEXT, 2.2), Column("Program / Kegiatan / Sub Kegiatan", TEXT, 6.5),
            Column("Pagu (Rp)", RUPIAH, 2.6), Column("Realisasi (Rp)", RUPIAH, 2.6), Column("Persentase (%)", PERCENT, 1.6),
            Column("Sisa Anggaran (Rp)", RUPIAH, 2.6)]
    rows = []
    for r in rows_in:
        pagu, real = r.target.get("Rp"), r.realisasi.get("Rp")
        pct = r.capaian.get("Rp")
        if pct is None:
            pct = compute.ratio(real, pagu, decimals=d).value
        sisa = pagu - (real or 0) if pagu is not None else None
        indent = "\u00a0\u00a0\u00a0" * _DEPTH.get(r.level, 0)
        rows.append(Row([r.kode, indent + r.program, pagu, real, pct, sisa]))
    programs = [r for r in rows_in if r.level == "program"]
    pagu = sum((r.target.get("Rp") or Decimal(0) for r in programs), Decimal(0))
    real = sum((r.realisasi.get("Rp") or Decimal(0) for r in programs), Decimal(0))
    rows.append(Row(["", "JUMLAH", pagu, real, compute.ratio(real, pagu, decimals=d).value, pagu - real], TOTAL))
    t = Table("hierarki", "", f"{NAMES['hierarki']} {a.name} {period}".strip(), cols, rows)
    t.notes.append("Sumber: Evaluasi Renja, kolom 8 (pagu) dan 13 (realisasi) sisi Rp; persentase = realisasi ÷ pagu "
                   "× 100; sisa = pagu − realisasi. JUMLAH menjumlahkan baris program saja (kegiatan dan sub "
                   "kegiatan sudah termasuk di programnya).")
    return t


def table_alokasi(a: _Agency, items: list[_Indicator], config: Config, period: str) -> Table | None:
    groups = _sasaran_order(items)
    budgets = []
    for sasaran, its in groups:
        values = [it.row.pagu for it in its if it.row.pagu is not None]
        budgets.append(sum(values, Decimal(0)) if values else None)
    total = sum((b for b in budgets if b is not None), Decimal(0))
    if not total:
        return None
    d = config.decimals
    cols = [Column("No", TEXT, 0.9), Column("Sasaran Strategis", TEXT, 5.0), Column("Indikator Kinerja", TEXT, 5.5),
            Column("Anggaran (Rp)", RUPIAH, 2.8), Column("% Anggaran", PERCENT, 1.8)]
    rows = []
    for i, ((sasaran, its), budget) in enumerate(zip(groups, budgets), 1):
        rows.append(Row([i, sasaran or "(tanpa sasaran)", "; ".join(it.row.indicator for it in its), budget,
                         compute.ratio(budget, total, decimals=d).value], DATA, sasaran))
    rows.append(Row(["", "Jumlah", "", total, compute.ratio(total, total, decimals=d).value], TOTAL))
    t = Table("alokasi", "", f"{NAMES['alokasi']} {a.name} {period}".strip(), cols, rows)
    t.notes.append("Anggaran sasaran = jumlah anggaran indikatornya di PK; % anggaran = anggaran sasaran ÷ jumlah "
                   "anggaran semua sasaran × 100 (seed 001 Tabel 3.2.1).")
    return t


def agency_budget(a: _Agency, items: list[_Indicator]) -> tuple[Decimal | None, Decimal | None, str]:
    """(pagu, realisasi, source) of the agency: its Renja programs, else its PK indicators' budgets."""
    programs, _ = budget_rows(a)
    if programs:
        pagu = sum((r.target.get("Rp") or Decimal(0) for r in programs), Decimal(0))
        real = sum((r.realisasi.get("Rp") or Decimal(0) for r in programs), Decimal(0))
        return pagu, real, "jumlah program Evaluasi Renja"
    budgeted = [it.row for it in items if it.row.pagu is not None]
    if budgeted:
        pagu = sum((r.pagu for r in budgeted), Decimal(0))
        real = sum((r.realisasi_anggaran or Decimal(0) for r in budgeted), Decimal(0))
        return pagu, real, "jumlah anggaran indikator PK"
    return None, None, ""


def table_efisiensi_opd(a: _Agency, items: list[_Indicator], config: Config, period: str) -> Table | None:
    d = config.decimals
    capaian = agency_capaian(items, config)
    pagu, real, source = agency_budget(a, items)
    if capaian is None or not pagu:
        return None
    serapan = compute.ratio(real, pagu, decimals=d).value
    eff = compute.efisiensi(capaian, serapan, d)
    cols = [Column("Perangkat Daerah", TEXT, 4.5), Column("Capaian Kinerja (%)", PERCENT, 2.0),
            Column("Pagu (Rp)", RUPIAH, 2.8), Column("Realisasi (Rp)", RUPIAH, 2.8),
            Column("Serapan Anggaran (%)", PERCENT, 2.0), Column("Tingkat Efisiensi", RATIO, 1.8),
            Column("Kategori", TEXT, 2.2, nowrap=True)]
    rows = [Row([a.name, capaian, pagu, real, serapan, eff, config.efisiensi.label(eff) if eff is not None else ""])]
    t = Table("efisiensi_opd", "", f"{NAMES['efisiensi_opd']} {a.name} {period}".strip(), cols, rows)
    t.notes.append(f"Capaian kinerja = rata-rata capaian semua indikator PK; serapan = realisasi ÷ pagu × 100 "
                   f"({source}); tingkat efisiensi = capaian ÷ serapan (seed 001: 98,18 ÷ 85,70 = 1,15).")
    return t


# -- Bab III: to be filled ---------------------------------------------------------------------------------------
def table_nasional(a: _Agency, items: list[_Indicator], period: str) -> Table:
    cols = [Column("No", TEXT, 0.9), Column("Indikator Kinerja", TEXT, 6.0), Column("Target Nasional", FIGURE, 1.8),
            Column("Realisasi Nasional", FIGURE, 1.8), Column("Target OPD", FIGURE, 1.6),
            Column("Realisasi OPD", FIGURE, 1.6), Column("Capaian OPD (%)", PERCENT, 1.8)]
    rows = _grouped(items, lambda it: it.row.sasaran, lambda it: [
        it.row.indicator, FILL, FILL, _target_cell(it.row), it.row.realisasi_tahunan, it.row.tahunan])
    t = Table("nasional", "", f"{NAMES['nasional']} {a.name} {period}".strip(), cols, rows)
    t.notes.append(f"Putaran monitoring tidak memuat target nasional (SPM, kementerian/lembaga): isi sel bertanda "
                   f"{FILL}; hapus baris indikator yang tidak memiliki target nasional.")
    return t


def table_faktor(a: _Agency, items: list[_Indicator], period: str) -> Table:
    cols = [Column("No", TEXT, 0.9), Column("Indikator Kinerja", TEXT, 5.0), Column("Capaian (%)", PERCENT, 1.8),
            Column("Faktor Pendorong", TEXT, 2.6), Column("Faktor Penghambat", TEXT, 2.6),
            Column("Tindak Lanjut", TEXT, 2.6)]     # room to write in, the indicator's name first
    rows = _grouped(items, lambda it: it.row.sasaran, lambda it: [it.row.indicator, it.row.tahunan, FILL, FILL, FILL])
    t = Table("faktor", "", f"{NAMES['faktor']} {a.name} {period}".strip(), cols, rows)
    t.notes.append(f"Isi sel bertanda {FILL} (seed 003 Tabel 3.3): PK tidak memuat faktor per indikator"
                   + ("; teks baris kaki formulir Evaluasi Renja ada pada tabel "
                      f"{NAMES['faktor_program']}." if a.renja else "."))
    return t


# The footer lines of the E.81 (forms/renja_footer.KINDS), as the table's columns name them
_FOOTER_COLUMNS = (("pendorong", "Faktor Pendorong"), ("penghambat", "Faktor Penghambat"),
                   ("tindak_lanjut_triwulan", "Tindak Lanjut Triwulan Berikutnya"),
                   ("tindak_lanjut_renja", "Tindak Lanjut Renja Berikutnya"))


def _programs_named(names: list[str]) -> str:
    """A block's programs as one cell: every name up to four, then how many more."""
    if len(names) <= 4:
        return "; ".join(names)
    return "; ".join(names[:4]) + f"; dan {len(names) - 4} program lain"


def table_faktor_program(a: _Agency, period: str) -> Table | None:
    """Seed 003 Tabel 3.4 from the E.81 footer lines: one row per footer that holds text (the programs of its
    block) or per data row with text in a faktor column, one row for the programs without any; a line without
    text is FILL.  The text is the
    agency's own, read beside its label (forms/renja_footer.py), never written by lkjip."""
    rows: list[Row] = []
    sources: list[str] = []
    for wb, s in a.renja:
        programs = [(r.row, r.program) for r in s.rows if r.level == "program" and r.program]
        by_row = {r.row: r for r in s.rows}
        covered: set[int] = set()
        for f in sorted(getattr(s, "footer_texts", ()) or (), key=lambda f: f.first_row):
            names = [name for row, name in programs if f.first_row <= row <= f.last_row]
            covered |= {row for row, _ in programs if f.first_row <= row <= f.last_row}
            own = by_row.get(f.first_row) if f.first_row == f.last_row else None
            if own is not None and own.level != "program" and own.program:
                # a row's own text (a faktor column of the table): the kegiatan it belongs to, named as such
                names = [own.program if own.program.lower().startswith(own.level) else
                         f"{own.level.capitalize()} {own.program}"]
            label = _programs_named(names) or f"Baris {f.first_row}–{f.last_row} (sheet {s.sheet})"
            rows.append(Row([len(rows) + 1, label] + [f.texts.get(k) or FILL for k, _ in _FOOTER_COLUMNS]))
            sources.append(f"{wb}, sheet {s.sheet}: " + ", ".join(
                f"{head.lower()} {f.cells[k]}" for k, head in _FOOTER_COLUMNS if k in f.cells))
        rest = [name for row, name in programs if row not in covered]
        if rest:
            rows.append(Row([len(rows) + 1, _programs_named(rest)] + [FILL] * len(_FOOTER_COLUMNS)))
    if not rows:
        return None
    cols = [Column("No", TEXT, 0.8), Column("Program", TEXT, 3.6)] + [Column(head, TEXT, 2.9)
                                                                     for _, head in _FOOTER_COLUMNS]
    t = Table("faktor_program", "", f"{NAMES['faktor_program']} {a.name} {period}".strip(), cols, rows)
    t.notes.append("Sumber: baris kaki formulir Evaluasi Renja (E.81) di bawah tabel setiap blok program: "
                   "\"Faktor pendorong keberhasilan kinerja\", \"Faktor penghambat pencapaian kinerja\", "
                   "\"Tindak lanjut yang diperlukan dalam triwulan berikutnya\" dan \"… dalam Renja Perangkat "
                   "Daerah berikutnya\"; teksnya seperti ditulis OPD (seed 003 Tabel 3.4)."
                   + (" Dibaca dari " + "; ".join(sources[:6]) + ("; …" if len(sources) > 6 else "") + "."
                      if sources else ""))
    if any(c == FILL for r in rows for c in r.cells):
        t.notes.append(f"Sel bertanda {FILL}: baris kaki formulir itu kosong; isi di sini atau di formulir Renja "
                       "lalu jalankan ulang.")
    return t


# -- Bab III: several years -------------------------------------------------------------------------------------
def table_tren(a: _Agency, items: list[_Indicator], earlier: list[tuple[str, list[_Indicator]]], period: str,
               mapping: dict[str, str] | None = None) -> Table:
    """This year's indicators beside their realisasi and capaian in each earlier year (oldest first), paired as
    the two-year table pairs them; a year without a partner is left empty and said in the Keterangan."""
    years = sorted(earlier, key=lambda e: e[0])
    matches = [(y, its, match_years(items, its, mapping)) for y, its in years]
    cols = [Column("No", TEXT, 0.8), Column("Indikator Kinerja", TEXT, 4.5), Column("Satuan", TEXT, 1.3)]
    for y, _, _ in matches:
        cols += [Column(f"Realisasi {y}", FIGURE, 1.3), Column(f"Capaian {y} (%)", PERCENT, 1.4)]
    cols += [Column(f"Realisasi {a.tahun}", FIGURE, 1.3), Column(f"Capaian {a.tahun} (%)", PERCENT, 1.4),
             Column("Keterangan", TEXT, 2.5, fold=True)]

    def make(entry):
        i, it = entry
        cells, missing = [it.row.indicator, it.row.unit], []
        for y, its, p in matches:
            if i in p.matched:
                old = its[p.matched[i][0]].row
                cells += [old.realisasi_tahunan, old.tahunan]
            else:
                cells += [None, None]
                missing.append(y)
        note = f"tidak ditemukan pada tahun {', '.join(missing)}" if missing else ""
        return cells + [it.row.realisasi_tahunan, it.row.tahunan, note]

    rows = _grouped(list(enumerate(items)), lambda e: e[1].row.sasaran, make)
    first = [y for y, _, _ in matches][0]
    capaian = tuple(range(4, 3 + 2 * (len(matches) + 1), 2))
    t = Table("tren", "", f"{NAMES['tren']} {a.name} Tahun {first}–{a.tahun}", cols, rows,
              chart=Chart(f"Capaian Kinerja Tahun {first}–{a.tahun} (%)", 1, capaian, reference=100.0,
                          axis="Capaian (%)"))
    t.notes.append("Setiap tahun dari putaran akhir tahunnya (--tahun-lalu), capaian seperti dihitung pada "
                   "putarannya; indikator dipasangkan seperti pada tabel perbandingan dua tahun."
                   + (f" Tahun {a.tahun}: {period}." if not period.startswith("Tahun ") else ""))
    return t
