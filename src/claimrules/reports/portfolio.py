"""Many claims at once: the aging report of a ledger, and (for the paths published before the
reports had a module each) the deadlines at risk (:mod:`claimrules.reports.deadlines`), the
claims with no movement (:mod:`claimrules.reports.stalled`), the dispatch audit
(:mod:`claimrules.reports.dispatch`) and batch deciding (:mod:`claimrules.engine.batch`); one bad
claim never stops the batch."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from claimrules.engine.batch import decide_json_lines, decide_many, decide_one, record_one
from claimrules.errors import ClaimError
from claimrules.law.profile import Profile
from claimrules.model.claims import Claim, claim_from_json
from claimrules.model.decision import Decision
from claimrules.reports.aging import AgingReport, aging_report
from claimrules.reports.deadlines import AtRisk, deadlines_at_risk
from claimrules.reports.dispatch import DispatchAudit, DispatchGap, DispatchGroup, audit_dispatch
from claimrules.reports.stalled import Stalled, stalled_claims

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
