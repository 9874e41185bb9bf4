"""The record a round leaves in its output folder, and reading it back.

A round is the output folder of one `lkjip run` or `lkjip watch`.  The figures of a round are the ones that
round computed, with the settings then in force: `lkjip rekap` (the multi-round recap) and `lkjip laporan`
read them from here and never recompute a workbook with today's settings.  `run` writes the record
atomically at the end of the batch (a record left by an earlier run is removed when a run starts, so an
interrupted run leaves none rather than a stale one); `watch` rewrites it whenever it rewrites the rekap.

API
    read(folder) -> RoundRecord               RecordMissing when there is none, RecordError when unreadable
    RoundRecord.counted() -> [WorkbookResult]  the workbooks the round's region figures count
    workbook_entry(result, output) -> str      one workbook, as JSON text (a pool worker makes it)
    RecordWriter / write_record(...)           writing (run streams the entries; watch writes at once)

The file: OUTPUT/.lkjip/putaran.json, UTF-8 JSON, format "lkjip-putaran", version 1.  Numbers that are
figures are strings of the exact decimal value ("104.76"), never floats; a figure not reported is null.
A reader must ignore keys it does not know; removing a key or changing its meaning raises "version".

  format, version      "lkjip-putaran", 1
  lkjip                the lkjip version that wrote it
  command              "run" or "watch"
  settings             {"fingerprint": 16 hex digits (changes with the settings or the lkjip version),
                        "source": the lkjip.toml used, or null for the defaults,
                        "described": [[name, value], …] as the rekap's sheet Pengaturan shows them,
                        "rules": what a reader of the figures needs, machine-readable: {"decimals": n,
                                 "negative_formula": "(2T-R)/T" | "T/R", "efisiensi": {"steps": [[threshold,
                                 label], …] highest first, "below": label}}; RoundRecord.config carries them}
  triwulan, tahun      the round: triwulan "I".."IV" (or "") and year (or ""); `triwulan_from` says where the
                       triwulan came from: "pengaturan" (--triwulan / lkjip.toml) or "workbook" (the round
                       most workbooks state in their title or file name; else their monitoring round)
  stated               [{"triwulan", "tahun", "workbooks": n}, …]: every round the counted workbooks state
  region               {"average", "predikat", "workbooks", "counted"}: the rekap's Ringkasan
  agencies             [{"agency", "average", "predikat", "rank"}, …]: the rekap's ranking, best first
                       ("region" and "agencies" mix forms when a round holds Renja and PK: readers show "forms")
  forms                {form: {"average", "predikat", "counted", "agencies": [{"agency", "average", "predikat",
                       "rank"}, …]}}: the region and the agencies per form, as the rekap's Ringkasan shows them
                       (a Renja capaian K and a PK capaian tahunan are never averaged together)
  duplicates           [{"counted", "not_counted", "reason": "mtime" | "name"}, …] (report/duplicates.py)
  opd_status           with a roster only (report/status.py): {"sumber", "opd": expected agencies,
                       "sudah_mengirim": n, "belum_mengirim": [{"kode", "nama", "formulir": [...]}, …],
                       "baris": [{"kode", "nama", "formulir", "wajib", "status", "berkas": [...], "disimpan" (ISO
                       time or null), "masalah", "capaian", "predikat"}, …]}; agencies then carry "kode" too
  workbooks            one object per input, in input order:
      name             the input's path relative to the input folder ("/"-separated)
      output           the completed workbook relative to OUTPUT, or null
      counted          whether it counts in the region's figures; superseded_by: the one counted instead
      agency, form, tahun, triwulan   as read from the header (or the file name); form "Renja", "PK", "PK, Renja"
      kode             with a roster only: the roster's kode of the agency (agency is then the roster's name);
                       absent when the workbook matched no agency of the roster
      round            the monitoring round its figures were computed for ("I".."IV", or "")
      status           "selesai", "dengan peringatan" or "gagal"; galat: the messages of a failure
      average, predikat  {"K": …, "Rp": …} as in the rekap's Rekap OPD
      data_rows, problems  the number of data rows; {"galat": n, "peringatan": n, "info": n}
      sheets           [{"sheet", "form", "hidden", "round", "stated_round" (1-4 or null), "average",
                         "predikat", "columns": [...], "rows": [[...], …]}, …]; rows are lists in the order
                         of "columns", which are the form kind's record_columns() (evaluate/renja.py and
                         evaluate/pk.py RECORD_COLUMNS, below; a reader maps by name).  A sheet of a form
                         this lkjip does not know (evaluate/kinds.py) makes the record unreadable
                         (RecordError): it is never read as another form.

The record ends with its seal (record_seal.py): "putaran" {"id" (the round's id, also in its rekap.xlsx),
"outputs" {completed workbook relative to OUTPUT: sha256}, "rekap" (sha256 of rekap.xlsx)} and "checksum"
(sha256 of every byte before it).  read() refuses a record whose checksum fails or whose figures contradict
each other.

Renja columns: row (sheet row), kode, level, sasaran, program, indicator, unit; target_k / target_rp
(column 8: target and pagu), realisasi_k / realisasi_rp (column 13), capaian_k / capaian_rp (column 14),
predikat; tw1_k … tw4_k and tw1_rp … tw4_rp (columns 9-12); renstra_target_k / renstra_target_rp (column 6,
the target at the end of the Renstra period), renstra_realisasi_k / renstra_realisasi_rp (column 15, the
realisation up to this year), renstra_capaian_k / renstra_capaian_rp (column 16, its tingkat capaian).
PK columns: row, sasaran, indicator, unit, negative (polaritas negatif), accumulation (Kumulatif / Akhir /
Rata-rata), applicable (false for target N/A), target (annual), target_tw1..4, realisasi_tw1..4 (as typed),
realisasi_sd_tw1..4 (up to and including each quarter, by the accumulation), capaian_tw1..4, tahunan (the
capaian of the monitoring round), predikat, pagu (anggaran), realisasi_anggaran, serapan, efisiensi,
efisiensi_kategori; realisasi_tahunan (the realisasi the tahunan rests on: to date at the monitoring round,
or an annual table's Realisasi), target_renstra ("Target Akhir Renstra" and the like), pagu_tw1..4,
realisasi_anggaran_tw1..4 (per-quarter budget columns, each quarter's own figure) and serapan_tw1..4 (to
date at each quarter); tahunan_target (the target the tahunan was measured on: the annual one, or the
rencana aksi's to date); tujuan (the "Tujuan" column's text; "" without one).  A PK sheet also says its "periods": "triwulan", "bulanan" (a monthly plan, read as
its quarters; the months themselves are not recorded) or "tahunan" (an annual table, no quarters).  A Renja
sheet says "capaian_renstra": true when its rows' target / realisasi / capaian are the Renstra columns (the
form declares no yearly capaian), and, only where the agency wrote any, "footer_text": [{"rows": [first, last]
data row of the block, "texts": {"pendorong" | "penghambat" | "tindak_lanjut_triwulan" | "tindak_lanjut_renja":
text}, "cells": {the same keys: the cell it was read from}}, …], one per block of the table whose footer lines
hold text (forms/renja_footer.py; the LKjIP's faktor table shows it).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import field, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path

from .. import __version__, speedups
from ..config import DEFAULT, QUARTERS, Config, Scale, describe
from ..evaluate.kinds import named
from ..files import atomic_write, temp_file
from ..forms.header import HeaderInfo
from ..report.duplicates import NONE, Duplicates
from . import record_seal
from .results import FormPart, WorkbookResult
from .watch_results import settings_fingerprint
from ..records import record

RECORD_PATH = Path(".lkjip") / "putaran.json"
FORMAT = "lkjip-putaran"
VERSION = 1

class RecordMissing(Exception):
    """The folder holds no round record (not an output folder, or written by an older lkjip)."""


class RecordError(Exception):
    """A round record that cannot be read back (damaged, or of a version this lkjip does not know)."""


class RecordInvalid(RecordError):
    """A round record that reads but is not what lkjip wrote: its checksum or its own figures do not hold
    (edited by hand, or damaged in place).  Refused by every reader (record_seal.py)."""


def record_path(output) -> Path:
    return Path(output) / RECORD_PATH


def _roman(k: int | None) -> str:
    return QUARTERS[k - 1] if k and 1 <= k <= 4 else ""


def _fig(v):
    return str(v) if v.__class__ is Decimal else v


def _sides(d: dict) -> dict:
    return {k: _fig(v) for k, v in d.items()}


def _figures(values: list) -> list:
    return [str(v) if v.__class__ is Decimal else v for v in values]


def _record_rows(rows: list) -> list[list]:
    """A sheet's record rows with every Decimal as its text (C: the same, without a Python loop)."""
    if speedups.record_figures is not None and type(rows) is list:
        return speedups.record_figures(rows, Decimal)
    return [_figures(row) for row in rows]


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _rows_json(rows: list) -> str:
    """_json(_record_rows(rows)) (C: written at once, without the lists of texts and the encoder's pieces)."""
    if speedups.record_json is not None and type(rows) is list:
        got = speedups.record_json(rows, Decimal)
        if got is not None:
            return got
    return _json(_record_rows(rows))


def _stated(result) -> tuple[str, str]:
    """The round a workbook reports: the triwulan its title or file name states, else its monitoring round."""
    return result.info.triwulan or _roman(result.round), result.info.tahun


def workbook_entry(result: WorkbookResult, output: Path | None) -> str:
    """One workbook of the record as JSON text (without "counted"/"superseded_by", known only at the end).
    Made where the full result is: in a pool worker, next to the workbook's rekap rows."""
    out_rel = None
    if result.output is not None:
        try:
            out_rel = Path(result.output).relative_to(output).as_posix() if output is not None else None
        except ValueError:
            out_rel = None
    counts = {level: result.count(level) for level in ("galat", "peringatan", "info")}
    # The text of {..., "sheets": [{..., "rows": [...]}, ...], ...} put together from its parts, each a dict's
    # text without its closing brace: the same bytes as one json.dumps of it (rows is each sheet's last key,
    # sheets is followed by kode and per_form when they are there), the rows written by _rows_json.
    sheets = [_json({"sheet": s.sheet, "form": s.form, "hidden": s.hidden, "round": _roman(s.round),
                     "stated_round": s.stated_round, "average": _sides(s.average), "predikat": dict(s.predikat),
                     "columns": list(s.record_columns()), **s.record_extra()})[:-1]
              + ',"rows":' + _rows_json(s.record_rows()) + "}" for s in result.sheets]
    doc = {"name": result.name, "output": out_rel, "agency": result.info.agency, "form": result.form,
           "tahun": result.info.tahun, "triwulan": result.info.triwulan, "round": _roman(result.round),
           "status": result.status, "average": _sides(result.average), "predikat": dict(result.predikat),
           "data_rows": result.data_rows, "problems": counts,
           "galat": [p.message for p in result.problems if p.level == "galat"][:5]}
    after = {}
    if result.kode:   # with a roster: the agency's identity across rounds and years (agency is its roster name)
        after["kode"] = result.kode
    if result.per_form:   # a workbook of several forms: its figures per form ("average" stays empty)
        after["per_form"] = {form: {"average": _sides(p.average), "predikat": dict(p.predikat),
                                    "round": _roman(p.round), "data_rows": p.data_rows}
                             for form, p in result.per_form.items()}
    return (_json(doc)[:-1] + ',"sheets":[' + ",".join(sheets) + "]"
            + ("," + _json(after)[1:] if after else "}"))


def round_head(results, dup: Duplicates, config: Config, source: Path | None, command: str) -> dict:
    """Everything of the record but its workbooks: the settings, the round, the region's figures (as the
    rekap's Ringkasan shows them, from the same function)."""
    from ..report.rekap import form_figures, region_figures

    region, region_predikat, ranked = region_figures(results, dup, config)
    forms = form_figures(results, dup, config)
    counted = [r for i, r in enumerate(results) if dup.counts(i) and r.form]
    stated = Counter(_stated(r) for r in counted)

    def when(pair):   # later rounds win a tie: the round a folder is "of" is its latest
        tw, th = pair
        return th, QUARTERS.index(tw) if tw in QUARTERS else -1

    if config.triwulan:
        triwulan, origin = QUARTERS[config.triwulan - 1], "pengaturan"
        years = Counter(th for (_, th) in stated.elements() if th)
        tahun = max(years, key=lambda y: (years[y], y)) if years else ""
    elif stated:
        triwulan, tahun = max(stated, key=lambda pair: (stated[pair], when(pair)))
        origin = "workbook" if triwulan else ""
    else:
        triwulan, tahun, origin = "", "", ""
    return {
        "format": FORMAT, "version": VERSION, "lkjip": __version__, "command": command,
        "settings": {"fingerprint": settings_fingerprint(config), "source": str(source) if source else None,
                     "described": [list(line) for line in describe(config, source)],
                     "rules": rules_of(config)},
        "triwulan": triwulan, "tahun": tahun, "triwulan_from": origin,
        "stated": [{"triwulan": tw, "tahun": th, "workbooks": n} for (tw, th), n in sorted(stated.items(), key=lambda kv: when(kv[0]))],
        "region": {"average": _fig(region), "predikat": region_predikat, "workbooks": len(results),
                   "counted": sum(1 for i in range(len(results)) if dup.counts(i))},
        "agencies": [{"agency": a, "average": _fig(avg), "predikat": pred, "rank": k}
                     for k, (a, avg, pred) in enumerate(ranked, 1)],
        "forms": {form: {"average": _fig(avg), "predikat": pred, "counted": n,
                         "agencies": [{"agency": a, "average": _fig(v), "predikat": pr, "rank": k}
                                      for k, (a, v, pr) in enumerate(agencies, 1)]}
                  for form, (avg, pred, agencies, n) in forms.items()},
        "duplicates": [{"counted": results[w].name, "not_counted": results[i].name, "reason": dup.reasons.get(i, "")}
                       for i, w in sorted(dup.superseded.items())],
    }


class RecordWriter:
    """The record's workbook entries as they come (in input order), kept in a temporary file so a batch of
    thousands keeps nothing in memory; `write()` puts the record together at the end, atomically."""

    def __init__(self):
        self.file = temp_file()   # errors say TMPDIR, not OUTPUT
        self.spans: list[tuple[int, int]] = []

    def add(self, entry: str) -> None:
        data = entry.encode("utf-8")
        self.spans.append((self.file.tell(), len(data)))
        self.file.write(data)

    def write(self, output: Path, results, dup: Duplicates, head: dict, putaran: dict | None = None) -> Path:
        """The record, sealed (record_seal.py): `putaran` says which round it is and what the round wrote."""
        if len(self.spans) != len(results):
            raise ValueError(f"round record: {len(self.spans)} entries for {len(results)} results")
        path = record_path(output)
        path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(head, ensure_ascii=False, separators=(",", ":"), sort_keys=True)

        def write(raw):
            fh = record_seal.HashingWriter(raw)
            fh.write(text[:-1].encode("utf-8") + b',"workbooks":[')
            for i, (offset, length) in enumerate(self.spans):
                self.file.seek(offset)
                entry = self.file.read(length)
                winner = dup.superseded.get(i)
                flags = {"counted": winner is None, "superseded_by": results[winner].name if winner is not None else None}
                # the entry is one JSON object: its two flags go in front of its own keys
                fh.write((b"\n" if i == 0 else b",\n") + json.dumps(flags, ensure_ascii=False,
                                                                    separators=(",", ":"))[:-1].encode("utf-8")
                         + b"," + entry[1:])
            fh.write(b"\n]")
            record_seal.seal(fh, putaran or {})

        atomic_write(path, write)
        return path

    def discard(self) -> None:
        self.file.close()


def write_record(output: Path, results, config: Config, *, source: Path | None = None, command: str = "watch",
                 dup: Duplicates = NONE, putaran: dict | None = None, status=None) -> Path:
    """The record of `results` (full results, in input order) at once (watch: from its saved results);
    `status`: with a roster, the round's status (report/status.RoundStatus)."""
    writer = RecordWriter()
    try:
        for r in results:
            writer.add(workbook_entry(r, Path(output)))
        head = round_head(results, dup, config, source, command)
        if status is not None:
            from ..report.status import record_status

            record_status(head, status, results)
        return writer.write(Path(output), results, dup, head, putaran)
    finally:
        writer.discard()


def rules_of(config: Config) -> dict:
    """The settings a reader of the figures needs, machine-readable (the "described" lines are for people)."""
    return {"decimals": config.decimals, "negative_formula": config.negative_formula,
            "capaian_bound": str(config.capaian_bound),
            "efisiensi": _scale_doc(config.efisiensi), "predikat": _scale_doc(config.predikat),
            "predikat_per_quarter": [[q, _scale_doc(scale)] for q, scale in config.predikat_per_quarter]}


def _scale_doc(scale: Scale) -> dict:
    return {"steps": [[str(t), label] for t, label in scale.steps], "below": scale.below}


def _scale_of(doc, default: Scale) -> Scale:
    if not doc or not doc.get("steps"):
        return default
    return Scale(tuple((Decimal(str(t)), str(label)) for t, label in doc["steps"]), str(doc.get("below") or default.below))


def config_of(rules, path) -> Config:
    """A Config carrying the recorded rules (the defaults for what is not recorded)."""
    if not rules:
        return DEFAULT
    try:
        return replace(DEFAULT, decimals=int(rules.get("decimals", DEFAULT.decimals)),
                       capaian_bound=Decimal(str(rules.get("capaian_bound", DEFAULT.capaian_bound))),
                       negative_formula=str(rules.get("negative_formula") or DEFAULT.negative_formula),
                       efisiensi=_scale_of(rules.get("efisiensi"), DEFAULT.efisiensi),
                       predikat=_scale_of(rules.get("predikat"), DEFAULT.predikat),
                       predikat_per_quarter=tuple((int(q), _scale_of(d, DEFAULT.predikat))
                                                  for q, d in rules.get("predikat_per_quarter") or ()))
    except (TypeError, ValueError, ArithmeticError, AttributeError) as exc:
        raise RecordError(f"{path}: pengaturan tersimpan tidak dapat dibaca ({exc})") from None


def remove(output: Path) -> None:
    """Remove the record of an earlier run (a run starting in this folder): an interrupted run must leave no
    record, rather than one that describes other figures."""
    try:
        record_path(output).unlink()
    except (FileNotFoundError, NotADirectoryError):   # none there (or .lkjip is not a folder: writing says so)
        pass


# -- reading back ---------------------------------------------------------------------------------------------
@record(frozen=True)
class AgencyFigure:
    agency: str
    average: Decimal | None
    predikat: str
    rank: int
    kode: str = ""      # with a roster: the agency's kode (agency is then the roster's name)


@record(frozen=True)
class FormFigures:
    """A round's figures of one form: the region's average and predikat, the agencies ranked, workbooks counted."""
    average: Decimal | None
    predikat: str
    agencies: list[AgencyFigure]
    counted: int


@record
class RoundRecord:
    folder: Path
    version: int
    lkjip: str
    command: str
    settings_fingerprint: str
    settings_source: str | None
    settings: list[tuple[str, str]]
    triwulan: str               # "I".."IV" or ""
    tahun: str
    triwulan_from: str          # "pengaturan", "workbook" or ""
    stated: list[tuple[str, str, int]]
    region_average: Decimal | None
    region_predikat: str
    agencies: list[AgencyFigure]
    workbooks: list[WorkbookResult] = field(default_factory=list)
    superseded: dict[str, str] = field(default_factory=dict)   # name not counted -> name of the one counted
    # the rules the round's figures were computed with that a reader of them needs (lkjip laporan): decimals,
    # the negative-polarity formula, the efficiency scale; the defaults for the rest
    config: Config = DEFAULT
    # With a roster: who was expected, who had sent, who had to fix (report/status.RoundStatus); else None
    status: object = None
    forms: dict[str, FormFigures] = field(default_factory=dict)   # per form (see the format above)

    # the seal (record_seal.py): the round's id, its completed workbooks' and rekap's sha256, and what a reader
    # must be told about the record itself (no checksum: an older lkjip's)
    round_id: str = ""
    outputs: dict[str, str] = field(default_factory=dict)
    rekap_sha256: str | None = None
    notes: list[str] = field(default_factory=list)

    def counted(self) -> list[WorkbookResult]:
        return [w for w in self.workbooks if w.name not in self.superseded]


def _dec(v, what: str) -> Decimal | None:
    if v is None:
        return None
    if not isinstance(v, str):
        raise RecordError(f"{what}: angka tersimpan bukan teks ({v!r})")
    try:
        return Decimal(v)
    except InvalidOperation:
        raise RecordError(f"{what}: angka tersimpan tidak dapat dibaca ({v!r})") from None


def _dec_sides(d, what: str) -> dict:
    return {str(k): _dec(v, what) for k, v in (d or {}).items()}


def _quarter(roman) -> int | None:
    return QUARTERS.index(roman) + 1 if roman in QUARTERS else None


def _row_values(columns: list, row: list, what: str, text: frozenset[str]) -> dict:
    values = dict(zip(columns, row))
    for k, v in values.items():
        if k not in text:
            values[k] = _dec(v, what)
    return values


def _sheet(folder: Path, name: str, s: dict):
    """One recorded sheet back as its kind's result; a kind this lkjip does not know is refused."""
    what = f"{name}, sheet {s.get('sheet')}"
    kind = named(str(s.get("form") or ""))
    if kind is None:
        raise RecordError(f"{record_path(folder)}: {what} berformulir {s.get('form')!r}, yang tidak dikenal lkjip "
                          f"{__version__}; buka folder ini dengan lkjip yang menulisnya, atau jalankan lagi")
    cls = kind.result
    columns, text = list(s["columns"]), cls.record_text()
    rows = [cls.row_from_record(_row_values(columns, row, what, text)) for row in s.get("rows") or []]
    return cls(sheet=str(s.get("sheet", "")), layout=None, hidden=bool(s.get("hidden")), rows=rows,
               **cls.record_fields(s), average=_dec_sides(s.get("average"), what),
               predikat=dict(s.get("predikat") or {}), stated_round=s.get("stated_round"),
               round=_quarter(s.get("round")))


def _workbook(folder: Path, w: dict) -> WorkbookResult:
    name = str(w["name"])
    sheets = [_sheet(folder, name, s) for s in w.get("sheets") or []]
    output = w.get("output")
    problems = w.get("problems") or {}
    result = WorkbookResult(source=folder / name, name=name, status=str(w.get("status", "")),
                            info=HeaderInfo(agency=w.get("agency") or "", triwulan=w.get("triwulan") or "",
                                            tahun=w.get("tahun") or ""),
                            sheets=sheets, output=folder / output if output else None,
                            average=_dec_sides(w.get("average"), name), predikat=dict(w.get("predikat") or {}))
    # what the counts and the form say without the problems themselves (the record keeps counts only)
    result.stats = {"form": w.get("form") or "", "data_rows": int(w.get("data_rows") or 0),
                    "counts": {str(k): int(n) for k, n in problems.items()}, "round": _quarter(w.get("round"))}
    result.kode = str(w.get("kode") or "")
    per_form = w.get("per_form")
    if isinstance(per_form, dict):
        result.per_form = {str(form): FormPart(_dec_sides(p.get("average"), name), dict(p.get("predikat") or {}),
                                               _quarter(p.get("round")), int(p.get("data_rows") or 0))
                           for form, p in per_form.items() if isinstance(p, dict)}
    return result


def _status(d, path):
    """The round's status with a roster ("opd_status", report/status.record_status), or None."""
    from ..report.status import status_from_record

    try:
        return status_from_record(d)
    except (TypeError, ValueError, ArithmeticError, AttributeError) as exc:
        raise RecordError(f"{path}: status OPD tersimpan tidak dapat dibaca ({exc})") from None


def _agency_figures(items) -> list[AgencyFigure]:
    return [AgencyFigure(str(a["agency"]), _dec(a.get("average"), str(a["agency"])), str(a.get("predikat") or ""),
                         int(a.get("rank") or 0), str(a.get("kode") or "")) for a in items or []]


def _forms(doc, workbooks: list[WorkbookResult], superseded: dict, config: Config) -> dict[str, FormFigures]:
    """The per-form figures; a record written before they were kept gets them from its workbooks' averages
    (the predikat on the record's rules, which lack the scales: the default one)."""
    if isinstance(doc, dict):
        return {str(form): FormFigures(_dec(f.get("average"), str(form)), str(f.get("predikat") or ""),
                                       _agency_figures(f.get("agencies")), int(f.get("counted") or 0))
                for form, f in doc.items()}
    from ..report.rekap import form_figures
    counted = [w for w in workbooks if w.name not in superseded]
    return {form: FormFigures(avg, pred, [AgencyFigure(a, v, pr, k) for k, (a, v, pr) in enumerate(agencies, 1)], n)
            for form, (avg, pred, agencies, n) in form_figures(counted, NONE, config).items()}


def read(folder) -> RoundRecord:
    """The record of the round whose output folder is `folder`.  Raises RecordMissing or RecordError."""
    folder = Path(folder)
    path = record_path(folder)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise RecordMissing(str(path)) from None
    except OSError as exc:
        raise RecordError(f"{path} tidak dapat dibaca ({exc})") from None
    try:
        doc = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise RecordError(f"{path} rusak ({exc})") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise RecordError(f"{path} bukan catatan putaran lkjip")
    if doc.get("version") != VERSION:
        raise RecordError(f"{path} berversi {doc.get('version')!r}; lkjip {__version__} membaca versi {VERSION}")
    try:
        note = record_seal.verify(raw, path)
        record = _record(folder, path, doc)
        putaran = record_seal.putaran_of(doc)
        record.round_id = str(putaran.get("id") or "")
        record.outputs = {str(k): str(v) for k, v in (putaran.get("outputs") or {}).items()}
        record.rekap_sha256 = putaran.get("rekap")
        record.notes = [note] if note else []
        record_seal.check(record, doc, path)
    except record_seal.SealError as exc:
        raise RecordInvalid(str(exc)) from None
    return record


def _record(folder: Path, path: Path, doc: dict) -> RoundRecord:
    try:
        settings = doc.get("settings") or {}
        region = doc.get("region") or {}
        workbooks = [_workbook(folder, w) for w in doc.get("workbooks") or []]
        superseded = {str(w["name"]): str(w.get("superseded_by") or "") for w in doc.get("workbooks") or []
                      if w.get("counted") is False}
        return RoundRecord(
            folder=folder, version=VERSION, lkjip=str(doc.get("lkjip", "")), command=str(doc.get("command", "")),
            settings_fingerprint=str(settings.get("fingerprint", "")), settings_source=settings.get("source"),
            settings=[(str(a), str(b)) for a, b in settings.get("described") or []],
            triwulan=str(doc.get("triwulan") or ""), tahun=str(doc.get("tahun") or ""),
            triwulan_from=str(doc.get("triwulan_from") or ""),
            stated=[(str(s.get("triwulan") or ""), str(s.get("tahun") or ""), int(s.get("workbooks") or 0))
                    for s in doc.get("stated") or []],
            region_average=_dec(region.get("average"), "region"), region_predikat=str(region.get("predikat") or ""),
            agencies=_agency_figures(doc.get("agencies")),
            workbooks=workbooks, superseded=superseded, config=config_of(settings.get("rules"), path),
            status=_status(doc.get("opd_status"), path),
            forms=_forms(doc.get("forms"), workbooks, superseded, config_of(settings.get("rules"), path)))
    except RecordError:
        raise
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise RecordError(f"{path} tidak lengkap ({type(exc).__name__}: {exc})") from None
