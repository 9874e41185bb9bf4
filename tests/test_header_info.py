"""Agency, quarter and year from the title block (forms/header.py): the title decides the year, never a column
header ("Target Renstra … Tahun 2030") nor a year range (a period); a "Perangkat Daerah :" line anywhere above
the data, or a title naming the agency, decides the agency; without a year anywhere, the file name, else a
warning."""

import pytest

from xlsx_lkjip.api import complete_workbook
from xlsx_lkjip.forms.header import info_from_filename, quarter_of, year_of
from tests.mini import E81_SIDES, e81_numbered, e81_row, write_rows

ROW = e81_row(1, "5", "x", "y", t6=(200, 1000), t7=(100, 500), t8=(4, 100), q=((1, 10), (1, 20), (None, None),
                                                                               (None, None)))
HEAD = ["No", "Sasaran", "Kode", "Program/Kegiatan", "Indikator",
        "Target Renstra Perangkat Daerah pada Tahun 2030 (Akhir Periode Renstra Perangkat Daerah)", None,
        "Realisasi Capaian Kinerja Renstra Perangkat Daerah sampai dengan Renja Tahun 2023", None,
        "Target Kinerja dan Anggaran Renja Perangkat Daerah Tahun Berjalan (Tahun 2024)"]


def _run(tmp_path, title: list[list], *, name="Renja.xlsx", below: list | None = None):
    rows = title + [HEAD, e81_numbered(), E81_SIDES] + ([below] if below else []) + [ROW]
    return complete_workbook(write_rows(tmp_path / name, rows), None)


def test_title_year_against_renstra_year_in_a_column_header(tmp_path):
    res = _run(tmp_path, [["Evaluasi Terhadap Hasil RKPD"], ["Kabupaten Contoh"], ["Tahun 2025"], [], []])
    assert res.info.tahun == "2025"


def test_renstra_year_header_is_never_the_year(tmp_path):
    res = _run(tmp_path, [["Evaluasi Terhadap Hasil Renja"], []], name="Renja Dinas A.xlsx")
    assert res.info.tahun == ""
    assert [p.code for p in res.problems if p.level != "info"] == ["no-year"]


def test_agency_line_under_the_numbered_row(tmp_path):
    res = _run(tmp_path, [["Evaluasi Terhadap Hasil RKPD"], ["Tahun 2025"], []],
               below=[None, "Perangkat Daerah : Badan Perencanaan Pembangunan Daerah"])
    assert res.info.agency == "Badan Perencanaan Pembangunan Daerah"
    assert [r.row for r in res.sheets[0].rows] == [8]


@pytest.mark.parametrize("title, agency", [
    (["Renja Perangkat Daerah Dinas Komunikasi dan Informatika Kabupaten Bengkulu Utara"],
     "Dinas Komunikasi dan Informatika Kabupaten Bengkulu Utara"),
    (["Renja Perangkat Daerah {skpd} Kabupaten/kota Bandung"], "Renja"),     # a placeholder: the file name
    (["Perangkat Daerah : ......................"], "Renja"),
    (["Nama SKPD", ": Badan Pendapatan Daerah"], "Badan Pendapatan Daerah"),
])
def test_agency_from_title_lines(tmp_path, title, agency):
    res = _run(tmp_path, [title, ["Tahun 2024"], []])
    assert res.info.agency == agency


@pytest.mark.parametrize("line, year", [
    ("Periode Pelaksanaan: 2021 - 2026", ""), ("Periode Pelaksanaan : Tahun 2021 - 2026", ""),
    ("Renstra 2021 s/d 2026", ""), ("Periode 2021–2026, Triwulan III Tahun 2024", "2024"),
    ("Periode Pelaksanaan 2024", "2024"), ("Periode Pelaksanaan : Triwulan IV Tahun 2023", "2023"),
])
def test_year_range_is_a_period(tmp_path, line, year):
    res = _run(tmp_path, [["Evaluasi Terhadap Hasil Renja"], [line], []], name="Renja.xlsx")
    assert res.info.tahun == year


def test_year_from_file_name_when_none_in_the_title(tmp_path):
    res = _run(tmp_path, [["Renja Perangkat Daerah Dinas A"], ["Periode Pelaksanaan: 2021 - 2026"], []],
               name="E81 Dinas A 2024.xlsx")
    assert res.info.tahun == "2024" and not [p for p in res.problems if p.code == "no-year"]
    assert info_from_filename("Renja 2021-2026").tahun == ""


@pytest.mark.parametrize("text, quarter", [("Triwulan Il Tahun 2024", "II"), ("TW.1 2024", "I"),
                                           ("Trw. III", "III"), ("Laporan Tw IV", "IV"), ("Triwulan", "")])
def test_quarter_in_titles_and_file_names(text, quarter):
    assert quarter_of(text) == quarter


def test_year_of_ignores_ranges():
    assert year_of("Tahun 2021 - 2026") == "" and year_of("RPJMD 2021-2026 Tahun 2024") == "2024"
