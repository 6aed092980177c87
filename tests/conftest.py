"""Session fixtures: expensive objects (the parsed paper, a full build) are made once.

Under pytest-xdist (`make test` and `make test-fast` run two or more worker processes) the
build of the shipped corpus is made once for all workers: the first worker to need it builds
it under a file lock in the run's shared temporary directory, the others read its result.
"""

from __future__ import annotations

import fcntl
import os
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests import PAPER, ROOT

# Fixtures that build a corpus of their own (beyond the session's `built`), parse the
# whole token layer into rdflib, or serve the whole build with its token layer (the
# endpoint's agreement tests; the security tests keep their own small endpoints): every
# test that uses one is marked `slow`, so `make test-fast` deselects it wherever it is.
SLOW_FIXTURES = frozenset(
    {
        "two_docs",
        "two_papers",
        "two_fixtures",
        "xss_built",
        "workdir",
        "built_graph_with_tokens",
        "sparql_endpoint",
    }
)


def pytest_collection_modifyitems(config, items):
    for item in items:
        if SLOW_FIXTURES.intersection(item.fixturenames):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def paper():
    from marxkg.corpus_io import load_document

    return load_document(PAPER.parent)


def once_per_run(tmp_path_factory, name: str, make: Callable[[Path], Any]) -> Any:
    """``make(directory)`` once per test run, whatever the number of xdist workers; its
    (picklable) result is shared by every worker. Without xdist: a plain temporary dir."""
    if "PYTEST_XDIST_WORKER" not in os.environ:
        return make(tmp_path_factory.mktemp(name))
    root = tmp_path_factory.getbasetemp().parent  # shared by the workers of one run
    done = root / f"{name}.pickle"
    with open(root / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            result = make(root / name)
            done.write_bytes(pickle.dumps(result))
            return result
    return pickle.loads(done.read_bytes())


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """A full build of the shipped corpus into a temporary directory (read-only for tests:
    every worker of the run shares it)."""
    from marxkg.build import build

    return once_per_run(
        tmp_path_factory,
        "build",
        lambda out: build(ROOT / "corpus", ROOT / "ontology", out, force=True),
    )


@pytest.fixture(scope="session")
def built_graph(built):
    """``graph.ttl`` of the full build parsed into rdflib, once per session (read-only: a
    test that changes a graph copies it first)."""
    from marxkg.validate import load_built_graph

    return load_built_graph(built.out, with_tokens=False)


@pytest.fixture(scope="session")
def built_graph_with_tokens(built):
    """The built graph plus every token layer (``<doc-id>/tokens.ttl``), parsed once."""
    from marxkg.validate import load_built_graph

    return load_built_graph(built.out, with_tokens=True)


@pytest.fixture(scope="session")
def ontology():
    from marxkg.ontology import load_ontology
    from tests import ONTOLOGY

    return load_ontology(ONTOLOGY)


@pytest.fixture(scope="session")
def annotator(ontology):
    """The reference (jieba) annotator for the shipped ontology."""
    from marxkg.nlp.annotate import Annotator

    return Annotator(ontology)


@pytest.fixture(scope="session")
def annotations(paper, annotator):
    """Tokens and concept mentions of the real paper."""
    return annotator(paper)


@pytest.fixture(scope="session")
def export_context(ontology):
    from marxkg.export import ExportContext
    from marxkg.rdf.namespaces import Iris

    return ExportContext(Iris(), ontology)


@pytest.fixture(scope="session")
def start_endpoint(tmp_path_factory):
    """A factory: run ``marxkg serve --port 0 ARGS`` on a build; every server is stopped at
    the end of the session. Returns an object with ``url``, ``proc``, ``oxigraph_pid``,
    ``oxigraph_host``, ``oxigraph_port`` and ``store`` (read from the start-up lines)."""
    import os
    import re
    import subprocess
    import sys
    import time
    from types import SimpleNamespace

    started = []

    def start(out, *args, wait=60.0):
        logs = tmp_path_factory.mktemp("serve")
        stdout, stderr = logs / "stdout.txt", logs / "stderr.txt"
        with open(stdout, "wb") as so, open(stderr, "wb") as se:
            proc = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "marxkg.cli",
                    "serve",
                    "--out",
                    str(out),
                    "--port",
                    "0",
                    *args,
                ],
                stdout=so,
                stderr=se,
                stdin=subprocess.DEVNULL,
                env={**os.environ, "PYTHONUNBUFFERED": "1"},
            )
        started.append(proc)
        end = time.monotonic() + wait
        while time.monotonic() < end:
            text = stdout.read_text("utf-8", "replace")
            if "limits:" in text:
                break
            if proc.poll() is not None:
                pytest.fail(
                    f"marxkg serve exited {proc.returncode}: {stderr.read_text('utf-8', 'replace')}"
                )
            time.sleep(0.1)
        else:
            proc.kill()
            pytest.fail(
                f"marxkg serve did not start in {wait} s: {stderr.read_text('utf-8', 'replace')}"
            )
        url = re.search(r"endpoint: (\S+)", text).group(1)
        backend = re.search(r"pid (\d+) on (127\.[\d.]+):(\d+); store (\S+)", text)
        return SimpleNamespace(
            url=url,
            proc=proc,
            stdout=stdout,
            stderr=stderr,
            oxigraph_pid=int(backend.group(1)),
            oxigraph_host=backend.group(2),
            oxigraph_port=int(backend.group(3)),
            store=backend.group(4),
        )

    yield start
    for proc in started:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()


@pytest.fixture(scope="session")
def sparql_endpoint(built, start_endpoint):
    """``marxkg serve`` over the real build with the token layer, a 1 s timeout and a
    500-row cap (so that the timeout and the cap can be tested)."""
    return start_endpoint(built.out, "--with-tokens", "--timeout", "1", "--max-rows", "500")


@pytest.fixture(scope="session")
def query_engine(built):
    """The built graph and its token layer in a pyoxigraph store (marxkg.query)."""
    from marxkg.query.runner import LocalEngine

    return LocalEngine.from_build(built.out, tokens=True)


@pytest.fixture(scope="session")
def query_library():
    """The named SPARQL queries shipped in src/marxkg/queries/."""
    from marxkg.query.library import load_library

    return load_library()


# --- HTML outputs: a corpus and ontology carrying markup and script in their strings -----

XSS_LABEL = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="session")
def xss_built(tmp_path_factory):
    """A full build whose strings try to inject markup: a concept (``xss-probe``) labelled
    `XSS_LABEL` (en: a ``</script>`` breakout, de: ``<!--``), and a second paper
    (``xss-paper``: the fixture paper without translation) with the label in a sentence,
    a ``</script>`` in a footnote, ``<!--`` in the abstract and script in its metadata."""
    import shutil
    from types import SimpleNamespace

    from marxkg.build import build
    from tests import FIXTURE_PAPER, ONTOLOGY, PAPER

    def make(root: Path):
        corpus, onto, out = root / "corpus", root / "ontology", root / "build"
        shutil.copytree(PAPER.parent, corpus / PAPER.parent.name)
        shutil.copytree(ONTOLOGY, onto)
        paper = corpus / "xss-paper"
        paper.mkdir()
        text = FIXTURE_PAPER.read_text(encoding="utf-8")
        for old, new in [
            ("机器体系是劳动资料的最发达形态。", f"机器体系是劳动资料的最发达形态{XSS_LABEL}。"),
            ("《机器论》", "《机器论</script><script>alert(6)</script>》"),
            ("它讨论机器体系与活劳动的关系。", "它讨论机器体系与活劳动的关系<!--。"),
        ]:
            assert old in text
            text = text.replace(old, new)
        (paper / "source.md").write_text(text, encoding="utf-8")
        (paper / "metadata.yaml").write_text(
            'title:\n  zh: 机器与劳动\n  en: "<script>alert(8)</script>"\n'
            'author:\n  name: 李四\n  name_latin: "<img src=y onerror=alert(9)>"\n',
            encoding="utf-8",
        )
        with (onto / "concepts-ai-era.ttl").open("a", encoding="utf-8") as fh:
            fh.write(
                "\nconcept:xss-probe a skos:Concept ;\n  skos:inScheme scheme:ai-era ;\n"
                f'  skos:prefLabel "{XSS_LABEL}"@zh-Hans, "</script><script>alert(2)</script>"@en,'
                ' "<!-- --><svg onload=alert(3)>"@de ;\n'
                '  skos:definition "\\"><svg onload=alert(4)>"@zh-Hans,'
                ' "javascript:alert(5) & <b>bold</b>"@en ;\n'
                "  mkg:dimension mkg:LabourMeans ;\n  skos:related concept:fixed-capital .\n"
            )
        return out, build(corpus, onto, out, force=True)

    out, result = once_per_run(tmp_path_factory, "xss", make)
    return SimpleNamespace(
        out=out, result=result, label=XSS_LABEL, slug="xss-probe", doc_id="xss-paper"
    )
