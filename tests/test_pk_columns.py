"""Silent traps of the PK header (issue 16, "What the PK reader must learn"): a Renstra target column is not
the annual target; two target columns that cannot be told apart are said, never guessed; quarterly budget
columns are quarters, and the serapan follows the monitoring round as the capaian does.  The Renstra target
and the per-quarter budget are kept on the PK row results for the annual LKjIP tables.

Figures: seed 000 (Binjai 2022) 40 / 38 -> 95,00 with realisasi 6, 10, 12, 10 over the quarters; seed 001
(Blitar) 95 / 95,80 -> 100,84, budget 4.165.853.900 / 2.723.990.945 -> 65,39 %, efisiensi 100,84 / 65,39 =
1,542 -> 1,54 Sangat Efisien.
"""

from decimal import Decimal as D
from pathlib import Path

import openpyxl
import pytest

from xlsx_lkjip.api import complete_workbook
from xlsx_lkjip.config import Config
from tests.indigo_builders import assert_same_except
from tests.mini import write_rows

N = None
DIKLAT = "Jumlah Pejabat yang mengikuti Diklat sesuai dengan jenjang kompetensi jabatan"
QUARTERS = ["Realisasi TW I", "Realisasi TW II", "Realisasi TW III", "Realisasi TW IV"]


def pk(tmp_path: Path, head: list, data: list[list], *, title="Perjanjian Kinerja Triwulan IV Tahun 2022",
       name="pk.xlsx", sub=None, merges=()) -> Path:
    rows = [["Perangkat Daerah : BKPSDM Kota Binjai"], [title], [], head] + ([sub] if sub else []) + data
    return write_rows(tmp_path / name, rows, merges=merges)


@pytest.mark.parametrize("label", ["Target Akhir Renstra", "Target Renstra", "Target 2026 (akhir periode)",
                                   "Target RPJMD 2026", "TARGET AKHIR PERIODE RENSTRA", "Kondisi Akhir Target"])
def test_a_renstra_target_left_of_the_annual_target_is_never_the_annual_target(tmp_path, label):
    head = ["No", "Indikator Kinerja", "Satuan", label, "Target", *QUARTERS, "Capaian Tahunan (%)", "Predikat"]
    src = pk(tmp_path, head, [[1, DIKLAT, "orang", 200, 40, 6, 10, 12, 10, N, N]])
    out = tmp_path / "out.xlsx"
    res = complete_workbook(src, out)
    assert res.status == "selesai", res.problems
    row = res.sheets[0].rows[0]
    assert (row.target, row.target_renstra) == (D(40), D(200))
    assert (row.tahunan, row.predikat) == (D("95.00"), "Sangat Tinggi")      # not 38/200 = 19,00
    assert res.sheets[0].layout.cols["target_renstra"] == 4
    got = assert_same_except(src, out, {"J5", "K5"})
    assert (got["J5"], got["K5"]) == (95, "Sangat Tinggi")


def test_a_two_row_target_group_tells_the_renstra_apart(tmp_path):
    """"Target" merged over "Renstra 2026 | Tahun 2022": the sub-labels decide."""
    head = ["No", "Indikator Kinerja", "Target", N, "Realisasi", N, N, N, "Capaian Tahunan (%)"]
    sub = [N, N, "Akhir Renstra (2026)", "Tahun 2022", "TW I", "TW II", "TW III", "TW IV", N]
    src = pk(tmp_path, head, [[1, DIKLAT, 200, 40, 6, 10, 12, 10, N]], sub=sub,
             merges=("C4:D4", "E4:H4", "A4:A5", "B4:B5", "I4:I5"))
    row = complete_workbook(src, None).sheets[0].rows[0]
    assert (row.target, row.target_renstra, row.tahunan) == (D(40), D(200), D("95.00"))


def test_two_target_columns_that_cannot_be_told_apart_are_a_galat_not_a_guess(tmp_path):
    head = ["No", "Indikator Kinerja", "Target", "Target Tahunan", *QUARTERS, "Capaian Tahunan (%)"]
    src = pk(tmp_path, head, [[1, DIKLAT, 200, 40, 6, 10, 12, 10, 99]])
    out = tmp_path / "out.xlsx"
    res = complete_workbook(src, out)
    assert res.status == "gagal" and not res.sheets[0].rows
    (g,) = [p for p in res.problems if p.level == "galat"]
    assert (g.code, g.cell) == ("ambiguous-column", "C4")
    assert 'C4 "Target"' in g.message and 'D4 "Target Tahunan"' in g.message and "tidak dihitung" in g.message
    assert not out.exists()


def test_the_year_above_the_table_tells_two_years_targets_apart(tmp_path):
    head = ["No", "Indikator Kinerja", "Target 2021", "Target 2022", *QUARTERS, "Capaian Tahunan (%)"]
    data = [[1, DIKLAT, 10, 40, 6, 10, 12, 10, N]]
    row = complete_workbook(pk(tmp_path, head, data), None).sheets[0].rows[0]
    assert (row.target, row.tahunan) == (D(40), D("95.00"))
    # without a year above the table nothing tells them apart
    res = complete_workbook(pk(tmp_path, head, data, title="Perjanjian Kinerja", name="noyear.xlsx"), None)
    assert res.status == "gagal" and [p.code for p in res.problems if p.level == "galat"] == ["ambiguous-column"]


def test_ambiguous_annual_targets_beside_quarter_targets_are_a_warning(tmp_path):
    """With Target TW I-IV the capaian does not rest on the annual target: the two columns are said and not
    used, the annual target comes from the quarters (40 = 10 x 4)."""
    head = ["No", "Indikator Kinerja", "Target", "Target PK", "Target TW I", "Target TW II", "Target TW III",
            "Target TW IV", *QUARTERS, "Capaian Tahunan (%)"]
    res = complete_workbook(pk(tmp_path, head, [[1, DIKLAT, 200, 40, 10, 10, 10, 10, 6, 10, 12, 10, N]]), None)
    row = res.sheets[0].rows[0]
    assert (row.target, row.capaian, row.tahunan) == (D(40), [D("60.00"), D("80.00"), D("93.33"), D("95.00")],
                                                      D("95.00"))
    (w,) = [p for p in res.problems if p.level != "info"]
    assert (w.code, w.level, w.cell) == ("ambiguous-column", "peringatan", "C4")


def test_without_an_annual_target_column_the_quarter_targets_make_it(tmp_path):
    head = ["No", "Indikator Kinerja", "Satuan", "Target TW I", "Target TW II", "Target TW III", "Target TW IV",
            *QUARTERS]
    data = [[1, DIKLAT, "orang", 10, 10, 10, 10, 6, 10, 12, 10],
            [2, "Persentase ASN yang menyusun SKP", "%", 20, 40, 60, 80, "15,2", "38,75", "54,3", "70,51"]]
    res = complete_workbook(pk(tmp_path, head, data), None)
    a, b = res.sheets[0].rows
    assert (a.target, a.tahunan) == (D(40), D("95.00"))
    assert (b.accumulation, b.target, b.tahunan) == ("akhir", D(80), D("88.14"))   # TW IV's target: 70,51 / 80
    assert b.capaian == [D("76.00"), D("96.88"), D("90.50"), D("88.14")]
    assert [p.code for p in res.problems] == ["derived-target"] + ["output-column-missing"] * 2


BUDGET_HEAD = (["No", "Indikator Kinerja", "Satuan", "Target", *QUARTERS]
               + [f"Anggaran TW {q}" for q in ("I", "II", "III", "IV")]
               + [f"Realisasi Anggaran TW {q}" for q in ("I", "II", "III", "IV")]
               + [f"Serapan TW {q} (%)" for q in ("I", "II", "III", "IV")]
               + ["Capaian Tahunan (%)", "Serapan Anggaran (%)", "Efisiensi", "Kategori Efisiensi"])
PAGU_TW = ["1.000.000.000", "1.100.000.000", "1.000.000.000", "1.065.853.900"]        # = 4.165.853.900
SPENT_TW = ["600.000.000", "700.000.000", "650.000.000", "Rp 773.990.945"]             # = 2.723.990.945
BLITAR = "Persentase ASN yang memenuhi standar kompetensi"


def test_quarterly_budget_columns_are_quarters(tmp_path):
    """Seed 001: serapan 2.723.990.945 / 4.165.853.900 = 65,39 %; efisiensi 100,84 / 65,39 = 1,54.
    Before, "Realisasi Anggaran TW I" was read as the one budget column and TW II-IV were ignored."""
    data = [[1, BLITAR, "%", 95, "90", "92,5", "94", "95,80"] + PAGU_TW + SPENT_TW + ["=F5"] * 4 + [N, N, N, N]]
    src = pk(tmp_path, BUDGET_HEAD, data)
    out = tmp_path / "out.xlsx"
    res = complete_workbook(src, out)
    assert res.status == "selesai", res.problems
    row = res.sheets[0].rows[0]
    assert row.tahunan == D("100.84")
    assert row.pagu_tw == [D(1_000_000_000), D(1_100_000_000), D(1_000_000_000), D(1_065_853_900)]
    assert row.realisasi_anggaran_tw == [D(600_000_000), D(700_000_000), D(650_000_000), D(773_990_945)]
    assert (row.pagu, row.realisasi_anggaran) == (D(4_165_853_900), D(2_723_990_945))
    # to date over the plan to date: 600/1000, 1300/2100, 1950/3100, 2723,99/4165,85
    assert row.serapan_tw == [D("60.00"), D("61.90"), D("62.90"), D("65.39")]
    assert (row.serapan, row.efisiensi, row.efisiensi_kategori) == (D("65.39"), D("1.54"), "Sangat Efisien")
    got = assert_same_except(src, out, {f"{c}5" for c in ("Q", "R", "S", "T", "U", "V", "W", "X")})
    assert [got[f"{c}5"] for c in "QRSTUVWX"] == [60, 61.9, 62.9, 65.39, 100.84, 65.39, 1.54, "Sangat Efisien"]


def test_serapan_follows_the_monitoring_round(tmp_path):
    """A TW II report (its title says so; TW III-IV carry typed zeros): serapan 1.300 / 2.100 = 61,90 %, the
    capaian that of TW II, efisiensi 97,37 / 61,90 = 1,573 -> 1,57."""
    data = [[1, BLITAR, "%", 95, "90", "92,5", 0, "-"] + PAGU_TW + SPENT_TW[:2] + [0, "-"] + [N] * 8]
    res = complete_workbook(pk(tmp_path, BUDGET_HEAD, data, title="Perjanjian Kinerja Triwulan II Tahun 2022"),
                            None)
    sheet = res.sheets[0]
    row = sheet.rows[0]
    assert sheet.round == 2
    assert (row.tahunan, row.realisasi_tahunan) == (D("97.37"), D("92.5"))
    assert (row.realisasi_anggaran, row.serapan, row.efisiensi) == (D(1_300_000_000), D("61.90"), D("1.57"))
    # --triwulan II: a budget realisasi after it is a warning and not counted, like a kinerja one
    data[0][15] = "650.000.000"
    res = complete_workbook(pk(tmp_path, BUDGET_HEAD, data, name="late.xlsx"), None, Config(triwulan=2))
    assert res.sheets[0].rows[0].serapan == D("61.90")
    assert [p.cell for p in res.problems if p.code == "after-round"] == ["G5", "H5", "O5", "P5"]


def test_an_annual_pagu_with_quarterly_realisasi(tmp_path):
    head = ["No", "Indikator Kinerja", "Target", *QUARTERS, "Anggaran (Pagu)",
            *[f"Realisasi Anggaran TW {q}" for q in ("I", "II", "III", "IV")], "Serapan Anggaran (%)"]
    data = [[1, DIKLAT, 40, 6, 10, 12, 10, "4.165.853.900", *SPENT_TW, N]]
    row = complete_workbook(pk(tmp_path, head, data), None).sheets[0].rows[0]
    assert row.pagu == D(4_165_853_900) and row.pagu_tw == [None] * 4
    assert row.serapan_tw == [D("14.40"), D("31.21"), D("46.81"), D("65.39")]   # each to date over the year's
    assert row.serapan == D("65.39")


def test_monthly_budget_columns_are_added_into_their_quarters(tmp_path):
    """A monthly plan with "Anggaran <bulan>" and "Realisasi Anggaran <bulan>": money adds up."""
    months = ["Januari", "Februari", "Maret", "April", "Mei", "Juni"]
    head = ["No", "Indikator Kinerja", "Target"] + [f"Realisasi {m}" for m in months] \
        + [f"Anggaran {m}" for m in months] + [f"Realisasi Anggaran {m}" for m in months] + ["Serapan Anggaran (%)"]
    data = [[1, DIKLAT, 40, 2, "-", 4, 3, 3, 4] + [100] * 6 + [50, 60, 70, 80, 90, N] + [N]]
    res = complete_workbook(pk(tmp_path, head, data, title="Triwulan II Tahun 2022"), tmp_path / "out.xlsx")
    row = res.sheets[0].rows[0]
    assert row.pagu_tw[:2] == [D(300), D(300)] and row.realisasi_anggaran_tw[:2] == [D(180), D(170)]
    assert (row.serapan, row.tahunan) == (D("58.33"), D("40.00"))   # 350 / 600; 16 / 40
    ws = openpyxl.load_workbook(tmp_path / "out.xlsx").active
    assert ws["V5"].value == 58.33


def test_a_lone_target_naming_another_year_is_used_and_said(tmp_path):
    head = ["No", "Indikator Kinerja", "Target 2026", *QUARTERS, "Realisasi 2021", "Capaian Tahunan (%)"]
    res = complete_workbook(pk(tmp_path, head, [[1, DIKLAT, 40, 6, 10, 12, 10, 30, N]]), None)
    assert res.sheets[0].rows[0].tahunan == D("95.00")
    (w,) = [p for p in res.problems if p.level != "info"]
    assert (w.code, w.cell) == ("other-year-column", "C4")
    assert 'C4 "Target 2026"' in w.message and "2026" in w.message


def test_kinerja_and_keuangan_targets_are_told_apart(tmp_path):
    head = ["No", "Indikator Kinerja", "Target Kinerja", "Target Keuangan", *QUARTERS,
            "Realisasi Keuangan", "Capaian Tahunan (%)", "Serapan Anggaran (%)"]
    res = complete_workbook(pk(tmp_path, head, [[1, DIKLAT, 40, "4.165.853.900", 6, 10, 12, 10,
                                                 "2.723.990.945", N, N]]), None)
    row = res.sheets[0].rows[0]
    assert (row.target, row.pagu, row.tahunan, row.serapan) == (D(40), D(4_165_853_900), D("95.00"), D("65.39"))
    assert not [p for p in res.problems if p.level != "info"]


def test_a_wide_header_cell_over_a_data_row_does_not_swallow_it(tmp_path):
    """"Indikator Kinerja" merged over C:D in a one-row header, the data row's name and a note under it:
    row 5 is data, not a second header row."""
    head = ["No", "Sasaran", "Indikator Kinerja", N, "Target", *QUARTERS, "Capaian Tahunan (%)"]
    data = [[1, "Meningkatnya kompetensi ASN", "Jumlah Pejabat yang mengikuti Diklat sesuai jenjang",
             "sesuai jenjang kompetensi", 40, 6, 10, 12, 10, N]]
    res = complete_workbook(pk(tmp_path, head, data, merges=("C4:D4",)), None)
    sheet = res.sheets[0]
    assert sheet.layout.header_rows == (4,) and [r.row for r in sheet.rows] == [5]
    assert sheet.rows[0].tahunan == D("95.00")


def test_the_round_record_keeps_the_renstra_target_and_the_quarter_budget(tmp_path):
    """What `lkjip laporan` will read back: the round's own figures, not a re-read with today's settings."""
    from tests.badfiles import run_cli
    from xlsx_lkjip.batch import round_record

    folder = tmp_path / "input"
    folder.mkdir()
    head = ["No", "Indikator Kinerja", "Satuan", "Target Akhir Renstra"] + BUDGET_HEAD[3:]
    data = [[1, BLITAR, "%", 100, 95, "90", "92,5", "94", "95,80"] + PAGU_TW + SPENT_TW + [N] * 8]
    pk(folder, head, data, name="PK Blitar 2022.xlsx")
    run = run_cli(folder, tmp_path / "output")
    assert run.exit_code == 0
    (w,) = round_record.read(tmp_path / "output").counted()
    (sheet,) = w.sheets
    row = sheet.rows[0]
    assert (sheet.periods, row.target, row.target_renstra, row.realisasi_tahunan) == ("triwulan", D(95), D(100),
                                                                                        D("95.80"))
    assert row.pagu_tw == [D(1_000_000_000), D(1_100_000_000), D(1_000_000_000), D(1_065_853_900)]
    assert row.realisasi_anggaran_tw[3] == D(773_990_945)
    assert (row.serapan_tw, row.serapan, row.efisiensi) == ([D("60.00"), D("61.90"), D("62.90"), D("65.39")],
                                                            D("65.39"), D("1.54"))
