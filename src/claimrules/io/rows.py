"""The flat rows of claims and decisions: the columns of CSV and Parquet files, and a claim or a
decision as one row (its events as rows of their own)."""

from __future__ import annotations

from typing import Any, get_args

from claimrules.model.claims import Claim, Event
from claimrules.model.decision import Decision

__all__ = [
    "CLAIM_COLUMNS",
    "DECISION_COLUMNS",
    "EVENT_COLUMNS",
    "claim_to_row",
    "decision_to_row",
    "instalments_cell",
]


CLAIM_COLUMNS = (
    "id",
    "claim_type",
    "debtor_id",
    "debtor_kind",
    "principal",
    "currency",
    "issued_on",
    "due_on",
)
"""Columns of a claims CSV file, in order."""


def _event_fields() -> tuple[str, ...]:
    """Every field any event kind has, after ``kind`` and ``on``, in first-seen order."""
    names: dict[str, None] = {}
    for model in get_args(get_args(Event)[0]):
        for name in model.model_fields:
            if name not in ("kind", "on"):
                names.setdefault(name, None)
    return tuple(names)


EVENT_COLUMNS = ("claim_id", "kind", "on", *_event_fields())
"""Columns of an events CSV file: the claim id, then every event field (empty when unused)."""

DECISION_COLUMNS = (
    "claim_id",
    "as_of",
    "action",
    "on",
    "ready",
    "fee",
    "principal",
    "interest",
    "interest_known_through",
    "fees",
    "total",
    "limitation_expires_on",
    "time_barred",
    "lien_expires_on",
    "warnings",
    "reason",
    "profile_id",
    "profile_hash",
    "claim_hash",
    "engine_version",
)
"""Columns of a flat decision row (CSV and Parquet output); the JSON form holds everything.

``interest_known_through`` is empty when the interest is known through ``as_of``; a date when
the rate after it is unknown law, so that ``interest`` and ``total`` are the least owed."""


def claim_to_row(claim: Claim) -> tuple[dict[str, str], list[dict[str, str]]]:
    """The claims-file row and the events-file rows of one claim (CSV strings)."""
    data = claim.model_dump(mode="json", exclude_none=True)
    row = {
        "id": claim.id,
        "claim_type": claim.claim_type,
        "debtor_id": claim.debtor.id,
        "debtor_kind": claim.debtor.kind,
        "principal": data["principal"],
        "currency": claim.currency,
        "issued_on": data["issued_on"],
        "due_on": data["due_on"],
    }
    events = [
        {
            "claim_id": claim.id,
            **{
                key: instalments_cell(value) if key == "instalments" else str(value)
                for key, value in event.items()
                if value != []
            },
        }
        for event in data.get("events", [])
    ]
    return row, events


def instalments_cell(instalments: list[dict[str, str]]) -> str:
    """A payment plan's instalments in one CSV cell: ``DATE AMOUNT`` pairs, ``;`` between."""
    return "; ".join(f"{i['on']} {i['amount']}" for i in instalments)


def decision_to_row(decision: Decision) -> dict[str, Any]:
    """A flat row of a decision (the columns of :data:`DECISION_COLUMNS`), typed values."""
    limitation = decision.limitation
    return {
        "claim_id": decision.claim_id,
        "as_of": decision.as_of,
        "action": decision.action,
        "on": decision.on,
        "ready": decision.ready,
        "fee": decision.fee,
        "principal": decision.balance.principal,
        "interest": decision.balance.interest,
        "interest_known_through": decision.balance.interest_known_through,
        "fees": decision.balance.fees,
        "total": decision.balance.total,
        "limitation_expires_on": limitation.expires_on if limitation else None,
        "time_barred": limitation.time_barred if limitation else None,
        "lien_expires_on": decision.lien.expires_on if decision.lien else None,
        "warnings": " ".join(decision.warning_codes()),
        "reason": decision.reason,
        "profile_id": decision.profile_id,
        "profile_hash": decision.profile_hash,
        "claim_hash": decision.claim_hash,
        "engine_version": decision.engine_version,
    }
