"""Document -> annotations: tokens with POS tags and concept mentions, per sentence.

Every span keeps code-point offsets into `Document.text`, and
``doc.text[start:end] == text`` holds for every token and mention. Mentions follow the
written tagging policy (docs/tagging-policy.md): each carries the id of the rule that made
it and the rule's confidence. Traditional-script text is matched through OpenCC (t2s) and
its offsets stay on the text as received.
"""

from __future__ import annotations

import gc
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from itertools import chain, compress, count, repeat
from operator import add, sub
from typing import Any, NamedTuple

from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

from marxkg.model import Annotations, Document, Mention
from marxkg.nlp.policy import ContextRule, TaggingPolicy, load_policy
from marxkg.nlp.segmenters import get_segmenter
from marxkg.nlp.tagger import ConceptTagger
from marxkg.nlp.token_table import TokenTable
from marxkg.nlp.zh import Words, align_sentences, segment
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


def _tokens(
    words: Words, firsts: list[int], text: str | None
) -> tuple[TokenTable, list[int], list[int]]:
    """The tokens of a text's words (whitespace words are none; sentence ``s`` has the
    words ``[firsts[s], firsts[s + 1])``), made in C-level passes. The token texts are the
    words unless ``text`` is given (the words were found in a converted copy: the tokens
    take their text from ``text`` at their offsets). Also returns where each sentence's
    tokens begin (one more entry: the number of tokens) and the whitespace words (word
    ``i`` is token ``i - bisect_left(gaps, i)``)."""
    ws, tags, starts, spaces = words.words, words.tags, words.offsets, words.spaces
    gaps = [] if words.plain else list(compress(count(), map(str.isspace, ws)))
    if gaps:
        is_token = [True] * len(ws)
        for k in gaps:
            is_token[k] = False
        ws, tags = list(compress(ws, is_token)), list(compress(tags, is_token))
        starts, spaces = list(compress(starts, is_token)), list(compress(spaces, is_token))
    ends = list(map(add, starts, map(len, ws)))
    texts = ws if text is None else list(map(text.__getitem__, map(slice, starts, ends)))
    bounds = [f - bisect_left(gaps, f) for f in firsts] if gaps else firsts
    per_sentence = map(sub, bounds[1:], bounds)
    sentences = chain.from_iterable(map(repeat, range(len(firsts) - 1), per_sentence))
    table = TokenTable()
    table.extend(starts, ends, texts, tags, sentences, None if words.plain else spaces)
    return table, bounds, gaps


class _Hit(NamedTuple):
    """A matched label text: the winning label, its concept, the other concepts with
    this text, its rule id when no context rule applies, whether the text is under a
    sense or generic-head rule, that rule if it is the winning concept's, whether
    nested mentions can occur inside it, the label's kind and the rule id's confidence."""

    label: Label
    concept: str
    clash: tuple[str, ...]
    rule_id: str
    ruled: bool
    rule: ContextRule | None
    nests: bool  # the concept has linked concepts, so nested mentions are possible
    kind: str  # the label's kind
    confidence: float | None  # the confidence of ``rule_id`` (None: not in the policy)


_Cand = tuple[int, int, _Hit, tuple[int, int]]  # start, end in the sentence, hit, tokens
_Inner = tuple[int, int, str, str, tuple[str, ...]]  # a nested label: span, concept, kind, clash


class Annotator:
    """Holds the (expensive) segmenter and the concept tagger for one ontology.

    The hot path works on a whole document at once, on plain lists: the segmenter runs per
    sentence, then the words of all sentences are aligned to the text, made tokens (as
    columns, `TokenTable`) and matched against the labels in C-level passes; the tagging
    rules and mentions are worked out per sentence that has candidates. No spaCy ``Doc``
    is made (`marxkg.nlp.zh.to_doc` makes one of the result on demand)."""

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
        self._nested: dict[tuple[str, str], list[_Inner]] = {}
        self._clash: dict[tuple[str, str], tuple[str, ...]] = {}
        self._hits: dict[str, _Hit] = {}

    def _hit(self, text: str) -> _Hit:
        """What a match of the label text ``text`` means (worked out once per text)."""
        hit = self._hits.get(text)
        if hit is None:
            same = self.tagger.ranked[text]
            label = same[0]
            concept = str(label.concept)
            rule_id = "hidden-label" if label.kind == "hidden" else "label"
            hit = self._hits[text] = _Hit(
                label,
                concept,
                self._clashes(label, same),
                rule_id,
                text in self.rule_concept,
                self.policy.context_rules.get(text)
                if self.rule_concept.get(text) == concept
                else None,
                bool(self.links.get(concept)),
                label.kind,
                self.policy.confidence.get(rule_id),
            )
        return hit

    def _decide(self, cands: list[_Cand], stext: str) -> list[str | None]:
        """Apply the sense and generic-head rules: each candidate's rule id, or None where
        its rule does not hold (no mention)."""
        concepts_here = {c[2].concept for c in cands if not c[2].ruled}
        schemes_here = {self.scheme.get(c) or "" for c in concepts_here}
        slugs_here = {c.rsplit("/", 1)[-1] for c in concepts_here}
        out: list[str | None] = []
        for b, e, hit, _ in cands:
            if hit.rule is None:
                out.append(hit.rule_id)
            elif hit.rule.holds(stext[:b], stext[e:], slugs_here, schemes_here):
                out.append(hit.rule.kind)
            else:
                out.append(None)
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
        sents = doc.sentences
        text = doc.text
        hant = script == "zh-Hant"
        stexts = [to_simplified(s.text) if hant else s.text for s in sents]
        bases = [s.start for s in sents]
        words, firsts = align_sentences(list(map(self.segmenter.tag, stexts)), bases)
        own = not hant and all(map(text.startswith, stexts, bases))  # words = the text's
        tokens, bounds, gaps = _tokens(words, firsts, None if own else text)
        ann = Annotations(
            doc.doc_id,
            f"{self.segmenter.name} {self.segmenter.version}",
            tokens=tokens,
            sentence_tokens=list(zip(bounds, bounds[1:], strict=False)),
            script=script,
        )
        ws, starts = words.words, words.offsets
        hits = self._hits
        si, later = -1, 0  # the sentence of the matches so far; where the next one begins
        cands: list[_Cand] = []
        ruled = False  # a candidate under a sense or generic-head rule
        for i, j, label_text in self.tagger(ws, firsts):
            if i >= later:  # the first match in a later sentence
                if cands:
                    self._add_mentions(ann, text, si, bases[si], stexts[si], cands, ruled)
                si = bisect_right(firsts, i) - 1
                later, cands, ruled = firsts[si + 1], [], False
            start, end = starts[i], starts[j - 1] + len(ws[j - 1])
            if (text[start] < "\x80" or text[end - 1] < "\x80") and (
                _inside_latin_word(text, start, end)
            ):
                continue
            hit = hits.get(label_text) or self._hit(label_text)
            if hit.ruled:
                ruled = True
            base = bases[si]
            toks = (i - bisect_left(gaps, i), j - bisect_left(gaps, j)) if gaps else (i, j)
            cands.append((start - base, end - base, hit, toks))
        if cands:
            self._add_mentions(ann, text, si, bases[si], stexts[si], cands, ruled)
        return ann

    def _add_mentions(
        self,
        ann: Annotations,
        text: str,
        si: int,
        base: int,
        stext: str,
        cands: list[_Cand],
        ruled: bool,
    ) -> None:
        """The sentence's candidates as mentions and nested mentions (``ruled``: some
        candidate is under a sense or generic-head rule, so the rules are applied)."""
        rules = self._decide(cands, stext) if ruled else None
        add, add_nested = ann.mentions.append, ann.nested.append
        for k, (b, e, hit, toks) in enumerate(cands):
            if rules is None:
                rule_id, confidence = hit.rule_id, hit.confidence
            else:
                found = rules[k]
                if found is None:
                    continue
                rule_id, confidence = found, None
            if confidence is None:
                confidence = self.policy.rule_confidence(rule_id)  # KeyError if not a rule
            start, end = base + b, base + e
            add(
                Mention(
                    start,
                    end,
                    text[start:end],
                    hit.concept,
                    hit.kind,
                    si,
                    toks,
                    list(hit.clash),
                    rule_id,
                    confidence,
                )
            )
            if not hit.nests:
                continue
            for i, j, concept, kind, clash in self._nested_in(stext[b:e], hit.concept):
                add_nested(
                    Mention(
                        start + i,
                        start + j,
                        text[start + i : start + j],
                        concept,
                        kind,
                        si,
                        toks,
                        list(clash),
                        "nested",
                        self.policy.rule_confidence("nested"),
                    )
                )

    def _nested_in(self, surface: str, outer: str) -> list[_Inner]:
        """`ConceptTagger.nested_labels` of a mention, each with its concept, kind and
        clashes (the same surface and concept give the same answer: worked out once)."""
        key = (surface, outer)
        found = self._nested.get(key)
        if found is None:
            found = self._nested[key] = [
                (
                    i,
                    j,
                    str(inner.concept),
                    inner.kind,
                    self._clashes(inner, self.tagger.by_text[inner.text]),
                )
                for i, j, inner in self.tagger.nested_labels(
                    surface,
                    outer,
                    self.links.get(outer, set()),
                    self.policy.nested_not_followed_by,
                    set(self.rule_concept),
                )
            ]
        return found

    def _clashes(self, label: Label, same: list[Label]) -> tuple[str, ...]:
        """The other concepts with this label's text (sorted), worked out once per label."""
        key = (str(label.concept), label.text)
        found = self._clash.get(key)
        if found is None:
            found = self._clash[key] = tuple(sorted({str(x.concept) for x in same} - {key[0]}))
        return found
