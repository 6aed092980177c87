"""The corpus on disk, read in one place: ``corpus/<doc-id>/`` with ``source.md``,
``metadata.yaml`` and optionally the translation, footnote translations, gold mentions and
agreement notes (file names in `marxkg.paths`).

`read_document_inputs` returns everything one document brings as a `DocumentInputs`; the
render step (`marxkg.pipeline`) reads no files.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from marxkg import paths
from marxkg.ingest.document import read_document
from marxkg.model import Document


class CorpusError(ValueError):
    """The corpus directory is missing or malformed."""


def document_dirs(corpus: Path) -> list[Path]:
    corpus = Path(corpus)
    if not corpus.is_dir():
        raise CorpusError(f"{corpus}: corpus directory not found")
    dirs = sorted(p for p in corpus.iterdir() if (p / paths.SOURCE_NAME).is_file())
    if not dirs:
        raise CorpusError(f"{corpus}: no documents (expected <doc-id>/{paths.SOURCE_NAME})")
    return dirs


def read_metadata(doc_dir: Path) -> dict[str, Any]:
    path = doc_dir / paths.METADATA_NAME
    if not path.exists():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise CorpusError(f"{path}: invalid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise CorpusError(f"{path}: expected a mapping")
    return data


def read_translation(doc_dir: Path) -> list[dict[str, Any]]:
    """The aligned English translation records (empty if the file is absent)."""
    path = doc_dir / paths.TRANSLATION_NAME
    if not path.exists():
        return []
    records = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            records.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise CorpusError(f"{path}:{n}: invalid JSON: {exc}") from None
    return records


def load_document(doc_dir: Path) -> Document:
    meta = read_metadata(doc_dir)
    doc = read_document(doc_dir / paths.SOURCE_NAME, doc_dir.name, meta.get("encoding"))
    doc.metadata = {k: v for k, v in meta.items() if k != "encoding"}
    attach_footnote_translations(doc, doc_dir)
    title = meta.get("title") or {}
    if isinstance(title, dict) and title.get("en"):
        doc.metadata["title_en"] = title["en"]
    return doc


def input_files(corpus: Path) -> list[Path]:
    """Every corpus file a build reads."""
    files = []
    for d in document_dirs(corpus):
        files.extend(sorted(p for p in d.iterdir() if p.is_file()))
    return files


FOOTNOTES_EN = paths.FOOTNOTES_EN_NAME


def attach_footnote_translations(doc: Document, doc_dir: Path) -> None:
    """Attach the English renderings of footnotes; a record whose ``zh`` no longer
    matches its footnote is an error (the source changed)."""
    path = doc_dir / FOOTNOTES_EN
    if not path.exists():
        return
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        rec = json.loads(line)
        if "n" not in rec:
            continue
        k = rec["n"]
        if not 1 <= k <= len(doc.footnotes) or doc.footnotes[k - 1].text != rec.get("zh"):
            raise CorpusError(f"{path}:{n}: footnote {k} does not match the source footnote")
        doc.footnotes[k - 1].text_en = rec["en"]


# --- Everything a document brings, read in one place (the render step reads no files) ----


@dataclass
class DocumentInputs:
    """One document and every file it brings, read from ``corpus/<doc-id>/``.

    ``document`` carries the source text, metadata and footnote translations;
    ``translation`` the aligned English sentences, ``gold`` the hand-marked mentions and
    ``agreement_notes`` the explained bilingual disagreements (each empty if absent)."""

    document: Document
    translation: list[dict[str, Any]] = field(default_factory=list)
    gold: list[dict[str, Any]] = field(default_factory=list)
    agreement_notes: list[dict[str, Any]] = field(default_factory=list)

    @property
    def doc_id(self) -> str:
        return self.document.doc_id


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """The records of a JSON Lines file (empty if absent); a bad line is a `CorpusError`."""
    if not path.exists():
        return []
    records = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise CorpusError(f"{path}:{n}: invalid JSON: {exc}") from None
        if not isinstance(rec, dict):
            raise CorpusError(f"{path}:{n}: expected a JSON object")
        records.append(rec)
    return records


def read_agreement_notes(doc_dir: Path) -> list[dict[str, Any]]:
    """The curated explanations of bilingual disagreements (empty if absent)."""
    path = doc_dir / paths.AGREEMENT_NOTES_NAME
    if not path.exists():
        return []
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    except yaml.YAMLError as exc:
        raise CorpusError(f"{path}: invalid YAML: {exc}") from None
    if not isinstance(data, list) or not all(
            isinstance(n, dict) and {"sentence", "concept", "explanation"} <= set(n)
            for n in data):
        raise CorpusError(f"{path}: expected a list of {{sentence, concept, explanation}}")
    return data


def read_document_inputs(doc_dir: Path) -> DocumentInputs:
    """Read every file of one document (errors name the file and line)."""
    doc_dir = Path(doc_dir)
    return DocumentInputs(
        document=load_document(doc_dir),
        translation=read_translation(doc_dir),
        gold=read_jsonl(doc_dir / paths.GOLD_NAME),
        agreement_notes=read_agreement_notes(doc_dir),
    )


def document_input_files(doc_dir: Path) -> list[Path]:
    """The files of one document a build reads (its per-document stamp covers these)."""
    return sorted(p for p in Path(doc_dir).iterdir() if p.is_file())
