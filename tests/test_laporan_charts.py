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


# -- the all-OPD workbook: one bar per agency, from its own tables -------------------------------------------------
def _agency(name: str, capaian=None, predikat="", budget=None) -> AgencyLaporan:
    """An agency with a Capaian Kinerja per Sasaran table (its Rata-rata row) and/or a Realisasi Anggaran per
    Program table (its Jumlah and Sisa rows), labelled as lkjip_extra / lkjip_tables label them."""
    tables = []
    if capaian is not None:
        cols = [Column("No", TEXT), Column("Sasaran Strategis", TEXT), Column("Jumlah Indikator", PERCENT),
                Column("Capaian (%)", PERCENT), Column("Predikat", TEXT)]
        tables.append(Table("sasaran", "3.3", f"Capaian Kinerja per Sasaran Strategis {name}", cols, [
            Row([1, "Sasaran 1", Decimal(2), Decimal("50"), "Sangat Rendah"]),
            Row(["", "Rata-rata capaian kinerja Perangkat Daerah", Decimal(2), capaian, predikat], TOTAL)]))
    if budget is not None:
        pagu, real, pct = budget
        cols = [Column("No", TEXT), Column("Program", TEXT), Column("Pagu Anggaran (Rp)", PERCENT),
                Column("Realisasi Anggaran (Rp)", PERCENT), Column("Persentase (%)", PERCENT)]
        tables.append(Table("anggaran", "3.4", f"Realisasi Anggaran per Program {name}", cols, [
            Row([1, "Program A", pagu, real, pct]), Row(["", "Jumlah", pagu, real, pct], TOTAL),
            Row(["", "Sisa anggaran (pagu − realisasi)", pagu - real, None, 100 - pct], TOTAL)]))
    return AgencyLaporan(name, "2021", "Tahun 2021", tables)


def _block(ws, header: str) -> tuple[int, int, list]:
    """(first, last) data row (1-based) of the small table whose header row holds `header`, and its rows."""
    rows = list(ws.iter_rows(values_only=True))
    head = next(i for i, r in enumerate(rows) if header in r)
    last = head
    while last + 1 < len(rows) and rows[last + 1][0] and not str(rows[last + 1][0]).startswith("Sumber"):
        last += 1
    return head + 2, last + 1, rows[head + 1:last + 1]


def test_all_opd_workbook_charts_each_agency_from_its_tables():
    from xlsx_lkjip.report.lkjip_xlsx import write_all_xlsx

    laporan = [_agency("BKD Kota Blitar", Decimal("98.18"), "Sangat Tinggi",
                       (Decimal(6628138400), Decimal(5680000000), Decimal("85.70"))),
               _agency("Dinas Kominfo", budget=(Decimal(1000), Decimal(250), Decimal("25.00"))),
               _agency("Inspektorat", Decimal("72.40"), "Sedang")]
    buf = io.BytesIO()
    write_all_xlsx(laporan, buf, "2021")
    wb = load_workbook(io.BytesIO(buf.getvalue()))
    assert wb.sheetnames[:2] == ["Daftar OPD", "Grafik OPD"]
    ws = wb["Grafik OPD"]
    c_first, c_last, capaian = _block(ws, "Capaian Kinerja (%)")
    assert [r[:4] for r in capaian] == [("BKD Kota Blitar", "Tahun 2021", 98.18, "Sangat Tinggi"),
                                        ("Inspektorat", "Tahun 2021", 72.4, "Sedang")]   # no PK: not here
    s_first, s_last, serapan = _block(ws, "Serapan (%)")
    assert [r[:5] for r in serapan] == [("BKD Kota Blitar", "Tahun 2021", 6628138400, 5680000000, 85.7),
                                        ("Dinas Kominfo", "Tahun 2021", 1000, 250, 25)]
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as zf:
        charts = [zf.read(n).decode() for n in sorted(zf.namelist()) if n.startswith("xl/charts/chart")]
        drawing_rels = [zf.read(n).decode() for n in zf.namelist() if n.startswith("xl/drawings/_rels/")]
    assert len(charts) == 2 and sum(r.count("chart") for r in drawing_rels) >= 2
    cap_chart = next(c for c in charts if "Capaian Kinerja per Perangkat Daerah 2021" in c)
    assert f"'Grafik OPD'!$A${c_first}:$A${c_last}" in cap_chart
    assert f"'Grafik OPD'!$C${c_first}:$C${c_last}" in cap_chart
    assert "98,18 % (Sangat Tinggi)" in cap_chart and "72,40 % (Sedang)" in cap_chart
    ser_chart = next(c for c in charts if "Serapan Anggaran per Perangkat Daerah 2021" in c)
    assert f"'Grafik OPD'!$A${s_first}:$A${s_last}" in ser_chart
    assert f"'Grafik OPD'!$E${s_first}:$E${s_last}" in ser_chart and "<c:barDir val=\"bar\"/>" in ser_chart


def test_all_opd_workbook_without_such_tables_has_no_chart_sheet():
    from xlsx_lkjip.report.lkjip_xlsx import write_all_xlsx

    buf = io.BytesIO()
    write_all_xlsx([AgencyLaporan("Dinas X", "2021", "Tahun 2021", _laporan().tables)], buf, "2021")
    assert "Grafik OPD" not in load_workbook(io.BytesIO(buf.getvalue())).sheetnames
