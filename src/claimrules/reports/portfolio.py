"""Many claims at once: stream decisions, audit dispatch; one bad claim never stops the batch."""

from __future__ import annotations

import warnings
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from claimrules.engine.core import TraceMode, check_fits, decide_state, decision_record
from claimrules.errors import ClaimError, WorkerError
from claimrules.law.profile import Profile
from claimrules.law.registry import PluginWarning
from claimrules.model.claims import Claim, claim_from_json
from claimrules.model.decision import Decision, record_json
from claimrules.reports.aging import AgingReport, aging_report
from claimrules.rules.delivery import delivery_status
from claimrules.rules.monitoring import last_movement

__all__ = [
    "AtRisk",
    "DispatchAudit",
    "DispatchGap",
    "DispatchGroup",
    "Stalled",
    "aging",
    "audit_dispatch",
    "deadlines_at_risk",
    "decide_json_lines",
    "decide_many",
    "decide_one",
    "record_one",
    "stalled_claims",
]


def aging(
    claims: Iterable[Claim | Mapping[str, Any] | str | bytes | ClaimError],
    profile: Profile,
    as_of: date,
    *,
    years: int = 6,
) -> AgingReport:
    """The aging report of ``claims`` on ``as_of``: outstanding principal by claim type and year
    of due date (see :mod:`claimrules.reports.aging`). Claims that cannot be read or decided are left
    out and counted (``report.skipped``)."""
    pairs: list[tuple[Claim, Decision]] = []
    skipped = 0
    items = list(claims)
    for item, result in zip(items, decide_many(items, profile, as_of), strict=True):
        if isinstance(result, Decision):
            claim = item if isinstance(item, Claim) else _as_claim(item)
            pairs.append((claim, result))
        else:
            skipped += 1
    return aging_report(pairs, currency=profile.currency, as_of=as_of, years=years, skipped=skipped)


def _as_claim(item: Mapping[str, Any] | str | bytes | ClaimError) -> Claim:
    if isinstance(item, str | bytes):
        return claim_from_json(item)
    assert not isinstance(item, ClaimError)
    return Claim.model_validate(item)


def decide_one(
    claim: Claim, profile: Profile, as_of: date, *, trace: TraceMode = "full"
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
    claim: Claim, profile: Profile, as_of: date, *, trace: TraceMode = "full"
) -> dict[str, Any]:
    """:func:`~claimrules.engine.core.decision_record` with the batch's error handling of
    :func:`decide_one`: the decision as a plain record, for bulk output
    (:func:`claimrules.model.decision.record_json`).

    Raises:
        ClaimError: the claim does not fit the profile, or could not be decided.
    """
    try:
        return decision_record(claim, profile, as_of, trace=trace)
    except ClaimError:
        raise
    except Exception as error:
        raise ClaimError(
            claim.id,
            "<engine>",
            f"could not be decided ({type(error).__name__}: {error}); this is a defect of "
            "claimrules, please report it with the claim",
        ) from error


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
            if isinstance(item, Claim):
                claim = item
            elif isinstance(item, str | bytes):
                claim = claim_from_json(item, line=position)
            else:
                claim = Claim.model_validate(item)
            yield decide_one(claim, profile, as_of, trace=trace)
        except ClaimError as error:
            if error.line is None:
                error = error.at_line(position)
            yield error


_WORKER: dict[str, Any] = {}


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
            claim = claim_from_json(text, line=line)
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
    from concurrent.futures import Future, ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    def chunks() -> Iterator[list[tuple[int, bytes]]]:
        chunk: list[tuple[int, bytes]] = []
        for item in lines:
            chunk.append(item)
            if len(chunk) == chunk_size:
                yield chunk
                chunk = []
        if chunk:
            yield chunk

    pool = ProcessPoolExecutor(
        jobs,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_start_worker,
        initargs=(profile_ref, as_of, trace),
    )
    pending: deque[tuple[int, int, Future[_ChunkResult]]] = deque()
    workers: dict[int, Any] = {}  # every worker process started, to say how one ended

    def results(first: int, last: int, future: Future[_ChunkResult]) -> _ChunkResult:
        try:
            return future.result()
        except BrokenProcessPool:
            raise WorkerError(_died(workers, first, last)) from None
        except WorkerError:
            raise
        except Exception as error:  # a worker's failure, whatever it is, ends the run here
            raise WorkerError(
                f"a worker failed on lines {first}-{last}: {type(error).__name__}: {error}"
            ) from None

    try:
        for chunk in chunks():
            pending.append((chunk[0][0], chunk[-1][0], pool.submit(_decide_chunk, chunk)))
            workers.update(getattr(pool, "_processes", None) or {})
            if len(pending) > 2 * jobs:  # a few chunks per worker in flight: memory bounded
                yield from _yielded(results(*pending.popleft()))
        while pending:
            yield from _yielded(results(*pending.popleft()))
    except BrokenProcessPool:  # at submit: the pool broke before a result was asked for
        raise WorkerError(_died(workers, None, None)) from None
    finally:
        _stop(pool, workers)


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
    for process in workers.values():
        process.join(timeout=1)  # its exit code, once the operating system has it
        code = process.exitcode
        if code is not None and code < 0:
            how = f"was killed by signal {-code} ({_signal_name(-code)})"
            break
        if code:
            how = f"exited with status {code}"
            break
    where = f" at lines {first}-{last}" if first is not None else ""
    return (
        f"a worker process {how} (out of memory, or killed): the run stopped{where} and "
        "nothing was written; run again, with fewer jobs (-j) if memory is short"
    )


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
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(timeout=5)


class AtRisk(BaseModel):
    """A limitation period or lien that lapses soon, and the step that would preserve it."""

    model_config = ConfigDict(frozen=True)

    claim_id: str
    deadline: str
    on: date
    days_left: int
    preserve: str
    action: str = Field(description="The decision's next action")
    action_on: date
    principal: Decimal
    at_stake: Decimal = Field(
        default=Decimal(0), description="What the claim still owes: principal, interest, fees"
    )


def deadlines_at_risk(decisions: Iterable[Decision], within_days: int) -> list[AtRisk]:
    """Limitation and lien lapse dates within ``within_days`` of each decision's as-of date,
    soonest first, each with the step that would preserve the right and the amount at stake.

    Only claims that still owe something: a lien that secures nothing, or the limitation of a
    settled claim, is no deadline."""
    found: list[AtRisk] = []
    for decision in decisions:
        if decision.balance.total <= 0 or decision.action == "refund":
            continue
        for item in decision.deadlines:
            left = (item.on - decision.as_of).days
            if item.preserve and 0 <= left <= within_days:
                found.append(
                    AtRisk(
                        claim_id=decision.claim_id,
                        deadline=item.name,
                        on=item.on,
                        days_left=left,
                        preserve=item.preserve,
                        action=decision.action,
                        action_on=decision.on,
                        principal=decision.balance.principal,
                        at_stake=decision.balance.total,
                    )
                )
    return sorted(found, key=lambda risk: (risk.on, risk.claim_id, risk.deadline))


class Stalled(BaseModel):
    """An unpaid claim with no movement for longer than its claim type's threshold
    (``warnings.no_movement``): nobody has paid or taken a step on it."""

    model_config = ConfigDict(frozen=True)

    claim_id: str
    claim_type: str
    debtor_id: str
    last_movement_on: date | None = Field(
        description="The day of the claim's last event other than bookkeeping: a payment, a "
        "step, or the invoice itself when nothing happened since (None: no event recorded)"
    )
    due_on: date
    months: int = Field(description="The claim type's threshold in months")
    action: str = Field(description="The decision's next action")
    principal: Decimal
    total: Decimal = Field(description="What the claim still owes: principal, interest, fees")


def stalled_claims(claims: Iterable[Claim], profile: Profile, as_of: date) -> list[Stalled]:
    """The claims whose decision on ``as_of`` warns ``no_movement``, longest still first (the
    audit's list of social loans nobody follows up). Claims of a type without a threshold are
    skipped without being decided.

    Raises:
        ClaimError: a claim does not fit the profile (the CLI reports and skips it).
    """
    thresholds = profile.spec.warnings.no_movement
    found: list[Stalled] = []
    for claim in claims:
        rule = thresholds.get(claim.claim_type)
        if rule is None:
            continue
        decision, state = decide_state(claim, profile, as_of, trace="none")
        if "no_movement" not in decision.warning_codes():
            continue
        found.append(
            Stalled(
                claim_id=claim.id,
                claim_type=claim.claim_type,
                debtor_id=claim.debtor.id,
                last_movement_on=last_movement(state.past),
                due_on=claim.due_on,
                months=rule.months,
                action=decision.action,
                principal=decision.balance.principal,
                total=decision.balance.total,
            )
        )
    return sorted(found, key=lambda s: (s.last_movement_on or s.due_on, s.claim_id))


class DispatchGap(BaseModel):
    """One claim with no proof that its invoice reached the debtor."""

    model_config = ConfigDict(frozen=True)

    claim_id: str
    claim_type: str
    issued_on: date
    channel: str = Field(description="Channel of the last invoice handed over, or 'none'")
    days_since_issue: int
    principal: Decimal
    reason: str
    collected_without_notice: tuple[str, ...] = Field(
        default=(), description="Offsets, referrals and legal steps taken without that proof"
    )


class DispatchGroup(BaseModel):
    """Gaps of one issue month, claim type and channel: a print run that never left shows here."""

    model_config = ConfigDict(frozen=True)

    issue_month: str = Field(description="YYYY-MM")
    claim_type: str
    channel: str
    claims: int
    principal: Decimal
    collected_without_notice: int


class DispatchAudit(BaseModel):
    """Result of :func:`audit_dispatch`."""

    model_config = ConfigDict(frozen=True)

    as_of: date
    profile_id: str
    checked: int = Field(description="Claims old enough to be audited")
    gaps: tuple[DispatchGap, ...]
    groups: tuple[DispatchGroup, ...]
    errors: tuple[str, ...] = Field(default=(), description="Claims that could not be read")

    @property
    def collected_without_notice(self) -> tuple[DispatchGap, ...]:
        """Gaps where collection already happened: these must be unwound."""
        return tuple(gap for gap in self.gaps if gap.collected_without_notice)


def audit_dispatch(
    claims: Iterable[Claim | Mapping[str, Any]], profile: Profile, as_of: date
) -> DispatchAudit:
    """Find claims with no dispatch or delivery proof ``delivery.audit_after_days`` after issue.

    A run of invoices that never left the printer shows up within days as one large group (issue
    month × claim type × channel). Each gap also lists any offset, referral or legal step already
    taken on it, so those can be unwound. Claims issued too recently are not counted; a claim
    that cannot be read is reported in ``errors`` and skipped.
    """
    after = profile.spec.delivery.audit_after_days
    checked = 0
    gaps: list[DispatchGap] = []
    errors: list[str] = []
    for item in claims:
        try:
            claim = item if isinstance(item, Claim) else Claim.model_validate(item)
            check_fits(claim, profile)
        except ClaimError as error:
            errors.append(str(error))
            continue
        age = (as_of - claim.issued_on).days
        if age < after:
            continue
        checked += 1
        status = delivery_status(claim, profile, as_of)
        if status.evidenced:
            continue
        gaps.append(
            DispatchGap(
                claim_id=claim.id,
                claim_type=claim.claim_type,
                issued_on=claim.issued_on,
                channel=status.channel or "none",
                days_since_issue=age,
                principal=claim.principal,
                reason=status.reason,
                collected_without_notice=status.collected_without_notice,
            )
        )
    return DispatchAudit(
        as_of=as_of,
        profile_id=profile.id,
        checked=checked,
        gaps=tuple(gaps),
        groups=_group(gaps),
        errors=tuple(errors),
    )


def _group(gaps: list[DispatchGap]) -> tuple[DispatchGroup, ...]:
    totals: dict[tuple[str, str, str], list[Any]] = {}
    for gap in gaps:
        key = (gap.issued_on.strftime("%Y-%m"), gap.claim_type, gap.channel)
        entry = totals.setdefault(key, [0, Decimal(0), 0])
        entry[0] += 1
        entry[1] += gap.principal
        entry[2] += 1 if gap.collected_without_notice else 0
    return tuple(
        DispatchGroup(
            issue_month=month,
            claim_type=claim_type,
            channel=channel,
            claims=count,
            principal=principal,
            collected_without_notice=collected,
        )
        for (month, claim_type, channel), (count, principal, collected) in sorted(totals.items())
    )
