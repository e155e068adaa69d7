"""The effective due date under a municipality's own due-date rule (``local.due_date_rule``).

An overlay may say that invoices fall due on a day of a month after invoicing (Orkdal: the 20th
of the next month). A due date earlier than the rule allows is moved to the rule's day: fees,
interest and steps are counted from it, and the decision warns (``due_date_rule``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta

from claimrules.law.profile import Profile
from claimrules.model import messages as m
from claimrules.model.core import Claim
from claimrules.rules.tracer import Tracer

__all__ = ["LocalDue", "local_due"]


@dataclass(frozen=True, slots=True)
class LocalDue:
    """What the local due-date rule made of the invoice's due date."""

    invoiced: date
    """The due date the invoice carries."""
    earliest: date
    """The earliest due date the rule allows."""
    who: str
    """The municipality whose rule it is (for the warning)."""

    @property
    def moved(self) -> bool:
        """Whether the invoice fell due before the rule allows (then the rule's day counts)."""
        return self.invoiced < self.earliest

    @property
    def due(self) -> date:
        """The effective due date."""
        return self.earliest if self.moved else self.invoiced


def local_due(claim: Claim, profile: Profile, due: date, tracer: Tracer) -> LocalDue | None:
    """The local rule applied to the invoice's due date ``due`` (``None``: no local rule)."""
    local = profile.spec.local
    rule = local.due_date_rule
    if rule is None:
        return None
    earliest = (claim.issued_on + relativedelta(months=rule.months_after_issue)).replace(
        day=rule.day_of_month
    )
    found = LocalDue(due, earliest, local.municipality or "the municipality")
    citation = local.source.cite() if local.source else ""
    template = m.TRACE_DUE_MOVED if found.moved else m.TRACE_DUE_KEPT
    tracer.says("local.due_date_rule", citation, template, due=due, earliest=earliest)
    return found
