"""The recap workbook (xlsxwriter) from the per-workbook results.  Figures come from the results as computed
once; nothing is recomputed here except counts and means of those figures.  Output is deterministic: fixed
document properties, fixed ordering.

Sheets: Ringkasan (the round at a glance, with native charts), Rekap OPD, Per Program, the tables the form
kinds declare (evaluate/kinds.py: Indikator of Renja, Indikator PK), Masalah, Pengaturan.
"""

from __future__ import annotations

import io
from collections import Counter, defaultdict
from operator import itemgetter
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Iterable


from ..evaluate import compute, kinds
from ..evaluate.form_kind import ID, INT, NUM, PCT, PREDIKAT, RATIO, TEXT, WRAP, Col, RekapTable
from ..evaluate.form_kind import sheet_number as _num
from ..io.grid import col_letters
from ..config import Config, describe
from .duplicates import NONE, decide
from .marker import MARKER_PROPERTY, MARKER_VALUE, is_lkjip_rekap  # noqa: F401  (their home before)
from .rekap_xml import BulkRows, render, row_height, splice, text_lines, text_width
from ..files import atomic_write, forget_temp, temp_file, temp_folder

FIXED_DATE = datetime(2000, 1, 1)
# The id of the round whose rekap this is (batch/record_seal.py): the same in the round's record.
ROUND_PROPERTY = "lkjip-putaran"
# Colours by rank in the predikat scale (best first); a scale with other labels gets them in order.
RANK_COLOURS = ["#1E8449", "#82E0AA", "#F9E79F", "#F5B041", "#E74C3C", "#A93226", "#7B241C"]
QUARTERS = ("I", "II", "III", "IV")

_FIXED_NUMBER = (PCT, RATIO, INT, ID)   # kinds whose numbers have one format; others: whole or fractional
# An agency's name: its column as wide as the longest name (so "Badan Kepegawaian … Kota Dumai" and "…
# Kabupaten Sumenep" can be told apart), within these bounds; in the tables a reader reads (Ringkasan,
# Rekap OPD) a longer name wraps.
AGENCY_WIDTH = (30, 60)


def agency_width(longest: float) -> float:
    low, high = AGENCY_WIDTH
    return min(high, max(low, round(longest + 2)))


def with_width(cols: list[Col], header: str, width: float, kind: str | None = None) -> list[Col]:
    """`cols` with the column named `header` given `width` (and `kind`)."""
    return [Col(c.header, width, kind or c.kind) if c.header == header else c for c in cols]


def heights_of(cols: list[Col]):
    """The row height a table's row needs for its wrapped texts (None: no column wraps)."""
    wrapped = [(i, c.width) for i, c in enumerate(cols) if c.kind == WRAP]
    if not wrapped:
        return None

    def height(values):
        lines = 1
        for i, width in wrapped:
            v = values[i] if i < len(values) else None
            if isinstance(v, str) and v:
                lines = max(lines, text_lines(v, width))
        return row_height(lines)

    return height


def header_height(cols: list[Col]) -> float | None:
    return row_height(max((text_lines(c.header, c.width, bold=True) for c in cols), default=1))


def _labels(scale) -> list[str]:
    return [name for _, name in scale.steps] + [scale.below]


class _Book:
    """Formats and the generic table writer shared by every sheet."""

    def __init__(self, wb, config: Config, fast: bool = True):
        self.wb = wb
        self.config = config
        self.fast = fast
        self.bulk: dict[str, BulkRows] = {}   # sheet part -> its data rows, spliced in after xlsxwriter
        self.head = wb.add_format({"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#DDEBF7",
                                   "border": 1})
        self.title = wb.add_format({"bold": True, "font_size": 14})
        self.bold = wb.add_format({"bold": True})
        self.fmt = {PCT: wb.add_format({"num_format": "0.00"}), RATIO: wb.add_format({"num_format": "0.00"}),
                    INT: wb.add_format({"num_format": "#,##0"}), "whole": wb.add_format({"num_format": "#,##0"}),
                    "frac": wb.add_format({"num_format": "#,##0.00##"}),
                    WRAP: wb.add_format({"text_wrap": True, "valign": "top"}),
                    ID: wb.add_format({"num_format": "0"})}
        # The same, aligned to the top of the cell: the cells of a table whose rows grow for wrapped text, so a
        # row reads as one line of the table however high it is.
        self.top = {kind: wb.add_format({**({"num_format": fmt.num_format} if fmt.num_format else {}),
                                         "valign": "top", **({"text_wrap": True} if kind == WRAP else {})})
                    for kind, fmt in self.fmt.items() if kind != WRAP}
        self.top[WRAP] = self.fmt[WRAP]
        self.top[TEXT] = wb.add_format({"valign": "top"})
        labels = _labels(config.predikat) + [x for x in _labels(config.efisiensi)]
        for _, scale in config.predikat_per_quarter:
            labels += [x for x in _labels(scale) if x not in labels]
        self.colours = {}
        for scale in [config.predikat, *(s for _, s in config.predikat_per_quarter)]:
            for i, name in enumerate(_labels(scale)):
                self.colours.setdefault(name, RANK_COLOURS[min(i, len(RANK_COLOURS) - 1)])
        self.predikat_fmt = {name: wb.add_format({"bg_color": colour, "border": 1})
                             for name, colour in self.colours.items()}
        # Cell formats numbered now, in this order: rows are written as results come, before the sheets
        # xlsxwriter writes at the end, and a format's number must not depend on which came first.
        for fmt in (self.head, self.title, self.bold, *self.fmt.values(), *self.top.values(),
                    *self.predikat_fmt.values()):
            fmt._get_xf_index()

    def style_of(self, kind: str, v):
        """The format of a cell holding `v` in a column of `kind` (None: the default style)."""
        t = type(v)
        if t is float or t is int or (isinstance(v, (int, float)) and t is not bool):
            fmt = self.fmt.get(kind) if kind in _FIXED_NUMBER else None
            if fmt is not None:
                return fmt
            return self.fmt["whole"] if float(v).is_integer() else self.fmt["frac"]
        return self.fmt[WRAP] if kind == WRAP else None

    def style_top(self, kind: str, v):
        """style_of(), aligned to the top (tables whose rows grow for wrapped text)."""
        t = type(v)
        if t is float or t is int or (isinstance(v, (int, float)) and t is not bool):
            fmt = self.top.get(kind) if kind in _FIXED_NUMBER else None
            if fmt is not None:
                return fmt
            return self.top["whole"] if float(v).is_integer() else self.top["frac"]
        return self.top[WRAP] if kind == WRAP else self.top[TEXT]

    def put(self, ws, r: int, c: int, v, kind: str = TEXT, style=None) -> None:
        style = style or self.style_of
        if v is None or v == "":
            ws.write_blank(r, c, None)
        elif isinstance(v, (int, float)) and not isinstance(v, bool):
            ws.write_number(r, c, v, style(kind, v))
        else:
            ws.write_string(r, c, str(v), style(kind, v))

    def table(self, name: str, cols: list[Col], rows: "Iterable[list] | BulkRows"):
        """A sheet: the header row (as high as its wrapped headers need), the data rows (as high as their
        wrapped texts need), frozen headers, autofilter, print setup, predikat colours and data bars on capaian
        columns."""
        ws = self.wb.add_worksheet(name)
        height = header_height(cols)
        if height:
            ws.set_row(0, height)
        for c, col in enumerate(cols):
            ws.write_string(0, c, col.header, self.head)
            ws.set_column(c, c, col.width)
        height_of = heights_of(cols)
        style = self.style_top if height_of else self.style_of
        if isinstance(rows, BulkRows):   # rows written already, as the results came (RekapWriter)
            self.bulk[f"xl/worksheets/sheet{ws.index + 1}.xml"] = rows
            n = rows.n
        elif self.fast:   # the data rows straight to XML (rekap_xml.py); xlsxwriter writes the rest
            bulk = self.bulk[f"xl/worksheets/sheet{ws.index + 1}.xml"] = BulkRows(len(cols))
            n = bulk.add_rendered(render(rows, bulk.letters, [col.kind for col in cols], style, height_of))
        else:
            n = 0
            for values in rows:
                n += 1
                height = height_of(values) if height_of else None
                if height:
                    ws.set_row(n, height)
                for c, (col, v) in enumerate(zip(cols, values)):
                    self.put(ws, n, c, v, col.kind, style)
        ws.freeze_panes(1, 0)
        ws.autofilter(0, 0, max(n, 1), len(cols) - 1)
        ws.set_landscape()
        ws.set_paper(9)  # A4
        ws.fit_to_pages(1, 0)
        ws.repeat_rows(0)
        for c, col in enumerate(cols):
            if n == 0:
                break
            if col.kind == PREDIKAT:
                self.colour_predikat(ws, 1, c, n, c)
            elif col.kind == PCT:
                ws.conditional_format(1, c, n, c, {"type": "data_bar", "bar_color": "#5DADE2",
                                                   "bar_solid": True, "min_type": "num", "min_value": 0})
        return ws

    def colour_predikat(self, ws, r1: int, c1: int, r2: int, c2: int) -> None:
        for name, fmt in self.predikat_fmt.items():
            ws.conditional_format(r1, c1, r2, c2, {"type": "cell", "criteria": "==", "value": f'"{name}"',
                                                    "format": fmt})


def round_order(tahun: str, triwulan: str) -> tuple:
    """Rounds in time order: by year, then quarter; a round without year or quarter after those with one."""
    return (0 if tahun else 1, tahun or "", QUARTERS.index(triwulan) + 1 if triwulan in QUARTERS else 9,
            triwulan or "")


def round_label(tahun: str, triwulan: str) -> str:
    return " ".join(x for x in (f"Triwulan {triwulan}" if triwulan else "", f"Tahun {tahun}" if tahun else "")
                    if x) or "putaran tidak diketahui"


def duplicates_of(report):
    """The batch's decision on workbooks of one agency, form and round delivered twice (report/duplicates.py):
    the one the batch made, else made here from the results."""
    dup = getattr(report, "duplicates", None)
    return dup if dup is not None else decide(report.results)


def scale_of(results, config: Config):
    """The predikat scale of a mean of workbooks' averages: the scale their own averages were graded on (the
    scale of their monitoring round; the latest when they differ), so a region's or an agency's figure and
    the figures it averages never read on two scales."""
    return config.scale_for(max((r.round for r in results if r.round), default=None))


def region_figures(results, dup, config: Config):
    """The region's figures the round record keeps as "region" and "agencies" (batch/round_record.py), from the
    results that count (`dup`): the average capaian K of every counted workbook, its predikat, and the agencies
    ranked: (agency, mean of its workbooks' average capaian K, predikat), best first.  A round of one form only:
    with several, a Renja capaian K and a PK capaian tahunan are no one figure, so there is none (the agencies
    stay listed, by name, for their roster kode); form_figures() has each form's."""
    counted = counted_parts(results, dup)
    if len({r.form for r in counted if r.form}) > 1:
        return None, "", [(agency, None, "") for agency in sorted(a for a, _ in _agency_averages(counted))]
    scale = scale_of(counted, config)
    region = compute.average(r.average.get("K") for r in counted)
    ranked = [(agency, avg, compute.predikat(avg, scale, config.decimals))
              for agency, avg in _agency_averages(counted)]
    return region, compute.predikat(region, scale, config.decimals), ranked


def form_figures(results, dup, config: Config) -> dict[str, tuple]:
    """Per form (a Renja capaian K and a PK capaian tahunan are never averaged together): form -> (region
    average, its predikat, [(agency, average, predikat)] best first, counted workbooks), as the rekap's
    Ringkasan shows them (region per form, agencies ranked per form)."""
    counted = counted_parts(results, dup)
    out = {}
    for form in sorted({r.form for r in counted if r.form}, key=kinds.order):
        members = [r for r in counted if r.form == form]
        scale = scale_of(members, config)
        region = compute.average(r.average.get("K") for r in members)
        ranked = [(agency, avg, compute.predikat(avg, scale, config.decimals))
                  for agency, avg in _agency_averages(members)]
        out[form] = (region, compute.predikat(region, scale, config.decimals), ranked, len(members))
    return out


def counted_parts(results, dup) -> list:
    """The results that count in the region's figures (`dup`), a workbook holding several forms as one part per
    form (WorkbookResult.parts): what every average of the rekap and the record is taken over."""
    return [part for i, r in enumerate(results) if dup.counts(i) for part in r.parts()]


def _agency_averages(results) -> list[tuple[str, Decimal]]:
    """(agency, mean of its workbooks' average capaian K), best first."""
    by_agency: dict[str, list[Decimal]] = defaultdict(list)
    for r in results:
        if r.average.get("K") is not None:
            by_agency[r.info.agency or r.name].append(r.average["K"])
    out = [(agency, compute.average(values)) for agency, values in by_agency.items()]
    out.sort(key=lambda t: (-t[1], t[0]))
    return out


def _round_of(report) -> str:
    rounds = {(r.info.tahun, r.info.triwulan) for r in report.results if r.info.triwulan or r.info.tahun}
    if not rounds:
        return "tidak diketahui"
    return "; ".join(round_label(th, tw) for th, tw in sorted(rounds, key=lambda k: round_order(*k)))


def _region_averages(results, config: Config) -> list[tuple[str, str, Decimal, str, int]]:
    """The region's average capaian per form and per round (a PK capaian and a Renja capaian K, or two years,
    are not averaged together): (form, round, mean of the workbooks' averages, predikat, workbooks)."""
    groups: dict[tuple, list] = defaultdict(list)
    for r in results:
        if r.average.get("K") is not None:
            groups[(r.form, r.info.tahun, r.info.triwulan)].append(r)
    out = []
    for (form, tahun, tw), members in sorted(groups.items(), key=lambda kv: (round_order(kv[0][1], kv[0][2]),
                                                                              kinds.order(kv[0][0]))):
        avg = compute.average(r.average["K"] for r in members)
        out.append((form, round_label(tahun, tw), avg,
                    compute.predikat(avg, scale_of(members, config), config.decimals), len(members)))
    return out


def _ringkasan(book: _Book, report, config: Config, counts: Counter, quarters: dict[str, list[list[Decimal]]],
               longest_agency: float = 0, dup=NONE) -> None:
    """The round at a glance; `counts` (indicators per predikat) and `quarters` (each form's capaian per quarter)
    were tallied from the full results as they came (RekapWriter.add), of the workbooks that count (`dup`)."""
    wb, ws = book.wb, book.wb.add_worksheet("Ringkasan")
    label_width = max(44, agency_width(longest_agency))
    widths = [label_width, 16, 16, 16]
    ws.set_column(0, 0, label_width)
    ws.set_column(1, 3, 16)
    ws.set_column(4, 4, 3)
    charts = []   # (chart, y_scale): stacked in column F, clear of the tables in A-D

    def head(row: int, *headers: str) -> None:
        height = header_height([Col(h, w) for h, w in zip(headers, widths)])
        if height:
            ws.set_row(row, height)
        for c, h in enumerate(headers):
            ws.write_string(row, c, h, book.head)

    def name_cell(row: int, text: str) -> None:
        """An agency's name in column A, wrapped (and its row made high enough) when longer than the column."""
        height = row_height(text_lines(text, label_width))
        if height:
            ws.set_row(row, height)
        ws.write_string(row, 0, text, book.top[WRAP])

    ws.write_string(0, 0, "Rekap Evaluasi Kinerja Perangkat Daerah", book.title)
    ws.write_string(1, 0, f"Putaran: {_round_of(report)}")
    results = report.results
    counted = counted_parts(results, dup)   # one of an agency's duplicate workbooks; one part per form
    agencies = {r.info.agency or r.name for r in results}
    summary = [("Jumlah perangkat daerah (OPD)", len(agencies)), ("Jumlah workbook", len(results)),
               ("Selesai", sum(1 for r in results if r.status == "selesai")),
               ("Selesai dengan peringatan", sum(1 for r in results if r.status == "dengan peringatan")),
               ("Gagal", sum(1 for r in results if r.status == "gagal"))]
    head(3, "Ringkasan", "Nilai")
    for i, (label, value) in enumerate(summary, 4):
        ws.write_string(i, 0, label)
        book.put(ws, i, 1, value)
    row = 4 + len(summary)
    status = getattr(report, "status", None)
    if status is not None:   # with a roster: who has sent (report/status.py)
        ws.write_string(row, 0, f"{status.sent_text} (rincian di sheet Status OPD).", book.bold)
        row += 1
    if dup.superseded:
        ws.write_string(row, 0, f"Workbook ganda: {len(dup.superseded)} tidak dihitung di angka daerah "
                                "(rincian di sheet Masalah).")
        row += 1

    # The region's average, per form and per round.
    row += 1
    ws.write_string(row, 0, "Rata-rata capaian kinerja daerah", book.bold)
    head(row + 1, "Formulir, putaran", "Rata-rata capaian (%)", "Predikat", "Jumlah workbook")
    region = _region_averages(counted, config)
    for i, (form, label, avg, pred, n) in enumerate(region, row + 2):
        ws.write_string(i, 0, f"{kinds.title(form)}, {label}")
        book.put(ws, i, 1, _num(avg), PCT)
        ws.write_string(i, 2, pred)
        ws.write_number(i, 3, n)
    if region:
        book.colour_predikat(ws, row + 2, 2, row + 1 + len(region), 2)
    row += 3 + len(region)
    ws.write_string(row, 0, "Rata-rata daerah = rata-rata dari rata-rata capaian setiap workbook, per formulir "
                            "dan putaran")
    row += 1
    ws.write_string(row, 0, "(" + "; ".join(f"{k.title}: {k.measure.removeprefix('rata-rata ')}"
                                            for k in kinds.form_kinds()) + ").")

    # Indicators per predikat (Renja rows by capaian K, PK rows by capaian tahunan), in scale order: the legend.
    labels = [x for x in book.colours if x in counts or x in _labels(config.predikat)]
    top = row + 2
    head(top, "Predikat", "Jumlah indikator")
    for i, name in enumerate(labels, top + 1):
        ws.write_string(i, 0, name, book.predikat_fmt.get(name))
        ws.write_number(i, 1, counts.get(name, 0))
    last_pred = top + len(labels)
    chart = wb.add_chart({"type": "column"})
    chart.add_series({"name": "Jumlah indikator", "categories": ["Ringkasan", top + 1, 0, last_pred, 0],
                      "values": ["Ringkasan", top + 1, 1, last_pred, 1],
                      "points": [{"fill": {"color": book.colours.get(n, "#999999")}} for n in labels]})
    chart.set_title({"name": "Sebaran predikat indikator"})
    chart.set_legend({"none": True})
    charts.append((chart, 1.0))

    # Agencies ranked by average capaian, per form: the table and its sorted bar chart.
    t3 = last_pred + 3
    forms = sorted({r.form for r in counted if r.average.get("K") is not None}, key=kinds.order)
    for form in forms:
        members = [r for r in counted if r.form == form]
        ranked, scale = _agency_averages(members), scale_of(members, config)
        t2 = t3
        ws.write_string(t2 - 1, 0, f"Peringkat OPD: {kinds.title(form)} ({kinds.measure(form)})", book.bold)
        head(t2, "Perangkat Daerah", "Rata-rata capaian (%)", "Predikat", "Peringkat")
        for i, (agency, avg) in enumerate(ranked, t2 + 1):
            name_cell(i, agency)
            ws.write_number(i, 1, float(avg), book.top[PCT])
            ws.write_string(i, 2, compute.predikat(avg, scale, config.decimals), book.top[TEXT])
            ws.write_number(i, 3, i - t2, book.top["whole"])
        last = t2 + len(ranked)
        book.colour_predikat(ws, t2 + 1, 2, last, 2)
        bar = wb.add_chart({"type": "bar"})
        bar.add_series({"name": "Rata-rata capaian (%)", "categories": ["Ringkasan", t2 + 1, 0, last, 0],
                        "values": ["Ringkasan", t2 + 1, 1, last, 1], "fill": {"color": "#2E86C1"},
                        "data_labels": {"value": True, "num_format": "0.00"}})
        bar.set_title({"name": f"Rata-rata capaian per OPD ({form})"})
        bar.set_legend({"none": True})
        bar.set_y_axis({"reverse": True})   # best agency on top
        bar.set_x_axis({"min": 0})
        charts.append((bar, max(1.0, len(ranked) / 12)))
        t3 = last + 3

    # Capaian by quarter, a table and a chart per form whose sheets give it (PK): the mean capaian of its
    # indicators that have one in each quarter; never one mean over two forms (their capaian differ in kind).
    for form in sorted((f for f, q in quarters.items() if any(q)), key=kinds.order):
        ws.write_string(t3 - 1, 0, f"Capaian indikator {form} per triwulan", book.bold)
        head(t3, "Triwulan", "Rata-rata capaian (%)", "Jumlah indikator")
        for k in range(4):
            values = quarters[form][k]
            ws.write_string(t3 + 1 + k, 0, f"TW {QUARTERS[k]}")
            book.put(ws, t3 + 1 + k, 1, _num(compute.average(values)), PCT)
            ws.write_number(t3 + 1 + k, 2, len(values))
        line = wb.add_chart({"type": "column"})
        line.add_series({"name": f"Rata-rata capaian {form} (%)", "categories": ["Ringkasan", t3 + 1, 0, t3 + 4, 0],
                         "values": ["Ringkasan", t3 + 1, 1, t3 + 4, 1], "fill": {"color": "#AF7AC5"},
                         "data_labels": {"value": True, "num_format": "0.00"}})
        line.set_title({"name": f"Capaian {form} per triwulan"})
        line.set_legend({"none": True})
        charts.append((line, 1.0))
        t3 += 7
    row = 3
    for chart, y_scale in charts:   # a default chart is 288 px high: 15 rows of 20 px
        ws.insert_chart(row, 5, chart, {"x_scale": 1.3, "y_scale": y_scale})
        row += int(15 * y_scale) + 2
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)


def _rekap_opd_rows(report):
    dup = duplicates_of(report)
    results = report.results
    for i, whole in enumerate(results):
        tahun = int(whole.info.tahun) if whole.info.tahun.isdigit() else whole.info.tahun
        note = "" if dup.counts(i) else \
            f"tidak dihitung di angka daerah: workbook ganda, yang dihitung \"{results[dup.superseded[i]].name}\""
        for r in whole.parts():   # a workbook of a Renja and a PK sheet: a line per form, each with its figure
            yield [r.name, r.info.agency, r.form, r.info.triwulan, tahun, r.data_rows,
                   _num(r.average.get("K")), _num(r.average.get("Rp")), r.predikat.get("K", ""),
                   r.predikat.get("Rp", ""), r.count("peringatan"), r.status, note]


def _full(report):
    """Full results one at a time (a large batch keeps them on disk)."""
    full = getattr(report, "full_results", None)
    return full() if full else iter(report.results)


def _program_rows(r) -> list[list]:
    """Program and kegiatan rows of one result (the Per Program sheet sorts them all), as its sheets give them."""
    return [row for s in r.sheets for row in s.program_rows(r.info.agency)]


def _tallies(r) -> tuple[Counter, dict[str, list[list[Decimal]]]]:
    """What the Ringkasan counts of one result: indicators per predikat (Renja rows by capaian K, PK rows by
    capaian tahunan), and by form the capaian of each quarter its sheets give (PK: up to the sheet's
    monitoring round)."""
    counts: Counter = Counter()
    quarters: dict[str, list[list[Decimal]]] = {}
    for s in r.sheets:
        counts.update(s.predikats())
        for k, values in enumerate(s.quarter_capaian()):
            if values:
                quarters.setdefault(s.form, [[], [], [], []])[k].extend(values)
    return counts, quarters


def program_order(row: list):
    """Per Program rows by kode, then agency, then name."""
    return row[0], row[3], row[2]


def kind_rows(table: RekapTable):
    """A kind's rekap table (evaluate/form_kind.RekapTable) -> its rows of one workbook result: those of each of
    the result's sheets that declares the table."""
    def rows_of(r):
        for s in r.sheets:
            if table in s.REKAP_TABLES:
                yield from table.rows(r, s)
    return rows_of


def _masalah_rows(r):
    for p in r.problems:
        yield _masalah_row(p, r.name)


def _masalah_row(p, name: str = "") -> list:
    return [p.file or name, p.sheet, p.cell, p.level, p.message, p.fix, p.code]


OPD_COLS = [Col("Berkas", 40), Col("Perangkat Daerah", 40), Col("Formulir", 10), Col("Triwulan", 9),
            Col("Tahun", 7, ID), Col("Baris data", 10, INT), Col("Rata-rata capaian K (%)", 14, PCT),
            Col("Rata-rata capaian Rp (%)", 14, PCT), Col("Predikat K", 14, PREDIKAT),
            Col("Predikat Rp", 14, PREDIKAT), Col("Peringatan", 11, INT), Col("Status", 18), Col("Catatan", 40, WRAP)]
PROGRAM_COLS = [Col("Kode", 18), Col("Tingkat", 11), Col("Program / Kegiatan", 45), Col("Perangkat Daerah", 30),
                Col("Indikator", 40), Col("Target K", 12, NUM), Col("Target Rp", 16, NUM),
                Col("Realisasi K", 12, NUM), Col("Realisasi Rp", 16, NUM), Col("Capaian K (%)", 12, PCT),
                Col("Serapan anggaran / capaian Rp (%)", 14, PCT), Col("Predikat", 14, PREDIKAT)]
# The problem's code (English words, the same in every language) is for tools and filters: last, a technical column.
MASALAH_COLS = [Col("Berkas", 40), Col("Sheet", 18), Col("Sel", 8), Col("Tingkat", 11), Col("Pesan", 70, WRAP),
                Col("Yang perlu dilakukan", 70, WRAP), Col("Kode", 22)]


STATUS_COLS = [Col("Kode", 12), Col("Nama", 40, WRAP), Col("Formulir", 14), Col("Status", 16), Col("Berkas", 45, WRAP),
               Col("Disimpan", 17), Col("Masalah", 9, INT), Col("Capaian (%)", 12, PCT), Col("Predikat", 14, PREDIKAT)]
STATUS_COLOURS = {"selesai": "#82E0AA", "ada peringatan": "#F9E79F", "ganda": "#F5B041", "gagal": "#E74C3C",
                  "belum mengirim": "#E74C3C", "tidak ada di daftar OPD": "#D5D8DC"}


def status_rows(status):
    """The "Status OPD" rows (report/status.py): one per expected agency and form, then unmatched workbooks."""
    for row in status.rows:
        yield [row.kode, row.nama, row.formulir_text, row.status, row.berkas,
               row.saved.strftime("%Y-%m-%d %H:%M") if row.saved else "", row.problems if row.files else None,
               _num(row.capaian), row.predikat]


def status_sheet(book: "_Book", status, width: float) -> None:
    """The sheet "Status OPD": who was expected, who has sent, who must fix; each status in its colour."""
    ws = book.table("Status OPD", with_width(STATUS_COLS, "Nama", max(40, width)), list(status_rows(status)))
    n = len(status.rows)
    if n:
        col = [c.header for c in STATUS_COLS].index("Status")
        for name, colour in STATUS_COLOURS.items():
            ws.conditional_format(1, col, n, col, {"type": "cell", "criteria": "==", "value": f'"{name}"',
                                                   "format": book.wb.add_format({"bg_color": colour, "border": 1})})


def rekap_sheets() -> tuple[str, ...]:
    """The rekap's sheets in order; between Per Program and Masalah, the tables the form kinds declare."""
    return ("Ringkasan", "Rekap OPD", "Per Program", *(t.sheet for t in kinds.rekap_tables()), "Masalah",
            "Pengaturan")


def streamed() -> tuple:
    """The tables whose rows the rekap writes as results come: (sheet, columns, rows of one result), the form
    kinds' declared tables (in registry order), then Masalah."""
    return (*((t.sheet, list(t.cols), kind_rows(t)) for t in kinds.rekap_tables()),
            ("Masalah", MASALAH_COLS, _masalah_rows))


_SHEET_CLASS: list = []


def sheet_class() -> type:
    """xlsxwriter's Worksheet, but a formula without "(" (the predikat colours' "Sangat Tinggi") is not run
    through the ~180 patterns xlsxwriter's _prepare_formula puts "_xlfn." with, compiled on first use: ~5 ms
    of every rekap.  Each pattern needs a "(" after a function's name (tests/test_rekap_sheet_class.py reads
    xlsxwriter's), so such a formula comes back as xlsxwriter gives it: without its braces and "="."""
    if not _SHEET_CLASS:
        from xlsxwriter.worksheet import Worksheet

        class Sheet(Worksheet):
            def _prepare_formula(self, formula, expand_future_functions=False):
                if "(" in formula:
                    return super()._prepare_formula(formula, expand_future_functions)
                if formula.startswith("{"):
                    formula = formula[1:]
                if formula.startswith("="):
                    formula = formula[1:]
                if formula.endswith("}"):
                    formula = formula[:-1]
                return formula

        _SHEET_CLASS.append(Sheet)
    return _SHEET_CLASS[0]


class RekapWriter:
    """The rekap, written while the results come in (in input order, whatever the number of workers): the
    rows of Indikator, Indikator PK and Masalah go to temporary files at once (rekap_xml.py), the tallies the
    Ringkasan and Per Program sheets need are kept; `close()` writes the workbook.  So a batch's rekap is
    mostly written while the pool still completes workbooks, and full results need not be kept for it.

    `fast=False` writes every row through xlsxwriter instead (the reference tests compare both)."""

    def __init__(self, config: Config, fast: bool = True):
        self.config = config
        self.fast = fast
        self.streamed = streamed()   # the form kinds registered now (evaluate/kinds.py)
        # constant_memory: rows xlsxwriter writes go to temporary files as they are written (a rekap of 2,000
        # workbooks has 300,000 indicator rows); strings are then written inline.
        self.package = io.BytesIO()
        import xlsxwriter   # here: `lkjip check` asks is_lkjip_rekap() without loading it

        self.wb = xlsxwriter.Workbook(self.package, {"constant_memory": True, "strings_to_numbers": False,
                                                     "strings_to_formulas": False, "strings_to_urls": False})
        self.wb.worksheet_class = sheet_class()
        self.wb.set_properties({"title": "Rekap evaluasi kinerja", "author": "lkjip", "created": FIXED_DATE})
        self.wb.set_custom_property(MARKER_PROPERTY, MARKER_VALUE)
        self.book = _Book(self.wb, config, fast)
        self.kinds = {name: [col.kind for col in cols] for name, cols, _ in self.streamed}
        self.heights = {name: heights_of(cols) for name, cols, _ in self.streamed}
        self.letters = {name: [col_letters(c + 1) for c in range(len(cols))] for name, cols, _ in self.streamed}
        self.rows: dict[str, BulkRows | list] = {name: BulkRows(len(cols)) if fast else []
                                                 for name, cols, _ in self.streamed}
        # Per Program rows, sorted at the end.  With `fast`, the rendered rows wait in a temporary file and
        # only (sort key, offset, length) stay in memory; else the rows' values.
        self.program: list = []
        self.program_file = temp_file() if fast else None
        self.program_letters = [col_letters(c + 1) for c in range(len(PROGRAM_COLS))]
        self.program_kinds = [col.kind for col in PROGRAM_COLS]
        # Per result, in input order: its tallies (indicators per predikat, PK capaian per quarter).  Summed at
        # close over the workbooks that count: which ones do is known only when every result is in.
        self.tallies: list[tuple[Counter, dict[str, list[list[Decimal]]]]] = []
        self.longest_agency = 0.0   # the width of the longest agency name (its columns are sized from it)

    def render(self, r) -> dict[str, list]:
        """The rows `r` adds to the streamed tables, rendered (rekap_xml.render): what a pool worker does for
        the rekap, so the process gathering the results only numbers rows and copies them."""
        book = self.book
        out = {name: render(rows_of(r), self.letters[name], self.kinds[name],
                            book.style_top if self.heights[name] else book.style_of, self.heights[name])
               for name, _cols, rows_of in self.streamed}
        program = _program_rows(r)
        out["Per Program"] = list(zip(map(program_order, program),
                                      render(program, self.program_letters, self.program_kinds, self.book.style_of)))
        out["tallies"] = _tallies(r)
        return out

    def add(self, r, rendered: dict | None = None) -> None:
        """One result (WorkbookResult), in input order; `rendered`: what render() made of the full result,
        if done (then `r` may be its summary)."""
        self.longest_agency = max(self.longest_agency, text_width(r.info.agency or r.name))
        index = len(self.tallies)
        if self.fast:
            rendered = rendered or self.render(r)
            for name, _cols, _rows_of in self.streamed:
                self.rows[name].add_rendered(rendered[name])
            rows = rendered["Per Program"]
            if rows:   # the workbook's rows in one write (a write and a tell per row cost more than the rows)
                fh = self.program_file
                offset = fh.tell()
                datas = [row.encode("utf-8") for _key, row in rows]
                for (key, _row), data in zip(rows, datas):
                    self.program.append((key, offset, len(data), index))
                    offset += len(data)
                fh.write(b"".join(datas))
            self.tallies.append(rendered["tallies"])
        else:
            for name, _cols, rows_of in self.streamed:
                self.rows[name].extend(rows_of(r))
            self.program.extend((row, index) for row in _program_rows(r))
            self.tallies.append(_tallies(r))

    def close(self, report, target) -> None:
        """Write the rekap of `report` (its summaries, the rows added) to the binary file object `target`."""
        # xlsxwriter's temporary files (a sheet each, then a part each: ~30) in a folder of their own, created
        # here and removed after: a file made in a crowded temp folder costs several times more, and a run
        # stopped meanwhile removes the folder (files.remove_live_temps) instead of leaving them there
        folder = temp_folder("lkjip-rekap-")
        self.wb.tmpdir = str(folder)   # (xlsxwriter's "tmpdir" option, read when sheets are added and packed)
        # and the ~25 parts it packs at the end kept in memory (its "in_memory" option, here only for the packing:
        # the sheets' rows still go to files as in constant_memory): ~15 ms less per run; every entry is stamped
        # alike in splice(), so the bytes are those of the parts packed from files
        self.wb.in_memory = self.fast
        try:
            self._close(report, target)
        finally:
            import shutil

            shutil.rmtree(folder, ignore_errors=True)
            forget_temp(folder)

    def _close(self, report, target) -> None:
        book, config = self.book, self.config
        if len(self.tallies) != len(report.results):
            raise ValueError(f"rekap: {len(self.tallies)} results added, the report holds {len(report.results)}")
        dup = duplicates_of(report)
        counts: Counter = Counter()
        quarters: dict[str, list[list[Decimal]]] = {}
        for i, (c, q) in enumerate(self.tallies):
            if dup.counts(i):
                counts.update(c)
                for form, values in q.items():
                    for k in range(4):
                        quarters.setdefault(form, [[], [], [], []])[k].extend(values[k])
        _ringkasan(book, report, config, counts, quarters, self.longest_agency, dup)
        width = agency_width(self.longest_agency)
        if getattr(report, "status", None) is not None:   # with a roster: first after Ringkasan
            status_sheet(book, report.status, width)
        # Rekap OPD is read line by line: a name longer than the widest column wraps; the big tables are
        # filtered and sorted: a name keeps one line there
        book.table("Rekap OPD", with_width(OPD_COLS, "Perangkat Daerah", max(40, width), WRAP),
                   _rekap_opd_rows(report))
        if self.fast:
            self.program.sort(key=itemgetter(0))     # stable: rows of equal keys stay in input order
            program = BulkRows(len(PROGRAM_COLS))
            program.add_rendered(self._sorted_program_rows(dup))
        else:
            self.program.sort(key=lambda t: program_order(t[0]))
            program = [row for row, i in self.program if dup.counts(i)]
        book.table("Per Program", with_width(PROGRAM_COLS, "Perangkat Daerah", width), program)
        if dup.problems:   # known only now: after the rows of every workbook
            extra = [_masalah_row(p) for p in dup.problems]
            if self.fast:
                self.rows["Masalah"].add_rendered(render(extra, self.letters["Masalah"], self.kinds["Masalah"],
                                                         book.style_top, self.heights["Masalah"]))
            else:
                self.rows["Masalah"].extend(extra)
        for name, cols, _ in self.streamed:
            book.table(name, with_width(cols, "Perangkat Daerah", width), self.rows[name])
        # How the figures were computed, so a printed recap carries its own settings.
        round_id = getattr(report, "round_id", "")
        extra = [["Kode putaran", round_id]] if round_id else []
        book.table("Pengaturan", [Col("Pengaturan", 42), Col("Nilai", 90, WRAP)],
                   [*([name, value] for name, value in describe(config, getattr(report, "config_source", None))),
                    *extra])
        if round_id:   # the round's record carries the same id: a rekap and a record are matched by it
            self.wb.set_custom_property(ROUND_PROPERTY, round_id)
        self.wb.close()
        if self.fast:
            splice(self.package.getvalue(), book.bulk, target)
        else:
            target.write(self.package.getvalue())

    def _sorted_program_rows(self, dup):
        fh = self.program_file
        for _key, offset, length, index in self.program:
            if not dup.counts(index):
                continue
            fh.seek(offset)
            yield fh.read(length).decode("utf-8")

    def discard(self) -> None:
        """Remove the temporary files (after close, or instead of it)."""
        for store in [*self.rows.values(), *self.book.bulk.values()]:
            if isinstance(store, BulkRows):
                store.file.close()
        if self.program_file is not None:
            self.program_file.close()


def _write(report, config: Config, target, fast: bool = True) -> None:
    writer = RekapWriter(config, fast)
    try:
        for r in _full(report):
            writer.add(r)
        writer.close(report, target)
    finally:
        writer.discard()


def build_rekap(report, config: Config) -> bytes:
    buf = io.BytesIO()
    _write(report, config, buf)
    return buf.getvalue()


def write_rekap(report, path: Path, config: Config) -> None:
    atomic_write(Path(path), lambda fh: _write(report, config, fh))


_RENDERER: tuple | None = None   # (config, RekapWriter) of this process, for render_rows()


def render_rows(r, config: Config) -> dict[str, list[str]]:
    """RekapWriter.render() with a writer kept for the process (a pool worker renders many results)."""
    global _RENDERER
    if _RENDERER is None or _RENDERER[0] != (config, kinds.form_kinds()):
        if _RENDERER is not None:
            _RENDERER[1].discard()
        # only render() is used here: the writer that keeps rows in lists opens no temporary files
        _RENDERER = ((config, kinds.form_kinds()), RekapWriter(config, fast=False))
    return _RENDERER[1].render(r)
