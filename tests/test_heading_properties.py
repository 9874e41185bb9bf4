"""Issue 20, property test: random layouts of the E.81 family (labels removed, unreadable or wrong at random,
figure blocks moved, Satuan columns inserted, a single target column, headings reworded within the vocabulary
or, for a computed column, unreadable).  Whatever the layout:

* no computed cell is written from a column that was not computed (a column that cannot be decided, and all
  that is built on it, stays empty);
* every computed cell that is written equals an independent computation from the typed figures, by what the
  column means (13 = the quarters, 14 = 13/8, 15 = 7 + 13, 16 = 15/6), never by a wrong label.
"""

from __future__ import annotations

from dataclasses import replace

import tempfile
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.utils import get_column_letter

from xlsx_lkjip.api import complete_workbook
from xlsx_lkjip.config import DEFAULT, FINAL_BLANK_OUT
from xlsx_lkjip.forms import vocabulary as V
from tests.heading_shapes import HEADING_WORDINGS, QUARTER_HEADING, QUARTER_NAMES

SETTINGS = settings(max_examples=40, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# the figure blocks by meaning; Q1..Q4 stay together and in order
TR, RL, T, R, C, RR, CR = "TR", "RL", "T", "R", "C", "RR", "CR"
ROLE = {TR: V.TARGET_RENSTRA, RL: V.REALISASI_RENSTRA_LALU, T: V.TARGET, R: V.REALISASI, C: V.CAPAIAN,
        RR: V.REALISASI_RENSTRA, CR: V.CAPAIAN_RENSTRA}
# what each computed block is made of
INGREDIENTS = {R: ("Q1", "Q2", "Q3", "Q4"), C: (R, T), RR: (RL, R), CR: (RR, TR)}
KIND = {R: "sum", C: "ratio", RR: "sum", CR: "ratio"}
DATA_ROWS = (7, 8, 9)


@st.composite
def layouts(draw):
    text_cols = ["No"] + (["Sasaran"] if draw(st.booleans()) else []) + ["Kode", "Program / Kegiatan",
                                                                          "Indikator Kinerja"]
    if draw(st.booleans()):
        text_cols.append("Satuan")                       # a numbered Satuan column of its own
    inputs = draw(st.permutations([TR, RL, T]))
    computed = draw(st.permutations([R, RR, CR] + ([C] if draw(st.booleans()) else [])))
    blocks = list(inputs) + ["Q1", "Q2", "Q3", "Q4"] + list(computed)
    unreadable = draw(st.sets(st.sampled_from(computed), max_size=2))    # headings no vocabulary reads
    labels = {}
    for b in computed:
        choice = draw(st.sampled_from(["right", "none", "unreadable"] + ([] if unreadable else ["wrong"])))
        labels[b] = choice
    return {
        "text": text_cols, "blocks": blocks, "labels": labels, "unreadable": unreadable,
        "single_target": draw(st.booleans()),              # TR without a K | Rp split
        "satuan_in_target": draw(st.booleans()),            # T as K | Satuan | Rp
        "wording": {b: draw(st.sampled_from(HEADING_WORDINGS[ROLE[b]])) for b in ROLE},
        "quarters": draw(st.sampled_from(QUARTER_NAMES)),
        "figures": [draw(_row_figures()) for _ in DATA_ROWS],
    }


def _row_figures():
    k = st.one_of(st.none(), st.integers(0, 400))
    rp = st.one_of(st.none(), st.integers(0, 5000).map(lambda v: v * 1000))
    return st.fixed_dictionaries({b: st.tuples(k, rp) for b in (TR, RL, T, "Q1", "Q2", "Q3", "Q4")})


def _write(path: Path, lay: dict) -> dict:
    """The workbook; returns block -> (number, {side: column index})."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "EVALUASI TERHADAP HASIL RENJA PERANGKAT DAERAH TAHUN 2025"
    ws["A2"] = "Perangkat Daerah : Dinas Contoh"
    col, number = 1, 1
    where: dict[str, tuple[int, dict[str, int]]] = {}
    for text in lay["text"]:
        ws.cell(3, col, text)
        ws.cell(5, col, number)
        col, number = col + 1, number + 1
    for b in lay["blocks"]:
        sides = ["K"] if (b == TR and lay["single_target"]) else \
            ["K", "Satuan", "Rp"] if (b == T and lay["satuan_in_target"]) else ["K", "Rp"]
        where[b] = (number, {s: col + i for i, s in enumerate(sides)})
        ws.cell(5, col, number)
        if b.startswith("Q"):
            ws.cell(4, col, lay["quarters"][int(b[1]) - 1])
        else:
            ws.cell(3, col, "Kolom isian" if b in lay["unreadable"] else lay["wording"][b])
        if len(sides) > 1 and not b.startswith("Q"):   # the quarters lie under one merged heading
            ws.merge_cells(start_row=3, start_column=col, end_row=3, end_column=col + len(sides) - 1)
        for i, s in enumerate(sides):
            if len(sides) > 1:
                ws.cell(6, col + i, s)
        col, number = col + len(sides), number + 1
    q1 = where["Q1"][1]["K"]
    ws.cell(3, q1, QUARTER_HEADING)
    ws.merge_cells(start_row=3, start_column=q1, end_row=3, end_column=where["Q4"][1]["Rp"])
    ws.cell(3, col, "Unit Perangkat Daerah Penanggung Jawab")
    ws.cell(5, col, number)
    for b, how in lay["labels"].items():
        n = where[b][0]
        parts = [where[i][0] for i in INGREDIENTS[b]]
        if how == "right":
            text = f"{n}={'+'.join(map(str, parts))}" if KIND[b] == "sum" else f"{n}={parts[0]}/{parts[1]}x100%"
        elif how == "wrong":   # a sum that misses a part, a ratio over the wrong target
            other = where[TR if b == C else T][0]
            text = f"{n}={'+'.join(map(str, parts[:-1] + [other]))}" if KIND[b] == "sum" else \
                f"{n}={parts[0]}/{other}x100%"
        elif how == "unreadable":
            text = f"{n} = lihat catatan"
        else:
            continue
        ws.cell(5, where[b][1]["K"], text)
    for r, figs in zip(DATA_ROWS, lay["figures"]):
        ws.cell(r, 1, r - 6)
        ws.cell(r, 2 if "Sasaran" not in lay["text"] else 3, f"1.02.0{r}")
        for b, (k, rp) in figs.items():
            sides = where[b][1]
            if k is not None:
                ws.cell(r, sides["K"], k)
            if rp is not None and "Rp" in sides:
                ws.cell(r, sides["Rp"], rp)
            if "Satuan" in sides:
                ws.cell(r, sides["Satuan"], "Dok")
        if not any(v is not None for b, pair in figs.items() for v in pair):
            ws.cell(r, where[T][1]["K"], 1)   # every row a data row
            figs[T] = (1, figs[T][1])
    wb.save(path)
    return where


STANDARD_ORDER = [TR, RL, T, "Q1", "Q2", "Q3", "Q4", R, C, RR, CR]


def _decidable(lay: dict, b: str) -> bool:
    """Whether column b can be decided: a right label, or a heading whose formula is complete (its own and its
    ingredients' headings readable); and all its computed inputs decidable.  The E.81 numbering 1..17 in its
    own order without any label is the form's own: every column is decided by its place."""
    if b not in INGREDIENTS:
        return True
    if lay["blocks"] == STANDARD_ORDER and len(lay["text"]) == 5 and "Satuan" not in lay["text"] \
            and all(how == "none" for how in lay["labels"].values()):
        return True
    heading = b not in lay["unreadable"] and all(i not in lay["unreadable"] for i in INGREDIENTS[b])
    if not (lay["labels"][b] == "right" or heading):
        return False
    return all(i not in INGREDIENTS or (i in lay["labels"] and _decidable(lay, i)) for i in INGREDIENTS[b])


def _expected(figs: dict, side: int) -> dict[str, Decimal | None]:
    """13, 14, 15, 16 by meaning, from one row's typed figures on one side (0: K, 1: Rp)."""
    val = {b: (Decimal(v[side]) if v[side] is not None else None) for b, v in figs.items()}
    reported = [val[q] for q in ("Q1", "Q2", "Q3", "Q4") if val[q] is not None]
    out: dict[str, Decimal | None] = {R: sum(reported, Decimal(0)) if reported else None}

    def ratio(a, b):
        if a is None or b is None or b == 0:
            return None
        return (a / b * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    out[C] = ratio(out[R], val[T])
    out[RR] = None if out[R] is None else out[R] + (val[RL] or 0)
    out[CR] = ratio(out[RR], val[TR])
    return out


@SETTINGS
@given(layouts())
def test_written_cells_are_computed_by_meaning_and_never_from_an_uncomputed_column(lay):
    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "in.xlsx", Path(tmp) / "out.xlsx"
        where = _write(src, lay)
        # which columns are computed, from what: a year-end row with nothing reported is left out of the
        # average here rather than counted 0 % (the default; tests/test_final_round_blanks.py), so it stays empty
        res = complete_workbook(src, out, replace(DEFAULT, final_blank=FINAL_BLANK_OUT))
        assert res.status in ("selesai", "dengan peringatan"), [p.message for p in res.problems]
        ws = openpyxl.load_workbook(out).active
        computed = [b for b in lay["blocks"] if b in INGREDIENTS]
        for r, figs in zip(DATA_ROWS, lay["figures"]):
            for s, side in enumerate(("K", "Rp")):
                expected = _expected(figs, s)
                for b in computed:
                    if side not in where[b][1]:
                        continue
                    got = ws.cell(r, where[b][1][side]).value
                    ok = _decidable(lay, b) and not (side == "Rp" and lay["single_target"] and b == CR)
                    where_cell = f"{get_column_letter(where[b][1][side])}{r} ({b} {side})"
                    if not ok:
                        assert got is None, f"{where_cell}: written from a column not computed: {got!r}"
                    elif expected[b] is None:
                        assert got is None, f"{where_cell}: {got!r}, expected empty"
                    else:
                        assert got is not None and Decimal(str(got)) == expected[b], \
                            f"{where_cell}: {got!r} != {expected[b]}"
