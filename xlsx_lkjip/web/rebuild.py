"""Keeping output/ (completed workbooks, rekap.xlsx, the round record) current while uploads come in, without
ever making an upload wait for it.

The rebuild IS `lkjip run input -o output` over the round folder, in a child process (its own interpreter: the
server's pages never wait on its work) at a lower priority, so after any upload the folder's outputs are exactly
what `lkjip run` gives, byte for byte.  Requests coalesce: forty uploads in a minute give a run that starts
after the first and one more after the last, never forty.  A run that could not write (another `lkjip run`
holds the folder) is tried again a little later."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from datetime import datetime
from pathlib import Path

from ..batch.lock import holder as folder_holder

RETRY = 5.0          # seconds before a run that could not write output/ is tried again
SETTLE = 0.5         # a burst of uploads gives one run: wait this long after the last request


def run_command() -> list[str]:
    """`lkjip run input -o output` with this interpreter, one worker (the other core stays for uploads)."""
    code = ("import os\n"
            "if hasattr(os, 'nice'):\n"
            "    try: os.nice(10)\n"
            "    except OSError: pass\n"
            "from xlsx_lkjip.cli import main\n"
            "main(['run', 'input', '-o', 'output', '--workers', '1'], prog_name='lkjip')\n")
    return [sys.executable, "-c", code]


class Rebuilder:
    def __init__(self, folder: Path, echo=print):
        self.folder = Path(folder)
        self.echo = echo
        self.running = False
        self.last_done: datetime | None = None
        self.last_code: int | None = None
        self.last_error = ""             # the run's "Galat: …" line (another process writing the folder, say)
        self.runs = 0
        self.on_done = lambda: None      # after each run (the app reads the new round record there, not in a page)
        self._dirty = threading.Event()
        self._stop = threading.Event()
        self._idle = threading.Event()
        self._idle.set()
        self._proc: subprocess.Popen | None = None
        self._thread = threading.Thread(target=self._loop, name="lkjip-rekap", daemon=True)

    def start(self) -> "Rebuilder":
        self._thread.start()
        return self

    def request(self) -> None:
        self._idle.clear()
        self._dirty.set()

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Until no run is pending or running (tests, the bench)."""
        return self._idle.wait(timeout)

    def stop(self) -> None:
        self._stop.set()
        self._dirty.set()
        proc = self._proc
        if proc is not None and proc.poll() is None:
            proc.terminate()      # run removes its temp files on SIGTERM; the next start runs it again
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
        if self._thread.is_alive():
            self._thread.join(timeout=25)

    def _loop(self) -> None:
        while not self._stop.is_set():
            self._dirty.wait()
            if self._stop.is_set():
                return
            time.sleep(SETTLE)
            self._dirty.clear()
            self.running = True
            try:
                self._run_once()
                self.on_done()
            except Exception:
                pass
            finally:
                self.running = False
            if self.last_error and not self._stop.is_set():   # it did not run (another lkjip writes output/): again
                time.sleep(RETRY)
                self._dirty.set()
            if not self._dirty.is_set():
                self._idle.set()

    def _run_once(self) -> int:
        env = dict(os.environ)
        root = str(Path(__file__).resolve().parents[2])   # this checkout, when lkjip is not installed
        env["PYTHONPATH"] = root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
        env["PYTHONIOENCODING"] = "utf-8"
        try:
            self._proc = subprocess.Popen(run_command(), cwd=self.folder, env=env, stdin=subprocess.DEVNULL,
                                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
            out, _ = self._proc.communicate()
            code = self._proc.returncode
        except OSError as exc:
            self.echo(f"Galat: rekap tidak dapat disusun ({exc})")
            return 2
        finally:
            self._proc = None
        self.runs += 1
        self.last_code = code
        self.last_done = datetime.now().astimezone()
        last = out.decode("utf-8", "replace").strip().splitlines()
        summary = next((line for line in reversed(last) if line.startswith(("Selesai:", "Galat:"))), "")
        # A run that did not get the folder (FolderBusy: another `lkjip run` or `watch` holds output/, exit 1) or
        # was stopped is tried again; one that ran (even with failed workbooks, exit 1) is done.
        ran = any(line.startswith("Selesai:") for line in last) or code == 0
        busy = folder_holder(self.folder / "output") is not None
        self.last_error = "" if ran or not (busy or code not in (0, 1)) else \
            (summary[len("Galat:"):].strip() if summary.startswith("Galat:") else f"lkjip run berhenti (kode {code}).")
        if self.last_error:
            self.echo(f"[{self.last_done:%H:%M:%S}] rekap belum disusun ulang: {self.last_error} Dicoba lagi dalam "
                      f"{RETRY:g} detik.")
        else:
            self.echo(f"[{self.last_done:%H:%M:%S}] rekap disusun ulang (lkjip run, kode keluar {code}) {summary}")
        return code
