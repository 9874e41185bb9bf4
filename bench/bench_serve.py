"""Forty agencies uploading at once to `lkjip serve` on 127.0.0.1: every upload kept and processed once, how long
the answers take, how slow the pages get while the workbooks are read and the rekap is rebuilt, peak memory.

Usage:  python bench/bench_serve.py [--agencies 40] [--rows 150] [--timeout 600]
Bounded: one upload per agency (all started together), page requests every 0.25 s until the rekap holds every
agency or --timeout passes; then the server is stopped.  Linux (reads /proc for the memory of the server's
process tree: the server, its reader children and the rekap run).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.builders import build_e81  # noqa: E402
from tests.web_helpers import MONITOR, Server, links, request, round_folder, upload  # noqa: E402


def tree_rss(pid: int) -> int:
    """Resident bytes of `pid` and all its descendants (Linux /proc)."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, ValueError):
            continue
    return total


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--agencies", type=int, default=40)
    ap.add_argument("--rows", type=int, default=150)
    ap.add_argument("--timeout", type=float, default=600)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="lkjip-serve-"))
    agencies = [(f"OPD{i:02d}", f"Dinas Nomor {i}") for i in range(1, args.agencies + 1)]
    try:
        root = round_folder(tmp / "putaran", agencies=agencies)
        secrets = links(root, agencies)
        books = {}
        for i, (kode, nama) in enumerate(agencies):
            path = tmp / f"{kode}.xlsx"
            build_e81(path, n_rows=args.rows, seed=i, agency=nama)
            books[kode] = path.read_bytes()
        server = Server(root)
        done = threading.Event()
        answers: dict[str, tuple[int, float, dict]] = {}
        pages: list[tuple[float, str]] = []
        peak = [0]

        def agency(kode: str) -> None:
            started = time.monotonic()
            status, answer = upload(server.url, secrets[kode], books[kode], filename=f"Renja {kode}.xlsx",
                                    timeout=args.timeout)
            answers[kode] = (status, time.monotonic() - started, answer if isinstance(answer, dict) else {})

        def poll_pages() -> None:
            paths = [f"/bappeda/{secrets[MONITOR]}", f"/opd/{secrets[agencies[0][0]]}", "/"]
            k = 0
            while not done.is_set():
                path = paths[k % len(paths)]
                k += 1
                t = time.monotonic()
                status, _ = request(server.url, path, timeout=60)
                pages.append((time.monotonic() - t, f"{path.split('/')[1] or '/'} #{k}"))
                peak[0] = max(peak[0], tree_rss(server.proc.pid))
                time.sleep(0.25)

        poller = threading.Thread(target=poll_pages)
        poller.start()
        t0 = time.monotonic()
        threads = [threading.Thread(target=agency, args=(kode,)) for kode, _ in agencies]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=args.timeout)
        uploads_done = time.monotonic() - t0
        record = root / "output" / ".lkjip" / "putaran.json"
        while time.monotonic() - t0 < args.timeout:
            try:
                if len(json.loads(record.read_text("utf-8")).get("workbooks", [])) == len(agencies):
                    break
            except (OSError, ValueError):
                pass
            time.sleep(0.25)
        rekap_done = time.monotonic() - t0
        time.sleep(0.5)
        done.set()
        poller.join()
        server.stop()

        log = [json.loads(line) for line in (root / ".lkjip" / "unggahan.jsonl").read_text("utf-8").splitlines()]
        ids = [e["id"] for e in log]
        archived = [p for p in (root / "unggahan").rglob("*.xlsx") if not p.name.endswith(" lengkap.xlsx")]
        ok = [k for k, (s, _, _) in answers.items() if s == 200]
        kept = all((root / e["arsip"]).read_bytes() == books[e["kode"]] for e in log)
        inputs = sorted(p.name for p in (root / "input").iterdir())
        slowest_upload = max(s for _, s, _ in answers.values())
        slow_page = max(pages)
        print(f"agencies: {len(agencies)}, workbooks of {args.rows} rows ({sum(map(len, books.values())) // 1024} KB "
              "in all), all uploads started together")
        print(f"acknowledged: {len(ok)}/{len(agencies)}; in the uploads log: {len(ids)} ({len(set(ids))} distinct); "
              f"archived: {len(archived)}; archive bytes equal the uploads: {kept}; files in input/: {len(inputs)}")
        print(f"every upload answered after {uploads_done:.1f} s (slowest answer {slowest_upload:.1f} s); "
              f"rekap and record holding all {len(agencies)} after {rekap_done:.1f} s")
        print(f"pages while processing: {len(pages)} answers, slowest {slow_page[0] * 1000:.0f} ms ({slow_page[1]}), "
              f"median {sorted(p for p, _ in pages)[len(pages) // 2] * 1000:.0f} ms")
        print(f"peak memory of the server's process tree: {peak[0] / 2 ** 20:.0f} MB")
        good = len(ok) == len(agencies) == len(set(ids)) == len(ids) == len(archived) == len(inputs) and kept
        print("OK" if good else "NOT OK")
        return 0 if good else 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
