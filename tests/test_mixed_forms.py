"""Issue 21 (and 23's "one figure everywhere"): a workbook holding both a Renja and a PK sheet has two figures,
one per form, never one mixed figure.  Before, its Renja capaian K and its PK capaian tahunan were averaged into
one workbook figure ((37,50 + 95,00) / 2 = 66,25 Sedang here) that the console, the workbook's "Ringkasan lkjip",
Rekap OPD, the round record's agency figures, the roster's status and the Bappeda page showed.

Figures computed by hand from the rows below:
- Dinas A, Renja: 2,5 of 10 = 25 %, 2 of 4 = 50 %, mean 37,50 (Sangat Rendah); PK: 9 of 10 = 90 %,
  20 of 20 = 100 %, mean 95,00 (Sangat Tinggi).
- Dinas B, Renja alone: 6 of 8 = 75 % (Sedang).  Dinas C, PK alone: 7 of 10 = 70 % (Sedang).
- Region, Renja: (37,50 + 75,00) / 2 = 56,25 (Rendah); PK: (95,00 + 70,00) / 2 = 82,50 (Tinggi)."""

from __future__ import annotations

import json
from decimal import Decimal

import openpyxl
import pytest

from tests.conftest import invoke
from tests.filled_templates import (footer, mixed_workbook, pk_name, pk_workbook, rekap_ringkasan_lines, renja_name,
                                    renja_workbook, ringkasan_lkjip, table)
from xlsx_lkjip import api
from xlsx_lkjip.templates import PK_LAYOUT, pk_column

MIXED = "Evaluasi Renja dan PK Dinas A TW II 2025.xlsx"
A_RENJA, A_PK = (Decimal("37.50"), "Sangat Rendah"), (Decimal("95.00"), "Sangat Tinggi")
REGION = {"Renja": (Decimal("56.25"), "Rendah"), "PK": (Decimal("82.50"), "Tinggi")}


def _d(v) -> Decimal:
    return Decimal(str(v)).quantize(Decimal("0.01"))


@pytest.fixture(scope="module")
def round_folder(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("mixed")
    src, out = tmp / "input", tmp / "output"
    src.mkdir()
    mixed_workbook(src / MIXED, [dict(target=(10, 1000), q=[(1, 100), (1.5, 100)]),
                                 dict(target=(4, 1000), q=[(1, 100), (1, 100)])],
                   [dict(target=10, realisasi=[5, 4]), dict(target=20, realisasi=[10, 10])], opd="Dinas A")
    renja_workbook(src / renja_name("Dinas B", "II", "2025"), [dict(target=(8, 1000), q=[(3, 500), (3, 500)])],
                   opd="Dinas B")
    pk_workbook(src / pk_name("Dinas C", "II", "2025"), [dict(target=10, realisasi=[3, 4])], opd="Dinas C")
    toml = tmp / "lkjip.toml"
    toml.write_text('[[opd]]\nkode = "A"\nnama = "Dinas A"\nformulir = ["renja", "pk"]\n'
                    '[[opd]]\nkode = "B"\nnama = "Dinas B"\nformulir = ["renja"]\n'
                    '[[opd]]\nkode = "C"\nnama = "Dinas C"\nformulir = ["pk"]\n', encoding="utf-8")
    res = invoke(["run", src, "-o", out, "--config", toml])
    assert res.exit_code == 0, res.output
    as_json = invoke(["run", src, "-o", tmp / "again", "--config", toml, "--json"])
    return tmp, out, res.output, json.loads(as_json.output)


def test_the_console_gives_each_form_its_own_figure(round_folder):
    _tmp, _out, console, _doc = round_folder
    (line,) = [x for x in console.splitlines() if MIXED in x]
    assert "Renja: rata-rata capaian K 37,50 % (Sangat Rendah)" in line
    assert "PK: rata-rata capaian 95,00 % (Sangat Tinggi)" in line
    assert "66,25" not in console


def test_the_completed_workbook_shows_both_figures_as_its_footers_do(round_folder):
    _tmp, out, _console, _doc = round_folder
    own = ringkasan_lkjip(out / MIXED)
    assert (_d(own["Rata-rata capaian K (%) — Renja"][0]), own["Rata-rata capaian K (%) — Renja"][1]) == A_RENJA
    assert (_d(own["Rata-rata capaian (%) — PK"][0]), own["Rata-rata capaian (%) — PK"][1]) == A_PK
    assert not [k for k in own if "—" not in k]   # no line without its form: no mixed figure
    avg, pred = footer(out / MIXED)
    assert (_d(avg), pred) == A_RENJA
    pk = openpyxl.load_workbook(out / MIXED, data_only=True)[PK_LAYOUT["sheet"]]   # (the PK template has no footer)
    first, col = PK_LAYOUT["first_data_row"], pk_column("capaian_tahunan")
    assert [pk[f"{col}{first + i}"].value for i in range(2)] == [90, 100]   # their mean is the PK figure, 95,00


def test_rekap_opd_has_a_line_per_form_and_the_ringkasan_ranks_each_form_apart(round_folder):
    _tmp, out, _console, _doc = round_folder
    rows = [r for r in table(out / "rekap.xlsx", "Rekap OPD") if r["Berkas"] == MIXED]
    assert [(r["Formulir"], _d(r["Rata-rata capaian K (%)"]), r["Predikat K"], r["Baris data"]) for r in rows] == [
        ("Renja", *A_RENJA, 2), ("PK", *A_PK, 2)]
    lines = rekap_ringkasan_lines(out / "rekap.xlsx")
    renja = lines[("Peringkat OPD: Evaluasi Renja (rata-rata capaian K)", "Dinas A")]
    pk = lines[("Peringkat OPD: Perjanjian Kinerja (rata-rata capaian tahunan)", "Dinas A")]
    assert (_d(renja[0]), renja[1]) == A_RENJA and (_d(pk[0]), pk[1]) == A_PK
    for form, title in (("Renja", "Evaluasi Renja"), ("PK", "Perjanjian Kinerja")):
        avg, pred = lines[f"{title}, Triwulan II Tahun 2025"]
        assert (_d(avg), pred) == REGION[form]


def test_the_record_keeps_each_forms_figure_and_verifies(round_folder):
    _tmp, out, _console, _doc = round_folder
    record = api.read_round(out)   # the seal's self-check recomputes every figure from the entries
    (w,) = [w for w in record.workbooks if w.name == MIXED]
    assert w.average == {} and w.predikat == {}
    assert {f: (p.average["K"], p.predikat["K"]) for f, p in w.per_form.items()} == {"Renja": A_RENJA, "PK": A_PK}
    for form in ("Renja", "PK"):
        figures = record.forms[form]
        assert (figures.average, figures.predikat) == REGION[form]
        mine = [(a.average, a.predikat) for a in figures.agencies if a.agency == "Dinas A"]
        assert mine == [A_RENJA if form == "Renja" else A_PK]


def test_run_json_and_the_status_rows_carry_the_forms_own_figures(round_folder):
    _tmp, out, _console, doc = round_folder
    (w,) = [w for w in doc["workbooks"] if w["file"] == MIXED]
    assert w["average"] == {} and w["per_form"]["Renja"]["average"]["K"] == "37.50"
    assert w["per_form"]["PK"] == {"average": {"K": "95.00"}, "predikat": {"K": "Sangat Tinggi"}}
    status = {(r["Kode"], r["Formulir"]): r for r in table(out / "rekap.xlsx", "Status OPD")}
    for form, (avg, pred) in (("Renja", A_RENJA), ("PK", A_PK)):
        row = status[("A", form)]
        assert (_d(row["Capaian (%)"]), row["Predikat"]) == (avg, pred), row


def test_multi_round_and_laporan_show_the_same_figures(round_folder):
    tmp, out, _console, _doc = round_folder
    target = tmp / "tahunan.xlsx"
    assert invoke(["rekap", out, "-o", target]).exit_code == 0
    rows = list(openpyxl.load_workbook(target)["Progres OPD"].iter_rows(values_only=True))
    progres = {(r[0], r[4]): (_d(r[1]), r[2]) for r in rows[1:]}
    assert progres[("Dinas A", "Evaluasi Renja")] == A_RENJA
    assert progres[("Dinas A", "Perjanjian Kinerja")] == A_PK
    lap = tmp / "laporan"
    assert invoke(["laporan", out, "-o", lap]).exit_code == 0
    book = openpyxl.load_workbook(lap / "LKjIP Dinas A 2025.xlsx")
    (line,) = [r for ws in book for r in ws.iter_rows(values_only=True)
               if len(r) > 4 and r[1] == "Rata-rata capaian kinerja Perangkat Daerah"]
    assert (_d(line[3]), line[4]) == A_PK   # the LKjIP's agency figure is the PK's, as the rekap's PK line


def test_the_bappeda_page_and_an_upload_show_each_forms_figure(round_folder, tmp_path):
    from tests.web_helpers import links, require_web
    require_web()
    import shutil

    from tests.test_web import round_config
    from xlsx_lkjip.web.links import MONITOR
    from xlsx_lkjip.web.reader import Reader
    from xlsx_lkjip.web.server import open_round

    tmp, _out, _console, _doc = round_folder
    root = tmp_path / "putaran"
    shutil.copytree(tmp / "input", root / "input")
    shutil.copy(tmp / "lkjip.toml", root / "lkjip.toml")
    assert invoke(["run", root / "input", "-o", root / "output", "--config", root / "lkjip.toml"]).exit_code == 0
    secrets = links(root, [("A", "Dinas A"), ("B", "Dinas B"), ("C", "Dinas C")])
    reader = Reader(round_config(root), workers=1)
    try:
        rnd = open_round(root, round_config(root), root / "lkjip.toml", reader=reader, max_upload=2 * 1024 * 1024)
        client = rnd.app.test_client()
        page = client.get(f"/bappeda/{secrets[MONITOR]}").get_data(as_text=True)
        assert 'id="rata-daerah-renja">56,25 %</strong> Rendah' in page
        assert 'id="rata-daerah-pk">82,50 %</strong> Tinggi' in page
        assert "66,25" not in page   # Dinas A's Renja and PK averaged together: shown nowhere
        with open(tmp / "input" / MIXED, "rb") as fh:
            resp = client.post("/api/unggah", headers={"Authorization": f"Bearer {secrets['A']}"},
                               data={"berkas": (fh, MIXED)})
        assert resp.status_code == 200, resp.get_data(as_text=True)
        hasil = resp.get_json()
        hasil = hasil.get("hasil", hasil)
        assert hasil["average"] == {} and hasil["per_form"]["PK"]["average"] == {"K": "95.00"}
    finally:
        reader.close()


def test_a_form_sent_again_apart_from_a_mixed_workbook_is_said(tmp_path):
    """Dinas A's Renja and PK in one workbook, then its PK again alone: both PK count (neither is a copy of the
    other), so the agency's PK figure is their mean, (95,00 + 70,00) / 2 = 82,50 — and a warning names both files."""
    src, out = tmp_path / "input", tmp_path / "output"
    src.mkdir()
    mixed_workbook(src / MIXED, [dict(target=(10, 1000), q=[(1, 100), (1.5, 100)])],
                   [dict(target=10, realisasi=[5, 4]), dict(target=20, realisasi=[10, 10])], opd="Dinas A")
    again = pk_name("Dinas A", "II", "2025")
    pk_workbook(src / again, [dict(target=10, realisasi=[3, 4])], opd="Dinas A")
    res = invoke(["run", src, "-o", out])
    assert res.exit_code == 0, res.output
    said = [r for r in table(out / "rekap.xlsx", "Masalah") if "ada di dua workbook" in (r["Pesan"] or "")]
    assert len(said) == 1 and MIXED in said[0]["Pesan"] and again in said[0]["Pesan"], said
    assert "formulir PK Dinas A, Triwulan II Tahun 2025" in said[0]["Pesan"]
    assert "ada di dua workbook" in res.output
    record = api.read_round(out)
    assert [(a.average, a.predikat) for a in record.forms["PK"].agencies] == [(Decimal("82.50"), "Tinggi")]
    assert [(a.average, a.predikat) for a in record.forms["Renja"].agencies] == [(Decimal("25.00"), "Sangat Rendah")]
