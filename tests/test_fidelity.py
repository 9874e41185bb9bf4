"""Fidelity on a workbook carrying an image, a comment, a chart on another sheet, a data validation, a text
box (signature block) and an injected x14 extension: all survive, and every zip entry other than the edited
sheet, calcChain and styles is byte-identical to the input."""

import re
import zipfile

import openpyxl

from xlsx_lkjip.api import complete_workbook
from tests.builders import build_fidelity_workbook
from tests.zipedit import read_entries

X14_URI = b"{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}"


def _form_sheet_part(entries: dict[str, bytes]) -> str:
    for name, data in entries.items():
        if name.startswith("xl/worksheets/sheet") and X14_URI in data:
            return name
    raise AssertionError("the builder did not inject the x14 extension")


def test_every_other_part_survives_byte_identical(tmp_path):
    src = tmp_path / "fidelity.xlsx"
    build_fidelity_workbook(src)
    out = tmp_path / "out.xlsx"
    res = complete_workbook(src, out)
    assert res.status != "gagal", res.problems
    a, b = read_entries(src), read_entries(out)
    form_part = _form_sheet_part(a)
    assert list(a) == list(b)
    changed = {n for n in a if a[n] != b[n]}
    assert form_part in changed
    assert changed <= {form_part, "xl/calcChain.xml", "xl/styles.xml"}

    names = list(b)
    assert any(n.startswith("xl/media/") for n in names)                       # image
    assert any(re.match(r"xl/comments\d*\.xml", n) for n in names)              # comment
    assert any(n.startswith("xl/charts/chart") for n in names)                  # chart on another sheet
    drawings = [b[n] for n in names if n.startswith("xl/drawings/drawing")]
    assert any(b"txBody" in d for d in drawings)                                # text box
    sheet = b[form_part]
    assert b"<dataValidations" in sheet                                         # data validation
    assert X14_URI in sheet and sheet.rstrip().endswith(b"</worksheet>")        # x14 extension, still last
    assert sheet.index(X14_URI) > sheet.index(b"</sheetData>")
    with zipfile.ZipFile(out) as zf:
        assert zf.testzip() is None


def test_output_is_formula_free_in_computed_cells(tmp_path):
    src = tmp_path / "fidelity.xlsx"
    build_fidelity_workbook(src)
    out = tmp_path / "out.xlsx"
    res = complete_workbook(src, out)
    wb = openpyxl.load_workbook(out)
    sheet = res.sheets[0]
    ws = wb[sheet.sheet]
    layout = sheet.layout
    for r in layout.data_rows:
        for f in layout.formulas:
            for c in layout.columns[f.target].sides.values():
                v = ws.cell(r, c).value
                assert not (isinstance(v, str) and v.startswith("=")), (r, c, v)
