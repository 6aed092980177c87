"""The data checks of ``marxkg validate`` that run over the build's store (SPARQL), not
SHACL: each document's token layer and word counts, the facts the build derives for the
named queries, the cross-document links and the corpus's word counts
(`marxkg.validate`)."""

from __future__ import annotations

from typing import Any

from marxkg.vocab import CITO as CITO_NS
from marxkg.vocab import DCTERMS as DCTERMS_NS
from marxkg.vocab import ITSRDF as ITSRDF_NS
from marxkg.vocab import MKG as MKG_NS
from marxkg.vocab import NIF as NIF_NS

_NIF = NIF_NS  # the NIF namespace IRI (marxkg.vocab)
TOKEN_QUERY = f"""
SELECT ?w ?b ?e ?a ?c ?s WHERE {{
  GRAPH <{{graph}}> {{ ?w a <{_NIF}Word> }}
  OPTIONAL {{ ?w <{_NIF}beginIndex> ?b }}
  OPTIONAL {{ ?w <{_NIF}endIndex> ?e }}
  OPTIONAL {{ ?w <{_NIF}anchorOf> ?a }}
  OPTIONAL {{ ?w <{_NIF}referenceContext> ?c }}
  OPTIONAL {{ ?w <{_NIF}sentence> ?s }}
}}"""
#: The texts of the contexts named by one document's words (``{contexts}``: IRIs): each
#: document's check reads its own contexts only (reading every context of the corpus for
#: each document made the checks quadratic in the corpus's text)
CONTEXT_QUERY = (
    f"SELECT ?c ?text WHERE {{ VALUES ?c {{ {{contexts}} }} ?c <{_NIF}isString> ?text }}"
)
_MKG = MKG_NS
#: The word counts (mkg:WordCount, derived at build time) of one token graph, and the
#: counts of its tokens by word and tag: the two must agree.
WORD_COUNT_QUERY = f"""
SELECT ?word ?pos ?n WHERE {{
  GRAPH <{{graph}}> {{ ?wc a <{_MKG}WordCount> ; <{_MKG}word> ?word ; <{_MKG}posTag> ?pos ;
                       <{_MKG}tokenCount> ?n }}
}}"""
TOKEN_COUNT_QUERY = f"""
SELECT ?word ?pos (COUNT(?w) AS ?n) WHERE {{
  GRAPH <{{graph}}> {{ ?w a <{_NIF}Word> ; <{_NIF}posTag> ?pos }}
  ?w <{_NIF}anchorOf> ?word .
}} GROUP BY ?word ?pos"""

#: The corpus's word counts (mkg:CorpusWordCount, default graph), each value optional so
#: that a missing one is reported; and the documents' counts added up, from their token
#: graphs: the two must agree.
CORPUS_COUNT_QUERY = f"""
SELECT ?wc ?word ?pos ?n ?d ?in WHERE {{
  ?wc a <{_MKG}CorpusWordCount> .
  OPTIONAL {{ ?wc <{_MKG}word> ?word }}
  OPTIONAL {{ ?wc <{_MKG}posTag> ?pos }}
  OPTIONAL {{ ?wc <{_MKG}tokenCount> ?n }}
  OPTIONAL {{ ?wc <{_MKG}documentCount> ?d }}
  OPTIONAL {{ ?wc <{_MKG}countedIn> ?in . ?in a <{_MKG}Corpus> }}
}}"""
DOCUMENT_COUNTS_QUERY = f"""
SELECT ?word ?pos (SUM(?n) AS ?tokens) (COUNT(?wc) AS ?docs) WHERE {{
  GRAPH ?g {{ ?wc a <{_MKG}WordCount> ; <{_MKG}word> ?word ; <{_MKG}posTag> ?pos ;
                  <{_MKG}tokenCount> ?n }}
}} GROUP BY ?word ?pos"""

_ITS = ITSRDF_NS
_DCT = DCTERMS_NS
_CITO = CITO_NS
#: Sentences whose derived facts (mkg:mentionsConcept, mkg:inSection) disagree with the
#: mentions and the structure they are derived from.
DERIVED_QUERY = f"""
SELECT ?value ?reason WHERE {{
  {{
    # MINUS (one anti-join by hashing): FILTER NOT EXISTS took 20 s on 1,000 papers
    {{ ?value <{_MKG}mentionsConcept> ?c . }}
    MINUS {{ ?m <{_NIF}sentence> ?value ; <{_ITS}taIdentRef> ?c . }}
    BIND(CONCAT("mkg:mentionsConcept <", STR(?c), "> without a mention") AS ?reason)
  }} UNION {{
    ?m <{_ITS}taIdentRef> ?c ; <{_NIF}sentence> ?value .
    FILTER NOT EXISTS {{ ?value <{_MKG}translationOf> ?source }}
    FILTER NOT EXISTS {{ ?value <{_MKG}mentionsConcept> ?c }}
    BIND(CONCAT("a mention of <", STR(?c), "> but no mkg:mentionsConcept") AS ?reason)
  }} UNION {{
    ?value <{_MKG}inSection> ?sec .
    FILTER NOT EXISTS {{
      ?value <{_NIF}superString> ?block .
      {{ ?sec <{_DCT}hasPart> ?block }} UNION {{ ?sec <{_MKG}heading> ?block }}
    }}
    BIND(CONCAT("mkg:inSection <", STR(?sec), "> but its block is not in that section")
         AS ?reason)
  }} UNION {{
    ?value <{_NIF}superString> ?block .
    {{ ?sec <{_DCT}hasPart> ?block }} UNION {{ ?sec <{_MKG}heading> ?block }}
    ?sec a <{_MKG}Section> .
    FILTER NOT EXISTS {{ ?value <{_MKG}inSection> ?sec }}
    BIND(CONCAT("its block is in section <", STR(?sec), "> but no mkg:inSection") AS ?reason)
  }}
}}"""
#: Each section's derived counts beside the counts of its document's citations whose
#: citing sentence starts in the section's range.
SECTION_COUNT_QUERY = f"""
SELECT ?sec ?stated ?statedMarx ?statedNotes (COUNT(DISTINCT ?citation) AS ?n)
       (COUNT(DISTINCT ?marxCitation) AS ?marx) (COUNT(DISTINCT ?note) AS ?notes)
WHERE {{
  ?sec a <{_MKG}Section> ; <{_NIF}beginIndex> ?sb ; <{_NIF}endIndex> ?se ;
       <{_DCT}isPartOf>+ ?doc .
  ?doc a <{_NIF}Context> .
  OPTIONAL {{ ?sec <{_MKG}citationCount> ?stated }}
  OPTIONAL {{ ?sec <{_MKG}marxCitationCount> ?statedMarx }}
  OPTIONAL {{ ?sec <{_MKG}footnoteCount> ?statedNotes }}
  OPTIONAL {{
    ?citation <{_CITO}hasCitingEntity> ?sentence ; <{_MKG}footnote> ?note .
    ?sentence <{_NIF}referenceContext> ?doc ; <{_NIF}beginIndex> ?begin .
    FILTER(?begin >= ?sb && ?begin < ?se)
    OPTIONAL {{
      ?citation <{_CITO}hasCitedEntity> ?item .
      ?item a ?type .
      FILTER(?type IN (<{_MKG}CitedPassage>, <{_MKG}CollectionVolume>))
      BIND(?citation AS ?marxCitation)
    }}
  }}
}} GROUP BY ?sec ?stated ?statedMarx ?statedNotes"""


def check_derived(reader: Any) -> list[str]:
    """The facts the build derives for the queries against their sources, over the store
    (SHACL-SPARQL in pySHACL took about a second per paper): a sentence's concepts and
    section, a section's counts of citations, citations of Marx and footnotes."""
    errors = [
        f"{r['value'].value}: {r['reason'].value}" for r in reader.query(DERIVED_QUERY, False)
    ]
    for r in reader.query(SECTION_COUNT_QUERY, False):
        for stated, actual, what in (
            ("stated", "n", "mkg:citationCount"),
            ("statedMarx", "marx", "mkg:marxCitationCount"),
            ("statedNotes", "notes", "mkg:footnoteCount"),
        ):
            got = None if r[stated] is None else int(r[stated].value)
            if got != int(r[actual].value):
                errors.append(f"{r['sec'].value}: {what} {got}, but {r[actual].value} counted")
    return sorted(errors)


#: The claims: each one's document and the figure it states (if sourced).
CLAIMS_QUERY = f"""
SELECT ?c ?d ?f WHERE {{
  ?c a <{_MKG}QuantitativeClaim> ; <{_DCT}isPartOf> ?d .
  OPTIONAL {{ ?c <{_MKG}statesFigure> ?f }}
}}"""
#: The links out of some claims (``{claims}``: IRIs), and all the links (counted).
LINKS_FROM_QUERY = f"SELECT ?a ?b WHERE {{ VALUES ?a {{ {{claims}} }} ?a <{_MKG}sameFigureAs> ?b }}"
LINKS_QUERY = f"SELECT ?a ?b WHERE {{ ?a <{_MKG}sameFigureAs> ?b }}"
LINKS_COUNT_QUERY = f"SELECT (COUNT(*) AS ?n) WHERE {{ ?a <{_MKG}sameFigureAs> ?b }}"
LINKS_CHUNK = 500  # claims per query of their links


def check_links(reader: Any) -> list[str]:
    """The cross-document links over the store: mkg:sameFigureAs between two
    mkg:QuantitativeClaims of different documents that state the same figure, both ways.
    Read one figure's claims at a time (a link per row of one query, with a lookup for
    each of its conditions, took minutes and gigabytes for the 7.1 million links of 300
    copies of a paper); all the links are read only when some start from no claim of a
    figure."""
    claims: dict[str, tuple[str, str | None]] = {}
    for r in reader.query(CLAIMS_QUERY, False):
        claims[r["c"].value] = (r["d"].value, None if r["f"] is None else r["f"].value)
    by_figure: dict[str, list[str]] = {}
    for claim, (_, figure) in sorted(claims.items()):
        if figure is not None:
            by_figure.setdefault(figure, []).append(claim)
    errors: list[str] = []
    seen = 0
    for figure in sorted(by_figure):
        members = by_figure[figure]
        pairs: set[tuple[str, str]] = set()
        for k in range(0, len(members), LINKS_CHUNK):
            values = " ".join(f"<{c}>" for c in members[k : k + LINKS_CHUNK])
            for r in reader.query(LINKS_FROM_QUERY.replace("{claims}", values), False):
                pairs.add((r["a"].value, r["b"].value))
        seen += len(pairs)
        for a, b in sorted(pairs):
            reason = _link_fault(claims, a, b) or (
                "not stated both ways" if (b, a) not in pairs else None
            )
            if reason:
                errors.append(f"{a} mkg:sameFigureAs {b}: {reason}")
    total = int(next(iter(reader.query(LINKS_COUNT_QUERY, False)))["n"].value)
    if total != seen:  # links from what is not a claim stating a figure
        for r in reader.query(LINKS_QUERY, False):
            a, b = r["a"].value, r["b"].value
            if claims.get(a, ("", None))[1] is None:
                errors.append(f"{a} mkg:sameFigureAs {b}: {_link_fault(claims, a, b)}")
    return sorted(errors)


def _link_fault(claims: dict[str, tuple[str, str | None]], a: str, b: str) -> str | None:
    if a not in claims or b not in claims:
        return "not between two mkg:QuantitativeClaim"
    (doc_a, fig_a), (doc_b, fig_b) = claims[a], claims[b]
    if doc_a == doc_b:
        return "between claims of one document"
    if fig_a is None or fig_a != fig_b:
        return "between claims that state different figures"
    return None


_COUNT_VALUES = {
    "word": "mkg:word",
    "pos": "mkg:posTag",
    "n": "mkg:tokenCount",
    "d": "mkg:documentCount",
    "in": "mkg:countedIn (the mkg:Corpus)",
}


def check_corpus_counts(reader: Any) -> tuple[int, list[str]]:
    """The corpus's word counts against the documents' (each one node with one value of
    each, counted in the corpus; tokens the documents' sum, documents their number):
    (corpus word counts, errors)."""
    stated: dict[tuple[str, str], tuple[int, int]] = {}
    seen: dict[str, int] = {}
    broken: set[tuple[str, str]] = set()  # reported as incomplete, not compared
    errors: list[str] = []
    for row in reader.query(CORPUS_COUNT_QUERY, False):
        wc = row["wc"].value
        seen[wc] = seen.get(wc, 0) + 1
        missing = [k for k in ("word", "pos", "n", "d", "in") if row[k] is None]
        if missing:
            errors.append(
                f"corpus word count {wc}: no " + ", ".join(_COUNT_VALUES[k] for k in missing)
            )
            if row["word"] is not None and row["pos"] is not None:
                broken.add((row["word"].value, row["pos"].value))
            continue
        try:
            numbers = (int(row["n"].value), int(row["d"].value))
        except ValueError:
            errors.append(f"corpus word count {wc}: a count that is not an integer")
            broken.add((row["word"].value, row["pos"].value))
            continue
        stated[(row["word"].value, row["pos"].value)] = numbers
    errors += [f"corpus word count {wc}: {n} sets of values" for wc, n in seen.items() if n > 1]
    added = {
        (r["word"].value, r["pos"].value): (int(r["tokens"].value), int(r["docs"].value))
        for r in reader.query(DOCUMENT_COUNTS_QUERY, False)
    }
    if not seen and added:  # not one of them: a build by an earlier marxkg
        return 0, [
            f"no corpus word counts (mkg:CorpusWordCount) beside the documents' "
            f"{len(added)}: a build by an earlier version of marxkg? build again"
        ]
    for key in sorted((set(stated) | set(added)) - broken):
        if stated.get(key) != added.get(key):
            s, a = stated.get(key, (0, 0)), added.get(key, (0, 0))
            errors.append(
                f"corpus word count of {key[0]!r}/{key[1]}: {s[0]} tokens in {s[1]} documents"
                f" stated, the documents' counts add up to {a[0]} in {a[1]}"
            )
    return len(seen), sorted(errors)


def check_word_counts(reader: Any, doc_id: str) -> list[str]:
    """The document's mkg:WordCount nodes against its tokens (word, tag, number)."""
    from marxkg.store import graph_iri

    graph = graph_iri(reader.base, "tokens", doc_id)

    def counts(query: str) -> dict[tuple[str, str], int]:
        rows = reader.query(query.replace("{graph}", graph), True)
        return {(r["word"].value, r["pos"].value): int(r["n"].value) for r in rows}

    stated, actual = counts(WORD_COUNT_QUERY), counts(TOKEN_COUNT_QUERY)
    return [
        f"{doc_id}: word count of {w!r}/{p}: {stated.get((w, p), 0)} stated, "
        f"{actual.get((w, p), 0)} tokens"
        for w, p in sorted(set(stated) | set(actual))
        if stated.get((w, p)) != actual.get((w, p))
    ]


def check_tokens(reader: Any, doc_id: str) -> tuple[int, list[str]]:
    """Fast checks of one document's token layer over the store: (words, errors)."""
    from marxkg.store import graph_iri

    query = TOKEN_QUERY.replace("{graph}", graph_iri(reader.base, "tokens", doc_id))
    errors: list[str] = []
    spans: list[tuple[str, str, int, int, str]] = []  # word, context, begin, end, anchor
    words = 0
    for row in reader.query(query, True):
        words += 1
        w = row["w"].value
        missing = [k for k in ("b", "e", "a", "c", "s") if row[k] is None]
        if missing:
            errors.append(
                f"{doc_id}: {w}: a nif:Word without "
                + ", ".join(
                    {
                        "b": "beginIndex",
                        "e": "endIndex",
                        "a": "anchorOf",
                        "c": "referenceContext",
                        "s": "sentence",
                    }[k]
                    for k in missing
                )
            )
            continue
        spans.append((w, row["c"].value, int(row["b"].value), int(row["e"].value), row["a"].value))
    texts = _context_texts(reader, {c for _, c, _, _, _ in spans})
    for w, c, b, e, anchor in spans:
        text = texts.get(c)
        if text is None:
            errors.append(f"{doc_id}: {w}: context {c} has no nif:isString")
        elif text[b:e] != anchor:
            errors.append(f"{doc_id}: {w}: anchorOf {anchor[:20]!r} != isString[{b}:{e}]")
    return words, errors


def _context_texts(reader: Any, contexts: set[str]) -> dict[str, str]:
    if not contexts:
        return {}
    values = " ".join(f"<{c}>" for c in sorted(contexts))
    rows = reader.query(CONTEXT_QUERY.replace("{contexts}", values), False)
    return {str(r["c"].value): str(r["text"].value) for r in rows}
