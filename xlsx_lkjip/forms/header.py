"""Agency, quarter and year from the header text above a form (or the file name)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..grid import Grid

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


def read_header(grid: Grid, last_row: int) -> HeaderInfo:
    """Scan rows 1..last_row for "Perangkat Daerah : …", "Triwulan I Tahun 2024" and the like."""
    info = HeaderInfo()
    for r in range(1, last_row + 1):
        cells = [c for c in grid.row_cells(r) if c.kind == "s" and str(c.value).strip()]
        for i, c in enumerate(cells):
            text = " ".join(str(c.value).split())
            m = _AGENCY.match(text)
            if m and not info.agency:
                value = (m.group(1) or "").strip()
                if not value and i + 1 < len(cells):  # label and value in separate cells
                    value = " ".join(str(cells[i + 1].value).split()).lstrip(":： ").strip()
                info.agency = value
            if not info.triwulan:
                info.triwulan = quarter_of(text)
            if not info.tahun:
                info.tahun = year_of(text)
    return info


def info_from_filename(stem: str) -> HeaderInfo:
    return HeaderInfo(agency=stem, triwulan=quarter_of(stem), tahun=year_of(stem, loose=True))
