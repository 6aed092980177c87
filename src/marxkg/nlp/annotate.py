"""Document -> annotations: tokens with POS tags and concept mentions, per sentence.

Every span keeps code-point offsets into `Document.text`, and
``doc.text[start:end] == text`` holds for every token and mention. Mentions follow the
written tagging policy (docs/tagging-policy.md): each carries the id of the rule that made
it and the rule's confidence. Traditional-script text is matched through OpenCC (t2s) and
its offsets stay on the text as received.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

from marxkg.model import Annotations, Document, Mention, Token
from marxkg.nlp.policy import TaggingPolicy, load_policy
from marxkg.nlp.segmenters import get_segmenter
from marxkg.nlp.tagger import ConceptTagger
from marxkg.nlp.zh import chinese_pipeline
from marxkg.ontology import Label, concepts, labels, scheme_of
from marxkg.rdf.namespaces import MKG

HANT_SHARE = 0.05  # share of Han characters that t2s changes above which a text is zh-Hant
LINKS = {"broader": SKOS.broader, "related": SKOS.related, "hasAICounterpart": MKG.hasAICounterpart}


def _inside_latin_word(text: str, start: int, end: int) -> bool:
    """A Latin-script label glued to more Latin letters (AI in OpenAI, GenAI) is no mention."""

    def latin(ch: str) -> bool:
        return ch.isascii() and ch.isalpha()

    return (latin(text[start]) and start > 0 and latin(text[start - 1])) or (
        latin(text[end - 1]) and end < len(text) and latin(text[end])
    )


@lru_cache(maxsize=1)
def _t2s() -> Any:
    from opencc import OpenCC

    return OpenCC("t2s")


def to_simplified(text: str) -> str:
    """``text`` in simplified characters, code point for code point (phrase conversion
    where it keeps the length, else character by character)."""
    conv = _t2s().convert(text)
    if len(conv) == len(text):
        return conv
    out = []
    for ch in text:
        c = _t2s().convert(ch)
        out.append(c if len(c) == 1 else ch)
    return "".join(out)


def detect_script(text: str, sample: int = 5000) -> str:
    """``zh-Hant`` when more than `HANT_SHARE` of the (first ``sample``) Han characters
    are changed by OpenCC t2s, else ``zh-Hans``."""
    han = "".join(ch for ch in text if "\u4e00" <= ch <= "\u9fff")[:sample]
    if not han:
        return "zh-Hans"
    conv = to_simplified(han)
    changed = sum(a != b for a, b in zip(han, conv, strict=True))
    return "zh-Hant" if changed / len(han) > HANT_SHARE else "zh-Hans"


def _links(onto: Graph, policy: TaggingPolicy) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for name in policy.nested_links:
        for a, b in onto.subject_objects(LINKS[name]):
            out.setdefault(str(a), set()).add(str(b))
            out.setdefault(str(b), set()).add(str(a))
    return out


class Annotator:
    """Holds the (expensive) segmenter, spaCy pipeline and matcher for one ontology."""

    def __init__(
        self,
        onto: Graph,
        segmenter: str = "jieba",
        lang: str = "zh-Hans",
        policy: TaggingPolicy | None = None,
    ) -> None:
        from marxkg import paths

        self.policy = policy or load_policy(paths.ontology_dir())
        iri_of = {str(c).rsplit("/", 1)[-1]: c for c in concepts(onto)}
        self.scheme = {str(c): scheme_of(onto, c) for c in concepts(onto)}
        self.labels = labels(onto, lang)
        have = {lab.text for lab in self.labels}
        for text, rule in sorted(self.policy.generic_heads.items()):
            if text not in have and rule.concept in iri_of:
                self.labels.append(Label(URIRef(iri_of[rule.concept]), text, lang, "generic"))
        self.rule_concept = {
            text: str(iri_of[r.concept])
            for text, r in self.policy.context_rules.items()
            if r.concept in iri_of
        }
        self.links = _links(onto, self.policy)
        words = [lab.text for lab in self.labels] + list(self.policy.blockers)
        self.segmenter = get_segmenter(segmenter, words)
        self.nlp = chinese_pipeline(self.segmenter)
        self.tagger = ConceptTagger(self.nlp, self.labels)

    def _decide(
        self,
        cands: list[tuple[int, int, Label, list[Label]]],
        stext: str,
    ) -> list[tuple[int, int, Label, list[Label], str]]:
        """Apply the sense and generic-head rules; give every kept mention its rule id."""
        plain = [c for c in cands if c[2].text not in self.rule_concept]
        concepts_here = {str(c[2].concept) for c in plain}
        schemes_here = {self.scheme.get(c) or "" for c in concepts_here}
        slugs_here = {c.rsplit("/", 1)[-1] for c in concepts_here}
        out = []
        for b, e, lab, same in cands:
            rule_id = "hidden-label" if lab.kind == "hidden" else "label"
            rule = self.policy.context_rules.get(lab.text)
            if rule is not None and self.rule_concept.get(lab.text) == str(lab.concept):
                if not rule.holds(stext[:b], stext[e:], slugs_here, schemes_here):
                    continue
                rule_id = rule.kind
            out.append((b, e, lab, same, rule_id))
        return out

    def __call__(self, doc: Document) -> Annotations:
        given = getattr(doc, "script", None)  # set by ingest where it detects the script
        if given:
            script = "zh-Hant" if "hant" in str(given).lower() else "zh-Hans"
        else:
            script = detect_script(doc.text)
        ann = Annotations(
            doc.doc_id, f"{self.segmenter.name} {self.segmenter.version}", script=script
        )
        for si, sent in enumerate(doc.sentences):
            stext = to_simplified(sent.text) if script == "zh-Hant" else sent.text
            sdoc = self.nlp(stext)
            first = len(ann.tokens)
            index: dict[int, int] = {}
            for tok in sdoc:
                if tok.is_space:
                    continue
                index[tok.i] = len(ann.tokens)
                start = sent.start + tok.idx
                end = start + len(tok.text)
                ann.tokens.append(
                    Token(start, end, doc.text[start:end], tok.tag_, si, bool(tok.whitespace_))
                )
            ann.sentence_tokens.append((first, len(ann.tokens)))
            cands = []
            for span, label, same in self.tagger(sdoc):
                if _inside_latin_word(
                    doc.text, sent.start + span.start_char, sent.start + span.end_char
                ):
                    continue
                toks = [index[t.i] for t in span if t.i in index]
                cands.append((span.start_char, span.end_char, label, same, (toks[0], toks[-1] + 1)))
            by_pos = {(b, e): t for b, e, _, _, t in cands}
            decided = self._decide([(b, e, lab, same) for b, e, lab, same, _ in cands], stext)
            for b, e, label, same, rule_id in decided:
                ann.mentions.append(
                    self._mention(doc, sent.start, si, b, e, label, same, rule_id, by_pos[(b, e)])
                )
                outer = str(label.concept)
                for i, j, inner in self.tagger.nested_labels(
                    stext[b:e],
                    outer,
                    self.links.get(outer, set()),
                    self.policy.nested_not_followed_by,
                    set(self.rule_concept),
                ):
                    ann.nested.append(
                        self._mention(
                            doc,
                            sent.start,
                            si,
                            b + i,
                            b + j,
                            inner,
                            self.tagger.by_text[inner.text],
                            "nested",
                            by_pos[(b, e)],
                        )
                    )
        return ann

    def _mention(
        self,
        doc: Document,
        offset: int,
        si: int,
        b: int,
        e: int,
        label: Label,
        same: list[Label],
        rule_id: str,
        toks: tuple[int, int],
    ) -> Mention:
        start, end = offset + b, offset + e
        return Mention(
            start,
            end,
            doc.text[start:end],
            str(label.concept),
            label.kind,
            si,
            toks,
            sorted({str(x.concept) for x in same} - {str(label.concept)}),
            rule_id,
            self.policy.rule_confidence(rule_id),
        )
