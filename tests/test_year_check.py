"""Issue 21, finding 5: the year is checked like the quarter.  A file named "… TW IV 2025.xlsx" whose title
still says "Tahun 2024" (last year's workbook, renamed) counts in 2025 with a warning, so the 2025 region
average is 73,33 Sedang, not 85,00 Tinggi; a workbook that states another year than the round's is said."""

from decimal import Decimal

from tests.conftest import invoke
from tests.filled_templates import rekap_ringkasan_lines, renja_name, renja_workbook, table
from xlsx_lkjip import api


def _row(capaian):
    return [dict(target=(100, 1000), q=[(capaian / 4, 250)] * 4)]


def _round_2025(tmp_path):
    """A TW IV 2025 round of two agencies (100 % and 70 %): (input folder, output folder)."""
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    renja_workbook(src / renja_name("Dinas A", "IV", "2025"), _row(100), opd="Dinas A", triwulan="IV")
    renja_workbook(src / renja_name("Dinas B", "IV", "2025"), _row(70), opd="Dinas B", triwulan="IV")
    return src, out


def test_title_and_file_name_disagree_on_the_year(tmp_path):
    src, out = _round_2025(tmp_path)
    stale = renja_name("Dinas C", "IV", "2025")
    renja_workbook(src / stale, _row(50), opd="Dinas C", triwulan="IV", title_tahun="2024")
    res = invoke(["run", src, "-o", out])
    assert res.exit_code == 0, res.output
    assert "judul menyebut Tahun 2024, tetapi nama berkas menyebut Tahun 2025; dipakai Tahun 2025" in res.output
    opd = {r["Berkas"]: r for r in table(out / "rekap.xlsx", "Rekap OPD")}
    assert opd[stale]["Tahun"] == 2025 and opd[stale]["Status"] == "dengan peringatan"
    said = [m for m in table(out / "rekap.xlsx", "Masalah") if m["Kode"] == "year-title-name"]
    assert [(m["Berkas"], m["Tingkat"]) for m in said] == [(stale, "peringatan")]
    lines = rekap_ringkasan_lines(out / "rekap.xlsx")
    assert lines["Evaluasi Renja, Triwulan IV Tahun 2025"] == (73.33, "Sedang")
    assert not [k for k in lines if isinstance(k, str) and "2024" in k]
    record = api.read_round(out)
    assert record.tahun == "2025" and record.forms["Renja"].average == Decimal("73.33")
    assert {w.info.tahun for w in record.workbooks} == {"2025"}
    lap = tmp_path / "laporan"
    assert invoke(["laporan", out, "-o", lap]).exit_code in (0, 1)
    assert sorted(p.name for p in lap.glob("LKjIP Dinas C*")) == ["LKjIP Dinas C 2025.docx", "LKjIP Dinas C 2025.xlsx"]


def test_a_workbook_of_another_year_than_the_round_is_said(tmp_path):
    src, out = _round_2025(tmp_path)
    old = renja_name("Dinas C", "IV", "2024")
    renja_workbook(src / old, _row(50), opd="Dinas C", triwulan="IV", tahun="2024")
    res = invoke(["run", src, "-o", out])
    assert res.exit_code == 0, res.output
    assert "workbook menyebut Tahun 2024, sedangkan putaran ini Tahun 2025" in res.output, res.output
    said = [m for m in table(out / "rekap.xlsx", "Masalah") if m["Kode"] == "outside-round"]
    assert [(m["Berkas"], m["Tingkat"]) for m in said] == [(old, "peringatan")]
    lines = rekap_ringkasan_lines(out / "rekap.xlsx")
    assert lines["Evaluasi Renja, Triwulan IV Tahun 2025"] == (85, "Tinggi")
    assert lines["Evaluasi Renja, Triwulan IV Tahun 2024"] == (50, "Sangat Rendah")


def test_a_workbook_of_another_quarter_than_the_round_is_said(tmp_path):
    """Last quarter's workbook sent again into a TW IV round: its own line, and a warning that says so."""
    src, out = _round_2025(tmp_path)
    late = renja_name("Dinas C", "III", "2025")
    renja_workbook(src / late, [dict(target=(100, 1000), q=[(12.5, 250)] * 3)], opd="Dinas C", triwulan="III")
    res = invoke(["run", src, "-o", out])
    assert res.exit_code == 0, res.output
    assert "workbook menyebut Triwulan III, sedangkan putaran ini Triwulan IV Tahun 2025" in res.output, res.output
    said = [m for m in table(out / "rekap.xlsx", "Masalah") if m["Kode"] == "outside-round"]
    assert [m["Berkas"] for m in said] == [late]
    lines = rekap_ringkasan_lines(out / "rekap.xlsx")
    assert lines["Evaluasi Renja, Triwulan IV Tahun 2025"] == (85, "Tinggi")
