"""What completing a workbook and running a batch give back: the statuses, the per-workbook result (its
header, sheets, problems and figures) and the batch report.  Plain records; no reading or computing here."""

from __future__ import annotations

import dataclasses
from dataclasses import field
from decimal import Decimal
from pathlib import Path

from ..records import record
from ..config import DEFAULT, Config
from ..evaluate.kinds import average_label
from ..evaluate.sheet import FormResult
from ..forms.header import HeaderInfo
from ..problems import CONSOLE_INFO, INFO, Line, Problem, grouped


SELESAI = "selesai"
DENGAN_PERINGATAN = "dengan peringatan"
GAGAL = "gagal"
DILEWATI = "dilewati"   # not an agency's workbook (a rekap lkjip wrote): neither counted nor a failure
REKAP_NAME = "rekap.xlsx"


class UsageError(Exception):
    """A mistake in how the tool was called (exit code 2)."""


class OutputError(UsageError):
    """The output folder cannot be written now (read-only, full, another lkjip writing it): nothing was done,
    and the call itself was right (exit code 1)."""


@record
class FormPart:
    """A workbook's figures for one of its forms, when it holds sheets of several (a Renja and a PK sheet): a
    Renja capaian K and a PK capaian tahunan are two figures, never averaged into one (evaluate/averages.py)."""
    average: dict[str, Decimal | None] = field(default_factory=dict)
    predikat: dict[str, str] = field(default_factory=dict)
    round: int | None = None
    data_rows: int = 0


@record
class WorkbookResult:
    """One workbook completed (or checked): its status, forms found, figures and problems."""

    source: Path
    name: str                       # path relative to the input folder (the file name for a flat folder)
    status: str = GAGAL
    info: HeaderInfo = field(default_factory=HeaderInfo)
    sheets: list[FormResult] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    output: Path | None = None
    seconds: float = 0.0
    average: dict[str, Decimal | None] = field(default_factory=dict)
    predikat: dict[str, str] = field(default_factory=dict)
    # The input's modification time when it was read: of two workbooks of one agency, form and round, the one
    # saved last counts in the region's aggregates (report/duplicates.py).
    mtime_ns: int | None = None
    # Set on a summary (see summary()): form, data rows and problem counts without the rows and problems.
    stats: dict | None = None
    # sha256 of the input's bytes as read (once) and computed, and of the completed workbook written: the
    # round's id and the record's output list rest on them (batch/record_seal.py).  None when nothing is
    # written (`check`, a recomputed past round): nothing rests on them there.
    input_sha256: str | None = None
    output_sha256: str | None = None
    # With a roster (config.roster): the agency's kode ("" when the workbook matched none); info.agency is
    # then the roster's name for it (batch/workbook.identify).
    kode: str = ""
    # A workbook holding sheets of several forms: each form's figures (its `average` and `predikat` are then
    # empty: no single figure means anything).  Empty for a workbook of one form.
    per_form: dict[str, FormPart] = field(default_factory=dict)

    def parts(self) -> list["WorkbookResult"]:
        """The workbook as each aggregate counts it: itself, or one view per form (its sheets, its figures) when
        it holds several, so every figure of a form is that form's alone."""
        if not self.per_form:
            return [self]
        # a full result's form, rows and round follow from its sheets; a summary's from its part
        return [dataclasses.replace(self, sheets=[s for s in self.sheets if s.form == form],
                                    average=dict(part.average), predikat=dict(part.predikat), per_form={},
                                    stats=None if self.stats is None else
                                    {**self.stats, "form": form, "round": part.round, "data_rows": part.data_rows})
                for form, part in self.per_form.items()]

    def figures(self, form: str) -> tuple[dict[str, Decimal | None], dict[str, str]]:
        """(average, predikat) of `form` in this workbook ({} when it holds none of it)."""
        if self.per_form:
            part = self.per_form.get(form)
            return (dict(part.average), dict(part.predikat)) if part else ({}, {})
        return (self.average, self.predikat) if form in self.forms() else ({}, {})

    def forms(self) -> list[str]:
        return [f.strip() for f in self.form.split(",") if f.strip()]

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

    @property
    def round(self) -> int | None:
        """The monitoring round (1-4) the figures were computed for: the latest of its sheets'."""
        if self.stats is not None:
            return self.stats.get("round")
        return max((s.round for s in self.sheets if s.round), default=None)

    def average_text(self, side: str) -> str:
        """How the console names the workbook's average: as its kind says (a PK capaian has no K/Rp sides)."""
        return average_label(self.form, side)

    def count(self, level: str) -> int:
        if self.stats is not None:
            return self.stats["counts"].get(level, 0)
        return sum(1 for p in self.problems if p.level == level)

    def console_lines(self) -> list[Line]:
        """What the console of `lkjip run` says of the problems: galat and peringatan, and the info worth
        seeing there (problems.CONSOLE_INFO), a rule over many rows of a sheet in one line."""
        if self.stats is not None:
            return self.stats.get("lines", [])
        return [line for line in grouped(self.problems) if line.level != INFO or line.code in CONSOLE_INFO]

    def summary(self) -> "WorkbookResult":
        """The same result without its rows and problems (kept on disk by the batch)."""
        if self.stats is not None:
            return self
        counts: dict[str, int] = {}
        for p in self.problems:
            counts[p.level] = counts.get(p.level, 0) + 1
        return dataclasses.replace(self, sheets=[], problems=[],
                                   stats={"form": self.form, "data_rows": self.data_rows, "counts": counts,
                                          "round": self.round, "lines": self.console_lines()})


@record
class Report:
    """One `lkjip run`: every workbook's result and what was written."""

    input: Path
    output: Path
    results: list[WorkbookResult] = field(default_factory=list)
    rekap: Path | None = None
    rekap_error: str = ""
    seconds: float = 0.0
    config: Config = DEFAULT
    config_source: Path | None = None
    store: object = None   # the full results when `results` holds summaries (large batches)
    # Which workbooks count in the region's aggregates (report/duplicates.py), decided once the batch is in
    duplicates: object = None
    record: Path | None = None      # OUTPUT/.lkjip/putaran.json, once written (batch/round_record.py)
    record_error: str = ""
    skipped: list[WorkbookResult] = field(default_factory=list)   # rekaps of lkjip found among the inputs
    notes: list[str] = field(default_factory=list)   # about the folder as a whole (a round left unfinished, …)
    round_id: str = ""   # the round's id (batch/record_seal.py), in its rekap and its record
    # With a roster (config.roster): who was expected, who has sent, who must fix (report/status.RoundStatus)
    status: object = None
    feedback: list[Path] = field(default_factory=list)   # run --umpan-balik: the files written
    feedback_error: str = ""

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
        """1 when a workbook failed, the rekap or the round's record could not be written, or there was no
        workbook at all."""
        return 1 if self.count(GAGAL) or self.rekap_error or self.record_error or self.feedback_error \
            or not self.results else 0
