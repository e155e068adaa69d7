"""Payments the debtor designated (issue 24, point 4): a payment may carry the part of the claim
the debtor designated and its reference (KID/OCR); allocation honours the designation where the
profile says it binds (Norway: the debtor's choice for a voluntary part-payment, Lovavdelingen
1999), keeps the profile's order where it says it does not, and where the law is unknown (the
Danish and Greenlandic profiles) a designation that could change what is left of the principal
sends the claim to a person. The scenario files hold the worked examples
(tests/scenarios/no/payment_designated_to_principal_covers_it_first.yaml,
tests/scenarios/dk/payment_designated_unknown_law_manual_review.yaml)."""

from __future__ import annotations

import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import claimrules as cr
from claimrules.model.claims import Payment

ROOT = Path(__file__).resolve().parents[1]
NO = cr.load_profile("no")
DK = cr.load_profile("dk")


def _claim(payment: dict[str, Any], currency: str = "NOK", **changes: Any) -> cr.Claim:
    return cr.Claim.model_validate(
        {
            "id": "DES-1",
            "claim_type": "water_fee",
            "debtor": {"id": "P-1", "kind": "person"},
            "principal": "10000.00",
            "currency": currency,
            "issued_on": "2024-01-05",
            "due_on": "2024-01-31",
            "events": [
                {"kind": "invoice_sent", "on": "2024-01-05", "channel": "post"},
                {"kind": "invoice_dispatched", "on": "2024-01-05", "channel": "post"},
                {"kind": "reminder_sent", "on": "2024-02-14", "fee": "35.00"},
                {"kind": "payment", "on": "2024-03-31", "amount": "3000.00", **payment},
            ],
            **changes,
        }
    )


AS_OF = date(2024, 4, 30)


@pytest.mark.parametrize("part", ["principal", "interest", "fees"])
def test_a_designated_part_is_covered_first_in_norway(part: str) -> None:
    plain = cr.decide(_claim({}), NO, AS_OF).balance
    designated = cr.decide(_claim({"designated": part}), NO, AS_OF).balance
    # fees 35.00 and interest 205.48 are owed on the payment day (see the scenario file)
    if part == "principal":
        assert designated.principal == Decimal("7000.00") and designated.fees == Decimal("35.00")
    else:  # fees or interest first: both are covered either way, as in the profile's order
        assert designated.principal == plain.principal == Decimal("7240.48")


def test_a_designation_where_the_law_is_unknown_goes_to_a_person() -> None:
    claim = _claim({"designated": "principal"}, currency="DKK")
    decision = cr.decide(claim, DK, AS_OF)
    assert decision.action == "manual_review"
    assert "whether that binds the creditor is unknown law" in decision.reason
    assert "gældsinddrivelsesloven" in decision.reason
    # without the designation the ladder goes on
    assert cr.decide(_claim({}, currency="DKK"), DK, AS_OF).action != "manual_review"


def test_a_designated_payment_that_covers_everything_needs_no_one() -> None:
    # the designation cannot change anything when the payment covers all that is owed
    claim = _claim({"designated": "principal", "amount": "11000.00"}, currency="DKK")
    decision = cr.decide(claim, DK, AS_OF)
    assert decision.action in ("refund", "none")


def test_an_order_that_binds_keeps_the_profile_order(tmp_path: Path) -> None:
    profile = tmp_path / "no"
    shutil.copytree(ROOT / "profiles/no", profile)
    delivery = profile / "delivery.yaml"
    text = delivery.read_text(encoding="utf-8")
    delivery.write_text(text.replace("    honoured: true\n", "    honoured: false\n"), "utf-8")
    bound = cr.load_profile(profile)
    designated = cr.decide(_claim({"designated": "principal"}), bound, AS_OF).balance
    assert designated.principal == Decimal("7240.48")  # fees, interest, then principal


def test_the_reference_is_kept_as_written_and_checked() -> None:
    claim = _claim({"reference": "0012345678903"})
    payment = claim.events[-1]
    assert isinstance(payment, Payment) and payment.reference == "0012345678903"
    with pytest.raises(cr.ClaimError) as error:
        _claim({"reference": '=HYPERLINK("x")'})
    assert error.value.field == "events.3.reference"
    with pytest.raises(cr.ClaimError) as error:
        _claim({"designated": "salary"})
    assert error.value.field == "events.3.designated"


def test_a_claim_without_the_new_fields_keeps_its_content_hash() -> None:
    # the canonical form leaves out the fields added after 0.1.0 while they are not given, so
    # decisions stored before them still replay
    plain = _claim({})
    assert plain.content_hash == _claim({}).content_hash
    with_reference = _claim({"reference": "0012345678903"})
    assert with_reference.content_hash != plain.content_hash
    import json

    stored = json.loads(plain.model_dump_json())
    for event in stored["events"]:
        event.pop("designated", None)
        event.pop("reference", None)
    assert cr.Claim.model_validate(stored).content_hash == plain.content_hash


def test_the_profile_says_null_only_for_unknown_law(tmp_path: Path) -> None:
    profile = tmp_path / "dk"
    shutil.copytree(ROOT / "profiles/dk", profile)
    delivery = profile / "delivery.yaml"
    text = delivery.read_text(encoding="utf-8")
    delivery.write_text(
        text.replace("    status: unknown\n", "    status: secondary\n", 1), "utf-8"
    )
    with pytest.raises(cr.ProfileError) as error:
        cr.load_profile(profile)
    assert error.value.key_path == "allocation.designation.honoured"
