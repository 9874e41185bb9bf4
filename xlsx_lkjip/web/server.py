"""`lkjip serve`: the round folder's parts put together (reader children, intake, rebuilder, the app) and served
by waitress, a maintained pure-Python production WSGI server that runs the same on Windows and Linux.

Waitress reads each request body itself (buffering it to a temporary file past a few hundred KB) before a
worker thread sees it, so a slow upload holds no thread; the threads then mostly wait on reader children.
THREADS is sized so that forty agencies uploading at once still leave threads for the pages."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .app import MAX_UPLOAD, create_app
from .intake import Intake
from .reader import Reader
from .rebuild import Rebuilder
from . import roster

THREADS = 48


@dataclass
class Round:
    """Everything `serve` runs over one folder; tests build it too (with the Flask test client)."""
    folder: Path
    app: object
    intake: Intake
    reader: Reader
    rebuilder: Rebuilder

    def close(self) -> None:
        self.rebuilder.stop()
        self.reader.close()


def open_round(folder: Path, config, toml: Path | None, *, readers: int = 2, echo=print,
               max_upload: int = MAX_UPLOAD, reader: Reader | None = None) -> Round:
    """`reader`: children shared with other rounds (tests); by default `readers` new ones."""
    folder = Path(folder).absolute()   # send_file takes a relative path from Flask's package folder, not the cwd
    (folder / "input").mkdir(parents=True, exist_ok=True)
    reader = reader or Reader(config, workers=readers)
    rebuilder = Rebuilder(folder, echo=echo)

    def forms_of(kode: str) -> tuple[str, ...]:
        return next((a.formulir for a in roster.agencies(toml) if a.kode == kode), ())

    intake = Intake(folder, reader, config, forms_of=forms_of, on_placed=rebuilder.request,
                    codes=lambda: [a.kode for a in roster.agencies(toml)])
    app = create_app(folder, intake=intake, rebuilder=rebuilder, toml=toml, max_upload=max_upload)
    return Round(folder, app, intake, reader, rebuilder)


def serve(folder: Path, config, toml: Path | None, host: str, port: int, *, behind_proxy: bool = False,
          echo=print, ready=None) -> None:
    from waitress.server import create_server

    from ..batch.lock import FolderLock

    # One server per round folder: two would hand out the same upload ids and both write input/ (FolderBusy,
    # naming the other, when one runs already).  output/ has its own lock, taken by each `lkjip run` rebuild.
    lock = FolderLock(folder, "serve").acquire()
    try:
        _serve(folder, config, toml, host, port, behind_proxy, echo, ready, create_server)
    finally:
        lock.release()


def _serve(folder, config, toml, host, port, behind_proxy, echo, ready, create_server) -> None:
    rnd = open_round(folder, config, toml, echo=echo)
    rnd.rebuilder.start()
    try:
        recovered = rnd.intake.recover()
        if recovered:
            echo(f"{len(recovered)} unggahan yang belum tercatat saat server berhenti kini diproses.")
        rnd.rebuilder.request()      # the folder may have changed while the server was down
        options = dict(host=host, port=port, threads=THREADS, ident="lkjip",
                       max_request_body_size=MAX_UPLOAD + 1024 * 1024, channel_timeout=120)
        if behind_proxy:   # the proxy on this machine says the scheme (https) and the client's address
            options.update(trusted_proxy="127.0.0.1", trusted_proxy_count=1,
                           trusted_proxy_headers={"x-forwarded-proto", "x-forwarded-host", "x-forwarded-for"},
                           clear_untrusted_proxy_headers=True)
        server = create_server(rnd.app, **options)
        if ready is not None:
            ready(server)
        server.run()
    finally:
        rnd.close()
