"""The message catalogues' sources beyond the code: a profile's own sentences.

Decisions quote some of a profile's wording (a step's reason, a warning's message, how a lien
is kept, the titles of ladders and claim types). :func:`extract_profile` is the babel extraction
method that puts them in the catalogues (``claimrules_profile`` in ``babel.cfg``), so that a
reader of another language sees them translated too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from claimrules.law.yamlio import read_yaml

__all__ = ["extract_profile", "glosses", "profile_sentences"]


# --- a profile's own sentences --------------------------------------------------------------

_PROFILE_TEXT_KEYS = frozenset({"reason", "message", "preserve_step", "next_step"})
"""Keys whose text a decision quotes: a step's reason, a warning's message, how a lien is kept,
the next step after a wage deduction stopped paying."""
_PROFILE_TITLED = frozenset({"ladders", "claim_types"})
"""Top-level sections whose entries' ``title`` a decision quotes."""
_PROFILE_TEXT_MAPS = frozenset({"preserve_steps"})
"""Keys whose every value a decision quotes: how the claim is kept after each way legal
proceedings end."""


def _texts(data: Any, path: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], str]]:
    if isinstance(data, dict):
        for key, value in data.items():
            here = (*path, key)
            titled = key == "title" and (
                (len(path) == 2 and path[0] in _PROFILE_TITLED)
                or path[:2] == ("court_fees", "steps")  # a court fee, named in its warning
            )
            quoted = (
                key in _PROFILE_TEXT_KEYS
                or titled
                or path[-1:] in {(k,) for k in _PROFILE_TEXT_MAPS}
                or (key == "note" and "in_force" in path)  # quoted when the law is unknown
            )
            if isinstance(value, str) and quoted:
                yield here, value.strip()
            elif isinstance(value, str) and key in ("section", "statute"):
                yield from ((here, gloss) for gloss in glosses(value))
            else:
                yield from _texts(value, here)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _texts(value, (*path, index))


_GLOSS = re.compile(r"\(([^()]*[^\W\d_][^()]*)\)")
"""Words in parentheses in a citation's section: ``§ 2 (delay caused by the creditor)``."""


def glosses(section: str) -> list[str]:
    """The words a citation's ``section`` adds in parentheses to say what the section is about
    (``delay caused by the creditor``, ``practice``): a reader of another language gets them
    translated (numbers such as ``(3)`` are not words)."""
    return [found.strip() for found in _GLOSS.findall(section)]


def profile_sentences(file: Path) -> list[tuple[int, str]]:
    """The sentences of one profile file that decisions quote (step reasons, warning messages,
    how a lien is preserved, the titles of ladders and claim types), with their lines.

    Raises:
        ProfileError: the file cannot be read as a profile file.
    """
    data, positions = read_yaml(file)
    found = []
    for path, text in _texts(data, ()):
        _, line = positions.locate(path)
        found.append((line or 0, text))
    return found


def extract_profile(
    fileobj: IO[bytes], keywords: object, comment_tags: object, options: object
) -> Iterator[tuple[int, str, str, list[str]]]:
    """A babel extraction method for profile YAML files (``claimrules_profile`` in
    ``babel.cfg``): each sentence a decision quotes becomes a catalogue entry, so a reader of
    another language sees the profile's reasons and warnings in that language too."""
    file = Path(getattr(fileobj, "name", ""))
    where = "/".join(file.parts[-3:] if file.parent.parent.name == "profiles" else file.parts[-2:])
    for line, text in profile_sentences(file):
        yield line, "", text, [f"TRANSLATORS: the wording of profile file {where}, line {line}"]
