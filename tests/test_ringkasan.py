"""The "Ringkasan" sheet: every figure checked against the per-row sheets of the same recap; its charts are
native xlsxwriter charts; LibreOffice renders the recap to PDF with the charts' pages."""

import os
import re
import shutil
import subprocess
import zipfile
from collections import Counter
from pathlib import Path
from statistics import mean

import openpyxl
import pytest
from click.testing import CliRunner

from xlsx_lkjip.cli import main

INPUT = Path(__file__).resolve().parents[1] / "input"


@pytest.fixture(scope="module")
def rekap(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("ringkasan")
    shutil.copytree(INPUT, tmp / "in")
    (tmp / "in" / "rusak.xlsx").write_bytes(b"bukan workbook")
    res = CliRunner().invoke(main, ["run", str(tmp / "in"), "-o", str(tmp / "out")])
    assert res.exit_code == 1, res.output
    return tmp / "out" / "rekap.xlsx"


def rows(ws):
    data = list(ws.iter_rows(values_only=True))
    head = data[0]
    return [dict(zip(head, r)) for r in data[1:]]


def block(ws, title_col0: str):
    """The rows of the table whose header cell in column A reads `title_col0`, until a blank row."""
    data = list(ws.iter_rows(values_only=True))
    start = next(i for i, r in enumerate(data) if r[0] == title_col0)
    out = []
    for r in data[start + 1:]:
        if r[0] is None:
            break
        out.append(r)
    return out


def test_summary_figures(rekap):
    wb = openpyxl.load_workbook(rekap)
    assert wb.sheetnames[0] == "Ringkasan"
    ws = wb["Ringkasan"]
    summary = dict((r[0], r[1]) for r in block(ws, "Ringkasan"))
    opd = rows(wb["Rekap OPD"])
    assert summary["Jumlah workbook"] == len(opd) == 5
    assert summary["Jumlah perangkat daerah (OPD)"] == len({r["Perangkat Daerah"] for r in opd})
    statuses = Counter(r["Status"] for r in opd)
    assert summary["Selesai"] == statuses["selesai"]
    assert summary["Selesai dengan peringatan"] == statuses["dengan peringatan"]
    assert summary["Gagal"] == statuses["gagal"] == 1
    # rounds in time order
    assert ws["A2"].value == "Putaran: Triwulan IV Tahun 2022; Triwulan IV Tahun 2023; Triwulan I Tahun 2024"


def test_region_average_per_form_and_round(rekap):
    """The bundled samples hold PK 2022, Renja (RKPD) 2023 and two Renja of TW I 2024: four figures, never PK
    and Renja, or two years, in one mean."""
    wb = openpyxl.load_workbook(rekap)
    region = [r[:4] for r in block(wb["Ringkasan"], "Formulir, putaran")]
    opd = rows(wb["Rekap OPD"])

    def expected(form, tw, year):
        values = [r["Rata-rata capaian K (%)"] for r in opd if r["Formulir"] == form and r["Triwulan"] == tw
                  and r["Tahun"] == year and r["Rata-rata capaian K (%)"] is not None]
        return pytest.approx(round(mean(values), 2), abs=0.006), len(values)

    assert [r[0] for r in region] == ["Perjanjian Kinerja, Triwulan IV Tahun 2022",
                                      "Evaluasi Renja, Triwulan IV Tahun 2023", "Evaluasi Renja, Triwulan I Tahun 2024"]
    for (label, avg, predikat, n), (form, tw, year) in zip(region, [("PK", "IV", 2022), ("Renja", "IV", 2023),
                                                                     ("Renja", "I", 2024)]):
        assert (avg, n) == expected(form, tw, year), label
    # the two TW I 2024 Renja workbooks: (19,13 + 15,44) / 2 = 17,285 -> 17,29 half-up, Sangat Rendah
    assert region[2][1:] == (17.29, "Sangat Rendah", 2)
    assert region[0][1:] == (104.76, "Sangat Tinggi", 1)


def test_predikat_counts_match_the_indicator_sheets(rekap):
    wb = openpyxl.load_workbook(rekap)
    counts = {r[0]: r[1] for r in block(wb["Ringkasan"], "Predikat")}
    expected = Counter(r["Predikat"] for r in rows(wb["Indikator"]) + rows(wb["Indikator PK"]) if r["Predikat"])
    assert {k: v for k, v in counts.items() if v} == dict(expected)
    assert list(counts) == ["Sangat Tinggi", "Tinggi", "Sedang", "Rendah", "Sangat Rendah"]


def test_agency_ranking_per_form(rekap):
    wb = openpyxl.load_workbook(rekap)
    data = list(wb["Ringkasan"].iter_rows(values_only=True))
    titles = [r[0] for r in data if r[0] and str(r[0]).startswith("Peringkat OPD")]
    assert titles == ["Peringkat OPD: Evaluasi Renja (rata-rata capaian K)",
                      "Peringkat OPD: Perjanjian Kinerja (rata-rata capaian tahunan)"]
    starts = [i for i, r in enumerate(data) if r[0] == "Perangkat Daerah"]
    for form, start in zip(("Renja", "PK"), starts):
        ranked = []
        for r in data[start + 1:]:
            if r[0] is None:
                break
            ranked.append(r)
        opd = {r["Perangkat Daerah"]: r["Rata-rata capaian K (%)"] for r in rows(wb["Rekap OPD"])
               if r["Rata-rata capaian K (%)"] is not None and r["Formulir"] == form}
        assert [r[0] for r in ranked] == sorted(opd, key=lambda a: -opd[a]), form
        assert [r[1] for r in ranked] == sorted(opd.values(), reverse=True), form
        assert [r[3] for r in ranked] == list(range(1, len(opd) + 1)), form


def test_pk_capaian_by_quarter(rekap):
    wb = openpyxl.load_workbook(rekap)
    quarters = block(wb["Ringkasan"], "Triwulan")
    pk = rows(wb["Indikator PK"])
    for k, (label, avg, n) in enumerate(r[:3] for r in quarters[:4]):
        values = [r[f"Capaian TW {('I', 'II', 'III', 'IV')[k]} (%)"] for r in pk
                  if r[f"Capaian TW {('I', 'II', 'III', 'IV')[k]} (%)"] is not None and r["Akumulasi"] != "tidak berlaku"]
        assert label == f"TW {('I', 'II', 'III', 'IV')[k]}" and n == len(values)
        assert avg == pytest.approx(round(mean(values), 2), abs=0.006)


def test_native_charts(rekap):
    with zipfile.ZipFile(rekap) as zf:
        charts = [n for n in zf.namelist() if re.match(r"xl/charts/chart\d+\.xml", n)]
        assert len(charts) == 4     # predikat, a ranking per form (Renja, PK), PK per quarter
        assert all(b"<c:chart>" in zf.read(n) or b"<c:chart" in zf.read(n) for n in charts)
        assert not [n for n in zf.namelist() if n.startswith("xl/media/")]   # charts, not pictures


def test_libreoffice_renders_the_recap_with_its_charts(rekap, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    pdftotext = shutil.which("pdftotext")
    if not (soffice and pdftotext):
        if os.environ.get("CI"):
            pytest.fail("LibreOffice and poppler-utils are required in CI")
        pytest.skip("LibreOffice or pdftotext not installed")
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path / 'lo'}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(rekap)], check=True, capture_output=True, timeout=180)
    text = subprocess.run([pdftotext, "-f", "1", "-l", "2", str(tmp_path / "rekap.pdf"), "-"], check=True,
                          capture_output=True, text=True).stdout
    for title in ("Sebaran predikat indikator", "Rata-rata capaian per OPD (Renja)",
                  "Rata-rata capaian per OPD (PK)", "Capaian PK per triwulan"):
        assert title in text, title


def test_pk_quarters_after_the_round_are_not_capaian(tmp_path):
    """A TW I PK report with 0 typed in TW II-IV: the per-quarter table counts its indicator in TW I only (the
    zeros are not a TW IV capaian of 0 % pulling the region's TW IV bar down)."""
    from tests.test_pk import pk_file
    src = tmp_path / "in"
    src.mkdir()
    pk_file(src, [[1, "S", "Persentase ASN berkinerja baik", "%", None, 80, 60, 0, 0, 0]],
            title="Perjanjian Kinerja Triwulan I Tahun 2024", name="PK TW I.xlsx")
    res = CliRunner().invoke(main, ["run", str(src), "-o", str(tmp_path / "out")])
    assert res.exit_code == 0, res.output
    wb = openpyxl.load_workbook(tmp_path / "out" / "rekap.xlsx")
    quarters = [r[:3] for r in block(wb["Ringkasan"], "Triwulan")[:4]]
    assert quarters == [("TW I", 75, 1), ("TW II", None, 0), ("TW III", None, 0), ("TW IV", None, 0)]
    assert rows(wb["Indikator PK"])[0]["Capaian Tahunan (%)"] == 75
