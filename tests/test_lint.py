"""The profile linter (``claimrules.tools.lint``): the built-in profiles, and one broken copy per check.

Broken profiles are private copies of ``profiles/no`` or ``profiles/dk`` with one file changed
(as in ``test_bad_profiles.py``), or, where the loader already refuses the mistake, a loaded
profile whose validated spec is changed in code (``model_copy`` skips validation) to show that
the linter is a second line. Line numbers are never hard-coded: each test finds the line of the
text it changed.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

import claimrules as cr
from claimrules.law.profile import Profile
from claimrules.law.registry import builtin_root
from claimrules.law.schema import Condition, LocalFee, ProfileSpec, Step, StepChoice
from claimrules.law.values import Dated, Param
from claimrules.tools.lint import (
    CHECKS,
    Finding,
    LintReport,
    half_yearly_schedule,
    lint_profile,
    schedule_of,
)
from profile_edits import copy_profile, line_of, mutate, replace_once

TODAY = date(2026, 12, 1)
PROFILES = builtin_root()


# --- helpers ------------------------------------------------------------------------------------


def only(report: LintReport, severity: str, check: str) -> Finding:
    """The single finding of ``severity`` from ``check`` (the report names the others)."""
    found = [f for f in report.findings if f.severity == severity and f.check == check]
    assert len(found) == 1, report.text()
    return found[0]


def assert_at(finding: Finding, *, file: Path, line: int, key: str, message: str) -> None:
    assert finding.file is not None and Path(finding.file).resolve() == file.resolve(), finding
    assert finding.line == line, finding
    assert finding.key == key, finding
    assert message in finding.message, finding


def rebuilt(profile: Profile, spec: ProfileSpec) -> Profile:
    """``profile`` with its spec replaced, unvalidated (as a profile built in code would be)."""
    return Profile(spec, "built-in-code", profile.files)


# --- the built-in profiles ------------------------------------------------------------------------

_NO_WARNINGS = [
    # calendar.conventions.notice_deadline (inkassoloven § 9) is defined but nothing refers to it:
    # the engine computes a notice's deadline as days after the notice, with no convention.
    ("reachability", "calendar.conventions.notice_deadline", "unused"),
    ("status", "calendar.conventions.lien", "derived"),
    ("status", "claim_types.food_inspection_fee", "derived"),
    ("status", "claim_types.technical_services_fee", "derived"),
    ("status", "delivery", "derived"),
    # forsinkelsesrenteloven § 3a: the business compensation of the periods not read, and the
    # current one (July 2026), which only leaves the compensation out of a fee: a warning.
    ("freshness", "fees.inkasso.compensation.amount.values.2026-07-01", "unknown"),
    ("status", "fees.inkasso.compensation.amount.values.2013-03-16", "unknown"),
    ("status", "fees.inkasso.compensation.amount.values.2014-07-01", "unknown"),
    ("status", "fees.inkasso.compensation.amount.values.2017-01-01", "unknown"),
    ("status", "fees.inkasso.compensation.amount.values.2020-01-01", "unknown"),
    ("status", "fees.inkasso.compensation.amount.values.2021-01-01", "unknown"),
    ("status", "fees.inkasso.compensation.amount.values.2023-07-01", "unknown"),
    ("status", "fees.inkasso.compensation.amount.values.2024-07-01", "unknown"),
    # rettsgebyrloven: the conciliation board's multiplier after Prop. 80 L (2023-2024), and
    # the rettsgebyr of 2027, not read.
    (
        "status",
        "court_fees.steps.file_conciliation_complaint.multiple.values.2024-07-01",
        "unknown",
    ),
    ("status", "parameters.rettsgebyr.values.2027-01-01", "unknown"),
    ("status", "fees.inkasso.base.values.2003-01-01", "unknown"),
    ("status", "fees.inkasso.base.values.2005-01-01", "unknown"),
    ("status", "fees.inkasso.base.values.2014-01-01", "unknown"),
    # The new inkassolov (LOV-2026-05-22-19): its fees and whether the creditor may send its
    # own inkassovarsel and betalingsoppfordring are unknown from 2027-01-01.
    ("status", "fees.inkasso.base.values.2027-01-01", "unknown"),
    ("status", "fees.inkasso.rounding.values.2027-01-01", "unknown"),
    ("status", "interest.statutory.method", "derived"),
    ("status", "ladders.daycare.steps.1.in_force.values.2027-01-01", "unknown"),
    ("status", "ladders.daycare.steps.3.in_force.values.2027-01-01", "unknown"),
    ("status", "ladders.ordinary.steps.1.in_force.values.2027-01-01", "unknown"),
    ("status", "ladders.ordinary.steps.2.in_force.values.2027-01-01", "unknown"),
    ("status", "ladders.public_debtor.steps.1.in_force.values.2027-01-01", "unknown"),
    ("status", "ladders.undisputed.steps.1.in_force.values.2027-01-01", "unknown"),
    ("status", "ladders.undisputed.steps.2.in_force.values.2027-01-01", "unknown"),
    ("status", "liens.ground_rent_lien.lapse_years", "derived"),
]
# Denmark, linted on 2026-06-30 (see DAYS): its reference rate from 1 July 2026 and the
# collection rate from 8 July 2026 (five working days later) are stated as unknown, which is an
# error from those days on (test_current_rate_unknown_is_an_error_listed_first).
_DK_WARNINGS = [
    # the notice letters' deadlines where no statutory length was found (provisional)
    ("status", "ladders.public_transfer.steps.0.notice.requirements.2", "provisional"),
    ("status", "ladders.public_transfer.steps.1.notice.requirements.3", "provisional"),
    ("status", "ladders.municipal_distraint.steps.0.notice.requirements.2", "provisional"),
    ("status", "allocation.designation", "unknown"),  # designating a part of a claim
    ("status", "fees.gebyrloven.notices.collection_notice.min_days_after_due", "derived"),
    ("status", "fees.gebyrloven.notices.reminder.min_days_after_due", "derived"),
    ("status", "fees.renteloven.notices.collection_notice.min_days_after_due", "derived"),
    ("status", "fees.renteloven.notices.referral.min_days_after_due", "derived"),
    ("status", "fees.renteloven.notices.reminder.min_days_after_due", "derived"),
    ("status", "fees.renteloven_b2b.notices.collection_notice.min_days_after_due", "derived"),
    ("status", "fees.renteloven_b2b.notices.referral.min_days_after_due", "derived"),
    ("status", "fees.renteloven_b2b.notices.reminder.min_days_after_due", "derived"),
    ("status", "interest.collection.method", "provisional"),
    ("status", "interest.collection.rate.values.2025-01-08", "derived"),
    ("status", "interest.collection.rate.values.2025-07-08", "derived"),
    ("status", "interest.collection.rate.values.2026-01-08", "derived"),
    ("status", "interest.collection.rate.values.2026-07-08", "unknown"),
    ("status", "interest.gebyrloven.creditor_delay", "derived"),
    ("status", "interest.opkraevningsloven.creditor_delay", "derived"),
    ("status", "interest.opkraevningsloven.rate", "unknown"),
    ("status", "interest.renteloven.reference.values.2026-07-01", "unknown"),
    ("status", "parameters.judgment_payment_days", "provisional"),
    ("status", "parameters.reminder_deadline_days", "provisional"),
    ("status", "parameters.reminder_min_days", "derived"),
]
_GL_WARNINGS = [
    ("status", "allocation.offset", "unknown"),  # set-off not read for Greenland
    ("status", "allocation.designation", "unknown"),  # designating a part of a claim
    # Greenland: late interest, fee caps, deadline rolling and interruptions are unknown law,
    # stated in the profile. The rate is a single unknown value, not a dated series, so the
    # freshness check has nothing to infer a schedule from.
    ("status", "allocation", "unknown"),
    ("status", "calendar.conventions.limitation", "unknown"),
    # the Greenland rules on eviction for rent arrears were not read (said on each decision)
    ("status", "claim_types.residential_rent.left_out.0", "unknown"),
    ("status", "fees.municipal", "unknown"),
    ("status", "fees.municipal.deadline_days", "unknown"),
    ("status", "fees.municipal.max_count", "unknown"),
    ("status", "fees.municipal.notices.reminder.amount", "unknown"),
    ("status", "fees.municipal.notices.reminder.min_days_after_due", "derived"),
    ("status", "interest.statutory.creditor_delay", "unknown"),
    ("status", "interest.statutory.method", "unknown"),
    ("status", "interest.statutory.rate", "unknown"),
    ("status", "ladders.rent_and_utilities.steps.1", "unknown"),
    ("status", "limitation.accessory_interest", "unknown"),
    ("status", "limitation.after_proceedings", "unknown"),
    ("status", "limitation.interruptions.acknowledged", "unknown"),
    ("status", "limitation.interruptions.legal_step.distraint_held", "unknown"),
    ("status", "limitation.interruptions.legal_step.distraint_petition", "unknown"),
    ("status", "limitation.interruptions.legal_step.lawsuit", "unknown"),
    ("status", "limitation.interruptions.legal_step.wage_deduction", "unknown"),
    ("status", "limitation.interruptions.offset", "unknown"),
    ("status", "limitation.interruptions.payment", "unknown"),
    ("status", "limitation.interruptions.payment_plan", "unknown"),
    ("status", "parameters.reminder_min_days", "derived"),
]
# Overlays add only local rules (with a source), so they lint like their base.
BUILTIN_WARNINGS = {
    "no": _NO_WARNINGS,
    "no/orkdal": _NO_WARNINGS,
    "dk": _DK_WARNINGS,
    "gl": _GL_WARNINGS,
    "gl/kujalleq": _GL_WARNINGS,
}
# Infos: one per secondary value (a dated series' inherited status counts once), and one
# freshness info per renewed value that is current.
BUILTIN_INFOS = {"no": 137, "no/orkdal": 137, "dk": 49, "gl": 9, "gl/kujalleq": 9}
# The day each built-in profile is linted on: today, except Denmark, which is complete only
# up to 30 June 2026 (as in .ci/run).
DAYS = {"no": TODAY, "no/orkdal": TODAY, "dk": date(2026, 6, 30), "gl": TODAY, "gl/kujalleq": TODAY}


def _kind(finding: Finding) -> str:
    if finding.check == "reachability" and "is used by no" in finding.message:
        return "unused"
    if finding.check == "freshness" and finding.message.startswith("unknown:"):
        return "unknown"
    found = re.search(r" (verified|secondary|derived|provisional|unknown): ", finding.message)
    return found.group(1) if found else finding.message


@pytest.mark.parametrize("profile_id", sorted(BUILTIN_WARNINGS))
def test_builtin_profiles_have_no_errors(profile_id: str) -> None:
    report = lint_profile(cr.load_profile(profile_id), today=DAYS[profile_id])
    assert report.errors == (), report.text()
    assert report.ok
    observed = sorted((f.check, f.key, _kind(f)) for f in report.warnings)
    assert observed == sorted(BUILTIN_WARNINGS[profile_id])
    assert len(report.infos) == BUILTIN_INFOS[profile_id]
    assert {f.check for f in report.infos} <= {"status", "freshness"}
    # Every finding names its file and line.
    assert all(f.file is not None and f.line is not None for f in report.findings)


def test_current_rate_unknown_is_an_error_listed_first() -> None:
    # Denmark on 2026-12-01: the reference rate from 2026-07-01 is in the profile, as unknown
    profile = cr.load_profile("dk")
    report = lint_profile(profile, today=TODAY)
    file = PROFILES / "dk" / "interest.yaml"
    text = file.read_text(encoding="utf-8")
    assert [f.key for f in report.needed] == [
        "interest.renteloven.reference.values.2026-07-01",
        "interest.collection.rate.values.2026-07-08",
    ]
    assert report.findings[: len(report.needed)] == report.needed
    first = report.needed[0]
    assert first.severity == "error" and first.check == "freshness"
    assert_at(
        first,
        file=file,
        line=line_of(text, "2026-07-01:", after="    reference:"),
        key="interest.renteloven.reference.values.2026-07-01",
        message="unknown: the current rate (the entry from 2026-07-01) is marked unknown, so "
        "decisions count interest only through 2026-06-30",
    )
    assert "the next is due on 2027-01-01" in first.message
    assert first.fix is not None and "        2026-07-01:" in first.fix.splitlines()
    # freshness owns this entry: status does not report it again
    assert not [f for f in report.findings if f.check == "status" and f.key == first.key]
    assert not report.ok


def test_freshness_in_a_known_half_year_is_info_with_the_next_due_date() -> None:
    report = lint_profile(cr.load_profile("dk"), today=date(2026, 3, 1))
    fresh = {f.key: f for f in report.findings if f.check == "freshness"}
    assert set(fresh) == {
        "interest.renteloven.reference.values.2026-01-01",
        "interest.collection.rate.values.2026-01-08",
    }
    assert {f.severity for f in fresh.values()} == {"info"}
    reference = fresh["interest.renteloven.reference.values.2026-01-01"].message
    assert "current rate 1.75 from 2026-01-01 (secondary)" in reference
    assert "renewal in the profile" in reference
    assert "the next is due on 2026-07-01 (already in the profile)" in reference
    collection = fresh["interest.collection.rate.values.2026-01-08"].message
    assert "half-yearly (8 Jan / 8 Jul)" in collection
    assert "the next is due on 2026-07-08" in collection


def test_half_yearly_schedule_is_inferred_only_for_half_yearly_series() -> None:
    no = cr.load_profile("no").spec
    dk = cr.load_profile("dk").spec
    rate = no.interest["statutory"].rate
    assert rate is not None
    schedule = half_yearly_schedule(rate)
    assert schedule is not None
    assert (schedule.day, schedule.since) == (1, date(2000, 1, 1))
    assert schedule.period_start(TODAY) == date(2026, 7, 1)
    assert schedule.next_after(TODAY) == date(2027, 1, 1)
    collection = dk.interest["collection"].rate
    assert collection is not None
    collection_schedule = half_yearly_schedule(collection)
    assert collection_schedule is not None
    # 2023-07-07 to 2026-07-08; the 5.9 % of 2023-07-01 to 07-06 breaks the run before it
    assert (collection_schedule.day, collection_schedule.entries) == (8, 7)
    # yearly (with a break), rare changes and single values are not inferred half-yearly ...
    fee_base = no.fees["inkasso"].base
    assert fee_base is not None
    assert half_yearly_schedule(fee_base) is None
    assert half_yearly_schedule(no.parameters["conciliation_threshold"]) is None
    assert half_yearly_schedule(no.parameters["reminder_min_days"]) is None
    # ... but the inkassosats is declared yearly, so its schedule is known
    yearly = schedule_of(fee_base)
    assert yearly is not None and yearly.declared and yearly.describe() == "yearly (1 Jan)"
    assert yearly.period_start(TODAY) == date(2026, 1, 1)
    assert yearly.next_after(TODAY) == date(2027, 1, 1)


def test_report_text_and_json() -> None:
    report = lint_profile(cr.load_profile("no"), today=TODAY)
    lines = report.text().splitlines()
    # one line per finding, the YAML to paste under a finding that has it, and the summary
    fixes = sum(len(f.fix.splitlines()) for f in report.findings if f.fix)
    assert len(lines) == len(report.findings) + fixes + 1
    finding = next(f for f in report.findings if f.check == "freshness" and "statutory" in f.key)
    assert (
        f"{finding.file}:{finding.line}: info freshness: "
        "interest.statutory.rate.values.2026-07-01: current rate 12.25 from 2026-07-01 "
        "(secondary)" in report.text()
    )
    assert lines[-1] == "no on 2026-12-01: ok: 0 errors, 29 warnings, 137 info"
    data = json.loads(report.model_dump_json())
    assert data["profile_id"] == "no" and data["today"] == "2026-12-01" and data["ok"] is True
    assert set(data["findings"][0]) == {
        "severity",
        "check",
        "file",
        "line",
        "key",
        "message",
        "fix",
        "needed",
    }
    assert LintReport.model_validate_json(report.model_dump_json()) == report
    assert {f.check for f in report.findings} <= set(CHECKS)


# --- freshness: a stale rate ----------------------------------------------------------------------


def test_missing_half_year_rate_is_an_error_with_the_yaml_to_add() -> None:
    # Norway on 2 January 2027: the rate of the first half of 2027 is not in the profile
    report = lint_profile(cr.load_profile("no"), today=date(2027, 1, 2))
    file = PROFILES / "no" / "interest.yaml"
    text = file.read_text(encoding="utf-8")
    first = report.findings[0]
    assert first.needed and first.severity == "error" and first.check == "freshness"
    assert_at(
        first,
        file=file,
        line=line_of(text, "2026-07-01:", after="    rate:"),
        key="interest.statutory.rate.values.2026-07-01",
        message="missing: no rate for the period from 2027-01-01",
    )
    assert "decisions count interest only through 2026-12-31" in first.message
    assert first.fix is not None
    fix = first.fix.splitlines()
    last_line = line_of(text, "on it in a dispute.")  # the last line of the 2026-07-01 entry
    assert fix[0].startswith(f"# add after line {last_line} of {file}")
    assert fix[1:] == [
        "        2027-01-01:",
        "          value: null",
        "          status: unknown",
        '          note: "not yet published on 2027-01-02"',
    ]
    # the YAML is valid as it stands: pasted in, the profile loads and says "unknown"
    # (then the entry is needed but unknown: still an error, now pointing at the new entry)
    # the inkassosats of 2027 comes second: in the profile, unknown (the new inkassolov)
    assert [f.key for f in report.needed] == [
        "interest.statutory.rate.values.2026-07-01",
        "fees.inkasso.base.values.2027-01-01",
    ]
    assert not report.ok


def test_pasting_the_suggested_yaml_gives_a_loadable_profile(tmp_path: Path) -> None:
    report = lint_profile(cr.load_profile("no"), today=date(2027, 1, 2))
    base = copy_profile(tmp_path, "no")
    file = base / "interest.yaml"
    fix = report.findings[0].fix
    assert fix is not None
    after = int(fix.splitlines()[0].split("after line ")[1].split(" ")[0])
    lines = file.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[after:after] = [line + "\n" for line in fix.splitlines()[1:]]
    file.write_text("".join(lines), encoding="utf-8")
    again = lint_profile(cr.load_profile(base), today=date(2027, 1, 2))
    assert {f.key: f.message.split(":")[0] for f in again.needed} == {
        "fees.inkasso.base.values.2027-01-01": "unknown",
        "interest.statutory.rate.values.2027-01-01": "unknown",
    }


def test_stale_rate_without_renewal_is_an_error(tmp_path: Path) -> None:
    # a third-party profile without `renewal`: the half-yearly schedule is inferred, and the
    # old rate would silently still be used
    base = copy_profile(tmp_path, "no")
    file = base / "interest.yaml"
    text = mutate(file, replace_once("      renewal: half_yearly\n", ""))
    profile = cr.load_profile(base)
    report = lint_profile(profile, today=date(2027, 1, 2))
    first = report.findings[0]
    assert_at(
        first,
        file=file,
        line=line_of(text, "2026-07-01:", after="    rate:"),
        key="interest.statutory.rate.values.2026-07-01",
        message="missing: no rate for the period from 2027-01-01",
    )
    assert "the old rate would silently still be used" in first.message
    assert "inferred from 54 entries in a row since 2000-01-01" in first.message
    # On 31 December 2026 the same profile is current.
    assert lint_profile(profile, today=date(2026, 12, 31)).ok


def test_stale_rate_on_a_day_eight_schedule(tmp_path: Path) -> None:
    base = copy_profile(tmp_path, "dk")
    file = base / "interest.yaml"
    entry = next(
        line + "\n"
        for line in file.read_text(encoding="utf-8").splitlines()
        if line.startswith("        2026-07-08: {value: null")
    )
    text = mutate(file, replace_once(entry, ""))
    profile = cr.load_profile(base)
    report = lint_profile(profile, today=date(2026, 7, 20))
    stale = [f for f in report.needed if "collection" in f.key]
    assert len(stale) == 1, report.text()
    assert_at(
        stale[0],
        file=file,
        line=line_of(text, "2026-01-08:"),
        key="interest.collection.rate.values.2026-01-08",
        message="missing: no rate for the period from 2026-07-08",
    )
    # before 8 July the January value is still the current one
    early = lint_profile(profile, today=date(2026, 7, 7))
    assert not [f for f in early.needed if "collection" in f.key]


# --- coverage -------------------------------------------------------------------------------------

_THRESHOLD_2008 = "      2008-01-01:\n        value: 125000\n"
_THRESHOLD_2020 = "      2020-07-01:\n        value: 200000\n"


def test_gap_between_dated_values(tmp_path: Path) -> None:
    base = copy_profile(tmp_path, "no")
    file = base / "parameters.yaml"
    text = mutate(
        file, replace_once(_THRESHOLD_2008, _THRESHOLD_2008 + "        until: 2019-01-01\n")
    )
    report = lint_profile(cr.load_profile(base), today=TODAY)
    assert len(report.errors) == 1, report.text()
    finding = report.errors[0]
    assert finding.check == "coverage"
    assert_at(
        finding,
        file=file,
        line=line_of(text, "until: 2019-01-01"),
        key="parameters.conciliation_threshold.values.2008-01-01.until",
        message="gap: no value in force from 2019-01-01 to 2020-06-30",
    )


def test_last_value_ending_before_today(tmp_path: Path) -> None:
    base = copy_profile(tmp_path, "no")
    file = base / "parameters.yaml"
    text = mutate(
        file, replace_once(_THRESHOLD_2020, _THRESHOLD_2020 + "        until: 2026-01-01\n")
    )
    profile = cr.load_profile(base)
    report = lint_profile(profile, today=TODAY)
    assert len(report.errors) == 1, report.text()
    assert_at(
        only(report, "error", "coverage"),
        file=file,
        line=line_of(text, "until: 2026-01-01"),
        key="parameters.conciliation_threshold.values.2020-07-01.until",
        message="no value in force from 2026-01-01 to today (2026-12-01)",
    )
    # the end lies after 31 December 2025: no gap up to then
    assert lint_profile(profile, today=date(2025, 12, 31)).ok


def test_overlap_is_refused_by_the_loader(tmp_path: Path) -> None:
    base = copy_profile(tmp_path, "no")
    mutate(
        base / "parameters.yaml",
        replace_once(_THRESHOLD_2008, _THRESHOLD_2008 + "        until: 2021-01-01\n"),
    )
    with pytest.raises(cr.ProfileError, match="overlapping dated values"):
        cr.load_profile(base)


def test_overlap_in_a_spec_built_in_code_is_found_by_the_linter() -> None:
    profile = cr.load_profile("no")
    spec = profile.spec
    threshold = spec.parameters["conciliation_threshold"]
    assert threshold.values is not None
    first, second = threshold.values
    overlapping = threshold.model_copy(
        update={"values": [first.model_copy(update={"until": date(2021, 1, 1)}), second]}
    )
    broken = spec.model_copy(
        update={"parameters": {**spec.parameters, "conciliation_threshold": overlapping}}
    )
    report = lint_profile(rebuilt(profile, broken), today=TODAY)
    file = PROFILES / "no" / "parameters.yaml"
    assert_at(
        only(report, "error", "coverage"),
        file=file,
        line=line_of(file.read_text(encoding="utf-8"), "2020-07-01:"),
        key="parameters.conciliation_threshold.values.2020-07-01",
        message="overlapping dated values",
    )
    assert isinstance(second, Dated)


# --- source -----------------------------------------------------------------------------------


def test_missing_source_on_a_value() -> None:
    profile = cr.load_profile("no")
    spec = profile.spec
    param = spec.parameters["judgment_payment_days"].model_copy(update={"source": None})
    broken = spec.model_copy(
        update={"parameters": {**spec.parameters, "judgment_payment_days": param}}
    )
    report = lint_profile(rebuilt(profile, broken), today=TODAY)
    file = PROFILES / "no" / "parameters.yaml"
    assert len(report.errors) == 1, report.text()
    assert report.errors[0].check == "source"
    assert_at(
        report.errors[0],
        file=file,
        line=line_of(file.read_text(encoding="utf-8"), "judgment_payment_days:"),
        key="parameters.judgment_payment_days",
        message="missing source",
    )


def test_missing_source_on_a_dated_entry_and_a_step() -> None:
    profile = cr.load_profile("no")
    spec = profile.spec
    threshold = spec.parameters["conciliation_threshold"]
    assert threshold.values is not None
    no_source = threshold.model_copy(update={"source": None})  # entries have none of their own
    ladder = spec.ladders["ordinary"]
    first = ladder.steps[0]
    assert isinstance(first, Step)
    steps = [first.model_copy(update={"source": None}), *ladder.steps[1:]]
    broken = spec.model_copy(
        update={
            "parameters": {**spec.parameters, "conciliation_threshold": no_source},
            "ladders": {**spec.ladders, "ordinary": ladder.model_copy(update={"steps": steps})},
        }
    )
    report = lint_profile(rebuilt(profile, broken), today=TODAY)
    assert {f.check for f in report.errors} == {"source"}
    assert sorted(f.key for f in report.errors) == [
        "ladders.ordinary.steps.0",
        "parameters.conciliation_threshold.values.2008-01-01",
        "parameters.conciliation_threshold.values.2020-07-01",
    ]
    ladders = (PROFILES / "no" / "ladders.yaml").read_text(encoding="utf-8")
    step = next(f for f in report.errors if f.key == "ladders.ordinary.steps.0")
    assert step.line == line_of(ladders, "- action: send_reminder", after="  ordinary:")


def test_local_rules_without_a_source_are_a_warning() -> None:
    profile = cr.load_profile("no/orkdal")
    spec = profile.spec
    broken = spec.model_copy(update={"local": spec.local.model_copy(update={"source": None})})
    report = lint_profile(rebuilt(profile, broken), today=TODAY)
    assert report.ok
    file = PROFILES / "no" / "orkdal" / "profile.yaml"
    assert_at(
        only(report, "warning", "source"),
        file=file,
        line=line_of(file.read_text(encoding="utf-8"), "local:"),
        key="local",
        message="local rules without a source",
    )


# --- reachability ---------------------------------------------------------------------------------


def test_step_waiting_for_a_judgment_no_step_leads_to(tmp_path: Path) -> None:
    base = copy_profile(tmp_path, "no")
    file = base / "ladders.yaml"
    old = "not_before: {after: previous_step, days: enforcement_notice_days"
    text = mutate(file, replace_once(old, old.replace("previous_step", "judgment")))
    report = lint_profile(cr.load_profile(base), today=TODAY)
    assert len(report.errors) == 1, report.text()
    assert_at(
        only(report, "error", "reachability"),
        file=file,
        line=line_of(text, "not_before: {after: judgment, days: enforcement_notice_days"),
        key="ladders.special_basis.steps.2.not_before.after",
        message="request_distraint waits for a judgment, but no earlier step",
    )


def test_step_after_a_step_never_recorded_as_taken(tmp_path: Path) -> None:
    base = copy_profile(tmp_path, "no")
    file = base / "ladders.yaml"
    monitor = "      - action: monitor\n        taken_by: [judgment]\n"
    text = mutate(file, replace_once(monitor, "      - action: monitor\n"))
    report = lint_profile(cr.load_profile(base), today=TODAY)
    assert len(report.errors) == 1, report.text()
    assert_at(
        only(report, "error", "reachability"),
        file=file,
        line=line_of(text, "- action: request_distraint", after="  ordinary:"),
        key="ladders.ordinary.steps.5",
        message="step 5 (request_distraint) is never proposed: step 4 (monitor) has no taken_by",
    )


def test_steps_after_a_write_off(tmp_path: Path) -> None:
    base = copy_profile(tmp_path, "no")
    file = base / "ladders.yaml"
    anchor = "      - action: request_distraint\n        taken_by: [legal_step.distraint_petition"
    write_off = (
        "      - action: write_off\n"
        "        taken_by: [acknowledged]\n"
        "        not_before: {after: previous_step}\n"
        "        status: verified\n"
        '        source: {statute: x, url: "https://example.org"}\n'
    )
    text = mutate(file, replace_once(anchor, write_off + anchor))
    report = lint_profile(cr.load_profile(base), today=TODAY)
    assert len(report.errors) == 1, report.text()
    assert_at(
        only(report, "error", "reachability"),
        file=file,
        line=line_of(text, "- action: request_distraint"),
        key="ladders.special_basis.steps.3",
        message="step 2 (write_off) ends the ladder",
    )


def test_alternative_that_matches_no_claim(tmp_path: Path) -> None:
    base = copy_profile(tmp_path, "no")
    file = base / "ladders.yaml"
    anchor = "      - action: monitor\n"
    dead = (
        "          - action: file_lawsuit\n"
        "            when: {principal_at_least: conciliation_threshold, principal_below: "
        "conciliation_threshold}\n"
        "            not_before: {after: previous_step}\n"
        "            status: verified\n"
        '            source: {statute: x, url: "https://example.org"}\n'
    )
    text = mutate(file, replace_once(anchor, dead + anchor))
    report = lint_profile(cr.load_profile(base), today=TODAY)
    assert len(report.errors) == 1, report.text()
    assert_at(
        only(report, "error", "reachability"),
        file=file,
        line=line_of(text, "- action: file_lawsuit"),
        key="ladders.ordinary.steps.3.choose.2",
        message="alternative 2 (file_lawsuit) matches no claim on any date",
    )


def test_unused_ladder_is_a_warning(tmp_path: Path) -> None:
    base = copy_profile(tmp_path, "no")
    file = base / "ladders.yaml"
    spare = (
        "\n  spare:\n"
        "    title: Nobody uses this\n"
        "    steps:\n"
        "      - action: send_reminder\n"
        "        taken_by: [reminder_sent]\n"
        "        not_before: {after: due_date}\n"
        "        status: verified\n"
        '        source: {statute: x, url: "https://example.org"}\n'
    )
    text = mutate(file, lambda t: t + spare)
    report = lint_profile(cr.load_profile(base), today=TODAY)
    assert report.ok
    unused = [f for f in report.warnings if f.check == "reachability" and f.key == "ladders.spare"]
    assert len(unused) == 1, report.text()
    assert_at(
        unused[0],
        file=file,
        line=line_of(text, "  spare:"),
        key="ladders.spare",
        message="ladder 'spare' is used by no claim type",
    )


def test_lien_no_ladder_step_preserves(tmp_path: Path) -> None:
    base = copy_profile(tmp_path, "no")
    file = base / "limitation.yaml"
    text = mutate(
        file,
        replace_once(
            "preserved_by: [legal_step.forced_sale_petition]", "preserved_by: [legal_step.lawsuit]"
        ),
    )
    report = lint_profile(cr.load_profile(base), today=TODAY)
    assert report.ok
    lien = [f for f in report.warnings if f.key == "liens.legal_lien.preserved_by"]
    assert len(lien) == 1, report.text()
    assert lien[0].check == "reachability"
    assert_at(
        lien[0],
        file=file,
        line=line_of(text, "preserved_by: [legal_step.lawsuit]"),
        key="liens.legal_lien.preserved_by",
        message="no step of ladder 'special_basis' (claim types water_fee, sewage_fee",
    )


def test_later_interest_after_an_event_that_starts_no_period(tmp_path: Path) -> None:
    base = copy_profile(tmp_path, "dk")
    file = base / "limitation.yaml"
    text = mutate(file, replace_once("    after: [judgment]\n", "    after: [reminder_sent]\n"))
    report = lint_profile(cr.load_profile(base), today=DAYS["dk"])
    assert len(report.errors) == 1, report.text()
    assert_at(
        only(report, "error", "reachability"),
        file=file,
        line=line_of(text, "after: [reminder_sent]"),
        key="limitation.later_interest.after.0",
        message="reminder_sent is not a limitation interruption",
    )


def test_unknown_limitation_period_in_a_spec_built_in_code() -> None:
    profile = cr.load_profile("no")
    spec = profile.spec
    loan = spec.claim_types["social_loan"].model_copy(update={"limitation_period": "lone"})
    broken = spec.model_copy(update={"claim_types": {**spec.claim_types, "social_loan": loan}})
    report = lint_profile(rebuilt(profile, broken), today=TODAY)
    file = PROFILES / "no" / "claim_types.yaml"
    assert len(report.errors) == 1, report.text()
    assert_at(
        only(report, "error", "reachability"),
        file=file,
        line=line_of(file.read_text(encoding="utf-8"), "limitation_period: loan"),
        key="claim_types.social_loan.limitation_period",
        message="unknown period 'lone' (did you mean 'loan'?)",
    )


# --- conflicts ------------------------------------------------------------------------------------


def test_one_event_marking_two_steps(tmp_path: Path) -> None:
    base = copy_profile(tmp_path, "no")
    file = base / "ladders.yaml"
    text = mutate(
        file,
        replace_once(
            "taken_by: [collection_notice_sent]",
            "taken_by: [collection_notice_sent, reminder_sent]",
        ),
    )
    report = lint_profile(cr.load_profile(base), today=TODAY)
    assert len(report.errors) == 1, report.text()
    assert_at(
        only(report, "error", "conflicts"),
        file=file,
        line=line_of(text, "taken_by: [collection_notice_sent, reminder_sent]"),
        key="ladders.special_basis.steps.1.taken_by.1",
        message="reminder_sent also marks step 0 (send_reminder) as taken",
    )


def test_event_in_both_later_interest_lists(tmp_path: Path) -> None:
    base = copy_profile(tmp_path, "dk")
    file = base / "limitation.yaml"
    text = mutate(
        file,
        replace_once(
            "shared_after: [referred_to_collection]",
            "shared_after: [referred_to_collection, judgment]",
        ),
    )
    report = lint_profile(cr.load_profile(base), today=DAYS["dk"])
    assert len(report.errors) == 1, report.text()
    assert_at(
        only(report, "error", "conflicts"),
        file=file,
        line=line_of(text, "shared_after: [referred_to_collection, judgment]"),
        key="limitation.later_interest.shared_after.1",
        message="judgment is in both 'after'",
    )


def test_overlapping_alternatives_in_a_spec_built_in_code() -> None:
    profile = cr.load_profile("no")
    spec = profile.spec
    ladder = spec.ladders["ordinary"]
    choice = ladder.steps[3]
    assert isinstance(choice, StepChoice)
    review = choice.choose[1].model_copy(update={"when": Condition(debtor_kind="person")})
    steps = list(ladder.steps)
    steps[3] = StepChoice(choose=[choice.choose[0], review])
    broken = spec.model_copy(
        update={"ladders": {**spec.ladders, "ordinary": ladder.model_copy(update={"steps": steps})}}
    )
    report = lint_profile(rebuilt(profile, broken), today=TODAY)
    file = PROFILES / "no" / "ladders.yaml"
    assert len(report.errors) == 1, report.text()
    assert_at(
        only(report, "error", "conflicts"),
        file=file,
        line=line_of(
            file.read_text(encoding="utf-8"), "- action: manual_review", after="  ordinary:"
        ),
        key="ladders.ordinary.steps.3.choose.1",
        message="alternatives overlap for a person debtor",
    )


def test_local_fee_above_the_national_cap_in_a_spec_built_in_code() -> None:
    profile = cr.load_profile("no/orkdal")
    spec = profile.spec
    local = spec.local.model_copy(update={"fees": {"reminder": LocalFee(amount=Decimal(50))}})
    report = lint_profile(rebuilt(profile, spec.model_copy(update={"local": local})), today=TODAY)
    file = PROFILES / "no" / "orkdal" / "profile.yaml"
    assert len(report.errors) == 1, report.text()
    assert_at(
        only(report, "error", "conflicts"),
        file=file,
        line=line_of(file.read_text(encoding="utf-8"), "amount: 0"),
        key="local.fees.reminder.amount",
        message="50 exceeds the country cap of 35.00 for a reminder",
    )


# --- status ---------------------------------------------------------------------------------------


def test_status_lists_every_doubtful_value_with_file_and_line() -> None:
    report = lint_profile(cr.load_profile("no"), today=TODAY)
    status = [f for f in report.findings if f.check == "status"]
    assert Counter(f.severity for f in status) == {"info": 135, "warning": 27}
    file = PROFILES / "no" / "fees.yaml"
    text = file.read_text(encoding="utf-8")
    unknown = next(f for f in status if f.key == "fees.inkasso.base.values.2027-01-01")
    assert_at(
        unknown,
        file=file,
        line=line_of(text, "status: unknown", after="        2027-01-01:"),
        key="fees.inkasso.base.values.2027-01-01",
        message="the value null from 2027-01-01 is unknown",
    )
    # the 40 entries that take the series' status are reported once, at its status line
    interest = PROFILES / "no" / "interest.yaml"
    series = next(f for f in status if f.key == "interest.statutory.rate")
    assert series.severity == "info"
    assert series.line == line_of(
        interest.read_text(encoding="utf-8"), "status: secondary", after="    rate:"
    )
    assert series.message.startswith("40 dated values from 2000-01-01 to 2023-07-01")


def test_missing_status_in_a_spec_built_in_code() -> None:
    profile = cr.load_profile("no")
    spec = profile.spec
    param = spec.parameters["reminder_min_days"]
    broken = spec.model_copy(
        update={
            "parameters": {
                **spec.parameters,
                "reminder_min_days": param.model_copy(update={"status": None}),
            }
        }
    )
    report = lint_profile(rebuilt(profile, broken), today=TODAY)
    assert [(f.check, f.key) for f in report.errors] == [("status", "parameters.reminder_min_days")]
    assert "missing status" in report.errors[0].message
    assert isinstance(param, Param)


def test_profile_built_in_code_without_files() -> None:
    profile = cr.load_profile("no")
    report = lint_profile(Profile(profile.spec, "no-files", ()), today=TODAY)
    assert report.ok
    assert all(f.file is None and f.line is None for f in report.findings)
    # keys stay the same without files (dated entries are named by their date)
    assert ("freshness", "interest.statutory.rate.values.2026-07-01") in {
        (f.check, f.key) for f in report.infos
    }
    assert report.text().splitlines()[0].startswith("<profile>: ")
