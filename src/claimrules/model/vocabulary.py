"""The vocabulary claims, profiles and decisions share: the event kinds, channels, legal steps
and actions, each named once.

:data:`EVENT_KINDS` is the one list of event kinds: each with the rules that read it (its
*roles*) and whether a profile may name it. The fold (:mod:`claimrules.rules.history`) hands an
event to the rules of its roles, so a new kind of event is one entry here, its model in
:mod:`claimrules.model.claims` (its fields), and the rule that reads it (see the contributor
page of the docs).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

__all__ = [
    "ACTIONS",
    "CHANNELS",
    "DOCUMENTS",
    "EVENT_KINDS",
    "EVENT_REFS",
    "LEGAL_STEPS",
    "OUTCOMES",
    "Action",
    "Channel",
    "Document",
    "EventKind",
    "EventRef",
    "LegalStepKind",
    "Outcome",
    "kinds_with",
]

Channel = Literal["post", "digital_mailbox", "email", "e_invoice"]
"""How an invoice or a notice is handed to the debtor."""
CHANNELS: tuple[str, ...] = get_args(Channel)

LegalStepKind = Literal[
    "conciliation_complaint",
    "lawsuit",
    "distraint_petition",
    "distraint_held",
    "wage_deduction",
    "forced_sale_petition",
]
"""The legal steps a creditor takes (a ``legal_step`` event's ``step``)."""
LEGAL_STEPS: tuple[str, ...] = get_args(LegalStepKind)

Outcome = Literal["no_decision", "halted", "dismissed", "objection", "withdrawn"]
"""How legal proceedings ended without a decision (a ``proceedings_ended`` event's
``outcome``)."""
OUTCOMES: tuple[str, ...] = get_args(Outcome)

Document = Literal["enforceable_loan_note", "lease_eviction_clause"]
"""Documents the debtor signed that give the creditor a shorter road than a lawsuit:

- ``enforceable_loan_note``: a loan note (gjeldsbrev) for a fixed sum in which the debtor
  accepts that the debt may be enforced without a lawsuit, signed as the law requires
  (tvangsfullbyrdelsesloven § 7-2 a): a basis for distraint;
- ``lease_eviction_clause``: a written lease, signed by the tenant, with a clause accepting
  eviction when the rent is not paid (tvangsfullbyrdelsesloven § 13-2 (3) a): a basis for
  eviction, not for the money."""
DOCUMENTS: tuple[str, ...] = get_args(Document)

Action = Literal[
    "none",
    "refund",
    "resend_invoice",
    "send_reminder",
    "send_collection_notice",
    "send_payment_demand",
    "refer_to_collection",
    "file_conciliation_complaint",
    "file_lawsuit",
    "request_distraint",
    "request_wage_deduction",
    "offset",
    "terminate_service",
    "manual_review",
    "write_off",
    "monitor",
]
"""The next actions a decision may propose."""
ACTIONS: tuple[str, ...] = get_args(Action)

Role = Literal["delivery", "money", "step", "notice"]
"""What reads an event: the delivery rules (invoices, their proof, and the collection steps
whose notice they check), the ledger (what moves money, and the steps that may carry a fee),
a collection step (void when nothing was owed), a written notice (a demand that can start
interest)."""


@dataclass(frozen=True, slots=True)
class EventKind:
    """One kind of event: its ``kind``, the rules that read it, and whether a profile may name
    it (in interruptions, lien preservation, ladder steps)."""

    name: str
    roles: frozenset[Role] = frozenset()
    referable: bool = False


def _kind(name: str, *roles: Role, referable: bool = False) -> EventKind:
    return EventKind(name, frozenset(roles), referable)


EVENT_KINDS: tuple[EventKind, ...] = (
    _kind("invoice_sent", "delivery", referable=True),
    _kind("invoice_dispatched", "delivery", referable=True),
    _kind("invoice_delivered", "delivery", referable=True),
    _kind("delivery_failed", "delivery"),
    _kind("direct_debit_failed", "delivery"),
    _kind("payment", "money", referable=True),
    _kind("credit", "money", referable=True),
    _kind("offset", "money", "delivery", referable=True),
    _kind("reminder_sent", "money", "step", "notice", referable=True),
    _kind("collection_notice_sent", "money", "step", "notice", referable=True),
    _kind("payment_demand_sent", "money", "step", "notice", referable=True),
    _kind("referred_to_collection", "money", "step", "delivery", referable=True),
    _kind("legal_step", "money", "step", "delivery"),
    _kind("service_terminated", "money", "step", referable=True),
    _kind("acknowledged", referable=True),
    _kind("judgment", referable=True),
    _kind("proceedings_ended", referable=True),
    _kind("payment_plan", referable=True),
    _kind("payment_plan_breached"),
    _kind("dispute_opened"),
    _kind("dispute_closed"),
    _kind("insolvency"),
    _kind("written_off"),
    _kind("document_signed", referable=True),
    _kind("unwound"),
    _kind("notice_dispatched"),
    _kind("notice_delivered"),
    _kind("notice_failed"),
)
"""Every kind of event, once."""


def kinds_with(role: Role) -> frozenset[str]:
    """The event kinds a rule of ``role`` reads."""
    return frozenset(kind.name for kind in EVENT_KINDS if role in kind.roles)


EventRef = Literal[
    "invoice_sent",
    "invoice_dispatched",
    "invoice_delivered",
    "payment",
    "offset",
    "credit",
    "reminder_sent",
    "collection_notice_sent",
    "payment_demand_sent",
    "referred_to_collection",
    "acknowledged",
    "payment_plan",
    "judgment",
    "service_terminated",
    "legal_step.conciliation_complaint",
    "legal_step.lawsuit",
    "legal_step.distraint_petition",
    "legal_step.distraint_held",
    "legal_step.wage_deduction",
    "legal_step.forced_sale_petition",
    "proceedings_ended",
    "document_signed",
]
"""Events a profile may refer to: a referable kind of :data:`EVENT_KINDS`, or
``legal_step.<step>``; spelled out for the type checker and the profile schema, and equal to
those (``tests/test_engine_structure.py``)."""
EVENT_REFS: tuple[str, ...] = get_args(EventRef)
