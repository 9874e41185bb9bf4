"""Parse and format numbers the way Indonesian monitoring workbooks write them.  Knows nothing of cells,
forms or files: it is given a cell's value and says what number it holds, if any.

Staff often type figures as text ("1.905.955.200", "96,11%", "15 Laporan",
"Rp. 3.643.757.843", "-"), so every cell goes through :func:`parse_number`.
It never raises; anything that is not clearly a number comes back as
``kind="text"``, because a wrong figure is worse than a warning.

Decisions (strings)
-------------------
* Surrounding whitespace is stripped, including NBSP (U+00A0), narrow NBSP
  (U+202F), tabs and zero-width characters / BOM. Only ASCII digits 0-9 count
  as digits.
* Only "-", "‐", "‑", "‒", "–", "—", "―", "−" (one or more, nothing else) is
  *nil*: reported, value ``Decimal(0)``. "Rp -" / "Rp. -" (the Excel
  accounting display of zero) is nil as well. "0" is a number, not nil.
* Dot = thousands, comma = decimal (Indonesian), with these readings of a
  lone separator:
  - one comma: always a decimal comma, whatever follows ("1,786" -> 1.786,
    "0,25" -> 0.25) -- except in a money column (``money=True``), where one
    comma followed by exactly three digits and no dot ("144,300", "1,500",
    "Rp 1 234,567") is text: 144,3 rupiah is not a plausible amount, and the
    cell is most likely 144.300 typed the English way.  An ambiguous figure
    must not enter a sum, so it is not reported; ``readings`` holds the two
    readings ("144,3", "144.300") for the warning.  With a magnitude word the
    comma stays decimal ("1,250 miliar" is 1.250.000.000: whole rupiah), and
    "2,25" / "0,5" / "1,5000" stay plain decimals;
  - one dot followed by exactly three digits, with an integer part of 1-3
    digits not starting with "0": thousands ("1.786" -> 1786);
  - any other single dot is a decimal point ("12.5", "73.10", "0.250",
    "1234.567").
* Several dots must form proper thousands groups ("1.905.955.200", first group
  1-3 digits without a leading zero, then groups of exactly 3); several commas
  likewise are the English thousands convention ("1,905,955,200").
  Anything else ("1.5.3", "2.020.1") is text.
* Both separators: "1.234.567,89" (dot groups then decimal comma) or
  "1,234,567.89" (comma groups then decimal dot); any other mix is text.
* Spaces as thousands separators: "1 905 955 200" (any single whitespace char,
  groups of exactly 3, optional ",dd" decimal). Digit groups separated by
  whitespace that do not fit ("11 5") make the cell text.
* Sign: a "-" / "+" / "−" directly before the digits ("-5", "-1.234,5"),
  before or after the currency ("-Rp 5", "Rp -5"), never both and never with a
  space before the digits ("- 5" is text: could be a list bullet).
  Accounting parentheses mean negative: "(1.234)", "(Rp 1.234)", "Rp (1.234)";
  the parenthesised amount may carry neither a sign nor a unit.
* Currency: a leading "Rp", "Rp." or "IDR" (any case, optional space) is
  allowed and dropped. Any other text before the number makes the cell text.
  A trailing ",-" / ".-" after an integer amount ("Rp 5.000,-", "no cents") is
  accepted.
* Unit: the text after the number (whitespace-normalised) is kept in ``unit``
  when it starts with a letter, "%" or "/" ("Laporan", "Orang /bulan", "%").
  ``percent`` is True when the unit starts with "%"; "persen" is kept as a unit
  but does not set ``percent``. A currency amount with a "%" unit is text.
  A unit glued to the digits that looks like an exponent ("1e3 Laporan") is
  text, so it is never misread as 1.
* Money columns (``money=True``): the only units are "rupiah", "Rp", "IDR"
  (and the magnitude words below).  Any other unit makes the cell text, so a
  mistyped magnitude ("Rp 1,2 Milyard", "5 jt-an") or a count typed in the
  rupiah cell ("15 Laporan", "25 %") is never read as 1,2 or 15 rupiah.
* Text after the number that holds a digit (any Unicode decimal digit) makes
  the cell text: a second number is never dropped to keep the first.  So
  "12/03/2025", "1/2" (a date, a fraction), "20 s.d. 30" (a range), "2 dari 5"
  ("x of y"), "15 Laporan (3 terlambat)" are text.  The one exception is a
  metric area or volume unit: "m2", "m3", "km2", "cm3" (any case, glued or
  not), which is a unit ("2.500 m2" -> 2500 "m2").  Ranges with a dash
  ("10-15", "20 – 30") and dates such as "2024-03-31" are text as well, and
  so is a comparison ("< 5", "≥ 90", "maks 5"): any text before the number
  other than the currency makes the cell text.  A text result carries ``why``,
  the reason in Bahasa Indonesia for the warning ("adalah tanggal, bukan
  angka"), or "" when there is nothing more specific than "bukan angka".
* Magnitude words.  When the first word of the unit is ribu/rb (10^3),
  juta/jt (10^6), miliar/milyar (10^9), triliun/trilyun (10^12), any case,
  with or without a trailing "." and glued or not ("5jt"), or the letter "M"
  (10^9) or "T" (10^12):
  - with ``money=True`` (a rupiah column) the value is multiplied exactly
    ("Rp 1,2 Miliar" -> 1200000000, "250 rb" -> 250000, "Rp 3,5 T" ->
    3500000000000); the letters count in either case there ("5 m" = 5
    miliar: nobody writes metres in a rupiah column); ``magnitude`` holds the
    word as typed, so the caller can say how the cell was read, and ``unit``
    the rest, which may only be "rupiah" / "Rp" / "IDR".  The value is in
    rupiah: a caller reading a column in thousands or millions ("Rp. (000)")
    divides it by that scale (evaluate/renja.py);
  - with ``money=False`` (the default: a K column, a target, anything not
    known to be money) it is ambiguous ("1,5 M" may be metres, "5 T" tons)
    and the cell is text, with ``magnitude`` set to the word.  Lowercase "m"
    and "t" are plain units there ("150 m" -> 150 "m").
* Scientific notation ("1e3", "1E-2", "-2.5e+4") is accepted only when the
  whole string is a plain Python float literal (no underscores, no unit, no
  currency) that is finite as a float; its value is the exact Decimal of the
  text.
* Values are built from the digit string with ``Decimal(str)`` (exact, no
  float); trailing zeros are kept ("Rp 5,00" -> Decimal("5.00")), which
  compares equal to 5.

Decisions (non-strings)
-----------------------
None -> empty; bool -> text; int -> number; float -> ``Decimal(repr(f))``
(NaN/inf -> text); Decimal -> number (NaN/inf -> text); other ``numbers.Real``
(e.g. numpy scalars) like int/float; anything else -> text.

Formatting
----------
:func:`format_id` writes "." thousands and "," decimals; without ``decimals``
the value is shown exactly with trailing fractional zeros removed and never in
exponent form; with ``decimals`` it is rounded half-up. Negative zero is shown
without a sign. ``parse_number(format_id(d))`` gives back ``d``.
"""

from __future__ import annotations

import math
import numbers
import re
from decimal import MAX_EMAX, MIN_EMIN, ROUND_HALF_UP, Context, Decimal

from ..records import record
from ..config import MAX_EXPONENT
from ..patterns import lazy_re

__all__ = ["Parsed", "parse_number", "format_id", "round_half_up"]


@record(frozen=True)
class Parsed:
    """What a cell's content says as a number (or that it is nil, empty or text)."""

    kind: str  # "number" | "nil" | "empty" | "text"
    value: Decimal | None  # number; Decimal(0) for nil; None for empty/text
    unit: str = ""  # trailing unit text kept for display
    percent: bool = False  # the text carried a % sign
    magnitude: str = ""  # number: the magnitude word it was multiplied by; text: the word that made it ambiguous
    why: str = ""  # text: why it is not a number, in Bahasa ("adalah tanggal, bukan angka"); "" = nothing specific
    # text: a rupiah amount with one comma and three digits after it ("144,300"): its decimal and its
    # thousands reading, as shown ("144,3", "144.300")
    readings: tuple[str, str] = ()

    @property
    def reported(self) -> bool:
        return self.kind in ("number", "nil")


_EMPTY = Parsed("empty", None)
_TEXT = Parsed("text", None)
_NIL = Parsed("nil", Decimal(0))

_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_CUR = r"(?:rp\.?|idr)"

_NIL_RE = lazy_re(rf"(?:{_CUR}\s*)?[{_DASHES}]+", re.IGNORECASE)
# Python float literal with an exponent; without one the Indonesian rules apply.
_SCI_RE = lazy_re(r"[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)[eE][-+]?[0-9]{1,5}")
_PAREN_RE = lazy_re(rf"(?P<cur>{_CUR}\s*)?\(\s*(?P<inner>.*?)\s*\)", re.IGNORECASE | re.DOTALL)
_AMOUNT_RE = lazy_re(
    r"(?P<s1>[-+\u2212])?"
    rf"(?:(?P<cur>{_CUR})\s*(?P<s2>[-+\u2212])?)?"
    # digit runs with separators; a whitespace only continues the number when
    # a digit follows, so "15 Laporan" stops before the unit.
    r"(?P<num>[0-9][0-9.,]*(?:\s[0-9][0-9.,]*)*)"
    r"(?P<rest>.*)",
    re.IGNORECASE | re.DOTALL,
)
_FAST_DEC_RE = lazy_re(r"-?[0-9]+,[0-9]+")
# one comma followed by exactly three digits, no dot: "144,300" (optionally with space thousands before it)
_COMMA_THREE = lazy_re(r"[0-9]+(?:\s[0-9]{3})*,[0-9]{3}")

_DOT_GROUPS = lazy_re(r"[1-9][0-9]{0,2}(?:\.[0-9]{3})+")
_COMMA_GROUPS = lazy_re(r"[1-9][0-9]{0,2}(?:,[0-9]{3})+")
_ID_FULL = lazy_re(r"([1-9][0-9]{0,2}(?:\.[0-9]{3})+),([0-9]+)")
_EN_FULL = lazy_re(r"([1-9][0-9]{0,2}(?:,[0-9]{3})+)\.([0-9]+)")
_SPACE_GROUPS = lazy_re(r"([1-9][0-9]{0,2}(?:\s[0-9]{3})+)(?:,([0-9]+))?")
_WS_RE = lazy_re(r"\s")
_EXPONENT_UNIT = lazy_re(r"[eE][-+]?[0-9]")
# Integer forms that may end in the ",-" "no cents" idiom.
_INT_FORM = lazy_re(r"[0-9]+|[1-9][0-9]{0,2}(?:\.[0-9]{3})+|[1-9][0-9]{0,2}(?:\s[0-9]{3})+")
_DIGIT = lazy_re(r"\d")   # any Unicode decimal digit: a second number after the first
_AREA_UNIT = lazy_re(r"[kcdh]?m[23]", re.IGNORECASE)   # m2, m3, km2: a unit, not a second number

# Magnitude words (exponent of ten); the letters M and T only where the column is money, or uppercase.
_MAGNITUDE_WORDS = {"ribu": 3, "rb": 3, "juta": 6, "jt": 6, "miliar": 9, "milyar": 9, "triliun": 12,
                    "trilyun": 12}
_MAGNITUDE_LETTERS = {"m": 9, "t": 12}
_LETTER_MEANING = {"m": ("meter", "miliar"), "t": ("ton", "triliun")}
_MONEY_UNITS = {"rupiah", "rp", "idr"}   # the only units a rupiah amount may carry after the number

# Why a text is not a number (only worked out for text, off the common path).
_N = r"[0-9][0-9.,]*"
_DATE_RE = lazy_re(rf"[0-9]{{1,4}}\s*([/.\-{_DASHES}])\s*[0-9]{{1,2}}\s*\1\s*[0-9]{{1,4}}"
                      r"|[0-9]{1,2}\s*[-\s]\s*(?:jan|feb|mar|apr|mei|may|jun|jul|agu|aug|sep|okt|oct|nov|des|dec)"
                      r"[a-z]*\.?\s*[-\s]\s*[0-9]{2,4}", re.IGNORECASE)
_FRACTION_RE = lazy_re(rf"[-+]?{_N}\s*/\s*{_N}.*", re.DOTALL)
_COMPARE_RE = lazy_re(r"(?:[<>≤≥≦≧=≈±~]|kurang\s+dari|lebih\s+dari|min(?:imal|imum)?\.?\s|maks(?:imal|imum)?\.?\s"
                         r"|max\.?\s|paling\s+(?:sedikit|banyak|rendah|tinggi))\s*.*\d", re.IGNORECASE | re.DOTALL)
_DARI_RE = lazy_re(rf"(?:{_CUR}\s*)?{_N}\D*?\bdari\b\s*.*\d.*", re.IGNORECASE | re.DOTALL)
_RANGE_RE = lazy_re(rf"(?:{_CUR}\s*)?{_N}\s*(?:%\s*)?(?:[{_DASHES}~]|s\.?\s*d\.?|s/d|sd|sampai(?:\s+dengan)?"
                       rf"|hingga|ke)\s*(?:{_CUR}\s*)?[0-9].*", re.IGNORECASE | re.DOTALL)
_LEAD_RE = lazy_re(rf"(?:[-+\u2212]?\s*{_CUR}\s*)?[-+\u2212]?{_N}", re.IGNORECASE)

WHY_DATE = "adalah tanggal, bukan angka"
WHY_FRACTION = "berisi dua angka dipisah garis miring (pecahan atau tanggal), bukan satu angka"
WHY_COMPARISON = "adalah perbandingan atau batas (< 5, ≥ 90), bukan angka"
WHY_OF = "berisi \"x dari y\", bukan satu angka"
WHY_RANGE = "adalah rentang (mis. 10-15), bukan satu angka"
WHY_SECOND = "memuat angka lain sesudah angka pertama, bukan satu angka"
WHY_PERCENT_MONEY = "adalah persen, bukan jumlah rupiah"


def _why_text(s: str) -> str:
    """The reason a text is not a number, as the warning says it; "" when nothing more specific than
    "bukan angka" applies."""
    if _DATE_RE.fullmatch(s):
        return WHY_DATE
    if _FRACTION_RE.fullmatch(s):
        return WHY_FRACTION
    if _COMPARE_RE.match(s):
        return WHY_COMPARISON
    if _DARI_RE.fullmatch(s):
        return WHY_OF
    if _RANGE_RE.fullmatch(s):
        return WHY_RANGE
    m = _LEAD_RE.match(s)
    if m and _DIGIT.search(s, m.end()):
        return WHY_SECOND
    return ""


def parse_number(raw, money: bool = False) -> Parsed:
    """Classify one cell value; never raises (see module docstring).  `money`: the cell is in a rupiah
    column, where magnitude words multiply ("Rp 1,2 Miliar"); elsewhere they make the cell text.  A figure
    of 1E+308 or more is no number a spreadsheet can hold (the largest double is 1.8E+308): text, as the
    sheet reader takes it."""
    if raw is None:
        return _EMPTY
    if isinstance(raw, str):
        if type(raw) is not str:
            raw = str.__str__(raw)  # ignore overridden methods of subclasses
        parsed = _parse_str(raw, money)
    else:
        try:
            parsed = _parse_object(raw)
        except Exception:  # exotic objects (numpy, user classes) must not break a run
            return _TEXT
    value = parsed.value
    if value and value.adjusted() > MAX_EXPONENT:
        return _TEXT
    return parsed


def _parse_object(raw) -> Parsed:
    if isinstance(raw, bool):
        return _TEXT
    if isinstance(raw, Decimal):
        return Parsed("number", raw) if raw.is_finite() else _TEXT
    if isinstance(raw, int):
        return Parsed("number", Decimal(raw))
    if isinstance(raw, float):
        return Parsed("number", Decimal(repr(raw))) if math.isfinite(raw) else _TEXT
    if isinstance(raw, numbers.Integral):
        return Parsed("number", Decimal(int(raw)))
    if isinstance(raw, numbers.Real):
        f = float(raw)
        return Parsed("number", Decimal(repr(f))) if math.isfinite(f) else _TEXT
    return _TEXT


def _parse_str(s: str, money: bool = False) -> Parsed:
    s = s.strip()
    if s and (s[0] in _ZERO_WIDTH or s[-1] in _ZERO_WIDTH):
        s = s.strip().strip(_ZERO_WIDTH).strip()
    if not s:
        return _EMPTY
    # Fast paths for the common shapes: "123", "-5", "12,5".
    if s.isascii() and s.isdigit():
        return Parsed("number", Decimal(s))
    if _FAST_DEC_RE.fullmatch(s):
        if money and len(s) - s.index(",") == 4:
            return _comma_three(Decimal(s.replace(",", ".")))
        return Parsed("number", Decimal(s.replace(",", ".")))
    if _NIL_RE.fullmatch(s):
        return _NIL
    if _SCI_RE.fullmatch(s):
        try:
            ok = math.isfinite(float(s))
        except (ValueError, OverflowError):
            ok = False
        return Parsed("number", Decimal(s)) if ok else _TEXT

    m = _PAREN_RE.fullmatch(s)
    if m:
        inner = _parse_amount(m.group("inner"))
        if inner is None:
            return _text(s)
        value, unit, signed, has_cur, three = inner
        if unit or signed or (has_cur and m.group("cur")):
            return _text(s)
        if money and three:
            return _comma_three(value.copy_negate())
        return Parsed("number", value.copy_negate())

    parsed = _parse_amount(s)
    if parsed is None:
        return _text(s)
    value, unit, _signed, has_cur, three = parsed
    percent = unit.startswith("%")
    if percent and has_cur:
        return _TEXT
    if unit and not percent:
        scaled = _magnitude(value, unit, money)
        if scaled is not None:
            return scaled
    if unit and money and unit.casefold().rstrip(".") not in _MONEY_UNITS:
        # "Rp 1,2 Milyard", "5 jt-an", "15 Laporan" in a rupiah column: never a figure of 1,2 or 5 rupiah
        return Parsed("text", None, unit=unit, why=WHY_PERCENT_MONEY if percent else
                      f"memakai satuan \"{_short_unit(unit)}\", yang bukan satuan rupiah")
    if money and three:
        return _comma_three(value, unit)
    return Parsed("number", value, unit, percent)


def _comma_three(value: Decimal, unit: str = "") -> Parsed:
    """A rupiah amount typed with one comma and three digits after it ("144,300"): 144,3 or 144.300 rupiah
    (module docstring); text, with both readings."""
    decimal = format_id(value)
    thousands = format_id(value * 1000)
    return Parsed("text", None, unit=unit, readings=(decimal, thousands),
                  why=f"bisa berarti {decimal} atau {thousands} rupiah (satu koma dengan tiga angka sesudahnya)")


def _short_unit(unit: str, n: int = 20) -> str:
    return unit if len(unit) <= n else unit[: n - 1] + "…"


def _text(s: str) -> Parsed:
    why = _why_text(s)
    return Parsed("text", None, why=why) if why else _TEXT


def _magnitude(value: Decimal, unit: str, money: bool) -> Parsed | None:
    """The reading of a figure whose unit starts with a magnitude word (module docstring); None when it
    does not."""
    word, _, rest = unit.partition(" ")
    key = word[:-1] if word.endswith(".") and len(word) > 1 else word
    folded = key.casefold()
    exp = _MAGNITUDE_WORDS.get(folded)
    letter = exp is None and folded in _MAGNITUDE_LETTERS and (money or key.isupper())
    if exp is None and not letter:
        return None
    if not money:
        if letter:
            means, big = _LETTER_MEANING[folded]
            why = f"memakai \"{key}\", yang di kolom kinerja bisa berarti satuan ({means}) atau {big}"
        else:
            why = f"memakai singkatan besaran \"{key}\", yang hanya dibaca di kolom anggaran (Rp)"
        return Parsed("text", None, unit=unit, magnitude=key, why=why)
    if rest and rest.casefold().rstrip(".") not in _MONEY_UNITS:
        return Parsed("text", None, unit=unit,
                      why=f"memakai satuan \"{_short_unit(rest)}\" sesudah \"{key}\", yang bukan satuan rupiah")
    sign, digits, e = value.as_tuple()
    e += exp if exp is not None else _MAGNITUDE_LETTERS[folded]
    if e > 0:   # exact and without an exponent: 1,2 miliar is 1200000000, not 1.2E+9
        digits, e = digits + (0,) * e, 0
    return Parsed("number", Decimal((sign, digits, e)), rest, False, magnitude=key)


def _parse_amount(s: str) -> tuple[Decimal, str, bool, bool, bool] | None:
    """Return (value, unit, had_sign, had_currency, one comma with three digits after it) or None for
    text."""
    m = _AMOUNT_RE.fullmatch(s)
    if not m:
        return None
    s1, s2 = m.group("s1"), m.group("s2")
    if s1 and s2:
        return None
    num, rest = m.group("num"), m.group("rest")

    # "5.000,-": integer amount with an explicit "no cents" dash.
    if num[-1] in ".," and rest and rest[0] in _DASHES:
        head = num[:-1]
        if not _INT_FORM.fullmatch(head):
            return None
        num, rest = head, rest[1:]

    canon = _canonical(num)
    if canon is None:
        return None

    unit = ""
    if rest:
        if not rest[0].isspace() and _EXPONENT_UNIT.match(rest):
            return None  # "1e3 Laporan": never read it as 1
        unit = " ".join(rest.split())
        if unit and not (unit[0].isalpha() or unit[0] in "%/"):
            return None
        if _DIGIT.search(unit) and not _AREA_UNIT.fullmatch(unit):
            return None  # "12/03/2025", "20 s.d. 30", "2 dari 5": a second number is never dropped

    value = Decimal(canon)
    sign = s1 or s2
    if sign and sign != "+":
        value = value.copy_negate()  # exact, unlike unary minus under a context
    return value, unit, bool(sign), bool(m.group("cur")), bool(_COMMA_THREE.fullmatch(num))


def _canonical(num: str) -> str | None:
    """Turn a separator-laden digit string into a plain Decimal literal."""
    if _WS_RE.search(num):
        m = _SPACE_GROUPS.fullmatch(num)
        if not m:
            return None
        ip = "".join(m.group(1).split())
        return ip + "." + m.group(2) if m.group(2) else ip

    has_dot = "." in num
    has_comma = "," in num
    if not has_dot and not has_comma:
        return num
    if has_dot and not has_comma:
        if num.count(".") == 1:
            ip, fp = num.split(".")
            if not ip or not fp:
                return None
            if len(fp) == 3 and len(ip) <= 3 and ip[0] != "0":
                return ip + fp  # "1.786": thousands
            return ip + "." + fp
        return num.replace(".", "") if _DOT_GROUPS.fullmatch(num) else None
    if has_comma and not has_dot:
        if num.count(",") == 1:
            ip, fp = num.split(",")
            if not ip or not fp:
                return None
            return ip + "." + fp  # "1,786": Indonesian decimal comma
        return num.replace(",", "") if _COMMA_GROUPS.fullmatch(num) else None
    m = _ID_FULL.fullmatch(num)
    if m:
        return m.group(1).replace(".", "") + "." + m.group(2)
    m = _EN_FULL.fullmatch(num)
    if m:
        return m.group(1).replace(",", "") + "." + m.group(2)
    return None


def _to_decimal(value) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        raise TypeError("a boolean is not a number")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    raise TypeError(f"expected Decimal, got {type(value).__name__}")


_EXPONENTS: dict[int, Decimal] = {}
_CONTEXT_28 = Context(prec=28, rounding=ROUND_HALF_UP, Emax=MAX_EMAX, Emin=MIN_EMIN)


def rounding_constants(places: int) -> tuple:
    """(exponent, rounding, context) with which round_half_up quantizes a value within 28 digits: compute's ratio
    and the C speedup of compute.evaluate round with them, and call round_half_up for any other value."""
    got = _ROUNDING.get(places)
    if got is None:
        exp = _EXPONENTS.get(places)
        if exp is None:
            exp = _EXPONENTS[places] = Decimal((0, (1,), -places))
        got = _ROUNDING[places] = (exp, ROUND_HALF_UP, _CONTEXT_28)
    return got


_ROUNDING: dict[int, tuple] = {}   # places -> rounding_constants(places)


def round_half_up(value: Decimal, places: int = 2) -> Decimal:
    """Quantize to ``places`` decimals, rounding halves away from zero."""
    d = value if type(value) is Decimal else _to_decimal(value)
    if not d.is_finite():
        return d
    exp = _EXPONENTS.get(places)
    if exp is None:
        exp = _EXPONENTS[places] = Decimal((0, (1,), -places))
    # Enough precision that quantize never fails on big values.
    prec = max(28, d.adjusted() + places + 3)
    ctx = _CONTEXT_28 if prec == 28 else Context(prec=prec, rounding=ROUND_HALF_UP, Emax=MAX_EMAX, Emin=MIN_EMIN)
    return d.quantize(exp, rounding=ROUND_HALF_UP, context=ctx)


def format_id(value: Decimal, decimals: int | None = None) -> str:
    """Indonesian display: "1.234.567,89"; ``decimals`` rounds half-up."""
    d = _to_decimal(value)
    if not d.is_finite():
        raise ValueError(f"cannot format {d}")
    if decimals is not None:
        text = format(round_half_up(d, decimals), "f")
    else:
        text = format(d, "f")  # exact, never an exponent
        if "." in text:
            text = text.rstrip("0").rstrip(".")
    negative = text.startswith("-")
    if negative:
        text = text[1:]
    ip, _, fp = text.partition(".")
    head = len(ip) % 3 or 3
    groups = [ip[:head]] + [ip[i : i + 3] for i in range(head, len(ip), 3)]
    out = ".".join(groups)
    if fp:
        out += "," + fp
    if negative and (ip + fp).strip("0"):
        out = "-" + out  # no "-0"
    return out


# -- "1.500" in a kinerja (K) column ------------------------------------------------------------------------
# One dot followed by exactly three digits is thousands by the Indonesian convention ("1.786" is 1786), but a
# sheet whose K cells say "1.5" and "2.25" writes dot decimals, and there "1.500" is 1,5: read as 1500 against a
# target of 3 it is 50.000 %.  The sheet settles it: the column's other cells first, then the sheet's.
_DOT3 = lazy_re(r"^\s*[+\-−]?[1-9]\d{0,2}\.\d{3}(?![\d.,])")
_DOT_DECIMAL = lazy_re(r"^\s*[+\-−]?\d+\.(?:\d{1,2}|\d{4,})(?![\d.,])")
_THOUSANDS = lazy_re(r"\d\.\d{3}\.\d{3}(?!\d)|\d,(?:\d{1,2}|\d{4,})(?![\d.,])|\d\.\d{3},\d")

DOT_DECIMAL, DOT_THOUSANDS, DOT_AMBIGUOUS = "decimal", "thousands", "ambiguous"


class DotConvention:
    """How a sheet writes a dot, from the text of its data cells: `add(col, ref, text)` each, then `read(col,
    text)` for a K cell typed "1.500": (verdict, value, the cell that settled it).  A column with a dot decimal
    ("1.5", "2.25", "73.10") reads it 1,5; else a sheet with dot thousands groups ("1.905.955") or comma
    decimals ("2,25") reads it 1500; else it is ambiguous (a warning, not reported, like "144,300" in Rp)."""

    def __init__(self):
        self.decimal_cols: dict[int, str] = {}
        self.thousands: str = ""

    def add(self, col: int, ref: str, text: str) -> None:
        if _DOT_DECIMAL.match(text):
            self.decimal_cols.setdefault(col, ref)
        elif not self.thousands and _THOUSANDS.search(text):
            self.thousands = ref

    @staticmethod
    def applies(text) -> bool:
        return isinstance(text, str) and bool(_DOT3.match(text))

    def read(self, col: int, text: str) -> tuple[str, Decimal | None, str]:
        if col in self.decimal_cols:
            return DOT_DECIMAL, parse_number(text.replace(".", ",", 1)).value, self.decimal_cols[col]
        if self.thousands:
            return DOT_THOUSANDS, parse_number(text).value, self.thousands
        return DOT_AMBIGUOUS, None, ""
