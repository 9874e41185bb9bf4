"""The .xls reader: a BIFF8 (Excel 97-2003) or BIFF5 (Excel 5/95) workbook as grids.

Values and merged ranges come from python-calamine (Rust).  python-calamine 0.9.1 gives nothing of an .xls
sheet's number formats, formulas, error values (an error cell comes back as ""), hidden rows or column widths,
so one pass over the BIFF records adds them: the records holding them have fixed layouts (cell records: row,
column, XF index; FORMULA: the cached result's type; BOOLERR; ROW: hidden, height; COLINFO: width, hidden; XF:
the number format of each style; FORMAT: custom format codes).  Without it a cell shown as 70,51 % would read as
0,7051, an error would look empty and a formula typed by hand.

The scan runs before calamine and guards it: calamine holds a sheet as a dense rows x columns array (an .xls
with A1 and IV65536 filled takes 1.2 GB), so a sheet whose used range is too big is refused before calamine
allocates it, and an encrypted file (FILEPASS) is said to be one.
"""

from __future__ import annotations

import datetime as _dt
import io
import struct

from .foreign import (MAX_CELLS, MAX_DENSE_CELLS, MAX_FILE_SIZE, Book, Builder, Sheet, decimal_from_double,
                      duration_text, error, read_capped, sheet_names)
from .ole import Ole
from .package import PackageError

_BIFF_ERRORS = {0x00: "#NULL!", 0x07: "#DIV/0!", 0x0F: "#VALUE!", 0x17: "#REF!", 0x1D: "#NAME?",
                0x24: "#NUM!", 0x2A: "#N/A", 0x2B: "#GETTING_DATA"}
# Records holding one cell's value (and XF): NUMBER RK LABELSST LABEL BOOLERR FORMULA RSTRING; BLANK has no value
_VALUE_RECORDS = {0x0203, 0x027E, 0x00FD, 0x0204, 0x0205, 0x0006, 0x00D6}
_BLANK = 0x0201
_BOF, _EOF, _FILEPASS, _XF, _FORMAT, _BOUNDSHEET = 0x0809, 0x000A, 0x002F, 0x00E0, 0x041E, 0x0085
_MULRK, _MULBLANK, _ROW, _COLINFO = 0x00BD, 0x00BE, 0x0208, 0x007D

# Excel's built-in number formats (ids without a FORMAT record), as codes
BUILTIN_FORMATS = {
    0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 5: '"$"#,##0_);("$"#,##0)',
    6: '"$"#,##0_);[Red]("$"#,##0)', 7: '"$"#,##0.00_);("$"#,##0.00)', 8: '"$"#,##0.00_);[Red]("$"#,##0.00)',
    9: "0%", 10: "0.00%", 11: "0.00E+00", 12: "# ?/?", 13: "# ??/??", 14: "m/d/yyyy", 15: "d-mmm-yy",
    16: "d-mmm", 17: "mmm-yy", 18: "h:mm AM/PM", 19: "h:mm:ss AM/PM", 20: "h:mm", 21: "h:mm:ss",
    22: "m/d/yyyy h:mm", 37: "#,##0_);(#,##0)", 38: "#,##0_);[Red](#,##0)", 39: "#,##0.00_);(#,##0.00)",
    40: "#,##0.00_);[Red](#,##0.00)", 41: '_(* #,##0_);_(* (#,##0);_(* "-"_);_(@_)',
    42: '_("$"* #,##0_);_("$"* (#,##0);_("$"* "-"_);_(@_)', 43: '_(* #,##0.00_);_(* (#,##0.00);_(* "-"??_);_(@_)',
    44: '_("$"* #,##0.00_);_("$"* (#,##0.00);_("$"* "-"??_);_(@_)', 45: "mm:ss", 46: "[h]:mm:ss",
    47: "mm:ss.0", 48: "##0.0E+0", 49: "@",
}


class _BiffSheet:
    __slots__ = ("name", "state", "kind", "xf", "formulas", "errors", "hidden_rows", "row_heights",
                 "col_widths", "hidden_cols", "max_row", "max_col")

    def __init__(self, name: str, state: str, kind: int):
        self.name, self.state, self.kind = name, state, kind
        self.xf: dict[tuple[int, int], int] = {}           # 0-based (row, col) -> XF index
        self.formulas: set[tuple[int, int]] = set()
        self.errors: dict[tuple[int, int], str] = {}
        self.hidden_rows: set[int] = set()                 # 0-based
        self.row_heights: dict[int, float] = {}            # 0-based row -> points (custom heights only)
        self.col_widths: dict[int, float] = {}             # 0-based col -> characters
        self.hidden_cols: set[int] = set()
        self.max_row = self.max_col = -1                   # of the cells holding a value


class _BiffBook:
    def __init__(self):
        self.version = 0
        self.encrypted = False
        self.xf_formats: list[int] = []                    # XF index -> number format id
        self.formats: dict[int, str] = {}                  # format id -> code (FORMAT records)
        self.sheets: list[_BiffSheet] = []

    def format_code(self, xf: int) -> str:
        if not 0 <= xf < len(self.xf_formats):
            return "General"
        fid = self.xf_formats[xf]
        return self.formats.get(fid) or BUILTIN_FORMATS.get(fid, "General")


def _records(stream: bytes, pos: int = 0):
    """(type, payload) of each BIFF record from `pos`; stops at a record cut short."""
    end = len(stream)
    unpack = struct.unpack_from
    while pos + 4 <= end:
        rtype, size = unpack("<HH", stream, pos)
        body = pos + 4
        if body + size > end:
            return
        yield rtype, stream[body:body + size]
        pos = body + size


def _biff_string(data: bytes, pos: int, len_bytes: int, biff8: bool) -> str:
    """An XLUnicodeString (BIFF8) or byte string (BIFF5) at `pos` with a 1- or 2-byte length."""
    n = data[pos] if len_bytes == 1 else struct.unpack_from("<H", data, pos)[0]
    pos += len_bytes
    if not biff8:
        return data[pos:pos + n].decode("cp1252", "replace")
    flags = data[pos]
    pos += 1
    if flags & 0x08:
        pos += 2        # rich text run count
    if flags & 0x04:
        pos += 4        # extended (phonetic) size
    if flags & 0x01:
        return data[pos:pos + 2 * n].decode("utf-16-le", "replace")
    return data[pos:pos + n].decode("latin-1")


def scan_biff(stream: bytes) -> _BiffBook:
    book = _BiffBook()
    bounds = []
    for rtype, body in _records(stream):
        if rtype == _BOF and not book.version:                 # BOF of the globals
            book.version = struct.unpack_from("<H", body, 0)[0] if len(body) >= 2 else 0
        elif rtype == _FILEPASS:                                # the rest is encrypted
            book.encrypted = True
            return book
        elif rtype == _XF and len(body) >= 4:
            book.xf_formats.append(struct.unpack_from("<H", body, 2)[0])
        elif rtype == _FORMAT and len(body) >= 3:
            fid = struct.unpack_from("<H", body, 0)[0]
            try:
                book.formats[fid] = _biff_string(body, 2, 2 if book.version >= 0x0600 else 1, book.version >= 0x0600)
            except (IndexError, struct.error):
                pass
        elif rtype == _BOUNDSHEET and len(body) >= 8:
            pos, hs, dt = struct.unpack_from("<IBB", body, 0)
            try:
                name = _biff_string(body, 6, 1, book.version >= 0x0600)
            except (IndexError, struct.error):
                name = ""
            bounds.append((pos, name, {1: "hidden", 2: "veryHidden"}.get(hs & 3, "visible"), dt))
        elif rtype == _EOF:
            break
    for pos, name, state, dt in bounds:
        sheet = _BiffSheet(name, state, dt)
        book.sheets.append(sheet)
        if dt == 0 and pos < len(stream):                     # chart, macro or VB sheets: no cells
            _scan_sheet(stream, pos, sheet)
    return book


def _scan_sheet(stream: bytes, pos: int, sheet: _BiffSheet) -> None:
    unpack = struct.unpack_from
    depth = 0
    for rtype, body in _records(stream, pos):
        if rtype == _BOF:
            depth += 1                  # an embedded chart has its own BOF ... EOF inside the sheet
            continue
        if rtype == _EOF:
            depth -= 1
            if depth <= 0:
                break
            continue
        if depth != 1:
            continue
        if rtype in _VALUE_RECORDS and len(body) >= 6:
            r, c, xf = unpack("<HHH", body, 0)
            sheet.xf[(r, c)] = xf
            if r > sheet.max_row:
                sheet.max_row = r
            if c > sheet.max_col:
                sheet.max_col = c
            if rtype == 0x0006 and len(body) >= 14:
                sheet.formulas.add((r, c))
                if body[12:14] == b"\xff\xff" and body[6] == 2:     # cached result: an error
                    sheet.errors[(r, c)] = _BIFF_ERRORS.get(body[8], "#ERROR")
            elif rtype == 0x0205 and len(body) >= 8 and body[7] == 1:
                sheet.errors[(r, c)] = _BIFF_ERRORS.get(body[6], "#ERROR")
        elif rtype == _BLANK and len(body) >= 6:
            r, c, xf = unpack("<HHH", body, 0)
            sheet.xf[(r, c)] = xf
        elif rtype in (_MULRK, _MULBLANK) and len(body) >= 6:
            r, c1 = unpack("<HH", body, 0)
            c2 = unpack("<H", body, len(body) - 2)[0]
            step = 6 if rtype == _MULRK else 2
            last = -1
            for i, c in enumerate(range(c1, min(c2, 255) + 1)):
                at = 4 + i * step
                if at + step > len(body) - 2:
                    break
                sheet.xf[(r, c)] = unpack("<H", body, at)[0]
                last = c
            if rtype == _MULRK and last >= 0:
                sheet.max_row = max(sheet.max_row, r)
                sheet.max_col = max(sheet.max_col, last)
        elif rtype == _ROW and len(body) >= 16:
            r, height = unpack("<H4xH", body, 0)
            flags = unpack("<H", body, 12)[0]
            if flags & 0x20:
                sheet.hidden_rows.add(r)
            if flags & 0x40 and height & 0x7FFF:               # fUnsynced: a height set by hand
                sheet.row_heights[r] = (height & 0x7FFF) / 20
        elif rtype == _COLINFO and len(body) >= 10:
            c1, c2, width, _xf, flags = unpack("<HHHHH", body, 0)
            for c in range(c1, min(c2, 255) + 1):
                sheet.col_widths[c] = width / 256
                if flags & 1:
                    sheet.hidden_cols.add(c)


# -- calamine -----------------------------------------------------------------------------------------

def _calamine_value(v):
    """A calamine value -> (value, kind), or None for an empty cell (calamine gives "" for empty cells,
    empty strings and error cells alike).  Dates are kind "d" with ISO text: the grid has no date-styled
    number for them, and evaluate reads kind "d" as "tanggal …, bukan angka", as for an .xlsx date."""
    if isinstance(v, str):
        return None if v == "" else (v, "s")
    if isinstance(v, bool):
        return v, "b"
    if isinstance(v, (int, float)):
        d = decimal_from_double(v)
        return (d, "n") if d is not None else (repr(v), "s")
    if isinstance(v, (_dt.datetime, _dt.date, _dt.time)):
        return v.isoformat(), "d"
    if isinstance(v, _dt.timedelta):
        return duration_text(v), "d"
    return str(v), "s"


def _offset(n: int, first: int, last: int) -> int:
    """Where calamine's first yielded row (or column) lies: python-calamine 0.9.1's iter_rows() pads the
    empty rows above the data but not the empty columns left of it; read off the count, so a version that
    pads differently still puts every value in its place."""
    if n == last + 1:
        return 0
    if n == last - first + 1:
        return first
    raise error("not-a-workbook", "calamine-size", rows=n, first=first, last=last)


def _calamine_cells(cs):
    """(row, col, value) of a calamine sheet's non-empty values, 0-based."""
    start, end = cs.start, cs.end
    if start is None or end is None:
        return
    rows = list(cs.iter_rows())
    if not rows:
        return
    row_off = _offset(len(rows), start[0], end[0])
    col_off = _offset(max(map(len, rows)), start[1], end[1])
    for i, row in enumerate(rows):
        for j, v in enumerate(row):
            if v != "":
                yield i + row_off, j + col_off, v


def _fatal(exc: BaseException) -> bool:
    return isinstance(exc, (KeyboardInterrupt, SystemExit, MemoryError))


def read_xls(path) -> Book:
    """The sheets of a BIFF .xls as grids, with their column widths, custom row heights and hidden columns."""
    data = read_capped(path, MAX_FILE_SIZE, ".xls")
    ole = Ole(data)
    stream = ole.stream(("workbook", "book"))
    if stream is None:
        names = {n.lower() for n in ole.stream_names()}
        if "encryptioninfo" in names:
            raise error("encrypted", "workbook")
        raise error("not-a-workbook", "ole-not-excel")
    biff = scan_biff(stream)
    if biff.encrypted:
        raise error("encrypted", "xls")
    if biff.version not in (0x0500, 0x0600):
        raise error("not-a-workbook", "old-biff")
    for s in biff.sheets:
        if (s.max_row + 1) * (s.max_col + 1) > MAX_DENSE_CELLS:
            raise error("unsafe-package", "sheet-too-large", name=s.name, rows=s.max_row + 1, columns=s.max_col + 1)
    import python_calamine as pc

    try:
        wb = pc.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except BaseException as exc:     # CalamineError, PasswordError, and pyo3's PanicException (a BaseException)
        if _fatal(exc):
            raise
        if type(exc).__name__ == "PasswordError":
            raise error("encrypted", "xls") from None
        raise error("not-a-workbook", "broken-xls", reason=f"{type(exc).__name__}: {str(exc)[:120]}") from None
    book = Book("xls")
    formats = book.formats
    fmt_of: dict[int, int] = {}       # XF index -> index in formats
    budget = [MAX_CELLS]
    read: list[tuple] = []
    with wb:
        for i, meta in enumerate(wb.sheets_metadata):
            if str(meta.typ) != "SheetTypeEnum.WorkSheet":
                continue
            side = biff.sheets[i] if i < len(biff.sheets) and biff.sheets[i].name == meta.name else None
            b = Builder(budget)
            try:
                cs = wb.get_sheet_by_index(i)
                for r0, c0, v in _calamine_cells(cs):
                    got = _calamine_value(v)
                    if got is None:
                        continue
                    style, formula = 0, False
                    if side is not None:
                        formula = (r0, c0) in side.formulas
                        xf = side.xf.get((r0, c0), -1)
                        style = fmt_of.get(xf)
                        if style is None:
                            style = fmt_of[xf] = formats.add(biff.format_code(xf))
                    b.put(r0 + 1, c0 + 1, got[0], got[1], formula, style)
                merges = cs.merged_cell_ranges or []
            except PackageError:
                raise
            except BaseException as exc:
                if _fatal(exc):
                    raise
                raise error("not-a-workbook", "broken-xls-sheet", name=meta.name,
                            reason=f"{type(exc).__name__}: {str(exc)[:120]}") from None
            if side is not None:
                for (r0, c0), code in side.errors.items():
                    b.put(r0 + 1, c0 + 1, code, "e", (r0, c0) in side.formulas)
                for r0, c0 in side.formulas:        # a formula whose cached value is "" or empty
                    if (r0 + 1, c0 + 1) not in b.cells:
                        b.put(r0 + 1, c0 + 1, None, "", True)
                b.hidden_rows = {r + 1 for r in side.hidden_rows}
            b.merges = [(a[0] + 1, a[1] + 1, z[0] + 1, z[1] + 1) for a, z in merges]
            state = {"SheetVisibleEnum.Hidden": "hidden", "SheetVisibleEnum.VeryHidden": "veryHidden"}.get(
                str(meta.visible), "visible")
            read.append((meta.name, b.grid(), state, side))
    for name, (_n, grid, state, side) in zip(sheet_names([r[0] for r in read]), read):
        widths = {c + 1: w for c, w in side.col_widths.items()} if side else {}
        heights = {r + 1: h for r, h in side.row_heights.items()} if side else {}
        hidden_cols = frozenset(c + 1 for c in side.hidden_cols) if side else frozenset()
        book.sheets.append(Sheet(name, grid, state, widths, heights, hidden_cols))
    return book
