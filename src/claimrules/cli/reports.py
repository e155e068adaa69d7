"""Commands that report on a ledger, one per report of :mod:`claimrules.reports`: ``aging``,
``deadlines``, ``monitoring``, ``no-movement``, ``cases``, ``postings`` and ``audit-dispatch``.

A report command reads the claims with :class:`~claimrules.cli.run._Run` (``run.fitting`` for
the claims that fit the profile, ``run.decided`` with their decisions), builds the report, and
prints it with :func:`_emit`: JSON Lines or CSV records, or a table for people. ``run.exit()``
ends it with exit 1 when claims were skipped.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import click
from dateutil.relativedelta import relativedelta
from pydantic import BaseModel
from rich.console import Group, RenderableType

from claimrules.cli import console
from claimrules.cli.app import (
    _FORMAT,
    _day,
    _formats,
    _ledger_options,
    _load,
    csv_dialect,
    main,
)
from claimrules.cli.console import _fits, _line, _listing, _progress, _say
from claimrules.cli.run import _Run, _stdout
from claimrules.cli.tables import _audit_table, _cases_view, _postings_view, _risk_table
from claimrules.io.csvfiles import write_csv
from claimrules.model.claims import Claim
from claimrules.reports.aging import AgingReport, aging_report
from claimrules.reports.cases import debtor_cases
from claimrules.reports.deadlines import AtRisk, deadlines_at_risk
from claimrules.reports.dispatch import DispatchGap, audit_dispatch
from claimrules.reports.monitoring import Monitored, monitoring_report
from claimrules.reports.postings import Posting, postings
from claimrules.reports.stalled import Stalled, Watched, stalled_claims, watched
from claimrules.text import words as t
from claimrules.text.safe import json_visible
from claimrules.text.words import Words


def _emit(
    records: list[dict[str, Any]],
    fmt: str,
    table: Callable[[], RenderableType | str],
    columns: type[BaseModel] | None = None,
) -> None:
    """``records`` as JSON Lines or CSV (amounts as exact decimals, dates as YYYY-MM-DD), or
    the ``table`` for people (text already laid out is printed as it is). CSV has its header
    also when there are no records (the fields of ``columns``, the records' model)."""
    if fmt == "json":
        for record in records:
            click.echo(json_visible(json.dumps(record, default=str, ensure_ascii=False)))
    elif fmt == "csv":
        header = list(columns.model_fields) if columns is not None and not records else None
        write_csv(records, _stdout(), header, dialect=csv_dialect())
    else:
        shown = table()
        if isinstance(shown, str):
            _say(shown, nl=False)
        else:
            console._out.print(shown)


@main.command()
@_ledger_options
@_formats(
    "text",
    "json",
    "csv",
    help_text="text: the printed table; json/csv: one record per claim type × year (and totals)",
)
def aging(
    file: Path, profile_ref: str, as_of: Any, events: Path | None, lang: str, fmt: str
) -> None:
    """Outstanding principal by claim type and year of due date, with the share of each
    year's invoiced amount, and totals."""
    profile = _load(profile_ref)
    run = _Run(file, events)
    day = _day(as_of)
    pairs = _progress(run.decided(profile, day), "deciding", run)
    report = aging_report(pairs, currency=profile.currency, as_of=day)
    _print_aging(report, fmt, lang)
    run.exit()


def _print_aging(report: AgingReport, fmt: str, lang: str = "en") -> None:
    _emit(report.records(), fmt, lambda: report.text(_fits(), lang))


_WITHIN = re.compile(r"^(\d+)([dwmy]?)$")


def _within_window(_ctx: click.Context, _param: click.Parameter, text: str) -> relativedelta:
    """``90d``, ``12w``, ``3m`` or ``1y`` as a window: days and weeks as days, months and
    years as calendar months and years (from 30 November, ``3m`` reaches 28 February)."""
    match = _WITHIN.match(text.strip().lower())
    if match is None:
        raise click.BadParameter(
            f"{text!r}: use days, weeks, calendar months or years, like 90d, 12w, 3m or 1y"
        )
    count, unit = int(match.group(1)), match.group(2)
    if unit == "m":
        return relativedelta(months=count)
    if unit == "y":
        return relativedelta(years=count)
    return relativedelta(days=count * (7 if unit == "w" else 1))


def _window_words(window: relativedelta, w: Words) -> str:
    """The window as people say it: ``90 days``, ``3 months``, ``1 year``."""
    for amount, one, many in (
        (window.years, t.WINDOW_YEAR, t.WINDOW_YEARS),
        (window.months, t.WINDOW_MONTH, t.WINDOW_MONTHS),
        (window.days, t.WINDOW_DAY, t.WINDOW_DAYS),
    ):
        if amount:
            return w(one if amount == 1 else many, count=amount)
    return w(t.WINDOW_DAYS, count=0)


@main.command()
@_ledger_options
@click.option(
    "--within",
    default="90d",
    show_default=True,
    callback=_within_window,
    help="Window from the as-of day: 90d (days), 12w (weeks), 3m (calendar months), 1y (years)",
)
@_FORMAT
def deadlines(
    file: Path,
    profile_ref: str,
    as_of: Any,
    events: Path | None,
    lang: str,
    within: relativedelta,
    fmt: str,
) -> None:
    """Claims whose limitation or lien lapses within the window, soonest first, with the step
    that would preserve each."""
    profile = _load(profile_ref)
    run = _Run(file, events)
    decisions = (d for _, d in _progress(run.decided(profile, _day(as_of)), "deciding", run))
    risks = deadlines_at_risk(decisions, within=within)
    if fmt == "json":
        for risk in risks:
            click.echo(json_visible(risk.model_dump_json()))
    else:
        w = Words(lang)
        title = w(t.DEADLINES_TITLE, window=_window_words(within, w))
        records = [risk.model_dump() for risk in risks]
        _emit(records, fmt, lambda: _risk_table(risks, title, w=w), AtRisk)
    run.exit()


@main.command()
@_ledger_options
@_FORMAT
def monitoring(
    file: Path, profile_ref: str, as_of: Any, events: Path | None, lang: str, fmt: str
) -> None:
    """Written-off claims in long-term monitoring: what each still owes, until when it is
    worth monitoring (its limitation date), its lien, and money received after the write-off
    (income to book); soonest end first."""
    profile = _load(profile_ref)
    run = _Run(file, events)
    claims = _progress(run.fitting(profile), "deciding", run)
    found = monitoring_report(claims, profile, _day(as_of))

    def table() -> RenderableType:
        w = Words(lang)
        owed = sum((item.total for item in found), Decimal(0))
        back = sum((item.recovered for item in found), Decimal(0))
        columns = (t.COL_CLAIM, t.COL_UNTIL, t.COL_TYPE, t.COL_WRITTEN_OFF, t.COL_OWED)
        return _listing(
            w(t.MONITORING_TITLE),
            tuple(w(name) for name in (*columns, t.COL_RECOVERED, t.COL_ACTION)),
            [
                (
                    item.claim_id,
                    w.date(item.monitor_until) if item.monitor_until else w(t.SUSPENDED),
                    item.claim_type,
                    w.date(item.written_off_on),
                    w.money(item.total),
                    w.money(item.recovered),
                    w.action(item.action),
                )
                for item in found
            ],
            w(
                t.MONITORING_SUMMARY,
                claims=w.number(len(found)),
                owed=w.money(owed),
                recovered=w.money(back),
            ),
            numbers=(w(t.COL_OWED), w(t.COL_RECOVERED)),
        )

    _emit([item.model_dump() for item in found], fmt, table, Monitored)
    run.exit()


@main.command("no-movement")
@_ledger_options
@_FORMAT
def no_movement_command(
    file: Path, profile_ref: str, as_of: Any, events: Path | None, lang: str, fmt: str
) -> None:
    """Unpaid claims with no payment and no step for longer than their claim type's threshold
    (the profile's warnings.no_movement), the longest still first."""
    profile = _load(profile_ref)
    run = _Run(file, events)
    watching = watched(profile)
    kinds = {item.claim_type for item in watching}
    checked = 0

    def counted(claims: Iterable[Claim]) -> Iterator[Claim]:
        nonlocal checked
        for claim in claims:
            checked += claim.claim_type in kinds
            yield claim

    claims = _progress(run.fitting(profile), "deciding", run)
    found = stalled_claims(counted(claims), profile, _day(as_of))

    def table() -> RenderableType:
        w = Words(lang)
        note = _watched_note(watching, profile.id, w)
        title = w(t.NO_MOVEMENT_TITLE)
        if not found:
            seen = (
                w(t.NONE_OF_WATCHED, checked=w.number(checked))
                if checked
                else w(t.NO_WATCHED_CLAIM)
            )
            return Group(_line(title, style="bold"), seen, note)
        owed = sum((item.total for item in found), Decimal(0))
        summary = w(
            t.STALLED_SUMMARY,
            found=w.number(len(found)),
            checked=w.number(checked),
            owed=w.money(owed),
        )
        columns = (t.COL_CLAIM, t.COL_LAST_MOVEMENT, t.COL_TYPE, t.COL_DEBTOR, t.COL_THRESHOLD)
        return Group(
            _listing(
                title,
                tuple(w(name) for name in (*columns, t.COL_OWED, t.COL_NEXT_ACTION)),
                [
                    (
                        item.claim_id,
                        w.date(item.last_movement_on),
                        item.claim_type,
                        item.debtor_id,
                        w(t.MONTHS, months=item.months),
                        w.money(item.total),
                        w.action(item.action),
                    )
                    for item in found
                ],
                summary,
                numbers=(w(t.COL_THRESHOLD), w(t.COL_OWED)),
            ),
            note,
        )

    _emit([item.model_dump() for item in found], fmt, table, Stalled)
    run.exit()


def _watched_note(watching: list[Watched], profile_id: str, w: Words) -> str:
    """Which claim types the report watches, from how many months (the profile's
    ``warnings.no_movement``), so that an empty list is not read as "nothing stalled"."""
    if not watching:
        return w(t.WATCHES_NOTHING, profile=profile_id)
    each = "; ".join(
        w(t.WATCHED_AFTER, title=w.engine(item.title), months=item.months) for item in watching
    )
    return w(t.WATCHED, profile=profile_id, types=each)


@main.command()
@_ledger_options
@_FORMAT
@click.option("--all", "everyone", is_flag=True, help="Also debtors who owe nothing")
def cases(
    file: Path,
    profile_ref: str,
    as_of: Any,
    events: Path | None,
    lang: str,
    fmt: str,
    everyone: bool,
) -> None:
    """Every debtor's claims with their decisions: totals by part, the earliest deadline and
    the steps due now (json: one case per line with its claims; csv: one row per debtor)."""
    profile = _load(profile_ref)
    run = _Run(file, events)
    claims = _progress(run.fitting(profile), "deciding", run)
    found = debtor_cases(claims, profile, _day(as_of), owing_only=not everyone)
    if fmt == "json":
        for case in found:
            click.echo(json_visible(case.model_dump_json()))
    else:
        _emit([case.record() for case in found], fmt, lambda: _cases_view(found, Words(lang)))
    run.exit()


@main.command("postings")
@_ledger_options
@click.option(
    "--since",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="Only the change after this day (YYYY-MM-DD), through the as-of day: give the "
    "previous run's as-of day and book the lines; default: from each claim's start",
)
@_FORMAT
def postings_command(
    file: Path,
    profile_ref: str,
    as_of: Any,
    events: Path | None,
    lang: str,
    since: Any,
    fmt: str,
) -> None:
    """Journal lines the decisions imply, per claim type and part: interest and fees as
    charged, write-offs (booked and proposed), money received after a write-off (income up to
    what the claim owed, the rest owed back) and overpayments owed back, with the accounts of
    the profile's local.accounts. After a write-off, interest and fees are income only when
    paid. The totals reconcile with `claimrules aging`."""
    profile = _load(profile_ref)
    day = _day(as_of)
    start = since.date() if since is not None else None
    if start is not None and start > day:
        raise click.BadParameter(f"{start} is after the as-of day {day}", param_hint="--since")
    run = _Run(file, events)
    report = postings(_progress(run.fitting(profile), "deciding", run), profile, day, since=start)
    _emit(
        [line.model_dump() for line in report.lines],
        fmt,
        lambda: _postings_view(report, Words(lang)),
        Posting,
    )
    run.exit()


@main.command("audit-dispatch")
@_ledger_options
@_formats(
    "text",
    "json",
    "csv",
    help_text="text: the groups and the claims collected without notice; json: the whole "
    "audit as one JSON document; csv: one row per claim without proof of dispatch",
)
def audit_dispatch_command(
    file: Path, profile_ref: str, as_of: Any, events: Path | None, lang: str, fmt: str
) -> None:
    """Invoices with no proof they left, grouped by issue month, claim type and channel, with
    any offset, referral or legal step already taken on them."""
    profile = _load(profile_ref)
    run = _Run(file, events)
    claims = _progress(run.fitting(profile), "reading", run)
    audit = audit_dispatch(claims, profile, _day(as_of))
    if fmt == "json":
        click.echo(json_visible(audit.model_dump_json(indent=2)))
    elif fmt == "csv":
        rows = [
            {
                **gap.model_dump(),
                "collected_without_notice": "; ".join(gap.collected_without_notice),
            }
            for gap in audit.gaps
        ]
        columns = None if rows else list(DispatchGap.model_fields)
        write_csv(rows, _stdout(), columns, dialect=csv_dialect())
    else:
        w = Words(lang)
        console._out.print(_audit_table(audit, profile, w))
        for gap in audit.collected_without_notice:
            steps = ", ".join(w.engine(step) for step in gap.collected_without_notice)
            console._out.print(f"  {w(t.UNWIND, claim=gap.claim_id, steps=steps)}")
    run.exit()


@main.command("cliff")
@_ledger_options
@click.option(
    "--on",
    "on",
    type=click.DateTime(["%Y-%m-%d"]),
    required=True,
    help="The future day to look at (YYYY-MM-DD), e.g. the first day of the next half-year",
)
@_formats(
    "text",
    "json",
    "csv",
    help_text="text: the cliff for people; json: the report as JSON; csv: one row per claim "
    "and missing value",
)
def cliff_command(
    file: Path,
    profile_ref: str,
    as_of: Any,
    events: Path | None,
    lang: str,
    on: Any,
    fmt: str,
) -> None:
    """The law's next cliff: the claims whose next step or amount the profile cannot give on
    the day --on (a rate not yet published, a fee base not yet known, a new act without a
    start date), grouped by the missing value, with what to add to the profile. Decided as of
    --as-of (today) too, to say which are new."""
    from claimrules.tools.cliff import Cliff, cliff

    profile = _load(profile_ref)
    run = _Run(file, events)
    day, future = _day(as_of), on.date()
    if future <= day:
        raise click.BadParameter(
            f"{future} is not after the as-of day {day}: the cliff is a day ahead",
            param_hint="'--on'",
        )
    pairs = _progress(run.records(profile, day, trace="none", engine=True), "deciding twice", run)
    report: Cliff = cliff((), profile, on=future, as_of=day, decided=pairs)
    if fmt == "json":
        _say(json_visible(report.model_dump_json(indent=2)))
    elif fmt == "csv":
        write_csv(report.records(), _stdout(), _CLIFF_COLUMNS, dialect=csv_dialect())
    else:
        _say(report.text(lang))
    run.exit()


_CLIFF_COLUMNS = [
    "claim_id",
    "claim_type",
    "debtor_id",
    "missing",
    "effect",
    "new",
    "action_now",
    "action_on",
    "total_on",
]
"""The cliff's CSV columns (also when no claim is over it)."""
