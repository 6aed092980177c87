"""The token layer written as text (`token_ntriples`) equals the former writer's output
(term objects sorted by ``str``) byte for byte, and its N-Triples are Oxigraph's
canonical form (so that the build can subtract the triples already in the graph)."""

from __future__ import annotations

import io

import pyoxigraph as ox

from marxkg.graph.tokens import dumps_tokens, dumps_tokens_reference, token_ntriples, word_counts
from marxkg.rdf.namespaces import Iris


def test_tokens_ttl_is_unchanged(paper, annotations):
    assert dumps_tokens(paper, annotations, Iris()) == dumps_tokens_reference(
        paper, annotations, Iris()
    )


def test_token_ntriples_are_canonical_sorted_and_unique(paper, annotations):
    nt = token_ntriples(paper, annotations, Iris())
    lines = nt.splitlines()
    # seven triples per token, five per word count (mkg:WordCount)
    counts = word_counts(paper, annotations)
    assert lines == sorted(set(lines))
    assert len(lines) == 7 * len(annotations.tokens) + 5 * len(counts)
    canonical = ox.serialize(
        ox.parse(io.BytesIO(nt), format=ox.RdfFormat.N_TRIPLES), format=ox.RdfFormat.N_TRIPLES
    )
    assert sorted(canonical.splitlines()) == lines
