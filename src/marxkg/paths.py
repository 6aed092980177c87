"""Every path marxkg uses, in one place.

Paths default to the repository layout (``corpus/``, ``ontology/``, ``build/`` next to
``pyproject.toml``) and can be overridden with environment variables or CLI options.
Nothing here touches the file system at import time.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
QUERIES_DIR = PACKAGE_DIR / "queries"
TEMPLATES_DIR = PACKAGE_DIR / "templates"
STATIC_DIR = PACKAGE_DIR / "static"

# The files a document brings (``corpus/<doc-id>/...``); read only by `marxkg.corpus_io`.
SOURCE_NAME = "source.md"
SOURCE_PDF_NAME = "source.pdf"  # read by page geometry when there is no source.md
METADATA_NAME = "metadata.yaml"
TRANSLATION_NAME = "translation.en.jsonl"
FOOTNOTES_EN_NAME = "footnotes.en.jsonl"
GOLD_NAME = "gold-mentions.jsonl"
AGREEMENT_NOTES_NAME = "agreement-notes.yaml"


def project_root() -> Path:
    """The repository root: ``MARXKG_ROOT`` or the nearest parent holding ``ontology/``."""
    env = os.environ.get("MARXKG_ROOT")
    if env:
        return Path(env).resolve()
    for parent in [Path.cwd(), *Path.cwd().parents, *PACKAGE_DIR.parents]:
        if (parent / "ontology").is_dir() and (parent / "corpus").is_dir():
            return parent
    return Path.cwd()


def corpus_dir() -> Path:
    return Path(os.environ.get("MARXKG_CORPUS", project_root() / "corpus"))


def ontology_dir() -> Path:
    return Path(os.environ.get("MARXKG_ONTOLOGY", project_root() / "ontology"))


def build_dir() -> Path:
    return Path(os.environ.get("MARXKG_BUILD", project_root() / "build"))


def doc_build_dir(out: Path, doc_id: str) -> Path:
    return out / doc_id


BUILD_FILES = {
    "graph": "graph.ttl",
    "graph_jsonld": "graph.jsonld",
    "report": "report.json",
    "concept_map": "concept-map.html",
    "citations_html": "citations.html",
    "claims_html": "claims.html",
    "ontology_html": "ontology.html",
    "index_html": "index.html",
    "stamp": ".build-stamp.json",
    "store": "store",  # the persistent Oxigraph store (a directory)
    "state": ".docs",  # per-document stamps and intermediate parts (incremental builds)
}

#: The graph parts in a build's state directory: each document's part of the default graph
#: (``.docs/<doc-id>/graph.nt``, sorted N-Triples) and the build's own parts; ``graph.ttl``
#: is their union
PART_GRAPH = "graph.nt"
LINKS_PART = "links.nt"  # the links between documents (mkg:sameFigureAs)
COUNTS_PART = "counts.nt"  # the corpus's word counts (mkg:CorpusWordCount)
CORPUS_PARTS = ("ontology.nt", "provenance.nt", LINKS_PART, COUNTS_PART)

DOC_FILES = {
    "document": "document.json",
    "tokens_ttl": "tokens.ttl",
    "tokens_nq": "tokens.nq.gz",
    "tei": "tei.xml",
    "conllu": "tokens.conllu",
    "annotations": "annotations.jsonld",
    "reader": "reader.html",
    "references_csv": "references.csv",
    "references_json": "references.json",
    "references_bib": "references.bib",
    "references_ris": "references.ris",
}
