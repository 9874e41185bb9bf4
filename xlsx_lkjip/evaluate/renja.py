"""One Renja sheet from found layout to results: parse the typed cells into numbers, compute every declared
formula per row and side (compute.py), the footer average and predikat, and the list of cell edits the
writer applies.  No XML and no file access here."""

from __future__ import annotations

from dataclasses import field, replace
from decimal import Decimal
from typing import Callable

from ..records import record
from . import compute
from .. import speedups
from ..config import FINAL_BLANK_ZERO, QUARTERS, Config
from ..forms.renja import SIDES, Block, RenjaLayout
from ..forms.renja_footer import KINDS as FOOTER_KINDS, FooterText, read_column_texts, read_footer_texts
from ..forms.vocabulary import is_placeholder
from ..io.grid import Grid, address, col_letters
from .numbers import DotConvention, format_id, parse_number
from ..problems import problem
from ..io.cell_writer import Edit
from .form_kind import ID, NUM, PCT, PREDIKAT, Col, RekapTable, sheet_number, sheet_numbers
from .sheet import (FormResult, cell_number, dot_convention, edit_computed, merged_figures, monitoring_round,
                    percent_points, read_dot_three, short_text, typed_capaian_summary, typed_cell_problem)
from ..patterns import lazy_re

FOOTER_LABEL = "Rata-rata capaian kinerja (%)"
# When the average rests on the Renstra capaian (the form declares no yearly one), the label says so.
FOOTER_LABEL_RENSTRA = "Rata-rata capaian kinerja (%) — kolom {n}, tingkat capaian Renstra"
PREDIKAT_LABEL = "Predikat kinerja"

LEVELS = {1: "urusan", 2: "bidang urusan", 3: "program", 4: "kegiatan", 5: "kegiatan"}
# The level of a totals row ("Jumlah", "Total Keseluruhan"): computed and written, never an indicator (not
# in any average, the predikat counts, Per Program or the LKjIP tables).
TOTALS = "jumlah"


@record
class RenjaRowResult:
    """One E.81 row evaluated: its program and indicator, figures per quarter, capaian and predikat."""

    row: int
    kode: str = ""
    level: str = ""
    sasaran: str = ""
    program: str = ""
    indicator: str = ""
    unit: str = ""
    target: dict[str, Decimal | None] = field(default_factory=dict)
    quarters: dict[str, list[Decimal | None]] = field(default_factory=dict)
    realisasi: dict[str, Decimal | None] = field(default_factory=dict)
    capaian: dict[str, Decimal | None] = field(default_factory=dict)
    predikat: str = ""
    # The agency's own cumulative progress per quarter ("I".."IV", in percent) where a quarter block has a
    # "%" sub-column (K | % | Rp): read as typed, never computed and never an input of the formulas.
    progress: dict[str, Decimal | None] = field(default_factory=dict)
    # E.81 columns 6, 15 and 16 (target akhir Renstra, realisasi s.d. this year, tingkat capaian), per side
    renstra_target: dict[str, Decimal | None] = field(default_factory=dict)
    renstra_realisasi: dict[str, Decimal | None] = field(default_factory=dict)
    renstra_capaian: dict[str, Decimal | None] = field(default_factory=dict)


@record(kw_only=True)
class RenjaSheetResult(FormResult):
    """One E.81 sheet evaluated: its layout and rows (with FormResult's average, edits and problems)."""

    form: str = "Renja"
    layout: RenjaLayout
    rows: list[RenjaRowResult] = field(default_factory=list)
    # the rows' target / realisasi / capaian are the Renstra columns (the form declares no yearly capaian)
    capaian_renstra: bool = False
    # the text of each block's footer lines (faktor pendorong / penghambat, tindak lanjut), where the agency
    # wrote any (forms/renja_footer.py): the LKjIP's faktor table shows it
    footer_texts: list[FooterText] = field(default_factory=list)

    # FormResult's interface (the functions are at the end of this module)
    ROW = RenjaRowResult
    LAPORAN = FormResult.PROGRAMS

    def capaian_for_average(self, side: str, config: Config) -> list[Decimal | None]:
        return counted_capaian(self.rows, config, side)

    def describe(self) -> dict:
        return _describe(self)

    def record_rows(self) -> list[list]:
        return _record_rows(self.rows)

    def record_extra(self) -> dict:
        extra = {"capaian_renstra": self.capaian_renstra}
        if self.footer_texts:   # only when there is text: a record without it reads as before
            extra["footer_text"] = [{"rows": [f.first_row, f.last_row], "texts": dict(f.texts),
                                     "cells": dict(f.cells)} for f in self.footer_texts]
        return extra

    @classmethod
    def record_fields(cls, sheet: dict) -> dict:
        return {"capaian_renstra": bool(sheet.get("capaian_renstra")),
                "footer_texts": _footer_texts_from_record(sheet.get("footer_text"))}

    @classmethod
    def row_from_record(cls, values: dict) -> RenjaRowResult:
        return _row_from_record(values)

    def progress_items(self):
        for row in self.rows:
            name = row.indicator or row.program
            yield (self.form, row.kode, name.casefold()), (self.form, row.kode, name), row.capaian.get("K")

    def graded(self):
        return ((row.row, row.capaian.get("K"), row.predikat) for row in self.rows)

    def program_rows(self, agency: str) -> list[list]:
        return _program_rows(self.rows, agency)


_KODE_SEP = lazy_re(r"[.,\s]+")
_ZERO = Decimal(0)


def kode_of(parts: list[str]) -> str:
    """Join kode split over physical columns: "5", "03", "01", "2.01", "01" -> "5.03.01.2.01.01"."""
    if all(parts):
        joined = ".".join(parts)
        # digits between single dots ("5", "03", "2.01"): what splitting and joining again would give
        if joined.replace(".", "").isdigit() and ".." not in joined and joined[0] != "." and joined[-1] != ".":
            return joined
    segs: list[str] = []
    for p in parts:
        if not p:   # an empty kode column (a program's row leaves the kegiatan columns blank)
            continue
        if p.isdigit():   # most parts ("5", "03"): nothing to split, no pattern to run
            segs.append(p)
            continue
        dotted = p.split(".")
        if all(dotted) and "".join(dotted).isdigit():   # "2.01": digits between single dots, as the pattern splits it
            segs.extend(dotted)
            continue
        for seg in _KODE_SEP.split(p.strip()):
            if seg:
                segs.append(seg)
    return ".".join(segs)


_DEEPER = {"urusan": "bidang urusan", "bidang urusan": "program", "program": "kegiatan", "kegiatan": "sub kegiatan"}


def _named_level(name: str) -> str:
    """The level a row's name says: "Program …", "Kegiatan …", "Sub Kegiatan …"; else ""."""
    low = " ".join(name.split()).lower()
    for level in ("sub kegiatan", "subkegiatan", "program", "kegiatan"):
        if low.startswith(level):
            return "sub kegiatan" if level == "subkegiatan" else level
    return ""


def level_of(kode: str, name: str, earlier: dict[str, tuple[str, str]] | None = None) -> str:
    """A row's level from its kode's depth and its role: a row repeating the kode of a row above under another
    name is not that row again (a kegiatan written with its program's kode): its name says its level, else
    it is one level deeper.  `earlier`: kode -> (level, name) of the first row above that carried it."""
    return _level_of(kode, " ".join(name.split()), earlier)


def _level_of(kode: str, name: str, earlier: dict[str, tuple[str, str]] | None) -> str:
    """level_of of a name already written with single spaces (" ".join(name.split()))."""
    if kode and earlier is not None and kode in earlier:
        level, first_name = earlier[kode]
        if name and name.lower() != first_name.lower():
            return _named_level(name) or _DEEPER.get(level, level)
        return level   # the same item again: another indicator of it
    n = len(kode.split(".")) if kode else 0
    if n >= 6:
        return "sub kegiatan"
    if n:
        return LEVELS[n]
    return _named_level(name)


def evaluate_renja_sheet(grid: Grid, layout: RenjaLayout, sheet: str, config: Config,
                   is_percent_style: Callable[[int], bool], hidden: bool = False,
                   is_date_style: Callable[[int], bool] = lambda style: False,
                   stated_round: int | None = None) -> RenjaSheetResult:
    """`stated_round`: the quarter (1-4) the sheet's title or the file name states, if any."""
    res = RenjaSheetResult(sheet=sheet, layout=layout, hidden=hidden, stated_round=stated_round,
                      capaian_renstra=layout.roles.capaian_renstra)
    cols = layout.columns
    roles = layout.roles
    formulas = layout.formulas
    ratio_targets = {f.target for f in formulas if f.kind == "ratio"}
    inputs = layout.numeric_inputs()
    where = {"sheet": sheet}

    for label_col, label in layout.unknown_labels:
        res.problems.append(problem("unknown-label", cell=address(layout.numbered_row, label_col), label=label, **where))
    for u in layout.unread_headers:
        at = address(layout.numbered_row, u.col)
        if u.missing:
            res.problems.append(problem("unread-header", variant="missing-parts", cell=at, column=u.number,
                                        header=u.header, missing=" dan ".join("kolom " + m for m in u.missing), **where))
        elif u.header:
            res.problems.append(problem("unread-header", variant="unknown", cell=at, column=u.number, header=u.header,
                                        **where))
        else:
            res.problems.append(problem("unread-header", variant="untitled", cell=at, column=u.number, **where))
    if layout.from_headers:
        res.problems.append(problem("formulas-from-headers", cell=address(layout.numbered_row, cols[min(cols)].first),
                                    labels=", ".join(f.label for f in formulas), **where))
    _witness_problems(res, layout)
    if roles.capaian_renstra and roles.capaian in cols:
        res.problems.append(problem("capaian-column", cell=address(layout.numbered_row, cols[roles.capaian].first),
                                    column=roles.capaian, header=short_text(cols[roles.capaian].header, 70), **where))
    if not layout.data_rows:
        res.problems.append(problem("no-data-rows", variant="renja",
                                    cell=address(layout.numbered_row, cols[min(cols)].first), **where))

    text = grid.text
    cells = grid.cells

    cell_texts = speedups.cell_texts

    def texts_of(physical: list[int], r: int) -> list[str]:   # grid.text of each (C: at once)
        if cell_texts is not None:
            return cell_texts(cells, r, physical, text)
        out = []
        for c in physical:   # (what cell_texts does: a str stripped here, anything but None by grid.text)
            t = cells.get((r, c))
            v = None if t is None else t[0]
            out.append(v.strip() if type(v) is str else "" if v is None else text(r, c))
        return out

    def text_of(physical: list[int] | None, r: int) -> str:
        if physical is None:
            return ""
        if len(physical) == 1:   # grid.text is stripped already: the join below would give it back as it is
            return text(r, physical[0])
        return " ".join([t for t in texts_of(physical, r) if t]).strip()

    def physical_of(number: int | None) -> list[int] | None:
        return cols[number].physical if number is not None and number in cols else None

    # What depends on the layout only, once: per side the formulas it takes, and where each one writes.
    by_side = []
    for side in SIDES:
        side_formulas = _side_formulas(res, layout, side)
        targets = [(f, f.target, cols[f.target].sides[side], f.kind == "ratio", "percent" if f.kind == "ratio"
                    else "number", f.label or str(f.target)) for f in side_formulas]
        by_side.append((side, side_formulas, targets, [f for f in side_formulas if f.kind == "sum"]))
    kode_cols = physical_of(roles.kode)
    # the indicator's unit: a Satuan column of its own, or a Satuan sub-column inside a block
    unit_col = (cols[roles.satuan].first if roles.satuan in cols else
                next((col.unit_col for _n, col in sorted(cols.items()) if col.unit_col is not None), None))
    # the agency's "%" progress in the quarter blocks (K | % | Rp)
    progress_cols = [(QUARTERS[i], cols[q].progress) for i, q in enumerate(roles.quarters[:4])
                     if q in cols and cols[q].progress is not None]
    # rupiah per unit of each Rp figure ("Rp. (000)": thousands), for the rekap
    scaled = {n: col.money_scale for n, col in cols.items() if col.money_scale != 1 and n not in ratio_targets}
    exported_zeros = _exported_zeros(grid, layout.data_rows, [t[2] for _s, _f, targets, _u in by_side for t in targets])
    if exported_zeros:
        res.problems.append(problem("exported-zeros", cell=address(layout.numbered_row, cols[min(cols)].first),
                                    **where))
    program_cols, indicator_cols, sasaran_cols = (physical_of(roles.program), physical_of(roles.indicator),
                                                   physical_of(roles.sasaran))
    # The kode's columns, the names' and the unit's: a row's texts in one call (C: at once) when each name is in
    # one physical column or none (column 0 is never a cell: its text is ""), else each name joined by text_of
    single = all(p is None or len(p) == 1 for p in (program_cols, indicator_cols, sasaran_cols))
    head_cols = [*(kode_cols or ()), *(p[0] if p is not None else 0 for p in (program_cols, sasaran_cols,
                                                                            indicator_cols)),
                 unit_col if unit_col is not None else 0] if single else None
    target_n, realisasi_n, quarters = roles.target, roles.realisasi, roles.quarters
    capaian_n = roles.capaian if roles.capaian in ratio_targets else None
    renstra_n = ((roles.renstra_target, roles.renstra_realisasi, roles.renstra_capaian)
                 if roles.renstra_capaian in ratio_targets else None)
    # The year's capaian (14 = 13/8, 13 the sum of the quarters): on the Rp side, realisasi above the pagu is a
    # warning.  Not a Renstra ratio (16 = 15/6), whose indicative budget is often exceeded.
    capaian_f = next((f for f in formulas if f.kind == "ratio" and f.target == capaian_n), None)
    year_sum = next((f for f in formulas if capaian_f is not None and f.kind == "sum"
                     and f.target == capaian_f.parts[0]), None)
    if year_sum is None or len(year_sum.parts) < 3 or set(year_sum.parts) != set(roles.quarters):
        capaian_f = None
    # per side, asked once (a formula's == compares its fields): does it sum the year, does it check the pagu
    sums_year = {side: year_sum is not None and year_sum in fs for side, fs, _t, _s in by_side}
    checks_pagu = {side: capaian_f is not None and capaian_f in fs for side, fs, _t, _s in by_side}
    edits = res.edits
    decimals = config.decimals
    totals = layout.totals_rows
    if totals:
        first = min(totals)
        res.problems.append(problem("totals-row", cell=address(first, cols[min(cols)].first), label=totals[first],
                                    rows=", ".join(map(str, sorted(totals))), **where))
    new_edit = tuple.__new__    # Edit(...) without its Python-level __new__: one per computed cell
    # (C: the end of a side of a row - evaluate, the edits of empty cells, the row's figures - at once, when
    # nothing is kept as typed; not for money in thousands, which the rekap scales)
    side_end = speedups.renja_side
    side_specs = {side: (fs, targets, decimals, compute.evaluation_constants(decimals), side, target_n, list(quarters),
                         realisasi_n, capaian_n, renstra_n,
                         tuple(capaian_f.parts[:2]) if side == "Rp" and checks_pagu[side] else None, {})
                  for side, fs, targets, _sums in by_side if not (scaled and side == "Rp")} \
        if side_end is not None else {}

    def level_like(indicator: str, unit: str) -> bool:   # (what _level_summed asks of a row summed past 100)
        return compute.accumulation_of(indicator, unit, "", config) == compute.AKHIR

    # and the checks before it (typed totals, a level summed, quarters typed to date) when none finds anything
    side_checks = {side: (tuple((f.target, f.parts, cols[f.target].sides[side]) for f in sums),
                          tuple(year_sum.parts) if side == "K" and sums_year[side] else None, target_n, _ZERO,
                          100, level_like) for side, _fs, _t, sums in by_side}

    def side_said(side, targets, got, missing):   # what the C side found, said as the Python code says it
        reasons, over = got
        if reasons:
            for f, n, c, _is_ratio, _kind, _label in targets:
                if n in reasons:
                    _reason(res, layout, missing, f, n, side, reasons[n], address(r, c))
        if over:
            allv = typed[side]
            _over_budget(res, layout, r, capaian_f, allv[capaian_f.parts[0]], allv[capaian_f.parts[1]],
                         allv.get(capaian_n))

    # The monitoring round: quarters after it must be empty; figures typed there are a warning, not counted.
    late = set(roles.quarters[config.triwulan:]) if config.triwulan else set()
    first_of_kode: dict[str, tuple[str, str]] = {}   # kode -> (level, name) of the first row carrying it
    dots = None   # how the sheet writes a dot (DotConvention), read once a K cell needs it
    typed_row = speedups.typed_row   # (C: a row of plain number cells at once; None: the loop below reads it)
    empty_edits = speedups.empty_edits
    for r in layout.data_rows:
        unit = ""
        typed = typed_row(cells, r, inputs, SIDES, is_date_style, is_percent_style, percent_points, late, _ZERO) \
            if typed_row is not None else None
        if typed is None:
            typed = {s: {} for s in SIDES}
            for number, side, c in inputs:
                t = cells.get((r, c))   # (value, kind, formula, style)
                # the common cases without building a Parsed: nothing typed, or a number cell
                if t is None or (t[0] is None and not t[2]):
                    typed[side][number] = None
                    continue
                if t[1] == "n" and not is_date_style(t[3]):
                    value = percent_points(t[0]) if is_percent_style(t[3]) else t[0]
                elif t[1] == "s" and is_placeholder(t[0]):
                    value = None   # a template's "{realisasi}" / "……": not filled in yet, nothing to warn about
                else:
                    parsed, why = cell_number(grid.get(r, c), date_style=is_date_style(t[3]), money=side == "Rp")
                    scale = scaled.get(number, 1) if side == "Rp" else 1
                    if parsed.readings and scale != 1:
                        # "144,300" in a column in thousands is 144.300 rupiah: whole rupiah, so the comma is decimal
                        parsed, why = parse_number(t[0]), ""
                    if parsed.magnitude and parsed.value is not None and scale != 1:
                        # "Rp 550 juta" in a thousands column: 550.000.000 rupiah is 550.000 of the column's units
                        parsed = replace(parsed, value=parsed.value / scale)
                    said = typed_cell_problem(parsed, why, address(r, c), _col_name(layout, number, side), t[0], sheet,
                                              scale)
                    if said is not None:
                        res.problems.append(said)
                    value = parsed.value if parsed.reported else None
                    if side == "K" and value is not None and DotConvention.applies(t[0]):
                        if dots is None:
                            dots = dot_convention(grid, layout.data_rows)
                        value = read_dot_three(res, dots, r, c, t[0], _col_name(layout, number, side), value)
                    if side == "K" and number == roles.target and parsed.unit and not parsed.percent:
                        unit = parsed.unit
                if value is not None and value < 0:
                    # a Renja figure (a count, a rupiah amount) is rarely below zero: most likely a typo, so say it
                    res.problems.append(problem("negative-figure", cell=address(r, c),
                                                column=_col_name(layout, number, side), value=format_id(value),
                                                **where))
                if number in late and value is not None:
                    res.problems.append(problem("after-round", cell=address(r, c),
                                                column=_col_name(layout, number, side),
                                                round=QUARTERS[config.triwulan - 1], **where))
                    value = None
                typed[side][number] = value
        if head_cols is not None:
            *kode_parts, program, sasaran, indicator, unit_text = texts_of(head_cols, r)
            kode = kode_of(kode_parts)
        else:
            kode = kode_of(texts_of(kode_cols, r) if kode_cols is not None else [])
            program, sasaran, indicator = (text_of(program_cols, r), text_of(sasaran_cols, r),
                                           text_of(indicator_cols, r))
            unit_text = text(r, unit_col) if unit_col is not None else ""
        unit = unit_text or unit
        name = " ".join(program.split())   # (once: the level and the first-of-kode record both take it)
        level = TOTALS if r in totals else _level_of(kode, name, first_of_kode)
        if kode and kode not in first_of_kode:
            first_of_kode[kode] = (level, name)
        row = RenjaRowResult(row=r, kode=kode, level=level, sasaran=sasaran, program=program, unit=unit, target={},
                             quarters={}, indicator=indicator, realisasi={}, capaian={})
        missing: dict = {}   # ratio formula -> sides whose target is empty: one warning per row and ratio
        if roles.target is not None:
            typed_k = typed["K"]
            for n in roles.quarters:   # a quarter typed as a fraction (0 < v <= 1)? (a loop: no generator per row)
                v = typed_k.get(n)
                if v and 0 < v <= 1:
                    _fractions(res, layout, config, row, roles, typed_k)
                    break
        for side, side_formulas, targets, side_sums in by_side:
            spec = side_specs.get(side)
            if spec is not None:
                got = side_end(spec, typed[side], cells, r, edits, Edit, row, side_checks[side])
                if got is not None:   # the checks found nothing, the side was done in C
                    if got[0] or got[1]:
                        side_said(side, targets, got, missing)
                    continue
            kept = _typed_totals(res, grid, layout, r, side, side_sums, typed[side]) if side_sums else {}
            fixed = kept
            if side == "K" and sums_year[side]:
                quarters_k = list(map(typed[side].get, year_sum.parts))
                level = _level_summed(res, layout, config, row, year_sum, quarters_k)
                fixed = {**kept, **level} if level else kept
                if not level and compute.looks_cumulative(quarters_k, typed[side].get(target_n)):
                    last = max(p for p in year_sum.parts if typed[side].get(p) is not None)
                    res.problems.append(problem(
                        "realisasi-cumulative", cell=address(r, cols[last].sides["K"]), sheet=sheet, row=r,
                        indicator=short_text(row.indicator or row.program, 50),
                        typed=", ".join(format_id(v) for v in quarters_k if v is not None),
                        total=format_id(sum(v for v in quarters_k if v is not None)),
                        target=format_id(typed[side][target_n])))
            if spec is not None and not fixed:
                got = side_end(spec, typed[side], cells, r, edits, Edit, row)
                if got is not None:   # the checks said what they found; the rest done in C
                    if got[0] or got[1]:
                        side_said(side, targets, got, missing)
                    continue
            if fixed:
                values, reasons = compute.evaluate([f for f in side_formulas if f.target not in fixed],
                                                   {**typed[side], **fixed}, decimals)
                values.update(fixed)
            else:
                values, reasons = compute.evaluate(side_formulas, typed[side], decimals)
            # (C: every target cell of the row empty, the edits at once; else, or without it, the loop)
            done = empty_edits is not None and empty_edits(targets, values, cells, r, kept, edits, Edit)
            for f, n, c, is_ratio, kind, label in (() if done and not reasons else targets):
                if kept and n in kept:
                    continue   # the typed total stays as typed
                if done:
                    if reasons and n in reasons:
                        _reason(res, layout, missing, f, n, side, reasons[n], address(r, c))
                    continue
                new = values[n]
                t = cells.get((r, c))
                if t is not None and t[0] is None and not t[2]:
                    # an empty cell: nothing typed to compare, no style to borrow (what edit_computed does)
                    if new is not None:
                        edits.append(new_edit(Edit, (r, c, kind, new, None)))
                else:
                    exact = None
                    if is_ratio and new is not None:   # a typed capaian is compared with the value before rounding
                        a, b = (values[p] if p in values else typed[side].get(p) for p in f.parts)
                        exact = compute.ratio_exact(a, b, f.percent)
                    edit_computed(res, grid, r, c, new, is_ratio, is_percent_style, config, label, side, exact)
                if reasons and n in reasons:
                    _reason(res, layout, missing, f, n, side, reasons[n], address(r, c))
            allv = typed[side]   # the typed figures, then the computed ones over them
            allv.update(values)
            if side == "Rp" and checks_pagu[side]:
                spent, pagu = allv.get(capaian_f.parts[0]), allv.get(capaian_f.parts[1])
                if spent is not None and pagu is not None and 0 < pagu < spent:
                    _over_budget(res, layout, r, capaian_f, spent, pagu, allv.get(capaian_n))
            if scaled and side == "Rp":   # money in thousands or millions: the rekap is in rupiah
                allv = {n: (v * scaled[n] if v is not None and n in scaled else v) for n, v in allv.items()}
            row.target[side] = allv.get(target_n) if target_n else None
            row.quarters[side] = list(map(allv.get, quarters))
            row.realisasi[side] = allv.get(realisasi_n) if realisasi_n else None
            row.capaian[side] = allv.get(capaian_n) if capaian_n is not None else None
            if renstra_n is not None:
                row.renstra_target[side], row.renstra_realisasi[side], row.renstra_capaian[side] = map(allv.get, renstra_n)
        for q, c in progress_cols:
            row.progress[q] = _progress(cells.get((r, c)), is_percent_style)
        for f, sides in missing.items():
            res.problems.append(problem("no-target", variant="renja", cell=address(r, cols[f.denominator].sides[sides[0]]),
                                        row=r, column=f.target, target_column=f.denominator,
                                        sides=" dan ".join(sides), **where))
        res.rows.append(row)

    merged_figures(res, grid, layout.data_rows,
                    {c: (_col_name(layout, number, side), False) for number, side, c in inputs} |
                    {c: (_col_name(layout, n, side), True)
                     for side, _f, targets, _s in by_side for _f2, n, c, *_ in targets})

    # the round whose scale grades the capaian
    res.round = monitoring_round(config.triwulan, stated_round, [q for row in res.rows for q in row.quarters.values()])
    scale = config.scale_for(res.round)
    if capaian_n is not None:
        _unreported(res, layout, config, capaian_n)
    bound = config.capaian_bound
    for row in res.rows:
        cap = row.capaian.get("K")
        if cap is not None and cap > bound and capaian_n is not None and row.level != TOTALS:
            res.problems.append(problem("implausible-capaian", cell=address(row.row, cols[capaian_n].sides["K"]),
                                        sheet=res.sheet, row=row.row, capaian=format_id(cap, 2),
                                        bound=format_id(bound)))
        if row.level != TOTALS:   # a sum is no indicator: no predikat, so never in the predikat counts
            row.predikat = compute.predikat(row.capaian.get("K"), scale, config.decimals)
    for r in layout.data_rows:
        if r in grid.hidden_rows:   # still computed; staff should know a row they may not see counts
            res.problems.append(problem("hidden-row", cell=address(r, cols[min(cols)].first), row=r, **where))
    _footer(res, grid, layout, config, is_percent_style, scale)
    res.footer_texts = sorted(
        read_footer_texts(grid, layout.blocks or [Block(layout.data_rows, layout.footer_row, layout.predikat_row)],
                          {c for col in cols.values() for c in col.sides.values()})
        + read_column_texts(grid, layout.data_rows, [(col.first, col.header) for col in cols.values()
                                                     if not col.sides]), key=lambda f: (f.first_row, f.last_row))
    typed_capaian_summary(res)
    return res


def _reason(res: RenjaSheetResult, layout: RenjaLayout, missing: dict, f, n: int, side: str, reason: str,
            cell: str) -> None:
    """Why a computed cell stays empty: a ratio without its target (said once per row, in `missing`), or a
    result beyond what a cell holds."""
    if reason == "no-target":
        missing.setdefault(f, []).append(side)
    elif reason == "too-large":
        res.problems.append(problem("too-large", variant="renja", cell=cell, column=_col_name(layout, n, side),
                                    sheet=res.sheet))


def _witness_problems(res: RenjaSheetResult, layout: RenjaLayout) -> None:
    """What deciding the formulas from headings and labels says: the columns a heading decided (once), a label
    the heading replaced or contradicted, and the columns left empty because an input was not computed."""
    w, row = layout.witnesses, layout.numbered_row
    where = {"sheet": res.sheet}
    if w.from_heading:
        res.problems.append(problem("formulas-from-headers", variant="unlabelled",
                                    cell=address(row, layout.columns[w.from_heading[0].target].first),
                                    labels=", ".join(f.label for f in w.from_heading), **where))
    for col, label, f in w.label_unread:
        res.problems.append(problem("unknown-label", variant="heading-used", cell=address(row, col), label=label,
                                    column=f.target, formula=f.label, **where))
    for d in w.disagreements:
        res.problems.append(problem("label-heading", cell=address(row, d.col), column=d.number, label=d.label,
                                    header=d.header, heading=d.heading_formula, **where))
    for b in w.blocked:
        res.problems.append(problem("input-not-computed", variant="label" if b.why == "label" else
                                    "header" if b.why == "header" else "blank" if b.why == "blank" else "input", cell=address(row, b.col), column=b.number,
                                    label=b.label, input=b.missing, **where))


def _side_formulas(res: RenjaSheetResult, layout: RenjaLayout, side: str) -> list:
    """The formulas computed on one side (K or Rp): a column written on that side whose input has no such
    sub-column (a target column without a K | Rp split) is not computed there, and neither is what is built
    on it; said once per sheet and column."""
    cols = layout.columns
    missing: set[int] = set()
    out = []
    for f in layout.formulas:   # in evaluation order: a blocked input is known before its dependants
        if side not in cols[f.target].sides:
            continue
        gone = next((p for p in f.parts if side not in cols[p].sides or p in missing), None)
        if gone is None:
            out.append(f)
            continue
        missing.add(f.target)
        at = address(layout.numbered_row, cols[f.target].sides[side])
        if gone in missing:
            res.problems.append(problem("input-not-computed", variant="input", cell=at, column=f"{f.target} {side}",
                                        label=f.label or str(f.target), input=f"{gone} {side}", sheet=res.sheet))
        else:
            res.problems.append(problem("input-not-computed", variant="side", cell=at, column=f.target, side=side,
                                        label=f.label or str(f.target), input=gone, sheet=res.sheet))
    return out


def _fractions(res: RenjaSheetResult, layout: RenjaLayout, config: Config, row: RenjaRowResult, roles,
               typed: dict) -> None:
    """A level indicator's quarter typed as a fraction among percentages (0,95 beside a target of 90): a warning
    at its cell, and the figure is not counted (read as 0,95 % or as 95 % the capaian differs a hundredfold)."""
    if compute.accumulation_of(row.indicator, row.unit, "", config) != compute.AKHIR:
        return
    for k, others in compute.fractions_among(typed.get(roles.target), [typed.get(n) for n in roles.quarters]):
        n = roles.quarters[k]
        value = typed[n]
        res.problems.append(problem(
            "fraction-percent", cell=address(row.row, layout.columns[n].sides["K"]), sheet=res.sheet,
            column=_col_name(layout, n, "K"), value=format_id(value), points=format_id(value * 100), row=row.row,
            others=", ".join(format_id(v) for v in others if v is not None)))
        typed[n] = None


def _level_summed(res: RenjaSheetResult, layout: RenjaLayout, config: Config, row: RenjaRowResult, f,
                  quarters: list) -> dict:
    """A level-like indicator (a percentage, an index: the words that make a PK indicator "Akhir", so Renja and PK
    read the same wording alike) whose quarters the label adds past 100: a level is not summed.  Its year's
    realisasi is the latest quarter reported, as the PK reads it, with a warning that says so.  Summed up to
    100 the quarters may be the year's parts (25 % a quarter) and the label stands.  `quarters`: the typed
    figures of f's parts, in order."""
    reported = [q for q in quarters if q is not None]
    if len(reported) < 2:
        return {}
    total = sum(reported, Decimal(0))
    # (the sum first: it is cheaper than reading the indicator's wording, and most rows stop here)
    if total <= 100 or compute.accumulation_of(row.indicator, row.unit, "", config) != compute.AKHIR:
        return {}
    latest = reported[-1]
    res.problems.append(problem("level-summed", cell=address(row.row, layout.columns[f.target].sides["K"]),
                                sheet=res.sheet, row=row.row, indicator=short_text(row.indicator, 50), label=f.label or
                                str(f.target), total=format_id(total), latest=format_id(latest)))
    return {f.target: latest}


def _typed_totals(res: RenjaSheetResult, grid: Grid, layout: RenjaLayout, r: int, side: str, formulas,
                  typed: dict) -> dict:
    """Sums (of `formulas`, the side's sum formulas) typed by the agency whose parts are all empty (column 13
    filled, 9-12 not): the typed total is kept and the columns computed from it use it, with a warning at its
    cell (erasing it would report nothing realised, against what the agency typed).  A 0 or "-" there is a
    placeholder, not a total."""
    kept: dict[int, Decimal] = {}
    reported: set[int] = set()   # sums with a part reported: computed as usual
    for f in formulas:
        if f.kind != "sum":
            continue
        for p in f.parts:   # (a loop, not any() over a generator: this runs for every row and side)
            if typed.get(p) is not None or p in kept or p in reported:
                break
        else:
            p = None
        if p is not None:
            reported.add(f.target)
            continue
        c = layout.columns[f.target].sides[side]
        cell = grid.get(r, c)
        if cell is None or cell.formula or cell.value is None:
            continue
        parsed, why = cell_number(cell, money=side == "Rp")
        if why or parsed.kind != "number" or not parsed.value:
            continue
        kept[f.target] = parsed.value
        res.problems.append(problem("typed-total", cell=address(r, c), sheet=res.sheet,
                                    column=_col_name(layout, f.target, side), value=format_id(parsed.value),
                                    parts=", ".join(str(p) for p in f.parts)))
    return kept


def _unreported(res: RenjaSheetResult, layout: RenjaLayout, config: Config, capaian_n: int) -> None:
    """Rows of the average with a target and no realisasi at all: never out of the average without a word.
    Before the year's last round they are only not reported yet (info).  In the last round (TW IV) a target
    nothing was typed against all year is a warning, and counts as 0 % (`final_blank` "nol", the default,
    written in the capaian column so every figure shown agrees) or stays out of the averages."""
    final = res.round == 4
    zero = final and config.final_blank == FINAL_BLANK_ZERO
    cols = layout.columns[capaian_n].sides
    sides_of = list(cols)
    for row in res.rows:
        # (a row with its capaian on every side has no side to say: most rows stop here, before the rule)
        if None not in map(row.capaian.get, sides_of) or not counts_for_average(row, config):
            continue
        # nothing typed: no quarter and no year's realisasi (a sum too large to hold was said where it arose)
        sides = [side for side in cols if row.target.get(side) and row.capaian.get(side) is None
                 and row.realisasi.get(side) is None and all(v is None for v in row.quarters.get(side) or ())]
        if not sides:
            continue
        at = address(row.row, cols[sides[0]])
        facts = dict(cell=at, sheet=res.sheet, row=row.row, column=capaian_n, sides=" dan ".join(sides))
        if not final:
            res.problems.append(problem("unreported", variant="pending", **facts))
            continue
        res.problems.append(problem("unreported", variant="final-zero" if zero else "final-out", **facts))
        if zero:
            for side in sides:
                row.capaian[side] = Decimal("0")
                c = cols[side]
                res.edits[:] = [e for e in res.edits if (e.row, e.col) != (row.row, c)]
                res.edits.append(Edit(row.row, c, "percent", Decimal("0")))


def _exported_zeros(grid: Grid, rows: list[int], computed_cols: list[int]) -> bool:
    """Whether every filled computed cell of the data rows holds a plain 0: what an application exports in
    place of the figures it did not compute.  Those zeros are replaced without a warning for each cell."""
    cells = grid.cells
    if speedups.exported_zeros is not None and type(rows) is list and type(computed_cols) is list:
        return speedups.exported_zeros(cells, rows, computed_cols)   # (the loop below in C)
    zeros = False
    for r in rows:
        for c in computed_cols:
            t = cells.get((r, c))
            if t is None or (t[0] is None and not t[2]):
                continue
            if t[2] or t[1] != "n" or t[0] != 0:
                return False
            zeros = True
    return zeros


def _progress(t: tuple | None, is_percent_style: Callable[[int], bool]) -> Decimal | None:
    """A "%" progress cell in percent: 0,5 shown as 50 % is 50; a number typed as text as it reads."""
    if t is None or t[0] is None:
        return None
    if t[1] == "n":
        return percent_points(t[0]) if is_percent_style(t[3]) else t[0]
    if t[1] == "s":
        parsed = parse_number(t[0])
        return parsed.value if parsed.kind == "number" else None
    return None


def _over_budget(res: RenjaSheetResult, layout: RenjaLayout, r: int, f, spent: Decimal, pagu: Decimal,
                 capaian: Decimal | None) -> None:
    """Realisasi anggaran above the pagu (capaian Rp above 100 %): spending beyond the DPA is almost always
    a typo, in a quarter's realisasi or in the pagu."""
    c = layout.columns[f.target].sides["Rp"]
    facts = dict(row=r, spent_column=f.parts[0], spent=format_id(spent), pagu_column=f.parts[1], pagu=format_id(pagu))
    if capaian is not None:
        res.problems.append(problem("over-budget", variant="renja", cell=address(r, c), sheet=res.sheet,
                                    capaian=format_id(capaian, 2), **facts))
    else:
        res.problems.append(problem("over-budget", variant="renja-no-capaian", cell=address(r, c), sheet=res.sheet,
                                    **facts))


def _col_name(layout: RenjaLayout, number: int, side: str) -> str:
    """A Renja column as the problems name it: "kolom 9 K"."""
    return f"kolom {number}{' ' + side if side else ''}"


def _footer(res: RenjaSheetResult, grid: Grid, layout: RenjaLayout, config: Config,
            is_percent_style: Callable[[int], bool], scale) -> None:
    """The sheet's average and predikat over every block, and each footer's own: the figures of its block."""
    cap = layout.roles.capaian
    if cap is None or cap not in layout.columns:
        return
    sides = [side for side in SIDES if side in layout.columns[cap].sides]
    exact_average: dict[str, Decimal | None] = {}
    for side in sides:
        res.average[side], res.predikat[side], exact_average[side] = _averaged(res.rows, side, config, scale)
    blocks = layout.blocks or [Block(layout.data_rows, layout.footer_row, layout.predikat_row)]
    if len(blocks) == 1:
        _write_footer(res, grid, layout, config, is_percent_style, blocks[0], res.average, res.predikat,
                      exact_average)
        return
    by_row = {row.row: row for row in res.rows}
    said = []
    for block in blocks:
        if block.footer_row is None:   # rows with figures under the last footer: counted, and said
            res.problems.append(problem("rows-below-footer", cell=address(block.rows[0], layout.columns[min(layout.columns)].first),
                                        sheet=res.sheet, rows=_span(block.rows)))
            continue
        rows = [by_row[r] for r in block.rows if r in by_row]
        average, predikat, exact = {}, {}, {}
        for side in sides:
            average[side], predikat[side], exact[side] = _averaged(rows, side, config, scale)
        _write_footer(res, grid, layout, config, is_percent_style, block, average, predikat, exact)
        said.append(f"baris {_span(block.rows) if block.rows else '-'}: {_percent(average, sides)}")
    res.problems.append(problem("blocks", cell=address(blocks[0].footer_row or blocks[0].rows[0],
                                                       layout.columns[min(layout.columns)].first),
                                sheet=res.sheet, count=len(blocks), blocks="; ".join(said),
                                average=_percent(res.average, sides)))


def _percent(average: dict, sides: list[str]) -> str:
    """The K side's average as a reader sees it ("71,00 %"), or "kosong"."""
    value = average.get(sides[0]) if sides else None
    return "kosong" if value is None else f"{format_id(value, 2)} %"


def _span(rows: list[int]) -> str:
    return f"{rows[0]}-{rows[-1]}" if len(rows) > 1 else str(rows[0])


def _averaged(rows: list, side: str, config: Config, scale) -> tuple[Decimal | None, str, Decimal | None]:
    """(average rounded, its predikat, the average before rounding) of the rows' capaian on one side."""
    counted = counted_capaian(rows, config, side)
    avg = compute.average(counted, config.decimals)
    return avg, compute.predikat(avg, scale, config.decimals), compute.average(counted, None)


def _write_footer(res: RenjaSheetResult, grid: Grid, layout: RenjaLayout, config: Config,
                  is_percent_style: Callable[[int], bool], block: Block, average: dict, predikat: dict,
                  exact_average: dict) -> None:
    """A block's average and predikat in its footer; a block without one gets it on the two rows under it
    when they are free."""
    cap = layout.roles.capaian
    footer_row, predikat_row = block.footer_row, block.predikat_row
    label_col = layout.columns[min(layout.columns)].first
    if footer_row is None and not block.rows:
        return   # a blank template: no average to write (no-data-rows says so)
    if footer_row is None:
        last = max(block.rows)
        free = all(not any(grid.text(r, c) for c in grid.row_cols.get(r, ())) for r in (last + 1, last + 2))
        if not free:
            # named by the table's last row: the row under it may belong to a signature block
            res.problems.append(problem("no-footer", variant="no-room", cell=address(last, label_col), sheet=res.sheet,
                                        row=last))
            return
        footer_row, predikat_row = last + 1, last + 2
        res.edits.append(Edit(footer_row, label_col, "text",
                              FOOTER_LABEL_RENSTRA.format(n=cap) if layout.roles.capaian_renstra else FOOTER_LABEL))
        res.edits.append(Edit(predikat_row, label_col, "text", PREDIKAT_LABEL))
    elif predikat_row is None:
        if any(grid.text(footer_row + 1, c) for c in grid.row_cols.get(footer_row + 1, ())):
            res.problems.append(problem("no-footer", variant="no-predikat", cell=address(footer_row + 1, label_col),
                                        sheet=res.sheet))
        else:
            predikat_row = footer_row + 1
            res.edits.append(Edit(predikat_row, label_col, "text", PREDIKAT_LABEL))
    last_data = max(block.rows) if block.rows else None
    for side, col in layout.columns[cap].sides.items():
        if side not in average:
            continue
        style = grid.get(last_data, col).style if last_data and grid.get(last_data, col) else None
        edit_computed(res, grid, footer_row, col, average[side], True, is_percent_style, config,
                       "rata-rata", side, exact_average.get(side))
        if grid.get(footer_row, col) is None and style is not None:
            res.edits[-1] = Edit(footer_row, col, res.edits[-1].kind, res.edits[-1].value, style)
        if predikat_row is not None:
            text = predikat.get(side, "")
            if text:
                res.edits.append(Edit(predikat_row, col, "text", text))
            elif grid.get(predikat_row, col) is not None:
                res.edits.append(Edit(predikat_row, col, "clear"))


def counts_for_average(row: RenjaRowResult, config: Config, side: str = "") -> bool:
    """Whether a row's capaian enters the footer average under the configured rule (a totals row never); on the
    K side, not a capaian above the plausible bound (warned at its cell)."""
    if row.level == TOTALS:
        return False
    if side == "K" and not compute.plausible(row.capaian.get("K"), config.capaian_bound):
        return False
    rule = config.average_rule
    if rule == "sub kegiatan":
        return row.level == "sub kegiatan"
    if rule == "program":
        return row.level == "program"
    return True


def counted_capaian(rows, config: Config, side: str) -> list[Decimal | None]:
    """[row.capaian.get(side) for row in rows if counts_for_average(row, config, side)], the rule asked once
    for all the rows rather than once a row (the footer's and the workbook's averages take every row)."""
    rule = config.average_rule
    only = rule if rule in ("sub kegiatan", "program") else None
    bound = config.capaian_bound
    plausible = compute.plausible if side == "K" else None   # (a capaian above the bound: K side only)
    out = []
    for row in rows:
        level = row.level
        if level == TOTALS or (only is not None and level != only):
            continue
        v = row.capaian.get(side)
        if plausible is not None and not plausible(v, bound):
            continue
        out.append(v)
    return out


# -- what a Renja sheet offers batch/ and report/ (FormResult's interface) -----------------------------------
_TW = ("tw1", "tw2", "tw3", "tw4")
# The round record's Renja columns (batch/round_record.py describes them)
RECORD_COLUMNS = ("row", "kode", "level", "sasaran", "program", "indicator", "unit", "target_k", "target_rp",
                  "realisasi_k", "realisasi_rp", "capaian_k", "capaian_rp", "predikat",
                  *(f"{q}_k" for q in _TW), *(f"{q}_rp" for q in _TW),
                  *(f"renstra_{f}_{s}" for f in ("target", "realisasi", "capaian") for s in ("k", "rp")))
RECORD_TEXT = frozenset(("row", "kode", "level", "sasaran", "program", "indicator", "unit", "predikat"))
RenjaSheetResult.RECORD_COLUMNS, RenjaSheetResult.RECORD_TEXT = RECORD_COLUMNS, RECORD_TEXT


def _footer_texts_from_record(entries) -> list[FooterText]:
    """The recorded footer texts back (a record without them, or with an entry this lkjip cannot read: none)."""
    out = []
    for e in entries if isinstance(entries, list) else ():
        try:
            first, last = (int(x) for x in e["rows"])
            texts = {k: str(v) for k, v in dict(e.get("texts") or {}).items() if k in FOOTER_KINDS and v}
            cells = {k: str(v) for k, v in dict(e.get("cells") or {}).items() if k in texts}
        except (KeyError, TypeError, ValueError):
            continue
        if texts:
            out.append(FooterText(first, last, texts, cells))
    return out


def _four(values) -> list:
    if type(values) is list and len(values) == 4:   # (most rows' quarters; read, never changed, by the callers)
        return values
    values = list(values or ())[:4]
    return values + [None] * (4 - len(values))


def _record_rows(rows) -> list[list]:
    if speedups.renja_record_rows is not None and type(rows) is list:   # (C: the same lists, no Python loop)
        got = speedups.renja_record_rows(rows)
        if got is not None:
            return got
    out = []
    for x in rows:
        t, re_, c, q = x.target, x.realisasi, x.capaian, x.quarters
        rt, rr, rc = x.renstra_target, x.renstra_realisasi, x.renstra_capaian
        out.append([x.row, x.kode, x.level, x.sasaran, x.program, x.indicator, x.unit, t.get("K"), t.get("Rp"),
                    re_.get("K"), re_.get("Rp"), c.get("K"), c.get("Rp"), x.predikat,
                    *_four(q.get("K")), *_four(q.get("Rp")),
                    rt.get("K"), rt.get("Rp"), rr.get("K"), rr.get("Rp"), rc.get("K"), rc.get("Rp")])
    return out


def _row_from_record(v: dict) -> RenjaRowResult:
    return RenjaRowResult(row=v.get("row") or 0, kode=v.get("kode") or "", level=v.get("level") or "",
                          sasaran=v.get("sasaran") or "", program=v.get("program") or "",
                          indicator=v.get("indicator") or "", unit=v.get("unit") or "",
                          target={"K": v.get("target_k"), "Rp": v.get("target_rp")},
                          realisasi={"K": v.get("realisasi_k"), "Rp": v.get("realisasi_rp")},
                          capaian={"K": v.get("capaian_k"), "Rp": v.get("capaian_rp")},
                          quarters={"K": [v.get(f"{q}_k") for q in _TW], "Rp": [v.get(f"{q}_rp") for q in _TW]},
                          predikat=v.get("predikat") or "",
                          **{f"renstra_{f}": {"K": v.get(f"renstra_{f}_k"), "Rp": v.get(f"renstra_{f}_rp")}
                             for f in ("target", "realisasi", "capaian")})


def _program_rows(rows, agency: str) -> list[list]:
    """Program and kegiatan rows (the rekap's Per Program sheet sorts them all)."""
    return [[row.kode, row.level, row.program, agency, row.indicator,
             *sheet_numbers([row.target.get("K"), row.target.get("Rp"), row.realisasi.get("K"),
                             row.realisasi.get("Rp"), row.capaian.get("K"), row.capaian.get("Rp")]), row.predikat]
            for row in rows if row.level in ("program", "kegiatan")]


def _indikator_rows(r, s: RenjaSheetResult):
    """The rekap's Indikator rows of one Renja sheet of the workbook result `r`."""
    where = (r.info.agency, r.name, s.sheet)
    if speedups.renja_indikator_rows is not None and type(s.rows) is list:   # (C: the same rows at once)
        got = speedups.renja_indikator_rows(s.rows, where, QUARTERS, Decimal, sheet_number)
        if got is not None:
            yield from got
            return
    for row in s.rows:
        t, re_, c, q = row.target, row.realisasi, row.capaian, row.quarters
        k, rp = _four(q.get("K")), _four(q.get("Rp"))   # TW I-IV, K and Rp alternating
        # the agency's own cumulative progress (a "%" sub-column in its quarter blocks): the latest quarter's
        progress = [v for q in QUARTERS if (v := row.progress.get(q)) is not None] if row.progress else None
        yield [*where, row.row, row.kode, row.level, row.program, row.indicator, row.unit,
               *sheet_numbers([t.get("K"), t.get("Rp"), k[0], rp[0], k[1], rp[1], k[2], rp[2], k[3], rp[3],
                               re_.get("K"), re_.get("Rp"), c.get("K"), c.get("Rp")]),
               row.predikat, sheet_number(progress[-1]) if progress else None]


INDIKATOR_COLS = ((Col("Perangkat Daerah", 30), Col("Berkas", 30), Col("Sheet", 18), Col("Baris", 7, ID),
                   Col("Kode", 18), Col("Tingkat", 12), Col("Program / Kegiatan", 45), Col("Indikator", 45),
                   Col("Satuan", 12), Col("Target K", 12, NUM), Col("Target Rp", 16, NUM))
                  + tuple(Col(f"Realisasi TW {q} {side}", 12 if side == "K" else 16, NUM)
                          for q in QUARTERS for side in ("K", "Rp"))
                  + (Col("Realisasi K", 12, NUM), Col("Realisasi Rp", 16, NUM), Col("Capaian K (%)", 12, PCT),
                     Col("Capaian Rp (%)", 12, PCT), Col("Predikat", 14, PREDIKAT),
                     Col("Progres kumulatif OPD (%)", 12, PCT)))
RenjaSheetResult.REKAP_TABLES = (RekapTable("Indikator", "indikator", INDIKATOR_COLS, _indikator_rows),)


# `lkjip check`: what each recognised column holds, in Bahasa
_QUARTER_NAMES = ("I", "II", "III", "IV")


def _cut(text: str, width: int = 40) -> str:
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    return text[:width].rsplit(" ", 1)[0] + "…"


def _column_names(lay: RenjaLayout) -> dict[int, str]:
    """Column number -> what it holds, in Bahasa: its role, else its formula, else its own header."""
    roles = lay.roles
    names = {n: name for n, name in ((roles.no, "No"), (roles.sasaran, "Sasaran"), (roles.kode, "Kode"),
                                      (roles.program, "Program/Kegiatan"), (roles.indicator, "Indikator"),
                                      (roles.target, "Target"), (roles.unit_pd, "Unit PD penanggung jawab"))
             if n is not None}
    for k, n in enumerate(roles.quarters[:4]):
        names[n] = f"Realisasi TW {_QUARTER_NAMES[k]}"
    formulas = {f.target: f for f in lay.formulas}
    for n, name in ((roles.realisasi, "Realisasi"), (roles.capaian, "Capaian")):
        if n is not None:
            names[n] = name
    for n, col in lay.columns.items():
        f = formulas.get(n)
        rule = f.label or str(n) if f is not None else ""
        if n in names:
            names[n] += f" ({rule})" if rule else ""
        elif rule:
            names[n] = ("Capaian " if f.kind == "ratio" else "Jumlah ") + f"({rule})"
        elif col.header:
            names[n] = _cut(col.header)
    return names


def _describe(sheet: RenjaSheetResult) -> dict:
    lay = sheet.layout
    columns: dict[str, str] = {}
    kolom: list[tuple[str, str]] = []
    names = _column_names(lay)
    for n, col in sorted(lay.columns.items()):
        key = str(n)
        label = f"{n} {names[n]}" if n in names else key
        if col.sides:
            for side, c in col.sides.items():
                columns[f"{key} {side}"] = col_letters(c)
            kolom.append((label, ", ".join(f"{side} = {col_letters(c)}" for side, c in col.sides.items())))
        else:
            span = col_letters(col.first) + (f":{col_letters(col.last)}" if col.last > col.first else "")
            columns[key] = span
            kolom.append((label, span))
    # the column the average and predikat rest on
    return {"extra": {"capaian_column": lay.roles.capaian},
            "header_rows": [lay.numbered_row] + ([lay.sides_row] if lay.sides_row else []),
            "columns": columns, "kolom": kolom, "formulas": [f.label or f"{f.target}" for f in lay.formulas]}
