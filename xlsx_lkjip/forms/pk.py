"""The Perjanjian Kinerja / rencana aksi form, found by header keywords in one row or two stacked rows
(merged group cells such as "Realisasi" over "TW I … TW IV"), in any column order."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..io.grid import Grid

_QUARTER = re.compile(r"\b(?:tw|triwulan|trw|tri\s?wulan)\s*[.\-]?\s*(iv|iii|ii|i|[1-4])\b", re.IGNORECASE)
_Q = {"i": 0, "ii": 1, "iii": 2, "iv": 3, "1": 0, "2": 1, "3": 2, "4": 3}
_POLARITY_WORDS = re.compile(r"positif|negatif|maksimal|minimal|semakin|^[+\-−]$", re.IGNORECASE)
_ACCUMULATION_WORDS = re.compile(r"kumulatif|akhir|rata", re.IGNORECASE)
_FOOTER = re.compile(r"^\s*(rata\s*-?\s*rata|jumlah\s+capaian|total)\b", re.IGNORECASE)

# Roles a column can play; quarter roles carry an index 0..3.
SINGLE_ROLES = ("no", "sasaran", "indikator", "satuan", "polaritas", "sifat", "target", "capaian_tahunan",
                "predikat", "pagu", "realisasi_anggaran", "serapan", "efisiensi", "efisiensi_kategori")


def quarter_of(label: str) -> int | None:
    m = _QUARTER.search(label)
    return _Q[m.group(1).lower()] if m else None


def classify(label: str) -> tuple[str, int | None] | None:
    """The role of a column from its (combined) header label."""
    low = " ".join(label.lower().split())
    if not low:
        return None
    q = quarter_of(low)
    if "efisiensi" in low:
        return ("efisiensi_kategori" if ("kategori" in low or "predikat" in low) else "efisiensi"), None
    if "serapan" in low:
        return "serapan", None
    if "anggaran" in low or "pagu" in low:
        return ("realisasi_anggaran" if "realisasi" in low else "pagu"), None
    if "predikat" in low or "kategori" in low:
        return "predikat", None
    if q is not None:
        for word, role in (("realisasi", "realisasi_tw"), ("capaian", "capaian_tw"), ("target", "target_tw")):
            if word in low:
                return role, q
        return None
    if "capaian" in low:
        return "capaian_tahunan", None
    if "target" in low:
        return "target", None
    if "indikator" in low:
        return "indikator", None
    if "sasaran" in low:
        return "sasaran", None
    if "satuan" in low:
        return "satuan", None
    if "polaritas" in low:
        return "polaritas", None
    if "sifat" in low or "cara pengukuran" in low or "cara perhitungan" in low:
        return "sifat", None
    if low in ("no", "no.", "nomor") or low.startswith("no "):
        return "no", None
    return None


@dataclass
class PkLayout:
    header_rows: tuple[int, ...]
    cols: dict[str, int] = field(default_factory=dict)
    realisasi: list[int | None] = field(default_factory=lambda: [None] * 4)
    capaian_tw: list[int | None] = field(default_factory=lambda: [None] * 4)
    target_tw: list[int | None] = field(default_factory=lambda: [None] * 4)
    data_rows: list[int] = field(default_factory=list)
    accumulation_col: int | None = None   # a "Sifat"/"Cara Pengukuran" column holding Kumulatif/Akhir/Rata-rata

    @property
    def header_row(self) -> int:
        return self.header_rows[0]

    @property
    def has_target_tw(self) -> bool:
        return any(c is not None for c in self.target_tw)


def _origins(grid: Grid, rows: tuple[int, ...]) -> dict[tuple[int, int], tuple[int, int]]:
    """Every cell of `rows` covered by a merge -> the merge's top-left cell."""
    out = {}
    for r1, c1, r2, c2 in grid.merges:
        for r in rows:
            if r1 <= r <= r2:
                for c in range(c1, c2 + 1):
                    out[(r, c)] = (r1, c1)
    return out


def _labels(grid: Grid, rows: tuple[int, ...]) -> dict[int, str]:
    origins = _origins(grid, rows)
    cols = sorted({c for r in rows for c in grid.row_cols.get(r, ())} | {c for (_, c) in origins})
    labels = {}
    for c in cols:
        parts: list[str] = []
        for r in rows:
            o = origins.get((r, c), (r, c))
            t = grid.text(*o)
            if t and t not in parts:
                parts.append(t)
        if parts:
            labels[c] = " ".join(parts)
    return labels


def _has_quarters(grid: Grid, r: int) -> bool:
    return sum(1 for c in grid.row_cols.get(r, ()) if quarter_of(grid.text(r, c) or "") is not None) >= 2


def find_pk_layout(grid: Grid, *, max_scan: int = 80) -> PkLayout | None:
    """The PK form on this sheet (possibly with its Target column missing), or None."""
    for r in sorted(grid.row_cols):
        if r > max_scan:
            break
        texts = [grid.text(r, c).lower() for c in grid.row_cols[r]]
        if not any("indikator" in t for t in texts):
            continue
        rows = (r,)
        if not _has_quarters(grid, r) and _has_quarters(grid, r + 1):
            rows = (r, r + 1)
        layout = PkLayout(header_rows=rows)
        for c, label in sorted(_labels(grid, rows).items()):
            found = classify(label)
            if found is None:
                continue
            role, q = found
            if q is not None:
                slot = getattr(layout, {"realisasi_tw": "realisasi", "capaian_tw": "capaian_tw",
                                        "target_tw": "target_tw"}[role])
                if slot[q] is None:
                    slot[q] = c
            elif role not in layout.cols:
                layout.cols[role] = c
        if "indikator" not in layout.cols or not any(c is not None for c in layout.realisasi):
            continue
        layout.data_rows = _data_rows(grid, layout, rows[-1] + 1)
        _split_sifat(grid, layout)
        return layout
    return None


def _data_rows(grid: Grid, layout: PkLayout, start: int) -> list[int]:
    ind = layout.cols["indikator"]
    figures = [c for c in (layout.cols.get("target"), *layout.realisasi) if c is not None]
    out = []
    for r in sorted(grid.row_cols):
        if r < start:
            continue
        name = grid.text(r, ind)
        if not name or _FOOTER.match(name) or re.fullmatch(r"\(?\d+\)?", name):
            continue  # empty, a footer, or the column-number row under the header
        if any(grid.filled(r, c) for c in figures):
            out.append(r)
    return out


def _split_sifat(grid: Grid, layout: PkLayout) -> None:
    """A column headed only "Sifat" may hold polarity (Positif/Negatif) or accumulation (Kumulatif/Akhir):
    its values decide."""
    c = layout.cols.get("sifat")
    if c is None:
        return
    values = [grid.text(r, c) for r in layout.data_rows if grid.text(r, c)]
    accumulation = sum(1 for v in values if _ACCUMULATION_WORDS.search(v))
    polarity = sum(1 for v in values if _POLARITY_WORDS.search(v))
    del layout.cols["sifat"]
    if polarity > accumulation and "polaritas" not in layout.cols:
        layout.cols["polaritas"] = c
    else:
        layout.accumulation_col = c
