"""Chinese word segmenters behind one interface, selected by name from a registry.

- ``jieba`` (reference): an owned ``jieba.Tokenizer`` (never the global ``jieba.dt``)
  with a private cache directory (``$XDG_CACHE_HOME/marxkg/jieba``, owned by the user,
  mode 0700, refused otherwise: jieba loads its dictionary from it), POS tags from
  ``jieba.posseg.POSTokenizer``.
- ``rjieba``: jieba-rs, the same algorithm and dictionary in Rust (an owned
  ``rjieba.Jieba`` instance).

Both run with the HMM for unknown words switched off, so they segment from the same
dictionary alone and give the same tokens (checked by tests/test_segmenters.py). Input is
segmented in bounded chunks: jieba's time grows quadratically on long runs of one
repeated character.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

CHUNK = 2000
_BREAK = re.compile(r"(?<=[。！？；\n])")


class Segmenter(Protocol):
    name: str
    version: str

    def add_word(self, word: str, tag: str = "nz") -> None: ...

    def tag(self, text: str) -> list[tuple[str, str]]: ...

    def cut(self, text: str) -> list[str]: ...


def chunks(text: str, size: int = CHUNK) -> Iterable[str]:
    """Pieces of at most ``size`` characters, cut after sentence punctuation if possible."""
    start = 0
    while start < len(text):
        end = min(len(text), start + size)
        if end < len(text):
            window = text[start:end]
            cut = max(window.rfind(c) for c in "。！？；\n，")
            if cut > size // 4:
                end = start + cut + 1
        yield text[start:end]
        start = end


class CacheDirError(ValueError):
    """The jieba cache directory (or a file in it) is not private to the user."""


def _check_private(path: Path, *, directory: bool) -> os.stat_result:
    """``path`` must be ours, not a link, and (a directory) not open to others."""
    import stat

    info = os.lstat(path)
    kind = "directory" if directory else "file"
    wanted = stat.S_ISDIR(info.st_mode) if directory else stat.S_ISREG(info.st_mode)
    problem = None
    if stat.S_ISLNK(info.st_mode) or not wanted:
        problem = f"is not a {kind} (a link or another kind of file)"
    elif info.st_uid != os.getuid():
        problem = f"is owned by uid {info.st_uid}, not by you (uid {os.getuid()})"
    elif info.st_mode & 0o022 or (directory and info.st_mode & 0o077):
        problem = f"has mode {stat.S_IMODE(info.st_mode):04o}; others may change it"
    if problem:
        raise CacheDirError(
            f"{path}: the jieba cache {kind} {problem}. jieba loads its "
            "dictionary from this cache, so it must be private (owned by "
            "you, mode 0700): remove it, or set XDG_CACHE_HOME to a private "
            "directory"
        )
    return info


def cache_dir() -> Path:
    """The private jieba cache directory (created with mode 0700; refused if not private)."""
    root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    base = root / "marxkg" / "jieba"
    base.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        base.mkdir(mode=0o700)
    except FileExistsError:
        pass
    _check_private(base, directory=True)
    for entry in sorted(base.iterdir()):
        _check_private(entry, directory=False)
    return base


def cache_identity(segmenter: str) -> dict[str, object]:
    """What identifies the segmenter's cache: its directory and each file's size, inode and
    change time (a replaced or edited cache changes the ctime, which cannot be set back).
    Recorded in the build stamp so that a changed cache makes the next build run."""
    if segmenter != "jieba":
        return {}
    base = cache_dir()
    files = []
    for entry in sorted(base.iterdir()):
        info = os.lstat(entry)
        files.append([entry.name, info.st_size, info.st_ino, info.st_mtime_ns, info.st_ctime_ns])
    return {"dir": str(base), "files": files}


def _owned_pos_tokenizer_class() -> type:
    import jieba.posseg

    class OwnedPOSTokenizer(jieba.posseg.POSTokenizer):
        def __init__(self, tokenizer, word_tag_tab: dict[str, str]) -> None:
            self.tokenizer = tokenizer
            self.word_tag_tab = dict(word_tag_tab)

    return OwnedPOSTokenizer


def _OwnedPOSTokenizer(tokenizer, word_tag_tab):  # noqa: N802 - a class factory
    return _owned_pos_tokenizer_class()(tokenizer, word_tag_tab)


class JiebaSegmenter:
    """The reference backend: an owned jieba Tokenizer (dictionary cache kept private)."""

    name = "jieba"

    def __init__(self) -> None:
        import jieba
        import jieba.posseg

        jieba.setLogLevel(logging.WARNING)
        self.version = jieba.__version__
        self._tok = jieba.Tokenizer()
        self._tok.tmp_dir = str(cache_dir())
        self._tok.initialize()
        # jieba.posseg loads the POS table of the default dictionary at import; a
        # POSTokenizer would parse the same 350k lines again (0.5 s), so ours starts from a
        # private copy of that table (user words added later go into the copy only).
        self._pos = _OwnedPOSTokenizer(self._tok, jieba.posseg.dt.word_tag_tab)

    def add_word(self, word: str, tag: str = "nz") -> None:
        freq = self._tok.suggest_freq(word, tune=False)
        self._tok.add_word(word, freq=max(freq, 1), tag=tag)

    def cut(self, text: str) -> list[str]:
        return [w for piece in chunks(text) for w in self._tok.cut(piece, HMM=False)]

    def tag(self, text: str) -> list[tuple[str, str]]:
        return [(p.word, p.flag) for piece in chunks(text) for p in self._pos.cut(piece, HMM=False)]


class RJiebaSegmenter:
    """jieba-rs through rjieba: same dictionary and algorithm, in Rust."""

    name = "rjieba"

    def __init__(self) -> None:
        from importlib.metadata import version

        import rjieba

        self.version = version("rjieba")
        self._j = rjieba.Jieba()

    def add_word(self, word: str, tag: str = "nz") -> None:
        freq = self._j.suggest_freq(word)
        self._j.add_word(word, max(freq, 1), tag)

    def cut(self, text: str) -> list[str]:
        return [w for piece in chunks(text) for w in self._j.cut(piece, False)]

    def tag(self, text: str) -> list[tuple[str, str]]:
        if len(text) <= CHUNK:  # one chunk: rjieba's own (new) list of (word, tag) tuples
            return self._j.tag(text, False)
        return [(w, t) for piece in chunks(text) for w, t in self._j.tag(piece, False)]


SEGMENTERS: dict[str, type] = {"jieba": JiebaSegmenter, "rjieba": RJiebaSegmenter}


def get_segmenter(name: str, words: Iterable[str] = ()) -> Segmenter:
    """A fresh segmenter instance of backend ``name`` with ``words`` added as user words."""
    try:
        cls = SEGMENTERS[name]
    except KeyError:
        raise ValueError(
            f"unknown segmenter {name!r}; choose one of {sorted(SEGMENTERS)}"
        ) from None
    seg = cls()
    for w in sorted(set(words)):
        if w and not any(ch.isspace() for ch in w):
            seg.add_word(w)
    return seg
