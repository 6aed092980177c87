"""`marxkg validate` on a document printed in traditional characters (zh-Hant).

A traditional-script paper keeps its own text: its footnotes' `rdf:value` and its
sections' `dcterms:title` are tagged zh-Hant. The shapes asked for zh-Hans there, so a
correct build of such a paper failed validation (70 violations: every footnote and every
titled section) while a simplified-script copy of the same paper passed."""

from __future__ import annotations

import pytest

from marxkg.build import build
from marxkg.validate import validate_build
from tests.corpora import quick_ontology
from tests.variants import VARIANTS, render

pytestmark = pytest.mark.slow  # a build of a full-size paper and pySHACL


@pytest.fixture(scope="module")
def traditional(tmp_path_factory):
    root = tmp_path_factory.mktemp("hant")
    doc = root / "corpus" / "variant-traditional"
    doc.mkdir(parents=True)
    (doc / "source.md").write_text(render(VARIANTS["traditional"]), encoding="utf-8")
    onto = quick_ontology(root / "onto")
    result = build(root / "corpus", onto, root / "out", jobs=1, pages=False)
    return result, onto


def test_the_paper_is_read_as_traditional(traditional):
    result, _ = traditional
    (entry,) = result.report["documents"]
    assert (entry["script"], entry["language"]) == ("Hant", "zh-Hant")
    assert entry["counts"]["footnotes"] == 58
    assert entry["counts"]["sections"] == 13


def test_a_traditional_paper_validates(traditional):
    result, onto = traditional
    checked = validate_build(result.out, onto)
    assert checked.ok, checked.messages
    assert checked.per_document == {}
