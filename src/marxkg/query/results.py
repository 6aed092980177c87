"""Query results independent of the engine: RDF terms and result tables.

A `Term` mirrors one binding of the SPARQL 1.1 Query Results JSON Format
(``type`` ``uri``/``literal``/``bnode``, ``value``, ``xml:lang``, ``datatype``), so local
(pyoxigraph) and remote (SPARQL endpoint) results take the same path to the formatters.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from marxkg.vocab import RDF, XSD

__all__ = ["XSD", "RDF_LANG_STRING", "XSD_STRING", "QueryError", "Term", "Results"]

RDF_LANG_STRING = RDF + "langString"
XSD_STRING = XSD + "string"


class QueryError(ValueError):
    """A query that cannot be run: unknown name, syntax error, bad binding, bad endpoint."""


@dataclass(frozen=True)
class Term:
    """One RDF term as in SPARQL JSON results."""

    type: str  # "uri" | "literal" | "bnode" | "triple"
    value: str  # a quoted triple: its N-Triples text
    lang: str | None = None
    datatype: str | None = None
    direction: str | None = None  # base direction of a directional language string
    parts: tuple[Term, Term, Term] | None = None  # a quoted triple's subject, predicate, object

    @classmethod
    def iri(cls, value: str) -> Term:
        return cls("uri", value)

    @classmethod
    def literal(cls, value: str, lang: str | None = None, datatype: str | None = None) -> Term:
        if lang:
            return cls("literal", value, lang=lang)
        if datatype in (None, XSD_STRING):
            return cls("literal", value)
        return cls("literal", value, datatype=datatype)

    def to_json(self) -> dict[str, object]:
        """The binding as in SPARQL 1.1 JSON (quoted triples as in SPARQL 1.2 JSON)."""
        if self.parts is not None:
            s, p, o = self.parts
            value = {"subject": s.to_json(), "predicate": p.to_json(), "object": o.to_json()}
            return {"type": "triple", "value": value}
        out: dict[str, object] = {"type": self.type, "value": self.value}
        if self.lang:
            out["xml:lang"] = self.lang
            if self.direction:
                out["its:dir"] = self.direction
        if self.datatype:
            out["datatype"] = self.datatype
        return out

    def n3(self) -> str:
        """The term in SPARQL/Turtle syntax (used in TSV output and VALUES blocks)."""
        if self.type == "uri":
            return f"<{self.value}>"
        if self.type == "bnode":
            return f"_:{self.value}"
        if self.parts is not None:
            return "<<( " + " ".join(t.n3() for t in self.parts) + " )>>"
        if self.type == "triple":
            return self.value
        text = '"' + escape_string(self.value) + '"'
        if self.lang:
            return f"{text}@{self.lang}" + (f"--{self.direction}" if self.direction else "")
        if self.datatype:
            return f"{text}^^<{self.datatype}>"
        return text

    def __str__(self) -> str:
        return self.value


_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\b": "\\b",
    "\f": "\\f",
}


def escape_string(text: str) -> str:
    """Escape a string for a SPARQL/Turtle double-quoted literal."""
    return "".join(_ESCAPES.get(ch, ch) for ch in text)


@dataclass
class Results:
    """A SELECT result (``variables`` + ``rows``) or an ASK result (``boolean``)."""

    variables: list[str] = field(default_factory=list)
    rows: list[dict[str, Term]] = field(default_factory=list)
    boolean: bool | None = None

    def values(self, var: str) -> list[str | None]:
        """The lexical values of one column (``None`` where unbound)."""
        return [row[var].value if var in row else None for row in self.rows]

    def records(self) -> list[dict[str, str]]:
        """Rows as plain dicts of lexical values (unbound variables left out)."""
        return [{k: t.value for k, t in row.items()} for row in self.rows]

    def __len__(self) -> int:
        return len(self.rows)


def term_from_oxigraph(term) -> Term:
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return Term.iri(term.value)
    if isinstance(term, ox.BlankNode):
        return Term("bnode", term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            direction = getattr(term, "direction", None)
            return Term(
                "literal",
                term.value,
                lang=term.language,
                direction=str(direction) if direction is not None else None,
            )
        return Term.literal(term.value, None, term.datatype.value)
    if term is None:
        raise QueryError("an unbound term where a term is required")
    parts = (
        term_from_oxigraph(term.subject),
        term_from_oxigraph(term.predicate),
        term_from_oxigraph(term.object),
    )
    return Term("triple", str(term), parts=parts)


def results_from_oxigraph(answer) -> Results:
    """Convert a pyoxigraph query answer (SELECT solutions or ASK boolean)."""
    import pyoxigraph as ox

    if isinstance(answer, ox.QueryBoolean):
        return Results(boolean=bool(answer))
    if not isinstance(answer, ox.QuerySolutions):
        raise QueryError("only SELECT and ASK queries are supported (this one returns triples)")
    variables = [v.value for v in answer.variables]
    return Results(variables, rows_from_oxigraph(variables, answer))


def rows_from_oxigraph(variables: list[str], solutions: Iterable) -> list[dict[str, Term]]:
    """Rows of `Term` from pyoxigraph solutions. A solution iterates over its values in
    the order of ``variables`` (faster than looking each one up by name), and a term met
    again (a document, a concept, a collection on every row) is converted once: `Term` is
    immutable, so rows share it."""
    seen: dict = {}
    rows = []
    for solution in solutions:
        row = {}
        for v, t in zip(variables, solution, strict=True):
            if t is not None:
                term = seen.get(t)
                if term is None:
                    term = seen[t] = term_from_oxigraph(t)
                row[v] = term
        rows.append(row)
    return rows


def _term_from_json(binding: object, where: str) -> Term:
    if not isinstance(binding, dict) or "type" not in binding or "value" not in binding:
        raise QueryError(f"malformed SPARQL JSON results: bad binding at {where}")
    kind = binding["type"]
    value = binding["value"]
    if kind == "typed-literal":  # SPARQL 1.0 servers
        kind = "literal"
    if kind not in ("uri", "literal", "bnode", "triple") or not isinstance(value, (str, dict)):
        raise QueryError(f"malformed SPARQL JSON results: bad term type {kind!r} at {where}")
    if kind == "triple":
        if not isinstance(value, dict) or not all(
            k in value for k in ("subject", "predicate", "object")
        ):
            raise QueryError(f"malformed SPARQL JSON results: bad quoted triple at {where}")
        s, p, o = (_term_from_json(value[k], where) for k in ("subject", "predicate", "object"))
        return Term("triple", f"{s.n3()} {p.n3()} {o.n3()}", parts=(s, p, o))
    value = str(value)
    lang = binding.get("xml:lang")
    datatype = binding.get("datatype")
    if datatype == RDF_LANG_STRING and not lang:
        datatype = None
    if kind != "literal":
        return Term(kind, value)
    direction = binding.get("its:dir") if lang else None
    if direction is not None:
        return Term("literal", value, lang=str(lang), direction=str(direction))
    return Term.literal(value, lang, datatype)


def results_from_json(data: object) -> Results:
    """Validate and convert a parsed SPARQL 1.1 Query Results JSON document."""
    if not isinstance(data, dict) or "head" not in data:
        raise QueryError("malformed SPARQL JSON results: no 'head'")
    if "boolean" in data:
        if not isinstance(data["boolean"], bool):
            raise QueryError("malformed SPARQL JSON results: 'boolean' is not true/false")
        return Results(boolean=data["boolean"])
    head, results = data.get("head"), data.get("results")
    variables = head.get("vars") if isinstance(head, dict) else None
    bindings = results.get("bindings") if isinstance(results, dict) else None
    if not isinstance(variables, list) or not all(isinstance(v, str) for v in variables):
        raise QueryError("malformed SPARQL JSON results: 'head.vars' is not a list of names")
    if not isinstance(bindings, list):
        raise QueryError("malformed SPARQL JSON results: 'results.bindings' is not a list")
    rows = []
    for i, b in enumerate(bindings):
        if not isinstance(b, dict):
            raise QueryError(f"malformed SPARQL JSON results: binding {i} is not an object")
        rows.append(
            {v: _term_from_json(t, f"row {i}, ?{v}") for v, t in b.items() if v in variables}
        )
    return Results(list(variables), rows)
