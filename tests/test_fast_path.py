"""The fast path: the pattern-based worksheet reader gives exactly the grid of the lxml reader (the reference),
falls back to it for anything it does not handle with certainty, and the splice writer gives the workbook
SheetEditor gives - read back the same by openpyxl and LibreOffice - while every byte outside the edited cells
stays as it was."""

from __future__ import annotations

import copy
import random
import re
import subprocess
import time
import zipfile
from decimal import Decimal as D
from pathlib import Path

import openpyxl
import pytest
from lxml import etree

from tests import builders
from tests.conftest import soffice_path
from tests.zipedit import read_entries, rewrite
from xlsx_lkjip.io import package as P
from xlsx_lkjip.io import xlsx_sheet as G
from xlsx_lkjip.api import complete_workbook
from xlsx_lkjip.io.package import NS_MAIN, Package, PackageError, parse_xml
from xlsx_lkjip.io.cell_writer import Edit, SheetEditor, Styles, apply_edits

REPO = Path(__file__).resolve().parents[1]
SAMPLES = sorted((REPO / "input").glob("*.xlsx"))
NS = f'xmlns="{NS_MAIN}"'
CSV_ALL_SHEETS = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1"


# -- helpers ------------------------------------------------------------------------------------------------

def fields(g: G.Grid) -> dict:
    """Everything a grid holds, in comparable form (values by type and repr: Decimal('1.0') is not '1')."""
    return {
        "cells": {k: (c.row, c.col, type(c.value).__name__, repr(c.value), c.kind, c.formula, c.style)
                  for k, c in ((k, g.get(*k)) for k in g.cells)},
        "rows": sorted(g.rows), "hidden": sorted(g.hidden_rows), "merges": list(g.merges),
        "max_row": g.max_row, "max_col": g.max_col, "row_cols": dict(g.row_cols),
        "invalid_numbers": list(g.invalid_numbers),
    }


def reference(data: bytes, shared: list[str]) -> G.Grid:
    return G._read_grid_lxml(parse_xml(data), shared)


def assert_fast_equals_reference(data: bytes, shared: list[str]) -> G.Grid:
    fast = G._read_grid_fast(data, shared)           # raises _Fallback if the fast reader declined
    assert fields(fast) == fields(reference(data, shared))
    via_api = G.read_grid(data, shared)
    assert via_api.fast is not None and fields(via_api) == fields(fast)
    return fast


def sheets_of(path: Path):
    with Package(path) as pkg:
        for ref in pkg.sheets:
            yield ref.part, pkg.read(ref.part), pkg.shared_strings


def sheet(rows: str, *, root_attrs: str = "", head: str = "", tail: str = "", decl: bool = True) -> bytes:
    xml = (f'<worksheet {NS} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
           f'{root_attrs}>{head}<sheetData>{rows}</sheetData>{tail}</worksheet>')
    return ((b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n' if decl else b"") + xml.encode("utf-8"))


def force_lxml(monkeypatch) -> None:
    def decline(*_a, **_k):
        raise G._Fallback
    monkeypatch.setattr(G, "_read_grid_fast", decline)


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory) -> dict[str, Path]:
    """The bundled samples and the builders' workbooks."""
    d = tmp_path_factory.mktemp("fast_wb")
    out = {p.stem: p for p in SAMPLES}
    builders.build_sumenep_e81(d / "sumenep.xlsx")
    builders.build_sumenep_e81(d / "sumenep_plain.xlsx", with_agency_formulas=False)
    builders.build_dumai_rkpd(d / "dumai.xlsx")
    builders.build_dumai_rkpd(d / "dumai_skip.xlsx", skip_two=True)
    builders.build_e81(d / "e81.xlsx", n_rows=40, seed=7)
    builders.build_e81(d / "e81_labels.xlsx", n_rows=25, seed=8, labels=True)
    builders.build_fidelity_workbook(d / "fidelity.xlsx")
    for p in sorted(d.glob("*.xlsx")):
        out[p.stem] = p
    return out


@pytest.fixture(scope="module")
def lo_convert(tmp_path_factory):
    exe = soffice_path()
    if exe is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    profile = tmp_path_factory.mktemp("lo_fast_profile")

    def convert(files: list[Path], target: str, outdir: Path) -> None:
        outdir.mkdir(parents=True, exist_ok=True)
        cmd = [exe, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore", "--convert-to", target,
               "--outdir", str(outdir), *map(str, files)]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=240)
        assert proc.returncode == 0, proc.stderr

    return convert


# -- the reader on real workbooks ---------------------------------------------------------------------------

@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_samples_read_alike(sample):
    for _part, data, shared in sheets_of(sample):
        assert_fast_equals_reference(data, shared)


def test_builder_workbooks_read_alike(workbooks):
    for name, path in workbooks.items():
        for part, data, shared in sheets_of(path):
            try:
                assert_fast_equals_reference(data, shared)
            except G._Fallback:
                pytest.fail(f"{name} {part}: the fast reader declined")


def test_libreoffice_saved_copies_read_alike(workbooks, lo_convert, tmp_path):
    names = ["sumenep", "dumai", "e81_labels", "fidelity"]
    lo_convert([workbooks[n] for n in names], "xlsx", tmp_path)
    for n in names:
        saved = tmp_path / f"{n}.xlsx"
        assert saved.exists()
        for _part, data, shared in sheets_of(saved):
            assert_fast_equals_reference(data, shared)


def test_element_input_still_reads_with_lxml(workbooks):
    with Package(workbooks["dumai"]) as pkg:
        part = pkg.sheets[0].part
        g = G.read_grid(pkg.xml(part), pkg.shared_strings)
        assert g.fast is None and g.root is not None
        assert fields(g) == fields(G.read_grid(pkg.read(part), pkg.shared_strings))


# -- the reader on hand-made XML ----------------------------------------------------------------------------

SHARED = ["satu", "dua", "tiga & empat"]

HANDLED = {
    "self-closed cell": '<row r="1"><c r="A1"/></row>',
    "styled blanks and values": '<row r="1" spans="1:4"><c r="A1" s="3"/><c r="B1" s="2"><v>12.50</v></c>'
                                '<c r="C1" t="s"><v>2</v></c><c r="D1" s="1" t="s"><v>7</v></c></row>',
    "types": '<row r="2"><c r="A2" t="e"><v>#DIV/0!</v></c><c r="B2" t="b"><v>1</v></c><c r="C2" t="b"><v>0</v></c>'
             '<c r="D2" t="b"><v>true</v></c><c r="E2" t="d"><v>2024-03-31T00:00:00</v></c>'
             '<c r="F2" t="str"><v>teks</v></c><c r="G2" t="n"><v>-1.5E3</v></c><c r="H2"><v>abc</v></c>'
             '<c r="I2" t="s"><v>x</v></c><c r="J2" t="zz"><v>4</v></c><c r="K2"><v>NaN</v></c>'
             '<c r="L2" t="n"><v>-Infinity</v></c><c r="M2"><v>1E+400</v></c><c r="N2"><v>1E+308</v></c></row>',
    "inline strings": '<row r="3"><c r="A3" t="inlineStr"><is><t>plain</t></is></c>'
                      '<c r="B3" t="inlineStr"><is><t xml:space="preserve"> spaced </t></is></c>'
                      '<c r="C3" t="inlineStr"><is><r><rPr><b/><color rgb="FFFF0000"/></rPr><t>rich </t></r>'
                      '<r><t>runs</t></r><rPh sb="0" eb="1"><t>phonetic</t></rPh></is></c>'
                      '<c r="D3" t="inlineStr"><is></is></c><c r="E3" t="inlineStr"><v>1</v></c>'
                      '<c r="F3" t="inlineStr"><is><t/></is></c></row>',
    "escaped entities": '<row r="4"><c r="A4" t="inlineStr"><is><t>a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos; '
                        '&#65;&#x42;&#x1F600;</t></is></c><c r="B4" t="str"><v>x&amp;y</v></c>'
                        '<c r="C4"><v>&#49;&#50;</v></c></row>',
    "formulas": '<row r="5"><c r="A5"><f>SUM(B5:C5)</f><v>3</v></c><c r="B5"><f>1+1</f></c>'
                '<c r="C5"><f t="shared" ref="C5:C9" si="0">A5*2</f><v>6</v></c><c r="D5"><f t="shared" si="0"/></c>'
                '<c r="E5" t="str"><f>"a"&amp;"b"</f><v>ab</v></c></row>',
    "empty and odd values": '<row r="6"><c r="A6"><v></v></c><c r="B6"><v/></c><c r="C6">text only</c>'
                            '<c r="D6"></c><c r="E6"><v> 7 </v></c><c r="F6" t="s"><v>99</v></c></row>',
    "hidden and self-closed rows": '<row r="1" hidden="1"><c r="A1"><v>1</v></c></row><row r="2" hidden="true"/>'
                                   '<row r="3" hidden="0" ht="20" customHeight="1"><c r="B3"><v>2</v></c></row>'
                                   '<row r="9" s="4" customFormat="1"/>',
    "pretty printed": '\n  <row r="1">\n    <c r="A1" s="1">\n      <v>5</v>\n    </c>\n    <c r="B1"/>\n  </row>\n'
                      '  <row r="2">\n    <c r="A2" t="s">\n      <f>X</f>\n      <v>1</v>\n    </c>\n  </row>\n',
    "row gaps and far columns": '<row r="3"><c r="XFD3"><v>1</v></c></row><row r="1048576"><c r="A1048576"/></row>',
    "declared attribute prefixes and extra cell attributes":
        '<row r="1" x14ac:dyDescent="0.25"><c r="A1" s="1" t="s" cm="1"><v>0</v></c>'
        '<c r="B1" vm="1"><v>2</v></c><c r="C1" ph="1"/></row>',
    "line ends in values": '<row r="1"><c r="A1" t="inlineStr"><is><t>a\r\nb\rc&#13;</t></is></c></row>',
    "non-ASCII": '<row r="1"><c r="A1" t="inlineStr"><is><t>Capaian ≥ 91 % – “Sangat Tinggi”</t></is></c></row>',
}


@pytest.mark.parametrize("name", sorted(HANDLED))
def test_hand_made_sheets_read_alike(name):
    root_attrs = ' xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac"'
    data = sheet(HANDLED[name], root_attrs=root_attrs,
                 head='<dimension ref="A1:D4"/>', tail='<mergeCells count="2"><mergeCell ref="A1:B2"/>'
                 '<mergeCell ref="C$3:$D4"/><mergeCell ref="bad"/></mergeCells>')
    g = assert_fast_equals_reference(data, SHARED)
    assert g.merges[:1] == [(1, 1, 2, 2)]


def test_values_of_hand_made_cells():
    rows = HANDLED["types"] + HANDLED["inline strings"] + HANDLED["escaped entities"]   # rows 2, 3, 4
    g = assert_fast_equals_reference(sheet(rows), SHARED)
    assert g.value(2, 1) == "#DIV/0!" and g.get(2, 1).kind == "e"
    assert [g.value(2, c) for c in (2, 3, 4)] == [True, False, True]
    # number cells no double can hold (what Excel and openpyxl refuse); 1E+308 is one, though too large to add up
    assert g.invalid_numbers == [(2, 8), (2, 11), (2, 12), (2, 13)]
    assert [g.value(2, c) for c in (8, 11, 12, 13, 14)] == ["abc", "NaN", "-Infinity", "1E+400", "1E+308"]
    assert g.get(2, 5).kind == "d" and g.get(2, 6).kind == "s" and g.value(2, 7) == D("-1500")
    assert g.value(2, 8) == "abc" and g.get(2, 8).kind == "s"
    assert g.value(3, 2) == " spaced " and g.value(3, 3) == "rich runs" and g.value(3, 4) == ""
    assert g.get(3, 5).value is None and g.get(3, 5).kind == ""
    assert g.value(4, 1) == "a & b <c> \"d\" 'e' AB\U0001F600" and g.value(4, 3) == D(12)


def test_sheet_data_shapes():
    for rows in ("", "\n  "):
        g = assert_fast_equals_reference(sheet(rows), [])
        assert not g.cells and g.max_row == 0
    data = sheet("").replace(b"<sheetData></sheetData>", b"<sheetData/>")
    g = assert_fast_equals_reference(data, [])
    assert g.fast.self_closed
    no_decl = sheet('<row r="1"><c r="A1"><v>1</v></c></row>', decl=False)
    assert_fast_equals_reference(no_decl, [])
    assert_fast_equals_reference(b"\xef\xbb\xbf" + no_decl, [])
    # the word in the text and after the element: the locating searches read past the common case
    for rows, tail in (('<row r="1"><c r="A1" t="inlineStr"><is><t>sheetData &lt;/sheetData&gt;</t></is></c></row>', ""),
                       ('<row r="1"><c r="A1"><v>1</v></c></row>', '<extLst><ext uri="sheetData"/></extLst>')):
        g = assert_fast_equals_reference(sheet(rows, tail=tail), [])
        assert g.fast is not None
    # no sheetData at all: an empty grid either way
    data = f'<worksheet {NS}><dimension ref="A1"/></worksheet>'.encode()
    g = G.read_grid(data, [])
    assert not g.cells and fields(g) == fields(reference(data, []))


FALLBACK = {
    "prefixed elements": f'<x:worksheet xmlns:x="{NS_MAIN}"><x:sheetData><x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c>'
                         f'</x:row></x:sheetData></x:worksheet>',
    "prefixed cell": sheet('<row r="1"><x:c xmlns:x="' + NS_MAIN + '" r="A1"><x:v>1</x:v></x:c></row>'),
    "cell without r": sheet('<row r="1"><c s="1"><v>1</v></c><c><v>2</v></c></row>'),
    "row without r": sheet('<row><c r="A1"><v>1</v></c></row><row><c r="A2"><v>2</v></c></row>'),
    "single-quoted attributes": sheet("<row r='1'><c r='A1' s='1'><v>1</v></c></row>"),
    "single-quoted cell attribute": sheet('<row r="1"><c r="A1" s=\'1\'><v>1</v></c></row>'),
    "attribute order": sheet('<row r="1"><c s="1" r="A1"><v>1</v></c><c r="B1" t="s" s="2"><v>0</v></c></row>'),
    "comment": sheet('<row r="1"><!-- c r="A1" --><c r="B1"><v>1</v></c></row>'),
    "comment outside sheetData": sheet('<row r="1"><c r="B1"><v>1</v></c></row>', head="<!-- note -->"),
    "CDATA": sheet('<row r="1"><c r="A1" t="inlineStr"><is><t><![CDATA[a<b]]></t></is></c></row>'),
    "processing instruction": sheet('<row r="1"><?pi data?><c r="A1"><v>1</v></c></row>'),
    "rows out of order": sheet('<row r="2"><c r="A2"><v>2</v></c></row><row r="1"><c r="A1"><v>1</v></c></row>'),
    "repeated cell": sheet('<row r="1"><c r="A1"><v>1</v></c><c r="A1"><v>2</v></c></row>'),
    "cells out of order": sheet('<row r="1"><c r="B1"><v>1</v></c><c r="A1"><v>2</v></c></row>'),
    "lower-case or absolute refs": sheet('<row r="1"><c r="a1"><v>1</v></c><c r="$B$1"><v>2</v></c></row>'),
    "unknown element in a row": sheet('<row r="1"><c r="A1"><v>1</v></c><extLst/></row>'),
    "unknown element in a cell": sheet('<row r="1"><c r="A1"><v>1</v><extLst/></c></row>'),
    "children out of schema order": sheet('<row r="1"><c r="A1"><v>1</v><f>A2</f></c></row>'),
    "text between cells": sheet('<row r="1">x<c r="A1"><v>1</v></c></row>'),
    "namespace declared in the data": sheet(f'<row r="1" xmlns="{NS_MAIN}"><c r="A1"><v>1</v></c></row>'),
    "sheetData attribute": sheet("").replace(b"<sheetData>", b'<sheetData a="1">'),
    "other encoding": sheet('<row r="1"><c r="A1"><v>1</v></c></row>').replace(b"UTF-8", b"ISO-8859-1"),
    "v with attributes": sheet('<row r="1"><c r="A1"><v xml:space="preserve">1</v></c></row>'),
    "closing tag with space": sheet('<row r="1"><c r="A1"><v>1</v></c ><c r="B1"><v>2</v></c></row >'
                                    '<row r="2"><c r="A2"/></row>'),
}


@pytest.mark.parametrize("name", sorted(FALLBACK))
def test_fallback_cases_read_by_lxml(name):
    data = FALLBACK[name].encode() if isinstance(FALLBACK[name], str) else FALLBACK[name]
    with pytest.raises(G._Fallback):
        G._read_grid_fast(data, SHARED)
    g = G.read_grid(data, SHARED)
    assert g.fast is None and g.root is not None
    assert fields(g) == fields(reference(data, SHARED))


REFUSED = {
    "undefined entity": sheet('<row r="1"><c r="A1" t="str"><v>a&nbsp;b</v></c></row>'),
    "bare ampersand": sheet('<row r="1"><c r="A1" t="str"><v>a & b</v></c></row>'),
    "invalid character reference": sheet('<row r="1"><c r="A1" t="str"><v>&#1;</v></c></row>'),
    "control character": sheet('<row r="1"><c r="A1" t="str"><v>a\x01b</v></c></row>'),
    "]]> in text": sheet('<row r="1"><c r="A1" t="str"><v>a]]>b</v></c></row>'),
    "duplicate attribute": sheet('<row r="1" r="2"><c r="A1"><v>1</v></c></row>'),
    "duplicate cell attribute": sheet('<row r="1"><c r="A1" cm="1" cm="2"><v>1</v></c></row>'),
    "undeclared prefix": sheet('<row r="1" zz:a="1"><c r="A1"><v>1</v></c></row>'),
    "unclosed row": sheet('<row r="1"><c r="A1"><v>1</v></c>'),
    "broken tail": sheet('<row r="1"><c r="A1"><v>1</v></c></row>', tail="<pageMargins"),
    "not UTF-8": sheet('<row r="1"><c r="A1" t="str"><v>caf\xe9</v></c></row>').replace(b"\xc3\xa9", b"\xe9"),
    "DOCTYPE": b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]>' + sheet('<row r="1"/>', decl=False),
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_broken_sheets_are_refused_as_lxml_refuses_them(name):
    data = REFUSED[name]
    with pytest.raises(PackageError) as ref_err:
        reference(data, SHARED)
    with pytest.raises(PackageError) as err:
        G.read_grid(data, SHARED, "xl/worksheets/sheet1.xml")
    assert err.value.code == ref_err.value.code


@pytest.mark.parametrize("garbage", [
    "rows without end", "cells without end", "whitespace", "attributes", "bodies"])
def test_garbage_is_linear(garbage):
    """Untrusted input: no pattern may backtrack catastrophically (a few MB of garbage, well under a second)."""
    n = 100_000
    body = {
        "rows without end": '<row r="1">' * n,
        "cells without end": '<row r="1">' + '<c r="A1" s="1"><v>1</v>' * n + "</row>",
        "whitespace": '<row r="1">' + " " * (20 * n) + "x</row>",
        "attributes": '<row r="1"><c r="A1"' + ' a="1"' * n + " x></c></row>",
        "bodies": '<row r="1"><c r="A1">' + "<v>1<" * n + "</c></row>",
    }[garbage]
    data = sheet(body)
    started = time.perf_counter()
    with pytest.raises((G._Fallback, PackageError)):
        G._read_grid_fast(data, [])
    assert time.perf_counter() - started < 2.0


# -- shared strings -----------------------------------------------------------------------------------------

def sst(items: str, *, decl: bool = True) -> bytes:
    xml = f'<sst {NS} count="9" uniqueCount="9">{items}</sst>'
    return ((b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n' if decl else b"") + xml.encode("utf-8"))


def read_sst_reference(data: bytes) -> list[str]:
    from xlsx_lkjip.io.package import read_shared_strings
    return read_shared_strings(parse_xml(data))


@pytest.mark.parametrize("items, fast", [
    ("<si><t>satu</t></si><si><t xml:space=\"preserve\"> dua </t></si><si><t/></si><si><t></t></si>", True),
    ("<si><t>a &amp; b &lt;c&gt; &#65;&#x1F600; baris\r\nbaru</t></si>", True),
    ("<si><t>Capaian ≥ 91 %</t></si>", True),
    ("", True),
    ("<si><r><rPr><b/></rPr><t>rich </t></r><r><t>runs</t></r><rPh sb=\"0\" eb=\"1\"><t>x</t></rPh></si>", False),
    ("<si><t>a</t><rPh sb=\"0\" eb=\"1\"><t>fon</t></rPh><phoneticPr fontId=\"1\"/></si>", False),
    ("\n  <si><t>pretty</t></si>\n", False),
    ("<si><t>a</t></si><!-- note --><si><t>b</t></si>", False),
    ("<si><t><![CDATA[x<y]]></t></si>", False),
    ("<x:si xmlns:x=\"" + NS_MAIN + "\"><x:t>prefixed</x:t></x:si>", False),
])
def test_shared_strings_read_alike(items, fast):
    data = sst(items)
    expected = read_sst_reference(data)
    if fast:
        assert P._read_shared_strings_fast(data) == expected
    else:
        with pytest.raises(G._Fallback):
            P._read_shared_strings_fast(data)
    assert P.read_shared_strings_xml(data) == expected


def test_shared_strings_of_every_workbook_read_alike(workbooks):
    for name, path in workbooks.items():
        with Package(path) as pkg:
            part = pkg.part_of_type("/sharedStrings")
            if part:
                data = pkg.read(part)
                assert P._read_shared_strings_fast(data) == read_sst_reference(data), name


def test_shared_strings_edge_parts():
    assert P.read_shared_strings_xml(f'<sst {NS}/>'.encode()) == []
    with pytest.raises(PackageError):
        P.read_shared_strings_xml(b'<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "b">]>' + sst("<si><t>&a;</t></si>",
                                                                                                   decl=False))
    with pytest.raises(PackageError):
        P.read_shared_strings_xml(sst("<si><t>a&nbsp;b</t></si>"))
    with pytest.raises(PackageError):
        P.read_shared_strings_xml(sst("<si><t>a</t></si>")[:-3])


# -- the splice writer --------------------------------------------------------------------------------------

def splice_and_reference(data: bytes, shared: list[str], styles_root, edits: list[Edit]):
    """(splice bytes, removed, styles) and SheetEditor's (bytes, removed, styles) for the same edits."""
    s1 = Styles(copy.deepcopy(styles_root) if styles_root is not None else None)
    fast = G.read_grid(data, shared)
    assert fast.fast is not None
    out1, removed1 = apply_edits(fast, s1, edits)
    s2 = Styles(copy.deepcopy(styles_root) if styles_root is not None else None)
    return (out1, removed1, s1), (*SheetEditor(reference(data, shared), s2).apply(edits), s2)


def assert_same_sheet(a: bytes, b: bytes, shared: list[str]) -> None:
    assert fields(reference(a, shared)) == fields(reference(b, shared))
    dim = f"{{{NS_MAIN}}}dimension"
    da, db = parse_xml(a).find(dim), parse_xml(b).find(dim)
    assert (da is None) == (db is None) and (da is None or da.get("ref") == db.get("ref"))


def random_edits(g: G.Grid, rnd: random.Random) -> list[Edit]:
    keys = sorted(g.cells)
    edits = []
    for _ in range(rnd.randint(1, 40)):
        if keys and rnd.random() < 0.6:
            r, c = rnd.choice(keys)
        else:
            r, c = rnd.randint(1, g.max_row + 3), rnd.randint(1, g.max_col + 3)
        kind = rnd.choice(["number", "percent", "text", "clear"])
        value = {"number": D(rnd.randint(-10**6, 10**6)) / 100, "percent": D(rnd.randint(0, 20000)) / 100,
                 "text": rnd.choice(["Tinggi", " spasi ", "a & b <c>", "baris\r\nbaru"]), "clear": None}[kind]
        edits.append(Edit(r, c, kind, value, rnd.choice([None, None, 0, 1, 2])))
    return edits


def test_splice_matches_sheet_editor_on_random_edits(workbooks):
    for name in ("sumenep", "dumai", "fidelity", "e81_labels", "Evaluasi Renja Dinas Kominfo TW I 2024"):
        path = workbooks[name]
        with Package(path) as pkg:
            part = pkg.part_of_type("/styles")
            styles_root = pkg.xml(part) if part else None
        for part, data, shared in sheets_of(path):
            g = G.read_grid(data, shared)
            for seed in range(12):
                edits = random_edits(g, random.Random(seed))
                (a, removed_a, sa), (b, removed_b, sb) = splice_and_reference(data, shared, styles_root, edits)
                assert_same_sheet(a, b, shared)
                assert removed_a == removed_b
                assert etree.tostring(sa.root) == etree.tostring(sb.root)
                assert fields(G._read_grid_fast(a, shared)) == fields(reference(a, shared))


STYLES = etree.fromstring(f'<styleSheet {NS}><numFmts count="1"><numFmt numFmtId="164" formatCode="0.0%"/>'
                         f'</numFmts><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="2"/>'
                         f'</cellXfs></styleSheet>'.encode())


def test_splice_inserts_cells_and_rows_in_order():
    data = sheet('<row r="2" spans="1:3"><c r="B2" s="1"><v>1</v></c></row><row r="4"/>'
                 '<row r="5"><c r="A5"/><c r="D5" s="2"/></row>', head='<dimension ref="A2:D5"/>')
    edits = [Edit(2, 1, "number", D(3)), Edit(2, 3, "text", "x", 1), Edit(1, 2, "number", D(1)),
             Edit(4, 2, "percent", D("12.5")), Edit(3, 1, "text", " t "), Edit(7, 6, "number", D(6), 2),
             Edit(5, 3, "number", D(9)), Edit(5, 4, "clear"), Edit(9, 9, "clear"), Edit(2, 2, "percent", D(50))]
    (a, _, sa), (b, _, sb) = splice_and_reference(data, [], STYLES, edits)
    assert_same_sheet(a, b, [])
    assert etree.tostring(sa.root) == etree.tostring(sb.root)
    assert [xf.get("numFmtId") for xf in sa.xfs[3:]] == ["2", "10"]   # 0.00, and 0.00% for the percent style
    text = a.decode()
    assert re.findall(r'<row r="(\d+)"', text) == ["1", "2", "3", "4", "5", "7"]
    assert '<row r="2" spans="1:3"><c r="A2"><v>3</v></c><c r="B2" s="4"><v>0.5</v></c>' \
           '<c r="C2" s="1" t="inlineStr"><is><t>x</t></is></c></row>' in text
    assert '<row r="4"><c r="B4" s="3"><v>12.5</v></c></row>' in text   # "0.00" derived from style 0 first
    assert '<c r="A3" t="inlineStr"><is><t xml:space="preserve"> t </t></is></c>' in text
    assert '<c r="A5"/><c r="C5"><v>9</v></c><c r="D5" s="2"/></row>' in text
    assert '<dimension ref="A2:F7"/>' in text   # as SheetEditor: the end grows, the start stays


@pytest.mark.parametrize("label", ["ascii", "Capaian ≥ 100 %"])
def test_splice_into_empty_rows_kept_as_offsets(label):
    """Empty rows are not kept as objects (a sheet may hold a million): an empty closed row, a self-closed one
    and a new row between them get their cells where SheetEditor puts them, in an ASCII sheet (spliced from
    the input bytes) and a non-ASCII one (spliced as text)."""
    data = sheet(f'<row r="1"><c r="A1" t="inlineStr"><is><t>{label}</t></is></c></row><row r="3" ht="15"></row>'
                 '<row r="4" ht="15" customHeight="1"/><row r="8" s="1" customFormat="1"/>')
    g = G.read_grid(data, [])
    assert g.fast is not None and sorted(g.rows) == [1, 3, 4, 8] and set(g.fast.rows.filled) == {1}
    assert g.fast.rows[3].closed and not g.fast.rows[4].closed and 5 not in g.rows
    edits = [Edit(3, 2, "number", D(7)), Edit(4, 1, "number", D(5)), Edit(6, 3, "text", "baru"),
             Edit(9, 1, "number", D(1))]
    (a, _, _), (b, _, _) = splice_and_reference(data, [], None, edits)
    assert_same_sheet(a, b, [])
    text = a.decode()
    assert '<row r="3" ht="15"><c r="B3"><v>7</v></c></row><row r="4" ht="15" customHeight="1"><c r="A4"><v>5</v>' \
           '</c></row><row r="6"><c r="C6" t="inlineStr"><is><t>baru</t></is></c></row><row r="8" s="1" ' \
           'customFormat="1"/><row r="9"><c r="A9"><v>1</v></c></row>' in text


def test_splice_into_self_closed_sheet_data():
    data = sheet("", head='<dimension ref="A1"/>').replace(b"<sheetData></sheetData>", b"<sheetData/>")
    edits = [Edit(3, 2, "text", "Rata-rata capaian kinerja (%)"), Edit(4, 2, "number", D("1.50"))]
    (a, _, _), (b, _, _) = splice_and_reference(data, [], None, edits)
    assert_same_sheet(a, b, [])
    assert b'<sheetData><row r="3"><c r="B3" t="inlineStr">' in a and b'<dimension ref="A1:B4"/>' in a


def test_splice_escapes_text_as_lxml_does():
    data = sheet('<row r="1"><c r="A1" t="s"><v>0</v></c></row>')
    text = "a & b < c > d \"e\" 'f'\r\ng"
    (a, _, _), (b, _, _) = splice_and_reference(data, ["x"], None, [Edit(1, 1, "text", text)])
    assert reference(a, []).value(1, 1) == text == reference(b, []).value(1, 1)
    with pytest.raises(ValueError):   # what lxml refuses, SheetEditor refuses: the splice leaves it to SheetEditor
        apply_edits(G.read_grid(data, ["x"]), Styles(None), [Edit(1, 1, "text", "bad\x01")])


def test_splice_reports_removed_formulas():
    data = sheet('<row r="1"><c r="A1"><f>B1*2</f><v>4</v></c><c r="B1"><v>2</v></c>'
                 '<c r="C1" t="str"><f>"x"</f><v>x</v></c></row>')
    edits = [Edit(1, 1, "number", D(1)), Edit(1, 1, "number", D(2)), Edit(1, 3, "clear"), Edit(1, 2, "clear")]
    (a, removed_a, _), (b, removed_b, _) = splice_and_reference(data, [], None, edits)
    assert removed_a == removed_b == ["A1", "C1"]
    assert_same_sheet(a, b, [])
    assert b'<c r="A1"><v>2</v></c><c r="B1"/><c r="C1"/>' in a


def test_shared_formula_master_with_remaining_dependents_goes_to_sheet_editor():
    data = sheet('<row r="1"><c r="A1"><f t="shared" ref="A1:A3" si="0">B1*2</f><v>0</v></c></row>'
                 '<row r="2"><c r="A2"><f t="shared" si="0"/><v>0</v></c></row>'
                 '<row r="3"><c r="A3"><f t="shared" si="0"/><v>0</v></c></row>')
    (a, removed_a, _), (b, removed_b, _) = splice_and_reference(data, [], None, [Edit(1, 1, "number", D(5))])
    assert a == b and removed_a == removed_b == ["A1"]
    assert re.search(rb'<c r="A2"><f t="shared" si="0" ref="A2:A3">B2\*2</f>', a)
    # every dependent overwritten too: nothing to promote, the splice writes it
    edits = [Edit(r, 1, "number", D(r)) for r in (1, 2, 3)]
    (a, removed_a, _), (b, _, _) = splice_and_reference(data, [], None, edits)
    assert_same_sheet(a, b, [])
    assert removed_a == ["A1", "A2", "A3"] and a.startswith(data[:data.index(b"<sheetData>")])


def test_percent_cells_and_two_decimal_styles_as_sheet_editor(workbooks):
    with Package(workbooks["dumai"]) as pkg:
        styles_root = pkg.xml(pkg.part_of_type("/styles"))
        data, shared = pkg.read(pkg.sheets[0].part), pkg.shared_strings
    g = G.read_grid(data, shared)
    edits = [Edit(r, c, "percent", D("108.26")) for (r, c) in sorted(g.cells)[:90:3]]
    edits.append(Edit(g.max_row + 1, 2, "percent", D("50"), 1))
    (a, _, sa), (b, _, sb) = splice_and_reference(data, shared, styles_root, edits)
    assert_same_sheet(a, b, shared)
    assert sa.changed == sb.changed and etree.tostring(sa.root) == etree.tostring(sb.root)


# -- whole workbooks: splice output vs the lxml path ----------------------------------------------------------

COMPLETE = ["sumenep", "sumenep_plain", "dumai", "dumai_skip", "e81", "e81_labels", "fidelity",
            "Evaluasi Renja Dinas Kominfo TW I 2024", "Evaluasi RKPD BKPSDM Dumai 2023",
            "Evaluasi Renja BKPSDM Sumenep TW I 2024"]


@pytest.fixture(scope="module")
def completed(workbooks, tmp_path_factory):
    """Every workbook completed twice: fast reader + splice writer, and lxml reader + SheetEditor."""
    d = tmp_path_factory.mktemp("fast_out")
    out = {}
    for name in COMPLETE:
        src = workbooks[name]
        fast_out, ref_out = d / "fast" / f"{name}.xlsx", d / "ref" / f"{name}.xlsx"
        res_fast = complete_workbook(src, fast_out)
        with pytest.MonkeyPatch.context() as mp:
            force_lxml(mp)
            res_ref = complete_workbook(src, ref_out)
        out[name] = (src, fast_out, ref_out, res_fast, res_ref)
    return out


def test_results_are_the_same(completed):
    for name, (_src, _f, _r, a, b) in completed.items():
        assert a.status == b.status != "gagal", name
        assert [(p.code, p.cell, p.message) for p in a.problems] == [(p.code, p.cell, p.message) for p in b.problems]
        assert a.average == b.average and a.predikat == b.predikat
        assert [(r.row, r.capaian, r.realisasi) for s in a.sheets for r in s.rows] == \
               [(r.row, r.capaian, r.realisasi) for s in b.sheets for r in s.rows]


def test_openpyxl_reads_the_same_values(completed):
    for name, (_src, fast_out, ref_out, _a, _b) in completed.items():
        wa, wb = openpyxl.load_workbook(fast_out), openpyxl.load_workbook(ref_out)
        assert wa.sheetnames == wb.sheetnames
        for sa, sb in zip(wa.worksheets, wb.worksheets):
            assert sa.max_row == sb.max_row and sa.max_column == sb.max_column, (name, sa.title)
            for ra, rb in zip(sa.iter_rows(), sb.iter_rows()):
                for ca, cb in zip(ra, rb):
                    assert (ca.value, ca.number_format) == (cb.value, cb.number_format), (name, sa.title, ca.coordinate)


def test_other_entries_are_identical_to_the_lxml_path(completed):
    for name, (_src, fast_out, ref_out, _a, _b) in completed.items():
        a, b = read_entries(fast_out), read_entries(ref_out)
        assert list(a) == list(b)
        for entry in a:
            if not entry.startswith("xl/worksheets/"):
                assert a[entry] == b[entry], (name, entry)


def test_bytes_outside_edited_cells_are_the_input_bytes(completed):
    dimension = re.compile(rb'<dimension ref="[^"]*"/>')
    for name, (src, fast_out, _ref, res, _b) in completed.items():
        before, after = read_entries(src), read_entries(fast_out)
        with Package(src) as pkg:
            parts = {r.name: r.part for r in pkg.sheets}
        for sheet_result in res.sheets:
            if not sheet_result.edits:
                continue
            part = parts[sheet_result.sheet]
            edited = {(e.row, e.col) for e in sheet_result.edits}
            edited_rows = {r for r, _ in edited}
            old, new = G.read_grid(before[part], []).fast, G.read_grid(after[part], []).fast
            assert old is not None and new is not None, (name, part)
            # outside sheetData: identical, but for the dimension (extended when cells are added)
            assert dimension.sub(b"", after[part][:new.open_end]) == dimension.sub(b"", before[part][:old.open_end])
            assert after[part][new.close_start:] == before[part][old.close_start:], (name, part)
            for r, row in old.rows.items():
                new_row = new.rows[r]
                if r not in edited_rows:   # an untouched row: the same bytes
                    assert new.text[new_row.start:new_row.end] == old.text[row.start:row.end], (name, part, r)
                    continue
                if row.closed:             # its start tag, and every cell not edited, as they were
                    assert new.text[new_row.start:new_row.body_start] == old.text[row.start:row.body_start]
                kept = [cell[0] for cell in row.cells if (r, G.col_index(cell[1])) not in edited]
                new_tokens = [cell[0] for cell in new_row.cells if (r, G.col_index(cell[1])) not in edited]
                assert [t.rstrip() for t in kept] == [t.rstrip() for t in new_tokens], (name, part, r)
            for r in set(new.rows) - set(old.rows):   # a new row holds edited cells only
                assert all((r, G.col_index(cell[1])) in edited for cell in new.rows[r].cells)


def test_libreoffice_reads_the_same_values(completed, lo_convert, tmp_path):
    names = ["sumenep", "dumai", "fidelity", "e81_labels"]
    for kind, index in (("fast", 1), ("ref", 2)):
        files = []
        for n in names:
            dst = tmp_path / kind / "in" / f"{n}.xlsx"
            dst.parent.mkdir(parents=True, exist_ok=True)
            dst.write_bytes(completed[n][index].read_bytes())
            files.append(dst)
        lo_convert(files, CSV_ALL_SHEETS, tmp_path / kind / "csv")
    fast_csv = sorted((tmp_path / "fast" / "csv").glob("*.csv"))
    ref_csv = sorted((tmp_path / "ref" / "csv").glob("*.csv"))
    assert [p.name for p in fast_csv] == [p.name for p in ref_csv] and fast_csv
    for a, b in zip(fast_csv, ref_csv):
        assert a.read_text(encoding="utf-8") == b.read_text(encoding="utf-8"), a.name


def test_zip_stays_valid(completed):
    for name, (_src, fast_out, _r, _a, _b) in completed.items():
        with zipfile.ZipFile(fast_out) as zf:
            assert zf.testzip() is None, name


def test_shared_formula_master_in_a_workbook(tmp_path):
    """An agency formula master in a computed column whose dependent lies outside the form: SheetEditor's
    promotion, whatever reader read the sheet."""
    from tests.mini import E81_SIDES, e81_numbered, e81_row, write_rows
    p = tmp_path / "s.xlsx"
    write_rows(p, [e81_numbered(), E81_SIDES,
                   e81_row(1, "5", "a", "b", t8=(4, 100), q=((1, 50),) + ((None, None),) * 3),
                   e81_row(2, "5", "c", "d", t8=(4, 100), q=((2, 50),) + ((None, None),) * 3)])
    xml = read_entries(p)["xl/worksheets/sheet1.xml"].decode()
    assert 'r="T3"' not in xml   # row 3 ends before column T: the master goes last
    master = '<c r="T3"><f t="shared" ref="T3:T5" si="0">L3*2</f><v>0</v></c>'
    xml = re.sub(r'(<row r="3"[^>]*>.*?)</row>', lambda m: m.group(1) + master + "</row>", xml, count=1, flags=re.S)
    xml = xml.replace("</sheetData>", '<row r="5"><c r="T5"><f t="shared" si="0"/><v>0</v></c></row></sheetData>')
    rewrite(p, {"xl/worksheets/sheet1.xml": xml.encode()})
    fast_out, ref_out = tmp_path / "fast.xlsx", tmp_path / "ref.xlsx"
    assert complete_workbook(p, fast_out).status != "gagal"
    with pytest.MonkeyPatch.context() as mp:
        force_lxml(mp)
        complete_workbook(p, ref_out)
    a, b = read_entries(fast_out)["xl/worksheets/sheet1.xml"], read_entries(ref_out)["xl/worksheets/sheet1.xml"]
    assert a == b
    assert re.search(rb'<c r="T5"><f t="shared" si="0" ref="T5">L5\*2</f>', a)


def test_reading_leaves_the_garbage_collector_as_it_was():
    import gc
    data = sheet('<row r="1"><c r="A1"><v>1</v></c></row>')
    was = gc.isenabled()
    try:
        for state in (True, False):
            (gc.enable if state else gc.disable)()
            G.read_grid(data, [])
            G.read_grid(FALLBACK["cell without r"], [])   # the lxml reader too
            assert gc.isenabled() is state
    finally:
        (gc.enable if was else gc.disable)()


def test_a_run_leaves_the_garbage_collector_as_it_was(tmp_path):
    """A batch runs without the collector (its modules load and its workbooks are completed without it), and
    gives it back as it found it, also when it fails."""
    import gc

    from xlsx_lkjip import api
    from xlsx_lkjip.batch import run as run_module

    src = tmp_path / "in"
    src.mkdir()
    builders.build_e81(src / "Renja Dinas A TW IV 2024.xlsx", n_rows=6, seed=1)
    seen = []
    original = run_module._batch

    def batch(*args, **kwargs):
        seen.append(gc.isenabled())
        return original(*args, **kwargs)

    was = gc.isenabled()
    try:
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(run_module, "_batch", batch)
            for state in (True, False):
                (gc.enable if state else gc.disable)()
                report = api.run(src, tmp_path / f"out{state}", workers=1)
                assert report.results and gc.isenabled() is state
            mp.setattr(run_module, "_batch", lambda *a, **k: 1 / 0)
            gc.enable()
            with pytest.raises(ZeroDivisionError):
                api.run(src, tmp_path / "out-failed", workers=1)
            assert gc.isenabled()
    finally:
        (gc.enable if was else gc.disable)()
    assert seen == [False, False]
