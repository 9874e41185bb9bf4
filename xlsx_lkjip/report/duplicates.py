"""One agency, one form, one round, two workbooks (an original and its "(revisi)" copy, both left in the input
folder): both are completed, but only one may count in the region's aggregates, or the agency weighs twice
in the region's average, its ranking, Per Program and the predikat counts.

A workbook stating another year than most of the round's is said too (it is counted as a year of its own).

The one that counts is the one saved last (the input's modification time when it was read), ties broken by
name: the later in name order, the extension left out ("X (revisi).xlsx" after "X.xlsx", "… rev 2" after
"… rev 1").  The key is the agency (case and spaces
ignored), the form and the round the workbook states (year and triwulan).  A workbook that failed counts
nowhere anyway and never pushes out one that completed.  A workbook that names no agency is known by its file
name, without what copying adds to it ("(revisi)", "- Copy", "(2)").

Decided once the batch is in (never per workbook as results stream): `decide(results)` over the results in
input order; pure, so the same inputs give the same decision whatever the number of workers."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import field

from ..problems import Problem, problem
from ..patterns import lazy_re
from ..records import record

_QUARTERS = ("I", "II", "III", "IV")
_TRAILING = lazy_re(r"[\s.,;:]+$")
# What copying adds to a file name ("X (revisi)", "X - Copy", "X (2)", "X_rev2", "X revisi 2", "Salinan X"): when
# a workbook names no agency, its file name stands in, and a copy must still be the same agency.
_COPY_MARK = lazy_re(r"(?:[\s_-]*\((?:revisi|rev\.?|perbaikan|salinan|copy|\d+)[^)]*\)"
                        r"|[\s_-]+(?:-\s*)?(?:copy|salinan)(?:\s*\(\d+\))?|[\s_-]+(?:revisi|rev\.?|perbaikan)\s*\d*)+$")
_COPY_PREFIX = lazy_re(r"^(?:salinan|copy of)\s+")


def agency_key(agency: str) -> str:
    """An agency's name as compared: case, repeated spaces and trailing punctuation ignored."""
    return _TRAILING.sub("", " ".join(agency.casefold().split()))


def _key_of(r) -> str:
    agency = r.info.agency or r.name
    stem = r.name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    if agency == stem:   # no agency in the workbook: the file name, without what copying added to it
        name = _COPY_PREFIX.sub("", agency.casefold().strip())
        return agency_key(_COPY_MARK.sub("", name) or name)
    return agency_key(agency)


@record(frozen=True)
class Duplicates:
    superseded: dict[int, int] = field(default_factory=dict)   # index not counted -> index of the one counted
    problems: tuple[Problem, ...] = ()
    reasons: dict[int, str] = field(default_factory=dict)      # index not counted -> "mtime" or "name"

    def counts(self, i: int) -> bool:
        return i not in self.superseded


NONE = Duplicates()


def _round_text(tahun: str, triwulan: str) -> str:
    parts = [f"Triwulan {triwulan}" if triwulan else "", f"Tahun {tahun}" if tahun else ""]
    text = " ".join(p for p in parts if p)
    return text or "putaran tidak tertulis"


def decide(results) -> Duplicates:
    """Which of `results` (WorkbookResults or their summaries, in input order) count in the aggregates."""
    groups: dict[tuple, list[int]] = defaultdict(list)
    for i, r in enumerate(results):
        if r.status == "gagal" or not r.form:
            continue
        groups[(_key_of(r), r.form, r.info.tahun, r.info.triwulan)].append(i)
    superseded: dict[int, int] = {}
    reasons: dict[int, str] = {}
    problems: list[tuple[int, Problem]] = []
    for (_, form, tahun, triwulan), members in groups.items():
        if len(members) < 2:
            continue

        def rank(i: int):
            r = results[i]
            stem = r.name.rsplit("/", 1)[-1].rsplit(".", 1)[0]   # "X (revisi)" after "X", whatever the suffix
            return (r.mtime_ns or 0, stem.casefold(), r.name)

        winner = max(members, key=rank)
        w = results[winner]
        for i in members:
            if i == winner:
                continue
            r = results[i]
            superseded[i] = winner
            same_time = (r.mtime_ns or 0) == (w.mtime_ns or 0)
            reasons[i] = "name" if same_time else "mtime"
            problems.append((i, problem("duplicate-workbook", variant="same-time" if same_time else "newer",
                                        file=r.name, kept=w.name, form=form, agency=w.info.agency or w.name,
                                        round=_round_text(tahun, triwulan))))
    problems += _form_in_two(results, superseded)
    problems += _outside_round(results)
    problems.sort(key=lambda t: t[0])      # in input order, as the Masalah sheet lists files
    return Duplicates(superseded, tuple(p for _, p in problems), reasons)


def _form_in_two(results, superseded: dict[int, int]) -> list[tuple[int, Problem]]:
    """A workbook holding several forms (a Renja and a PK sheet) and another counted workbook of the same agency,
    round and one of those forms: both count, each with its own figure, and the agency's figure of that form is
    their mean.  Not decided silently either way (neither is a copy of the other): said, so staff remove one."""
    groups: dict[tuple, list[int]] = defaultdict(list)
    for i, r in enumerate(results):
        if r.status != "gagal" and r.form and i not in superseded:
            for form in r.forms():
                groups[(_key_of(r), form, r.info.tahun, r.info.triwulan)].append(i)
    out: list[tuple[int, Problem]] = []
    for (_, form, tahun, triwulan), members in groups.items():
        for i in members if len(members) > 1 else ():
            r = results[i]
            if len(r.forms()) > 1:
                other = next(results[j].name for j in members if j != i)
                out.append((i, problem("form-in-two-workbooks", file=r.name, other=other, form=form,
                                       agency=r.info.agency or r.name, round=_round_text(tahun, triwulan))))
    return out


def _clear_majority(groups: dict, main) -> bool:
    """The round is clear when more than half of the workbooks, two at least, state it: one of each says nothing
    about which one strays."""
    n = len(groups[main])
    return n >= 2 and 2 * n > sum(len(m) for m in groups.values())


def _outside_round(results) -> list[tuple[int, Problem]]:
    """A workbook stating another year, or in the round's year another triwulan, than the round's (the one more
    than half of its workbooks state): last year's or last quarter's workbook sent again is counted as a round of
    its own (its own line in the Ringkasan), never silently."""
    years: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(results):
        if r.status != "gagal" and r.form and r.info.tahun:
            years[r.info.tahun].append(i)
    out: list[tuple[int, Problem]] = []
    if not years:
        return out
    round_year = max(years, key=lambda y: (len(years[y]), y))
    for year, members in years.items() if _clear_majority(years, round_year) else ():
        if year != round_year:
            out += [(i, problem("outside-round", variant="year", file=results[i].name, tahun=year,
                                round_year=round_year, count=len(years[round_year]))) for i in members]
    quarters: dict[str, list[int]] = defaultdict(list)
    for i in years[round_year]:
        if results[i].info.triwulan in _QUARTERS:
            quarters[results[i].info.triwulan].append(i)
    main = max(quarters, key=lambda q: (len(quarters[q]), _QUARTERS.index(q)), default="")
    if len(quarters) > 1 and _clear_majority(quarters, main):
        for q, members in quarters.items():
            if q != main:
                out += [(i, problem("outside-round", variant="triwulan", file=results[i].name, triwulan=q,
                                    round_triwulan=main, tahun=round_year, count=len(quarters[main])))
                        for i in members]
    return out
