"""Session fixtures: expensive objects (the parsed paper, a full build) are made once."""

from __future__ import annotations

import pytest

from tests import PAPER, ROOT


@pytest.fixture(scope="session")
def paper():
    from marxkg.corpus_io import load_document

    return load_document(PAPER.parent)


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """A full build of the shipped corpus into a temporary directory."""
    from marxkg.build import build

    out = tmp_path_factory.mktemp("build")
    result = build(ROOT / "corpus", ROOT / "ontology", out, force=True)
    return result


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
    from marxkg.graph.namespaces import Iris

    return ExportContext(Iris(), ontology)
