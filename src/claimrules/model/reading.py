"""Reading a claim: what a claim may carry beyond its fields' types, the amounts of a claim
read from JSON as the public model reads them, the checks across its fields, the order its
events are replayed in, and its content hash.

One module for the public claims (:mod:`claimrules.model.claims`) and the engine's core types
(:mod:`claimrules.model.core`): every function here reads a claim of either kind by its fields,
and an event by its ``kind``. It runs once or more for every claim, so it is compiled in the
compiled build (``docs/building.md``).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from datetime import date
from decimal import Decimal
from functools import cache
from operator import attrgetter
from typing import Any, NoReturn

import orjson
from babel.numbers import get_currency_precision, list_currencies
from msgspec import Raw, Struct
from msgspec.structs import asdict, force_setattr

from claimrules.errors import ClaimError, interruption_within

__all__ = [
    "CLAIM_FIELDS",
    "CURRENCIES",
    "EARLIEST_DATE",
    "LATEST_DATE",
    "MAX_AMOUNT",
    "check_consistency",
    "content_hash",
    "in_replay_order",
    "precision",
    "read_amounts",
    "without_unwound",
]

EARLIEST_DATE = date(1900, 1, 1)
"""The earliest date a claim may carry (an issue date, a due date, an event)."""
LATEST_DATE = date(9000, 12, 31)
"""The latest date a claim may carry: the law's periods (up to 20 years) and its calendars must
still be computable from it, and no real invoice is dated later."""
MAX_AMOUNT = Decimal("999999999999999.99")
"""The largest amount a claim may carry: 10^15 less one minor unit, more than any municipal
ledger holds, and within what a decimal accounting system keeps exactly."""

# --- the bounds the schema above cannot say -----------------------------------------------


def read_amounts(claim: Any) -> bool:
    """Finish a claim the fast decoder read: each amount read from its JSON text as the public
    model reads it (a string by ``Decimal``, an integer exactly), then the public model's field
    bounds (every day within :data:`EARLIEST_DATE` .. :data:`LATEST_DATE`, every amount finite
    and up to :data:`MAX_AMOUNT`, above zero where the public model says so: the principal, a
    payment's, credit's, offset's or instalment's amount; fees may be zero).

    ``False`` where the public model must read the claim instead: an amount written as a
    number with a fraction or an exponent (the public model reads it as a binary float first),
    a string with an escape, or a value out of bounds."""
    principal = _amount(claim.principal)
    if principal is None or not _positive(principal):
        return False
    force_setattr(claim, "principal", principal)
    if not (_day(claim.issued_on) and _day(claim.due_on)):
        return False
    for event in claim.events:
        if not _day(event.on):
            return False
        for name in _DAYS.get(event.kind, ()):
            value = getattr(event, name)
            if value is not None and not _day(value):
                return False
        money = _MONEY_FIELDS.get(event.kind)
        if money is not None:
            amount = _amount(getattr(event, money))
            if amount is None or not (_positive(amount) if money == "amount" else _fee(amount)):
                return False
            force_setattr(event, money, amount)
        elif event.kind == "payment_plan":
            for instalment in event.instalments:
                amount = _amount(instalment.amount)
                if amount is None or not (_day(instalment.on) and _positive(amount)):
                    return False
                force_setattr(instalment, "amount", amount)
    return True


def _amount(value: object) -> Decimal | None:
    """An amount as the public model reads its JSON text: a string by ``Decimal`` (spaces,
    underscores and all), an integer exactly; ``None`` for anything else (a number with a
    fraction or an exponent, a string with an escape, not a number)."""
    if type(value) is not Raw:
        return value if type(value) is Decimal else None
    text = bytes(value)
    try:
        if text[:1] == b'"':
            if b"\\" in text:
                return None
            return Decimal(text[1:-1].decode())
        if text.lstrip(b"-").isdigit():
            return Decimal(int(text))
    except (ArithmeticError, ValueError):
        return None
    return None


_DAYS: dict[str, tuple[str, ...]] = {
    "invoice_sent": ("due_on",),
    "notice_dispatched": ("sent_on",),
    "notice_delivered": ("sent_on",),
    "notice_failed": ("sent_on",),
    "payment_plan": ("until",),
    "unwound": ("event_on",),
    "proceedings_ended": ("creditor_informed_on",),
}
"""The days of each event besides ``on``."""


def _day(value: date) -> bool:
    return EARLIEST_DATE <= value <= LATEST_DATE


def _positive(value: Decimal) -> bool:
    return value.is_finite() and 0 < value <= MAX_AMOUNT


def _fee(value: Decimal) -> bool:
    return value.is_finite() and 0 <= value <= MAX_AMOUNT


# --- the cross-field checks, one for both kinds of claim ----------------------------------

_MONEY_FIELDS = {
    "payment": "amount",
    "credit": "amount",
    "offset": "amount",
    "reminder_sent": "fee",
    "collection_notice_sent": "fee",
    "payment_demand_sent": "fee",
    "referred_to_collection": "fee",
}
"""The money field of each event kind that has one (its decimals are the currency's)."""

_NOTICE_PROOF = frozenset({"notice_dispatched", "notice_delivered", "notice_failed"})
"""The events that prove (or disprove) that a notice reached the debtor."""

CURRENCIES = frozenset(list_currencies())
"""The ISO 4217 currencies a claim may be in."""


@cache
def precision(currency: str) -> int:
    """The decimals of ``currency``'s minor unit (2 for NOK and DKK)."""
    return int(get_currency_precision(currency))


def check_consistency(claim: Any) -> None:
    """The checks across a claim's fields, for a public or a core claim (both have the same
    fields): the due date not before the issue date, a known currency, amounts in the
    currency's unit, payment plans and their instalments in order, a notice's proof about a
    notice sent that day, and each unwinding about an event that came first.

    Raises:
        ClaimError: naming the field that is wrong.
    """
    if claim.due_on < claim.issued_on:
        raise ClaimError(
            claim.id, "due_on", f"{claim.due_on} is before issued_on {claim.issued_on}"
        )
    if claim.currency not in CURRENCIES:
        raise ClaimError(claim.id, "currency", f"unknown ISO 4217 currency {claim.currency!r}")
    places, unit = _unit(claim.currency)
    if not _in_unit(claim.principal, places, unit):
        _too_many_decimals(claim, "principal", claim.principal, places)
    unwinding = False
    for i, event in enumerate(claim.events):
        kind = event.kind
        name = _MONEY_FIELDS.get(kind)
        if name is not None:
            value = getattr(event, name)
            if value is not None and not _in_unit(value, places, unit):
                _too_many_decimals(claim, f"events.{i}.{name}", value, places)
        elif kind == "payment_plan":
            if event.until < event.on:
                raise ClaimError(
                    claim.id, f"events.{i}.until", "payment plan ends before it starts"
                )
            _check_instalments(claim, i, event, places, unit)
        elif kind == "unwound":
            unwinding = True
        elif kind in _NOTICE_PROOF:
            _check_notice_proof(claim, i, event)
    if unwinding:
        _check_unwinding(claim)


_UNITS: dict[str, tuple[int, Decimal]] = {}
"""Each currency's decimals and minor unit (``2``, ``Decimal("0.01")``), looked up once."""
_ONE = Decimal(1)


def _unit(currency: str) -> tuple[int, Decimal]:
    """The decimals of ``currency``'s minor unit (:func:`precision`) and the unit itself."""
    found = _UNITS.get(currency)
    if found is None:
        places = precision(currency)
        found = (places, _ONE.scaleb(-places))
        _UNITS[currency] = found
    return found


def _in_unit(value: Decimal, places: int, unit: Decimal) -> bool:
    """Whether ``value`` is written with no more than ``places`` decimals (``1.50`` and
    ``1500`` are, ``1.500`` is not): its exponent, read at once where it is the unit's or
    a whole number's (the common amounts), else from its digits."""
    if value.same_quantum(unit) or value.same_quantum(_ONE):
        return True
    exponent = value.as_tuple().exponent
    return not (isinstance(exponent, int) and exponent < -places)


def _too_many_decimals(claim: Any, name: str, value: Decimal, places: int) -> NoReturn:
    raise ClaimError(
        claim.id, name, f"{value} has more decimals than {claim.currency} allows ({places})"
    )


def _check_instalments(claim: Any, i: int, plan: Any, places: int, unit: Decimal) -> None:
    """A plan's instalments fall in date order within the plan, in the currency's unit."""
    previous = plan.on
    for j, instalment in enumerate(plan.instalments):
        where = f"events.{i}.instalments.{j}"
        if instalment.on < previous:
            raise ClaimError(
                claim.id,
                f"{where}.on",
                f"{instalment.on} is before the plan ({plan.on}) or the instalment before it",
            )
        if instalment.on > plan.until:
            raise ClaimError(
                claim.id, f"{where}.on", f"{instalment.on} is after the plan ends ({plan.until})"
            )
        if not _in_unit(instalment.amount, places, unit):
            _too_many_decimals(claim, f"{where}.amount", instalment.amount, places)
        previous = instalment.on


def _check_notice_proof(claim: Any, i: int, proof: Any) -> None:
    """A notice's proof is about a notice recorded as sent that day, and comes after it."""
    if proof.sent_on > proof.on:
        raise ClaimError(
            claim.id, f"events.{i}.sent_on", "a notice cannot be proven before it was sent"
        )
    sent = f"{proof.notice}_sent"
    if not any(e.kind == sent and e.on == proof.sent_on for e in claim.events):
        raise ClaimError(
            claim.id, f"events.{i}.sent_on", f"no {sent} event on {proof.sent_on} to prove"
        )


def _check_unwinding(claim: Any) -> None:
    """Each ``unwound`` event reverses an event that exists and came first."""
    happened = Counter((e.kind, e.on) for e in claim.events)
    for i, event in enumerate(claim.events):
        if event.kind == "unwound":
            if event.event_on > event.on:
                raise ClaimError(
                    claim.id,
                    f"events.{i}.event_on",
                    "an event cannot be unwound before it happened",
                )
            if not happened[(event.event, event.event_on)]:
                raise ClaimError(
                    claim.id,
                    f"events.{i}.event_on",
                    f"no {event.event} event on {event.event_on} to unwind",
                )


# --- the replay order and the content hash ------------------------------------------------


def in_replay_order(events: tuple[Any, ...]) -> tuple[Any, ...]:
    """``events`` in the order they are replayed: by date, stable within a day."""
    return tuple(sorted(events, key=attrgetter("on")))


def without_unwound(ordered: tuple[Any, ...], as_of: date) -> tuple[Any, ...]:
    """The events of ``ordered`` (in replay order) up to ``as_of``, less each event an
    ``unwound`` event up to then reversed (one unwinding reverses one event)."""
    if not ordered or ordered[-1].on <= as_of:
        upto: tuple[Any, ...] | list[Any] = ordered
    else:
        upto = [e for e in ordered if e.on <= as_of]
    unwound = [(e.event, e.event_on) for e in upto if e.kind == "unwound"]
    if not unwound:
        return tuple(upto)
    reversed_: Counter[tuple[str, date]] = Counter(unwound)
    kept: list[Any] = []
    for event in upto:
        key: tuple[str, date] = (event.kind, event.on)
        if reversed_[key] > 0:
            reversed_[key] -= 1
            continue
        kept.append(event)
    return tuple(kept)


CLAIM_FIELDS = ("id", "claim_type", "debtor", "principal", "currency", "issued_on", "due_on")
"""The claim's fields besides its events (in the public model's order)."""


def content_hash(claim: Any, ordered: tuple[Any, ...]) -> str:
    """The content hash (:attr:`claimrules.model.claims.Claim.content_hash`) of a public or a
    core claim whose events in replay order are ``ordered``: one hash whichever way the claim
    came in."""
    facts = {name: getattr(claim, name) for name in CLAIM_FIELDS}
    facts["events"] = ordered
    try:
        canonical = orjson.dumps(facts, default=_canonical, option=orjson.OPT_SORT_KEYS)
    except orjson.JSONEncodeError as error:  # a Ctrl-C inside the callback is raised as itself
        interruption = interruption_within(error)
        if interruption is not None:
            raise interruption from None
        raise
    return hashlib.sha256(canonical).hexdigest()


_LATER_OPTIONAL = ("designated", "reference")
"""Fields added to an event after claimrules 0.1.0, left out of the canonical form while they
are not given: a claim without them keeps the content hash its stored decisions carry."""


def _canonical(value: Any) -> Any:
    """orjson's fallback for the content hash: an amount as a plain decimal without trailing
    zeros; a debtor, event or instalment as its fields, an event with its ``kind`` (less the
    fields of :data:`_LATER_OPTIONAL` that are not given)."""
    if type(value) is Decimal:
        return format(value.normalize(), "f")
    if isinstance(value, Struct):  # a core debtor, event (with its kind) or instalment
        fields = asdict(value)
        if "kind" not in fields and hasattr(value, "kind"):
            fields["kind"] = value.kind
    elif hasattr(value, "__pydantic_fields__"):  # a public model: its fields as validated
        fields = value.__dict__
    else:  # pragma: no cover
        raise TypeError(f"{type(value).__name__} is not part of a claim")
    if fields.get("kind") == "payment" and fields["designated"] is None is fields["reference"]:
        plain = fields.copy()
        for name in _LATER_OPTIONAL:
            del plain[name]
        return plain
    return fields
