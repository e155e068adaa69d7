"""Malformed profiles: each case breaks ONE file of a copy of profiles/no and expects one clear
ProfileError pointing at the file, the 1-based line and the dotted key path of the problem (with
a did-you-mean where one applies).

Line numbers are never hard-coded: each test finds the line of the text it inserted or changed.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

import claimrules as cr
from profile_edits import line_of, mutate, replace_once

BASE = Path(__file__).resolve().parent.parent / "profiles" / "no"


# --- helpers ----------------------------------------------------------------------------------


def copy_base(tmp_path: Path) -> Path:
    """A private copy of the Norwegian profile (the Orkdal overlay comes along in no/orkdal)."""
    target = tmp_path / "no"
    shutil.copytree(BASE, target)
    return target


def load_error(location: Path) -> cr.ProfileError:
    with pytest.raises(cr.ProfileError) as info:
        cr.load_profile(location)
    return info.value


def check_issue(
    error: cr.ProfileError,
    *,
    file: Path,
    line: int,
    key_path: str,
    suggestion: str | None = None,
    message: str | None = None,
    single: bool = True,
) -> None:
    """The error's first issue is at ``file:line`` / ``key_path``; str(error) says so too."""
    if single:
        assert len(error.issues) == 1, str(error)
    assert error.file is not None and error.file.resolve() == file.resolve(), str(error)
    assert error.line == line, str(error)
    assert error.key_path == key_path, str(error)
    assert error.suggestion == suggestion, str(error)
    assert f"{file.name}:{line}" in str(error)
    if message is not None:
        assert message in str(error)


# --- unknown keys ---------------------------------------------------------------------------


def test_unknown_key_typo_of_optional_key_suggests_the_right_one(tmp_path: Path) -> None:
    base = copy_base(tmp_path)
    file = base / "limitation.yaml"
    text = mutate(file, replace_once('      section: "§ 2"\n', '      secton: "§ 2"\n'))
    error = load_error(base)
    check_issue(
        error,
        file=file,
        line=line_of(text, "secton:"),
        key_path="limitation.periods.general.source.secton",
        suggestion="section",
        message="unknown key 'secton'",
    )


def test_unknown_key_typo_of_required_key_is_the_first_issue(tmp_path: Path) -> None:
    base = copy_base(tmp_path)
    file = base / "limitation.yaml"
    old = "  start:\n    status: verified\n    source:\n"
    text = mutate(file, replace_once(old, old.replace("source:", "soruce:")))
    error = load_error(base)
    # Both issues may be listed, but the first (file, line, key_path, suggestion) must be the
    # typo itself: that is where the author has to look.
    check_issue(
        error,
        file=file,
        line=line_of(text, "soruce:"),
        key_path="limitation.start.soruce",
        suggestion="source",
        single=False,
    )


def test_unknown_key_in_profile_metadata(tmp_path: Path) -> None:
    base = copy_base(tmp_path)
    file = base / "profile.yaml"
    text = mutate(file, replace_once("  locale: nb_NO\n", "  locale: nb_NO\n  homepage: x\n"))
    error = load_error(base)
    # 'homepage' is close to none of the metadata keys, so no did-you-mean.
    check_issue(
        error,
        file=file,
        line=line_of(text, "homepage:"),
        key_path="profile.homepage",
        suggestion=None,
        message="unknown key 'homepage'",
    )
    assert "last_verified_on" in str(error)  # the allowed keys are listed


# --- values -----------------------------------------------------------------------------------


def test_wrong_type_years_three(tmp_path: Path) -> None:
    base = copy_base(tmp_path)
    file = base / "limitation.yaml"
    text = mutate(file, replace_once("      value: 3\n", "      value: three\n"))
    error = load_error(base)
    check_issue(
        error,
        file=file,
        line=line_of(text, "value: three"),
        key_path="limitation.periods.general.value",
        message="'three'",
    )


def _interest_out_of_order(text: str) -> str:
    # mapping form: 2009-03-01 inserted after 2009-07-01
    return replace_once(
        "        2009-07-01: 8.25\n", "        2009-07-01: 8.25\n        2009-03-01: 9.00\n"
    )(text)


_THRESHOLD_MAPPING = """    values:
      2008-01-01:
        value: 125000
        status: verified
        note: Text of § 6-2 (2) a read on Lovdata (version before 2020).
      2020-07-01:
        value: 200000
        status: secondary
        note: Raised by lov 17. april 2020 nr. 26 (forliksraadet.no); not for complaints filed before.
"""
_THRESHOLD_LIST_REVERSED = """    values:
      - {from: 2020-07-01, value: 200000, status: secondary}
      - {from: 2008-01-01, value: 125000, status: verified}
"""

OVERLAP_CASES = [
    pytest.param(
        "interest.yaml",
        _interest_out_of_order,
        "interest.statutory.rate",
        "2009-03-01: 9.00",
        ("2009-03-01", "2009-07-01"),
        id="mapping-form",
    ),
    pytest.param(
        "parameters.yaml",
        replace_once(_THRESHOLD_MAPPING, _THRESHOLD_LIST_REVERSED),
        "parameters.conciliation_threshold",
        "{from: 2008-01-01",
        ("2008-01-01", "2020-07-01"),
        id="list-form",
    ),
]


@pytest.mark.parametrize(("name", "change", "param_path", "entry", "dates"), OVERLAP_CASES)
def test_overlapping_dated_values(
    tmp_path: Path,
    name: str,
    change: Callable[[str], str],
    param_path: str,
    entry: str,
    dates: tuple[str, str],
) -> None:
    base = copy_base(tmp_path)
    file = base / name
    mutate(file, change)
    error = load_error(base)
    assert len(error.issues) == 1, str(error)
    assert error.file is not None and error.file.resolve() == file.resolve()
    assert error.key_path.startswith(param_path)
    assert "overlapping dated values" in str(error)
    assert all(day in str(error) for day in dates)


@pytest.mark.parametrize(("name", "change", "param_path", "entry", "dates"), OVERLAP_CASES)
def test_overlapping_dated_values_point_at_the_entry(
    tmp_path: Path,
    name: str,
    change: Callable[[str], str],
    param_path: str,
    entry: str,
    dates: tuple[str, str],
) -> None:
    base = copy_base(tmp_path)
    file = base / name
    text = mutate(file, change)
    error = load_error(base)
    assert error.key_path.startswith(param_path)
    assert error.line == line_of(text, entry)


def test_missing_source_on_a_value(tmp_path: Path) -> None:
    base = copy_base(tmp_path)
    file = base / "parameters.yaml"
    head = "  judgment_payment_days:\n    unit: days\n    value: 14\n    status: secondary\n"
    source = (
        "    source:\n"
        "      statute: tvisteloven\n"
        '      section: "§ 19-7 (1)"\n'
        "      url: https://lovdata.no/dokument/NL/lov/2005-06-17-90\n"
    )
    text = mutate(file, replace_once(head + source, head + "    note: >\n"))
    error = load_error(base)
    # A Param has no line for a key that is not there: the error points at the parameter.
    check_issue(
        error,
        file=file,
        line=line_of(text, "judgment_payment_days:"),
        key_path="parameters.judgment_payment_days",
        message="missing source",
    )


def test_missing_status_on_a_value(tmp_path: Path) -> None:
    base = copy_base(tmp_path)
    file = base / "parameters.yaml"
    text = mutate(
        file,
        replace_once(
            "  reminder_min_days:\n    unit: days\n    value: 14\n    status: verified\n",
            "  reminder_min_days:\n    unit: days\n    value: 14\n",
        ),
    )
    error = load_error(base)
    check_issue(
        error,
        file=file,
        line=line_of(text, "reminder_min_days:"),
        key_path="parameters.reminder_min_days",
        message="missing status",
    )


def test_value_null_without_status_unknown(tmp_path: Path) -> None:
    base = copy_base(tmp_path)
    file = base / "parameters.yaml"
    text = mutate(
        file,
        replace_once(
            "  notice_deadline_days:\n    unit: days\n    value: 14\n    status: secondary\n",
            "  notice_deadline_days:\n    unit: days\n    value: null\n    status: secondary\n",
        ),
    )
    error = load_error(base)
    check_issue(
        error,
        file=file,
        line=line_of(text, "notice_deadline_days:"),
        key_path="parameters.notice_deadline_days",
        message="set status 'unknown'",
    )


# --- YAML level -------------------------------------------------------------------------------


def test_duplicate_key_in_one_file(tmp_path: Path) -> None:
    base = copy_base(tmp_path)
    file = base / "parameters.yaml"
    first = "  reminder_min_days:\n    unit: days\n    value: 14\n    status: verified\n"
    text = mutate(file, replace_once(first, first + "    status: secondary\n"))
    error = load_error(base)
    first_line = line_of(text, "status: verified")
    check_issue(
        error,
        file=file,
        line=line_of(text, "status: secondary", after="reminder_min_days:"),
        key_path="parameters.reminder_min_days.status",
        message=f"duplicate key (first defined on line {first_line})",
    )


def test_yaml_object_tag_is_refused_and_never_run(tmp_path: Path) -> None:
    base = copy_base(tmp_path)
    file = base / "delivery.yaml"
    marker = tmp_path / "pwned"
    text = mutate(
        file,
        replace_once(
            "  lien_horizon_days: 90",
            f'  lien_horizon_days: !!python/object/apply:os.system ["touch {marker}"]',
        ),
    )
    error = load_error(base)
    check_issue(
        error,
        file=file,
        line=line_of(text, "!!python/object"),
        key_path="warnings.lien_horizon_days",
        message="python/object/apply:os.system' is not allowed",
    )
    assert not marker.exists()


def test_yaml_syntax_error(tmp_path: Path) -> None:
    base = copy_base(tmp_path)
    file = base / "delivery.yaml"
    # a key indented by one space under a two-space mapping: not valid YAML
    text = mutate(file, replace_once("  lien_horizon_days: 90", "  lien_horizon_days: 90\n bad: 1"))
    error = load_error(base)
    check_issue(error, file=file, line=line_of(text, " bad: 1"), key_path="", message="YAML syntax")


def test_same_section_in_two_files(tmp_path: Path) -> None:
    base = copy_base(tmp_path)
    file = base / "parameters.yaml"  # read after delivery.yaml, which holds `warnings`
    text = mutate(
        file,
        lambda t: t + "\nwarnings:\n  limitation_horizon_days: 1\n  lien_horizon_days: 1\n",
    )
    error = load_error(base)
    check_issue(
        error,
        file=file,
        line=line_of(text, "warnings:"),
        key_path="warnings",
        message="section also defined in",
    )
    assert "delivery.yaml" in str(error)


# --- cross references (checks) -----------------------------------------------------------------

REFERENCE_CASES = [
    pytest.param(
        "ladders.yaml",
        replace_once("days: reminder_min_days}", "days: reminder_min_dayz}"),
        "reminder_min_dayz",
        "ladders.special_basis.steps.0.not_before.days",
        "reminder_min_days",
        "unknown parameter 'reminder_min_dayz'",
        id="ladder-unknown-parameter",
    ),
    pytest.param(
        "claim_types.yaml",
        replace_once("ladder: daycare\n", "ladder: daycar\n"),
        "ladder: daycar",
        "claim_types.daycare_fee.ladder",
        "daycare",
        "unknown ladder 'daycar'",
        id="claim-type-unknown-ladder",
    ),
]


@pytest.mark.parametrize(
    ("name", "change", "needle", "key_path", "close", "message"), REFERENCE_CASES
)
def test_unknown_reference(
    tmp_path: Path,
    name: str,
    change: Callable[[str], str],
    needle: str,
    key_path: str,
    close: str,
    message: str,
) -> None:
    base = copy_base(tmp_path)
    file = base / name
    text = mutate(file, change)
    error = load_error(base)
    assert len(error.issues) == 1, str(error)
    assert error.file is not None and error.file.resolve() == file.resolve()
    assert error.line == line_of(text, needle)
    assert error.key_path == key_path
    assert f"{file.name}:{error.line}" in str(error)
    assert message in str(error)
    assert f"did you mean '{close}'" in str(error)


@pytest.mark.parametrize(
    ("name", "change", "needle", "key_path", "close", "message"), REFERENCE_CASES
)
def test_unknown_reference_sets_suggestion(
    tmp_path: Path,
    name: str,
    change: Callable[[str], str],
    needle: str,
    key_path: str,
    close: str,
    message: str,
) -> None:
    base = copy_base(tmp_path)
    mutate(base / name, change)
    error = load_error(base)
    assert error.suggestion == close


def test_overlapping_choose_alternatives(tmp_path: Path) -> None:
    base = copy_base(tmp_path)
    file = base / "ladders.yaml"
    # In the ordinary ladder, manual_review now applies to every person debtor, while
    # file_conciliation_complaint applies below conciliation_threshold: a person with a
    # principal of e.g. 1000 (< 125000) would match both.
    text = mutate(
        file,
        replace_once(
            "when: {principal_at_least: conciliation_threshold}", "when: {debtor_kind: person}"
        ),
    )
    error = load_error(base)
    check_issue(
        error,
        file=file,
        # the second alternative of the ordinary ladder's step 3 (0-based) is the one reported
        line=line_of(text, "- action: manual_review", after="  ordinary:"),
        key_path="ladders.ordinary.steps.3.choose.1",
        message="alternatives overlap for a person debtor",
    )


# --- overlays ---------------------------------------------------------------------------------


def test_overlay_above_the_national_cap(tmp_path: Path) -> None:
    base = copy_base(tmp_path)
    file = base / "orkdal" / "profile.yaml"
    text = mutate(
        file,
        lambda t: replace_once("amount: 0", "amount: 50")(
            replace_once("extends: no\n", f"extends: {base}\n")(t)
        ),
    )
    error = load_error(file.parent)
    # Reminder cap from 2020-10-01: 1/20 × inkassosats 700 = 35.00 < 50.
    check_issue(
        error,
        file=file,
        line=line_of(text, "amount: 50"),
        key_path="local.fees.reminder.amount",
        message="50 exceeds the country cap of 35.00 for a reminder",
    )


def test_overlay_at_the_cap_is_fine(tmp_path: Path) -> None:
    base = copy_base(tmp_path)
    file = base / "orkdal" / "profile.yaml"
    mutate(
        file,
        lambda t: replace_once("amount: 0", "amount: 35")(
            replace_once("extends: no\n", f"extends: {base}\n")(t)
        ),
    )
    profile = cr.load_profile(file.parent)
    assert str(profile.spec.local.fees["reminder"].amount) == "35"


def test_overlay_cannot_change_national_law(tmp_path: Path) -> None:
    base = copy_base(tmp_path)
    file = base / "orkdal" / "profile.yaml"
    text = mutate(
        file,
        lambda t: (
            replace_once("extends: no\n", f"extends: {base}\n")(t)
            + "\ninterest:\n  demand_days:\n    value: 10\n"
        ),
    )
    error = load_error(file.parent)
    check_issue(
        error,
        file=file,
        line=line_of(text, "interest:"),
        key_path="interest",
        message="an overlay cannot change national law",
    )


def test_overlay_cannot_change_inherited_metadata(tmp_path: Path) -> None:
    base = copy_base(tmp_path)
    file = base / "orkdal" / "profile.yaml"
    text = mutate(file, replace_once("  extends: no\n", "  extends: no\n  currency: EUR\n"))
    error = load_error(file.parent)
    check_issue(
        error,
        file=file,
        line=line_of(text, "currency: EUR"),
        key_path="profile.currency",
        message="inherits this from its base",
    )
