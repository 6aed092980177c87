"""The query page of ``marxkg serve`` (marxkg.serve.page): the page, /prepare, and the build
files served beside it (by name only). Its behaviour in a browser: tests/test_browser.py."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request

import pytest

from tests import PAPER_ID


def get(url: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


@pytest.fixture(scope="module")
def root(sparql_endpoint) -> str:
    return sparql_endpoint.url.rsplit("/sparql", 1)[0]


def test_query_page(root):
    from marxkg.query.library import load_library

    status, headers, body = get(root + "/")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    text = body.decode("utf-8")
    assert "connect-src &#39;self&#39;" in text and "CodeMirror" in text
    assert not re.search(r"""\b(src|href)\s*=\s*["']?(https?:)?//""", text)  # no CDN
    assert "<script src" not in text and "<link" not in text
    data = json.loads(text.split('id="mkg-queries">', 1)[1].split("</script>", 1)[0])
    assert [q["name"] for q in data["queries"]] == list(load_library())


@pytest.mark.parametrize("value", ["fixed-capital", "固定资本", "fixed capital"])
def test_prepare_binds_a_concept_by_slug_or_label(root, value):
    qs = urllib.parse.urlencode({"name": "concept-sentences", "bind": f"concept={value}"})
    status, _, body = get(f"{root}/prepare?{qs}")
    assert status == 200
    text = json.loads(body)["query"]
    assert "VALUES ?concept { <https://w3id.org/marxkg/concept/fixed-capital> }" in text


@pytest.mark.parametrize(
    "qs,status,code",
    [
        ({"name": "concept-sentences", "bind": "concept=fixed-captial"}, 400, "bad_binding"),
        ({"name": "no-such-query"}, 404, "no_such_query"),
        ({}, 404, "no_such_query"),
    ],
)
def test_prepare_errors(root, qs, status, code):
    got, _, body = get(f"{root}/prepare?{urllib.parse.urlencode(qs)}")
    assert got == status and json.loads(body)["error"] == code


@pytest.mark.parametrize(
    "path,ctype",
    [
        ("/index.html", "text/html"),
        ("/concept-map.html", "text/html"),
        ("/ontology.html", "text/html"),
        (f"/{PAPER_ID}/reader.html", "text/html"),
        ("/graph.ttl", "text/turtle"),
        (f"/{PAPER_ID}/tei.xml", "application/xml"),
    ],
)
def test_build_files_are_served(root, built, path, ctype):
    status, headers, body = get(root + path)
    assert status == 200 and headers["Content-Type"].startswith(ctype)
    assert body == (built.out / path.lstrip("/")).read_bytes()


@pytest.mark.parametrize(
    "path",
    [
        "/../pyproject.toml",
        "/%2e%2e/pyproject.toml",
        f"/{PAPER_ID}/../graph.ttl",
        "/.build-stamp.json",
        f"/{PAPER_ID}/source.md",
        "/etc/passwd",
        "/README.md",
    ],
)
def test_nothing_else_is_served(root, path):
    status, _, body = get(root + path)
    assert status == 404 and json.loads(body)["error"] == "not_found"


@pytest.mark.parametrize(
    "n,index,readers,all_readers_link",
    [
        (1, True, ["/d0/reader.html"], False),
        (12, True, [f"/d{i}/reader.html" for i in range(12)], False),
        (13, True, [], True),
        (1000, True, [], True),
        # no front page to point to: every reader is linked
        (13, False, [f"/d{i}/reader.html" for i in range(13)], False),
    ],
)
def test_query_page_links_every_reader_only_for_a_few_documents(
    tmp_path, n, index, readers, all_readers_link
):
    """As on the site's pages (tests/test_html.py): beyond a dozen documents the query
    page's navigation has one link to the front page's table of documents, not one per
    reader (a thousand papers gave the page a thousand links)."""
    from marxkg.serve.page import _nav

    if index:
        (tmp_path / "index.html").write_text("<!doctype html>", encoding="utf-8")
    docs = {
        f"d{i}": {"title": "人工智能资本主义应用的机器体系批判", "reader": True} for i in range(n)
    }
    links = _nav(tmp_path, docs)
    assert [x["href"] for x in links if x["key"].startswith("reader:")] == readers
    found = [x for x in links if x["key"] == "readers"]
    assert bool(found) == all_readers_link
    if found:
        assert found[0] == {
            "key": "readers",
            "text": f"阅读 Readers ({n})",
            "current": False,
            "href": "/index.html#documents",
        }
    if 1 < n <= 12:  # a title is shortened as on the site's pages
        assert links[-1]["text"] == "阅读 Reader: 人工智能资本主义应用的…"  # 11 characters and …


def test_query_page_lists_the_documents_without_reading_them(tmp_path):
    """The query page needs to know which documents have a reader, not their sentences (a
    sentence IRI's link carries its offsets, which the reader resolves): a listing, no
    ``document.json`` read (a thousand papers' files took seconds). A file that is not
    JSON is not read, so it is listed as any other."""
    from marxkg.serve.page import _documents, _nav

    for doc_id, text, reader in (
        ("d0", "not json", True),
        ("d1", json.dumps({"front": {"title": "机器体系与固定资本"}}), True),
        ("d2", "{}", False),
    ):
        (tmp_path / doc_id).mkdir()
        (tmp_path / doc_id / "document.json").write_text(text, encoding="utf-8")
        if reader:
            (tmp_path / doc_id / "reader.html").write_text("<!doctype html>", encoding="utf-8")
    docs = _documents(tmp_path)
    assert docs == {"d0": {"reader": True}, "d1": {"reader": True}, "d2": {"reader": False}}
    # the navigation names a few readers: their titles are read then (the id if unreadable)
    texts = [x["text"] for x in _nav(tmp_path, docs) if x["key"].startswith("reader:")]
    assert texts == ["阅读 Reader: d0", "阅读 Reader: 机器体系与固定资本"]
