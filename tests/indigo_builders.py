"""Workbooks in the shape of the e-SAKIP app andreperiozaherpa/indigo's templates (template_renaksi.xlsx,
template_pencapaian.xlsx, template_perencanaan.xlsx; see ../shared/real/SOURCES.md B1-B3), rebuilt here with
openpyxl and filled in as an agency would.  The real files are blank; nothing of them is copied, only their
shape: the title block in rows 1-5 (A1:N1, B4:N4, A3:O3, A5:N5 merged), the header in rows 6-7 and the same
column widths.

* renaksi: r6 No | Kode | IKU | Unit Kerja | Satuan | Januari … Desember (each merged over two columns),
  r7 Target | Realisasi under each month; No..Satuan merged down over r6:r7.  Data from row 8.
* pencapaian: r6 SASARAN (A6:D6) | I K U (E6:N6); r7 No | Kode | Sasaran | Bobot | No | Kode | IKU | Bobot |
  Target | Satuan | Polarisasi | Realisasi | Capaian | Unit Kerja.  Data from row 8.
* perencanaan: the same without Realisasi and Capaian.

Values are written as given: numbers as numbers, str as text ("15 Laporan", "96,11%", "-"), a str starting
with "=" as a formula, None as a blank cell.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember")
FIRST_DATA_ROW = 8


def _title(ws, title: str, agency: str, period: str, last: str, wide: str) -> None:
    ws["A1"] = "PEMERINTAH KOTA BINJAI"
    ws["A3"] = title
    ws["B4"] = agency
    ws["A5"] = period
    for ref in (f"A1:{last}1", f"A3:{wide}3", f"B4:{last}4", f"A5:{last}5"):
        ws.merge_cells(ref)


def _put(ws, r: int, c: int, v) -> None:
    if v is not None:
        ws.cell(r, c, v)


def month_columns(m: int) -> tuple[int, int]:
    """(Target column, Realisasi column), 1-based, of month m (0..11) in the renaksi shape."""
    return 6 + 2 * m, 7 + 2 * m


def build_renaksi(path: Path, rows: list[dict], *, agency: str = "Perangkat Daerah : BKPSDM Kota Binjai",
                  period: str = "Tahun 2022", months: tuple[str, ...] = MONTHS) -> Path:
    """rows: {"no", "kode", "iku", "unit", "satuan", "target": [12], "realisasi": [12]} (lists may be short).
    `months`: the month headers as the agency spelled them."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    _title(ws, "LAPORAN RENAKSI", agency, period, "N", "O")
    for c, label in enumerate(("No", "Kode", "IKU", "Unit Kerja", "Satuan"), 1):
        ws.cell(6, c, label)
        ws.merge_cells(start_row=6, start_column=c, end_row=7, end_column=c)
    for m, name in enumerate(months):
        t, r = month_columns(m)
        ws.cell(6, t, name)
        ws.merge_cells(start_row=6, start_column=t, end_row=6, end_column=r)
        ws.cell(7, t, "Target")
        ws.cell(7, r, "Realisasi")
    widths = {"A": 3.5703125, "B": 9.140625, "C": 33.140625, "D": 35.7109375, "E": 20.28515625}
    for m in range(12):
        for c in month_columns(m):
            widths[get_column_letter(c)] = 11.28515625
    for letter, w in widths.items():
        ws.column_dimensions[letter].width = w
    for i, row in enumerate(rows):
        r = FIRST_DATA_ROW + i
        for c, key in enumerate(("no", "kode", "iku", "unit", "satuan"), 1):
            _put(ws, r, c, row.get(key))
        for m in range(12):
            t, rc = month_columns(m)
            targets, reals = row.get("target", []), row.get("realisasi", [])
            _put(ws, r, t, targets[m] if m < len(targets) else None)
            _put(ws, r, rc, reals[m] if m < len(reals) else None)
    wb.save(path)
    return path


PENCAPAIAN_HEAD = ("No", "Kode", "Sasaran", "Bobot", "No", "Kode", "IKU", "Bobot", "Target", "Satuan",
                   "Polarisasi", "Realisasi", "Capaian", "Unit Kerja")
PERENCANAAN_HEAD = ("No", "Kode", "Sasaran", "Bobot", "No", "Kode", "IKU", "Bobot", "Target", "Satuan",
                    "Polarisasi", "Unit Kerja")
# column (1-based) of each field in the pencapaian shape
P_COL = {name: i for i, name in enumerate(("no_s", "kode_s", "sasaran", "bobot_s", "no", "kode", "iku", "bobot",
                                           "target", "satuan", "polarisasi", "realisasi", "capaian", "unit"), 1)}


def build_pencapaian(path: Path, rows: list[dict], *, plan: bool = False, agency: str = "Perangkat Daerah : "
                     "BKPSDM Kota Binjai", period: str = "Tahun 2022", sasaran_merges: tuple[str, ...] = ()) -> Path:
    """rows: dicts keyed by P_COL's names.  plan=True builds template_perencanaan's shape (no Realisasi,
    no Capaian; "unit" moves left)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    head = PERENCANAAN_HEAD if plan else PENCAPAIAN_HEAD
    last = get_column_letter(len(head))
    _title(ws, "LAPORAN PERENCANAAN" if plan else "LAPORAN PENCAPAIAN", agency, period, last,
           get_column_letter(len(head) + 1))
    ws["A6"] = "SASARAN"
    ws["E6"] = "I K U"
    ws.merge_cells("A6:D6")
    ws.merge_cells(f"E6:{last}6")
    for c, label in enumerate(head, 1):
        ws.cell(7, c, label)
    widths = {"A": 3.5703125, "B": 9.140625, "C": 33.140625, "D": 7.7109375, "E": 3.5703125, "F": 9.140625,
              "G": 33.140625, "H": 7.0, "J": 7.5703125, "K": 11.5703125, last: 27.5703125}
    for letter, w in widths.items():
        ws.column_dimensions[letter].width = w
    keys = [k for k in P_COL if not (plan and k in ("realisasi", "capaian"))]
    for i, row in enumerate(rows):
        for c, key in enumerate(keys, 1):
            _put(ws, FIRST_DATA_ROW + i, c, row.get(key))
    for m in sasaran_merges:
        ws.merge_cells(m)
    wb.save(path)
    return path


def assert_same_except(src: Path, out: Path, allowed: set[str] = frozenset()) -> dict[str, object]:
    """Every cell of `out` equals `src` (value and number format) but the cells in `allowed`; merges and
    column widths are the same; no formula is left in an allowed cell.  Returns the allowed cells' values."""
    from openpyxl import load_workbook

    a, b = load_workbook(src).active, load_workbook(out).active
    assert sorted(map(str, a.merged_cells.ranges)) == sorted(map(str, b.merged_cells.ranges))
    assert {k: v.width for k, v in a.column_dimensions.items()} == {k: v.width for k, v in b.column_dimensions.items()}
    rows, cols = max(a.max_row, b.max_row), max(a.max_column, b.max_column)
    got = {}
    for r in range(1, rows + 1):
        for c in range(1, cols + 1):
            x, y = a.cell(r, c), b.cell(r, c)
            if y.coordinate in allowed:
                assert not (isinstance(y.value, str) and y.value.startswith("=")), (y.coordinate, y.value)
                got[y.coordinate] = y.value
            else:
                assert (x.value, x.number_format) == (y.value, y.number_format), (x.coordinate, x.value, y.value)
    return got
