"""Workbooks that are not .xlsx, made for the tests: .xls / .ods saved by LibreOffice (`soffice --convert-to`),
an HTML table saved as ".xls" the way e-SAKIP / e-Monev (PHP) apps export "Excel", and .ods packages written
by hand (content.xml as LibreOffice writes it) for the reader's details and the hostile cases.

LibreOffice: :func:`need_soffice` skips a test where it is not installed, except under CI (CI set), where it
fails: .ci/run installs it.
"""

from __future__ import annotations

import html
import subprocess
import zipfile
from decimal import Decimal
from pathlib import Path

from openpyxl import load_workbook

from tests.conftest import need_soffice as conftest_need_soffice

TIMEOUT = 180

ODS_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
          'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
          'xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" '
          'xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"')
ODS_MIMETYPE = "application/vnd.oasis.opendocument.spreadsheet"


def need_soffice() -> str:
    return conftest_need_soffice("the .xls/.ods tests")


def soffice_convert(exe: str, profile: Path, files: list[Path], target: str, outdir: Path) -> list[Path]:
    """`soffice --headless --convert-to TARGET` with a dedicated profile; the converted files."""
    outdir.mkdir(parents=True, exist_ok=True)
    cmd = [exe, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
           "--convert-to", target, "--outdir", str(outdir), *map(str, files)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT)
    assert proc.returncode == 0, f"{cmd}\n{proc.stdout}\n{proc.stderr}"
    ext = target.split(":")[0]
    out = [outdir / f"{f.stem}.{ext}" for f in files]
    assert all(p.is_file() for p in out), (proc.stdout, proc.stderr)
    return out


# -- HTML "xls" as PHP apps write it --------------------------------------------------------------------

def id_number(v) -> str:
    """A figure as the PHP exports print it: number_format($x, …, ',', '.'): 1.905.955.200, 0,25."""
    d = Decimal(str(v))
    sign = "-" if d < 0 else ""
    d = abs(d)
    whole = int(d)
    frac = d - whole
    text = f"{whole:,}".replace(",", ".")
    if frac:
        text += "," + format(frac.normalize(), "f").split(".")[1]
    return sign + text


def html_table_from_xlsx(xlsx: Path, path: Path, title_rows: int = 0, *, encoding: str = "utf-8") -> Path:
    """The first sheet of `xlsx` as an e-SAKIP-style export: the first `title_rows` rows as headings above the
    table (one <p> each, as PHP templates print them), every other row a <tr>; merged ranges as colspan /
    rowspan; numbers printed the Indonesian way; saved as `path` (an ".xls" name)."""
    wb = load_workbook(xlsx)
    ws = wb.worksheets[0]
    spans = {}
    covered = set()
    for m in ws.merged_cells.ranges:
        spans[(m.min_row, m.min_col)] = (m.max_row - m.min_row + 1, m.max_col - m.min_col + 1)
        for r in range(m.min_row, m.max_row + 1):
            for c in range(m.min_col, m.max_col + 1):
                if (r, c) != (m.min_row, m.min_col):
                    covered.add((r, c))
    max_col = ws.max_column
    out = ['<html><head><meta http-equiv="Content-Type" content="text/html; charset=' + encoding + '">'
           '<style>td{border:1px solid #000}</style></head><body>']
    for r in range(1, title_rows + 1):
        text = " ".join(str(c.value) for c in ws[r] if c.value is not None)
        out.append(f"<p><b>{html.escape(text)}</b></p>")
    out.append('<table border="1" cellspacing="0">')
    for r in range(title_rows + 1, ws.max_row + 1):
        tds = []
        for c in range(1, max_col + 1):
            if (r, c) in covered:
                continue
            v = ws.cell(r, c).value
            if isinstance(v, bool):
                text = "TRUE" if v else "FALSE"
            elif isinstance(v, (int, float)):
                text = id_number(v)
            else:
                text = "" if v is None else str(v)
            attrs = ""
            if (r, c) in spans:
                rs, cs = spans[(r, c)]
                attrs = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
            tds.append(f"<td{attrs}>{html.escape(text)}</td>")
        out.append("<tr>" + "".join(tds) + "</tr>")
    out.append("</table></body></html>")
    path.write_bytes("\n".join(out).encode(encoding))
    wb.close()
    return path


# -- .ods by hand ----------------------------------------------------------------------------------------

def ods_content(tables: str, styles: str = "", prolog: str = "") -> str:
    return (f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<office:document-content {ODS_NS} office:version="1.3">'
            f"<office:automatic-styles>{styles}</office:automatic-styles>"
            f"<office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body></office:document-content>")


def write_ods(path: Path, content: str | bytes, extra: dict[str, bytes | str] | None = None) -> Path:
    """An .ods package: the mimetype stored first (as ODF requires), content.xml, a manifest."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("mimetype"), ODS_MIMETYPE, compress_type=zipfile.ZIP_STORED)
        z.writestr("content.xml", content)
        z.writestr("META-INF/manifest.xml", '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                   'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
                   '<manifest:file-entry manifest:full-path="/" manifest:media-type="' + ODS_MIMETYPE + '"/>'
                   '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                   '</manifest:manifest>')
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return path


def ods_cell(value=None, *, text: str | None = None, vtype: str | None = None, formula: str | None = None,
             span: tuple[int, int] | None = None, repeat: int = 1, style: str | None = None) -> str:
    """One <table:table-cell>: a number (float/int/Decimal), a string, or as given by `vtype`."""
    attrs = []
    body = ""
    if value is not None:
        if isinstance(value, str) and vtype is None:
            attrs.append('office:value-type="string" calcext:value-type="string"')
            body = f"<text:p>{html.escape(value, quote=False)}</text:p>"
        elif vtype == "percentage" or vtype in (None, "float", "currency"):
            attrs.append(f'office:value-type="{vtype or "float"}" office:value="{value}"')
            body = f"<text:p>{html.escape(text if text is not None else str(value), quote=False)}</text:p>"
        else:
            attrs.append(f'office:value-type="{vtype}"')
            body = f"<text:p>{html.escape(text or str(value), quote=False)}</text:p>"
    if formula:
        attrs.append(f'table:formula="{html.escape(formula)}"')
    if span:
        attrs.append(f'table:number-rows-spanned="{span[0]}" table:number-columns-spanned="{span[1]}"')
    if repeat > 1:
        attrs.append(f'table:number-columns-repeated="{repeat}"')
    if style:
        attrs.append(f'table:style-name="{style}"')
    return f"<table:table-cell {' '.join(attrs)}>{body}</table:table-cell>"


def xls_from_xlsx(xlsx: Path, path: Path) -> Path:
    """The values and merges of every sheet of `xlsx` as a BIFF8 .xls written byte by byte (tests/xls_bytes.py),
    for tests that need an .xls without LibreOffice.  Formulas are left out (no cached values to write)."""
    from tests.xls_bytes import XlsSheet, xls_workbook

    wb = load_workbook(xlsx)
    sheets = []
    for ws in wb:
        cells = {}
        for row in ws.iter_rows():
            for c in row:
                v = c.value
                if v is None or (isinstance(v, str) and v.startswith("=")):
                    continue
                cells[(c.row - 1, c.column - 1)] = v if isinstance(v, (str, bool)) else float(v)
        merges = [(m.min_row - 1, m.min_col - 1, m.max_row - 1, m.max_col - 1) for m in ws.merged_cells.ranges]
        sheets.append(XlsSheet(ws.title, cells, merges, hidden=ws.sheet_state != "visible"))
    wb.close()
    path.write_bytes(xls_workbook(sheets))
    return path
