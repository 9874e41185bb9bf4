"""The pages and the API (Flask).  create_app(folder) -> the WSGI app; server.py serves it with waitress.

    GET  /opd/<secret>                    the agency's page: upload, what the last upload showed, its files
    POST /opd/<secret>/unggah             upload from the page (multipart `berkas` + `csrf`)
    GET  /opd/<secret>/berkas/<id>/<jenis>  one of its own files: asli (as sent) or lengkap (completed)
    GET  /bappeda/<secret>                the round: status per agency, region figures, chase list, uploads
    GET  /bappeda/<secret>/rekap          output/rekap.xlsx
    POST /api/unggah                      Bearer agency secret, multipart `berkas` -> check object + status, berkas
    GET  /api/status                      Bearer Bappeda secret -> the Status OPD rows

Every refusal answers in Bahasa (`pesan` in JSON, a page otherwise) and leaves nothing behind."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
from datetime import datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

from flask import Flask, abort, jsonify, redirect, render_template, request, send_file, url_for
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from ..config import ConfigError, decimal_text
from . import roster
from .durable import write_durably
from .intake import Intake, Refused, too_large
from .links import MONITOR, Links

MAX_UPLOAD = 20 * 1024 * 1024     # bytes; real Renja/PK workbooks are well under 5 MB
_MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
           "November", "Desember")
_KEY = Path(".lkjip") / "kunci_formulir"

PESAN = {400: "Permintaan tidak lengkap atau tidak sah.",
         401: "Tautan atau kunci akses tidak dikenal (mungkin sudah diganti). Minta tautan baru ke Bappeda.",
         403: "Permintaan ditolak.",
         404: "Halaman atau berkas tidak ditemukan.",
         405: "Cara akses ini tidak diizinkan untuk alamat ini.",
         413: None,
         415: "Berkas ini bukan workbook. Kirim workbook .xlsx, .xlsm, .xls atau .ods.",
         500: "Terjadi galat di server; unggahan Anda tidak tersimpan. Coba lagi sebentar lagi."}
_STATUS_WORDS = {"selesai": "selesai", "dengan peringatan": "selesai, ada peringatan", "gagal": "gagal"}


def tanggal(iso: str | datetime | None, with_time: bool = True) -> str:
    """"7 Desember 2026 pukul 10.32" (as Indonesians write a date and time)."""
    if not iso:
        return ""
    t = iso if isinstance(iso, datetime) else datetime.fromisoformat(iso)
    text = f"{t.day} {_MONTHS[t.month - 1]} {t.year}"
    return f"{text} pukul {t:%H.%M}" if with_time else text


def _form_title(form: str) -> str:
    """A form's name as the rekap titles it ("Evaluasi Renja", "Perjanjian Kinerja")."""
    from ..evaluate import kinds
    return kinds.title(form)


def angka(value, places: int = 2) -> str:
    """108.26 -> "108,26"; "" for nothing."""
    if value is None or value == "":
        return ""
    try:
        return decimal_text(Decimal(str(value)), places)
    except (InvalidOperation, ValueError):
        return str(value)


def _form_key(folder: Path) -> bytes:
    path = folder / _KEY
    try:
        key = path.read_bytes()
        if len(key) >= 32:
            return key
    except OSError:
        pass
    key = secrets.token_bytes(32)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_durably(path, key)
    return key


def create_app(folder: Path, *, intake: Intake, rebuilder=None, toml: Path | None = None,
               max_upload: int = MAX_UPLOAD) -> Flask:
    folder = Path(folder).absolute()   # `lkjip serve .`: send_file would look under Flask's package folder
    app = Flask(__name__)
    # werkzeug refuses a larger body itself (413) before anything is written; the form fields are tiny
    app.config["MAX_CONTENT_LENGTH"] = max_upload + 64 * 1024
    app.config["MAX_FORM_MEMORY_SIZE"] = 64 * 1024
    app.config["JSON_AS_ASCII"] = False
    app.json.ensure_ascii = False
    app.json.sort_keys = False
    links = Links(folder)
    form_key = _form_key(folder)
    app.jinja_env.filters.update(tanggal=tanggal, angka=angka, judul_formulir=_form_title)
    app.jinja_env.globals.update(status_kata=lambda s: _STATUS_WORDS.get(s, s))

    cache: dict[str, tuple] = {}

    def cached(key: str, path: Path | None, load, force: bool = False):
        """`load()` again only when the file at `path` changed (pages stay quick while uploads come in)."""
        try:
            st = path.stat() if path is not None else None
            stamp = (st.st_mtime_ns, st.st_size) if st else None
        except OSError:
            stamp = None
        hit = cache.get(key)
        if hit is not None and not force and (hit[0] == stamp or key == "record" and rebuilder is not None
                                              and rebuilder.running):
            return hit[1]      # while a rebuild runs, the record is read after it (on_done), never in a page
        value = load()
        cache[key] = (stamp, value)
        return value

    def agencies() -> list[roster.Agency]:
        def load():
            try:
                return roster.agencies(toml)
            except ConfigError as exc:   # lkjip.toml edited into a wrong roster while serving: keep the last one
                app.logger.warning("daftar OPD di %s tidak dapat dibaca (%s); daftar sebelumnya tetap dipakai",
                                   toml, exc)
                return cache.get("roster", (None, []))[1]
        return cached("roster", toml, load)

    def round_record(force: bool = False):
        """The last complete round of output/ (None before the first, or when it cannot be read)."""
        from ..batch.round_record import read as read_round

        def load():
            try:
                return read_round(folder / "output")
            except Exception:   # no round yet, or one being replaced: the page says so
                return None
        return cached("record", folder / "output" / ".lkjip" / "putaran.json", load, force)

    def nama(kode: str) -> str:
        return next((a.nama for a in agencies() if a.kode == kode), kode)

    def csrf_token(kode: str) -> str:
        return hmac.new(form_key, f"formulir:{kode}:{links.entries[kode]['sha256']}".encode(),
                        hashlib.sha256).hexdigest()

    def check_csrf(kode: str) -> None:
        sent = request.form.get("csrf", "")
        if not hmac.compare_digest(sent.encode(), csrf_token(kode).encode()):
            raise Refused(400, "Token formulir tidak ada atau tidak cocok (halaman kedaluwarsa atau dikirim dari "
                               "situs lain). Muat ulang halaman, lalu unggah lagi.")

    def who(secret: str, bappeda: bool) -> str:
        links.reload()       # a link renewed with `lkjip tautan --baru` stops working at once
        kode = links.who(secret)
        if kode is None or (kode == MONITOR) != bappeda:
            raise Refused(401, PESAN[401])
        return kode

    def bearer(bappeda: bool) -> str:
        auth = request.headers.get("Authorization", "")
        scheme, _, secret = auth.partition(" ")
        if scheme.lower() != "bearer" or not secret.strip():
            raise Refused(401, "Kunci akses tidak ada: kirim header Authorization: Bearer <kunci dari tautan>.")
        return who(secret.strip(), bappeda)

    # Uploads parse and stream in a few threads at a time (the reading is bounded by the reader children anyway):
    # forty uploads at once would otherwise take turns on the interpreter with the page requests.
    busy = threading.BoundedSemaphore(4)

    def receive(kode: str, page: bool = False):
        with busy:
            if page:
                check_csrf(kode)     # reading the token parses the body: inside the bound too
            upload = request.files.get("berkas")
            if upload is None:
                raise Refused(400, "Tidak ada berkas: kirim workbook di kolom \"berkas\".")
            return intake.receive(kode, upload.stream, max_upload)

    def answer(up) -> dict:
        return {**up.hasil, "status": up.status, "berkas": up.masukan or Path(up.arsip).name,
                "diunggah": up.waktu, "id": up.id}

    # -- agency ------------------------------------------------------------------------------------------
    @app.get("/opd/<secret>")
    def opd_page(secret):
        kode = who(secret, False)
        ups = intake.of(kode)
        shown = ups[0] if ups else None
        wanted = request.args.get("u", "")
        if wanted:
            shown = next((u for u in ups if str(u.id) == wanted), None)
            if shown is None:
                raise Refused(404, PESAN[404])
        return render_template("opd.html", kode=kode, nama=nama(kode), uploads=ups, shown=shown, secret=secret,
                               csrf=csrf_token(kode), batas=max_upload // (1024 * 1024), batas_bita=max_upload,
                               terlalu_besar=too_large(max_upload),
                               in_input=intake.in_input(kode))

    @app.post("/opd/<secret>/unggah")
    def opd_upload(secret):
        kode = who(secret, False)
        up = receive(kode, page=True)
        if request.accept_mimetypes.best == "application/json":
            return jsonify(answer(up))
        return redirect(url_for("opd_page", secret=secret, u=up.id), code=303)

    @app.get("/opd/<secret>/berkas/<int:uid>/<jenis>")
    def opd_file(secret, uid, jenis):
        kode = who(secret, False)
        up = intake.uploads.get(uid)
        if up is None or up.kode != kode or jenis not in ("asli", "lengkap"):
            raise Refused(404, PESAN[404])     # another agency's file does not exist for this link
        rel = up.arsip if jenis == "asli" else up.lengkap
        if not rel:
            raise Refused(404, "Workbook lengkap tidak dibuat untuk unggahan ini (formulir tidak terbaca).")
        name = up.masukan or f"{up.kode}{Path(up.arsip).suffix}"
        if jenis == "lengkap":
            name = f"{Path(name).stem} (lengkap).xlsx"
        return send_file(folder / rel, as_attachment=True, download_name=name, max_age=0)

    # -- Bappeda -----------------------------------------------------------------------------------------
    def status_rows() -> list[dict]:
        record = round_record()
        stamp = cache.get("record", (None, None))[0]   # when the record in hand was written
        written = datetime.fromtimestamp(stamp[0] / 1e9).astimezone() if stamp else None
        return roster.status_rows(agencies(), intake.current(), record, written)

    @app.get("/bappeda/<secret>")
    def bappeda_page(secret):
        who(secret, True)
        rows = status_rows()
        counts = {s: sum(1 for r in rows if r["status"] == s) for s in
                  (roster.SELESAI, roster.PERINGATAN, roster.GAGAL, roster.BELUM, roster.GANDA)}
        expected = agencies()
        sent = sum(1 for a in expected if all(r["status"] != roster.BELUM for r in rows if r["kode"] == a.kode))
        counts[roster.TIDAK_TERDAFTAR] = sum(1 for r in rows if r["status"] == roster.TIDAK_TERDAFTAR)
        chase = [r for r in rows if r["status"] in (roster.BELUM, roster.GAGAL, roster.PERINGATAN, roster.GANDA,
                                                    roster.TIDAK_TERDAFTAR)]
        rekap = folder / "output" / "rekap.xlsx"
        record = round_record()
        return render_template("bappeda.html", rows=rows, counts=counts, sent=sent, expected=len(expected),
                               chase=chase, uploads=intake.of()[:200], names={a.kode: a.nama for a in expected},
                               secret=secret, record=record, rebuilder=rebuilder,
                               rekap_time=datetime.fromtimestamp(rekap.stat().st_mtime).astimezone()
                               if rekap.is_file() else None)

    @app.get("/bappeda/<secret>/rekap")
    def bappeda_rekap(secret):
        who(secret, True)
        rekap = folder / "output" / "rekap.xlsx"
        if not rekap.is_file():
            raise Refused(404, "Rekap belum ada: belum ada workbook yang diproses.")
        return send_file(rekap, as_attachment=True, download_name="rekap.xlsx", max_age=0)

    # -- API ---------------------------------------------------------------------------------------------
    @app.post("/api/unggah")
    def api_upload():
        kode = bearer(False)
        return jsonify(answer(receive(kode)))

    @app.get("/api/status")
    def api_status():
        bearer(True)
        return jsonify({"status": status_rows()})

    @app.get("/")
    def home():
        return render_template("depan.html")

    # -- refusals ----------------------------------------------------------------------------------------
    def refusal(status: int, pesan: str):
        if request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json":
            resp = jsonify({"pesan": pesan})
        else:
            resp = app.make_response(render_template("galat.html", pesan=pesan, kode=status))
        resp.status_code = status
        return resp

    @app.errorhandler(Refused)
    def on_refused(exc: Refused):
        return refusal(exc.status, exc.pesan)

    @app.errorhandler(RequestEntityTooLarge)
    def on_too_large(exc):
        return refusal(413, too_large(max_upload))

    @app.errorhandler(HTTPException)
    def on_http(exc: HTTPException):
        return refusal(exc.code or 500, PESAN.get(exc.code) or PESAN[400])

    @app.errorhandler(Exception)
    def on_error(exc):   # never a traceback for users; the server's console has it
        app.logger.exception("galat internal")
        return refusal(500, PESAN[500])

    @app.after_request
    def headers(resp):
        h = resp.headers
        h["Content-Security-Policy"] = ("default-src 'self'; img-src 'self' data:; style-src 'self'; "
                                        "script-src 'self'; connect-src 'self'; form-action 'self'; "
                                        "frame-ancestors 'none'; base-uri 'none'; object-src 'none'")
        h["X-Content-Type-Options"] = "nosniff"
        h["X-Frame-Options"] = "DENY"
        h["Referrer-Policy"] = "no-referrer"       # the page's address holds the agency's secret
        h["Cross-Origin-Opener-Policy"] = "same-origin"
        h["Cross-Origin-Resource-Policy"] = "same-origin"
        h["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
        if not request.path.startswith("/static/"):
            h["Cache-Control"] = "no-store"
        if request.scheme == "https":
            h["Strict-Transport-Security"] = "max-age=31536000"
        return resp

    if rebuilder is not None:   # a 2 MB record of 40 workbooks takes ~0,3 s to read: never inside a page
        rebuilder.on_done = lambda: round_record(force=True)
    for name in ("base.html", "opd.html", "hasil.html", "bappeda.html", "galat.html", "depan.html"):
        app.jinja_env.get_template(name)     # compiled now: the first page of a busy minute is not the slow one
    return app
