"""BIFF8 .xls workbooks written byte by byte, for the reader and safety tests: small, exact, and needing no
LibreOffice, so the hostile variants (a cut-short compound file, a FAT that loops, a DIFAT that lies, a sheet
declaring a huge extent, an encrypted book) can be built from a known-good file.

    data = xls_workbook([XlsSheet("Form", {(0, 0): "No", (1, 0): 1.5}, merges=[(0, 0, 0, 2)])])

Cells are 0-based (row, col) -> value: str (shared string), float/int (NUMBER), bool (BOOLERR),
Err("#DIV/0!") (BOOLERR error), Formula(cached, xf) (a FORMULA record with a cached number, string-less).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

SECTOR = 512
FREESECT, ENDOFCHAIN, FATSECT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
XF_GENERAL, XF_PERCENT, XF_THOUSANDS, XF_DATE = 0, 1, 2, 3
ERRORS = {"#NULL!": 0x00, "#DIV/0!": 0x07, "#VALUE!": 0x0F, "#REF!": 0x17, "#NAME?": 0x1D, "#NUM!": 0x24,
          "#N/A": 0x2A}


@dataclass(frozen=True)
class Err:
    code: str


@dataclass(frozen=True)
class Formula:
    cached: float


@dataclass
class XlsSheet:
    name: str
    cells: dict = field(default_factory=dict)
    merges: list = field(default_factory=list)          # (first row, first col, last row, last col), 0-based
    styles: dict = field(default_factory=dict)          # (row, col) -> XF index
    hidden_rows: set = field(default_factory=set)
    widths: dict = field(default_factory=dict)          # col -> width in characters
    hidden: bool = False


def _rec(rtype: int, body: bytes = b"") -> bytes:
    return struct.pack("<HH", rtype, len(body)) + body


def _ustr(text: str, len_bytes: int = 2) -> bytes:
    """XLUnicodeString, always as UTF-16 (flag 1)."""
    n = struct.pack("<H", len(text)) if len_bytes == 2 else struct.pack("<B", len(text))
    return n + b"\x01" + text.encode("utf-16-le")


def _globals(sheets: list[XlsSheet], sst: list[str], positions: list[int], pad: int) -> bytes:
    out = [_rec(0x0809, struct.pack("<HHHHII", 0x0600, 0x0005, 0x0DBB, 0x07CC, 0, 0x0006)),
           _rec(0x0042, struct.pack("<H", 1200))]                                  # CODEPAGE: UTF-16
    font = struct.pack("<HHHHHBBBB", 200, 0, 0x7FFF, 400, 0, 0, 0, 0, 0) + _ustr("Arial", 1)
    out += [_rec(0x0031, font)] * 5                                                # FONT (index 4 is skipped)
    out.append(_rec(0x041E, struct.pack("<H", 164) + _ustr('#,##0')))                # FORMAT 164
    # XF: ifnt, ifmt, flags (cell xf, parent 0), alignment..., 20 bytes in all
    for fmt in (0, 10, 164, 14):
        out.append(_rec(0x00E0, struct.pack("<HHHBBBBIIH", 0, fmt, 0x0001, 0x20, 0, 0, 0, 0, 0, 0x20C0)))
    for sheet, pos in zip(sheets, positions):
        out.append(_rec(0x0085, struct.pack("<IBB", pos, 1 if sheet.hidden else 0, 0) + _ustr(sheet.name, 1)))
    if sst:    # SST, then CONTINUE records: a record holds at most 8224 bytes; split between strings
        chunks, chunk = [], struct.pack("<II", len(sst), len(sst))
        for text in sst:
            item = _ustr(text)
            if len(chunk) + len(item) > 8224:
                chunks.append(chunk)
                chunk = b""
            chunk += item
        chunks.append(chunk)
        out.append(_rec(0x00FC, chunks[0]))
        out += [_rec(0x003C, c) for c in chunks[1:]]
    while pad > 0:          # an ignored record, so the Workbook stream is big enough for the regular FAT
        n = min(pad, 8000)
        out.append(_rec(0x0862, b"\x00" * n))
        pad -= n + 4
    out.append(_rec(0x000A))
    return b"".join(out)


def _sheet_stream(sheet: XlsSheet, sst_index: dict[str, int]) -> bytes:
    rows = [r for r, _ in sheet.cells] or [0]
    cols = [c for _, c in sheet.cells] or [0]
    out = [_rec(0x0809, struct.pack("<HHHHII", 0x0600, 0x0010, 0x0DBB, 0x07CC, 0, 0x0006)),
           _rec(0x0200, struct.pack("<IIHHH", min(rows), max(rows) + 1, min(cols), max(cols) + 1, 0))]
    for c, width in sorted(sheet.widths.items()):
        out.append(_rec(0x007D, struct.pack("<HHHHHH", c, c, int(width * 256), 0, 0, 0)))
    for r in sorted(sheet.hidden_rows):
        out.append(_rec(0x0208, struct.pack("<HHHHHHI", r, 0, 0, 255, 0, 0, 0x0100 | 0x20)))
    for (r, c), value in sorted(sheet.cells.items()):
        xf = sheet.styles.get((r, c), XF_GENERAL)
        head = struct.pack("<HHH", r, c, xf)
        if isinstance(value, bool):
            out.append(_rec(0x0205, head + struct.pack("<BB", int(value), 0)))
        elif isinstance(value, Err):
            out.append(_rec(0x0205, head + struct.pack("<BB", ERRORS[value.code], 1)))
        elif isinstance(value, Formula):
            # cached number, flags, chn, then the tokens: ptgInt 1 (=1)
            out.append(_rec(0x0006, head + struct.pack("<dHI", float(value.cached), 0, 0) + struct.pack("<H", 3)
                            + b"\x1e\x01\x00"))
        elif isinstance(value, (int, float)):
            out.append(_rec(0x0203, head + struct.pack("<d", float(value))))
        else:
            out.append(_rec(0x00FD, head + struct.pack("<I", sst_index[value])))
    if sheet.merges:
        body = struct.pack("<H", len(sheet.merges)) + b"".join(
            struct.pack("<HHHH", r1, r2, c1, c2) for r1, c1, r2, c2 in sheet.merges)
        out.append(_rec(0x00E5, body))
    out.append(_rec(0x000A))
    return b"".join(out)


def biff_stream(sheets: list[XlsSheet], pad_to: int = 4096) -> bytes:
    """The Workbook stream: globals, then each sheet's substream at the offset its BOUNDSHEET names."""
    strings = sorted({v for s in sheets for v in s.cells.values() if isinstance(v, str)})
    index = {s: i for i, s in enumerate(strings)}
    bodies = [_sheet_stream(s, index) for s in sheets]
    size = len(_globals(sheets, strings, [0] * len(sheets), 0))
    pad = max(0, pad_to - size - sum(map(len, bodies)) + 8)
    glob = _globals(sheets, strings, [0] * len(sheets), pad)
    positions, pos = [], len(glob)
    for b in bodies:
        positions.append(pos)
        pos += len(b)
    return _globals(sheets, strings, positions, pad) + b"".join(bodies)


def ole_file(streams: dict[str, bytes]) -> bytes:
    """An OLE2 compound file (512-byte sectors) holding `streams`, each at least 4096 bytes (no mini stream)."""
    data_sectors: list[bytes] = []
    chains = []
    for name, data in streams.items():
        assert len(data) >= 4096, "keep streams out of the mini stream"
        first = len(data_sectors)
        padded = data + b"\x00" * (-len(data) % SECTOR)
        for i in range(0, len(padded), SECTOR):
            data_sectors.append(padded[i:i + SECTOR])
        chains.append((name, first, len(padded) // SECTOR, len(data)))
    # directory: root + one entry per stream, 4 entries a sector
    entries = [_dir_entry("Root Entry", 5, ENDOFCHAIN, 0, child=1 if streams else FREESECT)]
    for i, (name, first, n, size) in enumerate(chains):
        entries.append(_dir_entry(name, 2, first, size, right=i + 2 if i + 1 < len(chains) else FREESECT))
    while len(entries) % 4:
        entries.append(b"\x00" * 64 + struct.pack("<HBB", 0, 0, 0) + b"\xff" * 12 + b"\x00" * 48)
    dir_sectors = [b"".join(entries[i:i + 4]) for i in range(0, len(entries), 4)]
    n_data = len(data_sectors) + len(dir_sectors)
    n_fat = 1
    while (n_data + n_fat) > n_fat * (SECTOR // 4):
        n_fat += 1
    fat = []
    for name, first, n, size in chains:
        fat += [first + k + 1 for k in range(n - 1)] + [ENDOFCHAIN]
    dir_first = len(fat)
    fat += [dir_first + k + 1 for k in range(len(dir_sectors) - 1)] + [ENDOFCHAIN]
    fat_first = len(fat)
    fat += [FATSECT] * n_fat
    fat += [FREESECT] * (n_fat * (SECTOR // 4) - len(fat))
    fat_bytes = struct.pack(f"<{len(fat)}I", *fat)
    difat = [fat_first + k for k in range(n_fat)] + [FREESECT] * (109 - n_fat)
    header = (MAGIC + b"\x00" * 16 + struct.pack("<HHHHH", 0x003E, 0x0003, 0xFFFE, 9, 6) + b"\x00" * 6
              + struct.pack("<IIIIIIIII", 0, n_fat, dir_first, 0, 4096, ENDOFCHAIN, 0, ENDOFCHAIN, 0)
              + struct.pack("<109I", *difat))
    assert len(header) == 512
    return header + b"".join(data_sectors) + b"".join(dir_sectors) + fat_bytes


def _dir_entry(name: str, kind: int, start: int, size: int, child: int = FREESECT, right: int = FREESECT) -> bytes:
    raw = (name + "\x00").encode("utf-16-le")
    return (raw.ljust(64, b"\x00") + struct.pack("<HBB", len(raw), kind, 1)
            + struct.pack("<III", FREESECT, right, child) + b"\x00" * 16 + b"\x00" * 4 + b"\x00" * 16
            + struct.pack("<III", start, size, 0))


def xls_workbook(sheets: list[XlsSheet], pad_to: int = 4096) -> bytes:
    return ole_file({"Workbook": biff_stream(sheets, pad_to)})


def fat_sector_offset(data: bytes) -> int:
    """The file offset of the first FAT sector (for tests that make the FAT lie)."""
    first = struct.unpack_from("<I", data, 76)[0]
    return (first + 1) * SECTOR
