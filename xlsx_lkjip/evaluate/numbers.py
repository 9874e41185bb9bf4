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
    "0,25" -> 0.25);
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
from dataclasses import dataclass
from decimal import MAX_EMAX, MIN_EMIN, ROUND_HALF_UP, Context, Decimal

from ..config import MAX_EXPONENT

__all__ = ["Parsed", "parse_number", "format_id", "round_half_up"]


@dataclass(frozen=True)
class Parsed:
    kind: str  # "number" | "nil" | "empty" | "text"
    value: Decimal | None  # number; Decimal(0) for nil; None for empty/text
    unit: str = ""  # trailing unit text kept for display
    percent: bool = False  # the text carried a % sign

    @property
    def reported(self) -> bool:
        return self.kind in ("number", "nil")


_EMPTY = Parsed("empty", None)
_TEXT = Parsed("text", None)
_NIL = Parsed("nil", Decimal(0))

_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_CUR = r"(?:rp\.?|idr)"

_NIL_RE = re.compile(rf"(?:{_CUR}\s*)?[{_DASHES}]+", re.IGNORECASE)
# Python float literal with an exponent; without one the Indonesian rules apply.
_SCI_RE = re.compile(r"[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)[eE][-+]?[0-9]{1,5}")
_PAREN_RE = re.compile(rf"(?P<cur>{_CUR}\s*)?\(\s*(?P<inner>.*?)\s*\)", re.IGNORECASE | re.DOTALL)
_AMOUNT_RE = re.compile(
    r"(?P<s1>[-+\u2212])?"
    rf"(?:(?P<cur>{_CUR})\s*(?P<s2>[-+\u2212])?)?"
    # digit runs with separators; a whitespace only continues the number when
    # a digit follows, so "15 Laporan" stops before the unit.
    r"(?P<num>[0-9][0-9.,]*(?:\s[0-9][0-9.,]*)*)"
    r"(?P<rest>.*)",
    re.IGNORECASE | re.DOTALL,
)
_FAST_DEC_RE = re.compile(r"-?[0-9]+,[0-9]+")

_DOT_GROUPS = re.compile(r"[1-9][0-9]{0,2}(?:\.[0-9]{3})+")
_COMMA_GROUPS = re.compile(r"[1-9][0-9]{0,2}(?:,[0-9]{3})+")
_ID_FULL = re.compile(r"([1-9][0-9]{0,2}(?:\.[0-9]{3})+),([0-9]+)")
_EN_FULL = re.compile(r"([1-9][0-9]{0,2}(?:,[0-9]{3})+)\.([0-9]+)")
_SPACE_GROUPS = re.compile(r"([1-9][0-9]{0,2}(?:\s[0-9]{3})+)(?:,([0-9]+))?")
_WS_RE = re.compile(r"\s")
_EXPONENT_UNIT = re.compile(r"[eE][-+]?[0-9]")
# Integer forms that may end in the ",-" "no cents" idiom.
_INT_FORM = re.compile(r"[0-9]+|[1-9][0-9]{0,2}(?:\.[0-9]{3})+|[1-9][0-9]{0,2}(?:\s[0-9]{3})+")


def parse_number(raw) -> Parsed:
    """Classify one cell value; never raises (see module docstring).  A figure of 1E+308 or more is no
    number a spreadsheet can hold (the largest double is 1.8E+308): text, as the sheet reader takes it."""
    if raw is None:
        return _EMPTY
    if isinstance(raw, str):
        if type(raw) is not str:
            raw = str.__str__(raw)  # ignore overridden methods of subclasses
        parsed = _parse_str(raw)
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


def _parse_str(s: str) -> Parsed:
    s = s.strip()
    if s and (s[0] in _ZERO_WIDTH or s[-1] in _ZERO_WIDTH):
        s = s.strip().strip(_ZERO_WIDTH).strip()
    if not s:
        return _EMPTY
    # Fast paths for the common shapes: "123", "-5", "12,5".
    if s.isascii() and s.isdigit():
        return Parsed("number", Decimal(s))
    if _FAST_DEC_RE.fullmatch(s):
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
            return _TEXT
        value, unit, signed, has_cur = inner
        if unit or signed or (has_cur and m.group("cur")):
            return _TEXT
        return Parsed("number", value.copy_negate())

    parsed = _parse_amount(s)
    if parsed is None:
        return _TEXT
    value, unit, _signed, has_cur = parsed
    percent = unit.startswith("%")
    if percent and has_cur:
        return _TEXT
    return Parsed("number", value, unit, percent)


def _parse_amount(s: str) -> tuple[Decimal, str, bool, bool] | None:
    """Return (value, unit, had_sign, had_currency) or None for text."""
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

    value = Decimal(canon)
    sign = s1 or s2
    if sign and sign != "+":
        value = value.copy_negate()  # exact, unlike unary minus under a context
    return value, unit, bool(sign), bool(m.group("cur"))


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
