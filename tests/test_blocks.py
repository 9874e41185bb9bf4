"""Every block of a table is read (issue 20): a Renja evaluation with two program blocks, each followed by its
own footer; the second block's kegiatan carries its program's kode and its computed cells hold the agency's
formulas.  Every row with figures is computed and in the rekap; each footer gets its own block's figures; the
sheet's average over both blocks is stated; rows with figures under the last footer are counted and said."""

import openpyxl

from xlsx_lkjip.api import complete_workbook
from tests import heading_shapes as H
from tests import renja_shapes as S
from tests.conftest import invoke

COMPUTED = S.cells(" ".join(f"{H.e81_letter(n)}:{H.e81_letter(n, 'Rp')}" for n in (13, 14, 15, 16)),
                   list(H.BLOCK_ROWS))


def test_two_blocks_each_with_its_footer(tmp_path):
    src = H.build_two_blocks(tmp_path / "Evaluasi Renja Dinsos.xlsx")
    out = tmp_path / "out.xlsx"
    res = complete_workbook(src, out)
    sheet = res.sheets[0]
    assert [r.row for r in sheet.rows] == list(H.BLOCK_ROWS)     # row 15's "1. Dukungan anggaran" is no data
    assert [(b.rows, b.footer_row, b.predikat_row) for b in sheet.layout.blocks] == [
        ([10, 11, 12], 13, 14), ([19, 20, 21], 22, 23)]
    S.check_completed(src, out, res, H.BLOCK_EXPECTED, computed=COMPUTED, footer=H.BLOCK_FOOTERS)
    # the sheet's average over both blocks: K 455 / 6 = 75,83; Rp 350 / 6 = 58,33; said once with each block's
    assert {k: float(v) for k, v in res.average.items()} == {"K": 75.83, "Rp": 58.33}
    [said] = [p for p in res.problems if p.code == "blocks"]
    assert said.level == "info" and "2 blok" in said.message and "75,00 %" in said.message \
        and "76,67 %" in said.message and "75,83 %" in said.message
    assert not [p for p in res.problems if p.level != "info"], res.problems


def test_a_kegiatan_with_its_programs_kode_is_no_program(tmp_path):
    src = H.build_two_blocks(tmp_path / "a.xlsx")
    res = complete_workbook(src, None)
    levels = {r.row: r.level for r in res.sheets[0].rows}
    assert levels == {10: "program", 11: "kegiatan", 12: "sub kegiatan", 19: "program", 20: "kegiatan",
                      21: "sub kegiatan"}


def test_every_row_with_figures_is_in_the_rekap(tmp_path):
    (tmp_path / "in").mkdir()
    H.build_two_blocks(tmp_path / "in" / "Evaluasi Renja Dinsos.xlsx", tail=True)
    result = invoke(["run", tmp_path / "in", "-o", tmp_path / "out"])
    assert result.exit_code in (0, 1), result.output
    wb = openpyxl.load_workbook(tmp_path / "out" / "rekap.xlsx")
    ws = wb["Indikator"]
    head = [c.value for c in ws[1]]
    rows = sorted(r[head.index("Baris")].value for r in ws.iter_rows(min_row=2) if r[0].value)
    assert rows == sorted([*H.BLOCK_ROWS, H.TAIL_ROW])
    per_program = wb["Per Program"]
    head = [c.value for c in per_program[1]]
    programs = sorted(r[head.index("Program / Kegiatan")].value for r in per_program.iter_rows(min_row=2)
                      if r[head.index("Tingkat")].value == "program")
    assert programs == ["Program Perlindungan dan Jaminan Sosial", "Program Rehabilitasi Sosial"]


def test_rows_with_figures_under_the_last_footer_are_counted_and_said(tmp_path):
    src = H.build_two_blocks(tmp_path / "a.xlsx", tail=True)
    out = tmp_path / "out.xlsx"
    res = complete_workbook(src, out)
    sheet = res.sheets[0]
    assert [r.row for r in sheet.rows] == [*H.BLOCK_ROWS, H.TAIL_ROW]
    [w] = [p for p in res.problems if p.code == "rows-below-footer"]
    assert w.level == "peringatan" and w.cell == f"A{H.TAIL_ROW}" and str(H.TAIL_ROW) in w.message
    after = S.sheet_values(out)
    tail = H.BLOCK_COMPUTED[H.TAIL_ROW]
    assert [after[f"{H.e81_letter(n, side)}{H.TAIL_ROW}"] for i, n in enumerate((13, 14, 15, 16))
            for side in ("K", "Rp")] == [v for pair in tail for v in pair]
    # counted in the sheet's average: K (455 + 100) / 7 = 79,29; the footers keep their own blocks' figures
    assert float(res.average["K"]) == 79.29
    assert (after["V13"], after["V22"]) == (75, 76.67)
