"""The Oxigraph server process: find the binary, load a store, run it read-only, stop it.

The ``oxigraph`` binary comes from the PyPI package ``oxigraph`` (a dependency of marxkg,
the same release line as ``pyoxigraph``). The store lives in a temporary directory; it is
loaded by ``oxigraph load`` before the server starts, then served by
``oxigraph serve-read-only`` bound to a free port on a loopback address only, with
Oxigraph's own query timeout. Only the endpoint's front talks to that port. On Linux the
address is a random one of 127.0.0.0/8, so that a web page cannot find Oxigraph by
scanning 127.0.0.1's ports through the browser (DNS rebinding) and go round the guard.
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
import time
import urllib.error
import urllib.request
from pathlib import Path

log = logging.getLogger(__name__)

READY_TIMEOUT = 30.0


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
                candidates.append(Path(dist.locate_file(f)).resolve())
    except importlib.metadata.PackageNotFoundError:
        pass
    found = shutil.which("oxigraph")
    if found:
        candidates.append(Path(found))
    for path in candidates:
        if path.is_file() and os.access(path, os.X_OK):
            return path
    raise BackendError("the oxigraph binary was not found: install marxkg's dependencies "
                       "(pip install 'oxigraph>=0.5,<0.6') or set MARXKG_OXIGRAPH")


def binary_version(binary: Path) -> str:
    out = subprocess.run([str(binary), "--version"], capture_output=True, text=True,
                         timeout=30, check=False)
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
        raise BackendError(f"{binary} is Oxigraph {version} but pyoxigraph is {expected}: "
                           "install matching releases (pip install 'oxigraph>=0.5,<0.6')")
    return version


def _run(args: list[str]) -> None:
    proc = subprocess.run(args, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise BackendError(f"{' '.join(args[:2])} failed ({proc.returncode}): "
                           f"{proc.stderr.strip()[-2000:]}")


def load_store(binary: Path, location: Path, graphs: dict[str, Path]) -> None:
    """Load every file into the default graph, and each file into its own named graph.

    The default graph is the set union of the files, so a triple stated in two files is
    matched once; the named graphs let ``FROM``/``GRAPH`` pick one file's triples. The
    store is then compacted (``oxigraph optimize``), which Oxigraph recommends before a
    read-heavy workload (here it cut the named queries' total time by about a third).
    """
    files = [str(p) for p in graphs.values()]
    _run([str(binary), "load", "--location", str(location), "--file", *files])
    for name, path in graphs.items():
        _run([str(binary), "load", "--location", str(location), "--file", str(path),
              "--graph", name])
    _run([str(binary), "optimize", "--location", str(location)])


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


class OxigraphProcess:
    """``oxigraph serve-read-only`` on <loopback>:<free port>, started and stopped by us."""

    def __init__(self, binary: Path, location: Path, timeout: int, log_path: Path) -> None:
        self.binary = binary
        self.location = location
        self.timeout = int(timeout)
        self.log_path = log_path
        self.host = "127.0.0.1"
        self.port: int | None = None
        self.process: subprocess.Popen | None = None

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process else None

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self, attempts: int = 3) -> None:
        for attempt in range(1, attempts + 1):
            self.host = private_loopback()
            self.port = free_port(self.host)
            args = [str(self.binary), "serve-read-only", "--location", str(self.location),
                    "--bind", f"{self.host}:{self.port}", "--timeout-s", str(self.timeout)]
            with open(self.log_path, "ab") as logf:
                self.process = subprocess.Popen(
                    args, stdin=subprocess.DEVNULL, stdout=logf, stderr=subprocess.STDOUT,
                    start_new_session=True, preexec_fn=_die_with_parent)  # noqa: PLW1509
            if self._wait_ready():
                log.info("oxigraph %s serving on %s:%d", self.pid, self.host, self.port)
                return
            self.stop()
            log.warning("oxigraph did not start (attempt %d): %s", attempt, self.log_tail())
        raise BackendError(f"oxigraph serve-read-only did not start: {self.log_tail()}")

    def _wait_ready(self) -> bool:
        url = f"http://{self.host}:{self.port}/query?query=ASK%7B%7D"
        end = time.monotonic() + READY_TIMEOUT
        while time.monotonic() < end:
            if not self.alive():
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
        proc, self.process = self.process, None
        if proc is None or proc.poll() is not None:
            return
        proc.terminate()
        try:
            proc.wait(grace)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(grace)
