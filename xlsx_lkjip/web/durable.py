"""Writes that survive a crash or a power cut once they return: the server acknowledges an upload only after
its bytes, its place in input/ and its line in the uploads log are on disk (fsync of the file, then of the
folder that names it, where the platform allows: Windows cannot open a folder to fsync it)."""

from __future__ import annotations

import os
from pathlib import Path

from ..files import atomic_write


def fsync_dir(folder: Path) -> None:
    if os.name == "nt":   # NTFS journals the rename itself; a folder cannot be opened for fsync there
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_file(path: Path) -> None:
    with open(path, "rb+") as fh:
        os.fsync(fh.fileno())


def write_durably(path: Path, data: bytes) -> None:
    """Replace `path` by `data` atomically (files.atomic_write) and durably (fsync of the file and its folder)."""
    def write(fh) -> None:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())

    atomic_write(Path(path), write)
    fsync_dir(Path(path).parent)


def copy_durably(src: Path, dst: Path) -> None:
    """`dst` becomes a durable copy of `src` (atomically: the old `dst` or the whole new one)."""
    write_durably(dst, Path(src).read_bytes())


def append_line(path: Path, line: str) -> None:
    """Append one line and fsync it (the uploads log: a line is there after a crash, or was never written)."""
    with open(path, "ab") as fh:
        fh.write(line.encode("utf-8") + b"\n")
        fh.flush()
        os.fsync(fh.fileno())
