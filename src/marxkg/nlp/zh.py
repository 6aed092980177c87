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

from bisect import bisect_left
from itertools import accumulate, chain, compress, count, repeat
from operator import add, sub
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
    offsets counted from ``base`` (the text's offset in a larger one)."""
    return align_sentences([pairs], [base])[0]


def align_sentences(
    pieces: list[list[tuple[str, str]]], bases: list[int]
) -> tuple[Words, list[int]]:
    """`align` of many texts at once: ``pieces[s]``, the (word, tag) pairs of sentence
    ``s`` at offset ``bases[s]``, aligned as `align` aligns each alone. Returns the words of
    all sentences in order and where each sentence's words begin (one more entry: the
    number of words), so that sentence ``s`` has the words ``[firsts[s], firsts[s + 1])``.

    Done in C-level passes over the words of the whole text (no Python loop per word or
    per sentence): a word's offset is its sentence's offset plus the lengths of the words
    before it in the sentence; a single space after a word of the same sentence that is
    not whitespace is that word's trailing space (the one word-by-word rule: such a word
    can take no other space, and a space after whitespace stays a word of its own)."""
    counts = list(map(len, pieces))
    firsts = list(accumulate(counts, initial=0))
    pairs = list(chain.from_iterable(pieces))
    if not pairs:
        return Words([], [], [], [], True), firsts
    ws, ts = zip(*pairs, strict=True)
    n = len(ws)
    cum = list(accumulate(map(len, ws), initial=0))
    shifts = map(sub, bases, map(cum.__getitem__, firsts))  # a sentence's base - cum
    starts = list(map(add, cum, chain.from_iterable(map(repeat, shifts, counts))))
    blanks = list(compress(count(), map(str.isspace, ws)))  # the whitespace words
    if not blanks:  # the common case: words end to end
        return Words(list(ws), list(ts), starts, [False] * n, True), firsts
    tags = list(ts)
    for k in blanks:
        tags[k] = "x"
    heads = set(firsts)
    taken = [k for k in blanks if ws[k] == " " and k not in heads and not ws[k - 1].isspace()]
    if not taken:
        return Words(list(ws), tags, starts, [False] * n), firsts
    kept, spaces = [True] * n, [False] * n
    for k in taken:  # a trailing space: no word of its own
        kept[k] = False
        spaces[k - 1] = True
    words = Words(
        list(compress(ws, kept)),
        list(compress(tags, kept)),
        list(compress(starts, kept)),
        list(compress(spaces, kept)),
    )
    return words, [f - bisect_left(taken, f) for f in firsts]


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
