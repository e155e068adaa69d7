"""The aging report auditors ask for: what is still outstanding, by claim type and year due.

Each cell is the outstanding principal of the claims of one type that fell due in one year, on
the as-of date (after payment allocation, as in the decisions), with its share of what was
invoiced for that type and year. Rows and columns have totals, and the grand total reconciles
with the sum of the decisions' ``balance.principal``. Interest and fees owed on top are totalled
separately: they are claims of their own in the accounts, not invoiced amounts.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from io import StringIO
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict

from claimrules.model.claims import Claim
from claimrules.model.decision import Decision
from claimrules.text import words as t
from claimrules.text.words import Words

if TYPE_CHECKING:  # rich is imported where a table is drawn: it costs a tenth of the import
    from rich.table import Table

__all__ = ["AgingCell", "AgingReport", "aging_report"]

TOTAL = "total"
"""The claim type (or year label) of the total rows and columns."""


class AgingCell(BaseModel):
    """One claim type and year of due date (``TOTAL`` in either for the totals)."""

    model_config = ConfigDict(frozen=True)

    claim_type: str
    due_year: str
    claims: int
    invoiced: Decimal
    outstanding: Decimal
    open_claims: int

    @property
    def share(self) -> Decimal | None:
        """Outstanding as a percentage of invoiced, to one decimal (``None`` if nothing was)."""
        if not self.invoiced:
            return None
        return (self.outstanding * 100 / self.invoiced).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )


class AgingReport(BaseModel):
    """Result of :func:`aging_report`; ``cells`` hold every type × year and all totals."""

    model_config = ConfigDict(frozen=True)

    as_of: date
    currency: str
    years: tuple[str, ...]
    claim_types: tuple[str, ...]
    cells: tuple[AgingCell, ...]
    interest: Decimal
    fees: Decimal
    skipped: int

    def cell(self, claim_type: str, due_year: str) -> AgingCell | None:
        """The cell of one claim type (or ``total``) and year (or ``total``)."""
        for cell in self.cells:
            if cell.claim_type == claim_type and cell.due_year == due_year:
                return cell
        return None

    @property
    def total(self) -> AgingCell:
        """The grand total."""
        found = self.cell(TOTAL, TOTAL)
        assert found is not None
        return found

    def records(self) -> list[dict[str, Any]]:
        """The cells as a list of flat records: ``pandas.DataFrame(report.records())`` or
        ``pyarrow.Table.from_pylist(report.records())``. Amounts are Decimal."""
        return [{**cell.model_dump(), "share_percent": cell.share} for cell in self.cells]

    def table(self, *, shares: bool = True, lang: str = "en") -> Table:
        """The report as a rich table: claim types down, years of due date across (with each
        cell's share of the invoiced amount unless ``shares`` is false), in ``lang``."""
        from rich.table import Table

        w = Words(lang)
        title = w(t.AGING_TITLE, date=w.date(self.as_of), currency=self.currency)
        if shares:
            title += " " + w(t.AGING_SHARES)
        table = Table(title=title, title_justify="left")
        table.add_column(w(t.CLAIM_TYPE), overflow="fold")
        for year in (*self.years, TOTAL):
            table.add_column(_year_words(year, w), justify="right", no_wrap=True)
        for claim_type in (*self.claim_types, TOTAL):
            cells = [self.cell(claim_type, year) for year in (*self.years, TOTAL)]
            table.add_row(
                w(t.TOTAL) if claim_type == TOTAL else claim_type,
                *(_cell_text(cell, shares=shares, words=w) for cell in cells),
                end_section=claim_type == TOTAL,
            )
        return table

    def needs(self, *, shares: bool = True) -> int:
        """Characters the printed table needs so that no amount is cut (names may wrap)."""
        cells = [_cell_text(cell, shares=shares) for cell in self.cells]
        widest = max((len(text) for text in cells), default=10)
        columns = [*self.years, TOTAL]
        names = min(max((len(name) for name in self.claim_types), default=10), 14)
        return names + 4 + sum(max(widest, len(year)) + 3 for year in columns)

    @property
    def width(self) -> int:
        """Characters the full printed table needs so that no cell is cut."""
        cells = [_cell_text(cell) for cell in self.cells]
        widest = max((len(text) for text in cells), default=10)
        names = max((len(name) for name in self.claim_types), default=10)
        return names + 4 + (widest + 3) * (len(self.years) + 1)

    def merged(self, columns: int) -> AgingReport:
        """The same report with at most ``columns`` year columns: the earliest years merged
        into one ``before YYYY`` column (totals are unchanged)."""
        if columns >= len(self.years) or columns < 1:
            return self
        keep = list(self.years[len(self.years) - columns + 1 :])
        first_kept = next((y for y in keep if y.isdigit()), None)
        label = f"before {first_kept}" if first_kept else self.years[0]
        merged_years = set(self.years) - set(keep)
        sums: dict[tuple[str, str], list[Any]] = {}
        cells: list[AgingCell] = []
        for cell in self.cells:
            if cell.due_year in merged_years:
                entry = sums.setdefault((cell.claim_type, label), [0, Decimal(0), Decimal(0), 0])
                entry[0] += cell.claims
                entry[1] += cell.invoiced
                entry[2] += cell.outstanding
                entry[3] += cell.open_claims
            else:
                cells.append(cell)
        cells += _cells(sums)
        return self.model_copy(update={"years": (label, *keep), "cells": tuple(cells)})

    def fitted(self, width: int) -> tuple[AgingReport, bool]:
        """The report with as many year columns as fit in ``width`` characters (the earliest
        merged first), and whether the shares fit beside the amounts too (more years come
        before the shares)."""
        for columns in range(len(self.years), 0, -1):
            report = self.merged(columns)
            for shares in (True, False):
                if report.needs(shares=shares) <= width:
                    return report, shares
        return self.merged(1), False

    def text(self, width: int | None = None, lang: str = "en") -> str:
        """The table as plain text (as printed by ``claimrules aging``) in ``lang``: complete
        without a width; within ``width`` characters (a terminal's) with fewer year columns,
        and without the shares where even those do not fit. Amounts are never cut."""
        from rich.console import Console

        buffer = StringIO()
        report, shares = (self, True) if width is None else self.fitted(width)
        console = Console(
            file=buffer,
            width=width or self.width,
            color_system=None,
            legacy_windows=False,
        )
        console.print(report.table(shares=shares, lang=lang))
        w = Words(lang)
        console.print(
            w(
                t.ON_TOP,
                interest=w.money(self.interest),
                fees=w.money(self.fees),
                currency=self.currency,
            )
        )
        return buffer.getvalue()


def _year_words(year: str, words: Words) -> str:
    """A column's label: the year, ``before YYYY`` or ``total`` in the reader's language."""
    if year == TOTAL:
        return words(t.TOTAL)
    if year.startswith("before "):
        return words(t.BEFORE_YEAR, year=year.removeprefix("before "))
    return year


def _cell_text(cell: AgingCell | None, *, shares: bool = True, words: Words | None = None) -> str:
    """Whole currency units and the share: exact amounts are in :meth:`AgingReport.records`."""
    if cell is None or not cell.claims:
        return ""
    w = words or Words()
    whole = w.number(int(cell.outstanding.to_integral_value(rounding=ROUND_HALF_EVEN)))
    if cell.share is None or not shares:
        return whole
    share = str(cell.share) if w.lang == "en" else str(cell.share).replace(".", ",")
    return f"{whole} ({share}%)"


def _cells(sums: dict[tuple[str, str], list[Any]]) -> list[AgingCell]:
    """Cells from sums keyed by (claim type, year): [claims, invoiced, outstanding, open]."""
    return [
        AgingCell(
            claim_type=claim_type,
            due_year=year,
            claims=count,
            invoiced=invoiced,
            outstanding=outstanding,
            open_claims=open_claims,
        )
        for (claim_type, year), (count, invoiced, outstanding, open_claims) in sums.items()
    ]


def aging_report(
    pairs: Iterable[tuple[Claim, Decision]],
    *,
    currency: str,
    as_of: date,
    years: int = 6,
    skipped: int = 0,
) -> AgingReport:
    """Build the aging table from each claim and its decision (the same ``as_of`` for all).

    The last ``years`` years of due date (up to the as-of year, and any later) get a column
    each; earlier years share one column, ``before YYYY``. ``skipped`` counts input claims that
    could not be decided; they are not in the table.
    """
    first = as_of.year - years + 1
    earlier = f"before {first}"
    sums: dict[tuple[str, str], list[Any]] = {}
    interest = fees = Decimal(0)
    for claim, decision in pairs:
        year = str(claim.due_on.year) if claim.due_on.year >= first else earlier
        outstanding = decision.balance.principal
        interest += decision.balance.interest
        fees += decision.balance.fees
        for key in (
            (claim.claim_type, year),
            (claim.claim_type, TOTAL),
            (TOTAL, year),
            (TOTAL, TOTAL),
        ):
            entry = sums.setdefault(key, [0, Decimal(0), Decimal(0), 0])
            entry[0] += 1
            entry[1] += claim.principal
            entry[2] += outstanding
            entry[3] += 1 if outstanding else 0
    sums.setdefault((TOTAL, TOTAL), [0, Decimal(0), Decimal(0), 0])
    cells = tuple(_cells(dict(sorted(sums.items()))))
    return AgingReport(
        as_of=as_of,
        currency=currency,
        years=tuple(sorted({year for _, year in sums} - {TOTAL}, key=lambda y: (y != earlier, y))),
        claim_types=tuple(sorted({claim_type for claim_type, _ in sums} - {TOTAL})),
        cells=cells,
        interest=interest,
        fees=fees,
        skipped=skipped,
    )
