"""Where documents are rendered: in this process, in a local process pool, or on Dask.

Every runner yields ``{"doc_id", "error"}`` per document as it finishes; the outputs are
in the staging directory by then (the Dask runner writes what the workers return, so
workers need no shared file system). The outputs do not depend on the runner or on the
order of completion.
"""

from __future__ import annotations

import ctypes
import logging
import os
import signal
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from marxkg.build import TickFn, default_jobs
from marxkg.build_doc import DocTask, render_to_stage, write_payload
from marxkg.corpus_io import document_input_files

log = logging.getLogger(__name__)

_PR_SET_PDEATHSIG = 1


def _die_with_parent(parent: int) -> None:
    """Worker initializer: on Linux, end this worker when the build process dies (so a
    killed build leaves no worker writing into its staging directory). If the build
    process died between the fork and this call, the worker ends at once. No library
    lookup here (``ctypes.util.find_library`` runs a subprocess, which a forked child of a
    threaded process must not): the process's own symbols hold ``prctl``."""
    try:
        ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:
        os._exit(1)


class Rendering:
    """The documents being rendered: started when made (a local pool's workers begin at
    once, so the build process can link the unchanged documents and copy the store
    meanwhile); iterate for ``{"doc_id", "error"}`` as they finish; `close` at the end
    (cancels what has not started, waits for the workers).

    Runner: ``scheduler`` given, Dask; one job, in this process (lazily, as iterated);
    else a local process pool, also for a single document when ``overlap`` says the build
    process has other work to do meanwhile. Tasks go largest first (the sum of their
    input files' sizes) so that no large document starts last while the other workers
    idle; the outputs do not depend on the order."""

    def __init__(
        self,
        tasks: list[DocTask],
        stage: Path,
        jobs: int | None,
        scheduler: str | None,
        tick: TickFn | None,
        total: int,
        done: int,
        overlap: bool = False,
    ) -> None:
        self.tick, self.total, self.done = tick, total, done
        self._close: Any = None
        jobs = jobs or default_jobs()
        if not tasks:
            self._results: Iterator[dict[str, Any]] = iter(())
        elif scheduler:
            self._results = _dask(tasks, stage, jobs, scheduler)
        elif jobs <= 1 or (len(tasks) == 1 and not overlap):
            self._results = _inline(tasks, stage)
        else:
            self._results, self._close = _pool(largest_first(tasks), stage, jobs)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        for status in self._results:
            self.done += 1
            if self.tick:
                self.tick(self.done, self.total, status["doc_id"])
            yield status

    def close(self) -> None:
        if self._close is not None:
            self._close()
            self._close = None


def largest_first(tasks: list[DocTask]) -> list[DocTask]:
    def size(task: DocTask) -> int:
        return sum(p.stat().st_size for p in document_input_files(Path(task.doc_dir)))

    return sorted(tasks, key=lambda t: (-size(t), t.doc_dir))


def _inline(tasks: list[DocTask], stage: Path) -> Iterator[dict[str, Any]]:
    for task in tasks:
        yield render_to_stage(task, str(stage))


def _pool(
    tasks: list[DocTask], stage: Path, jobs: int
) -> tuple[Iterator[dict[str, Any]], Callable[[], None]]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    ctx = multiprocessing.get_context("fork")  # every worker is forked at the first submit
    pool = ProcessPoolExecutor(
        max_workers=min(jobs, len(tasks)),
        mp_context=ctx,
        initializer=_die_with_parent,
        initargs=(os.getpid(),),
    )
    futures = [pool.submit(render_to_stage, t, str(stage)) for t in tasks]

    def results() -> Iterator[dict[str, Any]]:
        for f in as_completed(futures):
            yield f.result()

    def close() -> None:
        for f in futures:
            f.cancel()
        pool.shutdown(wait=True)

    return results(), close


def _dask(
    tasks: list[DocTask], stage: Path, jobs: int, scheduler: str | None
) -> Iterator[dict[str, Any]]:
    from marxkg.build_doc import render_packed, unpack

    try:
        from distributed import Client, as_completed
    except ImportError as exc:  # pragma: no cover - installed with marxkg
        raise RuntimeError("--scheduler needs the `distributed` package") from exc
    try:
        client = Client(scheduler, timeout="10s", set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise OSError(f"cannot reach the Dask scheduler {scheduler}: {exc}") from exc
    try:
        futures = client.map(render_packed, tasks, pure=False)
        for future in as_completed(futures, loop=client.loop):
            payload = unpack(future.result())
            future.release()
            write_payload(stage, payload)
            yield {"doc_id": payload["doc_id"], "error": payload.get("error")}
    finally:
        client.close()
