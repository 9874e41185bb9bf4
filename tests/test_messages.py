"""What reaches staff when the system or a zip fails: Bahasa Indonesia, never the OS's English text."""

from __future__ import annotations

import errno
import zipfile
import zlib

import pytest

from xlsx_lkjip.files import os_reason
from xlsx_lkjip.io.package import _zip_reason


@pytest.mark.parametrize("exc, expected", [
    (PermissionError(errno.EACCES, "Permission denied"), "akses ditolak"),
    (OSError(errno.ENOSPC, "No space left on device"), "ruang disk penuh"),
    (FileNotFoundError(errno.ENOENT, "No such file or directory"), "tidak ditemukan"),
    (OSError(errno.EROFS, "Read-only file system"), "hanya dapat dibaca"),
    (OSError(errno.ENAMETOOLONG, "File name too long"), "terlalu panjang"),
])
def test_os_errors_in_bahasa(exc, expected):
    reason = os_reason(exc)
    assert expected in reason and exc.strerror not in reason


def test_windows_sharing_violation_is_a_file_open_elsewhere():
    exc = OSError(errno.EINVAL, "The process cannot access the file")
    exc.winerror = 32      # what Windows raises for a file open in Excel
    assert "sedang dibuka di Excel" in os_reason(exc)


def test_unknown_os_error_keeps_the_system_text():
    assert os_reason(OSError(errno.ELOOP, "Too many levels of symbolic links")) == "Too many levels of symbolic links"


@pytest.mark.parametrize("exc, expected", [
    (zipfile.BadZipFile("Bad CRC-32 for file 'xl/worksheets/sheet1.xml'"), "checksum"),
    (zipfile.BadZipFile("File is not a zip file"), "terpotong"),
    (EOFError(), "terpotong"),
    (zlib.error("Error -3 while decompressing data: invalid block type"), "terkompresi"),
    (NotImplementedError("That compression method is not supported"), "kompresi"),
    (RuntimeError("File 'x' is encrypted, password required for extraction"), "terenkripsi"),
])
def test_zip_failures_in_bahasa(exc, expected):
    reason = _zip_reason(exc)
    assert expected in reason and (not str(exc) or str(exc) not in reason)
