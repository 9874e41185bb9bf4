"""The server's rebuild of output/ is `lkjip run` over the round folder: after uploads, a `lkjip run` typed by
hand in that folder gives the same bytes; a rebuild that meets another writer of output/ (the folder lock)
says so and runs once the folder is free."""

from __future__ import annotations

import hashlib
import io
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.web_helpers import require_web

require_web()

from tests.web_helpers import MONITOR, REPO, good_workbook, links, problem_workbook, round_folder  # noqa: E402
from xlsx_lkjip.batch.lock import FolderLock  # noqa: E402
from xlsx_lkjip.config import load_config  # noqa: E402
from xlsx_lkjip.roster import with_roster  # noqa: E402
from xlsx_lkjip.web.server import open_round  # noqa: E402


def _hashes(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name != "kunci"}


@pytest.fixture
def served(tmp_path):
    root = round_folder(tmp_path / "putaran")
    secrets = links(root)
    config = with_roster(load_config(root / "lkjip.toml"), root / "lkjip.toml")
    rnd = open_round(root, config, root / "lkjip.toml", readers=1)
    rnd.rebuilder.start()
    rnd.secrets = secrets
    client = rnd.app.test_client()

    def send(kode, path):
        return client.post("/api/unggah", headers={"Authorization": f"Bearer {secrets[kode]}"},
                           data={"berkas": (io.BytesIO(path.read_bytes()), path.name)})
    yield root, rnd, send
    rnd.close()


def test_outputs_after_uploads_are_what_lkjip_run_gives(served, tmp_path):
    root, rnd, send = served
    assert send("BKPSDM", problem_workbook(tmp_path / "a.xlsx")).status_code == 200
    assert send("DINKES", good_workbook(tmp_path / "b.xlsx", agency="Dinas Kesehatan")).status_code == 200
    assert send("BKPSDM", good_workbook(tmp_path / "c.xlsx")).status_code == 200
    assert rnd.rebuilder.wait_idle(timeout=120)
    served_outputs = _hashes(root / "output")
    assert "rekap.xlsx" in served_outputs and "BKPSDM Renja.xlsx" in served_outputs
    env = dict(os.environ, PYTHONPATH=str(REPO))
    by_hand = subprocess.run([sys.executable, "-m", "xlsx_lkjip", "run"], cwd=root, env=env, capture_output=True,
                             text=True, timeout=300)
    assert by_hand.returncode == 0, by_hand.stdout + by_hand.stderr
    assert _hashes(root / "output") == served_outputs


def test_a_rebuild_waits_for_another_writer_of_output(served, tmp_path):
    root, rnd, send = served
    lock = FolderLock(root / "output", "run").acquire()      # another `lkjip run` writing output/
    try:
        assert send("BKPSDM", good_workbook(tmp_path / "a.xlsx")).status_code == 200   # the upload is not held up
        deadline = time.monotonic() + 60
        while not rnd.rebuilder.last_error and time.monotonic() < deadline:
            time.sleep(0.1)
        assert "sedang ditulis oleh" in rnd.rebuilder.last_error
        assert not (root / "output" / "rekap.xlsx").exists()
    finally:
        lock.release()
    assert rnd.rebuilder.wait_idle(timeout=120)
    assert rnd.rebuilder.last_error == "" and (root / "output" / "rekap.xlsx").exists()


def test_bappedas_status_is_the_rounds_with_new_uploads_at_once(served, tmp_path):
    """The Status OPD the round record keeps (files put in input/ by hand too: "ganda", workbooks of no agency),
    and an upload answered since the last rebuild shown at once."""
    root, rnd, send = served
    assert send("BKPSDM", good_workbook(tmp_path / "a.xlsx")).status_code == 200
    good_workbook(root / "input" / "Renja BKPSDM lama.xlsx")                      # put there by hand
    good_workbook(root / "input" / "Renja Dinas Sosial.xlsx", agency="Dinas Sosial")   # an agency not listed
    rnd.rebuilder.request()
    assert rnd.rebuilder.wait_idle(timeout=120)
    client = rnd.app.test_client()
    secret = rnd.secrets[MONITOR]
    rows = {(r["kode"], r["status"]) for r in client.get("/api/status", headers={
        "Authorization": f"Bearer {secret}"}).get_json()["status"]}
    assert ("BKPSDM", "ganda") in rows and ("", "tidak ada di daftar OPD") in rows
    assert ("DINKES", "belum mengirim") in rows
    lock = FolderLock(root / "output", "run").acquire()       # no rebuild can follow for now
    try:
        assert send("DINKES", problem_workbook(tmp_path / "b.xlsx", agency="Dinas Kesehatan")).status_code == 200
        rows = {(r["kode"], r["status"]) for r in client.get("/api/status", headers={
            "Authorization": f"Bearer {secret}"}).get_json()["status"]}
        assert ("DINKES", "ada peringatan") in rows and ("BKPSDM", "ganda") in rows
        page = client.get(f"/bappeda/{secret}").get_data(as_text=True)
        assert "tidak cocok dengan OPD mana pun di daftar" in page and "mengirim lebih dari satu berkas" in page
    finally:
        lock.release()
