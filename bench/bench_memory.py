"""Peak resident memory of `lkjip run` on many workbooks (default 2,000 workbooks of 150 rows).

Usage:  python bench/bench_memory.py [--workbooks 2000] [--rows 150] [--workers 1]
Builds 20 distinct workbooks and copies them under distinct names, runs `python -m xlsx_lkjip run` in a
child process and prints its peak RSS (ru_maxrss of the children; with --workers > 1 the largest single
process, since each worker is its own process).  POSIX only (resource module).
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.builders import build_e81  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--workbooks", type=int, default=2000)
    ap.add_argument("--rows", type=int, default=150)
    ap.add_argument("--workers", type=int, default=1)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="lkjip-mem-"))
    try:
        src = tmp / "in"
        src.mkdir()
        models = []
        for i in range(20):
            p = tmp / f"model_{i}.xlsx"
            build_e81(p, n_rows=args.rows, seed=i)
            models.append(p.read_bytes())
        for i in range(args.workbooks):
            (src / f"Renja OPD {i:05d}.xlsx").write_bytes(models[i % len(models)])
        t = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "xlsx_lkjip", "run", str(src), "-o", str(tmp / "out"),
                               "--workers", str(args.workers)], capture_output=True, text=True, cwd=ROOT)
        elapsed = time.perf_counter() - t
        peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        print(proc.stdout.strip().splitlines()[-2] if proc.stdout else proc.stderr[-500:])
        print(f"{args.workbooks} workbooks x {args.rows} rows, {args.workers} worker(s): {elapsed:.1f} s, "
              f"peak RSS {peak_kib / 1024:.0f} MB, rekap {(tmp / 'out' / 'rekap.xlsx').stat().st_size / 1e6:.1f} MB")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
