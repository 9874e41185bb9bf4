"""Issue 21, finding 1: one predikat scale per figure.  With a quarter scale in lkjip.toml, the average of a
TW II round is graded on the TW II scale everywhere it is shown (footer, Ringkasan lkjip, console, rekap,
round record, `lkjip rekap`), as its indicators are."""

from decimal import Decimal

import openpyxl

from tests.conftest import invoke
from tests.filled_templates import (footer, pk_name, pk_workbook, rekap_ringkasan_lines, renja_name, renja_workbook,
                                    ringkasan_lkjip, table)
from xlsx_lkjip import api

TW2_SCALE = ('[predikat.triwulan.II]\ntingkat = [{ batas = 45, label = "Sangat Tinggi" }, '
             '{ batas = 38, label = "Tinggi" }, { batas = 33, label = "Sedang" }, { batas = 25, label = "Rendah" }]\n'
             'di_bawah = "Sangat Rendah"\n')


def _round(tmp_path, make):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    make(src)
    toml = tmp_path / "lkjip.toml"
    toml.write_text(TW2_SCALE, encoding="utf-8")
    res = invoke(["run", src, "-o", out, "--config", toml])
    assert res.exit_code == 0, res.output
    return out, res.output


def test_renja_average_is_graded_on_the_round_scale_everywhere(tmp_path):
    name = renja_name("Dinas A", "II", "2025")
    out, console = _round(tmp_path, lambda src: renja_workbook(
        src / name, [dict(target=(100, 1000), q=[(20, 200), (25, 250)]),
                     dict(target=(10, 1000), q=[(2, 200), (2.5, 250)])], opd="Dinas A"))
    assert footer(out / name) == (45, "Sangat Tinggi")
    assert ringkasan_lkjip(out / name)["Rata-rata capaian K (%)"] == (45, "Sangat Tinggi")
    assert "rata-rata capaian K 45,00 % (Sangat Tinggi)" in console
    opd = table(out / "rekap.xlsx", "Rekap OPD")[0]
    assert (opd["Rata-rata capaian K (%)"], opd["Predikat K"]) == (45, "Sangat Tinggi")
    lines = rekap_ringkasan_lines(out / "rekap.xlsx")
    assert lines["Evaluasi Renja, Triwulan II Tahun 2025"] == (45, "Sangat Tinggi")
    assert lines[("Peringkat OPD: Evaluasi Renja (rata-rata capaian K)", "Dinas A")] == (45, "Sangat Tinggi")
    record = api.read_round(out)
    assert record.region_predikat == "Sangat Tinggi"
    assert [(a.average, a.predikat) for a in record.agencies] == [(Decimal("45.00"), "Sangat Tinggi")]
    assert record.workbooks[0].predikat["K"] == "Sangat Tinggi"
    target = tmp_path / "tahunan.xlsx"
    assert invoke(["rekap", out, "-o", target]).exit_code == 0
    rows = list(openpyxl.load_workbook(target)["Progres OPD"].iter_rows(values_only=True))
    assert "Sangat Tinggi" in rows[1] and 45 in rows[1]


def test_pk_indicators_and_their_average_share_the_scale(tmp_path):
    name = pk_name("Dinas B", "II", "2025")
    out, console = _round(tmp_path, lambda src: pk_workbook(
        src / name, [dict(target=100, realisasi=[20, 25]), dict(target=10, realisasi=[2, 2.5])], opd="Dinas B"))
    ind = table(out / "rekap.xlsx", "Indikator PK")
    assert [(r["Capaian Tahunan (%)"], r["Predikat"]) for r in ind] == [(45, "Sangat Tinggi")] * 2
    assert ringkasan_lkjip(out / name)["Rata-rata capaian (%)"] == (45, "Sangat Tinggi")
    assert "rata-rata capaian 45,00 % (Sangat Tinggi)" in console
    opd = table(out / "rekap.xlsx", "Rekap OPD")[0]
    assert opd["Predikat K"] == "Sangat Tinggi"
    lines = rekap_ringkasan_lines(out / "rekap.xlsx")
    assert lines["Perjanjian Kinerja, Triwulan II Tahun 2025"] == (45, "Sangat Tinggi")
    assert api.read_round(out).region_predikat == "Sangat Tinggi"
    lap = tmp_path / "laporan"
    assert invoke(["laporan", out, "-o", lap]).exit_code == 0
    book = openpyxl.load_workbook(lap / "LKjIP Dinas B 2025.xlsx")
    lines = [r for ws in book for r in ws.iter_rows(values_only=True)
             if len(r) > 4 and r[1] == "Rata-rata capaian kinerja Perangkat Daerah"]
    assert [(r[3], r[4]) for r in lines] == [(45, "Sangat Tinggi")]
