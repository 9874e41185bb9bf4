"""The seam between the server and the round's roster (roster.py: who is expected, what each agency must
send).  The "Status OPD" rows are derived here from the server's own uploads log, so the Bappeda page moves the
moment an upload is answered (the rekap's own "Status OPD" sheet follows with the next rebuild)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from ..roster import Agency, load_roster

# Status words of the "Status OPD" sheet (issue 24)
SELESAI, PERINGATAN, GAGAL, BELUM, GANDA = "selesai", "ada peringatan", "gagal", "belum mengirim", "ganda"
TIDAK_TERDAFTAR = "tidak ada di daftar OPD"      # a workbook of no agency of the roster (issue 24's status)
_FROM_RESULT = {"selesai": SELESAI, "dengan peringatan": PERINGATAN, "gagal": GAGAL}


def agencies(toml: Path | None) -> list[Agency]:
    """The roster lkjip.toml lists (`[[opd]]` or `daftar_opd`); [] without one.  RosterError when it is wrong."""
    roster = load_roster(toml) if toml is not None and Path(toml).is_file() else None
    return list(roster.agencies) if roster is not None else []


def status_rows(roster: list[Agency], latest: dict[tuple[str, str], dict], record=None,
                record_time: datetime | None = None) -> list[dict]:
    """One row per expected agency and form.  From the round record's "Status OPD" (report/status.py, when the
    round was run with a roster: it also knows files put in input/ by hand, "ganda" and workbooks of no
    agency), with an upload answered after the record was written shown at once (the rekap follows with the
    next rebuild); without it, from the uploads alone.  `latest[(kode, form key)]`: the upload now in input/
    for that form (the uploads log's status, waktu, masukan, masalah, capaian, predikat)."""
    kept = getattr(record, "status", None) if record is not None else None
    if kept is None:
        return _from_uploads(roster, latest)
    rows = []
    for r in kept.rows:
        d = r.to_dict()
        row = {"kode": d["kode"], "nama": d["nama"], "formulir": d["formulir"] or "salah satu", "wajib": d["wajib"],
               "status": d["status"], "berkas": "; ".join(d["berkas"]), "disimpan": d["disimpan"] or "",
               "masalah": d["masalah"], "capaian": d["capaian"], "predikat": d["predikat"]}
        up = _latest_for(latest, d["kode"], d["formulir"]) if d["kode"] else None
        if up is not None and record_time is not None and datetime.fromisoformat(up["waktu"]) > record_time:
            row.update(_of_upload(up))
        rows.append(row)
    known = {r["kode"] for r in rows}
    return rows + _from_uploads([a for a in roster if a.kode not in known], latest)   # added to the roster since


def _from_uploads(roster: list[Agency], latest: dict[tuple[str, str], dict]) -> list[dict]:
    rows = []
    for a in roster:
        for form in a.formulir or ("",):
            up = _latest_for(latest, a.kode, form)
            row = {"kode": a.kode, "nama": a.nama, "formulir": form or "salah satu", "wajib": True, "status": BELUM,
                   "berkas": "", "disimpan": "", "masalah": 0, "capaian": None, "predikat": ""}
            if up is not None:
                row.update(_of_upload(up))
            rows.append(row)
    return rows


def _latest_for(latest: dict[tuple[str, str], dict], kode: str, form: str) -> dict | None:
    if form:
        return latest.get((kode, form_key(form)))
    return max((v for (k, _), v in latest.items() if k == kode), key=lambda v: v["waktu"], default=None)


def _of_upload(up: dict) -> dict:
    return {"status": _FROM_RESULT.get(up["status"], GAGAL), "berkas": up["masukan"], "disimpan": up["waktu"],
            "masalah": up["masalah"], "capaian": up["capaian"], "predikat": up["predikat"]}


def form_key(form_text: str) -> str:
    """The roster's name of a form read from a workbook ("Renja" -> "renja", "PK" -> "pk")."""
    return form_text.strip().lower()
