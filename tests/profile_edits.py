"""Helpers for tests that break one file of a private copy of a built-in profile.

Line numbers are never hard-coded: a test finds the line of the text it inserted or changed.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

PROFILES = Path(__file__).resolve().parent.parent / "profiles"


def copy_profile(tmp_path: Path, name: str) -> Path:
    """A private copy of a built-in profile directory (``no`` brings ``no/orkdal`` along)."""
    target = tmp_path / name
    shutil.copytree(PROFILES / name, target)
    return target


def mutate(file: Path, change: Callable[[str], str]) -> str:
    """Apply ``change`` to ``file``'s text, insist that it changed something, return the text."""
    before = file.read_text(encoding="utf-8")
    after = change(before)
    assert after != before, f"the mutation did not change {file.name}"
    file.write_text(after, encoding="utf-8")
    return after


def replace_once(old: str, new: str) -> Callable[[str], str]:
    """A mutation replacing the first occurrence of ``old`` (which must be present)."""

    def change(text: str) -> str:
        assert old in text, f"{old!r} not found"
        return text.replace(old, new, 1)

    return change


def line_of(text: str, needle: str, *, after: str | None = None) -> int:
    """1-based number of the first line containing ``needle`` (past the line holding ``after``)."""
    lines = text.splitlines()
    start = 0
    if after is not None:
        start = next(i for i, line in enumerate(lines) if after in line) + 1
    for index in range(start, len(lines)):
        if needle in lines[index]:
            return index + 1
    raise AssertionError(f"{needle!r} not in the text")
