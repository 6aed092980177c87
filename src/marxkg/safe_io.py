"""Reading untrusted input files safely: regular files inside a root, bounded, no YAML aliases.

A corpus comes from elsewhere (a shared folder, an archive, a pull request). A symlinked
``source.md`` pointing at ``/etc/passwd`` was built into every output; a FIFO named
``metadata.yaml`` blocked the build forever; ``/dev/zero`` was read without limit; 1 KB of
nested YAML aliases ran for minutes. So every input file is opened here:

- it must resolve to a path inside ``root`` (a symlink that stays inside is fine);
- it is opened with ``O_NONBLOCK`` (opening a FIFO does not wait for a writer) and
  ``O_NOFOLLOW``, then checked with ``fstat`` on the open descriptor: only a regular file
  is read (no FIFO, socket or device), and only up to ``max_bytes``;
- YAML is composed by a loader that refuses aliases (``*name``) and nesting deeper than
  :data:`MAX_YAML_DEPTH`, so no document can expand beyond its own size.

Every refusal is an :class:`UnsafeInput` naming the file.
"""

from __future__ import annotations

import functools
import os
import stat
from pathlib import Path
from typing import Any

MAX_YAML_DEPTH = 32


class UnsafeInput(ValueError):
    """An input file that is not a bounded regular file inside its root, or unsafe YAML."""


def _kind(mode: int) -> str:
    for test, name in (
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISDIR, "a directory"),
    ):
        if test(mode):
            return name
    return "not a regular file"


def resolve_within(path: Path, root: Path) -> Path:
    """``path`` resolved; :class:`UnsafeInput` unless it exists and lies inside ``root``."""
    path, root = Path(path), Path(root).resolve()
    try:
        resolved = path.resolve(strict=True)
    except (OSError, RuntimeError) as exc:  # RuntimeError: a symlink loop (Python < 3.13)
        raise UnsafeInput(f"{path}: cannot be opened: {exc}") from None
    if resolved != root and not resolved.is_relative_to(root):
        raise UnsafeInput(
            f"{path}: is a link to {resolved}, outside {root}; corpus files "
            "must be regular files inside the corpus directory"
        )
    return resolved


def check_entry(path: Path, root: Path) -> Path:
    """An entry of the root that may be read: a regular file inside ``root`` (after links)."""
    resolved = resolve_within(path, root)
    mode = os.stat(resolved).st_mode
    if not stat.S_ISREG(mode):
        raise UnsafeInput(f"{path}: is {_kind(mode)}; corpus files must be regular files")
    return resolved


def read_bytes_within(path: Path, root: Path, max_bytes: int) -> bytes:
    """The bytes of a regular file inside ``root``, at most ``max_bytes`` of them."""
    resolved = resolve_within(path, root)
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(resolved, flags)
    except OSError as exc:
        raise UnsafeInput(f"{path}: cannot be opened: {exc.strerror}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UnsafeInput(
                f"{path}: is {_kind(info.st_mode)}; corpus files must be regular files"
            )
        if info.st_size > max_bytes:
            raise UnsafeInput(
                f"{path}: is {info.st_size} bytes; the limit for this file is {max_bytes} bytes"
            )
        os.set_blocking(fd, True)
        chunks, total = [], 0
        while True:
            chunk = os.read(fd, min(1 << 20, max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > max_bytes:
                raise UnsafeInput(f"{path}: grew past the {max_bytes} byte limit while being read")
        return b"".join(chunks)
    finally:
        os.close(fd)


def read_text_within(path: Path, root: Path, max_bytes: int) -> str:
    """UTF-8 text of a regular file inside ``root`` (a bad byte is named by offset)."""
    data = read_bytes_within(path, root, max_bytes)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UnsafeInput(f"{path}: not UTF-8 at byte {exc.start}: {exc.reason}") from None


@functools.cache
def _loader_class() -> type:
    import yaml

    class Loader(yaml.SafeLoader):
        """SafeLoader that refuses aliases and deep nesting while composing."""

        name = "<yaml>"
        depth = 0

        def compose_node(self, parent, index):
            if self.check_event(yaml.AliasEvent):
                mark = self.peek_event().start_mark
                raise UnsafeInput(
                    f"{self.name}:{mark.line + 1}: YAML aliases (*name) are "
                    "not accepted; write the value out"
                )
            self.depth += 1
            if self.depth > MAX_YAML_DEPTH:
                mark = self.peek_event().start_mark
                raise UnsafeInput(
                    f"{self.name}:{mark.line + 1}: YAML nested more than "
                    f"{MAX_YAML_DEPTH} levels deep"
                )
            try:
                return super().compose_node(parent, index)
            finally:
                self.depth -= 1

    return Loader


def _compose(text: str, name: str):
    import yaml

    loader = _loader_class()(text)
    loader.name = name
    try:
        return loader, loader.get_single_node()
    except yaml.YAMLError as exc:
        loader.dispose()
        raise UnsafeInput(f"{name}: invalid YAML: {exc}") from None


def _construct(loader, node) -> Any:
    import yaml

    try:
        return loader.construct_document(node)
    except yaml.YAMLError as exc:
        raise UnsafeInput(
            f"{loader.name}:{node.start_mark.line + 1}: invalid YAML: {exc}"
        ) from None


def load_yaml(text: str, name: str) -> Any:
    """Safe YAML without aliases and with bounded nesting; :class:`UnsafeInput` otherwise."""
    loader, node = _compose(text, name)
    try:
        return None if node is None else _construct(loader, node)
    finally:
        loader.dispose()


def load_yaml_items(text: str, name: str) -> list[tuple[int, Any]]:
    """A YAML list, as (line number, item) pairs, so that errors can name the line."""
    import yaml

    loader, node = _compose(text, name)
    try:
        if node is None:
            return []
        if not isinstance(node, yaml.SequenceNode):
            raise UnsafeInput(
                f"{name}:{node.start_mark.line + 1}: expected a YAML list "
                "(lines starting with '- ')"
            )
        return [(child.start_mark.line + 1, _construct(loader, child)) for child in node.value]
    finally:
        loader.dispose()
