"""The text lines of an E.81 footer under each block of a Renja table: "Faktor pendorong keberhasilan kinerja",
"Faktor penghambat pencapaian kinerja", "Tindak lanjut yang diperlukan dalam triwulan berikutnya" and "Tindak
lanjut yang diperlukan dalam Renja Perangkat Daerah / rencana kerja berikutnya".  Knows nothing of XML.

Only text next to a recognised label is read, never guessed from elsewhere on the sheet:
- in the label's own cell after its colon (or its first line): "Faktor pendorong …: 1. Dukungan pimpinan";
- else in the cells right of the label on its row ("Faktor pendorong … :" | ":" | "Dukungan pimpinan");
- else on the rows right under it, up to an empty row, another footer line, a signature block or a figure.
A table may instead give each program its own: a column headed "Faktor pendorong …" (and so on) holds the text
of each data row (read_column_texts).  A template's blank ("{pendorong}", "……") or a lone dash is no text.
"""

from __future__ import annotations

import re

from ..patterns import lazy_re
from ..records import record
from . import vocabulary as vocab
from ..io.grid import Grid, address

# The four lines, by what their label says (a line the E.81 does not have, such as a bare "Tindak lanjut", is
# not read: nobody could say which of the two it is).
PENDORONG, PENGHAMBAT, LANJUT_TRIWULAN, LANJUT_RENJA = ("pendorong", "penghambat", "tindak_lanjut_triwulan",
                                                        "tindak_lanjut_renja")
KINDS = (PENDORONG, PENGHAMBAT, LANJUT_TRIWULAN, LANJUT_RENJA)
_FAKTOR = r"^\s*faktor(?:\s*-\s*faktor)?\s+"     # "Faktor pendorong", "Faktor-faktor pendorong"
_LABELS = (
    (PENDORONG, lazy_re(_FAKTOR + r"(?:pendorong|pendukung)\b", re.IGNORECASE)),
    (PENGHAMBAT, lazy_re(_FAKTOR + r"penghambat\b", re.IGNORECASE)),
    (LANJUT_TRIWULAN, lazy_re(r"^\s*tindak\s*-?\s*lanjut\b[^:\n]*?\btriwulan\b", re.IGNORECASE)),
    (LANJUT_RENJA, lazy_re(r"^\s*tindak\s*-?\s*lanjut\b[^:\n]*?\b(?:renja|rencana\s+kerja|rkpd)\b",
                           re.IGNORECASE)),
)
_NOTHING = lazy_re(r"^[\s:;.,\-–—]*$")     # ":", "-", "–": the agency wrote nothing
_LEADING_COLONS = lazy_re(r"^[:\s]+")
_COLON_OR_LINE = lazy_re(r"[:\n]")


@record(frozen=True)
class FooterText:
    """The footer text under one block: the block's first and last data row, and per kind (KINDS) the text
    and the cell it was read from.  A dataclass, so `lkjip watch` keeps it with its saved results
    (batch/watch_results.py)."""
    first_row: int
    last_row: int
    texts: dict[str, str]
    cells: dict[str, str]


def label_kind(text: str) -> str:
    """Which footer line a cell's text opens (KINDS), or ""."""
    for kind, pattern in _LABELS:
        if pattern.match(text):
            return kind
    return ""


def _clean(text: str) -> str:
    text = vocab.PLACEHOLDER_FIELD.sub("", text)      # what is left of a template's "{pendorong}" typed around
    text = "\n".join(" ".join(line.split()) for line in text.strip().splitlines()).strip()
    text = _LEADING_COLONS.sub("", text)
    if _NOTHING.match(text) or vocab.is_placeholder(text):
        return ""
    return text


def _after_label(text: str) -> str:
    """The text a label cell holds after its label: after its first colon or line break."""
    parts = _COLON_OR_LINE.split(text, maxsplit=1)
    return _clean(parts[1]) if len(parts) > 1 else ""


def _row_texts(grid: Grid, r: int, after: int = 0) -> list[tuple[int, str]]:
    """(column, text) of the text cells of row `r` right of column `after`."""
    out = []
    for c in grid.row_cols.get(r, ()):
        if c > after:
            t = grid.cells.get((r, c))
            if t is not None and type(t[0]) is str and t[0].strip():
                out.append((c, t[0]))
    return out


def _below(grid: Grid, r: int, figure_cols: set[int], end: int) -> tuple[str, str]:
    """The rows right under a label up to an empty row, another footer line, a signature block or a figure."""
    lines, where = [], ""
    for rr in range(r + 1, end + 1):
        if any(grid.cells.get((rr, c)) and grid.cells[(rr, c)][1] == "n" for c in figure_cols):
            break
        texts = _row_texts(grid, rr)
        # "Kepala …" right under a label is the signature's office, whatever its column
        if not texts or any(vocab.is_footer_line(t) or label_kind(t) or vocab.ends_table(t, True)
                            for _, t in texts):
            break
        for c, t in texts:
            cleaned = _clean(t)
            if cleaned:
                lines.append(cleaned)
                where = where or address(rr, c)
    return "\n".join(lines), where


def read_footer_texts(grid: Grid, blocks: list, figure_cols: set[int]) -> list[FooterText]:
    """The footer text under each block (forms/renja.Block: rows, footer_row, predikat_row) that has any; a
    block's footer lines stand between its last row (or its footer) and the next block's first row."""
    out = []
    for i, block in enumerate(blocks):
        if not block.rows:
            continue
        start = max([r for r in (block.footer_row, block.predikat_row) if r] + [max(block.rows)]) + 1
        nxt = [min(b.rows) for b in blocks[i + 1:] if b.rows]
        end = (min(nxt) - 1) if nxt else grid.max_row
        texts: dict[str, str] = {}
        cells: dict[str, str] = {}
        for r in sorted(x for x in grid.row_cols if start <= x <= end):
            for c, value in _row_texts(grid, r):
                kind = label_kind(value)
                if not kind or kind in texts:
                    continue
                text, where = _after_label(value), address(r, c)
                if not text:
                    span = grid.merge_span(r, c)
                    right = [(cc, _clean(t)) for cc, t in _row_texts(grid, r, span[3] if span else c)]
                    right = [(cc, t) for cc, t in right if t and not label_kind(t)]
                    if right:
                        text, where = "\n".join(t for _, t in right), address(r, right[0][0])
                if not text:     # under the label (a label merged over two rows: under both)
                    text, where = _below(grid, span[2] if span else r, figure_cols, end)
                if text:
                    texts[kind], cells[kind] = text, where
                break   # one label per row: the cells right of it are its text
        if texts:
            out.append(FooterText(min(block.rows), max(block.rows), texts, cells))
    return out


def read_column_texts(grid: Grid, rows: list[int], columns: list[tuple[int, str]]) -> list[FooterText]:
    """Each data row's own text in the table's columns headed like a footer line (`columns`: (physical column,
    heading)); the headings that are no footer label are left alone."""
    kinds = [(c, label_kind(h)) for c, h in columns]
    kinds = [(c, k) for c, k in kinds if k]
    out = []
    for r in rows if kinds else ():
        texts, cells = {}, {}
        for c, kind in kinds:
            t = grid.cells.get((r, c))
            text = _clean(t[0]) if t is not None and type(t[0]) is str else ""
            if text and kind not in texts:
                texts[kind], cells[kind] = text, address(r, c)
        if texts:
            out.append(FooterText(r, r, texts, cells))
    return out
