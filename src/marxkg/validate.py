"""``marxkg validate``: SHACL (pySHACL) over the built graph, plus data checks, per document.

By default SHACL runs on the graph without the token layer (the ontology, the build
record and every document: what ``graph.ttl`` holds), and the token layer gets fast checks
over the store instead, one document at a time (each ``nif:Word`` has its offsets, its
text, its context and its sentence; its text equals ``isString[begin:end]``). ``full``
runs SHACL over the token layer too (minutes per paper).

Data checks that SHACL cannot express conveniently:
- every NIF span's ``nif:anchorOf`` equals ``isString[begin:end]`` of its context;
- the report lists no unresolved items.

Results name their document where they have one (``<doc-id>: ...``).
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import Graph

from marxkg import paths
from marxkg.ontology import load_shapes
from marxkg.rdf.namespaces import NIF
from marxkg.vocab import CITO as CITO_NS
from marxkg.vocab import DCTERMS as DCTERMS_NS
from marxkg.vocab import ITSRDF as ITSRDF_NS
from marxkg.vocab import MKG as MKG_NS
from marxkg.vocab import NIF as NIF_NS

MAX_MESSAGES = 50


@dataclass
class ValidationResult:
    ok: bool = True
    violations: int = 0
    messages: list[str] = field(default_factory=list)
    per_document: dict[str, int] = field(default_factory=dict)  # doc id -> violations

    def fail(self, message: str, doc_id: str | None = None) -> None:
        self.ok = False
        self.violations += 1
        if doc_id is not None:
            self.per_document[doc_id] = self.per_document.get(doc_id, 0) + 1
        if self.violations <= MAX_MESSAGES:
            self.messages.append(message)


def _rdflib(reader: Any, tokens: bool) -> Graph:
    import pyoxigraph as ox

    triples = reader.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", tokens)
    nt = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
    g = Graph()
    g.parse(io.BytesIO(nt), format="nt")
    return g


def load_built_graph(out: Path, with_tokens: bool = True) -> Graph:
    """The built graph (and the token layer) as an rdflib graph, read from the store."""
    from marxkg.store import BuildMissing, open_build

    try:
        reader = open_build(out)
    except BuildMissing as exc:
        raise FileNotFoundError(str(exc)) from exc
    return _rdflib(reader, with_tokens)


def check_spans(g: Graph) -> list[str]:
    """Every NIF span must satisfy ``isString[begin:end] == anchorOf``."""
    contexts: dict[Any, str] = {c: str(s) for c, s in g.subject_objects(NIF.isString)}
    errors = []
    for span, anchor in g.subject_objects(NIF.anchorOf):
        ctx = g.value(span, NIF.referenceContext)
        b, e = g.value(span, NIF.beginIndex), g.value(span, NIF.endIndex)
        if ctx not in contexts or b is None or e is None:
            errors.append(f"{span}: span without context or offsets")
            continue
        if contexts[ctx][int(str(b)) : int(str(e))] != str(anchor):
            errors.append(f"{span}: anchorOf {str(anchor)[:20]!r} != isString[{b}:{e}]")
    return errors


def validate_graph(g: Graph, shapes: Graph) -> tuple[bool, str]:
    from pyshacl import validate

    conforms, _, text = validate(
        g, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True
    )
    return bool(conforms), str(text)


_NIF = NIF_NS  # the NIF namespace IRI (marxkg.vocab)
TOKEN_QUERY = f"""
SELECT ?w ?b ?e ?a ?c ?s WHERE {{
  GRAPH <{{graph}}> {{ ?w a <{_NIF}Word> }}
  OPTIONAL {{ ?w <{_NIF}beginIndex> ?b }}
  OPTIONAL {{ ?w <{_NIF}endIndex> ?e }}
  OPTIONAL {{ ?w <{_NIF}anchorOf> ?a }}
  OPTIONAL {{ ?w <{_NIF}referenceContext> ?c }}
  OPTIONAL {{ ?w <{_NIF}sentence> ?s }}
}}"""
CONTEXT_QUERY = f"SELECT ?c ?text WHERE {{ ?c <{_NIF}isString> ?text }}"
_MKG = MKG_NS
#: The word counts (mkg:WordCount, derived at build time) of one token graph, and the
#: counts of its tokens by word and tag: the two must agree.
WORD_COUNT_QUERY = f"""
SELECT ?word ?pos ?n WHERE {{
  GRAPH <{{graph}}> {{ ?wc a <{_MKG}WordCount> ; <{_MKG}word> ?word ; <{_MKG}posTag> ?pos ;
                       <{_MKG}tokenCount> ?n }}
}}"""
TOKEN_COUNT_QUERY = f"""
SELECT ?word ?pos (COUNT(?w) AS ?n) WHERE {{
  GRAPH <{{graph}}> {{ ?w a <{_NIF}Word> ; <{_NIF}posTag> ?pos }}
  ?w <{_NIF}anchorOf> ?word .
}} GROUP BY ?word ?pos"""


_ITS = ITSRDF_NS
_DCT = DCTERMS_NS
_CITO = CITO_NS
#: Sentences whose derived facts (mkg:mentionsConcept, mkg:inSection) disagree with the
#: mentions and the structure they are derived from.
DERIVED_QUERY = f"""
SELECT ?value ?reason WHERE {{
  {{
    # MINUS (one anti-join by hashing): FILTER NOT EXISTS took 20 s on 1,000 papers
    {{ ?value <{_MKG}mentionsConcept> ?c . }}
    MINUS {{ ?m <{_NIF}sentence> ?value ; <{_ITS}taIdentRef> ?c . }}
    BIND(CONCAT("mkg:mentionsConcept <", STR(?c), "> without a mention") AS ?reason)
  }} UNION {{
    ?m <{_ITS}taIdentRef> ?c ; <{_NIF}sentence> ?value .
    FILTER NOT EXISTS {{ ?value <{_MKG}translationOf> ?source }}
    FILTER NOT EXISTS {{ ?value <{_MKG}mentionsConcept> ?c }}
    BIND(CONCAT("a mention of <", STR(?c), "> but no mkg:mentionsConcept") AS ?reason)
  }} UNION {{
    ?value <{_MKG}inSection> ?sec .
    FILTER NOT EXISTS {{
      ?value <{_NIF}superString> ?block .
      {{ ?sec <{_DCT}hasPart> ?block }} UNION {{ ?sec <{_MKG}heading> ?block }}
    }}
    BIND(CONCAT("mkg:inSection <", STR(?sec), "> but its block is not in that section")
         AS ?reason)
  }} UNION {{
    ?value <{_NIF}superString> ?block .
    {{ ?sec <{_DCT}hasPart> ?block }} UNION {{ ?sec <{_MKG}heading> ?block }}
    ?sec a <{_MKG}Section> .
    FILTER NOT EXISTS {{ ?value <{_MKG}inSection> ?sec }}
    BIND(CONCAT("its block is in section <", STR(?sec), "> but no mkg:inSection") AS ?reason)
  }}
}}"""
#: Each section's derived counts beside the counts of its document's citations whose
#: citing sentence starts in the section's range.
SECTION_COUNT_QUERY = f"""
SELECT ?sec ?stated ?statedMarx ?statedNotes (COUNT(DISTINCT ?citation) AS ?n)
       (COUNT(DISTINCT ?marxCitation) AS ?marx) (COUNT(DISTINCT ?note) AS ?notes)
WHERE {{
  ?sec a <{_MKG}Section> ; <{_NIF}beginIndex> ?sb ; <{_NIF}endIndex> ?se ;
       <{_DCT}isPartOf>+ ?doc .
  ?doc a <{_NIF}Context> .
  OPTIONAL {{ ?sec <{_MKG}citationCount> ?stated }}
  OPTIONAL {{ ?sec <{_MKG}marxCitationCount> ?statedMarx }}
  OPTIONAL {{ ?sec <{_MKG}footnoteCount> ?statedNotes }}
  OPTIONAL {{
    ?citation <{_CITO}hasCitingEntity> ?sentence ; <{_MKG}footnote> ?note .
    ?sentence <{_NIF}referenceContext> ?doc ; <{_NIF}beginIndex> ?begin .
    FILTER(?begin >= ?sb && ?begin < ?se)
    OPTIONAL {{
      ?citation <{_CITO}hasCitedEntity> ?item .
      ?item a ?type .
      FILTER(?type IN (<{_MKG}CitedPassage>, <{_MKG}CollectionVolume>))
      BIND(?citation AS ?marxCitation)
    }}
  }}
}} GROUP BY ?sec ?stated ?statedMarx ?statedNotes"""


def check_derived(reader: Any) -> list[str]:
    """The facts the build derives for the queries against their sources, over the store
    (SHACL-SPARQL in pySHACL took about a second per paper): a sentence's concepts and
    section, a section's counts of citations, citations of Marx and footnotes."""
    errors = [
        f"{r['value'].value}: {r['reason'].value}" for r in reader.query(DERIVED_QUERY, False)
    ]
    for r in reader.query(SECTION_COUNT_QUERY, False):
        for stated, actual, what in (
            ("stated", "n", "mkg:citationCount"),
            ("statedMarx", "marx", "mkg:marxCitationCount"),
            ("statedNotes", "notes", "mkg:footnoteCount"),
        ):
            got = None if r[stated] is None else int(r[stated].value)
            if got != int(r[actual].value):
                errors.append(f"{r['sec'].value}: {what} {got}, but {r[actual].value} counted")
    return sorted(errors)


def check_word_counts(reader: Any, doc_id: str) -> list[str]:
    """The document's mkg:WordCount nodes against its tokens (word, tag, number)."""
    from marxkg.store import graph_iri

    graph = graph_iri(reader.base, "tokens", doc_id)

    def counts(query: str) -> dict[tuple[str, str], int]:
        rows = reader.query(query.replace("{graph}", graph), True)
        return {(r["word"].value, r["pos"].value): int(r["n"].value) for r in rows}

    stated, actual = counts(WORD_COUNT_QUERY), counts(TOKEN_COUNT_QUERY)
    return [
        f"{doc_id}: word count of {w!r}/{p}: {stated.get((w, p), 0)} stated, "
        f"{actual.get((w, p), 0)} tokens"
        for w, p in sorted(set(stated) | set(actual))
        if stated.get((w, p)) != actual.get((w, p))
    ]


def check_tokens(reader: Any, doc_id: str) -> tuple[int, list[str]]:
    """Fast checks of one document's token layer over the store: (words, errors)."""
    from marxkg.store import graph_iri

    texts = {str(r["c"].value): str(r["text"].value) for r in reader.query(CONTEXT_QUERY, False)}
    query = TOKEN_QUERY.replace("{graph}", graph_iri(reader.base, "tokens", doc_id))
    errors: list[str] = []
    words = 0
    for row in reader.query(query, True):
        words += 1
        w = row["w"].value
        missing = [k for k in ("b", "e", "a", "c", "s") if row[k] is None]
        if missing:
            errors.append(
                f"{doc_id}: {w}: a nif:Word without "
                + ", ".join(
                    {
                        "b": "beginIndex",
                        "e": "endIndex",
                        "a": "anchorOf",
                        "c": "referenceContext",
                        "s": "sentence",
                    }[k]
                    for k in missing
                )
            )
            continue
        text = texts.get(row["c"].value)
        b, e = int(row["b"].value), int(row["e"].value)
        if text is None:
            errors.append(f"{doc_id}: {w}: context {row['c'].value} has no nif:isString")
        elif text[b:e] != row["a"].value:
            errors.append(f"{doc_id}: {w}: anchorOf {row['a'].value[:20]!r} != isString[{b}:{e}]")
    return words, errors


def _doc_of(message: str, doc_ids: list[str], base: str) -> str | None:
    for d in doc_ids:
        if f"{base}doc/{d}/" in message or f"{base}doc/{d}#" in message:
            return d
    return None


def _report_derived(result: ValidationResult, reader: Any) -> None:
    derived = check_derived(reader)
    for err in derived:
        result.fail(err, _doc_of(err, reader.doc_ids, reader.base))
    if not derived:
        result.messages.append("derived facts: agree with the mentions, structure and citations")


def validate_build(
    out: Path, ontology: Path, full: bool = False, progress: Callable[[str], None] | None = None
) -> ValidationResult:
    """Validate a build (see the module docstring); ``full``: SHACL over the tokens too."""
    from marxkg.store import BuildMissing, open_build

    say = progress or (lambda _m: None)
    result = ValidationResult()
    try:
        reader = open_build(out)
    except BuildMissing as exc:
        result.fail(str(exc))
        return result
    say("SHACL over the graph" + (" and the token layer" if full else ""))
    g = _rdflib(reader, full)
    conforms, text = validate_graph(g, load_shapes(ontology))
    if not conforms:
        result.fail("SHACL: the graph does not conform:\n" + text[:20000])
        for block in text.split("Constraint Violation")[1:]:
            doc = _doc_of(block, reader.doc_ids, reader.base)
            if doc:
                result.per_document[doc] = result.per_document.get(doc, 0) + 1
    else:
        result.messages.append(
            f"SHACL: conforms ({len(g)} triples"
            + (", token layer included)" if full else "; token layer: fast checks below)")
        )
    errors = check_spans(g)
    for err in errors:
        result.fail(err, _doc_of(err, reader.doc_ids, reader.base))
    if not errors:
        spans = len(set(g.subjects(NIF.anchorOf)))
        result.messages.append(f"NIF: all {spans} spans match their context string")
    del g
    say("derived facts (concepts and sections of sentences, counts of sections)")
    _report_derived(result, reader)
    if not full:
        for k, doc_id in enumerate(reader.doc_ids, start=1):
            say(f"[{k}/{len(reader.doc_ids)}] token layer of {doc_id}")
            words, token_errors = check_tokens(reader, doc_id)
            token_errors += check_word_counts(reader, doc_id)
            for err in token_errors:
                result.fail(err, doc_id)
            if not token_errors:
                result.messages.append(
                    f"{doc_id}: token layer: {words} words checked, word counts agree"
                )
    report = Path(out) / paths.BUILD_FILES["report"]
    if report.exists():
        data = json.loads(report.read_text(encoding="utf-8"))
        for doc in data.get("documents", []):
            for item in doc.get("unresolved", []):
                result.fail(
                    f"{doc['doc_id']}: unresolved {item['kind']}: {item['message']}", doc["doc_id"]
                )
    return result
