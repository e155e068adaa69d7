"""Profile change impact: decide every claim under an old and a new profile and say what changed.

A reviewer of a profile edit (a new fee cap, another limitation period) needs to see the legal
edit and its business effect together. :func:`profile_impact` reads the claims once, decides each
under both profiles as of one date, and reports:

- ``profile_changes``: every profile value that differs between the two profiles, as a dotted
  key path (``fees.inkasso.notices.reminder.fraction.values.2020-10-01``) with its old and new
  value;
- ``changed``: each claim whose decision changed, aspect by aspect (see :data:`ASPECTS`), with
  the trace rules whose outcome or citation differ between the two decisions (or that appear in
  only one of them) — the rules that caused the change;
- ``errors``: claims that could not be read or do not fit one of the profiles (unknown claim
  type, other currency), counted and reported, never raised;
- ``summary``: how many changed claims changed in each aspect.

Claims whose decisions differ only in their trace (the same action, dates, amounts, deadlines and
warning codes for other reasons) are not listed, only counted in ``trace_only``.

Memory grows with the changed claims only: the claims are streamed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, JsonValue

from claimrules.engine.core import decide
from claimrules.errors import ClaimError, ClaimrulesError
from claimrules.law.profile import Profile
from claimrules.model.claims import Claim
from claimrules.model.decision import Decision
from claimrules.text import words as t
from claimrules.text.safe import visible
from claimrules.text.words import Words

__all__ = [
    "ASPECTS",
    "AspectChange",
    "ClaimChange",
    "ImpactReport",
    "ProfileRef",
    "ValueChange",
    "decision_changes",
    "profile_impact",
    "spec_changes",
    "trace_changes",
]

ASPECTS: tuple[str, ...] = (
    "action",
    "on",
    "fee",
    "balance.principal",
    "balance.interest",
    "balance.interest_known_through",
    "balance.fees",
    "balance.total",
    "deadlines",
    "warnings",
)
"""The aspects of a decision compared, in report order.

``deadlines`` compares the upcoming dates by name (only the names whose date differs, or that
exist in one decision only, are reported); ``warnings`` compares the warning codes (as a
multiset: a changed message alone is not a change). ``balance.principal`` is there because
payments are allocated to fees and interest first: a lower lawful fee leaves less principal.
``balance.interest_known_through`` shows an unknown rate being filled in (the date it was known
through, then "fully known"), or a new gap. The limitation and lien dates are not aspects of
their own (they would list every settled claim when a period changes): where they still matter
they are deadlines, and where they have passed they decide the action.
"""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ProfileRef(_Frozen):
    """Which profile a side of the comparison is: its id and content hash."""

    id: str
    hash: str


class ValueChange(_Frozen):
    """One profile value that differs between the old and the new profile.

    ``path`` is the dotted key path into the profile data (list items as ``[i]``, the index in
    the new list, or in the old one for a removed item); ``kind`` says whether the value was
    ``changed``, ``added`` (``old`` is ``None``) or ``removed`` (``new`` is ``None``). Values are
    as in the profile's JSON form (dates as ISO text, fractions as ``"1/20"``).
    """

    path: str
    kind: Literal["changed", "added", "removed"]
    old: JsonValue
    new: JsonValue


class AspectChange(_Frozen):
    """One aspect of a decision (see :data:`ASPECTS`) under the old and the new profile.

    Dates are ISO text, amounts decimal text; ``deadlines`` maps deadline name to date (only
    the names that differ), ``warnings`` lists warning codes.
    """

    aspect: str
    old: JsonValue
    new: JsonValue


class ClaimChange(_Frozen):
    """A claim whose decision changed: what changed, and which trace rules differ."""

    claim_id: str
    changes: tuple[AspectChange, ...]
    rules: tuple[str, ...]

    def aspects(self) -> tuple[str, ...]:
        """The names of the changed aspects, in :data:`ASPECTS` order."""
        return tuple(change.aspect for change in self.changes)

    def change(self, aspect: str) -> AspectChange | None:
        """The change of ``aspect``, or ``None`` when it did not change."""
        return next((c for c in self.changes if c.aspect == aspect), None)


class ImpactReport(_Frozen):
    """What a profile edit does to a portfolio of claims on one date.

    ``claims_checked`` counts every input item, errors included; ``errors`` names each claim
    that could not be read or decided under one of the profiles; ``summary`` counts the changed
    claims by aspect (every aspect of :data:`ASPECTS`, zeros included); ``trace_only`` counts
    claims whose decision is the same in every aspect but whose trace differs. JSON:
    ``report.model_dump_json()``.
    """

    as_of: date
    old_profile: ProfileRef
    new_profile: ProfileRef
    claims_checked: int
    changed: tuple[ClaimChange, ...]
    profile_changes: tuple[ValueChange, ...]
    errors: tuple[str, ...]
    summary: dict[str, int]
    trace_only: int = 0

    def changed_ids(self) -> frozenset[str]:
        """The ids of the claims whose decision changed."""
        return frozenset(change.claim_id for change in self.changed)

    def text(self, lang: str = "en") -> str:
        """A readable report in ``lang``: the profile value changes, a summary by aspect, then
        per claim (values, paths, ids and rule names as written)."""
        w = Words(lang)
        old, new = self.old_profile, self.new_profile
        lines = [
            w(t.IMPACT_TITLE, date=w.date(self.as_of)),
            "  " + w(t.IMPACT_OLD, profile=old.id, hash=old.hash[:12]),
            "  " + w(t.IMPACT_NEW, profile=new.id, hash=new.hash[:12]),
            "",
            w(t.IMPACT_VALUES, count=len(self.profile_changes)),
        ]
        lines += [f"  {_value_line(change, w)}" for change in self.profile_changes]
        if not self.profile_changes:
            lines.append("  " + w(t.IMPACT_NONE))
        lines += [
            "",
            w(
                t.IMPACT_CLAIMS,
                checked=self.claims_checked,
                changed=len(self.changed),
                errors=len(self.errors),
                trace_only=self.trace_only,
            ),
        ]
        names = {aspect: _aspect_words(aspect, w) for aspect in self.summary}
        heading = w(t.IMPACT_ASPECT)
        width = max(len(heading), *(len(name) for name in names.values()))
        lines.append(f"  {heading:<{width}}  {w(t.COL_CLAIMS):>7}")
        lines += [f"  {names[a]:<{width}}  {count:>7}" for a, count in self.summary.items()]
        if self.changed:
            lines += ["", w(t.IMPACT_CHANGED)]
            for claim in self.changed:
                lines.append(
                    f"  {visible(claim.claim_id)}: "
                    + "; ".join(_aspect_text(c, w) for c in claim.changes)
                )
                rules = ", ".join(claim.rules) or w(t.IMPACT_TRACE_UNCHANGED)
                lines.append("    " + w(t.IMPACT_RULES, rules=rules))
        if self.errors:
            lines += ["", w(t.IMPACT_ERRORS, count=len(self.errors))]
            lines += [f"  {error}" for error in self.errors]
        return "\n".join(lines) + "\n"


def profile_impact(
    claims: Iterable[Claim | ClaimError],
    old: Profile,
    new: Profile,
    as_of: date,
) -> ImpactReport:
    """Decide each claim under ``old`` and ``new`` as of ``as_of`` and report what changed.

    ``claims`` is read once (a reader's output such as :func:`claimrules.io.formats.read_claims`
    works as is: its ClaimErrors for unreadable records are reported, not raised). A claim that
    does not fit one of the profiles (unknown claim type, other currency), or whose decision
    the engine refuses (e.g. an ambiguous date), is reported in ``errors`` with the profile it
    failed under; nothing is raised for a claim.
    """
    changed: list[ClaimChange] = []
    errors: list[str] = []
    summary: Counter[str] = Counter()
    checked = 0
    trace_only = 0
    for item in claims:
        checked += 1
        if isinstance(item, ClaimError):
            errors.append(str(item))
            continue
        before = _decide(item, old, as_of, "old", errors)
        after = _decide(item, new, as_of, "new", errors)
        if before is None or after is None:
            continue
        aspects = decision_changes(before, after)
        rules = trace_changes(before, after)
        if aspects:
            changed.append(ClaimChange(claim_id=item.id, changes=aspects, rules=rules))
            summary.update(change.aspect for change in aspects)
        elif rules:
            trace_only += 1
    return ImpactReport(
        as_of=as_of,
        old_profile=ProfileRef(id=old.id, hash=old.content_hash),
        new_profile=ProfileRef(id=new.id, hash=new.content_hash),
        claims_checked=checked,
        changed=tuple(changed),
        profile_changes=spec_changes(old, new),
        errors=tuple(errors),
        summary={aspect: summary[aspect] for aspect in ASPECTS},
        trace_only=trace_only,
    )


def _decide(
    claim: Claim, profile: Profile, as_of: date, side: str, errors: list[str]
) -> Decision | None:
    try:
        return decide(claim, profile, as_of)
    except ClaimrulesError as error:
        errors.append(f"{side} profile {profile.id}: {error}")
        return None


def decision_changes(old: Decision, new: Decision) -> tuple[AspectChange, ...]:
    """The aspects (:data:`ASPECTS`) in which two decisions of the same claim differ."""
    found: list[AspectChange] = []
    for aspect in ASPECTS:
        if aspect == "deadlines":
            before, after = _deadlines(old), _deadlines(new)
            names = [name for name in before if before[name] != after.get(name)]
            names += [name for name in after if name not in before]
            if names:
                found.append(
                    AspectChange(
                        aspect=aspect,
                        old={n: before[n] for n in names if n in before},
                        new={n: after[n] for n in names if n in after},
                    )
                )
            continue
        if aspect == "warnings":
            codes_old, codes_new = old.warning_codes(), new.warning_codes()
            if Counter(codes_old) != Counter(codes_new):
                found.append(AspectChange(aspect=aspect, old=list(codes_old), new=list(codes_new)))
            continue
        value_old, value_new = _aspect(old, aspect), _aspect(new, aspect)
        if value_old != value_new:
            found.append(AspectChange(aspect=aspect, old=value_old, new=value_new))
    return tuple(found)


def _aspect(decision: Decision, aspect: str) -> str:
    match aspect:
        case "action":
            return decision.action
        case "on":
            return decision.on.isoformat()
        case "fee":
            return str(decision.fee)
        case "balance.principal":
            return str(decision.balance.principal)
        case "balance.interest":
            return str(decision.balance.interest)
        case "balance.interest_known_through":
            through = decision.balance.interest_known_through
            return "fully known" if through is None else through.isoformat()
        case "balance.fees":
            return str(decision.balance.fees)
        case "balance.total":
            return str(decision.balance.total)
    raise ValueError(f"unknown aspect {aspect!r}")


def _deadlines(decision: Decision) -> dict[str, str]:
    """Deadline name → date (several dates of one name joined, in date order)."""
    found: dict[str, list[str]] = {}
    for item in decision.deadlines:
        found.setdefault(item.name, []).append(item.on.isoformat())
    return {name: ", ".join(dates) for name, dates in found.items()}


def trace_changes(old: Decision, new: Decision) -> tuple[str, ...]:
    """The trace rules whose entries (outcome, citation) differ, or that only one trace has.

    A rule may appear several times in a trace (one ``fees.reminder`` entry per reminder sent,
    and one for the next reminder's fee): its entries are compared as a sequence. Rules are
    named in the order they first appear in the old trace, then the new one.
    """
    before = _trace(old)
    after = _trace(new)
    order = list(before) + [rule for rule in after if rule not in before]
    return tuple(rule for rule in order if before.get(rule) != after.get(rule))


def _trace(decision: Decision) -> dict[str, list[tuple[str, str]]]:
    entries: dict[str, list[tuple[str, str]]] = {}
    for entry in decision.trace:
        entries.setdefault(entry.rule, []).append((entry.outcome, entry.citation))
    return entries


def spec_changes(old: Profile, new: Profile) -> tuple[ValueChange, ...]:
    """Every profile value that differs between ``old`` and ``new``, as dotted key paths named
    the way the YAML names them (and ``claimrules check`` reports them): a dated entry by its
    date, ``interest.statutory.rate.values.2026-07-01``, with ``.status``, ``.source``, … for
    its other keys.

    The profiles' data (``profile.spec``, in JSON form) are compared leaf by leaf. Lists are
    compared item by item, except dated series, whose entries are matched by date, so inserting
    one dated value reports one added entry rather than every later one as changed.
    """
    found: list[ValueChange] = []
    _diff(
        old.spec.model_dump(mode="json", by_alias=True),
        new.spec.model_dump(mode="json", by_alias=True),
        "",
        found,
    )
    return tuple(found)


def _key(path: str, key: str) -> str:
    if key.replace("_", "").replace("-", "").replace("/", "").isalnum():
        return f"{path}.{key}" if path else key
    return f"{path}[{key!r}]"


def _diff(old: JsonValue, new: JsonValue, path: str, found: list[ValueChange]) -> None:
    if isinstance(old, dict) and isinstance(new, dict):
        for key in list(old) + [k for k in new if k not in old]:
            where = _key(path, key)
            if key not in new:
                found.append(ValueChange(path=where, kind="removed", old=old[key], new=None))
            elif key not in old:
                found.append(ValueChange(path=where, kind="added", old=None, new=new[key]))
            else:
                _diff(old[key], new[key], where, found)
        return
    if isinstance(old, list) and isinstance(new, list):
        _diff_list(old, new, path, found)
        return
    if old != new or type(old) is not type(new):
        found.append(ValueChange(path=path, kind="changed", old=old, new=new))


def _dated(items: Sequence[JsonValue]) -> Mapping[str, int] | None:
    """``from`` date → index for a dated series with distinct dates, else ``None``."""
    dates: dict[str, int] = {}
    for index, item in enumerate(items):
        if not isinstance(item, dict) or not isinstance(item.get("from"), str):
            return None
        dates[str(item["from"])] = index
    return dates if len(dates) == len(items) else None


def _diff_list(
    old: list[JsonValue], new: list[JsonValue], path: str, found: list[ValueChange]
) -> None:
    old_dates, new_dates = _dated(old), _dated(new)
    if old_dates is not None and new_dates is not None and old and new:
        for when, index in new_dates.items():
            entry = f"{path}.{when}"
            if when in old_dates:
                before, after = old[old_dates[when]], new[index]
                assert isinstance(before, dict) and isinstance(after, dict)
                for key in list(before) + [k for k in after if k not in before]:
                    where = entry if key == "value" else f"{entry}.{key}"
                    if key not in after:
                        found.append(
                            ValueChange(path=where, kind="removed", old=before[key], new=None)
                        )
                    elif key not in before:
                        found.append(
                            ValueChange(path=where, kind="added", old=None, new=after[key])
                        )
                    else:
                        _diff(before[key], after[key], where, found)
            else:
                found.append(ValueChange(path=entry, kind="added", old=None, new=new[index]))
        for when, index in old_dates.items():
            if when not in new_dates:
                found.append(
                    ValueChange(path=f"{path}.{when}", kind="removed", old=old[index], new=None)
                )
        return
    for index in range(max(len(old), len(new))):
        where = f"{path}[{index}]"
        if index >= len(new):
            found.append(ValueChange(path=where, kind="removed", old=old[index], new=None))
        elif index >= len(old):
            found.append(ValueChange(path=where, kind="added", old=None, new=new[index]))
        else:
            _diff(old[index], new[index], where, found)


def _short(value: JsonValue) -> str:
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _value_line(change: ValueChange, w: Words | None = None) -> str:
    w = w or Words()
    if change.kind == "added":
        return w(t.IMPACT_ADDED, path=change.path, value=_short(change.new))
    if change.kind == "removed":
        return w(t.IMPACT_REMOVED, path=change.path, value=_short(change.old))
    return f"{change.path}: {_short(change.old)} → {_short(change.new)}"


def _aspect_words(aspect: str, w: Words) -> str:
    """An aspect's name: as written in English (the decision's field), in words otherwise."""
    words = t.ASPECT_WORDS.get(aspect)
    return aspect if w.lang == "en" or words is None else w(words)


def _aspect_text(change: AspectChange, w: Words | None = None) -> str:
    w = w or Words()
    name = _aspect_words(change.aspect, w)
    if change.aspect == "deadlines":
        old = change.old if isinstance(change.old, dict) else {}
        new = change.new if isinstance(change.new, dict) else {}
        parts = [
            f"{name_} {old.get(name_, '-')} → {new.get(name_, '-')}"
            for name_ in [*old, *(n for n in new if n not in old)]
        ]
        return f"{name} " + ", ".join(parts)
    if change.aspect == "warnings":
        old_codes = change.old if isinstance(change.old, list) else []
        new_codes = change.new if isinstance(change.new, list) else []
        return f"{name} [{', '.join(map(str, old_codes))}] → [{', '.join(map(str, new_codes))}]"
    before = "-" if change.old is None else change.old
    after = "-" if change.new is None else change.new
    return f"{name} {before} → {after}"
