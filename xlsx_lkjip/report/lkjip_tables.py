"""The annual LKjIP tables (Bab III) of each agency, from the figures a round recorded.  Pure: it is given the
round's results and settings (as the round left them in its output folder) and returns tables; the writers
(lkjip_xlsx.py, lkjip_docx.py) render them.  Nothing here reads a file.

Figures are the round's own: capaian, realisasi, target, predikat, serapan, efisiensi and its category are
taken from the recorded rows, never recomputed with today's settings.  The only arithmetic is what the tables
themselves define, done with the round's own decimals and polarity formula:
- the change in points between two years' capaian;
- the budget totals, their persentase, the sisa anggaran (Rp and %);
- the tingkat kemajuan against a PK's Renstra target (the Renja's column 16 is recorded and used as is);
- a persentase or efisiensi the round did not record (a Renja without a capaian Rp column, an old record).

The tables, numbered 3.1, 3.2, … in this order, each only where the round holds what it needs:
1. Target dan Realisasi Kinerja (PK)             4. Realisasi Anggaran per Program (Renja program rows)
2. Perbandingan … Tahun N-1 dan N (PK, two years) 5. Pencapaian Kinerja dan Anggaran (PK rows with a budget)
3. … s.d. Akhir Periode Renstra (PK or Renja)     6. Efisiensi Penggunaan Sumber Daya (PK rows with a budget)
A table that cannot be built is named in the agency's notes, with the reason.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from ..config import DEFAULT, QUARTERS, Config
from ..evaluate import compute
from ..evaluate.numbers import format_id, round_half_up
from ..evaluate.renja import TOTALS
from .pairing import MAPPED, name_key, pair, pair_key

# Cell kinds: how a value is shown (docx) and formatted (xlsx).
TEXT = "text"          # a name, a label, a note
FIGURE = "figure"      # a K figure (target, realisasi) as typed: 1.786, 70,51
PERCENT = "percent"    # a capaian / persentase, two decimals: 98,18 %
RUPIAH = "rupiah"      # an amount: Rp 7.193.500.570
RATIO = "ratio"        # efisiensi, two decimals: 1,54
POINTS = "points"      # a change in points, signed: +6,92

DATA, GROUP, TOTAL = "data", "group", "total"
FILL = "(diisi)"       # a cell no round holds a figure for (a national target, a faktor): the agency fills it


@dataclass(frozen=True)
class Column:
    label: str
    kind: str = TEXT
    width: float = 2.0      # centimetres in the .docx (the .xlsx scales it)
    # a note column: its own column in the .xlsx (filterable); in the .docx a second line under the row's name,
    # which leaves a page-wide table room for its figures
    fold: bool = False
    # a short phrase that never breaks inside ("Sangat Tinggi", "Sangat Efisien"): as wide as its longest text
    nowrap: bool = False


@dataclass
class Row:
    cells: list             # one value per column: Decimal, str or None
    kind: str = DATA        # DATA, GROUP (a sasaran sub-header: cells[0] holds its text) or TOTAL
    group: str = ""         # the sasaran a data row belongs to ("" when the PK has none)


@dataclass
class Table:
    key: str                # kinerja, perbandingan, renstra, anggaran, pencapaian, efisiensi
    number: str             # "3.1"
    title: str              # without the number: "Target dan Realisasi Kinerja … Tahun 2022"
    columns: list[Column]
    rows: list[Row]
    notes: list[str] = field(default_factory=list)   # printed under the table
    group_label: str = "Sasaran Strategis"           # what the GROUP rows are (a column in flat tables)
    chart: "Chart | None" = None                     # a chart drawn from this table's own figures

    @property
    def wide(self) -> bool:
        """More than six columns as printed: a landscape page (the .docx folds its note column away)."""
        return sum(1 for c in self.columns if not c.fold) > 6

    @property
    def caption(self) -> str:
        return f"Tabel {self.number} {self.title}"

    def data_rows(self) -> list[Row]:
        return [r for r in self.rows if r.kind == DATA]


@dataclass(frozen=True)
class Chart:
    """A chart of a table's figures: one bar (or line) per data row, named by column `category`, one series per
    column in `values`; `reference` draws a level line (100 % for capaian).  The .xlsx draws it natively, the
    .docx as a picture of the same figures."""
    title: str
    category: int
    values: tuple[int, ...]
    kind: str = "bar"              # "bar" (horizontal bars, one per row) or "line" (a series over columns)
    reference: float | None = None
    axis: str = "%"


@dataclass
class AgencyLaporan:
    agency: str
    tahun: str
    period: str                                  # "Tahun 2022" or "s.d. Triwulan II Tahun 2022"
    tables: list[Table] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)   # tables not built, and why; other remarks
    sources: list[str] = field(default_factory=list)  # the workbooks the figures come from
    warnings: list[str] = field(default_factory=list)  # what staff should check (a period beyond the round's)
    # this year's indicators left without a partner in last year's: (that year, the name, the "mirip" suggestion)
    unpaired: list[tuple[str, str, str]] = field(default_factory=list)
    # the mapping file's pairs this agency's tables used: (pair_key of the earlier name, of this year's)
    mapping_used: set[tuple[str, str]] = field(default_factory=set)


@dataclass
class RoundFigures:
    """A round as its output folder recorded it: every workbook's result (duck-typed WorkbookResult: name,
    info.agency/tahun/triwulan, sheets with their rows) and the settings it ran with."""
    results: list
    config: Config = DEFAULT
    label: str = ""          # how the round is named in notes (its folder)
    triwulan: int | None = None   # the round's quarter (1-4) as the round recorded it; None when it states none
    scale_text: str = ""     # the predikat scale the round used, as its settings describe it


TABLE_NAMES = {
    "kinerja": "Target dan Realisasi Kinerja",
    "perbandingan": "Perbandingan Realisasi dan Capaian Kinerja",
    "renstra": "Perbandingan Realisasi Kinerja s.d. Akhir Periode Renstra",
    "anggaran": "Realisasi Anggaran per Program",
    "pencapaian": "Pencapaian Kinerja dan Anggaran",
    "efisiensi": "Efisiensi Penggunaan Sumber Daya",
}


NBSP = "\u00a0"     # keeps "98,18 %" and "Rp 7.193.500.570" on one line


def tidy(value: Decimal) -> Decimal:
    """A figure as a reader sees it: at most 15 significant digits (a double read from a cell carries noise:
    73.1 is 73.09999999999999), trailing zeros dropped."""
    if not value.is_finite() or value == 0:
        return value
    if len(value.as_tuple().digits) > 15:
        value = round(value, 15 - value.adjusted() - 1)
    return value


def display(value, kind: str, decimals: int = 2, places: int | None = None) -> str:
    """A table value in Indonesian form: "98,18 %", "Rp 7.193.500.570", "1.786", "+6,92".  `places`: the
    decimals of the value's column (column_places), so every figure of a column shows alike."""
    if value is None or value == "":
        return ""
    if not isinstance(value, Decimal) or kind == TEXT:
        return str(value)
    if not value.is_finite():
        return str(value)
    if kind == PERCENT:
        return f"{format_id(value, decimals)}{NBSP}%"
    if kind == RUPIAH:
        value = tidy(value)
        cents = places if places is not None else (None if value == value.to_integral_value() else 2)
        return f"Rp{NBSP}{format_id(value, cents)}"
    if kind == RATIO:
        return format_id(value, 2)
    if kind == POINTS:
        return ("+" if value > 0 else "") + format_id(value, decimals)
    return format_id(tidy(value), places if places is not None else figure_places(value, decimals))


def figure_places(value: Decimal, decimals: int = 2) -> int | None:
    """The decimals a figure is shown with: as typed (None), unless it carries more than four, as a figure an
    agency's formula computed does (174,857142857143 is shown 174,86; the .xlsx keeps every digit)."""
    exp = tidy(value).normalize().as_tuple().exponent
    return decimals if isinstance(exp, int) and -exp > 4 else None


def shown_places(value: Decimal, decimals: int = 2) -> int:
    """The decimals a K figure shows on its own: as typed, or the round's decimals for a long computed one."""
    fixed = figure_places(value, decimals)
    if fixed is not None:
        return fixed
    exp = tidy(value).normalize().as_tuple().exponent
    return -exp if isinstance(exp, int) and exp < 0 else 0


def column_places(columns: list[Column], rows: list[list], decimals: int = 2) -> list[int | None]:
    """The decimals of each figure column, the most any of its values shows (95,80 beside 78,54, never 95,8);
    an amount column shows cents when one amount has them; None for the other kinds."""
    out: list[int | None] = []
    for c, col in enumerate(columns):
        values = [r[c] for r in rows if c < len(r) and isinstance(r[c], Decimal) and r[c].is_finite()]
        if col.kind == FIGURE:
            out.append(max((shown_places(v, decimals) for v in values), default=0))
        elif col.kind == RUPIAH:
            out.append(2 if any(tidy(v) != tidy(v).to_integral_value() for v in values) else 0)
        else:
            out.append(None)
    return out


def _period(tahun: str, rnd: int | None) -> str:
    year = f"Tahun {tahun}" if tahun else ""
    if rnd and rnd < 4:
        return " ".join(x for x in (f"s.d. Triwulan {QUARTERS[rnd - 1]}", year) if x)
    return year


def _rounds(sheets) -> int | None:
    """The round a set of sheets reports: the earliest of them (a table is only as far as its least advanced
    sheet); None when no sheet says."""
    found = [s.round for s in sheets if getattr(s, "round", None)]
    return min(found) if found else None


def _period_round(pairs, rnd: "RoundFigures", warnings: list[str], what: str) -> int | None:
    """The quarter a table's title states: its sheets' own, never beyond the quarter the workbook states (its
    title or file name), or, where it states none, the round's.  A sheet whose figures reach further (one row
    typed in TW III/IV of a TW I report) is warned about, naming its workbook."""
    found, ahead = [], {}
    for wb, s in pairs:
        reached = getattr(s, "round", None)
        limit = getattr(s, "stated_round", None) or rnd.triwulan
        if reached and limit and reached > limit:
            ahead.setdefault((limit, bool(getattr(s, "stated_round", None))), []).append((wb, reached))
            reached = limit
        if reached:
            found.append(reached)
    for (limit, stated), items in sorted(ahead.items()):
        q = QUARTERS[limit - 1]
        top = max(r for _, r in items)
        whose = "workbooknya menyatakan" if stated else "putaran ini"
        warnings.append(f"{what} berisi angka sampai Triwulan {QUARTERS[top - 1]}, padahal {whose} Triwulan {q} "
                        f"({'; '.join(sorted({wb for wb, _ in items}))}): periksa angka di kolom triwulan sesudah "
                        f"Triwulan {q}. Judul tabel memakai s.d. Triwulan {q}.")
    if found:
        return min(found)
    return rnd.triwulan if pairs else None


def _most_common(values) -> str:
    counts = Counter(v for v in values if v)
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] if counts else ""


# -- gathering an agency's sheets ------------------------------------------------------------------------
@dataclass
class _Agency:
    key: str
    name: str
    tahun: str = ""
    years: set[str] = field(default_factory=set)   # every year its workbooks state
    # (workbook name, sheet result) of the sheets whose kind feeds the indicator tables (PK) or the program
    # tables (Renja): FormResult.LAPORAN
    pk: list = field(default_factory=list)
    renja: list = field(default_factory=list)
    sources: list[str] = field(default_factory=list)


def _agencies(rnd: RoundFigures) -> dict[str, _Agency]:
    out: dict[str, _Agency] = {}
    years: dict[str, list[str]] = {}
    for r in rnd.results:
        # the sheets whose kind feeds a table (FormResult.LAPORAN): indicators (PK) or programs (Renja)
        sheets = [s for s in r.sheets if s.rows and s.LAPORAN in (s.INDICATORS, s.PROGRAMS)]
        if not sheets:
            continue
        name = (r.info.agency or "").strip() or _stem(r.name)
        # with a roster the kode is the agency's identity (its name may change between years)
        key = f"kode:{r.kode.casefold()}" if getattr(r, "kode", "") else name_key(name)
        a = out.setdefault(key, _Agency(key, name))
        a.sources.append(r.name)
        years.setdefault(key, []).append(r.info.tahun)
        for s in sheets:
            {s.INDICATORS: a.pk, s.PROGRAMS: a.renja}[s.LAPORAN].append((r.name, s))
    for key, a in out.items():
        a.tahun = _most_common(years[key])
        a.years = {y for y in years[key] if y}
    return out


def paired(now: dict[str, _Agency], previous: dict[str, _Agency]) -> dict[str, _Agency]:
    """Last year's agencies keyed as this year's: a round with a roster knows an agency by its kode, one without
    by its name; an agency known by kode on one side only is paired by its name (the roster's name)."""
    if not any(k.startswith("kode:") for k in [*now, *previous]):
        return previous
    by_name = {name_key(a.name): k for k, a in now.items()}
    out = {}
    for k, a in previous.items():
        if k in now:
            out[k] = a
            continue
        mine = by_name.get(name_key(a.name))
        out[mine if mine is not None and mine not in previous else k] = a
    return out


def _stem(name: str) -> str:
    base = name.rsplit("/", 1)[-1]
    return base.rsplit(".", 1)[0] if "." in base else base


def round_year(rnd: RoundFigures) -> str:
    """The year of a round: the one most of its workbooks state."""
    return _most_common(r.info.tahun for r in rnd.results if any(s.rows for s in r.sheets))


# -- the PK indicators of an agency ------------------------------------------------------------------------
@dataclass
class _Indicator:
    row: object          # the recorded PkRow
    sheet: str
    key: str             # name_key(indicator)


def _pk_indicators(agency: _Agency) -> list[_Indicator]:
    out = []
    for _, s in agency.pk:
        for row in s.rows:
            out.append(_Indicator(row, s.sheet, name_key(row.indicator)))
    return out


def _grouped(items, group_of, make_row) -> list[Row]:
    """Rows under one sub-header per sasaran, in the order the sasaran first appear; the "No" restarts
    nowhere (1..n over the table, as the seeds number them)."""
    order: list[str] = []
    by_group: dict[str, list] = {}
    for it in items:
        g = group_of(it)
        if g not in by_group:
            order.append(g)
            by_group[g] = []
        by_group[g].append(it)
    rows: list[Row] = []
    n = 0
    for g in order:
        if g:
            rows.append(Row([g], GROUP, g))
        for it in by_group[g]:
            n += 1
            rows.append(Row([n] + make_row(it), DATA, g))
    return rows


def _negative_note(config: Config) -> str:
    if config.negative_formula == compute.NEG_T_OVER_R:
        return "polaritas negatif: capaian = target / realisasi × 100"
    return "polaritas negatif: capaian = (2 × target − realisasi) / target × 100"


def _row_notes(row, config: Config, rnd: int | None) -> list[str]:
    notes = []
    if not getattr(row, "applicable", True):
        return ["tidak ditargetkan (N/A)"]
    if row.negative:
        notes.append("polaritas negatif")
    if row.realisasi_tahunan is None and row.tahunan is not None:
        notes.append("realisasi tidak dilaporkan sepanjang tahun; capaian dihitung 0 %")   # the year-end rule
    elif row.realisasi_tahunan is None:
        notes.append("realisasi belum dilaporkan")
    elif row.tahunan is None:
        notes.append("target kosong atau nol; capaian tidak dihitung")
    if row.tahunan_target is not None and row.target is not None and row.tahunan_target != row.target:
        tw = f" s.d. triwulan {QUARTERS[rnd - 1]}" if rnd else ""
        notes.append(f"target{tw} menurut rencana aksi (target tahunan {_plain(row.target)})")
    return notes


def _plain(v: Decimal) -> str:
    return format_id(tidy(v))


# -- table 1 -------------------------------------------------------------------------------------------
def _table_kinerja(a: _Agency, items: list[_Indicator], config: Config, period: str, rnd: int | None) -> Table:
    cols = [Column("No", TEXT, 0.9), Column("Indikator Kinerja", TEXT, 6.5), Column("Satuan", TEXT, 1.6),
            Column("Target", FIGURE, 1.7), Column("Realisasi", FIGURE, 1.7), Column("Capaian (%)", PERCENT, 1.8),
            Column("Predikat", TEXT, 1.9, nowrap=True), Column("Keterangan", TEXT, 2.2, fold=True)]
    rows = _grouped(items, lambda it: it.row.sasaran, lambda it: [
        it.row.indicator, it.row.unit, _target_cell(it.row), it.row.realisasi_tahunan, it.row.tahunan,
        it.row.predikat, "; ".join(_row_notes(it.row, config, rnd))])
    t = Table("kinerja", "", f"{TABLE_NAMES['kinerja']} {a.name} {period}".strip(), cols, rows,
              chart=Chart(f"Capaian Kinerja per Indikator {period}".strip(), 1, (5,), reference=100.0,
                          axis="Capaian (%)"))
    negatives = sum(1 for it in items if it.row.negative)
    if negatives:
        t.notes.append(f"{negatives} indikator berpolaritas negatif (semakin rendah semakin baik): "
                       f"{_negative_note(config).split(': ', 1)[1]}.")
    return t


def _target_cell(row):
    if not getattr(row, "applicable", True):
        return "N/A"
    return row.tahunan_target if row.tahunan_target is not None else row.target


# -- table 2 -------------------------------------------------------------------------------------------
def match_years(current: list[_Indicator], previous: list[_Indicator], mapping: dict[str, str] | None = None):
    """This year's indicators paired with an earlier year's (pairing.pair: the mapping file, then sasaran and
    normalised name, then name alone; "mirip" suggestions for the rest)."""
    return pair([(it.row.sasaran, it.row.indicator) for it in current],
                [(it.row.sasaran, it.row.indicator) for it in previous], mapping)


def unpaired_note(items: list[_Indicator], prev_items: list[_Indicator], p, y0: str, y1: str) -> str:
    """Every indicator left without a partner, named (with its "mirip" suggestion): for the console, the
    .docx and the .xlsx alike."""
    parts = []
    for i, it in enumerate(items):
        if i not in p.matched:
            hint = p.suggestions.get(i)
            parts.append(f"\"{it.row.indicator}\"" + (f" (mirip: \"{prev_items[hint[0]].row.indicator}\")" if hint else ""))
    out = []
    if parts:
        out.append(f"tahun {y1} tanpa pasangan tahun {y0}: " + "; ".join(parts))
    if p.left:
        out.append(f"tahun {y0} tanpa pasangan tahun {y1}: " + "; ".join(f"\"{prev_items[j].row.indicator}\""
                                                                      for j in p.left))
    return ("Indikator " + ". Indikator ".join(out) + ". Pasangkan di pasangan_indikator.csv bila namanya berubah."
            if out else "")


def _table_perbandingan(a: _Agency, items: list[_Indicator], prev: _Agency, prev_items: list[_Indicator],
                        config: Config, prev_config: Config, period: str, prev_period: str,
                        mapping: dict[str, str] | None = None) -> Table:
    y0, y1 = prev.tahun or "lalu", a.tahun or "ini"
    cols = [Column("No", TEXT, 0.8), Column("Indikator Kinerja", TEXT, 3.9),
            Column(f"Target {y0}", FIGURE, 1.35), Column(f"Realisasi {y0}", FIGURE, 1.35),
            Column(f"Capaian {y0} (%)", PERCENT, 1.45), Column(f"Target {y1}", FIGURE, 1.35),
            Column(f"Realisasi {y1}", FIGURE, 1.35), Column(f"Capaian {y1} (%)", PERCENT, 1.45),
            Column("Perubahan (poin)", POINTS, 1.4), Column("Keterangan", TEXT, 2.3, fold=True)]
    p = match_years(items, prev_items, mapping)
    matched = {i: prev_items[j] for i, (j, _) in p.matched.items()}
    left = [prev_items[j] for j in p.left]
    decimals = config.decimals

    def cells(cur, old, note: list[str]):
        c = cur.row if cur else None
        o = old.row if old else None
        change = None
        if c is not None and o is not None and c.tahunan is not None and o.tahunan is not None:
            change = round_half_up(c.tahunan - o.tahunan, decimals)
        base = cur or old
        if pair_key(base.row.indicator) in p.repeated:
            note = note + ["nama indikator muncul lebih dari sekali; dicocokkan menurut urutan"]
        return [base.row.indicator, _target_cell(o) if o else None, o.realisasi_tahunan if o else None, o.tahunan if o else None,
                _target_cell(c) if c else None, c.realisasi_tahunan if c else None, c.tahunan if c else None,
                change, "; ".join(note)]

    def note_of(i: int) -> list[str]:
        if i in p.matched:
            how = p.matched[i][1]
            if how == MAPPED:
                return [f"dipasangkan dengan \"{matched[i].row.indicator}\" ({y0}) menurut pasangan_indikator.csv"]
            if pair_key(matched[i].row.indicator) != pair_key(items[i].row.indicator) or \
                    name_key(matched[i].row.indicator) == name_key(items[i].row.indicator):
                return []
            return [f"tahun {y0}: \"{matched[i].row.indicator}\""]     # paired through a short form (ASN)
        hint = p.suggestions.get(i)
        return [f"tidak ditemukan pada tahun {y0}"] + (
            [f"mirip: \"{prev_items[hint[0]].row.indicator}\""] if hint else [])

    entries = [(it, matched.get(i), note_of(i)) for i, it in enumerate(items)]
    rows = _grouped(entries, lambda e: e[0].row.sasaran, lambda e: cells(e[0], e[1], e[2]))
    if left:
        title = f"Indikator tahun {y0} yang tidak ada pada tahun {y1}"
        rows.append(Row([title], GROUP, title))
        n = sum(1 for r in rows if r.kind == DATA)
        for old in left:
            n += 1
            rows.append(Row([n] + cells(None, old, [f"tidak ditemukan pada tahun {y1}"]), DATA, title))
    years = f"{prev_period} dan {period}"
    mid_year = not period.startswith("Tahun ") and prev_period.startswith("Tahun ")
    if prev_period.startswith("Tahun ") and period.startswith("Tahun "):
        years = f"Tahun {prev.tahun} dan {a.tahun}"
    elif mid_year:
        years = f"{prev_period} (setahun penuh) dan {period}"
    t = Table("perbandingan", "", f"{TABLE_NAMES['perbandingan']} {a.name} {years}", cols, rows)
    if mid_year:
        t.notes.append(f"Perbandingan tengah tahun: capaian {period} dibandingkan dengan capaian setahun penuh "
                       f"{prev_period}; perubahan (poin) belum menggambarkan capaian akhir tahun {a.tahun}.")
    unmatched = sum(1 for e in entries if e[1] is None) + len(left)
    t.notes.append("Indikator dicocokkan menurut pasangan_indikator.csv, lalu sasaran dan nama, lalu nama saja (huruf "
                   "besar/kecil, spasi, tanda baca dan singkatan seperti ASN = Aparatur Sipil Negara tidak dibedakan)."
                   + (f" {unmatched} indikator tanpa pasangan di tahun yang lain: periksa apakah namanya berubah."
                      if unmatched else ""))
    if prev_config.negative_formula != config.negative_formula or prev_config.decimals != config.decimals:
        t.notes.append("Putaran tahun lalu memakai pengaturan lain (rumus polaritas negatif atau desimal); "
                       "capaian setiap tahun ditampilkan seperti dihitung pada putarannya.")
    return t


# -- table 3 -------------------------------------------------------------------------------------------
def _renstra_target(row):
    """The PK row's Renstra (end-of-period) target, when its PK has that column."""
    return row.target_renstra


def _table_renstra(a: _Agency, items: list[_Indicator], config: Config, period: str, rnd: int | None) -> Table | None:
    year = a.tahun or "ini"
    pk_items = [it for it in items if _renstra_target(it.row) is not None]
    if pk_items:
        cols = [Column("No", TEXT, 0.9), Column("Indikator Kinerja", TEXT, 5.4), Column("Satuan", TEXT, 1.5),
                Column("Target Akhir Renstra", FIGURE, 2.0), Column(f"Realisasi s.d. Tahun {year}", FIGURE, 2.0),
                Column("Tingkat Kemajuan (%)", PERCENT, 2.0), Column("Keterangan", TEXT, 3.2, fold=True)]
        cumulative = 0

        def make(it):
            nonlocal cumulative
            row = it.row
            out = compute.capaian_pk(row.realisasi_tahunan, _renstra_target(row), negative=row.negative,
                                     negative_formula=config.negative_formula, decimals=config.decimals)
            notes = ["polaritas negatif"] if row.negative else []
            if row.accumulation == compute.KUMULATIF and row.realisasi_tahunan is not None:
                cumulative += 1
                notes.append(f"realisasi tahun {year} saja")
            elif row.accumulation == compute.AKHIR and row.realisasi_tahunan is not None:
                notes.append("indikator tingkat: tingkat terakhir yang dilaporkan")
            if row.realisasi_tahunan is None:
                notes.append("realisasi belum dilaporkan")
            return [row.indicator, row.unit, _renstra_target(row), row.realisasi_tahunan, out.value, "; ".join(notes)]

        rows = _grouped(pk_items, lambda it: it.row.sasaran, make)
        t = Table("renstra", "", f"{TABLE_NAMES['renstra']} {a.name} {period}".strip(), cols, rows)
        t.notes.append("Tingkat kemajuan = realisasi ÷ target akhir Renstra × 100 (sumber: Perjanjian Kinerja).")
        if cumulative:
            t.notes.append(f"{cumulative} indikator bersifat kumulatif: PK hanya memuat realisasi tahun {year}, "
                           "bukan realisasi tahun-tahun sebelumnya dalam periode Renstra.")
        return t
    # a totals row ("Jumlah") is no program nor indicator
    renja_rows = [(s, row) for _, s in a.renja for row in s.rows
                  if row.renstra_target.get("K") is not None and row.level != TOTALS]
    if not renja_rows:
        return None
    programs = [(s, row) for s, row in renja_rows if row.level == "program"]
    chosen = programs or renja_rows
    cols = [Column("No", TEXT, 0.9), Column("Kode", TEXT, 2.0), Column("Program / Kegiatan", TEXT, 3.9),
            Column("Indikator", TEXT, 3.9), Column("Target Akhir Renstra", FIGURE, 1.9),
            Column(f"Realisasi s.d. Tahun {year}", FIGURE, 1.9), Column("Tingkat Kemajuan (%)", PERCENT, 1.9),
            Column("Keterangan", TEXT, 3.0, fold=True)]
    rows, levels = [], 0
    for i, (s, row) in enumerate(chosen, 1):
        real, progress, note = row.renstra_realisasi.get("K"), row.renstra_capaian.get("K"), ""
        latest = _latest_level(row, config)
        if latest is not None:
            # a level (%, indeks, nilai …): column 15 = 7 + 13 adds levels (100 + 15 = 115 %); the latest stands
            levels += 1
            real = latest
            progress = compute.capaian_pk(latest, row.renstra_target.get("K"), negative=False,
                                          decimals=config.decimals).value
            note = "indikator tingkat: realisasi triwulan terakhir, bukan kolom 15 (7 + 13)"
        rows.append(Row([i, row.kode, row.program, row.indicator, row.renstra_target.get("K"), real, progress, note]))
    t = Table("renstra", "", f"{TABLE_NAMES['renstra']} {a.name} {period}".strip(), cols, rows)
    t.notes.append("Sumber: Evaluasi Renja (kolom 6 target akhir Renstra, kolom 15 realisasi s.d. tahun ini, "
                   "kolom 16 tingkat capaian), sisi kinerja (K)" + ("; baris program." if programs else "."))
    if levels:
        t.notes.append(f"{levels} indikator bersatuan tingkat ({', '.join(config.level_units[:4])} …): realisasinya "
                       "tingkat terakhir yang dilaporkan, dan tingkat kemajuan = tingkat terakhir ÷ target akhir "
                       "Renstra × 100; menjumlahkan tingkat tahun lalu dan tahun ini (kolom 15 = 7 + 13) tidak "
                       "bermakna untuk persentase atau indeks.")
    return t


def _latest_level(row, config: Config) -> Decimal | None:
    """The latest quarter's K figure of a Renja row whose unit is a level (the rule PK uses), else None."""
    if compute.accumulation_of(row.indicator or "", row.unit or "", "", config) != compute.AKHIR:
        return None
    quarters = [v for v in (row.quarters.get("K") or []) if v is not None]
    return quarters[-1] if quarters else None


# -- table 4 -------------------------------------------------------------------------------------------
def budget_rows(a: _Agency, levels: tuple[str, ...] = ("program",)) -> tuple[list, list[str]]:
    """The Renja rows of these levels that carry a pagu or realisasi Rp, each once (a program repeated in a
    second workbook or sheet is counted from the first), and what to say about the rest."""
    notes: list[str] = []
    seen: dict[tuple, str] = {}
    out = []
    for wb, s in a.renja:
        if s.capaian_renstra:
            # its rows' target and realisasi are the Renstra's: never shown as the year's pagu and realisasi
            notes.append(f"Sheet {s.sheet} ({wb}) tidak memuat tingkat capaian tahun berjalan (hanya capaian "
                         "Renstra); pagu dan realisasinya tidak dimasukkan ke tabel ini.")
            continue
        for row in s.rows:
            if row.level not in levels:
                continue
            pagu, real = row.target.get("Rp"), row.realisasi.get("Rp")
            if pagu is None and real is None:
                continue
            key = (row.level, row.kode, name_key(row.program))
            if key in seen:
                notes.append(f"{row.level.capitalize()} \"{row.program}\" ada lagi di {wb} (sheet {s.sheet}); "
                             f"dihitung sekali, dari {seen[key]}.")
                continue
            seen[key] = f"{wb} (sheet {s.sheet})"
            out.append(row)
    return out, notes


def _table_anggaran(a: _Agency, config: Config, period: str) -> tuple[Table | None, list[str]]:
    """The table (None without a program row that has a pagu or realisasi) and, without it, what to say."""
    programs, notes = budget_rows(a)
    if not programs:
        return None, notes
    d = config.decimals
    with_kode = any(row.kode for row in programs)
    cols = [Column("No", TEXT, 0.8)] + ([Column("Kode", TEXT, 1.7)] if with_kode else []) + [
        Column("Program", TEXT, 5.0), Column("Pagu Anggaran (Rp)", RUPIAH, 2.6),
        Column("Realisasi Anggaran (Rp)", RUPIAH, 2.6), Column("Persentase (%)", PERCENT, 1.6)]
    kode = (lambda row: [row.kode]) if with_kode else (lambda row: [])
    blank = [""] if with_kode else []
    rows = []
    total_pagu = total_real = Decimal(0)
    missing, over = [], []
    for i, row in enumerate(programs, 1):
        pagu, real = row.target.get("Rp"), row.realisasi.get("Rp")
        pct = row.capaian.get("Rp")
        if pct is None:    # a Renja without a capaian Rp column: the same ratio the form defines
            pct = compute.ratio(real, pagu, decimals=d).value
        sisa = pagu - (real or 0) if pagu is not None else None
        if pagu is None:
            missing.append(row.program)
        else:
            total_pagu += pagu
        total_real += real or 0
        if sisa is not None and sisa < 0:
            over.append(row.program)
        rows.append(Row([i] + kode(row) + [row.program, pagu, real, pct]))
    total_pct = compute.ratio(total_real, total_pagu, decimals=d).value
    sisa = total_pagu - total_real
    sisa_pct = compute.ratio(sisa, total_pagu, decimals=d).value
    rows.append(Row([""] + blank + ["Jumlah", total_pagu, total_real, total_pct], TOTAL))
    # the sisa under the pagu it is part of, its share in the persentase column (seed 000: Rp 504.463.581, 7,01 %)
    rows.append(Row([""] + blank + ["Sisa anggaran (pagu − realisasi)", sisa, None, sisa_pct], TOTAL))
    pct_col = len(cols) - 1
    t = Table("anggaran", "", f"{TABLE_NAMES['anggaran']} {a.name} {period}".strip(), cols, rows,
              chart=Chart(f"Serapan Anggaran per Program {period}".strip(), pct_col - 3, (pct_col,),
                          reference=100.0, axis="Serapan anggaran (%)"))
    t.notes.append(f"Anggaran yang tidak terealisasi (sisa anggaran) sebesar Rp {_plain(sisa)}"
                   + (f" atau {format_id(sisa_pct, d)} % dari pagu" if sisa_pct is not None else "") + ".")
    if missing:
        t.notes.append(f"Pagu program berikut kosong di Renja, tidak masuk jumlah pagu: {'; '.join(missing)}.")
    if over:
        t.notes.append(f"Realisasi melebihi pagu pada: {'; '.join(over)}. Periksa angka di Renja.")
    t.notes += notes
    return t, []


# -- tables 5 and 6 ------------------------------------------------------------------------------------
def _budgeted(items: list[_Indicator]) -> list[_Indicator]:
    return [it for it in items if it.row.pagu is not None or it.row.realisasi_anggaran is not None]


def _table_pencapaian(a: _Agency, items: list[_Indicator], period: str) -> Table:
    cols = [Column("No", TEXT, 0.8), Column("Indikator Kinerja", TEXT, 4.6), Column("Target", FIGURE, 1.5),
            Column("Realisasi", FIGURE, 1.5), Column("Capaian Kinerja (%)", PERCENT, 1.6),
            Column("Pagu Anggaran (Rp)", RUPIAH, 2.5), Column("Realisasi Anggaran (Rp)", RUPIAH, 2.5),
            Column("Serapan Anggaran (%)", PERCENT, 1.6)]
    rows = _grouped(items, lambda it: it.row.sasaran, lambda it: [
        it.row.indicator, _target_cell(it.row), it.row.realisasi_tahunan, it.row.tahunan, it.row.pagu,
        it.row.realisasi_anggaran, it.row.serapan])
    return Table("pencapaian", "", f"{TABLE_NAMES['pencapaian']} {a.name} {period}".strip(), cols, rows)


def _table_efisiensi(a: _Agency, items: list[_Indicator], config: Config, period: str) -> Table:
    cols = [Column("No", TEXT, 0.8), Column("Indikator Kinerja", TEXT, 6.6), Column("Capaian Kinerja (%)", PERCENT, 2.1),
            Column("Serapan Anggaran (%)", PERCENT, 2.1), Column("Tingkat Efisiensi", RATIO, 2.0),
            Column("Kategori", TEXT, 2.4, nowrap=True)]

    def make(it):
        row = it.row
        eff, label = row.efisiensi, row.efisiensi_kategori
        if eff is None and row.tahunan is not None and row.serapan is not None:   # a record without it
            eff = compute.efisiensi(row.tahunan, row.serapan, config.decimals)
        if eff is not None and not label:
            label = config.efisiensi.label(eff)
        return [row.indicator, row.tahunan, row.serapan, eff, label]

    rows = _grouped(items, lambda it: it.row.sasaran, make)
    t = Table("efisiensi", "", f"{TABLE_NAMES['efisiensi']} {a.name} {period}".strip(), cols, rows)
    scale = "; ".join([f"{name} ≥ {_plain(th)}" for th, name in config.efisiensi.steps] +
                      [f"{config.efisiensi.below} di bawahnya"])
    t.notes.append(f"Tingkat efisiensi = capaian kinerja ÷ serapan anggaran. Kategori: {scale}.")
    return t
