"""The LKjIP tables of one agency as a Word document (python-docx), ready to paste into the report: each table
under its caption ("Tabel 3.1 …"), numbers in Indonesian form ("98,18 %", "Rp 7.193.500.570"), the header row
repeated on every page, rows that do not split over a page, portrait A4 with every table fitted to its width.
Deterministic: fixed document properties and zip dates."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal
from typing import BinaryIO

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from ..evaluate.numbers import format_id
from .lkjip_tables import FIGURE, GROUP, PERCENT, POINTS, RATIO, RUPIAH, TEXT, TOTAL, AgencyLaporan, Table
from .rekap import FIXED_DATE

NBSP = "\u00a0"          # keeps "98,18 %" and "Rp 7.193.500.570" on one line in a narrow column
PAGE_WIDTH, PAGE_HEIGHT, MARGIN = 21.0, 29.7, 2.0
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN
_ZIP_DATE = (2000, 1, 1, 0, 0, 0)
_HEAD_FILL, _GROUP_FILL = "DDEBF7", "F2F2F2"


def show(value, kind: str, decimals: int = 2) -> str:
    """A table value in Indonesian form."""
    if value is None or value == "":
        return ""
    if not isinstance(value, Decimal) or kind == TEXT:
        return str(value)
    if not value.is_finite():
        return str(value)
    if kind == PERCENT:
        return f"{format_id(value, decimals)}{NBSP}%"
    if kind == RUPIAH:
        return f"Rp{NBSP}{format_id(value)}"
    if kind == RATIO:
        return format_id(value, 2)
    if kind == POINTS:
        return ("+" if value > 0 else "") + format_id(value, decimals)
    return format_id(value)


def _shade(cell, fill: str) -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shd)


def _row_flag(row, tag: str) -> None:
    el = OxmlElement(tag)
    el.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(el)


def _write_cell(cell, text: str, size: float, *, bold: bool = False, align=None) -> None:
    p = cell.paragraphs[0]
    p.paragraph_format.space_after = Pt(0)
    p.paragraph_format.space_before = Pt(0)
    if align is not None:
        p.alignment = align
    run = p.add_run(text)
    run.font.size = Pt(size)
    run.bold = bold


def _table(doc, t: Table, decimals: int) -> None:
    cap = doc.add_paragraph(style="Caption")
    cap.alignment = WD_ALIGN_PARAGRAPH.CENTER
    cap.paragraph_format.keep_with_next = True
    run = cap.add_run(t.caption)
    run.bold = True
    run.italic = False
    run.font.size = Pt(10)

    ncols = len(t.columns)
    size = 9.0 if ncols <= 8 else 8.0
    total = sum(c.width for c in t.columns)
    scale = min(1.0, TEXT_WIDTH / total)
    widths = [Cm(c.width * scale) for c in t.columns]
    table = doc.add_table(rows=1, cols=ncols)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    head = table.rows[0]
    _row_flag(head, "w:tblHeader")   # repeated at the top of every page
    _row_flag(head, "w:cantSplit")
    for c, col in enumerate(t.columns):
        cell = head.cells[c]
        cell.width = widths[c]
        _write_cell(cell, col.label, size, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        _shade(cell, _HEAD_FILL)
    for row in t.rows:
        tr = table.add_row()
        _row_flag(tr, "w:cantSplit")
        cells = tr.cells
        for c in range(ncols):
            cells[c].width = widths[c]
        if row.kind == GROUP:
            merged = cells[0].merge(cells[-1])
            _write_cell(merged, str(row.cells[0]), size, bold=True)
            _shade(merged, _GROUP_FILL)
            continue
        for c, col in enumerate(t.columns):
            align = WD_ALIGN_PARAGRAPH.LEFT if col.kind == TEXT else WD_ALIGN_PARAGRAPH.RIGHT
            if c == 0:
                align = WD_ALIGN_PARAGRAPH.CENTER
            _write_cell(cells[c], show(row.cells[c], col.kind, decimals), size, bold=row.kind == TOTAL, align=align)
            if row.kind == TOTAL:
                _shade(cells[c], _GROUP_FILL)
    for note in t.notes:
        p = doc.add_paragraph()
        p.paragraph_format.space_after = Pt(2)
        r = p.add_run(note)
        r.font.size = Pt(8.5)
        r.italic = True
    doc.add_paragraph()


def write_agency_docx(lap: AgencyLaporan, target: BinaryIO, decimals: int = 2, round_label: str = "") -> None:
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(PAGE_WIDTH), Cm(PAGE_HEIGHT)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(MARGIN))
    normal = doc.styles["Normal"]
    normal.font.size = Pt(10)
    props = doc.core_properties
    props.author = props.last_modified_by = "lkjip"
    props.title = f"LKjIP {lap.agency} {lap.tahun}".strip()
    props.comments = "lkjip laporan"
    props.created = props.modified = FIXED_DATE
    props.revision = 1

    doc.add_heading(f"Tabel Bab III LKjIP {lap.agency}", level=1)
    intro = doc.add_paragraph()
    intro.add_run(f"{lap.period}. " if lap.period else "")
    intro.add_run("Angka diambil dari hasil putaran monitoring"
                  + (f" {round_label}" if round_label else "")
                  + " seperti dihitung lkjip (capaian, pembulatan dan predikat sama dengan workbook yang dilengkapi "
                    "dan rekap). Setiap tabel dapat disalin langsung ke laporan.")
    if lap.notes:
        p = doc.add_paragraph()
        p.add_run("Catatan:").bold = True
        for note in lap.notes:
            doc.add_paragraph(note, style="List Bullet")
    for t in lap.tables:
        _table(doc, t, decimals)
    buf = io.BytesIO()
    doc.save(buf)
    _fixed_zip(buf.getvalue(), target)


def _fixed_zip(data: bytes, target: BinaryIO) -> None:
    """The same package with fixed entry dates (python-docx stamps each entry with the current time)."""
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, _ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            out.writestr(entry, src.read(info.filename))
