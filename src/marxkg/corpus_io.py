"""The corpus on disk, read in one place: ``corpus/<doc-id>/`` with ``source.md`` (or
``source.pdf``), ``metadata.yaml`` and optionally the translation, footnote translations,
gold mentions and agreement notes (file names in `marxkg.paths`).

`read_document_inputs` returns everything one document brings as a `DocumentInputs`; the
render step (`marxkg.pipeline`) reads no files.

Every file is read through :mod:`marxkg.safe_io`: a regular file inside the corpus
directory, within a size limit (:data:`MAX_BYTES`), YAML without aliases. Metadata fields
are type-checked against :data:`marxkg.corpus_schema.METADATA_FIELDS` and translation and
footnote lines against their record shapes; every error names the file, the document and,
for line-based files, the line.
"""

from __future__ import annotations

import json
import logging
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from marxkg import paths
from marxkg.citations import read_document
from marxkg.corpus_schema import check_metadata, check_record
from marxkg.model import Document
from marxkg.safe_io import (
    UnsafeInput,
    check_entry,
    load_yaml,
    read_text_within,
    resolve_within,
)

log = logging.getLogger(__name__)

DOC_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
FOOTNOTES_EN = paths.FOOTNOTES_EN_NAME
MB = 1024 * 1024
MAX_BYTES = {  # per file name; any other corpus file: DEFAULT_MAX_BYTES
    paths.SOURCE_NAME: 16 * MB,
    paths.SOURCE_PDF_NAME: 64 * MB,
    paths.METADATA_NAME: 256 * 1024,
    paths.TRANSLATION_NAME: 32 * MB,
    FOOTNOTES_EN: 16 * MB,
    paths.AGREEMENT_NOTES_NAME: 1 * MB,
    paths.GOLD_NAME: 32 * MB,
}
DEFAULT_MAX_BYTES = 32 * MB


class CorpusError(ValueError):
    """The corpus directory is missing or malformed."""


def max_bytes(path: Path) -> int:
    return MAX_BYTES.get(Path(path).name, DEFAULT_MAX_BYTES)


def _corpus_of(doc_dir: Path, corpus: Path | None) -> Path:
    return Path(corpus) if corpus is not None else Path(doc_dir).parent


def read_corpus_text(path: Path, corpus: Path) -> str:
    """A corpus file's UTF-8 text, read safely (see :mod:`marxkg.safe_io`)."""
    try:
        return read_text_within(path, corpus, max_bytes(path))
    except UnsafeInput as exc:
        raise CorpusError(str(exc)) from None


def check_doc_id(name: str, where: Path) -> str:
    if not DOC_ID.fullmatch(name):
        raise CorpusError(
            f"{where}: {name!r} is not a valid document id: use kebab-case "
            "(lower-case letters and digits in words joined by single hyphens, "
            "e.g. xu-jingyi-machinery-ai)"
        )
    return name


def document_dirs(corpus: Path) -> list[Path]:
    corpus = Path(corpus)
    if not corpus.is_dir():
        raise CorpusError(f"{corpus}: corpus directory not found")
    dirs = []
    with os.scandir(corpus) as it:
        entries = sorted(it, key=lambda e: e.name)
    for entry in entries:
        p = corpus / entry.name
        if not any(
            (p / name).exists() or (p / name).is_symlink()
            for name in (paths.SOURCE_NAME, paths.SOURCE_PDF_NAME)
        ):
            continue
        if entry.is_dir(follow_symlinks=False):  # not a link: a directory inside the corpus
            inside = True
        else:
            try:
                inside = resolve_within(p, corpus).is_dir()
            except UnsafeInput:
                inside = False
        if not inside:
            raise CorpusError(f"{p}: a document directory must be a directory inside {corpus}")
        check_doc_id(p.name, p)
        dirs.append(p)
    if not dirs:
        raise CorpusError(f"{corpus}: no documents (expected <doc-id>/{paths.SOURCE_NAME})")
    return dirs


def read_metadata(doc_dir: Path, corpus: Path | None = None) -> dict[str, Any]:
    path = doc_dir / paths.METADATA_NAME
    if not path.exists() and not path.is_symlink():
        return {}
    try:
        data = load_yaml(read_corpus_text(path, _corpus_of(doc_dir, corpus)), str(path))
    except UnsafeInput as exc:
        raise CorpusError(str(exc)) from None
    if data is None:
        return {}
    problems = check_metadata(data)
    if problems:
        raise CorpusError(f"{path}: document {doc_dir.name}: {problems[0]}")
    if "doc_id" in data and data["doc_id"] != doc_dir.name:
        raise CorpusError(
            f"{path}: document {doc_dir.name}: field doc_id is "
            f"{data['doc_id']!r}, not the directory name {doc_dir.name!r}"
        )
    return data


def _jsonl(path: Path, doc_dir: Path, corpus: Path | None, shape: str) -> list[tuple[int, dict]]:
    """(line number, record) of a JSON Lines file, each record checked against ``shape``."""
    if not path.exists() and not path.is_symlink():
        return []
    text = read_corpus_text(path, _corpus_of(doc_dir, corpus))
    records = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except (json.JSONDecodeError, RecursionError) as exc:
            raise CorpusError(f"{path}:{n}: document {doc_dir.name}: invalid JSON: {exc}") from None
        problem = check_record(rec, shape)
        if problem:
            raise CorpusError(f"{path}:{n}: document {doc_dir.name}: {problem}")
        records.append((n, rec))
    return records


def read_translation(doc_dir: Path, corpus: Path | None = None) -> list[dict[str, Any]]:
    """The aligned English translation records (empty if the file is absent)."""
    return [
        rec for _, rec in _jsonl(doc_dir / paths.TRANSLATION_NAME, doc_dir, corpus, "translation")
    ]


def load_document(doc_dir: Path, corpus: Path | None = None) -> Document:
    corpus = _corpus_of(doc_dir, corpus)
    check_doc_id(Path(doc_dir).name, Path(doc_dir))
    meta = read_metadata(doc_dir, corpus)
    source = doc_dir / paths.SOURCE_NAME
    if not (source.exists() or source.is_symlink()) and (
        (doc_dir / paths.SOURCE_PDF_NAME).exists() or (doc_dir / paths.SOURCE_PDF_NAME).is_symlink()
    ):
        source = doc_dir / paths.SOURCE_PDF_NAME
    try:
        check_entry(source, corpus)
    except UnsafeInput as exc:
        raise CorpusError(str(exc)) from None
    if source.stat().st_size > max_bytes(source):
        raise CorpusError(
            f"{source}: is {source.stat().st_size} bytes; the limit is {max_bytes(source)} bytes"
        )
    doc = read_document(source, doc_dir.name, meta.get("encoding"), meta)
    doc.metadata = {k: v for k, v in meta.items() if k != "encoding"}
    attach_footnote_translations(doc, doc_dir, corpus)
    title = meta.get("title") or {}
    if isinstance(title, dict) and title.get("en"):
        doc.metadata["title_en"] = title["en"]
    return doc


def input_files(corpus: Path) -> list[Path]:
    """Every corpus file a build reads; each must be a regular file inside the corpus
    directory within its size limit (a FIFO, a device or a link out of it is an error)."""
    corpus = Path(corpus)
    files = []
    for d in document_dirs(corpus):  # each a directory inside the corpus
        with os.scandir(d) as it:
            entries = sorted(it, key=lambda e: e.name)
        for entry in entries:
            p = d / entry.name
            st = entry.stat(follow_symlinks=False)
            if stat.S_ISDIR(st.st_mode):
                continue  # not read by the build
            if stat.S_ISREG(st.st_mode):  # not a link, in a directory inside the corpus
                size = st.st_size
            else:  # a link (to be followed and checked), a FIFO, a device...
                try:
                    size = check_entry(p, corpus).stat().st_size
                except UnsafeInput as exc:
                    raise CorpusError(f"{exc} (document {d.name})") from None
            if size > max_bytes(p):
                raise CorpusError(
                    f"{p}: is {size} bytes; the limit for this file is "
                    f"{max_bytes(p)} bytes (document {d.name})"
                )
            files.append(p)
    return files


def attach_footnote_translations(doc: Document, doc_dir: Path, corpus: Path | None = None) -> None:
    """Attach the English renderings of footnotes; a record whose ``zh`` no longer
    matches its footnote is an error (the source changed)."""
    path = doc_dir / FOOTNOTES_EN
    for n, rec in _jsonl(path, doc_dir, corpus, "footnote"):
        if "n" not in rec:
            continue
        k = rec["n"]
        if not 1 <= k <= len(doc.footnotes) or doc.footnotes[k - 1].text != rec.get("zh"):
            raise CorpusError(
                f"{path}:{n}: document {doc_dir.name}: footnote {k} does not "
                "match the source footnote"
            )
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


def read_gold(doc_dir: Path, corpus: Path | None = None) -> list[dict[str, Any]]:
    """The hand-marked concept mentions of a document (empty if absent)."""
    return [rec for _, rec in _jsonl(doc_dir / paths.GOLD_NAME, doc_dir, corpus, "gold")]


def read_agreement_notes(doc_dir: Path, corpus: Path | None = None) -> list[dict[str, Any]]:
    """The curated explanations of bilingual disagreements (empty if absent), checked
    (`marxkg.nlp.agreement.check_notes`)."""
    from marxkg.nlp.agreement import check_notes
    from marxkg.safe_io import load_yaml_items

    path = doc_dir / paths.AGREEMENT_NOTES_NAME
    if not path.exists() and not path.is_symlink():
        return []
    text = read_corpus_text(path, _corpus_of(doc_dir, corpus))
    try:
        return check_notes(load_yaml_items(text, str(path)), path)
    except UnsafeInput as exc:
        raise CorpusError(str(exc)) from None


def read_document_inputs(doc_dir: Path) -> DocumentInputs:
    """Read every file of one document (errors name the file and line)."""
    doc_dir = Path(doc_dir)
    return DocumentInputs(
        document=load_document(doc_dir),
        translation=read_translation(doc_dir),
        gold=read_gold(doc_dir),
        agreement_notes=read_agreement_notes(doc_dir),
    )


def document_input_files(doc_dir: Path) -> list[Path]:
    """The files of one document a build reads (its per-document stamp covers these)."""
    return sorted(p for p in Path(doc_dir).iterdir() if p.is_file())
