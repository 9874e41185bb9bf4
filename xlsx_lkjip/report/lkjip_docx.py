"""The LKjIP tables of one agency as a Word document (python-docx), ready to paste into the report: each table
under its caption ("Tabel 3.1 …"), numbers in Indonesian form ("98,18 %", "Rp 7.193.500.570"), the header row
repeated on every page, rows that do not split over a page, portrait A4 with every table fitted to its width.
Deterministic: fixed document properties and zip dates."""

from __future__ import annotations

import copy
import io
import zipfile
from typing import BinaryIO

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from .lkjip_charts import docx_chart
from .lkjip_tables import FILL, GROUP, TEXT, TOTAL, AgencyLaporan, Row, Table, column_places, display
from .rekap import FIXED_DATE

PAGE_WIDTH, PAGE_HEIGHT, MARGIN = 21.0, 29.7, 2.0
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN
_ZIP_DATE = (2000, 1, 1, 0, 0, 0)
_HEAD_FILL, _GROUP_FILL, _INPUT_FILL = "DDEBF7", "F2F2F2", "FFF2CC"


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
    """One paragraph, one run, no spacing: a table cell as it is pasted."""
    p = cell.paragraphs[0]
    p.paragraph_format.space_after = Pt(0)
    p.paragraph_format.space_before = Pt(0)
    if align is not None:
        p.alignment = align
    run = p.add_run(text)
    run.font.size = Pt(size)
    run.bold = bold


# Arial's advance widths (em), roughly: what a string needs on a line.  Word has Arial; LibreOffice renders it
# with Liberation Sans (the same widths) or, where that is missing, DejaVu Sans (up to 15 % wider): SLACK keeps
# a figure on one line in either.
_EM = {**dict.fromkeys("0123456789", 0.556), **dict.fromkeys(".,:;' !|", 0.278), "%": 0.889, "-": 0.333,
       "+": 0.584, "(": 0.333, ")": 0.333, "/": 0.278, "×": 0.584, "÷": 0.584, "\u00a0": 0.278,
       **dict.fromkeys("iljIft", 0.28), **dict.fromkeys("mwMW", 0.85)}
FONT = "Arial"
PT_CM = 2.54 / 72
PAD = 0.45       # a cell's left and right margins (0,19 cm each) and a little air
SLACK = 1.16


def text_width(text: str, size: float, bold: bool = False) -> float:
    """The width of `text` on one line, in cm."""
    em = sum(_EM.get(ch, 0.69 if ch.isupper() else 0.54) for ch in text)
    return em * size * PT_CM * (1.1 if bold else 1.0) * SLACK


def column_widths(t: Table, size: float, decimals: int, page: float = TEXT_WIDTH) -> list[float]:
    """Widths (cm) that fit the page: a figure never breaks inside ("Rp 4.809.531.900" stays on one line), a
    header word never splits, a short phrase ("Sangat Tinggi") stays on one line; the text columns share what is
    left, in proportion to their nominal widths."""
    mins, flexible = [], []
    body = [r.cells for r in t.rows if r.kind != GROUP]
    places = column_places(t.columns, body, decimals)
    for c, col in enumerate(t.columns):
        cells = [(display(r.cells[c], col.kind, decimals, places[c]), r.kind == TOTAL) for r in t.rows
                 if r.kind != GROUP]
        head = max((text_width(w, size - 0.5, True) for w in col.label.split()), default=0)
        # a text column to be filled in (FILL) gets room for what the agency will write
        if col.kind == TEXT and not col.nowrap and any(len(x) > 8 or x == FILL for x, _ in cells):
            flexible.append(c)
            words = max((text_width(w, size, bold) for x, bold in cells for w in x.split()), default=0)
            mins.append(max(words, head) + PAD)
        else:   # figures (and short texts: No, a code, a unit): one unbroken line each
            mins.append(max(max((text_width(x, size, bold) for x, bold in cells), default=0), head) + PAD)
    out = list(mins)
    left = page - sum(w for c, w in enumerate(mins) if c not in flexible)
    weights = sum(t.columns[c].width for c in flexible) or 1
    for c in flexible:
        out[c] = max(mins[c], left * t.columns[c].width / weights)
    over = sum(out) - page
    room = sum(out[c] - mins[c] for c in flexible)
    if over > 0 and room > 0:   # shrink the text columns towards their minimum
        for c in flexible:
            out[c] -= min(over, room) * (out[c] - mins[c]) / room
    return [round(w, 3) for w in out]


def _folded(t: Table) -> tuple[Table, int | None, int | None]:
    """The table as the .docx shows it: a note column (Column.fold) taken out; (table, the note column's index
    in the full table, the column its notes go under)."""
    notes = [c for c, col in enumerate(t.columns) if col.fold]
    if not notes:
        return t, None, None
    n = notes[0]
    keep = [c for c in range(len(t.columns)) if c != n]
    # under the widest name column (the indicator's, not a narrow Kode)
    under = max((i for i, c in enumerate(keep) if t.columns[c].kind == TEXT and i > 0),
                key=lambda i: (t.columns[keep[i]].width, i))
    rows = [r if r.kind == GROUP else Row([r.cells[c] for c in keep], r.kind, r.group) for r in t.rows]
    return Table(t.key, t.number, t.title, [t.columns[c] for c in keep], rows, t.notes, t.group_label, t.chart), n, under


def _keep(cell_or_par_holder) -> None:
    for p in cell_or_par_holder.paragraphs:
        p.paragraph_format.keep_with_next = True


def _orient(doc, landscape: bool) -> float:
    """Put the next table on a landscape page when it is wide, on a portrait one otherwise: where the
    orientation changes, the section ends in the last paragraph written (a section break of its own would be an
    empty paragraph LibreOffice sets on a page of its own).  Returns the text width (cm) of the page."""
    body = doc.element.body
    final = body.find(qn("w:sectPr"))
    size = final.find(qn("w:pgSz"))
    if (size.get(qn("w:orient")) == "landscape") != landscape:
        ended = copy.deepcopy(final)
        last = body.findall(qn("w:p"))[-1]
        last.get_or_add_pPr().append(ended)
        w, h = (PAGE_HEIGHT, PAGE_WIDTH) if landscape else (PAGE_WIDTH, PAGE_HEIGHT)
        section = doc.sections[-1]
        section.start_type = WD_SECTION.NEW_PAGE
        section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Cm(w), Cm(h)
    return (PAGE_HEIGHT if landscape else PAGE_WIDTH) - 2 * MARGIN


# A table of at most this many rows is kept on one page whole (every row keeps with the next); a longer one
# keeps its first three rows and its last two together, so no page holds a lone row of it.
SHORT_TABLE = 14


def _table(doc, full: Table, decimals: int) -> None:
    t, note_col, under = _folded(full)
    page_text = _orient(doc, t.wide)
    cap = doc.add_paragraph(style="Caption")
    cap.alignment = WD_ALIGN_PARAGRAPH.CENTER
    cap.paragraph_format.keep_with_next = True
    run = cap.add_run(t.caption)
    run.bold = True
    run.italic = False
    run.font.size = Pt(10)
    run.font.color.rgb = RGBColor(0, 0, 0)

    ncols = len(t.columns)
    size = 9.0 if ncols <= 8 else 8.0
    fitted = column_widths(t, size, decimals, page_text)
    while sum(fitted) > page_text + 0.01 and size > 7:   # a smaller font before a table wider than the page
        size -= 0.5
        fitted = column_widths(t, size, decimals, page_text)
    widths = [Cm(w) for w in fitted]
    places = column_places(t.columns, [r.cells for r in t.rows if r.kind != GROUP], decimals)
    table = doc.add_table(rows=1, cols=ncols)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False          # a fixed layout: Word and LibreOffice keep the widths given
    for c, col in enumerate(table.columns):
        col.width = widths[c]
    head = table.rows[0]
    _row_flag(head, "w:tblHeader")   # repeated at the top of every page
    _row_flag(head, "w:cantSplit")
    for c, col in enumerate(t.columns):
        cell = head.cells[c]
        cell.width = widths[c]
        _write_cell(cell, col.label, size - 0.5, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        _shade(cell, _HEAD_FILL)
    full_rows = full.rows
    for i, row in enumerate(t.rows):
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
            _write_cell(cells[c], display(row.cells[c], col.kind, decimals, places[c]), size,
                        bold=row.kind == TOTAL, align=align)
            if row.kind == TOTAL:
                _shade(cells[c], _GROUP_FILL)
            elif row.cells[c] == FILL:
                _shade(cells[c], _INPUT_FILL)
        note = full_rows[i].cells[note_col] if note_col is not None else ""
        if note:
            p = cells[under].add_paragraph()
            p.paragraph_format.space_after = Pt(0)
            run = p.add_run(f"({note})")
            run.italic = True
            run.font.size = Pt(size - 1)
    rows = table.rows
    keep = range(len(rows) - 1) if len(rows) <= SHORT_TABLE else [0, 1, 2, len(rows) - 2]
    for i in keep:
        for cell in rows[i].cells:
            _keep(cell)
    for note in t.notes:
        p = doc.add_paragraph()
        p.paragraph_format.space_after = Pt(2)
        r = p.add_run(note)
        r.font.size = Pt(8.5)
        r.italic = True
    if t.chart is not None:
        docx_chart(doc, t, decimals, page_text)
    doc.add_paragraph()


def _language(doc, lang: str = "id-ID") -> None:
    """The document's language (Word and LibreOffice check spelling against it): every style inherits it."""
    styles = doc.styles.element
    rpr = styles.find(qn("w:docDefaults") + "/" + qn("w:rPrDefault") + "/" + qn("w:rPr"))
    if rpr is None:
        return
    el = rpr.find(qn("w:lang"))
    if el is None:
        el = OxmlElement("w:lang")
        rpr.append(el)
    for attr in ("w:val", "w:eastAsia"):
        el.set(qn(attr), lang)
    el.set(qn("w:bidi"), "ar-SA")
    settings = doc.settings.element
    theme = settings.find(qn("w:themeFontLang"))
    if theme is not None:
        theme.set(qn("w:val"), lang)


def write_agency_docx(lap: AgencyLaporan, target: BinaryIO, decimals: int = 2, round_label: str = "") -> None:
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(PAGE_WIDTH), Cm(PAGE_HEIGHT)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(MARGIN))
    normal = doc.styles["Normal"]
    normal.font.size = Pt(10)
    normal.font.name = FONT
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    for name in ("Heading 1", "Caption", "List Bullet"):
        doc.styles[name].font.name = FONT
    _language(doc)
    props = doc.core_properties
    props.author = props.last_modified_by = "lkjip"
    props.title = f"LKjIP {lap.agency} {lap.tahun}".strip()
    props.comments = "lkjip laporan"
    props.language = "id-ID"
    props.created = props.modified = FIXED_DATE
    props.revision = 1

    doc.add_heading(f"Tabel Bab II dan III LKjIP {lap.agency}", level=1)
    intro = doc.add_paragraph()
    intro.add_run(f"{lap.period}. " if lap.period else "")
    intro.add_run("Angka diambil dari hasil putaran monitoring"
                  + (f" {round_label}" if round_label else "")
                  + " seperti dihitung lkjip (capaian, pembulatan dan predikat sama dengan workbook yang dilengkapi "
                    "dan rekap). Setiap tabel dapat disalin langsung ke laporan.")
    if lap.warnings:
        p = doc.add_paragraph()
        p.add_run("Peringatan:").bold = True
        for warning in lap.warnings:
            doc.add_paragraph(warning, style="List Bullet")
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
