"""`lkjip laporan`: the year's LKjIP tables of every agency, read back from the record a round left in its
output folder (round_record.py), never recomputed with today's settings.  Writes, per agency,
``LKjIP <agency> <tahun>.xlsx`` and ``.docx``, and ``LKjIP semua OPD <tahun>.xlsx`` for Bappeda.  One file that
cannot be written never stops the others.  Knows nothing of click."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..config import QUARTERS
from ..files import atomic_write, os_reason
from ..report.lkjip_docx import write_agency_docx
from ..report.lkjip_build import build_laporan, previous_only
from ..report.lkjip_tables import AgencyLaporan, RoundFigures, round_year
from ..report.lkjip_xlsx import write_agency_xlsx, write_all_xlsx
from .round_state import reader_notes
from .results import UsageError

DEFAULT_FOLDER = "laporan"
_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f]+')
_MAX_STEM = 150


@dataclass
class AgencyFiles:
    laporan: AgencyLaporan
    files: list[Path] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@dataclass
class LaporanReport:
    output: Path                       # the round's output folder
    folder: Path                       # where the tables were written
    tahun: str = ""
    round_label: str = ""
    agencies: list[AgencyFiles] = field(default_factory=list)
    all_file: Path | None = None
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)     # about the round(s) as a whole

    @property
    def exit_code(self) -> int:
        failed = self.errors or any(a.errors for a in self.agencies)
        return 1 if failed or not self.agencies else 0


def safe_stem(text: str) -> str:
    """A file name (without suffix) Windows and every other system accept: no reserved characters, no trailing
    dot or space, not too long."""
    stem = " ".join(_UNSAFE.sub("-", text).split()).rstrip(". ")
    if len(stem) > _MAX_STEM:
        stem = stem[:_MAX_STEM].rstrip(". ")
    return stem or "OPD"


def _record(folder: Path, what: str):
    """The round record of an output folder, or a usage error saying what the folder is not."""
    from . import round_record

    if not folder.exists():
        raise UsageError(f"{what} tidak ditemukan: {folder}")
    if not folder.is_dir():
        raise UsageError(f"{what} bukan folder: {folder}")
    try:
        return round_record.read(folder)
    except round_record.RecordMissing:
        raise UsageError(f"{folder} bukan folder keluaran putaran lkjip: catatan putaran "
                         f"({round_record.RECORD_PATH.as_posix()}) tidak ada. Berikan folder keluaran putaran (yang berisi "
                         f"rekap.xlsx), atau jalankan dulu `lkjip run {folder} -o FOLDER_KELUARAN` lalu "
                         "`lkjip laporan FOLDER_KELUARAN`; lkjip laporan membaca angka yang dihitung putaran itu, "
                         "tidak menghitung ulang") from None
    except round_record.RecordError as exc:
        raise UsageError(f"catatan putaran di {folder} tidak dapat dibaca: {exc}. Jalankan lagi "
                         f"`lkjip run INPUT -o {folder}` dengan lkjip versi ini") from None


def _round_label(record, folder: Path) -> str:
    tw = f"Triwulan {record.triwulan}" if record.triwulan else ""
    when = " ".join(x for x in (tw, f"Tahun {record.tahun}" if record.tahun else "") if x)
    return f"{when} (folder {folder.name})" if when else f"folder {folder.name}"


def _figures(record, folder: Path) -> RoundFigures:
    q = QUARTERS.index(record.triwulan) + 1 if record.triwulan in QUARTERS else None
    scale = dict(record.settings).get("Skala predikat", "")
    return RoundFigures(results=record.counted(), config=record.config, label=_round_label(record, folder),
                        triwulan=q, scale_text=scale)


def laporan(output, previous=None, folder=None, *,
            on_agency: Callable[[AgencyFiles, int, int], None] | None = None) -> LaporanReport:
    """Write the LKjIP tables of the round in `output` (last year's round in `previous`, for the comparison)
    into `folder` (default OUTPUT/laporan)."""
    output = Path(output)
    record = _record(output, "folder OUTPUT")
    prev_record = None
    if previous is not None:
        previous = Path(previous)
        prev_record = _record(previous, "folder --tahun-lalu")
        if previous.resolve() == output.resolve():
            raise UsageError("--tahun-lalu menunjuk folder yang sama dengan OUTPUT; berikan folder keluaran "
                             "putaran tahun lalu")
    rnd = _figures(record, output)
    prev = _figures(prev_record, previous) if prev_record is not None else None
    tahun = record.tahun or round_year(rnd)
    if prev is not None:
        prev_year = prev_record.tahun or round_year(prev)
        if tahun and prev_year and prev_year >= tahun:
            raise UsageError(f"--tahun-lalu {previous} adalah putaran tahun {prev_year}, bukan tahun sebelum "
                             f"{tahun}; berikan folder keluaran putaran tahun lalu")
    folder = Path(folder) if folder is not None else output / DEFAULT_FOLDER
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"-o bukan folder: {folder}")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"folder {folder} tidak dapat dibuat: {os_reason(exc)}") from None
    report = LaporanReport(output, folder, tahun, rnd.label)
    decimals = rnd.config.decimals
    for where in (output, previous) if previous is not None else (output,):
        report.notes.extend(reader_notes(where))
    _round_notes(report, record, "")
    if prev_record is not None:
        _round_notes(report, prev_record, " tahun lalu")
    if prev is not None:
        prev_year = prev_record.tahun or round_year(prev)
        gone = previous_only(rnd, prev)
        if gone:
            report.notes.append(f"OPD berikut ada di putaran tahun {prev_year} tetapi tidak di putaran ini: "
                                + "; ".join(gone))
    laps = build_laporan(rnd, prev)
    other_years = sorted({lap.tahun for lap in laps if lap.tahun and tahun and lap.tahun != tahun})
    if other_years:
        names = "; ".join(f"{lap.agency} ({lap.tahun})" for lap in laps if lap.tahun in other_years)
        report.notes.append(f"putaran ini tahun {tahun}, tetapi workbook OPD berikut menyebut tahun lain; tabelnya "
                            f"memakai tahun workbooknya: {names}")
    used = {safe_stem(f"LKjIP semua OPD {tahun}".strip()).casefold()}
    for i, lap in enumerate(laps, 1):
        stem = safe_stem(f"LKjIP {lap.agency} {lap.tahun}".strip())
        base, n = stem, 2
        while stem.casefold() in used:
            stem, n = f"{base} ({n})", n + 1
        used.add(stem.casefold())
        entry = AgencyFiles(lap)
        for suffix, write in ((".xlsx", write_agency_xlsx), (".docx", write_agency_docx)):
            path = folder / f"{stem}{suffix}"
            try:
                atomic_write(path, lambda fh: write(lap, fh, decimals, f"folder {output.name}"))
                entry.files.append(path)
            except OSError as exc:
                entry.errors.append(_write_error(path, exc))
        report.agencies.append(entry)
        if on_agency:
            on_agency(entry, i, len(laps))
    if laps:
        path = folder / f"{safe_stem(f'LKjIP semua OPD {tahun}'.strip())}.xlsx"
        try:
            atomic_write(path, lambda fh: write_all_xlsx(laps, fh, tahun, decimals, f"folder {output.name}"))
            report.all_file = path
        except OSError as exc:
            report.errors.append(_write_error(path, exc))
    return report


def _round_notes(report: LaporanReport, record, which: str) -> None:
    """What of the round does not reach the tables, said rather than silently left out."""
    failed = [w.name for w in record.workbooks if w.status == "gagal"]
    if failed:
        report.notes.append(f"workbook berikut gagal dalam putaran{which} dan tidak masuk tabel: {'; '.join(failed)}")
    for name, winner in sorted(record.superseded.items()):
        report.notes.append(f"{name} (putaran{which}) tidak dipakai: ada versi yang lebih baru dari OPD yang sama, "
                            f"{winner}")


def _write_error(path: Path, exc: OSError) -> str:
    reason = os_reason(exc)
    todo = "tutup berkas itu di Excel/Word" if "akses ditolak" in reason else "periksa folder dan ruang disk"
    return f"{path.name} tidak dapat ditulis: {reason}. Silakan {todo}, lalu jalankan lagi"
