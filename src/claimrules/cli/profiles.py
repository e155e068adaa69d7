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
@_LANG
def validate(profile_ref: str, lang: str) -> None:
    """Check a profile (id or directory); print every problem with file and line (exit 2)."""
    from claimrules.text.words import PROFILE_VALID, Words

    words = Words(lang)
    try:
        profile = load_profile(profile_ref_of(profile_ref))
    except ProfileError as error:
        # one problem per line, FILE:LINE: key: message
        _say("\n".join(words.profile_issue(issue) for issue in error.issues), err=True)
        sys.exit(2)
    _say(
        words(
            PROFILE_VALID,
            profile=profile.id,
            types=words.number(len(profile.spec.claim_types)),
            files=words.number(len(profile.files)),
            hash=profile.content_hash[:12],
        )
    )


@main.command()
@click.argument("profile_ref")
@click.option(
    "--today",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="Check coverage and freshness up to this day (default today)",
)
@_LANG
@_formats("text", "json", help_text="text: the findings for people; json: the report as JSON")
@click.option(
    "--exit-zero",
    is_flag=True,
    help="Report, but exit 0 even on errors (e.g. a freshness line in CI against the real date)",
)
def check(profile_ref: str, today: Any, lang: str, fmt: str, exit_zero: bool) -> None:
    """Lint a profile: values it needs today that are missing or unknown (the current
    half-year's rate, the year's inkassosats; listed first, with the YAML to add), coverage of
    dated values, values still derived or provisional, conflicting and unreachable rules.
    Exit 1 on errors."""
    from claimrules.tools.lint import lint_profile

    report = lint_profile(_load(profile_ref), today=_day(today))
    _say(
        json_visible(report.model_dump_json(indent=2))
        if fmt == "json"
        else report.text(lang).rstrip()
    )
    if not report.ok and not exit_zero:
        sys.exit(1)


@main.command()
@click.argument("args", nargs=-1, metavar="FILE")
@click.option(
    "--profile",
    "old_ref",
    default=None,
    help="The profile as it is (id or directory): the claims are decided under it first",
)
@click.option(
    "--to",
    "new_ref",
    default=None,
    help="The profile as it will be (id or directory), e.g. an edited copy",
)
@click.option(
    "--ledger",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="The earlier form, diff OLD NEW --ledger FILE: the claims file (still accepted)",
)
@_AS_OF
@_EVENTS
@_LANG
@_formats("text", "json", help_text="text: the changes for people; json: the report as JSON")
def diff(
    args: tuple[str, ...],
    old_ref: str | None,
    new_ref: str | None,
    ledger: Path | None,
    as_of: Any,
    events: Path | None,
    lang: str,
    fmt: str,
) -> None:
    """Decide the same ledger FILE under two versions of a profile (--profile, the profile as
    it is; --to, as it will be) and report which claims change action, date, fee, interest or
    deadlines, and which rule caused each.

    FILE, --profile, --as-of, --events and --lang are those of every command on a claims file.
    The earlier form, diff OLD NEW --ledger FILE, is still accepted."""
    from claimrules.tools.impact import profile_impact

    file, old_ref, new_ref = _diff_arguments(args, old_ref, new_ref, ledger)
    old, new = _load(old_ref), _load(new_ref)
    run = _Run(file, events)
    claims = _progress((c for _, c in run.claims()), "deciding twice", run)
    report = profile_impact(claims, old, new, _day(as_of))
    shown = report.text(lang).rstrip()
    _say(json_visible(report.model_dump_json(indent=2)) if fmt == "json" else shown)
    run.exit()


def _diff_arguments(
    args: tuple[str, ...], old_ref: str | None, new_ref: str | None, ledger: Path | None
) -> tuple[Path, str, str]:
    """The claims file and the two profiles of ``diff``, in either form; a usage error
    otherwise."""
    if ledger is not None:
        if len(args) != 2 or old_ref is not None or new_ref is not None:
            raise click.UsageError("with --ledger FILE, give the two profiles: diff OLD NEW")
        return ledger, args[0], args[1]
    if len(args) != 1:
        raise click.UsageError(
            "give one claims FILE and the two profiles: diff FILE --profile OLD --to NEW"
        )
    if old_ref is None or new_ref is None:
        missing = "--profile" if old_ref is None else "--to"
        raise click.UsageError(f"missing option {missing}: diff FILE --profile OLD --to NEW")
    file = Path(args[0])
    if not file.is_file():
        raise click.BadParameter(f"'{args[0]}' is not a file", param_hint="'FILE'")
    return file, old_ref, new_ref


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
