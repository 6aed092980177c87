"""`marxkg serve` answers from the build's own store (issue 14), never from Turtle.

A copy of the real build is served with its Turtle files deleted; the copy's files are
hashed (and their mtimes read) before and after serving; the build is removed while the
endpoint runs, and its engine killed, to show that what is served is the checkpoint taken
at start-up. Expected values come from the paper: 58 footnotes, its title.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import time
from pathlib import Path

import pytest

from tests.test_serve import FOOTNOTES_QUERY, TITLE, TITLE_QUERY, error_of, request

TURTLE = ("graph.ttl", "graph.jsonld", "*/tokens.ttl", "*/tokens.nq.gz")


def _footnotes(url: str) -> int:
    status, _, body = request(url, FOOTNOTES_QUERY)
    assert status == 200, body
    return int(json.loads(body)["results"]["bindings"][0]["count"]["value"])


def _state(directory: Path) -> dict[str, tuple]:
    """Every entry under ``directory``: (kind, size, mtime_ns, sha256 of a file)."""
    state = {}
    for path in sorted(directory.rglob("*")):
        st = path.lstat()
        digest = ""
        if path.is_file() and not path.is_symlink():
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        state[str(path.relative_to(directory))] = (
            path.is_dir(),
            st.st_size,
            st.st_mtime_ns,
            digest,
        )
    state["."] = (True, 0, directory.stat().st_mtime_ns, "")
    return state


@pytest.fixture
def store_only(built, tmp_path):
    """A copy of the real build without any Turtle, JSON-LD or N-Quads file: only the
    store (and the pages) can answer."""
    copy = tmp_path / "build"
    shutil.copytree(built.out, copy, symlinks=True)
    removed = [p for pattern in TURTLE for p in copy.glob(pattern)]
    assert any(p.name == "graph.ttl" for p in removed)
    for path in removed:
        path.unlink()
    return copy


def test_serves_the_build_store_without_turtle(store_only, start_endpoint):
    ep = start_endpoint(store_only, "--timeout", "5")
    assert _footnotes(ep.url) == 58
    status, _, body = request(ep.url, TITLE_QUERY)
    assert status == 200
    titles = [b["title"]["value"] for b in json.loads(body)["results"]["bindings"]]
    assert titles == [TITLE]
    announced = ep.stdout.read_text("utf-8")
    assert f"a checkpoint of {store_only / 'store'}" in announced
    assert "graph/tokens/xu-jingyi-machinery-ai" in announced
    # the engine's store is the checkpoint in serve's own directory, not the build's
    assert Path(ep.store).is_dir() and not Path(ep.store).is_relative_to(store_only)
    engine_args = Path(f"/proc/{ep.oxigraph_pid}/cmdline").read_bytes().split(b"\0")
    location = Path(engine_args[engine_args.index(b"--location") + 1].decode())
    assert location == Path(ep.store) / "store"


def test_serve_says_when_the_store_is_patched(store_only, start_endpoint):
    """A store patched by incremental builds answers more slowly (`marxkg.build_store`):
    serve says so, and how to compact it; a compact store gets no note."""
    from marxkg.store import PATCHES_FILE

    ep = start_endpoint(store_only, "--timeout", "5")
    assert "patched the store" not in ep.stdout.read_text("utf-8")
    ep.proc.terminate()
    ep.proc.wait(15)
    (store_only / "store" / PATCHES_FILE).write_text('{"patched_builds": 3}\n')
    ep = start_endpoint(store_only, "--timeout", "5")
    assert _footnotes(ep.url) == 58
    assert (
        "note: 3 incremental build(s) patched the store since it was compacted; queries are "
        "slower until `marxkg build --compact`"
    ) in ep.stdout.read_text("utf-8")


def test_serving_does_not_touch_the_build(store_only, start_endpoint):
    before = _state(store_only)
    ep = start_endpoint(store_only, "--timeout", "5", "--with-tokens")
    assert _footnotes(ep.url) == 58
    ep.proc.send_signal(signal.SIGTERM)
    assert ep.proc.wait(20) == 0
    after = _state(store_only)
    assert after.keys() == before.keys()
    changed = [name for name in before if before[name] != after[name]]
    assert changed == []


def test_a_rebuild_while_serving_does_not_change_what_is_served(store_only, start_endpoint):
    """The build directory is swapped and the old one deleted by a rebuild: the endpoint
    keeps answering from its checkpoint, also after its engine is restarted."""
    ep = start_endpoint(store_only, "--timeout", "5")
    assert _footnotes(ep.url) == 58
    aside = store_only.with_name("old-build")
    store_only.rename(aside)  # what the build's swap does to the served directory
    shutil.rmtree(aside)  # and then it deletes it
    assert _footnotes(ep.url) == 58
    os.kill(ep.oxigraph_pid, signal.SIGKILL)  # the supervisor restarts the engine
    for _ in range(100):
        status, _, _ = request(ep.url, FOOTNOTES_QUERY)
        if status == 200:
            break
        time.sleep(0.1)
    assert _footnotes(ep.url) == 58
    assert "restarting it" in ep.stderr.read_text("utf-8")


def _invoke(*args: str):
    from typer.testing import CliRunner

    from marxkg.cli import app

    return CliRunner().invoke(app, ["serve", "--port", "0", *args])


def _foreign_graph(copy: Path) -> None:
    import pyoxigraph as ox

    store = ox.Store(str(copy / "store"))
    node = ox.NamedNode("http://example.org/x")
    store.add(ox.Quad(node, node, node, ox.NamedNode("http://example.org/other-graph")))
    store.flush()
    del store


def _no_base(copy: Path) -> None:
    stamp = copy / ".build-stamp.json"
    data = json.loads(stamp.read_text("utf-8"))
    del data["base"]
    stamp.write_text(json.dumps(data), "utf-8")


def _not_a_store(copy: Path) -> None:
    shutil.rmtree(copy / "store")
    (copy / "store").mkdir()
    (copy / "store" / "CURRENT").write_text("MANIFEST-000099\n", "ascii")


def _no_store(copy: Path) -> None:
    shutil.rmtree(copy / "store")


@pytest.mark.parametrize(
    ("spoil", "args", "message"),
    [
        (_no_store, (), "not built yet"),
        (_not_a_store, (), "cannot open the store"),
        (_foreign_graph, (), "holds graphs this version of marxkg does not write"),
        (_no_base, (), "made by another version of marxkg"),
        (None, ("--base", "https://example.org/"), "was built with --base https://w3id.org/"),
    ],
)
def test_a_store_that_cannot_be_served_is_a_clear_error(store_only, spoil, args, message):
    if spoil is not None:
        spoil(store_only)
    result = _invoke("--out", str(store_only), *args)
    assert result.exit_code == 1
    assert result.output.startswith("error: ") and message in result.output
    assert "Traceback" not in result.output


def test_the_old_main_graph_name_is_refused_with_a_hint(store_only, start_endpoint):
    ep = start_endpoint(store_only, "--timeout", "5")
    query = "SELECT * FROM <https://w3id.org/marxkg/graph/main> WHERE { ?s ?p ?o } LIMIT 1"
    status, _, body = request(ep.url, query)
    assert status == 403
    assert "leave FROM out" in error_of(body)["message"]


TOKENS = "https://w3id.org/marxkg/graph/tokens/xu-jingyi-machinery-ai"
NAMED = "SELECT ?c WHERE { ?c a <http://www.w3.org/2004/02/skos/core#Concept> }"


@pytest.mark.parametrize(
    ("with_tokens", "text", "from_graphs", "protocol", "union"),
    [
        (False, "SELECT * WHERE { ?s ?p ?o }", (), (), False),
        (True, "SELECT * WHERE { ?s ?p ?o }", (), (), True),
        (True, "SELECT * WHERE { ?s ?p ?o }", (TOKENS,), (), False),  # FROM wins
        (True, "SELECT * WHERE { ?s ?p ?o }", (), (TOKENS,), False),  # default-graph-uri
        (True, NAMED, (), (), False),  # a named query that needs no token layer
    ],
)
def test_which_queries_see_the_union_of_the_graphs(with_tokens, text, from_graphs, protocol, union):
    from marxkg.serve.front import FrontSettings, uses_union
    from marxkg.serve.guard import Verdict

    settings = FrontSettings(
        checker=None,  # type: ignore[arg-type]
        upstream_port=1,
        upstream_host="127.0.0.1",
        allowed_graphs=frozenset({TOKENS}),
        timeout=1,
        max_rows=1,
        max_bytes=1,
        union_default_graph=with_tokens,
        graph_only_texts=frozenset({NAMED}),
    )
    verdict = Verdict("SELECT", text, from_graphs)
    assert uses_union(settings, verdict, protocol, ()) is union


def test_named_queries_without_tokens_run_on_the_builds_graph(built):
    """What the endpoint learns at start-up: every shipped named query but the token ones
    (frequent-words reads the word counts, mkg:WordCount, which live in the token layer,
    so it needs the union)."""
    from marxkg.serve.endpoint import named_queries, token_named_queries

    tokens = token_named_queries()
    assert "frequent-words" in tokens
    assert "co-mentions" not in tokens and "citations-per-section" not in tokens
    for name in tokens:
        text = named_queries()[name]
        assert "nif:Word" in text or "mkg:WordCount" in text or "mkg:tokenCount" in text


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["query", "SELECT (COUNT(?n) AS ?c) WHERE { ?n a mkg:Footnote }", "--format", "csv"],
            "58",
        ),
        (["query", "frequent-words", "--format", "csv"], "技术,n,"),  # the token layer
        (["trace", "文集5:487"], "科学、巨大的自然力、社会的群众性劳动都体现在机器体系中"),
        (["trace", "--concept", "fixed-capital"], "机器体系表现为固定资本的最适当的形式"),
        (["analyze", "--no-export", "--top", "2"], "members"),
        pytest.param(["validate", "-q"], "", marks=pytest.mark.slow),  # pySHACL
    ],
)
def test_the_other_commands_read_the_store_not_turtle(store_only, args, expected):
    """query, trace, analyze and validate open build/store (marxkg.store.open_build): a
    build without its Turtle, JSON-LD and N-Quads files answers them all."""
    from typer.testing import CliRunner

    from marxkg.cli import app

    result = CliRunner().invoke(app, [*args, "--out", str(store_only)])
    assert result.exit_code == 0, result.output
    assert expected in result.output


def test_a_copy_is_served_when_no_checkpoint_can_be_taken(store_only, tmp_path, monkeypatch):
    """RocksDB refuses the checkpoint (e.g. hard links to another user's files): the
    store's files are copied instead, and the copy holds the same data."""
    import pyoxigraph as ox

    import marxkg.store
    from marxkg.serve.snapshot import checkpoint_build

    real_open = marxkg.store.open_build

    class NoBackup:
        def __init__(self, store):
            self.store = store

        def __getattr__(self, name):
            return getattr(self.store, name)

        def backup(self, _target):
            raise OSError(1, "Operation not permitted")

    def open_without_backup(*args, **kwargs):
        reader = real_open(*args, **kwargs)
        reader.store = NoBackup(reader.store)
        return reader

    monkeypatch.setattr(marxkg.store, "open_build", open_without_backup)
    served = checkpoint_build(store_only, tmp_path / "served")
    copy = ox.Store.read_only(str(served.location))
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?n a <https://w3id.org/marxkg/ontology#Footnote> }"
    assert int(next(iter(copy.query(count)))[0].value) == 58
    assert served.token_graphs == ("https://w3id.org/marxkg/graph/tokens/xu-jingyi-machinery-ai",)
