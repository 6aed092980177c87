"""Every layout and citation fixture read again in traditional characters (OpenCC s2t of
the simplified source, derived here): the same notes, citations, sections, front matter
and editions. The labels, headings, cues and patterns the fixtures exercise all have
traditional forms (作者簡介, 參考文獻, 責任編輯, 見, 頁, 與 …); this keeps them from
drifting apart."""

from __future__ import annotations

from pathlib import Path

import pytest

from marxkg.citations import document_from_text
from marxkg.ingest.script import converter

DATA = Path(__file__).parent / "data"
FIXTURES = [
    "author-year", "unlabelled-bio", "web-inline", "notes-and-numbered-refs", "cnki-page",
    "citation-styles", "hardwrap-headings", "tortoise-brackets", "repeat-notes",
    "gbt-numeric-repeat",
]  # fmt: skip


def _shape(d) -> dict:
    t2s = converter("t2s").convert  # labels are as printed (馬克思 2004)
    return {
        "notes": [t2s(n.label) for n in d.footnotes],
        "markers": [(m.offset, m.cue, m.note, m.locator) for m in d.markers],
        "citations": [(c.footnote, c.quotation, c.page, c.characterization) for c in d.citations],
        "editions": [[(r.kind, r.edition, r.volume) for r in n.references] for n in d.footnotes],
        "bibliography": len(d.bibliography),
        "sections": [s.id for s in d.sections],
        "front": (
            bool(d.front.abstract),
            len(d.front.keywords),
            len(d.front.authors),
            d.front.editor is not None,
            bool(d.front.affiliation or d.front.affiliations),
        ),  # fmt: skip
        "uncertain": [(u.kind, u.source_line) for u in d.uncertain if u.kind != "script"],
    }


@pytest.mark.parametrize("name", FIXTURES)
def test_the_traditional_copy_reads_the_same(name):
    text = (DATA / name / "source.md").read_text(encoding="utf-8")
    hans = document_from_text(text, "hans")
    hant = document_from_text(converter("s2t").convert(text), "hant")
    assert hant.script == "Hant"
    assert _shape(hant) == _shape(hans)
