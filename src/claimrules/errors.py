"""Errors raised by claimrules.

The tree, so a caller can catch at the granularity it needs::

    ClaimrulesError                 anything claimrules refuses to do
    ├── ProfileError                a rule profile is wrong (file, line, key path, did-you-mean)
    ├── ClaimError                  a claim is wrong (claim id, field)
    ├── FormatError                 a file cannot be read as its format at all
    ├── ReplayError                 a stored decision was made with another profile or claim
    └── WorkerError                 a worker process of a parallel run died or failed

``ProfileError`` is also a ``ValueError``. ``ClaimError`` deliberately is not: pydantic would
otherwise swallow it while validating and re-wrap it without the claim id.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "ClaimError",
    "ClaimrulesError",
    "FormatError",
    "ProfileError",
    "ProfileIssue",
    "ReplayError",
    "WorkerError",
]


class ClaimrulesError(Exception):
    """Base class of every error claimrules raises on purpose."""


@dataclass(frozen=True)
class ProfileIssue:
    """One problem found in a profile: where it is and what is wrong.

    Attributes:
        file: the YAML file (``None`` when the problem is not tied to one file).
        line: 1-based line number in ``file`` (``None`` when unknown).
        key_path: dotted path of the offending key, e.g. ``fees.notices.reminder.fraction``.
        message: what is wrong, in plain words.
        suggestion: a did-you-mean for an unknown key, if a close match exists.
        said: the message as a catalogue sentence and its values
            (:class:`claimrules.model.messages.Said`), for ``claimrules validate --lang``;
            ``None`` for a message that has no translation (shown as written). Not compared.
    """

    file: Path | None
    line: int | None
    key_path: str
    message: str
    suggestion: str | None = None
    said: object = field(default=None, compare=False, repr=False)

    def __str__(self) -> str:
        where = str(self.file) if self.file is not None else "<profile>"
        if self.line is not None:
            where += f":{self.line}"
        text = f"{where}: {self.key_path or '<root>'}: {self.message}"
        if self.suggestion:
            text += f" (did you mean '{self.suggestion}'?)"
        return text


class ProfileError(ClaimrulesError, ValueError):
    """A profile could not be loaded or is not valid.

    ``issues`` lists every problem found; ``str(error)`` names the file, line and key path of
    each, the first one first. The convenience attributes ``file``, ``line``, ``key_path`` and
    ``suggestion`` describe the first issue.
    """

    def __init__(self, issues: list[ProfileIssue]) -> None:
        if not issues:
            raise ValueError("ProfileError needs at least one issue")
        self.issues = issues
        first = issues[0]
        self.file = first.file
        self.line = first.line
        self.key_path = first.key_path
        self.suggestion = first.suggestion
        super().__init__("\n".join(str(issue) for issue in issues))


class ClaimError(ClaimrulesError):
    """A claim is not valid input.

    Attributes:
        claim_id: the claim's ``id`` if it could be read, else ``None``.
        field: dotted path of the (first) offending field, e.g. ``events.2.amount``.
        message: what is wrong with it.
        line: 1-based input line number when the claim came from a file (set by readers).
        problems: every problem found, as ``(field, message)`` pairs, the first one first
            (a claim can be wrong in several fields at once).
    """

    def __init__(
        self,
        claim_id: str | None,
        field: str,
        message: str,
        *,
        line: int | None = None,
        problems: tuple[tuple[str, str], ...] | None = None,
    ) -> None:
        self.claim_id = claim_id
        self.field = field
        self.message = message
        self.line = line
        self.problems = problems if problems else ((field, message),)
        where = f"claim {claim_id!r}" if claim_id is not None else "claim <no id>"
        if line is not None:
            where += f" (line {line})"
        text = "; ".join(f"{name or '<claim>'}: {what}" for name, what in self.problems)
        super().__init__(f"{where}: {text}")

    def at_line(self, line: int) -> ClaimError:
        """The same error, with the input line number ``line``."""
        return ClaimError(
            self.claim_id, self.field, self.message, line=line, problems=self.problems
        )


class ReplayError(ClaimrulesError):
    """A stored decision cannot be replayed: it is not a stored decision, or it was made with
    another version of the law (the profile's content hash differs) or for another claim."""


class WorkerError(ClaimrulesError):
    """A worker process of a parallel run died (killed by the operating system, out of memory)
    or failed: the run is stopped and its output not written."""


class FormatError(ClaimrulesError):
    """A file cannot be read or written as the format it claims to be (not one bad record)."""


def interruption_within(error: BaseException) -> KeyboardInterrupt | SystemExit | None:
    """The Ctrl-C (``KeyboardInterrupt``) or exit (``SystemExit``) that a library turned into an
    ordinary error, found along ``error``'s causes and contexts, else ``None``.

    A signal is delivered wherever Python happens to be: inside a callback that orjson or pydantic
    calls, it comes back as "not JSON serialisable" or a validation error. Code that reports a
    claim's failure and goes on must re-raise the interruption instead."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        if isinstance(current, KeyboardInterrupt | SystemExit):
            return current
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return None
