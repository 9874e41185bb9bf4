"""Converting an .xls / .ods to .xlsx with LibreOffice (`soffice --headless --convert-to xlsx`), when the
settings ask for it (konversi_libreoffice = true) and LibreOffice is installed: the completed workbook then
keeps the input's formatting (fonts, fills, borders, print settings), because the converted .xlsx goes the
normal .xlsx way.  lkjip's own reader has read and checked the file first, so LibreOffice never sees a file
lkjip refuses.  Each conversion runs in its own temporary folder with its own LibreOffice profile (a running
LibreOffice of the user is not disturbed, parallel workers do not share one), on a copy of the input (LibreOffice
leaves a lock file beside what it opens: never in the input folder), with a time limit."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import zipfile
from pathlib import Path

TIMEOUT = 120.0
FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_WINDOWS_PATHS = (r"C:\Program Files\LibreOffice\program\soffice.exe",
                  r"C:\Program Files (x86)\LibreOffice\program\soffice.exe")
_MAC_PATH = "/Applications/LibreOffice.app/Contents/MacOS/soffice"


class ConversionError(Exception):
    """LibreOffice could not convert the file; the message says why, in Bahasa."""


def soffice() -> str | None:
    """The LibreOffice executable, or None when it is not installed."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    for path in (*(_WINDOWS_PATHS if sys.platform == "win32" else ()), _MAC_PATH):
        if Path(path).is_file():
            return path
    return None


def convert_to_xlsx(source: Path, workdir: Path, exe: str, timeout: float = TIMEOUT) -> Path:
    """Convert `source` (an .xls or .ods) into `workdir`; returns the .xlsx, whose zip entries carry a fixed
    time (LibreOffice stamps them with the clock; the same input must give the same output)."""
    workdir = Path(workdir)
    copy = workdir / ("masukan" + source.suffix.lower())
    shutil.copyfile(source, copy)
    outdir = workdir / "keluaran"
    outdir.mkdir()
    profile = workdir / "profil"
    cmd = [exe, f"-env:UserInstallation={profile.resolve().as_uri()}", "--headless", "--norestore", "--nolockcheck",
           "--nodefault", "--nologo", "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(outdir), str(copy)]
    kwargs = {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP} if sys.platform == "win32" else \
        {"start_new_session": True}
    try:
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                cwd=workdir, **kwargs)
    except OSError as exc:
        raise ConversionError(f"LibreOffice tidak dapat dijalankan ({exc.strerror or exc})") from None
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill(proc)
        raise ConversionError(f"LibreOffice tidak selesai dalam {timeout:g} detik") from None
    except BaseException:
        _kill(proc)
        raise
    result = outdir / "masukan.xlsx"
    if proc.returncode != 0 or not result.is_file():
        detail = (err or out or b"").decode("utf-8", "replace").strip().splitlines()
        raise ConversionError("LibreOffice gagal mengubah berkas" + (f" ({detail[-1][:120]})" if detail else ""))
    fixed = outdir / "masukan-tetap.xlsx"
    try:
        with zipfile.ZipFile(result) as zin, zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as zout:
            for info in zin.infolist():
                entry = zipfile.ZipInfo(info.filename, FIXED_ZIP_TIME)
                entry.compress_type = zipfile.ZIP_DEFLATED
                entry.external_attr = info.external_attr
                zout.writestr(entry, zin.read(info))
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise ConversionError(f"hasil LibreOffice tidak dapat dibaca ({exc})") from None
    return fixed


def _kill(proc: subprocess.Popen) -> None:
    """Stop the LibreOffice this conversion started, with the process it spawned (soffice.bin)."""
    try:
        if sys.platform == "win32":
            proc.kill()
        else:
            os.killpg(proc.pid, signal.SIGKILL)
    except (OSError, ProcessLookupError):
        pass
    try:
        proc.communicate(timeout=10)
    except (subprocess.TimeoutExpired, OSError, ValueError):
        pass
