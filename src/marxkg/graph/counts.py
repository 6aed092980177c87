"""The corpus's word counts (`mkg:CorpusWordCount`), a part of the build's own graph.

Each document's token layer holds its `mkg:WordCount` nodes (`marxkg.graph.tokens`): how
many of its tokens have one word form and one tag. Over hundreds of papers, the corpus's
frequencies added every document's counts at query time (`frequent-words` on 300 copies of
the shipped paper: 1.3 s, growing with the papers). The build adds them once: one node
per word form and tag of the whole corpus, ``<base>corpus/words/<tag>/<word>``
(percent-encoded), with `mkg:tokenCount` (the sum) and `mkg:documentCount` (in how many
documents), `mkg:countedIn` the corpus node ``<base>corpus`` (a `mkg:Corpus`). The
documents' counts come from their state (``.docs/<doc-id>/words.json``, written by the
worker), so an incremental build adds them again without reading any token layer.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import quote

import pyoxigraph as ox
from rdflib.namespace import RDF, RDFS, XSD

from marxkg.rdf.namespaces import MKG

WordCounts = Iterable[tuple[str, str, int]]  # (word, tag, tokens) of one document


def corpus_iri(base: str) -> str:
    return f"{base}corpus"


def corpus_count_iri(base: str, word: str, pos: str) -> str:
    """``<base>corpus/words/<pos>/<word>`` (percent-encoded): the corpus's count of a word."""
    return f"{corpus_iri(base)}/words/{quote(pos, safe='')}/{quote(word, safe='')}"


def add_word_counts(
    documents: Iterable[WordCounts],
) -> dict[tuple[str, str], tuple[int, int]]:
    """(word, tag) -> (tokens, documents) over the documents' counts."""
    totals: dict[tuple[str, str], tuple[int, int]] = {}
    for counts in documents:
        for word, pos, n in counts:
            tokens, docs = totals.get((word, pos), (0, 0))
            totals[(word, pos)] = (tokens + n, docs + 1)
    return totals


def _term(term: ox.NamedNode | ox.Literal) -> bytes:
    return str(term).encode("utf-8")


def corpus_count_ntriples(base: str, totals: dict[tuple[str, str], tuple[int, int]]) -> bytes:
    """The corpus node and its word counts as sorted canonical N-Triples (the terms written
    by Oxigraph, as `marxkg.graph.merge.canonical_ntriples` writes them)."""
    xsd_integer = ox.NamedNode(str(XSD.integer))
    rdf_type = _term(ox.NamedNode(str(RDF.type)))
    corpus = _term(ox.NamedNode(corpus_iri(base)))
    p = {
        name: _term(ox.NamedNode(str(MKG[name])))
        for name in ("countedIn", "word", "posTag", "tokenCount", "documentCount")
    }
    word_count = _term(ox.NamedNode(str(MKG.CorpusWordCount)))
    label = _term(ox.NamedNode(str(RDFS.label)))
    lines = [
        b"%s %s %s .\n" % (corpus, rdf_type, _term(ox.NamedNode(str(MKG.Corpus)))),
        b"%s %s %s .\n" % (corpus, label, _term(ox.Literal("corpus", language="en"))),
        b"%s %s %s .\n" % (corpus, label, _term(ox.Literal("语料库", language="zh-Hans"))),
    ]
    for (word, pos), (tokens, docs) in totals.items():
        c = _term(ox.NamedNode(corpus_count_iri(base, word, pos)))
        lines += [
            b"%s %s %s .\n" % (c, rdf_type, word_count),
            b"%s %s %s .\n" % (c, p["countedIn"], corpus),
            b"%s %s %s .\n" % (c, p["word"], _term(ox.Literal(word))),
            b"%s %s %s .\n" % (c, p["posTag"], _term(ox.Literal(pos))),
            b"%s %s %s .\n"
            % (c, p["tokenCount"], _term(ox.Literal(str(tokens), datatype=xsd_integer))),
            b"%s %s %s .\n"
            % (c, p["documentCount"], _term(ox.Literal(str(docs), datatype=xsd_integer))),
        ]
    return b"".join(sorted(lines))
