"""Writing the completed workbook: only computed cells change, formulas go, styles and every other part stay."""

import re
import zipfile
from decimal import Decimal as D

import openpyxl
import pytest

from xlsx_lkjip.api import complete_workbook
from tests.mini import E81_SIDES, e81_numbered, e81_row, write_rows
from tests.zipedit import read_entries, rewrite

ROW = dict(t8=("121 dokumen", "79.747.000"), q=((26, "8.367.000"), (30, "8.780.000"), (32, "-"), (43, "58.737.000")))


def form_rows():
    return [e81_numbered(), E81_SIDES, e81_row(1, "5", "a", "b", **ROW),
            e81_row(2, "5", "c", "d", t8=(4, 100), q=((1, 50),) + ((None, None),) * 3),
            [None, None, "5.03", "HEADING"],
            ["Rata-rata capaian kinerja (%)"], ["Predikat kinerja"]]


def test_formulas_replaced_by_values_and_calc_chain_pruned(tmp_path):
    p = tmp_path / "f.xlsx"
    rows = form_rows()
    rows[2][19] = "=SUM(L3,N3,P3,R3)"    # the agency's own formula in 13 K
    rows[2][21] = "=T3/J3*100"           # and in 14 K
    rows.append([None] * 27 + ["=1+1"])   # a formula outside the form: must stay, with its chain entry
    write_rows(p, rows)
    chain = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<calcChain xmlns="http://schemas.openxmlformats'
             b'.org/spreadsheetml/2006/main"><c r="T3" i="1"/><c r="V3"/><c r="AB8"/></calcChain>')
    e = read_entries(p)
    rels = e["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>", b'<Relationship Id="rIdCC" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/calcChain" Target="calcChain.xml"/></Relationships>')
    ct = e["[Content_Types].xml"].replace(
        b"</Types>", b'<Override PartName="/xl/calcChain.xml" ContentType="application/vnd.openxmlformats-officedocument'
        b'.spreadsheetml.calcChain+xml"/></Types>')
    rewrite(p, {"xl/calcChain.xml": chain, "xl/_rels/workbook.xml.rels": rels, "[Content_Types].xml": ct})
    out = tmp_path / "out.xlsx"
    res = complete_workbook(p, out)
    assert res.status != "gagal", res.problems
    oe = read_entries(out)
    assert b'r="T3"' not in oe["xl/calcChain.xml"] and b'r="V3"' not in oe["xl/calcChain.xml"]
    assert re.search(rb'<c r="AB8" i="1"\s*/>', oe["xl/calcChain.xml"])
    sheet = oe["xl/worksheets/sheet1.xml"].decode()
    assert re.search(r'<c r="T3"[^>]*><v>131</v></c>', sheet)
    assert re.search(r'<c r="V3"[^>]*><v>108.26</v></c>', sheet)
    assert "1+1" in sheet   # the formula outside the form stays
    # a formula whose cached value the agency never had is not mistaken for a typed figure
    assert not [p for p in res.problems if p.code == "value-replaced" and p.cell in ("T3", "V3")]


def test_empty_calc_chain_is_dropped_with_its_relationship(tmp_path):
    p = tmp_path / "f.xlsx"
    rows = form_rows()
    rows[2][21] = "=T3/J3*100"
    write_rows(p, rows)
    e = read_entries(p)
    rewrite(p, {
        "xl/calcChain.xml": b'<calcChain xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                            b'<c r="V3" i="1"/></calcChain>',
        "xl/_rels/workbook.xml.rels": e["xl/_rels/workbook.xml.rels"].replace(
            b"</Relationships>", b'<Relationship Id="rIdCC" Type="http://schemas.openxmlformats.org/officeDocument/'
            b'2006/relationships/calcChain" Target="calcChain.xml"/></Relationships>'),
        "[Content_Types].xml": e["[Content_Types].xml"].replace(
            b"</Types>", b'<Override PartName="/xl/calcChain.xml" ContentType="application/vnd.openxmlformats-'
            b'officedocument.spreadsheetml.calcChain+xml"/></Types>')})
    out = tmp_path / "out.xlsx"
    complete_workbook(p, out)
    oe = read_entries(out)
    assert "xl/calcChain.xml" not in oe
    assert b"calcChain" not in oe["xl/_rels/workbook.xml.rels"] and b"calcChain" not in oe["[Content_Types].xml"]
    openpyxl.load_workbook(out)  # still a valid package


def test_shared_formula_master_removed_dependent_promoted(tmp_path):
    p = tmp_path / "s.xlsx"
    rows = form_rows()
    write_rows(p, rows)
    e = read_entries(p)
    sheet = e["xl/worksheets/sheet1.xml"].decode()
    # AC3 is the master of a shared formula over AC3:AC7; only the master is overwritten below
    def put(ref, f):
        nonlocal sheet
        row = re.search(r"\d+", ref).group()
        m = re.search(rf'<row r="{row}"[^>]*>(.*?)</row>', sheet, re.S)
        cells = m.group(1)
        new_cell = f'<c r="{ref}">{f}<v>0</v></c>'
        if f'r="{ref}"' in cells:
            cells2 = re.sub(rf'<c r="{ref}"[^>]*?(/>|>.*?</c>)', new_cell, cells, flags=re.S)
        else:
            cells2 = cells + new_cell
        sheet = sheet[:m.start(1)] + cells2 + sheet[m.end(1):]
    put("AC3", '<f t="shared" ref="AC3:AC7" si="0">L3*2</f>')
    put("AC7", '<f t="shared" si="0"/>')
    rewrite(p, {"xl/worksheets/sheet1.xml": sheet.encode()})
    from xlsx_lkjip.io.cell_writer import SheetEditor, Styles
    from xlsx_lkjip.io.xlsx_sheet import read_grid
    from xlsx_lkjip.io.package import Package
    with Package(p) as pkg:
        grid = read_grid(pkg.xml("xl/worksheets/sheet1.xml"), pkg.shared_strings)
        ed = SheetEditor(grid, Styles(None))
        ed.set_number(3, 29, D(5))   # overwrite the master only
        xml = ed.to_bytes().decode()
    assert re.search(r'<c r="AC7"><f t="shared" si="0" ref="AC7">L7\*2</f>', xml), xml[-600:]
    assert re.search(r'<c r="AC3"><v>5</v></c>', xml)


def test_percent_formatted_cell_keeps_percent_meaning(tmp_path):
    p = tmp_path / "p.xlsx"
    rows = form_rows()
    rows[2][21] = 1.0826     # 108,26 % typed correctly in a percent cell: no warning
    rows[3][21] = 0.6        # 60 % typed, computed 25,00 %: a warning
    write_rows(p, rows, number_formats={"V3": "0%", "V4": "0%"})
    out = tmp_path / "o.xlsx"
    res = complete_workbook(p, out)
    ws = openpyxl.load_workbook(out).active
    assert ws["V3"].value == pytest.approx(1.0826) and ws["V3"].number_format == "0.00%"
    assert ws["V4"].value == pytest.approx(0.25) and ws["V4"].number_format == "0.00%"
    # the new Rp cell takes its neighbour's style, so it reads as a percent too: 95,16 %
    assert ws["W3"].value == pytest.approx(0.9516) and ws["W3"].number_format == "0.00%"
    replaced = [x for x in res.problems if x.code == "value-replaced"]
    assert [x.cell for x in replaced] == ["V4"]
    assert "60 %" in replaced[0].message and "25,00" in replaced[0].message


def test_untouched_entries_are_byte_identical(tmp_path):
    p = tmp_path / "u.xlsx"
    write_rows(p, form_rows(), extra_sheets={"Lain": [["tidak disentuh", 1, 2]]})
    out = tmp_path / "o.xlsx"
    complete_workbook(p, out)
    a, b = read_entries(p), read_entries(out)
    assert list(a) == list(b)   # same entries, same order
    changed = {n for n in a if a[n] != b[n]}
    assert changed <= {"xl/worksheets/sheet1.xml", "xl/styles.xml"}
    assert "xl/worksheets/sheet1.xml" in changed
    with zipfile.ZipFile(out) as zf:
        assert zf.testzip() is None


def test_same_input_same_bytes(tmp_path):
    p = tmp_path / "d.xlsx"
    write_rows(p, form_rows())
    complete_workbook(p, tmp_path / "1.xlsx")
    complete_workbook(p, tmp_path / "2.xlsx")
    assert (tmp_path / "1.xlsx").read_bytes() == (tmp_path / "2.xlsx").read_bytes()


def test_input_never_modified(tmp_path):
    p = tmp_path / "i.xlsx"
    write_rows(p, form_rows())
    before = p.read_bytes()
    complete_workbook(p, tmp_path / "o.xlsx")
    assert p.read_bytes() == before
