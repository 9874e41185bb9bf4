"""Issue 14 §5: warnings worth reading.  A typed capaian that agrees with the computed one at the precision
it was typed is replaced without a warning (Renja and PK alike) and counted once per sheet; placeholders
(0, "-", blank) in computed cells are replaced silently; a rule firing on many rows of a sheet is one console
line (Masalah keeps one row per cell); realisasi anggaran above the pagu is a warning; the bundled samples
give at most 15 warning lines per workbook."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pytest

from tests.badfiles import run_cli
from tests.conftest import REPO, invoke
from tests.mini import E81_COL, e81_row, e81_workbook
from tests.pk_builders import build_pk, pk_cell
from xlsx_lkjip.api import complete_workbook
from xlsx_lkjip.evaluate.sheet import agrees_when_rounded
from xlsx_lkjip.io.grid import address
from xlsx_lkjip.problems import Problem, grouped, rows_text

FIRST_ROW = 8   # first data row of tests/mini.e81_workbook


def _cell(n: int, side: str, row: int = FIRST_ROW) -> str:
    return address(row, E81_COL[n][0 if side == "K" else 1])


def _warnings(result) -> list[Problem]:
    return [p for p in result.problems if p.level == "peringatan"]


# -- (a) typed capaian at the precision it was typed ---------------------------------------------------------
@pytest.mark.parametrize("typed,computed,exact,agrees", [
    (D(14), D("14.04"), D("14.0449"), True),           # Sumenep: whole percents
    (D("88.13"), D("88.14"), D("88.1375"), True),       # Binjai: cut off, not rounded
    (D("88.14"), D("88.14"), D("88.1375"), True),
    (D("88.1"), D("88.14"), D("88.1375"), True),
    (D("88.15"), D("88.14"), D("88.1375"), False),      # neither rounded nor cut off
    (D("88.12"), D("88.14"), D("88.1375"), False),
    (D(15), D("14.04"), D("14.0449"), False),
    (D(14), D("14.50"), D("14.5"), True),               # half-up gives 15, cut off 14: both readings agree
    (D(15), D("14.50"), D("14.5"), True),
    (D(16), D("14.50"), D("14.5"), False),
    (D("14.0"), D("14.04"), D("14.0449"), True),
    (D("14.00"), D("14.04"), D("14.0449"), False),      # typed to two decimals: 14,00 is not 14,04
    (D(100), D("99.60"), None, True),
    (D("-5"), D("-5.30"), None, True),
])
def test_agreement_at_the_typed_precision(typed, computed, exact, agrees):
    assert agrees_when_rounded(typed, computed, exact) is agrees


def _renja_with_typed_capaian(path: Path, typed: dict) -> Path:
    """One row: K 1 of 7 (14,2857… %), Rp 140.449 of 1.000.000 (14,0449 %); `typed`: n -> (K, Rp) typed in the
    computed columns."""
    return e81_workbook(path, [
        e81_row(1, "1.02.02.2.01.01", "Pelayanan", "Jumlah layanan", t6=(14, "2.000.000"), t7=(0, 0),
                t8=(7, "1.000.000"), q=((1, "140.449"), (None, None), (None, None), (None, None)), computed=typed)])


@pytest.mark.parametrize("typed_k,typed_rp,warned,summary", [
    ("14 %", "14 %", [], "2 nilai capaian ketikan OPD diganti hasil hitung; 2 hanya beda pembulatan"),
    ("14,28", "14,04", [], "1 nilai capaian ketikan OPD diganti hasil hitung; 1 hanya beda pembulatan"),  # cut off;
    ("14,3", "14,0", [], "2 nilai capaian ketikan OPD diganti hasil hitung; 2 hanya beda pembulatan"),  # the same
    ("15 %", "14 %", ["K"], "2 nilai capaian ketikan OPD diganti hasil hitung; 1 hanya beda pembulatan"),
    ("14,27", "14,03", ["K", "Rp"], None),   # a hundredth off is no rounding (today silent); all said already
])
def test_renja_typed_capaian(tmp_path, typed_k, typed_rp, warned, summary):
    path = _renja_with_typed_capaian(tmp_path / "Renja.xlsx", {14: (typed_k, typed_rp)})
    result = complete_workbook(path, tmp_path / "out.xlsx")
    replaced = [p for p in result.problems if p.code == "value-replaced"]
    assert sorted(p.cell for p in replaced) == sorted(_cell(14, side) for side in warned)
    said = [p for p in result.problems if p.code == "typed-capaian"]
    assert [(p.level, p.sheet, p.cell, p.message) for p in said] == ([("info", "Evaluasi", "", summary)]
                                                                     if summary else [])
    (row,) = result.sheets[0].rows
    assert (row.capaian["K"], row.capaian["Rp"]) == (D("14.29"), D("14.04"))   # the computed values, always


def test_renja_typed_capaian_in_a_percent_formatted_number_cell(tmp_path):
    """A number typed in a percent cell: 0,14 shown as 14 % is read as 14, at its precision."""
    path = _renja_with_typed_capaian(tmp_path / "Renja.xlsx", {14: (0.14, 0.15)})
    from openpyxl import load_workbook
    wb = load_workbook(path)
    for side in ("K", "Rp"):
        wb.active[_cell(14, side)].number_format = "0%"
    wb.save(path)
    result = complete_workbook(path, None)
    assert [p.cell for p in result.problems if p.code == "value-replaced"] == [_cell(14, "Rp")]   # 15 of 14,04


def _pk_with_typed(path: Path, capaian_tahunan) -> dict:
    """Binjai row 4 (seed 000): target 80, level-like, realisasi 70,51 in TW IV -> 88,1375 -> 88,14."""
    return build_pk(path, [dict(sasaran="Meningkatnya kinerja ASN", indikator="Persentase ASN dengan SKP baik",
                                satuan="%", target=80, realisasi=[None, None, None, "70,51"],
                                capaian_tahunan=capaian_tahunan)])


@pytest.mark.parametrize("typed,warned", [
    ("88,13", False),     # the seed's cut-off figure: today silent, still silent, now counted
    ("88 %", False),
    ("88,14 %", False),
    ("88,15", True),      # neither rounding nor cutting 88,1375 gives it (today silent: within 0,01)
    ("88,12", True),
    ("89 %", True),
])
def test_pk_typed_capaian_follows_the_renja_rule(tmp_path, typed, warned):
    layout = _pk_with_typed(tmp_path / "PK.xlsx", typed)
    result = complete_workbook(tmp_path / "PK.xlsx", None)
    (row,) = result.sheets[0].rows
    assert row.tahunan == D("88.14")
    replaced = [p for p in result.problems if p.code == "value-replaced"]
    assert [p.cell for p in replaced] == ([pk_cell(layout, "capaian_tahunan", 0)] if warned else [])
    summaries = [p.message for p in result.problems if p.code == "typed-capaian"]
    if typed == "88,14 %":
        assert summaries == []            # the same value: nothing was replaced
    elif warned:
        assert summaries == []
    else:
        assert summaries == ["1 nilai capaian ketikan OPD diganti hasil hitung; 1 hanya beda pembulatan"]


def test_pk_and_renja_agree_on_whole_percents(tmp_path):
    """14 % typed for 14,04 is silent in a PK capaian as in a Renja one (PK used to warn on it, Renja too)."""
    layout = build_pk(tmp_path / "PK.xlsx", [dict(indikator="Jumlah layanan", satuan="layanan", target=1000,
                                                  realisasi=["140,449"], capaian=["14 %"], capaian_tahunan="14 %")])
    result = complete_workbook(tmp_path / "PK.xlsx", None)
    assert [p for p in result.problems if p.code == "value-replaced"] == []
    assert [p.message for p in result.problems if p.code == "typed-capaian"] == \
        ["2 nilai capaian ketikan OPD diganti hasil hitung; 2 hanya beda pembulatan"]
    assert pk_cell(layout, "capaian", 0, 0)


def _pk_sheet(path: Path, head: list, data: list[list], title: str = "Perjanjian Kinerja Triwulan I Tahun 2024"
              ) -> Path:
    from tests.mini import write_rows
    return write_rows(path, [["Perangkat Daerah : Dinas Contoh"], [title], [], head, *data])


def test_pk_monthly_capaian_typed_at_its_precision(tmp_path):
    """A monthly plan's Capaian <bulan> (i13-pk): Kumulatif 10/30 = 33,33 typed "33 %", 31/60 = 51,666… typed
    "51,66" (cut off: only the unrounded value gives it), 36/90 = 40 typed "41": only the last is a warning."""
    head = ["No", "Indikator Kinerja", "Satuan", "Target Januari", "Realisasi Januari", "Capaian Januari (%)",
            "Target Februari", "Realisasi Februari", "Capaian Februari (%)", "Target Maret", "Realisasi Maret",
            "Capaian Maret (%)", "Capaian Tahunan (%)"]
    src = _pk_sheet(tmp_path / "PK.xlsx", head, [[1, "Jumlah layanan", "layanan", 30, 10, "33 %", 30, 21, "51,66",
                                                  30, 5, 41, 40]])
    result = complete_workbook(src, None)
    sheet = result.sheets[0]
    assert sheet.layout.capaian_month[:3] == [6, 9, 12]
    (row,) = sheet.rows
    assert row.capaian_month[:3] == [D("33.33"), D("51.67"), D("40.00")] and row.tahunan == D("40.00")
    assert [p.cell for p in result.problems if p.code == "value-replaced"] == ["L5"]
    assert [p.message for p in result.problems if p.code == "typed-capaian"] == \
        ["3 nilai capaian ketikan OPD diganti hasil hitung; 2 hanya beda pembulatan"]


def test_pk_annual_table_capaian_typed_at_its_precision(tmp_path):
    """The annual IKU table's Capaian column (i13-pk): 70,51 / 80 = 88,1375 typed "88,13" (Binjai, cut off) and
    160 / 360 = 44,44 typed "44 %" are silent; 38 / 40 = 95 typed "96" is a warning."""
    from tests.indigo_builders import FIRST_DATA_ROW, build_pencapaian
    rows = [dict(no=1, iku="Persentase ASN dengan SKP baik", target=80, satuan="%", polarisasi="Positif",
                 realisasi="70,51", capaian="88,13"),
            dict(no=2, iku="Jumlah ASN mengikuti diklat", target=360, satuan="orang", polarisasi="Positif",
                 realisasi=160, capaian="44 %"),
            dict(no=3, iku="Jumlah pejabat mengikuti diklat", target=40, satuan="orang", polarisasi="Positif",
                 realisasi=38, capaian=96)]
    result = complete_workbook(build_pencapaian(tmp_path / "Pencapaian.xlsx", rows), None)
    assert result.sheets[0].periods == "tahunan"
    assert [r.tahunan for r in result.sheets[0].rows] == [D("88.14"), D("44.44"), D("95.00")]
    assert [p.cell for p in result.problems if p.code == "value-replaced"] == [f"M{FIRST_DATA_ROW + 2}"]
    assert [p.message for p in result.problems if p.code == "typed-capaian"] == \
        ["3 nilai capaian ketikan OPD diganti hasil hitung; 2 hanya beda pembulatan"]


# -- (b) placeholders -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("placeholder", [0, "0", "-", "–", " ", "0 %", "0,00"])
def test_placeholders_in_computed_cells_are_replaced_silently(tmp_path, placeholder):
    path = _renja_with_typed_capaian(tmp_path / "Renja.xlsx", {n: (placeholder, placeholder) for n in (13, 14, 15, 16)})
    out = tmp_path / "out.xlsx"
    result = complete_workbook(path, out)
    assert result.status == "selesai", result.problems
    assert [p for p in result.problems if p.code in ("value-replaced", "typed-capaian")] == []
    from openpyxl import load_workbook
    ws = load_workbook(out).active
    assert ws[_cell(13, "K")].value == 1 and ws[_cell(14, "K")].value == pytest.approx(14.29)
    assert ws[_cell(16, "Rp")].value == pytest.approx(7.02)   # 140.449 / 2.000.000


def test_a_typed_figure_is_not_a_placeholder(tmp_path):
    path = _renja_with_typed_capaian(tmp_path / "Renja.xlsx", {13: (5, "140.449"), 14: ("50 %", None)})
    result = complete_workbook(path, None)
    assert sorted(p.cell for p in result.problems if p.code == "value-replaced") == [_cell(13, "K"), _cell(14, "K")]


def test_sumenep_sample_placeholders_and_rounding(tmp_path):
    """The bundled Sumenep sample: 51 typed capaian replaced, 49 only by rounding: no warning for those; what is
    left are real differences."""
    result = complete_workbook(REPO / "input" / "Evaluasi Renja BKPSDM Sumenep TW I 2024.xlsx", None)
    msgs = [p.message for p in result.problems if p.code == "typed-capaian"]
    assert msgs == ["51 nilai capaian ketikan OPD diganti hasil hitung; 49 hanya beda pembulatan"]
    replaced = {p.cell: p.message for p in result.problems if p.code == "value-replaced"}
    assert sorted(replaced) == ["AA84", "X46", "Z84"]
    assert "AA14" not in replaced   # "14 %" for 14,04
    assert replaced["Z84"] == "nilai diganti: 20 % → 19,13 (kolom rata-rata, K)"


def test_placeholders_in_the_pk_columns_of_issue_13(tmp_path):
    """A monthly plan's quarter subtotal (Realisasi TW I) and a Serapan TW column holding 0 or "-" before
    completion are placeholders: replaced without a warning."""
    head = ["No", "Indikator Kinerja", "Satuan", "Target", "Realisasi Januari", "Realisasi Februari",
            "Realisasi Maret", "Realisasi TW I", "Anggaran TW I", "Realisasi Anggaran TW I", "Serapan TW I (%)",
            "Capaian Tahunan (%)"]
    src = _pk_sheet(tmp_path / "PK.xlsx", head, [[1, "Jumlah layanan", "layanan", 40, 2, 3, 5, 0, "1.000.000",
                                                  "250.000", "-", " "],
                                                 [2, "Jumlah laporan", "laporan", 12, 1, 1, 1, "-", "1.000.000",
                                                  "500.000", 0, 0]])
    out = tmp_path / "out.xlsx"
    result = complete_workbook(src, out)
    assert result.status == "selesai", result.problems
    assert [p for p in result.problems if p.code in ("value-replaced", "typed-capaian")] == []
    from openpyxl import load_workbook
    ws = load_workbook(out).active
    assert [ws[f"{c}5"].value for c in "HKL"] == [10, 25, 25]
    assert [ws[f"{c}6"].value for c in "HKL"] == [3, 50, 25]


# -- (c) grouped lines ----------------------------------------------------------------------------------------
def test_rows_text():
    assert rows_text([16, 17, 20, 21, 22, 23, 24]) == "7 baris (16, 17, 20\u201324)"
    assert rows_text([5]) == "1 baris (5)"
    assert rows_text(list(range(1, 40, 2))) == "20 baris (1, 3, 5, 7, 9, 11, …)"
    assert rows_text([9, 8, 8, 10]) == "3 baris (8\u201310)"


def _no_target_rows(n: int) -> list[list]:
    """n sub kegiatan rows without a Renstra target (column 6): column 16 cannot be computed on any."""
    return [e81_row(i + 1, f"1.02.02.2.01.{i + 1:02d}", f"Kegiatan {i + 1}", "Jumlah layanan", t7=(0, 0),
                    t8=(10, "1.000.000"), q=((i % 7 + 1, "100.000"), (None, None), (None, None), (None, None)))
            for i in range(n)]


def test_a_rule_over_many_rows_is_one_line(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    rows = _no_target_rows(23)
    rows[4] = e81_row(5, "1.02.02.2.01.05", "Kegiatan 5", "Jumlah layanan", t6=(50, "5.000.000"), t7=(0, 0),
                      t8=(10, "1.000.000"), q=((3, "100.000"), (None, None), (None, None), (None, None)))
    rows[10][E81_COL[9][0] - 1] = "belum ada data"     # one other warning, on its own line
    e81_workbook(src / "Renja.xlsx", rows)
    check = invoke(["check", src])
    assert check.exit_code == 0, check.output
    # row 18 reports no K quarter ("belum ada data"): 13, 15 and so 16 stay empty on its K side (issue 20), so
    # only its Rp side is said, on a line of its own
    line = ("[peringatan] Evaluasi: kolom 16 (K dan Rp) tidak dihitung pada 21 baris (8\u201311, 13\u201317, "
            "19\u201330): target di kolom 6 (K dan Rp) kosong, nihil atau nol")
    rp_only = ("[peringatan] Evaluasi/G18: baris 18: kolom 16 (Rp) tidak dihitung karena target di kolom 6 (Rp) kosong, "
               "nihil atau nol")
    assert check.output.count(line) == 1, check.output
    assert check.output.count("tidak dihitung karena target") == 1 and rp_only in check.output   # no line per row
    assert f'[peringatan] Evaluasi/{_cell(9, "K", 18)}: sel {_cell(9, "K", 18)} (kolom 9 K): "belum ada data" ' \
           "bukan angka; dianggap belum dilaporkan" in check.output
    run = run_cli(src, tmp_path / "out")
    assert run.exit_code == 0
    warning_lines = [x for x in run.output.splitlines() if x.startswith("   [peringatan]")]
    assert warning_lines == ["   " + line, f'   [peringatan] Evaluasi/{_cell(9, "K", 18)}: sel {_cell(9, "K", 18)} '
                             '(kolom 9 K): "belum ada data" bukan angka; dianggap belum dilaporkan', "   " + rp_only]
    # Masalah keeps one row per cell, so staff can filter
    no_target = [p for p in run.masalah if "tidak dihitung karena target" in p["Pesan"]]
    assert len(no_target) == 22 and len({p["Sel"] for p in no_target}) == 22
    assert "23 peringatan" in run.output   # the count is of cells, as in Rekap OPD


def test_two_rows_stay_two_lines(tmp_path):
    e81_workbook(tmp_path / "Renja.xlsx", _no_target_rows(2))
    check = invoke(["check", tmp_path / "Renja.xlsx"])
    assert check.output.count("tidak dihitung karena target di kolom 6") == 2, check.output


def test_grouping_keeps_rules_and_sheets_apart():
    ps = [Problem("no-target", "peringatan", f"baris {r}", sheet=s, cell=f"J{r}", group="kolom 16 pada {baris}")
          for s in ("A", "B") for r in (1, 2, 3)]
    ps.insert(2, Problem("not-a-number", "peringatan", "x", sheet="A", cell="K2", group="kolom 9 pada {baris}"))
    lines = grouped(ps)
    assert [(x.where, x.message, x.cells) for x in lines] == [
        ("A", "kolom 16 pada 3 baris (1\u20133)", 3), ("A/K2", "x", 1), ("B", "kolom 16 pada 3 baris (1\u20133)", 3)]


def test_run_caps_the_lines_of_one_workbook(tmp_path):
    """A workbook with a warning in every column says at most 15 lines, the last pointing to Masalah."""
    src = tmp_path / "in"
    src.mkdir()
    row = e81_row(1, "1.02.02.2.01.01", "Pelayanan", "Jumlah layanan", t6=(14, "2.000.000"), t7=(0, 0),
                  t8=(7, "1.000.000"), q=((1, "140.449"), (1, 1), (1, 1), (1, 1)))
    rows = []
    for i in range(2):     # two rows: each cell a line of its own (a group starts at three)
        r = list(row)
        for n in (6, 7, 9, 10, 11, 12):
            for side in (0, 1):
                r[E81_COL[n][side] - 1] = f"{n}/{i}"      # not a number, a different column each
        rows.append(r)
    e81_workbook(src / "Renja.xlsx", rows)
    run = run_cli(src, tmp_path / "out")
    lines = [x for x in run.output.splitlines() if x.startswith("   ")]
    assert len(lines) == 15, run.output
    assert lines[-1].startswith("   … dan ") and lines[-1].endswith('lihat sheet "Masalah" pada rekap')


def _console(result) -> list[str]:
    return [line.text() for line in grouped(result.problems) if line.level != "info"]


def test_the_pk_rules_of_issue_13_are_grouped_too(tmp_path):
    """The per-row rules i13-pk added (an unknown polarity, a month after the round, a quarter reported
    without its target) are one console line each over many rows; the problems stay one per cell."""
    from xlsx_lkjip.config import Config
    head = ["No", "Indikator Kinerja", "Satuan", "Polaritas", "Target", "Target Januari", "Realisasi Januari",
            "Target April", "Realisasi April", "Capaian Tahunan (%)"]
    data = [[i + 1, f"Jumlah layanan {i + 1}", "layanan", "Tinggi", 100, None, 10, 25, 20, None] for i in range(4)]
    result = complete_workbook(_pk_sheet(tmp_path / "PK.xlsx", head, data), None, Config(triwulan=1))
    assert len([p for p in result.problems if p.code == "unknown-polarity"]) == 4
    assert len([p for p in result.problems if p.code == "after-round"]) == 4
    assert len([p for p in result.problems if p.code == "no-target"]) == 4
    assert _console(result) == [
        '[peringatan] Evaluasi: polaritas "Tinggi" tidak dikenal pada 4 baris (5\u20138); dihitung sebagai Positif '
        "(semakin tinggi semakin baik)",
        "[peringatan] Evaluasi: realisasi April diisi pada 4 baris (5\u20138), padahal putaran monitoring sampai "
        "triwulan I; angka ini tidak dihitung",
        "[peringatan] Evaluasi: target TW I kosong padahal ada realisasi pada 4 baris (5\u20138); capaian TW I tidak "
        "dihitung"]


# -- (d) pagu ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("tw2,warned", [("400.001", True), ("400.000", False), ("399.999", False)])
def test_renja_realisasi_above_the_pagu(tmp_path, tw2, warned):
    """Pagu (8 Rp) 1.000.000; realisasi 600.000 + TW II: one rupiah above the pagu is a warning (capaian Rp
    100,00 % when rounded), the pagu itself is not."""
    path = e81_workbook(tmp_path / "Renja.xlsx", [
        e81_row(1, "1.02.02.2.01.01", "Pelayanan", "Jumlah layanan", t6=(14, "2.000.000"), t7=(0, 0),
                t8=(7, "1.000.000"), q=((1, "600.000"), (1, tw2), (None, None), (None, None)))])
    result = complete_workbook(path, None)
    over = [p for p in result.problems if p.code == "over-budget"]
    if not warned:
        assert over == []
        return
    (p,) = over
    assert p.level == "peringatan" and p.cell == _cell(14, "Rp") and p.fix
    assert p.message == ("baris 8: realisasi anggaran kolom 13 Rp (1.000.001) melebihi pagu kolom 8 Rp (1.000.000) "
                         "(capaian Rp 100,00 %)")


def test_renstra_budget_exceeded_is_no_pagu_warning(tmp_path):
    """16 = 15/6 (Renstra, cumulative against an indicative 5-year budget) above 100 % is common and no DPA
    overspend; nor is it when a variant form has only that ratio (the real Bappedalitbang 2025 workbook)."""
    row = e81_row(1, "1.02.02.2.01.01", "Pelayanan", "Jumlah layanan", t6=(14, "1.000.000"), t7=(10, "900.000"),
                  t8=(7, "1.000.000"), q=((1, "400.000"), (None, None), (None, None), (None, None)))
    result = complete_workbook(e81_workbook(tmp_path / "Renja.xlsx", [row]), None)
    assert result.sheets[0].rows[0].capaian["Rp"] == D("40.00")
    assert [p for p in result.problems if p.code == "over-budget"] == []
    from tests.mini import E81_SIDES, e81_numbered, write_rows
    numbered = [None if v == "14=13/8x100%" else v for v in e81_numbered()]   # no yearly capaian
    numbered[E81_COL[14][0] - 1] = 14
    variant = write_rows(tmp_path / "Variant.xlsx", [["EVALUASI TERHADAP HASIL RENJA"], [],
                                                     ["No", "Sasaran", "Kode", "Program/Kegiatan", "Indikator"],
                                                     numbered, E81_SIDES, row])
    result = complete_workbook(variant, None)
    assert result.sheets and result.sheets[0].layout.roles.capaian == 16
    assert [p for p in result.problems if p.code == "over-budget"] == []


def test_pk_realisasi_anggaran_above_the_pagu(tmp_path):
    layout = build_pk(tmp_path / "PK.xlsx", [
        dict(indikator="Jumlah layanan", satuan="layanan", target=10, realisasi=[5], pagu="1.000.000",
             realisasi_anggaran="1.250.000"),
        dict(indikator="Jumlah laporan", satuan="laporan", target=10, realisasi=[5], pagu="1.000.000",
             realisasi_anggaran="1.000.000")], anggaran=True, anggaran_outputs=True)
    result = complete_workbook(tmp_path / "PK.xlsx", None)
    (p,) = [p for p in result.problems if p.code == "over-budget"]
    assert p.cell == pk_cell(layout, "realisasi_anggaran", 0)
    assert p.message == f"baris {layout['rows'][0]}: realisasi anggaran (1.250.000) melebihi anggaran/pagu (1.000.000); " \
                        "serapan 125,00 %"


QUARTER_BUDGET = (["No", "Indikator Kinerja", "Satuan", "Target", "Realisasi TW I", "Realisasi TW II"]
                  + [f"Anggaran TW {q}" for q in ("I", "II")] + [f"Realisasi Anggaran TW {q}" for q in ("I", "II")]
                  + ["Serapan Anggaran (%)"])


@pytest.mark.parametrize("pagu,spent,said", [
    (["1.000.000", "1.000.000"], ["1.500.000", "100.000"],       # TW I alone is above its budget: said at TW I
     ("I5", "baris 5: realisasi anggaran s.d. TW I (1.500.000) melebihi anggaran s.d. TW I (1.000.000); serapan "
            "150,00 %")),
    (["1.000.000", "1.000.000"], ["500.000", "1.600.000"],       # 2.100.000 to date of 2.000.000
     ("J5", "baris 5: realisasi anggaran s.d. TW II (2.100.000) melebihi anggaran s.d. TW II (2.000.000); serapan "
            "105,00 %")),
    (["1.000.000", "1.000.000"], ["500.000", "1.500.000"], None),   # TW II spent ahead, within the plan to date
    (["1.000.000", "1.000.000"], ["1.000.000", "1.000.000"], None),
])
def test_pk_quarter_budget_above_the_budget_to_date(tmp_path, pagu, spent, said):
    src = _pk_sheet(tmp_path / "PK.xlsx", QUARTER_BUDGET, [[1, "Jumlah layanan", "layanan", 10, 2, 3, *pagu, *spent,
                                                            None]], title="Triwulan II Tahun 2024")
    result = complete_workbook(src, None)
    over = [(p.cell, p.message) for p in result.problems if p.code == "over-budget"]
    assert over == ([said] if said else [])
    assert all(p.level == "peringatan" and p.fix for p in result.problems if p.code == "over-budget")


def test_pk_annual_pagu_overspent_by_the_quarters(tmp_path):
    """An annual Anggaran with per-quarter realisasi: the quarter whose spending to date passes the pagu."""
    head = ["No", "Indikator Kinerja", "Target", "Realisasi TW I", "Realisasi TW II", "Anggaran (Pagu)",
            "Realisasi Anggaran TW I", "Realisasi Anggaran TW II", "Serapan Anggaran (%)"]
    src = _pk_sheet(tmp_path / "PK.xlsx", head, [[1, "Jumlah layanan", 10, 2, 3, "1.000.000", "400.000", "700.000",
                                                  None]], title="Triwulan II Tahun 2024")
    result = complete_workbook(src, None)
    assert result.sheets[0].rows[0].serapan == D("110.00")
    assert [(p.cell, p.message) for p in result.problems if p.code == "over-budget"] == [
        ("H5", "baris 5: realisasi anggaran s.d. TW II (1.100.000) melebihi anggaran/pagu (1.000.000); serapan "
               "110,00 %")]


def test_pk_month_budget_above_the_budget_to_date(tmp_path):
    """Monthly budget columns: said at the quarter's latest month filled."""
    head = ["No", "Indikator Kinerja", "Target", "Realisasi Januari", "Realisasi Februari", "Anggaran Januari",
            "Anggaran Februari", "Realisasi Anggaran Januari", "Realisasi Anggaran Februari"]
    src = _pk_sheet(tmp_path / "PK.xlsx", head, [[1, "Jumlah layanan", 10, 2, 3, 100, 100, 50, 2000]])
    result = complete_workbook(src, None)
    assert [(p.cell, p.message) for p in result.problems if p.code == "over-budget"] == [
        ("I5", "baris 5: realisasi anggaran s.d. TW I (2.050) melebihi anggaran s.d. TW I (200); serapan 1.025,00 %")]


# -- (e) the bundled samples ----------------------------------------------------------------------------------
def test_bundled_samples_say_at_most_15_warning_lines(tmp_path):
    run = run_cli(REPO / "input", tmp_path / "out")
    assert run.exit_code == 0, run.output
    blocks: dict[str, list[str]] = {}
    current = None
    for line in run.output.splitlines():
        if line.startswith("["):
            current = line.split("] ", 1)[1].split(": ", 1)[0]
            blocks[current] = []
        elif line.startswith("   ") and current:
            blocks[current].append(line)
    assert len(blocks) == 4
    for name, lines in blocks.items():
        warnings = [x for x in lines if x.startswith("   [peringatan]")]
        assert len(warnings) <= 15, (name, lines)
    sumenep = [x for x in blocks["Evaluasi Renja BKPSDM Sumenep TW I 2024.xlsx"] if "[peringatan]" in x]
    assert len(sumenep) == 5, sumenep
    assert any("kolom 16 (K dan Rp) tidak dihitung pada 45 baris" in x for x in sumenep)
    assert not any("14 % → 14,04" in x for x in sumenep)
