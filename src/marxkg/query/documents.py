"""The documents of a built corpus as `trace`, the analytics and their ``--doc`` filters
name them: the doc-id of a document's IRIs, and the check that given doc-ids exist."""

from __future__ import annotations

import re
from collections.abc import Iterable

from marxkg.query.results import QueryError


def document_of(iri: str) -> str | None:
    """The doc-id of a document's IRI, of its translation's and of their spans
    (``…/doc/<id>``, ``…/doc/<id>/en``, ``…/doc/<id>#char=0,5``); None for other IRIs."""
    if "/doc/" not in iri:
        return None
    return re.split(r"[/#]", iri.split("/doc/", 1)[1], maxsplit=1)[0]


def check_documents(wanted: Iterable[str], contexts: Iterable[str]) -> list[str]:
    """``wanted`` (doc-ids), sorted and unique, once each is the document of one of
    ``contexts`` (the corpus's ``nif:Context`` IRIs); `QueryError` names the unknown ones
    and the documents the corpus holds."""
    wanted = sorted(set(wanted))
    known = sorted({d for d in map(document_of, contexts) if d})
    unknown = [d for d in wanted if d not in known]
    if unknown:
        some = ", ".join(known[:10]) + (" …" if len(known) > 10 else "")
        raise QueryError(
            f"unknown document(s): {', '.join(unknown)}; the corpus holds {len(known)}"
            f" document(s): {some or 'none'}"
        )
    return wanted
