"""The curated ontology (the Turtle files of the repository's ``ontology/`` directory).

- `marxkg.ontology.load`: loading (rebased under ``--base``), labels, concepts, schemes and
  the resolution of evidence quotes to sentences;
- `marxkg.ontology.canonical`: the canonical Turtle form of the data files
  (``marxkg ontology fmt [--check]``).

The names of `load` are re-exported here (``from marxkg.ontology import load_ontology``).
"""

from marxkg.ontology.load import (
    LABEL_KINDS,
    SHAPES_FILE,
    Label,
    OntologyError,
    concepts,
    labels,
    load_ontology,
    load_shapes,
    ontology_files,
    ontology_hash,
    pref_label,
    resolve_evidence,
    scheme_of,
)

__all__ = [
    "LABEL_KINDS",
    "SHAPES_FILE",
    "Label",
    "OntologyError",
    "concepts",
    "labels",
    "load_ontology",
    "load_shapes",
    "ontology_files",
    "ontology_hash",
    "pref_label",
    "resolve_evidence",
    "scheme_of",
]
