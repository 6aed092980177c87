"""The jieba cache directory must be private (issue 9): jieba loads its dictionary from it,
so a directory others can write, or one owned by someone else, is refused; and a changed
cache makes the next build run instead of being taken as "nothing changed"."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from marxkg.nlp.segmenters import CacheDirError, cache_dir, cache_identity
from tests import PAPER, PAPER_ID, ROOT


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "marxkg" / "jieba"


def test_created_private(cache_home):
    assert cache_dir() == cache_home
    assert (cache_home.stat().st_mode & 0o777) == 0o700


def _open_to_all(path: Path) -> None:
    path.mkdir(parents=True)
    path.chmod(0o777)


def _group_writable_file(path: Path) -> None:
    path.mkdir(parents=True, mode=0o700)
    (path / "jieba.cache").write_bytes(b"planted")
    (path / "jieba.cache").chmod(0o666)


def _link(path: Path) -> None:
    path.parent.mkdir(parents=True)
    target = path.parent / "elsewhere"
    target.mkdir(mode=0o700)
    path.symlink_to(target)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (_open_to_all, "has mode 0777"),
        (_group_writable_file, "jieba.cache: the jieba cache file has mode 0666"),
        (_link, "is not a directory"),
    ],
)
def test_refused_unless_private(cache_home, make, message):
    make(cache_home)
    with pytest.raises(CacheDirError, match=message):
        cache_dir()


@pytest.mark.skipif(os.getuid() != 0, reason="needs root to give a directory away")
@pytest.mark.parametrize("planted", [False, True])
def test_refused_if_owned_by_another_user(cache_home, planted):
    cache_home.mkdir(parents=True, mode=0o700)
    victim = cache_home
    if planted:
        victim = cache_home / "jieba.cache"
        victim.write_bytes(b"planted")
        victim.chmod(0o600)
    os.chown(victim, 4242, 4242)
    with pytest.raises(CacheDirError, match="owned by uid 4242"):
        cache_dir()


def test_identity_changes_when_the_cache_is_replaced(cache_home):
    cache_dir()
    (cache_home / "jieba.cache").write_bytes(b"one")
    before = cache_identity("jieba")
    data = (cache_home / "jieba.cache").read_bytes()
    (cache_home / "jieba.cache").unlink()
    (cache_home / "jieba.cache").write_bytes(data)  # same bytes, a new file
    assert cache_identity("jieba") != before
    assert cache_identity("rjieba") == {}


@pytest.mark.slow
def test_a_changed_cache_makes_the_build_run_again(tmp_path, cache_home):
    from marxkg.build import build

    corpus = tmp_path / "corpus"
    shutil.copytree(PAPER.parent, corpus / PAPER_ID)
    out = tmp_path / "build"
    build(corpus, ROOT / "ontology", out)
    assert build(corpus, ROOT / "ontology", out).skipped
    cache = next(cache_home.iterdir())
    data = cache.read_bytes()
    cache.unlink()
    cache.write_bytes(data)  # a replaced cache, even with the same bytes
    cache.chmod(0o600)
    assert not build(corpus, ROOT / "ontology", out).skipped
