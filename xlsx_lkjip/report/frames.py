"""The rekap's tables as pandas DataFrames, for analysts (Jupyter):

    from xlsx_lkjip import frames
    t = frames("output")                  # an output folder (its rekap.xlsx), a rekap .xlsx, or a Report
    t["indikator"].groupby("Perangkat Daerah")["Capaian K (%)"].mean()

Keys: rekap_opd, per_program, indikator, indikator_pk, masalah (and the tables of any other form kind
registered, evaluate/kinds.py); the columns of the rekap's sheets of the same names.  dtypes: float64 for figures (target, realisasi, capaian, anggaran…), nullable Int64 for counts and row
numbers (Baris, Tahun, Peringatan…), ordered categories for predikat (the scale's order, best first), status,
level, triwulan, efficiency category; text stays object.  pandas is an optional extra
(`pip install "xlsx-lkjip[pandas]"`); it is imported only here, when frames() is called.
"""

from __future__ import annotations

import math
import warnings
from pathlib import Path

from ..config import QUARTERS, Config
from ..evaluate import kinds
from .csv_tables import tables as csv_tables
from .rekap import ID, INT, MASALAH_COLS, NUM, OPD_COLS, PCT, PREDIKAT, PROGRAM_COLS, RATIO, _labels, rekap_sheets


def tables() -> dict:
    """{key: (rekap sheet, columns)}: the fixed tables and, between per_program and masalah, those the form
    kinds declare (evaluate/kinds.py; keys as their CSV files)."""
    return {"rekap_opd": ("Rekap OPD", OPD_COLS), "per_program": ("Per Program", PROGRAM_COLS),
            **{t.csv: (t.sheet, t.cols) for t in kinds.rekap_tables()}, "masalah": ("Masalah", MASALAH_COLS)}


def categories() -> dict:
    """Columns of text with a fixed set of values: ordered categories (the order a reader sorts them in)."""
    return {"Status": ["selesai", "dengan peringatan", "gagal"], "Triwulan": list(QUARTERS),
            "Formulir": [k.name for k in kinds.form_kinds()], "Tingkat": ["program", "kegiatan", "sub kegiatan"],
            "Polaritas": None, "Akumulasi": None, "Kategori Efisiensi": None}
LEVELS = ["galat", "peringatan", "info"]


def _pandas():
    try:
        import pandas
    except ImportError:
        raise ImportError("frames() memerlukan pandas, yang tidak terpasang bersama lkjip. Pasang dengan: "
                          "pip install \"xlsx-lkjip[pandas]\"") from None
    return pandas


def frames(source, config: Config | None = None) -> dict:
    """{table name: DataFrame} of a rekap: `source` is an output folder (its rekap.xlsx), the path of a rekap
    workbook, or a Report (api.run(...), with its full results: keep_rows=True, the default)."""
    pd = _pandas()
    if isinstance(source, (str, Path)):
        found, scale = _read_rekap(Path(source))
    else:
        cfg = config or getattr(source, "config", None) or Config()
        scale = _labels(cfg.predikat)
        for _, s in cfg.predikat_per_quarter:
            scale += [x for x in _labels(s) if x not in scale]
        found = _from_report(source)
    cols = tables()
    return {name: _frame(pd, cols[name][1], header, rows, scale) for name, (header, rows) in found.items()}


def _from_report(report) -> dict:
    rows = {name: list(rows_of(report)) for name, (_cols, rows_of) in csv_tables().items()}   # as the rekap has them
    return {name: ([c.header for c in cols], rows[name]) for name, (_sheet, cols) in tables().items()}


def _read_rekap(path: Path):
    """The tables of a rekap workbook written by lkjip, and its predikat scale (from the Pengaturan sheet)."""
    if path.is_dir():
        path = path / "rekap.xlsx"
    if not path.is_file():
        raise FileNotFoundError(f"rekap tidak ditemukan: {path}")
    with warnings.catch_warnings():   # the data bars' and charts' extensions openpyxl does not read: not needed
        warnings.simplefilter("ignore", UserWarning)
        return _read_tables(path)


def _read_tables(path: Path):
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=True)
    try:
        # a form kind's sheet may be missing (a rekap written before the kind existed): an empty table
        declared = {t.sheet for t in kinds.rekap_tables()}
        missing = [sheet for sheet in rekap_sheets() if sheet not in wb.sheetnames and sheet not in declared]
        if missing:
            raise ValueError(f"{path} bukan rekap lkjip: sheet {', '.join(missing)} tidak ada")
        found = {}
        for name, (sheet, cols) in tables().items():
            if sheet not in wb.sheetnames:
                found[name] = ([c.header for c in cols], [])
                continue
            rows = wb[sheet].iter_rows(values_only=True)
            header = list(next(rows, ()))
            found[name] = (header, [list(r) for r in rows if any(v is not None for v in r)])
        scale = []
        for row in wb["Pengaturan"].iter_rows(values_only=True):
            if row and row[0] and str(row[0]).startswith("Skala predikat") and row[1]:
                for part in str(row[1]).split("; "):
                    label = part.split(" ≥ ")[0].removesuffix(" di bawahnya").strip()
                    if label and label not in scale:
                        scale.append(label)
    finally:
        wb.close()
    return found, scale


def _float(v):
    if v is None or v == "":
        return math.nan
    try:
        return float(v)
    except (TypeError, ValueError):
        return math.nan


def _frame(pd, cols, header: list, rows: list[list], scale: list[str]):
    col_kinds = {c.header: c.kind for c in cols}
    fixed_values = categories()
    data = {h: [r[i] if i < len(r) else None for r in rows] for i, h in enumerate(header)}
    out = {}
    for h in header:
        kind, values = col_kinds.get(h), data[h]
        if kind in (NUM, PCT, RATIO):
            out[h] = pd.Series([_float(v) for v in values], dtype="float64")
        elif kind in (INT, ID):
            out[h] = pd.Series([None if v in (None, "") else int(v) if not isinstance(v, str) or v.isdigit()
                                else None for v in values], dtype="Int64")
        elif kind == PREDIKAT:
            present = [v for v in dict.fromkeys(values) if v not in (None, "")]
            order = scale + [x for x in present if x not in scale]
            out[h] = pd.Categorical([v if v not in (None, "") else None for v in values], categories=order,
                                    ordered=True)
        elif h in fixed_values or (h == "Tingkat" and cols is MASALAH_COLS):
            fixed = LEVELS if (h == "Tingkat" and cols is MASALAH_COLS) else fixed_values[h]
            present = [v for v in dict.fromkeys(values) if v not in (None, "")]
            order = (fixed + [x for x in present if x not in fixed]) if fixed else sorted(present, key=str)
            out[h] = pd.Categorical([v if v not in (None, "") else None for v in values], categories=order,
                                    ordered=fixed is not None)
        else:
            out[h] = pd.Series([None if v == "" else v for v in values], dtype="object")
    return pd.DataFrame(out, columns=header)
