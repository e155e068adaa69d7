"""Debtor cases: every debtor's claims together, as a collection office works them.

:func:`debtor_cases` decides each claim and groups the decisions by debtor: the total
outstanding by part (principal, interest, fees), the earliest limitation or lien lapse among
the debtor's claims, and the steps due now. The law is applied per claim, as it is written;
where a profile says that the law limits fees across several claims of one debtor (a fee
regime's ``combined_letter``), the case says so and shows the fee for one letter. Where the
law sets no such limit, no rule is invented.

Set-off before refund: a claim overpaid is decided ``refund`` on its own, but the debtor may
owe the creditor on other claims. Where the profile says the law allows set-off
(``allocation.offset``), the case proposes setting the credit off against the debtor's other
claims that may lawfully be set off (:func:`offset_bar` says why a claim may not), the oldest
effective due date first, and a refund only of what is left; what is left below the
municipality's own threshold (``local.small_credit``) is carried forward to the next invoice
where its policy says so. Set-off is declared to the debtor; the case proposes it, the host
books it (an ``offset`` event on each claim).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from pydantic import BaseModel, ConfigDict, Field

from claimrules.engine.core import decide_state
from claimrules.law.profile import Profile
from claimrules.law.schema import OffsetRule
from claimrules.model import messages as m
from claimrules.model.claims import Claim
from claimrules.model.decision import Decision
from claimrules.rules.state import ClaimState

__all__ = [
    "CaseClaim",
    "CaseDeadline",
    "CaseLetter",
    "CaseOffset",
    "CaseRefund",
    "DebtorCase",
    "NotOffset",
    "debtor_cases",
    "offset_bar",
]

WAITING = frozenset({"none", "refund", "monitor"})
"""Actions that are not a step for the collection office to take now."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class CaseClaim(_Frozen):
    """One claim of a debtor's case and its decision."""

    claim_id: str
    claim_type: str
    due_on: date
    action: str
    on: date
    ready: bool
    fee: Decimal
    principal: Decimal
    interest: Decimal
    fees: Decimal
    total: Decimal
    limitation_expires_on: date | None
    reason: str


class CaseDeadline(_Frozen):
    """The earliest limitation or lien lapse among a debtor's claims that still owe."""

    claim_id: str
    name: str
    on: date
    preserve: str


class CaseLetter(_Frozen):
    """Several steps of one kind due now for one debtor that the law lets the creditor send in
    one letter for one fee (the fee regime's ``combined_letter``)."""

    action: str
    claim_ids: tuple[str, ...]
    fee: Decimal = Field(description="The one fee for the letter: the highest of the claims' fees")
    fees_if_separate: Decimal = Field(description="The fees if each claim got its own letter")
    citation: str


class CaseOffset(_Frozen):
    """A credit on one claim set off against what the debtor owes on another (proposed)."""

    from_claim: str = Field(description="The overpaid claim whose credit is set off")
    to_claim: str = Field(description="The claim the credit pays")
    amount: Decimal
    citation: str = Field(description="The law that allows the set-off (allocation.offset)")


class CaseRefund(_Frozen):
    """What is left of a claim's credit after any set-off, and what to do with it."""

    claim_id: str
    amount: Decimal
    action: str = Field(
        description="refund (pay it back) or carry_forward (the municipality's own policy for "
        "small credits, local.small_credit: kept for the next invoice)"
    )


class NotOffset(_Frozen):
    """A claim the debtor owes on that a credit is not set off against, and why."""

    claim_id: str
    reason: str


class DebtorCase(_Frozen):
    """A debtor's claims with their decisions, totals by part, the earliest deadline and the
    steps due now."""

    debtor_id: str
    debtor_kind: str
    currency: str
    as_of: date
    claims: tuple[CaseClaim, ...]
    principal: Decimal
    interest: Decimal
    fees: Decimal
    total: Decimal
    earliest_deadline: CaseDeadline | None
    due_now: tuple[CaseClaim, ...] = Field(description="The claims with a step to take today")
    letters: tuple[CaseLetter, ...] = Field(
        default=(), description="Steps the law lets the creditor combine for one fee"
    )
    offsets: tuple[CaseOffset, ...] = Field(
        default=(), description="Credits set off against the debtor's other claims (proposed)"
    )
    refunds: tuple[CaseRefund, ...] = Field(
        default=(), description="What is left of each credit after set-off, and what to do"
    )
    not_offset: tuple[NotOffset, ...] = Field(
        default=(),
        description="Where a credit is left and the debtor owes on a claim it is not set off "
        "against: the claim, and why",
    )

    def record(self) -> dict[str, object]:
        """One flat row for CSV: the debtor, the totals, the earliest deadline, the steps."""
        deadline = self.earliest_deadline
        return {
            "debtor_id": self.debtor_id,
            "debtor_kind": self.debtor_kind,
            "claims": len(self.claims),
            "currency": self.currency,
            "principal": self.principal,
            "interest": self.interest,
            "fees": self.fees,
            "total": self.total,
            "earliest_deadline_on": deadline.on if deadline else None,
            "earliest_deadline": deadline.name if deadline else None,
            "earliest_deadline_claim": deadline.claim_id if deadline else None,
            "due_now": " ".join(f"{c.claim_id}:{c.action}" for c in self.due_now),
            "offsets": " ".join(f"{o.from_claim}>{o.to_claim}:{o.amount}" for o in self.offsets),
            "refunds": " ".join(f"{r.claim_id}:{r.action}:{r.amount}" for r in self.refunds),
        }


def debtor_cases(
    claims: Iterable[Claim],
    profile: Profile,
    as_of: date,
    *,
    owing_only: bool = True,
) -> list[DebtorCase]:
    """Decide every claim on ``as_of`` and group the decisions by debtor.

    ``owing_only``: leave out debtors who owe nothing (every claim settled or refunded).
    Cases come with the earliest deadline first (debtors without one last), then the largest
    total. Raises :class:`~claimrules.errors.ClaimError` for a claim that does not fit the
    profile (the CLI reports and skips it)."""
    grouped: dict[str, list[tuple[Claim, Decision, ClaimState]]] = {}
    for claim in claims:
        decision, state = decide_state(claim, profile, as_of, trace="none")
        grouped.setdefault(claim.debtor.id, []).append((claim, decision, state))
    cases = [_case(triples, profile, as_of) for triples in grouped.values()]
    if owing_only:
        cases = [case for case in cases if case.total > 0]
    far = date.max
    return sorted(
        cases,
        key=lambda c: (
            c.earliest_deadline.on if c.earliest_deadline else far,
            -c.total,
            c.debtor_id,
        ),
    )


def _case(
    triples: list[tuple[Claim, Decision, ClaimState]], profile: Profile, as_of: date
) -> DebtorCase:
    pairs = [(claim, decision) for claim, decision, _ in triples]
    rows: list[CaseClaim] = []
    deadline: CaseDeadline | None = None
    for claim, decision in sorted(pairs, key=lambda p: (p[0].due_on, p[0].id)):
        balance = decision.balance
        rows.append(
            CaseClaim(
                claim_id=claim.id,
                claim_type=claim.claim_type,
                due_on=claim.due_on,
                action=decision.action,
                on=decision.on,
                ready=decision.ready,
                fee=decision.fee,
                principal=balance.principal,
                interest=balance.interest,
                fees=balance.fees,
                total=balance.total,
                limitation_expires_on=decision.limitation.expires_on
                if decision.limitation
                else None,
                reason=decision.reason,
            )
        )
        if balance.total <= 0:
            continue
        for item in decision.deadlines:
            if item.preserve and (deadline is None or item.on < deadline.on):
                deadline = CaseDeadline(
                    claim_id=claim.id, name=item.name, on=item.on, preserve=item.preserve
                )
    zero = Decimal(0).quantize(profile.minor_unit)
    set_off = _set_off(triples, profile, as_of)
    due_now = tuple(r for r in rows if r.ready and r.action not in WAITING)
    first = pairs[0][0]
    return DebtorCase(
        debtor_id=first.debtor.id,
        debtor_kind=first.debtor.kind,
        currency=first.currency,
        as_of=as_of,
        claims=tuple(rows),
        principal=sum((r.principal for r in rows), zero),
        interest=sum((r.interest for r in rows), zero),
        fees=sum((r.fees for r in rows), zero),
        total=sum((r.total for r in rows), zero),
        earliest_deadline=deadline,
        due_now=due_now,
        letters=_letters(due_now, pairs, profile),
        offsets=set_off.offsets,
        refunds=set_off.refunds,
        not_offset=set_off.not_offset,
    )


def _letters(
    due_now: tuple[CaseClaim, ...], pairs: list[tuple[Claim, Decision]], profile: Profile
) -> tuple[CaseLetter, ...]:
    """Fee-bearing steps of one kind due now on two or more claims whose fee regime allows one
    fee for one combined letter."""
    types = profile.spec.claim_types
    regimes = profile.spec.fees
    groups: dict[tuple[str, str], list[CaseClaim]] = {}
    for row in due_now:
        regime = regimes.get(types[row.claim_type].fees)
        if regime is None or regime.combined_letter is None or row.fee <= 0:
            continue
        groups.setdefault((types[row.claim_type].fees, row.action), []).append(row)
    letters: list[CaseLetter] = []
    for (regime_name, action), rows in sorted(groups.items()):
        if len(rows) < 2:
            continue
        rule = regimes[regime_name].combined_letter
        assert rule is not None
        letters.append(
            CaseLetter(
                action=action,
                claim_ids=tuple(r.claim_id for r in rows),
                fee=max(r.fee for r in rows),
                fees_if_separate=sum((r.fee for r in rows), Decimal(0)),
                citation=rule.source.cite(),
            )
        )
    return tuple(letters)


def offset_bar(decision: Decision, state: ClaimState, as_of: date) -> str | None:
    """Why a credit may not be set off against this claim (a sentence), or ``None`` when it
    may: the claim must be owed, due (its effective due date passed, the invoice shown to have
    reached the debtor), not time-barred, not disputed and not in insolvency proceedings."""
    if decision.balance.total <= 0:
        return None  # nothing owed: nothing to set off against (not listed)
    if not state.delivery.evidenced:
        return m.say(m.OFFSET_NOT_DELIVERED)
    if state.due >= as_of:
        return m.say(m.OFFSET_NOT_DUE, date=state.due)
    if decision.limitation is not None and decision.limitation.time_barred:
        return m.say(m.OFFSET_TIME_BARRED)
    opened = state.past.first.get("insolvency")
    if opened is not None:
        return m.say(m.OFFSET_INSOLVENCY, date=opened)
    if state.past.disputed_since is not None:
        return m.say(m.OFFSET_DISPUTED, date=state.past.disputed_since)
    return None


class _SetOff(NamedTuple):
    """What a debtor's case does with its credits."""

    offsets: tuple[CaseOffset, ...] = ()
    refunds: tuple[CaseRefund, ...] = ()
    not_offset: tuple[NotOffset, ...] = ()


def _set_off(
    triples: list[tuple[Claim, Decision, ClaimState]], profile: Profile, as_of: date
) -> _SetOff:
    """The set-offs, refunds and refusals of a debtor's case (see the module's description)."""
    credits = [
        (claim, -decision.balance.total)
        for claim, decision, _ in sorted(triples, key=lambda t: (t[0].due_on, t[0].id))
        if decision.action == "refund" and decision.balance.total < 0
    ]
    if not credits:
        return _SetOff()
    rule = profile.spec.allocation.offset
    lawful = rule is not None and rule.allowed is True
    owed: list[tuple[date, str, Decimal]] = []
    refused: list[NotOffset] = []
    for claim, decision, state in triples:
        if decision.balance.total <= 0:
            continue
        bar = offset_bar(decision, state, as_of) if lawful else _no_offset_rule(rule)
        if bar is None:
            owed.append((state.due, claim.id, decision.balance.total))
        else:
            refused.append(NotOffset(claim_id=claim.id, reason=bar))
    owed.sort()
    offsets: list[CaseOffset] = []
    refunds: list[CaseRefund] = []
    citation = rule.source.cite() if rule is not None else ""
    left_on = {claim_id: amount for _, claim_id, amount in owed}
    for claim, credit in credits:
        left = credit
        for _, claim_id, _ in owed:
            take = min(left, left_on[claim_id])
            if take <= 0:
                continue
            offsets.append(
                CaseOffset(from_claim=claim.id, to_claim=claim_id, amount=take, citation=citation)
            )
            left_on[claim_id] -= take
            left -= take
        if left > 0:
            refunds.append(CaseRefund(claim_id=claim.id, amount=left, action=_small(left, profile)))
    return _SetOff(
        tuple(offsets),
        tuple(refunds),
        tuple(refused) if any(r.amount > 0 for r in refunds) else (),
    )


def _no_offset_rule(rule: OffsetRule | None) -> str:
    """Why no set-off is proposed at all: the profile says it is not allowed, or does not
    know, or does not say."""
    if rule is None:
        return m.say(m.OFFSET_NOT_IN_PROFILE)
    if rule.allowed is False:
        return m.say(m.OFFSET_NOT_ALLOWED, citation=rule.source.cite())
    return m.say(m.OFFSET_UNKNOWN, citation=rule.source.cite())


def _small(left: Decimal, profile: Profile) -> str:
    """``carry_forward`` for a credit below the municipality's threshold where its policy
    says so (``local.small_credit``), else ``refund``."""
    policy = profile.spec.local.small_credit
    if policy is not None and left < policy.below and policy.action == "carry_forward":
        return "carry_forward"
    return "refund"
