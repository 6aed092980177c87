"""`marxkg.build_run`: where documents are rendered and in which order."""

from __future__ import annotations

import pytest

from marxkg import build_doc
from marxkg.build_doc import DocTask
from marxkg.build_run import Rendering, largest_first
from tests.corpora import fixture_corpus, quick_ontology


def task(doc_dir, onto=None) -> DocTask:
    return DocTask(str(doc_dir), "stamp", str(onto or doc_dir), "https://w3id.org/marxkg/", "jieba")


def test_largest_documents_go_first(tmp_path):
    """Sizes written here: b (3 files, 600 bytes) > c (500) > a (100) = d (100, by name)."""
    sizes = {"a": [100], "b": [200, 200, 200], "c": [500], "d": [100]}
    for name, files in sizes.items():
        (tmp_path / name).mkdir()
        for k, n in enumerate(files):
            (tmp_path / name / f"f{k}.txt").write_bytes(b"x" * n)
    got = largest_first([task(tmp_path / n) for n in "abcd"])
    assert [t.doc_dir.rsplit("/", 1)[1] for t in got] == ["b", "c", "a", "d"]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("jobs", "overlap", "in_this_process"),
    [(1, True, True), (2, False, True), (2, True, False)],
    ids=["one job", "one document, nothing to overlap", "one document, work to overlap"],
)
def test_where_a_single_document_is_rendered(tmp_path, jobs, overlap, in_this_process):
    """One document renders in this process unless the build has other work to do
    meanwhile (linking unchanged documents, copying the store) and more than one job."""
    corpus = fixture_corpus(tmp_path / "corpus", 1)
    onto = quick_ontology(tmp_path / "onto")
    stage = tmp_path / "stage"
    stage.mkdir()
    build_doc._CONTEXTS.clear()
    rendering = Rendering(
        [task(corpus / "fixture-00", onto)], stage, jobs, None, None, 1, 0, overlap
    )
    try:
        statuses = list(rendering)
    finally:
        rendering.close()
    assert statuses == [{"doc_id": "fixture-00", "error": None}]
    assert (stage / "fixture-00" / "tokens.nq.gz").is_file()
    assert bool(build_doc._CONTEXTS) == in_this_process  # the render context was made here
    build_doc._CONTEXTS.clear()


GC_PROBE = r"""
import gc, json, sys
from marxkg.build_doc import GC_YOUNG_THRESHOLD, DocTask, render_payload
from tests.corpora import fixture_corpus, quick_ontology
from pathlib import Path
tmp = Path(sys.argv[1])
corpus = fixture_corpus(tmp / "corpus", 1)
onto = quick_ontology(tmp / "onto")
doc = sorted(p for p in corpus.iterdir() if p.is_dir())[0]
young = []
gc.callbacks.append(lambda phase, info: phase == "start" and young.append(info["generation"]))
before = gc.get_threshold()
payload = render_payload(DocTask(str(doc), "s", str(onto), "https://w3id.org/marxkg/", "jieba"))
print(json.dumps({"error": payload.get("error"), "young": young.count(0),
                  "restored": gc.get_threshold() == before, "frozen": gc.get_freeze_count(),
                  "threshold": GC_YOUNG_THRESHOLD}))
"""


@pytest.mark.slow
def test_a_render_runs_the_collector_rarely_and_freezes_what_survives(tmp_path):
    """In a fresh process (the collector's state is process-wide): rendering a fixture
    document collects the youngest generation at most once per `GC_YOUNG_THRESHOLD`
    allocations (with Python's default, 700, it ran 118 times on this small document),
    restores the threshold afterwards and freezes the survivors (the models)."""
    import json
    import subprocess
    import sys
    from pathlib import Path

    from tests.corpora import subprocess_env

    out = subprocess.run(
        [sys.executable, "-c", GC_PROBE, str(tmp_path)],
        capture_output=True,
        text=True,
        env=subprocess_env(),
        cwd=Path(__file__).resolve().parent.parent,
        check=True,
    )
    got = json.loads(out.stdout.strip().splitlines()[-1])
    assert got["error"] is None
    assert got["restored"] and got["frozen"] > 10_000
    assert 0 < got["young"] < 20, got  # 118 with the default threshold
