"""Books that balance (issue 21, part 2): the accounting postings claim by claim and part by
part. The office's cases are in ``tests/books`` (a claim, and the journal lines of each run
with the arithmetic worked by hand); a property over random claims and two days checks that the
postings between them are the change in what each claim owes, part by part, and agree with
the decision; every bundled ledger reconciles with the aging report."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from ruamel.yaml import YAML

import claimrules as cr
from claimrules.engine.core import decide_state
from claimrules.reports.postings import (
    NOT_BOOKED,
    PARTS,
    ClaimPostings,
    claim_postings,
)
from claimrules.rules.monitoring import recovered
from claimrules.rules.state import ledger_at_write_off
from claimrules.testing import claims_with_as_of
from conftest import invoke

ROOT = Path(__file__).resolve().parents[1]
BOOKS = sorted((ROOT / "tests/books").glob("*.yaml"))
NO = cr.load_profile("no")


def _load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))
    return data


def _triples(movements: Any) -> list[list[Any]]:
    return [[x.kind, x.part, x.amount] for x in movements]


def _wanted(rows: list[list[str]] | None) -> list[list[Any]]:
    return [[kind, part, Decimal(amount)] for kind, part, amount in rows or []]


def assert_balanced(one: ClaimPostings, decision: cr.Decision) -> None:
    """What every claim's postings must satisfy: the movements are the change in what it
    owes, part by part; the closing amounts are the decision's; and the books carry what the
    claim owes (nothing once it is written off) and owe back what the decision says."""
    for part in PARTS:
        assert one.opening.part(part) + one.change(part) == one.closing.part(part), part
    balance = decision.balance
    owed_back = balance.principal + balance.interest + balance.fees - balance.total
    assert (one.closing.principal, one.closing.interest, one.closing.fees) == (
        balance.principal,
        balance.interest,
        balance.fees,
    )
    assert one.closing.refund == owed_back >= 0
    assert one.action == decision.action
    if decision.action == "refund":  # the credit balance the decision's reason names
        assert one.closing.refund > 0
        if balance.principal == balance.interest == balance.fees == 0:
            assert one.closing.refund == -balance.total
    if one.since is None:  # from the start: the accounts as they stand on as_of
        off = one.written_off or one.action == "write_off"  # booked, or proposed to be
        for part in ("principal", "interest", "fees"):
            carried = Decimal(0) if off else one.closing.part(part)
            assert one.account("receivable", part) == carried, part
        assert one.account("receivable", "refund") == 0
        assert -one.account("refund_payable") == owed_back
        assert all(x.amount > 0 for x in one.movements if x.kind not in NOT_BOOKED)


# --- the office's cases --------------------------------------------------------------------------


@pytest.mark.parametrize("path", BOOKS, ids=lambda p: p.stem)
def test_books_case(path: Path) -> None:
    spec = _load(path)
    profile = cr.load_profile(spec["profile"])
    claim = cr.Claim.model_validate(spec["claim"])
    for run in spec["runs"]:
        since, as_of = run.get("since"), run["as_of"]
        one = claim_postings(claim, profile, as_of, since=since)
        where = f"{since} .. {as_of}"
        assert _triples(one.journal()) == _wanted(run["lines"]), where
        not_booked = [x for x in one.movements if x.kind in NOT_BOOKED]
        assert _triples(not_booked) == _wanted(run.get("not_booked")), where
        assert [one.closing.part(p) for p in ("principal", "interest", "fees")] + [
            one.closing.refund
        ] == [Decimal(x) for x in run["owes"]], where
        decision = cr.decide(claim, profile, as_of)
        assert decision.action == run["action"], where
        assert_balanced(one, decision)
        # the report's lines are the claim's journal, with the accounts named by role
        report = cr.postings([claim], profile, as_of, since=since)
        got = [[x.kind, x.part, x.amount] for x in report.lines]
        assert sorted(got) == sorted(_triples(one.journal())), where


def test_a_period_is_the_change_between_the_runs_and_the_runs_add_up() -> None:
    """Booking each run's lines, with since the previous run's day, gives the cumulative
    lines: the runs of the worked example add up to its view from the start."""
    spec = _load(ROOT / "tests/books/no_write_off_then_part_payment_then_overpayment.yaml")
    claim = cr.Claim.model_validate(spec["claim"])
    days = [date(2026, 2, 28), date(2026, 3, 31), date(2026, 4, 30), date(2026, 5, 31)]
    sums: dict[tuple[str, str], Decimal] = {}
    for since, as_of in zip([None, *days], days, strict=False):
        for x in claim_postings(claim, NO, as_of, since=since).movements:
            sums[(x.kind, x.part)] = sums.get((x.kind, x.part), Decimal(0)) + x.amount
    whole = claim_postings(claim, NO, days[-1])
    assert {k: v for k, v in sums.items() if v} == {
        (x.kind, x.part): x.amount for x in whole.movements
    }


def test_the_old_postings_of_a_written_off_claim_are_gone() -> None:
    """The office's first finding: a claim written off and part-paid no longer books the
    interest it owes since the write-off as income and loss at once, and a recovery is never
    more than what the claim owed."""
    spec = _load(ROOT / "tests/books/no_write_off_then_part_payment_then_overpayment.yaml")
    claim = cr.Claim.model_validate(spec["claim"])
    report = cr.postings([claim], NO, date(2026, 4, 30))
    assert report.total("interest_accrued") == Decimal("72.00")  # to the write-off only
    assert report.total("written_off", "interest") == Decimal("72.00")
    assert report.interest == Decimal("34.80")  # owed, off the books
    assert report.written_off_owed == Decimal("3684.80")
    assert report.receivable == 0
    assert report.total("recovered_after_write_off") == Decimal("3832.00")


# --- the property --------------------------------------------------------------------------------


@given(case=claims_with_as_of(NO), back=st.integers(0, 4 * 366))
def test_postings_between_two_days_are_the_change_in_what_each_claim_owes(
    case: tuple[cr.Claim, date], back: int
) -> None:
    claim, as_of = case
    since = as_of - timedelta(days=back)
    decision, state = decide_state(claim, NO, as_of, trace="none")
    whole = claim_postings(claim, NO, as_of)
    assert_balanced(whole, decision)
    period = claim_postings(claim, NO, as_of, since=since)
    assert_balanced(period, decision)
    earlier = claim_postings(claim, NO, since)
    assert period.opening == earlier.closing
    if since >= claim.issued_on:
        before = cr.decide(claim, NO, since)
        assert_balanced(earlier, before)
    # the period's movements are the view on as_of less the view on since
    change: dict[tuple[str, str], Decimal] = {}
    for x in whole.movements:
        change[(x.kind, x.part)] = x.amount
    for x in earlier.movements:
        change[(x.kind, x.part)] = change.get((x.kind, x.part), Decimal(0)) - x.amount
    assert {(x.kind, x.part): x.amount for x in period.movements} == {
        k: v for k, v in change.items() if v
    }
    # after a write-off: recovered income is what the payments covered of what was owed, the
    # rest is owed back, and the two are what the decision says came in after the write-off
    at = ledger_at_write_off(state)
    recovery = recovered(state.past)
    got = sum(
        (x.amount for x in whole.movements if x.kind == "recovered_after_write_off"), Decimal(0)
    )
    if at is None:
        assert got == 0 and not whole.written_off
    else:
        beyond = state.ledger.overpaid - at.overpaid
        assert got + beyond == (recovery.amount if recovery is not None else 0)
        owed_then = {x.part: x.amount for x in whole.movements if x.kind == "written_off"}
        later = {x.part: x.amount for x in whole.movements if x.kind == "accrued_after_write_off"}
        for x in whole.movements:
            if x.kind == "recovered_after_write_off" and x.part != "principal":
                assert x.amount <= owed_then.get(x.part, 0) + later.get(x.part, 0)


# --- every bundled ledger -------------------------------------------------------------------------

LEDGERS = [
    ("examples/no/ledger.jsonl", "no", date(2026, 12, 1), date(2025, 12, 31)),
    ("examples/no/ledger.jsonl", "no/orkdal", date(2026, 12, 1), date(2026, 6, 30)),
    ("examples/dk/ledger.jsonl", "dk", date(2026, 12, 7), date(2025, 10, 31)),
    ("examples/gl/ledger.jsonl", "gl/kujalleq", date(2022, 3, 16), date(2021, 12, 31)),
]


@pytest.mark.parametrize(
    ("ledger", "profile_id", "as_of", "since"), LEDGERS, ids=lambda x: str(x).split("/")[-1]
)
def test_postings_reconcile_with_aging_on_every_bundled_ledger(
    ledger: str, profile_id: str, as_of: date, since: date
) -> None:
    """Outstanding principal, interest and fees are the aging report's; every claim's
    postings balance and agree with its decision; the receivable is what the claims not
    written off owe, less the write-offs proposed; the lines are the claims' journals summed;
    a period's lines are the change between the two days."""
    profile = cr.load_profile(profile_id)
    claims = [  # the claims that fit the profile (the Danish ledger has one in NOK)
        c
        for c in cr.read_claims(ROOT / ledger)
        if c.currency == profile.currency and profile.claim_type(c.claim_type) is not None
    ]
    report = cr.postings(claims, profile, as_of, by_claim=True)
    decided = list(cr.decide_many(claims, profile, as_of, trace="none"))
    assert all(isinstance(d, cr.Decision) for d in decided)
    pairs = list(zip(claims, decided, strict=True))
    aging = cr.aging_report(pairs, currency=profile.currency, as_of=as_of)  # as cr.aging does
    assert (report.principal, report.interest, report.fees) == (
        aging.total.outstanding,
        aging.interest,
        aging.fees,
    )
    decisions = {claim.id: decision for claim, decision in pairs}
    receivable = refund = off = Decimal(0)
    sums: dict[tuple[str, str, str], Decimal] = {}
    for one in report.claims:
        assert_balanced(one, decisions[one.claim_id])
        receivable += one.account("receivable")
        refund += one.closing.refund
        if one.written_off:
            off += one.closing.principal + one.closing.interest + one.closing.fees
        for x in one.journal():
            key = (one.claim_type, x.kind, x.part)
            sums[key] = sums.get(key, Decimal(0)) + x.amount
    assert report.receivable == receivable
    assert report.refund == refund
    assert report.written_off_owed == off
    assert report.receivable == (
        aging.total.outstanding
        + aging.interest
        + aging.fees
        - off
        - report.total("write_off_proposed")
    )
    assert {(x.claim_type, x.kind, x.part): x.amount for x in report.lines} == {
        k: v for k, v in sums.items() if v
    }
    # a period: the change between the two days, line by line
    period = cr.postings(claims, profile, as_of, since=since)
    earlier = cr.postings(claims, profile, since)
    keys = {(x.claim_type, x.kind, x.part) for x in (*report.lines, *earlier.lines)}
    for claim_type, kind, part in keys:
        got = sum(
            (
                x.amount
                for x in period.lines
                if (x.claim_type, x.kind, x.part) == (claim_type, kind, part)
            ),
            Decimal(0),
        )
        lines = (report.lines, earlier.lines)
        end, start = (
            sum(
                (
                    x.amount
                    for x in some
                    if (x.claim_type, x.kind, x.part) == (claim_type, kind, part)
                ),
                Decimal(0),
            )
            for some in lines
        )
        assert got == end - start, (claim_type, kind, part)
    assert {x.since for x in period.lines} <= {since}


def test_monitoring_report_is_what_the_written_off_claims_still_owe() -> None:
    """The monitoring report's total on the bundled ledger is the postings' written-off
    claims' debt off the books (not the write-offs booked, which were what they owed then)."""
    as_of = date(2026, 12, 1)
    claims = list(cr.read_claims(ROOT / "examples/no/ledger.jsonl"))
    monitored = cr.monitoring_report(claims, NO, as_of)
    report = cr.postings(claims, NO, as_of)
    assert report.written_off_owed == sum((m.total for m in monitored), Decimal(0))
    assert report.total("written_off") <= report.written_off_owed


# --- accounts and the command ---------------------------------------------------------------------


def test_refund_payable_is_named_by_role_or_by_the_overlay_account(tmp_path: Path) -> None:
    spec = _load(ROOT / "tests/books/no_overpayment_after_write_off_is_owed_back.yaml")
    claim = cr.Claim.model_validate(spec["claim"])
    orkdal = cr.load_profile("no/orkdal")  # its chart maps no refund_payable: the role's name
    lines = cr.postings([claim], orkdal, date(2026, 4, 30)).lines
    assert {(x.debit, x.credit) for x in lines if x.kind == "owed_back"} == {
        ("1510", "refund_payable")
    }
    folder = tmp_path / "town"
    folder.mkdir()
    text = (ROOT / "profiles/no/orkdal/profile.yaml").read_text(encoding="utf-8")
    text = text.replace(
        'recovered_income: "1591"', 'recovered_income: "1591"\n    refund_payable: "2390"'
    )
    (folder / "profile.yaml").write_text(text, encoding="utf-8")
    town = cr.load_profile(folder)
    owed_back = [
        x for x in cr.postings([claim], town, date(2026, 4, 30)).lines if x.kind == "owed_back"
    ]
    assert [(x.debit, x.credit, x.amount) for x in owed_back] == [
        # Orkdal's invoices fall due on the 20th of the next month, 2026-02-20: interest for
        # 10 + 30 days, 48.00; 5,000.00 - 3,698.00 is owed back
        ("1510", "2390", Decimal("1302.00"))
    ]


def test_postings_command_since_gives_the_change_after_the_day(tmp_path: Path) -> None:
    spec = _load(ROOT / "tests/books/no_write_off_then_part_payment_then_overpayment.yaml")
    ledger = tmp_path / "ledger.jsonl"
    ledger.write_text(json.dumps(spec["claim"], default=str) + "\n", encoding="utf-8")
    args = ("postings", ledger, "--profile", "no", "--as-of", "2026-05-31", "--format", "json")
    rows = [
        json.loads(x) for x in invoke(*args, "--since", "2026-04-30", code=0).stdout.splitlines()
    ]
    assert [(r["kind"], r["part"], r["amount"], r["since"]) for r in rows] == [
        ("recovered_after_write_off", "principal", "3650.00", "2026-04-30"),
        ("recovered_after_write_off", "interest", "36.00", "2026-04-30"),
        ("owed_back", "refund", "314.00", "2026-04-30"),
    ]
    text = invoke(*args[:-2], "--since", "2026-04-30", code=0).stdout
    assert "after 2026-04-30 through 2026-05-31" in text and "(refund payable): 314.00" in text
    result = invoke(*args, "--since", "2026-06-01", code=2)
    assert "--since" in result.stderr
    with pytest.raises(ValueError, match="after its end"):
        cr.postings([], NO, date(2026, 5, 31), since=date(2026, 6, 1))
