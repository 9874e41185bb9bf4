"""Test helper: the processes of a process group that still run (Linux /proc), for the tests that kill runs."""

from __future__ import annotations

import os
from pathlib import Path


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
