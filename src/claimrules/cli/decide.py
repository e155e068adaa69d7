"""Commands that decide claims: ``decide`` (one process, or many with ``-j``), ``explain`` and
``case-file`` for one claim, and ``demo`` on the bundled example ledgers."""

from __future__ import annotations

import gc
import json
import re
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from datetime import date
from pathlib import Path
from typing import Any, Protocol, TypeVar

import click

from claimrules.cli import console
from claimrules.cli.app import (
    _AS_OF,
    _EVENTS,
    _FILE,
    _LANG,
    _PROFILE,
    UsageError,
    _day,
    _formats,
    _ledger_options,
    _load,
    main,
)
from claimrules.cli.console import _fits, _progress, _say
from claimrules.cli.run import _byte_stdout, _Output, _output_format, _require, _Run
from claimrules.cli.tables import _action_table, _audit_table, _risk_table
from claimrules.engine.batch import decide_json_lines
from claimrules.engine.core import TRACE_MODES, TraceMode, decide
from claimrules.errors import ClaimError, WorkerError
from claimrules.io import registry
from claimrules.io.fileformat import FileFormat
from claimrules.law.profile import Profile
from claimrules.law.registry import builtin_root
from claimrules.model.casefile import Parties
from claimrules.model.claims import Claim
from claimrules.reports.aging import aging_report
from claimrules.reports.casefile import case_file, parties_of
from claimrules.reports.deadlines import deadlines_at_risk
from claimrules.reports.dispatch import audit_dispatch
from claimrules.reports.notices import notice_content
from claimrules.text import words as t
from claimrules.text.safe import json_visible
from claimrules.text.words import Words

T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., Any])


EXAMPLES: dict[str, tuple[str, date, str]] = {
    "no": ("no", date(2025, 12, 31), "Norwegian municipality, synthetic year 2025"),
    "dk": ("dk", date(2025, 10, 31), "Danish municipal, rent and business claims"),
    "gl": (
        "gl/kujalleq",
        date(2022, 3, 16),
        "Kommune Kujalleq, invoices never mailed (Jan-Mar 2022)",
    ),
}
"""Bundled example ledgers: directory → (profile, fixed as-of day, title). Fixed days keep the
demo's output reproducible."""


DEMO_WITHIN_DAYS = 90
"""The demo lists limitation and lien lapses within this many days."""


def _examples_root() -> Path:
    return builtin_root().parent / "examples"


@main.command()
@click.argument("examples", nargs=-1, type=click.Choice(sorted(EXAMPLES)))
@click.option(
    "--as-of",
    "as_of",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="Decide as of this day instead of each example's fixed day",
)
@_LANG
def demo(examples: tuple[str, ...], as_of: Any, lang: str) -> None:
    """Decide the bundled example ledgers (all, or those named): actions, deadlines at risk,
    aging table and dispatch audit."""
    w = Words(lang)
    failures = 0
    for name in examples or tuple(EXAMPLES):
        profile_ref, fixed_day, _ = EXAMPLES[name]
        day = as_of.date() if as_of is not None else fixed_day
        failures += _demo_one(name, w(t.DEMO_TITLES[name]), _load(profile_ref), day, w)
    if failures:
        console._out.print(w(t.DEMO_SKIPPED, count=failures))


def _demo_one(name: str, title: str, profile: Profile, day: date, w: Words) -> int:
    path = _examples_root() / name / "ledger.jsonl"
    run = _Run(path)
    pairs = list(run.decided(profile, day))
    decisions = [decision for _, decision in pairs]
    console._out.rule(f"{title}: examples/{name}/ledger.jsonl")
    console._out.print(
        w(
            t.DEMO_DECIDED,
            count=len(decisions),
            date=w.date(day),
            profile=profile.id,
            hash=profile.content_hash[:12],
            failures=run.failures,
        )
    )
    console._out.print(_action_table(decisions, w))
    risks = deadlines_at_risk(decisions, DEMO_WITHIN_DAYS)
    title_risks = w(t.DEMO_DEADLINES_TITLE, days=DEMO_WITHIN_DAYS)
    console._out.print(_risk_table(risks, title_risks, 15, w=w))
    report = aging_report(pairs, currency=profile.currency, as_of=day)
    _say(report.text(_fits(), w.lang), nl=False)
    audit = audit_dispatch((c for c, _ in pairs), profile, day)
    console._out.print(_audit_table(audit, profile, w))
    console._out.print()
    return run.failures


@main.command("decide")
@_ledger_options
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help=f"Write decisions here: {registry.decision_suffixes()}; "
    f"default {registry.DEFAULT.title} on stdout",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Worker processes (JSON Lines in and out): for large files on many cores",
)
@click.option(
    "--trace",
    type=click.Choice(list(TRACE_MODES)),
    default="full",
    show_default=True,
    help="full: every rule with its outcome and citation; rules: the rules and citations "
    "only; none: no trace (bulk runs: `explain` rebuilds it for one claim)",
)
def decide_command(
    file: Path,
    profile_ref: str,
    as_of: Any,
    events: Path | None,
    lang: str,
    output: Path | None,
    jobs: int,
    trace: TraceMode,
) -> None:
    """Decide every claim in FILE and write one decision per claim, in input order."""
    chosen = registry.DEFAULT if output is None else _output_format(output)
    _require(chosen)
    profile = _load(profile_ref)
    run = _Run(file, events)
    day = _day(as_of)
    tally = _Tally()
    started = time.perf_counter()
    with _Output(output, (file, events, run.events_file)) as out:
        gc.freeze()  # the profile lives for the whole run: keep it out of every collection
        if jobs > 1:
            _decide_parallel(run, profile, profile_ref, day, jobs, chosen, out.target, tally, trace)
        else:
            records = tally.counting(
                r
                for _, r in _progress(
                    run.records(profile, day, trace, engine=True), "deciding", run
                )
            )
            target = out.target
            chosen.write_records(records, target if target is not None else _byte_stdout())
    _summary(tally, run, profile, day, time.perf_counter() - started, output, Words(lang))
    run.exit()


class _Tally:
    """What a run decided: the actions, and the law it could not apply (``unknown_law``
    warnings by the profile value they miss), for the summary line."""

    def __init__(self) -> None:
        self.actions: Counter[str] = Counter()
        self.unknown: Counter[str] = Counter()
        self.unknown_decisions = 0

    def counting(self, records: Iterator[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        """Pass ``records`` through, counting each."""
        for record in records:
            self.add(record)
            yield record

    def add(self, record: dict[str, Any]) -> None:
        """Count one decision record."""
        self.actions[record["action"]] += 1
        missing = [
            _missing_value(warning)
            for warning in record.get("warnings", ())
            if warning.get("code") == "unknown_law"
        ]
        if missing:
            self.unknown_decisions += 1
            self.unknown.update({name for names in missing for name in names})

    def add_json(self, line: bytes) -> None:
        """Count one decision written as JSON (a worker's)."""
        if b'"unknown_law"' in line:
            self.add(json.loads(line))
            return
        found = _ACTION.search(line)
        self.actions[found.group(1).decode() if found else "?"] += 1


def _missing_value(warning: dict[str, Any]) -> list[str]:
    """The profile values an ``unknown_law`` warning says are missing (the ``where`` of its
    structured message: ``fees.inkasso.base.values.2027-01-01 (no/fees.yaml:126)``), or its
    sentence when it names none."""
    found: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if key == "where" and isinstance(item, dict) and "text" in item:
                    found.append(str(item["text"]))
                else:
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(warning.get("msg"))
    return found or [str(warning.get("message", ""))]


def _summary(
    tally: _Tally,
    run: _Run,
    profile: Profile,
    day: date,
    seconds: float,
    output: Path | None,
    w: Words | None = None,
) -> None:
    """What a run did, on stderr (also when the output is redirected): the actions, and what
    the profile could not say (each missing value and how many decisions it held back)."""
    w = w or Words()
    actions = tally.actions
    decided = sum(actions.values())
    parts = [
        w(
            t.DECIDED,
            count=w.number(decided),
            date=w.date(day),
            profile=profile.id,
            seconds=f"{seconds:.1f}" if w.lang == "en" else f"{seconds:.1f}".replace(".", ","),
        )
    ]
    if seconds > 0 and decided:
        parts.append(w(t.DECIDED_RATE, rate=w.number(round(decided / seconds))))
    if output is not None:
        parts.append(w(t.DECIDED_TO, output=output))
    counts = ", ".join(
        f"{action if w.lang == 'en' else w.action(action)} {w.number(n)}"
        for action, n in actions.most_common()
    )
    _say(" ".join(parts) + (f": {counts}" if counts else ""), err=True)
    if tally.unknown_decisions:
        missing = "; ".join(f"{name} ({w.number(n)})" for name, n in tally.unknown.most_common())
        if tally.unknown_decisions == 1:
            text = w(t.UNKNOWN_LAW_RUN_ONE, missing=missing, profile=profile.id)
        else:
            count = w.number(tally.unknown_decisions)
            text = w(t.UNKNOWN_LAW_RUN, count=count, missing=missing, profile=profile.id)
        _say(text, err=True)


_ACTION = re.compile(rb'"action":"([a-z_]+)"')


def _decide_parallel(
    run: _Run,
    profile: Profile,
    profile_ref: str,
    as_of: date,
    jobs: int,
    chosen: FileFormat,
    output: Path | None,
    tally: _Tally,
    trace: TraceMode = "full",
) -> None:
    """Decide on ``jobs`` worker processes: the claims file's lines go to the workers as they
    are, and their decisions' JSON is written as it comes back, in input order."""
    lines = run.format.lines
    if lines is None or chosen.lines is None:
        both = registry.titles(f for f in registry.FORMATS if f.lines is not None)
        raise UsageError(f"--jobs needs {both} in and out")

    with ExitStack() as stack:
        sink = stack.enter_context(output.open("wb")) if output is not None else _byte_stdout()
        run.profile = profile
        results = _worker_errors(
            decide_json_lines(lines(run.path), profile_ref, as_of, jobs=jobs, trace=trace)
        )
        for line, result in _progress(results, "deciding"):
            if isinstance(result, ClaimError):
                run.report(result, line)
            else:
                run.decided_one()
                tally.add_json(result)
                sink.write(result + b"\n")
        sink.flush()
        run.finish()


def _worker_errors(results: Iterator[T]) -> Iterator[T]:
    """A parallel run's results; a worker that died or failed ends the run with one line, exit
    2 (the output, written to a temporary file, is removed)."""
    try:
        yield from results
    except WorkerError as error:
        raise UsageError(str(error)) from None


def _one_claim_options(command: F) -> F:
    """FILE, --claim, --profile, --as-of, --events and --lang: what the commands on one claim
    of a file take (``explain``, ``case-file``)."""
    claim = click.option("--claim", "claim_id", required=True, help="The claim's id")
    return _FILE(claim(_PROFILE(_AS_OF(_EVENTS(_LANG(command))))))


@main.command()
@_one_claim_options
@_formats(
    "text",
    "json",
    help_text="text: the explanation in --lang; json: the decision itself (as decide writes it)",
)
def explain(
    file: Path,
    claim_id: str,
    profile_ref: str,
    as_of: Any,
    events: Path | None,
    lang: str,
    fmt: str,
) -> None:
    """Explain the decision for one claim in FILE, with citations."""
    profile = _load(profile_ref)
    claim = _one_claim(file, events, claim_id)
    try:
        decision = decide(claim, profile, _day(as_of))
    except ClaimError as error:
        raise UsageError(str(error)) from error
    if fmt == "json":
        _say(json_visible(decision.model_dump_json(indent=2)))
    else:
        _say(decision.explain(lang, currency=claim.currency))


def _parties(path: Path, claim: Claim) -> Parties:
    """The parties in the JSON file ``path`` for ``claim`` (exit 2, naming the file and each
    wrong field, when they are not valid)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise UsageError(f"{path}: {error.strerror or error}") from error
    except UnicodeDecodeError as error:
        raise UsageError(f"{path}: not UTF-8 text ({error.reason})") from error
    except json.JSONDecodeError as error:
        raise UsageError(
            f"{path}: not JSON: {error.msg} (line {error.lineno}, column {error.colno})"
        ) from error
    if not isinstance(data, dict):
        raise UsageError(f"{path}: the parties must be a JSON object with debtor and creditor")
    try:
        return parties_of(data, claim)
    except ClaimError as error:
        problems = "; ".join(
            f"{field.removeprefix('parties.')}: {message}" for field, message in error.problems
        )
        raise UsageError(f"{path}: {problems}") from error


def _one_claim(file: Path, events: Path | None, claim_id: str) -> Claim:
    """The valid claim with id ``claim_id`` in FILE (exit 2 when there is none)."""
    for _, claim in _Run(file, events, quiet=True).claims():
        if claim.id == claim_id:
            return claim
    raise UsageError(f"{file}: no valid claim with id {claim_id!r}")


_PARTIES = click.option(
    "--parties",
    "parties_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="JSON file with the parties' names, addresses and numbers: "
    '{"debtor": {"id", "name", "address": [lines], "national_id", "organisation_number"}, '
    '"creditor": {"name", "organisation_number", "address": [lines], "contact"}}, '
    "each optional (the creditor's also from the overlay's local.creditor)",
)
_OUTPUT = click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file"
)


class _Document(Protocol):
    """A document for one claim: JSON data and a printable page (a case file, a letter)."""

    def html(self, lang: str = "en") -> str: ...

    def model_dump_json(self, *, indent: int | None = None) -> str: ...


def _one_document(
    make: Callable[[Claim, Profile, date, Parties | None], _Document],
    file: Path,
    claim_id: str,
    profile_ref: str,
    as_of: Any,
    events: Path | None,
    options: tuple[str, str, Path | None, Path | None],
) -> None:
    """A document for one claim in FILE, made by ``make``, as JSON or HTML (``options``: the
    language, the format, the parties file and the output), to stdout or the output file; a
    claim the document does not fit is a usage error (exit 2) that says why."""
    lang, fmt, parties_file, output = options
    profile = _load(profile_ref)
    claim = _one_claim(file, events, claim_id)
    parties = None if parties_file is None else _parties(parties_file, claim)
    try:
        made = make(claim, profile, _day(as_of), parties)
    except ClaimError as error:
        raise UsageError(str(error)) from error
    text = made.html(lang) if fmt == "html" else json_visible(made.model_dump_json(indent=2)) + "\n"
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as error:
        raise UsageError(f"{output}: {error.strerror or error}") from error


@main.command("case-file")
@_one_claim_options
@_formats("json", "html", help_text="json: the case data; html: a printable page")
@_PARTIES
@_OUTPUT
def case_file_command(
    file: Path,
    claim_id: str,
    profile_ref: str,
    as_of: Any,
    events: Path | None,
    lang: str,
    fmt: str,
    parties_file: Path | None,
    output: Path | None,
) -> None:
    """The data a conciliation complaint, writ, distraint petition or transfer needs for one
    claim in FILE whose next step is one of them: parties, claim and legal basis, interest by
    period and rate, payments, fees with their basis, notices with delivery evidence,
    deadlines, enforcement basis. What the document needs of the parties and nobody gave is
    listed under "missing" (to be filled in by the creditor)."""
    options = (lang, fmt, parties_file, output)
    _one_document(case_file, file, claim_id, profile_ref, as_of, events, options)


@main.command("notice")
@_one_claim_options
@_formats("json", "html", help_text="json: the letter's content as data; html: a printable letter")
@_PARTIES
@_OUTPUT
def notice_command(
    file: Path,
    claim_id: str,
    profile_ref: str,
    as_of: Any,
    events: Path | None,
    lang: str,
    fmt: str,
    parties_file: Path | None,
    output: Path | None,
) -> None:
    """What the letter of the notice due for one claim in FILE must say, sent on --as-of (a
    reminder, a collection notice, a payment demand, a notice before enforcement): the
    heading, the amounts part by part with this letter's fee, the interest rate and the day it
    runs from, the deadline as a date, what follows if unpaid, each requirement of the law
    with the field that meets it and its source. html: a printable letter in --lang that a
    host can brand. What the letter needs of the parties and nobody gave is listed under
    "missing"."""
    options = (lang, fmt, parties_file, output)
    _one_document(notice_content, file, claim_id, profile_ref, as_of, events, options)
