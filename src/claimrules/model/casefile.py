"""The case file's data: what a conciliation complaint, a writ, a distraint petition or a
transfer to public collection needs of one claim. Built by :func:`claimrules.case_file`
(:mod:`claimrules.reports.casefile`), printed by :meth:`CaseFile.html`."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pydantic import BaseModel, ConfigDict

from claimrules.model.decision import Balance, DecisionWarning, LienInfo, LimitationInfo
from claimrules.model.provided import provided

__all__ = ["CaseClaimFacts", "CaseFile", "CaseParty", "FeeItem", "InterestPeriod", "NoticeItem"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class CaseParty(_Frozen):
    """The debtor as the ledger knows them (the host adds name and address)."""

    id: str
    kind: str


class CaseClaimFacts(_Frozen):
    """The claim and its legal basis."""

    id: str
    claim_type: str
    title: str
    basis: str
    issued_on: date
    due_on: date
    effective_due_on: date
    principal: Decimal
    citation: str


class InterestPeriod(_Frozen):
    """Late interest for one period at one rate on the principal then outstanding."""

    first: date
    last: date
    days: int
    rate: Decimal
    base: Decimal


class FeeItem(_Frozen):
    """A fee charged with a notice."""

    on: date
    kind: str
    amount: Decimal


class NoticeItem(_Frozen):
    """An invoice, notice or legal step on the claim, with its evidence."""

    on: date
    kind: str
    evidence: str


class CaseFile(_Frozen):
    """What the complaint, writ, petition or transfer needs (see the module docstring)."""

    title: str
    action: str
    on: date
    as_of: date
    reason: str
    fee: Decimal
    currency: str
    creditor: str
    debtor: CaseParty
    claim: CaseClaimFacts
    balance: Balance
    interest: tuple[InterestPeriod, ...]
    interest_citation: str
    fees: tuple[FeeItem, ...]
    fees_citation: str
    notices: tuple[NoticeItem, ...]
    delivery: str
    delivery_citation: str
    limitation: LimitationInfo | None
    lien: LienInfo | None
    enforcement_basis: str
    step_citation: str
    warnings: tuple[DecisionWarning, ...]
    profile_id: str
    profile_hash: str
    claim_hash: str | None = None
    """SHA-256 of the claim this case file documents (:attr:`Claim.content_hash`)."""
    engine_version: str

    def html(self, lang: str = "en") -> str:
        """The case file as a printable HTML page (A4), every value escaped (rendered by
        :mod:`claimrules.text.html`)."""
        return str(provided("case_file_html")(self, lang))
