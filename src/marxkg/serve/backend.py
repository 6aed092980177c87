"""The Oxigraph server process: find the binary, run it read-only on a store, stop it.

The ``oxigraph`` binary comes from the PyPI package ``oxigraph`` (a dependency of marxkg,
the same release line as ``pyoxigraph``). The store is a checkpoint of the build's store
in a temporary directory (`marxkg.serve.snapshot`), served by
``oxigraph serve-read-only`` bound to a free port on a loopback address only, with
Oxigraph's own query timeout. Only the endpoint's front talks to that port. On Linux the
address is a random one of 127.0.0.0/8, so that a web page cannot find Oxigraph by
scanning 127.0.0.1's ports through the browser (DNS rebinding) and go round the guard.

The child cannot open outbound connections (a seccomp filter, :mod:`marxkg.serve.sandbox`:
a ``SERVICE`` the guard missed fails inside the engine) and its address space is capped
(``RLIMIT_AS``, ``--max-memory``). :meth:`OxigraphProcess.kill` ends a runaway
evaluation (the relay calls it at a 504, before the query's slot is freed) and
:meth:`OxigraphProcess.supervise` restarts a child that died, on the same address, with
an ``error`` log line saying why.
"""

from __future__ import annotations

import contextlib
import importlib.metadata
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

log = logging.getLogger(__name__)

READY_TIMEOUT = 30.0
DEFAULT_MAX_MEMORY_MB = 2048
RESTARTS_PER_MINUTE = 10


class BackendError(RuntimeError):
    """The Oxigraph binary is missing, of the wrong version, or failed."""


def find_oxigraph(explicit: str | os.PathLike | None = None) -> Path:
    """The ``oxigraph`` binary: explicit path, ``$MARXKG_OXIGRAPH``, the venv, the package."""
    candidates: list[Path] = []
    for given in (explicit, os.environ.get("MARXKG_OXIGRAPH")):
        if given:
            path = Path(given)
            if not path.is_file():
                raise BackendError(f"{path}: no such oxigraph binary")
            return path
    candidates.append(Path(sys.executable).parent / "oxigraph")
    try:
        dist = importlib.metadata.distribution("oxigraph")
        for f in dist.files or ():
            if f.name == "oxigraph" and "bin" in f.parts:
                candidates.append(Path(str(dist.locate_file(f))).resolve())
    except importlib.metadata.PackageNotFoundError:
        pass
    found = shutil.which("oxigraph")
    if found:
        candidates.append(Path(found))
    for path in candidates:
        if path.is_file() and os.access(path, os.X_OK):
            return path
    raise BackendError(
        "the oxigraph binary was not found: install marxkg's dependencies "
        "(pip install 'oxigraph>=0.5,<0.6') or set MARXKG_OXIGRAPH"
    )


def binary_version(binary: Path) -> str:
    out = subprocess.run(
        [str(binary), "--version"], capture_output=True, text=True, timeout=30, check=False
    )
    words = out.stdout.split()
    if out.returncode != 0 or len(words) < 2:
        raise BackendError(f"{binary} --version failed: {out.stderr.strip() or out.stdout}")
    return words[-1]


def check_version(binary: Path) -> str:
    """The binary's version; it must share major.minor with the installed pyoxigraph."""
    version = binary_version(binary)
    try:
        expected = importlib.metadata.version("pyoxigraph")
    except importlib.metadata.PackageNotFoundError:
        return version
    if version.split(".")[:2] != expected.split(".")[:2]:
        raise BackendError(
            f"{binary} is Oxigraph {version} but pyoxigraph is {expected}: "
            "install matching releases (pip install 'oxigraph>=0.5,<0.6')"
        )
    return version


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def private_loopback() -> str:
    """A random address of 127.0.0.0/8 that can be bound here (Linux), else 127.0.0.1."""
    import secrets

    host = "127.{}.{}.{}".format(*(1 + secrets.randbelow(254) for _ in range(3)))
    try:
        free_port(host)
    except OSError:
        return "127.0.0.1"
    return host


def _die_with_parent() -> None:  # pragma: no cover - runs in the child before exec
    """Linux: the child gets SIGTERM if the thread that started it dies (even SIGKILL)."""
    if sys.platform.startswith("linux"):
        import ctypes

        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def describe_exit(code: int | None) -> str:
    if code is None:
        return "still running"
    if code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit status {code}"


class OxigraphProcess:
    """``oxigraph serve-read-only`` on <loopback>:<free port>, started and stopped by us.

    Thread-safe: ``address()`` waits while the child is being restarted; ``kill()`` may be
    called from any request thread; ``start()`` and ``supervise()`` run in one long-lived
    thread (the child is tied to the thread that started it by ``PR_SET_PDEATHSIG``).
    """

    def __init__(
        self,
        binary: Path,
        location: Path,
        timeout: int,
        log_path: Path,
        max_memory_mb: int | None = DEFAULT_MAX_MEMORY_MB,
    ) -> None:
        from marxkg.serve.sandbox import NetworkSandbox

        self.binary = binary
        self.location = location
        self.timeout = int(timeout)
        self.log_path = log_path
        self.max_memory = (max_memory_mb or 0) * 1024 * 1024
        self.host = "127.0.0.1"
        self.port: int | None = None
        self.process: subprocess.Popen | None = None
        self.generation = 0
        self.restarts = 0
        self.closed = False
        self.sandbox = NetworkSandbox()
        self._cond = threading.Condition(threading.RLock())
        self._wake = threading.Event()

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process else None

    def alive(self) -> bool:
        proc = self.process
        return proc is not None and proc.poll() is None

    def _preexec(self) -> None:  # pragma: no cover - runs in the child before exec
        _die_with_parent()
        try:
            from marxkg.serve.sandbox import limit_memory

            limit_memory(self.max_memory)
        except (OSError, ValueError):
            os._exit(125)
        if self.sandbox.supported and not self.sandbox.apply():
            os._exit(126)

    def start(self, attempts: int = 3) -> None:
        with self._cond:
            keep = self.port is not None  # a restart: same address if it can be bound
            for attempt in range(1, attempts + 1):
                if not keep or attempt > 1:
                    self.host = private_loopback()
                    self.port = free_port(self.host)
                args = [
                    str(self.binary),
                    "serve-read-only",
                    "--location",
                    str(self.location),
                    "--bind",
                    f"{self.host}:{self.port}",
                    "--timeout-s",
                    str(self.timeout),
                ]
                env = {**os.environ, "MALLOC_ARENA_MAX": "2"}
                with open(self.log_path, "ab") as logf:
                    self.process = subprocess.Popen(
                        args,
                        stdin=subprocess.DEVNULL,
                        stdout=logf,
                        stderr=subprocess.STDOUT,
                        start_new_session=True,
                        preexec_fn=self._preexec,  # noqa: PLW1509
                        env=env,
                    )
                if self._wait_ready():
                    self.generation += 1
                    log.info(
                        "oxigraph %s serving on %s:%d (%s)",
                        self.pid,
                        self.host,
                        self.port,
                        "no outbound network"
                        if self.sandbox.supported
                        else "WARNING: outbound network not blocked on this platform",
                    )
                    self._cond.notify_all()
                    return
                code = self.process.poll()
                self._terminate()
                log.warning(
                    "oxigraph did not start (attempt %d, %s): %s",
                    attempt,
                    describe_exit(code),
                    self.log_tail(),
                )
            raise BackendError(f"oxigraph serve-read-only did not start: {self.log_tail()}")

    def address(self, wait: float) -> tuple[str, int, int]:
        """(host, port, generation) of the running child, waiting up to ``wait`` s for a
        restart to finish; raises :class:`BackendError` if none is running by then."""
        end = time.monotonic() + wait
        with self._cond:
            while not self.alive():
                left = end - time.monotonic()
                if left <= 0:
                    raise BackendError("the SPARQL engine is not running (being restarted)")
                self._wake.set()
                self._cond.wait(min(left, 0.2))
            return self.host, int(self.port or 0), self.generation

    def kill(self, reason: str, generation: int | None = None) -> None:
        """End the child now (SIGKILL, reaped before returning) and ask for a restart.

        With ``generation``, only the child that ran a given query is killed, never a
        fresh one started after it."""
        with self._cond:
            proc = self.process
            if proc is None or proc.poll() is not None:
                return
            if generation is not None and generation != self.generation:
                return
            log.error("oxigraph %d killed: %s", proc.pid, reason)
            proc.kill()
            proc.wait()
        self._wake.set()

    def supervise(self, stopping: threading.Event) -> bool:
        """Restart the child whenever it dies, until ``stopping`` is set (True) or it
        keeps dying (more than RESTARTS_PER_MINUTE restarts in a minute: False)."""
        recent: list[float] = []
        while not stopping.is_set():
            self._wake.wait(1.0)
            self._wake.clear()
            if stopping.is_set() or self.closed or self.alive():
                continue
            proc = self.process
            pid = proc.pid if proc else None
            code = proc.poll() if proc else None
            now = time.monotonic()
            recent = [t for t in recent if now - t < 60] + [now]
            if len(recent) > RESTARTS_PER_MINUTE:
                log.error(
                    "the Oxigraph process died %d times within a minute; giving up", len(recent)
                )
                return False
            log.error(
                "the Oxigraph process %s ended (%s); restarting it. Its log ends: %s",
                pid,
                describe_exit(code),
                self.log_tail()[-500:] or "(empty)",
            )
            try:
                self.start()
            except BackendError as exc:
                log.error("%s", exc)
                return False
            self.restarts += 1
        return True

    def _wait_ready(self) -> bool:
        url = f"http://{self.host}:{self.port}/query?query=ASK%7B%7D"
        end = time.monotonic() + READY_TIMEOUT
        while time.monotonic() < end:
            if self.process is None or self.process.poll() is not None:
                return False
            try:
                with urllib.request.urlopen(url, timeout=2) as resp:
                    if resp.status == 200:
                        return True
            except (urllib.error.URLError, OSError):
                time.sleep(0.05)
        return False

    def log_tail(self) -> str:
        try:
            return self.log_path.read_text("utf-8", "replace")[-2000:].strip()
        except OSError:
            return ""

    def stop(self, grace: float = 5.0) -> None:
        """Stop the child for good (the supervisor no longer restarts it)."""
        self.closed = True
        self._wake.set()
        self._terminate(grace)

    def _terminate(self, grace: float = 5.0) -> None:
        with self._cond:
            proc, self.process = self.process, None
        if proc is None or proc.poll() is not None:
            return
        proc.terminate()
        try:
            proc.wait(grace)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(grace)
