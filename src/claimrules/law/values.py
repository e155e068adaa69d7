"""Legal values: a value (or a dated series of values) with its legal source and status.

Every number a profile takes from the law is a :class:`Param`. It is either one ``value`` or a
series of ``values`` with half-open validity: an entry is in force from its ``from`` date
(inclusive) to the next entry's ``from`` (exclusive), or to its own ``until`` (exclusive) when it
ends before the next one starts. A date outside every entry has no value in force, and a value
whose ``status`` is ``unknown`` is law nobody could find: the engine never guesses either, it
answers ``manual_review`` and says why.
"""

from __future__ import annotations

import ast
import copy
import inspect
import itertools
import textwrap
import typing
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from functools import cache, cached_property
from typing import Annotated, Any, Generic, Literal, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    model_validator,
)
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import CoreSchema, core_schema

from claimrules.model.claims import EARLIEST_DATE, LATEST_DATE
from claimrules.model.messages import _msg, say

__all__ = [
    "KINDS",
    "MAX_LEGAL_MONEY",
    "Count",
    "Days",
    "Money",
    "Param",
    "Percent",
    "Ratio",
    "Resolved",
    "RoundingStep",
    "Source",
    "Status",
    "Strict",
    "Years",
]

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

ProfileDate = Annotated[date, Field(ge=EARLIEST_DATE, le=LATEST_DATE)]
"""A date in a profile: within the dates a claim may carry (:data:`EARLIEST_DATE` ..
:data:`LATEST_DATE`), so that every period the law counts from it stays computable; a date
outside them is refused when the profile loads, with its file and line."""


class Strict(BaseModel):
    """Base of every profile model: immutable, and unknown keys are errors.

    The docstring under each field is its description in the JSON Schema (``claimrules schema``)
    that editors show while a profile is written (:class:`DescribedSchema` reads it then, rather
    than pydantic's ``use_attribute_docstrings`` at import, which cost a quarter of
    ``import claimrules``: measured).
    """

    # defer_build: the profile models' validators are built once, as one schema, when the first
    # profile is read, not class by class at import (which cost a third of `import claimrules`:
    # 0.58 s to 0.36 s, measured; issue 22)
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True, defer_build=True)


@cache
def _own_field_docs(model: type) -> dict[str, str]:
    """The docstrings written under the fields that ``model``'s own class body declares."""
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(model)))
    except (OSError, TypeError):  # no source (a class made at run time)
        return {}
    body = tree.body[0].body if tree.body and isinstance(tree.body[0], ast.ClassDef) else []
    docs: dict[str, str] = {}
    for node, after in itertools.pairwise(body):
        if (
            isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and isinstance(after, ast.Expr)
            and isinstance(after.value, ast.Constant)
            and isinstance(after.value.value, str)
        ):
            docs[node.target.id] = inspect.cleandoc(after.value.value)
    return docs


def field_docs(model: type[BaseModel]) -> dict[str, str]:
    """The docstring under each field of ``model``, its bases' included (a generic model's,
    such as ``Param[Money]``, are those of ``Param``)."""
    docs: dict[str, str] = {}
    for klass in reversed(model.__mro__):
        if isinstance(klass, type) and issubclass(klass, Strict):
            origin = klass.__pydantic_generic_metadata__["origin"] or klass
            docs.update(_own_field_docs(origin))
    return docs


class DescribedSchema(GenerateJsonSchema):
    """The JSON Schema generator for profiles: each property is described by the docstring
    under its field (unless the field gives a ``description`` itself)."""

    def model_schema(self, schema: core_schema.ModelSchema) -> JsonSchemaValue:
        """The model's schema, with its properties described."""
        json_schema = super().model_schema(schema)
        model = schema["cls"]
        properties = json_schema.get("properties", {})
        if isinstance(model, type) and issubclass(model, Strict):
            docs = field_docs(model)
            for name, info in model.model_fields.items():
                key = (info.alias or name) if self.by_alias else name
                prop = properties.get(key)
                if prop is not None and name in docs and "description" not in prop:
                    prop["description"] = docs[name]
        return json_schema


class Source(Strict):
    """Where a rule comes from: the statute, its section and a link to the text."""

    statute: str = Field(
        min_length=1, examples=["foreldelsesloven", "renteloven", "inkassoforskriften"]
    )
    """The statute, regulation or other text the rule comes from (its short name)."""
    section: str | None = Field(default=None, examples=["§ 29 nr. 2", "§ 9 b stk. 2", "§ 1-2 (1)"])
    """The section (paragraph, subsection, number) the rule comes from; leave it out when the
    whole text is meant."""
    url: str = Field(
        pattern=r"^https?://\S+$",
        examples=[
            "https://lovdata.no/dokument/NL/lov/1979-05-18-18",
            "https://danskelove.dk/gebyrloven",
        ],
    )
    """Link (http or https) to the copy of the text that was actually read."""
    note: str | None = Field(
        default=None,
        examples=["Verbatim quote read at jusinfo.no; the statute's own text was not read."],
    )
    """Free text for a reviewing lawyer: what was read where, quotes, doubts, what is not
    modelled."""

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
            raise ValueError(say(NOT_A_FRACTION, value=repr(value))) from None
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        return Fraction(value)
    raise ValueError(say(NOT_A_FRACTION, value=repr(value)))


def _in_unit_interval(value: Fraction) -> Fraction:
    if not 0 < value <= 1:
        raise ValueError(say(FRACTION_RANGE, value=str(value)))
    return value


Ratio = Annotated[Fraction, BeforeValidator(_parse_ratio), AfterValidator(_in_unit_interval)]
"""A fraction written as ``"1/20"`` in YAML (exact, never a float), more than 0 and at most 1."""

MAX_LEGAL_MONEY = Decimal(1_000_000_000)
"""The largest amount of money a legal value may state (a fee, a threshold, a fee base)."""
Money = Annotated[Decimal, Field(ge=0, le=MAX_LEGAL_MONEY, allow_inf_nan=False)]
"""An amount of money the law states: 0 to :data:`MAX_LEGAL_MONEY`."""
Percent = Annotated[Decimal, Field(ge=-10, le=100, allow_inf_nan=False)]
"""A rate in percent per year (or per month): -10 to 100 (reference rates have been negative)."""
Days = Annotated[int, Field(ge=0, le=36_500)]
"""A number of calendar days: 0 to 36,500 (100 years)."""
Years = Annotated[int, Field(ge=1, le=100)]
"""A number of years: 1 to 100."""
Count = Annotated[int, Field(ge=0, le=1_000)]
"""A count: 0 to 1,000."""
Multiple = Annotated[Decimal, Field(gt=0, le=1_000, allow_inf_nan=False)]
"""How many times a base fee a fee is (``1.21`` rettsgebyr): more than 0, at most 1,000."""
RoundingStep = Annotated[Decimal, Field(gt=0, le=1_000, allow_inf_nan=False)]
"""A step amounts are rounded to (0.01 = the øre, 1 = the krone): more than 0, at most 1,000."""

NOT_A_FRACTION = _msg("{value} is not a fraction like '1/20'")
FRACTION_RANGE = _msg("the fraction {value} must be more than 0 and at most 1")
VALUE_OR_VALUES = _msg("give exactly one of 'value' or 'values'")
RENEWAL_NEEDS_VALUES = _msg("'renewal' needs dated 'values' (one entry per period)")
VALUES_EMPTY = _msg("'values' must not be empty")
NO_SOURCE_FROM = _msg("missing source for the value from {since}")
NO_STATUS_FROM = _msg("missing status for the value from {since}")
NOT_ASCENDING = _msg(
    "overlapping dated values: {after} does not come after {before} (list dated values in "
    "ascending order, once each)"
)
RUNS_INTO_NEXT = _msg(
    "overlapping dated values: the value from {since} runs until {until}, after the next one "
    "starts on {next}"
)
UNTIL_NOT_AFTER = _msg("'until' {until} is not after 'from' {since}")
NO_SOURCE = _msg("missing source (statute, section, url)")
MISSING_STATUS = _msg("missing status (verified, secondary, derived, provisional or unknown)")
OUT_OF_RANGE = _msg("the value {value} is out of range for {range}")
OUT_OF_RANGE_FROM = _msg("the value {value} (from {since}) is out of range for {range}")
NOT_WHOLE = _msg("the value {value} must be a whole number of {unit}")
NOT_WHOLE_FROM = _msg("the value {value} (from {since}) must be a whole number of {unit}")
UNKNOWN_NEEDS_NULL = _msg("status 'unknown' needs value null")
UNKNOWN_NEEDS_NULL_FROM = _msg("status 'unknown' needs value null (from {since})")
NULL_NEEDS_UNKNOWN = _msg("value is null: set status 'unknown' if the law is not known")
NULL_NEEDS_UNKNOWN_FROM = _msg(
    "value is null (from {since}): set status 'unknown' if the law is not known"
)
"""What is wrong with a legal value, as catalogue sentences (``claimrules validate --lang``):
raised inside pydantic's validation as the ``ValueError`` of a sentence made with ``say``,
which the loader finds again in the error's context."""

RANGE_OF = _msg("{unit}: {low} to {high}")
"""The range of a unit, e.g. ``days: 0 to 36500`` (the unit as the profile writes it)."""

_UNIT_RANGES: dict[str, tuple[Decimal, Decimal, str]] = {
    "days": (Decimal(0), Decimal(36_500), say(RANGE_OF, unit="days", low="0", high="36500")),
    "years": (Decimal(1), Decimal(100), say(RANGE_OF, unit="years", low="1", high="100")),
    "money": (
        Decimal(0),
        MAX_LEGAL_MONEY,
        say(RANGE_OF, unit="money", low="0", high="1000000000"),
    ),
    "percent": (Decimal(-10), Decimal(100), say(RANGE_OF, unit="percent", low="-10", high="100")),
    "count": (Decimal(0), Decimal(1_000), say(RANGE_OF, unit="count", low="0", high="1000")),
}
"""The range of a value by its ``unit`` (for values whose type does not already bound them,
such as named ``parameters``)."""


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

    valid_from: ProfileDate = Field(alias="from", examples=["2020-10-01", "2024-01-01"])
    """First day (YYYY-MM-DD) on which this value is in force; it stays in force until the next
    entry's date, or until its own ``until``."""
    until: ProfileDate | None = Field(default=None, examples=["2023-07-01"])
    """Optional: the day (YYYY-MM-DD) from which this value is no longer in force (that day
    itself is excluded). Give it only when the value ends before the next entry starts."""
    value: T | None
    """The value in force from this date (in the series' ``unit``), or null when the law for this
    period could not be found (then ``status: unknown``)."""
    status: Status | None = Field(default=None, examples=["verified", "unknown"])
    """How sure the profile is of this entry's value (``verified``, ``secondary``, ``derived``,
    ``provisional`` or ``unknown``), when it differs from the series' own ``status``."""
    source: Source | None = None
    """Where this entry's value comes from, when it is not the series' own ``source``."""
    note: str | None = Field(default=None, examples=["Raised by lov 17. april 2020 nr. 26."])
    """Free text about this entry for a reviewing lawyer."""

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        json_schema, properties = _generic_schema(cls, core_schema, handler)
        _add_value_examples(cls, properties.get("value"))
        return json_schema


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
    """The one value of the law (in ``unit``), or null when it could not be found (then
    ``status: unknown``). Give either ``value`` or ``values``, not both."""
    values: list[Dated[T]] | None = None
    """Values that changed over time: each key is the date (YYYY-MM-DD) from which a value is in
    force, until the next key's date. Each entry is the value itself, or a mapping with
    ``value`` and, where they differ from the whole series, ``status``, ``source``, ``note``
    (and ``until`` when it ends before the next entry). Give either ``value`` or ``values``."""
    unit: Literal["days", "years", "money", "percent", "ratio", "count"] | None = Field(
        default=None, examples=["days", "years", "money", "percent"]
    )
    """What the number counts: ``days`` (calendar days), ``years``, ``money`` (in the profile's
    currency), ``percent`` (per year, unless the rule says otherwise), ``ratio`` (a fraction
    such as "1/20") or ``count``. Nothing is converted: a step's ``days`` must name a parameter in
``days``, and a condition on the principal a parameter in ``money``."""
    status: Status | None = Field(default=None, examples=["verified", "secondary", "unknown"])
    """How sure the profile is of the value: ``verified`` (read in the statute or regulation),
    ``secondary`` (from a secondary source), ``derived`` (computed from verified inputs),
    ``provisional`` (expected to hold, not yet confirmed) or ``unknown`` (the law could not be
    found: the value is null and decisions that need it go to manual review). With dated
    ``values`` it is the default for entries that give none."""
    source: Source | None = None
    """Where the value comes from (statute, section, link). With dated ``values`` it is the
    default for entries that give none."""
    note: str | None = Field(
        default=None,
        examples=["Without a fixed due date, interest runs from 30 days after a written demand."],
    )
    """Free text for a reviewing lawyer: what the value means, how it was found, doubts."""
    renewal: Literal["half_yearly", "yearly"] | None = Field(
        default=None, examples=["half_yearly", "yearly"]
    )
    """Optional, with dated ``values``: the law sets this value anew every half-year (1 January
    and 1 July, e.g. the forsinkelsesrente) or every year (1 January, e.g. the inkassosats).
    The last entry is then in force only until the next renewal day (the same day of the month
    as its own start, in the next January or July), never beyond: a decision on a later day
    finds no value in force and treats it as unknown law instead of carrying an old rate
    forward, and ``claimrules check`` fails until the new value is added."""

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        json_schema, properties = _generic_schema(cls, core_schema, handler)
        value = properties.get("value")
        _add_value_examples(cls, value)
        values = properties.get("values")
        if value is not None and values is not None:
            _allow_dated_mapping(values, value, handler)
        return json_schema

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
            raise ValueError(say(VALUE_OR_VALUES))
        if self.renewal is not None and self.values is None:
            raise ValueError(say(RENEWAL_NEEDS_VALUES))
        if self.values is not None:
            if not self.values:
                raise ValueError(say(VALUES_EMPTY))
            for entry in self.values:
                _check_entry(entry.value, entry.status or self.status, entry.valid_from)
                _check_range(entry.value, self.unit, entry.valid_from)
                if (entry.source or self.source) is None:
                    raise ValueError(say(NO_SOURCE_FROM, since=entry.valid_from))
                if (entry.status or self.status) is None:
                    raise ValueError(say(NO_STATUS_FROM, since=entry.valid_from))
            for before, after in zip(self.values, self.values[1:], strict=False):
                if after.valid_from <= before.valid_from:
                    raise ValueError(
                        say(NOT_ASCENDING, after=after.valid_from, before=before.valid_from)
                    )
                if before.until is not None and before.until > after.valid_from:
                    raise ValueError(
                        say(
                            RUNS_INTO_NEXT,
                            since=before.valid_from,
                            until=before.until,
                            next=after.valid_from,
                        )
                    )
            for entry in self.values:
                if entry.until is not None and entry.until <= entry.valid_from:
                    raise ValueError(
                        say(UNTIL_NOT_AFTER, until=entry.until, since=entry.valid_from)
                    )
        else:
            if self.source is None:
                raise ValueError(say(NO_SOURCE))
            if self.status is None:
                raise ValueError(say(MISSING_STATUS))
            _check_entry(self.value, self.status, None)
            _check_range(self.value, self.unit, None)
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

    def renewal_after(self, start: date) -> date | None:
        """The first renewal day after ``start`` (``None`` without ``renewal``): the same day of
        the month in the next January or July (half-yearly) or the next January (yearly)."""
        if self.renewal is None:
            return None
        day = min(start.day, 28)
        if self.renewal == "yearly":
            return date(start.year + 1, 1, day)
        if start.month < 7:
            return date(start.year, 7, day)
        return date(start.year + 1, 1, day)

    def _resolve(self, index: int) -> Resolved[T]:
        assert self.values is not None
        entry = self.values[index]
        following = self.values[index + 1].valid_from if index + 1 < len(self.values) else None
        until = entry.until or following or self.renewal_after(entry.valid_from)
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
        expiry = self._table[1][-1].valid_until
        if expiry is not None:
            points.add(expiry)
        return sorted(points)

    def all_known(self) -> list[T]:
        """Every known value of the series (for cap checks)."""
        if self.values is None:
            return [self.value] if self.value is not None else []
        return [entry.value for entry in self.values if entry.value is not None]


_VALUE_EXAMPLES: dict[Any, list[Any]] = {
    bool: [True, False],
    int: [3, 14],
    Decimal: [14, 200000, 9.25],
    Fraction: ["1/20", "3/20"],
}
_SEQUENCE_EXAMPLES = [
    [
        ["reminder", "reminder", "payment_demand"],
        ["reminder", "collection_notice", "payment_demand"],
    ]
]


def _generic_schema(
    cls: type[BaseModel], core_schema: CoreSchema, handler: GetJsonSchemaHandler
) -> tuple[JsonSchemaValue, dict[str, Any]]:
    """The JSON schema of a generic value model, described, and its properties (to extend)."""
    json_schema = handler(core_schema)
    target = handler.resolve_ref_schema(json_schema)
    _describe_generic(cls, target)
    properties: dict[str, Any] = target.get("properties", {})
    return json_schema, properties


def _describe_generic(model: type[BaseModel], schema: JsonSchemaValue) -> None:
    """``Param[int]`` and friends are classes of their own, without the generic class's
    docstring: describe their definitions with it."""
    origin = model.__pydantic_generic_metadata__["origin"] or model
    if "description" not in schema and origin.__doc__:
        schema["description"] = inspect.cleandoc(origin.__doc__)


_KIND_EXAMPLES: list[tuple[Any, str, list[Any]]] = [
    (Money, "Money", [750, 200000]),
    (Percent, "Percent", [9.25, 12.5]),
    (Days, "Days", [14, 30]),
    (Years, "Years", [3, 10]),
    (Count, "Count", [3]),
    (RoundingStep, "RoundingStep", [0.01, 1]),
    (Multiple, "Multiple", [1.1, 5]),
    (Ratio, "Ratio", ["1/20", "3/20"]),
]
"""The bounded value types: their names in the JSON Schema, and examples that fit them."""

KINDS: dict[str, Any] = {name: kind for kind, name, _ in _KIND_EXAMPLES}
"""The bounded value types by the name the JSON Schema gives them (``Param_Money_``)."""


def _add_value_examples(model: type[BaseModel], schema: JsonSchemaValue | None) -> None:
    """Give the ``value`` of ``Param[T]`` or ``Dated[T]`` examples that fit ``T``."""
    if schema is None:
        return
    args = model.__pydantic_generic_metadata__["args"]
    if len(args) != 1:
        return
    kind = args[0]
    for known, _, examples in _KIND_EXAMPLES:
        if kind is known:
            schema["examples"] = examples
            return
    if typing.get_origin(kind) is Annotated:
        kind = typing.get_args(kind)[0]
    if typing.get_origin(kind) is list:
        schema["examples"] = _SEQUENCE_EXAMPLES
    elif kind in _VALUE_EXAMPLES:
        schema["examples"] = _VALUE_EXAMPLES[kind]


def _allow_dated_mapping(
    values: JsonSchemaValue, value: JsonSchemaValue, handler: GetJsonSchemaHandler
) -> None:
    """Let the JSON Schema of ``values`` accept the YAML shorthand as well as the list.

    Profiles write dated values as a mapping ``{date: value}`` or ``{date: {value: ...}}``, which
    :meth:`Param._shorthand` turns into the list of :class:`Dated` the model holds; the schema
    that editors read must accept what profiles are written in.
    """
    alternatives = values.get("anyOf", [])
    listed = next((a for a in alternatives if a.get("type") == "array"), None)
    if listed is None or "$ref" not in listed.get("items", {}):
        return
    dated = copy.deepcopy(handler.resolve_ref_schema(listed["items"]))
    dated["properties"].pop("from", None)
    dated["required"] = [name for name in dated.get("required", []) if name != "from"]
    if not dated["required"]:
        del dated["required"]
    dated.pop("title", None)
    dated["description"] = "A value in force from the date given as the key, with its provenance."
    plain = {
        key: copy.deepcopy(item)
        for key, item in value.items()
        if key not in ("default", "title", "description", "examples")
    }
    mapping: JsonSchemaValue = {
        "type": "object",
        "propertyNames": {"pattern": r"^\d{4}-\d{2}-\d{2}$"},
        "minProperties": 1,
        "additionalProperties": {"anyOf": [plain, dated]},
    }
    values["anyOf"] = [mapping, *alternatives]


def _check_range(value: Any, unit: str | None, start: date | None) -> None:
    """Refuse a value outside the range of its ``unit`` (e.g. negative money)."""
    bounds = _UNIT_RANGES.get(unit or "")
    if bounds is None or value is None or isinstance(value, bool):
        return
    if not isinstance(value, int | Decimal):
        return
    low, high, text = bounds
    if not low <= value <= high:
        if start:
            raise ValueError(say(OUT_OF_RANGE_FROM, value=str(value), since=start, range=text))
        raise ValueError(say(OUT_OF_RANGE, value=str(value), range=text))
    if unit in ("days", "years", "count") and value != int(value):
        if start:
            raise ValueError(say(NOT_WHOLE_FROM, value=str(value), since=start, unit=unit))
        raise ValueError(say(NOT_WHOLE, value=str(value), unit=unit))


def _check_entry(value: Any, status: Status | None, start: date | None) -> None:
    if status == "unknown" and value is not None:
        if start:
            raise ValueError(say(UNKNOWN_NEEDS_NULL_FROM, since=start))
        raise ValueError(say(UNKNOWN_NEEDS_NULL))
    if status not in (None, "unknown") and value is None:
        if start:
            raise ValueError(say(NULL_NEEDS_UNKNOWN_FROM, since=start))
        raise ValueError(say(NULL_NEEDS_UNKNOWN))
