"""Legal values: a value (or a dated series of values) with its legal source and status.

Every number a profile takes from the law is a :class:`Param`. It is either one ``value`` or a
series of ``values`` with half-open validity: an entry is in force from its ``from`` date
(inclusive) to the next entry's ``from`` (exclusive), or to its own ``until`` (exclusive) when it
ends before the next one starts. A date outside every entry has no value in force, and a value
whose ``status`` is ``unknown`` is law nobody could find: the engine never guesses either, it
answers ``manual_review`` and says why.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from functools import cached_property
from typing import Annotated, Any, Generic, Literal, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

__all__ = ["Param", "Ratio", "Resolved", "Source", "Status", "Strict"]

Status = Literal["verified", "secondary", "derived", "provisional", "unknown"]
"""How sure the profile is of a value.

- ``verified``: read in the statute, regulation or an official body's text.
- ``secondary``: from a secondary source (law firm, agency, encyclopedia).
- ``derived``: computed from verified inputs by a verified formula.
- ``provisional``: expected to hold but not yet confirmed; re-check before relying on it.
- ``unknown``: the law could not be found; the value is ``null`` and decisions needing it go to
  manual review.
"""

T = TypeVar("T")


class Strict(BaseModel):
    """Base of every profile model: immutable, and unknown keys are errors."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class Source(Strict):
    """Where a rule comes from: the statute, its section and a link to the text."""

    statute: str = Field(min_length=1, description="Statute or regulation, e.g. foreldelsesloven")
    section: str | None = Field(default=None, description="Section, e.g. '§ 29 nr. 2'")
    url: str = Field(pattern=r"^https?://\S+$", description="Link to the text that was read")
    note: str | None = None

    def cite(self) -> str:
        """Short citation: statute, section and URL."""
        return self._citation

    @cached_property
    def _citation(self) -> str:
        head = f"{self.statute} {self.section}" if self.section else self.statute
        return f"{head} <{self.url}>"


def _parse_ratio(value: Any) -> Any:
    if isinstance(value, str) and "/" in value:
        numerator, _, denominator = value.partition("/")
        try:
            return Fraction(int(numerator.strip()), int(denominator.strip()))
        except (ValueError, ZeroDivisionError):
            raise ValueError(f"{value!r} is not a fraction like '1/20'") from None
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        return Fraction(value)
    raise ValueError(f"{value!r} is not a fraction like '1/20'")


Ratio = Annotated[Fraction, BeforeValidator(_parse_ratio)]
"""A fraction written as ``"1/20"`` in YAML (exact, never a float)."""


@dataclass(frozen=True, slots=True)
class Resolved(Generic[T]):
    """The value of a :class:`Param` in force on one date, with its provenance."""

    value: T | None
    status: Status
    source: Source
    valid_from: date | None
    valid_until: date | None
    note: str | None = None

    @property
    def known(self) -> bool:
        """True when the law gives a value (status is not ``unknown``)."""
        return self.status != "unknown" and self.value is not None

    def cite(self) -> str:
        """Citation of this value, with its status when it is not verified."""
        text = self.source.cite()
        return text if self.status == "verified" else f"{text} [{self.status}]"


class Dated(Strict, Generic[T]):
    """One entry of a dated series."""

    valid_from: date = Field(alias="from")
    until: date | None = None
    value: T | None
    status: Status | None = None
    source: Source | None = None
    note: str | None = None


class Param(Strict, Generic[T]):
    """A legal value with its source and status; either ``value`` or dated ``values``.

    YAML forms::

        general_years: {value: 3, status: verified, source: {...}}
        rate:
          status: secondary
          source: {...}
          values:
            2004-01-01: 9.25                # shorthand: date: value
            2004-07-01: {value: 8.75, status: verified, source: {...}}
    """

    value: T | None = None
    values: list[Dated[T]] | None = None
    unit: Literal["days", "years", "money", "percent", "ratio", "count"] | None = None
    status: Status | None = None
    source: Source | None = None
    note: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, data: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("values"), dict):
            entries = []
            for start, entry in data["values"].items():
                if isinstance(entry, dict):
                    entries.append({"from": start, **entry})
                else:
                    entries.append({"from": start, "value": entry})
            data = {**data, "values": entries}
        return data

    @model_validator(mode="after")
    def _check(self) -> Param[T]:
        has_value = "value" in self.model_fields_set
        if has_value == (self.values is not None):
            raise ValueError("give exactly one of 'value' or 'values'")
        if self.values is not None:
            if not self.values:
                raise ValueError("'values' must not be empty")
            for entry in self.values:
                _check_entry(entry.value, entry.status or self.status, entry.valid_from)
                if (entry.source or self.source) is None:
                    raise ValueError(f"missing source for the value from {entry.valid_from}")
                if (entry.status or self.status) is None:
                    raise ValueError(f"missing status for the value from {entry.valid_from}")
            for before, after in zip(self.values, self.values[1:], strict=False):
                if after.valid_from <= before.valid_from:
                    raise ValueError(
                        f"overlapping dated values: {after.valid_from} does not come after "
                        f"{before.valid_from} (list dated values in ascending order, once each)"
                    )
                if before.until is not None and before.until > after.valid_from:
                    raise ValueError(
                        f"overlapping dated values: the value from {before.valid_from} runs "
                        f"until {before.until}, after the next one starts on {after.valid_from}"
                    )
            for entry in self.values:
                if entry.until is not None and entry.until <= entry.valid_from:
                    raise ValueError(
                        f"'until' {entry.until} is not after 'from' {entry.valid_from}"
                    )
        else:
            if self.source is None:
                raise ValueError("missing source (statute, section, url)")
            if self.status is None:
                raise ValueError(
                    "missing status (verified, secondary, derived, provisional or unknown)"
                )
            _check_entry(self.value, self.status, None)
        return self

    def at(self, on: date) -> Resolved[T] | None:
        """The value in force on ``on``, or ``None`` when no value is in force that day."""
        starts, resolved = self._table
        if not starts:
            return resolved[0]
        index = bisect_right(starts, on) - 1
        if index < 0:
            return None
        until = resolved[index].valid_until
        if until is not None and on >= until:
            return None
        return resolved[index]

    @cached_property
    def _table(self) -> tuple[list[date], list[Resolved[T]]]:
        """Start dates and resolved values, built once (kept in the instance dict, so a lookup
        costs one bisect and no pydantic attribute machinery)."""
        if self.values is None:
            assert self.source is not None and self.status is not None
            return [], [Resolved(self.value, self.status, self.source, None, None, self.note)]
        return [e.valid_from for e in self.values], [
            self._resolve(i) for i in range(len(self.values))
        ]

    def _resolve(self, index: int) -> Resolved[T]:
        assert self.values is not None
        entry = self.values[index]
        following = self.values[index + 1].valid_from if index + 1 < len(self.values) else None
        until = entry.until or following
        source = entry.source or self.source
        status = entry.status or self.status
        assert source is not None and status is not None
        return Resolved(
            entry.value, status, source, entry.valid_from, until, entry.note or self.note
        )

    def breakpoints(self) -> list[date]:
        """The dates on which the value changes (empty for a single value)."""
        if self.values is None:
            return []
        points = {entry.valid_from for entry in self.values}
        points.update(entry.until for entry in self.values if entry.until is not None)
        return sorted(points)

    def all_known(self) -> list[T]:
        """Every known value of the series (for cap checks)."""
        if self.values is None:
            return [self.value] if self.value is not None else []
        return [entry.value for entry in self.values if entry.value is not None]


def _check_entry(value: Any, status: Status | None, start: date | None) -> None:
    where = f" (from {start})" if start else ""
    if status == "unknown" and value is not None:
        raise ValueError(f"status 'unknown' needs value null{where}")
    if status not in (None, "unknown") and value is None:
        raise ValueError(f"value is null{where}: set status 'unknown' if the law is not known")
