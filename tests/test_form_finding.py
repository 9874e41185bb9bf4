"""Finding the form by content: numbered row, labels, K/Rp split, kode, header info, data rows, footer."""

from decimal import Decimal as D
from pathlib import Path

import openpyxl
import pytest

from xlsx_lkjip.api import complete_workbook
from xlsx_lkjip.forms.renja import _parse_expr
from tests.mini import E81_COL, E81_SIDES, e81_numbered, e81_row, e81_workbook, write_rows


def run(path: Path, tmp_path: Path):
    out = tmp_path / ("out_" + path.name)
    return complete_workbook(path, out), out


def values(out: Path, sheet=None):
    wb = openpyxl.load_workbook(out)
    ws = wb[sheet] if sheet else wb.worksheets[0]
    return ws


ROW_PEMBERHENTIAN = dict(t8=("121 dokumen", "79.747.000"),
                         q=((26, "8.367.000"), (30, "8.780.000"), (32, "-"), (43, "58.737.000")))


@pytest.mark.parametrize("expr, parsed", [
    ("9+10+11+12", ("sum", (9, 10, 11, 12), False)),
    (" 7 + 13", ("sum", (7, 13), False)),
    ("13/8x100%", ("ratio", (13, 8), True)),
    ("15/6 x 100 %", ("ratio", (15, 6), True)),
    ("13/8×100%", ("ratio", (13, 8), True)),
    ("13/8X100%", ("ratio", (13, 8), True)),
    ("13/8*100%", ("ratio", (13, 8), True)),
    ("(13/8) x 100%", ("ratio", (13, 8), True)),
    ("8/3", ("ratio", (8, 3), False)),
    ("rumus", None),
])
def test_label_expressions(expr, parsed):
    assert _parse_expr(expr) == parsed


def test_standard_e81_without_labels_uses_standard_formulas(tmp_path):
    p = e81_workbook(tmp_path / "a.xlsx", [e81_row(1, "5.03.02.2.01.06", "Koordinasi", "Jumlah", **ROW_PEMBERHENTIAN)],
                     labels=False)
    res, out = run(p, tmp_path)
    sheet = res.sheets[0]
    assert sheet.layout.standard
    assert [f.target for f in sheet.layout.formulas] == [13, 14, 15, 16]
    row = sheet.rows[0]
    assert row.realisasi == {"K": D(131), "Rp": D(75884000)}
    assert row.capaian == {"K": D("108.26"), "Rp": D("95.16")}
    ws = values(out)
    r = sheet.rows[0].row
    assert ws.cell(r, E81_COL[13][0]).value == 131
    assert ws.cell(r, E81_COL[14][0]).value == 108.26
    assert ws.cell(r, E81_COL[14][1]).value == 95.16


def test_labels_with_spaces_and_other_multiply_signs(tmp_path):
    numbered = e81_numbered(labels=False)
    numbered[numbered.index(13)] = "13 = 9 + 10 + 11 + 12"
    numbered[numbered.index(14)] = "14 = 13 / 8 X 100 %"
    numbered[numbered.index(15)] = "15 = 7 + 13"
    numbered[numbered.index(16)] = "16=15/6 × 100 %"
    rows = [["Perangkat Daerah : Dinas A"], [], numbered, E81_SIDES,
            e81_row(1, "5", "PROGRAM X", "Persentase", t6=(200, None), t7=(100, None), **ROW_PEMBERHENTIAN)]
    res, _ = run(write_rows(tmp_path / "b.xlsx", rows), tmp_path)
    row = res.sheets[0].rows[0]
    assert row.capaian["K"] == D("108.26")
    assert res.sheets[0].layout.columns[16].label == "16=15/6 × 100 %"
    # 15 = 7 + 13 = 100 + 131; 16 = 231 / 200
    assert res.sheets[0].rows[0].capaian["K"] == D("108.26")


def test_numbered_row_as_text_and_offset_position(tmp_path):
    numbered = [None, None] + [str(n) if n else None for n in e81_numbered(labels=True)]
    sides = [None, None] + E81_SIDES
    data = [None, None] + e81_row(1, "5.03", "x", "y", **ROW_PEMBERHENTIAN)
    rows = [[], [], [], [None, None, "Judul"], numbered, sides, data]
    res, out = run(write_rows(tmp_path / "c.xlsx", rows), tmp_path)
    assert res.sheets[0].layout.numbered_row == 5
    assert res.sheets[0].rows[0].capaian["K"] == D("108.26")
    ws = values(out)
    assert ws.cell(7, E81_COL[14][0] + 2).value == 108.26


def test_rkpd_layout_with_skipped_number_and_own_labels(tmp_path):
    # Seed 002 prints "1 3 4 5 6 7 8 9=8/3x100% 10=3+8 11": 2 is skipped, 8 is typed, 9 and 10 computed.
    numbered = [1, 3, None, 4, None, 5, None, 6, None, 7, None, 8, None, "9=8/3x100%", None, "10=3+8", None, 11]
    sides = [None] + ["K", "Rp"] * 8 + [None]
    head = ["Program/Kegiatan", "Target kinerja dan anggaran RKPD", None, "Realisasi Triwulan I", None, "II", None,
            "III", None, "IV", None, "Realisasi capaian", None, "Tingkat capaian", None, "Realisasi RPJMD", None,
            "SKPD Penanggung jawab"]
    row = ["Koordinasi Pelaksanaan Administrasi Pemberhentian", "121 dokumen", 79747000, 26, 8367000, 30, 8780000,
           32, "-", 43, 58737000, 131, 75884000, "99 %", None, None, None, "BKPSDM"]
    rows = [["SKPD : BKPSDM Kota Dumai"], ["Tahun 2023"], head, numbered, sides, row,
            ["RATA-RATA CAPAIAN KINERJA (%)"], ["PREDIKAT KINERJA"]]
    res, out = run(write_rows(tmp_path / "Dumai 2023.xlsx", rows), tmp_path)
    sheet = res.sheets[0]
    assert [f.target for f in sheet.layout.formulas] == [9, 10]
    assert sheet.layout.roles.capaian == 9 and sheet.layout.roles.target == 3
    r = sheet.rows[0]
    assert r.capaian == {"K": D("108.26"), "Rp": D("95.16")}
    assert r.program.startswith("Koordinasi Pelaksanaan")
    ws = values(out)
    assert ws["N6"].value == 108.26 and ws["O6"].value == 95.16
    assert ws["P6"].value == 121 + 131 and ws["Q6"].value == 79747000 + 75884000   # 10=3+8
    assert ws["N7"].value == 108.26 and ws["N8"].value == "Sangat Tinggi"        # footer in capitals found
    assert res.info.agency == "BKPSDM Kota Dumai" and res.info.tahun == "2023"
    replaced = [p for p in res.problems if p.code == "value-replaced"]
    assert replaced and replaced[0].cell == "N6" and "99 %" in replaced[0].message and "108,26" in replaced[0].message


def test_rkpd_eleven_columns_with_sum_label(tmp_path):
    numbered = [1, 2, 3, None, 4, None, 5, None, 6, None, 7, None, "8=4+5+6+7", None, "9=8/3x100%", None, 10, 11]
    sides = [None, None] + ["K", "Rp"] * 7 + ["Rp", None]
    rows = [["No", "Program/Kegiatan/Sub Kegiatan"], numbered, sides,
            [1, "Pengelolaan Mutasi ASN", "150 dokumen", "160.571.700", 29, "49.473.900", 36, "40.984.500", 75,
             "-", 127, "63.442.035", None, None, None, None, None, "BKPSDM"],
            [2, "Koordinasi dan Fasilitasi Pengadaan PNS dan PPPK", "2 dokumen", "409.979.243", "0,25", "64.788.450",
             "0,25", "75.931.190", "0,5", "28.397.200", 1, "234.871.310", None, None, None, None, None, "BKPSDM"]]
    res, out = run(write_rows(tmp_path / "d.xlsx", rows), tmp_path)
    r1, r2 = res.sheets[0].rows
    assert r1.realisasi == {"K": D(267), "Rp": D(153900435)}
    assert r1.capaian == {"K": D("178.00"), "Rp": D("95.85")}
    assert r2.realisasi["K"] == D(2) and r2.capaian == {"K": D("100.00"), "Rp": D("98.54")}
    assert res.sheets[0].layout.roles.quarters == (4, 5, 6, 7)
    # no footer rows in the sheet and the rows below are empty: added there
    ws = values(out)
    assert ws["A6"].value == "Rata-rata capaian kinerja (%)" and ws["A7"].value == "Predikat kinerja"
    assert ws["O6"].value == 139.0 and ws["O7"].value == "Sangat Tinggi"


def test_no_footer_and_no_room_is_a_warning(tmp_path):
    rows = [e81_numbered(), E81_SIDES, e81_row(1, "5", "x", "y", **ROW_PEMBERHENTIAN), [], ["Kepala Dinas"]]
    res, out = run(write_rows(tmp_path / "e.xlsx", rows), tmp_path)
    assert any(p.code == "no-footer" for p in res.problems)
    assert res.average["K"] == D("108.26")
    assert values(out)["A5"].value == "Kepala Dinas"


def test_kode_split_over_columns_and_levels(tmp_path):
    numbered = [1, 2, 3, None, None, None, None, 4, 5, 6, None, 7, None, 8, None, 9, None, 10, None, 11, None, 12,
                None, "13=9+10+11+12", None, "14=13/8x100%", None, "15=7+13", None, "16=15/6x100%", None, 17]
    sides = [None] * 9 + ["K", "Rp"] * 11
    def row(parts, name, **figs):
        r = [None, None] + parts + [None] * (5 - len(parts)) + [name, "ind"]
        r += [None, None, None, None] + list(figs.get("t8", (None, None))) + ([1, 1] if figs else [])
        return r
    rows = [["No", "Sasaran", "Kode", None, None, None, None, "Program"], numbered, sides,
            row(["5"], "UNSUR PENUNJANG"),   # heading: no figures
            row(["5", "03", "01"], "PROGRAM PENUNJANG", t8=(4, 100)),
            row(["5", "03", "01", "2.01"], "Perencanaan", t8=(4, 100)),
            row(["5", "03", "01", "2.01", "01"], "Penyusunan Dokumen", t8=(4, 100)),
            ["Rata-rata capaian kinerja (%)"]]
    res, out = run(write_rows(tmp_path / "f.xlsx", rows, merges=("C1:G1", "C2:G2")), tmp_path)
    sheet = res.sheets[0]
    assert sheet.layout.columns[3].physical == [3, 4, 5, 6, 7]
    assert [(r.kode, r.level) for r in sheet.rows] == [("5.03.01", "program"), ("5.03.01.2.01", "kegiatan"),
                                                       ("5.03.01.2.01.01", "sub kegiatan")]
    ws = values(out)
    assert ws["H4"].value == "UNSUR PENUNJANG" and ws["Z4"].value is None   # heading untouched


def test_header_info_and_filename_fallback(tmp_path):
    p = e81_workbook(tmp_path / "Renja Dinas B TW III 2025.xlsx", [e81_row(1, "5", "x", "y", **ROW_PEMBERHENTIAN)],
                     header=[["Nama OPD", ": Dinas Kesehatan"], ["Periode Pelaksanaan : Triwulan II Tahun 2024"]])
    res, _ = run(p, tmp_path)
    # title and file name disagree: the title's quarter (as before), the later year (issue 21), both said
    assert (res.info.agency, res.info.triwulan, res.info.tahun) == ("Dinas Kesehatan", "II", "2025")
    assert {"round-title-name", "year-title-name"} <= {p.code for p in res.problems}
    p = e81_workbook(tmp_path / "Renja Dinas B TW III 2025.xlsx", [e81_row(1, "5", "x", "y", **ROW_PEMBERHENTIAN)],
                     header=[["Laporan"]])
    res, _ = run(p, tmp_path)
    # the file name's agency without the form's word, round and year (issue 20: one agency across rounds)
    assert (res.info.agency, res.info.triwulan, res.info.tahun) == ("Dinas B", "III", "2025")


def test_form_on_second_sheet_other_sheets_untouched(tmp_path):
    rows = [e81_numbered(), E81_SIDES, e81_row(1, "5", "x", "y", **ROW_PEMBERHENTIAN)]
    p = tmp_path / "g.xlsx"
    write_rows(p, [["Catatan", 1, 2, 3, 4, 5, 6]], sheet="Catatan", extra_sheets={"Renja": rows})
    res, out = run(p, tmp_path)
    assert [s.sheet for s in res.sheets] == ["Renja"]
    assert values(out, "Renja")["V3"].value == 108.26


def test_no_form(tmp_path):
    p = write_rows(tmp_path / "h.xlsx", [["Daftar hadir"], ["Nama", "Jabatan"], ["Budi", "Staf"]])
    res, out = run(p, tmp_path)
    assert res.status == "gagal" and not out.exists()
    assert res.problems[0].code == "no-form"
    assert "tidak ditemukan formulir Evaluasi Renja atau PK" in res.problems[0].message


def test_data_rows_end_at_footer_and_skip_repeated_header(tmp_path):
    """The footer ends its block and keeps that block's average; a row with figures under it (issue 20) is
    no longer dropped: computed, counted in the sheet's average, and said."""
    rows = [e81_numbered(), E81_SIDES, e81_row(1, "5", "x", "y", **ROW_PEMBERHENTIAN),
            e81_numbered(), E81_SIDES,       # header repeated on a second page
            e81_row(2, "5", "x2", "y2", t8=(4, 4), q=((1, 1),) + ((None, None),) * 3),
            ["Rata-rata capaian kinerja (%)"], ["Predikat kinerja"],
            e81_row(3, "5", "after footer", "z", t8=(1, 1), q=((1, 1),) * 4)]
    res, out = run(write_rows(tmp_path / "i.xlsx", rows), tmp_path)
    assert [r.row for r in res.sheets[0].rows] == [3, 6, 9]
    assert res.sheets[0].rows[1].capaian == {"K": D("25.00"), "Rp": D("25.00")}
    assert res.sheets[0].rows[2].capaian == {"K": D("400.00"), "Rp": D("400.00")}   # 4 / 1
    # the sheet: (108,26 + 25 + 400) / 3 = 177,75; (95,16 + 25 + 400) / 3 = 173,39
    assert res.average == {"K": D("177.75"), "Rp": D("173.39")}
    ws = values(out)
    # the footer keeps its own block's figures: (108,26 + 25) / 2 = 66,63
    assert ws["V7"].value == 66.63 and ws["V8"].value == "Sedang" and ws["W8"].value == "Rendah"
    assert ws["V9"].value == 400
    assert [p.cell for p in res.problems if p.code == "rows-below-footer"] == ["A9"]


def test_unknown_label_is_reported_not_computed(tmp_path):
    numbered = e81_numbered()
    numbered[numbered.index("16=15/6x100%")] = "16=rata-rata 15"
    rows = [numbered, E81_SIDES, e81_row(1, "5", "x", "y", **ROW_PEMBERHENTIAN)]
    res, _ = run(write_rows(tmp_path / "j.xlsx", rows), tmp_path)
    assert [p.cell for p in res.problems if p.code == "unknown-label"] == ["Z1"]
    assert res.sheets[0].rows[0].capaian["K"] == D("108.26")


def test_text_in_figure_cell_is_a_warning_and_not_reported(tmp_path):
    row = e81_row(1, "5", "x", "y", t8=(4, 100), q=(("belum ada data", 10), (1, 10), (None, None), (None, None)))
    res, _ = run(e81_workbook(tmp_path / "k.xlsx", [row]), tmp_path)
    warn = [p for p in res.problems if p.code == "not-a-number"]
    assert len(warn) == 1 and warn[0].cell == "L8" and warn[0].sheet == "Evaluasi"
    assert "belum ada data" in warn[0].message
    assert res.sheets[0].rows[0].realisasi == {"K": D(1), "Rp": D(20)}


def test_nil_dash_counts_as_zero_and_empty_stays_empty(tmp_path):
    row = e81_row(1, "5", "x", "y", t8=(4, 100), q=(("-", "–"), (None, None), (None, None), (None, None)))
    res, out = run(e81_workbook(tmp_path / "l.xlsx", [row]), tmp_path)
    assert res.sheets[0].rows[0].capaian == {"K": D("0.00"), "Rp": D("0.00")}
    row = e81_row(1, "5", "x", "y", t8=(4, 100))
    res, out = run(e81_workbook(tmp_path / "m.xlsx", [row]), tmp_path)
    assert res.sheets[0].rows == [] or res.sheets[0].rows[0].capaian == {"K": None, "Rp": None}
    assert values(out)["V8"].value is None


def test_header_split_over_cells_and_regulation_year_ignored(tmp_path):
    header = [["EVALUASI HASIL RENJA BERDASARKAN PERMENDAGRI NOMOR 86 TAHUN 2017"],
              ["Perangkat Daerah", ": Dinas Pariwisata"], ["Triwulan", "II"], ["Tahun", 2025], []]
    p = e81_workbook(tmp_path / "x.xlsx", [e81_row(1, "5", "x", "y", **ROW_PEMBERHENTIAN)], header=header)
    res, _ = run(p, tmp_path)
    assert (res.info.agency, res.info.triwulan, res.info.tahun) == ("Dinas Pariwisata", "II", "2025")
