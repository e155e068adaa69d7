"""What a notice letter must say, filled in for one claim on the day it is sent.

The decision says which notice is next (``send_reminder``, ``send_collection_notice``,
``send_payment_demand``) and from when; the profile's ladder step says what the law requires
its letter to contain (``notice``: the heading, the deadline in days, the consequence, and each
requirement with its source). :func:`notice_content` decides the claim on the day the letter is
sent and fills in every field from the decision and the state it was made from: the amounts
part by part with this notice's fee, the interest rate and the day interest is counted from,
the deadline as a date (the day sent plus the days the law requires: Norway's inkassoloven § 9
deadline is not moved off a holiday, Ot.prp. nr. 2 (1997-98) s. 114), the consequence, the
parties. What the law requires and the host has not given (the debtor's name and address) is
listed in :attr:`~claimrules.model.notice.NoticeContent.missing`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from claimrules.engine.core import decide_state
from claimrules.errors import ClaimError
from claimrules.law.profile import Profile
from claimrules.law.schema import NoticeSpec, Step, StepChoice
from claimrules.model.casefile import CaseCreditor, CaseParty, Parties
from claimrules.model.claims import Claim
from claimrules.model.decision import Decision
from claimrules.model.notice import (
    NoticeAmounts,
    NoticeContent,
    NoticeRate,
    NoticeRequirementMet,
)
from claimrules.reports.casefile import creditor_of, debtor_of, parties_of
from claimrules.rules.state import ClaimState

__all__ = ["NOTICE_STEPS", "notice_content", "notice_step"]

NOTICE_STEPS = frozenset({"send_reminder", "send_collection_notice", "send_payment_demand"})
"""The steps that send the debtor a letter."""

_STEP_RULE = re.compile(r"^ladders\.(\w+)\.steps\.(\d+)(?:\.choose\.(\d+))?$")


def notice_content(
    claim: Claim,
    profile: Profile,
    sent_on: date,
    parties: Parties | Mapping[str, Any] | None = None,
) -> NoticeContent:
    """The content of the notice letter ``claim``'s decision proposes, sent on ``sent_on``.

    Raises:
        ClaimError: the claim does not fit the profile; on ``sent_on`` its next step is not a
            notice, or not yet lawful (the message says which step and from when); or the
            profile does not say what the step's letter must contain (field ``notice``).
    """
    given = parties_of(parties, claim)
    decision, state = decide_state(claim, profile, sent_on)
    step = notice_step(decision, state)
    spec = step.notice
    assert spec is not None
    days = _deadline_days(spec, profile, sent_on)
    creditor, debtor = creditor_of(given, profile), debtor_of(given, claim)
    unit = profile.minor_unit
    balance = decision.balance
    fee = decision.fee.quantize(unit)
    rates = _rates(state)
    values = {
        "heading": spec.heading,
        "creditor": creditor.name,
        "claim": f"{state.ctype.title} ({claim.id})",
        "amount": str(balance.total + fee),
        "amount_split": f"{balance.principal} + {balance.interest} + {balance.fees + fee}",
        "interest": _interest_text(rates),
        "deadline": (sent_on + timedelta(days=days)).isoformat(),
        "consequence": spec.consequence,
        "fee": str(fee),
        "objection": "yes",
    }
    requirements = tuple(
        NoticeRequirementMet(
            field=item.field,
            met_by=values.get(item.field),
            status=item.status,
            citation=item.source.cite(),
            note=" ".join(item.note.split()) if item.note else None,
        )
        for item in spec.requirements
    )
    fields = {item.field for item in spec.requirements}
    return NoticeContent(
        notice=decision.action,
        heading=spec.heading,
        profile_id=decision.profile_id,
        profile_hash=decision.profile_hash,
        sent_on=sent_on,
        deadline=sent_on + timedelta(days=days),
        deadline_days=days,
        consequence=spec.consequence,
        objection="objection" in fields,
        creditor=creditor,
        debtor=debtor,
        claim_id=claim.id,
        claim_type=claim.claim_type,
        claim_title=state.ctype.title,
        issued_on=claim.issued_on,
        due_on=state.due,
        amounts=NoticeAmounts(
            currency=decision.currency,
            principal=balance.principal,
            interest=balance.interest,
            interest_known_through=balance.interest_known_through,
            fees=balance.fees,
            fee=fee,
            total=balance.total + fee,
        ),
        interest_from=rates[0].start if rates else None,
        rates=rates,
        requirements=requirements,
        missing=_missing(creditor, debtor),
        reason=decision.reason,
    )


def notice_step(decision: Decision, state: ClaimState) -> Step:
    """The ladder step whose letter ``decision`` proposes sending (read from its trace: the
    ladder rule that proposed it).

    Raises:
        ClaimError: the decision's action is not a notice, is not yet lawful on the as-of day,
            or its step says nothing of its letter.
    """
    claim_id = state.claim.id
    if decision.action not in NOTICE_STEPS:
        raise ClaimError(
            claim_id,
            "action",
            f"its next action on {decision.as_of} is {decision.action}, not a notice "
            f"({', '.join(sorted(NOTICE_STEPS))})",
        )
    if not decision.ready:
        raise ClaimError(
            claim_id,
            "action",
            f"{decision.action} is lawful from {decision.on}, not yet on {decision.as_of}: "
            "send it on or after that day",
        )
    for entry in reversed(decision.trace):
        found = _STEP_RULE.match(entry.rule)
        if found is None:
            continue
        ladder = state.profile.spec.ladders[found.group(1)]
        item = ladder.steps[int(found.group(2))]
        if isinstance(item, StepChoice):
            if found.group(3) is None:
                continue
            step = item.choose[int(found.group(3))]
        else:
            step = item
        if step.action != decision.action:
            continue
        if step.notice is None:
            raise ClaimError(
                claim_id,
                "notice",
                f"profile {state.profile.id} does not say what the letter of "
                f"{entry.rule} ({decision.action}) must contain",
            )
        return step
    raise ClaimError(claim_id, "notice", f"no ladder step proposed {decision.action}")


def _deadline_days(spec: NoticeSpec, profile: Profile, on: date) -> int:
    """The letter's deadline in days: the number, or the named parameter in force on ``on``."""
    if isinstance(spec.deadline_days, int):
        return spec.deadline_days
    resolved = profile.spec.parameters[spec.deadline_days].at(on)
    if resolved is None or resolved.value is None:
        raise ClaimError(
            None,
            "notice",
            f"the deadline {spec.deadline_days} in force on {on} is unknown law",
        )
    return int(resolved.value)


def _rates(state: ClaimState) -> tuple[NoticeRate, ...]:
    """The interest rates applied, each with the days it applied (consecutive periods at one
    rate joined)."""
    joined: list[NoticeRate] = []
    for first, last, _days, rate, _base, _amount in state.ledger.interest_periods:
        if joined and joined[-1].rate == rate and joined[-1].end + timedelta(days=1) >= first:
            joined[-1] = NoticeRate(start=joined[-1].start, end=last, rate=rate)
        else:
            joined.append(NoticeRate(start=first, end=last, rate=rate))
    return tuple(joined)


def _interest_text(rates: tuple[NoticeRate, ...]) -> str | None:
    """The rates as data for a requirement's ``met_by``: ``12.25 % from 2025-11-21; ...``."""
    if not rates:
        return None
    return "; ".join(f"{rate.rate} % from {rate.start.isoformat()}" for rate in rates)


def _missing(creditor: CaseCreditor, debtor: CaseParty) -> tuple[str, ...]:
    """What a letter needs of the parties that neither the host nor the profile gives: the
    creditor's name (its letterhead; inkassoloven § 10 requires it) and the debtor's name and
    address (a letter is addressed)."""
    missing = []
    if creditor.name is None:
        missing.append("creditor.name")
    if debtor.name is None:
        missing.append("debtor.name")
    if debtor.address is None:
        missing.append("debtor.address")
    return tuple(missing)
