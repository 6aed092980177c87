"""Corpora of several documents for the build and per-document tests.

- `quick_ontology`: the shipped ontology without its evidence quotes (which are found only
  in the shipped paper), so that small corpora of fixture papers build;
- `fixture_corpus`: ``n`` copies of the small fixture paper under ``fixture-00`` … ids,
  each slightly different (its number in the abstract; every third one without the
  closing paragraph), so their outputs differ;
- `paper_corpus`: the shipped paper plus perturbed copies of it under new ids:
  ``xu-copy-short`` (the paper without footnote ④ of the section 一.1 page block and its
  marker: 57 footnotes), ``xu-copy-same`` (the paper as it is, another title).
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from tests import FIXTURE_PAPER, ONTOLOGY, PAPER

# Footnote ④ of the page block after section 一.1 (the 4th of 4) and its marker.
DROPPED_NOTE = "④ 《马克思恩格斯文集》第5卷，北京：人民出版社，2009年，第488页。"


def build_command(corpus: Path, ontology: Path, out: Path, *options: str) -> list[str]:
    """``marxkg build`` of a corpus as a separate process (the tests that kill or time it)."""
    return [
        sys.executable, "-m", "marxkg.cli", "build",
        "--corpus", str(corpus), "--ontology", str(ontology), "--out", str(out), *options,
    ]  # fmt: skip


def subprocess_env() -> dict[str, str]:
    """The environment of such a process: this test run's import path."""
    return {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}


def quick_ontology(dest: Path) -> Path:
    from rdflib import Graph, Namespace

    mkg = Namespace("https://w3id.org/marxkg/ontology#")
    dest.mkdir(parents=True, exist_ok=True)
    for path in sorted(ONTOLOGY.iterdir()):
        if path.suffix != ".ttl" or "evidenceQuote" not in path.read_text(encoding="utf-8"):
            shutil.copy(path, dest / path.name)
            continue
        g = Graph()
        g.parse(path, format="turtle")
        g.remove((None, mkg.evidenceQuote, None))
        g.serialize(dest / path.name, format="turtle")
    return dest


def fixture_document(n: int) -> str:
    text = FIXTURE_PAPER.read_text(encoding="utf-8")
    text = text.replace("本文是测试用的小样本论文。", f"本文是测试用的第{n}号小样本论文。")
    assert f"第{n}号" in text
    if n % 3 == 2:
        closing = "机器体系的资本主义应用带来失业，社会主义应用则服务于人民。\n\n"
        assert closing in text
        text = text.replace(closing, "")
    return text


def fixture_corpus(dest: Path, n: int, start: int = 0) -> Path:
    for k in range(start, start + n):
        d = dest / f"fixture-{k:02d}"
        d.mkdir(parents=True, exist_ok=True)
        (d / "source.md").write_text(fixture_document(k), encoding="utf-8")
        (d / "metadata.yaml").write_text(f"title:\n  zh: 机器与劳动 第{k}号\n", encoding="utf-8")
    return dest


def paper_without_note() -> str:
    lines = PAPER.read_text(encoding="utf-8").split("\n")
    k = lines.index(DROPPED_NOTE)
    del lines[k : k + 2]  # the note and the blank line after it
    for i in range(k - 1, -1, -1):  # its marker: the last ^④ before the block
        if "^④" in lines[i]:
            lines[i] = lines[i].replace("^④", "", 1)
            break
    return "\n".join(lines)


def paper_corpus(dest: Path, copies: tuple[str, ...] = ("xu-copy-short", "xu-copy-same")) -> Path:
    shutil.copytree(PAPER.parent, dest / PAPER.parent.name)
    variants = {
        "xu-copy-short": (paper_without_note(), "短副本"),
        "xu-copy-same": (PAPER.read_text(encoding="utf-8"), "同副本"),
    }
    for doc_id in copies:
        text, title = variants[doc_id]
        d = dest / doc_id
        d.mkdir(parents=True)
        (d / "source.md").write_text(text, encoding="utf-8")
        (d / "metadata.yaml").write_text(f"title:\n  zh: {title}\n", encoding="utf-8")
    return dest


def the_one_error(result) -> str:
    """The one ``error:`` line of a failed CLI run (a `CliRunner` result): exit status 1,
    exactly one such line, and no traceback."""
    assert result.exit_code == 1, result.output
    lines = [ln for ln in result.output.splitlines() if ln.startswith("error:")]
    assert len(lines) == 1, result.output
    assert "Traceback" not in result.output
    return lines[0]
