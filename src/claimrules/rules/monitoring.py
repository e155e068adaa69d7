"""Long-term monitoring and the municipality's own policies on what not to escalate.

A claim written off in the accounts is not given up (rundskriv R-12/92; DFØ, "stille
innkrevingen i bero"): it is kept in an overview, reassessed before limitation, and a payment
that comes in later is income to book. This module reads those facts from the claim's folded
history (:mod:`claimrules.rules.history`):

- :func:`recovered` -- what was received after the write-off;
- :func:`last_movement` and :func:`stalled_since` -- when anything last happened to a claim,
  and whether that is longer ago than the profile's ``warnings.no_movement`` threshold;
- :func:`enforceable` and :func:`policy_write_off` -- whether the municipality's write-off
  policy (``local.write_off_policy``, its finance regulations, not law) proposes a write-off;

The engine (:mod:`claimrules.engine`) turns these facts into the decision and its sentences;
the monitoring report (:mod:`claimrules.reports.monitoring`) lists the written-off claims.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from claimrules.law.schema import (
    ClaimTypeSpec,
    NoMovement,
    ProfileSpec,
    StepChoice,
    WriteOffPolicy,
)
from claimrules.rules.history import History

__all__ = [
    "ENFORCING_ACTIONS",
    "NOT_MOVEMENT",
    "Recovery",
    "enforceable",
    "last_movement",
    "policy_write_off",
    "recovered",
    "stalled_since",
]

NOT_MOVEMENT = frozenset({"written_off"})
"""Events that are only the creditor's own bookkeeping: they do not count as movement on the
claim (every other event does: a payment, a notice, a legal step, a dispute, a plan)."""

ENFORCING_ACTIONS = frozenset({"request_distraint", "request_wage_deduction"})
"""Actions that enforce a claim (distraint, wage deduction)."""


@dataclass(frozen=True, slots=True)
class Recovery:
    """Money received on a claim after it was written off: income to book."""

    written_off_on: date
    amount: Decimal
    last_on: date


def recovered(past: History) -> Recovery | None:
    """What was paid (or set off) after the claim's first write-off, or ``None`` when it was
    not written off or nothing came in after. Events of the write-off's own day count when
    they are listed after it (the history keeps the input order within a day)."""
    written_off_on = past.first.get("written_off")
    if written_off_on is None or past.recovered <= 0:
        return None
    return Recovery(written_off_on, past.recovered, past.recovered_last or written_off_on)


def last_movement(past: History) -> date | None:
    """The day of the claim's last event other than bookkeeping (:data:`NOT_MOVEMENT`)."""
    return past.last_movement


def stalled_since(past: History, due: date, as_of: date, rule: NoMovement) -> date | None:
    """The day from which the claim has had no movement, when that is at least ``rule.months``
    before ``as_of``; ``None`` otherwise. Counted from the last movement, or from the due date
    when nothing happened after it (an invoice sent before the due date is no delay)."""
    last = last_movement(past)
    since = due if last is None or last < due else last
    if since + relativedelta(months=rule.months) <= as_of:
        return since
    return None


def enforceable(
    spec: ProfileSpec, ctype: ClaimTypeSpec, judged: bool, ladder: str | None = None
) -> bool:
    """Whether the creditor can enforce the claim now or by its own ladder without going to
    court: a judgment was given, the claim goes to the public collection authority (which
    enforces it), or the claim's ladder (``ladder``, by default its type's) reaches distraint
    without a judgment (a special enforcement basis)."""
    if judged or ctype.public_collection:
        return True
    for item in spec.ladders[ladder or ctype.ladder].steps:
        for step in item.choose if isinstance(item, StepChoice) else [item]:
            if step.action in ENFORCING_ACTIONS and step.not_before.after != "judgment":
                return True
    return False


def policy_write_off(
    policy: WriteOffPolicy, claim_type: str, due: date, as_of: date, enforceable: bool
) -> bool:
    """Whether ``policy`` proposes writing off a claim of ``claim_type`` due on ``due``."""
    if policy.claim_types and claim_type not in policy.claim_types:
        return False
    if policy.without_enforcement_basis and enforceable:
        return False
    return due + relativedelta(years=policy.after_years) <= as_of
