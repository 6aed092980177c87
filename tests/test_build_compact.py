"""A store patched by incremental builds is compacted every `STORE_PATCH_LIMIT` patching
builds, or when asked (``marxkg build --compact``, also when nothing changed). Before,
an incremental build never compacted it, and on 1,000 fixture papers after four
one-paper rebuilds the named queries took 1.28–1.68× as long as on a compacted store
(`docs/scale.md`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from marxkg.build import build
from marxkg.cli import app
from marxkg.store import PATCHES_FILE, store_patches
from tests.corpora import fixture_corpus, quick_ontology
from tests.test_build_atomic import digest, store_quads

pytestmark = pytest.mark.slow  # whole builds, repeated

runner = CliRunner()


@pytest.fixture(scope="module")
def onto(tmp_path_factory):
    return quick_ontology(tmp_path_factory.mktemp("onto") / "ontology")


def _append(corpus: Path, doc_id: str, text: str) -> None:
    src = corpus / doc_id / "source.md"
    src.write_text(src.read_text(encoding="utf-8") + f"\n{text}\n", encoding="utf-8")


def test_patching_builds_are_counted_and_compact_resets_the_count(tmp_path, onto):
    corpus = fixture_corpus(tmp_path / "corpus", 4)
    out = tmp_path / "out"
    first = build(corpus, onto, out, jobs=1)
    assert (first.store_patches, store_patches(out)) == (0, 0)  # loaded whole: compacted
    _append(corpus, "fixture-00", "新增的第一段话。")
    assert build(corpus, onto, out, jobs=1).store_patches == 1
    _append(corpus, "fixture-01", "新增的第二段话。")
    assert build(corpus, onto, out, jobs=1).store_patches == 2
    assert store_patches(out) == 2
    quads, files = store_quads(out), digest(out)

    # nothing changed: --compact still compacts, renders no document, changes no output
    result = runner.invoke(
        app,
        ["build", "--corpus", str(corpus), "--ontology", str(onto), "--out", str(out)]
        + ["--jobs", "1", "--compact"],
    )
    assert result.exit_code == 0, result.output
    assert "Nothing changed" not in result.output
    assert "0 document(s) rendered, 4 unchanged" in result.output
    assert "The store was compacted." in result.output
    assert store_patches(out) == 0
    assert store_quads(out) == quads and digest(out) == files

    # and now that the store is compact, --compact on an up-to-date build does nothing
    again = build(corpus, onto, out, jobs=1, compact=True)
    assert again.skipped

    # the patched and compacted store holds what a full build's store holds
    full = tmp_path / "full"
    build(corpus, onto, full, jobs=1)
    assert store_quads(full) == quads


def test_the_cli_says_the_store_was_patched(tmp_path, onto):
    corpus = fixture_corpus(tmp_path / "corpus", 3)
    out = tmp_path / "out"
    build(corpus, onto, out, jobs=1)
    _append(corpus, "fixture-02", "新增的一段话。")
    result = runner.invoke(
        app,
        ["build", "--corpus", str(corpus), "--ontology", str(onto), "--out", str(out)]
        + ["--jobs", "1"],
    )
    assert result.exit_code == 0, result.output
    assert "The store was patched in place: 1 build(s) since it was last compacted" in (
        result.output
    )
    assert (out / "store" / PATCHES_FILE).read_text() == '{"patched_builds": 1}\n'


def test_every_limit_th_patching_build_compacts(tmp_path, onto, monkeypatch):
    import marxkg.build_store

    monkeypatch.setattr(marxkg.build_store, "STORE_PATCH_LIMIT", 3)
    corpus = fixture_corpus(tmp_path / "corpus", 4)
    out = tmp_path / "out"
    build(corpus, onto, out, jobs=1)
    counts = []
    for i in range(4):
        _append(corpus, f"fixture-0{i}", f"第{i}次新增的一段话。")
        counts.append(build(corpus, onto, out, jobs=1).store_patches)
    assert counts == [1, 2, 0, 1]
    full = tmp_path / "full"
    build(corpus, onto, full, jobs=1)
    assert store_quads(out) == store_quads(full)


def test_an_unreadable_count_is_taken_as_a_compact_store(tmp_path):
    (tmp_path / "store").mkdir()
    assert store_patches(tmp_path) == 0  # no file
    for text in ("not json", "[]", '{"patched_builds": "3"}', '{"patched_builds": -1}'):
        (tmp_path / "store" / PATCHES_FILE).write_text(text)
        assert store_patches(tmp_path) == 0, text
    (tmp_path / "store" / PATCHES_FILE).write_text('{"patched_builds": 5}')
    assert store_patches(tmp_path) == 5
