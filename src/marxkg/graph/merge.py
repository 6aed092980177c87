"""The corpus graph written by streaming: sorted N-Triples parts merged, never all in memory.

Each document's part of the graph (and the ontology, and the build's provenance) is a
sorted, duplicate-free N-Triples file. `merged_lines` merges them (``heapq.merge``, equal
lines dropped), which is exactly the order `marxkg.rdf.serialize.sorted_ntriples` gives
for the union graph; Oxigraph serialises that stream as Turtle, and JSON-LD is written one
batch of subjects at a time. The bytes equal those of the in-memory writers
(`to_turtle`, `to_jsonld`) for the same triples. The build assembles the same bytes from
per-subject blocks (`marxkg.graph.blocks`); these writers are the reference it is tested
against.
"""

from __future__ import annotations

import heapq
import io
import json
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox

from marxkg.rdf.namespaces import PREFIXES

BATCH_LINES = 20000


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


def merged_lines(parts: Iterable[Path]) -> Iterator[bytes]:
    """The union of sorted N-Triples files as sorted unique lines (streaming)."""
    with ExitStack() as stack:
        files = [stack.enter_context(open(p, "rb")) for p in parts]
        last = None
        for line in heapq.merge(*(_lines(f) for f in files)):
            if line != last:
                yield line
                last = line


class _LineReader(io.RawIOBase):
    """A binary file object over an iterator of lines (for Oxigraph's streaming parser)."""

    def __init__(self, lines: Iterator[bytes]) -> None:
        self._lines = lines
        self._buf = b""
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, b: Any) -> int:
        while not self._buf:
            try:
                self._buf = next(self._lines)
                self.count += 1
            except StopIteration:
                return 0
        n = min(len(b), len(self._buf))
        b[:n] = self._buf[:n]
        self._buf = self._buf[n:]
        return n


def write_turtle(parts: list[Path], target: Path) -> int:
    """Write the union of the parts as Turtle; return the number of triples."""
    reader = _LineReader(merged_lines(parts))
    triples = ox.parse(io.BufferedReader(reader, 1 << 16), format=ox.RdfFormat.N_TRIPLES)
    with open(target, "wb") as fh:
        ox.serialize(triples, fh, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
    return reader.count


def _subject(line: bytes) -> bytes:
    return line.split(b" ", 1)[0]


def _batches(lines: Iterator[bytes]) -> Iterator[bytes]:
    """Chunks of lines, cut only between subjects."""
    batch: list[bytes] = []
    for line in lines:
        if len(batch) >= BATCH_LINES and _subject(line) != _subject(batch[-1]):
            yield b"".join(batch)
            batch = []
        batch.append(line)
    if batch:
        yield b"".join(batch)


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


def write_jsonld(parts: list[Path], target: Path) -> None:
    """Write the union of the parts as JSON-LD, byte-equal to `serialize.to_jsonld`."""
    context = json.dumps(
        {k: v for k, v in PREFIXES.items()}, ensure_ascii=False, indent=1, sort_keys=True
    ).replace("\n", "\n ")
    first = True
    with open(target, "w", encoding="utf-8") as fh:
        fh.write('{\n "@context": ' + context + ',\n "@graph": [')
        for batch in _batches(merged_lines(parts)):
            for node in _nodes(batch):
                text = json.dumps(node, ensure_ascii=False, indent=1, sort_keys=True)
                fh.write(("\n  " if first else ",\n  ") + text.replace("\n", "\n  "))
                first = False
        fh.write("\n ]\n}\n" if not first else "]\n}\n")
