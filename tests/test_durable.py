"""Issue 22, finding 4: a power cut seconds after a successful run left every workbook, the rekap and the record at
0 bytes (ext4 commits a rename before the data unless the data is synced).  A power cut cannot be made here; what
makes the folder survive one is the order of the calls that reach the disk, and that order is what is checked:
a real `lkjip run` (with --csv) over a folder holding the previous round, with os.fsync / os.replace / os.unlink
recorded as they happen.

- every file renamed to its real name had its data synced first (no name ever points to data not on disk);
- the mark of an unfinished round is on disk (its folder synced) before the first output of the round replaces an
  old one, so a cut at any later point leaves a folder that says it is unfinished;
- the folder of every completed workbook and of the rekap is synced after their renames and before the record is
  renamed (a record that survives a cut lists only files that survived it too);
- the record's folder is synced before the mark is removed.

Linux (the file a descriptor is open on, read from /proc/self/fd)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from tests.processes import round_inputs
from xlsx_lkjip import api
from xlsx_lkjip.batch import round_record as rr
from xlsx_lkjip.batch import round_state

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc/self/fd")


def _record_calls(monkeypatch) -> list[tuple[str, Path, Path | None]]:
    """(kind, path, target) in call order: ("data", file) / ("folder", folder) for an fsync, ("rename", source,
    target) for os.replace, ("unlink", file) for os.unlink."""
    calls: list[tuple[str, Path, Path | None]] = []
    real_fsync, real_replace, real_unlink = os.fsync, os.replace, os.unlink

    def fsync(fd):
        path = Path(os.readlink(f"/proc/self/fd/{fd if isinstance(fd, int) else fd.fileno()}"))
        calls.append(("folder" if path.is_dir() else "data", path, None))
        return real_fsync(fd)

    def replace(src, dst, *a, **k):
        real_replace(src, dst, *a, **k)
        calls.append(("rename", Path(src).resolve(), Path(dst).resolve()))

    def unlink(path, *a, **k):
        real_unlink(path, *a, **k)
        calls.append(("unlink", Path(path).resolve(), None))

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(os, "unlink", unlink)
    return calls


def _first(calls, test, after: int = 0) -> int | None:
    return next((i for i, c in enumerate(calls) if i >= after and test(c)), None)


def test_a_run_syncs_each_file_before_its_rename_and_each_folder_before_the_record(tmp_path, monkeypatch):
    for v in (1, 2):   # in a sub-folder (run --recursive): its folder is synced by nothing but the round's commit
        round_inputs(tmp_path / f"in{v}" / "Bidang Satu", v, 6)
    out, csv = (tmp_path / "out").resolve(), (tmp_path / "csv").resolve()
    first = api.run(tmp_path / "in1", out, workers=1, csv_folder=csv, recursive=True)
    assert first.record is not None

    calls = _record_calls(monkeypatch)
    second = api.run(tmp_path / "in2", out, workers=1, csv_folder=csv, recursive=True)
    monkeypatch.undo()
    assert second.record is not None and rr.read(out).round_id == second.round_id

    renames = [(i, src, dst) for i, (kind, src, dst) in enumerate(calls) if kind == "rename"]
    targets = {dst for _i, _src, dst in renames}
    workbooks = {Path(r.output).resolve() for r in second.results}
    record, mark = rr.record_path(out).resolve(), round_state.mark_path(out).resolve()
    rekap = (out / api.REKAP_NAME).resolve()
    assert workbooks | {record, mark, rekap} <= targets
    assert {dst.name for dst in targets if dst.parent == csv} >= {"rekap_opd.csv", "indikator.csv"}

    # no real name ever points to data that is not on disk
    for i, src, dst in renames:
        synced = [j for j, c in enumerate(calls[:i]) if c[0] == "data" and c[1] == src]
        assert synced, f"{dst.name} renamed into place before its data was synced"

    # the mark is on disk before the round replaces anything of the previous one
    mark_in = _first(calls, lambda c: c[0] == "rename" and c[2] == mark)
    mark_synced = _first(calls, lambda c: c[0] == "folder" and c[1] == mark.parent, after=mark_in)
    first_output = min(i for i, _src, dst in renames if dst in workbooks | {rekap})
    assert mark_synced is not None and mark_synced < first_output

    # every completed workbook and the rekap are on disk before the record that lists them is renamed
    record_in = _first(calls, lambda c: c[0] == "rename" and c[2] == record)
    for i, _src, dst in renames:
        if dst in workbooks | {rekap}:
            assert _first(calls, lambda c: c[0] == "folder" and c[1] == dst.parent, after=i) < record_in, dst.name

    # the record is on disk before the mark that says "unfinished" goes
    mark_gone = _first(calls, lambda c: c[0] == "unlink" and c[1] == mark, after=record_in)
    assert mark_gone is not None
    assert _first(calls, lambda c: c[0] == "folder" and c[1] == record.parent, after=record_in) < mark_gone
    assert not mark.exists()
