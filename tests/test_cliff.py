"""The law's next cliff (issue 24, point 5): ``claimrules cliff FILE --on DATE`` lists, for a
future day, the claims whose next step or amount becomes unknown, grouped by the missing
profile value, with what to add. Expected values are worked out from the bundled profiles (what
each one knows and from when) and checked against the decisions themselves."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

import claimrules as cr
from claimrules.cli import main
from claimrules.engine.batch import record_one

ROOT = Path(__file__).resolve().parents[1]
NO_LEDGER = ROOT / "examples/no/ledger.jsonl"
DK_LEDGER = ROOT / "examples/dk/ledger.jsonl"
TODAY = date(2026, 12, 7)
NO = cr.load_profile("no")
DK = cr.load_profile("dk")


def _claims(path: Path, profile: cr.Profile) -> list[cr.Claim]:
    return [
        c
        for c in cr.read_claims(path)
        if isinstance(c, cr.Claim) and c.currency == profile.currency
    ]


@pytest.fixture(scope="module")
def february() -> cr.Cliff:
    return cr.cliff(_claims(NO_LEDGER, NO), NO, on=date(2027, 2, 1), as_of=TODAY)


def test_the_norwegian_cliff_on_1_february_2027(february: cr.Cliff) -> None:
    # profiles/no knows forsinkelsesrente through the half-year from 1 July 2026 (renewed on
    # 1 January and 1 July): from 1 January 2027 no rate is known, so every claim that accrues
    # interest after 31 December 2026 has it counted through that day only. The inkassosats
    # for 2027 (fees.inkasso.base from 1 January 2027) is marked unknown: a fee-bearing notice
    # due on 1 February carries no fee. And the new inkassolov (LOV-2026-05-22-19) has no known
    # start date: the steps of the ladders it changes are of unknown lawfulness from 2027.
    groups = {group.key: group for group in february.groups}
    assert set(groups) == {
        "interest.statutory.rate",
        "fees.inkasso.base",
        "ladders.ordinary.steps.1.in_force",
        "ladders.ordinary.steps.2.in_force",
        "ladders.undisputed.steps.2.in_force",
    }
    claims = {c.id: c for c in _claims(NO_LEDGER, NO)}
    on = {cid: record_one(c, NO, date(2027, 2, 1), trace="none") for cid, c in claims.items()}
    through = {
        cid
        for cid, record in on.items()
        if str(record["balance"]["interest_known_through"]) == "2026-12-31"
    }
    interest = groups["interest.statutory.rate"]
    assert set(interest.claim_ids) == through and interest.claims == len(through) == 87
    assert interest.needed_from == date(2027, 1, 1)
    assert interest.steps == 0 and interest.amounts == 87  # the actions stand: only amounts
    assert interest.total == sum(Decimal(on[cid]["balance"]["total"]) for cid in through)
    assert interest.fix is not None and "2027-01-01:" in interest.fix
    # the fee: each of the 14 is a fee-bearing notice on the day, charged 0.00
    fee = groups["fees.inkasso.base"]
    for cid in fee.claim_ids:
        assert on[cid]["action"] in ("send_reminder", "send_collection_notice")
        assert on[cid]["fee"] == 0
    assert fee.claims == 14 and fee.steps == 0
    # the new act: each such claim goes to manual_review on the day, and did not today
    for key in ("ladders.ordinary.steps.1.in_force", "ladders.undisputed.steps.2.in_force"):
        group = groups[key]
        assert group.steps == group.claims == 2 and group.amounts == 0
        for cid in group.claim_ids:
            assert on[cid]["action"] == "manual_review"
            now = record_one(claims[cid], NO, TODAY, trace="none")
            assert now["action"] != "manual_review"
    assert february.decided == 2000 and february.affected == 87 and february.new == 87


def test_no_cliff_before_the_half_year_ends() -> None:
    # every value profiles/no needs is known through 31 December 2026
    report = cr.cliff(_claims(NO_LEDGER, NO), NO, on=date(2026, 12, 20), as_of=TODAY)
    assert report.groups == () and report.affected == 0
    assert report.text().startswith("No cliff on 2026-12-20 (profile no, seen from 2026-12-07)")


def test_the_danish_cliff_is_already_here() -> None:
    # profiles/dk marks the reference rate from 1 July 2026 unknown (Nationalbanken's rate
    # was not read): on 15 January 2027 the claims accruing renteloven interest miss it, as
    # they already do today, so none of them is new
    report = cr.cliff(_claims(DK_LEDGER, DK), DK, on=date(2027, 1, 15), as_of=TODAY)
    reference = next(g for g in report.groups if g.key == "interest.renteloven.reference")
    assert reference.needed_from == date(2026, 7, 1)
    assert reference.new == 0 and report.new == 0
    assert reference.claim_ids == ("DK-0004", "DK-0008", "DK-0009", "DK-0010", "DK-0012", "DK-0014")


def test_every_group_adds_up(february: cr.Cliff) -> None:
    for group in february.groups:
        assert group.steps + group.amounts == group.claims == len(group.claim_ids)
        assert list(group.claim_ids) == sorted(set(group.claim_ids))
        assert 0 <= group.new <= group.claims
    listed = {cid for group in february.groups for cid in group.claim_ids}
    assert listed == {item.claim_id for item in february.claims}
    assert all(item.missing for item in february.claims)


def _run(*args: str, columns: int = 80) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), env={"COLUMNS": str(columns)})
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("columns", [80, 140])
@pytest.mark.parametrize(
    ("lang", "head", "words"),
    [
        (
            "nb",
            "Verdier profilen mangler 01.02.2027 (profil no, sett fra 07.12.2026): 87 av "
            "2\u00a0000 krav",
            ("trengs fra 01.01.2027", "87 krav (87 nye)", "profilkontrollen per"),
        ),
        (
            "da",
            "Værdier profilen mangler 01.02.2027 (profil no, set fra 07.12.2026): 87 af 2.000 krav",
            ("nødvendig fra 01.01.2027", "87 krav (87 nye)", "profilkontrollen pr."),
        ),
    ],
)
def test_cliff_through_the_cli_in_the_readers_language(
    lang: str, head: str, words: tuple[str, ...], columns: int
) -> None:
    args = ("cliff", str(NO_LEDGER), "--profile", "no", "--as-of", "2026-12-07")
    code, out, _ = _run(*args, "--on", "2027-02-01", "--lang", lang, columns=columns)
    assert code == 0 and out.startswith(head), out[:300]
    assert all(word in out for word in words)
    assert "[en]" not in out


def test_cliff_json_and_csv() -> None:
    args = (
        "cliff",
        str(NO_LEDGER),
        "--profile",
        "no",
        "--as-of",
        "2026-12-07",
        "--on",
        "2027-02-01",
    )
    code, out, _ = _run(*args, "--json")
    report = json.loads(out)
    assert code == 0 and report["affected"] == 87 and len(report["groups"]) == 5
    assert "findings" not in report["groups"][0]
    code, out, _ = _run(*args, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == sum(len(item["missing"]) for item in report["claims"])
    assert {row["effect"] for row in rows} == {"step", "amount"}


def test_the_cliff_is_ahead() -> None:
    args = ("cliff", str(NO_LEDGER), "--profile", "no", "--as-of", "2026-12-07")
    code, _, err = _run(*args, "--on", "2026-12-07")
    assert code == 2 and "is not after the as-of day 2026-12-07" in err
