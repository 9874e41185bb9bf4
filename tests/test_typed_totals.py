"""Issue 21, finding 8: a year total typed without its quarters (columns 13 and 14 filled, 9-12 empty) is kept:
the typed 15 stays the year's realisasi, 14 is computed from it (75,00, as typed), 15 and 16 from it too, and a
warning at the cell says exactly that and what to do (before: 15 and 75 erased, "periksa kembali angka …")."""

from tests.conftest import invoke
from tests.filled_templates import cell_of, footer, renja_name, renja_workbook, table
from xlsx_lkjip import api
from xlsx_lkjip.templates import RENJA_LAYOUT, renja_column


def test_a_typed_year_total_without_quarters_is_kept_and_said(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    name = renja_name("Dinas J", "II", "2025")
    renja_workbook(src / name, [dict(target=(20, 1000), typed={6: (40, None), 7: (5, None), 13: (15, None),
                                                               14: (75, None)})], opd="Dinas J")
    res = invoke(["run", src, "-o", out])
    assert res.exit_code == 0, res.output
    r = RENJA_LAYOUT["first_data_row"]
    k = {n: cell_of(out / name, f"{renja_column(n, 'K')}{r}") for n in (13, 14, 15, 16)}
    assert k == {13: 15, 14: 75, 15: 20, 16: 50}
    assert footer(out / name) == (75, "Sedang")
    said = [m for m in table(out / "rekap.xlsx", "Masalah") if m["Kode"] == "typed-total"]
    assert [(m["Sel"], m["Tingkat"]) for m in said] == [(f"{renja_column(13, 'K')}{r}", "peringatan")]
    assert "kolom 13 K diketik 15, padahal kolom 9, 10, 11, 12 kosong" in said[0]["Pesan"]
    assert "kolom 13 K diketik 15" in res.output
    ind = table(out / "rekap.xlsx", "Indikator")[0]
    assert (ind["Realisasi K"], ind["Capaian K (%)"]) == (15, 75)
    (row,) = api.read_round(out).workbooks[0].sheets[0].rows
    assert (str(row.realisasi["K"]), str(row.capaian["K"])) == ("15", "75.00")


def test_a_zero_placeholder_total_is_not_a_realisasi(tmp_path):
    """Applications export 0 in every computed cell: that 0 is no total, and the capaian stays empty."""
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    name = renja_name("Dinas K", "II", "2025")
    renja_workbook(src / name, [dict(target=(20, 1000), q=[(5, 100), (5, 100)]),
                                dict(target=(20, 1000), typed={13: (0, 0), 14: (0, 0)})], opd="Dinas K")
    assert invoke(["run", src, "-o", out]).exit_code == 0
    r = RENJA_LAYOUT["first_data_row"] + 1
    assert cell_of(out / name, f"{renja_column(14, 'K')}{r}") is None
    assert not [m for m in table(out / "rekap.xlsx", "Masalah") if m["Kode"] == "typed-total"]
