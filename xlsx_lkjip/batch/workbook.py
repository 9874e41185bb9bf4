"""Completing one workbook: read its package, find the forms on each sheet, evaluate them, apply the edits
and write the completed workbook atomically (with the agency's summary sheet when asked).  Never raises for
a bad workbook: every problem goes into the result.  Knows nothing of batches, pools or the rekap."""

from __future__ import annotations

import dataclasses
import gc
import io
import re
import os
import time
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree

from ..config import DEFAULT, QUARTERS, Config
from ..evaluate.averages import form_averages, grading_round
from ..evaluate.kinds import form_kinds
from ..files import CONVERTED_SUFFIXES, atomic_write, file_sha256, file_state, os_reason
from ..forms.header import FROM_NAME, FROM_SETTINGS, HeaderInfo, info_from_filename
from ..io import sniff as kinds
from ..io.cell_writer import Edit, Styles, apply_edits, prune_calc_chain
from ..io.grid import address
from ..io.package import Package, PackageError, write_package
from ..io.xlsx_sheet import read_grid
from ..problems import GALAT, INFO, PERINGATAN, Problem, noted, problem
from ..report.marker import is_lkjip_rekap
from .results import DENGAN_PERINGATAN, DILEWATI, GAGAL, SELESAI, FormPart, WorkbookResult

if TYPE_CHECKING:   # (the readers of other formats load when such a file comes)
    from ..io.foreign import Book


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


def _fail(result: WorkbookResult, code: str, variant: str = "", **facts) -> WorkbookResult:
    result.problems.append(problem(code, variant=variant, file=result.name, **facts))
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
        data = _read_input(source, config)
        if destination is not None:   # what a written output rests on (_input_unchanged, the round's record)
            result.input_sha256 = _sha256(data)
        kind = _kind(data)
        if kind == kinds.XLSX:
            # Nearly every object made for a workbook dies with it, freed by reference counting; with the
            # collector paused they never trigger a collection that would only traverse them (~15% of the time)
            with gc_paused():
                try:
                    pkg = Package(source, config, data=data)
                except PackageError as exc:
                    if exc.code != "not-a-workbook" or not kinds.zip_is_ods(data):
                        raise
                    kind = kinds.ODS          # an .ods whose `mimetype` entry is not the first
                else:
                    with pkg:
                        if source.suffix.lower() in CONVERTED_SUFFIXES:
                            result.problems.append(problem("read-as-xlsx", file=result.name,
                                                           suffix=source.suffix))
                        _complete(pkg, result, config, destination, summary_sheet)
        if kind != kinds.XLSX:
            with gc_paused():
                _complete_other(kind, source, result, config, destination, summary_sheet)
    except InputChanged:
        _being_copied(result, None)       # nothing was written: the old output (if any) stays as it was
    except PackageError as exc:
        if _still_changing(source, before):
            _being_copied(result, destination)
        else:
            _fail(result, exc.code, exc.variant, **exc.facts)
    except OSError as exc:
        _fail(result, "write-failed" if destination else "not-a-workbook", "os-error", reason=os_reason(exc))
    except Exception as exc:  # one broken workbook must never stop a batch
        import traceback

        _fail(result, "internal-error", detail=traceback.format_exc() if debug else f"{type(exc).__name__}: {exc}")
    else:
        if file_state(source) != before and result.status != GAGAL:
            _being_copied(result, destination)
    finally:
        result.seconds = time.perf_counter() - started
        if not result.info.agency:   # unreadable or form-less: the rekap still names the agency by file
            result.info.fill_from(info_from_filename(source.stem))
        if config.roster is not None and result.status != DILEWATI:
            identify(result, config.roster)
    return result


def identify(result: WorkbookResult, roster) -> None:
    """Which agency of the roster (roster.Roster) the workbook is: its kode and the roster's name for it, or a
    warning naming the closest agencies (a close match is never taken).  A workbook that names no agency
    takes its agency from the file name (forms.header, source FROM_NAME): then the file name's words decide."""
    written = "" if result.info.source("agency") == FROM_NAME else result.info.agency
    match = roster.match(written, result.name)
    if match.agency is not None:
        result.kode, result.info.agency = match.agency.kode, match.agency.nama
        if match.by == "nama berkas":
            result.problems.append(problem("agency-from-file-name", file=result.name, nama=match.agency.nama,
                                           kode=match.agency.kode))
        return
    closest = "; ".join(f"{a.nama} ({a.kode})" for a in match.closest)
    closest = f" (yang mirip: {closest})" if closest else ""
    if match.ambiguous:
        result.problems.append(problem("agency-not-in-roster", variant="ambiguous", file=result.name,
                                       agencies="; ".join(f"{a.nama} ({a.kode})" for a in match.ambiguous)))
    # (a failed workbook is never "completed anyway": its own problem says why it was not)
    elif written and result.status == GAGAL:
        result.problems.append(problem("agency-not-in-roster", variant="unknown-failed", file=result.name,
                                       agency=written, closest=closest))
    elif written:
        result.problems.append(problem("agency-not-in-roster", variant="unknown", file=result.name, agency=written,
                                       closest=closest))
    elif result.status == GAGAL:
        result.problems.append(problem("agency-not-in-roster", variant="no-name-failed", file=result.name,
                                       closest=closest))
    else:
        result.problems.append(problem("agency-not-in-roster", variant="no-name", file=result.name, closest=closest))
    if result.status == SELESAI:
        result.status = DENGAN_PERINGATAN


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
    _fail(result, "being-copied")
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
    realisasi other than zero (evaluate/sheet.py monitoring_round), so a round past the stated one says it."""
    out = []
    for sheet in result.sheets:
        stated, latest = sheet.stated_round, sheet.round
        if stated and latest and latest > stated:
            out.append(problem("beyond-stated-round", sheet=sheet.sheet, stated=QUARTERS[stated - 1],
                               latest=QUARTERS[latest - 1]))
    return out


def _mixed_copies(result: WorkbookResult) -> list[Problem]:
    """Several sheets of one form whose figures all enter the agency's average although they look like copies:
    a hidden one (an old draft kept in the file) or sheets reporting different rounds (one sheet per quarter).
    Their mean is a figure no sheet shows, so it is said; sheets of one round, all visible (e.g. one per
    bidang), are a workbook's parts and say nothing."""
    out = []
    for form in sorted({s.form for s in result.sheets}):
        same = [s for s in result.sheets if s.form == form and s.rows]
        rounds = {s.round for s in same}
        if len(same) < 2 or not (any(s.hidden for s in same) or len(rounds) > 1):
            continue
        parts = []
        for s in same:
            notes = [f"triwulan {QUARTERS[s.round - 1]}" if s.round else "", "tersembunyi" if s.hidden else ""]
            notes = [n for n in notes if n]
            parts.append(f"\"{s.sheet}\"" + (f" ({', '.join(notes)})" if notes else ""))
        out.append(problem("mixed-copies", sheet=same[0].sheet, count=len(same), form=form, sheets=", ".join(parts)))
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
        i = at.get((sheet_name, cell))
        if i is None:
            problems.append(problem("invalid-number-cell", sheet=sheet_name, cell=cell, text=text[:40]))
        else:
            problems[i] = noted(problems[i], "invalid-number-cell")
    return fixes, problems


def _complete(pkg: Package, result: WorkbookResult, config: Config, destination, summary_sheet: bool) -> None:
    if is_lkjip_rekap(pkg):   # our own output (an output folder given as input): not an agency's workbook
        result.status = DILEWATI
        result.problems.append(problem("lkjip-rekap", file=result.name))
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
        sheet, sheet_header, plan = _evaluate(grid, ref.name, ref.state, styles.is_percent, styles.is_date, config,
                                              from_name)
        header = header or sheet_header
        if plan:
            plans.append(plan)
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
        if sheet is not None:
            _note_hidden(sheet, ref.name, ref.state)
            result.sheets.append(sheet)
    if not _summarise(result, config, header, from_name, plans):
        return
    if removed:
        prune_calc_chain(pkg, removed, replaced)
    if styles.changed:
        replaced[styles_part] = etree.tostring(styles.root, xml_declaration=True, encoding="UTF-8", standalone=True)
    if destination is not None:
        added: list[tuple[str, bytes]] = []
        if summary_sheet:
            from ..report.agency_sheet import add_summary_sheet   # (only when writing: `check` starts faster)

            add_summary_sheet(pkg, result, replaced, added)
        buf = io.BytesIO()
        write_package(pkg, replaced, buf, added)
        if not _write_output(result, destination, buf):
            return
    _set_status(result)


def _sha256(data) -> str:
    import hashlib   # only where an output is written: `check` starts without loading OpenSSL (~3 ms)

    return hashlib.sha256(data).hexdigest()


def _write_output(result: WorkbookResult, destination, buf: io.BytesIO) -> bool:
    """The completed workbook's bytes written atomically to `destination`; False (and the result failed) when
    the output cannot be written."""
    destination = Path(destination)
    if not _input_unchanged(result):   # built from the bytes read, which are no longer the file's: never written
        raise InputChanged()
    destination.parent.mkdir(parents=True, exist_ok=True)
    try:
        # the folder is synced once for the batch, before the round's record (run.py, watch.py)
        atomic_write(destination, lambda fh: fh.write(buf.getbuffer()), sync_dir=False)
        result.output_sha256 = _sha256(buf.getbuffer())
    except OSError as exc:
        _fail(result, "write-failed", "output", reason=os_reason(exc))
        # no completed workbook: its figures count nowhere (rekap, record, laporan); the problem says why
        result.sheets, result.average, result.predikat = [], {}, {}
        return False
    result.output = destination
    return True


def _set_status(result: WorkbookResult) -> None:
    result.status = DENGAN_PERINGATAN if any(p.level in (GALAT, PERINGATAN) for p in result.problems) else SELESAI


def _evaluate(grid, name: str, state: str, is_percent, is_date, config: Config, from_name: HeaderInfo):
    """The form found on one sheet's grid, evaluated: (sheet result or None, its header or None, (sheet, cell)
    of a table holding only a plan, or None).  The same for every file format.  The kinds' finders are tried
    in the registry's order (evaluate/kinds.py); the first that finds its form wins."""
    hidden = state != "visible"
    plan = None
    for kind in form_kinds():
        layout = kind.find(grid)
        if layout is None:
            continue
        cell = kind.plan(layout)
        if cell is None:
            break
        plan = plan or (name, address(*cell))   # nothing to compute; said when no kind finds a form
    else:
        return None, None, plan
    sheet_header = kind.header(grid, layout)
    stated = sheet_header.triwulan or from_name.triwulan      # the round the sheet says it reports
    stated_round = QUARTERS.index(stated) + 1 if stated in QUARTERS else None
    sheet = kind.evaluate(grid, layout, name, config, is_percent, hidden, is_date, stated_round)
    if sheet_header.triwulan and from_name.triwulan and sheet_header.triwulan != from_name.triwulan:
        # the title wins (it is what the agency filled); a copied file of last quarter is the usual cause
        sheet.problems.append(problem("round-title-name", sheet=name, in_title=sheet_header.triwulan,
                                      in_name=from_name.triwulan))
    if config.triwulan and stated_round and stated_round != config.triwulan:
        sheet.problems.append(problem("round-setting", sheet=name, stated=QUARTERS[stated_round - 1],
                                      setting=QUARTERS[config.triwulan - 1]))
    return sheet, sheet_header, None


def _states_year(stem: str, year: str) -> bool:
    """Whether a file name states `year` as the report's year, not as part of a date ("… 2026-12-07", an archive
    or a download stamp), which says when the file was saved."""
    return re.search(rf"(?<![\d][-./_])(?<!\d){year}(?!\d)(?![-./_]\d)", stem) is not None


def _said_from_name(result: WorkbookResult) -> None:
    """One info line naming the facts (agency, quarter, year) that only the file name gave."""
    info = result.info
    facts = [text for fact, text in (("agency", f"OPD \"{info.agency}\""), ("triwulan", f"Triwulan {info.triwulan}"),
                                     ("tahun", f"Tahun {info.tahun}")) if info.source(fact) == FROM_NAME]
    if facts and result.sheets:
        result.problems.append(problem("facts-from-name", file=result.name, sheet=result.sheets[0].sheet,
                                       facts=", ".join(facts)))


def _note_hidden(sheet, name: str, state: str) -> None:
    if state != "visible":
        sheet.problems.append(problem("hidden-sheet", sheet=name))


def _summarise(result: WorkbookResult, config: Config, header: HeaderInfo | None, from_name: HeaderInfo,
               plans: list[tuple[str, str]]) -> bool:
    """The workbook's problems, agency and averages from its sheets; False when nothing can be written."""
    for sheet in result.sheets:
        result.problems.extend(_with_file(p, result.name) for p in sheet.problems)
    result.info = header or HeaderInfo()
    in_title = result.info.tahun
    result.info.fill_from(from_name)
    if in_title and from_name.tahun and in_title != from_name.tahun and result.sheets \
            and _states_year(result.source.stem, from_name.tahun):
        # last year's workbook copied and only one of the two updated: the later year is the one updated
        result.info.tahun = max(in_title, from_name.tahun)
        result.problems.append(problem("year-title-name", file=result.name, sheet=result.sheets[0].sheet,
                                       in_title=in_title, in_name=from_name.tahun, used=result.info.tahun))
    _said_from_name(result)
    if not result.info.tahun and config.tahun and result.sheets:   # --tahun / `tahun`: only where none is written
        result.info.tahun = str(config.tahun)
        result.info.sources["tahun"] = FROM_SETTINGS
        result.problems.append(problem("year-from-settings", file=result.name, sheet=result.sheets[0].sheet,
                                       tahun=result.info.tahun))
    if not result.info.tahun and any(s.rows for s in result.sheets):
        # a blank template (no data rows) has nothing whose year matters
        result.problems.append(problem("no-year", file=result.name, sheet=result.sheets[0].sheet))
    if not config.triwulan:
        result.problems.extend(_with_file(p, result.name) for p in _beyond_stated_round(result))
    result.problems.extend(_with_file(p, result.name) for p in _mixed_copies(result))
    if not result.sheets and plans:
        sheet_name, cell = plans[0]
        result.problems.append(problem("plan-only", file=result.name, sheet=sheet_name, cell=cell))
        result.status = GAGAL
        return False
    if not result.sheets:
        _fail(result, "no-form")
        return False
    if not any(s.rows for s in result.sheets) and any(p.level == GALAT for p in result.problems):
        result.status = GAGAL   # e.g. a PK sheet without its Target column: nothing could be completed
        return False
    forms = form_averages(result.sheets, config)
    if len(forms) == 1:
        result.average, result.predikat = next(iter(forms.values()))
    else:   # a Renja and a PK sheet: one figure per form, never one mixed figure (results.FormPart)
        result.per_form = {form: FormPart(average, predikat, grading_round(same),
                                          sum(len(s.rows) for s in same))
                           for form, (average, predikat) in forms.items()
                           for same in [[s for s in result.sheets if s.form == form]]}
    return True


# -- workbooks that are not .xlsx ------------------------------------------------------------------------

def _kind(data: bytes) -> str:
    return kinds.sniff(data)


class InputChanged(Exception):
    """The input's bytes changed after they were read (same size and time included): nothing is written."""


def _read_input(source: Path, config: Config) -> bytes:
    """The input's bytes, read once: what is checked, computed and copied into the completed workbook."""
    try:
        with open(source, "rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            if size > config.max_package_size:   # never read a file larger than any package we would open
                raise PackageError("unsafe-package", "package-too-large", size=size)
            return fh.read()
    except OSError as exc:
        raise PackageError("not-a-workbook", "unopenable", reason=os_reason(exc, reading=True)) from None


def _input_unchanged(result: WorkbookResult) -> bool:
    """The input still holds the bytes that were read (hashed again: a rewrite keeping size and time, as
    `cp -p`, `rsync --inplace -t` or a FAT32 stick do, is seen too)."""
    if result.input_sha256 is None:
        return True
    try:
        return file_sha256(result.source) == result.input_sha256
    except OSError:
        return False


def _read_foreign(kind: str, source: Path, config: Config) -> Book:
    if kind == kinds.XLS:
        from ..io.xls_sheet import read_xls
        return read_xls(source)
    if kind == kinds.ODS:
        from ..io.ods_sheet import read_ods
        return read_ods(source, config)
    from ..io.html_sheet import read_html
    return read_html(source, source.stem)


def _complete_other(kind: str, source: Path, result: WorkbookResult, config: Config, destination,
                    summary_sheet: bool) -> None:
    if kind == kinds.ENCRYPTED:
        raise PackageError("encrypted", "workbook")
    if kind == kinds.EMPTY:
        raise PackageError("not-a-workbook", "empty")
    if kind == kinds.SPREADSHEETML:
        raise PackageError("not-a-workbook", "spreadsheetml")
    if kind == kinds.UNKNOWN:
        if source.suffix:
            raise PackageError("not-a-workbook", "unknown-suffix", suffix=source.suffix)
        raise PackageError("not-a-workbook", "unknown")
    book = _read_foreign(kind, source, config)       # read and checked by lkjip first, whatever comes next
    name = kinds.NAMES[kind]
    if destination is not None and Path(destination).name == f"{source.stem} (dari {source.suffix[1:].lower()}).xlsx":
        result.problems.append(problem("output-renamed", file=result.name, output=Path(destination).name,
                                       stem=source.stem))
    if config.libreoffice and kind in (kinds.XLS, kinds.ODS):
        from . import libreoffice

        exe = libreoffice.soffice()
        why = "LibreOffice tidak terpasang" if exe is None else ""   # a reason, said by "converted-direct"
        if exe is not None:
            import tempfile

            with tempfile.TemporaryDirectory(prefix="lkjip-lo-") as tmp:
                try:
                    converted = libreoffice.convert_to_xlsx(source, Path(tmp), exe)
                except libreoffice.ConversionError as exc:
                    why = str(exc)
                else:
                    result.problems.append(problem("converted-libreoffice", file=result.name, format=name))
                    with Package(converted, config) as pkg:
                        _complete(pkg, result, config, destination, summary_sheet)
                    return
        _complete_book(book, kind, result, config, destination, summary_sheet, why)
        return
    _complete_book(book, kind, result, config, destination, summary_sheet)


def _complete_book(book: Book, kind: str, result: WorkbookResult, config: Config, destination,
                   summary_sheet: bool, libreoffice_unused: str = "") -> None:
    """A foreign workbook: its forms found and evaluated on its grids like an .xlsx's, and the completed
    workbook written as a new .xlsx carrying the values and layout, with the same edits applied.
    `libreoffice_unused`: why LibreOffice was asked for and not used."""
    from ..io.grid_xlsx import ExtraSheet, write_book
    from ..report.agency_sheet import COLUMN_WIDTHS, SHEET_NAME, summary_rows

    if libreoffice_unused:
        result.problems.append(problem("converted-direct", variant="libreoffice-unused", file=result.name,
                                       format=kinds.NAMES[kind], reason=libreoffice_unused))
    else:
        result.problems.append(problem("converted-direct", variant="direct", file=result.name,
                                       format=kinds.NAMES[kind]))
    header: HeaderInfo | None = None
    from_name = info_from_filename(result.source.stem)
    edits: dict[str, list[Edit]] = {}
    plans: list[tuple[str, str]] = []
    formats = book.formats
    for s in book.sheets:
        sheet, sheet_header, plan = _evaluate(s.grid, s.name, s.state, formats.is_percent, formats.is_date, config,
                                              from_name)
        header = header or sheet_header
        if plan:
            plans.append(plan)
        if sheet is not None:
            _note_hidden(sheet, s.name, s.state)
            edits[s.name] = sheet.edits
            result.sheets.append(sheet)
    if not _summarise(result, config, header, from_name, plans):
        return
    if destination is not None:
        extra = []
        if summary_sheet:
            rows, links = summary_rows(result)
            extra.append(ExtraSheet(SHEET_NAME, rows, COLUMN_WIDTHS, links))
        buf = io.BytesIO()
        write_book(book, edits, buf, extra)
        if not _write_output(result, destination, buf):
            return
    _set_status(result)


def _with_file(p: Problem, name: str) -> Problem:
    return dataclasses.replace(p, file=name)
