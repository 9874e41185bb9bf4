"""`lkjip serve` through Flask's test client: every page, the API, and every refusal (no secret, a wrong or
revoked one, another agency's file, odd names, too large, not a workbook, a zip bomb, XXE, no CSRF token, a
method not allowed), each refusal in Bahasa and leaving nothing behind."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from tests.web_helpers import require_web

require_web()


from markupsafe import escape

from tests.badfiles import (SHEET1, bomb_entry, form_workbook_xlsxwriter, is_passwd_leak, package_entries,
                            replace_entry, write_raw_zip, xxe_doctype)
from tests.web_helpers import (DUMAI_AVERAGE_TEXT, DUMAI_PREDIKAT, MONITOR, RANGE_CELL, good_workbook, links,
                               problem_workbook, round_folder, tree)
from tests.zipedit import read_entries, rewrite
from xlsx_lkjip.batch.run import check, result_json, run
from xlsx_lkjip.config import DEFAULT
from xlsx_lkjip.web.links import make_links
from xlsx_lkjip.web.reader import Reader
from xlsx_lkjip.web.server import open_round

MB = 1024 * 1024


def round_config(root: Path):
    """The settings `lkjip serve ROOT` runs with: ROOT/lkjip.toml and its roster."""
    from xlsx_lkjip.config import load_config
    from xlsx_lkjip.roster import with_roster
    return with_roster(load_config(root / "lkjip.toml"), root / "lkjip.toml")


@pytest.fixture(scope="module")
def reader():
    r = Reader(DEFAULT, workers=1)
    yield r
    r.close()


@pytest.fixture
def web(tmp_path, reader):
    root = round_folder(tmp_path / "putaran TW IV")
    secrets = links(root)
    rnd = open_round(root, round_config(root), root / "lkjip.toml", reader=reader, max_upload=2 * MB)
    rnd.client = rnd.app.test_client()
    rnd.secrets = secrets
    return rnd


def _bearer(secret: str) -> dict:
    return {"Authorization": f"Bearer {secret}"}


def _upload(web, kode: str, path: Path, filename: str | None = None):
    with open(path, "rb") as fh:
        return web.client.post("/api/unggah", headers=_bearer(web.secrets[kode]),
                                data={"berkas": (io.BytesIO(fh.read()), filename or path.name)})


def _csrf(page: bytes) -> str:
    return re.search(rb'name="csrf" value="([0-9a-f]+)"', page).group(1).decode()


def _text(resp) -> str:
    return resp.get_data(as_text=True)


def _nothing_left(web, before: list[str]) -> None:
    assert tree(web.folder) == before, "a refused request left files behind"


# -- the agency's page ---------------------------------------------------------------------------------------

def test_agency_page_upload_shows_what_check_shows(web, tmp_path):
    secret = web.secrets["BKPSDM"]
    page = web.client.get(f"/opd/{secret}")
    assert page.status_code == 200
    assert "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia" in _text(page) and "Belum ada unggahan" in _text(page)
    wb = problem_workbook(tmp_path / "Renja saya.xlsx")
    resp = web.client.post(f"/opd/{secret}/unggah", data={"csrf": _csrf(page.data),
                                                          "berkas": (open(wb, "rb"), "Renja saya.xlsx")})
    assert resp.status_code == 303 and resp.headers["Location"].endswith("?u=1")
    shown = _text(web.client.get(resp.headers["Location"]))
    assert 'id="formulir">Renja (sheet "Evaluasi"' in shown
    # "BKPSDM Kota Dumai" in the title: the roster's agency, by its code
    assert 'id="opd-terbaca">Badan Kepegawaian dan Pengembangan Sumber Daya Manusia<' in shown
    assert 'id="triwulan">IV<' in shown and 'id="tahun">2023<' in shown
    # the warning, with its cell and how to fix it, as `lkjip check` says it
    stored = check(web.folder / "input" / "BKPSDM Renja.xlsx", config=round_config(web.folder))[0]
    [problem] = [p for p in stored.problems if p.level != "info"]
    assert problem.cell == RANGE_CELL
    assert f"!{RANGE_CELL}</span>" in shown and str(escape(problem.message)) in shown
    assert str(escape(f"Perbaikan: {problem.fix}")) in shown
    capaian = re.search(r'id="capaian-K">([^<]*)<span class="predikat" id="predikat-K">([^<]*)<', shown)
    expected = result_json(stored)
    assert capaian.group(1).strip() == expected["average"]["K"].replace(".", ",") + " %"
    assert capaian.group(2) == expected["predikat"]["K"]
    assert "Unduh workbook lengkap" in shown and "Masalah (1)" in shown


def test_page_upload_by_fetch_answers_json(web, tmp_path):
    secret = web.secrets["BKPSDM"]
    token = _csrf(web.client.get(f"/opd/{secret}").data)
    resp = web.client.post(f"/opd/{secret}/unggah", headers={"Accept": "application/json"},
                           data={"csrf": token, "berkas": (open(good_workbook(tmp_path / "a.xlsx"), "rb"), "a.xlsx")})
    assert resp.status_code == 200
    assert resp.get_json()["status"] == "selesai" and resp.get_json()["id"] == 1


def test_api_answer_is_the_check_object_plus_status_and_berkas(web, tmp_path):
    resp = _upload(web, "BKPSDM", good_workbook(tmp_path / "x.xlsx"))
    assert resp.status_code == 200
    got = resp.get_json()
    assert got["status"] == "selesai" and got["berkas"] == "BKPSDM Renja.xlsx"
    assert got["average"]["K"] == "128.75" and got["predikat"]["K"] == DUMAI_PREDIKAT
    stored = web.folder / "input" / "BKPSDM Renja.xlsx"
    expected = json.loads(json.dumps(result_json(check(stored, config=round_config(web.folder))[0])))
    assert {k: v for k, v in got.items() if k not in ("status", "berkas", "diunggah", "id")} == \
        {k: v for k, v in expected.items() if k != "status"}
    assert expected["status"] == got["status"]


def test_completed_copy_is_what_lkjip_run_writes(web, tmp_path):
    _upload(web, "BKPSDM", problem_workbook(tmp_path / "x.xlsx"))
    copy = web.client.get(f"/opd/{web.secrets['BKPSDM']}/berkas/1/lengkap")
    assert copy.status_code == 200
    assert "BKPSDM Renja (lengkap).xlsx" in copy.headers["Content-Disposition"]
    out = tmp_path / "run_out"
    run(web.folder / "input", out, config=round_config(web.folder))
    assert copy.data == (out / "BKPSDM Renja.xlsx").read_bytes()


def test_new_upload_replaces_the_file_in_input_and_keeps_the_earlier(web, tmp_path):
    first = _upload(web, "BKPSDM", problem_workbook(tmp_path / "a.xlsx")).get_json()
    second = _upload(web, "BKPSDM", good_workbook(tmp_path / "b.xlsx")).get_json()
    assert (first["status"], second["status"]) == ("dengan peringatan", "selesai")
    assert tree(web.folder / "input") == ["BKPSDM Renja.xlsx"]
    assert (web.folder / "input" / "BKPSDM Renja.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()
    kept = [p for p in tree(web.folder / "unggahan") if not p.endswith("lengkap.xlsx")]
    assert len(kept) == 2 and (web.folder / "unggahan" / kept[0]).read_bytes() == (tmp_path / "a.xlsx").read_bytes()
    page = _text(web.client.get(f"/opd/{web.secrets['BKPSDM']}"))
    assert 'href="/opd/' in page and "?u=1" in page and "?u=2" in page
    # the list says which upload counts: the newer one; the earlier one was replaced (never "Renja", as if in use)
    used = re.findall(r'\?u=(\d+)">\d+</a>.*?<td data-label="Dipakai">([^<]*)</td>', page, re.S)
    assert used == [("2", "ya"), ("1", "tidak (ada yang lebih baru)")]
    # the earlier one's result is still there to read, and it says it is no longer the file in input/
    earlier = _text(web.client.get(f"/opd/{web.secrets['BKPSDM']}?u=1"))
    assert "selesai, ada peringatan" in earlier and "(digantikan unggahan yang lebih baru)" in earlier
    assert "(digantikan" not in _text(web.client.get(f"/opd/{web.secrets['BKPSDM']}?u=2"))


def test_agency_sees_only_its_own_files(web, tmp_path):
    _upload(web, "BKPSDM", good_workbook(tmp_path / "a.xlsx"))
    other = web.secrets["DINKES"]
    page = _text(web.client.get(f"/opd/{other}"))
    assert "Belum ada unggahan" in page and "BKPSDM Renja" not in page
    for jenis in ("asli", "lengkap"):
        resp = web.client.get(f"/opd/{other}/berkas/1/{jenis}")
        assert resp.status_code == 404 and "tidak ditemukan" in _text(resp)
    assert web.client.get(f"/opd/{other}?u=1").status_code == 404
    assert web.client.get(f"/opd/{web.secrets['BKPSDM']}/berkas/1/asli").status_code == 200


# -- Bappeda -------------------------------------------------------------------------------------------------

def test_bappeda_page_and_status_api(web, tmp_path):
    _upload(web, "BKPSDM", good_workbook(tmp_path / "a.xlsx"))
    _upload(web, "DINKES", problem_workbook(tmp_path / "b.xlsx", agency="Dinas Kesehatan"))
    page = web.client.get(f"/bappeda/{web.secrets[MONITOR]}")
    text = _text(page)
    assert page.status_code == 200
    assert "<strong>2 dari 3 OPD</strong> sudah mengirim" in text
    assert re.search(r'data-kode="DISDIK">.*?belum mengirim', text, re.S)
    assert "Dinas Pendidikan</strong> (DISDIK, Renja): belum mengirim" in text
    assert "Dinas Kesehatan</strong> (DINKES, Renja): 1 masalah perlu diperbaiki" in text
    assert DUMAI_AVERAGE_TEXT in text            # the figure as Indonesians write it
    assert re.search(r"\d{1,2} (Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|November|"
                     r"Desember) \d{4} pukul \d\d\.\d\d", text)
    assert 'http-equiv="refresh"' in text and 'name="viewport"' in text
    status = web.client.get("/api/status", headers=_bearer(web.secrets[MONITOR])).get_json()["status"]
    assert [(r["kode"], r["status"]) for r in status] == [("BKPSDM", "selesai"), ("DINKES", "ada peringatan"),
                                                          ("DISDIK", "belum mengirim")]
    assert status[0]["capaian"] == "128.75" and status[0]["berkas"] == "BKPSDM Renja.xlsx"


def test_bappeda_rekap_download(web, tmp_path):
    secret = web.secrets[MONITOR]
    missing = web.client.get(f"/bappeda/{secret}/rekap")
    assert missing.status_code == 404 and "Rekap belum ada" in _text(missing)
    _upload(web, "BKPSDM", good_workbook(tmp_path / "a.xlsx"))
    run(web.folder / "input", web.folder / "output", config=round_config(web.folder))   # what the rebuild runs
    resp = web.client.get(f"/bappeda/{secret}/rekap")
    assert resp.status_code == 200 and resp.data == (web.folder / "output" / "rekap.xlsx").read_bytes()
    page = _text(web.client.get(f"/bappeda/{secret}"))
    assert "Rata-rata capaian daerah" in page and "Unduh rekap.xlsx" in page


def test_downloads_from_a_round_folder_given_relative(tmp_path, reader, monkeypatch):
    """`lkjip serve` (FOLDER defaults to ".") or `lkjip serve putaran_tw2`: the sent file, the completed
    workbook and the rekap download from the round folder, not from the package's folder (a 500 before)."""
    root = round_folder(tmp_path / "putaran TW IV")
    secrets = links(root)
    monkeypatch.chdir(root)
    rnd = open_round(Path("."), round_config(root), Path("lkjip.toml"), reader=reader, max_upload=2 * MB)
    client = rnd.app.test_client()
    sent = good_workbook(tmp_path / "a.xlsx")
    with open(sent, "rb") as fh:
        up = client.post("/api/unggah", headers=_bearer(secrets["BKPSDM"]), data={"berkas": (fh, "a.xlsx")})
    assert up.status_code == 200
    asli = client.get(f"/opd/{secrets['BKPSDM']}/berkas/1/asli")
    assert asli.status_code == 200 and asli.data == sent.read_bytes()
    lengkap = client.get(f"/opd/{secrets['BKPSDM']}/berkas/1/lengkap")
    run(root / "input", root / "output", config=round_config(root))
    assert lengkap.status_code == 200 and lengkap.data == (root / "output" / "BKPSDM Renja.xlsx").read_bytes()
    rekap = client.get(f"/bappeda/{secrets[MONITOR]}/rekap")
    assert rekap.status_code == 200 and rekap.data == (root / "output" / "rekap.xlsx").read_bytes()


def test_static_files_are_served_with_their_types(web):
    css = web.client.get("/static/gaya.css")
    js = web.client.get("/static/unggah.js")
    assert css.status_code == 200 and css.mimetype == "text/css" and b".jatuh" in css.data
    assert js.status_code == 200 and "javascript" in js.mimetype and b"FormData" in js.data
    assert css.headers["X-Content-Type-Options"] == "nosniff"
    assert web.client.get("/static/tidak-ada.css").status_code == 404


def test_front_page_says_nothing_of_the_round(web):
    resp = web.client.get("/")
    assert resp.status_code == 200 and "tautan" in _text(resp) and "BKPSDM" not in _text(resp)


def test_security_headers_on_every_answer(web):
    for resp in (web.client.get("/"), web.client.get(f"/opd/{web.secrets['BKPSDM']}"),
                 web.client.get("/opd/salah"), web.client.post("/api/unggah")):
        h = resp.headers
        assert "frame-ancestors 'none'" in h["Content-Security-Policy"] and "script-src 'self'" in \
            h["Content-Security-Policy"]
        assert h["X-Content-Type-Options"] == "nosniff" and h["X-Frame-Options"] == "DENY"
        assert h["Referrer-Policy"] == "no-referrer" and h["Cache-Control"] == "no-store"


# -- refusals ------------------------------------------------------------------------------------------------

def test_no_secret_is_401(web, tmp_path):
    before = tree(web.folder)
    resp = web.client.post("/api/unggah", data={"berkas": (open(good_workbook(tmp_path / "a.xlsx"), "rb"), "a.xlsx")})
    assert resp.status_code == 401 and "Authorization" in resp.get_json()["pesan"]
    assert web.client.get("/api/status").status_code == 401
    assert web.client.get("/opd/").status_code == 404
    _nothing_left(web, before)


def test_wrong_secret_is_401(web, tmp_path):
    before = tree(web.folder)
    wrong = web.secrets["BKPSDM"][:-2] + "xx"
    resp = web.client.post("/api/unggah", headers=_bearer(wrong),
                           data={"berkas": (open(good_workbook(tmp_path / "a.xlsx"), "rb"), "a.xlsx")})
    assert resp.status_code == 401 and "Bappeda" in resp.get_json()["pesan"]
    page = web.client.get(f"/opd/{wrong}")
    assert page.status_code == 401 and "Tautan atau kunci akses tidak dikenal" in _text(page)
    # each kind of link opens only its own pages
    assert web.client.get(f"/bappeda/{web.secrets['BKPSDM']}").status_code == 401
    assert web.client.get(f"/opd/{web.secrets[MONITOR]}").status_code == 401
    assert web.client.get("/api/status", headers=_bearer(web.secrets["BKPSDM"])).status_code == 401
    assert web.client.post("/api/unggah", headers=_bearer(web.secrets[MONITOR])).status_code == 401
    _nothing_left(web, before)


def test_revoked_secret_is_401_and_the_new_one_works(web, tmp_path):
    old = web.secrets["BKPSDM"]
    [renewed] = make_links(web.folder, [("BKPSDM", "x")], renew="BKPSDM")
    assert renewed.secret != old
    assert web.client.get(f"/opd/{old}").status_code == 401
    assert _upload(web, "BKPSDM", good_workbook(tmp_path / "a.xlsx")).status_code == 401
    web.secrets["BKPSDM"] = renewed.secret
    assert web.client.get(f"/opd/{renewed.secret}").status_code == 200
    assert web.client.post("/api/unggah", headers=_bearer(old)).status_code == 401
    stored = (web.folder / ".lkjip" / "tautan.json").read_text(encoding="utf-8")
    assert renewed.secret not in stored and old not in stored       # only hashes are kept


@pytest.mark.parametrize("name", ["../../jahat.xlsx", "..\\..\\jahat.xlsx", "/etc/passwd", "C:\\Windows\\jahat.xlsx",
                                  "CON.xlsx", "nul", "jahat\x00.xlsx", ".lkjip/tautan.json", "😀 laporan?*:.xlsx",
                                  "a" * 300 + ".xlsx", ""])
def test_odd_file_names_never_reach_the_file_system(web, tmp_path, name):
    resp = _upload(web, "BKPSDM", good_workbook(tmp_path / "a.xlsx"), filename=name)
    assert resp.status_code == 200, resp.get_json()
    assert resp.get_json()["berkas"] == "BKPSDM Renja.xlsx"
    files = tree(web.folder)
    assert all(re.fullmatch(r"(\.lkjip/(tautan\.json|kunci_formulir|unggahan\.jsonl)|lkjip\.toml|"
                            r"input/BKPSDM Renja\.xlsx|unggahan/BKPSDM/00001 [0-9. -]+( lengkap)?\.xlsx)", f)
               for f in files), files
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.xlsx", "putaran TW IV"]


def test_path_traversal_in_the_address_is_404(web, tmp_path):
    _upload(web, "BKPSDM", good_workbook(tmp_path / "a.xlsx"))
    secret = web.secrets["BKPSDM"]
    for path in (f"/opd/{secret}/berkas/1/..%2F..%2F..%2Flkjip.toml", f"/opd/{secret}/berkas/..%2F1/asli",
                 f"/opd/{secret}/berkas/1/../../../lkjip.toml", "/static/..%2F..%2Fweb%2Fapp.py",
                 f"/opd/{secret}/berkas/-1/asli"):
        resp = web.client.get(path)
        assert resp.status_code in (404, 405), path
        assert b"[[opd]]" not in resp.data and b"def create_app" not in resp.data


def test_oversized_file_is_413_and_leaves_nothing(web, tmp_path):
    before = tree(web.folder)
    big = io.BytesIO(b"PK\x03\x04" + b"\0" * (3 * MB))
    resp = web.client.post("/api/unggah", headers=_bearer(web.secrets["BKPSDM"]), data={"berkas": (big, "besar.xlsx")})
    assert resp.status_code == 413 and "terlalu besar (batas 2 MB)" in resp.get_json()["pesan"]
    _nothing_left(web, before)


def test_oversized_body_without_length_is_caught_while_streaming(web):
    """A body whose size the request does not state: the intake stops at the limit, nothing is kept."""
    before = tree(web.folder)
    from xlsx_lkjip.web.intake import Refused
    with pytest.raises(Refused) as refused:
        web.intake.receive("BKPSDM", io.BytesIO(b"x" * (3 * MB)), 2 * MB)
    assert refused.value.status == 413
    _nothing_left(web, before)


@pytest.mark.parametrize("kind", ["pdf", "text", "docx", "empty"])
def test_not_a_workbook_is_415_and_leaves_nothing(web, tmp_path, kind):
    before = tree(web.folder)
    if kind == "docx":
        import zipfile
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as zf:
            zf.writestr("[Content_Types].xml", "<Types/>")
            zf.writestr("word/document.xml", "<w:document/>")
        data = buf.getvalue()
    else:
        data = {"pdf": b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\n", "text": b"Nama,Target\nA,1\n", "empty": b""}[kind]
    resp = web.client.post("/api/unggah", headers=_bearer(web.secrets["BKPSDM"]),
                           data={"berkas": (io.BytesIO(data), "laporan.xlsx")})
    assert resp.status_code == 415 and "bukan workbook" in resp.get_json()["pesan"] or \
        kind == "empty" and "kosong" in resp.get_json()["pesan"]
    _nothing_left(web, before)


def test_zip_bomb_is_refused_and_leaves_nothing(web, tmp_path):
    good = form_workbook_xlsxwriter(tmp_path / "good.xlsx")
    bomb = write_raw_zip(tmp_path / "bom.xlsx", replace_entry(package_entries(good), bomb_entry(SHEET1, 300 * MB)))
    assert bomb.stat().st_size < 2 * MB
    before = tree(web.folder)
    resp = _upload(web, "BKPSDM", bomb)
    assert resp.status_code == 422 and "tidak aman" in resp.get_json()["pesan"]
    _nothing_left(web, before)


def test_xxe_workbook_is_refused_leaks_nothing_and_leaves_nothing(web, tmp_path):
    path = form_workbook_xlsxwriter(tmp_path / "xxe.xlsx")
    xml = read_entries(path)["xl/sharedStrings.xml"].decode("utf-8")
    start = xml.index("<", xml.index("?>") + 2)
    xml = xml[:start] + xxe_doctype() + xml[start:].replace("<t>", "<t>&xxe;", 1)
    rewrite(path, {"xl/sharedStrings.xml": xml.encode("utf-8")})
    before = tree(web.folder)
    resp = _upload(web, "BKPSDM", path)
    assert resp.status_code == 422 and "tidak aman" in resp.get_json()["pesan"]
    assert not is_passwd_leak(_text(resp))
    _nothing_left(web, before)


def test_missing_or_wrong_csrf_token_is_refused(web, tmp_path):
    secret = web.secrets["BKPSDM"]
    wb = good_workbook(tmp_path / "a.xlsx")
    before = tree(web.folder)
    for data in ({"berkas": (open(wb, "rb"), "a.xlsx")}, {"csrf": "0" * 64, "berkas": (open(wb, "rb"), "a.xlsx")}):
        resp = web.client.post(f"/opd/{secret}/unggah", data=data)
        assert resp.status_code == 400 and "Token formulir" in _text(resp)
    # another agency's token does not open this agency's form
    other = _csrf(web.client.get(f"/opd/{web.secrets['DINKES']}").data)
    resp = web.client.post(f"/opd/{secret}/unggah", data={"csrf": other, "berkas": (open(wb, "rb"), "a.xlsx")})
    assert resp.status_code == 400
    _nothing_left(web, before)


def test_method_not_allowed_is_405_in_bahasa(web):
    assert web.client.get("/api/unggah").status_code == 405
    assert web.client.get("/api/unggah").get_json()["pesan"].startswith("Cara akses ini tidak diizinkan")
    assert web.client.delete(f"/opd/{web.secrets['BKPSDM']}").status_code == 405
    assert web.client.put("/api/status").status_code == 405
    assert web.client.get(f"/opd/{web.secrets['BKPSDM']}/unggah").status_code == 405


def test_another_agencys_workbook_is_refused(web, tmp_path):
    """A workbook whose title names another agency of the roster cannot be handed in through this link."""
    before = tree(web.folder)
    resp = _upload(web, "DINKES", good_workbook(tmp_path / "a.xlsx", agency="BKPSDM Kota Dumai"))
    assert resp.status_code == 422
    assert "milik Badan Kepegawaian dan Pengembangan Sumber Daya Manusia (BKPSDM)" in resp.get_json()["pesan"]
    _nothing_left(web, before)


def test_missing_field_is_400(web):
    resp = web.client.post("/api/unggah", headers=_bearer(web.secrets["BKPSDM"]),
                           data={"lain": (io.BytesIO(b"x"), "a.xlsx")})
    assert resp.status_code == 400 and "berkas" in resp.get_json()["pesan"]


# -- the uploads log across a restart -------------------------------------------------------------------------

def test_an_archived_upload_missing_from_the_log_is_processed_once_at_start(web, tmp_path, reader):
    _upload(web, "BKPSDM", problem_workbook(tmp_path / "a.xlsx"))
    _upload(web, "BKPSDM", good_workbook(tmp_path / "b.xlsx"))
    log = web.folder / ".lkjip" / "unggahan.jsonl"
    lines = log.read_bytes().splitlines(keepends=True)
    log.write_bytes(lines[0] + lines[1][:40])         # the second line cut by a crash
    (web.folder / "input" / "BKPSDM Renja.xlsx").write_bytes((tmp_path / "a.xlsx").read_bytes())
    again = open_round(web.folder, round_config(web.folder), web.folder / "lkjip.toml", reader=reader)
    assert sorted(again.intake.uploads) == [1]
    recovered = again.intake.recover()
    assert [u.id for u in recovered] == [2] and recovered[0].status == "selesai"
    assert (web.folder / "input" / "BKPSDM Renja.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()
    assert again.intake.recover() == []
    third = open_round(web.folder, round_config(web.folder), web.folder / "lkjip.toml", reader=reader)
    assert sorted(third.intake.uploads) == [1, 2] and third.intake.recover() == []
    assert len(log.read_bytes().splitlines()) == 2


# -- which file of the agency an upload replaces ----------------------------------------------------------------

def test_renja_and_pk_are_two_files_each_replaced_by_its_own_form(tmp_path, reader):
    from tests.pk_builders import build_pk

    root = round_folder(tmp_path / "putaran", forms=("renja", "pk"))
    secrets = links(root)
    rnd = open_round(root, round_config(root), root / "lkjip.toml", reader=reader)
    client = rnd.app.test_client()

    def send(path):
        return client.post("/api/unggah", headers=_bearer(secrets["BKPSDM"]),
                           data={"berkas": (io.BytesIO(path.read_bytes()), path.name)}).get_json()

    pk = tmp_path / "pk.xlsx"
    build_pk(pk, [{"sasaran": "Meningkatnya kualitas ASN", "indikator": "Indeks profesionalitas ASN", "satuan": "indeks",
                   "target": 80, "realisasi": [70, 72, 75, 78]}],
             title_rows=["PERJANJIAN KINERJA", "Perangkat Daerah : BKPSDM", "Triwulan IV Tahun 2023", None])
    assert send(good_workbook(tmp_path / "r1.xlsx"))["berkas"] == "BKPSDM Renja.xlsx"
    assert send(pk)["berkas"] == "BKPSDM PK.xlsx"
    assert send(problem_workbook(tmp_path / "r2.xlsx"))["berkas"] == "BKPSDM Renja.xlsx"
    assert tree(root / "input") == ["BKPSDM PK.xlsx", "BKPSDM Renja.xlsx"]
    assert (root / "input" / "BKPSDM Renja.xlsx").read_bytes() == (tmp_path / "r2.xlsx").read_bytes()
    # a workbook whose form cannot be read stands beside them, and leaves when a readable one comes
    broken = client.post("/api/unggah", headers=_bearer(secrets["BKPSDM"]),
                         data={"berkas": (io.BytesIO(b"PK\x03\x04" + b"rusak" * 50), "x.xlsx")}).get_json()
    assert broken["status"] == "gagal" and broken["berkas"] == "BKPSDM formulir tidak terbaca.xlsx"
    assert len(tree(root / "input")) == 3
    send(good_workbook(tmp_path / "r3.xlsx"))
    assert tree(root / "input") == ["BKPSDM PK.xlsx", "BKPSDM Renja.xlsx"]
    rows = client.get("/api/status", headers=_bearer(secrets[MONITOR])).get_json()["status"]
    assert [(r["formulir"], r["status"]) for r in rows if r["kode"] == "BKPSDM"] == [("Renja", "selesai"),
                                                                                   ("PK", "selesai")]


def test_a_rekap_lkjip_wrote_is_refused(web, tmp_path):
    _upload(web, "BKPSDM", good_workbook(tmp_path / "a.xlsx"))
    run(web.folder / "input", tmp_path / "out", config=round_config(web.folder))
    before = tree(web.folder)
    resp = _upload(web, "BKPSDM", tmp_path / "out" / "rekap.xlsx")
    assert resp.status_code == 422 and "rekap yang ditulis lkjip" in resp.get_json()["pesan"]
    _nothing_left(web, before)


def test_a_read_over_the_time_limit_is_refused_and_the_reader_recovers(tmp_path):
    """The child reading an upload is killed at the limit (here a limit no read can meet), the upload refused
    with nothing left behind, and the next read gets a new child."""
    root = round_folder(tmp_path / "putaran")
    secrets = links(root)
    slow = Reader(DEFAULT, workers=1, seconds=0.001)
    try:
        rnd = open_round(root, round_config(root), root / "lkjip.toml", reader=slow)
        client = rnd.app.test_client()
        before = tree(root)
        book = good_workbook(tmp_path / "a.xlsx").read_bytes()
        resp = client.post("/api/unggah", headers=_bearer(secrets["BKPSDM"]),
                           data={"berkas": (io.BytesIO(book), "a.xlsx")})
        assert resp.status_code == 422 and "melewati batas" in resp.get_json()["pesan"]
        assert tree(root) == before
        slow.seconds = 120
        resp = client.post("/api/unggah", headers=_bearer(secrets["BKPSDM"]),
                           data={"berkas": (io.BytesIO(book), "a.xlsx")})
        assert resp.status_code == 200 and resp.get_json()["status"] == "selesai"
    finally:
        slow.close()


def test_a_roster_broken_while_serving_keeps_the_last_good_one(web):
    secret = web.secrets[MONITOR]
    assert "Dinas Pendidikan" in _text(web.client.get(f"/bappeda/{secret}"))
    toml = web.folder / "lkjip.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + '\n[[opd]]\nkode = "BKPSDM"\nnama = "Kembar"\n', encoding="utf-8")
    page = web.client.get(f"/bappeda/{secret}")
    assert page.status_code == 200 and "Dinas Pendidikan" in _text(page) and "Kembar" not in _text(page)


def test_a_workbook_naming_no_agency_of_the_roster_is_kept_with_its_warning(web, tmp_path):
    """As `lkjip run` does: completed, not counted as the agency's until its title names it; the page says so."""
    resp = _upload(web, "DINKES", good_workbook(tmp_path / "a.xlsx", agency="Dinas Kesehatn"))
    assert resp.status_code == 200 and resp.get_json()["status"] == "dengan peringatan"
    page = _text(web.client.get(f"/opd/{web.secrets['DINKES']}"))
    assert "tidak ada di daftar OPD" in page and "Dinas Kesehatan (DINKES)" in page    # the closest agency named


def test_a_form_the_roster_does_not_ask_is_marked_so_on_the_page_as_in_the_sheet(web, tmp_path):
    """BKPSDM must send its Renja only, and sends a PK too: the rekap's Status OPD says "PK (tidak wajib)"; the
    Bappeda page said only "PK", as if it were asked (adversary of issue 24).  The API says `wajib`."""
    from openpyxl import load_workbook

    from tests.filled_templates import pk_workbook

    _upload(web, "BKPSDM", good_workbook(tmp_path / "a.xlsx"))
    pk = pk_workbook(tmp_path / "pk.xlsx", [{"indicator": "Jumlah laporan", "unit": "dokumen", "target": 4,
                                            "realisasi": [1, 1]}], opd="Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", triwulan="IV", tahun="2023")
    assert _upload(web, "BKPSDM", pk).status_code == 200
    run(web.folder / "input", web.folder / "output", config=round_config(web.folder))   # what the rebuild runs
    sheet = [r for r in load_workbook(web.folder / "output" / "rekap.xlsx")["Status OPD"].iter_rows(values_only=True)
             if r and r[0] == "BKPSDM"]
    assert sorted(r[2] for r in sheet) == ["PK (tidak wajib)", "Renja"]
    text = _text(web.client.get(f"/bappeda/{web.secrets[MONITOR]}"))
    assert re.search(r'data-kode="BKPSDM">.*?<td data-label="Formulir">PK \(tidak wajib\)</td>', text, re.S)
    assert re.search(r'data-kode="BKPSDM">.*?<td data-label="Formulir">Renja</td>', text, re.S)
    status = web.client.get("/api/status", headers=_bearer(web.secrets[MONITOR])).get_json()["status"]
    assert sorted((r["formulir"], r["wajib"]) for r in status if r["kode"] == "BKPSDM") == [("PK", False),
                                                                                           ("Renja", True)]
