"""One PK sheet from found layout to results: polarity, accumulation, capaian per triwulan, capaian tahunan,
predikat, serapan anggaran and efisiensi; and the cell edits for the output columns the sheet has.
No XML and no file access here; the formulas are in compute.py.

The three shapes of forms/pk.py:
- quarterly: as the rencana aksi says (Target TW are the quarter's own targets, summed for Kumulatif);
- monthly: the months are read as their quarters (TW I = Januari-Maret).  A quarter's realisasi is the sum
  of its months reported (Kumulatif), the latest month reported (Akhir) or their mean (Rata-rata); its
  target likewise from the monthly targets, so TW II of a Kumulatif indicator is measured against
  Januari-Juni's targets added.  From there it is the quarterly computation, the same capaian, capaian
  tahunan and predikat.  A "Capaian <bulan>" column gets the capaian to date of that month.  Quarter columns
  a monthly plan also has (subtotals) are written from the months;
- annual (no periods): capaian = Realisasi over Target, by polarity, as the tahunan one; graded on the scale
  of the round the sheet states (else TW IV's).
Period columns to date ("Realisasi s.d. TW II", "Target s/d Triwulan III", "Realisasi Anggaran Kumulatif TW II",
"s.d. Maret"; forms/pk.py) are turned into each period's own figure first (compute.from_to_date: Kumulatif and
budgets the difference with the figure to date before, Akhir the value itself, Rata-rata the mean so far), so
everything below reads own figures; a Kumulatif figure to date below the one before is a warning at its cell.
Without an annual Target column the annual target comes from the period targets: their sum (Kumulatif), the
latest one given (Akhir: Desember or TW IV), their mean (Rata-rata); a note says so.  Nothing is written to
columns the sheet lacks: what has no column goes to the rekap."""

from __future__ import annotations

from dataclasses import field, replace
from decimal import Decimal
from typing import Callable

from . import compute, pk_tables
from .compute import accumulation_of
from ..config import FINAL_BLANK_ZERO, Config
from .form_kind import sheet_number
from .pk_tables import PK_COLS  # noqa: F401  (its home before)
from .sheet import (FormResult, cell_number, dot_convention, edit_computed, merged_figures, monitoring_round,
                    read_dot_three, short_text, typed_capaian_summary, typed_cell_problem)
from ..forms.header import HeaderInfo, read_header
from ..forms.pk import PkLayout, is_footer_label
from ..forms.vocabulary import PK_NEGATIVE as _NEGATIVE
from ..forms.vocabulary import PK_NOT_APPLICABLE as _NOT_APPLICABLE
from ..forms.vocabulary import PK_POSITIVE as _POSITIVE
from ..io.grid import Grid, address, col_letters
from .numbers import DotConvention, Parsed, format_id
from ..problems import problem
from ..records import record
from ..io.cell_writer import Edit

ROMAN = pk_tables.ROMAN
TW_NAMES = [f"TW {q}" for q in ROMAN]
MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember")


@record
class PkRow:
    row: int
    sasaran: str = ""
    tujuan: str = ""      # the Renstra goal the sasaran serves, where the PK has a "Tujuan" column
    indicator: str = ""
    unit: str = ""
    negative: bool = False
    accumulation: str = compute.KUMULATIF
    applicable: bool = True
    target: Decimal | None = None          # the annual target (the Target column, or from the period targets)
    target_tw: list[Decimal | None] = field(default_factory=lambda: [None] * 4)   # each quarter's own target
    realisasi: list[Decimal | None] = field(default_factory=lambda: [None] * 4)   # each quarter's own figure
    realisasi_to_date: list[Decimal | None] = field(default_factory=lambda: [None] * 4)
    # the target each quarter's capaian is measured against (the annual one, or the rencana aksi's to date)
    target_to_date: list[Decimal | None] = field(default_factory=lambda: [None] * 4)
    capaian: list[Decimal | None] = field(default_factory=lambda: [None] * 4)
    tahunan: Decimal | None = None
    predikat: str = ""
    pagu: Decimal | None = None
    realisasi_anggaran: Decimal | None = None   # to date at the monitoring round
    serapan: Decimal | None = None              # at the monitoring round
    efisiensi: Decimal | None = None
    efisiensi_kategori: str = ""
    # the realisasi the capaian tahunan rests on: to date at the monitoring round (an annual table: its Realisasi)
    realisasi_tahunan: Decimal | None = None
    tahunan_target: Decimal | None = None      # and the target it was measured against (the LKjIP tables show it)
    target_renstra: Decimal | None = None      # "Target Akhir Renstra" / "Target 2026 (akhir periode)"
    # a monthly rencana aksi: each month's own figure (as typed, or from a month typed to date; read as their
    # quarters above), and each month's capaian
    target_month: list[Decimal | None] = field(default_factory=lambda: [None] * 12)
    realisasi_month: list[Decimal | None] = field(default_factory=lambda: [None] * 12)
    capaian_month: list[Decimal | None] = field(default_factory=lambda: [None] * 12)
    # per-quarter budget ("Anggaran TW I", "Realisasi Anggaran TW I"): each quarter's own figure, and the
    # serapan to date at each quarter (realisasi to date over the pagu to date)
    pagu_tw: list[Decimal | None] = field(default_factory=lambda: [None] * 4)
    realisasi_anggaran_tw: list[Decimal | None] = field(default_factory=lambda: [None] * 4)
    serapan_tw: list[Decimal | None] = field(default_factory=lambda: [None] * 4)

    @property
    def polaritas(self) -> str:
        return "Negatif" if self.negative else "Positif"


@record(kw_only=True)
class PkSheetResult(FormResult):
    form: str = "PK"
    layout: PkLayout
    rows: list[PkRow] = field(default_factory=list)
    periods: str = "triwulan"    # "triwulan", "bulanan" (months read as quarters) or "tahunan" (no periods)

    # FormResult's interface (the functions are at the end of this module)
    ROW = PkRow
    LAPORAN = FormResult.INDICATORS

    def capaian_for_average(self, side: str, config: Config) -> list[Decimal | None]:
        return [row.tahunan for row in self.rows if counts_for_average(row, config)] if side == "K" else []

    @classmethod
    def average_label(cls, side: str) -> str:
        return "rata-rata capaian" if side == "K" else f"rata-rata capaian {side}"   # no K/Rp sides

    def describe(self) -> dict:
        return _describe(self)

    def record_rows(self) -> list[list]:
        return _record_rows(self.rows)

    def record_extra(self) -> dict:
        return {"periods": self.periods}

    @classmethod
    def record_fields(cls, sheet: dict) -> dict:
        return {"periods": str(sheet.get("periods") or "triwulan")}

    @classmethod
    def row_from_record(cls, values: dict) -> PkRow:
        return _row_from_record(values)

    def progress_items(self):
        for row in self.rows:
            yield ((self.form, row.sasaran.casefold(), row.indicator.casefold()), (self.form, "", row.indicator),
                   row.tahunan)

    def graded(self):
        return ((row.row, row.tahunan, row.predikat) for row in self.rows)

    def quarter_capaian(self) -> list[list[Decimal]]:
        """Up to the sheet's monitoring round: after it a sheet holds typed zeros at most, not capaian."""
        out: list[list[Decimal]] = [[], [], [], []]
        for row in self.rows:
            if row.applicable:
                for k in range(min(4, self.round or 4)):
                    if row.capaian[k] is not None:
                        out[k].append(row.capaian[k])
        return out


def _carried(grid: Grid, r: int, c: int) -> str:
    """A label cell's text, or the text of the merged range it lies in (a tujuan written once for several rows)."""
    here = grid.text(r, c)
    if not here:
        span = grid.merge_span(r, c)
        here = grid.text(span[0], span[1]) if span else ""
    return here


def _number(grid: Grid, r: int, c: int | None, res: PkSheetResult, what: str,
            is_percent_style: Callable[[int], bool], is_date_style: Callable[[int], bool] = lambda s: False,
            money: bool = False) -> tuple[Parsed, bool]:
    """(parsed, usable); a text value is a warning naming the cell.  A number in a percent-formatted cell
    is read as shown (70,51% typed in Excel is stored 0.7051).  `money`: the Anggaran columns, where
    "1,2 miliar" is 1.200.000.000."""
    if c is None:
        return Parsed("empty", None), False
    cell = grid.get(r, c)
    parsed, why = cell_number(cell, percent_style=bool(cell is not None and is_percent_style(cell.style)),
                              date_style=bool(cell is not None and is_date_style(cell.style)), money=money)
    said = typed_cell_problem(parsed, why, address(r, c), what, cell.value if cell is not None else None, res.sheet)
    if said is not None:
        res.problems.append(said)
    if why:
        return parsed, False
    return parsed, parsed.reported


_FIGURES = {"target": ("kolom Target", False), "pagu": ("kolom Anggaran", False),
            "realisasi_anggaran": ("kolom Realisasi Anggaran", False), "capaian_tahunan": ("kolom Capaian", True),
            "serapan": ("kolom Serapan", True), "efisiensi": ("kolom Efisiensi", True),
            "target_renstra": ("kolom Target Renstra", False)}


def _quarter_outputs(layout: PkLayout) -> tuple[bool, bool]:
    """In a monthly plan the quarter columns it may also have are subtotals of its months, so computed:
    (Realisasi TW computed?, Target TW computed?)."""
    if not layout.monthly:
        return False, False
    return True, any(c is not None for c in layout.target_month)


def _figure_columns(layout: PkLayout) -> dict[int, tuple[str, bool]]:
    """The columns holding figures: physical column -> (name, computed?)."""
    out = {layout.cols[role]: what for role, what in _FIGURES.items() if role in layout.cols}
    if layout.periods == "tahunan" and "realisasi" in layout.cols:
        out[layout.cols["realisasi"]] = ("kolom Realisasi", False)
    real_out, target_out = _quarter_outputs(layout)
    for k in range(4):
        for cols, name, computed in ((layout.realisasi, "Realisasi", real_out), (layout.target_tw, "Target", target_out),
                                     (layout.capaian_tw, "Capaian", True), (layout.pagu_tw, "Anggaran", False),
                                     (layout.realisasi_anggaran_tw, "Realisasi Anggaran", False),
                                     (layout.serapan_tw, "Serapan", True)):
            if cols[k] is not None:
                upto = "s.d. " if cols[k] in layout.to_date else ""
                out[cols[k]] = (f"kolom {name} {upto}TW {ROMAN[k]}", computed)
    for (role, i), c in layout.to_date_out.items():
        out[c] = (f"kolom {_to_date_name(role, i)}", True)
    for m in range(12):
        for cols, name, computed in ((layout.realisasi_month, "Realisasi", False), (layout.target_month, "Target", False),
                                     (layout.capaian_month, "Capaian", True), (layout.pagu_month, "Anggaran", False),
                                     (layout.realisasi_anggaran_month, "Realisasi Anggaran", False)):
            if cols[m] is not None:
                upto = "s.d. " if cols[m] in layout.to_date else ""
                out[cols[m]] = (f"kolom {name} {upto}{MONTHS[m]}", computed)
    return out


def _label(layout: PkLayout, c: int) -> str:
    r, col = layout.label_cells.get(c, (layout.header_rows[-1], c))
    return f"{address(r, col)} \"{layout.labels.get(c, '')}\""


def _usable_columns(res: PkSheetResult, layout: PkLayout) -> bool:
    """The columns the capaian rests on are there and can be told apart; else a galat and nothing computed.
    The notes on what the sheet lacks (output columns, the annual Target)."""
    cols, sheet = layout.cols, res.sheet
    at = address(layout.header_row, cols["indikator"])
    amb = layout.ambiguous.get("target")
    if amb:
        which = ", ".join(_label(layout, c) for c in amb)
        res.problems.append(problem("ambiguous-column", variant="target-from-periods" if layout.has_target_tw else "target",
                                    cell=address(*layout.label_cells[amb[0]]), sheet=sheet, columns=which))
        if not layout.has_target_tw:
            return False
    amb = layout.ambiguous.get("realisasi")
    if amb and layout.periods == "tahunan":
        which = ", ".join(_label(layout, c) for c in amb)
        res.problems.append(problem("ambiguous-column", variant="realisasi", cell=address(*layout.label_cells[amb[0]]),
                                    sheet=sheet, columns=which))
        return False
    for role, year in layout.other_year.items():
        if role == "realisasi" and layout.periods != "tahunan":
            continue   # not read: the quarters or months are the realisasi
        c = cols[role]
        res.problems.append(problem("other-year-column", variant="target" if role == "target" else "realisasi",
                                    cell=address(*layout.label_cells[c]), sheet=sheet, column=_label(layout, c),
                                    year=year))
    if "target" not in cols and not layout.has_target_tw:
        res.problems.append(problem("no-target-column", cell=at, sheet=sheet, row=layout.header_row))
        return False
    if "target" not in cols:
        monthly = any(c is not None for c in layout.target_month)
        res.problems.append(problem("derived-target", variant="monthly" if monthly else "quarterly", cell=at,
                                    sheet=sheet))
    if "capaian_tahunan" not in cols and not any(layout.capaian_tw) and not any(layout.capaian_month):
        res.problems.append(problem("output-column-missing", variant="capaian", sheet=sheet, cell=at))
    if "predikat" not in cols:
        res.problems.append(problem("output-column-missing", variant="predikat", sheet=sheet, cell=at))
    upto = sorted(layout.to_date)
    if upto:
        res.problems.append(problem("to-date-columns", variant="typed", cell=address(*layout.label_cells[upto[0]]),
                                    sheet=sheet, columns=_labels(layout, upto)))
    beside = sorted(layout.to_date_out.values())
    if beside:
        res.problems.append(problem("to-date-columns", variant="computed", cell=address(*layout.label_cells[beside[0]]),
                                    sheet=sheet, columns=_labels(layout, beside)))
    return True


def _labels(layout: PkLayout, cols: list[int], show: int = 4) -> str:
    shown = ", ".join(_label(layout, c) for c in cols[:show])
    return shown + (f" dan {len(cols) - show} kolom lain" if len(cols) > show else "")


def evaluate_pk_sheet(grid: Grid, layout: PkLayout, sheet: str, config: Config,
                      is_percent_style: Callable[[int], bool], hidden: bool = False,
                      is_date_style: Callable[[int], bool] = lambda style: False,
                      stated_round: int | None = None) -> PkSheetResult:
    """`stated_round`: the quarter (1-4) the sheet's title or the file name states, if any."""
    res = PkSheetResult(sheet=sheet, layout=layout, hidden=hidden, stated_round=stated_round,
                        periods=layout.periods)
    if not _usable_columns(res, layout):
        return res
    if not layout.data_rows:
        head = address(*layout.label_cells.get(layout.cols["indikator"], (layout.header_row, layout.cols["indikator"])))
        res.problems.append(problem("no-data-rows", variant="pk", cell=head, sheet=sheet))
    reader = _Reader(grid, res, config, (is_percent_style, is_date_style))
    sasaran = tujuan = ""
    for r in layout.data_rows:
        row = _read_row(reader, layout, r)
        if "sasaran" in layout.cols:
            c = layout.cols["sasaran"]
            here = grid.text(r, c)
            if not here:
                span = grid.merge_span(r, c)
                here = grid.text(span[0], span[1]) if span else ""
            sasaran = here or sasaran   # written once over several indicator rows
            row.sasaran = sasaran
        if "tujuan" in layout.cols:
            tujuan = _carried(grid, r, layout.cols["tujuan"]) or tujuan
            row.tujuan = tujuan
        res.rows.append(row)

    # The capaian tahunan is the capaian of the monitoring round: a TW I report whose TW II-IV carry a typed
    # 0 or "-" must not be graded on those (a level-like indicator would read 0 %).  An annual table has no
    # quarters: its capaian is the year's, graded on the scale of the round it states (else TW IV's).
    last = res.round = monitoring_round(config.triwulan, stated_round,
                                        [row.realisasi for row in res.rows]
                                        + [row.realisasi_anggaran_tw for row in res.rows])
    if layout.periods == "tahunan":
        res.round = res.round or 4   # an annual table reports the year: graded as TW IV unless it states a round
    # One scale per sheet, the round's: every indicator, the footer and the workbook's average are graded on it
    scale = config.scale_for(res.round)
    final = res.round == 4   # the year's last round (an annual table's round is TW IV unless it states one)
    for row in res.rows:
        if last:
            _drop_after_round(row, reader.unrounded(row.row), last)
        if row.applicable and layout.periods == "tahunan":
            row.tahunan_target = row.target
        elif row.applicable:
            reported = [k for k in range(4) if row.capaian[k] is not None and (last is None or k < last)]
            row.tahunan = row.capaian[reported[-1]] if reported else None
            to_date = [k for k in range(4) if row.realisasi_to_date[k] is not None and (last is None or k < last)]
            row.realisasi_tahunan = row.realisasi_to_date[to_date[-1]] if to_date else None
            row.tahunan_target = row.target_to_date[reported[-1]] if reported else row.target
            unrounded = reader.unrounded(row.row)
            unrounded.tahunan = unrounded.capaian[reported[-1]] if reported else None
        if row.applicable:
            _unreported(reader, layout, row, final)
            row.predikat = compute.predikat(row.tahunan, scale, config.decimals)
            if row.tahunan is not None and row.tahunan > config.capaian_bound:
                c = layout.cols.get("capaian_tahunan") or layout.cols.get("target") or layout.cols["indikator"]
                reader.problem("implausible-capaian", row.row, c, row=row.row, capaian=format_id(row.tahunan, 2),
                               bound=format_id(config.capaian_bound))
        if layout.budget_periods:
            spent = compute.accumulate(row.realisasi_anggaran_tw, compute.KUMULATIF)
            upto = [k for k in range(4) if spent[k] is not None and (last is None or k < last)]
            row.realisasi_anggaran = spent[upto[-1]] if upto else None
            row.serapan = row.serapan_tw[upto[-1]] if upto else None
            unrounded = reader.unrounded(row.row)
            unrounded.serapan = unrounded.serapan_tw[upto[-1]] if upto else None
        if row.serapan is not None or row.pagu is not None or row.realisasi_anggaran is not None:
            row.efisiensi = compute.efisiensi(row.tahunan, row.serapan, config.decimals)
            row.efisiensi_kategori = config.efisiensi.label(row.efisiensi) if row.efisiensi is not None else ""
        _row_edits(res, grid, layout, row, config, is_percent_style, reader.unrounded(row.row), reader.inputs)

    merged_figures(res, grid, layout.data_rows, _figure_columns(layout))
    avg = compute.average(res.capaian_for_average("K", config), config.decimals)
    res.average["K"] = avg
    res.predikat["K"] = compute.predikat(avg, scale, config.decimals)
    _footer(res, grid, layout, config, is_percent_style)
    typed_capaian_summary(res)
    return res


def _unreported(rd: "_Reader", layout: PkLayout, row: PkRow, final: bool) -> None:
    """A target with no realisasi at all never leaves the average without a word (as Renja's rows): before the
    year's last round it is only not reported yet (info); in the last round a warning, and the capaian is 0 %
    (`final_blank` "nol", the default) or the row stays out of the average."""
    if row.tahunan is not None or not row.target or row.realisasi_tahunan is not None:
        return
    if any(v is not None for v in row.realisasi):
        return   # something was reported; its capaian is missing for a reason said where it arose
    c = layout.cols.get("target") or next(c for c in (*layout.target_tw, *layout.target_month) if c is not None)
    facts = dict(row=row.row, indicator=row.indicator)
    if not final:
        rd.problem("unreported", row.row, c, variant="pk-pending", **facts)
    elif rd.config.final_blank == FINAL_BLANK_ZERO:
        rd.problem("unreported", row.row, c, variant="pk-final-zero", **facts)
        row.tahunan, row.tahunan_target = Decimal("0"), row.target
        rd.unrounded(row.row).tahunan = Decimal("0")
    else:
        rd.problem("unreported", row.row, c, variant="pk-final-out", **facts)


def _drop_after_round(row: PkRow, unrounded: "_Unrounded", last: int) -> None:
    """Only reported quarters are graded: a quarter after the monitoring round (a TW II report's 0 placeholders
    in TW III-IV) gets no capaian, in the workbook, the rekap or the record."""
    for k in range(last, 4):
        row.capaian[k] = unrounded.capaian[k] = None
    for m in range(3 * last, 12):
        row.capaian_month[m] = unrounded.month[m] = None


def _footer(res: PkSheetResult, grid: Grid, layout: PkLayout, config: Config,
            is_percent_style: Callable[[int], bool]) -> None:
    """The sheet's average capaian and predikat into its footer rows (forms/pk.py finds them), as the Renja
    footer: the average under the Capaian Tahunan column, a typed one compared like any typed capaian; the
    predikat under it in the "Predikat" row, else in the footer row's Predikat column.  A footer whose figure
    has no cell of its own (no Capaian Tahunan column, or the label merged over it) is left as typed."""
    r, col = layout.footer_row, layout.cols.get("capaian_tahunan")
    if r is None or col is None or not _own_cell(grid, r, col):
        return
    exact = compute.average(res.capaian_for_average("K", config), None)
    n = len(res.edits)
    edit_computed(res, grid, r, col, res.average["K"], True, is_percent_style, config,
                   "rata-rata Capaian Tahunan", "", exact)
    last = grid.get(layout.data_rows[-1], col)
    if len(res.edits) > n and grid.get(r, col) is None and last is not None:
        # a new cell looks like the capaian above it (its percent format)
        res.edits[-1] = Edit(r, col, res.edits[-1].kind, res.edits[-1].value, last.style)
    if layout.predikat_row is not None:
        at = (layout.predikat_row, col)
    elif "predikat" in layout.cols:
        at = (r, layout.cols["predikat"])
    else:
        return
    if not _own_cell(grid, *at):
        return
    text = res.predikat.get("K", "")
    if text:
        res.edits.append(Edit(*at, "text", text))
    elif grid.filled(*at):
        res.edits.append(Edit(*at, "clear"))


def _own_cell(grid: Grid, r: int, c: int) -> bool:
    """The cell can hold a footer figure: not inside a merged label, not a label itself."""
    span = grid.merge_span(r, c)
    if span is not None and (span[0], span[1]) != (r, c):
        return False
    return not is_footer_label(grid.text(r, c))


@record
class _Unrounded:
    """A row's computed ratios before rounding: a typed capaian is compared with them at the precision it
    was typed (88,13 against 88,1375 cut off)."""
    capaian: list[Decimal | None] = field(default_factory=lambda: [None] * 4)
    month: list[Decimal | None] = field(default_factory=lambda: [None] * 12)
    tahunan: Decimal | None = None
    serapan: Decimal | None = None
    serapan_tw: list[Decimal | None] = field(default_factory=lambda: [None] * 4)


@record
class _Reader:
    grid: Grid
    res: PkSheetResult
    config: Config
    styles: tuple
    rows: dict[int, _Unrounded] = field(default_factory=dict)   # kept off PkRow: not part of the results
    inputs: set[tuple[int, int]] = field(default_factory=set)   # (row, col) of to-date_out cells read as input
    dots: DotConvention | None = None   # how the sheet writes a dot, read once a kinerja cell needs it

    def unrounded(self, r: int) -> _Unrounded:
        return self.rows.setdefault(r, _Unrounded())

    def number(self, r: int, c: int | None, what: str, money: bool = False) -> tuple[Parsed, bool]:
        """`money`: a rupiah column ("1,2 miliar" is 1.200.000.000).  A kinerja cell typed "1.500" is read as the
        sheet writes a dot (sheet.read_dot_three)."""
        parsed, ok = _number(self.grid, r, c, self.res, what, *self.styles, money=money)
        if ok and not money and parsed.value is not None:
            text = self.grid.value(r, c)
            if DotConvention.applies(text):
                if self.dots is None:
                    self.dots = dot_convention(self.grid, self.res.layout.data_rows)
                value = read_dot_three(self.res, self.dots, r, c, text, "kolom " + what, parsed.value)
                return replace(parsed, value=value), value is not None
        return parsed, ok

    def figure(self, r: int, c: int | None, what: str, quarter: int | None = None, money: bool = False
               ) -> Decimal | None:
        """A realisasi as typed; one after the configured monitoring round is a warning and not counted."""
        p, ok = self.number(r, c, what, money)
        if not ok:
            return None
        tw = self.config.triwulan
        if quarter is not None and tw and quarter + 1 > tw:
            self.res.problems.append(problem("after-round", cell=address(r, c), sheet=self.res.sheet,
                                             column=what[0].lower() + what[1:], round=ROMAN[tw - 1]))
            return None
        return p.value

    def problem(self, code: str, r: int, c: int, *, variant: str = "", **facts) -> None:
        """Problem `code` (problems.CATALOGUE) at cell (r, c) of the sheet, with its facts."""
        self.res.problems.append(problem(code, variant=variant, cell=address(r, c), sheet=self.res.sheet, **facts))

    def periods(self, layout: PkLayout, r: int, role: str, slots: list[int | None],
                read: Callable[[int, int, bool], Decimal | None]
                ) -> tuple[list[Decimal | None], list[bool], list[int | None]]:
        """One row's period figures as typed (`read(column, period, to_date)`), whether each is to date, and
        the column each came from.  Beside a period's own column, its to-date column (layout.to_date_out) is
        read instead when the own cell is empty and the to-date one holds a typed figure, not a formula: the
        agency filled that one (it is then an input, not written)."""
        n = len(slots)
        values: list[Decimal | None] = [None] * n
        flags, cells = [False] * n, [None] * n
        for i, c in enumerate(slots):
            if c is None:
                continue
            alt = layout.to_date_out.get((role, i))
            to_date = c in layout.to_date
            if alt is not None and not self.grid.filled(r, c) and self.grid.filled(r, alt) \
                    and not self.grid.get(r, alt).formula:
                c, to_date = alt, True
                self.inputs.add((r, alt))
            values[i], flags[i], cells[i] = read(c, i, to_date), to_date, c
        return values, flags, cells

    def own_of(self, row: PkRow, values: list[Decimal | None], flags: list[bool], cells: list[int | None],
               mode: str, what: str, names: list[str]) -> compute.ToDate:
        """compute.from_to_date, and a warning at each figure to date below the one before it (a Kumulatif
        indicator, or a budget, whose to-date column most likely got the period's own figure)."""
        out = compute.from_to_date(values, flags, mode)
        budget = "anggaran" in what
        for k, prev in out.decreased:
            r, c = row.row, cells[k]
            typed, before = out.to_date[k], out.to_date[prev]
            facts = dict(figure=what, period=names[k], previous=names[prev], typed=format_id(typed),
                         before=format_id(before), own=format_id(typed - before), total=format_id(before + typed))
            if budget:
                self.problem("to-date-decreasing", r, c, variant="budget", **facts)
            else:
                self.problem("to-date-decreasing", r, c, variant="kumulatif", indicator=row.indicator, **facts)
        return out


def _read_row(rd: _Reader, layout: PkLayout, r: int) -> PkRow:
    grid, config, cols = rd.grid, rd.config, layout.cols
    row = PkRow(row=r)
    row.indicator = grid.text(r, cols["indikator"])
    row.unit = grid.text(r, cols["satuan"]) if "satuan" in cols else ""
    if "polaritas" in cols:
        word = grid.text(r, cols["polaritas"])
        row.negative = bool(_NEGATIVE.search(word))
        if word and not row.negative and not _POSITIVE.search(word):
            rd.problem("unknown-polarity", r, cols["polaritas"], word=word)
    sifat = grid.text(r, layout.accumulation_col) if layout.accumulation_col else ""

    # targets: the annual one, and each period's (N/A is "no target" on purpose, never a warning)
    unit_hint: Parsed | None = None
    target_is_text = False
    not_applicable = False
    tc = cols.get("target")
    if tc is not None:
        if _NOT_APPLICABLE.match(grid.text(r, tc)):
            not_applicable = True
        else:
            parsed, ok = rd.number(r, tc, "Target")
            target_is_text = parsed.kind == "text"
            row.target = parsed.value if ok else None
            unit_hint = parsed
    period_targets, slots, names, role = ((row.target_month, layout.target_month, list(MONTHS), "target_month")
                                          if layout.monthly else (row.target_tw, layout.target_tw, TW_NAMES, "target_tw"))
    na_periods = typed_periods = 0

    def read_target(c: int, i: int, to_date: bool, names: list[str] = names) -> Decimal | None:
        nonlocal na_periods, typed_periods, unit_hint, target_is_text
        if _NOT_APPLICABLE.match(grid.text(r, c)):
            na_periods += 1
            return None
        parsed, ok = rd.number(r, c, f"Target {'s.d. ' if to_date else ''}{names[i]}")
        if ok:
            typed_periods += 1
            if tc is None and (unit_hint is None or not (unit_hint.unit or unit_hint.percent)):
                unit_hint = parsed   # no annual Target: the unit typed with the period targets ("3 Laporan")
        target_is_text = target_is_text or (tc is None and parsed.kind == "text")
        return parsed.value if ok else None

    typed, flags, cells = rd.periods(layout, r, role, slots, read_target)
    period_targets[:] = typed
    targets_typed = [(period_targets, flags, cells, names)]
    if layout.monthly and not any(c is not None for c in layout.target_month):
        # a monthly plan may carry its targets per quarter
        typed, flags, cells = rd.periods(layout, r, "target_tw", layout.target_tw,
                                         lambda c, k, to_date: read_target(c, k, to_date, TW_NAMES))
        row.target_tw[:] = typed
        targets_typed.append((row.target_tw, flags, cells, TW_NAMES))
    if tc is None and na_periods and not typed_periods:
        not_applicable = True
    if not row.unit and unit_hint is not None and unit_hint.unit and not unit_hint.percent:
        row.unit = unit_hint.unit
    if not row.unit and unit_hint is not None and unit_hint.percent:
        row.unit = "%"
    row.accumulation = accumulation_of(row.indicator, row.unit, sifat, config)
    mode = row.accumulation
    if mode == compute.KUMULATIF:
        # a Kumulatif target to date ("Target s.d. TW II") is the plan up to then: each period's own target is
        # its difference, which quarter_targets() adds up again; a level's target to date is the level itself
        for values, flags, cells, period_names in targets_typed:
            values[:] = rd.own_of(row, values, flags, cells, mode, "target", period_names).own

    if "target_renstra" in cols:
        parsed, ok = rd.number(r, cols["target_renstra"], "Target Renstra")
        row.target_renstra = parsed.value if ok else None

    # realisasi: per month, per quarter or the year's; figures to date ("s.d. TW II") become each period's own
    if layout.monthly:
        typed, flags, cells = rd.periods(
            layout, r, "realisasi_month", layout.realisasi_month,
            lambda c, m, to_date: rd.figure(r, c, f"Realisasi {'s.d. ' if to_date else ''}{MONTHS[m]}", m // 3))
        row.realisasi_month = rd.own_of(row, typed, flags, cells, mode, "realisasi", list(MONTHS)).own
        row.realisasi = compute.fold_months(row.realisasi_month, mode)
        row.realisasi_to_date = compute.months_to_date(row.realisasi_month, mode)
        if any(c is not None for c in layout.target_month):
            row.target_tw = compute.fold_months(row.target_month, mode)
    elif layout.periods == "triwulan":
        typed, flags, cells = rd.periods(
            layout, r, "realisasi_tw", layout.realisasi,
            lambda c, k, to_date: rd.figure(r, c, f"Realisasi {'s.d. ' if to_date else ''}TW {ROMAN[k]}", k))
        out = rd.own_of(row, typed, flags, cells, mode, "realisasi", TW_NAMES)
        row.realisasi, row.realisasi_to_date = out.own, out.to_date
        if mode == compute.AKHIR and any(0 < (v or 0) <= 1 for v in row.realisasi):
            _fractions(rd, layout, row)
    else:
        parsed, ok = rd.number(r, cols["realisasi"], "Realisasi")
        row.realisasi_tahunan = parsed.value if ok else None
    if tc is None:
        row.target = compute.annual_target(row.target_month if layout.monthly and any(row.target_month)
                                           else row.target_tw, mode)

    if not_applicable:
        row.applicable = False
        at = tc if tc is not None else next(c for c in slots if c is not None)
        # a target "N/A" over typed realisasi is how a failing indicator would leave the average: a warning
        reported = any(v is not None for v in row.realisasi) or row.realisasi_tahunan is not None
        rd.problem("not-applicable", r, at, variant="with-realisasi" if reported else "", row=r, indicator=row.indicator)
        row.realisasi_to_date = [None] * 4
    else:
        _capaian(rd, layout, row, target_is_text)
    _budget(rd, layout, row)
    return row


def counts_for_average(row: PkRow, config: Config) -> bool:
    """Whether an indicator's capaian tahunan enters an average (the sheet's, the agency's in the laporan): an
    applicable one, not above the plausible bound (warned at its cell)."""
    return row.applicable and compute.plausible(row.tahunan, config.capaian_bound)


def _fractions(rd: _Reader, layout: PkLayout, row: PkRow) -> None:
    """A level's quarter typed as a fraction among percentages (0,95 beside 95 or a target of 90): a warning at
    its cell, not counted (a level's figure to date is the quarter's own, so both go)."""
    for k, others in compute.fractions_among(row.target, row.realisasi):
        value = row.realisasi[k]
        if layout.realisasi[k] is not None:
            rd.problem("fraction-percent", row.row, layout.realisasi[k], variant="pk", quarter=ROMAN[k],
                       value=format_id(value), points=format_id(value * 100), row=row.row,
                       others=", ".join(format_id(v) for v in others if v is not None))
            row.realisasi[k] = row.realisasi_to_date[k] = None


def _capaian(rd: _Reader, layout: PkLayout, row: PkRow, target_is_text: bool) -> None:
    config, r = rd.config, row.row
    tc = layout.cols.get("target")
    at = tc if tc is not None else next((c for c in (*layout.target_month, *layout.target_tw) if c is not None), None)

    zero_realisasi = False   # T/R and a realisasi of 0: the capaian (2T-R)/T gives, said once for the row

    def capaian(realisasi, target):
        nonlocal zero_realisasi
        out = compute.capaian_pk(realisasi, target, negative=row.negative, negative_formula=config.negative_formula,
                                 decimals=config.decimals)
        zero_realisasi = zero_realisasi or out.reason == "zero-realisasi"
        return out

    no_target = False
    unplanned: list[int] = []
    year_plan = None
    if layout.periods == "tahunan":
        out = capaian(row.realisasi_tahunan, row.target)
        row.tahunan = out.value
        rd.unrounded(r).tahunan = out.exact
        no_target = out.reason == "no-target"
        if out.reason == "too-large":
            rd.problem("too-large", r, layout.cols["realisasi"], variant="pk", row=r)
    else:
        year_plan = _plan_against_annual(rd, layout, row) if layout.has_target_tw else None
        targets = compute.quarter_targets(row.target, row.target_tw if layout.has_target_tw else None,
                                          row.accumulation)
        if year_plan is not None:
            # the year's capaian is measured against the annual target the PK signed, not the quarters' plan
            targets[3] = row.target
        row.target_to_date = list(targets)
        unplanned = []   # quarters with a realisasi other than zero and no target planned up to them
        unrounded = rd.unrounded(r)
        for k in range(4):
            out = capaian(row.realisasi_to_date[k], targets[k])
            row.capaian[k], unrounded.capaian[k] = out.value, out.exact
            no_target = no_target or out.reason == "no-target"
            if out.reason == "no-target" and row.realisasi_to_date[k]:
                unplanned.append(k)
            if out.reason == "too-large" or (row.realisasi[k] is not None and row.realisasi_to_date[k] is None):
                c = layout.realisasi[k] if layout.realisasi[k] is not None else next(
                    c for c in layout.realisasi_month[3 * k: 3 * k + 3] + layout.realisasi_month if c is not None)
                rd.problem("too-large", r, c, variant="pk-quarter", row=r, quarter=ROMAN[k])
        if any(c is not None for c in layout.capaian_month):
            to_date = compute.accumulate(row.realisasi_month, row.accumulation)
            month_targets = compute.period_targets(row.target, row.target_month, row.accumulation, 12)
            for m in range(12):
                out = capaian(to_date[m], month_targets[m])
                row.capaian_month[m], unrounded.month[m] = out.value, out.exact
    upto = any(c in layout.to_date for c in layout.realisasi if c is not None)
    if row.accumulation == compute.KUMULATIF and not layout.monthly and not upto \
            and compute.looks_cumulative(row.realisasi, row.target):
        last = max(k for k in range(4) if row.realisasi[k] is not None)
        rd.problem("realisasi-cumulative", r, layout.realisasi[last], row=r, indicator=short_text(row.indicator, 50),
                   typed=", ".join(format_id(v) for v in row.realisasi if v is not None),
                   total=format_id(sum(v for v in row.realisasi if v is not None)), target=format_id(row.target))
    if year_plan is not None:
        would = capaian(row.realisasi_to_date[3], year_plan).value
        facts = dict(row=r, indicator=row.indicator, plan=format_id(year_plan), how=_PLAN_HOW[row.accumulation],
                     annual=format_id(row.target))
        if would is None:
            rd.problem("targets-disagree", r, at, **facts)
        else:
            rd.problem("targets-disagree", r, at, variant="with-capaian", would=format_id(would, 2), **facts)
    if zero_realisasi and at is not None:
        rd.problem("zero-realisasi-negative", r, at, row=r, indicator=row.indicator,
                   value=format_id(compute.capaian_pk(Decimal(0), Decimal(1), negative=True,
                                                      negative_formula=config.negative_formula).value, 2))
    annual_missing = row.target is None or row.target == 0
    if target_is_text or at is None:
        return   # the text was said where it was read
    if annual_missing and (no_target or not layout.has_target_tw):
        rd.problem("no-target", r, at, variant="pk", row=r, indicator=row.indicator)
    elif layout.periods != "tahunan" and unplanned:
        # the year has a target, a quarter reported before any was planned (a 0 then is "nothing yet")
        k = unplanned[0]
        c = next((c for c in (layout.target_tw[k], *layout.target_month[3 * k: 3 * k + 3]) if c is not None), at)
        rd.problem("no-target", r, c, variant="pk-quarter", row=r, quarter=ROMAN[k], indicator=row.indicator)


_PLAN_HOW = {compute.KUMULATIF: "dijumlahkan, Kumulatif", compute.AKHIR: "target TW IV, Akhir",
             compute.RATA_RATA: "rata-ratanya, Rata-rata"}
# Quarter targets that add up to the annual one within this share of it agree (33,33 x 3 is 100).
_PLAN_TOLERANCE = Decimal("0.001")


def _plan_against_annual(rd: _Reader, layout: PkLayout, row: PkRow) -> Decimal | None:
    """Quarter targets against the annual Target the PK signed.  Kumulatif targets typed cumulatively (3, 6, 9, 12
    under an annual 12: each the plan to date) are recognised and read as such (info).  Otherwise, when the
    quarters give another year's target (their sum, the TW IV one, or their mean), that figure is returned: the
    year's capaian is then measured against the annual target, and a warning says what the quarters would give.
    None when they agree, or when the plan is incomplete (a quarter without target) or there is no annual one."""
    tw = row.target_tw
    if "target" not in layout.cols or not row.target or layout.monthly or any(v is None for v in tw):
        return None
    plan = compute.annual_target(tw, row.accumulation)
    if plan is None or abs(plan - row.target) <= abs(row.target) * _PLAN_TOLERANCE:
        return None
    upto = any(c in layout.to_date for c in layout.target_tw if c is not None)
    if (row.accumulation == compute.KUMULATIF and not upto and all(b >= a for a, b in zip(tw, tw[1:]))
            and abs(tw[-1] - row.target) <= abs(row.target) * _PLAN_TOLERANCE):
        rd.problem("targets-cumulative", row.row, layout.target_tw[0], row=row.row, indicator=row.indicator,
                   typed=", ".join(format_id(v) for v in tw))
        row.target_tw[:] = [tw[0]] + [b - a for a, b in zip(tw, tw[1:])]
        return None
    return plan


def _budget(rd: _Reader, layout: PkLayout, row: PkRow) -> None:
    """Anggaran, realisasi anggaran and serapan.  Per-period budget columns are quarters (months are added
    into theirs): the serapan of a quarter is the realisasi to date over the pagu to date (the quarter
    budgets when given, else the annual pagu); the row's serapan is the one of the monitoring round.
    Every budget cell is rupiah ("1,2 miliar" is 1.200.000.000).  Realisasi anggaran above the pagu (to
    date, for a quarter) is a warning: spending beyond the DPA is almost always a typo."""
    cols, r, dec = layout.cols, row.row, rd.config.decimals
    unrounded = rd.unrounded(r)
    if layout.budget_periods:
        if "pagu" in cols:
            p, ok = rd.number(r, cols["pagu"], "Anggaran", money=True)
            row.pagu = p.value if ok else None
        for name, role, slots_q, slots_m, values, spent in (
                ("Anggaran", "pagu", layout.pagu_tw, layout.pagu_month, row.pagu_tw, False),
                ("Realisasi Anggaran", "realisasi_anggaran", layout.realisasi_anggaran_tw,
                 layout.realisasi_anggaran_month, row.realisasi_anggaran_tw, True)):
            monthly = any(c is not None for c in slots_m)
            period_names = list(MONTHS) if monthly else TW_NAMES

            def read(c: int, i: int, to_date: bool, name=name, spent=spent, period_names=period_names,
                     monthly=monthly) -> Decimal | None:
                what = f"{name} {'s.d. ' if to_date else ''}{period_names[i]}"
                if spent:
                    return rd.figure(r, c, what, i // 3 if monthly else i, money=True)
                return rd.number(r, c, what, money=True)[0].value

            typed, flags, cells = rd.periods(layout, r, role + ("_month" if monthly else "_tw"),
                                             slots_m if monthly else slots_q, read)
            # budgets add up over the year: a figure to date ("Realisasi Anggaran s.d. TW II") less the one before
            own = rd.own_of(row, typed, flags, cells, compute.KUMULATIF, name.lower(), period_names).own
            values[:] = compute.fold_months(own, compute.KUMULATIF) if monthly else own
        if row.pagu is None:
            row.pagu = compute.add(row.pagu_tw)
        spent = compute.accumulate(row.realisasi_anggaran_tw, compute.KUMULATIF)
        plan = compute.quarter_targets(row.pagu, row.pagu_tw, compute.KUMULATIF)
        for k in range(4):
            out = compute.serapan(spent[k], plan[k], dec)
            row.serapan_tw[k], unrounded.serapan_tw[k] = out.value, out.exact
        over = next((k for k in range(4) if spent[k] is not None and plan[k] is not None and 0 < plan[k] < spent[k]),
                    None)
        if over is not None:
            _over_budget_tw(rd, layout, row, over, spent[over], plan[over])
    elif "pagu" in cols and "realisasi_anggaran" in cols:
        p, ok = rd.number(r, cols["pagu"], "Anggaran", money=True)
        row.pagu = p.value if ok else None
        p, ok = rd.number(r, cols["realisasi_anggaran"], "Realisasi Anggaran", money=True)
        row.realisasi_anggaran = p.value if ok else None
        out = compute.serapan(row.realisasi_anggaran, row.pagu, dec)
        row.serapan, unrounded.serapan = out.value, out.exact
        if row.pagu is not None and row.realisasi_anggaran is not None and 0 < row.pagu < row.realisasi_anggaran:
            rd.problem("over-budget", r, cols["realisasi_anggaran"], variant="pk", row=r,
                       spent=format_id(row.realisasi_anggaran), pagu=format_id(row.pagu),
                       serapan=format_id(row.serapan, 2))


def _over_budget_tw(rd: _Reader, layout: PkLayout, row: PkRow, k: int, spent: Decimal, plan: Decimal) -> None:
    """The first quarter whose realisasi anggaran to date is above its pagu to date (the quarter budgets
    added, else the annual pagu): one warning per row, at that quarter's cell, where the typo likely is."""
    r = row.row
    monthly = any(c is not None for c in layout.realisasi_anggaran_month)
    slots = ([c for c in reversed(layout.realisasi_anggaran_month[3 * k: 3 * k + 3]) if c is not None] if monthly
             else [layout.realisasi_anggaran_tw[k]])
    c = next((c for c in slots if c is not None and rd.grid.filled(r, c)), None) or next(
        c for c in (*slots, *layout.realisasi_anggaran_tw, *layout.realisasi_anggaran_month) if c is not None)
    serapan = compute.serapan(spent, plan, rd.config.decimals).value
    per_quarter = any(x is not None for x in row.pagu_tw)
    rd.problem("over-budget", r, c, variant="pk-quarter" if per_quarter else "pk-quarter-annual-pagu", row=r,
               quarter=ROMAN[k], spent=format_id(spent), pagu=format_id(plan), serapan=format_id(serapan, 2))


def _targets_to_date(own: list[Decimal | None], mode: str) -> list[Decimal | None]:
    """The target up to each period from each period's own: the plan to date (Kumulatif), else the period's."""
    if mode != compute.KUMULATIF:
        return list(own)
    return [compute.add(own[: k + 1]) for k in range(len(own))]


def _to_date_name(role: str, i: int) -> str:
    """ "Realisasi s.d. TW II", "Target s.d. Maret": the name of a to-date column in messages."""
    word = {"realisasi": "Realisasi", "target": "Target", "pagu": "Anggaran",
            "realisasi_anggaran": "Realisasi Anggaran"}[role.rsplit("_", 1)[0]]
    return f"{word} s.d. " + (f"TW {ROMAN[i]}" if role.endswith("_tw") else MONTHS[i])


def _row_edits(res: PkSheetResult, grid: Grid, layout: PkLayout, row: PkRow, config: Config,
               is_percent_style: Callable[[int], bool], unrounded: _Unrounded | None = None,
               inputs: frozenset | set = frozenset()) -> None:
    """`unrounded`: the row's ratios before rounding, which a typed capaian is compared with.  `inputs`:
    the to-date cells beside an own column that the agency filled instead (read, not written)."""
    r = row.row
    cols = layout.cols
    exact = unrounded if unrounded is not None else _Unrounded()

    def put(c: int | None, value: Decimal | None, is_ratio: bool, label: str, unrounded=None) -> None:
        if c is not None:
            edit_computed(res, grid, r, c, value, is_ratio, is_percent_style, config, label, "", unrounded)

    def put_text(c: int | None, text: str) -> None:
        if c is None:
            return
        if text:
            res.edits.append(Edit(r, c, "text", text))
        elif grid.get(r, c) is not None and grid.get(r, c).value is not None:
            res.edits.append(Edit(r, c, "clear"))

    real_out, target_out = _quarter_outputs(layout)
    targets_to_date = _targets_to_date(row.target_tw, row.accumulation)
    for k in range(4):
        c = layout.realisasi[k]
        if real_out and c in layout.to_date:
            put(c, row.realisasi_to_date[k], False, f"Realisasi s.d. TW {ROMAN[k]}")
        elif real_out:
            put(c, row.realisasi[k], False, f"Realisasi TW {ROMAN[k]}")
        c = layout.target_tw[k]
        if target_out and c in layout.to_date:
            put(c, targets_to_date[k], False, f"Target s.d. TW {ROMAN[k]}")
        elif target_out:
            put(c, row.target_tw[k], False, f"Target TW {ROMAN[k]}")
        put(layout.capaian_tw[k], row.capaian[k], True, f"Capaian TW {ROMAN[k]}", exact.capaian[k])
    if layout.to_date_out and row.applicable:
        # to-date columns beside the periods' own ones: computed, but for the cells the agency filled instead
        to_date = {"realisasi_tw": row.realisasi_to_date, "target_tw": targets_to_date,
                   "pagu_tw": [compute.add(row.pagu_tw[: k + 1]) for k in range(4)],
                   "realisasi_anggaran_tw": compute.accumulate(row.realisasi_anggaran_tw, compute.KUMULATIF),
                   "realisasi_month": compute.accumulate(row.realisasi_month, row.accumulation),
                   "target_month": _targets_to_date(row.target_month, row.accumulation)}
        for (role, i), c in sorted(layout.to_date_out.items(), key=lambda kv: kv[1]):
            if (r, c) not in inputs:
                put(c, to_date[role][i], False, _to_date_name(role, i))
    for m in range(12):
        put(layout.capaian_month[m], row.capaian_month[m], True, f"Capaian {MONTHS[m]}", exact.month[m])
    put(cols.get("capaian_tahunan"), row.tahunan, True, "Capaian Tahunan" if layout.periods != "tahunan" else "Capaian",
        exact.tahunan)
    put_text(cols.get("predikat"), row.predikat)
    if layout.budget_periods:
        for k in range(4):
            put(layout.serapan_tw[k], row.serapan_tw[k], True, f"Serapan TW {ROMAN[k]}", exact.serapan_tw[k])
    if row.pagu is not None or row.realisasi_anggaran is not None:
        put(cols.get("serapan"), row.serapan, True, "Serapan Anggaran", exact.serapan)
        if cols.get("efisiensi") is not None and row.efisiensi is not None:
            res.edits.append(Edit(r, cols["efisiensi"], "number", row.efisiensi))
        put_text(cols.get("efisiensi_kategori"), row.efisiensi_kategori)


# -- what a PK sheet offers batch/ and report/ (FormResult's interface) -------------------------------------
def read_pk_header(grid: Grid, layout: PkLayout) -> HeaderInfo:
    """Agency, quarter and year above the PK's header rows."""
    return read_header(grid, layout.header_row - 1)


def plan_cell(layout: PkLayout) -> tuple[int, int] | None:
    """A table holding only a plan (Indikator and Target, no Realisasi): the cell of its Indikator heading."""
    return (layout.header_row, layout.cols["indikator"]) if layout.plan_only else None


_TW = ("tw1", "tw2", "tw3", "tw4")
# The round record's PK columns (batch/round_record.py describes them)
RECORD_COLUMNS = ("row", "sasaran", "indicator", "unit", "negative", "accumulation", "applicable", "target",
                  *(f"target_{q}" for q in _TW), *(f"realisasi_{q}" for q in _TW),
                  *(f"realisasi_sd_{q}" for q in _TW), *(f"capaian_{q}" for q in _TW), "tahunan", "predikat",
                  "pagu", "realisasi_anggaran", "serapan", "efisiensi", "efisiensi_kategori", "realisasi_tahunan",
                  "target_renstra", "tahunan_target", *(f"pagu_{q}" for q in _TW),
                  *(f"realisasi_anggaran_{q}" for q in _TW), *(f"serapan_{q}" for q in _TW), "tujuan")
RECORD_TEXT = frozenset(("row", "sasaran", "tujuan", "indicator", "unit", "predikat", "negative", "accumulation",
                         "applicable", "efisiensi_kategori"))
PkSheetResult.RECORD_COLUMNS, PkSheetResult.RECORD_TEXT = RECORD_COLUMNS, RECORD_TEXT


def _four(values) -> list:
    values = list(values or ())[:4]
    return values + [None] * (4 - len(values))


def _record_rows(rows) -> list[list]:
    return [[x.row, x.sasaran, x.indicator, x.unit, x.negative, x.accumulation, x.applicable, x.target,
             *_four(x.target_tw), *_four(x.realisasi), *_four(x.realisasi_to_date), *_four(x.capaian),
             x.tahunan, x.predikat, x.pagu, x.realisasi_anggaran, x.serapan, x.efisiensi, x.efisiensi_kategori,
             x.realisasi_tahunan, x.target_renstra, x.tahunan_target, *_four(x.pagu_tw),
             *_four(x.realisasi_anggaran_tw), *_four(x.serapan_tw), x.tujuan]
            for x in rows]


def _row_from_record(v: dict) -> PkRow:
    four = lambda name: [v.get(f"{name}_{q}") for q in _TW]   # noqa: E731
    return PkRow(row=v.get("row") or 0, sasaran=v.get("sasaran") or "", indicator=v.get("indicator") or "",
                 unit=v.get("unit") or "", negative=bool(v.get("negative")),
                 accumulation=v.get("accumulation") or PkRow.accumulation, applicable=v.get("applicable", True),
                 target=v.get("target"), target_tw=four("target"), realisasi=four("realisasi"),
                 realisasi_to_date=four("realisasi_sd"), capaian=four("capaian"), tahunan=v.get("tahunan"),
                 predikat=v.get("predikat") or "", pagu=v.get("pagu"), realisasi_anggaran=v.get("realisasi_anggaran"),
                 serapan=v.get("serapan"), efisiensi=v.get("efisiensi"),
                 efisiensi_kategori=v.get("efisiensi_kategori") or "", realisasi_tahunan=v.get("realisasi_tahunan"),
                 target_renstra=v.get("target_renstra"), tahunan_target=v.get("tahunan_target"),
                 pagu_tw=four("pagu"),
                 realisasi_anggaran_tw=four("realisasi_anggaran"), serapan_tw=four("serapan"),
                 tujuan=v.get("tujuan") or "")


def indikator_rows(r, s: PkSheetResult):
    """The rekap's Indikator PK rows of one PK sheet of the workbook result `r`."""
    n = sheet_number
    for row in s.rows:
        values = [r.info.agency, r.name, s.sheet, row.row, row.sasaran, row.indicator, row.unit,
                  row.polaritas, row.accumulation if row.applicable else "tidak berlaku", n(row.target)]
        values += [n(v) for v in row.realisasi] + [n(v) for v in row.capaian]
        values += [n(row.realisasi_tahunan), n(row.tahunan), row.predikat, n(row.pagu), n(row.realisasi_anggaran),
                   n(row.serapan), n(row.efisiensi), row.efisiensi_kategori]
        yield values


PkSheetResult.REKAP_TABLES = pk_tables.REKAP_TABLES   # (declared there: see pk_tables.py)


# Bahasa names of the PK columns' roles (forms/pk.py), for `lkjip check`.
ROLE_NAMES = {"no": "No", "tujuan": "Tujuan", "sasaran": "Sasaran", "indikator": "Indikator", "satuan": "Satuan",
              "polaritas": "Polaritas", "sifat": "Sifat", "target": "Target (tahunan)",
              "capaian_tahunan": "Capaian Tahunan", "predikat": "Predikat", "pagu": "Anggaran",
              "realisasi_anggaran": "Realisasi Anggaran", "serapan": "Serapan Anggaran",
              "efisiensi": "Efisiensi", "efisiensi_kategori": "Kategori Efisiensi", "realisasi": "Realisasi",
              "target_renstra": "Target Renstra", "realisasi_renstra": "Realisasi Renstra",
              "capaian_renstra": "Capaian Renstra"}


def _describe(sheet: PkSheetResult) -> dict:
    lay = sheet.layout
    columns = {role: col_letters(c) for role, c in sorted(lay.cols.items(), key=lambda kv: kv[1])}
    named = [(c, ROLE_NAMES.get(role, role)) for role, c in lay.cols.items()]
    for name, word, slots in (("realisasi", "Realisasi", lay.realisasi), ("target", "Target", lay.target_tw),
                              ("capaian", "Capaian", lay.capaian_tw), ("anggaran", "Anggaran", lay.pagu_tw),
                              ("realisasi_anggaran", "Realisasi Anggaran", lay.realisasi_anggaran_tw),
                              ("serapan", "Serapan Anggaran", lay.serapan_tw)):
        for k, c in enumerate(slots):
            if c is not None:
                upto = c in lay.to_date     # "Realisasi s.d. TW II": the figure to date
                columns[f"{name}{'_sd' if upto else ''}_tw{k + 1}"] = col_letters(c)
                named.append((c, f"{word} {'s.d. ' if upto else ''}TW {ROMAN[k]}"))
    for name, word, slots in (("target", "Target", lay.target_month), ("realisasi", "Realisasi", lay.realisasi_month),
                              ("capaian", "Capaian", lay.capaian_month), ("anggaran", "Anggaran", lay.pagu_month),
                              ("realisasi_anggaran", "Realisasi Anggaran", lay.realisasi_anggaran_month)):
        for m, c in enumerate(slots):
            if c is not None:
                upto = c in lay.to_date
                columns[f"{name}{'_sd' if upto else ''}_{MONTHS[m].lower()}"] = col_letters(c)
                named.append((c, f"{word} {'s.d. ' if upto else ''}{MONTHS[m]}"))
    words = {"realisasi": "Realisasi", "target": "Target", "pagu": "Anggaran", "realisasi_anggaran": "Realisasi Anggaran"}
    for (role, i), c in lay.to_date_out.items():   # beside the period's own column: computed
        base, period = role.rsplit("_", 1)
        when = f"TW {ROMAN[i]}" if period == "tw" else MONTHS[i]
        key = base.replace("pagu", "anggaran")
        columns[f"{key}_sd_" + (f"tw{i + 1}" if period == "tw" else MONTHS[i].lower())] = col_letters(c)
        named.append((c, f"{words[base]} s.d. {when} (dihitung)"))
    # the periods its columns cover
    return {"extra": {"periods": sheet.periods}, "header_rows": list(lay.header_rows), "columns": columns,
            "kolom": [(label, col_letters(c)) for c, label in sorted(named)], "formulas": []}
