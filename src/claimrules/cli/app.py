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
import functools
import os
import sys
import warnings
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import click

from claimrules.cli import console
from claimrules.cli.console import _say
from claimrules.errors import ProfileError
from claimrules.io.csvfiles import CSV_DIALECTS
from claimrules.law.profile import Profile
from claimrules.law.registry import load_profile
from claimrules.law.registry import profile_ref as profile_ref_of
from claimrules.text.safe import visible_lines
from claimrules.text.words import LANGUAGES

__all__ = ["main"]


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
        console._restart()  # the width of this run's terminal (or COLUMNS)
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


def _load(profile_ref: str) -> Profile:
    try:
        return load_profile(profile_ref_of(profile_ref))
    except ProfileError as error:
        raise UsageError(str(error)) from error


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


_LANG = click.option(
    "--lang",
    type=click.Choice(list(LANGUAGES)),
    default="en",
    show_default=True,
    help="Language of the text for people (en, nb, da; kl: Greenlandic, Danish where a "
    "sentence has no Greenlandic yet): its words, numbers and dates; json and csv stay "
    "machine-readable",
)


def _ledger_options(command: F) -> F:
    """FILE, --profile, --as-of, --events and --lang: what every command on a claims file
    takes."""
    return _FILE(_PROFILE(_AS_OF(_EVENTS(_LANG(command)))))


def _formats(*names: str, help_text: str | None = None) -> Callable[[F], F]:
    """``--format NAME`` (``text`` first, the default) and ``--json``, the same as
    ``--format json``, on every command that prints a report: one set of options for all of
    them. The command receives ``fmt``; ``--json`` with another ``--format`` is a usage
    error."""
    chosen = names or ("text", "json", "csv")
    described = help_text or (
        "text: a table for people; json: one JSON record per line; "
        "csv: a header and one row per record"
    )

    def decorate(command: F) -> F:
        @functools.wraps(command)
        def run(*args: Any, fmt: str, as_json: bool, **options: Any) -> Any:
            if as_json and fmt not in ("text", "json"):
                raise click.UsageError(f"--json and --format {fmt}: give one of them")
            dialect = options.pop("csv_dialect", "plain")
            if dialect != "plain" and fmt != "csv":
                raise click.UsageError(f"--csv-dialect {dialect} needs --format csv")
            click.get_current_context().meta[_CSV_DIALECT] = dialect
            return command(*args, fmt="json" if as_json else fmt, **options)

        with_format = click.option(
            "--format",
            "fmt",
            type=click.Choice(list(chosen)),
            default=chosen[0],
            show_default=True,
            help=described,
        )
        with_json = click.option(
            "--json", "as_json", is_flag=True, help="The same as --format json"
        )
        decorated = with_format(with_json(run))
        if "csv" in chosen:
            decorated = click.option(
                "--csv-dialect",
                "csv_dialect",
                type=click.Choice(list(CSV_DIALECTS)),
                default="plain",
                show_default=True,
                help="With --format csv: plain (commas, decimal points: for programs) or "
                "spreadsheet (semicolons, decimal commas, UTF-8 with BOM: opens in a Norwegian "
                "or Danish spreadsheet as columns and numbers)",
            )(decorated)
        return decorated  # type: ignore[return-value]

    return decorate


_CSV_DIALECT = "claimrules.csv_dialect"


def csv_dialect() -> str:
    """The ``--csv-dialect`` of the command running (``plain`` outside one)."""
    context = click.get_current_context(silent=True)
    return str(context.meta.get(_CSV_DIALECT, "plain")) if context is not None else "plain"


_FORMAT = _formats("text", "json", "csv")
"""The report formats every ledger report takes (with ``--json`` as ``--format json``)."""


def _day(as_of: Any) -> date:
    return as_of.date() if as_of is not None else date.today()


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="claimrules")
def main() -> None:
    """Decide the next lawful action for unpaid municipal claims.

    Exit codes: 0 success; 1 some claims invalid (reported on stderr, the rest decided);
    2 bad usage, unreadable file or invalid profile.
    """
