"""The package's layers (issue 20): moved module paths still import, deprecated, for one
release."""

from __future__ import annotations

import importlib
import sys
import warnings

import pytest

from claimrules._moved import MOVED


@pytest.mark.parametrize(("old", "new"), sorted(MOVED.items()))
def test_an_old_module_path_is_the_new_module_with_a_deprecation_warning(
    old: str, new: str
) -> None:
    sys.modules.pop(old, None)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        module = importlib.import_module(old)
    assert module is importlib.import_module(new)
    assert any(
        issubclass(w.category, DeprecationWarning) and new in str(w.message) for w in caught
    )
