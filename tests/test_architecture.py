"""The floor plan of the package, enforced: a straight line of stages, a light vocabulary.

A small AST walk over ``src/marxkg`` reads every ``import`` (top-level and inside
functions) and checks it against the stage order below: a module may import its own
stage or a lower one, never a later one; and no module outside ``graph/`` imports the
graph builders. See docs/architecture.md.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from marxkg import paths

SRC = paths.PACKAGE_DIR

#: Stage order, lowest first. Each key is a top-level module or package of marxkg.
STAGES: dict[str, int] = {
    # the floor: no stage, no rdflib/spaCy (vocab, model) or plain I/O helpers
    "__init__": 0,
    "vocab": 0,
    "model": 0,
    "paths": 0,
    "atomic": 0,
    "safe_io": 0,
    "corpus_schema": 0,
    "outdir": 0,
    # the one reader of build/ (an Oxigraph store; no stage)
    "store": 1,
    # rdflib/Oxigraph plumbing over the vocabulary
    "rdf": 1,
    # the curated ontology (loaded by nlp and graph, rebased under --base)
    "ontology": 2,
    # the stages
    "ingest": 3,
    "citations": 4,
    "nlp": 5,
    "graph": 6,
    # outputs
    "export": 7,
    "html": 7,
    "query": 7,
    "analytics": 8,
    "serve": 8,
    "validate": 8,
    # orchestration and the command line
    "corpus_io": 9,
    "pipeline": 9,
    "build": 9,
    "build_corpus": 9,
    "build_run": 9,
    "build_doc": 9,
    "build_store": 9,
    "build_pages": 9,
    "commands": 10,
    "cli": 10,
}
#: Known exceptions, each with its reason (a test checks that each is still needed).
EXCEPTIONS: dict[tuple[str, str], str] = {
    (
        "marxkg.analytics.store",
        "marxkg.build",
    ): "ensure_build() lets a notebook build on demand; it belongs with the one reader "
    "of build/ (issue 10, the store work), not in analytics",
}
#: The graph builders: the modules of graph/ that make triples (not its helpers' users).
GRAPH_BUILDERS = ("marxkg.graph",)


def _module_name(path: Path) -> str:
    rel = path.relative_to(SRC.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _stage_key(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = _module_name(path).rsplit(".", 0 if path.name == "__init__.py" else 1)[0]
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.extend((node.lineno, a.name) for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative import
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                name = ".".join(base + ([node.module] if node.module else []))
            else:
                name = node.module or ""
            out.append((node.lineno, name))
            # "from marxkg import vocab" names a submodule
            if name == "marxkg":
                out.extend((node.lineno, f"marxkg.{a.name}") for a in node.names)
    return [(line, name) for line, name in out if name.startswith("marxkg.")]


MODULES = sorted(SRC.rglob("*.py"))


def test_every_module_has_a_stage():
    unknown = sorted({_stage_key(_module_name(p)) for p in MODULES} - set(STAGES))
    assert unknown == [], f"add these to STAGES in {__file__}: {unknown}"


def test_no_module_imports_a_later_stage():
    violations = []
    for path in MODULES:
        own = _module_name(path)
        level = STAGES[_stage_key(own)]
        for line, name in _imports(path):
            other = STAGES.get(_stage_key(name))
            if other is not None and other > level and (own, name) not in EXCEPTIONS:
                violations.append(
                    f"{path.relative_to(SRC)}:{line}: {own} (stage {level}) "
                    f"imports {name} (stage {other})"
                )
    assert violations == []


@pytest.mark.parametrize("own, name", sorted(EXCEPTIONS))
def test_exceptions_are_still_needed(own, name):
    path = SRC.parent / (own.replace(".", "/") + ".py")
    assert name in {n for _, n in _imports(path)}, f"remove {(own, name)} from EXCEPTIONS"


def test_only_graph_imports_the_graph_builders():
    violations = []
    for path in MODULES:
        own = _module_name(path)
        if own.startswith("marxkg.graph") or _stage_key(own) in (
            "pipeline",
            "build",
            "build_corpus",
            "build_run",
            "build_doc",
            "build_store",
        ):
            continue  # the build's render step is where the graph is made
        for line, name in _imports(path):
            if name.startswith(GRAPH_BUILDERS):
                violations.append(f"{path.relative_to(SRC)}:{line}: {own} imports {name}")
    assert violations == []


@pytest.mark.parametrize(
    "module, forbidden",
    [
        ("marxkg.vocab", ("rdflib", "spacy", "jieba", "pyoxigraph")),
        ("marxkg.model", ("rdflib", "spacy", "jieba", "pyoxigraph")),
        ("marxkg.export", ("spacy", "jieba")),
        ("marxkg.cli", ("rdflib", "spacy", "jieba", "pyoxigraph", "networkx")),
    ],
)
def test_light_imports(module, forbidden):
    """What a module drags in, checked in a fresh interpreter."""
    code = f"import sys, {module}; print(' '.join(m for m in {forbidden!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_the_ast_walk_sees_imports():
    """The check itself works: a known import of a known module is found."""
    names = {name for _, name in _imports(SRC / "graph" / "__init__.py")}
    assert "marxkg.rdf.namespaces" in names and "marxkg.model" in names
