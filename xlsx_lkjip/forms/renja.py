"""The Evaluasi Hasil Renja form (Permendagri 86/2017 E.81) and its RKPD-style variants, found by content on
a grid: column roles, declared formulas, data rows, footer.  Knows nothing of XML or arithmetic.

The anchor is the *numbered row* (1, 2, 3, … with optional formula labels such as "13=9+10+11+12"); a
K/Rp row below it splits a number into its K and Rp sub-columns.  The labels say what to compute; a
17-column row without labels gets the standard E.81 formulas.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .formula import Formula
from ..io.grid import Grid

_LABEL = re.compile(r"^\s*(\d{1,2})\s*(?:\.\s*)?(?:=\s*(.*?))?\s*$", re.DOTALL)
_SUM = re.compile(r"^\d+(?:\+\d+)+$")
_RATIO = re.compile(r"^\(?(\d+)[/:](\d+)\)?(\*100)?$")
_FOOTER = re.compile(r"^\s*rata\s*-?\s*rata\s+capaian", re.IGNORECASE)
_PREDIKAT = re.compile(r"^\s*predikat", re.IGNORECASE)
_SIDE = {"K": "K", "RP": "Rp", "RP.": "Rp"}

SIDES = ("K", "Rp")
TEXT = ""  # the "side" of a column that has no K/Rp split


@dataclass
class Column:
    number: int
    label: str
    first: int                          # first physical column of the span
    last: int                           # last physical column of the span
    sides: dict[str, int] = field(default_factory=dict)  # "K"/"Rp" -> physical column
    header: str = ""

    @property
    def physical(self) -> list[int]:
        return list(range(self.first, self.last + 1))

    def side_col(self, side: str) -> int | None:
        if side == TEXT:
            return self.first
        return self.sides.get(side)


STANDARD_FORMULAS = (
    Formula(13, "sum", (9, 10, 11, 12), False, "13=9+10+11+12"),
    Formula(14, "ratio", (13, 8), True, "14=13/8x100%"),
    Formula(15, "sum", (7, 13), False, "15=7+13"),
    Formula(16, "ratio", (15, 6), True, "16=15/6x100%"),
)


@dataclass
class Roles:
    """What the columns mean, for the rekap and the footer (column numbers, None when absent)."""
    no: int | None = None
    sasaran: int | None = None
    kode: int | None = None
    program: int | None = None
    indicator: int | None = None
    target: int | None = None
    quarters: tuple[int, ...] = ()
    realisasi: int | None = None
    capaian: int | None = None
    unit_pd: int | None = None


@dataclass
class RenjaLayout:
    header_top: int
    numbered_row: int
    sides_row: int | None
    columns: dict[int, Column]
    formulas: list[Formula]          # in evaluation order
    unknown_labels: list[tuple[int, str]]
    standard: bool
    roles: Roles
    data_rows: list[int]
    footer_row: int | None
    predikat_row: int | None
    last_row: int                    # last row examined as data (before the footer)

    @property
    def computed(self) -> set[int]:
        return {f.target for f in self.formulas}

    def numeric_inputs(self) -> list[tuple[int, str, int]]:
        """(number, side, physical column) of every figure the agency types."""
        out = []
        computed = self.computed
        for n, col in self.columns.items():
            if n in computed:
                continue
            for side, c in col.sides.items():
                out.append((n, side, c))
        return out


def _norm(text: str) -> str:
    return " ".join(text.split())


def _parse_expr(expr: str) -> tuple[str, tuple[int, ...], bool] | None:
    e = re.sub(r"\s+", "", expr)
    e = e.replace("×", "*").replace("X", "*").replace("x", "*").replace("%", "")
    e = e.rstrip("*")
    if _SUM.match(e):
        return "sum", tuple(int(p) for p in e.split("+")), False
    m = _RATIO.match(e)
    if m:
        return "ratio", (int(m.group(1)), int(m.group(2))), bool(m.group(3))
    return None


def _numbered_cells(grid: Grid, row: int) -> list[tuple[int, int, str]] | None:
    """(column, number, label) when `row` reads 1, 2, 3, … (a number may be skipped)."""
    found = []
    nonempty = 0
    for cell in grid.row_cells(row):
        text = grid.text(row, cell.col)
        if not text:
            continue
        nonempty += 1
        m = _LABEL.match(text)
        if not m:
            continue
        found.append((cell.col, int(m.group(1)), text if m.group(2) else ""))
    # Every filled cell of a numbered row is a column number: a data or note row that happens to hold
    # 1, 2, 3 next to any text is not one.
    if len(found) < 5 or found[0][1] != 1 or len(found) != nonempty:
        return None
    for (_, a, _), (_, b, _) in zip(found, found[1:]):
        if not (a < b <= a + 2):
            return None
    return found


def _side_of(text: str) -> str | None:
    return _SIDE.get(text.strip().upper().replace(" ", ""))


def _is_sides_row(grid: Grid, r: int) -> bool:
    texts = [t for t in (grid.text(r, c) for c in grid.row_cols.get(r, ())) if t]
    marks = sum(1 for t in texts if _side_of(t))
    return marks >= 2 and marks >= len(texts) * 0.6


def _sides_row(grid: Grid, numbered_row: int) -> int | None:
    for r in (numbered_row + 1, numbered_row + 2, numbered_row - 1):
        if _is_sides_row(grid, r):
            return r
    return None


def is_numbered_row(grid: Grid, row: int) -> bool:
    return _numbered_cells(grid, row) is not None


def find_numbered_row(grid: Grid, start: int = 1) -> int | None:
    for r in sorted(grid.row_cols):
        if r >= start and _numbered_cells(grid, r) is not None:
            return r
    return None


def _header_text(grid: Grid, top: int, bottom: int, first: int, last: int) -> str:
    parts = []
    for r in range(top, bottom + 1):
        for c in range(first, last + 1):
            t = grid.text(r, c)
            if t and t not in parts:
                parts.append(t)
        # a merged header cell that starts left of this span but covers it
        span = grid.merge_span(r, first)
        if span and span[1] < first:
            t = grid.text(span[0], span[1])
            if t and t not in parts:
                parts.insert(0, t)
    return _norm(" ".join(parts))


def _header_top(grid: Grid, numbered_row: int) -> int:
    """The first row of the column headers: walk up while rows carry text or lie inside a merged header."""
    top = numbered_row
    for r in range(numbered_row - 1, max(0, numbered_row - 7), -1):
        has_text = any(grid.text(r, c) for c in grid.row_cols.get(r, ()))
        inside_merge = any(m[0] < r <= m[2] for m in grid.merges)
        if not (has_text or inside_merge):
            break
        top = r
    return top


def _topological(formulas: list[Formula]) -> list[Formula]:
    by_target = {f.target: f for f in formulas}
    done: list[Formula] = []
    seen: set[int] = set()
    visiting: set[int] = set()

    def visit(f: Formula) -> None:
        if f.target in seen or f.target in visiting:
            return  # a cycle is ignored: the label is unusable
        visiting.add(f.target)
        for p in f.parts:
            if p in by_target:
                visit(by_target[p])
        visiting.discard(f.target)
        seen.add(f.target)
        done.append(f)

    for f in sorted(formulas, key=lambda f: f.target):
        visit(f)
    return done


def _roles(columns: dict[int, Column], formulas: list[Formula], standard: bool) -> Roles:
    if standard:
        return Roles(no=1, sasaran=2, kode=3, program=4, indicator=5, target=8, quarters=(9, 10, 11, 12),
                     realisasi=13, capaian=14, unit_pd=17)
    roles = Roles()
    by_target = {f.target: f for f in formulas}
    ratios = [f for f in formulas if f.kind == "ratio"]
    chosen = None
    for f in ratios:  # the yearly capaian: a ratio over a sum of the quarters
        src = by_target.get(f.numerator)
        if src is not None and src.kind == "sum" and len(src.parts) >= 3:
            chosen = f
            break
    if chosen is None and ratios:
        chosen = ratios[0]
    if chosen is not None:
        roles.capaian, roles.realisasi, roles.target = chosen.target, chosen.numerator, chosen.denominator
        src = by_target.get(chosen.numerator)
        if src is not None and src.kind == "sum" and len(src.parts) >= 3:
            roles.quarters = src.parts
        else:
            between = [n for n in columns if chosen.denominator < n < chosen.numerator and columns[n].sides]
            if len(between) == 4:
                roles.quarters = tuple(between)
    for n, col in sorted(columns.items()):
        h = col.header.lower()
        if roles.kode is None and "kode" in h:
            roles.kode = n
        elif roles.indicator is None and "indikator" in h and not col.sides:
            roles.indicator = n
        elif roles.program is None and ("program" in h or "kegiatan" in h or "urusan" in h) and not col.sides \
                and "indikator" not in h:
            roles.program = n
        elif roles.sasaran is None and "sasaran" in h and not col.sides:
            roles.sasaran = n
        elif roles.no is None and h.startswith("no") and not col.sides:
            roles.no = n
        elif ("penanggung" in h or "unit" in h or "skpd" in h) and not col.sides:
            roles.unit_pd = n
    return roles


def find_layout(grid: Grid, numbered_row: int | None = None) -> RenjaLayout | None:
    """The Renja form on this sheet, or None."""
    if numbered_row is None:
        numbered_row = find_numbered_row(grid)
    if numbered_row is None:
        return None
    numbered = _numbered_cells(grid, numbered_row)
    sides_row = _sides_row(grid, numbered_row)
    header_top = _header_top(grid, numbered_row)
    columns: dict[int, Column] = {}
    for i, (col, number, label) in enumerate(numbered):
        if i + 1 < len(numbered):
            last = numbered[i + 1][0] - 1
        else:
            span = grid.merge_span(numbered_row, col)
            last = span[3] if span else col
            if sides_row is not None:  # the last number may own K/Rp cells right of it
                c = col + 1
                while c <= grid.max_col and _side_of(grid.text(sides_row, c)) and c - col < 3:
                    last = c
                    c += 1
        column = Column(number, label, col, last)
        if sides_row is not None:
            for c in range(col, last + 1):
                side = _side_of(grid.text(sides_row, c))
                if side and side not in column.sides:
                    column.sides[side] = c
        column.header = _header_text(grid, header_top, numbered_row - 1, col, last)
        columns[number] = column

    formulas: list[Formula] = []
    unknown: list[tuple[int, str]] = []
    for number, column in columns.items():
        if not column.label:
            continue
        expr = column.label.split("=", 1)[1]
        parsed = _parse_expr(expr)
        if parsed is None or any(p not in columns for p in parsed[1]):
            unknown.append((column.first, column.label))
            continue
        kind, parts, percent = parsed
        formulas.append(Formula(number, kind, parts, percent, column.label))

    standard = False
    numbers = sorted(columns)
    if not formulas and numbers == list(range(1, 18)):
        standard = True
        formulas = list(STANDARD_FORMULAS)
    elif numbers == list(range(1, 18)) and {f.target for f in formulas} == {13, 14, 15, 16}:
        standard = all(f in STANDARD_FORMULAS for f in formulas)
    if not formulas:
        return None  # a numbered table with nothing to compute (a staff list, a budget table) is not the form
    if sides_row is None:  # no K/Rp split: every numeric column is a single "K" figure
        numeric = {p for f in formulas for p in f.parts} | {f.target for f in formulas}
        for n in numeric:
            columns[n].sides = {"K": columns[n].first}
    formulas = _topological(formulas)
    roles = _roles(columns, formulas, standard)
    if roles.quarters == () and standard:
        roles.quarters = (9, 10, 11, 12)

    body_start = max(numbered_row, sides_row or 0) + 1
    footer_row = predikat_row = None
    for r in sorted(grid.row_cols):
        if r < body_start:
            continue
        # only text can read "Rata-rata capaian …" / "Predikat …" (numbers and booleans never do)
        texts = _row_strings(grid, r)
        if footer_row is None and any(_FOOTER.match(t) for t in texts):
            footer_row = r
            continue
        if footer_row is not None:
            if any(_PREDIKAT.match(t) for t in texts):
                predikat_row = r
            break
    last_row = (footer_row - 1) if footer_row else grid.max_row
    layout = RenjaLayout(header_top, numbered_row, sides_row, columns, formulas, unknown, standard, roles,
                         [], footer_row, predikat_row, last_row)
    layout.data_rows = _data_rows(grid, layout, body_start)
    return layout


def _row_strings(grid: Grid, r: int) -> list[str]:
    """The text values of row `r`, as stored: a pattern starting with \\s* matches them as it matches
    their grid.text (re's \\s and str.strip() agree on what whitespace is)."""
    cells = grid.cells
    return [v for v in [cells[(r, c)][0] for c in grid.row_cols.get(r, ())] if type(v) is str]


def _data_rows(grid: Grid, layout: RenjaLayout, start: int) -> list[int]:
    inputs = sorted({c for _, _, c in layout.numeric_inputs()})
    first = layout.columns[min(layout.columns)].first
    first_side = min((c for col in layout.columns.values() for c in col.sides.values()), default=None)
    filled = grid.filled
    rows = []
    for r in sorted(grid.row_cols):
        if r < start or r > layout.last_row:
            continue
        if not any(filled(r, c) for c in inputs):
            continue  # a heading (urusan, sasaran) or an empty row: left alone
        # the header repeated on a later page (cheap look at its first cell before the full check)
        if grid.text(r, first) == "1" and _numbered_cells(grid, r) is not None:
            continue
        if first_side is not None and _side_of(grid.text(r, first_side)) and _is_sides_row(grid, r):
            continue
        rows.append(r)
    return rows

