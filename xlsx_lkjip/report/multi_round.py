"""The multi-round recap (`lkjip rekap OUTPUT_TW1 OUTPUT_TW2 …`): the progress of each agency and each
indicator across monitoring rounds, as a workbook.  It is given the rounds' results (batch/rounds.py gathers
them); it reads no input itself."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import xlsxwriter

from ..config import DEFAULT, Config
from ..evaluate import compute
from ..files import atomic_write
from .rekap import FIXED_DATE

ROMAN = ("I", "II", "III", "IV")


def _label(key: tuple) -> str:
    tahun, _, tw = key
    return " ".join(x for x in (f"TW {tw}" if tw in ROMAN else tw, tahun) if x)


def write_progress(rounds: dict, path: Path, config: Config = DEFAULT) -> None:
    keys = list(rounds)
    labels = [_label(k) for k in keys]

    agency_avg: dict[str, dict[int, Decimal | None]] = defaultdict(dict)
    indicator: dict[tuple, dict[int, Decimal | None]] = defaultdict(dict)
    for i, key in enumerate(keys):
        per_agency: dict[str, list] = defaultdict(list)
        for r in rounds[key]:
            agency = r.info.agency or r.name
            per_agency[agency].append(r.average.get("K"))
            for s in r.sheets:
                for row in s.rows:
                    if s.form == "PK":
                        ident = (agency, "PK", "", row.indicator)
                        indicator[ident][i] = row.tahunan
                    else:
                        ident = (agency, "Renja", row.kode, row.indicator or row.program)
                        indicator[ident][i] = row.capaian.get("K")
        for agency, values in per_agency.items():
            agency_avg[agency][i] = compute.average(values, config.decimals)

    def write(fh):
        wb = xlsxwriter.Workbook(fh, {"constant_memory": True, "strings_to_numbers": False,
                                      "strings_to_formulas": False, "strings_to_urls": False})
        wb.set_properties({"title": "Rekap tahunan", "author": "lkjip", "created": FIXED_DATE})
        head = wb.add_format({"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#DDEBF7", "border": 1})
        pct = wb.add_format({"num_format": "0.00"})

        ws = wb.add_worksheet("Progres OPD")
        headers = ["Perangkat Daerah"] + [f"Rata-rata capaian {lb} (%)" for lb in labels] + ["Predikat terakhir",
                                                                                             "Perubahan (poin)"]
        for c, h in enumerate(headers):
            ws.write_string(0, c, h, head)
        ws.set_column(0, 0, 45)
        ws.set_column(1, len(headers), 16)
        agencies = sorted(agency_avg)
        for r, agency in enumerate(agencies, 1):
            ws.write_string(r, 0, agency)
            values = [agency_avg[agency].get(i) for i in range(len(keys))]
            for c, v in enumerate(values, 1):
                if v is None:
                    ws.write_blank(r, c, None)
                else:
                    ws.write_number(r, c, float(v), pct)
            present = [v for v in values if v is not None]
            ws.write_string(r, len(keys) + 1, compute.predikat(present[-1], config.predikat) if present else "")
            if len(present) >= 2:
                ws.write_number(r, len(keys) + 2, float(present[-1] - present[0]), pct)
        ws.freeze_panes(1, 1)
        ws.autofilter(0, 0, max(1, len(agencies)), len(headers) - 1)
        if agencies and keys:
            chart = wb.add_chart({"type": "line"})
            for r, agency in enumerate(agencies[:20], 1):
                chart.add_series({"name": ["Progres OPD", r, 0], "categories": ["Progres OPD", 0, 1, 0, len(keys)],
                                  "values": ["Progres OPD", r, 1, r, len(keys)], "marker": {"type": "circle"}})
            chart.set_title({"name": "Rata-rata capaian per triwulan"})
            ws.insert_chart(len(agencies) + 3, 0, chart, {"x_scale": 1.5, "y_scale": 1.2})

        wi = wb.add_worksheet("Progres Indikator")
        headers = ["Perangkat Daerah", "Formulir", "Kode", "Indikator / Program"] + \
                  [f"Capaian {lb} (%)" for lb in labels]
        for c, h in enumerate(headers):
            wi.write_string(0, c, h, head)
        wi.set_column(0, 0, 35)
        wi.set_column(2, 2, 18)
        wi.set_column(3, 3, 55)
        wi.set_column(4, 3 + len(keys), 14)
        for r, ident in enumerate(sorted(indicator), 1):
            for c, v in enumerate(ident):
                wi.write_string(r, c, v)
            for i in range(len(keys)):
                v = indicator[ident].get(i)
                if v is None:
                    wi.write_blank(r, 4 + i, None)
                else:
                    wi.write_number(r, 4 + i, float(v), pct)
        wi.freeze_panes(1, 4)
        wi.autofilter(0, 0, max(1, len(indicator)), len(headers) - 1)
        wb.close()

    atomic_write(Path(path), write)
