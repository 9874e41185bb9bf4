"""The round a workbook states against the file name and against the round being run: a file named "TW I"
whose title says Triwulan II, and a `--triwulan II` run over a sheet titled Triwulan I, are said (found by
trying it as a hurried user; both were silent)."""

import dataclasses

from tests.test_pk import pk_file
from xlsx_lkjip.api import complete_workbook
from xlsx_lkjip.config import DEFAULT

DATA = [[1, "S", "Jumlah laporan", "Laporan", "Positif", 360, 40, 40, None, None]]


def _codes(res):
    return [p.code for p in res.problems]


def test_title_and_file_name_naming_different_quarters_is_a_warning(tmp_path):
    p = pk_file(tmp_path, DATA, name="PK Dinas Uji TW I 2022.xlsx", title="Perjanjian Kinerja Triwulan II Tahun 2022")
    res = complete_workbook(p, None)
    (w,) = [x for x in res.problems if x.code == "round-title-name"]
    assert w.level == "peringatan" and "Triwulan II" in w.message and "Triwulan I;" in w.message
    assert res.info.triwulan == "II"     # the title wins


def test_title_and_file_name_agreeing_say_nothing(tmp_path):
    p = pk_file(tmp_path, DATA, name="PK Dinas Uji TW II 2022.xlsx", title="Perjanjian Kinerja Triwulan II Tahun 2022")
    assert "round-title-name" not in _codes(complete_workbook(p, None))


def test_a_round_set_past_the_stated_quarter_is_a_warning(tmp_path):
    p = pk_file(tmp_path, DATA, name="PK Dinas Uji.xlsx", title="Perjanjian Kinerja Triwulan I Tahun 2022")
    res = complete_workbook(p, None, dataclasses.replace(DEFAULT, triwulan=2))
    (w,) = [x for x in res.problems if x.code == "round-setting"]
    assert "Triwulan I," in w.message and "diatur Triwulan II" in w.message
    same = complete_workbook(p, None, dataclasses.replace(DEFAULT, triwulan=1))
    assert "round-setting" not in _codes(same)
