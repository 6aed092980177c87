"""spaCy as the document model for Chinese: a blank ``zh`` pipeline whose tokenizer is an
owned segmenter (jieba or rjieba), tokens carrying the segmenter's POS tags.

spaCy's own Chinese tokenizer realigns jieba's words to the text; ours does the same:
a single space after a word becomes ``token.whitespace_``, other whitespace stays a
token, so ``doc.text`` is the input and ``token.idx`` a code-point offset into it.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc
from spacy.vocab import Vocab

from marxkg.nlp.segmenters import Segmenter


class SegmenterTokenizer:
    """A spaCy tokenizer over a `Segmenter` (words and POS tags in one pass)."""

    def __init__(self, vocab: Vocab, segmenter: Segmenter) -> None:
        self.vocab = vocab
        self.segmenter = segmenter

    def __call__(self, text: str) -> Doc:
        words: list[str] = []
        spaces: list[bool] = []
        tags: list[str] = []
        for word, tag in self.segmenter.tag(text):
            if word == " " and words and not spaces[-1] and not words[-1].isspace():
                spaces[-1] = True
                continue
            words.append(word)
            spaces.append(False)
            tags.append("x" if word.isspace() else tag)
        return Doc(self.vocab, words=words, spaces=spaces, tags=tags)


def chinese_pipeline(segmenter: Segmenter) -> Language:
    """``spacy.blank("zh")`` with the owned segmenter as its tokenizer."""
    import spacy

    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "char"}}})
    nlp.tokenizer = SegmenterTokenizer(nlp.vocab, segmenter)
    return nlp
