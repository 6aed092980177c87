"""Result formats of the endpoint and content negotiation (``Accept`` or ``format=``).

SELECT and ASK answer in SPARQL JSON, XML, CSV or TSV; CONSTRUCT and DESCRIBE in Turtle,
JSON-LD, N-Triples or RDF/XML. The ``format`` parameter (a short name such as ``csv`` or a
media type) wins over ``Accept``; without either the first format of each list is used.
"""

from __future__ import annotations

from dataclasses import dataclass

from marxkg.serve.guard import Refusal


@dataclass(frozen=True)
class Format:
    name: str  # json | xml | csv | tsv | turtle | jsonld | ntriples | rdfxml
    media_type: str
    aliases: tuple[str, ...] = ()

    @property
    def content_type(self) -> str:
        if self.media_type.startswith("text/") or self.media_type.endswith("json"):
            return f"{self.media_type}; charset=utf-8"
        return self.media_type


RESULT_FORMATS: dict[str, Format] = {
    "json": Format("json", "application/sparql-results+json", ("application/json",)),
    "xml": Format("xml", "application/sparql-results+xml", ("application/xml", "text/xml")),
    "csv": Format("csv", "text/csv"),
    "tsv": Format("tsv", "text/tab-separated-values"),
}

GRAPH_FORMATS: dict[str, Format] = {
    "turtle": Format("turtle", "text/turtle", ("application/x-turtle",)),
    "jsonld": Format("jsonld", "application/ld+json", ("application/json",)),
    "ntriples": Format("ntriples", "application/n-triples", ("text/plain",)),
    "rdfxml": Format("rdfxml", "application/rdf+xml", ("application/xml", "text/xml")),
}

# Short names accepted by ``format=`` (SPARQLWrapper sends json, xml, csv, tsv, turtle,
# json-ld, n3, rdf+xml) mapped to a format name per query kind.
FORMAT_PARAM: dict[str, tuple[str | None, str | None]] = {
    "json": ("json", "jsonld"),
    "srj": ("json", None),
    "xml": ("xml", "rdfxml"),
    "srx": ("xml", None),
    "csv": ("csv", None),
    "tsv": ("tsv", None),
    "turtle": (None, "turtle"),
    "ttl": (None, "turtle"),
    "n3": (None, "turtle"),
    "json-ld": (None, "jsonld"),
    "jsonld": (None, "jsonld"),
    "nt": (None, "ntriples"),
    "ntriples": (None, "ntriples"),
    "n-triples": (None, "ntriples"),
    "rdf": (None, "rdfxml"),
    "rdfxml": (None, "rdfxml"),
    "rdf+xml": (None, "rdfxml"),
}


def formats_for(returns_graph: bool) -> dict[str, Format]:
    return GRAPH_FORMATS if returns_graph else RESULT_FORMATS


def parse_accept(header: str) -> list[tuple[str, float, int]]:
    """``Accept`` as (media range, q, position), best first; q=0 ranges dropped."""
    ranges = []
    for position, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for param in fields[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value.strip())
                except ValueError:
                    q = 0.0
        if q > 0:
            ranges.append((media, q, position))
    # more specific ranges first at equal q (RFC 9110 section 12.5.1)
    ranges.sort(key=lambda r: (-r[1], r[0].count("*"), r[2]))
    return ranges


def _matches(media_range: str, media_type: str) -> bool:
    if media_range in ("*/*", "*"):
        return True
    if media_range.endswith("/*"):
        return media_type.startswith(media_range[:-1])
    return media_range == media_type


def choose_format(returns_graph: bool, accept: str | None, format_param: str | None) -> Format:
    """The response format, or a 406 :class:`Refusal` naming what is available."""
    table = formats_for(returns_graph)
    kind = "CONSTRUCT/DESCRIBE" if returns_graph else "SELECT/ASK"
    available = ", ".join(f"{f.name} ({f.media_type})" for f in table.values())
    if format_param:
        wanted = format_param.strip().lower()
        names = FORMAT_PARAM.get(wanted)
        if names is not None:
            name = names[1] if returns_graph else names[0]
            if name is not None:
                return table[name]
        for fmt in table.values():
            if wanted == fmt.media_type or wanted in fmt.aliases:
                return fmt
        raise Refusal(
            406,
            "not_acceptable",
            f"format={format_param} is not available for {kind} queries; "
            f"choose one of: {available}",
        )
    if not accept or not accept.strip():
        return next(iter(table.values()))
    for media_range, _q, _pos in parse_accept(accept):
        for fmt in table.values():  # exact media types before aliases
            if _matches(media_range, fmt.media_type):
                return fmt
        for fmt in table.values():
            if any(media_range == alias for alias in fmt.aliases):
                return fmt
    raise Refusal(
        406,
        "not_acceptable",
        f"none of the media types in Accept ({accept}) is available for {kind} "
        f"queries; choose one of: {available}",
    )
