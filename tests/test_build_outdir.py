"""`marxkg.outdir`: the swap, the previous build removed in the background (`discard`),
leftovers of killed builds, the hard links of unchanged documents. Plain directories, no
build (quick)."""

from __future__ import annotations

import fcntl
import os
import subprocess
import time
from pathlib import Path

import pytest

from marxkg import outdir


def make_tree(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


def trash_of(out: Path) -> list[Path]:
    return sorted(out.parent.glob(f".{out.name}.trash-*"))


def wait_gone(paths: list[Path], seconds: float = 30.0) -> bool:
    deadline = time.monotonic() + seconds
    while any(p.exists() for p in paths) and time.monotonic() < deadline:
        time.sleep(0.02)
    return not any(p.exists() for p in paths)


def test_swap_in_leaves_the_previous_build_to_a_background_rm(tmp_path, monkeypatch):
    """The swap does not wait for the previous build's deletion: it is renamed to a trash
    directory and handed to ``rm -rf``, which inherits a lock on it."""
    out = make_tree(tmp_path / "out", {"a/x.txt": "old", "b.txt": "old"})
    stage = make_tree(outdir.stage_dir(out), {"a/x.txt": "new"})
    calls = []

    def fake_run(cmd, **kwargs):
        calls.append((cmd, kwargs.get("pass_fds")))
        return subprocess.CompletedProcess(cmd, 0)

    monkeypatch.setattr(outdir.subprocess, "run", fake_run)
    outdir.swap_in(stage, out)
    assert (out / "a/x.txt").read_text(encoding="utf-8") == "new" and not (out / "b.txt").exists()
    assert not stage.exists()
    (trash,) = trash_of(out)
    assert (trash / "b.txt").read_text(encoding="utf-8") == "old"  # not deleted here
    ((cmd, fds),) = calls
    assert "rm -rf" in cmd[2] and cmd[-1] == str(trash) and fds


@pytest.mark.parametrize("exchange", [True, False], ids=["renameat2", "fallback"])
def test_the_previous_build_is_removed_and_not_reported(tmp_path, monkeypatch, exchange):
    if not exchange:
        monkeypatch.setattr(outdir, "_exchange", lambda a, b: False)
    out = make_tree(tmp_path / "out", {f"d{i}/f{j}": "old" for i in range(20) for j in range(5)})
    stage = make_tree(outdir.stage_dir(out), {"new.txt": "new"})
    outdir.swap_in(stage, out)
    assert sorted(os.listdir(out)) == ["new.txt"]
    assert wait_gone(trash_of(out)), "the background rm did not remove the previous build"
    assert outdir.recover(out) == []


def test_rm_unavailable_removes_the_previous_build_at_once(tmp_path, monkeypatch):
    out = make_tree(tmp_path / "out", {"old.txt": "old"})
    stage = make_tree(outdir.stage_dir(out), {"new.txt": "new"})

    def no_sh(cmd, **kwargs):
        raise FileNotFoundError(cmd[0])

    monkeypatch.setattr(outdir.subprocess, "run", no_sh)
    outdir.swap_in(stage, out)
    assert trash_of(out) == [] and sorted(os.listdir(out)) == ["new.txt"]


def test_a_trash_directory_nobody_removes_is_a_leftover(tmp_path):
    """The build or its rm was killed: the next build removes the trash and says so."""
    out = make_tree(tmp_path / "out", {"new.txt": "new"})
    trash = make_tree(tmp_path / ".out.trash-999999-0", {"d/old.txt": "old"})
    assert outdir.recover(out) == [trash]
    assert not trash.exists()


def test_a_trash_directory_being_removed_is_left_to_its_rm(tmp_path):
    out = make_tree(tmp_path / "out", {"new.txt": "new"})
    trash = make_tree(tmp_path / ".out.trash-999999-0", {"d/old.txt": "old"})
    fd = os.open(trash, os.O_RDONLY | os.O_DIRECTORY)  # as the background rm holds it
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        assert outdir.recover(out) == []
        assert (trash / "d/old.txt").exists()
    finally:
        os.close(fd)
    assert outdir.recover(out) == [trash] and not trash.exists()


def test_two_swaps_in_a_row_each_discard_their_previous_build(tmp_path, monkeypatch):
    """A second build while the first one's trash is still there gets a trash of its own."""
    monkeypatch.setattr(
        outdir.subprocess, "run", lambda cmd, **kw: subprocess.CompletedProcess(cmd, 0)
    )
    out = make_tree(tmp_path / "out", {"v.txt": "1"})
    for v in ("2", "3"):
        outdir.swap_in(make_tree(outdir.stage_dir(out), {"v.txt": v}), out)
    trashes = trash_of(out)
    assert [(t / "v.txt").read_text(encoding="utf-8") for t in trashes] == ["1", "2"]
    assert (out / "v.txt").read_text(encoding="utf-8") == "3"


def test_link_files_links_every_file_and_makes_the_directories(tmp_path):
    src = make_tree(tmp_path / "src", {"a/b/c.txt": "c", "a/d.txt": "d", "e.txt": "e"})
    dst = tmp_path / "dst"
    rels = ["a/b/c.txt", "a/d.txt", "e.txt"]
    outdir.link_files(src, dst, rels)
    assert sorted(outdir.listing(dst)) == rels
    assert all(os.path.samefile(src / r, dst / r) for r in rels)
