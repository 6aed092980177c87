"""Options shared by several commands."""

from __future__ import annotations

import typer

CorpusOpt = typer.Option(None, "--corpus", help="Corpus directory (default: corpus/).")
OntologyOpt = typer.Option(None, "--ontology", help="Ontology directory (default: ontology/).")
OutOpt = typer.Option(None, "--out", help="Output directory (default: build/).")
