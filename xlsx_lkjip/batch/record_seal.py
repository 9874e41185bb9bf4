"""The seal around a round's record (round_record.py): which round it is, what the round wrote, a checksum,
and the check of its figures against themselves.  The record's content is written and read by round_record;
this module only wraps it, so the two change independently.

The sealed file is the record's JSON object with two keys added at its end:

  "putaran": {"id": 16 hex digits, "outputs": {completed workbook relative to OUTPUT: sha256, …},
              "rekap": sha256 of rekap.xlsx or null}
  "checksum": sha256 (hex) of every byte of the file before `,"checksum"`

The round id is a hash of the settings fingerprint and of each input's name and content: the same inputs and
settings give the same id (and the same bytes everywhere), another run another id.  rekap.xlsx carries it too
(custom property `lkjip-putaran` and the Pengaturan sheet), so a rekap and a record can be matched.

`verify(raw, path)` checks the checksum (SealError when it fails: the record was edited or damaged); a
record without one (written before the seal existed) is read with a note.  `check(record, path)` checks the
figures against themselves: decimals in range, no workbook named twice, each predikat the scale's label for
its value, the region and agency figures (also per form) those of the counted workbooks.
"""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from pathlib import Path
from typing import Iterable
from ..patterns import lazy_re

ROUND_ID_PROPERTY = "lkjip-putaran"
_TAIL = lazy_re(rb',"checksum":"([0-9a-f]{64})"\}\s*\Z')
REBUILD = "Jalankan lkjip run lagi ke folder itu untuk membuat ulang catatannya"


def round_id(fingerprint: str, inputs: Iterable[tuple[str, str | None]]) -> str:
    """The id of the round that computed `inputs` ((name, sha256 of its content)) with the settings whose
    fingerprint is `fingerprint`."""
    h = hashlib.sha256(f"lkjip-putaran\n{fingerprint}\n".encode("utf-8"))
    for name, digest in sorted(inputs):
        h.update(f"{name}\n{digest or ''}\n".encode("utf-8"))
    return h.hexdigest()[:16]


class SealError(Exception):
    """The record is not what lkjip wrote, or contradicts itself: what and where (round_record raises it as
    RecordError)."""


class HashingWriter:
    """A binary file object's write() that also hashes what passes (the record is written front to back)."""

    def __init__(self, fh):
        self.fh = fh
        self.sha = hashlib.sha256()

    def write(self, data) -> int:
        self.sha.update(data)
        return self.fh.write(data)


def seal(fh: HashingWriter, putaran: dict) -> None:
    """End the record (its last value written, the closing brace not): the seal and the checksum."""
    fh.write(b',"putaran":' + json.dumps(putaran, ensure_ascii=False, separators=(",", ":"),
                                         sort_keys=True).encode("utf-8"))
    fh.fh.write(b',"checksum":"' + fh.sha.hexdigest().encode("ascii") + b'"}\n')


def verify(raw: bytes, path) -> str:
    """'' when the checksum holds; a note when the record has none (an older lkjip's).  SealError when the
    bytes are not those that were written (SealError)."""
    RecordError = SealError
    m = _TAIL.search(raw)
    if m is None:
        if b'"checksum"' in raw[-200:] or b'"putaran":{"id"' in raw:
            raise RecordError(f"{path}: checksum catatan putaran tidak terbaca (berkas diubah atau terpotong). "
                              + REBUILD)
        return (f"catatan putaran {path} tidak bercap checksum (ditulis lkjip versi lama): isinya tidak dapat "
                f"dipastikan utuh. {REBUILD}")
    if hashlib.sha256(raw[:m.start()]).hexdigest() != m.group(1).decode("ascii"):
        raise RecordError(f"{path}: checksum tidak cocok, isi catatan putaran sudah diubah sesudah ditulis lkjip "
                          "(disunting dengan tangan?) atau rusak. " + REBUILD)
    return ""


def outputs_in(path) -> dict[str, str]:
    """The completed workbooks (relative name -> sha256) the sealed record at `path` lists; {} when there is
    no record or it does not hold (then nothing of the folder is taken for that round's)."""
    try:
        raw = Path(path).read_bytes()
        m = _TAIL.search(raw)
        if m is None or hashlib.sha256(raw[:m.start()]).hexdigest() != m.group(1).decode("ascii"):
            return {}
        outputs = putaran_of(json.loads(raw.decode("utf-8"))).get("outputs") or {}
        return {str(k): str(v) for k, v in outputs.items()}
    except (OSError, ValueError, AttributeError):
        return {}


def putaran_of(doc: dict) -> dict:
    p = doc.get("putaran")
    return p if isinstance(p, dict) else {}


# -- the figures against themselves ---------------------------------------------------------------------------
def check(record, doc: dict, path) -> None:
    """SealError (what and where, and how to rebuild it) when the record's figures contradict each other."""
    from ..report.duplicates import NONE
    from ..report.rekap import form_figures, region_figures

    def bad(where: str, what: str):
        return SealError(f"{path}: {where}: {what}. {REBUILD}")

    rules = (doc.get("settings") or {}).get("rules") or {}
    decimals = rules.get("decimals", record.config.decimals)
    if not isinstance(decimals, int) or isinstance(decimals, bool) or not 0 <= decimals <= 6:
        raise bad("pengaturan desimal", f"{decimals!r} di luar 0 sampai 6")
    names, outputs = set(), set()
    for w in record.workbooks:
        if w.name in names:
            raise bad(f"workbook {w.name}", "tercatat dua kali")
        names.add(w.name)
        if w.output is not None:
            if w.output in outputs:
                raise bad(f"workbook {w.name}", f"keluarannya {w.output.name} tercatat untuk dua workbook")
            outputs.add(w.output)
    for loser, winner in record.superseded.items():
        if winner and winner not in names:
            raise bad(f"workbook {loser}", f"digantikan oleh {winner}, yang tidak tercatat")
    scales = _scales(record.config)
    # a record of an older lkjip does not carry its predikat scale: its labels cannot be checked
    for where, value, label in _graded(record) if rules.get("predikat") else ():
        if label and (value is None or label not in {s.label(_rounded(value, record.config.decimals)) for s in scales}):
            shown = "kosong" if value is None else _text(value)
            raise bad(where, f"predikat \"{label}\" tidak sesuai dengan nilai {shown}")
    counted = record.counted()
    region, region_predikat, ranked = region_figures(counted, NONE, record.config)
    if region != record.region_average or region_predikat != record.region_predikat:
        raise bad("rata-rata daerah", f"tercatat {_text(record.region_average)} ({record.region_predikat}), "
                  f"sedangkan workbook yang dihitung memberi {_text(region)} ({region_predikat})")
    for form, (avg, predikat, agencies, _n) in form_figures(counted, NONE, record.config).items():
        mine = record.forms.get(form)
        if mine is None or (mine.average, mine.predikat) != (avg, predikat) or \
                [(a.agency, a.average, a.predikat) for a in mine.agencies] != list(agencies):
            raise bad(f"angka {form}", "rata-rata daerah atau peringkat OPD formulir ini tidak sesuai dengan workbook "
                                       "yang dihitung")
    recorded = [(a.agency, a.average, a.predikat) for a in record.agencies]
    if recorded != list(ranked):
        for k, (mine, theirs) in enumerate(zip(recorded + [None] * len(ranked), ranked + [None] * len(recorded))):
            if mine != theirs:
                who = (mine or theirs)[0]
                raise bad(f"peringkat OPD ke-{k + 1} ({who})", "angkanya tidak sesuai dengan workbook yang dihitung")


def _scales(config) -> list:
    return [config.predikat, *(s for _q, s in config.predikat_per_quarter)]


def _rounded(value: Decimal, decimals: int) -> Decimal:
    from ..evaluate.compute import round_half_up

    return round_half_up(value, decimals)


def _text(value) -> str:
    return "kosong" if value is None else str(value).replace(".", ",")


def _graded(record):
    """(where, value, predikat) of every graded figure: the region, each agency, each workbook's and sheet's
    averages, each indicator row."""
    yield "rata-rata daerah", record.region_average, record.region_predikat
    for a in record.agencies:
        yield f"OPD {a.agency}", a.average, a.predikat
    for w in record.workbooks:
        for side, label in w.predikat.items():
            yield f"workbook {w.name}, rata-rata {side}", w.average.get(side), label
        for form, part in w.per_form.items():
            for side, label in part.predikat.items():
                yield f"workbook {w.name}, rata-rata {form} {side}", part.average.get(side), label
        for s in w.sheets:
            for side, label in s.predikat.items():
                yield f"workbook {w.name}, sheet {s.sheet}, rata-rata {side}", s.average.get(side), label
            for r, value, label in s.graded():   # each row's predikat and the capaian it grades, as its kind says
                yield f"workbook {w.name}, sheet {s.sheet}, baris {r}", value, label
