"""The LKjIP tables as .xlsx (xlsxwriter): one workbook per agency (a "Keterangan" sheet, then one sheet per
table, captioned as in the report) and one for all agencies (one flat, filterable sheet per table, for Bappeda,
after its "Grafik OPD": each agency's capaian and budget absorption as native charts over their figures).
Figures are numbers with number formats ("Rp "#,##0; 0.00" %"), headers are frozen, every sheet is set up to
print on A4 with its header row repeated.  Deterministic: fixed document properties and zip dates."""

from __future__ import annotations

import math
from decimal import Decimal
from typing import BinaryIO

import xlsxwriter

from .lkjip_tables import (DATA, FIGURE, FILL, GROUP, PERCENT, RATIO, RUPIAH, TEXT, TOTAL, AgencyLaporan, Column, Table,
                           column_places, display)
from ..evaluate.numbers import format_id
from .lkjip_charts import agency_figures, xlsx_agency_chart, xlsx_agency_chart_rows, xlsx_chart
from .rekap import FIXED_DATE, MARKER_PROPERTY, MARKER_VALUE

CM_TO_CHARS = 4.6      # a column width in characters for a docx width in centimetres (Calibri 11)
A4 = 9
# Written into every workbook lkjip makes here (custom property lkjip = "rekap …", as the rekap and the
# multi-round recap carry it), so a later `lkjip run` or `check` over this folder knows it for ours: its
# "Kinerja" sheet is a table a PK reader would otherwise take for an agency's annual IKU table.
MARKER = MARKER_VALUE + " LKjIP"


def _workbook(target: BinaryIO, title: str):
    wb = xlsxwriter.Workbook(target, {"strings_to_numbers": False, "strings_to_formulas": False,
                                      "strings_to_urls": False, "in_memory": True})
    wb.set_properties({"title": title, "author": "lkjip", "created": FIXED_DATE, "comments": "lkjip laporan"})
    wb.set_custom_property(MARKER_PROPERTY, MARKER)
    return wb


class _Formats:
    def __init__(self, wb, decimals: int):
        base = {"font_size": 10, "valign": "top", "border": 1}
        self.wb = wb
        self.caption = wb.add_format({"bold": True, "font_size": 12, "text_wrap": True, "valign": "top"})
        self.note = wb.add_format({"font_size": 9, "italic": True, "text_wrap": True, "valign": "top"})
        self.plain = wb.add_format({"font_size": 10})
        self.wrap = wb.add_format({"font_size": 10, "text_wrap": True, "valign": "top"})
        self.bold = wb.add_format({"font_size": 10, "bold": True})
        self.head = wb.add_format({**base, "bold": True, "text_wrap": True, "align": "center", "valign": "vcenter",
                                   "bg_color": "#DDEBF7"})
        self.text = wb.add_format({**base, "text_wrap": True})
        self.group = wb.add_format({**base, "bold": True, "text_wrap": True, "bg_color": "#F2F2F2"})
        # a cell the agency fills in (FILL): yellow, as forms mark an input
        self.fill = wb.add_format({**base, "italic": True, "align": "center", "bg_color": "#FFF2CC"})
        self.decimals = decimals
        self.pct = "0" + ("." + "0" * decimals if decimals else "") + '" %"'
        self._cache: dict[tuple, object] = {}
        self.charts: dict = {}      # the hidden chart-data sheet, once a chart needs it
        self._base = base

    def cell(self, kind: str, num: str | None, total: bool = False, centre: bool = False):
        """The format of a cell of a column of `kind` whose number format is `num` (one per column:
        column_formats)."""
        align = "center" if centre else "left" if kind == TEXT else "right"
        key = (num, align, total, kind == TEXT)
        if key not in self._cache:
            spec = {**self._base, "align": align, "bold": total}
            if num:
                spec["num_format"] = num
            if kind == TEXT:
                spec["text_wrap"] = True
            if total:
                spec["bg_color"] = "#F2F2F2"
            self._cache[key] = self.wb.add_format(spec)
        return self._cache[key]


# Indonesian separators whatever the reader's system (LibreOffice follows a format's locale; Excel keeps the
# system's separators, which for the agencies are Indonesian anyway): 7.193.500.570, 95,80 %
ID_LOCALE = "[$-421]"


def column_formats(columns: list[Column], rows: list[list], decimals: int) -> list[str | None]:
    """One number format per column, whatever each row's figure looks like (95,80 and 78,54 both with two
    decimals, never 95,8 beside 78,54): the decimals column_places gives, as the .docx shows them."""
    pct = "0" + ("." + "0" * decimals if decimals else "") + '" %"'
    out: list[str | None] = []
    for col, places in zip(columns, column_places(columns, rows, decimals)):
        if col.kind == FIGURE:
            num = "#,##0" + ("." + "0" * places if places else "")
        elif col.kind == RUPIAH:
            num = '"Rp "#,##0' + (".00" if places else "")
        else:
            num = {PERCENT: pct, RATIO: "0.00", TEXT: None}.get(col.kind, "+0.00;-0.00;0.00")
        out.append(ID_LOCALE + num if num else None)
    return out


def _widths(columns: list[Column], rows: list[list], decimals: int) -> list[float]:
    """Column widths in characters: a figure's column as wide as its longest figure, a text column as wide as
    its text up to its nominal width (then it wraps), never narrower than its longest word."""
    out = []
    places = column_places(columns, rows, decimals)
    for c, col in enumerate(columns):
        texts = [display(r[c], col.kind, decimals, places[c]) for r in rows]
        words = max((len(w) for x in texts + [col.label] for w in x.split()), default=1)
        if col.kind == TEXT and not col.nowrap and FILL in texts:   # room for what the agency will write
            width = col.width * CM_TO_CHARS
        elif col.kind == TEXT and not col.nowrap:
            width = min(max((len(x) for x in texts), default=0), col.width * CM_TO_CHARS * 1.4)
        else:
            width = max((len(x) for x in texts), default=0)
        out.append(round(max(width, words, 4) + 2, 1))
    return out


def _height(values: list, columns: list[Column], widths: list[float], decimals: int, line: float = 13.0) -> float:
    """A row tall enough for its wrapped text (neither Excel nor LibreOffice grows a row written with wrapped
    text on opening the file); at most Excel's 409 points."""
    lines = 1
    for v, col, w in zip(values, columns, widths):
        if col.kind == TEXT and v not in (None, ""):
            lines = max(lines, _lines(display(v, col.kind, decimals), w))
    return min(lines * line + 2, 409)


def _lines(text: str, width: float) -> int:
    """How many lines `text` takes in a column `width` characters wide, wrapping at spaces."""
    room = max(1.0, width - 1.5)
    total = 0
    for line in text.split("\n"):     # a line break the text holds (a faktor's numbered points) starts a line
        n, used = 1, 0.0
        for word in line.split():
            size = len(word) * 1.05
            if used and used + 1 + size > room:
                n, used = n + 1, size
            else:
                used += (1 if used else 0) + size
        total += n
    return total


def _put(ws, r: int, c: int, value, fmt, fill=None) -> None:
    if value == FILL and fill is not None:
        ws.write_string(r, c, value, fill)
    elif value is None or value == "":
        ws.write_blank(r, c, None, fmt)
    elif isinstance(value, Decimal):
        f = float(value)
        if math.isfinite(f):
            ws.write_number(r, c, f, fmt)
        else:
            ws.write_string(r, c, str(value), fmt)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        ws.write_number(r, c, value, fmt)
    else:
        ws.write_string(r, c, str(value), fmt)


def _print_setup(ws, wide: bool, header_row: int) -> None:
    ws.set_paper(A4)
    if wide:    # more than six columns: landscape, as the .docx prints it
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(header_row)
    ws.set_margins(left=0.6, right=0.6, top=0.75, bottom=0.75)
    ws.set_footer("&CHalaman &P dari &N")
    ws.center_horizontally()


def _caption(ws, fmt: "_Formats", text: str, ncols: int, widths: list[float]) -> None:
    """The caption over the table's full width, wrapped inside it (never clipped nor spilling past the last
    column), its row as tall as its lines."""
    if ncols > 1:
        ws.merge_range(0, 0, 0, ncols - 1, text, fmt.caption)
    else:
        ws.write_string(0, 0, text, fmt.caption)
    ws.set_row(0, 16 * _lines(text, sum(widths) * 0.92) + 4)


def caption_lines(text: str, widths: list[float]) -> int:
    """The lines a caption takes over columns of these widths (the caption is 12 pt on 10 pt columns)."""
    return _lines(text, sum(widths) * 0.92)


def _table_sheet(wb, fmt: _Formats, name: str, table: Table) -> None:
    ws = wb.add_worksheet(name)
    ncols = len(table.columns)
    body = [row.cells for row in table.rows if row.kind != GROUP]
    widths = _widths(table.columns, body, fmt.decimals)
    nums = column_formats(table.columns, body, fmt.decimals)
    _caption(ws, fmt, table.caption, ncols, widths)
    header = 2
    for c, col in enumerate(table.columns):
        ws.write_string(header, c, col.label, fmt.head)
        ws.set_column(c, c, widths[c])
    ws.set_row(header, _height([c.label for c in table.columns], [Column("", TEXT)] * ncols, widths, fmt.decimals))
    r = header + 1
    separated = False
    for row in table.rows:
        if row.kind == TOTAL and not separated:
            r += 1      # a blank row: a filter or a SUM over the data rows never takes a total with them
            separated = True
        if row.kind == GROUP:
            ws.merge_range(r, 0, r, ncols - 1, row.cells[0], fmt.group)
            ws.set_row(r, _height([row.cells[0]], [Column("", TEXT)], [sum(widths)], fmt.decimals))
        else:
            for c, col in enumerate(table.columns):
                _put(ws, r, c, row.cells[c], fmt.cell(col.kind, nums[c], row.kind == TOTAL, c == 0), fmt.fill)
            ws.set_row(r, _height(row.cells, table.columns, widths, fmt.decimals))
        r += 1
    r += 1
    for note in table.notes:
        ws.merge_range(r, 0, r, ncols - 1, note, fmt.note) if ncols > 1 else ws.write_string(r, 0, note, fmt.note)
        ws.set_row(r, 12 * _lines(note, sum(widths) * 1.1) + 2)
        r += 1
    if table.chart is not None:
        xlsx_chart(wb, ws, name, table, fmt.charts, r + 1)
    ws.freeze_panes(header + 1, 0)
    _print_setup(ws, ncols > 6, header)     # the note column is a column of its own here


def write_agency_xlsx(lap: AgencyLaporan, target: BinaryIO, decimals: int = 2, round_label: str = "") -> None:
    wb = _workbook(target, f"LKjIP {lap.agency} {lap.tahun}".strip())
    fmt = _Formats(wb, decimals)
    ws = wb.add_worksheet("Keterangan")
    ws.set_column(0, 0, 16)
    ws.set_column(1, 1, 100)
    ws.merge_range(0, 0, 0, 1, f"Tabel Bab II dan III LKjIP {lap.agency} {lap.period}".strip(), fmt.caption)
    lines = [("Perangkat Daerah", lap.agency), ("Periode", lap.period or "-"),
             ("Sumber", f"putaran {round_label}" if round_label else "putaran monitoring"),
             ("Workbook", "; ".join(lap.sources))]
    lines += [("Tabel", "Judul (sheet dengan nama yang sama)")]
    lines += [(f"Tabel {t.number}", t.title) for t in lap.tables]
    lines += [("Peringatan" if i == 0 else "", w) for i, w in enumerate(lap.warnings)]
    lines += [("Catatan" if i == 0 else "", n) for i, n in enumerate(lap.notes)]
    for r, (k, v) in enumerate(lines, 2):
        ws.write_string(r, 0, k, fmt.bold if k in ("Tabel", "Peringatan", "Catatan") or r < 6 else fmt.plain)
        ws.write_string(r, 1, v, fmt.wrap)
        ws.set_row(r, 13 * _lines(v, 100) + 2)
    ws.set_paper(A4)
    ws.fit_to_pages(1, 0)
    for t in lap.tables:
        _table_sheet(wb, fmt, f"Tabel {t.number}", t)
    wb.close()


# -- every agency ------------------------------------------------------------------------------------------
_SHEET = {"pk": "PK", "program": "Program", "pendukung": "Pendukung Sasaran", "kinerja": "Kinerja", "perbandingan": "Perbandingan", "tren": "Tren",
          "sasaran": "Capaian Sasaran", "persasaran": "Per Sasaran", "renstra": "Renstra", "nasional": "Target Nasional",
          "anggaran": "Anggaran", "hierarki": "Anggaran Rinci", "alokasi": "Alokasi Sasaran",
          "pencapaian": "Pencapaian", "efisiensi": "Efisiensi", "efisiensi_opd": "Efisiensi OPD", "faktor": "Faktor",
          "faktor_program": "Faktor Program"}


def write_all_xlsx(laporan: list[AgencyLaporan], target: BinaryIO, tahun: str, decimals: int = 2,
                   round_label: str = "") -> None:
    """One sheet per table kind (the columns of every agency's table of that kind side by side: an agency
    whose budget table has no Kode column shares the sheet), each row prefixed by its agency (and its sasaran
    where the table has one), filterable; the totals below the filtered rows; a sheet listing the agencies and
    their notes."""
    wb = _workbook(target, f"LKjIP semua OPD {tahun}".strip())
    fmt = _Formats(wb, decimals)
    _agency_list(wb, fmt, laporan)
    _chart_sheet(wb, fmt, laporan, tahun)
    groups: dict[str, list[tuple[AgencyLaporan, Table]]] = {}
    for lap in laporan:
        for t in lap.tables:
            groups.setdefault(t.key, []).append((lap, t))
    for key in sorted(groups, key=lambda k: list(_SHEET).index(k) if k in _SHEET else len(_SHEET)):
        _flat_sheet(wb, fmt, _SHEET.get(key, key[:31]), groups[key])
    wb.close()


def _agency_list(wb, fmt: _Formats, laporan: list[AgencyLaporan]) -> None:
    """"Daftar OPD": printable on landscape A4 (widths that add up to one page, rows as tall as their text)."""
    ws = wb.add_worksheet("Daftar OPD")
    columns = [Column("Perangkat Daerah", TEXT, 5.0), Column("Periode", TEXT, 3.5), Column("Tabel disusun", TEXT, 6.0),
               Column("Peringatan dan catatan", TEXT, 12.0), Column("Workbook", TEXT, 5.0)]
    rows = [[lap.agency, lap.period, "; ".join(f"{t.number} {t.title.split(' ' + lap.agency)[0]}" for t in lap.tables),
             " ".join(lap.warnings + lap.notes), "; ".join(lap.sources)] for lap in laporan]
    widths = [28, 16, 40, 70, 26]
    for c, col in enumerate(columns):
        ws.write_string(0, c, col.label, fmt.head)
        ws.set_column(c, c, widths[c])
    for r, values in enumerate(rows, 1):
        for c, v in enumerate(values):
            ws.write_string(r, c, v, fmt.text)
        ws.set_row(r, _height(values, columns, widths, fmt.decimals))
    ws.freeze_panes(1, 1)
    ws.autofilter(0, 0, max(1, len(rows)), len(columns) - 1)
    _print_setup(ws, True, 0)


CHART_SHEET = "Grafik OPD"
# A4 portrait inside the margins _print_setup sets (0,6" left and right; 0,75" top and bottom, less the footer)
WIDTH_PT, PAGE_PT = 508.0, 690.0


def _chart_sheet(wb, fmt: _Formats, laporan: list[AgencyLaporan], tahun: str) -> None:
    """"Grafik OPD": each agency's capaian kinerja with its predikat, and its budget absorption: each a native bar
    chart over the small table under it (the figures of the agency's own tables), on a page of its own."""
    capaian, serapan = agency_figures(laporan)
    if not capaian and not serapan:
        return
    ws = wb.add_worksheet(CHART_SHEET)
    d = fmt.decimals
    sections = []
    if capaian:
        sections.append((f"Capaian Kinerja per Perangkat Daerah {tahun}".strip(),
                         [Column("Perangkat Daerah", TEXT, 7.0), Column("Periode", TEXT, 3.5),
                          Column("Capaian Kinerja (%)", PERCENT, 2.0), Column("Predikat", TEXT, 2.2, nowrap=True)],
                         [list(r) for r in capaian], 2,
                         [f"{format_id(c, d)} % ({p})" if c is not None and p else "" for _, _, c, p in capaian],
                         "Capaian (%)",
                         "Sumber: baris \"Rata-rata capaian kinerja Perangkat Daerah\" tabel Capaian Kinerja per "
                         "Sasaran Strategis setiap OPD (sheet Capaian Sasaran): rata-rata capaian semua indikator PK, "
                         "angka yang sama dengan workbook dan rekap. OPD tanpa PK tidak ada di grafik ini."))
    if serapan:
        sections.append((f"Serapan Anggaran per Perangkat Daerah {tahun}".strip(),
                         [Column("Perangkat Daerah", TEXT, 7.0), Column("Periode", TEXT, 3.5),
                          Column("Pagu Anggaran (Rp)", RUPIAH, 2.6), Column("Realisasi Anggaran (Rp)", RUPIAH, 2.6),
                          Column("Serapan (%)", PERCENT, 2.0)],
                         [list(r) for r in serapan], 4,
                         [f"{format_id(v, d)} %" if v is not None else "" for *_, v in serapan], "Serapan (%)",
                         "Sumber: baris Jumlah tabel Realisasi Anggaran per Program setiap OPD (sheet Anggaran): "
                         "serapan = Σ realisasi ÷ Σ pagu program Evaluasi Renja × 100. OPD tanpa Evaluasi Renja "
                         "tidak ada di grafik ini."))
    widths = [0.0] * 5
    for _, cols, rows, *_ in sections:
        for c, w in enumerate(_widths(cols, rows, d)):
            widths[c] = max(widths[c], w)
    for c, w in enumerate(widths):
        ws.set_column(c, c, w)
    # The page's height in the sheet's points once fitted to one A4 page wide (a column of w characters is
    # 7w + 5 px, 0,75 pt a px; the chart 760 px): a section whose chart would not fit below the one before
    # starts a page, so no chart is cut by a page break.
    sheet_pt = 0.75 * max(sum(7 * w + 5 for w in widths), 780)
    page_pt = PAGE_PT / min(1.0, WIDTH_PT / sheet_pt)
    r, used, breaks = 0, 0.0, []
    for title, cols, rows, value_col, labels, axis, note in sections:
        nums = column_formats(cols, rows, d)
        chart_rows = xlsx_agency_chart_rows(len(rows))
        if r and used + 20 + 15 * chart_rows > page_pt:
            breaks.append(r)
            used = 0.0
        ws.merge_range(r, 0, r, len(cols) - 1, title, fmt.caption)
        ws.set_row(r, 20)
        # the chart first (it never splits), then the table of its figures (which may run on to the next page)
        chart_at, r = r + 1, r + 1 + chart_rows + 1
        heights = [20.0, 15.0 * (chart_rows + 1)]
        heights.append(_height([c.label for c in cols], [Column("", TEXT)] * len(cols), widths, d))
        ws.write_row(r, 0, [col.label for col in cols], fmt.head)
        ws.set_row(r, heights[-1])
        first = r + 1
        for values in rows:
            r += 1
            for c, col in enumerate(cols):
                _put(ws, r, c, values[c], fmt.cell(col.kind, nums[c], False, False))
            heights.append(_height(values, cols, widths, d))
            ws.set_row(r, heights[-1])
        last = r
        r += 1
        ws.merge_range(r, 0, r, len(cols) - 1, note, fmt.note)
        heights.append(12 * _lines(note, sum(widths[:len(cols)]) * 1.1) + 2)
        ws.set_row(r, heights[-1])
        xlsx_agency_chart(wb, ws, CHART_SHEET, title, first, last, value_col, labels, axis, chart_at,
                          [values[value_col] for values in rows])
        r += 2
        used = (used + sum(heights) + 30) % page_pt    # a long table runs on: what is left of its last page
    ws.set_h_pagebreaks(breaks)
    # five columns: portrait, as every table of six columns or fewer; one page wide
    ws.set_paper(A4)
    ws.set_portrait()
    ws.fit_to_pages(1, 0)
    ws.set_margins(left=0.6, right=0.6, top=0.75, bottom=0.75)
    ws.set_footer("&CHalaman &P dari &N")
    ws.center_horizontally()


def _union(tables: list[Table]) -> list[Column]:
    """Every column label of the tables, in the order they first come."""
    seen: dict[str, Column] = {}
    for t in tables:
        for col in t.columns:
            seen.setdefault(col.label, col)
    return list(seen.values())


def _flat_sheet(wb, fmt: _Formats, name: str, items: list[tuple[AgencyLaporan, Table]]) -> None:
    ws = wb.add_worksheet(name)
    # every row starts with its agency: a table's own "Perangkat Daerah" column (the agency's efficiency) is that
    union = [c for c in _union([t for _, t in items]) if c.label != "Perangkat Daerah"]
    label = items[0][1].group_label
    # the sasaran column only where a row has one and no column of the tables already is it: a program or budget
    # table has no sasaran, and an empty column (or a second "Sasaran Strategis") is printed for nothing
    grouped = label not in {c.label for c in union} and any(row.group for _, t in items for row in t.rows
                                                             if row.kind in (DATA, TOTAL))
    prefix = [Column("Perangkat Daerah", TEXT, 7.0), Column("Tabel", TEXT, 1.4)] + (
        [Column(label, TEXT, 5.0)] if grouped else [])
    columns = prefix + union

    def values(lap, t, row):
        by_label = dict(zip((c.label for c in t.columns), row.cells))
        return [lap.agency, t.number] + ([row.group] if grouped else []) + [by_label.get(c.label) for c in union]

    data = [values(lap, t, row) for lap, t in items for row in t.rows if row.kind == DATA]
    totals = [values(lap, t, row) for lap, t in items for row in t.rows if row.kind == TOTAL]
    widths = _widths(columns, data + totals, fmt.decimals)
    nums = column_formats(columns, data + totals, fmt.decimals)
    for c, col in enumerate(columns):
        ws.write_string(0, c, col.label, fmt.head)
        ws.set_column(c, c, widths[c])
    ws.set_row(0, _height([c.label for c in columns], [Column("", TEXT)] * len(columns), widths, fmt.decimals))
    r = 1
    centre = [c == len(prefix) and col.kind == TEXT for c, col in enumerate(columns)]   # the table's No / Kode
    for vals in data:
        for c, col in enumerate(columns):
            _put(ws, r, c, vals[c], fmt.cell(col.kind, nums[c], False, centre[c]), fmt.fill)
        ws.set_row(r, _height(vals, columns, widths, fmt.decimals))
        r += 1
    ws.autofilter(0, 0, max(1, r - 1), len(columns) - 1)
    if totals:
        # below the filtered rows, after a blank row and a label: a filter or a SUM never counts them
        r += 1
        ws.write_string(r, 0, "Baris jumlah setiap OPD (di luar filter)", fmt.bold)
        r += 1
        for vals in totals:
            for c, col in enumerate(columns):
                _put(ws, r, c, vals[c], fmt.cell(col.kind, nums[c], True, centre[c]))
            ws.set_row(r, _height(vals, columns, widths, fmt.decimals))
            r += 1
    ws.freeze_panes(1, 1)
    _print_setup(ws, True, 0)
