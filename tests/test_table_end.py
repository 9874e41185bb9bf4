"""The table's end: the footer row when there is one, otherwise where the figures stop.  What follows a table -
a place and date, "Kepala …", "NIP", "Pembina …", "Disusun / Dievaluasi / Mengetahui", dotted and {placeholders},
notes, rows after two empty rows - is never data: no warning about it, no value written there."""

from decimal import Decimal as D

import pytest

from xlsx_lkjip.api import complete_workbook
from tests.mini import E81_COL, E81_SIDES, e81_numbered, e81_row, write_rows
from tests.renja_shapes import sheet_values

HEADER = [["EVALUASI TERHADAP HASIL RENJA PERANGKAT DAERAH"], ["Perangkat Daerah : Dinas Contoh"],
          ["Periode Pelaksanaan : Triwulan IV Tahun 2024"], []]
ROWS = [e81_row(1, "5.03.01.2.01.01", "Penyusunan Dokumen", "Jumlah dokumen", t6=(10, 100), t7=(4, 40),
                t8=(4, 40), q=((1, 10), (1, 10), (1, 10), (1, 10))),
        e81_row(2, "5.03.01.2.01.02", "Koordinasi", "Jumlah laporan", t6=(20, 200), t7=(8, 80), t8=(4, 40),
                q=((1, 5), (1, 5), (1, 5), (None, None)))]
FIRST = len(HEADER) + 4          # first data row (under the header line, the numbered row and the K/Rp row)
K9 = E81_COL[9][0]               # a figure column (TW I, K): where a signature standing right of the names lands


def _line(text: str, col: int = K9) -> list:
    return [None] * (col - 1) + [text]


def _build(path, after: list[list], merges=()):
    rows = HEADER + [["No", "Sasaran", "Kode", "Program/Kegiatan", "Indikator", "Target Renstra"]] \
        + [e81_numbered(), E81_SIDES] + ROWS + after
    return write_rows(path, rows, merges=merges)


def _check(tmp_path, after, merges=(), *, data_rows=(FIRST, FIRST + 1)):
    src = _build(tmp_path / "Renja.xlsx", after, merges)
    out = tmp_path / "out.xlsx"
    res = complete_workbook(src, out)
    sheet = res.sheets[0]
    assert [r.row for r in sheet.rows] == list(data_rows)
    assert [r.capaian["K"] for r in sheet.rows] == [D("100.00"), D("75.00")]
    below = FIRST + 2
    assert all(not p.cell or int("".join(ch for ch in p.cell if ch.isdigit())) < below + 2 for p in res.problems), \
        res.problems
    assert not [p for p in res.problems if p.level != "info" and p.code != "no-footer"], res.problems
    before, completed = sheet_values(src), sheet_values(out)
    # nothing written below the table's end, but the footer lines on two free rows
    changed = {ref for ref in set(before) | set(completed) if before.get(ref) != completed.get(ref)}
    rows_changed = {int("".join(ch for ch in ref if ch.isdigit())) for ref in changed}
    assert rows_changed <= set(data_rows) | {below, below + 1}, sorted(changed)
    return res, before, completed


SIGNATURES = {
    "place and date": ["Lubuk Pakam,      Desember 2025", "KEPALA DINAS CONTOH", "", "", "NAMA PEJABAT",
                       "PEMBINA UTAMA MUDA", "NIP. 19700101 199503 1 001"],
    "dotted date": ["Sumenep, ....................... 2024", "Kepala Dinas", "..........................",
                    "NIP. ........................"],
    "disusun": ["Disusun oleh", "Kepala Sub Bagian Perencanaan", "NAMA PEJABAT", "Penata Tk. I",
                "NIP. 19800101 200501 1 001"],
    "dievaluasi": ["Dievaluasi", "Kepala Bappeda"],
    "mengetahui": ["Mengetahui,", "Kepala Dinas Contoh"],
    "placeholders": ["{kota}, {tanggalsusun}", "{kepala}", "NIP. {nipkepala}"],
    "notes": ["*) Diisi oleh Perangkat Daerah", "Keterangan:", "K = kinerja, Rp = anggaran"],
}


@pytest.mark.parametrize("name", sorted(SIGNATURES))
def test_signature_right_under_the_table_is_never_data(tmp_path, name):
    after = [_line(t) if t else [] for t in SIGNATURES[name]]
    res, before, completed = _check(tmp_path, after)
    # no room for the footer lines: said once, naming the table's last row, not the signature
    assert [p.cell for p in res.problems if p.code == "no-footer"] == [f"A{FIRST + 1}"]
    for i, t in enumerate(SIGNATURES[name]):
        if t:
            assert completed.get(f"L{FIRST + 2 + i}") == t


@pytest.mark.parametrize("name", sorted(SIGNATURES))
def test_signature_after_two_empty_rows_merged_over_figures(tmp_path, name):
    after = [[], []] + [_line(t) if t else [] for t in SIGNATURES[name]]
    start = FIRST + 4
    merges = tuple(f"L{start + i}:T{start + i}" for i, t in enumerate(SIGNATURES[name]) if t)
    res, before, completed = _check(tmp_path, after, merges)
    assert completed[f"A{FIRST + 2}"] == "Rata-rata capaian kinerja (%)"     # the footer on the free rows
    assert not [p for p in res.problems if p.code in ("merged-figure", "not-a-number")]


def test_name_lines_after_two_empty_rows_are_not_data(tmp_path):
    # a signature without any label: only names in the figure columns, after two empty rows
    after = [[], [], _line("NAMA PEJABAT"), _line("Jabatan Fungsional Perencana")]
    _check(tmp_path, after)


def test_name_line_in_the_name_column_is_left_alone(tmp_path):
    # "Kepala …" in the program column is a heading there, not a signature: but it holds no figure either
    after = [_line("Kepala Daerah dan Wakil Kepala Daerah", 4)]
    _check(tmp_path, after)


def test_rows_after_two_empty_rows_with_figures_continue_the_table(tmp_path):
    more = e81_row(3, "5.03.01.2.02.01", "Pengelolaan Mutasi", "Jumlah dokumen", t6=(10, 100), t7=(4, 40),
                   t8=(2, 20), q=((1, 10), (None, None), (None, None), (None, None)))
    src = _build(tmp_path / "Renja.xlsx", [[], [], more, [], [], _line("Kepala Dinas"), _line("NIP. 1970")])
    res = complete_workbook(src, tmp_path / "out.xlsx")
    assert [r.row for r in res.sheets[0].rows] == [FIRST, FIRST + 1, FIRST + 4]
    assert not [p for p in res.problems if p.level != "info"]


def test_placeholder_figures_in_a_template_row_are_not_data(tmp_path):
    template_row = e81_row(3, "{kode}", "{kegiatan}", "{indikator}", t6=("{target}", "{pagu}"),
                           t7=("……", "……"), t8=("......", "......"))
    src = _build(tmp_path / "Renja.xlsx", [template_row])
    res = complete_workbook(src, tmp_path / "out.xlsx")
    assert [r.row for r in res.sheets[0].rows] == [FIRST, FIRST + 1]
    assert [p.code for p in res.problems if p.level != "info"] == ["no-footer"]   # the row under it is taken


def test_footer_still_ends_the_table(tmp_path):
    after = [["Rata-rata capaian kinerja (%)"], ["Predikat kinerja"], [], _line("Mengetahui,"),
             _line("Kepala Dinas")]
    src = _build(tmp_path / "Renja.xlsx", after)
    out = tmp_path / "out.xlsx"
    res = complete_workbook(src, out)
    assert res.sheets[0].layout.footer_row == FIRST + 2
    ws = sheet_values(out)
    assert ws[f"{chr(64 + E81_COL[14][0])}{FIRST + 2}"] == 87.5      # (100 + 75) / 2
    assert not [p for p in res.problems if p.level != "info"]
