"""One agency, one form, one round, two workbooks (an original and its "(revisi)" copy left side by side):
both are completed, only the one saved last counts in the region's figures (Ringkasan, ranking, Per Program,
predikat counts, the multi-round recap), and a warning names both files and says which counts."""

from __future__ import annotations

import csv
import os
import shutil
import threading
import time
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from tests.conftest import invoke, make_dumai, make_random_bytes, sha256_tree
from tests.mini import e81_row, e81_workbook
from xlsx_lkjip.batch import round_record as rr
from xlsx_lkjip.batch import watch as watch_mod
from xlsx_lkjip.config import DEFAULT

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "input"
KOMINFO = "Evaluasi Renja Dinas Kominfo TW I 2024.xlsx"
KOMINFO_REVISI = "Evaluasi Renja Dinas Kominfo TW I 2024 (revisi).xlsx"


def rows(path: Path, name: str) -> list[tuple]:
    return list(openpyxl.load_workbook(path)[name].iter_rows(values_only=True))


def table(path: Path, name: str) -> list[dict]:
    r = rows(path, name)
    return [dict(zip(r[0], x)) for x in r[1:]]


def ringkasan(path: Path) -> dict:
    """The Ringkasan's figures: summary lines, the region's average per form and round ({"Evaluasi Renja,
    Triwulan I Tahun 2024": (average, predikat, workbooks)}), predikat counts and the rankings (one per form)."""
    r = rows(path, "Ringkasan")
    out = {"summary": {}, "region": {}, "predikat": {}, "ranking": {}}
    for x in r[4:]:
        if not x[0]:
            break
        out["summary"][x[0]] = x[1]

    def block(i: int):
        for x in r[i + 1:]:
            if not x[0]:
                break
            yield x

    i = next(k for k, x in enumerate(r) if x[:2] == ("Formulir, putaran", "Rata-rata capaian (%)"))
    out["region"] = {x[0]: (x[1], x[2], x[3]) for x in block(i)}
    i = next(k for k, x in enumerate(r) if x[:2] == ("Predikat", "Jumlah indikator"))
    out["predikat"] = {x[0]: x[1] for x in block(i)}
    for i in (k for k, x in enumerate(r) if x[:2] == ("Perangkat Daerah", "Rata-rata capaian (%)")):
        out["ranking"].update({x[0]: (x[1], x[2], x[3]) for x in block(i)})
    return out


def set_mtime(path: Path, seconds: float) -> None:
    os.utime(path, (seconds, seconds))


T0 = 1_710_000_000   # March 2024


def test_bundled_samples_with_a_revised_copy_keep_the_region_at_17_29(tmp_path):
    """The bundled samples' Renja of TW I 2024 give the region 17,29: (19,13 + 15,44) / 2.  Counted twice,
    Kominfo would pull it to (19,13 + 15,44 + 15,44) / 3 = 16,67.  (Before the region was given per form and
    round, the same trap took the one mixed figure from 59,62, Rendah, to 50,78, Sangat Rendah.)"""
    plain, doubled = tmp_path / "in_a", tmp_path / "in_b"
    shutil.copytree(SAMPLES, plain)
    shutil.copytree(SAMPLES, doubled)
    shutil.copy2(doubled / KOMINFO, doubled / KOMINFO_REVISI)
    set_mtime(doubled / KOMINFO, T0)
    set_mtime(doubled / KOMINFO_REVISI, T0 + 3600)     # the revision, saved an hour later
    assert invoke(["run", plain, "-o", tmp_path / "out_a"]).exit_code == 0
    res = invoke(["run", doubled, "-o", tmp_path / "out_b"])
    assert res.exit_code == 0, res.output
    a, b = ringkasan(tmp_path / "out_a" / "rekap.xlsx"), ringkasan(tmp_path / "out_b" / "rekap.xlsx")
    assert a["region"]["Evaluasi Renja, Triwulan I Tahun 2024"] == (17.29, "Sangat Rendah", 2)
    assert b["region"] == a["region"] and len(b["region"]) == 3
    assert b["ranking"] == a["ranking"] and len(b["ranking"]) == 4
    assert b["predikat"] == a["predikat"]
    assert rows(tmp_path / "out_b" / "rekap.xlsx", "Per Program") == rows(tmp_path / "out_a" / "rekap.xlsx",
                                                                          "Per Program")
    # both completed and listed; the one not counted says so
    opd = {r["Berkas"]: r for r in table(tmp_path / "out_b" / "rekap.xlsx", "Rekap OPD")}
    assert opd[KOMINFO]["Status"] == opd[KOMINFO_REVISI]["Status"] == "selesai"
    assert (tmp_path / "out_b" / KOMINFO).is_file() and (tmp_path / "out_b" / KOMINFO_REVISI).is_file()
    assert opd[KOMINFO]["Catatan"] == f'tidak dihitung di angka daerah: workbook ganda, yang dihitung "{KOMINFO_REVISI}"'
    assert opd[KOMINFO_REVISI]["Catatan"] is None
    # the warning, on the console and in Masalah: both files, and which counts
    problems = [p for p in table(tmp_path / "out_b" / "rekap.xlsx", "Masalah") if p["Kode"] == "duplicate-workbook"]
    assert len(problems) == 1 and problems[0]["Berkas"] == KOMINFO and problems[0]["Tingkat"] == "peringatan"
    message = problems[0]["Pesan"]
    assert f'"{KOMINFO}" dan "{KOMINFO_REVISI}"' in message
    assert f'Hanya "{KOMINFO_REVISI}" yang dihitung di rekap daerah (disimpan paling akhir)' in message
    assert f"Peringatan: {message}" in res.output
    # and the round's record says the same
    record = rr.read(tmp_path / "out_b")
    assert record.superseded == {KOMINFO: KOMINFO_REVISI} and record.forms["Renja"].average == Decimal("44.57")


def agency_workbook(path: Path, done: int, program_done: int = 2) -> Path:
    """Dinas Contoh, TW I 2024: a program (target 4) and a sub kegiatan (target 10, realisasi `done`)."""
    header = [["EVALUASI TERHADAP HASIL RENJA"], ["Perangkat Daerah : Dinas Contoh"],
              ["Periode Pelaksanaan : Triwulan I Tahun 2024"], []]
    return e81_workbook(path, [
        e81_row(1, "5.03.01", "Program Kepegawaian", "Persentase layanan", t6=(20, 100), t7=(4, 20), t8=(4, 40),
                q=((program_done, 10),) + ((None, None),) * 3),
        e81_row(2, "5.03.01.2.01.01", "Koordinasi Pelaksanaan", "Jumlah dokumen", t6=(100, "1.000.000"),
                t7=(40, "400.000"), t8=(10, "100.000"), q=((done, "50.000"),) + ((None, None),) * 3),
    ], header=header)


@pytest.fixture
def two_versions(tmp_path):
    """Dumai (128,75) and Dinas Contoh twice: the original (capaian K 50,00 and 20,00: average 35,00) and the
    revision (50,00 and 80,00: average 65,00)."""
    src = tmp_path / "input"
    src.mkdir()
    make_dumai(src / "Renja BKPSDM Dumai.xlsx")
    agency_workbook(src / "Renja Dinas Contoh.xlsx", done=2, program_done=2)            # 20 %, 50 %
    agency_workbook(src / "Renja Dinas Contoh (revisi).xlsx", done=8, program_done=2)   # 80 %, 50 %
    return src


# the region, per form and round: Dinas Contoh's TW I 2024 is the one workbook counted of the two (both: 50,00
# of 2 workbooks); Dumai's TW IV 2023 is a round of its own
@pytest.mark.parametrize("newer, region, agency", [("revisi", (65.0, "Rendah", 1), 65.0),
                                                   ("original", (35.0, "Sangat Rendah", 1), 35.0)])
def test_the_workbook_saved_last_counts(two_versions, tmp_path, newer, region, agency):
    src = two_versions
    orig, rev = src / "Renja Dinas Contoh.xlsx", src / "Renja Dinas Contoh (revisi).xlsx"
    set_mtime(orig, T0 + (7200 if newer == "original" else 0))
    set_mtime(rev, T0 + (7200 if newer == "revisi" else 0))
    out = tmp_path / "out"
    res = invoke(["run", src, "-o", out, "--csv", tmp_path / "csv"])
    assert res.exit_code == 0, res.output
    counted, other = (rev, orig) if newer == "revisi" else (orig, rev)
    opd = {r["Berkas"]: r for r in table(out / "rekap.xlsx", "Rekap OPD")}
    assert opd[counted.name]["Rata-rata capaian K (%)"] == agency
    s = ringkasan(out / "rekap.xlsx")
    assert s["region"] == {"Evaluasi Renja, Triwulan IV Tahun 2023": (128.75, "Sangat Tinggi", 1),
                           "Evaluasi Renja, Triwulan I Tahun 2024": region}
    assert s["ranking"]["Dinas Contoh"][0] == agency and len(s["ranking"]) == 2
    assert sum(s["predikat"].values()) == 3 + 2        # Dumai's 3 rows + one workbook's 2, not 3 + 4
    programs = table(out / "rekap.xlsx", "Per Program")
    contoh = [p for p in programs if p["Perangkat Daerah"] == "Dinas Contoh"]
    assert len(contoh) == 1 and contoh[0]["Capaian K (%)"] == 50
    with open(tmp_path / "csv" / "per_program.csv", encoding="utf-8") as fh:
        assert len(list(csv.DictReader(fh))) == len(programs)
    assert f'Hanya "{counted.name}" yang dihitung di rekap daerah (disimpan paling akhir); ' \
           f'"{other.name}" tetap dilengkapi tetapi tidak dihitung' in res.output, res.output


def test_saved_at_the_same_time_the_later_name_counts(two_versions, tmp_path):
    for p in two_versions.glob("*.xlsx"):
        set_mtime(p, T0)
    res = invoke(["run", two_versions, "-o", tmp_path / "out"])
    assert 'Hanya "Renja Dinas Contoh (revisi).xlsx" yang dihitung di rekap daerah (keduanya disimpan pada waktu ' \
           'yang sama; dipilih yang namanya urut terakhir)' in res.output, res.output
    assert ringkasan(tmp_path / "out" / "rekap.xlsx")["ranking"]["Dinas Contoh"][0] == 65.0


def test_other_forms_and_rounds_of_an_agency_are_not_duplicates(tmp_path):
    src = tmp_path / "input"
    src.mkdir()
    agency_workbook(src / "Renja TW I.xlsx", done=8)
    header = [["Perangkat Daerah : DINAS  CONTOH"], ["Periode Pelaksanaan : Triwulan II Tahun 2024"], []]
    e81_workbook(src / "Renja TW II.xlsx", [e81_row(1, "5.03.01.2.01.01", "Koordinasi", "Jumlah dokumen",
                                                    t8=(10, 100), q=((8, 50), (2, 50), (None, None), (None, None)))],
                 header=header)
    make_random_bytes(src / "Renja TW I (revisi).xlsx")     # a broken copy: fails, pushes nothing out
    res = invoke(["run", src, "-o", tmp_path / "out"])
    assert "workbook ganda" not in res.output, res.output
    opd = table(tmp_path / "out" / "rekap.xlsx", "Rekap OPD")
    assert [r["Catatan"] for r in opd] == [None, None, None]
    assert rr.read(tmp_path / "out").superseded == {}


def test_the_same_bytes_whatever_the_number_of_workers(two_versions, tmp_path):
    for i, p in enumerate(sorted(two_versions.glob("*.xlsx"))):
        set_mtime(p, T0 + i)
    shutil.copy2(two_versions / "Renja BKPSDM Dumai.xlsx", two_versions / "Renja BKPSDM Dumai (salinan).xlsx")
    make_dumai(two_versions / "Renja lain.xlsx", header=[["Perangkat Daerah : Dinas Lain"], []])
    digests = []
    for n in (1, 2):
        out = tmp_path / f"out{n}"
        assert invoke(["run", two_versions, "-o", out, "--workers", n]).exit_code == 0
        digests.append(sha256_tree(out))
    assert digests[0] == digests[1] and ".lkjip/putaran.json" in digests[0]
    assert len(rr.read(tmp_path / "out1").superseded) == 2


@pytest.mark.parametrize("recorded", [True, False], ids=["recorded", "old-folder"])
def test_the_multi_round_recap_counts_the_agency_once(two_versions, tmp_path, recorded):
    set_mtime(two_versions / "Renja Dinas Contoh.xlsx", T0)
    set_mtime(two_versions / "Renja Dinas Contoh (revisi).xlsx", T0 + 60)
    out = tmp_path / "out"
    assert invoke(["run", two_versions, "-o", out]).exit_code == 0
    if not recorded:
        shutil.rmtree(out / ".lkjip")
        for p in (out / "Renja Dinas Contoh.xlsx", out / "Renja Dinas Contoh (revisi).xlsx"):
            set_mtime(p, T0 if "revisi" not in p.name else T0 + 60)
    res = invoke(["rekap", out, "-o", tmp_path / "t.xlsx"])
    assert res.exit_code == 0, res.output
    progres = rows(tmp_path / "t.xlsx", "Progres OPD")
    # an old folder is split by the round its workbooks state (Dumai: TW IV 2023): find Dinas Contoh's column
    c = next(i for i, h in enumerate(progres[0]) if "TW I 2024" in (h or ""))
    assert {r[0]: r for r in progres[1:]}["Dinas Contoh"][c] == 65.0
    indicators = [r for r in rows(tmp_path / "t.xlsx", "Progres Indikator")[1:] if r[0] == "Dinas Contoh"]
    assert sorted((r[2], r[3 + c]) for r in indicators) == [("5.03.01", 50), ("5.03.01.2.01.01", 80)]
    putaran = {r[2]: r for r in rows(tmp_path / "t.xlsx", "Putaran")[1:]}
    # workbooks with a form in that column, and of them counted: the record's round holds all three
    assert putaran["I"][6:8] == ((3, 2) if recorded else (2, 1))
    if not recorded:
        assert "workbook ganda" in res.output, res.output


def test_watch_counts_the_agency_once_and_says_so(two_versions, tmp_path):
    inp = two_versions
    set_mtime(inp / "Renja Dinas Contoh.xlsx", T0)
    set_mtime(inp / "Renja Dinas Contoh (revisi).xlsx", T0 + 60)
    out = tmp_path / "keluar"
    lines: list[str] = []
    w = watch_mod.Watcher(inp, out, DEFAULT, settle=0.2, echo=lines.append)
    thread = threading.Thread(target=w.run)
    thread.start()
    try:
        end = time.monotonic() + 15
        while not (len(w.entries) == 3 and not w.pending and not w.rekap_dirty) and time.monotonic() < end:
            time.sleep(0.05)
    finally:
        w.stop()
        thread.join(15)
    text = "\n".join(lines)
    assert text.count("peringatan: workbook ganda") == 1, text
    assert ringkasan(out / "rekap.xlsx")["ranking"]["Dinas Contoh"][0] == 65.0
    assert rr.read(out).superseded == {"Renja Dinas Contoh.xlsx": "Renja Dinas Contoh (revisi).xlsx"}


@pytest.mark.parametrize("copy_name", ["Renja Dinas Contoh TW I 2024 (revisi).xlsx",
                                       "Renja Dinas Contoh TW I 2024 - Copy.xlsx",
                                       "Renja Dinas Contoh TW I 2024 (2).xlsx"])
def test_a_workbook_without_agency_is_known_by_its_file_name_without_the_copy_mark(tmp_path, copy_name):
    src = tmp_path / "input"
    src.mkdir()
    no_agency = [["EVALUASI TERHADAP HASIL RENJA"], []]
    for name, done in (("Renja Dinas Contoh TW I 2024.xlsx", 2), (copy_name, 8)):
        e81_workbook(src / name, [e81_row(1, "5.03.01.2.01.01", "Koordinasi", "Jumlah dokumen", t8=(10, 100),
                                          q=((done, 50),) + ((None, None),) * 3)], header=no_agency)
    set_mtime(src / "Renja Dinas Contoh TW I 2024.xlsx", T0)
    set_mtime(src / copy_name, T0 + 60)
    res = invoke(["run", src, "-o", tmp_path / "out"])
    assert f'Hanya "{copy_name}" yang dihitung' in res.output, res.output
    s = ringkasan(tmp_path / "out" / "rekap.xlsx")
    assert list(s["region"].values()) == [(80, "Tinggi", 1)]
    assert list(s["ranking"].values()) == [(80, "Tinggi", 1)]


def test_different_agencies_without_header_are_not_duplicates(tmp_path):
    src = tmp_path / "input"
    src.mkdir()
    for name in ("Renja Kecamatan A.xlsx", "Renja Kecamatan B.xlsx", "Renja Kecamatan Approval.xlsx"):
        e81_workbook(src / name, [e81_row(1, "5.03.01.2.01.01", "Koordinasi", "Jumlah dokumen", t8=(10, 100),
                                          q=((5, 50),) + ((None, None),) * 3)], header=[["EVALUASI RENJA"], []])
    res = invoke(["run", src, "-o", tmp_path / "out"])
    assert "workbook ganda" not in res.output, res.output
