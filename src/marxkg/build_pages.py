"""The HTML pages of a build, written from the documents' parts in the staging directory
with memory that does not grow with the number of documents.

Each document's page objects (`Document`, `Annotations`) are in its ``pages.pickle``
(written by the worker that rendered it). `DocShelf` hands them to the pages one at a
time, read when asked for and dropped when the next is read; the graph the pages read is
`marxkg.pipeline.page_graph` (the shared nodes plus each document's English layer and
notes' texts). The pages go over the documents a dozen times (each corpus page once or
twice, 14 reads of each document in all): reading a fixture paper's pickle takes ~0.2 ms,
and the shipped paper's ~4 ms (its English document, which no corpus page reads, is not
in the pickle: it made a read 11–14 ms), instead of holding every document.
"""

from __future__ import annotations

import gc
import pickle
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, overload

from marxkg.model import Annotations, Document
from marxkg.rdf.namespaces import Iris

if TYPE_CHECKING:
    from marxkg.html.graphdata import EnglishLayer


class DocShelf(Sequence[Document]):
    """The documents of ``paths`` (each a ``pages.pickle``: document, annotations), in
    order, read when asked for: one document and its annotations are held at a time.
    ``heads`` (doc id, title) and ``annotations`` (a mapping doc id -> `Annotations`,
    served from the same read) are what `marxkg.html.site` needs besides."""

    def __init__(self, paths: Sequence[Path]) -> None:
        self._paths = list(paths)
        self._held: tuple[int, Document, Annotations | None] | None = None
        self.heads: list[tuple[str, str]] = []
        for k in range(len(self._paths)):
            doc = self[k]
            self.heads.append((doc.doc_id, doc.front.title or doc.doc_id))
        self._position = {doc_id: k for k, (doc_id, _) in enumerate(self.heads)}
        self.annotations = ShelfAnnotations(self)

    def _read(self, k: int) -> tuple[Document, Annotations | None]:
        if self._held is None or self._held[0] != k:
            self._held = None  # drop the held document before reading the next
            data = self._paths[k].read_bytes()
            # the collector paused while the objects are made: none of them is garbage, and
            # its passes over them took a third of a read
            was_enabled = gc.isenabled()
            gc.disable()
            try:
                doc, ann = pickle.loads(data)
            finally:
                if was_enabled:
                    gc.enable()
            self._held = (k, doc, ann)
        return self._held[1], self._held[2]

    def __len__(self) -> int:
        return len(self._paths)

    @overload
    def __getitem__(self, k: int) -> Document: ...

    @overload
    def __getitem__(self, k: slice) -> Sequence[Document]: ...

    def __getitem__(self, k: int | slice) -> Document | Sequence[Document]:
        if isinstance(k, slice):
            return [self[i] for i in range(*k.indices(len(self)))]
        if k < 0:
            k += len(self)
        if not 0 <= k < len(self):
            raise IndexError(k)
        return self._read(k)[0]

    def __iter__(self) -> Iterator[Document]:
        for k in range(len(self)):
            yield self[k]

    def annotations_of(self, doc_id: str) -> Annotations | None:
        return self._read(self._position[doc_id])[1]


class ShelfAnnotations(Mapping[str, Any]):
    """doc id -> `Annotations` of a `DocShelf` (read with the document)."""

    def __init__(self, shelf: DocShelf) -> None:
        self._shelf = shelf

    def __getitem__(self, doc_id: str) -> Any:
        if doc_id not in self._shelf._position:
            raise KeyError(doc_id)
        return self._shelf.annotations_of(doc_id)

    def __iter__(self) -> Iterator[str]:
        return (doc_id for doc_id, _ in self._shelf.heads)

    def __len__(self) -> int:
        return len(self._shelf)


def iter_build_pages(
    pickles: Sequence[Path], parts: list[Path], onto: Any, iris: Iris
) -> Iterator[tuple[str, bytes]]:
    """The pages of the documents whose ``pages.pickle`` are ``pickles`` (in corpus order)
    and the graph parts ``parts`` (the build's own, then the documents' in the order of
    ``pickles``): ``(path relative to build/, bytes)``, one at a time; the same bytes as
    `marxkg.pipeline.iter_pages` over the documents held in memory. The graph holds what
    the documents share; each document's English layer is read from its own part, one
    document at a time (`english_of_documents`)."""
    from marxkg.pipeline import iter_pages, page_graph

    doc_parts = parts[len(parts) - len(pickles) :]
    for pickle_path, part in zip(pickles, doc_parts, strict=True):
        if pickle_path.parent != part.parent:
            raise ValueError(f"{part} is not the graph part of {pickle_path.parent.name}")
    g = page_graph(parts, iris, own=False)
    shelf = DocShelf(pickles)
    english = english_of_documents(shelf, doc_parts, iris)
    yield from iter_pages(shelf, shelf.annotations, g, onto, iris, english)


def english_of_documents(
    shelf: Sequence[Document], doc_parts: Sequence[Path], iris: Iris
) -> EnglishLayer:
    """The documents' `EnglishLayer`, each read from its own graph part into a graph of its
    own, dropped before the next (held together, 100 translated papers took 600 MB)."""
    from marxkg.html.graphdata import EnglishLayer, english_of
    from marxkg.pipeline import own_graph

    layer = EnglishLayer()
    for k, part in enumerate(doc_parts):
        layer.update(english_of(own_graph(part, iris), [shelf[k]], iris))
    return layer


def write_build_pages(
    stage: Path, pickles: Sequence[Path], parts: list[Path], onto: Any, iris: Iris
) -> None:
    for rel, data in iter_build_pages(pickles, parts, onto, iris):
        target = stage / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
