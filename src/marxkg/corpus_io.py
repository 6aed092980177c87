"""The corpus on disk: ``corpus/<doc-id>/source.md`` + ``metadata.yaml`` (+ translation)."""

from __future__ import annotations

import json
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
    dirs = sorted(p for p in corpus.iterdir() if (p / paths.SOURCE_NAME).is_file()
                  or (p / paths.SOURCE_PDF_NAME).is_file())
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
    source = doc_dir / paths.SOURCE_NAME
    if not source.is_file() and (doc_dir / paths.SOURCE_PDF_NAME).is_file():
        source = doc_dir / paths.SOURCE_PDF_NAME
    doc = read_document(source, doc_dir.name, meta.get("encoding"), meta)
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


FOOTNOTES_EN = "footnotes.en.jsonl"


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
