"""The data model shared by every stage: a `Document` and the parts it is made of
(`document`: what ingest and citations make), and the nlp stage's output
(`annotations`: tokens, mentions, the aligned English).

Offsets are Unicode code points into `Document.text` (the clean reading text), so that
``document.text[span.start:span.end] == span.text`` holds for every span.
"""

from marxkg.model.annotations import (
    AlignedSentence,
    Annotations,
    EnglishDocument,
    EnToken,
    Mention,
    Token,
)
from marxkg.model.document import (
    Author,
    Block,
    Citation,
    Claim,
    ClaimSource,
    Document,
    Excluded,
    Footnote,
    FrontMatter,
    Issue,
    Join,
    Marker,
    PageRange,
    Quotation,
    Reference,
    Section,
    Sentence,
    Uncertain,
)

__all__ = [
    "AlignedSentence",
    "Annotations",
    "Author",
    "Block",
    "Citation",
    "Claim",
    "ClaimSource",
    "Document",
    "EnToken",
    "EnglishDocument",
    "Excluded",
    "Footnote",
    "FrontMatter",
    "Issue",
    "Join",
    "Marker",
    "Mention",
    "PageRange",
    "Quotation",
    "Reference",
    "Section",
    "Sentence",
    "Token",
    "Uncertain",
]
