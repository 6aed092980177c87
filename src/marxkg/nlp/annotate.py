"""Document -> annotations: tokens with POS tags and concept mentions, per sentence.

Every span keeps code-point offsets into `Document.text`, and
``doc.text[start:end] == text`` holds for every token and mention. Mentions follow the
written tagging policy (docs/tagging-policy.md): each carries the id of the rule that made
it and the rule's confidence. Traditional-script text is matched through OpenCC (t2s) and
its offsets stay on the text as received.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

from marxkg.model import Annotations, Document, Mention, Token
from marxkg.nlp.policy import TaggingPolicy, load_policy
from marxkg.nlp.segmenters import get_segmenter
from marxkg.nlp.tagger import ConceptTagger
from marxkg.nlp.zh import align, segment
from marxkg.ontology import Label, concepts, labels, scheme_of
from marxkg.rdf.namespaces import MKG

HANT_SHARE = 0.05  # share of Han characters that t2s changes above which a text is zh-Hant
LINKS = {"broader": SKOS.broader, "related": SKOS.related, "hasAICounterpart": MKG.hasAICounterpart}


def _inside_latin_word(text: str, start: int, end: int) -> bool:
    """A Latin-script label glued to more Latin letters (AI in OpenAI, GenAI) is no mention."""

    def latin(ch: str) -> bool:
        return ch.isascii() and ch.isalpha()

    return (latin(text[start]) and start > 0 and latin(text[start - 1])) or (
        latin(text[end - 1]) and end < len(text) and latin(text[end])
    )


@lru_cache(maxsize=1)
def _t2s() -> Any:
    from opencc import OpenCC

    return OpenCC("t2s")


def to_simplified(text: str) -> str:
    """``text`` in simplified characters, code point for code point (phrase conversion
    where it keeps the length, else character by character)."""
    conv = _t2s().convert(text)
    if len(conv) == len(text):
        return conv
    out = []
    for ch in text:
        c = _t2s().convert(ch)
        out.append(c if len(c) == 1 else ch)
    return "".join(out)


def detect_script(text: str, sample: int = 5000) -> str:
    """``zh-Hant`` when more than `HANT_SHARE` of the (first ``sample``) Han characters
    are changed by OpenCC t2s, else ``zh-Hans``."""
    han = "".join(ch for ch in text if "\u4e00" <= ch <= "\u9fff")[:sample]
    if not han:
        return "zh-Hans"
    conv = to_simplified(han)
    changed = sum(a != b for a, b in zip(han, conv, strict=True))
    return "zh-Hant" if changed / len(han) > HANT_SHARE else "zh-Hans"


@contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused (and restored as it was) while a document
    is annotated. The stage makes tens of thousands of small records per document and no
    reference cycles: the collector would find no garbage, yet its repeated passes over
    the growing heap cost about as much as the annotation itself (bench/bench_pipeline.py).
    Memory is not affected (records are freed by reference counting as ever)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _links(onto: Graph, policy: TaggingPolicy) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for name in policy.nested_links:
        for a, b in onto.subject_objects(LINKS[name]):
            out.setdefault(str(a), set()).add(str(b))
            out.setdefault(str(b), set()).add(str(a))
    return out


class Annotator:
    """Holds the (expensive) segmenter and the concept tagger for one ontology.

    The hot path works on plain lists per sentence (words, offsets, tags; a dictionary
    match for the concepts): no spaCy ``Doc`` is made (`marxkg.nlp.zh.to_doc` makes one of
    the result on demand)."""

    def __init__(
        self,
        onto: Graph,
        segmenter: str = "jieba",
        lang: str = "zh-Hans",
        policy: TaggingPolicy | None = None,
    ) -> None:
        from marxkg import paths

        self.policy = policy or load_policy(paths.ontology_dir())
        iri_of = {str(c).rsplit("/", 1)[-1]: c for c in concepts(onto)}
        self.scheme = {str(c): scheme_of(onto, c) for c in concepts(onto)}
        self.labels = labels(onto, lang)
        have = {lab.text for lab in self.labels}
        for text, rule in sorted(self.policy.generic_heads.items()):
            if text not in have and rule.concept in iri_of:
                self.labels.append(Label(URIRef(iri_of[rule.concept]), text, lang, "generic"))
        self.rule_concept = {
            text: str(iri_of[r.concept])
            for text, r in self.policy.context_rules.items()
            if r.concept in iri_of
        }
        self.links = _links(onto, self.policy)
        words = [lab.text for lab in self.labels] + list(self.policy.blockers)
        self.segmenter = get_segmenter(segmenter, words)
        self.tagger = ConceptTagger(lambda t: segment(self.segmenter, t).words, self.labels)
        self._nested: dict[tuple[str, str], list[tuple[int, int, Label]]] = {}
        self._clash: dict[tuple[str, str], list[str]] = {}

    def _decide(
        self,
        cands: list[tuple[int, int, Label, list[Label]]],
        stext: str,
    ) -> list[tuple[int, int, Label, list[Label], str]]:
        """Apply the sense and generic-head rules; give every kept mention its rule id."""
        if not any(c[2].text in self.rule_concept for c in cands):
            return [(b, e, lab, same, "hidden-label" if lab.kind == "hidden" else "label")
                    for b, e, lab, same in cands]
        plain = [c for c in cands if c[2].text not in self.rule_concept]
        concepts_here = {str(c[2].concept) for c in plain}
        schemes_here = {self.scheme.get(c) or "" for c in concepts_here}
        slugs_here = {c.rsplit("/", 1)[-1] for c in concepts_here}
        out = []
        for b, e, lab, same in cands:
            rule_id = "hidden-label" if lab.kind == "hidden" else "label"
            rule = self.policy.context_rules.get(lab.text)
            if rule is not None and self.rule_concept.get(lab.text) == str(lab.concept):
                if not rule.holds(stext[:b], stext[e:], slugs_here, schemes_here):
                    continue
                rule_id = rule.kind
            out.append((b, e, lab, same, rule_id))
        return out

    def __call__(self, doc: Document) -> Annotations:
        with _cyclic_gc_paused():
            return self._annotate(doc)

    def _annotate(self, doc: Document) -> Annotations:
        given = getattr(doc, "script", None)  # set by ingest where it detects the script
        if given:
            script = "zh-Hant" if "hant" in str(given).lower() else "zh-Hans"
        else:
            script = detect_script(doc.text)
        ann = Annotations(
            doc.doc_id, f"{self.segmenter.name} {self.segmenter.version}", script=script
        )
        text = doc.text
        tokens = ann.tokens
        tag = self.segmenter.tag
        ranked = self.tagger.ranked
        for si, sent in enumerate(doc.sentences):
            stext = to_simplified(sent.text) if script == "zh-Hant" else sent.text
            base = sent.start
            ws, tags, offsets, spaces = align(tag(stext))
            first = len(tokens)
            index: list[int] = []  # word -> token index (-1: a whitespace word, no token)
            for w, t, o, sp in zip(ws, tags, offsets, spaces, strict=True):
                if w.isspace():
                    index.append(-1)
                    continue
                index.append(len(tokens))
                start = base + o
                end = start + len(w)
                tokens.append(Token(start, end, text[start:end], t, si, sp))
            ann.sentence_tokens.append((first, len(tokens)))
            cands = []
            for i, j, label_text in self.tagger(ws):
                b, e = offsets[i], offsets[j - 1] + len(ws[j - 1])
                if _inside_latin_word(text, base + b, base + e):
                    continue
                toks = [index[k] for k in range(i, j) if index[k] >= 0]
                same = ranked[label_text]
                cands.append((b, e, same[0], same, (toks[0], toks[-1] + 1)))
            if cands:
                self._add_mentions(ann, doc, si, base, stext, cands)
        return ann

    def _add_mentions(
        self,
        ann: Annotations,
        doc: Document,
        si: int,
        base: int,
        stext: str,
        cands: list[tuple[int, int, Label, list[Label], tuple[int, int]]],
    ) -> None:
        """The sentence's candidates, decided, as mentions and nested mentions."""
        by_pos = {(b, e): t for b, e, _, _, t in cands}
        decided = self._decide([(b, e, lab, same) for b, e, lab, same, _ in cands], stext)
        for b, e, label, same, rule_id in decided:
            toks = by_pos[(b, e)]
            ann.mentions.append(self._mention(doc, base, si, b, e, label, same, rule_id, toks))
            for i, j, inner in self._nested_in(stext[b:e], str(label.concept)):
                same_inner = self.tagger.by_text[inner.text]
                ann.nested.append(
                    self._mention(
                        doc, base, si, b + i, b + j, inner, same_inner, "nested", toks
                    )
                )

    def _nested_in(self, surface: str, outer: str) -> list[tuple[int, int, Label]]:
        """`ConceptTagger.nested_labels` of a mention (the same surface and concept give
        the same answer, so it is worked out once)."""
        key = (surface, outer)
        found = self._nested.get(key)
        if found is None:
            found = self._nested[key] = self.tagger.nested_labels(
                surface,
                outer,
                self.links.get(outer, set()),
                self.policy.nested_not_followed_by,
                set(self.rule_concept),
            )
        return found

    def _mention(
        self,
        doc: Document,
        offset: int,
        si: int,
        b: int,
        e: int,
        label: Label,
        same: list[Label],
        rule_id: str,
        toks: tuple[int, int],
    ) -> Mention:
        start, end = offset + b, offset + e
        return Mention(
            start,
            end,
            doc.text[start:end],
            str(label.concept),
            label.kind,
            si,
            toks,
            list(self._clashes(label, same)),
            rule_id,
            self.policy.rule_confidence(rule_id),
        )

    def _clashes(self, label: Label, same: list[Label]) -> list[str]:
        """The other concepts with this label's text (sorted), worked out once per label."""
        key = (str(label.concept), label.text)
        found = self._clash.get(key)
        if found is None:
            found = self._clash[key] = sorted({str(x.concept) for x in same} - {key[0]})
        return found
