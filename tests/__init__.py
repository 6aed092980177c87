"""marxkg tests.

Named fixtures reused across the suite:

- ``FIXTURE_PAPER``: a small hand-made paper in the accepted layout (two parts, a page
  break with a footnote block splitting the word 人口, a funding note and three
  footnotes, one listing two pages for two quotations).
- ``VARIANTS``: the same paper with bare ``①`` markers, with ``[1]`` markers, encoded in
  GB18030, and with a UTF-8 BOM and CRLF line ends.
- ``FIXTURE_ONTOLOGY``: a tiny bilingual SKOS ontology (seven concepts, three schemes, one
  correspondence, one evidence quote) matching the fixture paper.
- ``PAPER``: the real corpus document (徐景一), ``PAPER_ID`` its document id.
- ``tests/variants.py``: the real paper laid out as other journals, web pages and
  converters print it (issue 11), generated deterministically in memory
  (``python -m tests.variants OUT`` writes them out); ``tests/pdf_layouts.py`` typesets it
  to PDF (reportlab) with per-page footnotes or endnotes.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
FIXTURE_PAPER = DATA / "fixture-paper" / "source.md"
FIXTURE_ONTOLOGY = DATA / "fixture-ontology"
VARIANTS = {p.stem: p for p in sorted((DATA / "variants").glob("*.md"))}
PAPER_ID = "xu-jingyi-machinery-ai"
PAPER = ROOT / "corpus" / PAPER_ID / "source.md"
ONTOLOGY = ROOT / "ontology"
