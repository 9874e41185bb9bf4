"""Reading an upload in a child process, bounded in time and memory: a hostile or absurd workbook can cost a
child (killed and replaced), never the server.

A few long-lived worker processes (spawned, as on Windows, so the server's threads are never forked) each take
one workbook at a time over a pipe: complete_workbook() as `lkjip run` calls it (the completed copy with its
"Ringkasan lkjip" sheet, same bytes), inside the package size caps of the settings (the zip-bomb and entity
guards every command has).  On top of those, here: a wall-clock limit per workbook (the worker is killed when
it passes it) and an address-space limit per worker (RLIMIT_AS on POSIX; Windows has no such call without
extra packages, so there only the time limit and the size caps hold)."""

from __future__ import annotations

import multiprocessing
import os
import queue
import threading
from dataclasses import dataclass
from pathlib import Path

SECONDS = 120                 # per workbook; `lkjip run` completes the largest real workbook in ~2 s
MEMORY = 2 * 1024 ** 3        # bytes of address space per worker: the package caps keep a real read far below
JOBS_PER_WORKER = 200         # a worker is replaced after this many workbooks, so its memory never creeps


@dataclass
class Read:
    """What a child made of one upload: the `lkjip check --json` object, or why it could not tell."""
    hasil: dict | None
    form: str = ""
    status: str = ""
    kode: str = ""            # with a roster: the agency the workbook names (roster.py), "" when none matched
    unsafe: str = ""          # the problem message of a hostile package (zip bomb, DTD/XXE)
    failure: str = ""         # the child ran out of time or memory


def _limit_memory(limit: int) -> None:
    try:
        import resource
    except ImportError:   # Windows
        return
    try:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ValueError, OSError):
        pass


def read_one(src: str, dst: str, name: str, config) -> Read:
    """In the child: complete the workbook `src` into `dst` as `run` would complete input `name`."""
    from ..batch.results import DENGAN_PERINGATAN, GAGAL, SELESAI
    from ..batch.run import result_json
    from ..batch.workbook import complete_workbook

    result = complete_workbook(Path(src), Path(dst), config, name=name, summary_sheet=True)
    unsafe = next((p.message for p in result.problems if p.code == "unsafe-package"), "")
    if result.status in (SELESAI, DENGAN_PERINGATAN) and not Path(dst).exists():
        result.status = GAGAL
    return Read(result_json(result), form=result.form, status=result.status, kode=result.kode, unsafe=unsafe)


def _worker(conn, memory: int) -> None:
    _limit_memory(memory)
    if hasattr(os, "nice"):
        try:
            os.nice(5)     # pages stay quick while a workbook is read
        except OSError:
            pass
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return         # the server is gone: so are we
        try:
            answer = read_one(*job)
        except MemoryError:
            answer = Read(None, failure="memori")
        except BaseException as exc:   # anything else: said, and the worker goes on
            answer = Read(None, failure=f"{type(exc).__name__}: {exc}")
        try:
            conn.send(answer)
        except (OSError, ValueError):
            return


class _Child:
    def __init__(self, ctx, memory: int):
        self.conn, child_conn = ctx.Pipe()
        self.proc = ctx.Process(target=_worker, args=(child_conn, memory), daemon=True, name="lkjip-baca")
        self.proc.start()
        child_conn.close()
        self.jobs = 0

    def stop(self) -> None:
        try:
            self.conn.close()
        except OSError:
            pass
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(timeout=5)


class Reader:
    """`workers` children; read() blocks until one is free, then until it answers or runs out of time."""

    def __init__(self, config, workers: int = 2, seconds: float = SECONDS, memory: int = MEMORY):
        self.config = config
        self.seconds = seconds
        self.memory = memory
        self._ctx = multiprocessing.get_context("spawn")
        self._idle: queue.Queue = queue.Queue()
        self._all: list[_Child] = []
        self._lock = threading.Lock()
        self._closed = False
        for _ in range(max(1, workers)):
            self._idle.put(None)   # started on first use: `lkjip serve` answers at once

    def _new(self) -> _Child:
        child = _Child(self._ctx, self.memory)
        with self._lock:
            self._all.append(child)
        return child

    def _drop(self, child: _Child) -> None:
        child.stop()
        with self._lock:
            if child in self._all:
                self._all.remove(child)

    def read(self, src: Path, dst: Path, name: str, config=None) -> Read:
        """Complete `src` into `dst` as input `name` with `config` (default: the reader's)."""
        child = self._idle.get()
        try:
            if child is None or not child.proc.is_alive() or child.jobs >= JOBS_PER_WORKER:
                if child is not None:
                    self._drop(child)
                child = self._new()
            child.jobs += 1
            child.conn.send((str(src), str(dst), name, config if config is not None else self.config))
            if not child.conn.poll(self.seconds):
                self._drop(child)
                child = None
                return Read(None, failure="waktu")
            try:
                return child.conn.recv()
            except (EOFError, OSError):   # killed by the memory limit (or by someone)
                self._drop(child)
                child = None
                return Read(None, failure="memori")
        finally:
            self._idle.put(child)

    def close(self) -> None:
        self._closed = True
        with self._lock:
            children = list(self._all)
        for child in children:
            self._drop(child)
