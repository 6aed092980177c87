"""The library of named queries: ``src/marxkg/queries/*.rq`` with a comment header.

Header lines (before the query text)::

    # name: concept-sentences
    # description: Every sentence that mentions a concept, in reading order.
    # param: ?concept = concept:fixed-capital
    # param: ?marx = UNDEF concept:
    # requires: tokens

``param`` declares a variable for ``--bind``: its default (a term, or ``UNDEF`` for
"unbound: all rows") and, for IRI parameters, the namespace in which bare values are
read. ``requires: tokens`` makes the runner load the token layer. The query text itself
is standard SPARQL 1.1 without a prologue: the project's prefixes come from
`marxkg.vocab` (`marxkg.query.runner.with_prefixes` declares the ones a query uses), so
the namespace IRIs are written once; with them (``marxkg query NAME --show-query``) it
runs on any store (parameters then stay unbound).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from marxkg import paths
from marxkg.query.results import QueryError
from marxkg.query.sparql import Param

HEADER = re.compile(r"^#\s*(?P<key>[a-z]+)\s*:\s*(?P<value>.*?)\s*$")
KEYS = ("name", "description", "param", "requires")
REQUIREMENTS = ("tokens",)
NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class NamedQuery:
    name: str
    description: str
    text: str
    params: tuple[Param, ...] = ()
    requires: tuple[str, ...] = ()
    path: Path | None = field(default=None, compare=False)

    @property
    def needs_tokens(self) -> bool:
        return "tokens" in self.requires

    def param(self, var: str) -> Param | None:
        return next((p for p in self.params if p.name == var), None)


def parse_query_file(text: str, origin: str, default_name: str = "") -> NamedQuery:
    """Read the comment header of a ``.rq`` text (a query without a header is allowed)."""
    meta: dict[str, str] = {}
    params: list[Param] = []
    requires: list[str] = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        m = HEADER.match(stripped)
        if not m or m.group("key") not in KEYS:
            continue
        key, value = m.group("key"), m.group("value")
        if key == "param":
            params.append(Param.parse(value, origin))
        elif key == "requires":
            for req in value.replace(",", " ").split():
                if req not in REQUIREMENTS:
                    raise QueryError(f"{origin}: unknown requirement {req!r}")
                requires.append(req)
        else:
            meta[key] = value
    name = meta.get("name", default_name)
    names = [p.name for p in params]
    if len(set(names)) != len(names):
        raise QueryError(f"{origin}: a parameter is declared twice")
    return NamedQuery(name, meta.get("description", ""), text, tuple(params), tuple(requires))


def load_library(directory: Path | None = None) -> dict[str, NamedQuery]:
    """The registry of named queries, by name, from every ``*.rq`` file of ``directory``."""
    directory = Path(directory or paths.QUERIES_DIR)
    library: dict[str, NamedQuery] = {}
    for path in sorted(directory.glob("*.rq")):
        q = parse_query_file(path.read_text(encoding="utf-8"), str(path), path.stem)
        if q.name != path.stem:
            raise QueryError(f"{path}: '# name: {q.name}' does not match the file name")
        if not NAME.match(q.name) or not q.description:
            raise QueryError(f"{path}: a named query needs a kebab-case name and a description")
        library[q.name] = NamedQuery(q.name, q.description, q.text, q.params, q.requires, path)
    return library


def _looks_like_sparql(spec: str) -> bool:
    return bool(
        re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE|PREFIX)\b", spec, re.IGNORECASE) or "{" in spec
    )


def resolve(spec: str, library: dict[str, NamedQuery] | None = None) -> NamedQuery:
    """A query from a name of the library, a ``.rq`` file, or SPARQL text."""
    library = load_library() if library is None else library
    if spec in library:
        return library[spec]
    if spec.endswith(".rq") or (len(spec) < 4096 and "\n" not in spec and Path(spec).is_file()):
        path = Path(spec)
        if not path.is_file():
            raise QueryError(f"{spec}: no such query file")
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise QueryError(f"{spec}: cannot read ({exc})") from exc
        q = parse_query_file(text, spec, path.stem)
        return NamedQuery(q.name, q.description, text, q.params, q.requires, path)
    if _looks_like_sparql(spec):
        return parse_query_file(spec, "query text", "(inline)")
    close = difflib.get_close_matches(spec, list(library), n=3)
    hint = f" Did you mean: {', '.join(close)}?" if close else ""
    raise QueryError(
        f"unknown query {spec!r}.{hint} `marxkg query --list` lists the named "
        "queries; you can also give a .rq file or SPARQL text."
    )


def describe_param(p: Param) -> dict[str, str]:
    """A parameter for people: ``{"name", "takes", "default"}`` (``--list``, ``--help``,
    the query page)."""
    from marxkg.query.formats import shorten
    from marxkg.query.sparql import PREFIXES

    if p.namespace == PREFIXES["concept"]:
        takes = "a concept: slug (fixed-capital) or any label (固定资本, fixed capital)"
    elif p.namespace is not None:
        prefix = next((k for k, v in PREFIXES.items() if v == p.namespace), None)
        takes = f"a name in {prefix}: ({p.namespace})" if prefix else f"an IRI in <{p.namespace}>"
    elif p.literal is not None and p.literal.lang:
        takes = f"text (@{p.literal.lang})"
    elif p.literal is not None and p.literal.datatype:
        takes = f"a value of {shorten(p.literal.datatype)}"
    else:
        takes = "a value"
    if p.default is None:
        default = "unbound (all rows)"
    elif p.default.type == "uri":
        default = shorten(p.default.value)
    else:
        default = p.default.value
    return {"name": p.name, "takes": takes, "default": default}


def dumps_query_list(library: dict[str, NamedQuery]) -> str:
    """``marxkg query --list``: each query with its description and its parameters."""
    width = max((len(n) for n in library), default=0)
    lines = []
    for name, q in library.items():
        lines.append(f"{name.ljust(width)}  {q.description}")
        for p in q.params:
            d = describe_param(p)
            lines.append(
                f"{'':{width}}    --bind {d['name']}=…  {d['takes']}; default: {d['default']}"
            )
        if q.needs_tokens:
            lines.append(f"{'':{width}}    (needs the token layer: --tokens is implied)")
    return "\n".join(lines) + "\n"


def dumps_query_help(q: NamedQuery) -> str:
    """``marxkg query NAME --help``: what the query answers and how to bind it."""
    lines = [f"marxkg query {q.name}: {q.description}", ""]
    if q.params:
        lines.append("Parameters (bind with --bind VAR=VALUE; VAR=* leaves it unbound):")
        for p in q.params:
            d = describe_param(p)
            lines.append(f"  {d['name']:<12} {d['takes']}")
            lines.append(f"  {'':<12} default: {d['default']}")
        example = q.params[0].name
        lines += ["", f"Example: marxkg query {q.name} --bind {example}=… --format csv"]
    else:
        lines.append(f"No parameters. Example: marxkg query {q.name} --format csv")
    if q.needs_tokens:
        lines += ["", "Needs the token layer (<doc-id>/tokens.ttl): loaded automatically."]
    lines += ["", f"Options: marxkg query --help. Query text: marxkg query {q.name} --show-query"]
    return "\n".join(lines) + "\n"
