"""The endpoint's query guard: one text, read by both parsers, decided before evaluation.

Oxigraph evaluates the queries, rdflib's SPARQL parser gives the guard a parse tree to
inspect, and the two must never read different queries out of one text (rdflib let a
``#`` comment run past a carriage return where Oxigraph ended it, so a ``SERVICE`` hidden
"in the comment" was evaluated). So, in this order:

1. **One text.** SPARQL's ``\\uHHHH`` escapes are expanded once (as the grammar
   prescribes); ``CRLF`` becomes ``LF``; any other character on which parsers may disagree
   about where a line, a comment or a token ends is refused: a lone ``CR``, the other C0
   and C1 controls except tab and line feed (``\\x0b``, ``\\x0c``, ``\\x85``, ...), U+2028,
   U+2029, U+FEFF and unpaired surrogates. The resulting text is the verdict's ``text``,
   and it is exactly what the endpoint sends to Oxigraph.
2. **rdflib decides the policy** on its parse tree: a query form (not an update), within
   the budget (:mod:`marxkg.serve.budget`), no ``SERVICE``, no ``FROM``/``FROM NAMED``
   outside the corpus graphs. Nothing looks at the text with regular expressions, so
   ``SERVICE`` inside a string is harmless and ``SERV\\u0049CE`` is caught.
3. **Oxigraph must agree**: its own parser (pyoxigraph, the engine's release) must accept
   the same text as the same query form with the same result variables; any disagreement
   is refused. The workers that run this are sandboxed (:mod:`marxkg.serve.sandbox`), as
   is the engine, so a future gap between the parsers cannot become an outbound request.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

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
        raise Refusal(
            400,
            "syntax",
            "the query spells a \\u escape with \\u escapes; "
            "write the character or a single escape",
        )
    return expanded


# characters on which two parsers may disagree about where a line, a comment or a token
# ends; SPARQL's white space is only space, tab, CR and LF (CRLF is made LF first)
_AMBIGUOUS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff]")


def normalise(text: str) -> str:
    """The one text both parsers read: escapes expanded, CRLF -> LF, ambiguous characters
    refused (400 ``ambiguous_character``, naming the character and its line and column)."""
    text = expand_escapes(text).replace("\r\n", "\n")
    found = _AMBIGUOUS.search(text)
    if found is not None:
        char = found.group()
        line = text.count("\n", 0, found.start()) + 1
        column = found.start() - (text.rfind("\n", 0, found.start()) + 1) + 1
        name = unicodedata.name(char, "a control character")
        raise Refusal(
            400,
            "ambiguous_character",
            f"U+{ord(char):04X} ({name}) at line {line}, column {column}: parsers "
            "disagree on where lines and comments end around it; write lines "
            "with LF (or CRLF) only, and tabs or spaces",
        )
    return text


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
    ops = [UPDATE_FORMS.get(_name(op) or "", str(_name(op))) for op in update.get("request")]
    if not ops:
        return None
    names = ", ".join(dict.fromkeys(ops))
    return Refusal(
        403,
        "update_refused",
        f"{names} refused: this endpoint is read-only "
        "(SPARQL updates, including LOAD, are never evaluated)",
    )


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
    text = normalise(text)
    from marxkg.serve.budget import check_lexical_budget

    check_lexical_budget(text)
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
        raise Refusal(
            400, "syntax", "the query is nested too deeply for the guard's parser"
        ) from None
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
        if not isinstance(node, dict):  # only CompValues (OrderedDicts) carry a name
            continue
        name = _name(node)
        if name == "ServiceGraphPattern":
            endpoint = node.get("term")
            raise Refusal(
                403,
                "service_refused",
                f"SERVICE <{endpoint}> refused: this endpoint never sends "
                "queries to other services",
            )
        if name == "DatasetClause":
            for key, bucket in (("default", from_graphs), ("named", from_named)):
                if key in node:
                    try:
                        iri = str(prologue.absolutize(node[key]))
                    except Exception as exc:  # noqa: BLE001 - as above
                        raise Refusal(400, "syntax", f"bad dataset IRI: {exc}") from None
                    bucket.append(iri)
    for keyword, iris in (("FROM", from_graphs), ("FROM NAMED", from_named)):
        _refuse_foreign(
            iris,
            allowed,
            lambda iri, k=keyword: f"{k} <{iri}>",
            "; nothing is read from files or the web",
        )
    from marxkg.serve.budget import check_budget

    check_budget(query_node)
    _check_engine_agrees(text, form, _variables(parsed) if form == "SELECT" else None)
    return Verdict(form, text, tuple(from_graphs), tuple(from_named))


ENGINE_FORMS = {"QuerySolutions": "SELECT", "QueryBoolean": "ASK", "QueryTriples": "CONSTRUCT"}


def _variables(parsed: Any) -> tuple[bool, list[str]] | None:
    """rdflib's reading of a SELECT's result variables: (True, the projection in order) for
    an explicit projection; (False, every variable in the query) for ``SELECT *``, whose
    result variables the engine must then take from among them (rdflib's own in-scope
    computation for ``*`` is not exact: it counts FILTER and MINUS variables)."""
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.term import Variable

    if "projection" not in parsed[1]:
        return False, sorted({str(n) for n in _walk(parsed) if isinstance(n, Variable)})
    try:
        algebra = translateQuery(parsed).algebra
    except Exception:  # noqa: BLE001 - rdflib raises bare Exception on bad queries
        return None
    return True, [str(v) for v in algebra.get("PV") or ()]


def _check_engine_agrees(text: str, form: str, variables: tuple[bool, list[str]] | None) -> None:
    """Oxigraph's parser must read ``text`` as the same query form and result variables.

    The query is given to an empty in-memory pyoxigraph store (the engine's release): its
    parser raises on anything it does not accept. The result is not iterated; an ASK is
    answered at once, on no data. The endpoint runs this in sandboxed processes only.
    """
    import pyoxigraph as ox

    try:
        result = ox.Store().query(text)
    except SyntaxError as exc:
        raise Refusal(
            400, "syntax", f"the SPARQL engine does not accept the query: {exc}"
        ) from None
    except OSError as exc:  # only a network or store call can fail: a SERVICE it read
        raise Refusal(
            403,
            "service_refused",
            f"the SPARQL engine reads a call to another service in this query ({exc}); refused",
        ) from None
    engine_form = ENGINE_FORMS.get(type(result).__name__, "?")
    if engine_form != ("CONSTRUCT" if form == "DESCRIBE" else form):
        raise Refusal(
            400,
            "parsers_disagree",
            f"the guard reads a {form} query but the "
            f"SPARQL engine reads a {engine_form} query; refused",
        )
    if isinstance(result, ox.QuerySolutions) and variables is not None:
        explicit, names = variables
        engine_names = [v.value for v in result.variables]
        same = names == engine_names if explicit else set(engine_names) <= set(names)
        if not same:
            raise Refusal(
                400,
                "parsers_disagree",
                f"the guard reads the result variables {names} but the SPARQL "
                f"engine reads {engine_names}; refused",
            )
    del result


def check_protocol_graphs(
    default_graphs: Iterable[str], named_graphs: Iterable[str], allowed_graphs: Iterable[str]
) -> None:
    """The protocol's ``default-graph-uri``/``named-graph-uri`` follow the FROM rules."""
    allowed = frozenset(allowed_graphs)
    for param, iris in (("default-graph-uri", default_graphs), ("named-graph-uri", named_graphs)):
        _refuse_foreign(iris, allowed, lambda iri, p=param: f"{p}={iri}")


def _refuse_foreign(iris: Iterable[str], allowed: frozenset[str], name, tail: str = "") -> None:
    """Refuse (403) the first graph IRI outside the corpus graphs."""
    for iri in iris:
        if iri not in allowed:
            ordered = sorted(allowed)  # a large corpus has a token graph per document
            choices = ", ".join(f"<{g}>" for g in ordered[:3]) or "none"
            choices += f", ... ({len(ordered)} graphs)" if ordered[3:] else ""
            if iri.endswith("graph/main"):
                tail += "; the build's graph is the default graph: leave FROM out"
            raise Refusal(
                403,
                "dataset_refused",
                f"{name(iri)} refused: only the corpus graphs may be named ({choices}){tail}",
            )
