"""The ``claimrules`` command.

Exit codes a script can rely on:

* 0: success;
* 1: some claims were invalid: each is reported on stderr as
  ``FILE:LINE: skipped: claim 'ID' (line LINE): field: message``, and the rest were decided;
* 2: bad usage, an unreadable file, an invalid profile, or output that cannot be written (a
  read-only directory, a full disk, a closed standard output): one line on stderr;
* 130: interrupted (Ctrl-C).

An output file (``-o``) is written to a temporary file beside it and moved into place only when
the run completes: an interrupted or failed run leaves no file that looks finished, and never a
half-overwritten one. An output that is one of the inputs is refused.

Claims files are JSON Lines (``.jsonl``), CSV (``NAME.csv`` with events in
``NAME.events.csv``) or Parquet (``.parquet``, needs the ``parquet`` extra).
"""

from __future__ import annotations

import errno
import gc
import json
import os
import re
import sys
import tempfile
import time
import warnings
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.cells import cell_len
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.progress import (
    BarColumn,
    FileSizeColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TotalFileSizeColumn,
)
from rich.table import Table
from rich.text import Text

from claimrules.engine.core import TRACE_MODES, TraceMode, check_fits, decide
from claimrules.errors import ClaimError, FormatError, ProfileError, WorkerError
from claimrules.io import registry
from claimrules.io.csvfiles import write_csv
from claimrules.io.fileformat import FileFormat
from claimrules.law.profile import Profile
from claimrules.law.registry import builtin_root, load_profile
from claimrules.law.registry import profile_ref as profile_ref_of
from claimrules.model.claims import Claim
from claimrules.model.decision import Decision
from claimrules.reports.aging import AgingReport, aging_report
from claimrules.reports.casefile import case_file
from claimrules.reports.cases import DebtorCase, debtor_cases
from claimrules.reports.monitoring import monitoring_report
from claimrules.reports.portfolio import (
    AtRisk,
    DispatchAudit,
    audit_dispatch,
    deadlines_at_risk,
    decide_json_lines,
    record_one,
    stalled_claims,
)
from claimrules.reports.postings import PostingReport, postings
from claimrules.text.explain import LANGUAGES
from claimrules.text.safe import json_visible, visible, visible_lines

__all__ = ["main"]

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

T = TypeVar("T")

REPORT_WIDTH = 140
"""Width of printed tables when the output is not a terminal (a file, a pipe, a CI log)."""


def _fixed_width() -> int | None:
    """The width the user asked for (``COLUMNS``), if any."""
    text = os.environ.get("COLUMNS", "")
    return int(text) if text.isdigit() and int(text) > 0 else None


class _PlainConsole(Console):
    """A console that prints every string as written: no markup (``[bold]`` in a claim id is
    text), no emoji codes, no highlighting, and control characters made visible
    (:func:`~claimrules.text.safe.visible`), so that no id or profile text can style the
    output, break a table or send an escape sequence to the terminal."""

    def __init__(self, **options: Any) -> None:
        super().__init__(markup=False, emoji=False, highlight=False, **options)

    def render_str(self, text: str, **options: Any) -> Text:
        return super().render_str(visible(text), **options)


def _line(text: str, **options: Any) -> Text:
    """One line of text for the console, shown as written (:class:`_PlainConsole`)."""
    return Text(visible(text), **options)


def _say(text: str, *, err: bool = False, nl: bool = True) -> None:
    """Print text laid out in lines (a report, a message) with its control characters made
    visible, line breaks kept."""
    click.echo(visible_lines(text), err=err, nl=nl)


def _console() -> Console:
    """The report console: the terminal's width (or ``COLUMNS``); a file or a pipe gets
    :data:`REPORT_WIDTH` and complete tables."""
    tty = sys.stdout is not None and sys.stdout.isatty()
    return _PlainConsole(width=_fixed_width() or (None if tty else REPORT_WIDTH))


def _fits() -> int | None:
    """The width tables must fit in: a terminal's, or ``COLUMNS``; ``None`` (complete tables)
    when writing to a file or a pipe."""
    return _fixed_width() or (_out.width if _out.is_terminal else None)


_out = _console()
_err = _PlainConsole(stderr=True)


class UsageError(click.ClickException):
    """Bad usage, an unreadable file, an invalid profile or an unwritable output: exit 2."""

    exit_code = 2

    def format_message(self) -> str:
        return visible_lines(self.message)


_OUTPUT_ERRNOS = {errno.EPIPE, errno.ENOSPC, errno.EBADF, errno.EIO, errno.EDQUOT, errno.EROFS}
"""Errors that mean the output could not be written (not a bad input)."""


class _Group(click.Group):
    """The command group: Ctrl-C exits 130, and a failure to write the output is one line and
    exit 2 (never a traceback)."""

    def invoke(self, ctx: click.Context) -> Any:
        global _out
        _out = _console()  # the width of this run's terminal (or COLUMNS)
        warnings.showwarning = _show_warning
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            click.echo(
                "interrupted: no output file was written (it is moved into place only when a "
                "run completes)",
                err=True,
            )
            sys.exit(130)
        except OSError as error:
            if error.errno not in _OUTPUT_ERRNOS:
                raise
            _silence_stdout()
            where = f"{error.filename}: " if error.filename else "the output: "
            raise UsageError(f"cannot write {where}{error.strerror or error}") from None


def _show_warning(
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: Any = None,
    line: str | None = None,
) -> None:
    """A warning as one line on stderr (``claimrules: warning: …``): a plug-in that cannot be
    used is reported once, without a traceback."""
    _say(f"claimrules: warning: {message}", err=True)


def _silence_stdout() -> None:
    """After stdout failed, point it at /dev/null so that the interpreter's last flush does
    not fail again."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        if sys.stdout is not None:
            os.dup2(null, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _stdout() -> Any:
    """Standard output, or a clear error when it is closed."""
    if sys.stdout is None or sys.stdout.closed:
        raise UsageError("standard output is closed: give an output file with -o")
    return sys.stdout


class _Output:
    """Where a command writes: a file, written to a temporary file beside it and moved into
    place only when the run completes, or standard output (``path`` None).

    Checked before anything is decided: the directory exists and is writable, and the output
    is none of the inputs. A device or pipe given as the output (``/dev/stdout``) is written
    directly.
    """

    def __init__(self, path: Path | None, inputs: tuple[Path | None, ...] = ()) -> None:
        self.path = path
        self.temporary: Path | None = None
        if path is None:
            return
        for source in inputs:
            if source is not None and _same_file(path, source):
                raise UsageError(
                    f"{path}: this is the input {source}; writing there would destroy it, "
                    "choose another output file"
                )
        if path.exists() and not path.is_file():
            return  # a device or a pipe: written directly
        if not path.parent.is_dir():
            raise UsageError(f"{path}: the directory {path.parent} does not exist")
        try:
            handle, name = tempfile.mkstemp(
                dir=path.parent, prefix=f".{path.name}.", suffix=".partial"
            )
        except OSError as error:
            raise UsageError(f"cannot write {path}: {error.strerror or error}") from error
        os.close(handle)
        self.temporary = Path(name)

    @property
    def target(self) -> Path | None:
        """The file to write now (the temporary one), or None for standard output."""
        return self.temporary if self.temporary is not None else self.path

    def __enter__(self) -> _Output:
        return self

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        if self.temporary is None:
            return
        if kind is None:
            mask = os.umask(0)
            os.umask(mask)
            self.temporary.chmod(0o666 & ~mask)  # as a file created in place would be
            assert self.path is not None
            self.temporary.replace(self.path)
        else:
            self.temporary.unlink(missing_ok=True)


def _same_file(one: Path, other: Path) -> bool:
    try:
        if one.exists() and other.exists():
            return one.samefile(other)
    except OSError:
        pass
    return one.resolve() == other.resolve()


def _examples_root() -> Path:
    return builtin_root().parent / "examples"


def _load(profile_ref: str) -> Profile:
    try:
        return load_profile(profile_ref_of(profile_ref))
    except ProfileError as error:
        raise UsageError(str(error)) from error


class _Run:
    """Claims read from one file, with bad ones reported on stderr (with their line) and
    counted."""

    def __init__(self, path: Path, events: Path | None = None, *, quiet: bool = False) -> None:
        self.path = path
        self.events = events
        self.failures = 0
        self.decided_count = 0
        self.quiet = quiet
        self.held: list[ClaimError] = []
        """Errors held back while no claim has been decided yet: if the first hundred claims
        all fail the same way, one line says the profile does not fit, instead of each."""
        self.profile: Profile | None = None
        self.handle: Any = None
        self.format = _format_of(path)
        _require(self.format)
        if events is not None and self.format.events_file is None:
            apart = registry.titles(f for f in registry.FORMATS if f.events_file is not None)
            raise UsageError(f"--events goes with a claims {apart} file, not {path.name}")
        self.events_file = (
            events or self.format.events_file(path) if self.format.events_file else None
        )

    def report(self, error: ClaimError, line: int | None = None) -> None:
        """Print one bad claim as ``FILE:LINE: skipped: ...`` (every problem) and count it."""
        self.failures += 1
        if line is not None and error.line is None:
            error = error.at_line(line)
        if self.decided_count == 0 and not self.quiet:
            self.held.append(error)
            if len(self.held) >= FIT_SAMPLE:
                self.check_fit()
            return
        self.print(error)

    def print(self, error: ClaimError) -> None:
        if not self.quiet:
            where = f"{self.path}:{error.line}" if error.line is not None else str(self.path)
            _say(f"{where}: skipped: {error}", err=True)

    def release(self) -> None:
        """Print the errors held back (a claim was decided, or they differ)."""
        held, self.held = self.held, []
        for error in held:
            self.print(error)

    def check_fit(self) -> None:
        """One line, exit 2, when every claim so far (at least one) failed on the same field
        of fit (claim type or currency): the profile does not fit the ledger."""
        held = self.held
        fields = {error.field for error in held}
        if held and self.decided_count == 0 and fields <= {"currency", "claim_type"}:
            first = held[0]
            suggestion = ""
            currency = next((e for e in held if e.field == "currency"), None)
            if self.profile is not None and currency is not None:
                suggestion = _profile_for(currency, self.profile)
            how_many = f"the first {len(held)}" if len(held) >= FIT_SAMPLE else f"all {len(held)}"
            raise UsageError(
                f"profile {self.profile.id if self.profile else ''} does not fit {self.path}: "
                f"{how_many} claims fail on their {' or '.join(sorted(fields))} (e.g. {first})"
                f"{suggestion}; nothing was written"
            )
        self.release()

    def claims(self) -> Iterator[tuple[int, Claim]]:
        """The valid claims with their line numbers, in file order."""
        try:
            if self.format.read_stream is not None:
                self.handle = self.path.open("rb")
                numbered = self.format.read_stream(self.handle)
            else:
                numbered = self.format.read_numbered(self.path, self.events)
            for line, item in numbered:
                if isinstance(item, ClaimError):
                    self.report(item, line)
                else:
                    yield line, item
        except FormatError as error:
            raise UsageError(str(error)) from error
        except UnicodeDecodeError as error:
            raise UsageError(f"{self.path}: not UTF-8 text ({error.reason})") from error
        except OSError as error:
            raise UsageError(f"{self.path}: {error.strerror or error}") from error

    def fitting(self, profile: Profile) -> Iterator[Claim]:
        """The valid claims that fit the profile (claim type, currency); misfits are reported."""
        self.profile = profile
        for line, claim in self.claims():
            try:
                check_fits(claim, profile)
            except ClaimError as error:
                self.report(error, line)
                continue
            self.decided_one()
            yield claim
        self.finish()

    def decided(self, profile: Profile, as_of: date) -> Iterator[tuple[Claim, Decision]]:
        """Each claim that fits the profile, with its decision (``decide`` itself checks the
        fit, so a misfit is reported here without a second check per claim)."""
        for claim, record in self.records(profile, as_of):
            yield claim, Decision.model_validate(record)

    def records(
        self, profile: Profile, as_of: date, trace: TraceMode = "full"
    ) -> Iterator[tuple[Claim, dict[str, Any]]]:
        """As :meth:`decided`, each decision as a plain record (for bulk output)."""
        self.profile = profile
        for line, claim in self.claims():
            try:
                record = record_one(claim, profile, as_of, trace=trace)
            except ClaimError as error:
                self.report(error, line)
                continue
            self.decided_one()
            yield claim, record
        self.finish()

    def decided_one(self) -> None:
        """Count a decided claim (and print any errors held back)."""
        self.decided_count += 1
        if self.held:
            self.release()

    def finish(self) -> None:
        """At the end of the file: the held-back errors either say the profile does not fit,
        or are printed."""
        if self.handle is not None:
            self.handle.close()
        if self.held:
            self.check_fit()

    @property
    def streamed(self) -> bool:
        """Whether the claims file is read front to back as a stream: :meth:`position` says
        how far a run has got."""
        return self.format.read_stream is not None

    def position(self) -> int | None:
        """Bytes of the claims file read so far (a streamed format), for the progress bar."""
        try:
            return int(self.handle.tell()) if self.handle is not None else None
        except (OSError, ValueError):
            return None

    def exit(self) -> None:
        """Exit 1 when any claim was skipped."""
        if self.failures:
            click.echo(f"{self.failures} invalid claim(s) skipped", err=True)
            sys.exit(1)


FIT_SAMPLE = 100
"""When this many claims in a row fail to fit the profile before any is decided, the CLI says
once that the profile does not fit the ledger."""


def _profile_for(error: ClaimError, profile: Profile) -> str:
    """A hint naming the built-in profile(s) of the claims' currency."""
    from claimrules.law.registry import available_profiles

    currency = error.message.split(" ", 1)[0]
    fitting = [
        pid
        for pid in available_profiles()
        if "/" not in pid and pid != profile.id and load_profile(pid).currency == currency
    ]
    return f"; the ledger is in {currency}: try --profile {' or '.join(fitting)}" if fitting else ""


def _progress(items: Iterator[T], label: str, run: _Run | None = None) -> Iterator[T]:
    """Show progress on stderr when it is a terminal (long runs): bytes of the claims file read
    out of its size (a streamed format: JSON Lines), the claims done and the time; pass items through. The bar
    stays on screen when done."""
    if not _err.is_terminal:
        yield from items
        return
    size = run.path.stat().st_size if run is not None and run.streamed else None
    columns = [TextColumn(label), BarColumn()]
    if size is not None:
        columns += [FileSizeColumn(), TextColumn("of"), TotalFileSizeColumn()]
    columns += [TextColumn("{task.fields[claims]:,} claims"), TimeElapsedColumn()]
    with Progress(*columns, console=_err, transient=False) as progress:
        task = progress.add_task(label, total=size, claims=0)
        count = 0
        for count, item in enumerate(items, start=1):
            yield item
            if count % 1000 == 0:
                done = run.position() if run is not None else None
                progress.update(task, completed=done if done is not None else count, claims=count)
        progress.update(task, completed=size if size is not None else count, claims=count)


_AS_OF = click.option(
    "--as-of",
    "as_of",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="Decide as of this day (YYYY-MM-DD); default today",
)
_PROFILE = click.option(
    "--profile",
    "profile_ref",
    required=True,
    help="Profile id (no, no/orkdal, dk, gl, gl/kujalleq) or a profile directory",
)
_EVENTS = click.option(
    "--events",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="Events CSV for a claims CSV (default NAME.events.csv beside it)",
)
_FILE = click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))


F = TypeVar("F", bound=Callable[..., Any])


def _ledger_options(command: F) -> F:
    """FILE, --profile, --as-of and --events: what every command on a claims file takes."""
    return _FILE(_PROFILE(_AS_OF(_EVENTS(command))))


def _day(as_of: Any) -> date:
    return as_of.date() if as_of is not None else date.today()


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="claimrules")
def main() -> None:
    """Decide the next lawful action for unpaid municipal claims.

    Exit codes: 0 success; 1 some claims invalid (reported on stderr, the rest decided);
    2 bad usage, unreadable file or invalid profile.
    """


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
    """Decide the bundled example ledgers (all, or those named): actions, deadlines at risk,
    aging table and dispatch audit."""
    failures = 0
    for name in examples or tuple(EXAMPLES):
        profile_ref, fixed_day, title = EXAMPLES[name]
        day = as_of.date() if as_of is not None else fixed_day
        failures += _demo_one(name, title, _load(profile_ref), day)
    if failures:
        _out.print(f"{failures} invalid claim(s) skipped (listed on stderr)")


def _demo_one(name: str, title: str, profile: Profile, day: date) -> int:
    path = _examples_root() / name / "ledger.jsonl"
    run = _Run(path)
    pairs = list(run.decided(profile, day))
    decisions = [decision for _, decision in pairs]
    _out.rule(f"{title}: examples/{name}/ledger.jsonl")
    _out.print(
        f"{len(decisions)} claims decided as of {day} with profile {profile.id} "
        f"({profile.content_hash[:12]}); {run.failures} invalid claim(s) skipped"
    )
    _out.print(_action_table(decisions))
    risks = deadlines_at_risk(decisions, DEMO_WITHIN_DAYS)
    _out.print(_risk_table(risks, f"Deadlines at risk (within {DEMO_WITHIN_DAYS} days)", 15))
    report = aging_report(pairs, currency=profile.currency, as_of=day)
    _say(report.text(_fits()), nl=False)
    _out.print(_audit_table(audit_dispatch((c for c, _ in pairs), profile, day), profile))
    _out.print()
    return run.failures


def _action_table(decisions: list[Decision]) -> Table:
    table = Table(title="Next actions", title_justify="left")
    for column in ("action", "claims", "ready now", "principal"):
        table.add_column(column, justify="left" if column == "action" else "right")
    counts = Counter(d.action for d in decisions)
    for action, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        chosen = [d for d in decisions if d.action == action]
        table.add_row(
            action,
            str(count),
            str(sum(1 for d in chosen if d.ready)),
            f"{sum(d.balance.principal for d in chosen):,.2f}",
        )
    codes = Counter(w.code for d in decisions for w in d.warnings)
    if codes:
        table.caption = "warnings: " + ", ".join(f"{c} {n}" for c, n in sorted(codes.items()))
    return table


NARROW = 110
"""Below this many columns the deadlines are listed as two-line entries, not a table."""


def _risk_table(
    risks: list[AtRisk], title: str, limit: int | None = None, width: int | None = None
) -> RenderableType:
    """Deadlines soonest first, each with the step that preserves it and the amount at stake.

    Ids, dates and amounts are never cut. From :data:`NARROW` columns on (and in a file), a
    table with the next action too; in a narrower terminal each deadline is one line of its
    date, days left, claim, what lapses and amount, and an indented line of the step that
    preserves it, wrapped at word boundaries."""
    shown = risks[:limit]
    more = (
        f"{len(risks) - limit} more: claimrules deadlines FILE --within 90d"
        if limit is not None and len(risks) > limit
        else None
    )
    shown_width = width or _out.width
    if shown_width < NARROW:
        lines: list[RenderableType] = [_line(title, style="bold")]
        for risk in shown:
            units = [f"{risk.on}  {risk.days_left:>4} days", risk.claim_id]
            units += [_deadline_words(risk.deadline), f"at stake {risk.at_stake:,.2f}"]
            lines += _packed(units, shown_width)
            lines.append(Padding(_line(f"preserve by: {risk.preserve}"), (0, 0, 0, 4)))
        if more or not risks:
            lines.append(_line(more or "none", style="italic"))
        return Group(*lines)
    table = Table(title=title, title_justify="left")
    table.add_column("on", no_wrap=True)
    table.add_column("days", justify="right", no_wrap=True)
    table.add_column("claim", no_wrap=True)
    table.add_column("what lapses", ratio=1)
    table.add_column("at stake", justify="right", no_wrap=True)
    table.add_column("preserve by", ratio=3)
    table.add_column("next action", ratio=1)
    for risk in shown:
        table.add_row(
            str(risk.on),
            str(risk.days_left),
            risk.claim_id,
            _deadline_words(risk.deadline),
            f"{risk.at_stake:,.2f}",
            risk.preserve,
            f"{risk.action.replace('_', ' ')} ({risk.action_on})",
        )
    table.caption = more or ("none" if not risks else None)
    return table


def _listing(
    title: str | None,
    headers: tuple[str, ...],
    rows: list[tuple[str, ...]],
    caption: str | None,
    *,
    numbers: tuple[str, ...] = (),
    width: int | None = None,
    **table_style: Any,
) -> RenderableType:
    """Rows for people, never cutting a value: from :data:`NARROW` columns on (and in a file)
    a table whose columns do not wrap; in a narrower terminal each row is one entry, its first
    value (the claim) at the start of a line and the others after it as ``header value``,
    continued on indented lines (:func:`_packed`)."""
    shown_width = width or _out.width
    if shown_width < NARROW:
        lines: list[RenderableType] = [_line(title, style="bold")] if title else []
        for row in rows:
            units = [
                row[0],
                *(f"{name} {value}" for name, value in zip(headers[1:], row[1:], strict=True)),
            ]
            lines += _packed(units, shown_width)
        if caption:
            lines.append(_line(caption, style="italic"))
        return Group(*lines)
    table = Table(title=title, title_justify="left", **table_style)
    for name in headers:
        table.add_column(name, justify="right" if name in numbers else "left", no_wrap=True)
    for row in rows:
        table.add_row(*row)
    if caption:
        table.caption = caption
        table.caption_justify = "left"
    return table


def _packed(units: list[str], width: int, indent: str = "    ") -> list[RenderableType]:
    """``units`` on as few lines of ``width`` as fit, two spaces apart, never breaking inside
    one (an id stays whole, with its own spaces); later lines indented. Only a unit wider than
    the whole line is folded."""
    lines: list[RenderableType] = []
    current = visible(units[0])
    for unit in map(visible, units[1:]):
        if cell_len(current) + 2 + cell_len(unit) <= width:
            current += "  " + unit
        else:
            lines.append(Text(current, overflow="fold"))
            current = indent + unit
    lines.append(Text(current, overflow="fold"))
    return lines


def _deadline_words(name: str) -> str:
    """``limitation expires`` → ``limitation``; ``legal_lien lapses`` → ``legal lien``."""
    return name.removesuffix(" expires").removesuffix(" lapses").replace("_", " ")


def _audit_table(audit: DispatchAudit, profile: Profile) -> Table:
    table = Table(
        title=f"Dispatch audit: {len(audit.gaps)} of {audit.checked} invoices have no proof "
        "they left",
        title_justify="left",
    )
    for column in ("issued", "claim type", "channel", "claims", "principal", "collected"):
        table.add_column(column, justify="right" if column in ("claims", "principal") else "left")
    for group in audit.groups:
        table.add_row(
            group.issue_month,
            group.claim_type,
            group.channel,
            str(group.claims),
            f"{group.principal:,.2f} {profile.currency}",
            f"{group.collected_without_notice} without notice"
            if group.collected_without_notice
            else "",
        )
    if not audit.groups:
        table.caption = "none: every invoice old enough to check has its proof"
    return table


@main.command("decide")
@_ledger_options
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write decisions here: .jsonl (everything, replayable), .csv or .parquet (flat rows); "
    "default JSON Lines on stdout",
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
    actions: Counter[str] = Counter()
    started = time.perf_counter()
    with _Output(output, (file, events, run.events_file)) as out:
        gc.freeze()  # the profile lives for the whole run: keep it out of every collection
        if jobs > 1:
            _decide_parallel(
                run, profile, profile_ref, day, jobs, chosen, out.target, actions, trace
            )
        else:
            records = _counting(
                (r for _, r in _progress(run.records(profile, day, trace), "deciding", run)),
                actions,
            )
            target = out.target
            chosen.write_records(records, target if target is not None else _byte_stdout())
    _summary(actions, run, profile, day, time.perf_counter() - started, output)
    run.exit()


def _counting(records: Iterator[dict[str, Any]], actions: Counter[str]) -> Iterator[dict[str, Any]]:
    for record in records:
        actions[record["action"]] += 1
        yield record


def _byte_stdout() -> Any:
    """Standard output for bytes: its buffer, or a text-only stream (a test runner's) wrapped."""
    text = _stdout()
    text.flush()
    return getattr(text, "buffer", None) or _TextSink(text)


def _summary(
    actions: Counter[str],
    run: _Run,
    profile: Profile,
    day: date,
    seconds: float,
    output: Path | None,
) -> None:
    """What a run did, on stderr (also when the output is redirected)."""
    decided = sum(actions.values())
    rate = f" ({decided / seconds:,.0f} claims/s)" if seconds > 0 and decided else ""
    where = f" to {output}" if output is not None else ""
    counts = ", ".join(f"{action} {n:,}" for action, n in actions.most_common())
    _say(
        f"decided {decided:,} claims as of {day} with profile {profile.id} in {seconds:.1f} s"
        f"{rate}{where}" + (f": {counts}" if counts else ""),
        err=True,
    )


def _require(chosen: FileFormat) -> None:
    """A format that needs an extra (Parquet) says so in one line (exit 2) before anything
    runs."""
    try:
        chosen.require()
    except FormatError as error:
        raise UsageError(str(error)) from None


def _decide_parallel(
    run: _Run,
    profile: Profile,
    profile_ref: str,
    as_of: date,
    jobs: int,
    chosen: FileFormat,
    output: Path | None,
    actions: Counter[str],
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
                found = _ACTION.search(result)
                actions[found.group(1).decode() if found else "?"] += 1
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


class _TextSink:
    """Bytes written to a text-only stream (a test runner's standard output)."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream

    def write(self, data: bytes) -> None:
        self.stream.write(data.decode())

    def flush(self) -> None:
        self.stream.flush()


def _format_of(path: Path) -> FileFormat:
    """The format of a file, from its name (exit 2 for a name no format has)."""
    try:
        return registry.format_of(path)
    except FormatError as error:
        raise UsageError(str(error)) from error


def _output_format(path: Path) -> FileFormat:
    """The format to write ``path`` in: from its name; a device or a pipe without a suffix
    (``/dev/stdout``) gets the format of standard output."""
    if path.exists() and not path.is_file() and not path.suffix:
        return registry.DEFAULT
    return _format_of(path)


@main.command()
@_FILE
@click.option("--claim", "claim_id", required=True, help="The claim's id")
@_PROFILE
@_AS_OF
@_EVENTS
@click.option("--lang", type=click.Choice(list(LANGUAGES)), default="en", show_default=True)
def explain(
    file: Path, claim_id: str, profile_ref: str, as_of: Any, events: Path | None, lang: str
) -> None:
    """Explain the decision for one claim in FILE, with citations."""
    profile = _load(profile_ref)
    claim = _one_claim(file, events, claim_id)
    try:
        decision = decide(claim, profile, _day(as_of))
    except ClaimError as error:
        raise UsageError(str(error)) from error
    _say(decision.explain(lang, currency=claim.currency))


def _one_claim(file: Path, events: Path | None, claim_id: str) -> Claim:
    """The valid claim with id ``claim_id`` in FILE (exit 2 when there is none)."""
    for _, claim in _Run(file, events, quiet=True).claims():
        if claim.id == claim_id:
            return claim
    raise UsageError(f"{file}: no valid claim with id {claim_id!r}")


@main.command("case-file")
@_FILE
@click.option("--claim", "claim_id", required=True, help="The claim's id")
@_PROFILE
@_AS_OF
@_EVENTS
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "html"]),
    default="json",
    show_default=True,
    help="json: the case data; html: a printable page",
)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file"
)
def case_file_command(
    file: Path,
    claim_id: str,
    profile_ref: str,
    as_of: Any,
    events: Path | None,
    fmt: str,
    output: Path | None,
) -> None:
    """The data a conciliation complaint, writ, distraint petition or transfer needs for one
    claim in FILE whose next step is one of them: parties, claim and legal basis, interest by
    period and rate, fees, notices with delivery evidence, deadlines, enforcement basis."""
    profile = _load(profile_ref)
    claim = _one_claim(file, events, claim_id)
    try:
        made = case_file(claim, profile, _day(as_of))
    except ClaimError as error:
        raise UsageError(str(error)) from error
    text = made.html() if fmt == "html" else json_visible(made.model_dump_json(indent=2)) + "\n"
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as error:
        raise UsageError(f"{output}: {error.strerror or error}") from error


@main.command()
@_ledger_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "csv"]),
    default="text",
    show_default=True,
    help="text: the printed table; json/csv: one record per claim type × year (and totals)",
)
def aging(file: Path, profile_ref: str, as_of: Any, events: Path | None, fmt: str) -> None:
    """Outstanding principal by claim type and year of due date, with the share of each
    year's invoiced amount, and totals."""
    profile = _load(profile_ref)
    run = _Run(file, events)
    day = _day(as_of)
    pairs = _progress(run.decided(profile, day), "deciding")
    report = aging_report(pairs, currency=profile.currency, as_of=day)
    _print_aging(report, fmt)
    run.exit()


def _print_aging(report: AgingReport, fmt: str) -> None:
    _emit(report.records(), fmt, lambda: report.text(_fits()))


_ACTION = re.compile(rb'"action":"([a-z_]+)"')

_WITHIN = re.compile(r"^(\d+)([dwmy]?)$")
_UNIT_DAYS = {"": 1, "d": 1, "w": 7, "m": 30, "y": 365}


def _within_days(_ctx: click.Context, _param: click.Parameter, text: str) -> int:
    match = _WITHIN.match(text.strip().lower())
    if match is None:
        raise click.BadParameter(f"{text!r}: use days like 90d, 12w, 3m (30 days) or 1y")
    return int(match.group(1)) * _UNIT_DAYS[match.group(2)]


@main.command()
@_ledger_options
@click.option(
    "--within",
    default="90d",
    show_default=True,
    callback=_within_days,
    help="Window: 90d, 12w, 3m (x30 days), 1y",
)
@click.option("--json", "as_json", is_flag=True, help="One JSON record per line instead of a table")
def deadlines(
    file: Path, profile_ref: str, as_of: Any, events: Path | None, within: int, as_json: bool
) -> None:
    """Claims whose limitation or lien lapses within the window, soonest first, with the step
    that would preserve each."""
    days = within
    profile = _load(profile_ref)
    run = _Run(file, events)
    decisions = (d for _, d in _progress(run.decided(profile, _day(as_of)), "deciding"))
    risks = deadlines_at_risk(decisions, days)
    if as_json:
        for risk in risks:
            click.echo(json_visible(risk.model_dump_json()))
    else:
        _out.print(_risk_table(risks, f"Limitation and liens lapsing within {days} days"))
    run.exit()


_FORMAT = click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "csv"]),
    default="text",
    show_default=True,
    help="text: a table; json: one JSON record per line; csv: a header and one row per record",
)


def _emit(
    records: list[dict[str, Any]], fmt: str, table: Callable[[], RenderableType | str]
) -> None:
    """``records`` as JSON Lines or CSV (amounts as exact decimals, dates as YYYY-MM-DD), or
    the ``table`` for people (text already laid out is printed as it is)."""
    if fmt == "json":
        for record in records:
            click.echo(json_visible(json.dumps(record, default=str, ensure_ascii=False)))
    elif fmt == "csv":
        write_csv(records, _stdout())
    else:
        shown = table()
        if isinstance(shown, str):
            _say(shown, nl=False)
        else:
            _out.print(shown)


@main.command()
@_ledger_options
@_FORMAT
def monitoring(file: Path, profile_ref: str, as_of: Any, events: Path | None, fmt: str) -> None:
    """Written-off claims in long-term monitoring: what each still owes, until when it is
    worth monitoring (its limitation date), its lien, and money received after the write-off
    (income to book); soonest end first."""
    profile = _load(profile_ref)
    run = _Run(file, events)
    found = monitoring_report(run.fitting(profile), profile, _day(as_of))

    def table() -> RenderableType:
        owed = sum((item.total for item in found), Decimal(0))
        back = sum((item.recovered for item in found), Decimal(0))
        return _listing(
            "Long-term monitoring",
            ("claim", "until", "type", "written off", "owed", "recovered", "action"),
            [
                (
                    item.claim_id,
                    str(item.monitor_until or "suspended"),
                    item.claim_type,
                    str(item.written_off_on),
                    f"{item.total:,.2f}",
                    f"{item.recovered:,.2f}",
                    item.action.replace("_", " "),
                )
                for item in found
            ],
            f"{len(found)} claims; owed {owed:,.2f}; recovered {back:,.2f}",
            numbers=("owed", "recovered"),
        )

    _emit([item.model_dump() for item in found], fmt, table)
    run.exit()


@main.command("no-movement")
@_ledger_options
@_FORMAT
def no_movement_command(
    file: Path, profile_ref: str, as_of: Any, events: Path | None, fmt: str
) -> None:
    """Unpaid claims with no payment and no step for longer than their claim type's threshold
    (the profile's warnings.no_movement), the longest still first."""
    profile = _load(profile_ref)
    run = _Run(file, events)
    found = stalled_claims(run.fitting(profile), profile, _day(as_of))

    def table() -> RenderableType:
        return _listing(
            "Claims with no movement",
            ("claim", "last movement", "type", "debtor", "threshold", "owed", "next action"),
            [
                (
                    item.claim_id,
                    str(item.last_movement_on or "-"),
                    item.claim_type,
                    item.debtor_id,
                    f"{item.months} months",
                    f"{item.total:,.2f}",
                    item.action.replace("_", " "),
                )
                for item in found
            ],
            "none" if not found else f"{len(found)} claims",
            numbers=("threshold", "owed"),
        )

    _emit([item.model_dump() for item in found], fmt, table)
    run.exit()


@main.command()
@_ledger_options
@_FORMAT
@click.option("--all", "everyone", is_flag=True, help="Also debtors who owe nothing")
def cases(
    file: Path, profile_ref: str, as_of: Any, events: Path | None, fmt: str, everyone: bool
) -> None:
    """Every debtor's claims with their decisions: totals by part, the earliest deadline and
    the steps due now (json: one case per line with its claims; csv: one row per debtor)."""
    profile = _load(profile_ref)
    run = _Run(file, events)
    found = debtor_cases(run.fitting(profile), profile, _day(as_of), owing_only=not everyone)
    if fmt == "json":
        for case in found:
            click.echo(json_visible(case.model_dump_json()))
    else:
        _emit([case.record() for case in found], fmt, lambda: _cases_view(found))
    run.exit()


def _cases_view(found: list[DebtorCase]) -> RenderableType:
    """Each debtor: a line of totals and the earliest deadline, then a table of the claims."""
    parts: list[RenderableType] = []
    for case in found:
        head = (
            f"{case.debtor_id} ({case.debtor_kind}): {len(case.claims)} claims, owes "
            f"{case.total:,.2f} {case.currency} (principal {case.principal:,.2f}, interest "
            f"{case.interest:,.2f}, fees {case.fees:,.2f})"
        )
        lines = [_line(head, style="bold")]
        deadline = case.earliest_deadline
        if deadline is not None:
            lines.append(
                _line(
                    f"  earliest: {_deadline_words(deadline.name)} {deadline.on} "
                    f"({deadline.claim_id}); preserve by: {deadline.preserve}"
                )
            )
        for letter in case.letters:
            lines.append(
                _line(
                    f"  one letter may carry the {letter.action.replace('_', ' ')} of "
                    f"{', '.join(letter.claim_ids)} for one fee of {letter.fee:,.2f} "
                    f"(not {letter.fees_if_separate:,.2f}): {letter.citation}"
                )
            )
        settled = [row for row in case.claims if row.total == 0 and row.action == "none"]
        table = _listing(
            None,
            ("claim", "type", "due", "owed", "next action", "on", "fee"),
            [
                (
                    row.claim_id,
                    row.claim_type,
                    str(row.due_on),
                    f"{row.total:,.2f}",
                    row.action.replace("_", " ")
                    + (" (now)" if row.ready and row in case.due_now else ""),
                    str(row.on),
                    f"{row.fee:,.2f}",
                )
                for row in case.claims
                if row not in settled
            ],
            f"and {len(settled)} settled claims" if settled else None,
            numbers=("owed", "fee"),
            show_edge=False,
            pad_edge=False,
        )
        parts += [*lines, Padding(table, (0, 0, 1, 2))]
    if not found:
        parts.append(_line("no debtor owes anything", style="italic"))
    return Group(*parts)


@main.command("postings")
@_ledger_options
@_FORMAT
def postings_command(
    file: Path, profile_ref: str, as_of: Any, events: Path | None, fmt: str
) -> None:
    """Journal lines the decisions imply, per claim type: interest and fees owed, write-offs
    (booked and proposed) and money recovered after a write-off, with the accounts of the
    profile's local.accounts; the totals reconcile with `claimrules aging`."""
    profile = _load(profile_ref)
    run = _Run(file, events)
    report = postings(run.fitting(profile), profile, _day(as_of))
    _emit([line.model_dump() for line in report.lines], fmt, lambda: _postings_view(report))
    run.exit()


def _postings_view(report: PostingReport) -> RenderableType:
    table = Table(title=f"Postings on {report.as_of} ({report.currency})", title_justify="left")
    for name in ("claim type", "posting", "part", "debit", "credit", "amount", "claims"):
        table.add_column(name, justify="right" if name in ("amount", "claims") else "left")
    for line in report.lines:
        table.add_row(
            line.claim_type,
            line.kind.replace("_", " "),
            line.part,
            line.debit,
            line.credit,
            f"{line.amount:,.2f}",
            str(line.claims),
        )
    table.caption = (
        f"outstanding principal {report.principal:,.2f} + interest {report.interest:,.2f} + "
        f"fees {report.fees:,.2f}; receivable after write-offs {report.receivable:,.2f}"
    )
    table.caption_justify = "left"
    return table


@main.command("audit-dispatch")
@_ledger_options
@click.option("--json", "as_json", is_flag=True, help="The whole audit as JSON")
def audit_dispatch_command(
    file: Path, profile_ref: str, as_of: Any, events: Path | None, as_json: bool
) -> None:
    """Invoices with no proof they left, grouped by issue month, claim type and channel, with
    any offset, referral or legal step already taken on them."""
    profile = _load(profile_ref)
    run = _Run(file, events)
    audit = audit_dispatch(run.fitting(profile), profile, _day(as_of))
    if as_json:
        click.echo(json_visible(audit.model_dump_json(indent=2)))
    else:
        _out.print(_audit_table(audit, profile))
        for gap in audit.collected_without_notice:
            _out.print(
                f"  {gap.claim_id}: {', '.join(gap.collected_without_notice)} without notice: unwind"
            )
    run.exit()


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
@click.option("--json", "as_json", is_flag=True, help="The findings as JSON")
@click.option(
    "--exit-zero",
    is_flag=True,
    help="Report, but exit 0 even on errors (e.g. a freshness line in CI against the real date)",
)
def check(profile_ref: str, today: Any, as_json: bool, exit_zero: bool) -> None:
    """Lint a profile: values it needs today that are missing or unknown (the current
    half-year's rate, the year's inkassosats; listed first, with the YAML to add), coverage of
    dated values, values still derived or provisional, conflicting and unreachable rules.
    Exit 1 on errors."""
    from claimrules.tools.lint import lint_profile

    report = lint_profile(_load(profile_ref), today=_day(today))
    _say(json_visible(report.model_dump_json(indent=2)) if as_json else report.text().rstrip())
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
@click.option("--json", "as_json", is_flag=True, help="The report as JSON")
def diff(
    old_ref: str, new_ref: str, ledger: Path, as_of: Any, events: Path | None, as_json: bool
) -> None:
    """Decide the same ledger under two profile versions (ids or directories) and report which
    claims change action, date, fee, interest or deadlines, and which rule caused each."""
    from claimrules.tools.impact import profile_impact

    old, new = _load(old_ref), _load(new_ref)
    run = _Run(ledger, events)
    report = profile_impact((c for _, c in run.claims()), old, new, _day(as_of))
    _say(json_visible(report.model_dump_json(indent=2)) if as_json else report.text().rstrip())
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
    help=".jsonl, .csv (+ .events.csv) or .parquet",
)
def generate(size: int, seed: int, year: int, overdue: float | None, output: Path) -> None:
    """Write a synthetic Norwegian municipal ledger (deterministic for a seed)."""
    from claimrules.testing.synthetic import DEFAULT_SIZE, norwegian_ledger

    chosen = _output_format(output)
    _require(chosen)
    assert size >= 1 and DEFAULT_SIZE == 32_000  # the help shows the default
    records = norwegian_ledger(size, seed=seed, year=year, overdue=overdue)
    companion = chosen.events_file(output) if chosen.events_file is not None else None
    with _Output(output) as out, _Output(companion) as events:
        assert out.target is not None
        written = chosen.write_claims(records, out.target, events.target)
    _say(f"{output}: {written} claims (seed {seed}, year {year})", err=True)
