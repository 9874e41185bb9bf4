"""Issue 22, finding 2: the round record is never trusted blindly.  An edited `putaran.json` (a region average of
88,88, a capaian 9,50 next to "Sangat Tinggi", a workbook entered twice, decimals of 100 or -1) is refused by
`lkjip rekap` and `lkjip laporan` with what and where, and how to rebuild it: by its checksum, and (should the
checksum be made to fit) by checking its figures against themselves."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

from tests.conftest import invoke, make_dumai, make_pariwisata
from xlsx_lkjip import api
from xlsx_lkjip.batch import round_record as rr

TAIL = re.compile(rb',"checksum":"[0-9a-f]{64}"\}\s*\Z')


@pytest.fixture(scope="module")
def round_folder(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("putaran")
    src = base / "in"
    src.mkdir()
    make_dumai(src / "Renja BKPSDM.xlsx")
    make_pariwisata(src / "Renja Pariwisata.xlsx")
    out = base / "out"
    assert invoke(["run", src, "-o", out]).exit_code == 0
    return out


def copy_round(src: Path, dst: Path) -> Path:
    import shutil

    shutil.copytree(src, dst)
    return dst


def body(raw: bytes) -> dict:
    return json.loads(raw.decode("utf-8"))


def write_doc(path: Path, doc: dict, *, reseal: bool) -> None:
    """The record with `doc`'s content; `reseal`: with a checksum made to fit (what only a determined editor
    would do), else the old checksum left in place (what a text editor does)."""
    old = path.read_bytes()
    checksum = json.loads(old)["checksum"]
    doc = {k: v for k, v in doc.items() if k != "checksum"}
    text = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")[:-1]
    if reseal:
        checksum = hashlib.sha256(text).hexdigest()
    path.write_bytes(text + b',"checksum":"' + checksum.encode() + b'"}\n')


def edit_region(doc):
    doc["region"]["average"] = "88.88"
    return "rata-rata daerah"


def edit_capaian(doc):
    for w in doc["workbooks"]:
        for s in w["sheets"]:
            cols = s["columns"]
            for row in s["rows"]:
                if row[cols.index("predikat")] == "Sangat Tinggi":
                    row[cols.index("capaian_k")] = "9.50"
                    return f"baris {row[cols.index('row')]}"
    raise AssertionError("no Sangat Tinggi row in the round")


def edit_duplicate(doc):
    doc["workbooks"].append(doc["workbooks"][0])
    return "tercatat dua kali"


def edit_decimals_100(doc):
    doc["settings"]["rules"]["decimals"] = 100
    return "desimal"


def edit_decimals_minus(doc):
    doc["settings"]["rules"]["decimals"] = -1
    return "desimal"


EDITS = [edit_region, edit_capaian, edit_duplicate, edit_decimals_100, edit_decimals_minus]


def test_a_record_as_written_reads_back_with_its_seal(round_folder):
    record = api.read_round(round_folder)
    assert record.notes == [] and record.round_id and len(record.outputs) == 2
    raw = rr.record_path(round_folder).read_bytes()
    assert TAIL.search(raw)


@pytest.mark.parametrize("edit", EDITS, ids=lambda f: f.__name__)
def test_a_hand_edited_record_is_refused_by_its_checksum(round_folder, tmp_path, edit):
    out = copy_round(round_folder, tmp_path / "out")
    path = rr.record_path(out)
    doc = body(path.read_bytes())
    edit(doc)
    write_doc(path, doc, reseal=False)
    with pytest.raises(api.RecordError, match="checksum tidak cocok"):
        api.read_round(out)
    for args in (["laporan", out], ["rekap", out, "-o", tmp_path / "tahunan.xlsx"]):
        res = invoke(args)
        assert res.exit_code == 2, res.output
        assert "checksum tidak cocok" in res.output and "lkjip run lagi" in res.output, res.output
        assert str(path) in res.output
        # one piece of advice, the right one (laporan added a second, about lkjip's version)
        assert res.output.count("lkjip run lagi") == 1 and "versi ini" not in res.output, res.output
    assert not (tmp_path / "tahunan.xlsx").exists() and not (out / "laporan").exists()


@pytest.mark.parametrize("edit", EDITS, ids=lambda f: f.__name__)
def test_an_edited_record_with_a_fitted_checksum_is_refused_by_its_own_figures(round_folder, tmp_path, edit):
    out = copy_round(round_folder, tmp_path / "out")
    path = rr.record_path(out)
    doc = body(path.read_bytes())
    where = edit(doc)
    write_doc(path, doc, reseal=True)
    with pytest.raises(api.RecordError) as caught:
        api.read_round(out)
    assert where in str(caught.value) and "lkjip run lagi" in str(caught.value), str(caught.value)
    res = invoke(["laporan", out])
    assert res.exit_code == 2 and where in res.output, res.output


def test_a_record_without_a_checksum_is_read_with_a_note(round_folder, tmp_path):
    """A record written before the seal existed: read (its figures still checked), and the readers say so."""
    out = copy_round(round_folder, tmp_path / "out")
    path = rr.record_path(out)
    doc = body(path.read_bytes())
    del doc["checksum"], doc["putaran"]
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    record = api.read_round(out)
    assert record.round_id == "" and "tidak bercap checksum" in record.notes[0]
    res = invoke(["laporan", out])
    assert res.exit_code == 0 and "tidak bercap checksum" in res.output, res.output
    doc["region"]["average"] = "88.88"            # its figures are checked all the same
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(api.RecordError, match="rata-rata daerah"):
        api.read_round(out)


def test_outputs_that_differ_from_the_record_are_named_by_the_readers(round_folder, tmp_path):
    out = copy_round(round_folder, tmp_path / "out")
    (out / "Renja Pariwisata.xlsx").write_bytes(b"")      # cut to 0 bytes after the round
    res = invoke(["laporan", out])
    assert res.exit_code == 0, res.output
    assert "1 berkas tidak sama dengan yang ditulis putaran itu" in res.output, res.output
    assert "Renja Pariwisata.xlsx" in res.output and "jalankan lkjip run lagi" in res.output
