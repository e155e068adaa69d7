"""The registry of file formats (issue 20): every format is found by its suffixes, reads back
the claims it writes, and writes decision records as the public writers write decisions; a
format added to the registry is picked up by every reader and by the CLI.

A new format gets these tests by being in :data:`claimrules.io.registry.FORMATS`.
"""

from __future__ import annotations

import builtins
import io
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import claimrules as cr
from claimrules.engine.core import decision_record
from claimrules.io import jsonl, registry
from claimrules.io.fileformat import FileFormat
from claimrules.io.formats import detect_format, read_claims, write_decisions
from conftest import invoke

ROOT = Path(__file__).resolve().parents[1]
DK_LEDGER = ROOT / "examples" / "dk" / "ledger.jsonl"
DK_DAY = date(2025, 10, 31)


@pytest.fixture(scope="module")
def dk() -> cr.Profile:
    return cr.load_profile("dk")


@pytest.fixture(scope="module")
def claims(dk: cr.Profile) -> list[cr.Claim]:
    """The dk example's claims that fit the dk profile (one is in NOK)."""
    found = [item for item in read_claims(DK_LEDGER) if isinstance(item, cr.Claim)]
    return [claim for claim in found if claim.currency == dk.currency]


def _usable(chosen: FileFormat) -> None:
    if chosen.extra_module is not None:
        pytest.importorskip(chosen.extra_module)


def test_names_and_suffixes_are_each_one_formats() -> None:
    names = [chosen.name for chosen in registry.FORMATS]
    suffixes = [suffix for chosen in registry.FORMATS for suffix in chosen.suffixes]
    assert len(set(names)) == len(names)
    assert len(set(suffixes)) == len(suffixes)
    assert all(suffix == suffix.lower() and suffix.startswith(".") for suffix in suffixes)
    assert registry.DEFAULT in registry.FORMATS


@pytest.mark.parametrize("chosen", registry.FORMATS, ids=lambda f: f.name)
def test_every_suffix_in_any_case_names_its_format(chosen: FileFormat) -> None:
    for suffix in chosen.suffixes:
        for name in (f"claims{suffix}", f"CLAIMS{suffix.upper()}"):
            assert registry.format_of(Path(name)) is chosen
            assert detect_format(Path(name)) == chosen.name
    assert registry.format_named(chosen.name) is chosen


def test_an_unknown_suffix_names_the_usual_suffix_of_every_format() -> None:
    with pytest.raises(cr.FormatError) as caught:
        detect_format(Path("claims.xml"))
    assert str(caught.value) == "claims.xml: unknown format '.xml' (use .jsonl, .csv or .parquet)"


def test_the_help_lists_the_formats_from_the_registry() -> None:
    assert registry.decision_suffixes() == (
        ".jsonl (everything, replayable), .csv or .parquet (flat rows)"
    )
    assert registry.claim_suffixes() == ".jsonl, .csv (+ .events.csv) or .parquet"


@pytest.mark.parametrize("chosen", registry.FORMATS, ids=lambda f: f.name)
def test_claims_written_are_read_back(
    chosen: FileFormat, claims: list[cr.Claim], tmp_path: Path
) -> None:
    _usable(chosen)
    path = tmp_path / f"claims{chosen.suffixes[0]}"
    events = chosen.events_file(path)
    records = [claim.model_dump(mode="json", exclude_none=True) for claim in claims]
    assert chosen.write_claims(records, path, events) == len(claims)
    numbered = list(chosen.read_numbered(path, None))
    assert [item for _, item in numbered] == claims
    assert list(read_claims(path)) == claims


@pytest.mark.parametrize("chosen", registry.FORMATS, ids=lambda f: f.name)
def test_decision_records_are_written_as_the_decisions(
    chosen: FileFormat, claims: list[cr.Claim], dk: cr.Profile, tmp_path: Path
) -> None:
    _usable(chosen)
    records = [decision_record(claim, dk, DK_DAY) for claim in claims]
    path = tmp_path / f"decisions{chosen.suffixes[0]}"
    assert chosen.write_records(iter(records), path) == len(claims)
    if chosen.write_decisions is None:
        return
    decisions = [cr.Decision.model_validate(record) for record in records]
    through_text = tmp_path / f"text{chosen.suffixes[0]}"
    assert write_decisions(decisions, through_text, chosen.name) == len(claims)
    assert path.read_bytes() == through_text.read_bytes()
    stream = io.BytesIO()
    assert chosen.write_records(iter(records), stream) == len(claims)
    assert stream.getvalue() == path.read_bytes()


def test_write_decisions_refuses_a_format_it_cannot_write_to_a_text_stream(
    tmp_path: Path,
) -> None:
    target = tmp_path / "d.parquet"
    with pytest.raises(cr.FormatError, match=r"^cannot write decisions as 'parquet' here"):
        write_decisions([], target, "parquet")
    with pytest.raises(cr.FormatError, match=r"\(jsonl or csv\)$"):
        write_decisions([], target, "xml")
    assert not target.exists()


def test_a_format_that_needs_an_extra_says_which_in_one_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real_import = builtins.__import__

    def no_pyarrow(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "pyarrow" or name.startswith("pyarrow."):
            raise ImportError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pyarrow)
    for module in [m for m in sys.modules if m == "pyarrow" or m.startswith("pyarrow.")]:
        monkeypatch.delitem(sys.modules, module)
    parquet = registry.format_named("parquet")
    assert parquet is not None
    with pytest.raises(cr.FormatError) as caught:
        parquet.require()
    assert str(caught.value) == (
        "Parquet files need the parquet extra: pip install 'claimrules[parquet]'"
    )
    for chosen in registry.FORMATS:
        if chosen.extra_module is None:
            chosen.require()


def _toy_numbered(
    path: Path, events: Path | None
) -> Iterator[tuple[int, cr.Claim | cr.ClaimError]]:
    """A toy format's reader: JSON Lines under another suffix."""
    return jsonl.read_numbered_jsonl(path)


TOY = FileFormat(
    name="toy",
    title="Toy",
    suffixes=(".toy",),
    read_numbered=_toy_numbered,
    write_claims=jsonl.write_claim_records,
    write_records=jsonl.write_decision_records,
)


def test_a_format_added_to_the_registry_is_read_and_written_everywhere(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(registry, "FORMATS", (*registry.FORMATS, TOY))
    ledger = tmp_path / "ledger.toy"
    ledger.write_bytes(DK_LEDGER.read_bytes())
    assert detect_format(ledger) == "toy"
    assert list(read_claims(ledger)) == list(read_claims(DK_LEDGER))
    common = ("--profile", "dk", "--as-of", DK_DAY.isoformat())
    out, expected = tmp_path / "decisions.toy", tmp_path / "decisions.jsonl"
    invoke("decide", ledger, *common, "-o", out, code=1)  # the NOK claim is skipped
    invoke("decide", DK_LEDGER, *common, "-o", expected, code=1)
    assert out.read_bytes() == expected.read_bytes()
    result = invoke("decide", ledger, *common, "-o", tmp_path / "x.xml", code=2)
    assert "(use .jsonl, .csv, .parquet or .toy)" in result.stderr
