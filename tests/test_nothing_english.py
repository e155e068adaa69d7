"""Nothing English in a Norwegian or Danish explanation (issue 23, point 2): every bundled
ledger and every scenario of the reader's country, explained in nb (Norway) and da (Denmark,
Greenland): no sentence falls back to English, no status tag, gloss or profile key in English,
no date, amount or rate written the English way."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from ruamel.yaml import YAML

import claimrules as cr
from claimrules.text import explain as explain_module

ROOT = Path(__file__).resolve().parents[1]
LEDGERS = [
    ("nb", "examples/no/ledger.jsonl", "no", date(2026, 12, 1)),
    ("nb", "examples/no/cases.jsonl", "no", date(2026, 6, 30)),
    ("nb", "examples/no/ledger.jsonl", "no/orkdal", date(2026, 12, 7)),
    ("nb", "examples/no/ledger.jsonl", "no", date(2027, 2, 1)),
    ("da", "examples/dk/ledger.jsonl", "dk", date(2026, 12, 7)),
    ("da", "examples/gl/ledger.jsonl", "gl/kujalleq", date(2022, 3, 16)),
    ("da", "examples/gl/ledger.jsonl", "gl", date(2026, 12, 7)),
]
ISO_DATE = re.compile(r"(?<![\w/.:-])\d{4}-\d{2}-\d{2}(?![\w-])")
POINT_NUMBER = re.compile(r"(?<![\w.,/§-])\d+\.\d{1,2}(?![\w.,-])")
ENGLISH_TAGS = ("[secondary]", "[derived]", "[provisional]", "[unknown]", "[en]")
ENGLISH_GLOSSES = (
    "(delay caused by the creditor)",
    "(practice)",
    "(no interest on interest)",
    "(acknowledgement by conduct)",
    "(interest before principal)",
)
KEYS = ("public_law", "e_invoice", "legal_lien", "digital_mailbox", "special_basis", "undisputed")


def _leaks(text: str) -> list[str]:
    # citations keep their links and section numbers: look at the words before the links
    words = re.sub(r"<[^>]*>", "", text)
    found = [tag for tag in ENGLISH_TAGS if tag in words]
    found += [gloss for gloss in ENGLISH_GLOSSES if gloss in words]
    found += [f"key {key}" for key in KEYS if re.search(rf"(?<![\w.]){key}(?![\w.])", words)]
    found += [f"date {m.group()}" for m in ISO_DATE.finditer(words)]
    found += [f"number {m.group()}" for m in POINT_NUMBER.finditer(words)]
    return found


def _written(event: cr.Event) -> bool:
    """An event with the ledger's own words (a failed delivery's reason, a provider, an
    agency): shown as written, in whatever language the ledger wrote them."""
    return any(getattr(event, name, None) for name in ("reason", "provider", "agency"))


def _rules_and_reasons(text: str) -> str:
    """The explanation without the rule names (``claim_types.water_fee:``), which are keys."""
    return "\n".join(re.sub(r"^  - [\w.]+: ", "  - ", line) for line in text.splitlines())


@pytest.mark.parametrize(("lang", "ledger", "profile", "day"), LEDGERS)
def test_explanations_of_a_countrys_ledger_have_nothing_english(
    lang: str, ledger: str, profile: str, day: date
) -> None:
    loaded = cr.load_profile(profile)
    claims = [c for c in cr.read_claims(ROOT / ledger) if isinstance(c, cr.Claim)]
    for claim in claims[:: max(1, len(claims) // 150)]:
        if claim.currency != loaded.currency or any(_written(e) for e in claim.events):
            continue
        text = _rules_and_reasons(cr.decide(claim, loaded, day).explain(lang))
        assert not _leaks(text), (claim.id, _leaks(text), text[:600])


def _scenarios() -> list[tuple[str, Path]]:
    found = []
    for path in sorted((ROOT / "tests/scenarios").glob("*/*.yaml")):
        country = path.parent.name
        if country in ("no", "dk", "gl"):
            found.append(("nb" if country == "no" else "da", path))
    return found


@pytest.mark.parametrize(("lang", "path"), _scenarios(), ids=lambda v: getattr(v, "stem", v))
def test_explanations_of_every_scenario_have_nothing_english(lang: str, path: Path) -> None:
    spec = YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))
    as_of = spec["as_of"]
    as_of = as_of if isinstance(as_of, date) else date.fromisoformat(str(as_of))
    try:
        claim = cr.Claim.model_validate(spec["claim"])
        decision = cr.decide(claim, cr.load_profile(spec.get("profile", path.parent.name)), as_of)
    except cr.ClaimrulesError:
        pytest.skip("the scenario is an invalid claim")
    text = _rules_and_reasons(decision.explain(lang))
    assert not _leaks(text), (_leaks(text), text[:800])


def test_status_tags_and_glosses_are_in_the_readers_words() -> None:
    nb = explain_module._Sentences("nb")
    cited = "inkassoloven § 2 (delay caused by the creditor) <https://lovdata.no/x> [secondary]"
    assert nb.citation(cited) == (
        "inkassoloven § 2 (forsinkelse som skyldes kreditor) <https://lovdata.no/x> [sekundærkilde]"
    )
    assert explain_module._Sentences("en").citation(cited) == cited
