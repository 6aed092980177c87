"""``build/<doc-id>/document.json``: the whole `Document` as JSON."""

from __future__ import annotations

import json
from pathlib import Path

from marxkg.atomic import write_text
from marxkg.model import Document


def dumps_document(doc: Document) -> str:
    return json.dumps(doc.to_dict(), ensure_ascii=False, indent=1) + "\n"


def write_document(doc: Document, path: Path) -> None:
    write_text(path, dumps_document(doc))
