"""The built-in profiles: they load, are cached, every legal value carries a source and a status,
and the Orkdal overlay changes only local rules."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any, get_args

import pytest
from pydantic import BaseModel

import claimrules as cr
from claimrules.law.registry import builtin_root
from claimrules.law.schema import LocalSpec
from claimrules.law.values import Param, Status

STATUSES = set(get_args(Status))
NATIONAL_SECTIONS = [
    "calendar",
    "parameters",
    "limitation",
    "liens",
    "interest",
    "fees",
    "delivery",
    "allocation",
    "warnings",
    "ladders",
    "claim_types",
]


def test_load_norway() -> None:
    profile = cr.load_profile("no")
    assert isinstance(profile, cr.Profile)
    assert profile.id == "no"
    assert profile.currency == "NOK"
    assert profile.claim_type("water_fee") is not None
    assert profile.claim_type("no_such_type") is None
    assert len(profile.content_hash) == 64  # SHA-256 hex


def test_load_orkdal() -> None:
    profile = cr.load_profile("no/orkdal")
    assert profile.id == "no/orkdal"
    assert profile.currency == "NOK"
    assert profile.files[-1].parent.name == "orkdal"
    assert profile.content_hash != cr.load_profile("no").content_hash


def test_profiles_are_cached() -> None:
    assert cr.load_profile("no") is cr.load_profile("no")
    assert cr.load_profile("no/orkdal") is cr.load_profile("no/orkdal")
    # the same directory given as a path is the same cache entry
    assert cr.load_profile(builtin_root() / "no") is cr.load_profile("no")


def test_available_profiles_list_and_load() -> None:
    ids = cr.available_profiles()
    assert {"no", "no/orkdal"} <= set(ids)
    assert ids == sorted(ids)
    for profile_id in ids:  # all built-in profiles load (quickly; not timed here)
        assert cr.load_profile(profile_id).id == profile_id


def test_unknown_profile_id() -> None:
    with pytest.raises(cr.ProfileError) as info:
        cr.load_profile("zz")
    assert "no profile 'zz'" in str(info.value)
    assert "no/orkdal" in str(info.value)  # the known ids are listed


def walk_params(node: Any, path: str = "") -> Iterator[tuple[str, Param[Any]]]:
    """Every Param anywhere in the spec, with its dotted path."""
    if isinstance(node, Param):
        yield path, node
        return
    if isinstance(node, BaseModel):
        for name in type(node).model_fields:
            yield from walk_params(getattr(node, name), f"{path}.{name}".lstrip("."))
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from walk_params(value, f"{path}.{key}")
    elif isinstance(node, list | tuple):
        for index, value in enumerate(node):
            yield from walk_params(value, f"{path}.{index}")


@pytest.mark.parametrize("profile_id", cr.available_profiles())
def test_every_param_has_source_and_status(profile_id: str) -> None:
    spec = cr.load_profile(profile_id).spec
    params = list(walk_params(spec))
    paths = {path for path, _ in params}
    # the walk reaches the values the engine relies on
    assert (
        profile_id.split("/")[0] != "no"
        or {
            "interest.statutory.rate",
            "fees.inkasso.base",
            "fees.inkasso.max_count",
            "limitation.periods.general",
            "liens.legal_lien.lapse_years",
            "parameters.conciliation_threshold",
        }
        <= paths
    )
    for path, param in params:
        if param.values is None:
            assert param.source is not None, path
            assert param.status in STATUSES, path
            if param.status == "unknown":
                assert param.value is None, path
            continue
        for entry in param.values:
            where = f"{path} from {entry.valid_from}"
            source = entry.source or param.source
            status = entry.status or param.status
            assert source is not None and source.url.startswith("http"), where
            assert status in STATUSES, where
            if status == "unknown":
                assert entry.value is None, where
            # every resolved value also cites its source
            resolved = param.at(entry.valid_from)
            assert resolved is not None and resolved.status == status, where


def test_orkdal_changes_only_local_rules() -> None:
    base = cr.load_profile("no").spec
    orkdal = cr.load_profile("no/orkdal").spec
    for section in NATIONAL_SECTIONS:
        assert getattr(orkdal, section) == getattr(base, section), section
    # the identity differs only where the overlay says so
    assert orkdal.profile.id == "no/orkdal"
    assert (orkdal.profile.country, orkdal.profile.currency, orkdal.profile.locale) == (
        base.profile.country,
        base.profile.currency,
        base.profile.locale,
    )
    # the local rules are the overlay's own
    assert base.local == LocalSpec()
    assert orkdal.local.municipality == "Orkdal kommune"
    assert orkdal.local.fees["reminder"].amount == 0
    assert orkdal.local.due_date_rule is not None
    assert (
        orkdal.local.due_date_rule.months_after_issue,
        orkdal.local.due_date_rule.day_of_month,
    ) == (1, 20)


def test_orkdal_local_reminder_fee_is_used() -> None:
    claim = cr.Claim(
        id="O-1",
        claim_type="water_fee",
        debtor={"id": "P-1", "kind": "person"},
        principal="1000.00",
        currency="NOK",
        issued_on="2024-01-05",
        due_on="2024-02-20",  # Orkdal rule: 20th of the month after issue = 2024-02-20
        events=[
            {"kind": "invoice_sent", "on": "2024-01-05", "channel": "post"},
            {"kind": "invoice_dispatched", "on": "2024-01-05", "channel": "post"},
        ],
    )
    as_of = date(2024, 3, 10)
    national = cr.decide(claim, cr.load_profile("no"), as_of)
    local = cr.decide(claim, cr.load_profile("no/orkdal"), as_of)
    # reminder lawful from 2024-02-20 + 14 days = 2024-03-05 under both
    assert national.action == local.action == "send_reminder"
    assert national.on == local.on == date(2024, 3, 5)
    # national cap 1/20 × 700 = 35.00; Orkdal has chosen to charge 0
    assert national.fee == Decimal("35.00")
    assert local.fee == 0
    assert "due_date_rule" not in local.warning_codes()
