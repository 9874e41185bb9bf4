"""Feedback for the agencies (`lkjip run --umpan-balik FOLDER`, with a roster): per agency a short workbook
with its status per form, its figures and its problems with the fix for each (what Bappeda would otherwise
retype into an e-mail or a WhatsApp message), and the chase list of every agency that must still send or fix.
Built from the round's status (report/status.py) and the problems of the workbooks shown there; writes to a
binary file object (batch/feedback.py names and writes the files)."""

from __future__ import annotations

import xlsxwriter

from .rekap import FIXED_DATE, MARKER_PROPERTY, MARKER_VALUE, _num
from .status import BELUM, SELESAI, TODO

MARKER = MARKER_VALUE + " umpan balik"   # never read back as an agency's workbook
ROW_COLS = [("Formulir", 16), ("Status", 16), ("Berkas", 40), ("Disimpan", 17), ("Masalah", 9),
            ("Rata-rata capaian (%)", 12), ("Predikat", 14), ("Yang perlu dilakukan", 50)]
PROBLEM_COLS = [("Berkas", 30), ("Letak", 18), ("Tingkat", 11), ("Pesan", 60), ("Yang perlu dilakukan", 60),
                ("Jumlah sel", 9)]
CHASE_COLS = [("Kode", 12), ("Nama", 40), ("Formulir", 16), ("Status", 16), ("Berkas", 36), ("Masalah", 9),
              ("Masalah utama", 70), ("Yang perlu dilakukan", 50)]
SHOWN_PROBLEMS = 3    # in the chase list, per row; the agency's own file has them all


def _book(fh, title: str):
    wb = xlsxwriter.Workbook(fh, {"strings_to_numbers": False, "strings_to_formulas": False,
                                  "strings_to_urls": False})
    wb.set_properties({"title": title, "author": "lkjip", "created": FIXED_DATE})
    wb.set_custom_property(MARKER_PROPERTY, MARKER)
    fmt = {"title": wb.add_format({"bold": True, "font_size": 13}), "bold": wb.add_format({"bold": True}),
           "head": wb.add_format({"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#DDEBF7", "border": 1}),
           "wrap": wb.add_format({"text_wrap": True, "valign": "top"}),
           "pct": wb.add_format({"num_format": "0.00", "valign": "top"}), "top": wb.add_format({"valign": "top"})}
    return wb, fmt


def _head(ws, r: int, cols, fmt) -> None:
    for c, (name, width) in enumerate(cols):
        ws.write_string(r, c, name, fmt["head"])
        ws.set_column(c, c, width)


def _saved(row) -> str:
    return row.saved.strftime("%Y-%m-%d %H:%M") if row.saved else ""


def _put(ws, r: int, c: int, v, fmt, kind: str = "wrap") -> None:
    if v is None or v == "":
        ws.write_blank(r, c, None)
    elif isinstance(v, (int, float)):
        ws.write_number(r, c, v, fmt["pct"] if kind == "pct" else fmt["top"])
    else:
        ws.write_string(r, c, str(v), fmt["wrap"])


def agency_workbook(fh, nama: str, kode: str, round_label: str, rows, problems) -> None:
    """One agency's feedback: `rows` its StatusRows, `problems` (file, problems.Line) of its files shown there:
    galat and peringatan, each with its fix, a rule over many rows of a sheet in one line (as the console)."""
    wb, fmt = _book(fh, f"Umpan balik {kode}")
    ws = wb.add_worksheet("Umpan balik")
    ws.write_string(0, 0, f"Umpan balik monitoring kinerja, {round_label}", fmt["title"])
    ws.write_string(1, 0, f"Perangkat Daerah: {nama} ({kode})", fmt["bold"])
    not_sent = [r.formulir_text for r in rows if r.status == BELUM]
    to_fix = [r for r in rows if r.status not in (SELESAI, BELUM)]
    summary = ("Belum mengirim: " + ", ".join(not_sent) + ". ") if not_sent else "Semua formulir sudah diterima. "
    if problems:
        summary += f"{sum(line.cells for _, line in problems)} masalah perlu diperhatikan."
    elif not to_fix and any(r.files for r in rows):
        summary += "Tidak ada masalah."
    ws.write_string(2, 0, summary.strip())
    _head(ws, 4, ROW_COLS, fmt)
    for i, row in enumerate(rows, 5):
        values = [row.formulir_text, row.status, row.berkas, _saved(row), row.problems if row.files else None,
                  _num(row.capaian), row.predikat, TODO.get(row.status, "")]
        for c, v in enumerate(values):
            _put(ws, i, c, v, fmt, "pct" if c == 5 else "wrap")
    r = 5 + len(rows) + 1
    ws.write_string(r, 0, "Masalah dan cara memperbaikinya", fmt["bold"])
    if not problems:
        ws.write_string(r + 1, 0, "Tidak ada masalah.")
    else:
        _head(ws, r + 1, PROBLEM_COLS, fmt)
        for i, (file, line) in enumerate(problems, r + 2):
            for c, v in enumerate((file, line.where, line.level, line.message, line.fix, line.cells)):
                _put(ws, i, c, v, fmt)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    wb.close()


def chase_workbook(fh, status, round_label: str, problems_of) -> None:
    """The chase list: every row of `status` whose agency must still send or fix, with its main problems
    (`problems_of(index)`: the lines (file, problems.Line) of the galat and peringatan of the result there)."""
    wb, fmt = _book(fh, "Daftar tindak lanjut")
    ws = wb.add_worksheet("Tindak lanjut")
    ws.write_string(0, 0, f"Daftar tindak lanjut monitoring kinerja, {round_label}", fmt["title"])
    ws.write_string(1, 0, f"{status.sent_text}. Belum mengirim: {status.missing_text() or 'tidak ada'}.")
    _head(ws, 3, CHASE_COLS, fmt)
    n = 0
    for row in status.rows:
        if row.status == SELESAI:
            continue
        n += 1
        found = problems_of(row.index) if row.index is not None else []
        main = "\n".join(line.text() for _, line in found[:SHOWN_PROBLEMS])
        if len(found) > SHOWN_PROBLEMS:
            main += f"\n… dan {len(found) - SHOWN_PROBLEMS} lagi (lihat berkas umpan balik OPD ini)"
        values = [row.kode, row.nama, row.formulir_text, row.status, row.berkas,
                  row.problems if row.files else None, main, TODO.get(row.status, "")]
        for c, v in enumerate(values):
            _put(ws, 3 + n, c, v, fmt)
    if n:
        ws.autofilter(3, 0, 3 + n, len(CHASE_COLS) - 1)
    else:
        ws.write_string(4, 0, "Semua OPD sudah mengirim dan tidak ada yang perlu diperbaiki.")
    ws.freeze_panes(4, 0)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    wb.close()
