"""A run of a command on a claims file: the claims read (bad ones reported on stderr with
their line, and counted), the check that the profile fits the ledger, and where the output goes
(a file written atomically, or standard output)."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import click

from claimrules.cli.app import UsageError
from claimrules.cli.console import _say
from claimrules.engine.batch import record_one
from claimrules.engine.core import TraceMode, check_fits
from claimrules.errors import ClaimError, FormatError
from claimrules.io import registry
from claimrules.io.fileformat import FileFormat
from claimrules.law.profile import Profile
from claimrules.law.registry import load_profile
from claimrules.model import core
from claimrules.model.claims import Claim, core_claim_from_json
from claimrules.model.decision import Decision


class _Run:
    """Claims read from one file, with bad ones reported on stderr (with their line) and
    counted."""

    def __init__(self, path: Path, events: Path | None = None, *, quiet: bool = False) -> None:
        self.path = path
        self.events = events
        self.failures = 0
        self.decided_count = 0
        self.quiet = quiet
        self.held: list[ClaimError] = []
        """Errors held back while no claim has been decided yet: if the first hundred claims
        all fail the same way, one line says the profile does not fit, instead of each."""
        self.profile: Profile | None = None
        self.handle: Any = None
        self.format = _format_of(path)
        _require(self.format)
        if events is not None and self.format.events_suffix is None:
            apart = registry.titles(f for f in registry.FORMATS if f.events_suffix is not None)
            raise UsageError(f"--events goes with a claims {apart} file, not {path.name}")
        self.events_file = (
            events or self.format.events_file(path) if self.format.events_suffix else None
        )

    def report(self, error: ClaimError, line: int | None = None) -> None:
        """Print one bad claim as ``FILE:LINE: skipped: ...`` (every problem) and count it."""
        self.failures += 1
        if line is not None and error.line is None:
            error = error.at_line(line)
        if self.decided_count == 0 and not self.quiet:
            self.held.append(error)
            if len(self.held) >= FIT_SAMPLE:
                self.check_fit()
            return
        self.print(error)

    def print(self, error: ClaimError) -> None:
        if not self.quiet:
            where = f"{self.path}:{error.line}" if error.line is not None else str(self.path)
            _say(f"{where}: skipped: {error}", err=True)

    def release(self) -> None:
        """Print the errors held back (a claim was decided, or they differ)."""
        held, self.held = self.held, []
        for error in held:
            self.print(error)

    def check_fit(self) -> None:
        """One line, exit 2, when every claim so far (at least one) failed on the same field
        of fit (claim type or currency): the profile does not fit the ledger."""
        held = self.held
        fields = {error.field for error in held}
        if held and self.decided_count == 0 and fields <= {"currency", "claim_type"}:
            first = held[0]
            suggestion = ""
            currency = next((e for e in held if e.field == "currency"), None)
            if self.profile is not None and currency is not None:
                suggestion = _profile_for(currency, self.profile)
            how_many = f"the first {len(held)}" if len(held) >= FIT_SAMPLE else f"all {len(held)}"
            raise UsageError(
                f"profile {self.profile.id if self.profile else ''} does not fit {self.path}: "
                f"{how_many} claims fail on their {' or '.join(sorted(fields))} (e.g. {first})"
                f"{suggestion}; nothing was written"
            )
        self.release()

    def claims(self) -> Iterator[tuple[int, Claim]]:
        """The valid claims with their line numbers, in file order."""
        return self._read(engine=False)

    def engine_claims(self) -> Iterator[tuple[int, Claim | core.Claim]]:
        """:meth:`claims`, for deciding: a file of JSON lines is decoded straight into the
        engine's core types (:func:`~claimrules.model.claims.core_claim_from_json`, the same
        claims and errors at C speed); other formats are read as claims."""
        return self._read(engine=True)

    def _read(self, *, engine: bool) -> Iterator[tuple[int, Any]]:
        try:
            if engine and self.format.lines is not None:
                numbered: Iterator[tuple[int, Any]] = _core_claims(self.format.lines(self.path))
            elif self.format.read_stream is not None:
                self.handle = self.path.open("rb")
                numbered = self.format.read_stream(self.handle)
            else:
                numbered = self.format.read_numbered(self.path, self.events)
            for line, item in numbered:
                if isinstance(item, ClaimError):
                    self.report(item, line)
                else:
                    yield line, item
        except FormatError as error:
            raise UsageError(str(error)) from error
        except UnicodeDecodeError as error:
            raise UsageError(f"{self.path}: not UTF-8 text ({error.reason})") from error
        except OSError as error:
            raise UsageError(f"{self.path}: {error.strerror or error}") from error

    def fitting(self, profile: Profile) -> Iterator[Claim]:
        """The valid claims that fit the profile (claim type, currency); misfits are reported."""
        self.profile = profile
        for line, claim in self.claims():
            try:
                check_fits(claim, profile)
            except ClaimError as error:
                self.report(error, line)
                continue
            self.decided_one()
            yield claim
        self.finish()

    def decided(self, profile: Profile, as_of: date) -> Iterator[tuple[Claim, Decision]]:
        """Each claim that fits the profile, with its decision (``decide`` itself checks the
        fit, so a misfit is reported here without a second check per claim)."""
        for claim, record in self.records(profile, as_of):
            assert isinstance(claim, Claim)  # read as claims: engine=False
            yield claim, Decision.model_validate(record)

    def records(
        self, profile: Profile, as_of: date, trace: TraceMode = "full", *, engine: bool = False
    ) -> Iterator[tuple[Claim | core.Claim, dict[str, Any]]]:
        """As :meth:`decided`, each decision as a plain record (for bulk output); with
        ``engine``, the claims as :meth:`engine_claims` reads them (for ``decide``, which
        writes only the decisions)."""
        self.profile = profile
        for line, claim in self._read(engine=engine):
            try:
                record = record_one(claim, profile, as_of, trace=trace)
            except ClaimError as error:
                self.report(error, line)
                continue
            self.decided_one()
            yield claim, record
        self.finish()

    def decided_one(self) -> None:
        """Count a decided claim (and print any errors held back)."""
        self.decided_count += 1
        if self.held:
            self.release()

    def finish(self) -> None:
        """At the end of the file: the held-back errors either say the profile does not fit,
        or are printed."""
        if self.handle is not None:
            self.handle.close()
        if self.held:
            self.check_fit()

    @property
    def streamed(self) -> bool:
        """Whether the claims file is read front to back as a stream: :meth:`position` says
        how far a run has got."""
        return self.format.read_stream is not None

    def position(self) -> int | None:
        """Bytes of the claims file read so far (a streamed format), for the progress bar."""
        try:
            return int(self.handle.tell()) if self.handle is not None else None
        except (OSError, ValueError):
            return None

    def exit(self) -> None:
        """Exit 1 when any claim was skipped."""
        if self.failures:
            click.echo(f"{self.failures} invalid claim(s) skipped", err=True)
            sys.exit(1)


FIT_SAMPLE = 100
"""When this many claims in a row fail to fit the profile before any is decided, the CLI says
once that the profile does not fit the ledger."""


def _profile_for(error: ClaimError, profile: Profile) -> str:
    """A hint naming the built-in profile(s) of the claims' currency."""
    from claimrules.law.registry import available_profiles

    currency = error.message.split(" ", 1)[0]
    fitting = [
        pid
        for pid in available_profiles()
        if "/" not in pid and pid != profile.id and load_profile(pid).currency == currency
    ]
    return f"; the ledger is in {currency}: try --profile {' or '.join(fitting)}" if fitting else ""


def _format_of(path: Path) -> FileFormat:
    """The format of a file, from its name (exit 2 for a name no format has)."""
    try:
        return registry.format_of(path)
    except FormatError as error:
        raise UsageError(str(error)) from error


def _output_format(path: Path) -> FileFormat:
    """The format to write ``path`` in: from its name; a device or a pipe without a suffix
    (``/dev/stdout``) gets the format of standard output."""
    if path.exists() and not path.is_file() and not path.suffix:
        return registry.DEFAULT
    return _format_of(path)


def _require(chosen: FileFormat) -> None:
    """A format that needs an extra (Parquet) says so in one line (exit 2) before anything
    runs."""
    try:
        chosen.require()
    except FormatError as error:
        raise UsageError(str(error)) from None


class _Output:
    """Where a command writes: a file, written to a temporary file beside it and moved into
    place only when the run completes, or standard output (``path`` None).

    Checked before anything is decided: the directory exists and is writable, and the output
    is none of the inputs. A device or pipe given as the output (``/dev/stdout``) is written
    directly.
    """

    def __init__(self, path: Path | None, inputs: tuple[Path | None, ...] = ()) -> None:
        self.path = path
        self.temporary: Path | None = None
        if path is None:
            return
        for source in inputs:
            if source is not None and _same_file(path, source):
                raise UsageError(
                    f"{path}: this is the input {source}; writing there would destroy it, "
                    "choose another output file"
                )
        if path.exists() and not path.is_file():
            return  # a device or a pipe: written directly
        if not path.parent.is_dir():
            raise UsageError(f"{path}: the directory {path.parent} does not exist")
        try:
            handle, name = tempfile.mkstemp(
                dir=path.parent, prefix=f".{path.name}.", suffix=".partial"
            )
        except OSError as error:
            raise UsageError(f"cannot write {path}: {error.strerror or error}") from error
        os.close(handle)
        self.temporary = Path(name)

    @property
    def target(self) -> Path | None:
        """The file to write now (the temporary one), or None for standard output."""
        return self.temporary if self.temporary is not None else self.path

    def __enter__(self) -> _Output:
        return self

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        if self.temporary is None:
            return
        if kind is None:
            mask = os.umask(0)
            os.umask(mask)
            self.temporary.chmod(0o666 & ~mask)  # as a file created in place would be
            assert self.path is not None
            self.temporary.replace(self.path)
        else:
            self.temporary.unlink(missing_ok=True)


def _same_file(one: Path, other: Path) -> bool:
    try:
        if one.exists() and other.exists():
            return one.samefile(other)
    except OSError:
        pass
    return one.resolve() == other.resolve()


def _stdout() -> Any:
    """Standard output, or a clear error when it is closed."""
    if sys.stdout is None or sys.stdout.closed:
        raise UsageError("standard output is closed: give an output file with -o")
    return sys.stdout


def _byte_stdout() -> Any:
    """Standard output for bytes: its buffer, or a text-only stream (a test runner's) wrapped."""
    text = _stdout()
    text.flush()
    return getattr(text, "buffer", None) or _TextSink(text)


class _TextSink:
    """Bytes written to a text-only stream (a test runner's standard output)."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream

    def write(self, data: bytes) -> None:
        self.stream.write(data.decode())

    def flush(self) -> None:
        self.stream.flush()


def _core_claims(lines: Iterator[tuple[int, bytes]]) -> Iterator[tuple[int, Any]]:
    """Numbered JSON lines as core claims, or the ClaimError of each line that is none."""
    for line, text in lines:
        try:
            yield line, core_claim_from_json(text, line=line)
        except ClaimError as error:
            yield line, error
