"""The SPARQL behind `marxkg.query.trace`: the files ``queries/trace/*.rq``.

Each query is standard SPARQL 1.1 without a prologue; `trace_query` prefixes it with the
vocabulary of `marxkg.vocab`. Its parameters (named in the comment at its top) are bound by
`marxkg.query.sparql.inject_values`, never pasted into the text.
"""

from __future__ import annotations

from functools import cache

from marxkg import paths
from marxkg.vocab import sparql_prologue

TRACE_QUERIES_DIR = paths.QUERIES_DIR / "trace"
NAMES = ("passages", "citations", "sentence-concepts", "find-concept", "concept-sources",
         "passage-info")


@cache
def trace_query(name: str) -> str:
    """The text of one trace query (``queries/trace/<name>.rq``) with its PREFIX lines."""
    if name not in NAMES:
        raise KeyError(name)
    text = (TRACE_QUERIES_DIR / f"{name}.rq").read_text(encoding="utf-8")
    return sparql_prologue() + text
