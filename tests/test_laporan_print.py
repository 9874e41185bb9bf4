"""`lkjip laporan` as printed: every produced file (the agency's .docx and .xlsx, the all-OPD .xlsx) converted to
PDF by LibreOffice and read back with pdftotext, page by page.  No title clipped (its whole text is printed; in
the .xlsx its cell wraps over the table's width and its row is tall enough), landscape pages for tables of more
than six columns and portrait for the others, no table that leaves a lone row on a page (its caption and first
two rows together, its last row with the one before), document language id-ID."""

from __future__ import annotations

import re
import subprocess

import docx
import pytest
from openpyxl import load_workbook

from tests.conftest import invoke
from tests.laporan_builders import BLITAR, binjai_2021, binjai_2022, blitar_2020, blitar_2021
from tests.laporan_read import _norm, docx_tables, to_pdf
from tests.pk_builders import BKPSDM_BINJAI
from xlsx_lkjip.report.lkjip_xlsx import caption_lines

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    base = tmp_path_factory.mktemp("laporan_print")
    for name, build in (("binjai2022", binjai_2022), ("binjai2021", binjai_2021), ("blitar2021", blitar_2021),
                        ("blitar2020", blitar_2020)):
        build(base / "in" / name)
        assert invoke(["run", base / "in" / name, "-o", base / "out" / name, "--workers", "1"]).exit_code in (0, 1)
    files = {}
    for cur, prev, agency, year in (("binjai2022", "binjai2021", BKPSDM_BINJAI, 2022),
                                    ("blitar2021", "blitar2020", BLITAR, 2021)):
        result = invoke(["laporan", base / "out" / cur, "--tahun-lalu", base / "out" / prev])
        assert result.exit_code == 0, result.output
        folder = base / "out" / cur / "laporan"
        files[cur] = {"docx": folder / f"LKjIP {agency} {year}.docx", "xlsx": folder / f"LKjIP {agency} {year}.xlsx",
                      "all": folder / f"LKjIP semua OPD {year}.xlsx"}
    outdir = tmp_path_factory.mktemp("print_pdf")
    paths = [p for f in files.values() for p in f.values()]
    pages = to_pdf(paths, outdir, tmp_path_factory.mktemp("lo_profile_print"))
    sizes = {}
    for i, p in enumerate(paths):
        pdf = outdir / f"f{i}.pdf"
        info = subprocess.run(["pdfinfo", "-f", "1", "-l", "999", str(pdf)], capture_output=True, text=True,
                              check=True).stdout
        sizes[p] = [(float(w), float(h)) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)]
        sizes[p, "raw"] = pdf.read_bytes()
    return files, pages, sizes


def _flat_pages(pages: list[str]) -> tuple[str, list[int]]:
    """All pages as one flat text and the offset where each page starts."""
    text, starts = "", []
    for page in pages:
        starts.append(len(text))
        text += " ".join(page.split()) + " "
    return text, starts


def _page_at(starts: list[int], pos: int) -> int:
    return max(i for i, s in enumerate(starts) if s <= pos)


def _find(text: str, name: str, pos: int) -> int:
    """Where a row's name is printed after `pos`: its first three words in order, other cells' words allowed
    between them (pdftotext -layout interleaves the lines of wrapped cells side by side)."""
    words = [re.escape(w) for w in _norm(name).split()[:3]]
    m = re.compile(r"(?:\s+\S+){0,14}?\s+".join(words)).search(text, pos)
    return m.start() if m else -1


@pytest.mark.parametrize("which", ["binjai2022", "blitar2021"])
def test_docx_pages(printed, which):
    files, pages, sizes = printed
    path = files[which]["docx"]
    text, starts = _flat_pages(pages[path])
    doc = docx.Document(str(path))
    tables = docx_tables(path)
    pos = 0
    for (caption, rows), table in zip(tables, doc.tables):
        at = text.find(caption, pos)
        assert at >= 0, f"caption not printed whole: {caption}"          # never clipped
        page = _page_at(starts, at)
        w, h = sizes[path][page]
        ncols = len(rows[0])
        assert (w > h) == (ncols > 6), (caption, ncols, w, h)             # landscape for more than six columns
        body_pages = []
        pos = at + len(caption)
        for row in rows[1:]:
            name = row[1] if len(row) > 1 else row[0]
            found = _find(text, name, pos)
            assert found >= 0, (caption, name)
            body_pages.append(_page_at(starts, found))
            pos = found
        # the caption keeps with the first rows; the last row never stands alone on a page
        assert body_pages[0] == page and (len(body_pages) < 2 or body_pages[1] == page), (caption, body_pages)
        if len(body_pages) > 1:
            assert body_pages[-1] == body_pages[-2], (caption, body_pages)
    # the language Word and LibreOffice check spelling with, in the document and in the PDF
    lang = doc.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert lang.get(f"{W}val") == "id-ID"
    assert b"/Lang(id-ID)" in sizes[path, "raw"]


@pytest.mark.parametrize("which", ["binjai2022", "blitar2021"])
def test_xlsx_pages(printed, which):
    files, pages, sizes = printed
    path = files[which]["xlsx"]
    wb = load_workbook(path)
    text, starts = _flat_pages(pages[path])
    tables = [ws for ws in wb.worksheets if ws.title.startswith("Tabel ")]
    assert tables
    for ws in tables:
        caption = ws["A1"].value
        ncols = ws.max_column
        # the title cell spans the table, wraps, and its row holds every line
        merged = [str(r) for r in ws.merged_cells.ranges if str(r).startswith("A1:")]
        header = [c.value for c in ws[3]]
        ncols = len([v for v in header if v is not None])
        assert merged and ws["A1"].alignment.wrap_text
        widths = [ws.column_dimensions[chr(65 + c)].width for c in range(ncols)]
        assert ws.row_dimensions[1].height >= 16 * caption_lines(caption, widths)
        at = text.rfind(caption)          # the sheet Keterangan lists every title first
        assert at >= 0, f"title clipped in print: {caption}"
        page = _page_at(starts, at)
        w, h = sizes[path][page]
        assert (w > h) == (ncols > 6), (ws.title, ncols)
        assert ws.print_title_rows == "$3:$3"


def test_all_agencies_workbook_prints_landscape_and_whole(printed):
    files, pages, sizes = printed
    path = files["binjai2022"]["all"]
    # landscape but for the chart sheet's (five columns and charts: portrait, never a chart cut by a page break)
    charts = [i for i, page in enumerate(pages[path]) if "Kinerja per Perangkat Daerah" in page
              or "Anggaran per Perangkat Daerah" in page]
    assert charts and all((w > h) == (i not in charts) for i, (w, h) in enumerate(sizes[path]))
    text, _ = _flat_pages(pages[path])
    wb = load_workbook(path)
    ws = wb["Daftar OPD"]
    assert ws.page_setup.orientation == "landscape" and ws.sheet_properties.pageSetUpPr.fitToPage
    words = set(text.split())
    for cell in ws[2]:      # every word of the agency's line is printed, none cut off by a row too short
        if cell.value:
            assert set(_norm(str(cell.value)).split()) <= words, cell.value
    # one sheet per kind: no "Anggaran 2"
    assert not [n for n in wb.sheetnames if re.search(r" \d+$", n)]
