"""The seam between the server and the round's roster (roster.py: who is expected, what each agency must
send).  The "Status OPD" rows are derived here from the server's own uploads log, so the Bappeda page moves the
moment an upload is answered (the rekap's own "Status OPD" sheet follows with the next rebuild)."""

from __future__ import annotations

from pathlib import Path

from ..roster import Agency, load_roster

# Status words of the "Status OPD" sheet (issue 24)
SELESAI, PERINGATAN, GAGAL, BELUM, GANDA = "selesai", "ada peringatan", "gagal", "belum mengirim", "ganda"
_FROM_RESULT = {"selesai": SELESAI, "dengan peringatan": PERINGATAN, "gagal": GAGAL}


def agencies(toml: Path | None) -> list[Agency]:
    """The roster lkjip.toml lists (`[[opd]]` or `daftar_opd`); [] without one.  RosterError when it is wrong."""
    roster = load_roster(toml) if toml is not None and Path(toml).is_file() else None
    return list(roster.agencies) if roster is not None else []


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


def form_key(form_text: str) -> str:
    """The roster's name of a form read from a workbook ("Renja" -> "renja", "PK" -> "pk")."""
    return form_text.strip().lower()
