"""The corpus graph's parts: sorted N-Triples files merged by streaming, never all in memory.

Each document's part of the graph (and the ontology, and the build's provenance) is a
sorted, duplicate-free N-Triples file (`canonical_ntriples`). `merged_lines` merges them
(``heapq.merge``, equal lines dropped), which is exactly the order
`marxkg.rdf.serialize.sorted_ntriples` gives for the union graph. `graph.ttl` and
`graph.jsonld` are assembled from per-subject blocks of the parts (`marxkg.graph.blocks`),
byte-equal to the in-memory writers (`serialize.turtle_of_ntriples`,
`serialize.jsonld_of_ntriples`) over the merged lines (tested).
"""

from __future__ import annotations

import heapq
import io
import json
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox


def canonical_ntriples(g: Any) -> bytes:
    """An rdflib graph as sorted unique N-Triples in Oxigraph's canonical form (language
    tags lower-cased, as Oxigraph writes them), so that equal triples from different parts
    give equal lines and merge into one."""
    data: bytes = g.serialize(format="nt", encoding="utf-8")
    nt = (
        ox.serialize(
            ox.parse(io.BytesIO(data), format=ox.RdfFormat.N_TRIPLES), format=ox.RdfFormat.N_TRIPLES
        )
        or b""
    )
    lines = sorted({line for line in nt.split(b"\n") if line.strip()})
    return b"\n".join(lines) + b"\n" if lines else b""


def _lines(fh: IO[bytes]) -> Iterator[bytes]:
    for line in fh:
        if line.strip():
            yield line if line.endswith(b"\n") else line + b"\n"


MAX_OPEN = 64  # files a merge may always hold open (macOS allows 256 a process by default)
MAX_FAN_IN = 4_096  # files a merge holds open at most, however high the limit


def default_fan_in() -> int:
    """How many files a merge holds open at once: an eighth of this process's soft limit on
    open files (a build may run two merges at once beside the store's table files, and
    raises its limit: `marxkg.build.allow_open_files`), at least `MAX_OPEN`, at most
    `MAX_FAN_IN`. One level of merging instead of two saved 0.22 of the 0.37 s that the
    assembly of 1,000 fixture papers spent merging their indexes."""
    try:
        import resource

        soft, _hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    except (ImportError, OSError, ValueError):  # pragma: no cover - not a POSIX system
        return MAX_OPEN
    if soft == resource.RLIM_INFINITY:
        return MAX_FAN_IN
    return max(MAX_OPEN, min(soft // 8, MAX_FAN_IN))


@contextmanager
def merged_files(
    paths: Sequence[Path],
    items: Callable[[IO[bytes], int], Iterator[Any]],
    dump: Callable[[Any], bytes],
    load: Callable[[IO[bytes]], Iterator[Any]],
    fan_in: int | None = None,
) -> Iterator[Iterator[Any]]:
    """``heapq.merge`` of the sorted items of ``paths`` (``items(file, index)``) with at
    most ``fan_in`` files open: beyond that, groups of files are first merged into
    temporary runs beside the first path (``dump`` writes an item as a line, ``load``
    reads a run back), as many levels as needed; the order is the same (a merge of merges
    of a total order). A build of 300 documents with one file open per document failed
    under a limit of 256 open files ("Too many open files"). ``fan_in`` defaults to
    `default_fan_in`."""
    fan_in = fan_in or default_fan_in()
    with ExitStack() as stack:
        level: list[Path] = list(paths)
        read: Callable[[IO[bytes], int], Iterator[Any]] = items
        if len(level) > fan_in:
            scratch = Path(
                stack.enter_context(
                    tempfile.TemporaryDirectory(prefix=".merge-", dir=paths[0].parent)
                )
            )
        while len(level) > fan_in:
            runs: list[Path] = []
            for start in range(0, len(level), fan_in):
                run = scratch / f"run-{len(runs)}-{len(level)}"
                with ExitStack() as group, open(run, "wb") as out:
                    files = [
                        group.enter_context(open(p, "rb")) for p in level[start : start + fan_in]
                    ]
                    merged = heapq.merge(*(read(f, start + i) for i, f in enumerate(files)))
                    out.writelines(dump(item) for item in merged)
                runs.append(run)
            level, read = runs, lambda fh, _i: load(fh)
        files = [stack.enter_context(open(p, "rb")) for p in level]
        yield heapq.merge(*(read(f, i) for i, f in enumerate(files)))


def merged_lines(parts: Iterable[Path]) -> Iterator[bytes]:
    """The union of sorted N-Triples files as sorted unique lines (streaming)."""
    with merged_files(list(parts), lambda f, _i: _lines(f), bytes, _lines) as merged:
        last = None
        for line in merged:
            if line != last:
                yield line
                last = line


def _nodes(nt: bytes) -> list[Any]:
    raw = (
        ox.serialize(
            ox.parse(io.BytesIO(nt), format=ox.RdfFormat.N_TRIPLES), format=ox.RdfFormat.JSON_LD
        )
        or b"[]"
    )
    data = json.loads(raw)
    if isinstance(data, dict):
        return data.get("@graph", [data])
    return data
