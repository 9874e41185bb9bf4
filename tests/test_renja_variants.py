"""Renja forms in the shapes real agencies send (issue 13), each built by tests/renja_shapes.py: every computed
cell right on the K and the Rp side, no formula left in a computed column of a data row, nothing else changed,
no warning about signature text."""

import subprocess
from decimal import Decimal as D

import openpyxl
import pytest

from xlsx_lkjip.api import complete_workbook
from xlsx_lkjip.forms.vocabulary import CAPAIAN_RENSTRA
from xlsx_lkjip.io.package import Package
from xlsx_lkjip.io.xlsx_sheet import read_grid
from tests import renja_shapes as S
from tests.conftest import invoke, soffice_path


def _codes(res, level=None):
    return sorted(p.code for p in res.problems if level is None or p.level == level)


# -- K | % | Rp quarter blocks: Deli Serdang 2025 -------------------------------------------------------------

def test_k_pct_rp_blocks_signature_block_and_no_footer(tmp_path):
    src = S.build_k_pct_rp(tmp_path / "Evaluasi Renja Bappedalitbang.xlsx")
    out = tmp_path / "out.xlsx"
    res = complete_workbook(src, out)
    sheet = res.sheets[0]
    lay = sheet.layout
    # the % sub-column is the agency's progress: never a side, never shifting K and Rp
    assert {n: (lay.columns[n].sides, lay.columns[n].progress) for n in (9, 10, 11, 12)} == {
        9: ({"K": 12, "Rp": 14}, 13), 10: ({"K": 15, "Rp": 17}, 16), 11: ({"K": 18, "Rp": 20}, 19),
        12: ({"K": 21, "Rp": 23}, 22)}
    assert lay.roles.quarters == (9, 10, 11, 12)          # from the headers "Triwulan I" .. "IV"
    assert [r.row for r in sheet.rows] == S.K_PCT_RP_DATA_ROWS
    assert {r.row: r.progress for r in sheet.rows if r.row in S.K_PCT_RP_PROGRESS} == S.K_PCT_RP_PROGRESS
    S.check_completed(src, out, res, S.K_PCT_RP_EXPECTED, computed=S.cells("X:AC", S.K_PCT_RP_DATA_ROWS),
                      footer=S.K_PCT_RP_FOOTER, never_data=S.K_PCT_RP_SIGNATURE_ROWS,
                      never_data_text=tuple(S.K_PCT_RP_SIGNATURE))
    # only the Renstra capaian is declared: computed as declared, and the output says where the average is from
    assert lay.roles.capaian == 15 and lay.columns[15].role == CAPAIAN_RENSTRA
    info = [p for p in res.problems if p.code == "capaian-column"]
    assert len(info) == 1 and "kolom 15" in info[0].message and info[0].level == "info"
    assert res.average == {"K": D("202.78"), "Rp": D("130.83")}
    # the title block decides the year (not "Tahun 2030" in a column header); the agency line under the
    # numbered row decides the agency
    assert (res.info.agency, res.info.tahun) == (S.K_PCT_RP_AGENCY, "2025")
    assert _codes(res, "peringatan") == [] and res.status == "selesai"


def test_k_pct_rp_rekap_carries_the_progress(tmp_path):
    (tmp_path / "in").mkdir()
    S.build_k_pct_rp(tmp_path / "in" / "Renja.xlsx")
    result = invoke(["run", tmp_path / "in", "-o", tmp_path / "out"])
    assert result.exit_code == 0, result.output
    ws = openpyxl.load_workbook(tmp_path / "out" / "rekap.xlsx")["Indikator"]
    head = [c.value for c in ws[1]]
    col = head.index("Progres kumulatif OPD (%)")
    progress = {r[3].value: r[col].value for r in ws.iter_rows(min_row=2) if r[3].value}
    assert progress == {12: 100, 13: 100, 14: 100}      # the latest quarter's "%": TW IV


def test_float_noise_in_cached_values_is_read_as_excel_shows_it(tmp_path):
    src = S.build_k_pct_rp(tmp_path / "a.xlsx")
    with Package(src) as pkg:
        ref = pkg.sheets[0]
        xml = pkg.read(ref.part)
        assert b"<v>14.987244897959181</v>" in xml and b"<v>99.99999999999999</v>" in xml
        grid = read_grid(xml, pkg.shared_strings, ref.part)
    assert grid.value(14, 12) == D("14.9872448979592")    # 15 significant digits, as Excel shows it
    assert grid.value(14, 24) == D(100)                   # X14: the agency's cached 99.99999999999999
    assert grid.value(12, 15) == D("0.8")                 # 0.7999999999999998
    res = complete_workbook(src, tmp_path / "out.xlsx")
    row = next(r for r in res.sheets[0].rows if r.row == 14)
    assert row.realisasi["K"] == D(200) and row.quarters["K"] == [D("14.9872448979592"), D("13.5076530612245"),
                                                                  D("21.0331632653061"), D("50.4719387755102")]
    with Package(tmp_path / "out.xlsx") as pkg:
        out_xml = pkg.read(pkg.sheets[0].part)
    assert b'<c r="X14"' in out_xml and b"99.9999" not in out_xml


# -- RKPD/RPJMD variant: K | Satuan | Rp. (000) ---------------------------------------------------------------

@pytest.mark.parametrize("k, rp", S.SIDE_LABELS)
def test_rkpd_satuan_in_target_block_every_side_label(tmp_path, k, rp):
    src = S.build_rkpd_satuan(tmp_path / "Evaluasi RKPD PUPR.xlsx", k, rp)
    out = tmp_path / "out.xlsx"
    res = complete_workbook(src, out)
    lay = res.sheets[0].layout
    assert lay.columns[5].physical == [5, 6, 7] and lay.columns[5].sides == {"K": 5, "Rp": 7}
    assert lay.columns[5].unit_col == 6
    assert all(set(lay.columns[n].sides) == {"K", "Rp"} for n in range(6, 16))
    S.check_completed(src, out, res, S.RKPD_EXPECTED, computed=S.cells("T:AA", S.RKPD_DATA_ROWS),
                      footer=S.RKPD_FOOTER)
    assert [r.unit for r in res.sheets[0].rows] == ["Dokumen", "km"]
    # money in thousands or millions: the rekap is in rupiah
    scale = {"Rp. (000)": 1000, "Rp (Juta)": 1000000}.get(rp, 1)
    first = res.sheets[0].rows[0]
    assert first.target == {"K": D(2), "Rp": D(1500000) * scale}
    assert first.realisasi == {"K": D(2), "Rp": D(1450000) * scale}
    assert first.capaian == {"K": D("100.00"), "Rp": D("96.67")}
    assert (res.info.agency, res.info.triwulan, res.info.tahun) == (
        "Dinas Pekerjaan Umum dan Penataan Ruang", "IV", "2024")
    assert _codes(res, "peringatan") == []


# -- J-1 of the older regulation: parenthesised labels --------------------------------------------------------

def test_j1_parenthesised_labels_no_sides_no_quarters(tmp_path):
    src = S.build_j1(tmp_path / "RENJA BIRO LAMPIRAN.xlsx")
    out = tmp_path / "out.xlsx"
    res = complete_workbook(src, out)
    assert [s.sheet for s in res.sheets] == ["J-1"]
    sheet = res.sheets[0]
    assert [(f.target, f.kind, f.parts, f.percent) for f in sheet.layout.formulas] == [
        (8, "ratio", (7, 6), True), (10, "sum", (5, 7, 9), False), (11, "ratio", (10, 4), True)]
    assert sheet.layout.roles.capaian == 8 and sheet.layout.roles.quarters == ()
    assert [r.row for r in sheet.rows] == S.J1_DATA_ROWS   # the table goes on after two empty rows
    S.check_completed(src, out, res, S.J1_EXPECTED, computed=S.cells("N P Q", S.J1_DATA_ROWS),
                      footer=S.J1_FOOTER, sheet="J-1")
    assert (res.info.agency, res.info.tahun) == ("Biro Bina Produksi", "2014")
    assert _codes(res) == []


@pytest.mark.skipif(soffice_path() is None, reason="LibreOffice not installed")
def test_j1_saved_as_xls_and_back_is_computed(tmp_path):
    """Agencies keep the J-1 as .xls: re-saved as .xlsx (by LibreOffice here) it is computed."""
    src = S.build_j1(tmp_path / "j1.xlsx")
    profile = f"-env:UserInstallation=file://{tmp_path / 'lo'}"
    for fmt, folder, path in (("xls", "xls", src), ("xlsx", "back", tmp_path / "xls" / "j1.xls")):
        subprocess.run([soffice_path(), profile, "--headless", "--convert-to", fmt, "--outdir",
                        str(tmp_path / folder), str(path)], capture_output=True, timeout=180, check=True)
    resaved = tmp_path / "back" / "j1.xlsx"
    res = complete_workbook(resaved, tmp_path / "out.xlsx")
    assert res.status == "selesai", res.problems
    assert [r.capaian["K"] for r in res.sheets[0].rows] == [D("75.00"), D("100.00"), D("125.00")]
    assert res.average == {"K": D("100.00")}


# -- E.81 of 2018: "I, Il, Ill, IV" --------------------------------------------------------------------------

def test_e81_2018_quarter_headers_with_letter_l(tmp_path):
    src = S.build_e81_2018(tmp_path / "E81 Dinkes.xlsx")
    out = tmp_path / "out.xlsx"
    res = complete_workbook(src, out)
    sheet = res.sheets[0]
    assert [sheet.layout.columns[n].quarter for n in (8, 9, 10, 11)] == [1, 2, 3, 4]
    assert sheet.layout.roles.quarters == (8, 9, 10, 11)
    S.check_completed(src, out, res, S.E81_2018_EXPECTED, computed=S.cells("S:X", [17, 18]),
                      footer={"W19": 51, "X19": 46, "W20": "Rendah", "X20": "Sangat Rendah"})
    assert sheet.round == 2 and sheet.rows[0].quarters["K"] == [D(5), D(7), D(0), D(0)]
    assert (res.info.agency, res.info.triwulan, res.info.tahun) == ("Dinas Kesehatan Kota Contoh", "II", "2024")
    assert _codes(res, "peringatan") == []


def test_e81_2018_blank_template_gives_no_data_rows(tmp_path):
    src = S.build_e81_2018_blank(tmp_path / "e81.xlsx")
    res = complete_workbook(src, tmp_path / "out.xlsx")
    assert res.status != "gagal"
    assert [p.code for p in res.problems if p.level != "info"] == ["no-data-rows"]
    assert res.sheets[0].rows == []


# -- A peer e-Monev app's ExcelJS export: "(1)".."(15)", no labels ------------------------------------------

@pytest.mark.parametrize("quarters", [("I", "II", "III", "IV"), ("I ", "Il ", "Ill ", "lV"),
                                      ("TW.1", "Tw II", "Triwulan 3", "Trw. IV")])
def test_emonev_export_formulas_from_headers(tmp_path, quarters):
    src = S.build_emonev_export(tmp_path / "E81 Diskominfo Bengkulu Utara 2024.xlsx", quarters)
    out = tmp_path / "out.xlsx"
    res = complete_workbook(src, out)
    sheet = res.sheets[0]
    assert sheet.layout.from_headers
    assert [(f.target, f.kind, f.parts) for f in sheet.layout.formulas] == [
        (12, "sum", (8, 9, 10, 11)), (13, "sum", (6, 12)), (14, "ratio", (13, 5))]
    S.check_completed(src, out, res, S.EMONEV_EXPECTED, computed=S.cells("S:X", [17, 18]),
                      footer={"A19": "Rata-rata capaian kinerja (%) — kolom 14, tingkat capaian Renstra",
                              "W19": 51, "X19": 46, "A20": "Predikat kinerja", "W20": "Rendah",
                              "X20": "Sangat Rendah"})
    # the exporter's zeros in computed cells are no figure the agency typed: replaced without a warning each
    assert "value-replaced" not in _codes(res)
    assert {"exported-zeros", "formulas-from-headers", "capaian-column"} <= set(_codes(res, "info"))
    # the agency from the title; "2021 - 2026" is a period, so the year comes from the file name
    assert (res.info.agency, res.info.tahun) == (S.EMONEV_AGENCY, "2024")
    assert sheet.round == 2
    assert _codes(res, "peringatan") == []


def test_emonev_export_without_a_year_anywhere_is_a_warning(tmp_path):
    src = S.build_emonev_export(tmp_path / "E81 Diskominfo.xlsx")
    res = complete_workbook(src, tmp_path / "out.xlsx")
    assert res.info.tahun == ""
    assert _codes(res, "peringatan") == ["no-year"]


def test_emonev_export_unreadable_header_is_a_warning(tmp_path):
    src = S.build_emonev_export(tmp_path / "E81 2024.xlsx", unreadable="Kolom tambahan aplikasi")
    out = tmp_path / "out.xlsx"
    res = complete_workbook(src, out)
    lay = res.sheets[0].layout
    # (13) cannot be read: not computed, and (14), which needs it, neither; (12) still is
    assert [f.target for f in lay.formulas] == [12]
    warned = [p for p in res.problems if p.code == "unread-header"]
    assert {p.cell for p in warned} == {"U14", "W14"}
    assert any("Kolom tambahan aplikasi" in p.message for p in warned)
    ws = S.sheet_values(out)
    assert ws["S17"] == 12 and ws["U17"] == 0 and ws["W17"] == 0    # left as exported
