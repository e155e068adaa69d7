"""The claim as the engine reads it: the core types, one per public model.

The public models (:mod:`claimrules.model.claims`, pydantic) are the edge: they validate what a
host gives and say what is wrong with it. Inside, the engine replays these: frozen msgspec
structs with the same names, fields and values (``Decimal`` amounts, ``date`` days), each event
with its ``kind``. A claim read from JSON lines is decoded straight into them at C speed
(:func:`claimrules.model.claims.core_claim_from_json`); any other claim is converted once
(:func:`claimrules.model.claims.core_claim`). Which claims are valid is said once, by the public
:class:`~claimrules.model.claims.Claim`: the fast decoder only takes a claim that the public model
takes with the same values (``tests/test_core_claims.py`` holds that, over valid and mutated
claims), and hands every other one to it.

What both kinds of claim share is in :mod:`claimrules.model.reading`: the bounds of a claim, the
checks across its fields, the replay order and the content hash, so that a claim has one hash
whichever way it came in.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, ClassVar, Literal

from msgspec import Meta, Raw, Struct

from claimrules.model.reading import (
    EARLIEST_DATE,
    LATEST_DATE,
    MAX_AMOUNT,
    content_hash,
    in_replay_order,
    without_unwound,
)
from claimrules.model.vocabulary import Channel, Document, LegalStepKind, Outcome

__all__ = [
    "EARLIEST_DATE",
    "LATEST_DATE",
    "MAX_AMOUNT",
    "Claim",
    "Debtor",
    "Event",
    "Instalment",
    "content_hash",
    "in_replay_order",
    "without_unwound",
]

NoticeKind = Literal["reminder", "collection_notice", "payment_demand"]
"""The notices whose arrival a ledger can prove (the ``<notice>_sent`` event it is about)."""
Unwindable = Literal["offset", "referred_to_collection", "legal_step"]

if TYPE_CHECKING:
    _Money = Decimal
else:  # read from the JSON text by :func:`read_amounts` as the public model reads it
    _Money = Raw
_Text = Annotated[str, Meta(min_length=1)]
# msgspec matches with re.search, where "$" also matches before a final newline: "\Z" does not
_Currency = Annotated[str, Meta(pattern=r"^[A-Z]{3}\Z")]
_Reference = Annotated[str, Meta(min_length=1, max_length=35, pattern=r"^[0-9A-Za-z+/.:() -]+\Z")]


# gc=False: a claim's structs hold only text, amounts, days and tuples of structs, so they can
# be in no reference cycle; the collector need not track them (msgspec's advice for such data)
class _Event(
    Struct, frozen=True, kw_only=True, forbid_unknown_fields=True, tag_field="kind", gc=False
):
    """An event of the claim's history, dated ``on``; ``kind`` names it (the JSON tag)."""

    kind: ClassVar[str]
    on: date


class InvoiceSent(_Event, tag="invoice_sent", frozen=True):
    """:class:`claimrules.model.claims.InvoiceSent`."""

    kind = "invoice_sent"
    channel: Channel
    due_on: date | None = None


class InvoiceDispatched(_Event, tag="invoice_dispatched", frozen=True):
    """:class:`claimrules.model.claims.InvoiceDispatched`."""

    kind = "invoice_dispatched"
    channel: Channel
    provider: str | None = None


class InvoiceDelivered(_Event, tag="invoice_delivered", frozen=True):
    """:class:`claimrules.model.claims.InvoiceDelivered`."""

    kind = "invoice_delivered"
    channel: Channel


class DeliveryFailed(_Event, tag="delivery_failed", frozen=True):
    """:class:`claimrules.model.claims.DeliveryFailed`."""

    kind = "delivery_failed"
    reason: _Text


class NoticeDispatched(_Event, tag="notice_dispatched", frozen=True):
    """:class:`claimrules.model.claims.NoticeDispatched`."""

    kind = "notice_dispatched"
    notice: NoticeKind
    sent_on: date
    channel: Channel
    provider: _Text | None = None


class NoticeDelivered(_Event, tag="notice_delivered", frozen=True):
    """:class:`claimrules.model.claims.NoticeDelivered`."""

    kind = "notice_delivered"
    notice: NoticeKind
    sent_on: date
    channel: Channel


class NoticeFailed(_Event, tag="notice_failed", frozen=True):
    """:class:`claimrules.model.claims.NoticeFailed`."""

    kind = "notice_failed"
    notice: NoticeKind
    sent_on: date
    reason: _Text


class Payment(_Event, tag="payment", frozen=True):
    """:class:`claimrules.model.claims.Payment`."""

    kind = "payment"
    amount: _Money
    designated: Literal["principal", "interest", "fees"] | None = None
    reference: _Reference | None = None


class Credit(_Event, tag="credit", frozen=True):
    """:class:`claimrules.model.claims.Credit`."""

    kind = "credit"
    amount: _Money


class Offset(_Event, tag="offset", frozen=True):
    """:class:`claimrules.model.claims.Offset`."""

    kind = "offset"
    amount: _Money


class DirectDebitFailed(_Event, tag="direct_debit_failed", frozen=True):
    """:class:`claimrules.model.claims.DirectDebitFailed`."""

    kind = "direct_debit_failed"
    fault: Literal["creditor", "debtor"]


class ReminderSent(_Event, tag="reminder_sent", frozen=True):
    """:class:`claimrules.model.claims.ReminderSent`."""

    kind = "reminder_sent"
    fee: _Money = Decimal(0)


class CollectionNoticeSent(_Event, tag="collection_notice_sent", frozen=True):
    """:class:`claimrules.model.claims.CollectionNoticeSent`."""

    kind = "collection_notice_sent"
    fee: _Money = Decimal(0)


class PaymentDemandSent(_Event, tag="payment_demand_sent", frozen=True):
    """:class:`claimrules.model.claims.PaymentDemandSent`."""

    kind = "payment_demand_sent"
    fee: _Money = Decimal(0)


class ReferredToCollection(_Event, tag="referred_to_collection", frozen=True):
    """:class:`claimrules.model.claims.ReferredToCollection`."""

    kind = "referred_to_collection"
    agency: _Text
    fee: _Money = Decimal(0)


class Acknowledged(_Event, tag="acknowledged", frozen=True):
    """:class:`claimrules.model.claims.Acknowledged`."""

    kind = "acknowledged"


class LegalStep(_Event, tag="legal_step", frozen=True):
    """:class:`claimrules.model.claims.LegalStep`."""

    kind = "legal_step"
    step: LegalStepKind


class ProceedingsEnded(_Event, tag="proceedings_ended", frozen=True):
    """:class:`claimrules.model.claims.ProceedingsEnded`."""

    kind = "proceedings_ended"
    step: LegalStepKind
    outcome: Outcome = "no_decision"
    creditor_intent: bool = False
    creditor_informed_on: date | None = None


class Judgment(_Event, tag="judgment", frozen=True):
    """:class:`claimrules.model.claims.Judgment`."""

    kind = "judgment"


class Instalment(Struct, frozen=True, forbid_unknown_fields=True, gc=False):
    """:class:`claimrules.model.claims.Instalment`."""

    on: date
    amount: _Money


class PaymentPlan(_Event, tag="payment_plan", frozen=True):
    """:class:`claimrules.model.claims.PaymentPlan`."""

    kind = "payment_plan"
    until: date
    instalments: tuple[Instalment, ...] = ()


class PaymentPlanBreached(_Event, tag="payment_plan_breached", frozen=True):
    """:class:`claimrules.model.claims.PaymentPlanBreached`."""

    kind = "payment_plan_breached"


class DisputeOpened(_Event, tag="dispute_opened", frozen=True):
    """:class:`claimrules.model.claims.DisputeOpened`."""

    kind = "dispute_opened"


class DisputeClosed(_Event, tag="dispute_closed", frozen=True):
    """:class:`claimrules.model.claims.DisputeClosed`."""

    kind = "dispute_closed"


class Insolvency(_Event, tag="insolvency", frozen=True):
    """:class:`claimrules.model.claims.Insolvency`."""

    kind = "insolvency"


class WrittenOff(_Event, tag="written_off", frozen=True):
    """:class:`claimrules.model.claims.WrittenOff`."""

    kind = "written_off"


class DocumentSigned(_Event, tag="document_signed", frozen=True):
    """:class:`claimrules.model.claims.DocumentSigned`."""

    kind = "document_signed"
    document: Document


class ServiceTerminated(_Event, tag="service_terminated", frozen=True):
    """:class:`claimrules.model.claims.ServiceTerminated`."""

    kind = "service_terminated"


class Unwound(_Event, tag="unwound", frozen=True):
    """:class:`claimrules.model.claims.Unwound`."""

    kind = "unwound"
    event: Unwindable
    event_on: date


Event = (
    InvoiceSent
    | InvoiceDispatched
    | InvoiceDelivered
    | DeliveryFailed
    | Payment
    | Credit
    | Offset
    | DirectDebitFailed
    | ReminderSent
    | CollectionNoticeSent
    | PaymentDemandSent
    | ReferredToCollection
    | Acknowledged
    | LegalStep
    | ProceedingsEnded
    | Judgment
    | PaymentPlan
    | PaymentPlanBreached
    | DisputeOpened
    | DisputeClosed
    | Insolvency
    | WrittenOff
    | ServiceTerminated
    | DocumentSigned
    | Unwound
    | NoticeDispatched
    | NoticeDelivered
    | NoticeFailed
)
"""Any event of a claim's history (tagged by ``kind``)."""

EVENT_TYPES: dict[str, type[Event]] = {kind.kind: kind for kind in Event.__args__}
"""Each event's core type by its ``kind``."""


class Debtor(Struct, frozen=True, forbid_unknown_fields=True, gc=False):
    """:class:`claimrules.model.claims.Debtor`."""

    id: _Text
    kind: Literal["person", "business"]


class Claim(Struct, frozen=True, forbid_unknown_fields=True, gc=False):
    """:class:`claimrules.model.claims.Claim`, as the engine reads it."""

    id: _Text
    claim_type: _Text
    debtor: Debtor
    principal: _Money
    currency: _Currency
    issued_on: date
    due_on: date
    events: tuple[Event, ...] = ()

    @property
    def content_hash(self) -> str:
        """:attr:`claimrules.model.claims.Claim.content_hash`: the same hash."""
        return content_hash(self, self.sorted_events())

    def sorted_events(self) -> tuple[Event, ...]:
        """All events in replay order (:func:`in_replay_order`)."""
        return in_replay_order(self.events)

    def history(self, as_of: date) -> tuple[Event, ...]:
        """The events that count on ``as_of`` (:func:`without_unwound`)."""
        return without_unwound(self.sorted_events(), as_of)
