"""English processing: spaCy's English tokenizer + lookup lemmatizer (spacy-lookups-data),
and lemma-aware concept tagging from the ontology's English labels.

The English reading text is built from the aligned translation: sentences of one Chinese
paragraph are joined by a space, paragraphs by a newline. Matching compares lower-cased
lemmas (``token.norm_``), so "fixed capitals" matches "fixed capital" and "subsumed"
forms match where the label's lemma does.
"""

from __future__ import annotations

from typing import Any

from rdflib import Graph
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from marxkg.model import AlignedSentence, EnglishDocument, EnToken, Mention
from marxkg.ontology import labels


@Language.factory("marxkg_lemma_norm")
def make_lemma_norm(nlp: Language, name: str):
    """``token.norm_`` = the lower-cased lookup lemma of the lower-cased form, so that
    title-case headings ("Means of Labour") match like running text ("means of labour")."""
    table: dict[str, str] = {}

    def lemma_norm(doc: Doc) -> Doc:
        nonlocal table
        if not table:
            lemmatizer: Any = nlp.get_pipe("lemmatizer")
            table = lemmatizer.lookups.get_table("lemma_lookup")
        for tok in doc:
            low = tok.text.lower()
            tok.norm_ = table.get(low, low)
        return doc

    return lemma_norm


def english_pipeline() -> Language:
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.add_pipe("marxkg_lemma_norm")
    nlp.initialize()
    return nlp


class EnglishAnnotator:
    def __init__(self, onto: Graph) -> None:
        self.nlp = english_pipeline()
        self.labels = labels(onto, "en")
        self.matcher = PhraseMatcher(self.nlp.vocab, attr="NORM")
        self.by_key: dict[str, list] = {}
        grouped: dict[str, list] = {}
        for lab in self.labels:
            norm = " ".join(t.norm_ for t in self.nlp(lab.text))
            grouped.setdefault(norm, []).append(lab)
        for _norm, labs in sorted(grouped.items()):
            key = f"E{len(self.by_key)}"
            self.by_key[key] = sorted(labs, key=lambda x: str(x.concept))
            self.matcher.add(key, [self.nlp(labs[0].text)])

    def __call__(self, doc_id: str, aligned: list[AlignedSentence]) -> EnglishDocument:
        parts: list[str] = []
        out = EnglishDocument(doc_id, "")
        pos = 0
        for k, pair in enumerate(aligned):
            if k:
                sep = " " if aligned[k - 1].block == pair.block else "\n"
                parts.append(sep)
                pos += 1
            out.sentences.append((pos, pos + len(pair.en), pair.index))
            parts.append(pair.en)
            pos += len(pair.en)
        out.text = "".join(parts)
        for si, (start, _end, _zh) in enumerate(out.sentences):
            sdoc = self.nlp(out.text[start:_end])
            first = len(out.tokens)
            index: dict[int, int] = {}
            for tok in sdoc:
                if not tok.is_space:
                    index[tok.i] = len(out.tokens)
                    out.tokens.append(EnToken(start + tok.idx, start + tok.idx + len(tok.text),
                                              tok.text, tok.lemma_, si))
            spans = [Span(sdoc, s, e, label=self.nlp.vocab.strings[m])
                     for m, s, e in self.matcher(sdoc)]
            for span in sorted(filter_spans(spans), key=lambda s: s.start):
                labs = self.by_key[span.label_]
                b, e = start + span.start_char, start + span.end_char
                out.mentions.append(Mention(b, e, out.text[b:e], str(labs[0].concept),
                                            labs[0].kind, si, _token_range(index, span, first),
                                            sorted({str(x.concept) for x in labs}
                                                   - {str(labs[0].concept)})))
        return out


def _token_range(index: dict[int, int], span: Span, first: int) -> tuple[int, int]:
    """The span's range in `EnglishDocument.tokens` (spaces are not tokens there)."""
    toks = [index[t.i] for t in span if t.i in index]
    return (toks[0], toks[-1] + 1) if toks else (first, first)
