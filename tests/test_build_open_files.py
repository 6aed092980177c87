"""A build's open files stay bounded as the corpus grows: its merges hold at most an
eighth of the soft limit (`marxkg.graph.merge.default_fan_in`, at least
`marxkg.graph.merge.MAX_OPEN` files), the store is loaded in batches (RocksDB keeps every
table file of every load open until the final compaction), and the build raises its soft
limit toward the hard one. Before: 300 fixture documents failed under macOS's default
limit of 256 ("Too many open files"), and 1,000 held 4,112 files open at once."""

from __future__ import annotations

import resource
import subprocess
import sys

import pytest

from tests.corpora import fixture_corpus, quick_ontology, subprocess_env


def _limit(n: int):
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_NOFILE, (n, n))

    return apply


@pytest.mark.parametrize(
    ("soft", "fan_in"),
    [(200, 64), (256, 64), (20_000, 2_500), (65_536, 4_096), (resource.RLIM_INFINITY, 4_096)],
)
def test_a_merge_holds_an_eighth_of_the_limit_open(monkeypatch, soft, fan_in):
    from marxkg.graph import merge

    monkeypatch.setattr(resource, "getrlimit", lambda _what: (soft, resource.RLIM_INFINITY))
    assert merge.default_fan_in() == fan_in


@pytest.mark.slow
def test_build_of_many_documents_under_a_low_open_files_limit(tmp_path):
    """80 documents under a hard limit of 200 open files: one merge file per document and
    the store's files of 80 loads (about 4 each) went past it; the build now passes."""
    corpus = fixture_corpus(tmp_path / "corpus", 80)
    onto = quick_ontology(tmp_path / "ontology")
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-m", "marxkg.cli", "build", "--corpus", str(corpus)]
        + ["--ontology", str(onto), "--out", str(out), "--no-pages", "-q", "--jobs", "2"],
        capture_output=True,
        text=True,
        env=subprocess_env(),
        preexec_fn=_limit(200),
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Too many open files" not in done.stderr
    assert (out / "graph.ttl").is_file() and (out / "store").is_dir()


def test_merge_with_a_small_fan_in_is_the_same_merge(tmp_path):
    """Merged in runs of two files (three levels for seven files), the union of sorted
    N-Triples files is line for line the one-level merge; no run is left behind."""
    from marxkg.graph import merge

    parts = []
    for k in range(7):
        lines = sorted({f"<urn:s{(k * 3 + i) % 11}> <urn:p> <urn:o{i}> .\n" for i in range(9)})
        part = tmp_path / f"part{k}.nt"
        part.write_text("".join(lines), encoding="utf-8")
        parts.append(part)
    whole = list(merge.merged_lines(parts))
    assert len(whole) == len(set(whole)) and whole == sorted(whole)

    def items(fh, _i):
        return merge._lines(fh)

    with merge.merged_files(parts, items, bytes, merge._lines, fan_in=2) as merged:
        assert any(p.name.startswith(".merge-") for p in tmp_path.iterdir())  # runs on disk
        small = list(merged)
    assert [line for i, line in enumerate(small) if i == 0 or line != small[i - 1]] == whole
    assert not any(p.name.startswith(".merge-") for p in tmp_path.iterdir())


def test_assembly_with_a_small_fan_in_is_the_same_graph(tmp_path, monkeypatch):
    """``graph.ttl`` and ``graph.jsonld`` assembled through runs of two index files are the
    bytes of the one-level assembly (the entries of the runs keep their parts and
    offsets)."""
    from marxkg.graph import blocks, merge

    parts = []
    for k in range(5):
        lines = sorted(
            {f'<urn:s{(k + i) % 6}> <urn:p{i % 2}> "{k}-{i}"@zh .\n' for i in range(8)}
            | {f"<urn:s{k}> <urn:q> <urn:o> .\n"}
        )
        part = tmp_path / f"part{k}.nt"
        part.write_text("".join(lines), encoding="utf-8")
        blocks.write_part_blocks(part)
        parts.append(part)
    one = blocks.assemble(parts, tmp_path / "a.ttl", tmp_path / "a.jsonld")
    real = merge.merged_files

    def narrow(paths, items, dump, load, fan_in=merge.MAX_OPEN):
        return real(paths, items, dump, load, fan_in=2)

    monkeypatch.setattr(merge, "merged_files", narrow)
    two = blocks.assemble(parts, tmp_path / "b.ttl", tmp_path / "b.jsonld")
    assert one.triples == two.triples == 45
    for name in ("ttl", "jsonld"):
        assert (tmp_path / f"a.{name}").read_bytes() == (tmp_path / f"b.{name}").read_bytes()


@pytest.mark.slow
def test_store_is_the_same_whatever_the_load_batches(tmp_path, monkeypatch):
    """Every document loaded on its own as it comes, or all of them together at the end:
    the same quads in the store."""
    import pyoxigraph as ox

    from marxkg import build_store
    from marxkg.build import build

    corpus = fixture_corpus(tmp_path / "corpus", 4)
    onto = quick_ontology(tmp_path / "ontology")
    dumps = []
    for size in (1, 10**12):
        monkeypatch.setattr(build_store, "LOAD_BATCH_BYTES", size)
        out = tmp_path / f"out-{size}"
        build(corpus, onto, out, jobs=1, pages=False, force=True)
        store = ox.Store.read_only(str(out / "store"))
        dumps.append(sorted(store.dump(format=ox.RdfFormat.N_QUADS).splitlines()))
        del store
    assert dumps[0] == dumps[1] and len(dumps[0]) > 10_000


def test_soft_limit_is_raised_toward_the_hard_one():
    """In a process whose soft limit is 64 (hard limit left as it is), the build's helper
    raises it, within the hard limit, and never above it."""
    code = (
        "import resource; from marxkg.build import allow_open_files; "
        "soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE); "
        "got = allow_open_files(); "
        "print(got, resource.getrlimit(resource.RLIMIT_NOFILE)[0], hard)"
    )
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)

    def lower() -> None:
        resource.setrlimit(resource.RLIMIT_NOFILE, (64, hard))

    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=subprocess_env(),
        preexec_fn=lower,
        check=True,
    )
    got, soft_now, hard_now = (int(x) for x in done.stdout.split())
    want = 65_536 if hard == resource.RLIM_INFINITY else min(65_536, hard)
    assert got == soft_now == want and hard_now == hard
