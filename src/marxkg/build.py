"""``marxkg build``: every output, computed in memory, then written atomically.

A build stamp (a hash of every input file, the ontology, the package's own code and
the versions of its NLP dependencies) makes a second build with nothing changed a no-op.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from marxkg import __version__, atomic, paths
from marxkg.corpus_io import document_dirs, input_files, load_document
from marxkg.ontology import load_ontology, ontology_hash
from marxkg.rdf.namespaces import Iris
from marxkg.vocab import DEFAULT_BASE

log = logging.getLogger(__name__)


@dataclass
class BuildResult:
    out: Path
    written: list[Path] = field(default_factory=list)
    skipped: bool = False
    seconds: float = 0.0
    report: dict = field(default_factory=dict)


def _code_hash() -> str:
    h = hashlib.sha256()
    for p in sorted(paths.PACKAGE_DIR.rglob("*")):
        if p.is_file() and p.suffix in (".py", ".rq", ".html", ".js", ".css", ".j2"):
            h.update(str(p.relative_to(paths.PACKAGE_DIR)).encode() + p.read_bytes())
    return h.hexdigest()


def compute_stamp(corpus: Path, ontology: Path, base: str, options: dict) -> str:
    h = hashlib.sha256()
    h.update(json.dumps({"version": __version__, "base": base, **options},
                        sort_keys=True).encode())
    for p in input_files(corpus):
        h.update(str(p.relative_to(corpus)).encode() + b"\0" + p.read_bytes())
    h.update(ontology_hash(ontology).encode())
    h.update(_code_hash().encode())
    return h.hexdigest()


def _up_to_date(out: Path, stamp: str, cache: dict | None = None) -> bool:
    stamp_file = out / paths.BUILD_FILES["stamp"]
    if not stamp_file.exists():
        return False
    try:
        recorded = json.loads(stamp_file.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return False
    if recorded.get("stamp") != stamp or recorded.get("segmenter_cache", {}) != (cache or {}):
        return False
    return all((out / rel).exists() for rel in recorded.get("outputs", []))


def build(
    corpus: Path | None = None,
    ontology: Path | None = None,
    out: Path | None = None,
    base: str = DEFAULT_BASE,
    force: bool = False,
    segmenter: str = "jieba",
    progress: Callable[[str], None] | None = None,
) -> BuildResult:
    """Build every output for the corpus; skip all work when nothing changed."""
    t0 = time.perf_counter()
    corpus = Path(corpus or paths.corpus_dir())
    ontology = Path(ontology or paths.ontology_dir())
    out = Path(out or paths.build_dir())
    stamp = compute_stamp(corpus, ontology, base, {"segmenter": segmenter})
    from marxkg.nlp.segmenters import cache_identity  # the segmenter's cache is an input

    result = BuildResult(out)
    if not force and _up_to_date(out, stamp, cache_identity(segmenter)):
        result.skipped = True
        result.seconds = time.perf_counter() - t0
        return result
    from marxkg.pipeline import render_outputs  # spaCy & co.: only when there is work

    iris = Iris(base)
    dirs = document_dirs(corpus)
    docs = []
    for k, d in enumerate(dirs, start=1):
        if progress:
            progress(f"[{k}/{len(dirs)}] ingest {d.name}")
        docs.append(load_document(d))
    onto = load_ontology(ontology, iris)
    outputs, report = render_outputs(docs, onto, iris, corpus=corpus, ontology_dir=ontology,
                                     stamp=stamp, segmenter=segmenter, progress=progress)
    for rel, data in sorted(outputs.items()):
        target = out / rel
        atomic.write_bytes(target, data if isinstance(data, bytes) else data.encode("utf-8"))
        result.written.append(target)
    atomic.write_text(out / paths.BUILD_FILES["stamp"], json.dumps(
        {"stamp": stamp, "segmenter_cache": cache_identity(segmenter),
         "outputs": sorted(outputs)}, indent=1) + "\n")
    result.report = report
    result.seconds = time.perf_counter() - t0
    return result
