"""A kill of `lkjip serve` (the whole process group, SIGKILL: as a crash or a power cut would) while agencies
upload, then a restart: every upload the server acknowledged is there, placed and processed, exactly once, and
the round's outputs are rebuilt from it."""

from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path

import pytest

from tests.web_helpers import require_web

require_web()


from tests.web_helpers import (MONITOR, Server, good_workbook, links, problem_workbook, request,  # noqa: E402
                               round_folder, upload)

pytestmark = pytest.mark.skipif(os.name == "nt", reason="kills a process group (POSIX)")

AGENCIES = [(f"OPD{i:02d}", f"Dinas Nomor {i}") for i in range(1, 9)]


def _log_ids(root: Path) -> list[int]:
    return [json.loads(line)["id"] for line in (root / ".lkjip" / "unggahan.jsonl").read_text("utf-8").splitlines()]


def test_kill_during_uploads_then_restart_keeps_every_acknowledged_upload(tmp_path):
    root = round_folder(tmp_path / "putaran", agencies=AGENCIES)
    secrets = links(root, AGENCIES)
    # each agency's own workbooks (their titles name it, so the round's status knows them)
    books = {kode: [good_workbook(tmp_path / f"{kode}a.xlsx", agency=nama).read_bytes(),
                    problem_workbook(tmp_path / f"{kode}b.xlsx", agency=nama).read_bytes()] for kode, nama in AGENCIES}
    server = Server(root)
    acked: dict[int, tuple[str, bytes]] = {}
    lock = threading.Lock()
    stop = threading.Event()

    def agency(kode: str, k: int) -> None:
        for n in range(3):                      # bounded: three uploads per agency at most
            if stop.is_set():
                return
            data = books[kode][(k + n) % 2]
            try:
                status, answer = upload(server.url, secrets[kode], data, timeout=60)
            except OSError:                     # the server died under this request: not acknowledged
                return
            if status == 200:
                with lock:
                    acked[answer["id"]] = (kode, data)

    threads = [threading.Thread(target=agency, args=(kode, k)) for k, (kode, _) in enumerate(AGENCIES)]
    for t in threads:
        t.start()
    deadline = time.monotonic() + 120
    while len(acked) < 6 and time.monotonic() < deadline:     # kill in the middle of the burst
        time.sleep(0.02)
    server.kill()
    stop.set()
    for t in threads:
        t.join(timeout=60)
    assert len(acked) >= 6, "the server acknowledged too few uploads before the kill"

    restarted = Server(root)
    try:
        ids = _log_ids(root)
        for uid, (kode, data) in acked.items():
            assert ids.count(uid) == 1, f"acknowledged upload {uid} not logged exactly once"
            entry = next(json.loads(line) for line in (root / ".lkjip" / "unggahan.jsonl").read_text("utf-8")
                         .splitlines() if json.loads(line)["id"] == uid)
            assert entry["kode"] == kode and (root / entry["arsip"]).read_bytes() == data
            assert entry["lengkap"] and (root / entry["lengkap"]).is_file()
        assert len(ids) == len(set(ids)), "an upload was processed twice"
        # every upload kept in the archive is in the log (the restart processed what the kill interrupted)
        archived = {int(p.name[:5]) for p in (root / "unggahan").rglob("*") if p.is_file()}
        assert archived == set(ids)
        assert not list((root / "unggahan" / ".masuk").glob("*")) if (root / "unggahan" / ".masuk").exists() else True
        # each agency's newest placed upload is its file in input/
        for kode, _ in AGENCIES:
            placed = [json.loads(line) for line in (root / ".lkjip" / "unggahan.jsonl").read_text("utf-8").splitlines()
                      if json.loads(line)["kode"] == kode and json.loads(line)["masukan"]]
            if placed:
                newest = max(placed, key=lambda e: e["id"])
                assert (root / "input" / newest["masukan"]).read_bytes() == (root / newest["arsip"]).read_bytes()
        # the status the server answers after the restart counts the agencies whose uploads were acknowledged
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not (root / "output" / "rekap.xlsx").exists():
            time.sleep(0.2)
        assert (root / "output" / "rekap.xlsx").exists(), "the rekap was not rebuilt after the restart"
        said = restarted.log.read_text(encoding="utf-8", errors="replace")
        print(f"\nacknowledged before the kill: {len(acked)}; logged after the restart: {len(ids)}; "
              f"{said.count('belum tercatat') and said.split(' unggahan yang belum tercatat')[0].split()[-1] or 0} "
              "recovered at start")
        status, answer = request(restarted.url, "/api/status", secret=secrets[MONITOR])
        sent = {r["kode"] for r in answer["status"] if r["status"] != "belum mengirim"}
        assert {kode for kode, _ in acked.values()} <= sent
    finally:
        restarted.stop()


def test_a_second_server_on_the_same_folder_is_refused(tmp_path):
    root = round_folder(tmp_path / "putaran")
    first = Server(root)
    try:
        import subprocess
        import sys

        second = subprocess.run([sys.executable, "-m", "xlsx_lkjip", "serve", str(root), "--port", "0"],
                                capture_output=True, text=True, timeout=120,
                                env=dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1])))
        assert second.returncode == 1 and "sedang ditulis oleh lkjip serve" in second.stderr, second.stderr
    finally:
        first.stop()
