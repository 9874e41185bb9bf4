"""Charts of the LKjIP tables, drawn from each table's own figures (Table.chart says which columns): native
charts in the .xlsx (xlsxwriter, editable by the agency) and the same figures as a picture in the .docx.

The picture is drawn with Pillow, an optional extra (``pip install "xlsx-lkjip[grafik]"``): horizontal bars
with value labels and a 100 % line need rectangles, lines and text, which Pillow draws in 4 MB where matplotlib
would bring 40 MB (numpy among them).  Without Pillow the .docx says where its charts would be and the .xlsx
keeps its native charts.  Deterministic: fixed size, the font Pillow ships, no timestamps in the PNG.
"""

from __future__ import annotations

import io
from decimal import Decimal

from ..evaluate.numbers import format_id
from .lkjip_tables import DATA, TOTAL, Table

_SERIES_COLOURS = ("#2F6EBA", "#F0A030", "#5BA05B", "#9B59B6", "#C0504D")
DATA_SHEET = "Data Grafik"


def chart_data(t: Table) -> tuple[list[str], list[tuple[str, list[Decimal | None]]]]:
    """(category names, [(series name, values)]) of a table's chart: one category per data row."""
    ch = t.chart
    rows = [r for r in t.rows if r.kind == DATA]
    cats = [_short(str(r.cells[ch.category] or "")) for r in rows]
    series = [(t.columns[c].label, [r.cells[c] if isinstance(r.cells[c], Decimal) else None for r in rows])
              for c in ch.values]
    return cats, series


def _short(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


# -- .xlsx: native charts over a hidden data sheet -------------------------------------------------------------
def xlsx_chart(wb, ws, sheet: str, t: Table, data_state: dict, row: int) -> None:
    """A native bar chart under the table (at `row`), its series on the hidden sheet "Data Grafik" (the table's
    data rows are interleaved with sasaran sub-headers, and a chart series needs one contiguous range)."""
    cats, series = chart_data(t)
    if not cats:
        return
    data = data_state.get("sheet")
    if data is None:
        data = data_state["sheet"] = wb.add_worksheet(DATA_SHEET)
        data.hide()
        data_state["row"] = 0
    r0 = data_state["row"]
    data.write_string(r0, 0, t.caption)
    for j, (name, _) in enumerate(series, 1):
        data.write_string(r0 + 1, j, name)
    for i, cat in enumerate(cats):
        data.write_string(r0 + 2 + i, 0, cat)
        for j, (_, values) in enumerate(series, 1):
            if values[i] is not None:
                data.write_number(r0 + 2 + i, j, float(values[i]))
    data_state["row"] = r0 + len(cats) + 4
    chart = wb.add_chart({"type": "bar"})
    first, last = r0 + 2, r0 + 1 + len(cats)
    for j, (name, _) in enumerate(series, 1):
        chart.add_series({"name": [DATA_SHEET, r0 + 1, j], "categories": [DATA_SHEET, first, 0, last, 0],
                          "values": [DATA_SHEET, first, j, last, j],
                          "fill": {"color": _SERIES_COLOURS[(j - 1) % len(_SERIES_COLOURS)]},
                          "data_labels": {"value": True, "num_format": "0.00"}})
    chart.set_title({"name": t.chart.title, "name_font": {"size": 11}})
    # the first row on top, as in the table; every category named (not every other one), in a size that fits
    chart.set_y_axis({"reverse": True, "interval_unit": 1, "num_font": {"size": 8}})
    chart.set_x_axis({"min": 0, "num_format": "0", "major_gridlines": {"visible": True},
                      "name": t.chart.axis})
    chart.set_legend({"position": "bottom"} if len(series) > 1 else {"none": True})
    height = max(260, 70 + 30 * len(cats) * max(1, len(series) * 0.6))
    chart.set_size({"width": 720, "height": int(height)})
    ws.insert_chart(row, 1, chart, {"object_position": 1})


# -- the all-OPD workbook: one figure per agency, from its own tables ------------------------------------------------
def agency_figures(laporan) -> tuple[list[tuple], list[tuple]]:
    """Per agency, the figures its own tables hold: (agency, period, capaian, predikat) from the "Rata-rata
    capaian kinerja Perangkat Daerah" row of its Capaian Kinerja per Sasaran table (the figure of the workbook
    footer and the rekap), and (agency, period, pagu, realisasi, serapan) from the Jumlah row of its Realisasi
    Anggaran per Program table.  An agency without that table is not in that list."""
    capaian, serapan = [], []
    for lap in laporan:
        for t in lap.tables:
            total = next((r for r in t.rows if r.kind == TOTAL), None)
            if total is None or t.key not in ("sasaran", "anggaran"):
                continue
            cell = dict(zip((c.label for c in t.columns), total.cells))
            if t.key == "sasaran":
                capaian.append((lap.agency, lap.period, cell["Capaian (%)"], cell["Predikat"] or ""))
            else:
                serapan.append((lap.agency, lap.period, cell["Pagu Anggaran (Rp)"], cell["Realisasi Anggaran (Rp)"],
                                cell["Persentase (%)"]))
    return capaian, serapan


def xlsx_agency_chart(wb, ws, sheet: str, title: str, first: int, last: int, value_col: int, labels: list[str],
                      axis: str, row: int, values: list) -> None:
    """A native bar chart of one figure per agency (rows first..last of `sheet`: the agency in column A, the
    figure in `value_col`, `values`), each bar labelled with `labels` (its figure and predikat, as the table
    shows them); placed at `row`, column A, over xlsx_agency_chart_rows(n) rows."""
    top = max([float(v) for v in values if v is not None] + [100.0])
    step = _nice_step(top * 1.3)
    chart = wb.add_chart({"type": "bar"})
    chart.add_series({"name": title, "categories": [sheet, first, 0, last, 0],
                      "values": [sheet, first, value_col, last, value_col], "fill": {"color": _SERIES_COLOURS[0]},
                      "data_labels": {"value": True, "num_format": "0.00",
                                      "custom": [{"value": text} if text else None for text in labels]}})
    chart.set_title({"name": title, "name_font": {"size": 11}})
    chart.set_y_axis({"reverse": True, "interval_unit": 1, "num_font": {"size": 8}})
    # room right of the longest bar for its label (a label past the plot is squeezed into several lines)
    chart.set_x_axis({"min": 0, "max": step * (int(top * 1.3 / step) + 1), "major_unit": step, "num_format": "0",
                      "major_gridlines": {"visible": True}, "name": axis})
    chart.set_legend({"none": True})
    chart.set_size({"width": 760, "height": _agency_chart_height(last - first + 1)})
    ws.insert_chart(row, 0, chart, {"object_position": 1})


def _agency_chart_height(n: int) -> int:
    """Pixels: room for each agency's name and bar, at most what a portrait A4 page holds (thinner bars for a
    region of many agencies rather than a chart cut by a page break)."""
    return int(min(max(260, 80 + 34 * n), 880))


def xlsx_agency_chart_rows(n: int) -> int:
    """The rows of default height (20 px) a chart of `n` agencies covers."""
    return _agency_chart_height(n) // 20 + 1


# -- .docx: the same figures as a picture -----------------------------------------------------------------------
def pillow_available() -> bool:
    try:
        import PIL  # noqa: F401
    except ImportError:
        return False
    return True


def _font(size: int):
    from PIL import ImageFont

    try:
        return ImageFont.load_default(size=size)
    except (TypeError, OSError):      # an old Pillow or one without FreeType: its bitmap font
        return ImageFont.load_default()


def _wrap(draw, text: str, font, width: float, lines: int = 2) -> list[str]:
    out, line = [], ""
    for word in text.split():
        trial = f"{line} {word}".strip()
        if draw.textlength(trial, font=font) <= width or not line:
            line = trial
        else:
            out.append(line)
            line = word
    out.append(line)
    if len(out) > lines:
        out = out[:lines]
        while out[-1] and draw.textlength(out[-1] + "…", font=font) > width:
            out[-1] = out[-1][:-1]
        out[-1] += "…"
    return out


def chart_png(t: Table, decimals: int = 2) -> bytes:
    """The table's chart as a PNG: one horizontal bar per data row and series, the value at its end, the
    reference line (100 %) dashed."""
    from PIL import Image, ImageDraw

    cats, series = chart_data(t)
    ch = t.chart
    scale = 2                                   # drawn at 2x, for print
    width = 1500
    font, small, bold = _font(13 * scale // 2 * 2), _font(11 * scale // 2 * 2), _font(15 * scale // 2 * 2)
    bar = 16 * scale // 2 * 2
    gap = 12
    block = bar * len(series) + gap * 2
    top, left, right = 95, 430, 110         # room above the plot for the title and the reference's label
    legend = 40 if len(series) > 1 else 0
    height = top + block * len(cats) + 60 + legend
    img = Image.new("RGB", (width, height), "white")
    d = ImageDraw.Draw(img)
    # the font Pillow ships has no en dash: "2019-2021" rather than a missing-glyph box
    d.text((width / 2, 18), ch.title.replace("–", "-"), fill="black", font=bold, anchor="mt")
    values = [v for _, vs in series for v in vs if v is not None]
    top_value = max([float(v) for v in values] + [float(ch.reference or 0), 1.0])
    step = _nice_step(top_value)
    axis_max = step * (int(top_value / step) + 1)
    plot_w = width - left - right

    def x(v: float) -> float:
        return left + plot_w * max(0.0, v) / axis_max

    bottom = top + block * len(cats)
    tick = 0.0
    while tick <= axis_max + 1e-9:
        d.line([(x(tick), top), (x(tick), bottom)], fill="#DDDDDD", width=1)
        d.text((x(tick), bottom + 8), format_id(Decimal(str(round(tick, 6))).normalize()), fill="#444444",
               font=small, anchor="mt")
        tick += step
    d.text((left + plot_w / 2, bottom + 34), ch.axis, fill="#444444", font=small, anchor="mt")
    for i, cat in enumerate(cats):
        y0 = top + i * block + gap
        lines = _wrap(d, cat, small, left - 24)
        mid = y0 + bar * len(series) / 2
        for k, line in enumerate(lines):
            d.text((left - 12, mid + (k - (len(lines) - 1) / 2) * 26), line, fill="black", font=small, anchor="rm")
        for j, (_, vs) in enumerate(series):
            v = vs[i]
            y = y0 + j * bar
            if v is None:
                d.text((left + 6, y + bar / 2), "–", fill="#444444", font=small, anchor="lm")
                continue
            d.rectangle([left, y + 2, x(float(v)), y + bar - 2], fill=_SERIES_COLOURS[j % len(_SERIES_COLOURS)])
            d.text((x(float(v)) + 6, y + bar / 2), format_id(v, decimals), fill="black", font=small, anchor="lm")
    d.line([(left, top), (left, bottom)], fill="black", width=2)
    if ch.reference is not None:
        xr = x(ch.reference)
        for y in range(top, bottom, 14):
            d.line([(xr, y), (xr, min(y + 8, bottom))], fill="#C00000", width=3)
        d.text((xr, top - 8), f"{format_id(Decimal(str(ch.reference)).normalize())} %", fill="#C00000", font=small,
               anchor="mb")
    if len(series) > 1:
        lx = left
        for j, (name, _) in enumerate(series):
            y = height - legend + 4
            d.rectangle([lx, y, lx + 24, y + 20], fill=_SERIES_COLOURS[j % len(_SERIES_COLOURS)])
            d.text((lx + 32, y + 10), name, fill="black", font=small, anchor="lm")
            lx += 60 + d.textlength(name, font=small)
    buf = io.BytesIO()
    img.save(buf, format="PNG", optimize=False)
    return buf.getvalue()


def _nice_step(top: float) -> float:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        if top / step <= 8:
            return float(step)
    return float(10 ** len(str(int(top))) / 10)


def docx_chart(doc, t: Table, decimals: int, page_width_cm: float) -> None:
    """The chart as a picture under the table, or a line saying why it is not there."""
    from docx.shared import Cm, Pt

    if not chart_data(t)[0]:
        return
    if not pillow_available():
        p = doc.add_paragraph()
        r = p.add_run(f"(Grafik {t.chart.title} tidak disertakan: paket Pillow tidak terpasang; "
                      "pasang dengan pip install \"xlsx-lkjip[grafik]\". Grafik yang sama ada di berkas .xlsx.)")
        r.italic = True
        r.font.size = Pt(8.5)
        return
    doc.add_picture(io.BytesIO(chart_png(t, decimals)), width=Cm(min(page_width_cm, 16.0)))
