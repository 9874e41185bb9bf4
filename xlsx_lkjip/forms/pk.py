"""The Perjanjian Kinerja / rencana aksi form, found by header keywords in one row or two stacked rows
(merged group cells such as "Realisasi" over "TW I … TW IV", "Januari" over "Target | Realisasi", or
"I K U" over "No | Kode | IKU | Target …"), in any column order.  No arithmetic here.

Three shapes, by the period of their realisasi columns (`PkLayout.periods`):
- "triwulan": Realisasi TW I-IV (the standard rencana aksi);
- "bulanan":  Realisasi Januari-Desember (a monthly rencana aksi; evaluate/pk.py reads the months as their
  quarters);
- "tahunan":  one Realisasi column and no periods (an annual IKU capaian table).
A table with an Indikator and a Target but no Realisasi at all is a plan (`plan_only`): nothing to compute.

The header vocabulary (its patterns are in forms/vocabulary.py; case and spacing do not matter; "I K U" reads
as "IKU"):
- indicator: "Indikator", "IKU", "Indikator Kinerja Utama"; sasaran: "Sasaran"; satuan: "Satuan";
  polarity: "Polaritas", "Polarisasi", "Polarity"; accumulation: "Sifat", "Cara Pengukuran/Perhitungan";
- quarters: "TW I", "TW 1", "Tw.I", "Triwulan I", "Trw. II", and a month range of one quarter
  ("Januari - Maret");
- months: Januari/Jan, Februari/Pebruari/Feb/Peb, Maret/Mar/Mrt, April/Apr, Mei, Juni/Jun, Juli/Jul,
  Agustus/Agt/Agu/Ags, September/Sep/Sept, Oktober/Okt, November/Nopember/Nov/Nop, Desember/Des (and the
  English names);
- to date (year to date, `PkLayout.to_date`): a period with "s.d.", "s/d", "sd", "sampai (dengan)",
  "hingga", "kumulatif", "akumulasi" ("Realisasi s.d. TW II", "Realisasi Kumulatif TW II", "Target s/d
  Triwulan III", "Realisasi s.d. Maret"), and a range from the first period ("TW I - II", "TW I s.d. TW III",
  "Januari - Juni": to date at TW II).  Any other range over several quarters ("TW II - III", "April -
  September") is no period: the column is left alone rather than misread.  evaluate/pk.py turns figures to
  date into each period's own (compute.from_to_date).  When a sheet has both "Realisasi TW II" and
  "Realisasi s.d. TW II", the quarter's own column is read and the to-date one is computed
  (`PkLayout.to_date_out`; realisasi, target and the quarter budgets);
- a period column is Target, Realisasi or Capaian by its words; "Anggaran"/"Pagu", "Realisasi Anggaran" and
  "Serapan" with a period are per-period budget columns ("Keuangan" means money too);
- "Target Renstra", "Target Akhir Renstra", "Target 2026 (akhir periode)", "Target RPJMD" are the Renstra
  (end-of-period) target, never the annual target; "Realisasi/Capaian … Renstra" likewise have their own
  roles and are left alone;
- two annual Target (or, in an annual table, Realisasi) columns that cannot be told apart are recorded in
  `PkLayout.ambiguous`, never guessed; a year in a header that is not the year above the table (the title's
  "Tahun 2024") tells another year's column apart, and a lone Target column naming another year is recorded
  in `PkLayout.other_year` (evaluate/pk.py warns).
"""

from __future__ import annotations

import re
from dataclasses import field
from typing import NamedTuple

from ..io.grid import Grid
from .header import read_header
# The PK's words (quarters, months, footers, polarity) are in forms/vocabulary.py, beside Renja's.
from .vocabulary import PK_ACCUMULATION_WORDS as _ACCUMULATION_WORDS
from .vocabulary import PK_AVERAGE_FOOTER as _AVERAGE_FOOTER
from .vocabulary import PK_FOOTER as _FOOTER
from .vocabulary import PK_INDICATOR as _INDICATOR
from .vocabulary import PK_MONTH as _MONTH
from .vocabulary import PK_MONTH_OF as _MONTH_OF
from .vocabulary import PK_NAME_WORDS as _NAME_WORDS
from .vocabulary import PK_POLARITY_WORDS as _POLARITY_WORDS
from .vocabulary import PK_PREDIKAT_FOOTER as _PREDIKAT_FOOTER
from .vocabulary import PK_QUARTER as _QUARTER
from .vocabulary import PK_QUARTER_INDEX as _Q
from .vocabulary import PK_QUARTER_RANGE as _QUARTER_RANGE
from .vocabulary import PK_RENSTRA as _RENSTRA
from .vocabulary import PK_SPACED_LETTERS as _SPACED_LETTERS
from .vocabulary import PK_TO_DATE as _TO_DATE
from .vocabulary import PK_TOTAL_FOOTER as _TOTAL_FOOTER
from .vocabulary import PK_YEAR as _YEAR
from ..records import record

# the columns a table row without figures has text in (an indicator nobody reported on yet)
_LABEL_ROLES = ("no", "sasaran", "indikator", "satuan", "polaritas", "sifat")
_PERIOD_KINDS = ("q", "m", "qd", "md")   # quarter, month, quarter to date, month to date

# Roles a column can play; period roles carry an index (quarter 0..3, month 0..11).
SINGLE_ROLES = ("no", "tujuan", "sasaran", "indikator", "satuan", "polaritas", "sifat", "target", "realisasi",
                "capaian_tahunan", "predikat", "pagu", "realisasi_anggaran", "serapan", "efisiensi",
                "efisiensi_kategori", "target_renstra", "realisasi_renstra", "capaian_renstra")
QUARTER_ROLES = ("target_tw", "realisasi_tw", "capaian_tw", "pagu_tw", "realisasi_anggaran_tw", "serapan_tw")
MONTH_ROLES = ("target_month", "realisasi_month", "capaian_month", "pagu_month", "realisasi_anggaran_month")
# A month role that stands alone (one month column) is the annual role: "Realisasi Desember".
_ANNUAL_OF_MONTH = {"target_month": "target", "realisasi_month": "realisasi", "capaian_month": "capaian_tahunan",
                    "pagu_month": "pagu", "realisasi_anggaran_month": "realisasi_anggaran"}
# Period roles whose figures may be typed to date (PkLayout.to_date); capaian and serapan of a period are
# to date by definition.
_TO_DATE_ROLES = ("realisasi_tw", "target_tw", "pagu_tw", "realisasi_anggaran_tw", "realisasi_month", "target_month",
                  "pagu_month", "realisasi_anggaran_month")
# Period roles whose to-date column beside the period's own one is computed (to_date_out).
_TO_DATE_OUT = ("realisasi_tw", "target_tw", "pagu_tw", "realisasi_anggaran_tw", "realisasi_month", "target_month")
# Roles whose duplicates are a trap (the first one silently winning gives a wrong figure on every row).
_UNIQUE = ("target", "realisasi")


def _normal(label: str) -> str:
    return " ".join(_SPACED_LETTERS.sub(lambda m: m.group(0).replace(" ", ""), label).lower().split())


def _period_of(low: str) -> tuple[str, int | None] | None:
    """("q", quarter), ("m", month), ("qd", quarter) / ("md", month) for a figure to date at that period
    ("s.d. TW II", "Januari - Juni"), ("x", None) for a period that cannot be used (a range over several
    quarters not from the first one), or None for a header with no period."""
    m = _QUARTER.search(low)
    if m is not None:
        q = _Q[m.group(1).lower()]
        end = _QUARTER_RANGE.match(low, m.end())
        if end is not None:
            last = _Q[end.group(1).lower()]
            if last == q:
                return "q", q
            return ("qd", last) if q == 0 and last > q else ("x", None)
        return ("qd" if _TO_DATE.search(low) else "q"), q
    months = [_MONTH_OF[m.group(1).lower()] for m in _MONTH.finditer(low)]
    if not months:
        return None
    if len(months) == 2 and months[0] % 3 == 0 and months[1] == months[0] + 2:
        return "q", months[0] // 3            # "Januari - Maret": the first quarter
    if len(months) == 2 and months[0] == 0 and months[1] > 0:   # "Januari s.d. Juni": to date at June
        return ("qd", months[1] // 3) if months[1] % 3 == 2 else ("md", months[1])
    if len(months) == 1:
        return ("md" if _TO_DATE.search(low) else "m"), months[0]
    return "x", None


class Found(NamedTuple):
    """What a column header says: its role, the period (quarter 0..3 or month 0..11) of a period role, and
    whether its figure is to date (since the start of the year) rather than the period's own."""
    role: str
    index: int | None = None
    to_date: bool = False


def classify(label: str) -> Found | None:
    """The role of a column from its (combined) header label; period roles name their index."""
    low = _normal(label)
    if not low:
        return None
    period = _period_of(low)
    if "efisiensi" in low:
        return Found("efisiensi_kategori" if ("kategori" in low or "predikat" in low) else "efisiensi")
    money = None
    if "serapan" in low:
        money = "serapan"
    elif "anggaran" in low or "pagu" in low or "keuangan" in low:
        money = "realisasi_anggaran" if "realisasi" in low else "pagu"
    if money:
        if _RENSTRA.search(low):
            return None
        if period is None:
            return Found(money)
        kind, i = period
        if kind in ("q", "qd"):
            return Found(money + "_tw", i, kind == "qd")
        if kind in ("m", "md") and money != "serapan":
            return Found(money + "_month", i, kind == "md")
        return None
    if "predikat" in low or "kategori" in low:
        return Found("predikat")
    if _RENSTRA.search(low):
        for word in ("target", "realisasi", "capaian"):
            if word in low:
                return Found(word + "_renstra")
        return None
    for word, role in (("realisasi", "realisasi"), ("capaian", "capaian"), ("target", "target")):
        if period is not None and word in low:
            kind, i = period
            if kind == "x":
                return None
            return Found(role + ("_tw" if kind in ("q", "qd") else "_month"), i, kind in ("qd", "md"))
    if period is not None and period[0] != "x":
        return None          # "TW I" alone: its group word is in the row above
    if "capaian" in low:
        return Found("capaian_tahunan")
    if "target" in low:
        return Found("target")
    if "realisasi" in low:
        if re.search(r"lalu|sebelum|n\s*-\s*1", low):
            return None      # last year's realisasi: an input of another year, left alone
        return Found("realisasi")
    if _INDICATOR.search(low):
        return Found("indikator")
    if "sasaran" in low:
        return Found("sasaran")
    if re.match(r"tujuan\b", low):       # "Tujuan" (a "Tujuan / Sasaran" column is the sasaran's)
        return Found("tujuan")
    if "satuan" in low:
        return Found("satuan")
    if "polaritas" in low or "polarisasi" in low or "polarity" in low:
        return Found("polaritas")
    if "sifat" in low or "cara pengukuran" in low or "cara perhitungan" in low:
        return Found("sifat")
    if low in ("no", "no.", "nomor") or low.startswith("no "):
        return Found("no")
    return None


def classify_parts(parts: list[str]) -> Found | None:
    """The role of a column from its header parts, top to bottom.  A section heading ("SASARAN", "I K U",
    "Indikator Kinerja") over several sub-columns names the group, not each column: the sub-label decides
    ("I K U" over "Target" is the target); "Uraian"/"Nama" under it is the section's own column."""
    if len(parts) > 1:
        top = classify(parts[0])
        if top is not None and top[0] in ("sasaran", "indikator"):
            bottom = " ".join(parts[1:])
            own = classify(bottom)
            if own is not None:
                return own
            return top if _NAME_WORDS.match(bottom.strip()) else None
    return classify(" ".join(parts))


@record
class PkLayout:
    header_rows: tuple[int, ...]
    cols: dict[str, int] = field(default_factory=dict)
    realisasi: list[int | None] = field(default_factory=lambda: [None] * 4)
    capaian_tw: list[int | None] = field(default_factory=lambda: [None] * 4)
    target_tw: list[int | None] = field(default_factory=lambda: [None] * 4)
    pagu_tw: list[int | None] = field(default_factory=lambda: [None] * 4)
    realisasi_anggaran_tw: list[int | None] = field(default_factory=lambda: [None] * 4)
    serapan_tw: list[int | None] = field(default_factory=lambda: [None] * 4)
    realisasi_month: list[int | None] = field(default_factory=lambda: [None] * 12)
    target_month: list[int | None] = field(default_factory=lambda: [None] * 12)
    capaian_month: list[int | None] = field(default_factory=lambda: [None] * 12)
    pagu_month: list[int | None] = field(default_factory=lambda: [None] * 12)
    realisasi_anggaran_month: list[int | None] = field(default_factory=lambda: [None] * 12)
    data_rows: list[int] = field(default_factory=list)
    accumulation_col: int | None = None   # a "Sifat"/"Cara Pengukuran" column holding Kumulatif/Akhir/Rata-rata
    # the period columns above whose figure is to date ("Realisasi s.d. TW II"), not the period's own
    to_date: set[int] = field(default_factory=set)
    # (period role, index) -> a to-date column beside the period's own one ("Realisasi TW II" | "Realisasi
    # s.d. TW II"): the own one is read, this one is computed
    to_date_out: dict[tuple[str, int], int] = field(default_factory=dict)
    # role -> the columns that could each be it ("Target 2024" | "Target"): never guessed
    ambiguous: dict[str, list[int]] = field(default_factory=dict)
    # role -> the year its only column names when the title above states another ("Target 2026" in a 2022 PK)
    other_year: dict[str, str] = field(default_factory=dict)
    labels: dict[int, str] = field(default_factory=dict)        # column -> its header text
    label_cells: dict[int, tuple[int, int]] = field(default_factory=dict)   # column -> (row, col) of its label
    plan_only: bool = False   # Indikator and Target but no Realisasi: a plan, nothing to compute
    # the footer row stating the average capaian ("Rata-rata capaian kinerja") and the "Predikat" row under it
    footer_row: int | None = None
    predikat_row: int | None = None

    @property
    def header_row(self) -> int:
        return self.header_rows[0]

    @property
    def monthly(self) -> bool:
        return any(c is not None for c in self.realisasi_month)

    @property
    def periods(self) -> str:
        if self.monthly:
            return "bulanan"
        if any(c is not None for c in self.realisasi):
            return "triwulan"
        return "tahunan"

    @property
    def has_target_tw(self) -> bool:
        """The rencana aksi plans per period (quarter or month) targets."""
        return any(c is not None for c in self.target_tw) or any(c is not None for c in self.target_month)

    @property
    def budget_periods(self) -> bool:
        return any(c is not None for c in (*self.pagu_tw, *self.realisasi_anggaran_tw, *self.pagu_month,
                                           *self.realisasi_anggaran_month))


def _origins(grid: Grid, rows: tuple[int, ...]) -> dict[tuple[int, int], tuple[int, int]]:
    """Every cell of `rows` covered by a merge -> the merge's top-left cell."""
    out = {}
    for r1, c1, r2, c2 in grid.merges:
        for r in rows:
            if r1 <= r <= r2:
                for c in range(c1, c2 + 1):
                    out[(r, c)] = (r1, c1)
    return out


def _label_parts(grid: Grid, rows: tuple[int, ...]) -> dict[int, tuple[list[str], tuple[int, int]]]:
    """column -> (its header texts top to bottom, the cell of the lowest one).  A period label over its
    sub-columns that was unmerged ("Januari" | (empty) over "Target" | "Realisasi") still heads the one or
    two cells after it that have a sub-label and no label of their own."""
    origins = _origins(grid, rows)
    cols = sorted({c for r in rows for c in grid.row_cols.get(r, ())} | {c for (_, c) in origins})
    labels = {}
    carry, left = "", 0
    for c in cols:
        parts: list[str] = []
        cell = None
        for i, r in enumerate(rows):
            o = origins.get((r, c), (r, c))
            t = grid.text(*o)
            if i == 0 and len(rows) > 1:
                if t:
                    period = _period_of(_normal(t))
                    carry, left = (t, 2) if period is not None and period[0] in _PERIOD_KINDS and o == (r, c) else ("", 0)
                elif carry and left and (o != (r, c) or c - 1 not in labels or not grid.text(rows[1], c)):
                    carry, left = "", 0
                elif carry and left:
                    t, left = carry, left - 1
            if t and t not in parts:
                parts.append(t)
                cell = o
        if parts:
            labels[c] = (parts, cell)
    return labels


def _has_periods(grid: Grid, r: int) -> bool:
    n = 0
    for c in grid.row_cols.get(r, ()):
        period = _period_of(_normal(grid.text(r, c) or ""))
        if period is not None and period[0] in _PERIOD_KINDS:
            n += 1
    return n >= 2


def _stacks_on_next(grid: Grid, r: int) -> bool:
    """Row r is the top of a two-row header: a cell merged down into r+1, or one merged across columns over
    two or more texts in r+1 (a group label over its sub-labels; a data row under a wide cell has one)."""
    for r1, c1, r2, c2 in grid.merges:
        if r1 == r and r2 > r and grid.text(r1, c1):
            return True
        if r1 <= r == r2 and c2 > c1 and grid.text(r1, c1):
            under = [grid.get(r + 1, c) for c in range(c1, c2 + 1)]
            texts = [str(x.value).strip() for x in under if x is not None and x.kind == "s" and str(x.value or "").strip()]
            if (len(texts) >= 2 and all(x is None or x.kind in ("s", "") or x.value is None for x in under)
                    and all(len(t) <= 40 for t in texts) and any(classify(t) for t in texts)):
                return True   # short labels with a role ("Target" | "Realisasi"), not a data row's names
    return False


def _role_labels(grid: Grid, r: int) -> int:
    """How many cells of row r are short sub-labels such as "Target", "Realisasi", "Capaian (%)"."""
    n = 0
    for c in grid.row_cols.get(r, ()):
        t = grid.text(r, c)
        if t and len(t) <= 40 and re.search(r"target|realisasi|capaian", t, re.IGNORECASE):
            n += 1
    return n


def _header_rows(grid: Grid, r: int) -> tuple[int, ...]:
    if not _has_periods(grid, r) and _has_periods(grid, r + 1):
        return r, r + 1
    if _has_periods(grid, r) and _role_labels(grid, r + 1) >= 2:
        return r, r + 1     # months or quarters over Target | Realisasi, merged or not
    if _stacks_on_next(grid, r):
        return r, r + 1
    return (r,)


def find_pk_layout(grid: Grid, *, max_scan: int = 80) -> PkLayout | None:
    """The PK form on this sheet (possibly with its Target column missing or ambiguous), a plan-only layout
    when the sheet holds only a plan (Target, no Realisasi), or None."""
    plan = None
    for r in sorted(grid.row_cols):
        if r > max_scan:
            break
        if not any(_INDICATOR.search(_normal(grid.text(r, c))) for c in grid.row_cols[r]):
            continue
        rows = _header_rows(grid, r)
        layout = _assign(grid, rows)
        if "indikator" not in layout.cols:
            continue
        if layout.periods == "tahunan" and "realisasi" not in layout.cols and "realisasi" not in layout.ambiguous:
            unread = any(re.search(r"realisasi|capaian", t, re.IGNORECASE) for t in layout.labels.values())
            if plan is None and not unread and ("target" in layout.cols or "target" in layout.ambiguous
                                                or layout.has_target_tw):
                layout.plan_only = True
                plan = layout
            continue
        layout.data_rows = _data_rows(grid, layout, rows[-1] + 1)
        _split_sifat(grid, layout)
        _footer_rows(grid, layout)
        return layout
    return plan


def _place(layout: PkLayout, slots, role: str, i: int, c: int, to_date: bool) -> None:
    """Column `c` as period `i` of `role`; `slots` holds the role's columns by period (the quarter list, or a
    dict by month).  The first column of a period wins, except that beside a to-date column the period's own
    column is the input and the to-date one is computed (layout.to_date_out)."""
    held = slots[i] if isinstance(slots, list) else slots.get(i)
    if held is None:
        slots[i] = c
        if to_date:
            layout.to_date.add(c)
    elif role in _TO_DATE_OUT and (held in layout.to_date) != to_date:
        if to_date:
            layout.to_date_out.setdefault((role, i), c)
        else:     # the period's own column is the input, the to-date one beside it is computed
            layout.to_date_out.setdefault((role, i), held)
            layout.to_date.discard(held)
            slots[i] = c


def _assign(grid: Grid, rows: tuple[int, ...]) -> PkLayout:
    layout = PkLayout(header_rows=rows)
    candidates: dict[str, list[int]] = {}
    months: dict[str, dict[int, int]] = {}
    for c, (parts, cell) in sorted(_label_parts(grid, rows).items()):
        layout.labels[c] = " ".join(parts)
        layout.label_cells[c] = cell
        found = classify_parts(parts)
        if found is None:
            continue
        role, i, to_date = found
        to_date = to_date and role in _TO_DATE_ROLES
        if role in QUARTER_ROLES:
            _place(layout, getattr(layout, "realisasi" if role == "realisasi_tw" else role), role, i, c, to_date)
        elif role in MONTH_ROLES:
            _place(layout, months.setdefault(role, {}), role, i, c, to_date)
        elif role in _UNIQUE:
            candidates.setdefault(role, []).append(c)
        elif role not in layout.cols:
            layout.cols[role] = c
    if len(months.get("realisasi_month", {})) >= 2:
        for role, by_month in months.items():
            slot = getattr(layout, role)
            for m, c in by_month.items():
                slot[m] = c
    else:   # one month column ("Realisasi Desember") is the year's figure, not a monthly plan
        for key in [k for k in layout.to_date_out if k[0] in MONTH_ROLES]:
            del layout.to_date_out[key]
        for role, by_month in months.items():
            for c in by_month.values():
                layout.to_date.discard(c)     # "Realisasi s.d. Desember" alone is the year's figure too
                annual = _ANNUAL_OF_MONTH[role]
                if annual in _UNIQUE:
                    candidates.setdefault(annual, []).append(c)
                else:
                    layout.cols.setdefault(annual, c)
    year = None
    for role, cols in candidates.items():
        tagged = any(_YEAR.search(layout.labels[c]) for c in cols)
        if len(cols) > 1 or tagged:
            year = read_header(grid, rows[0] - 1).tahun if year is None else year
        if len(cols) > 1:
            cols = _other_years_apart(cols, layout.labels, year)
        if len(cols) == 1:
            layout.cols[role] = cols[0]
            named = set(_YEAR.findall(layout.labels[cols[0]]))
            if year and named and year not in named:
                layout.other_year[role] = sorted(named)[0]
        else:
            layout.ambiguous[role] = sorted(cols)
    return layout


def _other_years_apart(cols: list[int], labels: dict[int, str], year: str) -> list[int]:
    """Of several columns with the same role, the ones of the sheet's year: "Target 2023 | Target 2024" under
    "Tahun 2024" is the 2024 one; a column naming another year is that year's.  Without the sheet's year
    nothing is told apart."""
    if not year:
        return cols
    tagged = {c: set(_YEAR.findall(labels.get(c, ""))) for c in cols}
    this_year = [c for c in cols if year in tagged[c]]
    if len(this_year) == 1:
        return this_year
    return [c for c in cols if not tagged[c] or year in tagged[c]] or cols


def _data_rows(grid: Grid, layout: PkLayout, start: int) -> list[int]:
    ind = layout.cols["indikator"]
    figures = [c for c in (layout.cols.get("target"), layout.cols.get("realisasi"), *layout.realisasi,
                           *layout.target_tw, *layout.realisasi_month, *layout.target_month,
                           *layout.to_date_out.values(),
                           *layout.ambiguous.get("target", ()), *layout.ambiguous.get("realisasi", ()))
               if c is not None]
    out = []
    for r in sorted(grid.row_cols):
        if r < start:
            continue
        name = grid.text(r, ind)
        if not name or _FOOTER.match(name) or re.fullmatch(r"\(?\d+\)?", name):
            continue  # empty, a footer, or the column-number row under the header
        if any(grid.filled(r, c) for c in figures):
            out.append(r)
    return out


def _split_sifat(grid: Grid, layout: PkLayout) -> None:
    """A column headed only "Sifat" may hold polarity (Positif/Negatif) or accumulation (Kumulatif/Akhir):
    its values decide."""
    c = layout.cols.get("sifat")
    if c is None:
        return
    values = [grid.text(r, c) for r in layout.data_rows if grid.text(r, c)]
    accumulation = sum(1 for v in values if _ACCUMULATION_WORDS.search(v))
    polarity = sum(1 for v in values if _POLARITY_WORDS.search(v))
    del layout.cols["sifat"]
    if polarity > accumulation and "polaritas" not in layout.cols:
        layout.cols["polaritas"] = c
    else:
        layout.accumulation_col = c


def _strings(grid: Grid, r: int) -> dict[int, str]:
    """column -> text of the text cells of row r (numbers never read as labels)."""
    out = {}
    for c in grid.row_cols.get(r, ()):
        cell = grid.get(r, c)
        if cell is not None and cell.kind == "s" and grid.text(r, c):
            out[c] = grid.text(r, c)
    return out


def _footer_rows(grid: Grid, layout: PkLayout) -> None:
    """The "Rata-rata capaian kinerja" row under the table, and the "Predikat" row right under it.  Looked
    for after the last data row, past table rows without figures (an indicator not reported on) and
    "Jumlah"/"Total" rows; any other text (a signature block, notes) ends the table: a "rata-rata" further
    down is not this table's footer."""
    if not layout.data_rows:
        return    # nothing is computed: a footer there is left as typed
    label_cols = {layout.cols[role] for role in _LABEL_ROLES if role in layout.cols}
    ind = layout.cols["indikator"]
    for r in sorted(grid.row_cols):
        if r <= layout.data_rows[-1]:
            continue
        texts = _strings(grid, r)
        if not texts:
            continue
        if any(_AVERAGE_FOOTER.match(t) for t in texts.values()):
            layout.footer_row = r
            if any(_PREDIKAT_FOOTER.match(t) for t in _strings(grid, r + 1).values()):
                layout.predikat_row = r + 1
            return
        if (ind in texts and set(texts) <= label_cols) or any(_TOTAL_FOOTER.match(t) for t in texts.values()):
            continue
        return


def is_footer_label(text: str) -> bool:
    """The text is a footer row's label ("Rata-rata capaian kinerja (%)", "Predikat kinerja")."""
    return bool(_AVERAGE_FOOTER.match(text) or _PREDIKAT_FOOTER.match(text))
