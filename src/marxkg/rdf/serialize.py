"""Deterministic serialisation through Oxigraph (rdflib's Turtle writer is too slow here).

rdflib stays the API: a graph is written to N-Triples by rdflib (fast), the lines are
sorted, and Oxigraph re-serialises them in that order as Turtle or JSON-LD. Blank nodes
are not used in generated data, so sorting gives byte-identical output for equal graphs.
"""

from __future__ import annotations

import io
import json

import pyoxigraph as ox
from rdflib import Graph

from marxkg.vocab import GRAPH_PREFIXES as PREFIXES


def sorted_ntriples(g: Graph) -> bytes:
    data = g.serialize(format="nt", encoding="utf-8")
    lines = sorted({line for line in data.split(b"\n") if line.strip()})
    return b"\n".join(lines) + b"\n"


def _oxi(nt: bytes, fmt: ox.RdfFormat, prefixes: dict[str, str] | None) -> bytes:
    triples = ox.parse(io.BytesIO(nt), format=ox.RdfFormat.N_TRIPLES)
    return ox.serialize(triples, format=fmt, prefixes=prefixes) or b""


def turtle_of_ntriples(nt: bytes, prefixes: dict[str, str] | None = None) -> str:
    """Turtle of sorted, duplicate-free N-Triples, with the project's prefixes."""
    return _oxi(nt, ox.RdfFormat.TURTLE, prefixes or PREFIXES).decode("utf-8")


def to_turtle(g: Graph, prefixes: dict[str, str] | None = None) -> str:
    """Turtle with the project's prefixes, subjects in sorted order."""
    return turtle_of_ntriples(sorted_ntriples(g), prefixes)


def to_ntriples(g: Graph) -> str:
    return sorted_ntriples(g).decode("utf-8")


def to_jsonld(g: Graph) -> str:
    return jsonld_of_ntriples(sorted_ntriples(g))


def jsonld_of_ntriples(nt: bytes) -> str:
    """JSON-LD of sorted N-Triples (expanded by Oxigraph, then re-dumped with
    ``ensure_ascii=False``)."""
    raw = _oxi(nt, ox.RdfFormat.JSON_LD, None) or b"[]"
    data = json.loads(raw)
    context = {k: v for k, v in PREFIXES.items()}
    if isinstance(data, dict) and "@graph" in data:
        data = {"@context": context, "@graph": data["@graph"]}
    else:
        data = {"@context": context, "@graph": data}
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def load_turtle(text: str | bytes, g: Graph | None = None) -> Graph:
    """Parse Turtle with Oxigraph and hand the triples to rdflib (via N-Triples)."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    nt = ox.serialize(
        ox.parse(io.BytesIO(data), format=ox.RdfFormat.TURTLE), format=ox.RdfFormat.N_TRIPLES
    )
    g = g if g is not None else Graph()
    g.parse(data=nt, format="nt")
    return g
