"""Keeping a batch's results without keeping them all in memory: each full result (rows, problems) is
pickled to a temporary folder and read back one at a time for the rekap, so memory stays flat whatever
the number of workbooks; the report keeps a small summary per workbook."""

from __future__ import annotations

import pickle
import shutil
import tempfile
from pathlib import Path
from typing import Iterator


class ResultStore:
    def __init__(self, spill: bool):
        self.spill = spill
        self._dir: Path | None = Path(tempfile.mkdtemp(prefix="lkjip-")) if spill else None
        self._kept: list = []
        self._count = 0

    def add(self, result) -> None:
        if self._dir is None:
            self._kept.append(result)
        else:
            with open(self._dir / f"{self._count:08d}.pkl", "wb") as fh:
                pickle.dump(result, fh, protocol=pickle.HIGHEST_PROTOCOL)
        self._count += 1

    def __iter__(self) -> Iterator:
        if self._dir is None:
            yield from self._kept
            return
        for i in range(self._count):
            with open(self._dir / f"{i:08d}.pkl", "rb") as fh:
                yield pickle.load(fh)

    def close(self) -> None:
        if self._dir is not None:
            shutil.rmtree(self._dir, ignore_errors=True)
            self._dir = None
