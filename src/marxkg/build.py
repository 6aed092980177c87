"""``marxkg build``: orchestration of a build (what runs where, and in which order).

`marxkg.pipeline` computes (one document's outputs, pure); this module decides and writes:

1. **Stamps.** A corpus stamp (every input file, the ontology, the package's code, the
   NLP versions, the options) makes a second build with nothing changed a no-op. A
   per-document stamp (that document's files + everything shared) says which documents
   must be rendered again; the others' outputs are hard-linked from the previous build.
2. **Per document, bounded memory.** Each document is read, rendered and its outputs
   written to disk at once, in worker processes (``jobs``; a Dask scheduler when given);
   nothing of a finished document stays in memory. The workers start before the
   unchanged documents are linked and the previous store copied, so both overlap. A
   document that fails is reported and left out; the others are built, and the result
   says which failed.
3. **Corpus outputs by streaming.** ``graph.ttl``/``graph.jsonld`` are merged from the
   documents' sorted N-Triples parts; the Oxigraph store (``store/``) is loaded part by
   part; ``report.json`` gathers the documents' entries.
4. **Atomic as a whole.** Everything is written into a staging directory beside
   ``build/`` and swapped in at the end (`marxkg.outdir`): a killed or failed build leaves
   the previous build complete; outputs of removed documents disappear and are listed;
   the previous build is deleted in the background (`marxkg.outdir.discard`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from marxkg import __version__, outdir, paths
from marxkg.build_doc import (
    PART_BLOCKS,
    PART_EVIDENCE,
    PART_FIGURES,
    PART_GRAPH,
    PART_PAGES,
    PART_REPORT,
    PART_STAMP,
    PART_WORDS,
    STATE,
    DocTask,
)
from marxkg.corpus_io import document_dirs, document_input_files, input_files
from marxkg.ontology import ontology_hash
from marxkg.vocab import DEFAULT_BASE

log = logging.getLogger(__name__)

# Files of a build that are not byte-identical between equal builds (RocksDB internals).
NOT_COMPARED = (paths.BUILD_FILES["store"] + "/",)
#: The build options a document's outputs depend on (the others shape the corpus outputs)
DOCUMENT_OPTIONS = ("segmenter",)


class BuildError(RuntimeError):
    """The build could not complete (message ready for an ``error:`` line)."""


@dataclass
class BuildResult:
    out: Path
    written: list[Path] = field(default_factory=list)  # every output of the new build
    skipped: bool = False
    seconds: float = 0.0
    report: dict = field(default_factory=dict)  # report.json with a summary per document
    rebuilt: list[str] = field(default_factory=list)  # documents rendered in this run
    reused: list[str] = field(default_factory=list)  # documents linked from the last build
    failed: dict[str, str] = field(default_factory=dict)  # doc id -> error message
    removed: list[str] = field(default_factory=list)  # outputs of the previous build gone
    leftovers: list[Path] = field(default_factory=list)  # killed builds' directories removed
    store_patches: int = 0  # builds that patched the store since it was compacted


ProgressFn = Callable[[str], None]
TickFn = Callable[[int, int, str], None]


def _code_hash() -> str:
    h = hashlib.sha256()
    for p in sorted(paths.PACKAGE_DIR.rglob("*")):
        if p.is_file() and p.suffix in (".py", ".rq", ".html", ".js", ".css", ".j2"):
            h.update(str(p.relative_to(paths.PACKAGE_DIR)).encode() + p.read_bytes())
    return h.hexdigest()


def shared_stamp(ontology: Path, base: str, options: dict) -> str:
    """What every document's outputs depend on besides its own files: of the options, the
    segmenter only (a document's outputs and state are the same with or without the pages,
    so turning the pages on or off renders no document again)."""
    h = hashlib.sha256()
    doc_options = {k: v for k, v in options.items() if k in DOCUMENT_OPTIONS}
    h.update(
        json.dumps({"version": __version__, "base": base, **doc_options}, sort_keys=True).encode()
    )
    h.update(ontology_hash(ontology).encode())
    h.update(_code_hash().encode())
    return h.hexdigest()


def document_stamp(shared: str, doc_dir: Path) -> str:
    h = hashlib.sha256(shared.encode())
    for p in document_input_files(doc_dir):
        h.update(p.name.encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()


def compute_stamp(
    corpus: Path, ontology: Path, base: str, options: dict, shared: str | None = None
) -> str:
    h = hashlib.sha256()
    h.update((shared or shared_stamp(ontology, base, options)).encode())
    h.update(json.dumps(options, sort_keys=True).encode())  # the corpus outputs: pages too
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


# --- the build ---------------------------------------------------------------------------


def _reusable(old: Path, doc_id: str, stamp: str) -> list[str] | None:
    """The previous build's files of a document whose stamp is unchanged (else None)."""
    try:
        rec = json.loads((old / STATE / doc_id / PART_STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if rec.get("stamp") != stamp:
        return None
    state = [
        f"{STATE}/{doc_id}/{n}"
        for n in (
            PART_GRAPH,
            *PART_BLOCKS,
            PART_REPORT,
            PART_EVIDENCE,
            PART_FIGURES,
            PART_PAGES,
            PART_WORDS,
            PART_STAMP,
        )
    ]
    files = list(rec.get("outputs", [])) + state
    root = os.fspath(old)
    if not all(os.path.isfile(os.path.join(root, f)) for f in files):
        return None
    return files


def default_jobs() -> int:
    return (
        len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    )


OPEN_FILES = 65_536  # the soft limit on open files a build asks for, within the hard one


def allow_open_files(wanted: int = OPEN_FILES) -> int:
    """Raise this process's soft limit on open files toward its hard limit, and return
    it: besides its merges (`marxkg.graph.merge.merged_files`, an eighth of the limit) a build
    keeps the store's table files open (RocksDB), more of them as the corpus grows; with
    macOS's default of 256, a build of 300 fixture documents failed ("Too many open
    files"). The hard limit is the system's; it is never raised."""
    try:
        import resource
    except ImportError:  # pragma: no cover - not a POSIX system
        return -1
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY:
        return soft
    for target in (wanted, 10_240, 4_096):  # macOS refuses more than its OPEN_MAX, 10,240
        if hard != resource.RLIM_INFINITY:
            target = min(target, hard)
        if target <= soft:
            return soft
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
        except (ValueError, OSError):
            continue
        log.debug("open files: soft limit %d -> %d", soft, target)
        return target
    return soft


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
    compact: bool = False,
) -> BuildResult:
    """Build every output for the corpus; skip all work when nothing changed.

    ``jobs`` worker processes (default: every core; 1 renders in this process);
    ``scheduler`` a Dask distributed address (``tcp://host:8786``) to render on instead;
    ``pages`` false leaves out the HTML pages (which hold every document in memory);
    ``tick(done, total, doc_id)`` is called as documents finish; ``compact`` compacts
    the store even if this build patches it, or if it was patched before and nothing
    changed (`marxkg.build_store`)."""
    t0 = time.perf_counter()
    allow_open_files()
    corpus = Path(corpus or paths.corpus_dir())
    ontology = Path(ontology or paths.ontology_dir())
    out = Path(out or paths.build_dir())
    outdir.check_target(out)
    options = {"segmenter": segmenter, "pages": pages}
    result = BuildResult(out)
    with outdir.BuildLock(out):
        result.leftovers = outdir.recover(out)
        shared = shared_stamp(ontology, base, options)
        stamp = compute_stamp(corpus, ontology, base, options, shared)
        from marxkg.nlp.segmenters import cache_identity  # the segmenter's cache is an input

        cache = cache_identity(segmenter)
        from marxkg.store import store_patches

        if not force and _up_to_date(out, stamp, cache) and not (compact and store_patches(out)):
            result.skipped = True
            result.seconds = time.perf_counter() - t0
            return result
        stage = outdir.stage_dir(out)
        shutil.rmtree(stage, ignore_errors=True)
        stage.mkdir(parents=True)
        try:
            after, before = _build_into(
                stage,
                corpus,
                ontology,
                out,
                base,
                shared,
                stamp,
                options,
                force,
                jobs,
                scheduler,
                progress,
                tick,
                result,
                compact,
            )
            result.removed = sorted(r for r in before - after if _public(r))
            outdir.swap_in(stage, out)
            result.written = sorted(out / r for r in after if _public(r))
        except BaseException as exc:
            shutil.rmtree(stage, ignore_errors=True)
            if isinstance(exc, OSError) and outdir.is_disk_full(exc):
                raise BuildError(
                    f"{out}: no space left on the device while building "
                    f"({exc.filename or exc}); the previous build is kept"
                ) from exc
            raise
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
    shared: str,
    stamp: str,
    options: dict,
    force: bool,
    jobs: int | None,
    scheduler: str | None,
    progress: ProgressFn | None,
    tick: TickFn | None,
    result: BuildResult,
    compact: bool,
) -> tuple[set[str], set[str]]:
    """Build into ``stage``; return every file it holds and every file ``out`` holds (the
    previous build's, listed while the documents render), as relative paths."""
    say = progress or (lambda _m: None)
    dirs = document_dirs(corpus)
    tasks: list[DocTask] = []
    linked: list[str] = []  # the previous build's files of unchanged documents
    for d in dirs:
        doc_stamp = document_stamp(shared, d)
        reuse = None if force else _reusable(out, d.name, doc_stamp)
        if reuse is not None:
            linked.extend(reuse)
            result.reused.append(d.name)
        else:
            tasks.append(DocTask(str(d), doc_stamp, str(ontology), base, segmenter_of(options)))
    if result.reused:
        say(f"{len(result.reused)} document(s) unchanged, {len(tasks)} to build")
    from marxkg.build_corpus import write_corpus_outputs
    from marxkg.build_run import Rendering
    from marxkg.build_store import StageStore
    from marxkg.ontology import load_ontology
    from marxkg.rdf.namespaces import Iris

    # the workers start first; the unchanged documents are linked and the store copied
    # while they render
    rendering = Rendering(
        tasks, stage, jobs, scheduler, tick, len(dirs), len(result.reused), bool(linked)
    )
    store = None
    try:
        outdir.link_files(out, stage, linked)
        store = StageStore(stage, base, out, set(result.reused), compact)
        # read while the workers render (a single changed document's render is otherwise
        # waited for with nothing to do); the corpus step needs it
        onto = load_ontology(ontology, Iris(base))
        before = outdir.listing(out)  # not written to before the swap (the build's lock)
        for status in rendering:
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
        if store is not None:
            store.close()
        raise
    finally:
        rendering.close()

    say("corpus outputs: graph, store, report" + (", pages" if options["pages"] else ""))
    result.report = write_corpus_outputs(
        stage, built, ontology, base, stamp, segmenter_of(options), options["pages"], store, onto
    )
    result.store_patches = store.patched_builds
    from marxkg.nlp.segmenters import cache_identity

    files = outdir.listing(stage)
    (stage / paths.BUILD_FILES["stamp"]).write_text(
        json.dumps(
            {
                "stamp": stamp,
                "base": base,
                "documents": built,
                "failed": sorted(result.failed),
                "segmenter_cache": cache_identity(segmenter_of(options)),
                "outputs": sorted(r for r in files if _public(r)),
            },
            indent=1,
        )
        + "\n",
        encoding="utf-8",
    )
    return files | {paths.BUILD_FILES["stamp"]}, before


def segmenter_of(options: dict) -> str:
    return str(options["segmenter"])
