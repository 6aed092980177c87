"""citations.html in headless Chromium on a corpus of three papers: the shipped paper,
tests/data/citation-variants, and a generated paper citing 《马克思恩格斯文集》第5卷 120
times (so the volume's table is paged). Document selector, pager, copy button, downloads."""

from __future__ import annotations

import shutil

import pytest

from tests import PAPER_ID, ROOT
from tests.test_browser import browser, opened  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser

CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def many_citations(blocks: int = 6, per: int = 20) -> str:
    """A paper of `blocks` page blocks, each with `per` quotations and their footnotes."""
    lines = ["许多引用的小样本", "", "赵六", "", "【内容提要】本文反复引用同一卷。", "",
             "【关键词】机器体系", ""]
    for b in range(blocks):
        lines += ["".join(f"第{b * per + k + 1}句引用“机器是劳动资料{b}-{k}”。^{CIRCLED[k]}"
                          for k in range(per)), ""]
        lines += [f"{CIRCLED[k]} 《马克思恩格斯文集》第5卷，人民出版社2009年版，第{100 + b * per + k}页。"
                  for k in range(per)]
        lines += [""]
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def corpus_build(tmp_path_factory):
    from marxkg.build import build

    corpus = tmp_path_factory.mktemp("corpus3")
    shutil.copytree(ROOT / "corpus" / PAPER_ID, corpus / PAPER_ID)
    shutil.copytree(ROOT / "tests" / "data" / "citation-variants", corpus / "cite-variants")
    many = corpus / "many"
    many.mkdir()
    (many / "source.md").write_text(many_citations(), encoding="utf-8")
    (many / "metadata.yaml").write_text(
        "doc_id: many\ntitle:\n  zh-Hans: 许多引用的小样本\nlanguage: zh-Hans\n", encoding="utf-8")
    return build(corpus, ROOT / "ontology", tmp_path_factory.mktemp("out3"), force=True)


def visible_rows(page, doc: str) -> int:
    return page.locator(f"tbody tr:visible td[data-doc='{doc}']").count()


def test_document_selector(corpus_build, opened):  # noqa: F811
    loaded = opened(corpus_build.out / "citations.html")
    page = loaded.page
    page.select_option("#doc-select", "cite-variants")
    assert visible_rows(page, "cite-variants") == 8  # 8 citations (read off source.md)
    assert visible_rows(page, PAPER_ID) == 0 and visible_rows(page, "many") == 0
    page.select_option("#doc-select", PAPER_ID)
    assert visible_rows(page, PAPER_ID) == 61
    assert loaded.errors == [] and loaded.foreign_requests == []


def test_long_table_is_paged(corpus_build, opened):  # noqa: F811
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


def test_copy_button(corpus_build, opened):  # noqa: F811
    page = opened(corpus_build.out / "citations.html").page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    button = page.locator("td.rendered button.copy").first
    expected = page.locator("td.rendered .ref-text").first.inner_text()
    button.click()
    page.wait_for_function("document.querySelector('button.copy.done') !== null")
    assert page.evaluate("navigator.clipboard.readText()") == expected


def test_downloads_exist(corpus_build, opened):  # noqa: F811
    page = opened(corpus_build.out / "citations.html").page
    hrefs = page.eval_on_selector_all(".downloads a", "as => as.map(a => a.getAttribute('href'))")
    assert len(hrefs) == 3 * 4
    for href in hrefs:
        assert (corpus_build.out / href).is_file(), href
