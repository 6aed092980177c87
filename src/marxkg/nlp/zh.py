"""Chinese words for the document model: the owned segmenter's (word, tag) pairs aligned to
the text, and, on demand, a spaCy ``Doc`` of an annotated document.

The alignment is the one spaCy's own Chinese tokenizer makes: a single space after a word
becomes the word's trailing space (``space_after``, spaCy's ``token.whitespace_``), other
whitespace stays a word of its own (tag ``x``, never a `Token` of the annotations), so
every word has a code-point offset into the text.

The NLP stage works on these plain lists (no spaCy ``Doc`` per sentence on the hot path);
`to_doc` builds the spaCy ``Doc`` of a whole document for users of spaCy's API.
"""

from __future__ import annotations

from itertools import accumulate, compress, count
from operator import and_, not_
from typing import TYPE_CHECKING, NamedTuple

from marxkg.nlp.segmenters import Segmenter

if TYPE_CHECKING:
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    from marxkg.model import Annotations


class Words(NamedTuple):
    """A text as words: each word's text, tag, offset into the text and trailing space;
    ``plain`` when no word is whitespace (so no word has a trailing space either)."""

    words: list[str]
    tags: list[str]
    offsets: list[int]
    spaces: list[bool]
    plain: bool = False


def align(pairs: list[tuple[str, str]], base: int = 0) -> Words:
    """The segmenter's (word, tag) pairs of a text as `Words` (see the module's docstring),
    offsets counted from ``base`` (the text's offset in a larger one).

    Done in C-level passes over the words (no Python loop per word): a word's offset is the
    sum of the lengths before it; a single space after a word that is not whitespace is that
    word's trailing space (the one word-by-word rule: such a word can take no other space,
    and a space after whitespace stays a word of its own)."""
    if not pairs:
        return Words([], [], [], [], True)
    ws, ts = zip(*pairs, strict=True)
    starts = list(accumulate(map(len, ws[:-1]), initial=base))
    blank = list(map(str.isspace, ws))
    if not any(blank):  # the common case: words end to end
        return Words(list(ws), list(ts), starts, [False] * len(ws), True)
    tags = list(ts)
    for k in compress(count(), blank):
        tags[k] = "x"
    # taken[k]: word k is a single space after a word that is not whitespace
    taken = [False, *map(and_, map(" ".__eq__, ws[1:]), map(not_, blank))]
    kept = list(map(not_, taken))
    return Words(
        list(compress(ws, kept)),
        list(compress(tags, kept)),
        list(compress(starts, kept)),
        list(compress(taken[1:] + [False], kept)),
    )


def segment(segmenter: Segmenter, text: str) -> Words:
    """``text`` segmented and aligned."""
    return align(segmenter.tag(text))


def to_doc(ann: Annotations, vocab: Vocab | None = None) -> Doc:
    """A spaCy ``Doc`` of the annotated Chinese text: the tokens with their POS tags
    (``token.tag_``), sentence starts, and the top-level concept mentions as
    ``doc.spans["concepts"]``, each span labelled with its concept IRI. Nested mentions
    lie inside a token and are no spaCy spans; whitespace between tokens other than a
    token's single trailing space is not kept."""
    from spacy.tokens import Doc, Span
    from spacy.vocab import Vocab

    toks = ann.tokens
    sent_starts: list[bool | int | None] = [False] * len(toks)
    for first, last in ann.sentence_tokens:
        if first < last:
            sent_starts[first] = True
    doc = Doc(
        vocab or Vocab(),
        words=[t.text for t in toks],
        spaces=[t.space_after for t in toks],
        tags=[t.pos for t in toks],
        sent_starts=sent_starts,
    )
    doc.spans["concepts"] = [
        Span(doc, m.tokens[0], m.tokens[1], label=m.concept) for m in ann.mentions
    ]
    return doc
