"""The round's status with a roster: who was expected, who has sent, who must fix.  One row per expected
agency and form (the roster's order), then the workbooks that matched no agency of the roster.  Pure: given
the batch's results (full or summaries, in input order), its duplicates decision and the roster; the rekap's
"Status OPD" sheet, the console, `run --json`, the round record and the feedback files all show these rows.

Statuses: selesai, ada peringatan, gagal (the file was sent but could not be completed: it counts as sent),
belum mengirim, ganda (two or more files of the agency for one form; the one counted in the region's figures
is shown, the others named).  A failed workbook whose form is unknown is taken for each form of its agency
that has no other file, guessed first from its file name ("Renja …", "PK …").

An agency "has sent" when it has a file for every form it must send (any one file when the roster names no
form; one that sent files of several forms then has a row per form, none of them "ganda"): "32 dari 40 OPD
sudah mengirim".
"""

from __future__ import annotations

import re
from dataclasses import field
from datetime import datetime
from decimal import Decimal

from ..roster import FORM_ORDER, Agency, Roster
from ..records import record

SELESAI = "selesai"
PERINGATAN = "ada peringatan"
GAGAL = "gagal"
BELUM = "belum mengirim"
GANDA = "ganda"
TIDAK_TERDAFTAR = "tidak ada di daftar OPD"
STATUSES = (SELESAI, PERINGATAN, GAGAL, BELUM, GANDA, TIDAK_TERDAFTAR)
# What the agency (or Bappeda) must do, per status: the feedback files and the chase list say it.
TODO = {
    SELESAI: "Tidak ada yang perlu diperbaiki.",
    PERINGATAN: "Periksa peringatan di bawah; perbaiki workbook bila perlu lalu kirim ulang.",
    GAGAL: "Workbook tidak dapat dilengkapi: perbaiki galat di bawah lalu kirim ulang.",
    BELUM: "Kirim workbook formulir ini.",
    GANDA: "Ada lebih dari satu berkas untuk formulir ini: sebutkan yang berlaku (hapus yang lama dari folder "
           "masukan).",
    TIDAK_TERDAFTAR: "Nama OPD di workbook tidak ada di daftar OPD: perbaiki baris Perangkat Daerah atau tambahkan "
                     "aliasnya ke daftar OPD.",
}
_OF_RESULT = {"selesai": SELESAI, "dengan peringatan": PERINGATAN, "gagal": GAGAL}
_FORM_WORDS = (("PK", re.compile(r"\b(pk|perjanjian\s+kinerja)\b", re.IGNORECASE)),
               ("Renja", re.compile(r"\b(renja|rkpd|e\.?81|evaluasi)\b", re.IGNORECASE)))


@record
class StatusRow:
    kode: str
    nama: str
    formulir: str               # "Renja", "PK"; "" when any one workbook will do
    status: str
    files: list[str] = field(default_factory=list)   # the one shown (counted) first
    saved: datetime | None = None                     # when the shown file was saved (its modification time)
    problems: int = 0           # galat + peringatan of the shown file
    capaian: Decimal | None = None   # the shown file's average capaian (K), as Rekap OPD shows it
    predikat: str = ""
    required: bool = True       # False: a form the roster does not ask of the agency, sent all the same
    index: int | None = None    # the shown file's place among the batch's results

    @property
    def formulir_text(self) -> str:
        text = self.formulir or "salah satu"
        return text if self.required or not self.kode else f"{text} (tidak wajib)"

    @property
    def berkas(self) -> str:
        if not self.files:
            return ""
        rest = f" (juga: {'; '.join(self.files[1:])})" if len(self.files) > 1 else ""
        return self.files[0] + rest

    def to_dict(self) -> dict:
        return {"kode": self.kode, "nama": self.nama, "formulir": self.formulir, "wajib": self.required,
                "status": self.status, "berkas": list(self.files),
                "disimpan": self.saved.isoformat(timespec="seconds") if self.saved else None,
                "masalah": self.problems, "capaian": str(self.capaian) if self.capaian is not None else None,
                "predikat": self.predikat}


@record
class RoundStatus:
    rows: list[StatusRow]
    expected: int               # agencies in the roster
    sent: int                   # of which have a file for every form they must send
    missing: list[tuple[str, str, list[str]]]   # (kode, nama, forms not sent) of agencies still to send
    source: str = ""            # where the roster was read
    roster: object = None       # the roster (roster.Roster) the round was run with: read back from the record too

    @property
    def sent_text(self) -> str:
        return f"{self.sent} dari {self.expected} OPD sudah mengirim"

    def missing_text(self) -> str:
        """The agencies still to send, by name: "Dinas A; Dinas B (PK)"."""
        parts = []
        for _kode, nama, forms in self.missing:
            parts.append(f"{nama} ({', '.join(forms)})" if forms else nama)
        return "; ".join(parts)

    def to_dict(self) -> dict:
        return {"sumber": self.source, "opd": self.expected, "sudah_mengirim": self.sent,
                "belum_mengirim": [{"kode": k, "nama": n, "formulir": f} for k, n, f in self.missing],
                "baris": [r.to_dict() for r in self.rows],
                "daftar": [{"kode": a.kode, "nama": a.nama, "alias": list(a.alias), "formulir": list(a.formulir)}
                           for a in (self.roster.agencies if self.roster is not None else ())]}


def _forms_of(r) -> list[str] | None:
    """The forms a result holds; for a failed one (no form read) the form its file name says, else None."""
    if r.form:
        return r.forms()
    for form, pattern in _FORM_WORDS:
        if pattern.search(r.name.rsplit("/", 1)[-1]):
            return [form]
    return None


def _form_order(form: str) -> tuple:
    return (FORM_ORDER.index(form) if form in FORM_ORDER else len(FORM_ORDER), form)


def _saved(r) -> datetime | None:
    return datetime.fromtimestamp(r.mtime_ns / 1e9).replace(microsecond=0) if r.mtime_ns else None


def _problems(r) -> int:
    return r.count("galat") + r.count("peringatan")


def _row(kode: str, nama: str, form: str, members: list[int], results, dup, required: bool = True) -> StatusRow:
    if not members:
        return StatusRow(kode, nama, form, BELUM, required=required)
    # the one shown: the one counted in the region's figures (a failed one never pushes out one that completed),
    # the latest saved among equals
    def rank(i):
        r = results[i]
        return (dup.counts(i) and r.status != "gagal", r.mtime_ns or 0, r.name)

    ordered = sorted(members, key=rank, reverse=True)
    r = results[ordered[0]]
    status = GANDA if len(members) > 1 else _OF_RESULT.get(r.status, r.status)
    # the form's own figure (a workbook of a Renja and a PK sheet has one per form, never a mixed one)
    average, predikat = r.figures(form) if form else (r.average, r.predikat)
    return StatusRow(kode, nama, form, status, [results[i].name for i in ordered], _saved(r), _problems(r),
                     average.get("K"), predikat.get("K", ""), required, ordered[0])


def round_status(results, dup, roster) -> RoundStatus:
    """The status of every agency of `roster` (roster.Roster) in the batch `results` (with duplicates `dup`)."""
    by_kode: dict[str, list[int]] = {}
    unmatched: list[int] = []
    for i, r in enumerate(results):
        if getattr(r, "kode", ""):
            by_kode.setdefault(r.kode, []).append(i)
        else:
            unmatched.append(i)
    rows: list[StatusRow] = []
    missing = []
    sent = 0
    for a in roster.agencies:
        members = by_kode.get(a.kode, [])
        forms = {i: _forms_of(results[i]) for i in members}
        not_sent = []
        present = sorted({f for i in members for f in (forms[i] or ())}, key=_form_order)
        if not a.formulir and len(present) > 1:
            # any one form asked, several sent (a Renja and a PK): one row per form, never "ganda" for two forms
            for form in present:
                rows.append(_row(a.kode, a.nama, form, [i for i in members if form in (forms[i] or ())], results, dup))
            unknown = [i for i in members if forms[i] is None]
            if unknown:
                rows.append(_row(a.kode, a.nama, "", unknown, results, dup))
        elif not a.formulir:
            row = _row(a.kode, a.nama, "", members, results, dup)
            rows.append(row)
            if row.status == BELUM:
                not_sent.append("")
        else:
            for form in a.formulir:
                own = [i for i in members if forms[i] is not None and form in forms[i]]
                if not own:   # a failed workbook of unknown form: sent, for each form without another file
                    own = [i for i in members if forms[i] is None]
                row = _row(a.kode, a.nama, form, own, results, dup)
                rows.append(row)
                if row.status == BELUM:
                    not_sent.append(form)
            extra = sorted({f for i in members for f in (forms[i] or ()) if f not in a.formulir})
            for form in extra:   # sent though not asked: shown, never counted against the agency
                rows.append(_row(a.kode, a.nama, form, [i for i in members if form in (forms[i] or ())], results,
                                 dup, required=False))
        if not_sent:
            missing.append((a.kode, a.nama, [f for f in not_sent if f] if len(not_sent) < max(1, len(a.formulir))
                            else []))
        else:
            sent += 1
    for i in unmatched:
        r = results[i]
        rows.append(StatusRow("", r.info.agency or r.name, r.form, TIDAK_TERDAFTAR, [r.name], _saved(r),
                              _problems(r), r.average.get("K"), r.predikat.get("K", ""), False, i))
    return RoundStatus(rows, len(roster.agencies), sent, missing, roster.source, roster)


# -- the round record (batch/round_record.py) --------------------------------------------------------------

def record_status(head: dict, status: RoundStatus, results) -> None:
    """Put the status into a round record's head ("opd_status") and the roster's kode beside each ranked
    agency ("agencies"), so later rounds, years and readers know each agency by its kode."""
    kodes = {r.info.agency: r.kode for r in results if getattr(r, "kode", "")}
    for entry in head.get("agencies") or []:
        if entry.get("agency") in kodes:
            entry["kode"] = kodes[entry["agency"]]
    head["opd_status"] = status.to_dict()


def status_from_record(d: dict | None) -> RoundStatus | None:
    """The status a round record kept (record_status), or None for a round run without a roster; its `roster`
    is the one the round ran with (kode, nama, alias, formulir), to know agencies of rounds run without one."""
    if not d:
        return None
    rows = []
    for x in d.get("baris") or []:
        saved = x.get("disimpan")
        rows.append(StatusRow(str(x.get("kode") or ""), str(x.get("nama") or ""), str(x.get("formulir") or ""),
                              str(x.get("status") or ""), [str(f) for f in x.get("berkas") or []],
                              datetime.fromisoformat(saved) if saved else None, int(x.get("masalah") or 0),
                              Decimal(x["capaian"]) if x.get("capaian") is not None else None,
                              str(x.get("predikat") or ""), bool(x.get("wajib", True))))
    missing = [(str(m.get("kode") or ""), str(m.get("nama") or ""), [str(f) for f in m.get("formulir") or []])
               for m in d.get("belum_mengirim") or []]
    agencies = tuple(Agency(str(a["kode"]), str(a["nama"]), tuple(str(x) for x in a.get("alias") or ()),
                            tuple(str(x) for x in a.get("formulir") or ())) for a in d.get("daftar") or [])
    return RoundStatus(rows, int(d.get("opd") or 0), int(d.get("sudah_mengirim") or 0), missing,
                       str(d.get("sumber") or ""), Roster(agencies, str(d.get("sumber") or "")) if agencies else None)
