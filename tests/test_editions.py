"""The edition registry (ontology/editions.yaml): schema, facts, and the paper-level rules
(同上 and the ambiguity policy)."""

from __future__ import annotations

import copy

import pytest
import yaml

from marxkg.citations import structure_citations
from marxkg.citations.editions import EditionError, load_registry, parse_registry
from marxkg.model import Document, Footnote, FrontMatter
from tests import ROOT

REGISTRY = ROOT / "ontology" / "editions.yaml"


def raw():
    return yaml.safe_load(REGISTRY.read_text(encoding="utf-8"))


def test_registry_loads():
    reg = load_registry(REGISTRY)
    assert len(reg.editions) >= 20


@pytest.mark.parametrize(
    "edition, volumes, first, last, publisher",
    [
        ("marx-engels-wenji-2009", 10, 2009, 2009, "人民出版社"),
        ("marx-engels-quanji-1", 50, 1956, 1985, "人民出版社"),
        ("marx-engels-quanji-2", None, 1995, None, "人民出版社"),
        ("marx-engels-xuanji-1972", 4, 1972, 1972, "人民出版社"),
        ("marx-engels-xuanji-1995", 4, 1995, 1995, "人民出版社"),
        ("marx-engels-xuanji-2012", 4, 2012, 2012, "人民出版社"),
        ("capital-zh-1975", 3, 1975, 1975, "人民出版社"),
        ("capital-zh-2004", 3, 2004, 2004, "人民出版社"),
        ("capital-zh-2018", 3, 2018, 2018, "人民出版社"),
        ("lenin-quanji-2", 60, 1984, 2017, "人民出版社"),
        ("mao-wenji", 8, 1993, 1999, "人民出版社"),
        ("mecw", 50, 1975, 2004, "Lawrence & Wishart"),
        ("mew", 43, 1956, None, "Dietz Verlag"),
    ],
)
def test_registry_facts(edition, volumes, first, last, publisher):
    e = load_registry(REGISTRY).editions[edition]
    assert (e.volumes, e.years, e.publisher) == (volumes, (first, last), publisher)


@pytest.mark.parametrize(
    "edition, volume, labels",
    [
        ("marx-engels-quanji-1", "46", ("上", "下")),
        ("marx-engels-quanji-1", "26", ("Ⅰ", "Ⅱ", "Ⅲ")),
        ("mew", "26", ("1", "2", "3")),
    ],
)
def test_split_volumes(edition, volume, labels):
    assert load_registry(REGISTRY).editions[edition].parts[volume] == labels


@pytest.mark.parametrize(
    "edition, volume, work",
    [
        ("marx-engels-wenji-2009", "5", "capital-vol-1"),
        ("marx-engels-quanji-1", "23", "capital-vol-1"),
        ("marx-engels-quanji-2", "31", "grundrisse"),
        ("mew", "23", "capital-vol-1"),
        ("mecw", "35", "capital-vol-1"),
        ("capital-zh-2004", "3", "capital-vol-3"),
    ],
)
def test_volume_contents(edition, volume, work):
    assert work in load_registry(REGISTRY).editions[edition].contents[volume].works


def _broken(mutate):
    data = copy.deepcopy(raw())
    mutate(data)
    return data


@pytest.mark.parametrize(
    "mutate, message",
    [
        (lambda d: d["editions"][0].pop("years"), "missing field 'years'"),
        (lambda d: d["editions"][0].update(id="Bad Id"), "lower-case slug"),
        (lambda d: d["editions"][0].update(family="nope"), "unknown family"),
        (lambda d: d["editions"][0].update(years=[2010, 2000]), "reversed"),
        (lambda d: d["editions"][0].update(language="fr"), "language"),
        (lambda d: d["editions"][0].update(volumes=0), "positive integer"),
        (lambda d: d["editions"].append(copy.deepcopy(d["editions"][0])), "duplicate"),
        (lambda d: d["editions"][0]["contents"]["5"].update(confidence="maybe"), "confidence"),
        (
            lambda d: d["editions"][0]["contents"]["5"].update(works=["no-such-work"]),
            "unknown work",
        ),
    ],
)
def test_schema_errors(mutate, message):
    with pytest.raises(EditionError, match=message):
        parse_registry(_broken(mutate))


def paper(*notes: str) -> Document:
    doc = Document("t", "", FrontMatter())
    doc.footnotes = [Footnote(i + 1, f"{i + 1}", 1, t, 10 + i) for i, t in enumerate(notes)]
    structure_citations(doc)
    return doc


def test_ibid_repeats_the_previous_item():
    doc = paper(
        "《马克思恩格斯文集》第5卷，人民出版社2009年版，第443页。",
        "同上，第445页。",
        "同上。",
        "同上书，第6卷，第12页。",
    )
    refs = [n.references[0] for n in doc.footnotes]
    assert [r.edition for r in refs] == ["marx-engels-wenji-2009"] * 4
    assert [r.volume for r in refs] == ["5", "5", "5", "6"]
    assert [[p.start for p in r.pages] for r in refs] == [["443"], ["445"], [], ["12"]]
    assert [r.repeats for r in refs] == [None, [1, 0], [2, 0], [3, 0]]
    assert doc.issues == []


def test_ibid_with_nothing_before_is_reported():
    doc = paper("同上，第3页。")
    assert [i.kind for i in doc.issues] == ["unresolved-ibid"]


def test_ambiguous_quanji_decided_by_the_papers_other_notes():
    doc = paper(
        "《马克思恩格斯全集》第23卷，第408页。",
        "《马克思恩格斯全集》第46卷（下），人民出版社1980年版，第219页。",
    )
    first = doc.footnotes[0].references[0]
    assert (first.edition, first.edition_basis) == ("marx-engels-quanji-1", "paper")
    assert doc.issues == []


def test_ambiguous_quanji_reported_with_candidates():
    doc = paper("《马克思恩格斯全集》第23卷，第408页。")
    (issue,) = doc.issues
    assert issue.kind == "ambiguous-edition" and issue.source_line == 10
    assert "marx-engels-quanji-1, marx-engels-quanji-2" in issue.message
    ref = doc.footnotes[0].references[0]
    assert ref.edition is None
    assert ref.edition_candidates == ["marx-engels-quanji-1", "marx-engels-quanji-2"]


def test_papers_notes_disagree_stays_ambiguous():
    doc = paper(
        "《马克思恩格斯全集》第23卷，第408页。",
        "《马克思恩格斯全集》第23卷，人民出版社1972年版，第1页。",
        "《马克思恩格斯全集》第31卷，人民出版社1998年版，第82页。",
    )
    assert [i.kind for i in doc.issues] == ["ambiguous-edition"]


def test_several_items_and_via_in_one_note():
    doc = paper(
        "《马克思恩格斯文集》第5卷，人民出版社2009年版，第443页；"
        "《马克思恩格斯文集》第8卷，人民出版社2009年版，第186页。",
        "马克思：《资本论》第1卷，人民出版社2004年版，第1页，转引自《马克思恩格斯文集》第5卷，"
        "人民出版社2009年版，第5页。",
    )
    a, b = doc.footnotes[0].references
    assert (a.volume, b.volume) == ("5", "8")
    c, d = doc.footnotes[1].references
    assert (c.edition, c.via, d.edition, d.via) == (
        "capital-zh-2004",
        None,
        "marx-engels-wenji-2009",
        "转引自",
    )


def test_explanatory_note_is_not_an_issue():
    doc = paper("这里的“机器”指的是广义的机器体系。")
    assert doc.footnotes[0].references[0].kind == "note" and doc.issues == []


def test_csl_record():
    doc = paper("《马克思恩格斯全集》第46卷（下），北京：人民出版社，1980年，第219—220页。")
    csl = doc.footnotes[0].references[0].csl
    assert csl["type"] == "book" and csl["title"] == "马克思恩格斯全集"
    assert csl["volume"] == "46下" and csl["page"] == "219-220"
    assert csl["issued"] == {"date-parts": [[1980]]}
    assert (csl["publisher"], csl["publisher-place"]) == ("人民出版社", "北京")
    assert csl["custom"]["edition-id"] == "marx-engels-quanji-1" and csl["custom"]["part"] == "2"
    assert [a["literal"] for a in csl["author"]] == ["马克思", "恩格斯"]
