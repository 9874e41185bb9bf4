"""Issue 21, finding 9: only reported quarters are graded.  A TW II PK with 0 placeholders in TW III and IV
gets no "Capaian TW III/IV" in the completed workbook, the rekap's Indikator PK or the round record."""

from tests.conftest import invoke
from tests.filled_templates import cell_of, pk_name, pk_workbook, table
from xlsx_lkjip import api
from xlsx_lkjip.templates import PK_LAYOUT, pk_column


def test_quarters_after_the_round_get_no_capaian(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    name = pk_name("Dinas C", "II", "2025")
    pk_workbook(src / name, [dict(target=8, realisasi=[2, 2, 0, 0])], opd="Dinas C")
    res = invoke(["run", src, "-o", out])
    assert res.exit_code == 0, res.output
    r = PK_LAYOUT["first_data_row"]
    assert [cell_of(out / name, f"{pk_column('capaian_tw', k)}{r}") for k in (1, 2, 3, 4)] == [25, 50, None, None]
    assert cell_of(out / name, f"{pk_column('capaian_tahunan')}{r}") == 50
    row = table(out / "rekap.xlsx", "Indikator PK")[0]
    assert [row[f"Capaian TW {q} (%)"] for q in ("I", "II", "III", "IV")] == [25, 50, None, None]
    (pk,) = api.read_round(out).workbooks[0].sheets[0].rows
    assert pk.capaian[2:] == [None, None] and str(pk.tahunan) == "50.00"
