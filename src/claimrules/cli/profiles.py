"""Commands on profiles: ``validate`` and ``check`` one, ``diff`` two on a ledger, and the
``schema`` of profile files, claims and decisions."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from claimrules.cli.app import _AS_OF, _EVENTS, _LANG, _day, _formats, _load, main
from claimrules.cli.console import _progress, _say
from claimrules.cli.run import _Output, _Run, _stdout
from claimrules.errors import ProfileError
from claimrules.law.registry import load_profile
from claimrules.law.registry import profile_ref as profile_ref_of
from claimrules.model.claims import Claim
from claimrules.model.decision import Decision
from claimrules.text.safe import json_visible


@main.command()
@click.argument("profile_ref")
def validate(profile_ref: str) -> None:
    """Check a profile (id or directory); print every problem with file and line (exit 2)."""
    try:
        profile = load_profile(profile_ref_of(profile_ref))
    except ProfileError as error:
        _say(str(error), err=True)  # one problem per line, FILE:LINE: key: message
        sys.exit(2)
    _say(
        f"{profile.id}: valid ({len(profile.spec.claim_types)} claim types, "
        f"{len(profile.files)} files, hash {profile.content_hash[:12]})"
    )


@main.command()
@click.argument("profile_ref")
@click.option(
    "--today",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="Check coverage and freshness up to this day (default today)",
)
@_formats("text", "json", help_text="text: the findings for people; json: the report as JSON")
@click.option(
    "--exit-zero",
    is_flag=True,
    help="Report, but exit 0 even on errors (e.g. a freshness line in CI against the real date)",
)
def check(profile_ref: str, today: Any, fmt: str, exit_zero: bool) -> None:
    """Lint a profile: values it needs today that are missing or unknown (the current
    half-year's rate, the year's inkassosats; listed first, with the YAML to add), coverage of
    dated values, values still derived or provisional, conflicting and unreachable rules.
    Exit 1 on errors."""
    from claimrules.tools.lint import lint_profile

    report = lint_profile(_load(profile_ref), today=_day(today))
    _say(
        json_visible(report.model_dump_json(indent=2)) if fmt == "json" else report.text().rstrip()
    )
    if not report.ok and not exit_zero:
        sys.exit(1)


@main.command()
@click.argument("old_ref", metavar="OLD")
@click.argument("new_ref", metavar="NEW")
@click.option(
    "--ledger",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    required=True,
    help="Claims to decide under both profiles",
)
@_AS_OF
@_EVENTS
@_LANG
@_formats("text", "json", help_text="text: the changes for people; json: the report as JSON")
def diff(
    old_ref: str,
    new_ref: str,
    ledger: Path,
    as_of: Any,
    events: Path | None,
    lang: str,
    fmt: str,
) -> None:
    """Decide the same ledger under two profile versions (ids or directories) and report which
    claims change action, date, fee, interest or deadlines, and which rule caused each."""
    from claimrules.tools.impact import profile_impact

    old, new = _load(old_ref), _load(new_ref)
    run = _Run(ledger, events)
    claims = _progress((c for _, c in run.claims()), "deciding twice", run)
    report = profile_impact(claims, old, new, _day(as_of))
    shown = report.text(lang).rstrip()
    _say(json_visible(report.model_dump_json(indent=2)) if fmt == "json" else shown)
    run.exit()


@main.command()
@click.argument("what", type=click.Choice(["profile", "claim", "decision"]), default="profile")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the schema to this file (default standard output)",
)
def schema(what: str, output: Path | None) -> None:
    """JSON Schema of a profile file (for editors), a claim, or a decision.

    A profile is split over several YAML files, each holding some of its sections, so no
    section is required in the profile schema; `claimrules validate` checks the whole.
    """
    from claimrules.law.schema import profile_json_schema

    if what == "profile":
        document = profile_json_schema()
    elif what == "claim":
        document = Claim.model_json_schema()
    else:
        document = Decision.model_json_schema()
    document["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    with _Output(output) as out:
        if out.target is None:
            _stdout().write(text)
        else:
            out.target.write_text(text, encoding="utf-8")
