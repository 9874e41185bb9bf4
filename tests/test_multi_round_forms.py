"""Issue 21, finding 6: `lkjip rekap` shows each agency's figure per form and round exactly as that round's
rekap showed it, and the region per form: never a Renja-PK mix (before: Renja 25,00 and PK 90,00 became one
57,50 Rendah in Progres OPD, and the region line mixed them too)."""

from decimal import Decimal

import openpyxl

from tests.conftest import invoke
from tests.filled_templates import pk_name, pk_workbook, rekap_ringkasan_lines, renja_name, renja_workbook
from xlsx_lkjip import api


def _sheet(path, name):
    rows = list(openpyxl.load_workbook(path)[name].iter_rows(values_only=True))
    return [dict(zip(rows[0], r)) for r in rows[1:]]


def test_an_agency_with_renja_and_pk_keeps_both_figures(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out_tw2"
    src.mkdir()
    renja_workbook(src / renja_name("Dinas G", "II", "2025"), [dict(target=(4, 100), q=[(1, 25), (None, None)])],
                   opd="Dinas G")
    pk_workbook(src / pk_name("Dinas G", "II", "2025"), [dict(target=10, realisasi=[4, 5])], opd="Dinas G")
    renja_workbook(src / renja_name("Dinas H", "II", "2025"), [dict(target=(4, 100), q=[(1, 25), (2, 25)])],
                   opd="Dinas H")
    assert invoke(["run", src, "-o", out]).exit_code == 0
    lines = rekap_ringkasan_lines(out / "rekap.xlsx")
    assert lines["Evaluasi Renja, Triwulan II Tahun 2025"] == (50, "Sangat Rendah")      # (25 + 75) / 2
    assert lines["Perjanjian Kinerja, Triwulan II Tahun 2025"] == (90, "Tinggi")
    record = api.read_round(out)
    assert {f: (v.average, v.predikat, [(a.agency, a.average) for a in v.agencies])
            for f, v in record.forms.items()} == {
        "Renja": (Decimal("50.00"), "Sangat Rendah", [("Dinas H", Decimal("75.00")), ("Dinas G", Decimal("25.00"))]),
        "PK": (Decimal("90.00"), "Tinggi", [("Dinas G", Decimal("90.00"))])}

    target = tmp_path / "tahunan.xlsx"
    res = invoke(["rekap", out, "-o", target])
    assert res.exit_code == 0, res.output
    col = "Rata-rata capaian TW II 2025 (out_tw2) (%)"
    opd = {(r["Perangkat Daerah"], r["Formulir"]): (r[col], r["Predikat terakhir"]) for r in _sheet(target, "Progres OPD")}
    assert opd == {("Dinas G", "Evaluasi Renja"): (25, "Sangat Rendah"), ("Dinas G", "Perjanjian Kinerja"): (90, "Tinggi"),
                   ("Dinas H", "Evaluasi Renja"): (75, "Sedang")}
    region = {r["Formulir"]: (r[col], r["Predikat terakhir"]) for r in _sheet(target, "Progres Daerah")}
    assert region == {"Evaluasi Renja": (50, "Sangat Rendah"), "Perjanjian Kinerja": (90, "Tinggi")}
    (putaran,) = _sheet(target, "Putaran")
    assert (putaran["Rata-rata capaian daerah Evaluasi Renja (%)"], putaran["Predikat daerah Perjanjian Kinerja"]) == (
        50, "Tinggi")
    assert 57.5 not in [v for r in _sheet(target, "Progres OPD") for v in r.values()]
