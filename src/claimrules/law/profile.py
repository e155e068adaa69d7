"""A loaded, validated profile: the schema data plus what the engine precomputes from it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from babel.numbers import get_currency_precision
from pydantic import BaseModel

from claimrules.law.calendar import Calendar
from claimrules.law.schema import ClaimTypeSpec, ProfileSpec
from claimrules.law.values import Param
from claimrules.law.yamlio import PathKey, Positions
from claimrules.model import messages as m
from claimrules.model.messages import say

__all__ = ["Profile", "param_paths"]


def _key_text(key: object) -> str | int:
    if isinstance(key, date):
        return key.isoformat()
    if isinstance(key, int):
        return key
    return str(key)


def param_paths(obj: object, path: PathKey = ()) -> Iterator[tuple[PathKey, Param[Any]]]:
    """Every :class:`Param` in ``obj`` (a spec or part of one) with its key path, as the YAML
    names it (``("interest", "statutory", "rate")``)."""
    if isinstance(obj, Param):
        yield path, obj
    elif isinstance(obj, BaseModel):
        for name, field in type(obj).model_fields.items():
            yield from param_paths(getattr(obj, name, None), (*path, field.alias or name))
    elif isinstance(obj, dict):
        for key, value in obj.items():
            yield from param_paths(value, (*path, _key_text(key)))
    elif isinstance(obj, list | tuple):
        for index, value in enumerate(obj):
            yield from param_paths(value, (*path, index))


class Profile:
    """An immutable rule profile, ready for ``decide``; load it with ``load_profile``.

    Attributes:
        id: the profile id, e.g. ``no`` or ``no/orkdal``.
        spec: the validated profile data.
        calendar: business days and deadline conventions.
        content_hash: SHA-256 of every YAML file the profile was built from (base included),
            so a stored decision can name exactly the rules that made it.
        files: those files, base profile first.
        positions: the file and line of every key path of the YAML (empty for a profile built
            in code), so a decision can say where an unknown value is to be filled in.
        minor_unit: the currency's smallest unit (``Decimal("0.01")`` for NOK and DKK).
    """

    __slots__ = (
        "_paths",
        "calendar",
        "content_hash",
        "files",
        "id",
        "memo",
        "minor_unit",
        "positions",
        "spec",
    )

    def __init__(
        self,
        spec: ProfileSpec,
        content_hash: str,
        files: tuple[Path, ...],
        positions: Positions | None = None,
    ) -> None:
        self.spec = spec
        self.id = spec.profile.id
        self.content_hash = content_hash
        self.files = files
        self.positions = positions or Positions()
        self.calendar = Calendar(spec.calendar)
        self.minor_unit = Decimal(1).scaleb(-int(get_currency_precision(self.currency)))
        self._paths: dict[int, PathKey] | None = None
        self.memo: dict[str, dict[Any, Any]] = {}
        """Results the engine computed from dates alone (a limitation period from a due date
        and the dates of the interrupting events, a lien's lapse), reused for the claims of
        a billing run that share them. Bounded in size; the profile is immutable."""

    @property
    def currency(self) -> str:
        """ISO 4217 currency of every claim decided under this profile."""
        return self.spec.profile.currency

    def claim_type(self, name: str) -> ClaimTypeSpec | None:
        """The claim type called ``name``, or ``None``."""
        return self.spec.claim_types.get(name)

    def path_of(self, param: Param[Any]) -> PathKey | None:
        """The key path of ``param`` in this profile (``None`` if it is not one of its values)."""
        if self._paths is None:
            self._paths = {id(p): path for path, p in param_paths(self.spec)}
        return self._paths.get(id(param))

    def where(self, param: Param[Any], on: date) -> str:
        """Name the value of ``param`` in force on ``on`` as a lawyer edits it: its dotted key
        (with the entry's date for a dated value) and the file and line, e.g.
        ``interest.statutory.rate.values.2026-07-01 (no/interest.yaml:118)``."""
        path = self.path_of(param)
        if path is None:
            return "a value of the profile"
        key: PathKey = path
        if param.values is not None:
            resolved = param.at(on)
            if resolved is not None and resolved.valid_from is not None:
                key = (*path, "values", resolved.valid_from.isoformat())
            else:
                return self._no_entry(param, on, self._located((*path, "values")))
        return self._located(key)

    def _located(self, key: PathKey) -> str:
        """``key`` dotted, with its file and line where the profile has them."""
        dotted = ".".join(str(part) for part in key)
        file, line = self.positions.locate(key)
        return dotted if file is None else f"{dotted} ({self._display(file)}:{line})"

    def _no_entry(self, param: Param[Any], on: date, where: str) -> str:
        """A dated value with no entry in force on ``on``: where it is, and until when the
        last entry before was in force (a sentence of the engine's, so that it is translated)."""
        earlier = [e for e in param.values or () if e.valid_from <= on]
        last = param.at(earlier[-1].valid_from) if earlier else None
        if not earlier or last is None or last.valid_until is None:
            return say(m.NO_ENTRY, where=where, date=on)
        through = last.valid_until - timedelta(days=1)
        start = earlier[-1].valid_from
        if param.renewal is None:
            return say(m.NO_ENTRY_SINCE, where=where, date=on, start=start, through=through)
        return say(
            m.NO_ENTRY_RENEWED,
            where=where,
            date=on,
            start=start,
            through=through,
            renewal=m.RENEWAL_WORDS[param.renewal],
        )

    def _display(self, file: Path) -> str:
        """``file`` relative to the directory that holds the base profile's directory (so
        ``no/interest.yaml`` for a built-in profile, whatever the install location)."""
        if self.files:
            root = self.files[0].parent.parent
            try:
                return file.relative_to(root).as_posix()
            except ValueError:
                pass
        return f"{file.parent.name}/{file.name}"

    def __repr__(self) -> str:
        return f"<Profile {self.id} {self.content_hash[:12]}>"
