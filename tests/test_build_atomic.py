"""The build as a whole: staged and swapped in, killed builds, full disks, stale outputs,
bad documents, incremental and parallel builds (small fixture corpora, so it is quick)."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from marxkg import outdir
from marxkg.build import build
from marxkg.cli import app
from tests.corpora import (
    build_command,
    fixture_corpus,
    quick_ontology,
    subprocess_env,
    the_one_error,
)

pytestmark = pytest.mark.slow  # whole builds, killed and repeated

runner = CliRunner()


@pytest.fixture(scope="module")
def onto(tmp_path_factory):
    return quick_ontology(tmp_path_factory.mktemp("onto") / "ontology")


def digest(out: Path) -> dict[str, str]:
    """Every file of a build by content, except the store's RocksDB internals and the
    pickled page inputs (set order varies between processes)."""
    return {
        rel: hashlib.sha256((out / rel).read_bytes()).hexdigest()
        for rel in sorted(outdir.listing(out))
        if not rel.startswith("store/") and not rel.endswith(".pickle")
    }


def store_quads(out: Path) -> list[bytes]:
    """Every quad of the build's store, sorted (the store's files are not comparable)."""
    import pyoxigraph as ox

    from marxkg.store import open_build

    dump = open_build(out).store.dump(format=ox.RdfFormat.N_QUADS) or b""
    return sorted(dump.splitlines())


def leftovers(out: Path) -> list[str]:
    """Directories beside ``out`` other than its lock, once the previous builds' trash
    (removed by a background ``rm``: `outdir.discard`) is gone (waits up to 30 s)."""
    deadline = time.monotonic() + 30
    while list(out.parent.glob(f".{out.name}.trash-*")) and time.monotonic() < deadline:
        time.sleep(0.02)
    return sorted(
        p.name
        for p in out.parent.iterdir()
        if p.name.startswith(f".{out.name}.") and not p.name.endswith(".lock")
    )


def cli_build(corpus, onto, out, *extra):
    return runner.invoke(
        app, ["build", "--corpus", str(corpus), "--ontology", str(onto), "--out", str(out), *extra]
    )


def test_a_document_change_rebuilds_that_document_only(tmp_path, onto):
    corpus = fixture_corpus(tmp_path / "corpus", 3)
    out = tmp_path / "out"
    first = build(corpus, onto, out, jobs=1)
    assert first.rebuilt == ["fixture-00", "fixture-01", "fixture-02"]
    src = corpus / "fixture-01" / "source.md"
    src.write_text(src.read_text(encoding="utf-8") + "\n新增的一段话。\n", encoding="utf-8")
    second = build(corpus, onto, out, jobs=1)
    assert second.rebuilt == ["fixture-01"]
    assert second.reused == ["fixture-00", "fixture-02"]
    full = build(corpus, onto, tmp_path / "full", jobs=1, force=True)
    assert full.rebuilt == ["fixture-00", "fixture-01", "fixture-02"]
    assert digest(out) == digest(tmp_path / "full")
    assert store_quads(out) == store_quads(tmp_path / "full")  # the store, updated in place
    assert "新增的一段话" in (out / "fixture-01" / "document.json").read_text(encoding="utf-8")


def test_turning_the_pages_on_or_off_renders_no_document_again(tmp_path, onto):
    """A document's outputs and state are the same with or without the pages: turning them
    on after a ``--no-pages`` build (or off again) runs the corpus step only, and gives
    what a fresh build with those options gives."""
    corpus = fixture_corpus(tmp_path / "corpus", 2)
    out = tmp_path / "out"
    docs = ["fixture-00", "fixture-01"]
    assert build(corpus, onto, out, jobs=1, pages=False).rebuilt == docs
    assert not (out / "index.html").exists() and not (out / "fixture-00" / "reader.html").exists()
    on = build(corpus, onto, out, jobs=1)
    assert (on.skipped, on.rebuilt, on.reused) == (False, [], docs)
    assert (out / "index.html").exists() and (out / "fixture-00" / "reader.html").exists()
    build(corpus, onto, tmp_path / "with-pages", jobs=1)
    assert digest(out) == digest(tmp_path / "with-pages")
    assert store_quads(out) == store_quads(tmp_path / "with-pages")
    off = build(corpus, onto, out, jobs=1, pages=False)
    assert (off.skipped, off.rebuilt, off.reused) == (False, [], docs)
    assert "index.html" in off.removed and "fixture-01/reader.html" in off.removed
    build(corpus, onto, tmp_path / "without", jobs=1, pages=False)
    assert digest(out) == digest(tmp_path / "without")


def test_two_workers_give_the_same_bytes_as_one(tmp_path, onto):
    corpus = fixture_corpus(tmp_path / "corpus", 3)
    build(corpus, onto, tmp_path / "one", jobs=1)
    build(corpus, onto, tmp_path / "two", jobs=2)
    assert digest(tmp_path / "one") == digest(tmp_path / "two")


def test_removed_document_outputs_disappear_and_are_listed(tmp_path, onto):
    corpus = fixture_corpus(tmp_path / "corpus", 2)
    out = tmp_path / "out"
    build(corpus, onto, out, jobs=1)
    assert (out / "fixture-01" / "document.json").exists()
    (out / "analytics").mkdir()
    (out / "analytics" / "stray.txt").write_text("not the build's", encoding="utf-8")
    shutil.rmtree(corpus / "fixture-01")
    result = cli_build(corpus, onto, out, "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert not (out / "fixture-01").exists() and not (out / "analytics").exists()
    assert "Removed" in result.output
    assert f"{out}/fixture-01/document.json" in result.output
    assert f"{out}/analytics/stray.txt" in result.output
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert [d["doc_id"] for d in report["documents"]] == ["fixture-00"]
    assert "fixture-01" not in (out / "graph.ttl").read_text(encoding="utf-8")


def test_a_bad_document_is_reported_and_skipped(tmp_path, onto):
    corpus = fixture_corpus(tmp_path / "corpus", 3)
    (corpus / "fixture-01" / "source.md").write_bytes(b"\xff\xfe\x00\x00garbage")
    out = tmp_path / "out"
    result = cli_build(corpus, onto, out, "--jobs", "1")
    assert result.exit_code == 1
    assert "error: fixture-01:" in result.output and "fixture-01/source.md" in result.output
    assert (out / "fixture-00" / "document.json").exists()
    assert (out / "fixture-02" / "document.json").exists()
    assert not (out / "fixture-01").exists()
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert [d["doc_id"] for d in report["documents"]] == ["fixture-00", "fixture-02"]
    again = build(corpus, onto, out, jobs=1)  # a failed document is retried, not skipped
    assert not again.skipped and again.failed == {"fixture-01": again.failed["fixture-01"]}
    assert again.reused == ["fixture-00", "fixture-02"]


def test_out_pointing_at_a_file_is_an_error(tmp_path, onto):
    corpus = fixture_corpus(tmp_path / "corpus", 1)
    target = tmp_path / "file"
    target.write_text("x", encoding="utf-8")
    result = cli_build(corpus, onto, target)
    assert result.exit_code == 1
    assert "error:" in result.output and "not a directory" in result.output
    assert target.read_text(encoding="utf-8") == "x"


def test_full_disk_gives_an_error_line_and_keeps_the_previous_build(tmp_path, onto, monkeypatch):
    corpus = fixture_corpus(tmp_path / "corpus", 2)
    out = tmp_path / "out"
    build(corpus, onto, out, jobs=1)
    before = digest(out)
    import marxkg.build_corpus

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(out) + ".tmp/graph.ttl")

    monkeypatch.setattr(marxkg.build_corpus, "assemble", full)
    result = cli_build(corpus, onto, out, "--force", "--jobs", "1")
    assert "no space left" in the_one_error(result)
    assert digest(out) == before
    assert leftovers(out) == []


def test_pages_written_beside_the_store_and_their_failure_keeps_the_previous_build(
    tmp_path, onto, monkeypatch
):
    """The pages are written while the store is finished (loaded, compacted) in its
    thread; when they fail, the build waits for the store, reports the pages' error, and
    the previous build stays whole (its store still opens with the same quads)."""
    import threading

    import marxkg.build_corpus
    from marxkg.build_store import StageStore

    corpus = fixture_corpus(tmp_path / "corpus", 2)
    out = tmp_path / "out"
    build(corpus, onto, out, jobs=1)
    before, quads = digest(out), store_quads(out)
    pages_started = threading.Event()
    seen: dict[str, bool] = {}
    real_finish = StageStore.finish

    def finish(self, *args, **kwargs):
        # the store waits for the pages to start: they must not wait for the store
        seen["pages began while the store was finishing"] = pages_started.wait(10)
        return real_finish(self, *args, **kwargs)

    def pages(*args, **kwargs):
        pages_started.set()
        raise OSError(errno.ENOSPC, "No space left on device", str(out) + ".tmp/index.html")

    monkeypatch.setattr(StageStore, "finish", finish)
    monkeypatch.setattr(marxkg.build_corpus, "write_pages", pages)
    result = cli_build(corpus, onto, out, "--force", "--jobs", "1")
    assert seen == {"pages began while the store was finishing": True}
    assert "no space left" in the_one_error(result)
    assert digest(out) == before and store_quads(out) == quads
    assert leftovers(out) == []


def test_leftovers_of_a_killed_build_are_removed(tmp_path, onto):
    corpus = fixture_corpus(tmp_path / "corpus", 1)
    out = tmp_path / "out"
    build(corpus, onto, out, jobs=1)
    for name in (".out.tmp-999999", ".out.old-999998"):
        (tmp_path / name / "fixture-00").mkdir(parents=True)
        (tmp_path / name / "fixture-00" / "tokens.ttl").write_text("half", encoding="utf-8")
    result = build(corpus, onto, out, jobs=1)
    assert result.skipped  # nothing changed, but the leftovers are gone
    assert sorted(p.name for p in result.leftovers) == [".out.old-999998", ".out.tmp-999999"]
    assert leftovers(out) == []


def test_an_interrupted_fallback_swap_is_restored(tmp_path, onto):
    corpus = fixture_corpus(tmp_path / "corpus", 1)
    out = tmp_path / "out"
    build(corpus, onto, out, jobs=1)
    before = digest(out)
    os.rename(out, tmp_path / ".out.old-12345")  # killed between the fallback's renames
    result = build(corpus, onto, out, jobs=1)
    assert result.skipped and digest(out) == before and leftovers(out) == []


def test_the_fallback_swap_works_without_renameat2(tmp_path, onto, monkeypatch):
    corpus = fixture_corpus(tmp_path / "corpus", 2)
    out = tmp_path / "out"
    build(corpus, onto, out, jobs=1)
    monkeypatch.setattr(outdir, "_exchange", lambda a, b: False)
    shutil.rmtree(corpus / "fixture-01")
    result = build(corpus, onto, out, jobs=1)
    assert result.removed and not (out / "fixture-01").exists() and leftovers(out) == []


def test_kill_at_random_points_leaves_the_previous_or_the_new_build(tmp_path, onto):
    """20 builds killed with SIGKILL at seeded random moments: ``out`` is always exactly
    one complete build (the one before or the one being made), never a mix."""
    corpus_a = fixture_corpus(tmp_path / "a", 3)
    corpus_b = fixture_corpus(tmp_path / "b", 3, start=1)  # 01..03: 00 removed, 03 added
    ref_a, ref_b = tmp_path / "ref-a", tmp_path / "ref-b"
    build(corpus_a, onto, ref_a, jobs=1)
    build(corpus_b, onto, ref_b, jobs=1)
    expected = {"a": digest(ref_a), "b": digest(ref_b)}
    assert expected["a"] != expected["b"]
    out = tmp_path / "out"
    shutil.copytree(ref_a, out)
    env = subprocess_env()

    def run(corpus: Path) -> subprocess.Popen:
        return subprocess.Popen(
            build_command(corpus, onto, out, "--force", "-q", "--jobs", "2"),
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    t0 = time.monotonic()
    assert run(corpus_b).wait(300) == 0
    full = time.monotonic() - t0
    assert digest(out) == expected["b"]
    rng = random.Random(14)
    seen = {"a": 0, "b": 0}
    for trial in range(20):
        proc = run(corpus_a if trial % 2 == 0 else corpus_b)
        time.sleep(rng.uniform(0.0, full * 1.3))
        proc.send_signal(signal.SIGKILL)
        proc.wait(60)
        if not out.exists():  # killed between the fallback's renames: restored on reading
            outdir.recover(out)
        got = digest(out)
        assert got in expected.values(), f"trial {trial}: a mix of builds"
        seen["a" if got == expected["a"] else "b"] += 1
    print(f"outcomes over 20 kills: {seen}")  # which build each kill left (not asserted)
    build(corpus_a, onto, out, jobs=1, force=True)  # the next build cleans up
    assert digest(out) == expected["a"] and leftovers(out) == []


LOCK_HOLDER = """
import os, sys, time
from pathlib import Path
from marxkg.outdir import BuildLock
BuildLock(Path(sys.argv[1])).__enter__()
child = os.fork()
if child == 0:  # a worker of the build: it outlives the build's SIGKILL
    time.sleep(60)
    os._exit(0)
print(child, flush=True)
time.sleep(60)
"""


def test_a_worker_that_outlives_a_killed_build_does_not_hold_its_lock(tmp_path):
    """kill -9 of a build whose forked worker survives: the next build gets the lock (with
    flock the worker inherited it and the next build waited for ever)."""
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [sys.executable, "-c", LOCK_HOLDER, str(out)],
        stdout=subprocess.PIPE,
        text=True,
        env=subprocess_env(),
    )
    worker = int(proc.stdout.readline())
    try:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        take = "import sys; from pathlib import Path; from marxkg.outdir import BuildLock\n"
        take += "with BuildLock(Path(sys.argv[1])): print('locked')"
        got = subprocess.run(
            [sys.executable, "-c", take, str(out)],
            capture_output=True,
            text=True,
            timeout=30,  # with the worker holding the lock this never returns
            env=subprocess_env(),
        )
        assert got.stdout == "locked\n", got.stderr
    finally:
        os.kill(worker, signal.SIGKILL)
