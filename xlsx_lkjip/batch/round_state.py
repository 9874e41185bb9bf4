"""Whether the round in an output folder is whole: the mark of a round being written.

A round is written in steps (the completed workbooks, the CSV tables, rekap.xlsx, then the record
`.lkjip/putaran.json`, which is the round's commit: until it is replaced, the folder's round is the previous
one).  `begin()` leaves the mark `.lkjip/putaran-berjalan.json` before the first output is touched, and
`finish()` removes it once the record is in place.  A mark without a writer holding the folder's lock
(batch/lock.py) is a round that did not finish (killed, power cut, the rekap could not be written): some
files in the folder may already be of the new round while rekap.xlsx and the record still describe the
previous one.  `lkjip rekap`, `lkjip laporan`, `lkjip watch` and the next `lkjip run` say so; a complete run
removes the mark.

API
    begin(output, command) -> dict | None       the mark of an earlier unfinished round, if there was one
    finish(output)                              the round is committed: the mark goes
    unfinished(output) -> dict | None           the mark left by a round that did not finish
    unfinished_text(mark) -> str                what that mark says, in Bahasa
    reader_notes(folder) -> [str]               what a reader of the folder's record must be told
    no_round_yet(folder) -> str | None          why a folder without a record has no round to read yet
"""

from __future__ import annotations

import json
import os
from datetime import datetime, timezone
from pathlib import Path

from ..files import atomic_write, file_sha256, host_name, sync_folder

MARK_PATH = Path(".lkjip") / "putaran-berjalan.json"


def mark_path(output) -> Path:
    return Path(output) / MARK_PATH


def unfinished(output) -> dict | None:
    """The mark of a round that began and did not finish (any readable content; {} when unreadable)."""
    path = mark_path(output)
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    try:
        doc = json.loads(raw.decode("utf-8"))
        return doc if isinstance(doc, dict) else {}
    except (UnicodeDecodeError, ValueError):
        return {}     # cut by a power cut while it was written: still a round that did not finish


def begin(output, command: str) -> dict | None:
    """Mark the folder as being written by `command` (the caller holds the folder's lock).  An earlier mark is
    kept as it is (the folder has been unfinished since then) and returned."""
    earlier = unfinished(output)
    if earlier is not None:
        return earlier
    path = mark_path(output)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc = {"command": command, "pid": os.getpid(), "host": host_name(),
           "since": datetime.now(timezone.utc).isoformat(timespec="seconds")}
    data = json.dumps(doc).encode("utf-8")
    atomic_write(path, lambda fh: fh.write(data))
    return None


def finish(output) -> None:
    """The round is committed (its record in place): the mark goes."""
    try:
        mark_path(output).unlink()
    except FileNotFoundError:
        return
    sync_folder(mark_path(output).parent)


def unfinished_text(mark: dict) -> str:
    when = ""
    try:
        t = datetime.fromisoformat(str(mark.get("since"))).astimezone()
        when = f" yang dimulai {t:%d-%m-%Y} pukul {t:%H.%M}"
    except (ValueError, TypeError):
        pass
    command = f" (lkjip {mark['command']})" if mark.get("command") else ""
    return f"putaran{when}{command} tidak selesai (dihentikan, listrik padam, atau rekap tidak dapat ditulis)"


def reader_notes(folder, record=None) -> list[str]:
    """What a reader of the record in `folder` (`record`, read already) must say: someone writes the folder
    now, the last round there did not finish, or files of the folder are not the ones the round wrote.  The
    figures a reader gives are the record's, always one complete round (the record is replaced only when a
    round is complete): never a mix."""
    from .lock import busy_note

    note = busy_note(folder)
    if note:
        return [note]
    mark = unfinished(folder)
    if mark is not None:
        return [f"di folder {folder}, {unfinished_text(mark)}: sebagian berkas di folder itu mungkin sudah dari "
                "putaran baru, tetapi angka yang dibaca di sini dari putaran lengkap terakhir yang tercatat. "
                f"Jalankan lkjip run lagi ke folder {folder} untuk menyelesaikannya"]
    notes = list(getattr(record, "notes", []) or [])
    if record is not None:
        notes += _differing(Path(folder), record)
    return notes


def no_round_yet(folder) -> str | None:
    """For a reader of a folder that holds no record: why it must not read the workbooks there as a round
    (its first round is being written now, or was stopped before it finished: a part of a round only), or
    None when neither is so (a folder of workbooks, or of an older lkjip)."""
    from .lock import holder

    h = holder(folder)
    if h is not None:
        return (f"folder {folder} sedang ditulis oleh {h.text()} dan belum memiliki putaran lengkap (putaran "
                "pertamanya belum selesai), jadi belum ada angka yang dapat dibaca. Tunggu sampai proses itu "
                "selesai, lalu jalankan perintah ini lagi")
    mark = unfinished(folder)
    if mark is not None:
        return (f"di folder {folder}, {unfinished_text(mark)} dan belum ada putaran lengkap sebelumnya: workbook "
                "di folder itu hanya sebagian dari putaran. Jalankan lkjip run lagi dengan folder masukan yang sama "
                f"ke folder itu (lkjip run INPUT -o {folder}) untuk menyelesaikannya, lalu jalankan perintah ini lagi")
    return None


def _differing(folder: Path, record) -> list[str]:
    """The round's files (completed workbooks, rekap.xlsx) that are not as the round wrote them."""
    from .results import REKAP_NAME

    changed, missing = [], []
    for rel, digest in sorted(record.outputs.items()):
        path = folder.joinpath(*rel.split("/"))
        try:
            if not path.exists():
                missing.append(rel)
            elif not path.is_file() or file_sha256(path) != digest:
                changed.append(rel)
        except OSError:
            changed.append(rel)
    notes = [f"di folder {folder}, {len(missing)} workbook tercatat di putaran tetapi tidak ada lagi di folder "
             f"(dihapus atau dipindahkan?): {_names(missing)}. Angkanya tetap dari catatan putaran; jalankan lkjip run "
             f"lagi ke folder {folder} agar berkasnya ada"] if missing else []
    rekap = folder / REKAP_NAME
    try:
        if record.rekap_sha256 and rekap.is_file() and file_sha256(rekap) != record.rekap_sha256:
            changed.append(REKAP_NAME)
    except OSError:
        pass
    if changed:
        notes.append(f"di folder {folder}, {len(changed)} berkas tidak sama dengan yang ditulis putaran itu (diubah, "
                     f"disalin atau dipulihkan sesudahnya?): {_names(changed)}. Angka yang dibaca di sini dari catatan "
                     f"putaran; jalankan lkjip run lagi ke folder {folder} agar berkasnya sesuai")
    return notes


def _names(files: list[str]) -> str:
    return ", ".join(files[:10]) + (f" dan {len(files) - 10} lagi" if len(files) > 10 else "")
