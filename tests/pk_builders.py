"""Builders of Perjanjian Kinerja / rencana aksi workbooks (Form 2, issue 4) for tests and the bundled sample.

Every builder is deterministic: the same arguments give the same bytes (document date fixed at
2022-01-01; the openpyxl variant is re-zipped with fixed timestamps and a fixed ``dcterms:modified``).

* :func:`build_binjai_pk` - the bundled sample ``input/PK BKPSDM Binjai 2022.xlsx``, modelled on seed 000
  (Badan Kepegawaian Daerah Kota Binjai, LKjIP 2022, Tabel 3.1 "Target dan Realisasi Kinerja"), with the
  expected results in :data:`BINJAI_EXPECTED` and the positions in :data:`BINJAI_LAYOUT`.
* :func:`build_pk` - a flexible generator: one-row or two-row (merged) headers, any column order, optional
  Target TW I-IV (rencana aksi), Sifat, Anggaran/Realisasi Anggaran/Serapan/Efisiensi columns, without
  Capaian or Predikat columns, extra untouched columns, quarter spellings ("TW I", "Triwulan I", "TW 1",
  "Tw.I").  Returns :func:`pk_layout`'s dict, so tests need no hard-coded positions; :func:`pk_cell` turns
  it into a cell address.

Values in ``rows`` are written the way they are given: ``int``/``float``/``Decimal`` -> number, ``str`` ->
text (so ``"1.234"``, ``"96,11%"``, ``"-"`` and ``"175 %"`` stay text), ``None`` -> blank, a ``str``
starting with ``"="`` -> formula, a tuple ``("=F8*2", cached)`` -> formula with a cached value.  xlsxwriter
always stores a cached value (``0`` unless given); ``engine="openpyxl"`` stores formulas without one.

The Binjai sample (seed 000)
----------------------------
Seed 000 gives annual figures only; the split of each realisasi over TW I-IV below is **invented** so that
the quarters add up (count-like) or end at (level-like) the seed's annual realisasi.  The seed's sasaran,
indicator names, satuan, targets and annual realisasi are kept; "Polaritas" is not in the seed (all
Positif except the disciplinary-violation count, which the issue declares Negatif).  The seed's agency
name is "Badan Kepegawaian Daerah Kota Binjai"; the sample uses the name the task asked for ("Badan
Kepegawaian dan Pengembangan Sumber Daya Manusia Kota Binjai").  The hand-typed "Capaian Tahunan (%)"
column holds the seed's printed "Persentase %" column (175 % for the negative indicator, truncated 88,13 %
and 103,22 %); the tool replaces them.  "Keterangan" notes paraphrase the seed's text.

Expected capaian, computed by hand (rules of issue 4: Positif R/T x 100, Negatif (2T - R)/T x 100 floored
at 0; count-like indicators accumulate over the quarters, level-like ones - Satuan "%" or names starting
"Persentase" - take the latest value; no Target TW columns, so every quarter is against the annual
target; "-" is a reported zero, a blank is "not reported"; tahunan = capaian of the latest reported
quarter; half-up to 2 decimals; predikat Permendagri 86: >=91 Sangat Tinggi, >=76 Tinggi, >=66 Sedang,
>=51 Rendah, else Sangat Rendah):

#   Indicator (Satuan; polarity, accumulation)   Target  Realisasi TW I..IV as typed  Capaian TW I / II / III / IV
1   Jumlah Pejabat ... Diklat (orang; +, cum)        40  6, 10, 12, 10 (=38)          15,00 / 40,00 / 70,00 / 95,00
2   Jumlah ASN ... Teknis (orang; +, cum)           360  "-", 45, 70, 45 (=160)       0,00 / 12,50 / 31,94 / 44,44
3   Jumlah ASN ... Fungsional (Orang; +, cum)        70  0, "-", 0, "-" (=0)          0,00 / 0,00 / 0,00 / 0,00
4   Persentase ASN ... SKP (%; +, level)             80  15,2; 38,75; 54,3; "70,51"   19,00 / 48,44 / 67,88 / 88,14
5   Persentase ASN ... Tinggi (%; +, level)       73,10  74,12; 74,58; "75,02%";      101,40 / 102,02 / 102,63 / 103,09
                                                         "75,36 %"
6   Jumlah ASN ... tugas belajar (orang; +, cum)      3  "-", 0, 3, "-" (=3)          0,00 / 0,00 / 100,00 / 100,00
7   Jumlah pelanggaran disiplin ASN (Kasus; -, cum)  12  5, 6, "4", "6" (=21)         158,33 / 108,33 / 75,00 / 25,00
8   Tersedianya sistem ... (aplikasi; +, cum)         1  blank, blank, blank, "-"     - / - / - / 0,00
9   Jumlah ASN ... ujian Dinas (orang; +, cum)       60  0, 27, 0, 31 (=58)           0,00 / 45,00 / 45,00 / 96,67
10  Jumlah kenaikan pangkat ASN (SK; +, cum)        850  412, 0, 416, 0 (=828)        48,47 / 48,47 / 97,41 / 97,41
11  Jumlah ASN ... Izin Belajar (orang; +, cum)      65  21, "38", 29, 16 (=104)      32,31 / 90,77 / 135,38 / 160,00
12  Jumlah ASN Mendapatkan Cuti (orang; +, cum)     150  148, 201, 163, 181 (=693)    98,67 / 232,67 / 341,33 / 462,00
13  Jumlah ASN ... gaji berkala (orang; +, cum) "1.800"  431, 456, 447, 452 (=1786)   23,94 / 49,28 / 74,11 / 99,22
14  Jumlah ASN ... Pensiun (orang; +, cum)          225  52, 61, 49, 56 (=218)        23,11 / 50,22 / 72,00 / 96,89
15  Jumlah ASN ... LHKPN (orang; +, cum)            215  226, "-", "-", "-" (=226)    105,12 / 105,12 / 105,12 / 105,12
16  Jumlah ASN ... Satya Lencana (orang; +, cum)    155  0, 0, 160, 0 (=160)          0,00 / 0,00 / 103,23 / 103,23

Every row has TW IV reported, so capaian tahunan = the TW IV value.
Predikat: #4 Tinggi; #2, #3, #7, #8 Sangat Rendah; all others Sangat Tinggi.

Worked checks: #7 (2*12 - 21)/12*100 = 25,00 (the seed printed 175 %, the positive formula);
#4 70,51/80*100 = 88,1375 -> 88,14 (seed printed 88,13); #16 160/155*100 = 103,2258 -> 103,23 (seed
printed 103,22); #8 has nothing reported before TW IV, so TW I-III stay empty.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from decimal import Decimal

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name

CREATED = datetime(2022, 1, 1)
_ZIP_DATE = (2022, 1, 1, 0, 0, 0)
ROMAN = ("I", "II", "III", "IV")

# --------------------------------------------------------------------------------------------
# column groups, labels
# --------------------------------------------------------------------------------------------

QUARTER_GROUPS = ("target_tw", "realisasi_tw", "capaian_tw")
DEFAULT_ORDER = ("no", "sasaran", "indikator", "satuan", "polaritas", "sifat", "target", "target_tw",
                 "realisasi_tw", "capaian_tw", "capaian_tahunan", "predikat", "pagu", "realisasi_anggaran",
                 "serapan", "efisiensi", "efisiensi_kategori")
_ALIASES = {"realisasi": "realisasi_tw", "capaian": "capaian_tw", "anggaran": "pagu"}

DEFAULT_LABELS = {
    "no": "No",
    "sasaran": "Sasaran Strategis",
    "indikator": "Indikator Kinerja",
    "satuan": "Satuan",
    "polaritas": "Polaritas",
    "sifat": "Sifat",
    "target": "Target Tahunan",
    # quarter groups: the group label (two-row header: top row; one-row header: prefix)
    "target_tw": "Target",
    "realisasi_tw": "Realisasi",
    "capaian_tw": "Capaian",
    "capaian_tahunan": "Capaian Tahunan (%)",
    "predikat": "Predikat",
    "pagu": "Anggaran (Pagu)",
    "realisasi_anggaran": "Realisasi Anggaran",
    "serapan": "Serapan Anggaran (%)",
    "efisiensi": "Efisiensi",
    "efisiensi_kategori": "Kategori Efisiensi",
}
# Two-row header: the group label over the quarter sub-columns.
_TWO_ROW_GROUP = {"target_tw": "Target (Rencana Aksi)", "realisasi_tw": "Realisasi", "capaian_tw": "Capaian (%)"}

TW_STYLES = {
    "TW I": "TW {r}",
    "Triwulan I": "Triwulan {r}",
    "TW 1": "TW {n}",
    "Tw.I": "Tw.{r}",
    "TW-I": "TW-{r}",
    "Trw I": "Trw {r}",
}

_WIDTHS = {"no": 5, "sasaran": 30, "indikator": 42, "satuan": 10, "polaritas": 10, "sifat": 11, "target": 10,
           "target_tw": 8, "realisasi_tw": 9, "capaian_tw": 9, "capaian_tahunan": 11, "predikat": 14, "pagu": 16,
           "realisasi_anggaran": 16, "serapan": 10, "efisiensi": 9, "efisiensi_kategori": 14}

# Row-dict key of the values of each single column (quarter groups take lists of four).
_ROW_KEY = {"target_tw": "target_tw", "realisasi_tw": "realisasi", "capaian_tw": "capaian",
            "capaian_tahunan": "capaian_tahunan", "indikator": "indikator", "pagu": "pagu"}


def tw_label(q: int, tw_style: str = "TW I") -> str:
    """The spelling of quarter q (0..3): a key of TW_STYLES or a format string with {r} (roman) / {n}."""
    fmt = TW_STYLES.get(tw_style, tw_style)
    if "{" not in fmt:
        raise ValueError(f"unknown tw_style {tw_style!r}; use one of {sorted(TW_STYLES)} or a format string")
    return fmt.format(r=ROMAN[q], n=q + 1)


def _groups(order, *, target_tw, anggaran, anggaran_outputs, capaian_cols, predikat_col, sifat_col,
            polaritas_col, extra_cols) -> list[str]:
    enabled = ["no", "sasaran", "indikator", "satuan"]
    if polaritas_col:
        enabled.append("polaritas")
    if sifat_col:
        enabled.append("sifat")
    enabled.append("target")
    if target_tw:
        enabled.append("target_tw")
    enabled.append("realisasi_tw")
    if capaian_cols is True or capaian_cols == "tw":
        enabled.append("capaian_tw")
    if capaian_cols is True or capaian_cols == "tahunan":
        enabled.append("capaian_tahunan")
    if predikat_col:
        enabled.append("predikat")
    if anggaran:
        enabled += ["pagu", "realisasi_anggaran"]
        if anggaran_outputs is True:
            outs = ("serapan", "efisiensi")
        else:
            outs = tuple(anggaran_outputs or ())
        for o in outs:
            if o not in ("serapan", "efisiensi", "efisiensi_kategori"):
                raise ValueError(f"unknown anggaran output {o!r}")
        enabled += [o for o in ("serapan", "efisiensi", "efisiensi_kategori") if o in outs]
    enabled += list(extra_cols)
    if len(set(enabled)) != len(enabled):
        raise ValueError("an extra column repeats a built-in column")
    if order is None:
        return enabled
    wanted = [_ALIASES.get(g, g) for g in order]
    unknown = [g for g in wanted if g not in DEFAULT_ORDER and g not in extra_cols]
    if unknown:
        raise ValueError(f"unknown column group(s) in order: {unknown}")
    out = [g for g in wanted if g in enabled]
    return out + [g for g in enabled if g not in out]


# --------------------------------------------------------------------------------------------
# layout (no file access)
# --------------------------------------------------------------------------------------------

def pk_layout(rows: list[dict], *, header: str = "two-row", order=None, target_tw: bool = False,
              anggaran: bool = False, anggaran_outputs=False, capaian_cols=True, predikat_col: bool = True,
              sifat_col: bool = False, polaritas_col: bool = True, extra_cols=("Sumber Data", "PIC"),
              title_rows=None, number_row: bool = False, footer: bool = False, sheet: str = "PK",
              tw_style: str = "TW I", labels: dict | None = None, **_ignored) -> dict:
    """Where build_pk puts everything, for the same arguments.

    Returns ``{"sheet", "header_rows", "number_row", "first_data_row", "last_data_row", "rows",
    "footer_row", "cols", "index", "labels"}``: rows are 1-based Excel rows (``rows[i]`` is the row of
    ``rows[i]`` given); ``cols`` maps each role to its column letter(s) - quarter groups ("target_tw",
    "realisasi_tw", "capaian_tw") to a list of four letters - and each extra column by its label;
    ``index`` is the same with 1-based column numbers; ``labels`` the header text of each column
    (two-row headers: top and sub label joined by a space)."""
    if header not in ("two-row", "one-row"):
        raise ValueError("header must be 'two-row' or 'one-row'")
    extra_cols = tuple(extra_cols or ())
    groups = _groups(order, target_tw=target_tw, anggaran=anggaran, anggaran_outputs=anggaran_outputs,
                     capaian_cols=capaian_cols, predikat_col=predikat_col, sifat_col=sifat_col,
                     polaritas_col=polaritas_col, extra_cols=extra_cols)
    titles = _title_rows(title_rows)
    user_labels = dict(labels or {})
    labels = {**DEFAULT_LABELS, **user_labels}
    cols: dict = {}
    index: dict = {}
    text: dict = {}
    c = 0
    for g in groups:
        if g in QUARTER_GROUPS:
            cols[g] = [xl_col_to_name(c + q) for q in range(4)]
            index[g] = [c + q + 1 for q in range(4)]
            for q in range(4):
                text[xl_col_to_name(c + q)] = f"{_group_top(g, header, user_labels)} {tw_label(q, tw_style)}"
            c += 4
        else:
            cols[g] = xl_col_to_name(c)
            index[g] = c + 1
            text[xl_col_to_name(c)] = labels.get(g, g)
            c += 1
    head = len(titles) + 1
    header_rows = (head, head + 1) if header == "two-row" else (head,)
    first = header_rows[-1] + 1 + (1 if number_row else 0)
    data_rows = [first + i for i in range(len(rows))]
    last = data_rows[-1] if data_rows else first - 1
    return {
        "sheet": sheet,
        "title_rows": tuple(range(1, len(titles) + 1)),
        "header_rows": header_rows,
        "number_row": header_rows[-1] + 1 if number_row else None,
        "first_data_row": first,
        "last_data_row": last,
        "rows": data_rows,
        "footer_row": last + 1 if footer else None,
        "cols": cols,
        "index": index,
        "labels": text,
        "width": c,
        "groups": groups,
    }


def pk_cell(layout: dict, role: str, i: int, q: int | None = None) -> str:
    """Address of column `role` (quarter q 0..3 for quarter groups) on the i-th data row: "K8"."""
    role = _ALIASES.get(role, role)
    col = layout["cols"][role]
    if isinstance(col, list):
        if q is None:
            raise ValueError(f"{role} is a quarter group: give q")
        col = col[q]
    return f"{col}{layout['rows'][i]}"


def _group_top(group: str, header: str, user_labels: dict | None) -> str:
    """The word(s) of a quarter group: the merged label of a two-row header, the prefix of a one-row one."""
    if user_labels and group in user_labels:
        return user_labels[group]
    return _TWO_ROW_GROUP[group] if header == "two-row" else DEFAULT_LABELS[group]


def _title_rows(title_rows) -> list:
    if title_rows is None:
        return ["PERJANJIAN KINERJA DAN RENCANA AKSI", "Perangkat Daerah : Dinas Contoh",
                "Triwulan IV Tahun 2022", None]
    return list(title_rows)


# --------------------------------------------------------------------------------------------
# cell model rendered by xlsxwriter or openpyxl
# --------------------------------------------------------------------------------------------

_BASE = {"font_name": "Arial", "font_size": 9, "border": 1, "valign": "top", "text_wrap": True}
STYLES = {
    "title": {"font_name": "Arial", "font_size": 12, "bold": True, "align": "center"},
    "info": {"font_name": "Arial", "font_size": 10, "bold": True},
    "plain": {"font_name": "Arial", "font_size": 10},
    "header": {**_BASE, "bold": True, "align": "center", "valign": "vcenter", "bg_color": "#D9E1F2"},
    "number_row": {**_BASE, "bold": True, "align": "center", "valign": "vcenter", "bg_color": "#F2F2F2",
                   "font_size": 8},
    "text": _BASE,
    "center": {**_BASE, "align": "center"},
    "sasaran": {**_BASE, "valign": "vcenter"},
    "num": {**_BASE, "align": "center"},
    "rp": {**_BASE, "align": "right", "num_format": "#,##0"},
    "footer": {**_BASE, "bold": True},
}


class _Sheet:
    """Cells, merges, widths: what both engines write."""

    def __init__(self):
        self.cells: dict[tuple[int, int], tuple[object, str]] = {}   # (row0, col0) -> (value, style)
        self.merges: list[tuple[int, int, int, int]] = []
        self.widths: dict[int, float] = {}
        self.heights: dict[int, float] = {}
        self.styles: dict[str, dict] = dict(STYLES)

    def put(self, r: int, c: int, value, style: str = "text") -> None:
        self.cells[(r, c)] = (value, style)

    def merge(self, r1: int, c1: int, r2: int, c2: int, value, style: str) -> None:
        self.merges.append((r1, c1, r2, c2))
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                self.cells[(r, c)] = (value if (r, c) == (r1, c1) else None, style)


def _is_formula(v) -> bool:
    return (isinstance(v, str) and v.startswith("=") and len(v) > 1) or (
        isinstance(v, tuple) and len(v) == 2 and isinstance(v[0], str) and v[0].startswith("="))


def _render_xlsxwriter(path, sheet_name: str, s: _Sheet) -> None:
    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False})
    wb.set_properties({"created": CREATED, "author": "Perencana", "company": "Pemerintah Daerah"})
    ws = wb.add_worksheet(sheet_name)
    fmts = {k: wb.add_format(v) for k, v in s.styles.items()}
    for c, w in sorted(s.widths.items()):
        ws.set_column(c, c, w)
    for r, h in sorted(s.heights.items()):
        ws.set_row(r, h)
    merged_origin = {(m[0], m[1]): m for m in s.merges}
    in_merge = {(r, c) for (r1, c1, r2, c2) in s.merges for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)}
    for (r1, c1), (r1_, c1_, r2, c2) in sorted(merged_origin.items()):
        value, style = s.cells[(r1, c1)]
        if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
            ws.merge_range(r1, c1, r2, c2, None, fmts[style])
            ws.write_number(r1, c1, float(value) if isinstance(value, Decimal) else value, fmts[style])
        else:
            ws.merge_range(r1, c1, r2, c2, "" if value is None else str(value), fmts[style])
    for (r, c), (value, style) in sorted(s.cells.items()):
        if (r, c) in in_merge:
            continue
        fmt = fmts[style]
        if value is None or value == "":
            ws.write_blank(r, c, None, fmt)
        elif isinstance(value, bool):
            ws.write_boolean(r, c, value, fmt)
        elif isinstance(value, (int, float, Decimal)):
            ws.write_number(r, c, float(value) if isinstance(value, Decimal) else value, fmt)
        elif _is_formula(value):
            f, cached = value if isinstance(value, tuple) else (value, 0)
            ws.write_formula(r, c, f, fmt, cached)
        else:
            ws.write_string(r, c, str(value), fmt)
    wb.close()


def _render_openpyxl(path, sheet_name: str, s: _Sheet) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    def style_of(spec: dict) -> dict:
        thin = Side(style="thin")
        out = {"font": Font(name=spec.get("font_name", "Calibri"), size=spec.get("font_size", 11),
                            bold=spec.get("bold", False), italic=spec.get("italic", False)),
               "alignment": Alignment(horizontal=spec.get("align"), vertical={"vcenter": "center"}.get(
                   spec.get("valign"), spec.get("valign")), wrap_text=spec.get("text_wrap"))}
        if spec.get("border"):
            out["border"] = Border(left=thin, right=thin, top=thin, bottom=thin)
        if spec.get("bg_color"):
            out["fill"] = PatternFill("solid", fgColor=spec["bg_color"].lstrip("#"))
        if spec.get("num_format"):
            out["number_format"] = spec["num_format"]
        return out

    styles = {k: style_of(v) for k, v in s.styles.items()}
    wb = Workbook()
    ws = wb.active
    ws.title = sheet_name
    for c, w in sorted(s.widths.items()):
        ws.column_dimensions[get_column_letter(c + 1)].width = w
    for r, h in sorted(s.heights.items()):
        ws.row_dimensions[r + 1].height = h
    for (r, c), (value, style) in sorted(s.cells.items()):
        cell = ws.cell(r + 1, c + 1)
        if isinstance(value, tuple) and _is_formula(value):
            value = value[0]             # openpyxl stores no cached value
        if isinstance(value, Decimal):
            value = float(value)
        if value is not None and value != "":
            cell.value = value
            if isinstance(value, str) and not _is_formula(value):
                cell.data_type = "s"
        for attr, v in styles[style].items():
            setattr(cell, attr, v)
    for r1, c1, r2, c2 in s.merges:
        ws.merge_cells(start_row=r1 + 1, start_column=c1 + 1, end_row=r2 + 1, end_column=c2 + 1)
    wb.properties.creator = "Perencana"
    wb.properties.created = CREATED
    buf = io.BytesIO()
    wb.save(buf)
    _rezip_fixed(buf.getvalue(), path)


def _rezip_fixed(data: bytes, path) -> None:
    """openpyxl stamps dcterms:modified with the current time and the zip entries with the save time:
    fix both so the bytes do not depend on when the file was written."""
    stamp = CREATED.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    src = zipfile.ZipFile(io.BytesIO(data))
    with zipfile.ZipFile(str(path), "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)", rb"\g<1>" + stamp + rb"\2",
                              body)
            zi = zipfile.ZipInfo(info.filename, date_time=_ZIP_DATE)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = info.external_attr
            dst.writestr(zi, body)


# --------------------------------------------------------------------------------------------
# the generator
# --------------------------------------------------------------------------------------------

def build_pk(path, rows: list[dict], *, header: str = "two-row", order=None, target_tw: bool = False,
             anggaran: bool = False, anggaran_outputs=False, capaian_cols=True, predikat_col: bool = True,
             sifat_col: bool = False, polaritas_col: bool = True, extra_cols=("Sumber Data", "PIC"),
             title_rows=None, sheet: str = "PK", tw_style: str = "TW I", labels: dict | None = None,
             number_row: bool = False, footer: bool = False, sasaran_style: str = "merge",
             capaian_num_format: str = "0.00", closing=(), engine: str = "xlsxwriter") -> dict:
    """Write a PK / rencana aksi workbook and return :func:`pk_layout` for it.

    rows: one dict per indicator row, every key optional -
      ``no`` (default 1, 2, ...; ``None`` for blank), ``sasaran``, ``indikator``, ``satuan``, ``polaritas``,
      ``sifat``, ``target``, ``target_tw`` [4], ``realisasi`` [4], typed outputs ``capaian`` [4],
      ``capaian_tahunan``, ``predikat``, anggaran ``pagu`` (alias ``anggaran``), ``realisasi_anggaran``,
      typed ``serapan``, ``efisiensi``, ``efisiensi_kategori``, and the extra columns by label (or in an
      ``extra`` dict).  Lists shorter than four are padded with blanks.
    header: "two-row" (group label merged over the quarter sub-columns, single columns merged vertically)
      or "one-row" ("Realisasi TW I", "Capaian TW I", "Target TW I").
    tw_style: "TW I" | "Triwulan I" | "TW 1" | "Tw.I" | "TW-I" | "Trw I" or a format string ("{r}" roman,
      "{n}" number).
    order: column groups in the wanted order (names of DEFAULT_ORDER - "realisasi"/"capaian"/"anggaran"
      accepted - and extra-column labels); quarter groups move as a block; groups left out follow in
      the default order; groups not enabled are ignored.
    target_tw: add Target TW I-IV (rencana aksi).  anggaran: add "Anggaran (Pagu)" and "Realisasi
      Anggaran"; anggaran_outputs: True (= Serapan Anggaran (%) and Efisiensi) or an iterable of
      "serapan", "efisiensi", "efisiensi_kategori".
    capaian_cols: True | False | "tw" | "tahunan" (which Capaian output columns exist).
    predikat_col, sifat_col, polaritas_col: whether those columns exist.
    labels: override header labels by role (quarter groups: the group word, e.g. {"realisasi_tw":
      "Capaian Realisasi"}).
    title_rows: lines above the table (``None`` entries are blank rows); default a title, "Perangkat
      Daerah : Dinas Contoh", "Triwulan IV Tahun 2022" and a blank row.  The first line is merged across
      the table when it is the title.
    number_row: a "(1) (2) ..." row under the header.  footer: a "Rata-rata Capaian Kinerja" row.
    sasaran_style: "merge" (written once, merged down over consecutive rows with the same sasaran),
      "blank" (written once, blanks below, no merge) or "repeat" (on every row).
    capaian_num_format: number format of the Capaian / Serapan output cells ("0.00%" for percent style).
    closing: lines written two rows under the table, in the last column but two (signature block).
    engine: "xlsxwriter" (default) or "openpyxl" (formulas stored without cached values).
    """
    opts = dict(header=header, order=order, target_tw=target_tw, anggaran=anggaran,
                anggaran_outputs=anggaran_outputs, capaian_cols=capaian_cols, predikat_col=predikat_col,
                sifat_col=sifat_col, polaritas_col=polaritas_col, extra_cols=extra_cols, title_rows=title_rows,
                number_row=number_row, footer=footer, sheet=sheet, tw_style=tw_style, labels=labels)
    layout = pk_layout(rows, **opts)
    if sasaran_style not in ("merge", "blank", "repeat"):
        raise ValueError("sasaran_style must be 'merge', 'blank' or 'repeat'")
    if engine not in ("xlsxwriter", "openpyxl"):
        raise ValueError("engine must be 'xlsxwriter' or 'openpyxl'")
    s = _Sheet()
    s.styles["pct"] = {**_BASE, "align": "center", "num_format": capaian_num_format}
    idx = layout["index"]
    width = layout["width"]

    # widths
    for g, c in idx.items():
        for cc in (c if isinstance(c, list) else [c]):
            s.widths[cc - 1] = _WIDTHS.get(g, 16)

    # title rows
    for i, line in enumerate(_title_rows(title_rows)):
        if line is None:
            continue
        if i == 0 and not re.match(r"^\s*(perangkat|opd|skpd|unit|instansi|periode|triwulan)", line, re.I) \
                and width > 1:
            s.merge(i, 0, i, width - 1, line, "title")
        else:
            s.put(i, 0, line, "info")

    # header
    h0 = layout["header_rows"][0] - 1
    two = header == "two-row"
    for g in layout["groups"]:
        c = idx[g]
        if g in QUARTER_GROUPS:
            cs = [x - 1 for x in c]
            if two:
                s.merge(h0, cs[0], h0, cs[3], _group_top(g, header, labels), "header")
                for q in range(4):
                    s.put(h0 + 1, cs[q], tw_label(q, tw_style), "header")
            else:
                for q in range(4):
                    s.put(h0, cs[q], layout["labels"][xl_col_to_name(cs[q])], "header")
        else:
            label = layout["labels"][xl_col_to_name(c - 1)]
            if two:
                s.merge(h0, c - 1, h0 + 1, c - 1, label, "header")
            else:
                s.put(h0, c - 1, label, "header")
    s.heights[h0] = 30 if not two else 24
    if layout["number_row"]:
        for c in range(width):
            s.put(layout["number_row"] - 1, c, f"({c + 1})", "number_row")

    # data rows
    rows0 = [r - 1 for r in layout["rows"]]
    for i, (r, row) in enumerate(zip(rows0, rows)):
        def val(key, default=None):
            if key in row:
                return row[key]
            return row.get("extra", {}).get(key, default)

        for g in layout["groups"]:
            c = idx[g]
            if g == "sasaran":
                continue
            if g in QUARTER_GROUPS:
                values = list(val(_ROW_KEY[g]) or [])
                values += [None] * (4 - len(values))
                if len(values) > 4:
                    raise ValueError(f"row {i}: {g} has more than four values")
                style = "pct" if g == "capaian_tw" else "num"
                for q in range(4):
                    s.put(r, c[q] - 1, values[q], style)
                continue
            if g == "no":
                v = row["no"] if "no" in row else i + 1
                style = "center"
            elif g == "pagu":
                v = row.get("pagu", row.get("anggaran"))
                style = "rp"
            elif g == "realisasi_anggaran":
                v, style = row.get(g), "rp"
            elif g in ("capaian_tahunan", "serapan"):
                v, style = row.get(g), "pct"
            elif g in ("satuan", "polaritas", "sifat", "target", "efisiensi", "predikat", "efisiensi_kategori"):
                v, style = row.get(g), "num" if g in ("target", "efisiensi") else "center"
            elif g == "indikator":
                v, style = row.get("indikator"), "text"
            else:      # an extra column
                v, style = val(g), "text"
            s.put(r, c - 1, v, style)

    # sasaran: once over consecutive rows with the same text
    if "sasaran" in idx:
        c = idx["sasaran"] - 1
        i = 0
        while i < len(rows):
            text = rows[i].get("sasaran")
            j = i
            while j + 1 < len(rows) and text and rows[j + 1].get("sasaran") == text:
                j += 1
            if sasaran_style == "merge" and j > i:
                s.merge(rows0[i], c, rows0[j], c, text, "sasaran")
            else:
                for k in range(i, j + 1):
                    first = k == i
                    s.put(rows0[k], c, text if (first or sasaran_style == "repeat") else None, "sasaran")
            i = j + 1

    if layout["footer_row"]:
        fr = layout["footer_row"] - 1
        for c in range(width):
            s.put(fr, c, None, "footer")
        s.put(fr, idx["indikator"] - 1, "Rata-rata Capaian Kinerja", "footer")

    if closing:
        start = (layout["footer_row"] or layout["last_data_row"]) + 2 - 1
        col = max(0, width - 3)
        for k, line in enumerate(closing):
            if line is not None:
                s.put(start + k, col, line, "plain")

    if engine == "xlsxwriter":
        _render_xlsxwriter(path, sheet, s)
    else:
        _render_openpyxl(path, sheet, s)
    return layout


# --------------------------------------------------------------------------------------------
# the bundled sample: BKPSDM Kota Binjai 2022 (seed 000, Tabel 3.1)
# --------------------------------------------------------------------------------------------

BKPSDM_BINJAI = "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia Kota Binjai"

_S1 = "Meningkatnya keikutsertaan ASN mengikuti Diklat Kompetensi, Diklat Teknis dan Diklat Fungsional"
_S2 = "Meningkatnya Pemahaman ASN dalam menyusun dan melaporkan Sasaran Kinerja Pegawai (SKP)"
_S3 = "Meningkatnya Minat ASN Dalam Meningkatkan Pendidikan Formal (S1 dan S2)"
_S4 = "Menurunnya persentase pelanggaran disiplin ASN"
_S5 = "Meningkatnya kualitas informasi kepegawaian"
_S6 = "Meningkatnya kualitas pelayanan kepegawaian"
_S7 = "Meningkatnya pemberian penghargaan kepada ASN"

NEGATIVE_INDICATOR = "Jumlah pelanggaran disiplin ASN"
SKP_INDICATOR = "Persentase ASN menyusun dan melaporkan SKP setiap tahun"


def _b(sasaran, indikator, satuan, target, realisasi, capaian_tahunan, *, polaritas="Positif", capaian=None,
       keterangan=None):
    return {"sasaran": sasaran, "indikator": indikator, "satuan": satuan, "polaritas": polaritas,
            "target": target, "realisasi": realisasi, "capaian": capaian or [None] * 4,
            "capaian_tahunan": capaian_tahunan, "predikat": None, "Keterangan": keterangan}


# Seed 000 Tabel 3.1 (targets, annual realisasi, the "Persentase %" the agency printed); quarters invented.
BINJAI_ROWS = [
    _b(_S1, "Jumlah Pejabat yang mengikuti Diklat sesuai dengan jenjang kompetensi jabatan", "orang",
       40, [6, 10, 12, 10], "95 %"),
    _b(_S1, "Jumlah ASN yang Mengikuti Pendidikan dan Pelatihan Teknis", "orang",
       360, ["-", 45, 70, 45], "44,44%"),
    _b(_S1, "Jumlah ASN yang Mengikuti Pendidikan dan Pelatihan Fungsional", "Orang",
       70, [0, "-", 0, "-"], "0%",
       keterangan="Tahun 2022 tidak ada diklat fungsional di Lingkungan Pemerintah Kota Binjai"),
    _b(_S2, SKP_INDICATOR, "%",
       80, [15.2, 38.75, 54.3, "70,51"], "88,13%", capaian=[None, None, None, "88,13%"]),
    _b(_S3, "Persentase ASN yang berpendidikan Tinggi", "%",
       73.1, [74.12, 74.58, "75,02%", "75,36 %"], "103,09%",
       keterangan="S-1 68,68 %; S-2 6,65 %; S-3 0,02 %"),
    _b(_S3, "Jumlah ASN mengikuti pendidikan formal (tugas belajar)", "orang",
       3, ["-", 0, 3, "-"], 100),
    _b(_S4, NEGATIVE_INDICATOR, "Kasus",
       12, [5, 6, "4", "6"], "175 %", polaritas="Negatif",
       capaian=["41,67%", "91,67%", "125%", "175%"],
       keterangan="Pernyataan tidak puas secara tertulis 15, penundaan KGB 1, PDH 3, "
                  "pemberhentian sementara 1, PTDH 1"),
    _b(_S5, "Tersedianya sistem informasi kepegawaian", "aplikasi",
       1, [None, None, None, "-"], "0%",
       keterangan="Aplikasi e-SDM belum terintegrasi ke seluruh OPD"),
    _b(_S6, "Jumlah ASN mengikuti ujian Dinas/Penyesuaian Izajah", "orang",
       60, [0, 27, 0, 31], "96,67%"),
    _b(_S6, "Jumlah kenaikan pangkat ASN", "SK",
       850, [412, 0, 416, 0], 97.41, keterangan="Periode April dan Oktober"),
    _b(_S6, "Jumlah ASN mendapatkan Izin Belajar", "orang",
       65, [21, "38", 29, 16], "160%"),
    _b(_S6, "Jumlah ASN Mendapatkan Cuti", "orang",
       150, [148, 201, 163, 181], 462),
    _b(_S6, "Jumlah ASN yang mendapatkan kenaikan gaji berkala", "orang",
       "1.800", [431, 456, 447, 452], "99,22%"),
    _b(_S6, "Jumlah ASN yang menyelesaikan administrasi Pensiun", "orang",
       225, [52, 61, 49, 56], "96,89%"),
    _b(_S6, "Jumlah ASN yang melaporkan LHKPN", "orang",
       215, [226, "-", "-", "-"], "105,12%"),
    _b(_S7, "Jumlah ASN yang mendapatkan Satya Lencana Karya Satya", "orang",
       155, [0, 0, 160, 0], "103,22%", keterangan="Satya Lencana Karya Satya X, XX dan XXX Tahun"),
]

_BINJAI_OPTIONS = dict(
    header="two-row",
    extra_cols=("Keterangan",),
    title_rows=("PERJANJIAN KINERJA DAN RENCANA AKSI TAHUN 2022",
                f"Perangkat Daerah : {BKPSDM_BINJAI}",
                "Periode : Triwulan IV",
                None),
    sheet="PK 2022",
    number_row=True,
    closing=("Binjai,      Januari 2023", f"Kepala {BKPSDM_BINJAI.replace(' Kota Binjai', '')}",
             "Kota Binjai", None, None, None, "NIP."),
)

# indicator -> expected capaian per TW (None = empty), tahunan and predikat (see the module docstring).
BINJAI_EXPECTED = {
    "Jumlah Pejabat yang mengikuti Diklat sesuai dengan jenjang kompetensi jabatan":
        {"tw": ["15.00", "40.00", "70.00", "95.00"], "tahunan": "95.00", "predikat": "Sangat Tinggi"},
    "Jumlah ASN yang Mengikuti Pendidikan dan Pelatihan Teknis":
        {"tw": ["0.00", "12.50", "31.94", "44.44"], "tahunan": "44.44", "predikat": "Sangat Rendah"},
    "Jumlah ASN yang Mengikuti Pendidikan dan Pelatihan Fungsional":
        {"tw": ["0.00", "0.00", "0.00", "0.00"], "tahunan": "0.00", "predikat": "Sangat Rendah"},
    SKP_INDICATOR:
        {"tw": ["19.00", "48.44", "67.88", "88.14"], "tahunan": "88.14", "predikat": "Tinggi"},
    "Persentase ASN yang berpendidikan Tinggi":
        {"tw": ["101.40", "102.02", "102.63", "103.09"], "tahunan": "103.09", "predikat": "Sangat Tinggi"},
    "Jumlah ASN mengikuti pendidikan formal (tugas belajar)":
        {"tw": ["0.00", "0.00", "100.00", "100.00"], "tahunan": "100.00", "predikat": "Sangat Tinggi"},
    NEGATIVE_INDICATOR:
        {"tw": ["158.33", "108.33", "75.00", "25.00"], "tahunan": "25.00", "predikat": "Sangat Rendah"},
    "Tersedianya sistem informasi kepegawaian":
        {"tw": [None, None, None, "0.00"], "tahunan": "0.00", "predikat": "Sangat Rendah"},
    "Jumlah ASN mengikuti ujian Dinas/Penyesuaian Izajah":
        {"tw": ["0.00", "45.00", "45.00", "96.67"], "tahunan": "96.67", "predikat": "Sangat Tinggi"},
    "Jumlah kenaikan pangkat ASN":
        {"tw": ["48.47", "48.47", "97.41", "97.41"], "tahunan": "97.41", "predikat": "Sangat Tinggi"},
    "Jumlah ASN mendapatkan Izin Belajar":
        {"tw": ["32.31", "90.77", "135.38", "160.00"], "tahunan": "160.00", "predikat": "Sangat Tinggi"},
    "Jumlah ASN Mendapatkan Cuti":
        {"tw": ["98.67", "232.67", "341.33", "462.00"], "tahunan": "462.00", "predikat": "Sangat Tinggi"},
    "Jumlah ASN yang mendapatkan kenaikan gaji berkala":
        {"tw": ["23.94", "49.28", "74.11", "99.22"], "tahunan": "99.22", "predikat": "Sangat Tinggi"},
    "Jumlah ASN yang menyelesaikan administrasi Pensiun":
        {"tw": ["23.11", "50.22", "72.00", "96.89"], "tahunan": "96.89", "predikat": "Sangat Tinggi"},
    "Jumlah ASN yang melaporkan LHKPN":
        {"tw": ["105.12", "105.12", "105.12", "105.12"], "tahunan": "105.12", "predikat": "Sangat Tinggi"},
    "Jumlah ASN yang mendapatkan Satya Lencana Karya Satya":
        {"tw": ["0.00", "0.00", "103.23", "103.23"], "tahunan": "103.23", "predikat": "Sangat Tinggi"},
}

# Level-like (latest value stands) vs count-like (accumulates) per indicator, as the rules decide.
BINJAI_ACCUMULATION = {name: ("akhir" if name.startswith("Persentase") else "kumulatif") for name in BINJAI_EXPECTED}

def _sasaran_merges(rows: list[dict], layout: dict) -> tuple[str, ...]:
    """The vertical merges build_pk makes in the Sasaran column (sasaran_style="merge")."""
    col, out, i = layout["cols"]["sasaran"], [], 0
    while i < len(rows):
        j = i
        while j + 1 < len(rows) and rows[i].get("sasaran") and rows[j + 1].get("sasaran") == rows[i]["sasaran"]:
            j += 1
        if j > i:
            out.append(f"{col}{layout['rows'][i]}:{col}{layout['rows'][j]}")
        i = j + 1
    return tuple(out)


_binjai = pk_layout(BINJAI_ROWS, **_BINJAI_OPTIONS)
BINJAI_LAYOUT = {
    "sheet": _binjai["sheet"],
    "title_rows": _binjai["title_rows"],
    "header_rows": _binjai["header_rows"],          # (5, 6): merged group labels over TW I..IV
    "number_row": _binjai["number_row"],            # 7: "(1)" .. "(17)"
    "first_data_row": _binjai["first_data_row"],    # 8
    "last_data_row": _binjai["last_data_row"],      # 23
    "cols": _binjai["cols"],                        # role -> letter; quarter groups -> [4 letters]
    "index": _binjai["index"],
    "rows": {r["indikator"]: n for r, n in zip(BINJAI_ROWS, _binjai["rows"])},   # indicator -> Excel row
    "sasaran_merges": _sasaran_merges(BINJAI_ROWS, _binjai),     # ("B8:B10", "B12:B13", "B16:B22")
    "agency": BKPSDM_BINJAI,
    "triwulan": "IV",
    "tahun": "2022",
}
del _binjai


def build_binjai_pk(path) -> None:
    """The bundled sample ``input/PK BKPSDM Binjai 2022.xlsx`` (seed 000, Tabel 3.1; see the module docstring).

    Sheet "PK 2022": rows 1-3 title / "Perangkat Daerah : ..." / "Periode : Triwulan IV", header rows 5-6
    (No | Sasaran Strategis | Indikator Kinerja | Satuan | Polaritas | Target Tahunan | Realisasi TW I-IV |
    Capaian (%) TW I-IV | Capaian Tahunan (%) | Predikat | Keterangan), a "(1)".."(17)" row 7, 16 indicator
    rows 8-23 with each sasaran merged down over its indicators, and a signature block below."""
    build_pk(path, BINJAI_ROWS, **_BINJAI_OPTIONS)


def binjai_expected_decimal() -> dict:
    """BINJAI_EXPECTED with Decimal values (None kept)."""
    return {name: {"tw": [None if v is None else Decimal(v) for v in e["tw"]], "tahunan": Decimal(e["tahunan"]),
                   "predikat": e["predikat"]} for name, e in BINJAI_EXPECTED.items()}
