"""Test helper: rewrite entries of a real .xlsx package (to inject calcChain, shared formulas, extensions)."""

from __future__ import annotations

import zipfile
from pathlib import Path


def read_entries(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {i.filename: zf.read(i) for i in zf.infolist()}


def rewrite(path: Path, changes: dict[str, bytes | None]) -> None:
    """Replace (bytes) or drop (None) entries, add new ones at the end; order of the others kept."""
    entries = read_entries(path)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            if name in changes:
                if changes[name] is not None:
                    zf.writestr(name, changes[name])
            else:
                zf.writestr(name, data)
        for name, data in changes.items():
            if name not in entries and data is not None:
                zf.writestr(name, data)
