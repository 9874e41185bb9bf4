"""Where a run's time goes: CPU (process time) of each stage of `lkjip run --workers 1` over N distinct 150-row
workbooks, measured by timers wrapped around the stage functions in this process (rekap and round record
included).  The best of three runs; ms per workbook and the share of the whole.

Usage:  python bench/bench_stages.py [--workbooks 60] [--rows 150] [--off]     (--off: LKJIP_NO_SPEEDUPS)
Run it with the tree to measure first on sys.path (it inserts its own checkout).  The form kinds' finders and
evaluators are timed through the registry (evaluate/kinds.py), as batch/workbook.py calls them.  In-process:
start-up and the interpreter's teardown are outside it (bench_speed.py measures them).
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

STAGES = [  # (module, function, label): the names workbook.py and the batch call, so the wrapper is what runs
    ("xlsx_lkjip.batch.workbook", "read_grid", "parse cells into the grid"),
    ("xlsx_lkjip.batch.workbook", "apply_edits", "write the sheet XML (splice)"),
    ("xlsx_lkjip.batch.workbook", "write_package", "zip copy"),
    ("xlsx_lkjip.batch.workbook", "_write_output", "atomic write"),
    ("xlsx_lkjip.batch.workbook", "Package", "open the package"),
    ("xlsx_lkjip.report.rekap", "render_rows", "rekap rows rendered"),
    ("xlsx_lkjip.batch.round_record", "workbook_entry", "round record entry"),
    ("xlsx_lkjip.report.rekap.RekapWriter", "add", "rekap add"),
    ("xlsx_lkjip.report.rekap.RekapWriter", "close", "rekap close (xlsxwriter, zlib)"),
]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--workbooks", type=int, default=60)
    ap.add_argument("--rows", type=int, default=150)
    ap.add_argument("--off", action="store_true")
    args = ap.parse_args()
    if args.off:
        os.environ["LKJIP_NO_SPEEDUPS"] = "1"
    import importlib

    from tests.builders import build_e81
    from xlsx_lkjip import api

    spent: Counter = Counter()

    def timer(fn, label):
        def timed(*a, **k):
            t = time.process_time()
            try:
                return fn(*a, **k)
            finally:
                spent[label] += time.process_time() - t
        return timed

    # the form kinds' finders and evaluators (batch/workbook.py calls them through the registry)
    from xlsx_lkjip.evaluate import kinds
    for i, kind in enumerate(kinds.KINDS):
        kinds.KINDS[i] = dataclasses.replace(kind, find=timer(kind.find, "find the form"),
                                             header=timer(kind.header, "find the form"),
                                             evaluate=timer(kind.evaluate, "compute (evaluate the sheet)"))
    for mod_name, fn_name, label in STAGES:
        owner_name, _, cls = mod_name.partition(".RekapWriter")
        owner = importlib.import_module(owner_name)
        if cls or mod_name.endswith("RekapWriter"):
            owner = owner.RekapWriter
        fn = getattr(owner, fn_name, None)
        if fn is not None:
            setattr(owner, fn_name, timer(fn, label))
    tmp = Path(tempfile.mkdtemp(prefix="lkjip-stages-"))
    try:
        for i in range(args.workbooks):
            build_e81(tmp / "in" / f"Renja OPD {i:03d}.xlsx" if (tmp / "in").mkdir(exist_ok=True) is None else "",
                      n_rows=args.rows, seed=i)
        best = None
        for _ in range(3):
            spent.clear()
            shutil.rmtree(tmp / "out", ignore_errors=True)
            t = time.process_time()
            api.run(tmp / "in", tmp / "out", workers=1, keep_rows=False)
            total = time.process_time() - t
            if best is None or total < best[0]:
                best = (total, dict(spent))
        total, stages = best
        per = 1000 / args.workbooks
        print(f"| stage | ms/wb | share |   ({args.workbooks} workbooks x {args.rows} rows, "
              f"{'no speedups' if args.off else 'speedups if built'}; total {total * per:.1f} ms/wb)")
        print("|---|---|---|")
        for label, s in sorted(stages.items(), key=lambda x: -x[1]):
            print(f"| {label} | {s * per:.1f} | {s / total:.0%} |")
        print(f"| the rest (per-workbook bookkeeping, problems, summary sheet, batch) | "
              f"{(total - sum(stages.values())) * per:.1f} | {(total - sum(stages.values())) / total:.0%} |")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
