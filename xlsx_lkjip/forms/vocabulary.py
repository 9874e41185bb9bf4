"""The words real Renja and PK workbooks use, in one place: sub-column labels (K | % | Rp, K | Satuan | Rp),
quarter headers with their typos, the column headers that say what a column holds when the numbered row
carries no formula labels, and the lines under a table that are never data (signature blocks, notes,
placeholders); the PK's words (its quarter and month headers, footers, polarity and N/A wordings) follow
Renja's at the end.  Plain text matching only; knows nothing of grids or figures.

Every table below is what the form finders consult; to teach lkjip a new wording, add it here.
"""

from __future__ import annotations

import re
from decimal import Decimal
from ..patterns import lazy_re

# -- sub-columns: the row under the numbered row ----------------------------------------------------------
K, RP, PROGRESS, SATUAN = "K", "Rp", "%", "Satuan"

# (role, pattern on the label lower-cased with every space removed)
SUBCOLUMN_LABELS: tuple[tuple[str, re.Pattern], ...] = (
    # the indicator's figure: "K", "Kinerja", "Fisik", "Vol", "Volume", "Target" ("K (%)" under a capaian)
    (K, lazy_re(r"^\(?(?:k|kinerja|fisik|vol\.?|volume|target)\)?(?:\(%\)|%)?$")),
    # money: "Rp", "Rp.", "Rp. (000)", "Rp (Juta)", "(Rp)", "Anggaran", "Keuangan", "Pagu" (a scale may follow)
    (RP, lazy_re(r"^\(?(?:rp\.?|idr|anggaran|keuangan|pagu)\)?"
                    r"(?:\(?(?:rp\.?)?(?:000|ribu|rb|juta|jt|miliar|milyar)\)?)?(?:\(%\)|%)?$")),
    # the agency's cumulative progress in a quarter block (K | % | Rp)
    (PROGRESS, lazy_re(r"^(?:%|\(%\)|persen|\(persen\)|progres\(%\)|progress\(%\))$")),
    # the unit of the K figure, inside a block (K | Satuan | Rp)
    (SATUAN, lazy_re(r"^(?:satuan|sat\.?)$")),
)

# Money in thousands / millions: the Rp figures of the sheet times this are rupiah (the rekap is in rupiah).
MONEY_SCALES = ((lazy_re(r"000|ribu|rb"), Decimal(1000)), (lazy_re(r"juta|jt"), Decimal(10) ** 6),
                (lazy_re(r"miliar|milyar"), Decimal(10) ** 9))


def subcolumn_role(text: str) -> str | None:
    """"K", "Rp", "%" or "Satuan" for a sub-column label, else None."""
    key = "".join(text.split()).lower()
    if not key or len(key) > 20:
        return None
    for role, pattern in SUBCOLUMN_LABELS:
        if pattern.match(key):
            return role
    return None


def money_scale(text: str) -> Decimal:
    """How many rupiah one unit of a money sub-column is ("Rp. (000)" -> 1000); 1 for plain "Rp"."""
    key = "".join(text.split()).lower()
    for pattern, scale in MONEY_SCALES:
        if pattern.search(key):
            return scale
    return Decimal(1)


# -- quarters -----------------------------------------------------------------------------------------------
# "Triwulan I", "TW.1", "Tw I", "Triwulan 1", "Trw. II", and the letter l typed for I ("Il", "Ill", "lV").
_QUARTER_WORD = r"(?:triwulan|tri\s*wulan|triw|trw|tw)"
_QUARTER_WORD_RE = lazy_re(_QUARTER_WORD, re.IGNORECASE)
QUARTER_NAMED = lazy_re(rf"\b{_QUARTER_WORD}\s*\.?\s*[-:]?\s*(?:ke\s*-?\s*)?([ivl]{{1,4}}|[1-4])\b", re.IGNORECASE)
_QUARTER_TOKEN = lazy_re(r"^\s*([ivl]{1,4}|[1-4])\s*\.?\s*$", re.IGNORECASE)
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def quarter_numeral(token: str) -> int | None:
    """1-4 for "I", "Il", "Ill", "lV", "IV", "1".."4" (the letter l read as I); else None."""
    return _ROMAN.get(token.strip().upper().replace("L", "I"))


def quarter_in_text(text: str) -> int | None:
    """The quarter a text names with its word ("Triwulan Il", "TW.1", "Trw. II"), else None."""
    for m in QUARTER_NAMED.finditer(text):
        q = quarter_numeral(m.group(1))
        if q:
            return q
    return None


def quarter_of_header(text: str) -> int | None:
    """The quarter of a column header: "Realisasi Kinerja Pada Triwulan Il", "TW 3", or a header that names
    "triwulan" once and ends with the numeral ("Triwulan (Rp) I")."""
    q = quarter_in_text(text)
    if q:
        return q
    if _QUARTER_WORD_RE.search(text):
        last = text.split()[-1] if text.split() else ""
        return quarter_numeral(last) if _QUARTER_TOKEN.match(last) else None
    return None


# -- column headers: what a column holds when the numbered row carries no formula labels --------------------
# (role, pattern on the header lower-cased with single spaces), tried in this order; the first match wins.
TARGET_RENSTRA = "target Renstra"
REALISASI_RENSTRA_LALU = "realisasi Renstra s/d tahun lalu"
TARGET = "target tahun berjalan"
QUARTER = "realisasi triwulan"
REALISASI = "realisasi tahun berjalan"
CAPAIAN = "tingkat capaian tahun berjalan"
REALISASI_RENSTRA = "realisasi Renstra s/d tahun ini"
CAPAIAN_RENSTRA = "tingkat capaian Renstra"

_RENSTRA = r"\b(?:renstra|rpjmd|akhir periode)\b"
_UP_TO = r"(?:\bs\s*/\s*d\b|\bs\.\s*d\b\.?|\bsampai dengan\b|\bsampai\b)"
HEADER_ROLES: tuple[tuple[str, re.Pattern], ...] = (
    # "Tingkat Capaian Kinerja dan Realisasi Anggaran Renstra Perangkat Daerah s/d Tahun … (%)"
    (CAPAIAN_RENSTRA, lazy_re(rf"^tingkat (?:capaian|realisasi|kemajuan)\b.*{_RENSTRA}")),
    # "Tingkat Capaian Kinerja dan Realisasi Anggaran Renja Perangkat Daerah yang Dievaluasi (%)"
    (CAPAIAN, lazy_re(r"^tingkat (?:capaian|realisasi)\b")),
    # "Realisasi Capaian Kinerja Renstra Perangkat Daerah sampai dengan Renja Perangkat Daerah Tahun Lalu (n-1)",
    # "Realisasi Capaian Kinerja RPJMD Kabupaten/Kota sampai dengan RKPD Kabupaten/Kota Tahun 2019"
    (REALISASI_RENSTRA_LALU, lazy_re(
        rf"^realisasi\b.*{_RENSTRA}.*(?:\btahun lalu\b|\bn\s*-\s*1\b|{_UP_TO}\s*(?:renja|rkpd)\b)")),
    # "Realisasi Kinerja dan Anggaran Renstra Perangkat Daerah s/d Tahun … (Akhir Tahun Pelaksanaan Renja …)"
    (REALISASI_RENSTRA, lazy_re(rf"^realisasi\b.*{_RENSTRA}.*{_UP_TO}")),
    # "Realisasi Kinerja Pada Triwulan" over I | II | III | IV
    (QUARTER, lazy_re(rf"^realisasi\b.*\b{_QUARTER_WORD}\b")),
    # "Realisasi (Capaian) Kinerja dan Anggaran Renja Perangkat Daerah yang Dievaluasi"
    (REALISASI, lazy_re(r"^realisasi (?:capaian )?kinerja dan anggaran (?:renja|rkpd)\b.*\bdievaluasi\b")),
    # "Target Renstra Perangkat Daerah pada Tahun … (Akhir Periode Renstra Perangkat Daerah)"
    (TARGET_RENSTRA, lazy_re(rf"^target\b.*{_RENSTRA}")),
    # "Target Kinerja dan Anggaran Renja Perangkat Daerah Tahun Berjalan (Tahun n) yang Dievaluasi"
    (TARGET, lazy_re(r"^target kinerja dan anggaran (?:renja|rkpd)\b")),
)

# What each computed role is, over the others: the formulas a header-only numbered row gets.
#   realisasi tahun berjalan       = the sum of the four quarters
#   tingkat capaian tahun berjalan = realisasi tahun berjalan / target tahun berjalan x 100
#   realisasi Renstra s/d tahun ini = realisasi Renstra s/d tahun lalu + realisasi tahun berjalan
#   tingkat capaian Renstra        = realisasi Renstra s/d tahun ini / target Renstra x 100
# The roles whose column is computed (what HEADER_FORMULAS gives a formula); the others are typed.
COMPUTED_ROLES = frozenset({REALISASI, CAPAIAN, REALISASI_RENSTRA, CAPAIAN_RENSTRA})
HEADER_FORMULAS = (
    (REALISASI, "sum", (QUARTER,)),
    (CAPAIAN, "ratio", (REALISASI, TARGET)),
    (REALISASI_RENSTRA, "sum", (REALISASI_RENSTRA_LALU, REALISASI)),
    (CAPAIAN_RENSTRA, "ratio", (REALISASI_RENSTRA, TARGET_RENSTRA)),
)


def normalise_header(text: str) -> str:
    text = text.lower().replace("…", " ").replace("\u00a0", " ")
    text = re.sub(r"\.{2,}", " ", text)
    return " ".join(text.split())


def header_role(text: str) -> str:
    """The role of a column from its header (see HEADER_ROLES), or ""."""
    h = normalise_header(text)
    for role, pattern in HEADER_ROLES:
        if pattern.search(h):
            return role
    return ""


def says_percent(header: str) -> bool:
    """A column header that says its figures are percentages: "Tingkat Realisasi (%)", "Capaian %"."""
    return "%" in header or bool(re.search(r"\(\s*persen\s*\)", header, re.IGNORECASE))


# -- the table's end: lines that are never data -------------------------------------------------------------
_MONTHS = (r"(?:januari|februari|pebruari|maret|april|mei|juni|juli|agustus|september|oktober|nopember|november|"
           r"desember)")
# "Lubuk Pakam,      Desember 2025", "Bandung, 31 Maret 2024", "Sumenep, ........ 2024", "Jakarta, 12-04-2024"
PLACE_AND_DATE = lazy_re(
    rf"^[^\d,]{{2,60}},\s*(?:\d{{1,2}}\s*)?(?:{_MONTHS}\b|[.…_]{{2,}}|\d{{1,2}}\s*[-/.]\s*\d{{1,2}}\s*[-/.]\s*\d{{2,4}})",
    re.IGNORECASE)
# Lines that end a table wherever they stand: a signature's labels, a NIP, notes.
SIGNATURE_ANYWHERE = lazy_re(
    r"^(?:nip\b|n\s*i\s*p\s*[.:]|disusun\b|dievaluasi\b|mengetahui\b|disetujui\b|diperiksa\b|dibuat oleh\b|"
    r"tanggal\s*[:]|\*+\s*\)|catatan\s*:|keterangan\s*:?\s*$|keterangan\s*:|ket\s*[.:])",
    re.IGNORECASE)
# A signatory's office or rank: a signature only right of the name columns (a program heading may begin so).
SIGNATURE_IN_FIGURES = lazy_re(
    r"^(?:kepala\b|(?:plt|plh|pj|a\s*\.?\s*n)\s*\.?\s+kepala\b|pembina\b|penata\b|sekretaris\b)", re.IGNORECASE)
# Template placeholders: "{skpd}", "{nipkepala}", or a line of dots to fill in.
PLACEHOLDER = lazy_re(r"^\s*(?:\{[^{}]*\}\s*)+$|^\s*(?:[.·_]{3,}|…)[\s.…·_]*$")
_HAS_PLACEHOLDER = PLACEHOLDER_FIELD = lazy_re(r"\{[A-Za-z_][A-Za-z0-9_ ]*\}")   # a template's "{tahun}"


def is_placeholder(text: str) -> bool:
    """A template's blank to fill: "{tahun}", "......", "…" (a lone "." stays a typo to warn about)."""
    return bool(PLACEHOLDER.match(text))


def has_placeholder(text: str) -> bool:
    return bool(_HAS_PLACEHOLDER.search(text)) or "..." in text or "…" in text


def ends_table(text: str, in_figures: bool) -> bool:
    """Whether a line of text (in a row without figures) begins what follows a table: a place and date, a
    signature's labels, a note.  `in_figures`: the text stands right of the name columns."""
    t = text.strip()
    if PLACE_AND_DATE.match(t) or SIGNATURE_ANYWHERE.match(t):
        return True
    return in_figures and bool(SIGNATURE_IN_FIGURES.match(t))


# The lines of a footer under a block: never data, whatever they hold ("Faktor pendorong: 1. anggaran …").
FOOTER_LINE = lazy_re(r"^\s*(?:rata\s*-?\s*rata\b|predikat\b|faktor\b|tindak\s+lanjut\b)", re.IGNORECASE)


def is_footer_line(text: str) -> bool:
    return bool(FOOTER_LINE.match(text))


# A typed figure: a number, "15 Laporan", "Rp 1.000", "-" (nil)
FIGURE_TEXT = lazy_re(r"^\s*(?:rp\.?\s*)?[-–+(]?\s*\d|^\s*[-–—]+\s*$", re.IGNORECASE)


# -- totals rows: the agency's sums inside a table ("Jumlah", "Total Keseluruhan"), never an indicator ------
# The whole name text of the row (lower-cased, single spaces), with an optional ":" or "." after it.
TOTALS_LABEL = lazy_re(
    r"^(?:jumlah(?: (?:total|keseluruhan|seluruhnya|semua|akhir))?|total(?: (?:keseluruhan|jumlah|seluruhnya|akhir))?"
    r"|grand ?total|sub ?total|sub jumlah)\s*[:.]?$")


def is_totals_label(text: str) -> bool:
    """A row's name text that says the row is a sum of others: "Jumlah", "JUMLAH", "Total", "Jumlah Total",
    "Total Keseluruhan", "Sub Total".  Only the exact words: "Jumlah dokumen" is an indicator's name."""
    return bool(TOTALS_LABEL.match(" ".join(text.split()).lower()))


# -- Perjanjian Kinerja (PK) / rencana aksi: the words forms/pk.py and evaluate/pk.py read ------------------
# Header keywords themselves (Target, Realisasi, Capaian, Anggaran, Serapan, Efisiensi, Predikat …) are the
# classification rules of forms/pk.py:classify; the patterns below are the wordings staff vary.
# The numeral as staff type it, the letter l for I too ("TW Il", "Triwulan Ill", "TW lV"), as in the Renja
# headers (above); longest first so "iii" is not read as "ii".
PK_NUMERAL = r"(iv|lv|iii|ill|iil|ili|lii|lll|ii|il|li|ll|i|l|[1-4])"
PK_QUARTER = lazy_re(r"\b(?:tw|triwulan|trw|tri\s?wulan)\s*[.\-]?\s*" + PK_NUMERAL + r"\b", re.IGNORECASE)
# a quarter numeral as PK_QUARTER captures it -> the quarter's index 0..3
PK_QUARTER_INDEX = {k: quarter_numeral(k) - 1 for k in ("i", "ii", "iii", "iv", "lv", "ill", "iil", "ili", "lii", "lll",
                                                        "il", "li", "ll", "l", "1", "2", "3", "4")}
# a "Sifat" column's values: polarity or accumulation (forms/pk.py tells them apart)
PK_POLARITY_WORDS = lazy_re(r"positif|negatif|maksimal|minimal|maximi[sz]e|minimi[sz]e|semakin|^[+\-−]$",
                               re.IGNORECASE)
PK_ACCUMULATION_WORDS = lazy_re(r"kumulatif|akhir|rata", re.IGNORECASE)
# "Rata-rata capaian (kinerja)", "Rata-rata", "Rata-rata (%)": a footer; "Rata-rata Lama Sekolah" is an indicator
PK_FOOTER = lazy_re(r"^\s*(rata\s*-?\s*rata(?:\s+capaian|\s+kinerja|\s*[(:%]|\s*$)|jumlah\s+capaian|total\b)",
                       re.IGNORECASE)
# the footer rows under the table that state the sheet's average capaian and its predikat (a "Total" row is
# no average); any cell of the row may carry the label ("Rata-rata capaian kinerja" merged over No..Target)
PK_AVERAGE_FOOTER = lazy_re(r"^\s*rata\s*-?\s*rata(?:\s+capaian|\s+kinerja|\s*[(:%]|\s*$)", re.IGNORECASE)
PK_TOTAL_FOOTER = lazy_re(r"^\s*(jumlah|total)\b", re.IGNORECASE)
PK_PREDIKAT_FOOTER = lazy_re(r"^\s*predikat", re.IGNORECASE)

PK_MONTH_NAMES = (
    ("januari", "january", "jan"),
    ("februari", "pebruari", "february", "febr", "pebr", "feb", "peb"),
    ("maret", "march", "mar", "mrt"),
    ("april", "apr"),
    ("mei", "may"),
    ("juni", "june", "jun"),
    ("juli", "july", "jul"),
    ("agustus", "august", "agst", "agt", "agu", "ags", "aug"),
    ("september", "sept", "sep"),
    ("oktober", "october", "okt", "oct"),
    ("november", "nopember", "nov", "nop"),
    ("desember", "december", "des", "dec"),
)
PK_MONTH_OF = {w: m for m, words in enumerate(PK_MONTH_NAMES) for w in words}
PK_MONTH = lazy_re(r"(?<![a-z])(" + "|".join(sorted(PK_MONTH_OF, key=len, reverse=True)) + r")\.?(?![a-z])",
                      re.IGNORECASE)
# a figure since the start of the year: "s.d. TW II", "Kumulatif TW II", "Akumulasi s/d Maret"
PK_TO_DATE = lazy_re(r"(?<![a-z])(?:s\s*[./]\s*d|sd|sampai|hingga|kumulatif|akumulasi|akumulatif)(?![a-z])",
                        re.IGNORECASE)
# the end of a range of quarters after the first one: "TW I - II", "TW I s.d. TW III", "Triwulan I-IV"
PK_QUARTER_RANGE = lazy_re(r"\s*(?:-|–|s\s*[./]\s*d\.?|sd|sampai(?:\s+dengan)?|hingga)\s*"
                              r"(?:(?:tw|triwulan|trw|tri\s?wulan)\s*[.\-]?\s*)?" + PK_NUMERAL + r"\b", re.IGNORECASE)
PK_RENSTRA = lazy_re(r"renstra|rpjmd|akhir\s+periode|periode\s+akhir|kondisi\s+akhir", re.IGNORECASE)
PK_INDICATOR = lazy_re(r"indikator|indicator|(?<![a-z])iku(?![a-z])", re.IGNORECASE)
# "I K U" -> "IKU"; three letters at least, so "TW I s.d. TW III" keeps its "I s.d."
PK_SPACED_LETTERS = lazy_re(r"\b(?:[A-Za-z] ){2,}[A-Za-z]\b")
PK_NAME_WORDS = lazy_re(r"^(uraian|nama|rumusan|deskripsi|keterangan)\b", re.IGNORECASE)
PK_YEAR = lazy_re(r"(?<!\d)(20\d\d)(?!\d)")
# a row's target cell that says the indicator has no target this year ("N/A", "tidak ditargetkan")
PK_NOT_APPLICABLE = lazy_re(r"^\s*(n\s*/\s*a|n\.?a\.?|na|tidak\s+ada\s+target|tidak\s+ditargetkan)\s*$", re.IGNORECASE)
# a polarity cell: lower is better (negative), higher is better (positive)
PK_NEGATIVE = lazy_re(r"negatif|minimal|minimum|minimi[sz]e|(?<![a-z])min(?![a-z])|semakin\s+(rendah|kecil|sedikit)|"
                         r"menurun|^\s*[-−–]\s*$|↓|lower\s+is\s+better", re.IGNORECASE)
PK_POSITIVE = lazy_re(r"positif|maksimal|maksimum|maximi[sz]e|maximum|(?<![a-z])max(?![a-z])|"
                         r"semakin\s+(tinggi|besar|banyak)|meningkat|^\s*\+\s*$|↑|higher\s+is\s+better", re.IGNORECASE)


# -- the LKPJ annual capaian table (forms/lkpj.py): FISIK: TARGET | REAL | %, KEUANGAN: ALOKASI | REAL | % --------
# Headings lower-cased, single spaces, with "[ Rp ]" / "[ % ]" kept as marks.
LKPJ_FISIK = lazy_re(r"^(?:fisik|kinerja)$")
LKPJ_KEUANGAN = lazy_re(r"^(?:keuangan|anggaran)$")
LKPJ_TARGET = lazy_re(r"^target(?: kinerja| fisik)?$")
# "REAL", "Real.", "Realisasi", "Realisasi Target", "Realisasi Kinerja": the year's realisation
LKPJ_REAL = lazy_re(r"^real(?:\.|isasi)?(?: (?:target|kinerja|fisik|anggaran|keuangan))?\.?$")
LKPJ_ALOKASI = lazy_re(r"^(?:alokasi|pagu)(?: anggaran)?$")
LKPJ_PERCENT = lazy_re(r"^(?:%|\(%\)|persen(?:tase)?|capaian)(?: \(%\))?$")
LKPJ_KODE = lazy_re(r"^(?:kode|kd\.?)$")
LKPJ_NAMA = lazy_re(r"^(?:opd\s*/\s*)?program\s*/\s*keg")
LKPJ_INDIKATOR = lazy_re(r"^indikator")
LKPJ_SATUAN = lazy_re(r"^satuan$")
_LKPJ_MONEY = lazy_re(r"\[\s*rp\.?\s*\]|\(\s*rp\.?\s*\)|\brp\b")
_LKPJ_PERCENT_MARK = lazy_re(r"\[\s*%\s*\]|\(\s*%\s*\)")


def lkpj_heading(text: str) -> tuple[str, bool, bool]:
    """(the heading without its unit mark, says money "[ Rp ]", says percent "[ % ]")."""
    h = normalise_header(text)
    money, percent = bool(_LKPJ_MONEY.search(h)), bool(_LKPJ_PERCENT_MARK.search(h))
    bare = " ".join(_LKPJ_PERCENT_MARK.sub(" ", _LKPJ_MONEY.sub(" ", h)).split())
    return bare, money, percent
