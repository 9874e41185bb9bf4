"""Completing one workbook: read its package, find the forms on each sheet, evaluate them, apply the edits
and write the completed workbook atomically (with the agency's summary sheet when asked).  Never raises for
a bad workbook: every problem goes into the result.  Knows nothing of batches, pools or the rekap."""

from __future__ import annotations

import dataclasses
import gc
import io
import time
import traceback
from contextlib import contextmanager
from pathlib import Path

from lxml import etree

from ..config import DEFAULT, QUARTERS, Config
from ..evaluate.averages import workbook_average
from ..evaluate.pk import evaluate_pk_sheet
from ..evaluate.renja import evaluate_sheet
from ..files import OTHER_SUFFIXES, atomic_write, file_state, os_reason
from ..forms.header import HeaderInfo, info_from_filename, read_header
from ..forms.pk import find_pk_layout
from ..forms.renja import find_layout
from ..io.cell_writer import Edit, Styles, apply_edits, prune_calc_chain
from ..io.grid import address
from ..io.package import Package, PackageError, write_package
from ..io.xlsx_sheet import read_grid
from ..problems import GALAT, INFO, PERINGATAN, Problem, problem
from ..report.agency_sheet import add_summary_sheet
from ..report.rekap import is_lkjip_rekap
from .results import DENGAN_PERINGATAN, DILEWATI, GAGAL, SELESAI, WorkbookResult


@contextmanager
def gc_paused():
    """Pause the cyclic garbage collector while a workbook is completed (complete_workbook): a grid holds
    ~4 objects per cell that all live as long as it, and nearly everything dies by reference counting, so
    collections would only traverse them, again and again.  Restored after."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


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
    result.mtime_ns = before[1] if before else None
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
    if is_lkjip_rekap(pkg):   # our own output (an output folder given as input): not an agency's workbook
        result.status = DILEWATI
        result.problems.append(problem("lkjip-rekap", "berkas ini rekap yang ditulis lkjip, bukan workbook OPD; "
                                       "dilewati (tidak dihitung)", file=result.name))
        return
    styles_part = pkg.part_of_type("/styles")
    styles = Styles(pkg.xml(styles_part) if styles_part else None)
    replaced: dict[str, bytes | None] = {}
    removed: dict[str, set[str]] = {}
    header: HeaderInfo | None = None
    from_name = info_from_filename(result.source.stem)
    plans: list[tuple[str, str]] = []     # (sheet, cell): sheets holding only a plan (Target, no Realisasi): nothing to compute
    for ref in pkg.sheets:
        grid = read_grid(pkg.read(ref.part), pkg.shared_strings, ref.part)
        hidden = ref.state != "visible"
        sheet = None
        layout = find_layout(grid)
        pk_layout = None if layout is not None else find_pk_layout(grid)
        if pk_layout is not None and pk_layout.plan_only:
            plans.append((ref.name, address(pk_layout.header_row, pk_layout.cols["indikator"])))
            pk_layout = None
        if layout is not None or pk_layout is not None:
            if layout is not None:   # the agency line may stand under the numbered row, above the data
                sheet_header = read_header(grid, layout.numbered_row - 1, title_end=layout.header_top - 1,
                                           agency_end=(layout.data_rows[0] if layout.data_rows
                                                       else layout.last_row + 1) - 1)
            else:
                sheet_header = read_header(grid, pk_layout.header_row - 1)
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
    if not result.info.tahun and any(s.rows for s in result.sheets):
        # a blank template (no data rows) has nothing whose year matters
        result.problems.append(problem(
            "no-year", "tahun yang dievaluasi tidak ditemukan di judul (mis. \"Tahun 2025\"; rentang seperti "
            "\"2021 - 2026\" adalah periode) maupun di nama berkas; kolom Tahun di rekap kosong", file=result.name,
            sheet=result.sheets[0].sheet))
    if not config.triwulan:
        result.problems.extend(_with_file(p, result.name) for p in _beyond_stated_round(result))
    if not result.sheets and plans:
        sheet_name, cell = plans[0]
        result.problems.append(problem("plan-only", f"sheet \"{sheet_name}\" berisi tabel perencanaan (Indikator dan "
                                       "Target, tanpa kolom Realisasi): tidak ada yang dihitung", file=result.name,
                                       sheet=sheet_name, cell=cell))
        result.status = GAGAL
        return
    if not result.sheets:
        _fail(result, "no-form", "tidak ditemukan formulir Evaluasi Renja atau PK")
        return
    if not any(s.rows for s in result.sheets) and any(p.level == GALAT for p in result.problems):
        result.status = GAGAL   # e.g. a PK sheet without its Target column: nothing could be completed
        return
    result.average, result.predikat = workbook_average(result.sheets, config)
    if removed:
        prune_calc_chain(pkg, removed, replaced)
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


def _with_file(p: Problem, name: str) -> Problem:
    return dataclasses.replace(p, file=name)
