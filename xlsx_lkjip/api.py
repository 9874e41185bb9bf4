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

from .batch.lock import FolderBusy, FolderLock, holder as folder_holder
from .batch.stop import Stopped, install_stop_handlers
from .batch.round_record import RecordError, RecordMissing, RoundRecord
from .batch.round_record import read as read_round
from .batch.results import DENGAN_PERINGATAN, GAGAL, REKAP_NAME, SELESAI, Report, UsageError, WorkbookResult
from .batch.laporan import LaporanReport, laporan
from .batch.run import check, describe_sheet, run
from .batch.workbook import complete_workbook
from .report.frames import frames

__all__ = ["DENGAN_PERINGATAN", "GAGAL", "REKAP_NAME", "SELESAI", "FolderBusy", "FolderLock", "folder_holder",
           "LaporanReport", "RecordError", "RecordMissing",
           "Report", "RoundRecord", "Stopped", "UsageError", "WorkbookResult", "check", "complete_workbook",
           "describe_sheet", "frames", "install_stop_handlers", "laporan", "read_round", "run"]
