"""The corpus graph assembled from per-subject blocks serialised once per part.

Turtle (as Oxigraph writes it) and the flat JSON-LD of `marxkg.rdf.serialize` are, after
their header, one block per subject in the sorted N-Triples order, and a subject's block
depends only on that subject's triples. So each part of the graph (a document's
``graph.nt``, the ontology, the build's provenance) is serialised once, where it is made
(in the worker that renders the document), into its blocks: ``<part>.ttlb`` (Turtle),
``<part>.jsonb`` (JSON-LD node texts) and ``<part>.idx`` (one line per subject: its key
and the lengths of its N-Triples lines and of its two blocks).

`assemble` then writes ``graph.ttl`` and ``graph.jsonld`` by merging the parts' indexes:
a subject found in one part only is copied from that part's blocks; a subject stated by
several parts (a document's IRI, also named by the provenance; an edition's volume cited
by several papers) is serialised afresh from the union of its lines. The bytes equal
those of the in-memory writers (`serialize.turtle_of_ntriples`/`jsonld_of_ntriples`)
over the union of the parts (tested), so a
build that reuses the blocks of unchanged documents writes the same files as a full one.
Memory: one subject's lines at a time, plus a buffered reader per part.
"""

from __future__ import annotations

import io
import json
import os
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, NamedTuple

import pyoxigraph as ox

from marxkg.rdf.namespaces import PREFIXES

SUFFIX_IDX, SUFFIX_TTL, SUFFIX_JSONLD = ".idx", ".ttlb", ".jsonb"
BLOCK_SUFFIXES = (SUFFIX_IDX, SUFFIX_TTL, SUFFIX_JSONLD)


class BlockError(ValueError):
    """A serialisation could not be cut into one block per subject."""


def subject_key(line: bytes) -> bytes:
    """The sort key of a subject: its N-Triples form and the space after it (so that the
    order of subjects is the order of their lines)."""
    return line[: line.index(b" ") + 1]


def _groups(nt: bytes) -> list[tuple[bytes, list[bytes]]]:
    groups: list[tuple[bytes, list[bytes]]] = []
    for line in nt.splitlines(keepends=True):
        if not line.strip():
            continue
        key = subject_key(line)
        if groups and groups[-1][0] == key:
            groups[-1][1].append(line)
        else:
            groups.append((key, [line]))
    return groups


def _turtle(nt: bytes) -> bytes:
    triples = ox.parse(io.BytesIO(nt), format=ox.RdfFormat.N_TRIPLES)
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES) or b""


def turtle_header() -> bytes:
    """The ``@prefix`` lines Oxigraph writes before the first triple."""
    ttl = _turtle(b"<urn:x> <urn:x> <urn:x> .\n")
    return ttl[: ttl.index(b"<urn:x>")]


def _turtle_blocks(nt: bytes, count: int) -> list[bytes]:
    body = _turtle(nt)
    header = turtle_header()
    if not body.startswith(header):
        raise BlockError("the Turtle header differs")
    body = body[len(header) :]
    starts = [0] + [i + 1 for i in range(len(body) - 1) if body[i] == 10 and body[i + 1] != 9]
    if len(starts) != count:
        raise BlockError(f"{len(starts)} Turtle statements for {count} subjects")
    return [body[a:b] for a, b in zip(starts, starts[1:] + [len(body)], strict=True)]


def _jsonld_blocks(nt: bytes, keys: list[bytes]) -> list[bytes]:
    from marxkg.graph.merge import _nodes

    nodes = _nodes(nt) if nt else []
    if len(nodes) != len(keys):
        raise BlockError(f"{len(nodes)} JSON-LD nodes for {len(keys)} subjects")
    out = []
    for node, key in zip(nodes, keys, strict=True):
        ident = str(node.get("@id", ""))
        if key not in ((f"<{ident}> ").encode(), (ident + " ").encode()):
            raise BlockError(f"JSON-LD node {ident} out of order")
        text = json.dumps(node, ensure_ascii=False, indent=1, sort_keys=True)
        out.append(text.replace("\n", "\n  ").encode("utf-8"))
    return out


def blocks_of(nt: bytes) -> list[tuple[bytes, list[bytes], bytes, bytes]]:
    """``(key, lines, turtle block, JSON-LD block)`` per subject of sorted N-Triples."""
    groups = _groups(nt)
    if not groups:
        return []
    keys = [k for k, _ in groups]
    try:
        ttl = _turtle_blocks(nt, len(groups))
        js = _jsonld_blocks(nt, keys)
    except BlockError:  # not cut where expected: one serialisation per subject (slower)
        ttl, js = [], []
        for key, lines in groups:
            ttl += _turtle_blocks(b"".join(lines), 1)
            js += _jsonld_blocks(b"".join(lines), [key])
    return [(k, lines, t, j) for (k, lines), t, j in zip(groups, ttl, js, strict=True)]


def dumps_part_blocks(nt: bytes) -> tuple[bytes, bytes, bytes]:
    """A part's index, Turtle blocks and JSON-LD blocks (the three state files)."""
    idx, ttl, js = [], [], []
    for key, lines, t, j in blocks_of(nt):
        nt_len = sum(len(line) for line in lines)
        idx.append(b"%s\t%d\t%d\t%d\t%d\n" % (key[:-1], len(lines), nt_len, len(t), len(j)))
        ttl.append(t)
        js.append(j)
    return b"".join(idx), b"".join(ttl), b"".join(js)


def write_part_blocks(nt_path: Path, chunk_lines: int | None = None) -> None:
    """Write the block files beside a part's ``.nt`` file. With ``chunk_lines``, the part
    is serialised a chunk of subjects at a time (cut where a subject begins, after at
    least that many lines), for parts that hold only IRIs and literals (the blocks of a
    subject do not depend on the other subjects then; a blank node may be serialised
    with the subject that refers to it, so such a part is serialised whole)."""
    if chunk_lines is None:
        idx, ttl, js = dumps_part_blocks(nt_path.read_bytes())
        for suffix, data in ((SUFFIX_IDX, idx), (SUFFIX_TTL, ttl), (SUFFIX_JSONLD, js)):
            nt_path.with_suffix(suffix).write_bytes(data)
        return
    suffixes = (SUFFIX_IDX, SUFFIX_TTL, SUFFIX_JSONLD)
    with ExitStack() as stack:
        outs = [stack.enter_context(open(nt_path.with_suffix(s), "wb")) for s in suffixes]
        for chunk in _subject_chunks(nt_path, chunk_lines):
            for out, data in zip(outs, dumps_part_blocks(chunk), strict=True):
                out.write(data)


def _subject_chunks(nt_path: Path, chunk_lines: int) -> Iterator[bytes]:
    """Sorted N-Triples in chunks of whole subjects, each of at least ``chunk_lines``
    lines (but the last)."""
    chunk: list[bytes] = []
    with open(nt_path, "rb") as fh:
        for line in fh:
            # subject and predicate hold no space: the third field is the object
            if line.startswith(b"_:") or line.split(b" ", 2)[2].startswith(b"_:"):
                raise BlockError(f"{nt_path}: a blank node in a part serialised in chunks")
            if len(chunk) >= chunk_lines and subject_key(line) != subject_key(chunk[-1]):
                yield b"".join(chunk)
                chunk = []
            chunk.append(line)
    if chunk:
        yield b"".join(chunk)


class Entry(NamedTuple):
    key: bytes
    part: int
    triples: int
    nt_off: int
    nt_len: int
    ttl_off: int
    ttl_len: int
    js_off: int
    js_len: int


def _entries(fh: IO[bytes], part: int) -> Iterator[Entry]:
    nt_off = ttl_off = js_off = 0
    for line in fh:
        key, n, a, b, c = line.rstrip(b"\n").split(b"\t")
        entry = Entry(key + b" ", part, int(n), nt_off, int(a), ttl_off, int(b), js_off, int(c))
        nt_off, ttl_off, js_off = nt_off + int(a), ttl_off + int(b), js_off + int(c)
        yield entry


def _dump_entry(e: Entry) -> bytes:
    """An entry as a line of a merge's run (`_load_entries`); a key holds no tab."""
    return b"\t".join([e.key[:-1], *(b"%d" % n for n in e[1:])]) + b"\n"


def _load_entries(fh: IO[bytes]) -> Iterator[Entry]:
    for line in fh:
        key, *numbers = line.rstrip(b"\n").split(b"\t")
        part, n, nt_off, nt_len, ttl_off, ttl_len, js_off, js_len = (int(x) for x in numbers)
        yield Entry(key + b" ", part, n, nt_off, nt_len, ttl_off, ttl_len, js_off, js_len)


def _read(path: Path, off: int, length: int) -> bytes:
    with open(path, "rb") as fh:
        fh.seek(off)
        return fh.read(length)


KEEP_OPEN = 32  # part files the assembly keeps open for reading (the last used)


class _Reader:
    """Byte ranges of the parts' files, up to `KEEP_OPEN` of them kept open (the last
    used): one ``open`` per read was 13,000 opens in the assembly of 1,000 fixture papers
    (a shared subject's block is read from every part that states it)."""

    def __init__(self) -> None:
        self._fds: OrderedDict[Path, int] = OrderedDict()

    def read(self, path: Path, off: int, length: int) -> bytes:
        fd = self._fds.pop(path, None)
        if fd is None:
            if len(self._fds) >= KEEP_OPEN:
                os.close(self._fds.popitem(last=False)[1])
            fd = os.open(path, os.O_RDONLY)
        self._fds[path] = fd
        chunks = []
        while length > 0:
            chunk = os.pread(fd, length, off)
            if not chunk:  # the end of the file
                break
            chunks.append(chunk)
            off, length = off + len(chunk), length - len(chunk)
        return b"".join(chunks)

    def close(self) -> None:
        for fd in self._fds.values():
            os.close(fd)
        self._fds.clear()


@dataclass
class Assembled:
    triples: int = 0
    watched: dict[bytes, list[Entry]] = field(default_factory=dict)


class _Writer:
    """Copies runs of consecutive blocks of one part with one read each."""

    def __init__(self, ttl: IO[bytes], js: IO[bytes], parts: list[Path], reader: _Reader) -> None:
        self.ttl, self.js, self.parts, self.reader = ttl, js, parts, reader
        self.run: list[Entry] = []
        self.first = True  # no JSON-LD node written yet
        self.header = turtle_header()  # written before the first block (none if empty)

    def turtle(self, data: bytes) -> None:
        if self.header:
            self.ttl.write(self.header)
            self.header = b""
        self.ttl.write(data)

    def add(self, e: Entry) -> None:
        last = self.run[-1] if self.run else None
        if last and (last.part != e.part or last.ttl_off + last.ttl_len != e.ttl_off):
            self.flush()
        self.run.append(e)

    def flush(self) -> None:
        if not self.run:
            return
        a, b = self.run[0], self.run[-1]
        nt = self.parts[a.part]
        read = self.reader.read
        self.turtle(read(nt.with_suffix(SUFFIX_TTL), a.ttl_off, b.ttl_off + b.ttl_len - a.ttl_off))
        data = read(nt.with_suffix(SUFFIX_JSONLD), a.js_off, b.js_off + b.js_len - a.js_off)
        pos = 0
        for e in self.run:
            self.node(data[pos : pos + e.js_len])
            pos += e.js_len
        self.run = []

    def node(self, text: bytes) -> None:
        self.js.write((b"\n  " if self.first else b",\n  ") + text)
        self.first = False

    def fresh(self, lines: list[bytes]) -> None:
        self.flush()
        ((_key, _lines, t, j),) = blocks_of(b"".join(lines))
        self.turtle(t)
        self.node(j)


def jsonld_head() -> bytes:
    context = json.dumps(dict(PREFIXES), ensure_ascii=False, indent=1, sort_keys=True)
    return ('{\n "@context": ' + context.replace("\n", "\n ") + ',\n "@graph": [').encode()


def assemble(
    parts: list[Path], ttl_target: Path, jsonld_target: Path, watch: set[bytes] | None = None
) -> Assembled:
    """Write the union of the parts (``.nt`` paths with their block files) as Turtle and
    JSON-LD; return the number of triples and, for every subject key in ``watch``, the
    index entries of the parts that state it."""
    result = Assembled()
    watch = watch or set()
    from marxkg.graph.merge import merged_files

    with ExitStack() as stack:
        ttl = stack.enter_context(open(ttl_target, "wb"))
        js = stack.enter_context(open(jsonld_target, "wb"))
        js.write(jsonld_head())
        reader = _Reader()
        stack.callback(reader.close)
        out = _Writer(ttl, js, parts, reader)
        idx = [p.with_suffix(SUFFIX_IDX) for p in parts]
        merged = stack.enter_context(merged_files(idx, _entries, _dump_entry, _load_entries))
        for group in _grouped(merged):
            if group[0].key in watch:
                result.watched[group[0].key] = list(group)
            if len(group) == 1:
                out.add(group[0])
                result.triples += group[0].triples
            else:
                lines = sorted(
                    {
                        line
                        for e in group
                        for line in reader.read(parts[e.part], e.nt_off, e.nt_len).splitlines(True)
                    }
                )
                out.fresh(lines)
                result.triples += len(lines)
        out.flush()
        js.write(b"\n ]\n}\n" if not out.first else b"]\n}\n")
    return result


def _grouped(entries: Iterator[Entry]) -> Iterator[list[Entry]]:
    group: list[Entry] = []
    for e in entries:
        if group and group[0].key != e.key:
            yield group
            group = []
        group.append(e)
    if group:
        yield group


def read_lines(part: Path, entries: list[Entry]) -> list[bytes]:
    """The N-Triples lines of the given index entries of one part."""
    return [
        line for e in entries for line in _read(part, e.nt_off, e.nt_len).splitlines(keepends=True)
    ]
