"""Gathering the monitoring rounds for `lkjip rekap`: the results of every workbook in each round's folder,
keyed by the round they report (year, triwulan).  The rounds are read back from completed workbooks (or
any workbooks): they are checked again, which gives the same figures the round's run wrote."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from ..config import DEFAULT, Config
from ..files import list_inputs
from ..report.multi_round import ROMAN
from .results import REKAP_NAME, UsageError, WorkbookResult
from .workbook import complete_workbook


def _round_key(result: WorkbookResult, fallback: str) -> tuple:
    tw = result.info.triwulan
    order = ROMAN.index(tw) + 1 if tw in ROMAN else 9
    return (result.info.tahun or "", order, tw or fallback)


def collect(folders: list[Path], config: Config = DEFAULT, recursive: bool = False):
    """{round key: [results]} from every workbook in the folders (rekap.xlsx files skipped)."""
    rounds: dict[tuple, list[WorkbookResult]] = defaultdict(list)
    for folder in folders:
        folder = Path(folder)
        if not folder.exists():
            raise UsageError(f"folder tidak ditemukan: {folder}")
        files = list_inputs(folder, recursive) if folder.is_dir() else [folder]
        for p in files:
            if p.name.casefold() == REKAP_NAME:
                continue
            result = complete_workbook(p, None, config, name=p.name)
            if result.sheets:
                rounds[_round_key(result, folder.name)].append(result)
    return dict(sorted(rounds.items()))
