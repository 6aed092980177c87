"""Concept tagging by a dictionary match over the token sequence, from the SKOS labels,
under the written tagging policy (docs/tagging-policy.md, data in
ontology/tagging-rules.yaml).

- Patterns are the concepts' pref/alt/hidden labels plus the policy's generic heads,
  split into words by the same segmenter as the text (`marxkg.nlp.zh.segment`), so matches
  align to token boundaries: a label inside a longer word of another meaning (资本 inside
  资本主义) is never a mention.
- Labels jieba cannot hold as one word (with spaces or punctuation such as
  数据—信息—知识 or 双边/多边平台) match as word sequences.
- The match is the one spaCy's ``PhraseMatcher`` (``attr="ORTH"``) and
  ``spacy.util.filter_spans`` make: every occurrence of every pattern, then the longest
  span wins, among equally long ones the earliest (tests/test_tagger.py checks the two
  agree on the paper); it is a dict lookup per word, with no spaCy ``Doc`` per sentence.
  A span matched by two concepts keeps the concept whose IRI sorts first, and the clash
  is reported.
- Nested mentions (`nested_labels`): inside a kept span, labels of concepts linked to the
  span's concept are mentions too, each with its own span.
"""

from __future__ import annotations

import logging
from bisect import bisect_right
from collections.abc import Callable, Collection, Sequence
from itertools import compress, count

from marxkg.ontology import Label

log = logging.getLogger(__name__)

Match = tuple[int, int, str]  # word range [start, end) and the matched label text


def _filter_spans(found: list[Match]) -> list[Match]:
    """spacy.util.filter_spans: longest first, then earliest; keep what does not overlap
    (in text order)."""
    found = sorted(found, key=lambda m: (m[0] - m[1], m[0]))
    kept: list[Match] = []
    taken: set[int] = set()
    for m in found:
        if m[0] not in taken and m[1] - 1 not in taken:
            kept.append(m)
            taken.update(range(m[0], m[1]))
    kept.sort()
    return kept


class ConceptTagger:
    """The labels of an ontology as word-sequence patterns, matched by dictionary lookup."""

    def __init__(self, split: Callable[[str], list[str]], labels: list[Label]) -> None:
        self.labels = labels
        self.by_text: dict[str, list[Label]] = {}
        for lab in labels:
            self.by_text.setdefault(lab.text, []).append(lab)
        # the labels of a text, the winner (the concept IRI sorting first) first
        self.ranked = {
            t: sorted(labs, key=lambda x: str(x.concept)) for t, labs in self.by_text.items()
        }
        # first word -> [(words, label text)], shortest pattern first
        self.patterns: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        seen: dict[tuple[str, ...], str] = {}
        for text in sorted(self.by_text):
            words = tuple(split(text))
            if not words:
                continue
            if words in seen:  # same words: the first label text (sorted) keeps the pattern
                log.warning("labels %r and %r split into the same words", seen[words], text)
                continue
            seen[words] = text
            self.patterns.setdefault(words[0], []).append((words, text))
        for pats in self.patterns.values():
            pats.sort(key=lambda p: len(p[0]))
        self.longest = max((len(t) for t in self.by_text), default=0)

    def __call__(self, words: Sequence[str], bounds: Sequence[int] = ()) -> list[Match]:
        """Mentions in a sentence's ``words``: non-overlapping (start, end, label text),
        in text order; of overlapping matches the longest, then the earliest, is kept.
        ``words`` may be those of many sentences, ``bounds`` (ascending) where each begins:
        no match then runs from one sentence into the next."""
        found: list[Match] = []
        n = len(words)
        patterns = self.patterns
        longer = False  # a pattern of several words matched
        # the words that start a pattern, found in C (most words start none)
        for i in compress(count(), map(patterns.__contains__, words)):
            limit = -1  # where the sentence of word i ends (looked up if needed)
            for pat, text in patterns[words[i]]:
                k = len(pat)
                if k == 1:
                    found.append((i, i + 1, text))
                    continue
                if limit < 0:
                    b = bisect_right(bounds, i)
                    limit = bounds[b] if b < len(bounds) else n
                if i + k <= limit and tuple(words[i : i + k]) == pat:
                    found.append((i, i + k, text))
                    longer = True
        if not longer:  # one-word matches, at most one a word: none overlap, in text order
            return found
        # the overlap filter, run on each group of matches that overlap one another (found
        # is in text order; matches that share no word never compete)
        kept: list[Match] = []
        group: list[Match] = []
        end = -1
        for m in found:
            if m[0] >= end:  # shares no word with the group so far
                kept.extend(group if len(group) == 1 else _filter_spans(group))
                group, end = [m], m[1]
            else:
                group.append(m)
                end = max(end, m[1])
        kept.extend(group if len(group) == 1 else _filter_spans(group))
        return kept

    def nested_labels(
        self,
        surface: str,
        outer: str,
        linked: set[str],
        not_followed_by: tuple[str, ...],
        ruled: Collection[str] = (),
    ) -> list[tuple[int, int, Label]]:
        """Labels inside ``surface`` (the text of a mention of concept ``outer``) whose
        concept is in ``linked``: (start, end, label) relative to ``surface``. A contained
        label that runs on into 主义/家... inside the compound is skipped; of overlapping
        candidates the longest (then earliest) is kept. Labels under a sense or
        generic-head rule (``ruled``) are never nested."""
        cands: list[tuple[int, int, Label]] = []
        n = len(surface)
        for i in range(n):
            for j in range(i + 1, min(n, i + self.longest) + 1):
                if (i, j) == (0, n):
                    continue
                for lab in self.by_text.get(surface[i:j], []):
                    c = str(lab.concept)
                    if c == outer or c not in linked or lab.kind == "generic" or lab.text in ruled:
                        continue
                    if any(surface.startswith(w, j) for w in not_followed_by):
                        continue
                    cands.append((i, j, lab))
                    break
        cands.sort(key=lambda x: (-(x[1] - x[0]), x[0]))
        kept: list[tuple[int, int, Label]] = []
        for i, j, lab in cands:
            if all(j <= a or b <= i for a, b, _ in kept):
                kept.append((i, j, lab))
        return sorted(kept, key=lambda x: x[0])
