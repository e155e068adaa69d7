"""Module paths that moved when the package was layered, kept working for one release, deprecated.

Every module used to sit flat in ``claimrules/``; the package is now layered (see the
architecture page). Code that imports an old path (``claimrules.formats``,
``claimrules.profile.registry``) gets an alias of the module at its new path: each name read
from it is the new module's, with a :class:`DeprecationWarning` naming the new path. The aliases
go in the release after.
"""

from __future__ import annotations

import importlib
import sys
import warnings
from types import ModuleType

__all__ = ["MOVED", "install", "old_module"]

MOVED: dict[str, str] = {
    "claimrules.claims": "claimrules.model.claims",
    "claimrules.decision": "claimrules.model.decision",
    "claimrules.messages": "claimrules.model.messages",
    "claimrules.memo": "claimrules.rules.memo",
    "claimrules.profile": "claimrules.law",
    "claimrules.profile.checks": "claimrules.law.checks",
    "claimrules.profile.loader": "claimrules.law.loader",
    "claimrules.profile.profile": "claimrules.law.profile",
    "claimrules.profile.registry": "claimrules.law.registry",
    "claimrules.profile.schema": "claimrules.law.schema",
    "claimrules.profile.values": "claimrules.law.values",
    "claimrules.profile.yamlio": "claimrules.law.yamlio",
    "claimrules.calendar": "claimrules.law.calendar",
    "claimrules.history": "claimrules.rules.history",
    "claimrules.delivery": "claimrules.rules.delivery",
    "claimrules.fees": "claimrules.rules.fees",
    "claimrules.interest": "claimrules.rules.interest",
    "claimrules.ledger": "claimrules.rules.ledger",
    "claimrules.limitation": "claimrules.rules.limitation",
    "claimrules.plans": "claimrules.rules.plans",
    "claimrules.monitoring": "claimrules.rules.monitoring",
    "claimrules.explain": "claimrules.text.explain",
    "claimrules.safe_text": "claimrules.text.safe",
    "claimrules.aging": "claimrules.reports.aging",
    "claimrules.cases": "claimrules.reports.cases",
    "claimrules.casefile": "claimrules.reports.casefile",
    "claimrules.postings": "claimrules.reports.postings",
    "claimrules.portfolio": "claimrules.reports.portfolio",
    "claimrules.lint": "claimrules.tools.lint",
    "claimrules.impact": "claimrules.tools.impact",
    "claimrules.reference": "claimrules.tools.reference",
    "claimrules.replay": "claimrules.tools.replay",
    "claimrules.formats": "claimrules.io.formats",
    "claimrules.scale": "claimrules.io.scale",
    "claimrules.synthetic": "claimrules.testing.synthetic",
}
"""Old module path → new module path."""


class _Deprecated(ModuleType):
    """An old module path: every attribute read is the new module's, with a warning."""

    def __init__(self, old: str, new: str) -> None:
        super().__init__(old, f"Deprecated: moved to {new}.")
        self.__dict__["_new"] = new
        if old == "claimrules.profile":
            self.__path__: list[str] = []  # a package: its old submodules are aliases too

    def __getattr__(self, name: str) -> object:
        if name.startswith("__"):  # what tools ask of every module (__file__): not forwarded
            raise AttributeError(name)
        new = self.__dict__["_new"]
        warnings.warn(
            f"{self.__name__} moved to {new}; the old path is deprecated and will be removed "
            "in the next release",
            DeprecationWarning,
            stacklevel=2,
        )
        return getattr(importlib.import_module(new), name)


def old_module(name: str) -> ModuleType | None:
    """The alias of an old submodule of ``claimrules`` (``formats``), for the package's
    ``__getattr__``; ``None`` for a name that never was one."""
    return sys.modules.get(f"claimrules.{name}") if f"claimrules.{name}" in MOVED else None


def install() -> None:
    """Put an alias for each old path in ``sys.modules``: ``import claimrules.formats`` and
    ``from claimrules.formats import read_claims`` keep working (the latter warns), and never
    replace a function of the same name on the package (``claimrules.aging``)."""
    for old, new in MOVED.items():
        sys.modules.setdefault(old, _Deprecated(old, new))
