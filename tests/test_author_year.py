"""Author-year citations (the system of 《经济研究》 and of many English journals):
``（马克思，2004：427）`` in the text, an unnumbered 参考文献 list keyed by author and year.

tests/data/author-year is a paper written for these tests in that system. Before this
change its reference list was read as eleven body paragraphs, and the paper had no
citation at all, without a word. Every expected value below is read off the source."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from marxkg.citations import document_from_text, parse_reference
from marxkg.ingest.author_year import EntryKey, entry_key, find_cues, matches
from marxkg.ingest.script import converter
from tests import ROOT
from tests.corpora import build_command, subprocess_env

PAPER = Path(__file__).parent / "data" / "author-year" / "source.md"


@pytest.fixture(scope="module")
def doc():
    return document_from_text(PAPER.read_text(encoding="utf-8"), "author-year")


def cited(doc) -> list[tuple[str, str, str | None]]:
    """(the citation as printed, the first words of the entry it links to, its page)."""
    return [(m.label, doc.footnotes[m.note - 1].text[:6], m.locator) for m in doc.markers]


GOLD = [
    ("马克思，2004：427", "马克思，20", "427"),
    ("Acemoglu和Restrepo（2018）", "Acemog", None),
    ("另见Acemoglu et al.，2020", "Acemog", None),
    ("马克思和恩格斯（2009a：43）", "马克思、恩格", "43"),
    ("张三、李四，2021", "张三、李四，", None),
    ("王五，2019，第12页", "王五，201", "12"),
    ("马克思，2004，第443页", "马克思，20", "443"),
    ("马克思和恩格斯，2009b：91—92", "马克思、恩格", "91—92"),
    ("Marx（1976：492）", "Marx, ", "492"),
    ("Harvey, 2006: 123", "Harvey", "123"),
    ("陈六等（2023）", "陈六、周七，", None),
]


def test_every_author_year_citation_finds_its_entry(doc):
    assert cited(doc) == GOLD
    # the printed citation stays in the reading text; the marker stands at its end
    for m in doc.markers:
        assert m.cue is not None and doc.text[m.offset - 1] in "）)"
        assert m.label in doc.text[m.cue : m.offset]
    # 2009a and 2009b: one author, one year, two entries told apart by the letter
    a, b = (doc.footnotes[doc.markers[k].note - 1] for k in (3, 7))
    assert "第1卷" in a.text and "第8卷" in b.text


def test_the_reference_list_is_read_as_entries_not_paragraphs(doc):
    paragraphs = [doc.text[b.start : b.end] for b in doc.blocks if b.kind == "paragraph"]
    assert len(paragraphs) == 3
    assert not any("人民出版社" in p or "NBER" in p for p in paragraphs)
    # cited entries are notes (as GB/T [n] entries are), the uncited one stays listed
    assert len(doc.footnotes) == 10
    assert [r.raw for r in doc.bibliography] == [
        "孙八，2018：《自动化与工资》，《经济学动态》第7期。"
    ]
    # the English title after the list is the English title, not an entry
    assert doc.front.title_en == "Relative Surplus Value Production in Digital Platform Labour"


def test_what_was_not_linked_is_reported_with_its_line(doc):
    unsure = [(u.kind, u.source_line, u.excerpt) for u in doc.uncertain]
    assert ("author-year", 19, "参见赵六，2022") in unsure  # no entry of 赵六 2022
    assert ("reference", 35, "孙八，2018：《自动化与工资》，《经济学动态》第7期。") in unsure


def test_quotations_before_a_citation_are_paired_with_its_page(doc):
    quoted = [
        (
            doc.quotations[c.quotation].text,
            doc.footnotes[c.footnote - 1].references[0].pages[c.page].start,
        )
        for c in doc.citations
        if c.characterization == "includesQuotationFrom"
    ]
    assert quoted == [
        ("是生产剩余价值的手段", "427"),
        ("劳动资料取得机器这种物质存在方式，要求以自然力来代替人力", "443"),
    ]


def test_the_entries_are_parsed(doc):
    refs = {n.label: n.references[0] for n in doc.footnotes}
    capital = refs["马克思 2004"]
    assert (capital.kind, capital.edition, capital.volume) == ("marx", "capital-zh-2004", "1")
    # the pages come from the two citations (the entry prints none)
    assert [p.start for p in capital.pages] == ["427", "443"]
    assert (refs["马克思 2009a"].edition, refs["马克思 2009a"].volume) == (
        "marx-engels-wenji-2009",
        "1",
    )
    assert refs["马克思 2009b"].volume == "8"
    article = refs["王五 2019"]
    assert (article.kind, article.journal, article.year, article.issue) == (
        "journal-article", "政治经济学评论", "2019", "3"
    )  # fmt: skip
    assert article.title == "平台经济的政治经济学"
    book = refs["陈六 2023"]
    assert (book.kind, book.publisher, book.place, [a.name for a in book.authors]) == (
        "book", "上海人民出版社", "上海", ["陈六", "周七"]
    )  # fmt: skip
    nber = refs["Acemoglu 2018"]
    assert (nber.kind, nber.journal, nber.issue, nber.year) == (
        "report", "NBER Working Paper", "24196", "2018"
    )  # fmt: skip
    bpea = refs["Acemoglu 2020"]
    assert [a.name for a in bpea.authors] == ["Acemoglu, D.", "P. Restrepo", "A. Manera"]
    assert bpea.pages_printed == "231-285"
    penguin = refs["Marx 1976"]
    assert (penguin.edition, penguin.year) == ("penguin-capital", "1976")


def test_numbers_of_a_citation_are_not_claims(doc):
    assert not [i for i in doc.issues if i.kind == "claim-without-unit"]


def test_a_traditional_script_copy_reads_the_same():
    text = converter("s2t").convert(PAPER.read_text(encoding="utf-8"))
    hant = document_from_text(text, "hant")
    assert hant.script == "Hant"
    labels = [(m.note, m.locator) for m in hant.markers]
    assert labels == [(k, loc) for k, loc in [
        (1, "427"), (2, None), (3, None), (4, "43"), (5, None), (6, "12"), (1, "443"),
        (7, "91—92"), (8, "492"), (9, "123"), (10, None),
    ]]  # fmt: skip
    assert hant.footnotes[0].references[0].edition == "capital-zh-2004"


@pytest.mark.parametrize(
    ("text", "names", "year", "locator"),
    [
        ("（马克思，2004：443）", ["马克思"], "2004", "443"),
        ("（马克思 2004: 443-445）", ["马克思"], "2004", "443-445"),
        ("（Marx 1976, p. 283）", ["Marx"], "1976", "283"),
        ("（Acemoglu & Restrepo, 2019）", ["Acemoglu", "Restrepo"], "2019", None),
        ("（见张三等，2021b）", ["张三"], "2021", None),
        ("(see Harvey, 1982, pp. 12-14)", ["Harvey"], "1982", "12-14"),
        ("（马克思，2004年，第443页）", ["马克思"], "2004", "443"),
        ("（马克思，2004：第443页）", ["马克思"], "2004", "443"),
    ],
)
def test_parenthetical_forms(text, names, year, locator):
    (cue,) = find_cues(text, [(0, len(text))], set())
    assert (cue.names, cue.year, cue.locator) == (names, year, locator)
    assert (cue.start, cue.end) == (0, len(text))


@pytest.mark.parametrize(
    "text",
    ["（2004年）", "（第1卷，第443页）", "（见图1）", "（下转第5页）", "（2018）", "（1.5%）"],
)
def test_brackets_that_are_no_author_year_citation(text):
    """A bare year is a citation only right after an entry's first author."""
    assert find_cues(text, [(0, len(text))], {"马克思"}) == []


def test_a_narrative_name_is_cut_at_the_entry_author():
    text = "后来，研究者陈六等（2023）沿用了这一说法，而张三（2021）没有。"
    cues = find_cues(text, [(0, len(text))], {"陈六", "张三"})
    assert [(text[c.start : c.end], c.names[0]) for c in cues] == [
        ("陈六等（2023）", "陈六"),
        ("张三（2021）", "张三"),
    ]


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("马克思，2004：《资本论》第1卷，北京：人民出版社。", EntryKey("马克思", "2004")),
        ("马克思、恩格斯，2009a：《马克思恩格斯文集》第1卷，北京：人民出版社。", EntryKey("马克思", "2009", "a")),
        ("[美]哈维，2017：《跟大卫·哈维读〈资本论〉》，刘英译，上海：上海译文出版社。", EntryKey("哈维", "2017")),
        ("Acemoglu, D., and P. Restrepo, 2018, “Artificial Intelligence”, NBER Working Paper.", EntryKey("Acemoglu", "2018")),
        ("Harvey, D. (2006). The limits to capital. London: Verso.", EntryKey("Harvey", "2006")),
        ("马克思：《资本论》第1卷，人民出版社2004年版。", EntryKey("马克思", "2004")),
        ("马克思.资本论:第1卷[M].北京:人民出版社,2004.", EntryKey("马克思", "2004")),
    ],
)  # fmt: skip
def test_entry_keys(raw, key):
    assert entry_key(raw) == key


def test_two_entries_of_one_author_and_year_without_a_letter_link_to_neither():
    text = (
        "题目\n\n一、引言\n\n已有研究（张三，2021）。\n\n参考文献\n\n"
        "张三，2021：《甲》，《经济研究》第1期。\n\n张三，2021：《乙》，《经济研究》第2期。\n"
    )
    doc = document_from_text(text, "ambiguous")
    assert doc.citations == []
    assert [
        (u.kind, u.decision.split(":")[0]) for u in doc.uncertain if u.kind == "author-year"
    ] == [("author-year", "2 参考文献 entries of this author and year")]
    # a letter after the year tells them apart
    cue = find_cues("（张三，2021b）", [(0, 10)], set())[0]
    assert not matches(cue, EntryKey("张三", "2021", "a"))
    assert matches(cue, EntryKey("张三", "2021", "b"))


def test_a_footnoted_paper_keeps_its_unnumbered_list_quietly():
    """Footnotes cite, and an unnumbered 参考文献 list follows: its entries are the
    bibliography (parsed), none reported as uncited by an author-year citation."""
    text = (
        "题目\n\n一、引言\n\n机器是生产剩余价值的手段。①\n\n"
        "① 《马克思恩格斯文集》第5卷，北京：人民出版社，2009年，第427页。\n\n参考文献\n\n"
        "马克思：《资本论》第1卷，人民出版社2004年版。\n\n"
        "王五：《平台经济》，《政治经济学评论》2019年第3期。\n"
    )
    doc = document_from_text(text, "footnoted")
    assert [n.references[0].edition for n in doc.footnotes] == ["marx-engels-wenji-2009"]
    assert [(r.kind, r.edition or r.journal) for r in doc.bibliography] == [
        ("marx", "capital-zh-2004"),
        ("journal-article", "政治经济学评论"),
    ]
    assert not [u for u in doc.uncertain if u.kind in ("reference", "author-year")]


@pytest.mark.parametrize(
    ("text", "edition", "volume", "page"),
    [
        ("《马克思恩格斯文集》2009年版第5卷，第443页。", "marx-engels-wenji-2009", "5", "443"),
        ("《马克思恩格斯选集》（1995年版）第2卷，第123页。", "marx-engels-xuanji-1995", "2", "123"),
        ("马克思：《资本论》1975年版第1卷，第443页。", "capital-zh-1975", "1", "443"),
    ],
)
def test_the_edition_year_before_the_volume(text, edition, volume, page):
    """Before: ``other`` (unparsed)."""
    ref = parse_reference(text)
    assert (ref.kind, ref.family, ref.edition, ref.volume) == (
        "marx",
        "edition-year",
        edition,
        volume,
    )
    assert [p.start for p in ref.pages] == [page]


@pytest.mark.slow
def test_the_paper_builds_validates_and_traces(tmp_path):
    """A corpus of the paper, tests/data/unlabelled-bio (unnumbered 引言/结语 sections)
    and tests/data/web-inline (bracketed references, a newspaper without a title), with
    every page: builds (before: citations.html failed on the Penguin
    edition, titled in English only), validates (before: SHACL wanted a number on every
    heading), and `trace` finds 资本论 p. 443."""
    corpus = tmp_path / "corpus"
    shutil.copytree(PAPER.parent, corpus / "author-year")
    shutil.copytree(PAPER.parent.parent / "unlabelled-bio", corpus / "unlabelled-bio")
    shutil.copytree(PAPER.parent.parent / "web-inline", corpus / "web-inline")
    out = tmp_path / "build"
    env = subprocess_env()
    built = subprocess.run(
        build_command(corpus, ROOT / "ontology", out, "--quiet"),
        capture_output=True, text=True, env=env, check=False, timeout=600,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr
    html = (out / "citations.html").read_text(encoding="utf-8")
    assert "Capital" in html and "马克思恩格斯文集" in html
    reader = (out / "author-year" / "reader.html").read_text(encoding="utf-8")
    assert "（马克思，2004：427）" in reader
    cli = [*build_command(corpus, ROOT / "ontology", out)[:3]]
    valid = subprocess.run(
        [*cli, "validate", "--out", str(out), "--ontology", str(ROOT / "ontology"), "-q"],
        capture_output=True, text=True, env=env, check=False, timeout=600,
    )  # fmt: skip
    assert valid.returncode == 0, valid.stdout + valid.stderr
    trace = subprocess.run(
        [*cli, "trace", "--out", str(out), "资本论2004-1:443"],
        capture_output=True, text=True, env=env, check=False, timeout=300,
    )  # fmt: skip
    assert trace.returncode == 0, trace.stderr
    assert "劳动资料取得机器这种物质存在方式" in trace.stdout


@pytest.mark.parametrize(
    ("text", "edition", "year"),
    [
        ("Marx, K., & Engels, F. (1996). Collected works (Vol. 35). London: Lawrence & Wishart.", "mecw", "1996"),
        ("Marx, K. (1973). Grundrisse. London: Penguin, p. 706.", "penguin-grundrisse", "1973"),
        ("Marx, K. 1976. Capital, Vol. 1. London: Penguin.", "penguin-capital", "1976"),
        ("Marx, K., 1976, Capital: A Critique of Political Economy, Vol. 1, trans. B. Fowkes, London: Penguin.", "penguin-capital", "1976"),
    ],
)  # fmt: skip
def test_a_classic_keeps_the_year_of_its_head(text, edition, year):
    """Before: the year printed after the authors was lost (the classic's pattern reads
    only the year in the publication facts)."""
    ref = parse_reference(text)
    assert (ref.kind, ref.edition, ref.year) == ("marx", edition, year)


def _hard_wrapped(text: str, width: int = 70) -> str:
    """The paper as a PDF-to-text conversion prints it: a line break every ``width``
    display columns (a CJK character counts 2), paragraphs still apart."""
    import unicodedata

    out = []
    for para in text.split("\n\n"):
        lines, cur, used = [], "", 0
        for ch in para.strip("\n"):
            w = 2 if unicodedata.east_asian_width(ch) in "WF" else 1
            if used + w > width:
                lines.append(cur)
                cur, used = "", 0
            cur, used = cur + ch, used + w
        out.append("\n".join([*lines, cur]))
    return "\n\n".join(out) + "\n"


def test_a_hard_wrapped_copy_reads_the_same(doc):
    """Wrapped every 70 columns, also inside `2006: 123` (before, the re-flow joined the
    digits with a space, and the citation was lost)."""
    wrapped = _hard_wrapped(PAPER.read_text(encoding="utf-8"))
    assert "2006: 1\n23" in wrapped
    d = document_from_text(wrapped, "wrapped")
    assert d.wrap_joins > 10
    assert cited(d) == GOLD
    assert [r.raw for r in d.bibliography] == [r.raw for r in doc.bibliography]


def test_a_numbered_list_cited_by_author_and_year(doc):
    """The same paper with its 参考文献 numbered ``[1]``…``[11]`` but cited by author and
    year (no ``[n]`` in the text). Before: every entry was reported as cited by no [n]
    marker and no citation was found."""
    text = PAPER.read_text(encoding="utf-8")
    head, refs = text.split("参考文献\n", 1)
    entries = [e for e in refs.split("\n\n") if e.strip()][:-2]  # the English title, abstract
    numbered = "\n\n".join(f"[{k}]{e.strip()}" for k, e in enumerate(entries, start=1))
    d = document_from_text(head + "参考文献\n\n" + numbered + "\n", "numbered")
    assert [m.label for m in d.markers] == [g[0] for g in GOLD]
    assert [n.label for n in d.footnotes] == [
        "[1]",
        "[8]",
        "[9]",
        "[2]",
        "[5]",
        "[4]",
        "[3]",
        "[11]",
        "[10]",
        "[6]",
    ]
    assert [r.raw for r in d.bibliography] == [r.raw for r in doc.bibliography]


def test_full_width_digits_read_the_same(doc):
    """The paper with every digit printed full-width (２００４), derived here: the same
    citations, entries and pages."""
    wide = PAPER.read_text(encoding="utf-8").translate(
        str.maketrans("0123456789", "０１２３４５６７８９")
    )
    d = document_from_text(wide, "wide")
    assert d.front.authors == ["周文", "李明"]  # 周文１  李明２: affiliation numbers
    assert [(m.note, m.locator) for m in d.markers] == [(m.note, m.locator) for m in doc.markers]
    assert [[(r.kind, r.edition, r.year) for r in n.references] for n in d.footnotes] == [
        [(r.kind, r.edition, r.year) for r in n.references] for n in doc.footnotes
    ]


def test_joining_words_alone_and_long_runs_of_characters():
    """``和和和（2004）`` names nobody (before: an IndexError ended the ingest). A long run of
    characters and joining words before a year in brackets: before, the name pattern
    could split it in exponentially many ways (200 characters: 44 s); a name is now
    matched possessively, so this returns at once."""
    assert find_cues("和和和（2004）", [(0, 9)], {"马克思"}) == []
    run = ("资本主义生产劳动和价值与及马克思、" * 12) + "（2004）"
    assert find_cues(run, [(0, len(run))], {"马克思"}) == []  # ends with 、: no name
    run = "资本主义生产劳动价值" * 20 + "研究者马克思（2004）"
    assert [c.names for c in find_cues(run, [(0, len(run))], {"马克思"})] == [["马克思"]]
