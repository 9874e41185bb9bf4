"""The .ods reader: an OpenDocument spreadsheet (LibreOffice, WPS, Google Sheets export) as grids.

python-calamine is not used for .ods: 0.9.1 gives no merged ranges (merged_cell_ranges is None), reads a
boolean as 1.0 and an error as "", loses percent formats and hidden rows, and has no size cap (a 1 MB .ods
whose content.xml inflates to 1 GB was read into 1 GB).  content.xml is read here instead, after the zip
checks the .xlsx package gets (io/package.ZipPackage: sizes declared and actual, entry names, no DTD in any
XML part), streamed cell by cell and row by row with lxml.iterparse: repeated rows and columns are counted,
never made, and the cells a row declares are checked against the workbook's cap before they are made.
"""

from __future__ import annotations

import datetime as _dt
import io
import re

from lxml import etree

from ..config import DEFAULT, Config
from .foreign import (MAX_CELLS, MAX_COLS, MAX_ROWS, Book, Builder, Formats, Sheet, decimal_from_double,
                      duration_text, error, sheet_names, too_many_cells)
from .package import ZipPackage, refuse_dtd

MAX_XML_PART = 64 * 1024 * 1024      # content.xml of a real agency .ods: a few MB

NS_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
NS_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
NS_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
NS_STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
NS_FO = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
NS_NUMBER = "urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0"
NS_CALCEXT = "urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"
_T, _O, _X, _S, _N = (f"{{{ns}}}" for ns in (NS_TABLE, NS_OFFICE, NS_TEXT, NS_STYLE, NS_NUMBER))
_TABLE, _ROW, _CELL, _COVERED, _COLUMN = (_T + x for x in ("table", "table-row", "table-cell",
                                                             "covered-table-cell", "table-column"))
_SPREADSHEET, _AUTO_STYLES, _ANNOTATION = _O + "spreadsheet", _O + "automatic-styles", _O + "annotation"
_P, _H, _SPACE, _TAB, _BREAK = _X + "p", _X + "h", _X + "s", _X + "tab", _X + "line-break"
_STYLE = _S + "style"
_DATA_STYLES = {_N + "number-style": "number", _N + "percentage-style": "percent", _N + "currency-style": "currency",
                _N + "date-style": "date", _N + "time-style": "time", _N + "text-style": "text",
                _N + "boolean-style": "boolean"}
_DURATION = re.compile(r"^(-)?P(?:(\d+)D)?T?(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?$")
_LENGTH = re.compile(r"^\s*([0-9.]+)\s*(cm|mm|in|pt|pc|px)\s*$")
_INCH = {"cm": 1 / 2.54, "mm": 1 / 25.4, "in": 1.0, "pt": 1 / 72, "pc": 1 / 6, "px": 1 / 96}


class OdsPackage(ZipPackage):
    """An .ods zip with the package's checks; every XML part (content.xml too) is DTD-checked on opening."""

    KIND = "berkas .ods"

    def _check_entries(self) -> None:
        super()._check_entries()
        for info in self.infos:
            if info.filename.lower().endswith(".xml") and info.file_size > MAX_XML_PART:
                raise error("unsafe-package", "part-too-large", part=info.filename, size=info.file_size)

    def read(self, name: str) -> bytes:
        data = super().read(name)
        if name.lower().endswith(".xml") and len(data) > MAX_XML_PART:   # a declared size that lied
            raise error("unsafe-package", "part-over-cap", part=name)
        return data


def _length_inches(text: str | None) -> float | None:
    m = _LENGTH.match(text or "")
    return float(m.group(1)) * _INCH[m.group(2)] if m else None


def _int_attr(el, name: str, cap: int) -> int:
    try:
        return max(1, min(int(el.get(name, 1)), cap))
    except ValueError:
        return 1


class _Styles:
    """What the automatic styles of content.xml say about cells, columns, rows and tables."""

    def __init__(self):
        self.data_styles: dict[str, str] = {}       # data style name -> Excel number format code
        self.cell_data: dict[str, str] = {}          # cell style name -> data style name
        self.col_width: dict[str, float] = {}        # column style -> width in characters
        self.row_height: dict[str, float] = {}       # row style -> height in points (set by hand)
        self.hidden_tables: set[str] = set()

    def data_style(self, el, kind: str) -> None:
        name = el.get(_S + "name")
        if not name:
            return
        number = el.find(_N + "number")
        decimals = 0
        grouping = False
        if number is not None:
            try:
                decimals = max(0, min(int(number.get(_N + "decimal-places", "0")), 10))
            except ValueError:
                decimals = 0
            grouping = number.get(_N + "grouping") == "true"
        body = ("#,##0" if grouping else "0") + ("." + "0" * decimals if decimals else "")
        code = {"number": body if number is not None else "General", "percent": body + "%",
                "currency": "#,##0" + ("." + "0" * decimals if decimals else ""),
                "date": "dd/mm/yyyy", "time": "hh:mm:ss", "text": "@", "boolean": "General"}[kind]
        if kind == "number" and el.find(_N + "scientific-number") is not None:
            code = "0.00E+00"
        self.data_styles[name] = code

    def style(self, el) -> None:
        name, family = el.get(_S + "name"), el.get(_S + "family")
        if not name:
            return
        if family == "table-cell":
            data = el.get(_S + "data-style-name")
            if data:
                self.cell_data[name] = data
        elif family == "table-column":
            props = el.find(_S + "table-column-properties")
            inches = _length_inches(props.get(_S + "column-width")) if props is not None else None
            if inches is not None:
                self.col_width[name] = max(0.0, (inches * 96 - 5) / 7)     # Excel: 7 px a character + 5 px padding
        elif family == "table-row":
            props = el.find(_S + "table-row-properties")
            if props is not None and props.get(_S + "use-optimal-row-height") == "false":
                inches = _length_inches(props.get(_S + "row-height"))
                if inches is not None:
                    self.row_height[name] = inches * 72
        elif family == "table":
            props = el.find(_S + "table-properties")
            if props is not None and props.get(_T + "display") == "false":
                self.hidden_tables.add(name)


def _inline(el, out: list[str]) -> None:
    if el.text:
        out.append(el.text)
    for ch in el:
        tag = ch.tag
        if tag == _SPACE:
            out.append(" " * _int_attr(ch, _X + "c", 1000))
        elif tag == _TAB:
            out.append("\t")
        elif tag == _BREAK:
            out.append("\n")
        elif tag == _ANNOTATION or tag == _X + "note":
            pass            # comments and footnotes are not the cell's text
        elif isinstance(tag, str):
            _inline(ch, out)       # depth is bounded: the parser runs without huge_tree (256 levels)
        if ch.tail:
            out.append(ch.tail)


def _cell_text(cell) -> str:
    paras = []
    for ch in cell:
        if ch.tag in (_P, _H):
            parts: list[str] = []
            _inline(ch, parts)
            paras.append("".join(parts))
    return "\n".join(paras)


def _number(text: str):
    try:
        return decimal_from_double(float(text))
    except (ValueError, OverflowError):
        return None


def _cell_value(cell):
    """(value, kind) of a table:table-cell, or None when it holds nothing."""
    vt = cell.get(_O + "value-type")
    if cell.get(f"{{{NS_CALCEXT}}}value-type") == "error":
        return _cell_text(cell) or "#ERROR", "e"
    if vt in ("float", "currency", "percentage"):
        raw = cell.get(_O + "value", "")
        d = _number(raw)
        if d is None:
            return (raw or _cell_text(cell)), "s"
        return d, "n"
    if vt == "date":
        return cell.get(_O + "date-value", "") or _cell_text(cell), "d"
    if vt == "time":
        raw = cell.get(_O + "time-value", "")
        m = _DURATION.match(raw)
        if m:
            neg, d, h, mi, s = m.groups()
            secs = int(d or 0) * 86400 + int(h or 0) * 3600 + int(mi or 0) * 60 + int(float(s or 0))
            raw = duration_text(_dt.timedelta(seconds=-secs if neg else secs))
        return raw or _cell_text(cell), "d"
    if vt == "boolean":
        return cell.get(_O + "boolean-value", "").strip().lower() in ("true", "1"), "b"
    text = cell.get(_O + "string-value")
    if text is None:
        text = _cell_text(cell)
    return (text, "s") if text != "" else None


class _TableReader:
    """One table:table as it streams by."""

    def __init__(self, name: str, hidden: bool, budget: list[int], styles: _Styles, formats: Formats):
        self.name, self.hidden = name, hidden
        self.b = Builder(budget)
        self.styles, self.formats = styles, formats
        self.r = 0                           # rows read so far
        self.col = 0                         # columns declared so far (table:table-column)
        self.col_default: list[tuple[int, int, str]] = []     # (first, last, default cell style)
        self.widths: list[tuple[int, int, float]] = []
        self.hidden_cols: list[tuple[int, int]] = []
        self.heights: list[tuple[int, int, float]] = []
        self.row_start()
        self._style_index: dict[tuple[str, bool], int] = {}

    def column(self, el) -> None:
        n = _int_attr(el, _T + "number-columns-repeated", MAX_COLS)
        first, last = self.col + 1, min(self.col + n, MAX_COLS)
        self.col = last
        width = self.styles.col_width.get(el.get(_T + "style-name"))
        if width is not None:
            self.widths.append((first, last, width))
        if el.get(_T + "visibility") in ("collapse", "filter"):
            self.hidden_cols.append((first, last))
        default = el.get(_T + "default-cell-style-name")
        if default:
            self.col_default.append((first, last, default))

    def row_start(self, el=None) -> None:
        self.repeat = _int_attr(el, _T + "number-rows-repeated", MAX_ROWS) if el is not None else 1
        self.row_hidden = el is not None and el.get(_T + "visibility") in ("collapse", "filter")
        self.row_style = el.get(_T + "style-name") if el is not None else None
        self.c = 0
        self.found: list[tuple] = []
        self.needed = 0

    def _style(self, cell, col: int, percent: bool) -> int:
        name = cell.get(_T + "style-name")
        if name is None:
            for first, last, default in self.col_default:
                if first <= col <= last:
                    name = default
                    break
        key = (name or "", percent)
        i = self._style_index.get(key)
        if i is None:
            code = self.styles.data_styles.get(self.styles.cell_data.get(name or ""), "General")
            if percent and "%" not in code:
                code = "0.00%"
            i = self._style_index[key] = self.formats.add(code)
        return i

    def cell(self, cell) -> None:
        if self.c >= MAX_COLS:
            return
        n = _int_attr(cell, _T + "number-columns-repeated", MAX_COLS)
        got = _cell_value(cell)
        formula = cell.get(_T + "formula") is not None
        cs = _int_attr(cell, _T + "number-columns-spanned", MAX_COLS)
        rs = _int_attr(cell, _T + "number-rows-spanned", MAX_ROWS)
        if got is not None or formula or cs > 1 or rs > 1:
            style = 0
            if got is not None and got[1] in ("n", "d"):
                style = self._style(cell, self.c + 1, cell.get(_O + "value-type") == "percentage")
            self.found.append((self.c + 1, got, formula, n, cs, rs, style))
            if got is not None or formula:
                # refused before making them: a tiny file can declare billions of cells
                self.needed += self.repeat * n
                if self.needed > self.b.budget[0]:
                    raise too_many_cells()
        self.c += n

    def row_end(self) -> None:
        r, repeat, b = self.r, self.repeat, self.b
        last = min(r + repeat, MAX_ROWS)
        if self.row_hidden:
            b.hidden_ranges.append((r + 1, last))
        height = self.styles.row_height.get(self.row_style)
        if height is not None:
            self.heights.append((r + 1, last, height))
        for k in range(repeat if self.found else 0):
            rr = r + 1 + k
            if rr > MAX_ROWS:
                break
            for col, got, formula, n, cs, rs, style in self.found:
                if got is not None or formula:      # an empty merged cell only gives its merge
                    value, kind = got if got is not None else (None, "")    # a formula giving ""
                    for j in range(n):
                        b.put(rr, col + j, value, kind, formula, style)
                if cs > 1 or rs > 1:
                    b.merges.append((rr, col, min(rr + rs - 1, MAX_ROWS), min(col + cs - 1, MAX_COLS)))
        self.r = r + repeat
        self.row_start()

    def sheet(self, name: str) -> Sheet:
        grid = self.b.grid()
        widths = {c: w for first, last, w in self.widths for c in range(first, min(last, grid.max_col) + 1)}
        hidden_cols = frozenset(c for first, last in self.hidden_cols for c in range(first, min(last, grid.max_col) + 1))
        heights = {r: h for first, last, h in self.heights for r in range(first, min(last, grid.max_row) + 1)}
        return Sheet(name, grid, "hidden" if self.hidden else "visible", widths, heights, hidden_cols)


def read_ods(path, config: Config = DEFAULT) -> Book:
    with OdsPackage(path, config) as pkg:
        if "content.xml" not in pkg.names:
            raise error("not-a-workbook", "ods-no-content")
        if "META-INF/manifest.xml" in pkg.names and b"encryption-data" in pkg.read("META-INF/manifest.xml"):
            raise error("encrypted", "ods")
        data = pkg.read("content.xml")
    refuse_dtd(data, "content.xml")
    return read_ods_content(data)


def read_ods_content(data: bytes) -> Book:
    book = Book("ods")
    styles = _Styles()
    budget = [MAX_CELLS]
    tables: list[tuple[str, _TableReader]] = []
    t: _TableReader | None = None
    # no huge_tree: libxml2 keeps its limits (256 levels of nesting, 10 MB in one text node)
    ctx = etree.iterparse(io.BytesIO(data), events=("start", "end"), resolve_entities=False, no_network=True,
                          load_dtd=False, huge_tree=False, remove_comments=True, remove_pis=True)
    try:
        for event, el in ctx:
            tag = el.tag
            parent = el.getparent()
            ptag = parent.tag if parent is not None else None
            if event == "start":
                if tag == _TABLE and ptag == _SPREADSHEET:
                    name = el.get(_T + "name") or f"Sheet{len(tables) + 1}"
                    t = _TableReader(name, el.get(_T + "style-name") in styles.hidden_tables, budget, styles,
                                     book.formats)
                elif tag == _ROW and t is not None and _in_table(el):
                    t.row_start(el)
                continue
            if ptag == _AUTO_STYLES:
                if tag == _STYLE:
                    styles.style(el)
                elif tag in _DATA_STYLES:
                    styles.data_style(el, _DATA_STYLES[tag])
                _drop(el, parent)
            elif t is not None and tag in (_CELL, _COVERED) and ptag == _ROW and _in_table(parent):
                t.cell(el)
                _drop(el, parent)
            elif t is not None and tag == _ROW and _in_table(el):
                t.row_end()
                _drop(el, parent)
            elif t is not None and tag == _COLUMN and _in_table(el):
                t.column(el)
                _drop(el, parent)
            elif tag == _TABLE and ptag == _SPREADSHEET and t is not None:
                tables.append((t.name, t))
                t = None
                _drop(el, parent)
    except etree.XMLSyntaxError as exc:
        line, column = getattr(exc, "position", None) or (getattr(exc, "lineno", 0), 0)
        raise error("not-a-workbook", "ods-broken-xml", line=line, column=column) from None
    except RecursionError:
        raise error("unsafe-package", "ods-too-deep") from None
    for name, (_n, reader) in zip(sheet_names([n for n, _ in tables]), tables):
        book.sheets.append(reader.sheet(name))
    return book


def _in_table(el) -> bool:
    """The row or column belongs to a top-level table (directly, or in a header-rows / row-group / columns
    group), not to a table nested in a cell."""
    p = el.getparent()
    while p is not None:
        if p.tag == _TABLE:
            gp = p.getparent()
            return gp is not None and gp.tag == _SPREADSHEET
        if p.tag in (_CELL, _COVERED):
            return False
        p = p.getparent()
    return False


def _drop(el, parent) -> None:
    """Free what has been read: the element's content and the siblings before it."""
    el.clear()
    if parent is not None:
        while el.getprevious() is not None:
            del parent[0]
