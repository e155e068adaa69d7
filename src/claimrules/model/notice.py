"""The content of a notice letter: what the law requires a reminder, a collection notice, a
payment demand or a notice before enforcement to say, filled in for one claim on the day it is
sent (:func:`claimrules.reports.notices.notice_content`; ``claimrules notice``).

The JSON of :class:`NoticeContent` is the documented shape a host prints its own letter from;
:meth:`NoticeContent.html` is a printable letter in the reader's language that a host can
brand. Every requirement of the profile's ``notice`` for the step is listed with the field of
the content that meets it and where the law says so, so that a lawyer can check the letter
against the law line by line.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from claimrules.model.casefile import CaseCreditor, CaseParty
from claimrules.model.provided import provided

__all__ = [
    "NoticeAmounts",
    "NoticeContent",
    "NoticeRate",
    "NoticeRequirementMet",
]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class NoticeAmounts(_Frozen):
    """What the debtor owes on the day the notice is sent, part by part, with this notice's
    fee (``total`` includes it)."""

    currency: str
    principal: Decimal
    interest: Decimal = Field(description="Late interest to the day the notice is sent")
    interest_known_through: date | None = Field(
        default=None,
        description="Where the profile does not know the rate: the last day interest is "
        "counted through (the amount is then the least owed)",
    )
    fees: Decimal = Field(description="Fees charged on earlier notices, as far as lawful")
    fee: Decimal = Field(description="This notice's fee")
    total: Decimal = Field(description="principal + interest + fees + fee")


class NoticeRate(_Frozen):
    """A late-interest rate and the days it applied (the rate changes on the days the law
    sets a new one)."""

    start: date
    end: date
    rate: Decimal = Field(description="Per cent a year")


class NoticeRequirementMet(_Frozen):
    """One thing the law requires the letter to say, how the content meets it, and the law."""

    field: str = Field(description="The content field that meets it (NoticeField)")
    met_by: str | None = Field(
        description="The value the letter gives for it, as data (None: not given, see "
        "NoticeContent.missing)"
    )
    status: str
    citation: str
    note: str | None = None


class NoticeContent(_Frozen):
    """Everything a notice letter for one claim must say, on the day it is sent."""

    notice: str = Field(description="The step: send_reminder, send_collection_notice, ...")
    heading: str = Field(description="The letter's heading, the law's own term")
    profile_id: str
    profile_hash: str
    sent_on: date
    deadline: date = Field(description="The day to pay by: sent_on + deadline_days")
    deadline_days: int
    consequence: str = Field(
        description="What follows if unpaid: collection, distraint, transfer or legal_steps"
    )
    objection: bool = Field(description="Whether the letter must say the debtor may object")
    creditor: CaseCreditor
    debtor: CaseParty
    claim_id: str
    claim_type: str
    claim_title: str
    issued_on: date
    due_on: date = Field(description="The due date the claim counts from (effective)")
    amounts: NoticeAmounts
    interest_from: date | None = Field(description="The first day late interest is counted")
    rates: tuple[NoticeRate, ...] = Field(description="The rates applied, in date order")
    requirements: tuple[NoticeRequirementMet, ...]
    missing: tuple[str, ...] = Field(
        default=(),
        description="Content the law requires that the host has not given (the creditor's "
        "name, the debtor's name and address): fill it in before the letter is sent",
    )
    reason: str = Field(description="Why the step is due (the decision's reason)")

    def html(self, lang: str = "en") -> str:
        """The letter as a printable HTML page (A4) in ``lang`` (en, nb, da; kl in Danish),
        every value escaped (rendered by :mod:`claimrules.text.html`)."""
        return str(provided("notice_html")(self, lang))
