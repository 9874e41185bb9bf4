"""The agency, quarter and year a workbook is read as, and where each was read (issue 20): what comes from the
file name or --tahun is said by an info line, `lkjip check` shows all three with their source (text and
--json), the agency in the title block (not the Pemda's line) and in the "Perangkat Daerah Penanggung Jawab"
column is used before the file name."""

import json

from xlsx_lkjip.api import complete_workbook
from xlsx_lkjip.forms.header import FROM_COLUMN, FROM_LINE, FROM_NAME, FROM_SETTINGS, FROM_TITLE, agency_of_name
from tests import heading_shapes as H
from tests.conftest import invoke

NAME = "Evaluasi Renja Dinsos TW II 2025.xlsx"


def _facts(res):
    return {f: (getattr(res.info, f), res.info.source(f)) for f in ("agency", "triwulan", "tahun")}


def test_the_agency_line_decides(tmp_path):
    res = complete_workbook(H.build_two_blocks(tmp_path / NAME), None)
    assert _facts(res) == {"agency": ("Dinas Sosial", FROM_LINE), "triwulan": ("II", FROM_TITLE),
                           "tahun": ("2025", FROM_TITLE)}
    assert not [p for p in res.problems if p.code == "facts-from-name"]


def test_no_agency_line_the_file_name_gives_it_and_says_so(tmp_path):
    res = complete_workbook(H.build_two_blocks(tmp_path / NAME, agency_line=False), None)
    # the form's words, round and year are no part of the agency: the same agency in every round
    assert _facts(res)["agency"] == ("Dinsos", FROM_NAME)
    [said] = [p for p in res.problems if p.code == "facts-from-name"]
    assert said.level == "info" and 'OPD "Dinsos"' in said.message and "Triwulan" not in said.message


def test_the_same_agency_across_rounds():
    assert {agency_of_name(n) for n in ("Evaluasi Renja Dinsos TW II 2025", "Evaluasi Renja Dinsos TW III 2025",
                                        "Renja_Dinsos_Triwulan 4_2025", "E81 Dinsos TW.1 (revisi)")} == {"Dinsos"}
    assert agency_of_name("Renja") == "Renja"   # nothing but the form's word: the name stays whole


def test_the_title_block_names_the_agency_not_the_pemda(tmp_path):
    src = H.build_two_blocks(tmp_path / NAME, agency_line=False,
                             title_lines=("PEMERINTAH KABUPATEN CONTOH", "DINAS SOSIAL", "EVALUASI RENJA"))
    res = complete_workbook(src, None)
    assert _facts(res)["agency"] == ("DINAS SOSIAL", FROM_TITLE)
    assert not [p for p in res.problems if p.code == "facts-from-name"]


def test_the_penanggung_jawab_column_before_the_file_name(tmp_path):
    src = H.build_two_blocks(tmp_path / NAME, agency_line=False, unit_pd="Dinas Sosial Kabupaten Contoh")
    res = complete_workbook(src, None)
    assert _facts(res)["agency"] == ("Dinas Sosial Kabupaten Contoh", FROM_COLUMN)


def test_check_shows_the_three_facts_and_where_each_was_read(tmp_path):
    src = H.build_rpjmd(tmp_path / "Evaluasi RKPD TW II.xlsx", agency_column="",
                        title="EVALUASI TERHADAP HASIL RKPD PEMERINTAH KABUPATEN CONTOH")
    text = invoke(["check", src, "--tahun", "2025"]).output
    assert 'Dibaca: OPD "Evaluasi RKPD TW II" (dari nama berkas); Triwulan II (dari nama berkas); ' \
           "Tahun 2025 (dari pengaturan tahun (--tahun / lkjip.toml))" in text, text
    data = json.loads(invoke(["check", "--json", src, "--tahun", "2025"]).output)[0]
    assert data["facts"] == {"agency": {"value": "Evaluasi RKPD TW II", "source": FROM_NAME},
                             "triwulan": {"value": "II", "source": FROM_NAME},
                             "tahun": {"value": "2025", "source": FROM_SETTINGS}}
    codes = {p["code"] for p in data["problems"]}
    assert {"facts-from-name", "year-from-settings"} <= codes
