"""``store/`` of a build, filled as the build goes, patched when few documents changed.

- Each document's token layer goes into its named graph as the documents are rendered,
  in bulk loads of about `LOAD_BATCH_BYTES` (one paper, or dozens of small documents); in
  a store made afresh, its part of the default graph too (a triple stated by several parts
  is stored once), so that only the build's own parts (ontology, provenance, links) and
  the last gathered documents are left for the end. The loads run in a thread of their own
  (Oxigraph's bulk loader works without Python's lock): beside the rendering when the
  build renders in its own process (``--jobs 1``), and, for the documents that finished
  last, beside the writing of ``graph.ttl``, instead of holding the build up.
- When documents are reused from the previous build, the previous store is copied by a
  RocksDB checkpoint (hard links): the token graphs of unchanged documents stay, those of
  changed and removed documents are dropped.
- The default graph (what ``graph.ttl`` holds) is then *patched* when fewer documents
  changed than were reused: the triples of the changed parts' old versions (changed and
  removed documents, the ontology, the provenance, the cross-document links) that no part
  of the new build still states are removed, and the new versions of those parts added.
  Whether an unchanged document still states a triple is read from the index the
  assembly of ``graph.ttl`` gives (`marxkg.graph.blocks.assemble`: the parts stating
  each watched subject), so no unchanged document is read beyond those subjects. When more
  documents changed than were reused, or the previous build's parts are missing, the
  default graph is cleared and loaded from all the parts (as in a full build).
- A patched store answers more slowly: each patch leaves table files and deletions that
  every later lookup passes through (on 1,000 fixture papers after four one-paper
  rebuilds the named queries took 1.28–1.68× as long as on a compacted store). A store
  loaded whole is compacted; a patched one when `STORE_PATCH_LIMIT` builds have patched
  it since, or when the build is asked to (``marxkg build --compact``, also on an
  otherwise up-to-date build). Compacting 1,000 fixture papers took 2.0 s; the count is
  kept in the store's directory (`marxkg.store.PATCHES_FILE`), which the build outputs'
  comparisons leave out.
"""

from __future__ import annotations

import gzip
import json
import logging
import queue
import shutil
import threading
from pathlib import Path
from typing import IO, Any

from marxkg import paths
from marxkg.build_doc import CORPUS_PARTS, PART_GRAPH, STATE
from marxkg.graph.blocks import Assembled, read_lines, subject_key
from marxkg.store import PATCHES_FILE, graph_iri, read_stamp, store_patches

log = logging.getLogger(__name__)

BATCH_FILE = "store-batch.nq"  # in the staging directory's state, while documents gather
STORE_CHUNK = 50_000  # triples per bulk load of the default graph (bounds its memory)
# N-Quads gathered from documents before a bulk load: each load leaves RocksDB table files
# that it keeps open until the final compaction (1,000 fixture documents loaded one by
# one: 4,038 open files, beyond many systems' limit; in loads of 8 MB, 48). A paper's
# token layer is ~32 MB, so papers still go one at a time. The bulk loader holds a load's
# quads in memory: loads of 32 MB raised the 1,000-fixture build's peak from 199 to 347 MB
LOAD_BATCH_BYTES = 8 * 2**20
# builds that may patch the store before one compacts it: at 1,000 fixture papers a
# compaction (2.0 s) every 8 one-paper rebuilds (3.3 s each) adds 0.25 s to each, and
# the queries slow down by no more than 8 patches make them
STORE_PATCH_LIMIT = 8


def _lines(path: Path) -> set[bytes]:
    return {line for line in path.read_bytes().splitlines(keepends=True) if line.strip()}


class StageStore:
    """The staging directory's store (see the module's docstring)."""

    def __init__(
        self, stage: Path, base: str, previous: Path, reused: set[str], compact: bool = False
    ) -> None:
        import pyoxigraph as ox

        self.stage, self.base, self.previous = stage, base, previous
        self.compact = compact  # compact even a patched store
        self.patched_builds = 0  # after `finish`: builds that patched it since compacted
        target = stage / paths.BUILD_FILES["store"]
        old = previous / paths.BUILD_FILES["store"]
        self.keep: set[str] = set()
        self.old_docs: list[str] = []
        self.removals: set[bytes] = set()
        self.additions: list[Path] = []
        self.patching = False
        self.loaded: set[str] = set()  # documents whose token layer is in the store
        # N-Quads gathered for the next bulk load, in a file (Oxigraph reads a path without
        # Python's lock, and no copy of them is held in memory)
        self._batch_path = stage / STATE / BATCH_FILE
        self._batch: IO[bytes] | None = None
        self._batch_docs: list[str] = []
        # the documents waiting for the loader thread (None: no more), and its error
        self._pending: queue.SimpleQueue[str | None] = queue.SimpleQueue()
        self._loader: threading.Thread | None = None
        self._failure: BaseException | None = None
        self._closing = False  # a build that failed: the documents still waiting are skipped
        if reused and old.is_dir():
            try:
                ox.Store.read_only(str(old)).backup(str(target))
                self.keep = set(reused)
            except OSError as exc:
                log.info("store: no checkpoint of %s (%s); loading every document", old, exc)
                shutil.rmtree(target, ignore_errors=True)
        self.store: Any = ox.Store(str(target))
        # a new store: the documents' graph parts go into the default graph as they come
        self.incremental_default = not self.keep
        if self.keep:  # drop the token graphs of changed/removed documents
            self.old_docs = list(read_stamp(previous).get("documents", []))
            for doc_id in self.old_docs:
                if doc_id not in self.keep:
                    self.store.remove_graph(ox.NamedNode(graph_iri(base, "tokens", doc_id)))

    def add_document(self, doc_id: str) -> None:
        """Take a freshly rendered document: its token layer (and, in a new store, its
        graph part) is gathered by the loader thread, and what has gathered is loaded once
        it passes `LOAD_BATCH_BYTES`; the rest is loaded by `finish`, beside the assembly
        of ``graph.ttl``. A failed load is raised here (at the next document) or by
        `finish`."""
        if self._failure is not None:
            raise self._failure
        if self._loader is None:
            self._loader = threading.Thread(target=self._load_pending, name="store-loader")
            self._loader.start()
        self._pending.put(doc_id)

    def _load_pending(self) -> None:
        try:
            while (doc_id := self._pending.get()) is not None:
                if not self._closing:
                    self._take(doc_id)
        except BaseException as exc:  # noqa: BLE001 - handed to the build's thread
            self._failure = exc

    def _drain(self) -> None:
        """Wait for the loader thread to take every document given (and end)."""
        if self._loader is not None:
            self._pending.put(None)
            self._loader.join()
            self._loader = None

    def _take(self, doc_id: str) -> None:
        self._gather(doc_id)
        if self._batch is not None and self._batch.tell() >= LOAD_BATCH_BYTES:
            self._load_batch()

    def _gather(self, doc_id: str) -> None:
        """A document's N-Quads, decompressed into the batch file a buffer at a time, and
        in a new store its graph part (N-Triples are N-Quads of the default graph)."""
        if self._batch is None:
            self._batch = open(self._batch_path, "wb")
        with gzip.open(self.stage / doc_id / paths.DOC_FILES["tokens_nq"], "rb") as src:
            shutil.copyfileobj(src, self._batch, 1 << 20)
        if self.incremental_default:
            with open(self.stage / STATE / doc_id / PART_GRAPH, "rb") as src:
                shutil.copyfileobj(src, self._batch, 1 << 20)
        self._batch_docs.append(doc_id)

    def _load_batch(self) -> None:
        import pyoxigraph as ox

        if self._batch is not None:
            self._batch.close()
            self._batch = None
            self.store.bulk_load(path=str(self._batch_path), format=ox.RdfFormat.N_QUADS)
            self._batch_path.unlink()
        self.loaded.update(self._batch_docs)
        self._batch_docs = []

    def plan(self, built: list[str]) -> set[bytes]:
        """Decide between patching and reloading the default graph; when patching, return
        the subjects whose triples may have to go (to be watched by the assembly)."""
        if not self.keep:
            return set()
        changed = [d for d in built if d not in self.keep]
        gone = [d for d in self.old_docs if d not in self.keep]
        old_state = self.previous / STATE
        old_parts = [old_state / n for n in CORPUS_PARTS] + [
            old_state / d / PART_GRAPH for d in gone
        ]
        if len(set(changed) | set(gone)) > len(self.keep) or not all(
            p.is_file() for p in old_parts
        ):
            return set()
        new_state = self.stage / STATE
        self.additions = [new_state / n for n in CORPUS_PARTS] + [
            new_state / d / PART_GRAPH for d in changed
        ]
        old: set[bytes] = set()
        for p in old_parts:
            old |= _lines(p)
        for p in self.additions:
            old -= _lines(p)
        self.removals, self.patching = old, True
        return {subject_key(line) for line in old}

    def finish(self, built: list[str], parts: list[Path], assembled: Assembled | None) -> None:
        """Patch or load the default graph (``parts``: the corpus parts then the documents'
        parts, in ``built`` order), declare the graphs, compact, close. Unless patching
        (`plan` said so), this needs nothing of the assembly (``assembled`` may be None)
        and may run in another thread while ``graph.ttl`` and the pages are written."""
        import pyoxigraph as ox

        try:
            self._drain()
            if self._failure is not None:
                raise self._failure
            for doc_id in built:  # reused, but not in the previous store (no checkpoint)
                if not (doc_id in self.keep or doc_id in self.loaded or doc_id in self._batch_docs):
                    self._take(doc_id)
            self._load_batch()
            if self.patching:
                if assembled is None:
                    raise ValueError("patching the store needs the assembly's watched subjects")
                self._patch(built, parts, assembled)
            elif self.incremental_default:  # the documents' parts are in: the build's own
                self._load_all(parts[: len(parts) - len(built)])
            else:
                self.store.clear_graph(ox.DefaultGraph())
                self._load_all(parts)
            # the bulk loader does not always record graph names: declare every one
            for doc_id in built:
                self.store.add_graph(ox.NamedNode(graph_iri(self.base, "tokens", doc_id)))
            patched = store_patches(self.previous) + 1 if self.patching else 0
            if patched == 0 or self.compact or patched >= STORE_PATCH_LIMIT:
                self.store.optimize()
                patched = 0
            self.store.flush()
            self.patched_builds = patched
            (self.stage / paths.BUILD_FILES["store"] / PATCHES_FILE).write_text(
                json.dumps({"patched_builds": patched}) + "\n"
            )
        finally:
            self.close()

    def _patch(self, built: list[str], parts: list[Path], assembled: Assembled) -> None:
        import pyoxigraph as ox

        first = len(parts) - len(built)
        unchanged = {first + i for i, d in enumerate(built) if d in self.keep}
        still: set[bytes] = set()
        for entries in assembled.watched.values():
            for e in entries:
                if e.part in unchanged:
                    still.update(read_lines(parts[e.part], [e]))
        gone = sorted(self.removals - still)
        if gone:
            for t in ox.parse(b"".join(gone), format=ox.RdfFormat.N_TRIPLES):
                self.store.remove(ox.Quad(t.subject, t.predicate, t.object))
        for p in self.additions:
            self.store.load(path=str(p), format=ox.RdfFormat.N_TRIPLES)
        log.info(
            "store: default graph patched (-%d triples, %d parts added)",
            len(gone),
            len(self.additions),
        )

    def _load_all(self, parts: list[Path]) -> None:
        """The graph goes in chunks: Oxigraph's bulk loader holds a whole call's input in
        memory (a 346k-triple ``graph.ttl`` in one call took 300 MB)."""
        import pyoxigraph as ox

        from marxkg.graph.merge import merged_lines

        chunk: list[bytes] = []
        for line in merged_lines(parts):
            chunk.append(line)
            if len(chunk) >= STORE_CHUNK:
                self.store.bulk_load(b"".join(chunk), format=ox.RdfFormat.N_TRIPLES)
                chunk = []
        if chunk:
            self.store.bulk_load(b"".join(chunk), format=ox.RdfFormat.N_TRIPLES)

    def close(self) -> None:
        self._closing = True
        self._drain()  # a load under way ends first (the store is not closed under it)
        if self._batch is not None:  # a build that failed while documents gathered
            self._batch.close()
            self._batch = None
        self.store = None
