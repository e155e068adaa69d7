"""Court-ready case data (issue 14, part 6): the case file of a distraint petition after a
judgment and of a conciliation complaint, worked out by hand from their scenario files; the
printable HTML page (escaped); and ``claimrules case-file`` on good and bad input."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

import claimrules as cr
from conftest import invoke

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "tests/scenarios/no"


def _scenario(name: str) -> tuple[cr.Claim, cr.Profile, date]:
    spec: dict[str, Any] = YAML(typ="safe", pure=True).load(
        (SCENARIOS / f"{name}.yaml").read_text(encoding="utf-8")
    )
    return cr.Claim.model_validate(spec["claim"]), cr.load_profile(spec["profile"]), spec["as_of"]


def test_distraint_petition_after_judgment() -> None:
    """building_case_fee_request_distraint_after_judgment: principal 15,400.00 due 2023-02-10,
    judgment 2023-09-14. Interest, no payments: 140 days at 10.75 % (2023-02-11..06-30) and 97
    days at 11.75 % (07-01..10-05) on 15,400.00 = 634.9863 + 480.8808 = 1115.87; fees 35 + 35 +
    105 = 175.00 (inkassoforskriften kap. 1)."""
    claim, profile, as_of = _scenario("building_case_fee_request_distraint_after_judgment")
    made = cr.case_file(claim, profile, as_of)
    assert made.action == "request_distraint" and made.on == date(2023, 9, 29)
    assert made.title == "Petition for distraint: case data"
    assert made.enforcement_basis == "judgment or court settlement of 2023-09-14"
    assert [(p.first, p.last, p.days, p.rate, p.base) for p in made.interest] == [
        (date(2023, 2, 11), date(2023, 6, 30), 140, Decimal("10.75"), Decimal("15400.00")),
        (date(2023, 7, 1), date(2023, 10, 5), 97, Decimal("11.75"), Decimal("15400.00")),
    ]
    exact = sum(p.base * p.rate / 100 * p.days / 365 for p in made.interest)
    assert exact.quantize(Decimal("0.01")) == made.balance.interest == Decimal("1115.87")
    assert [(f.on, f.kind, f.amount) for f in made.fees] == [
        (date(2023, 2, 24), "reminder_sent", Decimal("35.00")),
        (date(2023, 3, 13), "collection_notice_sent", Decimal("35.00")),
        (date(2023, 3, 29), "payment_demand_sent", Decimal("105.00")),
    ]
    assert "inkassoforskriften" in made.fees_citation
    assert [(n.on, n.kind) for n in made.notices] == [
        (date(2023, 1, 10), "invoice"),
        (date(2023, 1, 10), "invoice"),
        (date(2023, 2, 24), "reminder_sent"),
        (date(2023, 3, 13), "collection_notice_sent"),
        (date(2023, 3, 29), "payment_demand_sent"),
        (date(2023, 4, 20), "conciliation_complaint"),
        (date(2023, 9, 14), "judgment"),
    ]
    assert made.notices[1].evidence == "dispatch confirmed (post)"
    assert made.limitation is not None and made.limitation.expires_on == date(2033, 9, 14)
    assert made.claim.citation and made.step_citation
    assert made.balance.total == Decimal("16690.87")


def test_conciliation_complaint_seeks_an_enforcement_basis() -> None:
    claim, profile, as_of = _scenario("commercial_rent_conciliation_complaint_just_below_threshold")
    made = cr.case_file(claim, profile, as_of)
    assert made.action == "file_conciliation_complaint"
    assert made.enforcement_basis == "none yet: this step seeks a basis for enforcement"
    assert "tvisteloven" in made.step_citation


def test_html_is_escaped_and_links_the_sources() -> None:
    claim, profile, as_of = _scenario("building_case_fee_request_distraint_after_judgment")
    data = claim.model_dump(mode="json")
    data["id"] = "<script>alert(1)</script>"
    made = cr.case_file(cr.Claim.model_validate(data), profile, as_of)
    page = made.html()
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert '<a href="https://lovdata.no/dokument/NL/lov/1976-12-17-100">' in page
    assert "1,115.87" in page and "16,690.87" in page


def test_case_file_command(tmp_path: Path) -> None:
    claim, _, _ = _scenario("building_case_fee_request_distraint_after_judgment")
    ledger = tmp_path / "ledger.jsonl"
    ledger.write_text(claim.model_dump_json() + "\n", encoding="utf-8")
    args = ("case-file", ledger, "--claim", claim.id, "--profile", "no", "--as-of", "2023-10-05")
    data = json.loads(invoke(*args, code=0).stdout)
    assert data["action"] == "request_distraint" and data["balance"]["total"] == "16690.87"
    page = tmp_path / "case.html"
    invoke(*args, "--format", "html", "-o", page, code=0)
    assert page.read_text(encoding="utf-8").startswith("<!doctype html>")


@pytest.mark.parametrize(
    ("as_of", "claim_id", "message"),
    [
        ("2023-02-01", None, "its next action on 2023-02-01 is send_reminder, not a step"),
        ("2023-10-05", "NO-NOPE", "no valid claim with id 'NO-NOPE'"),
    ],
)
def test_case_file_command_bad_input(
    tmp_path: Path, as_of: str, claim_id: str | None, message: str
) -> None:
    claim, _, _ = _scenario("building_case_fee_request_distraint_after_judgment")
    ledger = tmp_path / "ledger.jsonl"
    ledger.write_text(claim.model_dump_json() + "\n", encoding="utf-8")
    result = invoke(
        "case-file",
        ledger,
        "--claim",
        claim_id or claim.id,
        "--profile",
        "no",
        "--as-of",
        as_of,
        code=2,
    )
    assert message in result.stderr


def test_decision_case_file_is_the_same_and_checks_claim_and_profile() -> None:
    """``decision.case_file(claim)`` decides again under the profile the decision names (its
    hash checked) and gives the same case file as ``cr.case_file``."""
    claim, profile, as_of = _scenario("building_case_fee_request_distraint_after_judgment")
    decision = cr.decide(claim, profile, as_of)
    assert decision.case_file(claim) == cr.case_file(claim, profile, as_of)
    other = cr.Claim.model_validate({**claim.model_dump(mode="json"), "id": "NO-OTHER"})
    with pytest.raises(cr.ClaimError, match="the decision is for claim 'NO-BUILDING-JUDGMENT'"):
        decision.case_file(other)
    with pytest.raises(cr.ReplayError, match="was decided with profile no "):
        decision.case_file(claim, cr.load_profile("no/orkdal"))
