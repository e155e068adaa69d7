"""A loaded, validated profile: the schema data plus what the engine precomputes from it."""

from __future__ import annotations

from pathlib import Path

from claimrules.calendar import Calendar
from claimrules.profile.schema import ClaimTypeSpec, ProfileSpec

__all__ = ["Profile"]


class Profile:
    """An immutable rule profile, ready for ``decide``; load it with ``load_profile``.

    Attributes:
        id: the profile id, e.g. ``no`` or ``no/orkdal``.
        spec: the validated profile data.
        calendar: business days and deadline conventions.
        content_hash: SHA-256 of every YAML file the profile was built from (base included),
            so a stored decision can name exactly the rules that made it.
        files: those files, base profile first.
    """

    __slots__ = ("calendar", "content_hash", "files", "id", "spec")

    def __init__(self, spec: ProfileSpec, content_hash: str, files: tuple[Path, ...]) -> None:
        self.spec = spec
        self.id = spec.profile.id
        self.content_hash = content_hash
        self.files = files
        self.calendar = Calendar(spec.calendar)

    @property
    def currency(self) -> str:
        """ISO 4217 currency of every claim decided under this profile."""
        return self.spec.profile.currency

    def claim_type(self, name: str) -> ClaimTypeSpec | None:
        """The claim type called ``name``, or ``None``."""
        return self.spec.claim_types.get(name)

    def __repr__(self) -> str:
        return f"<Profile {self.id} {self.content_hash[:12]}>"
