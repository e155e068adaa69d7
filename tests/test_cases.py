"""Debtor cases (issue 14, part 3): the case files in ``tests/casefiles`` (several claims of
one or more debtors, with the expected cases worked out by hand), reconciliation with the aging
report to the øre, and the ``claimrules cases`` command on good and bad input."""

from __future__ import annotations

import csv
import io
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
CASEFILES = sorted((ROOT / "tests/casefiles").glob("*.yaml"))
NO_LEDGER = ROOT / "examples/no/ledger.jsonl"


def _load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))
    return data


def _day(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


@pytest.mark.parametrize("path", CASEFILES, ids=lambda p: p.stem)
def test_case_file(path: Path) -> None:
    spec = _load(path)
    profile = cr.load_profile(spec["profile"])
    claims = [cr.Claim.model_validate(c) for c in spec["claims"]]
    cases = cr.debtor_cases(claims, profile, _day(spec["as_of"]))
    expect = spec["expect"]
    assert [c.debtor_id for c in cases] == expect["debtors"]
    if "postings" in expect:
        report = cr.postings(claims, profile, _day(spec["as_of"]))
        got = [
            [x.claim_type, x.kind, x.part, x.debit, x.credit, x.amount, x.claims]
            for x in report.lines
        ]
        assert got == [[*w[:5], Decimal(w[5]), w[6]] for w in expect["postings"]]
        assert report.receivable == Decimal(expect["receivable"])
    for case in cases:
        wanted = expect[case.debtor_id]
        assert len(case.claims) == wanted["claims"]  # the other keys are optional
        for part in ("principal", "interest", "fees", "total"):
            if part in wanted:
                assert getattr(case, part) == Decimal(wanted[part]), part
        if "due_now" in wanted:
            assert [f"{c.claim_id}:{c.action}" for c in case.due_now] == wanted["due_now"]
        if "earliest_deadline" in wanted:
            deadline = case.earliest_deadline
            assert deadline is not None
            got = {"claim_id": deadline.claim_id, "name": deadline.name, "on": deadline.on}
            assert got == {
                **wanted["earliest_deadline"],
                "on": _day(wanted["earliest_deadline"]["on"]),
            }
        if "letters" in wanted:
            got_letters = [
                {"action": x.action, "fee": x.fee, "fees_if_separate": x.fees_if_separate}
                for x in case.letters
            ]
            assert got_letters == [
                {
                    "action": w["action"],
                    "fee": Decimal(w["fee"]),
                    "fees_if_separate": Decimal(w["fees_if_separate"]),
                }
                for w in wanted["letters"]
            ]


def test_cases_reconcile_with_aging_to_the_ore() -> None:
    """Every debtor's totals, added up, are the aging report's outstanding principal and its
    interest and fees, to the øre; and each claim is in exactly one case."""
    profile = cr.load_profile("no")
    as_of = date(2026, 12, 1)
    claims = list(cr.read_claims(NO_LEDGER))
    cases = cr.debtor_cases(claims, profile, as_of, owing_only=False)
    report = cr.aging(claims, profile, as_of)
    assert sum(c.principal for c in cases) == report.total.outstanding
    assert sum(c.interest for c in cases) == report.interest
    assert sum(c.fees for c in cases) == report.fees
    ids = [row.claim_id for case in cases for row in case.claims]
    assert sorted(ids) == sorted(c.id for c in claims)
    owing = cr.debtor_cases(claims, profile, as_of)
    assert {c.debtor_id for c in owing} == {c.debtor_id for c in cases if c.total > 0}


def test_cases_command_json_csv_and_text() -> None:
    args = ("cases", NO_LEDGER, "--profile", "no", "--as-of", "2026-12-01")
    rows = [
        json.loads(line) for line in invoke(*args, "--format", "json", code=0).stdout.splitlines()
    ]
    table = list(csv.DictReader(io.StringIO(invoke(*args, "--format", "csv", code=0).stdout)))
    assert [r["debtor_id"] for r in rows] == [r["debtor_id"] for r in table]
    assert all(Decimal(r["total"]) > 0 for r in table)
    assert sum(Decimal(r["total"]) for r in table) == sum(Decimal(r["total"]) for r in rows)
    first = rows[0]
    assert first["earliest_deadline"]["on"] == min(
        r["earliest_deadline"]["on"] for r in rows if r["earliest_deadline"]
    )
    text = invoke(*args, code=0).stdout
    assert text.startswith(f"{first['debtor_id']} ({first['debtor_kind']}): ")
    assert "settled claims" in text
    everyone = invoke(*args, "--all", "--format", "csv", code=0).stdout.splitlines()
    assert len(everyone) > len(table) + 1


def test_cases_command_reports_and_skips_a_bad_claim(tmp_path: Path) -> None:
    good = json.loads(NO_LEDGER.read_text(encoding="utf-8").splitlines()[0])
    bad = dict(good, id="NO-BAD", due_on="2025-02-30")
    ledger = tmp_path / "ledger.jsonl"
    ledger.write_text(f"{json.dumps(good)}\n{json.dumps(bad)}\n", encoding="utf-8")
    result = invoke(
        "cases",
        ledger,
        "--profile",
        "no",
        "--as-of",
        "2026-12-01",
        "--all",
        "--format",
        "csv",
        code=1,
    )
    assert [r["debtor_id"] for r in csv.DictReader(io.StringIO(result.stdout))] == [
        good["debtor"]["id"]
    ]
    assert "NO-BAD" in result.stderr and "due_on" in result.stderr


def test_cases_command_with_a_profile_that_does_not_fit(tmp_path: Path) -> None:
    result = invoke("cases", NO_LEDGER, "--profile", "dk", "--as-of", "2026-06-30", code=2)
    assert "does not fit" in result.stderr


# --- postings -----------------------------------------------------------------------------------


def test_postings_command_formats_and_bad_input(tmp_path: Path) -> None:
    args = ("postings", NO_LEDGER, "--profile", "no", "--as-of", "2026-12-01")
    rows = [
        json.loads(line) for line in invoke(*args, "--format", "json", code=0).stdout.splitlines()
    ]
    table = list(csv.DictReader(io.StringIO(invoke(*args, "--format", "csv", code=0).stdout)))
    assert len(rows) == len(table) and rows
    assert {r["debit"] for r in rows} <= {"receivable", "loss"}  # no local.accounts in `no`
    assert sum(Decimal(r["amount"]) for r in table) == sum(Decimal(r["amount"]) for r in rows)
    text = invoke(*args, code=0).stdout
    assert "receivable after write-offs" in text
    good = json.loads(NO_LEDGER.read_text(encoding="utf-8").splitlines()[0])
    ledger = tmp_path / "ledger.jsonl"
    ledger.write_text(
        f"{json.dumps(good)}\n{json.dumps(dict(good, id='NO-BAD', currency='SEK'))}\n"
    )
    result = invoke("postings", ledger, "--profile", "no", "--as-of", "2026-12-01", code=1)
    assert "NO-BAD" in result.stderr and "currency" in result.stderr


def test_accounts_for_an_unknown_claim_type_names_the_file_and_line(tmp_path: Path) -> None:
    folder = tmp_path / "town"
    folder.mkdir()
    text = (ROOT / "profiles/no/orkdal/profile.yaml").read_text(encoding="utf-8")
    (folder / "profile.yaml").write_text(
        text.replace("social_loan: {receivable", "social_lone: {receivable"), "utf-8"
    )
    result = invoke("validate", folder, code=2)
    assert "local.accounts.by_claim_type.social_lone" in result.stderr
    assert "did you mean 'social_loan'" in result.stderr
