"""Stage 5, outputs: one module per format, each a pure ``dumps_*`` plus a thin writer.

Per-document exporters are registered in `DOC_EXPORTERS` (file name -> function); the
build writes every registered output, so adding a format adds it to the build.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from rdflib import Graph

from marxkg import paths
from marxkg.model import Annotations, Document
from marxkg.rdf.namespaces import Iris


@dataclass
class ExportContext:
    """What exporters may read besides the document and its annotations."""

    iris: Iris
    ontology: Graph
    translation: list[dict[str, Any]] = field(default_factory=list)


DocExporter = Callable[[Document, Annotations, ExportContext], str]


def _document(doc: Document, ann: Annotations, ctx: ExportContext) -> str:
    from marxkg.export.document_json import dumps_document

    return dumps_document(doc)


def _tei(doc: Document, ann: Annotations, ctx: ExportContext) -> str:
    from marxkg.export.tei import dumps_tei

    return dumps_tei(doc, ann, ctx)


def _conllu(doc: Document, ann: Annotations, ctx: ExportContext) -> str:
    from marxkg.export.conllu import dumps_conllu

    return dumps_conllu(doc, ann, ctx)


def _webanno(doc: Document, ann: Annotations, ctx: ExportContext) -> str:
    from marxkg.export.webanno import dumps_webanno

    return dumps_webanno(doc, ann, ctx)


def _references(fmt: str) -> DocExporter:
    def export(doc: Document, ann: Annotations, ctx: ExportContext) -> str:
        from marxkg.export.references import FORMATS

        return FORMATS[fmt](doc)

    return export


DOC_EXPORTERS: dict[str, DocExporter] = {
    paths.DOC_FILES["document"]: _document,
    paths.DOC_FILES["tei"]: _tei,
    paths.DOC_FILES["conllu"]: _conllu,
    paths.DOC_FILES["annotations"]: _webanno,
    # every cited item of the document (export/references.py): CSV, CSL-JSON, BibTeX, RIS
    **{
        paths.DOC_FILES[f"references_{fmt}"]: _references(fmt)
        for fmt in ("csv", "json", "bib", "ris")
    },
}
