"""Document -> annotations: tokens with POS tags and concept mentions, per sentence.

Every span keeps code-point offsets into `Document.text`, and
``doc.text[start:end] == text`` holds for every token and mention.
"""

from __future__ import annotations

from rdflib import Graph

from marxkg.model import Annotations, Document, Mention, Token
from marxkg.nlp.segmenters import get_segmenter
from marxkg.nlp.tagger import ConceptTagger
from marxkg.nlp.zh import chinese_pipeline
from marxkg.ontology import labels


def _inside_latin_word(text: str, start: int, end: int) -> bool:
    """A Latin-script label glued to more Latin letters (AI in OpenAI, GenAI) is no mention."""
    def latin(ch: str) -> bool:
        return ch.isascii() and ch.isalpha()

    return (latin(text[start]) and start > 0 and latin(text[start - 1])) or (
        latin(text[end - 1]) and end < len(text) and latin(text[end]))


class Annotator:
    """Holds the (expensive) segmenter, spaCy pipeline and matcher for one ontology."""

    def __init__(self, onto: Graph, segmenter: str = "jieba", lang: str = "zh-Hans") -> None:
        self.labels = labels(onto, lang)
        self.segmenter = get_segmenter(segmenter, (lab.text for lab in self.labels))
        self.nlp = chinese_pipeline(self.segmenter)
        self.tagger = ConceptTagger(self.nlp, self.labels)

    def __call__(self, doc: Document) -> Annotations:
        ann = Annotations(doc.doc_id, f"{self.segmenter.name} {self.segmenter.version}")
        for si, sent in enumerate(doc.sentences):
            sdoc = self.nlp(sent.text)
            first = len(ann.tokens)
            index: dict[int, int] = {}
            for tok in sdoc:
                if tok.is_space:
                    continue
                index[tok.i] = len(ann.tokens)
                start = sent.start + tok.idx
                ann.tokens.append(Token(start, start + len(tok.text), tok.text, tok.tag_, si,
                                        bool(tok.whitespace_)))
            ann.sentence_tokens.append((first, len(ann.tokens)))
            for span, label, same in self.tagger(sdoc):
                start = sent.start + span.start_char
                end = sent.start + span.end_char
                if _inside_latin_word(doc.text, start, end):
                    continue
                toks = [index[t.i] for t in span if t.i in index]
                ann.mentions.append(Mention(
                    start, end, doc.text[start:end], str(label.concept), label.kind, si,
                    (toks[0], toks[-1] + 1),
                    sorted({str(x.concept) for x in same} - {str(label.concept)}),
                ))
        return ann
