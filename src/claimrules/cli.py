"""The ``claimrules`` command.

Exit codes a script can rely on: 0 success; 1 some claims were invalid (each reported on stderr,
the rest decided); 2 bad usage or an invalid profile.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any, TextIO

import click

from claimrules.claims import Claim
from claimrules.decision import Decision
from claimrules.engine import decide
from claimrules.errors import ClaimError, ProfileError
from claimrules.portfolio import audit_dispatch
from claimrules.profile.profile import Profile
from claimrules.profile.registry import builtin_root, load_profile

__all__ = ["main"]

EXAMPLES: dict[str, tuple[str, date, str]] = {
    "no": ("no", date(2026, 6, 30), "Norwegian municipal claims"),
    "dk": ("dk", date(2025, 10, 31), "Danish municipal, rent and business claims"),
    "gl": (
        "gl/kujalleq",
        date(2022, 3, 16),
        "Kommune Kujalleq, invoices never mailed (Jan-Mar 2022)",
    ),
}
"""Bundled example ledgers: directory → (profile, fixed as-of day, title). Fixed days keep the
demo's output reproducible."""

PER_CLAIM_LIMIT = 40
"""Ledgers up to this size list every claim; larger ones print the summary only."""


def _examples_root() -> Path:
    shipped = builtin_root().parent / "examples"
    return shipped if shipped.is_dir() else builtin_root().parent / "examples"


def read_claims(path: Path) -> Iterator[tuple[int, Claim | ClaimError]]:
    """Read a JSON Lines file of claims: ``(line number, Claim or ClaimError)`` per line."""
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                data: Any = json.loads(line)
            except json.JSONDecodeError as error:
                yield number, ClaimError(None, "", f"not valid JSON: {error.msg}", line=number)
                continue
            try:
                yield number, Claim.model_validate(data)
            except ClaimError as error:
                error.line = number
                yield number, ClaimError(error.claim_id, error.field, error.message, line=number)


def _load(profile_ref: str) -> Profile:
    try:
        return load_profile(profile_ref)
    except ProfileError as error:
        raise click.ClickException(str(error)) from error


def _decide_file(
    path: Path, profile: Profile, as_of: date, err: TextIO
) -> tuple[list[Decision], int]:
    decisions: list[Decision] = []
    failures = 0
    for _, item in read_claims(path):
        if isinstance(item, ClaimError):
            failures += 1
            click.echo(f"{path}: skipped: {item}", file=err)
            continue
        try:
            decisions.append(decide(item, profile, as_of))
        except ClaimError as error:
            failures += 1
            click.echo(f"{path}: skipped: {error}", file=err)
    return decisions, failures


@click.group()
@click.version_option(package_name="claimrules")
def main() -> None:
    """Decide the next lawful action for unpaid municipal claims."""


@main.command()
@click.argument("examples", nargs=-1, type=click.Choice(sorted(EXAMPLES)))
@click.option(
    "--as-of",
    "as_of",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="Decide as of this day instead of each example's fixed day",
)
def demo(examples: tuple[str, ...], as_of: Any) -> None:
    """Decide the bundled example ledgers (all, or those named) and print a summary."""
    failures = 0
    for name in examples or tuple(EXAMPLES):
        profile_ref, fixed_day, title = EXAMPLES[name]
        day = as_of.date() if as_of is not None else fixed_day
        failures += _demo_one(name, title, _load(profile_ref), day)
    if failures:
        click.echo(f"\n{failures} invalid claim(s) skipped (listed on stderr)")


def _demo_one(name: str, title: str, profile: Profile, day: date) -> int:
    path = _examples_root() / name / "ledger.jsonl"
    decisions, failures = _decide_file(path, profile, day, sys.stderr)
    click.echo(
        f"== {title}: examples/{name}/ledger.jsonl ==\n"
        f"{len(decisions)} claims decided as of {day} with profile {profile.id} "
        f"({profile.content_hash[:12]}); {failures} invalid claim(s) skipped\n"
    )
    click.echo("Next actions")
    for action, count in sorted(Counter(d.action for d in decisions).items()):
        ready = sum(1 for d in decisions if d.action == action and d.ready)
        click.echo(f"  {action:<28} {count:>4}   ready now: {ready}")
    click.echo("\nWarnings")
    codes = Counter(w.code for d in decisions for w in d.warnings)
    for code, count in sorted(codes.items()):
        click.echo(f"  {code:<28} {count:>4}")
    if not codes:
        click.echo("  none")
    at_risk = [
        (d, w)
        for d in decisions
        for w in d.warnings
        if w.code in ("limitation_expiring", "lien_expiring")
    ]
    if at_risk:
        click.echo("\nDeadlines at risk")
        for decision, warning in at_risk:
            click.echo(f"  {decision.claim_id}  {warning.code}: {warning.message}")
    audit = audit_dispatch(
        (item for _, item in read_claims(path) if isinstance(item, Claim)), profile, day
    )
    click.echo(
        f"\nDispatch audit: {len(audit.gaps)} of {audit.checked} invoices have no proof they left"
    )
    for group in audit.groups:
        flagged = (
            f", {group.collected_without_notice} collected without notice"
            if group.collected_without_notice
            else ""
        )
        click.echo(
            f"  {group.issue_month}  {group.claim_type:<18} {group.channel:<16}"
            f"{group.claims:>5} claims  {group.principal:>12} {profile.currency}{flagged}"
        )
    if len(decisions) <= PER_CLAIM_LIMIT:
        click.echo("\nPer claim")
        for d in decisions:
            click.echo(
                f"  {d.claim_id}  {d.action:<28} on {d.on}  total {d.balance.total:>10}  fee {d.fee}"
            )
    click.echo("")
    return failures


@main.command("decide")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--profile", "profile_ref", required=True, help="Profile id (no, no/orkdal) or path")
@click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]), required=True)
@click.option("-o", "--output", type=click.File("w"), default="-", help="Decisions as JSON Lines")
def decide_command(file: Path, profile_ref: str, as_of: Any, output: TextIO) -> None:
    """Decide every claim in FILE (JSON Lines) and write one decision per line."""
    profile = _load(profile_ref)
    decisions, failures = _decide_file(file, profile, as_of.date(), sys.stderr)
    for decision in decisions:
        output.write(decision.model_dump_json() + "\n")
    if failures:
        sys.exit(1)


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--claim", "claim_id", required=True)
@click.option("--profile", "profile_ref", required=True)
@click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]), required=True)
@click.option("--lang", type=click.Choice(["en", "nb"]), default="en", show_default=True)
def explain(file: Path, claim_id: str, profile_ref: str, as_of: Any, lang: str) -> None:
    """Explain the decision for one claim in FILE."""
    profile = _load(profile_ref)
    for _, item in read_claims(file):
        if isinstance(item, Claim) and item.id == claim_id:
            click.echo(decide(item, profile, as_of.date()).explain(lang))
            return
    raise click.ClickException(f"no valid claim {claim_id!r} in {file}")


@main.command()
@click.argument("profile_ref")
def validate(profile_ref: str) -> None:
    """Check a profile (id or path); print every problem with file and line."""
    try:
        profile = load_profile(Path(profile_ref) if Path(profile_ref).exists() else profile_ref)
    except ProfileError as error:
        click.echo(str(error), err=True)
        sys.exit(2)
    click.echo(
        f"{profile.id}: valid ({len(profile.spec.claim_types)} claim types, "
        f"{len(profile.files)} files, hash {profile.content_hash[:12]})"
    )
