"""Named SPARQL queries over the built graph: library, runner, formatters.

Modules: `library` (the ``*.rq`` registry), `sparql` (lexing, safe ``VALUES`` binding),
`runner` (pyoxigraph store or SPARQL endpoint), `results` (engine-independent terms),
`formats` (the ``FORMATTERS`` registry). Names are imported on first use so that
importing one module stays cheap.

>>> from marxkg.query import LocalEngine, load_library, run
>>> engine = LocalEngine.from_build("build")                          # doctest: +SKIP
>>> rows = run(load_library()["volume-citations"], engine).records()  # doctest: +SKIP
"""

from __future__ import annotations

import importlib

_EXPORTS = {
    "FORMATTERS": "formats",
    "format_results": "formats",
    "NamedQuery": "library",
    "load_library": "library",
    "resolve": "library",
    "QueryError": "results",
    "Results": "results",
    "Term": "results",
    "EndpointEngine": "runner",
    "LocalEngine": "runner",
    "load_store": "runner",
    "prepare": "runner",
    "run": "runner",
}

__all__ = [
    "FORMATTERS",
    "EndpointEngine",
    "LocalEngine",
    "NamedQuery",
    "QueryError",
    "Results",
    "Term",
    "format_results",
    "load_library",
    "load_store",
    "prepare",
    "resolve",
    "run",
]


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(importlib.import_module(f"marxkg.query.{_EXPORTS[name]}"), name)
    raise AttributeError(f"module 'marxkg.query' has no attribute {name!r}")
