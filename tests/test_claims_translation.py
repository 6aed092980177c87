"""The English translation keeps every number of the claims layer: each claim's value (both
ends of a range) appears in the aligned English sentence, with a word for its unit."""

from __future__ import annotations

import json
import re
from decimal import Decimal

import pytest

from marxkg.nlp.claims import extract_claims
from marxkg.nlp.claims_vocab import load_vocab
from tests import PAPER

SCALES = {
    "thousand": 10**3,
    "million": 10**6,
    "millions": 10**6,
    "billion": 10**9,
    "trillion": 10**12,
}
WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "twenty": 20,
}
NUMBER = re.compile(
    r"(?P<num>\d[\d,]*(?:\.\d+)?)\s*(?P<scale>thousand|millions?|billion|trillion)?"
    r"|\b(?P<word>" + "|".join(WORDS) + r")\b"
    r"|\b(?P<bare>millions)\b",
    re.IGNORECASE,
)


def english_values(text: str) -> set[Decimal]:
    """Every number stated in an English sentence: 1.9 million, 12,000, US$3,012 billion,
    six times, millions of tasks."""
    out: set[Decimal] = set()
    for m in NUMBER.finditer(text):
        if m.group("num"):
            value = Decimal(m.group("num").replace(",", ""))
            if m.group("scale"):
                value *= SCALES[m.group("scale").lower()]
            out.add(value)
        elif m.group("word"):
            out.add(Decimal(WORDS[m.group("word").lower()]))
        else:
            out.add(Decimal(SCALES["millions"]))
    return out


def translation() -> dict[int, str]:
    lines = (PAPER.parent / "translation.en.jsonl").read_text(encoding="utf-8").splitlines()
    return {r["i"]: r["en"] for r in map(json.loads, filter(str.strip, lines))}


@pytest.fixture(scope="module")
def claims(paper):
    return extract_claims(paper)


@pytest.mark.parametrize(
    "text,values",
    [
        ("fell by 1.9 million jobs, a decline of 13%", {Decimal(1900000), Decimal(13)}),
        ("layoffs of 12,000 people", {Decimal(12000)}),
        ("US$379.75 billion", {Decimal(379750000000)}),
        ("US$3,012 billion", {Decimal(3012000000000)}),
        ("six times Japan's", {Decimal(6)}),
        ("completes millions of tasks", {Decimal(1000000)}),
    ],
)
def test_english_values(text, values):
    assert english_values(text) == values


def test_every_claim_value_is_in_the_english_sentence(claims):
    en = translation()
    vocab = load_vocab()
    missing = []
    for c in claims:
        sentence = en[c.sentence]
        values = [c.value] if c.value is not None else [c.value_min, c.value_max]
        found = english_values(sentence)
        if not all(Decimal(v) in found for v in values if v is not None):
            missing.append(f"{c.sentence}: {c.printed} not in {sentence!r}")
        words = vocab.unit_ids[c.unit]["en"]
        if words and not any(w.lower() in sentence.lower() for w in words):
            missing.append(f"{c.sentence}: no unit word for {c.printed} ({c.unit})")
    assert not missing, "\n".join(missing)
    assert len(claims) == 81
