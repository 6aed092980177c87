"""``build/<doc-id>/tokens.conllu``: the token layer as CoNLL-U (Universal Dependencies).

One block per document sentence: ``# sent_id = <doc-id>-<N>`` (N = 1-based index into
`Document.sentences`) and ``# text = <sentence>``; ``# newdoc id`` opens the document and
``# newpar`` every block of the reading text. Columns: ID, FORM, LEMMA (= FORM; no
lemmatiser for Chinese), UPOS (mapped from jieba's tag by `UPOS`), XPOS (jieba's tag),
FEATS ``_``, HEAD/DEPREL ``_`` (no parser), DEPS ``_`` and MISC with ``SpaceAfter=No``
when the next token follows directly, ``SpacesAfter=…`` (UD escapes) for any gap other
than one space, and ``Concept=<IRI>|ConceptSpan=B|I`` on the tokens of a concept mention.
"""

from __future__ import annotations

import logging
import unicodedata
from pathlib import Path

from marxkg.atomic import write_text
from marxkg.export import ExportContext
from marxkg.model import Annotations, Document, Token

log = logging.getLogger(__name__)

# jieba's (ICTCLAS-style) tag -> UD UPOS. Tags not listed map to X.
UPOS: dict[str, str] = {
    # nouns; names of persons, places and organisations are proper nouns
    "n": "NOUN",
    "ng": "NOUN",
    "nz": "NOUN",
    "s": "NOUN",
    "t": "NOUN",
    "tg": "NOUN",
    "j": "NOUN",
    "q": "NOUN",
    "vn": "NOUN",
    "nr": "PROPN",
    "nrfg": "PROPN",
    "nrt": "PROPN",
    "ns": "PROPN",
    "nt": "PROPN",
    # verbs
    "v": "VERB",
    "vd": "VERB",
    "vg": "VERB",
    "vi": "VERB",
    "vq": "VERB",
    # adjectives, distinguishing words, state words
    "a": "ADJ",
    "ad": "ADJ",
    "an": "ADJ",
    "ag": "ADJ",
    "b": "ADJ",
    "z": "ADJ",
    "zg": "ADJ",
    # adverbs
    "d": "ADV",
    "df": "ADV",
    "dg": "ADV",
    # function words
    "p": "ADP",
    "f": "ADP",
    "c": "CCONJ",
    "r": "PRON",
    "rg": "PRON",
    "rr": "PRON",
    "rz": "PRON",
    "u": "PART",
    "ud": "PART",
    "ug": "PART",
    "uj": "PART",
    "ul": "PART",
    "uv": "PART",
    "uz": "PART",
    "y": "PART",
    "yg": "PART",
    "k": "PART",
    "e": "INTJ",
    "o": "INTJ",
    # numerals
    "m": "NUM",
    "mg": "NUM",
    "mq": "NUM",
    # punctuation (refined by Unicode category, see `upos`)
    "x": "PUNCT",
    "w": "PUNCT",
    # foreign words, morphemes, idioms and set phrases without a word class
    "eng": "X",
    "g": "X",
    "h": "X",
    "i": "X",
    "l": "X",
    "un": "X",
}
_ESCAPES = {"\\": "\\\\", " ": "\\s", "\t": "\\t", "\n": "\\n", "\r": "\\r", "|": "\\p"}


def upos(tag: str, form: str) -> str:
    """The UPOS of a token: `UPOS[tag]`, refined where jieba's tag is too coarse.

    jieba tags digit strings ``eng`` and every non-word character ``x``: digits become
    NUM, ``x``/``w`` tokens become PUNCT (Unicode P*), SYM (S*) or X (anything else).
    """
    if form.replace(".", "").replace(",", "").isdigit():
        return "NUM"
    if tag in ("x", "w"):
        cats = {unicodedata.category(ch)[0] for ch in form}
        if cats == {"P"}:
            return "PUNCT"
        if cats <= {"P", "S"}:
            return "SYM"
        return "X"
    return UPOS.get(tag, "X")


def _escape(gap: str) -> str:
    return "".join(_ESCAPES.get(ch, ch) for ch in gap)


def _after(doc: Document, tok: Token, following: Token | None) -> str:
    """MISC entry for the text between ``tok`` and the next token of the document."""
    end = following.start if following is not None else len(doc.text)
    gap = doc.text[tok.end : end]
    if gap == "":
        return "SpaceAfter=No"
    if gap == " " or "\n" in gap:  # one space, or a paragraph break
        return ""
    return "SpacesAfter=" + _escape(gap)


def _field(value: str) -> str:
    return value if value else "_"


def dumps_conllu(doc: Document, ann: Annotations, ctx: ExportContext) -> str:
    """The document's sentences, tokens, tags and concept mentions as CoNLL-U text."""
    concept: dict[int, tuple[str, str]] = {}
    for m in ann.mentions:
        for ti in range(*m.tokens):
            concept.setdefault(ti, (m.concept, "B" if ti == m.tokens[0] else "I"))
    lines = [f"# newdoc id = {doc.doc_id}"]
    block = None
    for si, sent in enumerate(doc.sentences):
        first, last = ann.sentence_tokens[si]
        if first == last:
            log.warning("sentence %d has no tokens; left out of CoNLL-U", si + 1)
            continue
        if sent.block != block:
            lines.append("# newpar")
            block = sent.block
        lines.append(f"# sent_id = {doc.doc_id}-{si + 1}")
        lines.append(f"# text = {sent.text}")
        for i, ti in enumerate(range(first, last), start=1):
            tok = ann.tokens[ti]
            following = ann.tokens[ti + 1] if ti + 1 < len(ann.tokens) else None
            misc = []
            if ti in concept:
                iri, span = concept[ti]
                misc += [f"Concept={iri}", f"ConceptSpan={span}"]
            after = _after(doc, tok, following)
            if after:
                misc.append(after)
            cols = [
                str(i),
                tok.text,
                tok.text,
                upos(tok.pos, tok.text),
                _field(tok.pos),
                "_",
                "_",
                "_",
                "_",
                "|".join(misc) or "_",
            ]
            lines.append("\t".join(cols))
        lines.append("")
    return "\n".join(lines) + "\n"


def write_conllu(doc: Document, ann: Annotations, ctx: ExportContext, path: Path) -> None:
    write_text(path, dumps_conllu(doc, ann, ctx))
