"""One replay into one state: what the law makes of a claim's history on one day.

:func:`claim_state` reads the claim's events once (sorted into replay order and folded,
:mod:`claimrules.rules.history`) and hands each rule the slice it reads:

1. the claim type (noted in the trace);
2. delivery: was the debtor given the invoice that carries the due date
   (:mod:`claimrules.rules.delivery`);
3. the effective due date: the invoice's, or the municipality's own due-date rule's
   (:mod:`claimrules.rules.due`);
4. limitation (:mod:`claimrules.rules.limitation`), memoised per profile on what it reads;
5. the interest regimes in force and the first interest day (:mod:`claimrules.rules.interest`);
6. the ledger: principal, interest, fees and how each payment was allocated
   (:mod:`claimrules.rules.ledger`);
7. the lien, if the claim type has one.

The result, :class:`ClaimState`, is immutable: the guards, the ladder, the reports, case files,
monitoring and postings read it, and none of them reads the claim's events again. Each rule
says what it found through the :class:`~claimrules.rules.tracer.Tracer` it is given, in this
order (the decision's trace).
"""

from __future__ import annotations

from datetime import date
from typing import Any, NamedTuple

from claimrules.law.profile import Profile
from claimrules.law.schema import ClaimTypeSpec, DailyInterest, InterestMethod, InterestSpec
from claimrules.model import messages as m
from claimrules.model.claims import Claim as PublicClaim
from claimrules.model.claims import engine_claim
from claimrules.model.core import Claim, Event, in_replay_order
from claimrules.rules.delivery import Delivery, delivery_of, notice_proof
from claimrules.rules.due import LocalDue, local_due
from claimrules.rules.fees import FeeDecision
from claimrules.rules.history import History, event_ref, fold_ordered
from claimrules.rules.interest import Gap, InterestStart, interest_segments, round_money
from claimrules.rules.ledger import InterestSegment, Ledger, LedgerTerms, ledger_of
from claimrules.rules.limitation import (
    LienState,
    LimitationState,
    lien_key,
    lien_of,
    limitation_key,
    limitation_of,
)
from claimrules.rules.memo import MEMO_SIZE, TRACED_MEMO_SIZE, remember
from claimrules.rules.tracer import Tracer

__all__ = [
    "STEP_NAMES",
    "ClaimState",
    "claim_state",
    "fee_memo",
    "ladder_for",
    "ledger_at_write_off",
]


class ClaimState(NamedTuple):
    """A claim on one day, as the law makes it: everything the guards, the ladder and the
    reports read (see the module's description)."""

    claim: Claim
    profile: Profile
    ctype: ClaimTypeSpec
    as_of: date
    ordered: tuple[Event, ...]
    """All the claim's events in replay order (for its content hash)."""
    past: History
    """The history on ``as_of``, folded once, in the slices each rule reads."""
    delivery: Delivery
    due: date
    """The effective due date: the invoice's, or the local due-date rule's."""
    local_due: LocalDue | None
    """What the municipality's own due-date rule said, if it has one."""
    limitation: LimitationState
    interest: InterestStart
    """The interest regimes in force, or why none runs, or the value that is unknown."""
    ledger: Ledger
    lien: LienState | None
    ladder: str
    """The ladder the claim follows: its type's, or the one a document the debtor signed opens
    (``claim_types.<type>.ladder_by_document``)."""


def ladder_for(ctype: ClaimTypeSpec, past: History) -> str:
    """The ladder of a claim of type ``ctype`` with the history ``past``: the first ladder of
    ``ladder_by_document`` whose document the debtor signed, else the type's own."""
    for document, ladder in ctype.ladder_by_document.items():
        if document in past.documents:
            return ladder
    return ctype.ladder


def claim_state(
    claim: Claim | PublicClaim,
    profile: Profile,
    ctype: ClaimTypeSpec,
    as_of: date,
    tracer: Tracer,
) -> ClaimState:
    """The :class:`ClaimState` of ``claim`` (of type ``ctype`` in ``profile``) on ``as_of``;
    the rules' notes go to ``tracer``, in the order of the module's description. A public
    claim is read as the engine reads it (:func:`~claimrules.model.claims.engine_claim`)."""
    claim = engine_claim(claim)
    ordered = in_replay_order(claim.events)  # the claim's events, read once
    past = fold_ordered(ordered, as_of)
    ladder = ladder_for(ctype, past)
    if tracer.active:
        tracer.says(
            f"claim_types.{claim.claim_type}",
            ctype.source.cite(),
            m.TRACE_CLAIM_TYPE,
            title=ctype.title,
            basis=ctype.basis,
            ladder_id=ladder,
        )
    delivery = delivery_of(past, claim, profile)
    if tracer.active:  # the reason is written only when something reads it
        tracer.note("delivery", delivery.reason, delivery.citation)
    rule = local_due(claim, profile, delivery.due, tracer)
    due = rule.due if rule is not None else delivery.due
    limitation = _limitation(profile, ctype, claim, past, as_of, tracer.active)
    start = (
        interest_segments(profile, ctype, past, due, tracer)
        if delivery.evidenced
        else InterestStart([], None)
    )
    ledger = _ledger(claim, profile, ctype, past, as_of, due, start, delivery, limitation, tracer)
    _note_ledger(profile, ctype, ledger, start.segments, delivery.evidenced, tracer)
    for rule_name, outcome, citation in limitation.steps:  # empty without a trace
        tracer.note(rule_name, outcome, citation)
    lien = _lien(profile, ctype, claim, past, as_of)
    if lien is not None and tracer.active:
        _note_lien(lien, tracer)
    return ClaimState(
        claim, profile, ctype, as_of, ordered, past, delivery, due, rule, limitation, start,
        ledger, lien, ladder,
    )  # fmt: skip


def ledger_at_write_off(state: ClaimState) -> Ledger | None:
    """The ledger as it stood when the claim was first written off, or ``None`` when it was
    not written off by ``state.as_of``: the money slice before the write-off (events of its
    day listed after it are not), under the same law, with interest through the write-off's
    day. Interest time-barred on its own later is not taken off: the write-off took what the
    claim owed that day. For the postings, which book a write-off and what comes in after it;
    the decision does not read it."""
    past = state.past
    count, day = past.written_off_at, past.first.get("written_off")
    if count is None or day is None:
        return None
    profile, ctype = state.profile, state.ctype
    terms = LedgerTerms(
        profile.spec,
        state.due,
        state.interest.segments,
        profile.spec.fees.get(ctype.fees),
        fees_allowed=state.delivery.evidenced,
        texts=False,
        fee_memo=fee_memo(profile, ctype),
        returned=returned_notices(past),
    )
    claim = state.claim
    return ledger_of(past.money[:count], claim.principal, claim.debtor.kind, day, terms)


def fee_memo(profile: Profile, ctype: ClaimTypeSpec) -> dict[Any, FeeDecision]:
    """The profile's memo of fee decisions for the claim type's fee regime."""
    return profile.memo.setdefault(f"fees.{ctype.fees}", {})


def _limitation(
    profile: Profile,
    ctype: ClaimTypeSpec,
    claim: Claim,
    past: History,
    as_of: date,
    trace: bool,
) -> LimitationState:
    """:func:`limitation_of`, memoised per profile on what it reads (:func:`limitation_key`:
    claims that share it share the result, never changed after it is made)."""
    period, collection = ctype.limitation_period, ctype.public_collection
    key = limitation_key(past, claim.due_on, period, as_of, collection)
    # traced periods carry their steps' sentences, ten times the memory: a memo of their own,
    # smaller, so that filling it never empties the compact periods (a host may mix modes)
    memo = profile.memo.setdefault("limitation.traced" if trace else "limitation", {})
    found: LimitationState | None = memo.get(key)
    if found is None:
        spec, calendar = profile.spec.limitation, profile.calendar
        found = limitation_of(
            past, claim.due_on, spec, calendar, period, as_of,
            public_collection=collection, trace=trace,
        )  # fmt: skip
        remember(memo, key, found, TRACED_MEMO_SIZE if trace else MEMO_SIZE)
    return found


def _lien(
    profile: Profile, ctype: ClaimTypeSpec, claim: Claim, past: History, as_of: date
) -> LienState | None:
    """:func:`lien_of` for the claim type's lien (if it has one), memoised on what it reads."""
    name = ctype.lien
    if name is None:
        return None
    key = lien_key(name, claim.due_on, past, as_of)
    memo = profile.memo.setdefault("lien", {})
    found: LienState | None = memo.get(key)
    if found is None:
        spec = profile.spec.liens[name]
        found = lien_of(name, spec, claim.due_on, past, profile.calendar, as_of)
        remember(memo, key, found)
    return found


def _ledger(
    claim: Claim,
    profile: Profile,
    ctype: ClaimTypeSpec,
    past: History,
    as_of: date,
    due: date,
    start: InterestStart,
    delivery: Delivery,
    limitation: LimitationState,
    tracer: Tracer,
) -> Ledger:
    """The ledger from the history's money slice; where the first interest day itself is
    unknown law, interest is known through the day of the demand."""
    terms = LedgerTerms(
        profile.spec,
        due,
        start.segments,
        profile.spec.fees.get(ctype.fees),
        fees_allowed=delivery.evidenced,
        lapse=limitation.interest_lapse,
        texts=tracer.active,  # the rules mode lists each allocation too
        fee_memo=fee_memo(profile, ctype),
        claim_type=claim.claim_type,
        returned=returned_notices(past),
    )
    ledger = ledger_of(past.money, claim.principal, claim.debtor.kind, as_of, terms)
    gap = start.gap
    if gap is not None:
        ledger.interest_unknown = m.say(m.NOT_KNOWN, what=gap.what)
        ledger.interest_gap = gap
        ledger.interest_known_through = gap.on
    return ledger


def _note_ledger(
    profile: Profile,
    ctype: ClaimTypeSpec,
    ledger: Ledger,
    segments: list[InterestSegment],
    delivered: bool,
    tracer: Tracer,
) -> None:
    """The ledger's notes in the trace: interest, what is unknown of it, interest lapsed on
    its own, each allocation, steps taken when nothing was owed, recorded fees."""
    if not tracer.active:
        return
    _note_interest(profile, ctype, ledger, segments, delivered, tracer)
    if ledger.interest_unknown is not None and ledger.interest_gap is not None:
        gap = ledger.interest_gap
        tracer.note(
            "interest.unknown_law",
            m.say(
                m.INTEREST_COUNTED_THROUGH,
                date=ledger.interest_known_through,
                unknown=missing(profile, gap),
            ),
        )
    if ledger.interest_lapsed:
        tracer.note(
            "limitation.later_interest",
            m.say(m.TRACE_INTEREST_LAPSED, amount=round_money(ledger.interest_lapsed)),
        )
    for line in ledger.allocations:
        tracer.note("allocation", line, profile.spec.allocation.source.cite())
    for void in ledger.void:
        step = step_name(event_ref(void.event))
        tracer.says(
            "guards.step_after_settlement", "", m.TRACE_VOID_STEP, step=step, date=void.event.on
        )
    for check in ledger.fee_checks:
        decided = check.decision
        template = m.TRACE_FEE_RECORDED_WHY if decided.reasons else m.TRACE_FEE_RECORDED
        tracer.says(
            f"fees.{check.notice.kind}",
            "; ".join(decided.citations),
            template,
            date=check.notice.on,
            charged=check.charged,
            counted=check.notice.fee,
            why=m.listed(decided.reasons),
        )


def _note_interest(
    profile: Profile,
    ctype: ClaimTypeSpec,
    ledger: Ledger,
    segments: list[InterestSegment],
    delivered: bool,
    tracer: Tracer,
) -> None:
    """The trace's note on interest: why none runs, or how much ran at which rates."""
    if not segments:
        if ctype.interest == "none":
            why = m.NO_INTEREST_TYPE
        elif profile.spec.local.waive_interest:
            why = m.NO_INTEREST_WAIVED
        elif not delivered:
            why = m.NO_INTEREST_UNDELIVERED
        else:
            why = m.NO_INTEREST_NO_DEMAND
        tracer.says("interest", ctype.source.cite(), m.TRACE_NO_INTEREST, why=why)
        return
    if not ledger.interest_pieces:
        return
    regime = segments[0].regime
    table = regime.rate or (regime.reference if isinstance(regime, DailyInterest) else None)
    citation = _interest_citation(table, regime)
    if not tracer.outcomes:
        tracer.note("interest", "", citation)
        return
    piece = m.PIECE_DAYS if isinstance(regime, DailyInterest) else m.PIECE_MONTH
    pieces = m.listed(
        [m.say(piece, first=a, last=b, days=n, rate=r) for a, b, n, r in ledger.interest_pieces]
    )
    method = regime.method
    how = (
        m.say(m.HOW_DAILY, daycount=method.day_count)
        if isinstance(method, InterestMethod)
        else m.HOW_MONTHLY
    )
    outcome = m.say(
        m.TRACE_INTEREST, date=segments[0].first, how=how, pieces=pieces, amount=ledger.interest
    )
    tracer.note("interest", outcome, citation)


def _interest_citation(table: Any, regime: InterestSpec) -> str:
    """The sources of an interest note: the rate table's and the method's."""
    source = table.source.cite() if table is not None and table.source else ""
    return f"{source}; {regime.method.source.cite()}"


def _note_lien(lien: LienState, tracer: Tracer) -> None:
    """The lien's note: preserved by a timely step, lapsed, or running until when."""
    if lien.unknown:
        return
    rule = f"liens.{lien.name}"
    if lien.preserved_on is not None:
        tracer.says(
            rule, lien.citation, m.TRACE_LIEN_PRESERVED,
            lien=lien.name, date=lien.preserved_on, lapse=lien.expires_on,
        )  # fmt: skip
    elif lien.lapsed:
        tracer.says(rule, lien.citation, m.TRACE_LIEN_LAPSED, lien=lien.name, date=lien.expires_on)
    else:
        tracer.says(
            rule, lien.citation, m.TRACE_LIEN_RUNS,
            lien=lien.name, date=lien.expires_on, step=lien.step,
        )  # fmt: skip


STEP_NAMES = {
    "reminder_sent": "reminder",
    "collection_notice_sent": "collection notice",
    "payment_demand_sent": "payment demand",
    "referred_to_collection": "referral to collection",
    "service_terminated": "termination of the service",
}
"""Collection steps in words, for the notes on a step taken when nothing was owed."""


def step_name(ref: str) -> str:
    """A collection step's name in words (``reminder``, ``lawsuit``)."""
    return STEP_NAMES.get(ref, ref.replace("legal_step.", "").replace("_", " "))


def missing(profile: Profile, gap: Gap) -> str:
    """Name a value the profile does not know as a lawyer would look it up: what it is, the
    day it is needed, its key and its file and line."""
    return m.say(
        m.UNKNOWN_VALUE, what=gap.what, date=gap.on, where=profile.where(gap.param, gap.on)
    )


def returned_notices(past: History) -> frozenset[tuple[str, date]]:
    """The notices of ``past`` (their kind and the day sent) that came back and were not
    delivered after all (:func:`~claimrules.rules.delivery.notice_proof`): a fee charged on
    one is not owed. Empty at once where the history records no failed notice."""
    if "notice_failed" not in past.first:
        return frozenset()
    returned = set()
    for event in past.notices:
        proof = notice_proof(past.events, event)
        if proof.failed is not None and not proof.delivered:
            returned.add((event.kind, event.on))
    return frozenset(returned)
