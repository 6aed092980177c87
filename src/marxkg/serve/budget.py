"""The query budget: how big a query may be before anything evaluates it.

Measured on rdflib's parse tree, after the text was accepted by the lexical rules and
before Oxigraph's parser sees it: Oxigraph's parser and evaluator recurse over the query,
and a 1,900-branch UNION (61.6 KB, under the size cap) overflowed its stack and took the
endpoint down. The limits are above the shipped named queries (the largest has 14
triple patterns, 3 UNION branches and group nesting 4; see tests/test_serve_guard.py).

A lexical pre-check (:func:`check_lexical_budget`) runs first, in milliseconds, with the
lexer of :mod:`marxkg.query.sparql` (strings, IRIs and comments are single tokens): it
can only refuse, never accept, and it refuses only what the tree check would refuse too
(each UNION keyword adds at least one branch), so a long query is refused without
waiting seconds for rdflib's parser.
"""

from __future__ import annotations

from dataclasses import dataclass

from marxkg.serve.guard import Refusal


@dataclass(frozen=True)
class Budget:
    max_nodes: int = 4000  # named parse-tree nodes (the algebra's size)
    max_union_branches: int = 64  # branches of all UNIONs together
    max_group_depth: int = 24  # { } groups, OPTIONAL, MINUS, sub-queries nested
    max_depth: int = 600  # any named node nested (expressions included)
    max_triple_patterns: int = 64  # Oxigraph plans a 64-pattern star in 0.3 s, 256 in 90 s
    max_tokens: int = 5000  # lexical tokens: bounds the parsers' time before they run


DEFAULT_BUDGET = Budget()

GROUPS = {"GroupGraphPatternSub", "SubSelect"}


@dataclass
class Size:
    nodes: int = 0
    union_branches: int = 0
    group_depth: int = 0
    depth: int = 0
    triple_patterns: int = 0


def measure(tree: object) -> Size:
    """Count the parse tree of one query (a CompValue from rdflib's ``Query`` grammar)."""
    from pyparsing import ParseResults

    size = Size()
    stack: list[tuple[object, int, int]] = [(tree, 0, 0)]
    while stack:
        item, depth, groups = stack.pop()
        if isinstance(item, dict):  # CompValue
            name = getattr(item, "name", None)
            if name:
                size.nodes += 1
                depth += 1
                size.depth = max(size.depth, depth)
                if name in GROUPS:
                    groups += 1
                    size.group_depth = max(size.group_depth, groups)
                elif name == "GroupOrUnionGraphPattern":
                    branches = len(item.get("graph") or ())
                    if branches > 1:
                        size.union_branches += branches
                elif name == "TriplesBlock":
                    size.triple_patterns += sum(len(t) // 3 for t in item.get("triples") or ())
            stack.extend((v, depth, groups) for v in item.values())
        elif isinstance(item, (ParseResults, list, tuple)):
            stack.extend((v, depth, groups) for v in item)
    return size


def check_lexical_budget(text: str, budget: Budget = DEFAULT_BUDGET) -> None:
    """Refuse (400 ``over_budget``) a text with too many tokens or UNION keywords."""
    from marxkg.query.sparql import tokenize

    tokens = tokenize(text)
    unions = sum(1 for t in tokens if t.kind == "word" and t.text.upper() == "UNION")
    if unions + 1 > budget.max_union_branches:
        raise Refusal(
            400,
            "over_budget",
            f"the query has at least {unions + 1} UNION branches; this endpoint "
            f"evaluates at most {budget.max_union_branches}: split it into "
            "smaller queries",
        )
    if len(tokens) > budget.max_tokens:
        raise Refusal(
            400,
            "over_budget",
            f"the query has {len(tokens)} tokens; this endpoint evaluates at most "
            f"{budget.max_tokens}: split it into smaller queries",
        )


def check_budget(tree: object, budget: Budget = DEFAULT_BUDGET) -> Size:
    """Refuse (400 ``over_budget``) a query whose parse tree exceeds ``budget``."""
    size = measure(tree)
    for what, value, limit in (
        ("UNION branches", size.union_branches, budget.max_union_branches),
        ("triple patterns", size.triple_patterns, budget.max_triple_patterns),
        ("nested groups", size.group_depth, budget.max_group_depth),
        ("nesting levels", size.depth, budget.max_depth),
        ("parts (parse-tree nodes)", size.nodes, budget.max_nodes),
    ):
        if value > limit:
            raise Refusal(
                400,
                "over_budget",
                f"the query has {value} {what}; this endpoint evaluates at most "
                f"{limit}: split it into smaller queries",
            )
    return size
