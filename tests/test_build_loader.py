"""The store is loaded in a thread of its own (`marxkg.build_store.StageStore`): a build
that renders in its own process (``--jobs 1``) renders the next document while the last
one's token layer loads, and a failed load is the build's error, with the previous build
kept. Before, each load held the rendering up: a 12-copy build with ``--jobs 1`` took
28.4 s, 19.7 s with the loads beside it (`docs/performance.md`)."""

from __future__ import annotations

import errno
import threading

import pytest

from tests.corpora import fixture_corpus, quick_ontology, the_one_error
from tests.test_build_atomic import cli_build, store_quads

pytestmark = pytest.mark.slow  # whole builds


@pytest.fixture(scope="module")
def onto(tmp_path_factory):
    return quick_ontology(tmp_path_factory.mktemp("onto") / "ontology")


def test_the_next_document_renders_while_the_last_one_loads(tmp_path, onto, monkeypatch):
    """Every document is loaded on its own (a batch of one byte), and the first load
    waits until a second document has begun to render: with the loads in the rendering
    thread, as before, that never happened (the wait ran out)."""
    import marxkg.build_run
    import marxkg.build_store
    from marxkg.build_store import StageStore

    corpus = fixture_corpus(tmp_path / "corpus", 3)
    plain = tmp_path / "plain"
    assert cli_build(corpus, onto, plain, "--jobs", "1").exit_code == 0

    renders: list[str] = []
    second_render = threading.Event()
    seen: list[bool] = []
    real_render, real_load = marxkg.build_run.render_to_stage, StageStore._load_batch

    def render(task, stage):
        renders.append(task.doc_dir)
        if len(renders) == 2:
            second_render.set()
        return real_render(task, stage)

    def load(self):
        if self._batch_docs and not seen:
            seen.append(second_render.wait(20))
        return real_load(self)

    monkeypatch.setattr(marxkg.build_run, "render_to_stage", render)
    monkeypatch.setattr(StageStore, "_load_batch", load)
    monkeypatch.setattr(marxkg.build_store, "LOAD_BATCH_BYTES", 1)
    out = tmp_path / "out"
    result = cli_build(corpus, onto, out, "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert seen == [True]
    assert len(renders) == 3
    assert store_quads(out) == store_quads(plain)


def test_a_failed_load_is_the_builds_error_and_keeps_the_previous_build(
    tmp_path, onto, monkeypatch
):
    import marxkg.build_store
    from marxkg.build_store import StageStore

    corpus = fixture_corpus(tmp_path / "corpus", 3)
    out = tmp_path / "out"
    assert cli_build(corpus, onto, out, "--jobs", "1").exit_code == 0
    quads = store_quads(out)
    graph = (out / "graph.ttl").read_bytes()

    def load(self):
        raise OSError(errno.ENOSPC, "No space left on device", str(self._batch_path))

    monkeypatch.setattr(StageStore, "_load_batch", load)
    monkeypatch.setattr(marxkg.build_store, "LOAD_BATCH_BYTES", 1)
    result = cli_build(corpus, onto, out, "--force", "--jobs", "1")
    assert "no space left" in the_one_error(result)
    assert store_quads(out) == quads
    assert (out / "graph.ttl").read_bytes() == graph


def test_a_failed_build_skips_the_documents_still_waiting_to_load(tmp_path, monkeypatch):
    """`StageStore.close` (the build failed or was interrupted) lets the load under way
    end and loads none of the documents still waiting (they were going to be thrown away
    with the staging directory)."""
    import time

    from marxkg.build_store import StageStore

    taken: list[str] = []

    def take(self, doc_id):
        taken.append(doc_id)
        time.sleep(0.2)

    monkeypatch.setattr(StageStore, "_take", take)
    (tmp_path / "stage").mkdir()
    store = StageStore(tmp_path / "stage", "https://example.org/", tmp_path / "none", set())
    for i in range(5):
        store.add_document(f"doc-{i}")
    store.close()
    assert taken in ([], ["doc-0"])
