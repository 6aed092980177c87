"""Concept tagging with spaCy's PhraseMatcher from the SKOS labels, under the written
tagging policy (docs/tagging-policy.md, data in ontology/tagging-rules.yaml).

- Patterns are the concepts' pref/alt/hidden labels plus the policy's generic heads,
  tokenized by the same tokenizer as the text, so matches align to token boundaries: a
  label inside a longer word of another meaning (资本 inside 资本主义) is never a mention.
- Labels jieba cannot hold as one word (with spaces or punctuation such as
  数据—信息—知识 or 双边/多边平台) match as token sequences.
- Overlaps: ``spacy.util.filter_spans`` keeps the longest span; among equally long
  candidates the earliest; a span matched by two concepts keeps the concept whose IRI
  sorts first, and the clash is reported.
- Nested mentions (`nested_labels`): inside a kept span, labels of concepts linked to the
  span's concept are mentions too, each with its own span.
"""

from __future__ import annotations

from collections.abc import Collection
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
        self.by_text: dict[str, list[Label]] = {}
        for lab in self.labels:
            self.by_text.setdefault(lab.text, []).append(lab)
        for text, labs in sorted(self.by_text.items()):
            key = f"L{len(self.by_key)}"
            self.by_key[key] = (text, sorted(labs, key=lambda x: str(x.concept)))
            self.matcher.add(key, [self.nlp.make_doc(text)])
        self.longest = max((len(t) for t in self.by_text), default=0)

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

    def nested_labels(
        self,
        surface: str,
        outer: str,
        linked: set[str],
        not_followed_by: tuple[str, ...],
        ruled: Collection[str] = (),
    ) -> list[tuple[int, int, Label]]:
        """Labels inside ``surface`` (the text of a mention of concept ``outer``) whose
        concept is in ``linked``: (start, end, label) relative to ``surface``. A contained
        label that runs on into 主义/家... inside the compound is skipped; of overlapping
        candidates the longest (then earliest) is kept. Labels under a sense or
        generic-head rule (``ruled``) are never nested."""
        cands: list[tuple[int, int, Label]] = []
        n = len(surface)
        for i in range(n):
            for j in range(i + 1, min(n, i + self.longest) + 1):
                if (i, j) == (0, n):
                    continue
                for lab in self.by_text.get(surface[i:j], []):
                    c = str(lab.concept)
                    if c == outer or c not in linked or lab.kind == "generic" or lab.text in ruled:
                        continue
                    if any(surface.startswith(w, j) for w in not_followed_by):
                        continue
                    cands.append((i, j, lab))
                    break
        cands.sort(key=lambda x: (-(x[1] - x[0]), x[0]))
        kept: list[tuple[int, int, Label]] = []
        for i, j, lab in cands:
            if all(j <= a or b <= i for a, b, _ in kept):
                kept.append((i, j, lab))
        return sorted(kept, key=lambda x: x[0])
