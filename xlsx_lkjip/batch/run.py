"""Running a batch: every workbook of an input folder completed into the output folder (in a pool when
asked), the rekap written while results arrive, the CSV tables; and `check`, which reads and computes the
same way but writes nothing.  Knows nothing of click."""

from __future__ import annotations

import gc
import os
import time
from pathlib import Path
from typing import Callable

from ..config import DEFAULT, Config
from ..files import TempFolderError, atomic_write, file_sha256, list_inputs, os_reason, output_name, remove_stale_temp, sync_folder
from ..forms.header import FACTS
from .results import DILEWATI, REKAP_NAME, OutputError, Report, UsageError, WorkbookResult
from .workbook import complete_workbook

SPILL_AFTER = 200


def output_path(output: Path, name: str, names=()) -> Path:
    """Where the completed workbook of input `name` (one of the inputs `names`) goes: an .xls/.ods as
    `<stem>.xlsx` (files.output_name); an input named rekap.xlsx never takes the recap's place."""
    dst = output.joinpath(*output_name(name, names).split("/"))
    if dst.name.casefold() == REKAP_NAME and dst.parent == output:
        dst = dst.with_name(dst.stem + " (masukan).xlsx")
    return dst


def check_folders(input_path: Path, output: Path) -> None:
    if not input_path.exists():
        raise UsageError(f"INPUT tidak ditemukan: {input_path}")
    in_dir = (input_path if input_path.is_dir() else input_path.parent).resolve()
    out = output.resolve()
    if out == in_dir:
        raise UsageError("folder OUTPUT tidak boleh sama dengan folder INPUT (berkas masukan tidak boleh ditimpa)")
    if input_path.is_dir() and in_dir in out.parents:
        raise UsageError("folder OUTPUT tidak boleh berada di dalam folder INPUT")
    if output.exists() and not output.is_dir():
        raise UsageError(f"OUTPUT bukan folder: {output}")


def run(input_path="input", output="output", *, recursive: bool = False, config: Config = DEFAULT,
        on_result: Callable[[WorkbookResult, int, int], None] | None = None, debug: bool = False,
        write_rekap: bool = True, config_source: Path | None = None, workers: int | None = 1,
        csv_folder: Path | None = None, summary_sheet: bool = True, keep_rows: bool = True,
        write_record: bool | None = None, feedback_folder: Path | None = None) -> Report:
    """Complete every workbook under `input_path` into `output` and write `output/rekap.xlsx` and the round's
    record `output/.lkjip/putaran.json` (round_record.py; `write_record` defaults to `write_rekap`).
    `workers` > 1 completes workbooks in a process pool (None: one per core); the outputs are the same.
    `report.results` hold full results (rows and problems) unless `keep_rows` is False or the batch has more
    than SPILL_AFTER workbooks: then summaries (status, figures, counts), which a batch gathers faster.
    With a roster (config.roster) `report.status` says who was expected, who has sent and who must fix (the rekap's
    "Status OPD", the record); `feedback_folder` then gets a feedback workbook per agency and the chase list."""
    input_path, output = Path(input_path), Path(output)
    write_record = write_rekap if write_record is None else write_record
    check_folders(input_path, output)
    if feedback_folder is not None and config.roster is None:
        raise UsageError("--umpan-balik memerlukan daftar OPD: tulis bagian [[opd]] (atau daftar_opd) di lkjip.toml; "
                         "periksa dengan lkjip opd")
    if feedback_folder is not None and input_path.is_dir() and \
            input_path.resolve() in [Path(feedback_folder).resolve(), *Path(feedback_folder).resolve().parents]:
        raise UsageError("folder --umpan-balik tidak boleh berada di dalam folder INPUT (berkasnya akan terbaca "
                         "sebagai kiriman OPD pada putaran berikutnya)")
    started = time.perf_counter()
    if input_path.is_dir():
        files = list_inputs(input_path, recursive)
        names = [p.relative_to(input_path).as_posix() for p in files]
    else:
        files, names = [input_path], [input_path.name]
    report = Report(input_path, output, config=config, config_source=config_source)
    if not files:   # the wrong folder, most likely: nothing is written, and the exit code says so
        report.seconds = time.perf_counter() - started
        return report
    try:
        output.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"folder OUTPUT tidak dapat dibuat: {os_reason(exc)}") from None
    from .lock import FolderLock   # (the writers' modules load here: `check` starts without them)

    with FolderLock(output, "run"):   # one writer per output folder (batch/lock.py)
        report = _run(files, names, report, started, output, config, on_result, debug, write_rekap, config_source,
                      workers, csv_folder, summary_sheet, keep_rows, write_record, feedback_folder)
    return report


def _run(files, names, report, started, output, config, on_result, debug, write_rekap, config_source, workers,
         csv_folder, summary_sheet, keep_rows, write_record, feedback_folder=None) -> Report:
    # No cyclic garbage collection during the batch: a workbook leaves ~25 objects in cycles, and each
    # collection would traverse every live grid, result and rekap row again (6 % of a run); nor while the
    # modules below load (thousands of objects, none garbage).  Restored after.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _batch(files, names, report, started, output, config, on_result, debug, write_rekap, config_source,
                      workers, csv_folder, summary_sheet, keep_rows, write_record, feedback_folder)
    finally:
        if gc_was_enabled:
            gc.enable()


def _batch(files, names, report, started, output, config, on_result, debug, write_rekap, config_source, workers,
           csv_folder, summary_sheet, keep_rows, write_record, feedback_folder) -> Report:
    from ..report import rekap as rekap_module
    from ..report.duplicates import decide
    from . import record_seal, round_record, round_state, stop
    from .pool import _complete_all   # (here: `check` starts without the pool)
    from .result_spill import ResultStore

    jobs = []
    for src, name in zip(files, names):
        dst = output_path(output, name, names)
        jobs.append([src, dst, config, name, debug, summary_sheet, write_rekap, output if write_record else None,
                     False])
    workers = max(1, workers if workers is not None else (os.cpu_count() or 1))
    # Large batches keep only summaries in memory: the rekap is written as the results come, and for the
    # CSV tables the full results wait on disk.
    full_later = csv_folder is not None or feedback_folder is not None   # read again once the batch is in
    store = ResultStore(spill=len(jobs) > SPILL_AFTER and full_later)
    summaries_only = len(jobs) > SPILL_AFTER or (not keep_rows and not full_later)
    if summaries_only and write_rekap and not full_later:
        for job in jobs:
            job[-1] = True    # slim: the workbook's summary and rendered rekap rows are all that come back
    report.store = store if store.spill else None
    writer = None
    rekap_failure: Exception | None = None
    recorder = None
    record_failure: Exception | None = None
    marked = False
    earlier = None
    previous: dict[str, str] = {}
    commit = None
    results = None
    folders = {output, *(j[1].parent for j in jobs), round_record.record_path(output).parent}
    try:
        for folder in folders:
            remove_stale_temp(folder)          # of a run that was killed: its process is gone
        if write_record:
            previous = record_seal.outputs_in(round_record.record_path(output))   # the completed workbooks the folder's round lists
            try:
                earlier = round_state.begin(output, "run")   # until the record is replaced: the previous round
            except OSError as exc:
                raise OutputError(f"folder OUTPUT {output} tidak dapat ditulisi: {os_reason(exc)}") from None
            marked = True
            if earlier is not None:
                report.notes.append(f"{round_state.unfinished_text(earlier)}; putaran ini menggantikannya")
            try:
                recorder = round_record.RecordWriter()
            except OSError as exc:   # a full or unwritable TMPDIR: said at the end, the batch still runs
                record_failure = exc
        if write_rekap:
            try:
                writer = rekap_module.RekapWriter(config)
            except OSError as exc:
                rekap_failure = exc
        # A stop request (stop.py) is acted on between workbooks, never inside one: the workbook in hand is finished
        stop.check()
        results = _complete_all(jobs, workers)
        for i, (result, rendered, entry) in enumerate(results, 1):
            stop.check()  # (in a pool the next result may have been waited for when the request came)
            if result.status == DILEWATI:   # a rekap of lkjip among the inputs: said, neither counted nor recorded
                report.skipped.append(result)
                if on_result:
                    on_result(result, i, len(jobs))
                continue
            if recorder is not None:
                try:
                    recorder.add(entry if entry is not None else round_record.workbook_entry(result, output))
                except Exception as exc:   # said at the end, like a failure of the rekap
                    record_failure = exc
                    recorder.discard()
                    recorder = None
            if writer is not None:
                try:
                    writer.add(result, rendered)
                except Exception as exc:   # a bug in the rekap must not stop the batch: said at the end
                    rekap_failure = exc
                    writer.discard()
                    writer = None
            if summaries_only:
                if store.spill:
                    store.add(result)
                report.results.append(result.summary())
            else:
                report.results.append(result)
            if on_result:
                on_result(result, i, len(jobs))
        stop.check()      # asked during the last workbook: the round is not committed
        # From here the round is committed (rekap, record, mark) or left as it was: a stop request waits for it
        commit = stop.deferred()
        commit.__enter__()
        # Which of an agency's workbooks count, now that every result is in (never per workbook)
        report.duplicates = decide(report.results)
        if config.roster is not None:
            from ..report.status import round_status

            report.status = round_status(report.results, report.duplicates, config.roster)
        completed = any(r.output is not None for r in report.results)
        if report.results and not completed and _has_round(output):
            # the wrong INPUT folder, most likely: the last round stays as it was
            report.notes.append(f"tidak ada workbook yang berhasil dilengkapi; {REKAP_NAME} dan catatan putaran "
                                "sebelumnya di folder OUTPUT tidak diganti")
        elif report.results:
            committed = _commit(report, output, config, config_source, writer, rekap_failure, recorder,
                                record_failure, write_rekap, write_record, previous,
                                {Path(j[1]).relative_to(output).as_posix() for j in jobs})
            if committed and marked:
                round_state.finish(output)
                marked = False
        if marked and earlier is None and report.record is None and \
                not any(r.output is not None for r in report.results):
            round_state.finish(output)   # nothing of the folder was touched: the round there is as whole as before
            marked = False
        if csv_folder is not None and report.results:
            from ..report.csv_tables import write_csv

            try:
                write_csv(report, Path(csv_folder))
            except Exception as exc:
                report.rekap_error = f"CSV tidak dapat ditulis ke {csv_folder}: {os_reason(exc)}"
        if feedback_folder is not None and report.results:
            from .feedback import write_feedback

            try:
                report.feedback = write_feedback(report, Path(feedback_folder))
            except OSError as exc:
                report.feedback_error = f"umpan balik tidak dapat ditulis ke {feedback_folder}: {os_reason(exc)}"
    except BaseException:
        if results is not None:
            results.close()   # the pool's workers are stopped (pool._complete_all) before anything is removed
        from . import pool

        if pool.POOL_INTERRUPTED:   # a worker stopped by force may have left its temporary output
            for folder in folders:
                remove_stale_temp(folder)
        raise
    finally:
        if commit is not None:
            commit.__exit__(None, None, None)
        if writer is not None:
            writer.discard()
        if recorder is not None:
            recorder.discard()
        store.close()
        report.store = None
    report.seconds = time.perf_counter() - started
    return report


def _remove_stale_outputs(report: Report, output: Path, previous: dict[str, str], now: set[str]) -> None:
    """Completed workbooks the previous round wrote whose input is no longer there (`now`: the outputs of this
    round's inputs, written or not): removed, so the folder holds no workbook of an agency the round does not
    have.  Only files still exactly as that round wrote them (their sha256 recorded); anything else is left and
    named.  A workbook that failed now keeps its previous complete output (never a half-written one)."""
    removed, kept = [], []
    for rel in sorted(set(previous) - set(now)):
        path = output.joinpath(*rel.split("/"))
        try:
            if not path.is_file():
                continue
            if file_sha256(path) != previous[rel]:
                kept.append(rel)
                continue
            path.unlink()
            removed.append(rel)
        except OSError:
            kept.append(rel)
    if removed:
        sync_folder(output)
        report.notes.append(f"{len(removed)} workbook lengkap putaran sebelumnya dihapus karena masukannya tidak ada "
                            "lagi di folder INPUT: " + ", ".join(removed[:10])
                            + (f" dan {len(removed) - 10} lagi" if len(removed) > 10 else ""))
    if kept:
        report.notes.append("berkas berikut dari putaran sebelumnya tidak termasuk putaran ini dan dibiarkan karena "
                            "sudah diubah sesudah ditulis lkjip: " + ", ".join(kept[:10])
                            + (f" dan {len(kept) - 10} lagi" if len(kept) > 10 else ""))


def _has_round(output: Path) -> bool:
    from . import round_record

    return round_record.record_path(output).is_file() or (output / REKAP_NAME).is_file()


def _commit(report: Report, output: Path, config: Config, config_source, writer, rekap_failure, recorder,
            record_failure, write_rekap: bool, write_record: bool, previous: dict[str, str], claimed: set[str]) -> bool:
    """The round's rekap, then its record (the commit: until it is replaced the folder's round is the previous
    one).  A rekap that cannot be written leaves the previous record in place, so `lkjip rekap` and `lkjip
    laporan` never read figures the folder's rekap does not show.  True when the round is committed."""
    from . import record_seal, round_record
    from .watch_results import settings_fingerprint

    for folder in sorted({Path(r.output).parent for r in report.results if r.output is not None}):
        sync_folder(folder)   # the completed workbooks' names on disk before the round that lists them
    report.round_id = record_seal.round_id(settings_fingerprint(config),
                                           [(r.name, r.input_sha256) for r in report.results])
    putaran = {"id": report.round_id, "rekap": None,
               "outputs": {Path(r.output).relative_to(output).as_posix(): r.output_sha256
                           for r in report.results if r.output is not None and r.output_sha256}}
    if write_rekap:
        rekap = output / REKAP_NAME
        try:
            if rekap_failure is not None:
                raise rekap_failure
            atomic_write(rekap, lambda fh: writer.close(report, fh))
            report.rekap = rekap
            putaran["rekap"] = file_sha256(rekap)
        except Exception as exc:   # the completed workbooks stand; the run still failed
            if isinstance(exc, OSError) or "FileCreateError" in type(exc).__name__:
                cause = exc if isinstance(exc, OSError) else (exc.__cause__ or exc.__context__ or exc)
                reason = os_reason(cause)
                todo = ("kosongkan folder sementara itu" if isinstance(cause, TempFolderError) else
                        f"tutup {REKAP_NAME} bila sedang dibuka di Excel" if "akses ditolak" in reason
                        else "periksa folder OUTPUT dan ruang disk")
                report.rekap_error = (f"rekap tidak dapat ditulis ke {rekap}: {reason}. Silakan {todo}, lalu "
                                      "jalankan lagi; rekap yang lama (bila ada) belum diperbarui")
            else:
                report.rekap_error = f"galat internal: rekap tidak dapat ditulis ke {rekap}: {exc}"
            if write_record:
                report.record_error = (f"catatan putaran {round_record.record_path(output)} tidak diperbarui "
                                       "karena rekap tidak dapat ditulis; lkjip rekap dan lkjip laporan masih "
                                       "membaca putaran sebelumnya")
            return False
    if not write_record:
        return True
    _remove_stale_outputs(report, output, previous, set(putaran["outputs"]) | claimed)
    try:
        if record_failure is not None:
            raise record_failure
        head = round_record.round_head(report.results, report.duplicates, config, config_source, "run")
        if report.status is not None:
            from ..report.status import record_status

            record_status(head, report.status, report.results)
        report.record = recorder.write(output, report.results, report.duplicates, head, putaran)
    except Exception as exc:
        where = round_record.record_path(output)
        report.record_error = (f"catatan putaran tidak dapat ditulis ke {where}: {os_reason(exc)}"
                               if isinstance(exc, OSError) else
                               f"galat internal: catatan putaran tidak dapat ditulis ke {where}: {exc}")
        return False
    return True


def check(input_path, *, recursive: bool = False, config: Config = DEFAULT) -> list[WorkbookResult]:
    """Read and compute like `run`, write nothing: the forms found and every problem, per file."""
    input_path = Path(input_path)
    if not input_path.exists():
        raise UsageError(f"INPUT tidak ditemukan: {input_path}")
    if input_path.is_dir():
        files = list_inputs(input_path, recursive)
        return [complete_workbook(p, None, config, name=p.relative_to(input_path).as_posix()) for p in files]
    return [complete_workbook(input_path, None, config)]


def result_json(result: WorkbookResult) -> dict:
    """The object `lkjip check --json` gives for one workbook (and the upload API, beside its own keys)."""
    return {"file": result.name, "status": result.status, "agency": result.info.agency,
            "triwulan": result.info.triwulan, "tahun": result.info.tahun,
            "facts": {fact: {"value": getattr(result.info, fact), "source": result.info.source(fact)}
                      for fact in FACTS},
            "average": {k: (str(v) if v is not None else None) for k, v in result.average.items()},
            "predikat": result.predikat,
            **({"per_form": {p.form: {"average": {k: (str(v) if v is not None else None) for k, v in p.average.items()},
                                      "predikat": p.predikat} for p in result.parts()}} if result.per_form else {}),
            "forms": [describe_sheet(s) for s in result.sheets],
            "problems": [p.to_dict() for p in result.problems]}


def describe_sheet(sheet) -> dict:
    """Where the form was found on a sheet and which columns were recognised (for `lkjip check`): `columns`
    by internal name (for tools, `--json`), `kolom` as (what it holds in Bahasa, the sheet's columns); what
    else its kind says (PK: the periods its columns cover; Renja: the column the average rests on)."""
    d = sheet.describe()
    rows = [r.row for r in sheet.rows]
    return {"sheet": sheet.sheet, "form": sheet.form, **d["extra"], "header_rows": d["header_rows"],
            "data_rows": {"count": len(rows), "first": rows[0] if rows else None, "last": rows[-1] if rows else None},
            "columns": d["columns"], "kolom": d["kolom"], "formulas": d["formulas"]}
