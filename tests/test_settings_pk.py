"""Settings that change PK figures: negative formula, monitoring round, per-quarter predikat scale,
efficiency scale, the words that make an indicator "Akhir"."""

from dataclasses import replace
from decimal import Decimal as D

from xlsx_lkjip.api import complete_workbook
from xlsx_lkjip.config import DEFAULT, EFISIENSI, PERMENDAGRI_86, Scale
from tests.test_pk import pk_file


def rows_of(tmp_path, data, config=DEFAULT, **kw):
    p = pk_file(tmp_path, data, **kw)
    res = complete_workbook(p, p.with_name("out.xlsx"), config)
    return res, res.sheets[0].rows


NEG = [1, "S", "Jumlah pelanggaran disiplin", "kasus", "Negatif", 12, 5, 6, 4, 6]


def test_negative_formula_setting(tmp_path):
    _, (row,) = rows_of(tmp_path, [NEG])
    assert row.tahunan == D("25.00")
    _, (row,) = rows_of(tmp_path, [NEG], replace(DEFAULT, negative_formula="T/R"))
    assert row.tahunan == D("57.14")       # 12 / 21


def test_monitoring_round_ignores_and_warns_later_quarters(tmp_path):
    res, (row,) = rows_of(tmp_path, [[1, "S", "Jumlah laporan", "Laporan", None, 4, 1, 1, 1, None]],
                          replace(DEFAULT, triwulan=2))
    assert row.capaian == [D("25.00"), D("50.00"), None, None] and row.tahunan == D("50.00")
    after = [p for p in res.problems if p.code == "after-round"]
    assert [p.cell for p in after] == ["I6"] and "triwulan II" in after[0].message


def test_per_quarter_scale_grades_cumulative_capaian(tmp_path):
    tw1 = Scale(((D(23), "Sangat Tinggi"), (D(20), "Tinggi"), (D(17), "Sedang"), (D(13), "Rendah")), "Sangat Rendah")
    cfg = replace(DEFAULT, predikat_per_quarter=((1, tw1),))
    data = [[1, "S", "Jumlah laporan", "Laporan", None, 4, 1, None, None, None]]
    tw1 = "Perjanjian Kinerja Triwulan I Tahun 2022"
    _, (row,) = rows_of(tmp_path, data, title=tw1)
    assert (row.tahunan, row.predikat) == (D("25.00"), "Sangat Rendah")
    _, (row,) = rows_of(tmp_path, data, cfg, title=tw1)
    assert (row.tahunan, row.predikat) == (D("25.00"), "Sangat Tinggi")
    # a TW IV round grades every indicator on TW IV's scale, also one reported only in TW I (issue 21)
    _, (row,) = rows_of(tmp_path, data, cfg)
    assert (row.tahunan, row.predikat) == (D("25.00"), "Sangat Rendah")
    _, (row,) = rows_of(tmp_path, [[1, "S", "Jumlah laporan", "Laporan", None, 4, 1, 1, None, None]], cfg, title=tw1)
    assert row.predikat == PERMENDAGRI_86.label(D(50))     # TW II has no scale of its own


def test_efisiensi_scale_setting(tmp_path):
    head = ["No", "Indikator Kinerja", "Target", "Realisasi TW I", "Realisasi TW II", "Realisasi TW III",
            "Realisasi TW IV", "Capaian", "Anggaran", "Realisasi Anggaran", "Efisiensi", "Kategori Efisiensi"]
    data = [[1, "Persentase A", 100, None, None, None, 100, None, 100, 80]]
    _, (row,) = rows_of(tmp_path, data, head=head, sub=None, merges=())
    assert (row.efisiensi, row.efisiensi_kategori) == (D("1.25"), EFISIENSI.label(D("1.25"))) == (D("1.25"), "Efisien")
    strict = Scale(((D(2), "Sangat Efisien"), (D("1.3"), "Efisien")), "Kurang Efisien")
    _, (row,) = rows_of(tmp_path, data, replace(DEFAULT, efisiensi=strict), head=head, sub=None, merges=())
    assert row.efisiensi_kategori == "Kurang Efisien"


def test_akhir_words_setting(tmp_path):
    data = [[1, "S", "Cakupan layanan", "cakupan", None, 100, 10, 20, 30, 40]]
    _, (row,) = rows_of(tmp_path, data)
    assert (row.accumulation, row.tahunan) == ("kumulatif", D("100.00"))
    _, (row,) = rows_of(tmp_path, data, replace(DEFAULT, level_name_prefixes=("cakupan",)))
    assert (row.accumulation, row.tahunan) == ("akhir", D("40.00"))
    _, (row,) = rows_of(tmp_path, data, replace(DEFAULT, level_units=("cakupan",)))
    assert row.accumulation == "akhir"


LEVEL = [1, "S", "Persentase ASN berkinerja baik", "%", None, 80]    # level-like: the latest value stands


def test_zeros_typed_after_the_stated_round_do_not_grade_the_year(tmp_path):
    """A TW I report with 0 and "-" typed in TW II-IV: the capaian tahunan is TW I's (75 %), not the 0 % of a
    TW IV that has not happened; quarters after the round are not graded at all (issue 21)."""
    for later in ([0, 0, 0], ["-", "-", "-"]):
        res, (row,) = rows_of(tmp_path, [LEVEL + [60] + later], title="Perjanjian Kinerja Triwulan I Tahun 2024")
        assert row.capaian == [D("75.00"), None, None, None]
        assert (row.tahunan, row.predikat) == (D("75.00"), "Sedang")
        assert not [p for p in res.problems if p.code == "beyond-stated-round"]


def test_without_a_stated_round_zeros_still_do_not_count_as_a_later_round(tmp_path):
    _, (row,) = rows_of(tmp_path, [LEVEL + [60, 0, 0, 0]], title="Perjanjian Kinerja Tahun 2024")
    assert row.tahunan == D("75.00")


def test_realisasi_after_a_stale_title_still_make_the_round(tmp_path):
    """Title "Triwulan I" over a real TW II figure: the figure wins (and a warning says the title is stale)."""
    res, (row,) = rows_of(tmp_path, [LEVEL + [60, 70, 0, 0]], title="Perjanjian Kinerja Triwulan I Tahun 2024")
    assert row.tahunan == D("87.50")
    assert [p.code for p in res.problems if p.code == "beyond-stated-round"] == ["beyond-stated-round"]


def test_stated_round_grades_with_its_own_scale(tmp_path):
    """Per-quarter scales: a TW I report with zeros after it is graded on the TW I scale."""
    tw1 = Scale(((D(23), "Sangat Tinggi"), (D(20), "Tinggi"), (D(17), "Sedang"), (D(13), "Rendah")), "Sangat Rendah")
    cfg = replace(DEFAULT, predikat_per_quarter=((1, tw1),))
    data = [[1, "S", "Jumlah laporan", "Laporan", None, 4, 1, 0, 0, 0]]
    _, (row,) = rows_of(tmp_path, data, cfg, title="Perjanjian Kinerja Triwulan I Tahun 2024")
    assert (row.tahunan, row.predikat) == (D("25.00"), "Sangat Tinggi")
