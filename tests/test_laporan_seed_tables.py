"""The LKjIP table types of issue 23, filled with seeds 000 (Binjai 2022), 001 (Blitar 2021) and 002 (Dumai
2023): every checked figure is looked for in the agency's .xlsx (openpyxl), its .docx (python-docx) and the PDF
LibreOffice prints of both (pdftotext).  The seeds' own hand errors (docs/seed-hand-errors.md) are asserted at
the computed value, never the printed one.  Workbooks: tests/laporan_builders.py and tests/laporan_seeds.py."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from tests.conftest import invoke
from tests.laporan_builders import BINJAI_PROGRAMS, BLITAR, BLITAR_IP, BLITAR_MUTASI, BLITAR_SKP, binjai_2021, \
    binjai_2022, blitar_2020, blitar_2021
from tests.laporan_read import _norm, docx_table, docx_tables, flat, row_of, to_pdf, xlsx_row
from tests.laporan_seeds import DUMAI, DUMAI_KEPUASAN, DUMAI_PK, DUMAI_SASARAN, blitar_iku, dumai_2023
from tests.pk_builders import BKPSDM_BINJAI, NEGATIVE_INDICATOR, SKP_INDICATOR

PEJABAT = "Jumlah Pejabat yang mengikuti Diklat sesuai dengan jenjang kompetensi jabatan"
TEKNIS = "Jumlah ASN yang Mengikuti Pendidikan dan Pelatihan Teknis"
SATYA = "Jumlah ASN yang mendapatkan Satya Lencana Karya Satya"
S1 = "Meningkatnya keikutsertaan ASN mengikuti Diklat Kompetensi, Diklat Teknis dan Diklat Fungsional"


def _run(inp, out, *extra):
    result = invoke(["run", inp, "-o", out, "--workers", "1", *extra])
    assert result.exit_code in (0, 1), result.output


@pytest.fixture(scope="module")
def seeds(tmp_path_factory):
    base = tmp_path_factory.mktemp("seed_tables")
    (base / "atribut.toml").write_text('[predikat]\nskala = "atribut"\n', encoding="utf-8")   # seed 002's scale
    for name, build, extra in (("binjai2022", binjai_2022, ()), ("binjai2021", binjai_2021, ()),
                               ("blitar2021", blitar_2021, ()), ("blitar2020", blitar_2020, ()),
                               ("iku", blitar_iku, ()), ("dumai", dumai_2023, ("--config", base / "atribut.toml"))):
        build(base / "in" / name)
        _run(base / "in" / name, base / "out" / name, *extra)
    files = {}
    for name, prev, agency, year in (("binjai2022", "binjai2021", BKPSDM_BINJAI, 2022),
                                     ("blitar2021", "blitar2020", BLITAR, 2021), ("iku", None, BLITAR, 2021),
                                     ("dumai", None, DUMAI, 2023)):
        args = [base / "out" / name] + (["--tahun-lalu", base / "out" / prev] if prev else [])
        result = invoke(["laporan", *args])
        assert result.exit_code == 0, result.output
        folder = base / "out" / name / "laporan"
        files[name] = {"docx": folder / f"LKjIP {agency} {year}.docx", "xlsx": folder / f"LKjIP {agency} {year}.xlsx",
                       "output": result.output, "record": base / "out" / name / ".lkjip" / "putaran.json"}
    return files


@pytest.fixture(scope="module")
def pdf(seeds, tmp_path_factory):
    """The PDF text of every .docx and .xlsx, one line per file."""
    paths = [f[k] for f in seeds.values() for k in ("docx", "xlsx")]
    pages = to_pdf(paths, tmp_path_factory.mktemp("seed_pdf"), tmp_path_factory.mktemp("lo_profile_seed"))
    return {name: {k: flat(pages[f[k]]) for k in ("docx", "xlsx")} for name, f in seeds.items()}


def titled(path, title: str) -> tuple[str, list[list[str]]]:
    """The table whose caption, after "Tabel N.M ", starts with `title`."""
    found = [(cap, rows) for cap, rows in docx_tables(path) if cap.split(" ", 2)[-1].startswith(title)]
    assert len(found) == 1, ([c for c, _ in docx_tables(path)], title)
    return found[0]


def sheet_rows(path, number: str) -> list[tuple]:
    ws = load_workbook(path)[f"Tabel {number}"]
    return [r for r in ws.iter_rows(min_row=4, values_only=True) if any(v is not None for v in r)]


def in_pdf(pdf_text: str, *cells: str) -> None:
    text = " ".join(cells)
    assert text in pdf_text, text


# -- seed 000, Binjai 2022 ----------------------------------------------------------------------------------------
def test_000_bab2_pk_and_programs(seeds, pdf):
    d = seeds["binjai2022"]
    cap, rows = titled(d["docx"], "Perjanjian Kinerja")
    assert cap.startswith("Tabel 2.1") and rows[0] == ["No", "Indikator Kinerja", "Target", "Satuan"]
    assert row_of(rows, SATYA)[2:] == ["155,0", "orang"]
    assert [S1] in rows
    cap, rows = titled(d["docx"], "Program dan Pagu Anggaran")
    assert cap.startswith("Tabel 2.2")
    assert row_of(rows, "Jumlah")[2:] == ["Jumlah", "", "Rp 7.193.500.570"]
    # seed 000 Tabel 3.10 prints program I's pagu 5.041.093.585; its rows add up with 5.041.021.092
    assert row_of(rows, BINJAI_PROGRAMS[0][1])[3:] == ["(diisi)", "Rp 5.041.021.092"]
    x = sheet_rows(d["xlsx"], "2.2")
    assert xlsx_row(x, "Jumlah")[4] == 7193500570
    in_pdf(pdf["binjai2022"]["docx"], "Jumlah Rp 7.193.500.570")
    in_pdf(pdf["binjai2022"]["xlsx"], "Jumlah Rp 7.193.500.570")


def test_000_capaian_per_sasaran_and_agency_average(seeds, pdf):
    d = seeds["binjai2022"]
    cap, rows = titled(d["docx"], "Capaian Kinerja per Sasaran Strategis")
    assert cap.startswith("Tabel 3.3")
    assert row_of(rows, S1)[2:] == ["3", "46,48 %", "Sangat Rendah"]      # (95,00 + 44,44 + 0,00) / 3
    total = row_of(rows, "Rata-rata capaian kinerja Perangkat Daerah")
    # one figure everywhere: the agency's average in the round record (the rekap's), not a mean of sasaran means
    # the PK footer's "Rata-rata capaian kinerja" as the round recorded it (and the rekap ranks the PK by)
    record = json.loads(d["record"].read_text(encoding="utf-8"))
    pk = next(w for w in record["workbooks"] if w["form"] == "PK")
    assert total[3] == f"{Decimal(pk['average']['K']):.2f}".replace(".", ",") + " %" == "104,76 %"
    assert total[4] == pk["predikat"]["K"] == "Sangat Tinggi"
    text = _norm(" ".join(p.text for p in __import__("docx").Document(str(d["docx"])).paragraphs))
    assert "Sangat Tinggi: 91 ≤ capaian; Tinggi: 76 ≤ capaian < 91" in text      # the scale, printed
    x = sheet_rows(d["xlsx"], "3.3")
    assert xlsx_row(x, S1)[3] == 46.48
    in_pdf(pdf["binjai2022"]["docx"], "3 46,48 % Sangat Rendah")
    in_pdf(pdf["binjai2022"]["xlsx"], "46,48 % Sangat Rendah")


def test_000_per_sasaran_sub_tables(seeds, pdf):
    d = seeds["binjai2022"]
    caps = [c for c, _ in docx_tables(d["docx"])]
    subs = [c for c in caps if " Capaian Sasaran " in c]
    assert len(subs) == 7 and subs[0].startswith(f"Tabel 3.4 Capaian Sasaran 1: {S1}")    # seed 000 3.3-3.9
    rows = docx_table(d["docx"], "Tabel 3.4")
    assert row_of(rows, PEJABAT)[3:7] == ["40", "38", "95,00 %", "Sangat Tinggi"]
    assert row_of(rows, "Capaian sasaran (rata-rata indikator)")[5:] == ["46,48 %", "Sangat Rendah"]
    negative = docx_table(d["docx"], "Tabel 3.7")
    assert row_of(negative, NEGATIVE_INDICATOR)[5] == "25,00 %"     # seed 000 prints 175 (a hand error)
    in_pdf(pdf["binjai2022"]["docx"], "40 38 95,00 % Sangat Tinggi")


def test_000_budget_hierarchy(seeds, pdf):
    d = seeds["binjai2022"]
    cap, rows = titled(d["docx"], "Realisasi Anggaran per Program, Kegiatan dan Sub Kegiatan")
    assert cap.startswith("Tabel 3.13")
    assert rows[0] == ["Kode", "Program / Kegiatan / Sub Kegiatan", "Pagu (Rp)", "Realisasi (Rp)", "Persentase (%)",
                       "Sisa Anggaran (Rp)"]
    assert row_of(rows, "5.03.01")[2:] == ["Rp 5.041.021.092", "Rp 4.822.581.003", "95,67 %", "Rp 218.440.089"]
    assert len(rows) == 1 + 6 + 1      # three programs, a kegiatan under each, JUMLAH
    assert row_of(rows, "JUMLAH")[2:] == ["Rp 7.193.500.570", "Rp 6.689.036.989", "92,99 %", "Rp 504.463.581"]
    x = sheet_rows(d["xlsx"], "3.13")
    assert tuple(xlsx_row(x, "JUMLAH")[2:6]) == (7193500570, 6689036989, 92.99, 504463581)
    in_pdf(pdf["binjai2022"]["docx"], "JUMLAH Rp 7.193.500.570 Rp 6.689.036.989 92,99 % Rp 504.463.581")
    in_pdf(pdf["binjai2022"]["xlsx"], "JUMLAH Rp 7.193.500.570 Rp 6.689.036.989 92,99 % Rp 504.463.581")


def test_000_national_and_faktor_tables_are_marked_to_fill(seeds, pdf):
    d = seeds["binjai2022"]
    _, rows = titled(d["docx"], "Perbandingan Realisasi Kinerja dengan Target Nasional")
    assert row_of(rows, SATYA)[2:] == ["(diisi)", "(diisi)", "155,0", "160,00", "103,23 %"]
    _, rows = titled(d["docx"], "Faktor Pendorong dan Penghambat Pencapaian Kinerja")
    assert row_of(rows, SATYA)[2:] == ["103,23 %", "(diisi)", "(diisi)", "(diisi)"]
    wb = load_workbook(d["xlsx"])
    ws = wb["Tabel 3.15"]
    marked = [c for row in ws.iter_rows() for c in row if c.value == "(diisi)"]
    assert marked and all(c.fill.fgColor.rgb.endswith("FFF2CC") for c in marked)
    in_pdf(pdf["binjai2022"]["docx"], "(diisi) (diisi) 155,0 160,00 103,23 %")


# -- seed 001, Blitar 2021 ----------------------------------------------------------------------------------------
def test_001_budget_share_per_sasaran(seeds, pdf):
    d = seeds["blitar2021"]
    cap, rows = titled(d["docx"], "Alokasi Anggaran per Sasaran")
    assert rows[0] == ["No", "Sasaran Strategis", "Indikator Kinerja", "Anggaran (Rp)", "% Anggaran"]
    assert row_of(rows, "Meningkatnya Sistem Mutasi dan Promosi Berdasarkan Kompetensi")[3:] == [
        "Rp 4.165.853.900", "62,85 %"]                                        # seed 001 Tabel 3.2.1
    assert row_of(rows, "Meningkatnya Kualitas Kinerja Aparatur Sipil Negara")[3:] == ["Rp 2.462.284.500", "37,15 %"]
    assert row_of(rows, "Meningkatnya Professionalisme Aparatur Sipil Negara")[3:] == ["", ""]
    assert row_of(rows, "Jumlah")[3:] == ["Rp 6.628.138.400", "100,00 %"]
    x = sheet_rows(d["xlsx"], cap.split()[1])
    assert tuple(xlsx_row(x, "Jumlah")[3:5]) == (6628138400, 100.0)
    in_pdf(pdf["blitar2021"]["docx"], "Rp 4.165.853.900 62,85 %")
    in_pdf(pdf["blitar2021"]["xlsx"], "Rp 2.462.284.500 37,15 %")


def test_001_figures_and_hand_errors(seeds, pdf):
    d = seeds["blitar2021"]
    _, rows = titled(d["docx"], "Target dan Realisasi Kinerja")
    assert row_of(rows, BLITAR_IP)[5] == "98,18 %"            # seed 001 prints 98,17
    assert row_of(rows, BLITAR_MUTASI)[4] == "95,80"          # as typed: one format per column, never 95,8
    _, rows = titled(d["docx"], "Perbandingan Realisasi dan Capaian Kinerja")
    assert row_of(rows, BLITAR_SKP)[4] == "119,57 %"          # seed 001 prints 119,56
    _, rows = titled(d["docx"], "Capaian Kinerja per Sasaran Strategis")
    assert row_of(rows, "Rata-rata capaian kinerja Perangkat Daerah")[3] == "131,13 %"   # (98,18+100,84+194,36)/3
    in_pdf(pdf["blitar2021"]["docx"], "80 78,54 98,18 %")
    in_pdf(pdf["blitar2021"]["xlsx"], "95 95,80 100,84 %")


def test_001_agency_efficiency(seeds, pdf):
    """Seed 001 §3.2.3: capaian 98,18 (the IKU) ÷ serapan 85,70 (13.352.689.779 of 15.580.243.976) = 1,15
    "Efisien"; the seed prints 1,14."""
    d = seeds["iku"]
    cap, rows = titled(d["docx"], "Efisiensi Penggunaan Sumber Daya Perangkat Daerah")
    assert rows[1] == [BLITAR, "98,18 %", "Rp 15.580.243.976", "Rp 13.352.689.779", "85,70 %", "1,15", "Efisien"]
    x = sheet_rows(d["xlsx"], cap.split()[1])
    assert tuple(x[0][1:7]) == (98.18, 15580243976, 13352689779, 85.7, 1.15, "Efisien")
    in_pdf(pdf["iku"]["docx"], "98,18 % Rp 15.580.243.976 Rp 13.352.689.779 85,70 % 1,15 Efisien")
    in_pdf(pdf["iku"]["xlsx"], "85,70 % 1,15 Efisien")


# -- seed 002, Dumai 2023 -----------------------------------------------------------------------------------------
def test_002_capaian_with_the_region_scale(seeds, pdf):
    d = seeds["dumai"]
    _, rows = titled(d["docx"], "Target dan Realisasi Kinerja")
    expected = ["85,80 %", "117,98 %", "106,95 %", "756,00 %"]      # the seed prints 118 % and 107 %
    for (name, _, _), capaian in zip(DUMAI_PK, expected):
        assert row_of(rows, name)[5:7] == [capaian, "Sangat Berhasil"]
    assert row_of(rows, DUMAI_KEPUASAN)[5] == "109,87 %"             # the seed prints 118,2 %
    _, rows = titled(d["docx"], "Capaian Kinerja per Sasaran Strategis")
    assert row_of(rows, DUMAI_SASARAN)[2:] == ["4", "266,68 %", "Sangat Berhasil"]
    text = _norm(" ".join(p.text for p in __import__("docx").Document(str(d["docx"])).paragraphs))
    # seed 002 Tabel 3.2's scale, its gaps closed
    assert ("Sangat Berhasil: 85 ≤ capaian; Berhasil: 70 ≤ capaian < 85; Cukup Berhasil: 55 ≤ capaian < 70; "
            "Tidak Berhasil: capaian < 55") in text
    in_pdf(pdf["dumai"]["docx"], "266,68 % Sangat Berhasil")
    in_pdf(pdf["dumai"]["xlsx"], "109,87 %")


def test_002_programs_and_hierarchy(seeds, pdf):
    d = seeds["dumai"]
    _, rows = titled(d["docx"], "Program dan Pagu Anggaran")
    assert row_of(rows, "Jumlah")[4] == "Rp 10.070.867.140"            # seed 002 Tabel 2.6 (DPPA)
    _, rows = titled(d["docx"], "Realisasi Anggaran per Program, Kegiatan dan Sub Kegiatan")
    assert row_of(rows, "5.03.02.2.01.03")[2:5] == ["Rp 79.747.000", "Rp 75.884.000", "95,16 %"]
    assert row_of(rows, "5.03.02.2.01.02")[2:5] == ["Rp 409.979.243", "Rp 403.988.150", "98,54 %"]
    _, rows = titled(d["docx"], "Program, Kegiatan dan Sub Kegiatan Pendukung Sasaran")
    assert row_of(rows, "5.03.02.2.01.03")[3:5] == ["121", ""]
    in_pdf(pdf["dumai"]["docx"], "Rp 79.747.000 Rp 75.884.000 95,16 %")
    in_pdf(pdf["dumai"]["xlsx"], "Rp 409.979.243 Rp 403.988.150 98,54 %")


def test_pk_template_tujuan_and_renstra_reach_the_tables(tmp_path):
    """The PK template's Tujuan and Target Akhir Renstra columns, filled with seed 001's figures (the Renstra's
    last year: target akhir 80, IP ASN 78,54): Tujuan in the Perjanjian Kinerja table, the Renstra table built,
    the level-like indicator's latest level taken (noted), never a sum."""
    from xlsx_lkjip.templates import PK_LAYOUT, pk_column, write_template

    src = tmp_path / "in"
    src.mkdir()
    p = write_template("pk", src / "PK BKD Blitar 2021.xlsx", opd=BLITAR, triwulan="IV", tahun="2021")
    wb = load_workbook(p)
    ws = wb[PK_LAYOUT["sheet"]]
    r = PK_LAYOUT["first_data_row"]
    tujuan = "Meningkatnya kualitas aparatur"
    for i, (sasaran, name, unit, target, real) in enumerate([
            ("Meningkatnya Professionalisme Aparatur Sipil Negara", BLITAR_IP, "indeks", 80, (70, 75, 77, "78,54")),
            ("Meningkatnya Kualitas Kinerja Aparatur Sipil Negara", BLITAR_SKP, "%", 50, (20, 40, 60, "97,18"))]):
        values = {"no": i + 1, "sasaran": sasaran, "indikator": name, "satuan": unit, "polaritas": "Positif",
                  "target": target, "target_renstra": target}
        if i == 0:
            values["tujuan"] = tujuan          # written once, for the rows under it
        for key, v in values.items():
            ws[f"{pk_column(key)}{r + i}"] = v
        for q, v in enumerate(real, 1):
            ws[f"{pk_column('realisasi', q)}{r + i}"] = v
    wb.save(p)
    _run(src, tmp_path / "out")
    result = invoke(["laporan", tmp_path / "out"])
    assert result.exit_code == 0, result.output
    path = tmp_path / "out" / "laporan" / f"LKjIP {BLITAR} 2021.docx"
    _, rows = titled(path, "Perjanjian Kinerja")
    assert rows[0] == ["No", "Tujuan", "Indikator Kinerja", "Target", "Satuan", "Target Akhir Renstra"]
    assert row_of(rows, BLITAR_IP)[1:] == [tujuan, BLITAR_IP, "80", "indeks", "80"]
    assert row_of(rows, BLITAR_SKP)[1] == tujuan
    _, rows = titled(path, "Perbandingan Realisasi Kinerja s.d. Akhir Periode Renstra")
    ip = row_of(rows, BLITAR_IP)
    assert ip[3:6] == ["80", "78,54", "98,18 %"] and "indikator tingkat" in ip[1]     # 78,54, not 300,54
    assert row_of(rows, BLITAR_SKP)[3:6] == ["50", "97,18", "194,36 %"]


def test_renstra_progress_of_a_level_indicator_takes_its_latest_level(tmp_path):
    """E.81's 15 = 7 + 13 adds a percentage's levels (100 + 90 + 92 + 95 + 96 = 473 %): the Renstra table takes
    the latest level (96 of a target 100: 96,00 %) and says so; a count keeps column 15 (12 + 5 = 17 of 20)."""
    from tests.mini import e81_row, e81_workbook

    src = tmp_path / "in"
    src.mkdir()
    level = "Persentase ASN yang dilayani tepat waktu"
    count = "Jumlah dokumen kebijakan kepegawaian"
    e81_workbook(src / "Evaluasi Renja BKD Blitar TW IV 2021.xlsx", [
        e81_row(1, "4.01.02", "Program Kepegawaian Daerah", level, t6=(100, None), t7=(100, None),
                t8=(100, 1000000), q=((90, 250000), (92, 250000), (95, 250000), (96, 250000))),
        e81_row(2, "4.01.03", "Program Pengembangan Sumber Daya Manusia", count, t6=(20, None), t7=(12, None),
                t8=(5, 1000000), q=((1, 250000), (1, 250000), (1, 250000), (2, 250000))),
    ], header=[["EVALUASI TERHADAP HASIL RENJA PERANGKAT DAERAH"], [f"Perangkat Daerah : {BLITAR}"],
               ["Periode Pelaksanaan : Triwulan IV Tahun 2021"], []])
    _run(src, tmp_path / "out")
    result = invoke(["laporan", tmp_path / "out"])
    assert result.exit_code == 0, result.output
    _, rows = titled(tmp_path / "out" / "laporan" / f"LKjIP {BLITAR} 2021.docx",
                     "Perbandingan Realisasi Kinerja s.d. Akhir Periode Renstra")
    lv = row_of(rows, "4.01.02")
    assert lv[5:7] == ["96", "96,00 %"] and lv[3].startswith(f"{level} (indikator tingkat")   # not 473 %
    assert row_of(rows, "4.01.03")[5:7] == ["17", "85,00 %"]
