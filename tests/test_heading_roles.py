"""A column's formula from its two witnesses, heading and label (issue 20): the RKPD / RPJMD template whose 13
has no label, whose 16 is labelled 14/6 under a heading meaning 15/6, and whose target column 6 has no K | Rp
split.  Every computed cell right on the K and Rp side, or not computed with a warning naming the cell and the
missing input; nothing built on a column that was not computed."""

from xlsx_lkjip.api import complete_workbook
from tests import heading_shapes as H
from tests import renja_shapes as S

DATA = [6, 7]   # the rows reporting a quarter; row 8 reports none


def _run(tmp_path, **kw):
    src = H.build_rpjmd(tmp_path / "Evaluasi RKPD.xlsx", **kw)
    out = tmp_path / "out.xlsx"
    return src, out, complete_workbook(src, out)


def _said(res, code):
    return [p for p in res.problems if p.code == code]


def _footer(u: float, v: float) -> dict:
    # Row 6 reports TW IV: the year's last round.  Row 8 has a target and nothing reported all year: its capaian
    # (column 14, U8 and V8) counts 0 % with a warning (issue 21), so (92 + 50 + 0) / 3 = 47,33 and
    # (72,5 + 50 + 0) / 3 = 40,83, both below 51
    return {"A9": "Rata-rata capaian kinerja (%)", "U9": u, "V9": v, "U8": 0, "V8": 0,
            "A10": "Predikat kinerja", "U10": "Sangat Rendah", "V10": "Sangat Rendah"}


def test_unlabelled_13_is_the_sum_of_the_quarters_and_the_wrong_16_label_yields_to_its_heading(tmp_path):
    src, out, res = _run(tmp_path)
    sheet = res.sheets[0]
    assert sheet.layout.data_rows == H.RPJMD_DATA_ROWS
    S.check_completed(src, out, res, H.RPJMD_EXPECTED, computed=S.cells("S:Y", DATA), footer=_footer(47.33, 40.83))
    # 13 was decided by its heading: said once, as information
    info = _said(res, "formulas-from-headers")
    assert [(p.cell, p.level) for p in info] == [("S4", "info")] and "13=9+10+11+12" in info[0].message
    # 16: the label and the heading disagree; one warning quoting both and saying what was computed
    [d] = _said(res, "label-heading")
    assert d.cell == "Y4" and d.level == "peringatan"
    assert "16 = 14/6*100" in d.message and "Tingkat Capaian Kinerja" in d.message and "16=15/6x100%" in d.message
    # 16 Rp: column 6 is a single target column (K only), so 16 Rp is not computed, and the warning names 6
    [m] = _said(res, "input-not-computed")
    assert m.cell == "Z4" and "kolom 16 Rp" in m.message and "kolom 6" in m.message
    # the rekap's rows: both reporting rows carry the computed year and capaian; row 8 is still a row
    rows = {r.row: r for r in sheet.rows}
    assert sorted(rows) == H.RPJMD_DATA_ROWS
    assert (rows[6].realisasi["K"], rows[6].capaian["K"], rows[6].renstra_capaian["K"]) == (92, 92, 91)
    assert rows[8].realisasi["K"] is None and rows[8].renstra_realisasi["K"] is None


def test_a_row_with_no_quarter_reported_gets_nothing_in_13_to_16(tmp_path):
    """Nothing but its year-end capaian: 0 % in column 14 with a warning (issue 21); 13, 15 and 16 stay empty."""
    src, out, res = _run(tmp_path)
    after = S.sheet_values(out)
    assert sorted(ref for ref in S.cells("S:Z", [8]) if ref in after) == ["U8", "V8"]
    assert [p.code for p in res.problems if p.cell.endswith("8") and p.level != "info"] == ["unreported"]


def test_labels_and_headings_that_agree_say_nothing(tmp_path):
    src, out, res = _run(tmp_path, label13="13 = 9+10+11+12", label16="16 = 15/6*100")
    S.check_completed(src, out, res, H.RPJMD_EXPECTED, computed=S.cells("S:Y", DATA), footer=_footer(47.33, 40.83))
    assert not _said(res, "label-heading") and not _said(res, "formulas-from-headers")


def test_the_heading_wins_the_other_way_too(tmp_path):
    """A Renstra ratio's label (15/6) over the yearly capaian's heading (13/8): the heading's 13/8 is computed."""
    src, out, res = _run(tmp_path, label14="14 = 15/6*100", label16="16 = 15/6*100")
    S.check_completed(src, out, res, H.RPJMD_EXPECTED, computed=S.cells("S:Y", DATA), footer=_footer(47.33, 40.83))
    [d] = _said(res, "label-heading")
    assert d.cell == "U4" and "14 = 15/6*100" in d.message and "14=13/8x100%" in d.message


def test_an_unreadable_label_yields_to_a_readable_heading(tmp_path):
    src, out, res = _run(tmp_path, label13="13 = jumlah TW I s.d. IV")
    S.check_completed(src, out, res, H.RPJMD_EXPECTED, computed=S.cells("S:Y", DATA), footer=_footer(47.33, 40.83))
    [u] = _said(res, "unknown-label")
    assert u.cell == "S4" and "jumlah TW I" in u.message and "13=9+10+11+12" in u.message


def test_neither_witness_readable_nothing_is_built_on_the_column(tmp_path):
    """13's label unreadable and its heading not a form's: 13 is not computed, nor 14 and 15 that use it, nor
    16 that uses 15; each warning names the column and its missing input, and no figure is written there."""
    src, out, res = _run(tmp_path, label13="13 = jumlah TW", headings={"S": "Kolom isian bebas"})
    after = S.sheet_values(out)
    assert not [ref for ref in S.cells("S:Z", H.RPJMD_DATA_ROWS) if ref in after]
    assert [p.cell for p in _said(res, "unknown-label")] == ["S4"]
    blocked = {p.cell: p.message for p in _said(res, "input-not-computed")}
    assert set(blocked) == {"U4", "W4", "Y4"}
    assert "kolom 13" in blocked["U4"] and "kolom 13" in blocked["W4"] and "kolom 15" in blocked["Y4"]
    assert res.status == "dengan peringatan"


def test_a_heading_lacking_its_quarters_builds_nothing(tmp_path):
    """No quarter headings: 13's heading cannot give its sum, so neither 13 nor what uses it is computed."""
    src, out, res = _run(tmp_path, quarter_names=("", "", "", ""), headings={"K": "Realisasi"})
    after = S.sheet_values(out)
    assert not [ref for ref in S.cells("S:X", H.RPJMD_DATA_ROWS) if ref in after]
    assert [p.cell for p in _said(res, "unread-header")] == ["S4"]
    blocked = {p.cell: p.message for p in _said(res, "input-not-computed")}
    assert {"U4", "W4"} <= set(blocked) and "kolom 13" in blocked["U4"]


def test_a_quarter_heading_typed_once_over_the_first_quarter_still_names_the_four(tmp_path):
    """"Realisasi Kinerja pada Triwulan" in K2 alone and I..IV each in its K cell (no merge: centred across the
    selection): the unlabelled 13 is still the sum of the quarters, and 14, 15, 16 are built on it (they were
    left empty, "kolom realisasi triwulan I-IV tidak dikenali")."""
    src, out, res = _run(tmp_path, merged_quarters=False)
    S.check_completed(src, out, res, H.RPJMD_EXPECTED, computed=S.cells("S:Y", DATA), footer=_footer(47.33, 40.83))
    assert not _said(res, "unread-header")
    assert [p.cell for p in _said(res, "input-not-computed")] == ["Z4"]     # 16 Rp only: column 6 is K alone
    [info] = _said(res, "formulas-from-headers")
    assert info.cell == "S4" and "13=9+10+11+12" in info.message
