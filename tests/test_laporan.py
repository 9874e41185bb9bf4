"""`lkjip laporan` (issue 16): the year's LKjIP tables of every agency, read back from the round a `lkjip run`
recorded in its output folder, as .xlsx and .docx, and one .xlsx for all agencies.

Every checked figure of the issue (seeds 000 and 001) is looked for in the .xlsx (openpyxl) and in the .docx
(python-docx); the LibreOffice group at the end converts the .docx to PDF and reads it with pdftotext.  The
workbooks are built by tests/laporan_builders.py and go through `lkjip run` first."""

from __future__ import annotations

import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from openpyxl import load_workbook

from tests.conftest import REPO, invoke, make_random_bytes, sha256_tree, soffice_path
from tests.laporan_read import _norm, docx_table, docx_tables, row_of, xlsx_row, xlsx_table
from tests.laporan_builders import (BINJAI_2021_RENAMED, BINJAI_2021_RESPELLED, BINJAI_RENJA, BLITAR, BLITAR_IP,
                                    BLITAR_MUTASI, BLITAR_SKP, binjai_2021, binjai_2022, binjai_renja, blitar_2020,
                                    blitar_2021)
from tests.pk_builders import BKPSDM_BINJAI, NEGATIVE_INDICATOR, SKP_INDICATOR
from xlsx_lkjip.api import complete_workbook

NBSP = "\u00a0"
PEJABAT = "Jumlah Pejabat yang mengikuti Diklat sesuai dengan jenjang kompetensi jabatan"
TEKNIS = "Jumlah ASN yang Mengikuti Pendidikan dan Pelatihan Teknis"
GAJI = "Jumlah ASN yang mendapatkan kenaikan gaji berkala"
SATYA = "Jumlah ASN yang mendapatkan Satya Lencana Karya Satya"
FORMAL = "Jumlah ASN mengikuti pendidikan formal (tugas belajar)"

# Seed 000 (Binjai 2022): indicator -> (target, realisasi, capaian) as the .docx shows them
# one number format per column: the target column has 73,1 (one decimal), the realisasi column 70,51 (two)
BINJAI_INDICATORS = {PEJABAT: ("40,0", "38,00", "95,00 %"), TEKNIS: ("360,0", "160,00", "44,44 %"),
                     SKP_INDICATOR: ("80,0", "70,51", "88,14 %"), NEGATIVE_INDICATOR: ("12,0", "21,00", "25,00 %"),
                     GAJI: ("1.800,0", "1.786,00", "99,22 %"), SATYA: ("155,0", "160,00", "103,23 %")}
BINJAI_2021 = {PEJABAT: ("47", "10,00", "21,28 %"), SKP_INDICATOR: ("75", "70,98", "94,64 %")}
BINJAI_PROGRAMS = [("Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota", "Rp 5.041.021.092",
                    "Rp 4.822.581.003", "95,67 %"),
                   ("Program Kepegawaian Daerah", "Rp 707.072.493", "Rp 520.209.500", "73,57 %"),
                   ("Program Pengembangan Sumber Daya Aparatur Sipil Negara", "Rp 1.445.406.985", "Rp 1.346.246.486",
                    "93,14 %")]
BINJAI_TOTAL = ("Jumlah", "Rp 7.193.500.570", "Rp 6.689.036.989", "92,99 %")
BINJAI_SISA = ("Rp 504.463.581", "7,01 %")
# Seed 001 (Blitar 2021)
BLITAR_INDICATORS = {BLITAR_IP: ("80", "78,54", "98,18 %"), BLITAR_MUTASI: ("95", "95,80", "100,84 %"),
                     BLITAR_SKP: ("50", "97,18", "194,36 %")}
BLITAR_2020 = {BLITAR_IP: ("78", "78,54", "100,69 %"), BLITAR_MUTASI: ("90", "90,58", "100,64 %"),
               BLITAR_SKP: ("30", "35,87", "119,57 %")}
BLITAR_BUDGET = (BLITAR_MUTASI, "Rp 4.165.853.900", "Rp 2.723.990.945", "65,39 %")
BLITAR_EFISIENSI = (BLITAR_MUTASI, "100,84 %", "65,39 %", "1,54", "Sangat Efisien")


def _run(inp: Path, out: Path, *extra) -> None:
    result = invoke(["run", inp, "-o", out, "--workers", "1", *extra])
    assert result.exit_code in (0, 1), result.output
    assert (out / ".lkjip" / "putaran.json").is_file(), result.output


def _laporan(*args):
    return invoke(["laporan", *args])


# -- fixtures: two years of Binjai, two of Blitar, run through `lkjip run` ------------------------------------
@pytest.fixture(scope="module")
def rounds(tmp_path_factory):
    base = tmp_path_factory.mktemp("laporan")
    for name, build in (("binjai2022", binjai_2022), ("binjai2021", binjai_2021), ("blitar2021", blitar_2021),
                        ("blitar2020", blitar_2020)):
        build(base / "in" / name)
        _run(base / "in" / name, base / "out" / name)
    return base


@pytest.fixture(scope="module")
def binjai(rounds):
    out = rounds / "out" / "binjai2022"
    result = _laporan(out, "--tahun-lalu", rounds / "out" / "binjai2021")
    assert result.exit_code == 0, result.output
    folder = out / "laporan"
    return {"folder": folder, "output": result.output, "xlsx": folder / f"LKjIP {BKPSDM_BINJAI} 2022.xlsx",
            "docx": folder / f"LKjIP {BKPSDM_BINJAI} 2022.docx", "all": folder / "LKjIP semua OPD 2022.xlsx"}


@pytest.fixture(scope="module")
def blitar(rounds):
    out = rounds / "out" / "blitar2021"
    result = _laporan(out, "--tahun-lalu", rounds / "out" / "blitar2020", "-o", rounds / "lap blitar")
    assert result.exit_code == 0, result.output
    folder = rounds / "lap blitar"
    return {"folder": folder, "output": result.output, "xlsx": folder / f"LKjIP {BLITAR} 2021.xlsx",
            "docx": folder / f"LKjIP {BLITAR} 2021.docx", "all": folder / "LKjIP semua OPD 2021.xlsx"}


# -- seed 000: Binjai 2022 ----------------------------------------------------------------------------------
def test_binjai_writes_the_three_kinds_of_file(binjai):
    # and the rows left without a partner in 2021, to settle in pasangan_indikator.csv
    assert sorted(p.name for p in binjai["folder"].iterdir()) == sorted(
        [binjai["xlsx"].name, binjai["docx"].name, binjai["all"].name, "pasangan_indikator_usulan.csv"])
    assert "Tabel 2.1–3.16" in binjai["output"]


def test_binjai_indicators_in_docx(binjai):
    rows = docx_table(binjai["docx"], f"Tabel 3.1 Target dan Realisasi Kinerja {BKPSDM_BINJAI} Tahun 2022")
    assert rows[0] == ["No", "Indikator Kinerja", "Satuan", "Target", "Realisasi", "Capaian (%)", "Predikat"]
    for name, (target, real, capaian) in BINJAI_INDICATORS.items():
        row = row_of(rows, name)
        assert row[3:6] == [target, real, capaian], row
    negative = row_of(rows, NEGATIVE_INDICATOR)
    assert negative[6] == "Sangat Rendah" and negative[1] == f"{NEGATIVE_INDICATOR} (polaritas negatif)"
    assert row_of(rows, SKP_INDICATOR)[6] == "Tinggi"
    # one sub-header per sasaran (seed 000 Tabel 3.3-3.9), spanning the row
    subheads = [r for r in rows if len(r) == 1]
    assert len(subheads) == 7 and subheads[0] == ["Meningkatnya keikutsertaan ASN mengikuti Diklat Kompetensi, "
                                                  "Diklat Teknis dan Diklat Fungsional"]
    assert len([r for r in rows[1:] if len(r) > 1]) == 16


def test_binjai_indicators_in_xlsx(binjai):
    caption, header, rows, ws = xlsx_table(binjai["xlsx"], "3.1")
    assert caption == f"Tabel 3.1 Target dan Realisasi Kinerja {BKPSDM_BINJAI} Tahun 2022"
    expected = {PEJABAT: (40, 38, 95.0), TEKNIS: (360, 160, 44.44), SKP_INDICATOR: (80, 70.51, 88.14),
                NEGATIVE_INDICATOR: (12, 21, 25.0), GAJI: (1800, 1786, 99.22), SATYA: (155, 160, 103.23)}
    for name, figures in expected.items():
        assert tuple(xlsx_row(rows, name)[3:6]) == figures
    r = next(i for i, row in enumerate(ws.iter_rows(values_only=True), 1) if row[1] == GAJI)
    assert ws.cell(r, 5).number_format == "[$-421]#,##0.00"       # 1.786,00: the column's one format (70,51 in it)
    assert ws.cell(r, 6).number_format == '[$-421]0.00" %"'
    assert ws.freeze_panes == "A4"
    assert ws.print_title_rows == "$3:$3"
    assert ws.page_setup.paperSize == 9 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.fitToHeight == 0


def test_binjai_last_year_matched_by_name(binjai):
    rows = docx_table(binjai["docx"], f"Tabel 3.2 Perbandingan Realisasi dan Capaian Kinerja {BKPSDM_BINJAI} "
                                      "Tahun 2021 dan 2022")
    assert rows[0] == ["No", "Indikator Kinerja", "Target 2021", "Realisasi 2021", "Capaian 2021 (%)", "Target 2022",
                       "Realisasi 2022", "Capaian 2022 (%)", "Perubahan (poin)"]
    for name, (target, real, capaian) in BINJAI_2021.items():
        row = row_of(rows, name)
        assert row[2:5] == [target, real, capaian]
        assert row[5:8] == list(BINJAI_INDICATORS[name])
    assert row_of(rows, PEJABAT)[8] == "+73,72"           # 95,00 - 21,28
    assert row_of(rows, SKP_INDICATOR)[8] == "-6,50"      # 88,14 - 94,64
    # other case, spaces and punctuation: the same indicator
    formal = row_of(rows, FORMAL)
    assert formal[2:5] == ["1", "2,00", "200,00 %"] and formal[8] == "-100,00" and formal[1] == FORMAL
    # renamed: listed in both years, unmatched, never dropped; the similar name suggested, not paired
    teknis = row_of(rows, TEKNIS)
    assert teknis[1] == f'{TEKNIS} (tidak ditemukan pada tahun 2021; mirip: "{BINJAI_2021_RENAMED}")'
    assert teknis[2:5] == ["", "", ""]
    renamed = row_of(rows, BINJAI_2021_RENAMED)
    assert renamed[2:5] == ["232", "0,00", "0,00 %"] and renamed[5:8] == ["", "", ""]
    assert renamed[1] == f"{BINJAI_2021_RENAMED} (tidak ditemukan pada tahun 2022)"
    _, header, xrows, _ = xlsx_table(binjai["xlsx"], "3.2")
    assert header[-1] == "Keterangan"
    assert xlsx_row(xrows, TEKNIS)[-1] == f'tidak ditemukan pada tahun 2021; mirip: "{BINJAI_2021_RENAMED}"'
    assert ["Indikator tahun 2021 yang tidak ada pada tahun 2022"] in rows
    assert BINJAI_2021_RESPELLED not in {r[1] for r in rows if len(r) > 1}
    # every 2022 indicator is there, plus the one 2021 indicator left over
    assert len([r for r in rows[1:] if len(r) > 1]) == 17


def test_binjai_programs_total_and_sisa(binjai):
    rows = docx_table(binjai["docx"], f"Tabel 3.12 Realisasi Anggaran per Program {BKPSDM_BINJAI} Tahun 2022")
    assert rows[0] == ["No", "Kode", "Program", "Pagu Anggaran (Rp)", "Realisasi Anggaran (Rp)", "Persentase (%)"]
    for name, pagu, real, pct in BINJAI_PROGRAMS:
        assert row_of(rows, name)[3:] == [pagu, real, pct]
    assert row_of(rows, "Jumlah")[2:] == list(BINJAI_TOTAL)        # the kegiatan rows are not added again
    sisa = row_of(rows, "Sisa anggaran (pagu − realisasi)")
    assert (sisa[3], sisa[5]) == BINJAI_SISA
    assert len(rows) == 1 + 3 + 2
    caption, header, xrows, ws = xlsx_table(binjai["xlsx"], "3.12")
    assert tuple(xlsx_row(xrows, "Jumlah")[3:6]) == (7193500570, 6689036989, 92.99)
    assert tuple(xlsx_row(xrows, "Sisa anggaran (pagu − realisasi)")[3:6]) == (504463581, None, 7.01)
    r = 5 + next(i for i, row in enumerate(xrows) if "Jumlah" in row)     # after the blank separator row
    assert ws.cell(r, 4).number_format == '[$-421]"Rp "#,##0' and ws.cell(r, 4).font.b


def test_binjai_missing_tables_are_named(binjai):
    # no Renstra column, no budget per PK indicator: said, in the docx, the xlsx and on the console
    notes = ("Perbandingan Realisasi Kinerja s.d. Akhir Periode Renstra tidak disusun",
             "Pencapaian Kinerja dan Anggaran dan Efisiensi Penggunaan Sumber Daya tidak disusun")
    text = _norm(" ".join(p.text for p in docx.Document(str(binjai["docx"])).paragraphs))
    console = _norm(binjai["output"])
    keterangan = " ".join(str(v) for row in load_workbook(binjai["xlsx"])["Keterangan"].iter_rows(values_only=True)
                          for v in row if v)
    for note in notes:
        assert note in text and note in console and note in keterangan
    assert [t for t, _ in docx_tables(binjai["docx"])][-5].startswith("Tabel 3.12 Realisasi Anggaran")


def test_binjai_docx_is_ready_to_paste(binjai):
    doc = docx.Document(str(binjai["docx"]))
    for table in doc.tables:
        head = table.rows[0]._tr
        assert head.xpath("./w:trPr/w:tblHeader"), "header row repeated on each page"
        assert len([r for r in table.rows if r._tr.xpath("./w:trPr/w:tblHeader")]) == 1
    captions = [cap for cap, _ in docx_tables(binjai["docx"])]
    # numbered as seed 000 numbers them: Bab II 2.x, Bab III 3.1 target/realisasi, 3.2 the two years, the
    # sasaran sub-tables after them, the budget tables after those
    assert captions == [f"Tabel 2.1 Perjanjian Kinerja {BKPSDM_BINJAI} Tahun 2022",
                        f"Tabel 2.2 Program dan Pagu Anggaran {BKPSDM_BINJAI} Tahun 2022",
                        f"Tabel 2.3 Program, Kegiatan dan Sub Kegiatan Pendukung Sasaran {BKPSDM_BINJAI} Tahun 2022"] + [
        f"Tabel 3.{i} {t} {BKPSDM_BINJAI} {y}" for i, (t, y) in enumerate([
            ("Target dan Realisasi Kinerja", "Tahun 2022"),
            ("Perbandingan Realisasi dan Capaian Kinerja", "Tahun 2021 dan 2022"),
            ("Capaian Kinerja per Sasaran Strategis", "Tahun 2022")], 1)] + [
        c for c in captions if c.startswith(("Tabel 3.4 Capaian Sasaran 1:", "Tabel 3.5 Capaian Sasaran 2:",
                                             "Tabel 3.6 Capaian Sasaran 3:", "Tabel 3.7 Capaian Sasaran 4:",
                                             "Tabel 3.8 Capaian Sasaran 5:", "Tabel 3.9 Capaian Sasaran 6:",
                                             "Tabel 3.10 Capaian Sasaran 7:"))] + [
        f"Tabel 3.{i} {t} {BKPSDM_BINJAI} {y}" for i, (t, y) in enumerate([
            ("Perbandingan Realisasi Kinerja dengan Target Nasional", "Tahun 2022"),
            ("Realisasi Anggaran per Program", "Tahun 2022"),
            ("Realisasi Anggaran per Program, Kegiatan dan Sub Kegiatan", "Tahun 2022"),
            ("Efisiensi Penggunaan Sumber Daya Perangkat Daerah", "Tahun 2022"),
            ("Faktor Pendorong dan Penghambat Pencapaian Kinerja", "Tahun 2022"),
            ("Faktor Pendorong, Penghambat dan Tindak Lanjut per Program", "Tahun 2022")], 11)]
    assert len(captions) == 19


def test_workbooks_carry_lkjip_s_marker(binjai):
    """The custom property lkjip = "rekap …" the rekap carries: a later run over the folder skips them."""
    import zipfile

    for path in (binjai["xlsx"], binjai["all"]):
        with zipfile.ZipFile(path) as zf:
            custom = zf.read("docProps/custom.xml").decode()
        assert 'name="lkjip"' in custom and "<vt:lpwstr>rekap LKjIP</vt:lpwstr>" in custom
    # and so a run or check over them skips them (issue 14 §4), never taking "Kinerja" for an IKU table
    for path in (binjai["xlsx"], binjai["all"]):
        result = complete_workbook(path, None)
        assert result.status == "dilewati" and [p.code for p in result.problems] == ["lkjip-rekap"], result.problems


def test_all_agencies_workbook(binjai):
    wb = load_workbook(binjai["all"])
    assert wb.sheetnames == ["Daftar OPD", "Grafik OPD", "PK", "Program", "Pendukung Sasaran", "Kinerja", "Perbandingan", "Capaian Sasaran", "Per Sasaran",
                             "Target Nasional", "Anggaran", "Anggaran Rinci", "Efisiensi OPD", "Faktor", "Faktor Program"]
    ws = wb["Kinerja"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:4] == ("Perangkat Daerah", "Tabel", "Sasaran Strategis", "No")
    gaji = next(r for r in rows if r[4] == GAJI)
    assert gaji[0] == BKPSDM_BINJAI and gaji[2] == "Meningkatnya kualitas pelayanan kepegawaian"
    assert gaji[6:9] == (1800, 1786, 99.22)
    assert ws.auto_filter.ref and ws.freeze_panes == "B2"
    anggaran = list(wb["Anggaran"].iter_rows(values_only=True))
    at = next(i for i, r in enumerate(anggaran) if "Jumlah" in r)
    total = anggaran[at]
    pagu = anggaran[0].index("Pagu Anggaran (Rp)")
    assert total[0] == BKPSDM_BINJAI and total[pagu:pagu + 3] == (7193500570, 6689036989, 92.99)
    # the totals sit below the filtered rows, after a blank row and a label: a filter or a SUM never counts them
    last = int(wb["Anggaran"].auto_filter.ref.split(":")[1].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    assert at + 1 > last + 1 and anggaran[at - 1][0] == "Baris jumlah setiap OPD (di luar filter)"
    assert not any(anggaran[last:at - 1][0] or ())
    # the chart sheet: the agency's figures as its own tables hold them (the Rata-rata row of Capaian Sasaran, the
    # Jumlah row of Anggaran), one native chart each
    grafik = list(wb["Grafik OPD"].iter_rows(values_only=True))
    sasaran = list(wb["Capaian Sasaran"].iter_rows(values_only=True))
    cap, pred = sasaran[0].index("Capaian (%)"), sasaran[0].index("Predikat")
    total = next(r for r in sasaran if "Rata-rata capaian kinerja Perangkat Daerah" in r)
    assert (BKPSDM_BINJAI, "Tahun 2022", total[cap], total[pred]) in [r[:4] for r in grafik]
    assert (BKPSDM_BINJAI, "Tahun 2022", 7193500570, 6689036989, 92.99) in [r[:5] for r in grafik]
    with zipfile.ZipFile(binjai["all"]) as zf:
        assert len([n for n in zf.namelist() if n.startswith("xl/charts/chart")]) == 2


def test_all_agencies_workbook_prints_no_empty_or_repeated_column(binjai):
    """A program or budget table has no sasaran: its sheet has no "Sasaran Strategis" column printed empty on every
    row; and the sasaran table, whose own column is the sasaran, does not print it twice."""
    wb = load_workbook(binjai["all"])
    for name in wb.sheetnames[2:]:      # the flat sheets (Daftar OPD and Grafik OPD are laid out by hand)
        rows = [r for r in wb[name].iter_rows(values_only=True)]
        head = rows[0]
        assert len(set(head)) == len(head), (name, head)
        body = [r for r in rows[1:] if len(r) == len(head) and r[0] == BKPSDM_BINJAI]
        assert body, name
        if "Sasaran Strategis" in head:
            i = head.index("Sasaran Strategis")
            assert any(r[i] for r in body), name
    program = list(wb["Anggaran"].iter_rows(values_only=True))[0]
    assert program[:3] == ("Perangkat Daerah", "Tabel", "No")
    sasaran = list(wb["Capaian Sasaran"].iter_rows(values_only=True))[0]
    assert sasaran[:4] == ("Perangkat Daerah", "Tabel", "No", "Sasaran Strategis")


# -- seed 001: Blitar 2021 ----------------------------------------------------------------------------------
def test_blitar_tables(blitar):
    tables = docx_tables(blitar["docx"])
    assert [cap.split(" " + BLITAR)[0] for cap, _ in tables] == [
        "Tabel 2.1 Perjanjian Kinerja",
        "Tabel 3.1 Target dan Realisasi Kinerja", "Tabel 3.2 Perbandingan Realisasi dan Capaian Kinerja",
        "Tabel 3.3 Capaian Kinerja per Sasaran Strategis",
        "Tabel 3.4 Capaian Sasaran 1: Meningkatnya Professionalisme Aparatur Sipil Negara Tahun 2021",
        "Tabel 3.5 Capaian Sasaran 2: Meningkatnya Sistem Mutasi dan Promosi Berdasarkan Kompetensi Tahun 2021",
        "Tabel 3.6 Capaian Sasaran 3: Meningkatnya Kualitas Kinerja Aparatur Sipil Negara Tahun 2021",
        "Tabel 3.7 Perbandingan Realisasi Kinerja s.d. Akhir Periode Renstra",
        "Tabel 3.8 Perbandingan Realisasi Kinerja dengan Target Nasional", "Tabel 3.9 Alokasi Anggaran per Sasaran",
        "Tabel 3.10 Pencapaian Kinerja dan Anggaran", "Tabel 3.11 Efisiensi Penggunaan Sumber Daya",
        "Tabel 3.12 Efisiensi Penggunaan Sumber Daya Perangkat Daerah",
        "Tabel 3.13 Faktor Pendorong dan Penghambat Pencapaian Kinerja"]
    tables = [tables[i] for i in (1, 2, 7, 10, 11)]
    kinerja = tables[0][1]
    for name, figures in BLITAR_INDICATORS.items():
        assert row_of(kinerja, name)[3:6] == list(figures)
    perbandingan = tables[1][1]
    for name, figures in BLITAR_2020.items():
        row = row_of(perbandingan, name)
        assert row[2:5] == list(figures) and row[5:8] == list(BLITAR_INDICATORS[name])
    assert row_of(perbandingan, BLITAR_IP)[8] == "-2,51"
    renstra = tables[2][1]
    assert renstra[0][3:6] == ["Target Akhir Renstra", "Realisasi s.d. Tahun 2021", "Tingkat Kemajuan (%)"]
    assert row_of(renstra, BLITAR_IP)[3:6] == ["80", "78,54", "98,18 %"]
    assert row_of(renstra, BLITAR_SKP)[3:6] == ["50", "97,18", "194,36 %"]
    pencapaian = tables[3][1]
    name, pagu, spent, serapan = BLITAR_BUDGET
    assert row_of(pencapaian, name)[2:] == ["95", "95,80", "100,84 %", pagu, spent, serapan]
    assert not [r for r in pencapaian if BLITAR_IP in r]      # no budget: not in the budget tables
    efisiensi = tables[4][1]
    assert row_of(efisiensi, BLITAR_EFISIENSI[0])[2:] == list(BLITAR_EFISIENSI[1:])
    assert row_of(efisiensi, BLITAR_SKP)[2:] == ["194,36 %", "89,52 %", "2,17", "Sangat Efisien"]


def test_blitar_xlsx(blitar):
    _, _, rows, _ = xlsx_table(blitar["xlsx"], "3.11")
    assert tuple(xlsx_row(rows, BLITAR_MUTASI)[2:6]) == (100.84, 65.39, 1.54, "Sangat Efisien")
    _, _, rows, ws = xlsx_table(blitar["xlsx"], "3.10")
    assert tuple(xlsx_row(rows, BLITAR_MUTASI)[5:8]) == (4165853900, 2723990945, 65.39)
    _, _, rows, _ = xlsx_table(blitar["xlsx"], "3.2")
    assert tuple(xlsx_row(rows, BLITAR_IP)[2:9]) == (78, 78.54, 100.69, 80, 78.54, 98.18, -2.51)
    assert tuple(xlsx_row(rows, BLITAR_MUTASI)[4:9]) == (100.64, 95, 95.8, 100.84, 0.2)
    assert xlsx_row(rows, BLITAR_SKP)[4] == 119.57


# -- what the figures are: the round's own ---------------------------------------------------------------------
def test_reads_the_record_not_todays_settings(rounds, tmp_path, monkeypatch):
    """The round's inputs and completed workbooks gone, today's settings changed: the tables are the same."""
    out = tmp_path / "out"
    shutil.copytree(rounds / "out" / "binjai2022", out, ignore=shutil.ignore_patterns("laporan"))
    for p in out.glob("*.xlsx"):
        p.unlink()
    monkeypatch.chdir(tmp_path)
    (tmp_path / "lkjip.toml").write_text('rumus_negatif = "T/R"\ndesimal = 1\n', encoding="utf-8")
    result = _laporan(out)
    assert result.exit_code == 0, result.output
    rows = docx_table(out / "laporan" / f"LKjIP {BKPSDM_BINJAI} 2022.docx", "Tabel 3.1")
    assert row_of(rows, NEGATIVE_INDICATOR)[3:6] == ["12,0", "21,00", "25,00 %"]    # T/R would be 57,1
    assert row_of(rows, SKP_INDICATOR)[5] == "88,14 %"


def test_the_rounds_own_rules_are_used(tmp_path, monkeypatch):
    """A round run with T/R for negative indicators and one decimal: its tables say so, whatever today's are."""
    inp = binjai_2022(tmp_path / "in")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "lkjip.toml").write_text('rumus_negatif = "T/R"\ndesimal = 1\n', encoding="utf-8")
    _run(inp, tmp_path / "out")
    (tmp_path / "lkjip.toml").unlink()
    assert _laporan(tmp_path / "out").exit_code == 0
    path = tmp_path / "out" / "laporan" / f"LKjIP {BKPSDM_BINJAI} 2022.docx"
    rows = docx_table(path, "Tabel 3.1")
    assert row_of(rows, NEGATIVE_INDICATOR)[5] == "57,1 %"        # 12 / 21 x 100, one decimal
    assert row_of(rows, SKP_INDICATOR)[5] == "88,1 %"
    assert "capaian = target / realisasi × 100" in _norm(" ".join(p.text for p in docx.Document(str(path)).paragraphs))
    program = row_of(docx_table(path, "Tabel 3.11"), "Jumlah")
    assert program[5] == "93,0 %"                                  # 92,987… with the round's one decimal


def test_earlier_round_titles_say_sd_triwulan(tmp_path):
    inp = tmp_path / "in"
    inp.mkdir()
    blitar_2021(inp, triwulan="II")
    binjai_renja(inp / BINJAI_RENJA, triwulan="II")
    _run(inp, tmp_path / "out", "--triwulan", "II")
    result = _laporan(tmp_path / "out")
    assert result.exit_code == 0, result.output
    caps = [c for c, _ in docx_tables(tmp_path / "out" / "laporan" / f"LKjIP {BLITAR} 2021.docx")]
    # Bab III states the period; Bab II's agreement and pagu are the year's
    assert caps and all(c.endswith("s.d. Triwulan II Tahun 2021") for c in caps if c.startswith("Tabel 3.")), caps
    assert caps[0] == f"Tabel 2.1 Perjanjian Kinerja {BLITAR} Tahun 2021"
    caps = [c for c, _ in docx_tables(tmp_path / "out" / "laporan" / f"LKjIP {BKPSDM_BINJAI} 2022.docx")]
    assert caps == [f"Tabel 2.1 Program dan Pagu Anggaran {BKPSDM_BINJAI} Tahun 2022",
                    f"Tabel 2.2 Program, Kegiatan dan Sub Kegiatan Pendukung Sasaran {BKPSDM_BINJAI} Tahun 2022",
                    f"Tabel 3.1 Realisasi Anggaran per Program {BKPSDM_BINJAI} s.d. Triwulan II Tahun 2022",
                    f"Tabel 3.2 Realisasi Anggaran per Program, Kegiatan dan Sub Kegiatan {BKPSDM_BINJAI} s.d. "
                    "Triwulan II Tahun 2022",
                    f"Tabel 3.3 Faktor Pendorong, Penghambat dan Tindak Lanjut per Program {BKPSDM_BINJAI} s.d. "
                    "Triwulan II Tahun 2022"]


def test_agency_without_pk_gets_the_renja_tables_and_a_note(tmp_path):
    inp = tmp_path / "in"
    inp.mkdir()
    binjai_renja(inp / BINJAI_RENJA)
    make_random_bytes(inp / "PK BKPSDM Binjai 2022.xlsx")     # its PK failed in the round: said, not silent
    _run(inp, tmp_path / "out")
    result = _laporan(tmp_path / "out")
    assert result.exit_code == 0, result.output
    path = tmp_path / "out" / "laporan" / f"LKjIP {BKPSDM_BINJAI} 2022.docx"
    assert [c for c, _ in docx_tables(path)] == [
        f"Tabel 2.1 Program dan Pagu Anggaran {BKPSDM_BINJAI} Tahun 2022",
        f"Tabel 2.2 Program, Kegiatan dan Sub Kegiatan Pendukung Sasaran {BKPSDM_BINJAI} Tahun 2022",
        f"Tabel 3.1 Realisasi Anggaran per Program {BKPSDM_BINJAI} Tahun 2022",
        f"Tabel 3.2 Realisasi Anggaran per Program, Kegiatan dan Sub Kegiatan {BKPSDM_BINJAI} Tahun 2022",
        f"Tabel 3.3 Faktor Pendorong, Penghambat dan Tindak Lanjut per Program {BKPSDM_BINJAI} Tahun 2022"]
    text = _norm(" ".join(p.text for p in docx.Document(str(path)).paragraphs))
    assert "Tidak ada Perjanjian Kinerja (PK) OPD ini dalam putaran" in text
    assert "Tidak ada Perjanjian Kinerja (PK) OPD ini dalam putaran" in _norm(result.output)
    assert "workbook berikut gagal dalam putaran dan tidak masuk tabel: PK BKPSDM Binjai 2022.xlsx" in result.output


def test_bundled_samples(tmp_path):
    out = tmp_path / "output"
    _run(REPO / "input", out)
    result = _laporan(out)
    assert result.exit_code == 0, result.output
    files = sorted(p.name for p in (out / "laporan").iterdir())
    assert len([f for f in files if f.endswith(".docx")]) == 4
    assert len([f for f in files if f.endswith(".xlsx")]) == 5
    assert "LKjIP semua OPD 2024.xlsx" in files
    kominfo = docx_tables(out / "laporan" / "LKjIP Dinas Komunikasi dan Informatika 2024.docx")
    assert [c for c, _ in kominfo][2] == ("Tabel 3.1 Perbandingan Realisasi Kinerja s.d. Akhir Periode Renstra "
                                          "Dinas Komunikasi dan Informatika s.d. Triwulan I Tahun 2024")
    assert "Catatan: putaran ini tahun 2024" in result.output
    # Sumenep's TW I workbook has figures up to TW IV (seed 003's annex): warned, titled s.d. TW I; Binjai's and
    # Dumai's workbooks state TW IV themselves: their tables are the year's, whatever the round's quarter
    console = _norm(result.output)
    assert console.count("peringatan:") == 1 and "padahal workbooknya menyatakan Triwulan I (Evaluasi Renja BKPSDM " \
        "Sumenep TW I 2024.xlsx)" in console
    binjai = docx_tables(out / "laporan" / f"LKjIP {BKPSDM_BINJAI} 2022.docx")
    assert all(c.endswith("Tahun 2022") and "Triwulan" not in c for c, _ in binjai)


def test_deterministic(rounds, tmp_path):
    out = rounds / "out" / "binjai2022"
    for target in (tmp_path / "a", tmp_path / "b"):
        assert _laporan(out, "--tahun-lalu", rounds / "out" / "binjai2021", "-o", target).exit_code == 0
    assert sha256_tree(tmp_path / "a") == sha256_tree(tmp_path / "b")


# -- usage errors and failures ------------------------------------------------------------------------------
def test_a_folder_that_is_not_a_round_output_is_a_usage_error(rounds, tmp_path):
    result = _laporan(rounds / "in" / "binjai2022")
    assert result.exit_code == 2
    assert "bukan folder keluaran putaran lkjip" in result.output and "lkjip run" in result.output
    assert _laporan(tmp_path / "tidak ada").exit_code == 2
    assert _laporan(rounds / "out" / "binjai2022", "--tahun-lalu", rounds / "in" / "binjai2021").exit_code == 2
    same = _laporan(rounds / "out" / "binjai2022", "--tahun-lalu", rounds / "out" / "binjai2022")
    assert same.exit_code == 2 and "--tahun-lalu" in same.output
    later = _laporan(rounds / "out" / "binjai2021", "--tahun-lalu", rounds / "out" / "binjai2022")
    assert later.exit_code == 2 and "bukan tahun sebelum 2021" in later.output
    assert not (rounds / "out" / "binjai2021" / "laporan").exists()
    damaged = tmp_path / "rusak"
    shutil.copytree(rounds / "out" / "blitar2020", damaged)
    (damaged / ".lkjip" / "putaran.json").write_text("{", encoding="utf-8")
    result = _laporan(damaged)
    assert result.exit_code == 2 and "tidak dapat dibaca" in result.output


def test_one_file_that_cannot_be_written_does_not_stop_the_others(rounds, tmp_path):
    target = tmp_path / "lap"
    (target / f"LKjIP {BKPSDM_BINJAI} 2022.docx").mkdir(parents=True)    # in the way, like a file held open
    result = _laporan(rounds / "out" / "binjai2022", "-o", target)
    assert result.exit_code == 1
    assert "tidak dapat ditulis" in result.output
    assert (target / f"LKjIP {BKPSDM_BINJAI} 2022.xlsx").is_file()
    assert (target / "LKjIP semua OPD 2022.xlsx").is_file()
    assert not [p for p in target.iterdir() if p.name.endswith(".tmp")]


# -- LibreOffice: the .docx as a reader prints it ------------------------------------------------------------
@pytest.fixture(scope="module")
def pdf_text(binjai, blitar, tmp_path_factory):
    exe = soffice_path()
    if exe is None or shutil.which("pdftotext") is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice and pdftotext must be installed under CI (.ci/run)")
        pytest.skip("LibreOffice (soffice) or pdftotext is not installed")
    profile = tmp_path_factory.mktemp("lo_profile_laporan")
    outdir = tmp_path_factory.mktemp("laporan_pdf")
    texts = {}
    for key, d in (("binjai", binjai), ("blitar", blitar)):
        cmd = [exe, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore", "--convert-to", "pdf",
               "--outdir", str(outdir), str(d["docx"])]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=180)
        assert proc.returncode == 0, proc.stderr
        pdf = outdir / (d["docx"].stem + ".pdf")
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                              timeout=60, check=True).stdout
        texts[key] = text.replace(NBSP, " ")
    return texts


def test_pdf_binjai_figures(pdf_text):
    flat = " ".join(pdf_text["binjai"].split())
    for name, (target, real, capaian) in BINJAI_INDICATORS.items():    # each triple occurs once
        assert f"{target} {real} {capaian}" in flat, name
    for name, (target, real, capaian) in BINJAI_2021.items():
        assert f"{target} {real} {capaian}" in flat
    for _, pagu, real, pct in BINJAI_PROGRAMS:
        assert f"{pagu} {real} {pct}" in flat
    assert "Jumlah {} {} {}".format(*BINJAI_TOTAL[1:]) in flat
    assert f"{BINJAI_SISA[0]} {BINJAI_SISA[1]}" in flat
    assert "Tabel 3.1 Target dan Realisasi Kinerja" in flat


def test_pdf_blitar_figures(pdf_text):
    flat = " ".join(pdf_text["blitar"].split())
    for _, (target, real, capaian) in BLITAR_INDICATORS.items():
        assert f"{target} {real} {capaian}" in flat
    for _, (target, real, capaian) in BLITAR_2020.items():
        assert f"{target} {real} {capaian}" in flat
    assert "{} {} {}".format(*BLITAR_BUDGET[1:]) in flat
    assert "{} {} {} {}".format(*BLITAR_EFISIENSI[1:]) in flat
    assert "Tabel 3.11 Efisiensi Penggunaan Sumber Daya" in flat


# -- the pure parts ---------------------------------------------------------------------------------------------
def test_file_names_are_safe_everywhere():
    from xlsx_lkjip.batch.laporan import safe_stem

    assert safe_stem('LKjIP Dinas PU/PR: "Bidang" Bina Marga? 2024') == "LKjIP Dinas PU-PR- -Bidang- Bina Marga- 2024"
    assert safe_stem("LKjIP Dinas Kominfo. ") == "LKjIP Dinas Kominfo"
    assert len(safe_stem("LKjIP " + "x" * 400)) <= 150


def test_names_match_whatever_the_case_spaces_and_punctuation():
    from xlsx_lkjip.report.lkjip_tables import name_key

    assert name_key("Jumlah ASN mengikuti pendidikan formal (tugas belajar)") == \
        name_key(BINJAI_2021_RESPELLED) == name_key("jumlah  asn mengikuti pendidikan formal, tugas belajar")
    assert name_key(TEKNIS) != name_key(BINJAI_2021_RENAMED)


def test_indonesian_number_forms():
    from decimal import Decimal

    from xlsx_lkjip.report.lkjip_tables import FIGURE, PERCENT, POINTS, RATIO, RUPIAH, display

    assert display(Decimal("98.18"), PERCENT) == f"98,18{NBSP}%"
    assert display(Decimal("7193500570"), RUPIAH) == f"Rp{NBSP}7.193.500.570"
    assert display(Decimal("1097270221.5"), RUPIAH) == f"Rp{NBSP}1.097.270.221,50"
    assert display(Decimal("1786"), FIGURE) == "1.786"
    assert display(Decimal("73.09999999999999"), FIGURE) == "73,1"     # a double read from a cell
    assert display(Decimal("1.54"), RATIO) == "1,54"
    assert display(Decimal("-2.51"), POINTS) == "-2,51" and display(Decimal("0.2"), POINTS) == "+0,20"


def test_renja_with_only_the_renstra_capaian_gives_no_budget_table(tmp_path):
    """Deli Serdang's shape (13 = 9+10+11+12, 14 = 7+13, 15 = 14/6): its rows' target and realisasi are the
    Renstra's, never the year's pagu and realisasi; the Renstra table comes from it, the budget table is said."""
    from tests.renja_shapes import build_k_pct_rp

    inp = tmp_path / "in"
    inp.mkdir()
    build_k_pct_rp(inp / "Evaluasi RKPD Deli Serdang.xlsx")
    _run(inp, tmp_path / "out")
    result = _laporan(tmp_path / "out")
    assert result.exit_code == 0, result.output
    (path,) = (tmp_path / "out" / "laporan").glob("LKjIP *.docx")
    captions = [c for c, _ in docx_tables(path)]
    # (and the footer's faktor lines, which do not depend on the year's capaian)
    assert len(captions) == 2 and captions[0].startswith("Tabel 3.1 Perbandingan Realisasi Kinerja s.d. Akhir "
                                                         "Periode Renstra")
    assert captions[1].startswith("Tabel 3.2 Faktor Pendorong, Penghambat dan Tindak Lanjut per Program")
    assert "tidak memuat tingkat capaian tahun berjalan (hanya capaian Renstra)" in _norm(result.output)
