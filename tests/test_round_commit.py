"""Issue 22, findings 5 and 6: a round commits as a whole.  The record lists the round's outputs with their
sha256 and carries the round's id, as the rekap does; a run that completes no workbook never replaces the
previous round; a rekap that cannot be written leaves the previous record (so rekap/laporan never read figures
the folder's rekap does not show); a workbook whose output was not written counts nowhere; completed workbooks
of inputs that are gone are removed; the CSV tables are written as one set."""

from __future__ import annotations

import builtins
import errno
import hashlib
import json
import os
import shutil
from pathlib import Path

import openpyxl

from tests.conftest import invoke, make_pariwisata, sha256_tree, two_agencies
from xlsx_lkjip import api
from xlsx_lkjip.batch import round_record as rr
from xlsx_lkjip.batch import round_state
from xlsx_lkjip.batch.record_seal import ROUND_ID_PROPERTY

MARK = Path(".lkjip") / "putaran-berjalan.json"


def two(tmp_path: Path) -> Path:
    return two_agencies(tmp_path / "in")


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def rekap_round_id(rekap: Path) -> str:
    wb = openpyxl.load_workbook(rekap, read_only=True)
    try:
        props = {p.name: p.value for p in wb.custom_doc_props.props}
        pengaturan = dict(wb["Pengaturan"].iter_rows(min_row=2, values_only=True))
    finally:
        wb.close()
    assert pengaturan["Kode putaran"] == props[ROUND_ID_PROPERTY]
    return props[ROUND_ID_PROPERTY]


def test_the_record_lists_each_output_with_its_hash_and_shares_the_round_id_with_the_rekap(tmp_path):
    src, out = two(tmp_path), tmp_path / "out"
    assert invoke(["run", src, "-o", out]).exit_code == 0
    record = api.read_round(out)
    assert record.outputs == {"Renja BKPSDM.xlsx": sha(out / "Renja BKPSDM.xlsx"),
                              "Renja Pariwisata.xlsx": sha(out / "Renja Pariwisata.xlsx")}
    assert record.rekap_sha256 == sha(out / "rekap.xlsx")
    assert len(record.round_id) == 16 and rekap_round_id(out / "rekap.xlsx") == record.round_id
    assert record.notes == [] and not (out / MARK).exists()
    # the same inputs and settings: the same round, byte for byte; other settings: another round
    again = tmp_path / "again"
    invoke(["run", src, "-o", again])
    assert sha256_tree(again) == sha256_tree(out)
    other = tmp_path / "other"
    invoke(["run", src, "-o", other, "--triwulan", "II"])
    assert api.read_round(other).round_id != record.round_id


def test_a_wrong_input_folder_never_replaces_the_last_round(tmp_path):
    """Finding 5: INPUT holding only a .csv, or only a rekap: the previous rekap and record stay, byte for byte."""
    src, out = two(tmp_path), tmp_path / "out"
    invoke(["run", src, "-o", out])
    before = sha256_tree(out)
    csv_only = tmp_path / "csv"
    csv_only.mkdir()
    (csv_only / "data.csv").write_text("a;b\n1;2\n", encoding="utf-8")
    res = invoke(["run", csv_only, "-o", out])
    assert res.exit_code == 1, res.output
    assert "tidak diganti" in res.output, res.output
    assert sha256_tree(out) == {k: v for k, v in before.items()} | {".lkjip/kunci": sha256_tree(out)[".lkjip/kunci"]}
    rekap_only = tmp_path / "rekaponly"
    rekap_only.mkdir()
    shutil.copy(out / "rekap.xlsx", rekap_only / "rekap.xlsx")
    res = invoke(["run", rekap_only, "-o", out])
    assert res.exit_code == 1 and "rekap tidak ditulis" in res.output, res.output
    assert sha(out / ".lkjip" / "putaran.json") == before[".lkjip/putaran.json"]
    assert sha(out / "rekap.xlsx") == before["rekap.xlsx"] and not (out / MARK).exists()
    assert api.read_round(out).region_average is not None


def test_a_rekap_that_cannot_be_written_leaves_the_previous_record_and_marks_the_round(tmp_path):
    """Finding 6: with rekap.xlsx in the way (locked in Excel, here a folder of that name), run did rewrite the
    record, and rekap/laporan read figures the rekap did not show.  Now the record stays the previous round's."""
    src, out = two(tmp_path), tmp_path / "out"
    invoke(["run", src, "-o", out, "--triwulan", "II"])
    old_record = (out / ".lkjip" / "putaran.json").read_bytes()
    old_rekap = out / "rekap.xlsx"
    moved = tmp_path / "rekap-lama.xlsx"
    shutil.move(old_rekap, moved)
    (out / "rekap.xlsx").mkdir()                 # rename over it fails: the rekap cannot be written
    res = invoke(["run", src, "-o", out])
    assert res.exit_code == 1, res.output
    assert "rekap tidak dapat ditulis" in res.output and "tidak diperbarui" in res.output, res.output
    assert (out / ".lkjip" / "putaran.json").read_bytes() == old_record
    assert (out / MARK).is_file()
    lap = invoke(["laporan", out])
    assert "tidak selesai" in lap.output and "putaran lengkap terakhir" in lap.output, lap.output
    (out / "rekap.xlsx").rmdir()
    res = invoke(["run", src, "-o", out])       # the rerun repairs
    assert res.exit_code == 0 and "tidak selesai" in res.output, res.output
    assert not (out / MARK).exists()
    assert api.read_round(out).rekap_sha256 == sha(out / "rekap.xlsx")


def test_a_first_round_that_did_not_finish_is_no_round_to_read(tmp_path):
    """A first run stopped halfway (Ctrl+C: the mark, no record yet): rekap recomputed the workbooks written so
    far as if they were the round, and laporan told staff to run the output folder as an input."""
    src, out = two(tmp_path), tmp_path / "out"
    assert invoke(["run", src, "-o", out]).exit_code == 0
    (out / ".lkjip" / "putaran.json").unlink()
    (out / "Renja Pariwisata.xlsx").unlink()
    round_state.begin(out, "run")
    rek = invoke(["rekap", out, "-o", tmp_path / "tahunan.xlsx"])
    lap = invoke(["laporan", out])
    for res in (rek, lap):
        assert res.exit_code == 1, res.output
        assert "tidak selesai" in res.output and "belum ada putaran lengkap sebelumnya" in res.output, res.output
        assert f"lkjip run INPUT -o {out}" in res.output and "Traceback" not in res.output, res.output
    assert not (tmp_path / "tahunan.xlsx").exists()
    assert invoke(["run", src, "-o", out]).exit_code == 0     # the rerun finishes the round: read as usual
    rek = invoke(["rekap", out, "-o", tmp_path / "tahunan.xlsx"])
    assert rek.exit_code == 0 and "2 workbook" in rek.output, rek.output


def test_a_workbook_whose_output_was_not_written_counts_nowhere(tmp_path):
    """Finding 6: a workbook "gagal" because its completed workbook could not be written was still counted in
    the region average and in laporan."""
    src, out = two(tmp_path), tmp_path / "out"
    alone = tmp_path / "alone"
    (tmp_path / "in1").mkdir()
    shutil.copy(src / "Renja Pariwisata.xlsx", tmp_path / "in1")
    invoke(["run", tmp_path / "in1", "-o", alone])
    out.mkdir()
    (out / "Renja BKPSDM.xlsx").mkdir()          # the output's place is taken: its write fails
    res = invoke(["run", src, "-o", out, "--workers", "1"])
    assert res.exit_code == 1 and "Renja BKPSDM.xlsx: gagal" in res.output, res.output
    record, only = api.read_round(out), api.read_round(alone)
    assert record.region_average == only.region_average
    assert [a.agency for a in record.agencies] == [a.agency for a in only.agencies]
    bkpsdm = next(w for w in record.workbooks if w.name == "Renja BKPSDM.xlsx")
    assert bkpsdm.output is None and bkpsdm.average == {} and bkpsdm.sheets == []
    assert "Renja BKPSDM.xlsx" not in record.outputs
    wb = openpyxl.load_workbook(out / "rekap.xlsx", read_only=True)
    opd = {r[0]: r for r in wb["Rekap OPD"].iter_rows(min_row=2, values_only=True) if r[0]}
    wb.close()
    assert opd["Renja BKPSDM.xlsx"][6] is None and opd["Renja BKPSDM.xlsx"][11] == "gagal"   # no average shown
    lap = invoke(["laporan", out])
    assert "BKPSDM" not in "".join(p.name for p in (out / "laporan").iterdir()), lap.output


def test_completed_workbooks_of_inputs_that_are_gone_are_removed_but_edited_ones_kept(tmp_path):
    """Finding 6: completed workbooks of removed inputs stayed in a reused folder."""
    src, out = two(tmp_path), tmp_path / "out"
    (src / "sub").mkdir()
    invoke(["run", src, "-o", out])
    (src / "Renja Pariwisata.xlsx").unlink()
    res = invoke(["run", src, "-o", out])
    assert "dihapus karena masukannya tidak ada lagi" in res.output, res.output
    assert not (out / "Renja Pariwisata.xlsx").exists() and (out / "Renja BKPSDM.xlsx").is_file()
    # an output someone edited after the run is theirs now: left, and named
    make_pariwisata(src / "Renja Pariwisata.xlsx")
    invoke(["run", src, "-o", out])
    with open(out / "Renja Pariwisata.xlsx", "ab") as fh:
        fh.write(b"\0")
    (src / "Renja Pariwisata.xlsx").unlink()
    res = invoke(["run", src, "-o", out])
    assert "dibiarkan karena sudah diubah" in res.output and (out / "Renja Pariwisata.xlsx").is_file(), res.output


def test_the_csv_tables_are_written_as_one_set(tmp_path, monkeypatch):
    """Finding 6: after a full disk the --csv folder was half old, half new."""
    src, out, csv = two(tmp_path), tmp_path / "out", tmp_path / "csv"
    invoke(["run", src, "-o", out, "--csv", csv, "--triwulan", "II"])
    before = sha256_tree(csv)
    assert len(before) >= 4
    real_open = builtins.open
    opened = []

    def full_on_third(file, mode="r", *args, **kwargs):
        if isinstance(file, (str, os.PathLike)) and "w" in mode and Path(file).parent == csv:
            opened.append(Path(file).name)
            if len(opened) == 3:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(file))
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", full_on_third)
    res = invoke(["run", src, "-o", out, "--csv", csv, "--workers", "1"])
    monkeypatch.undo()
    assert len(opened) == 3, opened
    assert res.exit_code == 1 and "CSV tidak dapat ditulis" in res.output and "ruang disk penuh" in res.output
    assert sha256_tree(csv) == before            # the old set, whole: no table of the new round
    invoke(["run", src, "-o", out, "--csv", csv])
    after = sha256_tree(csv)
    assert set(after) == set(before) and after != before


def test_the_record_keeps_its_seal_after_a_watch_rebuild_too(tmp_path):
    """watch rewrites the record with its rekap: the same seal (round id, outputs with hashes)."""
    from xlsx_lkjip.batch.watch import Watcher

    src, out = two(tmp_path), tmp_path / "out"
    lines = []
    w = Watcher(src, out, settle=0.0, poll=True, echo=lines.append)
    import threading
    t = threading.Thread(target=w.run)
    t.start()
    try:
        for _ in range(200):
            if (out / "rekap.xlsx").is_file() and rr.record_path(out).is_file() and not w.rekap_dirty:
                break
            threading.Event().wait(0.05)
    finally:
        w.stop()
        t.join(timeout=30)
    record = api.read_round(out)
    assert record.outputs == {"Renja BKPSDM.xlsx": sha(out / "Renja BKPSDM.xlsx"),
                              "Renja Pariwisata.xlsx": sha(out / "Renja Pariwisata.xlsx")}
    assert rekap_round_id(out / "rekap.xlsx") == record.round_id
    ran = tmp_path / "ran"
    invoke(["run", src, "-o", ran])
    assert api.read_round(ran).round_id == record.round_id     # one round, whichever command made it
    assert json.loads(rr.record_path(out).read_text(encoding="utf-8"))["command"] == "watch"
