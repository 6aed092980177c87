"""Citation tracing: from a Marx page to every place in the corpus that cites it, and from
a concept to every Marx source the corpus cites for it; either within some documents only
(``docs``: doc-ids).

Pure functions over an `Engine` (a pyoxigraph store or a SPARQL endpoint): references are
parsed here, values reach the SPARQL text only through validated ``VALUES`` blocks, and
the answers come back as dataclasses (`PageTrace`, `ConceptTrace`) that
`marxkg.query.trace_format.dumps_trace` renders as JSON or text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from marxkg.citations.pageref import PageRef, PageRefError, parse_page_ref
from marxkg.query.documents import check_documents
from marxkg.query.packaged import trace_query
from marxkg.query.results import QueryError, Results, Term
from marxkg.query.sparql import inject_values
from marxkg.vocab import slug

TraceError = PageRefError  # a reference or concept that cannot be read (not an empty answer)


@dataclass
class Concept:
    iri: str
    zh: str | None = None
    en: str | None = None

    @property
    def slug(self) -> str:
        return slug(self.iri)


@dataclass
class Identification:
    work: str | None = None
    work_zh: str | None = None
    work_en: str | None = None
    location_zh: str | None = None
    location_en: str | None = None
    confidence: str | None = None


@dataclass
class TracedPassage:
    iri: str
    page: str  # "487" or "727-728"
    label: str | None = None
    identification: Identification | None = None


@dataclass
class TracedNote:
    iri: str
    number: int
    label: str
    group: int
    text_zh: str | None = None
    text_en: str | None = None


@dataclass
class Citing:
    """One place that cites a passage."""

    citation: str
    characterization: str | None
    footnote: TracedNote
    sentence: str
    begin: int
    zh: str
    en: str | None = None
    section: str | None = None
    quotation: str | None = None
    concepts: list[Concept] = field(default_factory=list)
    doc_id: str | None = None  # the citing document
    doc_title: str | None = None


@dataclass
class PassageTrace:
    passage: TracedPassage
    citations: list[Citing] = field(default_factory=list)
    via: list[str] = field(default_factory=list)  # concept traces: mention, dcterms:source


@dataclass
class PageTrace:
    ref: str
    label: str
    passages: list[PassageTrace] = field(default_factory=list)
    cited_pages_of_volume: list[str] = field(default_factory=list)  # by the whole corpus
    docs: list[str] = field(default_factory=list)  # the documents traced ([]: all)

    @property
    def found(self) -> bool:
        return bool(self.passages)


@dataclass
class ConceptTrace:
    concept: Concept
    passages: list[PassageTrace] = field(default_factory=list)
    docs: list[str] = field(default_factory=list)  # the documents traced ([]: all)

    @property
    def found(self) -> bool:
        return bool(self.passages)


def _v(row: dict[str, Term], key: str) -> str | None:
    t = row.get(key)
    return t.value if t is not None else None


def _r(row: dict[str, Term], key: str) -> str:
    """A variable the query always binds (its pattern is not OPTIONAL)."""
    t = row.get(key)
    if t is None:
        raise QueryError(f"the trace query left ?{key} unbound")
    return t.value


def _select(engine, query: str, bindings: dict[str, list[Term]]) -> Results:
    return engine.select(inject_values(query, bindings))


def _page(start: str, end: str) -> str:
    return start if start == end else f"{start}-{end}"


def _int(text: str | None) -> int | None:
    return int(text) if text is not None and text.strip().isdigit() else None


def _identification(row: dict[str, Term]) -> Identification | None:
    if "work" not in row and "confidence" not in row and "locationZh" not in row:
        return None
    return Identification(
        _v(row, "work"),
        _v(row, "workZh"),
        _v(row, "workEn"),
        _v(row, "locationZh"),
        _v(row, "locationEn"),
        _v(row, "confidence"),
    )


def _citations(engine, passages: list[str]) -> dict[str, list[Citing]]:
    """The places citing each passage, with the concepts of each citing sentence."""
    if not passages:
        return {}
    res = _select(engine, trace_query("citations"), {"passage": [Term.iri(p) for p in passages]})
    out: dict[str, list[Citing]] = {p: [] for p in passages}
    seen: set[tuple[str, str]] = set()
    for row in res.rows:
        key = (_r(row, "passage"), _r(row, "citation"))
        if key in seen:  # a second label or translation of the same thing
            continue
        seen.add(key)
        note = _v(row, "note") or ""
        footnote = TracedNote(
            note,
            _int(slug(note)) or 0,
            _v(row, "noteLabel") or "",
            _int(_v(row, "group")) or 0,
            _v(row, "noteZh"),
            _v(row, "noteEn"),
        )
        char = _v(row, "characterization")
        out[key[0]].append(
            Citing(
                key[1],
                slug(char) if char else None,
                footnote,
                _r(row, "sentence"),
                _int(_v(row, "begin")) or 0,
                _v(row, "zh") or "",
                _v(row, "en"),
                _v(row, "section"),
                _v(row, "quotation"),
                doc_id=_v(row, "docId"),
                doc_title=_v(row, "docTitle"),
            )
        )
    sentences = sorted({c.sentence for cs in out.values() for c in cs})
    concepts = sentence_concepts(engine, sentences)
    for cs in out.values():
        for c in cs:
            c.concepts = concepts.get(c.sentence, [])
    return out


def sentence_concepts(engine, sentences: list[str]) -> dict[str, list[Concept]]:
    """Concepts mentioned in each sentence, in order of first mention."""
    if not sentences:
        return {}
    res = _select(
        engine, trace_query("sentence-concepts"), {"sentence": [Term.iri(s) for s in sentences]}
    )
    out: dict[str, list[Concept]] = {}
    for row in res.rows:
        out.setdefault(_r(row, "sentence"), []).append(
            Concept(_r(row, "concept"), _v(row, "zh"), _v(row, "en"))
        )
    return out


def _documents(engine, docs: Sequence[str]) -> list[str]:
    """``docs`` checked against the corpus's documents (`check_documents`)."""
    if not docs:
        return []
    contexts = [_r(row, "ctx") for row in engine.select(trace_query("documents")).rows]
    return check_documents(docs, contexts)


def _in(citations: list[Citing], docs: list[str]) -> list[Citing]:
    return [c for c in citations if c.doc_id in docs] if docs else citations


def trace_pages(engine, ref: PageRef | str, docs: Sequence[str] = ()) -> PageTrace:
    """Every place in the corpus citing the given pages (a cited range that overlaps a
    requested page counts: 文集5:728 finds the citation of pp. 727-728); with ``docs``,
    the places in those documents only (and only the passages they cite)."""
    wanted = _documents(engine, docs)
    ref = parse_page_ref(ref) if isinstance(ref, str) else ref
    res = _select(
        engine,
        trace_query("passages"),
        {
            "edition": [Term.literal(e) for e in ref.editions],
            "number": [Term.literal(str(ref.volume))],
            "part": [Term.literal(ref.part or "")],
        },
    )
    trace = PageTrace(ref.short(), ref.label(), docs=wanted)
    hits = []
    for row in res.rows:
        start, end = _r(row, "start"), _r(row, "end")
        trace.cited_pages_of_volume.append(_page(start, end))
        a, b = _int(start), _int(end)
        if a is None or b is None:
            continue
        if any(a <= hi and b >= lo for lo, hi in ref.ranges):
            iri = _v(row, "passage") or ""
            label = _v(row, "passageLabel") or (  # a passage the ontology does not describe
                f"{replace(ref, ranges=((a, b),)).label()} "
                f"[{iri.split('/edition/')[-1].split('/')[0]}]"
                if ref.title
                else None
            )
            hits.append(TracedPassage(iri, _page(start, end), label))
    citing = _citations(engine, [p.iri for p in hits])
    info = passage_info(engine, [p.iri for p in hits])
    for p in hits:
        rows = _in(citing.get(p.iri, []), wanted)
        if wanted and not rows:
            continue
        if p.iri in info:
            p.identification = info[p.iri].identification
        if p.identification is None and (ident := registry_identification(p.iri)):
            p.identification = _with_labels(engine, ident)
        trace.passages.append(PassageTrace(p, rows))
    return trace


def _with_labels(engine, ident: Identification) -> Identification:
    """The work's Chinese and English labels from the graph, where it has them."""
    if ident.work is None:
        return ident
    res = _select(engine, trace_query("work-labels"), {"work": [Term.iri(ident.work)]})
    for row in res.rows:
        ident.work_zh = ident.work_zh or _v(row, "workZh")
        ident.work_en = ident.work_en or _v(row, "workEn")
    return ident


def registry_identification(passage_iri: str) -> Identification | None:
    """The work of a passage's volume from the edition registry (``contents:``), with the
    registry's confidence, when the ontology identifies no work for the passage itself
    and the volume holds exactly one work."""
    from marxkg.citations.editions import EditionError, load_registry

    m = re.search(r"/edition/([^/]+)/vol/([^/.]+)(?:\.\d+)?/p/", passage_iri)
    if not m:
        return None
    try:
        ed = load_registry().editions.get(m.group(1))
    except EditionError:
        return None
    contents = ed.contents.get(m.group(2)) if ed else None
    if contents is None or len(contents.works) != 1:
        return None
    work = contents.works[0]
    base = passage_iri.split("/edition/")[0]
    return Identification(work=f"{base}/work/{work}", confidence=contents.confidence)


def passage_info(engine, passages: list[str]) -> dict[str, TracedPassage]:
    if not passages:
        return {}
    res = _select(engine, trace_query("passage-info"), {"passage": [Term.iri(p) for p in passages]})
    out: dict[str, TracedPassage] = {}
    for row in res.rows:
        iri = _r(row, "passage")
        if iri not in out:
            out[iri] = TracedPassage(
                iri,
                _page(_r(row, "start"), _r(row, "end")),
                _v(row, "passageLabel"),
                _identification(row),
            )
    return out


def find_concept(engine, key: str) -> Concept:
    """A concept by slug (``fixed-capital``), IRI, or any of its labels (``固定资本``)."""
    key = key.strip()
    if not key:
        raise TraceError("empty concept")
    res = _select(engine, trace_query("find-concept"), {"key": [Term.literal(key)]})
    found: dict[str, Concept] = {}
    for row in res.rows:
        found.setdefault(
            _r(row, "concept"), Concept(_r(row, "concept"), _v(row, "zh"), _v(row, "en"))
        )
    if not found:
        raise TraceError(
            f"unknown concept {key!r}: give a slug (fixed-capital), an IRI or a "
            "label (固定资本); `marxkg query dimension-concepts` lists them"
        )
    if len(found) > 1:
        names = ", ".join(c.slug for c in found.values())
        raise TraceError(f"{key!r} names several concepts ({names}): give the slug")
    return next(iter(found.values()))


def trace_concept(engine, key: str, docs: Sequence[str] = ()) -> ConceptTrace:
    """Every Marx page the corpus cites for a concept: pages cited by sentences that
    mention it, and the concept's own ``dcterms:source``; with ``docs``, the pages cited
    by those documents' sentences (and the concept's own sources, which belong to no
    document)."""
    wanted = _documents(engine, docs)
    concept = find_concept(engine, key)
    res = _select(engine, trace_query("concept-sources"), {"concept": [Term.iri(concept.iri)]})
    via: dict[str, set[str]] = {}
    mentioning: dict[str, set[str]] = {}  # passage -> citing sentences mentioning the concept
    for row in res.rows:
        p = _r(row, "passage")
        via.setdefault(p, set()).add(_r(row, "via"))
        sentence = _v(row, "sentence")
        if sentence:
            mentioning.setdefault(p, set()).add(sentence)
    info = passage_info(engine, sorted(via))
    citing = _citations(engine, sorted(mentioning))
    trace = ConceptTrace(concept, docs=wanted)
    for iri, passage in info.items():  # passage-info.rq's order: collection, volume, page
        rows = [c for c in citing.get(iri, []) if c.sentence in mentioning.get(iri, set())]
        rows, ways = _in(rows, wanted), sorted(via[iri])
        if wanted and not rows:
            if "dcterms:source" not in ways:
                continue
            ways = ["dcterms:source"]
        trace.passages.append(PassageTrace(passage, rows, ways))
    return trace
