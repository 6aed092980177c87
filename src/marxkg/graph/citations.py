"""Footnotes, cited references (Marx editions and other works) and CiTO citations."""

from __future__ import annotations

import hashlib

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD
from rdflib.term import Node

from marxkg.graph.text import ZH, offset
from marxkg.model import Document, Reference
from marxkg.rdf.namespaces import BIBO, CITO, FABIO, MKG, NIF, Iris
from marxkg.vocab import passage_path, ref_editions, volume_path

FABIO_TYPES = {
    "book": FABIO.Book,
    "translated-book": FABIO.Book,
    "journal-article": FABIO.JournalArticle,
    "newspaper": FABIO.NewspaperArticle,
    "report": FABIO.ReportDocument,
    "web-page": FABIO.WebPage,
    "other": FABIO.Expression,
}
CONTAINER_TYPES = {"journal-article": FABIO.Journal, "newspaper": FABIO.Newspaper}


def _lit(text: str, ref: Reference) -> Literal:
    return Literal(text, lang=ref.language)


def _described_works(ref: Reference, edition: str) -> list[str]:
    """The registry's works of this volume that ontology/marx-works.ttl describes (a
    work only named in the registry's ``works:`` list has no mkg:MarxWork resource)."""
    from marxkg.citations.editions import EditionError, load_registry

    try:
        registry = load_registry()
    except EditionError:
        return []
    ed = registry.editions.get(edition)
    contents = ed.contents.get(ref.volume or "") if ed else None
    return [w for w in contents.works if w not in registry.works] if contents else []


def _add_volume(g: Graph, ref: Reference, iris: Iris, edition: str) -> URIRef:
    """One registry volume (or split-volume part) and the cited page ranges in it."""
    coll = iris.edition(edition)
    vol = iris.edition(volume_path(ref, edition))
    lang = ZH if ref.language == "zh-Hans" else ref.language
    g.add((coll, RDF.type, MKG.MarxCollection))
    g.add((coll, DCTERMS.title, Literal(ref.collection, lang=lang)))
    g.add((vol, RDF.type, MKG.CollectionVolume))
    g.add((vol, BIBO.volume, Literal(ref.volume)))
    if ref.part:
        g.add((vol, MKG.volumePart, Literal(ref.part)))
    g.add((vol, DCTERMS.isPartOf, coll))
    if ref.publisher:
        g.add((vol, DCTERMS.publisher, Literal(ref.publisher, lang=lang)))
    if ref.year:
        g.add((vol, DCTERMS.issued, Literal(ref.year, datatype=XSD.gYear)))
    for work in _described_works(ref, edition):
        # the works of ontology/marx-works.ttl (rebased with the data)
        g.add((vol, MKG.containsWork, URIRef(f"{iris.base}work/{work}")))
    for k, page in enumerate(ref.pages):
        p = iris.edition(passage_path(ref, k, edition))
        g.add((p, RDF.type, MKG.CitedPassage))
        g.add((p, BIBO.pageStart, Literal(page.start)))
        g.add((p, BIBO.pageEnd, Literal(page.end)))
        g.add((p, DCTERMS.isPartOf, vol))
    return vol


def add_reference(g: Graph, ref: Reference, iris: Iris) -> URIRef:
    """Add a cited work: Marx collection/volume/pages, or a `/ref/<key>` resource."""
    if ref.kind == "marx":
        vols = [_add_volume(g, ref, iris, edition) for edition in ref_editions(ref)]
        return vols[-1]
    r = iris.ref(ref.key)
    g.add((r, RDF.type, FABIO_TYPES.get(ref.kind, FABIO.Expression)))
    g.add((r, MKG.referenceKind, Literal(ref.kind)))
    if ref.title:
        g.add((r, DCTERMS.title, _lit(ref.title, ref)))
    for a in ref.authors:
        person = iris.person(hashlib.sha1(a.name.encode()).hexdigest()[:10])
        g.add((r, DCTERMS.creator, person))
        g.add((person, RDF.type, PROV.Agent))
        g.add((person, RDFS.label, _lit(a.name, ref)))
        if a.nationality:
            g.add((person, MKG.nationality, Literal(a.nationality, lang=ZH)))
    for t in ref.translators:
        g.add((r, BIBO.translator, Literal(t, lang=ZH)))
    if ref.date:
        g.add((r, DCTERMS.issued, Literal(ref.date, datatype=XSD.date)))
    elif ref.year:
        g.add((r, DCTERMS.issued, Literal(ref.year, datatype=XSD.gYear)))
    if ref.publisher:
        g.add((r, DCTERMS.publisher, Literal(ref.publisher, lang=ZH)))
    if ref.place:
        g.add((r, MKG.publicationPlace, Literal(ref.place, lang=ZH)))
    if ref.journal:
        container = iris.ref("container-" + hashlib.sha1(ref.journal.encode()).hexdigest()[:8])
        g.add((container, RDF.type, CONTAINER_TYPES.get(ref.kind, FABIO.Periodical)))
        g.add((container, DCTERMS.title, Literal(ref.journal, lang=ZH)))
        g.add((r, DCTERMS.isPartOf, container))
    if ref.issue:
        g.add((r, BIBO.issue, Literal(ref.issue)))
    if ref.url:
        g.add((r, FABIO.hasURL, Literal(ref.url, datatype=XSD.anyURI)))
        g.add((r, BIBO.uri, Literal(ref.url, datatype=XSD.anyURI)))
    return r


def add_citations(g: Graph, doc: Document, iris: Iris) -> None:
    """Footnotes, their references and one `cito:Citation` per cited item."""
    d = doc.doc_id
    ctx = iris.doc(d)
    for note in doc.footnotes:
        n = iris.note(d, note.n)
        g.add((n, RDF.type, MKG.Footnote))
        g.add((n, MKG.label, Literal(note.label)))
        g.add((n, MKG.noteGroup, Literal(note.group, datatype=XSD.integer)))
        g.add((n, RDF.value, Literal(note.text, lang=doc.language)))
        if note.text_en:
            g.add((n, RDF.value, Literal(note.text_en, lang="en")))
        g.add((n, DCTERMS.isPartOf, ctx))
        if note.markers:  # cited by several markers (a 参考文献 entry): its first one
            g.add((n, MKG.anchorOffset, offset(min(doc.markers[m].offset for m in note.markers))))
        for ref in note.references:
            if ref.kind in ("note", "ibid"):  # an explanatory note; a 同上 with nothing before
                continue
            add_reference(g, ref, iris)
            if ref.pages_printed:
                g.add((n, MKG.pages, Literal(ref.pages_printed, lang=ZH)))
    counters: dict[int, int] = {}
    for c in doc.citations:
        note = doc.footnotes[c.footnote - 1]
        ref = note.references[c.reference]
        k = counters[c.footnote] = counters.get(c.footnote, 0) + 1
        cit = iris.citation(d, c.footnote, k)
        sentence = doc.sentences[c.sentence]
        g.add((cit, RDF.type, CITO.Citation))
        g.add((cit, CITO.hasCitingEntity, iris.span(d, sentence.start, sentence.end)))
        for cited in iris.cited_entities(ref, c.page):
            g.add((cit, CITO.hasCitedEntity, cited))
        g.add((cit, CITO.hasCitationCharacterization, CITO[c.characterization]))
        g.add((cit, MKG.footnote, iris.note(d, c.footnote)))
        if c.quotation is not None:
            q = doc.quotations[c.quotation]
            g.add((cit, MKG.quotation, iris.span(d, q.start, q.end)))
    for ref in doc.bibliography:
        g.add((ctx, DCTERMS.references, add_reference(g, ref, iris)))
    for k, ex in enumerate(doc.excluded, start=1):
        e = iris.excluded(d, k)
        g.add((e, RDF.type, MKG.ExcludedFragment))
        g.add((e, MKG.excludedFrom, ctx))
        g.add((e, RDFS.comment, Literal(ex.reason, lang="en")))
        g.add(
            (
                e,
                DCTERMS.description,
                Literal(
                    f"source lines {ex.source_lines[0]}-{ex.source_lines[1]}, "
                    f"{ex.chars} characters: {ex.head}…{ex.tail}",
                    lang=ZH,
                ),
            )
        )


def add_section_counts(g: Graph, doc: Document, iris: Iris) -> None:
    """Derived: per section, the citations, citations of Marx and footnotes of the
    document whose citing sentence starts within the section's range (a part's counts
    include its subsections): ``mkg:citationCount``, ``mkg:marxCitationCount``,
    ``mkg:footnoteCount``. Read from the document's own graph (after `add_citations`):
    a citation counts if it has a citing sentence of this document and a footnote; it is
    a citation of Marx if an entity it cites is a cited page range or a collection volume
    (as the query ``citations-per-section`` counted them)."""
    ctx = iris.doc(doc.doc_id)
    marx_types = {MKG.CitedPassage, MKG.CollectionVolume}
    cited: list[tuple[int, Node, Node, bool]] = []  # (begin, citation, note, of Marx)
    for cit, sentence in g.subject_objects(CITO.hasCitingEntity):
        if (sentence, NIF.referenceContext, ctx) not in g:
            continue
        marx = any(
            t in marx_types
            for item in g.objects(cit, CITO.hasCitedEntity)
            for t in g.objects(item, RDF.type)
        )
        for begin in g.objects(sentence, NIF.beginIndex):
            for note in g.objects(cit, MKG.footnote):
                cited.append((int(str(begin)), cit, note, marx))
    for sec in doc.sections:
        inside = [c for c in cited if sec.start <= c[0] < sec.end]
        siri = iris.section(doc.doc_id, sec.id)
        g.add((siri, MKG.citationCount, Literal(len({c[1] for c in inside}))))
        g.add((siri, MKG.marxCitationCount, Literal(len({c[1] for c in inside if c[3]}))))
        g.add((siri, MKG.footnoteCount, Literal(len({c[2] for c in inside}))))
