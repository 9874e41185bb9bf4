"""`lkjip laporan`: the year's LKjIP tables of every agency, read back from the record a round left in its
output folder (round_record.py), never recomputed with today's settings.  Writes, per agency,
``LKjIP <agency> <tahun>.xlsx`` and ``.docx``, and ``LKjIP semua OPD <tahun>.xlsx`` for Bappeda.  One file that
cannot be written never stops the others.  Knows nothing of click."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..config import QUARTERS
from ..files import atomic_write, os_reason
from ..forms.header import agency_of_name
from ..report.lkjip_docx import write_agency_docx
from ..report.lkjip_build import build_laporan, previous_only
from ..report.pairing import name_key, pair_key, read_mapping
from ..report.lkjip_tables import AgencyLaporan, RoundFigures, round_year
from ..report.lkjip_xlsx import write_agency_xlsx, write_all_xlsx
from .round_state import no_round_yet, reader_notes
from .results import OutputError, UsageError

DEFAULT_FOLDER = "laporan"
MAPPING = "pasangan_indikator.csv"            # the user's indicator pairs, in the round's output folder
SUGGESTIONS = "pasangan_indikator_usulan.csv"  # written beside the tables: the unpaired rows, to settle
MAX_EARLIER = 4                               # earlier rounds a table sets beside this year (five years)
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
    suggestions: Path | None = None    # pasangan_indikator_usulan.csv, when rows were left unpaired
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
        if (why := no_round_yet(folder)) is not None:
            raise OutputError(why) from None
        raise UsageError(f"{folder} bukan folder keluaran putaran lkjip: catatan putaran "
                         f"({round_record.RECORD_PATH.as_posix()}) tidak ada. Berikan folder keluaran putaran (yang berisi "
                         f"rekap.xlsx), atau jalankan dulu `lkjip run {folder} -o FOLDER_KELUARAN` lalu "
                         "`lkjip laporan FOLDER_KELUARAN`; lkjip laporan membaca angka yang dihitung putaran itu, "
                         "tidak menghitung ulang") from None
    except round_record.RecordInvalid as exc:   # edited or damaged: the reason says how to rebuild it
        raise UsageError(f"catatan putaran di {folder} tidak dapat dipakai: {exc}") from None
    except round_record.RecordError as exc:
        raise UsageError(f"catatan putaran di {folder} tidak dapat dibaca: {exc}. Jalankan lkjip run lagi "
                         f"(`lkjip run INPUT -o {folder}`) dengan lkjip versi ini") from None


def _identify(previous, record) -> None:
    """Last year's round, run without a roster, read through this year's (`record` kept it): each workbook's
    agency known by its kode, so an agency renamed since (its old name an alias) is still paired."""
    roster = getattr(record.status, "roster", None)
    if roster is None or previous.status is not None:
        return
    for w in previous.workbooks:
        if w.kode:
            continue
        stem = w.name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        # the record keeps no source of the agency: one the file name gave is matched by the file name's words
        from_name = w.info.agency in (stem, agency_of_name(stem))
        match = roster.match(w.info.agency, w.name)
        if match.agency is None and from_name:
            match = roster.match("", w.name)
        if match.agency is not None:
            w.kode, w.info.agency = match.agency.kode, match.agency.nama


def _round_label(record, folder: Path) -> str:
    tw = f"Triwulan {record.triwulan}" if record.triwulan else ""
    when = " ".join(x for x in (tw, f"Tahun {record.tahun}" if record.tahun else "") if x)
    return f"{when} (folder {folder.name})" if when else f"folder {folder.name}"


def _figures(record, folder: Path) -> RoundFigures:
    q = QUARTERS.index(record.triwulan) + 1 if record.triwulan in QUARTERS else None
    # the scale the round graded on: its quarter's own when lkjip.toml had one (as the workbooks and the rekap)
    settings = dict(record.settings)
    scale = settings.get(f"Skala predikat triwulan {record.triwulan}", "") or settings.get("Skala predikat", "")
    return RoundFigures(results=record.counted(), config=record.config, label=_round_label(record, folder),
                        triwulan=q, scale_text=scale)


def laporan(output, previous=None, folder=None, *, pairs=None,
            on_agency: Callable[[AgencyFiles, int, int], None] | None = None) -> LaporanReport:
    """Write the LKjIP tables of the round in `output` into `folder` (default OUTPUT/laporan).  `previous`: an
    earlier round's output folder, a list of them (up to four earlier years are set beside this one), or a
    folder holding several; `pairs`: the indicator mapping file (default OUTPUT/pasangan_indikator.csv)."""
    output = Path(output)
    record = _record(output, "folder OUTPUT")
    earlier = []
    for path in earlier_folders(previous):
        if path.resolve() == output.resolve():
            raise UsageError("--tahun-lalu menunjuk folder yang sama dengan OUTPUT; berikan folder keluaran "
                             "putaran tahun lalu")
        earlier.append((_record(path, "folder --tahun-lalu"), path))
    for rec, _path in earlier:   # rounds run before the roster, read through this year's
        _identify(rec, record)
    rnd = _figures(record, output)
    tahun = record.tahun or round_year(rnd)
    years: dict[str, Path] = {}
    rounds = []
    for rec, path in earlier:
        fig = _figures(rec, path)
        year = rec.tahun or round_year(fig)
        if tahun and year and year >= tahun:
            raise UsageError(f"--tahun-lalu {path} adalah putaran tahun {year}, bukan tahun sebelum "
                             f"{tahun}; berikan folder keluaran putaran tahun lalu")
        if year in years:
            raise UsageError(f"--tahun-lalu {years[year]} dan {path} sama-sama putaran tahun {year}; berikan satu "
                             "putaran akhir tahun untuk setiap tahun")
        years[year] = path
        rounds.append((year, rec, path, fig))
    rounds.sort(key=lambda r: r[0], reverse=True)
    dropped = rounds[MAX_EARLIER:]
    rounds = rounds[:MAX_EARLIER]
    prev_record, previous, prev = (rounds[0][1], rounds[0][2], rounds[0][3]) if rounds else (None, None, None)
    mappings, mapping_note, mapping_rows = _mappings(pairs, output)
    folder = Path(folder) if folder is not None else output / DEFAULT_FOLDER
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"-o bukan folder: {folder}")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"folder {folder} tidak dapat dibuat: {os_reason(exc)}") from None
    report = LaporanReport(output, folder, tahun, rnd.label)
    decimals = rnd.config.decimals
    for where, rec in [(output, record)] + [(r[2], r[1]) for r in rounds]:
        report.notes.extend(reader_notes(where, rec))
    if dropped:
        report.notes.append(f"--tahun-lalu: dipakai {MAX_EARLIER} putaran terakhir (tabel sampai lima tahun); "
                            "tidak dipakai: " + "; ".join(f"{y} ({p})" for y, _, p, _ in dropped))
    if mapping_note:
        report.notes.append(mapping_note)
    _round_notes(report, record, "")
    for year, rec, _, _ in rounds:
        _round_notes(report, rec, f" tahun {year}" if len(rounds) > 1 else " tahun lalu")
    if prev is not None:
        prev_year = rounds[0][0]
        gone = previous_only(rnd, prev)
        if gone:
            report.notes.append(f"OPD berikut ada di putaran tahun {prev_year} tetapi tidak di putaran ini: "
                                + "; ".join(gone))
    laps = build_laporan(rnd, prev, [r[3] for r in rounds[1:]], mappings)
    if mapping_rows is not None and prev is not None:
        report.notes += unused_pairs(mapping_rows, laps)
    if any(lap.unpaired for lap in laps):
        path = folder / SUGGESTIONS
        try:
            atomic_write(path, lambda fh: fh.write(suggestions_csv(laps).encode("utf-8-sig")))
            report.suggestions = path
        except OSError as exc:
            report.errors.append(_write_error(path, exc))
    else:   # every row paired now: last run's suggestions would only mislead
        try:
            (folder / SUGGESTIONS).unlink(missing_ok=True)
        except OSError:
            pass
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


def earlier_folders(previous) -> list[Path]:
    """The earlier rounds' output folders: each --tahun-lalu folder, or, for a folder holding several rounds'
    output folders (one per year), each of them."""
    if previous is None:
        return []
    items = [previous] if isinstance(previous, (str, Path)) else list(previous)
    out: list[Path] = []
    for item in map(Path, items):
        from . import round_record

        if not round_record.record_path(item).is_file() and item.is_dir():
            inner = sorted(p for p in item.iterdir() if round_record.record_path(p).is_file())
            if inner:
                out.extend(inner)
                continue
        out.append(item)
    return out


def _mappings(pairs, output: Path) -> tuple[dict[str, dict[str, str]], str, tuple | None]:
    """The user's indicator pairs (--pasangan FILE, else OUTPUT/pasangan_indikator.csv when there is one), and a
    note saying which file was read."""
    path = Path(pairs) if pairs is not None else output / MAPPING
    if pairs is None and not path.is_file():
        return {}, "", None
    if not path.is_file():
        raise UsageError(f"--pasangan: berkas {path} tidak ditemukan")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"berkas pasangan {path} tidak dapat dibaca: {os_reason(exc)}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:     # Excel's "CSV (dipisahkan koma)" saves in the Windows code page
        text = data.decode("cp1252", errors="replace")
    first = text.splitlines()[0] if text else ""
    reader = csv.DictReader(io.StringIO(text), delimiter=";" if first.count(";") >= first.count(",") else ",")
    reader.fieldnames = [(f or "").strip().lower() for f in reader.fieldnames or []]
    need = {"indikator_tahun_lalu", "indikator_tahun_ini"}
    if not need <= set(reader.fieldnames):
        raise UsageError(f"berkas pasangan {path}: baris judul harus memuat kolom indikator_tahun_lalu dan "
                         "indikator_tahun_ini (dan opd, boleh kosong); contoh ada di "
                         f"{DEFAULT_FOLDER}/{SUGGESTIONS}")
    rows = list(reader)
    mappings = read_mapping(rows)
    count = sum(len(m) for m in mappings.values())
    raw = [((r.get("opd") or "").strip(), (r.get("indikator_tahun_lalu") or "").strip(),
            (r.get("indikator_tahun_ini") or "").strip()) for r in rows]
    return mappings, f"pasangan indikator dibaca dari {path} ({count} pasangan)", (path, raw)


def unused_pairs(mapping_rows: tuple, laps: list[AgencyLaporan]) -> list[str]:
    """The mapping file's lines no table used (a name typed differently from the workbook's, an OPD named
    otherwise): said, line by line, so a typo does not pass for a settled pair."""
    path, rows = mapping_rows
    out = []
    agencies = {name_key(lap.agency) for lap in laps}
    for line, (opd, before, now) in enumerate(rows, 2):
        if not (before and now):
            out.append(f"{path.name} baris {line}: indikator_tahun_lalu dan indikator_tahun_ini harus diisi keduanya")
            continue
        key, pair = name_key(opd), (pair_key(before), pair_key(now))
        if opd and key not in agencies:
            out.append(f"{path.name} baris {line}: OPD \"{opd}\" tidak ada di putaran ini (tulis nama OPD seperti "
                       "di tabel, atau kosongkan untuk semua OPD)")
        elif not any(pair in lap.mapping_used for lap in laps if not opd or name_key(lap.agency) == key):
            out.append(f"{path.name} baris {line}: pasangan \"{before}\" → \"{now}\" tidak dipakai: nama "
                       "indikator itu tidak ditemukan di PK tahun lalu dan tahun ini, atau indikatornya sudah "
                       "berpasangan menurut nama; periksa penulisannya")
    return out


def suggestions_csv(laps: list[AgencyLaporan]) -> str:
    """Every indicator left without a partner, one line each, in the mapping file's columns: the "mirip"
    suggestion filled in where there is one, to check, complete and copy into pasangan_indikator.csv."""
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    w.writerow(["opd", "indikator_tahun_lalu", "indikator_tahun_ini", "keterangan"])
    for lap in laps:
        for year, name, hint in lap.unpaired:
            w.writerow([lap.agency, hint, name, f"mirip (tahun {year}): periksa" if hint else
                        f"tidak ada nama mirip di tahun {year}: isi nama indikatornya tahun itu, atau hapus baris"])
    return buf.getvalue()


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
