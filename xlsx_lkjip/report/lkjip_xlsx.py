"""The LKjIP tables as .xlsx (xlsxwriter): one workbook per agency (a "Keterangan" sheet, then one sheet per
table, captioned as in the report) and one for all agencies (one flat, filterable sheet per table, for Bappeda).
Figures are numbers with number formats ("Rp "#,##0; 0.00" %"), headers are frozen, every sheet is set up to
print on A4 with its header row repeated.  Deterministic: fixed document properties and zip dates."""

from __future__ import annotations

import math
from decimal import Decimal
from typing import BinaryIO

import xlsxwriter

from .lkjip_tables import (FIGURE, GROUP, PERCENT, RATIO, RUPIAH, TABLE_NAMES, TEXT, TOTAL, AgencyLaporan, Column,
                           Table, display, figure_places, tidy)
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
        self.caption = wb.add_format({"bold": True, "font_size": 12})
        self.note = wb.add_format({"font_size": 9, "italic": True})
        self.plain = wb.add_format({"font_size": 10})
        self.bold = wb.add_format({"font_size": 10, "bold": True})
        self.head = wb.add_format({**base, "bold": True, "text_wrap": True, "align": "center", "valign": "vcenter",
                                   "bg_color": "#DDEBF7"})
        self.text = wb.add_format({**base, "text_wrap": True})
        self.group = wb.add_format({**base, "bold": True, "text_wrap": True, "bg_color": "#F2F2F2"})
        self.decimals = decimals
        self.pct = "0" + ("." + "0" * decimals if decimals else "") + '" %"'
        self._cache: dict[tuple, object] = {}
        self._base = base

    def cell(self, kind: str, value, total: bool = False, centre: bool = False):
        if kind == TEXT or not isinstance(value, Decimal):
            num = None
        elif kind == FIGURE:
            num = _figure_format(value, self.decimals)
        elif kind == PERCENT:
            num = self.pct
        elif kind == RUPIAH:
            num = '"Rp "#,##0' if value == value.to_integral_value() else '"Rp "#,##0.00'
        elif kind == RATIO:
            num = "0.00"
        else:   # POINTS
            num = "+0.00;-0.00;0.00"
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


def _figure_format(value: Decimal, decimals: int) -> str:
    """As typed ("#,##0", "#,##0.00" for 70,51), or the round's decimals for a long computed figure."""
    exp = tidy(value).normalize().as_tuple().exponent
    places = -exp if isinstance(exp, int) and exp < 0 else 0
    fixed = figure_places(value, decimals)
    places = fixed if fixed is not None else places
    return "#,##0" + ("." + "0" * places if places else "")


def _widths(columns: list[Column], rows: list[list], decimals: int) -> list[float]:
    """Column widths in characters: a figure's column as wide as its longest figure, a text column as wide as
    its text up to its nominal width (then it wraps), never narrower than its longest word."""
    out = []
    for c, col in enumerate(columns):
        texts = [display(r[c], col.kind, decimals) for r in rows]
        words = max((len(w) for x in texts + [col.label] for w in x.split()), default=1)
        if col.kind == TEXT:
            width = min(max((len(x) for x in texts), default=0), col.width * CM_TO_CHARS * 1.4)
        else:
            width = max((len(x) for x in texts), default=0)
        out.append(round(max(width, words, 4) + 2, 1))
    return out


def _height(values: list, columns: list[Column], widths: list[float], decimals: int, line: float = 13.0) -> float:
    """A row tall enough for its wrapped text (neither Excel nor LibreOffice grows a row written with wrapped
    text on opening the file)."""
    lines = 1
    for v, col, w in zip(values, columns, widths):
        if col.kind == TEXT and v not in (None, ""):
            lines = max(lines, _lines(display(v, col.kind, decimals), w))
    return lines * line + 2


def _lines(text: str, width: float) -> int:
    """How many lines `text` takes in a column `width` characters wide, wrapping at spaces."""
    room = max(1.0, width - 1.5)
    n, used = 1, 0.0
    for word in text.split():
        size = len(word) * 1.05
        if used and used + 1 + size > room:
            n, used = n + 1, size
        else:
            used += (1 if used else 0) + size
    return n


def _put(ws, r: int, c: int, value, fmt) -> None:
    if value is None or value == "":
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


def _print_setup(ws, ncols: int, header_row: int) -> None:
    ws.set_paper(A4)
    if ncols > 8:
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(header_row)
    ws.set_margins(left=0.6, right=0.6, top=0.75, bottom=0.75)
    ws.set_footer("&CHalaman &P dari &N")
    ws.center_horizontally()


def _table_sheet(wb, fmt: _Formats, name: str, table: Table) -> None:
    ws = wb.add_worksheet(name)
    ncols = len(table.columns)
    ws.merge_range(0, 0, 0, ncols - 1, table.caption, fmt.caption)
    ws.set_row(0, 30)
    header = 2
    widths = _widths(table.columns, [row.cells for row in table.rows if row.kind != GROUP], fmt.decimals)
    for c, col in enumerate(table.columns):
        ws.write_string(header, c, col.label, fmt.head)
        ws.set_column(c, c, widths[c])
    ws.set_row(header, _height([c.label for c in table.columns], [Column("", TEXT)] * ncols, widths, fmt.decimals))
    r = header + 1
    for row in table.rows:
        if row.kind == GROUP:
            ws.merge_range(r, 0, r, ncols - 1, row.cells[0], fmt.group)
            ws.set_row(r, _height([row.cells[0]], [Column("", TEXT)], [sum(widths)], fmt.decimals))
        else:
            for c, col in enumerate(table.columns):
                _put(ws, r, c, row.cells[c], fmt.cell(col.kind, row.cells[c], row.kind == TOTAL, c == 0))
            ws.set_row(r, _height(row.cells, table.columns, widths, fmt.decimals))
        r += 1
    r += 1
    for note in table.notes:
        ws.write_string(r, 0, note, fmt.note)
        r += 1
    ws.freeze_panes(header + 1, 0)
    _print_setup(ws, ncols, header)


def write_agency_xlsx(lap: AgencyLaporan, target: BinaryIO, decimals: int = 2, round_label: str = "") -> None:
    wb = _workbook(target, f"LKjIP {lap.agency} {lap.tahun}".strip())
    fmt = _Formats(wb, decimals)
    ws = wb.add_worksheet("Keterangan")
    ws.set_column(0, 0, 16)
    ws.set_column(1, 1, 100)
    ws.write_string(0, 0, f"Tabel Bab III LKjIP {lap.agency} {lap.period}".strip(), fmt.caption)
    lines = [("Perangkat Daerah", lap.agency), ("Periode", lap.period or "-"),
             ("Sumber", f"putaran {round_label}" if round_label else "putaran monitoring"),
             ("Workbook", "; ".join(lap.sources))]
    r = 2
    for k, v in lines:
        ws.write_string(r, 0, k, fmt.bold)
        ws.write_string(r, 1, v, fmt.plain)
        r += 1
    r += 1
    ws.write_string(r, 0, "Tabel", fmt.bold)
    ws.write_string(r, 1, "Judul (sheet dengan nama yang sama)", fmt.bold)
    r += 1
    for t in lap.tables:
        ws.write_string(r, 0, f"Tabel {t.number}", fmt.plain)
        ws.write_string(r, 1, t.title, fmt.plain)
        r += 1
    if lap.notes:
        r += 1
        ws.write_string(r, 0, "Catatan", fmt.bold)
        for note in lap.notes:
            ws.write_string(r, 1, note, fmt.plain)
            r += 1
    ws.set_paper(A4)
    ws.fit_to_pages(1, 0)
    for t in lap.tables:
        _table_sheet(wb, fmt, f"Tabel {t.number}", t)
    wb.close()


# -- every agency ------------------------------------------------------------------------------------------
_SHEET = {"kinerja": "Kinerja", "perbandingan": "Perbandingan", "renstra": "Renstra", "anggaran": "Anggaran",
          "pencapaian": "Pencapaian", "efisiensi": "Efisiensi"}


def write_all_xlsx(laporan: list[AgencyLaporan], target: BinaryIO, tahun: str, decimals: int = 2,
                   round_label: str = "") -> None:
    """One sheet per table kind (and per column set: a Renstra table from the PK and one from the Renja differ),
    each row prefixed by its agency and sasaran, filterable; a sheet listing the agencies and their notes."""
    wb = _workbook(target, f"LKjIP semua OPD {tahun}".strip())
    fmt = _Formats(wb, decimals)
    ws = wb.add_worksheet("Daftar OPD")
    heads = [("Perangkat Daerah", 45), ("Periode", 26), ("Tabel disusun", 40), ("Catatan", 90), ("Workbook", 50)]
    for c, (h, w) in enumerate(heads):
        ws.write_string(0, c, h, fmt.head)
        ws.set_column(c, c, w)
    for r, lap in enumerate(laporan, 1):
        values = [lap.agency, lap.period, "; ".join(f"{t.number} {TABLE_NAMES[t.key]}" for t in lap.tables),
                  " ".join(lap.notes), "; ".join(lap.sources)]
        for c, v in enumerate(values):
            ws.write_string(r, c, v, fmt.text)
    ws.freeze_panes(1, 1)
    ws.autofilter(0, 0, max(1, len(laporan)), len(heads) - 1)
    _print_setup(ws, len(heads), 0)

    groups: dict[tuple, list[tuple[AgencyLaporan, Table]]] = {}
    for lap in laporan:
        for t in lap.tables:
            groups.setdefault((t.key, tuple(c.label for c in t.columns)), []).append((lap, t))
    names: dict[str, int] = {}
    order = list(_SHEET)
    for (key, _labels), items in sorted(groups.items(), key=lambda kv: (order.index(kv[0][0]), kv[0][1])):
        n = names.get(key, 0) + 1
        names[key] = n
        _flat_sheet(wb, fmt, _SHEET[key] + (f" {n}" if n > 1 else ""), items)
    wb.close()


def _flat_sheet(wb, fmt: _Formats, name: str, items: list[tuple[AgencyLaporan, Table]]) -> None:
    ws = wb.add_worksheet(name)
    first = items[0][1]
    columns = [Column("Perangkat Daerah", TEXT, 7.0), Column("Tabel", TEXT, 1.4),
               Column(first.group_label, TEXT, 5.0)] + list(first.columns)
    flat = [[lap.agency, t.number, row.group] + list(row.cells) for lap, t in items for row in t.rows
            if row.kind != GROUP]
    widths = _widths(columns, flat, fmt.decimals)
    for c, col in enumerate(columns):
        ws.write_string(0, c, col.label, fmt.head)
        ws.set_column(c, c, widths[c])
    ws.set_row(0, _height([c.label for c in columns], [Column("", TEXT)] * len(columns), widths, fmt.decimals))
    r = 1
    for lap, t in items:
        for row in t.rows:
            if row.kind == GROUP:
                continue
            values = [lap.agency, t.number, row.group] + list(row.cells)
            for c, col in enumerate(columns):
                _put(ws, r, c, values[c], fmt.cell(col.kind, values[c], row.kind == TOTAL, c == 3))
            ws.set_row(r, _height(values, columns, widths, fmt.decimals))
            r += 1
    ws.freeze_panes(1, 1)
    ws.autofilter(0, 0, max(1, r - 1), len(columns) - 1)
    _print_setup(ws, len(columns), 0)
