"""Context and source of a quantitative claim (see `marxkg.nlp.claims`).

Source attribution, in order:

1. *same-sentence*: the first footnote marker of the claim's sentence standing after the
   figure (else the sentence's last marker before it) — whatever the citation's type, so a
   figure inside a sentence whose citation is a quotation (the MTurk figures) is sourced;
2. *later-marker*: a sentence without a marker that names its source (依据…统计, …发布的…
   报告提到) takes the next marker of its paragraph, provided no sentence in between names
   a source of its own (the source named earlier, cited at a later marker);
3. otherwise *unsourced*.

The subject, indicator, place and time are read from the claim's clause (the text between
the punctuation marks around the figure) with plain rules; they are the paper's words, not
a parse.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from marxkg.model import Claim, ClaimSource, Document

if TYPE_CHECKING:
    from marxkg.nlp.claims_vocab import Vocab

CLAUSE_STOPS = "，；：。！？,;:（）()"
YEAR = re.compile(
    r"(?P<y1>\d{4})\s*年?\s*[—–-]\s*(?P<y2>\d{4})\s*年"
    r"|从\s*(?P<f1>\d{4})\s*年\s*到\s*(?P<f2>\d{4})\s*年"
    r"|(?P<y>\d{4})\s*年(?:\s*(?P<m>\d{1,2})\s*月)?"
)
LEADING = re.compile(
    r"^(?:[“”\s]|是|其中|其次是|但只有?|和|它"
    r"|第[一二三四五六七八九十]+[位名]是?)+"
)
VERBS = (
    "宣布",
    "以",
    "有",
    "在",
    "占",
    "从",
    "为",
    "达到",
    "突破",
    "垄断",
    "拥有",
    "雇佣",
    "贡献",
    "减少",
    "下降",
    "收窄",
    "超过",
    "领先",
)


def _cites(doc: Document, sentence: int) -> list[Any]:
    return [c for c in doc.citations if c.sentence == sentence]


def _names_source(text: str, cues: tuple[str, ...]) -> bool:
    return any(cue in text for cue in cues)


def _source(doc: Document, citation: Any, resolution: str) -> ClaimSource:
    note = doc.footnotes[citation.footnote - 1]
    ref = note.references[citation.reference]
    return ClaimSource(
        resolution=resolution,
        footnote=note.n,
        label=note.label,
        group=note.group,
        marker=citation.marker,
        sentence=citation.sentence,
        reference=ref.key,
        kind=ref.kind,
        characterization=citation.characterization,
        title=ref.title,
    )


def attribute_source(doc: Document, claim: Claim, vocab: Vocab) -> ClaimSource:
    own = _cites(doc, claim.sentence)
    if own:
        after = [c for c in own if doc.markers[c.marker].offset >= claim.end]
        pick = (
            min(after, key=lambda c: doc.markers[c.marker].offset)
            if after
            else max(own, key=lambda c: doc.markers[c.marker].offset)
        )
        return _source(doc, pick, "same-sentence")
    sent = doc.sentences[claim.sentence]
    if not _names_source(sent.text or doc.text[sent.start : sent.end], vocab.source_cues):
        return ClaimSource("unsourced")
    for si in range(claim.sentence + 1, len(doc.sentences)):
        nxt = doc.sentences[si]
        if nxt.block != sent.block:
            break
        cites = _cites(doc, si)
        if cites:
            if _names_source(nxt.text or doc.text[nxt.start : nxt.end], vocab.own_source_cues):
                break  # the next marker supports a source named in its own sentence
            first = min(cites, key=lambda c: doc.markers[c.marker].offset)
            return _source(doc, first, "later-marker")
    return ClaimSource("unsourced")


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    left = max(text.rfind(ch, 0, start) for ch in CLAUSE_STOPS) + 1
    rights = [i for i in (text.find(ch, end) for ch in CLAUSE_STOPS) if i >= 0]
    right = min(rights) if rights else len(text)
    if left == start and text[left - 1 : left] in "（(":  # （700.79亿美元）: the clause before
        left = max(text.rfind(ch, 0, left - 1) for ch in CLAUSE_STOPS) + 1
    return left, right


def _time(text: str, upto: int) -> str | None:
    """The last date or period stated before the figure in its sentence."""
    found = None
    for m in YEAR.finditer(text):
        if m.start() > upto:
            break
        if m.group("y1"):
            found = f"{m.group('y1')}/{m.group('y2')}"
        elif m.group("f1"):
            found = f"{m.group('f1')}/{m.group('f2')}"
        else:
            month = m.group("m")
            found = f"{m.group('y')}-{int(month):02d}" if month else m.group("y")
    return found


def _place(clause: str, sentence: str, at: int, unit: str, vocab: Vocab) -> str | None:
    """Every place named in the clause (in order); for a ratio (是日本…的 6 倍) the
    sentence's first place, the side being compared; else the nearest place before the
    figure, else the first after it."""

    def named(text: str) -> list[tuple[int, str]]:
        hits: dict[str, int] = {}
        for word, place in vocab.places.items():
            i = text.find(word)
            if i >= 0:
                hits[place] = min(i, hits.get(place, i))
        return sorted((i, p) for p, i in hits.items())

    if unit == "ratio" and named(sentence):
        return named(sentence)[0][1]
    in_clause = named(clause)
    if in_clause:
        return "、".join(p for _, p in in_clause)
    before = [
        (sentence.rfind(w, 0, at), vocab.places[w])
        for w in vocab.places
        if sentence.rfind(w, 0, at) >= 0
    ]
    if before:
        return max(before)[1]
    after = named(sentence)
    return after[0][1] if after else None


def inherit_context(doc: Document, claims: list[Claim]) -> None:
    """A claim without place or time takes them from the previous claim of its paragraph
    with the same source (该类职业在此期间…: the period of the sentence before); a claim
    without a subject takes the subject of the claim before it in the same clause group
    (no ；between them)."""
    for k, claim in enumerate(claims):
        prev_claim = claims[k - 1] if k else None
        if (
            claim.subject is None
            and prev_claim is not None
            and prev_claim.sentence == claim.sentence
            and "；" not in doc.text[prev_claim.end : claim.start]
        ):
            claim.subject = prev_claim.subject  # 谷歌宣布裁员 1.2 万人，占员工总数的 6%
        if claim.place and claim.time:
            continue
        block = doc.sentences[claim.sentence].block
        for prev in reversed(claims[:k]):
            if doc.sentences[prev.sentence].block != block:
                break
            if prev.source.footnote and prev.source.footnote == claim.source.footnote:
                claim.place = claim.place or prev.place
                claim.time = claim.time or prev.time
                break


def _strip_figures(text: str, vocab: Vocab) -> str:
    """Other figures of the clause out of the way (收窄至0.3、8.1、 -> 收窄至)."""
    units = "|".join(re.escape(u) for u in sorted(vocab.units, key=len, reverse=True))
    return re.sub(
        rf"(?<![A-Za-z0-9.\-])\d+(?:\.\d+)?(?![A-Za-z0-9.\-])\s*(?:万亿|亿|万)?\s*"
        rf"(?:{units})?\s*[、和]?",
        "",
        text,
    )


def _subject_indicator(
    before: str, following: str, in_parens: bool, vocab: Vocab
) -> tuple[str | None, str | None]:
    """Who or what (subject) and which measure (indicator), from the clause text before the
    figure: split at the first verb, else at the last 的 (OpenAI 的年度经常性收入); a place
    alone or a noun directly before a parenthesised figure is the subject; an indicator
    noun alone (占比, 降幅) is the indicator; a counted noun after the figure (50 万个注册
    工人) is the indicator when nothing precedes."""
    before = before.rstrip("的").strip()
    if before in vocab.places or (in_parens and before):
        return before, None
    if before in vocab.indicator_nouns:
        return None, before
    cut = min(
        (i for i in (before.find(v) for v in VERBS) if i > 0 and not before.startswith("占比", i)),
        default=-1,
    )
    if cut < 2:  # no noun phrase before the verb: no subject of its own
        cut = -1
    subject: str | None = before[:cut].strip("，的 ").removesuffix("分别") if cut > 0 else None
    indicator: str = before[cut:] if cut > 0 else before
    if subject is not None and subject in vocab.indicator_nouns:
        indicator = subject
        subject = None
    elif subject is None and "的" in indicator.rstrip("的"):
        head, _, tail = indicator.rstrip("的").rpartition("的")
        subject, indicator = head.strip() or None, tail
    indicator = re.sub(r"^(?:宣布|以|有|在|占(?!比)|从|为|拥有|雇佣)", "", indicator or "")
    indicator = re.sub(r"(?:为|是|的|了|达到|约|分别)+$", "", indicator).strip()
    if subject and "的" in subject and len(indicator) <= 3:  # OpenAI 的年度经常性收入达到
        head, _, tail = subject.rpartition("的")
        subject, indicator = head.strip() or None, tail.strip() + indicator
    if not indicator and following:
        indicator = following
    return subject, indicator or None


def describe(doc: Document, claim: Claim, mentions: list[Any], vocab: Vocab) -> None:
    """Fill the claim's clause, subject, indicator, place, time and concepts."""
    sent = doc.sentences[claim.sentence]
    text = doc.text[sent.start : sent.end]
    a, b = claim.start - sent.start, claim.end - sent.start
    left, right = _clause(text, a, b)
    claim.clause = text[left:right].strip()
    in_parens = text[:a].rstrip().endswith(("（", "("))
    before = _strip_figures(YEAR.sub("", text[left:a]), vocab).strip().rstrip("（(").strip()
    before = LEADING.sub("", before)
    before = before.removesuffix("了")
    if claim.qualifier and before.endswith(claim.qualifier):
        before = before[: -len(claim.qualifier)].rstrip()
    following = text[b:right].strip().lstrip("的").strip()
    claim.subject, claim.indicator = _subject_indicator(
        before, following if claim.unit == "count" else "", in_parens, vocab
    )
    claim.place = _place(claim.clause, text, a, claim.unit, vocab)
    claim.time = _time(text, a)
    lo, hi = sent.start + left, sent.start + right
    claim.concepts = sorted({str(m.concept) for m in mentions if lo <= m.start and m.end <= hi})
