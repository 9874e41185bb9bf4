"""Completing a batch's workbooks in a process pool, results in input order, and stopping cleanly: SIGTERM
and Ctrl+Break unwind like Ctrl+C, workers leave Ctrl+C to the parent, an interrupted pool is stopped by us.
Each worker also renders its workbook's rekap rows (its share of the rekap)."""

from __future__ import annotations

import os

from .results import GAGAL, WorkbookResult
from .workbook import complete_workbook


class Stopped(BaseException):
    """SIGTERM (or Ctrl+Break) turned into an exception, so temp files are removed on the way out."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


# While a round is being committed (its rekap, record and mark: run.py) and after it, a stop request is noted
# rather than raised: the round is whole either way, and saying "not written" of what was written, or a
# traceback while the summary is printed, would be wrong.  `deferred()` marks such a stretch.
_DEFER = 0
PENDING: int | None = None     # the signal that came while stops were deferred


def install_stop_handlers() -> None:
    """Make SIGTERM unwind like Ctrl+C: finally blocks run, temp outputs and the spill folder go away.
    Ctrl+C and SIGTERM that come while stops are deferred are noted in PENDING instead."""
    import signal

    def stop(signum, frame):
        global PENDING
        if _DEFER:
            PENDING = signum
            return
        if signum == signal.SIGINT:
            raise KeyboardInterrupt
        raise Stopped(signum)

    for name in ("SIGTERM", "SIGBREAK", "SIGINT"):
        sig = getattr(signal, name, None)
        if sig is not None:
            try:
                signal.signal(sig, stop)
            except (ValueError, OSError):   # not the main thread
                pass


class deferred:
    """`with deferred():` stop requests are noted (PENDING), not raised, until the block ends."""

    def __enter__(self):
        global _DEFER
        _DEFER += 1
        return self

    def __exit__(self, *exc):
        global _DEFER
        _DEFER -= 1
        return False


def defer_from_now() -> None:
    """Stops are noted, not raised, for the rest of the process (the work is done; the summary is printed)."""
    global _DEFER
    _DEFER += 1


# Set when an interrupted batch had to stop its process pool: the executor's exit handlers may then wait
# forever on queues of killed workers, so the CLI leaves with os._exit once everything of ours is cleaned up.
POOL_INTERRUPTED = False
_IN_JOB = False   # in a worker process: whether a workbook is being completed right now


_ORPHANED = False  # in a worker process: the process that started the pool is gone


def _watch_parent(parent: int) -> None:
    """In each worker, a daemon thread: when the process that started the pool is gone (SIGKILL, a crash),
    the worker ends too, or it would wait on its queue forever (holding memory, and stdout, so that
    `lkjip run | tee log` never ends).  A job in progress unwinds first (its temporary file removed)."""
    global _ORPHANED
    import signal
    import time

    from ..files import pid_alive

    while True:
        time.sleep(0.2)
        if os.getppid() == parent and pid_alive(parent):
            continue
        _ORPHANED = True
        if _IN_JOB and os.name != "nt":
            os.kill(os.getpid(), signal.SIGTERM)   # stop() below: the job unwinds, then _complete_job exits
            time.sleep(5)
        os._exit(1)


def _worker_init() -> None:
    """Workers leave Ctrl+C to the parent (which stops them); SIGTERM unwinds a running job (its temp
    output removed) and ends an idle worker quietly; a worker whose parent is gone ends (_watch_parent)."""
    import gc
    import signal
    import threading

    # a worker lives for the batch and leaves little cyclic garbage: no collections (see batch/run.py), and
    # what the imports made is never traversed again
    gc.disable()
    gc.freeze()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_watch_parent, args=(os.getppid(),), daemon=True, name="lkjip-induk").start()

    def stop(signum, frame):
        if _IN_JOB:
            raise Stopped(signum)
        os._exit(0)

    for name in ("SIGTERM", "SIGBREAK"):
        sig = getattr(signal, name, None)
        if sig is not None:
            signal.signal(sig, stop)


def _complete_job(job) -> tuple[WorkbookResult, dict | None, str | None]:
    """A workbook completed, and (for a run writing a rekap) its rekap rows rendered here, and (for a run
    keeping a round record, `record` its output folder) its entry of the record: in a pool this is the
    worker's share of the rekap and the record."""
    global _IN_JOB
    src, dst, config, name, debug, summary_sheet, rekap, record, slim = job
    _IN_JOB = True
    try:
        result = complete_workbook(src, dst, config, name=name, debug=debug, summary_sheet=summary_sheet)
    except Stopped:
        if _ORPHANED:      # nobody waits for this result: end here (the job's temp file is gone already)
            os._exit(1)
        raise
    finally:
        _IN_JOB = False
    for sheet in result.sheets:   # applied already; not worth carrying back from a worker or keeping
        sheet.edits = []
    rendered = None
    if rekap:
        from ..report.rekap import render_rows
        try:
            rendered = render_rows(result, config)
        except Exception:   # left to the rekap writer, which says what went wrong
            rendered = None
    entry = None
    if record is not None:
        from .round_record import workbook_entry
        try:
            entry = workbook_entry(result, record)
        except Exception:   # left to the gathering process, which says what went wrong
            entry = None
    if slim and rendered is not None and (record is None or entry is not None) and result.status != GAGAL:
        result = result.summary()   # all a large batch keeps; a failure keeps its problems for the console
    return result, rendered, entry


def _complete_all(jobs: list, workers: int):
    """Results in input order (so outputs and the rekap do not depend on the number of workers)."""
    if workers <= 1 or len(jobs) < 2 * workers:
        for job in jobs:
            yield _complete_job(job)
        return
    from concurrent.futures import ProcessPoolExecutor

    global POOL_INTERRUPTED
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_worker_init)
    try:
        yield from pool.map(_complete_job, jobs, chunksize=max(1, min(16, len(jobs) // (workers * 8))))
    except BaseException:
        # Interrupted (Ctrl+C, SIGTERM, or the consumer gave up): stop the workers ourselves rather than
        # wait for the executor, which can hang when its workers are interrupted too.
        POOL_INTERRUPTED = True
        queue = getattr(pool, "_call_queue", None)
        if queue is not None:
            queue.cancel_join_thread()   # its feeder may be blocked on a dead worker's pipe: never wait for it
        procs = list((getattr(pool, "_processes", None) or {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for proc in procs:
            try:
                proc.terminate()   # SIGTERM: a running job unwinds and removes its temp file
            except Exception:
                pass
        for proc in procs:
            proc.join(timeout=10)
            if proc.is_alive():
                proc.kill()
        raise
    else:
        pool.shutdown(wait=True)
