"""Module paths that moved in the 0.9 layout, kept working for one release, deprecated.

Until 0.8 every module sat flat in ``claimrules/``; from 0.9 the package is layered (see the
architecture page). Code that imports an old path (``claimrules.formats``,
``claimrules.profile.registry``) gets the module at its new path, the very same module object,
with a :class:`DeprecationWarning` naming the new path. The aliases go in the release after.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import sys
import warnings
from types import ModuleType

__all__ = ["MOVED"]

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


class _Alias(importlib.abc.Loader):
    """Loads an old path as the module at its new path."""

    def __init__(self, new: str) -> None:
        self.new = new

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType:
        warnings.warn(
            f"{spec.name} moved to {self.new}; the old path is deprecated and will be removed "
            "in the next release",
            DeprecationWarning,
            stacklevel=2,
        )
        module = importlib.import_module(self.new)
        sys.modules[spec.name] = module
        return module

    def exec_module(self, module: ModuleType) -> None:
        """Nothing to run: the module at the new path is already loaded."""


class _Finder(importlib.abc.MetaPathFinder):
    """Finds the old paths of :data:`MOVED`."""

    def find_spec(
        self, fullname: str, path: object = None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        new = MOVED.get(fullname)
        if new is None:
            return None
        package = fullname == "claimrules.profile"
        return importlib.machinery.ModuleSpec(fullname, _Alias(new), is_package=package)


def install() -> None:
    """Make the old paths importable (once per process)."""
    if not any(isinstance(finder, _Finder) for finder in sys.meta_path):
        # first: the path finder would otherwise load a moved module a second time
        sys.meta_path.insert(0, _Finder())
