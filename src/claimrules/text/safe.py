"""Text from a ledger or a profile, shown as written and never interpreted.

A claim id, a debtor id, a delivery failure's reason or an overlay's account number comes from
outside. Shown on a terminal it must not clear the screen or retitle the window (escape
sequences), and opened in a spreadsheet it must not run as a formula. Two renderings:

* :func:`visible` for people reading a terminal or a log: every control, format or separator
  character is written as its Python escape (``ESC`` as ``\\x1b``, a right-to-left override as
  ``\\u202e``, a newline as ``\\n``); everything else, including ``[bold]`` and ``%s``, stays as
  written. :func:`visible_lines` does the same but keeps line breaks, for text laid out in lines.
* :func:`spreadsheet_cell` for CSV files a person may open: a text cell that a spreadsheet would
  read as a formula (it begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return,
  possibly after apostrophes) gets one apostrophe in front, as OWASP's "CSV Injection" advises.
  Plain numbers, negative amounts included, are left as numbers. :func:`spreadsheet_text` takes
  the apostrophe off again: claimrules' CSV reader applies it to every cell, so a file that
  claimrules wrote reads back to the original text; another program does the same by removing
  one leading apostrophe from a cell that begins with apostrophes followed by one of those
  characters (and is not a plain number).
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["json_visible", "spreadsheet_cell", "spreadsheet_text", "visible", "visible_lines"]

_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs"})
"""Unicode categories a terminal may act on or hide: controls (ESC, BEL, CR, …), format
characters (bidirectional overrides, zero-width spaces), line and paragraph separators, and lone
surrogates."""


_SHORT = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(char: str) -> str:
    """Python's escape for one character: ``\\n``, ``\\x1b``, ``\\u202e``, ``\\U000e0001``."""
    if char in _SHORT:
        return _SHORT[char]
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def visible(text: str) -> str:
    """``text`` with every control, format and separator character written as its escape
    (``\\x1b``, ``\\u202e``, ``\\n``): safe to print on a terminal, and shown as written."""
    if text.isprintable():
        return text
    return "".join(
        _escape(char) if unicodedata.category(char) in _HIDDEN_CATEGORIES else char for char in text
    )


def visible_lines(text: str) -> str:
    """As :func:`visible`, keeping line breaks (``\\n``): for text laid out in lines."""
    if text.isprintable():
        return text
    return "\n".join(visible(line) for line in text.split("\n"))


_FORMULA = re.compile(r"'*[=+\-@\t\r]")
"""What a spreadsheet may read as the start of a formula (after apostrophes already added)."""
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
"""A plain number: a spreadsheet reads it as a number, never as a formula."""


def _formula_like(text: str) -> bool:
    return _FORMULA.match(text) is not None and _NUMBER.fullmatch(text) is None


def spreadsheet_cell(text: str) -> str:
    """A CSV cell for ``text`` that no spreadsheet runs as a formula: one apostrophe in front of
    text that would start a formula; anything else (plain numbers included) unchanged.
    :func:`spreadsheet_text` gives the original back."""
    return "'" + text if _formula_like(text) else text


def spreadsheet_text(cell: str) -> str:
    """The text a cell written by :func:`spreadsheet_cell` stands for: one leading apostrophe
    removed where one was added; any other cell unchanged."""
    return cell[1:] if cell.startswith("'") and _formula_like(cell[1:]) else cell


_JSON_HIDDEN = re.compile(
    "[\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]"
)
"""Characters JSON text may hold raw that a terminal may act on or hide (JSON writers already
escape the controls below 0x20): DEL and the C1 controls, bidirectional and zero-width format
characters, line and paragraph separators."""


def json_visible(text: str) -> str:
    """JSON text with the characters of :data:`_JSON_HIDDEN` written as ``\\uXXXX`` escapes:
    the same JSON data, safe to print on a terminal."""
    return _JSON_HIDDEN.sub(lambda found: f"\\u{ord(found.group()):04x}", text)
