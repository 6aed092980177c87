"""`marxkg build` end to end: outputs, determinism, no-op rebuild, bad input refused."""

from __future__ import annotations

import json
import shutil

import pytest
from typer.testing import CliRunner

from marxkg.build import build
from marxkg.cli import app
from tests import ONTOLOGY, PAPER, PAPER_ID, ROOT

runner = CliRunner()


def test_outputs_exist(built):
    out = built.out
    for rel in ["graph.ttl", "graph.jsonld", "report.json", f"{PAPER_ID}/document.json"]:
        assert (out / rel).stat().st_size > 0, rel


def test_report_has_no_unresolved_items(built):
    report = json.loads((built.out / "report.json").read_text(encoding="utf-8"))
    (doc,) = report["documents"]
    assert doc["unresolved"] == []
    assert doc["counts"]["footnotes"] == 58
    assert doc["excluded"][0]["source_lines"] == [257, 267]


def test_document_json_round_trips(built):
    data = json.loads((built.out / PAPER_ID / "document.json").read_text(encoding="utf-8"))
    assert data["front"]["title"] == "马克思机器体系理论视域下人工智能技术资本主义应用困境研究"
    for s in data["sentences"]:
        assert data["text"][s["start"] : s["end"]] == s["text"]


@pytest.mark.slow
def test_two_builds_are_byte_identical(built, tmp_path):
    again = build(ROOT / "corpus", ONTOLOGY, tmp_path, force=True)
    rels = sorted(p.relative_to(built.out) for p in built.written)
    assert rels == sorted(p.relative_to(tmp_path) for p in again.written)
    for rel in rels:
        assert (built.out / rel).read_bytes() == (tmp_path / rel).read_bytes(), rel


@pytest.mark.slow
def test_second_build_does_no_work(tmp_path):
    first = build(ROOT / "corpus", ONTOLOGY, tmp_path)
    assert not first.skipped
    second = build(ROOT / "corpus", ONTOLOGY, tmp_path)
    assert second.skipped and second.written == []
    result = runner.invoke(
        app,
        [
            "build",
            "--corpus",
            str(ROOT / "corpus"),
            "--out",
            str(tmp_path),
            "--ontology",
            str(ONTOLOGY),
        ],
    )
    assert result.exit_code == 0 and "Nothing changed" in result.output


def _corpus_with(tmp_path, data: bytes):
    corpus = tmp_path / "corpus"
    (corpus / "bad-doc").mkdir(parents=True)
    (corpus / "bad-doc" / "source.md").write_bytes(data)
    return corpus


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "empty"),
        (b"\x00\x01\x02binary", "binary"),
        (
            PAPER.read_bytes()[
                : next(i for i in range(5000, 5010) if 0x80 <= PAPER.read_bytes()[i] < 0xC0)
            ],
            "truncated UTF-8",
        ),
    ],
)
def test_bad_input_fails_cleanly_and_writes_nothing(tmp_path, data, message):
    corpus = _corpus_with(tmp_path, data)
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["build", "--corpus", str(corpus), "--out", str(out), "--ontology", str(ONTOLOGY)]
    )
    assert result.exit_code == 1
    assert message in result.output and "bad-doc/source.md" in result.output
    assert not out.exists()


def test_missing_corpus_is_an_error(tmp_path):
    result = runner.invoke(
        app, ["build", "--corpus", str(tmp_path / "nope"), "--out", str(tmp_path / "out")]
    )
    assert result.exit_code == 1 and "not found" in result.output


@pytest.mark.slow
def test_failed_rebuild_keeps_previous_outputs(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", corpus)
    out = tmp_path / "out"
    build(corpus, ONTOLOGY, out)
    before = (out / "graph.ttl").read_bytes()
    (corpus / PAPER_ID / "source.md").write_bytes(b"\xff\xfe\x00\x00garbage")
    result = runner.invoke(
        app, ["build", "--corpus", str(corpus), "--out", str(out), "--ontology", str(ONTOLOGY)]
    )
    assert result.exit_code == 1
    assert (out / "graph.ttl").read_bytes() == before
    assert not list(out.rglob("*.tmp"))
