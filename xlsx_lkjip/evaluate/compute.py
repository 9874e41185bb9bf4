"""The formulas, once.  Pure functions over Decimals: sums, ratios, capaian by polarity, averages,
predikat.  No files, no XML, no cells.

- sum:   the reported parts added; every part unreported, or a computed part empty -> None (the cell stays
         empty: 15 = 7 + 13 is empty while 13 is).
- ratio: numerator / denominator (× 100 for a percentage), rounded half-up to `decimals`;
         denominator empty, nil or zero -> None and a reason; numerator unreported -> None.
- average: arithmetic mean of the capaian values present, rounded half-up.
- predikat: the configured scale applied to the rounded value.
"""

from __future__ import annotations

from dataclasses import field
from functools import lru_cache
from decimal import Decimal
from typing import Iterable, Mapping

from .. import speedups
from ..records import record
from ..config import Scale
from ..forms.formula import Formula
from .numbers import rounding_constants, round_half_up

HUNDRED = Decimal(100)
_ZERO = Decimal(0)
# The largest number a spreadsheet cell holds (an IEEE double).  A result beyond it is not written:
# Excel would call the workbook corrupt.  Reason "too-large".
MAX_DOUBLE = Decimal("1.7976931348623157E+308")


def add(parts: Iterable[Decimal | None]) -> Decimal | None:
    reported = [p for p in parts if p is not None]
    return sum(reported, Decimal(0)) if reported else None


@record(frozen=True)
class RatioOutcome:
    """A ratio (capaian) computed, or None and the reason it is not."""

    value: Decimal | None
    reason: str = ""   # "no-target" when the denominator is empty/nil/zero and the numerator is reported;
                       # "too-large" when the result is beyond what a cell holds
    exact: Decimal | None = None   # the value before rounding (a typed capaian is compared with it)


def ratio(numerator: Decimal | None, denominator: Decimal | None, *, percent: bool = True,
          decimals: int = 2) -> RatioOutcome:
    value, reason = _ratio(numerator, denominator, percent, decimals)
    return RatioOutcome(value, reason, ratio_exact(numerator, denominator, percent) if value is not None else None)


def ratio_exact(numerator: Decimal | None, denominator: Decimal | None, percent: bool = True) -> Decimal | None:
    """numerator / denominator (× 100), not rounded; None where ratio() gives no value."""
    if numerator is None or denominator is None or denominator == 0:
        return None
    value = numerator / denominator
    return value * HUNDRED if percent else value


def _ratio(numerator: Decimal | None, denominator: Decimal | None, percent: bool, decimals: int
           ) -> tuple[Decimal | None, str]:
    if numerator is None:
        return None, ""
    if denominator is None or denominator == 0:
        return None, "no-target"
    value = numerator / denominator
    if percent:
        value *= HUNDRED
    if abs(value) > MAX_DOUBLE:
        return None, "too-large"
    if type(value) is Decimal and value.adjusted() + decimals + 3 <= 28:   # round_half_up's usual case, inline
        return value.quantize(*rounding_constants(decimals)), ""
    return round_half_up(value, decimals), ""


def average(values: Iterable[Decimal | None], decimals: int | None = 2) -> Decimal | None:
    """The mean of the values present, rounded half-up (`decimals` None: not rounded)."""
    present = [v for v in values if v is not None]
    if not present:
        return None
    mean = sum(present, Decimal(0)) / len(present)
    return mean if decimals is None else round_half_up(mean, decimals)


def predikat(value: Decimal | None, scale: Scale, decimals: int = 2) -> str:
    if value is None:
        return ""
    return scale.label(round_half_up(value, decimals))


def evaluate(formulas: Iterable[Formula], values: Mapping[int, Decimal | None], decimals: int = 2
             ) -> tuple[dict[int, Decimal | None], dict[int, str]]:
    """Evaluate formulas in order for one row and one side (K or Rp).  `values` holds the typed
    figures by column number (None = not reported).  Returns the computed values and, per target,
    the reason a ratio could not be computed.  (The C speedup, when built, takes the same steps.)"""
    native = speedups.evaluate
    if native is not None:
        done = native(formulas, values, decimals, evaluation_constants(decimals))
        if done is not None:
            return done
    return _evaluate(formulas, values, decimals)


def evaluation_constants(decimals: int, _cache: dict = {}) -> tuple:   # noqa: B006 (a cache on purpose)
    """What the C evaluate (and renja_side, which calls it) needs to add, divide and round as this module does."""
    got = _cache.get(decimals)
    if got is None:
        got = _cache[decimals] = (_ZERO, HUNDRED, MAX_DOUBLE, *rounding_constants(decimals), round_half_up)
    return got


def _evaluate(formulas: Iterable[Formula], values: Mapping[int, Decimal | None], decimals: int = 2
              ) -> tuple[dict[int, Decimal | None], dict[int, str]]:
    """evaluate() in Python: the reference of the C speedup, and what runs without it."""
    known: dict[int, Decimal | None] = dict(values)
    out: dict[int, Decimal | None] = {}
    reasons: dict[int, str] = {}
    rounding = None   # rounding_constants(decimals), at the first ratio
    for f in formulas:
        if f.kind == "sum":   # add(), unrolled: this runs for every row and side
            result = None
            for p in f.parts:
                v = known.get(p)
                if v is not None:
                    result = (_ZERO if result is None else result) + v
                elif p in out:
                    # a computed part without a value (13 with no quarter reported): the sum is not stated
                    # either (15 = 7 + 13 is not last year's figure again)
                    result = None
                    break
            if result is not None and abs(result) > MAX_DOUBLE:
                result = None
                reasons[f.target] = "too-large"
        else:   # _ratio(), inline
            parts = f.parts
            result = known.get(parts[0])
            if result is not None:
                denominator = known.get(parts[1])
                if denominator is None or denominator == 0:
                    result = None
                    reasons[f.target] = "no-target"
                else:
                    result = result / denominator
                    if f.percent:
                        result *= HUNDRED
                    if abs(result) > MAX_DOUBLE:
                        result = None
                        reasons[f.target] = "too-large"
                    elif type(result) is Decimal and result.adjusted() + decimals + 3 <= 28:
                        if rounding is None:
                            rounding = rounding_constants(decimals)
                        result = result.quantize(*rounding)
                    else:
                        result = round_half_up(result, decimals)
        known[f.target] = result
        out[f.target] = result
    return out, reasons


# -- Perjanjian Kinerja -----------------------------------------------------------------------------------

KUMULATIF = "kumulatif"   # realisasi up to TW k = sum of TW 1..k (count-like indicators)
AKHIR = "akhir"           # the latest reported value stands (levels: percentages, indices, scores)
RATA_RATA = "rata-rata"   # the mean of the reported quarters


def accumulation_of(indicator: str, unit: str, sifat: str, config) -> str:
    """How an indicator's quarters make its year (KUMULATIF, AKHIR, RATA_RATA): its sifat column when it says,
    else a level-like unit or name (config.level_units, level_name_prefixes) is AKHIR.  Read by PK and Renja."""
    s = sifat.lower()
    if "kumulatif" in s:
        return KUMULATIF
    if "rata" in s:
        return RATA_RATA
    if "akhir" in s or "terakhir" in s:
        return AKHIR
    u = unit.strip().lower()
    words, prefixes = _level_unit_words(config.level_units)
    if u in words or u.startswith(prefixes):   # a unit word itself, or it and more ("% penduduk", "%/tahun")
        return AKHIR
    if indicator.strip().lower().startswith(config.level_name_prefixes):
        return AKHIR
    return KUMULATIF


@lru_cache(maxsize=8)
def _level_unit_words(units: tuple[str, ...]) -> tuple[frozenset, tuple[str, ...]]:
    """The level units as accumulation_of matches them: the words, and the prefixes a longer unit starts with
    (a word and a space; "%" also without one).  Asked for every indicator row: made once per setting."""
    return frozenset(units), (*(w + " " for w in units), *(("%",) if "%" in units else ()))


NEG_2T_MINUS_R = "(2T-R)/T"   # default: (target - (realisasi - target)) / target
NEG_T_OVER_R = "T/R"          # used by some regions


def capaian_pk(realisasi: Decimal | None, target: Decimal | None, *, negative: bool,
               negative_formula: str = NEG_2T_MINUS_R, decimals: int = 2) -> RatioOutcome:
    """Capaian of a PK indicator in percent, never below 0 (above 100 is kept)."""
    if realisasi is None:
        return RatioOutcome(None)
    if target is None or target == 0:
        return RatioOutcome(None, "no-target")
    if not negative:
        value = realisasi / target * HUNDRED
    elif negative_formula == NEG_T_OVER_R:
        if realisasi == 0:
            # T/0 has no value, yet 0 is the best a negative indicator can do: it takes what (2T-R)/T gives
            # for R = 0 (200 %), and the reason lets the caller say so
            value = Decimal(2) * HUNDRED if target > 0 else Decimal(0)
            return RatioOutcome(round_half_up(value, decimals), "zero-realisasi", value)
        value = target / realisasi * HUNDRED
    else:
        value = (2 * target - realisasi) / target * HUNDRED
    if value < 0:
        value = Decimal(0)
    if value > MAX_DOUBLE:
        return RatioOutcome(None, "too-large")
    return RatioOutcome(round_half_up(value, decimals), "", value)


def accumulate(quarters: list[Decimal | None], mode: str) -> list[Decimal | None]:
    """Realisasi up to each quarter under the accumulation mode.  A quarter that is itself not reported
    stays None (a TW I round leaves TW II-IV empty), even when earlier quarters were."""
    out: list[Decimal | None] = []
    reported: list[Decimal] = []
    for q in quarters:
        if q is not None:
            reported.append(q)
        if q is None:
            out.append(None)
        elif mode == KUMULATIF:
            total = sum(reported, Decimal(0))
            out.append(total if abs(total) <= MAX_DOUBLE else None)
        elif mode == RATA_RATA:
            out.append(sum(reported, Decimal(0)) / len(reported))
        else:
            out.append(q)
    return out


@record(frozen=True)
class ToDate:
    """A row's figures per period: each period's own and the total up to it."""

    own: list[Decimal | None]        # each period's own figure
    to_date: list[Decimal | None]    # the figure up to each period, as accumulate() gives it
    # (period, the earlier period) where a Kumulatif figure to date is below the one before it
    decreased: list[tuple[int, int]] = field(default_factory=list)


def from_to_date(values: list[Decimal | None], to_date: list[bool], mode: str) -> ToDate:
    """Periods typed partly or wholly to date ("Realisasi s.d. TW II") read as each period's own figure and
    the figure to date.  A period whose column is its own (to_date False) is read as accumulate() reads it,
    so with no to-date column the result is accumulate()'s.  For a to-date column:
    - Kumulatif: the figure is the realisasi to date; the period's own is it minus the latest figure to
      date before it.  A 0 after a figure to date other than 0 is the form's placeholder for periods to
      come, read as nothing more in that period (own 0), as a 0 in an own column is.  A figure below the
      one before it stays what the header says it is (to date; its own is negative) and is listed in
      `decreased`: most likely the period's own figure was typed;
    - Akhir: the latest value stands, whichever the column says;
    - Rata-rata: the figure is the mean so far (what accumulate() gives as the realisasi to date), and the
      period's own is the one that makes that mean.  A 0 after a mean other than 0 is a placeholder, read
      as not reported (a mean cannot be carried forward)."""
    if not any(f for f, v in zip(to_date, values) if v is not None):
        return ToDate(list(values), accumulate(values, mode))
    own: list[Decimal | None] = []
    upto: list[Decimal | None] = []
    decreased: list[tuple[int, int]] = []
    # the sum of own figures so far, how many, and the last period whose figure set the sum
    total, count, last = _ZERO, 0, None
    for k, (v, typed_to_date) in enumerate(zip(values, to_date)):
        if v is None or mode == AKHIR:
            own.append(v)
            upto.append(v)
            continue
        if mode == KUMULATIF:
            if not typed_to_date:
                total += v
                own.append(v)
            elif v == 0 and total != 0:
                own.append(_ZERO)
                upto.append(total if abs(total) <= MAX_DOUBLE else None)
                continue
            else:
                if v < total and last is not None:
                    decreased.append((k, last))
                own.append(v - total)
                total = v
            upto.append(total if abs(total) <= MAX_DOUBLE else None)
        else:   # RATA_RATA
            if not typed_to_date:
                total, count = total + v, count + 1
                own.append(v)
                upto.append(total / count)
            elif v == 0 and total != 0:
                own.append(None)
                upto.append(None)
                continue
            else:
                count += 1
                own.append(v * count - total)
                total = v * count
                upto.append(v)
        last = k
    return ToDate(own, upto, decreased)


def quarter_targets(annual: Decimal | None, per_quarter: list[Decimal | None] | None, mode: str
                    ) -> list[Decimal | None]:
    """The target each quarter's capaian is measured against: the quarter's cumulative target when the
    rencana aksi gives Target TW columns (summed for Kumulatif), otherwise the annual target."""
    return period_targets(annual, per_quarter, mode, 4)


def period_targets(annual: Decimal | None, per_period: list[Decimal | None] | None, mode: str, n: int
                   ) -> list[Decimal | None]:
    """quarter_targets for n periods (4 quarters or 12 months): the plan to date of each period."""
    if not per_period or all(t is None for t in per_period):
        return [annual] * n
    out: list[Decimal | None] = []
    for k in range(n):
        if mode == KUMULATIF:
            out.append(add(per_period[: k + 1]))
        else:
            out.append(per_period[k] if per_period[k] is not None else annual)
    return out


# -- months read as their quarters (TW I = Januari-Maret, ...) ------------------------------------------

def _fold(values: list[Decimal], mode: str) -> Decimal:
    if mode == KUMULATIF:
        return sum(values, _ZERO)
    if mode == RATA_RATA:
        return sum(values, _ZERO) / len(values)
    return values[-1]


def fold_months(months: list[Decimal | None], mode: str) -> list[Decimal | None]:
    """Each quarter's own figure from its three months: Kumulatif adds the months reported, Akhir takes the
    latest month reported, Rata-rata their mean.  A quarter with no month reported stays None."""
    out: list[Decimal | None] = []
    for k in range(4):
        given = [v for v in months[3 * k: 3 * k + 3] if v is not None]
        value = _fold(given, mode) if given else None
        out.append(value if value is None or abs(value) <= MAX_DOUBLE else None)
    return out


def months_to_date(months: list[Decimal | None], mode: str) -> list[Decimal | None]:
    """The realisasi up to each quarter from monthly figures: Kumulatif the sum of every month reported up
    to the quarter's end, Akhir the latest month reported in the quarter, Rata-rata the mean of every month
    reported so far.  A quarter with no month reported stays None, as accumulate() leaves a quarter."""
    to_date = accumulate(months, mode)
    out: list[Decimal | None] = []
    for k in range(4):
        reported = [m for m in range(3 * k, 3 * k + 3) if months[m] is not None]
        out.append(to_date[reported[-1]] if reported else None)
    return out


def annual_target(per_period: list[Decimal | None], mode: str) -> Decimal | None:
    """The annual target of a plan without an annual Target column, from its period targets: Kumulatif the
    sum, Akhir the latest period's target (Desember, or TW IV), Rata-rata their mean."""
    given = [t for t in per_period if t is not None]
    if not given:
        return None
    value = _fold(given, mode)
    return value if abs(value) <= MAX_DOUBLE else None


def plausible(capaian: Decimal | None, bound: Decimal) -> bool:
    """Whether a capaian enters an average: not one above the plausible bound (batas_capaian; warned at its
    cell), which would make one typo the agency's and the region's figure (66.766 % from "1.000" for 1,0)."""
    return capaian is None or capaian <= bound


def fractions_among(target: Decimal | None, quarters: list[Decimal | None]) -> list[tuple[int, list]]:
    """A level's quarters typed as fractions among percentages ("0,95" beside 95 or a target of 90): each such
    quarter's index with the row's other figures (the target first).  One is 0 < value <= 1 with value x 100
    within half to twice another figure of the row above 1; a small percentage that stands on its own (0,8 %
    under a target of 10 %) is not one: 80 is far from 10.  (A fraction is never another's reference.)"""
    figures = [target, *quarters]
    out = []
    for k, value in enumerate(quarters):
        if value is None or not 0 < value <= 1:
            continue
        others = figures[:k + 1] + figures[k + 2:]
        points = value * 100
        if any(o is not None and o > 1 and o / 2 <= points <= o * 2 for o in others):
            out.append((k, others))
    return out


def looks_cumulative(quarters: list[Decimal | None], target: Decimal | None) -> bool:
    """Own quarter figures that read as typed to date (25, 50, 75, 100 under a target of 100): at least three
    reported, rising every quarter, the last one within 5 % of the target and their sum at least twice it.
    Adding them would grade the year at 250 %; the figures are kept and the caller warns.  Narrow on purpose:
    seed 002's 29 + 36 + 75 + 127 against 150 (178 %) is a real year, not to-date typing."""
    reported = [q for q in quarters if q is not None]
    if len(reported) < 3 or target is None or target <= 0:
        return False
    previous = reported[0]
    for q in reported[1:]:   # rising every quarter (a loop: this runs for every row)
        if q <= previous:
            return False
        previous = q
    return abs(previous - target) <= target / 20 and sum(reported, _ZERO) >= target * 2


def serapan(realisasi_anggaran: Decimal | None, pagu: Decimal | None, decimals: int = 2) -> RatioOutcome:
    return ratio(realisasi_anggaran, pagu, percent=True, decimals=decimals)


def efisiensi(capaian: Decimal | None, serapan_value: Decimal | None, decimals: int = 2) -> Decimal | None:
    """Capaian kinerja ÷ serapan anggaran (seed 001: 100,84 / 65,39 = 1,54)."""
    if capaian is None or serapan_value is None or serapan_value == 0:
        return None
    value = capaian / serapan_value
    return round_half_up(value, decimals) if abs(value) <= MAX_DOUBLE else None
