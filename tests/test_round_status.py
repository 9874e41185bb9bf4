"""The round as Bappeda runs it, with a roster of 40 agencies: a round folder of 33 workbooks (two of one
agency, one failing, three under other names, one of an agency not in the roster) gives the rekap's "Status
OPD" sheet, the Ringkasan's count, the console's missing agencies, `run --json`, the feedback files, the round
record and `lkjip rekap` over two rounds, each checked cell by cell against what the test built."""

from __future__ import annotations

import json
import os
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from tests.conftest import invoke, make_random_bytes
from tests.mini import e81_row, e81_workbook
from tests.pk_builders import build_pk
from xlsx_lkjip.config import PERMENDAGRI_86

AGENCIES = [
    ("SETDA", "Sekretariat Daerah"), ("SETWAN", "Sekretariat DPRD"), ("INSPEKTORAT", "Inspektorat Daerah"),
    ("BAPPEDA", "Badan Perencanaan Pembangunan Daerah"), ("BPKAD", "Badan Pengelolaan Keuangan dan Aset Daerah"),
    ("BAPENDA", "Badan Pendapatan Daerah"), ("BKPSDM", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia"),
    ("BPBD", "Badan Penanggulangan Bencana Daerah"), ("KESBANGPOL", "Badan Kesatuan Bangsa dan Politik"),
    ("DISDIK", "Dinas Pendidikan"), ("DINKES", "Dinas Kesehatan"),
    ("DPUPR", "Dinas Pekerjaan Umum dan Penataan Ruang"), ("DISPERKIM", "Dinas Perumahan dan Kawasan Permukiman"),
    ("SATPOLPP", "Satuan Polisi Pamong Praja"), ("DINSOS", "Dinas Sosial"), ("DISNAKER", "Dinas Tenaga Kerja"),
    ("DP3A", "Dinas Pemberdayaan Perempuan dan Perlindungan Anak"), ("DKP", "Dinas Ketahanan Pangan"),
    ("DLH", "Dinas Lingkungan Hidup"), ("DISDUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil"),
    ("DPMD", "Dinas Pemberdayaan Masyarakat dan Desa"),
    ("DPPKB", "Dinas Pengendalian Penduduk dan Keluarga Berencana"), ("DISHUB", "Dinas Perhubungan"),
    ("DISKOMINFO", "Dinas Komunikasi dan Informatika"), ("DISKOPUKM", "Dinas Koperasi dan Usaha Kecil Menengah"),
    ("DPMPTSP", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu"), ("DISPORA", "Dinas Pemuda dan Olahraga"),
    ("DISPAR", "Dinas Pariwisata"), ("DISPUSIP", "Dinas Perpustakaan dan Kearsipan"),
    ("DKP2", "Dinas Kelautan dan Perikanan"), ("DISTAN", "Dinas Pertanian"),
    ("DISPERINDAG", "Dinas Perindustrian dan Perdagangan"), ("DISBUD", "Dinas Kebudayaan"),
    ("DAMKAR", "Dinas Pemadam Kebakaran"), ("RSUD", "Rumah Sakit Umum Daerah"), ("KEC-KOTA", "Kecamatan Kota"),
    ("KEC-UTARA", "Kecamatan Utara"), ("KEC-SELATAN", "Kecamatan Selatan"), ("KEC-TIMUR", "Kecamatan Timur"),
    ("KEC-BARAT", "Kecamatan Barat")]
NAME = dict(AGENCIES)
ALIASES = {"BKPSDM": ["BKD", "Badan Kepegawaian Daerah"], "DISKOMINFO": ["Dinas Kominfo", "Diskominfo"],
           "DINKES": ["Dinkes"]}
FORMS = {"BAPPEDA": ["renja", "pk"], "DISDIK": ["pk"]}
# Round 2 renames DISKOMINFO; its old name becomes an alias: the kode keeps it one agency across rounds.
RENAMED = "Dinas Komunikasi, Informatika dan Statistik"
T0 = 1_712_000_000     # early April 2024


def roster_toml(folder: Path, renamed: bool = False) -> Path:
    lines = []
    for kode, nama in AGENCIES:
        alias = list(ALIASES.get(kode, []))
        if renamed and kode == "DISKOMINFO":
            alias.append(nama)
            nama = RENAMED
        lines += ["[[opd]]", f'kode = "{kode}"', f'nama = "{nama}"']
        if alias:
            lines.append("alias = [" + ", ".join(f'"{a}"' for a in alias) + "]")
        lines.append("formulir = [" + ", ".join(f'"{f}"' for f in FORMS.get(kode, ["renja"])) + "]")
        lines.append("")
    path = folder / "lkjip.toml"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def capaian(k: int) -> int:
    """The capaian each agency's workbook gets (its realisasi of a target of 100): distinct per agency."""
    return 40 + k


def renja(path: Path, agency: str | None, realisasi: int, tw: str = "I") -> Path:
    header = [["EVALUASI TERHADAP HASIL RENJA"], [f"Perangkat Daerah : {agency}" if agency else "Perangkat Daerah :"],
              [f"Periode Pelaksanaan : Triwulan {tw} Tahun 2024"], []]
    q = [(None, None)] * 4
    q[["I", "II"].index(tw)] = (realisasi, 500)
    return e81_workbook(path, [e81_row(1, "1.01", "Program A", "Indikator A", t6=(400, 4000), t8=(100, 1000),
                                       q=tuple(q))], header=header)


def pk(path: Path, agency: str, realisasi: int, tw: str = "I") -> Path:
    build_pk(path, [{"sasaran": "Sasaran A", "indikator": "Indikator A", "satuan": "%", "target": 100,
                     "realisasi": [realisasi] if tw == "I" else [None, realisasi]}],
             title_rows=["PERJANJIAN KINERJA", f"Perangkat Daerah : {agency}", f"Triwulan {tw} Tahun 2024", None])
    return path


def stamp(path: Path, minute: int) -> datetime:
    os.utime(path, (T0 + 60 * minute, T0 + 60 * minute))
    return datetime.fromtimestamp(T0 + 60 * minute)


def k_of(kode: str) -> int:
    return [k for k, _ in AGENCIES].index(kode)


PLAIN_1 = ["SETDA", "SETWAN", "INSPEKTORAT", "BAPPEDA", "BPKAD", "BAPENDA", "BPBD", "KESBANGPOL", "DPUPR",
           "DISPERKIM", "SATPOLPP", "DISNAKER", "DP3A", "DKP", "DLH", "DISDUKCAPIL", "DPMD", "DPPKB", "DISHUB",
           "DISKOPUKM", "DPMPTSP", "DISPORA", "DISPAR", "DISPUSIP", "DKP2", "DISTAN"]


def round_one(folder: Path) -> dict:
    """33 workbooks; returns what each expected row must show: kode/form -> (status, files, saved, problems,
    capaian).  Files are saved a minute apart, in the order written."""
    folder.mkdir()
    made: dict[tuple, tuple] = {}
    minute = 0

    def saved(path):
        nonlocal minute
        minute += 1
        return stamp(path, minute)

    for kode in PLAIN_1:   # 26 agencies, each naming itself by its roster name
        name = f"Evaluasi Renja {kode} TW I 2024.xlsx"
        when = saved(renja(folder / name, NAME[kode], capaian(k_of(kode))))
        made[(kode, "Renja")] = ("selesai", [name], when, 0, capaian(k_of(kode)))
    # two of one agency: the revision saved later is the one shown (and counted)
    revisi = "Evaluasi Renja SETDA TW I 2024 (revisi).xlsx"
    when = saved(renja(folder / revisi, NAME["SETDA"], 77))
    made[("SETDA", "Renja")] = ("ganda", [revisi, "Evaluasi Renja SETDA TW I 2024.xlsx"], when, 0, 77)
    # a PK (the only form DISDIK must send)
    when = saved(pk(folder / "PK DISDIK TW I 2024.xlsx", NAME["DISDIK"], 88))
    made[("DISDIK", "PK")] = ("selesai", ["PK DISDIK TW I 2024.xlsx"], when, 0, 88)
    # one failing: not a workbook at all; its file name says whose (and which form)
    failing = "Renja DINSOS TW I 2024.xlsx"
    make_random_bytes(folder / failing)
    made[("DINSOS", "Renja")] = ("gagal", [failing], saved(folder / failing), 1, None)
    # three under other names: an alias with the region, an alias, and no agency line (the file name says)
    for kode, written, name in (("BKPSDM", "BKD Kabupaten Contoh", "Renja kepegawaian.xlsx"),
                                ("DISKOMINFO", "Dinas Kominfo", "Renja kominfo.xlsx"),
                                ("DINKES", None, "Renja DINKES TW I 2024.xlsx")):
        when = saved(renja(folder / name, written, capaian(k_of(kode))))
        made[(kode, "Renja")] = ("selesai", [name], when, 0, capaian(k_of(kode)))
    # one of an agency not in the roster (a typo of DISBUD's name): completed, never taken for DISBUD
    saved(renja(folder / "Renja budaya.xlsx", "Dinas Kebudayan", 61))
    assert len(list(folder.iterdir())) == 33
    return made


def predikat(value) -> str:
    return PERMENDAGRI_86.label(Decimal(value)) if value is not None else None


def expected_status_sheet(made: dict) -> list[tuple]:
    rows = [("Kode", "Nama", "Formulir", "Status", "Berkas", "Disimpan", "Masalah", "Capaian (%)", "Predikat")]
    for kode, nama in AGENCIES:
        for form in [{"renja": "Renja", "pk": "PK"}[f] for f in FORMS.get(kode, ["renja"])]:
            if (kode, form) not in made:
                rows.append((kode, nama, form, "belum mengirim", None, None, None, None, None))
                continue
            status, files, when, problems, value = made[(kode, form)]
            berkas = files[0] + (f" (juga: {'; '.join(files[1:])})" if len(files) > 1 else "")
            rows.append((kode, nama, form, status, berkas, when.strftime("%Y-%m-%d %H:%M"), problems,
                         value, predikat(value)))
    return rows


def sheet(path: Path, name: str) -> list[tuple]:
    return list(openpyxl.load_workbook(path)[name].iter_rows(values_only=True))


MISSING_1 = ["Badan Perencanaan Pembangunan Daerah (PK)", "Dinas Perindustrian dan Perdagangan", "Dinas Kebudayaan",
             "Dinas Pemadam Kebakaran", "Rumah Sakit Umum Daerah", "Kecamatan Kota", "Kecamatan Utara",
             "Kecamatan Selatan", "Kecamatan Timur", "Kecamatan Barat"]


@pytest.fixture(scope="module")
def first_round(tmp_path_factory):
    base = tmp_path_factory.mktemp("putaran")
    made = round_one(base / "tw1")
    toml = roster_toml(base)
    result = invoke(["run", base / "tw1", "-o", base / "out1", "--config", toml, "--umpan-balik", base / "fb1"])
    return base, made, toml, result


def test_status_sheet_cell_by_cell(first_round):
    base, made, _, result = first_round
    assert result.exit_code == 1, result.output     # one workbook failed
    rekap = base / "out1" / "rekap.xlsx"
    assert openpyxl.load_workbook(rekap).sheetnames[:3] == ["Ringkasan", "Status OPD", "Rekap OPD"]
    rows = sheet(rekap, "Status OPD")
    unknown = ("", "Dinas Kebudayan", "Renja", "tidak ada di daftar OPD", "Renja budaya.xlsx",
               datetime.fromtimestamp(T0 + 60 * 33).strftime("%Y-%m-%d %H:%M"), 1, 61, "Rendah")
    assert rows == expected_status_sheet(made) + [tuple(None if v == "" else v for v in unknown)]
    assert len(rows) == 1 + 41 + 1       # 40 agencies, BAPPEDA twice (Renja and PK), the unmatched file


def test_ringkasan_and_console(first_round):
    base, _, _, result = first_round
    ringkasan = sheet(base / "out1" / "rekap.xlsx", "Ringkasan")
    assert ringkasan[9][0] == "30 dari 40 OPD sudah mengirim (rincian di sheet Status OPD)."
    lines = result.output.splitlines()
    assert "Status OPD: 30 dari 40 OPD sudah mengirim." in lines
    assert "Tidak cocok dengan daftar OPD (1 berkas): Renja budaya.xlsx" in lines
    assert f"Belum mengirim (10 OPD): {'; '.join(MISSING_1)}" == lines[-1]
    assert any(line.endswith("] Renja budaya.xlsx: selesai, ada peringatan (1 baris; rata-rata capaian K 61,00 % "
                             "(Rendah); 1 peringatan)") for line in lines)
    assert "Perangkat Daerah \"Dinas Kebudayan\" tidak ada di daftar OPD (yang mirip: Dinas Kebudayaan (DISBUD))" \
        in result.output


def test_record_keeps_the_status_and_the_kode(first_round):
    base, made, _, _ = first_round
    doc = json.loads((base / "out1" / ".lkjip" / "putaran.json").read_text(encoding="utf-8"))
    status = doc["opd_status"]
    assert (status["opd"], status["sudah_mengirim"]) == (40, 30)
    assert [m["nama"] + (f" ({', '.join(m['formulir'])})" if m["formulir"] else "")
            for m in status["belum_mengirim"]] == MISSING_1
    sheet_rows = expected_status_sheet(made)[1:]
    assert [(r["kode"], r["formulir"], r["status"], r["berkas"][:1], r["masalah"] if r["berkas"] else None)
            for r in status["baris"][:-1]] == \
        [(x[0], x[2], x[3], [x[4].split(" (juga: ")[0]] if x[4] else [], x[6]) for x in sheet_rows]
    kodes = {w["name"]: w.get("kode") for w in doc["workbooks"]}
    assert kodes["Renja kepegawaian.xlsx"] == "BKPSDM" and kodes["Renja kominfo.xlsx"] == "DISKOMINFO"
    assert kodes["Renja DINSOS TW I 2024.xlsx"] == "DINSOS" and kodes["Renja budaya.xlsx"] is None
    agencies = {a["agency"]: a.get("kode") for a in doc["agencies"]}
    assert agencies["Badan Kepegawaian dan Pengembangan Sumber Daya Manusia"] == "BKPSDM"


def test_run_json_carries_the_status_rows(first_round, tmp_path):
    base, _, toml, _ = first_round
    result = invoke(["run", base / "tw1", "-o", tmp_path / "out", "--config", toml, "--json"])
    doc = json.loads(result.output)
    recorded = json.loads((base / "out1" / ".lkjip" / "putaran.json").read_text(encoding="utf-8"))["opd_status"]
    assert doc["status_opd"]["baris"] == recorded["baris"]
    assert doc["status_opd"]["sudah_mengirim"] == 30
    assert len(doc["workbooks"]) == 33 and doc["workbooks"][0]["kode"] == "BAPENDA"


def test_feedback_files(first_round):
    base, made, _, result = first_round
    fb = base / "fb1"
    names = sorted(p.name for p in fb.iterdir())
    assert names == sorted([f"Umpan balik {k} TW I 2024.xlsx" for k, _ in AGENCIES] +
                           ["Daftar tindak lanjut TW I 2024.xlsx"])
    assert "Umpan balik: 40 berkas OPD dan Daftar tindak lanjut TW I 2024.xlsx di " in result.output
    setda = sheet(fb / "Umpan balik SETDA TW I 2024.xlsx", "Umpan balik")
    assert setda[0][0] == "Umpan balik monitoring kinerja, TW I 2024"
    assert setda[1][0] == "Perangkat Daerah: Sekretariat Daerah (SETDA)"
    assert setda[2][0] == "Semua formulir sudah diterima."
    assert setda[5][:7] == ("Renja", "ganda", "Evaluasi Renja SETDA TW I 2024 (revisi).xlsx (juga: Evaluasi Renja "
                            "SETDA TW I 2024.xlsx)", made[("SETDA", "Renja")][2].strftime("%Y-%m-%d %H:%M"), 0, 77,
                            predikat(77))
    assert setda[5][7].startswith("Ada lebih dari satu berkas")
    assert setda[8][0] == "Tidak ada masalah."
    bappeda = sheet(fb / "Umpan balik BAPPEDA TW I 2024.xlsx", "Umpan balik")
    assert bappeda[2][0] == "Belum mengirim: PK. Tidak ada masalah."
    assert [r[:2] for r in bappeda[5:7]] == [("Renja", "selesai"), ("PK", "belum mengirim")]
    dinsos = sheet(fb / "Umpan balik DINSOS TW I 2024.xlsx", "Umpan balik")
    assert dinsos[5][:2] == ("Renja", "gagal")
    assert dinsos[9][:3] == ("Renja DINSOS TW I 2024.xlsx", None, "galat")
    assert dinsos[9][4], "a galat carries its fix"
    kec = sheet(fb / "Umpan balik KEC-BARAT TW I 2024.xlsx", "Umpan balik")
    assert kec[2][0] == "Belum mengirim: Renja." and kec[5][:2] == ("Renja", "belum mengirim")
    chase = sheet(fb / "Daftar tindak lanjut TW I 2024.xlsx", "Tindak lanjut")
    assert chase[1][0] == f"30 dari 40 OPD sudah mengirim. Belum mengirim: {'; '.join(MISSING_1)}."
    rows = [r for r in chase[4:] if r[0] is not None or r[1] is not None]
    assert [(r[0], r[2], r[3]) for r in rows] == [
        ("SETDA", "Renja", "ganda"), ("BAPPEDA", "PK", "belum mengirim"), ("DINSOS", "Renja", "gagal"),
        ("DISPERINDAG", "Renja", "belum mengirim"), ("DISBUD", "Renja", "belum mengirim"),
        ("DAMKAR", "Renja", "belum mengirim"), ("RSUD", "Renja", "belum mengirim"),
        ("KEC-KOTA", "Renja", "belum mengirim"), ("KEC-UTARA", "Renja", "belum mengirim"),
        ("KEC-SELATAN", "Renja", "belum mengirim"), ("KEC-TIMUR", "Renja", "belum mengirim"),
        ("KEC-BARAT", "Renja", "belum mengirim"), (None, "Renja", "tidak ada di daftar OPD")]
    assert rows[2][6].startswith("[galat] ") and rows[-1][6].startswith("[peringatan] ")


def test_rekap_over_two_rounds(first_round):
    base, made, _, _ = first_round
    tw2 = base / "tw2"
    tw2.mkdir()
    sent_2 = {"SETDA": 70, "BAPPEDA": 71, "DISBUD": 72, "DISKOMINFO": 73, "BKPSDM": 74}
    for kode, value in sent_2.items():
        written = {"DISKOMINFO": "Diskominfo", "BKPSDM": "Badan Kepegawaian Daerah"}.get(kode, NAME[kode])
        renja(tw2 / f"Renja {kode} TW II.xlsx", written, value, tw="II")
    pk(tw2 / "PK BAPPEDA TW II.xlsx", NAME["BAPPEDA"], 90, tw="II")
    toml2 = roster_toml(base / "tw2", renamed=True)
    (base / "tw2" / "lkjip.toml").rename(base / "lkjip2.toml")
    result = invoke(["run", tw2, "-o", base / "out2", "--config", base / "lkjip2.toml"])
    assert result.exit_code == 0, result.output
    assert "Status OPD: 5 dari 40 OPD sudah mengirim." in result.output
    rekap = invoke(["rekap", base / "out1", base / "out2", "-o", base / "tahunan.xlsx"])
    assert rekap.exit_code == 0, rekap.output
    rows = sheet(base / "tahunan.xlsx", "Status OPD")
    assert rows[0] == ("Kode", "Nama", "Formulir", "Status TW I 2024 (out1)", "Status TW II 2024 (out2)")
    expected = []
    for kode, nama in AGENCIES:
        for form in [{"renja": "Renja", "pk": "PK"}[f] for f in FORMS.get(kode, ["renja"])]:
            one = made[(kode, form)][0] if (kode, form) in made else "belum mengirim"
            two = "selesai" if kode in sent_2 and (form == "Renja" or kode == "BAPPEDA") else "belum mengirim"
            expected.append((kode, RENAMED if kode == "DISKOMINFO" else nama, form, one, two))
    assert rows[1:41 + 1] == expected
    assert rows[-1] == (None, "OPD sudah mengirim", None, "30 dari 40 OPD sudah mengirim",
                        "5 dari 40 OPD sudah mengirim")
    # one agency, one row, across rounds, under its latest roster name: the kode is its identity
    progres = {r[0]: r[1:3] for r in sheet(base / "tahunan.xlsx", "Progres OPD")[1:] if r[0]}
    assert progres[RENAMED] == (capaian(k_of("DISKOMINFO")), 73)
    assert progres[NAME["BKPSDM"]] == (capaian(k_of("BKPSDM")), 74)
    assert "Dinas Komunikasi dan Informatika" not in progres and "Dinas Kominfo" not in progres
    assert toml2 == base / "tw2" / "lkjip.toml"


def test_watch_keeps_the_status_too(tmp_path):
    """`lkjip watch` with the roster: its rekap has the Status OPD sheet and its record the status."""
    import threading
    import time

    from xlsx_lkjip.batch import watch as watch_mod
    from xlsx_lkjip.config import load_config
    from xlsx_lkjip.roster import with_roster

    toml = roster_toml(tmp_path)
    config = with_roster(load_config(toml), toml)
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    renja(inp / "Renja setda.xlsx", NAME["SETDA"], 50)
    renja(inp / "Renja DINKES TW I 2024.xlsx", None, 60)
    lines: list[str] = []
    w = watch_mod.Watcher(inp, out, config, settle=0.2, echo=lines.append)
    thread = threading.Thread(target=w.run)
    thread.start()
    try:
        end = time.monotonic() + 60
        while not ((out / ".lkjip" / "putaran.json").is_file() and not w.pending and not w.rekap_dirty) \
                and time.monotonic() < end:
            time.sleep(0.05)
    finally:
        w.stop()
        thread.join(60)
    doc = json.loads((out / ".lkjip" / "putaran.json").read_text(encoding="utf-8"))
    assert (doc["command"], doc["opd_status"]["sudah_mengirim"], doc["opd_status"]["opd"]) == ("watch", 2, 40)
    rows = {(r[0], r[2]): r[3] for r in sheet(out / "rekap.xlsx", "Status OPD")[1:]}
    assert rows[("SETDA", "Renja")] == "selesai" and rows[("DINKES", "Renja")] == "selesai"
    assert rows[("BAPPEDA", "PK")] == "belum mengirim" and len(rows) == 41


def test_feedback_needs_the_roster_and_stays_out_of_the_input(first_round, tmp_path):
    base, _, toml, _ = first_round
    no_roster = invoke(["run", base / "tw1", "-o", tmp_path / "a", "--umpan-balik", tmp_path / "fb"])
    assert no_roster.exit_code == 2 and "--umpan-balik memerlukan daftar OPD" in no_roster.output
    inside = invoke(["run", base / "tw1", "-o", tmp_path / "b", "--config", toml, "--umpan-balik", base / "tw1" / "fb"])
    assert inside.exit_code == 2 and "tidak boleh berada di dalam folder INPUT" in inside.output
    assert not (base / "tw1" / "fb").exists() and not (tmp_path / "b").exists()


def test_any_one_form_asked_and_both_sent_is_not_ganda(tmp_path):
    """An agency the roster asks no particular form of (a daftar_opd.xlsx without a Formulir column) that sends
    its Renja and its PK has sent two forms, not one form twice: a row per form, neither "ganda" (whose advice
    is to delete one); two Renja of such an agency still are."""
    toml = tmp_path / "lkjip.toml"
    toml.write_text('[[opd]]\nkode = "DISPORA"\nnama = "Dinas Pemuda dan Olahraga"\n\n'
                    '[[opd]]\nkode = "DISPAR"\nnama = "Dinas Pariwisata"\n', encoding="utf-8")
    src = tmp_path / "in"
    src.mkdir()
    stamp(renja(src / "Renja Dispora.xlsx", "Dinas Pemuda dan Olahraga", 60), 1)
    stamp(pk(src / "PK Dispora.xlsx", "Dinas Pemuda dan Olahraga", 90), 2)
    stamp(renja(src / "Renja Dispar.xlsx", "Dinas Pariwisata", 70), 3)
    stamp(renja(src / "Renja Dispar revisi.xlsx", "Dinas Pariwisata", 80), 4)
    result = invoke(["run", src, "-o", tmp_path / "out", "--config", toml, "--json"])
    assert result.exit_code == 0, result.output
    rows = [r[:5] for r in sheet(tmp_path / "out" / "rekap.xlsx", "Status OPD")[1:]]
    assert rows == [("DISPORA", "Dinas Pemuda dan Olahraga", "Renja", "selesai", "Renja Dispora.xlsx"),
                    ("DISPORA", "Dinas Pemuda dan Olahraga", "PK", "selesai", "PK Dispora.xlsx"),
                    ("DISPAR", "Dinas Pariwisata", "salah satu", "ganda",
                     "Renja Dispar revisi.xlsx (juga: Renja Dispar.xlsx)")]
    capaian = {r[2]: r[7] for r in sheet(tmp_path / "out" / "rekap.xlsx", "Status OPD")[1:] if r[0] == "DISPORA"}
    assert capaian == {"Renja": 60, "PK": 90}     # each form's own figure
    status = json.loads(result.output)["status_opd"]
    assert status["sudah_mengirim"] == 2 and [(r["kode"], r["formulir"], r["status"]) for r in status["baris"]] == [
        ("DISPORA", "Renja", "selesai"), ("DISPORA", "PK", "selesai"), ("DISPAR", "", "ganda")]
