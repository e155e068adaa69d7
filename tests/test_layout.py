"""The package's layers (issue 20): moved module paths still import, deprecated, for one
release."""

from __future__ import annotations

import importlib
import warnings

import pytest

import claimrules as cr
from claimrules._moved import MOVED


@pytest.mark.parametrize(("old", "new"), sorted(MOVED.items()))
def test_an_old_module_path_gives_the_new_modules_names_with_a_deprecation_warning(
    old: str, new: str
) -> None:
    module = importlib.import_module(old)
    target = importlib.import_module(new)
    public = [name for name in getattr(target, "__all__", ()) if not name.startswith("_")]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for name in public:
            assert getattr(module, name) is getattr(target, name)
    assert not public or any(
        issubclass(w.category, DeprecationWarning) and new in str(w.message) for w in caught
    )


def test_importing_an_old_path_leaves_the_public_functions_of_the_same_name() -> None:
    """``claimrules.aging``, ``.postings`` and ``.replay`` were modules and are functions of
    the curated API: importing the old module path must not replace the function."""
    for name in ("aging", "postings", "replay"):
        importlib.import_module(f"claimrules.{name}")
        assert callable(getattr(cr, name)), name
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from claimrules.formats import read_claims

        assert read_claims is cr.read_claims
        assert cr.formats.read_claims is cr.read_claims  # type: ignore[attr-defined]
