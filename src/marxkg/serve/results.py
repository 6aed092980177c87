"""Serialise query answers: SELECT rows (pyoxigraph terms) as SPARQL JSON, XML, CSV, TSV.

The endpoint re-serialises every answer it relays, because it may cut a result at the row
cap and a cut stream cannot be repaired. Graphs are written by pyoxigraph's serialisers;
the SELECT and ASK writers are ours (each a few lines of the W3C formats), and the tests
read their output back with pyoxigraph's parsers, ``json``, ``lxml`` and ``csv``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from typing import Any
from xml.sax.saxutils import escape, quoteattr

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
RDF_DIR_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#dirLangString"
PLAIN_DATATYPES = {XSD_STRING, RDF_LANG_STRING, RDF_DIR_LANG_STRING}

Row = Sequence[object]  # one term (or None when unbound) per variable


def _kind(term: object) -> str:
    return type(term).__name__  # NamedNode | BlankNode | Literal | Triple


def term_json(term) -> dict:
    kind = _kind(term)
    if kind == "NamedNode":
        return {"type": "uri", "value": term.value}
    if kind == "BlankNode":
        return {"type": "bnode", "value": term.value}
    if kind == "Triple":
        return {
            "type": "triple",
            "value": {
                "subject": term_json(term.subject),
                "predicate": term_json(term.predicate),
                "object": term_json(term.object),
            },
        }
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
        if getattr(term, "direction", None) is not None:
            out["its:dir"] = str(term.direction)
    elif term.datatype.value not in PLAIN_DATATYPES:
        out["datatype"] = term.datatype.value
    return out


def dumps_json(variables: Sequence[str], rows: Iterable[Row]) -> bytes:
    bindings = [
        {v: term_json(t) for v, t in zip(variables, row, strict=False) if t is not None}
        for row in rows
    ]
    doc = {"head": {"vars": list(variables)}, "results": {"bindings": bindings}}
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def term_xml(term) -> str:
    kind = _kind(term)
    if kind == "NamedNode":
        return f"<uri>{escape(term.value)}</uri>"
    if kind == "BlankNode":
        return f"<bnode>{escape(term.value)}</bnode>"
    if kind == "Triple":
        return (
            f"<triple><subject>{term_xml(term.subject)}</subject>"
            f"<predicate>{term_xml(term.predicate)}</predicate>"
            f"<object>{term_xml(term.object)}</object></triple>"
        )
    attrs = ""
    if term.language:
        attrs = f" xml:lang={quoteattr(term.language)}"
        if getattr(term, "direction", None) is not None:
            attrs += (
                ' xmlns:its="http://www.w3.org/2005/11/its" its:version="2.0"'
                f" its:dir={quoteattr(str(term.direction))}"
            )
    elif term.datatype.value not in PLAIN_DATATYPES:
        attrs = f" datatype={quoteattr(term.datatype.value)}"
    return f"<literal{attrs}>{escape(term.value)}</literal>"


def dumps_xml(variables: Sequence[str], rows: Iterable[Row]) -> bytes:
    parts = [
        (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>'
        )
    ]
    parts.extend(f"<variable name={quoteattr(v)}/>" for v in variables)
    parts.append("</head><results>")
    for row in rows:
        parts.append("<result>")
        parts.extend(
            f"<binding name={quoteattr(v)}>{term_xml(t)}</binding>"
            for v, t in zip(variables, row, strict=False)
            if t is not None
        )
        parts.append("</result>")
    parts.append("</results></sparql>\n")
    return "".join(parts).encode("utf-8")


def term_csv(term) -> str:
    if term is None:
        return ""
    kind = _kind(term)
    if kind == "BlankNode":
        return f"_:{term.value}"
    if kind == "Triple":
        return str(term)
    return term.value  # IRIs and literals: the bare string (SPARQL 1.1 CSV)


def dumps_csv(variables: Sequence[str], rows: Iterable[Row]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(variables)
    writer.writerows([term_csv(t) for t in row] for row in rows)
    return buf.getvalue().encode("utf-8")


def term_tsv(term) -> str:
    # pyoxigraph prints terms in N-Triples syntax, with \t, \n and \r escaped in literals
    return "" if term is None else str(term)


def dumps_tsv(variables: Sequence[str], rows: Iterable[Row]) -> bytes:
    lines = ["\t".join(f"?{v}" for v in variables)]
    lines.extend("\t".join(term_tsv(t) for t in row) for row in rows)
    return ("\n".join(lines) + "\n").encode("utf-8")


SOLUTION_WRITERS = {
    "json": dumps_json,
    "xml": dumps_xml,
    "csv": dumps_csv,
    "tsv": dumps_tsv,
}


def dumps_boolean(value: bool, fmt: str) -> bytes:
    """An ASK answer in one of the four result formats (CSV/TSV: a bare true/false)."""
    word = "true" if value else "false"
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": bool(value)}).encode("utf-8")
    if fmt == "xml":
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns='
            f'"http://www.w3.org/2005/sparql-results#"><head/><boolean>{word}</boolean>'
            "</sparql>\n"
        ).encode()
    return f"{word}\n".encode()


def dumps_graph(triples: Sequence[Any], fmt: str) -> bytes:
    """CONSTRUCT/DESCRIBE triples as Turtle, JSON-LD, N-Triples or RDF/XML (pyoxigraph)."""
    import pyoxigraph as ox

    from marxkg.vocab import GRAPH_PREFIXES as PREFIXES

    names = {
        "turtle": ox.RdfFormat.TURTLE,
        "jsonld": ox.RdfFormat.JSON_LD,
        "ntriples": ox.RdfFormat.N_TRIPLES,
        "rdfxml": ox.RdfFormat.RDF_XML,
    }
    prefixes = PREFIXES if fmt in ("turtle", "rdfxml") else None
    return ox.serialize(list(triples), format=names[fmt], prefixes=prefixes) or b""
