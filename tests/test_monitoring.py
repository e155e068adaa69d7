"""Long-term monitoring, no movement and the municipality's small-amount and write-off policies
(issue 14): properties over random histories, the reports that list them, and bad overlays.

The hand-worked cases are scenario files: ``tests/scenarios/no/monitoring_*``,
``no_movement_*``, ``orkdal_small_balance_*``, ``small_balance_*`` and ``orkdal_write_off_*``.
"""

from __future__ import annotations

import json
import shutil
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

import claimrules as cr
from claimrules.io.jsonl import read_claims_jsonl
from claimrules.law.schema import NoMovement
from claimrules.rules.history import fold
from claimrules.rules.monitoring import NOT_MOVEMENT, last_movement, stalled_since
from claimrules.testing import ESCALATING, claims_with_as_of
from conftest import invoke

ROOT = Path(__file__).resolve().parents[1]
NO = cr.load_profile("no")
ORKDAL = cr.load_profile("no/orkdal")
WRITTEN_OFF_CLAIM: dict[str, Any] = {
    "id": "NO-MON-CLI",
    "claim_type": "culture_school_fee",
    "debtor": {"id": "P-206", "kind": "person"},
    "principal": "1200.00",
    "currency": "NOK",
    "issued_on": "2023-08-15",
    "due_on": "2023-09-05",
    "events": [
        {"kind": "invoice_sent", "on": "2023-08-15", "channel": "post"},
        {"kind": "invoice_dispatched", "on": "2023-08-15", "channel": "post"},
        {"kind": "reminder_sent", "on": "2023-09-19", "fee": "35.00"},
        {"kind": "written_off", "on": "2024-06-30"},
    ],
}


def _with(claim: cr.Claim, *events: dict[str, Any]) -> cr.Claim:
    data = claim.model_dump(mode="json")
    data["events"] = [*data["events"], *events]
    return cr.Claim.model_validate(data)


# --- properties ---------------------------------------------------------------------------------


@given(case=claims_with_as_of(ORKDAL), left=st.decimals("0.01", "60.00", places=2))
def test_no_escalation_and_no_fee_below_the_small_amount_threshold(
    case: tuple[cr.Claim, date], left: Decimal
) -> None:
    """Whatever the history, a claim whose balance is under Orkdal's NOK 50 is never escalated
    and no fee is proposed. A payment on the due date that leaves ``left`` of the principal makes
    small balances common among the drawn claims."""
    claim, as_of = case
    paid = claim.principal - left
    if paid > 0:
        claim = _with(claim, {"kind": "payment", "on": claim.due_on, "amount": str(paid)})
    decision = cr.decide(claim, ORKDAL, as_of)
    threshold = ORKDAL.spec.local.small_balance
    assert threshold is not None
    if 0 < decision.balance.total < threshold.below:
        assert decision.action not in ESCALATING, decision.explain()
        assert decision.fee == 0, decision.explain()


@given(case=claims_with_as_of(NO), after=st.integers(0, 900))
def test_written_off_claims_stay_in_the_deadlines_report_while_limitation_runs(
    case: tuple[cr.Claim, date], after: int
) -> None:
    """A written-off claim that still owes something is never escalated, and while its
    limitation runs it is listed by ``deadlines_at_risk`` from the day its lapse comes within
    the window, up to the last day."""
    claim, as_of = case
    claim = _with(claim, {"kind": "written_off", "on": claim.due_on + timedelta(days=after)})
    decision = cr.decide(claim, NO, as_of)
    if "written_off" not in fold(claim, as_of).first:
        return
    assert decision.action not in ESCALATING, decision.explain()
    limitation = decision.limitation
    assert limitation is not None
    if (
        decision.action == "monitor"
        and decision.balance.total > 0
        and limitation.expires_on is not None
        and not limitation.time_barred
    ):
        left = (limitation.expires_on - as_of).days
        listed = cr.deadlines_at_risk([decision], within_days=left)
        assert any(r.claim_id == claim.id and r.deadline == "limitation expires" for r in listed), (
            decision.explain()
        )


@given(case=claims_with_as_of(NO), months=st.integers(1, 36))
def test_no_movement_means_nothing_happened_since(case: tuple[cr.Claim, date], months: int) -> None:
    """``stalled_since`` gives a day only when no event but bookkeeping came after it, and it
    is at least ``months`` before the as-of day; and it gives one whenever that holds."""
    claim, as_of = case
    past = fold(claim, as_of)
    rule = NoMovement(months=months)
    since = stalled_since(past, claim.due_on, as_of, rule)
    moved = [e.on for e in past.events if e.kind not in NOT_MOVEMENT]
    start = max([claim.due_on, *moved])
    months_later = _add_months(start, months)
    if since is None:
        assert months_later > as_of
    else:
        assert since == start
        assert months_later <= as_of
        assert last_movement(past) in (None, *moved)


def _add_months(day: date, months: int) -> date:
    from dateutil.relativedelta import relativedelta

    return day + relativedelta(months=months)


# --- reports ------------------------------------------------------------------------------------


def test_deadlines_report_lists_a_written_off_claim_47_days_before_limitation(
    tmp_path: Path,
) -> None:
    """The claim of the issue: written off, 47 days from limitation (2026-09-07, the Monday
    after due 2023-09-05 + 3 years), is in ``claimrules deadlines`` with its preserving step."""
    ledger = tmp_path / "ledger.jsonl"
    ledger.write_text(json.dumps(WRITTEN_OFF_CLAIM) + "\n", encoding="utf-8")
    result = invoke(
        "deadlines",
        ledger,
        "--profile",
        "no",
        "--as-of",
        "2026-07-22",
        "--within",
        "90d",
        "--json",
        code=0,
    )
    risks = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["claim_id"], r["on"], r["days_left"], r["action"]) for r in risks] == [
        ("NO-MON-CLI", "2026-09-07", 47, "monitor")
    ]


def test_no_movement_report_on_the_synthetic_ledger(tmp_path: Path) -> None:
    """``claimrules no-movement`` lists the synthetic ledger's stalled social loans, longest
    still first, as a table, JSON Lines and CSV that agree."""
    ledger = tmp_path / "ledger.jsonl"
    invoke("generate", "--size", "6000", "-o", ledger, code=0)
    args = ("no-movement", ledger, "--profile", "no", "--as-of", "2026-12-01")
    rows = [
        json.loads(line) for line in invoke(*args, "--format", "json", code=0).stdout.splitlines()
    ]
    assert rows, "the synthetic ledger has dormant social loans"
    assert {r["claim_type"] for r in rows} == {"social_loan"}
    days = [r["last_movement_on"] for r in rows]
    assert days == sorted(days)
    assert all(date.fromisoformat(d) <= date(2025, 12, 1) for d in days)  # 12 months or more
    csv_lines = invoke(*args, "--format", "csv", code=0).stdout.splitlines()
    assert csv_lines[0].split(",")[:4] == [
        "claim_id",
        "claim_type",
        "debtor_id",
        "last_movement_on",
    ]
    assert len(csv_lines) == len(rows) + 1
    table = invoke(*args, code=0).stdout
    loans = sum(1 for c in cr.read_claims(ledger) if c.claim_type == "social_loan")
    assert f"{len(rows)} of the {loans} claims of the watched types" in table
    assert rows[0]["claim_id"] in table
    said = " ".join(table.split())
    assert "Social loan (sosiallån, documented by gjeldsbrev): after 12 months" in said
    assert "Other claim types are not watched." in said
    api = cr.stalled_claims(cr.read_claims(ledger), NO, date(2026, 12, 1))
    assert [s.claim_id for s in api] == [r["claim_id"] for r in rows]


@pytest.mark.parametrize("columns", [80, 140])
def test_no_movement_says_what_it_watches_when_nothing_is_listed(columns: int) -> None:
    """An empty list is not read as "nothing stalled" (issue 23, point 7): the report says
    which claim types it watches and from how many months, and how many claims it looked at;
    for a profile that watches nothing, that it lists nothing."""
    args = ("no-movement", NO_LEDGER, "--profile", "no", "--as-of", "2026-12-07")
    text = invoke(*args, code=0, columns=columns).stdout
    assert "no claim of the watched types in the ledger" in text
    assert "profile no, warnings.no_movement" in " ".join(text.split())
    assert "after 12 months" in " ".join(text.split())
    assert all(len(line) <= columns for line in text.splitlines())
    assert cr.watched(NO)[0].claim_type == "social_loan"
    dk = (
        "no-movement",
        ROOT / "examples/dk/ledger.jsonl",
        "--profile",
        "dk",
        "--as-of",
        "2026-06-30",
    )
    text = " ".join(invoke(*dk, code=1, columns=columns).stdout.split())
    assert "Profile dk watches no claim type for no movement" in text


def test_no_movement_report_skips_and_reports_a_bad_claim(tmp_path: Path) -> None:
    ledger = tmp_path / "ledger.jsonl"
    good = dict(WRITTEN_OFF_CLAIM, id="NO-LOAN", claim_type="social_loan")
    good["events"] = good["events"][:3]
    bad = dict(good, id="NO-BAD", principal="-5")
    ledger.write_text(f"{json.dumps(good)}\n{json.dumps(bad)}\n", encoding="utf-8")
    result = invoke(
        "no-movement",
        ledger,
        "--profile",
        "no",
        "--as-of",
        "2026-12-01",
        "--format",
        "json",
        code=1,
    )
    assert [json.loads(line)["claim_id"] for line in result.stdout.splitlines()] == ["NO-LOAN"]
    assert "NO-BAD" in result.stderr and "principal" in result.stderr


# --- bad overlays -------------------------------------------------------------------------------


def _overlay(tmp_path: Path, extra: str) -> Path:
    folder = tmp_path / "mytown"
    folder.mkdir()
    text = (ROOT / "profiles/no/orkdal/profile.yaml").read_text(encoding="utf-8")
    (folder / "profile.yaml").write_text(text + extra, encoding="utf-8")
    return folder


def test_overlay_threshold_for_an_unknown_claim_type_names_file_and_line(tmp_path: Path) -> None:
    folder = _overlay(tmp_path, "warnings:\n  no_movement:\n    social_lone: {months: 12}\n")
    result = invoke("validate", folder, code=2)
    lines = len((folder / "profile.yaml").read_text(encoding="utf-8").splitlines())
    assert f"profile.yaml:{lines}: warnings.no_movement.social_lone" in result.stderr
    assert "did you mean 'social_loan'" in result.stderr


def test_small_balance_with_more_decimals_than_the_currency(tmp_path: Path) -> None:
    text = (ROOT / "profiles/no/orkdal/profile.yaml").read_text(encoding="utf-8")
    folder = tmp_path / "town"
    folder.mkdir()
    (folder / "profile.yaml").write_text(text.replace("below: 50", "below: 49.995"), "utf-8")
    result = invoke("validate", folder, code=2)
    assert "local.small_balance.below: 49.995 has more decimals than NOK has (2)" in result.stderr
    shutil.rmtree(folder)


# --- payment plans ------------------------------------------------------------------------------


@st.composite
def _plans(draw: st.DrawFn, profile: cr.Profile) -> tuple[cr.Claim, date]:
    """A claim under a payment plan with instalments, some payments on or around their dates
    (early, on time, late or never), decided on some day while the plan runs."""
    claim, _ = draw(claims_with_as_of(profile, max_events=3))
    start = claim.due_on + timedelta(days=draw(st.integers(1, 200)))
    count = draw(st.integers(1, 6))
    dates = [start + timedelta(days=30 * (i + 1)) for i in range(count)]
    each = max(profile.minor_unit, (claim.principal / count).quantize(profile.minor_unit))
    payments = []
    for on in dates:
        late = draw(st.none() | st.integers(-5, 20))
        if late is not None:
            payments.append({"kind": "payment", "on": on + timedelta(days=late), "amount": each})
    plan = {
        "kind": "payment_plan",
        "on": start,
        "until": dates[-1],
        "instalments": [{"on": on, "amount": each} for on in dates],
    }
    as_of = start + timedelta(days=draw(st.integers(0, (dates[-1] - start).days)))
    return _with(claim, plan, *payments), as_of


@given(case=_plans(ORKDAL))
def test_a_missed_instalment_never_escalates_before_the_grace_period_ends(
    case: tuple[cr.Claim, date],
) -> None:
    """While the plan runs, nothing is escalated today unless an instalment's grace period
    (Orkdal: 7 days) has ended without the payments under the plan covering it; and then the
    decision says so."""
    claim, as_of = case
    decision = cr.decide(claim, ORKDAL, as_of)
    past = fold(claim, as_of)
    if past.plan_until is None or past.plan_until < as_of:
        return  # breached by an event of the drawn history, or not the plan in force
    policy = ORKDAL.spec.local.payment_plan
    assert policy is not None
    plan = next(e for e in reversed(past.events) if e.kind == "payment_plan")
    ended = [i for i in plan.instalments if i.on + timedelta(days=policy.grace_days) < as_of]
    paid = [e for e in past.money if e.kind in ("payment", "offset") and e.on >= plan.on]
    covered = all(
        sum(
            (p.amount for p in paid if p.on <= i.on + timedelta(days=policy.grace_days)), Decimal(0)
        )
        >= sum((j.amount for j in plan.instalments if j.on <= i.on), Decimal(0))
        for i in ended
    )
    if covered:
        assert "instalment_missed" not in decision.warning_codes(), decision.explain()
        assert not (decision.ready and decision.action in ESCALATING), decision.explain()
    elif decision.action in ESCALATING and decision.ready:
        assert "instalment_missed" in decision.warning_codes(), decision.explain()


# --- the monitoring report ----------------------------------------------------------------------

NO_LEDGER = ROOT / "examples/no/ledger.jsonl"


def test_monitoring_report_on_the_bundled_ledger_reconciles() -> None:
    """The bundled ledger's written-off claims on 2026-12-01: each with its limitation date
    (the one 28 days away is also in the deadlines report), and what they owe is exactly what
    the postings count as owed off the books by the written-off claims, to the øre."""
    as_of = date(2026, 12, 1)
    claims = list(cr.read_claims(NO_LEDGER))
    report = cr.monitoring_report(claims, NO, as_of)
    assert [m.claim_id for m in report] == [
        "NO2026-000000404",
        "NO2026-000000851",
        "NO2026-000000223",
    ]
    assert report[0].monitor_until == date(2026, 12, 29)
    assert report[-1].monitor_until is None  # legal proceedings suspend its limitation
    assert {m.action for m in report} == {"monitor"}
    owed = sum((m.total for m in report), Decimal(0))
    assert owed == Decimal("16384.01")
    assert cr.postings(claims, NO, as_of).written_off_owed == owed
    decisions = [d for d in cr.decide_many(claims, NO, as_of) if isinstance(d, cr.Decision)]
    risks = cr.deadlines_at_risk(decisions, within_days=30)
    assert ("NO2026-000000404", date(2026, 12, 29)) in {(r.claim_id, r.on) for r in risks}
    # a calendar month from 1 December reaches 1 January: the same claim, counted as people do
    by_month = cr.deadlines_at_risk(decisions, within=relativedelta(months=1))
    assert ("NO2026-000000404", date(2026, 12, 29)) in {(r.claim_id, r.on) for r in by_month}
    assert cr.deadlines_at_risk(decisions, within=relativedelta(days=27)) == [
        r for r in risks if r.days_left <= 27
    ]
    for wrong in ({}, {"within_days": 30, "within": relativedelta(months=1)}):
        with pytest.raises(ValueError, match="within_days or as within"):
            cr.deadlines_at_risk(decisions, **wrong)  # type: ignore[arg-type]


def test_monitoring_command_formats() -> None:
    args = ("monitoring", NO_LEDGER, "--profile", "no", "--as-of", "2026-12-01")
    rows = [
        json.loads(line) for line in invoke(*args, "--format", "json", code=0).stdout.splitlines()
    ]
    assert rows[0]["claim_id"] == "NO2026-000000404"
    csv_lines = invoke(*args, "--format", "csv", code=0).stdout.splitlines()
    assert len(csv_lines) == len(rows) + 1 and csv_lines[0].startswith("claim_id,claim_type")
    assert "3 claims; owed 16,384.01; recovered 0.00" in invoke(*args, code=0).stdout


def test_monitoring_command_reports_and_skips_a_bad_claim(tmp_path: Path) -> None:
    good = dict(WRITTEN_OFF_CLAIM)
    bad = dict(WRITTEN_OFF_CLAIM, id="NO-BAD-DATE", issued_on="2023-13-01")
    ledger = tmp_path / "ledger.jsonl"
    ledger.write_text(f"{json.dumps(good)}\n{json.dumps(bad)}\n", encoding="utf-8")
    result = invoke(
        "monitoring",
        ledger,
        "--profile",
        "no",
        "--as-of",
        "2026-07-22",
        "--format",
        "json",
        code=1,
    )
    assert [json.loads(line)["claim_id"] for line in result.stdout.splitlines()] == ["NO-MON-CLI"]
    assert "NO-BAD-DATE" in result.stderr and "issued_on" in result.stderr


def test_an_instalment_outside_its_plan_is_a_claim_error_naming_it(tmp_path: Path) -> None:
    """Instalments fall in date order within the plan; otherwise the claim is reported with the
    instalment's field and skipped, and the rest of the ledger is decided."""
    plan = {
        "kind": "payment_plan",
        "on": "2026-03-01",
        "until": "2026-06-30",
        "instalments": [
            {"on": "2026-03-20", "amount": "500.00"},
            {"on": "2026-07-20", "amount": "1.00"},
        ],
    }
    bad = dict(WRITTEN_OFF_CLAIM, id="NO-BAD-PLAN", events=[*WRITTEN_OFF_CLAIM["events"][:3], plan])
    ledger = tmp_path / "ledger.jsonl"
    ledger.write_text(f"{json.dumps(WRITTEN_OFF_CLAIM)}\n{json.dumps(bad)}\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = invoke("decide", ledger, "--profile", "no", "--as-of", "2026-07-22", "-o", out, code=1)
    assert "NO-BAD-PLAN" in result.stderr
    assert (
        "events.3.instalments.1.on: 2026-07-20 is after the plan ends (2026-06-30)" in result.stderr
    )
    assert len(out.read_text(encoding="utf-8").splitlines()) == 1


# --- the write-off policy never hides the law's live road (issue 21) ---------------------------

_NOT_A_STEP = {"none", "refund", "monitor", "manual_review", "write_off"}


def _any_basis_orkdal(tmp_path: Path) -> cr.Profile:
    """Orkdal with its write-off policy widened to every claim, whatever its basis."""
    target = tmp_path / "profiles"
    shutil.copytree(ROOT / "profiles", target)
    overlay = target / "no" / "orkdal" / "profile.yaml"
    text = overlay.read_text(encoding="utf-8")
    assert "without_enforcement_basis: true" in text
    overlay.write_text(
        text.replace("without_enforcement_basis: true", "without_enforcement_basis: false")
    )
    return cr.load_profile(target / "no" / "orkdal")


def _names_the_live_step(local: cr.Decision, law: cr.Decision) -> None:
    """A write-off by the local policy names the step the law alone would propose, with the
    day limitation closes the road."""
    if local.action != "write_off" or law.action in _NOT_A_STEP:
        return
    assert local.limitation is not None and local.limitation.expires_on is not None
    named = f"the law still allows the next step ({law.action.replace('_', ' ')}, lawful from"
    assert named in local.reason, (local.reason, law.action)
    assert f"until limitation on {local.limitation.expires_on}" in local.reason
    assert "law_allows_step" in local.warning_codes()


@given(case=claims_with_as_of(ORKDAL))
def test_a_policy_write_off_names_the_step_the_law_still_allows(
    case: tuple[cr.Claim, date],
) -> None:
    claim, as_of = case
    _names_the_live_step(cr.decide(claim, ORKDAL, as_of), cr.decide(claim, NO, as_of))


def test_a_policy_write_off_whatever_the_basis_names_distraint_on_a_part_paid_water_fee(
    tmp_path: Path,
) -> None:
    # a water fee (særlig tvangsgrunnlag: distraint without a court) due 2022-03-20, part-paid
    # on 2024-06-01 (a payment interrupts, foreldelsesloven § 14: new 3 years to 2027-06-01)
    claim = cr.Claim.model_validate(
        {
            "id": "NO-ORK-WATER",
            "claim_type": "water_fee",
            "debtor": {"id": "P-935", "kind": "person"},
            "principal": "4000.00",
            "currency": "NOK",
            "issued_on": "2022-02-01",
            "due_on": "2022-03-20",
            "events": [
                {"kind": "invoice_sent", "on": "2022-02-01", "channel": "post"},
                {"kind": "invoice_dispatched", "on": "2022-02-01", "channel": "post"},
                {"kind": "reminder_sent", "on": "2022-04-05", "fee": "0"},
                {"kind": "collection_notice_sent", "on": "2022-04-25", "fee": "0"},
                {"kind": "payment", "on": "2024-06-01", "amount": "1000.00"},
            ],
        }
    )
    widened = _any_basis_orkdal(tmp_path)
    as_of = date(2026, 12, 7)
    local, law = cr.decide(claim, widened, as_of), cr.decide(claim, NO, as_of)
    assert law.action == "request_distraint"
    assert local.action == "write_off"
    _names_the_live_step(local, law)
    assert "until limitation on 2027-06-01" in local.reason
    # the bundled policy (no enforcement basis only) spares it: distraint is proposed
    assert cr.decide(claim, ORKDAL, as_of).action == "request_distraint"


def test_every_policy_write_off_on_the_bundled_ledgers_names_the_live_step(tmp_path: Path) -> None:
    widened = _any_basis_orkdal(tmp_path)
    for ledger in ("ledger.jsonl", "cases.jsonl"):
        for claim in read_claims_jsonl(ROOT / "examples" / "no" / ledger):
            if isinstance(claim, cr.ClaimError):
                continue  # the cases ledger's one deliberately bad claim
            for as_of in (date(2025, 12, 31), date(2026, 12, 7)):
                law = cr.decide(claim, NO, as_of)
                for profile in (ORKDAL, widened):
                    _names_the_live_step(cr.decide(claim, profile, as_of), law)


@given(case=claims_with_as_of(NO), months=st.integers(1, 36))
def test_a_window_of_months_holds_exactly_the_deadlines_up_to_that_calendar_day(
    case: tuple[cr.Claim, date], months: int
) -> None:
    """``within=relativedelta(months=n)`` lists a deadline if and only if it falls on or
    after the as-of day and on or before the day n calendar months later (from 31 January,
    one month reaches 28 or 29 February: dateutil clips to the month's last day), and agrees
    with ``within_days`` given that many days."""
    claim, as_of = case
    decision = cr.decide(claim, NO, as_of, trace="none")
    end = as_of + relativedelta(months=months)
    listed = cr.deadlines_at_risk([decision], within=relativedelta(months=months))
    expected = (
        []
        if decision.balance.total <= 0 or decision.action == "refund"
        else [d for d in decision.deadlines if d.preserve and as_of <= d.on <= end]
    )
    assert sorted((r.deadline, r.on) for r in listed) == sorted((d.name, d.on) for d in expected)
    assert listed == cr.deadlines_at_risk([decision], within_days=(end - as_of).days)
