"""Filling a sentence's template: its text, made as ``template.format(**params)`` makes it.

A full trace fills about a dozen templates a claim, most with dates and amounts. Python's
``str.format`` writes a ``date`` by parsing a format string each time (slower than the rest of
the sentence together) and a ``Decimal`` through its format-specification machinery; here each
day's ISO text is made once a run (:func:`date_text`) and an amount is written by ``str``, which
gives the same text (``format(value, "")`` is ``str(value)`` for both). A template with anything
but bare ``{name}`` placeholders (a conversion, a format specification, an index) is filled by
``str.format`` itself. This module is compiled in the compiled build.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from string import Formatter

__all__ = ["date_text", "fill"]

_MEMO_SIZE = 1 << 14
"""The most days (and templates) remembered; emptied when full, as the engine's memos are."""

_DATE_TEXTS: dict[date, str] = {}
_PLAIN: dict[str, bool] = {}


def date_text(day: date) -> str:
    """``day`` in ISO form (``2025-01-20``): ``day.isoformat()``, made once for each day."""
    text = _DATE_TEXTS.get(day)
    if text is None:
        if len(_DATE_TEXTS) >= _MEMO_SIZE:
            _DATE_TEXTS.clear()
        text = day.isoformat()
        _DATE_TEXTS[day] = text
    return text


def fill(template: str, params: dict[str, object]) -> str:
    """``template.format(**params)``, the same text: a ``date`` written by :func:`date_text`, a
    ``Decimal`` by ``str`` (the exact types; a subclass is left to ``str.format``).

    Raises:
        KeyError, IndexError, ValueError: as ``template.format(**params)`` does.
    """
    texts: dict[str, object] | None = None
    for name, value in params.items():
        kind = type(value)
        if kind is date:
            assert isinstance(value, date)
            texts = texts if texts is not None else dict(params)
            texts[name] = date_text(value)
        elif kind is Decimal:
            texts = texts if texts is not None else dict(params)
            texts[name] = str(value)
    if texts is None or not _plain(template):
        return template.format(**params)
    return template.format_map(texts)


def _plain(template: str) -> bool:
    """Whether every placeholder of ``template`` is a bare ``{name}`` (no conversion, format
    specification, attribute or index; never positional), remembered for each template."""
    found = _PLAIN.get(template)
    if found is None:
        found = _placeholders_bare(template)
        if len(_PLAIN) >= _MEMO_SIZE:
            _PLAIN.clear()
        _PLAIN[template] = found
    return found


def _placeholders_bare(template: str) -> bool:
    try:
        parts = list(Formatter().parse(template))
    except ValueError:  # unbalanced braces: str.format says so
        return False
    for _literal, name, spec, conversion in parts:
        if name is None:
            continue
        if not name.isidentifier() or spec or conversion is not None:
            return False
    return True
