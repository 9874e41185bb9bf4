"""Keeping a batch's results without keeping them all in memory: each full result (rows, problems) is
pickled to a temporary folder and read back one at a time for the rekap, so memory stays flat whatever
the number of workbooks; the report keeps a small summary per workbook."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Iterator

from ..files import TempFolderError, forget_temp, temp_folder


class ResultStore:
    """A failure of the temporary folder (full, not writable) never stops the batch: it is kept in `error`
    and raised when the results are read back (the CSV tables say it, as TMPDIR's)."""

    def __init__(self, spill: bool):
        self.spill = spill
        self.error: OSError | None = None
        self._dir: Path | None = None
        if spill:
            try:
                self._dir = temp_folder("lkjip-")
            except OSError as exc:
                self.error = exc
        self._kept: list = []
        self._count = 0

    def add(self, result) -> None:
        if self.error is not None:
            return
        if self._dir is None:
            self._kept.append(result)
        else:
            import pickle   # (here: a batch too small to spill never loads it, ~2 ms)

            try:
                with open(self._dir / f"{self._count:08d}.pkl", "wb") as fh:
                    pickle.dump(result, fh, protocol=pickle.HIGHEST_PROTOCOL)
            except OSError as exc:
                self.error = TempFolderError(exc.errno, exc.strerror, str(self._dir.parent))
                return
        self._count += 1

    def __iter__(self) -> Iterator:
        if self.error is not None:
            raise self.error
        if self._dir is None:
            yield from self._kept
            return
        import pickle

        for i in range(self._count):
            with open(self._dir / f"{i:08d}.pkl", "rb") as fh:
                yield pickle.load(fh)

    def close(self) -> None:
        if self._dir is not None:
            shutil.rmtree(self._dir, ignore_errors=True)
            forget_temp(self._dir)
            self._dir = None
