"""Hostile corpus inputs (issue 9): each is refused with one ``error:`` line naming the file
(and the document, and the line for line-based files), quickly, with nothing written.

Every build runs in a subprocess with a timeout, so that a regression (a FIFO read that
blocks, an alias bomb that expands) fails the test instead of hanging the suite. Each
corpus is the shipped paper's directory with one file replaced.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from tests import PAPER, PAPER_ID, ROOT
from tests.corpora import build_command, subprocess_env

ONTOLOGY = ROOT / "ontology"
EARLY = 30  # seconds: refusals that come before any NLP work (measured: about 1 s)
LATE = 240  # seconds: refusals of files read during the pipeline

ALIAS_BOMB = "\n".join(
    ["a: &a [x, x, x, x, x, x, x, x, x]"]
    + [
        f"{chr(98 + k)}: &{chr(98 + k)} [*{chr(97 + k)}, *{chr(97 + k)}, *{chr(97 + k)}, "
        f"*{chr(97 + k)}, *{chr(97 + k)}, *{chr(97 + k)}, *{chr(97 + k)}, *{chr(97 + k)}, "
        f"*{chr(97 + k)}]"
        for k in range(8)
    ]
    + ["title:\n  en: *i", ""]
)


def _corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    shutil.copytree(PAPER.parent, corpus / PAPER_ID)
    return corpus


def _build(corpus: Path, out: Path, timeout: float) -> tuple[subprocess.CompletedProcess, float]:
    started = time.monotonic()
    proc = subprocess.run(
        build_command(corpus, ONTOLOGY, out, "--quiet"),
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
        check=False,
        env=subprocess_env(),
    )
    return proc, time.monotonic() - started


def _replace(path: Path, make) -> None:
    path.unlink(missing_ok=True)
    make(path)


def _error_line(proc: subprocess.CompletedProcess) -> str:
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr, proc.stderr
    assert len(lines) == 1 and lines[0].startswith("error: "), proc.stderr
    return lines[0]


EARLY_CASES = {
    "source.md -> /etc/passwd": (
        "source.md",
        lambda p: p.symlink_to("/etc/passwd"),
        ["source.md", "outside"],
    ),
    "metadata.yaml FIFO": (
        "metadata.yaml",
        lambda p: os.mkfifo(p),
        ["metadata.yaml", "is a FIFO", PAPER_ID],
    ),
    "translation FIFO": (
        "translation.en.jsonl",
        lambda p: os.mkfifo(p),
        ["translation.en.jsonl", "is a FIFO", PAPER_ID],
    ),
    "metadata.yaml -> /dev/zero": (
        "metadata.yaml",
        lambda p: p.symlink_to("/dev/zero"),
        ["metadata.yaml", "/dev/zero"],
    ),
    "alias bomb": (
        "metadata.yaml",
        lambda p: p.write_text(ALIAS_BOMB, encoding="utf-8"),
        ["metadata.yaml:2", "aliases"],
    ),
    "title.en a list": (
        "metadata.yaml",
        lambda p: p.write_text("title:\n  en: [1, 2]\n", encoding="utf-8"),
        ["metadata.yaml", f"document {PAPER_ID}", "field title.en must be text"],
    ),
    "year as text": (
        "metadata.yaml",
        lambda p: p.write_text("year: twenty\n", encoding="utf-8"),
        ["metadata.yaml", f"document {PAPER_ID}", "field year must be a whole number"],
    ),
    "authors not names": (
        "metadata.yaml",
        lambda p: p.write_text("authors: [李四, 5]\n", encoding="utf-8"),
        ["metadata.yaml", f"document {PAPER_ID}", "field authors must be a list of names"],
    ),
    "metadata a list": (
        "metadata.yaml",
        lambda p: p.write_text("- a\n- b\n", encoding="utf-8"),
        ["metadata.yaml", "must be a mapping"],
    ),
    "oversized metadata": (
        "metadata.yaml",
        lambda p: p.write_text("# x\n" * 100_000, encoding="utf-8"),
        ["metadata.yaml", "the limit for this file is 262144 bytes"],
    ),
    "translation line not an object": (
        "translation.en.jsonl",
        lambda p: p.write_text('{"zh": "a", "en": "b"}\n[1, 2]\n'),
        ["translation.en.jsonl:2", f"document {PAPER_ID}", "JSON object"],
    ),
    "footnote en a number": (
        "footnotes.en.jsonl",
        lambda p: p.write_text('{"n": 1, "zh": "x", "en": 5}\n'),
        ["footnotes.en.jsonl:1", f"document {PAPER_ID}", "field en must be text"],
    ),
}


@pytest.mark.slow  # one `marxkg build` process per case
@pytest.mark.parametrize("case", list(EARLY_CASES))
def test_hostile_input_is_refused_before_anything_is_written(tmp_path, case):
    name, make, expected = EARLY_CASES[case]
    corpus = _corpus(tmp_path)
    _replace(corpus / PAPER_ID / name, make)
    out = tmp_path / "build"
    proc, _seconds = _build(corpus, out, EARLY)
    line = _error_line(proc)
    for part in expected:
        assert part in line, line
    assert not out.exists() or not any(out.iterdir())
    assert "root:" not in proc.stderr + proc.stdout


def test_malformed_agreement_notes_name_the_line(tmp_path):
    corpus = _corpus(tmp_path)
    notes = corpus / PAPER_ID / "agreement-notes.yaml"
    text = notes.read_text(encoding="utf-8")
    bad = "- sentence: 2\n  concept: [fixed-capital]\n  explanation: x\n"
    notes.write_text(text + bad, encoding="utf-8")
    line_no = text.count("\n") + 1
    out = tmp_path / "build"
    proc, _ = _build(corpus, out, LATE)
    line = _error_line(proc)
    assert f"agreement-notes.yaml:{line_no}: document {PAPER_ID}: field concept" in line
    assert not out.exists() or not any(out.iterdir())


@pytest.mark.parametrize("name", ["Xu_Jingyi", "xu--jingyi", "-xu", "XU"])
def test_document_ids_must_be_kebab_case(tmp_path, name):
    from marxkg.corpus_io import CorpusError, document_dirs

    corpus = tmp_path / "corpus"
    shutil.copytree(PAPER.parent, corpus / name)
    with pytest.raises(CorpusError, match="kebab-case"):
        document_dirs(corpus)


def test_a_link_inside_the_corpus_is_fine(tmp_path):
    from marxkg.corpus_io import read_metadata

    corpus = _corpus(tmp_path)
    shared = corpus / "shared-metadata.yaml"
    shutil.move(corpus / PAPER_ID / "metadata.yaml", shared)
    (corpus / PAPER_ID / "metadata.yaml").symlink_to(shared)
    assert read_metadata(corpus / PAPER_ID)["doc_id"] == PAPER_ID


@pytest.mark.parametrize(
    ("path", "root", "message"),
    [
        ("/dev/zero", "/dev", "is a character device"),
        ("/etc/passwd", "/tmp", "outside"),
    ],
)
def test_safe_read_refuses_devices_and_paths_outside(path, root, message):
    from marxkg.safe_io import UnsafeInput, read_bytes_within

    with pytest.raises(UnsafeInput, match=message):
        read_bytes_within(Path(path), Path(root), 1024)


def test_safe_read_does_not_block_on_a_fifo(tmp_path):
    from marxkg.safe_io import UnsafeInput, read_bytes_within

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(UnsafeInput, match="is a FIFO"):
        read_bytes_within(fifo, tmp_path, 1024)


@pytest.mark.parametrize("sub", ["", "below"])
def test_out_pointing_at_a_file_is_one_error_line(tmp_path, sub):
    target = tmp_path / "a-file"
    target.write_text("not a directory\n")
    out = target / sub if sub else target
    proc, _ = _build(PAPER.parent.parent, out, EARLY)
    line = _error_line(proc)
    assert str(out) in line
    assert target.read_text() == "not a directory\n"
