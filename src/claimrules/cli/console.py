"""The console of the ``claimrules`` command: text shown as written, tables that never cut a
value, and progress on stderr.

Every string printed goes through :class:`_PlainConsole` (no markup, no emoji codes, control
characters made visible), so that no id or profile text can style the output, break a table
or send an escape sequence to the terminal. ``_out`` (reports) is made again for each run, at
the width of that run's terminal (:func:`_restart`); ``_err`` carries messages and progress.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, TypeVar

import click
from rich.cells import cell_len
from rich.console import Console, Group, RenderableType
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

from claimrules.text.safe import visible, visible_lines

if TYPE_CHECKING:
    from claimrules.cli.run import _Run

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


def _restart() -> None:
    """A new run: the report console takes the width of this run's terminal (or COLUMNS)."""
    global _out
    _out = _console()


NARROW = 110
"""Below this many columns the deadlines are listed as two-line entries, not a table."""


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
