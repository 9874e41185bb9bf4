"""Cell edits applied to one worksheet's XML tree, and the few package parts a value change requires
(styles for a two-decimal number format, calcChain for removed formulas).  The writer never decides a
value: it receives them.  Everything it does not edit stays as it was."""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from decimal import Decimal

from lxml import etree

from .grid import Grid, address, col_index, parse_ref
from .package import NS_MAIN

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
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


@dataclass(frozen=True)
class Edit:
    """The contract between compute and writer: put `value` in (row, col).  kind: "number" | "percent"
    (a capaian in percent points, two decimals) | "text" | "clear".  `style_from` styles a new cell."""
    row: int
    col: int
    kind: str
    value: object = None
    style_from: int | None = None


def apply_edits(grid: Grid, styles: "Styles", edits: list[Edit]) -> tuple[bytes, list[str]]:
    """Apply edits to the sheet of `grid`; returns the new sheet XML and the refs whose formula was removed."""
    editor = SheetEditor(grid, styles)
    for e in edits:
        if e.kind == "number":
            editor.set_number(e.row, e.col, e.value, style_from=e.style_from)
        elif e.kind == "percent":
            editor.set_percent(e.row, e.col, e.value, style_from=e.style_from)
        elif e.kind == "text":
            editor.set_text(e.row, e.col, e.value, style_from=e.style_from)
        else:
            editor.clear(e.row, e.col)
    return editor.to_bytes(), editor.removed_formulas


class Styles:
    """Just enough of styles.xml to give a cell a two-decimal format while keeping the rest of its style."""

    def __init__(self, root: etree._Element | None):
        self.root = root
        self.changed = False
        self.fmts: dict[int, str] = {}
        self.xfs: list[etree._Element] = []
        self._derived: dict[tuple[int, int], int] = {}
        self._percent: dict[int, bool] = {}
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
            self.xfs = list(cx)

    def numfmt(self, style: int) -> int:
        if 0 <= style < len(self.xfs):
            try:
                return int(self.xfs[style].get("numFmtId", "0"))
            except ValueError:
                return 0
        return 0

    def is_percent(self, style: int) -> bool:
        cached = self._percent.get(style)
        if cached is None:
            cached = self._percent[style] = self._is_percent(style)
        return cached

    def _is_percent(self, style: int) -> bool:
        fid = self.numfmt(style)
        if fid in _BUILTIN_PERCENT:
            return True
        code = re.sub(r'"[^"]*"|\\.', "", self.fmts.get(fid, ""))
        return "%" in code

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
        ref = dim.get("ref", "")
        try:
            if ":" in ref:
                a, b = ref.split(":", 1)
                (r1, c1), (r2, c2) = parse_ref(a), parse_ref(b)
            else:
                r1, c1 = r2, c2 = parse_ref(ref)
        except ValueError:
            return
        r2, c2 = max(r2, self._max_row), max(c2, self._max_col)
        dim.set("ref", f"{address(r1, c1)}:{address(r2, c2)}")

    def to_bytes(self) -> bytes:
        self._repair_shared_formulas()
        self._extend_dimension()
        return etree.tostring(self.grid.root, xml_declaration=True, encoding="UTF-8", standalone=True)


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
