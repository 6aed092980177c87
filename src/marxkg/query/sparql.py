"""SPARQL text handling without string concatenation of untrusted input.

- a small lexer (comments, strings, IRIs, variables, prefixed names, words) that finds the
  query form, the outermost group pattern and any ``SERVICE`` keyword;
- `parse_term` / `resolve_value`: turn a ``--bind`` value into a validated `Term` (an IRI
  or a literal);
- `inject_values`: add ``VALUES ?var { term ... }`` blocks at the start of the outermost
  ``WHERE`` group, each term re-serialised from its parsed form, never pasted; and put
  the same terms in place of each ``VALUES ?var { UNDEF }`` block of the text (a
  placeholder by which a query binds a parameter inside a sub-SELECT too).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from marxkg.query.results import QueryError, Term
from marxkg.vocab import DEFAULT_BASE, MKG, XSD, prefixes

#: Prefixes understood in ``--bind`` values and ``# param:`` defaults (and used to shorten
#: IRIs in table output): the vocabulary plus the data prefixes of the default base.
PREFIXES = prefixes()

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
      |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][\w\u00b7\u0300-\u036f\u203f\u2040]+)
  | (?P<pname>(?:[^\W\d_][\w.-]*)?:(?:[\w:%\\-]|\.(?=[\w:%\\-]))*)
  | (?P<word>[^\W\d][\w]*)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)

VARNAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*\Z")
LANGTAG = re.compile(r"^[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*\Z")
# An absolute IRI: a scheme, then no character that IRIREF forbids.
ABS_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^<>\"{}|^`\\\x00-\x20]*\Z")
IRI_SCHEMES = ("http://", "https://", "urn:", "mailto:", "tag:", "file:")
NUMERIC = {
    XSD + "integer": re.compile(r"^[+-]?[0-9]+\Z"),
    XSD + "nonNegativeInteger": re.compile(r"^\+?[0-9]+\Z"),
    XSD + "decimal": re.compile(r"^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)\Z"),
    XSD + "double": re.compile(r"^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?\Z"),
    XSD + "boolean": re.compile(r"^(?:true|false|0|1)\Z"),
}
UNBOUND = "*"


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    start: int


def tokenize(query: str) -> list[Token]:
    """Significant tokens of a SPARQL text (whitespace and comments dropped)."""
    out = []
    for m in _TOKEN.finditer(query):
        kind = m.lastgroup or "other"
        if kind not in ("ws", "comment"):
            out.append(Token(kind, m.group(), m.start()))
    return out


def query_form(tokens: list[Token]) -> str:
    """``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE`` (the first such keyword)."""
    for t in tokens:
        if t.kind == "word" and t.text.upper() in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
            return t.text.upper()
        if t.kind == "word" and t.text.upper() in (
            "INSERT",
            "DELETE",
            "LOAD",
            "CLEAR",
            "DROP",
            "CREATE",
            "ADD",
            "MOVE",
            "COPY",
            "WITH",
        ):
            raise QueryError(
                f"SPARQL updates are not allowed ({t.text.upper()}); the graph is read-only"
            )
    raise QueryError("not a SPARQL query: no SELECT, ASK, CONSTRUCT or DESCRIBE")


def check_local(query: str) -> list[Token]:
    """Refuse what must not run on the local store; return the tokens.

    Oxigraph (like rdflib) follows ``SERVICE`` with outbound HTTP requests: marxkg never
    touches the network at run time, so ``SERVICE`` is refused before evaluation.
    """
    tokens = tokenize(query)
    for t in tokens:
        if t.kind == "word" and t.text.upper() == "SERVICE":
            raise QueryError(
                "SERVICE (federated query) is refused: marxkg queries run "
                "offline on the local graph"
            )
    form = query_form(tokens)
    if form not in ("SELECT", "ASK"):
        raise QueryError(f"{form} queries are not supported: use SELECT or ASK")
    return tokens


def mentioned_variables(tokens: list[Token]) -> set[str]:
    return {t.text[1:] for t in tokens if t.kind == "var"}


def _expand_curie(text: str) -> str | None:
    if ":" not in text or text.startswith(IRI_SCHEMES):
        return None
    prefix, local = text.split(":", 1)
    if prefix in PREFIXES and re.fullmatch(r"[^<>\"{}|^`\\\x00-\x20]*", local):
        return PREFIXES[prefix] + local
    return None


def _validated_iri(value: str, origin: str) -> Term:
    if not ABS_IRI.match(value):
        raise QueryError(f"{origin}: {value!r} is not a valid absolute IRI")
    return Term.iri(value)


def parse_term(text: str, origin: str = "value") -> Term:
    """Parse an explicit term: ``<iri>``, ``prefix:local``, ``"literal"[@lang|^^type]``,
    a number, or ``true``/``false``."""
    text = text.strip()
    if text.startswith("<") and text.endswith(">"):
        return _validated_iri(text[1:-1], origin)
    m = re.fullmatch(
        r'"((?:[^"\\]|\\[tbnrf"\'\\])*)"(?:@(?P<lang>[^"]+)|\^\^(?P<dt>[^"]+))?', text, re.DOTALL
    )
    if m:
        lang, dt = m.group("lang"), m.group("dt")
        if lang is not None and not LANGTAG.match(lang):
            raise QueryError(f"{origin}: {lang!r} is not a language tag")
        if dt is not None:
            dt_term = parse_term(dt, origin)
            if dt_term.type != "uri":
                raise QueryError(f"{origin}: datatype {dt!r} is not an IRI")
            return _typed(_unescape(m.group(1)), dt_term.value, origin)
        return Term.literal(_unescape(m.group(1)), lang)
    if re.fullmatch(r"[+-]?[0-9]+", text):
        return Term.literal(text, datatype=XSD + "integer")
    if text in ("true", "false"):
        return Term.literal(text, datatype=XSD + "boolean")
    if text.startswith(IRI_SCHEMES):
        return _validated_iri(text, origin)
    expanded = _expand_curie(text)
    if expanded is not None:
        return Term.iri(expanded)
    raise QueryError(
        f"{origin}: cannot read {text!r} as an IRI (<...> or prefix:name) or a "
        'literal ("..." or a number)'
    )


_ECHAR = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def _unescape(text: str) -> str:
    """Undo the string escapes of SPARQL (``\\"``, ``\\n``, ...)."""
    return re.sub(r"\\(.)", lambda m: _ECHAR[m.group(1)], text)


def _typed(lexical: str, datatype: str, origin: str) -> Term:
    pattern = NUMERIC.get(datatype)
    if pattern is not None and not pattern.match(lexical):
        raise QueryError(f"{origin}: {lexical!r} is not a valid <{datatype}>")
    return Term.literal(lexical, datatype=datatype)


def namespace_of(iri: str) -> str:
    """The part of an IRI up to its last ``/`` or ``#``."""
    cut = max(iri.rfind("/"), iri.rfind("#"))
    return iri[: cut + 1]


@dataclass(frozen=True)
class Param:
    """A declared parameter of a named query (``# param: ?var = default``).

    ``default`` is None for ``UNDEF`` (unbound unless bound). ``namespace``: where bare
    values (``--bind concept=fixed-capital``) resolve when the parameter takes IRIs.
    ``literal``: a template literal for bare values of literal parameters.
    """

    name: str
    default: Term | None = None
    namespace: str | None = None
    literal: Term | None = None

    @classmethod
    def parse(cls, spec: str, origin: str) -> Param:
        m = re.fullmatch(r"\?(?P<name>\w+)\s*=\s*(?P<rest>.+)", spec.strip())
        if not m or not VARNAME.match(m.group("name")):
            raise QueryError(f"{origin}: bad param line {spec!r} (want '?var = default')")
        name, rest = m.group("name"), m.group("rest").strip()
        if rest.split()[0] == "UNDEF":
            extra = rest.split()[1:]
            if not extra:
                return cls(name)
            ns = extra[0]
            ns_iri = ns[1:-1] if ns.startswith("<") else PREFIXES.get(ns.rstrip(":"))
            if len(extra) > 1 or ns_iri is None or not ns.endswith((":", ">")):
                raise QueryError(f"{origin}: bad namespace {ns!r} after UNDEF")
            return cls(name, None, _validated_iri(ns_iri, origin).value)
        default = parse_term(rest, origin)
        if default.type == "uri":
            return cls(name, default, namespace_of(default.value))
        return cls(name, default, None, default)

    def value(self, raw: str) -> Term:
        """Read a ``--bind`` value for this parameter."""
        return resolve_value(raw, self, f"--bind {self.name}")


def _is_explicit(raw: str) -> bool:
    return (
        raw.startswith(("<", '"')) or raw.startswith(IRI_SCHEMES) or _expand_curie(raw) is not None
    )


def resolve_value(raw: str, param: Param | None, origin: str) -> Term:
    """A bound value: an explicit term (``<iri>``, ``prefix:name``, ``"literal"``), else a
    bare value read in the parameter's terms (namespace-relative IRI or literal)."""
    raw = raw.strip()
    if not raw:
        raise QueryError(f"{origin}: empty value")
    if _is_explicit(raw):
        return parse_term(raw, origin)
    if param is not None and param.namespace is not None:
        return _validated_iri(param.namespace + raw, origin)
    template = param.literal if param is not None else None
    if template is not None and template.lang:
        return Term.literal(raw, lang=template.lang)
    if template is not None and template.datatype:
        return _typed(raw, template.datatype, origin)
    if template is None and re.fullmatch(r"[+-]?[0-9]+|true|false", raw):
        return parse_term(raw, origin)
    return Term.literal(raw)


def parse_binding(expr: str) -> tuple[str, str]:
    """``var=value`` (also ``?var=value``) -> (var, raw value)."""
    if "=" not in expr:
        raise QueryError(f"--bind {expr!r}: want VAR=VALUE")
    var, raw = expr.split("=", 1)
    var = var.strip().lstrip("?$")
    if not VARNAME.match(var):
        raise QueryError(f"--bind {expr!r}: {var!r} is not a variable name")
    return var, raw


def outer_group_start(tokens: list[Token]) -> int:
    """Offset just after the ``{`` that opens the outermost WHERE group."""
    form = query_form(tokens)
    seen_where = False
    for t in tokens:
        if t.kind == "word" and t.text.upper() == "WHERE":
            seen_where = True
        if t.kind == "other" and t.text == "{" and (form in ("SELECT", "ASK") or seen_where):
            return t.start + 1
    raise QueryError("cannot find the WHERE clause of the query")


def values_block(var: str, terms: list[Term]) -> str:
    if not VARNAME.match(var):
        raise QueryError(f"{var!r} is not a variable name")
    for t in terms:
        if t.type == "uri" and not ABS_IRI.match(t.value):
            raise QueryError(f"{t.value!r} is not a valid absolute IRI")
        if t.lang and not LANGTAG.match(t.lang):
            raise QueryError(f"{t.lang!r} is not a language tag")
        if t.datatype and not ABS_IRI.match(t.datatype):
            raise QueryError(f"{t.datatype!r} is not a valid datatype IRI")
        if t.type not in ("uri", "literal"):
            raise QueryError("only IRIs and literals can be bound")
    return f"VALUES ?{var} {{ " + " ".join(t.n3() for t in terms) + " }"


def placeholders(tokens: list[Token]) -> list[tuple[str, int, int]]:
    """``(var, start, end)`` of each ``VALUES ?var { UNDEF }`` block: one variable, one
    row, unbound. As SPARQL it changes nothing (UNDEF is compatible with every value); a
    named query writes one inside a sub-SELECT that projects ``?var`` so that a binding of
    the parameter reaches the sub-SELECT too (Oxigraph evaluates a sub-SELECT before the
    outer bindings reach it: a sub-SELECT counting every concept's mentions when one
    concept is asked for)."""
    out = []
    for i in range(len(tokens) - 4):
        a, v, lb, u, rb = tokens[i : i + 5]
        if (
            a.kind == "word"
            and a.text.upper() == "VALUES"
            and v.kind == "var"
            and (lb.kind, lb.text, u.kind, rb.kind, rb.text) == ("other", "{", "word", "other", "}")
            and u.text.upper() == "UNDEF"
        ):
            out.append((v.text[1:], a.start, rb.start + 1))
    return out


def inject_values(query: str, bindings: dict[str, list[Term]]) -> str:
    """Add one ``VALUES`` block per bound variable at the start of the outer WHERE group,
    and bind each placeholder block of a bound variable (`placeholders`) to the same
    terms. A variable not bound keeps its placeholders (no restriction)."""
    if not bindings:
        return query
    tokens = tokenize(query)
    missing = sorted(set(bindings) - mentioned_variables(tokens))
    if missing:
        raise QueryError(
            "cannot bind " + ", ".join("?" + v for v in missing) + ": not a variable of the query"
        )
    at = outer_group_start(tokens)
    blocks = "".join(f"\n  {values_block(v, ts)}" for v, ts in sorted(bindings.items()))
    edits = [
        (start, end, values_block(var, bindings[var]))
        for var, start, end in placeholders(tokens)
        if var in bindings
    ]
    edits.append((at, at, blocks))
    for start, end, text in sorted(edits, reverse=True):  # from the end: offsets stay valid
        query = query[:start] + text + query[end:]
    return query


def rebase_query(query: str, base: str) -> str:
    """The query with every data IRI of the default base moved under ``base``.

    Only IRI tokens (``<…>``) are rewritten, and the vocabulary (``…/ontology#``) stays; so a
    named query, its ``# param:`` defaults and its bound values address a graph built with
    ``marxkg build --base``.
    """
    if base == DEFAULT_BASE:
        return query
    out: list[str] = []
    pos = 0
    for tok in tokenize(query):
        iri = tok.text[1:-1]
        if tok.kind == "iri" and iri.startswith(DEFAULT_BASE) and not iri.startswith(MKG):
            out.append(query[pos : tok.start] + f"<{base}{iri[len(DEFAULT_BASE) :]}>")
            pos = tok.start + len(tok.text)
    out.append(query[pos:])
    return "".join(out)
