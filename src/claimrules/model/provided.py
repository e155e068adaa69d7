"""Behaviour the models offer but upper layers implement: :meth:`Decision.explain` (the text
layer), :meth:`Decision.case_file` (the reports layer) and :meth:`CaseFile.html` (the text
layer). Each upper module registers its function here when it is imported (importing
``claimrules`` imports them all), so the models import none of their consumers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = ["provide", "provided"]

_PROVIDED: dict[str, Callable[..., Any]] = {}


def provide(name: str, function: Callable[..., Any]) -> None:
    """Register ``function`` as the implementation of ``name``."""
    _PROVIDED[name] = function


def provided(name: str) -> Callable[..., Any]:
    """The implementation of ``name`` (registered when ``claimrules`` is imported)."""
    return _PROVIDED[
        name
    ]  # importing any part of claimrules imports claimrules, which registers all
