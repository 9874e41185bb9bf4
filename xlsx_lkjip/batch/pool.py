"""Completing a batch's workbooks in a process pool, results in input order, and stopping cleanly (stop.py):
a stop request is acted on between workbooks, workers leave Ctrl+C to the parent and finish the workbook in
hand before they end, an interrupted pool is stopped by us.  Each worker also renders its workbook's rekap rows
(its share of the rekap)."""

from __future__ import annotations

import os

from .. import compiled
from . import stop
from .results import GAGAL, WorkbookResult
from .workbook import complete_workbook


# Set when an interrupted batch had to stop its process pool: the executor's exit handlers may then wait
# forever on queues of killed workers, so the CLI leaves with os._exit once everything of ours is cleaned up.
POOL_INTERRUPTED = False
_IN_JOB = False   # in a worker process: whether a workbook is being completed right now


_ORPHANED = False  # in a worker process: the process that started the pool is gone
_IN_WORKER = False  # whether this process is a pool worker (set by _worker_init)


def _watch_parent(parent: int) -> None:
    """In each worker, a daemon thread: when the process that started the pool is gone (SIGKILL, a crash),
    the worker ends too, or it would wait on its queue forever (holding memory, and stdout, so that
    `lkjip run | tee log` never ends).  A job in progress is finished first (its atomic write lands whole):
    _complete_job then ends the worker."""
    global _ORPHANED
    import time

    from ..files import pid_alive

    while True:
        time.sleep(0.2)
        if os.getppid() == parent and pid_alive(parent):
            continue
        _ORPHANED = True          # (set before _IN_JOB is read: _complete_job sets them the other way round)
        for _ in range(1200):     # a minute at most, for a very large workbook
            if not _IN_JOB:
                break
            time.sleep(0.05)
        os._exit(1)


def _worker_init(parent: int) -> None:
    """Workers leave Ctrl+C to the parent (which stops them).  SIGTERM (Ctrl+Break) is only noted: the workbook
    in hand is finished, then the worker ends (_complete_job); an idle worker ends at once.  A worker whose
    parent is gone ends too (_watch_parent).  `parent` is the pool's process, passed by it: read here, after
    the fork, it would already be init's when the parent was killed before this worker first ran (a loaded
    machine), and the worker would then wait for it forever."""
    import gc
    import signal
    import threading

    # a worker lives for the batch and leaves little cyclic garbage: no collections (see batch/run.py), and
    # what the imports made is never traversed again
    global _IN_WORKER
    gc.disable()
    gc.freeze()
    _IN_WORKER = True
    stop.REQUESTED, stop._COUNT, stop._DEFER = None, 0, 0   # the parent's state, forked: not this worker's
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True, name="lkjip-induk").start()

    def on_signal(signum, frame):
        stop.request(signum)      # never raised here: it could land inside zipfile or lxml
        if not _IN_JOB:
            os._exit(0)

    for name in ("SIGTERM", "SIGBREAK"):
        sig = getattr(signal, name, None)
        if sig is not None:
            signal.signal(sig, on_signal)


def _end_if_stopped() -> None:
    """In a worker, between workbooks: end when asked to stop or when the parent is gone (nobody waits for
    another result; the main process says how the run ended)."""
    if _ORPHANED:
        os._exit(1)
    if stop.REQUESTED is not None and _IN_WORKER:
        os._exit(0)


def _complete_job(job) -> tuple[WorkbookResult, dict | None, str | None]:
    """A workbook completed, and (for a run writing a rekap) its rekap rows rendered here, and (for a run
    keeping a round record, `record` its output folder) its entry of the record: in a pool this is the
    worker's share of the rekap and the record."""
    global _IN_JOB
    src, dst, config, name, debug, summary_sheet, rekap, record, slim = job
    _IN_JOB = True
    try:
        _end_if_stopped()
        result = complete_workbook(src, dst, config, name=name, debug=debug, summary_sheet=summary_sheet)
    finally:
        _IN_JOB = False
    _end_if_stopped()
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


def _complete_chunk(jobs: list) -> list:
    """Several jobs in one worker task (fewer round trips between the processes)."""
    done = [_complete_job(job) for job in jobs]
    compiled.save()   # a worker ends with os._exit, without atexit: what it compiled, kept for the next run
    return done


def _complete_all(jobs: list, workers: int):
    """Results in input order (so outputs and the rekap do not depend on the number of workers)."""
    if workers <= 1 or len(jobs) < 2 * workers:
        for job in jobs:
            stop.check()          # a safe point: between workbooks
            yield _complete_job(job)
        return
    from concurrent.futures import ProcessPoolExecutor

    global POOL_INTERRUPTED
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_worker_init, initargs=(os.getpid(),))
    try:
        # pool.map's own, without its last step: when the caller stops, map cancels the pending futures from this
        # thread while the executor's thread, seeing a stopped worker, sets an error on every pending future, one of
        # them already cancelled (CPython 3.11: "Exception in thread … InvalidStateError" printed at a stop).
        # shutdown(cancel_futures=True) below cancels them in the executor's thread instead.
        size = max(1, min(16, len(jobs) // (workers * 8)))
        futures = [pool.submit(_complete_chunk, jobs[i:i + size]) for i in range(0, len(jobs), size)]
        futures.reverse()
        while futures:   # in input order; a result is not kept once given
            yield from futures.pop().result()
    except BaseException as exc:
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
                proc.terminate()   # SIGTERM: a running job is finished, then the worker ends
            except Exception:
                pass
        for proc in procs:
            proc.join(timeout=10)
            if proc.is_alive():
                proc.kill()       # may leave a temporary output: removed by batch/run.py once it is gone
                proc.join(timeout=5)
        if isinstance(exc, Exception):
            # workers that were asked to stop too (Ctrl+C of the console, SIGTERM of the process group) end
            # after their workbook, and the executor calls that a broken pool: it is the stop
            stop.check()
        raise
    else:
        pool.shutdown(wait=True)
