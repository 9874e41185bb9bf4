"""Agency, quarter and year from the header text above a form (or the file name).  Reads grid text only;
knows nothing of columns or figures.

- The agency: a "Perangkat Daerah : …" line (or OPD, SKPD, Unit Kerja, …) anywhere above the data, even
  under the numbered row; else a title naming it ("Renja Perangkat Daerah Dinas Kominfo Kabupaten …").
- The year: the title block decides (the rows above the column headers, and title lines of one or two cells
  among them), never a column header ("Target Renstra … Tahun 2030"), a regulation ("Permendagri Nomor 86
  Tahun 2017") or a year range, which is a period ("Periode Pelaksanaan: 2021 - 2026").
"""

from __future__ import annotations

import re
from dataclasses import field

from ..records import record
from ..io.grid import Grid
from .vocabulary import QUARTER_NAMED, has_placeholder, quarter_in_text
from ..patterns import lazy_re

_AGENCY = lazy_re(
    r"^\s*(?:nama\s+)?(?:perangkat\s+daerah|opd|skpd|unit\s+kerja|instansi|satuan\s+kerja)\s*(?:[:：]\s*(.*))?$",
    re.IGNORECASE)
# "Renja Perangkat Daerah Dinas Komunikasi dan Informatika Kabupaten Bengkulu Utara"
_AGENCY_IN_TITLE = lazy_re(
    r"\b(?:renja|renstra|rencana kerja)\s+(?:perangkat\s+daerah|opd|skpd)\s*[:：]?\s*"
    r"((?:dinas|badan|kantor|sekretariat|inspektorat|satuan|biro|kecamatan|kelurahan|rsud|rumah\s+sakit|bagian|"
    r"upt|unit|satpol)\b.*)$", re.IGNORECASE)
# A title line that is the agency's name ("DINAS SOSIAL", "Badan Perencanaan … Kabupaten Contoh"); the
# Pemda's line ("PEMERINTAH KABUPATEN …") never is.
_AGENCY_WORDS = (r"(?:dinas|badan|kantor|sekretariat|inspektorat|satuan\s+polisi|biro|kecamatan|rsud|rumah\s+sakit|"
                 r"bagian|satpol)")
_AGENCY_LINE = lazy_re(rf"^\s*(?:{_AGENCY_WORDS})\b(?!.*\b(?:nomor|tahun\s+20\d\d)\b)", re.IGNORECASE)
_YEAR = lazy_re(r"\b(?:tahun|th\.?|ta\.?)\s*(20\d\d)\b", re.IGNORECASE)
_ANY_YEAR = lazy_re(r"(?<!\d)(20\d\d)(?!\d)")
# "2021 - 2026", "2021–2026", "2021 s/d 2026", "2021 sampai dengan 2026": a period, not a year
_YEAR_RANGE = lazy_re(r"(?<!\d)20\d\d\s*(?:[-–—/]|s\.?\s*/?\s*d\.?|sampai(?:\s+dengan)?|hingga)\s*20\d\d(?!\d)",
                         re.IGNORECASE)
_ROMAN = ("I", "II", "III", "IV")


# Where a fact was read (said by `lkjip check` and the info lines): the words staff see
FROM_LINE = "baris Perangkat Daerah"
FROM_TITLE = "judul"
FROM_COLUMN = "kolom Perangkat Daerah Penanggung Jawab"
FROM_NAME = "nama berkas"
FROM_SETTINGS = "pengaturan tahun (--tahun / lkjip.toml)"
FACTS = ("agency", "triwulan", "tahun")


@record
class HeaderInfo:
    """The agency, quarter and year a workbook states, and where each was read."""

    agency: str = ""
    triwulan: str = ""   # "I".."IV"
    tahun: str = ""
    # fact ("agency", "triwulan", "tahun") -> where it was read (FROM_*)
    sources: dict[str, str] = field(default_factory=dict)

    def fill_from(self, other: "HeaderInfo") -> None:
        for fact in FACTS:
            if not getattr(self, fact) and getattr(other, fact):
                setattr(self, fact, getattr(other, fact))
                self.sources[fact] = other.sources.get(fact, "")

    def source(self, fact: str) -> str:
        return self.sources.get(fact, "") if getattr(self, fact) else ""


def quarter_of(text: str) -> str:
    """The quarter a title or file name states: "Triwulan II", "TW.1", "Trw. III", "Triwulan Il" (l for I)."""
    q = quarter_in_text(text)
    return _ROMAN[q - 1] if q else ""


def year_of(text: str, loose: bool = False) -> str:
    """"Tahun 2025" (or with `loose`, any 20xx); never a year of a range such as "2021 - 2026"."""
    text = _YEAR_RANGE.sub(" ", text)
    m = _YEAR.search(text)
    if m:
        return m.group(1)
    if loose:
        m = _ANY_YEAR.search(text)
        return m.group(1) if m else ""
    return ""


_LEGAL = lazy_re(r"\b(nomor|no\.|permendagri|peraturan|undang|perda|perbup|perwali)\b", re.IGNORECASE)
_PERIOD = lazy_re(r"\b(periode|triwulan|tw|tahun\s+anggaran)\b", re.IGNORECASE)


def _agency_value(text: str) -> str:
    """An agency's name as written, or "" for a template's blank ("{skpd}", "………")."""
    value = text.strip().lstrip(":： ").strip()
    return "" if not value or has_placeholder(value) or not any(ch.isalpha() for ch in value) else value


def read_header(grid: Grid, last_row: int, *, title_end: int | None = None,
                agency_end: int | None = None) -> HeaderInfo:
    """Scan rows 1..last_row for "Perangkat Daerah : …", "Triwulan I Tahun 2024" and the like.  A row is
    read as one line too, so "Triwulan" | "II" or "Tahun" | 2025 in separate cells are understood.

    `title_end`: the last row of the title block (above the column headers); below it, down to last_row, a
    year counts only on a line of one or two cells (a title line), never in a column header.  `agency_end`:
    the agency line may stand lower, down to this row (above the first data row)."""
    info = HeaderInfo()
    title_end = last_row if title_end is None else title_end
    agency_end = last_row if agency_end is None else max(agency_end, last_row)
    years: list[tuple[int, int, str]] = []
    title_agency = ""
    cells = grid.cells
    for r in range(1, agency_end + 1):
        # the kind and text of each cell of the row that reads something (grid.row_cells and grid.text, without
        # a Cell each and, for a text, without the call)
        kinds, texts = [], []
        for c in grid.row_cols.get(r, ()):
            t = cells[(r, c)]
            text = t[0].strip() if type(t[0]) is str else grid.text(r, c)
            if text:
                kinds.append(t[1])
                texts.append(" ".join(text.split()))
        for i, (kind, text) in enumerate(zip(kinds, texts)):
            if kind != "s":
                continue
            m = _AGENCY.match(text)
            if m and not info.agency:
                value = _agency_value(m.group(1) or "")
                # label and value in separate cells: on a title line, or with the colon written
                if not value and not m.group(1) and i + 1 < len(texts) and (
                        len(texts) <= 3 or texts[i + 1].lstrip().startswith((":", "："))):
                    value = _agency_value(texts[i + 1])
                info.agency = value
            elif not title_agency and r <= title_end:
                t = _AGENCY_IN_TITLE.search(text)
                if t:
                    title_agency = _agency_value(t.group(1))
                elif len(texts) <= 2 and _AGENCY_LINE.match(text):
                    title_agency = _agency_value(text)
        if r > last_row:
            continue
        line = " ".join(texts)
        if not line:
            continue
        if r > title_end and len(texts) > 2:
            continue   # a column header: "Target Renstra … Tahun 2030", "Triwulan I" name no round or year
        if not info.triwulan:
            info.triwulan = quarter_of(line)
            if info.triwulan:
                info.sources["triwulan"] = FROM_TITLE
        if _LEGAL.search(line):
            continue   # "Permendagri Nomor 86 Tahun 2017"
        period = bool(_PERIOD.search(line))
        year = year_of(line, loose=period)   # "Periode Pelaksanaan 2024" names its year without "Tahun"
        if year:
            years.append((0 if period else 1, 0 if r <= title_end else 1, year))
    if years:
        info.tahun = min(years, key=lambda t: t[:2])[2]   # a period line wins; the title block first; then the first seen
        info.sources["tahun"] = FROM_TITLE
    if info.agency:
        info.sources["agency"] = FROM_LINE
    elif title_agency:
        info.agency, info.sources["agency"] = title_agency, FROM_TITLE
    return info


def agency_in_column(texts: list[str]) -> HeaderInfo:
    """The agency a "Perangkat Daerah Penanggung Jawab" column names, when every row that fills it names the
    same one (a column naming several units says no single agency)."""
    names = {" ".join(t.split()) for t in texts if _agency_value(t)}
    if len(names) != 1:
        return HeaderInfo()
    return HeaderInfo(agency=names.pop(), sources={"agency": FROM_COLUMN})


# What a file name carries beside the agency: the form's words, the round and the year
_NAME_WORDS = lazy_re(
    r"\b(?:evaluasi|hasil|terhadap|renja|rkpd|formulir|form|laporan|lap|monev|capaian|kinerja|e\s*[.-]?\s*81|"
    r"pk|perjanjian|revisi|rev|perbaikan|final|fix|copy\s+of|copy|salinan|tahun|th|ta)\b\.?", re.IGNORECASE)

_COPY_MARKS = lazy_re(r"\(\s*\d+\s*\)|\brev\s*\d+\b")
_LOOSE_MARKS = lazy_re(r"[_()\[\]]+|(?<!\w)[-.,]+|[-.,]+(?!\w)")


def agency_of_name(stem: str) -> str:
    """The agency a file name names, without the form's words, round, year and what copying adds ("Evaluasi
    Renja Dinsos TW II 2025 (2)" -> "Dinsos"), so the same agency is one row across rounds and a copy is the
    same agency; the whole name when nothing is left."""
    text = QUARTER_NAMED.sub(" ", stem.replace("_", " "))   # the round (the pattern quarter_in_text uses)
    text = _COPY_MARKS.sub(" ", text)   # what copying adds: "(2)", "rev2"
    text = _ANY_YEAR.sub(" ", text)
    text = _NAME_WORDS.sub(" ", text)
    text = _LOOSE_MARKS.sub(" ", text)
    text = " ".join(text.split())
    return text if any(ch.isalpha() for ch in text) else stem


def info_from_filename(stem: str) -> HeaderInfo:
    info = HeaderInfo(agency=agency_of_name(stem), triwulan=quarter_of(stem), tahun=year_of(stem, loose=True))
    info.sources = {fact: FROM_NAME for fact in FACTS if getattr(info, fact)}
    return info
