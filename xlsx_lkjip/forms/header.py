"""Agency, quarter and year from the header text above a form (or the file name).  Reads grid text only;
knows nothing of columns or figures."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..io.grid import Grid

_AGENCY = re.compile(
    r"^\s*(?:nama\s+)?(?:perangkat\s+daerah|opd|skpd|unit\s+kerja|instansi|satuan\s+kerja)\s*(?:[:：]\s*(.*))?$",
    re.IGNORECASE)
_QUARTER = re.compile(r"\b(?:triwulan|tw)\s*[.\-]?\s*(IV|III|II|I|[1-4])\b", re.IGNORECASE)
_YEAR = re.compile(r"\b(?:tahun|th\.?|ta\.?)\s*(20\d\d)\b", re.IGNORECASE)
_ANY_YEAR = re.compile(r"(?<!\d)(20\d\d)(?!\d)")
_ROMAN = {"I": "I", "II": "II", "III": "III", "IV": "IV", "1": "I", "2": "II", "3": "III", "4": "IV"}


@dataclass
class HeaderInfo:
    agency: str = ""
    triwulan: str = ""   # "I".."IV"
    tahun: str = ""

    def fill_from(self, other: "HeaderInfo") -> None:
        self.agency = self.agency or other.agency
        self.triwulan = self.triwulan or other.triwulan
        self.tahun = self.tahun or other.tahun


def quarter_of(text: str) -> str:
    m = _QUARTER.search(text)
    return _ROMAN[m.group(1).upper()] if m else ""


def year_of(text: str, loose: bool = False) -> str:
    m = _YEAR.search(text)
    if m:
        return m.group(1)
    if loose:
        m = _ANY_YEAR.search(text)
        return m.group(1) if m else ""
    return ""


_LEGAL = re.compile(r"\b(nomor|no\.|permendagri|peraturan|undang|perda|perbup|perwali)\b", re.IGNORECASE)
_PERIOD = re.compile(r"\b(periode|triwulan|tw|tahun\s+anggaran)\b", re.IGNORECASE)


def read_header(grid: Grid, last_row: int) -> HeaderInfo:
    """Scan rows 1..last_row for "Perangkat Daerah : …", "Triwulan I Tahun 2024" and the like.  A row is
    read as one line too, so "Triwulan" | "II" or "Tahun" | 2025 in separate cells are understood; a year in
    a regulation's title ("Permendagri Nomor 86 Tahun 2017") is not the round's year."""
    info = HeaderInfo()
    years: list[tuple[int, str]] = []
    for r in range(1, last_row + 1):
        cells = [c for c in grid.row_cells(r) if grid.text(r, c.col)]
        texts = [" ".join(grid.text(r, c.col).split()) for c in cells]
        for i, (c, text) in enumerate(zip(cells, texts)):
            if c.kind != "s":
                continue
            m = _AGENCY.match(text)
            if m and not info.agency:
                value = (m.group(1) or "").strip()
                if not value and i + 1 < len(texts):  # label and value in separate cells
                    value = texts[i + 1].lstrip(":： ").strip()
                info.agency = value
        line = " ".join(texts)
        if not line:
            continue
        if not info.triwulan:
            info.triwulan = quarter_of(line)
        year = year_of(line)
        if year and not _LEGAL.search(line):
            years.append((0 if _PERIOD.search(line) else 1, year))
    if years:
        info.tahun = min(years, key=lambda t: t[0])[1]   # a period line wins; else the first year seen
    return info


def info_from_filename(stem: str) -> HeaderInfo:
    return HeaderInfo(agency=stem, triwulan=quarter_of(stem), tahun=year_of(stem, loose=True))
