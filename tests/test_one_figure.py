"""Issue 21: one figure, one meaning.  Over random Renja and PK workbooks made from `lkjip template` (random
round, targets, quarters, blanks, "-", with or without a quarter's own predikat scale), every figure shown for an
agency is the same number with the same predikat wherever it is shown: the workbook's footer, its "Ringkasan
lkjip", the console, the rekap (Rekap OPD, the Ringkasan's ranking per form and region per form), the round
record, the multi-round recap (`lkjip rekap`: Progres OPD, Progres Daerah) and the laporan (its indicators against
the rekap's); and each predikat is the one the round's scale gives its number."""

from __future__ import annotations

import re
import shutil
from decimal import Decimal
from pathlib import Path

import openpyxl
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from tests.conftest import invoke
from tests.filled_templates import (footer, mixed_workbook, pk_name, pk_workbook, rekap_ringkasan_lines, renja_name,
                                    renja_workbook, ringkasan_lkjip, table)
from xlsx_lkjip import api
from xlsx_lkjip.config import load_config
from xlsx_lkjip.evaluate import kinds

ROMAN = ("I", "II", "III", "IV")
QUARTER_SCALE = ('[predikat.triwulan.{q}]\ntingkat = [{{ batas = 45, label = "Sangat Tinggi" }}, '
                 '{{ batas = 38, label = "Tinggi" }}, {{ batas = 33, label = "Sedang" }}, '
                 '{{ batas = 25, label = "Rendah" }}]\ndi_bawah = "Sangat Rendah"\n')

FIGURE = st.one_of(st.none(), st.just("-"), st.integers(0, 60), st.decimals(0, 60, places=2).map(lambda d: f"{d}"
                                                                                                   .replace(".", ",")))
ROW = st.fixed_dictionaries({"target": st.integers(1, 80), "q": st.lists(FIGURE, min_size=4, max_size=4),
                             "level": st.booleans()})
# mixed: the agency sends its Renja and its PK as two sheets of one workbook (one figure per form all the same)
AGENCY = st.fixed_dictionaries({"renja": st.lists(ROW, max_size=3), "pk": st.lists(ROW, max_size=3),
                                "mixed": st.booleans()})


def _d(v) -> Decimal:
    return Decimal(str(v)).quantize(Decimal("0.01"))


# each example runs run, rekap and laporan: few examples, and no shrinking (minutes on this machine)
@settings(max_examples=8, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate],
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(agencies=st.lists(AGENCY, min_size=1, max_size=3), tw=st.integers(1, 4), quarter_scale=st.booleans(),
       final_out=st.booleans())
# always once: an agency sending its Renja and its PK in one workbook beside agencies sending them apart
@example(agencies=[{"renja": [{"target": 10, "q": [3, "2,5", None, None], "level": False}],
                    "pk": [{"target": 8, "q": [4, 4, None, None], "level": False},
                           {"target": 50, "q": [None, 20, None, None], "level": True}], "mixed": True},
                   {"renja": [{"target": 4, "q": [1, 2, None, None], "level": False}],
                    "pk": [{"target": 5, "q": [1, 1, None, None], "level": False}], "mixed": False}],
         tw=2, quarter_scale=False, final_out=False)
def test_every_figure_of_an_agency_is_one_number_with_one_predikat(tmp_path_factory, agencies, tw, quarter_scale,
                                                                   final_out):
    tmp = tmp_path_factory.mktemp("one")
    src, out = tmp / "in", tmp / "out"
    src.mkdir()
    roman = ROMAN[tw - 1]
    names: dict[str, tuple[str, list[str]]] = {}   # file -> (agency, the forms it holds)
    for i, spec in enumerate(agencies, 1):
        opd = f"Dinas {i}"
        # figures up to the round only (later quarters are another test's concern)
        renja_rows = [dict(target=(r["target"], 1000), q=[(v, 100 if v is not None else None) for v in r["q"][:tw]],
                           indicator=("Persentase capaian " if r["level"] else "Jumlah dokumen ") + str(k))
                      for k, r in enumerate(spec["renja"])]
        pk_rows = [dict(target=r["target"], realisasi=r["q"][:tw],
                        indicator=("Persentase capaian " if r["level"] else "Jumlah laporan ") + str(k))
                   for k, r in enumerate(spec["pk"])]
        if spec["mixed"] and renja_rows and pk_rows:
            name = f"Evaluasi Renja dan PK {opd} TW {roman} 2025.xlsx"
            mixed_workbook(src / name, renja_rows, pk_rows, opd=opd, triwulan=roman)
            names[name] = (opd, ["Renja", "PK"])
            continue
        if renja_rows:
            name = renja_name(opd, roman, "2025")
            renja_workbook(src / name, renja_rows, opd=opd, triwulan=roman)
            names[name] = (opd, ["Renja"])
        if pk_rows:
            name = pk_name(opd, roman, "2025")
            pk_workbook(src / name, pk_rows, opd=opd, triwulan=roman)
            names[name] = (opd, ["PK"])
    if not names:
        return
    toml = tmp / "lkjip.toml"
    toml.write_text(('realisasi_kosong_akhir_tahun = "tidak dihitung"\n' if final_out else "")
                    + (QUARTER_SCALE.format(q=roman) if quarter_scale else ""), encoding="utf-8")
    scale = load_config(toml).scale_for(tw)
    res = invoke(["run", src, "-o", out, "--config", toml])
    assert res.exit_code == 0, res.output
    console = res.output
    opd_rows = {(r["Berkas"], r["Formulir"]): r for r in table(out / "rekap.xlsx", "Rekap OPD")}
    record = api.read_round(out)
    recorded = {w.name: w for w in record.workbooks}
    shown: dict[tuple, tuple] = {}   # (agency, form) -> (average, predikat) per workbook
    for name, (opd, forms) in names.items():
        w = recorded[name]
        mixed = len(forms) > 1
        assert not mixed or (w.average, w.predikat) == ({}, {})   # never one figure of two forms
        (line,) = [x for x in console.splitlines() if f"{name}: " in x]
        own_lines = ringkasan_lkjip(out / name)
        for form in forms:
            average, predikat = w.figures(form)
            avg, pred = average.get("K"), predikat.get("K", "")
            row = opd_rows[(name, form)]
            if avg is None:
                assert row["Rata-rata capaian K (%)"] is None and pred == ""
                continue
            assert pred == scale.label(avg), (name, avg, pred)
            assert (_d(row["Rata-rata capaian K (%)"]), row["Predikat K"]) == (avg, pred)
            label = "Rata-rata capaian (%)" if form == "PK" else "Rata-rata capaian K (%)"
            own = own_lines[f"{label} — {form}" if mixed else label]
            assert (_d(own[0]), own[1]) == (avg, pred), name
            if form == "Renja":
                f_avg, f_pred = footer(out / name)
                assert (_d(f_avg), f_pred) == (avg, pred), name
            words = ("rata-rata capaian" if form == "PK" else "rata-rata capaian K")
            words = f"{form}: {words}" if mixed else words
            assert f"{words} {str(avg).replace('.', ',')} % ({pred})" in line, name
            shown[(opd, form)] = (avg, pred)

    # the agencies per form: the rekap's ranking, the record, the multi-round recap
    lines = rekap_ringkasan_lines(out / "rekap.xlsx")
    target = tmp / "tahunan.xlsx"
    assert invoke(["rekap", out, "-o", target]).exit_code == 0
    col = f"Rata-rata capaian TW {roman} 2025 (out) (%)"
    progres = {(r["Perangkat Daerah"], r["Formulir"]): r for r in _sheet(target, "Progres OPD")}
    daerah = {r["Formulir"]: r for r in _sheet(target, "Progres Daerah")}
    for (opd, form), (avg, pred) in shown.items():
        heading = f"Peringkat OPD: {kinds.title(form)} ({kinds.measure(form)})"
        assert (_d(lines[(heading, opd)][0]), lines[(heading, opd)][1]) == (avg, pred)
        assert [(a.average, a.predikat) for a in record.forms[form].agencies if a.agency == opd] == [(avg, pred)]
        p = progres[(opd, kinds.title(form))]
        assert (_d(p[col]), p["Predikat terakhir"]) == (avg, pred)
    for form in {f for _, f in shown}:
        figures = record.forms[form]
        assert figures.predikat == scale.label(figures.average)
        region = lines[f"{kinds.title(form)}, Triwulan {roman} Tahun 2025"]
        assert (_d(region[0]), region[1]) == (figures.average, figures.predikat)
        d = daerah[kinds.title(form)]
        assert (_d(d[col]), d["Predikat terakhir"]) == (figures.average, figures.predikat)

    # the laporan: every PK indicator with the rekap's capaian and predikat
    pk_rows = {(r["Perangkat Daerah"], r["Indikator"]): r for r in table(out / "rekap.xlsx", "Indikator PK")}
    if pk_rows:
        lap = tmp / "laporan"
        invoke(["laporan", out, "-o", lap])
        for (opd, form), (avg, pred) in shown.items():
            if form != "PK":
                continue
            # the agency's average in the laporan (capaian per sasaran, its last line): the workbook's figure
            book = openpyxl.load_workbook(lap / f"LKjIP {opd} 2025.xlsx")
            (line,) = [r for ws in book for r in ws.iter_rows(values_only=True)
                       if len(r) > 4 and r[1] == "Rata-rata capaian kinerja Perangkat Daerah"]
            assert (_d(line[3]), line[4]) == (avg, pred), opd
        for (opd, indicator), r in pk_rows.items():
            book = lap / f"LKjIP {opd} 2025.xlsx"
            rows = list(openpyxl.load_workbook(book)["Tabel 3.1"].iter_rows(values_only=True))
            (row,) = [x for x in rows if x[1] == indicator]
            cap = None if row[5] is None else _d(row[5])
            assert (cap, row[6] or "") == (None if r["Capaian Tahunan (%)"] is None else _d(r["Capaian Tahunan (%)"]),
                                           r["Predikat"] or ""), (opd, indicator)
    shutil.rmtree(tmp, ignore_errors=True)


def _sheet(path: Path, name: str) -> list[dict]:
    rows = list(openpyxl.load_workbook(path)[name].iter_rows(values_only=True))
    return [dict(zip(rows[0], r)) for r in rows[1:]]


def test_the_bundled_samples_show_each_agency_one_figure_everywhere(tmp_path):
    """The four bundled workbooks (input/): each agency's figure — Binjai's PK 104,76 Sangat Tinggi among them —
    is the same on the console, in Rekap OPD, the record, `lkjip rekap` and (PK) the laporan's agency line in its
    own workbook and in the all-OPD one."""
    from tests.conftest import REPO

    out = tmp_path / "out"
    res = invoke(["run", REPO / "input", "-o", out])
    assert res.exit_code == 0, res.output
    expected = {"Evaluasi Renja BKPSDM Sumenep TW I 2024.xlsx": ("Renja", "19.13", "Sangat Rendah"),
                "Evaluasi Renja Dinas Kominfo TW I 2024.xlsx": ("Renja", "15.44", "Sangat Rendah"),
                "Evaluasi RKPD BKPSDM Dumai 2023.xlsx": ("Renja", "99.14", "Sangat Tinggi"),
                "PK BKPSDM Binjai 2022.xlsx": ("PK", "104.76", "Sangat Tinggi")}
    opd_rows = {r["Berkas"]: r for r in table(out / "rekap.xlsx", "Rekap OPD")}
    record = api.read_round(out)
    recorded = {w.name: w for w in record.workbooks}
    target = tmp_path / "tahunan.xlsx"
    assert invoke(["rekap", out, "-o", target]).exit_code == 0
    progres = {(r["Perangkat Daerah"], r["Formulir"]): r for r in _sheet(target, "Progres OPD")}
    for name, (form, avg_text, pred) in expected.items():
        avg = Decimal(avg_text)
        agency = recorded[name].info.agency
        assert (recorded[name].average["K"], recorded[name].predikat["K"]) == (avg, pred), name
        assert (_d(opd_rows[name]["Rata-rata capaian K (%)"]), opd_rows[name]["Predikat K"]) == (avg, pred), name
        assert f"{avg_text.replace('.', ',')} % ({pred})" in next(x for x in res.output.splitlines() if name in x)
        assert [(a.average, a.predikat) for a in record.forms[form].agencies if a.agency == agency] == [(avg, pred)]
        (p,) = [r for (a, f), r in progres.items() if a == agency and f == kinds.title(form)]
        assert p["Predikat terakhir"] == pred and _d(p[next(k for k in p if k.startswith("Rata-rata capaian"))]) == avg
    lap = tmp_path / "laporan"
    assert invoke(["laporan", out, "-o", lap]).exit_code == 0
    binjai = recorded["PK BKPSDM Binjai 2022.xlsx"].info.agency
    for book, where in ((lap / f"LKjIP {binjai} 2022.xlsx", 1), (next(lap.glob("LKjIP semua OPD *.xlsx")), 2)):
        lines = [r for ws in openpyxl.load_workbook(book) for r in ws.iter_rows(values_only=True)
                 if "Rata-rata capaian kinerja Perangkat Daerah" in r and (where == 1 or r[0] == binjai)]
        assert lines, book
        for r in lines:
            k = r.index("Rata-rata capaian kinerja Perangkat Daerah")
            assert (_d(r[k + 2]), r[k + 3]) == (Decimal("104.76"), "Sangat Tinggi"), (book.name, r)
