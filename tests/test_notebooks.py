"""The notebooks in notebooks/: stored clean, logic-free, and they run without errors.

Each notebook is executed with nbclient on the virtualenv's ``python3`` kernel (the kernel
spec's ``python`` resolves to this interpreter), with the repository root as working
directory and ``MARXKG_BUILD`` pointing at the session's build so that
``marxkg.analytics.ensure_build()`` finds it up to date.
"""

from __future__ import annotations

import ast
import time

import pytest

from tests import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
EXPECTED = ["01-concepts-and-correspondences", "02-tracing-marx-citations", "03-graph-analytics"]
# Statements a notebook cell may hold: imports of marxkg, assignments, expressions (calls).
ALLOWED_STATEMENTS = (ast.Import, ast.ImportFrom, ast.Assign, ast.Expr)
FORBIDDEN_NODES = (ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp, ast.IfExp)
SECONDS = 60


def _read(path):
    import nbformat

    return nbformat.read(path, as_version=4)


def test_the_notebooks_are_there():
    assert EXPECTED == [p.stem for p in NOTEBOOKS][: len(EXPECTED)]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_stored_without_outputs(path):
    nb = _read(path)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code, "a notebook without code"
    assert all(c.outputs == [] and c.execution_count is None for c in code)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_holds_no_logic(path):
    for cell in _read(path).cells:
        if cell.cell_type != "code":
            continue
        tree = ast.parse(cell.source)
        for stmt in tree.body:
            assert isinstance(stmt, ALLOWED_STATEMENTS), f"{path.name}: {ast.dump(stmt)[:80]}"
            if isinstance(stmt, (ast.Import, ast.ImportFrom)):
                names = (
                    [a.name for a in stmt.names]
                    if isinstance(stmt, ast.Import)
                    else [stmt.module or ""]
                )
                assert all(n == "marxkg" or n.startswith("marxkg.") for n in names)
        assert not any(isinstance(n, FORBIDDEN_NODES) for n in ast.walk(tree)), cell.source


def test_the_python3_kernel_resolves_to_this_interpreter():
    import sys

    from jupyter_client.kernelspec import KernelSpecManager

    argv = KernelSpecManager().get_kernel_spec("python3").argv
    assert argv[0] in ("python", "python3", sys.executable), argv


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs(path, built, monkeypatch):
    from nbclient import NotebookClient

    monkeypatch.setenv("MARXKG_BUILD", str(built.out))
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    nb = _read(path)
    client = NotebookClient(
        nb, timeout=SECONDS, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}
    )
    start = time.perf_counter()
    client.execute()  # raises CellExecutionError on the first failing cell
    seconds = time.perf_counter() - start
    errors = [
        o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"
    ]
    assert errors == []
    assert seconds < SECONDS
    assert all(c.execution_count for c in nb.cells if c.cell_type == "code")
