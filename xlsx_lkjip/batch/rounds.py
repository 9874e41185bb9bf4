"""Gathering the monitoring rounds for `lkjip rekap OUT_TW1 OUT_TW2 …`.

A round is the output folder of one `lkjip run` or `lkjip watch`: its figures are read back from the record
the round left there (round_record.py), exactly as that round's own rekap showed them, whatever the settings
in force today.  Each folder is one round (a column of the multi-round recap), labelled by the round it
states and by its name, ordered in time.  A folder named twice counts once; two folders that claim the same
round are both shown, with a warning.

A folder without a record (written by an older lkjip, or a folder of workbooks) is recomputed with today's
settings, with a warning that says so; its workbooks are split by the round their headers state, as older
versions did."""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from ..config import DEFAULT, QUARTERS, Config
from ..files import list_inputs
from ..report.duplicates import decide
from ..report.multi_round import RoundColumn
from ..io.package import Package, PackageError
from ..report.rekap import form_figures, is_lkjip_rekap
from . import round_record
from .round_state import no_round_yet, reader_notes
from .results import REKAP_NAME, OutputError, UsageError, WorkbookResult
from .workbook import complete_workbook


@dataclass
class Rounds:
    columns: list[RoundColumn] = field(default_factory=list)   # in time order
    warnings: list[str] = field(default_factory=list)

    @property
    def workbooks(self) -> int:
        """Workbooks with a form, over every round (a folder named twice counted once)."""
        return sum(c.workbooks for c in self.columns)


def _label(tw: str, tahun: str) -> str:
    return " ".join(x for x in (f"TW {tw}" if tw else "", tahun) if x) or "putaran tidak diketahui"


def _order(tw: str, tahun: str) -> tuple:
    return (tahun or "9999", QUARTERS.index(tw) + 1 if tw in QUARTERS else 9)


def _distinct(folders: list[Path], warnings: list[str]) -> list[Path]:
    """The folders in the order given, each once (the same folder under two spellings included)."""
    seen: dict[str, Path] = {}
    out = []
    for folder in folders:
        folder = Path(folder)
        if not folder.exists():
            raise UsageError(f"folder tidak ditemukan: {folder}")
        key = os.path.normcase(os.path.realpath(folder))
        if key in seen:
            warnings.append(f"folder {folder} disebut lebih dari sekali (sama dengan {seen[key]}); dihitung sekali")
            continue
        seen[key] = folder
        out.append(folder)
    return out


def _names(folders: list[Path]) -> dict[Path, str]:
    """How each folder is named in the labels: its name, or more of its path where two share a name."""
    names = {f: (f.name or str(f)) for f in folders}
    counts = Counter(names.values())
    for f in folders:
        if counts[names[f]] > 1:
            parts = Path(os.path.realpath(f)).parts
            names[f] = "/".join(parts[-2:]) if len(parts) >= 2 else str(f)
    return names


def _made_by_lkjip(path: Path) -> bool:
    """A rekap or multi-round recap lkjip wrote: its marker property, or (written before the marker) the
    core properties lkjip gave it (report.rekap.is_lkjip_rekap).  Never an agency's completed workbook, nor
    a template lkjip wrote and an agency filled in (its author is lkjip too)."""
    try:
        with Package(path) as pkg:
            return is_lkjip_rekap(pkg)
    except (PackageError, OSError):
        return False


def _recorded(folder: Path, name: str, record: round_record.RoundRecord, warnings: list[str],
              exclude: set[str]) -> RoundColumn:
    workbooks = [w for w in record.workbooks if w.form]
    if len(record.stated) > 1:
        parts = ", ".join(f"{_label(tw, th)}: {n}" for tw, th, n in record.stated)
        warnings.append(f"folder {folder} memuat workbook dari beberapa putaran ({parts}); ditampilkan sebagai satu "
                        f"putaran, {_label(record.triwulan, record.tahun)}, seperti rekap putaran itu")
    # The folder as it is now against the record: a workbook copied in later is not part of the round
    outputs = {w.output.relative_to(folder).as_posix() for w in record.workbooks if w.output is not None}
    present = {p.relative_to(folder).as_posix() for p in list_inputs(folder, False)}
    for extra in sorted(present - outputs - {REKAP_NAME}):
        if os.path.normcase(os.path.realpath(folder / extra)) in exclude or _made_by_lkjip(folder / extra):
            continue
        warnings.append(f"berkas {folder / extra} ada di folder putaran tetapi tidak tercatat di putaran itu "
                        "(disalin sesudah lkjip run?); tidak dihitung. Taruh di folder masukan dan jalankan lkjip "
                        "run lagi bila seharusnya ikut")
    # a recorded workbook no longer in the folder: round_state.reader_notes says it (as lkjip laporan does) from
    # the outputs the record lists; a record written before it listed them, here
    for missing in sorted(o for o in outputs - present - set(record.outputs) if "/" not in o):
        warnings.append(f"workbook {folder / missing} tercatat di putaran tetapi tidak ada lagi di folder; "
                        "angkanya tetap dari catatan putaran")
    counted = record.counted()
    return RoundColumn(
        folder=folder, name=name, triwulan=record.triwulan, tahun=record.tahun,
        source=f"catatan putaran (lkjip {record.command} {record.lkjip})",
        settings="; ".join(f"{a}: {b}" for a, b in record.settings if a in ("Berkas pengaturan", "Putaran monitoring")),
        results=[w for w in counted if w.form], workbooks=len(workbooks),
        counted=sum(1 for w in counted if w.form),
        kodes={a.agency: a.kode for a in record.agencies if a.kode}, status=record.status,
        forms={form: (f.average, f.predikat, [(a.agency, a.average, a.predikat) for a in f.agencies], f.counted)
               for form, f in record.forms.items()})


def _recomputed(folder: Path, name: str, config: Config, why: str, warnings: list[str],
                settings: str) -> list[RoundColumn]:
    files = list_inputs(folder, False) if folder.is_dir() else [folder]
    results: list[WorkbookResult] = []
    for p in files:
        if p.name.casefold() == REKAP_NAME:
            continue
        result = complete_workbook(p, None, config, name=p.name)
        if result.sheets:
            results.append(result)
    warnings.append(f"folder {folder} {why}: angkanya DIHITUNG ULANG dengan pengaturan sekarang ({settings}) dan "
                    "bisa berbeda dari rekap putaran itu. Jalankan lkjip run lagi untuk putaran itu agar angkanya "
                    "tercatat")
    by_round: dict[tuple[str, str], list[WorkbookResult]] = defaultdict(list)
    for r in results:   # as older versions did: by the round each workbook states (or the one configured now)
        tw = QUARTERS[config.triwulan - 1] if config.triwulan else \
            (r.info.triwulan or (QUARTERS[r.round - 1] if r.round else ""))
        by_round[(tw, r.info.tahun)].append(r)
    columns = []
    for (tw, tahun), members in by_round.items():
        dup = decide(members)
        forms = form_figures(members, dup, config)
        counted = [r for i, r in enumerate(members) if dup.counts(i)]
        warnings.extend(f"{folder}: {p.message}" for p in dup.problems)
        columns.append(RoundColumn(folder=folder, name=name, triwulan=tw, tahun=tahun,
                                   source="dihitung ulang dengan pengaturan sekarang", settings=settings,
                                   results=counted, workbooks=len(members), counted=len(counted), forms=forms))
    return columns


def collect(folders: list[Path], config: Config = DEFAULT, config_source: Path | None = None,
            exclude: list[Path] = ()) -> Rounds:
    """The rounds of `folders` (output folders of `lkjip run` / `lkjip watch`), in time order, with the
    warnings a reader must see.  `exclude`: files never taken for a late copy (the recap being written)."""
    from ..config import describe

    rounds = Rounds()
    folders = _distinct(list(folders), rounds.warnings)
    names = _names(folders)
    settings = "; ".join(f"{a}: {b}" for a, b in describe(config, config_source)
                         if a in ("Berkas pengaturan", "Putaran monitoring"))
    skip = {os.path.normcase(os.path.realpath(p)) for p in exclude}
    columns: list[RoundColumn] = []
    for folder in folders:
        if not folder.is_dir():
            columns += _recomputed(folder, names[folder], config, "adalah satu berkas, bukan folder putaran",
                                   rounds.warnings, settings)
            continue
        try:
            record = round_record.read(folder)
        except round_record.RecordMissing:
            if (why := no_round_yet(folder)) is not None:   # a part of a first round is no round to recompute
                raise OutputError(why) from None
            columns += _recomputed(folder, names[folder], config,
                                   "tidak memuat catatan putaran (.lkjip/putaran.json; ditulis oleh lkjip versi lama "
                                   "atau bukan folder keluaran lkjip run)", rounds.warnings, settings)
            continue
        except round_record.RecordInvalid as exc:
            # edited or damaged in place: refused (recomputing would pass today's figures off as that round's
            # while someone changed what the round said), with what and where, and how to rebuild it
            raise UsageError(f"catatan putaran di {folder} tidak dapat dipakai: {exc}") from None
        except round_record.RecordError as exc:
            columns += _recomputed(folder, names[folder], config, f"memuat catatan putaran yang tidak dapat dibaca "
                                   f"({exc})", rounds.warnings, settings)
            continue
        rounds.warnings.extend(reader_notes(folder, record))
        columns.append(_recorded(folder, names[folder], record, rounds.warnings, skip))
    columns.sort(key=lambda c: (_order(c.triwulan, c.tahun), c.name.casefold(), str(c.folder)))
    claims: dict[tuple[str, str], list[RoundColumn]] = defaultdict(list)
    for c in columns:
        if c.triwulan or c.tahun:
            claims[(c.triwulan, c.tahun)].append(c)
    for (tw, tahun), claimants in claims.items():
        if len({c.folder for c in claimants}) > 1:
            rounds.warnings.append(
                f"putaran {_label(tw, tahun)} tercatat di {len(claimants)} folder ("
                + ", ".join(str(c.folder) for c in claimants) + "); semuanya ditampilkan sebagai kolom tersendiri. "
                "Periksa apakah salah satunya putaran lain atau salinan")
    rounds.columns = columns
    return rounds
