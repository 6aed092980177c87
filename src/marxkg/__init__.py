"""marxkg: a bilingual, concept-annotated, citation-linked knowledge graph of Chinese
political-economy scholarship."""

__version__ = "0.1.0"
