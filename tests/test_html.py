"""HTML outputs (marxkg.html): self-contained, escaped, deterministic pages whose content
matches the document, the ontology and the graph. Browser behaviour: tests/test_browser.py."""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from marxkg.html.reader import Cut, pieces
from marxkg.html.templating import (
    TemplateError,
    anchor_id,
    inline_script,
    page_href,
    script_hash,
    script_json,
)
from tests import ONTOLOGY, PAPER, PAPER_ID

PAGES = {
    "index": "index.html",
    "ontology": "ontology.html",
    "concept-map": "concept-map.html",
    "reader": f"{PAPER_ID}/reader.html",
    "citations": "citations.html",
    "claims": "claims.html",
}
OUR_LINK = re.compile(
    r"^(\.\./)?([a-z0-9-]+/)?((index|ontology|concept-map|citations|claims|reader)"
    r"\.html|graph\.ttl|graph\.jsonld|report\.json|document\.json|tei\.xml"
    r"|tokens\.conllu|annotations\.jsonld|tokens\.ttl"
    r"|references\.(csv|json|bib|ris))(#\S*)?$"
)
JSON_BLOCK = re.compile(r'<script type="application/json" id="([^"]+)">(.*?)</script>', re.DOTALL)
CODE_BLOCK = re.compile(r"<(script|style)\b[^>]*>.*?</\1>", re.DOTALL)


class Parsed(HTMLParser):
    """Tags with their attributes, ids, and the text of each ``span.s`` sentence (zh ones
    carry an id) without its footnote markers; marks inside zh / en sentences."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.ids: list[str] = []
        self.sentences: dict[int, str] = {}
        self.marks = {"zh": 0, "en": 0}
        self._sentence: int | None = None
        self._lang: str | None = None
        self._depth = 0
        self._sup = 0
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        self.tags.append((tag, a))
        if "id" in a:
            self.ids.append(a["id"])
        if self._lang is not None:
            self._depth += 1
            if tag == "sup":
                self._sup += 1
            if tag == "mark":
                self.marks[self._lang] += 1
        elif tag == "span" and a.get("class") == "s":
            self._lang = "zh" if "id" in a else "en"
            self._sentence = int(a["id"][1:]) if "id" in a else None
            self._depth = 1
            if self._sentence is not None:
                self.sentences[self._sentence] = ""

    def handle_endtag(self, tag):
        if self._lang is None:
            return
        self._depth -= 1
        if tag == "sup":
            self._sup -= 1
        if self._depth == 0:
            self._lang = self._sentence = None

    def handle_data(self, data):
        if self._sentence is not None and not self._sup:
            self.sentences[self._sentence] += data


def json_blocks(text: str) -> dict[str, object]:
    return {k: json.loads(v) for k, v in JSON_BLOCK.findall(text)}


def json_hrefs(data) -> list[str]:
    if isinstance(data, dict):
        return [v for k, v in data.items() if k == "href" and isinstance(v, str)] + [
            h for v in data.values() for h in json_hrefs(v)
        ]
    if isinstance(data, list):
        return [h for v in data for h in json_hrefs(v)]
    return []


@pytest.fixture(scope="module")
def pages(built) -> dict[str, str]:
    return {name: (built.out / rel).read_text(encoding="utf-8") for name, rel in PAGES.items()}


@pytest.fixture(scope="module")
def graph(built_graph):
    return built_graph


@pytest.fixture(scope="module")
def map_json(pages):
    return json_blocks(pages["concept-map"])


@pytest.fixture(scope="module")
def reader(pages) -> Parsed:
    return Parsed(pages["reader"])


# --- helpers: escaping, links, pieces ------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "</script><script>alert(1)</script>",
        "<!-- x",
        "a\u2028b",
        "<img src=x onerror=alert(1)>",
        "引号“”&amp;",
    ],
)
def test_script_json_has_no_markup_and_round_trips(value):
    out = script_json({"v": value})
    assert "<" not in out
    assert "\u2028" not in out
    assert json.loads(out) == {"v": value}


@pytest.mark.parametrize("text", ["var a = '</script>';", "x = 1; <!-- y", "a = '</SCRIPT >'"])
def test_inline_script_refuses_text_that_could_close_the_element(text):
    with pytest.raises(TemplateError):
        inline_script(text)


def test_inline_script_drops_source_map_comments():
    assert "sourceMappingURL" not in inline_script("var a;\n//# sourceMappingURL=a.js.map\n")


@pytest.mark.parametrize(
    "parts,fragment,expected",
    [
        (("concept-map.html",), "fixed-capital", "concept-map.html#fixed-capital"),
        (("..", "citations.html"), "p-x", "../citations.html#p-x"),
        (
            ("xu-jingyi-machinery-ai", "reader.html"),
            "s12",
            "xu-jingyi-machinery-ai/reader.html#s12",
        ),
        (("javascript:alert(1)", "reader.html"), None, "javascript%3Aalert%281%29/reader.html"),
        (("//evil.example", "reader.html"), None, "%2F%2Fevil.example/reader.html"),
    ],
)
def test_page_href_is_relative(parts, fragment, expected):
    assert page_href(*parts, fragment=fragment) == expected


@pytest.mark.parametrize(
    "parts,expected",
    [
        (
            ("p", "marx-engels-wenji-2009/vol/5/p/727-728"),
            "p-marx-engels-wenji-2009-vol-5-p-727-728",
        ),
        (("c", "Doc ID", 3, 1), "c-doc-id-3-1"),
        (("x", '"><script>'), "x-script"),
    ],
)
def test_anchor_id(parts, expected):
    assert anchor_id(*parts) == expected


TEXT = "马克思指出机器体系是固定资本。"
M1 = (5, 9, "system-of-machinery", "marx")  # 机器体系
M2 = (10, 14, "fixed-capital", "marx")  # 固定资本


@pytest.mark.parametrize(
    "mentions,markers,expected",
    [
        ([], [], [("text", TEXT)]),
        (
            [M1, M2],
            [],
            [
                ("text", "马克思指出"),
                ("mention", "机器体系"),
                ("text", "是"),
                ("mention", "固定资本"),
                ("text", "。"),
            ],
        ),
        (
            [M1],
            [Cut(14, 0, "①", 1)],
            [
                ("text", "马克思指出"),
                ("mention", "机器体系"),
                ("text", "是固定资本"),
                ("marker", "①"),
                ("text", "。"),
            ],
        ),
        (
            [M1],
            [Cut(5, 0, "①", 1)],
            [
                ("text", "马克思指出"),
                ("marker", "①"),
                ("mention", "机器体系"),
                ("text", "是固定资本。"),
            ],
        ),
        (
            [M1],
            [Cut(7, 0, "①", 1)],
            [
                ("text", "马克思指出"),
                ("mention", "机器体系"),
                ("marker", "①"),
                ("text", "是固定资本。"),
            ],
        ),
        (
            [M1, (7, 12, "overlap", "marx")],
            [],
            [("text", "马克思指出"), ("mention", "机器体系"), ("text", "是固定资本。")],
        ),
        (
            [],
            [Cut(15, 1, "②", 2), Cut(15, 0, "①", 1)],
            [("text", TEXT), ("marker", "①"), ("marker", "②")],
        ),
    ],
)
def test_pieces(mentions, markers, expected):
    out = pieces(TEXT, 0, len(TEXT), mentions, markers)
    assert [(p["kind"], p["text"]) for p in out] == expected


# --- every page: written, self-contained, scripts allowed by hash only ---------------------


@pytest.mark.parametrize("name", PAGES)
def test_page_written(built, name):
    assert (built.out / PAGES[name]).stat().st_size > 10_000


@pytest.mark.parametrize("name", PAGES)
def test_page_loads_nothing_from_the_network(pages, name):
    text = pages[name]
    tags = Parsed(text).tags
    assert not [t for t, a in tags if t in ("link", "iframe", "img", "object", "embed", "base")]
    assert not [a for t, a in tags if t == "script" and "src" in a]
    for tag, attrs in tags:
        for key in ("src", "href", "action", "srcset", "poster", "data"):
            if key in attrs:
                value = attrs[key]
                assert not re.match(r"\s*(https?:|//|\\\\)", value), (tag, key, value)
                assert value.startswith("#") or OUR_LINK.match(value), (tag, key, value)
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", text)
    assert not re.search(r"@import|url\(\s*['\"]?(https?:|//)", text)


@pytest.mark.parametrize("name", PAGES)
def test_links_between_pages_resolve(built, pages, map_json, name):
    """Every relative link (in attributes and in the embedded data) names an existing page
    and, where it has a fragment, an id in that page (or a concept of the map)."""
    base = (built.out / PAGES[name]).parent
    attrs = [a["href"] for t, a in Parsed(pages[name]).tags if "href" in a]
    data = [h for block in json_blocks(pages[name]).values() for h in json_hrefs(block)]
    slugs = {n["id"] for n in map_json["mkg-graph"]["nodes"]}
    ids: dict[Path, set[str]] = {}
    for href in attrs + data:
        path, _, frag = href.partition("#")
        target = (base / path).resolve() if path else (built.out / PAGES[name]).resolve()
        assert target.is_file(), href
        if not frag:
            continue
        if target not in ids:
            ids[target] = set(Parsed(target.read_text(encoding="utf-8")).ids)
        assert frag in ids[target] or (target.name == "concept-map.html" and frag in slugs), href


@pytest.mark.parametrize("name", PAGES)
def test_csp_allows_only_the_pages_own_scripts(pages, name):
    text = pages[name]
    csp = html.unescape(
        re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', text).group(1)
    )
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";") if d.strip())
    assert directives["default-src"] == "'none'"
    assert "unsafe" not in directives["script-src"]
    scripts = re.findall(r"<script>(.*?)</script>", text, re.DOTALL)
    if name in ("index", "ontology"):  # static pages: no script at all
        assert not scripts and directives["script-src"] == "'none'"
        return
    assert sorted(directives["script-src"].split()) == sorted(script_hash(s) for s in scripts)


@pytest.mark.parametrize("name", PAGES)
def test_embedded_json_contains_no_markup(pages, name):
    for _, raw in JSON_BLOCK.findall(pages[name]):
        assert "<" not in raw


def test_rendering_is_deterministic(built, paper, annotations, graph, ontology):
    """The pages rendered again, from the graph as loaded from graph.ttl (and the ontology
    for ontology.html), are the same bytes as the build's."""
    from marxkg.html import render_html
    from marxkg.rdf.namespaces import Iris

    again = render_html([paper], {PAPER_ID: annotations}, graph, ontology, Iris())
    assert set(again) == set(PAGES.values())
    for rel, text in again.items():
        assert text == (built.out / rel).read_text(encoding="utf-8"), rel


# --- concept map -------------------------------------------------------------------------


def ontology_concepts() -> set[str]:
    found = set()
    for f in sorted(ONTOLOGY.glob("concepts-*.ttl")):
        found |= set(
            re.findall(
                r"^concept:([A-Za-z0-9-]+) a skos:Concept\b",
                f.read_text(encoding="utf-8"),
                re.MULTILINE,
            )
        )
    return found


def test_map_nodes_are_the_concepts_of_the_three_schemes(map_json, graph):
    from marxkg.ontology import concepts

    ids = [n["id"] for n in map_json["mkg-graph"]["nodes"]]
    assert len(ids) == len(set(ids)) == len(concepts(graph))
    assert set(ids) == ontology_concepts()


@pytest.mark.parametrize(
    "slug,scheme,shape,label_zh",
    [
        ("fixed-capital", "marx", "square", "固定资本"),
        ("means-of-labour", "marx", "dot", "劳动资料"),
        ("technical-basis", "marx", "triangle", "技术基础"),
        ("system-of-machinery", "marx", "star", "机器体系"),  # all three dimensions
        ("digital-gig-worker", "ai-era", "dot", "数字零工"),
        ("ai-application-consensus", "socialist-application", "diamond", "人工智能技术应用共识"),
    ],
)
def test_map_node_style(map_json, slug, scheme, shape, label_zh):
    from marxkg.html.site import SCHEME_COLORS

    node = next(n for n in map_json["mkg-graph"]["nodes"] if n["id"] == slug)
    assert (node["scheme"], node["shape"], node["label"]) == (scheme, shape, label_zh)
    assert node["color"]["background"] == SCHEME_COLORS[scheme]


def test_map_node_size_follows_mentions(map_json):
    nodes = map_json["mkg-graph"]["nodes"]
    mentions = {k: c["mentions"] for k, c in map_json["mkg-data"]["concepts"].items()}
    ordered = sorted(nodes, key=lambda n: mentions[n["id"]])
    sizes = [n["size"] for n in ordered]
    assert sizes == sorted(sizes)
    assert sizes[0] < sizes[-1]


def test_map_correspondence_edges(map_json):
    edges = map_json["mkg-graph"]["edges"]
    corr = [e for e in edges if e["kind"] == "counterpart"]
    text = (ONTOLOGY / "correspondences.ttl").read_text(encoding="utf-8")
    assert len(corr) == len(re.findall(r"^corr:\S+ a mkg:Correspondence", text, re.MULTILINE))
    edge = next(
        e for e in corr if (e["from"], e["to"]) == ("real-subsumption", "total-subsumption")
    )
    assert edge["labels"] == {"zh": "进阶", "en": "intensification"}
    others = [e for e in edges if e["kind"] != "counterpart"]
    assert min(e["width"] for e in corr) > max(e["width"] for e in others)
    assert all(e["dashes"] for e in edges if e["kind"] == "related")


@pytest.mark.parametrize(
    "kind,src,dst",
    [
        ("broader", "ai-fixed-capital", "digital-capital"),
        ("answers", "ai-application-consensus", "labour-arbitrage"),
        ("related", "data-annotation", "digital-gig-worker"),
    ],
)
def test_map_relation_edges(map_json, kind, src, dst):
    assert any(
        e["kind"] == kind and (e["from"], e["to"]) == (src, dst)
        for e in map_json["mkg-graph"]["edges"]
    )


def test_map_panel_data_for_fixed_capital(map_json, ontology):
    from rdflib import URIRef
    from rdflib.namespace import SKOS

    data = map_json["mkg-data"]
    c = data["concepts"]["fixed-capital"]
    assert c["labels"] == {"zh": "固定资本", "en": "fixed capital", "de": "fixes Kapital"}
    definitions = {
        (d.language or "").lower()[:2]: str(d)
        for d in ontology.objects(
            URIRef("https://w3id.org/marxkg/concept/fixed-capital"), SKOS.definition
        )
    }
    assert c["definition"] == definitions
    evidence = [data["sentences"][k] for k in c["evidence"]]
    assert any("劳动资料演变为固定资本" in e["zh"] for e in evidence)
    assert all(e.get("en") for e in evidence)
    pages = {
        data["passages"][x["passage"]]["iri"].rsplit("/edition/", 1)[1] for x in c["citations"]
    }
    assert {"marx-engels-wenji-2009/vol/8/p/186", "marx-engels-wenji-2009/vol/8/p/187"} <= pages
    assert [k["other"] for k in c["counterparts"]] == ["ai-fixed-capital"]


def test_map_uses_no_pyvis_heading_or_cdn(pages):
    text = pages["concept-map"]
    assert "bootstrap" not in text.lower()
    assert "cdnjs" not in text and "jsdelivr" not in text and "unpkg" not in text
    assert '"physics":{"enabled":false' in text and "afterDrawing" in text


# --- reader ------------------------------------------------------------------------------


def test_reader_sentences_are_the_documents(reader, paper):
    assert len(reader.sentences) == len(paper.sentences)
    for i, s in enumerate(paper.sentences):
        assert reader.sentences[i] == paper.text[s.start : s.end], i


def test_reader_markers_where_printed(reader, paper):
    markers = {a["id"]: a for t, a in reader.tags if t == "sup" and "id" in a}
    assert sorted(markers) == sorted(f"m-{k}" for k in range(len(paper.markers)))
    links = [a for t, a in reader.tags if t == "a" and "data-note" in a]
    assert [int(a["data-note"]) for a in links] == [m.note for m in paper.markers]
    assert {f"fn-{n.n}" for n in paper.footnotes} <= set(reader.ids)


def test_reader_highlights_every_mention(reader, annotations, graph):
    from rdflib import URIRef
    from rdflib.namespace import RDF

    from marxkg.rdf.namespaces import NIF

    en_ctx = URIRef(f"https://w3id.org/marxkg/doc/{PAPER_ID}/en")
    en = sum(
        1
        for p in graph.subjects(RDF.type, NIF.Phrase)
        if graph.value(p, NIF.referenceContext) == en_ctx
    )
    assert reader.marks == {"zh": len(annotations.mentions), "en": en}


def test_reader_shows_english_beside_the_chinese(pages):
    records = [
        json.loads(line)
        for line in (PAPER.parent / "translation.en.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    text = html.unescape(re.sub(r"<[^>]+>", "", pages["reader"]))
    abstract = next(r for r in records if r["kind"] == "abstract")
    assert abstract["en"] in text
    assert 'id="toggle-en"' in pages["reader"]


def test_reader_footnote_data(pages):
    notes = json_blocks(pages["reader"])["mkg-data"]["notes"]
    note = notes["4"]  # ① of the second page block: 文集 5, pages 444 and 453
    assert note["label"] == "①" and note["group"] == 2
    ref = note["refs"][0]
    assert (ref["kind"], ref["volume"], ref["pages"]) == ("marx", "5", "第444、453页")
    assert [p["pages"] for p in ref["passages"]] == ["444", "453"]
    assert all(p["work"]["en"] == "Capital, Volume I" for p in ref["passages"])


# --- citation index ----------------------------------------------------------------------


def citation_rows(text: str) -> list[str]:
    return re.findall(r'<tr id="(c-[^"]+)">', text)


def test_citations_every_citation_once(pages, paper):
    rows = citation_rows(pages["citations"])
    assert len(rows) == len(set(rows)) == len(paper.citations)


def test_citations_grouped_by_collection_and_volume(pages):
    groups = re.findall(r'<section class="group[^"]*" id="([^"]+)">', pages["citations"])
    assert groups == [
        "vol-marx-engels-wenji-2009-5",
        "vol-marx-engels-wenji-2009-6",
        "vol-marx-engels-wenji-2009-7",
        "vol-marx-engels-wenji-2009-8",
        "vol-marx-engels-quanji-2-31",
        "other",
    ]


def test_citations_sorted_by_page_within_a_volume(pages):
    for section in re.findall(
        r'<section class="group marx".*?</section>', pages["citations"], re.DOTALL
    ):
        keys = [int(k) for k in re.findall(r'<td data-key="(\d+)">', section)[0::2]]
        assert keys == sorted(keys)


def test_citation_identification_shown(pages):
    text = pages["citations"]
    row = re.search(
        r'<tr id="c-[^"]+">(?:(?!</tr>).)*id="p-marx-engels-wenji-2009-vol-5-p-444"'
        r"(?:(?!</tr>).)*</tr>",
        text,
        re.DOTALL,
    ).group(0)
    assert "Capital I, Part 4" in html.unescape(row)
    assert "certain" in row
    assert "机器和发达的机器体系这种大工业特有的劳动资料" in row


def test_citation_concepts_of_the_citing_sentence(pages):
    row = next(
        r for r in re.findall(r"<tr id=.*?</tr>", pages["citations"], re.DOTALL) if "活的酵母" in r
    )
    assert 'href="concept-map.html#living-labour"' in row


def test_citations_as_json_above_the_inline_limit(
    pages, paper, annotations, graph, ontology, monkeypatch
):
    """Above INLINE_ROWS citations the rows are JSON in the page (the script builds the rows
    shown): the same rows in the same order as the inline table, no markup, same bytes."""
    from marxkg.html import citations
    from marxkg.html.site import site_data
    from marxkg.rdf.namespaces import Iris

    monkeypatch.setattr(citations, "INLINE_ROWS", len(paper.citations) - 1)
    site = site_data([paper], {PAPER_ID: annotations}, graph + ontology, Iris())
    text = citations.dumps_citations(site)
    assert text == citations.dumps_citations(site)
    assert citation_rows(text) == []
    raw = re.search(
        r'<script type="application/json" id="mkg-citations">(.*?)</script>', text, re.DOTALL
    ).group(1)
    assert "<" not in raw
    data = json.loads(raw)
    tables = re.findall(r'<table class="sortable" data-rows="([^"]+)">', text)
    assert sorted(tables) == sorted(data["groups"])
    ids = [r["id"] for t in tables for r in data["groups"][t]]
    assert ids == citation_rows(pages["citations"])
    assert data["docs"] == {PAPER_ID: [paper.front.title, f"{PAPER_ID}/reader.html"]}
    yeast = next(r for g in data["groups"].values() for r in g if "活的酵母" in r["sentence"])
    assert "concept-map.html#living-labour" in [c["href"] for c in yeast["concepts"]]


# --- strings carrying markup are shown as text ---------------------------------------------


XSS_PAGES = [
    "concept-map.html",
    "citations.html",
    "claims.html",
    "xss-paper/reader.html",
    f"{PAPER_ID}/reader.html",
]


@pytest.mark.parametrize("rel", XSS_PAGES)
def test_markup_in_data_is_escaped(xss_built, rel):
    text = (xss_built.out / rel).read_text(encoding="utf-8")
    outside = CODE_BLOCK.sub("", text)
    for needle in ("<img", "<svg", "<b>", "<script>alert", "<!-- -->"):
        assert needle not in outside.lower(), needle
    for _, raw in JSON_BLOCK.findall(text):
        assert "<" not in raw


def test_markup_in_labels_round_trips_as_text(xss_built):
    text = (xss_built.out / "concept-map.html").read_text(encoding="utf-8")
    data = json_blocks(text)
    c = data["mkg-data"]["concepts"][xss_built.slug]
    assert c["labels"]["zh"] == xss_built.label
    assert c["labels"]["en"] == "</script><script>alert(2)</script>"
    assert "&lt;img src=x onerror=alert(1)&gt;</a>" in text  # the concept list


def test_reader_without_translation_is_chinese_only(xss_built):
    text = (xss_built.out / "xss-paper" / "reader.html").read_text(encoding="utf-8")
    assert 'class="reader zh-only"' in text
    assert 'class="en"' not in text.split("<main", 1)[1].split("</main>", 1)[0]
    assert "&lt;img src=x onerror=alert(1)&gt;" in text


# --- concept map: per-document counts and example sentences (issue 14) ------------------


def test_map_per_document_counts_and_examples(map_json, paper):
    data = map_json["mkg-data"]
    assert [d["id"] for d in data["documents"]] == [PAPER_ID]
    for slug, c in data["concepts"].items():
        assert sum(data["byDoc"].get(slug, {}).values()) == c["mentions"], slug
    keys = data["examples"]["fixed-capital"][PAPER_ID]
    assert len(keys) == 12  # the cap on a one-paper corpus; the paper has more
    for key in keys:
        s = data["sentences"][key]
        sent = paper.sentences[s["s"]]
        assert s["zh"] == paper.text[sent.start : sent.end] and "固定资本" in s["zh"]
        assert s["href"] == f"{PAPER_ID}/reader.html#s{s['s']}"
    assert [data["sentences"][k]["s"] for k in keys] == sorted(
        data["sentences"][k]["s"] for k in keys
    )


@pytest.mark.parametrize("docs,per_doc", [(1, 12), (8, 12), (10, 10), (50, 2), (100, 1), (5000, 1)])
def test_map_examples_per_document_shrink_with_the_corpus(docs, per_doc):
    from marxkg.html.map_data import examples_per_doc

    assert examples_per_doc(docs) == per_doc


# --- navigation of a large corpus -----------------------------------------------------------


def _site_of(n: int):
    from types import SimpleNamespace

    from marxkg.html.site import Site
    from marxkg.rdf.namespaces import Iris

    docs = [
        SimpleNamespace(doc_id=f"d{k:02d}", front=SimpleNamespace(title=f"论文{k}"))
        for k in range(n)
    ]
    return Site(docs, Iris(), {}, {}, {}, {}, {}, {})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("n", "current", "readers", "all_readers_link"),
    [
        (1, "index", ["d00/reader.html"], False),
        (12, "index", [f"d{k:02d}/reader.html" for k in range(12)], False),
        (13, "index", [], True),
        (13, "reader:d07", ["../d07/reader.html"], True),
    ],
)
def test_navigation_links_every_reader_only_for_a_few_documents(
    n, current, readers, all_readers_link
):
    site = _site_of(n)
    links = site.nav(current, up=current.startswith("reader:"))
    assert [x["href"] for x in links if x["key"].startswith("reader:")] == readers
    found = [x for x in links if x["key"] == "readers"]
    assert bool(found) == all_readers_link
    if found:
        assert found[0]["text"] == f"阅读 Readers ({n})"
        assert found[0]["href"].endswith("index.html#documents")
    if current.startswith("reader:"):
        assert [x["key"] for x in links if x["current"]] == [current]


def test_page_graph_keeps_what_the_pages_read(built, paper, annotations, ontology):
    """The pages step reads the parts without a document's own nodes, apart from the
    English layer's spans and the notes' texts; the pages made from that graph are the
    build's pages made from the whole graph.ttl (`test_rendering_is_deterministic`), and
    what it drops is exactly the rest of the documents' nodes."""
    from rdflib import URIRef
    from rdflib.namespace import RDF

    from marxkg.graph import new_graph
    from marxkg.pipeline import page_graph
    from marxkg.rdf.namespaces import Iris

    parts = sorted((built.out / ".docs").glob("**/*.nt"))
    assert any(p.parent.name == PAPER_ID for p in parts)
    full = new_graph()
    for part in parts:
        full.parse(part, format="nt")
    kept = page_graph(parts, Iris())
    doc = f"{Iris().base}doc/{PAPER_ID}"
    zh, en = f"{doc}#char=", f"{doc}/en#char="
    note = f"{doc}/note/"
    dropped = set(full) - set(kept)
    assert set(kept) <= set(full)
    assert dropped and all(
        str(s).startswith(doc) and not str(s).startswith(en) and p != RDF.value
        for s, p, _ in dropped
    )
    assert not any(str(s).startswith(zh) for s, _, _ in kept)
    assert any(str(s).startswith(en) for s, _, _ in kept)  # the English layer stays
    notes = {(s, o) for s, p, o in kept if str(s).startswith(note) and p == RDF.value}
    assert {s for s, o in notes if o.language == "en"} == {
        URIRef(f"{note}{n.n}") for n in paper.footnotes if n.text_en
    }
    assert len({s for s, _, _ in dropped}) >= len(paper.sentences)  # each sentence a span
    # what is kept of the document: its English and its notes' texts, nothing else
    assert {p for s, p, _ in kept if str(s).startswith(doc) and not str(s).startswith(en)} == {
        RDF.value
    }
