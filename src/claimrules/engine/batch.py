"""Deciding many claims: one after another in this process (:func:`decide_many`), or on worker
processes from JSON lines (:func:`decide_json_lines`). One bad claim never stops the batch: it
comes back as its :class:`~claimrules.errors.ClaimError`, with its line.

The reports (:mod:`claimrules.reports.portfolio`), the file formats and the command line all
decide through here, so this sits below them, beside :func:`~claimrules.engine.core.decide`.
"""

from __future__ import annotations

import warnings
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from claimrules.engine.core import TraceMode, decision_record
from claimrules.errors import ClaimError, WorkerError, interruption_within
from claimrules.law.profile import Profile
from claimrules.law.registry import PluginWarning
from claimrules.model import core
from claimrules.model.claims import Claim, core_claim_from_json
from claimrules.model.decision import Decision, record_json

if TYPE_CHECKING:
    from concurrent.futures import Future

__all__ = ["decide_json_lines", "decide_many", "decide_one", "record_one"]


def decide_one(
    claim: Claim | core.Claim, profile: Profile, as_of: date, *, trace: TraceMode = "full"
) -> Decision:
    """:func:`~claimrules.engine.core.decide`, for one claim of a batch: an unexpected failure on
    this claim is raised as its :class:`ClaimError` (field ``<engine>``), so that the batch goes
    on and the claim is reported with its line. Such an error is a defect of claimrules: please
    report it with the claim.

    Raises:
        ClaimError: the claim does not fit the profile, or could not be decided.
    """
    return Decision.model_validate(record_one(claim, profile, as_of, trace=trace))


def record_one(
    claim: Claim | core.Claim, profile: Profile, as_of: date, *, trace: TraceMode = "full"
) -> dict[str, Any]:
    """:func:`~claimrules.engine.core.decision_record` with the batch's error handling of
    :func:`decide_one`: the decision as a plain record, for bulk output
    (:func:`claimrules.model.decision.record_json`).

    Raises:
        ClaimError: the claim does not fit the profile, or could not be decided.
    """
    try:
        return decision_record(claim, profile, as_of, trace=trace)
    except ClaimError as error:
        _raise_interruption_within(error)
        raise
    except Exception as error:
        _raise_interruption_within(error)
        raise ClaimError(
            claim.id,
            "<engine>",
            f"could not be decided ({type(error).__name__}: {error}); this is a defect of "
            "claimrules, please report it with the claim",
        ) from error


def _raise_interruption_within(error: BaseException) -> None:
    """A Ctrl-C that a library reported as a failure of this claim stops the batch: it is not
    a claim to skip."""
    interruption = interruption_within(error)
    if interruption is not None:
        raise interruption from None


def decide_many(
    claims: Iterable[Claim | Mapping[str, Any] | str | bytes | ClaimError],
    profile: Profile,
    as_of: date,
    *,
    trace: TraceMode = "full",
) -> Iterator[Decision | ClaimError]:
    """Decide each claim in input order, yielding a Decision or the ClaimError for that claim.

    Items may be :class:`Claim` objects, plain mappings, JSON texts (one claim each), or the
    ClaimErrors a reader yields for records it could not read (passed through). Every error
    names the claim id, the field and the line: the reader's line number, else the item's
    1-based position in the input. Memory stays flat: nothing is kept between items.
    ``trace`` is one of :data:`~claimrules.engine.core.TRACE_MODES`.
    """
    for position, item in enumerate(claims, start=1):
        try:
            if isinstance(item, ClaimError):
                raise item
            claim: Claim | core.Claim
            if isinstance(item, Claim):
                claim = item
            elif isinstance(item, str | bytes):
                claim = core_claim_from_json(item, line=position)
            else:
                claim = Claim.model_validate(item)
            yield decide_one(claim, profile, as_of, trace=trace)
        except ClaimError as error:
            _raise_interruption_within(error)
            if error.line is None:
                error = error.at_line(position)
            yield error


_WORKER: dict[str, Any] = {}

_WATCH_SECONDS = 0.5
"""How often a run waiting for a chunk looks whether a worker died."""


def _start_worker(profile_ref: str, as_of: date, trace: TraceMode = "full") -> None:
    import gc
    import signal

    # Ctrl-C is the parent's to handle: it stops the pool and removes the partial output
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # a plug-in that cannot be used was reported by the parent, once
    warnings.simplefilter("ignore", PluginWarning)

    from claimrules.law.registry import load_profile
    from claimrules.law.registry import profile_ref as resolve

    try:
        _WORKER["profile"] = load_profile(resolve(profile_ref))
    except Exception as error:  # said by the first chunk, to the parent, in one line
        _WORKER["failed"] = f"a worker could not load profile {profile_ref}: {error}"
    _WORKER["as_of"] = as_of
    _WORKER["trace"] = trace
    gc.freeze()  # the profile lives as long as the worker: keep it out of every collection


_ChunkResult = list[tuple[int, bytes | tuple[str | None, tuple[tuple[str, str], ...]]]]


def _decide_chunk(chunk: list[tuple[int, bytes]]) -> _ChunkResult:
    """Decide one chunk of JSON lines in a worker: decision JSON, or the error's parts."""
    if "failed" in _WORKER:
        raise WorkerError(_WORKER["failed"])
    profile: Profile = _WORKER["profile"]
    as_of: date = _WORKER["as_of"]
    trace: TraceMode = _WORKER["trace"]
    out: _ChunkResult = []
    for line, text in chunk:
        try:
            claim = core_claim_from_json(text, line=line)
            out.append((line, record_json(record_one(claim, profile, as_of, trace=trace))))
        except ClaimError as error:
            out.append((line, (error.claim_id, error.problems)))
    return out


def decide_json_lines(
    lines: Iterable[tuple[int, bytes]],
    profile_ref: str,
    as_of: date,
    *,
    jobs: int,
    chunk_size: int = 2000,
    trace: TraceMode = "full",
) -> Iterator[tuple[int, bytes | ClaimError]]:
    """Decide numbered JSON lines on ``jobs`` worker processes, yielding in input order each
    line's decision as JSON (the bytes of ``Decision.model_dump_json()``) or its ClaimError.

    For one machine with many cores: each worker loads the profile once, claims travel as raw
    bytes and decisions come back as JSON text, so the parent only reads and writes. Memory is
    bounded by a few chunks per worker.
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    pool = ProcessPoolExecutor(
        jobs,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_start_worker,
        initargs=(profile_ref, as_of, trace),
    )
    pending: deque[tuple[int, int, Future[_ChunkResult]]] = deque()
    workers: dict[int, Any] = {}  # every worker process started, to say how one ended
    try:
        for chunk in _chunks(lines, chunk_size):
            pending.append((chunk[0][0], chunk[-1][0], pool.submit(_decide_chunk, chunk)))
            workers.update(getattr(pool, "_processes", None) or {})
            if len(pending) > 2 * jobs:  # a few chunks per worker in flight: memory bounded
                yield from _yielded(_results(*pending.popleft(), workers))
        while pending:
            yield from _yielded(_results(*pending.popleft(), workers))
    except BrokenProcessPool:  # at submit: the pool broke before a result was asked for
        raise WorkerError(_died(workers, None, None)) from None
    finally:
        _stop(pool, workers)


def _chunks(lines: Iterable[tuple[int, bytes]], size: int) -> Iterator[list[tuple[int, bytes]]]:
    """The numbered lines in chunks of ``size`` (the last one shorter), read as needed."""
    chunk: list[tuple[int, bytes]] = []
    for item in lines:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _results(
    first: int, last: int, future: Future[_ChunkResult], workers: dict[int, Any]
) -> _ChunkResult:
    """A chunk's results from its worker; any failure of the worker is a WorkerError that
    names the chunk's lines (and, when the worker died, how)."""
    from concurrent.futures.process import BrokenProcessPool

    try:
        while True:
            try:
                return future.result(timeout=_WATCH_SECONDS)
            except TimeoutError:
                # the pool's own thread can wait for ever on a result the dead worker was
                # half-way through sending (CPython's ProcessPoolExecutor): look for it here,
                # by the workers' sentinels (a worker never ends while the run lasts)
                processes = list(workers.values())
                if len(_running(processes)) < len(processes):
                    raise WorkerError(_died(workers, first, last)) from None
    except BrokenProcessPool:
        raise WorkerError(_died(workers, first, last)) from None
    except WorkerError:
        raise
    except Exception as error:  # a worker's failure, whatever it is, ends the run here
        raise WorkerError(
            f"a worker failed on lines {first}-{last}: {type(error).__name__}: {error}"
        ) from None


def _yielded(done: _ChunkResult) -> Iterator[tuple[int, bytes | ClaimError]]:
    """A worker's chunk as the caller gets it: decision JSON, or the ClaimError."""
    for line, result in done:
        if isinstance(result, bytes):
            yield line, result
        else:
            claim_id, problems = result
            field, message = problems[0]
            yield line, ClaimError(claim_id, field, message, line=line, problems=problems)


def _died(workers: dict[int, Any], first: int | None, last: int | None) -> str:
    """What happened to a pool whose worker ended abruptly: how it ended, and the lines."""
    how = "ended abruptly"
    codes = _exit_codes(workers)
    # once one worker dies the pool terminates the others (SIGTERM): report the one that died
    # first, whose signal is another (SIGKILL from the out-of-memory killer, say)
    terminated = -15
    codes.sort(key=lambda code: code == terminated)
    if codes and codes[0] < 0:
        how = f"was killed by signal {-codes[0]} ({_signal_name(-codes[0])})"
    elif codes:
        how = f"exited with status {codes[0]}"
    where = f" at lines {first}-{last}" if first is not None else ""
    return (
        f"a worker process {how} (out of memory, or killed): the run stopped{where} and "
        "nothing was written; run again, with fewer jobs (-j) if memory is short"
    )


def _exit_codes(workers: dict[int, Any]) -> list[int]:
    """The non-zero exit codes of the pool's processes that have ended, once the operating
    system gives them. The pool's own thread reaps its workers at the same moment; where it
    got a process's status first, the status shows a moment later: read again, for up to a
    second, until every ended process's status is read (else the first death could go
    unreported behind the SIGTERM the pool sent the others)."""
    import time

    deadline = time.monotonic() + 1
    while True:
        processes = list(workers.values())
        running = _running(processes)
        ended = [process.exitcode for process in processes if process not in running]
        codes = [code for code in ended if code]
        if (codes and None not in ended) or time.monotonic() > deadline:
            return codes
        time.sleep(0.02)


def _signal_name(number: int) -> str:
    import signal

    try:
        return signal.Signals(number).name
    except ValueError:
        return "unknown signal"


def _stop(pool: Any, workers: dict[int, Any]) -> None:
    """Stop a pool at once, whatever state it is in: queued chunks cancelled, workers ended
    (a run that stops early, on an error or Ctrl-C, does not wait for them)."""
    processes = list(workers.values())
    # the pool forgets its queues when shut down: hold on to the end of the result pipe first
    writer = getattr(getattr(pool, "_result_queue", None), "_writer", None)
    pool.shutdown(wait=False, cancel_futures=True)
    for ending in ("terminate", "kill"):  # SIGTERM, then SIGKILL for a worker that outlives it
        running = _running(processes)
        for process in running:
            getattr(process, ending)()
        _running(running, timeout=5)
    for process in processes:  # collect their exit status
        process.join(timeout=1)
    if writer is not None:
        _close_result_pipe(writer)


def _running(processes: list[Any], timeout: float = 0.0) -> list[Any]:
    """The processes still running after up to ``timeout`` seconds. Read from each process's
    sentinel, which a process's end makes readable, rather than from its exit status: that
    can stay unread when another thread's wait took it, and a process so taken must not be
    signalled (its number may already be another process's)."""
    import time
    from multiprocessing.connection import wait

    deadline = time.monotonic() + timeout
    running = list(processes)
    while running:
        ended = wait([process.sentinel for process in running], deadline - time.monotonic())
        running = [process for process in running if process.sentinel not in ended]
        if not ended or time.monotonic() >= deadline:
            break
    return running


def _close_result_pipe(writer: Any) -> None:
    """Close this process's own end of the pool's result pipe (``writer``), once the workers
    are ended: a worker that died half-way through sending a result leaves the pool's thread
    reading the rest for ever, and Python waits for that thread at exit. With this end closed
    the workers' were the pipe's only writers, so the thread reads end of file and stops the
    pool as a broken pool (CPython's ProcessPoolExecutor; only workers write to that pipe, and
    a pool that ended normally has nothing left to read). Done whether or not the workers'
    ends were seen: a dead worker's exit status can stay unread (another thread's wait took
    it), so this run cannot always tell that every worker has ended."""
    writer.close()
