"""The nlp stage's output: tokens, concept mentions, the annotations of a document, and
the English translation aligned with its sentences."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass
class Token:
    """A word of the segmented Chinese text."""

    start: int
    end: int
    text: str
    pos: str  # the segmenter's tag (jieba's ICTCLAS-style set)
    sentence: int
    space_after: bool = False


@dataclass
class Mention:
    """A concept mention: a span of a text matched by a label of the ontology.

    ``tokens`` is the token index range ``[first, last + 1)`` into the token list of the
    same layer (`Annotations.tokens` for the Chinese text, `EnglishDocument.tokens` for the
    English one).
    """

    start: int
    end: int
    text: str
    concept: str  # concept IRI
    label_kind: str  # pref | alt | hidden | generic
    sentence: int
    tokens: tuple[int, int] = (0, 0)
    clash: list[str] = field(default_factory=list)  # other concepts with the same label
    rule: str = "label"  # rule id of ontology/tagging-rules.yaml (docs/tagging-policy.md)
    confidence: float = 1.0


@dataclass
class Annotations:
    """Tokens and concept mentions of one document's Chinese text."""

    doc_id: str
    segmenter: str
    tokens: Sequence[Token] = field(default_factory=list)  # nlp.token_table.TokenTable
    mentions: list[Mention] = field(default_factory=list)  # top level: never overlapping
    sentence_tokens: list[tuple[int, int]] = field(default_factory=list)
    script: str = "zh-Hans"
    nested: list[Mention] = field(default_factory=list)  # inside a top-level mention

    def all_mentions(self) -> list[Mention]:
        """Top-level and nested mentions in text order (outer before inner)."""
        return sorted(self.mentions + self.nested, key=lambda m: (m.start, -m.end, m.concept))


@dataclass
class AlignedSentence:
    """One Chinese sentence and its English translation."""

    index: int  # Chinese sentence index
    zh: str
    en: str
    block: int


@dataclass
class EnToken:
    """A word of the English reading text."""

    start: int
    end: int
    text: str
    lemma: str
    sentence: int


@dataclass
class EnglishDocument:
    """The English reading text built from the aligned translation, with its annotations."""

    doc_id: str
    text: str
    sentences: list[tuple[int, int, int]] = field(default_factory=list)  # start, end, zh index
    tokens: list[EnToken] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
