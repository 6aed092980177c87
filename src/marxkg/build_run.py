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
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from marxkg.build import TickFn, default_jobs
from marxkg.build_doc import DocTask, render_to_stage, write_payload

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


def run_tasks(
    tasks: list[DocTask],
    stage: Path,
    jobs: int | None,
    scheduler: str | None,
    tick: TickFn | None,
    total: int,
    done: int,
) -> Iterator[dict[str, Any]]:
    if not tasks:
        return
    runner = (
        _dask
        if scheduler
        else (_inline if (jobs or default_jobs()) <= 1 or len(tasks) == 1 else _pool)
    )
    for status in runner(tasks, stage, jobs or default_jobs(), scheduler):
        done += 1
        if tick:
            tick(done, total, status["doc_id"])
        yield status


def _inline(
    tasks: list[DocTask], stage: Path, jobs: int, scheduler: str | None
) -> Iterator[dict[str, Any]]:
    for task in tasks:
        yield render_to_stage(task, str(stage))


def _pool(
    tasks: list[DocTask], stage: Path, jobs: int, scheduler: str | None
) -> Iterator[dict[str, Any]]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    ctx = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(
        max_workers=min(jobs, len(tasks)),
        mp_context=ctx,
        initializer=_die_with_parent,
        initargs=(os.getpid(),),
    ) as pool:
        futures = [pool.submit(render_to_stage, t, str(stage)) for t in tasks]
        try:
            for f in as_completed(futures):
                yield f.result()
        except BaseException:
            for f in futures:
                f.cancel()
            raise


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
