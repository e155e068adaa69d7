"""Profile change impact (``claimrules.tools.impact``): the legal edit and its effect on a ledger.

The main tests copy the Norwegian profile, change only the reminder fee, and check that
:func:`profile_impact` names exactly the claims of the bundled ledger whose decision changes,
with the expected set worked out here from the claims' events and the old decisions.
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import claimrules as cr
from claimrules.io.formats import read_claims
from claimrules.tools.impact import ASPECTS, ImpactReport, profile_impact, spec_changes

ROOT = Path(__file__).resolve().parents[1]
LEDGER = ROOT / "examples" / "no" / "ledger.jsonl"
AS_OF = date(2025, 12, 31)
OLD = cr.load_profile("no")

# The reminder fee in profiles/no/fees.yaml is a fraction of the inkassosats (fee base), picked
# by the claim's due date (fees.inkasso.fraction_date.by: due_date): 1/10 for claims due before
# 2020-10-01, 1/20 after. The fee base is 700 from 2017 to 2025, so the cap of a reminder sent
# in 2025 is 700 / 20 = 35.00; from 2026 it is 750, and the fee is rounded to the nearest krone
# (inkassoforskriften § 1-2 (4)), so a reminder sent in 2026 may cost 750 / 20 = 37.50 → 38.
# The fraction in force from 2020-10-01 is the second entry of the reminder's dated series.
REMINDER_ENTRY = '2020-10-01: {value: "1/20", status: verified}'
EDITED_KEY = "fees.inkasso.notices.reminder.fraction.values.2020-10-01"
HALVING = date(2020, 10, 1)
OLD_CAP = Decimal("35.00")  # a reminder sent in 2025 (the recorded ones)
NEXT_CAP = Decimal("38.00")  # a reminder sent in 2026 (the next ones, after AS_OF)


def _claims() -> list[cr.Claim]:
    claims = [c for c in read_claims(LEDGER) if isinstance(c, cr.Claim)]
    assert len(claims) == 2000
    return claims


CLAIMS = _claims()
OLD_DECISIONS = {c.id: cr.decide(c, OLD, AS_OF) for c in CLAIMS}


def _copy_with_reminder_fraction(tmp_path: Path, fraction: str | None) -> Path:
    """A copy of profiles/no; with ``fraction``, the reminder's 2020-10-01 fraction replaced."""
    target = tmp_path / "no"
    shutil.copytree(ROOT / "profiles" / "no", target)
    if fraction is not None:
        fees = target / "fees.yaml"
        text = fees.read_text(encoding="utf-8")
        # Only the entry inside the reminder block: collection_notice has the same line.
        start = text.index("      reminder:")
        end = text.index("      collection_notice:")
        block = text[start:end]
        assert block.count(REMINDER_ENTRY) == 1
        block = block.replace(REMINDER_ENTRY, REMINDER_ENTRY.replace('"1/20"', f'"{fraction}"'))
        fees.write_text(text[:start] + block + text[end:], encoding="utf-8")
    return target


def _next_reminder_at_old_cap() -> set[str]:
    """Claims whose next step is a fee-bearing reminder charged at the cap.

    The fee of a reminder not yet sent is the cap in force on the day it may be sent (the
    Norwegian profile has no local fee rule), so it moves with the cap; in this ledger every
    such reminder falls in January 2026.
    """
    return {
        claim_id
        for claim_id, decision in OLD_DECISIONS.items()
        if decision.action == "send_reminder" and decision.fee == NEXT_CAP
    }


def _over_cap(claim: cr.Claim, cap: Decimal) -> list[Decimal]:
    """The excess over ``cap`` of each recorded reminder fee the old decision counted in full.

    A recorded fee counts only up to the lawful amount; when it counted less than charged, the
    old decision already carried a ``fee_over_cap`` warning for it ("reminder of <date>
    charged ..."), and lowering the cap changes nothing the decision shows. Only reminders on
    claims due on or after 2020-10-01 use the edited fraction (a re-sent invoice only moves the
    due date later).
    """
    warned = {
        w.message.split(" charged")[0]
        for w in OLD_DECISIONS[claim.id].warnings
        if w.code == "fee_over_cap"
    }
    return [
        e.fee - cap
        for e in claim.events
        if e.kind == "reminder_sent"
        and e.fee > cap
        and claim.due_on >= HALVING
        and f"reminder of {e.on}" not in warned
    ]


def test_lowering_the_reminder_fee_reports_exactly_the_affected_claims(tmp_path: Path) -> None:
    # The edit: the reminder fraction from 2020-10-01 halves again, 1/20 → 1/40, so the cap is
    # 700 / 40 = 17.50 in 2025 and 750 / 40 = 18.75 → 19 in 2026. Nothing else changes.
    new = cr.load_profile(_copy_with_reminder_fraction(tmp_path, "1/40"))
    new_cap = Decimal("17.50")
    report = profile_impact(read_claims(LEDGER), OLD, new, AS_OF)

    # A decision can show the reminder cap in two places only:
    # (a) the fee of the next step, when that step is a reminder: 38.00 becomes 19.00;
    a = _next_reminder_at_old_cap()
    # (b) the recorded reminders: a reminder_sent whose fee (35.00 in this ledger) the old
    #     decision counted in full now counts only 17.50. The decision gains a fee_over_cap
    #     warning for it, and the 17.50 no longer owed lowers the fees outstanding or, when the
    #     fee was already paid, goes (by the allocation order fees → interest → principal) to
    #     interest and principal; a claim paid in full is now overpaid by 17.50 → refund.
    b = {c.id for c in CLAIMS if _over_cap(c, new_cap)}
    # Nothing else depends on the amount: the count, order and spacing rules look only at
    # whether a notice bore a fee (17.50 still does), and the other notices have own fractions.
    assert len(a) == 4
    assert len(b) == 122
    assert not a & b
    assert report.changed_ids() == a | b
    assert report.claims_checked == 2000
    assert report.errors == ()

    by_id = {change.claim_id: change for change in report.changed}
    for claim_id in a:
        fee = by_id[claim_id].change("fee")
        assert fee is not None
        assert (fee.old, fee.new) == ("38.00", "19.00")
    for claim in CLAIMS:
        excess = _over_cap(claim, new_cap)
        if not excess:
            continue
        change = by_id[claim.id]
        warnings = change.change("warnings")
        assert warnings is not None
        assert isinstance(warnings.old, list) and isinstance(warnings.new, list)
        assert warnings.new.count("fee_over_cap") == warnings.old.count("fee_over_cap") + len(
            excess
        )
        if OLD_DECISIONS[claim.id].action == "none":
            # everything was paid, the reminder fee included: the excess is to be refunded
            assert change.change("action") is not None
            total = change.change("balance.total")
            assert total is not None and Decimal(str(total.new)) == -sum(excess)

    # The legal edit, and the rule it acts through.
    assert [(c.path, c.kind, c.old, c.new) for c in report.profile_changes] == [
        (EDITED_KEY, "changed", "1/20", "1/40")
    ]
    assert all("fees.reminder" in change.rules for change in report.changed)
    assert report.summary["fee"] == len(a)
    assert report.summary["warnings"] == len(b)
    assert set(report.summary) == set(ASPECTS)


def test_raising_the_reminder_fee_changes_only_the_next_reminders(tmp_path: Path) -> None:
    # 1/20 → 1/10: the cap goes back to 70.00 (75.00 in 2026). A recorded reminder counts
    # min(charged, cap), and no reminder in the ledger charged more than the old cap, so no
    # recorded fee changes; only a reminder still to be sent costs more.
    assert all(e.fee <= OLD_CAP for c in CLAIMS for e in c.events if e.kind == "reminder_sent")
    new = cr.load_profile(_copy_with_reminder_fraction(tmp_path, "1/10"))
    report = profile_impact(iter(CLAIMS), OLD, new, AS_OF)
    assert report.changed_ids() == _next_reminder_at_old_cap()
    for change in report.changed:
        assert [(c.aspect, c.old, c.new) for c in change.changes] == [("fee", "38.00", "75.00")]
        assert change.rules == ("fees.reminder",)
    # Recorded reminders explain their count against the new cap: a trace change only.
    assert report.trace_only > 0


def test_identical_profiles_change_nothing(tmp_path: Path) -> None:
    same = cr.load_profile(_copy_with_reminder_fraction(tmp_path, None))
    report = profile_impact(iter(CLAIMS[:300]), OLD, same, AS_OF)
    assert report.changed == ()
    assert report.profile_changes == ()
    assert report.trace_only == 0
    assert report.claims_checked == 300
    assert report.summary == dict.fromkeys(ASPECTS, 0)
    assert report.old_profile.hash == report.new_profile.hash


def test_claims_that_do_not_fit_are_reported_not_raised() -> None:
    good = CLAIMS[0]
    euro = good.model_copy(update={"id": "EUR-1", "currency": "EUR"})
    unreadable = cr.ClaimError("BAD-1", "principal", "not a number", line=7)
    report = profile_impact([good, euro, unreadable], OLD, OLD, AS_OF)
    assert report.claims_checked == 3
    assert report.changed == ()
    assert len(report.errors) == 3  # EUR-1 under the old and the new profile, and BAD-1
    assert sum("EUR-1" in error and "currency" in error for error in report.errors) == 2
    assert any("old profile" in e for e in report.errors)
    assert any("new profile" in e for e in report.errors)
    assert any("BAD-1" in error and "line 7" in error for error in report.errors)


def test_text_and_json_show_the_edit_and_the_claims(tmp_path: Path) -> None:
    new = cr.load_profile(_copy_with_reminder_fraction(tmp_path, "1/40"))
    report = profile_impact(iter(CLAIMS[:400]), OLD, new, AS_OF)
    assert report.changed
    text = report.text()
    # the legal edit first, then the summary, then the claims
    assert text.index(EDITED_KEY) < text.index("balance.total") < text.index("Changed claims")
    assert "'1/20' → '1/40'" in text
    for change in report.changed:
        assert change.claim_id in text
    data = json.loads(report.model_dump_json())
    assert data["profile_changes"][0]["path"] == EDITED_KEY
    assert data["changed"][0]["rules"]
    assert ImpactReport.model_validate_json(report.model_dump_json()) == report


def test_a_new_dated_value_is_one_added_entry(tmp_path: Path) -> None:
    # Inserting a dated value reports that entry, not every later entry shifted by one.
    target = _copy_with_reminder_fraction(tmp_path, None)
    fees = target / "fees.yaml"
    text = fees.read_text(encoding="utf-8")
    start = text.index("      reminder:")
    at = text.index(REMINDER_ENTRY, start)
    inserted = '2015-01-01: {value: "1/15", status: provisional}\n            '
    fees.write_text(text[:at] + inserted + text[at:], encoding="utf-8")
    changes = spec_changes(OLD, cr.load_profile(target))
    assert len(changes) == 1
    (change,) = changes
    assert change.path == "fees.inkasso.notices.reminder.fraction.values.2015-01-01"
    assert change.kind == "added"
    assert change.old is None
    assert isinstance(change.new, dict)
    assert change.new["value"] == "1/15"
