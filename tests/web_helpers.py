"""Round folders, links and workbooks for the tests of `lkjip serve` (tests/test_web*.py, bench/bench_serve.py).
Workbooks are the mini E.81 form of tests/badfiles.py with the Dumai figures (capaian K 128,75 %)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.badfiles import form_workbook, ref
from xlsx_lkjip.web.links import MONITOR   # the key of Bappeda's link in links()


def require_web(*modules: str) -> None:
    """Skip a test module without the `[web]` extra (Flask, waitress) or `modules`, except in CI, which
    installs them (.ci/run): there a missing one is a failure, not a silent skip."""
    import importlib

    for name in ("flask", "waitress", *modules):
        try:
            importlib.import_module(name)
        except ImportError:
            if os.environ.get("CI"):
                raise
            pytest.skip(f"{name} not installed (pip install '.[web,browser]')", allow_module_level=True)

AGENCIES = [("BKPSDM", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia"), ("DINKES", "Dinas Kesehatan"),
            ("DISDIK", "Dinas Pendidikan")]
# the average the Dumai rows give (K) and its predikat, as the pages write it
DUMAI_AVERAGE_TEXT, DUMAI_PREDIKAT = "128,75", "Sangat Tinggi"
RANGE_CELL = ref(9, "K", 9)      # Realisasi TW I of row 9: "10-15" is a range, not a number


def round_folder(root: Path, agencies=AGENCIES, forms=("renja",)) -> Path:
    """A round folder as `lkjip init` makes it, with a roster of `agencies` in lkjip.toml."""
    (root / "input").mkdir(parents=True, exist_ok=True)
    (root / "output").mkdir(exist_ok=True)
    lines = []
    for kode, nama in agencies:
        lines += ["[[opd]]", f'kode = "{kode}"', f'nama = "{nama}"',
                  "formulir = [" + ", ".join(f'"{f}"' for f in forms) + "]", ""]
    (root / "lkjip.toml").write_text("\n".join(lines), encoding="utf-8")
    return root


def links(root: Path, agencies=AGENCIES) -> dict[str, str]:
    """kode -> secret (and MONITOR, Bappeda's), made as `lkjip tautan` makes them."""
    from xlsx_lkjip.web.links import make_links
    return {link.kode: link.secret for link in make_links(root, list(agencies))}


def good_workbook(path: Path, agency: str = "BKPSDM Kota Dumai") -> Path:
    header = [["EVALUASI TERHADAP HASIL RENJA PERANGKAT DAERAH"], [f"Perangkat Daerah : {agency}"],
              ["Periode Pelaksanaan : Triwulan IV Tahun 2023"], []]
    return form_workbook(path, header=header)


def problem_workbook(path: Path, agency: str = "BKPSDM Kota Dumai") -> Path:
    """The same form with a range typed as a realisation: one warning, naming its cell and how to fix it."""
    good_workbook(path, agency)
    from openpyxl import load_workbook
    wb = load_workbook(path)
    wb.active[RANGE_CELL] = "10-15"
    wb.save(path)
    return path


def tree(root: Path) -> list[str]:
    """Every file under `root` (relative, "/"-separated), to see what a request left behind."""
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


# -- a real server (waitress, `lkjip serve`) in a child process ------------------------------------------------

REPO = Path(__file__).resolve().parents[1]


class Server:
    """`lkjip serve ROOT --port 0` in its own process group; `url` once it says where it listens."""

    def __init__(self, root: Path, timeout: float = 60):
        import os
        import re
        import subprocess
        import sys
        import time

        env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""),
                   PYTHONIOENCODING="utf-8", PYTHONUNBUFFERED="1")
        kwargs = {"start_new_session": True} if os.name != "nt" else \
            {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP}
        self.log = root.parent / f"serve-{root.name}-{time.time_ns()}.log"
        self._out = open(self.log, "wb")
        self.proc = subprocess.Popen([sys.executable, "-m", "xlsx_lkjip", "serve", str(root), "--port", "0"],
                                     stdout=self._out, stderr=subprocess.STDOUT, env=env, stdin=subprocess.DEVNULL,
                                     **kwargs)
        deadline = time.monotonic() + timeout
        self.url = ""
        while time.monotonic() < deadline:
            m = re.search(r"http://127\.0\.0\.1:(\d+)/", self.log.read_text(encoding="utf-8", errors="replace"))
            if m:
                self.url = f"http://127.0.0.1:{m.group(1)}"
                return
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)
        self.stop()
        raise RuntimeError("lkjip serve did not start:\n" + self.log.read_text(encoding="utf-8", errors="replace"))

    def kill(self) -> None:
        """SIGKILL of the whole group (the server, its reader children, a rekap run): a crash or a power cut."""
        import os
        import signal

        if os.name != "nt":
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        else:   # pragma: no cover - Windows
            self.proc.kill()
        self.proc.wait(timeout=30)
        self._out.close()

    def stop(self) -> None:
        import os
        import signal

        if self.proc.poll() is None:
            if os.name != "nt":
                os.killpg(self.proc.pid, signal.SIGINT)
            else:   # pragma: no cover
                self.proc.send_signal(signal.CTRL_BREAK_EVENT)
            try:
                self.proc.wait(timeout=30)
            except Exception:
                self.kill()
                return
        self._out.close()


def multipart(field: str, filename: str, data: bytes) -> tuple[bytes, str]:
    boundary = "lkjipBatas7f3a9c"
    head = (f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; filename="{filename}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n").encode()
    return head + data + f"\r\n--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def request(url: str, path: str, *, secret: str | None = None, body: bytes | None = None,
            content_type: str = "", timeout: float = 120) -> tuple[int, dict | str]:
    """One HTTP request to a real server: (status, JSON or text)."""
    import json
    import urllib.error
    import urllib.request

    headers = {"Accept": "application/json"}
    if secret:
        headers["Authorization"] = f"Bearer {secret}"
    if content_type:
        headers["Content-Type"] = content_type
    req = urllib.request.Request(url + path, data=body, headers=headers, method="POST" if body is not None else "GET")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            status, raw, kind = resp.status, resp.read(), resp.headers.get("Content-Type", "")
    except urllib.error.HTTPError as exc:
        status, raw, kind = exc.code, exc.read(), exc.headers.get("Content-Type", "")
    text = raw.decode("utf-8", "replace")
    return status, (json.loads(text) if "json" in kind else text)


def upload(url: str, secret: str, data: bytes, filename: str = "Renja.xlsx", timeout: float = 120):
    body, kind = multipart("berkas", filename, data)
    return request(url, "/api/unggah", secret=secret, body=body, content_type=kind, timeout=timeout)


# -- a real browser: Debian's chromium through Debian's chromedriver (Selenium) ----------------------------

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage")


def browser(width: int = 1100, height: int = 1400, phone: bool = False):
    """Headless chromium; CI installs it (.ci/run), a developer without it skips."""
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        if os.environ.get("CI"):
            pytest.fail("chromium and chromedriver must be installed in CI (.ci/run installs them)")
        pytest.skip("chromium/chromedriver not installed")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--window-size={width},{height}")
    if phone:   # a desktop window cannot be narrower than 500 px; a phone's screen is emulated
        options.add_experimental_option("mobileEmulation", {"deviceMetrics": {"width": width, "height": height,
                                                                               "pixelRatio": 2}})
    return webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
