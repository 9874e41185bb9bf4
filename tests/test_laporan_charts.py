"""The charts of `lkjip laporan`: drawn from the table's own figures, natively in the .xlsx (its series on the
hidden "Data Grafik" sheet) and as a Pillow picture in the .docx; the same picture for the same figures; a .docx
written without Pillow says where its chart would be."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal

import docx
import pytest
from openpyxl import load_workbook

from xlsx_lkjip.report import lkjip_charts
from xlsx_lkjip.report.lkjip_docx import write_agency_docx
from xlsx_lkjip.report.lkjip_tables import (GROUP, PERCENT, TEXT, TOTAL, AgencyLaporan, Chart, Column, Row, Table)
from xlsx_lkjip.report.lkjip_xlsx import write_agency_xlsx


def _laporan() -> AgencyLaporan:
    """Seed 001's three indicators (98,18 %, 100,84 %, 194,36 %) under two sasaran, and a total row."""
    cols = [Column("No", TEXT, 0.9), Column("Indikator Kinerja", TEXT, 6.0), Column("Capaian (%)", PERCENT, 2.0)]
    rows = [Row(["Sasaran 1"], GROUP, "Sasaran 1"), Row([1, "Indeks Profesionalitas ASN", Decimal("98.18")]),
            Row(["Sasaran 2"], GROUP, "Sasaran 2"), Row([2, "Persentase mutasi sesuai kompetensi", Decimal("100.84")]),
            Row([3, "Persentase SKP sesuai standar", Decimal("194.36")]),
            Row(["", "Rata-rata", Decimal("131.13")], TOTAL)]
    t = Table("kinerja", "3.1", "Target dan Realisasi Kinerja BKD Tahun 2021", cols, rows,
              chart=Chart("Capaian Kinerja per Indikator Tahun 2021", 1, (2,), reference=100.0))
    return AgencyLaporan("BKD Kota Blitar", "2021", "Tahun 2021", [t])


def test_chart_figures_are_the_tables_data_rows():
    cats, series = lkjip_charts.chart_data(_laporan().tables[0])
    assert cats == ["Indeks Profesionalitas ASN", "Persentase mutasi sesuai kompetensi", "Persentase SKP sesuai standar"]
    assert series == [("Capaian (%)", [Decimal("98.18"), Decimal("100.84"), Decimal("194.36")])]   # no total row


def test_xlsx_chart_is_native_over_the_hidden_data_sheet():
    buf = io.BytesIO()
    write_agency_xlsx(_laporan(), buf)
    wb = load_workbook(io.BytesIO(buf.getvalue()))
    data = wb["Data Grafik"]
    assert data.sheet_state == "hidden"
    assert [[c.value for c in row] for row in data.iter_rows(min_row=3, max_row=5)] == [
        ["Indeks Profesionalitas ASN", 98.18], ["Persentase mutasi sesuai kompetensi", 100.84],
        ["Persentase SKP sesuai standar", 194.36]]
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as zf:
        chart = zf.read("xl/charts/chart1.xml").decode()
    assert "'Data Grafik'!$B$3:$B$5" in chart and "<c:barDir val=\"bar\"/>" in chart


def test_docx_picture_is_the_same_for_the_same_figures():
    pytest.importorskip("PIL")
    png = lkjip_charts.chart_png(_laporan().tables[0])
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and png == lkjip_charts.chart_png(_laporan().tables[0])
    buf = io.BytesIO()
    write_agency_docx(_laporan(), buf)
    doc = docx.Document(io.BytesIO(buf.getvalue()))
    assert len(doc.inline_shapes) == 1


def test_docx_without_pillow_says_where_the_chart_would_be(monkeypatch):
    monkeypatch.setattr(lkjip_charts, "pillow_available", lambda: False)
    buf = io.BytesIO()
    write_agency_docx(_laporan(), buf)
    doc = docx.Document(io.BytesIO(buf.getvalue()))
    assert len(doc.inline_shapes) == 0
    text = " ".join(p.text for p in doc.paragraphs)
    assert "Grafik Capaian Kinerja per Indikator Tahun 2021 tidak disertakan: paket Pillow tidak terpasang" in text
    assert 'pip install "xlsx-lkjip[grafik]"' in text
