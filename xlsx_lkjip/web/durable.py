"""Writes that survive a crash or a power cut once they return: the server acknowledges an upload only after
its bytes, its place in input/ and its line in the uploads log are on disk.  Whole files go through
files.atomic_write (fsync of the file, rename, fsync of the folder); here only what it does not do."""

from __future__ import annotations

import os
from pathlib import Path

from ..files import atomic_write, sync_folder

__all__ = ["append_line", "copy_durably", "fsync_file", "sync_folder", "write_durably"]


def fsync_file(path: Path) -> None:
    with open(path, "rb+") as fh:
        os.fsync(fh.fileno())


def write_durably(path: Path, data: bytes) -> None:
    """Replace `path` by `data`, atomically and durably."""
    atomic_write(Path(path), lambda fh: fh.write(data))


def copy_durably(src: Path, dst: Path) -> None:
    """`dst` becomes a durable copy of `src` (atomically: the old `dst` or the whole new one)."""
    write_durably(dst, Path(src).read_bytes())


def append_line(path: Path, line: str) -> None:
    """Append one line and fsync it (the uploads log: a line is there after a crash, or was never written)."""
    with open(path, "ab") as fh:
        fh.write(line.encode("utf-8") + b"\n")
        fh.flush()
        os.fsync(fh.fileno())
