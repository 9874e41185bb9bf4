"""CPU of `lkjip run` against the floor, with and without the C speedups; 2 workers against 1; a 10,000-row
workbook (time and peak memory); start-up of `lkjip check` and `lkjip --help`.

Usage:  python bench/bench_speed.py [--workbooks 60] [--rows 150] [--pairs 5] [--big 10000] [--startup 9]

The floor is what no tool can avoid: python-calamine reading every cell of every workbook and zipfile copying
each package, in one process.  Every figure is the CPU time (user + system) of a child process, from wait4,
not wall time: the machines are shared.  Runs are interleaved (floor, lkjip, lkjip without speedups, floor,
…) so drift hits each alike, and the ratios are medians over the pairs.  The children get a bytecode cache
(PYTHONPYCACHEPREFIX in a temporary folder, warmed first) as an installed lkjip has; without one every
start compiles the sources (130 ms).  `check`, `--help` and a finished `run` end with os._exit after
flushing (cli.command): the interpreter's teardown is not in their figures because lkjip does not do it
(LKJIP_FULL_EXIT=1 gives the usual ending).  POSIX only (os.wait4).  Prints a Markdown table.
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
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.builders import build_e81  # noqa: E402

FLOOR = r"""
import sys, zipfile
from pathlib import Path
from python_calamine import CalamineWorkbook
src, out = Path(sys.argv[1]), Path(sys.argv[2])
out.mkdir(exist_ok=True)
for f in sorted(src.glob("*.xlsx")):
    wb = CalamineWorkbook.from_path(str(f))
    for name in wb.sheet_names:
        wb.get_sheet_by_name(name).to_python()
    with zipfile.ZipFile(f) as zin, zipfile.ZipFile(out / f.name, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info, zin.read(info))
"""


def child(cmd: list[str], env: dict) -> tuple[float, float, float]:
    """(CPU seconds, wall seconds, peak RSS in MB) of one child process; it must succeed.  It runs in the
    checkout on its PYTHONPATH (`python -m` puts the working folder first on sys.path)."""
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=env.get("PYTHONPATH", ROOT), env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) not in (0, 1):   # 1: a workbook with a galat, still a run
        raise SystemExit(f"{' '.join(cmd)} failed: {err[-800:]}")
    return usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--workbooks", type=int, default=60)
    ap.add_argument("--rows", type=int, default=150)
    ap.add_argument("--pairs", type=int, default=5)
    ap.add_argument("--big", type=int, default=10000, help="rows of the large workbook (0: skip)")
    ap.add_argument("--startup", type=int, default=9, help="runs of each start-up command")
    ap.add_argument("--base", type=Path, help="another checkout (e.g. a worktree of an older commit): its "
                                               "`run --workers 1` joins the interleaved pairs, for a before/after")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="lkjip-speed-"))
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONPYCACHEPREFIX": str(tmp / "pyc")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    plain = {**env, "LKJIP_NO_SPEEDUPS": "1"}
    py = sys.executable
    try:
        src = tmp / "in"
        src.mkdir()
        for i in range(args.workbooks):   # distinct agencies: each its own figures
            build_e81(src / f"Evaluasi Renja OPD {i:03d} TW I 2024.xlsx", n_rows=args.rows, seed=i)

        def lkjip(out: str, e: dict, workers: int = 1) -> tuple[float, float, float]:
            shutil.rmtree(tmp / out, ignore_errors=True)
            return child([py, "-m", "xlsx_lkjip", "run", str(src), "-o", str(tmp / out), "--workers", str(workers)],
                         e)

        base_env = {**env, "PYTHONPATH": str(args.base.resolve())} if args.base else None

        def floor() -> tuple[float, float, float]:
            shutil.rmtree(tmp / "floor", ignore_errors=True)
            return child([py, "-c", FLOOR, str(src), str(tmp / "floor")], env)

        active = subprocess.run([py, "-c", "from xlsx_lkjip import speedups; print(speedups.ACTIVE)"], cwd=ROOT,
                                env=env, capture_output=True, text=True).stdout.strip() == "True"
        floor(), lkjip("warm", env), lkjip("warm", plain)      # bytecode cache, page cache
        if base_env:
            lkjip("warm", base_env)
        pairs = []
        for _ in range(args.pairs):
            f, on, off = floor()[0], lkjip("on", env)[0], lkjip("off", plain)[0]
            pairs.append((f, on, off, lkjip("base", base_env)[0] if base_env else None))
        rows = [("floor: calamine reads every cell + zip copy, 1 process", statistics.median(p[0] for p in pairs),
                 1.0)]
        rows.append((f"lkjip run --workers 1, speedups {'on' if active else 'NOT BUILT'}",
                     statistics.median(p[1] for p in pairs), statistics.median(p[1] / p[0] for p in pairs)))
        rows.append(("lkjip run --workers 1, LKJIP_NO_SPEEDUPS=1", statistics.median(p[2] for p in pairs),
                     statistics.median(p[2] / p[0] for p in pairs)))
        if base_env:
            rows.append((f"lkjip run --workers 1 of {args.base}", statistics.median(p[3] for p in pairs),
                         statistics.median(p[3] / p[0] for p in pairs)))
        one, two = [], []
        for _ in range(3):
            one.append(lkjip("w1", env, 1))
            two.append(lkjip("w2", env, 2))
        sys.stdout.flush()
        print(f"{args.workbooks} distinct workbooks x {args.rows} rows, {os.cpu_count()} cores, "
              f"median of {args.pairs} interleaved runs (CPU = user + system of the child process)\n")
        print("| run | CPU s | × floor |")
        print("|---|---|---|")
        for name, cpu, ratio in rows:
            print(f"| {name} | {cpu:.2f} | {ratio:.2f} |")
        w1 = statistics.median(w for _, w, _ in one)
        w2 = statistics.median(w for _, w, _ in two)
        print(f"| lkjip run --workers 2 (wall {w2:.2f} s vs {w1:.2f} s with 1 worker: {w1 / w2:.2f}x; shared "
              f"machine) | {statistics.median(c for c, _, _ in two):.2f} | "
              f"{statistics.median(c for c, _, _ in two) / rows[0][1]:.2f} |")
        if args.big:
            big = tmp / "big"
            big.mkdir()
            build_e81(big / "Evaluasi Renja OPD Besar TW I 2024.xlsx", n_rows=args.big, seed=7)
            for label, e in (("speedups", env), ("no speedups", plain)):
                shutil.rmtree(tmp / "bigout", ignore_errors=True)
                cpu, wall, rss = child([py, "-m", "xlsx_lkjip", "run", str(big), "-o", str(tmp / "bigout"),
                                        "--workers", "1"], e)
                print(f"| one workbook of {args.big:,} rows, {label}: CPU {cpu:.2f} s, wall {wall:.2f} s, "
                      f"peak RSS {rss:.0f} MB | {cpu:.2f} | |")
        sample = ROOT / "input" / "Evaluasi Renja Dinas Kominfo TW I 2024.xlsx"
        starts = {"python -c 'import python_calamine'": [py, "-c", "import python_calamine"],
                  "lkjip --help": [py, "-m", "xlsx_lkjip", "--help"],
                  f"lkjip check \"{sample.name}\"": [py, "-m", "xlsx_lkjip", "check", str(sample)],
                  "lkjip check, one 150-row workbook": [py, "-m", "xlsx_lkjip", "check", str(next(src.iterdir()))]}
        times = {k: [] for k in starts}
        for _ in range(args.startup):
            for k, cmd in starts.items():
                times[k].append(child(cmd, env)[0] * 1000)
        if not args.startup:
            return
        base = statistics.median(times["python -c 'import python_calamine'"])
        print("\n| start-up (CPU, median) | ms | above `import python_calamine` |")
        print("|---|---|---|")
        for k, v in times.items():
            print(f"| {k} | {statistics.median(v):.0f} | {statistics.median(v) - base:+.0f} |")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
