"""Every way in takes only what the published schemas say, and raises only documented errors
(issue 19, items 7, 8 and 9).
"""

from __future__ import annotations

import contextlib
import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import claimrules as cr
from claimrules.io.formats import read_claims
from profile_edits import copy_profile, line_of, mutate, replace_once

NO = cr.load_profile("no")


def _claim(**changes: Any) -> dict[str, Any]:
    return {
        "id": "S-1",
        "claim_type": "water_fee",
        "debtor": {"id": "P-1", "kind": "person"},
        "principal": "1000.00",
        "currency": "NOK",
        "issued_on": "2024-01-05",
        "due_on": "2024-01-20",
        "events": [{"kind": "invoice_sent", "on": "2024-01-05", "channel": "post"}],
        **changes,
    }


# --- dates are strict in every way in (item 8) ---------------------------------------------------

NOT_DATES = [
    1704067200,  # a Unix time: pydantic's lax mode read it as 2024-01-01
    1704067200.0,
    "1704067200",
    True,
    "2024-01-05T00:00:00",
    "20240105",
    "05.01.2024",
    " 2024-01-05",
]


def _ways_in(data: dict[str, Any]) -> list[Any]:
    """Each documented way to make a claim from ``data``."""
    return [
        lambda: cr.Claim.model_validate(data),
        lambda: cr.Claim.model_validate_json(json.dumps(data)),
        lambda: cr.Claim(**data),
        lambda: cr.decide(data, NO, date(2025, 1, 1)),
    ]


@pytest.mark.parametrize("value", NOT_DATES, ids=repr)
def test_a_date_that_is_not_written_yyyy_mm_dd_is_refused_naming_the_field(value: Any) -> None:
    for field in ("issued_on", "due_on"):
        for make in _ways_in(_claim(**{field: value})):
            with pytest.raises(cr.ClaimError) as raised:
                make()
            assert raised.value.claim_id == "S-1"
            assert raised.value.field == field
            assert "YYYY-MM-DD" in raised.value.message


@pytest.mark.parametrize("value", NOT_DATES, ids=repr)
def test_an_event_date_that_is_not_written_yyyy_mm_dd_is_refused(value: Any) -> None:
    data = _claim(events=[{"kind": "invoice_sent", "on": value, "channel": "post"}])
    for make in _ways_in(data):
        with pytest.raises(cr.ClaimError) as raised:
            make()
        assert raised.value.field == "events.0.on"


def test_a_csv_cell_holding_a_unix_time_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "claims.csv"
    path.write_text(
        "id,claim_type,debtor_id,debtor_kind,principal,currency,issued_on,due_on\n"
        "C-1,water_fee,P-1,person,100.00,NOK,1704067200,2024-01-20\n",
        encoding="utf-8",
    )
    (error,) = read_claims(path)
    assert isinstance(error, cr.ClaimError)
    assert (error.claim_id, error.field, error.line) == ("C-1", "issued_on", 2)


def test_dates_as_date_objects_and_iso_text_are_the_same_claim() -> None:
    as_text = cr.Claim.model_validate(_claim())
    as_dates = cr.Claim.model_validate(_claim(issued_on=date(2024, 1, 5), due_on=date(2024, 1, 20)))
    assert as_text == as_dates
    with pytest.raises(cr.ClaimError):  # a date-time is not a date
        cr.Claim.model_validate(_claim(issued_on=datetime(2024, 1, 5)))


def test_a_day_that_does_not_exist_is_refused() -> None:
    with pytest.raises(cr.ClaimError) as raised:
        cr.Claim.model_validate_json(json.dumps(_claim(issued_on="2024-02-30")))
    assert raised.value.field == "issued_on"
    assert "day value is outside expected range" in raised.value.message


def test_the_published_claim_schema_still_says_a_date_string() -> None:
    schema = cr.Claim.model_json_schema()
    assert schema["properties"]["issued_on"] == {
        "format": "date",
        "title": "Issued On",
        "type": "string",
    }


# --- profile dates are bounded like claim dates (item 9) -----------------------------------------


@pytest.mark.parametrize("day", ["9999-12-31", "1899-12-31"])
def test_a_profile_date_outside_1900_to_9000_is_refused_at_load_with_file_and_line(
    tmp_path: Path, day: str
) -> None:
    profile = copy_profile(tmp_path, "no")
    text = mutate(profile / "interest.yaml", replace_once("2026-07-01:", f"{day}:"))
    with pytest.raises(cr.ProfileError) as raised:
        cr.load_profile(profile)
    error = raised.value
    assert error.file is not None and error.file.name == "interest.yaml"
    assert error.line == line_of(text, f"{day}:")
    assert day in str(error)


def test_a_profile_date_at_the_bounds_loads_and_decides(tmp_path: Path) -> None:
    """The latest date a profile may carry still decides claims, without 'year 10000'."""
    profile = copy_profile(tmp_path, "no")
    mutate(
        profile / "profile.yaml",
        replace_once("last_verified_on: ", "last_verified_on: 9000-12-31 #"),
    )
    loaded = cr.load_profile(profile)
    decision = cr.decide(_claim(), loaded, date(9000, 12, 31))
    assert decision.claim_id == "S-1"


# --- documented errors only (item 7) -------------------------------------------------------------


def test_replay_of_a_decision_dated_9999_raises_a_replay_error() -> None:
    claim = cr.Claim.model_validate(_claim())
    stored = json.loads(cr.decide(claim, NO, date(2025, 1, 1)).model_dump_json())
    for as_of in ("9999-12-31", "1800-01-01", "0001-01-01"):
        with pytest.raises(cr.ReplayError) as raised:
            cr.replay({**stored, "as_of": as_of}, claim)
        assert as_of in str(raised.value)


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


@given(
    field=st.sampled_from(["as_of", "on", "claim_id", "profile_hash", "balance", "trace", "fee"]),
    value=_json_values,
)
def test_replay_of_any_stored_json_raises_only_documented_errors(field: str, value: Any) -> None:
    claim = cr.Claim.model_validate(_claim())
    stored = json.loads(cr.decide(claim, NO, date(2025, 1, 1)).model_dump_json())
    with contextlib.suppress(cr.ReplayError, cr.ClaimError):
        cr.replay({**stored, field: value}, claim)


# --- a decision names the claim it decided (item 6) ----------------------------------------------


def _water_claim(**changes: Any) -> cr.Claim:
    events = [
        {"kind": "invoice_sent", "on": "2024-01-05", "channel": "post"},
        {"kind": "invoice_dispatched", "on": "2024-01-05", "channel": "post"},
    ]
    return cr.Claim.model_validate(_claim(events=events, **changes))


def test_a_case_file_for_an_edited_claim_under_the_same_id_is_refused() -> None:
    """The same id with its principal edited to 99,999.00 once got a case file that
    contradicted the decision it claimed to document."""
    claim = _water_claim()
    decision = cr.decide(claim, NO, date(2026, 12, 7))
    assert decision.claim_hash == claim.content_hash
    edited = _water_claim(principal="99999.00")
    for attempt in (lambda: decision.case_file(edited), lambda: cr.replay(decision, edited)):
        with pytest.raises(cr.ReplayError) as raised:
            attempt()
        message = str(raised.value)
        assert "is not the claim that was decided" in message
        assert "balance.principal: stored '1000.00', now '99999.00'" in message


def test_an_edit_the_decision_does_not_show_is_still_refused_and_said_so() -> None:
    claim = _water_claim()
    decision = cr.decide(claim, NO, date(2026, 12, 7))
    events = [dict(e) for e in claim.model_dump(mode="json")["events"]]
    events[1]["provider"] = "another printer"
    edited = cr.Claim.model_validate({**claim.model_dump(mode="json"), "events": events})
    with pytest.raises(cr.ReplayError, match="a detail it does not show"):
        cr.replay(decision, edited)


def test_the_same_claim_written_another_way_replays() -> None:
    """The canonical form: amounts without trailing zeros, events in replay order, defaults
    filled in; so a claim read from another format or re-exported has the same hash."""
    claim = _water_claim()
    decision = cr.decide(claim, NO, date(2026, 12, 7))
    again = cr.Claim.model_validate(
        {
            **claim.model_dump(mode="json"),
            "principal": "1000",
            "events": [
                {"kind": "invoice_sent", "on": "2024-01-05", "channel": "post", "due_on": None},
                {"kind": "invoice_dispatched", "on": "2024-01-05", "channel": "post"},
            ],
        }
    )
    assert again.content_hash == claim.content_hash
    assert cr.replay(decision, again).reproduced


def test_a_decision_stored_before_claim_hashes_still_replays() -> None:
    claim = _water_claim()
    stored = json.loads(cr.decide(claim, NO, date(2026, 12, 7)).model_dump_json())
    del stored["claim_hash"]
    assert cr.replay(stored, claim).reproduced


@given(
    principal=st.decimals(min_value=1, max_value=10**6, places=2),
    day=st.integers(min_value=0, max_value=400),
)
def test_any_change_to_a_fact_changes_the_hash(principal: Any, day: int) -> None:
    from datetime import timedelta

    claim = _water_claim()
    moved = (date(2024, 1, 20) + timedelta(days=day)).isoformat()
    other = _water_claim(principal=str(principal), due_on=moved)
    same = str(principal) == "1000.00" and moved == "2024-01-20"
    assert (other.content_hash == claim.content_hash) == same
