"""PK workbooks end to end: header found by keywords, rules applied per row, values written where the sheet
has output columns, the rest untouched.  Workbooks are written here with openpyxl (tests/mini.write_rows)."""

from decimal import Decimal as D
from pathlib import Path

import openpyxl
import pytest

from xlsx_lkjip.api import complete_workbook
from tests.mini import write_rows
from tests.zipedit import read_entries

HEAD = ["No", "Sasaran Strategis", "Indikator Kinerja", "Satuan", "Polaritas", "Target", "Realisasi", None, None,
        None, "Capaian (%)", None, None, None, "Capaian Tahunan (%)", "Predikat", "Keterangan"]
SUB = [None] * 6 + ["TW I", "TW II", "TW III", "TW IV"] * 2
MERGES = ("G4:J4", "K4:N4")


def pk_file(tmp_path: Path, data: list[list], *, head=HEAD, sub=SUB, merges=MERGES, name="pk.xlsx",
            title="Perjanjian Kinerja Triwulan IV Tahun 2022") -> Path:
    rows = [["Perangkat Daerah : BKPSDM Kota Binjai"], [title], []]
    rows += [head] + ([sub] if sub else []) + data
    return write_rows(tmp_path / name, rows, merges=merges)


def complete(p: Path):
    out = p.with_name("out_" + p.name)
    res = complete_workbook(p, out)
    ws = openpyxl.load_workbook(out).active if out.exists() else None
    return res, ws


def test_negative_polarity_accumulates_and_replaces_hand_typed_value(tmp_path):
    p = pk_file(tmp_path, [[1, "Meningkatnya disiplin ASN", "Jumlah pelanggaran disiplin", "kasus", "Negatif", 12,
                            5, 6, "4", "6", None, None, None, None, "175 %", None, "catatan"]])
    res, ws = complete(p)
    row = res.sheets[0].rows[0]
    assert row.negative and row.accumulation == "kumulatif"
    assert row.realisasi_to_date == [D(5), D(11), D(15), D(21)]
    assert row.capaian == [D("158.33"), D("108.33"), D("75.00"), D("25.00")]
    assert row.tahunan == D("25.00") and row.predikat == "Sangat Rendah"
    assert [ws.cell(6, c).value for c in range(11, 17)] == [158.33, 108.33, 75, 25, 25, "Sangat Rendah"]
    assert ws["Q6"].value == "catatan"          # other columns untouched
    replaced = [x for x in res.problems if x.code == "value-replaced"]
    assert replaced[0].cell == "O6" and "175 %" in replaced[0].message and "25,00" in replaced[0].message


@pytest.mark.parametrize("word, negative", [("Positif", False), ("Negatif", True), ("+", False), ("-", True),
                                            ("Maksimal", False), ("Minimal", True),
                                            ("semakin tinggi semakin baik", False),
                                            ("semakin rendah semakin baik", True), (None, False)])
def test_polarity_words(tmp_path, word, negative):
    p = pk_file(tmp_path, [[1, "S", "Jumlah kasus", "kasus", word, 10, 4, None, None, None]])
    res, _ = complete(p)
    row = res.sheets[0].rows[0]
    assert row.negative is negative
    assert row.capaian[0] == (D("160.00") if negative else D("40.00"))


@pytest.mark.parametrize("name, unit, mode", [
    ("Persentase ASN yang mengikuti diklat", "orang", "akhir"),
    ("Jumlah ASN", "%", "akhir"), ("Jumlah ASN", "persen", "akhir"), ("Nilai SAKIP", "nilai", "akhir"),
    ("Indeks Profesionalitas ASN", "poin", "akhir"), ("Tingkat kepuasan", "skala", "akhir"),
    ("Opini BPK", "opini", "akhir"), ("Jumlah laporan", "Laporan", "kumulatif"),
    ("Rata-rata Lama Sekolah", "tahun", "akhir"), ("Rata rata nilai IKM", "poin", "akhir"),
    ("Rerata waktu layanan", "hari", "akhir"),
])
def test_level_like_indicators_take_the_latest_value(tmp_path, name, unit, mode):
    p = pk_file(tmp_path, [[1, "S", name, unit, "Positif", 80, "20", "40,5", "60", "70,51"]])
    res, _ = complete(p)
    row = res.sheets[0].rows[0]
    assert row.accumulation == mode
    if mode == "akhir":
        assert row.capaian == [D("25.00"), D("50.63"), D("75.00"), D("88.14")]   # seed 000: 70,51 of 80
    else:
        assert row.tahunan == D("238.76")   # (20 + 40,5 + 60 + 70,51) / 80


def test_sifat_column_overrides_the_default(tmp_path):
    head = HEAD[:5] + ["Sifat"] + HEAD[5:]
    sub = [None] * 7 + ["TW I", "TW II", "TW III", "TW IV"] * 2
    data = [[1, "S", "Persentase A", "%", "Positif", "Kumulatif", 100, 10, 20, 30, 40],
            [2, "S", "Jumlah B", "dokumen", "Positif", "Akhir", 100, 10, 20, 30, 40],
            [3, "S", "Jumlah C", "dokumen", "Positif", "Rata-rata", 100, 10, 20, 30, 40]]
    res, _ = complete(pk_file(tmp_path, data, head=head, sub=sub, merges=("H4:K4", "L4:O4")))
    a, b, c = res.sheets[0].rows
    assert (a.accumulation, a.tahunan) == ("kumulatif", D("100.00"))
    assert (b.accumulation, b.tahunan) == ("akhir", D("40.00"))
    assert (c.accumulation, c.tahunan) == ("rata-rata", D("25.00"))


def test_first_quarter_round_leaves_later_quarters_empty(tmp_path):
    p = pk_file(tmp_path, [[1, "S", "Jumlah laporan", "Laporan", None, 4, 1, None, None, None],
                           [2, "S", "Jumlah dokumen", "dokumen", None, 4, "-", None, None, None]])
    res, ws = complete(p)
    one, nil = res.sheets[0].rows
    assert one.capaian == [D("25.00"), None, None, None] and one.tahunan == D("25.00")
    assert nil.capaian == [D("0.00"), None, None, None]      # "-" is nil: reported as zero
    assert [ws.cell(6, c).value for c in range(11, 15)] == [25, None, None, None]


def test_target_not_applicable_is_information_and_left_out_of_average(tmp_path):
    p = pk_file(tmp_path, [[1, "S", "Indeks kepuasan", "indeks", None, "N/A", None, None, None, None],
                           [2, "S", "Jumlah laporan", "Laporan", None, 4, 1, 1, 1, 1],
                           [3, "S", "Jumlah X", "X", None, "tidak ada target", None, None, None, None]])
    res, ws = complete(p)
    na, ok, na2 = res.sheets[0].rows
    assert not na.applicable and na.tahunan is None and not na2.applicable
    assert res.average["K"] == D("100.00")
    info = [x for x in res.problems if x.code == "not-applicable"]
    assert {x.level for x in info} == {"info"} and [x.cell for x in info] == ["F6", "F8"]
    assert res.status == "selesai"


def test_target_not_applicable_over_typed_realisasi_is_a_warning(tmp_path):
    """Issue 21: "N/A" typed over a failing indicator's realisasi would take it out of the average unseen."""
    p = pk_file(tmp_path, [[1, "S", "Indeks kepuasan", "indeks", None, "N/A", 1, 2, 3, 4],
                           [2, "S", "Jumlah laporan", "Laporan", None, 4, 1, 1, 1, 1]])
    res, ws = complete(p)
    assert res.average["K"] == D("100.00") and res.status == "dengan peringatan"
    said = [x for x in res.problems if x.code == "not-applicable"]
    assert [(x.level, x.cell) for x in said] == [("peringatan", "F6")] and "realisasinya diisi" in said[0].message


@pytest.mark.parametrize("target", [None, 0, "belum ditetapkan"])
def test_empty_zero_or_text_target_is_a_warning(tmp_path, target):
    p = pk_file(tmp_path, [[1, "S", "Jumlah laporan", "Laporan", None, target, 1, 1, None, None]])
    res, _ = complete(p)
    row = res.sheets[0].rows[0]
    assert row.capaian == [None] * 4 and row.tahunan is None
    warnings = [x for x in res.problems if x.level == "peringatan"]
    assert len(warnings) == 1 and warnings[0].cell == "F6"


def test_text_in_realisasi_is_a_warning_not_reported(tmp_path):
    p = pk_file(tmp_path, [[1, "S", "Jumlah laporan", "Laporan", None, 4, 1, "belum ada data", None, None]])
    res, _ = complete(p)
    row = res.sheets[0].rows[0]
    assert row.realisasi == [D(1), None, None, None]
    assert [x.cell for x in res.problems if x.code == "not-a-number"] == ["H6"]


def test_target_tw_columns_give_the_quarter_targets(tmp_path):
    head = ["No", "Indikator Kinerja", "Satuan", "Target Tahunan", "Target TW I", "Target TW II", "Target TW III",
            "Target TW IV", "Realisasi TW I", "Realisasi TW II", "Realisasi TW III", "Realisasi TW IV",
            "Capaian TW I", "Capaian TW II", "Capaian TW III", "Capaian TW IV", "Capaian", "Predikat"]
    data = [[1, "Jumlah laporan", "Laporan", 12, 3, 3, 3, 3, 3, 2, None, None],
            [2, "Persentase dokumen", "%", 100, 25, 50, 75, 100, 20, 50, None, None]]
    res, ws = complete(pk_file(tmp_path, data, head=head, sub=None, merges=()))
    a, b = res.sheets[0].rows
    assert a.capaian[:2] == [D("100.00"), D("83.33")]        # 5 of the cumulative 6
    assert b.capaian[:2] == [D("80.00"), D("100.00")]        # level: 50 of 50
    assert a.tahunan == D("83.33") and ws["Q5"].value == 83.33 and ws["R5"].value == "Tinggi"


def test_one_row_header_with_other_spellings_and_reordered_columns(tmp_path):
    head = ["Indikator", "Keterangan", "Realisasi Tw.I", "Realisasi Triwulan II", "Realisasi TW 3",
            "Realisasi TW IV", "Target", "No", "Predikat / Kategori", "Capaian Tahunan", "Sumber Data"]
    data = [["Jumlah laporan", "ket", 1, 1, 1, 1, 4, 1, None, None, "BKPSDM"]]
    res, ws = complete(pk_file(tmp_path, data, head=head, sub=None, merges=()))
    assert res.sheets[0].rows[0].tahunan == D("100.00")
    assert (ws["J5"].value, ws["I5"].value) == (100, "Sangat Tinggi")
    assert (ws["B5"].value, ws["K5"].value) == ("ket", "BKPSDM")


def test_missing_output_columns_go_to_the_rekap_with_a_note(tmp_path):
    head = ["No", "Indikator Kinerja", "Target", "Realisasi TW I", "Realisasi TW II", "Realisasi TW III",
            "Realisasi TW IV"]
    res, ws = complete(pk_file(tmp_path, [[1, "Jumlah laporan", 4, 1, 1, None, None]], head=head, sub=None,
                               merges=()))
    assert res.sheets[0].rows[0].tahunan == D("50.00")
    assert {x.code for x in res.problems} == {"output-column-missing"}
    assert ws.max_column == 7   # nothing invented in the agency's sheet


def test_missing_target_column_fails_the_sheet_naming_the_header_row(tmp_path):
    head = ["No", "Indikator Kinerja", "Realisasi TW I", "Realisasi TW II", "Capaian"]
    res, _ = complete(pk_file(tmp_path, [[1, "Jumlah laporan", 1, 1, None]], head=head, sub=None, merges=()))
    assert res.status == "gagal"
    galat = [x for x in res.problems if x.level == "galat"]
    assert galat[0].code == "no-target-column" and "kolom Target tidak ditemukan" in galat[0].message
    assert galat[0].cell == "B4"


def test_sasaran_written_once_applies_to_rows_below(tmp_path):
    data = [[1, "Meningkatnya kompetensi ASN", "Jumlah A", "x", None, 4, 1],
            [2, None, "Jumlah B", "x", None, 4, 1],
            [3, "Meningkatnya disiplin", "Jumlah C", "x", None, 4, 1],
            [4, None, "Jumlah D", "x", None, 4, 1]]
    res, _ = complete(pk_file(tmp_path, data, merges=MERGES + ("B8:B9",)))
    assert [r.sasaran for r in res.sheets[0].rows] == ["Meningkatnya kompetensi ASN"] * 2 + ["Meningkatnya disiplin"] * 2


def test_anggaran_serapan_and_efisiensi(tmp_path):
    head = ["No", "Indikator Kinerja", "Target", "Realisasi TW I", "Realisasi TW II", "Realisasi TW III",
            "Realisasi TW IV", "Capaian", "Predikat", "Anggaran (Pagu)", "Realisasi Anggaran",
            "Serapan Anggaran (%)", "Efisiensi", "Kategori Efisiensi"]
    data = [[1, "Persentase A", 100, None, None, None, "100,84", None, None, "100.000.000", "65.390.000"],
            [2, "Persentase B", 100, None, None, None, 92, None, None, 1000, 1000]]
    res, ws = complete(pk_file(tmp_path, data, head=head, sub=None, merges=()))
    a, b = res.sheets[0].rows
    assert (a.tahunan, a.serapan, a.efisiensi, a.efisiensi_kategori) == (D("100.84"), D("65.39"), D("1.54"),
                                                                         "Sangat Efisien")
    assert (b.serapan, b.efisiensi, b.efisiensi_kategori) == (D("100.00"), D("0.92"), "Kurang Efisien")
    assert (ws["L5"].value, ws["M5"].value, ws["N5"].value) == (65.39, 1.54, "Sangat Efisien")


def test_pk_output_keeps_other_parts_byte_identical(tmp_path):
    p = pk_file(tmp_path, [[1, "S", "Jumlah laporan", "Laporan", None, 4, 1, 1, 1, 1]])
    res, _ = complete(p)
    a, b = read_entries(p), read_entries(p.with_name("out_" + p.name))
    assert list(a) == list(b)
    assert {n for n in a if a[n] != b[n]} <= {"xl/worksheets/sheet1.xml", "xl/styles.xml"}


def test_percent_formatted_input_cells_are_read_as_shown(tmp_path):
    p = pk_file(tmp_path, [[1, "S", "Persentase ASN", "%", None, 0.8, None, None, None, 0.7051]])
    wb = openpyxl.load_workbook(p)
    wb.active["F6"].number_format = "0%"
    wb.active["J6"].number_format = "0.00%"
    wb.save(p)
    res, ws = complete(p)
    row = res.sheets[0].rows[0]
    assert (row.target, row.realisasi[3], row.tahunan) == (D(80), D("70.51"), D("88.14"))


def test_an_indicator_named_rata_rata_is_a_row_and_the_footer_is_not(tmp_path):
    """"Rata-rata Lama Sekolah" is a common IKU: a data row, never taken for the "Rata-rata capaian" footer
    (which was dropping it from the capaian and the average without a word)."""
    p = pk_file(tmp_path, [
        [1, "Meningkatnya mutu pendidikan", "Rata-rata Lama Sekolah", "tahun", "Positif", 9, 8.6, 8.7, 8.8, 9,
         None, None, None, None, None, None, None],
        [None, None, "Rata-rata Capaian Kinerja", None, None, None, None, None, None, None, None, None, None, None,
         None, None, None]])
    res, _ = complete(p)
    (row,) = res.sheets[0].rows
    assert row.indicator == "Rata-rata Lama Sekolah" and row.row == 6


@pytest.mark.parametrize("quarters", [("TW I", "TW Il", "TW Ill", "TW lV"), ("Triwulan l", "Triwulan ll", "Triwulan lll",
                                                                            "Triwulan IV")])
def test_quarter_headers_with_the_letter_l_are_the_same_quarters(tmp_path, quarters):
    """The letter l typed for I ("TW Il", "Ill", "lV"), as the Renja headers of the 2018 E.81 template have it."""
    data = [[1, "S", "Persentase ASN", "%", "Positif", 80, "20", "40,5", "60", "70,51"],
            [2, "S", "Jumlah laporan", "Laporan", "Positif", 360, 40, 40, 40, 40]]
    plain, _ = complete(pk_file(tmp_path, data, name="plain.xlsx"))
    typo, _ = complete(pk_file(tmp_path, data, sub=[None] * 6 + list(quarters) * 2, name="typo.xlsx"))
    assert [(r.capaian, r.tahunan) for r in typo.sheets[0].rows] == [(r.capaian, r.tahunan)
                                                                    for r in plain.sheets[0].rows]
    assert typo.sheets[0].rows[0].tahunan == D("88.14") and typo.sheets[0].rows[1].tahunan == D("44.44")
