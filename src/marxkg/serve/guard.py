"""The endpoint's query guard: parse a request with rdflib's SPARQL parser and decide.

A query is accepted only if rdflib's SPARQL 1.1 grammar parses it as a query (SELECT,
ASK, CONSTRUCT or DESCRIBE) and its parse tree holds no ``SERVICE`` pattern and no
``FROM``/``FROM NAMED`` naming a graph outside the corpus. Updates (``INSERT``,
``DELETE``, ``LOAD``, ``CLEAR``, ...) are recognised by parsing the text as an update and
refused by name. Nothing here looks at the text with regular expressions: the decisions are
made on the parse tree, so ``SERVICE`` inside a string literal or a comment is harmless and
``SERV\\u0049CE`` is caught.

The text that was checked is the text that is evaluated: SPARQL's ``\\uHHHH`` escapes are
expanded once here (as the SPARQL grammar prescribes, and as rdflib does) and the expanded
text is what the endpoint forwards to Oxigraph, so the two parsers cannot read different
queries out of one string.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

QUERY_FORMS = {
    "SelectQuery": "SELECT",
    "AskQuery": "ASK",
    "ConstructQuery": "CONSTRUCT",
    "DescribeQuery": "DESCRIBE",
}

UPDATE_FORMS = {
    "Load": "LOAD",
    "Clear": "CLEAR",
    "Drop": "DROP",
    "Create": "CREATE",
    "Add": "ADD",
    "Move": "MOVE",
    "Copy": "COPY",
    "InsertData": "INSERT DATA",
    "DeleteData": "DELETE DATA",
    "DeleteWhere": "DELETE WHERE",
    "Modify": "DELETE/INSERT",
}


class Refusal(Exception):
    """A request the endpoint will not evaluate: an HTTP status, a short code, a message."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message

    def as_tuple(self) -> tuple[int, str, str]:
        return (self.status, self.code, self.message)


@dataclass(frozen=True)
class Verdict:
    """An accepted query: its form, the text to evaluate, and the graphs it names."""

    form: str  # SELECT | ASK | CONSTRUCT | DESCRIBE
    text: str
    from_graphs: tuple[str, ...] = ()
    from_named_graphs: tuple[str, ...] = ()

    @property
    def returns_graph(self) -> bool:
        return self.form in ("CONSTRUCT", "DESCRIBE")


def expand_escapes(text: str) -> str:
    """Expand SPARQL ``\\uHHHH``/``\\UHHHHHHHH`` escapes exactly once (rdflib's rule)."""
    from rdflib.plugins.sparql.parser import expandUnicodeEscapes

    try:
        expanded = expandUnicodeEscapes(text)
    except (ValueError, OverflowError) as exc:
        raise Refusal(400, "syntax", f"invalid \\u escape in the query: {exc}") from None
    if expandUnicodeEscapes(expanded) != expanded:
        raise Refusal(400, "syntax", "the query spells a \\u escape with \\u escapes; "
                      "write the character or a single escape")
    return expanded


def _walk(node: object) -> Iterator[object]:
    """Every node of an rdflib parse tree (CompValue, ParseResults, lists, terms)."""
    from pyparsing import ParseResults

    stack = [node]
    while stack:
        item = stack.pop()
        yield item
        if isinstance(item, dict):  # CompValue is an OrderedDict
            stack.extend(item.values())
        elif isinstance(item, (ParseResults, list, tuple)):
            stack.extend(item)


def _name(node: object) -> str | None:
    return getattr(node, "name", None) if isinstance(node, dict) else None


def _update_refusal(text: str) -> Refusal | None:
    """If ``text`` parses as a SPARQL update, the refusal naming its operations."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        update = parseUpdate(text)
    except (ParseException, RecursionError, ValueError):
        return None
    ops = [UPDATE_FORMS.get(_name(op) or "", str(_name(op))) for op in update.get("request", [])]
    if not ops:
        return None
    names = ", ".join(dict.fromkeys(ops))
    return Refusal(403, "update_refused",
                   f"{names} refused: this endpoint is read-only "
                   "(SPARQL updates, including LOAD, are never evaluated)")


def inspect_query(text: str, allowed_graphs: Iterable[str] = ()) -> Verdict:
    """Parse ``text`` and return its verdict, or raise :class:`Refusal` before evaluation.

    ``allowed_graphs`` are the IRIs that ``FROM``/``FROM NAMED`` may name (the corpus's
    named graphs); any other dataset IRI is refused.
    """
    from pyparsing import ParseException
    from rdflib.plugins.sparql.algebra import translatePrologue
    from rdflib.plugins.sparql.parser import Query

    if not text or not text.strip():
        raise Refusal(400, "empty_query", "the query is empty")
    text = expand_escapes(text)
    try:
        # ``Query`` is the grammar that rdflib's ``parseQuery`` applies after expanding
        # escapes; calling it directly parses exactly the text that will be evaluated.
        parsed = Query.parse_string(text, parse_all=True)
    except ParseException as exc:
        refusal = _update_refusal(text)
        if refusal is not None:
            raise refusal from None
        raise Refusal(400, "syntax", f"SPARQL syntax error: {exc}") from None
    except RecursionError:
        raise Refusal(400, "syntax", "the query is nested too deeply for the guard's "
                      "parser") from None
    prologue_node, query_node = parsed[0], parsed[1]
    form = QUERY_FORMS.get(_name(query_node) or "")
    if form is None:  # pragma: no cover - the grammar only yields the four forms
        raise Refusal(400, "syntax", "not a SELECT, ASK, CONSTRUCT or DESCRIBE query")
    try:
        prologue = translatePrologue(prologue_node, None)
    except Exception as exc:  # noqa: BLE001 - rdflib raises bare Exception (unknown prefix)
        raise Refusal(400, "syntax", f"SPARQL prologue error: {exc}") from None

    allowed = frozenset(allowed_graphs)
    from_graphs: list[str] = []
    from_named: list[str] = []
    for node in _walk(query_node):
        name = _name(node)
        if name == "ServiceGraphPattern":
            endpoint = node.get("term")
            raise Refusal(403, "service_refused",
                          f"SERVICE <{endpoint}> refused: this endpoint never sends "
                          "queries to other services")
        if name == "DatasetClause":
            for key, bucket in (("default", from_graphs), ("named", from_named)):
                if key in node:
                    try:
                        iri = str(prologue.absolutize(node[key]))
                    except Exception as exc:  # noqa: BLE001 - as above
                        raise Refusal(400, "syntax", f"bad dataset IRI: {exc}") from None
                    bucket.append(iri)
    for keyword, iris in (("FROM", from_graphs), ("FROM NAMED", from_named)):
        _refuse_foreign(iris, allowed, lambda iri, k=keyword: f"{k} <{iri}>",
                        "; nothing is read from files or the web")
    return Verdict(form, text, tuple(from_graphs), tuple(from_named))


def check_protocol_graphs(default_graphs: Iterable[str], named_graphs: Iterable[str],
                          allowed_graphs: Iterable[str]) -> None:
    """The protocol's ``default-graph-uri``/``named-graph-uri`` follow the FROM rules."""
    allowed = frozenset(allowed_graphs)
    for param, iris in (("default-graph-uri", default_graphs),
                        ("named-graph-uri", named_graphs)):
        _refuse_foreign(iris, allowed, lambda iri, p=param: f"{p}={iri}")


def _refuse_foreign(iris: Iterable[str], allowed: frozenset[str], name, tail: str = "") -> None:
    """Refuse (403) the first graph IRI outside the corpus graphs."""
    for iri in iris:
        if iri not in allowed:
            choices = ", ".join(f"<{g}>" for g in sorted(allowed)) or "none"
            raise Refusal(403, "dataset_refused",
                          f"{name(iri)} refused: only the corpus graphs may be "
                          f"named ({choices}){tail}")
