"""Pairing a year's PK indicators with an earlier year's, for the tables that set years side by side.  Pure.

In this order, each indicator paired at most once (a name repeated within a year pairs in order of appearance):
1. the user's mapping file (``pasangan_indikator.csv``): an earlier name -> this year's name, for renamings no rule
   can guess;
2. the same normalised name under the same sasaran;
3. the same normalised name under any sasaran (a sasaran reworded between the years).
A normalised name ignores case, spaces and punctuation, and writes the usual long forms short ("Aparatur Sipil
Negara" = "ASN"; ABBREVIATIONS).  What is left unpaired gets a suggestion, never a pairing: the closest earlier
name ("mirip: …") when it is similar enough (SIMILAR), for the user to confirm in the mapping file.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from difflib import SequenceMatcher

_PUNCT = re.compile(r"[\W_]+")


def name_key(text: str) -> str:
    """A name for matching across years and workbooks: case, spaces and punctuation do not count."""
    t = unicodedata.normalize("NFKC", text or "").casefold()
    return " ".join(_PUNCT.sub(" ", t).split())


# long form -> the short form both years are compared in (name_key text: lower case, single spaces)
ABBREVIATIONS = {
    "aparatur sipil negara": "asn", "pegawai negeri sipil": "pns", "sasaran kinerja pegawai": "skp",
    "organisasi perangkat daerah": "opd", "perangkat daerah": "opd", "satuan kerja perangkat daerah": "skpd",
    "pendidikan dan pelatihan": "diklat", "prosentase": "persentase", "presentase": "persentase",
    "pegawai pemerintah dengan perjanjian kerja": "pppk", "laporan harta kekayaan penyelenggara negara": "lhkpn",
}
_LONG = sorted(ABBREVIATIONS, key=len, reverse=True)
_PATTERN = re.compile(r"\b(" + "|".join(re.escape(x) for x in _LONG) + r")\b")
SIMILAR = 0.75      # SequenceMatcher ratio of two normalised names from which the earlier one is suggested

MAPPED, SAME_SASARAN, SAME_NAME = "berkas pasangan", "nama dan sasaran", "nama"


def pair_key(name: str) -> str:
    """The name both years are compared by."""
    return _PATTERN.sub(lambda m: ABBREVIATIONS[m.group(1)], name_key(name))


@dataclass
class Pairing:
    matched: dict[int, tuple[int, str]] = field(default_factory=dict)   # this year's i -> (earlier j, how)
    left: list[int] = field(default_factory=list)                        # earlier j not paired
    suggestions: dict[int, tuple[int, float]] = field(default_factory=dict)   # unpaired i -> (earlier j, ratio)
    repeated: set[str] = field(default_factory=set)                       # pair keys occurring twice in a year


def pair(current: list[tuple[str, str]], earlier: list[tuple[str, str]],
         mapping: dict[str, str] | None = None) -> Pairing:
    """current, earlier: (sasaran, indicator) per row; mapping: pair_key(earlier name) -> pair_key(this year's)."""
    cur = [(name_key(s), pair_key(n)) for s, n in current]
    old = [(name_key(s), pair_key(n)) for s, n in earlier]
    out = Pairing()
    for keys in (cur, old):
        seen: set[str] = set()
        for _, k in keys:
            (out.repeated.add if k in seen else seen.add)(k)
    free = list(range(len(old)))

    def take(i: int, accept, how: str) -> None:
        for j in free:
            if accept(j):
                out.matched[i] = (j, how)
                free.remove(j)
                return

    for i, (_, k) in enumerate(cur):
        if mapping:
            take(i, lambda j: mapping.get(old[j][1]) == k, MAPPED)
    for i, (s, k) in enumerate(cur):
        if i not in out.matched:
            take(i, lambda j: old[j] == (s, k), SAME_SASARAN)
    for i, (_, k) in enumerate(cur):
        if i not in out.matched:
            take(i, lambda j: old[j][1] == k, SAME_NAME)
    out.left = list(free)
    for i, (_, k) in enumerate(cur):
        if i in out.matched or not free:
            continue
        ratio, j = max((SequenceMatcher(None, k, old[j][1]).ratio(), -j) for j in free)
        if ratio >= SIMILAR:
            out.suggestions[i] = (-j, ratio)
    return out


def read_mapping(rows: list[dict[str, str]]) -> dict[str, dict[str, str]]:
    """The mapping file's rows (csv.DictReader, headers lower-cased) -> {name_key(opd) or "": {earlier: this}}.
    Columns: opd (optional: empty for every agency), indikator_tahun_lalu, indikator_tahun_ini."""
    out: dict[str, dict[str, str]] = {}
    for row in rows:
        before, now = (row.get("indikator_tahun_lalu") or "").strip(), (row.get("indikator_tahun_ini") or "").strip()
        if before and now:
            out.setdefault(name_key(row.get("opd") or ""), {})[pair_key(before)] = pair_key(now)
    return out


def mapping_for(mappings: dict[str, dict[str, str]], agency_key: str) -> dict[str, str]:
    """The pairs that apply to one agency: those for every agency, then its own (which win)."""
    return {**mappings.get("", {}), **mappings.get(agency_key, {})}
