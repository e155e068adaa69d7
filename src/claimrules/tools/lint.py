"""The profile linter: what a loaded profile still gets wrong, or will soon, on a given day.

The loader refuses a profile that is malformed (unknown keys, missing sources, overlapping dated
values, dangling references, overlapping ``choose`` alternatives, local fees above the national
cap). A profile that loads can still be stale, incomplete or dead in places; the linter finds
those, and re-runs the loader's own rules as a second line for profiles built in code.

``lint_profile(profile, today=...)`` returns a :class:`LintReport` of :class:`Finding`, each
naming the YAML file, the line and the dotted key path. ``today`` is always passed in: the linter
never reads the clock, so a report is reproducible.

Checks, by their stable ``check`` code:

``coverage`` (error)
    Every dated value is in force without a break from its first date to ``today``: no entry
    whose ``until`` leaves a gap before the next ``from``, and no last entry whose ``until`` ends
    on or before ``today``. Overlapping entries are rejected by the loader
    (:class:`~claimrules.law.values.Param`); the linter reports them too, for specs built in
    code without validation.
``freshness`` (error / info)
    Values the law sets anew every period: declared with ``renewal: half_yearly`` (Norway's
    forsinkelsesrente and Denmark's reference rate on 1 January / 1 July; Denmark's collection
    interest a few days later) or ``renewal: yearly`` (the Norwegian inkassosats). For a dated
    value without ``renewal`` a half-yearly schedule is **inferred** (see
    :func:`half_yearly_schedule`): the trailing entries, at least :data:`MIN_HALF_YEARLY_RUN` of
    them, start in January and July of consecutive half-years, within the first half of the
    month. For such a value, on ``today``: no entry for the current period is an error (a
    ``missing`` value: decisions would find no rate in force, or, without ``renewal``, silently
    go on using the last one), and so is an entry marked ``unknown`` (decisions count interest
    only up to it and charge no fee that needs it). Both are listed first, above everything
    else, each with the exact YAML to add (:attr:`Finding.fix`). Otherwise an info with the date
    the next value is due. Other values, and values without a schedule that are unknown, are
    reported by ``status``.
``status`` (warning / info; error when missing)
    Every legal value still marked ``derived``, ``provisional`` or ``unknown`` (warning) or
    ``secondary`` (info). A dated value's entries that take the series' status are reported once,
    at the series.
``conflicts`` (error)
    Two rules that decide the same question for one claim, as far as the schema allows it:
    overlapping ``choose`` alternatives (the loader's hit-policy check, reused), a local fee above
    a national cap (the loader's check, reused), one event marking two positions of one ladder
    as taken (the engine would silently skip the earlier one), and an event listed both in
    ``limitation.later_interest.after`` and ``shared_after``. Claim types, interruptions and
    fee regimes are mappings (duplicate keys are refused when reading, an overlay cannot set
    them, and a claim type names exactly one fee regime), so they cannot conflict.
``reachability`` (error / warning)
    Every ladder step can be proposed: a step anchored on ``judgment`` needs an earlier step
    that leads to one; the step after a position that is never recorded as taken (no
    ``taken_by``) or that ends the ladder (``write_off``) is never proposed; an alternative whose
    condition no principal meets is dead. Every reference resolves (the loader's check, reused:
    ladder, limitation period, lien, regimes, parameters). ``later_interest.after`` events must
    start a new limitation period, or the rule never applies. Warnings: a ladder, regime, lien,
    parameter, limitation period or deadline convention that nothing uses; a lien that no step
    of the ladder of a claim type it secures can preserve.
``source`` (error / warning)
    Every legal value cites a source (the loader requires it; re-checked here with where it is
    missing). Local rules of an overlay without a ``local.source`` are a warning.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, computed_field

from claimrules.errors import ProfileError
from claimrules.law.checks import (
    EARLIEST,
    alternative_interval,
    check_fees,
    check_ladders,
    check_references,
)
from claimrules.law.profile import Profile
from claimrules.law.schema import Ladder, ProfileSpec, Step, StepChoice
from claimrules.law.values import MISSING_STATUS, Dated, Param, Source
from claimrules.law.yamlio import PathKey, Positions, read_yaml
from claimrules.model.messages import Said, say
from claimrules.text.explain import _msg
from claimrules.text.words import NO_FILE, ROOT_KEY, Shown, Verbatim, Words

__all__ = [
    "CHECKS",
    "MIN_HALF_YEARLY_RUN",
    "Finding",
    "HalfYearly",
    "LintReport",
    "Schedule",
    "half_yearly_schedule",
    "lint_profile",
    "schedule_of",
]

CHECKS: tuple[str, ...] = (
    "coverage",
    "freshness",
    "status",
    "conflicts",
    "reachability",
    "source",
)
"""The stable check codes, in the order the checks run."""

MIN_HALF_YEARLY_RUN = 4
"""Entries in a row, in January and July of consecutive half-years, that make a value
half-yearly (two years of entries)."""

Severity = Literal["error", "warning", "info"]
_SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}

_REPORTED_STATUS: dict[str, tuple[Severity, str]] = {
    "unknown": (
        "warning",
        _msg("the law was not found, so decisions that need it go to manual review"),
    ),
    "provisional": ("warning", _msg("expected to hold but not confirmed; verify it")),
    "derived": ("warning", _msg("worked out from other rules, not read in the law; verify it")),
    "secondary": ("info", _msg("taken from a secondary source, not read in the statute itself")),
}

# --- the findings' sentences (catalogue sentences: ``claimrules check --lang nb|da``) ---------
# A finding's ``message`` is its English sentence; the template and its values are kept so
# that the report can be shown in the reader's language. The profile's own names (keys, event
# names, actions, statuses, files) are values, shown as written: they are what the reader edits.

SEVERITY_WORDS: dict[str, str] = {
    "error": _msg("error"),
    "warning": _msg("warning"),
    "info": _msg("info"),
}
"""Each severity in the reader's words (the report's text; JSON keeps the code)."""

CHECK_WORDS: dict[str, str] = {
    "coverage": _msg("coverage"),
    "freshness": _msg("freshness"),
    "status": _msg("status"),
    "conflicts": _msg("conflicts"),
    "reachability": _msg("reachability"),
    "source": _msg("source"),
}
"""Each check in the reader's words (the report's text; JSON keeps the code)."""

NEEDED_HEAD = _msg(
    "NEEDED ON {today}: {count} value(s) the profile needs today are missing or unknown; add "
    "them (the YAML to add is below each), then run claimrules check again:"
)
SUMMARY = _msg(
    "{profile} on {today}: {verdict}: {errors} errors, {warnings} warnings, {infos} info"
)
VERDICT_OK = _msg("ok")
VERDICT_FAILED = _msg("FAILED")

OVERLAP = _msg(
    "overlapping dated values: the value from {after} starts before the one from {before} ends "
    "(the loader refuses this; list dated values in ascending order, once each)"
)
GAP = _msg(
    "gap: no value in force from {start} to {end}: the value from {before} ends before the next "
    "one starts on {after}; decisions on those days go to manual review"
)
GAP_TO_TODAY = _msg(
    "gap: no value in force from {start} to today ({today}): the value from {before} ends and "
    "nothing follows it"
)
SCHEDULE_YEARLY = _msg("yearly ({day} Jan)")
SCHEDULE_HALF_YEARLY = _msg("half-yearly ({day} Jan / {day} Jul)")
HOW_DECLARED = _msg("set {schedule} (renewal in the profile)")
HOW_INFERRED = _msg("set {schedule}, inferred from {entries} entries in a row since {since}")
CONSEQUENCE_ADD_ON = _msg(
    "fees on claims due from {start} are charged without it, and the decisions say so"
)
CONSEQUENCE_RATE = _msg("decisions count interest only through {end}")
CONSEQUENCE_VALUE = _msg("decisions charge no fee or amount that needs it from {start}")
NONE_IN_FORCE = {
    "rate": _msg("no rate is in force, so {consequence}"),
    "value": _msg("no value is in force, so {consequence}"),
}
OLD_STILL_USED = {
    "rate": _msg("the old rate would silently still be used"),
    "value": _msg("the old value would silently still be used"),
}
MISSING = {
    "rate": _msg(
        "missing: no rate for the period from {period}: the rate from {since} ran out, and "
        "{carried}; it is {how}; add the entry from {period} (the next is due on {due})"
    ),
    "value": _msg(
        "missing: no value for the period from {period}: the value from {since} ran out, and "
        "{carried}; it is {how}; add the entry from {period} (the next is due on {due})"
    ),
}
NEXT_DUE = _msg("the next is due on {due}")
NEXT_DUE_LISTED = _msg("the next is due on {due} (already in the profile)")
UNKNOWN = {
    "rate": _msg(
        "unknown: the current rate (the entry from {since}) is marked unknown, so "
        "{consequence}; it is {how}; {next}"
    ),
    "value": _msg(
        "unknown: the current value (the entry from {since}) is marked unknown, so "
        "{consequence}; it is {how}; {next}"
    ),
}
CURRENT = {
    "rate": _msg("current rate {value} from {since} ({status}); {how}; {next}"),
    "value": _msg("current value {value} from {since} ({status}); {how}; {next}"),
}
FIX_AFTER_LINE = _msg("# add after line {line} of {file}")
FIX_ADD = _msg("# add")
FIX_NEW = {
    "rate": _msg(
        "{where} (as it stands it says the rate is not yet known; once it is published, set "
        "value, status and source):"
    ),
    "value": _msg(
        "{where} (as it stands it says the value is not yet known; once it is published, set "
        "value, status and source):"
    ),
}
FIX_NOTE = _msg("not yet published on {today}")
FIX_LINES = _msg("# lines {start}-{end} of {file}")
FIX_THE_ENTRY = _msg("# the entry")
FIX_OVERWRITE = {
    "rate": _msg("{where}: once the rate is published, write it over the unknown entry:"),
    "value": _msg("{where}: once the value is published, write it over the unknown entry:"),
}
FIX_IN_FORCE = {
    "rate": _msg("# the rate in force from {start}"),
    "value": _msg("# the value in force from {start}"),
}
FIX_AS_READ = _msg("# or secondary, as read")
STATUS_OF = _msg("{what} {status}: {meaning}")
THE_VALUE_IS = _msg("the value {value} is")
THE_VALUE_FROM_IS = _msg("the value {value} from {since} is")
THIS_RULE_IS = _msg("this rule is")
ONE_WITHOUT_STATUS = _msg("{count} dated value {span} without a status of its own is")
MANY_WITHOUT_STATUS = _msg("{count} dated values {span} without a status of their own are")
SPAN_FROM = _msg("from {first}")
SPAN_FROM_TO = _msg("from {first} to {last}")
TAKEN_TWICE = _msg(
    "{ref} also marks step {earlier} ({first}) as taken: one {ref} event would count as both "
    "steps, and a second one would skip to step {next}; list each event at one position (or, "
    "for the same step after a judgment, anchor the later one 'after: judgment' behind a step "
    "taken by the judgment)"
)
BOTH_AFTER = _msg(
    "{ref} is in both 'after' (later interest keeps its own short period) and 'shared_after' "
    "(interest shares the principal's date): say which"
)
NEVER_PROPOSED = _msg("step {position} ({action}) is never proposed: {blocked_by}")
MATCHES_NOTHING = _msg(
    "alternative {choice} ({action}) matches no claim on any date: its conditions exclude each "
    "other, or name a value never known"
)
ENDS_LADDER = _msg(
    "step {position} ({actions}) ends the ladder: after it the engine no longer consults the ladder"
)
NO_TAKEN_BY = _msg(
    "step {position} ({actions}) has no taken_by, so it is never recorded as taken and the "
    "engine proposes it again and again"
)
NO_JUDGMENT_BEFORE = _msg(
    "{action} waits for a judgment, but no earlier step of ladder '{ladder}' leads to one "
    "(taken by judgment, legal_step.lawsuit or legal_step.conciliation_complaint): every claim "
    "reaching it goes to manual review"
)
FIRST_STEP_AFTER_PREVIOUS = _msg(
    "the first step has no previous step: the engine counts from the due date; say after: due_date"
)
UNUSED = {
    "ladders": _msg(
        "ladder '{name}' is used by no claim type: unused, or a reference to it is misspelt"
    ),
    "interest": _msg(
        "interest regime '{name}' is used by no claim type: unused, or a reference to it is "
        "misspelt"
    ),
    "fees": _msg(
        "fee regime '{name}' is used by no claim type: unused, or a reference to it is misspelt"
    ),
    "liens": _msg(
        "lien '{name}' is used by no claim type: unused, or a reference to it is misspelt"
    ),
    "parameters": _msg(
        "parameter '{name}' is used by no ladder step or court fee: unused, or a reference to "
        "it is misspelt"
    ),
    "limitation.periods": _msg(
        "limitation period '{name}' is used by no claim type or interruption: unused, or a "
        "reference to it is misspelt"
    ),
    "calendar.conventions": _msg(
        "deadline convention '{name}' is used by no limitation or lien rule: unused, or a "
        "reference to it is misspelt"
    ),
}
NOT_AN_INTERRUPTION = _msg(
    "{ref} is not a limitation interruption starting a new period, so this rule never applies "
    "(the engine checks it only when a new period starts)"
)
SUSPENDS_RATHER = _msg(
    "{ref} suspends the period rather than starting a limitation interruption starting a new "
    "period, so this rule never applies (the engine checks it only when a new period starts)"
)
LIEN_NEVER_PRESERVED = _msg(
    "no step of ladder '{ladder}' (claim types {types}) is taken by {events}: the engine never "
    "proposes the step that preserves this lien"
)
NO_SOURCE_VALUE = _msg("missing source: give statute, section and url of this value")
NO_SOURCE_ENTRY = _msg(
    "missing source: give statute, section and url of the value from {since} (or of the series)"
)
NO_SOURCE_RULE = _msg("missing source: give statute, section and url of this rule")
LOCAL_WITHOUT_SOURCE = _msg(
    "local rules without a source: cite the municipality's decision, or decisions that apply "
    "them cite nothing"
)


_YAML_NOTE = Verbatim('{indent}  note: "{note}"')
_YAML_VALUE = Verbatim("{indent}  value: ...        {comment}")
_YAML_STATUS = Verbatim("{indent}  status: verified  {comment}")
"""YAML lines of a fix with a comment or note in the reader's language (not catalogue
sentences: the YAML is the same in every language)."""


_LEADS_TO_JUDGMENT = frozenset(
    {"judgment", "legal_step.lawsuit", "legal_step.conciliation_complaint"}
)
"""Events after which a judgment can exist: a step anchored on the judgment needs one of them
earlier in its ladder."""

_TERMINAL_ACTIONS = frozenset({"write_off", "none", "refund"})
"""Actions after which the engine no longer consults the ladder (a written-off claim is only
monitored)."""


class Finding(BaseModel):
    """One thing the linter found: how bad, which check, where (file, line, key path), and what.

    Attributes:
        severity: ``error`` (the profile is wrong for ``today``), ``warning`` (stated doubt or a
            likely mistake) or ``info``.
        check: the stable check code, one of :data:`CHECKS`.
        file: the YAML file (``None`` for a profile built in code).
        line: 1-based line in ``file`` (``None`` when unknown).
        key: dotted key path, e.g. ``interest.statutory.rate.values.2026-07-01``.
        message: what is wrong and what to do, in plain words.
        fix: for a value the profile needs on ``today`` and lacks, the exact YAML to add (its
            lines indented as in the file), else ``None``.
        needed: ``True`` for a value the profile needs on ``today`` that is missing or unknown
            (these come first in the report).
    """

    severity: Severity
    check: str
    file: str | None
    line: int | None
    key: str
    message: str
    fix: str | None = None
    needed: bool = False
    said: Said | None = Field(default=None, exclude=True, repr=False)
    """The message as its catalogue sentence and values (for :meth:`text` in another
    language); ``None`` for a finding read back from JSON, shown as written."""
    fix_lines: tuple[Any, ...] = Field(default=(), exclude=True, repr=False)
    """The lines of :attr:`fix`, those of its comments as catalogue sentences."""

    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)

    def _public(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in _PUBLIC_FIELDS)

    def __eq__(self, other: object) -> bool:
        """Findings are equal when what they say is (their JSON): how a finding keeps its
        sentence for other languages does not count."""
        if isinstance(other, Finding):
            return self._public() == other._public()
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._public())

    def text(self, lang: str = "en") -> str:
        """``FILE:LINE: severity check: key: message``, then the YAML to add, indented; in
        ``lang`` (en, nb, da; kl in Danish): the words, the days and the numbers; the profile's
        files, keys and names as written.

        Raises:
            ValueError: another language.
        """
        return self._text(Words(lang))

    def _text(self, words: Words) -> str:
        english = words.lang == "en"
        where = self.file if self.file is not None else words(NO_FILE)
        if self.line is not None:
            where += f":{self.line}"
        severity = words(SEVERITY_WORDS[self.severity])
        check = words(CHECK_WORDS[self.check]) if self.check in CHECK_WORDS else self.check
        message = self.message if english or self.said is None else words.said(self.said)
        head = f"{where}: {severity} {check}: {self.key or words(ROOT_KEY)}: {message}"
        if self.fix is None:
            return head
        lines = (
            self.fix.splitlines()
            if english or not self.fix_lines
            else [words.said(line) for line in self.fix_lines]
        )
        return head + "\n" + "\n".join(f"    | {line}" for line in lines)


_PUBLIC_FIELDS = ("severity", "check", "file", "line", "key", "message", "fix", "needed")
"""The fields of a finding that its JSON carries (and equality compares)."""


class LintReport(BaseModel):
    """Everything the linter found in one profile on one day (JSON: ``model_dump_json``)."""

    model_config = ConfigDict(frozen=True)

    profile_id: str
    today: date
    findings: tuple[Finding, ...]

    @property
    def errors(self) -> tuple[Finding, ...]:
        """The findings of severity ``error``."""
        return tuple(f for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> tuple[Finding, ...]:
        """The findings of severity ``warning``."""
        return tuple(f for f in self.findings if f.severity == "warning")

    @property
    def infos(self) -> tuple[Finding, ...]:
        """The findings of severity ``info``."""
        return tuple(f for f in self.findings if f.severity == "info")

    @computed_field  # type: ignore[prop-decorator]
    @property
    def ok(self) -> bool:
        """True when there is no error (warnings and infos do not count)."""
        return not self.errors

    @property
    def needed(self) -> tuple[Finding, ...]:
        """Values the profile needs on ``today`` that are missing or unknown (always errors)."""
        return tuple(f for f in self.findings if f.needed)

    def text(self, lang: str = "en") -> str:
        """The values needed today first (each with the YAML to add), then one finding per line
        (``FILE:LINE: severity check: key: message``), then a summary; in ``lang`` (en, nb,
        da; kl in Danish), as :meth:`Finding.text`.

        Raises:
            ValueError: another language.
        """
        words = Words(lang)
        lines: list[str] = []
        needed = self.needed
        if needed:
            lines.append(words(NEEDED_HEAD, today=words.date(self.today), count=len(needed)))
            lines += [finding._text(words) for finding in needed]
            lines.append("--")
        lines += [finding._text(words) for finding in self.findings if not finding.needed]
        lines.append(
            words(
                SUMMARY,
                profile=self.profile_id,
                today=words.date(self.today),
                verdict=words(VERDICT_OK if self.ok else VERDICT_FAILED),
                errors=words.number(len(self.errors)),
                warnings=words.number(len(self.warnings)),
                infos=words.number(len(self.infos)),
            )
        )
        return "\n".join(lines)


def lint_profile(profile: Profile, *, today: date) -> LintReport:
    """Run every check on ``profile`` as of ``today``.

    File and line come from re-reading the profile's YAML files (``profile.files``) with the
    project's reader, which records the line of every key path (overlay keys win over the base's,
    as in the loader). A profile built in code without files gets findings without file or line.
    """
    linter = _Linter(profile, today)
    linter.run()
    return LintReport(profile_id=profile.id, today=today, findings=linter.sorted_findings())


# --- half-yearly inference --------------------------------------------------------------------


@dataclass(frozen=True)
class Schedule:
    """A value the law sets anew every period: every half-year, on day ``day`` of January and
    July, or every year, on day ``day`` of January.

    Attributes:
        day: the day of the month the new value takes effect (1 for Norway's
            forsinkelsesrente; 8 for Danish collection interest, five working days later).
        since: the first entry of the series (declared) or of the run the schedule was inferred
            from.
        entries: how many entries the schedule covers.
        every: ``half_year`` or ``year``.
        declared: ``True`` when the profile says so (``renewal``), ``False`` when inferred.
    """

    day: int
    since: date
    entries: int
    every: Literal["half_year", "year"] = "half_year"
    declared: bool = False

    @property
    def _months(self) -> tuple[int, ...]:
        return (1, 7) if self.every == "half_year" else (1,)

    def period_start(self, on: date) -> date:
        """The start of the period ``on`` falls in (the latest reset day on or before it)."""
        candidates = [
            date(year, month, self.day) for year in (on.year - 1, on.year) for month in self._months
        ]
        return max(d for d in candidates if d <= on)

    def next_after(self, on: date) -> date:
        """The next reset day after ``on``: when a new value is due."""
        candidates = [
            date(year, month, self.day) for year in (on.year, on.year + 1) for month in self._months
        ]
        return min(d for d in candidates if d > on)

    def describe(self) -> Said:
        """E.g. ``half-yearly (1 Jan / 1 Jul)`` or ``yearly (1 Jan)``."""
        if self.every == "year":
            return say(SCHEDULE_YEARLY, day=str(self.day))
        return say(SCHEDULE_HALF_YEARLY, day=str(self.day))


HalfYearly = Schedule
"""The schedule of a half-yearly value (the name :func:`half_yearly_schedule` returns)."""


def _half(day: date) -> int:
    return day.year * 2 + (0 if day.month <= 6 else 1)


def schedule_of(param: Param[Any]) -> Schedule | None:
    """The renewal schedule of ``param``: as declared by its ``renewal``, else a half-yearly
    one inferred from its entries (:func:`half_yearly_schedule`), else ``None``."""
    values = param.values
    if param.renewal is not None and values:
        last = values[-1].valid_from
        every: Literal["half_year", "year"] = "year" if param.renewal == "yearly" else "half_year"
        return Schedule(
            day=min(last.day, 28),
            since=values[0].valid_from,
            entries=len(values),
            every=every,
            declared=True,
        )
    return half_yearly_schedule(param)


def half_yearly_schedule(param: Param[Any]) -> HalfYearly | None:
    """Infer whether ``param`` is set anew every half-year, from its dated entries.

    The trailing run of entries is taken backwards from the last one while each starts in
    January or July, on one of the first 15 days of the month, exactly one half-year after the
    entry before it. A run of at least :data:`MIN_HALF_YEARLY_RUN` entries makes the value
    half-yearly, resetting on the day of the month of its last entry. A value that stopped being
    listed every half-year (or never was) is not inferred: nothing is claimed about it.
    """
    values = param.values
    if not values:
        return None
    run = 0
    for index in range(len(values) - 1, -1, -1):
        start = values[index].valid_from
        if start.month not in (1, 7) or start.day > 15:
            break
        if run and _half(start) != _half(values[index + 1].valid_from) - 1:
            break
        run += 1
    if run < MIN_HALF_YEARLY_RUN:
        return None
    return HalfYearly(
        day=values[-1].valid_from.day, since=values[len(values) - run].valid_from, entries=run
    )


# --- walking the spec ---------------------------------------------------------------------------


def _key_text(key: object) -> str | int:
    if isinstance(key, date):
        return key.isoformat()
    if isinstance(key, int):
        return key
    return str(key)


def _walk(obj: object, path: PathKey) -> Iterator[tuple[PathKey, BaseModel]]:
    """Every pydantic model in ``obj`` with its key path; a Param is not descended into."""
    if isinstance(obj, BaseModel):
        yield path, obj
        if isinstance(obj, Param | Source):
            return
        for name, field in type(obj).model_fields.items():
            yield from _walk(getattr(obj, name, None), (*path, field.alias or name))
    elif isinstance(obj, dict):
        for key, value in obj.items():
            yield from _walk(value, (*path, _key_text(key)))
    elif isinstance(obj, list | tuple):
        for index, value in enumerate(obj):
            yield from _walk(value, (*path, index))


def _show(value: object) -> Shown:
    return Shown("null" if value is None else str(value))


def _consequence(param: Param[Any], start: date, *, add_on: bool = False) -> Said:
    """What decisions do while ``param`` is unknown from ``start``, in a few words."""
    if add_on:
        return say(CONSEQUENCE_ADD_ON, start=start)
    if param.unit == "percent":
        return say(CONSEQUENCE_RATE, end=start - timedelta(days=1))
    return say(CONSEQUENCE_VALUE, start=start)


def _dotted(path: PathKey) -> str:
    return ".".join(str(part) for part in path)


def _alternatives(item: Step | StepChoice) -> list[Step]:
    return list(item.choose) if isinstance(item, StepChoice) else [item]


def _in_force(values: Sequence[Dated[Any]], on: date) -> int | None:
    """Index of the entry in force on ``on`` (half-open validity), or ``None``."""
    found: int | None = None
    for index, entry in enumerate(values):
        if entry.valid_from <= on:
            found = index
    if found is None:
        return None
    until = values[found].until
    if until is not None and on >= until:
        return None
    return found


class _Linter:
    """One run of the checks over one profile: the spec's models, key positions, findings."""

    def __init__(self, profile: Profile, today: date) -> None:
        self.profile = profile
        self.spec: ProfileSpec = profile.spec
        self.today = today
        self.files = [str(file) for file in profile.files]
        self.positions = Positions()
        for file in profile.files:
            try:
                _, positions = read_yaml(file)
            except ProfileError:
                continue
            self.positions.update(positions)
        self.findings: list[Finding] = []
        self._lines: dict[str, list[str]] = {}
        self.fresh_unknown: set[str] = set()
        """Current half-yearly entries marked unknown, reported by freshness (not again by
        status)."""
        models = list(_walk(self.spec, ()))
        self.params: list[tuple[PathKey, Param[Any]]] = [
            (path, model) for path, model in models if isinstance(model, Param)
        ]
        self.cited: list[tuple[PathKey, BaseModel]] = [
            (path, model)
            for path, model in models
            if not isinstance(model, Param) and "status" in type(model).model_fields
        ]

    # -- plumbing --

    def add(
        self,
        severity: Severity,
        check: str,
        path: PathKey,
        message: str,
        *,
        at: PathKey | None = None,
        fix: tuple[str, ...] = (),
        needed: bool = False,
    ) -> None:
        """A finding at ``path`` (its file and line: those of ``at``, else of ``path``):
        ``message`` is a sentence made with :func:`~claimrules.model.messages.say` (shown in
        the reader's language) or text of the profile's checks (shown as written); ``fix``
        the YAML to add, line by line, its comments made with ``say``."""
        file, line = self.positions.locate(at if at is not None else path)
        self.findings.append(
            Finding(
                severity=severity,
                check=check,
                file=str(file) if file is not None else None,
                line=line,
                key=_dotted(path),
                message=str(message),
                fix="\n".join(fix) if fix else None,
                needed=needed,
                said=message if isinstance(message, Said) else None,
                fix_lines=fix,
            )
        )

    def entry_path(self, path: PathKey, index: int, entry: Dated[Any]) -> PathKey:
        """Key path of a dated entry: ``values.<index>`` where the YAML lists the entries,
        else ``values.<date>`` (the mapping form profiles are written in)."""
        by_index = (*path, "values", index)
        if by_index in self.positions.where:
            return by_index
        return (*path, "values", entry.valid_from.isoformat())

    def sorted_findings(self) -> tuple[Finding, ...]:
        order = {name: i for i, name in enumerate(self.files)}
        checks = {name: i for i, name in enumerate(CHECKS)}

        def key(finding: Finding) -> tuple[int, int, int, int, int, str, str]:
            # values needed today first: missing ones, then unknown ones
            urgency = (0 if finding.message.startswith("missing") else 1) if finding.needed else 2
            return (
                urgency,
                order.get(finding.file, len(order)) if finding.file is not None else len(order),
                finding.line or 0,
                checks.get(finding.check, len(checks)),
                _SEVERITY_ORDER[finding.severity],
                finding.key,
                finding.message,
            )

        return tuple(sorted(self.findings, key=key))

    def run(self) -> None:
        self.coverage()
        self.freshness()
        self.status()
        self.conflicts()
        self.reachability()
        self.sources()

    # -- coverage --

    def coverage(self) -> None:
        """Dated values without a break from their first date to today."""
        for path, param in self.params:
            values = param.values
            if not values:
                continue
            for index in range(len(values) - 1):
                before, after = values[index], values[index + 1]
                if after.valid_from <= before.valid_from or (
                    before.until is not None and before.until > after.valid_from
                ):
                    self.add(
                        "error",
                        "coverage",
                        self.entry_path(path, index + 1, after),
                        say(OVERLAP, after=after.valid_from, before=before.valid_from),
                    )
                elif (
                    before.until is not None
                    and before.until < after.valid_from
                    and before.until <= self.today
                ):
                    entry = self.entry_path(path, index, before)
                    self.add(
                        "error",
                        "coverage",
                        (*entry, "until"),
                        say(
                            GAP,
                            start=before.until,
                            end=after.valid_from - timedelta(days=1),
                            before=before.valid_from,
                            after=after.valid_from,
                        ),
                    )
            last = values[-1]
            if last.until is not None and last.until <= self.today:
                entry = self.entry_path(path, len(values) - 1, last)
                self.add(
                    "error",
                    "coverage",
                    (*entry, "until"),
                    say(GAP_TO_TODAY, start=last.until, today=self.today, before=last.valid_from),
                )

    # -- freshness --

    def freshness(self) -> None:
        """Values renewed every period have a known entry for the period ``today`` falls in."""
        for path, param in self.params:
            schedule = schedule_of(param)
            values = param.values
            if schedule is None or values is None or self.today < values[0].valid_from:
                continue
            index = max(i for i, e in enumerate(values) if e.valid_from <= self.today)
            entry = values[index]
            if entry.until is not None and entry.until <= self.today:
                continue  # an explicit end: the coverage check reports the gap
            entry_key = self.entry_path(path, index, entry)
            period = schedule.period_start(self.today)
            due = schedule.next_after(self.today)
            how = (
                say(HOW_DECLARED, schedule=schedule.describe())
                if schedule.declared
                else say(
                    HOW_INFERRED,
                    schedule=schedule.describe(),
                    entries=schedule.entries,
                    since=schedule.since,
                )
            )
            what = "rate" if param.unit == "percent" else "value"
            # a business compensation missing or unknown only leaves it out of a fee, which
            # the decision says: the steps and every other amount stand
            add_on = "compensation" in path
            if entry.valid_from < period:
                carried = (
                    say(NONE_IN_FORCE[what], consequence=_consequence(param, period))
                    if schedule.declared
                    else say(OLD_STILL_USED[what])
                )
                self.add(
                    "warning" if add_on else "error",
                    "freshness",
                    entry_key,
                    say(
                        MISSING[what],
                        period=period,
                        since=entry.valid_from,
                        carried=carried,
                        how=how,
                        due=due,
                    ),
                    fix=self.fix_yaml(entry_key, period, what, new=True),
                    needed=not add_on,
                )
                continue
            upcoming = any(e.valid_from >= due for e in values)
            next_text = say(NEXT_DUE_LISTED if upcoming else NEXT_DUE, due=due)
            status = entry.status or param.status
            if status == "unknown" or entry.value is None:
                self.fresh_unknown.add(_dotted(entry_key))
                self.add(
                    "warning" if add_on else "error",
                    "freshness",
                    entry_key,
                    say(
                        UNKNOWN[what],
                        since=entry.valid_from,
                        consequence=_consequence(param, entry.valid_from, add_on=add_on),
                        how=how,
                        next=next_text,
                    ),
                    fix=self.fix_yaml(entry_key, entry.valid_from, what, new=False),
                    needed=not add_on,
                )
            else:
                self.add(
                    "info",
                    "freshness",
                    entry_key,
                    say(
                        CURRENT[what],
                        value=Shown(entry.value),
                        since=entry.valid_from,
                        status=status,
                        how=how,
                        next=next_text,
                    ),
                )

    def fix_yaml(self, entry_key: PathKey, start: date, what: str, *, new: bool) -> tuple[str, ...]:
        """The YAML that fills in the value from ``start``, indented as in the file: a new entry
        after the one at ``entry_key`` (``new``), valid as it stands (``null``, ``unknown``)
        until the value is published; or what to write over the unknown entry at ``entry_key``."""
        file, line = self.positions.locate(entry_key)
        indent = " " * 8
        end = line
        if file is not None and line is not None:
            text = self.file_lines(file)
            if 0 < line <= len(text):
                current = text[line - 1]
                indent = current[: len(current) - len(current.lstrip())]
                end = line
                while end < len(text) and (
                    not text[end].strip() or len(text[end]) - len(text[end].lstrip()) > len(indent)
                ):
                    end += 1
                while end > line and not text[end - 1].strip():
                    end -= 1
        source = f'{indent}  source: {{statute: "...", section: "...", url: "https://..."}}'
        if new:
            where = say(FIX_AFTER_LINE, line=str(end), file=file) if file else say(FIX_ADD)
            return (
                say(FIX_NEW[what], where=where),
                f"{indent}{start}:",
                f"{indent}  value: null",
                f"{indent}  status: unknown",
                say(_YAML_NOTE, indent=indent, note=say(FIX_NOTE, today=self.today)),
            )
        where = (
            say(FIX_LINES, start=str(line), end=str(end), file=file)
            if file is not None
            else say(FIX_THE_ENTRY)
        )
        return (
            say(FIX_OVERWRITE[what], where=where),
            f"{indent}{start}:",
            say(_YAML_VALUE, indent=indent, comment=say(FIX_IN_FORCE[what], start=start)),
            say(_YAML_STATUS, indent=indent, comment=say(FIX_AS_READ)),
            source,
        )

    def file_lines(self, file: object) -> list[str]:
        """The lines of a profile file (cached), for indentation."""
        name = str(file)
        if name not in self._lines:
            try:
                self._lines[name] = Path(name).read_text(encoding="utf-8").splitlines()
            except OSError:
                self._lines[name] = []
        return self._lines[name]

    # -- status --

    def status(self) -> None:
        """Values still marked derived, provisional, unknown or secondary; missing statuses."""
        for path, param in self.params:
            values = param.values
            if values is None:
                self.report_status(path, param.status, say(THE_VALUE_IS, value=_show(param.value)))
                continue
            inheriting = [entry for entry in values if entry.status is None]
            if inheriting and param.status is None:
                for index, entry in enumerate(values):
                    if entry.status is None:
                        self.add(
                            "error",
                            "status",
                            self.entry_path(path, index, entry),
                            say(MISSING_STATUS),
                        )
            elif inheriting:
                first, last = inheriting[0].valid_from, inheriting[-1].valid_from
                span = (
                    say(SPAN_FROM, first=first)
                    if first == last
                    else say(SPAN_FROM_TO, first=first, last=last)
                )
                count = len(inheriting)
                self.report_status(
                    path,
                    param.status,
                    say(
                        ONE_WITHOUT_STATUS if count == 1 else MANY_WITHOUT_STATUS,
                        count=count,
                        span=span,
                    ),
                )
            for index, entry in enumerate(values):
                key = self.entry_path(path, index, entry)
                if entry.status is not None and _dotted(key) not in self.fresh_unknown:
                    self.report_status(
                        key,
                        entry.status,
                        say(THE_VALUE_FROM_IS, value=_show(entry.value), since=entry.valid_from),
                    )
        for path, model in self.cited:
            status = getattr(model, "status", None)
            self.report_status(path, status, say(THIS_RULE_IS))

    def report_status(self, path: PathKey, status: str | None, what: Said) -> None:
        if status is None:
            self.add("error", "status", path, say(MISSING_STATUS))
            return
        reported = _REPORTED_STATUS.get(status)
        if reported is None:
            return
        severity, meaning = reported
        self.add(
            severity,
            "status",
            path,
            say(STATUS_OF, what=what, status=status, meaning=say(meaning)),
            at=(*path, "status"),
        )

    # -- conflicts --

    def conflicts(self) -> None:
        """Two rules deciding the same question for one claim."""
        spec = self.spec
        for path, message in check_ladders(spec):
            self.add("error", "conflicts", path, message)
        for path, message in check_fees(spec):
            if path[:1] == ("local",):
                self.add("error", "conflicts", path, message)
        for name, ladder in spec.ladders.items():
            marked: dict[str, int] = {}
            for position, item in enumerate(ladder.steps):
                for choice, step in enumerate(_alternatives(item)):
                    where: PathKey = ("ladders", name, "steps", position)
                    if isinstance(item, StepChoice):
                        where = (*where, "choose", choice)
                    for slot, ref in enumerate(step.taken_by):
                        earlier = marked.get(ref)
                        if earlier is not None and _after_judgment(ladder, earlier, position, step):
                            continue
                        if earlier is not None and earlier != position:
                            first = _alternatives(ladder.steps[earlier])[0].action
                            self.add(
                                "error",
                                "conflicts",
                                (*where, "taken_by", slot),
                                say(
                                    TAKEN_TWICE,
                                    ref=ref,
                                    earlier=earlier,
                                    first=first,
                                    next=position + 1,
                                ),
                            )
                        else:
                            marked.setdefault(ref, position)
        later = spec.limitation.later_interest
        if later is not None:
            for slot, ref in enumerate(later.shared_after):
                if ref in later.after:
                    self.add(
                        "error",
                        "conflicts",
                        ("limitation", "later_interest", "shared_after", slot),
                        say(BOTH_AFTER, ref=ref),
                    )

    # -- reachability --

    def reachability(self) -> None:
        """Every step can be proposed, every reference resolves, everything is used."""
        spec = self.spec
        for path, message in check_references(spec):
            self.add("error", "reachability", path, message)
        for name in spec.ladders:
            self.ladder_steps(name)
        self.unused()
        self.later_interest()
        self.lien_preservation()

    def ladder_steps(self, name: str) -> None:
        steps = self.spec.ladders[name].steps
        judgment_possible = False
        blocked_by: Said | None = None
        permanent = False
        for position, item in enumerate(steps):
            where: PathKey = ("ladders", name, "steps", position)
            alternatives = _alternatives(item)
            if blocked_by is not None:
                self.add(
                    "error",
                    "reachability",
                    where,
                    say(
                        NEVER_PROPOSED,
                        position=position,
                        action=alternatives[0].action,
                        blocked_by=blocked_by,
                    ),
                )
            for choice, step in enumerate(alternatives):
                here = (*where, "choose", choice) if isinstance(item, StepChoice) else where
                self.step_anchor(name, position, step, here, judgment_possible)
                if isinstance(item, StepChoice) and self.never_matches(step):
                    self.add(
                        "error",
                        "reachability",
                        here,
                        say(MATCHES_NOTHING, choice=choice, action=step.action),
                    )
            refs = {ref for step in alternatives for ref in step.taken_by}
            judgment_possible = judgment_possible or bool(refs & _LEADS_TO_JUDGMENT)
            actions = ", ".join(sorted({step.action for step in alternatives}))
            if permanent:
                continue
            if all(step.action in _TERMINAL_ACTIONS for step in alternatives):
                permanent = True
                blocked_by = say(ENDS_LADDER, position=position, actions=actions)
            elif not refs:
                blocked_by = say(NO_TAKEN_BY, position=position, actions=actions)
            else:
                blocked_by = None

    def step_anchor(
        self, ladder: str, position: int, step: Step, here: PathKey, judgment_possible: bool
    ) -> None:
        """A step's ``not_before`` anchor can occur at its position."""
        anchor = step.not_before.after
        if anchor == "judgment" and not judgment_possible:
            self.add(
                "error",
                "reachability",
                (*here, "not_before", "after"),
                say(NO_JUDGMENT_BEFORE, action=step.action, ladder=ladder),
            )
        if anchor == "previous_step" and position == 0:
            self.add(
                "warning",
                "reachability",
                (*here, "not_before", "after"),
                say(FIRST_STEP_AFTER_PREVIOUS),
            )

    def never_matches(self, step: Step) -> bool:
        """True when no principal meets the step's conditions on any date (as the engine's
        ``_matches`` reads them: a named value that is not known matches nothing)."""
        when = step.when
        if when is None:
            return False
        names = [n for n in (when.principal_below, when.principal_at_least) if n is not None]
        dates = {EARLIEST}
        for param_name in names:
            param = self.spec.parameters.get(param_name)
            if param is None:
                return False  # a dangling reference: reported by the reference check
            dates.update(param.breakpoints())
        for on in sorted(dates):
            span = alternative_interval(self.spec, when, on)
            # None: a named value is not known that day, and the engine then matches nothing
            if span is not None and span[0] < span[1]:
                return False
        return True

    def unused(self) -> None:
        spec = self.spec
        types = spec.claim_types.values()
        limitation = spec.limitation
        steps = [
            step
            for ladder in spec.ladders.values()
            for item in ladder.steps
            for step in _alternatives(item)
        ]
        used_params: set[str] = set()
        for step in steps:
            if isinstance(step.not_before.days, str):
                used_params.add(step.not_before.days)
            if step.when is not None:
                used_params.update(
                    n for n in (step.when.principal_below, step.when.principal_at_least) if n
                )
        if spec.court_fees is not None and spec.court_fees.base is not None:
            used_params.add(spec.court_fees.base)
        used_periods = {ctype.limitation_period for ctype in types}
        used_periods.update(
            rule.period for rule in limitation.interruptions.values() if rule.period != "same"
        )
        if limitation.later_interest is not None:
            used_periods.add(limitation.later_interest.period)
        used_conventions = {
            limitation.convention,
            *(lien.convention for lien in spec.liens.values()),
        }
        # what each section's names are used by: the sentence says it (UNUSED)
        groups: list[tuple[str, Sequence[str], set[str]]] = [
            (
                "ladders",
                list(spec.ladders),
                {c.ladder for c in types}
                | {n for c in types for n in c.ladder_by_document.values()},
            ),
            (
                "interest",
                list(spec.interest),
                {c.interest for c in types} | {c.collection_interest or "" for c in types},
            ),
            ("fees", list(spec.fees), {c.fees for c in types}),
            ("liens", list(spec.liens), {c.lien or "" for c in types}),
            ("parameters", list(spec.parameters), used_params),
            ("limitation.periods", list(limitation.periods), used_periods),
            ("calendar.conventions", list(spec.calendar.conventions), used_conventions),
        ]
        for section, names, used in groups:
            for item_name in names:
                if item_name not in used:
                    self.add(
                        "warning",
                        "reachability",
                        (*section.split("."), item_name),
                        say(UNUSED[section], name=item_name),
                    )

    def later_interest(self) -> None:
        limitation = self.spec.limitation
        later = limitation.later_interest
        if later is None:
            return
        for slot, ref in enumerate(later.after):
            rule = limitation.interruptions.get(ref)
            if rule is None or rule.effect != "new_period":
                self.add(
                    "error",
                    "reachability",
                    ("limitation", "later_interest", "after", slot),
                    say(NOT_AN_INTERRUPTION if rule is None else SUSPENDS_RATHER, ref=ref),
                )

    def lien_preservation(self) -> None:
        spec = self.spec
        pairs: dict[tuple[str, str], list[str]] = {}
        for type_name, ctype in spec.claim_types.items():
            if ctype.lien is not None and ctype.lien in spec.liens and ctype.ladder in spec.ladders:
                pairs.setdefault((ctype.lien, ctype.ladder), []).append(type_name)
        for (lien_name, ladder_name), type_names in pairs.items():
            lien = spec.liens[lien_name]
            refs = {
                ref
                for item in spec.ladders[ladder_name].steps
                for step in _alternatives(item)
                for ref in step.taken_by
            }
            if not refs & set(lien.preserved_by):
                self.add(
                    "warning",
                    "reachability",
                    ("liens", lien_name, "preserved_by"),
                    say(
                        LIEN_NEVER_PRESERVED,
                        ladder=ladder_name,
                        types=", ".join(type_names),
                        events=", ".join(lien.preserved_by),
                    ),
                )

    # -- sources --

    def sources(self) -> None:
        """Every legal value cites its source; local rules cite the municipality's decision."""
        for path, param in self.params:
            if param.values is None:
                if param.source is None:
                    self.add("error", "source", path, say(NO_SOURCE_VALUE))
                continue
            for index, entry in enumerate(param.values):
                if entry.source is None and param.source is None:
                    self.add(
                        "error",
                        "source",
                        self.entry_path(path, index, entry),
                        say(NO_SOURCE_ENTRY, since=entry.valid_from),
                    )
        for path, model in self.cited:
            field = type(model).model_fields.get("source")
            if field is not None and getattr(model, "source", None) is None:
                self.add("error", "source", path, say(NO_SOURCE_RULE))
        local = self.spec.local
        if local.source is None and (local.fees or local.due_date_rule or local.waive_interest):
            self.add(
                "warning",
                "source",
                ("local",),
                say(LOCAL_WITHOUT_SOURCE),
            )


def _after_judgment(ladder: Ladder, earlier: int, position: int, step: Step) -> bool:
    """The same event taking an earlier step and a later one is lawful when the later step
    comes after the judgment (a petition for distraint on the undisputed claim, and again on the
    judgment): anchored ``after: judgment``, behind a step the judgment takes."""
    if step.not_before.after != "judgment":
        return False
    between = ladder.steps[earlier + 1 : position]
    return any("judgment" in alt.taken_by for item in between for alt in _alternatives(item))
