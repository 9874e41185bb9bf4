"""Issue 5, hostile packages: zip bombs, entity declarations (billion laughs, XXE), absurd dimensions, a million
styled rows, path traversal and duplicate entry names.  Every file is made here as real bytes; a good workbook
sits next to the bad one so the batch is seen to go on."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import tracemalloc
import zipfile
import zlib
from pathlib import Path

import pytest

from tests.badfiles import (SHEET1, ROW9_CAPAIAN, billion_laughs_sst, bomb_entry,
                            capaian, form_workbook, form_workbook_xlsxwriter, guard, is_passwd_leak, package_entries,
                            raw_entry, replace_entry, run_cli, sheet_rows, summary, temp_files, workbook_text,
                            write_raw_zip, xxe_doctype)
from tests.conftest import PYTHON, invoke, subprocess_env
from tests.zipedit import read_entries, rewrite
from xlsx_lkjip.api import GAGAL, complete_workbook
from xlsx_lkjip.config import Config
from xlsx_lkjip.batch.watch_results import file_sha256

__all__ = ["guard"]   # the fixture, imported so pytest sees it

MB = 1 << 20
PASSWD = Path("/etc/passwd")


def _folder(tmp_path: Path, guard, bad_name: str, make_bad) -> tuple[Path, Path]:
    """INPUT with one good workbook and one bad one (made by `make_bad(path, good)`), watched by the guard."""
    src = tmp_path / "in"
    src.mkdir()
    good = form_workbook(src / "A baik.xlsx")
    make_bad(src / bad_name, good)
    guard.watch(src)
    return src, tmp_path / "out"


def _assert_refused(run, name: str, codes=("unsafe-package",)) -> list[dict]:
    """The bad file failed with a structured problem (never an internal error); the good one completed."""
    assert run.exit_code == 1, run.output
    assert f"{name}: gagal" in run.output, run.output
    assert summary(run.output) == (1, 0, 1, 2)
    assert run.status(name) == GAGAL and run.status("A baik.xlsx") == "selesai"
    problems = run.problems(name)
    assert problems, run.masalah
    assert all(p["Tingkat"] == "galat" and p["Yang perlu dilakukan"] for p in problems), problems
    assert {p["Kode"] for p in problems} <= set(codes), problems
    return problems


def _measured(fn):
    """(result, seconds, peak Python allocation in bytes) of fn()."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        result = fn()
    finally:
        seconds = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return result, seconds, peak


# -- zip bombs ---------------------------------------------------------------------------------------------

def test_bomb_with_honest_declared_size_is_refused_before_inflating(tmp_path, guard):
    """300 MB of spaces (~300 KB on disk) declared as such: over the 200 MB default cap, refused from the header."""
    def make(path, good):
        write_raw_zip(path, replace_entry(package_entries(good), bomb_entry(SHEET1, 300 * MB)))

    src, out = _folder(tmp_path, guard, "B bom.xlsx", make)
    assert (src / "B bom.xlsx").stat().st_size < 1 * MB
    run, seconds, peak = _measured(lambda: run_cli(src, out))
    problems = _assert_refused(run, "B bom.xlsx")
    assert any("terlalu besar" in p["Pesan"] for p in problems), problems
    assert seconds < 10 and peak < 50 * MB, (seconds, peak)
    print(f"\nhonest 300 MB bomb through the CLI: {seconds:.2f} s, Python peak {peak / MB:.1f} MB")
    assert not (out / "B bom.xlsx").exists()


def test_bomb_declared_size_crafted_in_the_header_only(tmp_path, guard):
    """A tiny entry whose headers claim ~4 GB: refused from the declared size, nothing inflated."""
    def make(path, good):
        extra = raw_entry("xl/media/image1.png", b"\x89PNG tiny")
        extra.size = 0xFFFFFFF0
        write_raw_zip(path, package_entries(good) + [extra])

    src, out = _folder(tmp_path, guard, "B header.xlsx", make)
    run = run_cli(src, out)
    _assert_refused(run, "B header.xlsx")


def test_many_small_entries_over_the_package_cap(tmp_path, guard):
    """600 entries of 1 MB each (~1 KB compressed each): 600 MB > the 500 MB package cap."""
    def make(path, good):
        bombs = [bomb_entry(f"xl/media/pad{i}.bin", 1 * MB) for i in range(600)]
        write_raw_zip(path, package_entries(good) + bombs)

    src, out = _folder(tmp_path, guard, "B banyak.xlsx", make)
    assert (src / "B banyak.xlsx").stat().st_size < 2 * MB
    run, seconds, peak = _measured(lambda: run_cli(src, out))
    problems = _assert_refused(run, "B banyak.xlsx")
    assert any("terlalu besar" in p["Pesan"] for p in problems), problems
    assert seconds < 10 and peak < 50 * MB, (seconds, peak)


@pytest.mark.parametrize("entries, why", [
    ([("xl/media/big.bin", 8 * MB)], "one entry over max_entry_size"),
    ([(f"xl/media/p{i}.bin", 900 * 1024) for i in range(6)], "entries together over max_package_size"),
])
def test_lowered_caps_through_config(tmp_path, guard, entries, why):
    (tmp_path / "in").mkdir()
    good = form_workbook(tmp_path / "in" / "baik.xlsx")
    bad = write_raw_zip(tmp_path / "in" / "bom.xlsx", package_entries(good) + [bomb_entry(n, s) for n, s in entries])
    guard.watch(tmp_path / "in")
    config = Config(max_entry_size=1 * MB, max_package_size=4 * MB)
    result, seconds, peak = _measured(lambda: complete_workbook(bad, tmp_path / "out" / "bom.xlsx", config))
    assert result.status == GAGAL, why
    assert [p.code for p in result.problems] == ["unsafe-package"], result.problems
    assert result.problems[0].fix
    assert seconds < 2 and peak < 4 * MB, (seconds, peak)
    assert not (tmp_path / "out" / "bom.xlsx").exists()
    # the same caps leave an ordinary workbook alone
    assert complete_workbook(good, tmp_path / "out" / "baik.xlsx", config).status == "selesai"


def _lying(path: Path, good: Path, declared: int) -> Path:
    """sheet1.xml replaced by 300 MB of spaces whose headers declare only `declared` bytes."""
    return write_raw_zip(path, replace_entry(package_entries(good), bomb_entry(SHEET1, 300 * MB, declared=declared)))


def _complete_lying(tmp_path: Path, guard):
    """A good workbook and a lying bomb (declared 1000 bytes) in a watched INPUT; the bomb completed with a
    32 MB entry cap.  Returns (result, seconds, Python peak)."""
    (tmp_path / "in").mkdir()
    good = form_workbook(tmp_path / "in" / "baik.xlsx")
    bad = _lying(tmp_path / "in" / "bohong.xlsx", good, declared=1000)
    guard.watch(tmp_path / "in")
    config = Config(max_entry_size=32 * MB, max_package_size=64 * MB)
    return _measured(lambda: complete_workbook(bad, tmp_path / "out" / "bohong.xlsx", config))


def test_bomb_with_lying_size_is_refused_and_reading_stops_at_the_cap(tmp_path, guard):
    """Declared 1 KB, inflates to 300 MB: reading never goes past the entry cap (here 32 MB)."""
    result, seconds, peak = _complete_lying(tmp_path, guard)
    assert result.status == GAGAL
    assert result.problems and all(p.level == "galat" and p.code != "internal-error" for p in result.problems)
    assert seconds < 5 and peak < 3 * 32 * MB, (seconds, peak)
    print(f"\nlying entry, cap 32 MB: {seconds:.2f} s, Python peak {peak / MB:.1f} MB")
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_bomb_with_lying_size_inflates_no_more_than_declared(tmp_path, guard):
    result, _seconds, peak = _complete_lying(tmp_path, guard)
    assert result.status == GAGAL
    assert peak < 4 * MB, f"peak {peak / MB:.1f} MB for an entry declared as 1000 bytes"


@pytest.mark.parametrize("crc", ["of the 300 MB", "forged for the declared 1000 bytes"])
def test_bomb_with_lying_size_through_the_cli(tmp_path, guard, crc):
    """The lying entry (declared 1000 bytes, inflates to 300 MB) next to a good workbook, default caps, through
    `lkjip run`: refused as a damaged part, read no further than the declared size, the batch goes on."""
    def make(path, good):
        if crc == "of the 300 MB":
            _lying(path, good, declared=1000)
        else:
            entry = bomb_entry(SHEET1, 300 * MB, declared=1000)
            entry.crc = zlib.crc32(b" " * 1000)
            write_raw_zip(path, replace_entry(package_entries(good), entry))

    src, out = _folder(tmp_path, guard, "B bohong.xlsx", make)
    assert (src / "B bohong.xlsx").stat().st_size < 1 * MB
    run, seconds, peak = _measured(lambda: run_cli(src, out))
    problems = _assert_refused(run, "B bohong.xlsx", codes=("not-a-workbook",))
    assert "B bohong.xlsx: gagal: bagian xl/worksheets/sheet1.xml rusak" in run.output, run.output
    assert all("sheet1.xml rusak" in p["Pesan"] for p in problems), problems
    assert "A baik.xlsx: selesai (3 baris;" in run.output, run.output
    assert capaian(out / "A baik.xlsx", 9) == ROW9_CAPAIAN
    assert not (out / "B bohong.xlsx").exists()
    assert seconds < 10 and peak < 50 * MB, (seconds, peak)
    print(f"\nlying entry through the CLI (crc {crc}): {seconds:.2f} s, Python peak {peak / MB:.1f} MB")


# -- entity declarations ------------------------------------------------------------------------------------

def _with_doctype(xml: bytes, doctype: str, use: str | None = None) -> bytes:
    """Insert `doctype` before the root element; optionally put `use` (e.g. "&xxe;") into the first <t> or <v>."""
    text = xml.decode("utf-8")
    start = text.index("<", text.index("?>") + 2) if text.startswith("<?xml") else 0
    text = text[:start] + doctype + text[start:]
    if use:
        for tag in ("<t>", "<t xml:space=\"preserve\">", "<v>"):
            if tag in text:
                text = text.replace(tag, tag + use, 1)
                break
    return text.encode("utf-8")


@pytest.mark.parametrize("part", ["xl/sharedStrings.xml", SHEET1])
def test_billion_laughs_is_refused(tmp_path, guard, part):
    def make(path, good):
        form_workbook_xlsxwriter(path)
        if part == "xl/sharedStrings.xml":
            rewrite(path, {part: billion_laughs_sst()})
        else:
            from tests.badfiles import LAUGHS
            rewrite(path, {part: _with_doctype(read_entries(path)[part], LAUGHS, "&lol9;")})

    src, out = _folder(tmp_path, guard, "B tawa.xlsx", make)
    run, seconds, peak = _measured(lambda: run_cli(src, out))
    problems = _assert_refused(run, "B tawa.xlsx")
    assert any("DOCTYPE" in p["Pesan"] or "ENTITY" in p["Pesan"] for p in problems), problems
    assert seconds < 10 and peak < 50 * MB
    assert "lollollol" not in run.output


def _xxe(part: str):
    def make(path, good):
        form_workbook_xlsxwriter(path)
        rewrite(path, {part: _with_doctype(read_entries(path)[part], xxe_doctype(), "&xxe;")})
    return make


PARSED_PARTS = ["xl/sharedStrings.xml", SHEET1, "xl/workbook.xml", "xl/styles.xml", "xl/_rels/workbook.xml.rels",
                "_rels/.rels"]
UNPARSED_PARTS = ["[Content_Types].xml", "docProps/core.xml"]


def _assert_no_leak(run, out: Path) -> None:
    """Nothing of /etc/passwd in the console nor in any output workbook."""
    assert not is_passwd_leak(run.output)
    for p in out.rglob("*.xlsx"):
        assert not is_passwd_leak(workbook_text(p)), p


@pytest.mark.parametrize("part", PARSED_PARTS)
def test_xxe_is_refused_and_never_resolved(tmp_path, guard, part):
    src, out = _folder(tmp_path, guard, "B xxe.xlsx", _xxe(part))
    run = run_cli(src, out)
    _assert_refused(run, "B xxe.xlsx")
    _assert_no_leak(run, out)


@pytest.mark.parametrize("part", UNPARSED_PARTS)
def test_xxe_in_a_part_never_parsed_is_never_resolved(tmp_path, guard, part):
    src, out = _folder(tmp_path, guard, "B xxe.xlsx", _xxe(part))
    run = run_cli(src, out)
    assert "B xxe.xlsx" in run.opd
    _assert_no_leak(run, out)


@pytest.mark.parametrize("part", UNPARSED_PARTS)
def test_xxe_in_a_part_never_parsed_is_refused(tmp_path, guard, part):
    src, out = _folder(tmp_path, guard, "B xxe.xlsx", _xxe(part))
    run = run_cli(src, out)
    _assert_refused(run, "B xxe.xlsx")


def _late_doctype(path: Path, good: Path, part: str = SHEET1) -> Path:
    """A DOCTYPE with an external DTD placed after a 5 KB comment (legal XML: comments may precede it)."""
    form_workbook_xlsxwriter(path)
    xml = read_entries(path)[part].decode("utf-8")
    start = xml.index("?>") + 2
    xml = xml[:start] + "<!--" + "x" * 5000 + "-->" + '<!DOCTYPE worksheet SYSTEM "file:///etc/passwd">' + xml[start:]
    rewrite(path, {part: xml.encode("utf-8")})
    return path


def test_late_doctype_is_never_resolved(tmp_path, guard):
    src, out = _folder(tmp_path, guard, "B dtd.xlsx", _late_doctype)
    run = run_cli(src, out)
    _assert_no_leak(run, out)


def test_late_doctype_is_refused(tmp_path, guard):
    src, out = _folder(tmp_path, guard, "B dtd.xlsx", _late_doctype)
    run = run_cli(src, out)
    _assert_refused(run, "B dtd.xlsx")


def test_utf16_billion_laughs_in_shared_strings_is_refused(tmp_path, guard):
    def make(path, good):
        form_workbook_xlsxwriter(path)
        rewrite(path, {"xl/sharedStrings.xml": billion_laughs_sst("utf-16")})

    src, out = _folder(tmp_path, guard, "B utf16.xlsx", make)
    run, seconds, peak = _measured(lambda: run_cli(src, out))
    _assert_refused(run, "B utf16.xlsx", codes=("unsafe-package", "not-a-workbook"))
    assert seconds < 10 and peak < 50 * MB


def _utf16_sheet_with_entities(path: Path, good: Path) -> Path:
    """The form's sheet XML encoded as UTF-16 (legal OOXML) with an internal DTD and a cell that uses it."""
    form_workbook(path)
    xml = read_entries(path)[SHEET1].decode("utf-8")
    if xml.startswith("<?xml"):
        xml = xml[xml.index("?>") + 2:]
    dtd = '<!DOCTYPE worksheet [<!ENTITY e "EEEE"><!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    xml = xml.replace("</sheetData>", '<row r="30"><c r="A30" t="inlineStr"><is><t>&e;&xxe;</t></is></c></row>'
                                      "</sheetData>")
    rewrite(path, {SHEET1: ('<?xml version="1.0" encoding="UTF-16"?>' + dtd + xml).encode("utf-16")})
    return path


def test_utf16_entities_never_resolved(tmp_path, guard):
    src, out = _folder(tmp_path, guard, "B utf16.xlsx", _utf16_sheet_with_entities)
    result = invoke(["run", src, "-o", out])      # not run_cli: the output's validity is the next test
    assert not is_passwd_leak(result.output)
    for p in out.rglob("*.xlsx"):
        assert not is_passwd_leak(workbook_text(p))
        assert "EEEE" not in workbook_text(p)


def test_utf16_entities_are_refused(tmp_path, guard):
    src, out = _folder(tmp_path, guard, "B utf16.xlsx", _utf16_sheet_with_entities)
    run = run_cli(src, out)      # also checks that every output is a valid workbook
    _assert_refused(run, "B utf16.xlsx")


# -- absurd dimensions, a million styled rows ----------------------------------------------------------------

def test_absurd_dimension_stays_fast(tmp_path, guard):
    def make(path, good):
        form_workbook(path)
        xml = read_entries(path)[SHEET1]
        xml = xml.replace(b'<dimension ref="A1:AB14"/>', b'<dimension ref="A1:XFD1048576"/>')
        assert b"XFD1048576" in xml
        rewrite(path, {SHEET1: xml})

    src, out = _folder(tmp_path, guard, "B dimensi.xlsx", make)
    run, seconds, peak = _measured(lambda: run_cli(src, out))
    assert run.exit_code == 0, run.output
    assert run.status("B dimensi.xlsx") == "selesai"
    assert capaian(out / "B dimensi.xlsx", 9) == ROW9_CAPAIAN
    assert seconds < 5 and peak < 50 * MB, (seconds, peak)


def _million_rows(path: Path, rows: int = 1_000_000) -> Path:
    """The form with `rows` empty styled rows after its footer (the way Excel writes rows whose format was
    set), streamed into the zip so the test process stays small."""
    good = form_workbook(path.with_name("vorlage.xlsx"))
    entries = read_entries(good)
    xml = entries[SHEET1].decode("utf-8")
    head, tail = xml.split("</sheetData>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        for name, data in entries.items():
            if name != SHEET1:
                zf.writestr(name, data)
                continue
            with zf.open(name, "w", force_zip64=True) as fh:
                fh.write(head.encode())
                first = 20
                for start in range(first, first + rows, 20_000):
                    stop = min(start + 20_000, first + rows)
                    fh.write("".join(f'<row r="{r}" s="1" customFormat="1" ht="15" customHeight="1"/>'
                                     for r in range(start, stop)).encode())
                fh.write(b"</sheetData>" + tail.encode())
    path.with_name("vorlage.xlsx").unlink()
    return path


_MEASURE = r"""
import contextlib, io, json, resource, sys, time
try:
    resource.setrlimit(resource.RLIMIT_AS, (6 << 30, 6 << 30))     # never take the machine down
except (ValueError, OSError):
    pass
from xlsx_lkjip.cli import main
console = io.StringIO()
started = time.perf_counter()
code = 0
with contextlib.redirect_stdout(console), contextlib.redirect_stderr(console):
    try:
        main(["run", sys.argv[1], "-o", sys.argv[2], "--workers", "1"], prog_name="lkjip", standalone_mode=False)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
seconds = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * (1 if sys.platform == "darwin" else 1024)
try:
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            peak = int(line.split()[1]) * 1024   # reset at exec, unlike ru_maxrss
except OSError:
    pass
print(json.dumps({"exit_code": code, "output": console.getvalue(), "seconds": seconds, "peak": peak}))
"""


def _run_cli_in_child(src: Path, out: Path) -> dict:
    """`lkjip run SRC -o OUT --workers 1` in a fresh interpreter (so the peak RSS is the run's alone, and
    RLIMIT_AS can guard the machine): exit code, console text, wall seconds and peak RSS (VmHWM)."""
    proc = subprocess.run([PYTHON, "-c", _MEASURE, str(src), str(out)], capture_output=True, text=True,
                          env=subprocess_env(), timeout=240)
    assert proc.returncode == 0, proc.stderr[-3000:]
    data = json.loads(proc.stdout.strip().splitlines()[-1])
    print(f"\nlkjip run {src.name}/ ({', '.join(p.name for p in src.iterdir())}): {data['seconds']:.1f} s, "
          f"peak RSS {data['peak'] / MB:.0f} MB, exit {data['exit_code']}\n{data['output']}")
    return data


@pytest.fixture(scope="module")
def million_rows_measured(tmp_path_factory) -> tuple[dict, Path]:
    """The CLI run once over a folder holding only the million-row workbook (the expensive part of the module).
    The data carries the input's sha256 and mtime from before and after, and the rekap's rows."""
    folder = tmp_path_factory.mktemp("juta")
    (folder / "in").mkdir()
    src = _million_rows(folder / "in" / "sejuta baris.xlsx")
    out = folder / "out"
    before = (file_sha256(src), src.stat().st_mtime_ns)
    data = _run_cli_in_child(src.parent, out)
    data["input"] = {"before": before, "after": (file_sha256(src), src.stat().st_mtime_ns)}
    rekap = out / "rekap.xlsx"
    data["rekap"] = rekap.is_file()
    data["opd"] = {r["Berkas"]: r for r in sheet_rows(rekap, "Rekap OPD")} if data["rekap"] else {}
    data["masalah"] = sheet_rows(rekap, "Masalah") if data["rekap"] else []
    data["temp_files"] = [str(p) for p in temp_files(out)] if out.exists() else []
    return data, out / src.name


@pytest.mark.skipif(sys.platform == "win32", reason="resource module")
def test_million_styled_rows_complete_in_bounded_time(million_rows_measured):
    data, dst = million_rows_measured
    assert data["input"]["before"] == data["input"]["after"], "the input workbook was changed by the run"
    assert data["exit_code"] == 0, data["output"]
    assert "Traceback" not in data["output"], data["output"]
    assert "sejuta baris.xlsx: selesai (3 baris;" in data["output"], data["output"]
    assert summary(data["output"]) == (1, 0, 0, 1)
    assert data["rekap"], data["output"]
    assert data["opd"]["sejuta baris.xlsx"]["Status"] == "selesai", data["opd"]
    assert [p for p in data["masalah"] if p["Berkas"] == "sejuta baris.xlsx"] == [], data["masalah"]
    assert not data["temp_files"], data["temp_files"]
    assert data["seconds"] < 30, data
    # the output is a complete zip whose sheet XML is well-formed (expat, no callbacks: C speed) and carries the
    # computed capaian (loading a million rows with openpyxl would take longer than the run itself)
    import re
    from xml.parsers import expat
    with zipfile.ZipFile(dst) as zf:
        assert zf.testzip() is None
        with zf.open(SHEET1) as fh:
            expat.ParserCreate().ParseFile(fh)
        with zf.open(SHEET1) as fh:
            head = fh.read(200_000).decode("utf-8", "replace")
    values = dict(re.findall(r'<c r="([VW]9)"[^>]*><v>([^<]*)</v>', head))
    assert values == {"V9": "108.26", "W9": "95.16"}, values


@pytest.mark.skipif(sys.platform == "win32", reason="resource module")
def test_million_styled_rows_bounded_memory(million_rows_measured):
    data, _ = million_rows_measured
    assert data["peak"] < 512 * MB, f"peak RSS {data['peak'] / MB:.0f} MB"


# -- names inside the zip -------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["../evil.xml", "/abs.xml", "C:\\x", "xl/../../evil.xml", "C:/evil.xml",
                                  "xl\\..\\..\\evil.xml"])
def test_path_traversal_entry_names_are_refused(tmp_path, guard, name):
    def make(path, good):
        write_raw_zip(path, package_entries(good) + [raw_entry(name, b"<evil/>")])

    src, out = _folder(tmp_path, guard, "B jalur.xlsx", make)
    run = run_cli(src, out)
    _assert_refused(run, "B jalur.xlsx")
    assert not (out / "B jalur.xlsx").exists()
    # nothing written anywhere but OUTPUT
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file() and out not in p.parents
                  and src not in p.parents) == []
    assert not list(tmp_path.rglob("evil.xml")) and not Path("/abs.xml").exists()


def test_relationship_target_escaping_the_package(tmp_path, guard):
    """workbook.xml.rels points the sheet at ../../../../etc/passwd: never read from disk."""
    def make(path, good):
        form_workbook(path)
        rels = read_entries(path)["xl/_rels/workbook.xml.rels"]
        rels = rels.replace(b'Target="/xl/worksheets/sheet1.xml"', b'Target="../../../../../../etc/passwd"')
        rels = rels.replace(b'Target="worksheets/sheet1.xml"', b'Target="../../../../../../etc/passwd"')
        assert b"etc/passwd" in rels
        rewrite(path, {"xl/_rels/workbook.xml.rels": rels})

    src, out = _folder(tmp_path, guard, "B rels.xlsx", make)
    run = run_cli(src, out)
    _assert_refused(run, "B rels.xlsx", codes=("unsafe-package", "not-a-workbook", "no-form"))
    assert not is_passwd_leak(run.output)


def _duplicate(kind: str):
    def make(path, good):
        entries = package_entries(good)
        xml = read_entries(good)[SHEET1].replace(b"<v>26</v>", b"<v>9999</v>")
        assert b"9999" in xml
        if kind == "same name":
            write_raw_zip(path, [raw_entry(SHEET1, xml)] + entries)
        else:
            write_raw_zip(path, entries + [raw_entry(SHEET1.upper(), xml)])
    return make


@pytest.mark.parametrize("kind", ["same name", "case only"])
def test_duplicate_entry_names_are_refused(tmp_path, guard, kind):
    src, out = _folder(tmp_path, guard, "B ganda.xlsx", _duplicate(kind))
    run = run_cli(src, out)
    _assert_refused(run, "B ganda.xlsx", codes=("unsafe-package", "not-a-workbook"))


@pytest.mark.parametrize("kind", ["same name", "case only"])
def test_duplicate_entry_names_never_crash(tmp_path, guard, kind):
    src, out = _folder(tmp_path, guard, "B ganda.xlsx", _duplicate(kind))
    run = run_cli(src, out)
    assert run.exit_code in (0, 1) and "B ganda.xlsx" in run.opd
    assert not any(p["Kode"] == "internal-error" for p in run.masalah)
