"""What a notice must say (issue 24, point 1): for each notice step the profile lists the law's
requirements for its letter, and ``claimrules notice`` fills them in for a claim on the day the
letter is sent (JSON content, and a printable letter in the reader's language). Each case is
worked by hand from the law the profiles cite and the claim's arithmetic; the comments say how.

Norway: inkassoforskriften § 1-2/§ 1-3 (purring), inkassoloven § 9 (inkassovarsel: a deadline
of at least 14 days from sending, not moved off a holiday, Ot.prp. nr. 2 (1997-98) s. 114;
that collection follows), tvangsfullbyrdelsesloven § 4-18 (on a special basis the same letter
says distraint may follow), inkassoloven § 10 (betalingsoppfordring: creditor, claim, amount
split, interest rate and from when, 14 days to pay or object). Denmark: inkassoloven § 10
(påkravsskrivelse: all information to assess the claim, at least 10 days from dispatch),
gældsinddrivelsesloven § 2 stk. 4 (notice of transfer), retsplejeloven § 485 (udpantning 7
days after notice)."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import claimrules as cr
from claimrules.cli import main
from claimrules.reports.notices import notice_content

NO = cr.load_profile("no")
DK = cr.load_profile("dk")
PARTIES = {
    "debtor": {"name": "Kari Nordmann", "address": ["Storgata 1", "7300 Orkanger"]},
    "creditor": {"name": "Orkdal kommune"},
}


def _claim(kind: str, principal: str, due: str, events: list[dict[str, Any]],
           currency: str = "NOK", debtor: str = "D-1") -> cr.Claim:  # fmt: skip
    issued = date.fromisoformat(due).replace(day=1).isoformat()
    return cr.Claim.model_validate(
        {
            "id": "N-1",
            "claim_type": kind,
            "debtor": {"id": debtor, "kind": "person"},
            "principal": principal,
            "currency": currency,
            "issued_on": issued,
            "due_on": due,
            "events": [
                {"kind": "invoice_sent", "on": issued, "channel": "digital_mailbox"},
                {"kind": "invoice_delivered", "on": issued, "channel": "digital_mailbox"},
                *events,
            ],
        }
    )


def _fields(content: Any) -> set[str]:
    return {item.field for item in content.requirements}


def test_norway_collection_notice_on_a_special_basis() -> None:
    # water fee 1000.00 due 2026-09-20; a reminder (38.00: 1/20 × inkassosats 750 = 37.50,
    # rounded to whole kroner) on 2026-10-05, 15 days after the due date; its 14-day deadline
    # ends 2026-10-19, so the collection notice is lawful from 2026-10-20, sent that day
    claim = _claim(
        "water_fee",
        "1000.00",
        "2026-09-20",
        [{"kind": "reminder_sent", "on": "2026-10-05", "fee": "38.00"}],
    )
    content = notice_content(claim, NO, date(2026, 10, 20), PARTIES)
    assert content.notice == "send_collection_notice"
    # inkassoloven § 9 and tvangsfullbyrdelsesloven § 4-18 in one letter
    assert content.heading == "Inkassovarsel og varsel om tvangsfullbyrdelse"
    assert content.consequence == "distraint"
    # 14 days from sending: 2026-11-03 (a Tuesday; never moved off a holiday)
    assert content.deadline == date(2026, 11, 3) and content.deadline_days == 14
    amounts = content.amounts
    # interest 2026-09-21 .. 2026-10-20 = 30 days at 12.25 %:
    #   1000 × 0.1225 × 30 / 365 = 3675 / 365 = 10.0684.. → 10.07
    assert amounts.principal == Decimal("1000.00") and amounts.interest == Decimal("10.07")
    assert amounts.fees == Decimal("38.00")  # the reminder's
    assert amounts.fee == Decimal("38.00")  # this notice: 1/20 × 750 → 38
    assert amounts.total == Decimal("1086.07")  # 1000.00 + 10.07 + 38.00 + 38.00
    assert content.interest_from == date(2026, 9, 21)
    assert [(r.start, r.rate) for r in content.rates] == [(date(2026, 9, 21), Decimal("12.25"))]
    assert {"heading", "deadline", "consequence", "fee", "claim", "amount"} <= _fields(content)
    citations = " ".join(item.citation for item in content.requirements)
    assert "inkassoloven § 9" in citations and "tvangsfullbyrdelsesloven § 4-18" in citations
    assert content.missing == ()


def test_norway_payment_demand_splits_the_amount_and_names_the_rate() -> None:
    # residential rent (ordinary ladder) 2000.00 due 2026-08-20: reminder 2026-09-05 (38.00),
    # collection notice 2026-09-20 (38.00) whose 14-day deadline ends 2026-10-04: the payment
    # demand is lawful from 2026-10-05, sent that day
    claim = _claim(
        "residential_rent",
        "2000.00",
        "2026-08-20",
        [
            {"kind": "reminder_sent", "on": "2026-09-05", "fee": "38.00"},
            {"kind": "collection_notice_sent", "on": "2026-09-20", "fee": "38.00"},
        ],
    )
    content = notice_content(claim, NO, date(2026, 10, 5), PARTIES)
    assert content.notice == "send_payment_demand"
    assert content.heading == "Betalingsoppfordring"
    assert content.consequence == "legal_steps" and content.objection
    assert content.deadline == date(2026, 10, 19)  # 14 days to pay or object
    # interest 2026-08-21 .. 2026-10-05 = 11 + 30 + 5 = 46 days at 12.25 %:
    #   2000 × 0.1225 × 46 / 365 = 11270 / 365 = 30.8767.. → 30.88
    assert content.amounts.interest == Decimal("30.88")
    # the creditor's own payment demand: 3/20 × 750 = 112.50 → 113 (inkassoforskriften
    # § 1-2 (3)); the third fee-bearing notice of sequence (b), § 1-3
    assert content.amounts.fee == Decimal("113.00")
    assert content.amounts.fees == Decimal("76.00")
    assert content.amounts.total == Decimal("2219.88")  # 2000 + 30.88 + 76 + 113
    assert {
        "creditor", "claim", "amount_split", "interest", "deadline", "objection", "consequence"
    } <= _fields(content)  # fmt: skip
    met = {item.field: item.met_by for item in content.requirements}
    assert met["interest"] == "12.25 % from 2026-08-21"
    assert met["amount_split"] == "2000.00 + 30.88 + 189.00"


def test_denmark_reminder_before_collection_is_a_section_10_letter() -> None:
    # residential rent (private ladder): the reminder is the påkravsskrivelse of inkassoloven
    # § 10: at least 10 days from dispatch (the profile's reminder_deadline_days, 10), and
    # handing to collection may follow only after it
    claim = _claim("residential_rent", "5000.00", "2026-11-01", [], currency="DKK")
    content = notice_content(claim, DK, date(2026, 11, 3), PARTIES)
    assert content.notice == "send_reminder" and content.heading == "Rykker"
    assert content.deadline == date(2026, 11, 13) and content.deadline_days == 10
    assert content.consequence == "collection"
    assert content.amounts.fee == Decimal("100.00")  # renteloven § 9 b stk. 2: at most 100
    citations = [item.citation for item in content.requirements]
    assert any("inkassoloven § 10 stk. 3" in c for c in citations)
    assert content.amounts.total == (
        content.amounts.principal + content.amounts.interest + content.amounts.fees + 100
    )


def test_denmark_notice_before_udpantning() -> None:
    # property tax (the municipality collects itself, udpantning): a reminder on 2026-10-05,
    # then the notice that distraint will be requested; distraint 7 days after it at the
    # earliest (retsplejeloven § 485; udpantning_notice_days)
    claim = _claim(
        "property_tax",
        "8000.00",
        "2026-09-01",
        [{"kind": "reminder_sent", "on": "2026-09-05", "fee": "250.00"}],
        currency="DKK",
    )
    assert cr.decide(claim, DK, date(2026, 12, 1)).ready
    content = notice_content(claim, DK, date(2026, 12, 1), PARTIES)
    assert content.notice == "send_collection_notice"
    assert content.heading == "Varsel om udpantning" and content.consequence == "distraint"
    assert content.deadline_days == 7


def test_a_claim_whose_next_step_is_no_notice_is_told_so() -> None:
    claim = _claim("water_fee", "1000.00", "2026-09-20", [])
    with pytest.raises(cr.ClaimError, match="lawful from 2026-10-04, not yet on 2026-09-25"):
        notice_content(claim, NO, date(2026, 9, 25))
    paid = _claim("water_fee", "1000.00", "2026-09-20",
                  [{"kind": "payment", "on": "2026-09-20", "amount": "1000.00"}])  # fmt: skip
    with pytest.raises(cr.ClaimError, match="is none, not a notice"):
        notice_content(paid, NO, date(2026, 12, 7))


def test_what_the_host_has_not_given_is_listed() -> None:
    claim = _claim("water_fee", "1000.00", "2026-09-20",
                   [{"kind": "reminder_sent", "on": "2026-10-05", "fee": "38.00"}])  # fmt: skip
    content = notice_content(claim, NO, date(2026, 10, 20))
    assert content.missing == ("creditor.name", "debtor.name", "debtor.address")


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("nb", ("Inkassovarsel og varsel om tvangsfullbyrdelse", "Betal 1 086,07 NOK senest 03.11.2026.",
                "Dette skylder du", "Forsinkelsesrenten regnes fra 21.09.2026: 12,25 % fra 21.09.2026.")),
        ("da", ("Betal 1.086,07 NOK senest 03.11.2026.", "Det skylder du")),
        ("en", ("Pay 1,086.07 NOK by 2026-11-03 at the latest.", "What you owe")),
    ],
)  # fmt: skip
def test_the_letter_in_the_readers_language(
    tmp_path: Path, lang: str, words: tuple[str, ...]
) -> None:
    ledger = tmp_path / "in.jsonl"
    claim = _claim("water_fee", "1000.00", "2026-09-20",
                   [{"kind": "reminder_sent", "on": "2026-10-05", "fee": "38.00"}])  # fmt: skip
    ledger.write_text(claim.model_dump_json() + "\n", encoding="utf-8")
    parties = tmp_path / "parties.json"
    parties.write_text(json.dumps(PARTIES), encoding="utf-8")
    args = ["notice", str(ledger), "--claim", "N-1", "--profile", "no", "--as-of", "2026-10-20",
            "--parties", str(parties)]  # fmt: skip
    result = CliRunner().invoke(main, [*args, "--format", "html", "--lang", lang])
    assert result.exit_code == 0, result.output
    page = result.stdout.replace("\u00a0", " ")
    for text in words:
        assert text.replace("\u00a0", " ") in page, text
    if lang != "da":  # a Norwegian claim type's title has no Danish translation: marked
        assert "[en]" not in page
    data = json.loads(CliRunner().invoke(main, [*args, "--json"]).stdout)
    assert data["deadline"] == "2026-11-03" and data["amounts"]["total"] == "1086.07"
    assert data["heading"] == "Inkassovarsel og varsel om tvangsfullbyrdelse"


def test_a_letter_shows_a_ledgers_text_as_written() -> None:
    parties = {"debtor": {"name": "<script>alert(1)</script>", "address": ['=HYPERLINK("x")']}}
    claim = _claim("water_fee", "1000.00", "2026-09-20",
                   [{"kind": "reminder_sent", "on": "2026-10-05", "fee": "38.00"}])  # fmt: skip
    page = notice_content(claim, NO, date(2026, 10, 20), parties).html("nb")
    assert "<script>" not in page and "&lt;script&gt;" in page
