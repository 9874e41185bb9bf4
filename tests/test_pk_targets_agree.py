"""Issue 21, finding 3: quarterly targets that contradict the annual target.  Typed cumulatively (3, 6, 9, 12
under 12) they are recognised as the plan to date (12 of 12 is 100, not 40); summing to another figure (12 under
10) is a warning naming the row and the year's capaian is measured against the annual target the PK signed
(120, as `lkjip laporan` would compute), the warning saying what the quarters would give (100)."""

import openpyxl

from tests.conftest import invoke
from tests.filled_templates import cell_of, pk_name, pk_workbook, ringkasan_lkjip, table
from xlsx_lkjip import api
from xlsx_lkjip.templates import PK_LAYOUT, pk_column


def _run(tmp_path, rows):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    name = pk_name("Dinas L", "IV", "2025")
    pk_workbook(src / name, rows, opd="Dinas L", triwulan="IV")
    res = invoke(["run", src, "-o", out])
    assert res.exit_code == 0, res.output
    return out, name, res.output


def test_cumulatively_typed_quarter_targets_are_the_plan_to_date(tmp_path):
    out, name, console = _run(tmp_path, [dict(target=12, target_tw=[3, 6, 9, 12], realisasi=[3, 3, 3, 3])])
    r = PK_LAYOUT["first_data_row"]
    assert [cell_of(out / name, f"{pk_column('capaian_tw', k)}{r}") for k in (1, 2, 3, 4)] == [100] * 4
    assert cell_of(out / name, f"{pk_column('capaian_tahunan')}{r}") == 100
    assert ringkasan_lkjip(out / name)["Rata-rata capaian (%)"] == (100, "Sangat Tinggi")
    said = [m for m in table(out / "rekap.xlsx", "Masalah") if m["Kode"] == "targets-cumulative"]
    assert [(m["Sel"], m["Tingkat"]) for m in said] == [(f"{pk_column('target_tw', 1)}{r}", "info")]
    assert "diketik kumulatif" in console


def test_quarter_targets_summing_past_the_annual_one_are_a_warning(tmp_path):
    out, name, console = _run(tmp_path, [dict(target=10, target_tw=[3, 3, 3, 3], realisasi=[3, 3, 3, 3])])
    r = PK_LAYOUT["first_data_row"]
    assert cell_of(out / name, f"{pk_column('capaian_tahunan')}{r}") == 120
    assert cell_of(out / name, f"{pk_column('capaian_tw', 1)}{r}") == 100     # TW I-III: the plan to date
    said = [m for m in table(out / "rekap.xlsx", "Masalah") if m["Kode"] == "targets-disagree"]
    assert [(m["Sel"], m["Tingkat"]) for m in said] == [(f"{pk_column('target')}{r}", "peringatan")]
    assert "memberi target tahun 12 (dijumlahkan, Kumulatif), tidak sama dengan target tahunan 10" in said[0]["Pesan"]
    assert "(terhadap target triwulan: 100,00 %)" in said[0]["Pesan"]
    assert "tidak sama dengan target tahunan 10" in console
    (row,) = api.read_round(out).workbooks[0].sheets[0].rows
    assert (str(row.tahunan), str(row.tahunan_target)) == ("120.00", "10")
    lap = tmp_path / "laporan"
    assert invoke(["laporan", out, "-o", lap]).exit_code == 0
    rows = list(openpyxl.load_workbook(lap / "LKjIP Dinas L 2025.xlsx")["Tabel 3.1"].iter_rows(values_only=True))
    assert (1, "Jumlah laporan 1", None, 10, 12, 120, "Sangat Tinggi", None) in rows
