"""What every form kind shares when it evaluates a sheet: the generic result (FormResult), reading a typed
cell as a figure (cell_number, typed_cell_problem), the edit of a computed cell and what replacing a typed
value says (edit_computed, agrees_when_rounded), figures under merged ranges, the typed-capaian summary and
the monitoring round.  Neutral ground for evaluate/renja.py, evaluate/pk.py and the kinds to come; no XML
and no file access here."""

from __future__ import annotations

from dataclasses import field, fields
from decimal import ROUND_DOWN, Context, Decimal
from operator import itemgetter
from typing import Callable, ClassVar, Iterable, get_args, get_type_hints

from ..records import record
from ..config import Config
from ..forms.vocabulary import is_placeholder
from ..io.cell_writer import Edit
from ..io.grid import Cell, Grid, address
from ..problems import Problem, problem
from .numbers import DOT_DECIMAL, DOT_THOUSANDS, DotConvention, Parsed, format_id, parse_number, round_half_up


@record(kw_only=True)
class FormResult:
    """What evaluating one sheet gives, whatever its form (Renja: RenjaSheetResult, PK: PkSheetResult).

    Beside its fields, the interface every form kind's result implements, so that batch/ and report/ never
    ask which kind a result is: the capaian its workbook's average takes (capaian_for_average) and how that
    average is named (average_label); what `lkjip check` shows of it (describe); its rows in the round record
    and back (record_columns, record_text, record_rows, record_extra, record_fields, row_from_record) and the
    capaian each row's predikat grades (graded, checked by the record's seal); its rows in the multi-round
    recap (progress_items); the predikat counts, the Per Program rows and the capaian per quarter of the
    rekap's Ringkasan (predikats, program_rows, quarter_capaian); the rekap and CSV tables it declares
    (REKAP_TABLES) and the LKjIP tables it feeds (LAPORAN).  The defaults suit a kind whose rows are flat
    dataclasses (`ROW`) with an `indicator`, a `capaian` and a `predikat`."""
    sheet: str
    form: str
    layout: object
    hidden: bool = False
    rows: list = field(default_factory=list)
    average: dict[str, Decimal | None] = field(default_factory=dict)
    predikat: dict[str, str] = field(default_factory=dict)
    edits: list[Edit] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    stated_round: int | None = None   # the quarter the sheet's title or the file name states
    round: int | None = None          # the monitoring round (PK: where the capaian tahunan was taken)
    typed_replaced: int = 0           # capaian typed by the agency that the computed value replaced
    typed_rounding: int = 0           # ... of which only a rounding of the computed value

    ROW: ClassVar[type | None] = None       # the rows' dataclass
    # form_kind.RekapTable(s) its rows fill (a sheet of rekap.xlsx and a CSV table each)
    REKAP_TABLES: ClassVar[tuple] = ()
    # the LKjIP tables (report/lkjip_tables.py) its rows feed: INDICATORS (rows like evaluate/pk.PkRow: one
    # performance indicator each, with its capaian tahunan), PROGRAMS (rows like evaluate/renja.RenjaRowResult,
    # with kode, level and K/Rp sides), or "" (none)
    LAPORAN: ClassVar[str] = ""
    INDICATORS: ClassVar[str] = "indikator"
    PROGRAMS: ClassVar[str] = "program"

    def capaian_for_average(self, side: str, config: Config) -> list[Decimal | None]:
        """The capaian of this sheet that enter its workbook's average on `side` ("K", "Rp")."""
        return [getattr(row, "capaian", None) for row in self.rows] if side == "K" else []

    @classmethod
    def average_label(cls, side: str) -> str:
        """How the console names a workbook's average on `side`."""
        return f"rata-rata capaian {side}"

    def describe(self) -> dict:
        """What `lkjip check` shows: {"extra": {…} (shown after the form's name), "header_rows": [...],
        "columns": {internal name: letters}, "kolom": [(what it holds in Bahasa, letters)], "formulas": [...]}."""
        return {"extra": {}, "header_rows": [], "columns": {}, "kolom": [], "formulas": []}

    # -- the round record (batch/round_record.py): one list per row, in the order of record_columns() ----------
    # The columns and those that are no figures (the others are exact decimals, or null); by default the
    # fields of ROW, figures those typed Decimal.
    RECORD_COLUMNS: ClassVar[tuple[str, ...]] = ()
    RECORD_TEXT: ClassVar[frozenset[str]] = frozenset()

    @classmethod
    def record_columns(cls) -> tuple[str, ...]:
        if cls.RECORD_COLUMNS or cls.ROW is None:
            return cls.RECORD_COLUMNS
        return tuple(f.name for f in fields(cls.ROW))

    @classmethod
    def record_text(cls) -> frozenset[str]:
        if cls.RECORD_COLUMNS or cls.ROW is None:
            return cls.RECORD_TEXT
        hints = get_type_hints(cls.ROW)
        return frozenset(f.name for f in fields(cls.ROW) if Decimal not in (hints[f.name], *get_args(hints[f.name])))

    def record_rows(self) -> list[list]:
        columns = self.record_columns()
        return [[getattr(row, c) for c in columns] for row in self.rows]

    def record_extra(self) -> dict:
        """Keys of the sheet's own the record keeps beside its rows (read back by record_fields)."""
        return {}

    @classmethod
    def record_fields(cls, sheet: dict) -> dict:
        """The result's own fields from a recorded sheet (what record_extra wrote)."""
        return {}

    @classmethod
    def row_from_record(cls, values: dict):
        """A row from its recorded values by column name (figures already Decimals)."""
        names = {f.name for f in fields(cls.ROW)}
        return cls.ROW(**{k: v for k, v in values.items() if k in names and v is not None})

    # -- the rekap, the multi-round recap ----------------------------------------------------------------------
    def progress_items(self) -> Iterable[tuple[tuple, tuple, Decimal | None]]:
        """Its rows in the multi-round recap: (what tells a row apart across rounds, the texts shown after the
        agency: form, kode, name; the capaian), the agency left out (report/multi_round.py adds it)."""
        for row in self.rows:
            name = getattr(row, "indicator", "")
            yield (self.form, name.casefold()), (self.form, "", name), getattr(row, "capaian", None)

    def graded(self) -> Iterable[tuple[int, Decimal | None, str]]:
        """Each row's (sheet row, the capaian its predikat grades, predikat): the round record's seal checks
        them against the scale."""
        return ((row.row, getattr(row, "capaian", None), getattr(row, "predikat", "")) for row in self.rows)

    def predikats(self) -> Iterable[str]:
        """The predikat of each of its indicators (the Ringkasan counts them)."""
        return (p for row in self.rows if (p := getattr(row, "predikat", "")))

    def program_rows(self, agency: str) -> list[list]:
        """Its rows in the rekap's Per Program sheet (report/rekap.PROGRAM_COLS)."""
        return []

    def quarter_capaian(self) -> list[list[Decimal]]:
        """Its indicators' capaian of each quarter up to the monitoring round (the Ringkasan's chart)."""
        return [[], [], [], []]


_NOISE = Decimal("1E-10")
_BIG = Decimal("1E15")


def percent_points(fraction: Decimal) -> Decimal:
    """A percent cell holds a binary fraction (70,51 % is 0.70509999999999995): scale it, then drop the
    noise below 1E-10, so the figure is the one the reader sees."""
    value = fraction * 100
    if not value.is_finite() or abs(value) >= _BIG:
        return value
    value = value.quantize(_NOISE)
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def cell_number(cell: Cell | None, *, percent_style: bool = False, date_style: bool = False,
                money: bool = False) -> tuple[Parsed, str]:
    """A cell as a number.  Returns (parsed, why-not) where why-not explains an unusable value.  A number
    shown as a date (a date typed where a figure belongs) is not a figure.  `money`: a rupiah column, where
    "1,2 miliar" is 1.200.000.000 (numbers.parse_number)."""
    if cell is not None and date_style and cell.kind == "n":
        return Parsed("text", None), "tanggal, bukan angka"
    if cell is None or cell.value is None:
        if cell is not None and cell.formula:
            return Parsed("text", None), "rumus tanpa nilai tersimpan"
        return Parsed("empty", None), ""
    if cell.kind == "n":
        value = percent_points(cell.value) if percent_style else cell.value
        return Parsed("number", value), ""
    if cell.kind == "e":
        return Parsed("text", None), f"nilai galat {cell.value}"
    if cell.kind == "b":
        return Parsed("text", None), "nilai benar/salah (boolean)"
    if cell.kind == "d":
        return Parsed("text", None), f"tanggal {cell.value}"
    parsed = parse_number(cell.value, money)
    if parsed.kind == "text":
        return parsed, f"\"{short_text(str(cell.value))}\" {parsed.why or 'bukan angka'}"
    return parsed, ""


def typed_cell_problem(parsed: Parsed, why: str, ref: str, what: str, raw, sheet: str, scale: Decimal | int = 1
                       ) -> Problem | None:
    """What a typed figure cell says: not a number (a warning; counted as not reported), a magnitude word
    where it is ambiguous or a rupiah amount with one comma and three digits ("144,300": a warning, not
    reported either), or how a magnitude word in a rupiah cell was read (info).  `scale`:
    rupiah per unit of a money column in thousands or millions ("Rp. (000)"), where `parsed.value` is
    already in the column's units."""
    if parsed.readings:
        return problem("ambiguous-comma", cell=ref, sheet=sheet, column=what, text=short_text(str(raw)),
                       decimal=parsed.readings[0], thousands=parsed.readings[1])
    if why:
        return problem("ambiguous-magnitude" if parsed.magnitude else "not-a-number", cell=ref, sheet=sheet,
                       column=what, reason=why)
    if parsed.magnitude and parsed.value is not None:
        if scale == 1:
            return problem("magnitude-read", variant="plain", cell=ref, sheet=sheet, column=what,
                           text=short_text(str(raw)), value=format_id(parsed.value))
        return problem("magnitude-read", variant="scaled", cell=ref, sheet=sheet, column=what, text=short_text(str(raw)),
                       rupiah=format_id(parsed.value * scale), value=format_id(parsed.value), scale=format_id(scale))
    return None


def short_text(text: str, n: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _show(value: Decimal | None, percent: bool) -> str:
    if value is None:
        return "(kosong)"
    return format_id(value, 2) if percent else format_id(value)


def edit_computed(res: FormResult, grid: Grid, r: int, c: int, new: Decimal | None,
                   is_ratio: bool, is_percent_style: Callable[[int], bool], config: Config, label: str,
                   side: str, exact: Decimal | None = None) -> None:
    """The edit of one computed cell, and what replacing its typed content says.  A 0, "-" or blank there is
    a placeholder (regional apps export 0 for every figure they did not compute): replaced silently.  A
    typed capaian (`is_ratio`) that agrees with the computed one at the precision it was typed (14 % for
    14,04; 88,13 for 88,1375 cut off; `exact` is the value before rounding) is replaced silently and
    counted (typed_capaian_summary); one that disagrees is a warning."""
    cell = grid.get(r, c)
    old, _ = cell_number(cell, percent_style=bool(cell and is_percent_style(cell.style)))
    hand_typed = cell is not None and not cell.formula and cell.value is not None
    if hand_typed and cell.kind == "s" and is_placeholder(cell.value):
        pass   # a template's "{capaian}": nothing the agency typed is replaced
    elif hand_typed and old.kind in ("number", "nil") and old.value != 0:   # a 0 (an exporter's too) is a placeholder
        if new is None:
            differs = True
        elif old.value == new:
            differs = False
        elif is_ratio:
            res.typed_replaced += 1
            differs = not agrees_when_rounded(old.value, new, exact)
            res.typed_rounding += not differs
        else:
            differs = abs(old.value - new) > config.replace_tolerance
        if differs:
            shown = short_text(str(cell.value)) if cell.kind == "s" else format_id(old.value) + (" %" if is_ratio else "")
            res.problems.append(problem("value-replaced", variant="number", cell=address(r, c), sheet=res.sheet,
                                        typed=shown, new=_show(new, is_ratio), label=_side_label(label, side)))
    elif hand_typed and old.kind == "text":
        res.problems.append(problem("value-replaced", variant="text", cell=address(r, c), sheet=res.sheet,
                                    typed=short_text(str(cell.value)), new=_show(new, is_ratio),
                                    label=_side_label(label, side)))
    style_from = None
    if cell is None:
        left = grid.get(r, c - 1)
        style_from = left.style if left is not None else None
    if new is None:
        if cell is not None and (cell.value is not None or cell.formula):
            res.edits.append(Edit(r, c, "clear"))
    else:
        res.edits.append(Edit(r, c, "percent" if is_ratio else "number", new, style_from))


def _side_label(label: str, side: str) -> str:
    """A computed column's label and side as the problems name it: "13=9+10+11+12, K"."""
    return f"{label}, {side}" if side else label


def agrees_when_rounded(typed: Decimal, computed: Decimal, exact: Decimal | None = None) -> bool:
    """Whether `typed` is the computed value at the precision it was typed: rounded half-up or cut off to
    its decimals ("14" for 14,04; "88,13" for 88,1375).  Both the value before rounding (`exact`) and the
    rounded one are tried: staff compute with either."""
    exponent = typed.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    step = Decimal((0, (1,), -places))
    for value in (exact, computed):
        if value is None or not value.is_finite():
            continue
        if round_half_up(value, places) == typed:
            return True
        context = Context(prec=max(28, value.adjusted() + places + 3))
        if value.quantize(step, rounding=ROUND_DOWN, context=context) == typed:
            return True
    return False


def typed_capaian_summary(res: FormResult) -> None:
    """How many typed capaian the computed ones replaced, and how many of those differ only by rounding: said
    once per sheet, as those are no warning (when none is, every replacement is a warning already)."""
    if res.typed_rounding:
        res.problems.append(problem("typed-capaian", sheet=res.sheet, replaced=res.typed_replaced,
                                    rounding=res.typed_rounding))


def monitoring_round(configured: int | None, stated: int | None, quarters: list[list]) -> int | None:
    """The monitoring round (1-4) of a sheet: the configured one (--triwulan); else the one its title or
    file name states, or later when realisasi other than zero lie after it (a stale title); without a
    stated one, the latest quarter holding a realisasi other than zero (forms carry 0 or "-" in the
    quarters to come), else the latest holding any; None when nothing is reported."""
    if configured:
        return configured
    widths = set(map(len, quarters))
    if len(widths) == 1:   # every row has its quarters (the usual sheet): from the latest, a quarter at a time
        width = widths.pop()
        nonzero = next((i + 1 for i in range(width - 1, -1, -1) if any(map(itemgetter(i), quarters))), 0)
    else:
        nonzero = max((i + 1 for values in quarters for i, v in enumerate(values) if v), default=0)
    if stated:
        return max(stated, nonzero)
    return nonzero or max((i + 1 for values in quarters for i, v in enumerate(values) if v is not None),
                          default=None)


def merged_figures(res, grid: Grid, rows: list[int], figure_cols: dict[int, tuple[str, bool]]) -> None:
    """Figures under a merged range: Excel shows only its top-left cell, so a typed figure there is out of
    sight (or, usually, gone: an empty cell) and a computed one is written where nobody sees it."""
    for (r, c), (r1, c1, r2, c2) in sorted(grid.covered(rows, figure_cols).items()):
        what, computed = figure_cols[c]
        cell, merged, anchor = address(r, c), f"{address(r1, c1)}:{address(r2, c2)}", address(r1, c1)
        if computed:
            res.problems.append(problem("merged-figure", variant="computed", cell=cell, sheet=res.sheet, column=what,
                                        merged=merged))
        else:
            res.problems.append(problem("merged-figure", variant="filled" if grid.filled(r, c) else "empty", cell=cell,
                                        sheet=res.sheet, column=what, merged=merged, anchor=anchor))


def dot_convention(grid: Grid, rows) -> DotConvention:
    """How the data rows' text cells write a dot (numbers.DotConvention)."""
    dots = DotConvention()
    wanted = set(rows)
    for (r, c), t in grid.cells.items():
        if r in wanted and t[1] == "s" and isinstance(t[0], str):
            dots.add(c, address(r, c), t[0])
    return dots


def read_dot_three(res, dots: DotConvention, r: int, c: int, text: str, column: str, value: Decimal) -> Decimal | None:
    """A K cell typed "1.500": 1500 where the sheet writes dot thousands (silently: the documented reading), 1,5
    where its column writes dot decimals (info, naming the cell that settled it), else not reported (warning)."""
    verdict, read, by = dots.read(c, text)
    if verdict == DOT_THOUSANDS:
        return value
    if verdict == DOT_DECIMAL:
        res.problems.append(problem("dot-three", variant="decimal", cell=address(r, c), sheet=res.sheet, column=column,
                                    text=short_text(text), value=format_id(read), by=by))
        return read
    res.problems.append(problem("dot-three", variant="ambiguous", cell=address(r, c), sheet=res.sheet, column=column,
                                text=short_text(text), decimal=format_id(parse_number(text.replace(".", ",", 1)).value),
                                thousands=format_id(value)))
    return None
