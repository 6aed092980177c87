"""The bilingual layer: alignment by exact match, terminology, Marx sources, agreement."""

from __future__ import annotations

import copy
import json

import pytest
from rdflib import URIRef
from rdflib.namespace import RDF

from marxkg.corpus_io import read_translation
from marxkg.ingest.translation import check_alignment
from marxkg.ontology import load_ontology
from marxkg.rdf.namespaces import MKG, NIF
from tests import ONTOLOGY, PAPER, PAPER_ID
from tests.marx_sources import marx_sources

RECORDS = read_translation(PAPER.parent)


def test_every_sentence_translated_and_aligned(paper):
    assert len(RECORDS) == len(paper.sentences) == 185
    assert check_alignment(paper, RECORDS) == []


@pytest.mark.parametrize(
    "mutate, problem",
    [
        (lambda r: r.pop(), "no translation"),
        (lambda r: r[10].update(zh=r[10]["zh"] + "。"), "does not match"),
        (lambda r: r[5].update(en=" "), "empty translation"),
        (lambda r: r[7].update(en="机器体系 is untranslated"), "untranslated Chinese"),
        (lambda r: r[3].pop("provenance"), "no provenance"),
    ],
)
def test_alignment_errors_are_caught(paper, mutate, problem):
    records = copy.deepcopy(RECORDS)
    mutate(records)
    assert any(problem in p for p in check_alignment(paper, records))


# Terminology: where the Chinese sentence uses the term, the English uses the ontology's
# English prefLabel (checked on sentences chosen by reading).
TERMS = [
    (38, "相对过剩人口", "relative surplus population"),
    (38, "产业后备军", "industrial reserve army"),
    (81, "实质吸纳", "real subsumption"),
    (81, "总体吸纳", "total subsumption"),
    (81, "超级剥削", "super-exploitation"),
    (112, "无形损耗", "moral depreciation"),
    (114, "提前贬值", "premature devaluation"),
    (20, "社会总体智力", "general intellect"),
    (44, "资本的有机构成", "organic composition of capital"),
    (90, "技术性失业", "technological unemployment"),
]


@pytest.mark.parametrize("i, zh, en", TERMS, ids=[t[2] for t in TERMS])
def test_terminology(i, zh, en):
    assert zh in RECORDS[i]["zh"]
    assert en in RECORDS[i]["en"].lower()


def test_marx_sources_follow_the_ontology(paper):
    computed = marx_sources(paper, load_ontology(ONTOLOGY))
    stored = {r["i"]: r["marx_sources"] for r in RECORDS if "marx_sources" in r}
    assert stored == {k: v for k, v in computed.items()}
    # 文集5 p.487 (footnote ② of page block 2) is Capital I, ch. 13, section 4.
    (entry,) = [e for e in stored[24] if "第487页" in e["cited"]]
    assert entry["work"] == "Capital, Volume I" and entry["mecw"] == "35"
    assert "Section 4" in entry["location"]


@pytest.fixture(scope="module")
def english_tagger():
    from marxkg.nlp.en import EnglishAnnotator

    return EnglishAnnotator(load_ontology(ONTOLOGY))


@pytest.mark.parametrize(
    "text, slug",
    [
        ("Machines are fixed capitals.", "fixed-capital"),
        ("The Means of Labour as Fixed Capital", "means-of-labour"),
        ("labour is really subsumed? no: the real subsumption of labour", "real-subsumption"),
        ("relative surplus populations grow", "relative-surplus-population"),
        ("digital gig workers", "digital-gig-worker"),
    ],
)
def test_english_tagging_is_lemma_aware(english_tagger, text, slug):
    from marxkg.model import AlignedSentence

    en = english_tagger("t", [AlignedSentence(0, "x", text, 0)])
    assert slug in {m.concept.rsplit("/", 1)[1] for m in en.mentions}
    assert [m.text for m in en.mentions] == [en.text[m.start : m.end] for m in en.mentions]
    # Mention.tokens: a range into en.tokens covering exactly the mention
    assert [
        (en.tokens[m.tokens[0]].start, en.tokens[m.tokens[1] - 1].end) for m in en.mentions
    ] == [(m.start, m.end) for m in en.mentions]


def test_cross_lingual_agreement(built):
    report = json.loads((built.out / "report.json").read_text(encoding="utf-8"))
    bi = report["documents"][0]["bilingual"]
    assert bi["sentences_translated"] == 185
    assert bi["rate"] >= 0.95
    # both directions: Chinese-only and English-only concepts are explained
    assert bi["unexplained_zh_only"] == bi["unexplained_en_only"] == bi["unexplained"] == 0
    assert bi["english_only"] and all(x["explanation"] for x in bi["english_only"])


def test_english_layer_in_graph(built_graph):
    g = built_graph
    en_ctx = URIRef(f"https://w3id.org/marxkg/doc/{PAPER_ID}/en")
    assert (en_ctx, RDF.type, NIF.Context) in g
    en_sentences = [
        s for s in g.subjects(NIF.referenceContext, en_ctx) if (s, RDF.type, NIF.Sentence) in g
    ]
    assert len(en_sentences) == 185
    unpaired = [
        s for s in en_sentences if (g.value(s, MKG.translationOf), RDF.type, NIF.Sentence) not in g
    ]
    assert unpaired == []
