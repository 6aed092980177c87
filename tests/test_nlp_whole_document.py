"""The NLP stage over a whole document at once (issue 14): the words of all sentences
aligned in one pass (`align_sentences`), the tokens kept as columns (`TokenTable`), one
dictionary match over all words with sentence bounds.

The oracle is the stage as it was, written out here sentence by sentence and word by word:
the segmenter's pairs of each sentence aligned by the rule (a single space after a word
that is not whitespace is its trailing space; other whitespace is a word of its own, never
a token), every other word a token with the text's characters at its offsets. Documents:
the shipped paper, its traditional-script and web-page layouts (tests/variants.py), and the
paper cut into "sentences" at every space and every 37 characters, some dropped (so
sentences begin and end with spaces, some are a lone space, and there are gaps between
them).
"""

from __future__ import annotations

import dataclasses
import pickle
import re

import pytest
from rdflib import URIRef

from marxkg.model import Sentence, Token
from marxkg.nlp.annotate import Annotator, to_simplified
from marxkg.nlp.tagger import ConceptTagger
from marxkg.nlp.token_table import TokenTable
from marxkg.nlp.zh import align, align_sentences
from marxkg.ontology import Label, load_ontology
from tests import ONTOLOGY


def reference_align(pairs, base):
    """The word-by-word rule (the loop the stage ran per sentence before)."""
    words, tags, offsets, spaces = [], [], [], []
    pos = base
    for word, tag in pairs:
        if word == " " and words and not spaces[-1] and not words[-1].isspace():
            spaces[-1] = True
            pos += 1
            continue
        words.append(word)
        tags.append("x" if word.isspace() else tag)
        offsets.append(pos)
        spaces.append(False)
        pos += len(word)
    return words, tags, offsets, spaces


def reference_tokens(doc, segmenter, hant):
    """Tokens and each sentence's token range, sentence by sentence."""
    tokens, ranges = [], []
    for si, sent in enumerate(doc.sentences):
        stext = to_simplified(sent.text) if hant else sent.text
        first = len(tokens)
        words, tags, offsets, spaces = reference_align(segmenter.tag(stext), sent.start)
        for w, t, start, sp in zip(words, tags, offsets, spaces, strict=True):
            if not w.isspace():
                end = start + len(w)
                tokens.append(Token(start, end, doc.text[start:end], t, si, sp))
        ranges.append((first, len(tokens)))
    return tokens, ranges


def cut_at_spaces(doc):
    """The document with its text cut at every whitespace character (before it, after it
    or both, in turn) and every 37 characters; every fifth piece dropped, and one empty
    sentence."""
    text = doc.text
    spaces = [m.start() for m in re.finditer(r"\s", text)]
    before = {s for k, s in enumerate(spaces) if k % 3 != 1}
    after = {s + 1 for k, s in enumerate(spaces) if k % 3 != 0}
    cuts = sorted({0, len(text)} | before | after | set(range(0, len(text), 37)))
    pieces = [(a, b) for k, (a, b) in enumerate(zip(cuts, cuts[1:], strict=False)) if k % 5]
    pieces.insert(3, (pieces[3][0], pieces[3][0]))
    sentences = [Sentence(a, b, 0, text[a:b]) for a, b in pieces]
    return dataclasses.replace(doc, doc_id="cut-at-spaces", sentences=sentences)


@pytest.fixture(scope="module", params=["jieba", "rjieba"])
def stage(request):
    return Annotator(load_ontology(ONTOLOGY), request.param)


@pytest.fixture(scope="module")
def documents(paper):
    from marxkg.citations import document_from_text
    from tests.variants import VARIANTS, render

    docs = {"paper": paper, "cut-at-spaces": cut_at_spaces(paper)}
    for name in ("traditional", "web-page"):
        docs[name] = document_from_text(render(VARIANTS[name]), name)
    return docs


def test_cut_document_has_the_hard_cases(paper):
    doc = cut_at_spaces(paper)
    texts = [s.text for s in doc.sentences]
    assert "" in texts and " " in texts
    assert any(t.startswith(" ") and len(t) > 1 for t in texts)
    assert any(t.endswith(" ") and len(t) > 1 for t in texts)
    gaps = [b.start - a.end for a, b in zip(doc.sentences, doc.sentences[1:], strict=False)]
    assert max(gaps) > 0


@pytest.mark.parametrize("name", ["paper", "cut-at-spaces", "traditional", "web-page"])
def test_tokens_are_those_made_sentence_by_sentence(stage, documents, name):
    doc = documents[name]
    ann = stage(doc)
    hant = ann.script == "zh-Hant"
    assert hant == (name == "traditional")
    tokens, ranges = reference_tokens(doc, stage.segmenter, hant)
    assert isinstance(ann.tokens, TokenTable)
    assert list(ann.tokens) == tokens
    assert ann.tokens == tokens
    assert ann.sentence_tokens == ranges
    assert sum(t.space_after for t in tokens) > 0  # trailing spaces are exercised
    for m in ann.mentions:  # every mention on whole tokens of its sentence
        first, last = ranges[m.sentence]
        assert first <= m.tokens[0] < m.tokens[1] <= last
        assert (tokens[m.tokens[0]].start, tokens[m.tokens[1] - 1].end) == (m.start, m.end)
        assert doc.text[m.start : m.end] == m.text


def test_sentences_aligned_at_once_as_one_by_one(paper, stage):
    doc = cut_at_spaces(paper)
    pieces = [stage.segmenter.tag(s.text) for s in doc.sentences]
    bases = [s.start for s in doc.sentences]
    words, firsts = align_sentences(pieces, bases)
    want: list[list] = [[], [], [], []]
    want_firsts = [0]
    for pairs, base in zip(pieces, bases, strict=True):
        for column, values in zip(want, reference_align(pairs, base), strict=True):
            column.extend(values)
        want_firsts.append(len(want[0]))
    assert [words.words, words.tags, words.offsets, words.spaces] == want
    assert firsts == want_firsts


SENTENCE_CASES = [
    # (sentences as (word, tag) pairs, bases): a space opening a sentence stays a word
    ([[("AI", "eng")], [(" ", "x"), ("时代", "n")]], [0, 2]),
    # a space closing a sentence is its last word's trailing space
    ([[("AI", "eng"), (" ", "x")], [("时代", "n")]], [0, 5]),
    # empty sentences, a sentence of one space, a gap
    ([[], [(" ", "x")], [], [("资本", "n"), (" ", "x"), (" ", "x")]], [0, 0, 3, 9]),
    ([], []),
]


@pytest.mark.parametrize("pieces, bases", SENTENCE_CASES)
def test_align_sentences_cases(pieces, bases):
    words, firsts = align_sentences(pieces, bases)
    got = [words.words, words.tags, words.offsets, words.spaces]
    want: list[list] = [[], [], [], []]
    for pairs, base in zip(pieces, bases, strict=True):
        for column, values in zip(want, reference_align(pairs, base), strict=True):
            column.extend(values)
    assert got == want
    for pairs, base in zip(pieces, bases, strict=True):
        assert list(align(pairs, base))[:4] == list(reference_align(pairs, base))
    assert len(firsts) == len(pieces) + 1 and firsts[-1] == len(words.words)


def _tagger():
    labels = [
        Label(URIRef("https://example.org/c/ab"), "a b", "zh-Hans", "pref"),
        Label(URIRef("https://example.org/c/b"), "b", "zh-Hans", "pref"),
        Label(URIRef("https://example.org/c/bc"), "b c", "zh-Hans", "pref"),
    ]
    return ConceptTagger(lambda t: t.split(" "), labels)


@pytest.mark.parametrize(
    "words, bounds, found",
    [
        (["x", "a", "b"], [0], [(1, 3, "a b")]),
        (["x", "a", "b"], [], [(1, 3, "a b")]),
        # a sentence ends after "a": the two-word label cannot run on into the next
        (["x", "a", "b"], [0, 2], [(2, 3, "b")]),
        (["a", "b", "a", "b"], [0, 2], [(0, 2, "a b"), (2, 4, "a b")]),
        (["a", "b", "a", "b"], [0, 1, 3], [(1, 2, "b"), (3, 4, "b")]),
        # overlapping matches: the longest, then the earliest, wins; others are kept
        (["a", "b", "c"], [], [(0, 2, "a b")]),
        (["x", "b", "c", "a", "b", "x", "b"], [0], [(1, 3, "b c"), (3, 5, "a b"), (6, 7, "b")]),
        (["a", "b", "c"], [0, 1], [(1, 3, "b c")]),
    ],
)
def test_no_match_across_sentences(words, bounds, found):
    assert _tagger()(words, bounds) == found


TOKENS = [
    Token(0, 2, "资本", "n", 0),
    Token(2, 4, "积累", "v", 0, True),
    Token(5, 7, "时代", "n", 1),
]


def test_token_table_is_a_sequence_of_tokens():
    table = TokenTable(TOKENS)
    assert len(table) == 3 and list(table) == TOKENS and table == TOKENS
    assert (table[0], table[-1], table[1:]) == (TOKENS[0], TOKENS[-1], TOKENS[1:])
    assert table.index(TOKENS[2]) == 2 and TOKENS[1] in table
    assert list(table.spans()) == [(0, 2, 0, "n"), (2, 4, 0, "v"), (5, 7, 1, "n")]
    assert pickle.loads(pickle.dumps(table)) == table
    assert table != TokenTable(TOKENS[:2]) and table != TOKENS[:2]
    with pytest.raises(IndexError):
        table[3]
    with pytest.raises(ValueError):
        table.extend([1], [2, 3], ["a"], ["n"], [0])
