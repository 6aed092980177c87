"""``marxkg build``: orchestration of a build (what runs where, and in which order).

`marxkg.pipeline` computes (one document's outputs, pure); this module decides and writes:

1. **Stamps.** A corpus stamp (every input file, the ontology, the package's code, the
   NLP versions, the options) makes a second build with nothing changed a no-op. A
   per-document stamp (that document's files + everything shared) says which documents
   must be rendered again; the others' outputs are hard-linked from the previous build.
2. **Per document, bounded memory.** Each document is read, rendered and its outputs
   written to disk at once, in worker processes (``jobs``; a Dask scheduler when given);
   nothing of a finished document stays in memory. A document that fails is reported
   and left out; the others are built, and the result says which failed.
3. **Corpus outputs by streaming.** ``graph.ttl``/``graph.jsonld`` are merged from the
   documents' sorted N-Triples parts; the Oxigraph store (``store/``) is loaded part by
   part; ``report.json`` gathers the documents' entries.
4. **Atomic as a whole.** Everything is written into a staging directory beside
   ``build/`` and swapped in at the end (`marxkg.outdir`): a killed or failed build leaves
   the previous build complete; outputs of removed documents disappear and are listed.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import os
import pickle
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from marxkg import __version__, outdir, paths
from marxkg.corpus_io import document_dirs, document_input_files, input_files
from marxkg.ontology import OntologyError, ontology_hash
from marxkg.rdf.namespaces import Iris
from marxkg.store import graph_iri
from marxkg.vocab import DEFAULT_BASE

log = logging.getLogger(__name__)

STATE = paths.BUILD_FILES["state"]
PART_GRAPH = "graph.nt"
PART_REPORT = "report.json"
PART_EVIDENCE = "evidence.json"
PART_FIGURES = "figures.json"  # [figure key, claim IRI] of the sourced claims
PART_PAGES = "pages.pickle"
PART_STAMP = "stamp.json"
# Files of a build that are not byte-identical between equal builds (RocksDB internals).
NOT_COMPARED = (paths.BUILD_FILES["store"] + "/",)


class BuildError(RuntimeError):
    """The build could not complete (message ready for an ``error:`` line)."""


@dataclass
class BuildResult:
    out: Path
    written: list[Path] = field(default_factory=list)  # every output of the new build
    skipped: bool = False
    seconds: float = 0.0
    report: dict = field(default_factory=dict)
    rebuilt: list[str] = field(default_factory=list)  # documents rendered in this run
    reused: list[str] = field(default_factory=list)  # documents linked from the last build
    failed: dict[str, str] = field(default_factory=dict)  # doc id -> error message
    removed: list[str] = field(default_factory=list)  # outputs of the previous build gone
    leftovers: list[Path] = field(default_factory=list)  # killed builds' directories removed


ProgressFn = Callable[[str], None]
TickFn = Callable[[int, int, str], None]


def _code_hash() -> str:
    h = hashlib.sha256()
    for p in sorted(paths.PACKAGE_DIR.rglob("*")):
        if p.is_file() and p.suffix in (".py", ".rq", ".html", ".js", ".css", ".j2"):
            h.update(str(p.relative_to(paths.PACKAGE_DIR)).encode() + p.read_bytes())
    return h.hexdigest()


def shared_stamp(ontology: Path, base: str, options: dict) -> str:
    """What every document's outputs depend on besides its own files."""
    h = hashlib.sha256()
    h.update(json.dumps({"version": __version__, "base": base, **options}, sort_keys=True).encode())
    h.update(ontology_hash(ontology).encode())
    h.update(_code_hash().encode())
    return h.hexdigest()


def document_stamp(shared: str, doc_dir: Path) -> str:
    h = hashlib.sha256(shared.encode())
    for p in document_input_files(doc_dir):
        h.update(p.name.encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()


def compute_stamp(corpus: Path, ontology: Path, base: str, options: dict) -> str:
    h = hashlib.sha256()
    h.update(shared_stamp(ontology, base, options).encode())
    for p in input_files(corpus):
        h.update(str(p.relative_to(corpus)).encode() + b"\0" + p.read_bytes())
    return h.hexdigest()


def _up_to_date(out: Path, stamp: str, cache: dict | None = None) -> bool:
    stamp_file = out / paths.BUILD_FILES["stamp"]
    if not stamp_file.exists():
        return False
    try:
        recorded = json.loads(stamp_file.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return False
    if recorded.get("stamp") != stamp or recorded.get("failed"):
        return False
    if recorded.get("segmenter_cache", {}) != (cache or {}):  # the cache is an input too
        return False
    return all((out / rel).exists() for rel in recorded.get("outputs", []))


# --- one document (runs in a worker process) ------------------------------------------------

_CONTEXTS: dict[tuple[str, str, str, str], Any] = {}


def _context(ontology: str, base: str, segmenter: str) -> Any:
    """The render context of this process (ontology and NLP models loaded once)."""
    # the jieba cache directory is part of the key: a render context keeps its tokenizer
    key = (ontology, base, segmenter, os.environ.get("XDG_CACHE_HOME", ""))
    if key not in _CONTEXTS:
        from marxkg.ontology import load_ontology
        from marxkg.pipeline import RenderContext

        iris = Iris(base)
        _CONTEXTS[key] = RenderContext(
            load_ontology(Path(ontology), iris), iris, segmenter, ontology_dir=ontology
        )
    return _CONTEXTS[key]


@dataclass
class DocTask:
    doc_dir: str
    stamp: str
    ontology: str
    base: str
    segmenter: str
    pages: bool = True


def render_payload(task: DocTask) -> dict[str, Any]:
    """Render one document: ``{"doc_id", "files": {rel: bytes}}`` or ``{"doc_id", "error"}``.

    Pure apart from reading the document's files; runs in a worker (local or Dask)."""
    from marxkg.corpus_io import read_document_inputs
    from marxkg.pipeline import render_document

    doc_id = Path(task.doc_dir).name
    try:
        inputs = read_document_inputs(Path(task.doc_dir))
        result = render_document(inputs, _context(task.ontology, task.base, task.segmenter))
    except OSError as exc:
        if outdir.is_disk_full(exc):
            raise
        return {"doc_id": doc_id, "error": str(exc)}
    except (ValueError, KeyError, IndexError, TypeError, OntologyError) as exc:
        # Bad input of this document (decoding, layout, metadata, records): reported and
        # skipped; the other documents are built.
        return {"doc_id": doc_id, "error": str(exc) or type(exc).__name__}
    state = f"{STATE}/{doc_id}"
    files = dict(result.files)
    tokens_ttl = f"{doc_id}/{paths.DOC_FILES['tokens_ttl']}"
    from marxkg.graph.tokens import ntriples_to_turtle

    files[tokens_ttl] = ntriples_to_turtle(result.tokens_nt)
    # the token layer without the triples already in the document's graph (mention spans
    # that are also tokens): graph.ttl + every tokens.nq.gz is the dataset, each triple once
    in_graph = set(result.graph_nt.splitlines(keepends=True))
    only_tokens = b"".join(
        line for line in result.tokens_nt.splitlines(keepends=True) if line not in in_graph
    )
    files[f"{doc_id}/{paths.DOC_FILES['tokens_nq']}"] = _gzip(
        to_nquads(only_tokens, graph_iri(task.base, "tokens", doc_id))
    )
    files[f"{state}/{PART_GRAPH}"] = result.graph_nt
    files[f"{state}/{PART_REPORT}"] = json.dumps(result.report, ensure_ascii=False).encode()
    files[f"{state}/{PART_EVIDENCE}"] = json.dumps(result.evidence).encode()
    files[f"{state}/{PART_FIGURES}"] = json.dumps(result.figures, ensure_ascii=False).encode()
    if task.pages:
        files[f"{state}/{PART_PAGES}"] = pickle.dumps(
            (result.document, result.annotations, result.english), protocol=5
        )
    outputs = sorted(k for k in files if not k.startswith(f"{STATE}/"))
    files[f"{state}/{PART_STAMP}"] = json.dumps({"stamp": task.stamp, "outputs": outputs}).encode()
    return {"doc_id": doc_id, "files": files}


def to_nquads(nt: bytes, graph: str) -> bytes:
    """N-Triples lines put into the named graph ``graph`` (N-Quads)."""
    suffix = f" <{graph}> .\n".encode()
    return b"".join(
        line[:-2] + suffix for line in nt.splitlines(keepends=True) if line.endswith(b" .\n")
    )


def _gzip(data: bytes) -> bytes:
    # mtime=0 and no file name: the same triples give the same bytes
    return gzip.compress(data, compresslevel=6, mtime=0)


def write_payload(stage: Path, payload: dict[str, Any]) -> None:
    for rel, data in sorted(payload.get("files", {}).items()):
        target = stage / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "wb") as fh:
            fh.write(data)


def render_to_stage(task: DocTask, stage: str) -> dict[str, Any]:
    """Render one document and write its outputs into the staging directory (worker)."""
    payload = render_payload(task)
    write_payload(Path(stage), payload)
    return {"doc_id": payload["doc_id"], "error": payload.get("error")}


# --- the build ---------------------------------------------------------------------------


def _reusable(old: Path, doc_id: str, stamp: str, pages: bool) -> list[str] | None:
    """The previous build's files of a document whose stamp is unchanged (else None)."""
    try:
        rec = json.loads((old / STATE / doc_id / PART_STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if rec.get("stamp") != stamp:
        return None
    state = [
        f"{STATE}/{doc_id}/{n}"
        for n in (PART_GRAPH, PART_REPORT, PART_EVIDENCE, PART_FIGURES, PART_STAMP)
    ]
    if pages:
        state.append(f"{STATE}/{doc_id}/{PART_PAGES}")
    files = list(rec.get("outputs", [])) + state
    if not all((old / f).is_file() for f in files):
        return None
    return files


def default_jobs() -> int:
    return (
        len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    )


def build(
    corpus: Path | None = None,
    ontology: Path | None = None,
    out: Path | None = None,
    base: str = DEFAULT_BASE,
    force: bool = False,
    segmenter: str = "jieba",
    progress: ProgressFn | None = None,
    *,
    jobs: int | None = None,
    scheduler: str | None = None,
    pages: bool = True,
    tick: TickFn | None = None,
) -> BuildResult:
    """Build every output for the corpus; skip all work when nothing changed.

    ``jobs`` worker processes (default: every core; 1 renders in this process);
    ``scheduler`` a Dask distributed address (``tcp://host:8786``) to render on instead;
    ``pages`` false leaves out the HTML pages (which hold every document in memory);
    ``tick(done, total, doc_id)`` is called as documents finish."""
    t0 = time.perf_counter()
    corpus = Path(corpus or paths.corpus_dir())
    ontology = Path(ontology or paths.ontology_dir())
    out = Path(out or paths.build_dir())
    outdir.check_target(out)
    options = {"segmenter": segmenter, "pages": pages}
    result = BuildResult(out)
    with outdir.BuildLock(out):
        result.leftovers = outdir.recover(out)
        stamp = compute_stamp(corpus, ontology, base, options)
        from marxkg.nlp.segmenters import cache_identity  # the segmenter's cache is an input

        cache = cache_identity(segmenter)
        if not force and _up_to_date(out, stamp, cache):
            result.skipped = True
            result.seconds = time.perf_counter() - t0
            return result
        stage = outdir.stage_dir(out)
        shutil.rmtree(stage, ignore_errors=True)
        stage.mkdir(parents=True)
        try:
            _build_into(
                stage,
                corpus,
                ontology,
                out,
                base,
                stamp,
                options,
                force,
                jobs,
                scheduler,
                progress,
                tick,
                result,
            )
            before = outdir.listing(out)
            after = outdir.listing(stage)
            result.removed = sorted(r for r in before - after if _public(r))
            outdir.swap_in(stage, out)
        except BaseException as exc:
            shutil.rmtree(stage, ignore_errors=True)
            if isinstance(exc, OSError) and outdir.is_disk_full(exc):
                raise BuildError(
                    f"{out}: no space left on the device while building "
                    f"({exc.filename or exc}); the previous build is kept"
                ) from exc
            raise
    result.written = sorted(out / r for r in outdir.listing(out) if _public(r))
    result.seconds = time.perf_counter() - t0
    return result


def _public(rel: str) -> bool:
    return not rel.startswith((f"{STATE}/", paths.BUILD_FILES["stamp"], *NOT_COMPARED))


def _build_into(
    stage: Path,
    corpus: Path,
    ontology: Path,
    out: Path,
    base: str,
    stamp: str,
    options: dict,
    force: bool,
    jobs: int | None,
    scheduler: str | None,
    progress: ProgressFn | None,
    tick: TickFn | None,
    result: BuildResult,
) -> None:
    say = progress or (lambda _m: None)
    shared = shared_stamp(ontology, base, options)
    dirs = document_dirs(corpus)
    tasks: list[DocTask] = []
    for d in dirs:
        doc_stamp = document_stamp(shared, d)
        reuse = None if force else _reusable(out, d.name, doc_stamp, options["pages"])
        if reuse is not None:
            for rel in reuse:
                outdir.link_or_copy(out / rel, stage / rel)
            result.reused.append(d.name)
        else:
            tasks.append(
                DocTask(
                    str(d), doc_stamp, str(ontology), base, segmenter_of(options), options["pages"]
                )
            )
    if result.reused:
        say(f"{len(result.reused)} document(s) unchanged, {len(tasks)} to build")
    from marxkg.build_corpus import StageStore, write_corpus_outputs
    from marxkg.build_run import run_tasks

    store = StageStore(stage, base, out, set(result.reused))
    try:
        for status in run_tasks(tasks, stage, jobs, scheduler, tick, len(dirs), len(result.reused)):
            if status.get("error"):
                result.failed[status["doc_id"]] = status["error"]
                log.info("%s failed: %s", status["doc_id"], status["error"])  # the CLI reports it
                shutil.rmtree(stage / status["doc_id"], ignore_errors=True)
                shutil.rmtree(stage / STATE / status["doc_id"], ignore_errors=True)
            else:
                result.rebuilt.append(status["doc_id"])
                store.add_document(status["doc_id"])  # while the workers go on
        result.rebuilt.sort()
        built = sorted(set(result.rebuilt) | set(result.reused))
        if not built:
            first = next(iter(sorted(result.failed.items())))
            raise BuildError(
                first[1]
                if len(result.failed) == 1
                else f"no document could be built; first: {first[0]}: {first[1]}"
            )
    except BaseException:
        store.close()
        raise

    say("corpus outputs: graph, store, report" + (", pages" if options["pages"] else ""))
    result.report = write_corpus_outputs(
        stage, built, ontology, base, stamp, segmenter_of(options), options["pages"], store
    )
    from marxkg.nlp.segmenters import cache_identity

    (stage / paths.BUILD_FILES["stamp"]).write_text(
        json.dumps(
            {
                "stamp": stamp,
                "base": base,
                "documents": built,
                "failed": sorted(result.failed),
                "segmenter_cache": cache_identity(segmenter_of(options)),
                "outputs": sorted(r for r in outdir.listing(stage) if _public(r)),
            },
            indent=1,
        )
        + "\n",
        encoding="utf-8",
    )


def segmenter_of(options: dict) -> str:
    return str(options["segmenter"])
