"""Concept parameters of named queries bound by slug or by any label.

A parameter read in the concept namespace (``# param: ?concept = concept:fixed-capital``)
accepts what ``marxkg trace --concept`` accepts: the slug (``fixed-capital``), the IRI, or
any preferred, alternative or hidden label in any language (``固定资本``, ``fixed capital``).
An unknown value is an error that names the closest slugs and labels, never a silent empty
result.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from marxkg.query.library import NamedQuery
from marxkg.query.results import QueryError
from marxkg.query.sparql import PREFIXES, UNBOUND, _is_explicit, parse_binding
from marxkg.vocab import rebase

CONCEPT_NS = PREFIXES["concept"]
ALL_LABELS = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?concept ?label WHERE {
  ?concept a skos:Concept .
  OPTIONAL { ?concept skos:prefLabel|skos:altLabel|skos:hiddenLabel ?label }
}"""


def is_concept_param(query: NamedQuery, var: str) -> bool:
    param = query.param(var)
    return param is not None and param.namespace == CONCEPT_NS


def _suggestions(engine, key: str) -> list[str]:
    names: set[str] = set()
    for row in engine.select(ALL_LABELS).rows:
        iri = row["concept"].value
        if iri.startswith(CONCEPT_NS):
            names.add(iri[len(CONCEPT_NS) :])
        if row.get("label") is not None:
            names.add(row["label"].value)
    return difflib.get_close_matches(key, sorted(names), n=5, cutoff=0.5)


def concept_slug(engine, key: str, namespace: str = CONCEPT_NS) -> str:
    """The slug of the one concept named by ``key`` (slug, IRI or label) in ``namespace``
    (the concept namespace of the build's base)."""
    from marxkg.query.trace import TraceError, find_concept

    try:
        concept = find_concept(engine, key)
    except TraceError as exc:
        close = _suggestions(engine, key.strip())
        hint = f" Close matches: {', '.join(close)}." if close else ""
        raise QueryError(f"{exc}.{hint}") from None
    if not concept.iri.startswith(namespace):
        raise QueryError(f"{key!r} is not a concept of {namespace} (is --base the build's?)")
    return concept.iri[len(namespace) :]


def resolve_concept_binds(
    query: NamedQuery, binds: Iterable[str], engine, base: str | None = None
) -> list[str]:
    """``--bind`` expressions with every bare concept value replaced by its slug (concepts
    of the data under ``base``, the build's ``--base``; default: the default base)."""
    namespace = rebase(CONCEPT_NS, base) if base else CONCEPT_NS
    out = []
    for expr in binds:
        var, raw = parse_binding(expr)
        value = raw.strip()
        if not is_concept_param(query, var) or value == UNBOUND or not value:
            out.append(expr)
            continue
        key = value
        if value.startswith("concept:"):
            key = value[len("concept:") :]
        elif value.startswith("<") and value.endswith(">"):
            key = value[1:-1]
        elif _is_explicit(value) and not value.startswith((CONCEPT_NS, namespace)):
            out.append(expr)  # a literal or another namespace: the query decides
            continue
        out.append(f"{var}={concept_slug(engine, key, namespace)}")
    return out
