"""Issue 22, finding 8: each message names the real cause.  A full TMPDIR was reported as a full output folder;
a file that may not be read was "sedang dibuka di Excel"; lkjip.toml with a UTF-8 BOM was "baris 1 tidak dapat
dibaca"; a lkjip.toml that is a folder or a dangling link was silently ignored; a read-only output folder
holding a record exited 2 (the wrong-command code).  Faults are real where the system allows it (a folder, a
dangling link, an immutable folder) and injected where it does not (ENOSPC in the temporary folder, a read
refused to root)."""

from __future__ import annotations

import builtins
import errno
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from tests.conftest import invoke, two_agencies
from xlsx_lkjip import api


def two(tmp_path: Path) -> Path:
    return two_agencies(tmp_path / "in")


class _Full:
    """A temporary file on a full disk: every write fails with ENOSPC."""

    def __init__(self, fh):
        self._fh = fh

    def write(self, data):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def __getattr__(self, name):
        return getattr(self._fh, name)


def test_a_full_temporary_folder_is_named_as_such_not_as_the_output_folder(tmp_path, monkeypatch):
    src, out = two(tmp_path), tmp_path / "out"
    real = tempfile.TemporaryFile
    monkeypatch.setattr(tempfile, "TemporaryFile", lambda *a, **k: _Full(real(*a, **k)))
    res = invoke(["run", src, "-o", out, "--workers", "1"])
    monkeypatch.undo()
    assert res.exit_code == 1, res.output
    assert f"ruang disk penuh di folder sementara {tempfile.gettempdir()} (TMPDIR), bukan di folder tujuan" \
        in res.output, res.output
    assert "periksa folder OUTPUT" not in res.output
    # the completed workbooks stand; the round is not committed (no record, the mark says so)
    assert (out / "Renja BKPSDM.xlsx").is_file() and not (out / ".lkjip" / "putaran.json").exists()


def test_a_file_that_may_not_be_read_is_not_said_to_be_open_in_excel(tmp_path, monkeypatch):
    src, out = two(tmp_path), tmp_path / "out"
    locked = (src / "Renja BKPSDM.xlsx").resolve()
    real_open = builtins.open

    def refuse(file, mode="r", *args, **kwargs):   # what chmod 000 does to a user other than root
        if isinstance(file, (str, os.PathLike)) and Path(file).resolve() == locked and "r" in mode:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(file))
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", refuse)
    res = invoke(["run", src, "-o", out, "--workers", "1"])
    monkeypatch.undo()
    line = next(x for x in res.output.splitlines() if "Renja BKPSDM.xlsx: gagal" in x)
    assert "tidak diizinkan membaca berkas itu" in line and "Excel" not in line, line
    assert "ditulis" not in line, line      # it is a read, not a write, that failed


def test_a_lkjip_toml_with_a_byte_order_mark_is_read(tmp_path, monkeypatch):
    src = two(tmp_path)
    (tmp_path / "lkjip.toml").write_bytes(b"\xef\xbb\xbf" + "desimal = 1\n".encode("utf-8"))
    monkeypatch.chdir(tmp_path)
    res = invoke(["run", src, "-o", tmp_path / "out"])
    assert res.exit_code == 0, res.output
    assert api.read_round(tmp_path / "out").config.decimals == 1


@pytest.mark.parametrize("kind", ["folder", "dangling link"])
def test_a_lkjip_toml_that_is_not_a_file_is_said_not_ignored(tmp_path, monkeypatch, kind):
    src = two(tmp_path)
    toml = tmp_path / "lkjip.toml"
    if kind == "folder":
        toml.mkdir()
        said = "adalah folder, bukan berkas pengaturan"
    else:
        toml.symlink_to(tmp_path / "pengaturan" / "lkjip.toml")
        said = "yang tidak ada"
    monkeypatch.chdir(tmp_path)
    res = invoke(["run", src, "-o", tmp_path / "out"])
    assert res.exit_code == 2, res.output
    assert "lkjip.toml" in res.output and said in res.output, res.output
    assert not (tmp_path / "out").exists()


def _immutable(folder: Path, on: bool) -> bool:
    if not shutil.which("chattr"):
        return False
    done = subprocess.run(["chattr", "-R", "+i" if on else "-i", str(folder)], capture_output=True)
    return done.returncode == 0


def test_a_read_only_output_folder_holding_a_round_is_not_a_wrong_command(tmp_path):
    src, out = two(tmp_path), tmp_path / "out"
    assert invoke(["run", src, "-o", out]).exit_code == 0
    record = (out / ".lkjip" / "putaran.json").read_bytes()
    if not _immutable(out, True):           # even root cannot write an immutable folder
        pytest.skip("chattr +i is not available here")
    try:
        res = invoke(["run", src, "-o", out])
    finally:
        _immutable(out, False)
    assert res.exit_code == 1, res.output
    assert f"folder OUTPUT {out} tidak dapat ditulisi" in res.output, res.output
    assert (out / ".lkjip" / "putaran.json").read_bytes() == record


def test_a_temporary_folder_that_cannot_be_used_at_all_is_said_without_a_traceback(tmp_path, monkeypatch):
    src, out = two(tmp_path), tmp_path / "out"

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(tempfile, "TemporaryFile", full)
    res = invoke(["run", src, "-o", out, "--workers", "1"])       # invoke fails the test on any traceback
    monkeypatch.undo()
    assert res.exit_code == 1, res.output
    assert "di folder sementara" in res.output and "(TMPDIR)" in res.output, res.output
    assert (out / "Renja BKPSDM.xlsx").is_file()
