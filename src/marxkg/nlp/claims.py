"""The quantitative-claims layer: every statement of a number in the reading text.

Rule-based, driven by the vocabulary in ``claims-vocab.yaml`` (units, magnitudes, qualifier
words, source cues, places). A *figure* is a number (Arabic, or a Chinese numeral that
states a quantity) with a magnitude word (万, 亿, 万亿) and a unit word (%, 个百分点, 美元,
倍, or a measure word such as 个/人/名/台/家/条). Not figures: dates (a number followed by
年/月/日 …, year ranges), ordinals (第…), numbers glued to Latin names (GPT-4, H100, 5G),
numbers inside 《titles》, and bare numbers without a unit (reported, not dropped).

The context of each figure (clause, subject, indicator, place, time, concepts) and its
source are filled in by `marxkg.nlp.claims_context`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from marxkg.ingest.author_year import inside, printed_citations
from marxkg.model import Claim, Document, Issue
from marxkg.nlp.claims_vocab import Vocab, chinese_number, load_vocab

RANGE_DASH = "—–~～至到-"
LIST_JOINERS = ("、", "和", "及", "与")


def _decimal_str(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


@dataclass
class _Figure:
    start: int  # code points into the sentence
    end: int
    number: str
    value: Decimal
    unit_printed: str | None
    unit: str | None
    number_qualifier: str | None = None
    value_max: Decimal | None = None


def _range(low: _Figure, high: _Figure) -> _Figure:
    """``low``–``high`` as one figure (3-5%): from low's start to high's end, in high's unit."""
    return _Figure(
        low.start,
        high.end,
        low.number,
        low.value,
        high.unit_printed,
        high.unit,
        low.number_qualifier,
        high.value,
    )


def _inside_titles(text: str) -> list[tuple[int, int]]:
    spans, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch == "《":
            if depth == 0:
                start = i
            depth += 1
        elif ch == "》" and depth:
            depth -= 1
            if depth == 0:
                spans.append((start, i + 1))
    return spans


def _latin(ch: str) -> bool:
    return ch.isascii() and (ch.isalpha() or ch in "-._/")


def _skip_reason(
    text: str, m: re.Match[str], vocab: Vocab, titles: list[tuple[int, int]]
) -> str | None:
    """Why the number at ``m`` is not a figure (None: it is one)."""
    start = m.start()
    num_end = m.end("arabic") if m.group("arabic") else m.end("chinese")
    before = text[:start].rstrip()
    after = text[num_end:].lstrip()
    if any(a <= start < b for a, b in titles):
        return "title"
    if before.endswith("第") or (m.group("chinese") and before.endswith("前")):
        return "ordinal"
    if m.group("arabic") and not (m.group("unit") or m.group("mult")) and _labelled(before, vocab):
        return "label"  # 图1, 表2, 式（3）; not 代表3亿人
    if start > 0 and _latin(text[start - 1]) and m.group("arabic"):
        glue = text[start - 1]
        if glue.isalpha() or start < 2 or not text[start - 2].isdigit():
            return "name"  # GPT-4, H100, 5G/6G (but 3-5: a range)
    if num_end < len(text) and text[num_end].isascii() and text[num_end].isalpha():
        return "name"
    if not m.group("mult") and after.startswith(vocab.date_words):
        return "date"
    if re.match(rf"[{RANGE_DASH}]\s*\d+\s*年", after):
        return "date"
    if m.group("chinese"):
        if not m.group("unit"):
            return "not-a-quantity"
        value = chinese_number(_strip_number_qualifier(m.group("chinese"), vocab)[0], vocab)
        if value is None or value <= 1:
            return "not-a-quantity"
    return None


# the characters that may stand before a label word (见图1, 如表2, 由式3), not ending a word
# of its own (代表, 意图)
_BEFORE_LABEL = "见見如由据據从從按参參在和与與及即、，,（( "


def _labelled(before: str, vocab: Vocab) -> bool:
    """Does ``before`` end with a label word (图, 表, 式, Figure …) standing as a word?"""
    head = before.rstrip("（(")
    for word in vocab.label_words:
        if head.endswith(word):
            k = len(head) - len(word)
            prev = head[k - 1] if k > 0 else " "
            if not ("\u3400" <= prev <= "\u9fff") or prev in _BEFORE_LABEL:
                return True
    return False


def _strip_number_qualifier(chinese: str, vocab: Vocab) -> tuple[str, str | None]:
    for word in sorted(vocab.number_qualifiers, key=len, reverse=True):
        if chinese.startswith(word) and len(chinese) > len(word):
            return chinese[len(word) :], word
    return chinese, None


def _figure(text: str, m: re.Match[str], vocab: Vocab) -> _Figure:
    unit_printed = m.group("unit")
    unit = None
    end = m.end()
    if unit_printed in vocab.counted_nouns:
        unit, end, unit_printed = "count", m.end("sp2") - len(m.group("sp2")), None
    elif unit_printed:
        unit = vocab.units[unit_printed]
    if m.group("arabic"):
        value = Decimal(m.group("arabic"))
        if m.group("mult"):
            value *= vocab.multipliers[m.group("mult")]
        return _Figure(
            m.start(),
            end if unit or m.group("mult") else m.end("arabic"),
            m.group("arabic"),
            value,
            unit_printed,
            unit,
        )
    digits, qual = _strip_number_qualifier(m.group("chinese"), vocab)
    value = chinese_number(digits, vocab) or Decimal(0)
    return _Figure(m.start(), end, m.group("chinese"), value, unit_printed, unit, qual)


def find_figures(text: str, vocab: Vocab) -> tuple[list[_Figure], list[tuple[int, str]]]:
    """Figures in one sentence, lists (17.5、13.5和31.6个百分点) and ranges (3-5个) resolved;
    plus the bare numbers left without a unit (offset, number)."""
    titles = _inside_titles(text)
    raw: list[_Figure] = []
    for m in vocab.figure.finditer(text):
        if not (m.group("arabic") or m.group("chinese")):
            continue
        if _skip_reason(text, m, vocab, titles) is None:
            raw.append(_figure(text, m, vocab))
    out: list[_Figure] = []
    pending: list[_Figure] = []
    for fig in raw:
        gap = text[pending[-1].end : fig.start].strip() if pending else ""
        if (
            pending
            and fig.unit
            and gap
            and gap[0] in RANGE_DASH
            and len(pending) == 1
            and len(gap) == 1
        ):
            out.append(_range(pending.pop(), fig))
            continue
        if pending and gap not in LIST_JOINERS:
            out.extend(pending)
            pending = []
        if fig.unit is None:
            pending.append(fig)
            continue
        for p in pending:
            p.unit, p.unit_printed = fig.unit, None
        out.extend(pending)
        pending = []
        if (
            out
            and out[-1].unit == fig.unit
            and text[out[-1].end : fig.start].strip() in tuple(RANGE_DASH)
            and out[-1].value_max is None
        ):
            fig = _range(out.pop(), fig)
        out.append(fig)
    out.extend(pending)
    bare = [(f.start, f.number) for f in out if f.unit is None]
    return [f for f in out if f.unit is not None], bare


def _qualifier(text: str, fig: _Figure, vocab: Vocab) -> tuple[str | None, str | None]:
    if fig.number_qualifier:
        return fig.number_qualifier, vocab.number_qualifiers[fig.number_qualifier]
    before = text[: fig.start].rstrip()
    before = before.removesuffix("了")  # 超过了1亿美元
    for word in sorted(vocab.prefix_qualifiers, key=len, reverse=True):
        if before.endswith(word):
            return word, vocab.prefix_qualifiers[word]
    after = text[fig.end :].lstrip()
    for word in sorted(vocab.suffix_qualifiers, key=len, reverse=True):
        if after.startswith(word):
            return word, vocab.suffix_qualifiers[word]
    return None, None


def extract_claims(
    doc: Document,
    mentions: list[Any] | None = None,
    vocab: Vocab | None = None,
    issues: list[Issue] | None = None,
) -> list[Claim]:
    """Every claim of ``doc`` in reading order, with its context and source.

    ``mentions`` are the concept mentions of `marxkg.nlp.annotate` (anything with
    ``start``, ``end`` and ``concept``); without them claims carry no concept IRIs.
    Bare numbers that are neither dates, labels nor figures are added to ``issues``.
    """
    from marxkg.nlp.claims_context import attribute_source, describe, inherit_context

    vocab = vocab or load_vocab()
    claims: list[Claim] = []
    cited = printed_citations(doc)
    for si, sent in enumerate(doc.sentences):
        block = doc.blocks[sent.block]
        if block.kind not in ("paragraph", "abstract"):
            continue  # headings carry section numbers, the title and keywords no claims
        text = doc.text[sent.start : sent.end]
        figures, bare = find_figures(text, vocab)
        if cited:  # the year and pages of an author-year citation are no claim
            figures = [f for f in figures if not inside(sent.start + f.start, cited)]
            bare = [(o, n) for o, n in bare if not inside(sent.start + o, cited)]
        if issues is not None:
            issues.extend(
                Issue(
                    "claim-without-unit",
                    f"number {number} without a unit in sentence {si}: not taken as a claim",
                    None,
                    sent.start + offset,
                )
                for offset, number in bare
            )
        for fig in figures:
            qualifier, bound = _qualifier(text, fig, vocab)
            ranged = fig.value_max is not None
            claim = Claim(
                n=len(claims) + 1,
                sentence=si,
                start=sent.start + fig.start,
                end=sent.start + fig.end,
                printed=text[fig.start : fig.end],
                value=None if ranged else _decimal_str(fig.value),
                unit=fig.unit or "",
                unit_printed=fig.unit_printed,
                value_min=_decimal_str(fig.value) if ranged else None,
                value_max=_decimal_str(fig.value_max) if fig.value_max is not None else None,
                qualifier=qualifier,
                bound=bound,
            )
            describe(doc, claim, mentions or [], vocab)
            claim.source = attribute_source(doc, claim, vocab)
            claims.append(claim)
    inherit_context(doc, claims)
    return claims


def attach_claims(doc: Document, mentions: list[Any] | None = None) -> None:
    """Set ``doc.claims`` (idempotent: earlier claim issues are replaced). A
    traditional-script document is read through its simplified view (the units,
    magnitudes and cues of the vocabulary are simplified); offsets are the same and every
    string kept on a claim is the received text under it."""
    from marxkg.ingest.script import received_span, simplified_view

    doc.issues = [i for i in doc.issues if i.kind != "claim-without-unit"]
    view = simplified_view(doc) if doc.script == "Hant" else None
    if view is None:
        doc.claims = extract_claims(doc, mentions, issues=doc.issues)
        return
    doc.claims = extract_claims(view, mentions, issues=doc.issues)
    whole = {a: b for a, b in zip(view.text, doc.text, strict=True) if a != b}
    for claim in doc.claims:
        sent = doc.sentences[claim.sentence]
        received, simplified = doc.text[sent.start : sent.end], view.text[sent.start : sent.end]
        # characters as this sentence writes them, else as the document does
        chars = {**whole, **{a: b for a, b in zip(simplified, received, strict=True) if a != b}}
        claim.printed = doc.text[claim.start : claim.end]
        for name in (
            "clause",
            "unit_printed",
            "qualifier",
            "subject",
            "indicator",
            "place",
            "time",
        ):
            value = getattr(claim, name)
            if value:
                at = received_span(received, simplified, value)
                if at == value:  # not a span of the sentence: built from several pieces
                    at = "".join(chars.get(ch, ch) for ch in value)
                setattr(claim, name, at)


def summarize_claims(doc: Document) -> dict[str, Any]:
    """The claims section of ``report.json``: counts and every unsourced claim."""
    from collections import Counter

    claims = doc.claims
    return {
        "claims": len(claims),
        "by_unit": dict(sorted(Counter(c.unit for c in claims).items())),
        "by_source_kind": dict(
            sorted(Counter(c.source.kind or "unsourced" for c in claims).items())
        ),
        "by_characterization": dict(
            sorted(Counter(c.source.characterization or "unsourced" for c in claims).items())
        ),
        "by_resolution": dict(sorted(Counter(c.source.resolution for c in claims).items())),
        "unsourced": [
            {
                "claim": c.n,
                "sentence": c.sentence,
                "offset": c.start,
                "printed": c.printed,
                "qualifier": c.qualifier,
                "clause": c.clause,
            }
            for c in claims
            if c.source.resolution == "unsourced"
        ],
    }
