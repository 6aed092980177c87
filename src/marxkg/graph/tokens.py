"""The token layer (``build/<doc-id>/tokens.ttl``) written straight through Oxigraph.

Tens of thousands of ``nif:Word`` spans make rdflib's in-memory store the slowest part of a
build (about 6 s for this paper's 17k tokens), so this layer is built as pyoxigraph terms
and serialised by Oxigraph in sorted order; it is read back into rdflib by
`marxkg.validate.load_built_graph` like any Turtle file.
"""

from __future__ import annotations

import pyoxigraph as ox

from marxkg.model import Annotations, Document, EnglishDocument
from marxkg.rdf.namespaces import NIF, PREFIXES, Iris

XSD_NNI = ox.NamedNode("http://www.w3.org/2001/XMLSchema#nonNegativeInteger")
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_P = {name: ox.NamedNode(str(NIF[name])) for name in (
    "Word", "beginIndex", "endIndex", "anchorOf", "referenceContext", "posTag", "lemma",
    "sentence")}


def _word(out: list[ox.Triple], ctx: ox.NamedNode, text: str, start: int, end: int,
          sentence: ox.NamedNode, extra: tuple[str, str]) -> None:
    w = ox.NamedNode(f"{ctx.value}#char={start},{end}")
    out.append(ox.Triple(w, RDF_TYPE, _P["Word"]))
    out.append(ox.Triple(w, _P["beginIndex"], ox.Literal(str(start), datatype=XSD_NNI)))
    out.append(ox.Triple(w, _P["endIndex"], ox.Literal(str(end), datatype=XSD_NNI)))
    out.append(ox.Triple(w, _P["anchorOf"], ox.Literal(text[start:end])))
    out.append(ox.Triple(w, _P["referenceContext"], ctx))
    out.append(ox.Triple(w, _P["sentence"], sentence))
    out.append(ox.Triple(w, _P[extra[0]], ox.Literal(extra[1])))


def token_triples(doc: Document, ann: Annotations, iris: Iris,
                  en: EnglishDocument | None = None) -> list[ox.Triple]:
    """nif:Word triples for the Chinese tokens (with nif:posTag) and, if given, the
    English tokens (with nif:lemma)."""
    out: list[ox.Triple] = []
    ctx = ox.NamedNode(str(iris.doc(doc.doc_id)))
    sents = [ox.NamedNode(f"{ctx.value}#char={s.start},{s.end}") for s in doc.sentences]
    for t in ann.tokens:
        _word(out, ctx, doc.text, t.start, t.end, sents[t.sentence], ("posTag", t.pos))
    if en is not None:
        ectx = ox.NamedNode(str(iris.doc(doc.doc_id, "en")))
        esents = [ox.NamedNode(f"{ectx.value}#char={s},{e}") for s, e, _ in en.sentences]
        for et in en.tokens:
            _word(out, ectx, en.text, et.start, et.end, esents[et.sentence], ("lemma", et.lemma))
    return out


def dumps_tokens(doc: Document, ann: Annotations, iris: Iris,
                 en: EnglishDocument | None = None) -> str:
    triples = sorted(set(token_triples(doc, ann, iris, en)), key=str)
    data = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES) or b""
    return data.decode("utf-8")
