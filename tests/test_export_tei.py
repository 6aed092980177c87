"""``tei.xml``: valid TEI P5 (jing + tei_all.rng), and the text, sentences, tokens,
concepts and footnotes of the paper in the right places.

The schema is TEI P5 4.3.0 ``tei_all.rng`` (1 MB, CC BY 3.0 / BSD-2), shipped as
``tests/data/tei_all.rng``; ``tests/data/tei_all.md`` says where it comes from. Validation
needs Debian's ``jing``: without it the validation tests are skipped, except when the
environment variable ``CI`` is set, where they fail.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess

import pytest
from lxml import etree

from marxkg import paths
from marxkg.corpus_io import load_document
from marxkg.export import DOC_EXPORTERS
from marxkg.export.tei import TEI_NS, XML_ID, dumps_tei, write_tei
from marxkg.model import (
    Annotations,
    Block,
    Document,
    Footnote,
    FrontMatter,
    Marker,
    Mention,
    Sentence,
    Token,
)
from tests import DATA, FIXTURE_PAPER, PAPER_ID

SCHEMA = DATA / "tei_all.rng"
NS = {"t": TEI_NS}
NOTE = f"{{{TEI_NS}}}note"
FRONT_KINDS = ("title", "abstract", "keywords")


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (required in CI)")
    pytest.skip(reason)


def run_jing(path) -> subprocess.CompletedProcess:
    exe = shutil.which("jing")
    if exe is None:
        _unavailable("jing not installed (apt-get install jing)")
    if not SCHEMA.is_file():
        _unavailable(f"TEI schema missing: {SCHEMA}")
    return subprocess.run(
        [exe, str(SCHEMA), str(path)], capture_output=True, text=True, timeout=300, check=False
    )


def jing(path) -> None:
    """Validate ``path`` against tei_all.rng with jing; fail with jing's messages."""
    run = run_jing(path)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]


def text_without_notes(el) -> str:
    """Character content of ``el``, leaving out ``<note>`` elements (but not their tails)."""
    parts = [el.text or ""]
    for child in el:
        if child.tag != NOTE:
            parts.append(text_without_notes(child))
        parts.append(child.tail or "")
    return "".join(parts)


@pytest.fixture(scope="module")
def tei_path(built):
    return built.out / PAPER_ID / paths.DOC_FILES["tei"]


@pytest.fixture(scope="module")
def tei(tei_path):
    return etree.parse(str(tei_path)).getroot()


@pytest.fixture(scope="module")
def body(tei):
    return tei.find("t:text/t:body", NS)


def test_registered():
    assert paths.DOC_FILES["tei"] in DOC_EXPORTERS


def test_shipped_schema_is_the_recorded_one():
    digest = hashlib.sha256(SCHEMA.read_bytes()).hexdigest()
    assert digest == "facc222ce0c2d3647f772bc9e8b584722bf2d71e65a4f73b26d41a7ed869d4a1"


def test_valid_tei(tei_path):
    jing(tei_path)


def test_jing_rejects_invalid_tei(tei_path, tmp_path):
    """The validator is not vacuous: a <w> directly in <body> is refused."""
    bad = tmp_path / "bad.tei.xml"
    bad.write_text(
        tei_path.read_text(encoding="utf-8").replace("<body>", "<body><w>x</w>", 1),
        encoding="utf-8",
    )
    run = run_jing(bad)
    assert run.returncode != 0 and "not allowed" in run.stdout


def test_fixture_paper_is_valid_tei(annotator, export_context, tmp_path):
    doc = load_document(FIXTURE_PAPER.parent)
    path = tmp_path / "fixture.tei.xml"
    path.write_text(dumps_tei(doc, annotator(doc), export_context), encoding="utf-8")
    root = etree.parse(str(path)).getroot()
    assert len(root.findall(".//t:note[@place='foot']", NS)) == len(doc.footnotes) == 3
    pages = root.findall(".//t:bibl/t:biblScope[@unit='page']", NS)
    assert [(p.get("from"), p.get("to"), p.text) for p in pages] == [
        (None, None, "443"),
        (None, None, "186"),
        (None, None, "187"),
        ("12", "13", "12-13"),
    ]
    jing(path)


def test_notes_inside_terms_and_at_sentence_ends(export_context, tmp_path):
    """A marker between two tokens of one mention stays inside its <term>, before the
    space that follows; a marker at the sentence end closes the sentence; a second marker
    of the same note becomes a <ptr> to it."""
    text = "机器 体系很好。"
    doc = Document(
        "t",
        text,
        FrontMatter(title="t"),
        blocks=[Block("paragraph", 0, len(text))],
        sentences=[Sentence(0, len(text), 0, text)],
        markers=[
            Marker("①", 2, 1, 1, note=1),
            Marker("②", 8, 1, 1, note=2),
            Marker("①", 5, 1, 1, note=1),
        ],
        footnotes=[Footnote(1, "①", 1, "注一", 1, [0, 2]), Footnote(2, "②", 1, "注二", 1, [1])],
    )
    spans = [(0, 2, "n"), (3, 5, "n"), (5, 6, "d"), (6, 7, "a"), (7, 8, "x")]
    ann = Annotations(
        "t",
        "test",
        [Token(a, b, text[a:b], pos, 0) for a, b, pos in spans],
        [Mention(0, 5, "机器 体系", "https://example.org/c", "pref", 0, (0, 2))],
        [(0, 5)],
    )
    out = dumps_tei(doc, ann, export_context)
    s = etree.fromstring(out.encode()).find(".//t:s", NS)
    assert text_without_notes(s) == text
    term = s.find("t:term", NS)
    assert [etree.QName(c).localname for c in term] == ["w", "note", "w"]
    assert term[1].tail == " " and term[1].text == "注一"
    assert etree.QName(s[-1]).localname == "note" and s[-1].get("n") == "②"
    assert [etree.QName(c).localname for c in s] == ["term", "ptr", "w", "w", "w", "note"]
    assert s[1].get("target") == "#note-1"
    path = tmp_path / "small.tei.xml"
    path.write_text(out, encoding="utf-8")
    jing(path)


def test_root(tei):
    assert tei.tag == f"{{{TEI_NS}}}TEI"
    assert [etree.QName(c).localname for c in tei] == ["teiHeader", "text"]
    assert [etree.QName(c).localname for c in tei.find("t:text", NS)] == ["front", "body"]


def test_header(tei, paper):
    h = tei.find("t:teiHeader", NS)
    titles = h.findall("t:fileDesc/t:titleStmt/t:title", NS)
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    assert [(t.get(lang), t.text) for t in titles] == [
        ("zh-Hans", paper.front.title),
        ("en", " ".join(paper.metadata["title_en"].split())),
    ]
    assert h.findtext("t:fileDesc/t:titleStmt/t:author/t:persName", namespaces=NS) == "徐景一"
    funder = h.find("t:fileDesc/t:titleStmt/t:funder", NS)
    assert funder.text.startswith(paper.front.funding_note)
    assert funder.findtext("t:idno[@type='project']", namespaces=NS) == "24AKS003"
    assert (
        h.findtext("t:fileDesc/t:titleStmt/t:respStmt/t:orgName", namespaces=NS) == "marxkg project"
    )
    assert (
        h.find("t:fileDesc/t:publicationStmt/t:availability/t:licence", NS).get("target")
        == "https://creativecommons.org/licenses/by/4.0/"
    )
    assert (
        h.findtext("t:fileDesc/t:sourceDesc/t:bibl/t:idno[@type='sha256']", namespaces=NS)
        == paper.source_sha256
    )
    assert h.find("t:profileDesc/t:langUsage/t:language", NS).get("ident") == "zh-Hans"
    assert [
        t.text for t in h.findall("t:profileDesc/t:textClass/t:keywords/t:term", NS)
    ] == paper.front.keywords
    assert h.find("t:encodingDesc/t:editorialDecl/t:segmentation", NS) is not None


def test_one_s_per_sentence(tei, paper):
    sents = tei.findall("t:text//t:s", NS)
    assert len(sents) == len(paper.sentences)
    assert [s.get(XML_ID) for s in sents] == [f"s-{i}" for i in range(1, len(paper.sentences) + 1)]
    assert [text_without_notes(s) for s in sents] == [s.text for s in paper.sentences]


def test_body_text_is_the_sentences(body, paper):
    body_sents = [s.text for s in paper.sentences if paper.blocks[s.block].kind not in FRONT_KINDS]
    text = text_without_notes(body)
    assert re.sub(r"\n *", "", text) == "".join(body_sents)


def test_blocks(tei, body, paper):
    heads = [text_without_notes(h) for h in body.iter(f"{{{TEI_NS}}}head")]
    assert heads == [paper.text[b.start : b.end] for b in paper.blocks if b.kind == "heading"]
    paras = [text_without_notes(p) for p in body.iter(f"{{{TEI_NS}}}p")]
    assert paras == [paper.text[b.start : b.end] for b in paper.blocks if b.kind == "paragraph"]
    front = tei.find("t:text/t:front", NS)
    assert (
        text_without_notes(front.find("t:titlePage/t:docTitle/t:titlePart", NS))
        == paper.front.title
    )
    assert text_without_notes(front.find("t:div[@type='abstract']/t:p", NS)) == paper.front.abstract


def test_sections(body, paper):
    divs = body.findall("t:div", NS)
    assert [(d.get("type"), d.get("n")) for d in divs] == [
        ("introduction", None),
        ("part", "一"),
        ("part", "二"),
        ("part", "三"),
    ]
    for part in divs[1:]:
        subs = part.findall("t:div", NS)
        assert [(d.get("type"), d.get("n")) for d in subs] == [
            ("section", "1"),
            ("section", "2"),
            ("section", "3"),
        ]
        assert etree.QName(part[0]).localname == "head"
        assert all(etree.QName(d[0]).localname == "head" for d in subs)


def test_tokens(tei, annotations):
    ws = tei.findall("t:text//t:w", NS)
    assert [(w.text, w.get("pos")) for w in ws] == [(t.text, t.pos) for t in annotations.tokens]


def test_one_term_per_mention(tei, annotations):
    terms = tei.findall("t:text//t:term", NS)
    assert len(terms) == len(annotations.mentions)
    for term, m in zip(terms, annotations.mentions, strict=True):
        assert term.get("ref") == m.concept
        assert text_without_notes(term) == m.text
        words = [c for c in term if c.tag != NOTE]
        assert [w.tag for w in words] == [f"{{{TEI_NS}}}w"] * (m.tokens[1] - m.tokens[0])


def test_footnotes(tei, paper):
    notes = tei.findall("t:text//t:note[@place='foot']", NS)
    assert len(notes) == len(paper.footnotes) == 58
    assert [n.get(XML_ID) for n in notes] == [f"note-{f.n}" for f in paper.footnotes]
    for note, fn in zip(notes, paper.footnotes, strict=True):
        assert note.get("n") == fn.label
        assert note.text == fn.text
        assert len(note.findall("t:listBibl/t:bibl", NS)) == len(fn.references)


def test_notes_stand_at_their_markers(tei, paper):
    """The text of a sentence before each note ends exactly at the marker's offset."""
    for s_el, sent in zip(tei.findall("t:text//t:s", NS), paper.sentences, strict=True):
        for note in s_el.iter(NOTE):
            n = int(note.get(XML_ID).split("-")[1])
            (marker,) = [paper.markers[i] for i in paper.footnotes[n - 1].markers]
            assert sent.start + len(_text_before(s_el, note)) == marker.offset


def _text_before(root, target) -> str:
    """Character content of ``root`` (notes left out) that precedes element ``target``."""
    out: list[str] = []

    def walk(el) -> bool:
        if el is target:
            return True
        if el.tag == NOTE:
            return False
        out.append(el.text or "")
        for child in el:
            if walk(child):
                return True
            out.append(child.tail or "")
        return False

    walk(root)
    return "".join(out)


def test_structured_references(tei, paper):
    bibls = tei.findall("t:text//t:note/t:listBibl/t:bibl", NS)
    refs = [r for f in paper.footnotes for r in f.references]
    assert [b.get("type") for b in bibls] == [r.kind for r in refs]
    marx = [b for b in bibls if b.get("type") == "marx"]
    assert all(b.findtext("t:biblScope[@unit='volume']", namespaces=NS) for b in marx)
    ranges = {
        (p.get("from"), p.get("to"))
        for b in marx
        for p in b.findall("t:biblScope[@unit='page'][@from]", NS)
    }
    assert ("727", "728") in ranges
    urls = [b.findtext("t:idno[@type='URI']", namespaces=NS) for b in bibls]
    assert [u for u in urls if u] == [r.url for r in refs if r.url]


def test_dumps_is_deterministic(paper, annotations, export_context, tei_path):
    once = dumps_tei(paper, annotations, export_context)
    assert once == dumps_tei(paper, annotations, export_context)
    assert once == tei_path.read_text(encoding="utf-8")


def test_write_tei(paper, annotations, export_context, tmp_path):
    path = tmp_path / "out" / "tei.xml"
    write_tei(paper, annotations, export_context, path)
    assert path.read_text(encoding="utf-8") == dumps_tei(paper, annotations, export_context)


def test_every_author_is_in_the_header(annotator, export_context, tmp_path):
    """The fixture paper with two authors on its author line: both are authors of the TEI
    header and of its source (before: the first only); still valid TEI."""
    doc = load_document(FIXTURE_PAPER.parent)
    doc.front.authors = ["李四", "王五"]
    path = tmp_path / "two-authors.tei.xml"
    path.write_text(dumps_tei(doc, annotator(doc), export_context), encoding="utf-8")
    root = etree.parse(str(path)).getroot()
    stmt = root.findall("t:teiHeader/t:fileDesc/t:titleStmt/t:author/t:persName", NS)
    assert [p.text for p in stmt] == ["李四", "王五"]
    source = root.findall("t:teiHeader/t:fileDesc/t:sourceDesc/t:bibl/t:author", NS)
    assert [a.text for a in source] == ["李四", "王五"]
    jing(path)
