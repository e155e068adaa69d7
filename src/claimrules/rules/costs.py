"""What a court or enforcement step costs the creditor (the profile's ``court_fees``), and
whether that is more than the policy's share of what the claim owes.

Norway charges a multiple of the rettsgebyr (rettsgebyrloven: the conciliation board § 7, a
petition for distraint § 14, …), rounded down to the whole krone (§ 6 a); Denmark a flat
retsafgift (retsafgiftsloven). Each value is dated and carries its source; a value the
profile does not know is a :class:`~claimrules.rules.interest.Gap`, and the cost is then not
compared (the decision keeps its action: only the comparison depends on it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_FLOOR, Decimal
from typing import cast

from claimrules.law.schema import CourtFee, ProfileSpec
from claimrules.model import messages as m
from claimrules.model.vocabulary import Action
from claimrules.rules.interest import Gap

__all__ = ["StepCost", "step_cost"]


@dataclass(frozen=True, slots=True)
class StepCost:
    """A step's fee on a day: the amount, what it is, how it was made and its citations."""

    amount: Decimal
    title: str
    how: str
    """``1.21 × 1,345.00`` for a multiple of the base fee, else empty."""
    citation: str


def step_cost(spec: ProfileSpec, action: str, ladder: str, on: date) -> StepCost | Gap | None:
    """The court or enforcement fee of ``action`` on ``ladder`` on day ``on``; a :class:`Gap`
    when a value it needs is unknown law; ``None`` when the profile names no fee for it."""
    court = spec.court_fees
    fee = court.steps.get(cast("Action", action)) if court is not None else None
    if court is None or fee is None or (fee.ladders and ladder not in fee.ladders):
        return None
    if fee.amount is not None:
        resolved = fee.amount.at(on)
        if resolved is None or not resolved.known or resolved.value is None:
            return Gap(fee.amount, on, fee.title)
        return StepCost(resolved.value, fee.title, "", resolved.cite())
    return _multiple_of_base(spec, fee, on)


def _multiple_of_base(spec: ProfileSpec, fee: CourtFee, on: date) -> StepCost | Gap:
    """A fee that is a multiple of the base fee (the rettsgebyr), rounded down as the profile
    says (rettsgebyrloven § 6 a: to the whole krone)."""
    court = spec.court_fees
    assert court is not None and court.base is not None and fee.multiple is not None
    base_param = spec.parameters[court.base]
    multiple, base = fee.multiple.at(on), base_param.at(on)
    if multiple is None or not multiple.known or multiple.value is None:
        return Gap(fee.multiple, on, fee.title)
    if base is None or not base.known or base.value is None:
        return Gap(base_param, on, m.say(m.GAP_PARAMETER, name=court.base))
    exact = multiple.value * base.value
    step = court.round_down_to.at(on) if court.round_down_to is not None else None
    amount = exact
    citations = [multiple.cite(), base.cite()]
    if step is not None and step.known and step.value is not None:
        amount = (exact / step.value).to_integral_value(rounding=ROUND_FLOOR) * step.value
        citations.append(step.cite())
    how = f"{multiple.value} × {base.value}"
    return StepCost(amount, fee.title, how, "; ".join(dict.fromkeys(citations)))
