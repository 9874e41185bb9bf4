"""Issue 21, finding 4: in the year's last round a target with nothing typed all year is named, and counts as
0 % (the default, `realisasi_kosong_akhir_tahun = "nol"`) or stays out of the average ("tidak dihitung").
Leaving a failure blank no longer raises the predikat.  Before the last round such a row is named too (info)."""

from decimal import Decimal

import pytest

from tests.conftest import invoke
from tests.filled_templates import (cell_of, footer, pk_name, pk_workbook, renja_name, renja_workbook,
                                    ringkasan_lkjip, table)
from xlsx_lkjip import api
from xlsx_lkjip.templates import PK_LAYOUT, RENJA_LAYOUT, pk_column, renja_column


def _run(tmp_path, make, toml: str = ""):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    make(src)
    args = ["run", src, "-o", out]
    if toml:
        (tmp_path / "lkjip.toml").write_text(toml, encoding="utf-8")
        args += ["--config", tmp_path / "lkjip.toml"]
    res = invoke(args)
    assert res.exit_code == 0, res.output
    return out, res.output


RENJA = [dict(target=(4, 100), q=[(1, 25), (1, 25), (1, 25), (1, 25)]), dict(target=(10, 100))]


@pytest.mark.parametrize("toml, average, predikat, written", [
    ("", 50, "Sangat Rendah", 0), ('realisasi_kosong_akhir_tahun = "tidak dihitung"\n', 100, "Sangat Tinggi", None)])
def test_renja_year_end_blank(tmp_path, toml, average, predikat, written):
    name = renja_name("Dinas D", "IV", "2025")
    out, console = _run(tmp_path, lambda src: renja_workbook(src / name, RENJA, opd="Dinas D", triwulan="IV"), toml)
    assert footer(out / name) == (average, predikat)
    blank = RENJA_LAYOUT["first_data_row"] + 1
    assert cell_of(out / name, f"{renja_column(14, 'K')}{blank}") == written
    assert ringkasan_lkjip(out / name)["Rata-rata capaian K (%)"] == (average, predikat)
    assert f"rata-rata capaian K {average},00 % ({predikat})" in console
    said = [m for m in table(out / "rekap.xlsx", "Masalah") if m["Kode"] == "unreported"]
    assert [(m["Sel"], m["Tingkat"]) for m in said] == [(f"{renja_column(14, 'K')}{blank}", "peringatan")]
    assert "putaran akhir tahun" in said[0]["Pesan"] and f"baris {blank}" in said[0]["Pesan"]
    opd = table(out / "rekap.xlsx", "Rekap OPD")[0]
    assert (opd["Rata-rata capaian K (%)"], opd["Predikat K"], opd["Status"]) == (average, predikat,
                                                                                  "dengan peringatan")
    record = api.read_round(out)
    assert (record.workbooks[0].average["K"], record.workbooks[0].predikat["K"]) == (Decimal(average), predikat)


@pytest.mark.parametrize("toml, average, predikat", [
    ("", 50, "Sangat Rendah"), ('realisasi_kosong_akhir_tahun = "tidak dihitung"\n', 100, "Sangat Tinggi")])
def test_pk_year_end_blank(tmp_path, toml, average, predikat):
    name = pk_name("Dinas E", "IV", "2025")
    rows = [dict(target=4, realisasi=[1, 1, 1, 1]), dict(indicator="Jumlah inovasi", target=2)]
    out, console = _run(tmp_path, lambda src: pk_workbook(src / name, rows, opd="Dinas E", triwulan="IV"), toml)
    assert ringkasan_lkjip(out / name)["Rata-rata capaian (%)"] == (average, predikat)
    blank = PK_LAYOUT["first_data_row"] + 1
    assert cell_of(out / name, f"{pk_column('capaian_tahunan')}{blank}") == (0 if average == 50 else None)
    assert "Jumlah inovasi" in console and "tanpa realisasi sepanjang tahun" in console
    assert api.read_round(out).region_average == Decimal(average)


def test_before_the_last_round_the_blank_is_named_and_not_counted(tmp_path):
    name = renja_name("Dinas F", "II", "2025")
    rows = [dict(target=(4, 100), q=[(1, 25), (1, 25)]), dict(target=(10, 100))]
    out, console = _run(tmp_path, lambda src: renja_workbook(src / name, rows, opd="Dinas F", triwulan="II"))
    assert footer(out / name) == (50, "Sangat Rendah")
    said = [m for m in table(out / "rekap.xlsx", "Masalah") if m["Kode"] == "unreported"]
    assert [m["Tingkat"] for m in said] == ["info"] and "belum ikut rata-rata" in said[0]["Pesan"]
    assert "belum ada realisasi" in console
