"""A blank PK template (its header found, no data row: indigo's template_renaksi.xlsx and
template_pencapaian.xlsx as downloaded) is said as a blank Renja E.81 is: the warning "no-data-rows", the
same wording adapted, naming the header cell.  Shapes: tests/indigo_builders.py (../shared/real/ B1, B2)."""

from __future__ import annotations

from tests.badfiles import form_workbook, run_cli
from tests.indigo_builders import build_pencapaian, build_renaksi
from tests.mini import e81_row
from tests.zipedit import read_entries
from xlsx_lkjip.api import DENGAN_PERINGATAN, complete_workbook

RENJA_MESSAGE = "formulir ditemukan tetapi tidak ada baris data berisi angka"


def test_blank_templates_warn_no_data_rows_at_their_header(tmp_path):
    folder = tmp_path / "input"
    folder.mkdir()
    build_renaksi(folder / "Renaksi kosong.xlsx", [], agency="Perangkat Daerah : Dinas Kesehatan Kota Binjai")
    build_pencapaian(folder / "Pencapaian kosong.xlsx", [], agency="Perangkat Daerah : Dinas Pendidikan Kota Binjai")
    # an agency that typed its indicator names and no figure yet: still no data row
    build_renaksi(folder / "Renaksi tanpa angka.xlsx", [{"no": 1, "kode": "1.1", "iku": "Jumlah ASN yang mengikuti Diklat",
                                                          "satuan": "orang"}])
    form_workbook(folder / "Renja kosong.xlsx", data_rows=[e81_row(None, "5.03.01", "Program Kepegawaian Daerah", "")])
    run = run_cli(folder, tmp_path / "output")
    assert run.exit_code == 0, run.output
    renja = run.problems("Renja kosong.xlsx")
    for name, cell in (("Renaksi kosong.xlsx", "C6"), ("Pencapaian kosong.xlsx", "G7"), ("Renaksi tanpa angka.xlsx", "C6")):
        assert run.status(name) == DENGAN_PERINGATAN == run.status("Renja kosong.xlsx"), name
        warnings = [p for p in run.problems(name) if p["Tingkat"] != "info"]
        assert [(p["Kode"], p["Sheet"], p["Sel"], p["Tingkat"]) for p in warnings] == [
            ("no-data-rows", "Sheet1", cell, renja[0]["Tingkat"])], name
        (w,) = warnings
        assert w["Pesan"] == f"formulir PK ditemukan (judul kolom Indikator di {cell}) tetapi tidak ada baris data berisi angka"
        assert w["Yang perlu dilakukan"] == renja[0]["Yang perlu dilakukan"] != ""
        assert run.opd[name]["Baris data"] == 0
    assert renja[0]["Pesan"] == RENJA_MESSAGE


def test_a_blank_template_is_written_back_unchanged(tmp_path):
    src = build_renaksi(tmp_path / "blank.xlsx", [])
    res = complete_workbook(src, tmp_path / "out.xlsx")
    assert [p.code for p in res.problems if p.level != "info"] == ["no-data-rows"]
    assert read_entries(src) == read_entries(tmp_path / "out.xlsx")


def test_a_filled_template_does_not_say_it(tmp_path):
    src = build_pencapaian(tmp_path / "filled.xlsx", [{"no": 1, "iku": "Persentase ASN yang menyusun SKP", "target": 80,
                                                       "satuan": "%", "polarisasi": "Positif", "realisasi": "70,51"}])
    res = complete_workbook(src, None)
    assert "no-data-rows" not in [p.code for p in res.problems]
    assert str(res.sheets[0].rows[0].tahunan) == "88.14"
