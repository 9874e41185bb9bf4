"""Reading `lkjip laporan`'s outputs back as a reader sees them: the .docx tables (python-docx) with their
captions, the .xlsx table sheets (openpyxl)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from openpyxl import load_workbook

NBSP = "\u00a0"


def _norm(text: str) -> str:
    return " ".join(text.replace(NBSP, " ").split())


# -- reading the outputs back -------------------------------------------------------------------------------
def docx_tables(path: Path) -> list[tuple[str, list[list[str]]]]:
    """(caption, rows of cell texts) of every table in the document, in order; the caption is the paragraph
    right above the table."""
    doc = docx.Document(str(path))
    out, last = [], ""
    tables = iter(doc.tables)
    for el in doc.element.body.iterchildren():
        tag = el.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = "".join(t.text or "" for t in el.iter() if t.tag.endswith("}t"))
            if text.strip():
                last = _norm(text)
        elif tag == "tbl":
            t = next(tables)
            rows = []
            for row in t.rows:
                cells, seen = [], set()
                for cell in row.cells:       # a merged sub-header row repeats one cell
                    if id(cell._tc) in seen:
                        continue
                    seen.add(id(cell._tc))
                    cells.append(_norm(cell.text))
                rows.append(cells)
            out.append((last, rows))
            last = ""
    return out


def docx_table(path: Path, caption_start: str) -> list[list[str]]:
    found = [rows for cap, rows in docx_tables(path) if (cap + " ").startswith(caption_start + " ")]
    assert len(found) == 1, ([cap for cap, _ in docx_tables(path)], caption_start)
    return found[0]


def row_of(rows: list[list[str]], name: str) -> list[str]:
    """The row whose name cell is `name` (in the .docx a row's note follows its name: "… (polaritas negatif)")."""
    found = [r for r in rows if len(r) > 1 and any(c == name or c.startswith(name + " (") for c in r[:3])]
    assert len(found) == 1, (name, rows)
    return found[0]


def xlsx_table(path: Path, number: str):
    """(caption, header, rows of values) of sheet "Tabel <number>"."""
    wb = load_workbook(path)
    ws = wb[f"Tabel {number}"]
    values = [[c.value for c in row] for row in ws.iter_rows()]
    return values[0][0], values[2], [r for r in values[3:] if any(v is not None for v in r)], ws


def xlsx_row(rows, name):
    found = [r for r in rows if name in r]
    assert len(found) == 1, (name, rows)
    return found[0]


def to_pdf(files: list[Path], outdir: Path, profile: Path) -> dict[Path, list[str]]:
    """Each file converted to PDF by LibreOffice (one call for all), read back with pdftotext -layout: the text
    of each page (pdftotext ends a page with a form feed).  A .docx and an .xlsx of one stem do not collide."""
    from tests.conftest import need_soffice

    exe = need_soffice("the PDF checks of lkjip laporan")
    if shutil.which("pdftotext") is None:
        if os.environ.get("CI"):
            pytest.fail("pdftotext must be installed under CI (.ci/run)")
        pytest.skip("pdftotext (poppler-utils) is not installed")
    outdir.mkdir(parents=True, exist_ok=True)
    copies = {}
    for i, f in enumerate(files):
        copy = outdir / f"f{i}{f.suffix}"
        shutil.copyfile(f, copy)
        copies[f] = copy
    cmd = [exe, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore", "--convert-to", "pdf",
           "--outdir", str(outdir), *map(str, copies.values())]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    out = {}
    for f, copy in copies.items():
        pdf = copy.with_suffix(".pdf")
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, timeout=120,
                              check=True).stdout
        out[f] = [page.replace(NBSP, " ") for page in text.split("\f")[:-1]]
    return out


def flat(pages: list[str]) -> str:
    """The text of every page on one line, spaces collapsed: figures of one table row stand side by side."""
    return " ".join(" ".join(pages).split())
