"""The law's next cliff: the claims whose next step or amount the profile cannot give on a
future day (``claimrules cliff FILE --on DATE``).

Every half-year a rate is renewed, every January the inkassosats; a new act takes effect on a
day not yet announced. On the morning such a value runs out, decisions that need it say
``unknown_law``: interest is counted only through the last known day, a fee that needs the value
is not charged, a step that is not known to be lawful goes to ``manual_review``. An office
should see that weeks ahead, not on that morning. This report decides every claim as of the
future day ``on`` (and as of ``as_of``, today, to tell what is new), reads the missing values
out of each decision's ``unknown_law`` warnings (their structured messages name the profile
value, its file and line, and the day it is needed from), and groups the claims by the value
they miss, with what the profile linter (:mod:`claimrules.tools.lint`) says to add on that
day: for a value renewed every period, the exact YAML.

Each claim in a group is either one whose **next step** becomes unknown (its decision on ``on``
is ``manual_review`` where today's is not) or one whose **amount** only does (the action is
kept, with the least that is owed). Nothing is guessed: the report only reads what the engine
says it could not count.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from claimrules.engine.batch import record_one
from claimrules.law.profile import Profile
from claimrules.model import core
from claimrules.model.claims import Claim
from claimrules.text import words as t
from claimrules.text.words import Words
from claimrules.tools.lint import Finding, lint_profile

__all__ = [
    "Cliff",
    "CliffClaim",
    "CliffGroup",
    "MissingValue",
    "cliff",
    "missing_values",
]

Effect = Literal["step", "amount"]


class MissingValue(BaseModel):
    """A profile value a decision needed and did not find: where it is in the profile, and
    from which day it is needed."""

    model_config = ConfigDict(frozen=True)

    where: str = Field(
        description="The value's key path and its file and line, as the decision names it: "
        "interest.statutory.rate.values (no/interest.yaml:22)"
    )
    needed_from: date | None = Field(
        default=None, description="The first day the decision needed it (None: not said)"
    )

    @property
    def key(self) -> str:
        """The value's key path without its file, line and dated entry:
        ``interest.statutory.rate``."""
        path = self.where.split(" (", 1)[0]
        parts = path.split(".")
        if "values" in parts:
            parts = parts[: parts.index("values")]
        return ".".join(parts)


def missing_values(record: Mapping[str, Any]) -> list[MissingValue]:
    """The profile values a decision record says are unknown: the ``where`` of every
    ``unknown_law`` warning's structured message, each with the day of the outermost message
    that names a value (the day it was needed), in the order they appear, each once."""
    found: dict[str, MissingValue] = {}
    for warning in record.get("warnings", ()):
        if warning.get("code") == "unknown_law":
            for item in named_values(warning.get("msg")):
                found.setdefault(item.where, item)
    return list(found.values())


def named_values(message: object) -> list[MissingValue]:
    """The profile values a structured message (or any part of one) names: each ``where``
    text inside it, with the day of the outermost message that has a ``where``."""
    found: list[MissingValue] = []

    def walk(value: object, day: date | None) -> None:
        if isinstance(value, dict):
            params = value.get("params")
            if isinstance(params, dict) and day is None and "where" in params:
                said = params.get("date")
                if isinstance(said, dict) and isinstance(said.get("date"), str):
                    day = date.fromisoformat(said["date"])
            for key, item in value.items():
                if key == "where" and isinstance(item, dict) and "text" in item:
                    found.append(MissingValue(where=str(item["text"]), needed_from=day))
                else:
                    walk(item, day)
        elif isinstance(value, list):
            for item in value:
                walk(item, day)

    walk(message, None)
    return found


class CliffClaim(BaseModel):
    """One claim over the cliff: what it misses on ``on``, and what that does to it."""

    model_config = ConfigDict(frozen=True)

    claim_id: str
    claim_type: str
    debtor_id: str
    action_now: str = Field(description="The decision's action as of the report's as_of day")
    action_on: str = Field(description="The decision's action on the cliff day")
    effect: Effect = Field(
        description="step: the next step becomes unknown (manual_review on the day, for one of "
        "the values it misses); amount: only an amount does (the action is kept, with the "
        "least owed)"
    )
    step_missing: tuple[str, ...] = Field(
        default=(), description="The values the next step waits for (effect step)"
    )
    total_on: Decimal = Field(description="What the claim owes on the day, the least owed")
    missing: tuple[str, ...] = Field(description="The values it misses (MissingValue.where)")
    new: bool = Field(description="True when the claim misses none of them as of as_of")


class CliffGroup(BaseModel):
    """The claims that miss one profile value on the cliff day, and what to add."""

    model_config = ConfigDict(frozen=True)

    missing: str = Field(description="The value, as decisions name it (MissingValue.where)")
    key: str = Field(description="Its key path in the profile (MissingValue.key)")
    needed_from: date | None = Field(description="The first day a claim needs it")
    claims: int
    new: int = Field(description="Claims that do not miss it as of as_of: new on the cliff")
    steps: int = Field(description="Claims whose next step becomes unknown")
    amounts: int = Field(description="Claims whose amount only becomes unknown")
    total: Decimal = Field(description="What those claims owe on the day, the least owed")
    claim_ids: tuple[str, ...]
    add: tuple[str, ...] = Field(
        description="What the profile linter says about the value on the day (claimrules "
        "check PROFILE --today ON), in English"
    )
    fix: str | None = Field(description="The YAML to add, where the linter gives it")
    findings: tuple[Finding, ...] = Field(default=(), exclude=True, repr=False)
    """The linter's findings themselves (:class:`~claimrules.tools.lint.Finding`), for the
    text in the reader's language."""


class Cliff(BaseModel):
    """The claims whose next step or amount becomes unknown on ``on``, grouped by the profile
    value they miss (JSON: ``model_dump_json``)."""

    model_config = ConfigDict(frozen=True)

    profile_id: str
    as_of: date
    on: date
    decided: int = Field(description="Claims decided (each as of as_of and on the day)")
    affected: int = Field(description="Claims that miss at least one value on the day")
    new: int = Field(description="Of them, claims that miss none as of as_of")
    groups: tuple[CliffGroup, ...]
    claims: tuple[CliffClaim, ...]

    def text(self, lang: str = "en", shown: int = 10) -> str:
        """The report for people in ``lang`` (en, nb, da; kl in Danish): the count, then each
        missing value with its claims (the first ``shown`` ids), what they owe, and what the
        linter says to add (with the YAML where it gives it).

        Raises:
            ValueError: another language.
        """
        w = Words(lang)
        fields = {
            "on": w.date(self.on),
            "profile": self.profile_id,
            "as_of": w.date(self.as_of),
            "decided": w.number(self.decided),
        }
        if not self.groups:
            return w(t.CLIFF_NONE, **fields)
        lines = [
            w(t.CLIFF_HEAD, **fields, affected=w.number(self.affected), new=w.number(self.new))
        ]
        for group in self.groups:
            lines += ["", *self._group_lines(group, w, shown)]
        return "\n".join(lines)

    def _group_lines(self, group: CliffGroup, w: Words, shown: int) -> list[str]:
        head = (
            w(t.CLIFF_VALUE, missing=group.missing, date=w.date(group.needed_from))
            if group.needed_from is not None
            else w(t.CLIFF_VALUE_UNDATED, missing=group.missing, date=w.date(self.on))
        )
        ids = ", ".join(group.claim_ids[:shown])
        if len(group.claim_ids) > shown:
            ids = w(t.CLIFF_MORE, ids=ids, count=w.number(len(group.claim_ids) - shown))
        lines = [
            head,
            "  "
            + w(
                t.CLIFF_COUNTS if group.claims != 1 else t.CLIFF_COUNTS_ONE,
                claims=w.number(group.claims),
                new=w.number(group.new),
                steps=w.number(group.steps),
                amounts=w.number(group.amounts),
                total=w.money(group.total),
            ),
            "  " + w(t.CLIFF_CLAIMS, ids=ids),
        ]
        if not group.findings:
            day = group.needed_from or self.on
            lines.append("  " + w(t.CLIFF_ADD, date=w.date(day), key=group.key))
            return lines
        lines.append(
            "  "
            + w(
                t.CLIFF_LINTER,
                date=w.date(self.on),
                profile=self.profile_id,
                day=self.on.isoformat(),
            )
        )
        for finding in group.findings:
            said = finding.message if w.lang == "en" or finding.said is None else None
            lines.append("    " + (said if said is not None else w.said(finding.said)))
            if finding.fix is not None:
                fix = (
                    finding.fix.splitlines()
                    if w.lang == "en" or not finding.fix_lines
                    else [w.said(line) for line in finding.fix_lines]
                )
                lines += [f"      | {line}" for line in fix]
        return lines

    def records(self) -> list[dict[str, Any]]:
        """One record per claim and missing value (JSON Lines, CSV)."""
        return [
            {
                "claim_id": item.claim_id,
                "claim_type": item.claim_type,
                "debtor_id": item.debtor_id,
                "missing": missing,
                "effect": "step" if missing in item.step_missing else "amount",
                "new": item.new,
                "action_now": item.action_now,
                "action_on": item.action_on,
                "total_on": item.total_on,
            }
            for item in self.claims
            for missing in item.missing
        ]


def cliff(
    claims: Iterable[Claim],
    profile: Profile,
    *,
    on: date,
    as_of: date,
    decided: Iterator[tuple[Claim | core.Claim, dict[str, Any]]] | None = None,
) -> Cliff:
    """Decide every claim as of ``as_of`` and on ``on`` and report those whose decision on
    ``on`` misses a value of ``profile`` (see the module's description).

    Raises:
        ClaimError: a claim does not fit the profile (the CLI reports and skips it).
    """
    pairs = decided if decided is not None else _decided(claims, profile, as_of)
    over: list[CliffClaim] = []
    needed: dict[str, date | None] = {}
    count = 0
    for claim, record_now in pairs:
        count += 1
        record_on = record_one(claim, profile, on, trace="none")
        missing = missing_values(record_on)
        if not missing:
            continue
        before = {item.where for item in missing_values(record_now)}
        stepped = record_on["action"] == "manual_review" != record_now["action"]
        waits = {item.where for item in named_values(record_on.get("reason_msg"))}
        held = tuple(item.where for item in missing if item.where in waits) if stepped else ()
        over.append(
            CliffClaim(
                claim_id=claim.id,
                claim_type=claim.claim_type,
                debtor_id=claim.debtor.id,
                action_now=record_now["action"],
                action_on=record_on["action"],
                effect="step" if held else "amount",
                step_missing=held,
                total_on=record_on["balance"]["total"],
                missing=tuple(item.where for item in missing),
                new=not before & {item.where for item in missing},
            )
        )
        _first_needed(needed, missing)
    groups = _groups(over, needed, profile, on)
    return Cliff(
        profile_id=profile.id,
        as_of=as_of,
        on=on,
        decided=count,
        affected=len(over),
        new=sum(item.new for item in over),
        groups=groups,
        claims=tuple(sorted(over, key=lambda item: item.claim_id)),
    )


def _first_needed(needed: dict[str, date | None], missing: list[MissingValue]) -> None:
    """Keep in ``needed`` the first day any claim needs each value."""
    for item in missing:
        known = needed.get(item.where)
        if known is None or (item.needed_from is not None and item.needed_from < known):
            needed[item.where] = item.needed_from


def _decided(
    claims: Iterable[Claim], profile: Profile, as_of: date
) -> Iterator[tuple[Claim | core.Claim, dict[str, Any]]]:
    for claim in claims:
        yield claim, record_one(claim, profile, as_of, trace="none")


def _groups(
    over: list[CliffClaim], needed: dict[str, date | None], profile: Profile, on: date
) -> tuple[CliffGroup, ...]:
    """The claims by the value they miss, the most claims first, each with the linter's
    findings on the value on the day ``on``."""
    by_value: dict[str, list[CliffClaim]] = {}
    for item in over:
        for where in item.missing:
            by_value.setdefault(where, []).append(item)
    findings = lint_profile(profile, today=on).findings if by_value else ()
    groups = []
    for where, items in by_value.items():
        value = MissingValue(where=where, needed_from=needed.get(where))
        about = _about(value, findings)
        groups.append(
            CliffGroup(
                missing=where,
                key=value.key,
                needed_from=value.needed_from,
                claims=len(items),
                new=sum(item.new for item in items),
                steps=sum(where in item.step_missing for item in items),
                amounts=sum(where not in item.step_missing for item in items),
                total=sum((item.total_on for item in items), Decimal(0)),
                claim_ids=tuple(sorted(item.claim_id for item in items)),
                add=tuple(finding.message for finding in about),
                fix=next((finding.fix for finding in about if finding.fix), None),
                findings=tuple(about),
            )
        )
    return tuple(sorted(groups, key=lambda group: (-group.claims, group.missing)))


def _about(value: MissingValue, findings: Iterable[Finding]) -> list[Finding]:
    """The linter's findings on the missing value: on its dated entry where the decisions
    name one (``fees.inkasso.base.values.2027-01-01``), else the series' freshness and
    coverage findings (a half-yearly rate with no entry for the period): the values needed
    on the day first, errors before warnings."""
    path = value.where.split(" (", 1)[0]
    exact = [finding for finding in findings if finding.key == path and finding.severity != "info"]
    chosen = exact or [
        finding
        for finding in findings
        if finding.key.startswith(value.key + ".")
        and finding.check in ("freshness", "coverage")
        and finding.severity != "info"
    ]
    return sorted(chosen, key=lambda finding: (not finding.needed, finding.severity != "error"))
