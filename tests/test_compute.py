"""The formulas and the predikat scale, checked against figures published in the seeds."""

from decimal import Decimal as D

import pytest

from xlsx_lkjip.evaluate import compute
from xlsx_lkjip.config import ATRIBUT, PERMENDAGRI_86

P = compute.Formula


def capaian(realisasi, target):
    return compute.ratio(realisasi, target, percent=True, decimals=2).value


@pytest.mark.parametrize("parts, target, expected", [
    # seed 002 (Dumai 2023): Koordinasi Pelaksanaan Administrasi Pemberhentian
    (["26", "30", "32", "43"], "121", "108.26"),
    (["8367000", "8780000", "0", "58737000"], "79747000", "95.16"),
    # seed 002: Koordinasi dan Fasilitasi Pengadaan PNS dan PPPK (0,25+0,25+0,5+1 is exactly 2)
    (["0.25", "0.25", "0.5", "1"], "2", "100.00"),
    (["403988150"], "409979243", "98.54"),
    # seed 002: Pengelolaan Mutasi ASN, above 100 % is kept
    (["29", "36", "75", "127"], "150", "178.00"),
    # seed 003 (Sumenep IKU)
    (["59"], "84", "70.24"),
    (["18"], "96", "18.75"),
])
def test_seed_figures(parts, target, expected):
    total = compute.add(D(p) for p in parts)
    assert capaian(total, D(target)) == D(expected)


def test_seed_predikat():
    assert compute.predikat(D("70.24"), PERMENDAGRI_86) == "Sedang"
    assert compute.predikat(D("18.75"), PERMENDAGRI_86) == "Sangat Rendah"
    assert compute.predikat(D("178.00"), PERMENDAGRI_86) == "Sangat Tinggi"


def test_decimal_sum_is_exact():
    assert compute.add([D("0.25"), D("0.25"), D("0.5"), D("1")]) == D(2)


@pytest.mark.parametrize("value, label", [
    ("91", "Sangat Tinggi"), ("90.99", "Tinggi"), ("90.995", "Sangat Tinggi"),  # rounded to 91.00 first
    ("90.994", "Tinggi"), ("76", "Tinggi"), ("75.99", "Sedang"), ("66", "Sedang"), ("65.99", "Rendah"),
    ("51", "Rendah"), ("50.99", "Sangat Rendah"), ("0", "Sangat Rendah"), ("250", "Sangat Tinggi"),
])
def test_permendagri_scale_closes_gaps_downwards(value, label):
    assert compute.predikat(D(value), PERMENDAGRI_86) == label


def test_atribut_scale():
    assert [compute.predikat(D(v), ATRIBUT) for v in ("85", "84.99", "70", "55", "54.99")] == [
        "Sangat Berhasil", "Berhasil", "Berhasil", "Cukup Berhasil", "Tidak Berhasil"]


def test_rounding_is_half_up():
    assert capaian(D("70.51"), D("80")) == D("88.14")       # seed 000 printed 88,13 (truncated)
    assert capaian(D(1), D(8)) == D("12.50")
    assert capaian(D("0.0000125"), D("0.0001")) == D("12.50")
    assert compute.average([D("0.005"), D("0.005")]) == D("0.01")


def test_sum_of_unreported_parts_is_empty():
    assert compute.add([None, None]) is None
    assert compute.add([None, D(0)]) == D(0)      # "-" (nil) is reported


def test_ratio_without_target():
    assert compute.ratio(D(5), None).reason == "no-target"
    assert compute.ratio(D(5), D(0)).reason == "no-target"
    assert compute.ratio(D(5), D(0)).value is None
    assert compute.ratio(None, D(0)) == compute.RatioOutcome(None)  # nothing reported: no warning


def test_average_skips_empty_rows():
    assert compute.average([D("100"), None, D("50.01")]) == D("75.01")
    assert compute.average([None]) is None


def test_evaluate_standard_e81_chain():
    formulas = [P(13, "sum", (9, 10, 11, 12), False), P(14, "ratio", (13, 8), True),
                P(15, "sum", (7, 13), False), P(16, "ratio", (15, 6), True)]
    values = {6: D(300), 7: D(100), 8: D(121), 9: D(26), 10: D(30), 11: D(32), 12: D(43)}
    out, reasons = compute.evaluate(formulas, values)
    assert out == {13: D(131), 14: D("108.26"), 15: D(231), 16: D("77.00")}
    assert reasons == {}


def test_evaluate_first_quarter_round():
    formulas = [P(13, "sum", (9, 10, 11, 12), False), P(14, "ratio", (13, 8), True)]
    out, _ = compute.evaluate(formulas, {8: D(4), 9: D(1), 10: None, 11: None, 12: None})
    assert out == {13: D(1), 14: D("25.00")}
    out, reasons = compute.evaluate(formulas, {8: None, 9: D(1)})
    assert out[14] is None and reasons == {14: "no-target"}
