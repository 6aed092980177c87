"""English processing: spaCy's English tokenizer + lookup lemmatizer (spacy-lookups-data),
and concept tagging from the ontology's English labels.

The English reading text is built from the aligned translation: sentences of one Chinese
paragraph are joined by a space, paragraphs by a newline. Matching compares lower-cased
surface forms (``token.lower_``) with the labels and one explicit inflection: the regular
plural of a label's last word (capital -> capitals, economy -> economies). Labels are never
lemmatized, so a label cannot turn into another word (the lookup table maps "ai" to
"have"). Token lemmas are still recorded for the token layer.
"""

from __future__ import annotations

from typing import Any

from rdflib import Graph
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from marxkg.model import AlignedSentence, EnglishDocument, EnToken, Mention
from marxkg.nlp.policy import TaggingPolicy, load_policy
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


def plural(word: str) -> str | None:
    """The regular English plural of a label's last word (None for non-words)."""
    if not word.isalpha():
        return None
    low = word.lower()
    if low.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if low.endswith("y") and len(low) > 1 and low[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def label_forms(text: str) -> dict[str, str]:
    """Lower-cased surface forms of an English label -> rule id (label | label-inflection)."""
    low = text.lower()
    forms = {low: "label"}
    head, _, last = text.rpartition(" ")
    p = plural(last) if not last.isupper() else None  # no plural of acronyms (AI, LLM)
    if p:
        forms.setdefault(((head + " ") if head else "").lower() + p.lower(), "label-inflection")
    return forms


class EnglishAnnotator:
    def __init__(self, onto: Graph, policy: TaggingPolicy | None = None) -> None:
        from marxkg import paths

        self.policy = policy or load_policy(paths.ontology_dir())
        self.nlp = english_pipeline()
        self.labels = labels(onto, "en")
        self.matcher = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self.by_key: dict[str, tuple[list, str]] = {}
        grouped: dict[str, list] = {}
        rules: dict[str, str] = {}
        for lab in self.labels:
            for form, rule in label_forms(lab.text).items():
                grouped.setdefault(form, []).append(lab)
                if rules.get(form) != "label":
                    rules[form] = rule
        for form, labs in sorted(grouped.items()):
            key = f"E{len(self.by_key)}"
            self.by_key[key] = (sorted(labs, key=lambda x: str(x.concept)), rules[form])
            self.matcher.add(key, [self.nlp.make_doc(form)])

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
                    out.tokens.append(
                        EnToken(
                            start + tok.idx,
                            start + tok.idx + len(tok.text),
                            tok.text,
                            tok.lemma_,
                            si,
                        )
                    )
            spans = [
                Span(sdoc, s, e, label=self.nlp.vocab.strings[m]) for m, s, e in self.matcher(sdoc)
            ]
            stext = out.text[start:_end]
            for span in sorted(filter_spans(spans), key=lambda s: s.start):
                labs, rule = self.by_key[span.label_]
                context = self.policy.english_rules.get(span.text.lower())
                if context is not None:
                    if not context.holds(
                        stext[: span.start_char], stext[span.end_char :], set(), set()
                    ):
                        continue
                    rule = "sense"
                b, e = start + span.start_char, start + span.end_char
                out.mentions.append(
                    Mention(
                        b,
                        e,
                        out.text[b:e],
                        str(labs[0].concept),
                        labs[0].kind,
                        si,
                        _token_range(index, span, first),
                        sorted({str(x.concept) for x in labs} - {str(labs[0].concept)}),
                        rule,
                        self.policy.rule_confidence(rule),
                    )
                )
        return out


def _token_range(index: dict[int, int], span: Span, first: int) -> tuple[int, int]:
    """The span's range in `EnglishDocument.tokens` (spaces are not tokens there)."""
    toks = [index[t.i] for t in span if t.i in index]
    return (toks[0], toks[-1] + 1) if toks else (first, first)
