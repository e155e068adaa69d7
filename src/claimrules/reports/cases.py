"""Debtor cases: every debtor's claims together, as a collection office works them.

:func:`debtor_cases` decides each claim and groups the decisions by debtor: the total
outstanding by part (principal, interest, fees), the earliest limitation or lien lapse among
the debtor's claims, and the steps due now. The law is applied per claim, as it is written;
where a profile says that the law limits fees across several claims of one debtor (a fee
regime's ``combined_letter``), the case says so and shows the fee for one letter. Where the
law sets no such limit, no rule is invented.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from claimrules.engine.core import decide
from claimrules.law.profile import Profile
from claimrules.model.claims import Claim
from claimrules.model.decision import Decision

__all__ = ["CaseClaim", "CaseDeadline", "CaseLetter", "DebtorCase", "debtor_cases"]

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
    grouped: dict[str, list[tuple[Claim, Decision]]] = {}
    for claim in claims:
        grouped.setdefault(claim.debtor.id, []).append(
            (claim, decide(claim, profile, as_of, trace="none"))
        )
    cases = [_case(pairs, profile, as_of) for pairs in grouped.values()]
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


def _case(pairs: list[tuple[Claim, Decision]], profile: Profile, as_of: date) -> DebtorCase:
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
