"""One PK sheet from found layout to results: polarity, accumulation, capaian per triwulan, capaian tahunan,
predikat, serapan anggaran and efisiensi; and the cell edits for the output columns the sheet has.
No XML and no file access here; the formulas are in compute.py."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Callable

from . import compute
from ..config import Config
from .renja import FormResult, _edit_computed, cell_number, merged_figures, monitoring_round
from ..forms.pk import PkLayout
from ..io.grid import Grid, address
from .numbers import Parsed
from ..problems import INFO, problem
from ..io.cell_writer import Edit

_NOT_APPLICABLE = re.compile(r"^\s*(n\s*/\s*a|n\.?a\.?|na|tidak\s+ada\s+target|tidak\s+ditargetkan)\s*$", re.IGNORECASE)
_NEGATIVE = re.compile(r"negatif|minimal|semakin\s+(rendah|kecil|sedikit)|menurun|^\s*[-−–]\s*$|↓", re.IGNORECASE)
ROMAN = ("I", "II", "III", "IV")


@dataclass
class PkRow:
    row: int
    sasaran: str = ""
    indicator: str = ""
    unit: str = ""
    negative: bool = False
    accumulation: str = compute.KUMULATIF
    applicable: bool = True
    target: Decimal | None = None
    target_tw: list[Decimal | None] = field(default_factory=lambda: [None] * 4)
    realisasi: list[Decimal | None] = field(default_factory=lambda: [None] * 4)
    realisasi_to_date: list[Decimal | None] = field(default_factory=lambda: [None] * 4)
    capaian: list[Decimal | None] = field(default_factory=lambda: [None] * 4)
    tahunan: Decimal | None = None
    predikat: str = ""
    pagu: Decimal | None = None
    realisasi_anggaran: Decimal | None = None
    serapan: Decimal | None = None
    efisiensi: Decimal | None = None
    efisiensi_kategori: str = ""

    @property
    def polaritas(self) -> str:
        return "Negatif" if self.negative else "Positif"


@dataclass(kw_only=True)
class PkSheetResult(FormResult):
    form: str = "PK"
    layout: PkLayout
    rows: list[PkRow] = field(default_factory=list)

    def capaian_for_average(self, side: str, config: Config) -> list[Decimal | None]:
        return [row.tahunan for row in self.rows if row.applicable] if side == "K" else []


def accumulation_of(indicator: str, unit: str, sifat: str, config: Config) -> str:
    s = sifat.lower()
    if "kumulatif" in s:
        return compute.KUMULATIF
    if "rata" in s:
        return compute.RATA_RATA
    if "akhir" in s or "terakhir" in s:
        return compute.AKHIR
    u = unit.strip().lower()
    if any(u == w or u.startswith(w + " ") or (w == "%" and u.startswith("%")) for w in config.level_units):
        return compute.AKHIR
    if indicator.strip().lower().startswith(config.level_name_prefixes):
        return compute.AKHIR
    return compute.KUMULATIF


def _number(grid: Grid, r: int, c: int | None, res: PkSheetResult, what: str,
            is_percent_style: Callable[[int], bool], is_date_style: Callable[[int], bool] = lambda s: False
            ) -> tuple[Parsed, bool]:
    """(parsed, usable); a text value is a warning naming the cell.  A number in a percent-formatted cell
    is read as shown (70,51% typed in Excel is stored 0.7051)."""
    if c is None:
        return Parsed("empty", None), False
    cell = grid.get(r, c)
    parsed, why = cell_number(cell, percent_style=bool(cell is not None and is_percent_style(cell.style)),
                              date_style=bool(cell is not None and is_date_style(cell.style)))
    if why:
        res.problems.append(problem("not-a-number", f"sel {address(r, c)} ({what}): {why}; dianggap belum dilaporkan",
                                    cell=address(r, c), sheet=res.sheet))
        return parsed, False
    return parsed, parsed.reported


_FIGURES = {"target": ("kolom Target", False), "pagu": ("kolom Anggaran", False),
            "realisasi_anggaran": ("kolom Realisasi Anggaran", False), "capaian_tahunan": ("kolom Capaian", True),
            "serapan": ("kolom Serapan", True), "efisiensi": ("kolom Efisiensi", True)}


def _figure_columns(layout: PkLayout) -> dict[int, tuple[str, bool]]:
    """The columns holding figures: physical column -> (name, computed?)."""
    out = {layout.cols[role]: what for role, what in _FIGURES.items() if role in layout.cols}
    for k in range(4):
        for cols, name, computed in ((layout.realisasi, "Realisasi", False), (layout.target_tw, "Target", False),
                                     (layout.capaian_tw, "Capaian", True)):
            if cols[k] is not None:
                out[cols[k]] = (f"kolom {name} TW {ROMAN[k]}", computed)
    return out


def evaluate_pk_sheet(grid: Grid, layout: PkLayout, sheet: str, config: Config,
                      is_percent_style: Callable[[int], bool], hidden: bool = False,
                      is_date_style: Callable[[int], bool] = lambda style: False,
                      stated_round: int | None = None) -> PkSheetResult:
    """`stated_round`: the quarter (1-4) the sheet's title or the file name states, if any."""
    res = PkSheetResult(sheet=sheet, layout=layout, hidden=hidden, stated_round=stated_round)
    styles = (is_percent_style, is_date_style)
    cols = layout.cols
    if "target" not in cols:
        res.problems.append(problem(
            "no-target-column", f"kolom Target tidak ditemukan pada baris judul {layout.header_row}",
            level="galat", cell=address(layout.header_row, cols["indikator"]), sheet=sheet))
        return res
    if "capaian_tahunan" not in cols and not any(layout.capaian_tw):
        res.problems.append(problem("output-column-missing", "kolom Capaian tidak ada di sheet; capaian dicatat di rekap",
                                    level=INFO, sheet=sheet, cell=address(layout.header_row, cols["indikator"])))
    if "predikat" not in cols:
        res.problems.append(problem("output-column-missing", "kolom Predikat tidak ada di sheet; predikat dicatat di rekap",
                                    level=INFO, sheet=sheet, cell=address(layout.header_row, cols["indikator"])))
    sasaran = ""
    for r in layout.data_rows:
        row = PkRow(row=r)
        row.indicator = grid.text(r, cols["indikator"])
        if "sasaran" in cols:
            here = grid.text(r, cols["sasaran"])
            if not here:
                span = grid.merge_span(r, cols["sasaran"])
                here = grid.text(span[0], span[1]) if span else ""
            sasaran = here or sasaran   # written once over several indicator rows
            row.sasaran = sasaran
        row.unit = grid.text(r, cols["satuan"]) if "satuan" in cols else ""
        row.negative = bool(_NEGATIVE.search(grid.text(r, cols["polaritas"]))) if "polaritas" in cols else False
        sifat = grid.text(r, layout.accumulation_col) if layout.accumulation_col else ""
        row.accumulation = accumulation_of(row.indicator, row.unit, sifat, config)

        tc = cols["target"]
        target_text = grid.text(r, tc)
        if _NOT_APPLICABLE.match(target_text):
            row.applicable = False
            res.problems.append(problem("not-applicable", f"baris {r}: indikator \"{row.indicator}\" tidak memiliki "
                                        "target (N/A); tidak dihitung dan tidak masuk rata-rata", level=INFO,
                                        cell=address(r, tc), sheet=sheet))
        else:
            parsed, ok = _number(grid, r, tc, res, "Target", *styles)
            target_is_text = parsed.kind == "text"
            row.target = parsed.value if ok else None
            if not row.unit and parsed.unit and not parsed.percent:
                row.unit = parsed.unit
            if not row.unit and parsed.percent:
                row.unit = "%"
                if not sifat:
                    row.accumulation = accumulation_of(row.indicator, "%", sifat, config)
        for k in range(4):
            p, ok = _number(grid, r, layout.realisasi[k], res, f"Realisasi TW {ROMAN[k]}", *styles)
            row.realisasi[k] = p.value if ok else None
            if config.triwulan and k + 1 > config.triwulan and ok:
                res.problems.append(problem(
                    "after-round", f"sel {address(r, layout.realisasi[k])}: realisasi TW {ROMAN[k]} diisi, padahal "
                    f"putaran monitoring sampai triwulan {ROMAN[config.triwulan - 1]}; angka ini tidak dihitung",
                    cell=address(r, layout.realisasi[k]), sheet=sheet))
                row.realisasi[k] = None
            if layout.target_tw[k] is not None:
                p, ok = _number(grid, r, layout.target_tw[k], res, f"Target TW {ROMAN[k]}", *styles)
                row.target_tw[k] = p.value if ok else None

        if row.applicable:
            row.realisasi_to_date = compute.accumulate(row.realisasi, row.accumulation)
            targets = compute.quarter_targets(row.target, row.target_tw if layout.has_target_tw else None,
                                              row.accumulation)
            no_target = False
            for k in range(4):
                out = compute.capaian_pk(row.realisasi_to_date[k], targets[k], negative=row.negative,
                                         negative_formula=config.negative_formula, decimals=config.decimals)
                row.capaian[k] = out.value
                no_target = no_target or out.reason == "no-target"
                if out.reason == "too-large" or (row.realisasi[k] is not None and row.realisasi_to_date[k] is None):
                    res.problems.append(problem(
                        "too-large", f"baris {r}: capaian TW {ROMAN[k]} melebihi angka terbesar yang dapat disimpan "
                        "Excel; tidak dihitung", cell=address(r, layout.realisasi[k]), sheet=sheet))
            annual_missing = row.target is None or row.target == 0
            if (no_target or (annual_missing and not layout.has_target_tw)) and not target_is_text:
                res.problems.append(problem("no-target", f"baris {r}: target \"{row.indicator}\" kosong, nol atau "
                                            "bukan angka; capaian tidak dihitung", cell=address(r, tc), sheet=sheet))
        if "pagu" in cols and "realisasi_anggaran" in cols:
            p, ok = _number(grid, r, cols["pagu"], res, "Anggaran", *styles)
            row.pagu = p.value if ok else None
            p, ok = _number(grid, r, cols["realisasi_anggaran"], res, "Realisasi Anggaran", *styles)
            row.realisasi_anggaran = p.value if ok else None
            row.serapan = compute.serapan(row.realisasi_anggaran, row.pagu, config.decimals).value
        res.rows.append(row)

    # The capaian tahunan is the capaian of the monitoring round: a TW I report whose TW II-IV carry a typed
    # 0 or "-" must not be graded on those (a level-like indicator would read 0 %).
    last = res.round = monitoring_round(config.triwulan, stated_round, [row.realisasi for row in res.rows])
    for row in res.rows:
        if row.applicable:
            reported = [k for k in range(4) if row.capaian[k] is not None and (last is None or k < last)]
            row.tahunan = row.capaian[reported[-1]] if reported else None
            # a region may grade the cumulative capaian of TW I-III on lower thresholds
            scale = config.scale_for(reported[-1] + 1 if reported else None)
            row.predikat = compute.predikat(row.tahunan, scale, config.decimals)
        if row.serapan is not None or row.pagu is not None or row.realisasi_anggaran is not None:
            row.efisiensi = compute.efisiensi(row.tahunan, row.serapan, config.decimals)
            row.efisiensi_kategori = config.efisiensi.label(row.efisiensi) if row.efisiensi is not None else ""
        _row_edits(res, grid, layout, row, config, is_percent_style)

    merged_figures(res, grid, layout.data_rows, _figure_columns(layout))
    avg = compute.average(res.capaian_for_average("K", config), config.decimals)
    res.average["K"] = avg
    res.predikat["K"] = compute.predikat(avg, config.predikat, config.decimals)
    return res


def _row_edits(res: PkSheetResult, grid: Grid, layout: PkLayout, row: PkRow, config: Config,
               is_percent_style: Callable[[int], bool]) -> None:
    r = row.row
    cols = layout.cols

    def put(c: int | None, value: Decimal | None, is_ratio: bool, label: str) -> None:
        if c is not None:
            _edit_computed(res, grid, None, r, c, value, is_ratio, is_percent_style, config, label, "")

    def put_text(c: int | None, text: str) -> None:
        if c is None:
            return
        if text:
            res.edits.append(Edit(r, c, "text", text))
        elif grid.get(r, c) is not None and grid.get(r, c).value is not None:
            res.edits.append(Edit(r, c, "clear"))

    for k in range(4):
        put(layout.capaian_tw[k], row.capaian[k], True, f"Capaian TW {ROMAN[k]}")
    put(cols.get("capaian_tahunan"), row.tahunan, True, "Capaian Tahunan")
    put_text(cols.get("predikat"), row.predikat)
    if row.pagu is not None or row.realisasi_anggaran is not None:
        put(cols.get("serapan"), row.serapan, True, "Serapan Anggaran")
        if cols.get("efisiensi") is not None and row.efisiensi is not None:
            res.edits.append(Edit(r, cols["efisiensi"], "number", row.efisiensi))
        put_text(cols.get("efisiensi_kategori"), row.efisiensi_kategori)
