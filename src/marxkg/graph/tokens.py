"""The token layer (``build/<doc-id>/tokens.ttl``) written straight through Oxigraph.

Tens of thousands of ``nif:Word`` spans make rdflib's in-memory store the slowest part of a
build (about 6 s for this paper's 17k tokens), so this layer is built as pyoxigraph terms
and serialised by Oxigraph in sorted order. `token_ntriples` writes the sorted N-Triples
as text directly (the build turns them into ``tokens.ttl`` and ``tokens.nq.gz``).
"""

from __future__ import annotations

from collections import Counter
from urllib.parse import quote

import pyoxigraph as ox

from marxkg.model import Annotations, Document, EnglishDocument
from marxkg.rdf.namespaces import MKG, NIF, PREFIXES, Iris

XSD_NNI = ox.NamedNode("http://www.w3.org/2001/XMLSchema#nonNegativeInteger")
XSD_INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_P = {
    name: ox.NamedNode(str(NIF[name]))
    for name in (
        "Word",
        "beginIndex",
        "endIndex",
        "anchorOf",
        "referenceContext",
        "posTag",
        "lemma",
        "sentence",
    )
}


def _word(
    out: list[ox.Triple],
    ctx: ox.NamedNode,
    text: str,
    start: int,
    end: int,
    sentence: ox.NamedNode,
    extra: tuple[str, str],
) -> None:
    w = ox.NamedNode(f"{ctx.value}#char={start},{end}")
    out.append(ox.Triple(w, RDF_TYPE, _P["Word"]))
    out.append(ox.Triple(w, _P["beginIndex"], ox.Literal(str(start), datatype=XSD_NNI)))
    out.append(ox.Triple(w, _P["endIndex"], ox.Literal(str(end), datatype=XSD_NNI)))
    out.append(ox.Triple(w, _P["anchorOf"], ox.Literal(text[start:end])))
    out.append(ox.Triple(w, _P["referenceContext"], ctx))
    out.append(ox.Triple(w, _P["sentence"], sentence))
    out.append(ox.Triple(w, _P[extra[0]], ox.Literal(extra[1])))


_M = {
    name: ox.NamedNode(str(MKG[name]))
    for name in ("WordCount", "countedIn", "word", "posTag", "tokenCount")
}


def word_counts(doc: Document, ann: Annotations) -> list[tuple[str, str, int]]:
    """(word, POS tag, number of tokens) of the Chinese tokens of one document, sorted:
    the ``mkg:WordCount`` facts derived from the token layer (a token is counted once per
    distinct span and tag, as ``COUNT(?token)`` over the ``nif:Word`` triples counts it)."""
    spans = {(t.start, t.end, t.pos) for t in ann.tokens}
    counts = Counter((doc.text[b:e], pos) for b, e, pos in spans)
    return sorted((w, p, n) for (w, p), n in counts.items())


def word_count_iri(ctx: str, word: str, pos: str) -> str:
    """``<doc>/words/<pos>/<word>`` (percent-encoded): one document's count of a word."""
    return f"{ctx}/words/{quote(pos, safe='')}/{quote(word, safe='')}"


def token_triples(
    doc: Document, ann: Annotations, iris: Iris, en: EnglishDocument | None = None
) -> list[ox.Triple]:
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
    for word, pos, n in word_counts(doc, ann):
        c = ox.NamedNode(word_count_iri(ctx.value, word, pos))
        out.append(ox.Triple(c, RDF_TYPE, _M["WordCount"]))
        out.append(ox.Triple(c, _M["countedIn"], ctx))
        out.append(ox.Triple(c, _M["word"], ox.Literal(word)))
        out.append(ox.Triple(c, _M["posTag"], ox.Literal(pos)))
        out.append(ox.Triple(c, _M["tokenCount"], ox.Literal(str(n), datatype=XSD_INTEGER)))
    return out


_NT_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def _nt_words(lines: list[str], ctx: str, text: str, spans, sent_iri, key: str) -> None:
    p = {name: f"<{NIF[name]}>" for name in _P}
    rdf_type, nni = f"<{RDF_TYPE.value}>", f"^^<{XSD_NNI.value}>"
    for start, end, sentence, value in spans:
        w = f"<{ctx}#char={start},{end}>"
        lines.append(f"{w} {rdf_type} {p['Word']} .")
        lines.append(f'{w} {p["beginIndex"]} "{start}"{nni} .')
        lines.append(f'{w} {p["endIndex"]} "{end}"{nni} .')
        lines.append(f'{w} {p["anchorOf"]} "{text[start:end].translate(_NT_ESCAPES)}" .')
        lines.append(f"{w} {p['referenceContext']} <{ctx}> .")
        lines.append(f"{w} {p['sentence']} {sent_iri[sentence]} .")
        lines.append(f'{w} {p[key]} "{value.translate(_NT_ESCAPES)}" .')


def _nt_counts(lines: list[str], ctx: str, counts: list[tuple[str, str, int]]) -> None:
    m = {name: f"<{term.value}>" for name, term in _M.items()}
    rdf_type, integer = f"<{RDF_TYPE.value}>", f"^^<{XSD_INTEGER.value}>"
    for word, pos, n in counts:
        c = f"<{word_count_iri(ctx, word, pos)}>"
        lines.append(f"{c} {rdf_type} {m['WordCount']} .")
        lines.append(f"{c} {m['countedIn']} <{ctx}> .")
        lines.append(f'{c} {m["word"]} "{word.translate(_NT_ESCAPES)}" .')
        lines.append(f'{c} {m["posTag"]} "{pos.translate(_NT_ESCAPES)}" .')
        lines.append(f'{c} {m["tokenCount"]} "{n}"{integer} .')


def token_ntriples(
    doc: Document,
    ann: Annotations,
    iris: Iris,
    en=None,
    counts: list[tuple[str, str, int]] | None = None,
) -> bytes:
    """The token layer as sorted, duplicate-free N-Triples (written as text: building a
    term object per token and sorting by ``str`` was a third of a large build);
    ``counts``: the document's `word_counts`, if made already."""
    lines: list[str] = []
    ctx = str(iris.doc(doc.doc_id))
    sents = [f"<{ctx}#char={s.start},{s.end}>" for s in doc.sentences]
    _nt_words(
        lines,
        ctx,
        doc.text,
        ((t.start, t.end, t.sentence, t.pos) for t in ann.tokens),
        sents,
        "posTag",
    )
    if en is not None:
        ectx = str(iris.doc(doc.doc_id, "en"))
        esents = [f"<{ectx}#char={s},{e}>" for s, e, _ in en.sentences]
        _nt_words(
            lines,
            ectx,
            en.text,
            ((t.start, t.end, t.sentence, t.lemma) for t in en.tokens),
            esents,
            "lemma",
        )
    _nt_counts(lines, ctx, word_counts(doc, ann) if counts is None else counts)
    data = "\n".join(sorted(set(lines))).encode("utf-8")
    return data + b"\n" if data else data


def ntriples_to_turtle(nt: bytes) -> bytes:
    """Sorted N-Triples re-serialised as Turtle with the project's prefixes (same order)."""
    import io

    triples = ox.parse(io.BytesIO(nt), format=ox.RdfFormat.N_TRIPLES)
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES) or b""


def dumps_tokens(doc: Document, ann: Annotations, iris: Iris, en=None) -> str:
    return ntriples_to_turtle(token_ntriples(doc, ann, iris, en)).decode("utf-8")


def dumps_tokens_reference(doc: Document, ann: Annotations, iris: Iris, en=None) -> str:
    """The former writer (term objects sorted by ``str``), kept to test `dumps_tokens`."""
    triples = sorted(set(token_triples(doc, ann, iris, en)), key=str)
    data = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES) or b""
    return data.decode("utf-8")
