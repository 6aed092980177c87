"""Canonical Turtle for the curated ontology files (everything in ``ontology/`` but shapes).

One form per graph, so that a diff of an ontology file shows a change of meaning and
nothing else:

- ``@prefix`` lines for the prefixes the output uses, sorted by prefix (project prefixes
  from `PREFIXES`, then any other prefix the file itself declares);
- the file's leading comment block (the ``#`` lines at the very top) kept verbatim; every
  other comment is dropped;
- one block per subject, subjects sorted by IRI; predicates sorted by IRI with
  ``rdf:type`` (written ``a``) first; objects sorted (IRIs, then literals by language tag,
  datatype and text); several objects one per line;
- no blank nodes (a graph with one is refused): the SHACL shapes file, which needs them,
  is excluded and kept as written.

rdflib's ``longturtle`` writer was checked first: it is deterministic (same bytes from
separate processes with different hash seeds), but it orders subjects by how often they
are referenced before their IRI and puts ``rdfs:label`` right after ``rdf:type``, and it
drops the file's header comment; hence this small writer.

Run ``marxkg ontology fmt`` to rewrite the files in place (atomically), ``marxkg ontology
fmt --check`` to only report the files that are not canonical (exit 1).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from marxkg.ontology.load import SHAPES_FILE
from marxkg.vocab import prefixes

log = logging.getLogger(__name__)

# Prefixes the ontology files use: the vocabulary plus the data namespaces.
PREFIXES: dict[str, str] = prefixes()

# A conservative PN_LOCAL: anything else is written as a full IRI.
_LOCAL = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*\Z")
_PREFIX_LINE = re.compile(r"\s*@prefix\s+([A-Za-z][\w-]*)?:\s*<([^>]*)>\s*\.\s*$", re.IGNORECASE)
_DIRECTIVE = re.compile(r"\s*(@prefix|@base|prefix\s|base\s)", re.IGNORECASE)
_IRI_ESCAPE = set('<>"{}|^`\\ ')
_STRING_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_BARE_DATATYPES = {
    XSD.integer: re.compile(r"[+-]?[0-9]+\Z"),
    XSD.boolean: re.compile(r"(true|false)\Z"),
}


class CanonicalFormError(ValueError):
    """The graph cannot be written canonically (it holds a blank node)."""


def data_files(directory: Path) -> list[Path]:
    """The ontology files that are kept in canonical form: every ``*.ttl`` but the shapes."""
    return sorted(p for p in Path(directory).glob("*.ttl") if p.name != SHAPES_FILE)


def parse_file(path: Path) -> Graph:
    """Parse with rdflib's own Turtle parser (it keeps language tags as written)."""
    g = Graph(bind_namespaces="none")
    g.parse(Path(path), format="turtle")
    return g


def header_comment(text: str) -> list[str]:
    """The file's header: its first run of ``#`` lines before any statement.

    Blank lines and prefix declarations before it are skipped, so a description placed
    after the prefixes is kept too (and moves to the top).
    """
    out: list[str] = []
    for line in text.splitlines():
        if line.startswith("#"):
            out.append(line.rstrip())
        elif out or line.strip() and not _DIRECTIVE.match(line):
            break
    return out


def declared_prefixes(text: str) -> dict[str, str]:
    """``@prefix`` declarations of a Turtle text, in order."""
    out = {}
    for line in text.splitlines():
        m = _PREFIX_LINE.match(line)
        if m:
            out[m.group(1) or ""] = m.group(2)
    return out


def _iri(iri: str) -> str:
    return (
        "<"
        + "".join(f"\\u{ord(c):04X}" if c in _IRI_ESCAPE or ord(c) < 0x20 else c for c in iri)
        + ">"
    )


def _string(text: str) -> str:
    return '"' + "".join(_STRING_ESCAPES.get(c, c) for c in text) + '"'


class _Writer:
    def __init__(self, prefixes: dict[str, str]):
        # Longest namespace first, so that nested namespaces get the most specific prefix.
        self.namespaces = sorted(prefixes.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        self.used: set[str] = set()

    def iri(self, node: Node) -> str:
        text = str(node)
        for prefix, ns in self.namespaces:
            if text.startswith(ns) and _LOCAL.match(text[len(ns) :]):
                self.used.add(prefix)
                return f"{prefix}:{text[len(ns) :]}"
        return _iri(text)

    def term(self, node) -> str:
        if isinstance(node, BNode):
            raise CanonicalFormError(f"blank node {node.n3()}: not allowed in data files")
        if isinstance(node, URIRef):
            return self.iri(node)
        if isinstance(node, Literal):
            lex = str(node)
            if node.language:
                return f"{_string(lex)}@{node.language}"
            if node.datatype is None or node.datatype == XSD.string:
                return _string(lex)
            bare = _BARE_DATATYPES.get(node.datatype)
            if bare is not None and bare.match(lex):
                return lex
            return f"{_string(lex)}^^{self.iri(node.datatype)}"
        raise CanonicalFormError(f"unsupported node {node!r}")


def _object_key(node) -> tuple:
    if isinstance(node, Literal):
        return (1, (node.language or "").lower(), str(node.datatype or ""), str(node))
    return (0, "", "", str(node))


def _predicate_key(p: Node) -> tuple:
    return (p != RDF.type, str(p))


def canonical_turtle(source: Path | str | Graph) -> str:
    """The canonical Turtle text of an ontology file (path) or of a graph.

    For a path, the file's leading comment block and its own prefix declarations are kept;
    for a graph, its bound prefixes are offered after the project's `PREFIXES`.
    """
    header: list[str] = []
    extra: dict[str, str] = {}
    if isinstance(source, Graph):
        g = source
        extra = {p: str(ns) for p, ns in g.namespaces() if p}
    else:
        path = Path(source)
        text = path.read_text(encoding="utf-8")
        header = header_comment(text)
        extra = declared_prefixes(text)
        g = parse_file(path)
    prefixes = dict(PREFIXES)
    known = set(PREFIXES.values())
    for p, ns in sorted(extra.items()):
        if p and p not in prefixes and ns not in known:
            prefixes[p] = ns
    return _dumps(g, prefixes, header)


def _dumps(g: Graph, prefixes: dict[str, str], header: Iterable[str]) -> str:
    w = _Writer(prefixes)
    blocks = []
    subjects = sorted(set(g.subjects()), key=lambda s: (isinstance(s, BNode), str(s)))
    for s in subjects:
        preds = sorted(set(g.predicates(s, None)), key=_predicate_key)
        lines = [w.term(s)]
        for i, p in enumerate(preds):
            objs = [w.term(o) for o in sorted(set(g.objects(s, p)), key=_object_key)]
            end = " ." if i == len(preds) - 1 else " ;"
            if p == RDF.type:  # on the subject's line: <subject> a <class>, <class> ;
                lines[0] += f" a {', '.join(objs)}{end}"
            elif len(objs) == 1:
                lines.append(f"    {w.iri(p)} {objs[0]}{end}")
            else:
                lines.append(f"    {w.iri(p)}")
                lines.extend(
                    f"        {o}{' ,' if j < len(objs) - 1 else end}" for j, o in enumerate(objs)
                )
        blocks.append("\n".join(lines) + "\n")
    head = [f"@prefix {p}: <{prefixes[p]}> ." for p in sorted(w.used)]
    parts = []
    if header:
        parts.append("\n".join(header) + "\n")
    parts.append("\n".join(head) + "\n")
    parts.extend(blocks)
    return "\n".join(parts)


def non_canonical(directory: Path) -> list[Path]:
    """The data files of ``directory`` that differ from their canonical form."""
    return [
        p for p in data_files(directory) if p.read_text(encoding="utf-8") != canonical_turtle(p)
    ]


def write_canonical(directory: Path) -> list[Path]:
    """Rewrite every data file of ``directory`` canonically; returns the files changed."""
    from marxkg.atomic import write_text

    changed = []
    for path in data_files(directory):
        text = canonical_turtle(path)
        if path.read_text(encoding="utf-8") != text:
            write_text(path, text)
            changed.append(path)
            log.info("rewrote %s", path)
    return changed
