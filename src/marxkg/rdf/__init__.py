"""rdflib/Oxigraph plumbing below every stage: the vocabulary of `marxkg.vocab` as rdflib
terms (`marxkg.rdf.namespaces`) and deterministic Turtle/JSON-LD (`marxkg.rdf.serialize`)."""
