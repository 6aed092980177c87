"""The corpus graph's parts: sorted N-Triples files merged by streaming, never all in memory.

Each document's part of the graph (and the ontology, and the build's provenance) is a
sorted, duplicate-free N-Triples file (`canonical_ntriples`). `merged_lines` merges them
(``heapq.merge``, equal lines dropped), which is exactly the order
`marxkg.rdf.serialize.sorted_ntriples` gives for the union graph. `graph.ttl` and
`graph.jsonld` are assembled from per-subject blocks of the parts (`marxkg.graph.blocks`),
byte-equal to the in-memory writers (`serialize.turtle_of_ntriples`,
`serialize.jsonld_of_ntriples`) over the merged lines (tested).
"""

from __future__ import annotations

import heapq
import io
import json
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox


def canonical_ntriples(g: Any) -> bytes:
    """An rdflib graph as sorted unique N-Triples in Oxigraph's canonical form (language
    tags lower-cased, as Oxigraph writes them), so that equal triples from different parts
    give equal lines and merge into one."""
    data: bytes = g.serialize(format="nt", encoding="utf-8")
    nt = (
        ox.serialize(
            ox.parse(io.BytesIO(data), format=ox.RdfFormat.N_TRIPLES), format=ox.RdfFormat.N_TRIPLES
        )
        or b""
    )
    lines = sorted({line for line in nt.split(b"\n") if line.strip()})
    return b"\n".join(lines) + b"\n" if lines else b""


def _lines(fh: IO[bytes]) -> Iterator[bytes]:
    for line in fh:
        if line.strip():
            yield line if line.endswith(b"\n") else line + b"\n"


def merged_lines(parts: Iterable[Path]) -> Iterator[bytes]:
    """The union of sorted N-Triples files as sorted unique lines (streaming)."""
    with ExitStack() as stack:
        files = [stack.enter_context(open(p, "rb")) for p in parts]
        last = None
        for line in heapq.merge(*(_lines(f) for f in files)):
            if line != last:
                yield line
                last = line


def _nodes(nt: bytes) -> list[Any]:
    raw = (
        ox.serialize(
            ox.parse(io.BytesIO(nt), format=ox.RdfFormat.N_TRIPLES), format=ox.RdfFormat.JSON_LD
        )
        or b"[]"
    )
    data = json.loads(raw)
    if isinstance(data, dict):
        return data.get("@graph", [data])
    return data
