"""Test helpers for the tests that stop or kill runs: the processes of a process group that still run (Linux
/proc), two rounds of inputs, a folder's files by hash, and child programs that slow writes down or signal from
inside a library call."""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from tests.mini import e81_row, e81_workbook

MARK = ".lkjip/putaran-berjalan.json"     # round_state's mark of an unfinished round
LOCK = ".lkjip/kunci"
TEMP = re.compile(r"^\..+\.\d+\.tmp$")   # atomic_write's temporary files


def live_in_group(pgid: int) -> list[int]:
    """Processes of the group that still run (zombies waiting for a parent to reap them do not)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        if int(fields[2]) == pgid and fields[0] != "Z":
            found.append(int(entry))
    return found


def slow_writes(condition: str, pause: float) -> str:
    """Code for `python -c … run …`: lkjip's CLI where every write to a file whose name (`file`) satisfies the
    Python expression `condition` first sleeps `pause` seconds, so a signal lands while that file is open."""
    return f"""
import builtins, sys, time
real_open = builtins.open
class Slow:
    def __init__(self, fh): self.fh = fh
    def write(self, data):
        time.sleep({pause})
        return self.fh.write(data)
    def __getattr__(self, name): return getattr(self.fh, name)
    def __enter__(self): return self
    def __exit__(self, *exc): self.fh.close(); return False
def slow_open(file, mode="r", *a, **k):
    fh = real_open(file, mode, *a, **k)
    return Slow(fh) if "w" in mode and ({condition}) else fh
builtins.open = slow_open
from xlsx_lkjip.cli import main
main(sys.argv[1:], prog_name="lkjip")
"""


# Code for `python -c … run …`: lkjip's CLI that signals its own process group (as Ctrl+C in a console does: the
# pool's workers too) from INSIDE a library call, at a point the environment names, so a stop lands exactly there:
#   LKJIP_STOP_ARM  counting starts when a file whose name holds this is opened for writing ("": at once)
#   LKJIP_STOP_IN   the calls counted: Python functions whose source file's path holds this ("zipfile", "xlsxwriter")
#   LKJIP_STOP_AT   the signal is sent as the n-th counted call begins
#   LKJIP_STOP_SIG  the signal's number
#   LKJIP_STOP_AGAIN  (optional) a second signal that many counted calls after the first
# The signal comes from a profile hook, that is as the library function is entered: its handler runs inside it.
SIGNAL_INSIDE = """
import builtins, os, sys
arm, where = os.environ["LKJIP_STOP_ARM"], os.environ["LKJIP_STOP_IN"]
at, sig = int(os.environ["LKJIP_STOP_AT"]), int(os.environ["LKJIP_STOP_SIG"])
again = int(os.environ.get("LKJIP_STOP_AGAIN") or 0)
count = [0]
def hook(frame, event, arg):
    if event != "call" or where not in frame.f_code.co_filename:
        return
    count[0] += 1
    if count[0] == at or (again and count[0] == at + again):
        os.killpg(os.getpgrp(), sig)
        if not again or count[0] == at + again:
            sys.setprofile(None)
real_open = builtins.open
def arming_open(file, mode="r", *a, **k):
    if "w" in mode and arm in os.path.basename(str(file)):
        builtins.open = real_open
        sys.setprofile(hook)
    return real_open(file, mode, *a, **k)
if arm:
    builtins.open = arming_open
else:
    sys.setprofile(hook)
from xlsx_lkjip.cli import main
main(sys.argv[1:], prog_name="lkjip")
"""


def round_inputs(folder: Path, version: int, n: int) -> None:
    """`n` one-row Renja workbooks, one agency each; another `version` gives other figures (another round)."""
    folder.mkdir(parents=True)
    for i in range(n):
        header = [["EVALUASI TERHADAP HASIL RENJA"], [f"Perangkat Daerah : Dinas Uji {i:03d}"],
                  ["Periode Pelaksanaan : Triwulan I Tahun 2024"], []]
        e81_workbook(folder / f"Renja {i:03d}.xlsx",
                     [e81_row(1, "5.03.01.2.01.01", "Koordinasi", "Jumlah dokumen", t8=(10, 100),
                              q=((i % 7 + 2 * version, 50 + version),) + ((None, None),) * 3)], header=header)


def tree(folder: Path) -> dict[str, str]:
    """relative name -> sha256 of every file under its real name (temp files and the lock left out)."""
    out = {}
    for p in sorted(Path(folder).rglob("*")):
        rel = p.relative_to(folder).as_posix()
        if p.is_file() and not TEMP.match(p.name) and rel != LOCK:
            out[rel] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def temps(folder: Path) -> list[str]:
    return [p.name for p in Path(folder).rglob("*") if TEMP.match(p.name)]
