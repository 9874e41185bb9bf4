"""The region's roster: the agencies (OPD) expected to send workbooks in a round, and which agency a workbook
is.  Read from `lkjip.toml` (one `[[opd]]` table per agency) or from a workbook it names
(`daftar_opd = "daftar_opd.xlsx"`: columns Kode, Nama, Alias separated by ";", Formulir).  Knows nothing of
forms, figures or batches: it is given the agency a workbook names and its file name.

API
    load_roster(toml_path) -> Roster | None     None when the file lists no agency; RosterError names the lines
    with_roster(config, toml_path) -> Config    the config carrying the roster (config.roster), for run/check
    Roster.agencies                             in roster order; Agency(kode, nama, alias, formulir, where)
    Roster.get(kode) -> Agency | None
    Roster.match(written, file_name) -> Match   written: the agency the workbook names ("" when none)
    normalise(text) -> str                      what is compared: letters and digits, case folded

Matching.  The agency a workbook names is compared with every agency's kode, nama and alias, normalised
(case, spaces and punctuation ignored: "B.K.P.S.D.M." = "bkpsdm"; "&" is "dan"); a name followed by its region
("Dinas Kesehatan Kabupaten Sumenep", "Kecamatan Kota Kabupaten X") or preceded by a SIPD unit code
("1.02.0.00.0.00.01.0000 - DINAS KESEHATAN") is also tried without it.  A workbook that names no
agency is matched by a kode, nama or alias standing as whole words in its file name or the folders it sits in
under the input folder ("Renja BKPSDM TW I 2024.xlsx", "BKPSDM/renja.xlsx"); when words of two agencies stand
there, the longer wins, and a tie matches neither.  A close match is never taken: the workbook
stays unmatched and `Match.closest` names the agencies it resembles, for the warning.
"""

from __future__ import annotations

import difflib
import re
import sys
import unicodedata
from dataclasses import field, replace
from pathlib import Path

from .config import ConfigError
from .files import os_reason
from .patterns import lazy_re
from .records import record

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

# The forms an agency may be asked to send: the words accepted in `formulir` -> the form's name in results.
FORM_WORDS = {"renja": "Renja", "evaluasi renja": "Renja", "e81": "Renja", "e.81": "Renja",
              "pk": "PK", "perjanjian kinerja": "PK"}
FORM_ORDER = ("Renja", "PK")
# "… Kabupaten Sumenep", "… Kota Dumai", "… Provinsi Riau", "… Kab. Bengkulu Utara": the region after a name.
_REGION = lazy_re(r"[\s,.\-]+(?:pemerintah\s+)?(?:kabupaten|kab\.?|kota|provinsi|prov\.?)\s+\w[\w\s.\-]*$",
                     re.IGNORECASE)
_REGION_WORD = lazy_re(r"[\s,.\-]+(?:pemerintah\s+)?(?:kabupaten|kab\.?|kota|provinsi|prov\.?)(?=\s+\w)",
                          re.IGNORECASE)
_TOP_KEYS_HINT = ("desimal", "rata_rata", "rumus_negatif", "triwulan", "tahun", "konversi_libreoffice", "daftar_opd")
_WORD = lazy_re(r"\w+")
_AND = lazy_re(r"\s*&\s*")
# The unit code a SIPD export writes before the agency's name: "1.02.0.00.0.00.01.0000 - DINAS KESEHATAN"
_UNIT_CODE = lazy_re(r"^\d+(?:\.\d+)+\s*[-\u2013:]?\s*")


class RosterError(ConfigError):
    """A roster that cannot be used: every wrong line, one per message line (`errors`)."""

    def __init__(self, errors: list[str]):
        self.errors = list(errors)
        Exception.__init__(self, "\n".join(self.errors))
        self.key, self.line, self.column = None, None, None


def _folded(text: str) -> str:
    """NFKC, case folded, "&" read as "dan" ("Dinas Pemuda & Olahraga" is "Dinas Pemuda dan Olahraga")."""
    return _AND.sub(" dan ", unicodedata.normalize("NFKC", str(text)).casefold())


def normalise(text: str) -> str:
    """An agency's name or code as compared: letters and digits only, case folded (NFKC first)."""
    return "".join(ch for ch in _folded(text) if ch.isalnum())


def words(text: str) -> tuple[str, ...]:
    """The words of a name or file name, case folded ("Renja_BKPSDM-TW1" -> renja, bkpsdm, tw1)."""
    return tuple(w for w in _WORD.findall(_folded(text).replace("_", " ")))


@record(frozen=True)
class Agency:
    kode: str
    nama: str
    alias: tuple[str, ...] = ()
    formulir: tuple[str, ...] = ()    # "Renja", "PK" (FORM_ORDER); empty: any one workbook will do
    where: str = ""                   # "lkjip.toml baris 12", "daftar_opd.xlsx baris 5"

    @property
    def names(self) -> tuple[str, ...]:
        """Every name it is known by: kode, nama, alias."""
        return (self.kode, self.nama, *self.alias)

    @property
    def formulir_text(self) -> str:
        return ", ".join(self.formulir) if self.formulir else "salah satu"


@record(frozen=True)
class Match:
    agency: Agency | None
    by: str = ""                      # "kode", "nama", "alias", "nama berkas" ("" when unmatched)
    closest: tuple[Agency, ...] = ()  # unmatched: the agencies it resembles, closest first
    ambiguous: tuple[Agency, ...] = ()   # a file name holding the words of two agencies equally


@record(frozen=True)
class Roster:
    agencies: tuple[Agency, ...]
    source: str = ""                  # where it was read ("lkjip.toml", "daftar_opd.xlsx")
    _labels: dict = field(default_factory=dict, repr=False, compare=False)
    _word_labels: tuple = field(default=(), repr=False, compare=False)

    def __post_init__(self):
        labels: dict[str, tuple[Agency, str]] = {}
        word_labels = []
        for a in self.agencies:
            for how, texts in (("kode", (a.kode,)), ("nama", (a.nama,)), ("alias", a.alias)):
                for t in texts:
                    labels.setdefault(normalise(t), (a, how))
                    w = words(t)
                    if w:
                        word_labels.append((w, a))
        self._labels.update(labels)
        object.__setattr__(self, "_word_labels", tuple(word_labels))

    def get(self, kode: str) -> Agency | None:
        found = self._labels.get(normalise(kode))
        return found[0] if found and normalise(found[0].kode) == normalise(kode) else None

    def match(self, written: str, file_name: str = "") -> Match:
        """The agency of a workbook naming `written` ("" when it names none), saved as `file_name`."""
        written = " ".join(str(written or "").split())
        if written:
            for text in dict.fromkeys((written, _UNIT_CODE.sub("", written, count=1))):
                found = self._named(text) if normalise(text) else None
                if found is not None:
                    return Match(found[0], found[1])
            return Match(None, closest=self.closest(written))
        # the file's name and the folders it sits in under the input folder ("BKPSDM/renja.xlsx")
        path = Path(str(file_name).replace("\\", "/"))
        return self._by_file_name(path.with_suffix("").as_posix().replace("/", " "))

    def _named(self, written: str):
        """(agency, how) of the name a workbook writes, or None."""
        found = self._labels.get(normalise(written))
        # "Kecamatan Kota Kabupaten Contoh": the longest name before a region that is a name of the roster
        cuts = sorted((m.start() for m in _REGION_WORD.finditer(written) if _REGION.fullmatch(written[m.start():])),
                      reverse=True)
        for cut in cuts:
            if found is not None:
                break
            if normalise(written[:cut]):
                found = self._labels.get(normalise(written[:cut]))
        return found

    def _by_file_name(self, stem: str) -> Match:
        tokens = words(stem)
        best: dict[str, tuple[int, Agency]] = {}
        for label, agency in self._word_labels:
            n = len(label)
            if n and any(tokens[i:i + n] == label for i in range(len(tokens) - n + 1)):
                if n > best.get(agency.kode, (0, None))[0]:
                    best[agency.kode] = (n, agency)
        if not best:
            return Match(None, closest=self.closest(stem))
        top = max(n for n, _ in best.values())
        winners = [a for n, a in best.values() if n == top]
        if len(winners) > 1:
            return Match(None, ambiguous=tuple(winners))
        return Match(winners[0], "nama berkas")

    def closest(self, text: str, n: int = 3) -> tuple[Agency, ...]:
        """The agencies whose names resemble `text` most (for a warning; never taken as a match)."""
        key = normalise(text)
        mine = set(words(text))
        scored = []
        for a in self.agencies:
            best = 0.0
            for name in a.names:
                other = normalise(name)
                if not other or not key:
                    continue
                ratio = difflib.SequenceMatcher(None, key, other).ratio()
                theirs = set(words(name))
                if theirs and (theirs <= mine or mine <= theirs):   # one name's words inside the other's
                    ratio = max(ratio, 0.75)
                best = max(best, ratio)
            if best >= 0.6:
                scored.append((-best, a.kode, a))
        scored.sort()
        # the few near the best only: "Dinas …" names all resemble each other somewhat
        return tuple(a for score, _, a in scored[:n] if -score >= -scored[0][0] - 0.15)


# -- reading --------------------------------------------------------------------------------------------

def _form_names(value, where: str, errors: list[str]) -> tuple[str, ...]:
    items = value if isinstance(value, list) else [x for x in re.split(r"[;,]", value)] if isinstance(value, str) \
        else None
    if items is None:
        errors.append(f"{where}: formulir harus daftar, mis. [\"renja\", \"pk\"]")
        return ()
    out = []
    for item in items:
        text = " ".join(str(item).split()).casefold()
        if not text:
            continue
        form = FORM_WORDS.get(text)
        if form is None:
            errors.append(f"{where}: formulir {str(item)!r} tidak dikenal; pilih renja atau pk")
        elif form not in out:
            out.append(form)
    return tuple(sorted(out, key=FORM_ORDER.index))


def _aliases(value, where: str, errors: list[str]) -> tuple[str, ...]:
    if value is None:
        return ()
    items = value if isinstance(value, list) else re.split(r"[;\n]", value) if isinstance(value, str) else None
    if items is None or not all(isinstance(x, (str, int)) for x in items):
        errors.append(f"{where}: alias harus daftar teks, mis. [\"BKD\", \"Badan Kepegawaian Daerah\"]")
        return ()
    return tuple(dict.fromkeys(t for t in (" ".join(str(x).split()) for x in items) if t))


def _agency(kode, nama, alias, formulir, where: str, errors: list[str]) -> Agency | None:
    kode = " ".join(str(kode if kode is not None else "").split())
    nama = " ".join(str(nama if nama is not None else "").split())
    before = len(errors)
    if not normalise(kode):
        errors.append(f"{where}: kode OPD tidak ada")
    if not normalise(nama):
        errors.append(f"{where}: nama OPD tidak ada" + (f" (kode {kode})" if kode else ""))
    aliases = _aliases(alias, where, errors)
    forms = _form_names(formulir if formulir is not None else [], where, errors)
    if len(errors) > before:
        return None
    return Agency(kode, nama, tuple(a for a in aliases if normalise(a) not in (normalise(kode), normalise(nama))),
                  forms, where)


def _both(first: str, second: str) -> str:
    """Two places, the file said once: "lkjip.toml baris 3 dan baris 9"."""
    a, _, _ = first.partition(" baris ")
    b, sep, rest = second.partition(" baris ")
    return f"{first} dan baris {rest}" if sep and a == b else f"{first} dan {second}"


def _check(agencies: list[Agency], errors: list[str]) -> None:
    """Two agencies with one kode, or one name (kode, nama or alias) shared by two: errors naming both lines."""
    seen: dict[str, tuple[Agency, str]] = {}
    for a in agencies:
        for how, texts in (("kode", (a.kode,)), ("nama", (a.nama,)), ("alias", a.alias)):
            for t in texts:
                key = normalise(t)
                other = seen.get(key)
                if other is None:
                    seen[key] = (a, how)
                    continue
                b, other_how = other
                if b is a:
                    continue
                if how == "kode" and other_how == "kode":
                    errors.append(f"{_both(b.where, a.where)}: kode {a.kode!r} dipakai dua OPD ({b.nama}; {a.nama}); "
                                  "setiap OPD harus berkode lain")
                else:
                    errors.append(f"{_both(b.where, a.where)}: {how} {t!r} ({a.kode}) sama dengan {other_how} "
                                  f"{b.kode}; satu nama hanya boleh milik satu OPD, hapus dari salah satunya")


def _toml_line(lines: list[str], kode: str, start: int) -> int | None:
    """The line (1-based) of `kode = "<kode>"` from line index `start` on (the agency's table)."""
    pattern = re.compile(r"\bkode\s*=\s*[\"']" + re.escape(kode) + r"[\"']")
    for i in range(max(0, start), len(lines)):
        if pattern.search(lines[i]):
            return i + 1
    return None


def _from_tables(tables, text: str, name: str, errors: list[str]) -> list[Agency]:
    if not isinstance(tables, list):
        errors.append(f"{name}: opd harus ditulis sebagai bagian [[opd]], satu per OPD")
        return []
    lines = text.splitlines()
    heads = [i + 1 for i, line in enumerate(lines) if re.match(r"^\s*\[\[\s*opd\s*\]\]", line)]
    out, start = [], 0
    for k, t in enumerate(tables):
        head = heads[k] if k < len(heads) else None
        if not isinstance(t, dict):
            errors.append(f"{name}: OPD ke-{k + 1} harus berbentuk tabel (kode = …, nama = …)")
            continue
        kode = " ".join(str(t.get("kode", "")).split())
        line = (_toml_line(lines, kode, head - 1 if head else start) if kode else None) or head
        where = f"{name} baris {line}" if line else f"{name} OPD ke-{k + 1}"
        if line:
            start = line
        unknown = sorted(set(t) - {"kode", "nama", "alias", "formulir"})
        if unknown:
            hint = (f"; pengaturan umum seperti {unknown[0]} ditulis di atas bagian [[opd]] pertama"
                    if unknown[0] in _TOP_KEYS_HINT else "")
            errors.append(f"{where}: pengaturan opd.{unknown[0]} tidak dikenal (yang dikenal: kode, nama, alias, "
                          f"formulir){hint}")
            continue
        a = _agency(t.get("kode"), t.get("nama"), t.get("alias"), t.get("formulir"), where, errors)
        if a is not None:
            out.append(a)
    return out


# The columns of a roster workbook: heading words -> field
_HEADINGS = {"kode": "kode", "kode opd": "kode", "nama": "nama", "nama opd": "nama", "nama perangkat daerah": "nama",
             "perangkat daerah": "nama", "alias": "alias", "nama lain": "alias", "singkatan": "alias",
             "formulir": "formulir", "formulir wajib": "formulir"}


def _from_workbook(path: Path, shown: str, errors: list[str]) -> list[Agency]:
    from .io.package import Package, PackageError
    from .io.xlsx_sheet import read_grid

    try:
        with Package(path) as pkg:
            visible = [ref for ref in pkg.sheets if ref.state in ("", "visible")] or list(pkg.sheets)
            if not visible:
                errors.append(f"{shown}: workbook tidak berisi sheet")
                return []
            grid = read_grid(pkg.read(visible[0].part), pkg.shared_strings, visible[0].part)
    except PackageError as exc:
        errors.append(f"{shown}: {exc.message}")
        return []
    except OSError as exc:
        errors.append(f"{shown}: berkas tidak dapat dibaca ({os_reason(exc)})")
        return []
    header_row, columns = None, {}
    for r in range(1, min(grid.max_row, 20) + 1):
        found = {}
        for cell in grid.row_cells(r):
            role = _HEADINGS.get(" ".join(grid.text(r, cell.col).casefold().split()))
            if role and role not in found:
                found[role] = cell.col
        if "kode" in found and "nama" in found:
            header_row, columns = r, found
            break
    if header_row is None:
        errors.append(f"{shown}: baris judul kolom Kode dan Nama tidak ditemukan di sheet pertama (kolom: Kode, "
                      "Nama, Alias dipisah \";\", Formulir)")
        return []
    out = []
    for r in range(header_row + 1, grid.max_row + 1):
        values = {role: grid.text(r, c) for role, c in columns.items()}
        if not any(values.values()):
            continue
        a = _agency(values.get("kode"), values.get("nama"), values.get("alias") or None,
                    values.get("formulir") or "", f"{shown} baris {r}", errors)
        if a is not None:
            out.append(a)
    return out


def load_roster(toml_path) -> Roster | None:
    """The roster `toml_path` (lkjip.toml) lists or names; None when it has neither (or there is no file)."""
    if toml_path is None:
        return None
    path = Path(toml_path)
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None   # load_config has said what is wrong with the file
    has_tables, has_book = "opd" in data, "daftar_opd" in data
    if not has_tables and not has_book:
        return None
    errors: list[str] = []
    if has_tables and has_book:
        raise RosterError([f"{path.name}: tulis daftar OPD di bagian [[opd]] atau di daftar_opd = \"…xlsx\", "
                           "tidak keduanya"])
    if has_book:
        book = data["daftar_opd"]
        if not isinstance(book, str) or not book.strip():
            raise RosterError([f"{path.name}: daftar_opd harus nama berkas, mis. daftar_opd = \"daftar_opd.xlsx\""])
        target = Path(book.strip())
        target = target if target.is_absolute() else path.parent / target
        if not target.is_file():
            raise RosterError([f"{path.name}: daftar_opd {book!r} tidak ditemukan ({target}); taruh berkas itu di "
                               "folder yang sama dengan lkjip.toml"])
        agencies = _from_workbook(target, target.name, errors)
        source = str(target)
    else:
        agencies = _from_tables(data["opd"], text, path.name, errors)
        source = str(path)
    _check(agencies, errors)
    if not agencies and not errors:
        errors.append(f"{path.name}: daftar OPD kosong")
    if errors:
        raise RosterError(errors)
    return Roster(tuple(agencies), source)


def with_roster(config, toml_path):
    """`config` carrying the roster of `toml_path` (config.roster); unchanged when it lists none."""
    roster = load_roster(toml_path)
    return replace(config, roster=roster) if roster is not None else config
