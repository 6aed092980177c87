"""``build/<doc-id>/tei.xml``: the paper as TEI P5, with sentences, tokens and concepts.

``text/front`` holds the title page, abstract and keywords; ``text/body`` the introduction
and the parts (``div type="part" n="一"``) with their sections (``div type="section"``).
Blocks are ``<head>``/``<p>``, sentences ``<s xml:id="s-N">`` (N 1-based), tokens
``<w pos="jieba tag">``, concept mentions ``<term ref="concept IRI">`` around exactly their
``<w>``s; whitespace between tokens stays text, so an ``<s>`` without its notes is the
sentence. Footnotes are ``<note place="foot">`` at their marker, with a ``<listBibl>`` of
the structured references. Mixed content (``p``, ``head``, ``s``) is never indented.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from pathlib import Path

from lxml import etree

from marxkg import __version__
from marxkg.atomic import write_text
from marxkg.export import ExportContext
from marxkg.model import Annotations, Document, Footnote, Reference
from marxkg.vocab import passage_path, ref_editions, volume_path

log = logging.getLogger(__name__)

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ZH = "zh-Hans"
CC_BY = "https://creativecommons.org/licenses/by/4.0/"
PROJECT = "marxkg project"
# Elements whose children are indented; everything else is written as is (mixed content).
_INDENTED = {
    "TEI",
    "teiHeader",
    "fileDesc",
    "titleStmt",
    "publicationStmt",
    "availability",
    "sourceDesc",
    "encodingDesc",
    "appInfo",
    "editorialDecl",
    "profileDesc",
    "langUsage",
    "textClass",
    "keywords",
    "text",
    "front",
    "titlePage",
    "body",
    "div",
    "respStmt",
    "docTitle",
}


def _el(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    el = etree.SubElement(parent, f"{{{TEI_NS}}}{tag}")
    for key, value in attrs.items():
        el.set({"xml_id": XML_ID, "xml_lang": XML_LANG}.get(key, key), value)
    if text is not None:
        el.text = text
    return el


def _add_text(parent: etree._Element, text: str) -> None:
    """Append character data at the end of ``parent`` (as its text or its last child's tail)."""
    if not text:
        return
    if len(parent):
        parent[-1].tail = (parent[-1].tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def _date(parent: etree._Element, value: str) -> None:
    iso = value.replace("-", "").isdigit() and len(value) in (4, 7, 10)
    _el(parent, "date", value, **({"when": value} if iso else {}))


def _bibl(parent: etree._Element, ref: Reference, ctx: ExportContext) -> None:  # noqa: C901
    """One structured reference as ``<bibl>``; ``corresp`` points at its marxkg IRI."""
    attrs = {"type": ref.kind, "xml_lang": ref.language}
    if ref.see:
        attrs["subtype"] = "see"
    if ref.kind == "marx":
        attrs["corresp"] = " ".join(
            str(ctx.iris.edition(volume_path(ref, e))) for e in ref_editions(ref)
        )
    elif ref.key:
        attrs["corresp"] = str(ctx.iris.ref(ref.key))
    bibl = _el(parent, "bibl", **attrs)
    for author in ref.authors:
        _el(bibl, "author", author.name)
    level = "a" if ref.journal else "m"
    if ref.title:
        _el(bibl, "title", ref.title, level=level)
    if ref.journal:
        _el(bibl, "title", ref.journal, level="j")
    for translator in ref.translators:
        _el(bibl, "editor", translator, role="translator")
    if ref.volume:
        _el(bibl, "biblScope", ref.volume, unit="volume")
    if ref.issue:
        _el(bibl, "biblScope", ref.issue, unit="issue")
    if ref.place:
        _el(bibl, "pubPlace", ref.place)
    if ref.publisher:
        _el(bibl, "publisher", ref.publisher)
    if ref.date or ref.year:
        _date(bibl, ref.date or ref.year or "")
    for k, page in enumerate(ref.pages):
        attrs = {"unit": "page"}
        if page.start != page.end:
            attrs.update({"from": page.start, "to": page.end})
        if ref.kind == "marx":
            attrs["corresp"] = " ".join(
                str(ctx.iris.edition(passage_path(ref, k, e))) for e in ref_editions(ref)
            )
        _el(bibl, "biblScope", page.label, **attrs)
    if ref.url:
        _el(bibl, "idno", ref.url, type="URI")


def _note(parent: etree._Element, note: Footnote, ctx: ExportContext) -> None:
    el = _el(parent, "note", note.text, place="foot", n=note.label, xml_id=f"note-{note.n}")
    if note.references:
        listbibl = _el(el, "listBibl")
        for ref in note.references:
            _bibl(listbibl, ref, ctx)


def _file_desc(header: etree._Element, doc: Document, ctx: ExportContext) -> None:
    front, meta = doc.front, doc.metadata
    file_desc = _el(header, "fileDesc")
    title_stmt = _el(file_desc, "titleStmt")
    _el(title_stmt, "title", front.title, type="main", xml_lang=doc.language)
    if meta.get("title_en"):
        _el(
            title_stmt, "title", " ".join(str(meta["title_en"]).split()), type="main", xml_lang="en"
        )
    author = _el(title_stmt, "author")
    _el(author, "persName", front.author, xml_lang=doc.language)
    if (meta.get("author") or {}).get("name_latin"):
        _el(author, "persName", meta["author"]["name_latin"], xml_lang="en")
    if front.affiliation:
        _el(author, "affiliation", front.affiliation, xml_lang=doc.language)
    for name in front.creators()[1:]:  # the co-authors
        _el(_el(title_stmt, "author"), "persName", name, xml_lang=doc.language)
    if front.funding_note or front.funding_number:
        funder = _el(title_stmt, "funder", front.funding_note or "", xml_lang=doc.language)
        if front.funding_number:
            _add_text(funder, " ")
            _el(funder, "idno", front.funding_number, type="project")
    resp_stmt = _el(title_stmt, "respStmt")
    _el(
        resp_stmt,
        "resp",
        "sentence segmentation, tokenisation, part-of-speech tags, "
        "concept annotation and TEI encoding",
        xml_lang="en",
    )
    _el(resp_stmt, "orgName", PROJECT, xml_lang="en", ref=str(ctx.iris.agent("marxkg")))

    pub = _el(file_desc, "publicationStmt")
    _el(pub, "publisher", "marxkg")
    _el(pub, "idno", str(ctx.iris.doc(doc.doc_id)), type="URI")
    availability = _el(pub, "availability")
    _el(
        availability,
        "licence",
        "marxkg's annotations (sentences, tokens, tags, concept "
        "references, structured references) are licensed CC BY 4.0.",
        target=CC_BY,
        xml_lang="en",
    )
    if meta.get("licence"):
        _el(availability, "p", " ".join(str(meta["licence"]).split()), xml_lang="en")

    source = meta.get("source") or {}
    bibl = _el(_el(file_desc, "sourceDesc"), "bibl")
    _el(bibl, "title", front.title, xml_lang=doc.language)
    for name in front.creators() or [front.author]:
        _el(bibl, "author", name)
    _el(bibl, "idno", f"corpus/{doc.doc_id}/{source.get('file') or 'source.md'}", type="file")
    _el(bibl, "idno", doc.source_sha256, type="sha256")
    if source.get("received_as"):
        _el(
            bibl,
            "note",
            f"Received as {source['received_as']}; read as {doc.encoding}.",
            xml_lang="en",
        )


def _header(root: etree._Element, doc: Document, ann: Annotations, ctx: ExportContext) -> None:
    header = _el(root, "teiHeader")
    _file_desc(header, doc, ctx)
    enc = _el(header, "encodingDesc")
    app = _el(_el(enc, "appInfo"), "application", ident="marxkg", version=__version__)
    _el(app, "label", "marxkg")
    _el(app, "desc", f"segmenter: {ann.segmenter}", xml_lang="en")
    decl = _el(enc, "editorialDecl")
    _el(
        _el(decl, "segmentation"),
        "p",
        (
            "s = one sentence of the reading text (xml:id s-N, N the 1-based sentence index; "
            "corresp the NIF span IRI); w = one token of the segmenter named in appInfo, pos = "
            "its part-of-speech tag; term ref = the SKOS concept a mention denotes. Whitespace "
            "between tokens is kept as text."
        ),
        xml_lang="en",
    )
    _el(
        decl,
        "p",
        (
            "Offsets (NIF #char= spans) are Unicode code points into the reading text: front "
            "matter and body, page-break joins repaired, footnote blocks and markers removed. "
            "Each footnote is encoded as note place=foot at its marker's position."
        ),
        xml_lang="en",
    )
    profile = _el(header, "profileDesc")
    _el(
        _el(profile, "langUsage"),
        "language",
        "Chinese (Traditional)" if doc.script == "Hant" else "Chinese (Simplified)",
        ident=doc.language,
    )
    if doc.front.keywords:
        keywords = _el(_el(profile, "textClass"), "keywords", xml_lang=doc.language)
        for kw in doc.front.keywords:
            _el(keywords, "term", kw)


class _BodyWriter:
    """Writes blocks as ``<head>``/``<p>`` with sentences, tokens, terms and notes."""

    def __init__(self, doc: Document, ann: Annotations, ctx: ExportContext) -> None:
        self.doc, self.ann, self.ctx = doc, ann, ctx
        self.mentions: dict[int, list] = defaultdict(list)
        for m in ann.mentions:
            self.mentions[m.sentence].append(m)
        self.markers: dict[int, list[int]] = defaultdict(list)
        for i, marker in enumerate(doc.markers):
            si = doc.sentence_at(marker.offset)
            if marker.note is not None and si is not None:
                self.markers[si].append(i)
            else:
                log.warning("marker %s at %d: no note or sentence", marker.label, marker.offset)
        self.by_block: dict[int, list[int]] = defaultdict(list)
        for si, sent in enumerate(doc.sentences):
            self.by_block[sent.block].append(si)

    def block(self, parent: etree._Element, tag: str, bi: int, **attrs: str) -> None:
        el = _el(parent, tag, **attrs)
        for si in self.by_block[bi]:
            self.sentence(el, si)

    def _marker(self, parent: etree._Element, i: int) -> None:
        n = self.doc.markers[i].note or 0
        note = self.doc.footnotes[n - 1]
        if note.markers and note.markers[0] != i:  # the note is printed at its first marker
            _el(parent, "ptr", type="noteAnchor", target=f"#note-{n}")
        else:
            _note(parent, note, self.ctx)

    def sentence(self, parent: etree._Element, si: int) -> None:
        doc, sent = self.doc, self.doc.sentences[si]
        s = _el(
            parent,
            "s",
            xml_id=f"s-{si + 1}",
            corresp=str(self.ctx.iris.span(doc.doc_id, sent.start, sent.end)),
        )
        markers = sorted(self.markers[si], key=lambda i: doc.markers[i].offset)
        starts = {m.tokens[0]: m for m in sorted(self.mentions[si], key=lambda m: m.start)}
        pos, container, term_end = sent.start, s, -1

        def flush(limit: int) -> None:
            nonlocal pos
            while markers and doc.markers[markers[0]].offset <= limit:
                offset = doc.markers[markers[0]].offset
                if offset > pos:
                    _add_text(container, doc.text[pos:offset])
                    pos = offset
                self._marker(container, markers.pop(0))
            _add_text(container, doc.text[pos:limit])
            pos = max(pos, limit)

        first, last = self.ann.sentence_tokens[si]
        for ti in range(first, last):
            tok = self.ann.tokens[ti]
            flush(tok.start)
            mention = starts.get(ti)
            if mention is not None and term_end < 0:
                container = _el(s, "term", ref=mention.concept)
                term_end = mention.tokens[1]
            _el(container, "w", tok.text, pos=tok.pos)
            pos = tok.end
            if ti + 1 == term_end:
                container, term_end = s, -1
        flush(sent.end)

    def body(self, text: etree._Element) -> None:
        doc = self.doc
        front = _el(text, "front")
        body = _el(text, "body")
        sections = {section.id: section for section in doc.sections}
        divs: dict[str, etree._Element] = {}

        def div(sid: str | None) -> etree._Element:
            """The section's div, made when its first block comes (heads precede divs)."""
            if sid is None or sid not in sections:
                return body
            if sid not in divs:
                section = sections[sid]
                attrs = (
                    {"type": "introduction"}
                    if section.number is None
                    else {"type": "part" if section.level == 1 else "section", "n": section.number}
                )
                divs[sid] = _el(div(section.parent), "div", xml_id=f"sec-{sid}", **attrs)
            return divs[sid]

        for bi, block in enumerate(doc.blocks):
            if block.kind == "title":
                title_page = _el(front, "titlePage")
                self.block(_el(title_page, "docTitle"), "titlePart", bi, type="main")
                if doc.front.author:
                    _el(title_page, "docAuthor", doc.front.author)
            elif block.kind in ("abstract", "keywords"):
                self.block(_el(front, "div", type=block.kind), "p", bi)
            else:
                self.block(div(block.section), "head" if block.kind == "heading" else "p", bi)


def _indent(el: etree._Element, level: int = 0) -> None:
    """Indent element-only containers; leave mixed content untouched."""
    if etree.QName(el).localname not in _INDENTED or not len(el):
        return
    pad = "\n" + "  " * (level + 1)
    el.text = pad
    for child in el:
        _indent(child, level + 1)
        child.tail = pad
    el[-1].tail = "\n" + "  " * level


def tei_tree(doc: Document, ann: Annotations, ctx: ExportContext) -> etree._Element:
    root = etree.Element(f"{{{TEI_NS}}}TEI", nsmap={None: TEI_NS})
    root.set(XML_LANG, doc.language)
    _header(root, doc, ann, ctx)
    _BodyWriter(doc, ann, ctx).body(_el(root, "text"))
    _indent(root)
    return root


def dumps_tei(doc: Document, ann: Annotations, ctx: ExportContext) -> str:
    """The document as a TEI P5 XML string (UTF-8 declaration, trailing newline)."""
    body = etree.tostring(tei_tree(doc, ann, ctx), encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


def write_tei(doc: Document, ann: Annotations, ctx: ExportContext, path: Path) -> None:
    write_text(path, dumps_tei(doc, ann, ctx))
