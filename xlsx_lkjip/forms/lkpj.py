"""The annual capaian table of the LKPJ (the region head's report to the DPRD), found by content on a grid:
"FISIK: TARGET | REAL | %" and "KEUANGAN: ALOKASI | REAL | %" blocks under one header row, or an input form's
single header row (TARGET | REALISASI TARGET | ALOKASI [Rp] | REALISASI [Rp] | PERSENTASE [%]) over a letter
numbering row whose labels state the formula ("k = ( j / i ) * 100": the letters are the numbering row's
labels, not the sheet's columns).  No quarters: the year's figures.  A region-wide export holds every agency
in one sheet, each opened by a row with the agency's kode ("1.01") and name and no figures.
Knows nothing of XML or arithmetic; every wording is in forms/vocabulary.py."""

from __future__ import annotations

import re
from dataclasses import field

from . import vocabulary as vocab
from .header import HeaderInfo, read_header
from ..io.grid import Grid
from ..patterns import lazy_re
from ..records import record

# internal column names
KODE, NAMA, INDIKATOR, SATUAN = "kode", "nama", "indikator", "satuan"
TARGET, REALISASI, CAPAIAN = "target", "realisasi", "capaian"                    # fisik (kinerja)
ALOKASI, REALISASI_RP, SERAPAN = "alokasi", "realisasi_rp", "serapan"           # keuangan
FIGURES = (TARGET, REALISASI, ALOKASI, REALISASI_RP)
# a computed column and what it divides (numerator, denominator)
RATIOS = {CAPAIAN: (REALISASI, TARGET), SERAPAN: (REALISASI_RP, ALOKASI)}

_LETTER = lazy_re(r"^\s*([a-z])\s*$", re.IGNORECASE)
_LETTER_LABEL = lazy_re(r"^\s*([a-z])\s*=\s*(.+)$", re.IGNORECASE)
_LETTER_RATIO = lazy_re(r"^\(?\s*([a-z])\s*[/:÷]\s*([a-z])\s*\)?\s*(?:[x×*]\s*100\s*%?)?$", re.IGNORECASE)
_OPD_KODE = lazy_re(r"^\d{1,2}\s*\.\s*\d{1,2}$")   # "1.01": an agency's kode (urusan.bidang)
_SCAN_ROWS = 40


@record
class LkpjLayout:
    header_row: int                  # the row naming the columns (or their groups)
    sub_row: int | None              # TARGET | REAL | % under FISIK / KEUANGAN
    letters_row: int | None          # "a c d … k = ( j / i ) * 100"
    cols: dict[str, int]
    labels: dict[str, str] = field(default_factory=dict)                     # computed column -> its label
    label_problems: list[tuple[str, int, str, str]] = field(default_factory=list)  # (column, col, label, heading)
    data_rows: list[int] = field(default_factory=list)
    agency_rows: dict[int, str] = field(default_factory=dict)  # an OPD header row -> the agency it opens
    last_row: int = 0

    @property
    def body_start(self) -> int:
        return max(r for r in (self.header_row, self.sub_row, self.letters_row) if r) + 1


def _texts(grid: Grid, r: int) -> dict[int, str]:
    return {c: t for c in grid.row_cols.get(r, ()) if (t := grid.text(r, c)) and isinstance(grid.value(r, c), str)}


def _text_columns(texts: dict[int, str], cols: dict[str, int]) -> None:
    for c, t in texts.items():
        h = vocab.normalise_header(t)
        for name, pattern in ((KODE, vocab.LKPJ_KODE), (NAMA, vocab.LKPJ_NAMA), (INDIKATOR, vocab.LKPJ_INDIKATOR),
                              (SATUAN, vocab.LKPJ_SATUAN)):
            if name not in cols and pattern.search(h):
                cols[name] = c


def _grouped(grid: Grid, r: int, texts: dict[int, str]) -> dict[str, int] | None:
    """FISIK over TARGET | REAL | % and KEUANGAN over ALOKASI | REAL | % on the row below."""
    groups = {}
    for c, t in texts.items():
        h = vocab.normalise_header(t)
        if vocab.LKPJ_FISIK.match(h):
            groups["fisik"] = c
        elif vocab.LKPJ_KEUANGAN.match(h):
            groups["keuangan"] = c
    if set(groups) != {"fisik", "keuangan"}:
        return None
    below = _texts(grid, r + 1)
    cols: dict[str, int] = {}
    for group, names in (("fisik", (TARGET, REALISASI, CAPAIAN)), ("keuangan", (ALOKASI, REALISASI_RP, SERAPAN))):
        c0 = groups[group]
        span = grid.merge_span(r, c0)
        last = span[3] if span else c0 + 2
        for c in range(c0, last + 1):
            h, _money, _pct = vocab.lkpj_heading(below.get(c, ""))
            if not h:
                continue
            first = vocab.LKPJ_TARGET if group == "fisik" else vocab.LKPJ_ALOKASI
            for name, pattern in zip(names, (first, vocab.LKPJ_REAL, vocab.LKPJ_PERCENT)):
                if name not in cols and pattern.match(h):
                    cols[name] = c
    return cols


def _single_row(texts: dict[int, str]) -> dict[str, int] | None:
    """TARGET | REALISASI TARGET | ALOKASI [Rp] | REALISASI [Rp] | PERSENTASE [%] in one row: a realisation
    with the money mark is the budget's, a percentage after the budget columns the absorption's."""
    cols: dict[str, int] = {}
    for c, t in sorted(texts.items()):
        h, money, _pct = vocab.lkpj_heading(t)
        if vocab.LKPJ_TARGET.match(h) and TARGET not in cols:
            cols[TARGET] = c
        elif vocab.LKPJ_ALOKASI.match(h) and ALOKASI not in cols:
            cols[ALOKASI] = c
        elif vocab.LKPJ_REAL.match(h):
            name = REALISASI_RP if (money or ALOKASI in cols) else REALISASI
            cols.setdefault(name, c)
        elif vocab.LKPJ_PERCENT.match(h):
            cols.setdefault(SERAPAN if ALOKASI in cols else CAPAIAN, c)
    return cols if ALOKASI in cols and REALISASI_RP in cols else None


def _letters(grid: Grid, r: int) -> dict[str, tuple[int, str]] | None:
    """A letter numbering row: letter -> (column, label), when every filled cell is a letter or "x = …"."""
    found = {}
    for c, t in ((c, grid.text(r, c)) for c in grid.row_cols.get(r, ())):
        if not t:
            continue
        m = _LETTER.match(t) or _LETTER_LABEL.match(t)
        if not m:
            return None
        found[m.group(1).lower()] = (c, t if "=" in t else "")
    return found if len(found) >= 4 else None


def _read_labels(layout: LkpjLayout, letters: dict[str, tuple[int, str]]) -> None:
    """The formula labels of the letter row, checked against the headings: a label over a computed column
    that divides other columns than its heading says is said, and the heading's formula is computed."""
    by_col = {c: letter for letter, (c, _label) in letters.items()}
    names = {c: name for name, c in layout.cols.items()}
    for letter, (c, label) in letters.items():
        if not label or names.get(c) not in RATIOS:
            continue
        name = names[c]
        layout.labels[name] = label
        m = _LETTER_RATIO.match(label.split("=", 1)[1].strip())
        wanted = tuple(layout.cols.get(n) for n in RATIOS[name])
        said = tuple(letters[x.lower()][0] if x.lower() in letters else None for x in m.groups()) if m else None
        if said != wanted:
            num, den = (by_col.get(w, "?") for w in wanted)
            layout.label_problems.append((name, c, label, f"{letter} = {num} / {den} x 100"))


def _is_figure(grid: Grid, r: int, c: int | None) -> bool:
    """A figure other than zero: an exporter's 0 in every figure cell is no filled row."""
    if c is None:
        return False
    t = grid.cells.get((r, c))
    if t is None or t[0] is None:
        return False
    if t[1] == "n":
        return t[0] != 0
    return type(t[0]) is str and bool(vocab.FIGURE_TEXT.match(t[0])) and t[0].strip() not in ("0", "-", "–")


def find_lkpj_layout(grid: Grid) -> LkpjLayout | None:
    """The annual capaian table on this sheet, or None."""
    for r in sorted(grid.row_cols):
        if r > _SCAN_ROWS:
            break
        texts = _texts(grid, r)
        if len(texts) < 3 or any(vocab.quarter_in_text(t) for t in texts.values()):
            continue
        cols = _grouped(grid, r, texts)
        sub_row = r + 1 if cols else None
        if not cols:
            cols = _single_row(texts)
        if not cols or not ((TARGET in cols and REALISASI in cols) or (ALOKASI in cols and REALISASI_RP in cols)):
            continue
        _text_columns(texts, cols)
        below = (sub_row or r) + 1
        letters = _letters(grid, below)
        if sub_row is None and letters is None and NAMA not in cols:
            continue   # one row of Target | Realisasi | Alokasi is not enough to tell the table
        layout = LkpjLayout(r, sub_row, below if letters else None, cols)
        if letters:
            _read_labels(layout, letters)
        _body(grid, layout)
        return layout
    return None


def _body(grid: Grid, layout: LkpjLayout) -> None:
    """Data rows (a figure other than zero in a figure column), OPD header rows (kode "1.01", a name, no
    figure), and the table's end (a signature's first line)."""
    figure_cols = [layout.cols.get(n) for n in FIGURES]
    first_figure = min(c for c in figure_cols if c is not None)
    kode, nama = layout.cols.get(KODE), layout.cols.get(NAMA)
    last = layout.body_start - 1
    for r in sorted(grid.row_cols):
        if r < layout.body_start:
            continue
        if any(_is_figure(grid, r, c) for c in figure_cols):
            layout.data_rows.append(r)
            last = r
            continue
        strings = [(c, grid.value(r, c)) for c in grid.row_cols[r] if isinstance(grid.value(r, c), str)]
        if any(vocab.ends_table(v, c >= first_figure) for c, v in strings):
            break
        if kode is not None and nama is not None and _OPD_KODE.match(grid.text(r, kode)) and grid.text(r, nama):
            layout.agency_rows[r] = " ".join(grid.text(r, nama).split())
            last = r
    layout.last_row = last


def read_lkpj_header(grid: Grid, layout: LkpjLayout) -> HeaderInfo:
    return read_header(grid, layout.header_row - 1)
