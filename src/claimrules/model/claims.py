"""Claims, debtors and the events that make up a claim's history.

A :class:`Claim` is immutable input: the facts as invoiced plus an event history in any order.
The engine replays the events in date order (stable for events on the same day) and never
mutates the claim. Invalid input raises :class:`~claimrules.errors.ClaimError` naming the claim id
and the offending field.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal, Self, cast

import msgspec
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)
from pydantic_core import core_schema

from claimrules.errors import ClaimError
from claimrules.model import core
from claimrules.model.core import NoticeKind, Unwindable
from claimrules.model.reading import (
    EARLIEST_DATE,
    LATEST_DATE,
    MAX_AMOUNT,
    check_consistency,
    content_hash,
    in_replay_order,
    read_amounts,
    without_unwound,
)
from claimrules.model.vocabulary import Channel, Document, LegalStepKind, Outcome

__all__ = [
    "EARLIEST_DATE",
    "LATEST_DATE",
    "MAX_AMOUNT",
    "Acknowledged",
    "Claim",
    "CollectionNoticeSent",
    "Credit",
    "Debtor",
    "DeliveryFailed",
    "DirectDebitFailed",
    "DisputeClosed",
    "DisputeOpened",
    "DocumentSigned",
    "Event",
    "Insolvency",
    "Instalment",
    "InvoiceDelivered",
    "InvoiceDispatched",
    "InvoiceSent",
    "Judgment",
    "LegalStep",
    "NoticeDelivered",
    "NoticeDispatched",
    "NoticeFailed",
    "NoticeKind",
    "Offset",
    "Payment",
    "PaymentDemandSent",
    "PaymentPlan",
    "PaymentPlanBreached",
    "ProceedingsEnded",
    "ReferredToCollection",
    "ReminderSent",
    "ServiceTerminated",
    "Unwound",
    "WrittenOff",
    "claim_from_json",
    "content_hash",
    "core_claim",
    "core_claim_from_json",
    "engine_claim",
    "engine_events",
    "in_replay_order",
    "without_unwound",
]


ISO_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
"""How a date is written in a claim: ``YYYY-MM-DD`` (the published schema's ``format: date``)."""
DATE_MESSAGE = "Input should be a date written as YYYY-MM-DD"


class _StrictDate:
    """A claim's date, strict in every way in: a ``date``, or text ``YYYY-MM-DD`` (JSON, CSV
    cells, a mapping of strings). A number (``1704067200``, which pydantic's lax mode would read
    as a Unix time), a date-time or any other text is an error naming the field; a text that
    is not a real day (``2024-02-30``) says so. Then the bounds :data:`EARLIEST_DATE` ..
    :data:`LATEST_DATE` (with the message of :func:`_message`). All of it runs in pydantic's
    core: no Python code per date."""

    @classmethod
    def __get_pydantic_core_schema__(cls, _source: Any, _handler: Any) -> core_schema.CoreSchema:
        text = core_schema.str_schema(strict=True, pattern=ISO_DATE)
        written = core_schema.json_or_python_schema(
            json_schema=text,
            python_schema=core_schema.union_schema(
                [core_schema.date_schema(strict=True), text], mode="left_to_right"
            ),
        )
        return core_schema.chain_schema(
            [
                core_schema.custom_error_schema(
                    written, custom_error_type="date_text", custom_error_message=DATE_MESSAGE
                ),
                core_schema.date_schema(ge=EARLIEST_DATE, le=LATEST_DATE),
            ]
        )

    @classmethod
    def __get_pydantic_json_schema__(cls, _schema: Any, _handler: Any) -> dict[str, Any]:
        return {"type": "string", "format": "date"}


ClaimDate = Annotated[date, _StrictDate]
"""A date within :data:`EARLIEST_DATE` .. :data:`LATEST_DATE`, written ``YYYY-MM-DD`` or given
as a ``date`` (:class:`_StrictDate`)."""
PositiveMoney = Annotated[Decimal, Field(gt=0, le=MAX_AMOUNT, allow_inf_nan=False)]
NonNegativeMoney = Annotated[Decimal, Field(ge=0, le=MAX_AMOUNT, allow_inf_nan=False)]


def _message(item: Any) -> str:
    """A validation error's message, in the claim's terms where the bound is one of ours."""
    bound = (item.get("ctx") or {}).get("ge", (item.get("ctx") or {}).get("le"))
    if item["type"] in ("greater_than_equal", "less_than_equal"):
        if str(bound) in (EARLIEST_DATE.isoformat(), LATEST_DATE.isoformat()):
            return (
                f"{item['input']} is outside the dates a claim may carry "
                f"({EARLIEST_DATE} to {LATEST_DATE})"
            )
        if bound == MAX_AMOUNT:
            return (
                f"{Decimal(str(item['input']))} is more than the largest amount a claim may "
                f"carry ({MAX_AMOUNT:,})"
            )
    return str(item["msg"]).removeprefix("Value error, ")


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class _Event(_Frozen):
    on: ClaimDate


class InvoiceSent(_Event):
    """The invoice (or a re-sent invoice) was handed to a channel.

    ``due_on`` is the due date printed on a *re-sent* invoice; leave it out for the first one.
    """

    kind: Literal["invoice_sent"] = "invoice_sent"
    channel: Channel
    due_on: ClaimDate | None = None


class InvoiceDispatched(_Event):
    """The print-and-mail provider (or mailbox operator) confirmed that the invoice left.

    A billing system records ``invoice_sent`` when it hands the data over; only the provider's
    confirmation shows that a letter was printed and posted. ``provider`` names who confirmed.
    """

    kind: Literal["invoice_dispatched"] = "invoice_dispatched"
    channel: Channel
    provider: str | None = None


class InvoiceDelivered(_Event):
    """Evidence that the debtor received the invoice (receipt, mailbox delivery)."""

    kind: Literal["invoice_delivered"] = "invoice_delivered"
    channel: Channel


class DeliveryFailed(_Event):
    """Returned mail, bounced e-mail, or a print run that was never made."""

    kind: Literal["delivery_failed"] = "delivery_failed"
    reason: str = Field(min_length=1)


PaymentReference = Annotated[
    str, Field(min_length=1, max_length=35, pattern=r"^[0-9A-Za-z+/.:() -]+$")
]
"""A payment's reference as the bank gave it (a Norwegian KID, a Danish FI/OCR line, an ISO
11649 creditor reference): letters, digits and the few signs such references use, at most 35
characters (the length of a SEPA remittance reference), shown as written."""


class NoticeDispatched(_Event):
    """The print-and-mail provider (or the mailbox operator) confirmed that a notice left: the
    ``notice`` recorded as sent on ``sent_on`` (a ``reminder_sent``, ``collection_notice_sent``
    or ``payment_demand_sent`` event of that day). ``provider`` names who confirmed."""

    kind: Literal["notice_dispatched"] = "notice_dispatched"
    notice: NoticeKind
    sent_on: ClaimDate
    channel: Channel
    provider: str | None = Field(default=None, min_length=1)


class NoticeDelivered(_Event):
    """A delivery receipt for a notice (a digital mailbox's, an e-invoice's, a signed
    letter's): the ``notice`` recorded as sent on ``sent_on`` reached the debtor."""

    kind: Literal["notice_delivered"] = "notice_delivered"
    notice: NoticeKind
    sent_on: ClaimDate
    channel: Channel


class NoticeFailed(_Event):
    """The ``notice`` recorded as sent on ``sent_on`` did not reach the debtor (returned mail,
    a bounced e-mail, a closed mailbox): ``reason`` as the host recorded it."""

    kind: Literal["notice_failed"] = "notice_failed"
    notice: NoticeKind
    sent_on: ClaimDate
    reason: str = Field(min_length=1)


class Payment(_Event):
    """Money received from the debtor.

    ``designated``: the part of the claim the debtor said the payment is for (``principal``,
    ``interest`` or ``fees``), where the debtor said so; the profile's ``allocation.designation``
    says whether such a designation binds the creditor (else the profile's order applies).
    ``reference``: the payment's reference (KID, OCR), for the host's reconciliation."""

    kind: Literal["payment"] = "payment"
    amount: PositiveMoney
    designated: Literal["principal", "interest", "fees"] | None = None
    reference: PaymentReference | None = None


class Credit(_Event):
    """A credit note; reduces the principal."""

    kind: Literal["credit"] = "credit"
    amount: PositiveMoney


class Offset(_Event):
    """Set-off against money the creditor owes the debtor."""

    kind: Literal["offset"] = "offset"
    amount: PositiveMoney


class DirectDebitFailed(_Event):
    """An agreed direct debit was not drawn; ``fault`` says whose failure it was."""

    kind: Literal["direct_debit_failed"] = "direct_debit_failed"
    fault: Literal["creditor", "debtor"]


class ReminderSent(_Event):
    """A reminder (purring / rykker); ``fee`` is what the creditor charged for it."""

    kind: Literal["reminder_sent"] = "reminder_sent"
    fee: NonNegativeMoney = Decimal(0)


class CollectionNoticeSent(_Event):
    """A notice of collection (inkassovarsel / rykker med varsel om inddrivelse)."""

    kind: Literal["collection_notice_sent"] = "collection_notice_sent"
    fee: NonNegativeMoney = Decimal(0)


class PaymentDemandSent(_Event):
    """A payment demand before legal steps (betalingsoppfordring)."""

    kind: Literal["payment_demand_sent"] = "payment_demand_sent"
    fee: NonNegativeMoney = Decimal(0)


class ReferredToCollection(_Event):
    """Handed to a collection agency or a public collection authority."""

    kind: Literal["referred_to_collection"] = "referred_to_collection"
    agency: str = Field(min_length=1)
    fee: NonNegativeMoney = Decimal(0)


class Acknowledged(_Event):
    """The debtor acknowledged the debt."""

    kind: Literal["acknowledged"] = "acknowledged"


class LegalStep(_Event):
    """A legal step taken by the creditor.

    ``distraint_held`` (the distraint proceedings were held, also when nothing was found) and
    ``forced_sale_petition`` (request for forced sale under a lien) extend the design's list
    because the law attaches their own effects to them.
    """

    kind: Literal["legal_step"] = "legal_step"
    step: LegalStepKind


class ProceedingsEnded(_Event):
    """Legal proceedings (``step``) ended without a settlement, a decision on the merits or
    enforcement. ``outcome`` says how (:data:`~claimrules.model.vocabulary.Outcome`):

    - ``no_decision``: ended without a decision, for a reason not listed below;
    - ``halted``: the conciliation board closed the case without a decision (innstilt);
    - ``dismissed``: dismissed on formal grounds (avvist), so that a corrected step can follow;
    - ``objection``: the debtor objected to a petition for distraint on an undisputed claim
      (tvangsfullbyrdelsesloven § 7-2 f) and the case was closed (hevet);
    - ``withdrawn``: dropped by the creditor.

    What each outcome leaves of the interruption, and the next step, is the profile's
    ``limitation.after_proceedings``.

    ``creditor_intent``: the creditor's own deliberate conduct made them fail.
    ``creditor_informed_on``: the day the creditor learned the case had ended, when later
    than ``on``. The profile's ``limitation.after_proceedings`` says what is left of the
    interruption the step made.
    """

    kind: Literal["proceedings_ended"] = "proceedings_ended"
    step: LegalStepKind
    outcome: Outcome = "no_decision"
    creditor_intent: bool = False
    creditor_informed_on: ClaimDate | None = None


class Judgment(_Event):
    """A judgment or court settlement with enforcement effect."""

    kind: Literal["judgment"] = "judgment"


class Instalment(_Frozen):
    """One agreed instalment of a payment plan: ``amount`` due on ``on``."""

    on: ClaimDate
    amount: PositiveMoney


class PaymentPlan(_Event):
    """An agreed instalment plan running until ``until`` (inclusive).

    ``instalments`` (optional): the agreed dates and amounts, in date order, between the day
    the plan was made and ``until``. With them the engine sees a missed instalment itself (the
    payments made under the plan falling short of the instalments due, once the profile's grace
    period has passed) and treats it as a breach."""

    kind: Literal["payment_plan"] = "payment_plan"
    until: ClaimDate
    instalments: tuple[Instalment, ...] = ()


class PaymentPlanBreached(_Event):
    """The debtor broke the payment plan."""

    kind: Literal["payment_plan_breached"] = "payment_plan_breached"


class DisputeOpened(_Event):
    """The debtor contests the claim."""

    kind: Literal["dispute_opened"] = "dispute_opened"


class DisputeClosed(_Event):
    """The dispute has been resolved."""

    kind: Literal["dispute_closed"] = "dispute_closed"


class Insolvency(_Event):
    """Debt settlement or bankruptcy proceedings were opened."""

    kind: Literal["insolvency"] = "insolvency"


class WrittenOff(_Event):
    """Booked as a loss; the claim moves to long-term monitoring."""

    kind: Literal["written_off"] = "written_off"


class DocumentSigned(_Event):
    """The debtor signed a document that gives the creditor a shorter road than a lawsuit
    (:data:`~claimrules.model.vocabulary.Document`): an enforceable loan note, or a lease with
    an eviction clause. The profile's ``claim_types.<type>.ladder_by_document`` says which
    ladder the claim then follows."""

    kind: Literal["document_signed"] = "document_signed"
    document: Document


class ServiceTerminated(_Event):
    """The service the claim pays for (e.g. a daycare place) was terminated for non-payment."""

    kind: Literal["service_terminated"] = "service_terminated"


class Unwound(_Event):
    """An offset, referral or legal step was reversed (e.g. made without notice to the debtor).

    ``event`` and ``event_on`` name the reversed event: the first event of that kind on that day.
    The engine then treats it as never having happened, and an offset's amount is owed again.
    """

    kind: Literal["unwound"] = "unwound"
    event: Unwindable
    event_on: ClaimDate


Event = Annotated[
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
    | NoticeFailed,
    Field(discriminator="kind"),
]


class Debtor(_Frozen):
    """Who owes the money; ``kind`` matters for some rules (e.g. business-only compensation)."""

    id: str = Field(min_length=1)
    kind: Literal["person", "business"]


def _loc_to_field(loc: tuple[int | str, ...]) -> str:
    """Turn a pydantic error location into a dotted field path, dropping union tags."""
    parts = [str(part) for part in loc]
    # The event union inserts the tag (the event kind) after the list index: events.0.payment.x
    if len(parts) > 2 and parts[0] == "events":
        del parts[2]
    return ".".join(parts)


def _claim_id_of(data: Any) -> str | None:
    if isinstance(data, dict):
        raw = data.get("id")
        return raw if isinstance(raw, str) else None
    return getattr(data, "id", None)


def _raise_claim_error(data: Any, error: ValidationError) -> ClaimError:
    problems = tuple(
        (_loc_to_field(tuple(item["loc"])), _message(item))
        for item in error.errors(include_url=False)
    )
    field, message = problems[0]
    return ClaimError(_claim_id_of(data), field, message, problems=problems)


@contextmanager
def _claim_errors(data: Any) -> Iterator[None]:
    """Raise pydantic's ValidationError inside as the ClaimError for ``data``."""
    try:
        yield
    except ValidationError as error:
        raise _raise_claim_error(data, error) from None


class Claim(_Frozen):
    """One unpaid (or paid) claim: the invoiced facts and the event history.

    Construct it with :meth:`model_validate`, :meth:`model_validate_json` or keyword arguments;
    invalid input raises :class:`~claimrules.errors.ClaimError` with the claim id and the field.
    """

    id: str = Field(min_length=1)
    claim_type: str = Field(min_length=1)
    debtor: Debtor
    principal: PositiveMoney
    currency: str = Field(pattern=r"^[A-Z]{3}$")
    issued_on: ClaimDate
    due_on: ClaimDate
    events: tuple[Event, ...] = ()

    # Every way in (keywords, ``model_validate``, ``model_validate_json``,
    # ``model_validate_strings``) turns pydantic's ValidationError into ClaimError. That is done
    # by overriding each of them rather than by a wrap validator, which costs a fifth of a
    # claim's validation (measured); the cross-field checks run as an after validator, whose
    # ClaimError (not a ValueError) pydantic passes through unchanged.
    def __init__(self, /, **data: Any) -> None:
        with _claim_errors(data):
            super().__init__(**data)

    # pydantic's own mark for an ``__init__`` that only validates (RootModel sets it too): the
    # validators then build claims directly instead of calling this ``__init__`` for each one,
    # which would cost another third (measured). Without the mark it is slower, not wrong.
    __init__.__pydantic_base_init__ = True  # type: ignore[attr-defined]

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        return self._check_consistency()

    def _check_consistency(self) -> Self:
        """Cross-field checks (:func:`claimrules.model.core.check_consistency`); raise
        ClaimError with the field that is wrong."""
        check_consistency(self)
        return self

    @classmethod
    def model_validate(cls, obj: Any, **options: Any) -> Self:
        """Validate a claim from a mapping (or a Claim); ``options`` are pydantic's.

        Raises:
            ClaimError: not a valid claim (with the claim id and the field where they can be
                read).
        """
        with _claim_errors(obj):
            return super().model_validate(obj, **options)

    @classmethod
    def model_validate_strings(cls, obj: Any, **options: Any) -> Self:
        """Validate a claim from a mapping of strings (dates and amounts as text); ``options``
        are pydantic's.

        Raises:
            ClaimError: not a valid claim (with the claim id and the field where they can be
                read).
        """
        with _claim_errors(obj):
            return super().model_validate_strings(obj, **options)

    @classmethod
    def model_validate_json(
        cls,
        json_data: str | bytes | bytearray,
        *,
        strict: bool | None = None,
        extra: Any = None,
        context: Any | None = None,
        by_alias: bool | None = None,
        by_name: bool | None = None,
    ) -> Self:
        """Parse a claim from JSON text.

        Raises:
            ClaimError: the text is not JSON (or not UTF-8), not a JSON object, or not a valid
                claim (with the claim id and the field where they can be read).
        """
        try:
            return super().model_validate_json(
                json_data,
                strict=strict,
                extra=extra,
                context=context,
                by_alias=by_alias,
                by_name=by_name,
            )
        except ValidationError as error:
            first = error.errors(include_url=False)[0]
            if first["type"] == "json_invalid":
                raise ClaimError(None, "", f"not a JSON claim: {first['msg']}") from None
            # the text is JSON: read it again (only on this error path) for the claim's id
            try:
                data = json.loads(json_data)
            except ValueError:  # JSON that pydantic's parser reads and Python's does not
                data = None
            raise _raise_claim_error(data, error) from None

    @property
    def content_hash(self) -> str:
        """SHA-256 (hex) of the claim's canonical form: what a decision records of the claim it
        decided, so that :func:`claimrules.replay` and :meth:`Decision.case_file` can refuse
        another claim under the same id.

        The canonical form is JSON (UTF-8, keys sorted, no spaces) of the claim's fields as
        validated: every field of the claim, its debtor and each event, ``null`` where a field
        is absent and defaults filled in; amounts as plain decimals without trailing zeros
        (``1000.00`` and ``1000`` are one amount); dates ``YYYY-MM-DD``; the events in the
        order they are replayed (by date, events on one day in input order). So the same claim
        read from JSON Lines, CSV or Parquet has the same hash, and any change to a fact or an
        event changes it."""
        return content_hash(self, self.sorted_events())

    def sorted_events(self) -> tuple[Event, ...]:
        """All events in date order; events on one day keep their input order (the order
        they are replayed in)."""
        return in_replay_order(self.events)

    def history(self, as_of: date) -> tuple[Event, ...]:
        """The events that count on ``as_of``: those up to that day, in date order, without
        events reversed by an ``unwound`` event dated on or before ``as_of``."""
        return without_unwound(self.sorted_events(), as_of)


def claim_from_json(text: str | bytes, *, line: int | None = None) -> Claim:
    """Parse one claim from JSON text (a JSON Lines line).

    Raises:
        ClaimError: the text is not a JSON object, or not a valid claim; ``line`` is set.
    """
    try:
        return Claim.model_validate_json(text)
    except ClaimError as error:
        raise error.at_line(line) if line is not None else error from None


def core_claim(claim: Claim) -> core.Claim:
    """The claim as the engine reads it (:mod:`claimrules.model.core`): the same fields and
    values, converted once."""
    debtor = claim.debtor
    return core.Claim(
        id=claim.id,
        claim_type=claim.claim_type,
        debtor=core.Debtor(id=debtor.id, kind=debtor.kind),
        principal=claim.principal,
        currency=claim.currency,
        issued_on=claim.issued_on,
        due_on=claim.due_on,
        events=tuple(map(_core_event, claim.events)),
    )


def engine_claim(claim: Claim | core.Claim) -> core.Claim:
    """``claim`` as the engine reads it: a core claim as it is, a public one converted
    (:func:`core_claim`). The rules that take a claim from outside the engine call it first."""
    return claim if isinstance(claim, core.Claim) else core_claim(claim)


_CORE_EVENTS = frozenset(core.EVENT_TYPES.values())


def engine_events(events: Sequence[Event | core.Event]) -> tuple[core.Event, ...]:
    """``events`` (one claim's: all core, or all a public claim's) as the engine reads them:
    core events as they are, a public claim's converted (:func:`core_claim`). The rules that
    take events from outside the engine call it first; on the engine's own path it costs one
    look at the first event."""
    if type(events) is tuple and (not events or type(events[0]) in _CORE_EVENTS):
        return cast(tuple[core.Event, ...], events)
    return tuple(_core_event(e) if isinstance(e, BaseModel) else e for e in events)


def _core_event(event: Event) -> core.Event:
    fields = event.__dict__.copy()
    kind = fields.pop("kind")
    if kind == "payment_plan":
        fields["instalments"] = tuple(
            core.Instalment(on=item.on, amount=item.amount) for item in fields["instalments"]
        )
    return core.EVENT_TYPES[kind](**fields)


_DECODER = msgspec.json.Decoder(core.Claim)


def core_claim_from_json(text: str | bytes, *, line: int | None = None) -> core.Claim:
    """Read one claim from JSON text (a JSON Lines line) straight into the engine's core types,
    at C speed: a claim the public :class:`Claim` takes, with the same values.

    Whatever the fast decoder does not take as it is (a malformed claim, a number written with
    a fraction, a field out of bounds, anything inconsistent) is read by the public model, so
    that every error is exactly the one :func:`claim_from_json` raises.

    Raises:
        ClaimError: the text is not a JSON object, or not a valid claim; ``line`` is set.
    """
    fast = _decoded(text)
    if fast is not None:
        return fast
    return core_claim(claim_from_json(text, line=line))


def _decoded(text: str | bytes) -> core.Claim | None:
    """The core claim of ``text`` when the fast decoder takes it (see
    :func:`core_claim_from_json`); ``None`` for the public model to read."""
    try:
        claim = _DECODER.decode(text)
    except (msgspec.DecodeError, msgspec.ValidationError, RecursionError, UnicodeError):
        # RecursionError: an amount (kept as raw JSON) nested a thousand arrays deep;
        # UnicodeError: text with a lone surrogate. The public model says what is wrong.
        return None
    if not read_amounts(claim):
        return None
    try:
        check_consistency(claim)
    except ClaimError:
        return None
    return claim
