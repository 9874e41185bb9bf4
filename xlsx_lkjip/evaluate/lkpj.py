"""One LKPJ annual capaian sheet (forms/lkpj.py) from found layout to results: the fisik capaian (REAL /
TARGET x 100) and the keuangan absorption (REAL / ALOKASI x 100) of every row, written where the table has
their % columns, the predikat on the fisik capaian, and each agency's own average when the sheet holds a
whole region (an OPD header row before each agency's programs).  No XML and no file access here."""

from __future__ import annotations

from dataclasses import field
from decimal import Decimal
from typing import Callable

from . import compute, lkpj_tables
from ..config import Config
from ..forms import lkpj as L
from ..forms.lkpj import LkpjLayout
from ..forms.vocabulary import is_placeholder
from ..io.grid import Grid, address, col_letters
from ..problems import problem
from .numbers import format_id
from .form_kind import sheet_number
from .sheet import FormResult, cell_number, edit_computed, typed_cell_problem, typed_capaian_summary
from ..records import record

_WHAT = {L.TARGET: "TARGET (fisik)", L.REALISASI: "REAL (fisik)", L.ALOKASI: "ALOKASI",
         L.REALISASI_RP: "REAL (keuangan)", L.CAPAIAN: "% fisik", L.SERAPAN: "% keuangan"}


@record
class LkpjRow:
    row: int
    agency: str = ""
    kode: str = ""
    program: str = ""
    indicator: str = ""
    unit: str = ""
    target: Decimal | None = None
    realisasi: Decimal | None = None
    capaian: Decimal | None = None          # fisik: realisasi / target x 100
    alokasi: Decimal | None = None
    realisasi_rp: Decimal | None = None
    serapan: Decimal | None = None          # keuangan: realisasi_rp / alokasi x 100
    predikat: str = ""                      # on the fisik capaian


@record(kw_only=True)
class LkpjSheetResult(FormResult):
    form: str = "LKPJ"
    layout: LkpjLayout
    rows: list[LkpjRow] = field(default_factory=list)
    # agency -> (its rows with figures, average fisik, its predikat, average keuangan), in the sheet's order
    agencies: dict[str, tuple[int, Decimal | None, str, Decimal | None]] = field(default_factory=dict)

    ROW = LkpjRow

    def capaian_for_average(self, side: str, config: Config) -> list[Decimal | None]:
        return _fisik_counted(self.rows, config) if side == "K" else [row.serapan for row in self.rows]

    @classmethod
    def average_label(cls, side: str) -> str:
        return "rata-rata capaian fisik" if side == "K" else "rata-rata serapan keuangan"

    def describe(self) -> dict:
        lay = self.layout
        shown = [(_WHAT.get(n, n.capitalize()) + (" (dihitung)" if n in L.RATIOS else ""), col_letters(c))
                 for n, c in sorted(lay.cols.items(), key=lambda kv: kv[1])]
        extra = {"opd": len(lay.agency_rows)} if lay.agency_rows else {}
        return {"extra": extra, "header_rows": [r for r in (lay.header_row, lay.sub_row, lay.letters_row) if r],
                "columns": {n: col_letters(c) for n, c in lay.cols.items()}, "kolom": shown,
                "formulas": [f"{n}: {label}" for n, label in lay.labels.items()]}

    # each agency's averages travel with the sheet in the round record (lkjip rekap reads them back)
    def record_extra(self) -> dict:
        return {"agencies": [[a, n, _text(f), p, _text(k)] for a, (n, f, p, k) in self.agencies.items()]}

    @classmethod
    def record_fields(cls, sheet: dict) -> dict:
        return {"agencies": {a: (int(n), _dec(f), p, _dec(k)) for a, n, f, p, k in sheet.get("agencies") or []}}

    def progress_items(self):
        for row in self.rows:
            yield ((self.form, row.agency.casefold(), row.kode, row.indicator.casefold()),
                   (self.form, row.kode, row.indicator or row.program), row.capaian)


def _text(v: Decimal | None) -> str | None:
    return None if v is None else str(v)


def _dec(v) -> Decimal | None:
    return None if v is None else Decimal(v)


def _figure(res: LkpjSheetResult, grid: Grid, r: int, c: int | None, name: str) -> Decimal | None:
    if c is None:
        return None
    cell = grid.get(r, c)
    if cell is not None and cell.kind == "s" and is_placeholder(cell.value):
        return None
    parsed, why = cell_number(cell, money=name in (L.ALOKASI, L.REALISASI_RP))
    said = typed_cell_problem(parsed, why, address(r, c), _WHAT[name], cell.value if cell else None, res.sheet)
    if said is not None:
        res.problems.append(said)
    return parsed.value if parsed.reported else None


def _fisik_counted(rows: list[LkpjRow], config: Config) -> list[Decimal | None]:
    """The capaian fisik an average takes (the sheet's, an agency's): none above the plausible bound (warned at
    its cell), as Renja and PK count theirs."""
    return [row.capaian for row in rows if compute.plausible(row.capaian, config.capaian_bound)]


def evaluate_lkpj_sheet(grid: Grid, layout: LkpjLayout, sheet: str, config: Config,
                        is_percent_style: Callable[[int], bool], hidden: bool = False,
                        is_date_style: Callable[[int], bool] = lambda style: False,
                        stated_round: int | None = None) -> LkpjSheetResult:
    res = LkpjSheetResult(sheet=sheet, layout=layout, hidden=hidden, stated_round=stated_round, round=4)
    cols, text = layout.cols, grid.text
    for name, c, label, heading in layout.label_problems:
        res.problems.append(problem("label-heading", cell=address(layout.letters_row or layout.header_row, c),
                                    sheet=sheet, column=col_letters(c), label=label,
                                    header=" ".join(text(layout.header_row, c).split()), heading=heading))
    if layout.agency_rows:
        first = min(layout.agency_rows)
        res.problems.append(problem("agencies-in-sheet", cell=address(first, cols.get(L.NAMA, 1)), sheet=sheet,
                                    count=len(layout.agency_rows)))
    if not layout.data_rows:
        res.problems.append(problem("no-data-rows", variant="renja",
                                    cell=address(layout.header_row, min(cols.values())), sheet=sheet))
    agency_at = sorted(layout.agency_rows.items())
    for r in layout.data_rows:
        agency = next((name for at, name in reversed(agency_at) if at < r), "")
        row = LkpjRow(r, agency, *(text(r, cols[n]) if n in cols else "" for n in (L.KODE, L.NAMA, L.INDIKATOR,
                                                                                       L.SATUAN)))
        row.target, row.realisasi, row.alokasi, row.realisasi_rp = (
            _figure(res, grid, r, cols.get(n), n) for n in (L.TARGET, L.REALISASI, L.ALOKASI, L.REALISASI_RP))
        for name, (num, den) in L.RATIOS.items():
            out = compute.ratio(getattr(row, num), getattr(row, den), decimals=config.decimals)
            setattr(row, name, out.value)
            if out.reason == "no-target":
                res.problems.append(problem("annual-no-target", cell=address(r, cols[den]), sheet=sheet, row=r,
                                            column=_WHAT[name], target=_WHAT[den]))
            if name in cols:
                edit_computed(res, grid, r, cols[name], out.value, True, is_percent_style, config,
                              layout.labels.get(name, _WHAT[name]), "", out.exact)
        row.predikat = compute.predikat(row.capaian, config.predikat, config.decimals)
        if not compute.plausible(row.capaian, config.capaian_bound):   # as Renja and PK: said, out of averages
            res.problems.append(problem("implausible-capaian", cell=address(r, cols.get(L.CAPAIAN, cols[L.REALISASI])),
                                        sheet=sheet, row=r, capaian=format_id(row.capaian, 2),
                                        bound=format_id(config.capaian_bound)))
        res.rows.append(row)
    for side in ("K", "Rp"):
        values = res.capaian_for_average(side, config)
        res.average[side] = compute.average(values, config.decimals)
        res.predikat[side] = compute.predikat(res.average[side], config.predikat, config.decimals)
    by_agency: dict[str, list[LkpjRow]] = {}
    for row in res.rows:
        by_agency.setdefault(row.agency, []).append(row)
    for agency, rows in by_agency.items():
        fisik = compute.average(_fisik_counted(rows, config), config.decimals)
        res.agencies[agency] = (len(rows), fisik, compute.predikat(fisik, config.predikat, config.decimals),
                                compute.average((row.serapan for row in rows), config.decimals))
    typed_capaian_summary(res)
    return res


def agency_summary(res: LkpjSheetResult) -> str:
    """Each agency's average as the console and check say it ("DINAS KESEHATAN 80,00 %")."""
    return "; ".join(f"{agency or '(tanpa OPD)'} {format_id(avg, 2) if avg is not None else '-'} %"
                     for agency, (_n, avg, _p, _rp) in res.agencies.items())


def indicator_rows(r, s: LkpjSheetResult):
    for row in s.rows:
        yield [row.agency or r.info.agency, r.name, s.sheet, row.row, row.kode, row.program, row.indicator, row.unit,
               sheet_number(row.target), sheet_number(row.realisasi), sheet_number(row.capaian), row.predikat,
               sheet_number(row.alokasi), sheet_number(row.realisasi_rp), sheet_number(row.serapan)]


def agency_rows(r, s: LkpjSheetResult):
    for agency, (n, fisik, predikat, keuangan) in s.agencies.items():
        yield [agency or r.info.agency, r.name, s.sheet, n, sheet_number(fisik), predikat, sheet_number(keuangan)]


LkpjSheetResult.REKAP_TABLES = lkpj_tables.REKAP_TABLES   # (declared there: see lkpj_tables.py)
