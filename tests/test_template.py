"""`lkjip template renja|pk`: blank standard workbooks (xlsx_lkjip/templates.py).

The generated files are deterministic and equal templates/ byte for byte; they carry the form as the finders
expect it, protection, validation, dropdowns, print setup and a Petunjuk sheet; and a filled template
round-trips: openpyxl types the figures, `lkjip run` computes the right values (seed figures, DOMAIN.md).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from xlsx_lkjip.api import complete_workbook
from xlsx_lkjip.cli import main
from xlsx_lkjip.templates import (FOOTER_LINES, PK_LAYOUT, RENJA_DATA_ROWS, RENJA_LAYOUT, TEMPLATE_FILES,
                                  TemplateError, default_filename, pk_column, renja_column, template_bytes,
                                  write_template)

REPO = Path(__file__).resolve().parents[1]


def lkjip(*args, **kw):
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=True, **kw)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"lkjip {args} raised {result.exception!r}\n{result.output}")
    assert "Traceback" not in result.output
    return result


def sheet_cells(ws, row: int) -> dict[str, object]:
    return {c.coordinate: c.value for c in ws[row] if c.value is not None}


# -- templates/ equals the generator ---------------------------------------------------------------------

@pytest.mark.parametrize("kind", sorted(TEMPLATE_FILES))
def test_templates_folder_equals_what_the_command_generates(kind, tmp_path):
    stored = REPO / "templates" / TEMPLATE_FILES[kind]
    assert stored.is_file(), "run: python scripts/make_templates.py"
    out = tmp_path / "t.xlsx"
    result = lkjip("template", kind, "-o", out)
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == stored.read_bytes(), "templates/ is stale: run python scripts/make_templates.py"
    assert template_bytes(kind) == stored.read_bytes()


@pytest.mark.parametrize("kind", ["renja", "pk"])
def test_generation_is_deterministic(kind):
    a = template_bytes(kind, opd="Dinas Kesehatan", triwulan="II", tahun="2025")
    assert a == template_bytes(kind, opd="Dinas Kesehatan", triwulan="2", tahun=2025)
    assert a != template_bytes(kind)


# -- the command -----------------------------------------------------------------------------------------

def test_renja_with_header_values(tmp_path):
    out = tmp_path / "X.xlsx"
    result = lkjip("template", "renja", "-o", out, "--opd", "Dinas Kesehatan", "--triwulan", "II",
                   "--tahun", "2025")
    assert result.exit_code == 0, result.output
    assert f"Templat ditulis: {out}" in result.output
    ws = load_workbook(out)[RENJA_LAYOUT["sheet"]]
    assert ws["A4"].value == "Perangkat Daerah :" and ws[RENJA_LAYOUT["opd_cell"]].value == "Dinas Kesehatan"
    assert ws["A5"].value == "Periode Pelaksanaan :"
    assert ws[RENJA_LAYOUT["triwulan_cell"]].value == "Triwulan II"
    assert ws[RENJA_LAYOUT["tahun_cell"]].value == "Tahun 2025"
    # lkjip itself reads the header back
    info = complete_workbook(out).info
    assert (info.agency, info.triwulan, info.tahun) == ("Dinas Kesehatan", "II", "2025")


def test_pk_with_header_values(tmp_path):
    out = tmp_path / "pk.xlsx"
    result = lkjip("template", "PK", "-o", out, "--opd", "BKPSDM Kota Binjai", "--triwulan", "4", "--tahun", "2022")
    assert result.exit_code == 0, result.output
    ws = load_workbook(out)[PK_LAYOUT["sheet"]]
    assert ws[PK_LAYOUT["opd_cell"]].value == "BKPSDM Kota Binjai"
    assert ws[PK_LAYOUT["triwulan_cell"]].value == "Triwulan IV"
    assert ws[PK_LAYOUT["tahun_cell"]].value == "Tahun 2022"
    info = complete_workbook(out).info
    assert (info.agency, info.triwulan, info.tahun) == ("BKPSDM Kota Binjai", "IV", "2022")


def test_default_name_in_current_folder_and_never_overwritten(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = lkjip("template", "pk")
    assert result.exit_code == 0, result.output
    made = tmp_path / "Perjanjian Kinerja.xlsx"
    assert made.read_bytes() == template_bytes("pk")

    made.write_bytes(b"hasil kerja staf")
    again = lkjip("template", "pk")
    assert again.exit_code == 2
    assert "sudah ada" in again.output and "--force" in again.output
    assert made.read_bytes() == b"hasil kerja staf"
    forced = lkjip("template", "pk", "--force")
    assert forced.exit_code == 0, forced.output
    assert made.read_bytes() == template_bytes("pk")

    result = lkjip("template", "renja")
    assert result.exit_code == 0 and (tmp_path / "Evaluasi Renja.xlsx").is_file()
    result = lkjip("template", "renja", "--opd", "Dinas Kesehatan", "--triwulan", "ii", "--tahun", "2025")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "Evaluasi Renja Dinas Kesehatan TW II 2025.xlsx").is_file()
    # an existing -o target is protected the same way
    taken = tmp_path / "punya.xlsx"
    taken.write_bytes(b"x")
    assert lkjip("template", "renja", "-o", taken).exit_code == 2 and taken.read_bytes() == b"x"


def test_output_folder_gets_the_default_name(tmp_path):
    folder = tmp_path / "kirim"
    folder.mkdir()
    result = lkjip("template", "renja", "-o", folder, "--opd", "Dinas PU/PR", "--tahun", "2025")
    assert result.exit_code == 0, result.output
    assert (folder / "Evaluasi Renja Dinas PU PR 2025.xlsx").is_file()


@pytest.mark.parametrize("args, words", [
    (["template", "xyz"], "jenis templat tidak dikenal"),
    (["template", "renja", "--triwulan", "V"], "'V' bukan triwulan"),
    (["template", "pk", "--tahun", "25"], "tahun tidak dikenal"),
    (["template", "renja", "-o", "hasil.txt"], "harus berakhiran .xlsx"),
])
def test_usage_errors_exit_2_in_bahasa(args, words, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = lkjip(*args)
    assert result.exit_code == 2, result.output
    assert words in result.output and "Galat:" in result.output
    assert list(tmp_path.iterdir()) == []


def test_missing_kind_is_a_usage_error():
    assert lkjip("template").exit_code == 2


def test_library_api(tmp_path):
    p = write_template("renja", tmp_path / "sub" / "a.xlsx", opd="Dinas X")
    assert p.is_file()
    with pytest.raises(TemplateError):
        write_template("renja", p)
    assert write_template("renja", p, overwrite=True) == p
    assert default_filename("pk", opd='  Dinas "A"?  ', triwulan="TW 3", tahun="2024") == \
        "Perjanjian Kinerja Dinas A TW III 2024.xlsx"


# -- the Renja form ----------------------------------------------------------------------------------------

def test_renja_form_layout_protection_and_validation(tmp_path):
    out = write_template("renja", tmp_path / "r.xlsx")
    wb = load_workbook(out)
    assert wb.sheetnames == [RENJA_LAYOUT["sheet"], "Petunjuk"]
    ws = wb[RENJA_LAYOUT["sheet"]]
    nr, kr = RENJA_LAYOUT["numbered_row"], RENJA_LAYOUT["krp_row"]

    numbered = [v for v in (c.value for c in ws[nr]) if v is not None]
    assert numbered == [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, "13=9+10+11+12", "14=13/8x100%", "15=7+13",
                        "16=15/6x100%", 17]
    assert f"C{nr}:G{nr}" in {str(m) for m in ws.merged_cells.ranges}          # kode over 5 columns
    for n in range(6, 17):
        assert ws[f"{renja_column(n, 'K')}{kr}"].value == "K"
        assert ws[f"{renja_column(n, 'Rp')}{kr}"].value == "Rp"
    head = " | ".join(str(c.value) for row in ws.iter_rows(min_row=7, max_row=8) for c in row if c.value)
    for text in ("No", "Sasaran", "Kode", "Indikator Kinerja Program (outcome)", "Target Renstra Perangkat Daerah",
                 "Realisasi Kinerja pada Triwulan", "Tingkat Capaian Kinerja dan Realisasi Anggaran Renja",
                 "Unit Perangkat Daerah Penanggung Jawab"):
        assert text in head
    first, last = RENJA_LAYOUT["first_data_row"], RENJA_LAYOUT["last_data_row"]
    assert last - first + 1 == RENJA_DATA_ROWS
    footer = [ws[f"A{RENJA_LAYOUT['footer_row'] + j}"].value for j in range(len(FOOTER_LINES))]
    assert footer == list(FOOTER_LINES)

    # inputs unlocked, computed cells locked and shaded
    for ref in (f"A{first}", f"H{last}", f"{renja_column(8, 'K')}{first}", f"{renja_column(12, 'Rp')}{last}",
                f"{renja_column(17)}{first}", f"J{RENJA_LAYOUT['footer_row'] + 2}", RENJA_LAYOUT["opd_cell"]):
        assert ws[ref].protection.locked is False, ref
    for n in (13, 14, 15, 16):
        for side in ("K", "Rp"):
            cell = ws[f"{renja_column(n, side)}{first}"]
            assert cell.protection.locked is True and cell.fill.fgColor.rgb.endswith("D9D9D9")
    avg = ws[f"{renja_column(14, 'K')}{RENJA_LAYOUT['footer_row']}"]
    assert avg.protection.locked is True and avg.fill.fgColor.rgb.endswith("D9D9D9")
    assert ws[f"A{nr}"].protection.locked is True

    prot = ws.protection
    assert prot.sheet and not prot.password
    assert prot.formatColumns is False and prot.formatRows is False and prot.insertRows is False
    assert prot.selectLockedCells is False and prot.selectUnlockedCells is False

    dvs = {(dv.type, str(dv.sqref).split(":")[0]): dv for dv in ws.data_validations.dataValidation}
    rp = dvs[("custom", f"{renja_column(9, 'Rp')}{first}")]
    assert str(rp.sqref) == f"{renja_column(9, 'Rp')}{first}:{renja_column(9, 'Rp')}{last}"
    assert rp.errorStyle == "warning" and "ISNUMBER" in rp.formula1 and '"-"' in rp.formula1
    assert "1.905.955.200" in rp.prompt and "nihil" in rp.prompt
    k = dvs[(None, f"{renja_column(8, 'K')}{first}")]          # K cells: a message, no restriction
    assert "15 Laporan" in k.prompt
    assert not any(t == "custom" and ref.startswith(renja_column(8, "K")) for t, ref in dvs)
    tw = dvs[("list", RENJA_LAYOUT["triwulan_cell"])]
    assert tw.formula1 == '"Triwulan I,Triwulan II,Triwulan III,Triwulan IV"' and tw.errorStyle in (None, "stop")
    assert "Tahun 2025" in dvs[("list", RENJA_LAYOUT["tahun_cell"])].formula1

    assert ws.freeze_panes == f"A{first}"
    assert ws.print_title_rows == f"$7:${kr}"
    assert ws.page_setup.orientation == "landscape"
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToHeight == 0

    help_text = " ".join(str(c.value) for row in wb["Petunjuk"].iter_rows() for c in row if c.value)
    for text in ("13 = 9+10+11+12", "14 = 13/8 × 100%", "15 = 7+13", "16 = 15/6 × 100%", "Sangat Tinggi",
                 "91 ≤ capaian", "76 ≤ capaian < 91", "66 ≤ capaian < 76", "51 ≤ capaian < 66", "capaian < 51",
                 "1.905.955.200", "nihil", "belum dilaporkan", "108,26", "Rata-rata capaian kinerja (%)"):
        assert text in help_text, text


def test_blank_renja_template_is_found_as_the_standard_form(tmp_path):
    res = complete_workbook(write_template("renja", tmp_path / "r.xlsx"))
    assert [s.sheet for s in res.sheets] == [RENJA_LAYOUT["sheet"]]         # Petunjuk is not a form
    layout = res.sheets[0].layout
    assert layout.standard and sorted(layout.columns) == list(range(1, 18))
    assert layout.numbered_row == RENJA_LAYOUT["numbered_row"] and layout.sides_row == RENJA_LAYOUT["krp_row"]
    assert layout.columns[3].physical == [3, 4, 5, 6, 7]
    assert layout.footer_row == RENJA_LAYOUT["footer_row"] and layout.predikat_row == RENJA_LAYOUT["predikat_row"]
    assert layout.data_rows == []


# -- the PK form -------------------------------------------------------------------------------------------

def test_pk_form_layout_dropdowns_and_protection(tmp_path):
    out = write_template("pk", tmp_path / "p.xlsx")
    wb = load_workbook(out)
    assert wb.sheetnames == [PK_LAYOUT["sheet"], "Petunjuk"]
    ws = wb[PK_LAYOUT["sheet"]]
    h0, h1 = PK_LAYOUT["header_rows"]
    top = [ws.cell(h0, c).value for c in range(1, ws.max_column + 1)]
    # Tujuan and Target Akhir Renstra: the LKjIP's Perjanjian Kinerja and Renstra tables print them (issue 23)
    assert [t for t in top if t] == ["No", "Tujuan", "Sasaran Strategis", "Indikator Kinerja", "Satuan", "Polaritas",
                                     "Sifat", "Target Tahunan", "Target Akhir Renstra", "Target", "Realisasi", "Capaian (%)", "Capaian Tahunan (%)",
                                     "Predikat", "Anggaran (Pagu) (Rp)", "Realisasi Anggaran (Rp)",
                                     "Serapan Anggaran (%)", "Efisiensi", "Kategori Efisiensi", "Keterangan"]
    merges = {str(m) for m in ws.merged_cells.ranges}
    for group in ("target_tw", "realisasi", "capaian_tw"):
        a, d = pk_column(group, 1), pk_column(group, 4)
        assert f"{a}{h0}:{d}{h0}" in merges
        assert [ws[f"{pk_column(group, q)}{h1}"].value for q in (1, 2, 3, 4)] == ["TW I", "TW II", "TW III", "TW IV"]

    first = PK_LAYOUT["first_data_row"]
    for name in ("tujuan", "indikator", "polaritas", "sifat", "target", "target_renstra", "pagu", "keterangan"):
        assert ws[f"{pk_column(name)}{first}"].protection.locked is False, name
    assert ws[f"{pk_column('realisasi', 3)}{first}"].protection.locked is False
    for name in ("capaian_tahunan", "predikat", "serapan", "efisiensi", "efisiensi_kategori"):
        cell = ws[f"{pk_column(name)}{first}"]
        assert cell.protection.locked is True and cell.fill.fgColor.rgb.endswith("D9D9D9"), name
    assert ws[f"{pk_column('capaian_tw', 2)}{first}"].protection.locked is True
    assert ws.protection.sheet and not ws.protection.password

    dvs = {str(dv.sqref).split(":")[0]: dv for dv in ws.data_validations.dataValidation}
    assert dvs[f"{pk_column('polaritas')}{first}"].formula1 == '"Positif,Negatif"'
    assert dvs[f"{pk_column('sifat')}{first}"].formula1 == '"Kumulatif,Akhir,Rata-rata"'
    real = dvs[f"{pk_column('realisasi', 1)}{first}"]
    assert real.type == "custom" and real.errorStyle == "warning"
    assert str(real.sqref).endswith(f"{pk_column('realisasi', 4)}{PK_LAYOUT['last_data_row']}")
    assert dvs[f"{pk_column('target')}{first}"].type is None                  # "N/A" stays allowed
    assert dvs[PK_LAYOUT["triwulan_cell"]].type == "list"
    assert ws.freeze_panes == f"{pk_column('satuan')}{first}" and ws.print_title_rows == f"${h0}:${h1}"
    assert ws.page_setup.orientation == "landscape"

    help_text = " ".join(str(c.value) for row in wb["Petunjuk"].iter_rows() for c in row if c.value)
    for text in ("Polaritas", "Negatif", "(2 × target − realisasi)", "Kumulatif", "Akhir", "Rata-rata",
                 "Serapan", "Efisiensi", "Sangat Rendah", "91 ≤ capaian", "nihil", "belum dilaporkan"):
        assert text in help_text, text


def test_blank_pk_template_is_found_with_every_column(tmp_path):
    res = complete_workbook(write_template("pk", tmp_path / "p.xlsx"))
    assert [s.sheet for s in res.sheets] == [PK_LAYOUT["sheet"]]
    layout = res.sheets[0].layout
    assert layout.header_rows == PK_LAYOUT["header_rows"]
    letters = {role: pk_column(role) for role in ("no", "tujuan", "sasaran", "indikator", "satuan", "polaritas",
                                                   "target", "target_renstra",
                                                   "capaian_tahunan", "predikat", "pagu", "realisasi_anggaran",
                                                   "serapan", "efisiensi", "efisiensi_kategori")}
    from xlsx_lkjip.io.grid import col_index
    assert layout.cols == {role: col_index(c) for role, c in letters.items()}
    assert layout.accumulation_col == col_index(pk_column("sifat"))
    for slot, name in ((layout.realisasi, "realisasi"), (layout.capaian_tw, "capaian_tw"),
                       (layout.target_tw, "target_tw")):
        assert slot == [col_index(pk_column(name, q)) for q in (1, 2, 3, 4)]


# -- round trips: fill with openpyxl, complete with `lkjip run` --------------------------------------------

# Seed 002 (Dumai 2023) rows plus one typed with units and "-": (kode, name, indicator, 6, 7, 8, TW I..IV)
RENJA_ROWS = [
    ("5.03.01", "Program Kepegawaian Daerah", "", None, None, None, None),
    ("5.03.01.2.01.01", "Koordinasi Pelaksanaan Administrasi Pemberhentian", "Jumlah dokumen pemberhentian",
     (600, "400.000.000"), (300, "200.000.000"), ("121 dokumen", "79.747.000"),
     ((26, "18.000.000"), (30, "19.000.000"), (32, "20.000.000"), (43, "18.884.000"))),
    ("5.03.01.2.01.02", "Koordinasi dan Fasilitasi Pengadaan PNS dan PPPK", "Jumlah dokumen pengadaan",
     (10, 2_000_000_000), (4, 800_000_000), (2, 409_979_243),
     (("0,25", 100_000_000), ("0,25", 100_000_000), ("0,5", 100_000_000), (1, 103_988_150))),
    ("5.03.01.2.02.01", "Pengelolaan Mutasi ASN", "Jumlah dokumen mutasi",
     (700, "1.000.000.000"), (300, "500.000.000"), ("150 dokumen", "250.000.000"),
     ((29, "50.000.000"), (36, "60.000.000"), (75, "55.000.000"), (127, "60.000.000"))),
    ("5.03.01.2.02.02", "Penyusunan Laporan Kepegawaian", "Jumlah laporan",
     ("60 Laporan", "48.000.000"), ("45 Laporan", "36.000.000"), ("15 Laporan", "12.000.000"),
     (("4 Laporan", "Rp 3.000.000"), ("-", "-"), (None, None), (None, None))),
]


def fill_renja(path: Path) -> None:
    wb = load_workbook(path)
    ws = wb[RENJA_LAYOUT["sheet"]]
    r = RENJA_LAYOUT["first_data_row"]
    for i, (kode, name, ind, t6, t7, t8, quarters) in enumerate(RENJA_ROWS):
        row = r + i
        if ind:
            ws[f"A{row}"] = i
        parts = kode.split(".")
        for col, part in zip(RENJA_LAYOUT["kode_columns"],
                             (parts[0], parts[1], parts[2], ".".join(parts[3:5]), ".".join(parts[5:]))):
            ws[f"{col}{row}"] = part or None
        ws[f"{renja_column(4)}{row}"] = name
        ws[f"{renja_column(5)}{row}"] = ind or None
        if t6 is None:
            continue
        for n, pair in zip(range(6, 13), (t6, t7, t8, *quarters)):
            ws[f"{renja_column(n, 'K')}{row}"], ws[f"{renja_column(n, 'Rp')}{row}"] = pair
        ws[f"{renja_column(17)}{row}"] = "Bidang Mutasi"
    wb.save(path)


def test_filled_renja_template_round_trips_through_lkjip_run(tmp_path):
    src, out = tmp_path / "input", tmp_path / "output"
    src.mkdir()
    p = write_template("renja", src / "Renja Dinas Kesehatan.xlsx", opd="Dinas Kesehatan", triwulan="IV",
                       tahun="2023")
    fill_renja(p)
    result = lkjip("run", src, "-o", out)
    assert result.exit_code == 0, result.output
    assert "Renja Dinas Kesehatan.xlsx: selesai (4 baris" in result.output
    assert "Selesai: 1 lengkap, 0 dengan peringatan, 0 gagal" in result.output

    ws = load_workbook(out / p.name)[RENJA_LAYOUT["sheet"]]
    r = RENJA_LAYOUT["first_data_row"]

    def got(n, side, i):
        return ws[f"{renja_column(n, side)}{r + i}"].value

    assert [got(n, "K", 1) for n in (13, 14, 15, 16)] == [131, 108.26, 431, 71.83]
    assert [got(n, "Rp", 1) for n in (13, 14, 15, 16)] == [75_884_000, 95.16, 275_884_000, 68.97]
    assert (got(13, "K", 2), got(14, "K", 2), got(14, "Rp", 2)) == (2, 100, 98.54)
    assert (got(13, "K", 3), got(14, "K", 3), got(14, "Rp", 3)) == (267, 178, 90)
    assert [got(n, "K", 4) for n in (13, 14, 15, 16)] == [4, 26.67, 49, 81.67]       # "4 Laporan" + "-"
    assert [got(n, "Rp", 4) for n in (13, 14)] == [3_000_000, 25]
    assert got(13, "K", 0) is None and got(14, "K", 0) is None                       # heading row untouched

    fr, pr = RENJA_LAYOUT["footer_row"], RENJA_LAYOUT["predikat_row"]
    # K: (108,26 + 100 + 178 + 26,67) / 4 = 103,2325; Rp: (95,16 + 98,54 + 90 + 25) / 4 = 77,175
    assert ws[f"{renja_column(14, 'K')}{fr}"].value == 103.23
    assert ws[f"{renja_column(14, 'Rp')}{fr}"].value == 77.18
    assert ws[f"{renja_column(14, 'K')}{pr}"].value == "Sangat Tinggi"
    assert ws[f"{renja_column(14, 'Rp')}{pr}"].value == "Tinggi"
    assert ws.protection.sheet                                                        # the rest stays as it was
    assert ws[f"{renja_column(9, 'Rp')}{r + 1}"].value == "18.000.000"

    info = complete_workbook(p).info
    assert (info.agency, info.triwulan, info.tahun) == ("Dinas Kesehatan", "IV", "2023")


def fill_pk(path: Path) -> None:
    wb = load_workbook(path)
    ws = wb[PK_LAYOUT["sheet"]]
    r = PK_LAYOUT["first_data_row"]
    rows = [
        dict(no=1, sasaran="Meningkatnya disiplin ASN", indikator="Jumlah pelanggaran disiplin", satuan="kasus",
             polaritas="Negatif", sifat="Kumulatif", target=12, realisasi=(5, 6, "4", 6),
             pagu="100.000.000", realisasi_anggaran=65_390_000),
        dict(no=2, sasaran="Meningkatnya kompetensi ASN", indikator="Persentase ASN yang mengikuti diklat",
             satuan="%", polaritas="Positif", sifat="Akhir", target=80, realisasi=(20, "40,5", 60, "70,51")),
        dict(no=3, indikator="Jumlah dokumen perencanaan", satuan="dokumen", polaritas="Positif",
             target=4, target_tw=(1, 1, 1, 1), realisasi=(1, "-", None, None)),
    ]
    for i, values in enumerate(rows):
        for key, value in values.items():
            if key in ("realisasi", "target_tw"):
                for q, v in enumerate(value, 1):
                    ws[f"{pk_column(key, q)}{r + i}"] = v
            else:
                ws[f"{pk_column(key)}{r + i}"] = value
    wb.save(path)


def test_filled_pk_template_round_trips_through_lkjip_run(tmp_path):
    src, out = tmp_path / "input", tmp_path / "output"
    src.mkdir()
    p = write_template("pk", src / "PK BKPSDM.xlsx", opd="BKPSDM Kota Binjai", triwulan="IV", tahun="2022")
    fill_pk(p)
    result = lkjip("run", src, "-o", out)
    assert result.exit_code == 0, result.output
    assert "PK BKPSDM.xlsx: selesai (3 baris" in result.output
    assert "Selesai: 1 lengkap, 0 dengan peringatan, 0 gagal" in result.output

    ws = load_workbook(out / p.name)[PK_LAYOUT["sheet"]]
    r = PK_LAYOUT["first_data_row"]

    def got(name, i, q=None):
        return ws[f"{pk_column(name, q)}{r + i}"].value

    # Negatif, Kumulatif: 5, 11, 15, 21 against 12 -> (24 - realisasi) / 12
    assert [got("capaian_tw", 0, q) for q in (1, 2, 3, 4)] == [158.33, 108.33, 75, 25]
    assert (got("capaian_tahunan", 0), got("predikat", 0)) == (25, "Sangat Rendah")
    assert (got("serapan", 0), got("efisiensi", 0), got("efisiensi_kategori", 0)) == (65.39, 0.38, "Kurang Efisien")
    # "%" indicator, Akhir: the latest value, 70,51 of 80 (seed 000 prints 88,13)
    assert [got("capaian_tw", 1, q) for q in (1, 2, 3, 4)] == [25, 50.63, 75, 88.14]
    assert (got("capaian_tahunan", 1), got("predikat", 1)) == (88.14, "Tinggi")
    assert got("serapan", 1) is None
    # Target TW given, Kumulatif: 1 of 1, then 1 (+ nil) of 2; TW III-IV not reported yet
    assert [got("capaian_tw", 2, q) for q in (1, 2, 3, 4)] == [100, 50, None, None]
    assert (got("capaian_tahunan", 2), got("predikat", 2)) == (50, "Sangat Rendah")    # 50 < 51
    assert got("realisasi", 0, 3) == "4" and ws.protection.sheet

    info = complete_workbook(p).info
    assert (info.agency, info.triwulan, info.tahun) == ("BKPSDM Kota Binjai", "IV", "2022")
