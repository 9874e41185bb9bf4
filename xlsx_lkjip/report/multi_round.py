"""The multi-round recap (`lkjip rekap OUTPUT_TW1 OUTPUT_TW2 …`): the progress of each agency and each
indicator across monitoring rounds, as a workbook.  It is given the rounds (batch/rounds.py gathers them, from
each round's record); it reads no input and recomputes nothing: an agency's figure in a round is the one that
round's own rekap showed, with its predikat.

Sheets: Progres OPD (one line per agency and form), Progres Daerah (the region per form), Progres Indikator,
Putaran (where each column comes from, the region per form), Catatan (the warnings).  A Renja capaian K and a
PK capaian tahunan are never averaged together."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import xlsxwriter

from ..files import atomic_write
from .duplicates import agency_key
from ..evaluate import kinds
from .rekap import FIXED_DATE, MARKER_PROPERTY, MARKER_VALUE

ROMAN = ("I", "II", "III", "IV")


@dataclass
class RoundColumn:
    """One round: one output folder (or, recomputed, the part of an old folder that states one round)."""
    folder: Path
    name: str                 # the folder as labels show it
    triwulan: str             # "I".."IV" or ""
    tahun: str
    source: str               # where the figures come from, for the Putaran sheet
    settings: str             # the settings the figures were computed with, in short
    results: list = field(default_factory=list)    # the workbooks that count, with their rows
    workbooks: int = 0        # workbooks with a form
    counted: int = 0          # of which count in the region's figures
    # With a roster: agency name -> its kode (the identity across rounds), and the round's status
    # (report/status.RoundStatus): who was expected, who had sent
    kodes: dict = field(default_factory=dict)
    status: object = None
    # per form, what is shown: form -> (region average, predikat, [(agency, average, predikat)], workbooks counted)
    forms: dict = field(default_factory=dict)

    @property
    def round_label(self) -> str:
        return " ".join(x for x in (f"TW {self.triwulan}" if self.triwulan else "", self.tahun) if x) \
            or "putaran tidak diketahui"

    @property
    def label(self) -> str:
        return f"{self.round_label} ({self.name})"


def _ident(agency: str, kode: str = "", roster=None) -> str:
    """An agency as compared across rounds: its roster kode when it has one; else, in a round run without a
    roster, the kode the latest round's roster (`roster`) knows its name by (kode, name or alias); else its name."""
    if not kode and roster is not None:
        match = roster.match(agency)
        kode = match.agency.kode if match.agency is not None else ""
    return f"kode:{kode.casefold()}" if kode else agency_key(agency)


def _latest_roster(columns: list[RoundColumn]):
    """The roster of the latest round run with one (None when none was)."""
    for col in reversed(columns):
        if col.status is not None and getattr(col.status, "roster", None) is not None:
            return col.status.roster
    return None


def _indicators(columns: list[RoundColumn]) -> tuple[dict, dict]:
    """{ident: {column: capaian}} over every round, and ident -> the texts shown.  A row is known by its agency
    and what its form kind says (FormResult.progress_items; Renja: kode and indicator or program; PK: sasaran
    and indicator); a second row of the same name in one workbook by its rank, so no row silently replaces
    another."""
    values: dict[tuple, dict[int, Decimal | None]] = defaultdict(dict)
    shown: dict[tuple, tuple] = {}
    roster = _latest_roster(columns)
    for i, col in enumerate(columns):
        seen: dict[tuple, int] = defaultdict(int)
        for r in col.results:
            agency = r.info.agency or r.name
            for s in r.sheets:
                for key, texts, value in s.progress_items():   # as the sheet's form kind tells its rows apart
                    base = (_ident(agency, r.kode, roster), *key)
                    text = (agency, *texts)
                    ident = base + (seen[base],)
                    seen[base] += 1
                    values[ident][i] = value
                    shown[ident] = text
    return values, shown


def _status_sheet(wb, columns: list[RoundColumn], head) -> None:
    """"Status OPD" over the rounds: each expected agency and form, its status in each round run with a roster
    (blank in a round without one), and how many had sent."""
    ws = wb.add_worksheet("Status OPD")
    headers = ["Kode", "Nama", "Formulir"] + [f"Status {c.label}" for c in columns]
    for c, h in enumerate(headers):
        ws.write_string(0, c, h, head)
    ws.set_column(0, 0, 12)
    ws.set_column(1, 1, 45)
    ws.set_column(2, 2, 14)
    ws.set_column(3, 2 + len(columns), 18)
    keys: dict[tuple, str] = {}           # (kode, formulir) -> nama, in the order first seen, latest round first
    cells: dict[tuple, dict[int, str]] = {}
    for i in reversed(range(len(columns))):
        status = columns[i].status
        for row in (status.rows if status is not None else ()):
            if not row.kode:
                continue
            key = (row.kode, row.formulir_text)
            keys.setdefault(key, row.nama)
            cells.setdefault(key, {})[i] = row.status
    r = 0
    for r, key in enumerate(keys, 1):
        ws.write_string(r, 0, key[0])
        ws.write_string(r, 1, keys[key])
        ws.write_string(r, 2, key[1])
        for i in range(len(columns)):
            if cells[key].get(i):
                ws.write_string(r, 3 + i, cells[key][i])
            else:
                ws.write_blank(r, 3 + i, None)
    r += 2
    ws.write_string(r, 1, "OPD sudah mengirim")
    for i, col in enumerate(columns):
        if col.status is not None:
            ws.write_string(r, 3 + i, col.status.sent_text)
    ws.freeze_panes(1, 3)
    ws.autofilter(0, 0, max(1, len(keys)), len(headers) - 1)


def write_progress(columns: list[RoundColumn], path: Path, warnings: list[str] = ()) -> None:
    labels = [c.label for c in columns]

    roster = _latest_roster(columns)
    # one line per agency and form: a Renja capaian K and a PK capaian tahunan are never averaged together
    agency_avg: dict[tuple, dict[int, tuple[Decimal | None, str]]] = defaultdict(dict)
    agency_name: dict[tuple, str] = {}
    region: dict[str, dict[int, tuple[Decimal | None, str]]] = defaultdict(dict)
    for i, col in enumerate(columns):
        for form, (avg, predikat, agencies, _n) in col.forms.items():
            region[form][i] = (avg, predikat)
            for agency, a_avg, a_predikat in agencies:
                ident = _ident(agency, col.kodes.get(agency, ""), roster)
                key = (ident, form)
                agency_avg[key][i] = (a_avg, a_predikat)
                known = roster.get(ident[5:]) if roster is not None and ident.startswith("kode:") else None
                agency_name[key] = known.nama if known is not None else agency   # the roster's, else the latest spelling
    forms = sorted(region, key=kinds.order)
    indicator, shown = _indicators(columns)

    def write(fh):
        wb = xlsxwriter.Workbook(fh, {"constant_memory": True, "strings_to_numbers": False,
                                      "strings_to_formulas": False, "strings_to_urls": False})
        wb.set_properties({"title": "Rekap tahunan", "author": "lkjip", "created": FIXED_DATE})
        wb.set_custom_property(MARKER_PROPERTY, MARKER_VALUE + " tahunan")   # never read as an agency's workbook
        head = wb.add_format({"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#DDEBF7", "border": 1})
        pct = wb.add_format({"num_format": "0.00"})
        wrap = wb.add_format({"text_wrap": True, "valign": "top"})

        def figures_row(ws, r: int, name: str, figures: list, form: str) -> None:
            """A line of figures per round, the last round's predikat (on that round's scale), the change and
            the form (last: the columns before it are where they always were)."""
            ws.write_string(r, 0, name)
            for c, f in enumerate(figures, 1):
                if f is None or f[0] is None:
                    ws.write_blank(r, c, None)
                else:
                    ws.write_number(r, c, float(f[0]), pct)
            present = [f for f in figures if f is not None and f[0] is not None]
            ws.write_string(r, len(columns) + 1, present[-1][1] if present else "")
            if len(present) >= 2:
                ws.write_number(r, len(columns) + 2, float(present[-1][0] - present[0][0]), pct)
            else:
                ws.write_blank(r, len(columns) + 2, None)
            ws.write_string(r, len(columns) + 3, kinds.title(form))

        ws = wb.add_worksheet("Progres OPD")
        headers = ["Perangkat Daerah"] + [f"Rata-rata capaian {lb} (%)" for lb in labels] + ["Predikat terakhir",
                                                                                             "Perubahan (poin)",
                                                                                             "Formulir"]
        for c, h in enumerate(headers):
            ws.write_string(0, c, h, head)
        ws.set_column(0, 0, 45)
        ws.set_column(1, len(headers), 18)
        agencies = sorted(agency_avg, key=lambda k: (agency_name[k], kinds.order(k[1]), k[0]))
        for r, key in enumerate(agencies, 1):
            figures_row(ws, r, agency_name[key], [agency_avg[key].get(i) for i in range(len(columns))], key[1])
        ws.freeze_panes(1, 1)
        ws.autofilter(0, 0, max(1, len(agencies)), len(headers) - 1)
        if agencies and columns:
            chart = wb.add_chart({"type": "line"})
            for r, _ in enumerate(agencies[:20], 1):
                chart.add_series({"name": ["Progres OPD", r, 0], "categories": ["Progres OPD", 0, 1, 0, len(columns)],
                                  "values": ["Progres OPD", r, 1, r, len(columns)], "marker": {"type": "circle"}})
            chart.set_title({"name": "Rata-rata capaian per triwulan"})
            ws.insert_chart(len(agencies) + 3, 0, chart, {"x_scale": 1.5, "y_scale": 1.2})

        wd = wb.add_worksheet("Progres Daerah")
        headers = ["Daerah"] + [f"Rata-rata capaian {lb} (%)" for lb in labels] + ["Predikat terakhir",
                                                                                   "Perubahan (poin)", "Formulir"]
        for c, h in enumerate(headers):
            wd.write_string(0, c, h, head)
        wd.set_column(0, 0, 45)
        wd.set_column(1, len(headers), 18)
        for r, form in enumerate(forms, 1):
            figures_row(wd, r, f"Rata-rata daerah, {kinds.title(form)}",
                        [region[form].get(i) for i in range(len(columns))], form)
        wd.freeze_panes(1, 1)

        wi = wb.add_worksheet("Progres Indikator")
        headers = ["Perangkat Daerah", "Formulir", "Kode", "Indikator / Program"] + \
                  [f"Capaian {lb} (%)" for lb in labels]
        for c, h in enumerate(headers):
            wi.write_string(0, c, h, head)
        wi.set_column(0, 0, 35)
        wi.set_column(2, 2, 18)
        wi.set_column(3, 3, 55)
        wi.set_column(4, 3 + len(columns), 16)
        idents = sorted(indicator, key=lambda k: (shown[k], k))
        for r, ident in enumerate(idents, 1):
            for c, v in enumerate(shown[ident]):
                wi.write_string(r, c, v)
            for i in range(len(columns)):
                v = indicator[ident].get(i)
                if v is None:
                    wi.write_blank(r, 4 + i, None)
                else:
                    wi.write_number(r, 4 + i, float(v), pct)
        wi.freeze_panes(1, 4)
        wi.autofilter(0, 0, max(1, len(indicator)), len(headers) - 1)

        if any(c.status is not None for c in columns):
            _status_sheet(wb, columns, head)

        wp = wb.add_worksheet("Putaran")
        headers = ["Putaran", "Folder", "Triwulan", "Tahun", "Sumber angka", "Pengaturan", "Workbook",
                   "Dihitung di angka daerah"] + [h for form in forms for h in (
                       f"Rata-rata capaian daerah {kinds.title(form)} (%)",
                       f"Predikat daerah {kinds.title(form)}")]
        widths = [28, 45, 9, 7, 34, 50, 10, 12] + [16, 16] * len(forms)
        for c, (h, w) in enumerate(zip(headers, widths)):
            wp.write_string(0, c, h, head)
            wp.set_column(c, c, w)
        for r, col in enumerate(columns, 1):
            for c, v in enumerate((col.label, str(col.folder), col.triwulan, col.tahun, col.source, col.settings)):
                wp.write_string(r, c, v, wrap)
            wp.write_number(r, 6, col.workbooks)
            wp.write_number(r, 7, col.counted)
            for k, form in enumerate(forms):
                avg, predikat = region[form].get(r - 1, (None, ""))
                if avg is None:
                    wp.write_blank(r, 8 + 2 * k, None)
                else:
                    wp.write_number(r, 8 + 2 * k, float(avg), pct)
                wp.write_string(r, 9 + 2 * k, predikat)
        wp.freeze_panes(1, 1)

        wn = wb.add_worksheet("Catatan")
        wn.write_string(0, 0, "Catatan", head)
        wn.set_column(0, 0, 120)
        for r, text in enumerate(warnings, 1):
            wn.write_string(r, 0, text, wrap)
        wb.close()

    atomic_write(Path(path), write)
