"""The case file's data: what a conciliation complaint, a writ, a distraint petition or a
transfer to public collection needs of one claim. Built by :func:`claimrules.case_file`
(:mod:`claimrules.reports.casefile`), printed by :meth:`CaseFile.html`.

Every date and amount in it comes from the one decision and the state it was made from: the
periods of interest, less what payments covered of it and what lapsed, are the balance's
interest; the fees counted, less what payments covered of them, are its fees; the principal
invoiced, less what payments and credit notes covered of it, is its principal.

claimrules stores no names or addresses: the host passes the parties' details for the document
(:class:`Parties`); the creditor's may come from the overlay (``local.creditor``). What neither
gives is ``None`` in the case file and named in :attr:`CaseFile.missing`.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from claimrules.model.decision import Balance, DecisionWarning, LienInfo, LimitationInfo
from claimrules.model.provided import provided

__all__ = [
    "CaseClaimFacts",
    "CaseCreditor",
    "CaseFile",
    "CaseParty",
    "CreditorDetails",
    "DebtorDetails",
    "FeeBasis",
    "FeeItem",
    "InterestPeriod",
    "NoticeItem",
    "Parties",
    "PaymentItem",
]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class _Given(BaseModel):
    """Details the host gives: immutable, and a key the model does not know is an error."""

    model_config = ConfigDict(frozen=True, extra="forbid")


Text = Annotated[str, StringConstraints(min_length=1, pattern=r"\S")]
"""A text the host gives: at least one character that is not white space (shown as written)."""
Lines = Annotated[tuple[Text, ...], Field(min_length=1)]
"""An address: one or more lines, in the order they are printed."""


class DebtorDetails(_Given):
    """The debtor's details for the document, from the host's own register."""

    id: Text | None = None
    """The debtor's id in the ledger; when given, it must be the claim's debtor's (a guard
    against putting one person's name on another's claim)."""
    name: Text | None = None
    address: Lines | None = None
    national_id: Text | None = None
    """A person's national identity number (fødselsnummer, CPR-nummer)."""
    organisation_number: Text | None = None
    """A business's organisation number (organisasjonsnummer, CVR-nummer)."""


class CreditorDetails(_Given):
    """The creditor's details for the document; each one given here is used before the
    overlay's (``local.creditor``)."""

    name: Text | None = None
    organisation_number: Text | None = None
    address: Lines | None = None
    contact: Text | None = None
    """Who at the creditor handles the case: a name, a telephone number, an e-mail address."""


class Parties(_Given):
    """The parties' names and addresses that the host passes for one case file (claimrules
    stores none)."""

    debtor: DebtorDetails = DebtorDetails()
    creditor: CreditorDetails = CreditorDetails()


class CaseParty(_Frozen):
    """The debtor: the ledger's id and kind, and the details the host gave (``None``: not
    given, and named in :attr:`CaseFile.missing` where the document needs it)."""

    id: str
    kind: str
    name: str | None = None
    address: tuple[str, ...] | None = None
    national_id: str | None = None
    organisation_number: str | None = None


class CaseCreditor(_Frozen):
    """The creditor: the host's details, else the overlay's (``local.creditor``; the name
    also from ``local.municipality``); ``None``: neither gives it."""

    name: str | None = None
    organisation_number: str | None = None
    address: tuple[str, ...] | None = None
    contact: str | None = None


class CaseClaimFacts(_Frozen):
    """The claim and its legal basis."""

    id: str
    claim_type: str
    title: str
    basis: str
    issued_on: date
    due_on: date
    effective_due_on: date
    """The due date fees, interest and steps are counted from (the state's: a re-sent
    invoice's, or the municipality's own due-date rule's)."""
    principal: Decimal
    """The principal invoiced (what payments and credit notes covered of it is in
    :attr:`CaseFile.payments`)."""
    citation: str


class InterestPeriod(_Frozen):
    """Late interest for one period at one rate on the principal then outstanding."""

    first: date
    last: date
    days: int
    rate: Decimal
    base: Decimal
    amount: Decimal
    """What the period added to the interest, rounded so that the periods add up exactly
    (interest is rounded once, on the whole)."""


class FeeBasis(_Frozen):
    """One part of a fee and its legal basis: the notice's ``cap`` in force, the
    municipality's own lower amount (``local``), or a fixed ``compensation`` (business debtors
    in Denmark)."""

    kind: Literal["cap", "local", "compensation"]
    amount: Decimal
    """What is claimed under this part (the parts sum to the fee's amount)."""
    lawful: Decimal
    """The most this part allows."""
    citation: str


class FeeItem(_Frozen):
    """A fee charged with a notice: what was charged, the most the law allowed, and what is
    counted (the lesser), part by part with its basis."""

    on: date
    kind: str
    """The notice's event (``reminder_sent``, ``collection_notice_sent``, …)."""
    charged: Decimal
    lawful: Decimal
    amount: Decimal
    """What is counted: the fee charged, up to the lawful amount."""
    parts: tuple[FeeBasis, ...]
    """The fee's parts with their basis, summing to :attr:`amount` (empty when nothing
    counts)."""
    reasons: tuple[str, ...] = ()
    """Why less is counted than was charged, in the fee rule's words (those of the decision's
    trace); empty when all of it counts."""


class PaymentItem(_Frozen):
    """A payment, offset or credit note, and what it covered (the ledger's allocation):
    ``fees + interest + principal + overpaid == amount``."""

    on: date
    kind: str
    amount: Decimal
    fees: Decimal
    interest: Decimal
    principal: Decimal
    overpaid: Decimal
    """What was left over: a credit balance, subtracted from the total."""


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
    fee_parts: tuple[FeeBasis, ...] = ()
    """The parts of :attr:`fee` (the step's own fee) with their basis."""
    currency: str
    creditor: CaseCreditor
    debtor: CaseParty
    missing: tuple[str, ...] = ()
    """What the document needs that neither the host nor the profile gave, as field paths
    (``creditor.address``, ``debtor.name``, ``debtor.national_id``, …): to be filled in by the
    creditor."""
    claim: CaseClaimFacts
    balance: Balance
    payments: tuple[PaymentItem, ...] = ()
    interest: tuple[InterestPeriod, ...]
    interest_lapsed: Decimal = Decimal(0)
    """Unpaid interest time-barred on its own (each day's interest has its own limitation
    period)."""
    interest_citation: str
    fees: tuple[FeeItem, ...]
    fees_citation: str
    notices: tuple[NoticeItem, ...]
    delivery: str
    """Why the invoice counts as given to the debtor, and the effective due date (the same as
    :attr:`CaseClaimFacts.effective_due_on`)."""
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
