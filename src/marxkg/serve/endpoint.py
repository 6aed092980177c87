"""The endpoint's life cycle: bind, checkpoint, start Oxigraph, check named queries, serve.

``Endpoint(config).start()`` does everything before the first request is answered: it
binds the public port (so a busy port fails at once), takes a checkpoint of the build's
store (``build/store``, `marxkg.serve.snapshot`: hard links, no parsing) into a temporary
directory, starts ``oxigraph serve-read-only`` on it on a private loopback port, starts
the guard's parser processes and checks every named query, attaches the front, and
starts the supervisor thread that restarts a dead Oxigraph. ``stop()`` undoes all of it;
it is safe to call twice. The temporary directory is removed on every exit path that runs
Python; one left by a process killed with SIGKILL is removed by the next ``marxkg serve``
(each directory names the process that owns it).
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Self

from marxkg import paths

if TYPE_CHECKING:
    from marxkg.serve.backend import OxigraphProcess
    from marxkg.serve.checker import QueryChecker
    from marxkg.serve.front import _Server
    from marxkg.serve.snapshot import ServedStore

log = logging.getLogger(__name__)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
DEFAULT_TIMEOUT = 10
DEFAULT_MAX_ROWS = 10_000
DEFAULT_MAX_BYTES = 64 * 1024 * 1024
MIN_GUARD_SECONDS = 5  # the guard's parse gets the query timeout, but at least this
TMP_PREFIX = "marxkg-serve-"
OWNER_FILE = "owner.pid"


@dataclass
class ServeConfig:
    out: Path
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    with_tokens: bool = False
    timeout: int = DEFAULT_TIMEOUT
    max_rows: int = DEFAULT_MAX_ROWS
    max_bytes: int = DEFAULT_MAX_BYTES
    workers: int = 2
    max_concurrent: int = 8
    base: str | None = None  # None: the build's own (its stamp); else it must match
    oxigraph: str | None = None
    allow_hosts: tuple[str, ...] = ()
    max_memory_mb: int | None = None  # None: backend.DEFAULT_MAX_MEMORY_MB; 0: no cap


def named_queries(directory: Path = paths.QUERIES_DIR) -> dict[str, str]:
    """The named queries shipped in the package (``queries/*.rq``), by name, as sent.

    With the query library (``marxkg.query``) the texts are prepared as ``marxkg query``
    sends them (missing project prefixes declared, default parameters bound), so checking
    them here caches exactly the texts that will arrive; without it, the files as they are.
    """
    directory = Path(directory)
    if not directory.is_dir():
        return {}
    try:
        from marxkg.query.library import load_library
        from marxkg.query.runner import prepare

        return {name: prepare(q) for name, q in sorted(load_library(directory).items())}
    except ImportError:
        pass
    except Exception as exc:  # noqa: BLE001 - a broken .rq must not stop the endpoint
        log.warning("named queries could not be prepared (%s); checking the files as they are", exc)
    return {p.stem: p.read_text("utf-8") for p in sorted(directory.glob("*.rq"))}


def token_named_queries(directory: Path = paths.QUERIES_DIR) -> frozenset[str]:
    """Names of the shipped named queries that need the token layer (``# requires:
    tokens``)."""
    try:
        from marxkg.query.library import load_library

        return frozenset(n for n, q in load_library(Path(directory)).items() if q.needs_tokens)
    except ImportError:
        texts = {p.stem: p.read_text("utf-8") for p in sorted(Path(directory).glob("*.rq"))}
        return frozenset(n for n, text in texts.items() if "# requires: tokens" in text)
    except Exception:  # noqa: BLE001 - as named_queries: a broken .rq must not stop serve
        return frozenset()


def graph_only_texts(directory: Path = paths.QUERIES_DIR) -> frozenset[str]:
    """The named queries that need no token layer, as the guard passes them on (its
    normalised text): with --with-tokens they are still evaluated on the build's graph."""
    from marxkg.serve.guard import Refusal, normalise

    tokens = token_named_queries(directory)
    texts = set()
    for name, text in named_queries(directory).items():
        if name not in tokens:
            try:
                texts.add(normalise(text))
            except Refusal:  # refused anyway when it arrives
                continue
    return frozenset(texts)


def is_loopback(host: str) -> bool:
    return host in ("127.0.0.1", "localhost", "::1") or host.startswith("127.")


WILDCARDS = ("0.0.0.0", "::", "")


def allowed_host_names(bind: str, allow_hosts: tuple[str, ...] = ()) -> frozenset[str]:
    """The names a request's ``Host`` header may carry (without port), lower case.

    Loopback names are always allowed; a specific bound address is allowed as itself; a
    wildcard bind (``0.0.0.0``, ``::``) answers other machines only under the names given
    with ``--allow-host`` (so a DNS-rebinding page cannot use an attacker's name)."""
    from marxkg.serve.front import LOOPBACK_NAMES

    names = {n.strip().lower().strip("[]") for n in allow_hosts if n.strip()}
    for name in names:
        if not name or any(c in name for c in "/@:?#* ") and not _is_ipv6(name):
            raise ValueError(
                f"--allow-host {name!r}: give a host name or an address, "
                "without scheme, port or wildcard"
            )
    if bind in WILDCARDS and not names:
        raise ValueError(
            f"--host {bind or '(all)'} answers other machines: name the host "
            "names they use with --allow-host NAME (repeatable); the Host "
            "check is never switched off"
        )
    if bind not in WILDCARDS and not is_loopback(bind):
        names.add(bind.lower().strip("[]"))
    return frozenset(names | {n.strip("[]") for n in LOOPBACK_NAMES})


def _is_ipv6(name: str) -> bool:
    import ipaddress

    try:
        return ipaddress.ip_address(name).version == 6
    except ValueError:
        return False


def remove_stale_stores(tmp: Path | None = None) -> list[Path]:
    """Remove ``marxkg-serve-*`` directories whose owning process is gone; return them."""
    tmp = Path(tmp or tempfile.gettempdir())
    removed = []
    for path in sorted(tmp.glob(TMP_PREFIX + "*")):
        try:
            if not path.is_dir() or path.is_symlink() or path.stat().st_uid != os.getuid():
                continue
            owner = int((path / OWNER_FILE).read_text("ascii").strip())
        except (OSError, ValueError):
            continue
        if owner != os.getpid() and not _pid_alive(owner):
            shutil.rmtree(path, ignore_errors=True)
            log.info("removed %s, left by process %d", path, owner)
            removed.append(path)
    return removed


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class Endpoint:
    """A running endpoint (a context manager): ``with Endpoint(cfg).start() as ep: ...``."""

    def __init__(self, config: ServeConfig) -> None:
        from marxkg.store import store_dir

        self.config = config
        if not store_dir(config.out).is_dir():  # fail before anything starts
            raise FileNotFoundError(
                f"{store_dir(config.out)}: not built yet, no store to serve (run `marxkg build`, "
                "or give --out DIR of a build)"
            )
        self.served: ServedStore | None = None
        self.graphs: tuple[str, ...] = ()  # the named graphs (token layers), once started
        self.tmpdir: Path | None = None
        self.oxigraph: OxigraphProcess | None = None
        self.checker: QueryChecker | None = None
        self.server: _Server | None = None
        self.oxigraph_version = ""
        self.refused_named: dict[str, str] = {}
        self.graph_only_texts: frozenset[str] = frozenset()  # named queries without tokens
        self.failed = False
        self._stopped = threading.Event()

    @property
    def port(self) -> int:
        return self.server.server_address[1] if self.server else self.config.port

    @property
    def url(self) -> str:
        host = self.config.host
        host = f"[{host}]" if ":" in host else host
        from marxkg.serve.front import ENDPOINT_PATH

        return f"http://{host}:{self.port}{ENDPOINT_PATH}"

    def start(self) -> Endpoint:
        from marxkg.serve.backend import (
            DEFAULT_MAX_MEMORY_MB,
            OxigraphProcess,
            check_version,
            find_oxigraph,
        )
        from marxkg.serve.checker import QueryChecker
        from marxkg.serve.front import FrontSettings, make_server
        from marxkg.serve.snapshot import checkpoint_build

        cfg = self.config
        host_names = allowed_host_names(cfg.host, cfg.allow_hosts)
        binary = find_oxigraph(cfg.oxigraph)
        self.oxigraph_version = check_version(binary)
        try:
            server = self.server = make_server(cfg.host, cfg.port)
            remove_stale_stores()
            self.tmpdir = Path(tempfile.mkdtemp(prefix=TMP_PREFIX))
            (self.tmpdir / OWNER_FILE).write_text(f"{os.getpid()}\n", "ascii")
            served = self.served = checkpoint_build(cfg.out, self.tmpdir / "store", cfg.base)
            self.graphs = served.token_graphs
            # the guard's workers import their parsers while Oxigraph starts
            checker = self.checker = QueryChecker(
                self.graphs, workers=cfg.workers, timeout=max(cfg.timeout, MIN_GUARD_SECONDS)
            )
            memory = DEFAULT_MAX_MEMORY_MB if cfg.max_memory_mb is None else cfg.max_memory_mb
            engine = self.oxigraph = OxigraphProcess(
                binary,
                served.location,
                cfg.timeout,
                self.tmpdir / "oxigraph.log",
                memory,
            )
            engine.start()
            if engine.port is None:
                raise RuntimeError("the Oxigraph process started without a port")
            checker.warm_up()
            self.graph_only_texts = graph_only_texts()
            server.handler_class.settings = FrontSettings(
                checker=checker,
                upstream_port=engine.port,
                upstream_host=engine.host,
                allowed_graphs=frozenset(self.graphs),
                union_default_graph=cfg.with_tokens,
                graph_only_texts=self.graph_only_texts,
                timeout=cfg.timeout,
                max_rows=cfg.max_rows,
                max_bytes=cfg.max_bytes,
                max_concurrent=cfg.max_concurrent,
                allowed_hosts=host_names,
                engine=engine,
            )
            threading.Thread(target=self._supervise, name="marxkg-supervisor", daemon=True).start()
            # the verdict cache is filled with the named queries while the endpoint answers
            # (one arriving before its turn is checked on demand, with the same verdict)
            threading.Thread(
                target=self._check_named_queries, name="marxkg-named", daemon=True
            ).start()
            server.handler_class.site_dir = cfg.out  # the query page's site (serve.page)
        except BaseException:
            self.stop()
            raise
        return self

    def _supervise(self) -> None:
        if self.oxigraph is not None and not self.oxigraph.supervise(self._stopped):
            self.failed = True
            self.shutdown()

    def _check_named_queries(self) -> dict[str, str]:
        """Check (and so cache) every shipped named query (in the background, leaving a
        guard worker free); log those the guard refuses (and keep them in ``refused_named``)."""
        from concurrent.futures import ThreadPoolExecutor

        from marxkg.serve.guard import Refusal, Verdict

        refused = self.refused_named
        if self.checker is None:
            return refused
        checker = self.checker

        def check(text: str) -> Verdict | Refusal:
            try:
                return checker.check(text)
            except Refusal as exc:
                return exc

        queries = named_queries()
        # one guard worker is left free for the clients' queries meanwhile
        threads = max(1, self.config.workers - 1)
        with ThreadPoolExecutor(threads, thread_name_prefix="marxkg-check") as pool:
            verdicts = dict(zip(queries, pool.map(check, queries.values()), strict=True))
        for name, verdict in verdicts.items():
            if isinstance(verdict, Refusal) and not self._stopped.is_set():
                refused[name] = verdict.message
                log.warning("named query %s is refused by the guard: %s", name, verdict.message)
        return refused

    def serve_forever(self) -> None:
        if self.server is None:
            raise RuntimeError("the endpoint is not started")
        self.server.serve_forever(poll_interval=0.2)

    def stop(self) -> None:
        if self._stopped.is_set():
            return
        self._stopped.set()
        if self.server is not None:
            self.server.server_close()
        if self.checker is not None:
            self.checker.close()
        if self.oxigraph is not None:
            self.oxigraph.stop()
        if self.tmpdir is not None:
            shutil.rmtree(self.tmpdir, ignore_errors=True)

    def shutdown(self) -> None:
        """Stop ``serve_forever`` from another thread."""
        if self.server is not None:
            self.server.shutdown()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
