"""The query page of ``marxkg serve`` at ``/``, and the built site beside it.

- ``GET /``: the query page: the named queries with their parameters and descriptions, a
  SPARQL editor (CodeMirror 5 with its SPARQL mode, vendored under ``static/vendor/``), the
  results as a table with CSV/JSON download and IRIs linked to the site's pages. The page's
  script sends every query to ``/sparql``, so it passes the same guard as any client.
- ``GET /prepare?name=NAME&bind=VAR=VALUE``: a named query's text with its parameters bound
  (``marxkg query``'s binding: concept parameters take a slug or any label), as JSON.
- ``GET /index.html``, ``/concept-map.html``, ``/<doc-id>/reader.html``, ``/graph.ttl``, ...:
  the files of the build (only the names of `marxkg.paths`, nothing else of the disk).

`answer_page` is the front's only hook; it answers or returns False (the front goes on).
"""

from __future__ import annotations

import json
import logging
import re
import urllib.parse
from functools import lru_cache
from pathlib import Path
from typing import Any

from marxkg import paths
from marxkg.serve.guard import Refusal

log = logging.getLogger(__name__)

TEMPLATE = "query.html"
VENDOR = "vendor/codemirror/"
SITE_PAGES = ("index_html", "concept_map", "citations_html", "claims_html", "ontology_html")
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".ttl": "text/turtle; charset=utf-8",
    ".jsonld": "application/ld+json",
    ".json": "application/json",
    ".xml": "application/xml",
    ".conllu": "text/plain; charset=utf-8",
}
BUILD_NAMES = frozenset(
    paths.BUILD_FILES[k] for k in ("graph", "graph_jsonld", "report", *SITE_PAGES)
)
DOC_NAMES = frozenset(paths.DOC_FILES.values())
DOC_PATH = re.compile(r"^/(?P<doc>[a-z0-9][a-z0-9-]*)/(?P<name>[a-z.]+)$")
ID_ATTR = re.compile(r'\bid="([^"]+)"')
MAX_BINDS = 20


def build_file(site_dir: Path, path: str) -> Path | None:
    """The build file a request path names, if it is one we serve and it exists."""
    name = path.lstrip("/")
    if name in BUILD_NAMES:
        target = site_dir / name
    else:
        m = DOC_PATH.match(path)
        if not m or m.group("name") not in DOC_NAMES:
            return None
        target = site_dir / m.group("doc") / m.group("name")
    return target if target.is_file() else None


def _documents(site_dir: Path) -> dict[str, Any]:
    """doc id -> {reader: whether it has one}, for the documents of the build: a listing,
    no file read (a paper's ``document.json`` is ~330 KB; a thousand of them took seconds
    to read for every new build served). The query page links a sentence's IRI to its
    reader as ``#char=B,E``, which the reader resolves itself."""
    return {
        path.parent.name: {"reader": (path.parent / paths.DOC_FILES["reader"]).is_file()}
        for path in sorted(site_dir.glob(f"*/{paths.DOC_FILES['document']}"))
    }


def _title(site_dir: Path, doc_id: str) -> str:
    """A document's title, from its ``document.json`` (read only for the few documents the
    navigation names)."""
    path = site_dir / doc_id / paths.DOC_FILES["document"]
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        log.warning("query page: cannot read %s: %s", path, exc)
        return doc_id
    return str((doc.get("front") or {}).get("title") or doc_id)


def _anchors(site_dir: Path) -> dict[str, list[str]]:
    out = {}
    for key in ("citations_html", "ontology_html"):
        page = site_dir / paths.BUILD_FILES[key]
        if page.is_file():
            out[page.name] = sorted(set(ID_ATTR.findall(page.read_text(encoding="utf-8"))))
    return out


def _nav(site_dir: Path, docs: dict[str, Any]) -> list[dict[str, Any]]:
    texts = {
        "index_html": "首页 Home",
        "concept_map": "概念图 Concept map",
        "citations_html": "引文索引 Citations",
        "claims_html": "数据论断 Claims",
        "ontology_html": "本体 Ontology",
    }
    links = [{"key": "query", "text": "查询 Query", "href": "/", "current": True}]
    for key in SITE_PAGES:
        if (site_dir / paths.BUILD_FILES[key]).is_file():
            links.append(
                {
                    "key": key,
                    "text": texts[key],
                    "current": False,
                    "href": "/" + urllib.parse.quote(paths.BUILD_FILES[key]),
                }
            )
    from marxkg.html.site import NAV_DOCS, NAV_TITLE

    readers = {doc_id: doc for doc_id, doc in docs.items() if doc["reader"]}
    if len(readers) > NAV_DOCS and (site_dir / paths.BUILD_FILES["index_html"]).is_file():
        # as on the site's pages: one link to the front page's table of documents, not a
        # link per reader (a thousand papers would give the page a thousand links)
        index = "/" + urllib.parse.quote(paths.BUILD_FILES["index_html"])
        text = f"阅读 Readers ({len(readers)})"
        return [
            *links,
            {"key": "readers", "text": text, "current": False, "href": index + "#documents"},
        ]
    for doc_id, doc in readers.items():
        title = doc.get("title") or _title(site_dir, doc_id)
        short = title if len(title) <= NAV_TITLE else title[: NAV_TITLE - 1] + "…"
        links.append(
            {
                "key": f"reader:{doc_id}",
                "text": "阅读 Reader" + ("" if len(docs) == 1 else f": {short}"),
                "current": False,
                "href": f"/{urllib.parse.quote(doc_id)}/{paths.DOC_FILES['reader']}",
            }
        )
    return links


def queries_json() -> list[dict[str, Any]]:
    from marxkg.query.library import describe_param, load_library
    from marxkg.query.runner import with_prefixes

    return [
        {
            "name": q.name,
            "description": q.description,
            "text": with_prefixes(q.text),  # the project's PREFIX lines, from marxkg.vocab
            "params": [describe_param(p) for p in q.params],
            "tokens": q.needs_tokens,
        }
        for q in load_library().values()
    ]


@lru_cache(maxsize=4)
def _page(site_dir: Path, stamp: float, help_text: str) -> bytes:
    from marxkg.html.templating import (
        Page,
        inline_script,
        inline_style,
        make_env,
        script_json,
        static_text,
    )
    from marxkg.store import read_stamp
    from marxkg.vocab import DEFAULT_BASE, prefixes

    base = read_stamp(site_dir).get("base") or DEFAULT_BASE  # the build's --base
    docs = _documents(site_dir)
    page = Page(
        title="查询 · Query — marxkg",
        body_class="query",
        nav=_nav(site_dir, docs),
        styles=[
            inline_style(static_text(VENDOR + "codemirror.css")),
            inline_style(static_text("query.css")),
        ],
        scripts=[
            inline_script(static_text(VENDOR + "codemirror.min.js")),
            inline_script(static_text(VENDOR + "sparql.min.js")),
            inline_script(static_text("common.js")),
            inline_script(static_text("query.js")),
        ],
        data=[
            (
                "mkg-queries",
                script_json(
                    {
                        "queries": queries_json(),
                        "base": base,
                        "endpoint": "/sparql",
                        "prefixes": prefixes(base),
                        "documents": docs,
                        "anchors": _anchors(site_dir),
                        "pages": {
                            key: (site_dir / paths.BUILD_FILES[key]).is_file() for key in SITE_PAGES
                        },
                    }
                ),
            )
        ],
        connect="'self'",
    )
    html = make_env().get_template(TEMPLATE).render(page=page, help_text=help_text)
    return html.encode("utf-8")


def _stamp(site_dir: Path) -> float:
    graph = site_dir / paths.BUILD_FILES["graph"]
    return graph.stat().st_mtime if graph.exists() else 0.0


def prepared(query: dict[str, list[str]], settings: Any) -> dict[str, str]:
    """``/prepare``: a named query with its parameters bound (``bind=VAR=VALUE``)."""
    from marxkg.query.binding import is_concept_param, resolve_concept_binds
    from marxkg.query.library import load_library
    from marxkg.query.results import QueryError
    from marxkg.query.runner import EndpointEngine, prepare
    from marxkg.query.sparql import parse_binding

    names = query.get("name", [])
    binds = [b for b in query.get("bind", []) if b.partition("=")[2].strip()]
    library = load_library()
    if len(names) != 1 or names[0] not in library:
        raise Refusal(404, "no_such_query", "name one of the named queries (name=...)")
    if len(binds) > MAX_BINDS:
        raise Refusal(400, "bad_parameters", f"at most {MAX_BINDS} bindings")
    named = library[names[0]]
    try:
        if any(is_concept_param(named, parse_binding(b)[0]) for b in binds):
            host = getattr(settings, "upstream_host", "127.0.0.1")
            port = getattr(settings, "upstream_port", None)
            if port is not None:
                engine = EndpointEngine(
                    f"http://{host}:{port}/query", getattr(settings, "timeout", 10)
                )
                binds = resolve_concept_binds(named, binds, engine)
        return {"name": named.name, "query": prepare(named, binds)}
    except QueryError as exc:
        raise Refusal(400, "bad_binding", str(exc)) from None


def answer_page(handler: Any, url: urllib.parse.SplitResult) -> bool:
    """Answer a GET for the query page, ``/prepare`` or a build file; False if not ours."""
    site_dir = Path(getattr(handler, "site_dir", None) or paths.build_dir())
    if url.path in ("/", ""):
        body = _page(site_dir.resolve(), _stamp(site_dir), handler._help())
        handler._send(200, body, "text/html; charset=utf-8")
        return True
    if url.path == "/prepare":
        params = urllib.parse.parse_qs(url.query, keep_blank_values=True, max_num_fields=50)
        answer = json.dumps(prepared(params, handler.settings), ensure_ascii=False) + "\n"
        handler._send(200, answer.encode("utf-8"), "application/json; charset=utf-8")
        return True
    target = build_file(site_dir, url.path)
    if target is None:
        return False
    ctype = CONTENT_TYPES.get(target.suffix, "application/octet-stream")
    handler._send(200, target.read_bytes(), ctype)
    return True
