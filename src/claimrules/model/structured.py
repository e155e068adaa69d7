"""The structured form of the engine's sentences: a message id and typed parameters.

Every reason, warning and trace outcome a decision carries is also given as ``{"id": ...,
"params": ...}`` (the catalogue's message id and each value typed as a date, money, a percent,
a number, words to translate, text shown as written, or a sentence inside it), so that it can be
said again in the reader's language. This is on every decision's path (a full trace makes about
a dozen such messages a claim), so it is its own module, compiled in the compiled build.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from claimrules.model.filling import date_text
from claimrules.model.messages import KEPT, MESSAGE_IDS, Listed, Said

__all__ = ["structured", "structured_from", "typed"]


def structured(text: str, currency: str) -> dict[str, object] | None:
    """The structured message of one of the engine's sentences: ``{"id": ..., "params": ...}``,
    each parameter typed (:func:`typed`); ``None`` for text that is not one (a profile's own
    wording, a sentence extended by hand). Amounts are money in ``currency``."""
    if type(text) is Said:
        return _structure(text, currency)
    template_id = MESSAGE_IDS.get(text)
    if template_id is not None and "{" not in text:
        return {"id": template_id, "params": {}}
    return None


def _structure(text: Said, currency: str) -> dict[str, object] | None:
    return structured_from(text.template, text.params, currency)


def structured_from(
    template: str, params: dict[str, object], currency: str
) -> dict[str, object] | None:
    """The structured message of ``template`` filled with ``params`` (what :func:`structured`
    gives for ``say(template, **params)``, without making the sentence first)."""
    template_id = MESSAGE_IDS.get(template)
    if template_id is None:
        return None
    return {
        "id": template_id,
        "params": {name: typed(name, value, currency) for name, value in params.items()},
    }


_ALPHA = re.compile(r"[^\W\d_]")
"""A letter: text without one (a number, a day, a sign) is shown as written."""


def typed(name: str, value: object, currency: str) -> dict[str, object]:
    """One parameter of a structured message, as its kind and value:

    - ``{"date": "2025-01-20"}``;
    - ``{"money": "45.76", "currency": "NOK"}``, ``{"percent": "12.25"}`` (a rate),
      ``{"number": 14}`` (days, months, years, a count);
    - ``{"message": {...}}``: a sentence of the engine's inside this one;
    - ``{"list": [...], "separator": "; "}``: several, joined;
    - ``{"words": "send reminder"}``: words the catalogues translate (an action, an event, a
      profile's title);
    - ``{"text": "..."}``: shown as written in every language (a name from the profile, a
      citation, a key)."""
    kind = type(value)
    if kind is date:
        assert isinstance(value, date)
        return {"date": date_text(value)}
    if kind is Decimal:
        if name == "rate":
            return {"percent": str(value)}
        return {"money": str(value), "currency": currency}
    if kind is int:
        return {"number": value}
    if kind is Said:
        assert isinstance(value, Said)
        inner = structured(value, currency)
        return {"message": inner} if inner is not None else {"text": str(value)}
    if kind is Listed:
        assert isinstance(value, Listed)
        items = [typed(name, item, currency) for item in value.items]
        return {"list": items, "separator": value.separator}
    if kind is not str:
        return _other(name, value, currency)
    text = str(value)
    if name in KEPT or _ALPHA.search(text) is None:
        return {"text": text}
    if "{" not in text and text in MESSAGE_IDS:
        return {"message": {"id": MESSAGE_IDS[text], "params": {}}}
    return {"words": text}


def _other(name: str, value: object, currency: str) -> dict[str, object]:
    """A value of another type: a subclass of those :func:`typed` knows, or text."""
    if isinstance(value, bool):
        return {"text": str(value)}
    if isinstance(value, date):
        return {"date": value.isoformat()}
    if isinstance(value, Decimal):
        return typed(name, Decimal(value), currency)
    if isinstance(value, int):
        return {"number": int(value)}
    return typed(name, str(value), currency)
