"""What durability costs: `lkjip run` on N workbooks as shipped (each completed workbook's data synced to disk
before its rename, each output folder synced once before the round's record; the rekap and the record synced
with their folder) against the same run with fsync turned off (as before issue 22).

Usage:  python bench/bench_durable.py [--workbooks 100] [--rows 150] [--rounds 3] [--dir PATH]
Runs in this process with one worker (api.run), alternating the two modes; prints the median ms per workbook of
each and the difference.  `--dir` puts the folders on the disk to measure (default: the system's temporary
folder; /dev/shm or another tmpfs shows no cost at all).  The machines are shared and noisy: compare the two
figures of one run.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.builders import build_e81  # noqa: E402
from xlsx_lkjip import api  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--workbooks", type=int, default=100)
    ap.add_argument("--rows", type=int, default=150)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--dir", type=Path, default=None)
    args = ap.parse_args()
    base = Path(tempfile.mkdtemp(prefix="lkjip-durable-", dir=args.dir))
    try:
        src = base / "in"
        src.mkdir()
        first = src / "Renja 0000.xlsx"
        build_e81(first, args.rows)
        for i in range(1, args.workbooks):
            shutil.copy(first, src / f"Renja {i:04d}.xlsx")
        real_fsync = os.fsync
        times: dict[str, list[float]] = {"durable": [], "no fsync": []}
        for r in range(args.rounds):
            for mode in ("durable", "no fsync"):
                out = base / f"out-{mode}-{r}"
                os.fsync = real_fsync if mode == "durable" else (lambda fd: None)
                try:
                    started = time.perf_counter()
                    report = api.run(src, out, workers=1, keep_rows=False)
                    times[mode].append((time.perf_counter() - started) / args.workbooks * 1000)
                finally:
                    os.fsync = real_fsync
                assert report.record is not None
        d, n = statistics.median(times["durable"]), statistics.median(times["no fsync"])
        print(f"{args.workbooks} workbooks of {args.rows} rows in {base.parent}: durable {d:.1f} ms per workbook, "
              f"without fsync {n:.1f} ms; durability costs {d - n:.1f} ms per workbook ({(d - n) / n * 100:.0f} %)")
    finally:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
