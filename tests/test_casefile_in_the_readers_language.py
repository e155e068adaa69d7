"""The case file's page in the reader's language (issue 23, point 1): ``CaseFile.html(lang)``
and ``case-file --lang`` give Norwegian and Danish headings and sentences, dates written
``DD.MM.YYYY`` and amounts ``1 234,56`` / ``1.234,56``; English stays as it was."""

from __future__ import annotations

import html
import re
from datetime import date
from pathlib import Path

import pytest

import claimrules as cr
from conftest import invoke

ROOT = Path(__file__).resolve().parents[1]
CASES = {
    "nb": (ROOT / "examples/no/ledger.jsonl", "no/orkdal", "NO2026-000000100", "2026-12-01"),
    "da": (ROOT / "examples/dk/ledger.jsonl", "dk", "DK-0010", "2026-12-07"),
}
HEADINGS = {
    "nb": ["Parter", "Kravet", "Krevd beløp", "Forsinkelsesrente: perioder og satser", "Frister"],
    "da": ["Parter", "Kravet", "Krævet beløb", "Morarenter: perioder og satser", "Frister"],
}
ENGLISH = [
    "Parties",
    "The claim",
    "Amount claimed",
    "Late interest",
    "Deadlines",
    "Notices sent and delivery",
    "Petition for distraint",
    "case data",
    "lawful from",
    "Basis relied on",
    "[en]",
    "[secondary]",
]


def _text(page: str) -> str:
    page = re.sub(r"<style>.*?</style>", "", page, flags=re.S)
    page = re.sub(r"<a [^>]*>.*?</a>", "", page)  # links are written as they are
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


@pytest.mark.parametrize("lang", ["nb", "da"])
def test_the_case_file_page_speaks_the_readers_language(lang: str) -> None:
    ledger, profile, claim_id, day = CASES[lang]
    args = ("case-file", ledger, "--claim", claim_id, "--profile", profile, "--as-of", day)
    page = invoke(*args, "--format", "html", "--lang", lang, code=0).stdout
    assert f'<html lang="{lang}">' in page
    text = _text(page)
    for heading in HEADINGS[lang]:
        assert heading in text, heading
    for words in ENGLISH:
        assert words not in text, words
    # no day written the English way; a profile's path (values.2026-07-01) is shown as written
    assert not re.search(r"(?<![\w/.-])\d{4}-\d{2}-\d{2}(?![\w-])", text)
    assert re.search(r"\b\d{2}\.\d{2}\.\d{4}\b", text)
    assert re.search(r"\d,\d\d\b", text)


def test_the_api_gives_the_same_page() -> None:
    ledger, profile, claim_id, day = CASES["da"]
    claim = next(c for c in cr.read_claims(ledger) if isinstance(c, cr.Claim) and c.id == claim_id)
    made = cr.case_file(claim, cr.load_profile(profile), date.fromisoformat(day))
    args = ("case-file", ledger, "--claim", claim_id, "--profile", profile, "--as-of", day)
    shown = invoke(*args, "--format", "html", "--lang", "da", code=0).stdout
    assert made.html("da") == shown.rstrip("\n")
    assert made.html("en") != made.html("da")
    assert "Petition for distraint: case data" in made.html()
