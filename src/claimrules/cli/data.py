"""Commands that make data: ``generate``, a synthetic ledger in any file format."""

from __future__ import annotations

from pathlib import Path

import click

from claimrules.cli.app import main
from claimrules.cli.console import _say
from claimrules.cli.run import _Output, _output_format, _require
from claimrules.io import registry


@main.command()
@click.option(
    "--size",
    type=click.IntRange(min=1),
    default=32_000,
    show_default=True,
    help="Number of claims (the default is a mid-size municipality's year)",
)
@click.option("--seed", type=int, default=2026, show_default=True)
@click.option("--year", type=int, default=2025, show_default=True, help="The ledger's year")
@click.option(
    "--overdue",
    type=click.FloatRange(0, 1),
    default=None,
    help="Share of the year's past-due claims left unpaid (a harder ledger: 0.7 leaves about half "
    "the ledger owing); "
    "default: the realistic few per cent",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help=registry.claim_suffixes(),
)
def generate(size: int, seed: int, year: int, overdue: float | None, output: Path) -> None:
    """Write a synthetic Norwegian municipal ledger (deterministic for a seed)."""
    from claimrules.testing.synthetic import DEFAULT_SIZE, norwegian_ledger

    chosen = _output_format(output)
    _require(chosen)
    assert size >= 1 and DEFAULT_SIZE == 32_000  # the help shows the default
    records = norwegian_ledger(size, seed=seed, year=year, overdue=overdue)
    companion = chosen.events_file(output)
    with _Output(output) as out, _Output(companion) as events:
        assert out.target is not None
        written = chosen.write_claims(records, out.target, events.target)
    _say(f"{output}: {written} claims (seed {seed}, year {year})", err=True)
