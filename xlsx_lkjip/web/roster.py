"""The thin seam between the server and the round's roster (who is expected, what each agency must send, the
"Status OPD" rows).  The roster itself is issue 24's; until it lands this reads only the `[[opd]]` tables of
lkjip.toml (kode, nama, formulir) and derives the status from the server's own uploads log, so everything above
this module stays the same when it switches over."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:   # pragma: no cover
    import tomli as tomllib

# Status words of the "Status OPD" sheet (issue 24)
SELESAI, PERINGATAN, GAGAL, BELUM, GANDA = "selesai", "ada peringatan", "gagal", "belum mengirim", "ganda"
_FROM_RESULT = {"selesai": SELESAI, "dengan peringatan": PERINGATAN, "gagal": GAGAL}


@dataclass(frozen=True)
class Agency:
    kode: str
    nama: str
    formulir: tuple[str, ...] = ()      # "Renja", "PK" as issue 24 names them; empty: any one workbook


def agencies(toml: Path | None) -> list[Agency]:
    if toml is None or not Path(toml).is_file():
        return []
    with open(toml, "rb") as fh:
        data = tomllib.load(fh)
    found = []
    for entry in data.get("opd", []) or []:
        if isinstance(entry, dict) and str(entry.get("kode", "")).strip():
            forms = entry.get("formulir") or []
            forms = [forms] if isinstance(forms, str) else forms
            found.append(Agency(str(entry["kode"]).strip(), str(entry.get("nama", "")).strip() or str(entry["kode"]),
                                tuple(_FORM_NAMES.get(str(f).strip().lower(), str(f).strip()) for f in forms)))
    return found


def status_rows(roster: list[Agency], latest: dict[tuple[str, str], dict]) -> list[dict]:
    """One row per expected agency and form: `latest[(kode, form)]` is the newest upload placed in input/ for
    that form (keys of the uploads log: status, waktu, masukan, masalah, capaian, predikat)."""
    rows = []
    for a in roster:
        for form in a.formulir or ("",):
            up = latest.get((a.kode, form_key(form))) if form else \
                next((v for (k, _), v in sorted(latest.items()) if k == a.kode), None)
            row = {"kode": a.kode, "nama": a.nama, "formulir": form or "salah satu", "status": BELUM,
                   "berkas": "", "disimpan": "", "masalah": 0, "capaian": None, "predikat": ""}
            if up is not None:
                row.update(status=_FROM_RESULT.get(up["status"], GAGAL), berkas=up["masukan"], disimpan=up["waktu"],
                           masalah=up["masalah"], capaian=up["capaian"], predikat=up["predikat"])
            rows.append(row)
    return rows


_FORM_NAMES = {"renja": "Renja", "pk": "PK"}


def form_key(form_text: str) -> str:
    """The roster's name of a form read from a workbook ("Renja" -> "renja", "PK" -> "pk")."""
    return form_text.strip().lower()
