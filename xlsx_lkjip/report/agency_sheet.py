"""The agency's own summary sheet "Ringkasan lkjip", added to each completed workbook: its average capaian,
predikat counts and its problems, each problem a hyperlink to the cell it names.  Added to the package in
place: a new worksheet part, one <sheet> in workbook.xml, one relationship and one content-type override;
no other part is touched."""

from __future__ import annotations

import posixpath
from collections import Counter

from lxml import etree

from ..evaluate.kinds import average_label
from ..io.grid import address
from ..io.package import NS_CT, NS_MAIN, NS_R, NS_REL, Package, rels_part
from ..patterns import lazy_re

SHEET_NAME = "Ringkasan lkjip"
WORKSHEET_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
_NUM = lazy_re(r"^[A-Z]{1,3}\d+$")


# xml.sax.saxutils' escape() and quoteattr(), written out: importing that module loads urllib, http, email and
# ssl (15 ms of every run's start)
def escape(data: str) -> str:
    return data.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


def quoteattr(data: str) -> str:
    data = escape(data).replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    if '"' not in data:
        return f'"{data}"'
    return '"%s"' % data.replace('"', "&quot;") if "'" in data else f"'{data}'"


def _cell(row: int, col: int, value) -> str:
    ref = address(row, col)
    if value is None or value == "":
        return ""
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"><v>{value}</v></c>'
    text = str(value)
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f'<c r="{ref}" t="inlineStr"><is><t{space}>{escape(text)}</t></is></c>'


def _sheet_ref(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


COLUMN_WIDTHS = {1: 60, 2: 24, 3: 12, 4: 12, 5: 70}


def summary_rows(result) -> tuple[list[list], list[tuple[int, int, str, str]]]:
    """The sheet's rows (values) and its hyperlinks (row, col, sheet, cell), 1-based."""
    rows: list[list] = [["Ringkasan hasil lkjip"], [],
                        ["Perangkat Daerah", result.info.agency],
                        ["Triwulan", result.info.triwulan], ["Tahun", result.info.tahun], []]
    for part in result.parts():   # a workbook of a Renja and a PK sheet: a line per form, never one mixed figure
        for side in ("K", "Rp"):
            if side in part.average:
                avg = part.average[side]
                label = average_label(part.form, side)   # as the form's kind names it
                label = label[:1].upper() + label[1:] + " (%)"
                if result.per_form:
                    label = f"{label} — {part.form}"
                rows.append([label, float(avg) if avg is not None else "", part.predikat.get(side, "")])
    counts = Counter(p for s in result.sheets for p in s.predikats())
    rows += [[], ["Predikat", "Jumlah indikator"]]
    rows += [[name, n] for name, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    rows += [[], ["Masalah", "Sheet", "Sel", "Tingkat", "Yang perlu dilakukan"]]
    links = []
    first_problem = len(rows) + 1
    for i, p in enumerate(result.problems):
        rows.append([p.message, p.sheet, p.cell, p.level, p.fix])
        if p.sheet and _NUM.match(p.cell or ""):
            links.append((first_problem + i, 3, p.sheet, p.cell))
    if not result.problems:
        rows.append(["Tidak ada masalah."])
    return rows, links


def sheet_xml(result) -> bytes:
    rows, link_cells = summary_rows(result)
    links = [f'<hyperlink ref="{address(r, c)}" location={quoteattr(_sheet_ref(sheet) + "!" + cell)} '
             f'display={quoteattr(cell)}/>' for r, c, sheet, cell in link_cells]
    body = []
    for r, values in enumerate(rows, 1):
        cells = "".join(_cell(r, c, v) for c, v in enumerate(values, 1))
        body.append(f'<row r="{r}">{cells}</row>' if cells else f'<row r="{r}"/>')
    xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           f'<worksheet xmlns="{NS_MAIN}" xmlns:r="{NS_R}">'
           f'<dimension ref="A1:E{len(rows)}"/>'
           f'<cols><col min="1" max="1" width="60" customWidth="1"/><col min="2" max="2" width="24" customWidth="1"/>'
           f'<col min="3" max="4" width="12" customWidth="1"/><col min="5" max="5" width="70" customWidth="1"/></cols>'
           f'<sheetData>{"".join(body)}</sheetData>'
           + (f'<hyperlinks>{"".join(links)}</hyperlinks>' if links else "")
           + '</worksheet>')
    return xml.encode("utf-8")


def add_summary_sheet(pkg: Package, result, replaced: dict, added: list) -> None:
    """Add the summary as the last sheet (so sheet indexes used by defined names do not move)."""
    names = {s.get("name") for s in pkg.workbook.iter(f"{{{NS_MAIN}}}sheet")}
    if SHEET_NAME in names:   # a workbook completed before: replace our own sheet's content
        for ref in pkg.sheets:
            if ref.name == SHEET_NAME:
                replaced[ref.part] = sheet_xml(result)
                return
        return
    wb_part = pkg.workbook_part
    base = posixpath.dirname(wb_part)
    n = 1
    while pkg.has(posixpath.join(base, f"worksheets/sheet{n}.xml")):
        n += 1
    part = posixpath.join(base, f"worksheets/sheet{n}.xml")

    def load(name: str):
        data = replaced.get(name)
        return pkg.xml(name) if data is None else etree.fromstring(data)

    wb = load(wb_part)
    sheets = wb.find(f"{{{NS_MAIN}}}sheets")
    ids = [int(s.get("sheetId", "0")) for s in sheets if s.get("sheetId", "").isdigit()]
    rels_name = rels_part(wb_part)
    rels = load(rels_name)
    rel_ids = {r.get("Id") for r in rels}
    k = 1
    while f"rIdLkjip{k}" in rel_ids:
        k += 1
    rid = f"rIdLkjip{k}"
    etree.SubElement(rels, f"{{{NS_REL}}}Relationship", Id=rid, Target=f"worksheets/sheet{n}.xml",
                     Type=f"{NS_R}/worksheet")
    # The r: prefix, declared here when the workbook declares it only on each <sheet> (openpyxl): otherwise lxml
    # would take a prefix registered by whatever module this process imported (openpyxl registers "r"), and the
    # same input would give other bytes in another process.
    declare = {} if NS_R in sheets.nsmap.values() else {"nsmap": {"ns0": NS_R}}
    sheet = etree.SubElement(sheets, f"{{{NS_MAIN}}}sheet", name=SHEET_NAME, sheetId=str(max(ids, default=0) + 1),
                             **declare)
    sheet.set(f"{{{NS_R}}}id", rid)
    ct = load("[Content_Types].xml")
    etree.SubElement(ct, f"{{{NS_CT}}}Override", PartName="/" + part, ContentType=WORKSHEET_CT)
    for name, root in ((wb_part, wb), (rels_name, rels), ("[Content_Types].xml", ct)):
        replaced[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    added.append((part, sheet_xml(result)))
