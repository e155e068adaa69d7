"""Court-ready case data (issue 14, part 6): the case file of a distraint petition after a
judgment and of a conciliation complaint, worked out by hand from their scenario files; the
printable HTML page (escaped); and ``claimrules case-file`` on good and bad input."""

from __future__ import annotations

import json
import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

import claimrules as cr
from claimrules.model.casefile import CaseCreditor
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


# --- issue 21, part 3: one state, the parties, fees with their basis -----------------------------

NO_LEDGER = ROOT / "examples/no/ledger.jsonl"
DK_LEDGER = ROOT / "examples/dk/ledger.jsonl"
TODAY = date(2026, 12, 7)


def _bundled(ledger: Path, claim_id: str) -> cr.Claim:
    return next(claim for claim in cr.read_claims(ledger) if claim.id == claim_id)


def test_one_effective_due_date_under_a_local_due_date_rule() -> None:
    """NO2026-000000033 under Orkdal: the invoice fell due 2025-04-20, Orkdal's own rule moves
    it to 2025-05-20. The field and the delivery sentence name the same day (the sentence named
    the invoice's)."""
    made = cr.case_file(
        _bundled(NO_LEDGER, "NO2026-000000033"), cr.load_profile("no/orkdal"), TODAY
    )
    assert made.claim.due_on == date(2025, 4, 20)
    assert made.claim.effective_due_on == date(2025, 5, 20)
    assert made.delivery == (
        "invoice delivered by e_invoice on 2025-04-01; effective due date 2025-05-20"
    )
    assert made.interest[0].first == date(2025, 5, 21)


def test_a_danish_fee_shows_its_parts_with_their_statutes() -> None:
    """DK-0010, a business debtor: the reminder's 410.00 is the cap of 100.00 (renteloven
    § 9 b) and the fixed compensation of 310.00 (§ 9 a, bekendtgørelse 601/2002), as the
    decision's trace has it."""
    made = cr.case_file(_bundled(DK_LEDGER, "DK-0010"), cr.load_profile("dk"), TODAY)
    reminder = made.fees[0]
    assert (reminder.kind, reminder.charged, reminder.lawful, reminder.amount) == (
        "reminder_sent",
        Decimal("410.00"),
        Decimal("410.00"),
        Decimal("410.00"),
    )
    assert [(part.kind, part.amount) for part in reminder.parts] == [
        ("cap", Decimal("100.00")),
        ("compensation", Decimal("310.00")),
    ]
    assert "§ 9 b" in reminder.parts[0].citation
    assert "§ 9 a" in reminder.parts[1].citation
    assert sum(fee.amount for fee in made.fees) == made.balance.fees == Decimal("510.00")
    page = made.html()
    assert "fixed compensation 310.00" in page and "cap in force 100.00" in page


def test_a_fee_counted_less_than_charged_says_why() -> None:
    """DK-0008: the second reminder came 7 days after the first; its 100.00 is not counted, so
    the fees are 100.00, not 200.00. The step's own referral fee is shown with its basis."""
    made = cr.case_file(_bundled(DK_LEDGER, "DK-0008"), cr.load_profile("dk"), TODAY)
    second = made.fees[1]
    assert (second.charged, second.lawful, second.amount, second.parts) == (
        Decimal("100.00"),
        Decimal("0.00"),
        Decimal("0.00"),
        (),
    )
    assert second.reasons and "10 days apart" in second.reasons[0]
    assert made.balance.fees == Decimal("100.00")
    assert made.fee == Decimal("100.00")
    assert [(part.kind, part.amount) for part in made.fee_parts] == [("cap", Decimal("100.00"))]


def test_payments_and_interest_add_up_to_the_balance() -> None:
    """NO2026-000000100 under the national profile: 408.00 paid on 2025-10-12 covered 70.00 of
    fees, 15.13 of interest and 322.87 of principal."""
    made = cr.case_file(_bundled(NO_LEDGER, "NO2026-000000100"), cr.load_profile("no"), TODAY)
    (paid,) = made.payments
    assert (paid.on, paid.kind, paid.amount) == (date(2025, 10, 12), "payment", Decimal("408.00"))
    assert (paid.fees, paid.interest, paid.principal, paid.overpaid) == (
        Decimal("70.00"),
        Decimal("15.13"),
        Decimal("322.87"),
        Decimal("0.00"),
    )
    arisen = sum(period.amount for period in made.interest)
    assert arisen - paid.interest == made.balance.interest
    assert sum(fee.amount for fee in made.fees) - paid.fees == made.balance.fees == 0
    assert made.claim.principal - paid.principal == made.balance.principal
    page = made.html()
    assert "Covered by payments" in page and "322.87" in page


def test_without_parties_the_document_says_what_the_host_must_fill_in() -> None:
    made = cr.case_file(_bundled(NO_LEDGER, "NO2026-000000033"), cr.load_profile("no"), TODAY)
    assert made.creditor == CaseCreditor()  # the national profile names none
    assert (made.debtor.id, made.debtor.kind, made.debtor.name) == ("P00000002", "person", None)
    assert made.missing == (
        "creditor.name",
        "creditor.organisation_number",
        "creditor.address",
        "debtor.name",
        "debtor.address",
        "debtor.national_id",
    )
    data = json.loads(made.model_dump_json())
    assert data["creditor"]["name"] is None and data["debtor"]["address"] is None
    page = made.html()
    assert "To be filled in by the creditor: the creditor&#39;s name;" in page
    assert "name the municipality in an overlay" not in page  # no placeholder that looks real
    assert "Norway - municipal claims" not in page.split("<h2>The claim</h2>")[0]


PARTIES = {
    "debtor": {
        "id": "P00000002",
        "name": "Kari Nordmann",
        "address": ["Storgata 1", "7300 Orkanger"],
        "national_id": "01017012345",
    },
    "creditor": {
        "name": "Orkland kommune",
        "organisation_number": "921 000 000",
        "address": ["Postboks 83", "7301 Orkanger"],
        "contact": "Innfordring, tlf. 72 00 00 00",
    },
}
"""Made-up parties for the tests (no real person or number)."""


def test_the_hosts_parties_fill_the_document() -> None:
    claim = _bundled(NO_LEDGER, "NO2026-000000033")
    profile = cr.load_profile("no")
    made = cr.case_file(claim, profile, TODAY, PARTIES)
    assert made.missing == ()
    assert made.debtor.name == "Kari Nordmann" and made.debtor.national_id == "01017012345"
    assert made.creditor.address == ("Postboks 83", "7301 Orkanger")
    page = made.html()
    assert "To be filled in" not in page
    assert "Kari Nordmann" in page and "Storgata 1<br>7300 Orkanger" in page
    decision = cr.decide(claim, profile, TODAY)
    assert decision.case_file(claim, parties=cr.Parties.model_validate(PARTIES)) == made


def test_the_creditor_from_the_overlay_and_the_host_first(tmp_path: Path) -> None:
    """An overlay's ``local.creditor`` names the creditor on every case file; what the host
    passes comes first, field by field."""
    from profile_edits import PROFILES, mutate, replace_once

    overlay = tmp_path / "orkdal"
    shutil.copytree(PROFILES / "no" / "orkdal", overlay)
    mutate(
        overlay / "profile.yaml",
        replace_once(
            "local:\n  municipality: Orkdal kommune\n",
            "local:\n  municipality: Orkdal kommune\n  creditor:\n"
            "    organisation_number: 999 999 999\n"
            "    address: [Postboks 83, 7301 Orkanger]\n",
        ),
    )
    profile = cr.load_profile(overlay)
    claim = _bundled(NO_LEDGER, "NO2026-000000033")
    made = cr.case_file(claim, profile, TODAY)
    assert made.creditor == CaseCreditor(
        name="Orkdal kommune",
        organisation_number="999 999 999",
        address=("Postboks 83", "7301 Orkanger"),
    )
    assert made.missing == ("debtor.name", "debtor.address", "debtor.national_id")
    given = {"creditor": {"address": ["Rådhuset", "7300 Orkanger"], "contact": "Kari"}}
    made = cr.case_file(claim, profile, TODAY, given)
    assert made.creditor.address == ("Rådhuset", "7300 Orkanger")
    assert made.creditor.organisation_number == "999 999 999" and made.creditor.contact == "Kari"


@pytest.mark.parametrize(
    ("parties", "field", "message"),
    [
        ({"debtor": {"name": ""}}, "parties.debtor.name", "must not be empty"),
        ({"debtor": {"address": []}}, "parties.debtor.address", "needs at least one line"),
        ({"creditor": {"nmae": "x"}}, "parties.creditor.nmae", "the fields are name, organis"),
        ({"debtor": {"id": "P00000099"}}, "parties.debtor.id", "the claim's debtor is 'P0000000"),
    ],
)
def test_parties_that_are_not_valid_are_refused(
    parties: dict[str, Any], field: str, message: str
) -> None:
    claim = _bundled(NO_LEDGER, "NO2026-000000033")
    with pytest.raises(cr.ClaimError) as caught:
        cr.case_file(claim, cr.load_profile("no"), TODAY, parties)
    assert caught.value.field == field and message in caught.value.message


def test_case_file_command_with_parties(tmp_path: Path) -> None:
    args = ("case-file", NO_LEDGER, "--claim", "NO2026-000000033", "--profile", "no")
    args += ("--as-of", "2026-12-07", "--parties")
    good = tmp_path / "parties.json"
    good.write_text(json.dumps(PARTIES), encoding="utf-8")
    data = json.loads(invoke(*args, good, code=0).stdout)
    assert data["debtor"]["name"] == "Kari Nordmann" and data["missing"] == []
    bad = tmp_path / "bad.json"
    bad.write_text('{"debtor": {"name": "", "adress": ["x"]}}', encoding="utf-8")
    result = invoke(*args, bad, code=2)
    assert f"{bad}: debtor.name: must not be empty; debtor.adress: not a field" in result.stderr
    broken = tmp_path / "broken.json"
    broken.write_text('{"debtor": ', encoding="utf-8")
    assert f"{broken}: not JSON" in invoke(*args, broken, code=2).stderr
