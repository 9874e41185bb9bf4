"""Benchmark: complete N copies of a 150-row E.81 workbook and compare, in the same run, with
- the floor: python-calamine reading every cell + copying the package with zipfile,
- lkjip with 1 worker (complete_workbook in this process, like `lkjip run --workers 1`),
- lkjip with all workers (api.run with a process pool, per workbook wall time),
- an openpyxl load / fill / save round trip,
- LibreOffice headless recalculation (`soffice --convert-to xlsx`), where installed.

Usage:  python bench/bench_renja.py [--copies 40] [--rows 150] [--rounds 3]
Needs:  pip install '.[bench]'  (python-calamine)
Prints ms per workbook and each ratio to the floor.  The machines are shared and noisy: compare the
ratios of one run, not absolute numbers across runs.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.builders import build_e81  # noqa: E402
from xlsx_lkjip import api  # noqa: E402


def floor(src: Path, dst: Path) -> None:
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_path(str(src))
    for name in wb.sheet_names:
        wb.get_sheet_by_name(name).to_python()
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info, zin.read(info))


def lkjip(src: Path, dst: Path) -> None:
    res = api.complete_workbook(src, dst)
    if res.status == "gagal":
        raise SystemExit(f"lkjip failed on {src}: {res.problems}")


def openpyxl_roundtrip(src: Path, dst: Path) -> None:
    import openpyxl
    from openpyxl.cell.cell import MergedCell

    wb = openpyxl.load_workbook(src)
    ws = wb.worksheets[0]
    for row in ws.iter_rows(min_row=13, max_row=ws.max_row):
        for cell in row[23:31]:       # the computed columns 13..16 K/Rp of build_e81's layout
            if not isinstance(cell, MergedCell):
                cell.value = 1.0
    wb.save(dst)


def timed(fn, files: list[Path], out: Path) -> float:
    out.mkdir(exist_ok=True)
    per = []
    for f in files:
        t = time.perf_counter()
        fn(f, out / f.name)
        per.append(time.perf_counter() - t)
    return statistics.median(per) * 1000


def batch(folder: Path, out: Path, workers: int, rekap: bool = False) -> float:
    """Wall time per workbook of a whole `run` with `workers` processes (the rekap excluded unless asked)."""
    shutil.rmtree(out, ignore_errors=True)
    t = time.perf_counter()
    report = api.run(folder, out, workers=workers, write_rekap=rekap, keep_rows=False)   # as `lkjip run` does
    elapsed = time.perf_counter() - t
    assert all(r.status != "gagal" for r in report.results)
    return elapsed / len(report.results) * 1000


def libreoffice(files: list[Path], out: Path) -> tuple[float, float] | None:
    """(ms per workbook with one soffice call per workbook, as a script would do; ms per workbook when one
    call converts 10 workbooks, which hides the start-up)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        return None
    profile = out / "profile"
    cmd = [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "xlsx", "--outdir"]
    subprocess.run(cmd + [str(out / "warm"), str(files[0])], capture_output=True, timeout=300)  # profile set-up
    single = []
    for f in files[:3]:
        t = time.perf_counter()
        subprocess.run(cmd + [str(out / "lo1"), str(f)], capture_output=True, timeout=300, check=True)
        single.append(time.perf_counter() - t)
    subset = files[: min(10, len(files))]
    t = time.perf_counter()
    subprocess.run(cmd + [str(out / "lo"), *map(str, subset)], capture_output=True, timeout=600, check=True)
    return statistics.median(single) * 1000, (time.perf_counter() - t) / len(subset) * 1000


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--copies", type=int, default=40)
    ap.add_argument("--rows", type=int, default=150)
    ap.add_argument("--rounds", type=int, default=3, help="interleaved rounds; the best median is kept")
    args = ap.parse_args()
    cores = os.cpu_count() or 1
    tmp = Path(tempfile.mkdtemp(prefix="lkjip-bench-"))
    try:
        files = []
        (tmp / "in").mkdir()
        for i in range(args.copies):
            p = tmp / "in" / f"renja_{i:04d}.xlsx"
            build_e81(p, n_rows=args.rows, seed=i)
            files.append(p)
        size = files[0].stat().st_size
        runners = {"floor (calamine + zip copy)": floor, "lkjip, 1 worker": lkjip,
                   "openpyxl load/fill/save": openpyxl_roundtrip}
        best = {k: float("inf") for k in runners}
        best[f"lkjip run, {cores} workers"] = float("inf")
        best["lkjip run, 1 worker (batch)"] = float("inf")
        best["lkjip run, 1 worker, with rekap"] = float("inf")
        best[f"lkjip run, {cores} workers, with rekap"] = float("inf")
        for _ in range(args.rounds):   # interleave so drift on a shared machine hits every runner alike
            for name, fn in runners.items():
                best[name] = min(best[name], timed(fn, files, tmp / name.split()[0]))
            best["lkjip run, 1 worker (batch)"] = min(best["lkjip run, 1 worker (batch)"],
                                                      batch(tmp / "in", tmp / "b1", 1))
            best[f"lkjip run, {cores} workers"] = min(best[f"lkjip run, {cores} workers"],
                                                      batch(tmp / "in", tmp / "bn", cores))
            best["lkjip run, 1 worker, with rekap"] = min(best["lkjip run, 1 worker, with rekap"],
                                                          batch(tmp / "in", tmp / "br", 1, rekap=True))
            best[f"lkjip run, {cores} workers, with rekap"] = min(best[f"lkjip run, {cores} workers, with rekap"],
                                                                 batch(tmp / "in", tmp / "brn", cores, rekap=True))
        lo = libreoffice(files, tmp)
        if lo is not None:
            best["LibreOffice, one soffice call per file"] = lo[0]
            best["LibreOffice, 10 files per call"] = lo[1]
        base = best["floor (calamine + zip copy)"]
        one = best["lkjip, 1 worker"]
        print(f"{args.copies} workbooks x {args.rows} rows ({size / 1024:.0f} KiB each), {cores} cores; "
              f"ms per workbook (median; batch rows: wall time / workbooks):")
        for name, ms in best.items():
            print(f"  {name:38s} {ms:8.1f} ms   {ms / base:6.2f}x floor")
        if lo is None:
            print("  LibreOffice headless recalculation    (soffice not installed: skipped)")
        print(f"lkjip 1 worker vs floor: {one / base:.2f}x (goal <= 2x)")
        print(f"lkjip vs openpyxl round trip: {best['openpyxl load/fill/save'] / one:.1f}x faster (goal >= 5x)")
        if lo is not None:
            print(f"lkjip vs LibreOffice: {lo[0] / one:.0f}x faster than a call per file (goal >= 50x), "
                  f"{lo[1] / one:.0f}x faster than batched calls")
        speedup = best["lkjip run, 1 worker (batch)"] / best[f"lkjip run, {cores} workers"]
        whole = best["lkjip run, 1 worker, with rekap"] / best[f"lkjip run, {cores} workers, with rekap"]
        print(f"speed-up with {cores} workers: {speedup:.2f}x without the rekap, {whole:.2f}x for the whole run "
              f"(linear would be {cores}x)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
