"""The bundled PK sample (seed 000, Binjai 2022 Tabel 3.1) and header variants made by tests/pk_builders.py:
every expected capaian per triwulan, tahunan and predikat, and the values seen by LibreOffice."""

import csv
import os
import shutil
import subprocess
from decimal import Decimal as D
from pathlib import Path

import openpyxl
import pytest

from xlsx_lkjip.api import complete_workbook
from tests.pk_builders import BINJAI_LAYOUT, binjai_expected_decimal, build_binjai_pk, build_pk, pk_cell
from tests.zipedit import read_entries

INPUT = Path(__file__).resolve().parents[1] / "input"
SAMPLE = INPUT / "PK BKPSDM Binjai 2022.xlsx"


def test_bundled_sample_is_the_builder_output(tmp_path):
    build_binjai_pk(tmp_path / "x.xlsx")
    assert (tmp_path / "x.xlsx").read_bytes() == SAMPLE.read_bytes()


def test_binjai_expected_figures(tmp_path):
    res = complete_workbook(SAMPLE, tmp_path / "out.xlsx")
    assert res.status != "gagal"
    assert (res.info.triwulan, res.info.tahun) == ("IV", "2022")
    assert res.info.agency == BINJAI_LAYOUT["agency"]
    got = {row.indicator: row for row in res.sheets[0].rows}
    expected = binjai_expected_decimal()
    assert set(got) == set(expected)
    ws = openpyxl.load_workbook(tmp_path / "out.xlsx")[BINJAI_LAYOUT["sheet"]]
    cols = BINJAI_LAYOUT["cols"]
    for name, e in expected.items():
        row = got[name]
        assert row.capaian == e["tw"], name
        assert (row.tahunan, row.predikat) == (e["tahunan"], e["predikat"]), name
        r = BINJAI_LAYOUT["rows"][name]
        written = [ws[f"{c}{r}"].value for c in cols["capaian_tw"]]
        assert written == [None if v is None else float(v) for v in e["tw"]], name
        assert ws[f"{cols['capaian_tahunan']}{r}"].value == float(e["tahunan"])
        assert ws[f"{cols['predikat']}{r}"].value == e["predikat"]
    # the negative indicator: 12 of 21 under (2T-R)/T; the report's 175 % is replaced with a warning
    neg = next(r for r in got.values() if r.negative)
    assert neg.tahunan == D("25.00")
    replaced = [p for p in res.problems if p.code == "value-replaced"]
    assert any("175" in p.message and "25,00" in p.message for p in replaced)
    assert {p.cell[:1] for p in replaced} <= set("KLMNO")


def test_pk_untouched_parts_byte_identical(tmp_path):
    complete_workbook(SAMPLE, tmp_path / "out.xlsx")
    a, b = read_entries(SAMPLE), read_entries(tmp_path / "out.xlsx")
    assert list(a) == list(b)
    assert {n for n in a if a[n] != b[n]} <= {"xl/worksheets/sheet1.xml", "xl/styles.xml"}


ROWS = [
    {"sasaran": "Meningkatnya disiplin", "indikator": "Jumlah pelanggaran disiplin", "satuan": "kasus",
     "polaritas": "Negatif", "sifat": "Kumulatif", "target": 12, "target_tw": [3, 3, 3, 3], "realisasi": [5, 6, 4, 6],
     "pagu": "100.000.000", "realisasi_anggaran": "65.390.000"},
    {"sasaran": "Meningkatnya disiplin", "indikator": "Persentase ASN tepat waktu", "satuan": "%",
     "polaritas": "Positif", "sifat": "Akhir", "target": 80, "target_tw": [80, 80, 80, 80],
     "realisasi": ["20", "40,5", "60", "70,51"], "pagu": 1000, "realisasi_anggaran": 500},
    {"sasaran": "Meningkatnya kompetensi", "indikator": "Jumlah ASN ikut diklat", "satuan": "orang",
     "polaritas": "Positif", "sifat": "Kumulatif", "target": 40, "target_tw": [10, 10, 10, 10],
     "realisasi": [6, 10, "-", None], "pagu": 1000, "realisasi_anggaran": 1000},
]


def expected(target_tw: bool):
    neg = [D("158.33"), D("108.33"), D("75.00"), D("25.00")]
    if target_tw:   # cumulative quarter targets 3, 6, 9, 12 (negative) and 10, 20, 30 (count)
        neg = [D("33.33"), D("16.67"), D("33.33"), D("25.00")]
    pct = [D("25.00"), D("50.63"), D("75.00"), D("88.14")]
    cnt = [D("60.00"), D("80.00"), D("53.33"), None] if target_tw else [D("15.00"), D("40.00"), D("40.00"), None]
    return [neg, pct, cnt]


VARIANTS = [
    dict(header="two-row"), dict(header="one-row"),
    dict(header="one-row", tw_style="Triwulan I"), dict(header="one-row", tw_style="TW 1"),
    dict(header="two-row", tw_style="Tw.I"), dict(header="one-row", tw_style="Trw I"),
    dict(header="two-row", order=["indikator", "realisasi", "target", "no", "satuan", "polaritas", "sasaran"]),
    dict(header="one-row", order=["capaian", "realisasi", "indikator", "target"]),
    dict(header="two-row", target_tw=True), dict(header="one-row", target_tw=True),
    dict(header="two-row", sifat_col=True), dict(header="two-row", sasaran_style="blank"),
    dict(header="two-row", number_row=True, footer=True), dict(header="two-row", engine="openpyxl"),
    dict(header="two-row", capaian_num_format="0.00%"),
]


@pytest.mark.parametrize("opts", VARIANTS, ids=lambda o: ",".join(f"{k}={v}" for k, v in o.items()))
def test_header_variants(tmp_path, opts):
    p = tmp_path / "pk.xlsx"
    lay = build_pk(p, ROWS, **opts)
    res = complete_workbook(p, tmp_path / "out.xlsx")
    assert res.status != "gagal", res.problems
    rows = res.sheets[0].rows
    assert [r.row for r in rows] == lay["rows"]
    for row, exp in zip(rows, expected(opts.get("target_tw", False))):
        assert row.capaian == exp, (row.indicator, opts)
    assert [r.sasaran for r in rows] == [r["sasaran"] for r in ROWS]
    ws = openpyxl.load_workbook(tmp_path / "out.xlsx")[lay["sheet"]]
    percent = opts.get("capaian_num_format") == "0.00%"
    value = ws[pk_cell(lay, "capaian_tw", 0, 3)].value
    assert value == pytest.approx(0.25 if percent else 25.0)
    assert ws[pk_cell(lay, "predikat", 1)].value == "Tinggi"


def test_anggaran_outputs(tmp_path):
    p = tmp_path / "pk.xlsx"
    lay = build_pk(p, ROWS, anggaran=True, anggaran_outputs=("serapan", "efisiensi", "efisiensi_kategori"))
    res = complete_workbook(p, tmp_path / "out.xlsx")
    neg, pct, cnt = res.sheets[0].rows
    assert (neg.serapan, neg.efisiensi, neg.efisiensi_kategori) == (D("65.39"), D("0.38"), "Kurang Efisien")
    assert (pct.serapan, pct.efisiensi, pct.efisiensi_kategori) == (D("50.00"), D("1.76"), "Sangat Efisien")
    ws = openpyxl.load_workbook(tmp_path / "out.xlsx")[lay["sheet"]]
    assert ws[pk_cell(lay, "serapan", 0)].value == 65.39
    assert ws[pk_cell(lay, "efisiensi", 1)].value == 1.76


def test_without_capaian_and_predikat_columns_values_reach_the_rekap_only(tmp_path):
    p = tmp_path / "pk.xlsx"
    build_pk(p, ROWS, capaian_cols=False, predikat_col=False)
    res = complete_workbook(p, tmp_path / "out.xlsx")
    assert res.sheets[0].rows[0].tahunan == D("25.00")
    assert sum(1 for x in res.problems if x.code == "output-column-missing") == 2
    a, b = read_entries(p), read_entries(tmp_path / "out.xlsx")
    assert a == b or {n for n in a if a[n] != b[n]} <= {"xl/worksheets/sheet1.xml"}


def _soffice():
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is required in CI")
        pytest.skip("LibreOffice (soffice) not installed")
    return found


def test_libreoffice_shows_computed_pk_values(tmp_path):
    soffice = _soffice()
    out = tmp_path / "PK.xlsx"
    complete_workbook(SAMPLE, out)
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path / 'lo'}", "--headless", "--convert-to",
                    'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true', "--outdir", str(tmp_path / "csv"),
                    str(out)], check=True, capture_output=True, timeout=180)
    rows = list(csv.reader(open(tmp_path / "csv" / "PK.csv", encoding="utf-8")))
    cols = BINJAI_LAYOUT["index"]
    for name, e in binjai_expected_decimal().items():
        line = rows[BINJAI_LAYOUT["rows"][name] - 1]
        assert line[cols["capaian_tahunan"] - 1] == f"{e['tahunan']:.2f}", name
        assert line[cols["predikat"] - 1] == e["predikat"], name
