"""The .xlsx sheet reader: worksheet XML -> a Grid (io/grid.py) of cells and merged ranges.
Knows nothing of what the cells mean.  The grid remembers where its cells lie (byte spans from the fast
reader, or the lxml tree from the reference reader) so the writer edits the same sheet."""

from __future__ import annotations

import math
import re
from array import array
from bisect import bisect_left
from collections.abc import Mapping
from itertools import accumulate
from operator import lt
from struct import Struct
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from lxml import etree

from .. import speedups
from ..config import MAX_EXPONENT
from .grid import Grid, col_index, parse_ref
from .package import _PARSER, NS_MAIN, PackageError, parse_xml, refuse_dtd
from .xml_text import _ATTR, _ATTR_PARTS, _WS, _Fallback, _checked_text, _first, _second, _unescape

_C = f"{{{NS_MAIN}}}c"
_ROW = f"{{{NS_MAIN}}}row"
_V = f"{{{NS_MAIN}}}v"
_F = f"{{{NS_MAIN}}}f"
_IS = f"{{{NS_MAIN}}}is"
_T = f"{{{NS_MAIN}}}t"
_R = f"{{{NS_MAIN}}}r"
_SHEETDATA = f"{{{NS_MAIN}}}sheetData"
_MERGECELLS = f"{{{NS_MAIN}}}mergeCells"


def read_grid(xml: bytes | etree._Element, shared_strings: list[str], part: str = "") -> Grid:
    """The cells of one worksheet part (its XML bytes, parsed safely here, or an already parsed root).

    Bytes go through the fast reader (`_read_grid_fast`): the worksheet is scanned with compiled patterns
    instead of building a tree, and the grid remembers where every row and cell lies so the writer can
    splice.  Whenever the bytes hold anything the fast reader does not handle with certainty, the lxml
    reader (the reference) reads them instead; both give the same grid."""
    if isinstance(xml, (bytes, bytearray)):
        data = bytes(xml)
        refuse_dtd(data, part)
        try:
            return _read_grid_fast(data, shared_strings, part)
        except _Fallback:
            pass
        grid = _read_grid_lxml(parse_xml(data, part), shared_strings)
        grid.source = data
        grid.part = part
        grid.shared_strings = shared_strings
        return grid
    return _read_grid_lxml(xml, shared_strings)



def reference_grid(grid: Grid) -> Grid:
    """The lxml reader's grid of a sheet read from bytes (what SheetEditor edits)."""
    if grid.root is not None:
        return grid
    return _read_grid_lxml(parse_xml(grid.source, grid.part), grid.shared_strings or [])


def _read_grid_lxml(xml_root: etree._Element, shared_strings: list[str]) -> Grid:
    grid = Grid(root=xml_root)
    sheet_data = xml_root.find(_SHEETDATA)
    if sheet_data is None:
        return grid
    cells = grid.cells
    els = grid.els
    row_cols = grid.row_cols
    last_row = 0
    max_col = 0
    n_strings = len(shared_strings)
    col_cache: dict[str, int] = {}
    for row_el in sheet_data:
        if row_el.tag != _ROW:
            continue
        r_attr = row_el.get("r")
        try:
            r = int(r_attr) if r_attr else last_row + 1
        except ValueError:
            raise PackageError("not-a-workbook", "bad-row-number", row=r_attr) from None
        last_row = r
        grid.rows[r] = row_el
        if row_el.get("hidden") in ("1", "true"):
            grid.hidden_rows.add(r)
        cols = []
        last_col = 0
        # A tight loop: this runs for every cell of every sheet, so each lxml call counts.
        for c_el in row_el:
            if c_el.tag != _C:
                continue
            ref = c_el.get("r")
            if ref:
                letters = ref.rstrip("0123456789$").lstrip("$")
                col = col_cache.get(letters)
                if col is None:
                    col = col_cache[letters] = col_index(letters)
            else:
                col = last_col + 1
            last_col = col
            st = c_el.get("s")
            formula = False
            raw = None
            is_el = None
            if not len(c_el):   # a styled blank: most cells of a form
                cells[(r, col)] = (None, "", False, int(st) if st and st.isdigit() else 0)
                els[(r, col)] = c_el
                cols.append(col)
                continue
            t = c_el.get("t", "n")
            for ch in c_el:
                tag = ch.tag
                if tag == _V:
                    raw = ch.text
                elif tag == _F:
                    formula = True
                elif tag == _IS:
                    is_el = ch
            value: object = None
            kind = ""
            if t == "inlineStr":
                if is_el is not None:
                    value, kind = _inline_text(is_el), "s"
            elif raw is not None:
                value, kind = _typed(t, raw, shared_strings, n_strings)
                if kind == "s" and invalid_number(t, raw):
                    grid.invalid_numbers.append((r, col))
            cells[(r, col)] = (value, kind, formula, int(st) if st and st.isdigit() else 0)
            els[(r, col)] = c_el
            cols.append(col)
        if cols:
            row_cols[r] = cols
            if cols[-1] > max_col:
                max_col = cols[-1]
    grid.max_row = last_row
    grid.max_col = max_col
    _read_merges(grid, xml_root)
    return grid


def _inline_text(is_el: etree._Element) -> str:
    tt = is_el.find(_T)
    return (tt.text or "") if tt is not None else "".join((x.findtext(_T) or "") for x in is_el.iterfind(_R))


def _decimal(raw: str) -> tuple[object, str]:
    """A number cell's value; NaN, Infinity and figures beyond a double (1E+400) are not numbers a
    spreadsheet can hold: they come back as text, so they are reported as a cell that is not a number."""
    try:
        d = Decimal(raw)
    except InvalidOperation:
        return raw, "s"
    if not d.is_finite() or (d and d.adjusted() > MAX_EXPONENT):
        return raw.strip(), "s"
    return (shown(d) if len(raw) > SHOWN_DIGITS else d), "n"


# Excel shows (and recomputes with) a double to 15 significant digits: a cached sum written as
# 99.99999999999999 is the 100 the agency sees, 0.30000000000000004 is 0.3.  Only a <v> longer than 15
# characters can carry more digits, so the check costs one len() on the common path.
SHOWN_DIGITS = 15


def shown(d: Decimal) -> Decimal:
    """`d` to 15 significant digits (half up), trailing zeros dropped: the figure Excel shows."""
    if len(d.as_tuple().digits) <= SHOWN_DIGITS or not d or d.adjusted() >= MAX_EXPONENT:
        return d   # (at the bound numbers are held to, rounding up could step past it)
    exp = d.adjusted() - SHOWN_DIGITS + 1
    d = d.quantize(Decimal((0, (1,), exp)), rounding=ROUND_HALF_UP).normalize()
    if d.as_tuple().exponent > 0 and d.adjusted() < 28:
        d = d.quantize(Decimal(1))   # 1E+2 -> 100, as the other cells are written
    return d


def invalid_number(t: str, raw: str) -> bool:
    """Whether a cell of type `t` ("" or "n": a number) that did not read as a number holds text no finite
    double is: what Excel and openpyxl cannot read (both readers ask, once the value's kind is "s")."""
    if t not in ("", "n"):
        return False
    try:
        return not math.isfinite(float(raw))
    except ValueError:
        return True


def _value_of(t: str, raw: str, shared_strings: list[str]) -> tuple[object, str, bool]:
    """What the loop of _read_grid_fast makes of a <v> holding `raw` in a cell of type `t`, and whether it
    is an invalid number: for the C loop (speedups.read_rows), which reads the plain numbers and shared
    strings itself.  (`raw` as written: the loop unescapes every value of a sheet holding & or CR.)"""
    if "&" in raw or "\r" in raw:
        raw = _unescape(raw)
    value, kind = _typed(t, raw, shared_strings, len(shared_strings))
    return value, kind, kind == "s" and t != "s" and invalid_number(t, raw)


def _typed(t: str, raw: str, shared_strings: list[str], n_strings: int) -> tuple[object, str]:
    """The value and kind of a cell of type `t` whose <v> holds `raw`."""
    if t == "n":
        return _decimal(raw)
    if t == "s":
        try:
            idx = int(raw)
            return (shared_strings[idx] if 0 <= idx < n_strings else ""), "s"
        except ValueError:
            return "", "s"
    if t == "str":
        return raw, "s"
    if t == "b":
        return raw.strip() in ("1", "true"), "b"
    if t == "e":
        return raw, "e"
    if t == "d":
        return raw, "d"
    return _decimal(raw)


def _read_merges(grid: Grid, xml_root: etree._Element) -> None:
    mc = xml_root.find(_MERGECELLS)
    if mc is not None:
        known = _MERGES
        for m in mc:
            ref = m.get("ref", "")
            merge = known.get(ref)
            if merge is None:
                if len(known) > 4096:   # the forms of a round share their merged ranges; stay bounded anyway
                    known.clear()
                merge = known[ref] = _merge_of(ref)
            if merge:
                grid.merges.append(merge)


_MERGES: dict[str, tuple[int, int, int, int] | tuple[()]] = {}


def _merge_of(ref: str) -> tuple[int, int, int, int] | tuple[()]:
    """The range of a mergeCell's ref as (top, left, bottom, right), or () when it is no range."""
    if ":" in ref:
        a, b = ref.split(":", 1)
        try:
            (r1, c1), (r2, c2) = parse_ref(a), parse_ref(b)
        except ValueError:
            return ()
        return min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)
    return ()


# -- the fast reader ------------------------------------------------------------------------------------
#
# The worksheet is split in three: the head (everything before <sheetData>), the sheetData content and
# the tail.  Head and tail, with an empty <sheetData/> in between, are parsed by lxml (the "skeleton": it
# checks that part of the document and gives the merged ranges and the dimension).  The content is
# tokenised by the patterns below, which must account for every character: a row is a <row> element whose
# content is nothing but <c> elements (and XML whitespace); a cell's content is nothing but <f>, <v> and
# <is>, in the schema's order.  Anything else - comments, CDATA, processing instructions, prefixed or
# unknown elements, single-quoted attributes, cells or rows without r, rows or cells out of order,
# undeclared or unknown entity references, invalid characters - makes the lxml reader read the sheet.
# No pattern can backtrack catastrophically: texts are [^<]* runs, element bodies stop at the next
# opening tag of the same element, and rows are matched one after another, anchored.


_ROW_OPEN = re.compile(rf'<row((?:{_ATTR})*){_WS}*(/?)>')
# groups: the whole token, column letters, the other attributes (s, t, … as written), the <v> text of a cell
# holding just <v>, the content of any other cell.  _CELL_RE reads the cells as Excel, LibreOffice, openpyxl
# and xlsxwriter write them (no whitespace around them, no "/" or ">" in attribute values), _CELL_ANY_RE
# any other row.  The attributes are checked by _cell_attrs.
_CELL_BODY = r'(?:/>|><v>([^<]*)</v></c>|>([^<]*(?:<(?!/c>|c[ \t\r\n/>])[^<]*)*)</c>)'
_CELL_RE = re.compile(rf'(<c r="([A-Z]{{1,3}})[0-9]+"([^>/]*){_CELL_BODY})')
_CELL_ANY_RE = re.compile(rf'(<c r="([A-Z]{{1,3}})[0-9]+"((?:{_ATTR})*{_WS}*){_CELL_BODY}{_WS}*)')
_CELL_ATTRS = re.compile(rf'(?: s="([0-9]+)")?(?: t="([A-Za-z]+)")?((?:{_ATTR})*){_WS}*')
_BODY_RE = re.compile(
    rf'{_WS}*(?:(<f)((?:{_ATTR})*){_WS}*(?:/>|>([^<]*)</f>){_WS}*)?'
    rf'(?:<v>([^<]*)</v>{_WS}*|<v{_WS}*/>{_WS}*)?'
    rf'(?:(<is>)([^<]*(?:<(?!/is>)[^<]*)*)</is>{_WS}*)?')
_IS_SIMPLE = re.compile(r'<t(?: xml:space="preserve")?>([^<]*)</t>')
_LEADING_WS = re.compile(_WS + "*")
_SHEETDATA_OPEN = b"<sheetData"
_SHEETDATA_CLOSE = b"</sheetData>"


class FastRow:
    """Where one <row> lies in the sheetData text (offsets into FastSheet.text), and where its cells lie: their
    offsets (the C loop, speedups.read_rows, and the Python loop for rows of _CELL_RE's cells), a token made
    when the writer asks for it; or their tokens (rows only _CELL_ANY_RE reads, and the C loop's leftovers)."""
    __slots__ = ("r", "start", "end", "body_start", "body_end", "closed", "_cells", "_offsets", "text")

    def __init__(self, r, start, end, body_start, body_end, closed, cells, offsets=None, text=""):
        self.r = r
        self.start = start            # the <row element, without the whitespace after it
        self.end = end
        self.body_start = body_start  # the content between <row …> and </row> (closed rows only)
        self.body_end = body_end
        self.closed = closed          # False for a self-closed <row …/>
        self._cells = cells           # _CELL_RE/_CELL_ANY_RE.findall tuples in document (= column) order, or None:
        self._offsets = offsets       # where each cell starts and the last ends, as int64 bytes (rows of _CELL_RE's
        self.text = text              # cells one after another): the tokens are made from `text`.  (Not keeping
                                      # ~5 objects a cell saves their freeing: ~1 ms of a 150-row workbook.)

    @property
    def cells(self) -> list[tuple]:
        if self._cells is None:
            self._cells = _CELL_RE.findall(self.text, self.body_start, self.body_end)
        return self._cells

    @property
    def offsets(self):
        """Where each cell starts in the text, then where the last one ends (= body_end)."""
        if self._cells is None:
            return memoryview(self._offsets).cast("q")
        lens = list(map(len, map(_first, self._cells)))
        return list(accumulate(lens, initial=self.body_end - sum(lens)))

    def token(self, i: int) -> tuple:
        """The token of the row's i-th cell, as the Python loop found it."""
        if self._cells is not None:
            return self._cells[i]
        offsets = memoryview(self._offsets).cast("q")
        return _CELL_RE.match(self.text, offsets[i], offsets[i + 1]).groups("")


class FastRows(Mapping):
    """The rows of a fast-read sheet, by number.  Rows holding cells are FastRow objects; an empty row
    (a sheet may carry a million styled empty rows) is kept as three offsets in arrays and made into a
    FastRow only when asked for, so memory stays proportional to the cells, not to the rows."""
    __slots__ = ("filled", "order", "starts", "ends", "body_starts")

    def __init__(self):
        self.filled: dict[int, FastRow] = {}   # rows holding cells
        self.order = array("q")                # every row number, in document (= ascending) order
        self.starts = array("q")               # FastRow.start, .end and .body_start of each row in `order`
        self.ends = array("q")
        self.body_starts = array("q")

    def __getitem__(self, r: int) -> FastRow:
        frow = self.filled.get(r)
        if frow is not None:
            return frow
        i = self.index(r)
        if i < 0:
            raise KeyError(r)
        end = self.ends[i]
        body_start = self.body_starts[i]
        closed = body_start != end      # a self-closed <row …/> ends where its "body" starts
        return FastRow(r, self.starts[i], end, body_start, end - 6 if closed else end, closed, [])

    def index(self, r: int) -> int:
        """The position of row `r` in `order`, or -1."""
        i = bisect_left(self.order, r)
        return i if i < len(self.order) and self.order[i] == r else -1

    def __contains__(self, r) -> bool:
        return r in self.filled or (type(r) is int and self.index(r) >= 0)

    def __iter__(self):
        return iter(self.order)

    def __len__(self) -> int:
        return len(self.order)


class FastSheet:
    """What the splice writer needs of a sheet read by the fast reader."""
    __slots__ = ("data", "text", "open_start", "open_end", "close_start", "close_end", "self_closed",
                 "rows", "skeleton", "nsdecl")

    def __init__(self, data, text, open_start, open_end, close_start, close_end, self_closed, skeleton):
        self.data = data                  # the worksheet bytes
        self.text = text                  # the sheetData content, decoded
        self.open_start = open_start      # byte offsets of <sheetData> (or <sheetData/>) and </sheetData>
        self.open_end = open_end
        self.close_start = close_start
        self.close_end = close_end
        self.self_closed = self_closed
        self.rows = FastRows()
        self.skeleton = skeleton          # lxml root of head + <sheetData/> + tail
        self.nsdecl = ""


def _check_attrs(attrs: str, prefixes, exclude: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """Generic attributes of a start tag: names unique, prefixes declared, no namespace declarations."""
    pairs = _ATTR_PARTS.findall(attrs)
    seen = set(exclude)
    for name, value in pairs:
        if name in seen or name.startswith("xmlns"):
            raise _Fallback
        seen.add(name)
        if ":" in name and name.split(":", 1)[0] not in prefixes:
            raise _Fallback
    return pairs


def _row_attrs(attrs: str, prefixes, exclude: tuple[str, ...] = ()) -> tuple[int | None, bool]:
    """A <row>'s number (None without r) and whether it is hidden, from its attributes."""
    r = None
    hidden = False
    for name, value in _check_attrs(attrs, prefixes, exclude):
        if name == "r":
            r = _row_number(value)
        elif name == "hidden":
            if "&" in value:
                raise _Fallback
            hidden = value in ("1", "true")
    return r, hidden


def _row_number(value: str) -> int:
    if not (value.isdigit() and value.isascii()) or len(value) > 18:
        raise _Fallback   # (beyond 18 digits: more than the int64 arrays of FastRows hold)
    return int(value)


def _locate_sheet_data(data: bytes) -> tuple[int, int, int, int, bool]:
    start = data.find(_SHEETDATA_OPEN)
    if start < 0:
        raise _Fallback
    after = data[start + 10:start + 12]
    if after[:1] == b">":
        open_end = start + 11
        # the common case in one pass over the content instead of two: the last </sheetData> with no other
        # "sheetData" after the opening tag is what the searches below find (no tag of it can overlap the text)
        close = data.rfind(_SHEETDATA_CLOSE)
        if close >= open_end and data.find(b"sheetData", open_end, close) < 0 and \
                data.find(b"sheetData", close + 12) < 0:
            return start, open_end, close, close + 12, False
    if data.find(_SHEETDATA_OPEN, start + 1) >= 0:
        raise _Fallback
    if after[:1] == b">":
        close = data.find(_SHEETDATA_CLOSE, open_end)
        if close < 0 or data.find(b"</sheetData", close + 1) >= 0:
            raise _Fallback
        return start, open_end, close, close + 12, False
    if after == b"/>":
        if data.find(b"</sheetData") >= 0:
            raise _Fallback
        return start, start + 12, start + 12, start + 12, True
    raise _Fallback



def _read_grid_fast(data: bytes, shared_strings: list[str], part: str = "") -> Grid:
    if b"!" in data and (b"<!--" in data or b"<![CDATA[" in data):   # (no "!": one memchr says no)
        raise _Fallback
    open_start, open_end, close_start, close_end, self_closed = _locate_sheet_data(data)
    text = _checked_text(data, open_end, close_start)
    try:
        skeleton = etree.fromstring(data[:open_start] + b"<sheetData/>" + data[close_end:], _PARSER)
    except etree.XMLSyntaxError:
        raise _Fallback from None
    enc = skeleton.getroottree().docinfo.encoding
    if enc and enc.upper().replace("-", "") != "UTF8":
        raise _Fallback
    sd = skeleton.find(_SHEETDATA)
    if sd is None or len(sd) or sd.attrib:
        raise _Fallback     # sheetData is not a child of the root in the main namespace
    prefixes = {p for p in skeleton.nsmap if p} | {"xml"}
    unescape = "&" in text or "\r" in text

    sheet = FastSheet(data, text, open_start, open_end, close_start, close_end, self_closed, skeleton)
    grid = Grid(root=None, fast=sheet, source=data, shared_strings=shared_strings, part=part, rows=sheet.rows)
    cells = grid.cells
    row_cols = grid.row_cols
    hidden_rows = grid.hidden_rows
    invalid_numbers = grid.invalid_numbers
    n_strings = len(shared_strings)
    row_open = _ROW_OPEN.match
    ws_match = _LEADING_WS.match
    cell_findall = _CELL_RE.findall
    cell_any_findall = _CELL_ANY_RE.findall
    col_of = _COL_CACHE.__getitem__
    attrs_get = _ATTRS_CACHE.get
    body_match = _BODY_RE.fullmatch
    read_cells = speedups.read_cells
    scan_row = speedups.scan_row
    read_rows = speedups.read_rows if type(shared_strings) is list else None
    filled = sheet.rows.filled
    native = (prefixes, cells, row_cols, filled, hidden_rows, invalid_numbers, shared_strings,
              Decimal, _value_of, FastRow)
    arrays = (sheet.rows.order, sheet.rows.starts, sheet.rows.ends, sheet.rows.body_starts)
    all_rows = sheet.rows
    add_number = all_rows.order.append
    add_start = all_rows.starts.append
    add_end = all_rows.ends.append
    add_body_start = all_rows.body_starts.append
    last_row = 0
    max_col = 0
    blanks = _Cache(lambda style: (None, "", False, style))   # one tuple for the styled blanks of a style
    row_rests: dict[str, bool] = {}   # a row's attributes after r -> whether it is hidden
    int64s = _INT64S
    pos = _LEADING_WS.match(text).end()
    end = len(text)
    while pos < end:
        if read_rows is not None:
            # the rows the C loop takes (most sheets: all of them), up to the first it leaves to this loop
            pos, last_row, max_col, *made = read_rows(text, pos, last_row, max_col, native)
            for array_, made_ in zip(arrays, made):
                array_.frombytes(made_)
            if pos >= end:
                break
        m = row_open(text, pos)
        if m is None:
            raise _Fallback
        attrs = m.group(1)
        if attrs[:4] == ' r="':
            # most rows: r first, then attributes that repeat from row to row (spans, height): checked once
            q = attrs.find('"', 4)
            r = _row_number(attrs[4:q])
            rest = attrs[q + 1:]
            hidden = row_rests.get(rest)
            if hidden is None:
                hidden = row_rests[rest] = _row_attrs(rest, prefixes, ("r",))[1]
        else:
            r, hidden = _row_attrs(attrs, prefixes)
        if r is None or r <= last_row:
            raise _Fallback       # a row without r, or rows out of order: the lxml reader decides
        if hidden:
            hidden_rows.add(r)
        last_row = r
        body_start = m.end()
        if m.group(2):            # <row …/>
            closed = False
            body_end = row_end = body_start
        else:                     # the content must be cells only: checked below, so </row> ends it
            closed = True
            body_end = text.find("</row>", body_start)
            if body_end < 0:
                raise _Fallback
            row_end = body_end + 6
        start = pos
        pos = row_end
        if pos < end and text[pos] != "<":
            pos = ws_match(text, pos).end()
        # (C: the cells one after another, else None)
        found = scan_row(text[body_start:body_end]) if scan_row and body_end > body_start else None
        if found is None:
            found = cell_findall(text, body_start, body_end)   # (as of the row's text alone: no pattern looks around)
        # the cells must account for every character of the row
        lens = list(map(len, map(_first, found)))
        if sum(lens) != body_end - body_start:
            body = text[body_start:body_end]
            found = cell_any_findall(body)
            lens = None
            if len(body) - ws_match(body).end() != sum(map(len, map(_first, found))):
                raise _Fallback   # something between the cells that is not a cell
        add_number(r)
        add_start(start)
        add_end(row_end)
        add_body_start(body_start)
        if not found:
            continue
        if lens is not None and scan_row is None:   # (C scan_row's rows: tokens, as read_cells reads them)
            filled[r] = FastRow(r, start, row_end, body_start, body_end, closed, None,
                                int64s[len(found) + 1](*accumulate(lens, initial=body_start)), text)
        else:
            filled[r] = FastRow(r, start, row_end, body_start, body_end, closed, found)
        cols = list(map(col_of, map(_second, found)))
        if not all(map(lt, cols, cols[1:])):
            raise _Fallback       # cells out of order or repeated
        # the plain cells at the start of the row (most rows: all of them) in C, when built; the rest here
        done = read_cells(found, cols, r, cells, _ATTRS_CACHE, shared_strings, Decimal) if read_cells else 0
        for (tok, letters, attrs, raw, cbody), col in (zip(found[done:], cols[done:]) if done else zip(found, cols)):
            _s, style, t, extra = attrs_get(attrs) or cell_attrs(attrs)
            if extra:
                _check_attrs(extra, prefixes, ("r", "s", "t"))
            formula = False
            if cbody:
                if "<" not in cbody:   # no child element: a (styled) blank
                    raw = ""
                else:
                    b = body_match(cbody)
                    if b is None:
                        raise _Fallback
                    fmark, fattrs, _ftext, raw, is_mark, is_content = b.groups()
                    formula = fmark is not None
                    if fattrs:
                        _check_attrs(fattrs, prefixes)
                    if t == "inlineStr":
                        value = None
                        if is_mark:
                            sm = _IS_SIMPLE.fullmatch(is_content)
                            value = _unescape(sm.group(1)) if sm else _inline_fragment(is_content, sheet)
                        cells[(r, col)] = (value, "s" if is_mark else "", formula, style)
                        continue
            if not raw or t == "inlineStr":     # no value: a (styled) blank, or an inline string without <is>
                cells[(r, col)] = blanks[style] if not formula else (None, "", formula, style)
                continue
            if unescape:
                raw = _unescape(raw)
            if not t:   # _decimal(raw), inline: most values of a sheet are numbers
                try:
                    value = Decimal(raw)
                except InvalidOperation:
                    value, kind = raw, "s"
                else:
                    kind = "n"
                    if not value.is_finite() or (value and value.adjusted() > MAX_EXPONENT):
                        value, kind = raw.strip(), "s"
                    elif len(raw) > 15:   # SHOWN_DIGITS: binary noise beyond what Excel shows
                        value = shown(value)
            elif t == "s":
                try:
                    idx = int(raw)
                    value = shared_strings[idx] if 0 <= idx < n_strings else ""
                except ValueError:
                    value = ""
                kind = "s"
            else:
                value, kind = _typed(t, raw, shared_strings, n_strings)
            if kind == "s" and t != "s" and invalid_number(t, raw):
                invalid_numbers.append((r, col))
            cells[(r, col)] = (value, kind, formula, style)
        row_cols[r] = cols
        if cols[-1] > max_col:
            max_col = cols[-1]
    grid.max_row = last_row
    grid.max_col = max_col
    _read_merges(grid, skeleton)
    return grid


class _Cache(dict):
    """A dict that computes a missing entry once (letters -> column number, s -> style number)."""
    __slots__ = ("make",)

    def __init__(self, make, *args):
        super().__init__(*args)
        self.make = make

    def __missing__(self, key):
        value = self[key] = self.make(key)
        return value


def _parse_cell_attrs(attrs: str) -> tuple[str, int, str, str]:
    m = _CELL_ATTRS.fullmatch(attrs)
    if m is None:
        raise _Fallback
    s, t, extra = m.groups("")
    return s, int(s) if s else 0, t, extra


_COL_CACHE = _Cache(col_index)
# n integers as int64 bytes, what array("q", …).tobytes() gives (array converts each item through PyArg_Parse)
_INT64S = _Cache(lambda n: Struct(f"{n}q").pack)
_ATTRS_CACHE: dict[str, tuple[str, int, str, str]] = {}


def cell_attrs(attrs: str) -> tuple[str, int, str, str]:
    """A fast-read cell's attributes after r, as written: (s, style number, t, the others as written)."""
    parsed = _ATTRS_CACHE.get(attrs)
    if parsed is None:
        if len(_ATTRS_CACHE) > 4096:   # a sheet has few distinct attribute strings; stay bounded anyway
            _ATTRS_CACHE.clear()
        parsed = _ATTRS_CACHE[attrs] = _parse_cell_attrs(attrs)
    return parsed



def _inline_fragment(content: str, sheet: FastSheet) -> str:
    """Rich inline text (runs, phonetic runs): parsed by lxml as the lxml reader would see it."""
    if not sheet.nsdecl:
        decl = []
        for p, uri in sheet.skeleton.nsmap.items():
            uri = uri.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
            decl.append(f' xmlns:{p}="{uri}"' if p else f' xmlns="{uri}"')
        sheet.nsdecl = "".join(decl)
    try:
        is_el = etree.fromstring(f"<is{sheet.nsdecl}>{content}</is>".encode("utf-8"), _PARSER)
    except etree.XMLSyntaxError:
        raise _Fallback from None
    if is_el.tag != _IS:
        raise _Fallback
    return _inline_text(is_el)

