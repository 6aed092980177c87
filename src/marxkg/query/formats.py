"""The result writers of marxkg, one pure function each, in the registry `FORMATTERS`.

`marxkg query` and the SPARQL endpoint (`marxkg serve`) write answers with these same
functions; the endpoint offers the W3C formats (`RESULT_FORMATS`), the CLI all of them.

- ``table``: for a terminal; IRIs shortened with the project's prefixes, cells padded by
  display width (East Asian wide and full-width characters count two columns) and cut to
  ``max_width`` columns with an ellipsis;
- ``json``: SPARQL 1.1 Query Results JSON Format (compact, one line);
- ``xml``: SPARQL Query Results XML Format;
- ``csv``: SPARQL 1.1 Query Results CSV (lexical values, CRLF line ends);
- ``tsv``: SPARQL 1.1 Query Results TSV (terms in Turtle syntax).

An ASK answer is ``true``/``false`` in the table, the JSON and XML boolean forms, and a
one-column table named ``boolean`` in CSV and TSV. `dumps_graph` writes the triples of a
CONSTRUCT or DESCRIBE answer with pyoxigraph's serialisers.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from marxkg import vocab
from marxkg.query.results import XSD, Results, Term
from marxkg.query.sparql import PREFIXES

DEFAULT_MAX_WIDTH = 60
NUMERIC_TYPES = {
    XSD + t
    for t in (
        "integer",
        "decimal",
        "double",
        "float",
        "int",
        "long",
        "nonNegativeInteger",
        "positiveInteger",
    )
}
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")


def char_width(ch: str) -> int:
    """Terminal columns of one character: 2 for wide/full-width, 0 for combining marks."""
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def display_width(text: str) -> int:
    return sum(char_width(ch) for ch in text)


def truncate(text: str, width: int) -> str:
    """Cut ``text`` to at most ``width`` display columns, marking the cut with ``…``."""
    if width <= 0 or display_width(text) <= width:
        return text
    out, used = [], 0
    for ch in text:
        w = char_width(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def pad(text: str, width: int, right: bool = False) -> str:
    fill = " " * (width - display_width(text))
    return fill + text if right else text + fill


def shorten(iri: str) -> str:
    """``<base>concept/x`` -> ``concept:x``, else ``<iri>``."""
    return vocab.shorten(iri, PREFIXES) or f"<{iri}>"


def cell(term: Term | None) -> str:
    if term is None:
        return ""
    if term.type == "uri":
        return shorten(term.value)
    if term.type == "bnode":
        return f"_:{term.value}"
    return _CONTROL.sub(" ", term.value)


def to_table(results: Results, max_width: int = DEFAULT_MAX_WIDTH) -> str:
    """A plain-text table; every line's columns start at the same display column."""
    if results.boolean is not None:
        return ("true" if results.boolean else "false") + "\n"
    cols = results.variables
    body = [[truncate(cell(row.get(v)), max_width) for v in cols] for row in results.rows]
    numeric = [
        all(row.get(v) is None or row[v].datatype in NUMERIC_TYPES for row in results.rows)
        and bool(results.rows)
        for v in cols
    ]
    header = [truncate(v, max_width) for v in cols]
    widths = [
        max([display_width(h)] + [display_width(r[i]) for r in body]) for i, h in enumerate(header)
    ]
    lines = []

    def line(cells: list[str]) -> str:
        return "  ".join(pad(c, widths[i], numeric[i]) for i, c in enumerate(cells)).rstrip()

    lines.append(line(header))
    lines.append("  ".join("-" * w for w in widths))
    lines.extend(line(r) for r in body)
    n = len(results.rows)
    lines.append(f"({n} row{'s' if n != 1 else ''})")
    return "\n".join(lines) + "\n"


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def to_json(results: Results) -> str:
    """SPARQL 1.1 Query Results JSON (compact UTF-8 text, not ASCII-escaped).

    Written as ``json.dumps`` of the whole document would write it, but each distinct term
    (rows share them: `rows_from_oxigraph`) and each variable name is encoded once."""
    if results.boolean is not None:
        return _json({"head": {}, "boolean": results.boolean}) + "\n"
    names = {v: _json(v) for v in results.variables}
    done: dict[int, str] = {}  # id(term) -> its JSON; the terms live as long as the rows

    def term(t: Term) -> str:
        text = done.get(id(t))
        if text is None:
            text = done[id(t)] = _json(t.to_json())
        return text

    rows = ",".join(
        "{" + ",".join(f"{names[v]}:{term(row[v])}" for v in results.variables if v in row) + "}"
        for row in results.rows
    )
    head = _json({"vars": list(results.variables)})
    return f'{{"head":{head},"results":{{"bindings":[{rows}]}}}}\n'


SPARQL_RESULTS_NS = "http://www.w3.org/2005/sparql-results#"
ITS_NS = "http://www.w3.org/2005/11/its"


def _xml_term(term: Term) -> str:
    if term.parts is not None:
        s, p, o = (_xml_term(t) for t in term.parts)
        inner = f"<subject>{s}</subject><predicate>{p}</predicate><object>{o}</object>"
        return f"<triple>{inner}</triple>"
    if term.type == "uri":
        return f"<uri>{escape(term.value)}</uri>"
    if term.type == "bnode":
        return f"<bnode>{escape(term.value)}</bnode>"
    attrs = ""
    if term.lang:
        attrs = f" xml:lang={quoteattr(term.lang)}"
        if term.direction:
            attrs += f' xmlns:its="{ITS_NS}" its:version="2.0" its:dir={quoteattr(term.direction)}'
    elif term.datatype:
        attrs = f" datatype={quoteattr(term.datatype)}"
    return f"<literal{attrs}>{escape(term.value)}</literal>"


def to_xml(results: Results) -> str:
    """SPARQL Query Results XML Format."""
    head = f'<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="{SPARQL_RESULTS_NS}">'
    if results.boolean is not None:
        word = "true" if results.boolean else "false"
        return f"{head}<head/><boolean>{word}</boolean></sparql>\n"
    parts = [head, "<head>"]
    parts.extend(f"<variable name={quoteattr(v)}/>" for v in results.variables)
    parts.append("</head><results>")
    names = {v: f"<binding name={quoteattr(v)}>" for v in results.variables}
    done: dict[int, str] = {}  # id(term) -> its XML (as in to_json)

    def term(t: Term) -> str:
        text = done.get(id(t))
        if text is None:
            text = done[id(t)] = _xml_term(t)
        return text

    for row in results.rows:
        parts.append("<result>")
        parts.extend(f"{names[v]}{term(row[v])}</binding>" for v in results.variables if v in row)
        parts.append("</result>")
    parts.append("</results></sparql>\n")
    return "".join(parts)


def to_csv(results: Results) -> str:
    """SPARQL 1.1 Query Results CSV: a header of names, then lexical values."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    if results.boolean is not None:
        writer.writerows([["boolean"], ["true" if results.boolean else "false"]])
        return buf.getvalue()
    writer.writerow(results.variables)
    for row in results.rows:
        writer.writerow([_csv_value(row.get(v)) for v in results.variables])
    return buf.getvalue()


def _csv_value(term: Term | None) -> str:
    if term is None:
        return ""
    return f"_:{term.value}" if term.type == "bnode" else term.value


def to_tsv(results: Results) -> str:
    """SPARQL 1.1 Query Results TSV: ``?name`` header, terms in Turtle syntax."""
    if results.boolean is not None:
        return "?boolean\n" + ("true" if results.boolean else "false") + "\n"
    lines = ["\t".join("?" + v for v in results.variables)]
    for row in results.rows:
        lines.append("\t".join(row[v].n3() if v in row else "" for v in results.variables))
    return "\n".join(lines) + "\n"


FORMATTERS: dict[str, Callable[[Results], str]] = {
    "table": to_table,
    "json": to_json,
    "xml": to_xml,
    "csv": to_csv,
    "tsv": to_tsv,
}
# The W3C result formats: what the endpoint offers (serve/formats.py negotiates them).
RESULT_WRITERS: dict[str, Callable[[Results], str]] = {
    name: FORMATTERS[name] for name in ("json", "xml", "csv", "tsv")
}


def format_results(results: Results, fmt: str, **options) -> str:
    if fmt not in FORMATTERS:
        raise ValueError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATTERS)}")
    if fmt == "table":
        return to_table(results, **options)
    return FORMATTERS[fmt](results)


def dumps_results(results: Results, fmt: str) -> bytes:
    """One of the W3C result formats as UTF-8 bytes (the endpoint's answer body)."""
    if fmt not in RESULT_WRITERS:
        names = ", ".join(RESULT_WRITERS)
        raise ValueError(f"unknown result format {fmt!r}: choose one of {names}")
    return RESULT_WRITERS[fmt](results).encode("utf-8")


GRAPH_WRITERS = ("turtle", "jsonld", "ntriples", "rdfxml")


def dumps_graph(triples: Sequence[Any], fmt: str) -> bytes:
    """CONSTRUCT/DESCRIBE triples (pyoxigraph) as Turtle, JSON-LD, N-Triples or RDF/XML."""
    import pyoxigraph as ox

    names = {
        "turtle": ox.RdfFormat.TURTLE,
        "jsonld": ox.RdfFormat.JSON_LD,
        "ntriples": ox.RdfFormat.N_TRIPLES,
        "rdfxml": ox.RdfFormat.RDF_XML,
    }
    prefixes = vocab.GRAPH_PREFIXES if fmt in ("turtle", "rdfxml") else None
    return ox.serialize(list(triples), format=names[fmt], prefixes=prefixes) or b""
