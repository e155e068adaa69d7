"""Batch decisions, file formats, replay, aging and deadlines at risk."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import claimrules as cr
from claimrules.io.formats import (
    read_claims,
    read_claims_csv,
    read_claims_jsonl,
    write_claims_csv,
    write_claims_jsonl,
)
from claimrules.reports.aging import aging_report
from claimrules.reports.portfolio import deadlines_at_risk
from claimrules.tools.replay import ReplayError, replay

ROOT = Path(__file__).resolve().parents[1]
DK_LEDGER = ROOT / "examples" / "dk" / "ledger.jsonl"
NO = cr.load_profile("no")
DK = cr.load_profile("dk")


def _claim(
    claim_id: str,
    principal: str,
    due: str,
    events: list[dict[str, Any]] | None = None,
    claim_type: str = "water_fee",
) -> dict[str, Any]:
    issued = f"{due[:8]}01"
    return {
        "id": claim_id,
        "claim_type": claim_type,
        "debtor": {"id": f"D-{claim_id}", "kind": "person"},
        "principal": principal,
        "currency": "NOK",
        "issued_on": issued,
        "due_on": due,
        "events": [
            {"kind": "invoice_sent", "on": issued, "channel": "post"},
            {"kind": "invoice_dispatched", "on": issued, "channel": "post"},
            *(events or []),
        ],
    }


def _dk_claims() -> list[cr.Claim]:
    items = read_claims_jsonl(DK_LEDGER)
    return [c for c in items if isinstance(c, cr.Claim) and c.currency == "DKK"]


# --- formats -------------------------------------------------------------------------------


def test_jsonl_round_trip_keeps_every_claim(tmp_path: Path) -> None:
    claims = _dk_claims()
    assert len(claims) == 15  # the DK example: 15 valid claims and one in NOK
    path = tmp_path / "claims.jsonl"
    assert write_claims_jsonl(claims, path) == 15
    assert list(read_claims_jsonl(path)) == claims


def test_csv_round_trip_keeps_every_claim_and_event(tmp_path: Path) -> None:
    claims = _dk_claims()
    path = tmp_path / "claims.csv"
    assert write_claims_csv(claims, path) == 15
    assert (tmp_path / "claims.events.csv").exists()
    again = list(read_claims(path))
    assert again == claims
    assert sum(len(c.events) for c in again) == sum(len(c.events) for c in claims)


def test_parquet_round_trip_keeps_every_claim(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    from claimrules.io.scale import write_claims_parquet

    claims = _dk_claims()
    path = tmp_path / "claims.parquet"
    assert write_claims_parquet(claims, path) == 15
    assert list(read_claims(path)) == claims


def test_jsonl_reader_reports_bad_lines_with_their_numbers(tmp_path: Path) -> None:
    good = json.dumps(_claim("A", "100.00", "2025-01-20"))
    bad_amount = json.dumps(_claim("B", "-5", "2025-01-20"))
    path = tmp_path / "mixed.jsonl"
    path.write_text(f"{good}\n\n{bad_amount}\n{{not json\n{good}\n", encoding="utf-8")
    items = list(read_claims_jsonl(path))
    assert [type(i).__name__ for i in items] == ["Claim", "ClaimError", "ClaimError", "Claim"]
    amount, syntax = items[1], items[2]
    assert isinstance(amount, cr.ClaimError) and isinstance(syntax, cr.ClaimError)
    # line 2 is blank and skipped, so the bad claim is on line 3 and the broken JSON on line 4
    assert (amount.claim_id, amount.field, amount.line) == ("B", "principal", 3)
    assert syntax.line == 4 and syntax.claim_id is None and "not a JSON claim" in syntax.message


def test_csv_events_for_an_unknown_claim_are_not_silently_dropped(tmp_path: Path) -> None:
    claims = _dk_claims()[:2]
    path = tmp_path / "claims.csv"
    write_claims_csv(claims, path)
    events = tmp_path / "claims.events.csv"
    with events.open("a", encoding="utf-8") as handle:
        handle.write("GHOST-1,payment,2025-01-01,,,,,,100.00,,,,,,,\n")
    with pytest.raises(cr.ClaimrulesError, match="GHOST-1"):
        list(read_claims_csv(path, events))


def test_csv_bad_event_is_reported_on_its_claim_with_both_lines(tmp_path: Path) -> None:
    claims = [cr.Claim.model_validate(_claim("A", "100.00", "2025-01-20"))]
    path = tmp_path / "c.csv"
    write_claims_csv(claims, path)
    events = tmp_path / "c.events.csv"
    text = events.read_text(encoding="utf-8").replace("invoice_dispatched", "invoice_teleported")
    events.write_text(text, encoding="utf-8")
    (item,) = list(read_claims(path))
    assert isinstance(item, cr.ClaimError)
    # the claim is on line 2 of c.csv; its second event (events.1) on line 3 of c.events.csv
    assert item.line == 2 and item.field.startswith("events.1")
    assert "c.events.csv line 3" in item.message


# --- decide_many -----------------------------------------------------------------------------


def test_one_bad_claim_among_ten_thousand_is_reported_and_the_rest_decided() -> None:
    paid = [{"kind": "payment", "on": "2025-01-15", "amount": "500.00"}]

    def inputs() -> Iterator[dict[str, Any]]:
        for number in range(1, 10_001):
            if number == 5_000:
                yield {**_claim("BAD", "500.00", "2025-01-20"), "due_on": "2024-12-01"}
            else:
                yield _claim(f"C{number}", "500.00", "2025-01-20", paid)

    results = list(cr.decide_many(inputs(), NO, date(2025, 6, 30)))
    assert len(results) == 10_000
    errors = [r for r in results if isinstance(r, cr.ClaimError)]
    assert len(errors) == 1
    (error,) = errors
    assert (error.claim_id, error.field, error.line) == ("BAD", "due_on", 5_000)
    assert results[4_999] is error
    decided = [r for r in results if isinstance(r, cr.Decision)]
    assert [d.claim_id for d in decided[:3]] == ["C1", "C2", "C3"]
    assert decided[-1].claim_id == "C10000"
    assert {d.action for d in decided} == {"none"}  # each paid in full before its due date


def test_decide_many_streams_an_endless_input() -> None:
    def endless() -> Iterator[dict[str, Any]]:
        for number in itertools.count(1):
            yield _claim(f"E{number}", "100.00", "2025-01-20")

    first = list(itertools.islice(cr.decide_many(endless(), NO, date(2025, 1, 10)), 5))
    assert [d.claim_id for d in first if isinstance(d, cr.Decision)] == [
        f"E{n}" for n in range(1, 6)
    ]


def test_decide_many_reads_json_lines_and_passes_reader_errors_through() -> None:
    good = json.dumps(_claim("J1", "100.00", "2025-01-20"))
    reader_error = cr.ClaimError("X", "principal", "bad", line=7)
    results = list(cr.decide_many([good, b"{broken", reader_error], NO, date(2025, 1, 10)))
    assert isinstance(results[0], cr.Decision) and results[0].claim_id == "J1"
    assert isinstance(results[1], cr.ClaimError) and results[1].line == 2
    assert results[2] is reader_error


# --- replay ----------------------------------------------------------------------------------


def test_a_stored_decision_replays_to_the_same_answer() -> None:
    claim = cr.Claim.model_validate(_claim("R1", "1000.00", "2024-01-20"))
    stored = cr.decide(claim, NO, date(2024, 3, 1)).model_dump_json()
    result = replay(stored, claim)
    assert result.reproduced and result.differences == ()
    assert result.decision.action == "send_reminder"


@pytest.mark.parametrize("trace", ["none", "rules"])
def test_a_bulk_decision_replays_and_gets_its_full_trace_back(trace: str) -> None:
    """A decision stored by a bulk run (``--trace none`` or ``rules``) is reproduced on what it
    holds, and the replay carries the full trace a person asks for."""
    claim = cr.Claim.model_validate(_claim("R5", "1000.00", "2024-01-20"))
    as_of = date(2024, 3, 1)
    stored = cr.decide(claim, NO, as_of, trace=trace)  # type: ignore[arg-type]
    result = replay(stored.model_dump_json(), claim)
    assert result.reproduced and result.differences == ()
    assert result.decision.trace == cr.decide(claim, NO, as_of).trace
    assert all(entry.outcome for entry in result.decision.trace)
    changed = json.loads(stored.model_dump_json())
    changed["fee"] = "99.00"  # a stored field that is wrong is still found
    # the reminder's lawful fee: 1/20 of the 2024 inkassosats of NOK 700 = 35.00
    assert replay(changed, claim).differences == ("fee: stored '99.00', now '35.00'",)


def test_replay_names_every_field_that_changed() -> None:
    claim = cr.Claim.model_validate(_claim("R2", "1000.00", "2024-01-20"))
    stored = json.loads(cr.decide(claim, NO, date(2024, 3, 1)).model_dump_json())
    stored["action"] = "request_distraint"
    stored["balance"]["interest"] = "1.00"
    result = replay(stored, claim)
    assert not result.reproduced
    assert result.differences == (
        "action: stored 'request_distraint', now 'send_reminder'",
        # 1000 × 12.5 % × 41 days / 365 = 14.04 (interest from 21 January to 1 March 2024)
        "balance.interest: stored '1.00', now '14.04'",
    )


def test_replay_refuses_another_version_of_the_law() -> None:
    claim = cr.Claim.model_validate(_claim("R3", "1000.00", "2024-01-20"))
    stored = cr.decide(claim, NO, date(2024, 3, 1))
    with pytest.raises(ReplayError, match="load the profile's YAML as it was then"):
        replay(stored, claim, cr.load_profile("no/orkdal"))
    other = cr.Claim.model_validate(_claim("R4", "1000.00", "2024-01-20"))
    with pytest.raises(ReplayError, match="not 'R4'"):
        replay(stored, other)


# --- aging and deadlines ---------------------------------------------------------------------


def test_aging_cells_and_totals_are_worked_out_by_hand() -> None:
    claims = [
        cr.Claim.model_validate(c)
        for c in (
            _claim("W24", "1000.00", "2024-03-20"),
            _claim(
                "W25",
                "2000.00",
                "2025-03-20",
                [{"kind": "payment", "on": "2025-03-10", "amount": "1000.00"}],
            ),
            _claim(
                "K25",
                "500.00",
                "2025-04-20",
                [{"kind": "payment", "on": "2025-04-10", "amount": "500.00"}],
                claim_type="daycare_fee",
            ),
        )
    ]
    as_of = date(2025, 12, 31)
    pairs = [(c, cr.decide(c, NO, as_of)) for c in claims]
    report = aging_report(pairs, currency="NOK", as_of=as_of)
    water_2024 = report.cell("water_fee", "2024")
    water_2025 = report.cell("water_fee", "2025")
    daycare_2025 = report.cell("daycare_fee", "2025")
    year_2025 = report.cell("total", "2025")
    assert water_2024 and water_2025 and daycare_2025 and year_2025
    assert (water_2024.outstanding, water_2024.share) == (Decimal("1000.00"), Decimal("100.0"))
    # 2000 invoiced, 1000 paid before the due date: 1000 / 2000 = 50.0 %
    assert (water_2025.outstanding, water_2025.share) == (Decimal("1000.00"), Decimal("50.0"))
    assert (daycare_2025.outstanding, daycare_2025.share) == (Decimal("0.00"), Decimal("0.0"))
    # 2025: 1000 outstanding of 2000 + 500 invoiced = 40.0 %
    assert (year_2025.invoiced, year_2025.share) == (Decimal("2500.00"), Decimal("40.0"))
    # all: 2000 of 3500 = 57.14... → 57.1 %; reconciles with the decisions' balances
    assert (
        report.total.outstanding == Decimal("2000.00") == sum(d.balance.principal for _, d in pairs)
    )
    assert report.total.share == Decimal("57.1")
    assert report.total.open_claims == 2
    assert report.years == ("2024", "2025")
    text = report.text()
    assert "water_fee" in text and "2,000 (57.1%)" in text


def test_aging_folds_old_years_into_one_column() -> None:
    old = cr.Claim.model_validate(_claim("S1", "900.00", "2012-05-20", claim_type="social_loan"))
    as_of = date(2025, 12, 31)
    report = aging_report([(old, cr.decide(old, NO, as_of))], currency="NOK", as_of=as_of)
    # six columns of years by default: 2020..2025; 2012 falls into "before 2020"
    assert report.years == ("before 2020",)
    assert report.records()[0]["due_year"] == "before 2020"


def test_deadlines_at_risk_lists_only_lapses_in_the_window_with_the_step() -> None:
    decisions = [cr.decide(c, DK, date(2025, 10, 31)) for c in _dk_claims()]
    everything = deadlines_at_risk(decisions, 100_000)
    soon = deadlines_at_risk(decisions, 90)
    assert all(0 <= r.days_left <= 90 for r in soon)
    assert all(r.preserve for r in everything)
    assert [r.on for r in everything] == sorted(r.on for r in everything)
    assert set(soon) <= set(everything)
