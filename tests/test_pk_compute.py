"""PK formulas (pure): polarity, accumulation, quarter targets, serapan and efisiensi, with the seed figures."""

from decimal import Decimal as D

import pytest

from xlsx_lkjip.evaluate import compute
from xlsx_lkjip.evaluate.compute import AKHIR, KUMULATIF, RATA_RATA
from xlsx_lkjip.config import EFISIENSI, PERMENDAGRI_86


def cap(r, t, negative=False, formula=compute.NEG_2T_MINUS_R):
    return compute.capaian_pk(None if r is None else D(r), None if t is None else D(t), negative=negative,
                              negative_formula=formula).value


def test_seed_000_negative_indicator():
    # "Jumlah pelanggaran disiplin": target 12, realisasi 21; the report's 175 % applied the positive formula
    assert cap("21", "12") == D("175.00")
    assert cap("21", "12", negative=True) == D("25.00")


def test_seed_figures_positive():
    assert cap("70.51", "80") == D("88.14")       # seed 000 printed 88,13 (truncated)
    assert cap("59", "84") == D("70.24")
    assert compute.predikat(D("70.24"), PERMENDAGRI_86) == "Sedang"
    assert cap("18", "96") == D("18.75")
    assert compute.predikat(D("18.75"), PERMENDAGRI_86) == "Sangat Rendah"


def test_capaian_never_below_zero_and_above_100_kept():
    assert cap("40", "12", negative=True) == D("0.00")
    assert cap("30", "12") == D("250.00")


def test_alternative_negative_formula():
    assert cap("21", "12", negative=True, formula=compute.NEG_T_OVER_R) == D("57.14")
    zero = compute.capaian_pk(D(0), D(12), negative=True, negative_formula=compute.NEG_T_OVER_R)
    assert (zero.value, zero.reason) == (D("200.00"), "zero-realisasi")   # issue 21: (2T-R)/T at R = 0


def test_missing_target():
    assert compute.capaian_pk(D(5), None, negative=False).reason == "no-target"
    assert compute.capaian_pk(D(5), D(0), negative=False).reason == "no-target"
    assert compute.capaian_pk(None, D(0), negative=False).value is None


@pytest.mark.parametrize("mode, expected", [
    (KUMULATIF, [D(5), D(11), D(15), D(21)]),
    (AKHIR, [D(5), D(6), D(4), D(6)]),
    (RATA_RATA, [D(5), D("5.5"), D(5), D("5.25")]),
])
def test_accumulation_modes(mode, expected):
    assert compute.accumulate([D(5), D(6), D(4), D(6)], mode) == expected


def test_unreported_quarters_stay_empty():
    assert compute.accumulate([D(3), None, None, None], KUMULATIF) == [D(3), None, None, None]
    assert compute.accumulate([None, D(2), None, D(1)], KUMULATIF) == [None, D(2), None, D(3)]
    assert compute.accumulate([D(0), None, None, None], AKHIR) == [D(0), None, None, None]  # "-" is reported


def test_quarter_targets():
    annual = D(100)
    assert compute.quarter_targets(annual, None, KUMULATIF) == [annual] * 4
    tw = [D(10), D(20), D(30), D(40)]
    assert compute.quarter_targets(annual, tw, KUMULATIF) == [D(10), D(30), D(60), D(100)]
    assert compute.quarter_targets(annual, tw, AKHIR) == tw
    assert compute.quarter_targets(annual, [D(10), None, None, None], AKHIR) == [D(10), annual, annual, annual]


def test_serapan_and_efisiensi_seed_001_002():
    assert compute.efisiensi(D("100.84"), D("65.39")) == D("1.54")
    assert compute.efisiensi(D("194.36"), D("89.52")) == D("2.17")
    assert [EFISIENSI.label(D(v)) for v in ("1.54", "2.17", "1.14", "0.92", "1.2", "7.6", "1.5", "1")] == [
        "Sangat Efisien", "Sangat Efisien", "Efisien", "Kurang Efisien", "Efisien", "Sangat Efisien",
        "Sangat Efisien", "Efisien"]
    assert compute.serapan(D(3502019685), D(3643757843)).value == D("96.11")   # seed 002 "96,11%"
    assert compute.efisiensi(D(50), D(0)) is None
