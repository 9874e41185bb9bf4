"""`lkjip tautan`: one secret per agency of the roster and one for Bappeda's page, printed once, stored hashed,
revoked and renewed with --baru; and `lkjip serve` refusing a folder it cannot serve."""

from __future__ import annotations

import json

from tests.conftest import invoke
from tests.web_helpers import round_folder
from xlsx_lkjip.web.links import MONITOR, Links


def _lines(output: str) -> list[list[str]]:
    return [line.split("\t") for line in output.splitlines() if line.count("\t") == 2]


def test_tautan_prints_each_new_link_once_and_stores_only_hashes(tmp_path):
    root = round_folder(tmp_path / "putaran TW II")
    first = invoke(["tautan", str(root), "--alamat", "https://lkjip.contoh.go.id/"])
    assert first.exit_code == 0, first.output
    lines = _lines(first.output)
    assert [row[0] for row in lines] == [MONITOR, "BKPSDM", "DINKES", "DISDIK"]
    assert lines[1][1] == "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia"
    assert lines[0][2].startswith("https://lkjip.contoh.go.id/bappeda/")
    assert lines[1][2].startswith("https://lkjip.contoh.go.id/opd/")
    secrets = {row[0]: row[2].rsplit("/", 1)[1] for row in lines}
    assert len(set(secrets.values())) == 4 and all(len(s) >= 40 for s in secrets.values())
    stored = (root / ".lkjip" / "tautan.json").read_text(encoding="utf-8")
    assert not any(s in stored for s in secrets.values())
    assert {k: Links(root).who(s) for k, s in secrets.items()} == {k: k for k in secrets}
    # a second run makes nothing new: an old link cannot be printed again
    again = invoke(["tautan", str(root)])
    assert again.exit_code == 0 and _lines(again.output) == [] and "--baru KODE" in again.output
    # an agency added to the roster later gets its link, and only it
    with open(root / "lkjip.toml", "a", encoding="utf-8") as fh:
        fh.write('[[opd]]\nkode = "DISHUB"\nnama = "Dinas Perhubungan"\nformulir = ["renja"]\n')
    added = _lines(invoke(["tautan", str(root)]).output)
    assert [row[0] for row in added] == ["DISHUB"]


def test_tautan_baru_revokes_and_renews_one_link(tmp_path):
    root = round_folder(tmp_path / "putaran")
    old = {row[0]: row[2].rsplit("/", 1)[1] for row in _lines(invoke(["tautan", str(root)]).output)}
    renewed = invoke(["tautan", str(root), "--baru", "dinkes"])
    assert renewed.exit_code == 0, renewed.output
    [(kode, nama, url)] = _lines(renewed.output)
    assert (kode, nama) == ("DINKES", "Dinas Kesehatan")
    links = Links(root)
    assert links.who(old["DINKES"]) is None and links.who(url.rsplit("/", 1)[1]) == "DINKES"
    assert links.who(old["BKPSDM"]) == "BKPSDM"            # the others stay valid
    monitor = _lines(invoke(["tautan", str(root), "--baru", MONITOR]).output)
    assert monitor[0][0] == MONITOR and links.who(old[MONITOR]) == MONITOR   # (this object read before)
    assert Links(root).who(old[MONITOR]) is None
    unknown = invoke(["tautan", str(root), "--baru", "TIDAKADA"])
    assert unknown.exit_code == 2 and "TIDAKADA tidak ada di daftar" in unknown.output


def test_tautan_without_a_roster_makes_only_bappedas_link(tmp_path):
    (tmp_path / "input").mkdir()
    result = invoke(["tautan", str(tmp_path)])
    assert result.exit_code == 0
    assert [row[0] for row in _lines(result.output)] == [MONITOR] and "[[opd]]" in result.output


def test_a_roster_code_named_like_bappeda_gets_an_agency_link(tmp_path):
    root = round_folder(tmp_path / "p", agencies=[("BAPPEDA", "Badan Perencanaan Pembangunan Daerah")])
    lines = _lines(invoke(["tautan", str(root)]).output)
    assert [(row[0], row[2].split("/")[-2]) for row in lines] == [(MONITOR, "bappeda"), ("BAPPEDA", "opd")]


def test_serve_and_tautan_refuse_a_missing_folder(tmp_path):
    for command in ("serve", "tautan"):
        result = invoke([command, str(tmp_path / "tidak ada")])
        assert result.exit_code == 2 and "tidak ditemukan" in result.output


def test_links_file_is_json_of_hashes(tmp_path):
    root = round_folder(tmp_path / "p")
    invoke(["tautan", str(root)])
    data = json.loads((root / ".lkjip" / "tautan.json").read_text(encoding="utf-8"))
    assert set(data["tautan"]) == {MONITOR, "BKPSDM", "DINKES", "DISDIK"}
    assert all(len(v["sha256"]) == 64 and v["dibuat"] for v in data["tautan"].values())


def test_serve_refuses_the_input_folder_given_for_the_round_folder(tmp_path):
    root = round_folder(tmp_path / "putaran")
    result = invoke(["serve", str(root / "input")])
    assert result.exit_code == 2 and "bukan folder putaran" in result.output and str(root.resolve()) in result.output
