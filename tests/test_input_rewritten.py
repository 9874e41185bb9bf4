"""Issue 22, finding 3: an input rewritten during the run, keeping its size and modification time (`cp -p`,
`rsync --inplace -t`, a FAT32 stick), gave a corrupt completed workbook ("Bad CRC-32") reported "selesai":
untouched zip entries were copied from the changed file at write time.  Now each input is read once into
memory, the completed workbook is built from exactly those bytes, and the input is hashed again before the
output is written: a change is reported ("berkas berubah saat dibaca"), never written."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

from tests.conftest import invoke, make_dumai
from tests.zipedit import read_entries, rewrite
from xlsx_lkjip import api
from xlsx_lkjip.batch import workbook as wbmod


def _with_note(path: Path, note: bytes) -> None:
    app = read_entries(path)["docProps/app.xml"]
    rewrite(path, {"docProps/app.xml": app.replace(b"</Properties>", b"<!--" + note + b"--></Properties>")})


def prepare(tmp_path: Path) -> tuple[Path, Path]:
    """An input, and `variant`: a valid workbook of the same byte size, differing in one part a completed
    workbook copies raw (docProps/app.xml), so only its content tells them apart."""
    src = tmp_path / "in"
    src.mkdir()
    book = make_dumai(src / "Renja BKPSDM.xlsx")
    pristine = book.read_bytes()
    _with_note(book, b"catatan A")
    variant = tmp_path / "variant.xlsx"
    for ch in b"BCDEFGHIJKLMNOPQRSTUVWXYZ":
        variant.write_bytes(pristine)
        _with_note(variant, b"catatan " + bytes([ch]))
        if variant.stat().st_size == book.stat().st_size:
            break
    assert variant.stat().st_size == book.stat().st_size and variant.read_bytes() != book.read_bytes()
    return src, variant


def rewrite_during_the_write(monkeypatch, source: Path, variant: Path) -> list[int]:
    """The input is replaced in place (same size, same modification time) after it was read and checked, just
    before its completed workbook is written: what `cp -p` onto a file being processed does."""
    real = wbmod.write_package
    calls = []

    def write_package(pkg, replaced, out, added=()):
        if not calls:
            st = source.stat()
            with open(source, "r+b") as fh:     # in place, as rsync --inplace does
                fh.write(variant.read_bytes())
            os.utime(source, ns=(st.st_atime_ns, st.st_mtime_ns))
            assert source.stat().st_size == st.st_size and source.stat().st_mtime_ns == st.st_mtime_ns
        calls.append(1)
        return real(pkg, replaced, out, added)

    monkeypatch.setattr(wbmod, "write_package", write_package)
    return calls


def test_a_same_size_rewrite_during_the_run_is_reported_and_never_written(tmp_path, monkeypatch):
    src, variant = prepare(tmp_path)
    source, out = src / "Renja BKPSDM.xlsx", tmp_path / "out"
    calls = rewrite_during_the_write(monkeypatch, source, variant)
    report = api.run(src, out, workers=1)
    monkeypatch.undo()
    assert calls, "the rewrite was never injected"
    (result,) = report.results
    assert result.status == api.GAGAL
    assert [p.code for p in result.problems if p.level == "galat"] == ["being-copied"]
    assert not (out / "Renja BKPSDM.xlsx").exists()          # never written from bytes that are not the file's
    assert api.read_round(out).outputs == {}


def test_a_same_size_rewrite_keeps_the_previous_complete_output(tmp_path, monkeypatch):
    src, variant = prepare(tmp_path)
    source, out = src / "Renja BKPSDM.xlsx", tmp_path / "out"
    assert invoke(["run", src, "-o", out, "--workers", "1"]).exit_code == 0
    before = (out / "Renja BKPSDM.xlsx").read_bytes()
    rewrite_during_the_write(monkeypatch, source, variant)
    res = invoke(["run", src, "-o", out, "--workers", "1"])
    monkeypatch.undo()
    assert res.exit_code == 1 and "berkas berubah saat dibaca" in res.output, res.output
    assert (out / "Renja BKPSDM.xlsx").read_bytes() == before
    # the next run reads the new content, and its completed workbook is whole (every entry's CRC right)
    assert invoke(["run", src, "-o", out, "--workers", "1"]).exit_code == 0
    with zipfile.ZipFile(out / "Renja BKPSDM.xlsx") as zf:
        assert zf.testzip() is None
        assert zf.read("docProps/app.xml") == read_entries(variant)["docProps/app.xml"]


def test_the_completed_workbook_is_built_from_the_bytes_read(tmp_path, monkeypatch):
    """Even were the hash check skipped, every entry copied comes from the bytes read: the output is whole."""
    src, variant = prepare(tmp_path)
    source = src / "Renja BKPSDM.xlsx"
    original = read_entries(source)
    rewrite_during_the_write(monkeypatch, source, variant)
    monkeypatch.setattr(wbmod, "_input_unchanged", lambda result: True)
    result = api.complete_workbook(source, tmp_path / "done.xlsx")
    monkeypatch.undo()
    assert result.status != api.GAGAL
    with zipfile.ZipFile(tmp_path / "done.xlsx") as zf:
        assert zf.testzip() is None                           # main wrote "Bad CRC-32" entries here
        assert zf.read("docProps/app.xml") == original["docProps/app.xml"]
