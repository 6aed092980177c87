"""The document and the parts it is made of (the ingest and citations stages' output).

Offsets are Unicode code points into `Document.text` (the clean reading text), so that
``document.text[span.start:span.end] == span.text`` holds for every span.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Block:
    """One unit of the reading text: title, abstract, keywords, heading or paragraph."""

    kind: str  # "title" | "abstract" | "keywords" | "heading" | "paragraph"
    start: int
    end: int
    section: str | None = None  # section id the block belongs to
    source_lines: list[int] = field(default_factory=list)  # 1-based lines of source.md
    page: int | None = None  # printed page (PDF input) where the block starts


@dataclass
class Section:
    id: str  # "intro", "1", "1.2"
    number: str | None  # as printed: "一", "1"; None for the unnumbered introduction
    title: str | None
    level: int  # 1 = part, 2 = subsection
    parent: str | None
    heading: int | None  # index of the heading block
    start: int = 0
    end: int = 0


@dataclass
class Sentence:
    start: int
    end: int
    block: int  # index into Document.blocks
    text: str = ""


@dataclass
class Marker:
    """A footnote marker as printed (removed from the reading text), or the end of a
    citation the text prints itself (``（马克思，2004：443）``, kept; ``cue``: its start)."""

    label: str  # "①", "*", "[1]"
    offset: int  # code-point offset in Document.text where the marker stood
    group: int  # printed page block the marker belongs to (1..)
    source_line: int
    note: int | None = None  # footnote number (1..) it resolves to
    locator: str | None = None  # page printed after a GB/T 7714 marker: [3]45 -> "45"
    cue: int | None = None  # author-year citation: offset where its printed form starts


@dataclass
class Quotation:
    start: int  # offset of the first quoted character (inside the quotation marks)
    end: int
    text: str
    marker: int | None = None  # index into Document.markers of the marker citing it
    page: int | None = None  # index into the cited reference's pages (quotation k -> page k)


@dataclass
class PageRange:
    start: str
    end: str

    @property
    def label(self) -> str:
        return self.start if self.start == self.end else f"{self.start}-{self.end}"


@dataclass
class Author:
    name: str
    nationality: str | None = None  # as printed in [美], [英] …


@dataclass
class Reference:
    kind: str  # marx | book | translated-book | journal-article | report | web-page | newspaper
    raw: str
    key: str = ""  # stable slug, filled by citations.references
    authors: list[Author] = field(default_factory=list)
    title: str | None = None
    translators: list[str] = field(default_factory=list)
    place: str | None = None
    publisher: str | None = None
    year: str | None = None
    date: str | None = None  # newspapers: YYYY-MM-DD
    journal: str | None = None
    issue: str | None = None
    url: str | None = None
    pages: list[PageRange] = field(default_factory=list)
    pages_printed: str | None = None
    collection: str | None = None  # 马克思恩格斯文集 …
    edition: str | None = None  # edition slug: marx-engels-wenji-2009 …
    volume: str | None = None
    see: bool = False  # printed with 参见 ("see")
    language: str = "zh-Hans"
    # registry editions (kind "marx": Marx/Engels, Lenin and Mao editions; ontology/editions.yaml)
    part: str | None = None  # split volume part, numbered (46下 -> "2"); see docs/architecture.md
    part_printed: str | None = None  # the part as printed: 下, Ⅱ
    work: str | None = None  # a work title printed inside a collection note (《资本论》)
    family: str | None = None  # printed form: full-note, publisher-year, gbt, author-year, …
    edition_candidates: list[str] = field(default_factory=list)  # set when not one edition
    edition_basis: str | None = None  # printed | paper (decided by the paper's other notes)
    works: list[str] = field(default_factory=list)  # work slugs of the volume (registry)
    works_confidence: str | None = None
    repeats: list[int] | None = None  # 同上: [footnote n, item index] of the repeated item
    via: str | None = None  # 转引自: the source the quotation was taken from, as printed
    csl: dict[str, Any] = field(default_factory=dict)  # the record as CSL-JSON


@dataclass
class Footnote:
    n: int  # 1.. in reading order
    label: str  # as printed
    group: int  # printed page block (1..)
    text: str
    source_line: int
    markers: list[int] = field(default_factory=list)  # indices into Document.markers
    references: list[Reference] = field(default_factory=list)
    text_en: str | None = None  # the project's English rendering (footnotes.en.jsonl)


@dataclass
class Citation:
    footnote: int  # footnote number
    reference: int  # index into the footnote's references
    marker: int  # index into Document.markers
    sentence: int  # index into Document.sentences carrying the marker
    quotation: int | None = None  # index into Document.quotations
    page: int | None = None  # index into the reference's pages, when paired
    characterization: str = "citesAsAuthority"


@dataclass
class FrontMatter:
    title: str = ""
    author: str = ""
    birth_year: str | None = None
    affiliation: str | None = None
    position: str | None = None
    address: str | None = None
    postcode: str | None = None
    funding_note: str | None = None
    funding_project: str | None = None
    funding_number: str | None = None
    abstract: str | None = None
    keywords: list[str] = field(default_factory=list)
    editor: str | None = None
    subtitle: str | None = None  # printed after —— under the title
    authors: list[str] = field(default_factory=list)  # every author, in printed order
    affiliations: list[str] = field(default_factory=list)  # numbered affiliations
    bios: list[str] = field(default_factory=list)  # 作者简介, one entry per author
    clc: str | None = None  # 中图分类号
    document_code: str | None = None  # 文献标识码
    article_id: str | None = None  # 文章编号
    doi: str | None = None
    received: str | None = None  # 收稿日期
    title_en: str | None = None
    abstract_en: str | None = None
    keywords_en: list[str] = field(default_factory=list)

    def creators(self) -> list[str]:
        """Every author once, the first author (``author``) first, then the author line's
        (``authors``) in printed order."""
        return list(dict.fromkeys(n for n in [self.author, *self.authors] if n))


@dataclass
class Join:
    """A paragraph re-joined across a page break or a continuation jump."""

    offset: int  # where the two halves meet in Document.text
    kind: str  # "page-break" | "continuation"
    left: str
    right: str
    source_lines: tuple[int, int] = (0, 0)


@dataclass
class Excluded:
    """Text of another article printed between our continuation markers."""

    reason: str
    source_lines: tuple[int, int]
    source_chars: tuple[int, int]
    chars: int
    head: str
    tail: str
    footnotes: list[str] = field(default_factory=list)
    markers: list[str] = field(default_factory=list)
    details: list[str] = field(default_factory=list)


@dataclass
class Issue:
    """Something that could not be resolved: reported, never dropped silently."""

    kind: str
    message: str
    source_line: int | None = None
    offset: int | None = None


@dataclass
class ClaimSource:
    """What supports a quantitative claim: a footnote's reference, or nothing (`unsourced`)."""

    resolution: str  # "same-sentence" | "later-marker" | "unsourced"
    footnote: int | None = None  # footnote number (1..)
    label: str | None = None  # the marker as printed: "③"
    group: int | None = None  # printed page block of the footnote
    marker: int | None = None  # index into Document.markers
    sentence: int | None = None  # sentence carrying the marker
    reference: str | None = None  # Reference.key
    kind: str | None = None  # Reference.kind
    characterization: str | None = None  # the CiTO characterization of the citation
    title: str | None = None


@dataclass
class Claim:
    """One statement of a number in the reading text (issue 16: the claims layer).

    ``start``/``end`` are code points of the figure as printed (number, magnitude and unit,
    without the qualifier); ``value`` is the normalised number as a decimal string, or
    ``value_min``/``value_max`` for a range.
    """

    n: int  # 1.. in reading order
    sentence: int  # index into Document.sentences
    start: int
    end: int
    printed: str
    value: str | None
    unit: str  # normalised unit id (percent, percentage-point, USD, count, ratio …)
    unit_printed: str | None = None
    value_min: str | None = None
    value_max: str | None = None
    qualifier: str | None = None  # hedge/bound word as printed: 超过, 近, 约, 以上 …
    bound: str | None = None  # gt | ge | lt | le | approx | approx-lt | eq
    subject: str | None = None
    indicator: str | None = None
    clause: str = ""
    concepts: list[str] = field(default_factory=list)  # concept IRIs mentioned in the clause
    place: str | None = None
    time: str | None = None
    source: ClaimSource = field(default_factory=lambda: ClaimSource("unsourced"))


@dataclass
class Uncertain:
    """A decision the ingester was not sure of (reported per document, never silent)."""

    kind: str  # title | heading | list-item | wrap-join | furniture | marker | note | ...
    source_line: int | None
    excerpt: str
    decision: str
    page: int | None = None  # PDF input: the page (source lines are those of source.md)


@dataclass
class Document:
    doc_id: str
    text: str
    front: FrontMatter
    blocks: list[Block] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    markers: list[Marker] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)
    quotations: list[Quotation] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    bibliography: list[Reference] = field(default_factory=list)
    joins: list[Join] = field(default_factory=list)
    excluded: list[Excluded] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)  # filled by the nlp stage (nlp.claims)
    uncertain: list[Uncertain] = field(default_factory=list)
    script: str = "Hans"  # ISO 15924: Hans (simplified) or Hant (traditional)
    wrap_joins: int = 0  # hard-wrapped source lines re-joined into paragraphs
    source_format: str = "text"  # text | pdf
    source_sha256: str = ""
    encoding: str = "utf-8"
    metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def language(self) -> str:
        """BCP 47 tag of the text as received: ``zh-Hans`` or ``zh-Hant``."""
        return f"zh-{self.script}"

    @property
    def paragraphs(self) -> list[Block]:
        return [b for b in self.blocks if b.kind in ("paragraph", "abstract")]

    def span_text(self, start: int, end: int) -> str:
        return self.text[start:end]

    def sentence_at(self, offset: int) -> int | None:
        """Index of the sentence containing ``offset`` (a marker stands at a sentence's end)."""
        for i, s in enumerate(self.sentences):
            if s.start <= offset <= s.end:
                return i
        return None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
