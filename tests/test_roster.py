"""The roster (lkjip.toml [[opd]] or daftar_opd.xlsx): read, checked (errors name the lines), shown by
`lkjip opd`, and used to say which agency a workbook is: by kode, name or alias (case, spaces, punctuation
ignored), by the words of its file name when the workbook names none, never by a close match."""

from __future__ import annotations

import json
import re
from pathlib import Path

import openpyxl
import pytest

from tests.conftest import invoke
from tests.mini import e81_row, e81_workbook
from xlsx_lkjip.config import DEFAULT, DEFAULT_TOML, describe, load_config
from xlsx_lkjip.roster import Agency, RosterError, load_roster, normalise, with_roster

TOML = """\
triwulan = 1

[[opd]]
kode = "BKPSDM"
nama = "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia"
alias = ["BKD", "Badan Kepegawaian Daerah"]
formulir = ["renja", "pk"]

[[opd]]
kode = "DINKES"
nama = "Dinas Kesehatan"
formulir = ["Renja"]

[[opd]]
kode = "DISKOMINFO"
nama = "Dinas Komunikasi dan Informatika"
alias = ["Dinas Kominfo"]
"""


def write_toml(folder: Path, text: str = TOML) -> Path:
    path = folder / "lkjip.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_tables_are_read_with_their_lines(tmp_path):
    roster = load_roster(write_toml(tmp_path))
    assert [(a.kode, a.nama, a.alias, a.formulir, a.where) for a in roster.agencies] == [
        ("BKPSDM", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", ("BKD", "Badan Kepegawaian Daerah"),
         ("Renja", "PK"), "lkjip.toml baris 4"),
        ("DINKES", "Dinas Kesehatan", (), ("Renja",), "lkjip.toml baris 10"),
        ("DISKOMINFO", "Dinas Komunikasi dan Informatika", ("Dinas Kominfo",), (), "lkjip.toml baris 15")]
    # the settings themselves are untouched by the roster keys
    assert load_config(tmp_path / "lkjip.toml").triwulan == 1


def test_no_roster_is_none_and_changes_nothing(tmp_path):
    path = write_toml(tmp_path, "triwulan = 2\n")
    assert load_roster(path) is None and load_roster(None) is None
    config = with_roster(load_config(path), path)
    assert config.roster is None
    assert describe(config) == describe(load_config(path))


def test_duplicate_kode_and_shared_alias_are_errors_naming_both_lines(tmp_path):
    path = write_toml(tmp_path, TOML + '\n[[opd]]\nkode = "bkpsdm"\nnama = "Badan Lain"\n\n'
                                       '[[opd]]\nkode = "BPBD"\nnama = "Badan Penanggulangan Bencana Daerah"\n'
                                       'alias = ["B.K.D."]\n')
    with pytest.raises(RosterError) as caught:
        load_roster(path)
    assert caught.value.errors == [
        "lkjip.toml baris 4 dan baris 20: kode 'bkpsdm' dipakai dua OPD (Badan Kepegawaian dan Pengembangan Sumber "
        "Daya Manusia; Badan Lain); setiap OPD harus berkode lain",
        "lkjip.toml baris 4 dan baris 24: alias 'B.K.D.' (BPBD) sama dengan alias BKPSDM; satu nama hanya boleh "
        "milik satu OPD, hapus dari salah satunya"]
    result = invoke(["opd", "--config", path])
    assert result.exit_code == 1
    assert "Galat: lkjip.toml baris 4 dan baris 20: kode 'bkpsdm' dipakai dua OPD" in result.output
    assert "belum dapat dipakai: 2 galat" in result.output
    # and `run` refuses it the same way (exit 2, a setting error), before touching any workbook
    run = invoke(["run", tmp_path, "-o", tmp_path / "out", "--config", path])
    assert run.exit_code == 2 and "dipakai dua OPD" in run.output and not (tmp_path / "out").exists()


@pytest.mark.parametrize("extra, said", [
    ('[[opd]]\nkode = "X"\n', "lkjip.toml baris 20: nama OPD tidak ada (kode X)"),
    ('[[opd]]\nkode = "X"\nnama = "Y"\nformulir = ["lakip"]\n',
     "lkjip.toml baris 20: formulir 'lakip' tidak dikenal; pilih renja atau pk"),
    ('[[opd]]\nkode = "X"\nnama = "Y"\nsingkatan = "Z"\n',
     "lkjip.toml baris 20: pengaturan opd.singkatan tidak dikenal (yang dikenal: kode, nama, alias, formulir)"),
])
def test_a_wrong_table_names_its_line(tmp_path, extra, said):
    with pytest.raises(RosterError) as caught:
        load_roster(write_toml(tmp_path, TOML + "\n" + extra))
    assert caught.value.errors == [said]


def test_both_sources_is_an_error(tmp_path):
    with pytest.raises(RosterError, match="tidak keduanya"):
        load_roster(write_toml(tmp_path, 'daftar_opd = "daftar_opd.xlsx"\n' + TOML))


def roster_book(path: Path, rows: list[list]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Daftar OPD Kabupaten Contoh"])
    ws.append([])
    ws.append(["Kode", "Nama", "Alias", "Formulir"])
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def test_the_roster_workbook(tmp_path):
    roster_book(tmp_path / "daftar opd.xlsx", [
        ["BKPSDM", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", "BKD; Badan Kepegawaian Daerah",
         "renja; pk"],
        [None, None, None, None],
        ["DINKES", "Dinas Kesehatan", None, "renja"]])
    roster = load_roster(write_toml(tmp_path, 'daftar_opd = "daftar opd.xlsx"\n'))
    assert [(a.kode, a.alias, a.formulir, a.where) for a in roster.agencies] == [
        ("BKPSDM", ("BKD", "Badan Kepegawaian Daerah"), ("Renja", "PK"), "daftar opd.xlsx baris 4"),
        ("DINKES", (), ("Renja",), "daftar opd.xlsx baris 6")]
    result = invoke(["opd", "--config", tmp_path / "lkjip.toml"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "BKPSDM  Badan Kepegawaian dan Pengembangan Sumber Daya Manusia (formulir: Renja, PK; alias: BKD, Badan "
        "Kepegawaian Daerah)",
        "DINKES  Dinas Kesehatan (formulir: Renja)",
        f"Daftar OPD: 2 OPD, 3 formulir wajib per putaran, dari {tmp_path / 'daftar opd.xlsx'}. Tidak ada galat."]


def test_the_roster_workbook_errors_name_its_rows(tmp_path):
    roster_book(tmp_path / "daftar_opd.xlsx", [["A", "Dinas A", "DA", "renja"], ["B", "Dinas B", "da", "pk"]])
    with pytest.raises(RosterError) as caught:
        load_roster(write_toml(tmp_path, 'daftar_opd = "daftar_opd.xlsx"\n'))
    assert caught.value.errors == ["daftar_opd.xlsx baris 4 dan baris 5: alias 'da' (B) sama dengan alias A; satu "
                                   "nama hanya boleh milik satu OPD, hapus dari salah satunya"]
    with pytest.raises(RosterError, match="tidak ditemukan"):
        load_roster(write_toml(tmp_path, 'daftar_opd = "lain.xlsx"\n'))


def test_matching_by_kode_name_alias_normalised(tmp_path):
    roster = load_roster(write_toml(tmp_path))
    cases = {"BKPSDM": ("BKPSDM", "kode"), "b.k.p.s.d.m.": ("BKPSDM", "kode"),
             "badan  kepegawaian dan pengembangan sumber daya manusia": ("BKPSDM", "nama"),
             "BKD": ("BKPSDM", "alias"), "Badan Kepegawaian Daerah Kabupaten Sumenep": ("BKPSDM", "alias"),
             "DINAS KESEHATAN KOTA DUMAI": ("DINKES", "nama"), "Dinas Kominfo,": ("DISKOMINFO", "alias")}
    for written, (kode, by) in cases.items():
        m = roster.match(written, "apa saja.xlsx")
        assert (m.agency.kode, m.by) == (kode, by), written
    assert normalise("Dinas  Kominfo.") == "dinaskominfo"


def test_a_region_after_the_name_and_an_agency_folder(tmp_path):
    roster = load_roster(write_toml(tmp_path, TOML + '\n[[opd]]\nkode = "KEC-KOTA"\nnama = "Kecamatan Kota"\n'))
    assert roster.match("Kecamatan Kota Kabupaten Contoh").agency.kode == "KEC-KOTA"   # "Kota" inside the name
    assert roster.match("Dinas Kesehatan Pemerintah Kota Dumai").agency.kode == "DINKES"
    assert roster.match("Dinas Kesehatan Kota").agency is None     # "Kota" with no region after it: not a region
    assert roster.match("", "BKPSDM/renja tw1.xlsx").agency.kode == "BKPSDM"   # run --recursive, a folder per OPD


def test_general_settings_below_the_tables_say_where_they_belong(tmp_path):
    with pytest.raises(RosterError) as caught:
        load_roster(write_toml(tmp_path, TOML + 'triwulan = 2\n'))
    assert caught.value.errors == ["lkjip.toml baris 15: pengaturan opd.triwulan tidak dikenal (yang dikenal: kode, "
                                   "nama, alias, formulir); pengaturan umum seperti triwulan ditulis di atas bagian "
                                   "[[opd]] pertama"]


def test_a_close_name_is_never_taken(tmp_path):
    roster = load_roster(write_toml(tmp_path))
    m = roster.match("Dinas Kesehatan dan Keluarga Berencana", "Renja DINKES.xlsx")
    assert m.agency is None       # the file name does not decide for a workbook that names an agency
    assert [a.kode for a in m.closest] == ["DINKES"]
    m = roster.match("Badan Kepegawaian", "")
    assert m.agency is None and [a.kode for a in m.closest][0] == "BKPSDM"


def test_file_name_words_when_the_workbook_names_none(tmp_path):
    roster = load_roster(write_toml(tmp_path))
    assert roster.match("", "Renja_BKPSDM TW I 2024 (revisi).xlsx").agency.kode == "BKPSDM"
    assert roster.match("", "sub/Evaluasi Renja Dinas Kesehatan TW1.xlsx").agency.kode == "DINKES"
    # a word inside another word is not the word: "BKDx", "dinkes2"
    m = roster.match("", "Renja BKDX TW I.xlsx")
    assert m.agency is None
    # the longer name wins: "Dinas Kominfo" (two words) over nothing shorter; two equal: neither
    roster2 = load_roster(write_toml(tmp_path, TOML + '\n[[opd]]\nkode = "DISDIK"\nnama = "Dinas Pendidikan"\n'))
    m = roster2.match("", "Renja DISDIK DINKES.xlsx")
    assert m.agency is None and {a.kode for a in m.ambiguous} == {"DISDIK", "DINKES"}


def test_init_writes_the_commented_example_and_it_reads_back(tmp_path):
    assert "# [[opd]]" in DEFAULT_TOML and '# daftar_opd = "daftar_opd.xlsx"' in DEFAULT_TOML
    assert invoke(["init", tmp_path]).exit_code == 0
    text = (tmp_path / "lkjip.toml").read_text(encoding="utf-8")
    assert load_roster(tmp_path / "lkjip.toml") is None     # commented out: no roster
    uncommented = "\n".join(line[2:] if re.match(r"# (\[\[opd\]\]|(kode|nama|alias|formulir) = )", line) else line
                            for line in text.splitlines())
    path = write_toml(tmp_path, uncommented)
    assert load_config(path) == DEFAULT
    assert [a.kode for a in load_roster(path).agencies] == ["BKPSDM", "DINKES"]


def renja(path: Path, agency: str | None) -> Path:
    header = [["EVALUASI TERHADAP HASIL RENJA"], [f"Perangkat Daerah : {agency}" if agency else "Perangkat Daerah :"],
              ["Periode Pelaksanaan : Triwulan I Tahun 2024"], []]
    return e81_workbook(path, [e81_row(1, "1.01", "Program A", "Indikator A", t8=(10, 1000), q=((5, 500),) +
                                       ((None, None),) * 3)], header=header)


def test_run_names_each_workbook_by_the_roster(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    renja(src / "a.xlsx", "BKD")
    renja(src / "Renja DINKES TW I.xlsx", None)
    renja(src / "c.xlsx", "Dinas Kesehatan dan KB")
    toml = write_toml(tmp_path)
    result = invoke(["run", src, "-o", tmp_path / "out", "--config", toml])
    assert result.exit_code == 0, result.output
    doc = json.loads((tmp_path / "out" / ".lkjip" / "putaran.json").read_text(encoding="utf-8"))
    assert [(w["name"], w["agency"], w.get("kode")) for w in doc["workbooks"]] == [
        ("a.xlsx", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", "BKPSDM"),
        ("c.xlsx", "Dinas Kesehatan dan KB", None),
        ("Renja DINKES TW I.xlsx", "Dinas Kesehatan", "DINKES")]
    assert ("c.xlsx: selesai, ada peringatan" in result.output and
            "Perangkat Daerah \"Dinas Kesehatan dan KB\" tidak ada di daftar OPD (yang mirip: Dinas Kesehatan "
            "(DINKES)); workbook tetap dilengkapi, tetapi tidak tercatat sebagai kiriman OPD mana pun"
            in result.output)
    masalah = list(openpyxl.load_workbook(tmp_path / "out" / "rekap.xlsx")["Masalah"].iter_rows(values_only=True))
    codes = {(r[0], r[6]) for r in masalah[1:]}
    assert ("c.xlsx", "agency-not-in-roster") in codes
    assert ("Renja DINKES TW I.xlsx", "agency-from-file-name") in codes
    # `lkjip check` says the same for a single file
    check = invoke(["check", src / "c.xlsx", "--config", toml])
    assert "tidak ada di daftar OPD" in check.output


def test_agency_is_a_plain_record(tmp_path):
    a = Agency("X", "Dinas X")
    assert a.names == ("X", "Dinas X") and a.formulir_text == "salah satu"


def test_ampersand_and_a_sipd_unit_code_are_the_same_name(tmp_path):
    """"Dinas Komunikasi & Informatika" is "Dinas Komunikasi dan Informatika"; a SIPD export writes the unit code
    before the name ("1.02.0.00.0.00.01.0000 - DINAS KESEHATAN"): the same agency, never "not in the roster"."""
    src = tmp_path / "in"
    src.mkdir()
    renja(src / "a.xlsx", "Dinas Komunikasi & Informatika")
    renja(src / "b.xlsx", "1.02.0.00.0.00.01.0000 - DINAS KESEHATAN Kabupaten Sumenep")
    renja(src / "c.xlsx", "2.16.2.20.2.21.01.0000 Dinas Kominfo")
    renja(src / "Renja Dinas Pemuda & Olahraga.xlsx", None)
    toml = write_toml(tmp_path, TOML + '\n[[opd]]\nkode = "DISPORA"\nnama = "Dinas Pemuda dan Olahraga"\n')
    result = invoke(["run", src, "-o", tmp_path / "out", "--config", toml])
    assert result.exit_code == 0, result.output
    assert "tidak ada di daftar OPD" not in result.output
    doc = json.loads((tmp_path / "out" / ".lkjip" / "putaran.json").read_text(encoding="utf-8"))
    assert [(w["name"], w.get("kode")) for w in doc["workbooks"]] == [
        ("a.xlsx", "DISKOMINFO"), ("b.xlsx", "DINKES"), ("c.xlsx", "DISKOMINFO"),
        ("Renja Dinas Pemuda & Olahraga.xlsx", "DISPORA")]
    roster = load_roster(toml)
    # a number that is not a unit code stays part of the name; a close name is still never taken
    assert roster.match("2 Dinas Kesehatan").agency is None
    assert roster.match("1.02 Dinas Kesehatan Hewan").agency is None


def test_a_failed_workbook_is_never_said_to_be_completed_anyway(tmp_path):
    """A file that cannot be read, whose name names no agency of the roster: the roster's warning said
    "workbook tetap dilengkapi" (completed anyway) for a file that was not completed at all."""
    src = tmp_path / "in"
    src.mkdir()
    renja(src / "Renja DINKES TW I.xlsx", None)
    (src / "rusak.xlsx").write_bytes(b"PK\x03\x04 bukan workbook")
    result = invoke(["run", src, "-o", tmp_path / "out", "--config", write_toml(tmp_path)])
    assert result.exit_code == 1, result.output
    assert "rusak.xlsx: gagal" in result.output and "Tidak cocok dengan daftar OPD (1 berkas): rusak.xlsx" in result.output
    assert not (tmp_path / "out" / "rusak.xlsx").exists()
    masalah = list(openpyxl.load_workbook(tmp_path / "out" / "rekap.xlsx")["Masalah"].iter_rows(values_only=True))
    roster_lines = [r for r in masalah[1:] if r[0] == "rusak.xlsx" and r[6] == "agency-not-in-roster"]
    assert len(roster_lines) == 1
    said = " ".join(str(c) for c in roster_lines[0] if c)
    assert "tidak tercatat sebagai kiriman OPD mana pun" in said and "tetap dilengkapi" not in said, said
