"""The readers of workbooks that are not .xlsx (io/xls_sheet, io/ods_sheet, io/html_sheet), what sniffing says a
file is, and the .xlsx written for them (io/grid_xlsx): each on files made here, byte by byte (tests/xls_bytes.py)
or as LibreOffice writes them (tests/foreign_files.py), no LibreOffice needed."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.foreign_files import ods_cell, ods_content, write_ods
from tests.xls_bytes import XF_DATE, XF_PERCENT, XF_THOUSANDS, Err, Formula, XlsSheet, ole_file, xls_workbook
from xlsx_lkjip.io import sniff as kinds
from xlsx_lkjip.io.cell_writer import Edit
from xlsx_lkjip.io.foreign import Book, Builder, Sheet, decimal_from_double, sheet_names
from xlsx_lkjip.io.grid_xlsx import ExtraSheet, write_book
from xlsx_lkjip.io.html_sheet import read_html
from xlsx_lkjip.io.ods_sheet import read_ods
from xlsx_lkjip.io.package import PackageError
from xlsx_lkjip.io.xls_sheet import read_xls


@pytest.mark.parametrize("x, want", [
    (99.99999999999999, Decimal("100")),           # a sum of cached values, as Excel shows it
    (0.1 + 0.2, Decimal("0.3")),
    (1905955200.0, Decimal("1905955200")),
    (7, Decimal(7)),
    (0.005555555555555555, Decimal("0.00555555555555556")),
    (144.3773738238765, Decimal("144.377373823877")),   # what LibreOffice writes into the .ods
    (-0.0, Decimal(0)),
    (1e20, Decimal("1E+20")),
    (float("nan"), None), (float("inf"), None), (1.7976931348623157e308, None),
])
def test_numbers_are_read_to_15_significant_digits(x, want):
    got = decimal_from_double(x)
    assert got == want and (want is None or str(got) == str(want))


# -- sniffing ---------------------------------------------------------------------------------------------

def _xlsx(path: Path) -> Path:
    from openpyxl import Workbook
    wb = Workbook()
    wb.active["A1"] = 1
    wb.save(path)
    return path


@pytest.mark.parametrize("make, kind", [
    (lambda p: _xlsx(p), kinds.XLSX),
    (lambda p: write_ods(p, ods_content("")), kinds.ODS),
    (lambda p: p.write_bytes(xls_workbook([XlsSheet("A", {(0, 0): 1})])), kinds.XLS),
    (lambda p: p.write_bytes(ole_file({"EncryptionInfo": b"\x00" * 4096, "EncryptedPackage": b"\x01" * 4096})),
     kinds.ENCRYPTED),
    (lambda p: p.write_bytes(ole_file({"WordDocument": b"\x00" * 4096})), kinds.UNKNOWN),
    (lambda p: p.write_text("<table><tr><td>1</td></tr></table>"), kinds.HTML),
    (lambda p: p.write_text("<br />\n<b>Notice</b>: Undefined index: tahun in x.php<br />\n<style>td{}</style>"
                            "<TABLE border=1><TR><TD>1</TD></TR></TABLE>"), kinds.HTML),
    (lambda p: p.write_bytes("\ufeff<!DOCTYPE html><html><body><table>".encode("utf-16")), kinds.HTML),
    (lambda p: p.write_text('<?xml version="1.0"?><?mso-application progid="Excel.Sheet"?><Workbook '
                            'xmlns="urn:schemas-microsoft-com:office:spreadsheet"/>'), kinds.SPREADSHEETML),
    (lambda p: p.write_bytes(b""), kinds.EMPTY),
    (lambda p: p.write_bytes(bytes(range(256)) * 10), kinds.UNKNOWN),
    (lambda p: p.write_text("No;Program\n1;Pelayanan\n"), kinds.UNKNOWN),
])
def test_sniff_says_what_a_file_is_whatever_its_name(tmp_path, make, kind):
    path = tmp_path / "berkas.xls"
    make(path)
    assert kinds.sniff(path) == kind


def test_an_ods_whose_mimetype_is_not_first_is_read_as_ods(tmp_path):
    """Sniffing opens no zip (the .xlsx hot path); the .xlsx reader refuses it, then it is read as .ods."""
    from xlsx_lkjip.api import complete_workbook

    path = tmp_path / "a.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("content.xml", ods_content('<table:table table:name="a"><table:table-row>' + ods_cell(1)
                                              + "</table:table-row></table:table>"))
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
    assert kinds.sniff(path) == kinds.XLSX and kinds.zip_is_ods(path)
    result = complete_workbook(path)
    assert [p.code for p in result.problems] == ["converted-direct", "no-form"]
    assert "OpenDocument (.ods)" in result.problems[0].message


# -- .xls -------------------------------------------------------------------------------------------------

def test_xls_values_formats_formulas_errors_merges_and_hidden_things(tmp_path):
    form = XlsSheet("Formulir", {
        (2, 2): "Target", (2, 3): "K", (3, 2): 1, (3, 3): 99.99999999999999, (3, 4): Formula(2.0),
        (3, 5): Err("#DIV/0!"), (3, 6): True, (3, 7): 0.7051, (3, 8): 1905955200, (3, 9): 45382,
        (4, 2): "1.905.955.200", (5, 2): "ü Ṁ teks", (6, 4): 3.5,
    }, merges=[(2, 2, 2, 3), (5, 2, 6, 3), (5, 2, 5, 2)], styles={(3, 7): XF_PERCENT, (3, 8): XF_THOUSANDS,
                                                                   (3, 9): XF_DATE},
        hidden_rows={4}, widths={2: 30.5})
    hidden = XlsSheet("Sembunyi", {(0, 0): 5}, hidden=True)
    path = tmp_path / "a.xls"
    path.write_bytes(xls_workbook([form, hidden]))
    book = read_xls(path)
    (s1, s2) = book.sheets
    assert (s1.name, s1.state, s2.name, s2.state) == ("Formulir", "visible", "Sembunyi", "hidden")
    g, f = s1.grid, book.formats
    assert g.cells[(3, 3)] == ("Target", "s", False, 0)       # C3: the column is absolute, not shifted left
    assert g.cells[(4, 3)][:3] == (Decimal(1), "n", False)
    assert g.cells[(4, 4)][:2] == (Decimal(100), "n")          # 99.99999999999999 as Excel shows it
    assert g.cells[(4, 5)][:3] == (Decimal(2), "n", True)      # a formula's cached value, flagged
    assert g.cells[(4, 6)][:2] == ("#DIV/0!", "e")             # calamine says ""; the BIFF scan finds it
    assert g.cells[(4, 7)][:2] == (True, "b")
    value, kind, _, style = g.cells[(4, 8)]
    assert (value, kind, f.is_percent(style)) == (Decimal("0.7051"), "n", True)
    assert f.code(g.cells[(4, 9)][3]) == "#,##0"
    assert g.cells[(4, 10)][:2] == ("2024-03-31", "d")         # a date: never a figure
    assert g.cells[(5, 3)][0] == "1.905.955.200"               # text stays text, for the number parser
    assert g.value(6, 3) == "ü Ṁ teks"
    assert g.merges == [(3, 3, 3, 4), (6, 3, 7, 4)]            # the single-cell "merge" is dropped
    assert g.hidden_rows == {5}
    assert s1.col_widths == {3: 30.5}
    assert s2.grid.cells[(1, 1)][:2] == (Decimal(5), "n")


def test_xls_sheet_name_and_form_of_a_big_workbook_read_quickly(tmp_path):
    """500 rows x 20 columns: read in well under a second (the dense extent is 10,000 cells)."""
    import time
    cells = {(r, c): (r * 20 + c) * 1.5 if c % 2 else f"teks {r} {c}" for r in range(500) for c in range(20)}
    path = tmp_path / "besar.xls"
    path.write_bytes(xls_workbook([XlsSheet("Data", cells)]))
    started = time.perf_counter()
    book = read_xls(path)
    assert time.perf_counter() - started < 2
    assert len(book.sheets[0].grid.cells) == 10_000


# -- .ods -------------------------------------------------------------------------------------------------

ODS_STYLES = ('<number:percentage-style style:name="N11"><number:number number:decimal-places="2" '
              'number:min-integer-digits="1"/><number:text>%</number:text></number:percentage-style>'
              '<number:number-style style:name="N3"><number:number number:decimal-places="0" number:grouping="true"/>'
              '</number:number-style>'
              '<style:style style:name="ce1" style:family="table-cell" style:data-style-name="N11"/>'
              '<style:style style:name="ce2" style:family="table-cell" style:data-style-name="N3"/>'
              '<style:style style:name="co1" style:family="table-column"><style:table-column-properties '
              'style:column-width="2.54cm"/></style:style>'
              '<style:style style:name="ro1" style:family="table-row"><style:table-row-properties '
              'style:row-height="1.27cm" style:use-optimal-row-height="false"/></style:style>'
              '<style:style style:name="ta2" style:family="table"><style:table-properties table:display="false"/>'
              '</style:style>')


def test_ods_values_merges_formats_and_hidden_things(tmp_path):
    table = (
        '<table:table table:name="Form"><table:table-column table:style-name="co1"/>'
        '<table:table-column table:number-columns-repeated="3" table:visibility="collapse"/>'
        '<table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="16384"/>'
        '</table:table-row>'
        '<table:table-header-rows><table:table-row table:style-name="ro1">'
        '<table:table-cell table:number-columns-spanned="2" table:number-rows-spanned="2" office:value-type="string">'
        '<text:p>Target<text:s text:c="2"/>K</text:p><text:p>baris 2</text:p></table:table-cell>'
        '<table:covered-table-cell/>'
        + ods_cell(0.7051, vtype="percentage", style="ce1", text="70,51%")
        + ods_cell(99.99999999999999)
        + '<table:table-cell office:value-type="boolean" office:boolean-value="true"/>'
        '<table:table-cell office:value-type="date" office:date-value="2024-03-31"/>'
        '<table:table-cell table:formula="of:=1/0" office:value-type="string" office:string-value="" '
        'calcext:value-type="error"><text:p>#DIV/0!</text:p></table:table-cell>'
        + ods_cell(1905955200, style="ce2") +
        '</table:table-row></table:table-header-rows>'
        '<table:table-row table:visibility="collapse"><table:covered-table-cell table:number-columns-repeated="2"/>'
        '<table:table-cell office:value-type="string"><text:p>1.905.955.200</text:p><office:annotation>'
        '<text:p>catatan</text:p></office:annotation></table:table-cell>'
        '<table:table-cell><table:table table:name="dalam"><table:table-row><table:table-cell office:value-type='
        '"float" office:value="9"/></table:table-row></table:table></table:table-cell></table:table-row>'
        '<table:table-row table:number-rows-repeated="1048570" table:visibility="collapse">'
        '<table:table-cell table:number-columns-repeated="16384"/></table:table-row>'
        '</table:table>'
        '<table:table table:name="Sembunyi" table:style-name="ta2"><table:table-row>'
        + ods_cell(1) + '</table:table-row></table:table>')
    path = write_ods(tmp_path / "form.ods", ods_content(table, ODS_STYLES))
    book = read_ods(path)
    (s1, s2) = book.sheets
    assert (s1.name, s1.state, s2.name, s2.state) == ("Form", "visible", "Sembunyi", "hidden")
    g, f = s1.grid, book.formats
    assert g.cells[(3, 1)] == ("Target  K\nbaris 2", "s", False, 0)
    value, kind, _, style = g.cells[(3, 3)]
    assert (value, kind, f.is_percent(style), f.code(style)) == (Decimal("0.7051"), "n", True, "0.00%")
    assert g.cells[(3, 4)][:2] == (Decimal(100), "n")
    assert g.cells[(3, 5)][:2] == (True, "b")
    assert g.cells[(3, 6)][:2] == ("2024-03-31", "d")
    assert g.cells[(3, 7)][:3] == ("#DIV/0!", "e", True)
    assert f.code(g.cells[(3, 8)][3]) == "#,##0"
    assert g.cells[(4, 3)] == ("1.905.955.200", "s", False, 0)     # the comment is not the cell's text
    assert (4, 4) not in g.cells                                     # a table inside a cell is not this sheet's
    assert g.merges == [(3, 1, 4, 2)]
    assert g.hidden_rows == {4}              # the million repeated hidden rows below the data are not kept
    assert (g.max_row, g.max_col) == (4, 8)
    assert s1.col_widths == {1: pytest.approx((96 - 5) / 7)}
    assert s1.hidden_cols == frozenset({2, 3, 4})
    assert s1.row_heights == {3: pytest.approx(36.0)}
    assert s2.grid.cells[(1, 1)][:2] == (Decimal(1), "n")


def test_ods_encrypted_is_said_to_be(tmp_path):
    manifest = ('<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:'
                'manifest:1.0"><manifest:file-entry manifest:full-path="content.xml"><manifest:encryption-data/>'
                '</manifest:file-entry></manifest:manifest>')
    path = tmp_path / "rahasia.ods"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", b"\x8b\x13binary")
        z.writestr("META-INF/manifest.xml", manifest)
    with pytest.raises(PackageError) as e:
        read_ods(path)
    assert e.value.code == "encrypted" and "kata sandi" in e.value.message


# -- HTML "xls" -----------------------------------------------------------------------------------------

def test_html_page_is_laid_out_as_excel_shows_it(tmp_path):
    page = ("<br />\n<b>Notice</b>: Undefined variable\n"
            "<h3>EVALUASI TERHADAP HASIL RENJA</h3><p>Perangkat Daerah : Dinas Kominfo</p>Periode : Triwulan I<br>"
            "<table border=1><thead><tr><th rowspan=2>No</th><th colspan=2>Target</th><th>X</th></tr>"
            "<tr><th>K</th><th>Rp</th><td style='mso-ignore:colspan' colspan=3>meluber</td></tr></thead>"
            "<tbody><tr><td>1</td><td>15&nbsp;Laporan</td><td> 1.905.955.200 </td></tr>"
            "<tr style='display:none'><td>x<br>y</td></tr></tbody></table>"
            "<p>Lubuk Pakam, Desember 2025</p><table><tr><td>KEPALA</td></tr></table>")
    path = tmp_path / "export.xls"
    path.write_text(page, encoding="utf-8")
    [sheet] = read_html(path, "export").sheets
    g = sheet.grid
    assert sheet.name == "export"
    assert [g.value(r, 1) for r in range(1, 6)] == ["Notice: Undefined variable", "EVALUASI TERHADAP HASIL RENJA",
                                                    "Perangkat Daerah : Dinas Kominfo", "Periode : Triwulan I", "No"]
    assert g.merges == [(5, 1, 6, 1), (5, 2, 5, 3)]
    assert (g.value(6, 2), g.value(6, 3), g.value(6, 4)) == ("K", "Rp", "meluber")
    assert g.cells[(7, 2)] == ("15 Laporan", "s", False, 0)
    assert g.cells[(7, 3)] == ("1.905.955.200", "s", False, 0)
    assert g.value(8, 1) == "x\ny" and g.hidden_rows == {8}
    assert (g.value(9, 1), g.value(10, 1)) == ("Lubuk Pakam, Desember 2025", "KEPALA")


def test_html_encodings(tmp_path):
    path = tmp_path / "a.xls"
    path.write_bytes("<table><tr><td>Pelayanan – Kesehatan “ibu”</td></tr></table>".encode("cp1252"))
    assert read_html(path).sheets[0].grid.value(1, 1) == "Pelayanan – Kesehatan “ibu”"
    path.write_bytes('<meta charset="iso-8859-1"><table><tr><td>caf\xe9</td></tr></table>'.encode("latin-1"))
    assert read_html(path).sheets[0].grid.value(1, 1) == "café"


def test_html_without_a_table_is_not_a_workbook(tmp_path):
    path = tmp_path / "a.xls"
    path.write_text("<html><body><p>Sesi habis, silakan login</p><table")
    with pytest.raises(PackageError) as e:
        read_html(path)
    assert e.value.code == "not-a-workbook" and "tanpa tabel" in e.value.message


# -- the .xlsx written for them ---------------------------------------------------------------------------

def test_written_workbook_applies_the_edits_as_the_xlsx_writer_stores_them(tmp_path):
    b = Builder([100])
    book = Book("xls")
    pct = book.formats.add("0%")
    money = book.formats.add("#,##0")
    b.put(1, 1, "Capaian", "s")
    b.put(2, 1, Decimal("0.6"), "n", False, pct)          # a capaian cell formatted as percent
    b.put(2, 2, Decimal("60"), "n")                       # one in percent points
    b.put(2, 3, Decimal("1905955200"), "n", True, money)  # a formula's cached value
    b.put(2, 4, "lama", "s")
    b.put(3, 1, "Baris\nkedua", "s")
    b.merges = [(1, 1, 1, 3), (1, 2, 1, 4)]              # overlapping: the second is dropped
    grid = b.grid()
    edits = [Edit(2, 1, "percent", Decimal("50.00")), Edit(2, 2, "percent", Decimal("50.00")),
             Edit(2, 3, "number", Decimal("2000000000")), Edit(2, 4, "clear"), Edit(2, 5, "percent",
                                                                                    Decimal("12.5"), money)]
    book.sheets = [Sheet("Tersembunyi", Builder([10]).grid(), "hidden"), Sheet("Form", grid, "visible", {1: 40})]
    buf = io.BytesIO()
    write_book(book, {"Form": edits}, buf, [ExtraSheet("Ringkasan lkjip", [["a", 1.5]], {1: 60},
                                                       [(1, 1, "Form", "B2")])])
    wb = load_workbook(io.BytesIO(buf.getvalue()))
    assert wb.sheetnames == ["Tersembunyi", "Form", "Ringkasan lkjip"]
    assert wb["Tersembunyi"].sheet_state == "hidden" and wb.active.title == "Form"
    ws = wb["Form"]
    assert (ws["A2"].value, ws["A2"].number_format) == (0.5, "0.00%")   # 50,00 % in a percent cell
    assert (ws["B2"].value, ws["B2"].number_format) == (50, "0.00")
    assert (ws["C2"].value, ws["C2"].number_format) == (2000000000, "#,##0")
    assert ws["C2"].data_type == "n" and ws["D2"].value is None
    assert (ws["E2"].value, ws["E2"].number_format) == (12.5, "0.00")   # a new cell styled from its neighbour
    assert [str(m) for m in ws.merged_cells.ranges] == ["A1:C1"]
    assert ws["A1"].alignment.horizontal == "center" and ws["A3"].alignment.wrap_text
    assert ws.column_dimensions["A"].width == pytest.approx(40, abs=0.8)
    assert wb["Ringkasan lkjip"]["A1"].hyperlink.location == "'Form'!B2"
    again = io.BytesIO()
    write_book(book, {"Form": edits}, again, [ExtraSheet("Ringkasan lkjip", [["a", 1.5]], {1: 60},
                                                         [(1, 1, "Form", "B2")])])
    assert again.getvalue() == buf.getvalue()             # deterministic


def test_sheet_names_are_made_valid_for_excel():
    assert sheet_names(["Renja: TW I/II", "a" * 40, "Data", "DATA", "'kutip'", ""]) == [
        "Renja_ TW I_II", "a" * 31, "Data", "DATA (2)", "kutip", "Sheet6"]
