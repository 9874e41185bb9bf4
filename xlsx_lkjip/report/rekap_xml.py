"""The data rows of the rekap's big tables, written as worksheet XML directly and spliced into the package
xlsxwriter makes.

xlsxwriter spends ~5 µs on every cell (argument checks, a tuple per cell, attribute escaping), which made the
rekap cost as much as completing the workbooks themselves (23 ms per 150-row workbook).  Here a row is one
f-string per cell, the same XML xlsxwriter writes in constant_memory mode (inline strings, numbers as
%.16G, the same cell styles), written to a temporary file; after xlsxwriter has written everything else
(header rows, column widths, autofilters, conditional formats, charts), the rows are put into their sheet's
<sheetData> and the <dimension> is set to what xlsxwriter would have given.  tests/test_rekap.py compares
both ways cell by cell.

One difference, on purpose: xlsxwriter writes a string that starts with "<r>" and ends with "</r>" as raw
rich-text XML; here every string is escaped (an agency's text never becomes markup)."""

from __future__ import annotations

import io
import shutil
import zipfile
from functools import lru_cache, partial
from typing import IO, Iterable

from .. import speedups
from ..files import temp_file
from ..io.grid import col_letters
from ..patterns import lazy_re

STR_MAX = 32767              # Excel's limit on a cell's text, in UTF-16 units (xlsxwriter truncates likewise)
_CONTROL_ESCAPED = lazy_re(r"(_x[0-9a-fA-F]{4}_)")
_CONTROL = lazy_re(r"([\x00-\x08\x0b-\x1f])")
_DIMENSION = lazy_re(rb'<dimension ref="[^"]*"/>')
_OWN_ROW_ATTRS = lazy_re(rb' ht="[^"]*" customHeight="1"')   # a row's height, set before it was written
_SPECIAL = lazy_re(r"[&<>\x00-\x08\x0b-\x1f]|_x")   # a text with one of these needs the full treatment
_PLAIN = lazy_re(r"[^&<>_\x00-\x1f\s]")   # a character that never needs a second look


@lru_cache(maxsize=4096)   # a rekap repeats its texts on every row (agency, file, sheet, level, unit, predikat)
def _text(value: str) -> str:
    """A string as xlsxwriter writes it inline: truncated to Excel's limit, control characters as _xHHHH_
    (a literal _xHHHH_ escaped first), & < > escaped, whitespace at either end preserved."""
    if len(value) <= 64 and value and _PLAIN.match(value) and _PLAIN.match(value[-1]) and \
            not _SPECIAL.search(value):
        return f"<t>{value}</t>"      # most texts: nothing to escape, nothing to preserve
    if len(value) > STR_MAX // 2 and len(value.encode("utf-16-le", "surrogatepass")) // 2 > STR_MAX:
        length = 0
        for i, ch in enumerate(value):
            length += 2 if ord(ch) > 0xFFFF else 1
            if length > STR_MAX:
                value = value[:i]
                break
    if "_x" in value:
        value = _CONTROL_ESCAPED.sub(r"_x005F\1", value)
    if _CONTROL.search(value):
        value = _CONTROL.sub(lambda m: f"_x{ord(m.group(1)):04X}_", value)
    preserve = value[:1].isspace() or value[-1:].isspace()
    if "&" in value or "<" in value or ">" in value:
        value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f'<t xml:space="preserve">{value}</t>' if preserve else f"<t>{value}</t>"


# The rekap's parts are deflated at zlib level 1: level 6 (zipfile's default) took 12 % of a run's time for a
# file 15 % smaller; any zlib inflates both.
REKAP_LEVEL = 1

ROW = "\x00"   # where a rendered row's number goes: never in rendered text (control characters are escaped)
ATTRS = "\x01"   # a rendered row's own <row> attributes (its height) sit between two of these, before its cells

# Estimated width of characters in units of a column width (the width of "0" in the default font), so a
# wrapped text's line count, and the height its row needs, can be set: LibreOffice does not grow a row to fit
# wrapped text when it opens a file (Excel only sometimes), and a text taller than its row is printed over the
# next one.  The estimate errs wide, so a row is never too low.
_NARROW = set("iljtfr.,;:'|!()[]- ")
_WIDE = set("mwMW@%")
LINE_HEIGHT = 15   # points, one line of the default 11 pt font


@lru_cache(maxsize=8192)   # a rekap's wrapped texts repeat their words (problem texts, program names)
def text_width(text: str, bold: bool = False) -> float:
    w = 0.0
    for ch in text:
        if ch in _NARROW:
            w += 0.55
        elif ch in _WIDE:
            w += 1.45
        elif ch.isupper():
            w += 1.2
        elif ch.isdigit():
            w += 1.0
        else:
            w += 0.92
    return w * (1.1 if bold else 1.0)


def text_lines(text, width: float, bold: bool = False) -> int:
    """How many lines `text` takes when wrapped at word boundaries in a column `width` wide."""
    if text is None or text == "":
        return 1
    room = max(1.0, width - 1.0)   # the cell's padding
    lines = 0
    for paragraph in str(text).split("\n"):
        lines += 1
        used = 0.0
        for word in paragraph.split(" "):
            w = text_width(word, bold)
            gap = text_width(" ", bold) if used else 0.0
            if used and used + gap + w > room:
                lines += 1
                used = 0.0
                gap = 0.0
            while w > room:          # a word longer than the column is broken
                lines += 1
                w -= room
            used += gap + w
    return lines


def row_height(lines: int) -> float | None:
    """The height of a row holding `lines` lines (None: the default height of one line)."""
    return LINE_HEIGHT * lines if lines > 1 else None


def row_attrs(height: float | None) -> str:
    """The <row> attributes xlsxwriter writes for a row of that height."""
    return f' ht="{height:.16g}" customHeight="1"' if height else ""


def render(rows: Iterable[list], letters: list[str], kinds: list[str], style_of, height_of=None) -> list[str]:
    """The cells of each row as XML with ROW in place of the row number ("" for a row without a cell), so
    rows can be rendered where the results are (a pool worker) and numbered where they are gathered.
    `style_of(kind, value)` gives the cell's xlsxwriter Format, already numbered, or None; it may depend on
    the column's kind, on whether the value is a number and, for a number, on whether it is whole - nothing
    else: each column's three cell openings are made once, at the first value that needs each.
    `height_of(values)` gives the row's height in points (None: the default)."""
    attrs: dict = {None: ""}    # format -> ' s="N"'
    heads = [[None, None, None] for _ in letters]   # per column: the opening of a whole number, a fraction, a text

    def make_head(j: int, slot: int, v) -> str:
        fmt = style_of(kinds[j], v)
        s = attrs.get(fmt)
        if s is None:
            s = attrs[fmt] = f' s="{fmt._get_xf_index()}"'
        heads[j][slot] = head = (f'<c r="{letters[j]}{ROW}"{s}><v>' if slot < 2 else
                                 f'<c r="{letters[j]}{ROW}"{s} t="inlineStr"><is>')
        return head

    if speedups.render_rows is not None:
        rows = rows if type(rows) is list else list(rows)   # (read again when the C loop gives way)
        row_head = None if height_of is None else partial(_row_head, height_of)
        got = speedups.render_rows(rows, heads, make_head, row_head, _text, _one_cell)
        if got is not None:
            return got
    return _render_rows(rows, heads, make_head, height_of)


def _row_head(height_of, values) -> str:
    """A rendered row's own attributes, between two ATTRS ("" for the default height)."""
    height = height_of(values)
    return ATTRS + row_attrs(height) + ATTRS if height else ""


def _one_cell(heads: list[list], make_head, j: int, v) -> str | None:
    """The cell of value `v` in column `j` as _render_rows writes it (None: no cell); the C loop hands values
    of other types than float, int, str and None to this."""
    if v is None or v == "":
        return None
    t = type(v)
    if t is float or t is int or (t is not bool and isinstance(v, (int, float))):
        slot = 0 if float(v).is_integer() else 1
        return f"{heads[j][slot] or make_head(j, slot, v)}{v:.16G}</v></c>"
    return f"{heads[j][2] or make_head(j, 2, v)}{_text(str(v))}</is></c>"


def _render_rows(rows: Iterable[list], heads: list[list], make_head, height_of) -> list[str]:
    """render()'s loop (speedups.render_rows is the same in C)."""
    out = []
    # per column, made with its opening: a whole figure's cell with %d for its digits, and each text's cell
    wholes: list = [None] * len(heads)
    texts: list[dict] = [{} for _ in heads]
    for values in rows:
        cells = [ATTRS + row_attrs(height) + ATTRS] if height_of and (height := height_of(values)) else []
        for j, v in enumerate(values[:len(heads)]):
            t = type(v)
            if t is float:   # (the most frequent first: a figure, never "")
                if v.is_integer() and v and -1e16 < v < 1e16:
                    # a whole figure under 1E16 is its digits: %d, twice as fast as .16G (which writes -0.0 "-0")
                    whole = wholes[j]
                    if whole is None:
                        whole = wholes[j] = (heads[j][0] or make_head(j, 0, v)).replace("%", "%%") + "%d</v></c>"
                    cells.append(whole % v)
                    continue
                h = heads[j]
                slot = 0 if v.is_integer() else 1
                cells.append(f"{h[slot] or make_head(j, slot, v)}{v:.16G}</v></c>")
                continue
            if t is str:
                cell = texts[j].get(v)
                if cell is None:
                    if not v:
                        continue
                    cell = texts[j][v] = f"{heads[j][2] or make_head(j, 2, v)}{_text(v)}</is></c>"
                cells.append(cell)
                continue
            if v is None or v == "":
                continue
            h = heads[j]
            if t is int or (t is not bool and isinstance(v, (int, float))):
                slot = 0 if float(v).is_integer() else 1
                cells.append(f"{h[slot] or make_head(j, slot, v)}{v:.16G}</v></c>")
            else:
                cells.append(f"{h[2] or make_head(j, 2, v)}{_text(str(v))}</is></c>")
        out.append("".join(cells) if len(cells) > 1 or (cells and cells[0][0] != ATTRS) else "")
    return out


class BulkRows:
    """Rows 2.. of one sheet (row 1 is the header xlsxwriter writes), kept in a temporary file."""

    def __init__(self, n_cols: int):
        self.file: IO[bytes] = temp_file()   # errors say TMPDIR
        self.letters = [col_letters(c + 1) for c in range(n_cols)]
        self.last_row = 0          # 0-based index of the last row holding a cell (0: the header only)
        # The last row's cells, held back: xlsxwriter writes the row it still holds at the end with the
        # attributes the sheet has by then (x14ac:dyDescent once a data bar is added), and so do we.
        self.last_cells = ""
        self.last_attrs = ""       # and its own attributes (a height)
        self.n = 0                 # rows written so far, empty ones included (write() may be called again)

    def write(self, rows: Iterable[list], kinds: list[str], style_of) -> int:
        """Write `rows` (values per column, None or "" for an empty cell); returns the 0-based index of the
        last row written (the header's, 0, when there is none)."""
        return self.add_rendered(render(rows, self.letters, kinds, style_of))

    def add_rendered(self, templates: list[str]) -> int:
        """Add rows made by render() (possibly in another process): each gets its row number here."""
        out = []
        n = self.n
        for tpl in templates:
            n += 1
            if tpl:
                if self.last_row:
                    out.append(f'<row r="{self.last_row + 1}"{self.last_attrs}>{self.last_cells}</row>')
                    if len(out) >= 512:
                        self.file.write("".join(out).encode("utf-8"))
                        out.clear()
                attrs = ""
                if tpl[0] == ATTRS:
                    end = tpl.index(ATTRS, 1)
                    attrs, tpl = tpl[1:end], tpl[end + 1:]
                self.last_row = n
                self.last_attrs = attrs
                self.last_cells = tpl.replace(ROW, str(n + 1))
        if out:
            self.file.write("".join(out).encode("utf-8"))
        self.n = n
        return n

    def dimension(self) -> str:
        return f"A1:{self.letters[-1]}{self.last_row + 1}" if len(self.letters) > 1 or self.last_row else "A1"


def splice(package: bytes, bulk: dict[str, BulkRows], target) -> None:
    """Write the xlsxwriter `package` to `target` with each sheet part of `bulk` given its rows (inserted at
    the end of its <sheetData>, after the header row) and its dimension."""
    with zipfile.ZipFile(io.BytesIO(package)) as zin, \
            zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=REKAP_LEVEL) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            rows = bulk.get(info.filename)
            if rows is None or not rows.last_row:
                zout.writestr(_copy(info), data, compresslevel=REKAP_LEVEL)
                continue
            head, sep, tail = data.partition(b"</sheetData>")
            if not sep or b"</sheetData>" in tail or len(_DIMENSION.findall(head)) != 1:
                raise ValueError(f"unexpected worksheet XML from xlsxwriter in {info.filename}")
            head = _DIMENSION.sub(f'<dimension ref="{rows.dimension()}"/>'.encode("ascii"), head, count=1)
            # the header row was xlsxwriter's last: the attributes it got at the end (x14ac:dyDescent once a data
            # bar was added) belong to our last row; its own height stays
            attrs = b""
            start = head.rfind(b'<row r="1"')
            if start >= 0:
                end = head.index(b">", start)
                attrs = head[start + 10:end]
                own = _OWN_ROW_ATTRS.match(attrs)
                keep = own.group(0) if own else b""
                attrs = attrs[len(keep):]
                head = head[:start + 10] + keep + head[end:]
            with zout.open(_copy(info), "w", force_zip64=True) as fh:
                fh.write(head)
                rows.file.seek(0)
                shutil.copyfileobj(rows.file, fh, 1 << 20)
                fh.write(f'<row r="{rows.last_row + 1}"{rows.last_attrs}'.encode("ascii") + attrs + b">")
                fh.write(rows.last_cells.encode("utf-8") + b"</row>")
                fh.write(sep + tail)


# Every entry of the rekap stamped alike, whatever the machine and however xlsxwriter packed it: 31/1/1980 (the
# date xlsxwriter gives the parts it writes to files), a Unix file of mode 0600.  The same rekap bytes on
# Windows and Linux.
ZIP_DATE = (1980, 1, 31, 0, 0, 0)
ZIP_FILE_ATTR = 0o100600 << 16


def _copy(info: zipfile.ZipInfo) -> zipfile.ZipInfo:
    new = zipfile.ZipInfo(info.filename, ZIP_DATE)
    new.compress_type = info.compress_type
    new.external_attr = ZIP_FILE_ATTR
    new.create_system = 3
    new._compresslevel = REKAP_LEVEL   # (zipfile has no public way to set it on a ZipInfo; compress_level in 3.13)
    return new
