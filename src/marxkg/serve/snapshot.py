"""What the endpoint serves: a checkpoint of the build's own store, taken at start-up.

The build writes ``build/store/`` (`marxkg.store`): the graph of ``graph.ttl`` in the
default graph, each document's token layer in the named graph
``<base>graph/tokens/<doc-id>``. ``marxkg serve`` no longer parses any Turtle: it opens
that store read-only and takes a RocksDB checkpoint of it (``Store.backup``) into its own
temporary directory. On the same file system the checkpoint hard-links the store's
immutable table files and copies only its small manifest, so it takes well under a second
whatever the size of the build; elsewhere RocksDB copies the files.

Why a checkpoint and not ``--location build/store`` itself:

- nothing of the build is ever opened by the server process, so nothing can be written
  there (RocksDB's read-only mode writes nothing either, but a supervisor restart would
  otherwise reopen whatever ``build/store`` is at that moment);
- a rebuild swaps ``build/`` for a new directory and deletes the old one. The checkpoint's
  hard links keep the served files alive, so the endpoint goes on answering from the
  build it started with (restarts included) until it is stopped; the next ``marxkg
  serve`` serves the new build;
- the build directory is pinned by a file descriptor (Linux: ``/proc/self/fd/N``) while
  the stamp is read and the checkpoint taken, so a swap in the middle cannot mix two
  builds' files.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from marxkg import paths

log = logging.getLogger(__name__)


class StoreError(ValueError):
    """The build has no store the endpoint can serve (missing, unreadable, another layout)."""


@dataclass(frozen=True)
class ServedStore:
    """The checkpoint being served and what it holds."""

    build: Path  # the build directory it was taken from
    location: Path  # the checkpoint (a RocksDB directory of our own)
    base: str
    token_graphs: tuple[str, ...]  # the named graphs: <base>graph/tokens/<doc-id>
    doc_ids: tuple[str, ...]


@contextlib.contextmanager
def pinned(directory: Path) -> Iterator[Path]:
    """A path to ``directory`` that keeps naming the same directory if it is renamed or
    swapped meanwhile (``/proc/self/fd/N`` on Linux; the path itself elsewhere)."""
    proc = Path("/proc/self/fd")
    if not proc.is_dir():
        yield directory
        return
    try:
        fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        yield directory  # open_build says what is wrong
        return
    try:
        yield proc / str(fd)
    finally:
        os.close(fd)


def checkpoint_build(out: Path, target: Path, base: str | None = None) -> ServedStore:
    """Check ``out``'s store and take a checkpoint of it into ``target`` (which must not
    exist). ``base``: the base IRI the caller expects (None: the build's own).

    Raises :class:`StoreError` with a message for the user when there is nothing to serve.
    """
    from marxkg.store import BuildMissing, open_build

    out = Path(out)
    with pinned(out) as here:
        try:
            reader = open_build(here)
        except BuildMissing as exc:  # the message names the pinned path: name `out`
            raise StoreError(str(exc).replace(str(here), str(out))) from None
        if not reader.base:
            raise StoreError(
                f"{out}: the build has no stamp with a base IRI (made by another "
                "version of marxkg?): rebuild it with `marxkg build --force`"
            )
        if base is not None and base != reader.base:
            raise StoreError(
                f"{out} was built with --base {reader.base}, not {base}: "
                "give the build's base, or leave --base out"
            )
        token_graphs = check_graphs(out, reader)
        try:
            reader.store.backup(str(target))
        except OSError as exc:  # e.g. hard links to another user's files refused
            log.warning("no checkpoint of %s (%s): copying it instead", out / "store", exc)
            copy_store(here / paths.BUILD_FILES["store"], Path(target), out)
        served = ServedStore(out, Path(target), reader.base, token_graphs, tuple(reader.doc_ids))
        del reader  # closes the build's store before the directory is unpinned
    return served


def copy_store(source: Path, target: Path, out: Path) -> None:
    """Copy the store's files (the fallback when RocksDB cannot take a checkpoint; the
    build never changes a finished store in place, and ``source`` is pinned)."""
    shutil.rmtree(target, ignore_errors=True)
    try:
        shutil.copytree(source, target, symlinks=False)
    except (OSError, shutil.Error) as exc:
        raise StoreError(
            f"{out / paths.BUILD_FILES['store']}: cannot take a checkpoint or a copy ({exc})"
        ) from exc


def check_graphs(out: Path, reader) -> tuple[str, ...]:
    """The store's named graphs, which must all be token layers of the build's documents
    (anything else: a store of another layout or version)."""
    from marxkg.store import graph_iri

    expected = {graph_iri(reader.base, "tokens", d): d for d in reader.doc_ids}
    found = sorted(g.value for g in reader.store.named_graphs())
    foreign = [g for g in found if g not in expected]
    if foreign:
        raise StoreError(
            f"{out / paths.BUILD_FILES['store']} holds graphs this version of marxkg does not "
            f"write ({len(foreign)}, e.g. <{foreign[0]}>): rebuild it with `marxkg build --force`"
        )
    if not bool(reader.query("ASK { ?s ?p ?o }")):
        raise StoreError(
            f"{out / paths.BUILD_FILES['store']}: the store's default graph is empty "
            "(an interrupted or foreign build?): rebuild it with `marxkg build --force`"
        )
    return tuple(found)
