"""mkdocs hook: show the docstrings' Sphinx-style cross-references as code.

The docstrings name other objects the way Python's own documentation does
(:class:`~claimrules.errors.ClaimError`, :meth:`model_validate`, ``Name::`` before a literal
block); mkdocstrings renders Google-style docstrings as Markdown, where those roles would show
as raw text. Each role becomes inline code of the name (the last part where it starts with
``~``), and a paragraph ending in ``::`` ends in ``:``.
"""

from __future__ import annotations

import re
from typing import Any

_ROLE = re.compile(r":(?:py:)?(?:class|meth|func|data|attr|mod|exc|obj):<code>(~?)([^<]+)</code>")
_LITERAL = re.compile(r"::</p>")


def _name(found: re.Match[str]) -> str:
    short, target = found.group(1), found.group(2)
    return f"<code>{target.rsplit('.', 1)[-1] if short else target}</code>"


def on_page_content(html: str, **_: Any) -> str:
    return _LITERAL.sub(":</p>", _ROLE.sub(_name, html))
