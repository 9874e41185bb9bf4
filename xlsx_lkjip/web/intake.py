"""Taking in one upload: kept, read, placed, logged, in that order, before it is acknowledged.

Where things go (all names made here; nothing a request says reaches the file system):

    FOLDER/unggahan/.masuk/<id>/         the upload while it is received and read (removed after, always)
    FOLDER/unggahan/<KODE>/<id> <time>.<ext>          every upload ever accepted, never overwritten
    FOLDER/unggahan/<KODE>/<id> <time> lengkap.xlsx   its completed copy, what the agency downloads
    FOLDER/input/<KODE> <Formulir>.<ext>            the agency's current file for that form (what `run` reads)
    FOLDER/.lkjip/unggahan.jsonl                   the uploads log: one line per processed upload, fsynced

An upload is acknowledged only after all of that is on disk.  After a crash, an archived upload with no line
in the log is read and placed again at start (once: the line is written then); an upload still in .masuk/ was
never acknowledged, and is removed (the agency saw no answer and sends again).  The extension is the content's
(sniffed), never the name's; a file that is not a workbook is refused (415), a hostile package (zip bomb,
entity declarations) or one that passes the time or memory limit is refused (422), and either leaves nothing.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import threading
import zipfile
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

from ..batch.results import DILEWATI
from ..io import sniff as kinds
from .durable import append_line, copy_durably, fsync_file, sync_folder
from .reader import Read, Reader

LOG = Path(".lkjip") / "unggahan.jsonl"
ARCHIVE = "unggahan"
UNREAD = "formulir tidak terbaca"       # the slot of an upload whose form could not be read
_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
_ARCHIVED = re.compile(r"^(\d{5,}) \d{4}-\d\d-\d\d \d\d\.\d\d\.\d\d(\.xlsx|\.xlsm|\.xls|\.ods)$")
CHUNK = 1 << 16


class Refused(Exception):
    """A request refused: the HTTP status and why, in Bahasa."""

    def __init__(self, status: int, pesan: str):
        super().__init__(pesan)
        self.status = status
        self.pesan = pesan


@dataclass
class Upload:
    id: int
    kode: str
    waktu: str               # ISO 8601 with the server's offset
    arsip: str               # relative to FOLDER, "/"-separated
    lengkap: str             # the completed copy, relative; "" when none was written
    masukan: str             # its name in input/ ("" when a newer upload of the agency had already taken it)
    slot: str                # the form it stands for in input/
    status: str              # selesai / dengan peringatan / gagal
    ukuran: int
    hasil: dict = field(default_factory=dict)   # the `lkjip check --json` object

    @property
    def masalah(self) -> int:
        return sum(1 for p in self.hasil.get("problems", []) if p.get("level") in ("galat", "peringatan"))

    def _figures(self) -> dict:
        """The upload's figures: the workbook's, or (a workbook of a Renja and a PK sheet) those of the form
        this upload stands for; never a mixed figure."""
        per_form = self.hasil.get("per_form") or {}
        return per_form.get(self.slot) or {} if per_form else self.hasil

    @property
    def capaian(self) -> str | None:
        return (self._figures().get("average") or {}).get("K")

    @property
    def predikat(self) -> str:
        return (self._figures().get("predikat") or {}).get("K", "")


def _safe_code(kode: str) -> str:
    """An agency code as a file-name part (codes come from lkjip.toml, still kept to plain characters)."""
    return re.sub(r"[^A-Za-z0-9._-]+", "_", kode).strip("._") or "OPD"


def content_suffix(path: Path) -> str:
    """The extension the content deserves, or Refused(415) when it is no workbook at all."""
    try:
        kind = kinds.sniff(path)
    except OSError:
        kind = kinds.UNKNOWN
    if kind == kinds.XLSX:
        try:
            with zipfile.ZipFile(path) as zf:
                names = {n.lower() for n in zf.namelist()}
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError):
            return ".xlsx"     # a damaged workbook: kept, and its page says what is wrong
        if kinds.zip_is_ods(path):
            return ".ods"
        if not any(n.endswith("workbook.xml") for n in names):   # a .docx, a .zip of photos
            raise Refused(415, "Berkas ini bukan workbook Excel (isinya arsip zip lain, mis. dokumen Word). "
                               "Kirim workbook .xlsx, .xlsm, .xls atau .ods.")
        return ".xlsm" if "xl/vbaproject.bin" in names else ".xlsx"
    if kind == kinds.ODS:
        return ".ods"
    if kind in (kinds.XLS, kinds.HTML, kinds.SPREADSHEETML):
        return ".xls"
    if kind == kinds.ENCRYPTED:
        return ".xlsx"         # kept: the agency is told to remove the password
    raise Refused(415, "Berkas ini bukan workbook (kosong, PDF, gambar, dokumen atau teks). Kirim workbook .xlsx, "
                       ".xlsm, .xls atau .ods.")


class Intake:
    def __init__(self, folder: Path, reader: Reader, config=None, forms_of=lambda kode: (), on_placed=lambda: None,
                 codes=lambda: ()):
        self.folder = Path(folder)
        self.input = self.folder / "input"
        self.archive = self.folder / ARCHIVE
        self.log = self.folder / LOG
        self.reader = reader
        self.config = config             # the round's settings and roster (what `lkjip run` in FOLDER uses)
        self.forms_of = forms_of         # kode -> the forms the roster expects (display names), for a failed read
        self.on_placed = on_placed
        self.codes = codes               # the roster's codes (an archive folder is named by a file-safe code)
        self.uploads: dict[int, Upload] = {}
        self._placed: dict[tuple[str, str], int] = {}    # (kode, slot) -> id of the upload now in input/
        self._lock = threading.Lock()
        self._agency_locks: dict[str, threading.Lock] = {}
        self._next = 1
        self.load()

    # -- the log -----------------------------------------------------------------------------------------
    def load(self) -> None:
        self.log.parent.mkdir(parents=True, exist_ok=True)
        try:
            raw = self.log.read_bytes()
        except FileNotFoundError:
            raw = b""
        if raw and not raw.endswith(b"\n"):   # a line cut by a crash was never acknowledged: drop it
            raw = raw[:raw.rfind(b"\n") + 1]
            with open(self.log, "r+b") as fh:
                fh.truncate(len(raw))
                os.fsync(fh.fileno())
        for line in raw.decode("utf-8", "replace").splitlines():
            try:
                up = Upload(**json.loads(line))
            except (ValueError, TypeError):
                continue
            self._remember(up)

    def _remember(self, up: Upload) -> None:
        self.uploads[up.id] = up
        self._next = max(self._next, up.id + 1)
        if up.masukan:
            key = (up.kode, up.slot)
            if self._placed.get(key, 0) > up.id:
                return
            self._placed[key] = up.id
            forms = set(up.slot.split(" dan "))
            for other in [k for k in self._placed if k[0] == up.kode and k != key]:   # as _place() removed them
                if other[1] == UNREAD or forms & set(other[1].split(" dan ")):
                    del self._placed[other]

    def of(self, kode: str | None = None) -> list[Upload]:
        """The uploads, newest first; only `kode`'s when given."""
        with self._lock:
            ups = list(self.uploads.values())
        return sorted((u for u in ups if kode is None or u.kode == kode), key=lambda u: -u.id)

    def in_input(self, kode: str) -> set[int]:
        """The ids of `kode`'s uploads that are its files in input/ now (one per form)."""
        with self._lock:
            return {uid for (k, _), uid in self._placed.items() if k == kode}

    def current(self) -> dict[tuple[str, str], dict]:
        """(kode, form key) -> the upload now in input/ for it (for the status rows)."""
        from .roster import form_key

        out = {}
        with self._lock:
            for (kode, slot), uid in self._placed.items():
                up = self.uploads[uid]
                row = {"status": up.status, "waktu": up.waktu, "masukan": up.masukan, "masalah": up.masalah,
                       "capaian": up.capaian, "predikat": up.predikat}
                for form in slot.split(" dan "):
                    out[(kode, form_key(form))] = row
        return out

    # -- start -------------------------------------------------------------------------------------------
    def recover(self) -> list[Upload]:
        """At start: drop never-acknowledged partial uploads; read and place archived uploads the log misses."""
        shutil.rmtree(self.archive / ".masuk", ignore_errors=True)
        done = []
        if not self.archive.is_dir():
            return done
        for agency in sorted(p for p in self.archive.iterdir() if p.is_dir() and not p.name.startswith(".")):
            for f in sorted(agency.iterdir()):
                m = _ARCHIVED.match(f.name)
                if not m or int(m.group(1)) in self.uploads:
                    continue
                uid = int(m.group(1))
                with self._lock:
                    self._next = max(self._next, uid + 1)
                stamp = datetime.fromtimestamp(f.stat().st_mtime).astimezone()
                kode = next((k for k in self.codes() if _safe_code(k) == agency.name), agency.name)
                done.append(self._process(uid, kode, f, m.group(2), stamp, archived=True))
        return done

    # -- one upload --------------------------------------------------------------------------------------
    def receive(self, kode: str, stream, limit: int) -> Upload:
        """Keep, read, place and log the upload in `stream` (a binary file object) for agency `kode`."""
        with self._lock:
            uid = self._next
            self._next += 1
        work = self.archive / ".masuk" / str(uid)
        work.mkdir(parents=True, exist_ok=True)
        try:
            part = work / "berkas"
            size = 0
            with open(part, "wb") as fh:
                while True:
                    chunk = stream.read(CHUNK)
                    if not chunk:
                        break
                    size += len(chunk)
                    if size > limit:
                        raise Refused(413, too_large(limit))
                    fh.write(chunk)
                fh.flush()
                os.fsync(fh.fileno())
            if size == 0:
                raise Refused(415, "Berkas kosong (0 bita). Pilih workbook yang sudah diisi.")
            suffix = content_suffix(part)
            stamp = datetime.now().astimezone()
            return self._process(uid, kode, part, suffix, stamp, archived=False, work=work)
        finally:
            shutil.rmtree(work, ignore_errors=True)

    def _process(self, uid: int, kode: str, src: Path, suffix: str, stamp: datetime, *, archived: bool,
                 work: Path | None = None) -> Upload:
        base = f"{uid:05d} {stamp:%Y-%m-%d %H.%M.%S}"
        safe = _safe_code(kode)
        own_work = work is None
        if own_work:
            work = self.archive / ".masuk" / str(uid)
            work.mkdir(parents=True, exist_ok=True)
        try:
            completed = work / "lengkap.xlsx"
            read = self.reader.read(src, completed, f"{safe}{suffix}", self.config)
            refuse(read, kode)
            slot = self._slot(kode, read.form)
            name = f"{safe} {slot}{suffix}"
            hasil = _renamed(read.hasil, f"{safe}{suffix}", name)
            folder = self.archive / safe
            folder.mkdir(parents=True, exist_ok=True)
            kept = src if archived else folder / f"{base}{suffix}"
            if not archived:
                os.replace(src, kept)          # the same file system: a rename, and the name is new (the id)
            lengkap = ""
            if completed.exists():
                target = folder / f"{base} lengkap.xlsx"
                fsync_file(completed)
                os.replace(completed, target)
                lengkap = target.relative_to(self.folder).as_posix()
            sync_folder(folder)
            up = Upload(uid, kode, stamp.isoformat(timespec="milliseconds"), kept.relative_to(self.folder).as_posix(),
                        lengkap, name, slot, read.status, kept.stat().st_size, hasil)
            with self._agency_lock(kode):
                if self._placed.get((kode, slot), 0) > uid:
                    up.masukan = ""            # a newer upload of this form is already in input/
                else:
                    self._place(kept, up)
                with self._lock:
                    append_line(self.log, json.dumps(asdict(up), ensure_ascii=False, sort_keys=True))
                    self._remember(up)
        finally:
            if own_work:
                shutil.rmtree(work, ignore_errors=True)
        if up.masukan:
            self.on_placed()
        return up

    def _slot(self, kode: str, form: str) -> str:
        if form:
            return " dan ".join(f.strip() for f in form.split(","))
        expected = tuple(self.forms_of(kode))
        return expected[0] if len(expected) == 1 else UNREAD

    def _agency_lock(self, kode: str) -> threading.Lock:
        with self._lock:
            return self._agency_locks.setdefault(kode, threading.Lock())

    def _place(self, kept: Path, up: Upload) -> None:
        """The upload becomes the agency's file for its form in input/; its earlier files of the same form (or
        of an unread form) leave input/ (they stay in the archive).  An unread upload does not push out a
        file whose form was read: the agency's good file stays counted until a readable one replaces it."""
        self.input.mkdir(parents=True, exist_ok=True)
        copy_durably(kept, self.input / up.masukan)
        forms = set(up.slot.split(" dan "))
        safe = _safe_code(up.kode)
        for other in list(self.input.iterdir()):
            if other.name == up.masukan or not other.name.startswith(f"{safe} "):
                continue
            stem, suffix = other.stem[len(safe) + 1:], other.suffix.lower()
            if suffix in _SUFFIXES and (stem == UNREAD or forms & set(stem.split(" dan "))):
                other.unlink()
        sync_folder(self.input)


def _renamed(hasil: dict, old: str, new: str) -> dict:
    """The check object under the name the workbook now has in input/."""
    hasil = dict(hasil)
    hasil["file"] = new
    hasil["problems"] = [{**p, "file": new} if p.get("file") == old else p for p in hasil.get("problems", [])]
    return hasil


def refuse(read: Read, kode: str) -> None:
    if read.failure == "waktu":
        raise Refused(422, "Berkas ditolak: membacanya memakan waktu melewati batas. Simpan ulang workbook di "
                           "Excel (hapus sheet yang tidak perlu), lalu kirim lagi.")
    if read.failure:
        raise Refused(422, "Berkas ditolak: membacanya memerlukan memori melewati batas. Simpan ulang workbook "
                           "di Excel (hapus sheet yang tidak perlu), lalu kirim lagi.")
    if read.unsafe:
        raise Refused(422, f"Berkas ditolak karena tidak aman dibaca: {read.unsafe}")
    if read.status == DILEWATI:           # a rekap lkjip wrote: `run` would skip it, the agency would stay missing
        raise Refused(422, "Berkas ditolak: ini rekap yang ditulis lkjip, bukan workbook OPD. Unggah workbook "
                           "Evaluasi Renja atau PK OPD Anda.")
    if read.kode and read.kode != kode:   # one agency cannot hand in another's workbook through its link
        raise Refused(422, f"Berkas ditolak: workbook ini milik {read.hasil.get('agency') or read.kode} "
                           f"({read.kode}), bukan OPD pemilik tautan ini ({kode}). Periksa nama Perangkat Daerah di "
                           "judul workbook, atau unggah lewat tautan OPD tersebut.")


def too_large(limit: int) -> str:
    return (f"Berkas terlalu besar (batas {limit // (1024 * 1024)} MB). Hapus sheet atau gambar yang tidak perlu, "
            "simpan ulang, lalu kirim lagi.")
