"""Run the query guard in worker processes, with a cache of verdicts.

rdflib's SPARQL parser (pyparsing) is slow (about 5-30 ms for a short query, seconds for
a long one) and not thread-safe. Parsing in the HTTP threads would mean one lock, and one
long query text would then hold every other request. Instead a few worker processes each
own a parser: a request takes an idle worker, sends the text and waits at most the query
timeout; a worker that overruns is killed and replaced. Verdicts are cached by query text
(a named query asked again costs a dictionary look-up), and the cache can be filled at
start-up with the named queries shipped in the package.

Each worker installs the network sandbox (:mod:`marxkg.serve.sandbox`) before it reads
its first query: the guard runs Oxigraph's parser (pyoxigraph) on every text, and
pyoxigraph would perform a ``SERVICE`` call for an ``ASK`` it evaluates.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import queue
import threading
from collections import OrderedDict
from collections.abc import Iterable, Iterator

from marxkg.serve.guard import Refusal, Verdict

log = logging.getLogger(__name__)

CACHE_SIZE = 512
WARM_UP_QUERY = "ASK { ?s ?p ?o FILTER(?o != 1) }"


def _worker_main(conn, allowed: tuple[str, ...]) -> None:  # pragma: no cover - subprocess
    """Worker loop: receive a query text, send back ``("ok", Verdict)`` or a refusal."""
    import sys

    from marxkg.serve.guard import inspect_query
    from marxkg.serve.sandbox import NetworkSandbox

    sandbox = NetworkSandbox()
    unsafe = sandbox.supported and not sandbox.apply()
    # pyparsing recurses once per bracket level: the default limit (1000) stops at about
    # 20 nested parentheses; a crash here would only cost this worker process
    sys.setrecursionlimit(10_000)

    while True:
        try:
            text = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        if text is None:
            return
        reply: tuple[str, object]  # ("ok", Verdict) or ("refused", (status, code, message))
        try:
            if unsafe:
                raise Refusal(
                    500,
                    "guard_failed",
                    "the query checker could not take its "
                    "own network access away (seccomp); nothing is checked",
                )
            reply = ("ok", inspect_query(text, allowed))
        except Refusal as exc:
            reply = ("refused", exc.as_tuple())
        except Exception as exc:  # noqa: BLE001 - the guard answers whatever the parser does
            reply = ("refused", (400, "syntax", f"the query could not be checked: {exc!r}"))
        try:
            conn.send(reply)
        except (OSError, KeyboardInterrupt):
            return


_MAIN_LOCK = threading.Lock()


@contextlib.contextmanager
def _main_module_hidden() -> Iterator[None]:
    """Start a spawned worker without re-running ``__main__`` in it.

    ``spawn`` imports the parent's main module in the child (as ``__mp_main__``): for
    ``marxkg serve`` that is the whole command line (typer and every command's imports),
    seconds of CPU per worker before it reads its first query. The worker's target is a
    module-level function that needs nothing of ``__main__``, so the main module's
    ``__spec__`` and ``__file__`` are hidden while the child is started."""
    import sys

    main = sys.modules.get("__main__")
    if main is None:
        yield
        return
    with _MAIN_LOCK:
        missing = object()
        saved = {k: getattr(main, k, missing) for k in ("__spec__", "__file__")}
        try:
            main.__spec__ = None
            if saved["__file__"] is not missing:
                del main.__file__
            yield
        finally:
            for key, value in saved.items():
                if value is not missing:
                    setattr(main, key, value)


class _Worker:
    def __init__(self, ctx, allowed: tuple[str, ...], target=_worker_main) -> None:
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(
            target=target, args=(child, allowed), name="marxkg-guard", daemon=True
        )
        with _main_module_hidden():
            self.process.start()
        child.close()

    def stop(self, kill: bool = False) -> None:
        if not kill:
            try:
                self.conn.send(None)
            except OSError:
                pass
            self.process.join(1.0)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(1.0)
        self.conn.close()


class QueryChecker:
    """Thread-safe front of the guard: cache, idle-worker queue, per-check deadline."""

    def __init__(
        self,
        allowed_graphs: Iterable[str],
        workers: int = 2,
        timeout: float = 10.0,
        worker_target=_worker_main,
    ) -> None:
        """``worker_target(conn, allowed)`` is the worker loop (tests pass a stand-in)."""
        self.allowed = tuple(sorted(allowed_graphs))
        self._target = worker_target
        self.timeout = float(timeout)
        self._ctx = multiprocessing.get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: list[_Worker] = []
        self._cache: OrderedDict[str, tuple] = OrderedDict()
        self._lock = threading.Lock()
        self._closed = False
        for _ in range(max(1, workers)):
            self._add_worker()

    def _add_worker(self) -> None:
        worker = _Worker(self._ctx, self.allowed, self._target)
        with self._lock:
            self._all.append(worker)
        self._idle.put(worker)

    def _replace(self, worker: _Worker) -> None:
        with self._lock:
            if worker in self._all:
                self._all.remove(worker)
        worker.stop(kill=True)
        if not self._closed:
            self._add_worker()

    def warm_up(self) -> None:
        """Make every worker parse once (pyparsing's first parse is the slowest)."""
        workers = []
        try:
            for _ in range(len(self._all)):
                workers.append(self._idle.get(timeout=60))
            for worker in workers:
                worker.conn.send(WARM_UP_QUERY)
            for worker in workers:
                if worker.conn.poll(60):
                    worker.conn.recv()
        finally:
            for worker in workers:
                self._idle.put(worker)

    def cached(self, text: str) -> tuple | None:
        with self._lock:
            hit = self._cache.get(text)
            if hit is not None:
                self._cache.move_to_end(text)
            return hit

    def _remember(self, text: str, reply: tuple) -> None:
        with self._lock:
            self._cache[text] = reply
            self._cache.move_to_end(text)
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)

    def check(self, text: str) -> Verdict:
        """The verdict for ``text``; raises :class:`Refusal` for anything not evaluated."""
        reply = self.cached(text)
        if reply is None:
            reply = self._ask_worker(text)
            self._remember(text, reply)
        if reply[0] == "ok":
            return reply[1]
        raise Refusal(*reply[1])

    def _ask_worker(self, text: str) -> tuple:
        if self._closed:
            raise Refusal(503, "shutting_down", "the endpoint is shutting down")
        try:
            worker = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            raise Refusal(503, "busy", "every query checker is busy; try again") from None
        healthy = False
        try:
            worker.conn.send(text)
            if not worker.conn.poll(self.timeout):
                log.warning(
                    "guard: parsing a %d-character query took over %.0f s; worker replaced",
                    len(text),
                    self.timeout,
                )
                raise Refusal(
                    400,
                    "too_complex",
                    f"the query could not be checked within {self.timeout:g} s "
                    "(rdflib's parser is slow on long queries: shorten it)",
                )
            reply = worker.conn.recv()
            healthy = True
            return reply
        except (EOFError, OSError) as exc:
            raise Refusal(500, "guard_failed", f"the query checker failed: {exc!r}") from None
        finally:
            if healthy:
                self._idle.put(worker)
            else:
                self._replace(worker)

    def close(self) -> None:
        self._closed = True
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            worker.stop()
