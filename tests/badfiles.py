"""Bad input, made as real bytes, and the checks of issue 5's guarantees.

* :class:`InputGuard` / the ``guard`` fixture: sha256 (and mtime) of every input file before the test, checked
  after it; every test of the bad-input files uses it.
* :func:`assert_outputs_complete`: no temp file left, every workbook in OUTPUT opens (zip CRCs and openpyxl).
* :func:`form_workbook`: the small E.81 form of tests/mini.py built with openpyxl, with a hook to change the
  openpyxl workbook before it is saved (hide a row, move the sheet, merge cells …).
* :func:`patch_cells`, :func:`shared_to_inline`: edit a saved package's sheet XML (cached formula values, error
  cells, ISO dates, inline strings) where openpyxl cannot write what Excel writes.
* Raw zip writing (:class:`RawEntry`, :func:`write_raw_zip`) for packages whose headers lie: entry sizes,
  names.  :func:`zero_stream` is a cached deflate stream of spaces (300 MB inflate from ~300 KB on disk).
"""

from __future__ import annotations

import functools
import hashlib
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest
from lxml import etree
from openpyxl import Workbook, load_workbook

from tests.conftest import DUMAI_HEADER, dumai_rows, invoke
from tests.mini import E81_COL, E81_SIDES, e81_numbered
from tests.zipedit import read_entries, rewrite

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SHEET1 = "xl/worksheets/sheet1.xml"
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")

# -- the mini E.81 layout (rows as Excel shows them) -----------------------------------------------------
# header rows 1-4, column headings 5, numbered row 6, K/Rp row 7; dumai_rows(): row 8 program heading,
# rows 9-11 data; footer rows 12-13 (rata-rata, predikat)


def col_of(number: int, side: str) -> str:
    """Column letters of E.81 figure `number` ("K" or "Rp") in the mini layout (9 K -> "L")."""
    from openpyxl.utils import get_column_letter
    return get_column_letter(E81_COL[number][0 if side == "K" else 1])


def ref(number: int, side: str, row: int) -> str:
    return f"{col_of(number, side)}{row}"


# Dumai row 9 (Koordinasi Pelaksanaan Administrasi Pemberhentian): capaian K 108,26 %, Rp 95,16 %.
ROW9_CAPAIAN = (108.26, 95.16)
DUMAI_CAPAIAN = {9: (108.26, 95.16), 10: (100.0, 98.54), 11: (178.0, 90.0)}


# -- guarantees ------------------------------------------------------------------------------------------

def _snapshot(folder: Path, exclude: set[str]) -> dict[str, tuple[str, int]]:
    out = {}
    for p in sorted(Path(folder).rglob("*")):
        if p.is_file():
            rel = p.relative_to(folder).as_posix()
            if rel not in exclude:
                out[rel] = (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
    return out


class InputGuard:
    """Inputs are byte-identical (and not even touched) after any run."""

    def __init__(self):
        self._watched: list[tuple[Path, set[str], dict]] = []

    def watch(self, folder: Path, exclude: tuple[str, ...] = ()) -> Path:
        folder = Path(folder)
        self._watched.append((folder, set(exclude), _snapshot(folder, set(exclude))))
        return folder

    def check(self) -> None:
        for folder, exclude, before in self._watched:
            after = _snapshot(folder, exclude)
            changed = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
            assert not changed, f"input files changed by the run in {folder}: {changed}"


@pytest.fixture
def guard():
    g = InputGuard()
    yield g
    g.check()


def assert_valid_workbook(path: Path) -> None:
    path = Path(path)
    with zipfile.ZipFile(path) as zf:
        assert zf.testzip() is None, f"{path.name}: bad CRC"
        names = zf.namelist()
    assert "[Content_Types].xml" in names, path
    wb = load_workbook(path, keep_vba=path.suffix.lower() == ".xlsm")
    assert wb.sheetnames
    wb.close()


def temp_files(folder: Path) -> list[Path]:
    """Temporary files (and other hidden names) left in `folder`; lkjip's own .lkjip/ record is not one."""
    folder = Path(folder)
    return [p for p in folder.rglob("*") if p.name.endswith(".tmp")
            or (p.name.startswith(".") and p.relative_to(folder).as_posix() not in (".lkjip", ".lkjip/putaran.json"))]


def assert_outputs_complete(folder: Path) -> None:
    """Every output is absent or a complete, valid workbook; nothing half-written is left behind."""
    folder = Path(folder)
    if not folder.exists():
        return
    assert not temp_files(folder), f"temp files left: {temp_files(folder)}"
    for p in folder.rglob("*"):
        if p.is_file() and p.suffix.lower() in WORKBOOK_SUFFIXES:
            assert_valid_workbook(p)


SUMMARY = re.compile(r"Selesai: (\d+) lengkap, (\d+) dengan peringatan, (\d+) gagal dari (\d+) workbook "
                     r"dalam [\d.,]+ detik")


def summary(output: str) -> tuple[int, int, int, int]:
    m = SUMMARY.search(output)
    assert m, f"no summary line in:\n{output}"
    return tuple(int(g) for g in m.groups())  # type: ignore[return-value]


def sheet_rows(path: Path, sheet: str) -> list[dict]:
    wb = load_workbook(path, read_only=True)
    rows = list(wb[sheet].iter_rows(values_only=True))
    wb.close()
    return [dict(zip(rows[0], r)) for r in rows[1:]]


@dataclass
class Run:
    exit_code: int
    output: str
    opd: dict[str, dict]          # Rekap OPD rows by file name
    masalah: list[dict]           # Masalah rows

    def problems(self, name: str) -> list[dict]:
        return [p for p in self.masalah if p["Berkas"] == name]

    def status(self, name: str) -> str:
        return self.opd[name]["Status"]


def run_cli(src: Path, out: Path, *extra: str) -> Run:
    """`lkjip run SRC -o OUT …` in-process; no traceback allowed; the guarantees on OUT checked."""
    result = invoke(["run", src, "-o", out, *extra])
    assert_outputs_complete(out)
    rekap = Path(out) / "rekap.xlsx"
    opd, masalah = {}, []
    if rekap.is_file():
        opd = {r["Berkas"]: r for r in sheet_rows(rekap, "Rekap OPD")}
        masalah = sheet_rows(rekap, "Masalah")
    for name, row in opd.items():   # the console says of every file what the rekap says
        assert f"{name}: {CONSOLE_MARK[row['Status']]}" in result.output, (name, row["Status"], result.output)
    return Run(result.exit_code, result.output, opd, masalah)


# Rekap OPD status -> how the console line for the file continues ("NAME: selesai (3 baris; …)")
CONSOLE_MARK = {"selesai": "selesai (", "dengan peringatan": "selesai, ada peringatan (", "gagal": "gagal: "}


def read_cells(path: Path, sheet: str | int = 0, refs: tuple[str, ...] = ()) -> dict[str, object]:
    wb = load_workbook(path)
    ws = wb.worksheets[sheet] if isinstance(sheet, int) else wb[sheet]
    out = {r: ws[r].value for r in refs}
    wb.close()
    return out


def capaian(path: Path, row: int, sheet: str | int = 0) -> tuple:
    """(capaian K, capaian Rp) written in figure 14 of the mini layout."""
    cells = read_cells(path, sheet, (ref(14, "K", row), ref(14, "Rp", row)))
    return tuple(cells.values())


# -- workbooks -------------------------------------------------------------------------------------------

FOOTER = [["Rata-rata capaian kinerja (%)"], ["Predikat kinerja"], ["Faktor pendorong keberhasilan kinerja :"]]


def form_rows(data_rows: list[list] | None = None, header: list[list] | None = None, footer: bool = True) -> list:
    rows = list(DUMAI_HEADER if header is None else header)
    rows += [["No", "Sasaran", "Kode", "Program/Kegiatan", "Indikator", "Target Renstra"]]
    rows += [e81_numbered(), E81_SIDES]
    rows += dumai_rows() if data_rows is None else data_rows
    if footer:
        rows += FOOTER
    return rows


def fill(ws, rows: list[list]) -> None:
    for r, row in enumerate(rows, 1):
        for c, v in enumerate(row, 1):
            if v is not None:
                ws.cell(r, c, v)


def form_workbook(path: Path, data_rows: list[list] | None = None, *, sheet: str = "Evaluasi",
                  customize: Callable | None = None, header: list[list] | None = None, footer: bool = True) -> Path:
    """The mini E.81 form (Dumai figures by default) saved by openpyxl; `customize(wb, ws)` runs before saving."""
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    fill(ws, form_rows(data_rows, header, footer))
    if customize is not None:
        customize(wb, ws)
    wb.save(path)
    return Path(path)


def form_workbook_xlsxwriter(path: Path, data_rows: list[list] | None = None) -> Path:
    """The same form written by xlsxwriter (shared strings, Excel-like package)."""
    import xlsxwriter
    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    ws = wb.add_worksheet("Evaluasi")
    for r, row in enumerate(form_rows(data_rows)):
        for c, v in enumerate(row):
            if v is None:
                continue
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                ws.write_number(r, c, v)
            else:
                ws.write_string(r, c, str(v))
    wb.close()
    return Path(path)


def sheet_part(path: Path, index: int = 0) -> str:
    """The part name of the index-th sheet (workbook order)."""
    entries = read_entries(path)
    wb = etree.fromstring(entries["xl/workbook.xml"])
    rels = etree.fromstring(entries["xl/_rels/workbook.xml.rels"])
    targets = {r.get("Id"): r.get("Target") for r in rels}
    s = wb.find(f"{{{NS}}}sheets")[index]
    target = targets[s.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")]
    return target.lstrip("/") if target.startswith("/") else "xl/" + target


def patch_cells(path: Path, cells: dict[str, str], part: str = SHEET1) -> Path:
    """Replace (or add) <c> elements of one sheet: `cells` maps "L9" to the XML of the cell written without
    namespace, e.g. '<c r="L9" t="e"><v>#DIV/0!</v></c>'."""
    entries = read_entries(path)
    root = etree.fromstring(entries[part])
    sheet_data = root.find(f"{{{NS}}}sheetData")
    rows = {int(r.get("r")): r for r in sheet_data}
    for cell_ref, xml in cells.items():
        new = etree.fromstring(f'<wrap xmlns="{NS}">{xml}</wrap>')[0]
        m = re.match(r"([A-Z]+)(\d+)$", cell_ref)
        r = int(m.group(2))
        row = rows.get(r)
        if row is None:
            row = etree.SubElement(sheet_data, f"{{{NS}}}row", r=str(r))
            rows[r] = row
            for other in sorted(sheet_data, key=lambda e: int(e.get("r"))):
                sheet_data.append(other)
        old = next((c for c in row if c.get("r") == cell_ref), None)
        if old is not None:
            row.replace(old, new)
        else:
            row.append(new)
            from openpyxl.utils import column_index_from_string as ci
            for c in sorted(row, key=lambda e: ci(re.match(r"[A-Z]+", e.get("r")).group(0))):
                row.append(c)
    rewrite(path, {part: etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)})
    return Path(path)


def shared_to_inline(path: Path) -> Path:
    """Every shared-string cell of every sheet rewritten as an inline string (t="inlineStr")."""
    entries = read_entries(path)
    sst = etree.fromstring(entries["xl/sharedStrings.xml"])
    strings = ["".join(si.itertext()) for si in sst]
    changes = {}
    for name, data in entries.items():
        if name.startswith("xl/worksheets/") and name.endswith(".xml"):
            root = etree.fromstring(data)
            for c in root.iter(f"{{{NS}}}c"):
                if c.get("t") == "s":
                    v = c.find(f"{{{NS}}}v")
                    text = strings[int(v.text)]
                    c.remove(v)
                    c.set("t", "inlineStr")
                    is_ = etree.SubElement(c, f"{{{NS}}}is")
                    t = etree.SubElement(is_, f"{{{NS}}}t")
                    t.text = text
                    if text != text.strip():
                        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            changes[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    rewrite(path, changes)
    return Path(path)


# -- raw zip packages ------------------------------------------------------------------------------------

@dataclass
class RawEntry:
    """One zip entry as it will be written: `data` already compressed with `method`; `size` and `crc`
    are what the headers declare (they may lie)."""
    name: str
    data: bytes
    crc: int
    size: int
    method: int = zipfile.ZIP_DEFLATED
    name_bytes: bytes | None = None


def deflate(payload: bytes) -> bytes:
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    return c.compress(payload) + c.flush()


def raw_entry(name: str, payload: bytes) -> RawEntry:
    return RawEntry(name, deflate(payload), zlib.crc32(payload), len(payload))


def package_entries(path: Path) -> list[RawEntry]:
    """The entries of a real workbook, recompressed, ready to be written raw."""
    return [raw_entry(name, data) for name, data in read_entries(path).items()]


def write_raw_zip(path: Path, entries: list[RawEntry]) -> Path:
    """A zip written byte by byte: local headers, data, central directory (no zip64, no data descriptors)."""
    out = bytearray()
    central = bytearray()
    for e in entries:
        name = e.name_bytes if e.name_bytes is not None else e.name.encode("utf-8")
        flags = 0x800 if any(b > 127 for b in name) else 0
        offset = len(out)
        out += struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, flags, e.method, 0, 0x5821, e.crc & 0xFFFFFFFF,
                           len(e.data), e.size & 0xFFFFFFFF, len(name), 0) + name + e.data
        central += struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, 20, flags, e.method, 0, 0x5821,
                               e.crc & 0xFFFFFFFF, len(e.data), e.size & 0xFFFFFFFF, len(name), 0, 0, 0, 0, 0,
                               offset) + name
    out += central + struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(entries), len(entries), len(central),
                                 len(out), 0)
    Path(path).write_bytes(bytes(out))
    return Path(path)


@functools.lru_cache(maxsize=4)
def zero_stream(n: int, byte: bytes = b" ") -> tuple[bytes, int]:
    """(raw deflate stream, crc32) of `n` copies of `byte`, made in 1 MiB steps (300 MB -> ~300 KB)."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = byte * (1 << 20)
    parts, crc, left = [], 0, n
    while left:
        piece = chunk if left >= len(chunk) else chunk[:left]
        parts.append(c.compress(piece))
        crc = zlib.crc32(piece, crc)
        left -= len(piece)
    parts.append(c.flush())
    return b"".join(parts), crc


def bomb_entry(name: str, inflated: int, declared: int | None = None) -> RawEntry:
    """An entry of `inflated` spaces; the headers declare `declared` bytes (default: the truth)."""
    data, crc = zero_stream(inflated)
    return RawEntry(name, data, crc, inflated if declared is None else declared)


def replace_entry(entries: list[RawEntry], new: RawEntry) -> list[RawEntry]:
    return [new if e.name == new.name else e for e in entries]


# -- hostile XML -----------------------------------------------------------------------------------------

LAUGHS = ('<!DOCTYPE lolz [<!ENTITY lol "lol">'
          + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
          + "]>")


def billion_laughs_sst(encoding: str = "utf-8") -> bytes:
    xml = (f'<?xml version="1.0" encoding="{encoding.upper()}"?>{LAUGHS}'
           f'<sst xmlns="{NS}" count="1" uniqueCount="1"><si><t>&lol9;</t></si></sst>')
    return xml.encode(encoding)


def xxe_doctype(target: str = "file:///etc/passwd") -> str:
    return f'<!DOCTYPE x [<!ENTITY xxe SYSTEM "{target}">]>'


def is_passwd_leak(text: str) -> bool:
    return "root:x:0:0" in text or "/bin/bash" in text or "nologin" in text


def workbook_text(path: Path) -> str:
    """Every entry of a package, inflated and decoded loosely: to look for leaked content."""
    with zipfile.ZipFile(path) as zf:
        return "\n".join(zf.read(n).decode("utf-8", "replace") for n in zf.namelist())
