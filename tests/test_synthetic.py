"""The synthetic Norwegian ledger: deterministic, valid under the ``no`` profile, and shaped
like a mid-size municipality's year at :data:`DEFAULT_SIZE`."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import claimrules as cr
from claimrules.engine import check_fits
from claimrules.testing.synthetic import DEFAULT_SIZE, norwegian_ledger, year_end

YEAR = 2025
AS_OF = date(YEAR, 12, 31)
MONEY = re.compile(r"^\d+\.\d\d$")
Row = dict[str, Any]


@pytest.fixture(scope="module")
def profile() -> cr.Profile:
    return cr.load_profile("no")


@pytest.fixture(scope="module")
def default_year(profile: cr.Profile) -> list[tuple[Row, cr.Decision]]:
    """The ledger at DEFAULT_SIZE with its decisions on 31 December, without their trace,
    which no test here reads (the bulk path: a few seconds)."""
    rows = list(norwegian_ledger(DEFAULT_SIZE, year=YEAR))
    pairs: list[tuple[Row, cr.Decision]] = []
    decided = cr.decide_many(rows, profile, AS_OF, trace="none")
    for row, decision in zip(rows, decided, strict=True):
        assert isinstance(decision, cr.Decision), decision
        pairs.append((row, decision))
    return pairs


def test_year_end() -> None:
    assert year_end(2025) == date(2025, 12, 31)


def test_runs_are_identical_and_slices_match_the_full_run() -> None:
    ledger = norwegian_ledger(600)
    assert isinstance(ledger, Iterator)
    full = list(ledger)
    assert len(full) == 600
    assert full == list(norwegian_ledger(600))
    assert list(norwegian_ledger(600, start=417)) == full[417:]
    assert list(norwegian_ledger(417)) == full[:417]
    assert len({row["id"] for row in full}) == 600
    assert list(norwegian_ledger(50, seed=7)) != full[:50]
    assert list(norwegian_ledger(600, start=600)) == []


def test_negative_size_or_start_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        list(norwegian_ledger(-1))
    with pytest.raises(ValueError, match="negative"):
        list(norwegian_ledger(10, start=-1))


def test_every_claim_validates_fits_and_is_decided(profile: cr.Profile) -> None:
    rows = list(norwegian_ledger(3000, year=YEAR))
    for row in rows:
        claim = cr.Claim.model_validate(row)
        check_fits(claim, profile)
        assert MONEY.match(row["principal"]), row
        for event in row["events"]:
            assert date.fromisoformat(event["on"]) <= AS_OF, row
            for key in ("amount", "fee"):
                if key in event:
                    assert MONEY.match(event[key]), row
    decisions = list(cr.decide_many(rows, profile, AS_OF))
    errors = [d for d in decisions if isinstance(d, cr.ClaimError)]
    assert errors == []


def test_invoiced_total_is_about_sixty_million(default_year: list[tuple[Row, cr.Decision]]) -> None:
    invoiced = sum(
        (Decimal(row["principal"]) for row, _ in default_year if row["issued_on"][:4] == str(YEAR)),
        Decimal(0),
    )
    assert abs(invoiced - 60_000_000) <= 60_000_000 * Decimal("0.05"), invoiced


def test_overdue_share_and_age(default_year: list[tuple[Row, cr.Decision]]) -> None:
    # Overdue: the principal still outstanding on 31 December (the decision's
    # balance.principal, after payments, credits and allocation to fees and interest first) of
    # every claim whose due date has passed, whatever year it was invoiced. The share is taken
    # of the principal invoiced in YEAR (claims issued in YEAR). "Under one year old": due
    # less than 365 days before the as-of date.
    invoiced = Decimal(0)
    overdue = Decimal(0)
    young = Decimal(0)
    for row, decision in default_year:
        if row["issued_on"][:4] == str(YEAR):
            invoiced += Decimal(row["principal"])
        due = date.fromisoformat(row["due_on"])
        if due < AS_OF:
            overdue += decision.balance.principal
            if (AS_OF - due).days < 365:
                young += decision.balance.principal
    share = overdue / invoiced
    assert Decimal("0.035") <= share <= Decimal("0.055"), share
    assert young > overdue / 2, (young, overdue)


def test_old_claims_loans_judgments_and_wage_deductions(
    default_year: list[tuple[Row, cr.Decision]],
) -> None:
    three_years = date(YEAR - 3, 12, 31)
    quiet_since = (AS_OF - timedelta(days=2 * 365)).isoformat()
    old_open = dormant_loans = judgments = wage_deductions = 0
    for row, decision in default_year:
        open_ = decision.balance.principal > 0
        if open_ and date.fromisoformat(row["issued_on"]) <= three_years:
            old_open += 1
        if (
            row["claim_type"] == "social_loan"
            and open_
            and all(event["on"] <= quiet_since for event in row["events"])
        ):
            dormant_loans += 1
        kinds = [event["kind"] for event in row["events"]]
        judgments += "judgment" in kinds
        wage_deductions += any(event.get("step") == "wage_deduction" for event in row["events"])
    assert old_open >= 1
    assert dormant_loans >= 10  # "a few dozen" at the default size
    assert judgments >= 10
    assert wage_deductions >= 10


def test_most_claims_are_paid_and_fees_are_lawful(
    default_year: list[tuple[Row, cr.Decision]],
) -> None:
    actions = [decision.action for _, decision in default_year]
    assert actions.count("none") / len(actions) > 0.9
    for action in ("send_reminder", "send_collection_notice", "request_distraint", "write_off"):
        assert action in actions
    codes = {w.code for _, decision in default_year for w in decision.warnings}
    assert "fee_over_cap" not in codes
    assert "unknown_law" not in codes
    kinds = {event["kind"] for row, _ in default_year for event in row["events"]}
    assert {"credit", "direct_debit_failed", "payment_plan", "referred_to_collection"} <= kinds


def test_dispatch_audit_finds_a_handful_of_post_invoices(
    profile: cr.Profile, default_year: list[tuple[Row, cr.Decision]]
) -> None:
    rows = [row for row, _ in default_year]
    post = [
        row
        for row in rows
        if any(e.get("channel") == "post" for e in row["events"] if e["kind"] == "invoice_sent")
    ]
    undispatched = {
        row["id"]
        for row in post
        if not any(e["kind"] in ("invoice_dispatched", "invoice_delivered") for e in row["events"])
    }
    audit = cr.audit_dispatch(rows, profile, AS_OF)
    # Every other invoice has its proof; a handful per 10,000 post invoices has none, and
    # nothing was collected on them.
    assert {gap.claim_id for gap in audit.gaps} == undispatched
    assert {gap.channel for gap in audit.gaps} == {"post"}
    assert 1 <= len(undispatched) <= len(post) * 20 // 10_000
    assert audit.collected_without_notice == ()


def test_the_bundled_demo_ledger_is_the_generator_s_small_instance(tmp_path: Path) -> None:
    """examples/no/ledger.jsonl is `claimrules generate --size 2000` (seed 2026, year 2025)."""
    from click.testing import CliRunner

    from claimrules.cli.app import main

    out = tmp_path / "ledger.jsonl"
    result = CliRunner().invoke(main, ["generate", "--size", "2000", "-o", str(out)])
    assert result.exit_code == 0, result.output
    bundled = Path(__file__).resolve().parents[1] / "examples" / "no" / "ledger.jsonl"
    assert out.read_bytes() == bundled.read_bytes()
