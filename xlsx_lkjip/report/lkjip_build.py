"""Every agency's LKjIP tables, in the order and with the numbers the seeds use: Bab II (2.1, 2.2, …) then
Bab III (3.1, 3.2, …), each table only where the round holds what it needs, and a note naming every table not
built with its reason.  Pure: the table builders are lkjip_tables.py (issue 16's five) and lkjip_extra.py
(issue 23's); this module orders them for one agency and for the round."""

from __future__ import annotations

from ..config import QUARTERS
from . import lkjip_extra as extra
from .pairing import MAPPED, mapping_for, pair_key
from .lkjip_tables import (TABLE_NAMES, AgencyLaporan, RoundFigures, Table, _Agency, _agencies, _budgeted, _period,
                           _period_round, _pk_indicators, _renstra_target, _table_anggaran, _table_efisiensi,
                           _table_kinerja, _table_pencapaian, _table_perbandingan, _table_renstra, match_years,
                           paired, round_year, unpaired_note)


# -- one agency, every agency ------------------------------------------------------------------------------
def _agency_laporan(a: _Agency, rnd: RoundFigures, prev: RoundFigures | None,
                    prev_agencies: dict[str, _Agency] | None, fallback_year: str,
                    older: list[tuple[RoundFigures, dict[str, _Agency]]] = (),
                    mappings: dict[str, dict[str, str]] | None = None) -> AgencyLaporan:
    config = rnd.config
    mapping = mapping_for(mappings or {}, a.key)
    a.tahun = a.tahun or fallback_year
    warnings: list[str] = []
    pk_round = _period_round(a.pk, rnd, warnings, "Perjanjian Kinerja OPD ini")
    renja_round = _period_round(a.renja, rnd, warnings, "Evaluasi Renja OPD ini")
    pk_period, renja_period = _period(a.tahun, pk_round), _period(a.tahun, renja_round)
    lap = AgencyLaporan(a.name, a.tahun, pk_period if a.pk else renja_period, sources=list(a.sources),
                        warnings=warnings)
    if len(a.years) > 1:
        lap.notes.append(f"Workbook OPD ini menyebut tahun yang berbeda ({', '.join(sorted(a.years))}); tabel memakai "
                         f"tahun {a.tahun}. Periksa judul workbook.")
    items = _pk_indicators(a)
    scale = extra.scale_from_text(rnd.scale_text) or config.predikat
    bab2: list[Table] = []
    tables: list[Table] = []
    if a.pk:
        bab2.append(extra.table_pk(a, items))
    for table in (extra.table_program(a), extra.table_pendukung(a)):
        if table is not None:
            bab2.append(table)
    if a.pk:
        tables.append(_table_kinerja(a, items, config, pk_period, pk_round))
        lagging = sorted({s.round for _, s in a.pk if s.round} | {s.round for _, s in a.renja if s.round})
        if len(lagging) > 1:
            lap.notes.append("Workbook OPD ini melaporkan sampai triwulan yang berbeda ("
                             + ", ".join(QUARTERS[q - 1] for q in lagging) + "); setiap tabel menyebut triwulannya.")
    if prev is not None:
        if not a.pk:
            pass
        elif prev_agencies is None or a.key not in prev_agencies or not prev_agencies[a.key].pk:
            lap.notes.append(f"{TABLE_NAMES['perbandingan']} tidak disusun: OPD ini tidak memiliki PK di putaran "
                             f"tahun lalu ({prev.label}). Periksa penulisan nama OPD di kedua tahun.")
        else:
            p = prev_agencies[a.key]
            p.tahun = p.tahun or round_year(prev)
            prev_period = _period(p.tahun, _period_round(p.pk, prev, [], ""))
            prev_items = _pk_indicators(p)
            tables.append(_table_perbandingan(a, items, p, prev_items, config, prev.config, pk_period,
                                              prev_period, mapping))
            pairing = match_years(items, prev_items, mapping)
            unpaired = unpaired_note(items, prev_items, pairing, p.tahun, a.tahun)
            if unpaired:
                lap.notes.append(unpaired)
            lap.mapping_used |= {(pair_key(prev_items[j].row.indicator), pair_key(items[i].row.indicator))
                                 for i, (j, how) in pairing.matched.items() if how == MAPPED}
            for i, it in enumerate(items):
                if i not in pairing.matched:
                    hint = pairing.suggestions.get(i)
                    lap.unpaired.append((p.tahun, it.row.indicator, prev_items[hint[0]].row.indicator if hint else ""))
            earlier = [(p.tahun, prev_items)]
            for r, agencies in older:       # the years before last year: the tren table over all of them
                o = agencies.get(a.key)
                if o is not None and o.pk:
                    o.tahun = o.tahun or round_year(r)
                    earlier.append((o.tahun, _pk_indicators(o)))
            if len(earlier) > 1:
                tables.append(extra.table_tren(a, items, earlier, pk_period, mapping))
    if a.pk:
        tables.append(extra.table_sasaran(a, items, config, scale, pk_period))
        tables += extra.tables_per_sasaran(a, items, config, scale, pk_period)
    renstra = _table_renstra(a, items, config, pk_period if any(_renstra_target(it.row) is not None for it in items)
                             else renja_period, pk_round)
    if renstra is not None:
        tables.append(renstra)
    else:
        lap.notes.append(f"{TABLE_NAMES['renstra']} tidak disusun: PK tidak memiliki kolom target akhir Renstra "
                         "dan Renja tidak memuat target Renstra (kolom 6).")
    if a.pk:
        tables.append(extra.table_nasional(a, items, pk_period))
    anggaran, why = _table_anggaran(a, config, renja_period)
    if anggaran is not None:
        tables.append(anggaran)
        hierarki = extra.table_hierarki(a, config, renja_period)
        if hierarki is not None:
            tables.append(hierarki)
    elif a.renja:
        lap.notes.append(f"{TABLE_NAMES['anggaran']} tidak disusun: " + (" ".join(why) if why else
                         "Renja tidak memuat baris program dengan pagu (kolom 8 Rp) atau realisasi (kolom 13 Rp)."))
    alokasi = extra.table_alokasi(a, items, config, pk_period)
    if alokasi is not None:
        tables.append(alokasi)
    budgeted = _budgeted(items)
    if budgeted:
        tables.append(_table_pencapaian(a, budgeted, pk_period))
        tables.append(_table_efisiensi(a, budgeted, config, pk_period))
    elif a.pk:
        lap.notes.append(f"{TABLE_NAMES['pencapaian']} dan {TABLE_NAMES['efisiensi']} tidak disusun: PK tidak "
                         "memuat kolom Anggaran dan Realisasi Anggaran per indikator.")
    efisiensi_opd = extra.table_efisiensi_opd(a, items, config, pk_period) if a.pk else None
    if efisiensi_opd is not None:
        tables.append(efisiensi_opd)
    elif a.pk:
        lap.notes.append(f"{extra.NAMES['efisiensi_opd']} tidak disusun: tidak ada pagu OPD (baris program Renja "
                         "atau anggaran per indikator PK) dalam putaran.")
    if a.pk:
        tables.append(extra.table_faktor(a, items, pk_period))
    faktor_program = extra.table_faktor_program(a, renja_period) if a.renja else None
    if faktor_program is not None:
        tables.append(faktor_program)
    if not a.pk:
        lap.notes.insert(0, "Tidak ada Perjanjian Kinerja (PK) OPD ini dalam putaran: tabel "
                         f"{TABLE_NAMES['kinerja']}, {TABLE_NAMES['perbandingan']}, {TABLE_NAMES['pencapaian']} dan "
                         f"{TABLE_NAMES['efisiensi']} tidak disusun; tabel dari Evaluasi Renja tetap disusun.")
    if not a.renja:
        lap.notes.append(f"Tidak ada Evaluasi Renja OPD ini dalam putaran: {TABLE_NAMES['anggaran']} dan "
                         f"{extra.NAMES['faktor_program']} tidak disusun.")
    for i, t in enumerate(bab2, 1):
        t.number = f"2.{i}"
    for i, t in enumerate(tables, 1):
        t.number = f"3.{i}"
    lap.tables = bab2 + tables
    return lap


def build_laporan(rnd: RoundFigures, previous: RoundFigures | None = None, older: list[RoundFigures] = (),
                  mappings: dict[str, dict[str, str]] | None = None) -> list[AgencyLaporan]:
    """The LKjIP tables of every agency of the round, in the order of their names."""
    agencies = _agencies(rnd)
    prev_agencies = paired(agencies, _agencies(previous)) if previous is not None else None
    year = round_year(rnd)
    older_agencies = [(r, paired(agencies, _agencies(r))) for r in older]
    out = [_agency_laporan(a, rnd, previous, prev_agencies, year, older_agencies, mappings)
           for a in agencies.values()]
    out.sort(key=lambda lap: (lap.agency.casefold(), lap.agency))
    return out


def previous_only(rnd: RoundFigures, previous: RoundFigures) -> list[str]:
    """Agencies of last year's round that are not in this one (named to the user, never silently left)."""
    now = _agencies(rnd)
    return sorted((a.name for k, a in paired(now, _agencies(previous)).items() if k not in now), key=str.casefold)
