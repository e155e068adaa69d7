"""One definition of a valid claim: the fast decoder into the engine's core types
(:func:`claimrules.model.claims.core_claim_from_json`, msgspec) takes a claim only where the public
pydantic :class:`~claimrules.Claim` takes it, with the same values and the same content hash; every
other text gets exactly the public model's :class:`~claimrules.ClaimError`.

Differential: valid claims drawn from every profile, then the same claims mutated (a value
replaced by an adversarial one, a key dropped or added, an event's kind changed, the text
truncated or made invalid), each read both ways.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import claimrules as cr
from claimrules.engine.core import decision_record
from claimrules.model import claims as public
from claimrules.model import core
from claimrules.model.claims import claim_from_json, core_claim, core_claim_from_json
from claimrules.testing import claims

PROFILES = {ref: cr.load_profile(ref) for ref in ("no", "dk", "gl")}
ROOT = Path(__file__).resolve().parents[1]

ODD_VALUES: list[Any] = [
    None, "", " ", "x", 0, -1, 1, 12, -0.0, 1.5, 1e2, 1e400, 10**20, True, "true", [], {},
    "0", "-5", "12", " 12 ", "+12", "0012", "1_000", "1.234", "12.50", "1e2", "1E-2", "NaN",
    "-Infinity", "sNaN", "١٢", "12\n", "999999999999999.99", "1000000000000000", "0.001",
    "2024-02-29", "2024-02-30", "2023-02-29", "1899-12-31", "1900-01-01", "9000-12-31",
    "9001-01-01", "2024-01-01T00:00:00", "2024-1-1", "24-01-01", " 2024-01-01", "2024-01-01\n",
    1704067200, "NOK", "NOK\n", "nok", "XXX", "ABCD", "DKK", "EUR", "person", "business",
    "post", "letter", "\u0000", "\u202e", "=SUM(A1)", "a" * 40, "KID 123", "ÆØÅ",
    "principal", "interest", "fees", "reminder", "distraint_petition", "wage_deduction",
]  # fmt: skip
"""Values a ledger may hold where another was expected."""

KINDS = sorted(core.EVENT_TYPES)


def _plain(value: Any) -> Any:
    """A public model's dump as JSON values (dates and amounts as text)."""
    return json.loads(orjson.dumps(value, default=str))


def _valid(profile_ref: str) -> st.SearchStrategy[dict[str, Any]]:
    return claims(PROFILES[profile_ref], delivered=None).map(
        lambda claim: _plain(claim.model_dump())
    )


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in a JSON value (the value itself included)."""
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*prefix, index))
    return found


def _replace(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(value, dict):
        return {**value, head: _replace(value[head], rest, new) if rest else new}
    copy = list(value)
    copy[head] = _replace(value[head], rest, new)
    return copy


def _drop(value: Any, path: tuple[Any, ...]) -> Any:
    head, rest = path[0], path[1:]
    if rest:
        return _replace(value, (head,), _drop(value[head], rest))
    if isinstance(value, dict):
        return {k: v for k, v in value.items() if k != head}
    return [v for i, v in enumerate(value) if i != head]


@st.composite
def mutated(draw: st.DrawFn, profile_ref: str) -> bytes:
    """A valid claim's JSON text with one to three mutations."""
    value = draw(_valid(profile_ref))
    for _ in range(draw(st.integers(1, 3))):
        paths = _paths(value)
        how = draw(st.sampled_from(["replace", "replace", "replace", "drop", "add", "kind"]))
        path = draw(st.sampled_from(paths))
        if how == "replace":
            value = _replace(value, path, draw(st.sampled_from(ODD_VALUES)))
        elif how == "drop" and path:
            value = _drop(value, path)
        elif how == "add":
            target = path if isinstance(_at(value, path), dict) else ()
            if isinstance(_at(value, target), dict):
                key = draw(st.sampled_from(["note", "amount", "fee", "kind", "due_on", "id"]))
                extra = {**_at(value, target), key: draw(st.sampled_from(ODD_VALUES))}
                value = _replace(value, target, extra)
        elif how == "kind" and _events_of(value):
            index = draw(st.integers(0, len(value["events"]) - 1))
            value = _replace(value, ("events", index, "kind"), draw(st.sampled_from(KINDS)))
    text = json.dumps(value, ensure_ascii=draw(st.booleans())).encode()
    damage = draw(st.sampled_from(["none"] * 6 + ["truncate", "bom", "latin1", "number"]))
    if damage == "truncate":
        text = text[: draw(st.integers(0, len(text)))]
    elif damage == "bom":
        text = b"\xef\xbb\xbf" + text
    elif damage == "latin1":
        text = text.replace(b"}", b"\xe6}", 1)
    elif damage == "number":  # an amount written as a JSON number, as a host may
        text = text.replace(b'"principal": "', b'"principal": ', 1).replace(
            b'", "currency', b', "currency', 1
        )
    return text


def _events_of(value: Any) -> bool:
    """Whether ``value`` is still a claim with events (each an object) to change the kind of."""
    events = value.get("events") if isinstance(value, dict) else None
    return bool(events) and isinstance(events, list) and all(isinstance(e, dict) for e in events)


def _at(value: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        value = value[step]
    return value


def _same_reading(text: bytes) -> None:
    """Read ``text`` both ways: the same error, or the same claim, values and hash."""
    try:
        expected: public.Claim | cr.ClaimError = claim_from_json(text, line=7)
    except cr.ClaimError as error:
        expected = error
    fast = public._decoded(text)
    if fast is not None:  # the fast decoder took it: the public model must, with these values
        assert isinstance(expected, public.Claim), (
            f"fast took what the public model refused: {expected}"
        )
        assert repr(fast) == repr(core_claim(expected))
        assert fast.content_hash == expected.content_hash
    try:
        got: core.Claim | cr.ClaimError = core_claim_from_json(text, line=7)
    except cr.ClaimError as error:
        got = error
    if isinstance(expected, cr.ClaimError):
        assert isinstance(got, cr.ClaimError), f"the public model refused: {expected}"
        assert (got.claim_id, got.field, got.message, got.line, got.problems) == (
            expected.claim_id, expected.field, expected.message, expected.line, expected.problems
        )  # fmt: skip
    else:
        assert isinstance(got, core.Claim), got
        assert repr(got) == repr(core_claim(expected))
        # the core claim (the bulk path) keeps the content hash of the public one
        assert got.content_hash == expected.content_hash


@pytest.mark.parametrize("ref", sorted(PROFILES))
def test_a_valid_claim_is_read_fast_with_the_public_models_values(ref: str) -> None:
    @given(value=_valid(ref))
    @settings(suppress_health_check=[HealthCheck.too_slow])
    def run(value: dict[str, Any]) -> None:
        text = json.dumps(value).encode()
        assert public._decoded(text) is not None, "a plainly written valid claim is read fast"
        _same_reading(text)

    run()


@pytest.mark.parametrize("ref", sorted(PROFILES))
def test_a_mutated_claim_is_read_as_the_public_model_reads_it(ref: str) -> None:
    @given(text=mutated(ref))
    @settings(suppress_health_check=[HealthCheck.too_slow], max_examples=300)
    def run(text: bytes) -> None:
        _same_reading(text)

    run()


@pytest.mark.parametrize(
    "principal",
    ['"1531.55"', "1531.55", "1e2", '"1e2"', "100.50", "1531.5500000000000001", "12", '" 12"',
     '"1_000"', '"\\u0031\\u0032"', "-0", '"NaN"', "true", '"12.345"'],
)  # fmt: skip
def test_an_amount_reads_as_the_public_model_reads_it(principal: str) -> None:
    # the public model reads a JSON number through a binary float (1e2 is 100, 100.50 is
    # 100.5): such a claim is left to it, as is a string with an escape
    text = (
        '{"id": "A", "claim_type": "water_fee", "debtor": {"id": "D", "kind": "person"}, '
        f'"principal": {principal}, "currency": "NOK", "issued_on": "2025-01-01", '
        '"due_on": "2025-01-20"}'
    ).encode()
    _same_reading(text)


def test_every_reference_ledger_decides_the_same_read_either_way() -> None:
    ledgers = sorted((ROOT / "examples").rglob("*.jsonl"))
    assert ledgers
    for ledger in ledgers:
        lines = [line for line in ledger.read_bytes().splitlines() if line.strip()]
        for text in lines[:300]:
            try:
                claim = claim_from_json(text)
            except cr.ClaimError:
                continue
            _same_reading(text)
            ref = next(
                (r for r in ("no", "dk", "gl") if PROFILES[r].currency == claim.currency), None
            )
            if ref is None or PROFILES[ref].claim_type(claim.claim_type) is None:
                continue
            as_of = date(2025, 12, 31)
            fast = decision_record(core_claim_from_json(text), PROFILES[ref], as_of)
            assert fast == decision_record(claim, PROFILES[ref], as_of)


def test_the_core_claim_is_frozen_and_hashes_as_the_public_one() -> None:
    claim = claim_from_json(
        b'{"id": "A", "claim_type": "water_fee", "debtor": {"id": "D", "kind": "person"}, '
        b'"principal": "1000.00", "currency": "NOK", "issued_on": "2025-01-01", '
        b'"due_on": "2025-01-20", "events": [{"kind": "payment", "on": "2025-01-10", '
        b'"amount": "400", "designated": "principal"}]}'
    )
    fast = core_claim_from_json(claim.model_dump_json())
    assert fast.content_hash == claim.content_hash
    assert fast.principal == Decimal("1000.00") and type(fast.principal) is Decimal
    assert fast.events[0].kind == "payment"
    with pytest.raises(AttributeError):
        fast.id = "B"  # type: ignore[misc]


@pytest.mark.parametrize(
    "text",
    [
        # an amount (kept as raw JSON by the fast decoder) nested a thousand arrays deep
        '{"id": "A", "claim_type": "water_fee", "debtor": {"id": "D", "kind": "person"}, '
        '"principal": ' + "[" * 1200 + "]" * 1200 + ', "currency": "NOK", '
        '"issued_on": "2025-01-01", "due_on": "2025-01-20"}',
        # text with a lone surrogate (a Python str, as decide_many takes it)
        '{"id": "A\ud800", "claim_type": "water_fee", "debtor": {"id": "D", "kind": "person"}, '
        '"principal": "10.00", "currency": "NOK", "issued_on": "2025-01-01", '
        '"due_on": "2025-01-20"}',
    ],
    ids=["deep", "surrogate"],
)
def test_text_the_fast_decoder_cannot_read_gets_the_public_models_error(text: str) -> None:
    with pytest.raises(cr.ClaimError) as expected:
        claim_from_json(text, line=3)
    with pytest.raises(cr.ClaimError) as got:
        core_claim_from_json(text, line=3)
    assert (got.value.field, got.value.message, got.value.line) == (
        expected.value.field, expected.value.message, expected.value.line
    )  # fmt: skip
    good = text.replace("\ud800", "").replace("[" * 1200 + "]" * 1200, '"10.00"')
    results = list(cr.decide_many([text, good], PROFILES["no"], date(2025, 3, 1)))
    assert isinstance(results[0], cr.ClaimError) and results[0].line == 1
    assert isinstance(results[1], cr.Decision)


def test_the_rules_read_a_public_claims_events_as_the_engines() -> None:
    # the documented rule functions take a public claim's events too: converted once, never
    # read as another kind of object (a legal step's name, money after a write-off, a notice's
    # proof, the fees of the money slice)
    from claimrules.rules.delivery import notice_proof
    from claimrules.rules.history import event_ref, fold_ordered

    claim = claim_from_json(
        b'{"id": "A", "claim_type": "water_fee", "debtor": {"id": "D", "kind": "person"}, '
        b'"principal": "1000.00", "currency": "NOK", "issued_on": "2025-01-01", '
        b'"due_on": "2025-01-20", "events": ['
        b'{"kind": "reminder_sent", "on": "2025-02-10", "fee": "35.00"},'
        b'{"kind": "notice_dispatched", "on": "2025-02-11", "notice": "reminder", '
        b'"sent_on": "2025-02-10", "channel": "post"},'
        b'{"kind": "legal_step", "on": "2025-05-01", "step": "wage_deduction"},'
        b'{"kind": "written_off", "on": "2025-06-01"},'
        b'{"kind": "payment", "on": "2025-07-01", "amount": "40.00"}]}'
    )
    as_of = date(2025, 12, 31)
    public_events = claim.sorted_events()
    core_events = core_claim(claim).sorted_events()
    assert [event_ref(e) for e in public_events] == [event_ref(e) for e in core_events]
    assert "legal_step.wage_deduction" in [event_ref(e) for e in public_events]
    from_public, from_core = fold_ordered(public_events, as_of), fold_ordered(core_events, as_of)
    assert from_public.recovered == from_core.recovered == Decimal("40.00")
    assert from_public.refs == from_core.refs
    assert notice_proof(public_events, public_events[0]) == notice_proof(
        core_events, core_events[0]
    )
    assert notice_proof(public_events, public_events[0]).dispatched


def test_the_core_types_have_the_public_models_kinds_and_fields() -> None:
    # the two lists of events (pydantic at the edge, msgspec in the engine) name the same kinds
    # with the same fields (msgspec puts an event's required fields first): one cannot gain an
    # event or a field alone
    from typing import get_args

    import msgspec

    union = get_args(get_args(public.Event)[0])
    public_fields = {
        cls.model_fields["kind"].default: sorted(n for n in cls.model_fields if n != "kind")
        for cls in union
    }
    core_fields = {kind: sorted(cls.__struct_fields__) for kind, cls in core.EVENT_TYPES.items()}
    assert public_fields == core_fields
    for public_model, core_type in (
        (public.Claim, core.Claim),
        (public.Debtor, core.Debtor),
        (public.Instalment, core.Instalment),
    ):
        assert tuple(public_model.model_fields) == core_type.__struct_fields__
        assert issubclass(core_type, msgspec.Struct)


@given(
    st.one_of(
        st.decimals(allow_nan=True, allow_infinity=True, places=None),
        st.decimals(allow_nan=False, allow_infinity=False, places=2),
        st.integers(-(10**12), 10**12).map(Decimal),
        st.builds(
            lambda digits, exponent: Decimal(digits).scaleb(exponent),
            st.integers(-(10**9), 10**9),
            st.integers(-6, 6),
        ),
    ),
    st.sampled_from([0, 2, 3]),
)
def test_an_amounts_decimals_are_read_from_how_it_is_written(value: Decimal, places: int) -> None:
    # the quick reading of the exponent (same_quantum with the unit or a whole number) agrees
    # with reading it from the digits: "1.50" and "1500" are within NOK's 2 decimals, "1.500"
    # is not, whatever its value
    from claimrules.model.reading import _in_unit, _unit

    unit = {0: Decimal(1), 2: Decimal("0.01"), 3: Decimal("0.001")}[places]
    exponent = value.as_tuple().exponent
    assert _in_unit(value, places, unit) is not (isinstance(exponent, int) and exponent < -places)
    assert _unit("NOK") == (2, Decimal("0.01")) and str(_unit("NOK")[1]) == "0.01"
    assert _unit("JPY") == (0, Decimal(1)) and _unit("BHD")[0] == 3


@given(
    designated=st.none() | st.sampled_from(["principal", "interest", "fees"]),
    reference=st.none() | st.sampled_from(["KID 123", "1234567890", "a/b.c:(d)"]),
    instalments=st.lists(st.integers(1, 400), max_size=3),
    fee=st.sampled_from(["0", "0.00", "35", "35.50"]),
)
def test_a_payments_later_fields_and_nested_instalments_hash_alike_either_way(
    designated: str | None, reference: str | None, instalments: list[int], fee: str
) -> None:
    # one content hash whichever way the claim was read (model/reading.py: content_hash): a
    # payment leaves out designated and reference only when neither is given, a plan's
    # instalments are nested structs, amounts lose their trailing zeros
    payment: dict[str, Any] = {"kind": "payment", "on": "2025-02-01", "amount": "100.50"}
    if designated is not None:
        payment["designated"] = designated
    if reference is not None:
        payment["reference"] = reference
    plan = {
        "kind": "payment_plan",
        "on": "2025-03-01",
        "until": "2026-06-01",
        "instalments": [
            {"on": f"2025-{4 + i:02d}-01", "amount": str(a)} for i, a in enumerate(instalments)
        ],
    }
    text = json.dumps(
        {
            "id": "H-1",
            "claim_type": "water_fee",
            "debtor": {"id": "D", "kind": "business"},
            "principal": "1000.00",
            "currency": "NOK",
            "issued_on": "2025-01-01",
            "due_on": "2025-01-20",
            "events": [plan, {"kind": "reminder_sent", "on": "2025-02-10", "fee": fee}, payment],
        }
    ).encode()
    assert core_claim_from_json(text).content_hash == claim_from_json(text).content_hash
