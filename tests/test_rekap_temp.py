"""The rekap's temporary files (xlsxwriter writes a file per sheet while the rekap is closed; the parts it packs
stay in memory) are made in a folder of the rekap's own inside the temp folder, and that folder is gone
afterwards, also when the close fails half-way.  Every entry of the rekap's package is stamped alike."""

from __future__ import annotations

import tempfile
import zipfile
from pathlib import Path

import pytest

from tests.builders import build_e81
from xlsx_lkjip import api, files
from xlsx_lkjip.report import rekap


@pytest.fixture
def temp_root(tmp_path, monkeypatch):
    root = tmp_path / "temp"
    root.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(root))
    made = []
    original = tempfile.mkstemp

    def mkstemp(*args, **kwargs):
        fd, name = original(*args, **kwargs)
        made.append(Path(name))
        return fd, name

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
    return root, made


def _inputs(tmp_path) -> Path:
    src = tmp_path / "input"
    src.mkdir()
    for i in range(2):
        build_e81(src / f"Renja Dinas {i} TW IV 2024.xlsx", n_rows=8, seed=i)
    return src


def test_xlsxwriter_s_files_are_made_in_the_rekap_s_own_folder_and_removed(tmp_path, temp_root):
    root, made = temp_root
    src = _inputs(tmp_path)
    made.clear()                                             # (the builder's own xlsxwriter files)
    report = api.run(src, tmp_path / "out", workers=1)
    rekap_path = tmp_path / "out" / "rekap.xlsx"
    assert rekap_path.is_file() and report.results
    with zipfile.ZipFile(rekap_path) as z:
        sheets = [i for i in z.infolist() if i.filename.startswith("xl/worksheets/sheet")]
        assert {(i.date_time, i.external_attr, i.create_system) for i in z.infolist()} == \
            {((1980, 1, 31, 0, 0, 0), 0o100600 << 16, 3)}      # the same bytes on every machine
    assert len(made) == len(sheets) >= 8                      # a file per sheet; the parts packed in memory
    folders = {p.parent for p in made}
    assert len(folders) == 1, made
    [folder] = folders
    assert folder.parent == root and folder.name.startswith("lkjip-rekap-")
    assert list(root.iterdir()) == []                         # nothing left behind
    assert folder not in files._LIVE


def test_the_folder_is_removed_when_the_close_fails(tmp_path, temp_root, monkeypatch):
    root, made = temp_root

    def broken(*args, **kwargs):
        assert made and all(p.exists() for p in made)         # xlsxwriter's files exist while it packs
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(rekap, "splice", broken)
    src = _inputs(tmp_path)
    made.clear()
    report = api.run(src, tmp_path / "out", workers=1)
    assert report.results
    assert list(root.iterdir()) == []
