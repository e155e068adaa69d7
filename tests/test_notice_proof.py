"""Proof that notices arrived (issue 24, point 2): a notice gets the evidence an invoice has
(``notice_dispatched``, ``notice_delivered``, ``notice_failed``, per channel); a step that
counts from a notice is not taken when the notice came back, nor, where the municipality's own
rules require it (``local.notice_proof``, Kujalleq's worked example after its 2022 incident),
without the proof they name; the case file shows each notice's evidence. The worked scenario:
tests/scenarios/no/notice_returned_is_sent_again.yaml."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

import claimrules as cr
from claimrules.reports.casefile import _notices

KUJALLEQ = cr.load_profile("gl/kujalleq")
NO = cr.load_profile("no")


def _claim(events: list[dict[str, Any]], **changes: Any) -> cr.Claim:
    data: dict[str, Any] = {
        "id": "P-1",
        "claim_type": "waste_fee",
        "debtor": {"id": "D-1", "kind": "person"},
        "principal": "1480.00",
        "currency": "DKK",
        "issued_on": "2026-01-05",
        "due_on": "2026-01-31",
        "events": [
            {"kind": "invoice_sent", "on": "2026-01-05", "channel": "post"},
            {"kind": "invoice_dispatched", "on": "2026-01-06", "channel": "post"},
            {"kind": "reminder_sent", "on": "2026-02-10"},
            *events,
        ],
    }
    data.update(changes)
    return cr.Claim.model_validate(data)


AS_OF = date(2026, 6, 30)


def test_kujalleq_takes_no_step_from_a_reminder_not_shown_to_have_left() -> None:
    # recorded as sent, but no confirmation from the print-and-mail provider: the reminder is
    # sent again (Kujalleq's own rule), and the warning says why
    decision = cr.decide(_claim([]), KUJALLEQ, AS_OF)
    assert decision.action == "send_reminder"
    assert "there is no proof that the reminder of 2026-02-10 left" in decision.reason
    assert "Kommune Kujalleq's own rules require" in decision.reason
    assert "not_delivered" in decision.warning_codes()
    # with the provider's confirmation the ladder goes on from the reminder
    proven = _claim(
        [{"kind": "notice_dispatched", "on": "2026-02-11", "notice": "reminder",
          "sent_on": "2026-02-10", "channel": "post", "provider": "Tusass"}]
    )  # fmt: skip
    after = cr.decide(proven, KUJALLEQ, AS_OF)
    assert after.action != "send_reminder" or "no proof" not in after.reason
    assert "not_delivered" not in after.warning_codes()
    # the national profile asks only that the notice be sent: the record counts
    assert "no proof" not in cr.decide(_claim([]), cr.load_profile("gl"), AS_OF).reason


def test_a_delivery_receipt_after_a_failure_proves_it_arrived() -> None:
    events = [
        {"kind": "notice_failed", "on": "2026-02-12", "notice": "reminder",
         "sent_on": "2026-02-10", "reason": "letter returned"},
        {"kind": "notice_delivered", "on": "2026-02-20", "notice": "reminder",
         "sent_on": "2026-02-10", "channel": "digital_mailbox"},
    ]  # fmt: skip
    decision = cr.decide(_claim(events), KUJALLEQ, AS_OF)
    assert "did not reach the debtor" not in decision.reason
    failed_only = cr.decide(_claim(events[:1]), KUJALLEQ, AS_OF)
    assert failed_only.action == "send_reminder"
    assert "the reminder of 2026-02-10 did not reach the debtor (letter returned)" in (
        failed_only.reason
    )


@pytest.mark.parametrize(
    ("event", "field", "message"),
    [
        (
            {"kind": "notice_dispatched", "on": "2026-02-11", "notice": "collection_notice",
             "sent_on": "2026-02-10", "channel": "post"},
            "events.3.sent_on",
            "no collection_notice_sent event on 2026-02-10 to prove",
        ),
        (
            {"kind": "notice_delivered", "on": "2026-02-09", "notice": "reminder",
             "sent_on": "2026-02-10", "channel": "post"},
            "events.3.sent_on",
            "a notice cannot be proven before it was sent",
        ),
        (
            {"kind": "notice_failed", "on": "2026-02-12", "notice": "reminder",
             "sent_on": "2026-02-10", "reason": ""},
            "events.3.reason",
            "at least 1 character",
        ),
    ],
)  # fmt: skip
def test_proof_must_be_about_a_notice_that_was_sent(
    event: dict[str, Any], field: str, message: str
) -> None:
    with pytest.raises(cr.ClaimError) as error:
        _claim([event])
    assert error.value.field == field and message in error.value.message


def test_the_case_file_shows_each_notices_evidence() -> None:
    claim = _claim(
        [{"kind": "notice_dispatched", "on": "2026-02-11", "notice": "reminder",
          "sent_on": "2026-02-10", "channel": "post", "provider": "Tusass"},
         {"kind": "notice_failed", "on": "2026-02-20", "notice": "reminder",
          "sent_on": "2026-02-10", "reason": "letter returned"}]
    )  # fmt: skip
    shown = [(item.on, item.kind, item.evidence) for item in _notices(claim.sorted_events())]
    assert (date(2026, 2, 10), "reminder_sent", "sent (recorded)") in shown
    assert (date(2026, 2, 11), "reminder_sent", "dispatch confirmed (post)") in shown
    assert (date(2026, 2, 20), "reminder_sent", "returned: letter returned") in shown


def test_a_claim_without_notice_proof_keeps_its_content_hash() -> None:
    # the new events are new kinds: a claim without them is as it was
    plain = _claim([])
    assert plain.content_hash == _claim([]).content_hash
