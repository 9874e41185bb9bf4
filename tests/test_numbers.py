from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xlsx_lkjip.evaluate.numbers import Parsed, format_id, parse_number, round_half_up

D = Decimal

NUMBER_CASES = [
    # dot = thousands, comma = decimal
    ("1.905.955.200", D("1905955200"), "", False),
    ("2,25", D("2.25"), "", False),
    ("0,25", D("0.25"), "", False),
    ("1.097.270.221,50", D("1097270221.5"), "", False),
    # units
    ("15 Laporan", D(15), "Laporan", False),
    ("73 Orang /bulan", D(73), "Orang /bulan", False),
    ("1 Paket", D(1), "Paket", False),
    ("4 Dokumen", D(4), "Dokumen", False),
    # percent
    ("25 %", D(25), "%", True),
    ("96,11%", D("96.11"), "%", True),
    # currency
    ("Rp 3.502.019.685", D("3502019685"), "", False),
    ("Rp. 3.643.757.843", D("3643757843"), "", False),
    ("Rp3.502.019.685,00", D("3502019685"), "", False),
    # dot as decimal point unless followed by exactly three digits
    ("73.10 %", D("73.1"), "%", True),
    ("99.1%", D("99.1"), "%", True),
    ("0.25", D("0.25"), "", False),
    ("12.5", D("12.5"), "", False),
    ("1.786", D(1786), "", False),
    # the other convention
    ("1,905,955,200", D("1905955200"), "", False),
    ("1,905,955,200.50", D("1905955200.5"), "", False),
    # negatives
    ("-5", D(-5), "", False),
    ("-1.234,5", D("-1234.5"), "", False),
    ("(1.234)", D(-1234), "", False),
    # whitespace
    ("\u00a0 12,5\t", D("12.5"), "", False),
    ("\u202f15 Laporan\u00a0", D(15), "Laporan", False),
    ("1 905 955 200", D("1905955200"), "", False),
    ("1\u00a0905\u00a0955\u00a0200", D("1905955200"), "", False),
    # scientific notation as a plain float literal
    ("1e3", D(1000), "", False),
    ("1E-2", D("0.01"), "", False),
    # ambiguity: a single comma is always the decimal comma
    ("1,786", D("1.786"), "", False),
    # further decisions (see module docstring)
    ("0.250", D("0.25"), "", False),
    ("1234.567", D("1234.567"), "", False),
    ("Rp 5.000,-", D(5000), "", False),
    ("(Rp 1.234)", D(-1234), "", False),
    ("Rp -1.234,5", D("-1234.5"), "", False),
    ("IDR 1.000", D(1000), "", False),
    ("5.000 rupiah", D(5000), "rupiah", False),
    ("25 persen", D(25), "persen", False),
    ("0", D(0), "", False),
]


@pytest.mark.parametrize("text,value,unit,percent", NUMBER_CASES)
def test_number_table(text, value, unit, percent):
    p = parse_number(text)
    assert p.kind == "number", p
    assert p.value == value
    assert p.unit == unit
    assert p.percent is percent
    assert p.reported


@pytest.mark.parametrize("text", ["-", "\u2013", "\u2014", "- ", "  -  ", "\u00a0-\u00a0", "Rp -", "Rp. -"])
def test_nil(text):
    p = parse_number(text)
    assert p == Parsed("nil", D(0))
    assert p.reported


@pytest.mark.parametrize("raw", [None, "", " ", "\t\n", "\u00a0\u202f", "\ufeff"])
def test_empty(raw):
    p = parse_number(raw)
    assert p.kind == "empty" and p.value is None
    assert not p.reported


@pytest.mark.parametrize(
    "text",
    [
        "belum ada data",
        "n/a",
        "N/A",
        "nihil?",
        "abc 12",
        "11 5",
        "2.020.1 00.250",
        "1.5.3",
        "1,5,3",
        "1 23 456",
        "1e3 Laporan",
        "Rp 1e3",
        "1_000e3",
        "- 5",
        "(-5)",
        "(15 Laporan)",
        "12.",
        ".5",
        "5,5,-",
        "15 - 20",
        "5 (lima)",
        "Rp 25 %",
        "1.234.56",
        "1,234.567,8",
        "\uff11\uff12",  # fullwidth digits are not accepted
        "inf",
        "nan",
        "1e99999",
    ],
)
def test_text(text):
    p = parse_number(text)
    assert p.kind == "text" and p.value is None, p
    assert not p.reported


@pytest.mark.parametrize(
    "raw,value",
    [
        (0, D(0)),
        (42, D(42)),
        (-7, D(-7)),
        (12.5, D("12.5")),
        (0.1, D("0.1")),
        (D("3.14"), D("3.14")),
    ],
)
def test_non_string_numbers(raw, value):
    p = parse_number(raw)
    assert p.kind == "number" and p.value == value


@pytest.mark.parametrize(
    "raw", [True, False, float("nan"), float("inf"), -float("inf"), D("NaN"), D("Infinity"), object(), [1], b"12"]
)
def test_non_string_text(raw):
    assert parse_number(raw).kind == "text"


def test_exact_decimal_sum():
    total = sum(parse_number(t).value for t in ["0,25", "0,25", "0,5", "1"])
    assert total == D(2)


@pytest.mark.parametrize(
    "value,decimals,expected",
    [
        (D("108.255"), 2, "108,26"),
        (D("1905955200"), None, "1.905.955.200"),
        (D("-1234.5"), 2, "-1.234,50"),
        (D("2"), None, "2"),
        (D("2.50"), None, "2,5"),
        (D("1E+3"), None, "1.000"),
        (D("100"), None, "100"),
        (D("0.5"), 0, "1"),
        (D("-0.001"), 2, "0,00"),
        (D("-0"), None, "0"),
        (D("123456.789"), 1, "123.456,8"),
    ],
)
def test_format_id(value, decimals, expected):
    assert format_id(value, decimals) == expected


def test_round_half_up():
    assert round_half_up(D("2.345")) == D("2.35")
    assert round_half_up(D("-2.345")) == D("-2.35")
    assert round_half_up(D("2.5"), 0) == D(3)
    assert str(round_half_up(D("1"), 2)) == "1.00"


# --- properties -------------------------------------------------------------

FAST = settings(max_examples=300, deadline=None)

decimals_2 = st.decimals(
    min_value=-(10**15), max_value=10**15, places=2, allow_nan=False, allow_infinity=False
)


@FAST
@given(st.text())
def test_never_raises_on_text(s):
    p = parse_number(s)
    assert p.kind in ("number", "nil", "empty", "text")
    assert isinstance(p.value, Decimal) == p.reported


# Text built from the characters the parser cares about, to reach deep branches.
number_like = st.text(alphabet="0123456789.,-+() %/eERpIDp\u00a0\u2013\t", max_size=25)


@FAST
@given(number_like)
def test_never_raises_on_number_like_text(s):
    parse_number(s)


@FAST
@given(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(),
        st.decimals(),
        st.binary(),
        st.lists(st.integers()),
        st.dictionaries(st.text(), st.integers()),
        st.complex_numbers(),
        st.fractions(),
        st.dates(),
        st.text(),
    )
)
def test_never_raises_on_objects(obj):
    parse_number(obj)


@FAST
@given(decimals_2)
def test_round_trip_two_places(d):
    assert parse_number(format_id(d, 2)).value == d.quantize(D("0.01"))


@FAST
@given(decimals_2)
def test_round_trip_exact(d):
    assert parse_number(format_id(d)).value == d


@FAST
@given(decimals_2)
def test_round_trip_with_unit_and_currency(d):
    p = parse_number(format_id(d) + " Laporan")
    assert (p.value, p.unit) == (d, "Laporan")
    assert parse_number("Rp " + format_id(d)).value == d
    assert parse_number("Rp " + format_id(d, 2)).value == d.quantize(D("0.01"))


@FAST
@given(st.integers())
def test_str_int(n):
    p = parse_number(str(n))
    if abs(n) < 10**308:
        assert p.kind == "number" and p.value == n
    else:   # beyond what a spreadsheet cell holds
        assert p.kind == "text"


@pytest.mark.parametrize("raw", ["1E+308", "-1E+308", "1e400", Decimal("2E+308"), 10**308, "1" + "0" * 308])
def test_figures_no_spreadsheet_holds_are_text(raw):
    assert parse_number(raw).kind == "text"
    assert parse_number("9.99E+307").kind == "number"
