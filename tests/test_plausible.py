"""Issue 21, finding 7: implausible K figures.  "1.500" in a K column is 1,5 where the column writes dot
decimals ("1.5", "2.25"), 1500 where the sheet writes dot thousands or comma decimals, else ambiguous (a
warning, not counted); a capaian above the plausible bound (1.000 %) is a warning naming the cell; a percentage
indicator its label sums past 100 % is read as the PK reads it (the latest quarter), with a warning."""

import openpyxl

from tests.conftest import invoke
from tests.filled_templates import cell_of, footer, pk_name, pk_workbook, renja_name, renja_workbook, table
from xlsx_lkjip.templates import PK_LAYOUT, RENJA_LAYOUT, pk_column, renja_column

R0 = RENJA_LAYOUT["first_data_row"]


def _run(tmp_path, make):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    name = make(src)
    res = invoke(["run", src, "-o", out])
    assert res.exit_code == 0, res.output
    return out, name, res.output, table(out / "rekap.xlsx", "Masalah")


def test_a_column_writing_dot_decimals_reads_1_500_as_one_and_a_half(tmp_path):
    def make(src):
        name = renja_name("Dinas M", "I", "2025")
        renja_workbook(src / name, [dict(target=(3, 100), q=[(v, 10)]) for v in ("1.5", "2.25", "1.500")],
                       opd="Dinas M", triwulan="I")
        return name
    out, name, console, masalah = _run(tmp_path, make)
    assert [cell_of(out / name, f"{renja_column(14, 'K')}{R0 + i}") for i in range(3)] == [50, 75, 50]
    assert footer(out / name)[0] == 58.33          # not 16.716,67 (the 1500 reading)
    said = [m for m in masalah if m["Kode"] == "dot-three"]
    assert [(m["Sel"], m["Tingkat"]) for m in said] == [(f"{renja_column(9, 'K')}{R0 + 2}", "info")]
    assert "dibaca 1,5" in said[0]["Pesan"] and f"{renja_column(9, 'K')}{R0}" in said[0]["Pesan"]


def test_1_500_with_nothing_to_settle_it_is_ambiguous_and_not_counted(tmp_path):
    def make(src):
        name = renja_name("Dinas N", "I", "2025")
        renja_workbook(src / name, [dict(target=(3, 100), q=[("1.500", 10)]), dict(target=(4, 100), q=[(2, 10)])],
                       opd="Dinas N", triwulan="I")
        return name
    out, name, console, masalah = _run(tmp_path, make)
    assert cell_of(out / name, f"{renja_column(14, 'K')}{R0}") is None
    said = [m for m in masalah if m["Kode"] == "dot-three"]
    assert [(m["Sel"], m["Tingkat"]) for m in said] == [(f"{renja_column(9, 'K')}{R0}", "peringatan")]
    assert "bisa dibaca 1,5 (titik desimal) atau 1.500 (titik ribuan)" in said[0]["Pesan"]
    assert "meragukan" in console


def test_dot_thousands_elsewhere_on_the_sheet_settle_1_500_as_thousands(tmp_path):
    def make(src):
        name = renja_name("Dinas O", "I", "2025")
        renja_workbook(src / name, [dict(target=("2.000", "1.500.000"), q=[("1.500", "300.000")])],
                       opd="Dinas O", triwulan="I")
        return name
    out, name, console, masalah = _run(tmp_path, make)
    assert cell_of(out / name, f"{renja_column(14, 'K')}{R0}") == 75
    assert not [m for m in masalah if m["Kode"] == "dot-three"]


def test_a_capaian_far_above_any_plausible_value_is_said_and_left_out_of_the_averages(tmp_path):
    """150 against a target of 3 (5.000 %) beside an indicator at 80 %: written in its cell, warned, and left out
    of every average (the agency's figure is 80,00, not 2.540,00 Sangat Tinggi), also in the laporan."""
    def make(src):
        name = pk_name("Dinas P", "IV", "2025")
        pk_workbook(src / name, [dict(target=3, realisasi=[150]), dict(target=10, realisasi=[2, 2, 2, 2])],
                    opd="Dinas P", triwulan="IV")
        return name
    out, name, console, masalah = _run(tmp_path, make)
    r = PK_LAYOUT["first_data_row"]
    assert cell_of(out / name, f"{pk_column('capaian_tahunan')}{r}") == 5000
    said = [m for m in masalah if m["Kode"] == "implausible-capaian"]
    assert [(m["Sel"], m["Tingkat"]) for m in said] == [(f"{pk_column('capaian_tahunan')}{r}", "peringatan")]
    assert "capaian 5.000,00 %" in said[0]["Pesan"] and "lebih dari 1.000 %" in said[0]["Pesan"]
    assert "tidak ikut rata-rata" in said[0]["Pesan"] and "batas_capaian" in said[0]["Yang perlu dilakukan"]
    row = table(out / "rekap.xlsx", "Rekap OPD")[0]
    assert (row["Status"], row["Rata-rata capaian K (%)"], row["Predikat K"]) == ("dengan peringatan", 80, "Tinggi")
    assert "rata-rata capaian 80,00 % (Tinggi)" in console
    lap = out.parent / "laporan"
    assert invoke(["laporan", out, "-o", lap]).exit_code == 0
    rows = [r for ws in openpyxl.load_workbook(lap / "LKjIP Dinas P 2025.xlsx")
            for r in ws.iter_rows(values_only=True) if len(r) > 4 and r[1] == "Rata-rata capaian kinerja Perangkat Daerah"]
    assert [(r[3], r[4]) for r in rows] == [(80, "Tinggi")]


def test_batas_capaian_raised_lets_a_real_high_capaian_count(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    pk_workbook(src / pk_name("Dinas P", "IV", "2025"), [dict(target=3, realisasi=[150]),
                                                        dict(target=10, realisasi=[2, 2, 2, 2])],
                opd="Dinas P", triwulan="IV")
    toml = tmp_path / "lkjip.toml"
    toml.write_text("batas_capaian = 10000\n", encoding="utf-8")
    assert invoke(["run", src, "-o", out, "--config", toml]).exit_code == 0
    row = table(out / "rekap.xlsx", "Rekap OPD")[0]
    assert (row["Rata-rata capaian K (%)"], row["Predikat K"]) == (2540, "Sangat Tinggi")


def test_a_percentage_indicator_is_not_summed_past_100(tmp_path):
    """Renja reads "Persentase …" as the PK does (the latest value): 100 % a quarter is 100 %, not 400 %."""
    def make(src):
        name = renja_name("Dinas Q", "IV", "2025")
        renja_workbook(src / name, [dict(indicator="Persentase dokumen tepat waktu", target=(100, 1000),
                                         q=[(100, 250)] * 4)], opd="Dinas Q", triwulan="IV")
        pk_workbook(src / pk_name("Dinas Q", "IV", "2025"), [dict(indicator="Persentase dokumen tepat waktu",
                                                                  target=100, realisasi=[100] * 4)],
                    opd="Dinas Q", triwulan="IV")
        return name
    out, name, console, masalah = _run(tmp_path, make)
    assert cell_of(out / name, f"{renja_column(13, 'K')}{R0}") == 100
    assert cell_of(out / name, f"{renja_column(14, 'K')}{R0}") == 100
    assert cell_of(out / name, f"{renja_column(13, 'Rp')}{R0}") == 1000          # money still adds up
    said = [m for m in masalah if m["Kode"] == "level-summed"]
    assert len(said) == 1 and "menjadi 400" in said[0]["Pesan"] and "(100)" in said[0]["Pesan"]
    ind = table(out / "rekap.xlsx", "Indikator PK")[0]
    assert ind["Capaian Tahunan (%)"] == 100                                   # PK and Renja agree


def test_quarters_typed_to_date_in_own_columns_are_said(tmp_path):
    """25, 50, 75, 100 under a target of 100 in "Realisasi TW" columns: most likely typed to date; added they
    grade the year at 250 %.  Kept as typed (the columns say own figures) and said, in Renja and PK alike; seed
    002's real 29 + 36 + 75 + 127 against 150 (178 %) is not."""
    def make(src):
        name = pk_name("Dinas R", "IV", "2025")
        pk_workbook(src / name, [dict(target=100, realisasi=[25, 50, 75, 100]),
                                 dict(indicator="Jumlah kegiatan", target=100, realisasi=[10, 20, 30, 40]),
                                 dict(indicator="Jumlah dokumen mutasi", target=150, realisasi=[29, 36, 75, 127])],
                    opd="Dinas R", triwulan="IV")
        renja_workbook(src / renja_name("Dinas R", "IV", "2025"), [dict(target=(100, 1000), q=[(25, 250)] + [
            (v, 250) for v in (50, 75, 100)])], opd="Dinas R", triwulan="IV")
        return name
    out, name, console, masalah = _run(tmp_path, make)
    said = sorted((m["Berkas"], m["Sel"]) for m in masalah if m["Kode"] == "realisasi-cumulative")
    assert said == [(renja_name("Dinas R", "IV", "2025"), f"{renja_column(12, 'K')}{R0}"),
                    (name, f"{pk_column('realisasi', 4)}{PK_LAYOUT['first_data_row']}")]
    assert "(25, 50, 75, 100) naik terus" in console
    assert cell_of(out / name, f"{pk_column('capaian_tahunan')}{PK_LAYOUT['first_data_row']}") == 250


def test_a_fraction_among_percentages_is_said_and_not_counted_in_renja(tmp_path):
    """"0,95" in TW II of a percentage beside 95 in TW I and a target of 90: as typed it gives 95,95 % summed
    (106,61 %) or a latest level of 0,95 (1,06 %); it is 95 % written as a fraction.  Not guessed: a warning at
    the cell and the figure not counted, so the row reads TW I's 95 (105,56 %).  A small percentage that stands
    on its own (0,8 % under a target of 10 %) is not one."""
    def make(src):
        name = renja_name("Dinas F", "II", "2025")
        renja_workbook(src / name, [dict(target=(90, 100), q=[(95, 50), (0.95, 50)], indicator="Persentase kepuasan"),
                                    dict(target=(10, 100), q=[(0.8, 50), (0.6, 50)],
                                         indicator="Persentase pelanggaran")], opd="Dinas F", triwulan="II")
        return name
    out, name, console, masalah = _run(tmp_path, make)
    said = [m for m in masalah if m["Kode"] == "fraction-percent"]
    assert [(m["Sel"], m["Tingkat"]) for m in said] == [(f"{renja_column(10, 'K')}{R0}", "peringatan")]
    assert "0,95" in said[0]["Pesan"] and "95 %" in said[0]["Pesan"] and "tidak dihitung" in said[0]["Pesan"]
    assert cell_of(out / name, f"{renja_column(13, 'K')}{R0}") == 95
    assert cell_of(out / name, f"{renja_column(14, 'K')}{R0}") == 105.56
    # 0,8 + 0,6 of 10 (summed by the label, up to 100 as parts of the year): 14 %, not said
    assert cell_of(out / name, f"{renja_column(14, 'K')}{R0 + 1}") == 14


def test_a_fraction_among_percentages_is_said_and_not_counted_in_pk(tmp_path):
    def make(src):
        name = pk_name("Dinas G", "II", "2025")
        pk_workbook(src / name, [dict(indicator="Persentase kepuasan", unit="%", target=90, realisasi=["95%", "0,95"]),
                                 dict(indicator="Indeks kepuasan", target=3, realisasi=[0.8, 0.9])],
                    opd="Dinas G", triwulan="II")
        return name
    out, name, console, masalah = _run(tmp_path, make)
    first = PK_LAYOUT["first_data_row"]
    said = [m for m in masalah if m["Kode"] == "fraction-percent"]
    assert [m["Sel"] for m in said] == [f"{pk_column('realisasi', 2)}{first}"]
    assert cell_of(out / name, f"{pk_column('capaian_tw', 2)}{first}") is None   # not 1,06
    assert cell_of(out / name, f"{pk_column('capaian_tahunan', 2)}{first + 1}") == 30   # 0,9 of 3: stands
