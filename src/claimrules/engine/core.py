"""``decide``: replay a claim, apply the guards, and pick the next step of its ladder.

The guards come first, in this order, and the first that applies decides:

1. an offset, referral or legal step taken while there was no proof of delivery →
   ``manual_review`` with a ``collected_without_notice`` warning naming it, so it can be unwound
   (even when that offset settled the claim);
2. credit balance → ``refund``; nothing outstanding → ``none``;
3. insolvency proceedings or an open dispute → ``manual_review``;
4. written off → ``monitor``;
5. limitation unknown (only when the unknown rule could change the answer) → ``manual_review``;
   time-barred → ``write_off``;
6. no evidence that the debtor was given the invoice, a failed delivery or a creditor-fault
   direct-debit failure → ``resend_invoice`` (no fees or interest meanwhile);
7. a value the decision needs is unknown law, and it could change *which* action is lawful or
   *whether* it is lawful yet (a payment whose split between interest and principal depends on
   an unknown rate, a step's deadline or condition, a step whose law may no longer be in force)
   → ``manual_review`` with the reason;
8. otherwise the first ladder step after the last one taken, no earlier than the law allows and,
   under an active payment plan, not before the plan ends.

Unknown law that changes only an *amount* does not hold the action back: interest is counted
through the last day whose rate is known (``balance.interest_known_through``), a fee whose cap
is unknown is not charged, and an ``unknown_law`` warning names the missing value with its file
and line. Every amount is then the least that is owed, never a guess.

The engine is pure: no clock, files or network; the same inputs give the same Decision.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import cached_property
from typing import Any, Literal

from dateutil.relativedelta import relativedelta

from claimrules.__about__ import __version__
from claimrules.errors import ClaimError
from claimrules.law.profile import Profile
from claimrules.law.schema import (
    ClaimTypeSpec,
    DailyInterest,
    InterestMethod,
    InterestSpec,
    Ladder,
    Step,
    StepChoice,
)
from claimrules.model import messages as m
from claimrules.model.claims import (
    EARLIEST_DATE,
    LATEST_DATE,
    Claim,
    InvoiceDelivered,
    InvoiceDispatched,
    InvoiceSent,
    Payment,
    ProceedingsEnded,
)
from claimrules.model.decision import (
    Decision,
)
from claimrules.model.messages import say
from claimrules.rules.delivery import Delivery, delivery_status
from claimrules.rules.fees import FeeDecision, fee_for
from claimrules.rules.history import History, fold
from claimrules.rules.interest import Gap, round_money
from claimrules.rules.ledger import InterestSegment, Ledger, replay
from claimrules.rules.limitation import (
    LienState,
    LimitationState,
    event_ref,
    lien_state,
    limitation_state,
)
from claimrules.rules.memo import remember
from claimrules.rules.monitoring import enforceable, policy_write_off, recovered, stalled_since
from claimrules.rules.plans import Missed, deduction_silent_since, missed_instalment

__all__ = ["TRACE_MODES", "TraceMode", "check_fits", "decide", "decision_record"]

TraceMode = Literal["full", "rules", "none"]
TRACE_MODES: tuple[str, ...] = ("full", "rules", "none")
"""How much of the trace a decision carries: ``full`` (every rule with its outcome and
citation, the default), ``rules`` (every rule and citation, no outcome sentence) or ``none``
(no trace: the action, dates, amounts, warnings and receipt only, for bulk runs; ``explain``
and ``replay`` decide again with the full trace when a person asks)."""


@dataclass
class _Context:
    claim: Claim
    profile: Profile
    ctype: ClaimTypeSpec
    as_of: date
    past: History  # the history on as_of, walked once (claimrules.rules.history)
    # Plain records until the end: the Decision validates them all in one call, which costs
    # half of building each TraceEntry, DecisionWarning and DeadlineItem on its own.
    trace: list[dict[str, str]] = field(default_factory=list)
    warnings: list[dict[str, str]] = field(default_factory=list)
    deadlines: list[dict[str, Any]] = field(default_factory=list)
    tracing: TraceMode = "full"

    def note(self, rule: str, outcome: str, citation: str = "") -> None:
        """Record a rule that took part in the decision (a :class:`TraceEntry`), as much of it
        as the trace mode keeps."""
        if self.tracing == "full":
            self.trace.append({"rule": rule, "outcome": outcome, "citation": citation})
        elif self.tracing == "rules":
            self.trace.append({"rule": rule, "outcome": "", "citation": citation})

    def fee_memo(self) -> dict[Any, FeeDecision]:
        """The profile's memo of fee decisions for the claim type's fee regime."""
        return self.profile.memo.setdefault(f"fees.{self.ctype.fees}", {})

    def says(self, rule: str, citation: str, template: str, **fields: Any) -> None:
        """:meth:`note` with the outcome made from a message template, only when the trace
        keeps outcomes (the sentence is not written for nothing)."""
        if self.tracing != "none":
            self.note(rule, say(template, **fields) if self.tracing == "full" else "", citation)

    def warn(self, code: str, message: str) -> None:
        """Record a warning (a :class:`DecisionWarning`)."""
        self.warnings.append({"code": code, "message": message})

    def deadline(self, name: str, on: date, preserve: str = "") -> None:
        """Record an upcoming date (a :class:`DeadlineItem`)."""
        self.deadlines.append({"name": name, "on": on, "preserve": preserve})

    @cached_property
    def missed(self) -> Missed | None:
        """The plan's first missed instalment (looked for once per decision, and warned of)."""
        policy = self.profile.spec.local.payment_plan
        grace = policy.grace_days if policy is not None else 0
        missed = missed_instalment(self.past, grace, self.as_of)
        if missed is not None:
            text = say(
                m.WARN_INSTALMENT_MISSED,
                date=missed.instalment_on,
                paid=missed.paid,
                owed=missed.due,
                breached=missed.breached_on,
                grace=grace,
            )
            self.warn("instalment_missed", text)
            self.note("guards.payment_plan", text, policy.source.cite() if policy else "")
        return missed

    def missing(self, gap: Gap) -> str:
        """Name a value the profile does not know as a lawyer would look it up: what it is,
        the day it is needed, its key and its file and line."""
        return say(
            m.UNKNOWN_VALUE, what=gap.what, date=gap.on, where=self.profile.where(gap.param, gap.on)
        )


def check_fits(claim: Claim, profile: Profile) -> ClaimTypeSpec:
    """The claim's type in ``profile``; raises ClaimError when the claim does not fit it.

    Raises:
        ClaimError: unknown claim type (with a did-you-mean), or another currency.
    """
    ctype = profile.claim_type(claim.claim_type)
    if ctype is None:
        names = sorted(profile.spec.claim_types)
        close = difflib.get_close_matches(claim.claim_type, names, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        raise ClaimError(
            claim.id,
            "claim_type",
            f"unknown claim type {claim.claim_type!r} in profile {profile.id}{hint}",
        )
    if claim.currency != profile.currency:
        raise ClaimError(
            claim.id,
            "currency",
            f"{claim.currency} does not match profile {profile.id} ({profile.currency})",
        )
    return ctype


def _as_of(as_of: object) -> date:
    """``as_of`` as a date: a ``date``, a ``datetime`` (its date) or ``"YYYY-MM-DD"``."""
    if isinstance(as_of, datetime):
        as_of = as_of.date()
    elif isinstance(as_of, str):
        try:
            as_of = date.fromisoformat(as_of) if len(as_of) == 10 else None
        except ValueError:
            as_of = None
        if as_of is None:
            raise TypeError("as_of must be a date, or a string 'YYYY-MM-DD' naming one")
    if not isinstance(as_of, date):
        raise TypeError(
            "as_of must be a datetime.date, a datetime or a string 'YYYY-MM-DD', "
            f"not {type(as_of).__name__}"
        )
    if not EARLIEST_DATE <= as_of <= LATEST_DATE:
        raise ValueError(f"as_of {as_of} is outside {EARLIEST_DATE} .. {LATEST_DATE}")
    return as_of


def _profile_of(profile: object) -> Profile:
    if isinstance(profile, Profile):
        return profile
    if isinstance(profile, str):
        from claimrules.law.registry import load_profile

        return load_profile(profile)
    raise TypeError(
        f"profile must be a Profile (claimrules.load_profile) or a profile id such as 'no', "
        f"not {type(profile).__name__}"
    )


def _claim_of(claim: object) -> Claim:
    if isinstance(claim, Claim):
        return claim
    if isinstance(claim, dict):
        return Claim.model_validate(claim)
    if isinstance(claim, str | bytes):
        return Claim.model_validate_json(claim)
    raise TypeError(
        f"claim must be a Claim, a mapping or JSON text of one, not {type(claim).__name__}"
    )


def decide(claim: Claim, profile: Profile, as_of: date, *, trace: TraceMode = "full") -> Decision:
    """Decide the next lawful action for ``claim`` on ``as_of`` under ``profile``.

    ``claim`` may also be a mapping or JSON text of one (validated first), ``profile`` a
    profile id (``"no"``), and ``as_of`` a ``datetime`` (its date) or ``"YYYY-MM-DD"``.
    ``trace`` is one of :data:`TRACE_MODES` (``full`` by default).

    Raises:
        ClaimError: the claim is not valid, or does not fit the profile (unknown claim type,
            other currency).
        ProfileError: ``profile`` names no profile, or an invalid one.
        TypeError: an argument of another type (the message says what to pass).
        ValueError: ``as_of`` outside the dates a claim may carry (1900-01-01 .. 9000-12-31),
            or an unknown trace mode.
    """
    # pydantic-core validates the whole record in one call: as fast as building the models
    # without validation (measured), and every Decision is checked against its schema
    return Decision.model_validate(decision_record(claim, profile, as_of, trace=trace))


def decision_record(
    claim: Claim, profile: Profile, as_of: date, *, trace: TraceMode = "full"
) -> dict[str, Any]:
    """The decision of :func:`decide` as a plain record (the fields of :class:`Decision`, in
    its order, with the same values), without building the Decision: for bulk runs, where
    :func:`claimrules.model.decision.record_json` writes it as the same JSON bytes as
    ``Decision.model_dump_json()``. Takes the same arguments and raises the same errors as
    :func:`decide`.
    """
    if trace not in TRACE_MODES:
        raise ValueError(f"trace must be one of {', '.join(TRACE_MODES)}, not {trace!r}")
    ctx = _context(claim, profile, as_of, trace)
    if trace == "none":
        planned = _paid_on_time_plan(ctx)
        if planned is not None:
            return planned
    return _decide(ctx)[0]


def case_facts(
    claim: Claim, profile: Profile, as_of: date
) -> tuple[Decision, Ledger, Delivery, date]:
    """The decision of :func:`decide` (full trace) with the replayed ledger, the delivery
    status and the due date it was made from (after any local due-date rule): for a case file
    (:mod:`claimrules.reports.casefile`), which needs the interest period by period and the delivery
    evidence. Raises as :func:`decide` does."""
    record, ledger, delivery, due = _decide(_context(claim, profile, as_of, "full"))
    return Decision.model_validate(record), ledger, delivery, due


def _context(claim: object, profile: object, as_of: object, trace: TraceMode) -> _Context:
    """The decision's context from the caller's arguments (validated, the claim fitted)."""
    if type(claim) is not Claim:
        claim = _claim_of(claim)
    if type(profile) is not Profile:
        profile = _profile_of(profile)
    if type(as_of) is not date or not EARLIEST_DATE <= as_of <= LATEST_DATE:
        as_of = _as_of(as_of)
    assert isinstance(claim, Claim) and isinstance(profile, Profile) and isinstance(as_of, date)
    ctype = check_fits(claim, profile)
    return _Context(claim, profile, ctype, as_of, fold(claim, as_of), tracing=trace)


def _decide(ctx: _Context) -> tuple[dict[str, Any], Ledger, Delivery, date]:
    """The engine's walk (every rule, for claims the plan does not take): the decision record,
    and the ledger, delivery status and due date it was made from."""
    claim, profile, as_of, ctype = ctx.claim, ctx.profile, ctx.as_of, ctx.ctype
    ctx.says(
        f"claim_types.{claim.claim_type}",
        ctype.source.cite(),
        m.TRACE_CLAIM_TYPE,
        title=ctype.title,
        basis=ctype.basis,
        ladder_id=ctype.ladder,
    )
    delivery = delivery_status(claim, profile, as_of)
    if ctx.tracing != "none":  # the reason is written only when something reads it
        ctx.note("delivery", delivery.reason, delivery.citation)
    due = _local_due(ctx, delivery.due)
    limitation = _limitation(ctx)
    segments, demand_gap = _interest_segments(ctx, due) if delivery.evidenced else ([], None)
    fees = profile.spec.fees.get(ctype.fees)
    ledger = replay(
        claim,
        profile.spec,
        as_of,
        due=due,
        interest=segments,
        fees=fees,
        fees_allowed=delivery.evidenced,
        lapse=limitation.interest_lapse,
        texts=ctx.tracing != "none",  # the rules mode lists each allocation too
        fee_memo=ctx.fee_memo(),
    )
    if demand_gap is not None:
        ledger.interest_unknown = say(m.NOT_KNOWN, what=demand_gap.what)
        ledger.interest_gap = demand_gap
        ledger.interest_known_through = demand_gap.on
    _note_ledger(ctx, ledger, segments, delivery.evidenced)
    for rule, outcome, citation in limitation.steps:
        ctx.note(rule, outcome, citation)
    lien = None
    if ctype.lien is not None:
        lien = _lien(ctx, ctype.lien)
        _note_lien(ctx, lien)
    action, on, reason, fee = _choose(ctx, delivery, ledger, limitation, lien, due)
    silent = _deduction_stopped(ctx, action)
    if silent is not None:
        action, on, reason, fee = "manual_review", as_of, silent, Decimal(0)
    _horizon_warnings(ctx, limitation, lien, action)
    _no_movement(ctx, action, due)
    if on >= as_of and action not in ("none", "refund"):
        ctx.deadline(f"next step: {action}", on)
    return _record(ctx, action, on, reason, fee, ledger, limitation, lien), ledger, delivery, due


def _record(
    ctx: _Context,
    action: str,
    on: date,
    reason: str,
    fee: Decimal,
    ledger: Ledger | None,
    limitation: LimitationState,
    lien: LienState | None,
) -> dict[str, Any]:
    """The decision record from what the rules found (``ledger`` None: nothing outstanding)."""
    claim, profile, as_of = ctx.claim, ctx.profile, ctx.as_of
    unit = profile.minor_unit  # every amount in the currency's minor unit: "0.00", "1000.00"
    # a lien securing nothing is no deadline (but a small balance left alone still owes)
    settled = action == "refund" or (action == "none" and (ledger is None or ledger.total <= 0))
    deadlines = sorted(
        {
            (d["on"], d["name"]): d
            for d in ctx.deadlines
            if d["on"] >= as_of and not (settled and d["preserve"])
        }.values(),
        key=lambda d: (d["on"], d["name"]),
    )
    return {
        "claim_id": claim.id,
        "as_of": as_of,
        "currency": claim.currency,
        "action": action,
        "on": on,
        "ready": on <= as_of,
        "reason": reason,
        "balance": {
            "principal": ledger.principal.quantize(unit),
            "interest": ledger.interest.quantize(unit),
            "fees": ledger.fees.quantize(unit),
            "total": ledger.total.quantize(unit),
            "interest_known_through": ledger.interest_known_through
            if ledger.interest_unknown is not None
            else None,
        }
        if ledger is not None
        else {
            "principal": _ZERO.quantize(unit),
            "interest": _ZERO.quantize(unit),
            "fees": _ZERO.quantize(unit),
            "total": _ZERO.quantize(unit),
            "interest_known_through": None,
        },
        "fee": fee.quantize(unit),
        "limitation": {
            "expires_on": limitation.expires_on,
            "started_on": limitation.started_on,
            "period": f"{limitation.years} years ({limitation.period})"
            if limitation.years
            else limitation.period,
            "time_barred": limitation.time_barred,
            "citation": limitation.citation,
        },
        "lien": None
        if lien is None
        else {
            "name": lien.name,
            "expires_on": lien.expires_on,
            "preserved_on": lien.preserved_on,
            "lapsed": lien.lapsed,
            "citation": lien.citation,
        },
        "deadlines": deadlines,
        "warnings": ctx.warnings,
        "trace": ctx.trace,
        "profile_id": profile.id,
        "profile_hash": profile.content_hash,
        "claim_hash": claim.content_hash,
        "engine_version": __version__,
    }


def _limitation(ctx: _Context) -> LimitationState:
    """:func:`limitation_state` for the claim, memoised per profile: the replay depends only
    on the claim type's period, the due date, the as-of date and the events' names and days
    (never mutated after it is made, so claims that share them share the result)."""
    ctype = ctx.ctype
    tracing = ctx.tracing != "none"
    key = (
        ctype.limitation_period,
        ctype.public_collection,
        tracing,
        ctx.claim.due_on,
        ctx.as_of,
        ctx.past.refs,
        _proceedings_facts(ctx.past) if "proceedings_ended" in ctx.past.first else (),
    )
    memo = ctx.profile.memo.setdefault("limitation", {})
    found: LimitationState | None = memo.get(key)
    if found is None:
        found = limitation_state(
            ctx.claim,
            ctx.profile.spec.limitation,
            ctx.profile.calendar,
            ctype.limitation_period,
            ctx.as_of,
            public_collection=ctype.public_collection,
            trace=tracing,
        )
        remember(memo, key, found)
    return found


def _proceedings_facts(past: History) -> tuple[tuple[str, bool, date | None], ...]:
    """What limitation reads of each ``proceedings_ended`` event beyond its name and day."""
    return tuple(
        (e.outcome, e.creditor_intent, e.creditor_informed_on)
        for e in past.events
        if isinstance(e, ProceedingsEnded)
    )


def _lien(ctx: _Context, name: str) -> LienState:
    """:func:`lien_state`, memoised per profile like :func:`_limitation`."""
    key = (name, ctx.claim.due_on, ctx.as_of, ctx.past.refs)
    memo = ctx.profile.memo.setdefault("lien", {})
    found: LienState | None = memo.get(key)
    if found is None:
        profile = ctx.profile
        found = lien_state(name, profile.spec.liens[name], ctx.claim, profile.calendar, ctx.as_of)
        remember(memo, key, found)
    return found


_ZERO = Decimal(0)

_PLAN_KINDS = frozenset({"invoice_sent", "invoice_dispatched", "invoice_delivered", "payment"})
"""The events of the plan's shape: the invoice, its proof, and payments."""


def _paid_on_time_plan(ctx: _Context) -> dict[str, Any] | None:
    """The plan for the commonest shape of claim (most of a municipal ledger): invoiced, and
    paid in full by the due date, with nothing else in its history. Its decision is known
    without replaying the ledger or walking the ladder: nothing is outstanding, no interest ran
    (every payment came by the due date, and the due date only ever moves later), no notice was
    sent. What still depends on the claim's dates is computed by the engine's own rules: the
    limitation period (payments interrupt it), the lien, a local due-date rule's warning, and
    the first interest day when it is unknown law (then the engine decides).

    Used only without a trace (the trace lists the rules the engine walks). ``None`` when the
    claim has another shape: the engine decides it. ``tests/test_bulk_paths.py`` checks that
    the plan and the engine give the same decision for every claim the plan takes.
    """
    claim, as_of = ctx.claim, ctx.as_of
    past = ctx.past
    if not _PLAN_KINDS.issuperset(past.first):
        return None
    paid = _ZERO
    evidenced = False
    evidence = ctx.profile.spec.delivery.evidence
    for event in past.events:
        kind = event.kind
        if kind == "payment":
            assert isinstance(event, Payment)
            if event.on > claim.due_on:
                return None
            paid += event.amount
        elif kind == "invoice_sent":
            assert isinstance(event, InvoiceSent)
            if event.due_on is not None:
                return None  # a re-sent invoice with its own due date
            evidenced = evidenced or kind in evidence.get(event.channel, ())
        else:
            assert isinstance(event, InvoiceDispatched | InvoiceDelivered)
            evidenced = evidenced or kind in evidence.get(event.channel, ())
    if paid != claim.principal:
        return None
    # Everything below depends only on these (the claim id aside): claims that share them
    # share the decision, which is made once and copied.
    key = (
        claim.claim_type,
        claim.currency,
        claim.issued_on,
        claim.due_on,
        as_of,
        evidenced,
        past.refs,
    )
    memo = ctx.profile.memo.setdefault("plan", {})
    made: dict[str, Any] | None = memo.get(key, _MISSING)
    if made is _MISSING:
        made = _plan_record(ctx, evidenced)
        remember(memo, key, made)
    return None if made is None else _copy_record(made, claim)


_MISSING: Any = object()


def _plan_record(ctx: _Context, evidenced: bool) -> dict[str, Any] | None:
    """The plan's decision for a claim of its shape, or ``None`` when the engine decides."""
    ctype = ctx.ctype
    due = _local_due(ctx, ctx.claim.due_on)
    limitation = _limitation(ctx)
    if evidenced and _interest_segments(ctx, due)[1] is not None:
        ctx.warnings.clear()
        return None  # the first interest day is unknown law: the engine says what that means
    lien = None
    if ctype.lien is not None:
        lien = _lien(ctx, ctype.lien)
        _note_lien(ctx, lien)
    return _record(ctx, "none", ctx.as_of, m.NOTHING_OUTSTANDING, _ZERO, None, limitation, lien)


def _copy_record(made: dict[str, Any], claim: Claim) -> dict[str, Any]:
    """A memoised record for another claim: nothing the caller may change is shared."""
    lien = made["lien"]
    return {
        **made,
        "claim_id": claim.id,
        "claim_hash": claim.content_hash,
        "balance": dict(made["balance"]),
        "limitation": dict(made["limitation"]),
        "lien": None if lien is None else dict(lien),
        "deadlines": [dict(d) for d in made["deadlines"]],
        "warnings": [dict(w) for w in made["warnings"]],
        "trace": [],
    }


def _interest_segments(ctx: _Context, due: date) -> tuple[list[InterestSegment], Gap | None]:
    """The interest regimes that apply, from the first interest day on, or the value that
    leaves the first interest day unknown."""
    spec = ctx.profile.spec
    if ctx.ctype.interest == "none":
        return [], None
    if spec.local.waive_interest:
        who = spec.local.municipality or "the municipality"
        ctx.note(
            "local.waive_interest",
            say(m.TRACE_WAIVED, who=who),
            spec.local.source.cite() if spec.local.source else "",
        )
        return [], None
    regime = spec.interest[ctx.ctype.interest]
    first = _interest_from(ctx, regime, due)
    if first is None or isinstance(first, Gap):
        return [], first
    segments = [InterestSegment(regime, first)]
    if ctx.ctype.collection_interest is None:
        return segments, None
    referral = ctx.past.first.get("referred_to_collection")
    if referral is None:
        return segments, None
    after = spec.interest[ctx.ctype.collection_interest]
    starts = referral.replace(day=1) + relativedelta(months=1)
    ctx.note(
        f"interest.{ctx.ctype.collection_interest}",
        say(m.TRACE_REFERRED, date=referral, regime=regime.title, after=after.title, start=starts),
        after.creditor_delay.source.cite(),
    )
    return [
        InterestSegment(regime, first, referral),
        InterestSegment(after, max(starts, first)),
    ], None


def _interest_from(ctx: _Context, regime: InterestSpec, due: date) -> date | Gap | None:
    """First interest day: the day after the due date, or after the demand period has run;
    ``None`` before any written demand, a :class:`Gap` when the demand period is unknown law
    (then no interest is known after the demand day)."""
    if ctx.ctype.interest_start == "due_date" or not isinstance(regime, DailyInterest):
        return due + timedelta(days=1)
    demand = next((e.on for e in ctx.past.notices if due <= e.on), None)
    if demand is None or regime.demand_days is None:
        return None
    days = regime.demand_days.at(demand)
    if days is None or not days.known or days.value is None:
        return Gap(regime.demand_days, demand, m.GAP_DEMAND_DAYS)
    start = demand + timedelta(days=days.value)
    ctx.note("interest.demand_days", say(m.TRACE_DEMAND, date=demand, start=start), days.cite())
    return start + timedelta(days=1)


def _local_due(ctx: _Context, due: date) -> date:
    rule = ctx.profile.spec.local.due_date_rule
    if rule is None:
        return due
    earliest = (ctx.claim.issued_on + relativedelta(months=rule.months_after_issue)).replace(
        day=rule.day_of_month
    )
    local = ctx.profile.spec.local
    citation = local.source.cite() if local.source else ""
    if due < earliest:
        ctx.warn(
            "due_date_rule",
            say(
                m.WARN_DUE_DATE_RULE,
                due=due,
                who=local.municipality or "the municipality",
                earliest=earliest,
            ),
        )
        ctx.says("local.due_date_rule", citation, m.TRACE_DUE_MOVED, due=due, earliest=earliest)
        return earliest
    ctx.says("local.due_date_rule", citation, m.TRACE_DUE_KEPT, due=due, earliest=earliest)
    return due


def _note_ledger(
    ctx: _Context, ledger: Ledger, segments: list[InterestSegment], delivered: bool
) -> None:
    spec = ctx.profile.spec
    outcomes = ctx.tracing == "full"  # sentences only the full trace shows
    tracing = ctx.tracing != "none"  # notes only a trace shows (warnings are always made)
    if tracing:
        _note_interest(ctx, ledger, segments, delivered)
        if ledger.interest_unknown is not None and ledger.interest_gap is not None:
            ctx.note(
                "interest.unknown_law",
                say(
                    m.INTEREST_COUNTED_THROUGH,
                    date=ledger.interest_known_through,
                    unknown=ctx.missing(ledger.interest_gap),
                ),
            )
        if ledger.interest_lapsed:
            ctx.note(
                "limitation.later_interest",
                say(m.TRACE_INTEREST_LAPSED, amount=round_money(ledger.interest_lapsed)),
            )
        for line in ledger.allocations:
            ctx.note("allocation", line, spec.allocation.source.cite())
    for void in ledger.void:
        event = void.event
        ref = event_ref(event)
        what = _STEP_NAMES.get(ref, ref.replace("legal_step.", "").replace("_", " "))
        fee = getattr(event, "fee", Decimal(0))
        when = say(m.SETTLED_ON, date=void.settled_on) if void.settled_on is not None else ""
        ctx.warn(
            "step_after_settlement",
            say(
                m.WARN_AFTER_SETTLEMENT,
                step=what,
                date=event.on,
                when=when,
                fee=say(m.FEE_NOT_OWED, amount=fee) if fee else "",
            ),
        )
        ctx.says("guards.step_after_settlement", "", m.TRACE_VOID_STEP, step=what, date=event.on)
    for check in ledger.fee_checks:
        decided = check.decision
        if check.notice.gap is not None:
            ctx.warn(
                "unknown_law",
                say(
                    m.RECORDED_FEE_UNKNOWN,
                    notice=check.notice.kind,
                    date=check.notice.on,
                    amount=check.charged,
                    unknown=ctx.missing(check.notice.gap),
                ),
            )
        elif check.charged > check.notice.fee:
            why = decided.unknown or "; ".join(decided.reasons)
            ctx.warn(
                "fee_over_cap",
                say(
                    m.WARN_FEE_OVER_CAP,
                    notice=check.notice.kind,
                    date=check.notice.on,
                    charged=check.charged,
                    lawful=check.notice.fee,
                    why=why,
                ),
            )
        if tracing:
            ctx.note(
                f"fees.{check.notice.kind}",
                say(
                    m.TRACE_FEE_RECORDED_WHY if decided.reasons else m.TRACE_FEE_RECORDED,
                    date=check.notice.on,
                    charged=check.charged,
                    counted=check.notice.fee,
                    why="; ".join(decided.reasons),
                )
                if outcomes
                else "",
                "; ".join(decided.citations),
            )


def _note_interest(
    ctx: _Context, ledger: Ledger, segments: list[InterestSegment], delivered: bool
) -> None:
    """The trace's note on interest: why none runs, or how much ran at which rates."""
    spec = ctx.profile.spec
    outcomes = ctx.tracing == "full"
    if not segments:
        if ctx.ctype.interest == "none":
            why = m.NO_INTEREST_TYPE
        elif spec.local.waive_interest:
            why = m.NO_INTEREST_WAIVED
        elif not delivered:
            why = m.NO_INTEREST_UNDELIVERED
        else:
            why = m.NO_INTEREST_NO_DEMAND
        ctx.says("interest", ctx.ctype.source.cite(), m.TRACE_NO_INTEREST, why=why)
    elif ledger.interest_pieces and not outcomes:
        regime = segments[0].regime
        table = regime.rate or (regime.reference if isinstance(regime, DailyInterest) else None)
        ctx.note("interest", "", _interest_citation(table, regime))
    elif ledger.interest_pieces:
        regime = segments[0].regime
        piece = m.PIECE_DAYS if isinstance(regime, DailyInterest) else m.PIECE_MONTH
        pieces = "; ".join(
            say(piece, first=a, last=b, days=n, rate=r) for a, b, n, r in ledger.interest_pieces
        )
        method = regime.method
        how = (
            say(m.HOW_DAILY, daycount=method.day_count)
            if isinstance(method, InterestMethod)
            else m.HOW_MONTHLY
        )
        table = regime.rate or (regime.reference if isinstance(regime, DailyInterest) else None)
        ctx.note(
            "interest",
            say(
                m.TRACE_INTEREST,
                date=segments[0].first,
                how=how,
                pieces=pieces,
                amount=ledger.interest,
            ),
            _interest_citation(table, regime),
        )


def _interest_citation(table: Any, regime: InterestSpec) -> str:
    """The sources of an interest note: the rate table's and the method's."""
    source = table.source.cite() if table is not None and table.source else ""
    return f"{source}; {regime.method.source.cite()}"


_STEP_NAMES = {
    "reminder_sent": "reminder",
    "collection_notice_sent": "collection notice",
    "payment_demand_sent": "payment demand",
    "referred_to_collection": "referral to collection",
    "service_terminated": "termination of the service",
}


def _note_lien(ctx: _Context, lien: LienState) -> None:
    if lien.unknown:
        ctx.warn("unknown_law", lien.unknown)
        return
    rule = f"liens.{lien.name}"
    if lien.preserved_on is not None:
        ctx.says(
            rule,
            lien.citation,
            m.TRACE_LIEN_PRESERVED,
            lien=lien.name,
            date=lien.preserved_on,
            lapse=lien.expires_on,
        )
    elif lien.lapsed:
        ctx.says(rule, lien.citation, m.TRACE_LIEN_LAPSED, lien=lien.name, date=lien.expires_on)
    else:
        assert lien.expires_on is not None
        ctx.deadline(f"{lien.name} lapses", lien.expires_on, lien.step)
        ctx.says(
            rule,
            lien.citation,
            m.TRACE_LIEN_RUNS,
            lien=lien.name,
            date=lien.expires_on,
            step=lien.step,
        )


def _choose(
    ctx: _Context,
    delivery: Delivery,
    ledger: Ledger,
    limitation: LimitationState,
    lien: LienState | None,
    due: date,
) -> tuple[str, date, str, Decimal]:
    as_of = ctx.as_of
    zero = Decimal(0)
    recovery = recovered(ctx.past)
    if recovery is not None:
        ctx.warn(
            "recovered_after_write_off",
            say(
                m.WARN_RECOVERED,
                amount=recovery.amount,
                date=recovery.written_off_on,
                last=recovery.last_on,
            ),
        )
    unnoticed = delivery.collected_without_notice
    if unnoticed:
        for what in unnoticed:
            ctx.warn("collected_without_notice", say(m.WARN_WITHOUT_NOTICE, step=what))
        if not delivery.evidenced:
            ctx.warn("not_delivered", delivery.reason)
        return _guard(
            ctx,
            "manual_review",
            say(m.COLLECTED_WITHOUT_NOTICE, steps="; ".join(unnoticed)),
        )
    if ledger.allocation_unknown is not None:
        # a payment may have gone to interest at a rate the profile does not know: neither the
        # principal left nor whether anything is to be refunded is known
        ctx.warn("unknown_law", _interest_warning(ctx, ledger))
        return _guard(ctx, "manual_review", ledger.allocation_unknown)
    if ledger.credit > 0 and ledger.interest_unknown is not None:
        # the payments may only have covered interest at a rate the profile does not know
        ctx.warn("unknown_law", _interest_warning(ctx, ledger))
        return _guard(
            ctx,
            "manual_review",
            say(m.REFUND_UNKNOWN, amount=ledger.credit, unknown=ledger.interest_unknown),
        )
    if ledger.credit > 0:
        return _guard(ctx, "refund", say(m.OVERPAID, amount=ledger.credit))
    if ledger.principal == 0 and ledger.fees == 0 and ledger.interest <= 0:
        if ledger.interest_unknown is None:
            return _guard(ctx, "none", m.NOTHING_OUTSTANDING)
        ctx.warn("unknown_law", _interest_warning(ctx, ledger))
        return _guard(
            ctx,
            "manual_review",
            say(m.INTEREST_STILL_OWED_UNKNOWN, unknown=ledger.interest_unknown),
        )
    insolvent = ctx.past.first.get("insolvency")
    if insolvent is not None:
        return _guard(
            ctx,
            "manual_review",
            say(m.INSOLVENCY, date=insolvent),
        )
    disputed = ctx.past.disputed_since
    if disputed is not None:
        return _guard(ctx, "manual_review", say(m.DISPUTED, date=disputed))
    written_off = ctx.past.first.get("written_off")
    if written_off is not None:
        return _monitor(ctx, written_off, limitation)
    if limitation.unknown is not None:
        ctx.warn("unknown_law", limitation.unknown)
        return _guard(ctx, "manual_review", limitation.unknown)
    if limitation.time_barred:
        return _guard(
            ctx,
            "write_off",
            say(
                m.TIME_BARRED,
                date=limitation.expires_on + timedelta(days=1) if limitation.expires_on else as_of,
            ),
        )
    if limitation.expires_on is not None:
        ctx.deadline("limitation expires", limitation.expires_on, _preserve(ctx, limitation))
    if delivery.missing_due is not None:
        return _guard(
            ctx, "manual_review", say(m.RESENT_WITHOUT_DUE_DATE, date=delivery.missing_due)
        )
    if not delivery.evidenced:
        ctx.warn("not_delivered", delivery.reason)
        return _guard(ctx, "resend_invoice", say(m.NOT_DELIVERED, reason=delivery.reason))
    if ledger.interest_unknown is not None:
        # only the amount depends on it: decide the action, count interest as far as known
        ctx.warn("unknown_law", _interest_warning(ctx, ledger))
    local = _local_policy(ctx, ledger, limitation, due)
    if local is not None:
        return local
    if ctx.past.ended:
        after = _after_proceedings(ctx, limitation)
        if after is not None:
            return after
    ctx.missed  # noqa: B018  (looked for before the ladder, so that it is warned of)
    ladder = ctx.profile.spec.ladders[ctx.ctype.ladder]
    plan = _active_plan(ctx)
    resume = plan + timedelta(days=1) if plan is not None else None
    # under a plan the step waits for its end: its law and its fee are those of that day
    action, on, reason, fee = _ladder_step(ctx, ladder, ledger, delivery, due, resume)
    if plan is not None and resume is not None and action not in ("manual_review",):
        if on < resume:
            ctx.note(
                "guards.payment_plan",
                say(m.PLAN_RUNS, until=plan, date=resume),
            )
            on = resume
            reason = say(m.PLAN_WAIT, reason=reason, date=plan)
        ctx.deadline("payment plan ends", plan)
    return action, on, reason, fee if action != "manual_review" else zero


def _monitor(
    ctx: _Context, written_off: date, limitation: LimitationState
) -> tuple[str, date, str, Decimal]:
    """A written-off claim: long-term monitoring until limitation, which still runs (the
    write-off is a booking, not a waiver), and its end once the claim is time-barred."""
    if limitation.unknown is not None:
        ctx.warn("unknown_law", limitation.unknown)
        return _guard(ctx, "manual_review", limitation.unknown)
    if limitation.time_barred:
        assert limitation.expires_on is not None
        barred = limitation.expires_on + timedelta(days=1)
        return _guard(ctx, "write_off", say(m.MONITOR_ENDS, date=written_off, barred=barred))
    if limitation.expires_on is None:
        return _guard(ctx, "monitor", say(m.MONITOR_SUSPENDED, date=written_off))
    ctx.deadline("limitation expires", limitation.expires_on, _preserve(ctx, limitation))
    return _guard(
        ctx, "monitor", say(m.MONITOR_UNTIL, date=written_off, until=limitation.expires_on)
    )


def _local_policy(
    ctx: _Context, ledger: Ledger, limitation: LimitationState, due: date
) -> tuple[str, date, str, Decimal] | None:
    """The municipality's own policies (``local``) that stop the ladder: a balance below its
    small-amount threshold, or a claim its write-off policy proposes to write off. ``None``
    when neither applies. Both come after the law's guards, and neither charges a fee."""
    local = ctx.profile.spec.local
    who = local.municipality or m.W_MUNICIPALITY
    small = local.small_balance
    if small is not None:
        left = ledger.total.quantize(ctx.profile.minor_unit)
        if left < small.below:
            reason = say(m.SMALL_BALANCE, amount=left, who=who, below=small.below)
            ctx.note("local.small_balance", reason, small.source.cite())
            return small.action, ctx.as_of, reason, Decimal(0)
    policy = local.write_off_policy
    if (
        policy is not None
        and _active_plan(ctx) is None
        and limitation.suspended_since is None  # legal proceedings are running
    ):
        basis = enforceable(ctx.profile.spec, ctx.ctype, ctx.past.judged)
        if policy_write_off(policy, ctx.claim.claim_type, due, ctx.as_of, basis):
            reason = say(
                m.POLICY_WRITE_OFF,
                date=due,
                years=policy.after_years,
                basis=m.NO_ENFORCEMENT_BASIS if policy.without_enforcement_basis else m.ANY_BASIS,
                who=who,
            )
            ctx.note("local.write_off_policy", reason, policy.source.cite())
            return "write_off", ctx.as_of, reason, Decimal(0)
    return None


def _after_proceedings(
    ctx: _Context, limitation: LimitationState
) -> tuple[str, date, str, Decimal] | None:
    """The profile's next step (``limitation.after_proceedings.next_step``) when the latest
    legal proceedings ended without a decision and no legal step was taken since; ``None``
    otherwise (the ladder then proposes the ended step again)."""
    after = ctx.profile.spec.limitation.after_proceedings
    if after is None or not after.next_step or limitation.expires_on is None:
        return None
    for event in reversed(ctx.past.events):
        if event.kind == "legal_step":
            return None  # a step was taken after the proceedings ended: the ladder goes on
        if isinstance(event, ProceedingsEnded):
            action = after.next_step.get(event.step)
            if action is None:
                return None
            reason = say(
                m.PROCEEDINGS_NEXT,
                step=m.event_words(f"legal_step.{event.step}"),
                date=event.on,
                action=m.action_words(action),
                until=limitation.expires_on,
            )
            ctx.note("limitation.after_proceedings.next_step", reason, after.source.cite())
            return action, ctx.as_of, reason, Decimal(0)
    return None


def _interest_warning(ctx: _Context, ledger: Ledger) -> str:
    """The ``unknown_law`` warning for interest counted only as far as its rate is known."""
    if ledger.interest_gap is None:
        return ledger.interest_unknown or "the interest rate is unknown law"
    return say(
        m.INTEREST_KNOWN_THROUGH,
        date=ledger.interest_known_through,
        unknown=ctx.missing(ledger.interest_gap),
    )


def _guard(ctx: _Context, action: str, reason: str) -> tuple[str, date, str, Decimal]:
    ctx.note(f"guards.{action}", reason)
    return action, ctx.as_of, reason, Decimal(0)


def _active_plan(ctx: _Context) -> date | None:
    """The last day of the payment plan in force on the as-of day, or ``None``: no plan, it
    ended, it was breached, or one of its instalments was missed (``_Context.missed``)."""
    until = ctx.past.plan_until
    if until is None or until < ctx.as_of or ctx.missed is not None:
        return None
    return until


def _pick(ctx: _Context, item: Step | StepChoice, ledger: Ledger) -> Step | Gap | None:
    """The step at a ladder position: the one alternative whose condition the claim meets,
    ``None`` when not exactly one does, or the :class:`Gap` of a condition's unknown value."""
    if isinstance(item, Step):
        return item
    matching: list[Step] = []
    for step in item.choose:
        matched = _matches(ctx, step, ledger)
        if isinstance(matched, Gap):
            return matched
        if matched:
            matching.append(step)
    if len(matching) == 1:
        return matching[0]
    return None


def _matches(ctx: _Context, step: Step, ledger: Ledger) -> bool | Gap:
    when = step.when
    if when is None:
        return True
    if when.debtor_kind is not None and when.debtor_kind != ctx.claim.debtor.kind:
        return False
    params = ctx.profile.spec.parameters
    for key, below in (("principal_below", True), ("principal_at_least", False)):
        name = getattr(when, key)
        if name is None:
            continue
        resolved = params[name].at(ctx.as_of)
        if resolved is None or not resolved.known or resolved.value is None:
            return Gap(params[name], ctx.as_of, say(m.GAP_PARAMETER, name=name))
        if below != (ledger.principal < resolved.value):
            return False
    return True


def _ladder_step(
    ctx: _Context,
    ladder: Ladder,
    ledger: Ledger,
    delivery: Delivery,
    due: date,
    not_before: date | None = None,
) -> tuple[str, date, str, Decimal]:
    """The ladder's next step, its earliest lawful day, reason and fee. The step's law in
    force and its fee are taken on the day it can be taken: its own day, the as-of day, or
    ``not_before`` (the day after a payment plan), whichever is latest."""
    # A notice sent before the claim was late (or before the invoice that counts) is premature:
    # it neither counts as a step nor starts the clock for the next one.
    void = ledger.void_ids()
    start = max(delivery.cycle_start, due + timedelta(days=1))
    past = ctx.past
    latest: dict[str, date] = {}  # each event name's latest day (the events are in date order)
    for event, (ref, on) in zip(past.events, past.refs, strict=True):
        # a legal step whose proceedings ended without a decision is to be taken again
        if on >= start and id(event) not in void and id(event) not in past.ended:
            latest[ref] = on
    taken: dict[int, date] = {}
    for index, refs in enumerate(_ladder_refs(ctx, ladder)):
        # The latest event of a step anchors the next one (two reminders: the second's deadline).
        dates = [latest[ref] for ref in refs if ref in latest]
        if dates:
            taken[index] = max(dates)
    last = max(taken, default=-1)
    if last + 1 >= len(ladder.steps):
        reason = say(m.LADDER_DONE, ladder=ladder.title)
        ctx.note(f"ladders.{ctx.ctype.ladder}", reason)
        return "monitor", ctx.as_of, reason, Decimal(0)
    position = last + 1
    step = _pick(ctx, ladder.steps[position], ledger)
    rule = f"ladders.{ctx.ctype.ladder}.steps.{position}"
    if isinstance(step, Gap):
        reason = say(m.NEXT_DEPENDS_ON, unknown=ctx.missing(step))
        ctx.warn("unknown_law", reason)
        ctx.note(rule, reason)
        return "manual_review", ctx.as_of, reason, Decimal(0)
    if step is None:
        reason = m.NO_SINGLE_ALTERNATIVE
        ctx.note(rule, reason)
        return "manual_review", ctx.as_of, reason, Decimal(0)
    anchor_name = step.not_before.after
    if anchor_name == "due_date":
        anchor = due
    elif anchor_name == "previous_step":
        anchor = taken[last] if last >= 0 else due
    else:
        judgment = ctx.past.first.get("judgment")
        if judgment is None:
            reason = say(m.NEEDS_JUDGMENT, action=m.action_words(step.action))
            ctx.note(rule, reason, step.source.cite())
            return "manual_review", ctx.as_of, reason, Decimal(0)
        anchor = judgment
    days = step.not_before.days
    days_citation = ""
    if isinstance(days, str):
        param = ctx.profile.spec.parameters[days]
        resolved = param.at(anchor)
        if resolved is None or not resolved.known or resolved.value is None:
            gap = Gap(param, anchor, say(m.GAP_PARAMETER, name=days))
            reason = say(
                m.EARLIEST_DEPENDS_ON,
                action=m.action_words(step.action),
                unknown=ctx.missing(gap),
            )
            ctx.warn("unknown_law", reason)
            return "manual_review", ctx.as_of, reason, Decimal(0)
        days_citation = resolved.cite()
        days = int(resolved.value)
    on = anchor + timedelta(days=days + (1 if step.not_before.deadline_expired else 0))
    anchor_words = anchor_name.replace("_", " ")
    when_text = say(m.DAYS_AFTER, days=days, anchor=anchor_words, date=anchor)
    if step.not_before.deadline_expired:
        when_text = say(m.DEADLINE_PASSED, days=days, anchor=anchor_words, date=anchor)
    reason = step.reason or say(
        m.LADDER_NEXT,
        ladder=ladder.title,
        action=m.action_words(step.action),
        date=on,
        when=when_text,
    )
    taken_on = max(on, ctx.as_of) if not_before is None else max(on, ctx.as_of, not_before)
    if step.in_force is not None:
        lawful = step.in_force.at(taken_on)
        if lawful is None or not lawful.known or lawful.value is not True:
            what = m.action_words(step.action)
            if lawful is not None and lawful.known:
                why = say(m.STEP_LAW_REPEALED, citation=lawful.cite())
            else:
                why = say(m.STEP_LAW_UNKNOWN, where=ctx.profile.where(step.in_force, taken_on))
            reason = say(
                m.STEP_NOT_LAWFUL, ladder=ladder.title, action=what, date=taken_on, why=why
            )
            ctx.warn("unknown_law", reason)
            note = f" ({lawful.note.strip()})" if lawful is not None and lawful.note else ""
            reason += note
            ctx.note(rule, reason, step.in_force.source.cite() if step.in_force.source else "")
            return "manual_review", ctx.as_of, reason, Decimal(0)
    if ctx.tracing != "none":
        ctx.note(rule, reason, "; ".join(c for c in (step.source.cite(), days_citation) if c))
    if step.warning is not None:
        ctx.warn(step.warning.code, step.warning.message)
    fee = Decimal(0)
    if step.fee is not None:
        sent_on = taken_on
        fees = ctx.profile.spec.fees.get(ctx.ctype.fees)
        if fees is None:
            return step.action, on, reason, fee
        decided = fee_for(
            fees,
            ctx.profile.spec.local,
            step.fee,
            sent_on,
            due,
            ledger.history,
            debtor_kind=ctx.claim.debtor.kind,
            memo=ctx.fee_memo(),
        )
        if decided.unknown is not None:
            _fee_unknown(ctx, step, sent_on, decided)
            return step.action, on, reason, fee
        fee = decided.amount
        if ctx.tracing != "none":
            ctx.note(
                f"fees.{step.fee}",
                say(m.FEE_IF_SENT, date=sent_on, amount=fee, why="; ".join(decided.reasons)),
                "; ".join(decided.citations),
            )
    return step.action, on, reason, fee


def _fee_unknown(ctx: _Context, step: Step, sent_on: date, decided: FeeDecision) -> None:
    """A step whose fee cannot be known: it is proposed without a fee, and says so."""
    why = ctx.missing(decided.gap) if decided.gap is not None else decided.unknown
    text = say(m.FEE_NOT_CHARGED, action=m.action_words(step.action), why=why)
    ctx.warn("unknown_law", text)
    ctx.note(f"fees.{step.fee}", say(m.FEE_IF_SENT, date=sent_on, amount=0, why=text))


def _horizon_warnings(
    ctx: _Context, limitation: LimitationState, lien: LienState | None, action: str
) -> None:
    if action in ("write_off", "none", "refund"):
        return
    horizons = ctx.profile.spec.warnings
    as_of = ctx.as_of
    if (
        limitation.expires_on is not None
        and not limitation.time_barred
        and limitation.unknown is None
    ):
        left = (limitation.expires_on - as_of).days
        if left <= horizons.limitation_horizon_days:
            ctx.warn(
                "limitation_expiring",
                say(
                    m.WARN_LIMITATION,
                    date=limitation.expires_on,
                    days=left,
                    step=_preserve(ctx, limitation),
                ),
            )
    if (
        lien is not None
        and lien.expires_on is not None
        and lien.preserved_on is None
        and not lien.lapsed
    ):
        left = (lien.expires_on - as_of).days
        if left <= horizons.lien_horizon_days:
            ctx.warn(
                "lien_expiring",
                say(m.WARN_LIEN, lien=lien.name, date=lien.expires_on, days=left, step=lien.step),
            )


def _deduction_stopped(ctx: _Context, action: str) -> str | None:
    """The ``deduction_stopped`` warning for a wage deduction that has brought no payment for
    longer than ``warnings.deduction_gap``; returns the reason for a manual review when the
    claim would otherwise only be watched (``monitor``), ``None`` otherwise."""
    gap = ctx.profile.spec.warnings.deduction_gap
    if gap is None or action in ("none", "refund", "write_off") or "written_off" in ctx.past.first:
        return None
    if "legal_step" not in ctx.past.first:
        return None
    since = deduction_silent_since(ctx.past, gap.days, ctx.as_of)
    if since is None:
        return None
    text = say(
        m.WARN_DEDUCTION_STOPPED,
        date=since,
        days=(ctx.as_of - since).days,
        step=gap.next_step,
        citation=gap.source.cite(),
    )
    ctx.warn("deduction_stopped", text)
    if action != "monitor":
        return None
    ctx.note("warnings.deduction_gap", text, gap.source.cite())
    return text


def _no_movement(ctx: _Context, action: str, due: date) -> None:
    """The ``no_movement`` warning for an unpaid claim that has stood still longer than its
    claim type's threshold (``warnings.no_movement``); not for one written off (monitoring
    expects no movement) or one to be written off now."""
    rule = ctx.profile.spec.warnings.no_movement.get(ctx.claim.claim_type)
    if rule is None or action in ("none", "refund", "write_off"):
        return
    if "written_off" in ctx.past.first:
        return
    since = stalled_since(ctx.past, due, ctx.as_of, rule)
    if since is not None:
        ctx.warn("no_movement", say(m.WARN_NO_MOVEMENT, date=since, months=rule.months))


def _ladder_refs(ctx: _Context, ladder: Ladder) -> list[frozenset[str]]:
    """The events that take each step of the claim type's ladder (made once per profile)."""
    memo = ctx.profile.memo.setdefault("ladder_refs", {})
    found: list[frozenset[str]] | None = memo.get(ctx.ctype.ladder)
    if found is None:
        found = [
            frozenset(
                ref
                for step in (item.choose if isinstance(item, StepChoice) else [item])
                for ref in step.taken_by
            )
            for item in ladder.steps
        ]
        memo[ctx.ctype.ladder] = found
    return found


def _preserve(ctx: _Context, limitation: LimitationState) -> str:
    """What keeps the claim from limitation: the profile's step after proceedings that ended
    without a decision, while that additional period runs, or else the ladder's step."""
    return limitation.preserve or _preserving_step(ctx)


def _preserving_step(ctx: _Context) -> str:
    """The ladder step whose event would interrupt limitation from here, in plain words (the
    same for every claim of a ladder, before and after a judgment: made once per profile)."""
    judged = ctx.past.judged
    memo = ctx.profile.memo.setdefault("preserving_step", {})
    key = (ctx.ctype.ladder, judged)
    found: str | None = memo.get(key)
    if found is None:
        found = memo[key] = _find_preserving_step(ctx, judged)
    return found


def _find_preserving_step(ctx: _Context, judged: bool) -> str:
    spec = ctx.profile.spec
    interrupting = set(spec.limitation.interruptions)
    for item in spec.ladders[ctx.ctype.ladder].steps:
        for step in item.choose if isinstance(item, StepChoice) else [item]:
            refs = [ref for ref in step.taken_by if ref in interrupting]
            if refs and (step.not_before.after == "judgment") == judged:
                ways = m.either_or([m.event_words(ref) for ref in refs])
                return say(m.PRESERVE_BY, action=m.action_words(step.action), ways=ways)
    return m.PRESERVE_ANY
