"""Stage 5, HTML outputs: the front page (index.html), the concept map, one reader per
document, the citation index and the ontology reference; every page links to every other
through the shared navigation (`site.Site.nav`).

Every page is a single self-contained file (our CSS/JS and vis-network inlined, nothing
loaded from the network), every string escaped (jinja2 autoescape; embedded JSON made safe
by `templating.script_json`), and the same input gives the same bytes.

`render_html` returns ``{relative path: page}`` for the build to write; `write_html` writes
them (atomically) for use outside the build.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import Graph

from marxkg import paths
from marxkg.model import Document
from marxkg.rdf.namespaces import Iris

if TYPE_CHECKING:
    from marxkg.html.graphdata import EnglishLayer

log = logging.getLogger(__name__)


def _concept_map(site) -> dict[str, str]:
    from marxkg.html.concept_map import dumps_concept_map

    return {paths.BUILD_FILES["concept_map"]: dumps_concept_map(site)}


def _citations(site) -> dict[str, str]:
    from marxkg.html.citations import dumps_citations

    return {paths.BUILD_FILES["citations_html"]: dumps_citations(site)}


def _claims(site) -> dict[str, str]:
    from marxkg.html.claims import dumps_claims_page

    return {paths.BUILD_FILES["claims_html"]: dumps_claims_page(site)}


def _readers(site) -> Iterator[tuple[str, str]]:
    """One reader per document, made when asked for (a corpus's readers are never all held
    in memory at once)."""
    from marxkg.html.reader import dumps_reader

    for doc in site.docs:
        yield (
            f"{doc.doc_id}/{paths.DOC_FILES['reader']}",
            dumps_reader(doc, site.annotations.get(doc.doc_id), site),
        )


def _index(site) -> dict[str, str]:
    from marxkg.html.index import dumps_index

    return {paths.BUILD_FILES["index_html"]: dumps_index(site)}


def _ontology(site) -> dict[str, str]:
    from marxkg.html.ontology import dumps_ontology_html

    return {
        paths.BUILD_FILES["ontology_html"]: dumps_ontology_html(site.ontology, site.nav("ontology"))
    }


# page family -> function of the gathered site data returning {relative path: html} (or
# yielding its (relative path, html) pairs)
HTML_PAGES: dict[str, Callable[[Any], Mapping[str, str] | Iterator[tuple[str, str]]]] = {
    "index": _index,
    "ontology": _ontology,
    "concept-map": _concept_map,
    "reader": _readers,
    "citations": _citations,
    "claims": _claims,
}


def render_html(
    docs: Sequence[Document], anns: Mapping[str, Any], g: Graph, onto: Graph | None, iris: Iris
) -> dict[str, str]:
    """Every HTML page: ``{path relative to build/: html}`` (pure; writes nothing).

    ``g`` is the built graph (ontology, documents, mentions and, where present, the English
    layer); ``onto`` (the ontology alone) is what ontology.html describes, and the concepts'
    source if ``g`` holds none; without it, ontology.html describes ``g``."""
    return dict(iter_html(docs, anns, g, onto, iris))


def iter_html(
    docs: Sequence[Document],
    anns: Mapping[str, Any],
    g: Graph,
    onto: Graph | None,
    iris: Iris,
    english: EnglishLayer | None = None,
) -> Iterator[tuple[str, str]]:
    """The pages of `render_html` as ``(relative path, html)`` pairs, each made when it is
    asked for, so that a writer holds one page at a time."""
    from marxkg.html.site import site_data
    from marxkg.ontology import concepts

    graph = g
    if onto is not None and not concepts(g):
        graph = g + onto
    site = site_data(docs, anns, graph, iris, english)
    site.ontology = onto if onto is not None else g
    for name, render in HTML_PAGES.items():
        pages = render(site)
        n = 0
        for rel, html in pages.items() if isinstance(pages, Mapping) else pages:
            n += 1
            yield rel, html
        log.debug("html %s: %d page(s)", name, n)


def write_html(pages: dict[str, str], out: Path) -> list[Path]:
    """Write pages from `render_html` under ``out`` (atomically); return the paths."""
    from marxkg.atomic import write_text

    written = []
    for rel, html in sorted(pages.items()):
        target = Path(out) / rel
        write_text(target, html)
        written.append(target)
    return written
