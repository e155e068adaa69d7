"""Bounded memos: results that depend only on a few facts of a claim (its dates, its events'
names), shared by the claims that have the same facts.

A memo is a plain dict kept for one profile (:attr:`claimrules.law.Profile.memo`) or one
regime. It holds at most :data:`MEMO_SIZE` entries: when it is full it is emptied and fills
again with what the claims now being decided share, so a long run stays within a fixed memory
whatever order its claims come in. The values are never changed after they are made.
"""

from __future__ import annotations

from typing import Any, TypeVar

__all__ = ["MEMO_SIZE", "TRACED_MEMO_SIZE", "remember"]

MEMO_SIZE = 1 << 14
"""The most entries one memo keeps (16,384)."""

TRACED_MEMO_SIZE = 1 << 11
"""The most entries a memo keeps of results that carry a trace's sentences (2,048): a traced
limitation period holds each step's sentence, several times the memory of the period itself."""

V = TypeVar("V")


def remember(memo: dict[Any, Any], key: Any, value: V, size: int = MEMO_SIZE) -> V:
    """Keep ``value`` under ``key`` in ``memo`` (emptied first when it holds ``size``
    entries); return ``value``."""
    if len(memo) >= size:
        memo.clear()
    memo[key] = value
    return value
