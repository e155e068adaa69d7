"""The trace of a decision: which rules took part, what each found, and its legal source.

A :class:`Tracer` is handed to the rules; each rule says what it did through it, and the tracer
keeps as much as the decision's trace mode asks for (:data:`TRACE_MODES`):

- ``none`` (:class:`Tracer`): nothing; a rule's sentence is never even written;
- ``rules`` (:class:`RulesTracer`): every rule and its citation, without the sentence;
- ``full`` (:class:`FullTracer`): every rule, the sentence of what it found, and its citation.

So no rule asks which mode it is in: it calls :meth:`Tracer.note` (a sentence already made) or
:meth:`Tracer.says` (a template and its values, filled only when the sentence is kept), and
checks :attr:`Tracer.active` only to skip work whose sole purpose is the trace.
"""

from __future__ import annotations

from typing import Any, Literal

from claimrules.model.filling import fill
from claimrules.model.structured import structured, structured_from

__all__ = ["TRACE_MODES", "FullTracer", "RulesTracer", "TraceMode", "Tracer", "tracer_for"]

TraceMode = Literal["full", "rules", "none"]
TRACE_MODES: tuple[str, ...] = ("full", "rules", "none")
"""How much of the trace a decision carries: ``full`` (every rule with its outcome and
citation, the default), ``rules`` (every rule and citation, no outcome sentence) or ``none``
(no trace: the action, dates, amounts, warnings and receipt only, for bulk runs; ``explain``
and ``replay`` decide again with the full trace when a person asks)."""


class Tracer:
    """Keeps no trace (mode ``none``): the base of the others, every note dropped."""

    mode: TraceMode = "none"
    active = False
    """Whether any note is kept (work done only for the trace can be skipped when not)."""
    outcomes = False
    """Whether the outcome sentences are kept (mode ``full``)."""

    __slots__ = ("currency", "entries")

    def __init__(self, currency: str = "") -> None:
        self.entries: list[dict[str, object]] = []
        """The trace so far, as records (the Decision validates them in one go)."""
        self.currency = currency
        """The claim's currency: the money in the outcomes' structured messages."""

    def note(self, rule: str, outcome: str, citation: str = "") -> None:
        """Record that ``rule`` took part, with what it found and its citation."""

    def says(self, rule: str, citation: str, template: str, **fields: Any) -> None:
        """:meth:`note` with the outcome made from a message template, only when kept."""


class RulesTracer(Tracer):
    """Keeps every rule and its citation, not the sentences (mode ``rules``)."""

    mode: TraceMode = "rules"
    active = True

    __slots__ = ()

    def note(self, rule: str, outcome: str, citation: str = "") -> None:
        self.entries.append({"rule": rule, "outcome": "", "citation": citation, "msg": None})

    def says(self, rule: str, citation: str, template: str, **fields: Any) -> None:
        self.entries.append({"rule": rule, "outcome": "", "citation": citation, "msg": None})


class FullTracer(Tracer):
    """Keeps every rule, its outcome sentence and its citation (mode ``full``)."""

    mode: TraceMode = "full"
    active = True
    outcomes = True

    __slots__ = ()

    def note(self, rule: str, outcome: str, citation: str = "") -> None:
        msg = structured(outcome, self.currency)
        self.entries.append({"rule": rule, "outcome": outcome, "citation": citation, "msg": msg})

    def says(self, rule: str, citation: str, template: str, **fields: Any) -> None:
        # the outer sentence needs no Said of its own: its text and its structure, made here
        outcome = fill(template, fields)
        msg = structured_from(template, fields, self.currency)
        self.entries.append({"rule": rule, "outcome": outcome, "citation": citation, "msg": msg})


_TRACERS: dict[str, type[Tracer]] = {"none": Tracer, "rules": RulesTracer, "full": FullTracer}


def tracer_for(mode: str, currency: str = "") -> Tracer:
    """A new tracer for ``mode`` (one of :data:`TRACE_MODES`), for a claim in ``currency``.

    Raises:
        ValueError: another mode.
    """
    kind = _TRACERS.get(mode)
    if kind is None:
        raise ValueError(f"trace must be one of {', '.join(TRACE_MODES)}, not {mode!r}")
    return kind(currency)
