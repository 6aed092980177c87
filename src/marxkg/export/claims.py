"""``marxkg claims``: a document's quantitative claims as CSV, JSON or a text table.

Reads the claims layer from the build (``build/<doc-id>/document.json``); pure ``dumps_*``
functions over flat rows, chosen through `CLAIM_FORMATS`.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from marxkg import paths

#: The fields of a claim's source, beside the claim's own in every row.
SOURCE_COLUMNS = (
    "resolution",
    "footnote",
    "label",
    "group",
    "kind",
    "characterization",
    "reference",
    "title",
)
COLUMNS = (
    "n",
    "sentence",
    "printed",
    "value",
    "unit",
    "qualifier",
    "subject",
    "indicator",
    "place",
    "time",
    *SOURCE_COLUMNS,
)


class ClaimsError(ValueError):
    """The build or the document asked for is missing or has no claims layer."""


def read_claims(out: Path, doc_id: str) -> list[dict[str, Any]]:
    """The claims of ``doc_id`` as stored in ``<out>/<doc_id>/document.json``."""
    path = paths.doc_build_dir(out, doc_id) / paths.DOC_FILES["document"]
    if not path.is_file():
        known = (
            sorted(p.name for p in out.iterdir() if (p / paths.DOC_FILES["document"]).is_file())
            if out.is_dir()
            else []
        )
        hint = (
            f" (documents in {out}: {', '.join(known)})"
            if known
            else f" (run `marxkg build` first; no documents in {out})"
        )
        raise ClaimsError(f"no document {doc_id!r}{hint}")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ClaimsError(f"{path}: cannot read: {exc}") from None
    if "claims" not in data:
        raise ClaimsError(f"{path}: no claims layer (rebuild with `marxkg build --force`)")
    return list(data["claims"])


def claim_row(claim: dict[str, Any]) -> dict[str, Any]:
    """One flat row: the range as ``low..high``, the source's fields beside the claim's."""
    src = claim.get("source") or {}
    value = (
        claim["value"]
        if claim.get("value") is not None
        else f"{claim.get('value_min')}..{claim.get('value_max')}"
    )
    row = {k: claim.get(k) for k in COLUMNS if k in claim}
    row["value"] = value
    for k in SOURCE_COLUMNS:
        row[k] = src.get(k)
    return {k: row.get(k) for k in COLUMNS}


def dumps_claims_csv(rows: list[dict[str, Any]]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "" if v is None else v for k, v in row.items()})
    return buf.getvalue()


def dumps_claims_json(rows: list[dict[str, Any]]) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=1) + "\n"


TABLE_COLUMNS = (
    "n",
    "printed",
    "value",
    "unit",
    "qualifier",
    "resolution",
    "footnote",
    "label",
    "kind",
    "title",
)


def _width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _cell(value: Any, limit: int = 28) -> str:
    text = "" if value is None else str(value)
    out, width = "", 0
    for ch in text:
        w = _width(ch)
        if width + w > limit:
            return out + "…"
        out, width = out + ch, width + w
    return out


def dumps_claims_table(rows: list[dict[str, Any]]) -> str:
    cells = [[_cell(c) for c in TABLE_COLUMNS]] + [
        [_cell(r[c]) for c in TABLE_COLUMNS] for r in rows
    ]
    widths = [max(_width(line[i]) for line in cells) for i in range(len(TABLE_COLUMNS))]
    lines = []
    for k, line in enumerate(cells):
        lines.append(
            "  ".join(c + " " * (w - _width(c)) for c, w in zip(line, widths, strict=True)).rstrip()
        )
        if k == 0:
            lines.append("  ".join("-" * w for w in widths))
    unsourced = sum(r["resolution"] == "unsourced" for r in rows)
    lines.append(f"({len(rows)} claims, {unsourced} unsourced)")
    return "\n".join(lines) + "\n"


CLAIM_FORMATS: dict[str, Callable[[list[dict[str, Any]]], str]] = {
    "table": dumps_claims_table,
    "csv": dumps_claims_csv,
    "json": dumps_claims_json,
}


def dumps_claims(out: Path, doc_id: str, fmt: str = "table") -> str:
    """The claims of one built document in one of `CLAIM_FORMATS`."""
    if fmt not in CLAIM_FORMATS:
        raise ClaimsError(f"unknown format {fmt!r} (choose from {', '.join(CLAIM_FORMATS)})")
    return CLAIM_FORMATS[fmt]([claim_row(c) for c in read_claims(out, doc_id)])
