"""The NLP stage's hot path (issue 14): words aligned to the text as plain lists, concepts
by a dictionary match over the words, no spaCy ``Doc`` per sentence.

The reference for the match is spaCy itself: ``PhraseMatcher(attr="ORTH")`` over a
``Doc`` of the same words, then ``spacy.util.filter_spans`` (what the stage used before).
The alignment cases are read off the rule (a single space after a word is the word's
trailing space; other whitespace is a word of its own).
"""

from __future__ import annotations

import gc

import pytest
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans
from spacy.vocab import Vocab

from marxkg.ingest.document import parse_source
from marxkg.nlp.annotate import Annotator
from marxkg.nlp.zh import Words, align, to_doc
from marxkg.ontology import load_ontology
from tests import ONTOLOGY


@pytest.fixture(scope="module", params=["jieba", "rjieba"])
def annotator(request):
    return Annotator(load_ontology(ONTOLOGY), request.param)


ALIGN_CASES = [
    # (segmenter pairs, words, offsets, spaces)
    ([("资本", "n"), ("积累", "v")], ["资本", "积累"], [0, 2], [False, False]),
    # one space after a word: the word's trailing space, not a word
    ([("AI", "eng"), (" ", "x"), ("时代", "n")], ["AI", "时代"], [0, 3], [True, False]),
    # a second space stays a word
    (
        [("AI", "eng"), (" ", "x"), (" ", "x"), ("时代", "n")],
        ["AI", " ", "时代"],
        [0, 3, 4],
        [True, False, False],
    ),
    # a leading space, a newline and a space after whitespace stay words
    (
        [(" ", "x"), ("劳动", "n"), ("\n", "x"), (" ", "x")],
        [" ", "劳动", "\n", " "],
        [0, 1, 3, 4],
        [False, False, False, False],
    ),
    # a multi-space word is a word; its tag becomes x
    ([("数据", "n"), ("  ", "w")], ["数据", "  "], [0, 2], [False, False]),
]


@pytest.mark.parametrize("pairs, words, offsets, spaces", ALIGN_CASES)
def test_align(pairs, words, offsets, spaces):
    got = align(pairs)
    assert (got.words, got.offsets, got.spaces) == (words, offsets, spaces)
    assert [t for w, t in zip(got.words, got.tags, strict=True) if w.isspace()] == ["x"] * sum(
        w.isspace() for w in words
    )


def _phrase_matcher(_tagger: object, words: Words, vocab: Vocab, matcher: PhraseMatcher):
    doc = Doc(vocab, words=words.words, spaces=words.spaces)
    spans = [Span(doc, s, e, label=m) for m, s, e in matcher(doc)]
    kept = filter_spans(sorted(spans, key=lambda s: (s.start, -len(s))))
    return [(s.start, s.end, s.label_) for s in sorted(kept, key=lambda s: s.start)]


def _reference(annotator: Annotator):
    vocab = Vocab()
    matcher = PhraseMatcher(vocab, attr="ORTH")
    for text in sorted(annotator.tagger.by_text):
        w = align(annotator.segmenter.tag(text))
        matcher.add(text, [Doc(vocab, words=w.words, spaces=w.spaces)])
    return vocab, matcher


def _multiword_sentences(annotator: Annotator) -> list[str]:
    """A sentence for every label the segmenter splits into several words, and one with
    two such labels side by side (labels with spaces, dashes, slashes ...)."""
    multi = [
        t
        for t in sorted(annotator.tagger.by_text)
        if len(align(annotator.segmenter.tag(t)).words) > 1
    ]
    return [f"在{t}中。" for t in multi] + [
        f"{a}{b}。" for a, b in zip(multi, multi[1:], strict=False)
    ]


def test_dictionary_match_is_the_phrase_matcher(paper, annotator):
    vocab, matcher = _reference(annotator)
    multi = _multiword_sentences(annotator)
    assert len(multi) > 10  # the ontology has labels of several words
    differ = []
    unmatched = []
    for text in [s.text for s in paper.sentences] + multi:
        words = align(annotator.segmenter.tag(text))
        want = _phrase_matcher(annotator, words, vocab, matcher)
        got = annotator.tagger(words.words)
        if got != want:
            differ.append((text, got, want))
        if text in multi and not got:
            unmatched.append(text)
    assert differ == []
    assert unmatched == []  # every sentence made of labels has a match


def test_to_doc_is_the_annotations(paper, annotator):
    ann = annotator(paper)
    doc = to_doc(ann)
    assert [(t.text, t.tag_, bool(t.whitespace_)) for t in doc] == [
        (t.text, t.pos, t.space_after) for t in ann.tokens
    ]
    assert len(list(doc.sents)) == sum(1 for a, b in ann.sentence_tokens if a < b)
    spans = doc.spans["concepts"]
    assert [(s.text, s.label_) for s in spans] == [(m.text, m.concept) for m in ann.mentions]


@pytest.mark.parametrize("enabled", [True, False])
def test_garbage_collector_left_as_found(annotator, enabled):
    doc = parse_source("标题\n\n机器大工业与相对剩余价值的生产。\n", "t")
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        annotator(doc)
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()


# Overlaps the shipped ontology hardly produces, on letters as words (one letter a word):
# labels, then texts; expected = what PhraseMatcher + filter_spans keep.
OVERLAP_LABELS = ["AB", "BCD", "CD", "D", "EF", "FG", "XYZ", "Y", "PQ", "QR", "RS"]
OVERLAP_TEXTS = [
    "ABCD",  # the later, longer BCD wins over the earlier AB
    "EFG",  # equally long: the earlier EF
    "XYZ",  # Y inside XYZ
    "PQRS",  # PQ and RS; QR overlaps both
    "DDCD",  # repeated and adjacent
    "ZZZ",  # nothing
]


@pytest.mark.parametrize("text", OVERLAP_TEXTS)
def test_overlaps_resolved_as_filter_spans(text):
    from rdflib import URIRef

    from marxkg.nlp.tagger import ConceptTagger
    from marxkg.ontology import Label

    labels = [Label(URIRef(f"urn:c:{t}"), t, "zh-Hans", "pref") for t in OVERLAP_LABELS]
    tagger = ConceptTagger(list, labels)
    vocab = Vocab()
    matcher = PhraseMatcher(vocab, attr="ORTH")
    for t in OVERLAP_LABELS:
        matcher.add(t, [Doc(vocab, words=list(t))])
    words = Words(list(text), ["x"] * len(text), list(range(len(text))), [False] * len(text))
    want = _phrase_matcher(tagger, words, vocab, matcher)
    assert tagger(words.words) == want
