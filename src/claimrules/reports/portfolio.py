"""Many claims at once: stream decisions, audit dispatch; one bad claim never stops the batch."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from claimrules.engine.batch import decide_json_lines, decide_many, decide_one, record_one
from claimrules.engine.core import check_fits, decide_state
from claimrules.errors import ClaimError
from claimrules.law.profile import Profile
from claimrules.model.claims import Claim, claim_from_json
from claimrules.model.decision import Decision
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
