"""The public library API.

    from xlsx_lkjip.api import complete_workbook, run
    result = complete_workbook("input/Renja BKPSDM.xlsx", "output/Renja BKPSDM.xlsx")
    report = run("input", "output")          # every workbook + output/rekap.xlsx

A workbook flows one way: package (zip, safe XML) -> grid (cells) -> form layout -> parsed rows and
computed results (evaluate/compute) -> cell edits (writer) -> completed package; the results feed the rekap.
"""

from __future__ import annotations

import dataclasses
import io
import os
import time
import traceback
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Callable

from lxml import etree

from . import compute
from .agency_summary import add_summary_sheet
from .config import DEFAULT, QUARTERS, Config
from .evaluate import SheetResult, counts_for_average, evaluate_sheet
from .forms.header import HeaderInfo, info_from_filename, read_header
from .evaluate_pk import PkSheetResult, evaluate_pk_sheet
from .forms.pk import find_pk_layout
from .forms.renja import SIDES, find_layout
from .fsutil import OTHER_SUFFIXES, atomic_write, file_state, list_inputs, os_reason
from .grid import address, gc_paused, read_grid
from .package import Package, PackageError, rels_part, write_package
from .problems import GALAT, INFO, PERINGATAN, Problem, problem
from .store import ResultStore
from .writer import Edit, Styles, apply_edits, drop_from_calc_chain

SELESAI = "selesai"
DENGAN_PERINGATAN = "dengan peringatan"
GAGAL = "gagal"
REKAP_NAME = "rekap.xlsx"


class UsageError(Exception):
    """A mistake in how the tool was called (exit code 2)."""


@dataclass
class WorkbookResult:
    source: Path
    name: str                       # path relative to the input folder (the file name for a flat folder)
    status: str = GAGAL
    info: HeaderInfo = field(default_factory=HeaderInfo)
    sheets: list[SheetResult] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    output: Path | None = None
    seconds: float = 0.0
    average: dict[str, Decimal | None] = field(default_factory=dict)
    predikat: dict[str, str] = field(default_factory=dict)
    # Set on a summary (see summary()): form, data rows and problem counts without the rows and problems.
    stats: dict | None = None

    @property
    def form(self) -> str:
        if self.stats is not None:
            return self.stats["form"]
        return ", ".join(sorted({s.form for s in self.sheets}))

    @property
    def data_rows(self) -> int:
        if self.stats is not None:
            return self.stats["data_rows"]
        return sum(len(s.rows) for s in self.sheets)

    def count(self, level: str) -> int:
        if self.stats is not None:
            return self.stats["counts"].get(level, 0)
        return sum(1 for p in self.problems if p.level == level)

    def summary(self) -> "WorkbookResult":
        """The same result without its rows and problems (kept on disk by the batch)."""
        if self.stats is not None:
            return self
        counts: dict[str, int] = {}
        for p in self.problems:
            counts[p.level] = counts.get(p.level, 0) + 1
        return dataclasses.replace(self, sheets=[], problems=[],
                                   stats={"form": self.form, "data_rows": self.data_rows, "counts": counts})


@dataclass
class Report:
    input: Path
    output: Path
    results: list[WorkbookResult] = field(default_factory=list)
    rekap: Path | None = None
    rekap_error: str = ""
    seconds: float = 0.0
    config: Config = DEFAULT
    config_source: Path | None = None
    store: object = None   # the full results when `results` holds summaries (large batches)

    def full_results(self):
        """Every full result (rows and problems), in order, one at a time."""
        if self.store is None:
            yield from self.results
        else:
            yield from self.store

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def exit_code(self) -> int:
        return 1 if self.count(GAGAL) or self.rekap_error else 0


def _fail(result: WorkbookResult, code: str, message: str) -> WorkbookResult:
    result.problems.append(problem(code, message, file=result.name))
    result.status = GAGAL
    return result


def complete_workbook(source, destination=None, config: Config = DEFAULT, *, name: str | None = None,
                      debug: bool = False, summary_sheet: bool = False) -> WorkbookResult:
    """Complete one workbook.  With `destination`, the completed workbook is written there atomically
    (only when a form was found); `summary_sheet` adds the agency's "Ringkasan lkjip" sheet to it.
    Never raises for a bad workbook: problems go into the result."""
    source = Path(source)
    started = time.perf_counter()
    result = WorkbookResult(source=source, name=name or source.name)
    before = file_state(source)
    try:
        if source.suffix.lower() in OTHER_SUFFIXES:
            code = "old-xls" if source.suffix.lower() == ".xls" else "not-a-workbook"
            return _fail(result, code, f"berkas {source.suffix} bukan workbook .xlsx; simpan ulang sebagai .xlsx")
        # Nearly every object made for a workbook dies with it, freed by reference counting; with the
        # collector paused they never trigger a collection that would only traverse them (~15% of the time)
        with gc_paused(), Package(source, config) as pkg:
            _complete(pkg, result, config, destination, summary_sheet)
    except PackageError as exc:
        if _still_changing(source, before):
            _being_copied(result, destination)
        else:
            _fail(result, exc.code, exc.message)
    except OSError as exc:
        _fail(result, "write-failed" if destination else "not-a-workbook",
              f"berkas tidak dapat dibaca/ditulis: {os_reason(exc)}")
    except Exception as exc:  # one broken workbook must never stop a batch
        detail = traceback.format_exc() if debug else f"{type(exc).__name__}: {exc}"
        _fail(result, "internal-error", f"galat internal saat memproses {result.name} ({detail})")
    else:
        if file_state(source) != before and result.status != GAGAL:
            _being_copied(result, destination)
    finally:
        result.seconds = time.perf_counter() - started
        if not result.info.agency:   # unreadable or form-less: the rekap still names the agency by file
            result.info.fill_from(info_from_filename(source.stem))
    return result


def _still_changing(source: Path, before) -> bool:
    """A broken file that was modified in the last seconds may still be being copied: watch it briefly."""
    if file_state(source) != before:
        return True
    if before is None or time.time() - before[1] / 1e9 > 5:
        return False
    for _ in range(3):
        time.sleep(0.2)
        if file_state(source) != before:
            return True
    return False


def _being_copied(result: WorkbookResult, destination) -> None:
    """The file changed while it was read (still being copied or saved): never keep what was read."""
    result.problems = [p for p in result.problems if p.level == INFO]
    result.sheets = []
    _fail(result, "being-copied", "berkas berubah saat dibaca (mungkin masih disalin atau disimpan); dilewati")
    if destination is not None and result.output is not None:
        try:
            Path(destination).unlink()
        except OSError:
            pass
        result.output = None


def _beyond_stated_round(result: WorkbookResult) -> list[Problem]:
    """Realisasi in a quarter after the one the sheet's title (or the file name) states: a stale title, or
    figures in the wrong column.  Counted all the same (the monitoring round is set with --triwulan); said
    once per sheet.  Without --triwulan a sheet's round is the stated quarter or the latest holding a
    realisasi other than zero (evaluate.monitoring_round), so a round past the stated one says it."""
    out = []
    for sheet in result.sheets:
        stated, latest = sheet.stated_round, sheet.round
        if stated and latest and latest > stated:
            out.append(problem(
                "beyond-stated-round", f"judul atau nama berkas menyebut Triwulan {QUARTERS[stated - 1]}, tetapi "
                f"sheet berisi realisasi sampai Triwulan {QUARTERS[latest - 1]}; semua angka tetap dihitung",
                sheet=sheet.sheet))
    return out


def _invalid_number_fixes(grid, sheet_name: str, edits: list, problems: list[Problem]) -> tuple[list, list[Problem]]:
    """Number cells no spreadsheet can hold (<v>NaN</v>, Infinity, 1E+400): Excel would call the output
    corrupt and openpyxl cannot open it, so each becomes a text cell with the same characters (nothing
    lost), unless a computed value goes there anyway.  Returns those edits and `problems` with each such
    cell said: added to the problem that already names the cell, or as a warning of its own."""
    edited = {(e.row, e.col) for e in edits}
    fixes = []
    problems = list(problems)
    at = {(p.sheet, p.cell): i for i, p in enumerate(problems) if p.cell}
    for r, c in grid.invalid_numbers:
        if (r, c) in edited:
            continue
        text = str(grid.value(r, c) or "").strip()
        fixes.append(Edit(r, c, "text", text) if text else Edit(r, c, "clear"))
        cell = address(r, c)
        kept = "di keluaran disimpan sebagai teks agar workbook tetap dapat dibuka Excel"
        i = at.get((sheet_name, cell))
        if i is None:
            problems.append(problem("invalid-number-cell", f"sel {cell} berisi \"{text[:40]}\" sebagai angka, yang "
                                    f"tidak dapat dibaca Excel; {kept}", sheet=sheet_name, cell=cell))
        else:
            problems[i] = dataclasses.replace(problems[i], message=f"{problems[i].message}; {kept}")
    return fixes, problems


def _complete(pkg: Package, result: WorkbookResult, config: Config, destination, summary_sheet: bool) -> None:
    styles_part = pkg.part_of_type("/styles")
    styles = Styles(pkg.xml(styles_part) if styles_part else None)
    replaced: dict[str, bytes | None] = {}
    removed: dict[str, set[str]] = {}
    header: HeaderInfo | None = None
    from_name = info_from_filename(result.source.stem)
    for ref in pkg.sheets:
        grid = read_grid(pkg.read(ref.part), pkg.shared_strings, ref.part)
        hidden = ref.state != "visible"
        sheet = None
        layout = find_layout(grid)
        pk_layout = None if layout is not None else find_pk_layout(grid)
        if layout is not None or pk_layout is not None:
            sheet_header = read_header(grid, layout.numbered_row - 1 if layout else pk_layout.header_row - 1)
            stated = sheet_header.triwulan or from_name.triwulan      # the round the sheet says it reports
            stated_round = QUARTERS.index(stated) + 1 if stated in QUARTERS else None
            header = header or sheet_header
        if layout is not None:
            sheet = evaluate_sheet(grid, layout, ref.name, config, styles.is_percent, hidden, styles.is_date,
                                   stated_round)
        elif pk_layout is not None:
            sheet = evaluate_pk_sheet(grid, pk_layout, ref.name, config, styles.is_percent, hidden, styles.is_date,
                                      stated_round)
        edits = sheet.edits if sheet is not None else []
        if grid.invalid_numbers:
            fixes, notes = _invalid_number_fixes(grid, ref.name, edits, sheet.problems if sheet else [])
            edits = fixes + edits
            if sheet is None:
                result.problems.extend(_with_file(p, result.name) for p in notes)
            else:
                sheet.problems[:] = notes
        if edits:
            replaced[ref.part], removed_refs = apply_edits(grid, styles, edits)
            if removed_refs:
                removed.setdefault(ref.sheet_id, set()).update(removed_refs)
        if sheet is None:
            continue
        if hidden:
            sheet.problems.append(problem("hidden-sheet", f"sheet \"{ref.name}\" tersembunyi; tetap dihitung",
                                          level=INFO, sheet=ref.name))
        result.sheets.append(sheet)
    for sheet in result.sheets:
        result.problems.extend(_with_file(p, result.name) for p in sheet.problems)
    result.info = header or HeaderInfo()
    result.info.fill_from(from_name)
    if not config.triwulan:
        result.problems.extend(_with_file(p, result.name) for p in _beyond_stated_round(result))
    if not result.sheets:
        _fail(result, "no-form", "tidak ditemukan formulir Evaluasi Renja atau PK")
        return
    if not any(s.rows for s in result.sheets) and any(p.level == GALAT for p in result.problems):
        result.status = GAGAL   # e.g. a PK sheet without its Target column: nothing could be completed
        return
    for side in SIDES:
        if any(side in s.average for s in result.sheets):
            caps = [v for s in result.sheets for v in _average_inputs(s, side, config)]
            result.average[side] = compute.average(caps, config.decimals)
            result.predikat[side] = compute.predikat(result.average[side], config.predikat, config.decimals)
    if removed:
        _drop_calc_chain(pkg, removed, replaced)
    if styles.changed:
        replaced[styles_part] = etree.tostring(styles.root, xml_declaration=True, encoding="UTF-8", standalone=True)
    if destination is not None:
        destination = Path(destination)
        destination.parent.mkdir(parents=True, exist_ok=True)
        added: list[tuple[str, bytes]] = []
        if summary_sheet:
            add_summary_sheet(pkg, result, replaced, added)
        buf = io.BytesIO()
        write_package(pkg, replaced, buf, added)
        try:
            atomic_write(destination, lambda fh: fh.write(buf.getbuffer()))
        except OSError as exc:
            _fail(result, "write-failed", f"workbook keluaran tidak dapat ditulis: {os_reason(exc)}")
            return
        result.output = destination
    result.status = DENGAN_PERINGATAN if any(p.level in (GALAT, PERINGATAN) for p in result.problems) else SELESAI


def _average_inputs(sheet, side: str, config: Config) -> list:
    """The capaian values of one sheet that enter the workbook's average (Renja: per the averaging rule;
    PK: the capaian tahunan of applicable indicators)."""
    if isinstance(sheet, PkSheetResult):
        return sheet.capaian_for_average(side, config)
    return [row.capaian.get(side) for row in sheet.rows if counts_for_average(row, config.average_rule)]


def _with_file(p: Problem, name: str) -> Problem:
    return Problem(p.code, p.level, p.message, p.fix, name, p.sheet, p.cell)


def _drop_calc_chain(pkg: Package, removed: dict[str, set[str]], replaced: dict[str, bytes | None]) -> None:
    part = pkg.part_of_type("/calcChain")
    if part is None:
        return
    root = pkg.xml(part)
    if not drop_from_calc_chain(root, removed):
        replaced[part] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        return
    # An empty chain is not allowed: drop the part, its relationship and its content-type override.
    replaced[part] = None
    rels_name = rels_part(pkg.workbook_part)
    rels = pkg.xml(rels_name)
    for rel in list(rels):
        if rel.get("Type", "").endswith("/calcChain"):
            rels.remove(rel)
    replaced[rels_name] = etree.tostring(rels, xml_declaration=True, encoding="UTF-8", standalone=True)
    ct = pkg.xml("[Content_Types].xml")
    for o in list(ct):
        if o.get("PartName", "").lstrip("/") == part:
            ct.remove(o)
    replaced["[Content_Types].xml"] = etree.tostring(ct, xml_declaration=True, encoding="UTF-8", standalone=True)


def _check_folders(input_path: Path, output: Path) -> None:
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
        csv_folder: Path | None = None, summary_sheet: bool = True, keep_rows: bool = True) -> Report:
    """Complete every workbook under `input_path` into `output` and write `output/rekap.xlsx`.
    `workers` > 1 completes workbooks in a process pool (None: one per core); the outputs are the same.
    `report.results` hold full results (rows and problems) unless `keep_rows` is False or the batch has more
    than SPILL_AFTER workbooks: then summaries (status, figures, counts), which a batch gathers faster."""
    from . import rekap as rekap_module

    input_path, output = Path(input_path), Path(output)
    _check_folders(input_path, output)
    started = time.perf_counter()
    try:
        output.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"folder OUTPUT tidak dapat dibuat: {os_reason(exc)}") from None
    if input_path.is_dir():
        files = list_inputs(input_path, recursive)
        names = [p.relative_to(input_path).as_posix() for p in files]
    else:
        files, names = [input_path], [input_path.name]
    report = Report(input_path, output, config=config, config_source=config_source)
    jobs = []
    for src, name in zip(files, names):
        dst = output.joinpath(*name.split("/"))
        if dst.name.casefold() == REKAP_NAME and dst.parent == output:
            dst = dst.with_name(dst.stem + " (masukan).xlsx")  # never let an input named rekap.xlsx hide the recap
        jobs.append([src, dst, config, name, debug, summary_sheet, write_rekap, False])
    workers = max(1, workers if workers is not None else (os.cpu_count() or 1))
    # Large batches keep only summaries in memory: the rekap is written as the results come, and for the
    # CSV tables the full results wait on disk.
    store = ResultStore(spill=len(jobs) > SPILL_AFTER and csv_folder is not None)
    summaries_only = len(jobs) > SPILL_AFTER or (not keep_rows and csv_folder is None)
    if summaries_only and write_rekap and csv_folder is None:
        for job in jobs:
            job[-1] = True    # slim: the workbook's summary and rendered rekap rows are all that come back
    report.store = store if store.spill else None
    writer = None
    rekap_failure: Exception | None = None
    try:
        if write_rekap:
            writer = rekap_module.RekapWriter(config)
        for i, (result, rendered) in enumerate(_complete_all(jobs, workers), 1):
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
        if write_rekap:
            rekap = output / REKAP_NAME
            try:
                if rekap_failure is not None:
                    raise rekap_failure
                atomic_write(rekap, lambda fh: writer.close(report, fh))
                report.rekap = rekap
            except Exception as exc:   # the completed workbooks stand; the run still failed
                if isinstance(exc, OSError) or "FileCreateError" in type(exc).__name__:
                    cause = exc if isinstance(exc, OSError) else (exc.__cause__ or exc.__context__ or exc)
                    reason = os_reason(cause)
                    todo = (f"tutup {REKAP_NAME} bila sedang dibuka di Excel" if "akses ditolak" in reason
                            else "periksa folder OUTPUT dan ruang disk")
                    report.rekap_error = (f"rekap tidak dapat ditulis ke {rekap}: {reason}. Silakan {todo}, lalu "
                                          "jalankan lagi; rekap yang lama (bila ada) belum diperbarui")
                else:
                    report.rekap_error = f"galat internal: rekap tidak dapat ditulis ke {rekap}: {exc}"
        if csv_folder is not None:
            from .tidy import write_csv

            try:
                write_csv(report, Path(csv_folder))
            except Exception as exc:
                report.rekap_error = f"CSV tidak dapat ditulis ke {csv_folder}: {os_reason(exc)}"
    finally:
        if writer is not None:
            writer.discard()
        store.close()
        report.store = None
    report.seconds = time.perf_counter() - started
    return report


SPILL_AFTER = 200


class Stopped(BaseException):
    """SIGTERM (or Ctrl+Break) turned into an exception, so temp files are removed on the way out."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def install_stop_handlers() -> None:
    """Make SIGTERM unwind like Ctrl+C: finally blocks run, temp outputs and the spill folder go away."""
    import signal

    def stop(signum, frame):
        raise Stopped(signum)

    for name in ("SIGTERM", "SIGBREAK"):
        sig = getattr(signal, name, None)
        if sig is not None:
            try:
                signal.signal(sig, stop)
            except (ValueError, OSError):   # not the main thread
                pass


# Set when an interrupted batch had to stop its process pool: the executor's exit handlers may then wait
# forever on queues of killed workers, so the CLI leaves with os._exit once everything of ours is cleaned up.
POOL_INTERRUPTED = False
_IN_JOB = False   # in a worker process: whether a workbook is being completed right now


def _worker_init() -> None:
    """Workers leave Ctrl+C to the parent (which stops them); SIGTERM unwinds a running job (its temp
    output removed) and ends an idle worker quietly."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def stop(signum, frame):
        if _IN_JOB:
            raise Stopped(signum)
        os._exit(0)

    for name in ("SIGTERM", "SIGBREAK"):
        sig = getattr(signal, name, None)
        if sig is not None:
            signal.signal(sig, stop)


def _complete_job(job) -> tuple[WorkbookResult, dict | None]:
    """A workbook completed, and (for a run writing a rekap) its rekap rows rendered here: in a pool this
    is the worker's share of the rekap."""
    global _IN_JOB
    src, dst, config, name, debug, summary_sheet, rekap, slim = job
    _IN_JOB = True
    try:
        result = complete_workbook(src, dst, config, name=name, debug=debug, summary_sheet=summary_sheet)
    finally:
        _IN_JOB = False
    for sheet in result.sheets:   # applied already; not worth carrying back from a worker or keeping
        sheet.edits = []
    rendered = None
    if rekap:
        from .rekap import render_rows
        try:
            rendered = render_rows(result, config)
        except Exception:   # left to the rekap writer, which says what went wrong
            rendered = None
    if slim and rendered is not None and result.status != GAGAL:
        result = result.summary()   # all a large batch keeps; a failure keeps its problems for the console
    return result, rendered


def _complete_all(jobs: list, workers: int):
    """Results in input order (so outputs and the rekap do not depend on the number of workers)."""
    if workers <= 1 or len(jobs) < 2 * workers:
        for job in jobs:
            yield _complete_job(job)
        return
    from concurrent.futures import ProcessPoolExecutor

    global POOL_INTERRUPTED
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_worker_init)
    try:
        yield from pool.map(_complete_job, jobs, chunksize=max(1, min(16, len(jobs) // (workers * 8))))
    except BaseException:
        # Interrupted (Ctrl+C, SIGTERM, or the consumer gave up): stop the workers ourselves rather than
        # wait for the executor, which can hang when its workers are interrupted too.
        POOL_INTERRUPTED = True
        queue = getattr(pool, "_call_queue", None)
        if queue is not None:
            queue.cancel_join_thread()   # its feeder may be blocked on a dead worker's pipe: never wait for it
        procs = list((getattr(pool, "_processes", None) or {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for proc in procs:
            try:
                proc.terminate()   # SIGTERM: a running job unwinds and removes its temp file
            except Exception:
                pass
        for proc in procs:
            proc.join(timeout=10)
            if proc.is_alive():
                proc.kill()
        raise
    else:
        pool.shutdown(wait=True)


def check(input_path, *, recursive: bool = False, config: Config = DEFAULT) -> list[WorkbookResult]:
    """Read and compute like `run`, write nothing: the forms found and every problem, per file."""
    input_path = Path(input_path)
    if not input_path.exists():
        raise UsageError(f"INPUT tidak ditemukan: {input_path}")
    if input_path.is_dir():
        files = list_inputs(input_path, recursive)
        return [complete_workbook(p, None, config, name=p.relative_to(input_path).as_posix()) for p in files]
    return [complete_workbook(input_path, None, config)]


def describe_sheet(sheet) -> dict:
    """Where the form was found on a sheet and which columns were recognised (for `lkjip check`)."""
    from .grid import col_letters

    if isinstance(sheet, PkSheetResult):
        lay = sheet.layout
        columns = {role: col_letters(c) for role, c in sorted(lay.cols.items(), key=lambda kv: kv[1])}
        for name, slots in (("realisasi", lay.realisasi), ("target", lay.target_tw), ("capaian", lay.capaian_tw)):
            for k, c in enumerate(slots):
                if c is not None:
                    columns[f"{name}_tw{k + 1}"] = col_letters(c)
        header = list(lay.header_rows)
    else:
        lay = sheet.layout
        columns = {}
        for n, col in sorted(lay.columns.items()):
            key = str(n)
            if col.sides:
                for side, c in col.sides.items():
                    columns[f"{key} {side}"] = col_letters(c)
            else:
                columns[key] = col_letters(col.first) + (f":{col_letters(col.last)}" if col.last > col.first else "")
        header = [lay.numbered_row] + ([lay.sides_row] if lay.sides_row else [])
    rows = [r.row for r in sheet.rows]
    return {"sheet": sheet.sheet, "form": sheet.form, "header_rows": header,
            "data_rows": {"count": len(rows), "first": rows[0] if rows else None, "last": rows[-1] if rows else None},
            "columns": columns,
            "formulas": [f.label or f"{f.target}" for f in getattr(sheet.layout, "formulas", [])]}
