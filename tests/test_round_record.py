"""OUTPUT/.lkjip/putaran.json: what a round records (settings, the round, every workbook's figures), read back
exactly; written at the end of `lkjip run`, kept current by `lkjip watch`, never left stale."""

from __future__ import annotations

import json
import re
import shutil
import threading
import time
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from tests.conftest import invoke, make_dumai, make_pariwisata
from xlsx_lkjip import __version__, api
from xlsx_lkjip.batch import round_record as rr
from xlsx_lkjip.batch import watch as watch_mod
from xlsx_lkjip.batch.watch_results import settings_fingerprint
from xlsx_lkjip.config import DEFAULT, describe
from xlsx_lkjip.evaluate import kinds
from xlsx_lkjip.report.rekap import _program_rows, kind_rows

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "input"


def samples(tmp_path) -> Path:
    src = tmp_path / "input"
    src.mkdir()
    for p in sorted(SAMPLES.glob("*.xlsx")):
        shutil.copy2(p, src / p.name)
    return src


def rekap_table(path: Path, name: str) -> list[dict]:
    rows = list(openpyxl.load_workbook(path)[name].iter_rows(values_only=True))
    return [dict(zip(rows[0], r)) for r in rows[1:]]


def test_run_records_the_round_and_every_figure_comes_back_exactly(tmp_path):
    src, out = samples(tmp_path), tmp_path / "output"
    res = invoke(["run", src, "-o", out])
    assert res.exit_code == 0, res.output
    record = api.read_round(out)
    assert (record.command, record.lkjip, record.version) == ("run", __version__, 1)
    assert record.settings_fingerprint == settings_fingerprint(DEFAULT)
    assert record.settings == describe(DEFAULT, None)
    # the round most workbooks state; every round stated is listed
    assert (record.triwulan, record.tahun, record.triwulan_from) == ("I", "2024", "workbook")
    assert record.stated == [("IV", "2022", 1), ("IV", "2023", 1), ("I", "2024", 2)]
    # a round of Renja and PK has no one region figure (it was 59,62 Rendah, a Renja-PK mix); each form has its own
    assert (record.region_average, record.region_predikat) == (None, "")
    assert [(a.agency.split()[-1], a.average, a.predikat) for a in record.agencies] == [   # by name, no figure
        ("Sumenep", None, ""), ("Binjai", None, ""), ("Dumai", None, ""), ("Informatika", None, "")]
    renja, pk = record.forms["Renja"], record.forms["PK"]
    assert (renja.average, renja.predikat, pk.average, pk.predikat) == (
        Decimal("44.57"), "Sangat Rendah", Decimal("104.76"), "Sangat Tinggi")   # (19,13 + 15,44 + 99,14) / 3
    assert [(a.agency.split()[-1], a.average, a.predikat, a.rank) for a in renja.agencies] == [
        ("Dumai", Decimal("99.14"), "Sangat Tinggi", 1), ("Sumenep", Decimal("19.13"), "Sangat Rendah", 2),
        ("Informatika", Decimal("15.44"), "Sangat Rendah", 3)]
    assert [(a.agency.split()[-1], a.average, a.predikat, a.rank) for a in pk.agencies] == [
        ("Binjai", Decimal("104.76"), "Sangat Tinggi", 1)]
    # per workbook: what Rekap OPD shows
    opd = {r["Berkas"]: r for r in rekap_table(out / "rekap.xlsx", "Rekap OPD")}
    assert [w.name for w in record.workbooks] == list(opd)
    for w in record.workbooks:
        row = opd[w.name]
        assert (w.info.agency, w.form, w.info.triwulan, w.status) == (row["Perangkat Daerah"], row["Formulir"],
                                                                      row["Triwulan"], row["Status"])
        assert w.average.get("K") == Decimal(str(row["Rata-rata capaian K (%)"]))
        assert w.predikat.get("K") == row["Predikat K"]
        assert w.data_rows == row["Baris data"] and w.count("peringatan") == row["Peringatan"]
        assert w.output == out / w.name and w.output.is_file()
    # per row: every value the rekap's tables hold, from the record alone (Renja and PK, Per Program)
    fresh = {p.name: api.complete_workbook(p, None, DEFAULT) for p in sorted(src.glob("*.xlsx"))}
    for w in record.workbooks:
        for rows_of in (*(kind_rows(t) for t in kinds.rekap_tables()), _program_rows):
            assert list(rows_of(w)) == list(rows_of(fresh[w.name])), (w.name, rows_of)
    assert sum(len(s.rows) for w in record.workbooks for s in w.sheets) == 149
    binjai = next(w for w in record.workbooks if w.name.startswith("PK"))
    assert binjai.sheets[0].rows[0].indicator and binjai.sheets[0].round == 4


def test_the_file_is_the_documented_json(tmp_path):
    src, out = samples(tmp_path), tmp_path / "output"
    invoke(["run", src, "-o", out])
    doc = json.loads((out / ".lkjip" / "putaran.json").read_text(encoding="utf-8"))
    documented = rr.__doc__
    assert (doc["format"], doc["version"]) == ("lkjip-putaran", 1)
    for key in doc:
        assert re.search(rf"\b{key}\b", documented), f"top-level key {key!r} undocumented"
    for w in doc["workbooks"]:
        for key in w:
            assert re.search(rf"\b{key}\b", documented), f"workbook key {key!r} undocumented"
        for s in w["sheets"]:
            assert s["columns"] == list(kinds.named(s["form"]).result.record_columns())
            assert all(len(row) == len(s["columns"]) for row in s["rows"])
    for column in kinds.RENJA.result.record_columns() + kinds.PK.result.record_columns():
        stem = re.sub(r"(tw\d_|_tw\d|tw\d)", "", column).strip("_")
        assert stem in documented, f"column {column!r} undocumented"
    # figures are exact decimal strings, never floats
    kominfo = next(w for w in doc["workbooks"] if "Kominfo" in w["name"])
    assert kominfo["average"]["K"] == "15.44"
    assert all(not isinstance(v, float) for w in doc["workbooks"] for s in w["sheets"] for r in s["rows"] for v in r)


def test_a_workbook_entry_is_the_text_one_json_dumps_of_it_writes(tmp_path):
    """workbook_entry puts its text together from parts (the rows written at once, C or Python): the same
    bytes as one json.dumps of the whole entry, with kode and per_form after the sheets, and texts that need
    escaping (quotes, backslashes, line breaks, control characters, non-ASCII) as json writes them."""
    from xlsx_lkjip.batch.results import FormPart
    from xlsx_lkjip.batch.workbook import complete_workbook

    result = complete_workbook(make_dumai(tmp_path / "Dumai.xlsx"))
    row = result.sheets[0].rows[0]
    row.program, row.unit = 'Program "Satu"\\ baris\nkedua\x01\u00e9', "\t%"
    for kode, per_form in (("", {}), ("1.02", {}), ("1.02", {"Renja": FormPart({"K": Decimal("71.5")}, {"K": "Tinggi"},
                                                                                2, 3)})):
        result.kode, result.per_form = kode, per_form
        entry = rr.workbook_entry(result, None)
        doc = json.loads(entry)
        assert entry == json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
        keys = list(doc)
        assert keys[keys.index("sheets"):] == ["sheets"] + (["kode"] if kode else []) + (["per_form"] if per_form else [])
        sheet = doc["sheets"][0]
        assert list(sheet)[-1] == "rows"
        assert sheet["rows"] == json.loads(json.dumps(rr._record_rows(result.sheets[0].record_rows())))
        assert sheet["rows"][0][4] == row.program


def test_the_settings_of_the_round_are_recorded(tmp_path):
    src, out = samples(tmp_path), tmp_path / "output"
    assert invoke(["run", src, "-o", out, "--triwulan", "II"]).exit_code == 0
    record = api.read_round(out)
    assert (record.triwulan, record.tahun, record.triwulan_from) == ("II", "2024", "pengaturan")
    assert ("Putaran monitoring", "triwulan II") in record.settings
    assert record.settings_fingerprint != settings_fingerprint(DEFAULT)


def test_a_run_that_stops_keeps_the_last_complete_record_and_marks_the_round_unfinished(tmp_path):
    src, out = samples(tmp_path), tmp_path / "output"
    invoke(["run", src, "-o", out])
    before = rr.record_path(out).read_bytes()

    def stop(result, i, total):
        if i == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        api.run(src, out, on_result=stop)
    # half the workbooks may be of the new run: the record is still the last complete round, and the folder
    # says that a round did not finish
    assert rr.record_path(out).read_bytes() == before
    assert (out / ".lkjip" / "putaran-berjalan.json").is_file()
    assert not [p for p in out.rglob("*.tmp")]
    res = invoke(["laporan", out])
    assert "tidak selesai" in res.output and "Jalankan lkjip run lagi" in res.output, res.output
    again = invoke(["run", src, "-o", out])
    assert again.exit_code == 0 and "tidak selesai" in again.output, again.output
    assert not (out / ".lkjip" / "putaran-berjalan.json").exists()


def test_a_record_that_cannot_be_written_refuses_the_run_before_anything_is_written(tmp_path):
    src, out = samples(tmp_path), tmp_path / "output"
    out.mkdir()
    (out / ".lkjip").write_text("bukan folder")      # something in the way
    res = invoke(["run", src, "-o", out])
    assert res.exit_code == 1, res.output
    assert "tidak dapat ditulisi" in res.output and ".lkjip" in res.output, res.output
    assert sorted(p.name for p in out.iterdir()) == [".lkjip"]


def test_unreadable_records_raise(tmp_path):
    with pytest.raises(rr.RecordMissing):
        rr.read(tmp_path)
    rr.record_path(tmp_path).parent.mkdir(parents=True)
    for text, why in (("{", "rusak"), ('{"format": "lain"}', "bukan catatan"),
                      ('{"format": "lkjip-putaran", "version": 2}', "berversi 2"),
                      ('{"format": "lkjip-putaran", "version": 1, "workbooks": [{"sheets": []}]}', "tidak lengkap"),
                      ('{"format": "lkjip-putaran", "version": 1, "region": {"average": 59.62}}', "bukan teks")):
        rr.record_path(tmp_path).write_text(text, encoding="utf-8")
        with pytest.raises(rr.RecordError, match=why):
            rr.read(tmp_path)


def test_watch_keeps_the_record_current(tmp_path):
    inp, out = tmp_path / "masuk", tmp_path / "keluar"
    inp.mkdir()
    lines: list[str] = []
    w = watch_mod.Watcher(inp, out, DEFAULT, settle=0.2, echo=lines.append)
    thread = threading.Thread(target=w.run)
    thread.start()

    def settled(names: set[str]):
        end = time.monotonic() + 15
        while time.monotonic() < end:
            if not w.pending and not w.rekap_dirty and set(w.entries) == names:
                try:
                    record = rr.read(out)
                except rr.RecordMissing:
                    record = None
                if record is not None and {x.name for x in record.workbooks} == names:
                    return record
            time.sleep(0.05)
        raise AssertionError("\n".join(lines))

    try:
        make_dumai(inp / "Renja Dumai.xlsx")
        record = settled({"Renja Dumai.xlsx"})
        assert record.command == "watch" and record.region_average == Decimal("128.75")
        make_pariwisata(inp / "Renja Pariwisata.xlsx")
        record = settled({"Renja Dumai.xlsx", "Renja Pariwisata.xlsx"})
        assert [a.average for a in record.agencies] == [Decimal("128.75"), Decimal("44.50")]
        (inp / "Renja Dumai.xlsx").unlink()
        record = settled({"Renja Pariwisata.xlsx"})
        assert record.region_average == Decimal("44.50")
    finally:
        w.stop()
        thread.join(15)
