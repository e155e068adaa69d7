"""Filling a sentence's template (``claimrules.model.filling``): the same text as
``str.format``, whatever the template and the values, and the same error where it fails."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from string import Formatter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimrules.model import filling
from claimrules.model import messages as m
from claimrules.model.filling import date_text, fill


class _Amount(Decimal):
    """A Decimal subclass: left to str.format."""

    def __format__(self, spec: str) -> str:
        return "amount " + super().__format__(spec)


_values = st.one_of(
    st.dates(),
    st.datetimes(),
    st.decimals(allow_nan=True, allow_infinity=True, places=None),
    st.decimals(allow_nan=False, allow_infinity=False).map(_Amount),
    st.integers(),
    st.booleans(),
    st.text(max_size=8),
    st.builds(lambda day: m.say(m.RESENT_WITHOUT_DUE_DATE, date=day), st.dates()),
    st.none(),
)

_names = st.sampled_from(["date", "amount", "n", "why"])
_pieces = st.one_of(
    st.text(alphabet="ab -:;", max_size=4),
    _names.map(lambda name: "{" + name + "}"),
    _names.map(lambda name: "{" + name + "!r}"),
    _names.map(lambda name: "{" + name + ":>12}"),
    st.sampled_from(["{}", "{0}", "{date.year}", "{", "}", "{{", "}}", "{n[0]}", "{:}"]),
)


def _outcome(call: Callable[[], str]) -> tuple[str, object]:
    try:
        return "text", call()
    except Exception as error:  # the same exception is the point
        return "error", type(error)


@given(st.lists(_pieces, max_size=6).map("".join), st.dictionaries(_names, _values, max_size=4))
def test_fill_gives_what_str_format_gives(template: str, params: dict[str, object]) -> None:
    assert _outcome(lambda: fill(template, params)) == _outcome(lambda: template.format(**params))


@pytest.mark.parametrize("template", m.TEMPLATES)
def test_every_engine_template_is_filled_as_str_format_fills_it(template: str) -> None:
    names = [name for _, name, _, _ in Formatter().parse(template) if name]
    params: dict[str, object] = {}
    for i, name in enumerate(names):
        params[name] = (date(2025, 1, 20), Decimal("1234.50"), 14, "x")[i % 4]
    assert fill(template, params) == template.format(**params)


@given(st.dates())
def test_a_days_text_is_its_iso_form(day: date) -> None:
    assert date_text(day) == day.isoformat() == str(day)
    assert date_text(day) == day.isoformat()  # remembered


def test_the_memos_stay_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(filling, "_MEMO_SIZE", 3)
    monkeypatch.setattr(filling, "_DATE_TEXTS", {})
    for day in range(1, 10):
        assert date_text(date(2025, 1, day)) == f"2025-01-{day:02d}"
        assert len(filling._DATE_TEXTS) <= 3


def test_a_datetime_is_not_written_as_a_day() -> None:
    moment = datetime(2025, 1, 20, 12, 30)
    assert fill("at {date}", {"date": moment}) == "at 2025-01-20 12:30:00"
