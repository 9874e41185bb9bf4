"""Cell edits applied to one worksheet's XML tree, and the few package parts a value change requires
(styles for a two-decimal number format, calcChain for removed formulas).  The writer never decides a
value: it receives them.  Everything it does not edit stays as it was."""

from __future__ import annotations

import copy
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from operator import itemgetter
from decimal import Decimal
from functools import partial
from typing import NamedTuple

from lxml import etree

from .. import speedups
from .grid import Grid, address, col_index, parse_ref
from .package import NS_MAIN, Package, rels_part
from .xlsx_sheet import _ATTRS_CACHE, _BODY_RE, _Cache, cell_attrs, reference_grid
from .xml_text import _ATTR_PARTS
from ..patterns import lazy_re

_M = f"{{{NS_MAIN}}}"
_C, _ROW, _V, _F, _IS, _T = (_M + x for x in ("c", "row", "v", "f", "is", "t"))
_SHEETDATA, _DIMENSION = _M + "sheetData", _M + "dimension"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

FMT_2DP = 2          # built-in "0.00"
FMT_PCT_2DP = 10     # built-in "0.00%"
_BUILTIN_PERCENT = {9, 10}
_BUILTIN_2DP = {2, 4, 10, 39, 40}


def decimal_text(value: Decimal) -> str:
    """A Decimal as an xsd:double lexical form without exponent."""
    text = str(value)
    # plain notation with at most 28 digits (normalize() would round longer ones to the context's 28):
    # only the trailing fractional zeros go
    if len(text) <= 28 and "E" not in text and text[-1].isdigit():
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        return "0" if text == "-0" else text
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


class Edit(NamedTuple):
    """The contract between compute and writer: put `value` in (row, col).  kind: "number" | "percent"
    (a capaian in percent points, two decimals) | "text" | "clear".  `style_from` styles a new cell.
    Immutable; a named tuple because a sheet makes one per computed cell (cheaper than a frozen dataclass)."""
    row: int
    col: int
    kind: str
    value: object = None
    style_from: int | None = None


def apply_edits(grid: Grid, styles: "Styles", edits: list[Edit]) -> tuple[bytes, list[str]]:
    """Apply edits to the sheet of `grid`; returns the new sheet XML and the refs whose formula was removed.
    A sheet read by the fast reader is spliced (every byte outside the edited cells and rows is kept); a
    sheet read by lxml, or one the splice does not handle (a removed shared-formula master whose
    dependents stay), is edited as a tree by SheetEditor."""
    if grid.fast is not None:
        try:
            return Splicer(grid, styles).apply(edits)
        except _SpliceFallback:
            grid = reference_grid(grid)
    return SheetEditor(grid, styles).apply(edits)


def _numfmt_of(xfs: list, style: int) -> int:
    if 0 <= style < len(xfs):
        try:
            return int(xfs[style].get("numFmtId", "0"))
        except ValueError:
            return 0
    return 0


def _percent_of(xfs: list, fmts: dict[int, str], style: int) -> bool:
    fid = _numfmt_of(xfs, style)
    if fid in _BUILTIN_PERCENT:
        return True
    code = re.sub(r'"[^"]*"|\\.', "", fmts.get(fid, ""))
    return "%" in code


def _date_of(xfs: list, fmts: dict[int, str], style: int) -> bool:
    fid = _numfmt_of(xfs, style)
    if 14 <= fid <= 22 or 45 <= fid <= 47 or 27 <= fid <= 36 or 50 <= fid <= 58:
        return True
    code = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", fmts.get(fid, "").split(";")[0]).lower()
    return bool(re.search(r"[dmyhs]", code)) and not re.search(r"[0#?]", code)


def grown_dimension(ref: str, max_row: int, max_col: int) -> str | None:
    """A <dimension ref> grown to cover (max_row, max_col); None when the ref cannot be read."""
    try:
        if ":" in ref:
            a, b = ref.split(":", 1)
            (r1, c1), (r2, c2) = parse_ref(a), parse_ref(b)
        else:
            r1, c1 = r2, c2 = parse_ref(ref)
    except ValueError:
        return None
    r2, c2 = max(r2, max_row), max(c2, max_col)
    return f"{address(r1, c1)}:{address(r2, c2)}"


_JOIN_AS_VIEWS = 1 << 21   # characters of sheetData above which the pure-Python splice joins views of the input


def _join_events(data: bytes, base: int, events: list[tuple], stop: int) -> bytes:
    """data[base:stop] with each event's XML in place of its characters (offsets from `base`): the sheet's
    cells of an all-ASCII sheetData, where character offsets are byte offsets (speedups.join_events in C)."""
    pieces = []
    last = 0
    with memoryview(data) as view:   # the unchanged stretches as views: a large sheet is copied once
        for start, _kind, _order, end, xml in events:
            pieces.append(view[base + last:base + start])
            pieces.append(xml.encode("utf-8"))
            last = end
        pieces.append(view[base + last:stop])
        return b"".join(pieces)


class Styles:
    """Just enough of styles.xml to give a cell a two-decimal format while keeping the rest of its style."""

    def __init__(self, root: etree._Element | None):
        self.root = root
        self.changed = False
        self.fmts: dict[int, str] = {}
        self.xfs: list[etree._Element] = []
        self._derived: dict[tuple[int, int], int] = {}
        self._cell_xfs = None
        # is_percent / is_date are asked for every figure of a sheet: a memo's C-level lookup, not a method
        # call (the memos hold the format tables, not self: no reference cycle)
        self.is_percent = _Cache(partial(_percent_of, self.xfs, self.fmts)).__getitem__
        self.is_date = _Cache(partial(_date_of, self.xfs, self.fmts)).__getitem__
        if root is None:
            return
        nf = root.find(_M + "numFmts")
        if nf is not None:
            for f in nf:
                try:
                    self.fmts[int(f.get("numFmtId"))] = f.get("formatCode", "")
                except (TypeError, ValueError):
                    pass
        cx = root.find(_M + "cellXfs")
        self._cell_xfs = cx
        if cx is not None:
            self.xfs.extend(cx)

    def numfmt(self, style: int) -> int:
        return _numfmt_of(self.xfs, style)

    def is_percent(self, style: int) -> bool:   # replaced per instance by a memo of _percent_of
        return _percent_of(self.xfs, self.fmts, style)

    def is_date(self, style: int) -> bool:   # replaced per instance by a memo of _date_of
        """The style shows a number as a date or time (Excel stores dates as serial numbers)."""
        return _date_of(self.xfs, self.fmts, style)

    def has_two_decimals(self, style: int) -> bool:
        fid = self.numfmt(style)
        if fid in _BUILTIN_2DP:
            return True
        code = self.fmts.get(fid, "").split(";")[0]
        return bool(re.search(r"\.00(?!0)", code))

    def with_numfmt(self, style: int, fmt_id: int) -> int:
        """The index of a cellXfs entry equal to `style` but with number format `fmt_id` (added if needed)."""
        if self.numfmt(style) == fmt_id or self._cell_xfs is None:
            return style
        key = (style, fmt_id)
        if key not in self._derived:
            base = self.xfs[style] if 0 <= style < len(self.xfs) else etree.Element(_M + "xf", numFmtId="0", fontId="0",
                                                                                     fillId="0", borderId="0", xfId="0")
            xf = copy.deepcopy(base)
            xf.set("numFmtId", str(fmt_id))
            xf.set("applyNumberFormat", "1")
            self._cell_xfs.append(xf)
            self.xfs.append(xf)
            self._cell_xfs.set("count", str(len(self.xfs)))
            self._derived[key] = len(self.xfs) - 1
            self.changed = True
        return self._derived[key]


class SheetEditor:
    """Edits cells of one parsed worksheet in place; `removed_formulas` lists the refs whose formula went."""

    def __init__(self, grid: Grid, styles: Styles):
        self.grid = grid
        self.styles = styles
        self.sheet_data = grid.root.find(_SHEETDATA)
        if self.sheet_data is None:
            self.sheet_data = etree.SubElement(grid.root, _SHEETDATA)
        self.removed_formulas: list[str] = []
        self._removed_masters: dict[str, str] = {}   # shared formula si -> master ref
        self._edited: set[str] = set()
        self._created: dict[tuple[int, int], etree._Element] = {}
        self._max_row = 0
        self._max_col = 0
        # Shared-formula master texts, recorded before any edit can remove a master.
        self._master_text = {f.get("si", ""): f.text for f in self.sheet_data.iter(_F)
                             if f.get("t") == "shared" and f.get("ref") and f.text}

    # -- cell access ------------------------------------------------------------------------------
    def _row_el(self, row: int) -> etree._Element:
        el = self.grid.rows.get(row)
        if el is not None:
            return el
        el = etree.Element(_ROW, r=str(row))
        later = [r for r in self.grid.rows if r > row]
        if later:
            self.grid.rows[min(later)].addprevious(el)
        else:
            self.sheet_data.append(el)
        self.grid.rows[row] = el
        return el

    def _cell_el(self, row: int, col: int, style_from: int | None) -> etree._Element:
        cell = self.grid.get(row, col)
        if cell is not None:
            return cell.el
        el = self._created.get((row, col))
        if el is not None:   # a cell this editor added: edited again, not added twice
            return el
        row_el = self._row_el(row)
        el = etree.Element(_C, r=address(row, col))
        if style_from is not None and style_from > 0:
            el.set("s", str(style_from))
        placed = False
        for other in row_el.iterchildren(_C):
            ref = other.get("r")
            if ref and col_index(re.sub(r"\d", "", ref)) > col:
                other.addprevious(el)
                placed = True
                break
        if not placed:
            row_el.append(el)
        self._created[(row, col)] = el
        if row > self._max_row:
            self._max_row = row
        if col > self._max_col:
            self._max_col = col
        return el

    def _reset(self, el: etree._Element) -> None:
        f = el.find(_F)
        if f is not None:
            ref = el.get("r", "")
            self.removed_formulas.append(ref)
            if f.get("t") == "shared" and f.get("ref"):
                self._removed_masters[f.get("si", "")] = ref
        for child in list(el):
            if child.tag in (_F, _V, _IS):
                el.remove(child)
        if "t" in el.attrib:
            del el.attrib["t"]
        self._edited.add(el.get("r", ""))

    def style_of(self, row: int, col: int) -> int:
        c = self.grid.get(row, col)
        return c.style if c is not None else 0

    # -- edits --------------------------------------------------------------------------------------
    def set_number(self, row: int, col: int, value: Decimal, *, style_from: int | None = None) -> None:
        el = self._cell_el(row, col, style_from)
        self._reset(el)
        v = etree.SubElement(el, _V)
        v.text = decimal_text(value)

    def set_percent(self, row: int, col: int, value: Decimal, *, style_from: int | None = None) -> None:
        """A capaian in percent points, shown with two decimals.  A cell formatted as Excel percent keeps
        that meaning (50,00 is stored as 0.5 and shown 50,00%)."""
        el = self._cell_el(row, col, style_from)
        style = int(el.get("s", "0") or 0)
        if self.styles.is_percent(style):
            stored = value / 100
            target_fmt = FMT_PCT_2DP
        else:
            stored = value
            target_fmt = FMT_2DP
        if not self.styles.has_two_decimals(style):
            new_style = self.styles.with_numfmt(style, target_fmt)
            if new_style:
                el.set("s", str(new_style))
        self._reset(el)
        v = etree.SubElement(el, _V)
        v.text = decimal_text(stored)

    def set_text(self, row: int, col: int, text: str, *, style_from: int | None = None) -> None:
        el = self._cell_el(row, col, style_from)
        self._reset(el)
        el.set("t", "inlineStr")
        is_el = etree.SubElement(el, _IS)
        t = etree.SubElement(is_el, _T)
        t.text = text
        if text != text.strip():
            t.set(_XML_SPACE, "preserve")

    def clear(self, row: int, col: int) -> None:
        cell = self.grid.get(row, col)
        if cell is not None:
            self._reset(cell.el)

    # -- finishing ----------------------------------------------------------------------------------
    def _repair_shared_formulas(self) -> None:
        """A removed shared-formula master leaves its dependents without a formula text: promote the
        first remaining dependent to master, with the formula translated to its position."""
        if not self._removed_masters:
            return
        from openpyxl.formula.translate import Translator

        dependents: dict[str, list[etree._Element]] = {si: [] for si in self._removed_masters}
        for f in self.sheet_data.iter(_F):
            si = f.get("si")
            if f.get("t") == "shared" and si in dependents:
                dependents[si].append(f)
        for si, master_ref in self._removed_masters.items():
            remaining = [f for f in dependents[si] if f.getparent().get("r") not in self._edited]
            if not remaining:
                continue
            text = self._master_text.get(si, "")
            first = remaining[0]
            new_ref = first.getparent().get("r")
            first.text = Translator("=" + text, origin=master_ref).translate_formula(new_ref)[1:]
            rows_cols = [parse_ref(f.getparent().get("r")) for f in remaining]
            r1, c1 = min(r for r, _ in rows_cols), min(c for _, c in rows_cols)
            r2, c2 = max(r for r, _ in rows_cols), max(c for _, c in rows_cols)
            first.set("ref", f"{address(r1, c1)}:{address(r2, c2)}" if (r1, c1) != (r2, c2) else address(r1, c1))

    def _extend_dimension(self) -> None:
        dim = self.grid.root.find(_DIMENSION)
        if dim is None or not self._max_row:
            return
        new_ref = grown_dimension(dim.get("ref", ""), self._max_row, self._max_col)
        if new_ref is not None:
            dim.set("ref", new_ref)

    def apply(self, edits: list[Edit]) -> tuple[bytes, list[str]]:
        """Every edit in order; the new sheet XML and the refs whose formula was removed."""
        for e in edits:
            if e.kind == "number":
                self.set_number(e.row, e.col, e.value, style_from=e.style_from)
            elif e.kind == "percent":
                self.set_percent(e.row, e.col, e.value, style_from=e.style_from)
            elif e.kind == "text":
                self.set_text(e.row, e.col, e.value, style_from=e.style_from)
            else:
                self.clear(e.row, e.col)
        return self.to_bytes(), self.removed_formulas

    def to_bytes(self) -> bytes:
        self._repair_shared_formulas()
        self._extend_dimension()
        return etree.tostring(self.grid.root, xml_declaration=True, encoding="UTF-8", standalone=True)


class _SpliceFallback(Exception):
    """The splice writer leaves this sheet to SheetEditor."""


# What lxml refuses as element text (SheetEditor would raise): left to SheetEditor, which raises the same.
_NOT_XML_TEXT = lazy_re("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_DIMENSION_TAG = lazy_re(rb'<dimension[ \t\r\n]+ref="([^"&<]*)"[ \t\r\n]*/>')
_XML_WS = " \t\r\n"
# a cell's reference and attributes after r: groups 2+digits and 3 of the reader's _CELL_RE (_CELL_RE.match
# made in full only when more of the cell is needed)
_CELL_HEAD = lazy_re(r'<c r="([A-Z]{1,3}[0-9]+)"([^>/]*)')


def _escape_text(text: str) -> str:
    """Element text escaped as lxml serialises it."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if "\r" in text:
        text = text.replace("\r", "&#13;")
    return text


def _token_end(text: str, start: int, next_start: int) -> int:
    """Where the cell whose token is text[start:next_start] ends: a token the patterns read between cells
    carries the whitespace after the cell, which stays."""
    if text[next_start - 1] == ">":
        return next_start
    return start + len(text[start:next_start].rstrip(_XML_WS))


class _CellOut:
    """One edited cell of a splice: what SheetEditor's element holds after the same edits."""
    __slots__ = ("row", "col", "index", "tok", "s", "s_first", "style", "extra", "tail", "formula", "master",
                 "content")

    def __init__(self, row: int, col: int, index: int, tok: tuple | None, s: str | None, style: int, extra: str):
        self.row = row
        self.col = col
        self.index = index        # position among its row's cells; -1 for a new cell
        self.tok = tok            # the fast reader's token of the cell (None for a new cell)
        self.s = s                # the s attribute, when it comes first (right after r)
        self.s_first = s is not None
        self.style = style        # the current s as a number (what SheetEditor reads back)
        self.extra = extra        # the cell's other attributes, as written
        self.tail: list[list[str]] | None = None   # attributes set later, in order (SheetEditor appends them)
        self.formula = False      # the cell still holds its <f>
        self.master = None        # si of the shared formula whose master this cell is
        self.content = ""         # the new content ("" = an empty cell)

    @property
    def ref(self) -> str:
        tok = self.tok
        return tok[0][6:tok[0].index('"', 6)] if tok is not None else address(self.row, self.col)

    def set_s(self, value: str) -> None:
        self.style = int(value)
        if self.s_first:
            self.s = value
            return
        if self.tail is None:
            self.tail = []
        for pair in self.tail:
            if pair[0] == "s":
                pair[1] = value
                return
        self.tail.append(["s", value])

    def xml(self) -> str:
        head = f'<c r="{self.ref}" s="{self.s}"{self.extra}' if self.s_first else f'<c r="{self.ref}"{self.extra}'
        if self.tail:
            head += "".join([f' {n}="{v}"' for n, v in self.tail])
        return f"{head}>{self.content}</c>" if self.content else head + "/>"


_row_col = itemgetter(0, 1)
QUOTE = '"'


class Splicer:
    """SheetEditor's edits on a sheet read by the fast reader: only the edited cells are rewritten (new
    cells and rows inserted in order), every other byte is copied.  Same rules, same results."""

    def __init__(self, grid: Grid, styles: Styles):
        self.grid = grid
        self.fast = grid.fast
        self.styles = styles
        self.cells: dict[tuple[int, int], _CellOut] = {}
        self.removed_formulas: list[str] = []
        self._removed_masters: dict[str, str] = {}
        self._percent_rules: dict[int, tuple[bool, str | None]] = {}
        # (start, 1, 0, end, new XML) of each cell the common case of apply replaces (speedups.splice_cells or
        # the loop): _render adds the other edits' and sorts them
        self.events: list[tuple] = []
        self._offsets_of: dict[int, object] = {}   # row -> FastRow.offsets, as asked for
        self._max_row = 0
        self._max_col = 0

    def apply(self, edits: list[Edit]) -> tuple[bytes, list[str]]:
        states = self.cells
        grid_cells = self.grid.cells
        row_cols = self.grid.row_cols
        rows = self.fast.rows.filled     # an edited cell of the sheet lies in a row holding cells
        rules = self._percent_rules
        add_event = self.events.append
        attrs_get = _ATTRS_CACHE.get
        counts = Counter(map(_row_col, edits))
        once = len(counts) == len(edits)   # (the common case: no cell is edited twice, no count to look up)
        text = self.fast.text
        head_at = _CELL_HEAD.match
        offsets_of = self._offsets_of
        native = speedups.splice_cells
        if native is not None and type(edits) is not list:
            edits = list(edits)
        at, n = 0, len(edits)
        while at < n:
            if native is not None:
                # the common case in C (events made at once), up to the first edit it leaves to this loop
                at = native(edits, at, states, grid_cells, row_cols, rows, counts, rules, _ATTRS_CACHE, decimal_text,
                            self.events)
                if at >= n:
                    break
                batch = (edits[at],)
                at += 1
            else:
                batch = edits
                at = n
            for row, col, kind, value, style_from in batch:
                key = (row, col)
                st = states.get(key)
                if st is None:
                    cell = grid_cells.get(key)   # (value, kind, formula, style)
                    if cell is not None:
                        i = bisect_left(row_cols[row], col)
                        frow = rows[row]
                        if not cell[2] and (once or counts[key] == 1) and kind != "text":
                            # the common case: one number (or a clear) into a cell of the sheet without formula:
                            # its XML at once, as SheetEditor would leave the element
                            offsets = offsets_of.get(row)
                            if offsets is None:
                                offsets = offsets_of[row] = frow.offsets
                            start = offsets[i]
                            if frow._cells is not None:
                                tok = frow._cells[i]
                                whole = tok[0]
                                ref = whole[6:whole.index(QUOTE, 6)]
                                attrs = tok[2]
                            else:   # a row kept as offsets: the reference and attributes where the cell starts
                                ref, attrs = head_at(text, start).groups()
                            s, _style, _t, extra = attrs_get(attrs) or cell_attrs(attrs)
                            if kind == "percent":
                                rule = rules.get(cell[3])
                                if rule is None:
                                    rule = self._percent_rule(cell[3])
                                if rule[0]:
                                    value = value / 100
                                new_s = rule[1]
                                if new_s and not s:
                                    extra = f'{extra} s="{new_s}"'    # an attribute SheetEditor adds goes last
                                elif new_s:
                                    s = new_s
                            head = f'<c r="{ref}" s="{s}"{extra}' if s else f'<c r="{ref}"{extra}'
                            end = offsets[i + 1]
                            if text[end - 1] != ">":   # (_token_end, inline)
                                end = start + len(text[start:end].rstrip(_XML_WS))
                            if kind == "clear":
                                add_event((start, 1, 0, end, head + "/>"))
                            else:
                                add_event((start, 1, 0, end, f"{head}><v>{decimal_text(value)}</v></c>"))
                            continue
                        tok = frow._cells[i] if frow._cells is not None else frow.token(i)
                        s, _style, _t, extra = cell_attrs(tok[2])
                        st = _CellOut(row, col, i, tok, s or None, cell[3], extra)
                        if cell[2]:
                            self._formula_of(st)
                    elif kind == "clear":
                        continue
                    else:
                        st = self._new(row, col, style_from)
                    states[key] = st
                elif kind == "clear" and st.index < 0:
                    continue    # SheetEditor.clear only clears the sheet's own cells
                if kind == "percent":
                    rule = rules.get(st.style)
                    if rule is None:
                        rule = self._percent_rule(st.style)
                    if rule[1]:
                        st.set_s(rule[1])
                    content = f"<v>{decimal_text(value / 100 if rule[0] else value)}</v>"
                elif kind == "number":
                    content = f"<v>{decimal_text(value)}</v>"
                elif kind == "text":
                    # (a printable text holds none of those characters: the pattern is compiled only when needed)
                    if not isinstance(value, str) or (not value.isprintable() and _NOT_XML_TEXT.search(value)):
                        raise _SpliceFallback
                    space = ' xml:space="preserve"' if value != value.strip() else ""
                    content = f"<is><t{space}>{_escape_text(value)}</t></is>"
                else:
                    content = ""
                # SheetEditor._reset: the formula goes (reported), and the type
                if st.formula:
                    ref = st.ref
                    self.removed_formulas.append(ref)
                    if st.master is not None:
                        self._removed_masters[st.master] = ref
                    st.formula = False
                    st.master = None
                if st.tail:
                    st.tail = [p for p in st.tail if p[0] != "t"]
                if kind == "text":
                    if st.tail is None:
                        st.tail = []
                    st.tail.append(["t", "inlineStr"])
                st.content = content
        if self._removed_masters:
            self._check_shared_formulas()
        return self._render(), self.removed_formulas

    def _percent_rule(self, style: int) -> tuple[bool, str | None]:
        """SheetEditor.set_percent for a cell of `style`: (store value/100?, the new s or None)."""
        styles = self.styles
        percent = styles.is_percent(style)
        new_s = None
        if not styles.has_two_decimals(style):
            new_style = styles.with_numfmt(style, FMT_PCT_2DP if percent else FMT_2DP)
            if new_style:
                new_s = str(new_style)
        rule = self._percent_rules[style] = (percent, new_s)
        return rule

    def _new(self, row: int, col: int, style_from: int | None) -> _CellOut:
        if style_from is not None and style_from > 0:
            st = _CellOut(row, col, -1, None, str(style_from), style_from, "")
        else:
            st = _CellOut(row, col, -1, None, None, 0, "")
        if row > self._max_row:
            self._max_row = row
        if col > self._max_col:
            self._max_col = col
        return st

    @staticmethod
    def _formula_of(st: _CellOut) -> None:
        b = _BODY_RE.fullmatch(st.tok[4])
        st.formula = True
        if b.group(2):
            fattrs = dict(_ATTR_PARTS.findall(b.group(2)))
            if any("&" in v for v in fattrs.values()):
                raise _SpliceFallback
            if fattrs.get("t") == "shared" and fattrs.get("ref"):
                st.master = fattrs.get("si", "")

    def _check_shared_formulas(self) -> None:
        """A removed shared-formula master whose dependents stay: SheetEditor promotes a dependent."""
        for r, frow in self.fast.rows.filled.items():
            cols = self.grid.row_cols.get(r, ())
            for i, tok in enumerate(frow.cells):
                body = tok[4]
                if body and "<f" in body and (r, cols[i]) not in self.cells:
                    b = _BODY_RE.fullmatch(body)
                    if b.group(1) and b.group(2):
                        fattrs = dict(_ATTR_PARTS.findall(b.group(2)))
                        if fattrs.get("t") == "shared" and fattrs.get("si") in self._removed_masters:
                            raise _SpliceFallback

    # -- output -------------------------------------------------------------------------------------
    def _render(self) -> bytes:
        fast = self.fast
        text = fast.text
        data = fast.data
        if not self.cells and not self.events:
            return data
        rows = fast.rows
        row_cols = self.grid.row_cols
        events: list[tuple] = self.events   # (offset, 0 insert / 1 replace, order, end, xml)
        offsets_of = self._offsets_of
        new_rows: dict[int, list[_CellOut]] = {}
        rebuilt: dict[int, list[_CellOut]] = {}
        for st in self.cells.values():
            r = st.row
            frow = rows.get(r)
            if frow is None:
                new_rows.setdefault(r, []).append(st)
                continue
            if not frow.closed:
                rebuilt.setdefault(r, []).append(st)
                continue
            offsets = offsets_of.get(r)
            if offsets is None:
                offsets = offsets_of[r] = frow.offsets
            i = st.index
            if i >= 0:
                start = offsets[i]
                events.append((start, 1, st.col, _token_end(text, start, offsets[i + 1]), st.xml()))
            else:
                j = bisect_right(row_cols.get(r, ()), st.col)
                at = offsets[j] if j < len(offsets) - 1 else frow.body_end
                events.append((at, 0, st.col, at, st.xml()))
        for r, sts in rebuilt.items():   # a self-closed <row …/> gets its first cells
            frow = rows[r]
            tag = text[frow.start:frow.end][:-2].rstrip(_XML_WS) + ">"
            cells = "".join(st.xml() for st in sorted(sts, key=lambda st: st.col))
            events.append((frow.start, 1, 0, frow.end, f"{tag}{cells}</row>"))
        order = rows.order
        for r, sts in new_rows.items():
            i = bisect_left(order, r)
            at = rows.starts[i] if i < len(order) else len(text)
            cells = "".join(st.xml() for st in sorted(sts, key=lambda st: st.col))
            events.append((at, 0, r, at, f'<row r="{r}">{cells}</row>'))
        events.sort()
        head = self._dimension(data[:fast.open_start])
        with memoryview(data) as view:
            if fast.self_closed:
                opening, closing = b"<sheetData>", [b"</sheetData>", view[fast.close_end:]]
            else:
                opening, closing = view[fast.open_start:fast.open_end], [view[fast.close_start:]]
            if text.isascii():
                # character offsets are byte offsets: the unchanged stretches are taken from the input bytes
                # (C: into one buffer; a large sheet in Python: as views), so a large sheet is copied once, into
                # the output, not four times.  A small one is joined as text below: faster in Python.
                joined = speedups.join_events(data, fast.open_end, events, fast.close_start) \
                    if speedups.join_events is not None else None
                if joined is None and len(text) > _JOIN_AS_VIEWS:
                    joined = _join_events(data, fast.open_end, events, fast.close_start)
                if joined is not None:
                    return b"".join([head, opening, joined, *closing])
            pieces = []
            last = 0
            for start, _kind, _order, end, xml in events:
                pieces.append(text[last:start])
                pieces.append(xml)
                last = end
            pieces.append(text[last:])
            region = "".join(pieces).encode("utf-8")
            del pieces
            return b"".join([head, opening, region, *closing])

    def _dimension(self, head: bytes) -> bytes:
        """SheetEditor._extend_dimension on the bytes: the dimension covers the cells added."""
        if not self._max_row:
            return head
        dim = self.fast.skeleton.find(_DIMENSION)
        if dim is None:
            return head
        ref = dim.get("ref", "")
        new_ref = grown_dimension(ref, self._max_row, self._max_col)
        if new_ref is None or new_ref == ref:
            return head
        found = list(_DIMENSION_TAG.finditer(head))
        if len(found) != 1 or head.count(b"<dimension") != 1 or \
                self.fast.data.find(b"<dimension", self.fast.close_end) >= 0 or found[0].group(1).decode() != ref:
            raise _SpliceFallback
        m = found[0]
        return head[:m.start(1)] + new_ref.encode("ascii") + head[m.end(1):]


def drop_from_calc_chain(root: etree._Element, removed: dict[str, set[str]]) -> bool:
    """Remove calcChain entries for cells whose formula was removed.  `removed` maps sheetId -> refs.
    Returns True when the chain is left empty (the part should then be dropped)."""
    current = None
    kept = 0
    for c in list(root):
        i = c.get("i")
        if i is not None:
            current = i
        elif current is not None:
            c.set("i", current)   # entries inherit i from the previous one: make it explicit before removing
        if c.get("r") in removed.get(current or "", ()):
            root.remove(c)
        else:
            kept += 1
    return kept == 0


def prune_calc_chain(pkg: Package, removed: dict[str, set[str]], replaced: dict[str, bytes | None]) -> None:
    """Drop the calculation-chain entries of removed formulas (`removed`: sheet id -> cell refs) into
    `replaced`; an emptied chain is removed with its relationship and content-type override."""
    part = pkg.part_of_type("/calcChain")
    if part is None:
        return
    root = pkg.xml(part)
    if not drop_from_calc_chain(root, removed):
        replaced[part] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        return
    # An empty chain is not allowed: drop the part, its relationship and its content-type override.
    replaced[part] = None
    rels_name = rels_part(pkg.workbook_part)
    rels = pkg.xml(rels_name)
    for rel in list(rels):
        if rel.get("Type", "").endswith("/calcChain"):
            rels.remove(rel)
    replaced[rels_name] = etree.tostring(rels, xml_declaration=True, encoding="UTF-8", standalone=True)
    ct = pkg.xml("[Content_Types].xml")
    for o in list(ct):
        if o.get("PartName", "").lstrip("/") == part:
            ct.remove(o)
    replaced["[Content_Types].xml"] = etree.tostring(ct, xml_declaration=True, encoding="UTF-8", standalone=True)
