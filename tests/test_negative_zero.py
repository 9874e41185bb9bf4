"""Issue 21, finding 2: rumus_negatif = "T/R" and a realisasi of 0 (the best a negative indicator can do).
T/0 has no value: the capaian is what (2T-R)/T gives for R = 0, 200 %, said in an info line naming the row,
and the row stays in the average (it no longer drops out silently)."""

from tests.conftest import invoke
from tests.filled_templates import cell_of, pk_name, pk_workbook, ringkasan_lkjip, table
from xlsx_lkjip import api
from xlsx_lkjip.templates import PK_LAYOUT, pk_column


def test_t_over_r_with_zero_realisasi_is_a_documented_result(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    name = pk_name("Inspektorat", "II", "2025")
    pk_workbook(src / name, [dict(indicator="Jumlah dokumen", target=10, realisasi=[2, 3]),
                             dict(indicator="Jumlah pelanggaran disiplin", polaritas="Negatif", target=5,
                                  realisasi=[0, 0])], opd="Inspektorat")
    toml = tmp_path / "lkjip.toml"
    toml.write_text('rumus_negatif = "T/R"\n', encoding="utf-8")
    res = invoke(["run", src, "-o", out, "--config", toml])
    assert res.exit_code == 0, res.output
    r = PK_LAYOUT["first_data_row"] + 1
    assert cell_of(out / name, f"{pk_column('capaian_tahunan')}{r}") == 200
    assert cell_of(out / name, f"{pk_column('predikat')}{r}") == "Sangat Tinggi"
    assert ringkasan_lkjip(out / name)["Rata-rata capaian (%)"] == (125, "Sangat Tinggi")
    assert "realisasi 0 pada indikator negatif" in res.output and "rata-rata capaian 125,00 %" in res.output
    said = [m for m in table(out / "rekap.xlsx", "Masalah") if m["Kode"] == "zero-realisasi-negative"]
    assert [(m["Sel"], m["Tingkat"]) for m in said] == [(f"{pk_column('target')}{r}", "info")]
    assert "Jumlah pelanggaran disiplin" in said[0]["Pesan"] and "200,00 %" in said[0]["Pesan"]
    record = api.read_round(out)
    assert str(record.workbooks[0].average["K"]) == "125.00"
    assert str(record.workbooks[0].sheets[0].rows[1].tahunan) == "200.00"
