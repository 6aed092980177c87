"""The HTML pages in headless Chromium (Debian's ``chromium`` driven by playwright).

Each page of a real build is loaded from ``file://``: no console error, no request other
than ``file://``; the concept map draws one node per concept, opens a panel on a click and
switches label language; the reader shows a footnote on click; the citation filter works;
markup in labels and text never runs and is shown literally.

Without Chromium (or playwright) the tests are skipped, except under CI (env ``CI`` set),
where they fail.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from marxkg.html.browser import STABLE, VIEWPORT, centre_and_locate, chromium_path, launch
from tests import PAPER_ID

pytestmark = pytest.mark.browser

PAGES = {
    "index": "index.html",
    "ontology": "ontology.html",
    "concept-map": "concept-map.html",
    "reader": f"{PAPER_ID}/reader.html",
    "citations": "citations.html",
    "claims": "claims.html",
}


def _unavailable(reason: str):
    if os.environ.get("CI"):
        pytest.fail(f"browser tests need Chromium under CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    if not chromium_path().exists():
        _unavailable(f"{chromium_path()} not found (apt-get install chromium fonts-wqy-microhei)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed")
    with sync_playwright() as p:
        b = launch(p)
        yield b
        b.close()


@dataclass
class Loaded:
    page: object
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    @property
    def foreign_requests(self) -> list[str]:
        """Requests that leave the page's files (downloads made from blob: URLs stay)."""
        return [u for u in self.requests if not u.startswith(("file://", "blob:", "data:"))]


def open_page(browser, path: Path, fragment: str = "") -> Loaded:
    page = browser.new_page(viewport=VIEWPORT, accept_downloads=True)
    loaded = Loaded(page)
    page.on("console", lambda m: loaded.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: loaded.errors.append(str(e)))
    page.on("request", lambda r: loaded.requests.append(r.url))

    def on_dialog(d):
        loaded.dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", on_dialog)
    page.goto(path.resolve().as_uri() + (f"#{fragment}" if fragment else ""))
    if path.name == "concept-map.html":
        page.wait_for_function(STABLE, timeout=60_000)
    return loaded


@pytest.fixture
def opened(browser):
    pages: list[Loaded] = []

    def _open(path: Path, fragment: str = "") -> Loaded:
        loaded = open_page(browser, path, fragment)
        pages.append(loaded)
        return loaded

    yield _open
    for loaded in pages:
        loaded.page.close()


@pytest.fixture(scope="module")
def concept_count(built_graph):
    from marxkg.ontology import concepts

    return len(concepts(built_graph))


def click_node(page, slug: str) -> dict[str, float]:
    """Centre the node, then click it with the mouse where the canvas draws it."""
    xy = centre_and_locate(page, slug)
    page.mouse.click(xy["x"], xy["y"])
    return xy


# --- every page ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", PAGES)
def test_page_loads_cleanly_and_offline(built, opened, name):
    loaded = opened(built.out / PAGES[name])
    assert loaded.errors == []
    assert loaded.foreign_requests == []
    assert loaded.dialogs == []


# --- concept map -------------------------------------------------------------------------


def test_map_draws_one_node_per_concept(built, opened, concept_count):
    page = opened(built.out / "concept-map.html").page
    assert page.evaluate("marxkgMap.network.body.nodeIndices.length") == concept_count
    assert page.evaluate("marxkgMap.nodes.length") == concept_count


def test_map_physics_stops_after_stabilisation(built, opened):
    page = opened(built.out / "concept-map.html").page
    assert page.evaluate("marxkgMap.network.physics.options.enabled") is False
    assert page.is_hidden("#map-status")


def test_map_click_opens_the_panel(built, opened):
    loaded = opened(built.out / "concept-map.html")
    page = loaded.page
    assert page.is_hidden("#panel")
    click_node(page, "fixed-capital")
    page.wait_for_selector("#panel:not([hidden])")
    assert page.get_attribute("#panel", "data-key") == "fixed-capital"
    body = page.inner_text("#panel .panel-body")
    for text in (
        "固定资本",
        "fixed capital",
        "fixes Kapital",
        "劳动资料演变为固定资本",
        "《马克思恩格斯文集》第8卷，第186页",
    ):
        assert text in body
    assert page.evaluate("marxkgMap.network.getSelectedNodes()") == ["fixed-capital"]
    assert loaded.errors == []


def test_map_language_toggle_changes_labels(built, opened):
    page = opened(built.out / "concept-map.html").page
    label = "marxkgMap.nodes.get('fixed-capital').label"
    assert page.evaluate(label) == "固定资本"
    page.click("#lang-en")
    assert page.evaluate(label) == "fixed capital"
    assert page.get_attribute("#lang-en", "aria-pressed") == "true"
    page.click("#lang-zh")
    assert page.evaluate(label) == "固定资本"


def test_map_search_finds_by_any_label(built, opened):
    page = opened(built.out / "concept-map.html").page
    page.fill("#search", "Fixes Kapital")
    buttons = page.locator("#search-results button")
    assert buttons.count() == 1
    buttons.first.click()
    assert page.get_attribute("#panel", "data-key") == "fixed-capital"


def test_map_fragment_opens_a_concept(built, opened):
    page = opened(built.out / "concept-map.html", "total-subsumption").page
    page.wait_for_selector("#panel:not([hidden])")
    assert page.get_attribute("#panel", "data-key") == "total-subsumption"
    assert "实质吸纳" in page.inner_text("#panel")  # its Marx counterpart


# --- reader ------------------------------------------------------------------------------


def test_reader_footnote_on_click(built, opened, paper):
    page = opened(built.out / PAGES["reader"]).page
    note = paper.footnotes[3]  # ① of page block 2: 文集 5, pp. 444 and 453
    page.click(f'sup.fn-marker a[data-note="{note.n}"]')
    page.wait_for_selector("#panel:not([hidden])")
    body = page.inner_text("#panel")
    assert note.text in body
    assert "Capital, Volume I" in body
    assert page.get_attribute("#panel", "data-kind") == "note"


def test_reader_concept_on_click(built, opened):
    page = opened(built.out / PAGES["reader"]).page
    page.click('.zh mark.mention[data-concept="fixed-capital"] >> nth=0')
    page.wait_for_selector("#panel:not([hidden])")
    assert "fixed capital" in page.inner_text("#panel")
    assert page.get_attribute("#panel a.to-map", "href") == "../concept-map.html#fixed-capital"
    assert page.locator("mark.mention.active").count() > 1


def test_reader_english_toggle(built, opened):
    page = opened(built.out / PAGES["reader"]).page
    en = "p.en >> nth=3"
    assert page.is_visible(en)
    page.uncheck("#toggle-en")
    assert page.is_hidden(en)
    page.check("#toggle-en")
    assert page.is_visible(en)


# --- citation index ----------------------------------------------------------------------


def test_citations_filter(built, opened):
    page = opened(built.out / "citations.html").page
    total = page.locator("tbody tr").count()
    page.fill("#filter", "487")
    visible = page.locator("tbody tr:visible")
    assert 0 < visible.count() < total
    assert all("487" in t for t in visible.all_inner_texts())
    assert page.inner_text("#filter-count") == f"{visible.count()} / {total}"
    page.fill("#filter", "no such citation 无此引文")
    assert page.locator("tbody tr:visible").count() == 0
    assert page.is_visible("#no-match")
    page.fill("#filter", "")
    assert page.locator("tbody tr:visible").count() == total


def test_citations_sort_by_column(built, opened):
    page = opened(built.out / "citations.html").page
    section = "#vol-marx-engels-wenji-2009-5"
    pages = f"{section} tbody tr td:first-child"

    def keys():
        return [
            int(re.sub(r"\D.*", "", t.strip()) or 0) for t in page.locator(pages).all_inner_texts()
        ]

    assert keys() == sorted(keys())
    page.click(f"{section} thead th:first-child button")
    assert keys() == sorted(keys(), reverse=True)
    assert page.get_attribute(f"{section} thead th:first-child", "aria-sort") == "descending"


def test_claims_filter_finds_the_unsourced(built, opened):
    page = opened(built.out / "claims.html").page
    assert page.locator("tbody tr").count() == 81
    page.fill("#filter", "unsourced 无来源")
    visible = page.locator("tbody tr:visible")
    assert visible.count() == 2
    assert page.is_visible("#unsourced") and not page.is_visible("#src-oecd-ai-0f93cdae")
    assert page.inner_text("#filter-count") == "2 / 81"


# --- markup in the data never runs ------------------------------------------------------


@pytest.mark.parametrize(
    "rel",
    [
        "concept-map.html",
        "citations.html",
        "claims.html",
        "xss-paper/reader.html",
        f"{PAPER_ID}/reader.html",
    ],
)
def test_markup_does_not_execute(xss_built, opened, rel):
    loaded = opened(xss_built.out / rel)
    page = loaded.page
    assert page.evaluate("document.images.length") == 0
    assert page.evaluate("document.querySelectorAll('svg, b').length") == 0
    assert loaded.dialogs == []
    assert loaded.errors == []
    assert loaded.foreign_requests == []


def site_of_build(out: Path):
    """The pages' data (`marxkg.html.site.Site`) of a build, read back from its state."""
    import pickle

    from marxkg.html.site import site_data
    from marxkg.pipeline import page_graph
    from marxkg.rdf.namespaces import Iris

    state = out / ".docs"
    docs, anns = [], {}
    for path in sorted(state.glob("*/pages.pickle")):
        doc, ann = pickle.loads(path.read_bytes())
        docs.append(doc)
        anns[doc.doc_id] = ann
    return site_data(docs, anns, page_graph(sorted(state.glob("**/*.nt")), Iris()), Iris())


@pytest.mark.parametrize(
    ("kind", "dumps", "name"),
    [
        ("citations", "dumps_citations", "citations.html"),
        ("claims", "dumps_claims_page", "claims.html"),
    ],
)
def test_markup_in_lazy_rows_is_text(xss_built, opened, tmp_path, monkeypatch, kind, dumps, name):
    """The citation index and the claims page of the markup build with their rows as JSON
    (built by the scripts): nothing runs, the markup is shown as text."""
    import importlib

    module = importlib.import_module(f"marxkg.html.{kind}")
    site = site_of_build(xss_built.out)
    monkeypatch.setattr(module, "INLINE_ROWS", 0)
    (tmp_path / name).write_text(getattr(module, dumps)(site), encoding="utf-8")
    assert f'id="mkg-{kind}"' in (tmp_path / name).read_text(encoding="utf-8")
    loaded = opened(tmp_path / name)
    page = loaded.page
    assert page.locator("tbody tr").count() > 0
    assert page.evaluate("document.images.length") == 0
    assert page.evaluate("document.querySelectorAll('svg, b, tbody script').length") == 0
    if kind == "citations":
        assert "《机器论</script><script>alert(6)</script>》" in page.inner_text("main")
    assert loaded.dialogs == [] and loaded.errors == [] and loaded.foreign_requests == []


def test_markup_label_shown_literally_on_the_map(xss_built, opened):
    loaded = opened(xss_built.out / "concept-map.html")
    page = loaded.page
    slug = xss_built.slug
    assert page.evaluate(f"marxkgMap.nodes.get('{slug}').label") == xss_built.label
    xy = click_node(page, slug)
    page.wait_for_selector("#panel:not([hidden])")
    assert page.inner_text("#panel h2") == xss_built.label
    assert "javascript:alert(5) & <b>bold</b>" in page.inner_text("#panel")
    page.mouse.move(xy["x"] + 2, xy["y"] + 1)
    page.wait_for_function(
        "() => { const t = document.querySelector('div.vis-tooltip');"
        " return t && t.style.visibility === 'visible'; }"
    )
    tooltip = page.evaluate(
        "(() => { const t = document.querySelector('div.vis-tooltip');"
        " return [t.textContent, t.children.length]; })()"
    )
    assert tooltip[0].startswith(xss_built.label) and tooltip[1] == 0
    page.click("#lang-en")
    assert (
        page.evaluate(f"marxkgMap.nodes.get('{slug}').label")
        == "</script><script>alert(2)</script>"
    )
    assert page.evaluate("document.images.length") == 0
    assert loaded.dialogs == [] and loaded.errors == []


def test_markup_text_shown_literally_in_the_reader(xss_built, opened):
    loaded = opened(xss_built.out / xss_built.doc_id / "reader.html")
    page = loaded.page
    assert xss_built.label in page.inner_text("main")
    page.click(f'mark.mention[data-concept="{xss_built.slug}"]')
    assert page.inner_text("#panel h2") == xss_built.label
    page.click("sup.fn-marker a >> nth=-1")
    assert "《机器论</script><script>alert(6)</script>》" in page.inner_text("#panel")
    assert page.is_hidden("#toggle-en") or page.locator("#toggle-en").count() == 0
    assert loaded.dialogs == [] and loaded.errors == []


# --- issue 15: the site holds together ------------------------------------------------------

NODE_COLOURS = """() => Object.fromEntries(marxkgMap.nodes.getIds().map(
    id => [id, marxkgMap.network.body.nodes[id].options.color.background]))"""


def test_map_language_toggle_keeps_every_node_colour(built, opened):
    """The colours vis-network draws (not only the data set's) stay those of the schemes
    through zh -> en -> zh; with a vis "group" they turned to vis' default palette."""
    from marxkg.html.site import SCHEME_COLORS

    loaded = opened(built.out / "concept-map.html")
    page = loaded.page
    schemes = page.evaluate(
        "Object.fromEntries(Object.entries(marxkgMap.concepts).map(([k, c]) => [k, c.scheme]))"
    )
    before = page.evaluate(NODE_COLOURS)
    assert before == {slug: SCHEME_COLORS[schemes[slug]] for slug in schemes}
    page.click("#lang-en")
    assert page.evaluate("marxkgMap.nodes.get('fixed-capital').label") == "fixed capital"
    assert page.evaluate(NODE_COLOURS) == before
    page.click("#lang-zh")
    assert page.evaluate(NODE_COLOURS) == before
    assert loaded.errors == []


def test_map_search_closes_after_enter(built, opened):
    page = opened(built.out / "concept-map.html").page
    page.fill("#search", "固定资本")
    assert page.is_visible("#search-results")
    page.press("#search", "Enter")
    assert page.is_hidden("#search-results")
    assert page.get_attribute("#panel", "data-key") == "fixed-capital"


@pytest.mark.parametrize(
    "box,field,value",
    [
        ('#legend input[data-filter="scheme"][value="marx"]', "scheme", "marx"),
        ('#legend input[data-filter="scheme"][value="ai-era"]', "scheme", "ai-era"),
        (
            '#legend input[data-filter="dimension"][value="FixedCapital"]',
            "dimension",
            "FixedCapital",
        ),
        ('#legend input[data-filter="dimension"][value="multi"]', "dimension", "multi"),
    ],
)
def test_map_legend_filters(built, opened, concept_count, box, field, value):
    page = opened(built.out / "concept-map.html").page
    expected = page.evaluate(
        f"marxkgMap.nodes.get({{filter: n => n.{field} === '{value}'}}).map(n => n.id).sort()"
    )
    assert expected
    page.uncheck(box)
    hidden = page.evaluate("marxkgMap.nodes.get({filter: n => n.hidden}).map(n => n.id).sort()")
    assert hidden == expected
    drawn = page.evaluate("marxkgMap.network.body.nodeIndices")  # what vis-network draws
    assert len(drawn) == concept_count - len(expected) and not set(drawn) & set(expected)
    page.check(box)
    assert page.evaluate("marxkgMap.nodes.get({filter: n => n.hidden}).length") == 0


def test_map_exports_png_svg_and_sentences_csv(built, opened, concept_count):
    import csv
    import io
    from xml.etree import ElementTree

    loaded = opened(built.out / "concept-map.html")
    page = loaded.page
    with page.expect_download() as png:
        page.click("#export-png")
    data = Path(png.value.path()).read_bytes()
    assert png.value.suggested_filename == "concept-map.png"
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
    with page.expect_download() as svg:
        page.click("#export-svg")
    root = ElementTree.fromstring(Path(svg.value.path()).read_bytes())
    shapes = root.findall(".//*[@data-concept]")
    assert len(shapes) == concept_count
    labels = {t.text for t in root.iter("{http://www.w3.org/2000/svg}text")}
    assert "固定资本" in labels and "机器体系" in labels
    page.fill("#search", "fixed-capital")
    page.press("#search", "Enter")
    with page.expect_download() as sent:
        page.click("#export-csv")
    rows = list(csv.reader(io.StringIO(Path(sent.value.path()).read_text("utf-8-sig"))))
    assert rows[0][:5] == ["concept", "label_zh", "label_en", "document", "sentence"]
    assert len(rows) > 5 and all(r[0] == "fixed-capital" for r in rows[1:])
    # every exported sentence mentions the concept (one of its labels)
    assert all("固定资本" in r[6] or "机器体系" in r[6] for r in rows[1:])
    assert loaded.errors == [] and loaded.foreign_requests == []


def test_map_document_selector(xss_built, opened):
    """Two documents: sizes and the panel follow the selected one."""
    loaded = opened(xss_built.out / "concept-map.html")
    page = loaded.page
    options = page.locator("#doc-select option").all_inner_texts()
    assert len(options) == 3  # all, the paper, the xss paper
    size = "marxkgMap.nodes.get('fixed-capital').size"
    everywhere = page.evaluate(size)
    page.select_option("#doc-select", "xss-paper")
    assert page.evaluate(size) < everywhere
    page.evaluate("marxkgMap.openConcept('fixed-capital')")
    docs = page.evaluate(
        "[...document.querySelectorAll('#panel .evidence')].map(e => e.getAttribute('data-doc'))"
    )
    assert set(docs) <= {"xss-paper"}
    page.select_option("#doc-select", "")
    assert page.evaluate(size) == everywhere
    assert loaded.errors == []


@pytest.mark.parametrize("inside", [0, 3])
def test_reader_finds_the_sentence_of_an_iri_fragment(built, opened, paper, inside):
    """``#char=B,E``, a sentence IRI's fragment (the query page links results so), marks
    the sentence holding offset B, as ``#s<i>`` does, and scrolls it into view."""
    s = paper.sentences[40]
    page = opened(built.out / PAGES["reader"], f"char={s.start + inside},{s.end}").page
    lit = page.evaluate("[...document.querySelectorAll('.s.targeted')].map(n => n.dataset.s)")
    assert lit and set(lit) == {"40"}
    top = page.evaluate("document.getElementById('s40').getBoundingClientRect().top")
    assert 0 <= top < page.viewport_size["height"]


def test_reader_ignores_an_offset_outside_every_sentence(built, opened, paper):
    end = max(x.end for x in paper.sentences)
    loaded = opened(built.out / PAGES["reader"], f"char={end + 1000},{end + 1001}")
    assert loaded.page.evaluate("document.querySelectorAll('.s.targeted').length") == 0
    assert loaded.errors == []


def test_reader_sentence_link_is_highlighted(built, opened, paper):
    page = opened(built.out / PAGES["reader"], "s40").page
    lit = page.evaluate("[...document.querySelectorAll('.s.targeted')].map(n => n.dataset.s)")
    assert lit and set(lit) == {"40"}  # the Chinese sentence and its English
    colour = page.evaluate("getComputedStyle(document.getElementById('s40')).backgroundColor")
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent")
    page.click("#s41", position={"x": 4, "y": 4})
    assert page.evaluate("location.hash") == "#s41"
    assert page.evaluate("document.querySelector('#s40').classList.contains('targeted')") is False


def test_reader_table_of_contents(built, opened, paper):
    page = opened(built.out / PAGES["reader"]).page
    toc = page.locator("#toc a")
    headings = [b for b in paper.blocks if b.kind == "heading"]
    assert toc.count() == len(headings) + 2  # abstract, headings, notes
    for href in toc.evaluate_all("as => as.map(a => a.getAttribute('href'))"):
        assert page.locator(href).count() == 1, href


def test_reader_find(built, opened, paper):
    page = opened(built.out / PAGES["reader"]).page
    page.fill("#find", "机器体系")
    want = sum(1 for s in paper.sentences if "机器体系" in paper.text[s.start : s.end])
    zh_hits = page.locator(".zh .s.hit").count()
    assert zh_hits == want
    page.press("#find", "Enter")
    assert page.inner_text("#find-count").startswith("1 / ")
    page.fill("#find", "no such text 无此文字")
    assert page.locator(".s.hit").count() == 0


def _links(page) -> set[str]:
    return set(
        page.evaluate(
            "[...document.querySelectorAll('a[href]')].map(a => a.href).map(h => h.split('#')[0])"
        )
    )


@pytest.mark.parametrize("name", PAGES)
def test_every_page_links_to_every_other(built, opened, name):
    loaded = opened(built.out / PAGES[name])
    links = _links(loaded.page)
    others = {(built.out / rel).resolve().as_uri() for rel in PAGES.values()}
    assert others - {(built.out / PAGES[name]).resolve().as_uri()} <= links
    assert loaded.errors == [] and loaded.foreign_requests == []


def test_index_links_every_data_file(built, opened):
    from marxkg import paths

    links = _links(opened(built.out / "index.html").page)
    files = [paths.BUILD_FILES[k] for k in ("graph", "graph_jsonld", "report")]
    files += [
        f"{PAPER_ID}/{paths.DOC_FILES[k]}"
        for k in ("document", "tei", "conllu", "annotations", "tokens_ttl")
    ]
    for rel in files:
        assert (built.out / rel).is_file(), rel
        assert (built.out / rel).resolve().as_uri() in links, rel


# --- the query page of marxkg serve ---------------------------------------------------------


def open_served(browser, url: str) -> Loaded:
    page = browser.new_page(viewport=VIEWPORT, accept_downloads=True)
    loaded = Loaded(page)
    page.on("console", lambda m: loaded.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: loaded.errors.append(str(e)))
    page.on("request", lambda r: loaded.requests.append(r.url))
    page.goto(url)
    return loaded


ROWS = "() => document.body.getAttribute('data-rows') !== null"


@pytest.fixture
def query_page(browser, sparql_endpoint):
    root = sparql_endpoint.url.rsplit("/sparql", 1)[0]
    loaded = open_served(browser, root + "/")
    yield loaded, root
    loaded.page.close()


def _run(page):
    page.evaluate("() => document.body.removeAttribute('data-rows')")
    page.click("#run")
    page.wait_for_function(ROWS, timeout=30_000)
    return page.get_attribute("body", "data-rows")


def test_query_page_runs_a_named_query_with_a_label(query_page, browser):
    import csv
    import io

    loaded, root = query_page
    page = loaded.page
    names = page.locator("#named-list button").evaluate_all(
        "bs => bs.map(b => b.getAttribute('data-query'))"
    )
    from marxkg.query.library import load_library

    assert names == list(load_library())
    page.click('button[data-query="concept-sentences"]')
    assert "slug (fixed-capital) or any label" in page.inner_text("#params")
    page.fill("#param-concept", "固定资本")
    rows = int(_run(page))
    assert rows > 10
    first = page.locator("#results tbody tr").first
    assert first.locator("a").first.get_attribute("href") == "/concept-map.html#fixed-capital"
    # then the citing document (its reader) and the sentence (a permalink in the reader)
    assert first.locator("a").nth(1).get_attribute("href") == f"/{PAPER_ID}/reader.html"
    # the sentence's IRI fragment, which the reader resolves to the sentence (the page
    # reads no document.json to turn offsets into sentence numbers)
    sentence = first.locator("a").nth(2).get_attribute("href")
    assert re.fullmatch(rf"/{PAPER_ID}/reader\.html#char=\d+,\d+", sentence)
    headers = page.locator("#results thead th").all_inner_texts()
    zh = first.locator("td").nth(headers.index("zh")).inner_text()
    reader = open_served(browser, root + sentence)
    try:
        reader.page.wait_for_function("document.body.getAttribute('data-ready') === 'true'")
        lit = reader.page.locator(".zh .s.targeted").all_inner_texts()
        assert lit and zh[:12] in "".join(lit).replace("\n", "")
        assert reader.errors == []
    finally:
        reader.page.close()
    with page.expect_download() as dl:
        page.click("#download-csv")
    table = list(csv.reader(io.StringIO(Path(dl.value.path()).read_text("utf-8-sig"))))
    assert len(table) == rows + 1 and table[0][0] == "concept"
    with page.expect_download() as dl:
        page.click("#download-json")
    assert len(json.loads(Path(dl.value.path()).read_text())["results"]["bindings"]) == rows
    assert loaded.errors == []
    assert all(u.startswith((root + "/", "blob:")) for u in loaded.requests)


def test_query_page_runs_a_typed_query(query_page):
    loaded, _ = query_page
    page = loaded.page
    page.evaluate(
        "() => marxkgQuery.editor.setValue('SELECT (COUNT(*) AS ?n) WHERE { ?f a mkg:Footnote }')"
    )
    assert _run(page) == "1"
    assert page.inner_text("#results tbody td") == "58"
    assert loaded.errors == []


def test_query_page_refuses_an_update(query_page):
    loaded, _ = query_page
    page = loaded.page
    page.evaluate(
        "() => marxkgQuery.editor.setValue('INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }')"
    )
    assert _run(page) == "error"
    assert "HTTP 403" in page.inner_text("#error") and "read-only" in page.inner_text("#error")
    # the only console message is Chromium's note of the refused request itself
    assert all("403" in e for e in loaded.errors)


def test_query_page_links_to_every_page(query_page):
    loaded, root = query_page
    links = _links(loaded.page)
    for rel in PAGES.values():
        assert f"{root}/{rel}" in links, rel
    page = loaded.page
    page.goto(f"{root}/index.html")
    assert "marxkg" in page.title()


# --- citation index on a corpus of three papers ------------------------------------------
# The shipped paper, tests/data/citation-variants and a generated paper citing
# 《马克思恩格斯文集》第5卷 120 times (so that the volume's table is paged): the document
# selector, the pager, the copy button and the downloads.

CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def many_citations(blocks: int = 6, per: int = 20) -> str:
    """A paper of `blocks` page blocks, each with `per` quotations and their footnotes."""
    lines = [
        "许多引用的小样本",
        "",
        "赵六",
        "",
        "【内容提要】本文反复引用同一卷。",
        "",
        "【关键词】机器体系",
        "",
    ]
    for b in range(blocks):
        lines += [
            "".join(
                f"第{b * per + k + 1}句引用“机器是劳动资料{b}-{k}”。^{CIRCLED[k]}"
                for k in range(per)
            ),
            "",
        ]
        lines += [
            f"{CIRCLED[k]} 《马克思恩格斯文集》第5卷，人民出版社2009年版，第{100 + b * per + k}页。"
            for k in range(per)
        ]
        lines += [""]
    return "\n".join(lines) + "\n"


def make_corpus3(corpus: Path) -> Path:
    import shutil

    from tests import ROOT

    shutil.copytree(ROOT / "corpus" / PAPER_ID, corpus / PAPER_ID)
    shutil.copytree(ROOT / "tests" / "data" / "citation-variants", corpus / "cite-variants")
    many = corpus / "many"
    many.mkdir()
    (many / "source.md").write_text(many_citations(), encoding="utf-8")
    (many / "metadata.yaml").write_text(
        "doc_id: many\ntitle:\n  zh-Hans: 许多引用的小样本\nlanguage: zh-Hans\n", encoding="utf-8"
    )
    return corpus


@pytest.fixture(scope="module")
def corpus_build(tmp_path_factory):
    from marxkg.build import build
    from tests import ROOT

    corpus = make_corpus3(tmp_path_factory.mktemp("corpus3"))
    return build(corpus, ROOT / "ontology", tmp_path_factory.mktemp("out3"), force=True)


def visible_rows(page, doc: str) -> int:
    return page.locator(f"tbody tr:visible td[data-doc='{doc}']").count()


def test_document_selector(corpus_build, opened):
    loaded = opened(corpus_build.out / "citations.html")
    page = loaded.page
    page.select_option("#doc-select", "cite-variants")
    assert visible_rows(page, "cite-variants") == 8  # 8 citations (read off source.md)
    assert visible_rows(page, PAPER_ID) == 0 and visible_rows(page, "many") == 0
    page.select_option("#doc-select", PAPER_ID)
    assert visible_rows(page, PAPER_ID) == 61
    assert loaded.errors == [] and loaded.foreign_requests == []


def test_long_table_is_paged(corpus_build, opened):
    page = opened(corpus_build.out / "citations.html").page
    section = "#vol-marx-engels-wenji-2009-5"
    pager = page.locator(f"{section} .pager")
    assert pager.is_visible()
    total = page.locator(f"{section} tbody tr").count()
    assert total > 100
    assert page.locator(f"{section} tbody tr:visible").count() == 100
    assert pager.locator(".pager-info").inner_text() == "1 / 2"
    pager.locator(".next").click()
    assert page.locator(f"{section} tbody tr:visible").count() == total - 100
    page.select_option("#doc-select", "many")
    assert page.locator(f"{section} tbody tr:visible").count() == 100  # 120 rows: page 1
    page.fill("#filter", "第120句")
    assert page.locator(f"{section} tbody tr:visible").count() == 1
    assert not pager.is_visible()


def test_copy_button(corpus_build, opened):
    page = opened(corpus_build.out / "citations.html").page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    button = page.locator("td.rendered button.copy").first
    expected = page.locator("td.rendered .ref-text").first.inner_text()
    button.click()
    page.wait_for_function("document.querySelector('button.copy.done') !== null")
    assert page.evaluate("navigator.clipboard.readText()") == expected


def test_downloads_exist(corpus_build, opened):
    page = opened(corpus_build.out / "citations.html").page
    hrefs = page.eval_on_selector_all(".downloads a", "as => as.map(a => a.getAttribute('href'))")
    assert len(hrefs) == 3 * 4
    for href in hrefs:
        assert (corpus_build.out / href).is_file(), href


# --- the same corpus with the rows as JSON (a virtualised table) --------------------------
# Above `INLINE_ROWS` citations (claims) the page carries its rows as JSON and the script
# builds only the page of rows shown; lowered here so that the three-paper corpus (189
# citations; the paper's 81 claims and more) takes that path. The rows it builds must be
# the rows the template writes.


@pytest.fixture(scope="module")
def lazy_build(corpus_build, tmp_path_factory):
    from marxkg.build import build
    from marxkg.html import citations, claims
    from tests import ROOT

    corpus = make_corpus3(tmp_path_factory.mktemp("corpus3-lazy"))
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(citations, "INLINE_ROWS", 50)
        mp.setattr(claims, "INLINE_ROWS", 50)
        return build(corpus, ROOT / "ontology", tmp_path_factory.mktemp("out3-lazy"), force=True)


@pytest.fixture(scope="module", params=["inline", "lazy"])
def claims_build(request, corpus_build):
    return corpus_build if request.param == "inline" else request.getfixturevalue("lazy_build")


@pytest.fixture(scope="module", params=["inline", "lazy"])
def citations_build(request, corpus_build):
    return corpus_build if request.param == "inline" else request.getfixturevalue("lazy_build")


def test_lazy_page_holds_only_the_rows_shown(lazy_build, corpus_build, opened):
    text = (lazy_build.out / "citations.html").read_text(encoding="utf-8")
    assert 'id="mkg-citations"' in text and "<tr id=" not in text
    page = opened(lazy_build.out / "citations.html").page
    section = "#vol-marx-engels-wenji-2009-5"
    assert page.locator(f"{section} tbody tr").count() == 100  # of 120 + the paper's
    assert page.inner_text("#filter-count") == "189 / 189"  # 61 + 8 + 120 citations


def test_lazy_rows_are_the_template_rows(lazy_build, corpus_build, opened):
    """Every row the script builds (first page of each table) reads as the inline row."""
    inline = opened(corpus_build.out / "citations.html").page
    lazy = opened(lazy_build.out / "citations.html").page
    script = """() => Array.from(document.querySelectorAll('tbody tr'))
        .filter(r => !r.hidden).map(r => [r.id, r.innerText,
          Array.from(r.querySelectorAll('a')).map(a => a.getAttribute('href')),
          Array.from(r.querySelectorAll('[id]')).map(a => a.id)])"""
    got, want = lazy.evaluate(script), inline.evaluate(script)
    assert len(got) == len(want) > 100
    assert got == want


@pytest.mark.parametrize(
    ("doc", "rows"), [("cite-variants", 8), (PAPER_ID, 61), ("many", 120)]
)  # citations per document, read off the sources
def test_document_selector_both_ways(citations_build, opened, doc, rows):
    page = opened(citations_build.out / "citations.html").page
    page.select_option("#doc-select", doc)
    assert page.inner_text("#filter-count") == f"{rows} / 189"
    shown = page.locator("tbody tr:visible td[data-doc]")
    assert shown.count() == min(rows, 100)  # "many": one table of 120, its first page
    assert set(
        page.locator("tbody tr:visible td[data-doc]").evaluate_all(
            "cells => cells.map(c => c.getAttribute('data-doc'))"
        )
    ) == {doc}


def test_lazy_pager_filter_and_sort(lazy_build, opened):
    loaded = opened(lazy_build.out / "citations.html")
    page = loaded.page
    section = "#vol-marx-engels-wenji-2009-5"
    pager = page.locator(f"{section} .pager")
    assert pager.locator(".pager-info").inner_text() == "1 / 2"
    pager.locator(".next").click()
    assert page.locator(f"{section} tbody tr").count() > 0
    page.select_option("#doc-select", "many")
    page.fill("#filter", "第120句")
    assert page.locator(f"{section} tbody tr").count() == 1
    assert "第120句" in page.locator(f"{section} tbody tr").inner_text()
    assert not pager.is_visible()
    page.fill("#filter", "")
    page.click(f"{section} thead th:first-child button")
    keys = page.locator(f"{section} tbody tr td:first-child").evaluate_all(
        "cells => cells.map(c => Number(c.getAttribute('data-key')))"
    )
    assert len(keys) == 100 and keys == sorted(keys, reverse=True)
    assert loaded.errors == [] and loaded.foreign_requests == []


VISIBLE_ROWS = """() => Array.from(document.querySelectorAll('tbody tr'))
    .filter(r => !r.hidden).map(r => [r.id, r.innerText,
      Array.from(r.querySelectorAll('a')).map(a => a.getAttribute('href')),
      Array.from(r.querySelectorAll('[data-doc]')).map(a => a.getAttribute('data-doc'))])"""


def test_lazy_claims_rows_are_the_template_rows(lazy_build, corpus_build, opened):
    """The claims page of the same corpus with its rows as JSON: the rows the script
    builds (claims.js) read as the rows the template writes, and only they are in it."""
    text = (lazy_build.out / "claims.html").read_text(encoding="utf-8")
    assert 'id="mkg-claims"' in text and '<tr id="claim-' not in text
    inline = opened(corpus_build.out / "claims.html")
    lazy = opened(lazy_build.out / "claims.html")
    got, want = lazy.page.evaluate(VISIBLE_ROWS), inline.page.evaluate(VISIBLE_ROWS)
    assert len(got) == len(want) == 81  # only the paper states figures
    assert got == want
    assert lazy.errors == [] and lazy.foreign_requests == []


def test_claims_document_selector_and_filter_both_ways(claims_build, opened):
    page = opened(claims_build.out / "claims.html").page
    total = page.inner_text("#filter-count").split(" / ")[1]
    page.select_option("#doc-select", PAPER_ID)
    assert page.inner_text("#filter-count") == f"81 / {total}"  # the paper's 81 claims
    docs = page.locator("tbody tr:visible td[data-doc]").evaluate_all(
        "cells => cells.map(c => c.getAttribute('data-doc'))"
    )
    assert set(docs) == {PAPER_ID} and len(docs) == 81
    page.fill("#filter", "unsourced 无来源")  # the paper's two unsourced figures
    assert page.inner_text("#filter-count") == f"2 / {total}"
    assert page.is_visible("#unsourced")


def test_lazy_link_to_a_row_on_a_later_page(lazy_build, corpus_build, opened):
    inline = opened(corpus_build.out / "citations.html").page
    section = "#vol-marx-engels-wenji-2009-5"
    last = inline.locator(f"{section} tbody tr").last.get_attribute("id")
    page = opened(lazy_build.out / "citations.html", fragment=last).page
    assert page.locator(f"#{last}").count() == 1
    assert page.locator(f"{section} .pager-info").inner_text() == "2 / 2"
