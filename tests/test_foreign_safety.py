"""Issue 13, hostile inputs for the new readers, like those for .xlsx (test_bad_packages.py): an .ods is a zip of
XML (no DTD or entities, size caps, no zip bombs, no billions of declared cells); an HTML "xls" expands no entity,
fetches nothing, is size- and depth-capped; an .xls that is cut short or lies about its structure fails cleanly,
and a sheet declaring a huge extent is refused before python-calamine allocates it.

Each file is completed in a child process, so its time and peak memory (Rust allocations included) are measured;
every one is refused with a message in Bahasa in bounded time and memory, and a batch holding it goes on.
"""

from __future__ import annotations

import json
import random
import struct
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.badfiles import LAUGHS, RawEntry, bomb_entry, is_passwd_leak, run_cli, write_raw_zip
from tests.conftest import PYTHON, make_dumai, sha256_tree, subprocess_env
from tests.foreign_files import ODS_MIMETYPE, ods_cell, ods_content, write_ods
from tests.xls_bytes import SECTOR, XlsSheet, biff_stream, fat_sector_offset, ole_file, xls_workbook

MB = 1 << 20
SECONDS = 20            # generous: the machines are shared; the measured times are far below (see README)
MEMORY = 300 * MB       # peak RSS of the child, interpreter and libraries included (~60 MB idle)

CHILD = r"""
import json, resource, sys, time
from xlsx_lkjip.api import complete_workbook

def peak_rss():
    # VmHWM: this process image's peak (ru_maxrss on Linux keeps the parent's peak across fork and exec)
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * (1 if sys.platform == "darwin" else 1024)

started = time.perf_counter()
r = complete_workbook(sys.argv[1], sys.argv[2])
print(json.dumps({"status": r.status, "seconds": time.perf_counter() - started, "rss": peak_rss(),
                  "problems": [[p.code, p.level, p.message] for p in r.problems],
                  "output": str(r.output) if r.output else None}))
"""


def complete_in_child(path: Path, out: Path) -> dict:
    proc = subprocess.run([PYTHON, "-c", CHILD, str(path), str(out)], capture_output=True, text=True,
                          timeout=120, env=subprocess_env())
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


def assert_refused(got: dict, code: str, *words: str) -> str:
    """Failed with one galat of `code` whose message holds `words`, within the time and memory bounds."""
    assert got["status"] == "gagal", got
    galat = [p for p in got["problems"] if p[1] == "galat"]
    assert [p[0] for p in galat] == [code], got["problems"]
    message = galat[0][2]
    for w in words:
        assert w in message, message
    assert got["seconds"] < SECONDS and got["rss"] < MEMORY, (got["seconds"], got["rss"] / MB)
    assert got["output"] is None
    return message


class Canary:
    """An HTTP server on 127.0.0.1 that records every request: a reader must never reach it."""

    def __init__(self):
        hits = self.hits = []

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                hits.append(self.path)
                self.send_response(200)
                self.end_headers()
                self.wfile.write(b"CANARY-CONTENT")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def canary():
    c = Canary()
    yield c
    c.close()


# -- .ods -------------------------------------------------------------------------------------------------

def _ods_table(body: str = "") -> str:
    return ('<table:table table:name="Form"><table:table-row>' + ods_cell("No") + ods_cell("Target")
            + "</table:table-row><table:table-row>" + ods_cell(1) + ods_cell(2.5) + "</table:table-row>"
            + body + "</table:table>")


def test_ods_billion_laughs_is_refused(tmp_path):
    content = ods_content(_ods_table().replace(ods_cell("No"), "<table:table-cell office:value-type=\"string\">"
                                               "<text:p>&lol9;</text:p></table:table-cell>"), prolog=LAUGHS)
    got = complete_in_child(write_ods(tmp_path / "tawa.ods", content), tmp_path / "out.xlsx")
    assert_refused(got, "unsafe-package", "content.xml", "DOCTYPE/ENTITY")
    assert "lollol" not in json.dumps(got)
    assert got["rss"] < 150 * MB


@pytest.mark.parametrize("part", ["content.xml", "styles.xml", "meta.xml"])
def test_ods_xxe_is_refused_and_never_resolved(tmp_path, canary, part):
    doctype = (f'<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY web SYSTEM "{canary.url}/xxe">'
               f'<!ENTITY % p SYSTEM "{canary.url}/param"> %p;]>')
    evil = f'<?xml version="1.0"?>{doctype}<office:document-styles>&xxe;&web;</office:document-styles>'
    if part == "content.xml":
        path = write_ods(tmp_path / "xxe.ods", ods_content(_ods_table(), prolog=doctype).replace("Target", "&xxe;&web;"))
    else:
        path = write_ods(tmp_path / "xxe.ods", ods_content(_ods_table()), {part: evil})
    got = complete_in_child(path, tmp_path / "out.xlsx")
    assert_refused(got, "unsafe-package", part, "DOCTYPE/ENTITY")
    assert not is_passwd_leak(json.dumps(got)) and "CANARY" not in json.dumps(got)
    assert canary.hits == []


@pytest.mark.parametrize("declared", [None, 1024])
def test_ods_zip_bomb_is_refused_before_inflating(tmp_path, declared):
    """content.xml of 300 MB of spaces (~300 KB on disk): refused from its declared size, or, when the header
    lies (declares 1 KB), when reading passes the declared size."""
    entries = [RawEntry("mimetype", ODS_MIMETYPE.encode(), 0, len(ODS_MIMETYPE), method=0),
               bomb_entry("content.xml", 300 * MB, declared)]
    import zlib
    entries[0] = RawEntry("mimetype", ODS_MIMETYPE.encode(), zlib.crc32(ODS_MIMETYPE.encode()), len(ODS_MIMETYPE),
                          method=0)
    path = write_raw_zip(tmp_path / "bom.ods", entries)
    assert path.stat().st_size < 1 * MB
    got = complete_in_child(path, tmp_path / "out.xlsx")
    assert_refused(got, "unsafe-package" if declared is None else "not-a-workbook", "content.xml")
    assert got["seconds"] < 5 and got["rss"] < 150 * MB, (got["seconds"], got["rss"] / MB)


def test_ods_declaring_billions_of_cells_is_refused_before_making_them(tmp_path):
    """A 1 KB content.xml declaring a value repeated over 1,048,576 rows x 16,384 columns (17 billion cells)."""
    rows = ('<table:table-row table:number-rows-repeated="1048576">'
            '<table:table-cell table:number-columns-repeated="16384" office:value-type="float" office:value="1"/>'
            '</table:table-row>')
    path = write_ods(tmp_path / "sel.ods", ods_content(f'<table:table table:name="a">{rows}</table:table>'))
    got = complete_in_child(path, tmp_path / "out.xlsx")
    assert_refused(got, "unsafe-package", "sel terisi")
    assert got["seconds"] < 3 and got["rss"] < 150 * MB


def test_ods_many_merges_and_deep_nesting_are_refused(tmp_path):
    row = "<table:table-row>" + (ods_cell("x", span=(1, 2)) + "<table:covered-table-cell/>") * 6000
    merges = (row + "</table:table-row>") * 10              # 60,000 merged ranges
    path = write_ods(tmp_path / "gabung.ods", ods_content(f'<table:table table:name="a">{merges}</table:table>'))
    assert_refused(complete_in_child(path, tmp_path / "o1.xlsx"), "unsafe-package", "sel gabungan")
    deep = ('<table:table-row><table:table-cell office:value-type="string"><text:p>' + "<text:span>" * 5000 + "x"
            + "</text:span>" * 5000 + "</text:p></table:table-cell></table:table-row>")
    path = write_ods(tmp_path / "dalam.ods", ods_content(f'<table:table table:name="a">{deep}</table:table>'))
    assert_refused(complete_in_child(path, tmp_path / "o2.xlsx"), "not-a-workbook", "content.xml")


@pytest.mark.parametrize("name", ["../luar.xml", "/mutlak.xml", "a\\b.xml"])
def test_ods_entry_names_escaping_the_package_are_refused(tmp_path, name):
    path = write_ods(tmp_path / "nama.ods", ods_content(_ods_table()), {name: "<x/>"})
    assert_refused(complete_in_child(path, tmp_path / "out.xlsx"), "unsafe-package", "tidak aman")


# -- HTML "xls" -------------------------------------------------------------------------------------------

def test_html_over_the_size_cap_is_refused(tmp_path):
    path = tmp_path / "besar.xls"
    row = "<tr>" + "<td>1.905.955.200</td>" * 20 + "</tr>\n"
    path.write_text("<table>" + row * (6 * MB // len(row)) + "</table>")
    got = complete_in_child(path, tmp_path / "out.xlsx")
    assert_refused(got, "unsafe-package", "lebih besar dari 5 MB")
    assert got["seconds"] < 3


def test_html_largest_accepted_page_stays_bounded(tmp_path):
    """Just under the cap: ~4.9 MB, 250,000 cells, read and written in bounded time and memory."""
    path = tmp_path / "hampir.xls"
    row = "<tr>" + "<td>1.905.955.200</td>" * 20 + "</tr>\n"
    path.write_text("<table>" + row * (int(4.9 * MB) // len(row)) + "</table>")
    got = complete_in_child(path, tmp_path / "out.xlsx")
    assert got["status"] == "gagal" and [p[0] for p in got["problems"] if p[1] == "galat"] == ["no-form"]
    assert got["seconds"] < SECONDS and got["rss"] < 600 * MB, (got["seconds"], got["rss"] / MB)


def test_html_entities_and_external_references_stay_inert(tmp_path, canary):
    page = (f'<!DOCTYPE html [{LAUGHS[len("<!DOCTYPE lolz ["):-2]}<!ENTITY f SYSTEM "file:///etc/passwd">'
            f'<!ENTITY w SYSTEM "{canary.url}/entity">]>'
            f'<html><head><link rel="stylesheet" href="{canary.url}/css"><script src="{canary.url}/js"></script>'
            f'<base href="{canary.url}/"><meta http-equiv="refresh" content="0;url={canary.url}/refresh"></head>'
            f'<body><iframe src="{canary.url}/frame"></iframe><table><tr><td>&lol9;&f;&w;'
            f'<img src="{canary.url}/img.png"><object data="{canary.url}/obj"></object></td>'
            f'<td>&amp;&lt;</td></tr></table><xi:include xmlns:xi="http://www.w3.org/2001/XInclude" '
            f'href="{canary.url}/xi"/></body></html>')
    path = tmp_path / "ramah.xls"
    path.write_text(page)
    got = complete_in_child(path, tmp_path / "out.xlsx")
    text = json.dumps(got)
    assert "lollollol" not in text and not is_passwd_leak(text) and "CANARY" not in text
    assert canary.hits == []
    assert [p[0] for p in got["problems"] if p[1] == "galat"] == ["no-form"]
    assert got["seconds"] < 5 and got["rss"] < 150 * MB
    from xlsx_lkjip.io.html_sheet import read_html
    g = read_html(path).sheets[0].grid
    assert g.value(1, 1) == "&lol9;&f;&w;" and g.value(1, 2) == "&<"


def test_html_nested_too_deep_is_refused(tmp_path):
    path = tmp_path / "dalam.xls"
    path.write_text("<table><tr><td>" + "<div>" * 100_000 + "x" + "</div>" * 100_000 + "</td></tr></table>")
    assert_refused(complete_in_child(path, tmp_path / "out.xlsx"), "unsafe-package", "bersarang terlalu dalam")


def test_html_huge_spans_stay_fast(tmp_path):
    """2,000 rows, each cell asking colspan=1000 rowspan=65534: spans are clamped, placement stays linear."""
    row = '<tr>' + '<td colspan="1000" rowspan="65534">x</td>' * 16 + "<td>1</td>" * 50 + "</tr>"
    path = tmp_path / "rentang.xls"
    path.write_text("<table>" + row * 2000 + "</table>")
    got = complete_in_child(path, tmp_path / "out.xlsx")
    assert got["status"] == "gagal" and got["seconds"] < SECONDS and got["rss"] < MEMORY, got


# -- .xls -------------------------------------------------------------------------------------------------

def _good_xls(rows: int = 400) -> bytes:
    cells = {(r, c): (r * 7 + c) * 1.25 if c % 2 else f"teks {r}-{c}" for r in range(rows) for c in range(8)}
    return xls_workbook([XlsSheet("Data", cells)])


@pytest.mark.parametrize("cut", ["half", "4k", "header"])
def test_xls_cut_short_fails_cleanly(tmp_path, cut):
    data = _good_xls()
    data = {"half": data[: len(data) // 2], "4k": data[:4096], "header": data[:300]}[cut]
    path = tmp_path / "potong.xls"
    path.write_bytes(data)
    assert_refused(complete_in_child(path, tmp_path / "out.xlsx"), "not-a-workbook", "terpotong atau rusak")


def test_xls_with_a_looping_fat_fails_cleanly(tmp_path):
    data = bytearray(_good_xls())
    off = fat_sector_offset(bytes(data))
    for k in range(SECTOR // 4):                 # every chain that passes sector 1 now loops on it
        if struct.unpack_from("<I", data, off + 4 * k)[0] < 0xFFFFFFFA:
            struct.pack_into("<I", data, off + 4 * k, 1)
    path = tmp_path / "putar.xls"
    path.write_bytes(bytes(data))
    assert_refused(complete_in_child(path, tmp_path / "out.xlsx"), "not-a-workbook", "berulang")


def test_xls_whose_header_lies_fails_cleanly(tmp_path):
    """The header claims 2^31 FAT sectors and a DIFAT chain through every sector: bounded by the file."""
    data = bytearray(_good_xls())
    struct.pack_into("<I", data, 44, 0x7FFFFFFF)          # number of FAT sectors
    struct.pack_into("<II", data, 68, 0, 0x7FFFFFFF)       # first DIFAT sector, number of DIFAT sectors
    struct.pack_into("<109I", data, 76, *([0] * 109))      # the same sector listed 109 times
    path = tmp_path / "bohong.xls"
    path.write_bytes(bytes(data))
    got = complete_in_child(path, tmp_path / "out.xlsx")
    assert_refused(got, "not-a-workbook", "rusak")
    assert got["rss"] < 150 * MB


def test_xls_garbage_after_the_header_and_random_bytes_fail_cleanly(tmp_path):
    rnd = random.Random(13)
    data = _good_xls()
    (tmp_path / "a.xls").write_bytes(data[:512] + rnd.randbytes(len(data) - 512))
    (tmp_path / "b.xls").write_bytes(rnd.randbytes(20_000))
    flipped = bytearray(data)
    for i in range(2048, len(flipped)):
        if rnd.random() < 0.02:
            flipped[i] = rnd.randrange(256)
    (tmp_path / "c.xls").write_bytes(bytes(flipped))
    for name in ("a.xls", "b.xls"):
        assert_refused(complete_in_child(tmp_path / name, tmp_path / "out.xlsx"), "not-a-workbook")
    got = complete_in_child(tmp_path / "c.xls", tmp_path / "out.xlsx")     # may still read: never a crash
    assert all(p[0] != "internal-error" for p in got["problems"]), got["problems"]
    assert got["seconds"] < SECONDS and got["rss"] < MEMORY


def test_xls_with_a_huge_extent_is_refused_before_calamine_allocates_it(tmp_path):
    """A1 and IV65536 filled: calamine alone takes 1.2 GB for it (a dense 65,536 x 256 array)."""
    path = tmp_path / "luas.xls"
    path.write_bytes(xls_workbook([XlsSheet("Luas", {(0, 0): "No", (65535, 255): 1.0})]))
    got = complete_in_child(path, tmp_path / "out.xlsx")
    assert_refused(got, "unsafe-package", "terlalu besar", "65536 baris x 256 kolom")
    assert got["seconds"] < 2 and got["rss"] < 150 * MB


def test_xls_password_protected_is_said_to_be(tmp_path):
    """A FILEPASS record (RC4 encryption) in the globals: the rest of the stream cannot be read."""
    stream = biff_stream([XlsSheet("A", {(0, 0): 1.0})])
    bof_end = 4 + struct.unpack_from("<H", stream, 2)[0]
    filepass = struct.pack("<HHH", 0x002F, 2, 1)          # FILEPASS, then the (garbage) encrypted records
    path = tmp_path / "sandi.xls"
    path.write_bytes(ole_file({"Workbook": stream[:bof_end] + filepass + stream[bof_end:]}))
    assert_refused(complete_in_child(path, tmp_path / "out.xlsx"), "encrypted", "kata sandi")


# -- a batch goes on ----------------------------------------------------------------------------------------

def test_a_batch_with_every_hostile_kind_goes_on(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    make_dumai(src / "A baik.xlsx")
    (src / "B potong.xls").write_bytes(_good_xls()[:4096])
    (src / "C luas.xls").write_bytes(xls_workbook([XlsSheet("Luas", {(0, 0): "No", (65535, 255): 1.0})]))
    write_ods(src / "D tawa.ods", ods_content(_ods_table(), prolog=LAUGHS))
    (src / "E dalam.xls").write_text("<table><tr><td>" + "<b>" * 5000 + "</td></tr></table>")
    before = sha256_tree(src)
    run = run_cli(src, out)
    assert sha256_tree(src) == before
    assert run.exit_code == 1 and run.status("A baik.xlsx") == "selesai", run.output
    for name in ("B potong.xls", "C luas.xls", "D tawa.ods", "E dalam.xls"):
        assert run.status(name) == "gagal", name
        galat = [p for p in run.problems(name) if p["Tingkat"] == "galat"]
        assert galat and all(p["Yang perlu dilakukan"] and p["Kode"] != "internal-error" for p in galat), galat
    assert {p.name for p in out.iterdir() if p.is_file()} == {"A baik.xlsx", "rekap.xlsx"}
