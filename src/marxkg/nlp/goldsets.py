"""Gold sets on texts other than the shipped paper (tests/data/gold/<name>/): passages as
found at the source, mentions marked by reading (tests/data/gold/README.md).

A gold set is evaluated in Chinese (both scripts: the passages as given and their OpenCC
s2tw conversion, character for character so the gold offsets hold) or in English. Run
``python -m marxkg.nlp.goldsets tests/data/gold`` for the scores as JSON.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import Graph

from marxkg.nlp.evaluate import Triple, predicted, read_gold, scores
from marxkg.ontology import concepts, scheme_of

SENTENCE_END = re.compile(r"(?<=[。！？!?])|(?<=\.)\s+(?=[A-Z“\"])")


@dataclass
class Span:
    start: int
    end: int
    text: str


@dataclass
class PlainText:
    """A text with sentences: the part of `marxkg.model.Document` the annotators read."""

    doc_id: str
    text: str
    sentences: list[Span] = field(default_factory=list)
    script: str | None = None


@dataclass
class GoldSet:
    name: str
    text: str
    passages: list[tuple[int, int]]
    gold: set[Triple]
    lang: str  # zh | en
    script: str = "zh-Hans"  # the script the Chinese text is written in


def load_goldset(directory: Path) -> GoldSet:
    directory = Path(directory)
    text = (directory / "text.txt").read_text(encoding="utf-8")
    passages = [tuple(p) for p in json.loads((directory / "passages.json").read_text())]
    gold = {(g["start"], g["end"], g["concept"]) for g in read_gold(directory / "gold.jsonl")}
    lang = "zh" if re.search(r"[\u4e00-\u9fff]", text) else "en"
    meta = directory / "meta.json"
    script = json.loads(meta.read_text())["script"] if meta.exists() else "zh-Hans"
    return GoldSet(directory.name, text, [(a, b) for a, b in passages], gold, lang, script)


def split_sentences(text: str, start: int, end: int) -> list[Span]:
    """Sentences of ``text[start:end]``: after 。！？ (and after a full stop followed by a
    capital in English)."""
    out, pos = [], start
    for m in SENTENCE_END.finditer(text, start, end):
        if m.end() > pos and text[pos : m.start()].strip():
            out.append(Span(pos, m.start(), text[pos : m.start()]))
            pos = m.end()
    if text[pos:end].strip():
        out.append(Span(pos, end, text[pos:end]))
    return out


def to_traditional(text: str, config: str = "s2tw") -> str:
    """OpenCC ``config`` (s2tw, or t2s for the other way), code point for code point (so
    that offsets into ``text`` hold)."""
    from opencc import OpenCC

    cc = OpenCC(config)
    conv = cc.convert(text)
    if len(conv) == len(text):
        return conv
    return "".join(c if len(c := cc.convert(ch)) == 1 else ch for ch in text)


def scheme_map(onto: Graph) -> dict[str, str]:
    return {str(c).rsplit("/", 1)[-1]: scheme_of(onto, c) or "?" for c in concepts(onto)}


def predict_zh(gs: GoldSet, annotator: Any, script: str = "zh-Hans") -> set[Triple]:
    """Mentions in the text as written (``script == gs.script``) or in its conversion."""
    if script == gs.script:
        text = gs.text
    else:
        text = to_traditional(gs.text, "s2tw" if script == "zh-Hant" else "t2s")
    doc = PlainText(gs.name, text, [s for a, b in gs.passages for s in split_sentences(text, a, b)])
    return predicted(annotator(doc).all_mentions(), gs.passages)


def predict_en(gs: GoldSet, annotator: Any) -> set[Triple]:
    from marxkg.ingest.translation import AlignedSentence

    sents = [s for a, b in gs.passages for s in split_sentences(gs.text, a, b)]
    aligned = [AlignedSentence(k, "", s.text, k) for k, s in enumerate(sents)]
    en = annotator(gs.name, aligned)
    out = set()
    for m in en.mentions:
        start = en.sentences[m.sentence][0]
        shift = sents[m.sentence].start - start
        out.add((m.start + shift, m.end + shift, m.concept.rsplit("/", 1)[-1]))
    return out


def evaluate_goldsets(root: Path, onto: Graph) -> dict[str, Any]:
    """Scores of every gold set under ``root``: Chinese ones in zh-Hans and zh-Hant,
    English ones in en; per scheme too."""
    from marxkg.nlp.annotate import Annotator
    from marxkg.nlp.en import EnglishAnnotator

    schemes = scheme_map(onto)
    zh_annotator = en_annotator = None
    out: dict[str, Any] = {}
    for directory in sorted(p for p in Path(root).iterdir() if (p / "gold.jsonl").exists()):
        gs = load_goldset(directory)
        if gs.lang == "zh":
            zh_annotator = zh_annotator or Annotator(onto)
            out[gs.name] = {
                s: scores(gs.gold, predict_zh(gs, zh_annotator, s), schemes)
                for s in ("zh-Hans", "zh-Hant")
            }
        else:
            en_annotator = en_annotator or EnglishAnnotator(onto)
            out[gs.name] = {"en": scores(gs.gold, predict_en(gs, en_annotator), schemes)}
    return out


def main(argv: list[str] | None = None) -> int:  # pragma: no cover - thin wrapper
    from marxkg import paths
    from marxkg.ontology import load_ontology

    args = sys.argv[1:] if argv is None else argv
    root = Path(args[0]) if args else paths.project_root() / "tests" / "data" / "gold"
    result = evaluate_goldsets(root, load_ontology(paths.ontology_dir()))
    sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=1) + "\n")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
