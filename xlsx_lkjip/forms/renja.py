"""The Evaluasi Hasil Renja form (Permendagri 86/2017 E.81) and its RKPD-style variants, found by content on
a grid: column roles, declared formulas, data rows, footer.  Knows nothing of XML or arithmetic.

The anchor is the *numbered row* (1, 2, 3, … or (1), (2), (3), … with optional formula labels such as
"13=9+10+11+12" or "8=(7/6)"); a sub-column row below it splits a number into its K and Rp sub-columns (and
the agency's "%" progress or a "Satuan" column inside a block: forms/vocabulary.py lists the labels).  The
labels say what to compute; a 17-column row without labels gets the standard E.81 formulas; any other row
without labels gets the formulas its column headers name (vocabulary.HEADER_FORMULAS).  The table ends at
its footer row, or else where the figures stop: a signature block, notes and template placeholders below
it are never data.
"""

from __future__ import annotations

import re
from dataclasses import field
from decimal import Decimal
from itertools import repeat
from operator import itemgetter
from typing import NamedTuple

from ..records import record
from . import vocabulary as vocab
from .formula import Formula
from .header import HeaderInfo, agency_in_column, read_header
from .. import speedups
from ..io.grid import Grid
from ..patterns import lazy_re

# a column number, "13=9+10+11+12", "(1)" as printed tables write it, "8=(7/6)"
_LABEL = lazy_re(r"^\s*(?:(\d{1,2})|\(\s*(\d{1,2})\s*\))\s*(?:\.\s*)?(?:=\s*(.*?))?\s*$", re.DOTALL)
_SUM = lazy_re(r"^\d+(?:\+\d+)+$")
_RATIO = lazy_re(r"^(?:100\*)?(\d+)(\*100)?/(\d+)(\*100)?$")
_VALUE = itemgetter(0)   # of a grid cell (value, kind, formula, style)
_FOOTER = lazy_re(r"^\s*rata\s*-?\s*rata\s+capaian", re.IGNORECASE)
_PREDIKAT = lazy_re(r"^\s*predikat", re.IGNORECASE)

SIDES = ("K", "Rp")
TEXT = ""  # the "side" of a column that has no K/Rp split


@record
class Column:
    """One numbered column of the E.81 table: its span, K/Rp sides, header text and role."""

    number: int
    label: str
    first: int                          # first physical column of the span
    last: int                           # last physical column of the span
    sides: dict[str, int] = field(default_factory=dict)  # "K"/"Rp" -> physical column
    header: str = ""
    header_parts: list[str] = field(default_factory=list)   # the header's texts, top row first
    progress: int | None = None         # a "%" sub-column: the agency's cumulative progress (K | % | Rp)
    unit_col: int | None = None         # a "Satuan" sub-column inside the block (K | Satuan | Rp)
    money_scale: Decimal = Decimal(1)   # rupiah per unit of the Rp sub-column ("Rp. (000)": 1000)
    role: str = ""                      # what the header says the column holds (vocabulary.HEADER_ROLES)
    quarter: int | None = None          # 1-4 when the header names a quarter

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


# What each column of the E.81 numbering 1..17 is, by its heading (vocabulary.HEADER_ROLES)
STANDARD_ROLES = {6: vocab.TARGET_RENSTRA, 7: vocab.REALISASI_RENSTRA_LALU, 8: vocab.TARGET, 9: vocab.QUARTER,
                  10: vocab.QUARTER, 11: vocab.QUARTER, 12: vocab.QUARTER, 13: vocab.REALISASI, 14: vocab.CAPAIAN,
                  15: vocab.REALISASI_RENSTRA, 16: vocab.CAPAIAN_RENSTRA}


def _in_standard_places(columns: dict[int, "Column"], heading: list[Formula]) -> bool:
    """Whether an unlabelled 1..17 row is the E.81 in its own order: no heading names another column's role
    (a numbered Satuan column moves every figure one place) and no heading's formula differs."""
    if any(col.role and col.role != STANDARD_ROLES.get(n) for n, col in columns.items()):
        return False
    return all(any(f.target == h.target and _same_formula(h, f) for f in STANDARD_FORMULAS) for h in heading)


@record
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
    satuan: int | None = None          # a column of its own holding the indicator's unit
    capaian_renstra: bool = False      # the capaian column is the Renstra one (the form declares no yearly one)
    # The Renstra columns: target at the end of the period (E.81 col 6), realisation up to this year (15 = 7 + 13)
    # and its tingkat capaian (16 = 15/6): the LKjIP's "s.d. akhir periode Renstra" table reads them.
    renstra_target: int | None = None
    renstra_realisasi: int | None = None
    renstra_capaian: int | None = None


class UnreadHeader(NamedTuple):
    """A column a header-only numbered row cannot use (said as the problem "unread-header")."""
    col: int                  # its first physical column
    number: int               # its column number
    header: str               # its header, shortened; "" when it has none
    missing: tuple[str, ...]  # the columns its formula needs that no header names ("target tahun berjalan")


class Block(NamedTuple):
    """One block of the table: its data rows and the footer under them (None: a block without one)."""
    rows: list[int]
    footer_row: int | None
    predikat_row: int | None


class Disagreement(NamedTuple):
    """A column whose formula label and heading say different things (said as "label-heading")."""
    col: int                  # its first physical column
    number: int
    label: str                # the label as written ("16 = 14/6*100")
    header: str               # its heading, shortened
    heading_formula: str      # what the heading means ("16=15/6x100%")
    chosen: str               # "judul" (the heading's formula was computed) or "label"


class Blocked(NamedTuple):
    """A computed column left empty because a column its formula uses was not computed."""
    col: int                  # its first physical column
    number: int
    label: str                # its formula ("15=7+13")
    missing: int              # the input column that was not computed
    why: str                  # "label": unreadable label; "header": heading lacks what it needs; "blank": no
                              # label, no heading read and empty; "input": itself blocked


@record
class Witnesses:
    """How the formulas were decided from a column's two witnesses, its heading and its label."""
    from_heading: list[Formula] = field(default_factory=list)     # no label: the heading decided
    label_unread: list[tuple[int, str, Formula]] = field(default_factory=list)   # (col, label, heading's formula)
    disagreements: list[Disagreement] = field(default_factory=list)
    blocked: list[Blocked] = field(default_factory=list)


@record
class RenjaLayout:
    """Where an E.81 table is on its sheet: header rows, numbered columns, formulas and data rows."""

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
    last_row: int                    # last row examined as data (before the footer, or where figures stop)
    # headers that could not be read where a header-only numbered row needs them
    unread_headers: list[UnreadHeader] = field(default_factory=list)
    from_headers: bool = False       # the formulas come from the column headers (no labels)
    # data rows whose name text says they are the agency's sums ("Jumlah", "Total Keseluruhan"), with that
    # text: computed like any row, never an indicator (vocabulary.is_totals_label)
    totals_rows: dict[int, str] = field(default_factory=dict)
    witnesses: Witnesses = field(default_factory=Witnesses)
    # the table's blocks, top down (one for most forms); data_rows is their rows together
    blocks: list[Block] = field(default_factory=list)

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
    """A label's right-hand side: a sum of column numbers, or a ratio of two (a percentage when the label
    has "%" or "x 100").  Spaces anywhere; × X x * multiply; / : ÷ divide; parentheses are allowed and
    ignored, which is safe because only a plain sum or a plain a/b survives the match (a "(7+6)/2" does not)."""
    e = re.sub(r"\s+", "", expr)
    percent = "%" in e
    e = e.translate(_EXPR_SIGNS)
    e = e.rstrip("*")
    if _SUM.match(e):
        return "sum", tuple(int(p) for p in e.split("+")), False
    m = _RATIO.match(e)
    if m:
        hundred = bool(m.group(2) or m.group(4)) or e.startswith("100*")
        return "ratio", (int(m.group(1)), int(m.group(3))), hundred or percent
    return None


_EXPR_SIGNS = str.maketrans({"×": "*", "X": "*", "x": "*", "%": None, ":": "/", "÷": "/", "(": None, ")": None,
                             "[": None, "]": None})


def _numbered_cells(grid: Grid, row: int) -> list[tuple[int, int, str]] | None:
    """(column, number, label) when `row` reads 1, 2, 3, … or (1), (2), (3), … (a number may be skipped)."""
    found = []
    nonempty = 0
    cells = grid.cells
    for c in grid.row_cols.get(row, ()):   # (the row's cells as grid.row_cells gives them, without a Cell each)
        v = cells[(row, c)][0]
        text = v.strip() if type(v) is str else grid.text(row, c)   # (grid.text, a text without the call)
        if not text:
            continue
        nonempty += 1
        m = _LABEL.match(text)
        if not m:
            continue
        found.append((c, int(m.group(1) or m.group(2)), text if m.group(3) else ""))
    # Every filled cell of a numbered row is a column number: a data or note row that happens to hold
    # 1, 2, 3 next to any text is not one.
    if len(found) < 5 or found[0][1] != 1 or len(found) != nonempty:
        return None
    for (_, a, _), (_, b, _) in zip(found, found[1:]):
        if not (a < b <= a + 2):
            return None
    return found


def _parenthesised(grid: Grid, row: int, numbered: list[tuple[int, int, str]]) -> bool:
    return grid.text(row, numbered[0][0]).startswith("(")


def _side_of(text: str) -> str | None:
    """The K or Rp side a sub-column label names (the "%" and "Satuan" roles are not sides)."""
    role = vocab.subcolumn_role(text)
    return role if role in SIDES else None


def _is_sides_row(grid: Grid, r: int) -> bool:
    texts = [t for t in (grid.text(r, c) for c in grid.row_cols.get(r, ())) if t]
    roles = [vocab.subcolumn_role(t) for t in texts]
    marks = sum(1 for role in roles if role)
    return sum(1 for role in roles if role in SIDES) >= 2 and marks >= len(texts) * 0.6


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


def _header_parts(grid: Grid, top: int, bottom: int, first: int, last: int) -> list[str]:
    parts: list[str] = []
    for r in range(top, bottom + 1):
        row_parts = []
        for c in range(first, last + 1):
            t = grid.text(r, c)
            if t and t not in parts and t not in row_parts:
                row_parts.append(t)
        # a merged header cell that starts left of this span but covers it
        span = grid.merge_span(r, first)
        if span and span[1] < first:
            t = grid.text(span[0], span[1])
            if t and t not in parts and t not in row_parts:
                row_parts.insert(0, t)
        parts += row_parts
    return [_norm(p) for p in parts]


_TITLE_MARK = lazy_re(r":|(?<!\d)20\d\d(?!\d)")
_HEADER_WORDS = ("target", "realisasi", "tingkat", "capaian")


def _is_title_line(grid: Grid, r: int) -> bool:
    """A title line right above the headers ("SKPD : Dinas …", "Tahun 2023"): one or two cells, with a
    colon or a year, and no column header's words."""
    texts = [t for t in (grid.text(r, c) for c in grid.row_cols.get(r, ())) if t]
    return 0 < len(texts) <= 2 and any(_TITLE_MARK.search(t) for t in texts) \
        and not any(t.lower().startswith(_HEADER_WORDS) for t in texts)


def _header_top(grid: Grid, numbered_row: int) -> int:
    """The first row of the column headers: walk up while rows carry text or lie inside a merged header,
    and are not a title line."""
    top = numbered_row
    for r in range(numbered_row - 1, max(0, numbered_row - 7), -1):
        has_text = any(grid.text(r, c) for c in grid.row_cols.get(r, ()))
        inside_merge = any(m[0] < r <= m[2] for m in grid.merges)
        if not (has_text or inside_merge) or (has_text and r < numbered_row - 1 and _is_title_line(grid, r)):
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


def _quarters_under_one_heading(columns: dict[int, Column]) -> None:
    """"Realisasi Kinerja pada Triwulan" typed once over the first quarter, not merged over the four (centred
    across the selection, or the merge lost), with I..IV under it: the three numbered columns after the one that
    reads "… Triwulan I" whose whole header is II, III and IV are those quarters."""
    numbers = sorted(columns)
    for i, n in enumerate(numbers[:-3]):
        if columns[n].quarter != 1 or not vocab.quarter_in_text(columns[n].header):
            continue
        after = [columns[m] for m in numbers[i + 1:i + 4]]
        if all(c.quarter is None and vocab.quarter_numeral(c.header) == q for c, q in zip(after, (2, 3, 4))):
            for c, q in zip(after, (2, 3, 4)):
                c.quarter = q


def _header_quarters(columns: dict[int, Column]) -> tuple[int, ...]:
    """The four quarter columns by their headers ("Triwulan I", "Il", "Ill", "IV"), when each is named once."""
    by_quarter: dict[int, list[int]] = {}
    for n, col in sorted(columns.items()):
        if col.quarter and col.role in ("", vocab.QUARTER):
            by_quarter.setdefault(col.quarter, []).append(n)
    if sorted(by_quarter) != [1, 2, 3, 4] or any(len(v) != 1 for v in by_quarter.values()):
        return ()
    quarters = tuple(by_quarter[q][0] for q in (1, 2, 3, 4))
    return quarters if list(quarters) == sorted(quarters) else ()


def _roles(columns: dict[int, Column], formulas: list[Formula], standard: bool,
           header_quarters: tuple[int, ...]) -> Roles:
    if standard:
        return Roles(no=1, sasaran=2, kode=3, program=4, indicator=5, target=8, quarters=(9, 10, 11, 12),
                     realisasi=13, capaian=14, unit_pd=17, renstra_target=6, renstra_realisasi=15,
                     renstra_capaian=16)
    roles = Roles()
    by_target = {f.target: f for f in formulas}
    ratios = [f for f in formulas if f.kind == "ratio"]

    def over_quarters(f: Formula) -> bool:
        src = by_target.get(f.numerator)
        return src is not None and src.kind == "sum" and (
            src.parts == header_quarters if header_quarters else len(src.parts) == 4)

    # The yearly capaian: a ratio over the sum of the quarters; else one whose header is not the Renstra's
    # (J-1: "Tingkat Realisasi (%)" before "Tingkat Capaian Realisasi Target Renstra (%)"); else the first.
    chosen = next((f for f in ratios if over_quarters(f)), None) \
        or next((f for f in ratios if columns[f.target].role != vocab.CAPAIAN_RENSTRA), None) \
        or (ratios[0] if ratios else None)
    if chosen is not None:
        roles.capaian, roles.realisasi, roles.target = chosen.target, chosen.numerator, chosen.denominator
        roles.capaian_renstra = columns[chosen.target].role == vocab.CAPAIAN_RENSTRA
        src = by_target.get(chosen.numerator)
        if header_quarters:
            roles.quarters = header_quarters
        elif src is not None and src.kind == "sum" and len(src.parts) == 4:
            roles.quarters = src.parts
        else:
            between = [n for n in columns if chosen.denominator < n < chosen.numerator and columns[n].sides]
            if len(between) == 4:
                roles.quarters = tuple(between)
    elif header_quarters:
        roles.quarters = header_quarters
    _renstra_roles(roles, columns, formulas, by_target)
    for n, col in sorted(columns.items()):
        if col.sides:
            continue
        # the header's top text first: a number spanning two physical columns may carry the next one's
        # header too (J-1: "Program/Kegiatan" over G, "Indikator" merged over H:I)
        first = col.header_parts[0].lower() if col.header_parts else ""
        role = _name_role(first) or _name_role(col.header.lower())
        if role == "unit_pd" or (role and getattr(roles, role) is None):
            setattr(roles, role, n)
    return roles


def _renstra_roles(roles: Roles, columns: dict[int, Column], formulas: list[Formula],
                   by_target: dict[int, Formula]) -> None:
    """The Renstra ratio: one whose header says so ("Tingkat capaian … Renstra"), else one over a sum that adds
    this year's realisation (the sum of the quarters) to an earlier one ("15 = 7 + 13", "16 = 15/6")."""
    year = {f.target for f in formulas if f.kind == "sum" and len(f.parts) >= 3}
    ratios = [f for f in formulas if f.kind == "ratio"]

    def adds_the_year(f: Formula) -> bool:
        src = by_target.get(f.numerator)
        return src is not None and src.kind == "sum" and len(src.parts) >= 2 and bool(year & set(src.parts))

    found = next((f for f in ratios if columns[f.target].role == vocab.CAPAIAN_RENSTRA), None) \
        or next((f for f in ratios if adds_the_year(f)), None)
    if found is not None:
        roles.renstra_capaian, roles.renstra_realisasi, roles.renstra_target = (found.target, found.numerator,
                                                                                found.denominator)


def _name_role(h: str) -> str:
    """The Roles field a text column's header names, or ""."""
    if "kode" in h:
        return "kode"
    if "indikator" in h:
        return "indicator"
    if "program" in h or "kegiatan" in h or "urusan" in h:
        return "program"
    if h.startswith("no"):
        return "no"
    if "sasaran" in h:
        return "sasaran"
    if h.startswith("satuan"):
        return "satuan"
    if "penanggung" in h or "unit" in h or "skpd" in h:
        return "unit_pd"
    return ""


def _label_formulas(columns: dict[int, Column]) -> tuple[list[Formula], list[tuple[int, str]]]:
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
        # A ratio the label writes without x 100 under a header that says "(%)" ("8=(7/6)" under "Tingkat
        # Realisasi (%)") is a percentage: the header wins, since a (%) column never shows a bare fraction.
        if kind == "ratio" and not percent and vocab.says_percent(column.header):
            percent = True
        formulas.append(Formula(number, kind, parts, percent, column.label))
    return formulas, unknown


def _header_formulas(columns: dict[int, Column], quarters: tuple[int, ...]
                     ) -> tuple[list[Formula], list[UnreadHeader]]:
    """The formulas a numbered row without labels gets from its column headers (vocabulary.HEADER_FORMULAS),
    and the columns that could not be read."""
    by_role: dict[str, int] = {}
    for n, col in sorted(columns.items()):
        if col.role and col.role != vocab.QUARTER:
            by_role.setdefault(col.role, n)
    formulas: list[Formula] = []
    unread: list[UnreadHeader] = []
    for role, kind, ingredients in vocab.HEADER_FORMULAS:
        n = by_role.get(role)
        if n is None:
            continue
        if ingredients == (vocab.QUARTER,):
            parts = quarters
            missing = () if len(parts) == 4 else (vocab.QUARTER + " I-IV",)
        else:
            found = [by_role.get(i) for i in ingredients]
            missing = tuple(i for i, p in zip(ingredients, found) if p is None)
            parts = tuple(p for p in found if p is not None)
        if missing:
            unread.append(UnreadHeader(columns[n].first, n, _short(columns[n].header), missing))
            continue
        if kind == "sum":
            label = f"{n}={'+'.join(map(str, parts))}"
        else:
            label = f"{n}={parts[0]}/{parts[1]}x100%"
        formulas.append(Formula(n, kind, parts, kind == "ratio", label))
    if formulas:
        used = {p for f in formulas for p in f.parts} | {f.target for f in formulas}
        for n, col in sorted(columns.items()):
            if col.sides and n not in used and not col.role and not col.quarter:
                unread.append(UnreadHeader(col.first, n, _short(col.header), ()))
    return formulas, unread


def _duplicated_roles(columns: dict[int, Column]) -> set[str]:
    """Heading roles more than one column claims: a formula built on them is not the heading's to decide."""
    seen: dict[str, int] = {}
    for col in columns.values():
        if col.role and col.role != vocab.QUARTER:
            seen[col.role] = seen.get(col.role, 0) + 1
    return {role for role, n in seen.items() if n > 1}


def _same_formula(a: Formula, b: Formula) -> bool:
    if a.kind != b.kind:
        return False
    return sorted(a.parts) == sorted(b.parts) if a.kind == "sum" else a.parts == b.parts


def _both_witnesses(columns: dict[int, Column], labelled: list[Formula], unknown: list[tuple[int, str]],
                    heading: list[Formula], unread: list[UnreadHeader], witnesses: Witnesses
                    ) -> tuple[list[Formula], list[tuple[int, str]], list[UnreadHeader]]:
    """The formulas of a numbered row that carries labels, each column decided by its label and its heading:
    no label -> the heading's formula; an unreadable label -> the heading's, if it has one; both, and they
    disagree -> the heading's (it says what the figure under it is; a label is often copied from another
    variant of the form), with a warning.  Returns the formulas, the unreadable labels the heading could not
    replace, and the headings that cannot give the formula of an unlabelled column."""
    by_label = {f.target: f for f in labelled}
    doubtful = _duplicated_roles(columns)
    by_heading = {f.target: f for f in heading
                  if not ({columns[n].role for n in (f.target, *f.parts)} & doubtful)}
    unknown_at = dict(unknown)
    formulas: list[Formula] = []
    left_unknown: list[tuple[int, str]] = []
    for n, col in sorted(columns.items()):
        label_f, heading_f = by_label.get(n), by_heading.get(n)
        if label_f is not None and heading_f is not None and not _same_formula(label_f, heading_f):
            formulas.append(heading_f)
            witnesses.disagreements.append(Disagreement(col.first, n, col.label, _short(col.header),
                                                        heading_f.label, "judul"))
        elif label_f is not None:
            formulas.append(label_f)
        elif heading_f is not None:
            formulas.append(heading_f)
            if col.first in unknown_at:
                witnesses.label_unread.append((col.first, unknown_at[col.first], heading_f))
            else:
                witnesses.from_heading.append(heading_f)
        elif col.first in unknown_at:
            left_unknown.append((col.first, unknown_at[col.first]))
    # a heading that cannot give its formula matters only where no label gives one
    unread = [u for u in unread if u.missing and not columns[u.number].label]
    return formulas, left_unknown, unread


def _without_missing_inputs(columns: dict[int, Column], formulas: list[Formula], not_computed: dict[int, str],
                            witnesses: Witnesses) -> list[Formula]:
    """The formulas whose inputs are typed or computed: one that uses a column that is not computed (its
    label unreadable, its heading lacking what it needs, or itself blocked) is dropped and said."""
    kept = list(formulas)
    changed = True
    while changed:
        changed = False
        for f in list(kept):
            gone = next((p for p in f.parts if p in not_computed), None)
            if gone is not None:
                kept.remove(f)
                witnesses.blocked.append(Blocked(columns[f.target].first, f.target, f.label or str(f.target), gone,
                                                 not_computed[gone]))
                not_computed[f.target] = "input"
                changed = True
    return kept


def _short(text: str, n: int = 60) -> str:
    text = _norm(text)
    return text if len(text) <= n else text[: n - 1] + "…"


def find_renja_layout(grid: Grid, numbered_row: int | None = None) -> RenjaLayout | None:
    """The Renja form on this sheet, or None."""
    if numbered_row is None:
        numbered_row = find_numbered_row(grid)
    if numbered_row is None:
        return None
    numbered = _numbered_cells(grid, numbered_row)
    sides_row = _sides_row(grid, numbered_row)
    header_top = _header_top(grid, numbered_row)
    header_bottom = numbered_row - 1 if sides_row != numbered_row - 1 else numbered_row - 2
    columns: dict[int, Column] = {}
    for i, (col, number, label) in enumerate(numbered):
        if i + 1 < len(numbered):
            last = numbered[i + 1][0] - 1
        else:
            span = grid.merge_span(numbered_row, col)
            last = span[3] if span else col
            if sides_row is not None:  # the last number may own K/Rp cells right of it
                c = col + 1
                while c <= grid.max_col and vocab.subcolumn_role(grid.text(sides_row, c)) and c - col < 3:
                    last = c
                    c += 1
        column = Column(number, label, col, last)
        if sides_row is not None:
            for c in range(col, last + 1):
                text = grid.text(sides_row, c)
                role = vocab.subcolumn_role(text)
                if role in SIDES and role not in column.sides:
                    column.sides[role] = c
                    if role == vocab.RP:
                        column.money_scale = vocab.money_scale(text)
                elif role == vocab.PROGRESS and column.progress is None:
                    column.progress = c
                elif role == vocab.SATUAN and column.unit_col is None:
                    column.unit_col = c
        column.header_parts = _header_parts(grid, header_top, header_bottom, col, last)
        column.header = " ".join(column.header_parts)
        # the whole header first, then its rows from the lowest up ("Perkiraan … Renstra" over "Tingkat Capaian …")
        column.role = next((role for role in map(vocab.header_role, [column.header] + column.header_parts[::-1])
                            if role), "")
        column.quarter = vocab.quarter_of_header(column.header)
        columns[number] = column

    _quarters_under_one_heading(columns)
    header_quarters = _header_quarters(columns)
    numbers = sorted(columns)
    standard = from_headers = False
    witnesses = Witnesses()
    heading, unread = _header_formulas(columns, header_quarters)
    if any(c.label for c in columns.values()):
        labelled, unknown = _label_formulas(columns)
        formulas, unknown, unread = _both_witnesses(columns, labelled, unknown, heading, unread, witnesses)
        if not formulas and numbers == list(range(1, 18)) and _in_standard_places(columns, heading):
            formulas, standard = list(STANDARD_FORMULAS), True   # nothing readable: the form's own formulas
            unread = []
        elif numbers == list(range(1, 18)) and {f.target for f in formulas} == {13, 14, 15, 16}:
            standard = all(f in STANDARD_FORMULAS for f in formulas)
    elif numbers == list(range(1, 18)) and not _parenthesised(grid, numbered_row, numbered) \
            and _in_standard_places(columns, heading):
        # the E.81 numbering 1..17, unless its headings say its columns stand elsewhere (a "(1)".."(17)" row
        # is as likely a PK table: its headers decide)
        formulas, unknown, unread, standard = list(STANDARD_FORMULAS), [], [], True
    else:
        formulas, unknown, from_headers = heading, [], True
    if not formulas and not unknown and not any(u.missing for u in unread):
        return None  # a numbered table with nothing to compute (a staff list, a budget table) is not the form
    # Nothing is built on a column that was not computed: its dependants are not computed either (the form is
    # still this one, even when nothing is left to compute: the warnings say why).
    not_computed = {n: "label" for n, col in columns.items() if (col.first, col.label) in unknown}
    not_computed.update({u.number: "header" for u in unread if u.missing})
    formulas = _without_missing_inputs(columns, formulas, not_computed, witnesses)
    for f in formulas:   # a computed column with a lone "%" sub-column: that is where its value goes
        col = columns[f.target]
        if not col.sides and col.progress is not None:
            col.sides, col.progress = {"K": col.progress}, None
    if sides_row is not None:   # a figure column without a K | Rp split (one cell under its heading): its K side
        for n in {p for f in formulas for p in f.parts} | {f.target for f in formulas}:
            col = columns[n]
            if not col.sides and col.first == col.last and col.progress is None and col.unit_col is None:
                col.sides = {"K": col.first}
    else:  # no K/Rp split: every numeric column is a single "K" figure
        numeric = {p for f in formulas for p in f.parts} | {f.target for f in formulas}
        for n in numeric:
            columns[n].sides = {"K": columns[n].first}
    formulas = _topological(formulas)
    roles = _roles(columns, formulas, standard, header_quarters)
    if roles.quarters == () and standard:
        roles.quarters = (9, 10, 11, 12)

    body_start = max(numbered_row, sides_row or 0) + 1
    footers = _footers(grid, body_start)
    footer_row, predikat_row = footers[0] if footers else (None, None)
    layout = RenjaLayout(header_top, numbered_row, sides_row, columns, formulas, unknown, standard, roles,
                         [], footer_row, predikat_row, (footer_row - 1) if footer_row else grid.max_row,
                         unread, from_headers, witnesses=witnesses)
    _read_blocks(grid, layout, body_start, footers)
    blank = _blank_unknown_inputs(grid, layout)
    if blank:
        layout.formulas = _without_missing_inputs(columns, layout.formulas, blank, witnesses)
    layout.totals_rows = _totals_rows(grid, layout)
    return layout


def _blank_unknown_inputs(grid: Grid, layout: RenjaLayout) -> dict[int, str]:
    """The inputs of a formula (not a sum of the quarters) that nothing says anything about: no label, no
    heading the vocabulary reads, no quarter, and empty in every data row.  Such a column is most likely a
    computed column nobody can tell ("15 = 7 + 13" over a bare, blank 13): nothing is built on it."""
    if not layout.data_rows or layout.standard:   # the E.81 numbering: every column's place says what it is
        return {}
    computed = layout.computed
    out = {}
    for f in layout.formulas:
        if f.kind == "sum" and len(f.parts) >= 3:
            continue
        for p in f.parts:
            col = layout.columns[p]
            if p in computed or col.label or col.role or col.quarter or not col.sides or p in out:
                continue
            if not any(grid.filled(r, c) for r in layout.data_rows for c in col.sides.values()):
                out[p] = "blank"
    return out


def _footers(grid: Grid, start: int) -> list[tuple[int, int | None]]:
    """Every footer under the table: (its "Rata-rata capaian …" row, the "Predikat …" row right under it)."""
    rows = [r for r in sorted(grid.row_cols) if r >= start]
    # (C: every row's texts in one pass over the grid, not a look-up per cell; any() below ignores their order)
    by_row = speedups.strings_by_row(grid.cells, start) if speedups.strings_by_row is not None else \
        _strings_by_row(grid.cells, start)

    def strings(r: int) -> list[str]:
        return by_row.get(r, ())

    out = []
    for i, r in enumerate(rows):
        # only text can read "Rata-rata capaian …" / "Predikat …" (numbers and booleans never do)
        if any(map(_FOOTER.match, strings(r))):   # (map: no generator frame per row)
            nxt = rows[i + 1] if i + 1 < len(rows) else None
            out.append((r, nxt if nxt is not None and any(_PREDIKAT.match(t) for t in strings(nxt)) else None))
    return out


def _read_blocks(grid: Grid, layout: RenjaLayout, body_start: int, footers: list[tuple[int, int | None]]) -> None:
    """The table's blocks: the rows above each footer are that footer's block; rows with figures below the
    last footer are a further block without one (said by evaluate).  Below a footer only rows holding a
    figure are data: the footer's own lines (faktor pendorong, tindak lanjut) never are."""
    if not footers:
        layout.last_row, skipped = _table_end(grid, layout, body_start)
        layout.data_rows = _data_rows(grid, layout, body_start, layout.last_row, skipped)
        layout.blocks = [Block(layout.data_rows, None, None)]
        return
    start = body_start
    for i, (footer, predikat) in enumerate(footers):
        rows = _data_rows(grid, layout, start, footer - 1, figures_only=i > 0)
        layout.blocks.append(Block(rows, footer, predikat))
        start = (predikat or footer) + 1
    end, skipped = _table_end(grid, layout, start)
    tail = _data_rows(grid, layout, start, end, skipped, figures_only=True)
    if tail:
        layout.blocks.append(Block(tail, None, None))
        layout.last_row = end
    layout.data_rows = [r for b in layout.blocks for r in b.rows]


_NUMBER_TYPES = (int, float, Decimal)   # exactly these types (bool, an int, reads "True"/"False")
_TOTALS_FIRST = ("j", "t", "g", "s")   # the first letters of vocabulary.TOTALS_LABEL's words


def _totals_rows(grid: Grid, layout: RenjaLayout) -> dict[int, str]:
    """The data rows whose text columns left of the figures (no, sasaran, kode, program, indicator) hold
    together nothing but a totals word ("Jumlah", "JUMLAH", "Total Keseluruhan"), with that word.  A row
    without the word (an unlabelled sum) cannot be told from an indicator and stays one."""
    first_figure = min((c for col in layout.columns.values() for c in col.sides.values()), default=None)
    skip = {layout.roles.unit_pd, layout.roles.satuan}
    text_cols = [c for n, col in sorted(layout.columns.items()) if not col.sides and n not in skip
                 for c in col.physical if first_figure is None or c < first_figure]
    if not text_cols:
        return {}
    text = grid.text
    cells = grid.cells
    cell_texts = speedups.cell_texts   # (C: grid.text of a row's cells at once)
    out = {}
    for r in layout.data_rows:
        # The label's first letter decides most rows (a totals word starts with j, t, g or s, as the check
        # below asks): the first part is the first text column that reads something (grid.text: "" for
        # nothing or blank text, which the join skips); a number's text never starts so (a digit, "-", "n"
        # or "i"); any other value (a bool reads "True") is read in full as before.
        for c in text_cols:
            t = cells.get((r, c))
            v = None if t is None else t[0]
            if v is None:
                continue
            if type(v) is str:
                v = v.strip()
                if not v:
                    continue
            break
        else:
            continue   # nothing in the text columns: no label
        if type(v) is str:
            if v[0].lower()[:1] not in _TOTALS_FIRST:
                continue
        elif type(v) in _NUMBER_TYPES:
            continue
        if cell_texts is not None:
            parts = [v for v in cell_texts(cells, r, text_cols, text) if v]
        else:
            parts = []
            for c in text_cols:   # grid.text, asked only of the cells present (most rows: a few of these columns)
                t = cells.get((r, c))
                if t is not None and t[0] is not None:
                    v = t[0].strip() if type(t[0]) is str else text(r, c)
                    if v:
                        parts.append(v)
        label = " ".join(parts)
        # (a totals word starts with j, t, g or s: most rows, which start with their number or kode, stop here)
        if label and label[0].lower()[:1] in _TOTALS_FIRST and vocab.is_totals_label(label):
            out[r] = " ".join(label.split())
    return out


def _strings_by_row(cells: dict, first: int) -> dict[int, list[str]]:
    """The text values of every row from `first` on, in one pass over the grid (speedups.strings_by_row in C);
    in the grid's order, which any() does not mind."""
    out: dict[int, list[str]] = {}
    for (r, _c), t in cells.items():
        v = t[0]
        if type(v) is str and r >= first:
            texts = out.get(r)
            if texts is None:
                out[r] = [v]
            else:
                texts.append(v)
    return out


def _row_strings(grid: Grid, r: int) -> list[str]:
    """The text values of row `r`, as stored: a pattern starting with \\s* matches them as it matches
    their grid.text (re's \\s and str.strip() agree on what whitespace is)."""
    if speedups.row_strings is not None:   # (the loop below in C)
        return speedups.row_strings(grid.cells, r, grid.row_cols.get(r, ()))
    values = map(_VALUE, map(grid.cells.__getitem__, zip(repeat(r), grid.row_cols.get(r, ()))))
    return [v for v in values if type(v) is str]


def _figure_cells(layout: RenjaLayout) -> list[int]:
    """Every physical column holding a K or Rp figure, typed or computed."""
    return sorted({c for col in layout.columns.values() for c in col.sides.values()})


def _is_figure(t: tuple | None) -> bool:
    """A cell holding a figure: a number, an agency formula, or text that reads as one ("15 Laporan", "-")."""
    if t is None:
        return False
    if t[2] or t[1] == "n":
        return True
    v = t[0]
    return type(v) is str and bool(vocab.FIGURE_TEXT.match(v))


def _table_end(grid: Grid, layout: RenjaLayout, start: int) -> tuple[int, set[int]]:
    """Where a table without footer ends, and the rows inside it that are not data.  The table ends where the
    figures stop: after its last row holding a figure, and at the latest before the first line that begins
    what follows a table (a place and date, "Kepala …", "NIP", "Disusun", "Mengetahui", "*) Diisi oleh …",
    "Keterangan:").  After two empty rows only rows with figures continue the table (sections of a long
    table); rows without, such as a name under a signature, are not data."""
    cells = grid.cells
    figure_cols = _figure_cells(layout)
    first_figure = figure_cols[0] if figure_cols else grid.max_col + 1
    last_figure_row = start - 1
    skipped: set[int] = set()
    empty = 0
    previous = start - 1
    for r in sorted(grid.row_cols):
        if r < start:
            continue
        empty += r - previous - 1   # rows the sheet does not even store are empty
        previous = r
        filled = [c for c in grid.row_cols[r] if grid.filled(r, c)]
        if not filled:
            empty += 1
            continue
        if any(_is_figure(cells.get((r, c))) for c in figure_cols):
            last_figure_row = r
            empty = 0
            continue
        for c in filled:
            v = cells[(r, c)][0]
            if type(v) is str and vocab.ends_table(v, c >= first_figure):
                return last_figure_row, skipped
        if empty >= 2:
            skipped.add(r)
        else:
            empty = 0
    return last_figure_row, skipped


def _data_rows(grid: Grid, layout: RenjaLayout, start: int, end: int, skipped: set[int] = frozenset(),
               figures_only: bool = False) -> list[int]:
    """The data rows in start..end: a filled input that is not a template's placeholder (`figures_only`: a
    figure, and no footer line's words such as "Faktor pendorong" in the row)."""
    inputs = sorted({c for _, _, c in layout.numeric_inputs()})
    first = layout.columns[min(layout.columns)].first
    first_side = min((c for col in layout.columns.values() for c in col.sides.values()), default=None)
    filled = grid.filled
    cells = grid.cells
    is_placeholder = vocab.is_placeholder
    rows = []
    for r in sorted(grid.row_cols):
        if r < start or r > end or r in skipped:
            continue
        if figures_only:
            if not any(_is_figure(cells.get((r, c))) for c in inputs) or \
                    any(vocab.is_footer_line(t) for t in _row_strings(grid, r)):
                continue
        else:
            # a filled input that is not a template's "{target}" / "……" (most rows: the first number)
            for c in inputs:
                if filled(r, c):
                    v = cells[(r, c)][0]
                    if not (type(v) is str and is_placeholder(v)):
                        break
            else:
                continue  # a heading (urusan, sasaran), an empty row or a template line: left alone
        # the header repeated on a later page (cheap look at its first cell before the full check; a value
        # other than text reads "1" only when it equals 1, so most rows' numbers stop at the comparison)
        t = cells.get((r, first))
        if t is not None and (type(t[0]) is str or t[0] == 1) and grid.text(r, first) in ("1", "(1)") \
                and _numbered_cells(grid, r) is not None:
            continue
        if first_side is not None:
            t = cells.get((r, first_side))
            if t is not None and t[1] == "s" and _side_of(t[0]) and _is_sides_row(grid, r):
                continue
        rows.append(r)
    return rows


def read_renja_header(grid: Grid, layout: RenjaLayout) -> HeaderInfo:
    """Agency, quarter and year above the form (the agency line may stand under the numbered row, above the
    data); without an agency line or title, the "Perangkat Daerah Penanggung Jawab" column when its rows name
    one agency."""
    info = read_header(grid, layout.numbered_row - 1, title_end=layout.header_top - 1,
                       agency_end=(layout.data_rows[0] if layout.data_rows else layout.last_row + 1) - 1)
    unit = layout.columns.get(layout.roles.unit_pd) if layout.roles.unit_pd is not None else None
    if not info.agency and unit is not None:
        info.fill_from(agency_in_column([grid.text(r, unit.first) for r in layout.data_rows]))
    return info
