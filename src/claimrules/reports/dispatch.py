"""The dispatch audit: invoices with no proof they left, grouped by issue month, claim type and
channel, with any collection already taken on them (the Kujalleq lesson; ``claimrules
audit-dispatch``)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from claimrules.engine.core import check_fits
from claimrules.errors import ClaimError
from claimrules.law.profile import Profile
from claimrules.model.claims import Claim, core_claim
from claimrules.rules.delivery import delivery_status

__all__ = ["DispatchAudit", "DispatchGap", "DispatchGroup", "audit_dispatch"]


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
        status = delivery_status(core_claim(claim), profile, as_of)
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
