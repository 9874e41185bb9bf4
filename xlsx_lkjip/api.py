"""The public library API, in one place (the modules behind it live in batch/).

    from xlsx_lkjip.api import complete_workbook, run      # or: from xlsx_lkjip import complete_workbook, run
    result = complete_workbook("input/Renja BKPSDM.xlsx", "output/Renja BKPSDM.xlsx")
    report = run("input", "output")          # every workbook + output/rekap.xlsx + output/.lkjip/putaran.json
    record = read_round("output")            # the round as it was run: settings, round, every figure
    tables = frames("output")                # the rekap's tables as pandas DataFrames (the [pandas] extra)
    written = laporan("output")              # the LKjIP tables of every agency, into output/laporan/
    with FolderLock("output", "serve"):      # one writer per output folder (FolderBusy names the holder)
        ...

A workbook flows one way: io (package, sheet reader) -> forms (layout found) -> evaluate (parsed numbers,
computed results) -> io (cell edits written) -> report (rekap); batch/ drives it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:   # what editors and type checkers see; at run time each name comes from __getattr__ below
    from .batch.laporan import LaporanReport, laporan
    from .batch.lock import FolderBusy, FolderLock, holder as folder_holder
    from .batch.results import DENGAN_PERINGATAN, GAGAL, REKAP_NAME, SELESAI, Report, UsageError, WorkbookResult
    from .batch.round_record import RecordError, RecordMissing, RoundRecord
    from .batch.round_record import read as read_round
    from .batch.run import check, describe_sheet, run
    from .batch.stop import Stopped, install_stop_handlers
    from .batch.workbook import complete_workbook
    from .report.frames import frames

# Each name is loaded on first use (PEP 562): `from xlsx_lkjip.api import check` does not load the laporan's
# writers (python-docx, xlsxwriter: ~300 ms) or pandas.  name -> (module, attribute)
_WHERE = {
    "FolderBusy": (".batch.lock", "FolderBusy"), "FolderLock": (".batch.lock", "FolderLock"),
    "folder_holder": (".batch.lock", "holder"),
    "Stopped": (".batch.stop", "Stopped"), "install_stop_handlers": (".batch.stop", "install_stop_handlers"),
    "RecordError": (".batch.round_record", "RecordError"), "RecordMissing": (".batch.round_record", "RecordMissing"),
    "RoundRecord": (".batch.round_record", "RoundRecord"), "read_round": (".batch.round_record", "read"),
    **{name: (".batch.results", name) for name in ("DENGAN_PERINGATAN", "GAGAL", "REKAP_NAME", "SELESAI", "Report",
                                                   "UsageError", "WorkbookResult")},
    "LaporanReport": (".batch.laporan", "LaporanReport"), "laporan": (".batch.laporan", "laporan"),
    "check": (".batch.run", "check"), "describe_sheet": (".batch.run", "describe_sheet"), "run": (".batch.run", "run"),
    "complete_workbook": (".batch.workbook", "complete_workbook"),
    "frames": (".report.frames", "frames"),
}


def __getattr__(name: str):
    where = _WHERE.get(name)
    if where is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(where[0], __package__), where[1])
    globals()[name] = value     # later lookups do not come here again
    return value


def __dir__():
    return sorted(set(globals()) | set(_WHERE))


__all__ = ["DENGAN_PERINGATAN", "GAGAL", "REKAP_NAME", "SELESAI", "FolderBusy", "FolderLock", "folder_holder",
           "LaporanReport", "RecordError", "RecordMissing",
           "Report", "RoundRecord", "Stopped", "UsageError", "WorkbookResult", "check", "complete_workbook",
           "describe_sheet", "frames", "install_stop_handlers", "laporan", "read_round", "run"]
