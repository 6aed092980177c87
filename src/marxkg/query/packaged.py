"""SPARQL text shipped with the package besides the named queries: ``queries/<group>/*.rq``.

- ``queries/trace/``: the queries of `marxkg.query.trace` (``marxkg trace``);
- ``queries/analytics/``: the queries of `marxkg.analytics`.

Each file is standard SPARQL 1.1 without a prologue (the ``PREFIX`` lines come from
`marxkg.vocab`), with a comment naming the variables its callers bind. Values are bound by
`marxkg.query.sparql.inject_values` (parsed ``VALUES`` terms), never pasted into the text.
"""

from __future__ import annotations

from functools import cache

from marxkg import paths
from marxkg.vocab import sparql_prologue

GROUPS = ("trace", "analytics")


@cache
def packaged_query(group: str, name: str, prologue: bool = True) -> str:
    """The text of ``queries/<group>/<name>.rq``, with the vocabulary's PREFIX lines unless
    ``prologue`` is false (for a runner that adds them itself)."""
    path = paths.QUERIES_DIR / group / f"{name}.rq"
    if group not in GROUPS or not path.is_file():
        raise KeyError(f"no packaged query {group}/{name}")
    text = path.read_text(encoding="utf-8")
    return sparql_prologue() + text if prologue else text


def trace_query(name: str) -> str:
    """One query of ``marxkg trace`` (``queries/trace/<name>.rq``) with its prologue."""
    return packaged_query("trace", name)


def analytics_query(name: str) -> str:
    """One query of the analytics (``queries/analytics/<name>.rq``), without a prologue:
    `marxkg.analytics.store.select` adds the prefixes."""
    return packaged_query("analytics", name, prologue=False)
