"""Concept tagging with spaCy's PhraseMatcher from the SKOS labels.

- Patterns are the concepts' pref/alt/hidden labels, tokenized by the same tokenizer as
  the text, so matches align to token boundaries: a label inside a longer word of
  another meaning (资本 inside 资本主义) is never a mention.
- Labels jieba cannot hold as one word (with spaces or punctuation such as
  数据—信息—知识 or 双边/多边平台) match as token sequences.
- Overlaps: ``spacy.util.filter_spans`` keeps the longest span; among equally long
  candidates the earliest; a span matched by two concepts keeps the concept whose IRI
  sorts first, and the clash is reported.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from marxkg.ontology import Label


@dataclass
class ConceptTagger:
    nlp: Language
    labels: list[Label]

    def __post_init__(self) -> None:
        self.matcher = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        self.by_key: dict[str, tuple[str, list[Label]]] = {}
        patterns: dict[str, list[Doc]] = {}
        seen: dict[str, list[Label]] = {}
        for lab in self.labels:
            seen.setdefault(lab.text, []).append(lab)
        for text, labs in sorted(seen.items()):
            key = f"L{len(self.by_key)}"
            self.by_key[key] = (text, sorted(labs, key=lambda x: str(x.concept)))
            patterns[key] = [self.nlp.make_doc(text)]
        for key, docs in patterns.items():
            self.matcher.add(key, docs)

    def __call__(self, doc: Doc) -> list[tuple[Span, Label, list[Label]]]:
        """Mentions in ``doc``: (span, winning label, all labels with this text)."""
        spans = []
        for match_id, start, end in self.matcher(doc):
            key = self.nlp.vocab.strings[match_id]
            spans.append(Span(doc, start, end, label=key))
        kept = filter_spans(sorted(spans, key=lambda s: (s.start, -len(s))))
        out = []
        for span in sorted(kept, key=lambda s: s.start):
            _, labs = self.by_key[span.label_]
            out.append((span, labs[0], labs))
        return out
