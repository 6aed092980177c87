"""The build's output directory as one unit: staged, then swapped in whole.

A build writes into a sibling staging directory (``.<name>.tmp-<pid>`` next to ``build/``)
and, when every output is complete, swaps it with ``build/``:

- on Linux the swap is one ``renameat2(RENAME_EXCHANGE)`` system call, so at every instant
  ``build/`` is either the complete previous build or the complete new one;
- elsewhere (or on a file system without the call) ``build/`` is renamed to
  ``.<name>.old-<pid>`` and the staging directory renamed to ``build/``; a crash between
  the two renames leaves ``build/`` missing and the previous build complete in the
  ``.old-`` directory, which `recover` (run by the next build and by `BuildLock`) renames
  back.

Leftovers of a killed build (staging and old directories) are removed by the next build,
which holds an exclusive lock (``.<name>.lock``) for its whole run, so two builds into the
same directory never interleave.

The previous build, once swapped out, is not deleted while the build waits (`discard`):
it is renamed to ``.<name>.trash-<pid>-<n>`` and removed by a detached ``rm -rf`` that holds
an ``flock`` on that directory for as long as it runs. A trash directory nobody holds (the
build or its ``rm`` was killed) is removed by the next build's `recover` and reported
with the other leftovers; one still being removed is left to its ``rm``.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import fcntl
import logging
import os
import shutil
import subprocess
from pathlib import Path
from typing import Self

log = logging.getLogger(__name__)

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


class OutputError(OSError):
    """The output directory cannot be used (a file in its place, no space, no permission)."""


def stage_dir(out: Path) -> Path:
    return out.parent / f".{out.name}.tmp-{os.getpid()}"


def _old_dir(out: Path) -> Path:
    return out.parent / f".{out.name}.old-{os.getpid()}"


def _siblings(out: Path, kind: str) -> list[Path]:
    if not out.parent.is_dir():
        return []
    return sorted(out.parent.glob(f".{out.name}.{kind}-*"))


class BuildLock:
    """An exclusive lock on ``.<name>.lock`` beside the output directory (blocking).

    A POSIX record lock (``lockf``), not ``flock``: it belongs to this process only, so a
    worker forked by the build never inherits it, and a build killed with SIGKILL releases
    it even if one of its workers outlives it (with ``flock`` such a worker kept the lock
    and the next build waited for ever)."""

    def __init__(self, out: Path) -> None:
        self.out = Path(out)
        self.path = self.out.parent / f".{self.out.name}.lock"
        self._fd: int | None = None

    def __enter__(self) -> Self:
        self.out.parent.mkdir(parents=True, exist_ok=True)
        self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        fcntl.lockf(self._fd, fcntl.LOCK_EX)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._fd is not None:
            fcntl.lockf(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None


def recover(out: Path) -> list[Path]:
    """Restore an interrupted fallback swap, then remove leftovers of killed builds.

    Call with the `BuildLock` held. Returns the leftover directories removed."""
    out = Path(out)
    olds = _siblings(out, "old")
    if not out.exists() and olds:
        newest = max(olds, key=lambda p: p.stat().st_mtime)
        log.warning("restoring %s from an interrupted build (%s)", out, newest.name)
        os.rename(newest, out)
    removed = []
    for leftover in _siblings(out, "tmp") + _siblings(out, "old"):
        shutil.rmtree(leftover, ignore_errors=True)
        removed.append(leftover)
    for trash in _siblings(out, "trash"):
        if not _being_removed(trash):
            shutil.rmtree(trash, ignore_errors=True)
            removed.append(trash)
    return removed


def _being_removed(trash: Path) -> bool:
    """Whether a detached ``rm`` of `discard` still holds (and removes) ``trash``."""
    try:
        fd = os.open(trash, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return True  # already gone (or not a directory we can open): nothing to do
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(fd)
    return False


def discard(tree: Path, out: Path) -> None:
    """Remove ``tree`` (a previous build swapped out of ``out``) without waiting for it.

    ``tree`` is renamed to ``.<name>.trash-<pid>-<n>`` beside ``out`` and deleted by a
    detached ``rm -rf`` (a hard-linked 1,000-paper build has ~22,000 files: deleting them
    took 0.4-5 s of the build's wall time). The ``rm`` inherits an ``flock`` on the
    directory, so `recover` knows it is at work; if it cannot be started, ``tree`` is
    deleted here."""
    n = 0
    while (trash := out.parent / f".{out.name}.trash-{os.getpid()}-{n}").exists():
        n += 1  # an earlier build of this process, still being removed
    try:
        os.rename(tree, trash)
    except OSError:
        shutil.rmtree(tree, ignore_errors=True)
        return
    fd = None
    try:
        fd = os.open(trash, os.O_RDONLY | os.O_DIRECTORY)
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        # sh puts rm in the background and exits at once: rm is nobody's child to wait for
        subprocess.run(
            ["/bin/sh", "-c", 'rm -rf -- "$1" </dev/null >/dev/null 2>&1 &', "sh", str(trash)],
            pass_fds=(fd,),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=True,
            timeout=30,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        log.info("removing %s here (no background rm: %s)", trash, exc)
        shutil.rmtree(trash, ignore_errors=True)
    finally:
        if fd is not None:
            os.close(fd)


def check_target(out: Path) -> None:
    """Refuse an output path that is a file or a symlink to something else than a directory."""
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out}: exists and is not a directory (give --out a directory)")


def _exchange(a: Path, b: Path) -> bool:
    """Atomically exchange two paths (Linux renameat2); False if not supported here."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    try:
        libc = ctypes.CDLL(libc_name, use_errno=True)
        fn = libc.renameat2
    except (OSError, AttributeError):
        return False
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    fn.restype = ctypes.c_int
    rc = fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if rc == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def swap_in(stage: Path, out: Path) -> None:
    """Make the complete ``stage`` directory the new ``out``; the previous build is
    removed in the background (`discard`)."""
    _fsync_dir(stage)
    if not out.exists():
        os.rename(stage, out)
        _fsync_dir(out.parent)
        return
    if _exchange(stage, out):
        old = stage  # now holds the previous build
    else:
        old = _old_dir(out)
        os.rename(out, old)
        os.rename(stage, out)
    _fsync_dir(out.parent)
    discard(old, out)


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def listing(root: Path) -> set[str]:
    """Every file under ``root`` (relative POSIX paths), or nothing if it does not exist."""
    if not root.is_dir():
        return set()
    found: set[str] = set()
    for top, dirs, files in os.walk(root):
        rel = os.path.relpath(top, root).replace(os.sep, "/")
        prefix = "" if rel == "." else rel + "/"
        found.update(prefix + name for name in files)
        # links to directories are listed as files (the walk does not follow them)
        found.update(prefix + name for name in dirs if os.path.islink(os.path.join(top, name)))
    return found


def link_or_copy(src: Path, dst: Path) -> None:
    """Hard-link ``src`` to ``dst`` (outputs are never modified in place), else copy."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def link_files(src: Path, dst: Path, rels: list[str]) -> None:
    """`link_or_copy` of ``src/rel`` to ``dst/rel`` for many files (one ``mkdir`` per
    directory, plain strings: ~18,000 files of a 1,000-paper build per rebuild)."""
    made: set[str] = set()
    src_s, dst_s = os.fspath(src), os.fspath(dst)
    for rel in rels:
        target = os.path.join(dst_s, rel)
        parent = os.path.dirname(target)
        if parent not in made:
            os.makedirs(parent, exist_ok=True)
            made.add(parent)
        source = os.path.join(src_s, rel)
        try:
            os.link(source, target)
        except OSError:
            shutil.copy2(source, target)


def is_disk_full(exc: BaseException) -> bool:
    return isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT)
