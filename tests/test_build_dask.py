"""The per-document build on Dask distributed (a LocalCluster of worker processes) gives
the same bytes as the local build."""

from __future__ import annotations

import pytest

from marxkg.build import build
from tests.corpora import fixture_corpus, quick_ontology
from tests.test_build_atomic import digest

pytestmark = pytest.mark.slow  # whole builds on a Dask cluster

distributed = pytest.importorskip("distributed")


def test_dask_build_is_byte_identical_to_the_local_build(tmp_path):
    onto = quick_ontology(tmp_path / "onto")
    corpus = fixture_corpus(tmp_path / "corpus", 3)
    local = build(corpus, onto, tmp_path / "local", jobs=1)
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        remote = build(corpus, onto, tmp_path / "dask", scheduler=cluster.scheduler_address)
    assert remote.rebuilt == local.rebuilt == ["fixture-00", "fixture-01", "fixture-02"]
    assert digest(tmp_path / "dask") == digest(tmp_path / "local")


def test_an_unreachable_scheduler_is_an_error_line(tmp_path):
    from typer.testing import CliRunner

    from marxkg.cli import app

    onto = quick_ontology(tmp_path / "onto")
    corpus = fixture_corpus(tmp_path / "corpus", 1)
    result = CliRunner().invoke(
        app,
        [
            "build",
            "--corpus",
            str(corpus),
            "--ontology",
            str(onto),
            "--out",
            str(tmp_path / "out"),
            "--scheduler",
            "tcp://127.0.0.1:9",
        ],
    )
    assert result.exit_code == 1
    assert "error:" in result.output and "Dask scheduler" in result.output
    assert not (tmp_path / "out").exists()
