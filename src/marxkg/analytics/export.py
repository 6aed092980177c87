"""GraphML and GEXF for Gephi: pure ``dumps_*`` plus a thin atomic writer.

Output is deterministic: the graphs are built in sorted order, and the GEXF header's
``lastmodifieddate`` (networkx stamps today's date) is removed.
"""

from __future__ import annotations

from pathlib import Path

from marxkg import atomic


def _clean(g):
    """A copy of ``g`` without ``None`` attribute values (GraphML cannot hold them)."""
    h = g.copy()
    h.graph = {k: v for k, v in g.graph.items() if v is not None}
    for _, data in h.nodes(data=True):
        for k in [k for k, v in data.items() if v is None]:
            del data[k]
    for *_, data in h.edges(data=True):
        for k in [k for k, v in data.items() if v is None]:
            del data[k]
    return h


def _xml_text(writer) -> str:
    """The writer's XML as text with characters as themselves (not ``&#...;`` references)."""
    from xml.etree.ElementTree import tostring

    writer.indent(writer.xml)
    body = tostring(writer.xml, encoding="unicode").rstrip("\n")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + body + "\n"


def dumps_graphml(g) -> str:
    """GraphML (UTF-8 text) of ``g``."""
    from networkx.readwrite.graphml import GraphMLWriter

    writer = GraphMLWriter(encoding="utf-8", prettyprint=True)
    writer.add_graph_element(_clean(g))
    return _xml_text(writer)


def dumps_gexf(g) -> str:
    """GEXF 1.2 (UTF-8 text) of ``g``, without the date networkx puts in its header."""
    from networkx.readwrite.gexf import GEXFWriter

    writer = GEXFWriter(encoding="utf-8", prettyprint=True, version="1.2draft")
    meta = writer.xml.find("meta")
    if meta is not None:
        meta.attrib.pop("lastmodifieddate", None)
        creator = meta.find("creator")
        if creator is not None:
            creator.text = "marxkg"
    writer.add_graph(_clean(g))
    return _xml_text(writer)


EXPORTERS = {
    "graphml": dumps_graphml,
    "gexf": dumps_gexf,
}


def write_graphs(graphs: dict, directory: Path, formats=tuple(EXPORTERS)) -> list[Path]:
    """Write ``<directory>/<name>.<format>`` for every graph and format (atomically)."""
    written = []
    for name, g in sorted(graphs.items()):
        for fmt in formats:
            path = Path(directory) / f"{name}.{fmt}"
            atomic.write_text(path, EXPORTERS[fmt](g))
            written.append(path)
    return written
