"""The vocabulary of the claims layer (``claims-vocab.yaml``): units, magnitudes,
qualifier words, source cues, places, and the labels of figures and tables."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

VOCAB_PATH = Path(__file__).with_name("claims-vocab.yaml")


@dataclass(frozen=True)
class Vocab:
    multipliers: dict[str, int]
    units: dict[str, str]
    unit_ids: dict[str, dict[str, Any]]
    counted_nouns: tuple[str, ...]
    prefix_qualifiers: dict[str, str]
    suffix_qualifiers: dict[str, str]
    number_qualifiers: dict[str, str]
    date_words: tuple[str, ...]
    label_words: tuple[str, ...]
    chinese_digits: dict[str, int]
    source_cues: tuple[str, ...]
    own_source_cues: tuple[str, ...]
    indicator_nouns: tuple[str, ...]
    places: dict[str, str]
    figure: re.Pattern[str] = field(compare=False, default=re.compile(""))


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))


@lru_cache(maxsize=4)
def load_vocab(path: Path = VOCAB_PATH) -> Vocab:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    q = data["qualifiers"]
    units = {str(k): str(v) for k, v in data["units"].items()}
    mult = {str(k): int(v) for k, v in data["multipliers"].items()}
    digits = "".join(data["chinese_digits"]) + "".join(mult)
    big = _alternation([m for m in mult if m != "百"])  # 百 would eat 百分点
    numq = _alternation(list(q["number"]))
    unit_alt = _alternation(list(units) + list(data["counted_nouns"]))
    figure = re.compile(
        rf"(?:(?P<arabic>\d+(?:\.\d+)?)(?P<sp1>\s*)(?P<mult>{big})?"
        rf"|(?P<chinese>(?:{numq})?[{digits}]+))"
        rf"(?P<sp2>\s*)(?P<unit>{unit_alt})?"
    )
    return Vocab(
        multipliers=mult,
        units=units,
        unit_ids=dict(data["unit_ids"]),
        counted_nouns=tuple(data["counted_nouns"]),
        prefix_qualifiers={str(k): str(v) for k, v in q["prefix"].items()},
        suffix_qualifiers={str(k): str(v) for k, v in q["suffix"].items()},
        number_qualifiers={str(k): str(v) for k, v in q["number"].items()},
        date_words=tuple(data["date_words"]),
        label_words=tuple(str(w) for w in data["label_words"]),
        chinese_digits={str(k): int(v) for k, v in data["chinese_digits"].items()},
        source_cues=tuple(data["source_cues"]),
        own_source_cues=tuple(data["own_source_cues"]),
        indicator_nouns=tuple(data["indicator_nouns"]),
        places=dict(data["places"]),
        figure=figure,
    )


def chinese_number(text: str, vocab: Vocab) -> Decimal | None:
    """六 -> 6, 二十 -> 20, 百万 -> 1000000, 十四亿 -> 1400000000 (None if not a number).

    Uses cn2an (MIT); a leading magnitude (百万, 千) is read as one of it (一百万)."""
    import cn2an  # type: ignore[import-untyped]

    if not text or any(
        ch not in vocab.chinese_digits and ch not in vocab.multipliers for ch in text
    ):
        return None
    if text[0] in vocab.multipliers:
        text = "一" + text
    try:
        return Decimal(str(cn2an.cn2an(text, "smart")))
    except ValueError:
        return None
