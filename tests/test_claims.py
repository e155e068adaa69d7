"""Claim input: every error names the claim id and the offending field; claims are immutable and
``decide`` never changes them."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from pydantic import ValidationError

import claimrules as cr


def claim_data(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": "NO-C-1",
        "claim_type": "water_fee",
        "debtor": {"id": "P-1", "kind": "person"},
        "principal": "1000.00",
        "currency": "NOK",
        "issued_on": "2024-01-05",
        "due_on": "2024-01-20",
        "events": [{"kind": "invoice_sent", "on": "2024-01-05", "channel": "post"}],
    }
    data.update(changes)
    return data


@pytest.fixture(scope="module")
def no() -> cr.Profile:
    return cr.load_profile("no")


def claim_error(data: dict[str, Any]) -> cr.ClaimError:
    with pytest.raises(cr.ClaimError) as info:
        cr.Claim(**data)
    return info.value


def test_claim_error_is_in_the_tree_but_not_a_value_error() -> None:
    error = claim_error(claim_data(principal="1.001"))
    assert isinstance(error, cr.ClaimrulesError)
    assert not isinstance(error, ValueError)


@pytest.mark.parametrize(
    ("changes", "field", "text"),
    [
        # NOK has 2 decimals (øre): 1000.001 has 3
        ({"principal": "1000.001"}, "principal", "1000.001 has more decimals than NOK allows (2)"),
        (
            {"events": [{"kind": "payment", "on": "2024-02-01", "amount": "10.005"}]},
            "events.0.amount",
            "more decimals than NOK allows (2)",
        ),
        (
            {"events": [{"kind": "reminder_sent", "on": "2024-02-05", "fee": "35.001"}]},
            "events.0.fee",
            "more decimals than NOK allows (2)",
        ),
        # JPY has no minor unit: 100.5 has 1 decimal
        ({"currency": "JPY", "principal": "100.5"}, "principal", "JPY allows (0)"),
    ],
)
def test_bad_amount_decimals(changes: dict[str, Any], field: str, text: str) -> None:
    error = claim_error(claim_data(**changes))
    assert error.claim_id == "NO-C-1"
    assert error.field == field
    assert text in error.message
    assert str(error).startswith(f"claim 'NO-C-1': {field}: ")


@pytest.mark.parametrize("amount", ["-5.00", "0"])
def test_negative_or_zero_payment(amount: str) -> None:
    events = [
        {"kind": "invoice_sent", "on": "2024-01-05", "channel": "post"},
        {"kind": "payment", "on": "2024-02-01", "amount": amount},
    ]
    error = claim_error(claim_data(events=events))
    assert error.claim_id == "NO-C-1"
    assert error.field == "events.1.amount"
    assert "greater than 0" in error.message


def test_negative_payment_field_is_events_0_amount() -> None:
    error = claim_error(
        claim_data(events=[{"kind": "payment", "on": "2024-02-01", "amount": "-5"}])
    )
    assert (error.claim_id, error.field) == ("NO-C-1", "events.0.amount")


def test_negative_payment_also_via_model_validate_json() -> None:
    data = claim_data(events=[{"kind": "payment", "on": "2024-02-01", "amount": "-5"}])
    with pytest.raises(cr.ClaimError) as info:
        cr.Claim.model_validate_json(json.dumps(data))
    assert (info.value.claim_id, info.value.field) == ("NO-C-1", "events.0.amount")


def test_due_before_issue() -> None:
    error = claim_error(claim_data(issued_on="2024-01-20", due_on="2024-01-05"))
    assert (error.claim_id, error.field) == ("NO-C-1", "due_on")
    assert "2024-01-05 is before issued_on 2024-01-20" in error.message


def test_due_before_issue_via_model_validate() -> None:
    with pytest.raises(cr.ClaimError) as info:
        cr.Claim.model_validate(claim_data(issued_on="2024-01-20", due_on="2024-01-05"))
    assert info.value.field == "due_on"


def test_payment_plan_ending_before_it_starts() -> None:
    events = [{"kind": "payment_plan", "on": "2024-03-01", "until": "2024-02-01"}]
    error = claim_error(claim_data(events=events))
    assert (error.claim_id, error.field) == ("NO-C-1", "events.0.until")


def test_unknown_event_kind() -> None:
    events = [
        {"kind": "invoice_sent", "on": "2024-01-05", "channel": "post"},
        {"kind": "paymnet", "on": "2024-02-01", "amount": "5"},
    ]
    error = claim_error(claim_data(events=events))
    assert error.claim_id == "NO-C-1"
    assert error.field.startswith("events.1")
    assert "'paymnet'" in error.message


def test_missing_id_is_reported_without_one() -> None:
    data = claim_data()
    del data["id"]
    error = claim_error(data)
    assert error.claim_id is None
    assert error.field == "id"
    assert str(error).startswith("claim <no id>: id: ")


def test_unknown_currency_code_is_refused() -> None:
    error = claim_error(claim_data(currency="QQQ"))
    assert (error.claim_id, error.field) == ("NO-C-1", "currency")


def test_unknown_claim_type_at_decide_suggests(no: cr.Profile) -> None:
    claim = cr.Claim(**claim_data(claim_type="water_fe"))
    with pytest.raises(cr.ClaimError) as info:
        cr.decide(claim, no, date(2024, 3, 1))
    error = info.value
    assert (error.claim_id, error.field) == ("NO-C-1", "claim_type")
    assert "unknown claim type 'water_fe'" in error.message
    assert "did you mean 'water_fee'?" in error.message


def test_currency_mismatch_at_decide(no: cr.Profile) -> None:
    claim = cr.Claim(**claim_data(currency="EUR"))
    with pytest.raises(cr.ClaimError) as info:
        cr.decide(claim, no, date(2024, 3, 1))
    assert (info.value.claim_id, info.value.field) == ("NO-C-1", "currency")
    assert "EUR does not match profile no (NOK)" in info.value.message


def test_decide_many_yields_the_error_for_the_bad_claim_only(no: cr.Profile) -> None:
    good = claim_data()
    bad = claim_data(id="NO-C-2", principal="-1")
    results = list(cr.decide_many([good, bad, good], no, date(2024, 3, 1)))
    assert isinstance(results[0], cr.Decision)
    assert isinstance(results[1], cr.ClaimError)
    assert (results[1].claim_id, results[1].field) == ("NO-C-2", "principal")
    assert results[0] == results[2]


def test_claims_are_frozen() -> None:
    claim = cr.Claim(**claim_data())
    with pytest.raises(ValidationError):
        claim.principal = Decimal("1")  # type: ignore[misc]
    with pytest.raises(ValidationError):
        claim.debtor.kind = "business"  # type: ignore[misc]
    with pytest.raises(ValidationError):
        claim.events[0].on = date(2024, 1, 1)  # type: ignore[misc]
    assert isinstance(claim.events, tuple)


def test_decide_never_mutates_its_input(no: cr.Profile) -> None:
    # Events deliberately out of date order: the engine sorts a copy, never the claim.
    events = [
        {"kind": "payment", "on": "2024-02-10", "amount": "100.00"},
        {"kind": "reminder_sent", "on": "2024-02-05", "fee": "35.00"},
        {"kind": "invoice_sent", "on": "2024-01-05", "channel": "post"},
    ]
    claim = cr.Claim(**claim_data(events=events))
    snapshot = claim.model_dump()
    events_before = claim.events
    order_before = [event.kind for event in claim.events]
    first = cr.decide(claim, no, date(2024, 3, 1))
    assert claim.model_dump() == snapshot
    assert claim.events is events_before
    assert [event.kind for event in claim.events] == order_before
    assert cr.decide(claim, no, date(2024, 3, 1)) == first


def test_every_way_in_raises_the_same_claim_error() -> None:
    # the same bad principal ("-5" is not > 0) through keywords, a mapping and JSON
    data = claim_data(principal="-5")
    errors = [claim_error(data)]
    with pytest.raises(cr.ClaimError) as info:
        cr.Claim.model_validate(data)
    errors.append(info.value)
    with pytest.raises(cr.ClaimError) as info:
        cr.Claim.model_validate_json(json.dumps(data))
    errors.append(info.value)
    assert {(e.claim_id, e.field) for e in errors} == {(data["id"], "principal")}
    # pydantic's strings mode takes no nested objects (the debtor): still a ClaimError
    with pytest.raises(cr.ClaimError) as info:
        cr.Claim.model_validate_strings(data)
    assert info.value.claim_id == data["id"]
